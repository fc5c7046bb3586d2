package dev.callwise

import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.util.Collections
import kotlin.concurrent.thread

/**
 * The Store binding's seam: types in and out, errors, threads, and the cross-language
 * merge (stores written by the Python binding, merged here, give the scenario's book).
 */
class StoreTest {
    private val at = "2026-11-03T15:00:00Z"

    private fun dnc(contact: String) =
        """{"kind": "do_not_call_requested", "contact_id": "$contact", "at": "$at"}"""

    @Test
    fun `create, append and open again give the book after the events`(@TempDir dir: Path) {
        val path = dir.resolve("tablet.db").toString()
        sampleBook(7uL, 5u).use { genesis ->
            val after = Store.create(path, genesis, "tablet", false).use { store ->
                assertEquals(listOf(path, "tablet"), listOf(store.path(), store.deviceId()))
                assertFalse(store.isAuthority())
                store.book().use { assertEquals(genesis.toJson(), it.toJson()) }
                val before = genesis.toJson()
                assertEquals(listOf(1uL, 2uL), store.append(listOf(dnc("con-0000001"), dnc("con-0000001"))))
                // The store shares the book it was made from; its events copy it first.
                assertEquals(before, genesis.toJson())
                assertTrue(store.snapshot())
                assertFalse(store.snapshot())
                store.book().use { it.toJson() }
            }
            Store.open(path).use { again ->
                again.book().use { assertEquals(after, it.toJson()) }
                assertEquals("""{"devices":{"tablet":2},"sequenced":0}""", again.versionVector())
            }
            Store.create(dir.resolve("random.db").toString(), genesis, null, true).use {
                assertTrue(it.deviceId().startsWith("device-") && it.isAuthority())
            }
        }
    }

    @Test
    fun `the book of an opened store is shared and changes to it stay out`(@TempDir dir: Path) {
        val path = dir.resolve("s.db").toString()
        sampleBook(7uL, 5u).use { genesis ->
            Store.create(path, genesis, "tablet", false).use { }
            Store.open(path).use { store ->
                store.book().use { first ->
                    store.book().use { second ->
                        assertEquals(genesis.toJson(), first.toJson())
                        // Shared until changed: the change copies the book first.
                        first.setDoNotCall("con-0000001", true)
                        assertTrue(first.contact("con-0000001")!!.doNotCall)
                        assertFalse(second.contact("con-0000001")!!.doNotCall)
                        store.book().use { assertEquals(genesis.toJson(), it.toJson()) }
                    }
                }
            }
        }
    }

    @Test
    fun `wrap-ups and goals are events and come back as records`(@TempDir dir: Path) {
        sampleBook(7uL, 40u).use { genesis ->
            val wrapUp = genesis.dailyWrapUp("rep-sales-0001", java.time.LocalDate.parse("2026-11-03"), null, null)
            val filed = """{"kind": "wrap_up_filed", "wrap_up": ${wrapUpToJson(wrapUp)}, "at": "2026-11-03T22:00:00Z"}"""
            val goal = """{"kind": "goal_set", "goal": {"rep_id": "rep-sales-0001", "period": "2026-11", "calls": 300}}"""
            Store.create(dir.resolve("s.db").toString(), genesis, "tablet", false).use { store ->
                assertEquals(listOf(1uL, 2uL), store.append(listOf(filed, goal)))
                assertEquals(listOf(wrapUp), store.wrapUps())
                assertEquals(listOf(300u), store.goals().map { it.calls })
                assertEquals("rep-sales-0001", store.goals()[0].repId)
                val twice = assertThrows<CallwiseException.InvalidEvent> { store.append(listOf(filed)) }
                assertTrue(twice.message.contains("already"), twice.message)
            }
        }
    }

    @Test
    fun `errors are typed and name the file and the event`(@TempDir dir: Path) {
        val path = dir.resolve("s.db").toString()
        sampleBook(7uL, 5u).use { genesis ->
            Store.create(path, genesis, "tablet", false).use { store ->
                val exists = assertThrows<CallwiseException.Store> { Store.create(path, genesis, null, false) }
                assertEquals(path, exists.path)
                assertThrows<CallwiseException.Store> { Store.open(path) } // open here
                assertThrows<CallwiseException.InvalidArgument> {
                    Store.create(dir.resolve("t.db").toString(), genesis, "a phone", false)
                }
                val stray = """{"kind": "task_completed", "task_id": "t-404", "at": "$at"}"""
                val invalid = assertThrows<CallwiseException.InvalidEvent> {
                    store.append(listOf(dnc("con-0000001"), stray))
                }
                assertEquals(listOf(path, "batch item 1"), listOf(invalid.path, invalid.event))
                assertEquals("""{"devices":{},"sequenced":0}""", store.versionVector())
                assertThrows<CallwiseException.Json> { store.append(listOf("""{"kind": "no_such_kind"}""")) }
                assertThrows<CallwiseException.Json> { store.merge("not json") }
                assertThrows<CallwiseException.Json> { store.exportSince("""{"devices": {}, "extra": 1}""") }
            }
        }
        Files.writeString(dir.resolve("notes.txt"), "not a store")
        val notAStore = assertThrows<CallwiseException.Store> { Store.open(dir.resolve("notes.txt").toString()) }
        assertTrue(notAStore.text.contains("notes.txt"), notAStore.text)
    }

