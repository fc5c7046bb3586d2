package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Instant

/**
 * "Can I call this person now?" through the binding: the seam (types, errors, instants
 * out of range refused, not panicking) of core's calling rules and business calendars.
 * The verdicts themselves are the shared scenario's (`CallingConformanceTest`).
 */
class CallingTest {
    private fun at(text: String): Instant = Instant.parse(text)

    @Test
    fun `an unknown zone is refused, or judged by a fallback, with core's errors`() {
        CallingRules.default().use { rules ->
            val e = assertThrows<CallwiseException.UnknownTimeZone> { rules.check("Atlantis/Capital", at("2026-11-24T15:00:00Z")) }
            assertEquals("Atlantis/Capital", e.zone)
            rules.withUnknownZoneFallback(listOf("America/New_York", "Pacific/Honolulu")).use { fallback ->
                assertFalse(fallback.check("Atlantis/Capital", at("2026-11-24T13:30:00Z")).allowed)
            }
            assertEquals("Nowhere", assertThrows<CallwiseException.UnknownTimeZone> { rules.withUnknownZoneFallback(listOf("Nowhere")) }.zone)
            val empty = assertThrows<CallwiseException.InvalidRule> { rules.withUnknownZoneFallback(listOf()) }
            assertEquals("unknown-zone policy", empty.what)
            assertThrows<CallwiseException.UnknownTimeZone> { rules.windowFor("Mars/Base") }
        }
    }

    @Test
    fun `bad windows caps and weekdays are refused with core's errors`() {
        CallingRules.default().use { rules ->
            val backwards = assertThrows<CallwiseException.InvalidRule> { rules.withWindow("21:00", "08:00") }
            assertEquals("calling window", backwards.what)
            assertTrue(backwards.reason.isNotEmpty())
            assertEquals("calling window", assertThrows<CallwiseException.InvalidRule> { rules.withWindow("8am", "21:00") }.what)
            val zero = assertThrows<CallwiseException.InvalidRule> { rules.withCaps(0L, null) }
            assertEquals("frequency cap", zero.what)
            assertEquals("per_contact_per_week", assertThrows<CallwiseException.InvalidArgument> { rules.withCaps(-1L, null) }.name)
            assertEquals("per_account_per_day", assertThrows<CallwiseException.InvalidArgument> { rules.withCaps(null, 1L shl 40) }.name)
            val day = assertThrows<CallwiseException.InvalidArgument> { rules.withQuietDays(listOf("Sun", "Funday")) }
            assertEquals("days", day.name)
            assertTrue(day.reason.startsWith("row 1: "), day.reason)
            // The rules asked of are unchanged by every refusal.
            assertEquals(LocalWindow("08:00", "21:00"), rules.window())
            assertEquals(Caps(null, null), rules.caps())
            assertFalse(rules.consentRequired())
        }
    }

    @Test
    fun `instants outside the years 0000 to 9999 are refused, not a crash`() {
        CallingRules.default().use { rules ->
            for (t in listOf(Instant.MAX, Instant.MIN, at("+10000-01-01T00:00:00Z"), at("-0001-12-31T23:59:59Z"))) {
                val e = assertThrows<CallwiseException.InvalidArgument>(t.toString()) { rules.check("America/New_York", t) }
                assertEquals("at", e.name)
            }
            // The edges themselves are fine.
            rules.check("America/New_York", at("9999-12-31T23:59:59.999999999Z"))
            rules.check("Pacific/Honolulu", at("0000-01-01T00:00:00Z"))
        }
        BusinessCalendar.usFederal().use { cal ->
            assertThrows<CallwiseException.InvalidArgument> { cal.nextBusinessInstant(Instant.MAX, "America/New_York", "09:00", "17:00") }
        }
    }

    @Test
    fun `regions are typed records, checked by core`() {
        val florida = RegionRule("Florida", listOf("America/New_York"), LocalWindow("07:00", "20:00"), listOf("Sun"))
        CallingRules.default().use { base ->
            base.withRegion(florida).use { rules ->
                assertEquals(ZoneRules(LocalWindow("08:00", "20:00"), listOf("Sun")), rules.windowFor("America/New_York"))
                assertEquals(ZoneRules(LocalWindow("08:00", "21:00"), listOf()), rules.windowFor("America/Chicago"))
                val twice = RegionRule("Again", listOf("America/New_York"), LocalWindow("09:00", "17:00"))
                assertTrue(assertThrows<CallwiseException.InvalidRule> { rules.withRegion(twice) }.what.contains("Again"))
            }
            val night = RegionRule("Night", listOf("America/Chicago"), LocalWindow("21:00", "23:00"))
            assertThrows<CallwiseException.InvalidRule> { base.withRegion(night) }
            val nowhere = RegionRule("Nowhere", listOf("Nope/Nope"), LocalWindow("09:00", "20:00"))
            assertEquals("Nope/Nope", assertThrows<CallwiseException.UnknownTimeZone> { base.withRegion(nowhere) }.zone)
        }
    }

