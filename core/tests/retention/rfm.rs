//! `rfm_summary`: hand-worked cases, conformance with lifetimes 0.11.3 on the CDNOW
//! sample, and properties against a plain reference implementation.

use callwise::Error;
use callwise::retention::{RfmOptions, RfmSummary, TimeUnit, rfm_summary};
use chrono::NaiveDate;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn options(cal: Option<&str>, obs: Option<&str>, unit: TimeUnit) -> RfmOptions {
    RfmOptions {
        calibration_end: cal.map(day),
        observation_end: obs.map(day),
        unit,
    }
}

#[test]
fn a_hand_worked_log_in_days_and_weeks() {
    let customers = ["b", "a", "a", "b", "a", "a", "c", "a", "b"];
    let dates = [
        day("2024-01-05"), // b first
        day("2024-01-01"), // a first
        day("2024-01-01"), // a, same day: one purchase of 15
        day("2024-01-19"), // b repeat
        day("2024-01-15"), // a repeat
        day("2024-01-29"), // a repeat
        day("2024-02-10"), // c: holdout only, dropped
        day("2024-02-05"), // a holdout
        day("2024-03-30"), // b after the observation end: ignored
    ];
    let values = [7.0, 10.0, 5.0, 3.0, 20.0, 40.0, 99.0, 8.0, 1000.0];

    let days = rfm_summary(
        &customers,
        &dates,
        &values,
        &options(Some("2024-01-31"), Some("2024-02-29"), TimeUnit::Days),
    )
    .unwrap();
    assert_eq!(days.customer_id, vec!["b", "a"]); // first appearance, not sorted
    assert_eq!(days.frequency, vec![1.0, 2.0]);
    assert_eq!(days.recency, vec![14.0, 28.0]);
    assert_eq!(days.t, vec![26.0, 30.0]);
    assert_eq!(days.monetary_value, vec![3.0, 30.0]);
    let holdout = days.holdout.as_ref().unwrap();
    assert_eq!(holdout.frequency, vec![0.0, 1.0]);
    assert_eq!(holdout.monetary_value, vec![0.0, 8.0]);
    assert_eq!(holdout.duration, 29.0);

    let weeks = rfm_summary(
        &customers,
        &dates,
        &values,
        &options(Some("2024-01-31"), Some("2024-02-29"), TimeUnit::Weeks),
    )
    .unwrap();
    assert_eq!(weeks.customer_id, days.customer_id);
    assert_eq!(weeks.frequency, days.frequency);
    assert_eq!(weeks.recency, vec![2.0, 4.0]);
    assert_eq!(weeks.t, vec![26.0 / 7.0, 30.0 / 7.0]);
    assert_eq!(weeks.monetary_value, days.monetary_value);
    assert_eq!(weeks.holdout.unwrap().duration, 29.0 / 7.0);
}

#[test]
fn same_day_purchases_are_summed_into_one_period() {
    let customers = [1, 1, 1, 1, 1];
    let dates = [
        day("2024-01-01"),
        day("2024-01-08"),
        day("2024-01-08"),
        day("2024-01-08"),
        day("2024-01-22"),
    ];
    let values = [1.0, 2.0, 3.0, 4.0, 1.0];
    let s = rfm_summary(&customers, &dates, &values, &RfmOptions::default()).unwrap();
    assert_eq!(s.frequency, vec![2.0]);
    assert_eq!(s.recency, vec![3.0]);
    assert_eq!(s.t, vec![3.0]); // calibration ends on the latest date
    assert_eq!(s.monetary_value, vec![5.0]); // (9 + 1) / 2
    assert!(s.holdout.is_none());
}

#[test]
fn holdout_monetary_value_is_per_transaction_as_lifetimes_computes_it() {
    let customers = ["x"; 4];
    let dates = [
        day("2024-01-01"),
        day("2024-02-01"),
        day("2024-02-01"),
        day("2024-02-03"),
    ];
    let values = [5.0, 1.0, 2.0, 6.0];
    let s = rfm_summary(
        &customers,
        &dates,
        &values,
        &options(Some("2024-01-01"), Some("2024-02-29"), TimeUnit::Days),
    )
    .unwrap();
    let h = s.holdout.unwrap();
    assert_eq!(h.frequency, vec![2.0]);
    assert_eq!(h.monetary_value, vec![3.0]); // (1 + 2 + 6) / 3, not (3 + 6) / 2
}

