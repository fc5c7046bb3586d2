//! BG/BB, the purchase model over discrete opportunities (`BetaGeoBetaBinomModel`).

use callwise::retention::{BetaGeoBetaBinom, DiscreteCustomer, DiscreteData};
use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyType;

use super::common::{fit_options, model_class};
use crate::args::IntArg;
use crate::columns::{Table, column, columns_or_table, floats, optional_floats};
use crate::errors::{detach, to_py_err};

/// A core error, its argument names changed to this class's Python ones (`n_periods`
/// for the core's `periods`, `future` for its `future_periods`: `m_periods` or `t`).
fn python_names(err: callwise::Error, future: &'static str) -> callwise::Error {
    match err {
        callwise::Error::InvalidArgument { name, reason } => callwise::Error::InvalidArgument {
            name: match name {
                "periods" => "n_periods",
                "future_periods" => future,
                other => other,
            },
            reason,
        },
        other => other,
    }
}

/// The checked data and its columns, for scoring row by row.
struct Columns {
    data: DiscreteData,
    frequency: Vec<f64>,
    recency: Vec<f64>,
    n_periods: Vec<f64>,
}

impl Columns {
    /// The columns, checked by callwise as [`DiscreteData`].
    fn new(
        py: Python<'_>,
        frequency: &Bound<'_, PyAny>,
        recency: &Bound<'_, PyAny>,
        n_periods: &Bound<'_, PyAny>,
        weights: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let frequency = floats(frequency, "frequency")?;
        let recency = floats(recency, "recency")?;
        let n_periods = floats(n_periods, "n_periods")?;
        let weights = optional_floats(weights, "weights")?;
        let weights = weights.as_ref().map(|w| w.as_slice()).transpose()?;
        Self::checked(py, [&frequency, &recency, &n_periods], weights)
    }

    /// The columns `frequency`, `recency` and `n_periods`, checked by callwise.
    fn checked(
        py: Python<'_>,
        [frequency, recency, n_periods]: [&PyReadonlyArray1<'_, f64>; 3],
        weights: Option<&[f64]>,
    ) -> PyResult<Self> {
        let (frequency, recency, n_periods) = (
            frequency.as_slice()?.to_vec(),
            recency.as_slice()?.to_vec(),
            n_periods.as_slice()?.to_vec(),
        );
        let data = DiscreteData::new(&frequency, &recency, &n_periods, weights)
            .map_err(|e| to_py_err(py, python_names(e, "m_periods")))?;
        Ok(Self {
            data,
            frequency,
            recency,
            n_periods,
        })
    }

    /// `score` applied to every customer, in order (the rows are already checked).
    fn each(
        &self,
        score: impl Fn(&DiscreteCustomer) -> callwise::Result<f64>,
    ) -> callwise::Result<Vec<f64>> {
        (0..self.frequency.len())
            .map(|i| {
                DiscreteCustomer::new(self.frequency[i], self.recency[i], self.n_periods[i])
                    .and_then(|c| score(&c))
            })
            .collect()
    }
}

/// `score` applied to every customer of the (unweighted) columns, the GIL released, as
/// a float64 array.
fn score_each<'py>(
    py: Python<'py>,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    n_periods: &Bound<'py, PyAny>,
    score: impl Fn(&DiscreteCustomer) -> callwise::Result<f64> + Send + Sync,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let columns = Columns::new(py, frequency, recency, n_periods, None)?;
    let scores = detach(py, || {
        columns
            .each(score)
            .map_err(|e| python_names(e, "m_periods"))
    })?;
    Ok(column(py, scores))
}

