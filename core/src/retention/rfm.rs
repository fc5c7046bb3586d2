//! Recency, frequency, age and spend of each customer, from a transaction log.
//!
//! The same numbers as the Python library lifetimes (0.11.3) computes with
//! `summary_data_from_transaction_data` and `calibration_and_holdout_data` at a daily
//! grain (`freq="D"`, `freq_multiplier` 1 for days or 7 for weeks); a conformance test
//! compares the two on the CDNOW sample.

use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::cmp::Ordering;
use std::hash::Hash;

/// The unit of recency, age (`T`) and holdout duration.
///
/// Both count whole calendar days (transactions on one day are one purchase); weeks are
/// days divided by 7, as lifetimes' `freq="D", freq_multiplier=7` does. The default is
/// weeks, the unit of the BG/NBD and Pareto/NBD papers.
///
/// # Example
/// ```
/// use callwise::retention::TimeUnit;
/// assert_eq!(TimeUnit::default(), TimeUnit::Weeks);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Calendar days.
    Days,
    /// Calendar days divided by 7.
    #[default]
    Weeks,
}

impl TimeUnit {
    /// Days per unit.
    fn days(self) -> f64 {
        match self {
            TimeUnit::Days => 1.0,
            TimeUnit::Weeks => 7.0,
        }
    }

    /// The unit's name, as [`TimeUnit::from_str`](std::str::FromStr) reads it: `"days"`
    /// or `"weeks"`.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::TimeUnit;
    /// assert_eq!(TimeUnit::default().as_str(), "weeks");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Days => "days",
            TimeUnit::Weeks => "weeks",
        }
    }
}

impl std::str::FromStr for TimeUnit {
    type Err = Error;

    /// `"days"` or `"weeks"`, as bindings that take the unit as text pass it.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (`unit`) for any other text.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::TimeUnit;
    /// assert_eq!("days".parse::<TimeUnit>().unwrap(), TimeUnit::Days);
    /// assert!("fortnights".parse::<TimeUnit>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<TimeUnit> {
        match text {
            "days" => Ok(TimeUnit::Days),
            "weeks" => Ok(TimeUnit::Weeks),
            other => Err(Error::invalid_argument(
                "unit",
                format!("must be \"days\" or \"weeks\", got {other:?}"),
            )),
        }
    }
}

/// How [`rfm_summary`] cuts the log.
///
/// - `calibration_end`: the last day of the calibration period, inclusive (lifetimes'
///   `calibration_period_end`, or `observation_period_end` when there is no holdout).
///   `None` means the latest date in the log.
/// - `observation_end`: the last day of the holdout period, inclusive. `None` means no
///   holdout: transactions after `calibration_end` are ignored.
/// - `unit`: days or weeks (the default).
///
/// # Example
/// ```
/// use callwise::retention::{RfmOptions, TimeUnit};
/// let options = RfmOptions::default();
/// assert_eq!(options.calibration_end, None);
/// assert_eq!(options.observation_end, None);
/// assert_eq!(options.unit, TimeUnit::Weeks);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
pub struct RfmOptions {
    /// Last day of the calibration period (inclusive); `None`: the latest date in the log.
    pub calibration_end: Option<NaiveDate>,
    /// Last day of the holdout period (inclusive); `None`: no holdout.
    pub observation_end: Option<NaiveDate>,
    /// The unit of recency, `T` and the holdout duration.
    pub unit: TimeUnit,
}

/// What each customer did in the holdout period, row for row with the [`RfmSummary`].
///
/// # Example
/// ```
/// use callwise::retention::{RfmOptions, rfm_summary};
/// let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
/// let options = RfmOptions {
///     calibration_end: Some(day("2024-01-31")),
///     observation_end: Some(day("2024-03-01")),
///     ..RfmOptions::default()
/// };
/// let dates = [day("2024-01-03"), day("2024-02-07"), day("2024-02-07"), day("2024-02-14")];
/// let summary = rfm_summary(&["a"; 4], &dates, &[10.0, 4.0, 6.0, 8.0], &options).unwrap();
/// let holdout = summary.holdout.unwrap();
/// assert_eq!(holdout.frequency, vec![2.0]); // two days with purchases
/// assert_eq!(holdout.monetary_value, vec![6.0]); // mean of 4, 6 and 8: per transaction
/// assert_eq!(holdout.duration, 30.0 / 7.0);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RfmHoldout {
    /// Days with at least one holdout transaction (lifetimes' `frequency_holdout`).
    pub frequency: Vec<f64>,
    /// Mean value of the individual holdout transactions (not of the per-day sums, unlike
    /// the calibration `monetary_value`: lifetimes' `monetary_value_holdout` is computed
    /// that way, and is reproduced as is); 0 for a customer with none.
    pub monetary_value: Vec<f64>,
    /// Length of the holdout period, `observation_end − calibration_end`, in the unit.
    pub duration: f64,
}

