//! The functions whose results are tables: RFM summaries, Kaplan–Meier curves and the
//! evaluation tables.
//!
//! Each returns its columns as a dict of numpy arrays; the Python package
//! (`callwise.retention`) makes the pyarrow Table, and turns the integer codes that stand
//! for customer ids and cohorts back into the caller's values (it encodes them with
//! pyarrow before the call, so that the core sees small integers whatever their type).

use callwise::retention::{
    KaplanMeier, KaplanMeierPoint, RfmOptions, TimeUnit, evaluate, kaplan_meier_by_cohort,
    rfm_summary,
};
use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::args::{IntArg, Text, day_arg};
use crate::columns::{bools, codes, column, dates, field, floats};
use crate::errors::{detach, to_py_err};

/// The unit named as core reads it (`"days"` or `"weeks"`).
pub fn time_unit(py: Python<'_>, unit: &str) -> PyResult<TimeUnit> {
    unit.parse().map_err(|e| to_py_err(py, e))
}

/// The RFM summary of a transaction log whose customers are integer codes (nulls as -1).
///
/// Returns the columns `customer_id` (codes), `frequency`, `recency`, `T`,
/// `monetary_value`, and with `observation_end` also `frequency_holdout`,
/// `monetary_value_holdout` and `duration_holdout`.
#[pyfunction]
pub fn _rfm_summary<'py>(
    py: Python<'py>,
    codes: PyReadonlyArray1<'py, i32>,
    dates: &Bound<'py, PyAny>,
    values: &Bound<'py, PyAny>,
    calibration_end: Option<&Bound<'py, PyAny>>,
    observation_end: Option<&Bound<'py, PyAny>>,
    unit: Text<'_>,
) -> PyResult<Bound<'py, PyDict>> {
    let customers = self::codes(&codes, "customer_ids")?;
    rfm_columns(
        py,
        &customers,
        dates,
        values,
        [calibration_end, observation_end],
        unit,
    )
}

/// As `_rfm_summary`, for integer customer ids used as they are (no nulls): the ids
/// need no dictionary encoding, which costs as much as the summary on large logs.
#[pyfunction]
pub fn _rfm_summary_ints<'py>(
    py: Python<'py>,
    ids: PyReadonlyArray1<'py, i64>,
    dates: &Bound<'py, PyAny>,
    values: &Bound<'py, PyAny>,
    calibration_end: Option<&Bound<'py, PyAny>>,
    observation_end: Option<&Bound<'py, PyAny>>,
    unit: Text<'_>,
) -> PyResult<Bound<'py, PyDict>> {
    rfm_columns(
        py,
        ids.as_slice()?,
        dates,
        values,
        [calibration_end, observation_end],
        unit,
    )
}

fn rfm_columns<'py, K: Copy + Eq + std::hash::Hash + numpy::Element>(
    py: Python<'py>,
    customers: &[K],
    dates: &Bound<'py, PyAny>,
    values: &Bound<'py, PyAny>,
    [calibration_end, observation_end]: [Option<&Bound<'py, PyAny>>; 2],
    unit: Text<'_>,
) -> PyResult<Bound<'py, PyDict>> {
    let days = self::dates(dates, "dates")?;
    let values = floats(values, "values")?;
    let values = values.as_slice()?;
    let options = RfmOptions {
        calibration_end: calibration_end
            .map(|d| day_arg(d, "calibration_end"))
            .transpose()?,
        observation_end: observation_end
            .map(|d| day_arg(d, "observation_end"))
            .transpose()?,
        unit: time_unit(py, &unit)?,
    };
    let summary = detach(py, || rfm_summary(customers, &days, values, &options))?;
    let n = summary.customer_id.len();
    let table = PyDict::new(py);
    table.set_item("customer_id", column(py, summary.customer_id))?;
    table.set_item("frequency", column(py, summary.frequency))?;
    table.set_item("recency", column(py, summary.recency))?;
    table.set_item("T", column(py, summary.t))?;
    table.set_item("monetary_value", column(py, summary.monetary_value))?;
    if let Some(holdout) = summary.holdout {
        table.set_item("frequency_holdout", column(py, holdout.frequency))?;
        table.set_item("monetary_value_holdout", column(py, holdout.monetary_value))?;
        table.set_item("duration_holdout", column(py, vec![holdout.duration; n]))?;
    }
    Ok(table)
}

/// Kaplan–Meier curves: one, or one per cohort code (in the order the codes first
/// appear, core's order), as columns
/// (`cohort` first when there are cohorts).
#[pyfunction]
#[pyo3(signature = (durations, lapsed, cohorts = None))]
pub fn _kaplan_meier<'py>(
    py: Python<'py>,
    durations: &Bound<'py, PyAny>,
    lapsed: &Bound<'py, PyAny>,
    cohorts: Option<PyReadonlyArray1<'py, i32>>,
) -> PyResult<Bound<'py, PyDict>> {
    let durations = floats(durations, "durations")?.as_slice()?.to_vec();
    let lapsed = bools(lapsed, "lapsed")?;
    let cohorts = cohorts.map(|c| codes(&c, "cohorts")).transpose()?;
    // Without cohorts, the one curve stands as cohort 0 (and the column is left out).
    let curves: Vec<(i32, KaplanMeier)> = detach(py, || match &cohorts {
        None => KaplanMeier::fit(&durations, &lapsed).map(|km| vec![(0, km)]),
        Some(cohorts) => kaplan_meier_by_cohort(cohorts, &durations, &lapsed),
    })?;
    let points: Vec<(i32, &KaplanMeierPoint)> = curves
        .iter()
        .flat_map(|(cohort, km)| km.points().iter().map(move |p| (*cohort, p)))
        .collect();
    let table = PyDict::new(py);
    if cohorts.is_some() {
        table.set_item("cohort", field(py, &points, |(c, _)| *c))?;
    }
    table.set_item("time", field(py, &points, |(_, p)| p.time))?;
    table.set_item("at_risk", field(py, &points, |(_, p)| p.at_risk))?;
    table.set_item("events", field(py, &points, |(_, p)| p.events))?;
    table.set_item("censored", field(py, &points, |(_, p)| p.censored))?;
    table.set_item("survival", field(py, &points, |(_, p)| p.survival))?;
    table.set_item("std_error", field(py, &points, |(_, p)| p.std_error))?;
    Ok(table)
}

