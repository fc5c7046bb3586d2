package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import kotlin.math.abs
import kotlin.math.ln

/** The covariate renewal model and the book's renewal and dormant signals. */
class RenewalTest {
    private val unpenalised = RenewalSettings(l2 = 0.0)

    /** A one-or-more-column table named x0, x1, ... */
    private fun table(vararg columns: List<Double>) =
        FeatureTable(columns.indices.map { "x$it" }, columns.toList())

    private fun invalid(name: String, block: () -> Unit): CallwiseException.InvalidArgument {
        val e = assertThrows<CallwiseException.InvalidArgument>(name) { block() }
        assertEquals(name, e.name, e.reason)
        return e
    }

    @Test
    fun `unpenalised fit with one binary feature is the log odds ratio`() {
        // Without the feature 3 of 5 renew; with it 8 of 10.
        val x = List(5) { 0.0 } + List(10) { 1.0 }
        val renewed = listOf(true, true, true, false, false) + List(8) { true } + List(2) { false }
        val intercept = ln(3.0 / 2.0)
        val oddsRatio = ln(4.0) - ln(1.5)
        RenewalModel.fit(table(x), renewed, settings = unpenalised).use { m ->
            assertEquals(intercept, m.intercept(), 1e-12)
            assertEquals(oddsRatio, m.coefficients()[0], 1e-12)
            val ll = 3 * ln(0.6) + 2 * ln(0.4) + 8 * ln(0.8) + 2 * ln(0.2)
            val fit = m.fitSummary()!!
            assertEquals(ll, fit.logLikelihood, 1e-12)
            assertEquals(15uL, fit.rows)
            assertTrue(fit.iterations > 0uL)
            assertEquals(emptyList<String>(), fit.constantFeatures)
            assertEquals(listOf("x0"), m.featureNames())
            assertEquals(listOf(2.0 / 3.0), m.means(), "training mean")
            assertEquals(0.6, m.probability(listOf(0.0)), 1e-12)
            assertEquals(0.8, m.probability(listOf(1.0)), 1e-12)
        }
        // Weights are frequency weights: the same data as four weighted rows.
        RenewalModel.fit(
            table(listOf(0.0, 0.0, 1.0, 1.0)),
            listOf(true, false, true, false),
            weights = listOf(3.0, 2.0, 8.0, 2.0),
            settings = unpenalised,
        ).use { m ->
            assertEquals(intercept, m.intercept(), 1e-12)
            assertEquals(oddsRatio, m.coefficients()[0], 1e-12)
        }
    }

    @Test
    fun `separated data without a penalty does not converge and with one fits`() {
        val x = listOf(0.0, 1.0, 2.0, 3.0, 4.0, 5.0)
        val y = listOf(false, false, false, true, true, true)
        val e = assertThrows<CallwiseException.NotConverged> { RenewalModel.fit(table(x), y, settings = unpenalised) }
        assertEquals("renewal logistic regression", e.model)
        assertEquals(listOf("intercept", "x0"), e.best.map { it.name })
        assertTrue(e.best.all { it.value.isFinite() }, "${e.best}")
        assertTrue(e.iterations > 0uL)
        RenewalModel.fit(table(x), y).use { m ->
            assertTrue(m.coefficients()[0] > 0.0 && m.coefficients()[0].isFinite())
        }
    }

    @Test
    fun `settings left out are core's defaults`() {
        assertEquals(RenewalSettings(l2 = 1.0, maxIterations = 100uL, tolerance = 1e-10), defaultRenewalSettings())
        val a = listOf(0.0, 1.0, 2.0, 0.0, 3.0, 1.0, 4.0, 2.0, 0.0, 5.0)
        val y = listOf(false, true, true, false, true, false, true, true, false, true)
        RenewalModel.fit(table(a), y).use { implicit ->
            RenewalModel.fit(table(a), y, null, defaultRenewalSettings()).use { explicit ->
                assertEquals(implicit.intercept(), explicit.intercept())
                assertEquals(implicit.coefficients(), explicit.coefficients())
                assertEquals(implicit.fitSummary(), explicit.fitSummary())
            }
            // A larger penalty pulls the coefficient towards 0.
            RenewalModel.fit(table(a), y, settings = RenewalSettings(l2 = 25.0)).use { strong ->
                assertTrue(abs(strong.coefficients()[0]) < abs(implicit.coefficients()[0]))
            }
        }
    }

