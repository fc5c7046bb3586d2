package dev.callwise

import dev.callwise.Scenario.objects
import dev.callwise.Scenario.snake
import dev.callwise.Scenario.verdict
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.Instant
import java.time.LocalDate

/**
 * The shared cadence scenario through the Kotlin API gives core's answers exactly:
 * every calling check, `canCall`, business-day sum, replayed enrollment state and due
 * query of `tests/fixtures/cadence_scenario.json`, rendered back into core's JSON shape,
 * equals `tests/conformance/cadence.json` (written by core's
 * `the_cadence_scenario_matches`) field for field; instants are compared as core's
 * RFC 3339 texts and strings such as `reason` byte for byte.
 */
class CadenceConformanceTest {
    private val expected = Json.parseObject(Fixtures.cadence)

    private fun instant(t: Instant?): String? = t?.toString()

    private fun status(s: EnrollmentStatus): Map<String, Any?> = when (s) {
        is EnrollmentStatus.Active -> mapOf("status" to "active")
        is EnrollmentStatus.Paused -> mapOf("status" to "paused", "until" to instant(s.until))
        is EnrollmentStatus.Exited -> mapOf("status" to "exited", "reason" to snake(s.reason), "at" to instant(s.at))
    }

    private fun state(s: EnrollmentState): Map<String, Any?> {
        val e = s.enrollment()
        return mapOf(
            "enrollment" to mapOf(
                "id" to e.id,
                "cadence_id" to e.cadenceId,
                "contact_id" to e.contactId,
                "account_id" to e.accountId,
                "rep_id" to e.repId,
                "time_zone" to e.timeZone,
                "enrolled_at" to instant(e.enrolledAt),
            ),
            "cadence_id" to s.cadenceId(),
            "status" to status(s.status()),
            "step_id" to s.stepId(),
            "step_index" to s.stepIndex().toLong(),
            "variant" to s.variant(),
            "due_at" to instant(s.dueAt()),
            "reason" to s.reason(),
            "steps_done" to s.stepsDone().toLong(),
            "last_event_at" to instant(s.lastEventAt()),
        )
    }

    private fun step(d: DueStep): Map<String, Any?> = mapOf(
        "rep_id" to d.repId,
        "owner_rep_id" to d.ownerRepId,
        "enrollment_id" to d.enrollmentId,
        "contact_id" to d.contactId,
        "account_id" to d.accountId,
        "cadence_id" to d.cadenceId,
        "step_id" to d.stepId,
        "kind" to snake(d.kind),
        "variant" to d.variant,
        "due_at" to instant(d.dueAt),
        "window_start" to instant(d.windowStart),
        "window_end" to instant(d.windowEnd),
        "reason" to d.reason,
    )

    /** The fixture's own value, echoed as core echoes it. */
    private fun echo(o: JSONObject, key: String): Any? = Json.canonical(o.get(key))

    @Test
    fun `the cadence scenario gives core's answers`() {
        val s = Scenario.json
        Scenario.book().use { book ->
            Scenario.rules().use { rules ->
                Scenario.playbook().use { playbook ->
                    val checks = objects(s.getJSONArray("checks")).map { c ->
                        val v = rules.check(c.getString("time_zone"), Instant.parse(c.getString("at")))
                        mapOf("time_zone" to echo(c, "time_zone"), "at" to echo(c, "at"), "verdict" to verdict(v))
                    }
                    val canCall = objects(s.getJSONArray("can_call")).map { c ->
                        val v = book.canCall(c.getString("contact_id"), Instant.parse(c.getString("at")), rules)
                        mapOf("contact_id" to echo(c, "contact_id"), "at" to echo(c, "at"), "verdict" to verdict(v))
                    }
                    // The playbook's calendar, read on its own by core from the fixture's JSON.
                    val calendarJson = s.getJSONObject("playbook").getJSONObject("calendar").toString()
                    val days = BusinessCalendar.fromJson(calendarJson).use { calendar ->
                        playbook.calendar().use { assertEquals(calendar, it) }
                        objects(s.getJSONArray("business_days")).map { b ->
                            val d = calendar.addBusinessDays(LocalDate.parse(b.getString("date")), b.getLong("n"))
                            mapOf("date" to echo(b, "date"), "n" to echo(b, "n"), "result" to d.toString())
                        }
                    }
                    val states = Scenario.states(playbook)
                    val due = objects(s.getJSONArray("due")).map { q ->
                        val coverage = Scenario.coverage(q.getJSONObject("coverage"))
                        val date = LocalDate.parse(q.getString("date"))
                        val steps = playbook.dueForAll(book, states, date, coverage)
                        // Each rep's own list is the same steps, in the same order.
                        for (rep in book.repIds()) {
                            assertEquals(steps.filter { it.repId == rep }, playbook.dueOn(book, states, rep, date, coverage))
                        }
                        mapOf("date" to echo(q, "date"), "coverage" to echo(q, "coverage"), "steps" to steps.map(::step))
                    }
                    val got = Json.canonical(
                        mapOf(
                            "checks" to checks,
                            "can_call" to canCall,
                            "business_days" to days,
                            "states" to states.map(::state),
                            "due" to due,
                        ),
                    )
                    // Section by section first, for a readable failure; then the whole.
                    for (key in expected.keys) {
                        assertEquals(expected[key], (got as Map<*, *>)[key], key)
                    }
                    assertEquals(expected, got)
                    assertTrue(due.any { (it["steps"] as List<*>).isNotEmpty() })
                    states.forEach { it.close() }
                }
            }
        }
    }
}
