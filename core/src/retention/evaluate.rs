//! Scoring predictions against what happened: discrimination (AUC, gains and lift),
//! calibration (Brier score, calibration table) and, for purchase counts, the
//! calibration-period-frequency comparison of predicted and actual holdout purchases.
//!
//! Every function checks its input and returns [`Error::InvalidArgument`] naming the
//! argument and the row rather than panicking or returning NaN.
//!
//! # Example
//! ```
//! use callwise::retention::evaluate;
//! let scores = [0.9, 0.8, 0.3, 0.1];
//! let lapsed = [true, false, true, false];
//! assert_eq!(evaluate::auc(&scores, &lapsed).unwrap(), 0.75);
//! assert!((evaluate::brier_score(&scores, &lapsed).unwrap() - 0.2875).abs() < 1e-12);
//! ```

use crate::{Error, Result};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The most bins [`calibration_table`] makes.
const MAX_BINS: usize = 1 << 20;

/// The bins of a [`calibration_table`] unless the caller says otherwise: ten, each a
/// tenth of [0, 1]. Every binding's default for `bins`.
///
/// # Example
/// ```
/// use callwise::retention::evaluate::{DEFAULT_BINS, calibration_table};
/// let table = calibration_table(&[0.05, 0.95], &[false, true], DEFAULT_BINS).unwrap();
/// assert_eq!((table[0].upper, table.len()), (0.1, 10));
/// ```
pub const DEFAULT_BINS: usize = 10;

/// The groups of a [`gains_table`] unless the caller says otherwise: deciles. Every
/// binding's default for `groups`.
///
/// # Example
/// ```
/// use callwise::retention::evaluate::{DEFAULT_GROUPS, gains_table};
/// let scores: Vec<f64> = (0..100).map(|i| f64::from(i) / 100.0).collect();
/// let lapsed: Vec<bool> = (0..100).map(|i| i >= 90).collect();
/// let table = gains_table(&scores, &lapsed, DEFAULT_GROUPS).unwrap();
/// assert_eq!((table.len(), table[0].gain), (10, 1.0)); // the top decile holds every lapse
/// ```
pub const DEFAULT_GROUPS: usize = 10;

/// The last calibration frequency [`compare_holdout`] gives a bucket of its own unless
/// the caller says otherwise: 7, as lifetimes' `plot_calibration_purchases_vs_holdout_purchases`
/// (`n=7`). Every binding's default for `max_frequency`.
///
/// # Example
/// ```
/// use callwise::retention::evaluate::{DEFAULT_MAX_FREQUENCY, compare_holdout};
/// let c = compare_holdout(&[0.0, 7.0, 12.0], &[0.1, 5.0, 9.0], &[0.0, 6.0, 8.0], DEFAULT_MAX_FREQUENCY).unwrap();
/// assert_eq!(c.by_frequency.last().unwrap().customers, 2); // 7 and 12 share the last bucket
/// ```
pub const DEFAULT_MAX_FREQUENCY: u32 = 7;

fn invalid(name: &'static str, reason: String) -> Error {
    Error::invalid_argument(name, reason)
}

fn check_same_length(name: &'static str, len: usize, first: &'static str, n: usize) -> Result<()> {
    if len != n {
        return Err(invalid(
            name,
            format!("has {len} rows but `{first}` has {n}"),
        ));
    }
    Ok(())
}

fn check_finite(name: &'static str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(i) => Err(invalid(
            name,
            format!("row {i}: must be finite, got {}", values[i]),
        )),
        None => Ok(()),
    }
}

fn check_probabilities(name: &'static str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !(0.0..=1.0).contains(v)) {
        Some(i) => Err(invalid(
            name,
            format!(
                "row {i}: must be a probability in [0, 1], got {}",
                values[i]
            ),
        )),
        None => Ok(()),
    }
}

