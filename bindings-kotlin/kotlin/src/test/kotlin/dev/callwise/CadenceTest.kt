package dev.callwise

import dev.callwise.Scenario.of
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Instant
import java.time.LocalDate
import java.time.LocalTime

/**
 * Cadences at the seam: core's cadences, steps, branches, waits, events, statuses and
 * due steps as typed Kotlin values going in and coming back, states as objects that
 * `apply` never changes. What the cadences do is core's, checked by the cadence
 * scenario's conformance test.
 */
class CadenceTest {
    private fun at(text: String): Instant = Instant.parse(text)

    private fun enrollment(id: String = "x") =
        Enrollment(id, "new-member", "con-ny-1", "acc-ny", "rep-a", "America/New_York", at("2026-11-23T14:00:00Z"))

    @Test
    fun `a playbook's typed cadences come back and rebuild it`() {
        Scenario.playbook().use { playbook ->
            assertEquals(LocalWindow(LocalTime.of(9, 0), LocalTime.of(17, 0)), playbook.businessHours())
            val welcome = playbook.cadence("new-member")!!
            val call1 = welcome.steps[0]
            assertEquals(Wait(WaitUnit.BUSINESS_DAYS, 0L), call1.wait)
            assertEquals(mapOf(CallOutcome.CONNECTED to Branch.GoTo("email-1"), CallOutcome.NO_ANSWER to Branch.GoTo("vm-1")), call1.branches)
            assertEquals(listOf(Variant("welcome-short", 1u), Variant("welcome-long", 1u)), welcome.steps[2].variants)
            assertEquals(LocalWindow(LocalTime.of(10, 0), LocalTime.of(12, 0)), welcome.steps[3].window)
            assertEquals(Branch.Exit(ExitReason.MEETING_BOOKED), playbook.cadence("old-nos")!!.steps[0].branches[CallOutcome.MEETING_SET])
            assertNull(playbook.cadence("nope"))
            playbook.calendar().use { cal ->
                Playbook(cal, playbook.businessHours(), playbook.cadences()).use { again -> assertEquals(playbook, again) }
                // A step's defaults: its window, branches and variants may be left out.
                val step = Step("s", StepKind.EMAIL, Wait(WaitUnit.CALENDAR_DAYS, 3L))
                Playbook(cal, playbook.businessHours(), listOf(Cadence("c", "C", listOf(step)))).use { assertEquals(step, it.cadence("c")!!.steps.single()) }
            }
            Playbook.fromJson(playbook.toJson()).use { assertEquals(playbook, it) }
        }
    }

    @Test
    fun `apply gives a new state and leaves the old one as it was`() {
        Scenario.playbook().use { playbook ->
            val events = listOf(
                CadenceEvent.Activity(at("2026-11-23T15:00:00Z"), Channel.CALL, Direction.OUTBOUND, Outcome.NO_ANSWER),
                CadenceEvent.Paused(at("2026-11-23T16:00:00Z"), at("2026-11-26T00:00:00Z")),
            )
            playbook.start(enrollment()).use { start ->
                var state = start
                for (event in events) state = playbook.apply(state, event)
                assertEquals(0u, start.stepsDone())
                assertNotEquals(start, state)
                assertEquals(state, playbook.replay(enrollment(), events))
                assertEquals(EnrollmentStatus.Paused(at("2026-11-26T00:00:00Z")), state.status())
                assertEquals(enrollment(), state.enrollment())
                val e = assertThrows<CallwiseException.InvalidArgument> { playbook.apply(state, CadenceEvent.Resumed(at("2026-11-01T00:00:00Z"))) }
                assertEquals("event", e.name)
            }
        }
    }

    @Test
    fun `due steps are typed records, and coverage is checked as it crosses`() {
        Book.fromJson(Fixtures.callingBook).use { book ->
            Scenario.playbook().use { playbook ->
                val states = Scenario.states(playbook)
                assertEquals(ExitReason.REPLIED, (states.of("e-5").status() as EnrollmentStatus.Exited).reason)
                val none = Coverage(policy = AbsencePolicy.SHIFT)
                val monday = LocalDate.of(2026, 11, 30)
                val due = playbook.dueOn(book, states, "rep-b", monday, none).first { it.enrollmentId == "e-3" }
                assertEquals(Instant.parse("2026-11-30T19:00:00Z"), due.windowStart) // 09:00 in Honolulu
                assertEquals(StepKind.CALL, due.kind)
                val e = enrollmentForContact(book, "e-9", "old-nos", "con-travel", "rep-a", at("2026-11-24T12:00:00Z"))
                assertEquals("Pacific/Honolulu", e.timeZone)
                val backwards = Coverage(listOf(Absence("rep-a", monday, monday.minusDays(4))), AbsencePolicy.SHIFT)
                assertEquals("to", assertThrows<CallwiseException.InvalidArgument> { playbook.dueForAll(book, states, monday, backwards) }.name)
                assertEquals("rep", assertThrows<CallwiseException.NotFound> { playbook.dueOn(book, states, "rep-z", monday, none) }.kind)
                states.forEach { it.close() }
            }
        }
    }
}