model_class!(
    /// BG/BB (Fader, Hardie and Shang 2010): at each of `n` discrete opportunities (a
    /// yearly appeal, an annual conference) an alive customer transacts with probability
    /// p ~ Beta(alpha, beta), and may drop out before each with probability
    /// θ ~ Beta(gamma, delta).
    ///
    /// A customer's history is `frequency` (opportunities with a transaction), `recency`
    /// (the opportunity of the last one, 0 for none) and `n_periods` (opportunities so far),
    /// all whole numbers. Build the model from known parameters,
    /// `BetaGeoBetaBinomModel(alpha=, beta=, gamma=, delta=)`, or fit it with
    /// `BetaGeoBetaBinomModel.fit(frequency, recency, n_periods, weights=None)`.
    ///
    /// >>> from callwise.retention import BetaGeoBetaBinomModel
    /// >>> model = BetaGeoBetaBinomModel(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    /// >>> # Gave every year of six; gave only in the first year.
    /// >>> model.probability_alive([6, 1], [6, 1], [6, 6]).round(3)
    /// array([1.   , 0.075])
    /// >>> model.expected_purchases(5, [6, 1], [6, 1], [6, 6]).round(3)
    /// array([3.752, 0.086])
    BetaGeoBetaBinomModel(BetaGeoBetaBinom)
    [
        alpha: "alpha, the first shape of the beta mixing the transaction probabilities.",
        beta: "beta, the second shape of the beta mixing the transaction probabilities.",
        gamma: "gamma, the first shape of the beta mixing the drop-out probabilities.",
        delta: "delta, the second shape of the beta mixing the drop-out probabilities.",
    ]

    /// The maximum-likelihood fit to customers' `frequency`, `recency` and `n_periods`
    /// (whole numbers), optionally weighted (a row standing for `weight` identical
    /// customers): three columns, or one table holding them as the first argument.
    ///
    /// The options are those of `BetaGeoModel.fit`. The GIL is released while fitting.
    #[classmethod]
    #[pyo3(signature = (
        frequency, recency = None, n_periods = None, weights = None, *,
        max_iterations = None, max_evaluations = None, tolerance = None, initial = None,
        group_rows = true
    ))]
    #[allow(clippy::too_many_arguments)]
    fn fit(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        frequency: &Bound<'_, PyAny>,
        recency: Option<&Bound<'_, PyAny>>,
        n_periods: Option<&Bound<'_, PyAny>>,
        weights: Option<&Bound<'_, PyAny>>,
        max_iterations: Option<IntArg>,
        max_evaluations: Option<IntArg>,
        tolerance: Option<f64>,
        initial: Option<Vec<f64>>,
        group_rows: bool,
    ) -> PyResult<Self> {
        let c = columns_or_table(
            &["frequency", "recency", "n_periods"],
            frequency,
            &[recency, n_periods],
        )?;
        let weights = optional_floats(weights, "weights")?;
        let weights = weights.as_ref().map(|w| w.as_slice()).transpose()?;
        let columns = Columns::checked(py, [&c[0], &c[1], &c[2]], weights)?;
        let options = fit_options(py, max_iterations, max_evaluations, tolerance, initial, group_rows)?;
        Self::fitted(detach(py, || BetaGeoBetaBinom::fit(&columns.data, &options)))
    }

    /// The log-likelihood of other (optionally weighted) histories under this model's
    /// parameters.
    #[pyo3(signature = (frequency, recency, n_periods, weights = None))]
    fn log_likelihood_of(
        &self,
        py: Python<'_>,
        frequency: &Bound<'_, PyAny>,
        recency: &Bound<'_, PyAny>,
        n_periods: &Bound<'_, PyAny>,
        weights: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<f64> {
        let columns = Columns::new(py, frequency, recency, n_periods, weights)?;
        let model = self.model;
        detach(py, || model.log_likelihood(&columns.data))
    }

    /// The probability that each customer is alive after their `n_periods`
    /// opportunities, as a float64 array.
    fn probability_alive<'py>(
        &self,
        py: Python<'py>,
        frequency: &Bound<'py, PyAny>,
        recency: &Bound<'py, PyAny>,
        n_periods: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let model = self.model;
        score_each(py, frequency, recency, n_periods, move |c| {
            model.probability_alive(c)
        })
    }

    /// The transactions each customer is expected to make in the next `m_periods`
    /// opportunities, as a float64 array.
    fn expected_purchases<'py>(
        &self,
        py: Python<'py>,
        m_periods: f64,
        frequency: &Bound<'py, PyAny>,
        recency: &Bound<'py, PyAny>,
        n_periods: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let model = self.model;
        score_each(py, frequency, recency, n_periods, move |c| {
            model.expected_purchases(m_periods, c)
        })
    }

    /// Scores a table of customers: `table` (a pyarrow Table or RecordBatch, a pandas or
    /// polars DataFrame, a mapping of names to columns, or any Arrow stream) with the
    /// columns `frequency`, `recency` and `n_periods`. Other columns are carried along.
    ///
    /// Returns a pyarrow Table: the input's columns, then `p_alive` and
    /// `expected_purchases` (the transactions expected in the next `t` opportunities);
    /// an input column with one of those names is replaced where it stands. The GIL is
    /// released while scoring. Raises `InvalidArgumentError` naming `table` for a
    /// missing column, or the column and row for a bad value.
    fn score<'py>(&self, table: &Bound<'py, PyAny>, t: f64) -> PyResult<Bound<'py, PyAny>> {
        let py = table.py();
        let input = Table::read(table)?;
        let columns = Columns::checked(
            py,
            [
                &input.floats("frequency")?,
                &input.floats("recency")?,
                &input.floats("n_periods")?,
            ],
            None,
        )?;
        let model = self.model;
        let score = || -> callwise::Result<_> {
            Ok((
                columns.each(|c| model.probability_alive(c))?,
                columns.each(|c| model.expected_purchases(t, c))?,
            ))
        };
        let (alive, purchases) = detach(py, || score().map_err(|e| python_names(e, "t")))?;
        input.with_columns(vec![("p_alive", alive), ("expected_purchases", purchases)])
    }
);
