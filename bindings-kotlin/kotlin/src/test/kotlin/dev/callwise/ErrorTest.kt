package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Instant

/**
 * Every core error arrives as its own `CallwiseException` subclass, with its typed
 * fields, and with core's own message: `text`, which is also the exception's
 * `toString()` (what stack traces and loggers print). UniFFI writes the `message`
 * property itself, as a list of the fields, `text` among them.
 */
class ErrorTest {
    /** The exception carries exactly core's words. */
    private fun coreText(expected: String, e: CallwiseException, text: String) {
        assertEquals(expected, text)
        assertEquals(expected, e.toString())
        assertTrue(e.message!!.contains("text=$expected"), e.message)
    }

    @Test
    fun `a broken book lists every problem as core prints them`() {
        val e = assertThrows<CallwiseException.Validation> { Book.fromJson(Fixtures.brokenBook) }
        assertEquals(Fixtures.brokenProblems, e.problems.joinToString("") { it.text + "\n" })
        val first = e.problems.first()
        assertEquals(listOf("reps[1].id", "duplicate_id", "rep-1"), listOf(first.path, first.kind, first.recordId))
        assertEquals(listOf("rep", "1", "id"), listOf(first.recordKind, first.index.toString(), first.field))
        assertEquals(null, first.item)
        assertEquals(null, first.reference)
        // The typed location of a problem in a list item, and of a dangling reference.
        val attendee = e.problems.single { it.path == "events[0].attendees[0].contact_id" }
        assertEquals(ProblemItem("attendees", 0uL), attendee.item)
        assertEquals(ProblemReference("contact", "con-3"), attendee.reference)
        assertEquals(listOf("event", "contact_id"), listOf(attendee.recordKind, attendee.field))
        coreText("the book is not valid: ${e.problems.size} problem(s); first: ${first.text}", e, e.text)
    }

    @Test
    fun `core's text comes through for each kind of error`() {
        CallingRules.default().use { rules ->
            Book.fromJson(Fixtures.callingBook).use { book ->
                val notFound = assertThrows<CallwiseException.NotFound> { book.canCall("nobody", Instant.EPOCH, rules) }
                assertEquals(listOf("contact", "nobody"), listOf(notFound.kind, notFound.id))
                coreText("no contact with id \"nobody\"", notFound, notFound.text)
            }
            val zone = assertThrows<CallwiseException.UnknownTimeZone> { rules.check("Mars/Base", Instant.EPOCH) }
            coreText("unknown time zone \"Mars/Base\"", zone, zone.text)
            val rule = assertThrows<CallwiseException.InvalidRule> { rules.withCaps(0u, null) }
            assertEquals("frequency cap", rule.what)
            coreText("invalid frequency cap: ${rule.reason}", rule, rule.text)
        }
        val schema = assertThrows<CallwiseException.UnsupportedSchemaVersion> { Book.fromJson("{\"schema_version\": 99}") }
        assertEquals(listOf(99uL, schemaVersion()), listOf(schema.found, schema.supported))
        coreText("unsupported schema_version 99; this build reads version 1", schema, schema.text)
        val members = assertThrows<CallwiseException.InvalidArgument> { sampleBook(1uL, 1_000_001u) }
        assertEquals("members", members.name)
        coreText("invalid argument `members`: ${members.reason}", members, members.text)
    }

    @Test
    fun `malformed json carries line and column`() {
        val e = assertThrows<CallwiseException.Json> { Book.fromJson("{\n  \"schema_version\": 1,\n  oops\n}") }
        assertEquals(3uL, e.line)
        assertTrue(e.column > 0uL)
        assertEquals("book", e.what)
        coreText("malformed book JSON at line 3, column ${e.column}: ${e.reason}", e, e.text)
    }

    @Test
    fun `malformed json says what was being read`() {
        val e = assertThrows<CallwiseException.Json> { CallingRules.fromJson("{}") }
        assertEquals("calling rules", e.what)
        assertEquals(listOf(1uL, 2uL), listOf(e.line, e.column))
        assertEquals("missing field `window`", e.reason)
    }

    @Test
    fun `arguments left out are core's default sample`() {
        sampleBook().use { book ->
            sampleBook(7uL, 1000u).use { same -> assertEquals(same.toJson(), book.toJson()) }
        }
    }

    @Test
    fun `a fit that does not converge carries its best point`() {
        val e = assertThrows<CallwiseException.NotConverged> {
            ShiftedBetaGeoModel.fitCohort(listOf(1000.0, 631.0, 468.0, 382.0), FitSettings(maxIterations = 1uL))
        }
        assertEquals("sBG", e.model)
        assertEquals(listOf("alpha", "beta"), e.best.map { it.name })
        assertTrue(e.best.all { it.value.isFinite() } && e.iterations > 0uL)
        assertTrue(e.text.startsWith("the sBG fit did not converge after ${e.iterations} iterations"), e.text)
        assertEquals(e.text, e.toString())
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
            is CallwiseException.FileWrite -> "file write"
            is CallwiseException.Interrupted -> "interrupted"
            is CallwiseException.Store -> "store"
            is CallwiseException.StoreVersion -> "store version"
            is CallwiseException.InvalidEvent -> "invalid event"
        }
        assertEquals("json", what)
    }
}
