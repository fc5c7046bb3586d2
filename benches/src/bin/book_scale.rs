//! The book at scale: generate, validate and index a sample book of the size asked for,
//! then report the time, the bytes held by part, the process's peak memory, and the
//! cost of live appends on the big book.
//!
//! ```text
//! cargo run --release -p callwise-benches --bin book_scale -- 1000000 30000000
//! ```
//!
//! A measurement, not a test: it asserts nothing. Peak memory is the process's high-water
//! mark (`VmHWM` in `/proc/self/status`), so it includes generation's passing records.

use callwise::{Activity, Channel, Direction, Outcome, SampleConfig, sample_book};
use std::time::Instant;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("usage: book_scale MEMBERS [ACTIVITIES]"))
        .collect();
    let members = u32::try_from(*args.first().unwrap_or(&10_000)).expect("members fit u32");
    let config = SampleConfig {
        activities: args.get(1).copied(),
        ..SampleConfig::new(7, members)
    };
    let started = Instant::now();
    let mut book = sample_book(&config).expect("a sample book");
    let made = started.elapsed();
    println!(
        "generate + validate + index: {:.2} s on {} threads; {} accounts, {} contacts, {} activities",
        made.as_secs_f64(),
        rayon::current_num_threads(),
        book.accounts().len(),
        book.contacts().len(),
        book.activities().len()
    );
    print!("{}", callwise_benches::memory_report(&book));
    println!(
        "process: peak {:.2} GB, now {:.2} GB",
        callwise_benches::status_gb("VmHWM:"),
        callwise_benches::status_gb("VmRSS:")
    );

    // A day's calls logged one by one, spread over the book's accounts.
    let calls = 100_000usize;
    let accounts: Vec<(String, String, String)> = book
        .accounts()
        .step_by((book.accounts().len() / calls).max(1))
        .take(calls)
        .map(|a| {
            let contact = book.contacts_of(a.id()).next().expect("a contact");
            (
                a.id().to_owned(),
                contact.id().to_owned(),
                a.primary_owner().rep_id.to_owned(),
            )
        })
        .collect();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-02T15:00:00Z")
        .expect("an instant")
        .to_utc();
    let started = Instant::now();
    for (i, (account, contact, rep)) in accounts.iter().enumerate() {
        book.log_activity(Activity {
            id: format!("act-day-{i}").into(),
            account_id: account.as_str().into(),
            contact_id: Some(contact.as_str().into()),
            rep_id: rep.as_str().into(),
            at: at + chrono::Duration::seconds(i as i64),
            channel: Channel::Call,
            direction: Direction::Outbound,
            outcome: Some(Outcome::NoAnswer),
            duration_seconds: None,
            opportunity_id: None,
            campaign_id: None,
        })
        .expect("a valid call");
    }
    println!(
        "appends: {} activities logged one at a time, {:.0} ns each, indexes included",
        accounts.len(),
        started.elapsed().as_nanos() as f64 / accounts.len() as f64
    );
}
