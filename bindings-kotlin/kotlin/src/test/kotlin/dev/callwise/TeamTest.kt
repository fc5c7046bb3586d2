package dev.callwise

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Instant
import java.time.LocalDate
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit as JTimeUnit

/**
 * The team at work through the Kotlin API: the shared scenario gives core's answers
 * byte for byte (`tests/conformance/team.txt`), then the seam (records, instants,
 * errors, threads claiming one pool at once). The logic is tested in Rust.
 */
class TeamTest {
    private val scenario = JSONObject(Fixtures.read("fixtures", "team_scenario.json"))

    private fun book(): Book = Book.fromJson(Fixtures.read("fixtures", scenario.getString("book")))

    private fun config(): TeamConfig = TeamConfig.fromJson(scenario.getJSONObject("config").toString())

    private fun at(text: String): Instant = Instant.parse(text)

    private fun <T : Enum<T>> enumOf(values: Array<T>, text: String): T = values.single { it.name == text.uppercase() }

    private fun optString(o: JSONObject, key: String): String? = if (o.has(key)) o.getString(key) else null

    private fun activity(o: JSONObject) = Activity(
        id = o.getString("id"), accountId = o.getString("account_id"),
        contactId = optString(o, "contact_id"), repId = o.getString("rep_id"),
        at = at(o.getString("at")), channel = enumOf(Channel.values(), o.getString("channel")),
        direction = enumOf(Direction.values(), o.getString("direction")),
        outcome = optString(o, "outcome")?.let { enumOf(Outcome.values(), it) },
        durationSeconds = null, opportunityId = null, campaignId = null,
    )

    private fun readiness(o: JSONObject?) = o?.let {
        Readiness(it.getBoolean("contract_signed"), it.getBoolean("kickoff_booked"), it.optString("notes", ""))
    }

    private fun proposal(o: JSONObject) = Proposal(
        handoffId = o.getString("handoff_id"), accountId = o.getString("account_id"),
        fromRepId = o.getString("from_rep_id"), toRepId = o.getString("to_rep_id"),
        at = at(o.getString("at")), direction = enumOf(HandoffDirection.values(), o.getString("direction")),
        checklist = readiness(o.optJSONObject("checklist")),
    )

    private fun money(o: JSONObject?) = o?.let { Money(it.getLong("amount_minor"), it.getString("currency")) }

    private fun optInt(o: JSONObject, key: String): UInt? = if (o.has(key)) o.getInt(key).toUInt() else null

    private fun goals(): List<Goal> {
        val all = scenario.getJSONObject("goals").getJSONArray("goals")
        return (0 until all.length()).map { i ->
            val g = all.getJSONObject(i)
            Goal(
                repId = optString(g, "rep_id"), teamId = optString(g, "team_id"), period = g.getString("period"),
                calls = optInt(g, "calls"), meetings = optInt(g, "meetings"),
                newOpportunities = optInt(g, "new_opportunities"), closed = money(g.optJSONObject("closed")),
            )
        }
    }

    private fun notes(o: JSONObject): WrapUpNotes {
        fun texts(a: JSONArray) = (0 until a.length()).map { a.getString(it) }
        val followUps = o.getJSONArray("follow_ups")
        return WrapUpNotes(
            successes = texts(o.getJSONArray("successes")), challenges = texts(o.getJSONArray("challenges")),
            followUps = (0 until followUps.length()).map { i ->
                val f = followUps.getJSONObject(i)
                FollowUp(
                    accountId = f.getString("account_id"), contactId = optString(f, "contact_id"),
                    kind = optString(f, "kind")?.let { enumOf(TaskKind.values(), it) } ?: TaskKind.CALL,
                    dueOn = optString(f, "due_on")?.let { LocalDate.parse(it) },
                )
            },
        )
    }

    private fun outcome(run: () -> String): String =
        try { run() } catch (e: CallwiseException) { "error: $e" }

    private fun pool(book: Book): BlitzPool {
        val p = scenario.getJSONObject("pool")
        return book.blitzPool(
            p.getString("team_id"), enumOf(ListKind.values(), p.getString("source")),
            at(p.getString("start")), p.getInt("minutes").toUInt(), null, null, config(),
        )
    }