    @Test
    fun `the exchange is core's JSON and a merge reports what it did`(@TempDir dir: Path) {
        sampleBook(7uL, 5u).use { genesis ->
            Store.create(dir.resolve("phone.db").toString(), genesis, "phone", false).use { phone ->
                Store.create(dir.resolve("laptop.db").toString(), genesis, "laptop", false).use { laptop ->
                    phone.append(listOf(dnc("con-0000001")))
                    val exchange = phone.exportSince(laptop.versionVector())
                    val first = JSONObject(exchange).getJSONArray("entries").getJSONObject(0)
                    assertEquals("phone", first.getJSONObject("id").getString("device"))
                    assertEquals(MergeReport(1uL, 0uL, emptyList()), laptop.merge(exchange))
                    assertEquals(0uL, laptop.merge(exchange).added)
                    laptop.book().use { l -> phone.book().use { p -> assertEquals(p.toJson(), l.toJson()) } }
                    assertEquals(emptyList<Rejection>(), laptop.rejected())
                }
            }
        }
    }

    @Test
    fun `one store shared between threads`(@TempDir dir: Path) {
        sampleBook(7uL, 5u).use { genesis ->
            Store.create(dir.resolve("s.db").toString(), genesis, "tablet", false).use { store ->
                val got = Collections.synchronizedList(mutableListOf<List<ULong>>())
                (1..4).map {
                    thread { repeat(10) { got.add(store.append(List(3) { dnc("con-0000001") })) } }
                }.forEach { it.join() }
                assertEquals((1uL..120uL).toList(), got.flatten().sorted())
                assertTrue(got.all { it == (it[0]..it[0] + 2uL).toList() })
            }
        }
    }

    /** Writes the scenario's stores (one per device) into [dir]. */
    private fun writeScenario(dir: Path) {
        val scenario = JSONObject(Fixtures.read("fixtures", "store_scenario.json"))
        val sample = scenario.getJSONObject("sample")
        sampleBook(sample.getLong("seed").toULong(), sample.getInt("members").toUInt()).use { genesis ->
            val devices = scenario.getJSONArray("devices")
            for (i in 0 until devices.length()) {
                val device = devices.getJSONObject(i)
                val id = device.getString("device_id")
                Store.create(dir.resolve("$id.db").toString(), genesis, id, false).use { store ->
                    val batches = device.getJSONArray("batches")
                    for (b in 0 until batches.length()) {
                        val batch = batches.getJSONArray(b)
                        store.append((0 until batch.length()).map { batch.getJSONObject(it).toString() })
                    }
                }
            }
        }
    }

    /** Merges the scenario's two stores in [dir] both ways; the one book they agree on. */
    private fun merged(dir: Path): String {
        val devices = JSONObject(Fixtures.read("fixtures", "store_scenario.json")).getJSONArray("devices")
        val (a, b) = (0 until 2).map { devices.getJSONObject(it).getString("device_id") }
        return Store.open(dir.resolve("$a.db").toString()).use { first ->
            Store.open(dir.resolve("$b.db").toString()).use { second ->
                first.merge(second.exportSince(first.versionVector()))
                second.merge(first.exportSince(second.versionVector()))
                val json = first.book().use { it.toJson() }
                second.book().use { assertEquals(json, it.toJson()) }
                json
            }
        }
    }

    @Test
    fun `the scenario merged here gives the fixture's book`(@TempDir dir: Path) {
        writeScenario(dir)
        assertEquals(Fixtures.read("conformance", "store_merged_book.json"), merged(dir))
    }

    @Test
    fun `stores written by Python merge into the same book`(@TempDir dir: Path) {
        Files.list(Paths.get(Fixtures.path("fixtures", "store_written_by_python"))).use { files ->
            // Opening writes to the file: work on copies.
            files.forEach { Files.copy(it, dir.resolve(it.fileName)) }
        }
        assertEquals(Fixtures.read("conformance", "store_merged_book.json"), merged(dir))
    }

    /** Rewrites the committed stores that Python (and Rust) merge: `CALLWISE_BLESS=1`. */
    @Test
    @EnabledIfEnvironmentVariable(named = "CALLWISE_BLESS", matches = ".+")
    fun `write the stores Python merges`() {
        val folder = Paths.get(Fixtures.path("fixtures", "store_written_by_kotlin"))
        Files.createDirectories(folder)
        Files.list(folder).use { files -> files.forEach { Files.delete(it) } }
        writeScenario(folder)
    }
}
