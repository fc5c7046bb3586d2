//! The retention models against the published fits, to the digits printed.

use callwise::retention::{BetaGeo, CustomerData, FitOptions, ModifiedBetaGeo, PurchaseModel};

/// Reads a CSV of numbers from `tests/data/retention/` (header skipped).
pub fn read_csv(name: &str) -> Vec<Vec<f64>> {
    let path = format!(
        "{}/../tests/data/retention/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|v| v.trim().parse::<f64>().unwrap())
                .collect()
        })
        .collect()
}

/// The CDNOW 2,357-customer sample as (frequency, recency, T) in weeks.
pub fn cdnow() -> CustomerData {
    let rows = read_csv("cdnow_customers_summary.csv");
    let col = |i: usize| rows.iter().map(|r| r[i]).collect::<Vec<_>>();
    CustomerData::new(&col(1), &col(2), &col(3), None).unwrap()
}

/// The full CDNOW log's calibration summary (23,570 customers, 8,685 distinct rows;
/// `tests/data/retention/cdnow_master_calibration.csv`), in weeks, one row per customer.
pub fn cdnow_master() -> CustomerData {
    let (mut f, mut r, mut t) = (Vec::new(), Vec::new(), Vec::new());
    for row in read_csv("cdnow_master_calibration.csv") {
        for _ in 0..row[3] as usize {
            f.push(row[0]);
            r.push(row[1] / 7.0);
            t.push(row[2] / 7.0);
        }
    }
    CustomerData::new(&f, &r, &t, None).unwrap()
}