    @Test
    fun `rules round trip through json and bad json is a json error`() {
        CallingRules.default().withQuietDays(listOf("Sun")).withCaps(3L, 5L).withConsentRequired(true).use { rules ->
            assertEquals(Caps(3L, 5L), rules.caps())
            assertTrue(rules.consentRequired())
            CallingRules.fromJson(rules.toJson()).use { again ->
                assertEquals(rules, again)
                assertEquals(rules.toJson(), again.toJson())
            }
            CallingRules.default().use { assertFalse(rules == it) }
        }
        for (bad in listOf(
            """{"window": {"start": "21:00", "end": "08:00"}}""",
            """{"window": {"start": "08:00", "end": "21:00"}, "max_attempts_per_contact_per_week": 0}""",
            """{"window": {"start": "08:00", "end": "21:00"}, "surprise": true}""",
        )) {
            assertThrows<CallwiseException.Json>(bad) { CallingRules.fromJson(bad) }
        }
    }

    @Test
    fun `book can call refuses an unknown contact`() {
        Book.fromJson(Fixtures.callingBook).use { book ->
            CallingRules.default().use { rules ->
                val e = assertThrows<CallwiseException.NotFound> { book.canCall("nobody", at("2026-11-24T17:00:00Z"), rules) }
                assertEquals("contact", e.kind)
                assertEquals("nobody", e.id)
                assertEquals(Verdict(false, BlockRule.DO_NOT_CALL, null), book.canCall("con-ny-dnc", at("2026-11-24T17:00:00Z"), rules))
            }
        }
    }

    @Test
    fun `us federal holidays and business day arithmetic`() {
        BusinessCalendar.usFederal().use { cal ->
            val days = cal.holidaysBetween("2026-01-01", "2026-12-31")
            assertEquals(
                listOf(
                    "2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-07-03",
                    "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25",
                ),
                days.map { it.date },
            )
            assertEquals(Holiday("2026-11-26", "Thanksgiving Day"), days[9])
            assertEquals("New Year's Day", cal.holiday("2027-12-31"))
            assertNull(cal.holiday("2028-01-01"))
            assertNull(cal.holiday("2020-06-19"))
            assertFalse(cal.isBusinessDay("2026-11-28"))
            assertTrue(cal.isBusinessDay("2026-11-27"))
            assertEquals("2026-12-28", cal.addBusinessDays("2026-12-24", 1))
            assertEquals("2026-12-24", cal.addBusinessDays("2026-12-28", -1))
            assertEquals("2026-12-28", cal.rollForward("2026-12-25"))
            assertEquals("n", assertThrows<CallwiseException.InvalidArgument> { cal.addBusinessDays("2026-12-28", 100_001) }.name)
            assertEquals("date", assertThrows<CallwiseException.InvalidArgument> { cal.isBusinessDay("2026-02-30") }.name)
            assertEquals("to", assertThrows<CallwiseException.InvalidArgument> { cal.holidaysBetween("2026-01-01", "2026-1-31") }.name)
            assertEquals(listOf("Sat", "Sun"), cal.weekendDays())
            assertEquals(11, cal.rules().size)
            assertEquals(
                HolidayRule.NthWeekday("Thanksgiving Day", 11L, "Thu", 4L),
                cal.rules().first { it is HolidayRule.NthWeekday && it.name == "Thanksgiving Day" },
            )
            // The typed rules rebuild the same calendar.
            BusinessCalendar(cal.weekendDays(), cal.rules()).use { again -> assertEquals(cal, again) }
        }
        BusinessCalendar.weekendsOnly().use { assertTrue(it.isBusinessDay("2026-12-25")) }
    }

