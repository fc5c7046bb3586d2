package dev.callwise

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.time.LocalDate

/**
 * The renewal model and the book's retention signals through the binding give core's
 * answers bit for bit: every number, id and row order in `tests/conformance/renewal.json`
 * (written by core's `renewal_conformance_fixture` test from the fixture sample book) is
 * compared with `==` on `Double`s (data-class equality, which also tells -0.0 from 0.0).
 */
class RenewalConformanceTest {
    private val fixture = JSONObject(Fixtures.read("conformance", "renewal.json"))

    /** A JSON number as the `Double` its text denotes (see RetentionConformanceTest). */
    private fun number(value: Any?): Double = (value as Number).toString().toDouble()

    private fun numbers(array: JSONArray): List<Double> = (0 until array.length()).map { number(array.get(it)) }

    private fun strings(array: JSONArray): List<String> = (0 until array.length()).map { array.getString(it) }

    private fun objects(array: JSONArray): List<JSONObject> = (0 until array.length()).map { array.getJSONObject(it) }

    private val asOf: LocalDate = LocalDate.parse(fixture.getString("as_of"))

    private fun expectedSignals(): List<RenewalSignal> = objects(fixture.getJSONArray("renewal_signals")).map { s ->
        val e = s.getJSONObject("explanation")
        RenewalSignal(
            membershipId = s.getString("membership_id"),
            accountId = s.getString("account_id"),
            termEnd = LocalDate.parse(s.getString("term_end")),
            pRenew = number(s.get("p_renew")),
            explanation = Explanation(
                baseline = number(e.get("baseline")),
                contributions = objects(e.getJSONArray("contributions")).map { c ->
                    Contribution(c.getString("feature"), number(c.get("value")), number(c.get("contribution")))
                },
                logOdds = number(e.get("log_odds")),
                probability = number(e.get("probability")),
            ),
        )
    }

    @Test
    fun `the renewal model fitted on the sample book and its signals are core's`() {
        Book.fromJson(Fixtures.sampleBook).use { book ->
            val history = renewalHistory(book, asOf, fixture.getInt("lead_days").toUInt())
            assertEquals(fixture.getInt("cases"), history.cases.size)
            assertEquals(history.cases.map { it.renewed!! }, history.renewed)
            val settings = RenewalSettings(l2 = number(fixture.get("l2")))
            RenewalModel.fit(history.features, history.renewed!!, settings = settings).use { m ->
                val model = fixture.getJSONObject("model")
                assertEquals(strings(model.getJSONArray("names")), m.featureNames())
                assertEquals(number(model.get("intercept")), m.intercept())
                assertEquals(numbers(model.getJSONArray("coefficients")), m.coefficients())
                assertEquals(numbers(model.getJSONArray("means")), m.means())
                val fit = fixture.getJSONObject("fit")
                val want = RenewalFitSummary(
                    logLikelihood = number(fit.get("log_likelihood")),
                    iterations = fit.getLong("iterations").toULong(),
                    rows = fit.getLong("rows").toULong(),
                    constantFeatures = strings(fit.getJSONArray("constant_features")),
                )
                assertEquals(want, m.fitSummary())

                val signals = renewalSignals(book, m, asOf, fixture.getInt("within_days").toUInt())
                assertEquals(expectedSignals(), signals)
            }
        }
    }

    @Test
    fun `a model rebuilt from the fixture's coefficients gives the same signals`() {
        val model = fixture.getJSONObject("model")
        Book.fromJson(Fixtures.sampleBook).use { book ->
            RenewalModel(
                strings(model.getJSONArray("names")),
                number(model.get("intercept")),
                numbers(model.getJSONArray("coefficients")),
                numbers(model.getJSONArray("means")),
            ).use { m ->
                val within = fixture.getInt("within_days").toUInt()
                assertEquals(expectedSignals(), renewalSignals(book, m, asOf, within))
                // Each signal is the model's explanation of the member's row in renewalsDue.
                val due = renewalsDue(book, asOf, within)
                assertTrue(due.cases.isNotEmpty())
                assertEquals(expectedSignals().size, due.cases.size)
                val byMembership = renewalSignals(book, m, asOf, within).associateBy { it.membershipId }
                for ((i, case) in due.cases.withIndex()) {
                    val row = due.features.columns.map { it[i] }
                    assertEquals(byMembership.getValue(case.membershipId).explanation, m.explain(row))
                }
            }
        }
    }

    @Test
    fun `dormant signals from the book are core's`() {
        Book.fromJson(Fixtures.sampleBook).use { book ->
            PurchaseHistory(book, asOf, TimeUnit.WEEKS).use { history ->
                BetaGeoModel(0.243, 4.414, 0.793, 2.426).use { bg ->
                    val got = bg.dormantSignals(history, number(fixture.get("dormant_horizon_weeks")))
                    val want = objects(fixture.getJSONArray("dormant_signals")).map { s ->
                        DormantSignal(
                            accountId = s.getString("account_id"),
                            frequency = number(s.get("frequency")),
                            recency = number(s.get("recency")),
                            t = number(s.get("t")),
                            pAlive = number(s.get("p_alive")),
                            expectedPurchases = number(s.get("expected_purchases")),
                        )
                    }
                    assertEquals(want, got)
                    // The history holds the same accounts and summaries.
                    assertTrue(want.isNotEmpty())
                    assertEquals(want.map { it.accountId }.sorted(), history.accountIds().sorted())
                    val rows = history.accountIds().indices.associate { i ->
                        history.accountIds()[i] to Triple(history.frequency()[i], history.recency()[i], history.t()[i])
                    }
                    for (s in want) assertEquals(Triple(s.frequency, s.recency, s.t), rows[s.accountId])
                }
            }
        }
    }
}
