//! Cadences: enrollments as event-driven state machines, branching, exits, pauses,
//! A/B variants, chaining, the steps due on a day and cover for absent reps; and the
//! shared scenario (`tests/fixtures/cadence_scenario.json`) whose answers Python and
//! Kotlin check too (`tests/conformance/cadence.json`).

use crate::calling::{calling_book, with_verdicts};
use crate::fixtures::expect_file;
use callwise::cadence::{
    Absence, AbsencePolicy, CadenceEvent, Coverage, Enrollment, EnrollmentState, EnrollmentStatus,
    ExitReason, Playbook, Wait, WaitUnit,
};
use callwise::{Book, BusinessCalendar, CallingRules, Channel, Direction, Error, Outcome};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use serde_json::{Value, json};

fn scenario() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/cadence_scenario.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn playbook() -> Playbook {
    serde_json::from_value(scenario()["playbook"].clone()).unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn states(playbook: &Playbook) -> Vec<EnrollmentState> {
    scenario()["enrollments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let enrollment: Enrollment = serde_json::from_value(e["enrollment"].clone()).unwrap();
            let events: Vec<CadenceEvent> = serde_json::from_value(e["events"].clone()).unwrap();
            playbook.replay(enrollment, &events).unwrap()
        })
        .collect()
}

fn state_of<'a>(states: &'a [EnrollmentState], id: &str) -> &'a EnrollmentState {
    states.iter().find(|s| s.enrollment.id == id).unwrap()
}

fn call(at_: &str, outcome: Option<Outcome>) -> CadenceEvent {
    CadenceEvent::Activity {
        at: at(at_),
        channel: Channel::Call,
        direction: Direction::Outbound,
        outcome,
    }
}

/// Every answer of the shared scenario, as the JSON the other languages compare with.
#[test]
fn the_cadence_scenario_matches() {
    let s = scenario();
    let book = calling_book();
    let rules: CallingRules = serde_json::from_value(s["rules"].clone()).unwrap();
    let checks = with_verdicts(&s["checks"], |c| {
        rules
            .check(
                c["time_zone"].as_str().unwrap(),
                at(c["at"].as_str().unwrap()),
            )
            .unwrap()
    });
    let can_call = with_verdicts(&s["can_call"], |c| {
        book.can_call(
            c["contact_id"].as_str().unwrap(),
            at(c["at"].as_str().unwrap()),
            &rules,
        )
        .unwrap()
    });
    let playbook = playbook();
    let days: Vec<Value> = s["business_days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let d = playbook
                .calendar()
                .add_business_days(date(b["date"].as_str().unwrap()), b["n"].as_i64().unwrap())
                .unwrap();
            json!({"date": b["date"], "n": b["n"], "result": d})
        })
        .collect();
    let states = states(&playbook);
    let due: Vec<Value> = s["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let coverage: Coverage = serde_json::from_value(q["coverage"].clone()).unwrap();
            let steps = playbook
                .due_for_all(&book, &states, date(q["date"].as_str().unwrap()), &coverage)
                .unwrap();
            json!({"date": q["date"], "coverage": q["coverage"], "steps": steps})
        })
        .collect();
    let out = json!({
        "checks": checks, "can_call": can_call, "business_days": days,
        "states": states, "due": due,
    });
    expect_file(
        "conformance/cadence.json",
        &(serde_json::to_string_pretty(&out).unwrap() + "\n"),
    );
}

#[test]
fn a_holiday_on_the_due_date_moves_the_step_to_the_next_business_day() {
    let states = states(&playbook());
    // e-1: e-mailed Wednesday 25 November 10:00 EST; call-2 waits 3 business hours
    // (13:00) and has a 10:00 to 12:00 window: Thursday is Thanksgiving, so Friday 10:00.
    let e1 = state_of(&states, "e-1");
    assert_eq!(e1.step_id, "call-2");
    assert_eq!(e1.due_at, at("2026-11-27T15:00:00Z"));
    // e-2: no answer Tuesday in Phoenix; +2 business days skips Thanksgiving: Friday 09:00 MST.
    let e2 = state_of(&states, "e-2");
    assert_eq!(e2.step_id, "call-2");
    assert_eq!(e2.due_at, at("2026-11-27T16:00:00Z"));
    assert!(
        e2.reason
            .contains("2 business days after step \"call-1\" (no_answer) on 2026-11-24"),
        "{}",
        e2.reason
    );
}

