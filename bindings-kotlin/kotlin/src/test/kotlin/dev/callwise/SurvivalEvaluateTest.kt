package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import kotlin.math.sqrt

/** Kaplan–Meier curves, the evaluation of predictions and the RFM summary of a log. */
class SurvivalEvaluateTest {
    private fun invalid(name: String, block: () -> Unit): CallwiseException.InvalidArgument {
        val e = assertThrows<CallwiseException.InvalidArgument>(name) { block() }
        assertEquals(name, e.name, e.reason)
        return e
    }

    @Test
    fun `Kaplan-Meier on four members`() {
        // Two lapsed (after 1 and 3 years), two still members (2 and 4 years in).
        KaplanMeier.fit(listOf(1.0, 2.0, 3.0, 4.0), listOf(true, false, true, false)).use { km ->
            assertEquals(0.75, km.survivalAt(1.0))
            assertEquals(0.375, km.survivalAt(3.0)) // 3/4 × 1/2: two at risk at 3, one lapses
            assertEquals(1.0, km.survivalAt(0.5))
            assertEquals(0.75, km.survivalAt(2.5))
            assertEquals(0.375, km.survivalAt(100.0))
            assertThrows<CallwiseException.InvalidArgument> { km.survivalAt(Double.NaN) }
            val points = km.points()
            assertEquals(listOf(1.0, 2.0, 3.0, 4.0), points.map { it.time })
            assertEquals(listOf(4uL, 3uL, 2uL, 1uL), points.map { it.atRisk })
            assertEquals(listOf(1uL, 0uL, 1uL, 0uL), points.map { it.events })
            assertEquals(listOf(0uL, 1uL, 0uL, 1uL), points.map { it.censored })
            assertEquals(listOf(0.75, 0.75, 0.375, 0.375), points.map { it.survival })
            // Greenwood: S(1) √(1 / (4·3)).
            assertEquals(0.75 * sqrt(1.0 / 12.0), points[0].stdError, 1e-15)
            assertEquals(0.375 * sqrt(1.0 / 12.0 + 1.0 / 2.0), points[2].stdError, 1e-15)
        }
        KaplanMeier.fit(emptyList(), emptyList()).use { km ->
            assertEquals(emptyList<KaplanMeierPoint>(), km.points())
            assertEquals(1.0, km.survivalAt(3.0))
        }
        invalid("durations") { KaplanMeier.fit(listOf(1.0, -1.0), listOf(true, true)) }
        invalid("durations") { KaplanMeier.fit(listOf(Double.NaN), listOf(true)) }
        invalid("lapsed") { KaplanMeier.fit(listOf(1.0, 2.0), listOf(true)) }
    }

    @Test
    fun `Kaplan-Meier by cohort, cohorts as they first appear`() {
        val curves = kaplanMeierByCohort(
            listOf("2024", "2023", "2024", "2023"),
            listOf(1.0, 2.0, 3.0, 4.0),
            listOf(true, true, false, false),
        )
        try {
            assertEquals(listOf("2024", "2023"), curves.map { it.cohort }) // as they first appear
            assertEquals(0.5, curves[0].curve.survivalAt(2.0))
            assertEquals(0.5, curves[1].curve.survivalAt(2.0))
            assertEquals(listOf(1.0, 3.0), curves[0].curve.points().map { it.time })
        } finally {
            curves.forEach { it.curve.close() }
        }
        invalid("durations") { kaplanMeierByCohort(listOf("a"), emptyList(), emptyList()) }
        invalid("lapsed") { kaplanMeierByCohort(listOf("a"), listOf(1.0), emptyList()) }
        invalid("durations") { kaplanMeierByCohort(listOf("a"), listOf(Double.POSITIVE_INFINITY), listOf(true)) }
    }

