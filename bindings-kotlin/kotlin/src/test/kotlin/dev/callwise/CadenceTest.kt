package dev.callwise

import dev.callwise.Scenario.of
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.time.Duration
import java.time.Instant

/**
 * Cadences through the binding: the seam (typed playbooks, events and states; core's
 * errors as `CallwiseException.InvalidRule`, `.UnknownTimeZone`, `.InvalidArgument`) and
 * the behaviour highlights of the shared scenario (holidays moving steps, branches,
 * exits, A/B variants, chaining, pauses, a rep's week off shifted or reassigned).
 */
class CadenceTest {
    private fun at(text: String): Instant = Instant.parse(text)

    private fun enrollment(
        id: String = "x",
        cadence: String = "new-member",
        zone: String = "America/New_York",
        enrolledAt: String = "2026-11-23T14:00:00Z",
    ) = Enrollment(id, cadence, "con-ny-1", "acc-ny", "rep-a", zone, at(enrolledAt))

    private fun call(at: String, outcome: Outcome?) =
        CadenceEvent.Activity(at(at), Channel.CALL, Direction.OUTBOUND, outcome)

    private fun ids(steps: List<DueStep>) = steps.map { it.enrollmentId }.sorted()

    @Test
    fun `a playbook reads its typed cadences and rebuilds from them`() {
        Scenario.playbook().use { playbook ->
            BusinessCalendar.usFederal().use { federal -> playbook.calendar().use { assertEquals(federal, it) } }
            assertEquals(LocalWindow("09:00", "17:00"), playbook.businessHours())
            assertEquals(listOf("new-member", "renewal-nurture", "old-nos"), playbook.cadences().map { it.id })
            val welcome = playbook.cadence("new-member")!!
            assertEquals("renewal-nurture", welcome.next)
            val call1 = welcome.steps[0]
            assertEquals(Wait(WaitUnit.BUSINESS_DAYS, 0L), call1.wait)
            assertEquals(mapOf(CallOutcome.CONNECTED to Branch.GoTo("email-1"), CallOutcome.NO_ANSWER to Branch.GoTo("vm-1")), call1.branches)
            assertEquals(listOf(Variant("welcome-short", 1L), Variant("welcome-long", 1L)), welcome.steps[2].variants)
            assertEquals(LocalWindow("10:00", "12:00"), welcome.steps[3].window)
            assertEquals(Branch.Exit(ExitReason.MEETING_BOOKED), playbook.cadence("old-nos")!!.steps[0].branches[CallOutcome.MEETING_SET])
            assertEquals(null, playbook.cadence("nope"))
            playbook.calendar().use { cal ->
                Playbook(cal, playbook.businessHours(), playbook.cadences()).use { again ->
                    assertEquals(playbook, again)
                    assertEquals(playbook.toJson(), again.toJson())
                }
            }
            Playbook.fromJson(playbook.toJson()).use { assertEquals(playbook, it) }
        }
    }

    @Test
    fun `negative waits, dangling branches and bad json are refused`() {
        BusinessCalendar.usFederal().use { cal ->
            val hours = LocalWindow("09:00", "17:00")
            fun cadence(vararg steps: Step, next: String? = null) = listOf(Cadence("c", "C", steps.toList(), next))
            val negative = assertThrows<CallwiseException.InvalidRule> {
                Playbook(cal, hours, cadence(Step("s", StepKind.CALL, Wait(WaitUnit.BUSINESS_DAYS, -2L))))
            }
            assertEquals("wait", negative.what)
            assertTrue(negative.reason.contains("-2"), negative.reason)
            assertThrows<CallwiseException.InvalidRule> {
                Playbook(cal, hours, cadence(Step("s", StepKind.CALL, Wait(WaitUnit.CALENDAR_DAYS, 3_661L))))
            }
            val dangling = assertThrows<CallwiseException.InvalidRule> {
                Playbook(cal, hours, cadence(Step("s", StepKind.CALL, Wait(WaitUnit.BUSINESS_DAYS, 1L), branches = mapOf(CallOutcome.NO_ANSWER to Branch.GoTo("zzz")))))
            }
            assertEquals("cadence \"c\" step \"s\"", dangling.what)
            assertThrows<CallwiseException.InvalidRule> {
                Playbook(cal, hours, cadence(Step("s", StepKind.EMAIL, Wait(WaitUnit.BUSINESS_DAYS, 1L)), next = "nowhere"))
            }
            assertThrows<CallwiseException.InvalidRule> {
                Playbook(cal, hours, cadence(Step("s", StepKind.EMAIL, Wait(WaitUnit.BUSINESS_DAYS, 1L), variants = listOf(Variant("a", 0L)))))
            }
            assertEquals("weight", assertThrows<CallwiseException.InvalidArgument> {
                Playbook(cal, hours, cadence(Step("s", StepKind.EMAIL, Wait(WaitUnit.BUSINESS_DAYS, 1L), variants = listOf(Variant("a", -1L)))))
            }.name)
            assertThrows<CallwiseException.InvalidRule> { Playbook(cal, LocalWindow("17:00", "09:00"), listOf()) }
        }
        val text = Scenario.json.getJSONObject("playbook").toString().replace("\"amount\":7", "\"amount\":-7")
        assertTrue(text.contains("-7"))
        assertThrows<CallwiseException.Json> { Playbook.fromJson(text) }
    }

