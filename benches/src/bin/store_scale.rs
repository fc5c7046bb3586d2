//! The store at scale: create a store from a sample book, then, in another process,
//! open it until the book is ready to build call lists, reporting the wall time and the
//! process's peak memory of each phase.
//!
//! ```text
//! cargo run --release -p callwise-benches --bin store_scale -- create DIR 1000000 30000000
//! cargo run --release -p callwise-benches --bin store_scale -- open DIR
//! cargo run --release -p callwise-benches --bin store_scale -- append DIR 1000
//! cargo run --release -p callwise-benches --bin store_scale -- tail DIR 1000
//! ```
//!
//! `append DIR BATCHES` makes `DIR/append.db` from a 100-member book and appends
//! BATCHES batches of 100 activities, durably: the process to count the syncs of
//! (`strace -f -c -e trace=fsync,fdatasync`: one per batch, plus those of the create).
//!
//! `tail DIR N` appends N events after the store's snapshot, of every kind that changes
//! the book (activities, tasks added and completed, do-not-call, consent, attendees,
//! campaign responses, hand-offs proposed, accepted and turned down), then opens the
//! store as `open` does: what opening a store with a journal tail costs.
//!
//! `create` writes `DIR/book.db` (the directory is made; an older file is replaced);
//! `open` opens it and builds the book, in a process of its own, so that generation's
//! peak does not hide the open's. A measurement, not a test: it asserts nothing.

use callwise::store::{Change, Store, StoreOptions};
use callwise::{Book, OwnerRole, SampleConfig, sample_book};
use std::path::Path;
use std::time::Instant;

const USAGE: &str = "usage: store_scale create DIR MEMBERS [ACTIVITIES] | open DIR \
     | append DIR BATCHES | tail DIR EVENTS";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(command), Some(dir)) = (args.first(), args.get(1)) else {
        panic!("{USAGE}");
    };
    let dir = Path::new(dir);
    let number = |i: usize| -> Option<u64> { args.get(i).map(|a| a.parse().expect(USAGE)) };
    match command.as_str() {
        "create" => create(dir, number(2).unwrap_or(10_000), number(3)),
        "open" => open(dir),
        "append" => append(dir, number(2).unwrap_or(1_000)),
        "tail" => tail(dir, number(2).unwrap_or(1_000)),
        _ => panic!("{USAGE}"),
    }
}

fn create(dir: &Path, members: u64, activities: Option<u64>) {
    std::fs::create_dir_all(dir).expect("a directory for the store");
    let path = dir.join("book.db");
    for file in ["book.db", "book.db-wal", "book.db-shm"] {
        // An older store of an earlier run, if there is one.
        let _ = std::fs::remove_file(dir.join(file));
    }
    let config = SampleConfig {
        activities,
        ..SampleConfig::new(7, u32::try_from(members).expect("members fit u32"))
    };
    let started = Instant::now();
    let book = sample_book(&config).expect("a sample book");
    println!(
        "generate: {:.2} s; {} accounts, {} contacts, {} activities",
        started.elapsed().as_secs_f64(),
        book.accounts().len(),
        book.contacts().len(),
        book.activities().len()
    );
    let started = Instant::now();
    let book = std::sync::Arc::new(book);
    let store = Store::create_shared(&path, book, &StoreOptions::device("bench")).expect("a store");
    store.close().expect("a clean close");
    println!(
        "create: {:.2} s; file {:.2} GB; process peak {:.2} GB",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&path).map_or(0, |m| m.len()) as f64 / 1e9,
        callwise_benches::status_gb("VmHWM:")
    );
}

fn open(dir: &Path) {
    let started = Instant::now();
    let store = Store::open(dir.join("book.db")).expect("the store made by create");
    let opened = started.elapsed();
    let book = store.shared_book().expect("the book");
    let ready = started.elapsed();
    println!(
        "open: {:.2} s to Store::open, {:.2} s until the book is ready; {} activities",
        opened.as_secs_f64(),
        ready.as_secs_f64(),
        book.activities().len()
    );
    print!("{}", callwise_benches::memory_report(&book));
    println!("{}", callwise_benches::process_memory());
}

fn append(dir: &Path, batches: u64) {
    std::fs::create_dir_all(dir).expect("a directory for the store");
    let path = dir.join("append.db");
    for file in ["append.db", "append.db-wal", "append.db-shm"] {
        // An older store of an earlier run, if there is one.
        let _ = std::fs::remove_file(dir.join(file));
    }
    let book = sample_book(&SampleConfig::new(7, 100)).expect("a sample book");
    let mut store = Store::create(&path, &book, &StoreOptions::device("bench")).expect("a store");
    let changes: Vec<_> = (0..batches)
        .map(|b| callwise_benches::activity_changes(&book, "a", b * 100..(b + 1) * 100))
        .collect();
    let started = Instant::now();
    for batch in &changes {
        store.append(batch).expect("a batch appended");
    }
    let took = started.elapsed().as_secs_f64();
    println!(
        "append: {batches} batches of 100 in {took:.2} s: {:.0} events/s, {:.2} ms per batch",
        (batches * 100) as f64 / took,
        took * 1e3 / batches as f64
    );
}

