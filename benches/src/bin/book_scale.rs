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

use callwise::{SampleConfig, sample_book};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting the bytes live now and at most: the peak of what the
/// program holds, to tell it apart from what the allocator keeps (resident memory).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call goes straight to the system allocator with the caller's arguments;
// the counters are plain atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

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
        "{}; heap live at most {:.2} GB, now {:.2} GB",
        callwise_benches::process_memory(),
        PEAK.load(Ordering::Relaxed) as f64 / 1e9,
        LIVE.load(Ordering::Relaxed) as f64 / 1e9,
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
        book.log_activity(callwise_benches::unanswered_call(
            format!("act-day-{i}"),
            account,
            contact,
            rep,
            at + chrono::Duration::seconds(i as i64),
        ))
        .expect("a valid call");
    }
    println!(
        "appends: {} activities logged one at a time, {:.0} ns each, indexes included",
        accounts.len(),
        started.elapsed().as_nanos() as f64 / accounts.len() as f64
    );
}