    @Test
    fun `an unknown zone or cadence is refused at enrollment`() {
        Scenario.playbook().use { playbook ->
            val zone = assertThrows<CallwiseException.UnknownTimeZone> { playbook.start(enrollment(zone = "Mars/Base")) }
            assertEquals("Mars/Base", zone.zone)
            val cadence = assertThrows<CallwiseException.InvalidArgument> { playbook.start(enrollment(cadence = "nope")) }
            assertEquals("cadence_id", cadence.name)
            assertEquals("enrollment", assertThrows<CallwiseException.InvalidArgument> { playbook.start(enrollment(id = "")) }.name)
            assertEquals("enrolled_at", assertThrows<CallwiseException.InvalidArgument> {
                playbook.start(enrollment().copy(enrolledAt = Instant.MAX))
            }.name)
        }
    }

    @Test
    fun `enrollment for a contact takes the account and zone from the book`() {
        Book.fromJson(Fixtures.callingBook).use { book ->
            val e = enrollmentForContact(book, "e-9", "old-nos", "con-travel", "rep-a", at("2026-11-24T12:00:00Z"))
            assertEquals(Enrollment("e-9", "old-nos", "con-travel", "acc-ny", "rep-a", "Pacific/Honolulu", at("2026-11-24T12:00:00Z")), e)
            assertEquals("contact", assertThrows<CallwiseException.NotFound> {
                enrollmentForContact(book, "e", "old-nos", "nobody", "rep-a", at("2026-11-24T12:00:00Z"))
            }.kind)
            assertEquals("rep", assertThrows<CallwiseException.NotFound> {
                enrollmentForContact(book, "e", "old-nos", "con-travel", "rep-z", at("2026-11-24T12:00:00Z"))
            }.kind)
        }
    }

    @Test
    fun `a holiday on the due date moves the step to the next business day`() {
        Scenario.playbook().use { playbook ->
            val states = Scenario.states(playbook)
            // e-1: call-2 waits 3 business hours after Wednesday's e-mail and has a 10:00 to
            // 12:00 window: Thursday is Thanksgiving, so Friday 10:00 New York.
            val e1 = states.of("e-1")
            assertEquals("call-2", e1.stepId())
            assertEquals(at("2026-11-27T15:00:00Z"), e1.dueAt())
            // e-2: no answer Tuesday in Phoenix; +2 business days skips Thanksgiving.
            val e2 = states.of("e-2")
            assertEquals(at("2026-11-27T16:00:00Z"), e2.dueAt())
            assertTrue(e2.reason().contains("2 business days after step \"call-1\" (no_answer) on 2026-11-24"), e2.reason())
        }
    }

    @Test
    fun `branches exits variants and chaining`() {
        Scenario.playbook().use { playbook ->
            val states = Scenario.states(playbook)
            assertEquals(3L, states.of("e-1").stepsDone())
            assertEquals(EnrollmentStatus.Exited(ExitReason.MEETING_BOOKED, at("2026-11-24T01:00:00Z")), states.of("e-4").status())
            assertEquals(ExitReason.REPLIED, (states.of("e-5").status() as EnrollmentStatus.Exited).reason)
            // A/B: a function of the enrollment id, and both variants are used.
            val seen = mutableMapOf<String, Int>()
            for (i in 0 until 400) {
                val events = listOf(call("2026-11-23T15:00:00Z", Outcome.CONNECTED))
                val a = playbook.replay(enrollment(id = "ab-$i"), events)
                val b = playbook.replay(enrollment(id = "ab-$i"), events)
                assertEquals("email-1", a.stepId())
                assertEquals(a, b)
                seen.merge(a.variant()!!, 1, Int::plus)
            }
            assertEquals(setOf("welcome-short", "welcome-long"), seen.keys)
            assertTrue(seen.values.all { it in 160..240 }, seen.toString())
            // The last step of new-member chains to renewal-nurture.
            var state = playbook.start(enrollment(id = "chain", enrolledAt = "2026-11-02T14:00:00Z"))
            for (step in listOf("call-1", "vm-1", "email-1", "call-2", "text-1", "task-1")) {
                state = playbook.apply(state, CadenceEvent.StepDone(state.dueAt().plus(Duration.ofMinutes(5)), step, null))
            }
            assertEquals("renewal-nurture", state.cadenceId())
            assertEquals("social-1", state.stepId())
            assertEquals(EnrollmentStatus.Active, state.status())
        }
    }

