package dev.callwise

import dev.callwise.Scenario.objects
import dev.callwise.Scenario.snake
import dev.callwise.Scenario.strings
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime

/**
 * The shared routine scenario through the Kotlin API gives core's answers exactly:
 * every block range, birthday query (both leap policies), renewal batch query and zone
 * rotation of `tests/fixtures/routine_scenario.json`, run on
 * `tests/fixtures/sample_book.json` and rendered back into core's JSON shape, equals
 * `tests/conformance/routine.json` (written by core's `the_routine_scenario_matches`)
 * field for field, instants as core's RFC 3339 texts; and the iCalendar export is the
 * same text byte for byte.
 */
class RoutineConformanceTest {
    private val scenario = JSONObject(Fixtures.routineScenario)
    private val expected = Json.parseObject(Fixtures.routine)

    /** The fixture's own value, echoed as core echoes it. */
    private fun echo(o: JSONObject, key: String): Any? = Json.canonical(o.get(key))

    private fun instant(o: JSONObject, key: String): Instant = Instant.parse(o.getString(key))

    private fun date(o: JSONObject, key: String): LocalDate = LocalDate.parse(o.getString(key))

    /**
     * A routine of the scenario, read from its JSON by core (`Routine.fromJson`, as core's
     * own run reads it), checked to give its fields back, to equal the routine the typed
     * constructor builds, and to carry the calendar `BusinessCalendar.fromJson` reads.
     */
    private fun routine(o: JSONObject): Routine {
        val routine = Routine.fromJson(o.toString())
        assertEquals(o.getString("name"), routine.name())
        assertEquals(o.getString("kind"), snake(routine.kind()))
        assertEquals(o.getString("time_zone"), routine.timeZone())
        assertEquals(LocalDateTime.parse(o.getString("first_start")), routine.firstStart())
        assertEquals(o.getString("rrule"), routine.rrule())
        assertEquals(o.getLong("duration_minutes"), routine.durationMinutes().toLong())
        val typed = Routine(
            kind = RoutineKind.valueOf(o.getString("kind").uppercase()),
            name = o.getString("name"),
            timeZone = o.getString("time_zone"),
            firstStart = LocalDateTime.parse(o.getString("first_start")),
            rrule = o.getString("rrule"),
            durationMinutes = o.getInt("duration_minutes").toUInt(),
        )
        val cal = o.optJSONObject("business_calendar")
        if (cal == null) {
            typed.use { assertEquals(it, routine) }
        } else {
            BusinessCalendar.fromJson(cal.toString()).use { calendar ->
                routine.businessCalendar()!!.use { assertEquals(calendar, it) }
                typed.use { plain -> plain.onBusinessDays(calendar).use { assertEquals(it, routine) } }
            }
        }
        return routine
    }

    private fun block(b: Block): Map<String, Any?> = mapOf(
        "routine" to b.routine,
        "kind" to snake(b.kind),
        "time_zone" to b.timeZone,
        "start" to b.start.toString(),
        "end" to b.end.toString(),
        "local_date" to b.localDate.toString(),
    )

    private fun birthday(c: BirthdayCall): Map<String, Any?> = mapOf(
        "contact_id" to c.contactId,
        "account_id" to c.accountId,
        "date" to c.date.toString(),
        "time_zone" to c.timeZone,
    )

    private fun batch(b: RenewalBatch): Map<String, Any?> = mapOf(
        "month" to b.month.toString(),
        "calls" to b.calls.map { c ->
            mapOf("membership_id" to c.membershipId, "account_id" to c.accountId, "term_end" to c.termEnd.toString(), "call_on" to c.callOn.toString())
        },
    )