/// Rounds to `digits` decimal places, as a paper prints.
pub fn printed(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

#[test]
fn bg_nbd_reproduces_fader_hardie_lee_2005_on_cdnow() {
    let data = cdnow();
    let (m, report) = BetaGeo::fit(&data, &FitOptions::default()).unwrap();
    assert_eq!(printed(m.r(), 3), 0.243);
    assert_eq!(printed(m.alpha(), 3), 4.414);
    assert_eq!(printed(m.a(), 3), 0.793);
    assert_eq!(printed(m.b(), 3), 2.426);
    assert_eq!(printed(report.log_likelihood, 1), -9582.4);
    assert_eq!(report.method, "newton");
    // lifetimes 0.11.3 on the same data (its own test suite's figures).
    for (got, want) in [
        (m.r(), 0.242592928279822),
        (m.alpha(), 4.413532265271825),
        (m.a(), 0.7928859664406758),
        (m.b(), 2.4257523826258134),
    ] {
        assert!((got - want).abs() < 1e-5 * want, "{got} vs {want}");
    }
    // Standard errors are finite and small relative to the estimates.
    assert!(
        report
            .std_errors
            .iter()
            .zip(m.params())
            .all(|(se, (_, p))| se.is_finite() && *se < p)
    );
    // The paper's example customer: x = 2, t_x = 30.43, T = 38.86: E[X(39)] = 1.226.
    let c = data.get(0).unwrap();
    assert_eq!(printed(m.expected_purchases(39.0, &c).unwrap(), 3), 1.226);
}

#[test]
fn mbg_nbd_matches_lifetimes_on_cdnow() {
    let (m, report) = ModifiedBetaGeo::fit(&cdnow(), &FitOptions::default()).unwrap();
    for (got, want) in [
        (m.r(), 0.5248377255676637),
        (m.alpha(), 6.1829884791339715),
        (m.a(), 0.8913562809311422),
        (m.b(), 1.6140000256721438),
    ] {
        assert!((got - want).abs() < 1e-4 * want, "{got} vs {want}");
    }
    assert!(report.log_likelihood < -9000.0);
}

#[test]
fn pareto_nbd_reproduces_fader_hardie_2005_on_cdnow() {
    use callwise::retention::ParetoNbd;
    let (m, report) = ParetoNbd::fit(&cdnow(), &FitOptions::default()).unwrap();
    assert_eq!(printed(m.r(), 3), 0.553);
    assert_eq!(printed(m.alpha(), 3), 10.578);
    assert_eq!(printed(m.s(), 3), 0.606);
    // The paper prints β = 11.669; the likelihood is nearly flat in β (standard error
    // 6.2) and the maximum lies at 11.6679: its log-likelihood, -9594.973930, beats both
    // the printed parameters' (-9594.974010) and lifetimes' (-9594.973930 at β = 11.6669).
    assert_eq!(printed(m.beta(), 3), 11.668);
    let printed_point = ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap();
    assert!(report.log_likelihood > printed_point.log_likelihood(&cdnow()).unwrap());
    assert_eq!(printed(report.log_likelihood, 1), -9595.0);
}

/// Six customers with no heterogeneity to speak of: the likelihood keeps rising towards
/// the Poisson limit (r and α growing together), so there is no maximum to find. Every
/// purchase model must say so with `NotConverged` and a finite best point, never NaN
/// parameters; Pareto/NBD used to sum its series for an hour here.
#[test]
fn fits_without_a_maximum_report_not_converged() {
    use callwise::Error;
    use callwise::retention::ParetoNbd;
    let data = CustomerData::new(
        &[2.0, 1.0, 0.0, 0.0, 5.0, 3.0],
        &[30.4, 1.7, 0.0, 0.0, 35.0, 20.0],
        &[38.9, 38.9, 38.9, 30.0, 36.0, 33.0],
        None,
    )
    .unwrap();
    let options = FitOptions::default();
    let results = [
        ModifiedBetaGeo::fit(&data, &options).map(|_| ()),
        ParetoNbd::fit(&data, &options).map(|_| ()),
    ];
    for result in results {
        match result {
            Err(Error::NotConverged {
                best,
                log_likelihood,
                ..
            }) => {
                assert!(log_likelihood.is_finite() && log_likelihood < 0.0);
                assert!(
                    best.iter().all(|(_, v)| v.is_finite() && *v > 0.0),
                    "{best:?}"
                );
            }
            other => panic!("expected NotConverged, got {other:?}"),
        }
    }
}

/// The full CDNOW log, where grouping identical rows cannot carry the fit (issue 20):
/// lifetimes 0.11.3's parameters on the same summary (`BetaGeoFitter`,
/// `ParetoNBDFitter` seeded with 0), to 1e-4, and a likelihood at least as high as at
/// theirs. Both fits start from a fit to a sample of the rows.
#[test]
fn fits_on_the_full_cdnow_log_match_lifetimes() {
    use callwise::retention::ParetoNbd;
    let data = cdnow_master();
    let options = FitOptions::default();
    let (bg, bg_report) = BetaGeo::fit(&data, &options).unwrap();
    assert_eq!((bg_report.rows, bg_report.distinct_rows), (23_570, 8_685));
    let lifetimes = [
        0.251_624_011_424_104_1,
        4.788_945_170_327_028,
        0.723_433_035_728_698_5,
        2.161_086_981_371_923_3,
    ];
    for ((_, got), want) in bg.params().iter().zip(lifetimes) {
        assert!((got - want).abs() < 1e-4 * want, "{got} vs {want}");
    }
    let theirs = BetaGeo::new(lifetimes[0], lifetimes[1], lifetimes[2], lifetimes[3]).unwrap();
    assert!(bg_report.log_likelihood >= theirs.log_likelihood(&data).unwrap());
    let (pnbd, pnbd_report) = ParetoNbd::fit(&data, &options).unwrap();
    let lifetimes = [
        0.597_432_189_716_355_7,
        11.585_866_661_975_341,
        0.522_188_331_419_567_9,
        8.827_379_972_529_744,
    ];
    for ((_, got), want) in pnbd.params().iter().zip(lifetimes) {
        assert!((got - want).abs() < 1e-4 * want, "{got} vs {want}");
    }
    let theirs = ParetoNbd::new(lifetimes[0], lifetimes[1], lifetimes[2], lifetimes[3]).unwrap();
    assert!(pnbd_report.log_likelihood >= theirs.log_likelihood(&data).unwrap());
    assert_eq!(pnbd_report.method, "newton");
}

/// Rows are summed in fixed chunks whatever the number of threads: the same fit, bit for
/// bit, on one thread or several.
#[test]
fn fits_do_not_depend_on_the_number_of_threads() {
    use callwise::retention::ParetoNbd;
    let data = cdnow_master();
    let fit = || {
        let (bg, _) = BetaGeo::fit(&data, &FitOptions::default()).unwrap();
        let (pnbd, _) = ParetoNbd::fit(&data, &FitOptions::default()).unwrap();
        (bg.params(), pnbd.params())
    };
    let on = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(fit)
    };
    let one = on(1);
    assert_eq!(one, on(2));
    assert_eq!(one, on(3));
}

