//! Playbooks and enrollments: `Playbook::from_json`, `start`, `apply`, `replay`,
//! `due_for_all`.
//!
//! Input: header `ZONE INSTANT CADENCE CONTACT DATE` (the recipient's zone; when the
//! contact is enrolled; the position of the cadence enrolled in and of a contact of the
//! call-list fixture book, whose account's owner owns the enrollment; the day asked
//! about); section 0 is the playbook's JSON, section 1 a JSON list of cadence events,
//! section 2 the coverage's JSON (absences and policy).
//!
//! Promises: a typed error, or a playbook that reads back from its own JSON unchanged;
//! `start` and `apply` give typed errors (and `apply` leaves the state unchanged on one)
//! or states that are consistent: the cadence and step exist, the step is due no
//! earlier than the enrollment and within 9999, the last event is the one applied,
//! steps done never go down, an exited enrollment stays exited; `replay` of the events
//! gives the state applying them in time order gives; due steps open no earlier than
//! they fall due.
#![no_main]

use callwise::Error;
use callwise::cadence::{
    CadenceEvent, Coverage, Enrollment, EnrollmentState, EnrollmentStatus, Playbook,
};
use callwise_fuzz::{Input, call_list_book, in_range, typed};
use libfuzzer_sys::{Corpus, fuzz_target};

/// The promises every state keeps.
fn consistent(playbook: &Playbook, state: &EnrollmentState) {
    let cadence = playbook.cadence(&state.cadence_id).unwrap_or_else(|| {
        panic!(
            "the state is in cadence {:?}, not in the playbook",
            state.cadence_id
        )
    });
    let step = cadence
        .steps
        .get(state.step_index as usize)
        .unwrap_or_else(|| {
            panic!(
                "the state is at step {} of {} steps",
                state.step_index,
                cadence.steps.len()
            )
        });
    assert_eq!(step.id, state.step_id, "step_index and step_id disagree");
    assert!(
        state.due_at >= state.enrollment.enrolled_at,
        "due at {} before the enrollment {}",
        state.due_at,
        state.enrollment.enrolled_at
    );
    assert!(in_range(state.due_at), "due at {}, past 9999", state.due_at);
    assert!(state.last_event_at >= state.enrollment.enrolled_at);
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(input) = Input::read(data) else {
        return Corpus::Reject;
    };
    let playbook = match Playbook::from_json(input.section(0)) {
        Ok(p) => p,
        Err(err) => {
            typed(&err, "Playbook::from_json", |e| {
                matches!(e, Error::Json { .. })
            });
            return Corpus::Keep;
        }
    };
    assert_eq!(
        Playbook::from_json(&playbook.to_json()).expect("to_json reads back"),
        playbook,
        "the playbook changes through its JSON"
    );
    let book = call_list_book();
    let k = input.int(3, 0).unsigned_abs() as usize % book.contacts().len();
    let contact = book.contacts().nth(k).expect("a contact");
    let rep = book
        .account(contact.account_id())
        .expect("the contact's account")
        .primary_owner()
        .rep_id
        .to_string();
    let cadences = playbook.cadences();
    let cadence_id = match cadences.len() {
        0 => "none".to_owned(),
        n => cadences[input.int(2, 0).unsigned_abs() as usize % n]
            .id
            .clone(),
    };
    let enrollment = Enrollment {
        id: "e-1".into(),
        cadence_id,
        contact_id: contact.id().to_string(),
        account_id: contact.account_id().to_string(),
        rep_id: rep,
        time_zone: input
            .token(0)
            .unwrap_or_else(|| book.contact_time_zone(contact.id()).expect("a zone"))
            .to_owned(),
        enrolled_at: input.instant(1, "2026-11-20T15:00:00Z"),
    };
    let mut state = match playbook.start(enrollment.clone()) {
        Ok(state) => state,
        Err(err) => {
            typed(&err, "Playbook::start", |e| {
                matches!(
                    e,
                    Error::InvalidArgument { .. } | Error::UnknownTimeZone { .. }
                )
            });
            return Corpus::Keep;
        }
    };
    assert!(state.status.is_active() && state.steps_done == 0);
    assert_eq!(state.last_event_at, enrollment.enrolled_at);
    consistent(&playbook, &state);

    let mut events: Vec<CadenceEvent> = serde_json::from_str(input.section(1)).unwrap_or_default();
    events.truncate(64);
    let mut in_order = events.clone();
    in_order.sort_by_key(CadenceEvent::at);
    let mut failed = false;
    for event in &in_order {
        let before = state.clone();
        match playbook.apply(&mut state, event) {
            Ok(()) => {
                assert_eq!(state.last_event_at, event.at());
                assert!(
                    state.steps_done >= before.steps_done,
                    "steps done went down"
                );
                if let EnrollmentStatus::Exited { .. } = before.status {
                    assert_eq!(state.status, before.status, "an exited enrollment changed");
                }
                consistent(&playbook, &state);
            }
            Err(err) => {
                typed(&err, "Playbook::apply", |e| {
                    matches!(e, Error::InvalidArgument { .. })
                });
                assert_eq!(state, before, "apply changed the state and failed");
                failed = true;
                break;
            }
        }
    }
    match playbook.replay(enrollment, &events) {
        Ok(replayed) => {
            assert!(
                !failed,
                "replay succeeded where applying in time order failed"
            );
            assert_eq!(replayed, state, "replay and apply disagree");
        }
        Err(_) => assert!(
            failed,
            "replay failed where applying in time order succeeded"
        ),
    }

    let coverage: Coverage =
        serde_json::from_str(input.section(2)).unwrap_or_else(|_| Coverage::none());
    let date = input.date(4, "2026-11-23");
    match playbook.due_for_all(book, std::slice::from_ref(&state), date, &coverage) {
        Ok(due) => {
            for step in &due {
                assert!(
                    step.window_start >= step.due_at,
                    "due step opens before it is due"
                );
                assert!(
                    step.window_end >= step.window_start,
                    "due step closes before it opens"
                );
                assert!(in_range(step.window_end));
                assert_eq!(step.enrollment_id, "e-1");
            }
        }
        Err(err) => typed(&err, "Playbook::due_for_all", |e| {
            matches!(e, Error::NotFound { .. } | Error::InvalidArgument { .. })
        }),
    }
    Corpus::Keep
});