/// Descending by score; equal scores (including 0 and −0) compare equal.
fn descending(a: f64, b: f64) -> Ordering {
    b.partial_cmp(&a).unwrap_or(Ordering::Equal)
}

/// The area under the ROC curve: the probability that a random positive scores higher
/// than a random negative, ties counting one half (the Mann–Whitney U statistic divided
/// by positives × negatives).
///
/// 0.5 is no better than chance; 1.0 ranks every positive above every negative.
///
/// # Errors
/// [`Error::InvalidArgument`] when the slices differ in length, a score is not finite,
/// or `outcomes` has no `true` or no `false`.
///
/// # Example
/// ```
/// use callwise::retention::evaluate::auc;
/// assert_eq!(auc(&[0.9, 0.7, 0.2], &[true, false, false]).unwrap(), 1.0);
/// assert_eq!(auc(&[0.5, 0.5], &[true, false]).unwrap(), 0.5); // a tie counts half
/// assert!(auc(&[0.5, 0.4], &[true, true]).is_err()); // no negative
/// ```
pub fn auc(scores: &[f64], outcomes: &[bool]) -> Result<f64> {
    let n = scores.len();
    check_same_length("outcomes", outcomes.len(), "scores", n)?;
    check_finite("scores", scores)?;
    let positives = outcomes.iter().filter(|&&o| o).count() as u64;
    let negatives = n as u64 - positives;
    if positives == 0 || negatives == 0 {
        return Err(invalid(
            "outcomes",
            format!("needs both outcomes; has {positives} true and {negatives} false"),
        ));
    }
    // Ascending by score.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_unstable_by(|&a, &b| descending(scores[b], scores[a]));
    // Twice U: for each tie group, 2 × positives × negatives below + positives × negatives in it.
    let mut twice_u: u128 = 0;
    let mut negatives_below: u128 = 0;
    let mut group_score = f64::NAN;
    let (mut group_pos, mut group_neg) = (0u128, 0u128);
    for i in order {
        let s = scores[i];
        if s != group_score {
            twice_u += 2 * group_pos * negatives_below + group_pos * group_neg;
            negatives_below += group_neg;
            group_score = s;
            group_pos = 0;
            group_neg = 0;
        }
        if outcomes[i] {
            group_pos += 1;
        } else {
            group_neg += 1;
        }
    }
    twice_u += 2 * group_pos * negatives_below + group_pos * group_neg;
    Ok(twice_u as f64 / (2.0 * positives as f64 * negatives as f64))
}

/// The Brier score: the mean squared difference between each predicted probability and
/// the outcome (1 for `true`, 0 for `false`). 0 is perfect; always predicting 0.5 scores
/// 0.25.
///
/// # Errors
/// [`Error::InvalidArgument`] when the slices differ in length or are empty, or a
/// probability is not in `[0, 1]`.
///
/// # Example
/// ```
/// use callwise::retention::evaluate::brier_score;
/// assert_eq!(brier_score(&[1.0, 0.0], &[true, false]).unwrap(), 0.0);
/// assert_eq!(brier_score(&[0.5, 0.5], &[true, false]).unwrap(), 0.25);
/// assert!(brier_score(&[1.5], &[true]).is_err());
/// ```
pub fn brier_score(probabilities: &[f64], outcomes: &[bool]) -> Result<f64> {
    let n = probabilities.len();
    check_same_length("outcomes", outcomes.len(), "probabilities", n)?;
    if n == 0 {
        return Err(invalid("probabilities", "is empty".to_string()));
    }
    check_probabilities("probabilities", probabilities)?;
    let total: f64 = probabilities
        .iter()
        .zip(outcomes)
        .map(|(&p, &o)| {
            let d = p - if o { 1.0 } else { 0.0 };
            d * d
        })
        .sum();
    Ok(total / n as f64)
}

