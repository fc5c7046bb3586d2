//! The covariate renewal model (`RenewalModel`) and the retention signals taken from a
//! book: renewal cases and signals, purchase histories and dormant-customer signals.
//!
//! Feature tables arrive as a mapping of feature name to column (a dict, a pandas or
//! polars DataFrame, a pyarrow Table), each column read by [`crate::columns`]. The
//! functions over a book return their columns as a dict (numpy arrays for numbers, lists
//! for ids and outcomes, days since 1970-01-01 for dates), which the Python package makes
//! into a pyarrow Table; renewal signals are a list of dicts.

use callwise::retention::{
    self as core, Explanation, FeatureTable, PurchaseHistory, PurchaseSource, RENEWAL_FEATURES,
    RenewalCases, RenewalFit, RenewalOptions, dormant_signals, purchase_history, renewal_history,
    renewal_signals, renewals_due,
};
use chrono::{Datelike, NaiveDate};
use numpy::PyArray1;
use pyo3::exceptions::PyTypeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDict, PyList, PyString, PyTuple, PyType};

use super::common;
use super::purchase::AnyPurchaseModel;
use super::tables::time_unit;
use crate::args::{IntArg, Text, day_arg, text_of, texts};
use crate::book::Book;
use crate::columns::{Table, bools, column, field, floats, invalid, optional_floats};
use crate::errors::{detach, py_repr, to_py_err};

/// The names of the columns of `features`: a pyarrow Table's `column_names`, a mapping's
/// (or a pandas DataFrame's) `keys()`, or a polars DataFrame's `columns`.
fn column_names<'py>(features: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = features.py();
    if let Ok(names) = features.getattr(intern!(py, "column_names")) {
        return Ok(names);
    }
    if let Ok(keys) = features.getattr(intern!(py, "keys"))
        && keys.is_callable()
    {
        return keys.call0();
    }
    if let Ok(columns) = features.getattr(intern!(py, "columns")) {
        return Ok(columns);
    }
    Err(PyTypeError::new_err(format!(
        "argument 'features': expected a mapping of feature name to column (a dict, a pandas \
         or polars DataFrame, a pyarrow Table), got {}",
        features.get_type().name()?
    )))
}

/// A column's `InvalidArgumentError` (about `features`) with the column's name in it.
fn in_column(py: Python<'_>, name: &str, err: PyErr) -> PyErr {
    let reason = err
        .value(py)
        .getattr(intern!(py, "reason"))
        .and_then(|r| r.extract::<String>());
    match reason {
        Ok(reason) => invalid(py, "features", format!("column {name:?} {reason}")),
        Err(_) => err,
    }
}

/// A mapping of feature name to column as callwise's checked [`FeatureTable`], in the
/// mapping's order.
///
/// With `only` (a model's features), the other columns are not read, so that a table of
/// ids, dates and features can be scored as it is; if none of them is there, every column
/// is read, for callwise to say which feature is missing.
fn feature_table(features: &Bound<'_, PyAny>, only: Option<&[String]>) -> PyResult<FeatureTable> {
    let py = features.py();
    let mut names = Vec::new();
    for name in column_names(features)?.try_iter()? {
        let name = name?;
        let Ok(text) = name.cast::<PyString>() else {
            return Err(invalid(
                py,
                "features",
                format!("column names must be strings, got {}", name.repr()?),
            ));
        };
        names.push((text_of(text.as_borrowed(), "features")?.into_owned(), name));
    }
    if let Some(only) = only
        && names.iter().any(|(text, _)| only.contains(text))
    {
        names.retain(|(text, _)| only.contains(text));
    }
    let mut columns = Vec::with_capacity(names.len());
    for (text, name) in &names {
        let values = floats(&features.get_item(name)?, "features")
            .map_err(|err| in_column(py, text, err))?;
        columns.push(values.as_slice()?.to_vec());
    }
    let names = names.into_iter().map(|(text, _)| text).collect();
    FeatureTable::new(names, columns).map_err(|e| to_py_err(py, e))
}

/// A row of feature values (in the model's order) as a vector.
fn row(value: &Bound<'_, PyAny>) -> PyResult<Vec<f64>> {
    Ok(floats(value, "row")?.as_slice()?.to_vec())
}

