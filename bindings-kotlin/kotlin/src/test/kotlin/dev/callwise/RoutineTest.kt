package dev.callwise

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Duration
import java.time.Instant

/**
 * Routines through the binding: the seam (typed routines, blocks, calls and rotations;
 * core's errors as `CallwiseException.InvalidRule`, `.UnknownTimeZone`,
 * `.InvalidArgument`; texts read strictly) and the behaviour highlights of core's
 * routines (Power Hour keeping 10:00 in New York across the spring-forward, Lord Howe's
 * half-hour shift, gap and overlap starts, bookends skipping Thanksgiving, 29 February
 * birthdays under both leap policies, zone rotation, the iCalendar export).
 */
class RoutineTest {
    private fun at(text: String): Instant = Instant.parse(text)

    private fun starts(blocks: List<Block>): List<String> = blocks.map { it.start.toString() }

    private fun daily(zone: String, first: String) =
        Routine(RoutineKind.CUSTOM, "Daily", zone, first, "FREQ=DAILY", 30L)

    private fun book(): Book = Book.fromJson(Fixtures.sampleBook)

    /** The callable contacts of the fixture book born on 29 February, by id. */
    private fun leapDayContacts(): List<String> {
        val contacts = JSONObject(Fixtures.sampleBook).getJSONArray("contacts")
        return (0 until contacts.length()).map { contacts.getJSONObject(it) }.filter { c ->
            val b = c.optJSONObject("birthday")
            val denied = c.optJSONObject("consent")?.optString("call") == "denied"
            b != null && b.getInt("month") == 2 && b.getInt("day") == 29 && !c.optBoolean("do_not_call") && !denied
        }.map { it.getString("id") }.sorted()
    }

    @Test
    fun `a routine is built from texts and gives them back`() {
        Routine(RoutineKind.CUSTOM, "Pipeline review", "Europe/Paris", "2026-11-23T16:00:00", " rrule:freq=weekly;byday=MO ", 45L).use { r ->
            assertEquals("Pipeline review", r.name())
            assertEquals(RoutineKind.CUSTOM, r.kind())
            assertEquals("Europe/Paris", r.timeZone())
            assertEquals("2026-11-23T16:00:00", r.firstStart())
            assertEquals("FREQ=WEEKLY;BYDAY=MO", r.rrule())
            assertEquals(45L, r.durationMinutes())
            assertNull(r.businessCalendar())
            Routine(RoutineKind.CUSTOM, "Pipeline review", "Europe/Paris", "2026-11-23T16:00:00", "FREQ=WEEKLY;BYDAY=MO", 45L).use { same ->
                assertEquals(r, same)
            }
            BusinessCalendar.usFederal().use { federal ->
                r.onBusinessDays(federal).use { onDays ->
                    onDays.businessCalendar()!!.use { assertEquals(federal, it) }
                    assertNotEquals(r, onDays)
                    // The routine it came from is unchanged.
                    assertNull(r.businessCalendar())
                }
            }
        }
    }

    @Test
    fun `routines round trip through json and bad json is a json error`() {
        Routine.powerHour("America/Chicago", "2026-11-24", listOf("Tue", "Thu"), "10:00").use { plain ->
            BusinessCalendar.usFederal().use { federal ->
                plain.onBusinessDays(federal).use { r ->
                    Routine.fromJson(r.toJson()).use { again ->
                        assertEquals(r, again)
                        assertEquals(r.toJson(), again.toJson())
                    }
                }
            }
            Routine.fromJson(plain.toJson()).use { assertEquals(plain, it) }
        }
        val json = """{"name": "Standup", "kind": "custom", "time_zone": "UTC",
            "first_start": "2026-11-24T09:00:00", "rrule": "FREQ=DAILY", "duration_minutes": 15}"""
        Routine.fromJson(json).use { r ->
            Routine(RoutineKind.CUSTOM, "Standup", "UTC", "2026-11-24T09:00:00", "FREQ=DAILY", 15L).use { assertEquals(it, r) }
        }
        for (bad in listOf(
            """{"name": "x"}""",
            json.replace("2026-11-24T09:00:00", "2026-11-31T09:00:00"),
            json.replace("15}", "0}"),
            json.dropLast(1),
        )) {
            assertThrows<CallwiseException.Json>(bad) { Routine.fromJson(bad) }
        }
    }

