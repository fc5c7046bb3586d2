package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.LocalDate

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

/**
 * The retention API at the seam: settings left out are core's defaults, reports and
 * scores are typed records, objects hold records and objects of their own, and core's
 * validation arrives as typed errors. The numbers themselves are core's, checked bit for
 * bit by the conformance tests.
 */
class RetentionTest {
    @Test
    fun `settings left out are core's defaults`() {
        assertEquals(FitSettings(maxIterations = 1000uL, maxEvaluations = 5000uL, tolerance = 1e-9, initial = null, groupRows = true), defaultFitSettings())
        assertEquals(ClvSettings(months = 12u, monthlyDiscountRate = 0.01, periodsPerMonth = 4.345), defaultClvSettings())
        assertEquals(RenewalSettings(l2 = 1.0, maxIterations = 100uL, tolerance = 1e-10), defaultRenewalSettings())
        val (f, r, t) = RetentionData.cdnow.let { Triple(it.frequency.take(300), it.recency.take(300), it.t.take(300)) }
        val implicit = BetaGeoModel.fit(f, r, t).use { it.params() to it.fitSummary() }
        val explicit = BetaGeoModel.fit(f, r, t, null, defaultFitSettings()).use { it.params() to it.fitSummary() }
        assertEquals(implicit, explicit)
        GammaGammaModel(6.25, 3.74, 15.44).use { spend ->
            BetaGeoModel(0.243, 4.414, 0.793, 2.426).use { bg ->
                assertEquals(
                    bg.customerLifetimeValue(spend, 2.0, 30.43, 38.86, 22.35),
                    bg.customerLifetimeValue(spend, 2.0, 30.43, 38.86, 22.35, defaultClvSettings()),
                )
                // A table at once: core's rows, the same values as one at a time.
                val all = bg.lifetimeValues(spend, listOf(2.0, 0.0), listOf(30.43, 0.0), listOf(38.86, 38.86), listOf(22.35, 0.0))
                assertEquals(bg.customerLifetimeValue(spend, 2.0, 30.43, 38.86, 22.35), all.clv[0])
                assertEquals(spend.expectedSpend(0.0, 0.0), all.expectedSpend[1])
            }
        }
    }

    @Test
    fun `reports, scores and parameters are typed records`() {
        BetaGeoModel(0.243, 4.414, 0.793, 2.426).use { m ->
            assertNull(m.fitSummary())
            assertEquals(listOf(Parameter("r", 0.243), Parameter("alpha", 4.414), Parameter("a", 0.793), Parameter("b", 2.426)), m.params())
            val scores: Scores = m.score(39.0, listOf(2.0, 0.0), listOf(30.43, 0.0), listOf(38.86, 38.86))
            assertEquals(listOf(m.probabilityAlive(2.0, 30.43, 38.86), 1.0), scores.pAlive)
            assertEquals(Scores(emptyList(), emptyList()), m.score(39.0, emptyList(), emptyList(), emptyList()))
        }
        ShiftedBetaGeoModel.fitCohort(RetentionData.regular).use { m ->
            val s = m.fitSummary()!!
            assertEquals(8uL, s.rows)
            assertTrue(s.evaluations in 1uL..5000uL, "${s.evaluations}")
            assertEquals(2, s.stdErrors.size)
            assertTrue(s.method in setOf("newton", "l-bfgs", "nelder-mead"), s.method)
        }
        val e = assertThrows<CallwiseException.InvalidArgument> { BetaGeoModel(0.243, -1.0, 0.793, 2.426) }
        assertEquals("alpha", e.name)
    }

