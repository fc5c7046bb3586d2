//! Core's RFM summary of a transaction log (`callwise::retention::rfm_summary`): each
//! customer's frequency, recency, age and spend, optionally with a holdout period.
//!
//! Customer ids cross as strings and dates as ISO `YYYY-MM-DD` strings, parsed strictly
//! (a bad one is `InvalidArgument` naming the column and the row). Nothing here computes
//! anything: the function converts its arguments, calls core and converts the answer.
//! [`RfmSummary`] and [`RfmHoldout`] are core's own structs (the summary with `String`
//! ids), declared to UniFFI with `#[uniffi::remote(Record)]`.

use crate::CallwiseError;
use callwise::retention as cw;

/// The unit of recency, age (`T`) and holdout duration (core's
/// `callwise::retention::TimeUnit`).
pub type TimeUnit = cw::TimeUnit;

/// The unit of recency, age (`T`) and holdout duration: both count whole calendar days.
#[uniffi::remote(Enum)]
pub enum TimeUnit {
    /// Calendar days.
    Days,
    /// Calendar days divided by 7 (the unit of the BG/NBD and Pareto/NBD papers).
    Weeks,
}

/// How [`rfm_summary`] cuts the log (core's `RfmOptions`). Dates are ISO `YYYY-MM-DD`
/// strings; every field is optional, `null` (the default) meaning core's default.
#[derive(Debug, Clone, PartialEq, Eq, Default, uniffi::Record)]
pub struct RfmSettings {
    /// Last day of the calibration period (inclusive); `null`: the latest date in the
    /// log.
    #[uniffi(default = None)]
    pub calibration_end: Option<String>,
    /// Last day of the holdout period (inclusive); `null`: no holdout (transactions after
    /// the calibration end are ignored).
    #[uniffi(default = None)]
    pub observation_end: Option<String>,
    /// The unit of recency, `T` and the holdout duration; `null`: core's default,
    /// `TimeUnit.WEEKS`.
    #[uniffi(default = None)]
    pub unit: Option<TimeUnit>,
}

/// What each customer did in the holdout period: core's `RfmHoldout`, a record in Kotlin
/// (declared below for UniFFI).
pub type RfmHoldout = cw::RfmHoldout;

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

/// The RFM summary of a log whose customer ids are strings: core's `RfmSummary<String>`,
/// a record in Kotlin (declared below for UniFFI).
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

/// Summarises a transaction log (one row per transaction: customer, `YYYY-MM-DD` date,
/// value) into each customer's RFM summary, as lifetimes 0.11.3 does at a daily grain
/// (core's `rfm_summary`): transactions on one day are one purchase worth their sum.
///
/// # Errors
/// `InvalidArgument` when the columns differ in length, a date is not a `YYYY-MM-DD` date
/// (naming `dates` and the row, or the setting), a value is not finite (naming its row),
/// or `observation_end` is before the calibration end.
#[uniffi::export(default(settings))]
pub fn rfm_summary(
    customer_ids: Vec<String>,
    dates: Vec<String>,
    values: Vec<f64>,
    settings: RfmSettings,
) -> Result<RfmSummary, CallwiseError> {
    let RfmSettings {
        calibration_end,
        observation_end,
        unit,
    } = settings;
    let options = cw::RfmOptions {
        calibration_end: calibration_end
            .map(|d| callwise::time::parse_date(&d, "calibration_end"))
            .transpose()?,
        observation_end: observation_end
            .map(|d| callwise::time::parse_date(&d, "observation_end"))
            .transpose()?,
        // Core's default for the options, not the enum's (they agree today).
        unit: unit.unwrap_or(cw::RfmOptions::default().unit),
    };
    let dates = callwise::time::parse_dates(&dates, "dates")?;
    Ok(cw::rfm_summary(&customer_ids, &dates, &values, &options)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::invalid_reason;

    #[test]
    fn the_doc_example_and_bad_dates() {
        let s = rfm_summary(
            ["ann", "bob", "ann", "ann", "ann"]
                .map(String::from)
                .to_vec(),
            [
                "2024-01-01",
                "2024-01-02",
                "2024-01-08",
                "2024-01-08",
                "2024-01-15",
            ]
            .map(String::from)
            .to_vec(),
            vec![20.0, 5.0, 10.0, 2.0, 30.0],
            RfmSettings {
                calibration_end: Some("2024-01-29".into()),
                unit: Some(TimeUnit::Days),
                ..RfmSettings::default()
            },
        )
        .unwrap();
        assert_eq!(s.customer_id, ["ann", "bob"]);
        assert_eq!(s.frequency, [2.0, 0.0]);
        assert_eq!(s.t, [28.0, 27.0]);
        assert_eq!(s.monetary_value, [21.0, 0.0]);
        let bad = rfm_summary(
            vec!["a".into(), "b".into()],
            vec!["2024-01-01".into(), "2024-1-02".into()],
            vec![1.0, 2.0],
            RfmSettings::default(),
        );
        let reason = invalid_reason(bad, "dates");
        assert!(reason.starts_with("row 1: "), "{reason}");
    }
}
