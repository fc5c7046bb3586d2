//! The call lists: every source pinned on a fixture built to exercise it, the score's
//! arithmetic, the calling rules inside the list (held back, caps, local dates),
//! capacity and slots (the earliest feasible instant, checked minute by minute),
//! visibility, every rep at once, splitting by account and by rep, re-ranking, and bad
//! input.

use crate::fixtures::read;
use callwise::call_list::*;
use callwise::retention::BetaGeo;
use callwise::routine::{Routine, ZoneRotation};
use callwise::{Activity, Book, Channel, Direction, Error, Outcome, Verdict};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// A call (id `act-new`) by the rep to the contact of the account, `(account, contact,
/// rep)`, at `at`, with `outcome`.
fn outbound_call(
    (account, contact, rep): (&str, &str, &str),
    at: DateTime<Utc>,
    outcome: Option<Outcome>,
) -> Activity {
    Activity {
        id: "act-new".into(),
        account_id: account.into(),
        contact_id: Some(contact.into()),
        rep_id: rep.into(),
        at,
        channel: Channel::Call,
        direction: Direction::Outbound,
        outcome,
        duration_seconds: None,
        opportunity_id: None,
        campaign_id: None,
    }
}

fn fixture() -> Book {
    Book::from_json(&read("fixtures/call_list_book.json")).unwrap()
}

fn rotation() -> ZoneRotation {
    ZoneRotation::new(vec!["North".into(), "South".into()], date("2026-11-23"), 28).unwrap()
}

fn prepared(book: &Book, day: NaiveDate, config: &CallListConfig) -> Prepared {
    let model = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    Prepared::new(book, day, config, None, None, Some(&model)).unwrap()
}

/// (source, account, contact, rep, record, why) of every reason, for pinning.
fn summary(reasons: &[Reason]) -> Vec<String> {
    reasons
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {} | {} | urgency {:.4}",
                r.source,
                r.account_id.as_str(),
                r.contact_id.as_ref().map_or("-", |c| c.as_str()),
                r.rep_id.as_ref().map_or("-", |c| c.as_str()),
                r.record_id.as_deref().unwrap_or("-"),
                r.why,
                r.urgency
            )
        })
        .collect()
}

#[test]
fn every_source_gives_exactly_its_reasons() {
    let book = fixture();
    let day = date("2026-11-24");
    let config = CallListConfig::default();
    let prepared = prepared(&book, day, &config);
    let rotation = rotation();
    let inputs = prepared.inputs(Some(&rotation), &[]);
    let mut all_sources = config.clone();
    all_sources.next_day_sources = Source::ALL.to_vec();
    let reasons = reasons_for(&book, day, &all_sources, &inputs, None).unwrap();
    assert_eq!(
        summary(&reasons),
        [
            "carry_over acc-ny con-ny-2 rep-ny task-1 | task task-1 due 2026-11-21 (3 days overdue) | urgency 1.2143",
            "opportunity_follow_up acc-ny con-ny-1 rep-ny opp-1 | deal opp-1 next step due 2026-11-20 | urgency 1.2857",
            "zone_rotation acc-ny - - - | zone North this week: book a meeting around 2026-12-22 | urgency 1.0000",
            "carry_over acc-hi - rep-mem task-6 | task task-6 due today | urgency 1.0000",
            "opportunity_follow_up acc-hi - rep-ny opp-2 | deal opp-2 quiet for 23 days | urgency 1.6429",
            "zone_rotation acc-hi - - - | zone North this week: book a meeting around 2026-12-22 | urgency 1.0000",
            "dormant acc-hi - - - | repeat purchases 1, P(alive) 0.19 | urgency 0.8096",
            "carry_over acc-chi - rep-mem task-2 | task task-2 due today | urgency 1.0000",
            "birthday acc-chi con-chi-1 - con-chi-1 | birthday today | urgency 1.0000",
            "renewal acc-chi - - mem-chi | membership mem-chi term ends 2026-12-14 (20 days) | urgency 0.8333",
            "event_attendee acc-chi con-chi-1 - ev-2026 | attended event ev-2025; event ev-2026 starts 2026-12-10 | urgency 1.0000",
            "campaign_follow_up acc-la con-la-1 - camp-1 | clicked in campaign camp-1 on 2026-11-15 (9 days ago) | urgency 0.4200",
            "thank_you acc-la con-la-1 rep-la opp-4 | deal opp-4 won on 2026-11-20 | urgency 0.7143",
            "carry_over acc-dnc con-dnc rep-ny task-5 | task task-5 due today | urgency 1.0000",
            "old_no acc-old con-old-1 - opp-3 | deal opp-3 lost to Rival Co on 2025-10-01 (13 months ago) | urgency 1.1458",
            "carry_over acc-lh con-lh-1 rep-ny task-4 | task task-4 due today | urgency 1.0000",
        ]
    );
    // The numbers behind them.
    let renewal = reasons
        .iter()
        .find(|r| r.source == Source::Renewal)
        .unwrap();
    assert_eq!(renewal.numbers["days_left"], 20.0);
    assert_eq!(renewal.stake_minor, 120_000);
    let deal = reasons
        .iter()
        .find(|r| r.record_id.as_deref() == Some("opp-1"))
        .unwrap();
    assert_eq!(deal.stake_minor, 3_000_000); // 50,000.00 at 0.6
    assert_eq!(deal.numbers["days_overdue"], 4.0);
    // The source functions give the same reasons on their own.
    let carry: Vec<Reason> = reasons
        .iter()
        .filter(|r| r.source == Source::CarryOver)
        .cloned()
        .collect();
    assert_eq!(carry_overs(&book, day).unwrap(), carry);
    let old: Vec<Reason> = reasons
        .iter()
        .filter(|r| r.source == Source::OldNo)
        .cloned()
        .collect();
    assert_eq!(old_nos(&book, day).unwrap(), old);
    assert_eq!(zone_rotation(&book, day, &rotation).unwrap().len(), 2);
}