/// Predictions (named `name`) and their outcomes, as the core's evaluation takes them.
fn predictions(
    values: &Bound<'_, PyAny>,
    name: &'static str,
    outcomes: &Bound<'_, PyAny>,
) -> PyResult<(Vec<f64>, Vec<bool>)> {
    let values = floats(values, name)?.as_slice()?.to_vec();
    Ok((values, bools(outcomes, "outcomes")?))
}

/// The area under the ROC curve of `scores` against `outcomes`.
#[pyfunction]
pub fn _auc(
    py: Python<'_>,
    scores: &Bound<'_, PyAny>,
    outcomes: &Bound<'_, PyAny>,
) -> PyResult<f64> {
    let (scores, outcomes) = predictions(scores, "scores", outcomes)?;
    detach(py, || evaluate::auc(&scores, &outcomes))
}

/// The Brier score of `probabilities` against `outcomes`.
#[pyfunction]
pub fn _brier_score(
    py: Python<'_>,
    probabilities: &Bound<'_, PyAny>,
    outcomes: &Bound<'_, PyAny>,
) -> PyResult<f64> {
    let (probabilities, outcomes) = predictions(probabilities, "probabilities", outcomes)?;
    detach(py, || evaluate::brier_score(&probabilities, &outcomes))
}

/// The calibration table as columns.
#[pyfunction]
pub fn _calibration_table<'py>(
    py: Python<'py>,
    probabilities: &Bound<'py, PyAny>,
    outcomes: &Bound<'py, PyAny>,
    bins: IntArg,
) -> PyResult<Bound<'py, PyDict>> {
    let (probabilities, outcomes) = predictions(probabilities, "probabilities", outcomes)?;
    let bins = bins.convert(py, "bins", usize::MAX)?;
    let rows = detach(py, || {
        evaluate::calibration_table(&probabilities, &outcomes, bins)
    })?;
    let table = PyDict::new(py);
    table.set_item("lower", field(py, &rows, |r| r.lower))?;
    table.set_item("upper", field(py, &rows, |r| r.upper))?;
    table.set_item("count", field(py, &rows, |r| r.count))?;
    table.set_item("mean_predicted", field(py, &rows, |r| r.mean_predicted))?;
    table.set_item("observed_rate", field(py, &rows, |r| r.observed_rate))?;
    Ok(table)
}

/// The gains table as columns.
#[pyfunction]
pub fn _gains_table<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    outcomes: &Bound<'py, PyAny>,
    groups: IntArg,
) -> PyResult<Bound<'py, PyDict>> {
    let (scores, outcomes) = predictions(scores, "scores", outcomes)?;
    let groups = groups.convert(py, "groups", usize::MAX)?;
    let rows = detach(py, || evaluate::gains_table(&scores, &outcomes, groups))?;
    let table = PyDict::new(py);
    table.set_item("group", field(py, &rows, |r| r.group))?;
    table.set_item(
        "fraction_targeted",
        field(py, &rows, |r| r.fraction_targeted),
    )?;
    table.set_item("count", field(py, &rows, |r| r.count))?;
    table.set_item("positives", field(py, &rows, |r| r.positives))?;
    table.set_item(
        "cumulative_positives",
        field(py, &rows, |r| r.cumulative_positives),
    )?;
    table.set_item("gain", field(py, &rows, |r| r.gain))?;
    table.set_item("lift", field(py, &rows, |r| r.lift))?;
    Ok(table)
}

/// The holdout comparison: its totals as a dict, and its buckets as columns.
#[pyfunction]
pub fn _compare_holdout<'py>(
    py: Python<'py>,
    calibration_frequency: &Bound<'py, PyAny>,
    predicted: &Bound<'py, PyAny>,
    actual: &Bound<'py, PyAny>,
    max_frequency: IntArg,
) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyDict>)> {
    let frequency = floats(calibration_frequency, "calibration_frequency")?
        .as_slice()?
        .to_vec();
    let predicted = floats(predicted, "predicted")?.as_slice()?.to_vec();
    let actual = floats(actual, "actual")?.as_slice()?.to_vec();
    let max_frequency = max_frequency.convert(py, "max_frequency", u32::MAX)?;
    let c = detach(py, || {
        evaluate::compare_holdout(&frequency, &predicted, &actual, max_frequency)
    })?;
    let totals = PyDict::new(py);
    totals.set_item("customers", c.customers)?;
    totals.set_item("predicted_total", c.predicted_total)?;
    totals.set_item("actual_total", c.actual_total)?;
    totals.set_item("mean_absolute_error", c.mean_absolute_error)?;
    totals.set_item("root_mean_squared_error", c.root_mean_squared_error)?;
    let buckets = &c.by_frequency;
    let table = PyDict::new(py);
    table.set_item("frequency", field(py, buckets, |b| b.frequency))?;
    table.set_item("customers", field(py, buckets, |b| b.customers))?;
    table.set_item("mean_predicted", field(py, buckets, |b| b.mean_predicted))?;
    table.set_item("mean_actual", field(py, buckets, |b| b.mean_actual))?;
    Ok((totals, table))
}
