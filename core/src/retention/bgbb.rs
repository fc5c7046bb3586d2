//! BG/BB (Fader, Hardie and Shang 2010, "Customer-base analysis in a discrete-time
//! noncontractual setting"): at each of `n` discrete opportunities (a yearly appeal, an
//! annual conference) an alive customer transacts with probability p ~ Beta(α, β), and
//! may die before each with probability θ ~ Beta(γ, δ).
//!
//! On the donations data of the paper the fit is α = 1.204, β = 0.750, γ = 0.657,
//! δ = 2.783; `tests/retention_models.rs` reproduces it.

use super::beta_geo::{check_horizon, check_model_params};
use super::data::{Scores, check_count, check_lengths, check_weights, likelihood_error};
use super::dual::Real;
use super::optimize::{
    FitOptions, FitReport, Objective, dual_cost, dual_gradient, dual_hessian, maximize,
};
use super::parallel::{map_rows, sum_rows};
use super::special::{ln_beta, ln_beta_real, ln_gamma, ln_ratio_sum, log_add_exp};
use crate::{Error, Result};
use rustc_hash::FxHashMap;

const NAMES: [&str; 4] = ["alpha", "beta", "gamma", "delta"];

/// One customer over `periods` discrete opportunities: `frequency` of them with a
/// transaction, the last at opportunity `recency`.
///
/// # Example
/// ```
/// use callwise::retention::DiscreteCustomer;
/// assert!(DiscreteCustomer::new(3.0, 5.0, 6.0).is_ok());
/// assert!(DiscreteCustomer::new(4.0, 3.0, 6.0).is_err()); // more transactions than opportunities to the last
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiscreteCustomer {
    x: u32,
    tx: u32,
    n: u32,
}

fn check_discrete(x: f64, tx: f64, n: f64, row: Option<usize>) -> Result<DiscreteCustomer> {
    check_count("frequency", x, row)?;
    check_count("recency", tx, row)?;
    check_count("periods", n, row)?;
    let at = row.map(|i| format!("row {i}: ")).unwrap_or_default();
    let fail = |reason: String| Err(Error::invalid_argument("recency", format!("{at}{reason}")));
    if tx > n {
        return fail(format!("recency {tx} is greater than periods {n}"));
    }
    if x > tx {
        return fail(format!("frequency {x} is greater than recency {tx}"));
    }
    if x == 0.0 && tx != 0.0 {
        return fail(format!("frequency is 0 but recency is {tx}"));
    }
    Ok(DiscreteCustomer {
        x: x as u32,
        tx: tx as u32,
        n: n as u32,
    })
}

impl DiscreteCustomer {
    /// A checked customer.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a value is not a whole number `>= 0`, `recency`
    /// exceeds `periods`, `frequency` exceeds `recency`, or `frequency` is 0 while
    /// `recency` is not.
    ///
    /// # Example
    /// ```
    /// assert!(callwise::retention::DiscreteCustomer::new(0.0, 0.0, 6.0).is_ok());
    /// ```
    pub fn new(frequency: f64, recency: f64, periods: f64) -> Result<DiscreteCustomer> {
        check_discrete(frequency, recency, periods, None)
    }
}

/// Many discrete customers as columns, with optional weights (the donations data comes
/// as 22 distinct rows with counts).
///
/// # Example
/// ```
/// use callwise::retention::DiscreteData;
/// let data = DiscreteData::new(&[0.0, 1.0], &[0.0, 1.0], &[6.0, 6.0], Some(&[3464.0, 1091.0])).unwrap();
/// assert_eq!(data.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DiscreteData {
    rows: Vec<DiscreteCustomer>,
    weights: Vec<f64>,
}

