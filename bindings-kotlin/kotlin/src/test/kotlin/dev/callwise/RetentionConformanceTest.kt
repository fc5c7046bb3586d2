package dev.callwise

import org.json.JSONArray
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * The retention models through the binding give core's answers bit for bit: every number
 * in `tests/conformance/retention.json` (written by core's `retention_conformance_fixture`
 * test from the same data) is compared with `==` on `Double`s.
 */
class RetentionConformanceTest {
    private val fixture = JSONObject(Fixtures.retention)
    private val cdnow = RetentionData.cdnow

    /**
     * A JSON number as the `Double` its text denotes. org.json keeps decimals as
     * `BigDecimal`, whose text is the digits written; Kotlin's `toDouble()` rounds it
     * correctly, as serde_json's writer assumes.
     */
    private fun number(value: Any?): Double = (value as Number).toString().toDouble()

    private fun numbers(array: JSONArray): List<Double> = (0 until array.length()).map { number(array.get(it)) }

    private fun params(section: JSONObject): Map<String, Double> =
        section.getJSONObject("params").let { p -> p.keySet().associateWith { number(p.get(it)) } }

    private fun List<Parameter>.asMap(): Map<String, Double> = associate { it.name to it.value }

    /** The first ten CDNOW customers' scores, per customer and in one batch. */
    private fun checkPurchaseModel(
        name: String,
        params: List<Parameter>,
        summary: FitSummary,
        alive: (Double, Double, Double) -> Double,
        expected: (Double, Double, Double, Double) -> Double,
        score: (Double, List<Double>, List<Double>, List<Double>) -> Scores,
    ) {
        val section = fixture.getJSONObject(name)
        assertEquals(params(section), params.asMap(), name)
        assertEquals(number(section.get("log_likelihood")), summary.logLikelihood, name)
        val horizon = number(section.get("t"))
        val wantAlive = numbers(section.getJSONArray("p_alive"))
        val wantExpected = numbers(section.getJSONArray("expected_purchases"))
        assertEquals(10, wantAlive.size)
        val (f, r, t) = Triple(cdnow.frequency.take(10), cdnow.recency.take(10), cdnow.t.take(10))
        assertEquals(wantAlive, f.indices.map { alive(f[it], r[it], t[it]) }, name)
        assertEquals(wantExpected, f.indices.map { expected(horizon, f[it], r[it], t[it]) }, name)
        assertEquals(Scores(wantAlive, wantExpected), score(horizon, f, r, t), name)
    }

    // The three purchase models share no Kotlin interface, so each test names its own
    // model's methods; everything else is in checkPurchaseModel.
    @Test
    fun `BG NBD fit and scores are core's`() = BetaGeoModel.fit(cdnow.frequency, cdnow.recency, cdnow.t).use { m ->
        checkPurchaseModel("bg_nbd", m.params(), m.fitSummary()!!, m::probabilityAlive, m::expectedPurchases, m::score)
    }

    @Test
    fun `MBG NBD fit and scores are core's`() = ModifiedBetaGeoModel.fit(cdnow.frequency, cdnow.recency, cdnow.t).use { m ->
        checkPurchaseModel("mbg_nbd", m.params(), m.fitSummary()!!, m::probabilityAlive, m::expectedPurchases, m::score)
    }

    @Test
    fun `Pareto NBD fit and scores are core's`() = ParetoNbdModel.fit(cdnow.frequency, cdnow.recency, cdnow.t).use { m ->
        checkPurchaseModel("pareto_nbd", m.params(), m.fitSummary()!!, m::probabilityAlive, m::expectedPurchases, m::score)
    }

    @Test
    fun `sBG fits and curves are core's for both cohorts`() {
        for ((name, survivors) in listOf("sbg_regular" to RetentionData.regular, "sbg_high_end" to RetentionData.highEnd)) {
            val section = fixture.getJSONObject(name)
            ShiftedBetaGeoModel.fitCohort(survivors).use { m ->
                assertEquals(params(section), m.params().asMap(), name)
                assertEquals(number(section.get("log_likelihood")), m.fitSummary()!!.logLikelihood, name)
                assertEquals(numbers(section.getJSONArray("survival")), (0..12).map { m.survival(it.toDouble()) }, name)
                assertEquals(numbers(section.getJSONArray("retention_rate")), (1..12).map { m.retentionRate(it.toDouble()) }, name)
            }
        }
    }

    @Test
    fun `Gamma-Gamma fit and expected spend are core's`() {
        val section = fixture.getJSONObject("gamma_gamma")
        val (x, m) = RetentionData.cdnowSpend
        GammaGammaModel.fit(x, m).use { gg ->
            assertEquals(params(section), gg.params().asMap())
            assertEquals(number(section.get("log_likelihood")), gg.fitSummary()!!.logLikelihood)
            assertEquals(numbers(section.getJSONArray("expected_spend")), (0 until 10).map { gg.expectedSpend(x[it], m[it]) })
        }
    }

    @Test
    fun `BG BB fit and scores are core's`() {
        val section = fixture.getJSONObject("bg_bb")
        val (f, r, n, w) = RetentionData.donations
        BetaGeoBetaBinomModel.fit(f, r, n, w).use { m ->
            assertEquals(params(section), m.params().asMap())
            assertEquals(number(section.get("log_likelihood")), m.fitSummary()!!.logLikelihood)
            val alive = numbers(section.getJSONArray("p_alive"))
            val expected = numbers(section.getJSONArray("expected_purchases"))
            assertEquals(f.size, alive.size)
            assertEquals(Scores(alive, expected), m.score(5.0, f, r, n))
        }
    }
}
