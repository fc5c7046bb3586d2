//! The book of business: generating, loading (parse, validate, index), writing, the
//! index look-ups the call list will lean on, and logging one activity into a loaded
//! book (indexes included, amortised over many). It also prints the bytes the book holds
//! per activity, contact and account (`Book::memory`).
//!
//! The JSON group streams the compact text out and in (MB/s of compact text).
//!
//! `cargo bench -p callwise-benches --bench book`; `CALLWISE_BENCH_MEMBERS` sets the
//! book size (default 10,000 members, about 17,000 accounts and 100,000 activities).

use callwise::{Activity, Book, JsonStyle, SampleConfig, sample_book};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn members() -> u32 {
    std::env::var("CALLWISE_BENCH_MEMBERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
}

fn book(c: &mut Criterion) {
    let config = SampleConfig::new(7, members());
    let book = sample_book(&config).expect("sample book");
    let json = book.to_json();
    let data = book.to_data();
    let accounts: Vec<String> = data.accounts.iter().map(|a| a.id.0.clone()).collect();
    let rep = data.reps[0].id.0.clone();
    println!(
        "book: {} accounts, {} contacts, {} activities, JSON {:.1} MB",
        data.accounts.len(),
        data.contacts.len(),
        data.activities.len(),
        json.len() as f64 / 1e6
    );

    let mut g = c.benchmark_group(format!("book/{}-members", members()));
    g.sample_size(10);
    g.throughput(Throughput::Elements(data.accounts.len() as u64));
    g.bench_function("sample_book", |b| {
        b.iter(|| sample_book(black_box(&config)).unwrap())
    });
    g.bench_function("validate_and_index", |b| {
        b.iter_batched(
            || data.clone(),
            |d| Book::new(d).unwrap(),
            BatchSize::LargeInput,
        )
    });
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("from_json", |b| {
        b.iter(|| Book::from_json(black_box(&json)).unwrap())
    });
    g.bench_function("to_json", |b| b.iter(|| black_box(&book).to_json()));
    g.finish();
    json_io(c, &book);

    let mut g = c.benchmark_group("lookup");
    g.throughput(Throughput::Elements(accounts.len() as u64));
    g.bench_function("account_by_id/all", |b| {
        b.iter(|| {
            accounts
                .iter()
                .filter(|id| book.account(id).is_some())
                .count()
        })
    });
    g.bench_function("last_activity_of/all", |b| {
        b.iter(|| {
            accounts
                .iter()
                .filter_map(|id| book.activities_of(id).last())
                .count()
        })
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("accounts_owned_by/one_rep", |b| {
        b.iter(|| book.accounts_owned_by(black_box(&rep)).count())
    });
    g.finish();

    print!("{}", callwise_benches::memory_report(&book));
    let mut g = c.benchmark_group("append");
    g.throughput(Throughput::Elements(1));
    // Each run logs `iters` new calls into one copy of the book, spread over every
    // account and later than its history (what a day of logged calls does): the time is
    // the amortised cost of one, the merges of the per-account tails included.
    g.bench_function("log_activity/amortised", |b| {
        b.iter_custom(|iters| {
            let calls = new_calls(&data.activities, iters);
            let mut book = book.clone();
            let start = Instant::now();
            for call in calls {
                book.log_activity(call).unwrap();
            }
            let spent = start.elapsed();
            drop(black_box(book));
            spent
        })
    });
    g.finish();
}

/// The compact text streamed: to a string, to a `Vec` and to `io::sink` through
/// `write_json`, and back with `from_json` (whole text) and `read_json` (a reader). The
/// throughput is the compact text's bytes. The same through `BookData` beside them.
fn json_io(c: &mut Criterion, book: &Book) {
    let compact = book.to_json_with(JsonStyle::Compact);
    let mut g = c.benchmark_group(format!("json/{}-members", members()));
    g.sample_size(10);
    g.throughput(Throughput::Bytes(compact.len() as u64));
    g.bench_function("to_json_compact", |b| {
        b.iter(|| black_box(book).to_json_with(JsonStyle::Compact))
    });
    g.bench_function("write_json_compact/vec", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(compact.len());
            book.write_json(&mut out, JsonStyle::Compact).unwrap();
            out
        })
    });
    g.bench_function("write_json_compact/sink", |b| {
        b.iter(|| {
            book.write_json(std::io::sink(), JsonStyle::Compact)
                .unwrap()
        })
    });
    g.bench_function("from_json_compact", |b| {
        b.iter(|| Book::from_json(black_box(&compact)).unwrap())
    });
    g.bench_function("read_json_compact", |b| {
        b.iter(|| Book::read_json(black_box(compact.as_bytes())).unwrap())
    });
    // The whole-document path side by side: every record as a struct with `String`
    // ids (what `to_json` and `from_json` did before they streamed).
    g.bench_function("through_book_data/to_json_compact", |b| {
        b.iter(|| serde_json::to_string(&black_box(book).to_data()).unwrap())
    });
    g.bench_function("through_book_data/from_json_compact", |b| {
        b.iter(|| Book::new(serde_json::from_str(black_box(&compact)).unwrap()).unwrap())
    });
    g.finish();
}

/// `n` new activities to log: copies of the book's own, with new ids, each a second
/// after the one before, starting after the book's last.
fn new_calls(activities: &[Activity], n: u64) -> Vec<Activity> {
    let last = activities.iter().map(|a| a.at).max().expect("activities");
    (0..n)
        .map(|i| {
            let mut a = activities[i as usize % activities.len()].clone();
            a.id = format!("act-logged-{i}").into();
            a.at = last + Duration::from_secs(i + 1);
            a
        })
        .collect()
}

criterion_group!(benches, book);
criterion_main!(benches);
