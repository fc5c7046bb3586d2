//! The shifted-beta-geometric model of contractual retention (Fader and Hardie 2007,
//! "How to project customer retention"): at each renewal a member lapses with a
//! probability θ that is fixed for the member and Beta(α, β) across members. Members
//! with a high θ leave early, so a cohort's retention rate rises with tenure, which is
//! what membership data show and a single churn rate cannot.
//!
//! With T the renewal at which a member lapses (T = 1: never renewed):
//! `P(T = t) = B(α + 1, β + t − 1) / B(α, β)`, the survival `S(t) = B(α, β + t) / B(α, β)`
//! and the retention rate `r_t = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1)`, all
//! computed by those ratios' recursions.

use super::beta_geo::{check_model_params, check_params};
use super::data::{check_count, check_lengths, check_non_negative, check_weights};
use super::optimize::{FitOptions, FitReport, Objective, maximize};
use crate::{Error, Result};

const NAMES: [&str; 2] = ["alpha", "beta"];

/// The shifted-beta-geometric model with known or fitted parameters.
///
/// On the "regular" and "high end" cohorts of Fader and Hardie (2007), fitted to
/// years 1-7, the published parameters are α = 0.704, β = 1.182 and α = 0.668,
/// β = 3.806; `tests/retention_models.rs` reproduces both.
///
/// # Example
/// ```
/// let m = callwise::retention::ShiftedBetaGeo::new(0.704, 1.182).unwrap();
/// // Retention rises with tenure.
/// assert!(m.retention_rate(5.0).unwrap() > m.retention_rate(1.0).unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShiftedBetaGeo {
    alpha: f64,
    beta: f64,
}

fn check_period(name: &'static str, t: f64, min: f64) -> Result<u32> {
    check_count(name, t, None)?;
    if t < min {
        return Err(Error::invalid_argument(
            name,
            format!("must be >= {min}, got {t}"),
        ));
    }
    Ok(t as u32)
}

impl ShiftedBetaGeo {
    /// The model with known parameters.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a parameter is outside [1e-9, 1e9] (not finite, or
    /// too small or large for the formulas to keep their digits).
    ///
    /// # Example
    /// ```
    /// assert!(callwise::retention::ShiftedBetaGeo::new(0.0, 1.0).is_err());
    /// ```
    pub fn new(alpha: f64, beta: f64) -> Result<ShiftedBetaGeo> {
        check_model_params(&NAMES, &[alpha, beta])?;
        Ok(ShiftedBetaGeo { alpha, beta })
    }

    /// The fit to one cohort's survivor counts: `survivors[0]` members at the start,
    /// `survivors[t]` still members after renewal `t`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when there are fewer than two counts, a count is not a
    /// whole number, or a count exceeds the one before; [`Error::NotConverged`] when no
    /// method converges.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{FitOptions, ShiftedBetaGeo};
    /// let (m, report) = ShiftedBetaGeo::fit_cohort(&[1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0], &FitOptions::default()).unwrap();
    /// assert_eq!((m.alpha() * 1000.0).round(), 704.0);
    /// assert_eq!((report.log_likelihood * 10.0).round() / 10.0, -1680.3);
    /// ```
    pub fn fit_cohort(
        survivors: &[f64],
        options: &FitOptions,
    ) -> Result<(ShiftedBetaGeo, FitReport)> {
        if survivors.len() < 2 {
            return Err(Error::invalid_argument(
                "survivors",
                "needs the starting count and at least one more",
            ));
        }
        let mut lost = Vec::with_capacity(survivors.len() - 1);
        for (i, n) in survivors.iter().enumerate() {
            check_count("survivors", *n, Some(i))?;
            if i > 0 {
                if *n > survivors[i - 1] {
                    return Err(Error::invalid_argument(
                        "survivors",
                        format!(
                            "row {i}: {n} survivors after {} (counts cannot rise)",
                            survivors[i - 1]
                        ),
                    ));
                }
                lost.push(survivors[i - 1] - n);
            }
        }
        let still = survivors[survivors.len() - 1];
        Self::fit_counts(lost, still, options, survivors.len() - 1)
    }