/// Issue 19: two customers whose likelihood keeps rising towards a limit sent Pareto/NBD
/// summing and integrating for more than ten minutes. Every fit's work is bounded (its
/// evaluations, and each evaluation's series terms and quadrature panels), so this ends
/// in `NotConverged` with the best point, and so does any fit given too few evaluations.
#[test]
fn fits_end_within_their_bound_on_work() {
    use callwise::Error;
    use callwise::retention::ParetoNbd;
    let data = CustomerData::new(
        &[0.0, 5.0],
        &[0.0, 17.929_864_165_844_36],
        &[21.496_623_442_225_527, 43.668_444_470_114_07],
        None,
    )
    .unwrap();
    match ParetoNbd::fit(&data, &FitOptions::default()) {
        Err(Error::NotConverged {
            best,
            log_likelihood,
            ..
        }) => {
            assert!(log_likelihood.is_finite() && log_likelihood < 0.0);
            assert!(best.iter().all(|(_, v)| v.is_finite() && *v > 0.0));
        }
        other => panic!("expected NotConverged, got {other:?}"),
    }
    let few = FitOptions {
        max_evaluations: 3,
        ..FitOptions::default()
    };
    for result in [
        BetaGeo::fit(&cdnow(), &few).map(|_| ()),
        ParetoNbd::fit(&cdnow(), &few).map(|_| ()),
    ] {
        assert!(
            matches!(result, Err(Error::NotConverged { .. })),
            "{result:?}"
        );
    }
}

/// A Ctrl-C (the caller's interrupt check) stops a fit between evaluations.
#[test]
fn fits_stop_when_interrupted() {
    use callwise::retention::ParetoNbd;
    let data = cdnow_master();
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let counted = std::rc::Rc::clone(&calls);
    let stopped = callwise::interrupt::scope(
        move || {
            counted.set(counted.get() + 1);
            counted.get() > 3
        },
        || ParetoNbd::fit(&data, &FitOptions::default()),
    );
    assert!(
        matches!(stopped, Err(callwise::Error::Interrupted)),
        "{stopped:?}"
    );
    assert_eq!(calls.get(), 4);
}

#[test]
fn gamma_gamma_reproduces_fader_hardie_lee_2005_on_cdnow() {
    use callwise::retention::{GammaGamma, SpendData};
    let rows: Vec<Vec<f64>> = read_csv("cdnow_customers_summary_with_transactions.csv")
        .into_iter()
        .filter(|r| r[1] > 0.0)
        .collect();
    assert_eq!(rows.len(), 946);
    let x: Vec<f64> = rows.iter().map(|r| r[1]).collect();
    let m: Vec<f64> = rows.iter().map(|r| r[4]).collect();
    let data = SpendData::new(&x, &m, None).unwrap();
    let (gg, report) = GammaGamma::fit(&data, &FitOptions::default()).unwrap();
    assert_eq!(printed(gg.p(), 2), 6.25);
    assert_eq!(printed(gg.q(), 2), 3.74);
    // The paper prints γ = 15.44; the maximum is at 15.4477 (as lifetimes also finds),
    // whose log-likelihood (-4055.92324) beats the printed parameters' (-4055.92471).
    assert_eq!(printed(gg.gamma(), 2), 15.45);
    assert!(
        report.log_likelihood
            > GammaGamma::new(6.25, 3.74, 15.44)
                .unwrap()
                .log_likelihood(&data)
                .unwrap()
    );
}