    @Test
    fun `business instants and hours across holidays and spring forward`() {
        BusinessCalendar.usFederal().use { cal ->
            // Wednesday 25 November 2026, 18:00 in Chicago: Thanksgiving is next, then Friday 09:00.
            assertEquals(at("2026-11-27T15:00:00Z"), cal.nextBusinessInstant(at("2026-11-26T00:00:00Z"), "America/Chicago", "09:00", "17:00"))
            // Friday 16:00 + 4 business hours: one on Friday, three on Monday.
            assertEquals(at("2026-11-23T17:00:00Z"), cal.addBusinessHours(at("2026-11-20T21:00:00Z"), "America/New_York", "09:00", "17:00", 4))
            // Friday 6 March 16:00 EST + 2: one on Friday, one on Monday 9 March (EDT).
            assertEquals(at("2026-03-09T14:00:00Z"), cal.addBusinessHours(at("2026-03-06T21:00:00Z"), "America/New_York", "09:00", "17:00", 2))
            assertEquals("hours", assertThrows<CallwiseException.InvalidArgument> {
                cal.addBusinessHours(at("2026-03-06T21:00:00Z"), "America/New_York", "09:00", "17:00", -1)
            }.name)
            assertThrows<CallwiseException.UnknownTimeZone> { cal.nextBusinessInstant(at("2026-11-26T00:00:00Z"), "Mars/Base", "09:00", "17:00") }
            assertThrows<CallwiseException.InvalidRule> { cal.nextBusinessInstant(at("2026-11-26T00:00:00Z"), "America/Chicago", "17:00", "09:00") }
        }
    }

    @Test
    fun `calendars round trip through json and bad json is a json error`() {
        BusinessCalendar.usFederal().use { cal ->
            BusinessCalendar.fromJson(cal.toJson()).use { again ->
                assertEquals(cal, again)
                assertEquals(cal.toJson(), again.toJson())
            }
        }
        BusinessCalendar.fromJson("""{"weekend": ["Fri", "Sat"], "holidays": [{"rule": "once", "name": "Offsite", "date": "2026-12-01"}]}""").use { cal ->
            assertEquals(listOf("Fri", "Sat"), cal.weekendDays())
            assertEquals(listOf(HolidayRule.Once("Offsite", "2026-12-01")), cal.rules())
        }
        for (bad in listOf(
            """{"weekend": []""",
            """{"weekend": ["Caturday"], "holidays": []}""",
            """{"weekend": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], "holidays": []}""",
        )) {
            assertThrows<CallwiseException.Json>(bad) { BusinessCalendar.fromJson(bad) }
        }
    }

    @Test
    fun `calendars from data are checked by core`() {
        BusinessCalendar(listOf("Fri", "Sat"), listOf()).use { gulf ->
            assertTrue(gulf.isBusinessDay("2026-11-29")) // a Sunday
            assertEquals(listOf("Fri", "Sat"), gulf.weekendDays())
        }
        val founders = HolidayRule.Once("Founders' Day", "2026-05-01")
        val july4 = HolidayRule.Fixed("Independence Day", 7L, 4L, Observance.NEAREST_WEEKDAY, null)
        BusinessCalendar(listOf("Sat", "Sun"), listOf(founders, july4)).use { cal ->
            assertEquals("Founders' Day", cal.holiday("2026-05-01"))
            assertEquals("Independence Day", cal.holiday("2026-07-03"))
        }
        val week = listOf("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        assertEquals("business calendar", assertThrows<CallwiseException.InvalidRule> { BusinessCalendar(week, listOf()) }.what)
        val leap = HolidayRule.Fixed("Leap", 2L, 29L, Observance.ACTUAL, null)
        assertThrows<CallwiseException.InvalidRule> { BusinessCalendar(listOf("Sat", "Sun"), listOf(leap)) }
        val fifth = HolidayRule.NthWeekday("Fifth", 1L, "Mon", 5L)
        assertThrows<CallwiseException.InvalidRule> { BusinessCalendar(listOf("Sat", "Sun"), listOf(fifth)) }
        assertEquals("weekend", assertThrows<CallwiseException.InvalidArgument> { BusinessCalendar(listOf("Caturday"), listOf()) }.name)
        val huge = HolidayRule.Fixed("Huge", 1L shl 40, 1L, Observance.ACTUAL, null)
        assertEquals("month", assertThrows<CallwiseException.InvalidArgument> { BusinessCalendar(listOf(), listOf(huge)) }.name)
    }
}
