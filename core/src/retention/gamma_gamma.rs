//! Gamma-Gamma spend (Fader, Hardie and Lee 2005, "RFM and CLV: using iso-value curves
//! for customer base analysis"; Fader and Hardie's note "The Gamma-Gamma model of
//! monetary value"): each transaction's value is Gamma(p, ν) with ν ~ Gamma(q, γ) across
//! customers, independent of the purchase process. With a purchase model it gives
//! customer lifetime value.
//!
//! On the CDNOW repeat buyers the published fit is p = 6.25, q = 3.74, γ = 15.44;
//! `tests/retention_models.rs` reproduces it.

use super::beta_geo::check_model_params;
use super::data::{
    Customer, CustomerData, PurchaseModel, check_count, check_lengths, check_weights,
    likelihood_error,
};
use super::dual::Real;
use super::optimize::{
    FitOptions, FitReport, Objective, dual_cost, dual_gradient, dual_hessian, maximize,
};
use super::parallel::{map_rows, sum_rows};
use super::special::ln_gamma_real;
use crate::{Error, Result};

const NAMES: [&str; 3] = ["p", "q", "gamma"];

fn check_spend(frequency: f64, monetary_value: f64, row: Option<usize>) -> Result<()> {
    check_count("frequency", frequency, row)?;
    let at = row.map(|i| format!("row {i}: ")).unwrap_or_default();
    if frequency == 0.0 {
        return Err(Error::invalid_argument(
            "frequency",
            format!("{at}the spend model needs customers with at least one repeat purchase"),
        ));
    }
    if !(monetary_value.is_finite() && monetary_value > 0.0) {
        return Err(Error::invalid_argument(
            "monetary_value",
            format!("{at}must be positive and finite, got {monetary_value}"),
        ));
    }
    Ok(())
}

/// Repeat buyers' purchase counts and mean spend per purchase, with optional weights.
///
/// # Example
/// ```
/// use callwise::retention::SpendData;
/// assert!(SpendData::new(&[2.0, 1.0], &[22.35, 11.77], None).is_ok());
/// assert!(SpendData::new(&[0.0], &[10.0], None).is_err()); // no repeat purchase
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SpendData {
    frequency: Vec<f64>,
    monetary_value: Vec<f64>,
    weights: Vec<f64>,
}

impl SpendData {
    /// Checks and keeps the columns.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the column and row when lengths differ, a
    /// frequency is not a whole number `>= 1`, a monetary value is not positive and
    /// finite, or a weight is negative or not finite.
    ///
    /// # Example
    /// ```
    /// assert!(callwise::retention::SpendData::new(&[2.0], &[-1.0], None).is_err());
    /// ```
    pub fn new(
        frequency: &[f64],
        monetary_value: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<SpendData> {
        let n = check_lengths(&[
            ("frequency", frequency.len()),
            ("monetary_value", monetary_value.len()),
        ])?;
        for i in 0..n {
            check_spend(frequency[i], monetary_value[i], Some(i))?;
        }
        Ok(SpendData {
            frequency: frequency.to_vec(),
            monetary_value: monetary_value.to_vec(),
            weights: check_weights(weights, n)?,
        })
    }

    /// The number of rows.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::SpendData::new(&[1.0], &[5.0], None).unwrap().len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.frequency.len()
    }

    /// Whether there are no rows.
    ///
    /// # Example
    /// ```
    /// assert!(callwise::retention::SpendData::new(&[], &[], None).unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.frequency.is_empty()
    }
}

/// How customer lifetime value is summed: month by month, discounted.
///
/// # Example
/// ```
/// let o = callwise::retention::ClvOptions::default();
/// assert_eq!((o.months, o.monthly_discount_rate, o.periods_per_month), (12, 0.01, 4.345));
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClvOptions {
    /// Months ahead to sum over.
    pub months: u32,
    /// The discount rate per month.
    pub monthly_discount_rate: f64,
    /// The purchase model's time units in a month: 4.345 for weeks, 30 for days.
    pub periods_per_month: f64,
}

impl Default for ClvOptions {
    fn default() -> Self {
        ClvOptions {
            months: 12,
            monthly_discount_rate: 0.01,
            periods_per_month: 4.345,
        }
    }
}

/// Gamma-Gamma with known or fitted parameters.
///
/// # Example
/// ```
/// let m = callwise::retention::GammaGamma::new(6.25, 3.74, 15.44).unwrap();
/// // A customer's expected spend is pulled from their own mean towards the population's.
/// let spend = m.expected_spend(2.0, 22.35).unwrap();
/// assert!(spend > 22.35 && spend < 6.25 * 15.44 / 2.74);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GammaGamma {
    p: f64,
    q: f64,
    gamma: f64,
}