#[test]
fn a_reason_already_acted_on_is_not_given() {
    let book = fixture();
    let day = date("2026-11-24");
    // con-ny-1 opened the campaign on the 20th but was called on the 23rd (by a
    // colleague from another division: it counts); con-chi-1 unsubscribed.
    let campaign = campaign_follow_ups(&book, day).unwrap();
    assert_eq!(summary(&campaign).len(), 1);
    assert_eq!(
        campaign[0].contact_id.as_ref().unwrap().as_str(),
        "con-la-1"
    );
    // con-hi-1 is registered for the upcoming summit: no reason to call about it.
    let attendees = event_attendees(&book, day).unwrap();
    assert!(attendees.iter().all(|r| r.account_id.as_str() != "acc-hi"));
    // The done task-3 is not carried over.
    assert!(
        carry_overs(&book, day)
            .unwrap()
            .iter()
            .all(|r| r.record_id.as_deref() != Some("task-3"))
    );
}

#[test]
fn leap_day_birthdays_follow_the_rule() {
    let book = fixture();
    let on = |day: &str, leap: callwise::routine::LeapDay| {
        let config = CallListConfig {
            leap_day: leap,
            next_day_sources: vec![Source::Birthday],
            ..CallListConfig::default()
        };
        reasons_for(&book, date(day), &config, &CallListInputs::default(), None)
            .unwrap()
            .iter()
            .any(|r| {
                r.contact_id
                    .as_ref()
                    .is_some_and(|c| c.as_str() == "con-bday")
            })
    };
    use callwise::routine::LeapDay::{Feb28, Mar1};
    assert!(on("2028-02-29", Feb28) && on("2028-02-29", Mar1));
    assert!(on("2029-02-28", Feb28) && !on("2029-03-01", Feb28));
    assert!(on("2029-03-01", Mar1) && !on("2029-02-28", Mar1));
    assert_eq!(birthdays(&book, date("2029-02-28")).unwrap().len(), 1);
}