/// An explanation as `{"baseline", "contributions", "log_odds", "probability"}`, each
/// contribution `{"feature", "value", "contribution"}` (the core's serde form).
fn explanation_dict<'py>(py: Python<'py>, e: &Explanation) -> PyResult<Bound<'py, PyDict>> {
    let contributions = PyList::empty(py);
    for c in &e.contributions {
        let item = PyDict::new(py);
        item.set_item("feature", &c.feature)?;
        item.set_item("value", c.value)?;
        item.set_item("contribution", c.contribution)?;
        contributions.append(item)?;
    }
    let dict = PyDict::new(py);
    dict.set_item("baseline", e.baseline)?;
    dict.set_item("contributions", contributions)?;
    dict.set_item("log_odds", e.log_odds)?;
    dict.set_item("probability", e.probability)?;
    Ok(dict)
}

/// A date as a `datetime.date`.
fn date<'py>(py: Python<'py>, day: NaiveDate) -> PyResult<Bound<'py, PyDate>> {
    // A validated book's dates are within the years 1900 to 9999.
    PyDate::new(py, day.year(), day.month() as u8, day.day() as u8)
}

/// Days from 1 January 1 (the proleptic Gregorian day 1) to 1 January 1970.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// A date as days since 1970-01-01 (pyarrow's `date32`).
fn epoch_day(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE
}

/// The covariate renewal model: a ridge-penalised logistic regression of "renewed or
/// not" on what the book knows about each member (events attended, calls connected,
/// days since the last contact, dues paid late, tenure), with every score explained
/// feature by feature.
///
/// Fit it with `RenewalModel.fit(features, renewed)`, `features` a mapping of feature
/// name to column (a dict, a pandas or polars DataFrame, a pyarrow Table; see
/// `renewal_history` for the book's features), or build it from known parameters,
/// `RenewalModel(feature_names, intercept, coefficients, means)`: coefficients on the
/// raw scale of each feature, and the training means explanations are measured from.
/// The log-odds are a sum, so each explanation is exact: `baseline` (a member at the
/// means) plus every feature's `contribution` is the member's `log_odds`. Models are
/// immutable, compare and hash by parameters, and pickle their parameters.
///
/// >>> from callwise.retention import RenewalModel
/// >>> model = RenewalModel.fit(
/// ...     {"events_attended": [0, 0, 1, 2, 3, 1, 0, 4],
/// ...      "dues_paid_late": [2, 1, 0, 1, 0, 0, 3, 0]},
/// ...     [False, False, True, True, True, False, False, True])
/// >>> model.feature_names
/// ('events_attended', 'dues_paid_late')
/// >>> model.coefficients.round(3)  # events go with renewing, late dues with lapsing
/// array([ 0.752, -0.495])
/// >>> round(model.probability([3, 0]), 3)
/// 0.843
/// >>> explanation = model.explain([3, 0])
/// >>> [(c["feature"], round(c["contribution"], 3)) for c in explanation["contributions"]]
/// [('events_attended', 1.221), ('dues_paid_late', 0.433)]
#[pyclass(module = "callwise.retention", frozen)]
pub struct RenewalModel {
    /// The core model.
    pub model: core::RenewalModel,
    /// How the fit went; `None` for a model built from known parameters.
    fit: Option<RenewalFit>,
}

#[pymethods]
impl RenewalModel {
    #[new]
    fn new(
        py: Python<'_>,
        #[pyo3(from_py_with = texts)] feature_names: Vec<String>,
        intercept: f64,
        coefficients: &Bound<'_, PyAny>,
        means: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let coefficients = floats(coefficients, "coefficients")?.as_slice()?.to_vec();
        let means = floats(means, "means")?.as_slice()?.to_vec();
        core::RenewalModel::new(feature_names, intercept, coefficients, means)
            .map(|model| Self { model, fit: None })
            .map_err(|e| to_py_err(py, e))
    }

