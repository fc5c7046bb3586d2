package dev.callwise

import org.json.JSONArray
import org.json.JSONObject
import java.math.BigInteger
import java.time.Instant

/**
 * JSON as plain Kotlin values, so that parsed structures compare with `==` whatever the
 * formatting: objects become maps (key order ignored), arrays lists (order kept), integers
 * `Long`, numbers written with a point or exponent `Double` (so `0.0` stays a double),
 * `null` `null`.
 */
object Json {
    /** Parses an object and makes it canonical. */
    fun parseObject(text: String): Map<String, Any?> = canonical(JSONObject(text)).asMap()

    /** Makes a value from org.json (or from plain maps and lists) canonical. */
    fun canonical(value: Any?): Any? = when (value) {
        null, JSONObject.NULL -> null
        is JSONObject -> value.keySet().associateWith { canonical(value.opt(it)) }
        is JSONArray -> (0 until value.length()).map { canonical(value.opt(it)) }
        is Map<*, *> -> value.entries.associate { (k, v) -> k as String to canonical(v) }
        is List<*> -> value.map { canonical(it) }
        is Int, is Long, is Short, is Byte, is BigInteger -> (value as Number).toLong()
        is Number -> value.toDouble() // org.json's BigDecimal or Double: written with a point
        else -> value
    }

    /** A canonical value known to be an object. */
    @Suppress("UNCHECKED_CAST")
    fun Any?.asMap(): Map<String, Any?> = this as Map<String, Any?>

    /** A canonical value known to be an array. */
    @Suppress("UNCHECKED_CAST")
    fun Any?.asList(): List<Any?> = this as List<Any?>

    /** The text of an instant as core writes it, normalised so that both sides compare. */
    fun instant(text: String): String = Instant.parse(text).toString()
}

/**
 * The binding's typed records rendered back into core's JSON shape (snake_case keys and
 * enum values, absent options and empty lists left out, dates as `YYYY-MM-DD`, unsigned
 * numbers as `Long`s), so that each can be compared with its record in the fixture book.
 */
object Render {
    private fun MutableMap<String, Any?>.opt(key: String, value: Any?) {
        if (value != null) put(key, value)
    }

    private fun MutableMap<String, Any?>.nonEmpty(key: String, value: List<Any?>) {
        if (value.isNotEmpty()) put(key, value)
    }

    private fun snake(e: Enum<*>): String = e.name.lowercase()

    fun money(m: Money): Map<String, Any?> = mapOf("amount_minor" to m.amountMinor, "currency" to m.currency)

    fun ownership(o: Ownership): Map<String, Any?> =
        mapOf("rep_id" to o.repId, "role" to snake(o.role), "division_id" to o.divisionId)

    fun account(a: Account): Map<String, Any?> = buildMap<String, Any?> {
        put("id", a.id)
        put("name", a.name)
        put("kind", snake(a.kind))
        put("status", snake(a.status))
        opt("territory_zone", a.territoryZone)
        put("time_zone", a.timeZone)
        put("primary_owner", ownership(a.primaryOwner))
        nonEmpty("co_owners", a.coOwners.map(::ownership))
    }

    fun rep(r: Rep): Map<String, Any?> = buildMap<String, Any?> {
        put("id", r.id)
        put("name", r.name)
        put("role", snake(r.role))
        put("division_id", r.divisionId)
        opt("team_id", r.teamId)
        put("time_zone", r.timeZone)
    }

    fun activity(a: Activity): Map<String, Any?> = buildMap<String, Any?> {
        put("id", a.id)
        put("account_id", a.accountId)
        opt("contact_id", a.contactId)
        put("rep_id", a.repId)
        put("at", a.at.toString())
        put("channel", snake(a.channel))
        put("direction", snake(a.direction))
        opt("outcome", a.outcome?.let(::snake))
        opt("duration_seconds", a.durationSeconds?.toLong())
        opt("opportunity_id", a.opportunityId)
        opt("campaign_id", a.campaignId)
    }

    fun opportunity(o: Opportunity): Map<String, Any?> = buildMap<String, Any?> {
        put("id", o.id)
        put("account_id", o.accountId)
        opt("contact_id", o.contactId)
        put("owner_rep_id", o.ownerRepId)
        put("name", o.name)
        put("stage", snake(o.stage))
        put("amount", money(o.amount))
        opt("probability", o.probability)
        put("created_on", o.createdOn.toString())
        put("expected_close", o.expectedClose.toString())
        opt("next_step_due", o.nextStepDue?.toString())
        opt("closed_on", o.closedOn?.toString())
        opt("lost_to", o.lostTo)
    }

