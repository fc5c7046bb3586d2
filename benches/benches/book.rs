//! The book of business: generating, loading (parse, validate, index), writing, and the
//! index look-ups the call list will lean on.
//!
//! `cargo bench -p callwise-benches --bench book`; `CALLWISE_BENCH_MEMBERS` sets the
//! book size (default 10,000 members, about 17,000 accounts and 100,000 activities).

use callwise::{Book, SampleConfig, sample_book};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

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
}

criterion_group!(benches, book);
criterion_main!(benches);
