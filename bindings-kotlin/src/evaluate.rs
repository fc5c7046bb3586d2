//! Core's Kaplan–Meier retention curves (`callwise::retention::{KaplanMeier,
//! kaplan_meier_by_cohort}`) and its scoring of predictions against what happened
//! (`callwise::retention::evaluate`: AUC, Brier score, calibration, gains and lift,
//! holdout comparison).
//!
//! Every bad input is `CallwiseException.InvalidArgument` naming core's argument and the
//! row. Nothing here computes anything: each function converts its arguments, calls
//! core and converts the answer.
//!
//! The result records are core's own structs, declared to UniFFI with
//! `#[uniffi::remote(Record)]`: the declaration must list core's fields, so a field added
//! in core is a compile error here until it is declared.

use crate::CallwiseError;
use callwise::retention::evaluate::{
    self, CalibrationBin, FrequencyBucket, GainsRow, HoldoutComparison,
};
use callwise::retention::{self as cw, KaplanMeierPoint};
use std::sync::Arc;

/// One step of a [`KaplanMeier`] curve (core's `KaplanMeierPoint`).
#[uniffi::remote(Record)]
pub struct KaplanMeierPoint {
    /// The tenure (duration) of the step.
    pub time: f64,
    /// Members still observed just before `time` (those lapsing or censored at `time`
    /// included).
    pub at_risk: u64,
    /// Members lapsing at `time`.
    pub events: u64,
    /// Members censored (still active when last seen) at `time`.
    pub censored: u64,
    /// The estimated share surviving beyond `time`.
    pub survival: f64,
    /// Standard error of `survival` by Greenwood's formula; 0 once `survival` is 0.
    pub std_error: f64,
}

/// A Kaplan–Meier retention curve: the product-limit estimate of the survival function,
/// with Greenwood standard errors (core's `callwise::retention::KaplanMeier`). Immutable.
#[derive(Debug, uniffi::Object)]
pub struct KaplanMeier(cw::KaplanMeier);

#[uniffi::export]
impl KaplanMeier {
    /// The curve of one duration per member and whether the member lapsed at it (`true`:
    /// lapsed; `false`: censored, still active when last seen). Empty input gives a curve
    /// with no points.
    ///
    /// # Errors
    /// `InvalidArgument` when the lists differ in length or a duration is negative or not
    /// finite (naming the row).
    #[uniffi::constructor]
    pub fn fit(durations: Vec<f64>, lapsed: Vec<bool>) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(Self(cw::KaplanMeier::fit(&durations, &lapsed)?)))
    }

    /// The steps of the curve, one per distinct duration, in increasing time.
    pub fn points(&self) -> Vec<KaplanMeierPoint> {
        self.0.points().to_vec()
    }

    /// The estimated share surviving beyond `t`: a right-continuous step function, 1.0
    /// before the first event, the last value beyond the last point.
    ///
    /// # Errors
    /// `InvalidArgument` when `t` is NaN.
    pub fn survival_at(&self, t: f64) -> Result<f64, CallwiseError> {
        Ok(self.0.survival_at(t)?)
    }
}

/// One cohort's curve, from [`kaplan_meier_by_cohort`].
#[derive(Debug, Clone, uniffi::Record)]
pub struct CohortCurve {
    /// The cohort.
    pub cohort: String,
    /// Its curve.
    pub curve: Arc<KaplanMeier>,
}

/// One Kaplan–Meier curve per cohort (a joining year, a plan, a region), row `i` of the
/// three lists being one member; cohorts in the order they first appear in `cohorts`
/// (core's order, the same as Python's whatever type holds the cohorts there).
///
/// # Errors
/// `InvalidArgument` when the lists differ in length or a duration is negative or not
/// finite (naming the row).
#[uniffi::export]
pub fn kaplan_meier_by_cohort(
    cohorts: Vec<String>,
    durations: Vec<f64>,
    lapsed: Vec<bool>,
) -> Result<Vec<CohortCurve>, CallwiseError> {
    Ok(cw::kaplan_meier_by_cohort(&cohorts, &durations, &lapsed)?
        .into_iter()
        .map(|(cohort, curve)| CohortCurve {
            cohort,
            curve: Arc::new(KaplanMeier(curve)),
        })
        .collect())
}

