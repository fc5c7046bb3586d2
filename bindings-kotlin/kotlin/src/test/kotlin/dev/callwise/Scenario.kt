package dev.callwise

import org.json.JSONArray
import org.json.JSONObject
import java.time.Instant
import java.time.LocalDate

/**
 * The shared cadence scenario (`tests/fixtures/cadence_scenario.json`) read into the
 * binding's typed values: the calling book, the rules, the playbook, and each enrollment
 * with its events. Enum values are core's snake_case names, which are the Kotlin names
 * lower-cased.
 */
object Scenario {
    val json: JSONObject by lazy { JSONObject(Fixtures.cadenceScenario) }

    fun objects(array: JSONArray): List<JSONObject> = (0 until array.length()).map { array.getJSONObject(it) }

    fun strings(array: JSONArray): List<String> = (0 until array.length()).map { array.getString(it) }

    /** The snake_case name core's JSON gives an enum value. */
    fun snake(e: Enum<*>): String = e.name.lowercase()

    /** A verdict in core's JSON shape, `next_allowed` as core's RFC 3339 text. */
    fun verdict(v: Verdict): Map<String, Any?> = when (v) {
        is Verdict.Allowed -> mapOf("verdict" to "allowed")
        is Verdict.Blocked -> mapOf("verdict" to "blocked", "rule" to snake(v.rule), "next_allowed" to v.nextAllowed?.toString())
    }

    private fun JSONObject.optText(key: String): String? = if (isNull(key)) null else getString(key)

    fun book(): Book = Book.fromJson(Fixtures.read("fixtures", json.getString("book")))

    fun rules(): CallingRules = CallingRules.fromJson(json.getJSONObject("rules").toString())

    fun playbook(): Playbook = Playbook.fromJson(json.getJSONObject("playbook").toString())

    fun enrollment(o: JSONObject): Enrollment = Enrollment(
        id = o.getString("id"),
        cadenceId = o.getString("cadence_id"),
        contactId = o.getString("contact_id"),
        accountId = o.getString("account_id"),
        repId = o.getString("rep_id"),
        timeZone = o.getString("time_zone"),
        enrolledAt = Instant.parse(o.getString("enrolled_at")),
    )

    fun event(o: JSONObject): CadenceEvent {
        val at = Instant.parse(o.getString("at"))
        return when (val kind = o.getString("event")) {
            "activity" -> CadenceEvent.Activity(
                at = at,
                channel = Channel.valueOf(o.getString("channel").uppercase()),
                direction = Direction.valueOf(o.getString("direction").uppercase()),
                outcome = o.optText("outcome")?.let { Outcome.valueOf(it.uppercase()) },
            )
            "step_done" -> CadenceEvent.StepDone(
                at = at,
                step = o.getString("step"),
                outcome = o.optText("outcome")?.let { CallOutcome.valueOf(it.uppercase()) },
            )
            "exit" -> CadenceEvent.Exit(at, ExitReason.valueOf(o.getString("reason").uppercase()))
            "moved_to_cadence" -> CadenceEvent.MovedToCadence(at, o.getString("cadence"))
            "paused" -> CadenceEvent.Paused(at, o.optText("until")?.let(Instant::parse))
            "resumed" -> CadenceEvent.Resumed(at)
            else -> error("unknown event $kind")
        }
    }

    fun coverage(o: JSONObject): Coverage = Coverage(
        absences = objects(o.getJSONArray("absences")).map {
            Absence(it.getString("rep_id"), LocalDate.parse(it.getString("from")), LocalDate.parse(it.getString("to")))
        },
        policy = AbsencePolicy.valueOf(o.getString("policy").uppercase()),
    )

    /** Each enrollment of the scenario with its events, as the fixture lists them. */
    fun enrollments(): List<Pair<Enrollment, List<CadenceEvent>>> =
        objects(json.getJSONArray("enrollments")).map { e ->
            enrollment(e.getJSONObject("enrollment")) to objects(e.getJSONArray("events")).map(::event)
        }

    /** Every enrollment replayed through `playbook`, in fixture order. */
    fun states(playbook: Playbook): List<EnrollmentState> =
        enrollments().map { (enrollment, events) -> playbook.replay(enrollment, events) }

    fun List<EnrollmentState>.of(id: String): EnrollmentState = first { it.enrollment().id == id }
}