    @Test
    fun `malformed rules, zones, durations and texts are refused by kind`() {
        val sometimes = assertThrows<CallwiseException.InvalidRule> {
            Routine(RoutineKind.CUSTOM, "Blitz", "America/Chicago", "2026-11-24T10:00:00", "FREQ=SOMETIMES", 90L)
        }
        assertEquals("RRULE", sometimes.what)
        val notFirst = assertThrows<CallwiseException.InvalidRule> {
            Routine(RoutineKind.CUSTOM, "Blitz", "America/Chicago", "2026-11-24T10:00:00", "FREQ=WEEKLY;BYDAY=MO", 90L)
        }
        assertEquals("RRULE", notFirst.what)
        val zone = assertThrows<CallwiseException.UnknownTimeZone> {
            Routine(RoutineKind.CUSTOM, "Blitz", "Mars/Olympus_Mons", "2026-11-24T10:00:00", "FREQ=DAILY", 90L)
        }
        assertEquals("Mars/Olympus_Mons", zone.zone)
        assertThrows<CallwiseException.UnknownTimeZone> {
            Routine.powerHour("Atlantis/Capital", "2026-11-24", listOf("Tue"), "10:00")
        }
        // A Crankathon lasts at most three hours, whichever way it is built.
        val long = assertThrows<CallwiseException.InvalidRule> {
            Routine.crankathon("America/Phoenix", "2026-11-23", listOf("Wed"), "14:00", 181L)
        }
        assertEquals("routine", long.what)
        assertThrows<CallwiseException.InvalidRule> {
            Routine(RoutineKind.CRANKATHON, "Blitz", "America/Phoenix", "2026-11-25T14:00:00", "FREQ=WEEKLY", 181L)
        }
        Routine.crankathon("America/Phoenix", "2026-11-23", listOf("Wed"), "14:00", 180L).use {
            assertEquals("2026-11-25T14:00:00", it.firstStart())
        }
        assertThrows<CallwiseException.InvalidRule> {
            Routine(RoutineKind.CUSTOM, "Blitz", "UTC", "2026-11-24T10:00:00", "FREQ=DAILY", 0L)
        }
        assertThrows<CallwiseException.InvalidRule> {
            Routine(RoutineKind.CUSTOM, "  ", "UTC", "2026-11-24T10:00:00", "FREQ=DAILY", 30L)
        }
        assertEquals("duration_minutes", assertThrows<CallwiseException.InvalidArgument> {
            Routine(RoutineKind.CUSTOM, "Blitz", "UTC", "2026-11-24T10:00:00", "FREQ=DAILY", -1L)
        }.name)
        for (bad in listOf("2026-11-24 10:00:00", "2026-11-24T10:00", "2026-11-24T10:00:00Z", "2026-11-31T10:00:00", "1800-01-01T10:00:00")) {
            val e = assertThrows<CallwiseException.InvalidArgument>(bad) {
                Routine(RoutineKind.CUSTOM, "Blitz", "UTC", bad, "FREQ=DAILY", 30L)
            }
            assertEquals("first_start", e.name)
        }
        assertEquals("weekdays", assertThrows<CallwiseException.InvalidArgument> {
            Routine.powerHour("UTC", "2026-11-24", listOf(), "10:00")
        }.name)
        assertEquals("weekdays", assertThrows<CallwiseException.InvalidArgument> {
            Routine.powerHour("UTC", "2026-11-24", listOf("Tue", "Someday"), "10:00")
        }.name)
        assertEquals("start", assertThrows<CallwiseException.InvalidArgument> {
            Routine.powerHour("UTC", "2026-11-24", listOf("Tue"), "10am")
        }.name)
        BusinessCalendar.usFederal().use { federal ->
            assertEquals("evening", assertThrows<CallwiseException.InvalidArgument> {
                bookends("UTC", "2026-11-23", "17:00", "08:00", 15L, federal)
            }.name)
        }
        daily("UTC", "2026-11-24T09:00:00").use { r ->
            assertEquals("from", assertThrows<CallwiseException.InvalidArgument> {
                r.blocks(at("2026-11-25T00:00:00Z"), at("2026-11-24T00:00:00Z"))
            }.name)
            // Instants core cannot hold are refused, not a crash.
            assertEquals("to", assertThrows<CallwiseException.InvalidArgument> {
                r.blocks(at("2026-11-24T00:00:00Z"), Instant.MAX)
            }.name)
            assertEquals(listOf<Block>(), r.blocks(at("2026-11-24T00:00:00Z"), at("2026-11-24T00:00:00Z")))
        }
    }

