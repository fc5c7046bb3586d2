package dev.callwise

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Instant
import java.time.LocalDate
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit as JTimeUnit

/**
 * Call lists through the Kotlin API: the shared scenario gives core's lists byte for
 * byte (`tests/conformance/call_list.txt`), then the seam (records, instants, errors,
 * threads). The logic is tested in Rust.
 */
class CallListTest {
    private val scenario = JSONObject(Fixtures.callListScenario)

    private fun book(): Book = Book.fromJson(Fixtures.read("fixtures", scenario.getString("book")))

    /** The scenario's inputs for `day`: its rotation, and the dormant signals of its model. */
    private fun inputs(book: Book, day: LocalDate): CallListInputs {
        val r = scenario.getJSONObject("rotation")
        val m = scenario.getJSONObject("purchase_model")
        val rotation = ZoneRotation(
            (0 until r.getJSONArray("zones").length()).map { r.getJSONArray("zones").getString(it) },
            LocalDate.parse(r.getString("first_week")),
            r.getInt("meeting_lead_days").toUInt(),
        )
        val model = BetaGeoModel(m.getDouble("r"), m.getDouble("alpha"), m.getDouble("a"), m.getDouble("b"))
        // As core's Prepared: won deals as purchases, in weeks, the next 13 weeks.
        val dormant = PurchaseHistory(book, day, TimeUnit.WEEKS).use { model.dormantSignals(it, 13.0) }
        return CallListInputs(emptyList(), rotation, emptyList(), dormant, emptyList())
    }

    @Test
    fun theSharedScenarioGivesTheCommittedLists() {
        book().use { book ->
            val config = CallListConfig.fromJson(scenario.getJSONObject("config").toString())
            val cases = scenario.getJSONArray("cases")
            val lists = (0 until cases.length()).map { i ->
                val case = cases.getJSONObject(i)
                val day = LocalDate.parse(case.getString("day"))
                if (case.getString("list") == "next_day") {
                    book.nextDayCallList(case.getString("rep_id"), day, config, inputs(book, day))
                } else {
                    book.powerHourList(case.getString("team_id"), day, config, inputs(book, day))
                }
            }
            val log = scenario.getJSONObject("log")
            val a = log.getJSONObject("activity")
            val activity = Activity(
                id = a.getString("id"), accountId = a.getString("account_id"),
                contactId = a.getString("contact_id"), repId = a.getString("rep_id"),
                at = Instant.parse(a.getString("at")), channel = Channel.CALL,
                direction = Direction.OUTBOUND, outcome = Outcome.NO_ANSWER,
                durationSeconds = null, opportunityId = null, campaignId = null,
            )
            val reranked = logActivity(book, lists[log.getInt("case")], activity, config)
            val text = lists.joinToString("") { callListToJson(it) } + callListToJson(reranked.list)
            assertEquals(Fixtures.callList, text)
            assertTrue(reranked.change is Change.Moved)
        }
    }

    @Test
    fun entriesAreTypedRecords() {
        book().use { book ->
            val day = LocalDate.parse("2026-11-24")
            val list = book.nextDayCallList("rep-ny", day, null, inputs(book, day))
            assertEquals(ListKind.NEXT_DAY, list.kind)
            assertNull(list.teamId)
            val top = list.entries[0]
            assertEquals(Instant.parse("2026-11-24T14:00:00Z"), top.slotStart)
            assertEquals(top.score, top.reasons.sumOf { it.contribution })
            assertEquals(Source.OPPORTUNITY_FOLLOW_UP, top.reasons[0].source)
            assertEquals(4.0, top.reasons[0].numbers["days_overdue"])
            assertEquals(listOf(HoldRule.DO_NOT_CALL, HoldRule.OUTSIDE_WINDOW), list.heldBack.map { it.rule })
            assertTrue(callListToText(list, 5u).startsWith("Next Day Call List of rep-ny"))
            assertEquals(book.callLists(day, null, inputs(book, day)).size, book.repIds().size)
            assertEquals(8, book.accountIds().size)
        }
    }

    @Test
    fun badInputIsATypedException() {
        book().use { book ->
            val day = LocalDate.parse("2026-11-24")
            assertThrows<CallwiseException.NotFound> { book.nextDayCallList("rep-nobody", day, null, null) }
            assertThrows<CallwiseException.NotFound> { book.powerHourList("team-nowhere", day, null, null) }
            val e = assertThrows<CallwiseException.InvalidArgument> {
                CallListConfig.fromJson("""{"weights": {"renewal": -1}}""")
            }
            assertEquals("weights", e.name)
            assertThrows<CallwiseException.Json> { CallListConfig.fromJson("""{"weights": {"gossip": 1}}""") }
            assertThrows<CallwiseException.InvalidArgument> {
                book.nextDayCallList("rep-ny", LocalDate.of(1800, 1, 1), null, null)
            }
        }
    }

    @Test
    fun threadsBuildListsAtOnce() {
        book().use { book ->
            val day = LocalDate.parse("2026-11-24")
            val expected = book.callLists(day, null, null).map { callListToJson(it) }
            val pool = Executors.newFixedThreadPool(8)
            val futures = (0 until 16).map { pool.submit<List<String>> { book.callLists(day, null, null).map { callListToJson(it) } } }
            pool.shutdown()
            assertTrue(pool.awaitTermination(60, JTimeUnit.SECONDS))
            futures.forEach { assertEquals(expected, it.get()) }
        }
    }
}