    @Test
    fun `explanations add up and match the probability`() {
        RenewalModel(listOf("events", "late"), 0.2, listOf(0.5, -1.0), listOf(1.0, 0.5)).use { m ->
            assertNull(m.fitSummary())
            assertEquals(listOf("events", "late"), m.featureNames())
            assertEquals(0.2, m.intercept())
            assertEquals(listOf(0.5, -1.0), m.coefficients())
            assertEquals(listOf(1.0, 0.5), m.means())
            val e = m.explain(listOf(3.0, 2.0))
            assertEquals(listOf(Contribution("events", 3.0, 1.0), Contribution("late", 2.0, -1.5)), e.contributions)
            assertEquals(e.logOdds, e.baseline + e.contributions.sumOf { it.contribution }, 1e-12)
            assertEquals(0.2 + 0.5 * 3.0 - 2.0, e.logOdds, 1e-12)
            assertEquals(m.probability(listOf(3.0, 2.0)), e.probability)
            // Table columns are matched by name; extra ones are ignored.
            val t = FeatureTable(listOf("other", "late", "events"), listOf(listOf(9.0, 9.0), listOf(2.0, 0.0), listOf(3.0, 1.0)))
            assertEquals(listOf(m.probability(listOf(3.0, 2.0)), m.probability(listOf(1.0, 0.0))), m.probabilities(t))
        }
    }

    @Test
    fun `a constant feature gets no weight`() {
        RenewalModel.fit(table(listOf(1.0, 2.0, 3.0, 4.0), List(4) { 7.0 }), listOf(false, true, false, true)).use { m ->
            assertEquals(0.0, m.coefficients()[1])
            assertEquals(listOf("x1"), m.fitSummary()!!.constantFeatures)
        }
    }

    @Test
    fun `bad input is a typed invalid argument`() {
        val t = table(listOf(1.0, 2.0))
        invalid("renewed") { RenewalModel.fit(t, listOf(true)) }
        invalid("weights") { RenewalModel.fit(t, listOf(true, false), weights = listOf(1.0)) }
        invalid("weights") { RenewalModel.fit(t, listOf(true, false), weights = listOf(1.0, -1.0)) }
        invalid("weights") { RenewalModel.fit(t, listOf(true, false), weights = listOf(0.0, 0.0)) }
        invalid("l2") { RenewalModel.fit(t, listOf(true, false), settings = RenewalSettings(l2 = -1.0)) }
        invalid("l2") { RenewalModel.fit(t, listOf(true, false), settings = RenewalSettings(l2 = Double.NaN)) }
        invalid("tolerance") { RenewalModel.fit(t, listOf(true, false), settings = RenewalSettings(tolerance = 0.0)) }
        // Bad tables: NaN, names and columns not pairing up, repeated or empty names, ragged columns.
        invalid("features") { RenewalModel.fit(table(listOf(1.0, Double.NaN)), listOf(true, false)) }
        invalid("features") { RenewalModel.fit(FeatureTable(listOf("a", "b"), listOf(listOf(1.0))), listOf(true)) }
        invalid("features") { RenewalModel.fit(FeatureTable(listOf("a", "a"), listOf(listOf(1.0), listOf(2.0))), listOf(true)) }
        invalid("features") { RenewalModel.fit(FeatureTable(listOf(""), listOf(listOf(1.0))), listOf(true)) }
        invalid("features") { RenewalModel.fit(FeatureTable(emptyList(), emptyList()), emptyList()) }
        invalid("features") {
            RenewalModel.fit(FeatureTable(listOf("a", "b"), listOf(listOf(1.0, 2.0), listOf(1.0))), listOf(true, false))
        }
        // Models from parameters, and rows.
        invalid("coefficients") { RenewalModel(listOf("x"), 0.0, listOf(1.0, 2.0), listOf(0.0)) }
        invalid("means") { RenewalModel(listOf("x"), 0.0, listOf(1.0), listOf(0.0, 1.0)) }
        invalid("coefficients") { RenewalModel(listOf("x"), Double.NaN, listOf(1.0), listOf(0.0)) }
        invalid("features") { RenewalModel(listOf("x"), 0.0, listOf(1.0), listOf(Double.POSITIVE_INFINITY)) }
        RenewalModel(listOf("x0"), 0.0, listOf(1.0), listOf(0.0)).use { m ->
            invalid("features") { m.probability(emptyList()) }
            invalid("features") { m.explain(listOf(Double.NaN)) }
            invalid("features") { m.probabilities(FeatureTable(listOf("y"), listOf(listOf(1.0)))) }
        }
    }