    fun membership(m: Membership): Map<String, Any?> = buildMap<String, Any?> {
        put("id", m.id)
        put("account_id", m.accountId)
        put("tier", m.tier)
        put("dues", money(m.dues))
        put("joined_on", m.joinedOn.toString())
        put("term_start", m.termStart.toString())
        put("term_end", m.termEnd.toString())
        nonEmpty("renewals", m.renewals.map { r ->
            mapOf(
                "term_start" to r.termStart.toString(),
                "term_end" to r.termEnd.toString(),
                "renewed_on" to r.renewedOn.toString(),
                "dues" to money(r.dues),
                "paid_late" to r.paidLate,
            )
        })
        nonEmpty("lapses", m.lapses.map { l ->
            buildMap<String, Any?> {
                put("lapsed_on", l.lapsedOn.toString())
                opt("reinstated_on", l.reinstatedOn?.toString())
            }
        })
    }

    fun contact(c: Contact): Map<String, Any?> = buildMap<String, Any?> {
        put("id", c.id)
        put("account_id", c.accountId)
        put("name", c.name)
        opt("title", c.title)
        nonEmpty("phones", c.phones.map { mapOf("number" to it.number, "kind" to snake(it.kind)) })
        nonEmpty("emails", c.emails.map { mapOf("address" to it.address, "primary" to it.primary) })
        opt("birthday", c.birthday?.let { b ->
            buildMap<String, Any?> {
                put("month", b.month.toLong())
                put("day", b.day.toLong())
                opt("year", b.year)
            }
        })
        // The book keeps only the override; the resolved zone is the binding's extra.
        opt("time_zone", c.timeZoneOverride)
        put("do_not_call", c.doNotCall)
        if (c.consent.isNotEmpty()) {
            put("consent", c.consent.entries.associate { (k, v) -> snake(k) to snake(v) })
        }
    }

    /** Money totals: the record's decimal strings of minor units back as JSON integers. */
    private fun totals(m: Map<String, String>): Map<String, Any?> = m.mapValues { (_, v) -> BigInteger(v) }

    fun summary(s: BookSummary): Map<String, Any?> = buildMap<String, Any?> {
        put("divisions", s.divisions.toLong())
        put("teams", s.teams.toLong())
        put("reps", s.reps.toLong())
        put("accounts", s.accounts.toLong())
        put("accounts_by_kind", s.accountsByKind.entries.associate { (k, v) -> snake(k) to v.toLong() })
        put("accounts_by_status", s.accountsByStatus.entries.associate { (k, v) -> snake(k) to v.toLong() })
        put("accounts_by_time_zone", s.accountsByTimeZone.mapValues { (_, v) -> v.toLong() })
        put("contacts", s.contacts.toLong())
        put("do_not_call_contacts", s.doNotCallContacts.toLong())
        put("leap_day_birthdays", s.leapDayBirthdays.toLong())
        put("opportunities_by_stage", s.opportunitiesByStage.entries.associate { (k, v) -> snake(k) to v.toLong() })
        put("lost_to_competitor", s.lostToCompetitor.toLong())
        put("open_pipeline_minor", totals(s.openPipelineMinor))
        put("memberships", s.memberships.toLong())
        put("dues_minor", totals(s.duesMinor))
        put("activities", s.activities.toLong())
        put("activities_by_channel", s.activitiesByChannel.entries.associate { (k, v) -> snake(k) to v.toLong() })
        // Serialised as `null` when absent, as core's summary does.
        put("first_activity_at", s.firstActivityAt?.toString())
        put("last_activity_at", s.lastActivityAt?.toString())
        put("campaigns", s.campaigns.toLong())
        put("campaign_responses", s.campaignResponses.toLong())
        put("events", s.events.toLong())
        put("event_attendees", s.eventAttendees.toLong())
        put("open_tasks", s.openTasks.toLong())
        put("handoffs", s.handoffs.toLong())
        put("pending_handoffs", s.pendingHandoffs.toLong())
    }

    fun handoff(h: Handoff): Map<String, Any?> = buildMap<String, Any?> {
        put("id", h.id)
        put("account_id", h.accountId)
        put("from_rep_id", h.fromRepId)
        put("to_rep_id", h.toRepId)
        put("at", h.at.toString())
        opt("accepted_at", h.acceptedAt?.toString())
        put("direction", snake(h.direction))
    }
}