impl DiscreteData {
    /// Checks and keeps the columns.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the column and row when lengths differ, a row
    /// breaks [`DiscreteCustomer::new`]'s rules, or a weight is negative or not finite.
    ///
    /// # Example
    /// ```
    /// assert!(callwise::retention::DiscreteData::new(&[1.0], &[2.0], &[1.0], None).is_err());
    /// ```
    pub fn new(
        frequency: &[f64],
        recency: &[f64],
        periods: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<DiscreteData> {
        let n = check_lengths(&[
            ("frequency", frequency.len()),
            ("recency", recency.len()),
            ("periods", periods.len()),
        ])?;
        let rows = (0..n)
            .map(|i| check_discrete(frequency[i], recency[i], periods[i], Some(i)))
            .collect::<Result<Vec<_>>>()?;
        Ok(DiscreteData {
            rows,
            weights: check_weights(weights, n)?,
        })
    }

    /// The number of rows.
    ///
    /// # Example
    /// ```
    /// assert!(callwise::retention::DiscreteData::new(&[], &[], &[], None).unwrap().is_empty());
    /// ```
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::DiscreteData::new(&[], &[], &[], None).unwrap().len(), 0);
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// BG/BB with known or fitted parameters.
///
/// # Example
/// ```
/// use callwise::retention::{BetaGeoBetaBinom, DiscreteCustomer};
/// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783).unwrap();
/// let loyal = DiscreteCustomer::new(6.0, 6.0, 6.0).unwrap();
/// let lapsed = DiscreteCustomer::new(1.0, 1.0, 6.0).unwrap();
/// assert!(m.probability_alive(&loyal).unwrap() > m.probability_alive(&lapsed).unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BetaGeoBetaBinom {
    alpha: f64,
    beta: f64,
    gamma: f64,
    delta: f64,
}

impl BetaGeoBetaBinom {
    /// The model with known parameters.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a parameter is outside [1e-9, 1e9] (not finite, or
    /// too small or large for the formulas to keep their digits).
    ///
    /// # Example
    /// ```
    /// assert!(callwise::retention::BetaGeoBetaBinom::new(1.2, 0.75, 0.66, f64::NAN).is_err());
    /// ```
    pub fn new(alpha: f64, beta: f64, gamma: f64, delta: f64) -> Result<BetaGeoBetaBinom> {
        check_model_params(&NAMES, &[alpha, beta, gamma, delta])?;
        Ok(BetaGeoBetaBinom {
            alpha,
            beta,
            gamma,
            delta,
        })
    }

    /// The maximum-likelihood fit.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when there is no row with a positive weight;
    /// [`Error::NotConverged`] (with the best point) when no method converges.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{BetaGeoBetaBinom, DiscreteData, FitOptions};
    /// let data = DiscreteData::new(&[0.0, 1.0, 6.0, 3.0, 2.0], &[0.0, 1.0, 6.0, 5.0, 6.0], &[6.0; 5], Some(&[40.0, 10.0, 12.0, 5.0, 6.0])).unwrap();
    /// let (m, report) = BetaGeoBetaBinom::fit(&data, &FitOptions::default()).unwrap();
    /// assert!(m.alpha() > 0.0 && report.log_likelihood < 0.0);
    /// ```
    pub fn fit(data: &DiscreteData, options: &FitOptions) -> Result<(BetaGeoBetaBinom, FitReport)> {
        let mut merged: FxHashMap<(u32, u32, u32), usize> = FxHashMap::default();
        let mut rows: Vec<(DiscreteCustomer, f64)> = Vec::new();
        for (c, w) in data.rows.iter().zip(&data.weights) {
            if *w == 0.0 {
                continue;
            }
            if options.group_rows {
                if let Some(&at) = merged.get(&(c.x, c.tx, c.n)) {
                    rows[at].1 += w;
                    continue;
                }
                merged.insert((c.x, c.tx, c.n), rows.len());
            }
            rows.push((*c, *w));
        }
        let total: f64 = rows.iter().map(|r| r.1).sum();
        if total <= 0.0 {
            return Err(Error::invalid_argument(
                "frequency",
                "BG/BB needs at least one row with a positive weight",
            ));
        }
        let objective = BgbbObjective { rows: &rows, total };
        let (p, report) = maximize(
            &objective,
            None,
            "BG/BB",
            &[1.0; 4],
            options,
            data.len(),
            rows.len(),
        )?;
        Ok((
            BetaGeoBetaBinom {
                alpha: p[0],
                beta: p[1],
                gamma: p[2],
                delta: p[3],
            },
            report,
        ))
    }

    /// α, the first shape of the transaction probability's beta.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::BetaGeoBetaBinom::new(1.2, 0.75, 0.66, 2.8).unwrap().alpha(), 1.2);
    /// ```
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// β, the second shape of the transaction probability's beta.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::BetaGeoBetaBinom::new(1.2, 0.75, 0.66, 2.8).unwrap().beta(), 0.75);
    /// ```
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// γ, the first shape of the drop-out probability's beta.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::BetaGeoBetaBinom::new(1.2, 0.75, 0.66, 2.8).unwrap().gamma(), 0.66);
    /// ```
    pub fn gamma(&self) -> f64 {
        self.gamma
    }

