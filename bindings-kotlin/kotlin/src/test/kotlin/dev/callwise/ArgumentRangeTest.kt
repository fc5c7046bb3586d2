package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Instant

/**
 * Every `Long` and `Instant` argument of the calling, calendar, cadence and routine API,
 * at the extremes Kotlin can pass, is a typed `CallwiseException` naming the argument,
 * never a crash: a panic in the native library would abort the app.
 */
class ArgumentRangeTest {
    private fun at(text: String): Instant = Instant.parse(text)

    private val extremes = listOf(Long.MIN_VALUE, Long.MAX_VALUE)

    private fun invalid(name: String, call: () -> Unit) {
        val e = assertThrows<CallwiseException.InvalidArgument>(name) { call() }
        assertEquals(name, e.name, e.reason)
    }

    @Test
    fun `long arguments out of core's range are invalid arguments naming them`() {
        BusinessCalendar.usFederal().use { cal ->
            CallingRules.default().use { rules ->
                for (n in extremes) {
                    invalid("per_contact_per_week") { rules.withCaps(n, null) }
                    invalid("per_account_per_day") { rules.withCaps(null, n) }
                    invalid("month") { BusinessCalendar(listOf(), listOf(HolidayRule.Fixed("x", n, 1L, Observance.ACTUAL, null))) }
                    invalid("day") { BusinessCalendar(listOf(), listOf(HolidayRule.Fixed("x", 1L, n, Observance.ACTUAL, null))) }
                    invalid("month") { BusinessCalendar(listOf(), listOf(HolidayRule.NthWeekday("x", n, "Mon", 1L))) }
                    invalid("nth") { BusinessCalendar(listOf(), listOf(HolidayRule.NthWeekday("x", 1L, "Mon", n))) }
                    invalid("n") { cal.addBusinessDays("2026-11-24", n) }
                    invalid("hours") { cal.addBusinessHours(at("2026-11-24T15:00:00Z"), "UTC", "09:00", "17:00", n) }
                    val step = Step("s", StepKind.EMAIL, Wait(WaitUnit.BUSINESS_DAYS, 1L), variants = listOf(Variant("a", n)))
                    invalid("weight") { Playbook(cal, LocalWindow("09:00", "17:00"), listOf(Cadence("c", "C", listOf(step)))) }
                    invalid("duration_minutes") { Routine(RoutineKind.CUSTOM, "x", "UTC", "2026-11-24T10:00:00", "FREQ=DAILY", n) }
                    invalid("minutes") { Routine.crankathon("UTC", "2026-11-24", listOf("Tue"), "10:00", n) }
                    invalid("minutes") { bookends("UTC", "2026-11-23", "08:00", "17:00", n, cal) }
                    invalid("meeting_lead_days") { ZoneRotation(listOf("a"), "2026-11-23", n) }
                    ZoneRotation(listOf("a"), "2026-11-23", 28L).use { rot -> invalid("count") { rot.weeks("2026-11-23", n) } }
                }
                // A wait is core's own i64: its range is a rule of the cadence.
                for (n in extremes) {
                    val step = Step("s", StepKind.EMAIL, Wait(WaitUnit.CALENDAR_DAYS, n))
                    val e = assertThrows<CallwiseException.InvalidRule> { Playbook(cal, LocalWindow("09:00", "17:00"), listOf(Cadence("c", "C", listOf(step)))) }
                    assertEquals("wait", e.what)
                }
            }
        }
        Book.fromJson(Fixtures.sampleBook).use { book ->
            for (n in extremes) invalid("lead_days") { renewalBatches(book, "2026-11-24", "2027-11-23", n) }
        }
    }

    @Test
    fun `instant arguments outside the years 0000 to 9999 are invalid arguments naming them`() {
        val fine = at("2026-11-24T15:00:00Z")
        val enrollment = Enrollment("e", "new-member", "con-ny-1", "acc-ny", "rep-a", "America/New_York", at("2026-11-23T14:00:00Z"))
        for (t in listOf(Instant.MIN, Instant.MAX, at("+10000-01-01T00:00:00Z"), at("-0001-12-31T23:59:59.999999999Z"))) {
            Book.fromJson(Fixtures.callingBook).use { book ->
                CallingRules.default().use { rules -> invalid("at") { book.canCall("con-ny-1", t, rules) } }
                invalid("enrolled_at") { enrollmentForContact(book, "e", "old-nos", "con-ny-1", "rep-a", t) }
            }
            BusinessCalendar.usFederal().use { cal ->
                invalid("at") { cal.nextBusinessInstant(t, "UTC", "09:00", "17:00") }
                invalid("at") { cal.addBusinessHours(t, "UTC", "09:00", "17:00", 1L) }
            }
            Scenario.playbook().use { playbook ->
                invalid("enrolled_at") { playbook.replay(enrollment.copy(enrolledAt = t), listOf()) }
                playbook.start(enrollment).use { state ->
                    invalid("event") { playbook.apply(state, CadenceEvent.Paused(fine, t)) }
                    invalid("event") { playbook.apply(state, CadenceEvent.Exit(t, ExitReason.OPTED_OUT)) }
                }
            }
            Routine(RoutineKind.CUSTOM, "x", "UTC", "2026-11-24T10:00:00", "FREQ=DAILY", 30L).use { r ->
                invalid("from") { r.blocks(t, fine) }
                invalid("to") { r.blocks(fine, t) }
                val block = r.blocks(fine, fine.plusSeconds(86_400L)).single()
                invalid("start") { toIcalendar(listOf(), listOf(block.copy(start = t)), listOf(), fine) }
                invalid("end") { toIcalendar(listOf(), listOf(block.copy(end = t)), listOf(), fine) }
                invalid("due") { toIcalendar(listOf(), listOf(), listOf(CallTodo("u", "s", CallDue.At(t))), fine) }
                invalid("stamp") { toIcalendar(listOf(r), listOf(), listOf(), t) }
            }
        }
    }
}