#[test]
fn due_times_keep_daylight_saving_past_2099() {
    // Enrolled at 08:00 EDT on Tuesday 6 July 2100: the first call is due when business
    // hours open at 09:00 EDT (chrono-tz alone read 07:00 EST and opened at 09:00 EST).
    let enrollment: Enrollment = serde_json::from_value(json!({
        "id": "e-2100", "cadence_id": "new-member", "contact_id": "con-ny-1",
        "account_id": "acc-ny", "rep_id": "rep-a", "time_zone": "America/New_York",
        "enrolled_at": "2100-07-06T12:00:00Z"
    }))
    .unwrap();
    let state = playbook().replay(enrollment, &[]).unwrap();
    assert_eq!(state.due_at, at("2100-07-06T13:00:00Z"));
}

#[test]
fn branches_exits_variants_and_chaining() {
    let playbook = playbook();
    let states = states(&playbook);
    // No answer branched to the voicemail; the voicemail then went on to the e-mail.
    assert_eq!(state_of(&states, "e-1").steps_done, 3);
    // Meeting set exits; an inbound e-mail is a reply.
    assert!(matches!(
        state_of(&states, "e-4").status,
        EnrollmentStatus::Exited {
            reason: ExitReason::MeetingBooked,
            ..
        }
    ));
    assert!(matches!(
        state_of(&states, "e-5").status,
        EnrollmentStatus::Exited {
            reason: ExitReason::Replied,
            ..
        }
    ));
    // A/B: assignment is a function of the enrollment id, and both variants are used.
    let mut seen = std::collections::BTreeMap::new();
    for i in 0..400 {
        let e = Enrollment {
            id: format!("ab-{i}"),
            cadence_id: "new-member".into(),
            contact_id: "con-ny-1".into(),
            account_id: "acc-ny".into(),
            rep_id: "rep-a".into(),
            time_zone: "America/New_York".into(),
            enrolled_at: at("2026-11-23T14:00:00Z"),
        };
        let events = [call("2026-11-23T15:00:00Z", Some(Outcome::Connected))];
        let a = playbook.replay(e.clone(), &events).unwrap();
        let b = playbook.replay(e, &events).unwrap();
        assert_eq!(a.step_id, "email-1");
        assert_eq!(a.variant, b.variant);
        *seen.entry(a.variant.unwrap()).or_insert(0) += 1;
    }
    assert_eq!(seen.len(), 2);
    assert!(seen.values().all(|&n| (160..=240).contains(&n)), "{seen:?}");
    // The last step of new-member chains to renewal-nurture.
    let e = Enrollment {
        id: "chain".into(),
        cadence_id: "new-member".into(),
        contact_id: "con-ny-1".into(),
        account_id: "acc-ny".into(),
        rep_id: "rep-a".into(),
        time_zone: "America/New_York".into(),
        enrolled_at: at("2026-11-02T14:00:00Z"),
    };
    let mut state = playbook.start(e).unwrap();
    for step in ["call-1", "vm-1", "email-1", "call-2", "text-1", "task-1"] {
        let when = state.due_at + Duration::minutes(5);
        playbook
            .apply(
                &mut state,
                &CadenceEvent::StepDone {
                    at: when,
                    step: step.into(),
                    outcome: None,
                },
            )
            .unwrap();
    }
    assert_eq!(state.cadence_id, "renewal-nurture");
    assert_eq!(state.step_id, "social-1");
    assert!(state.status.is_active());
}