#[test]
fn the_list_scores_holds_back_and_slots_as_documented() {
    let book = fixture();
    let day = date("2026-11-24");
    let config = CallListConfig::default();
    let prepared = prepared(&book, day, &config);
    let rotation = rotation();
    let list = next_day_call_list(
        &book,
        "rep-ny",
        day,
        &config,
        &prepared.inputs(Some(&rotation), &[]),
    )
    .unwrap();
    let entries: Vec<(&str, &str, i64, String)> = list
        .entries
        .iter()
        .map(|e| {
            (
                e.account_id.as_str(),
                e.contact_id.as_str(),
                e.score,
                e.slot_start.to_rfc3339(),
            )
        })
        .collect();
    // acc-ny: deal 39,906 (50,000.00 × 0.6 at stake) + overdue task 12,143 + rotation
    // 3,000; called at 09:00 New York. acc-hi (its deal, rotation, and rep-mem's task, which
    // rep-mem may not work) at 08:00 Honolulu, when its window opens.
    assert_eq!(
        entries,
        [
            (
                "acc-ny",
                "con-ny-1",
                55_049,
                "2026-11-24T14:00:00+00:00".to_owned()
            ),
            (
                "acc-hi",
                "con-hi-1",
                44_715,
                "2026-11-24T18:00:00+00:00".to_owned()
            ),
        ]
    );
    for e in &list.entries {
        assert_eq!(
            e.score,
            e.reasons.iter().map(|r| r.contribution).sum::<i64>()
        );
        assert!(
            e.reasons
                .windows(2)
                .all(|w| w[0].contribution >= w[1].contribution)
        );
    }
    // It's OUR customer: a colleague's call from another division is the last touch.
    let touch = list.entries[0].last_touch.as_ref().unwrap();
    assert_eq!(
        (touch.rep_id.as_str(), touch.at),
        ("rep-mem", at("2026-11-23T15:00:00Z"))
    );
    // Do-not-call, and a callee whose local date is already the 25th while the rep works.
    let held: Vec<(&str, HoldRule)> = list
        .held_back
        .iter()
        .map(|h| (h.account_id.as_str(), h.rule))
        .collect();
    assert_eq!(
        held,
        [
            ("acc-dnc", HoldRule::DoNotCall),
            ("acc-lh", HoldRule::OutsideWindow)
        ]
    );
    // rep-mem's task on acc-hi, which rep-mem may not work, goes to acc-hi's baton
    // holder, rep-ny, and is not on rep-mem's list.
    let mem = next_day_call_list(
        &book,
        "rep-mem",
        day,
        &config,
        &prepared.inputs(Some(&rotation), &[]),
    )
    .unwrap();
    let on = |l: &CallList| {
        l.entries.iter().any(|e| {
            e.reasons
                .iter()
                .any(|r| r.record_id.as_deref() == Some("task-6"))
        })
    };
    assert!(on(&list) && !on(&mem));
}

#[test]
fn consent_and_caps_hold_back() {
    let book = fixture();
    let day = date("2026-11-24");
    let mut config = CallListConfig::default();
    config.calling_rules = config.calling_rules.clone().with_consent_required(true);
    let list =
        next_day_call_list(&book, "rep-ny", day, &config, &CallListInputs::default()).unwrap();
    // Only con-ny-1 has granted consent; con-hi-1's is unknown.
    assert_eq!(
        list.entries
            .iter()
            .map(|e| e.account_id.as_str())
            .collect::<Vec<_>>(),
        ["acc-ny"]
    );
    assert!(
        list.held_back
            .iter()
            .any(|h| h.account_id.as_str() == "acc-hi" && h.rule == HoldRule::NoConsent)
    );

    // One attempt a week per contact: con-chi-1 was tried on the 12th, so not before the 19th.
    let mut capped = CallListConfig::default();
    capped.calling_rules = capped
        .calling_rules
        .clone()
        .with_caps(Some(1), None)
        .unwrap();
    let on = |day: &str| {
        next_day_call_list(
            &book,
            "rep-mem",
            date(day),
            &capped,
            &CallListInputs::default(),
        )
        .unwrap()
    };
    assert_eq!(on("2026-11-17").held_back[0].rule, HoldRule::ContactCap);
    assert_eq!(on("2026-11-24").entries[0].account_id.as_str(), "acc-chi");
}

#[test]
fn capacity_cuts_the_list_and_routines_take_time_out() {
    let book = fixture();
    let day = date("2026-11-24");
    // 13:00 in New York is 08:00 in Honolulu: both callees may be called, one fits.
    let config = CallListConfig {
        working_hours: callwise::LocalWindow::parse("13:00", "13:06").unwrap(),
        ..CallListConfig::default()
    };
    let list =
        next_day_call_list(&book, "rep-ny", day, &config, &CallListInputs::default()).unwrap();
    assert_eq!((list.capacity_minutes, list.planned_minutes), (6, 6));
    assert_eq!(list.entries.len(), 1);
    assert_eq!(
        list.cut
            .iter()
            .map(|c| c.account_id.as_str())
            .collect::<Vec<_>>(),
        ["acc-hi"]
    );

    // A Power Hour at 09:00 on Tuesdays: the list starts after it.
    let power_hour = Routine::power_hour(
        "America/New_York",
        day,
        &[chrono::Weekday::Tue],
        chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
    )
    .unwrap();
    let routines = [power_hour];
    let inputs = CallListInputs {
        routines: &routines,
        ..CallListInputs::default()
    };
    let list =
        next_day_call_list(&book, "rep-ny", day, &CallListConfig::default(), &inputs).unwrap();
    assert_eq!(list.capacity_minutes, 420);
    assert_eq!(list.entries[0].slot_start, at("2026-11-24T15:00:00Z"));
    // No work on Sundays: everything callable is cut, nothing silently dropped.
    let sunday = next_day_call_list(
        &book,
        "rep-mem",
        date("2026-11-29"),
        &CallListConfig::default(),
        &CallListInputs::default(),
    )
    .unwrap();
    assert_eq!((sunday.capacity_minutes, sunday.entries.len()), (0, 0));
    assert_eq!(sunday.cut.len() + sunday.held_back.len(), 1);
}

