package dev.callwise

import dev.callwise.Json.asList
import dev.callwise.Json.asMap
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/** Contacts cross the seam as records, with the calling zone resolved by core. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactTest {
    private lateinit var book: Book

    @BeforeAll
    fun load() {
        book = Book.fromJson(Fixtures.sampleBook)
    }

    @AfterAll
    fun close() {
        book.close()
    }

    @Test
    fun `contact inherits the account zone`() {
        val c = book.contact("con-0000001")
        assertNotNull(c)
        c!!
        assertEquals("con-0000001", c.id)
        assertEquals("acc-0000001", c.accountId)
        assertEquals("America/Los_Angeles", c.timeZone)
        assertNull(c.timeZoneOverride)
        assertFalse(c.doNotCall)
        assertNull(c.birthday)
        assertTrue(c.name.isNotEmpty())
    }

    @Test
    fun `contact override wins over the account zone`() {
        val c = book.contact("con-0000009")!!
        assertEquals("Pacific/Honolulu", c.timeZoneOverride)
        assertEquals("Pacific/Honolulu", c.timeZone)
    }

    @Test
    fun `do not call and birthday cross the seam`() {
        val c = book.contact("con-0000014")!!
        assertTrue(c.doNotCall)
        assertEquals(Birthday(month = 3L, day = 17L, year = 1981), c.birthday)
        val noYear = book.contact("con-0000004")!!.birthday!!
        assertEquals(9L, noYear.month)
        assertEquals(12L, noYear.day)
        assertNull(noYear.year)
    }

    @Test
    fun `title phones emails and consent cross the seam`() {
        val c = book.contact("con-0000001")!!
        assertNull(c.title)
        assertEquals(listOf(Phone("+12065550155", PhoneKind.WORK)), c.phones)
        assertEquals(listOf(Email("gray.chen1@example.org", true)), c.emails)
        assertEquals(mapOf(Channel.CALL to Consent.GRANTED, Channel.TEXT to Consent.GRANTED), c.consent)
        assertEquals("Office Manager", book.contact("con-0000002")!!.title)
    }

    @Test
    fun `consent for a channel is core's answer`() {
        assertEquals(Consent.GRANTED, book.consentFor("con-0000005", Channel.CALL))
        assertEquals(Consent.DENIED, book.consentFor("con-0000005", Channel.TEXT))
        // Nothing recorded for the channel: unknown, not null.
        assertEquals(Consent.UNKNOWN, book.consentFor("con-0000005", Channel.EMAIL))
        assertNull(book.consentFor("nope", Channel.CALL))
        for (channel in Channel.entries) {
            val c = book.contact("con-0000001")!!
            assertEquals(c.consent[channel] ?: Consent.UNKNOWN, book.consentFor(c.id, channel))
        }
    }

    @Test
    fun `every contact matches its record in the fixture`() {
        val fixture = Json.parseObject(Fixtures.sampleBook).getValue("contacts").asList().map { it.asMap() }
        assertEquals(125, fixture.size)
        for (expected in fixture) {
            val id = expected["id"] as String
            assertEquals(expected, Json.canonical(Render.contact(book.contact(id)!!)), id)
        }
    }

    @Test
    fun `unknown contact is null`() {
        assertNull(book.contact("nope"))
        assertNull(book.contact(""))
    }
}