/// BG/BB's likelihood sums over the opportunities a customer may have died at: a
/// million of them cost a million products, not three million ln Γ (a one-row fit took
/// 24 s, issue 19). The values are mpmath's at 30 digits
/// (`tests/data/retention/bg_bb_references.py`).
#[test]
fn bg_bb_likelihood_over_a_million_opportunities() {
    use callwise::retention::{BetaGeoBetaBinom, DiscreteData};
    let cases = [
        (
            [1.204, 0.750, 0.657, 2.783],
            [0.0, 0.0, 6.0],
            -1.167_262_472_673_893_7,
        ),
        (
            [1.204, 0.750, 0.657, 2.783],
            [3.0, 5.0, 6.0],
            -5.615_894_746_361_415,
        ),
        (
            [1.204, 0.750, 0.657, 2.783],
            [0.0, 0.0, 1e6],
            -1.247_312_049_531_421_6,
        ),
        ([0.3, 0.2, 0.1, 0.4], [2.0, 7.0, 1e6], -9.530_302_831_182_25),
    ];
    for ([a, b, g, d], [x, tx, n], want) in cases {
        let m = BetaGeoBetaBinom::new(a, b, g, d).unwrap();
        let data = DiscreteData::new(&[x], &[tx], &[n], None).unwrap();
        let got = m.log_likelihood(&data).unwrap();
        assert!(
            (got - want).abs() < 1e-12 * want.abs(),
            "{x} {tx} {n}: {got} vs {want}"
        );
    }
    // The fit to that one row ends, as an answer or NotConverged.
    let one = DiscreteData::new(&[0.0], &[0.0], &[1e6], None).unwrap();
    let fit = BetaGeoBetaBinom::fit(&one, &FitOptions::default());
    assert!(
        matches!(fit, Ok(_) | Err(callwise::Error::NotConverged { .. })),
        "{fit:?}"
    );
}

#[test]
fn bg_bb_reproduces_fader_hardie_shang_2010_on_donations() {
    use callwise::retention::{BetaGeoBetaBinom, DiscreteData};
    let rows = read_csv("donations.csv");
    let col = |i: usize| rows.iter().map(|r| r[i]).collect::<Vec<_>>();
    let data = DiscreteData::new(&col(0), &col(1), &col(2), Some(&col(3))).unwrap();
    let (m, report) = BetaGeoBetaBinom::fit(&data, &FitOptions::default()).unwrap();
    assert_eq!(printed(m.alpha(), 3), 1.204);
    assert_eq!(printed(m.beta(), 3), 0.750);
    assert_eq!(printed(m.gamma(), 3), 0.657);
    assert_eq!(printed(m.delta(), 3), 2.783);
    assert_eq!(printed(report.log_likelihood, 1), -33225.6);
}

/// Fader and Hardie (2007), table 1: survivors of two cohorts, years 0-12.
pub const REGULAR: [f64; 13] = [
    1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0, 223.0, 207.0, 194.0, 183.0, 173.0,
];
/// See [`REGULAR`].
pub const HIGH_END: [f64; 13] = [
    1000.0, 869.0, 743.0, 653.0, 593.0, 551.0, 517.0, 491.0, 468.0, 445.0, 427.0, 409.0, 394.0,
];

#[test]
fn sbg_reproduces_fader_hardie_2007_on_both_cohorts() {
    use callwise::retention::ShiftedBetaGeo;
    let (regular, r1) = ShiftedBetaGeo::fit_cohort(&REGULAR[..8], &FitOptions::default()).unwrap();
    assert_eq!(
        (printed(regular.alpha(), 3), printed(regular.beta(), 3)),
        (0.704, 1.182)
    );
    let (high, r2) = ShiftedBetaGeo::fit_cohort(&HIGH_END[..8], &FitOptions::default()).unwrap();
    assert_eq!(
        (printed(high.alpha(), 3), printed(high.beta(), 3)),
        (0.668, 3.806)
    );
    assert_eq!(
        (printed(r1.log_likelihood, 1), printed(r2.log_likelihood, 1)),
        (-1680.3, -1611.2)
    );
    // Member records with the same information give the same fit.
    let mut renewals = Vec::new();
    let mut lapsed = Vec::new();
    let mut weights = Vec::new();
    for t in 1..8 {
        renewals.push((t - 1) as f64);
        lapsed.push(true);
        weights.push(REGULAR[t - 1] - REGULAR[t]);
    }
    renewals.push(7.0);
    lapsed.push(false);
    weights.push(REGULAR[7]);
    let (again, r3) =
        ShiftedBetaGeo::fit_members(&renewals, &lapsed, Some(&weights), &FitOptions::default())
            .unwrap();
    assert!(
        (again.alpha() - regular.alpha()).abs() < 1e-8
            && (r3.log_likelihood - r1.log_likelihood).abs() < 1e-6
    );
}

