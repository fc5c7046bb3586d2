//! Retention scoring: the fits on the published data sets and on the full CDNOW log,
//! fits to a million customers whose rows are all distinct, scoring and customer
//! lifetime value at scale, and the RFM summary of a large transaction log. The
//! side-by-side comparison with lifetimes is `benches/retention_vs_lifetimes.py` (same
//! data, one run).
//!
//! `cargo bench -p callwise-benches --bench retention`. `CALLWISE_BENCH_CUSTOMERS` sets
//! the scoring, lifetime-value and simulated-fit size (default 1,000,000) and
//! `CALLWISE_BENCH_TRANSACTIONS` the RFM log (default 2,000,000 transactions over a
//! tenth as many customers).

use callwise::retention::{
    BetaGeo, ClvOptions, CustomerData, FitOptions, GammaGamma, ParetoNbd, PurchaseModel,
    RfmOptions, ShiftedBetaGeo, rfm_summary,
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

/// The full CDNOW log's calibration summary (tests/data/retention/), one row per
/// customer: 23,570 customers, 8,685 distinct rows.
fn cdnow_master() -> Columns {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/retention/cdnow_master_calibration.csv"
    );
    let text = std::fs::read_to_string(path).expect("CDNOW calibration summary");
    let mut cols = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let v: Vec<f64> = line.split(',').map(|x| x.parse().unwrap()).collect();
        for _ in 0..v[3] as usize {
            cols.0.push(v[0]);
            cols.1.push(v[1] / 7.0);
            cols.2.push(v[2] / 7.0);
        }
    }
    cols
}

/// SplitMix64: a deterministic stream of uniform numbers.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform on (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// Gamma(shape, rate), by Marsaglia and Tsang.
    fn gamma(&mut self, shape: f64, rate: f64) -> f64 {
        if shape < 1.0 {
            return self.gamma(shape + 1.0, rate) * self.uniform().powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v > 0.0 && self.uniform().ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v / rate;
            }
        }
    }
}

/// `n` customers first seen uniformly over a 52-week window ending at the calibration
/// end, with exact recency and T (so every row is distinct): `draw` gives each its
/// purchase rate, the time it stays (at most its T) and its probability of dropping out
/// after each purchase.
fn simulate(
    n: usize,
    seed: u64,
    mut draw: impl FnMut(&mut Random, f64) -> (f64, f64, f64),
) -> Columns {
    let mut random = Random(seed);
    let mut cols = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for _ in 0..n {
        let t = 52.0 * random.uniform();
        let (rate, stays, dropout) = draw(&mut random, t);
        let (mut x, mut last, mut at) = (0.0, 0.0, 0.0);
        loop {
            at += -random.uniform().ln() / rate;
            if at > stays {
                break;
            }
            (x, last) = (x + 1.0, at);
            if random.uniform() < dropout {
                break;
            }
        }
        cols.0.push(x);
        cols.1.push(last);
        cols.2.push(t);
    }
    cols
}

/// `n` customers of a Pareto/NBD process (r, α, s, β): purchases at a Poisson rate
/// λ ~ Gamma(r, α) over an exponential lifetime of rate μ ~ Gamma(s, β).
fn pareto_nbd_customers(n: usize, [r, alpha, s, beta]: [f64; 4], seed: u64) -> Columns {
    simulate(n, seed, |random, t| {
        let rate = random.gamma(r, alpha);
        let lifetime = -random.uniform().ln() / random.gamma(s, beta);
        (rate, t.min(lifetime), 0.0)
    })
}

/// `n` customers of a BG/NBD process (r, α, a, b): purchases at a Poisson rate
/// λ ~ Gamma(r, α), and after each a drop-out with probability p ~ Beta(a, b).
fn bg_nbd_customers(n: usize, [r, alpha, a, b]: [f64; 4], seed: u64) -> Columns {
    simulate(n, seed, |random, t| {
        let rate = random.gamma(r, alpha);
        let (ga, gb) = (random.gamma(a, 1.0), random.gamma(b, 1.0));
        (rate, t, ga / (ga + gb))
    })
}

