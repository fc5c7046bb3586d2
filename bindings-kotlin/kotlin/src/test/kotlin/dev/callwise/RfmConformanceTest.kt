package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.time.LocalDate
import java.time.format.DateTimeFormatter
import kotlin.math.abs

/**
 * The RFM summary of the CDNOW sample log against lifetimes 0.11.3's own output
 * (`tests/conformance/cdnow_sample_rfm*.csv`, written by
 * `tests/data/retention/make_expected_rfm.py`), as the Rust and Python tests check it.
 */
class RfmConformanceTest {
    private class Log(val customers: List<String>, val dates: List<LocalDate>, val values: List<Double>)

    /** `CDNOW_sample.txt`: id, index, yyyymmdd, CDs, dollars; ids as lifetimes reads them (4, not 00004). */
    private val log: Log by lazy {
        val rows = Fixtures.read("data", "retention", "CDNOW_sample.txt").lines().filter { it.isNotBlank() }
            .map { it.trim().split(Regex("\\s+")) }
        Log(
            rows.map { it[0].toInt().toString() },
            rows.map { LocalDate.parse(it[2], DateTimeFormatter.BASIC_ISO_DATE) },
            rows.map { it[4].toDouble() },
        )
    }

    /** A lifetimes CSV as rows of numbers keyed by column name, in lifetimes' order (by id). */
    private fun expected(name: String): List<Map<String, Double>> {
        val lines = Fixtures.read("conformance", name).lines().filter { it.isNotBlank() }
        val header = lines.first().split(',')
        return lines.drop(1).map { line -> header.zip(line.split(',').map { it.toDouble() }).toMap() }
    }

    /** Equal to lifetimes' pandas arithmetic up to its last-bit differences (as in Rust and Python). */
    private fun assertClose(expected: Double, actual: Double, what: String) {
        assertEquals(expected, actual, 1e-12 * abs(expected), what)
    }

    @Test
    fun `summary matches lifetimes`() {
        val summary = rfmSummary(log.customers, log.dates, log.values, RfmSettings(calibrationEnd = LocalDate.parse("1998-06-30")))
        val want = expected("cdnow_sample_rfm.csv")
        val order = summary.customerId.indices.sortedBy { summary.customerId[it].toInt() }
        assertEquals(want.size, order.size)
        assertEquals(2357, order.size)
        for ((row, i) in order.withIndex()) {
            val w = want[row]
            assertEquals(w.getValue("customer_id").toInt().toString(), summary.customerId[i])
            assertClose(w.getValue("frequency"), summary.frequency[i], "frequency $row")
            assertClose(w.getValue("recency"), summary.recency[i], "recency $row")
            assertClose(w.getValue("T"), summary.t[i], "T $row")
            assertClose(w.getValue("monetary_value"), summary.monetaryValue[i], "monetary_value $row")
        }
    }

    @Test
    fun `summary with a holdout matches lifetimes`() {
        val summary = rfmSummary(
            log.customers,
            log.dates,
            log.values,
            RfmSettings(calibrationEnd = LocalDate.parse("1997-09-30"), observationEnd = LocalDate.parse("1998-06-30")),
        )
        val holdout = requireNotNull(summary.holdout) { "a holdout was asked for" }
        val want = expected("cdnow_sample_rfm_holdout.csv")
        val order = summary.customerId.indices.sortedBy { summary.customerId[it].toInt() }
        assertEquals(want.size, order.size)
        for ((row, i) in order.withIndex()) {
            val w = want[row]
            assertEquals(w.getValue("customer_id").toInt().toString(), summary.customerId[i])
            assertClose(w.getValue("frequency_cal"), summary.frequency[i], "frequency $row")
            assertClose(w.getValue("recency_cal"), summary.recency[i], "recency $row")
            assertClose(w.getValue("T_cal"), summary.t[i], "T $row")
            assertClose(w.getValue("monetary_value_cal"), summary.monetaryValue[i], "monetary_value $row")
            assertClose(w.getValue("frequency_holdout"), holdout.frequency[i], "frequency_holdout $row")
            assertClose(w.getValue("monetary_value_holdout"), holdout.monetaryValue[i], "monetary_value_holdout $row")
            assertClose(w.getValue("duration_holdout"), holdout.duration, "duration_holdout $row")
        }
    }
}