#[test]
fn calibration_end_defaults_to_the_latest_date_and_later_rows_are_ignored_without_holdout() {
    let customers = ["a", "b", "a"];
    let dates = [day("2024-01-01"), day("2024-03-01"), day("2024-02-01")];
    let values = [1.0, 1.0, 1.0];
    let all = rfm_summary(
        &customers,
        &dates,
        &values,
        &options(None, None, TimeUnit::Days),
    )
    .unwrap();
    assert_eq!(all.customer_id, vec!["a", "b"]);
    assert_eq!(all.t, vec![60.0, 0.0]);

    let cut = rfm_summary(
        &customers,
        &dates,
        &values,
        &options(Some("2024-01-15"), None, TimeUnit::Days),
    )
    .unwrap();
    assert_eq!(cut.customer_id, vec!["a"]);
    assert_eq!(
        (cut.frequency[0], cut.recency[0], cut.t[0]),
        (0.0, 0.0, 14.0)
    );
    assert!(cut.holdout.is_none());
}

#[test]
fn rows_follow_first_appearance_up_to_the_last_day_used() {
    let customers = ["x", "y", "x", "z"];
    let dates = [
        day("2024-02-10"), // x in the holdout period
        day("2024-01-10"),
        day("2024-01-20"), // x in the calibration period
        day("2024-05-01"), // z after the observation end
    ];
    let values = [1.0; 4];
    let with_holdout = rfm_summary(
        &customers,
        &dates,
        &values,
        &options(Some("2024-01-31"), Some("2024-02-29"), TimeUnit::Days),
    )
    .unwrap();
    assert_eq!(with_holdout.customer_id, vec!["x", "y"]);
    assert_eq!(with_holdout.holdout.unwrap().frequency, vec![1.0, 0.0]);
    let without = rfm_summary(
        &customers,
        &dates,
        &values,
        &options(Some("2024-01-31"), None, TimeUnit::Days),
    )
    .unwrap();
    assert_eq!(without.customer_id, vec!["y", "x"]);
}

#[test]
fn a_calibration_end_after_the_log_ages_everyone() {
    let s = rfm_summary(
        &["a"],
        &[day("2024-01-01")],
        &[1.0],
        &options(Some("2024-12-31"), Some("2024-12-31"), TimeUnit::Days),
    )
    .unwrap();
    assert_eq!(s.t, vec![365.0]);
    let h = s.holdout.unwrap();
    assert_eq!(
        (h.frequency[0], h.monetary_value[0], h.duration),
        (0.0, 0.0, 0.0)
    );
}

#[test]
fn empty_logs_give_empty_summaries() {
    let none: [u64; 0] = [];
    let s = rfm_summary(&none, &[], &[], &RfmOptions::default()).unwrap();
    assert!(s.customer_id.is_empty() && s.frequency.is_empty() && s.holdout.is_none());
    let s = rfm_summary(
        &none,
        &[],
        &[],
        &options(None, Some("2024-01-01"), TimeUnit::Days),
    )
    .unwrap();
    assert_eq!(s.holdout.unwrap().duration, 0.0);
    let s = rfm_summary(
        &none,
        &[],
        &[],
        &options(Some("2024-01-01"), Some("2024-01-15"), TimeUnit::Weeks),
    )
    .unwrap();
    let h = s.holdout.unwrap();
    assert!(h.frequency.is_empty());
    assert_eq!(h.duration, 2.0);
}

/// Asserts that `result` is an `InvalidArgument` naming `name`; returns its message.
fn refused<T: std::fmt::Debug>(result: callwise::Result<T>, name: &str) -> String {
    let err = result.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { name: n, .. } if *n == name),
        "{err}"
    );
    err.to_string()
}

