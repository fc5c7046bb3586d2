package dev.callwise

import dev.callwise.Json.asList
import dev.callwise.Json.asMap
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.lang.reflect.Modifier
import java.math.BigInteger
import java.time.Instant
import java.time.LocalDate

/**
 * The book's records cross the seam as core's own records, typed in Kotlin (ids as
 * `String`s, dates as `LocalDate`s, instants as `Instant`s, enums as Kotlin enums), and
 * each equals its record in the fixture book once rendered back into core's JSON shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordsTest {
    private lateinit var book: Book
    private lateinit var fixture: Map<String, Any?>

    @BeforeAll
    fun load() {
        book = Book.fromJson(Fixtures.sampleBook)
        fixture = Json.parseObject(Fixtures.sampleBook)
    }

    @AfterAll
    fun close() {
        book.close()
    }

    /** The fixture's records of one collection, by id, in book order. */
    private fun records(collection: String): Map<String, Map<String, Any?>> =
        fixture.getValue(collection).asList().map { it.asMap() }.associateBy { it["id"] as String }

    private val accountIds: List<String> by lazy { records("accounts").keys.toList() }

    /** A fixture record with its instants written the way `java.time.Instant` writes them. */
    private fun withInstants(record: Map<String, Any?>, vararg keys: String): Map<String, Any?> =
        record.mapValues { (k, v) -> if (k in keys && v is String) Json.instant(v) else v }

    @Test
    fun `every record matches its fixture record`() {
        for ((id, expected) in records("accounts")) assertEquals(expected, Render.account(book.account(id)!!), id)
        for ((id, expected) in records("reps")) assertEquals(expected, Render.rep(book.rep(id)!!), id)
        for ((id, expected) in records("contacts")) assertEquals(expected, Json.canonical(Render.contact(book.contact(id)!!)), id)
        val looked = mapOf(
            "activities" to { acc: String -> book.activitiesOf(acc).map { it.id to Render.activity(it) } },
            "opportunities" to { acc: String -> book.opportunitiesOf(acc).map { it.id to Render.opportunity(it) } },
            "memberships" to { acc: String -> book.membershipsOf(acc).map { it.id to Render.membership(it) } },
            "handoffs" to { acc: String -> book.handoffsOf(acc).map { it.id to Render.handoff(it) } },
        )
        for ((collection, of) in looked) {
            val got = accountIds.flatMap(of).toMap()
            val expected = records(collection).mapValues { (_, e) -> withInstants(e, "at", "accepted_at") }
            assertEquals(expected.keys, got.keys, collection)
            for ((id, e) in expected) assertEquals(e, got.getValue(id), id)
        }
    }

    @Test
    fun `fields read as Kotlin types`() {
        val a = book.account("acc-0000002")!!
        assertEquals(Ownership("rep-membership-0001", OwnerRole.SERVICE, "div-membership"), a.primaryOwner)
        val label = when (a.kind) {
            AccountKind.PROSPECT -> "prospect"
            AccountKind.CUSTOMER -> "customer"
            AccountKind.MEMBER -> "member"
            AccountKind.PARTNER -> "partner"
        }
        assertEquals("member", label)

        val activity = book.activitiesOf("acc-0000004").single { it.id == "act-0000004-005" }
        val at: Instant = activity.at
        assertEquals(Instant.parse("2025-04-11T21:10:00Z"), at)
        assertEquals(1112u, activity.durationSeconds)

        val deal = book.opportunitiesOf("acc-0000041").single { it.id == "opp-0000041-1" }
        val created: LocalDate = deal.createdOn
        assertEquals(LocalDate.of(2026, 9, 2), created)
        assertEquals(Money(4_150_000L, "USD"), deal.amount)

        val m = book.membershipsOf("acc-0000001").single()
        assertEquals(Renewal(LocalDate.of(2024, 11, 22), LocalDate.of(2025, 11, 21), LocalDate.of(2025, 11, 7), Money(25_000L, "USD"), false), m.renewals[0])
        val h = book.handoffsOf("acc-0000062").first { it.id == "hand-0000062-1" }
        assertEquals(Instant.parse("2026-07-08T21:00:00Z"), h.acceptedAt)
    }

    @Test
    fun `tasks are looked up by id as typed records`() {
        val expected = records("tasks")
        assertTrue(expected.isNotEmpty())
        for ((id, e) in expected) {
            val t = book.task(id)!!
            assertEquals(listOf(e["account_id"], e["contact_id"], e["rep_id"]), listOf(t.accountId, t.contactId, t.repId), id)
            assertEquals(e["status"], t.status.name.lowercase(), id)
            assertEquals(LocalDate.parse(e["due_on"] as String), t.dueOn, id)
            assertEquals(Instant.parse(e["created_at"] as String), t.createdAt, id)
            assertEquals((e["completed_at"] as String?)?.let(Instant::parse), t.completedAt, id)
        }
    }

    @Test
    fun `contacts carry their resolved zone and core's consent answer`() {
        val inherited = book.contact("con-0000001")!!
        assertEquals("America/Denver", inherited.timeZone)
        assertNull(inherited.timeZoneOverride)
        val own = book.contact("con-0000003")!!
        assertEquals("America/Phoenix", own.timeZoneOverride)
        assertEquals(own.timeZone, own.timeZoneOverride)
        assertEquals(Birthday(month = 12u, day = 4u, year = 1995), book.contact("con-0000005")!!.birthday)
        assertEquals(book.contactsOf("acc-0000003").map { book.contact(it.id) }, book.contactsOf("acc-0000003"))
        assertEquals(Consent.DENIED, book.consentFor("con-0000001", Channel.TEXT))
        // Nothing recorded for the channel: unknown, not null; an unknown contact: null.
        assertEquals(Consent.UNKNOWN, book.consentFor("con-0000001", Channel.EMAIL))
        assertNull(book.consentFor("nope", Channel.CALL))
    }

    @Test
    fun `unknown ids give null and empty lists`() {
        for (id in listOf("nope", "", "rep-sales-0001")) {
            assertNull(book.account(id), id)
            assertNull(book.contact(id), id)
            assertTrue(book.contactsOf(id).isEmpty() && book.activitiesOf(id).isEmpty(), id)
            assertTrue(book.opportunitiesOf(id).isEmpty() && book.membershipsOf(id).isEmpty() && book.handoffsOf(id).isEmpty(), id)
            assertNull(book.task(id), id)
        }
        assertNull(book.rep("acc-0000001"))
        assertTrue(book.accountsOwnedBy("acc-0000001").isEmpty())
    }

    @Test
    fun `the summary record has every field of the summary json and agrees with it`() {
        val expected = Json.parseObject(Fixtures.sampleSummaryJson).mapValues { (k, v) ->
            if (k.endsWith("_at") && v is String) Json.instant(v) else v
        }
        val camel = { snake: String -> snake.split('_').mapIndexed { i, w -> if (i == 0) w else w.replaceFirstChar(Char::uppercase) }.joinToString("") }
        val properties = BookSummary::class.java.declaredFields.filter { !Modifier.isStatic(it.modifiers) }.map { it.name }.toSet()
        assertEquals(expected.keys.map(camel).toSet(), properties)
        val s = book.summary()
        assertEquals(expected, Json.canonical(Render.summary(s)))
        assertEquals(AccountKind.entries.toSet(), s.accountsByKind.keys)
        // Minor units as lossless decimal strings; instants as Instants.
        assertEquals(BigInteger.valueOf(2_900_000), BigInteger(s.duesMinor.getValue("USD")))
        assertEquals(Instant.parse("2026-10-29T18:20:00Z"), s.lastActivityAt)
        Book.fromJson("{\"schema_version\": 1}").use { empty ->
            assertNull(empty.summary().firstActivityAt)
            assertEquals(Json.parseObject(empty.summaryJson()), Json.canonical(Render.summary(empty.summary())))
        }
    }
}
