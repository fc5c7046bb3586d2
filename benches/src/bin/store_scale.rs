//! The store at scale: create a store from a sample book, then, in another process,
//! open it until the book is ready to build call lists, reporting the wall time and the
//! process's peak memory of each phase.
//!
//! ```text
//! cargo run --release -p callwise-benches --bin store_scale -- create DIR 1000000 30000000
//! cargo run --release -p callwise-benches --bin store_scale -- open DIR
//! cargo run --release -p callwise-benches --bin store_scale -- append DIR 1000
//! ```
//!
//! `append DIR BATCHES` makes `DIR/append.db` from a 100-member book and appends
//! BATCHES batches of 100 activities, durably: the process to count the syncs of
//! (`strace -f -c -e trace=fsync,fdatasync`: one per batch, plus those of the create).
//!
//! `create` writes `DIR/book.db` (the directory is made; an older file is replaced);
//! `open` opens it and builds the book, in a process of its own, so that generation's
//! peak does not hide the open's. A measurement, not a test: it asserts nothing.

use callwise::store::{Store, StoreOptions};
use callwise::{SampleConfig, sample_book};
use std::path::Path;
use std::time::Instant;

const USAGE: &str =
    "usage: store_scale create DIR MEMBERS [ACTIVITIES] | open DIR | append DIR BATCHES";

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
    let store = Store::create(&path, &book, &StoreOptions::device("bench")).expect("a store");
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
