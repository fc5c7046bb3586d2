package dev.callwise

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
    fun `unknown contact is null`() {
        assertNull(book.contact("nope"))
        assertNull(book.contact(""))
    }
}