/// The cross-language fixture: every model's fit and scores on the shared data, which
/// Python and Kotlin must reproduce bit for bit (`tests/conformance/retention.json`).
#[test]
fn retention_conformance_fixture() {
    use callwise::retention::{
        BetaGeoBetaBinom, DiscreteCustomer, DiscreteData, GammaGamma, ParetoNbd, ShiftedBetaGeo,
        SpendData,
    };
    use serde_json::{Map, Value, json};
    let data = cdnow();
    let opts = FitOptions::default();
    let params = |p: &[(&str, f64)]| {
        Value::Object(
            p.iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect::<Map<_, _>>(),
        )
    };
    let purchase = |params: Value, ll: f64, m: &dyn PurchaseModel| {
        let mut alive = Vec::new();
        let mut expected = Vec::new();
        for i in 0..10 {
            let c = data.get(i).unwrap();
            alive.push(m.probability_alive(&c).unwrap());
            expected.push(m.expected_purchases(39.0, &c).unwrap());
        }
        json!({"params": params, "log_likelihood": ll, "t": 39.0, "p_alive": alive, "expected_purchases": expected})
    };
    let (bg, bg_r) = BetaGeo::fit(&data, &opts).unwrap();
    let (mbg, mbg_r) = ModifiedBetaGeo::fit(&data, &opts).unwrap();
    let (pnbd, pnbd_r) = ParetoNbd::fit(&data, &opts).unwrap();
    let rows: Vec<Vec<f64>> = read_csv("cdnow_customers_summary_with_transactions.csv")
        .into_iter()
        .filter(|r| r[1] > 0.0)
        .collect();
    let (x, m): (Vec<f64>, Vec<f64>) = rows.iter().map(|r| (r[1], r[4])).unzip();
    let (gg, gg_r) = GammaGamma::fit(&SpendData::new(&x, &m, None).unwrap(), &opts).unwrap();
    let spend: Vec<f64> = (0..10)
        .map(|i| gg.expected_spend(x[i], m[i]).unwrap())
        .collect();
    let don = read_csv("donations.csv");
    let col = |i: usize| don.iter().map(|r| r[i]).collect::<Vec<_>>();
    let (bb, bb_r) = BetaGeoBetaBinom::fit(
        &DiscreteData::new(&col(0), &col(1), &col(2), Some(&col(3))).unwrap(),
        &opts,
    )
    .unwrap();
    let dc: Vec<DiscreteCustomer> = don
        .iter()
        .map(|r| DiscreteCustomer::new(r[0], r[1], r[2]).unwrap())
        .collect();
    let sbg = |survivors: &[f64]| {
        let (s, r) = ShiftedBetaGeo::fit_cohort(&survivors[..8], &opts).unwrap();
        json!({
            "params": params(&s.params()), "log_likelihood": r.log_likelihood,
            "survival": (0..13).map(|t| s.survival(t as f64).unwrap()).collect::<Vec<_>>(),
            "retention_rate": (1..13).map(|t| s.retention_rate(t as f64).unwrap()).collect::<Vec<_>>(),
        })
    };
    let fixture = json!({
        "bg_nbd": purchase(params(&bg.params()), bg_r.log_likelihood, &bg),
        "mbg_nbd": purchase(params(&mbg.params()), mbg_r.log_likelihood, &mbg),
        "pareto_nbd": purchase(params(&pnbd.params()), pnbd_r.log_likelihood, &pnbd),
        "gamma_gamma": {"params": params(&gg.params()), "log_likelihood": gg_r.log_likelihood, "expected_spend": spend},
        "bg_bb": {
            "params": params(&bb.params()), "log_likelihood": bb_r.log_likelihood,
            "p_alive": dc.iter().map(|c| bb.probability_alive(c).unwrap()).collect::<Vec<_>>(),
            "expected_purchases": dc.iter().map(|c| bb.expected_purchases(5.0, c).unwrap()).collect::<Vec<_>>(),
        },
        "sbg_regular": sbg(&REGULAR),
        "sbg_high_end": sbg(&HIGH_END),
    });
    let text = serde_json::to_string_pretty(&fixture).unwrap() + "\n";
    crate::fixtures::expect_file("conformance/retention.json", &text);
}