/// The area under the ROC curve: the probability that a random positive scores higher
/// than a random negative, ties counting one half (core's `evaluate::auc`).
///
/// # Errors
/// `InvalidArgument` when the lists differ in length, a score is not finite, or
/// `outcomes` has no `true` or no `false`.
#[uniffi::export]
pub fn auc(scores: Vec<f64>, outcomes: Vec<bool>) -> Result<f64, CallwiseError> {
    Ok(evaluate::auc(&scores, &outcomes)?)
}

/// The Brier score: the mean squared difference between each predicted probability and
/// the outcome (1 for `true`, 0 for `false`); core's `evaluate::brier_score`.
///
/// # Errors
/// `InvalidArgument` when the lists differ in length or are empty, or a probability is
/// not in `[0, 1]`.
#[uniffi::export]
pub fn brier_score(probabilities: Vec<f64>, outcomes: Vec<bool>) -> Result<f64, CallwiseError> {
    Ok(evaluate::brier_score(&probabilities, &outcomes)?)
}

/// One bin of a [`calibration_table`] (core's `evaluate::CalibrationBin`).
#[uniffi::remote(Record)]
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

/// Reliability table: predictions grouped into `bins` equal-width bins on `[0, 1]`
/// (`null`: core's `DEFAULT_BINS`, 10), every bin listed in increasing order (core's
/// `evaluate::calibration_table`).
///
/// # Errors
/// `InvalidArgument` when the lists differ in length, a probability is not in `[0, 1]`,
/// or `bins` is 0 or more than 1,048,576.
#[uniffi::export(default(bins = None))]
pub fn calibration_table(
    probabilities: Vec<f64>,
    outcomes: Vec<bool>,
    bins: Option<u32>,
) -> Result<Vec<CalibrationBin>, CallwiseError> {
    let bins = bins.map_or(evaluate::DEFAULT_BINS, |b| b as usize);
    Ok(evaluate::calibration_table(
        &probabilities,
        &outcomes,
        bins,
    )?)
}

/// One group of a [`gains_table`], with the cumulative figures down to it (core's
/// `evaluate::GainsRow`).
#[uniffi::remote(Record)]
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
/// their input order), cut into `groups` groups as equal as possible (core's
/// `evaluate::gains_table`; `null`: core's `DEFAULT_GROUPS`, 10, deciles).
///
/// # Errors
/// `InvalidArgument` when the lists differ in length, a score is not finite, `outcomes`
/// has no `true`, or `groups` is 0 or more than the number of rows.
#[uniffi::export(default(groups = None))]
pub fn gains_table(
    scores: Vec<f64>,
    outcomes: Vec<bool>,
    groups: Option<u32>,
) -> Result<Vec<GainsRow>, CallwiseError> {
    let groups = groups.map_or(evaluate::DEFAULT_GROUPS, |g| g as usize);
    Ok(evaluate::gains_table(&scores, &outcomes, groups)?)
}

/// Predicted and actual holdout purchases of the customers with one calibration
/// frequency (core's `evaluate::FrequencyBucket`).
#[uniffi::remote(Record)]
pub struct FrequencyBucket {
    /// The calibration frequency; the last bucket (`maxFrequency`) also holds every
    /// customer above it.
    pub frequency: u32,
    /// Customers in the bucket.
    pub customers: u64,
    /// Their mean predicted holdout purchases.
    pub mean_predicted: f64,
    /// Their mean actual holdout purchases.
    pub mean_actual: f64,
}

/// Predicted against actual holdout purchases, overall and by calibration frequency
/// (core's `evaluate::HoldoutComparison`).
#[uniffi::remote(Record)]
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
/// by calibration frequency `0..=max_frequency` (the last bucket collecting every
/// frequency `>= max_frequency`; `null`: core's `DEFAULT_MAX_FREQUENCY`, 7); core's
/// `evaluate::compare_holdout`.
///
/// # Errors
/// `InvalidArgument` when the lists differ in length or are empty, a value is not finite,
/// or a calibration frequency is not a whole number `>= 0`.
#[uniffi::export(default(max_frequency = None))]
pub fn compare_holdout(
    calibration_frequency: Vec<f64>,
    predicted: Vec<f64>,
    actual: Vec<f64>,
    max_frequency: Option<u32>,
) -> Result<HoldoutComparison, CallwiseError> {
    let max_frequency = max_frequency.unwrap_or(evaluate::DEFAULT_MAX_FREQUENCY);
    Ok(evaluate::compare_holdout(
        &calibration_frequency,
        &predicted,
        &actual,
        max_frequency,
    )?)
}