    @Test
    fun `AUC and Brier score of a hand-computed example`() {
        val scores = listOf(0.9, 0.8, 0.3, 0.1)
        val lapsed = listOf(true, false, true, false)
        // Pairs (positive, negative): (0.9, 0.8) yes, (0.9, 0.1) yes, (0.3, 0.8) no, (0.3, 0.1) yes.
        assertEquals(0.75, auc(scores, lapsed))
        // (0.1² + 0.8² + 0.7² + 0.1²) / 4 = 1.15 / 4.
        assertEquals(0.2875, brierScore(scores, lapsed), 1e-12)
        assertEquals(1.0, auc(listOf(0.9, 0.7, 0.2), listOf(true, false, false)))
        assertEquals(0.5, auc(listOf(0.5, 0.5), listOf(true, false))) // a tie counts half
        assertEquals(0.0, brierScore(listOf(1.0, 0.0), listOf(true, false)))
        assertEquals(0.25, brierScore(listOf(0.5, 0.5), listOf(true, false)))
        invalid("outcomes") { auc(listOf(0.5, 0.4), listOf(true, true)) }
        invalid("outcomes") { auc(listOf(0.5, 0.4), listOf(true)) }
        invalid("scores") { auc(listOf(0.5, Double.NaN), listOf(true, false)) }
        invalid("probabilities") { brierScore(listOf(1.5), listOf(true)) }
        invalid("probabilities") { brierScore(emptyList(), emptyList()) }
    }

    @Test
    fun `calibration and gains tables`() {
        val table = calibrationTable(listOf(0.1, 0.2, 0.7, 1.0), listOf(false, true, true, true), 2u)
        assertEquals(2, table.size)
        assertEquals(listOf(0.0 to 0.5, 0.5 to 1.0), table.map { it.lower to it.upper })
        assertEquals(listOf(2uL, 2uL), table.map { it.count })
        assertEquals(0.15, table[0].meanPredicted, 1e-12)
        assertEquals(listOf(0.5, 1.0), table.map { it.observedRate })
        assertEquals(10, calibrationTable(emptyList(), emptyList(), 10u).size)
        assertEquals(10, calibrationTable(emptyList(), emptyList()).size) // core's default bins
        invalid("bins") { calibrationTable(listOf(0.5), listOf(true), 0u) }
        invalid("bins") { calibrationTable(listOf(0.5), listOf(true), 2_000_000u) }
        invalid("probabilities") { calibrationTable(listOf(-0.1), listOf(true), 2u) }

        val gains = gainsTable(listOf(0.9, 0.1, 0.8, 0.4, 0.3), listOf(true, false, true, false, false), 2u)
        assertEquals(listOf(1u, 2u), gains.map { it.group })
        assertEquals(listOf(3uL, 2uL), gains.map { it.count }) // 0.9, 0.8, 0.4 | 0.3, 0.1
        assertEquals(listOf(2uL, 0uL), gains.map { it.positives })
        assertEquals(listOf(2uL, 2uL), gains.map { it.cumulativePositives })
        assertEquals(listOf(0.6, 1.0), gains.map { it.fractionTargeted })
        assertEquals(listOf(1.0, 1.0), gains.map { it.gain })
        assertEquals((2.0 / 3.0) / (2.0 / 5.0), gains[0].lift, 1e-12)
        assertEquals(1.0, gains[1].lift)
        invalid("groups") { gainsTable(listOf(0.5), listOf(true), 2u) }
        invalid("groups") { gainsTable(listOf(0.5), listOf(true), 0u) }
        invalid("outcomes") { gainsTable(listOf(0.5), listOf(false), 1u) }
    }

    @Test
    fun `UInt MAX_VALUE bins, groups and frequencies are typed errors or answers`() {
        val most = UInt.MAX_VALUE
        assertTrue(invalid("bins") { calibrationTable(listOf(0.5), listOf(true), most) }.reason.contains("$most"))
        assertTrue(invalid("groups") { gainsTable(listOf(0.5), listOf(true), most) }.reason.contains("$most"))
        // Every frequency is below the last bucket: each keeps its own.
        val c = compareHoldout(listOf(0.0, 7.0), listOf(1.0, 2.0), listOf(1.0, 3.0), most)
        assertEquals(listOf(0u, 7u), c.byFrequency.map { it.frequency })
    }