/// Customer lifetime value against lifetimes 0.11.3's `customer_lifetime_value` (the
/// same month-by-month sum, which callwise makes in closed form for Pareto/NBD and once
/// per distinct (x, T) for BG/NBD): the first six CDNOW customers, 12 and 120 months at
/// 1% a month, in weeks.
#[test]
fn lifetime_values_match_lifetimes() {
    use callwise::retention::{ClvOptions, GammaGamma, ParetoNbd};
    let rows = read_csv("cdnow_customers_summary_with_transactions.csv");
    let col = |i: usize| rows[..6].iter().map(|r| r[i]).collect::<Vec<_>>();
    let data = CustomerData::new(&col(1), &col(2), &col(3), None).unwrap();
    let money = col(4);
    let spend = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    let bg = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    let pnbd = ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap();
    let cases: [(&dyn PurchaseModel, u32, [f64; 6]); 4] = [
        (
            &bg,
            12,
            [
                36.289_211_125_599_52,
                4.637_294_659_747_194,
                8.369_004_358_920_185,
                8.369_004_358_920_185,
                8.369_004_358_920_185,
                283.532_776_317_090_8,
            ],
        ),
        (
            &bg,
            120,
            [
                121.378_737_107_689_13,
                16.408_227_795_292_48,
                33.261_788_764_732_465,
                33.261_788_764_732_465,
                33.261_788_764_732_465,
                870.837_468_151_411_3,
            ],
        ),
        (
            &pnbd,
            12,
            [
                43.089_917_860_064_67,
                3.885_961_455_606_860_7,
                4.528_021_672_855_978,
                4.528_021_672_855_978,
                4.528_021_672_855_978,
                318.549_251_389_167_5,
            ],
        ),
        (
            &pnbd,
            120,
            [
                150.278_868_689_568_1,
                13.552_541_297_858_705,
                15.791_767_731_107_49,
                15.791_767_731_107_49,
                15.791_767_731_107_49,
                1_110.961_066_951_567_5,
            ],
        ),
    ];
    for (model, months, want) in cases {
        let options = ClvOptions {
            months,
            ..ClvOptions::default()
        };
        let got = spend
            .lifetime_values(model, &data, &money, &options)
            .unwrap();
        for i in 0..6 {
            assert!(
                (got.clv[i] - want[i]).abs() < 1e-10 * want[i],
                "{months} {i}: {} vs {}",
                got.clv[i],
                want[i]
            );
            let one = spend
                .customer_lifetime_value(model, &data.get(i).unwrap(), money[i], &options)
                .unwrap();
            assert_eq!(one.to_bits(), got.clv[i].to_bits());
        }
    }
    // A rate near −1 grows money a hundredfold a month: refused, not infinite.
    let wild = ClvOptions {
        months: 1200,
        monthly_discount_rate: -0.99,
        ..ClvOptions::default()
    };
    let refused = spend.lifetime_values(&bg, &data, &money, &wild);
    assert!(
        matches!(
            &refused,
            Err(callwise::Error::InvalidArgument {
                name: "monthly_discount_rate",
                ..
            })
        ),
        "{refused:?}"
    );
    let short = ClvOptions {
        months: 12,
        monthly_discount_rate: -0.99,
        ..ClvOptions::default()
    };
    let values = spend.lifetime_values(&bg, &data, &money, &short).unwrap();
    assert!(values.clv.iter().all(|v| v.is_finite() && *v > 0.0));
    assert!(
        spend
            .lifetime_values(&bg, &data, &money[..5], &short)
            .is_err()
    );
}

