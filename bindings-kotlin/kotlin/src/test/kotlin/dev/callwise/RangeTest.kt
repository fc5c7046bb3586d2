package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.DayOfWeek
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime

/**
 * Every kind of value at the extremes Kotlin can pass is core's answer or a typed
 * `CallwiseException`, never a crash (a panic in the native library would abort the
 * app): unsigned and `Long` numbers reach core's own limits; instants and dates outside
 * the years 0000 to 9999, clock times with a fraction of a second and empty windows are
 * refused by core's checks as they cross, and the values at the edges come back intact.
 */
class RangeTest {
    private val day = LocalDate.of(2026, 11, 24)
    private val fine = Instant.parse("2026-11-24T15:00:00Z")
    private val window = LocalWindow(LocalTime.of(9, 0), LocalTime.of(17, 0))

    private fun invalid(name: String, call: () -> Unit) {
        val e = assertThrows<CallwiseException.InvalidArgument>(name) { call() }
        assertEquals(name, e.name, e.reason)
    }

    private fun rule(what: String, call: () -> Unit) {
        val e = assertThrows<CallwiseException.InvalidRule>(what) { call() }
        assertEquals(what, e.what, e.reason)
    }

    private fun playbook(cal: BusinessCalendar, step: Step) = Playbook(cal, window, listOf(Cadence("c", "C", listOf(step))))

    @Test
    fun `numbers at their extremes reach core's limits`() {
        BusinessCalendar.usFederal().use { cal ->
            for (n in listOf(Long.MIN_VALUE, Long.MAX_VALUE)) {
                invalid("n") { cal.addBusinessDays(day, n) }
                rule("wait") { playbook(cal, Step("s", StepKind.EMAIL, Wait(WaitUnit.CALENDAR_DAYS, n))) }
            }
            invalid("hours") { cal.addBusinessHours(fine, "UTC", window, UInt.MAX_VALUE) }
            rule("holiday rule \"x\"") { BusinessCalendar(listOf(), listOf(HolidayRule.Fixed("x", UInt.MAX_VALUE, 1u, Observance.ACTUAL, null))) }
            rule("holiday rule \"x\"") { BusinessCalendar(listOf(), listOf(HolidayRule.Fixed("x", 1u, UInt.MAX_VALUE, Observance.ACTUAL, Int.MIN_VALUE))) }
            for (nth in listOf(Byte.MIN_VALUE, Byte.MAX_VALUE)) {
                rule("holiday rule \"x\"") { BusinessCalendar(listOf(), listOf(HolidayRule.NthWeekday("x", 1u, DayOfWeek.MONDAY, nth))) }
            }
            val heavy = Step("s", StepKind.EMAIL, Wait(WaitUnit.BUSINESS_DAYS, 1L), variants = listOf(Variant("a", UInt.MAX_VALUE), Variant("b", UInt.MAX_VALUE)))
            playbook(cal, heavy).use { assertEquals(heavy, it.cadence("c")!!.steps.single()) }
            rule("routine") { Routine(RoutineKind.CUSTOM, "x", "UTC", LocalDateTime.of(2026, 11, 24, 10, 0), "FREQ=DAILY", UInt.MAX_VALUE) }
            rule("routine") { Routine.crankathon("UTC", day, listOf(DayOfWeek.TUESDAY), LocalTime.of(10, 0), UInt.MAX_VALUE) }
            rule("routine") { bookends("UTC", day, LocalTime.of(8, 0), LocalTime.of(17, 0), UInt.MAX_VALUE, cal) }
        }
        CallingRules.default().use { rules ->
            rules.withCaps(UInt.MAX_VALUE, UInt.MAX_VALUE).use { assertEquals(Caps(UInt.MAX_VALUE, UInt.MAX_VALUE), it.caps()) }
        }
        invalid("meeting_lead_days") { ZoneRotation(listOf("a"), LocalDate.of(2026, 11, 23), UInt.MAX_VALUE) }
        ZoneRotation(listOf("a"), LocalDate.of(2026, 11, 23), 28u).use { rot -> invalid("count") { rot.weeks(day, UInt.MAX_VALUE) } }
        Book.fromJson(Fixtures.sampleBook).use { book ->
            invalid("lead_days") { renewalBatches(book, day, day, UInt.MAX_VALUE) }
            invalid("lead_days") { renewalHistory(book, day, UInt.MAX_VALUE) }
        }
        invalid("bins") { calibrationTable(listOf(0.5), listOf(true), UInt.MAX_VALUE) }
        invalid("members") { sampleBook(ULong.MAX_VALUE, UInt.MAX_VALUE) }
    }

