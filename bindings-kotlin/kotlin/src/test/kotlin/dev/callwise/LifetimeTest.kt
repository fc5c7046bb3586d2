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
            sampleBook(i.toULong(), 3L).use { book ->
                assertTrue(book.repIds().isNotEmpty())
            }
        }
    }
}