/// The parameters the simulated customers are drawn with: the CDNOW fits'.
const PLANTED_BG_NBD: [f64; 4] = [0.243, 4.414, 0.793, 2.426];
/// See [`PLANTED_BG_NBD`].
const PLANTED_PARETO_NBD: [f64; 4] = [0.553, 10.578, 0.606, 11.669];

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
    // The full log: 8,685 distinct rows, which grouping cannot carry.
    let master = checked(&cdnow_master());
    g.bench_function("bg_nbd_cdnow_master_23570", |b| {
        b.iter(|| BetaGeo::fit(black_box(&master), &options).unwrap())
    });
    g.bench_function("pareto_nbd_cdnow_master_23570", |b| {
        b.iter(|| ParetoNbd::fit(black_box(&master), &options).unwrap())
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

/// Fits to customers whose rows are all distinct (exact recency and T), drawn from the
/// models' own processes with the CDNOW parameters. The parameters recovered are printed
/// beside the planted ones.
fn simulated(c: &mut Criterion) {
    let n = env("CALLWISE_BENCH_CUSTOMERS", 1_000_000);
    let options = FitOptions::default();
    let bg = checked(&bg_nbd_customers(n, PLANTED_BG_NBD, 11));
    let pnbd = checked(&pareto_nbd_customers(n, PLANTED_PARETO_NBD, 12));
    let (fitted, report) = BetaGeo::fit(&bg, &options).unwrap();
    eprintln!(
        "BG/NBD on {n} simulated customers ({} distinct rows): planted {PLANTED_BG_NBD:?}, recovered {:?}",
        report.distinct_rows,
        fitted.params()
    );
    let (fitted, report) = ParetoNbd::fit(&pnbd, &options).unwrap();
    eprintln!(
        "Pareto/NBD on {n} simulated customers ({} distinct rows): planted {PLANTED_PARETO_NBD:?}, recovered {:?}",
        report.distinct_rows,
        fitted.params()
    );
    let mut g = c.benchmark_group("retention/simulated");
    g.sample_size(10);
    g.bench_function(format!("bg_nbd_fit_{n}"), |b| {
        b.iter(|| BetaGeo::fit(black_box(&bg), &options).unwrap())
    });
    g.bench_function(format!("pareto_nbd_fit_{n}"), |b| {
        b.iter(|| ParetoNbd::fit(black_box(&pnbd), &options).unwrap())
    });
    g.finish();
}

/// Customer lifetime value over 120 months, of the CDNOW summary repeated to
/// `CALLWISE_BENCH_CUSTOMERS` customers (few distinct (x, T) pairs) and of as many
/// simulated customers with distinct T.
fn lifetime_value(c: &mut Criterion) {
    let n = env("CALLWISE_BENCH_CUSTOMERS", 1_000_000);
    let spend = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    let bg = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    let pnbd = ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap();
    let options = ClvOptions {
        months: 120,
        ..ClvOptions::default()
    };
    let tiled = checked(&repeated(&cdnow(), n.div_ceil(2357)));
    let distinct = checked(&bg_nbd_customers(n, PLANTED_BG_NBD, 11));
    let money = |data: &CustomerData| vec![25.0; data.len()];
    let mut g = c.benchmark_group("retention/clv");
    g.sample_size(10);
    for (name, data) in [("cdnow_repeated", &tiled), ("distinct", &distinct)] {
        let m = money(data);
        g.throughput(Throughput::Elements(data.len() as u64));
        g.bench_function(format!("bg_nbd_120_months_{name}_{}", data.len()), |b| {
            b.iter(|| {
                spend
                    .lifetime_values(&bg, black_box(data), &m, &options)
                    .unwrap()
            })
        });
        g.bench_function(
            format!("pareto_nbd_120_months_{name}_{}", data.len()),
            |b| {
                b.iter(|| {
                    spend
                        .lifetime_values(&pnbd, black_box(data), &m, &options)
                        .unwrap()
                })
            },
        );
    }
    g.finish();
}

fn rfm(c: &mut Criterion) {
    let n = env("CALLWISE_BENCH_TRANSACTIONS", 2_000_000);
    let customers = (n / 10).max(1);
    // Deterministic pseudo-random log.
    let mut random = Random(7);
    let mut next = || random.next();
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

criterion_group!(benches, fits, simulated, scoring, lifetime_value, rfm);
criterion_main!(benches);