    @Test
    fun `power hour keeps ten o'clock in new york across the spring forward`() {
        Routine.powerHour("America/New_York", "2026-03-01", listOf("Thu", "Tue"), "10:00").use { ph ->
            assertEquals("Power Hour", ph.name())
            assertEquals(RoutineKind.POWER_HOUR, ph.kind())
            assertEquals("FREQ=WEEKLY;BYDAY=TU,TH", ph.rrule())
            assertEquals("2026-03-03T10:00:00", ph.firstStart())
            assertEquals(60L, ph.durationMinutes())
            val blocks = ph.blocks(at("2026-03-03T00:00:00Z"), at("2026-03-13T00:00:00Z"))
            assertEquals(
                listOf(
                    "2026-03-03T15:00:00Z", // EST
                    "2026-03-05T15:00:00Z",
                    "2026-03-10T14:00:00Z", // EDT from Sunday 8 March
                    "2026-03-12T14:00:00Z",
                ),
                starts(blocks),
            )
            assertTrue(blocks.all { Duration.between(it.start, it.end) == Duration.ofHours(1) })
            assertEquals(
                Block("Power Hour", RoutineKind.POWER_HOUR, "America/New_York", at("2026-03-10T14:00:00Z"), at("2026-03-10T15:00:00Z"), "2026-03-10"),
                blocks[2],
            )
        }
    }

    @Test
    fun `lord howe moves by half an hour`() {
        Routine.powerHour("Australia/Lord_Howe", "2026-03-01", listOf("Tue"), "10:00").use { ph ->
            // Daylight saving ends Sunday 5 April 2026 (+11:00 to +10:30), starts 4 October.
            assertEquals(
                listOf("2026-03-30T23:00:00Z", "2026-04-06T23:30:00Z"),
                starts(ph.blocks(at("2026-03-30T00:00:00Z"), at("2026-04-08T00:00:00Z"))),
            )
            val october = ph.blocks(at("2026-09-28T00:00:00Z"), at("2026-10-07T00:00:00Z"))
            assertEquals(listOf("2026-09-28T23:30:00Z", "2026-10-05T23:00:00Z"), starts(october))
            assertEquals("2026-10-06", october[1].localDate)
        }
    }

