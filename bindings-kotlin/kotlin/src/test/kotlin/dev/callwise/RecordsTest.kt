package dev.callwise

import dev.callwise.Json.asList
import dev.callwise.Json.asMap
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.time.Instant

/** The book's records cross the seam as typed Kotlin records, with real Kotlin enums. */
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
    fun `account fields match the fixture`() {
        val a = book.account("acc-0000002")
        assertNotNull(a)
        a!!
        assertEquals("acc-0000002", a.id)
        assertEquals("Prairie Orthodontics Associates", a.name)
        assertEquals(AccountKind.MEMBER, a.kind)
        assertEquals(AccountStatus.ACTIVE, a.status)
        assertEquals("east-2", a.territoryZone)
        assertEquals("America/New_York", a.timeZone)
        assertEquals(Ownership("rep-membership-0001", OwnerRole.SERVICE, "div-membership"), a.primaryOwner)
        assertEquals(listOf(Ownership("rep-sales-0001", OwnerRole.SALES, "div-sales")), a.coOwners)
        // The enums are Kotlin enums, usable in an exhaustive `when`.
        assertTrue(AccountKind::class.java.isEnum)
        val label = when (a.kind) {
            AccountKind.PROSPECT -> "prospect"
            AccountKind.CUSTOMER -> "customer"
            AccountKind.MEMBER -> "member"
            AccountKind.PARTNER -> "partner"
        }
        assertEquals("member", label)
    }

    @Test
    fun `every account and rep matches its fixture record`() {
        for ((id, expected) in records("accounts")) {
            assertEquals(expected, Render.account(book.account(id)!!), id)
        }
        for ((id, expected) in records("reps")) {
            assertEquals(expected, Render.rep(book.rep(id)!!), id)
        }
    }

    @Test
    fun `every activity, opportunity, membership and hand-off matches its fixture record`() {
        val activities = accountIds.flatMap { book.activitiesOf(it) }.associateBy { it.id }
        val expectedActivities = records("activities")
        assertEquals(expectedActivities.keys, activities.keys)
        for ((id, e) in expectedActivities) {
            assertEquals(withInstants(e, "at"), Render.activity(activities.getValue(id)), id)
        }

        val opportunities = accountIds.flatMap { book.opportunitiesOf(it) }.associateBy { it.id }
        val expectedOpportunities = records("opportunities")
        assertEquals(expectedOpportunities.keys, opportunities.keys)
        for ((id, e) in expectedOpportunities) {
            assertEquals(e, Render.opportunity(opportunities.getValue(id)), id)
        }

        val memberships = accountIds.flatMap { book.membershipsOf(it) }.associateBy { it.id }
        val expectedMemberships = records("memberships")
        assertEquals(expectedMemberships.keys, memberships.keys)
        for ((id, e) in expectedMemberships) {
            assertEquals(e, Render.membership(memberships.getValue(id)), id)
        }

        val handoffs = accountIds.flatMap { book.handoffsOf(it) }.associateBy { it.id }
        val expectedHandoffs = records("handoffs")
        assertEquals(expectedHandoffs.keys, handoffs.keys)
        for ((id, e) in expectedHandoffs) {
            assertEquals(withInstants(e, "at", "accepted_at"), Render.handoff(handoffs.getValue(id)), id)
        }
    }

    @Test
    fun `one activity's typed fields`() {
        val a = book.activitiesOf("acc-0000001").single { it.id == "act-00000002" }
        val at: Instant = a.at
        assertEquals(Instant.parse("2025-08-22T18:28:00Z"), at)
        assertEquals("con-0000001", a.contactId)
        assertEquals("rep-membership-0001", a.repId)
        assertEquals(Channel.CALL, a.channel)
        assertEquals(Direction.INBOUND, a.direction)
        assertEquals(Outcome.MEETING_SET, a.outcome)
        assertEquals(866L, a.durationSeconds)
        assertNull(a.opportunityId)
        assertNull(a.campaignId)
    }

    @Test
    fun `opportunity money, probability and dates`() {
        val o = book.opportunitiesOf("acc-0000044").single { it.id == "opp-0000001" }
        assertEquals(Money(810_000L, "USD"), o.amount)
        assertEquals(0.7, o.probability)
        assertEquals(OpportunityStage.NEGOTIATION, o.stage)
        assertEquals("2026-08-11", o.createdOn)
        assertEquals("2026-11-06", o.expectedClose)
        assertNull(o.closedOn)
    }

    @Test
    fun `membership renewals and a hand-off's instants`() {
        val m = book.membershipsOf("acc-0000001").single()
        assertEquals(7, m.renewals.size)
        assertEquals(Renewal("2023-06-20", "2024-06-19", "2024-06-23", Money(45_000L, "USD"), true), m.renewals[4])
        assertTrue(m.lapses.isEmpty())

        val h = book.handoffsOf("acc-0000062").first { it.id == "hand-000001" }
        assertEquals(Instant.parse("2025-12-02T15:00:00Z"), h.at)
        assertEquals(Instant.parse("2025-12-05T15:00:00Z"), h.acceptedAt)
        assertEquals(HandoffDirection.SALES_TO_OPERATIONS, h.direction)
    }

    @Test
    fun `activities and hand-offs are oldest first`() {
        var checked = 0
        for (id in accountIds) {
            val times = book.activitiesOf(id).map { it.at }
            assertTrue(times.zipWithNext().all { (a, b) -> !a.isAfter(b) }, "activities of $id: $times")
            val handoffs = book.handoffsOf(id).map { it.at }
            assertTrue(handoffs.zipWithNext().all { (a, b) -> !a.isAfter(b) }, "hand-offs of $id: $handoffs")
            checked += times.size
        }
        assertEquals(records("activities").size, checked)
        // The fixture lists activities out of time order, so the order really is core's.
        assertFalse(book.activitiesOf("acc-0000001").map { it.id }.zipWithNext().all { (a, b) -> a < b })
    }

    @Test
    fun `accounts owned by a rep are primary or co-owned, in book order`() {
        for (rep in book.repIds()) {
            val owned = book.accountsOwnedBy(rep)
            assertTrue(owned.all { a -> a.primaryOwner.repId == rep || a.coOwners.any { it.repId == rep } }, rep)
            assertEquals(owned.map { accountIds.indexOf(it.id) }.sorted(), owned.map { accountIds.indexOf(it.id) })
        }
        assertTrue(book.accountsOwnedBy("rep-sales-0001").any { it.primaryOwner.repId != "rep-sales-0001" })
    }

    @Test
    fun `contacts of an account resolve their calling zone`() {
        val contacts = book.contactsOf("acc-0000003")
        assertEquals(listOf("con-0000003", "con-0000004", "con-0000005"), contacts.map { it.id })
        for (c in contacts) {
            assertEquals(book.contact(c.id), c)
        }
    }

    @Test
    fun `unknown ids give null and empty lists`() {
        for (id in listOf("nope", "", "rep-sales-0001", "con-0000001")) {
            assertNull(book.account(id), id)
            assertTrue(book.contactsOf(id).isEmpty(), id)
            assertTrue(book.activitiesOf(id).isEmpty(), id)
            assertTrue(book.opportunitiesOf(id).isEmpty(), id)
            assertTrue(book.membershipsOf(id).isEmpty(), id)
            assertTrue(book.handoffsOf(id).isEmpty(), id)
        }
        for (id in listOf("nope", "", "acc-0000001")) {
            assertNull(book.rep(id), id)
            assertTrue(book.accountsOwnedBy(id).isEmpty(), id)
        }
    }
}
