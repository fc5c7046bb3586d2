package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Instant
import java.time.LocalDate
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * A book's live changes across the seam: Kotlin records in, typed exceptions out, a
 * refused change leaving the book as it was, and readers on other threads while one
 * thread writes. What the changes do is tested in Rust.
 */
class AppendTest {
    private val at: Instant = Instant.parse("2026-11-02T15:00:00Z")

    private fun newCall(book: Book): Activity =
        book.activitiesOf("acc-0000004").last().copy(id = "act-new", at = at)

    @Test
    fun `a logged activity comes back as it went in`() {
        sampleBook(7uL, 40u).use { book ->
            val call = newCall(book)
            book.logActivity(call)
            assertEquals(call, book.activitiesOf("acc-0000004").last())
            Book.fromJson(book.toJson()).use { again -> assertEquals(book.toJson(), again.toJson()) }
        }
    }

    @Test
    fun `a refused activity throws its problems and changes nothing`() {
        sampleBook(7uL, 40u).use { book ->
            val before = book.toJson()
            val n = Json.parseObject(before).getValue("activities").let { (it as List<*>).size }
            val e = assertThrows<CallwiseException.Validation> {
                book.logActivity(newCall(book).copy(accountId = "ghost", repId = "nobody"))
            }
            assertEquals(
                listOf(
                    "activities[$n].account_id" to "dangling_reference",
                    "activities[$n].contact_id" to "inconsistent",
                    "activities[$n].rep_id" to "dangling_reference",
                ),
                e.problems.map { it.path to it.kind },
            )
            assertEquals(ProblemReference("account", "ghost"), e.problems.first().reference)
            assertEquals(before, book.toJson())
        }
    }

    @Test
    fun `tasks, responses, attendees, consent and do-not-call`() {
        sampleBook(7uL, 40u).use { book ->
            val task = Task(
                "task-new", "acc-0000004", null, book.repIds().first(), TaskKind.CALL, TaskSource.MANUAL,
                TaskStatus.OPEN, at, LocalDate.parse("2026-11-03"), null,
            )
            book.addTask(task)
            assertThrows<CallwiseException.Validation> { book.addTask(task) }
            book.completeTask("task-new", at.plusSeconds(60))
            assertThrows<CallwiseException.InvalidArgument> { book.completeTask("task-new", at) }
            assertThrows<CallwiseException.NotFound> { book.completeTask("task-nope", at) }

            val campaign = Json.parseObject(book.toJson()).getValue("campaigns").let { (it as List<*>).first() as Map<*, *> }
            book.recordCampaignResponse(campaign["id"] as String, CampaignResponse("con-0000001", at, ResponseKind.REPLIED))
            assertThrows<CallwiseException.NotFound> {
                book.recordCampaignResponse("camp-nope", CampaignResponse("con-0000001", at, ResponseKind.REPLIED))
            }
            val event = Json.parseObject(book.toJson()).getValue("events").let { (it as List<*>).first() as Map<*, *> }
            val before = book.toJson()
            assertThrows<CallwiseException.Validation> {
                book.recordAttendee(event["id"] as String, Attendee("ghost", AttendeeStatus.ATTENDED))
            }
            assertEquals(before, book.toJson())
            book.recordAttendee(event["id"] as String, Attendee("con-0000001", AttendeeStatus.ATTENDED))

            book.setConsent("con-0000001", Channel.TEXT, Consent.DENIED)
            assertEquals(Consent.DENIED, book.consentFor("con-0000001", Channel.TEXT))
            book.setDoNotCall("con-0000001", true)
            assertTrue(book.contact("con-0000001")!!.doNotCall)
            assertThrows<CallwiseException.NotFound> { book.setDoNotCall("con-nope", true) }

            val data = Json.parseObject(book.toJson())
            val tasks = data.getValue("tasks") as List<*>
            assertEquals("done", (tasks.last() as Map<*, *>)["status"])
        }
    }

    @Test
    fun `readers on other threads see whole changes while one thread logs`() {
        sampleBook(7uL, 40u).use { book ->
            val start = book.activitiesOf("acc-0000004").size
            val pool = Executors.newFixedThreadPool(3)
            try {
                val go = CountDownLatch(1)
                val readers = (1..3).map {
                    pool.submit(Callable {
                        go.await()
                        (1..20).map { book.activitiesOf("acc-0000004").size }
                    })
                }
                go.countDown()
                repeat(50) { i -> book.logActivity(newCall(book).copy(id = "act-new-$i")) }
                val seen = readers.flatMap { it.get(60, TimeUnit.SECONDS) }
                assertTrue(seen.all { it in start..start + 50 }, seen.toString())
            } finally {
                pool.shutdown()
                assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS))
            }
            assertEquals(start + 50, book.activitiesOf("acc-0000004").size)
        }
    }
}