#[test]
fn pause_resumes_by_itself_and_bad_events_are_refused() {
    let playbook = playbook();
    let states = states(&playbook);
    let e3 = state_of(&states, "e-3");
    assert!(matches!(e3.status, EnrollmentStatus::Paused { .. }));
    let book = calling_book();
    // Paused until 30 November 00:00 UTC: nothing due before, due on the 30th after.
    let before = playbook
        .due_on(
            &book,
            &states,
            "rep-b",
            date("2026-11-25"),
            &Coverage::none(),
        )
        .unwrap();
    assert!(before.iter().all(|d| d.enrollment_id != "e-3"));
    let after = playbook
        .due_on(
            &book,
            &states,
            "rep-b",
            date("2026-11-30"),
            &Coverage::none(),
        )
        .unwrap();
    let step = after.iter().find(|d| d.enrollment_id == "e-3").unwrap();
    assert_eq!(step.window_start, at("2026-11-30T19:00:00Z")); // 09:00 in Honolulu
    let mut s = e3.clone();
    let bad = [
        CadenceEvent::StepDone {
            at: at("2026-11-24T00:00:00Z"),
            step: "call-1".into(),
            outcome: None,
        },
        CadenceEvent::Paused {
            at: at("2026-11-24T00:00:00Z"),
            until: Some(at("2026-11-23T00:00:00Z")),
        },
        CadenceEvent::MovedToCadence {
            at: at("2026-11-24T00:00:00Z"),
            cadence: "nowhere".into(),
        },
        CadenceEvent::Resumed {
            at: at("2026-11-01T00:00:00Z"),
        },
    ];
    for event in bad {
        let err = playbook.apply(&mut s, &event).unwrap_err();
        assert!(
            matches!(err, Error::InvalidArgument { name: "event", .. }),
            "{err}"
        );
        assert_eq!(&s, e3, "the state is unchanged on error");
    }
    // Waits are checked: negative, or past ten years.
    assert!(matches!(
        Wait::new(WaitUnit::BusinessDays, -2),
        Err(Error::InvalidRule { .. })
    ));
    assert!(Wait::new(WaitUnit::CalendarDays, 3_661).is_err());
    let text = serde_json::to_string(&scenario()["playbook"])
        .unwrap()
        .replace("\"amount\":7", "\"amount\":-7");
    assert!(matches!(
        Playbook::from_json(&text),
        Err(Error::Json { .. })
    ));
}