    /// The fit to members whose outcome is known: `features` maps each feature's name to
    /// its column (a dict of columns, a pandas or polars DataFrame, a pyarrow Table; the
    /// model keeps their order), `renewed` says whether each row renewed (booleans, or 0
    /// and 1), and `weights` optionally weights the rows.
    ///
    /// Each column may be a numpy array, a pandas or polars Series, a pyarrow array or a
    /// list. `l2` is the ridge penalty on the standardised coefficients (0 for none),
    /// `max_iterations` and `tolerance` bound Newton's method; None keeps the core's
    /// defaults (1, 100 and 1e-10). The GIL is released while fitting.
    ///
    /// Raises `InvalidArgumentError` for bad data (naming the column and row) or
    /// options, and `NotConvergedError` (with the best point found, `"intercept"` first)
    /// when the fit does not converge, as happens without a penalty when a feature
    /// separates renewers from lapsers.
    #[classmethod]
    #[pyo3(signature = (
        features, renewed, weights = None, *, l2 = None, max_iterations = None, tolerance = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn fit(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        features: &Bound<'_, PyAny>,
        renewed: &Bound<'_, PyAny>,
        weights: Option<&Bound<'_, PyAny>>,
        l2: Option<f64>,
        max_iterations: Option<IntArg>,
        tolerance: Option<f64>,
    ) -> PyResult<Self> {
        let table = feature_table(features, None)?;
        let renewed = bools(renewed, "renewed")?;
        let weights = optional_floats(weights, "weights")?
            .map(|w| w.as_slice().map(<[f64]>::to_vec))
            .transpose()?;
        let defaults = RenewalOptions::default();
        let options = RenewalOptions {
            l2: l2.unwrap_or(defaults.l2),
            max_iterations: common::max_iterations(py, max_iterations, defaults.max_iterations)?,
            tolerance: tolerance.unwrap_or(defaults.tolerance),
        };
        let (model, fit) = detach(py, || {
            core::RenewalModel::fit(&table, &renewed, weights.as_deref(), &options)
        })?;
        Ok(Self {
            model,
            fit: Some(fit),
        })
    }

    /// The feature names, in the model's order.
    #[getter]
    fn feature_names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.model.feature_names())
    }

    /// The intercept: the log-odds of renewing when every feature is 0.
    #[getter]
    fn intercept(&self) -> f64 {
        self.model.intercept()
    }

    /// The coefficients on the raw feature scale (the change in log-odds per unit of
    /// each feature), as a float64 array in the model's order.
    #[getter]
    fn coefficients<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        column(py, self.model.coefficients().to_vec())
    }

    /// The training means explanations are measured from, as a float64 array.
    #[getter]
    fn means<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        column(py, self.model.means().to_vec())
    }

    /// The Bernoulli log-likelihood of the data the model was fitted to (weighted,
    /// without the penalty); None for a model built from known parameters.
    #[getter]
    fn log_likelihood(&self) -> Option<f64> {
        self.fit.as_ref().map(|f| f.log_likelihood)
    }

    /// How the fit went: `{"iterations", "rows", "constant_features"}` (the features
    /// that were constant in the training data, whose coefficient is 0); None for a
    /// model built from known parameters.
    #[getter]
    fn fit_report<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.fit
            .as_ref()
            .map(|f| {
                let dict = PyDict::new(py);
                dict.set_item("iterations", f.iterations)?;
                dict.set_item("rows", f.rows)?;
                dict.set_item("constant_features", &f.constant_features)?;
                Ok(dict)
            })
            .transpose()
    }

    /// The probability that a member with these feature values (a sequence in the
    /// model's order) renews.
    fn probability(&self, py: Python<'_>, row: &Bound<'_, PyAny>) -> PyResult<f64> {
        let row = self::row(row)?;
        self.model.probability(&row).map_err(|e| to_py_err(py, e))
    }

    /// The renewal probability of every row of `features` (a mapping of feature name to
    /// column, as for `fit`), whose columns are matched to the model's features by name,
    /// as a float64 array. Other columns are ignored (not read), so the tables of
    /// `renewals_due` and `renewal_history` can be scored as they are. The GIL is
    /// released while scoring.
    fn probabilities<'py>(
        &self,
        py: Python<'py>,
        features: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let table = feature_table(features, Some(self.model.feature_names()))?;
        let scores = detach(py, || self.model.probabilities(&table))?;
        Ok(column(py, scores))
    }

    /// Scores a table of members: `table` (a pyarrow Table or RecordBatch, a pandas or
    /// polars DataFrame, a mapping of names to columns, or any Arrow stream) holding the
    /// model's features as columns, matched by name; other columns are carried along.
    ///
    /// Returns a pyarrow Table: the input's columns, then `p_renew`, the probability that
    /// each member renews (an input column of that name is replaced where it stands). So
    /// `model.score(renewals_due(book, as_of))` keeps the ids and dates beside the scores.
    /// The GIL is released while scoring.
    fn score<'py>(&self, table: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = table.py();
        let input = Table::read(table)?;
        let features = feature_table(input.as_any(), Some(self.model.feature_names()))?;
        let scores = detach(py, || self.model.probabilities(&features))?;
        input.with_columns(vec![("p_renew", scores)])
    }

    /// Why a member with these feature values (a sequence in the model's order) gets
    /// their score: `{"baseline", "contributions", "log_odds", "probability"}`, where
    /// `baseline` is the log-odds of a member at the training means and `contributions`
    /// lists `{"feature", "value", "contribution"}` in the model's order, each
    /// contribution being coefficient * (value - mean); baseline plus the contributions
    /// is `log_odds`.
    fn explain<'py>(
        &self,
        py: Python<'py>,
        row: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let row = self::row(row)?;
        let explanation = self.model.explain(&row).map_err(|e| to_py_err(py, e))?;
        explanation_dict(py, &explanation)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let m = &self.model;
        Ok(format!(
            "RenewalModel(feature_names={}, intercept={}, coefficients={}, means={})",
            py_repr(py, m.feature_names())?,
            py_repr(py, m.intercept())?,
            py_repr(py, m.coefficients())?,
            py_repr(py, m.means())?,
        ))
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.model == other.model
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        let m = &self.model;
        PyTuple::new(
            py,
            [
                PyTuple::new(py, m.feature_names())?.into_any(),
                m.intercept().into_pyobject(py)?.into_any(),
                PyTuple::new(py, m.coefficients())?.into_any(),
                PyTuple::new(py, m.means())?.into_any(),
            ],
        )?
        .hash()
    }

    /// Pickles the parameters only (a fit report is not kept).
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let m = &slf.get().model;
        let args = PyTuple::new(
            py,
            [
                PyList::new(py, m.feature_names())?.into_any(),
                m.intercept().into_pyobject(py)?.into_any(),
                PyList::new(py, m.coefficients())?.into_any(),
                PyList::new(py, m.means())?.into_any(),
            ],
        )?;
        Ok((slf.get_type(), args))
    }
}

