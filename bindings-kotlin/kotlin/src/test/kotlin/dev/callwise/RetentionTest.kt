package dev.callwise

import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal
import java.math.RoundingMode
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** The retention data sets under `tests/data/retention/`, as columns. */
object RetentionData {
    /** A CSV of numbers with the expected header, as columns. */
    fun csv(name: String, header: String): List<List<Double>> {
        val lines = Fixtures.read("data", "retention", name).lines().filter { it.isNotBlank() }
        check(lines.first() == header) { "$name: ${lines.first()}" }
        val rows = lines.drop(1).map { line -> line.split(',').map { it.trim().toDouble() } }
        return header.split(',').indices.map { i -> rows.map { it[i] } }
    }

    /** CDNOW's 2,357-customer calibration summary (weeks): ID, frequency, recency, T. */
    val cdnow: CustomerColumns by lazy {
        val (_, f, r, t) = csv("cdnow_customers_summary.csv", "ID,frequency,recency,T")
        CustomerColumns(f, r, t)
    }

    /** CDNOW's repeat buyers: repeat purchases and mean spend per purchase (946 rows). */
    val cdnowSpend: Pair<List<Double>, List<Double>> by lazy {
        val cols = csv("cdnow_customers_summary_with_transactions.csv", "ID,x,t_x,T,zbar")
        val repeat = cols[1].indices.filter { cols[1][it] > 0.0 }
        repeat.map { cols[1][it] } to repeat.map { cols[4][it] }
    }

    /** Fader, Hardie and Shang's donations: 22 distinct (x, t_x, n) rows with counts. */
    val donations: List<List<Double>> by lazy {
        csv("donations.csv", "frequency,recency,periods,weights")
    }

    /** Fader and Hardie (2007): survivors of the "regular" cohort, years 0 to 7. */
    val regular = listOf(1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0)

    /** Fader and Hardie (2007): survivors of the "high end" cohort, years 0 to 7. */
    val highEnd = listOf(1000.0, 869.0, 743.0, 653.0, 593.0, 551.0, 517.0, 491.0)
}

/** Customer summaries (frequency, recency, T) as columns. */
class CustomerColumns(val frequency: List<Double>, val recency: List<Double>, val t: List<Double>) {
    val size: Int get() = frequency.size
}

/** Rounds to `digits` decimals, half away from zero, as a paper prints. */
fun printed(value: Double, digits: Int): Double =
    BigDecimal(value).setScale(digits, RoundingMode.HALF_UP).toDouble()

