package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.DayOfWeek
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime

/**
 * Routines at the seam: built from typed values (a `LocalDateTime` first start,
 * `DayOfWeek`s, `LocalTime`s, `LocalDate`s), giving them back, and their blocks, calls,
 * to-dos and rotation weeks as core's records. What the routines compute is core's,
 * checked by the routine scenario's conformance test.
 */
class RoutineTest {
    private val tuesday = LocalDate.of(2026, 11, 24)

    @Test
    fun `a routine gives back what it was built from`() {
        val first = LocalDateTime.of(2026, 11, 23, 16, 0)
        Routine(RoutineKind.CUSTOM, "Pipeline review", "Europe/Paris", first, " rrule:freq=weekly;byday=MO ", 45u).use { r ->
            assertEquals(listOf("Pipeline review", "Europe/Paris", "FREQ=WEEKLY;BYDAY=MO"), listOf(r.name(), r.timeZone(), r.rrule()))
            assertEquals(first, r.firstStart())
            assertEquals(45u, r.durationMinutes())
            assertNull(r.businessCalendar())
            Routine.fromJson(r.toJson()).use { assertEquals(r, it) }
            BusinessCalendar.usFederal().use { federal ->
                r.onBusinessDays(federal).use { onDays ->
                    onDays.businessCalendar()!!.use { assertEquals(federal, it) }
                    assertNotEquals(r, onDays)
                }
            }
        }
        Routine.powerHour("America/New_York", tuesday, listOf(DayOfWeek.THURSDAY, DayOfWeek.TUESDAY), LocalTime.of(10, 0)).use { ph ->
            assertEquals(RoutineKind.POWER_HOUR, ph.kind())
            assertEquals(LocalDateTime.of(tuesday, LocalTime.of(10, 0)), ph.firstStart())
            val block = ph.blocks(Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-25T00:00:00Z")).single()
            assertEquals(Block("Power Hour", RoutineKind.POWER_HOUR, "America/New_York", Instant.parse("2026-11-24T15:00:00Z"), Instant.parse("2026-11-24T16:00:00Z"), tuesday), block)
            val stamp = Instant.parse("2026-11-20T12:00:00Z")
            assertEquals(toIcalendar(listOf(), listOf(block), listOf(), stamp), toIcalendar(listOf(), listOf(block.copy()), listOf(), stamp))
        }
        BusinessCalendar.usFederal().use { federal ->
            val (morning, evening) = bookends("America/Chicago", LocalDate.of(2026, 11, 21), LocalTime.of(8, 0), LocalTime.of(17, 0), 15u, federal)
            assertEquals(LocalDateTime.of(2026, 11, 23, 17, 0), evening.firstStart())
            listOf(morning, evening).forEach { it.close() }
        }
        assertEquals("weekdays", assertThrows<CallwiseException.InvalidArgument> { Routine.powerHour("UTC", tuesday, listOf(), LocalTime.of(10, 0)) }.name)
    }

    @Test
    fun `calls, to-dos and rotation weeks are core's records`() {
        Book.fromJson(Fixtures.sampleBook).use { book ->
            val call = birthdayCalls(book, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31), LeapDay.FEB28).first()
            assertEquals(book.contact(call.contactId)!!.timeZone, call.timeZone)
            assertEquals(CallDue.Date(call.date), callTodoForBirthday(call).due)
            val batch = renewalBatches(book, tuesday, tuesday.plusYears(1), 45u).first()
            assertEquals(1, batch.month.dayOfMonth)
            val renewal = batch.calls.first()
            assertEquals(renewal.termEnd.minusDays(45), renewal.callOn)
            assertEquals(CallDue.Date(renewal.callOn), callTodoForRenewal(renewal).due)
        }
        val todo = callTodoForBirthday(BirthdayCall("con 7", "acc-1", LocalDate.of(2027, 2, 28), "America/Chicago"))
        assertEquals(CallTodo("birthday-con%207-20270228@callwise", "Birthday call: contact con 7 (account acc-1)", CallDue.Date(LocalDate.of(2027, 2, 28))), todo)
        ZoneRotation(listOf("east-1", "east-2"), LocalDate.of(2026, 11, 23), 28u).use { rot ->
            assertEquals(LocalDate.of(2026, 11, 23), rot.firstWeek())
            assertEquals(28u, rot.meetingLeadDays())
            assertEquals("east-2", rot.zoneFor(LocalDate.of(2026, 12, 1)))
            assertEquals(RotationWeek(LocalDate.of(2026, 11, 23), "east-1", LocalDate.of(2026, 12, 21)), rot.weeks(tuesday, 1u).single())
            ZoneRotation(listOf("east-1", "east-2"), LocalDate.of(2026, 11, 23), 28u).use { assertEquals(rot, it) }
        }
        assertEquals("first_week", assertThrows<CallwiseException.InvalidArgument> { ZoneRotation(listOf("a"), tuesday, 28u) }.name)
        assertTrue(toIcalendar(listOf(), listOf(), listOf(todo), Instant.EPOCH).contains("DUE;VALUE=DATE:20270228\r\n"))
    }
}