    @Test
    fun `apply returns a new state and replay gives the same one in any order`() {
        Scenario.playbook().use { playbook ->
            val events = listOf(
                call("2026-11-23T15:00:00Z", Outcome.NO_ANSWER),
                CadenceEvent.Activity(at("2026-11-23T15:05:00Z"), Channel.VOICEMAIL, Direction.OUTBOUND, null),
                CadenceEvent.Paused(at("2026-11-23T16:00:00Z"), at("2026-11-26T00:00:00Z")),
            )
            val start = playbook.start(enrollment())
            var state = start
            for (event in events) state = playbook.apply(state, event)
            assertEquals("call-1", start.stepId())
            assertEquals(0L, start.stepsDone())
            assertNotEquals(start, state)
            assertEquals(state, playbook.replay(enrollment(), events))
            assertEquals(state, playbook.replay(enrollment(), events.reversed()))
            assertEquals(EnrollmentStatus.Paused(at("2026-11-26T00:00:00Z")), state.status())
            assertEquals(at("2026-11-23T16:00:00Z"), state.lastEventAt())
            assertEquals(2L, state.stepIndex())
            assertEquals(enrollment(), state.enrollment())
        }
    }

    @Test
    fun `pause resumes by itself and bad events are refused, the state unchanged`() {
        Book.fromJson(Fixtures.callingBook).use { book ->
            Scenario.playbook().use { playbook ->
                val states = Scenario.states(playbook)
                val e3 = states.of("e-3")
                assertTrue(e3.status() is EnrollmentStatus.Paused)
                val none = Coverage(policy = AbsencePolicy.SHIFT)
                assertTrue(playbook.dueOn(book, states, "rep-b", "2026-11-25", none).none { it.enrollmentId == "e-3" })
                val after = playbook.dueOn(book, states, "rep-b", "2026-11-30", none).first { it.enrollmentId == "e-3" }
                assertEquals(at("2026-11-30T19:00:00Z"), after.windowStart) // 09:00 in Honolulu
                val snapshot = playbook.replay(Scenario.enrollments()[2].first, Scenario.enrollments()[2].second)
                val bad = listOf(
                    CadenceEvent.StepDone(at("2026-11-24T00:00:00Z"), "call-1", null),
                    CadenceEvent.Paused(at("2026-11-24T00:00:00Z"), at("2026-11-23T00:00:00Z")),
                    CadenceEvent.MovedToCadence(at("2026-11-24T00:00:00Z"), "nowhere"),
                    CadenceEvent.Resumed(at("2026-11-01T00:00:00Z")),
                    CadenceEvent.Resumed(Instant.MAX),
                )
                for (event in bad) {
                    val e = assertThrows<CallwiseException.InvalidArgument>(event.toString()) { playbook.apply(e3, event) }
                    assertEquals("event", e.name)
                    assertEquals(snapshot, e3)
                }
            }
        }
    }

    @Test
    fun `a rep's week off shifts or reassigns every step once`() {
        Book.fromJson(Fixtures.callingBook).use { book ->
            Scenario.playbook().use { playbook ->
                val states = Scenario.states(playbook)
                val away = listOf(Absence("rep-a", "2026-11-23", "2026-11-27"))
                val shift = Coverage(away, AbsencePolicy.SHIFT)
                val reassign = Coverage(away, AbsencePolicy.REASSIGN)
                val none = Coverage(policy = AbsencePolicy.SHIFT)
                var covering = 0
                for (day in listOf("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27")) {
                    assertTrue(playbook.dueOn(book, states, "rep-a", day, shift).isEmpty())
                    val covered = playbook.dueForAll(book, states, day, reassign)
                    assertEquals(ids(playbook.dueForAll(book, states, day, none)), ids(covered))
                    for (step in covered) {
                        assertNotEquals("rep-a", step.repId)
                        if (step.ownerRepId == "rep-a" && step.accountId == "acc-ny") {
                            assertEquals("rep-c", step.repId)
                            assertTrue(step.reason.endsWith("covering for rep-a, away"), step.reason)
                            covering++
                        }
                    }
                }
                assertTrue(covering > 0)
                // Back on Monday 30 November, the shifted steps are rep-a's again, overdue.
                val back = playbook.dueOn(book, states, "rep-a", "2026-11-30", shift)
                val e2 = back.first { it.enrollmentId == "e-2" }
                assertTrue(e2.reason.contains("overdue since 2026-11-27"), e2.reason)
                assertEquals(StepKind.CALL, e2.kind)
                assertFalse(e2.windowEnd <= e2.windowStart)
                assertEquals("rep", assertThrows<CallwiseException.NotFound> { playbook.dueOn(book, states, "rep-z", "2026-11-30", shift) }.kind)
                val backwards = Coverage(listOf(Absence("rep-a", "2026-11-27", "2026-11-23")), AbsencePolicy.SHIFT)
                assertEquals("to", assertThrows<CallwiseException.InvalidArgument> { playbook.dueForAll(book, states, "2026-11-30", backwards) }.name)
                assertEquals("date", assertThrows<CallwiseException.InvalidArgument> { playbook.dueForAll(book, states, "30/11/2026", none) }.name)
            }
        }
    }
}
