//! Gamma-Gamma spend per purchase and customer lifetime value (`GammaGammaModel`).

use callwise::retention::{ClvOptions, GammaGamma, SpendData};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyType;

use super::common::{fit_options, model_class};
use super::purchase::{AnyPurchaseModel, customer_data, score_table};
use crate::args::IntArg;
use crate::columns::{column, columns_or_table, floats, optional_floats, same_length};
use crate::errors::{detach, to_py_err};

/// Repeat buyers' columns, checked by callwise as [`SpendData`].
fn spend_data(
    py: Python<'_>,
    frequency: &Bound<'_, PyAny>,
    monetary_value: &Bound<'_, PyAny>,
    weights: Option<&Bound<'_, PyAny>>,
) -> PyResult<SpendData> {
    let frequency = floats(frequency, "frequency")?;
    let monetary_value = floats(monetary_value, "monetary_value")?;
    let weights = optional_floats(weights, "weights")?;
    let weights = weights.as_ref().map(|w| w.as_slice()).transpose()?;
    SpendData::new(frequency.as_slice()?, monetary_value.as_slice()?, weights)
        .map_err(|e| to_py_err(py, e))
}

model_class!(
    /// Gamma-Gamma (Fader, Hardie and Lee 2005; Fader and Hardie, "The Gamma-Gamma model of
    /// monetary value"): each transaction's value is Gamma(p, ν), with ν ~ Gamma(q, gamma)
    /// across customers, independent of when they buy.
    ///
    /// Fit it to repeat buyers (`frequency` >= 1) and their mean spend per repeat purchase
    /// with `GammaGammaModel.fit(frequency, monetary_value)`, or build it from known
    /// parameters, `GammaGammaModel(p=, q=, gamma=)`. With a purchase model it gives
    /// customer lifetime value.
    ///
    /// >>> from callwise.retention import BetaGeoModel, GammaGammaModel
    /// >>> spend = GammaGammaModel(p=6.25, q=3.74, gamma=15.44)
    /// >>> spend.expected_spend([2, 0], [22.35, 0]).round(2)  # 0 purchases: the mean
    /// array([24.66, 35.22])
    /// >>> purchases = BetaGeoModel(r=0.243, alpha=4.414, a=0.793, b=2.426)
    /// >>> spend.customer_lifetime_value(purchases, 2, 30.43, 38.86, 22.35).round(2)
    /// array([36.29])
    GammaGammaModel(GammaGamma)
    [
        p: "p, the shape of each transaction's value.",
        q: "q, the shape of the gamma mixing the scale across customers.",
        gamma: "gamma, the scale of the gamma mixing the scale across customers.",
    ]

    /// The maximum-likelihood fit to repeat buyers: `frequency` (repeat purchases, whole
    /// numbers >= 1) and `monetary_value` (their mean value, > 0), optionally weighted:
    /// two columns, or one table holding them as the first argument.
    ///
    /// The options are those of `BetaGeoModel.fit`. The GIL is released while fitting.
    #[classmethod]
    #[pyo3(signature = (
        frequency, monetary_value = None, weights = None, *,
        max_iterations = None, max_evaluations = None, tolerance = None, initial = None,
        group_rows = true
    ))]
    #[allow(clippy::too_many_arguments)]
    fn fit(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        frequency: &Bound<'_, PyAny>,
        monetary_value: Option<&Bound<'_, PyAny>>,
        weights: Option<&Bound<'_, PyAny>>,
        max_iterations: Option<IntArg>,
        max_evaluations: Option<IntArg>,
        tolerance: Option<f64>,
        initial: Option<Vec<f64>>,
        group_rows: bool,
    ) -> PyResult<Self> {
        let c = columns_or_table(&["frequency", "monetary_value"], frequency, &[monetary_value])?;
        let weights = optional_floats(weights, "weights")?;
        let weights = weights.as_ref().map(|w| w.as_slice()).transpose()?;
        let data = SpendData::new(c[0].as_slice()?, c[1].as_slice()?, weights)
            .map_err(|e| to_py_err(py, e))?;
        let options = fit_options(py, max_iterations, max_evaluations, tolerance, initial, group_rows)?;
        Self::fitted(detach(py, || GammaGamma::fit(&data, &options)))
    }

    /// The log-likelihood of other (optionally weighted) repeat buyers under this model's
    /// parameters.
    #[pyo3(signature = (frequency, monetary_value, weights = None))]
    fn log_likelihood_of(
        &self,
        py: Python<'_>,
        frequency: &Bound<'_, PyAny>,
        monetary_value: &Bound<'_, PyAny>,
        weights: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<f64> {
        let data = spend_data(py, frequency, monetary_value, weights)?;
        let model = self.model;
        detach(py, || model.log_likelihood(&data))
    }

    /// Each customer's expected spend per purchase, given `frequency` purchases of mean
    /// value `monetary_value` (with `frequency` 0, the population mean), as a float64
    /// array.
    fn expected_spend<'py>(
        &self,
        py: Python<'py>,
        frequency: &Bound<'py, PyAny>,
        monetary_value: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let frequency = floats(frequency, "frequency")?.as_slice()?.to_vec();
        let monetary_value = floats(monetary_value, "monetary_value")?
            .as_slice()?
            .to_vec();
        same_length(
            py,
            &[
                ("frequency", frequency.len()),
                ("monetary_value", monetary_value.len()),
            ],
        )?;
        let model = self.model;
        let values = detach(py, || {
            frequency
                .iter()
                .zip(&monetary_value)
                .map(|(&x, &m)| model.expected_spend(x, m))
                .collect::<callwise::Result<Vec<f64>>>()
        })?;
        Ok(column(py, values))
    }

    /// Each customer's lifetime value over the next `months`: month by month, the
    /// purchases `model` (a `BetaGeoModel`, `ModifiedBetaGeoModel` or `ParetoNBDModel`)
    /// expects times the expected spend, discounted at `monthly_discount_rate`.
    ///
    /// `periods_per_month` is the number of the purchase model's time units in a month:
    /// 4.345 for weeks (the default), about 30.4 for days. The result is a float64 array.
    #[pyo3(signature = (
        model, frequency, recency, T, monetary_value,
        months = IntArg::from(i64::from(ClvOptions::default().months)),
        monthly_discount_rate = ClvOptions::default().monthly_discount_rate,
        periods_per_month = ClvOptions::default().periods_per_month
    ))]
    #[pyo3(
        text_signature = "($self, model, frequency, recency, T, monetary_value, months=12, \
                          monthly_discount_rate=0.01, periods_per_month=4.345)"
    )]
    #[allow(non_snake_case, clippy::too_many_arguments)]
    fn customer_lifetime_value<'py>(
        &self,
        py: Python<'py>,
        model: &Bound<'py, PyAny>,
        frequency: &Bound<'py, PyAny>,
        recency: &Bound<'py, PyAny>,
        T: &Bound<'py, PyAny>,
        monetary_value: &Bound<'py, PyAny>,
        months: IntArg,
        monthly_discount_rate: f64,
        periods_per_month: f64,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let purchases = AnyPurchaseModel::extract(model)?;
        let data = customer_data(py, frequency, recency, T, None)?;
        let monetary_value = floats(monetary_value, "monetary_value")?;
        let monetary_value = monetary_value.as_slice()?;
        let options = clv_options(py, months, monthly_discount_rate, periods_per_month)?;
        let spend = self.model;
        let values = detach(py, || {
            spend.lifetime_values(purchases.as_dyn(), &data, monetary_value, &options)
        })?;
        Ok(column(py, values.clv))
    }

    /// Scores a table of customers with `purchase_model` (a `BetaGeoModel`,
    /// `ModifiedBetaGeoModel` or `ParetoNBDModel`) and this spend model: the same table
    /// as `purchase_model.score(table, t, spend_model=self, ...)`, with the columns
    /// `p_alive`, `expected_purchases`, `expected_spend` and `clv` after the input's.
    /// `table` needs `frequency`, `recency`, `T` and `monetary_value`.
    #[pyo3(signature = (
        table, t, purchase_model, *,
        months = IntArg::from(i64::from(ClvOptions::default().months)),
        monthly_discount_rate = ClvOptions::default().monthly_discount_rate,
        periods_per_month = ClvOptions::default().periods_per_month
    ))]
    #[pyo3(
        text_signature = "($self, table, t, purchase_model, *, months=12, \
                          monthly_discount_rate=0.01, periods_per_month=4.345)"
    )]
    fn score<'py>(
        &self,
        table: &Bound<'py, PyAny>,
        t: f64,
        purchase_model: &Bound<'py, PyAny>,
        months: IntArg,
        monthly_discount_rate: f64,
        periods_per_month: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = table.py();
        let purchases = AnyPurchaseModel::extract(purchase_model)?;
        let options = clv_options(py, months, monthly_discount_rate, periods_per_month)?;
        score_table(table, purchases, t, Some((self.model, options)))
    }
);

/// The keyword options of customer lifetime value as the core's [`ClvOptions`] (checked
/// by the core when used).
pub fn clv_options(
    py: Python<'_>,
    months: IntArg,
    monthly_discount_rate: f64,
    periods_per_month: f64,
) -> PyResult<ClvOptions> {
    Ok(ClvOptions {
        months: months.convert(py, "months", u32::MAX)?,
        monthly_discount_rate,
        periods_per_month,
    })
}