/// One bin of a [`calibration_table`]: the predictions in `[lower, upper)` (the last bin
/// also holds 1.0), how many, their mean and the share that came true.
///
/// # Example
/// See [`calibration_table`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CalibrationBin {
    /// Lower edge (inclusive).
    pub lower: f64,
    /// Upper edge (exclusive, except 1.0 in the last bin).
    pub upper: f64,
    /// Predictions in the bin.
    pub count: u64,
    /// Mean predicted probability in the bin (0 when the bin is empty).
    pub mean_predicted: f64,
    /// Share of the bin's outcomes that are `true` (0 when the bin is empty).
    pub observed_rate: f64,
}

/// Reliability table: predictions grouped into `bins` equal-width bins on `[0, 1]`, each
/// with its mean prediction and the observed rate. Well-calibrated predictions have
/// `mean_predicted ≈ observed_rate` in every bin.
///
/// Every bin is listed, in increasing order; an empty bin has `count` 0 and
/// `mean_predicted` and `observed_rate` 0.0. A probability of exactly 1.0 falls into the
/// last bin. Empty input gives `bins` empty bins.
///
/// # Errors
/// [`Error::InvalidArgument`] when the slices differ in length, a probability is not in
/// `[0, 1]`, or `bins` is 0 or more than 1,048,576.
///
/// # Example
/// ```
/// use callwise::retention::evaluate::calibration_table;
/// let table = calibration_table(&[0.1, 0.2, 0.7, 1.0], &[false, true, true, true], 2).unwrap();
/// assert_eq!(table.len(), 2);
/// assert_eq!((table[0].lower, table[0].upper, table[0].count), (0.0, 0.5, 2));
/// assert!((table[0].mean_predicted - 0.15).abs() < 1e-12);
/// assert_eq!(table[0].observed_rate, 0.5);
/// assert_eq!((table[1].count, table[1].observed_rate), (2, 1.0));
/// ```
pub fn calibration_table(
    probabilities: &[f64],
    outcomes: &[bool],
    bins: usize,
) -> Result<Vec<CalibrationBin>> {
    let n = probabilities.len();
    check_same_length("outcomes", outcomes.len(), "probabilities", n)?;
    if bins == 0 || bins > MAX_BINS {
        return Err(invalid(
            "bins",
            format!("must be between 1 and {MAX_BINS}, got {bins}"),
        ));
    }
    check_probabilities("probabilities", probabilities)?;
    let edge = |i: usize| i as f64 / bins as f64;
    let mut counts = vec![0u64; bins];
    let mut sums = vec![0.0f64; bins];
    let mut trues = vec![0u64; bins];
    for (&p, &o) in probabilities.iter().zip(outcomes) {
        // The nearest bin by arithmetic, moved by one where rounding put p outside its edges.
        let mut b = ((p * bins as f64) as usize).min(bins - 1);
        if b > 0 && p < edge(b) {
            b -= 1;
        } else if b + 1 < bins && p >= edge(b + 1) {
            b += 1;
        }
        counts[b] += 1;
        sums[b] += p;
        trues[b] += u64::from(o);
    }
    Ok((0..bins)
        .map(|b| {
            let count = counts[b];
            let (mean_predicted, observed_rate) = if count == 0 {
                (0.0, 0.0)
            } else {
                (sums[b] / count as f64, trues[b] as f64 / count as f64)
            };
            CalibrationBin {
                lower: edge(b),
                upper: edge(b + 1),
                count,
                mean_predicted,
                observed_rate,
            }
        })
        .collect())
}

/// One group of a [`gains_table`], with the cumulative figures down to it.
///
/// # Example
/// See [`gains_table`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GainsRow {
    /// 1 for the highest scores.
    pub group: u32,
    /// Share of all rows in this group and those above it.
    pub fraction_targeted: f64,
    /// Rows in this group.
    pub count: u64,
    /// Positive outcomes in this group.
    pub positives: u64,
    /// Positive outcomes in this group and those above it.
    pub cumulative_positives: u64,
    /// Share of all positives caught by targeting down to this group.
    pub gain: f64,
    /// Rate of positives down to this group divided by the overall rate (1 = no better
    /// than random targeting).
    pub lift: f64,
}

