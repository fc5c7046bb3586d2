package dev.callwise

import dev.callwise.Json.asMap
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.lang.reflect.Modifier
import java.math.BigInteger
import java.time.Instant

/** `Book.summary()` is the whole of core's `BookSummary`, typed, and agrees with its JSON. */
class SummaryTest {
    private val expected: Map<String, Any?> by lazy {
        Json.parseObject(Fixtures.sampleSummaryJson).mapValues { (k, v) ->
            if (k.endsWith("_at") && v is String) Json.instant(v) else v
        }
    }

    private fun camel(snake: String): String =
        snake.split('_').mapIndexed { i, w -> if (i == 0) w else w.replaceFirstChar(Char::uppercase) }.joinToString("")

    @Test
    fun `the record has a property for every field of the summary json`() {
        val properties = BookSummary::class.java.declaredFields
            .filter { !Modifier.isStatic(it.modifiers) }
            .map { it.name }
            .toSet()
        assertEquals(expected.keys.map(::camel).toSet(), properties)
    }

    @Test
    fun `summary agrees with sample_summary json field by field`() {
        val actual = Book.fromJson(Fixtures.sampleBook).use { Json.canonical(Render.summary(it.summary())).asMap() }
        assertEquals(expected.keys, actual.keys)
        for (key in expected.keys) {
            assertEquals(expected[key], actual[key], key)
        }
        assertEquals(expected, actual)
    }

    @Test
    fun `typed fields read as Kotlin types`() {
        Book.fromJson(Fixtures.sampleBook).use { book ->
            val s = book.summary()
            assertEquals(40uL, s.accountsByKind[AccountKind.MEMBER])
            assertEquals(0uL, s.accountsByStatus[AccountStatus.LOST])
            assertEquals(AccountKind.entries.toSet(), s.accountsByKind.keys)
            assertEquals(AccountStatus.entries.toSet(), s.accountsByStatus.keys)
            assertEquals(OpportunityStage.entries.toSet(), s.opportunitiesByStage.keys)
            assertEquals(Channel.entries.toSet(), s.activitiesByChannel.keys)
            assertEquals(8uL, s.opportunitiesByStage[OpportunityStage.CLOSED_WON])
            assertEquals(193uL, s.activitiesByChannel[Channel.CALL])
            assertEquals(s.activities, s.activitiesByChannel.values.sum())
            assertEquals(s.accounts, s.accountsByTimeZone.values.sum())
            assertEquals(book.repIds().size.toULong(), s.reps)
            // Minor units as lossless decimal strings.
            assertEquals(mapOf("USD" to "25350000"), s.openPipelineMinor)
            assertEquals(BigInteger.valueOf(3_405_000), BigInteger(s.duesMinor.getValue("USD")))
            assertEquals(Instant.parse("2024-02-05T21:12:00Z"), s.firstActivityAt)
            assertEquals(Instant.parse("2026-10-29T20:20:00Z"), s.lastActivityAt)
            // The JSON and text forms are still there, and agree with the record.
            assertTrue(book.summaryJson().contains("\"pending_handoffs\": ${s.pendingHandoffs}\n"))
            assertTrue(book.summaryText().startsWith("book of business\n"))
        }
    }

    @Test
    fun `an empty book has zero counts and no activity span`() {
        Book.fromJson("{\"schema_version\": 1}").use { book ->
            val s = book.summary()
            assertEquals(0uL, s.accounts)
            assertEquals(Channel.entries.map { it to 0uL }.toMap(), s.activitiesByChannel)
            assertTrue(s.openPipelineMinor.isEmpty())
            assertNull(s.firstActivityAt)
            assertNull(s.lastActivityAt)
            assertEquals(Json.parseObject(book.summaryJson()), Json.canonical(Render.summary(s)))
        }
    }
}
