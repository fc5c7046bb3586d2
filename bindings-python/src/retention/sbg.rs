//! The shifted-beta-geometric model of contractual retention (`ShiftedBetaGeoModel`).

use callwise::retention::ShiftedBetaGeo;
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyType;

use super::common::{at_row, each_value, fit_options, model_class};
use crate::args::IntArg;
use crate::columns::{Table, bools, floats, optional_floats};
use crate::errors::detach;

model_class!(
    /// The shifted-beta-geometric model (Fader and Hardie 2007, "How to project customer
    /// retention"): at each renewal a member lapses with a probability θ that is fixed for
    /// the member and Beta(alpha, beta) across members, so a cohort's retention rate rises
    /// with tenure, as membership data show.
    ///
    /// Fit it to one cohort's survivor counts with `ShiftedBetaGeoModel.fit(survivors)`
    /// (`survivors[0]` members at the start, `survivors[t]` still members after renewal
    /// `t`), to member records with `ShiftedBetaGeoModel.fit_members(renewals, lapsed)`, or
    /// build it from known parameters, `ShiftedBetaGeoModel(alpha=, beta=)`. Renewal counts
    /// `t` are whole numbers; every method takes an array of them (or one) and gives a
    /// float64 array.
    ///
    /// >>> from callwise.retention import ShiftedBetaGeoModel
    /// >>> model = ShiftedBetaGeoModel.fit([1000, 631, 468, 382, 326, 289, 262, 241])
    /// >>> round(model.alpha, 3), round(model.beta, 3)
    /// (0.704, 1.182)
    /// >>> model.survival([0, 1, 12]).round(3)
    /// array([1.   , 0.627, 0.17 ])
    /// >>> model.retention_rate([1, 2, 12]).round(3)  # rises with tenure
    /// array([0.627, 0.756, 0.945])
    /// >>> model.renewal_probability(6).round(3)  # after six renewals
    /// array([0.911])
    ShiftedBetaGeoModel(ShiftedBetaGeo)
    [
        alpha: "alpha, the first shape of the beta mixing the members' lapse probabilities.",
        beta: "beta, the second shape of the beta mixing the members' lapse probabilities.",
    ]

    /// The fit to one cohort's survivor counts: `survivors[0]` members at the start,
    /// `survivors[t]` still members after renewal `t` (whole numbers, never rising).
    ///
    /// The options are those of `BetaGeoModel.fit`. The GIL is released while fitting.
    #[classmethod]
    #[pyo3(signature = (
        survivors, *, max_iterations = None, max_evaluations = None, tolerance = None,
        initial = None, group_rows = true
    ))]
    #[allow(clippy::too_many_arguments)]
    fn fit(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        survivors: &Bound<'_, PyAny>,
        max_iterations: Option<IntArg>,
        max_evaluations: Option<IntArg>,
        tolerance: Option<f64>,
        initial: Option<Vec<f64>>,
        group_rows: bool,
    ) -> PyResult<Self> {
        let survivors = floats(survivors, "survivors")?.as_slice()?.to_vec();
        let options = fit_options(py, max_iterations, max_evaluations, tolerance, initial, group_rows)?;
        Self::fitted(detach(py, || ShiftedBetaGeo::fit_cohort(&survivors, &options)))
    }

    /// The fit to member records: each member's `renewals` so far (whole numbers) and
    /// whether they have `lapsed` (booleans; a lapsed member with `k` renewals lapsed at
    /// renewal `k + 1`), optionally weighted.
    ///
    /// The options are those of `BetaGeoModel.fit`. The GIL is released while fitting.
    ///
    /// >>> from callwise.retention import ShiftedBetaGeoModel
    /// >>> model = ShiftedBetaGeoModel.fit_members(
    /// ...     [0, 0, 1, 3, 5, 2, 0, 4], [True, True, True, False, False, True, False, False])
    /// >>> bool(model.renewal_probability(3)[0] > model.renewal_probability(0)[0])
    /// True
    #[classmethod]
    #[pyo3(signature = (
        renewals, lapsed, weights = None, *,
        max_iterations = None, max_evaluations = None, tolerance = None, initial = None,
        group_rows = true
    ))]
    #[allow(clippy::too_many_arguments)]
    fn fit_members(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        renewals: &Bound<'_, PyAny>,
        lapsed: &Bound<'_, PyAny>,
        weights: Option<&Bound<'_, PyAny>>,
        max_iterations: Option<IntArg>,
        max_evaluations: Option<IntArg>,
        tolerance: Option<f64>,
        initial: Option<Vec<f64>>,
        group_rows: bool,
    ) -> PyResult<Self> {
        let renewals = floats(renewals, "renewals")?.as_slice()?.to_vec();
        let lapsed = bools(lapsed, "lapsed")?;
        let weights = optional_floats(weights, "weights")?
            .map(|w| w.as_slice().map(<[f64]>::to_vec))
            .transpose()?;
        let options = fit_options(py, max_iterations, max_evaluations, tolerance, initial, group_rows)?;
        Self::fitted(detach(py, || {
            ShiftedBetaGeo::fit_members(&renewals, &lapsed, weights.as_deref(), &options)
        }))
    }

    /// S(t): the share of a new cohort still members after `t` renewals (S(0) = 1).
    fn survival<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let model = self.model;
        each_value(py, t, "t", move |t| model.survival(t))
    }

    /// S(t) / S(t - 1): the share of members with `t - 1` renewals who renew a `t`-th
    /// time (`t` >= 1).
    fn retention_rate<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let model = self.model;
        each_value(py, t, "t", move |t| model.retention_rate(t))
    }

    /// P(T = t): the share of a new cohort that lapses at renewal `t` (`t` >= 1).
    fn churn_probability<'py>(
        &self,
        py: Python<'py>,
        t: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let model = self.model;
        each_value(py, t, "t", move |t| model.churn_probability(t))
    }

    /// The probability that a member who has renewed `renewals` times renews once more.
    fn renewal_probability<'py>(
        &self,
        py: Python<'py>,
        renewals: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let model = self.model;
        each_value(py, renewals, "renewals", move |k| {
            model.renewal_probability(k)
        })
    }

    /// The discounted expected residual lifetime of a member who has renewed `renewals`
    /// times (Fader and Hardie 2010): the payments still to come, the next one
    /// undiscounted, each later one discounted at `discount_rate` (> 0) per period.
    /// Multiply by the dues for a value.
    fn discounted_expected_residual_lifetime<'py>(
        &self,
        py: Python<'py>,
        renewals: &Bound<'py, PyAny>,
        discount_rate: f64,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let model = self.model;
        each_value(py, renewals, "renewals", move |k| {
            model.discounted_expected_residual_lifetime(k, discount_rate)
        })
    }

    /// Scores a table of members still active: `table` (a pyarrow Table or RecordBatch, a
    /// pandas or polars DataFrame, a mapping of names to columns, or any Arrow stream)
    /// with the column `renewals` (renewals made so far, a whole number); other columns
    /// are carried along.
    ///
    /// Returns a pyarrow Table: the input's columns, then `p_renew` (the probability of
    /// renewing once more, as `renewal_probability`), and with `discount_rate` also
    /// `expected_residual_lifetime` (as `discounted_expected_residual_lifetime`). An
    /// input column with one of those names is replaced where it stands.
    #[pyo3(signature = (table, *, discount_rate = None))]
    fn score<'py>(
        &self,
        table: &Bound<'py, PyAny>,
        discount_rate: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = table.py();
        let input = Table::read(table)?;
        let renewals = input.floats("renewals")?;
        let renewals = renewals.as_slice()?;
        let model = self.model;
        let columns = detach(py, || -> callwise::Result<_> {
                let mut columns = vec![(
                    "p_renew",
                    renewals
                        .iter()
                        .enumerate()
                        .map(|(i, &k)| model.renewal_probability(k).map_err(|e| at_row(&["renewals"], i, e)))
                        .collect::<callwise::Result<Vec<f64>>>()?,
                )];
                if let Some(rate) = discount_rate {
                    columns.push((
                        "expected_residual_lifetime",
                        renewals
                            .iter()
                            .enumerate()
                            .map(|(i, &k)| {
                                model
                                    .discounted_expected_residual_lifetime(k, rate)
                                    .map_err(|e| at_row(&["renewals"], i, e))
                            })
                            .collect::<callwise::Result<Vec<f64>>>()?,
                    ));
                }
                Ok(columns)
            })?;
        input.with_columns(columns)
    }
);
