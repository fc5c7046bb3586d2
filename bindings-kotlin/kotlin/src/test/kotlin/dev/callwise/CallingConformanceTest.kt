package dev.callwise

import dev.callwise.Scenario.objects
import dev.callwise.Scenario.verdict
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.time.Instant

/**
 * The shared calling scenario through the Kotlin API gives core's answers exactly: every
 * check (a zone and an instant under named rules: daylight saving in New York, Phoenix,
 * Honolulu, Lord Howe and more, unknown zones, regions, quiet days and holidays) and
 * every `canCall` on `tests/fixtures/calling_book.json` of
 * `tests/fixtures/calling_scenario.json`, rendered back into core's JSON shape, equals
 * `tests/conformance/calling.json` (written by core's `the_calling_scenario_matches`),
 * instants as core's RFC 3339 texts.
 */
class CallingConformanceTest {
    private val scenario = JSONObject(Fixtures.read("fixtures", "calling_scenario.json"))
    private val expected = Json.parseObject(Fixtures.read("conformance", "calling.json"))

    private fun echo(o: JSONObject, key: String): Any? = Json.canonical(o.get(key))

    @Test
    fun `the calling scenario gives core's answers`() {
        val specs = scenario.getJSONObject("rules")
        val rules = specs.keySet().associateWith { CallingRules.fromJson(specs.getJSONObject(it).toString()) }
        Book.fromJson(Fixtures.read("fixtures", scenario.getString("book"))).use { book ->
            val checks = objects(scenario.getJSONArray("checks")).map { c ->
                val v = rules.getValue(c.getString("rules")).check(c.getString("time_zone"), Instant.parse(c.getString("at")))
                mapOf("rules" to echo(c, "rules"), "time_zone" to echo(c, "time_zone"), "at" to echo(c, "at"), "verdict" to verdict(v))
            }
            val canCall = objects(scenario.getJSONArray("can_call")).map { c ->
                val v = book.canCall(c.getString("contact_id"), Instant.parse(c.getString("at")), rules.getValue(c.getString("rules")))
                mapOf("rules" to echo(c, "rules"), "contact_id" to echo(c, "contact_id"), "at" to echo(c, "at"), "verdict" to verdict(v))
            }
            val got = Json.canonical(mapOf("checks" to checks, "can_call" to canCall)) as Map<*, *>
            for (key in expected.keys) {
                assertEquals(expected[key], got[key], key)
            }
            assertEquals(expected, got)
        }
        rules.values.forEach { it.close() }
    }
}