/// Each customer's frequency, recency, age and spend over the calibration period, as
/// columns, and optionally what they did in the holdout period.
///
/// Rows are in the order in which customers first appear in the input (counting the
/// transactions up to the end of the holdout period, or of the calibration period when
/// there is none). lifetimes sorts by id instead: join on `customer_id`.
///
/// # Example
/// ```
/// use callwise::retention::{RfmOptions, TimeUnit, rfm_summary};
/// let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
/// let options = RfmOptions { unit: TimeUnit::Days, ..RfmOptions::default() };
/// let s = rfm_summary(&[7, 3, 7], &[day("2024-03-01"), day("2024-03-02"), day("2024-03-05")], &[1.0, 2.0, 3.0], &options).unwrap();
/// assert_eq!(s.customer_id, vec![7, 3]); // first appearance, not sorted
/// assert_eq!((s.frequency[0], s.recency[0], s.t[0], s.monetary_value[0]), (1.0, 4.0, 4.0, 3.0));
/// assert_eq!((s.frequency[1], s.recency[1], s.t[1], s.monetary_value[1]), (0.0, 0.0, 3.0, 0.0));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RfmSummary<K> {
    /// The customers, one per row.
    pub customer_id: Vec<K>,
    /// Repeat purchases: days with a purchase, less the first (a whole number).
    pub frequency: Vec<f64>,
    /// Time from the first purchase day to the last, in the unit.
    pub recency: Vec<f64>,
    /// Age: time from the first purchase day to the end of calibration ("T"), in the unit.
    pub t: Vec<f64>,
    /// Mean of the per-day spend over the repeat purchase days (the first day left out);
    /// 0 when there is no repeat purchase.
    pub monetary_value: Vec<f64>,
    /// The holdout period, when [`RfmOptions::observation_end`] is set.
    pub holdout: Option<RfmHoldout>,
}

/// One transaction, grouped by customer.
#[derive(Clone, Copy)]
struct Tx {
    day: i32,
    value: f64,
}

/// A customer's entry in the id map: their row and transaction counts.
struct Slot {
    index: u32,
    calibration: u32,
    holdout: u32,
}

/// No customer: a row after the last day used, or a customer with no calibration
/// transaction.
const NONE: u32 = u32::MAX;

fn invalid(name: &'static str, reason: String) -> Error {
    Error::invalid_argument(name, reason)
}

fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

/// Prefix sums of `counts` (whose total fits in `u32`): customer `c`'s rows are
/// `offsets[c]..offsets[c + 1]`.
fn offsets(counts: &[u32]) -> Vec<u32> {
    let mut offsets = Vec::with_capacity(counts.len() + 1);
    let mut total = 0u32;
    offsets.push(0);
    for &c in counts {
        total += c;
        offsets.push(total);
    }
    offsets
}

/// One customer's transactions, `offsets[c]..offsets[c + 1]`.
fn group<'a>(txs: &'a mut [Tx], offsets: &[u32], c: usize) -> &'a mut [Tx] {
    &mut txs[offsets[c] as usize..offsets[c + 1] as usize]
}

/// Sorts one customer's transactions by day, then value, so that sums do not depend on
/// the order of the input. Logs in date order are already sorted.
fn sort_group(txs: &mut [Tx]) {
    let order = |a: &Tx, b: &Tx| a.day.cmp(&b.day).then_with(|| a.value.total_cmp(&b.value));
    if !txs.is_sorted_by(|a, b| order(a, b) != Ordering::Greater) {
        txs.sort_unstable_by(order);
    }
}