#[test]
fn a_reps_week_off_shifts_or_reassigns_every_step_once() {
    let playbook = playbook();
    let states = states(&playbook);
    let book = calling_book();
    let away = vec![Absence::new("rep-a", date("2026-11-23"), date("2026-11-27")).unwrap()];
    let shift = Coverage::new(away.clone(), AbsencePolicy::Shift);
    let reassign = Coverage::new(away, AbsencePolicy::Reassign);
    let mut reassigned = 0;
    for day in ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27"] {
        let d = date(day);
        assert!(
            playbook
                .due_on(&book, &states, "rep-a", d, &shift)
                .unwrap()
                .is_empty()
        );
        let covered = playbook.due_for_all(&book, &states, d, &reassign).unwrap();
        let plain = playbook
            .due_for_all(&book, &states, d, &Coverage::none())
            .unwrap();
        // The same steps, each once; rep-a's go to the co-owner of acc-ny (rep-c) or a team-mate.
        let ids = |v: &[callwise::cadence::DueStep]| {
            let mut ids: Vec<String> = v.iter().map(|s| s.enrollment_id.clone()).collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&covered), ids(&plain));
        for step in &covered {
            assert_ne!(step.rep_id, "rep-a");
            if step.owner_rep_id == "rep-a" && step.account_id == "acc-ny" {
                reassigned += 1;
                assert_eq!(step.rep_id, "rep-c");
                assert!(step.reason.ends_with("covering for rep-a, away"));
            }
        }
    }
    assert!(
        reassigned > 0,
        "no step of rep-a on acc-ny was due that week"
    );
    // An absence that ends before it starts is refused as data too.
    let backwards = r#"{"absences": [{"rep_id": "rep-a", "from": "2026-11-27", "to": "2026-11-23"}], "policy": "shift"}"#;
    assert!(serde_json::from_str::<Coverage>(backwards).is_err());
    // Back on Monday 30 November, the shifted steps are rep-a's again, overdue.
    let back = playbook
        .due_on(&book, &states, "rep-a", date("2026-11-30"), &shift)
        .unwrap();
    let e2 = back.iter().find(|s| s.enrollment_id == "e-2").unwrap();
    assert!(
        e2.reason.contains("overdue since 2026-11-27"),
        "{}",
        e2.reason
    );
    assert!(matches!(
        playbook.due_on(&book, &states, "rep-z", date("2026-11-30"), &shift),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn unknown_zone_and_unknown_cadence_are_refused_at_enrollment() {
    let playbook = playbook();
    let mut e = Enrollment {
        id: "x".into(),
        cadence_id: "new-member".into(),
        contact_id: "c".into(),
        account_id: "a".into(),
        rep_id: "r".into(),
        time_zone: "Mars/Base".into(),
        enrolled_at: at("2026-11-23T14:00:00Z"),
    };
    assert!(matches!(
        playbook.start(e.clone()),
        Err(Error::UnknownTimeZone { .. })
    ));
    e.time_zone = "America/New_York".into();
    // At the ends of the calendar a step cannot fall due: an error, not a panic.
    for extreme in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
        let mut far = e.clone();
        far.enrolled_at = extreme;
        assert!(playbook.start(far).is_err());
    }
    e.cadence_id = "nope".into();
    assert!(matches!(
        playbook.start(e),
        Err(Error::InvalidArgument {
            name: "cadence_id",
            ..
        })
    ));
}

/// One drawn event: minutes after the start, what kind, which outcome.
type Draw = (i64, u8, u8);

/// Events the property tests draw: a mix of activities, explicit steps and pauses.
fn event_strategy() -> impl Strategy<Value = Draw> {
    (0i64..30 * 24 * 60, 0u8..9, 0u8..5)
}

fn make_event(
    state: &EnrollmentState,
    start: DateTime<Utc>,
    (minutes, kind, outcome): (i64, u8, u8),
) -> CadenceEvent {
    let at = start + Duration::minutes(minutes);
    let outcome = [
        Outcome::NoAnswer,
        Outcome::Connected,
        Outcome::LeftVoicemail,
        Outcome::MeetingSet,
        Outcome::NotInterested,
    ][outcome as usize];
    let channel = [
        Channel::Call,
        Channel::Email,
        Channel::Voicemail,
        Channel::Text,
    ][(kind % 4) as usize];
    match kind {
        0..=3 => CadenceEvent::Activity {
            at,
            channel,
            direction: Direction::Outbound,
            outcome: Some(outcome),
        },
        4 => CadenceEvent::StepDone {
            at,
            step: state.step_id.clone(),
            outcome: None,
        },
        5 => CadenceEvent::Paused {
            at,
            until: Some(at + Duration::days(2)),
        },
        6 => CadenceEvent::Resumed { at },
        7 => CadenceEvent::Activity {
            at,
            channel,
            direction: Direction::Inbound,
            outcome: None,
        },
        _ => CadenceEvent::Activity {
            at,
            channel,
            direction: Direction::Outbound,
            outcome: None,
        },
    }
}

fn random_states(
    playbook: &Playbook,
    book: &Book,
    draws: &[(usize, Vec<Draw>)],
) -> Vec<EnrollmentState> {
    let data = book.to_data();
    let contacts = &data.contacts;
    let start = at("2026-11-16T14:00:00Z");
    let cadences = ["new-member", "old-nos", "renewal-nurture"];
    draws
        .iter()
        .enumerate()
        .map(|(i, (pick, events))| {
            let contact = &contacts[pick % contacts.len()];
            let rep = book
                .account(contact.account_id.as_str())
                .unwrap()
                .primary_owner()
                .rep_id
                .to_string();
            let e = Enrollment::for_contact(
                book,
                &format!("p-{i}"),
                cadences[pick % 3],
                contact.id.as_str(),
                &rep,
                start,
            )
            .unwrap();
            let mut state = playbook.start(e).unwrap();
            let mut sorted = events.clone();
            sorted.sort();
            for draw in sorted {
                let event = make_event(&state, start, draw);
                // Bad events (a step done while paused) are refused and change nothing.
                let before = state.clone();
                if playbook.apply(&mut state, &event).is_err() {
                    prop_assert_eq_or_panic(&state, &before);
                }
            }
            state
        })
        .collect()
}

fn prop_assert_eq_or_panic(a: &EnrollmentState, b: &EnrollmentState) {
    assert_eq!(a, b, "a refused event changed the state");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Replaying the same events, in any arrival order, gives the state built one
    /// event at a time.
    #[test]
    fn replay_is_deterministic(pick in 0usize..100, draws in proptest::collection::vec(event_strategy(), 0..12), seed in 0u64..1000) {
        let playbook = playbook();
        let book = calling_book();
        let start = at("2026-11-16T14:00:00Z");
        let contact = book.contacts().nth(pick % book.contacts().len()).unwrap();
        let e = Enrollment::for_contact(&book, "r", ["new-member", "old-nos"][pick % 2], contact.id(), "rep-a", start).unwrap();
        let mut state = playbook.start(e.clone()).unwrap();
        let mut sorted = draws.clone();
        sorted.sort();
        sorted.dedup_by_key(|d| d.0); // distinct instants, so arrival order cannot matter
        let mut applied = Vec::new();
        for draw in sorted {
            let event = make_event(&state, start, draw);
            if playbook.apply(&mut state, &event).is_ok() {
                applied.push(event);
            }
        }
        let mut shuffled = applied.clone();
        let n = shuffled.len();
        for i in 0..n {
            shuffled.swap(i, (seed as usize * 31 + i * 17) % n);
        }
        prop_assert_eq!(playbook.replay(e.clone(), &applied).unwrap(), state.clone());
        prop_assert_eq!(playbook.replay(e, &shuffled).unwrap(), state);
    }

    /// Nothing is due outside its window in the recipient's local time or on a
    /// non-business day, and with a rep away every due step is listed exactly once
    /// (reassign) or exactly when the owner is back (shift).
    #[test]
    fn due_steps_are_in_window_and_never_lost_or_doubled(
        draws in proptest::collection::vec((0usize..1000, proptest::collection::vec(event_strategy(), 0..6)), 1..30),
        away_from in 0u32..10, away_len in 0u32..7,
    ) {
        let playbook = playbook();
        let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
        let states = random_states(&playbook, &book, &draws);
        let first = date("2026-11-16");
        let from = first + Duration::days(i64::from(away_from));
        let absence = Absence::new("rep-sales-0001", from, from + Duration::days(i64::from(away_len))).unwrap();
        let reassign = Coverage::new(vec![absence.clone()], AbsencePolicy::Reassign);
        let shift = Coverage::new(vec![absence.clone()], AbsencePolicy::Shift);
        let mut checked = 0;
        for offset in 0..21 {
            let day = first + Duration::days(offset);
            let plain = playbook.due_for_all(&book, &states, day, &Coverage::none()).unwrap();
            let covered = playbook.due_for_all(&book, &states, day, &reassign).unwrap();
            let shifted = playbook.due_for_all(&book, &states, day, &shift).unwrap();
            for step in &plain {
                let state = states.iter().find(|s| s.enrollment.id == step.enrollment_id).unwrap();
                let tz = callwise::time::parse_time_zone(&state.enrollment.time_zone).unwrap();
                let local = step.window_start.with_timezone(&tz);
                let window = playbook.cadence(&step.cadence_id).unwrap().steps.iter()
                    .find(|s| s.id == step.step_id).unwrap().window.unwrap_or(playbook.business_hours());
                prop_assert!(window.contains_time(local.time()));
                prop_assert!(playbook.calendar().is_business_day(local.date_naive()));
                prop_assert!(step.window_start >= step.due_at && step.window_end > step.window_start);
                checked += 1;
                let count = |v: &[callwise::cadence::DueStep]| v.iter().filter(|s| s.enrollment_id == step.enrollment_id).count();
                let owner_away = absence.covers(day) && step.owner_rep_id == "rep-sales-0001";
                prop_assert_eq!(count(&shifted), usize::from(!owner_away));
                // rep-sales-0001 always has a team-mate present to cover.
                prop_assert_eq!(count(&covered), 1);
            }
            prop_assert!(covered.len() <= plain.len() && shifted.len() <= plain.len());
            prop_assert!(covered.iter().all(|s| !(absence.covers(day) && s.rep_id == "rep-sales-0001")));
        }
        // An active enrollment due within the three weeks must have been checked.
        if states.iter().any(|s| s.status.is_active() && s.due_at < at("2026-12-05T00:00:00Z")) {
            prop_assert!(checked > 0, "no step was listed in three weeks");
        }
    }
}

#[test]
fn the_sample_calendar_is_us_federal() {
    assert_eq!(playbook().calendar(), &BusinessCalendar::us_federal());
}