/// Cumulative gains and lift: rows sorted by score, highest first (equal scores keep
/// their input order), cut into `groups` groups as equal in size as possible (the first
/// groups get one more row when the rows do not divide evenly; 10 groups are deciles).
///
/// The last row always has `gain` 1 and `lift` 1.
///
/// # Errors
/// [`Error::InvalidArgument`] when the slices differ in length, a score is not finite,
/// `outcomes` has no `true`, or `groups` is 0 or more than the number of rows.
///
/// # Example
/// ```
/// use callwise::retention::evaluate::gains_table;
/// let scores = [0.9, 0.1, 0.8, 0.4, 0.3];
/// let lapsed = [true, false, true, false, false];
/// let table = gains_table(&scores, &lapsed, 2).unwrap();
/// assert_eq!(table[0].count, 3); // 0.9, 0.8, 0.4
/// assert_eq!(table[0].cumulative_positives, 2);
/// assert_eq!(table[0].gain, 1.0);
/// assert!((table[0].lift - (2.0 / 3.0) / (2.0 / 5.0)).abs() < 1e-12);
/// assert_eq!((table[1].count, table[1].gain, table[1].lift), (2, 1.0, 1.0));
/// ```
pub fn gains_table(scores: &[f64], outcomes: &[bool], groups: usize) -> Result<Vec<GainsRow>> {
    let n = scores.len();
    check_same_length("outcomes", outcomes.len(), "scores", n)?;
    check_finite("scores", scores)?;
    let total_positives = outcomes.iter().filter(|&&o| o).count() as u64;
    if total_positives == 0 {
        return Err(invalid("outcomes", "has no true outcome".to_string()));
    }
    if groups == 0 || groups > n || groups > u32::MAX as usize {
        return Err(invalid(
            "groups",
            format!("must be between 1 and the number of rows ({n}), got {groups}"),
        ));
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| descending(scores[a], scores[b]));
    let base_rate = total_positives as f64 / n as f64;
    let (size, extra) = (n / groups, n % groups);
    let mut rows = Vec::with_capacity(groups);
    let mut start = 0;
    let mut cumulative_positives = 0u64;
    for g in 0..groups {
        let count = size + usize::from(g < extra);
        let positives = order[start..start + count]
            .iter()
            .filter(|&&i| outcomes[i])
            .count() as u64;
        start += count;
        cumulative_positives += positives;
        rows.push(GainsRow {
            group: g as u32 + 1,
            fraction_targeted: start as f64 / n as f64,
            count: count as u64,
            positives,
            cumulative_positives,
            gain: cumulative_positives as f64 / total_positives as f64,
            lift: (cumulative_positives as f64 / start as f64) / base_rate,
        });
    }
    Ok(rows)
}

/// Predicted and actual holdout purchases of the customers with one calibration
/// frequency (see [`compare_holdout`]).
///
/// # Example
/// See [`compare_holdout`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FrequencyBucket {
    /// The calibration frequency; the last bucket (`max_frequency`) also holds every
    /// customer above it.
    pub frequency: u32,
    /// Customers in the bucket.
    pub customers: u64,
    /// Their mean predicted holdout purchases.
    pub mean_predicted: f64,
    /// Their mean actual holdout purchases.
    pub mean_actual: f64,
}

/// Predicted against actual holdout purchases, overall and by calibration frequency.
///
/// # Example
/// See [`compare_holdout`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HoldoutComparison {
    /// Customers compared.
    pub customers: u64,
    /// Sum of the predictions.
    pub predicted_total: f64,
    /// Sum of the actual purchases.
    pub actual_total: f64,
    /// Mean of `|predicted − actual|`.
    pub mean_absolute_error: f64,
    /// Square root of the mean of `(predicted − actual)²`.
    pub root_mean_squared_error: f64,
    /// By calibration frequency, increasing; buckets without customers are left out.
    pub by_frequency: Vec<FrequencyBucket>,
}