/// Summarises a transaction log (one row per transaction: customer, date, value) into
/// each customer's RFM summary, as lifetimes 0.11.3 does at a daily grain.
///
/// - Transactions on one day are one purchase, worth the sum of their values.
/// - The calibration period is every date up to [`RfmOptions::calibration_end`]
///   (default: the latest date in the log). A customer is summarised iff they have a
///   transaction in it. Rows are in the order in which customers first appear in the
///   input, counting the transactions up to the last day used (`observation_end`, or
///   `calibration_end` without a holdout); lifetimes sorts by id instead.
/// - `frequency` = purchase days − 1; `recency` = last − first purchase day;
///   `t` = calibration end − first purchase day (in days, or days / 7 for weeks);
///   `monetary_value` = mean of the per-day sums of the repeat days, 0 when
///   `frequency` is 0.
/// - With [`RfmOptions::observation_end`], the holdout period is
///   `calibration_end < date <= observation_end`; see [`RfmHoldout`]. Customers whose
///   first transaction is in the holdout period are not summarised (lifetimes drops
///   them too). Without it, transactions after `calibration_end` are ignored.
///
/// The result does not depend on the order of the transactions except for the order of
/// the rows. Negative values (refunds) are allowed. An empty log gives an empty summary
/// (and, when `observation_end` is set but `calibration_end` is not, a holdout of
/// duration 0).
///
/// # Errors
/// [`Error::InvalidArgument`] when the slices differ in length, a value is not finite
/// (naming its row), a customer's spend sums past the range of `f64`, the log holds
/// more than `u32::MAX - 1` transactions, or `observation_end` is before the
/// calibration end.
///
/// # Example
/// ```
/// use callwise::retention::{RfmOptions, TimeUnit, rfm_summary};
/// let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
/// let customers = ["ann", "bob", "ann", "ann", "ann"];
/// let dates = [day("2024-01-01"), day("2024-01-02"), day("2024-01-08"), day("2024-01-08"), day("2024-01-15")];
/// let values = [20.0, 5.0, 10.0, 2.0, 30.0];
/// let options = RfmOptions { calibration_end: Some(day("2024-01-29")), unit: TimeUnit::Days, ..RfmOptions::default() };
/// let s = rfm_summary(&customers, &dates, &values, &options).unwrap();
/// assert_eq!(s.customer_id, vec!["ann", "bob"]);
/// assert_eq!(s.frequency, vec![2.0, 0.0]); // ann bought on 3 days
/// assert_eq!(s.recency, vec![14.0, 0.0]);
/// assert_eq!(s.t, vec![28.0, 27.0]);
/// assert_eq!(s.monetary_value, vec![21.0, 0.0]); // (10 + 2 + 30) / 2
/// assert!(s.holdout.is_none());
///
/// let err = rfm_summary(&customers, &dates, &[1.0, f64::NAN, 1.0, 1.0, 1.0], &options).unwrap_err();
/// assert!(err.to_string().contains("row 1"));
/// ```
pub fn rfm_summary<K: Clone + Eq + Hash>(
    customer_ids: &[K],
    dates: &[NaiveDate],
    values: &[f64],
    options: &RfmOptions,
) -> Result<RfmSummary<K>> {
    let n = customer_ids.len();
    if dates.len() != n {
        return Err(invalid(
            "dates",
            format!("has {} rows but `customer_ids` has {n}", dates.len()),
        ));
    }
    if values.len() != n {
        return Err(invalid(
            "values",
            format!("has {} rows but `customer_ids` has {n}", values.len()),
        ));
    }
    if n >= NONE as usize {
        return Err(invalid(
            "customer_ids",
            format!("{n} transactions; at most {} are supported", NONE - 1),
        ));
    }
    if let (Some(cal), Some(obs)) = (options.calibration_end, options.observation_end)
        && obs < cal
    {
        return Err(invalid(
            "observation_end",
            format!("{obs} is before calibration_end {cal}"),
        ));
    }

    let mut days = Vec::with_capacity(n);
    let mut latest = i32::MIN;
    for (i, (date, value)) in dates.iter().zip(values).enumerate() {
        if !value.is_finite() {
            return Err(invalid(
                "values",
                format!("row {i}: must be finite, got {value}"),
            ));
        }
        let day = day_number(*date);
        latest = latest.max(day);
        days.push(day);
    }

    let unit = options.unit.days();
    let cal_end = match options.calibration_end {
        Some(date) => Some(day_number(date)),
        None if n > 0 => Some(latest),
        None => None,
    };
    let obs_end = options.observation_end.map(day_number);
    if let (None, Some(cal), Some(date)) =
        (options.calibration_end, cal_end, options.observation_end)
        && day_number(date) < cal
    {
        return Err(invalid(
            "observation_end",
            format!("{date} is before the latest transaction date (the calibration end)"),
        ));
    }
    let Some(cal_end) = cal_end else {
        // An empty log and no calibration end.
        return Ok(RfmSummary {
            customer_id: Vec::new(),
            frequency: Vec::new(),
            recency: Vec::new(),
            t: Vec::new(),
            monetary_value: Vec::new(),
            holdout: obs_end.map(|_| RfmHoldout {
                frequency: Vec::new(),
                monetary_value: Vec::new(),
                duration: 0.0,
            }),
        });
    };

    // One pass numbers the customers in order of first appearance among the rows used
    // and counts each one's transactions in each period. The map owns a clone of each
    // distinct key (comparing with a borrowed one would cost a cache miss into `customer_ids`
    // on every look-up) and keeps the counts next to it (the entry is in cache already).
    let end = obs_end.map_or(cal_end, |obs| obs.max(cal_end));
    let mut index: FxHashMap<K, Slot> = FxHashMap::default();
    let mut row_customer = vec![NONE; n];
    for (i, key) in customer_ids.iter().enumerate() {
        if days[i] > end {
            continue;
        }
        let calibration = u32::from(days[i] <= cal_end);
        let holdout = 1 - calibration;
        row_customer[i] = match index.get_mut(key) {
            Some(slot) => {
                slot.calibration += calibration;
                slot.holdout += holdout;
                slot.index
            }
            None => {
                let c = index.len() as u32;
                let slot = Slot {
                    index: c,
                    calibration,
                    holdout,
                };
                index.insert(key.clone(), slot);
                c
            }
        };
    }

    // Keep the customers with a calibration transaction, in that order.
    let mut seen: Vec<Option<(K, u32, u32)>> = vec![None; index.len()];
    for (key, slot) in index {
        seen[slot.index as usize] = Some((key, slot.calibration, slot.holdout));
    }
    let mut renumber = vec![NONE; seen.len()];
    let mut customer_id = Vec::new();
    let mut cal_counts = Vec::new();
    let mut hold_counts = Vec::new();
    for (p, entry) in seen.into_iter().enumerate() {
        if let Some((key, calibration, holdout)) = entry
            && calibration > 0
        {
            renumber[p] = customer_id.len() as u32;
            customer_id.push(key);
            cal_counts.push(calibration);
            hold_counts.push(holdout);
        }
    }
    let m = customer_id.len();

    // Group the transactions by customer (a counting sort, stable).
    let cal_offsets = offsets(&cal_counts);
    let hold_offsets = offsets(&hold_counts);
    let mut cal_next = cal_offsets.clone();
    let mut hold_next = hold_offsets.clone();
    let empty = Tx { day: 0, value: 0.0 };
    let mut cal = vec![empty; cal_offsets[m] as usize];
    let mut hold = vec![empty; hold_offsets[m] as usize];
    let renumbered = m < renumber.len();
    for i in 0..n {
        let mut c = row_customer[i];
        if c == NONE {
            continue; // a row after the end
        }
        if renumbered {
            c = renumber[c as usize];
            if c == NONE {
                continue; // a customer with holdout transactions only
            }
        }
        let tx = Tx {
            day: days[i],
            value: values[i],
        };
        let c = c as usize;
        if days[i] <= cal_end {
            cal[cal_next[c] as usize] = tx;
            cal_next[c] += 1;
        } else {
            hold[hold_next[c] as usize] = tx;
            hold_next[c] += 1;
        }
    }
    drop(row_customer);
    drop(days);

    let mut frequency = Vec::with_capacity(m);
    let mut recency = Vec::with_capacity(m);
    let mut t = Vec::with_capacity(m);
    let mut monetary_value = Vec::with_capacity(m);
    for c in 0..m {
        let txs = group(&mut cal, &cal_offsets, c);
        sort_group(txs);
        let first = txs[0].day;
        let mut purchase_days = 0u64;
        let mut repeat_spend = 0.0;
        let mut last_day = first;
        let mut i = 0;
        while i < txs.len() {
            let day = txs[i].day;
            let mut spend = 0.0;
            while i < txs.len() && txs[i].day == day {
                spend += txs[i].value;
                i += 1;
            }
            if purchase_days > 0 {
                repeat_spend += spend;
            }
            purchase_days += 1;
            last_day = day;
        }
        let repeats = purchase_days - 1;
        frequency.push(repeats as f64);
        recency.push(f64::from(last_day - first) / unit);
        t.push((i64::from(cal_end) - i64::from(first)) as f64 / unit);
        monetary_value.push(if repeats > 0 {
            repeat_spend / repeats as f64
        } else {
            0.0
        });
    }

    let holdout = obs_end.map(|obs_end| {
        let mut frequency = Vec::with_capacity(m);
        let mut monetary_value = Vec::with_capacity(m);
        for c in 0..m {
            let txs = group(&mut hold, &hold_offsets, c);
            sort_group(txs);
            let mut purchase_days = 0u64;
            let mut spend = 0.0;
            for (i, tx) in txs.iter().enumerate() {
                if i == 0 || tx.day != txs[i - 1].day {
                    purchase_days += 1;
                }
                spend += tx.value;
            }
            frequency.push(purchase_days as f64);
            monetary_value.push(if txs.is_empty() {
                0.0
            } else {
                spend / txs.len() as f64
            });
        }
        RfmHoldout {
            frequency,
            monetary_value,
            duration: (i64::from(obs_end) - i64::from(cal_end)) as f64 / unit,
        }
    });

    // Finite values can still sum past f64's range (and +∞ + −∞ is NaN).
    let overflowed = monetary_value
        .iter()
        .chain(holdout.iter().flat_map(|h| &h.monetary_value))
        .any(|v| !v.is_finite());
    if overflowed {
        return Err(invalid(
            "values",
            "a customer's spend overflows (values too large to sum)".to_string(),
        ));
    }
    Ok(RfmSummary {
        customer_id,
        frequency,
        recency,
        t,
        monetary_value,
        holdout,
    })
}