    @Test
    fun `survival curves and evaluation tables are typed`() {
        KaplanMeier.fit(listOf(1.0, 2.0, 3.0, 4.0), listOf(true, false, true, false)).use { km ->
            assertEquals(listOf(4uL, 3uL, 2uL, 1uL), km.points().map { it.atRisk })
            assertEquals(0.375, km.survivalAt(3.0))
        }
        val curves = kaplanMeierByCohort(listOf("2024", "2023"), listOf(1.0, 2.0), listOf(true, true))
        try {
            assertEquals(listOf("2024", "2023"), curves.map { it.cohort }) // as they first appear
            assertEquals(0.0, curves[0].curve.survivalAt(1.0))
        } finally {
            curves.forEach { it.curve.close() }
        }
        assertEquals(listOf(2uL, 2uL), calibrationTable(listOf(0.1, 0.2, 0.7, 1.0), listOf(false, true, true, true), 2u).map { it.count })
        assertEquals(listOf(1u, 2u), gainsTable(listOf(0.9, 0.1, 0.8), listOf(true, false, true), 2u).map { it.group })
        // Left out, bins, groups and the last frequency are core's defaults.
        assertEquals(10, calibrationTable(emptyList(), emptyList()).size)
        assertEquals(compareHoldout(listOf(0.0, 7.0), listOf(1.0, 2.0), listOf(1.0, 3.0), 7u), compareHoldout(listOf(0.0, 7.0), listOf(1.0, 2.0), listOf(1.0, 3.0)))
        val holdout = compareHoldout(listOf(0.0, 7.0), listOf(1.0, 2.0), listOf(1.0, 3.0), UInt.MAX_VALUE)
        assertEquals(listOf(0u, 7u), holdout.byFrequency.map { it.frequency })
    }

    @Test
    fun `an RFM summary takes dates and gives its holdout as a record`() {
        val s = rfmSummary(
            listOf("ann", "bob", "ann", "ann"),
            listOf("2024-01-01", "2024-01-02", "2024-01-08", "2024-02-15").map(LocalDate::parse),
            listOf(20.0, 5.0, 10.0, 30.0),
            RfmSettings(calibrationEnd = LocalDate.of(2024, 1, 29), observationEnd = LocalDate.of(2024, 2, 29), unit = TimeUnit.DAYS),
        )
        assertEquals(listOf("ann", "bob"), s.customerId)
        assertEquals(listOf(28.0, 27.0), s.t)
        assertEquals(RfmHoldout(listOf(1.0, 0.0), listOf(30.0, 0.0), 31.0), s.holdout)
    }

    @Test
    fun `the renewal model and the book's signals take and give typed tables`() {
        val asOf = LocalDate.of(2026, 11, 24)
        Book.fromJson(Fixtures.sampleBook).use { book ->
            val history = renewalHistory(book, asOf, 60u)
            // Left out, the lead, the window and the unit are core's defaults.
            assertEquals(history, renewalHistory(book, asOf))
            assertEquals(renewalsDue(book, asOf, 90u), renewalsDue(book, asOf))
            PurchaseHistory(book, asOf).use { h -> assertEquals(PurchaseHistory(book, asOf, TimeUnit.WEEKS, PurchaseSource.WON_DEALS).use { it.t() }, h.t()) }
            // The caller's choice of purchases reaches core: dues are worth money.
            PurchaseHistory(book, asOf, source = PurchaseSource.MEMBERSHIP_PAYMENTS).use { h ->
                assertTrue(h.monetaryValue().any { it > 0.0 })
            }
            assertEquals(renewalFeatures(), history.features.names)
            assertEquals(history.cases.map { it.renewed }, history.renewed)
            RenewalModel.fit(history.features, history.renewed!!).use { model ->
                val due = renewalsDue(book, asOf, 90u)
                assertTrue(due.cases.all { it.scoredOn == asOf })
                val signals = renewalSignals(book, model, asOf, 90u)
                assertEquals(due.cases.map { it.membershipId }.sorted(), signals.map { it.membershipId }.sorted())
                val row = due.features.columns.map { it[0] }
                val explained: Explanation = model.explain(row)
                assertEquals(renewalFeatures(), explained.contributions.map(Contribution::feature))
                assertEquals(model.probability(row), explained.probability)
            }
            PurchaseHistory(book, asOf, TimeUnit.WEEKS).use { h ->
                BetaGeoModel(0.243, 4.414, 0.793, 2.426).use { bg ->
                    val signals = bg.dormantSignals(h, 13.0)
                    assertEquals(h.accountIds().sorted(), signals.map { it.accountId }.sorted())
                }
            }
            val e = assertThrows<CallwiseException.InvalidArgument> { RenewalModel.fit(FeatureTable(listOf("a", "a"), listOf(listOf(1.0), listOf(2.0))), listOf(true)) }
            assertEquals("features", e.name)
        }
    }
}
