package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** Object lifetimes and threads across the seam. */
class LifetimeTest {
    @Test
    fun `use closes the book and later calls fail cleanly`() {
        val book = Book.fromJson(Fixtures.sampleBook)
        val json = book.use { it.toJson() }
        assertEquals(Fixtures.sampleBook, json)
        assertTrue(book.uniffiIsDestroyed)
        assertThrows<IllegalStateException> { book.toJson() }
        book.close() // closing twice is harmless
    }

    @Test
    fun `one book shared by four threads gives identical answers`() {
        val threads = 4
        Book.fromJson(Fixtures.sampleBook).use { book ->
            val pool = Executors.newFixedThreadPool(threads)
            try {
                val start = CountDownLatch(1)
                val tasks = (1..threads).map {
                    Callable {
                        start.await()
                        (1..5).map { book.summaryJson() }
                    }
                }
                val futures = tasks.map { pool.submit(it) }
                start.countDown()
                val results = futures.flatMap { it.get(60, TimeUnit.SECONDS) }
                assertEquals(threads * 5, results.size)
                assertTrue(results.all { it == Fixtures.sampleSummaryJson })
            } finally {
                pool.shutdown()
                assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS))
            }
            assertFalse(book.uniffiIsDestroyed)
        }
    }

    @Test
    fun `many short-lived books are freed`() {
        repeat(50) { i ->
            sampleBook(i.toULong(), 3u).use { book ->
                assertTrue(book.repIds().isNotEmpty())
            }
        }
    }

    @Test
    fun `one model scored by four threads at once gives identical answers`() {
        val cdnow = RetentionData.cdnow
        BetaGeoModel(0.243, 4.414, 0.793, 2.426).use { bg ->
            val expected = bg.score(39.0, cdnow.frequency, cdnow.recency, cdnow.t)
            val pool = Executors.newFixedThreadPool(4)
            try {
                val start = CountDownLatch(1)
                val futures = (0 until 4).map { k ->
                    pool.submit(Callable {
                        start.await()
                        (1..3).map {
                            val i = (k * 577 + it * 131) % cdnow.size
                            assertEquals(expected.pAlive[i], bg.probabilityAlive(cdnow.frequency[i], cdnow.recency[i], cdnow.t[i]))
                            bg.score(39.0, cdnow.frequency, cdnow.recency, cdnow.t)
                        }
                    })
                }
                start.countDown()
                assertTrue(futures.flatMap { it.get(120, TimeUnit.SECONDS) }.all { it == expected })
            } finally {
                pool.shutdown()
                assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS))
            }
        }
    }

    @Test
    fun `objects held by records and states outlive their maker`() {
        val states = Scenario.playbook().use { playbook -> Scenario.states(playbook) }
        assertEquals("call-2", states.first { it.enrollment().id == "e-1" }.stepId())
        states.forEach { it.close() }
        val curves = kaplanMeierByCohort(listOf("a", "b"), listOf(1.0, 2.0), listOf(true, false))
        curves.forEach { it.curve.close() }
        assertTrue(curves.all { it.curve.uniffiIsDestroyed })
        val m = BetaGeoModel(0.243, 4.414, 0.793, 2.426)
        m.close()
        assertThrows<IllegalStateException> { m.probabilityAlive(1.0, 1.0, 2.0) }
    }
}