    /// δ, the second shape of the drop-out probability's beta.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::BetaGeoBetaBinom::new(1.2, 0.75, 0.66, 2.8).unwrap().delta(), 2.8);
    /// ```
    pub fn delta(&self) -> f64 {
        self.delta
    }

    /// The parameters as `(name, value)` in the paper's order.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::BetaGeoBetaBinom::new(1.2, 0.75, 0.66, 2.8).unwrap();
    /// assert_eq!(m.params()[3], ("delta", 2.8));
    /// ```
    pub fn params(&self) -> [(&'static str, f64); 4] {
        [
            ("alpha", self.alpha),
            ("beta", self.beta),
            ("gamma", self.gamma),
            ("delta", self.delta),
        ]
    }

    /// The log-likelihood of (weighted) rows, on the paper's scale: finite, or an error.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first row whose likelihood cannot be
    /// computed (no parameters in the model's range give one; the check keeps the
    /// promise that no NaN or infinity comes back).
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{BetaGeoBetaBinom, DiscreteData};
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783).unwrap();
    /// let data = DiscreteData::new(&[0.0], &[0.0], &[6.0], Some(&[2.0])).unwrap();
    /// // Twice the log-probability of no donation in six years (mpmath: −2.33452494534779).
    /// assert!((m.log_likelihood(&data).unwrap() - -2.334_524_945_347_787).abs() < 1e-12);
    /// ```
    pub fn log_likelihood(&self, data: &DiscreteData) -> Result<f64> {
        let p = self.as_array();
        let rows = map_rows(data.len(), |i| {
            row_log_likelihood(p, &data.rows[i])
                .map(|v| data.weights[i] * v)
                .ok_or_else(|| likelihood_error("BG/BB", Some(i)))
        })?;
        Ok(rows.iter().sum())
    }

    fn as_array(&self) -> [f64; 4] {
        [self.alpha, self.beta, self.gamma, self.delta]
    }

    /// One customer's log-likelihood; an error naming no row (the callers add it).
    fn log_likelihood_row(&self, c: &DiscreteCustomer) -> Result<f64> {
        row_log_likelihood(self.as_array(), c).ok_or_else(|| likelihood_error("BG/BB", None))
    }

    /// The probability that the customer is alive at the end of their `periods`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the likelihood cannot be computed (no parameters
    /// in the model's range make it so; the check keeps the promise of no NaN).
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{BetaGeoBetaBinom, DiscreteCustomer};
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783).unwrap();
    /// let p = m.probability_alive(&DiscreteCustomer::new(0.0, 0.0, 6.0).unwrap()).unwrap();
    /// assert!(p > 0.0 && p < 1.0);
    /// ```
    pub fn probability_alive(&self, c: &DiscreteCustomer) -> Result<f64> {
        let (x, n) = (c.x as f64, c.n as f64);
        let alive = ln_beta(self.alpha + x, self.beta + n - x) - ln_beta(self.alpha, self.beta)
            + ln_beta(self.gamma, self.delta + n)
            - ln_beta(self.gamma, self.delta);
        Ok((alive - self.log_likelihood_row(c)?).exp().min(1.0))
    }

    /// Expected transactions in the next `future_periods` opportunities.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `future_periods` is negative or not finite.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{BetaGeoBetaBinom, DiscreteCustomer};
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783).unwrap();
    /// let c = DiscreteCustomer::new(6.0, 6.0, 6.0).unwrap();
    /// assert!(m.expected_purchases(5.0, &c).unwrap() > m.expected_purchases(1.0, &c).unwrap());
    /// ```
    pub fn expected_purchases(&self, future_periods: f64, c: &DiscreteCustomer) -> Result<f64> {
        check_horizon(future_periods).map_err(|_| {
            Error::invalid_argument(
                "future_periods",
                format!("must be finite and >= 0, got {future_periods}"),
            )
        })?;
        let (a, b, g, d) = (self.alpha, self.beta, self.gamma, self.delta);
        let (x, n, m) = (c.x as f64, c.n as f64, future_periods);
        let p2 = ln_beta(a + x + 1.0, b + n - x) - ln_beta(a, b) - self.log_likelihood_row(c)?;
        // δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+m)/Γ(γ+δ+n+m)], with the
        // removable singularity at γ = 1 stepped around.
        let g1 = if (g - 1.0).abs() < 1e-9 {
            1.0 + 1e-9_f64.copysign(g - 1.0)
        } else {
            g
        };
        let lead = d / (g1 - 1.0) * (ln_gamma(g1 + d) - ln_gamma(1.0 + d)).exp();
        let now = (ln_gamma(1.0 + d + n) - ln_gamma(g1 + d + n)).exp();
        let later = (ln_gamma(1.0 + d + n + m) - ln_gamma(g1 + d + n + m)).exp();
        Ok((p2.exp() * lead * (now - later)).max(0.0))
    }

    /// Both scores for every row: P(alive) and the transactions expected in the next
    /// `future_periods`.
    ///
    /// # Errors
    /// As [`BetaGeoBetaBinom::expected_purchases`].
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{BetaGeoBetaBinom, DiscreteData};
    /// let m = BetaGeoBetaBinom::new(1.204, 0.750, 0.657, 2.783).unwrap();
    /// let data = DiscreteData::new(&[0.0, 6.0], &[0.0, 6.0], &[6.0, 6.0], None).unwrap();
    /// let s = m.score(5.0, &data).unwrap();
    /// assert!(s.expected_purchases[1] > s.expected_purchases[0]);
    /// ```
    pub fn score(&self, future_periods: f64, data: &DiscreteData) -> Result<Scores> {
        let mut scores = Scores {
            p_alive: Vec::with_capacity(data.len()),
            expected_purchases: Vec::with_capacity(data.len()),
        };
        for c in &data.rows {
            scores.p_alive.push(self.probability_alive(c)?);
            scores
                .expected_purchases
                .push(self.expected_purchases(future_periods, c)?);
        }
        Ok(scores)
    }
}