    @Test
    fun `holdout comparison by calibration frequency`() {
        val c = compareHoldout(
            listOf(0.0, 0.0, 1.0, 5.0, 9.0),
            listOf(0.2, 0.4, 1.0, 3.0, 6.0),
            listOf(0.0, 1.0, 1.0, 2.0, 7.0),
            4u,
        )
        assertEquals(5uL, c.customers)
        assertEquals(10.6, c.predictedTotal, 1e-12)
        assertEquals(11.0, c.actualTotal)
        assertEquals((0.2 + 0.6 + 0.0 + 1.0 + 1.0) / 5.0, c.meanAbsoluteError, 1e-12)
        assertEquals(sqrt((0.04 + 0.36 + 0.0 + 1.0 + 1.0) / 5.0), c.rootMeanSquaredError, 1e-12)
        // 5 and 9 go to the last bucket, 4.
        assertEquals(listOf(0u to 2uL, 1u to 1uL, 4u to 2uL), c.byFrequency.map { it.frequency to it.customers })
        assertEquals(0.3, c.byFrequency[0].meanPredicted, 1e-12)
        assertEquals(4.5, c.byFrequency[2].meanActual)
        invalid("calibration_frequency") { compareHoldout(listOf(1.5), listOf(1.0), listOf(1.0), 4u) }
        invalid("calibration_frequency") { compareHoldout(emptyList(), emptyList(), emptyList(), 4u) }
        invalid("predicted") { compareHoldout(listOf(1.0), emptyList(), listOf(1.0), 4u) }
        invalid("actual") { compareHoldout(listOf(1.0), listOf(1.0), listOf(Double.NaN), 4u) }
    }

    @Test
    fun `RFM summary of a small log`() {
        val customers = listOf("ann", "bob", "ann", "ann", "ann")
        val dates = listOf("2024-01-01", "2024-01-02", "2024-01-08", "2024-01-08", "2024-01-15")
        val values = listOf(20.0, 5.0, 10.0, 2.0, 30.0)
        val days = rfmSummary(customers, dates, values, RfmSettings(calibrationEnd = "2024-01-29", unit = TimeUnit.DAYS))
        assertEquals(
            RfmSummary(
                customerId = listOf("ann", "bob"),
                frequency = listOf(2.0, 0.0), // ann bought on 3 days
                recency = listOf(14.0, 0.0),
                t = listOf(28.0, 27.0),
                monetaryValue = listOf(21.0, 0.0), // (10 + 2 + 30) / 2
                holdout = null,
            ),
            days,
        )
        // Weeks are the default unit; without a calibration end, the latest date is.
        val weeks = rfmSummary(customers, dates, values)
        assertEquals(listOf(2.0, 0.0), weeks.frequency)
        assertEquals(listOf(2.0, 0.0), weeks.recency)
        assertEquals(listOf(2.0, 13.0 / 7.0), weeks.t)
        assertNull(weeks.holdout)

        // A holdout period.
        val holdout = rfmSummary(
            List(4) { "a" },
            listOf("2024-01-03", "2024-02-07", "2024-02-07", "2024-02-14"),
            listOf(10.0, 4.0, 6.0, 8.0),
            RfmSettings(calibrationEnd = "2024-01-31", observationEnd = "2024-03-01"),
        ).holdout!!
        assertEquals(listOf(2.0), holdout.frequency) // two days with purchases
        assertEquals(listOf(6.0), holdout.monetaryValue) // mean of 4, 6 and 8: per transaction
        assertEquals(30.0 / 7.0, holdout.duration)

        val e = invalid("dates") { rfmSummary(listOf("a", "b"), listOf("2024-01-01", "2024-1-02"), listOf(1.0, 2.0)) }
        assertTrue(e.reason.startsWith("row 1: "), e.reason)
        val v = invalid("values") { rfmSummary(customers, dates, listOf(1.0, Double.NaN, 1.0, 1.0, 1.0)) }
        assertTrue(v.reason.contains("row 1"), v.reason)
        invalid("dates") { rfmSummary(customers, dates.take(4), values) }
        invalid("values") { rfmSummary(customers, dates, values.take(4)) }
        invalid("calibration_end") { rfmSummary(customers, dates, values, RfmSettings(calibrationEnd = "2024-02-30")) }
        invalid("observation_end") {
            rfmSummary(customers, dates, values, RfmSettings(calibrationEnd = "2024-01-29", observationEnd = "2024-01-01"))
        }
        // An empty log is an empty summary.
        assertEquals(emptyList<String>(), rfmSummary(emptyList(), emptyList(), emptyList()).customerId)
    }
}