/// Renewal cases as columns: `membership_id`, `account_id`, `term_end`, `scored_on`,
/// `renewed` (None for a term still open), then the features.
fn cases_columns<'py>(py: Python<'py>, cases: RenewalCases) -> PyResult<Bound<'py, PyDict>> {
    let c = &cases.cases;
    let table = PyDict::new(py);
    let membership_ids: Vec<&str> = c.iter().map(|c| c.membership_id.as_str()).collect();
    table.set_item("membership_id", membership_ids)?;
    let account_ids: Vec<&str> = c.iter().map(|c| c.account_id.as_str()).collect();
    table.set_item("account_id", account_ids)?;
    table.set_item("term_end", field(py, c, |c| epoch_day(c.term_end)))?;
    table.set_item("scored_on", field(py, c, |c| epoch_day(c.scored_on)))?;
    let renewed: Vec<Option<bool>> = c.iter().map(|c| c.renewed).collect();
    table.set_item("renewed", renewed)?;
    let features = &cases.features;
    for (name, values) in features.names().iter().zip(features.columns()) {
        table.set_item(name, column(py, values.clone()))?;
    }
    Ok(table)
}

/// The training cases of a book (`renewal_history`) as columns.
#[pyfunction]
pub fn _renewal_history<'py>(
    py: Python<'py>,
    book: &Bound<'py, Book>,
    as_of: &Bound<'py, PyAny>,
    lead_days: IntArg,
) -> PyResult<Bound<'py, PyDict>> {
    let as_of = day_arg(as_of, "as_of")?;
    let lead_days = lead_days.convert(py, "lead_days", u32::MAX)?;
    let snapshot = book.get().core();
    let book = &*snapshot;
    let cases = detach(py, || renewal_history(book, as_of, lead_days))?;
    cases_columns(py, cases)
}

/// The memberships due for renewal (`renewals_due`) as columns.
#[pyfunction]
pub fn _renewals_due<'py>(
    py: Python<'py>,
    book: &Bound<'py, Book>,
    as_of: &Bound<'py, PyAny>,
    within_days: IntArg,
) -> PyResult<Bound<'py, PyDict>> {
    let as_of = day_arg(as_of, "as_of")?;
    let within_days = within_days.convert(py, "within_days", u32::MAX)?;
    let snapshot = book.get().core();
    let book = &*snapshot;
    let cases = detach(py, || renewals_due(book, as_of, within_days))?;
    cases_columns(py, cases)
}