#[test]
fn bad_input_is_a_typed_error() {
    let d = [day("2024-01-01"), day("2024-01-02")];
    let defaults = RfmOptions::default();
    refused(
        rfm_summary(&["a", "b"], &d[..1], &[1.0, 2.0], &defaults),
        "dates",
    );
    refused(rfm_summary(&["a", "b"], &d, &[1.0], &defaults), "values");
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let message = refused(
            rfm_summary(&["secret name", "b"], &d, &[1.0, bad], &defaults),
            "values",
        );
        assert!(message.contains("row 1"), "{message}");
        assert!(!message.contains("secret"), "{message}");
    }
    // Finite values whose sums overflow, one day to +inf and the next to -inf.
    let (d3, huge) = (day("2024-01-03"), [1.0, 1e308, 1e308, -1e308, -1e308]);
    let days = [d[0], d[1], d[1], d3, d3];
    refused(rfm_summary(&["a"; 5], &days, &huge, &defaults), "values");
    let early = options(Some("2024-01-02"), Some("2024-01-01"), TimeUnit::Days);
    refused(
        rfm_summary(&["a", "b"], &d, &[1.0, 2.0], &early),
        "observation_end",
    );
    // Without a calibration end, the observation end must not precede the latest date.
    let early = options(None, Some("2024-01-01"), TimeUnit::Days);
    refused(
        rfm_summary(&["a", "b"], &d, &[1.0, 2.0], &early),
        "observation_end",
    );
}

#[test]
fn options_and_units_have_the_documented_defaults() {
    assert_eq!(TimeUnit::default(), TimeUnit::Weeks);
    let o = RfmOptions::default();
    assert_eq!(
        (o.calibration_end, o.observation_end, o.unit),
        (None, None, TimeUnit::Weeks)
    );
}

// ---------------------------------------------------------------------------------------
// Conformance with lifetimes 0.11.3 (tests/data/retention/make_expected_rfm.py).

fn shared(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests")
        .join(path)
}

struct Log {
    customers: Vec<u64>,
    dates: Vec<NaiveDate>,
    values: Vec<f64>,
}

fn cdnow_sample() -> Log {
    let path = shared("data/retention/CDNOW_sample.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut log = Log {
        customers: Vec::new(),
        dates: Vec::new(),
        values: Vec::new(),
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields.len(), 5, "{line}");
        log.customers.push(fields[0].parse().unwrap());
        log.dates
            .push(NaiveDate::parse_from_str(fields[2], "%Y%m%d").unwrap());
        log.values.push(fields[4].parse().unwrap());
    }
    log
}

/// The expected CSV as customer id → named columns.
fn expected(path: &str) -> BTreeMap<u64, BTreeMap<String, f64>> {
    let text = std::fs::read_to_string(shared(path)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[0], "customer_id");
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), header.len(), "{line}");
            let row = header[1..]
                .iter()
                .zip(&fields[1..])
                .map(|(h, v)| (h.to_string(), v.parse::<f64>().unwrap()))
                .collect();
            (fields[0].parse().unwrap(), row)
        })
        .collect()
}

fn assert_close(what: &str, id: u64, actual: f64, expected: f64) {
    let scale = actual.abs().max(expected.abs());
    assert!(
        (actual - expected).abs() <= 1e-12 * scale,
        "customer {id} {what}: callwise {actual:?}, lifetimes {expected:?}"
    );
}

fn by_id(summary: &RfmSummary<u64>) -> BTreeMap<u64, usize> {
    let rows: BTreeMap<u64, usize> = summary
        .customer_id
        .iter()
        .enumerate()
        .map(|(i, &id)| (id, i))
        .collect();
    assert_eq!(
        rows.len(),
        summary.customer_id.len(),
        "a customer appears twice"
    );
    rows
}