/// Compares each customer's predicted holdout purchases with the actual ones, overall and
/// grouped by calibration frequency: the table behind lifetimes'
/// `plot_calibration_purchases_vs_holdout_purchases`.
///
/// Customers are bucketed by calibration frequency `0..=max_frequency`, the last bucket
/// collecting every frequency `>= max_frequency`. Only buckets with customers are listed,
/// as pandas' `groupby` does.
///
/// # Errors
/// [`Error::InvalidArgument`] when the slices differ in length or are empty, a value is
/// not finite, or a calibration frequency is not a whole number `>= 0`.
///
/// # Example
/// ```
/// use callwise::retention::evaluate::compare_holdout;
/// let frequency = [0.0, 0.0, 1.0, 5.0, 9.0];
/// let predicted = [0.2, 0.4, 1.0, 3.0, 6.0];
/// let actual = [0.0, 1.0, 1.0, 2.0, 7.0];
/// let c = compare_holdout(&frequency, &predicted, &actual, 4).unwrap();
/// assert_eq!(c.customers, 5);
/// assert!((c.predicted_total - 10.6).abs() < 1e-12);
/// assert_eq!(c.actual_total, 11.0);
/// let buckets: Vec<(u32, u64)> = c.by_frequency.iter().map(|b| (b.frequency, b.customers)).collect();
/// assert_eq!(buckets, vec![(0, 2), (1, 1), (4, 2)]); // 5 and 9 go to the last bucket
/// assert!((c.by_frequency[0].mean_predicted - 0.3).abs() < 1e-12);
/// assert_eq!(c.by_frequency[2].mean_actual, 4.5);
/// ```
pub fn compare_holdout(
    calibration_frequency: &[f64],
    predicted: &[f64],
    actual: &[f64],
    max_frequency: u32,
) -> Result<HoldoutComparison> {
    let n = calibration_frequency.len();
    check_same_length("predicted", predicted.len(), "calibration_frequency", n)?;
    check_same_length("actual", actual.len(), "calibration_frequency", n)?;
    if n == 0 {
        return Err(invalid("calibration_frequency", "is empty".to_string()));
    }
    if let Some(i) = calibration_frequency
        .iter()
        .position(|f| !f.is_finite() || *f < 0.0 || f.fract() != 0.0)
    {
        return Err(invalid(
            "calibration_frequency",
            format!(
                "row {i}: must be a whole number >= 0, got {}",
                calibration_frequency[i]
            ),
        ));
    }
    check_finite("predicted", predicted)?;
    check_finite("actual", actual)?;

    let mut buckets: BTreeMap<u32, (u64, f64, f64)> = BTreeMap::new();
    let (mut predicted_total, mut actual_total) = (0.0, 0.0);
    let (mut absolute, mut squared) = (0.0, 0.0);
    for i in 0..n {
        let (p, a) = (predicted[i], actual[i]);
        predicted_total += p;
        actual_total += a;
        absolute += (p - a).abs();
        squared += (p - a) * (p - a);
        let f = calibration_frequency[i];
        let key = if f >= f64::from(max_frequency) {
            max_frequency
        } else {
            f as u32
        };
        let bucket = buckets.entry(key).or_insert((0, 0.0, 0.0));
        bucket.0 += 1;
        bucket.1 += p;
        bucket.2 += a;
    }
    let count = n as f64;
    Ok(HoldoutComparison {
        customers: n as u64,
        predicted_total,
        actual_total,
        mean_absolute_error: absolute / count,
        root_mean_squared_error: (squared / count).sqrt(),
        by_frequency: buckets
            .into_iter()
            .map(|(frequency, (customers, p, a))| FrequencyBucket {
                frequency,
                customers,
                mean_predicted: p / customers as f64,
                mean_actual: a / customers as f64,
            })
            .collect(),
    })
}
