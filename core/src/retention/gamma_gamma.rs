//! Gamma-Gamma spend (Fader, Hardie and Lee 2005, "RFM and CLV: using iso-value curves
//! for customer base analysis"; Fader and Hardie's note "The Gamma-Gamma model of
//! monetary value"): each transaction's value is Gamma(p, ν) with ν ~ Gamma(q, γ) across
//! customers, independent of the purchase process. With a purchase model it gives
//! customer lifetime value.
//!
//! On the CDNOW repeat buyers the published fit is p = 6.25, q = 3.74, γ = 15.44;
//! `tests/retention_models.rs` reproduces it.

use super::beta_geo::{check_model_params, check_params};
use super::data::{Customer, PurchaseModel, check_count, check_lengths, check_weights};
use super::optimize::{FitOptions, FitReport, Objective, maximize};
use super::special::ln_gamma;
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
        let (p, q, g) = (self.p, self.q, self.gamma);
        let px = p * x;
        ln_gamma(px + q) - ln_gamma(px) - ln_gamma(q)
            + q * g.ln()
            + (px - 1.0) * m.ln()
            + px * x.ln()
            - (px + q) * (x * m + g).ln()
    }

    /// The log-likelihood of (weighted) rows, on the paper's scale.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{GammaGamma, SpendData};
    /// let m = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    /// assert!(m.log_likelihood(&SpendData::new(&[2.0], &[22.35], None).unwrap()).is_finite());
    /// ```
    pub fn log_likelihood(&self, data: &SpendData) -> f64 {
        (0..data.len())
            .map(|i| {
                data.weights[i] * self.log_likelihood_row(data.frequency[i], data.monetary_value[i])
            })
            .sum()
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
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the options are out of range (`months` above
    /// 1,200, a century, included) or a score fails.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{BetaGeo, ClvOptions, Customer, GammaGamma};
    /// let spend = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    /// let purchases = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    /// let c = Customer::new(2.0, 30.43, 38.86).unwrap();
    /// let clv = spend.customer_lifetime_value(&purchases, &c, 22.35, &ClvOptions::default()).unwrap();
    /// assert!(clv > 0.0);
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
        if !(options.monthly_discount_rate.is_finite() && options.monthly_discount_rate > -1.0) {
            return Err(Error::invalid_argument(
                "monthly_discount_rate",
                format!(
                    "must be finite and > -1, got {}",
                    options.monthly_discount_rate
                ),
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
        let spend = self.expected_spend(customer.frequency(), monetary_value)?;
        let mut value = 0.0;
        let mut before = 0.0;
        for month in 1..=options.months {
            let now =
                model.expected_purchases(month as f64 * options.periods_per_month, customer)?;
            value +=
                (now - before) * spend / (1.0 + options.monthly_discount_rate).powi(month as i32);
            before = now;
        }
        Ok(value)
    }
}

/// The longest horizon [`GammaGamma::customer_lifetime_value`] sums over: a century.
/// Each month costs one expected-purchases evaluation, so an unbounded count would hang.
const MAX_MONTHS: u32 = 1200;

struct SpendObjective<'a> {
    data: &'a SpendData,
    total: f64,
}

impl Objective for SpendObjective<'_> {
    fn names(&self) -> &'static [&'static str] {
        &NAMES
    }
    fn cost(&self, theta: &[f64]) -> f64 {
        let m = GammaGamma {
            p: theta[0].exp(),
            q: theta[1].exp(),
            gamma: theta[2].exp(),
        };
        if check_params(&NAMES, &[m.p, m.q, m.gamma]).is_err() {
            return f64::INFINITY;
        }
        -m.log_likelihood(self.data) / self.total
    }
    fn total_weight(&self) -> f64 {
        self.total
    }
}
