//! Cadences and calling rules: the steps due today for 100,000 enrollments (target
//! 50 ms on one core), and `can_call` checks (target 5 million per second).
//!
//! `cargo bench -p callwise-benches --bench cadence`. `CALLWISE_BENCH_MEMBERS` sets the
//! book (default 10,000 members), `CALLWISE_BENCH_ENROLLMENTS` the enrollments
//! (default 100,000), spread over the book's contacts and the scenario playbook's
//! three cadences (`tests/fixtures/cadence_scenario.json`).

use callwise::cadence::{
    Absence, AbsencePolicy, CadenceEvent, Coverage, Enrollment, EnrollmentState, Playbook,
};
use callwise::{CallingRules, Channel, Direction, Outcome, SampleConfig, sample_book};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn playbook() -> Playbook {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/cadence_scenario.json"
    );
    let scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("scenario")).expect("JSON");
    serde_json::from_value(scenario["playbook"].clone()).expect("playbook")
}

fn cadence(c: &mut Criterion) {
    let book = sample_book(&SampleConfig::new(7, env("CALLWISE_BENCH_MEMBERS", 10_000))).unwrap();
    let playbook = playbook();
    let n = env("CALLWISE_BENCH_ENROLLMENTS", 100_000) as usize;
    let start: DateTime<Utc> = "2026-11-02T14:00:00Z".parse().unwrap();
    let contacts: Vec<_> = book.contacts().collect();
    let cadences = ["new-member", "old-nos", "renewal-nurture"];
    let states: Vec<EnrollmentState> = (0..n)
        .map(|i| {
            let contact = contacts[i % contacts.len()];
            let owner = book
                .account(contact.account_id())
                .unwrap()
                .primary_owner()
                .rep_id
                .to_string();
            let enrolled = start + Duration::minutes((i as i64 * 37) % (20 * 24 * 60));
            let e = Enrollment::for_contact(
                &book,
                &format!("e-{i}"),
                cadences[i % 3],
                contact.id(),
                &owner,
                enrolled,
            )
            .unwrap();
            let mut state = playbook.start(e).unwrap();
            // A third of them have had a call with no answer.
            if i % 3 == 1 {
                let call = CadenceEvent::Activity {
                    at: state.due_at + Duration::minutes(10),
                    channel: Channel::Call,
                    direction: Direction::Outbound,
                    outcome: Some(Outcome::NoAnswer),
                };
                playbook.apply(&mut state, &call).unwrap();
            }
            state
        })
        .collect();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    // A team that keeps up: every step due before today was done when it fell due, so
    // what is due today is today's work. The first set (`backlog`) never acts, so
    // nearly every enrollment is overdue: the worst case.
    let midnight: DateTime<Utc> = "2026-11-24T00:00:00Z".parse().unwrap();
    let working: Vec<EnrollmentState> = states
        .iter()
        .map(|s| {
            let mut s = s.clone();
            while s.status.is_active() && s.due_at < midnight {
                let done = CadenceEvent::StepDone {
                    at: s.due_at + Duration::minutes(5),
                    step: s.step_id.clone(),
                    outcome: None,
                };
                playbook.apply(&mut s, &done).unwrap();
            }
            s
        })
        .collect();
    for (name, set) in [("backlog", &states), ("working", &working)] {
        let due = playbook
            .due_for_all(&book, set, today, &Coverage::none())
            .unwrap();
        println!(
            "cadence/{name}: {} enrollments, {} steps due on {today}",
            set.len(),
            due.len()
        );
    }
    let rep = book.reps()[0].id.to_string();
    let away = Coverage::new(
        vec![Absence::new(&rep, today, today + Duration::days(4)).unwrap()],
        AbsencePolicy::Reassign,
    );

    let mut g = c.benchmark_group(format!("cadence/{n}-enrollments"));
    g.sample_size(20);
    g.throughput(Throughput::Elements(n as u64));
    for (name, set) in [("backlog", &states), ("working", &working)] {
        g.bench_function(format!("due_for_all/{name}"), |b| {
            b.iter(|| {
                playbook
                    .due_for_all(&book, black_box(set), today, &Coverage::none())
                    .unwrap()
            })
        });
        g.bench_function(format!("due_for_all/{name}/rep-away-reassigned"), |b| {
            b.iter(|| {
                playbook
                    .due_for_all(&book, black_box(set), today, &away)
                    .unwrap()
            })
        });
    }
    g.bench_function("due_on/one-rep", |b| {
        b.iter(|| {
            playbook
                .due_on(&book, black_box(&states), &rep, today, &Coverage::none())
                .unwrap()
        })
    });
    g.finish();

    // can_call: every contact at instants spread over a week (inside and outside windows).
    let ids: Vec<&str> = contacts.iter().map(|c| c.id()).collect();
    let instants: Vec<DateTime<Utc>> = (0..ids.len())
        .map(|i| start + Duration::minutes((i as i64 * 7919) % (7 * 24 * 60)))
        .collect();
    let plain = CallingRules::default();
    let capped = CallingRules::default().with_caps(Some(3), Some(5)).unwrap();
    let mut g = c.benchmark_group("can_call");
    g.throughput(Throughput::Elements(ids.len() as u64));
    for (name, rules) in [("federal-window", &plain), ("with-caps", &capped)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                ids.iter()
                    .zip(&instants)
                    .filter(|(id, at)| book.can_call(id, **at, rules).unwrap().is_allowed())
                    .count()
            })
        });
    }
    let zones: Vec<chrono_tz::Tz> = ids
        .iter()
        .map(|id| callwise::time::parse_time_zone(book.contact_time_zone(id).unwrap()).unwrap())
        .collect();
    g.bench_function("rules.check_zone", |b| {
        b.iter(|| {
            zones
                .iter()
                .zip(&instants)
                .filter(|(tz, at)| plain.check_zone(**tz, **at).is_allowed())
                .count()
        })
    });
    g.finish();
}

criterion_group!(benches, cadence);
criterion_main!(benches);