impl GammaGamma {
    /// The model with known parameters.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a parameter is outside [1e-9, 1e9] (not finite, or
    /// too small or large for the formulas to keep their digits).
    ///
    /// # Example
    /// ```
    /// assert!(callwise::retention::GammaGamma::new(6.25, 0.0, 15.44).is_err());
    /// ```
    pub fn new(p: f64, q: f64, gamma: f64) -> Result<GammaGamma> {
        check_model_params(&NAMES, &[p, q, gamma])?;
        Ok(GammaGamma { p, q, gamma })
    }

    /// The maximum-likelihood fit to repeat buyers' spend.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when there is no row with a positive weight;
    /// [`Error::NotConverged`] (with the best point) when no method converges.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{FitOptions, GammaGamma, SpendData};
    /// let data = SpendData::new(
    ///     &[1.0, 2.0, 5.0, 1.0, 3.0, 2.0, 4.0, 1.0, 6.0, 2.0],
    ///     &[20.0, 35.0, 28.0, 12.0, 60.0, 22.0, 31.0, 45.0, 25.0, 18.0],
    ///     None,
    /// ).unwrap();
    /// let (m, report) = GammaGamma::fit(&data, &FitOptions::default()).unwrap();
    /// assert!(m.p() > 0.0 && report.log_likelihood.is_finite());
    /// ```
    pub fn fit(data: &SpendData, options: &FitOptions) -> Result<(GammaGamma, FitReport)> {
        let total: f64 = data.weights.iter().sum();
        if total <= 0.0 {
            return Err(Error::invalid_argument(
                "frequency",
                "Gamma-Gamma needs at least one row with a positive weight",
            ));
        }
        let objective = SpendObjective { data, total };
        let (p, report) = maximize(
            &objective,
            None,
            "Gamma-Gamma",
            &[1.0, 1.0, 1.0],
            options,
            data.len(),
            data.len(),
        )?;
        Ok((
            GammaGamma {
                p: p[0],
                q: p[1],
                gamma: p[2],
            },
            report,
        ))
    }

    /// p, the shape of each transaction's value.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::GammaGamma::new(6.25, 3.74, 15.44).unwrap().p(), 6.25);
    /// ```
    pub fn p(&self) -> f64 {
        self.p
    }

    /// q, the shape of the gamma mixing the scale across customers.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::GammaGamma::new(6.25, 3.74, 15.44).unwrap().q(), 3.74);
    /// ```
    pub fn q(&self) -> f64 {
        self.q
    }

    /// γ, the scale of the gamma mixing the scale across customers.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::GammaGamma::new(6.25, 3.74, 15.44).unwrap().gamma(), 15.44);
    /// ```
    pub fn gamma(&self) -> f64 {
        self.gamma
    }