fn tail(dir: &Path, events: u64) {
    let started = Instant::now();
    let mut store = Store::open(dir.join("book.db")).expect("the store made by create");
    let book = store.shared_book().expect("the book");
    let changes = mixed_tail(&book, events);
    drop(book);
    for batch in changes.chunks(100) {
        store.append(batch).expect("a batch appended");
    }
    store.close().expect("a clean close");
    println!(
        "tail: {} events appended after the snapshot in {:.2} s (open included)",
        changes.len(),
        started.elapsed().as_secs_f64()
    );
    open(dir);
}

/// About `events` changes of every kind that changes the book, on accounts spread over
/// it; their ids are new on each run (the run's start, in milliseconds, is in them).
fn mixed_tail(book: &Book, events: u64) -> Vec<Change> {
    let run = chrono::Utc::now().timestamp_millis();
    let ops = book
        .reps()
        .iter()
        .find(|r| r.role == OwnerRole::Operations)
        .expect("a sample book has operations reps");
    let campaign = book.campaigns().next().expect("a campaign").id();
    let event = book.events().next().expect("an event").id();
    let accounts: Vec<_> = book.accounts().collect();
    let n = accounts.len() as u64;
    let mut changes = Vec::new();
    for i in 0..events {
        let account = accounts[((i * 7_919) % n) as usize];
        let (id, rep) = (account.id(), account.primary_owner().rep_id);
        let contact = book.contacts_of(id).next().map_or("", |c| c.id());
        let tag = format!("tail-{run}-{i}");
        let json = match i % 8 {
            0 => format!(
                r#"{{"kind": "activity_logged", "activity": {{"id": "act-{tag}", "account_id": "{id}",
                "rep_id": "{rep}", "at": "2026-11-03T15:00:00Z", "channel": "call", "direction": "outbound"}}}}"#
            ),
            1 => format!(
                r#"{{"kind": "task_added", "task": {{"id": "task-{tag}", "account_id": "{id}",
                "rep_id": "{rep}", "kind": "call", "source": "manual", "status": "open",
                "created_at": "2026-11-03T15:00:00Z", "due_on": "2026-11-04"}}}}"#
            ),
            2 => format!(
                r#"{{"kind": "task_completed", "task_id": "task-tail-{run}-{}", "at": "2026-11-04T15:00:00Z"}}"#,
                i - 1
            ),
            3 => format!(
                r#"{{"kind": "do_not_call_requested", "contact_id": "{contact}", "at": "2026-11-03T15:00:00Z"}}"#
            ),
            4 => format!(
                r#"{{"kind": "consent_changed", "contact_id": "{contact}", "channel": "text",
                "consent": "denied", "at": "2026-11-03T15:00:00Z"}}"#
            ),
            5 => format!(
                r#"{{"kind": "event_attendee_recorded", "event_id": "{event}",
                "attendee": {{"contact_id": "{contact}", "status": "registered"}}}}"#
            ),
            6 => format!(
                r#"{{"kind": "campaign_response_recorded", "campaign_id": "{campaign}",
                "response": {{"contact_id": "{contact}", "at": "2026-11-03T15:00:00Z", "kind": "replied"}}}}"#
            ),
            _ => {
                let rep_role = book.rep(rep).map(|r| r.role);
                let pending = book.handoffs_of(id).any(|h| h.accepted_at.is_none());
                if rep_role != Some(OwnerRole::Sales) || pending {
                    continue;
                }
                changes.push(
                    Change::from_json(&format!(
                        r#"{{"kind": "handoff_proposed", "handoff": {{"id": "h-{tag}", "account_id": "{id}",
                        "from_rep_id": "{rep}", "to_rep_id": "{}", "at": "2026-11-03T15:00:00Z",
                        "direction": "sales_to_operations"}}}}"#,
                        ops.id
                    ))
                    .expect("a proposal"),
                );
                if i % 16 == 7 {
                    format!(
                        r#"{{"kind": "handoff_accepted", "handoff_id": "h-{tag}", "rep_id": "{}",
                        "at": "2026-11-04T15:00:00Z"}}"#,
                        ops.id
                    )
                } else {
                    format!(
                        r#"{{"kind": "handoff_rejected", "handoff_id": "h-{tag}", "rep_id": "{}",
                        "at": "2026-11-04T15:00:00Z", "reason": "not ready"}}"#,
                        ops.id
                    )
                }
            }
        };
        changes.push(Change::from_json(&json).expect("a change of the tail"));
    }
    changes
}
