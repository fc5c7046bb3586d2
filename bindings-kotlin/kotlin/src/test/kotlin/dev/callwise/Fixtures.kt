package dev.callwise

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * The shared fixtures and expected answers under the repository's `tests/` folder.
 *
 * Maven runs the tests from `bindings-kotlin/kotlin/`, so the folder is `../../tests`.
 */
object Fixtures {
    private val root: Path = Paths.get("..", "..", "tests")

    /** A file under `tests/`, read as UTF-8, byte for byte (no newline trimming). */
    fun read(vararg parts: String): String = Files.readString(root.resolve(Paths.get("", *parts)))

    val sampleBook: String by lazy { read("fixtures", "sample_book.json") }
    val brokenBook: String by lazy { read("fixtures", "broken_book.json") }
    val sampleSummaryJson: String by lazy { read("conformance", "sample_summary.json") }
    val sampleSummaryText: String by lazy { read("conformance", "sample_summary.txt") }
    val brokenProblems: String by lazy { read("conformance", "broken_problems.txt") }
    val sampleIndexes: String by lazy { read("conformance", "sample_indexes.json") }
    val retention: String by lazy { read("conformance", "retention.json") }
    val callingBook: String by lazy { read("fixtures", "calling_book.json") }
    val cadenceScenario: String by lazy { read("fixtures", "cadence_scenario.json") }
    val cadence: String by lazy { read("conformance", "cadence.json") }
    val routineScenario: String by lazy { read("fixtures", "routine_scenario.json") }
    val routine: String by lazy { read("conformance", "routine.json") }
    val crm: String by lazy { read("conformance", "crm.json") }
    val callListScenario: String by lazy { read("fixtures", "call_list_scenario.json") }
    val callList: String by lazy { read("conformance", "call_list.txt") }
    val crmMapping: String by lazy { read("fixtures", "crm", "mapping.json") }

    /** The path of a file under `tests/`, as text. */
    fun path(vararg parts: String): String = root.resolve(Paths.get("", *parts)).toString()
}