    @Test
    fun `instants outside the years 0000 to 9999 are refused as they cross`() {
        val outside = listOf(Instant.MIN, Instant.MAX, Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59.999999999Z"))
        CallingRules.default().use { rules ->
            for (t in outside) {
                invalid("instant") { rules.check("UTC", t) }
                invalid("instant") { toIcalendar(listOf(), listOf(), listOf(CallTodo("u", "s", CallDue.At(t))), fine) }
                Scenario.playbook().use { playbook ->
                    invalid("instant") { playbook.start(Enrollment("e", "new-member", "c", "a", "r", "UTC", t)) }
                }
            }
            // The edges themselves cross, both ways.
            rules.check("UTC", Instant.parse("0000-01-01T00:00:00Z"))
            val last = toIcalendar(listOf(), listOf(), listOf(CallTodo("u", "s", CallDue.At(Instant.parse("9999-12-31T23:59:59.999999999Z")))), fine)
            assertEquals(true, "DUE:99991231T235959Z" in last.split("\r\n"), last)
        }
        BusinessCalendar.usFederal().use { cal ->
            val first = Instant.parse("0000-01-03T10:00:00Z") // a Monday
            assertEquals(first, cal.nextBusinessInstant(first, "UTC", window))
        }
    }

    @Test
    fun `dates, clock times and local date-times outside what core reads are refused as they cross`() {
        BusinessCalendar.usFederal().use { cal ->
            for (d in listOf(LocalDate.MIN, LocalDate.MAX, LocalDate.of(10000, 1, 1), LocalDate.of(-1, 12, 31))) {
                invalid("date") { cal.isBusinessDay(d) }
            }
            // The years 0000 and 9999 are dates, both ways; an answer past 9999 is core's error.
            assertEquals(false, cal.isBusinessDay(LocalDate.of(0, 1, 1))) // a Saturday
            assertEquals(LocalDate.of(9999, 12, 30), cal.rollForward(LocalDate.of(9999, 12, 30)))
            invalid("date") { cal.addBusinessDays(LocalDate.of(9999, 12, 30), 5L) }
            invalid("time") { CallingRules.default().use { it.withWindow(LocalWindow(LocalTime.of(9, 0, 0, 5), LocalTime.of(17, 0))) } }
            rule("calling window") { CallingRules.default().use { it.withWindow(LocalWindow(LocalTime.of(17, 0), LocalTime.of(9, 0))) } }
            // Clock times keep their seconds; weekdays are java.time's, both ways.
            val late = LocalWindow(LocalTime.of(8, 0, 30), LocalTime.of(20, 59, 59))
            CallingRules.default().withWindow(late).withQuietDays(DayOfWeek.entries).use { rules ->
                assertEquals(late, rules.window())
                assertEquals(ZoneRules(late, DayOfWeek.entries), rules.windowFor("UTC"))
            }
            assertEquals(listOf(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), cal.weekendDays())
        }
        invalid("date_time") { Routine(RoutineKind.CUSTOM, "x", "UTC", LocalDateTime.of(2026, 11, 24, 10, 0, 0, 1), "FREQ=DAILY", 30u) }
        invalid("date_time") { Routine(RoutineKind.CUSTOM, "x", "UTC", LocalDateTime.of(10000, 1, 1, 10, 0), "FREQ=DAILY", 30u) }
        Routine(RoutineKind.CUSTOM, "x", "UTC", LocalDateTime.of(2026, 11, 24, 10, 0), "FREQ=DAILY", 30u).use {
            assertEquals(LocalDateTime.of(2026, 11, 24, 10, 0), it.firstStart())
        }
    }
}