/// Batch scoring memoises E[X(t)]'s series per distinct (x, T): it must give the
/// per-customer answers bit for bit.
#[test]
fn batch_scores_equal_per_customer_scores() {
    let data = cdnow();
    let models: [Box<dyn PurchaseModel>; 2] = [
        Box::new(BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap()),
        Box::new(ModifiedBetaGeo::new(0.525, 6.183, 0.891, 1.614).unwrap()),
    ];
    for model in &models {
        for t in [0.0, 13.0, 39.0, 520.0] {
            let scores = model.score(t, &data).unwrap();
            for i in 0..data.len() {
                let c = data.get(i).unwrap();
                assert_eq!(
                    scores.p_alive[i].to_bits(),
                    model.probability_alive(&c).unwrap().to_bits()
                );
                assert_eq!(
                    scores.expected_purchases[i].to_bits(),
                    model.expected_purchases(t, &c).unwrap().to_bits()
                );
            }
        }
        assert!(
            model
                .score(-1.0, &CustomerData::new(&[], &[], &[], None).unwrap())
                .is_err()
        );
    }
}

/// Counts beyond `MAX_COUNT` are refused up front: a fit sizes tables and a score runs
/// loops by the largest count, and a corrupt value in the billions would exhaust memory
/// (aborting the host) or hang it.
#[test]
fn absurd_counts_are_refused_before_any_allocation() {
    use callwise::Error;
    use callwise::retention::{DiscreteCustomer, MAX_COUNT, ShiftedBetaGeo};
    let invalid = |r: callwise::Result<()>, name: &str| {
        assert!(
            matches!(&r, Err(Error::InvalidArgument { name: n, .. }) if *n == name),
            "{r:?}"
        );
    };
    let big = f64::from(u32::MAX);
    invalid(
        CustomerData::new(&[big], &[1.0], &[2.0], None).map(|_| ()),
        "frequency",
    );
    invalid(
        ShiftedBetaGeo::fit_members(&[big], &[true], None, &FitOptions::default()).map(|_| ()),
        "renewals",
    );
    let sbg = ShiftedBetaGeo::new(0.704, 1.182).unwrap();
    invalid(sbg.survival(big).map(|_| ()), "t");
    invalid(DiscreteCustomer::new(1.0, 1.0, big).map(|_| ()), "periods");
    assert!(CustomerData::new(&[MAX_COUNT], &[1.0], &[2.0], None).is_ok());
}

/// Parameters a fit would never return (outside [1e-9, 1e9]) are refused by every
/// model's constructor: the formulas lose every digit there (NaN from 1e-300 against
/// 1e300).
#[test]
fn parameters_out_of_range_are_refused() {
    use callwise::retention::{BetaGeoBetaBinom, GammaGamma, ParetoNbd, ShiftedBetaGeo};
    for v in [1e-300, 1e-10, 2e9, 1e300, 0.0, f64::NAN] {
        assert!(BetaGeo::new(v, 1.0, 1.0, 1.0).is_err(), "{v}");
        assert!(ModifiedBetaGeo::new(1.0, v, 1.0, 1.0).is_err(), "{v}");
        assert!(ParetoNbd::new(1.0, 1.0, 1.0, v).is_err(), "{v}");
        assert!(BetaGeoBetaBinom::new(1.0, 1.0, v, 1.0).is_err(), "{v}");
        assert!(GammaGamma::new(1.0, v, 1.0).is_err(), "{v}");
        assert!(ShiftedBetaGeo::new(v, 1.0).is_err(), "{v}");
    }
    assert!(ParetoNbd::new(1e-9, 1e9, 1e-9, 1e9).is_ok());
}