    @Test
    fun `the routine scenario gives core's answers`() {
        val s = scenario
        Book.fromJson(Fixtures.read("fixtures", s.getString("book"))).use { book ->
            val routines = objects(s.getJSONArray("routines")).map(::routine)
            // The bookend routine carries the US federal calendar, as data.
            BusinessCalendar.usFederal().use { federal ->
                routines[2].businessCalendar()!!.use { assertEquals(federal, it) }
            }
            val blocks = objects(s.getJSONArray("blocks")).map { r ->
                val all = routines.flatMap { it.blocks(instant(r, "from"), instant(r, "to")) }
                mapOf("from" to echo(r, "from"), "to" to echo(r, "to"), "blocks" to all.map(::block))
            }
            val birthdays = objects(s.getJSONArray("birthdays")).map { b ->
                val leap = LeapDay.valueOf(b.getString("leap").uppercase())
                val calls = birthdayCalls(book, date(b, "from"), date(b, "to"), leap)
                mapOf("from" to echo(b, "from"), "to" to echo(b, "to"), "leap" to echo(b, "leap"), "calls" to calls.map(::birthday))
            }
            val renewals = objects(s.getJSONArray("renewals")).map { r ->
                val batches = renewalBatches(book, date(r, "from"), date(r, "to"), r.getInt("lead_days").toUInt())
                mapOf("from" to echo(r, "from"), "to" to echo(r, "to"), "lead_days" to echo(r, "lead_days"), "batches" to batches.map(::batch))
            }
            val r = s.getJSONObject("rotation")
            val rotation = ZoneRotation(strings(r.getJSONArray("zones")), date(r, "first_week"), r.getInt("meeting_lead_days").toUInt()).use { rot ->
                val weeks = rot.weeks(date(r, "from"), r.getInt("count").toUInt())
                mapOf(
                    "weeks" to weeks.map { mapOf("week_start" to "${it.weekStart}", "zone" to it.zone, "meetings_from" to "${it.meetingsFrom}") },
                    "accounts" to weeks.map { mapOf("week_start" to "${it.weekStart}", "accounts" to rot.accountsFor(book, it.weekStart)) },
                )
            }
            val ical = s.getJSONObject("icalendar")
            val icalBlocks = routines.flatMap { it.blocks(instant(ical, "blocks_from"), instant(ical, "blocks_to")) }
            val todos = birthdayCalls(book, date(ical, "birthdays_from"), date(ical, "birthdays_to"), LeapDay.FEB28)
                .map(::callTodoForBirthday) +
                renewalBatches(book, date(ical, "renewals_from"), date(ical, "renewals_to"), ical.getInt("lead_days").toUInt())
                    .flatMap { it.calls }
                    .map(::callTodoForRenewal)
            val text = toIcalendar(routines, icalBlocks, todos, instant(ical, "stamp"))

            val got = Json.canonical(
                mapOf(
                    "blocks" to blocks,
                    "birthdays" to birthdays,
                    "renewals" to renewals,
                    "rotation" to rotation,
                    "icalendar" to text,
                ),
            ) as Map<*, *>
            // Section by section first, for a readable failure; then the whole.
            for (key in expected.keys) {
                assertEquals(expected[key], got[key], key)
            }
            assertEquals(expected, got)
            // The iCalendar text byte for byte (CRLF line ends and folding included).
            assertEquals((expected["icalendar"] as String).toByteArray().toList(), text.toByteArray().toList())
            // Instants equal as instants, not only as texts.
            val first = (expected["blocks"] as List<*>).first() as Map<*, *>
            val firstBlock = (first["blocks"] as List<*>).first() as Map<*, *>
            assertEquals(Instant.parse(firstBlock["start"] as String), routines[0].blocks(instant(s.getJSONArray("blocks").getJSONObject(0), "from"), instant(s.getJSONArray("blocks").getJSONObject(0), "to")).first().start)
            // The scenario exercises something in every section.
            assertTrue(blocks.all { (it["blocks"] as List<*>).isNotEmpty() })
            assertTrue(birthdays.all { (it["calls"] as List<*>).isNotEmpty() })
            assertTrue(todos.any { it.uid.startsWith("renewal-") })
            routines.forEach { it.close() }
        }
    }
}
