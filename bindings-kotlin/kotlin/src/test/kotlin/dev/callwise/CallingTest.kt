package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.DayOfWeek
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime

/**
 * Calling rules and business calendars at the seam: core's `Verdict` as a sealed class,
 * windows, weekdays, dates and rules as typed values going in and coming back, objects
 * equal by core's `==` and through their JSON. What the rules answer is core's, checked
 * by the cadence scenario's conformance test.
 */
class CallingTest {
    private fun window(from: Int, to: Int) = LocalWindow(LocalTime.of(from, 0), LocalTime.of(to, 0))

    @Test
    fun `a verdict is a sealed class to match on`() {
        CallingRules.default().use { rules ->
            // 01:30 in New York on the spring-forward night; the window opens at 08:00 EDT.
            val blocked = rules.check("America/New_York", Instant.parse("2026-03-08T06:30:00Z"))
            assertEquals(Verdict.Blocked(BlockRule.OUTSIDE_WINDOW, Instant.parse("2026-03-08T12:00:00Z")), blocked)
            val next = when (blocked) {
                is Verdict.Allowed -> null
                is Verdict.Blocked -> blocked.nextAllowed
            }
            assertEquals(Verdict.Allowed, rules.check("America/New_York", next!!))
        }
        Book.fromJson(Fixtures.callingBook).use { book ->
            CallingRules.default().use { rules ->
                assertEquals(Verdict.Blocked(BlockRule.DO_NOT_CALL, null), book.canCall("con-ny-dnc", Instant.parse("2026-11-24T17:00:00Z"), rules))
            }
        }
    }

    @Test
    fun `typed rules go in and come back`() {
        val florida = RegionRule("Florida", listOf("America/New_York"), window(7, 20), listOf(DayOfWeek.SUNDAY))
        val rules = CallingRules.default().withRegion(florida).withQuietDays(listOf(DayOfWeek.SATURDAY)).withCaps(3u, null)
        rules.use {
            assertEquals(ZoneRules(window(8, 20), listOf(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)), it.windowFor("America/New_York"))
            assertEquals(window(8, 21), it.window())
            assertEquals(Caps(3u, null), it.caps())
            assertFalse(it.consentRequired())
            CallingRules.fromJson(it.toJson()).use { again -> assertEquals(it, again) }
            CallingRules.default().use { plain -> assertFalse(it == plain) }
        }
        // A region's quiet days may be left out.
        assertEquals(listOf<DayOfWeek>(), RegionRule("x", listOf(), window(9, 17)).quietDays)
        CallingRules.default().withWindow(window(21, 22)).use { night ->
            assertThrows<CallwiseException.InvalidRule> { night.withRegion(florida) }
        }
    }

    @Test
    fun `a calendar gives its typed rules back and rebuilds from them`() {
        BusinessCalendar.usFederal().use { cal ->
            assertEquals(listOf(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), cal.weekendDays())
            assertEquals(
                HolidayRule.NthWeekday("Thanksgiving Day", 11u, DayOfWeek.THURSDAY, 4),
                cal.rules().first { it is HolidayRule.NthWeekday && it.name == "Thanksgiving Day" },
            )
            BusinessCalendar(cal.weekendDays(), cal.rules()).use { again -> assertEquals(cal, again) }
            BusinessCalendar.fromJson(cal.toJson()).use { again -> assertEquals(cal, again) }
            val thanksgiving = LocalDate.of(2026, 11, 26)
            assertEquals(Holiday(thanksgiving, "Thanksgiving Day"), cal.holidaysBetween(thanksgiving, thanksgiving).single())
            assertEquals("Thanksgiving Day", cal.holiday(thanksgiving))
            assertNull(cal.holiday(thanksgiving.plusDays(1)))
            assertEquals(LocalDate.of(2026, 11, 30), cal.addBusinessDays(thanksgiving, 2L))
            val next = cal.addBusinessHours(Instant.parse("2026-11-25T21:00:00Z"), "America/New_York", window(9, 17), 2u)
            assertEquals(Instant.parse("2026-11-27T15:00:00Z"), next) // 16:00 to 17:00 EST, then Friday 09:00 to 10:00
        }
        val offsite = HolidayRule.Once("Offsite", LocalDate.of(2026, 12, 1))
        val july4 = HolidayRule.Fixed("Independence Day", 7u, 4u, Observance.NEAREST_WEEKDAY, null)
        BusinessCalendar(listOf(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY), listOf(offsite, july4)).use { gulf ->
            assertEquals(listOf(offsite, july4), gulf.rules())
            assertTrue(gulf.isBusinessDay(LocalDate.of(2026, 11, 29))) // a Sunday
        }
        assertEquals("business calendar", assertThrows<CallwiseException.InvalidRule> { BusinessCalendar(DayOfWeek.entries, listOf()) }.what)
    }
}