    /// The parameters as `(name, value)` in the paper's order.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::GammaGamma::new(6.25, 3.74, 15.44).unwrap().params()[2], ("gamma", 15.44));
    /// ```
    pub fn params(&self) -> [(&'static str, f64); 3] {
        [("p", self.p), ("q", self.q), ("gamma", self.gamma)]
    }

    fn log_likelihood_row(&self, x: f64, m: f64) -> f64 {
        row_log_likelihood([self.p, self.q, self.gamma], x, m)
    }

    /// The log-likelihood of (weighted) rows, on the paper's scale: finite, or an error.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first row whose likelihood is not finite (no
    /// parameters in the model's range give one; the check keeps the promise that no NaN
    /// or infinity comes back).
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{GammaGamma, SpendData};
    /// let m = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    /// let ll = m.log_likelihood(&SpendData::new(&[2.0], &[22.35], None).unwrap()).unwrap();
    /// assert!((ll - -3.551_316_759_731_705).abs() < 1e-12); // mpmath, 30 digits
    /// ```
    pub fn log_likelihood(&self, data: &SpendData) -> Result<f64> {
        let rows = map_rows(data.len(), |i| {
            let v = data.weights[i]
                * self.log_likelihood_row(data.frequency[i], data.monetary_value[i]);
            if v.is_finite() {
                Ok(v)
            } else {
                Err(likelihood_error("Gamma-Gamma", Some(i)))
            }
        })?;
        Ok(rows.iter().sum())
    }

    /// E[spend per purchase | x purchases with mean `monetary_value`]:
    /// `p (γ + x m) / (p x + q − 1)`. With `frequency` 0 it is the population mean
    /// `p γ / (q − 1)` (and `monetary_value` is ignored).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `frequency` is not a whole number `>= 0`,
    /// `monetary_value` is not finite and `>= 0`, or the mean does not exist
    /// (`p x + q <= 1`).
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    /// assert!((m.expected_spend(0.0, 0.0).unwrap() - 6.25 * 15.44 / 2.74).abs() < 1e-9);
    /// ```
    pub fn expected_spend(&self, frequency: f64, monetary_value: f64) -> Result<f64> {
        check_count("frequency", frequency, None)?;
        super::data::check_non_negative("monetary_value", monetary_value, None)?;
        let denominator = self.p * frequency + self.q - 1.0;
        if denominator <= 0.0 {
            return Err(Error::invalid_argument(
                "q",
                format!(
                    "the expected spend does not exist when p·x + q <= 1 (q = {})",
                    self.q
                ),
            ));
        }
        Ok(self.p * (self.gamma + frequency * monetary_value) / denominator)
    }

    /// Customer lifetime value: month by month, the purchases `model` expects times the
    /// expected spend, discounted (the sum lifetimes' `customer_lifetime_value` makes).
    /// One customer's [`GammaGamma::lifetime_values`].
    ///
    /// # Errors
    /// As [`GammaGamma::lifetime_values`].
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{BetaGeo, ClvOptions, Customer, GammaGamma};
    /// let spend = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    /// let purchases = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    /// let c = Customer::new(2.0, 30.43, 38.86).unwrap();
    /// let clv = spend.customer_lifetime_value(&purchases, &c, 22.35, &ClvOptions::default()).unwrap();
    /// assert!((clv - 36.29).abs() < 0.005);
    /// let forever = ClvOptions { months: u32::MAX, ..ClvOptions::default() };
    /// assert!(spend.customer_lifetime_value(&purchases, &c, 22.35, &forever).is_err());
    /// ```
    pub fn customer_lifetime_value(
        &self,
        model: &dyn PurchaseModel,
        customer: &Customer,
        monetary_value: f64,
        options: &ClvOptions,
    ) -> Result<f64> {
        // One customer: its value's errors without a row.
        self.expected_spend(customer.frequency(), monetary_value)?;
        let one = CustomerData::new(
            &[customer.frequency()],
            &[customer.recency()],
            &[customer.t()],
            None,
        )?;
        Ok(self
            .lifetime_values(model, &one, &[monetary_value], options)?
            .clv[0])
    }

    /// Every customer's expected spend per purchase and lifetime value: over the next
    /// `options.months` months, each month's purchases (as `model` expects them, from
    /// the customer's history in `data`) times the expected spend (from the customer's
    /// `monetary_value`), discounted by `(1 + monthly_discount_rate)^−month`: the sum
    /// lifetimes' `customer_lifetime_value` makes.
    ///
    /// The months are summed by the model's [`PurchaseModel::weighted_purchases`]: for
    /// Pareto/NBD in closed form (a power per month), for BG/NBD and MBG/NBD once per
    /// distinct (frequency, T) pair. Customers are spread over rayon's threads.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the options are out of range (`months` above
    /// 1,200, a century; a discount rate of −1 or less, or so close to it that the
    /// discount factors overflow; `periods_per_month` not positive), `monetary_value`
    /// has another length or a bad value (naming the row), a value does not exist
    /// ([`GammaGamma::expected_spend`]) or is not finite, or a score fails;
    /// [`Error::Interrupted`] when the caller's check says stop.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{BetaGeo, ClvOptions, CustomerData, GammaGamma};
    /// let spend = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    /// let purchases = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    /// let data = CustomerData::new(&[2.0, 0.0], &[30.43, 0.0], &[38.86, 38.86], None).unwrap();
    /// let values = spend.lifetime_values(&purchases, &data, &[22.35, 0.0], &ClvOptions::default()).unwrap();
    /// assert!(values.clv[0] > values.clv[1]); // the repeat buyer is worth more
    /// assert!((values.expected_spend[1] - 6.25 * 15.44 / 2.74).abs() < 1e-9);
    /// ```
    pub fn lifetime_values(
        &self,
        model: &dyn PurchaseModel,
        data: &CustomerData,
        monetary_value: &[f64],
        options: &ClvOptions,
    ) -> Result<SpendScores> {
        let (ends, discounts) = months(options)?;
        check_lengths(&[
            ("frequency", data.len()),
            ("monetary_value", monetary_value.len()),
        ])?;
        let (frequency, _, _) = data.columns();
        let expected_spend = map_rows(data.len(), |i| {
            super::data::check_non_negative("monetary_value", monetary_value[i], Some(i))?;
            self.expected_spend(frequency[i], monetary_value[i])
        })?;
        let purchases = model.weighted_purchases(data, &ends, &discounts)?;
        let clv = expected_spend
            .iter()
            .zip(&purchases)
            .enumerate()
            .map(|(i, (spend, bought))| {
                let value = spend * bought;
                if value.is_finite() {
                    Ok(value)
                } else {
                    Err(Error::invalid_argument(
                        "monthly_discount_rate",
                        format!(
                            "row {i}: the discounted value is not finite at a rate of {}",
                            options.monthly_discount_rate
                        ),
                    ))
                }
            })
            .collect::<Result<Vec<f64>>>()?;
        Ok(SpendScores {
            expected_spend,
            clv,
        })
    }
}

/// Every customer's expected spend per purchase and lifetime value, row for row
/// ([`GammaGamma::lifetime_values`]).
///
/// # Example
/// See [`GammaGamma::lifetime_values`].
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SpendScores {
    /// Expected spend per purchase.
    pub expected_spend: Vec<f64>,
    /// Customer lifetime value over the options' months.
    pub clv: Vec<f64>,
}

/// The longest horizon [`GammaGamma::lifetime_values`] sums over: a century, 1,200 month
/// ends per customer at most.
const MAX_MONTHS: u32 = 1200;

/// The month ends in the purchase model's unit and their discount factors
/// (1 + rate)^−month, checked.
fn months(options: &ClvOptions) -> Result<(Vec<f64>, Vec<f64>)> {
    let rate = options.monthly_discount_rate;
    if !(rate.is_finite() && rate > -1.0) {
        return Err(Error::invalid_argument(
            "monthly_discount_rate",
            format!("must be finite and > -1, got {rate}"),
        ));
    }
    if !(options.periods_per_month.is_finite() && options.periods_per_month > 0.0) {
        return Err(Error::invalid_argument(
            "periods_per_month",
            format!(
                "must be positive and finite, got {}",
                options.periods_per_month
            ),
        ));
    }
    if options.months > MAX_MONTHS {
        return Err(Error::invalid_argument(
            "months",
            format!("must be at most {MAX_MONTHS}, got {}", options.months),
        ));
    }
    let ln_growth = rate.ln_1p();
    let ends: Vec<f64> = (1..=options.months)
        .map(|m| f64::from(m) * options.periods_per_month)
        .collect();
    let discounts: Vec<f64> = (1..=options.months)
        .map(|m| (-f64::from(m) * ln_growth).exp())
        .collect();
    // A rate near −1 makes money grow a hundredfold a month: past e^700 the factors
    // are infinite, and no value can be given.
    if discounts
        .last()
        .is_some_and(|d| !(d.is_finite() && *d < 1e300))
    {
        return Err(Error::invalid_argument(
            "monthly_discount_rate",
            format!(
                "discounting {} months at {rate} overflows (the factor (1 + rate)^-months passes 1e300)",
                options.months
            ),
        ));
    }
    if let Some(m) = ends.iter().position(|e| !e.is_finite()) {
        return Err(Error::invalid_argument(
            "periods_per_month",
            format!("month {} ends past the largest number", m + 1),
        ));
    }
    Ok((ends, discounts))
}

struct SpendObjective<'a> {
    data: &'a SpendData,
    total: f64,
}