    @Test
    fun theSharedScenarioGivesTheCommittedAnswers() {
        book().use { book ->
            val pool = pool(book)
            val out = StringBuilder("== pool\n")
            out.append(poolSnapshotToJson(pool.snapshot(at(scenario.getJSONObject("pool").getString("start")))))
            out.append("== script\n")
            val script = scenario.getJSONArray("script")
            for (i in 0 until script.length()) {
                val op = script.getJSONObject(i)
                val (rep, account, whenText) = Triple(op.optString("rep_id"), op.optString("account_id"), op.optString("at"))
                val (line, result) = when (op.getString("op")) {
                    "claim" -> "claim $rep $whenText" to outcome { pool.claim(rep, at(whenText))?.accountId ?: "none" }
                    "claim_account" -> "claim_account $rep $account $whenText" to
                        outcome { pool.claimAccount(rep, account, at(whenText)).accountId }
                    "release" -> "release $rep $account $whenText" to
                        outcome { pool.release(rep, account, at(whenText)); "ok" }
                    "log_call" -> {
                        val a = activity(op.getJSONObject("activity"))
                        "log_call ${a.id}" to outcome { pool.logCall(a); "ok" }
                    }
                    else -> "drain $rep $whenText" to outcome {
                        val got = generateSequence { pool.claim(rep, at(whenText))?.accountId }.toList()
                        if (got.isEmpty()) "none" else got.joinToString(",")
                    }
                }
                out.append("$line: $result\n")
            }
            out.append("== snapshot\n").append(poolSnapshotToJson(pool.snapshot(at(scenario.getString("snapshot_at")))))
            out.append("== leaderboard\n").append(leaderboardToJson(pool.leaderboard()))
            val w = scenario.getJSONObject("wrap_up")
            val rep = w.getString("rep_id")
            val progress = book.goalProgress(goals(), LocalDate.parse(scenario.getJSONObject("goals").getString("as_of")), config())
            val wrapUp = book.dailyWrapUp(rep, LocalDate.parse(w.getString("day")), notes(w.getJSONObject("notes")), config())
            out.append("== wrap-up\n").append(wrapUpToJson(wrapUp))
            out.append(wrapUpToEmail(wrapUp, progress.filter { it.repId == rep }))
            val changes = book.fileWrapUp(wrapUp, at(w.getString("filed_at")))
            out.append("== filed\n").append(bookChangesToJson(changes))
            book.withChanges(changes).use { tomorrow ->
                val list = tomorrow.nextDayCallList(rep, LocalDate.parse(w.getString("next_day")), null, null)
                out.append("== next day\n").append(callListToJson(list))
            }
            out.append("== goals\n")
            progress.forEach { out.append(goalProgressToJson(it)) }
            out.append("== baton\n")
            var current = book
            val trail = mutableListOf<BatonStep>()
            val steps = scenario.getJSONArray("baton")
            for (i in 0 until steps.length()) {
                val op = steps.getJSONObject(i)
                val (line, move) = when (op.getString("op")) {
                    "propose" -> {
                        val p = proposal(op.getJSONObject("proposal"))
                        "propose ${p.handoffId}" to { current.proposeHandoff(trail, p) }
                    }
                    "accept" -> "accept ${op.getString("handoff_id")} ${op.getString("rep_id")}" to {
                        current.acceptHandoff(trail, op.getString("handoff_id"), op.getString("rep_id"), at(op.getString("at")))
                    }
                    else -> "reject ${op.getString("handoff_id")} ${op.getString("rep_id")}" to {
                        current.rejectHandoff(
                            trail, op.getString("handoff_id"), op.getString("rep_id"), at(op.getString("at")), op.getString("reason"),
                        )
                    }
                }
                val result = outcome {
                    val m = move()
                    trail.addAll(m.steps)
                    current = current.withChanges(m.changes)
                    "ok"
                }
                out.append("$line: $result\n")
            }
            val accounts = scenario.getJSONArray("baton_accounts")
            for (i in 0 until accounts.length()) {
                out.append(batonToJson(current.baton(accounts.getString(i), trail)))
            }
            assertEquals(Fixtures.read("conformance", "team.txt"), out.toString())
        }
    }

