package dev.callwise

import dev.callwise.Json.asList
import dev.callwise.Json.asMap
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** Loading a book from CRM exports gives the same book and problems as core (crm.json). */
class CrmTest {
    private val expected by lazy { Json.parseObject(Fixtures.crm) }
    private val mapping by lazy { columnMappingFromJson(Fixtures.crmMapping) }

    private fun file(dir: String, name: String) = CsvSource.Path(Fixtures.path("fixtures", dir, "$name.csv"))

    private fun export(dir: String) = CrmExport(
        accounts = file(dir, "accounts"),
        contacts = file(dir, "contacts"),
        opportunities = file(dir, "opportunities"),
        memberships = file(dir, "memberships"),
        activities = file(dir, "activities"),
    )

    private fun text(dir: String, name: String) = CsvSource.Text(Fixtures.read("fixtures", dir, "$name.csv"))

    @Test
    fun `fixture export gives the conformance book`() {
        loadCrmCsv(export("crm"), mapping).use { book ->
            assertEquals(expected["book"], Json.parseObject(book.toJson()))
            Book.fromJson(book.toJson()).use { again -> assertEquals(book.toJson(), again.toJson()) }
        }
    }

    @Test
    fun `text and byte sources give the same book as paths`() {
        val fromText = CrmExport(
            accounts = text("crm", "accounts"),
            contacts = text("crm", "contacts"),
            opportunities = text("crm", "opportunities"),
            memberships = text("crm", "memberships"),
            activities = text("crm", "activities"),
        )
        val fromBytes = fromText.copy(accounts = CsvSource.Bytes(Fixtures.read("fixtures", "crm", "accounts.csv").toByteArray()))
        val a = loadCrmCsv(export("crm"), mapping).use { it.toJson() }
        assertEquals(a, loadCrmCsv(fromText, mapping).use { it.toJson() })
        assertEquals(a, loadCrmCsv(fromBytes, mapping).use { it.toJson() })
    }

    @Test
    fun `fixture records come through typed`() {
        loadCrmCsv(export("crm"), mapping).use { book ->
            assertEquals("Lakeside Dental Group, PLLC", book.account("001A")!!.name)
            val dev = book.contact("003B")!!
            assertEquals("Practice Owner\r\n(DDS)", dev.title)
            assertEquals(listOf(PhoneKind.WORK, PhoneKind.MOBILE), dev.phones.map { it.kind })
            assertEquals(Consent.DENIED, book.consentFor("003B", Channel.TEXT))
            val membership = book.membershipsOf("001A").single()
            assertEquals("Platinum", membership.tier)
            assertEquals(listOf(false, true), membership.renewals.map { it.paidLate })
            assertEquals(listOf("rep-ana", "rep-sam", "rep-olu", "rep-lee"), book.repIds())
            assertEquals("unassigned", book.rep("rep-lee")!!.divisionId)
        }
    }

    @Test
    fun `broken export lists every problem field for field`() {
        val e = assertThrows<CallwiseException.CrmExport> { loadCrmCsv(export("crm_broken")) }
        val want = expected.getValue("problems").asList().map { it.asMap() }
        assertEquals(23, e.problems.size)
        assertEquals(want.size, e.problems.size)
        for ((got, w) in e.problems.zip(want)) {
            assertEquals(w["file"], got.file)
            assertEquals(w["row"], got.row.toLong())
            assertEquals(w["column"], got.column)
            assertEquals(w["problem"], got.problem)
            assertEquals(w["text"], got.text)
        }
        assertEquals("the CRM export has 23 problem(s); first: ${want.first()["text"]}", e.text)
        assertEquals(e.text, e.toString())
        for (personal in listOf("Maria", "Patel", "Ortiz", "+1212", "@", "Lakeside")) {
            assertFalse(e.problems.any { personal in it.text }, personal)
        }
    }

    @Test
    fun `a missing file is a FileRead naming it`() {
        val missing = Fixtures.path("fixtures", "crm", "nope.csv")
        val e = assertThrows<CallwiseException.FileRead> {
            loadCrmCsv(export("crm").copy(reps = CsvSource.Path(missing)), mapping)
        }
        assertEquals(missing, e.path)
        assertTrue(e.reason.isNotEmpty())
    }

    @Test
    fun `a device is refused before it is read`() {
        val e = assertThrows<CallwiseException.FileRead> {
            loadCrmCsv(CrmExport(accounts = CsvSource.Path("/dev/zero")), null)
        }
        assertEquals("/dev/zero", e.path)
        assertTrue(e.reason.startsWith("not a regular file"), e.reason)
    }

    @Test
    fun `a stray quote is a problem on the row it opens`() {
        val text = "account_id,name,kind,status,time_zone,owner_rep_id,owner_role,owner_division_id\n" +
            "acc-1,\"Acme,customer,active,America/Denver,rep-1,sales,div-1\n" +
            "acc-2,\"Zenith\",customer,lost,America/Chicago,rep-1,sales,div-1\n"
        val e = assertThrows<CallwiseException.CrmExport> {
            loadCrmCsv(CrmExport(accounts = CsvSource.Text(text)), null)
        }
        assertEquals(listOf(2L to "name"), e.problems.map { it.row.toLong() to it.column })
    }

    @Test
    fun `a mapping built in Kotlin is the fixture's mapping`() {
        val built = ColumnMapping(
            accounts = mapOf(
                "account_id" to "Account ID",
                "name" to "Account Name",
                "kind" to "Type",
                "territory_zone" to "Territory",
                "time_zone" to "Time Zone",
                "owner_rep_id" to "Owner ID",
                "owner_role" to "Owner Role",
                "owner_division_id" to "Owner Division",
                "co_owners" to "Co-Owners",
            ),
        )
        assertEquals(mapping, built)
        assertEquals(Fixtures.crmMapping, columnMappingToJson(built))
        assertEquals(null, built.defaultCurrency)
    }

    @Test
    fun `a bad mapping is an invalid argument`() {
        val e = assertThrows<CallwiseException.InvalidArgument> {
            loadCrmCsv(export("crm"), ColumnMapping(accounts = mapOf("acount_id" to "Account ID")))
        }
        assertEquals("mapping", e.name)
        assertThrows<CallwiseException.InvalidArgument> { columnMappingFromJson("{not json") }
        assertThrows<CallwiseException.InvalidArgument> { columnMappingFromJson("""{"default_currency": "usd"}""") }
    }

    @Test
    fun `crm columns lists callwise's names`() {
        assertEquals("account_id", crmColumns("accounts").first())
        assertTrue("mobile_phone" in crmColumns("contacts"))
        assertThrows<CallwiseException.InvalidArgument> { crmColumns("tasks") }
    }

    @Test
    fun `the file's text given as a path is refused without repeating it`() {
        val text = "account_id,name\na-1,Maria Reyes\n"
        val e = assertThrows<CallwiseException.InvalidArgument> { loadCrmCsv(CrmExport(accounts = CsvSource.Path(text))) }
        assertEquals("accounts", e.name)
        assertFalse("Maria" in e.text)
        assertFalse("Maria" in e.reason)
    }
}
