//! Retention scoring: the fits on the published data sets, scoring at scale, and the
//! RFM summary of a large transaction log. The side-by-side comparison with lifetimes
//! is `benches/retention_vs_lifetimes.py` (same data, one run).
//!
//! `cargo bench -p callwise-benches --bench retention`. `CALLWISE_BENCH_CUSTOMERS` sets
//! the scoring size (default 1,000,000) and `CALLWISE_BENCH_TRANSACTIONS` the RFM log
//! (default 2,000,000 transactions over a tenth as many customers).

use callwise::retention::{
    BetaGeo, CustomerData, FitOptions, ParetoNbd, PurchaseModel, RfmOptions, ShiftedBetaGeo,
    rfm_summary,
};
use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// The CDNOW 2,357-customer summary shipped with lifetimes (tests/data/retention/).
fn cdnow() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/retention/cdnow_customers_summary.csv"
    );
    let text = std::fs::read_to_string(path).expect("CDNOW summary");
    let mut cols = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let v: Vec<f64> = line.split(',').map(|x| x.parse().unwrap()).collect();
        cols.0.push(v[1]);
        cols.1.push(v[2]);
        cols.2.push(v[3]);
    }
    cols
}

type Columns = (Vec<f64>, Vec<f64>, Vec<f64>);

/// Repeats every column `times` times.
fn repeated(cols: &Columns, times: usize) -> Columns {
    let rep = |v: &Vec<f64>| {
        v.iter()
            .copied()
            .cycle()
            .take(v.len() * times)
            .collect::<Vec<_>>()
    };
    (rep(&cols.0), rep(&cols.1), rep(&cols.2))
}

/// The columns checked as customer data.
fn checked(cols: &Columns) -> CustomerData {
    CustomerData::new(&cols.0, &cols.1, &cols.2, None).unwrap()
}

/// Repeats every column `times` times (lifetimes' 235,700-row Pareto/NBD case).
fn tiled(cols: &Columns, times: usize) -> CustomerData {
    checked(&repeated(cols, times))
}

fn fits(c: &mut Criterion) {
    let cols = cdnow();
    let data = tiled(&cols, 1);
    let hundred = tiled(&cols, 100);
    let options = FitOptions::default();
    let mut g = c.benchmark_group("retention/fit");
    g.sample_size(10);
    g.bench_function("bg_nbd_cdnow_2357", |b| {
        b.iter(|| BetaGeo::fit(black_box(&data), &options).unwrap())
    });
    g.bench_function("pareto_nbd_cdnow_2357", |b| {
        b.iter(|| ParetoNbd::fit(black_box(&data), &options).unwrap())
    });
    g.bench_function("pareto_nbd_cdnow_x100_235700", |b| {
        b.iter(|| ParetoNbd::fit(black_box(&hundred), &options).unwrap())
    });
    let survivors = [1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0];
    g.bench_function("sbg_regular_cohort", |b| {
        b.iter(|| ShiftedBetaGeo::fit_cohort(black_box(&survivors), &options).unwrap())
    });
    g.finish();
}

/// Scoring 1,000,000 customers (the CDNOW summary repeated). `score_table` is what
/// Python's `model.score(table, t)` asks of the core: check the three columns, then both
/// scores; `benches/retention_vs_lifetimes.py` runs the Python side against this figure.
fn scoring(c: &mut Criterion) {
    let n = env("CALLWISE_BENCH_CUSTOMERS", 1_000_000);
    let cols = repeated(&cdnow(), n.div_ceil(2357));
    let data = checked(&cols);
    let model = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    let mut g = c.benchmark_group("retention/score");
    g.sample_size(10);
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function(
        format!("bg_nbd_p_alive_and_expected_39_{}", data.len()),
        |b| b.iter(|| model.score(39.0, black_box(&data)).unwrap()),
    );
    g.bench_function(format!("bg_nbd_score_table_{}", data.len()), |b| {
        b.iter(|| model.score(39.0, &checked(black_box(&cols))).unwrap())
    });
    g.finish();
}

fn rfm(c: &mut Criterion) {
    let n = env("CALLWISE_BENCH_TRANSACTIONS", 2_000_000);
    let customers = (n / 10).max(1);
    // Deterministic pseudo-random log: SplitMix64.
    let mut state = 7u64;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let mut ids = Vec::with_capacity(n);
    let mut dates = Vec::with_capacity(n);
    let mut values = Vec::with_capacity(n);
    for _ in 0..n {
        ids.push(next() % customers as u64);
        dates.push(start + chrono::Days::new(next() % 1461));
        values.push((next() % 20_000) as f64 / 100.0);
    }
    let options = RfmOptions {
        calibration_end: NaiveDate::from_ymd_opt(2023, 6, 30),
        ..RfmOptions::default()
    };
    let mut g = c.benchmark_group("retention/rfm");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(format!("rfm_summary_{n}"), |b| {
        b.iter(|| rfm_summary(black_box(&ids), &dates, &values, &options).unwrap())
    });
    g.finish();
}

criterion_group!(benches, fits, scoring, rfm);
criterion_main!(benches);
