package dev.callwise

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Files
import java.nio.file.Path

/** A book's JSON written to and read from files as it goes, pretty or compact. */
class JsonIoTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun `written files hold the bytes of toJson and toJsonCompact`() {
        Book.fromJson(Fixtures.sampleBook).use { book ->
            val pretty = dir.resolve("pretty.json")
            val compact = dir.resolve("compact.json")
            book.writeJson(pretty.toString(), false)
            book.writeJson(compact.toString(), true)
            assertEquals(Fixtures.sampleBook, Files.readString(pretty))
            assertEquals(book.toJsonCompact(), Files.readString(compact))
            assertTrue(book.toJsonCompact().startsWith("{\"schema_version\":1,"))
            assertEquals(Json.parseObject(book.toJson()), Json.parseObject(book.toJsonCompact()))
        }
    }

    @Test
    fun `books read back from either form are the book`() {
        Book.fromJson(Fixtures.sampleBook).use { book ->
            for (compact in listOf(false, true)) {
                val path = dir.resolve("book-$compact.json").toString()
                book.writeJson(path, compact)
                Book.readJson(path).use { again -> assertEquals(Fixtures.sampleBook, again.toJson()) }
            }
            Book.fromJson(book.toJsonCompact()).use { again -> assertEquals(Fixtures.sampleBook, again.toJson()) }
        }
    }

    @Test
    fun `a missing file, an unwritable path and a bad document are typed errors`() {
        val missing = dir.resolve("missing.json").toString()
        val read = assertThrows<CallwiseException.FileRead> { Book.readJson(missing) }
        assertEquals(missing, read.path)
        val nowhere = dir.resolve("no").resolve("book.json").toString()
        Book.fromJson(Fixtures.sampleBook).use { book ->
            val write = assertThrows<CallwiseException.FileWrite> { book.writeJson(nowhere, true) }
            assertEquals(nowhere, write.path)
            val cut = dir.resolve("cut.json")
            Files.writeString(cut, book.toJsonCompact().substring(0, 500))
            val json = assertThrows<CallwiseException.Json> { Book.readJson(cut.toString()) }
            assertTrue(json.reason.startsWith("EOF"), json.reason)
        }
        val broken = dir.resolve("broken.json")
        Files.writeString(broken, Fixtures.brokenBook)
        assertThrows<CallwiseException.Validation> { Book.readJson(broken.toString()) }
    }
}
