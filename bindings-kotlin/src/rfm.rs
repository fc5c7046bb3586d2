//! Core's RFM summary of a transaction log (`callwise::retention::rfm_summary`): each
//! customer's frequency, recency, age and spend, optionally with a holdout period.
//!
//! Customer ids cross as strings and dates as `java.time.LocalDate`s. Nothing here
//! computes anything: the function calls core and returns its answer. [`RfmSummary`] and
//! core's `RfmHoldout` are core's own structs (the summary with `String` ids), declared
//! to UniFFI with `#[uniffi::remote(Record)]`.

use crate::CallwiseError;
use crate::types::NaiveDate;
use callwise::retention::{self as cw, RfmHoldout, TimeUnit};

/// The unit of recency, age (`T`) and holdout duration: both count whole calendar days.
#[uniffi::remote(Enum)]
pub enum TimeUnit {
    /// Calendar days.
    Days,
    /// Calendar days divided by 7 (the unit of the BG/NBD and Pareto/NBD papers).
    Weeks,
}

/// How [`rfm_summary`] cuts the log (core's `RfmOptions`, with every field optional so
/// that core, not Kotlin, holds the defaults: `null`, the default, means core's).
#[derive(Debug, Clone, PartialEq, Eq, Default, uniffi::Record)]
pub struct RfmSettings {
    /// Last day of the calibration period (inclusive); `null`: the latest date in the
    /// log.
    #[uniffi(default = None)]
    pub calibration_end: Option<NaiveDate>,
    /// Last day of the holdout period (inclusive); `null`: no holdout (transactions after
    /// the calibration end are ignored).
    #[uniffi(default = None)]
    pub observation_end: Option<NaiveDate>,
    /// The unit of recency, `T` and the holdout duration; `null`: core's default,
    /// `TimeUnit.WEEKS`.
    #[uniffi(default = None)]
    pub unit: Option<TimeUnit>,
}

/// What each customer did in the holdout period, row for row with the summary (core's
/// `RfmHoldout`).
#[uniffi::remote(Record)]
pub struct RfmHoldout {
    /// Days with at least one holdout transaction.
    pub frequency: Vec<f64>,
    /// Mean value of the individual holdout transactions (not of the per-day sums, as
    /// lifetimes computes it); 0 for a customer with none.
    pub monetary_value: Vec<f64>,
    /// Length of the holdout period, `observation_end − calibration_end`, in the unit.
    pub duration: f64,
}

/// The RFM summary of a log whose customer ids are strings: core's `RfmSummary<String>`
/// (a generic struct: UniFFI declares one instance of it, under this name).
pub type RfmSummary = cw::RfmSummary<String>;

/// Each customer's frequency, recency, age and spend over the calibration period, as
/// columns, and optionally the holdout period (core's `RfmSummary`). Rows are in the
/// order in which customers first appear in the log.
#[uniffi::remote(Record)]
pub struct RfmSummary {
    /// The customers, one per row.
    pub customer_id: Vec<String>,
    /// Repeat purchases: days with a purchase, less the first (a whole number).
    pub frequency: Vec<f64>,
    /// Time from the first purchase day to the last, in the unit.
    pub recency: Vec<f64>,
    /// Age: time from the first purchase day to the end of calibration ("T"), in the
    /// unit.
    pub t: Vec<f64>,
    /// Mean of the per-day spend over the repeat purchase days; 0 without a repeat
    /// purchase.
    pub monetary_value: Vec<f64>,
    /// The holdout period, when `observationEnd` is set.
    pub holdout: Option<RfmHoldout>,
}

/// Summarises a transaction log (one row per transaction: customer, date, value) into each customer's RFM summary, as lifetimes 0.11.3 does at a daily grain
/// (core's `rfm_summary`): transactions on one day are one purchase worth their sum.
///
/// # Errors
/// `InvalidArgument` when the columns differ in length, a value is not finite (naming its
/// row), `observation_end` is before the calibration end, or a date is outside the years
/// 0000 to 9999.
#[uniffi::export(default(settings))]
pub fn rfm_summary(
    customer_ids: Vec<String>,
    dates: Vec<NaiveDate>,
    values: Vec<f64>,
    settings: RfmSettings,
) -> Result<RfmSummary, CallwiseError> {
    let options = cw::RfmOptions {
        calibration_end: settings.calibration_end,
        observation_end: settings.observation_end,
        // Core's default for the options, not the enum's (they agree today).
        unit: settings.unit.unwrap_or(cw::RfmOptions::default().unit),
    };
    Ok(cw::rfm_summary(&customer_ids, &dates, &values, &options)?)
}
