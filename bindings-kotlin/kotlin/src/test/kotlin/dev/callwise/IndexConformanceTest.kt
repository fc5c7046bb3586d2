package dev.callwise

import dev.callwise.Json.asList
import dev.callwise.Json.asMap
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/**
 * The book's index look-ups, through the binding, give core's answers: the object in
 * `tests/conformance/sample_indexes.json`, rebuilt from the fixture book and compared as
 * parsed JSON (formatting and key order do not matter; list order does).
 */
class IndexConformanceTest {
    @Test
    fun `index look-ups rebuild sample_indexes json`() {
        val expected = Json.parseObject(Fixtures.sampleIndexes)
        // "The first twenty accounts in book order", as the fixture lists them.
        val first20 = JSONObject(Fixtures.sampleBook).getJSONArray("accounts").let { arr ->
            (0 until minOf(20, arr.length())).map { arr.getJSONObject(it).getString("id") }
        }
        assertEquals(20, first20.size)

        val actual = Book.fromJson(Fixtures.sampleBook).use { book ->
            mapOf(
                "accounts_owned_by" to book.repIds().associateWith { rep ->
                    book.accountsOwnedBy(rep).map { it.id }
                },
                "accounts" to first20.associateWith { acc ->
                    mapOf(
                        "contacts" to book.contactsOf(acc).map { it.id },
                        "activities" to book.activitiesOf(acc).map { it.id },
                        "opportunities" to book.opportunitiesOf(acc).map { it.id },
                        "memberships" to book.membershipsOf(acc).map { it.id },
                        "handoffs" to book.handoffsOf(acc).map { it.id },
                    )
                },
            )
        }

        // Compare per key first, for a readable failure, then the whole object.
        val expectedOwned = expected.getValue("accounts_owned_by").asMap()
        val actualOwned = actual.getValue("accounts_owned_by").asMap()
        assertEquals(expectedOwned.keys, actualOwned.keys)
        for (rep in expectedOwned.keys) {
            assertEquals(expectedOwned[rep], actualOwned[rep], "accounts_owned_by[$rep]")
        }
        val expectedAccounts = expected.getValue("accounts").asMap()
        val actualAccounts = actual.getValue("accounts").asMap()
        assertEquals(expectedAccounts.keys, actualAccounts.keys)
        for (acc in expectedAccounts.keys) {
            val e = expectedAccounts.getValue(acc).asMap()
            val a = actualAccounts.getValue(acc).asMap()
            assertEquals(e.keys, a.keys, "keys of accounts[$acc]")
            for (k in e.keys) {
                assertEquals(e[k].asList(), a[k], "accounts[$acc].$k")
            }
        }
        assertEquals(expected, Json.canonical(actual))
    }
}