    @Test
    fun `a start in a gap is read with the offset before it, one in an overlap is the first`() {
        daily("America/New_York", "2026-03-06T02:30:00").use { r ->
            val blocks = r.blocks(at("2026-03-07T00:00:00Z"), at("2026-03-10T00:00:00Z"))
            // 02:30 EST, then 03:30 EDT (the gap's hour later), then 02:30 EDT.
            assertEquals(listOf("2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"), starts(blocks))
            assertEquals("2026-03-08", blocks[1].localDate)
        }
        daily("America/New_York", "2026-10-30T01:30:00").use { r ->
            assertEquals(
                listOf("2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
                starts(r.blocks(at("2026-10-31T00:00:00Z"), at("2026-11-03T00:00:00Z"))),
            )
        }
        // Phoenix keeps no daylight saving: 10:00 is 17:00 UTC all year.
        Routine.powerHour("America/Phoenix", "2026-01-01", listOf("Tue"), "10:00").use { ph ->
            val year = ph.blocks(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"))
            assertEquals(52, year.size)
            assertTrue(year.all { it.start.toString().endsWith("T17:00:00Z") })
        }
    }

    @Test
    fun `bookends skip thanksgiving and weekends`() {
        BusinessCalendar.usFederal().use { federal ->
            val routines = bookends("America/Chicago", "2026-11-21", "08:00", "17:00", 15L, federal)
            assertEquals(listOf("Bookend (morning)", "Bookend (evening)"), routines.map { it.name() })
            val (morning, evening) = routines
            assertEquals(RoutineKind.BOOKEND, morning.kind())
            assertEquals("2026-11-23T08:00:00", morning.firstStart())
            assertEquals("2026-11-23T17:00:00", evening.firstStart())
            assertEquals("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", evening.rrule())
            morning.businessCalendar()!!.use { assertEquals(federal, it) }
            for ((routine, hour) in listOf(morning to "14", evening to "23")) {
                val blocks = routine.blocks(at("2026-11-20T00:00:00Z"), at("2026-12-01T00:00:00Z"))
                assertEquals(listOf("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27", "2026-11-30"), blocks.map { it.localDate })
                assertTrue(blocks.all { it.start.toString().substring(11, 13) == hour })
            }
            routines.forEach { it.close() }
        }
    }

    @Test
    fun `29 february birthdays fall on the day the leap policy says`() {
        book().use { book ->
            val leapIds = leapDayContacts()
            assertFalse(leapIds.isEmpty(), "the fixture book has callable 29 February birthdays")
            for ((year, leap, day) in listOf(
                Triple(2027, LeapDay.FEB28, "2027-02-28"),
                Triple(2027, LeapDay.MAR1, "2027-03-01"),
                Triple(2028, LeapDay.FEB28, "2028-02-29"),
                Triple(2028, LeapDay.MAR1, "2028-02-29"),
            )) {
                val calls = birthdayCalls(book, "$year-01-01", "$year-12-31", leap)
                assertEquals(leapIds, calls.filter { it.contactId in leapIds && it.date == day }.map { it.contactId }.sorted(), "$year $leap")
                // Each leap-day contact is called once in the year, and only on that day.
                assertEquals(leapIds.size, calls.count { it.contactId in leapIds }, "$year $leap")
                assertEquals(calls.sortedWith(compareBy({ it.date }, { it.contactId })), calls)
                for (call in calls.take(5)) {
                    val contact = book.contact(call.contactId)!!
                    assertEquals(contact.timeZone, call.timeZone)
                    assertEquals(contact.accountId, call.accountId)
                }
            }
            assertEquals("to", assertThrows<CallwiseException.InvalidArgument> {
                birthdayCalls(book, "2027-01-02", "2027-01-01", LeapDay.FEB28)
            }.name)
            assertEquals("from", assertThrows<CallwiseException.InvalidArgument> {
                birthdayCalls(book, "2027-1-02", "2027-01-01", LeapDay.FEB28)
            }.name)
        }
    }

    @Test
    fun `renewal calls come in monthly batches`() {
        book().use { book ->
            val batches = renewalBatches(book, "2026-11-24", "2027-11-23", 45L)
            assertTrue(batches.isNotEmpty())
            assertEquals(batches.sortedBy { it.month }, batches)
            for (batch in batches) {
                assertTrue(batch.month.endsWith("-01"))
                // Months with no call are left out, so every batch's loop below checks something.
                assertTrue(batch.calls.isNotEmpty(), batch.month)
                for (call in batch.calls) {
                    assertEquals(batch.month.substring(0, 7), call.callOn.substring(0, 7))
                    assertEquals(45L, java.time.LocalDate.parse(call.callOn).until(java.time.LocalDate.parse(call.termEnd), java.time.temporal.ChronoUnit.DAYS))
                }
            }
            assertEquals("lead_days", assertThrows<CallwiseException.InvalidArgument> {
                renewalBatches(book, "2026-11-24", "2027-11-23", 3661L)
            }.name)
            assertEquals("lead_days", assertThrows<CallwiseException.InvalidArgument> {
                renewalBatches(book, "2026-11-24", "2027-11-23", -1L)
            }.name)
        }
    }

    @Test
    fun `zone rotation takes the zones in turn`() {
        ZoneRotation(listOf("east-1", "east-2", "west-1"), "2026-11-23", 28L).use { rot ->
            assertEquals(listOf("east-1", "east-2", "west-1"), rot.zones())
            assertEquals("2026-11-23", rot.firstWeek())
            assertEquals(28L, rot.meetingLeadDays())
            assertEquals("east-1", rot.zoneFor("2026-11-29")) // Sunday, week 0
            assertEquals("west-1", rot.zoneFor("2026-12-07")) // week 2
            assertEquals("west-1", rot.zoneFor("2026-11-22")) // week -1
            assertEquals(
                listOf(
                    RotationWeek("2026-11-23", "east-1", "2026-12-21"),
                    RotationWeek("2026-11-30", "east-2", "2026-12-28"),
                ),
                rot.weeks("2026-11-25", 2L),
            )
            ZoneRotation(listOf("east-1", "east-2", "west-1"), "2026-11-23", 28L).use { assertEquals(rot, it) }
            assertEquals("count", assertThrows<CallwiseException.InvalidArgument> { rot.weeks("2026-11-25", -1L) }.name)
        }
        assertEquals("first_week", assertThrows<CallwiseException.InvalidArgument> {
            ZoneRotation(listOf("a"), "2026-11-24", 28L)
        }.name)
        assertEquals("zone rotation", assertThrows<CallwiseException.InvalidRule> {
            ZoneRotation(listOf("a", "a"), "2026-11-23", 28L)
        }.what)
        assertThrows<CallwiseException.InvalidRule> { ZoneRotation(listOf(), "2026-11-23", 28L) }
        book().use { book ->
            ZoneRotation(listOf("east-1", "east-2", "central-1", "central-2", "mountain-1", "west-1"), "2026-11-02", 28L).use { rot ->
                val ids = rot.accountsFor(book, "2026-11-24")
                assertTrue(ids.isNotEmpty())
                val zone = rot.zoneFor("2026-11-24")
                assertTrue(ids.all { book.account(it)!!.territoryZone == zone })
            }
        }
    }

    @Test
    fun `calls become to-dos with stable uids`() {
        val birthday = callTodoForBirthday(BirthdayCall("con 7", "acc-1", "2027-02-28", "America/Chicago"))
        assertEquals(CallTodo("birthday-con%207-20270228@callwise", "Birthday call: contact con 7 (account acc-1)", CallDue.Date("2027-02-28")), birthday)
        val renewal = callTodoForRenewal(RenewalCall("mem-1", "acc-1", "2027-01-30", "2026-12-01"))
        assertEquals("renewal-mem-1-20270130@callwise", renewal.uid)
        assertEquals("Renewal call: membership mem-1 (account acc-1), term ends 2027-01-30", renewal.summary)
        assertEquals(CallDue.Date("2026-12-01"), renewal.due)
        assertEquals("date", assertThrows<CallwiseException.InvalidArgument> {
            callTodoForBirthday(BirthdayCall("c", "a", "2027-02-29", "UTC"))
        }.name)
    }

    @Test
    fun `the icalendar export is deterministic and complete`() {
        Routine.powerHour("America/New_York", "2026-11-24", listOf("Tue", "Thu"), "10:00").use { ph ->
            val blocks = ph.blocks(at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z"))
            val calls = listOf(
                CallTodo("follow-up-1@example", "Call back; about pricing, \"Q1\"", CallDue.At(at("2026-11-25T16:00:00Z"))),
                callTodoForBirthday(BirthdayCall("con-1", "acc-1", "2027-02-28", "America/Chicago")),
            )
            val stamp = at("2026-11-20T12:00:00Z")
            val ics = toIcalendar(listOf(ph), blocks, calls, stamp)
            assertEquals(ics, toIcalendar(listOf(ph), blocks, calls, stamp))
            assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//callwise//routines//EN\r\nCALSCALE:GREGORIAN\r\n"))
            assertTrue(ics.endsWith("END:VCALENDAR\r\n"))
            val lines = ics.split("\r\n")
            assertTrue(lines.all { '\n' !in it && '\r' !in it && it.toByteArray().size <= 75 })
            for (line in listOf(
                "DTSTART;TZID=America/New_York:20261124T100000",
                "RRULE:FREQ=WEEKLY;BYDAY=TU,TH",
                "DURATION:PT60M",
                "DTSTART:20261124T150000Z",
                "DTEND:20261124T160000Z",
                "DUE:20261125T160000Z",
                "SUMMARY:Call back\\; about pricing\\, \"Q1\"",
                "DUE;VALUE=DATE:20270228",
                "UID:birthday-con-1-20270228@callwise",
            )) {
                assertTrue(line in lines, "missing $line in\n$ics")
            }
            // UIDs carry a hash of everything that makes the event (core's).
            assertTrue(lines.any { it.startsWith("UID:routine-Power%20Hour-20261124T100000-") })
            assertTrue(lines.any { it.startsWith("UID:block-Power%20Hour-20261126T150000Z-") })
            assertEquals(1, lines.count { it == "BEGIN:VTIMEZONE" })
            assertEquals(3, lines.count { it == "BEGIN:VEVENT" })
            assertEquals(5, lines.count { it == "DTSTAMP:20261120T120000Z" })
            assertEquals("stamp", assertThrows<CallwiseException.InvalidArgument> {
                toIcalendar(listOf(ph), listOf(), listOf(), Instant.MIN)
            }.name)
            assertEquals("local_date", assertThrows<CallwiseException.InvalidArgument> {
                toIcalendar(listOf(), listOf(blocks[0].copy(localDate = "24/11/2026")), listOf(), stamp)
            }.name)
            // A carriage return cannot be written in iCalendar text: core refuses it.
            assertEquals("calls", assertThrows<CallwiseException.InvalidArgument> {
                toIcalendar(listOf(), listOf(), listOf(calls[0].copy(summary = "a\rb")), stamp)
            }.name)
        }
    }
}