#[test]
fn cdnow_sample_calibration_and_holdout_matches_lifetimes() {
    let log = cdnow_sample();
    assert_eq!(log.customers.len(), 6919);
    let s = rfm_summary(
        &log.customers,
        &log.dates,
        &log.values,
        &options(Some("1997-09-30"), Some("1998-06-30"), TimeUnit::Weeks),
    )
    .unwrap();
    let want = expected("conformance/cdnow_sample_rfm_holdout.csv");
    let rows = by_id(&s);
    assert_eq!(
        rows.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    let h = s.holdout.as_ref().unwrap();
    let mut repeaters = 0;
    for (id, e) in &want {
        let i = rows[id];
        assert_close("frequency_cal", *id, s.frequency[i], e["frequency_cal"]);
        assert_close("recency_cal", *id, s.recency[i], e["recency_cal"]);
        assert_close("T_cal", *id, s.t[i], e["T_cal"]);
        assert_close(
            "monetary_value_cal",
            *id,
            s.monetary_value[i],
            e["monetary_value_cal"],
        );
        assert_close(
            "frequency_holdout",
            *id,
            h.frequency[i],
            e["frequency_holdout"],
        );
        assert_close(
            "monetary_value_holdout",
            *id,
            h.monetary_value[i],
            e["monetary_value_holdout"],
        );
        assert_close("duration_holdout", *id, h.duration, e["duration_holdout"]);
        repeaters += usize::from(s.frequency[i] > 0.0 && h.frequency[i] > 0.0);
    }
    assert!(repeaters > 100, "the sample should exercise both periods");
}

#[test]
fn cdnow_sample_summary_matches_lifetimes() {
    let log = cdnow_sample();
    let s = rfm_summary(
        &log.customers,
        &log.dates,
        &log.values,
        &options(Some("1998-06-30"), None, TimeUnit::Weeks),
    )
    .unwrap();
    assert!(s.holdout.is_none());
    let want = expected("conformance/cdnow_sample_rfm.csv");
    assert_eq!(want.len(), 2357);
    let rows = by_id(&s);
    assert_eq!(
        rows.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (id, e) in &want {
        let i = rows[id];
        assert_close("frequency", *id, s.frequency[i], e["frequency"]);
        assert_close("recency", *id, s.recency[i], e["recency"]);
        assert_close("T", *id, s.t[i], e["T"]);
        assert_close(
            "monetary_value",
            *id,
            s.monetary_value[i],
            e["monetary_value"],
        );
    }
    // The sample's last date is the observation end, so the default gives the same.
    let default = rfm_summary(
        &log.customers,
        &log.dates,
        &log.values,
        &RfmOptions::default(),
    )
    .unwrap();
    assert_eq!(default, s);
}

// ---------------------------------------------------------------------------------------
// Properties.

/// A customer's expected row, computed the plain way.
#[derive(Debug, PartialEq)]
struct Row {
    frequency: f64,
    recency: f64,
    t: f64,
    monetary_value: f64,
    holdout: Option<(f64, f64)>,
}

/// Reference: per customer, per-day sums in a BTreeMap.
fn reference(log: &[(u8, i64, f64)], cal: i64, obs: Option<i64>, unit: f64) -> BTreeMap<u8, Row> {
    let mut cal_days: BTreeMap<u8, BTreeMap<i64, Vec<f64>>> = BTreeMap::new();
    let mut hold: BTreeMap<u8, Vec<(i64, f64)>> = BTreeMap::new();
    for &(c, d, v) in log {
        if d <= cal {
            cal_days.entry(c).or_default().entry(d).or_default().push(v);
        } else if obs.is_some_and(|o| d <= o) {
            hold.entry(c).or_default().push((d, v));
        }
    }
    cal_days
        .into_iter()
        .map(|(c, days)| {
            let first = *days.keys().next().unwrap();
            let last = *days.keys().last().unwrap();
            let sums: Vec<f64> = days.values().map(|vs| vs.iter().sum::<f64>()).collect();
            let repeats = sums.len() - 1;
            let monetary_value = if repeats == 0 {
                0.0
            } else {
                sums[1..].iter().sum::<f64>() / repeats as f64
            };
            let holdout = obs.map(|_| {
                let txs = hold.get(&c).cloned().unwrap_or_default();
                let distinct: BTreeSet<i64> = txs.iter().map(|t| t.0).collect();
                let mean = if txs.is_empty() {
                    0.0
                } else {
                    txs.iter().map(|t| t.1).sum::<f64>() / txs.len() as f64
                };
                (distinct.len() as f64, mean)
            });
            let row = Row {
                frequency: repeats as f64,
                recency: (last - first) as f64 / unit,
                t: (cal - first) as f64 / unit,
                monetary_value,
                holdout,
            };
            (c, row)
        })
        .collect()
}

fn base() -> NaiveDate {
    day("2020-02-20")
}

fn to_columns(log: &[(u8, i64, f64)]) -> (Vec<u8>, Vec<NaiveDate>, Vec<f64>) {
    (
        log.iter().map(|t| t.0).collect(),
        log.iter()
            .map(|t| base() + chrono::Days::new(t.1 as u64))
            .collect(),
        log.iter().map(|t| t.2).collect(),
    )
}

/// Rows keyed by customer, for comparisons that ignore row order.
fn rows(s: &RfmSummary<u8>) -> BTreeMap<u8, Row> {
    s.customer_id
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let row = Row {
                frequency: s.frequency[i],
                recency: s.recency[i],
                t: s.t[i],
                monetary_value: s.monetary_value[i],
                holdout: s
                    .holdout
                    .as_ref()
                    .map(|h| (h.frequency[i], h.monetary_value[i])),
            };
            (c, row)
        })
        .collect()
}