/** Retention models: the published fits, per-customer scores, typed errors, threads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionTest {
    private val cdnow = RetentionData.cdnow
    private lateinit var bgNbd: BetaGeoModel

    @BeforeAll
    fun fit() {
        bgNbd = BetaGeoModel.fit(cdnow.frequency, cdnow.recency, cdnow.t)
    }

    @AfterAll
    fun close() {
        bgNbd.close()
    }

    @Test
    fun `BG NBD reproduces Fader Hardie and Lee 2005 on CDNOW`() {
        val m = bgNbd
        assertEquals(0.243, printed(m.r(), 3))
        assertEquals(4.414, printed(m.alpha(), 3))
        assertEquals(0.793, printed(m.a(), 3))
        assertEquals(2.426, printed(m.b(), 3))
        val summary = m.fitSummary()!!
        assertEquals(-9582.4, printed(summary.logLikelihood, 1))
        assertEquals(cdnow.size.toULong(), summary.rows)
        assertTrue(summary.distinctRows in 1uL..summary.rows, "${summary.distinctRows}")
        assertTrue(summary.method in setOf("newton", "l-bfgs", "nelder-mead"), summary.method)
        assertTrue(summary.iterations > 0uL)
        assertTrue(summary.evaluations in 1uL..defaultFitSettings().maxEvaluations!!, "${summary.evaluations}")
        assertEquals(4, summary.stdErrors.size)
        val params = m.params()
        assertEquals(listOf("r", "alpha", "a", "b"), params.map { it.name })
        assertEquals(listOf(m.r(), m.alpha(), m.a(), m.b()), params.map { it.value })
        for ((se, p) in summary.stdErrors.zip(params)) {
            assertTrue(se.isFinite() && se > 0.0 && se < p.value, "${p.name}: $se")
        }
        // The log-likelihood of the data at the fit is the fit's own.
        assertEquals(summary.logLikelihood, m.logLikelihood(cdnow.frequency, cdnow.recency, cdnow.t, null), 1e-6)
        // The paper's example customer: x = 2, t_x = 30.43, T = 38.86: E[X(39)] = 1.226.
        assertEquals(listOf(2.0, 30.43, 38.86), listOf(cdnow.frequency[0], cdnow.recency[0], cdnow.t[0]))
        assertEquals(1.226, printed(m.expectedPurchases(39.0, 2.0, 30.43, 38.86), 3))
    }

    @Test
    fun `MBG NBD and Pareto NBD fit CDNOW`() {
        ModifiedBetaGeoModel.fit(cdnow.frequency, cdnow.recency, cdnow.t).use { m ->
            // lifetimes 0.11.3 on the same data.
            for ((got, want) in listOf(m.r() to 0.5248377255676637, m.alpha() to 6.1829884791339715,
                m.a() to 0.8913562809311422, m.b() to 1.6140000256721438)) {
                assertEquals(want, got, 1e-4 * want)
            }
            assertEquals(listOf("r", "alpha", "a", "b"), m.params().map { it.name })
            // A customer with no repeat purchase may have dropped out already.
            assertTrue(m.probabilityAlive(0.0, 0.0, 38.86) < 1.0)
        }
        ParetoNbdModel.fit(cdnow.frequency, cdnow.recency, cdnow.t).use { m ->
            // Near the published fit (r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669,
            // LL = -9595.0): core's own tests hold it to the printed digits.
            for ((got, want) in listOf(m.r() to 0.553, m.alpha() to 10.578, m.s() to 0.606, m.beta() to 11.669)) {
                assertEquals(want, got, 1e-3 * want)
            }
            assertEquals(-9595.0, m.fitSummary()!!.logLikelihood, 0.1)
            assertEquals(listOf("r", "alpha", "s", "beta"), m.params().map { it.name })
        }
    }

    @Test
    fun `models from known parameters keep them and have no fit summary`() {
        BetaGeoModel(0.243, 4.414, 0.793, 2.426).use { m ->
            assertEquals(listOf(0.243, 4.414, 0.793, 2.426), listOf(m.r(), m.alpha(), m.a(), m.b()))
            assertNull(m.fitSummary())
            // BG/NBD: no repeat purchase, no chance to have dropped out.
            assertEquals(1.0, m.probabilityAlive(0.0, 0.0, 38.86))
            val quiet = m.probabilityAlive(2.0, 5.0, 38.86)
            val busy = m.probabilityAlive(2.0, 38.0, 38.86)
            assertTrue(quiet < busy, "$quiet vs $busy")
            assertEquals(0.0, m.expectedPurchases(0.0, 2.0, 5.0, 38.86))
            assertTrue(m.expectedPurchasesNew(52.0) > m.expectedPurchasesNew(26.0))
        }
        ModifiedBetaGeoModel(0.525, 6.183, 0.891, 1.614).use { m ->
            assertEquals(listOf(0.525, 6.183, 0.891, 1.614), m.params().map { it.value })
        }
        ParetoNbdModel(0.553, 10.578, 0.606, 11.669).use { m ->
            assertEquals(listOf(0.553, 10.578, 0.606, 11.669), listOf(m.r(), m.alpha(), m.s(), m.beta()))
            val e = m.expectedPurchases(39.0, 2.0, 30.43, 38.86)
            assertTrue(e > 0.5 && e < 2.0, "$e")
            assertTrue(m.expectedPurchasesNew(39.0) > 0.0)
        }
    }

    @Test
    fun `batch scores equal the per-customer scores exactly`() {
        val n = 200
        val f = cdnow.frequency.take(n)
        val r = cdnow.recency.take(n)
        val t = cdnow.t.take(n)
        ParetoNbdModel(0.553, 10.578, 0.606, 11.669).use { pareto ->
            for (m in listOf<Any>(bgNbd, pareto)) {
                val scores = when (m) {
                    is BetaGeoModel -> m.score(39.0, f, r, t)
                    is ParetoNbdModel -> m.score(39.0, f, r, t)
                    else -> error("$m")
                }
                assertEquals(n, scores.pAlive.size)
                assertEquals(n, scores.expectedPurchases.size)
                for (i in 0 until n) {
                    val (alive, expected) = when (m) {
                        is BetaGeoModel -> m.probabilityAlive(f[i], r[i], t[i]) to m.expectedPurchases(39.0, f[i], r[i], t[i])
                        is ParetoNbdModel -> m.probabilityAlive(f[i], r[i], t[i]) to m.expectedPurchases(39.0, f[i], r[i], t[i])
                        else -> error("$m")
                    }
                    assertEquals(alive, scores.pAlive[i], "row $i")
                    assertEquals(expected, scores.expectedPurchases[i], "row $i")
                    assertTrue(alive in 0.0..1.0 && expected >= 0.0, "row $i")
                }
            }
        }
        assertEquals(Scores(emptyList(), emptyList()), bgNbd.score(39.0, emptyList(), emptyList(), emptyList()))
    }

    @Test
    fun `fit settings left out are core's defaults`() {
        // Core's FitOptions::default(), every field filled in but the model's own start.
        val defaults = defaultFitSettings()
        assertEquals(FitSettings(maxIterations = 1000uL, maxEvaluations = 5000uL, tolerance = 1e-9, initial = null, groupRows = true), defaults)
        assertEquals(FitSettings(null, null, null, null, null), FitSettings())
        val f = cdnow.frequency.take(300)
        val r = cdnow.recency.take(300)
        val t = cdnow.t.take(300)
        val implicit = BetaGeoModel.fit(f, r, t).use { it.params() to it.fitSummary() }
        val explicit = BetaGeoModel.fit(f, r, t, null, defaults).use { it.params() to it.fitSummary() }
        assertEquals(implicit, explicit)
        // Ungrouped rows and an explicit start reach the same optimum.
        BetaGeoModel.fit(f, r, t, settings = FitSettings(groupRows = false, initial = listOf(0.5, 5.0, 0.5, 2.0))).use { m ->
            assertEquals(300uL, m.fitSummary()!!.distinctRows)
            for ((a, b) in m.params().zip(implicit.first)) assertEquals(b.value, a.value, 1e-6 * b.value, a.name)
        }
    }

    @Test
    fun `weights stand for identical customers`() {
        val f = cdnow.frequency.take(300)
        val r = cdnow.recency.take(300)
        val t = cdnow.t.take(300)
        val once = BetaGeoModel.fit(f, r, t).use { it.params() to it.fitSummary()!! }
        val twice = BetaGeoModel.fit(f, r, t, List(300) { 2.0 }).use { it.params() to it.fitSummary()!! }
        for ((a, b) in once.first.zip(twice.first)) assertEquals(a.value, b.value, 1e-9 * a.value, a.name)
        assertEquals(2 * once.second.logLikelihood, twice.second.logLikelihood, 1e-6)
        val ll = bgNbd.logLikelihood(f, r, t, List(300) { 3.0 })
        assertEquals(3 * bgNbd.logLikelihood(f, r, t, null), ll, 1e-9 * -ll)
    }

    private fun invalid(name: String, block: () -> Unit): CallwiseException.InvalidArgument {
        val e = assertThrows<CallwiseException.InvalidArgument>(name) { block() }
        assertEquals(name, e.name, e.reason)
        assertTrue(e.message.contains(e.reason), e.message)
        return e
    }

    @Test
    fun `bad customers are typed invalid arguments naming the value`() {
        val m = bgNbd
        assertTrue(invalid("recency") { m.probabilityAlive(3.0, 11.0, 10.0) }.reason.contains("greater than T"))
        invalid("recency") { m.probabilityAlive(0.0, 1.0, 10.0) } // no repeat purchase, yet a recency
        invalid("frequency") { m.probabilityAlive(Double.NaN, 1.0, 10.0) }
        invalid("frequency") { m.probabilityAlive(1.5, 1.0, 10.0) }
        invalid("frequency") { m.probabilityAlive(-1.0, 1.0, 10.0) }
        invalid("frequency") { m.expectedPurchases(39.0, Double.POSITIVE_INFINITY, 1.0, 10.0) }
        invalid("recency") { m.probabilityAlive(1.0, -1.0, 10.0) }
        invalid("recency") { m.probabilityAlive(1.0, Double.NaN, 10.0) }
        invalid("T") { m.probabilityAlive(1.0, 1.0, Double.NaN) }
        invalid("T") { m.expectedPurchases(39.0, 1.0, 1.0, -10.0) }
        // The horizon is core's `t`.
        invalid("t") { m.expectedPurchases(-1.0, 1.0, 1.0, 10.0) }
        invalid("t") { m.expectedPurchases(Double.NaN, 1.0, 1.0, 10.0) }
        invalid("t") { m.expectedPurchasesNew(Double.NEGATIVE_INFINITY) }
        invalid("t") { m.score(Double.NaN, listOf(1.0), listOf(1.0), listOf(2.0)) }
    }

    @Test
    fun `bad columns name the column and the row`() {
        val m = bgNbd
        // A column of another length is named, with the column it is measured against.
        assertEquals("has 1 rows but `frequency` has 2", invalid("recency") { m.score(39.0, listOf(1.0, 2.0), listOf(1.0), listOf(2.0, 3.0)) }.reason)
        assertEquals("has 2 rows but `frequency` has 1", invalid("T") { m.score(39.0, listOf(1.0), listOf(1.0), listOf(2.0, 3.0)) }.reason)
        val e = invalid("recency") { m.score(39.0, listOf(1.0, 2.0, 3.0), listOf(1.0, 2.0, 5.0), listOf(2.0, 3.0, 4.0)) }
        assertTrue(e.reason.contains("row 2"), e.reason)
        assertTrue(invalid("frequency") { m.score(39.0, listOf(1.0, 0.5), listOf(1.0, 0.1), listOf(2.0, 3.0)) }.reason.startsWith("row 1: "))
        invalid("frequency") { BetaGeoModel.fit(listOf(1.0, Double.NaN), listOf(1.0, 1.0), listOf(2.0, 3.0)) }
        invalid("T") { ParetoNbdModel.fit(listOf(1.0), listOf(1.0), listOf(2.0, 3.0)) }
        invalid("weights") { BetaGeoModel.fit(listOf(1.0), listOf(1.0), listOf(2.0), listOf(1.0, 2.0)) }
        invalid("weights") { BetaGeoModel.fit(listOf(1.0), listOf(1.0), listOf(2.0), listOf(-1.0)) }
        invalid("weights") { m.logLikelihood(listOf(1.0), listOf(1.0), listOf(2.0), listOf(Double.NaN)) }
        invalid("recency") { m.logLikelihood(listOf(1.0), listOf(3.0), listOf(2.0), null) }
        // Nobody to fit.
        invalid("frequency") { BetaGeoModel.fit(emptyList(), emptyList(), emptyList()) }
        invalid("frequency") { ModifiedBetaGeoModel.fit(listOf(1.0), listOf(1.0), listOf(2.0), listOf(0.0)) }
        invalid("frequency") { ParetoNbdModel.fit(emptyList(), emptyList(), emptyList()) }
    }

    @Test
    fun `bad parameters and settings are typed invalid arguments`() {
        invalid("alpha") { BetaGeoModel(0.243, -1.0, 0.793, 2.426) }
        invalid("r") { BetaGeoModel(Double.NaN, 4.414, 0.793, 2.426) }
        invalid("b") { ModifiedBetaGeoModel(0.5, 6.0, 0.9, 0.0) }
        invalid("s") { ParetoNbdModel(0.553, 10.578, 0.0, 11.669) }
        invalid("beta") { ParetoNbdModel(0.553, 10.578, 0.606, Double.POSITIVE_INFINITY) }
        val (f, r, t) = Triple(cdnow.frequency.take(50), cdnow.recency.take(50), cdnow.t.take(50))
        invalid("tolerance") { BetaGeoModel.fit(f, r, t, settings = FitSettings(tolerance = 0.0)) }
        invalid("tolerance") { BetaGeoModel.fit(f, r, t, settings = FitSettings(tolerance = Double.NaN)) }
        invalid("initial") { BetaGeoModel.fit(f, r, t, settings = FitSettings(initial = listOf(1.0, 2.0))) }
        invalid("initial") { ParetoNbdModel.fit(f, r, t, settings = FitSettings(initial = listOf(1.0, -2.0, 1.0, 1.0))) }
    }

    @Test
    fun `a fit that does not converge carries its best point`() {
        val e = assertThrows<CallwiseException.NotConverged> {
            BetaGeoModel.fit(cdnow.frequency, cdnow.recency, cdnow.t, settings = FitSettings(maxIterations = 1uL))
        }
        assertEquals("BG/NBD", e.model)
        assertEquals(listOf("r", "alpha", "a", "b"), e.best.map { it.name })
        assertTrue(e.best.all { it.value.isFinite() && it.value > 0.0 }, "${e.best}")
        assertTrue(e.iterations > 0uL)
        assertTrue(e.logLikelihood < 0.0)
        assertTrue(e.message.contains("BG/NBD"), e.message)
        // A bound on the whole fit's evaluations ends it the same way.
        assertThrows<CallwiseException.NotConverged> {
            ParetoNbdModel.fit(cdnow.frequency, cdnow.recency, cdnow.t, settings = FitSettings(maxEvaluations = 3uL))
        }
        // The best point is a model of its own.
        val best = e.best.map { it.value }
        BetaGeoModel(best[0], best[1], best[2], best[3]).use { m ->
            assertEquals(e.logLikelihood, m.logLikelihood(cdnow.frequency, cdnow.recency, cdnow.t, null), 1e-6 * -e.logLikelihood)
        }
    }

    @Test
    fun `sBG reproduces Fader and Hardie 2007 on both cohorts`() {
        ShiftedBetaGeoModel.fitCohort(RetentionData.regular).use { m ->
            assertEquals(0.704, printed(m.alpha(), 3))
            assertEquals(1.182, printed(m.beta(), 3))
            assertEquals(listOf("alpha", "beta"), m.params().map { it.name })
            assertEquals(listOf(m.alpha(), m.beta()), m.params().map { it.value })
            val summary = m.fitSummary()!!
            assertEquals(2, summary.stdErrors.size)
            assertTrue(summary.logLikelihood < 0.0)
        }
        ShiftedBetaGeoModel.fitCohort(RetentionData.highEnd).use { m ->
            assertEquals(0.668, printed(m.alpha(), 3))
            assertEquals(3.806, printed(m.beta(), 3))
        }
    }

    @Test
    fun `sBG member records give the cohort's fit, and its curves hang together`() {
        val cohort = RetentionData.regular
        val renewals = (1 until cohort.size).map { (it - 1).toDouble() } + (cohort.size - 1).toDouble()
        val lapsed = (1 until cohort.size).map { true } + false
        val weights = (1 until cohort.size).map { cohort[it - 1] - cohort[it] } + cohort.last()
        val fromCohort = ShiftedBetaGeoModel.fitCohort(cohort).use { it.params() to it.fitSummary()!! }
        ShiftedBetaGeoModel.fitMembers(renewals, lapsed, weights).use { m ->
            for ((a, b) in m.params().zip(fromCohort.first)) assertEquals(b.value, a.value, 1e-9 * b.value, a.name)
            assertEquals(fromCohort.second.logLikelihood, m.fitSummary()!!.logLikelihood, 1e-6)
            assertEquals(cohort.size.toULong(), m.fitSummary()!!.rows)
        }
        ShiftedBetaGeoModel(0.704, 1.182).use { m ->
            assertNull(m.fitSummary())
            assertEquals(1.0, m.survival(0.0))
            assertEquals(m.survival(1.0), m.retentionRate(1.0), 1e-15)
            for (t in 1..12) {
                assertEquals(m.survival(t - 1.0) - m.survival(t.toDouble()), m.churnProbability(t.toDouble()), 1e-15)
                assertEquals(m.retentionRate(t + 1.0), m.renewalProbability(t.toDouble()), 1e-15)
                assertTrue(m.retentionRate(t + 1.0) > m.retentionRate(t.toDouble()), "retention rises with tenure")
            }
            val newcomer = m.discountedExpectedResidualLifetime(0.0, 0.1)
            val veteran = m.discountedExpectedResidualLifetime(6.0, 0.1)
            assertTrue(veteran > newcomer && newcomer > m.renewalProbability(0.0), "$newcomer $veteran")
        }
        // Members who lapsed and members still active, one row each.
        ShiftedBetaGeoModel.fitMembers(
            listOf(0.0, 0.0, 1.0, 3.0, 5.0, 2.0, 0.0, 4.0),
            listOf(true, true, true, false, false, true, false, false),
        ).use { m ->
            assertTrue(m.renewalProbability(3.0) > m.renewalProbability(0.0))
            assertEquals(8uL, m.fitSummary()!!.rows)
        }
    }

    @Test
    fun `sBG bad input is a typed invalid argument`() {
        ShiftedBetaGeoModel(0.704, 1.182).use { m ->
            invalid("t") { m.survival(1.5) }
            invalid("t") { m.survival(-1.0) }
            invalid("t") { m.survival(Double.NaN) }
            invalid("t") { m.retentionRate(0.0) }
            invalid("t") { m.churnProbability(0.0) }
            invalid("renewals") { m.renewalProbability(Double.POSITIVE_INFINITY) }
            invalid("renewals") { m.discountedExpectedResidualLifetime(-1.0, 0.1) }
            invalid("discount_rate") { m.discountedExpectedResidualLifetime(1.0, 0.0) }
            invalid("discount_rate") { m.discountedExpectedResidualLifetime(1.0, Double.NaN) }
        }
        invalid("alpha") { ShiftedBetaGeoModel(0.0, 1.0) }
        invalid("beta") { ShiftedBetaGeoModel(1.0, -1.0) }
        invalid("survivors") { ShiftedBetaGeoModel.fitCohort(listOf(1000.0)) }
        assertTrue(invalid("survivors") { ShiftedBetaGeoModel.fitCohort(listOf(1000.0, 1200.0)) }.reason.contains("row 1"))
        invalid("survivors") { ShiftedBetaGeoModel.fitCohort(listOf(1000.0, 500.5)) }
        invalid("survivors") { ShiftedBetaGeoModel.fitCohort(listOf(Double.NaN, 500.0)) }
        invalid("survivors") { ShiftedBetaGeoModel.fitCohort(listOf(0.0, 0.0)) }
        invalid("tolerance") { ShiftedBetaGeoModel.fitCohort(RetentionData.regular, FitSettings(tolerance = -1.0)) }
        invalid("lapsed") { ShiftedBetaGeoModel.fitMembers(listOf(1.0, 2.0), listOf(true)) }
        invalid("renewals") { ShiftedBetaGeoModel.fitMembers(listOf(1.5), listOf(true)) }
        invalid("renewals") { ShiftedBetaGeoModel.fitMembers(emptyList(), emptyList()) }
        invalid("weights") { ShiftedBetaGeoModel.fitMembers(listOf(1.0), listOf(true), listOf(-2.0)) }
    }

    @Test
    fun `Gamma-Gamma fits CDNOW's repeat buyers`() {
        val (x, m) = RetentionData.cdnowSpend
        assertEquals(946, x.size)
        GammaGammaModel.fit(x, m).use { gg ->
            // Published: p = 6.25, q = 3.74, gamma = 15.44; the maximum is at 15.4477.
            assertEquals(6.25, printed(gg.p(), 2))
            assertEquals(3.74, printed(gg.q(), 2))
            assertEquals(15.45, printed(gg.gamma(), 2))
            assertEquals(listOf("p", "q", "gamma"), gg.params().map { it.name })
            val ll = gg.fitSummary()!!.logLikelihood
            assertEquals(ll, gg.logLikelihood(x, m, null), 1e-6)
            GammaGammaModel(6.25, 3.74, 15.44).use { printedFit -> assertTrue(ll > printedFit.logLikelihood(x, m, null)) }
            // Spend is pulled from the customer's own mean towards the population's.
            val population = gg.expectedSpend(0.0, 0.0)
            val spend = gg.expectedSpend(2.0, 22.35)
            assertTrue(spend > 22.35 && spend < population, "$spend $population")
        }
        GammaGammaModel(6.25, 3.74, 15.44).use { gg ->
            assertNull(gg.fitSummary())
            assertEquals(6.25 * 15.44 / 2.74, gg.expectedSpend(0.0, 0.0), 1e-9)
            invalid("frequency") { gg.expectedSpend(1.5, 10.0) }
            invalid("monetary_value") { gg.expectedSpend(1.0, -10.0) }
            invalid("monetary_value") { gg.expectedSpend(1.0, Double.NaN) }
        }
        GammaGammaModel(0.5, 0.5, 1.0).use { gg -> invalid("q") { gg.expectedSpend(0.0, 0.0) } }
        invalid("gamma") { GammaGammaModel(6.25, 3.74, 0.0) }
        invalid("frequency") { GammaGammaModel.fit(listOf(0.0), listOf(10.0)) } // no repeat purchase
        invalid("monetary_value") { GammaGammaModel.fit(listOf(1.0, 2.0), listOf(10.0)) }
        assertTrue(invalid("monetary_value") { GammaGammaModel.fit(listOf(1.0, 2.0), listOf(10.0, 0.0)) }.reason.contains("row 1"))
        invalid("frequency") { GammaGammaModel.fit(emptyList(), emptyList()) }
    }

    @Test
    fun `customer lifetime value combines a purchase model with Gamma-Gamma`() {
        GammaGammaModel(6.25, 3.74, 15.44).use { spend ->
            ParetoNbdModel(0.553, 10.578, 0.606, 11.669).use { pareto ->
                val models = listOf(
                    { s: ClvSettings -> bgNbd.customerLifetimeValue(spend, 2.0, 30.43, 38.86, 22.35, s) },
                    { s: ClvSettings -> pareto.customerLifetimeValue(spend, 2.0, 30.43, 38.86, 22.35, s) },
                )
                for (clv in models) {
                    val year = clv(ClvSettings())
                    assertEquals(year, clv(defaultClvSettings()))
                    assertTrue(year > 0.0, "$year")
                    assertTrue(clv(ClvSettings(months = 24u)) > year)
                    assertTrue(clv(ClvSettings(monthlyDiscountRate = 0.05)) < year)
                    assertEquals(0.0, clv(ClvSettings(months = 0u)))
                    invalid("monthly_discount_rate") { clv(ClvSettings(monthlyDiscountRate = Double.NaN)) }
                    invalid("monthly_discount_rate") { clv(ClvSettings(monthlyDiscountRate = -1.0)) }
                    invalid("periods_per_month") { clv(ClvSettings(periodsPerMonth = 0.0)) }
                }
            }
            // One month: the month's expected purchases at the expected spend, discounted.
            val month = bgNbd.customerLifetimeValue(spend, 2.0, 30.43, 38.86, 22.35, ClvSettings(1u, 0.01, 4.345))
            val want = bgNbd.expectedPurchases(4.345, 2.0, 30.43, 38.86) * spend.expectedSpend(2.0, 22.35) / 1.01
            assertEquals(want, month, 1e-12 * want)
            assertEquals(
                bgNbd.customerLifetimeValue(spend, 2.0, 30.43, 38.86, 22.35),
                bgNbd.customerLifetimeValue(spend, 2.0, 30.43, 38.86, 22.35, ClvSettings()),
            )
            invalid("recency") { bgNbd.customerLifetimeValue(spend, 2.0, 40.0, 38.86, 22.35) }
            invalid("monetary_value") { bgNbd.customerLifetimeValue(spend, 2.0, 30.43, 38.86, -1.0) }
            // A hundredfold growth a month for a century overflows: refused, not infinite.
            invalid("monthly_discount_rate") {
                bgNbd.customerLifetimeValue(spend, 2.0, 30.43, 38.86, 22.35, ClvSettings(1200u, -0.99))
            }
            // Many customers at once: the same values, row for row.
            val all = bgNbd.lifetimeValues(spend, listOf(2.0, 0.0), listOf(30.43, 0.0), listOf(38.86, 38.86), listOf(22.35, 0.0))
            assertEquals(bgNbd.customerLifetimeValue(spend, 2.0, 30.43, 38.86, 22.35), all.clv[0])
            assertEquals(bgNbd.customerLifetimeValue(spend, 0.0, 0.0, 38.86, 0.0), all.clv[1])
            assertEquals(spend.expectedSpend(0.0, 0.0), all.expectedSpend[1])
            invalid("monetary_value") { bgNbd.lifetimeValues(spend, listOf(2.0), listOf(30.43), listOf(38.86), listOf(22.35, 1.0)) }
        }
    }

    @Test
    fun `BG BB reproduces Fader Hardie and Shang 2010 on the donations`() {
        val (f, r, n, w) = RetentionData.donations
        BetaGeoBetaBinomModel.fit(f, r, n, w).use { m ->
            assertEquals(1.204, printed(m.alpha(), 3))
            assertEquals(0.750, printed(m.beta(), 3))
            assertEquals(0.657, printed(m.gamma(), 3))
            assertEquals(2.783, printed(m.delta(), 3))
            assertEquals(-33225.6, printed(m.fitSummary()!!.logLikelihood, 1))
            assertEquals(listOf("alpha", "beta", "gamma", "delta"), m.params().map { it.name })
            assertEquals(22uL, m.fitSummary()!!.rows)
            val scores = m.score(5.0, f, r, n)
            for (i in f.indices) {
                assertEquals(m.probabilityAlive(f[i], r[i], n[i]), scores.pAlive[i])
                assertEquals(m.expectedPurchases(5.0, f[i], r[i], n[i]), scores.expectedPurchases[i])
            }
            assertTrue(m.probabilityAlive(6.0, 6.0, 6.0) > m.probabilityAlive(1.0, 1.0, 6.0))
        }
        BetaGeoBetaBinomModel(1.204, 0.750, 0.657, 2.783).use { m ->
            assertNull(m.fitSummary())
            invalid("recency") { m.probabilityAlive(4.0, 3.0, 6.0) } // more transactions than opportunities
            invalid("recency") { m.probabilityAlive(1.0, 7.0, 6.0) }
            invalid("periods") { m.probabilityAlive(1.0, 1.0, Double.NaN) }
            invalid("frequency") { m.expectedPurchases(5.0, 0.5, 1.0, 6.0) }
            invalid("future_periods") { m.expectedPurchases(-1.0, 1.0, 1.0, 6.0) }
            invalid("periods") { m.score(5.0, listOf(1.0), listOf(1.0), emptyList()) }
            invalid("weights") { m.logLikelihood(listOf(1.0), listOf(1.0), listOf(6.0), listOf(-1.0)) }
        }
        invalid("delta") { BetaGeoBetaBinomModel(1.2, 0.75, 0.66, Double.NaN) }
        invalid("frequency") { BetaGeoBetaBinomModel.fit(emptyList(), emptyList(), emptyList()) }
    }

    @Test
    fun `one model scored by four threads at once gives identical answers`() {
        val threads = 4
        val expected = bgNbd.score(39.0, cdnow.frequency, cdnow.recency, cdnow.t)
        val pool = Executors.newFixedThreadPool(threads)
        try {
            val start = CountDownLatch(1)
            val futures = (0 until threads).map { k ->
                pool.submit(Callable {
                    start.await()
                    (1..3).map {
                        val batch = bgNbd.score(39.0, cdnow.frequency, cdnow.recency, cdnow.t)
                        // And single customers, interleaved with the other threads' batches.
                        val i = (k * 577 + it * 131) % cdnow.size
                        val single = bgNbd.probabilityAlive(cdnow.frequency[i], cdnow.recency[i], cdnow.t[i])
                        assertEquals(expected.pAlive[i], single)
                        batch
                    }
                })
            }
            start.countDown()
            val results = futures.flatMap { it.get(120, TimeUnit.SECONDS) }
            assertEquals(threads * 3, results.size)
            assertTrue(results.all { it == expected })
        } finally {
            pool.shutdown()
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS))
        }
    }

    @Test
    fun `closed models fail cleanly`() {
        val m = BetaGeoModel(0.243, 4.414, 0.793, 2.426)
        m.close()
        assertTrue(m.uniffiIsDestroyed)
        val e = assertThrows<IllegalStateException> { m.probabilityAlive(1.0, 1.0, 2.0) }
        assertTrue(e.message!!.contains("destroyed"), e.message)
        m.close()
    }
}