/// One customer's log-likelihood (Fader, Hardie and Shang 2010, eq. 5), generic so the fit
/// runs it on dual numbers for its gradient and Hessian:
/// B(α+x, β+n−x) B(γ, δ+n) + Σ_{i<n−t_x} B(α+x, β+t_x−x+i) B(γ+1, δ+t_x+i), over
/// B(α, β) B(γ, δ). The sum's terms are each the last times a ratio
/// ([`ln_ratio_sum`]), so a customer with a million opportunities costs a million
/// products, not three million ln Γ.
fn row_log_likelihood<T: Real>(p: [T; 4], c: &DiscreteCustomer) -> Option<T> {
    let [a, b, g, d] = p;
    let (x, tx, n) = (f64::from(c.x), f64::from(c.tx), f64::from(c.n));
    let base = -ln_beta_real(a, b) - ln_beta_real(g, d);
    let alive = ln_beta_real(a + x, b + (n - x)) + ln_beta_real(g, d + n);
    let ll = if c.n > c.tx {
        let first = ln_beta_real(a + x, b + (tx - x)) + ln_beta_real(g + 1.0, d + tx);
        // B(α+x, q+1) / B(α+x, q) = q / (α+x+q), and likewise for (γ+1, δ+t_x+i).
        let inputs = [b + (tx - x), d + tx, a + b + tx, g + d + (tx + 1.0)];
        let (v, grad, hess) = ln_ratio_sum(inputs.map(|i| i.val()), c.n - c.tx, T::ORDER)?;
        log_add_exp(alive, first + T::lift(&inputs, v, &grad, &hess))
    } else {
        alive
    };
    let ll = ll + base;
    ll.val().is_finite().then_some(ll)
}

struct BgbbObjective<'a> {
    rows: &'a [(DiscreteCustomer, f64)],
    total: f64,
}

impl BgbbObjective<'_> {
    /// −LL / W on plain or dual numbers, the rows summed in fixed chunks.
    fn mean_cost<T: Real + Send + Sync>(&self, p: [T; 4]) -> Option<T> {
        if !p.iter().all(|v| v.val().is_finite() && v.val() > 0.0) {
            return None;
        }
        let ll = sum_rows(self.rows.len(), T::cst(0.0), |i| {
            let (c, w) = &self.rows[i];
            Some(row_log_likelihood(p, c)? * *w)
        })?;
        Some(-ll / self.total)
    }
}

impl Objective for BgbbObjective<'_> {
    fn names(&self) -> &'static [&'static str] {
        &NAMES
    }
    fn cost(&self, theta: &[f64]) -> f64 {
        dual_cost(theta, |p: [f64; 4]| self.mean_cost(p))
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
