//! The binding of `callwise::retention`: the model classes of the public module
//! `callwise.retention`, and the functions its Python code wraps into tables.
//!
//! Every class is immutable (`frozen`), compares and hashes by its parameters, and
//! pickles its parameters (`__reduce__`): a fit report describes one fit and is not
//! carried along. Column arguments are converted by [`crate::columns`]; fits and scoring
//! run with the GIL released.

mod bgbb;
mod common;
mod purchase;
mod renewal;
mod sbg;
mod spend;
mod tables;

pub(crate) use purchase::AnyPurchaseModel;
pub(crate) use renewal::RenewalModel;

use pyo3::prelude::*;

/// Adds the retention classes and functions to the compiled module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<purchase::BetaGeoModel>()?;
    m.add_class::<purchase::ModifiedBetaGeoModel>()?;
    m.add_class::<purchase::ParetoNBDModel>()?;
    m.add_class::<bgbb::BetaGeoBetaBinomModel>()?;
    m.add_class::<spend::GammaGammaModel>()?;
    m.add_class::<sbg::ShiftedBetaGeoModel>()?;
    m.add_function(wrap_pyfunction!(tables::_rfm_summary, m)?)?;
    m.add_function(wrap_pyfunction!(tables::_rfm_summary_ints, m)?)?;
    m.add_function(wrap_pyfunction!(tables::_kaplan_meier, m)?)?;
    m.add_function(wrap_pyfunction!(tables::_auc, m)?)?;
    m.add_function(wrap_pyfunction!(tables::_brier_score, m)?)?;
    m.add_function(wrap_pyfunction!(tables::_calibration_table, m)?)?;
    m.add_function(wrap_pyfunction!(tables::_gains_table, m)?)?;
    m.add_function(wrap_pyfunction!(tables::_compare_holdout, m)?)?;
    renewal::register(m)?;
    // Core's defaults, for the Python functions' signatures.
    m.add("DEFAULT_LEAD_DAYS", callwise::retention::DEFAULT_LEAD_DAYS)?;
    m.add(
        "DEFAULT_WITHIN_DAYS",
        callwise::retention::DEFAULT_WITHIN_DAYS,
    )?;
    m.add(
        "DEFAULT_UNIT",
        callwise::retention::TimeUnit::default().as_str(),
    )?;
    m.add(
        "DEFAULT_PURCHASE_SOURCE",
        callwise::retention::PurchaseSource::default().as_str(),
    )?;
    m.add("DEFAULT_BINS", callwise::retention::evaluate::DEFAULT_BINS)?;
    m.add(
        "DEFAULT_GROUPS",
        callwise::retention::evaluate::DEFAULT_GROUPS,
    )?;
    m.add(
        "DEFAULT_MAX_FREQUENCY",
        callwise::retention::evaluate::DEFAULT_MAX_FREQUENCY,
    )?;
    Ok(())
}