/// The renewal signals of a book, least likely to renew first, as a list of dicts.
#[pyfunction]
pub fn _renewal_signals<'py>(
    py: Python<'py>,
    book: &Bound<'py, Book>,
    model: &Bound<'py, RenewalModel>,
    as_of: &Bound<'py, PyAny>,
    within_days: IntArg,
) -> PyResult<Bound<'py, PyList>> {
    let as_of = day_arg(as_of, "as_of")?;
    let within_days = within_days.convert(py, "within_days", u32::MAX)?;
    let snapshot = book.get().core();
    let book = &*snapshot;
    let model = &model.get().model;
    let signals = detach(py, || renewal_signals(book, model, as_of, within_days))?;
    let list = PyList::empty(py);
    for s in &signals {
        let dict = PyDict::new(py);
        dict.set_item("membership_id", s.membership_id.as_str())?;
        dict.set_item("account_id", s.account_id.as_str())?;
        dict.set_item("term_end", date(py, s.term_end)?)?;
        dict.set_item("p_renew", s.p_renew)?;
        dict.set_item("explanation", explanation_dict(py, &s.explanation)?)?;
        list.append(dict)?;
    }
    Ok(list)
}

/// The book's purchase histories, the GIL released.
fn history(
    py: Python<'_>,
    book: &Bound<'_, Book>,
    as_of: &Bound<'_, PyAny>,
    unit: Text<'_>,
    source: Text<'_>,
) -> PyResult<PurchaseHistory> {
    let as_of = day_arg(as_of, "as_of")?;
    let unit = time_unit(py, &unit)?;
    let source: PurchaseSource = source.parse().map_err(|e| to_py_err(py, e))?;
    let snapshot = book.get().core();
    let book = &*snapshot;
    detach(py, || purchase_history(book, as_of, unit, source))
}

/// The purchase histories of a book's accounts as columns: `account_id`, `frequency`,
/// `recency`, `T`, `monetary_value`.
#[pyfunction]
pub fn _purchase_history<'py>(
    py: Python<'py>,
    book: &Bound<'py, Book>,
    as_of: &Bound<'py, PyAny>,
    unit: Text<'_>,
    source: Text<'_>,
) -> PyResult<Bound<'py, PyDict>> {
    let history = self::history(py, book, as_of, unit, source)?;
    let (frequency, recency, t) = history.data.columns();
    let table = PyDict::new(py);
    let account_ids: Vec<&str> = history.account_ids.iter().map(|a| a.as_str()).collect();
    table.set_item("account_id", account_ids)?;
    table.set_item("frequency", column(py, frequency.to_vec()))?;
    table.set_item("recency", column(py, recency.to_vec()))?;
    table.set_item("T", column(py, t.to_vec()))?;
    table.set_item("monetary_value", column(py, history.monetary_value))?;
    Ok(table)
}

/// The dormant-customer signals of a book's accounts as columns: `account_id`,
/// `frequency`, `recency`, `T`, `p_alive`, `expected_purchases`.
#[pyfunction]
pub fn _dormant_signals<'py>(
    py: Python<'py>,
    book: &Bound<'py, Book>,
    model: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    horizon: f64,
    unit: Text<'_>,
    source: Text<'_>,
) -> PyResult<Bound<'py, PyDict>> {
    let model = AnyPurchaseModel::extract(model)?;
    let history = self::history(py, book, as_of, unit, source)?;
    let signals = detach(py, || dormant_signals(&history, model.as_dyn(), horizon))?;
    let table = PyDict::new(py);
    let account_ids: Vec<&str> = signals.iter().map(|s| s.account_id.as_str()).collect();
    table.set_item("account_id", account_ids)?;
    table.set_item("frequency", field(py, &signals, |s| s.frequency))?;
    table.set_item("recency", field(py, &signals, |s| s.recency))?;
    table.set_item("T", field(py, &signals, |s| s.t))?;
    let alive = field(py, &signals, |s| s.p_alive);
    table.set_item("p_alive", alive)?;
    let expected = field(py, &signals, |s| s.expected_purchases);
    table.set_item("expected_purchases", expected)?;
    Ok(table)
}

/// Adds the renewal model, `RENEWAL_FEATURES` and the book functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<RenewalModel>()?;
    m.add("RENEWAL_FEATURES", PyTuple::new(m.py(), RENEWAL_FEATURES)?)?;
    m.add_function(wrap_pyfunction!(_renewal_history, m)?)?;
    m.add_function(wrap_pyfunction!(_renewals_due, m)?)?;
    m.add_function(wrap_pyfunction!(_renewal_signals, m)?)?;
    m.add_function(wrap_pyfunction!(_purchase_history, m)?)?;
    m.add_function(wrap_pyfunction!(_dormant_signals, m)?)?;
    Ok(())
}