    @Test
    fun `book signals cover the terms due, most at risk first`() {
        sampleBook(7uL, 400L).use { book ->
            val asOf = "2026-11-24"
            val history = renewalHistory(book, asOf, 60u)
            // Core's defaults, as in Python: a lead of 60 days, a window of 90, weeks.
            assertEquals(history, renewalHistory(book, asOf))
            assertEquals(renewalsDue(book, asOf, 90u), renewalsDue(book, asOf))
            PurchaseHistory(book, asOf).use { h -> assertEquals(PurchaseHistory(book, asOf, TimeUnit.WEEKS).use { it.t() }, h.t()) }
            assertEquals(renewalFeatures(), history.features.names)
            assertEquals(
                listOf("events_attended", "calls_connected", "days_since_last_contact", "dues_paid_late", "tenure_years"),
                renewalFeatures(),
            )
            assertTrue(history.cases.isNotEmpty())
            assertTrue(history.features.columns.all { it.size == history.cases.size })
            assertEquals(history.cases.map { it.renewed }, history.renewed)
            assertTrue(history.cases.all { it.scoredOn <= asOf && it.scoredOn < it.termEnd })
            RenewalModel.fit(history.features, history.renewed!!).use { model ->
                val due = renewalsDue(book, asOf, 90u)
                assertNull(due.renewed)
                assertTrue(due.cases.all { it.renewed == null && it.scoredOn == asOf })
                assertTrue(due.cases.all { it.termEnd >= asOf && it.termEnd <= "2027-02-22" })
                val signals = renewalSignals(book, model, asOf, 90u)
                assertEquals(due.cases.size, signals.size)
                assertTrue(signals.isNotEmpty())
                assertEquals(due.cases.map { it.membershipId }.sorted(), signals.map { it.membershipId }.sorted())
                assertTrue(signals.zipWithNext().all { (a, b) -> a.pRenew <= b.pRenew })
                for (s in signals) {
                    assertEquals(s.pRenew, s.explanation.probability)
                    val sum = s.explanation.baseline + s.explanation.contributions.sumOf { it.contribution }
                    assertEquals(s.explanation.logOdds, sum, 1e-9)
                }
                // The probabilities of the table agree with the ranked signals.
                val p = model.probabilities(due.features)
                assertEquals(signals.map { it.pRenew }.sorted(), p.sorted())
            }
            // A model over other features is refused, not silently misread.
            RenewalModel(listOf("shoe_size"), 0.0, listOf(1.0), listOf(0.0)).use { other ->
                invalid("model") { renewalSignals(book, other, asOf, 90u) }
            }
            // Features in another order are matched by name.
            val names = renewalFeatures().reversed()
            RenewalModel(names, 0.1, List(5) { 0.01 * (it + 1) }, List(5) { 1.0 }).use { m ->
                val signals = renewalSignals(book, m, asOf, 90u)
                assertEquals(names, signals.first().explanation.contributions.map { it.feature })
            }
            invalid("as_of") { renewalHistory(book, "2026-11-2", 60u) }
            invalid("as_of") { renewalsDue(book, "24/11/2026", 60u) }
        }
    }