    @Test
    fun sixteenThreadsClaimAPoolDryEachAccountOnce() {
        sampleBook(11uL, 1500u).use { book ->
            val start = at("2026-11-03T19:00:00Z")
            val pool = book.blitzPool("team-sales-1", ListKind.CRANKATHON, start, 180u, null, null, null)
            val reps = pool.snapshot(start).accounts.map { it.splitRepId }.distinct().sorted()
            val total = pool.snapshot(start).accounts.size
            assertTrue(total > 16)
            val executor = Executors.newFixedThreadPool(16)
            val go = CyclicBarrier(16)
            val futures = (0 until 16).map { t ->
                executor.submit<List<String>> {
                    go.await()
                    generateSequence { pool.claim(reps[t % reps.size], start)?.accountId }.toList()
                }
            }
            executor.shutdown()
            assertTrue(executor.awaitTermination(120, JTimeUnit.SECONDS))
            val handed = futures.flatMap { it.get() }
            assertEquals(handed.size, handed.toSet().size, "an account was handed out twice")
            val remaining = pool.remaining(start)
            assertEquals(0u, remaining.free)
            assertEquals(handed.size, remaining.claimed.toInt())
            assertEquals(total, handed.size + remaining.left.toInt())
        }
    }

    @Test
    fun recordsAreTypedAndErrorsAreTypedExceptions() {
        book().use { book ->
            val pool = pool(book)
            val start = at("2026-11-24T18:00:00Z")
            val claim = pool.claimAccount("rep-ny", "acc-bos", start)
            assertEquals(at("2026-11-24T18:20:00Z"), claim.expiresAt)
            assertEquals("con-bos", claim.contactId)
            assertEquals(Span(start, at("2026-11-24T20:00:00Z")), pool.block())
            assertEquals("acc-ny1", pool.entry("acc-ny1")?.accountId)
            assertNull(pool.entry("acc-west"))
            val held = assertThrows<CallwiseException.InvalidArgument> { pool.release("rep-chi", "acc-bos", start) }
            assertEquals("account_id", held.name)
            assertTrue(held.toString().contains("claimed by rep rep-ny"))
            assertThrows<CallwiseException.InvalidArgument> { pool.claim("rep-ny", at("2026-11-24T20:00:00Z")) }
            assertThrows<CallwiseException.NotFound> { pool.claim("rep-ghost", start) }
            assertThrows<CallwiseException.InvalidArgument> {
                book.blitzPool("team-blitz", ListKind.NEXT_DAY, start, 60u, null, null, null)
            }
            assertThrows<CallwiseException.InvalidArgument> { TeamConfig.fromJson("""{"claim_minutes": 0}""") }
            // A period that does not exist is refused as it crosses.
            val bad = assertThrows<CallwiseException.InvalidArgument> {
                book.goalProgress(listOf(Goal("rep-ny", null, "2026-13", 1u, null, null, null)), LocalDate.parse("2026-11-24"), null)
            }
            assertEquals("period", bad.name)
            assertThrows<CallwiseException.NotFound> { book.dailyWrapUp("rep-ghost", LocalDate.parse("2026-11-24"), null, null) }
            assertThrows<CallwiseException.NotFound> { book.acceptHandoff(emptyList(), "hand-9", "rep-ops", start) }
            val move = book.rejectHandoff(emptyList(), "hand-2", "rep-ops2", at("2026-11-21T15:00:00Z"), "No kickoff")
            assertEquals(listOf(BatonAction.PROPOSED, BatonAction.REJECTED), move.steps.map { it.action })
            book.withChanges(move.changes).use { after ->
                val now = after.baton("acc-pend", move.steps)
                assertEquals("rep-ny", now.holder.repId)
                assertTrue(now.pending.isEmpty())
            }
            assertEquals(15, JSONObject(TeamConfig.default().toJson()).getInt("claim_minutes"))
            val wrapUp = book.dailyWrapUp("rep-ny", LocalDate.parse("2026-11-24"), null, null)
            assertEquals(5u, wrapUp.touches.dials)
            assertEquals(wrapUp, wrapUpFromJson(wrapUpToJson(wrapUp)))
            assertEquals(book.repIds().sorted(), book.wrapUps(LocalDate.parse("2026-11-24"), null).map { it.repId })
        }
    }
}