    /// The fit to member records: each member's renewals so far and whether they have
    /// lapsed (a lapsed member with `k` renewals lapsed at renewal `k + 1`; an active one
    /// has survived `k` renewals), with optional weights.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when lengths differ, a renewal count is not a whole
    /// number, a weight is negative, or there is no member with a positive weight;
    /// [`Error::NotConverged`] when no method converges.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{FitOptions, ShiftedBetaGeo};
    /// let renewals = [0.0, 0.0, 1.0, 3.0, 5.0, 2.0, 0.0, 4.0];
    /// let lapsed = [true, true, true, false, false, true, false, false];
    /// let (m, _) = ShiftedBetaGeo::fit_members(&renewals, &lapsed, None, &FitOptions::default()).unwrap();
    /// assert!(m.renewal_probability(3.0).unwrap() > m.renewal_probability(0.0).unwrap());
    /// ```
    pub fn fit_members(
        renewals: &[f64],
        lapsed: &[bool],
        weights: Option<&[f64]>,
        options: &FitOptions,
    ) -> Result<(ShiftedBetaGeo, FitReport)> {
        let n = check_lengths(&[("renewals", renewals.len()), ("lapsed", lapsed.len())])?;
        let weights = check_weights(weights, n)?;
        let mut horizon = 0usize;
        for (i, k) in renewals.iter().enumerate() {
            check_count("renewals", *k, Some(i))?;
            horizon = horizon.max(*k as usize + 1);
        }
        // Lapses at renewal t (index t − 1) and survivors of exactly t renewals.
        let mut lost = vec![0.0; horizon];
        let mut alive_at = vec![0.0; horizon + 1];
        for i in 0..n {
            let k = renewals[i] as usize;
            if lapsed[i] {
                lost[k] += weights[i];
            } else {
                alive_at[k] += weights[i];
            }
        }
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return Err(Error::invalid_argument(
                "renewals",
                "needs at least one member with a positive weight",
            ));
        }
        let objective = SbgObjective {
            lost,
            censored: alive_at,
            total,
        };
        let (p, report) = maximize(&objective, None, "sBG", &[1.0, 1.0], options, n, horizon)?;
        Ok((
            ShiftedBetaGeo {
                alpha: p[0],
                beta: p[1],
            },
            report,
        ))
    }

    fn fit_counts(
        lost: Vec<f64>,
        still: f64,
        options: &FitOptions,
        periods: usize,
    ) -> Result<(ShiftedBetaGeo, FitReport)> {
        let mut censored = vec![0.0; periods + 1];
        censored[periods] = still;
        let total = lost.iter().sum::<f64>() + still;
        if total <= 0.0 {
            return Err(Error::invalid_argument("survivors", "the cohort is empty"));
        }
        let objective = SbgObjective {
            lost,
            censored,
            total,
        };
        let (p, report) = maximize(
            &objective,
            None,
            "sBG",
            &[1.0, 1.0],
            options,
            periods + 1,
            periods + 1,
        )?;
        Ok((
            ShiftedBetaGeo {
                alpha: p[0],
                beta: p[1],
            },
            report,
        ))
    }

    /// α, the first shape of the lapse probability's beta.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::ShiftedBetaGeo::new(0.7, 1.2).unwrap().alpha(), 0.7);
    /// ```
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// β, the second shape of the lapse probability's beta.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::ShiftedBetaGeo::new(0.7, 1.2).unwrap().beta(), 1.2);
    /// ```
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// The parameters as `(name, value)` in the paper's order.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::ShiftedBetaGeo::new(0.7, 1.2).unwrap().params()[0], ("alpha", 0.7));
    /// ```
    pub fn params(&self) -> [(&'static str, f64); 2] {
        [("alpha", self.alpha), ("beta", self.beta)]
    }

    /// S(t): the share of a new cohort still members after `t` renewals (S(0) = 1).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `t` is not a whole number `>= 0`.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::ShiftedBetaGeo::new(0.704, 1.182).unwrap();
    /// assert_eq!(m.survival(0.0).unwrap(), 1.0);
    /// assert!((m.survival(1.0).unwrap() - 1.182 / (0.704 + 1.182)).abs() < 1e-15);
    /// ```
    pub fn survival(&self, t: f64) -> Result<f64> {
        let t = check_period("t", t, 0.0)?;
        Ok(self.survival_from(0, t))
    }

    /// S(from + n) / S(from): surviving n more renewals after `from`.
    fn survival_from(&self, from: u32, n: u32) -> f64 {
        let (a, b) = (self.alpha, self.beta);
        let mut s = 1.0;
        for i in 1..=n {
            let t = (from + i) as f64;
            s *= (b + t - 1.0) / (a + b + t - 1.0);
        }
        s
    }

    /// r_t = S(t) / S(t − 1): the share of members with t − 1 renewals who renew a t-th
    /// time.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `t` is not a whole number `>= 1`.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::ShiftedBetaGeo::new(0.704, 1.182).unwrap();
    /// assert!((m.retention_rate(1.0).unwrap() - m.survival(1.0).unwrap()).abs() < 1e-15);
    /// ```
    pub fn retention_rate(&self, t: f64) -> Result<f64> {
        let t = check_period("t", t, 1.0)?;
        Ok(self.renewal_rate((t - 1) as f64))
    }

    /// P(T = t): the share of a new cohort that lapses at renewal `t`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `t` is not a whole number `>= 1`.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::ShiftedBetaGeo::new(0.704, 1.182).unwrap();
    /// let (s2, s3) = (m.survival(2.0).unwrap(), m.survival(3.0).unwrap());
    /// assert!((m.churn_probability(3.0).unwrap() - (s2 - s3)).abs() < 1e-15);
    /// ```
    pub fn churn_probability(&self, t: f64) -> Result<f64> {
        let t = check_period("t", t, 1.0)?;
        Ok(self.survival_from(0, t - 1) * self.alpha / (self.alpha + self.beta + t as f64 - 1.0))
    }

    /// The probability that a member who has renewed `renewals` times renews once more:
    /// `(β + k) / (α + β + k)`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `renewals` is not a whole number `>= 0`.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::ShiftedBetaGeo::new(0.704, 1.182).unwrap();
    /// assert_eq!(m.renewal_probability(2.0).unwrap(), m.retention_rate(3.0).unwrap());
    /// ```
    pub fn renewal_probability(&self, renewals: f64) -> Result<f64> {
        let k = check_period("renewals", renewals, 0.0)? as f64;
        Ok(self.renewal_rate(k))
    }

    /// (β + k) / (α + β + k): renewing once more after k renewals.
    fn renewal_rate(&self, k: f64) -> f64 {
        (self.beta + k) / (self.alpha + self.beta + k)
    }

    /// Discounted expected residual lifetime of a member who has renewed `renewals`
    /// times (Fader and Hardie 2010, "Customer-base valuation in a contractual
    /// setting"): `Σ_{j>=0} S(k + 1 + j) / S(k) / (1 + d)^j`, the paper's
    /// `(β + k)/(α + β + k) · ₂F₁(1, β + k + 1; α + β + k + 1; 1/(1 + d))`: the payments
    /// still to come, the next one undiscounted. Multiply by the dues for a value.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `renewals` is not a whole number `>= 0` or
    /// `discount_rate` is not positive and finite (without discounting the sum
    /// diverges for α <= 1).
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::ShiftedBetaGeo::new(0.704, 1.182).unwrap();
    /// let new_member = m.discounted_expected_residual_lifetime(0.0, 0.1).unwrap();
    /// let veteran = m.discounted_expected_residual_lifetime(6.0, 0.1).unwrap();
    /// assert!(veteran > new_member);
    /// ```
    pub fn discounted_expected_residual_lifetime(
        &self,
        renewals: f64,
        discount_rate: f64,
    ) -> Result<f64> {
        let k = check_period("renewals", renewals, 0.0)? as f64;
        check_non_negative("discount_rate", discount_rate, None)?;
        if discount_rate <= 0.0 {
            return Err(Error::invalid_argument("discount_rate", "must be positive"));
        }
        let (a, b) = (self.alpha, self.beta);
        let z = 1.0 / (1.0 + discount_rate);
        let first = (b + k) / (a + b + k);
        // Σ_{j>=0} (β+k+1)_j / (α+β+k+1)_j z^j, terms positive and shrinking.
        let tail = super::special::series(z * (b + k + 1.0) / (a + b + k + 1.0), |n| {
            z * (b + k + 1.0 + n) / (a + b + k + 1.0 + n)
        })
        .ok_or_else(|| {
            Error::invalid_argument(
                "discount_rate",
                format!("the series did not converge for {discount_rate}"),
            )
        })?;
        Ok(first * (1.0 + tail))
    }
}

