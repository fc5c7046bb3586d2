package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

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
        sampleBook(7uL, 40L).use { book ->
            assertEquals(Fixtures.sampleBook, book.toJson())
        }
    }

    @Test
    fun `sample book is deterministic`() {
        val a = sampleBook(3uL, 12L).use { it.toJson() }
        val b = sampleBook(3uL, 12L).use { it.toJson() }
        assertEquals(a, b)
    }

    @Test
    fun `typed counts agree with the summary`() {
        Book.fromJson(Fixtures.sampleBook).use { book ->
            val counts = book.summary()
            val json = book.summaryJson()
            // A light cross-check against the summary's JSON text.
            assertTrue(json.contains("\"accounts\": ${counts.accounts},"), json)
            assertTrue(json.contains("\"contacts\": ${counts.contacts},"), json)
            assertTrue(json.contains("\"do_not_call_contacts\": ${counts.doNotCallContacts},"), json)
            assertEquals(125uL, counts.contacts)
            assertEquals(counts.accounts, counts.accountsByTimeZone.values.sum())
            assertEquals(book.repIds().size.toULong(), counts.reps)
        }
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
