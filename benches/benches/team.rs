//! The team at work: claims per second from one blitz pool across 8 threads, and every
//! rep's Daily Wrap Up with their month, quarter and year goals for one day.
//!
//! `cargo bench -p callwise-benches --bench team`. `CALLWISE_BENCH_POOL` sets the pool's
//! accounts (default 100,000; the book is made big enough to hold them);
//! `CALLWISE_BENCH_MEMBERS` sets the book of the wrap-up figure (default 10,000
//! members). The figures quoted in the README are for the sizes it names.

use callwise::call_list::{CallList, CallListConfig, Entry, ListKind, Span};
use callwise::team::{BlitzPool, Goal, Period, PeriodKind, TeamConfig, goal_progress, wrap_ups};
use callwise::{Book, SampleConfig, sample_book};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::sync::Barrier;
use std::time::{Duration, Instant};

fn env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

const THREADS: usize = 8;

/// A pool list of `size` accounts of `book` (each with its first contact), for team
/// `team`, in a block every US zone may be called in (14:00 in New York, 09:00 in
/// Honolulu).
fn pool_list(book: &Book, team: &str, size: usize) -> CallList {
    let start = "2026-11-03T19:00:00Z".parse().expect("an instant");
    let block = Span {
        start,
        end: "2026-11-03T20:00:00Z".parse().expect("an instant"),
    };
    let data = book.to_data();
    let entries: Vec<Entry> = data
        .accounts
        .iter()
        .filter_map(|a| {
            let c = book.contacts_of(a.id.as_str()).next()?;
            Some((a, c))
        })
        .take(size)
        .zip(1u32..)
        .map(|((a, c), rank)| Entry {
            rank,
            account_id: a.id.clone(),
            contact_id: c.id().into(),
            score: 1000,
            reasons: Vec::new(),
            last_touch: None,
            slot_start: start,
            minutes: 6,
            time_zone: book
                .contact_time_zone(c.id())
                .expect("a contact")
                .to_owned(),
        })
        .collect();
    assert_eq!(entries.len(), size, "the book is too small for the pool");
    CallList {
        kind: ListKind::Crankathon,
        rep_id: None,
        team_id: Some(team.into()),
        day: "2026-11-03".parse().expect("a day"),
        time_zone: "America/New_York".into(),
        working: vec![block],
        capacity_minutes: u32::MAX,
        planned_minutes: 6 * size as u32,
        entries,
        held_back: Vec::new(),
        cut: Vec::new(),
        logged: Vec::new(),
    }
}

fn claims_bench(c: &mut Criterion) {
    let size = env("CALLWISE_BENCH_POOL", 100_000) as usize;
    // About 1.7 accounts per member in the sample.
    let members = (size as u32 / 17 * 10).max(1000) + 1000;
    let book = sample_book(&SampleConfig::new(7, members)).expect("sample book");
    let team = "team-sales-1";
    let reps: Vec<String> = book
        .reps()
        .iter()
        .filter(|r| r.team_id.as_ref().is_some_and(|t| t.as_str() == team))
        .map(|r| r.id.to_string())
        .collect();
    let list = pool_list(&book, team, size);
    let at = list.working[0].start;
    let (config, team_config) = (CallListConfig::default(), TeamConfig::default());
    println!(
        "pool: {size} accounts from a book of {} accounts; {THREADS} threads over {} reps",
        book.accounts().len(),
        reps.len()
    );
    let mut g = c.benchmark_group("team/claims");
    g.sample_size(10);
    g.throughput(Throughput::Elements(size as u64));
    g.bench_function(format!("{THREADS}_threads_claim_{size}_dry"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let pool =
                    BlitzPool::new(&book, list.clone(), &config, &team_config).expect("a pool");
                let go = Barrier::new(THREADS + 1);
                let handed = std::thread::scope(|s| {
                    let handles: Vec<_> = (0..THREADS)
                        .map(|t| {
                            let (pool, rep, go) = (&pool, reps[t % reps.len()].as_str(), &go);
                            s.spawn(move || {
                                go.wait();
                                let mut n = 0usize;
                                while pool.claim(rep, at).expect("a claim").is_some() {
                                    n += 1;
                                }
                                n
                            })
                        })
                        .collect();
                    go.wait();
                    let started = Instant::now();
                    let handed: usize = handles
                        .into_iter()
                        .map(|h| h.join().expect("a thread"))
                        .sum();
                    total += started.elapsed();
                    handed
                });
                let left = pool.left().len();
                assert_eq!(handed + left, size);
            }
            total
        })
    });
    g.finish();
}

fn wrap_up_bench(c: &mut Criterion) {
    let members = env("CALLWISE_BENCH_MEMBERS", 10_000);
    let book = sample_book(&SampleConfig::new(7, members)).expect("sample book");
    let day = "2026-10-29".parse().expect("a day");
    let config = TeamConfig {
        fiscal_year_start_month: 7,
        ..TeamConfig::default()
    };
    // Every rep's month, fiscal quarter and fiscal year.
    let goals: Vec<Goal> = book
        .reps()
        .iter()
        .flat_map(|r| {
            [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year].map(|kind| Goal {
                rep_id: Some(r.id.clone()),
                team_id: None,
                period: Period::containing(kind, day, config.fiscal_year_start_month)
                    .expect("a period"),
                calls: Some(200),
                meetings: Some(20),
                new_opportunities: Some(5),
                closed: Some(callwise::Money::new(5_000_000, "USD")),
            })
        })
        .collect();
    println!(
        "book: {} accounts, {} activities, {} opportunities, {} reps; {} goals",
        book.accounts().len(),
        book.activities().len(),
        book.opportunities().len(),
        book.reps().len(),
        goals.len()
    );
    let mut g = c.benchmark_group(format!("team/{members}-members"));
    g.sample_size(10);
    g.bench_function("wrap_ups/every_rep_one_day", |b| {
        b.iter(|| wrap_ups(&book, day, &config).expect("wrap-ups").len())
    });
    g.bench_function("goal_progress/every_rep_three_goals", |b| {
        b.iter(|| {
            goal_progress(&book, &goals, day, &config)
                .expect("progress")
                .len()
        })
    });
    g.bench_function("wrap_ups_and_goal_progress/every_rep_one_day", |b| {
        b.iter(|| {
            let w = wrap_ups(&book, day, &config).expect("wrap-ups");
            let p = goal_progress(&book, &goals, day, &config).expect("progress");
            (w.len(), p.len())
        })
    });
    g.finish();
}

criterion_group!(benches, claims_bench, wrap_up_bench);
criterion_main!(benches);