fn log_strategy() -> impl Strategy<Value = Vec<(u8, i64, f64)>> {
    prop::collection::vec(
        (
            0u8..12,
            0i64..120,
            (-2000i32..20000).prop_map(|c| f64::from(c) / 100.0),
        ),
        0..80,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn summaries_obey_their_invariants_and_match_the_reference(
        log in log_strategy(),
        cal in 0i64..130,
        extra in prop::option::of(0i64..60),
        weeks in any::<bool>(),
    ) {
        let (customers, dates, values) = to_columns(&log);
        let unit = if weeks { TimeUnit::Weeks } else { TimeUnit::Days };
        let obs = extra.map(|e| cal + e);
        let opts = RfmOptions {
            calibration_end: Some(base() + chrono::Days::new(cal as u64)),
            observation_end: obs.map(|o| base() + chrono::Days::new(o as u64)),
            unit,
        };
        let s = rfm_summary(&customers, &dates, &values, &opts).unwrap();
        let n = s.customer_id.len();
        prop_assert_eq!(s.frequency.len(), n);
        prop_assert_eq!(s.recency.len(), n);
        prop_assert_eq!(s.t.len(), n);
        prop_assert_eq!(s.monetary_value.len(), n);
        for i in 0..n {
            prop_assert!(s.frequency[i] >= 0.0 && s.frequency[i].fract() == 0.0);
            prop_assert!(0.0 <= s.recency[i] && s.recency[i] <= s.t[i]);
            if s.frequency[i] == 0.0 {
                prop_assert_eq!(s.recency[i], 0.0);
                prop_assert_eq!(s.monetary_value[i], 0.0);
            }
        }
        if let Some(h) = &s.holdout {
            prop_assert_eq!(h.frequency.len(), n);
            prop_assert_eq!(h.monetary_value.len(), n);
            prop_assert!(h.frequency.iter().all(|f| *f >= 0.0 && f.fract() == 0.0));
        }
        // Rows in order of first appearance up to the last day used, customers with a
        // calibration transaction only.
        let end = obs.unwrap_or(cal);
        let mut seen = Vec::new();
        for &(c, d, _) in &log {
            if d <= end && !seen.contains(&c) {
                seen.push(c);
            }
        }
        seen.retain(|c| log.iter().any(|t| t.0 == *c && t.1 <= cal));
        prop_assert_eq!(&s.customer_id, &seen);

        let want = reference(&log, cal, obs, if weeks { 7.0 } else { 1.0 });
        let got = rows(&s);
        prop_assert_eq!(got.len(), want.len());
        for (c, w) in &want {
            let g = &got[c];
            prop_assert_eq!(g.frequency, w.frequency);
            prop_assert_eq!(g.recency, w.recency);
            prop_assert_eq!(g.t, w.t);
            prop_assert!((g.monetary_value - w.monetary_value).abs() <= 1e-9 * (1.0 + w.monetary_value.abs()));
            match (g.holdout, w.holdout) {
                (Some((gf, gm)), Some((wf, wm))) => {
                    prop_assert_eq!(gf, wf);
                    prop_assert!((gm - wm).abs() <= 1e-9 * (1.0 + wm.abs()));
                }
                (None, None) => {}
                other => prop_assert!(false, "holdout mismatch {:?}", other),
            }
        }
    }

    #[test]
    fn the_order_of_the_log_changes_only_the_order_of_the_rows(
        (log, shuffled) in log_strategy().prop_flat_map(|log| (Just(log.clone()), Just(log).prop_shuffle())),
        cal in 0i64..130,
        extra in prop::option::of(0i64..60),
    ) {
        let opts = RfmOptions {
            calibration_end: Some(base() + chrono::Days::new(cal as u64)),
            observation_end: extra.map(|e| base() + chrono::Days::new((cal + e) as u64)),
            unit: TimeUnit::Weeks,
        };
        let (c1, d1, v1) = to_columns(&log);
        let (c2, d2, v2) = to_columns(&shuffled);
        let a = rfm_summary(&c1, &d1, &v1, &opts).unwrap();
        let b = rfm_summary(&c2, &d2, &v2, &opts).unwrap();
        // Bit for bit: sums are taken in a canonical order.
        prop_assert_eq!(rows(&a), rows(&b));
        prop_assert_eq!(a.holdout.map(|h| h.duration), b.holdout.map(|h| h.duration));
    }
}