#[test]
fn slots_follow_daylight_saving() {
    let book = fixture();
    let config = CallListConfig::default();
    // 09:00 in New York is 13:00 UTC before the clocks fall back and 14:00 after.
    for (day, slot) in [
        ("2026-10-30", "2026-10-30T13:00:00Z"),
        ("2026-11-02", "2026-11-02T14:00:00Z"),
    ] {
        let list = next_day_call_list(
            &book,
            "rep-ny",
            date(day),
            &config,
            &CallListInputs::default(),
        )
        .unwrap();
        let ny = list
            .entries
            .iter()
            .find(|e| e.account_id.as_str() == "acc-ny")
            .unwrap();
        assert_eq!(ny.slot_start, at(slot), "{day}");
    }
}

#[test]
fn the_power_hour_pool_takes_the_teams_accounts() {
    let book = fixture();
    let day = date("2026-11-24");
    let config = CallListConfig::default();
    let prepared = prepared(&book, day, &config);
    let pool = power_hour_list(
        &book,
        "team-east",
        day,
        &config,
        &prepared.inputs(None, &[]),
    )
    .unwrap();
    // 10:00 in the zone of the team's first rep by id (rep-la: Los Angeles), two reps.
    assert_eq!(
        pool.working,
        [Span {
            start: at("2026-11-24T18:00:00Z"),
            end: at("2026-11-24T19:00:00Z")
        }]
    );
    assert_eq!(pool.capacity_minutes, 120);
    let entries: Vec<(&str, Source)> = pool
        .entries
        .iter()
        .map(|e| (e.account_id.as_str(), e.reasons[0].source))
        .collect();
    assert_eq!(
        entries,
        [("acc-old", Source::OldNo), ("acc-hi", Source::Dormant)]
    );
    // A Power Hour routine's block on the day wins over the configured one.
    let routine = Routine::power_hour(
        "America/New_York",
        day,
        &[chrono::Weekday::Tue],
        chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
    )
    .unwrap();
    let routines = [routine];
    let pool = power_hour_list(
        &book,
        "team-east",
        day,
        &config,
        &prepared.inputs(None, &routines),
    )
    .unwrap();
    assert_eq!(pool.working[0].start, at("2026-11-24T19:00:00Z"));
    assert_eq!(pool.time_zone, "America/New_York");
    assert!(matches!(
        power_hour_list(
            &book,
            "team-empty",
            day,
            &config,
            &CallListInputs::default()
        ),
        Err(Error::InvalidArgument {
            name: "team_id",
            ..
        })
    ));
    assert!(matches!(
        power_hour_list(
            &book,
            "team-nowhere",
            day,
            &config,
            &CallListInputs::default()
        ),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn re_ranking_moves_holds_back_or_removes_the_called_account() {
    let book = fixture();
    let day = date("2026-11-24");
    let config = CallListConfig::default();
    let rotation = rotation();
    let prepared = prepared(&book, day, &config);
    let inputs = prepared.inputs(Some(&rotation), &[]);
    let fresh = next_day_call_list(&book, "rep-ny", day, &config, &inputs).unwrap();
    let call = |outcome: Option<Outcome>, at_: DateTime<Utc>| {
        outbound_call(("acc-ny", "con-ny-1", "rep-ny"), at_, outcome)
    };
    // No answer at 09:00: tried again two hours later, when the rep is free.
    let mut list = fresh.clone();
    let change = list
        .log_activity(
            &book,
            &call(Some(Outcome::NoAnswer), at("2026-11-24T14:00:00Z")),
            &config,
        )
        .unwrap();
    assert_eq!(
        change,
        Change::Moved {
            account_id: "acc-ny".into(),
            slot_start: at("2026-11-24T16:00:00Z")
        }
    );
    assert_eq!(list.entries.len(), 2);
    // The other entry kept its slot.
    assert_eq!(list.entries[1].slot_start, fresh.entries[1].slot_start);
    // Connected: the account leaves.
    let change = list
        .log_activity(
            &book,
            &call(Some(Outcome::Connected), at("2026-11-24T16:00:00Z")),
            &config,
        )
        .unwrap();
    assert_eq!(
        change,
        Change::Left {
            account_id: "acc-ny".into()
        }
    );
    assert_eq!(list.entries.iter().map(|e| e.rank).collect::<Vec<_>>(), [1]);
    // With one attempt a day per account, the no-answer reaches the cap.
    let mut capped = config.clone();
    capped.calling_rules = capped
        .calling_rules
        .clone()
        .with_caps(None, Some(1))
        .unwrap();
    let mut list = next_day_call_list(&book, "rep-ny", day, &capped, &inputs).unwrap();
    let change = list
        .log_activity(
            &book,
            &call(Some(Outcome::NoAnswer), at("2026-11-24T14:00:00Z")),
            &capped,
        )
        .unwrap();
    assert_eq!(
        change,
        Change::HeldBack {
            account_id: "acc-ny".into(),
            rule: HoldRule::AccountCap
        }
    );
    // An account not on the list: nothing changes.
    let mut list = fresh.clone();
    let other = Activity {
        account_id: "acc-la".into(),
        contact_id: None,
        ..call(None, at("2026-11-24T15:00:00Z"))
    };
    assert_eq!(
        list.log_activity(&book, &other, &config).unwrap(),
        Change::Unchanged
    );
    assert_eq!(list, fresh);
}

#[test]
fn re_ranking_advances_the_cadence_step() {
    let book = fixture();
    let day = date("2026-11-24");
    let config = CallListConfig::default();
    let step: callwise::cadence::DueStep = serde_json::from_value(serde_json::json!({
        "rep_id": "rep-la", "owner_rep_id": "rep-la", "enrollment_id": "enr-1", "contact_id": "con-la-1",
        "account_id": "acc-la", "cadence_id": "welcome", "step_id": "call-1", "kind": "call", "variant": null,
        "due_at": "2026-11-24T17:00:00Z", "window_start": "2026-11-24T17:00:00Z",
        "window_end": "2026-11-25T01:00:00Z", "reason": "step 1 of 3 (call) of welcome"
    })).unwrap();
    let steps = [step];
    let inputs = CallListInputs {
        due_steps: &steps,
        ..CallListInputs::default()
    };
    let mut list = next_day_call_list(&book, "rep-la", day, &config, &inputs).unwrap();
    let before = list.entries[0].score;
    assert!(
        list.entries[0]
            .reasons
            .iter()
            .any(|r| r.source == Source::CadenceStep)
    );
    let call = outbound_call(
        ("acc-la", "con-la-1", "rep-la"),
        at("2026-11-24T17:00:00Z"),
        Some(Outcome::NoAnswer),
    );
    assert!(matches!(
        list.log_activity(&book, &call, &config).unwrap(),
        Change::Moved { .. }
    ));
    let entry = &list.entries[0];
    assert!(
        entry
            .reasons
            .iter()
            .all(|r| r.source != Source::CadenceStep)
    );
    assert_eq!(
        entry.score,
        entry.reasons.iter().map(|r| r.contribution).sum::<i64>()
    );
    assert!(entry.score < before);
}

#[test]
fn bad_input_is_a_typed_error_naming_the_field() {
    let book = fixture();
    let day = date("2026-11-24");
    let (config, inputs) = (CallListConfig::default(), CallListInputs::default());
    assert!(matches!(
        next_day_call_list(&book, "rep-nobody", day, &config, &inputs),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        next_day_call_list(&book, "rep-ny", date("1800-01-01"), &config, &inputs),
        Err(Error::InvalidArgument { name: "day", .. })
    ));
    for (json, field) in [
        (r#"{"weights": {"renewal": -2}}"#, "weights"),
        (r#"{"minutes_per_touch": {"call": 0}}"#, "minutes_per_touch"),
        (r#"{"working_days": []}"#, "working_days"),
        (r#"{"renewal_lead_days": 0}"#, "renewal_lead_days"),
        (
            r#"{"power_hour": {"start": "10:00", "minutes": 0}}"#,
            "power_hour",
        ),
        (r#"{"next_day_sources": []}"#, "next_day_sources"),
        (r#"{"dormant_below": 0}"#, "dormant_below"),
    ] {
        match CallListConfig::from_json(json) {
            Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, field, "{json}"),
            other => panic!("{json}: {other:?}"),
        }
    }
    for json in [
        r#"{"weights": {"gossip": 1}}"#,
        r#"{"favourite_colour": "red"}"#,
        r#"{"weights": {"renewal": "high"}}"#,
    ] {
        assert!(
            matches!(CallListConfig::from_json(json), Err(Error::Json { .. })),
            "{json}"
        );
    }
    // A configuration built in Rust is checked too.
    let mut bad = CallListConfig::default();
    bad.weights.insert(Source::Birthday, f64::NAN);
    assert!(matches!(
        next_day_call_list(&book, "rep-ny", day, &bad, &inputs),
        Err(Error::InvalidArgument {
            name: "weights",
            ..
        })
    ));
    assert!(matches!(
        reasons_for(&book, day, &config, &inputs, Some(&["acc-nowhere"])),
        Err(Error::NotFound { .. })
    ));
}

/// Whether a call of `minutes` at `t` is allowed from start to end on the callee's
/// local date `day`: the brute-force reading of the rules the slots must meet.
fn feasible(
    book: &Book,
    config: &CallListConfig,
    e: &Entry,
    t: DateTime<Utc>,
    day: NaiveDate,
) -> bool {
    let tz: chrono_tz::Tz = e.time_zone.parse().unwrap();
    let end = t + Duration::minutes(i64::from(e.minutes)) - Duration::seconds(1);
    t.with_timezone(&tz).date_naive() == day
        && book
            .can_call(e.contact_id.as_str(), t, &config.calling_rules)
            .unwrap()
            == Verdict::Allowed
        && config.calling_rules.check(&e.time_zone, end).unwrap() == Verdict::Allowed
}

/// Whether `rep` may work `account` under the configuration's visibility, read
/// independently of the library's own rule.
fn may_work(
    book: &Book,
    config: &CallListConfig,
    rep: &callwise::RepId,
    account: &callwise::Account,
) -> bool {
    let me = book.rep(rep.as_str()).unwrap();
    match config.visibility {
        Visibility::Owned => account.owners().any(|o| &o.rep_id == rep),
        Visibility::Division => account.owners().any(|o| o.division_id == me.division_id),
        Visibility::Team => {
            me.team_id.is_some()
                && account
                    .owners()
                    .any(|o| book.rep(o.rep_id.as_str()).unwrap().team_id == me.team_id)
        }
        Visibility::Shared => true,
    }
}

/// Every invariant of one rep's list, the earliest slot included.
fn check_list(book: &Book, config: &CallListConfig, list: &CallList) {
    let rep = list.rep_id.as_ref().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for (i, e) in list.entries.iter().enumerate() {
        assert_eq!(e.rank as usize, i + 1);
        assert!(seen.insert(e.account_id.clone()), "one entry per account");
        assert_eq!(
            e.score,
            e.reasons.iter().map(|r| r.contribution).sum::<i64>()
        );
        // No list leaks an account.
        let account = book.account(e.account_id.as_str()).unwrap().to_account();
        assert!(
            may_work(book, config, rep, &account),
            "{} on {}'s list",
            e.account_id.as_str(),
            rep.as_str()
        );
        // Every reason is its named rep's, or the baton holder's when it names none or
        // one who may not work the account.
        for r in &e.reasons {
            let owner = &account.primary_owner.rep_id;
            match &r.rep_id {
                Some(named) if named == rep => {}
                Some(named) => assert!(owner == rep && !may_work(book, config, named, &account)),
                None => assert_eq!(owner, rep, "a reason on another rep's list"),
            }
        }
        // Slots inside working time, allowed, not overlapping.
        let end = e.slot_start + Duration::minutes(i64::from(e.minutes));
        assert!(
            list.working
                .iter()
                .any(|s| s.start <= e.slot_start && end <= s.end)
        );
        assert!(feasible(book, config, e, e.slot_start, list.day));
    }
    assert!(
        list.entries
            .windows(2)
            .all(|w| (w[1].score, &w[0].account_id) <= (w[0].score, &w[1].account_id))
    );
    for h in &list.held_back {
        assert!(seen.insert(h.account_id.clone()));
    }
    for c in &list.cut {
        assert!(seen.insert(c.account_id.clone()));
    }
    assert_eq!(
        list.planned_minutes,
        list.entries.iter().map(|e| e.minutes).sum::<u32>()
    );
    assert!(list.planned_minutes <= list.capacity_minutes);
    // The earliest slot: in slot order (east first, then score, then id), no free minute
    // before an entry's slot would have been feasible.
    let offset = |e: &Entry| {
        let tz: chrono_tz::Tz = e.time_zone.parse().unwrap();
        let noon = list.day.and_hms_opt(12, 0, 0).unwrap().and_utc();
        (noon.with_timezone(&tz).naive_local() - noon.naive_utc()).num_seconds()
    };
    let mut order: Vec<&Entry> = list.entries.iter().collect();
    order.sort_by(|a, b| {
        offset(b)
            .cmp(&offset(a))
            .then(b.score.cmp(&a.score))
            .then_with(|| a.account_id.cmp(&b.account_id))
    });
    let mut taken: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for e in order {
        let length = Duration::minutes(i64::from(e.minutes));
        for span in &list.working {
            let mut t = span.start;
            while t < e.slot_start && t + length <= span.end {
                let free = taken.iter().all(|(s, f)| t + length <= *s || t >= *f);
                assert!(
                    !(free && feasible(book, config, e, t, list.day)),
                    "{} could start at {t}, before its slot {}",
                    e.account_id.as_str(),
                    e.slot_start
                );
                t += Duration::minutes(1);
            }
        }
        taken.push((e.slot_start, e.slot_start + length));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Every rep's list over random sample books, days, visibility rules, working hours
    /// and caps keeps every invariant, equals the rep's own list, and does not depend
    /// on how the work is split or on the number of threads; the entry table built
    /// without the lists is theirs.
    #[test]
    fn every_list_keeps_every_rule(
        seed in 0u64..1000,
        offset in 0u64..60,
        visibility in prop::sample::select(vec![Visibility::Owned, Visibility::Team, Visibility::Division, Visibility::Shared]),
        start in 7u32..12,
        hours in 1u32..9,
        cap in prop::option::of(1u32..3),
    ) {
        let book = callwise::sample_book(&callwise::SampleConfig::new(seed, 60)).unwrap();
        let day = date("2026-10-01") + chrono::Days::new(offset);
        let mut config = CallListConfig { visibility, ..CallListConfig::default() };
        let clock = |h: u32| format!("{h:02}:00");
        config.working_hours = callwise::LocalWindow::parse(&clock(start), &clock(start + hours)).unwrap();
        config.calling_rules = config.calling_rules.clone().with_caps(cap, None).unwrap();
        let inputs = CallListInputs::default();
        let lists = call_lists(&book, day, &config, &inputs).unwrap();
        prop_assert_eq!(lists.len(), book.reps().len());
        for list in &lists {
            check_list(&book, &config, list);
            let alone = next_day_call_list(&book, list.rep_id.as_ref().unwrap().as_str(), day, &config, &inputs).unwrap();
            prop_assert_eq!(&alone, list);
        }
        // Split by account in three, shuffled: the same lists.
        let ids: Vec<&str> = book.account_ids().collect();
        let mut reasons = Vec::new();
        for part in ids.chunks(ids.len() / 3 + 1).rev() {
            reasons.extend(reasons_for(&book, day, &config, &inputs, Some(part)).unwrap());
        }
        prop_assert_eq!(&lists_from(&book, day, &config, &inputs, &reasons, None).unwrap(), &lists);
        // One thread gives the same lists.
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        prop_assert_eq!(&one.install(|| call_lists(&book, day, &config, &inputs)).unwrap(), &lists);
        // The table made without the entries is the table of the lists.
        let table = call_list_table(&book, day, &config, &inputs).unwrap();
        prop_assert_eq!(table, CallListTable::from(lists));
    }
}

/// The shared scenario every language runs: its lists' JSON, then the first list's after
/// a call is logged, compared byte for byte with `tests/conformance/call_list.txt`.
#[test]
fn the_shared_scenario_gives_the_committed_lists() {
    let scenario: serde_json::Value =
        serde_json::from_str(&read("fixtures/call_list_scenario.json")).unwrap();
    let book = Book::from_json(&read(&format!(
        "fixtures/{}",
        scenario["book"].as_str().unwrap()
    )))
    .unwrap();
    let rotation: ZoneRotation = serde_json::from_value(scenario["rotation"].clone()).unwrap();
    let m = &scenario["purchase_model"];
    let model = BetaGeo::new(
        m["r"].as_f64().unwrap(),
        m["alpha"].as_f64().unwrap(),
        m["a"].as_f64().unwrap(),
        m["b"].as_f64().unwrap(),
    )
    .unwrap();
    let config = CallListConfig::from_json(&scenario["config"].to_string()).unwrap();
    let mut text = String::new();
    let mut lists = Vec::new();
    for case in scenario["cases"].as_array().unwrap() {
        let day = date(case["day"].as_str().unwrap());
        let prepared = Prepared::new(&book, day, &config, None, None, Some(&model)).unwrap();
        let inputs = prepared.inputs(Some(&rotation), &[]);
        let list = match case["list"].as_str().unwrap() {
            "next_day" => next_day_call_list(
                &book,
                case["rep_id"].as_str().unwrap(),
                day,
                &config,
                &inputs,
            ),
            _ => power_hour_list(
                &book,
                case["team_id"].as_str().unwrap(),
                day,
                &config,
                &inputs,
            ),
        }
        .unwrap();
        text.push_str(&list.to_json());
        lists.push(list);
    }
    let log = &scenario["log"];
    let activity: Activity = serde_json::from_value(log["activity"].clone()).unwrap();
    let list = &mut lists[log["case"].as_u64().unwrap() as usize];
    list.log_activity(&book, &activity, &config).unwrap();
    text.push_str(&list.to_json());
    crate::fixtures::expect_file("conformance/call_list.txt", &text);
}

/// The dormant source reads the purchases the configuration names: with membership
/// payments, every dormant account is one whose dues (joining and renewals) have gone
/// quiet, and the signals are exactly those of `dormant_signals` over that history.
#[test]
fn the_dormant_source_reads_the_purchases_the_configuration_names() {
    use callwise::retention::{PurchaseSource, TimeUnit, dormant_signals, purchase_history};
    let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400)).unwrap();
    let day = date("2026-11-24");
    let model = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    for source in [
        PurchaseSource::WonDeals,
        PurchaseSource::MembershipPayments,
        PurchaseSource::EventRegistrations,
    ] {
        let config = CallListConfig {
            dormant_purchases: source,
            ..CallListConfig::default()
        };
        let prepared = Prepared::new(&book, day, &config, None, None, Some(&model)).unwrap();
        let history = purchase_history(&book, day, TimeUnit::Weeks, source).unwrap();
        let expected = dormant_signals(&history, &model, 13.0).unwrap();
        assert_eq!(prepared.dormant_signals, expected, "{source:?}");
    }
    let json = CallListConfig::default().to_json();
    assert!(
        json.contains(r#""dormant_purchases": "won_deals""#),
        "{json}"
    );
    let config = CallListConfig::from_json(r#"{"dormant_purchases": "membership_payments"}"#);
    assert_eq!(
        config.unwrap().dormant_purchases,
        PurchaseSource::MembershipPayments
    );
    assert!(CallListConfig::from_json(r#"{"dormant_purchases": "donations"}"#).is_err());
}

/// A renewal is thanked in words naming the membership and the day it renewed, to the
/// baton holder, with the dues at stake (the fixture has no renewal to thank; the
/// sample book has several).
#[test]
fn a_renewal_is_thanked_by_membership_and_day() {
    let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400)).unwrap();
    let day = date("2026-10-20");
    let thanks = thank_yous(&book, day).unwrap();
    let renewed: Vec<&Reason> = thanks
        .iter()
        .filter(|r| r.why.starts_with("membership "))
        .collect();
    assert!(renewed.len() >= 2, "{thanks:?}");
    for r in renewed {
        let id = r.record_id.as_deref().unwrap();
        let m = book.memberships().find(|m| m.id() == id).unwrap();
        assert_eq!(r.account_id.as_str(), m.account_id());
        let renewal = m
            .renewals()
            .find(|x| r.why == format!("membership {id} renewed on {}", x.renewed_on))
            .unwrap_or_else(|| panic!("{}", r.why));
        assert_eq!(r.stake_minor, renewal.dues.amount_minor);
        assert_eq!(
            r.numbers["days_since"],
            (day - renewal.renewed_on).num_days() as f64
        );
        assert_eq!((r.rep_id.as_ref(), r.contact_id.as_ref()), (None, None));
    }
}

/// Reasons from outside (another process's JSON, a list read back) are checked before a
/// score reads them: an urgency outside 0 to 2 (or NaN) would score as `i64::MAX` or 0
/// points. `lists_from` and a list's `log_activity` refuse it, and the refused call
/// leaves the list as it was.
#[test]
fn a_reason_with_an_urgency_out_of_range_is_refused() {
    let book = fixture();
    let day = date("2026-11-24");
    let (config, inputs) = (CallListConfig::default(), CallListInputs::default());
    let reasons = reasons_for(&book, day, &config, &inputs, None).unwrap();
    assert!(lists_from(&book, day, &config, &inputs, &reasons, None).is_ok());
    for urgency in [2.5, -0.1, 1e300, f64::NAN, f64::INFINITY] {
        let mut bad = reasons.clone();
        bad[0].urgency = urgency;
        match lists_from(&book, day, &config, &inputs, &bad, None) {
            Err(Error::InvalidArgument { name, reason }) => {
                assert_eq!(name, "reasons");
                assert!(reason.contains("must be 0 to 2"), "{reason}");
            }
            other => panic!("{urgency}: {other:?}"),
        }
    }
    let mut list = next_day_call_list(&book, "rep-ny", day, &config, &inputs).unwrap();
    list.entries[0].reasons[0].urgency = 1e300;
    let before = list.clone();
    let entry = &list.entries[0];
    let ids = (
        entry.account_id.as_str(),
        entry.contact_id.as_str(),
        "rep-ny",
    );
    let call = outbound_call(ids, entry.slot_start, Some(Outcome::NoAnswer));
    assert!(matches!(
        list.log_activity(&book, &call, &config),
        Err(Error::InvalidArgument {
            name: "reasons",
            ..
        })
    ));
    assert_eq!(list, before);
}
