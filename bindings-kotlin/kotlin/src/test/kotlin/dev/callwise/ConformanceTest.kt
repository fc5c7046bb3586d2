package dev.callwise

import dev.callwise.Json.asList
import dev.callwise.Json.asMap
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.LocalDate
import java.time.ZoneId
import java.time.ZoneOffset

/** The Kotlin binding gives the same bytes as core for the shared fixtures. */
class ConformanceTest {
    @Test
    fun `fixture round trip is byte identical`() {
        Book.fromJson(Fixtures.sampleBook).use { book ->
            assertEquals(Fixtures.sampleBook, book.toJson())
        }
    }

    @Test
    fun `summary json matches the conformance file`() {
        Book.fromJson(Fixtures.sampleBook).use { book ->
            assertEquals(Fixtures.sampleSummaryJson, book.summaryJson())
        }
    }

    @Test
    fun `summary text matches the conformance file`() {
        Book.fromJson(Fixtures.sampleBook).use { book ->
            assertEquals(Fixtures.sampleSummaryText, book.summaryText())
        }
    }

    @Test
    fun `sample book seed 7 with 40 members is the fixture`() {
        sampleBook(7uL, 40u).use { book ->
            assertEquals(Fixtures.sampleBook, book.toJson())
        }
    }

    @Test
    fun `sample book as of core's default day is the fixture`() {
        sampleBook(7uL, 40u, asOf = LocalDate.parse("2026-11-01")).use { book ->
            assertEquals(Fixtures.sampleBook, book.toJson())
        }
        sampleBook(7uL, 40u, null, null).use { book ->
            assertEquals(Fixtures.sampleBook, book.toJson())
        }
    }

    @Test
    fun `sample book activities reach the core`() {
        sampleBook(3uL, 50u, activities = 6000uL).use { busy ->
            sampleBook(3uL, 50u).use { natural ->
                // The same accounts, about as many activities as asked for.
                assertEquals(natural.summary().accountsByKind, busy.summary().accountsByKind)
                assertTrue(busy.summary().activities in 5400uL..6600uL, "${busy.summary().activities}")
                assertTrue(natural.summary().activities < 2000uL)
            }
        }
        val e = assertThrows<CallwiseException.InvalidArgument> { sampleBook(3uL, 50u, activities = 50_000_001uL) }
        assertEquals("activities", e.name)
    }

    @Test
    fun `sample book as of another day has all its activity before that day`() {
        val asOf = LocalDate.parse("2025-06-30")
        sampleBook(7uL, 20u, asOf = asOf).use { book ->
            val s = book.summary()
            val last = s.lastActivityAt!!
            // Every sample zone is west of UTC: a day ends there last in Honolulu.
            assertTrue(last < asOf.atStartOfDay(ZoneId.of("Pacific/Honolulu")).toInstant(), "$last")
            assertTrue(last > asOf.minusDays(30).atStartOfDay(ZoneOffset.UTC).toInstant(), "$last")
            // And in each account's own zone, every activity falls on a day before as-of.
            var seen = 0uL
            for (id in Json.parseObject(book.toJson()).getValue("accounts").asList().map { it.asMap()["id"] as String }) {
                val zone = ZoneId.of(book.account(id)!!.timeZone)
                for (a in book.activitiesOf(id)) {
                    assertTrue(a.at.atZone(zone).toLocalDate() < asOf, "${a.id} at ${a.at}")
                    seen++
                }
            }
            assertEquals(s.activities, seen)
            assertTrue(book.toJson() != sampleBook(7uL, 20u).use { it.toJson() })
        }
    }

    @Test
    fun `sample book is deterministic`() {
        val a = sampleBook(3uL, 12u).use { it.toJson() }
        val b = sampleBook(3uL, 12u).use { it.toJson() }
        assertEquals(a, b)
    }

    @Test
    fun `rep ids are listed in book order`() {
        Book.fromJson(Fixtures.sampleBook).use { book ->
            val ids = book.repIds()
            assertFalse(ids.isEmpty())
            assertEquals("rep-sales-0001", ids.first())
            assertEquals(ids.size, ids.toSet().size)
        }
    }

    @Test
    fun `schema version is the one the fixture declares`() {
        assertEquals(1uL, schemaVersion())
        assertTrue(Fixtures.sampleBook.startsWith("{\n  \"schema_version\": ${schemaVersion()},"))
    }
}
