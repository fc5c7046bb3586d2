//! The call lists: one rep's Next Day Call List, every rep's lists at once (all cores),
//! a team's Power Hour pool, and re-ranking after one logged call.
//!
//! `cargo bench -p callwise-benches --bench call_list`; `CALLWISE_BENCH_MEMBERS` sets the
//! book size (default 10,000 members) and `CALLWISE_BENCH_ACTIVITIES` about how many
//! activities it holds (the sample's `SampleConfig::activities`; default: the sample's
//! own rate, about six an account). The book, 1 M members and 30 M activities:
//! `CALLWISE_BENCH_MEMBERS=1000000 CALLWISE_BENCH_ACTIVITIES=30000000 cargo bench -p
//! callwise-benches --bench call_list` (about 3 GB; see the README for the figures).

use callwise::call_list::*;
use callwise::retention::BetaGeo;
use callwise::{SampleConfig, sample_book};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn members() -> u32 {
    std::env::var("CALLWISE_BENCH_MEMBERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000)
}

/// The activities asked for, when `CALLWISE_BENCH_ACTIVITIES` says.
fn activities() -> Option<u64> {
    std::env::var("CALLWISE_BENCH_ACTIVITIES")
        .ok()
        .and_then(|s| s.parse().ok())
}

fn call_lists_bench(c: &mut Criterion) {
    let sample = SampleConfig {
        activities: activities(),
        ..SampleConfig::new(7, members())
    };
    let book = sample_book(&sample).expect("sample book");
    let day = "2026-11-03".parse().expect("a day");
    let config = CallListConfig::default();
    let model = BetaGeo::new(0.243, 4.414, 0.793, 2.426).expect("a model");
    let prepared = Prepared::new(&book, day, &config, None, None, Some(&model)).expect("inputs");
    let inputs = prepared.inputs(None, &[]);
    let lists = call_lists(&book, day, &config, &inputs).expect("lists");
    // The rep with the longest list, for the one-rep and re-ranking figures.
    let busiest = lists
        .iter()
        .max_by_key(|l| l.entries.len() + l.held_back.len() + l.cut.len())
        .expect("a rep");
    let rep = busiest.rep_id.clone().expect("a rep's list");
    let team = book.teams()[0].id.clone();
    println!(
        "book: {} accounts, {} activities, {} reps; {} entries in all; busiest rep {} with {} entries, {} held back, {} cut",
        book.accounts().len(),
        book.activities().len(),
        book.reps().len(),
        lists.iter().map(|l| l.entries.len()).sum::<usize>(),
        rep.as_str(),
        busiest.entries.len(),
        busiest.held_back.len(),
        busiest.cut.len()
    );
    let size = match sample.activities {
        Some(n) => format!("{}-members-{n}-activities", members()),
        None => format!("{}-members", members()),
    };
    let mut g = c.benchmark_group(format!("call_list/{size}"));
    g.sample_size(10);
    g.bench_function("next_day_call_list/one_rep", |b| {
        b.iter(|| {
            next_day_call_list(&book, black_box(rep.as_str()), day, &config, &inputs).unwrap()
        })
    });
    g.bench_function("call_lists/every_rep", |b| {
        b.iter(|| call_lists(&book, black_box(day), &config, &inputs).unwrap())
    });
    g.bench_function("power_hour_list/one_team", |b| {
        b.iter(|| power_hour_list(&book, black_box(team.as_str()), day, &config, &inputs).unwrap())
    });
    let first = busiest.entries.first().expect("an entry");
    let call = callwise_benches::unanswered_call(
        "act-bench".to_owned(),
        first.account_id.as_str(),
        first.contact_id.as_str(),
        rep.as_str(),
        first.slot_start,
    );
    g.bench_function("log_activity/rerank", |b| {
        b.iter_batched(
            || busiest.clone(),
            |mut list| list.log_activity(&book, black_box(&call), &config).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, call_lists_bench);
criterion_main!(benches);