    @Test
    fun `day counts up to a century and the calendar's ends are answers, beyond them typed errors`() {
        sampleBook(7uL, 400L).use { book ->
            val asOf = "2026-11-24"
            val most = 36_525u // core's MAX_DAYS: a century
            // A lead of a century scores every term before the book began: same cases.
            val history = renewalHistory(book, asOf, most)
            assertEquals(renewalHistory(book, asOf, 60u).cases.map { it.membershipId }, history.cases.map { it.membershipId })
            assertTrue(history.cases.all { it.scoredOn < "1930" }, history.cases.first().scoredOn)
            assertEquals(emptyList<RenewalCase>(), renewalHistory(book, "0000-01-01", most).cases)
            // A window of a century takes every open term, and none after 9999.
            val due = renewalsDue(book, asOf, most)
            assertTrue(due.cases.size > renewalsDue(book, asOf, 90u).cases.size)
            assertTrue(due.cases.all { it.renewed == null && it.termEnd >= asOf })
            assertEquals(emptyList<RenewalCase>(), renewalsDue(book, "9999-12-31", most).cases)
            invalid("lead_days") { renewalHistory(book, asOf, UInt.MAX_VALUE) }
            invalid("within_days") { renewalsDue(book, asOf, most + 1u) }
            PurchaseHistory(book, "9999-12-31", TimeUnit.DAYS).use { h -> assertTrue(h.t().all { it.isFinite() && it > 2.9e6 }) }
        }
    }

    @Test
    fun `dormant signals rank repeat buyers first, least likely alive first`() {
        sampleBook(7uL, 400L).use { book ->
            PurchaseHistory(book, "2026-11-24", TimeUnit.WEEKS).use { history ->
                val n = history.accountIds().size
                assertTrue(n > 0)
                for (column in listOf(history.frequency(), history.recency(), history.t(), history.monetaryValue())) {
                    assertEquals(n, column.size)
                }
                val bg = BetaGeoModel(0.243, 4.414, 0.793, 2.426)
                val mbg = ModifiedBetaGeoModel(0.525, 6.183, 0.891, 1.614)
                val pnbd = ParetoNbdModel(0.553, 10.578, 0.606, 11.669)
                val models: List<(PurchaseHistory, Double) -> List<DormantSignal>> =
                    listOf(bg::dormantSignals, mbg::dormantSignals, pnbd::dormantSignals)
                try {
                    for (signalsOf in models) {
                        val signals = signalsOf(history, 13.0)
                        assertEquals(n, signals.size)
                        val repeat = signals.takeWhile { it.frequency > 0.0 }
                        val once = signals.drop(repeat.size)
                        // The book has both kinds, several of each, so the order below is tested.
                        assertTrue(repeat.size > 1 && once.size > 1, "${repeat.size} repeat, ${once.size} one-time")
                        assertTrue(once.all { it.frequency == 0.0 })
                        for (part in listOf(repeat, once)) {
                            assertTrue(part.zipWithNext().all { (a, b) -> a.pAlive <= b.pAlive })
                        }
                        assertTrue(signals.all { it.pAlive in 0.0..1.0 && it.expectedPurchases >= 0.0 })
                        invalid("horizon") { signalsOf(history, -1.0) }
                    }
                } finally {
                    listOf(bg, mbg, pnbd).forEach { it.close() }
                }
            }
            // Days give the same accounts, with times seven times as long.
            PurchaseHistory(book, "2026-11-24", TimeUnit.DAYS).use { days ->
                PurchaseHistory(book, "2026-11-24", TimeUnit.WEEKS).use { weeks ->
                    assertEquals(weeks.accountIds(), days.accountIds())
                    assertEquals(weeks.frequency(), days.frequency())
                    for ((d, w) in days.t().zip(weeks.t())) assertEquals(d / 7.0, w, 1e-12)
                }
            }
            invalid("as_of") { PurchaseHistory(book, "1990-01-01", TimeUnit.WEEKS) }
            invalid("as_of") { PurchaseHistory(book, "2026-13-01", TimeUnit.WEEKS) }
        }
    }

    @Test
    fun `a purchase history feeds a purchase model fit`() {
        sampleBook(7uL, 400L).use { book ->
            PurchaseHistory(book, "2026-11-24", TimeUnit.WEEKS).use { h ->
                val n = h.accountIds().size
                BetaGeoModel.fit(h.frequency(), h.recency(), h.t()).use { m ->
                    // One row per account, and the fit's log-likelihood is the data's at the fit.
                    assertEquals(n.toULong(), m.fitSummary()!!.rows)
                    val ll = m.logLikelihood(h.frequency(), h.recency(), h.t(), null)
                    assertEquals(m.fitSummary()!!.logLikelihood, ll, 1e-9 * -ll)
                }
            }
        }
    }
}