/// One repeat buyer's log-likelihood (x purchases of mean value m), generic so the fit
/// runs it on dual numbers for its gradient and Hessian.
fn row_log_likelihood<T: Real>(params: [T; 3], x: f64, m: f64) -> T {
    let [p, q, g] = params;
    let px = p * x;
    ln_gamma_real(px + q) - ln_gamma_real(px) - ln_gamma_real(q)
        + q * g.ln()
        + (px - 1.0) * m.ln()
        + px * x.ln()
        - (px + q) * (g + x * m).ln()
}

impl SpendObjective<'_> {
    /// −LL / W on plain or dual numbers, the rows summed in fixed chunks.
    fn mean_cost<T: Real + Send + Sync>(&self, p: [T; 3]) -> Option<T> {
        if !p.iter().all(|v| v.val().is_finite() && v.val() > 0.0) {
            return None;
        }
        let data = self.data;
        let ll = sum_rows(data.len(), T::cst(0.0), |i| {
            let v =
                row_log_likelihood(p, data.frequency[i], data.monetary_value[i]) * data.weights[i];
            v.val().is_finite().then_some(v)
        })?;
        Some(-ll / self.total)
    }
}

impl Objective for SpendObjective<'_> {
    fn names(&self) -> &'static [&'static str] {
        &NAMES
    }
    fn cost(&self, theta: &[f64]) -> f64 {
        dual_cost(theta, |p: [f64; 3]| self.mean_cost(p))
    }
    /// The exact gradient, on dual numbers.
    fn cost_gradient(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        dual_gradient(theta, grad, |p| self.mean_cost(p))
    }
    /// The exact Hessian, on second-order dual numbers.
    fn cost_hessian(&self, theta: &[f64], grad: &mut [f64], hess: &mut [f64]) -> Option<f64> {
        dual_hessian(theta, grad, hess, |p| self.mean_cost(p))
    }
    fn has_hessian(&self) -> bool {
        true
    }
    fn total_weight(&self) -> f64 {
        self.total
    }
}