/// Lapses at each renewal (`lost[t − 1]`: lapsed at renewal t) and members still active
/// after exactly t renewals (`censored[t]`).
struct SbgObjective {
    lost: Vec<f64>,
    censored: Vec<f64>,
    total: f64,
}

impl Objective for SbgObjective {
    fn names(&self) -> &'static [&'static str] {
        &NAMES
    }
    fn cost(&self, theta: &[f64]) -> f64 {
        let (a, b) = (theta[0].exp(), theta[1].exp());
        if check_params(&NAMES, &[a, b]).is_err() {
            return f64::INFINITY;
        }
        let horizon = self.lost.len().max(self.censored.len().saturating_sub(1));
        let mut ll = 0.0;
        let mut ln_s = 0.0; // ln S(t)
        for t in 0..=horizon {
            let tf = t as f64;
            if let Some(c) = self.censored.get(t).filter(|c| **c > 0.0) {
                ll += c * ln_s;
            }
            // Lapsed at renewal t + 1: P(T = t + 1) = S(t) · α / (α + β + t).
            if let Some(l) = self.lost.get(t).filter(|l| **l > 0.0) {
                ll += l * (ln_s + (a / (a + b + tf)).ln());
            }
            ln_s += ((b + tf) / (a + b + tf)).ln();
        }
        -ll / self.total
    }
    fn total_weight(&self) -> f64 {
        self.total
    }
}
