package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Every core error arrives as its own CallwiseException subclass, with its fields. */
class ErrorTest {
    @Test
    fun `broken book lists every problem as core prints them`() {
        val e = assertThrows<CallwiseException.Validation> { Book.fromJson(Fixtures.brokenBook) }
        assertEquals(Fixtures.brokenProblems, e.problems.joinToString("") { it.text + "\n" })
        val first = e.problems.first()
        val expectedFirst = Fixtures.brokenProblems.lineSequence().first()
        assertEquals(expectedFirst, first.text)
        assertEquals("reps[1].id", first.path)
        assertEquals("duplicate_id", first.kind)
        assertEquals("rep-1", first.recordId)
        assertEquals("${first.path} [${first.kind}]: ${first.message}", first.text)
        assertEquals(listOf("rep", "1", "id"), listOf(first.recordKind, first.index.toString(), first.field))
        assertEquals(null, first.item)
        assertEquals(null, first.reference)
        // The typed location of a problem in a list item, and of a dangling reference.
        val attendee = e.problems.single { it.path == "events[0].attendees[0].contact_id" }
        assertEquals(ProblemItem("attendees", 0uL), attendee.item)
        assertEquals(ProblemReference("contact", "con-3"), attendee.reference)
        assertEquals("event", attendee.recordKind)
        assertEquals("contact_id", attendee.field)
        assertTrue(e.summary.contains("${e.problems.size} problem(s)"), e.summary)
    }

    @Test
    fun `malformed json carries line and column`() {
        val e = assertThrows<CallwiseException.Json> { Book.fromJson("{\n  \"schema_version\": 1,\n  oops\n}") }
        assertEquals(3uL, e.line)
        assertTrue(e.column > 0uL)
        assertTrue(e.reason.isNotEmpty())
        assertEquals("book", e.what)
    }

    @Test
    fun `malformed json says what was being read`() {
        val e = assertThrows<CallwiseException.Json> { CallingRules.fromJson("{}") }
        assertEquals("calling rules", e.what)
        assertEquals(listOf(1uL, 2uL), listOf(e.line, e.column))
        assertEquals("missing field `window`", e.reason)
    }

    @Test
    fun `unknown schema version is refused`() {
        val e = assertThrows<CallwiseException.UnsupportedSchemaVersion> {
            Book.fromJson("{\"schema_version\": 99}")
        }
        assertEquals(99uL, e.found)
        assertEquals(schemaVersion(), e.supported)
    }

    @Test
    fun `negative member count is an invalid argument`() {
        val e = assertThrows<CallwiseException.InvalidArgument> { sampleBook(1uL, -5L) }
        assertEquals("members", e.name)
        assertTrue(e.reason.contains("-5"), e.reason)
    }

    @Test
    fun `member count above 32 bits is an invalid argument`() {
        val e = assertThrows<CallwiseException.InvalidArgument> { sampleBook(1uL, 1L shl 32) }
        assertEquals("members", e.name)
    }

    @Test
    fun `core's own limit on members comes through`() {
        val e = assertThrows<CallwiseException.InvalidArgument> { sampleBook(1uL, 1_000_001L) }
        assertEquals("members", e.name)
    }

    @Test
    fun `arguments left out are core's default sample`() {
        sampleBook().use { book ->
            sampleBook(7uL, 1000L).use { same -> assertEquals(same.toJson(), book.toJson()) }
        }
    }

    @Test
    fun `as of outside core's years is an invalid argument`() {
        val e = assertThrows<CallwiseException.InvalidArgument> { sampleBook(1uL, 5L, "1800-01-01") }
        assertEquals("as_of", e.name)
        assertTrue(e.reason.contains("1800-01-01"), e.reason)
    }

    @Test
    fun `malformed as of is an invalid argument`() {
        for (bad in listOf("2025-6-30", "2025-06-31", "30/06/2025", " 2025-06-30", "2025-06-30T00:00", "")) {
            val e = assertThrows<CallwiseException.InvalidArgument>(bad) { sampleBook(1uL, 5L, bad) }
            assertEquals("as_of", e.name, bad)
        }
    }

    @Test
    fun `the sealed class can be matched exhaustively`() {
        val e: CallwiseException = assertThrows<CallwiseException> { Book.fromJson("[]") }
        val what = when (e) {
            is CallwiseException.Validation -> "validation"
            is CallwiseException.Json -> "json"
            is CallwiseException.UnsupportedSchemaVersion -> "schema"
            is CallwiseException.NotFound -> "not found"
            is CallwiseException.InvalidArgument -> "argument"
            is CallwiseException.UnknownTimeZone -> "zone"
            is CallwiseException.InvalidRule -> "rule"
            is CallwiseException.NotConverged -> "not converged"
            is CallwiseException.CrmExport -> "crm export"
            is CallwiseException.FileRead -> "file read"
            is CallwiseException.Interrupted -> "interrupted"
        }
        assertEquals("json", what)
    }
}
