//! Pareto/NBD (Schmittlein, Morrison and Colombo 1987): while alive a customer buys at
//! a Poisson rate λ ~ Gamma(r, α) and has an exponential lifetime with rate
//! μ ~ Gamma(s, β).
//!
//! The likelihood follows Fader and Hardie (2005), "A note on deriving the Pareto/NBD
//! model and related expressions", with the integral over the death time
//! `I = ∫ (α + τ)^−(r+x) (β + τ)^−(s+1) dτ` from t_x to T written as a difference of two
//! Gauss hypergeometric functions. Both are summed as positive series in the log domain
//! (no overflow for frequent buyers) and subtracted with `ln(e^a − e^b)`, so the
//! likelihood is finite wherever the model is defined. The gradient is exact: the same
//! code runs on dual numbers ([`super::dual`]), one pass instead of the eight extra
//! evaluations of central differences. The fit is L-BFGS from a deterministic start
//! (lifetimes starts at a random point).

use super::beta_geo::{check_horizon, check_model_params};
use super::data::{Compact, Customer, CustomerData, PurchaseModel};
use super::dual::{Dual, Real, digamma};
use super::optimize::{FitOptions, FitReport, Objective, maximize};
use super::special::{ln_gamma, ln_hyp2f1_positive, log_add_exp, log_sub_exp};
use crate::{Error, Result};

const NAMES: [&str; 4] = ["r", "alpha", "s", "beta"];

/// The largest argument at which the integral is summed as a hypergeometric series.
/// Above it (α and β far apart, as in the Poisson or no-churn limit a fit drifts to when
/// the data hold little heterogeneity) the series would need up to millions of terms
/// per customer, so the integral is computed by quadrature instead ([`ln_integral`]).
const MAX_Z: f64 = 0.9;

/// 10-point Gauss-Legendre nodes (positive half) and weights on [−1, 1].
const GL_NODES: [f64; 5] = [
    0.148_874_338_981_631_2,
    0.433_395_394_129_247_2,
    0.679_409_568_299_024_4,
    0.865_063_366_688_984_5,
    0.973_906_528_517_171_7,
];
const GL_WEIGHTS: [f64; 5] = [
    0.295_524_224_714_752_9,
    0.269_266_719_309_996_3,
    0.219_086_362_515_982,
    0.149_451_349_150_580_6,
    0.066_671_344_308_688_1,
];

/// Most quadrature panels per integral.
const MAX_PANELS: f64 = 10_000.0;

/// ln ∫ (α + τ)^−m (β + τ)^−n dτ over [lo, hi], by composite Gauss-Legendre in
/// u = ln(min(α, β) + τ). The substitution removes the nearby branch point at
/// τ = −min(α, β); in u the log-integrand is smooth (its nearest singularity is π off
/// the real axis) with a slope bounded in closed form, so panels over which it changes
/// by at most 2 make each 10-point rule exact to rounding.
fn ln_integral<T: Real>(alpha: T, beta: T, m: T, n: T, lo: f64, hi: f64) -> Option<T> {
    let wide_alpha = alpha.val() >= beta.val();
    let (c, gap) = if wide_alpha {
        (beta, alpha - beta)
    } else {
        (alpha, beta - alpha)
    };
    let (u_lo, u_hi) = ((c + lo).ln(), (c + hi).ln());
    // ln of the integrand times dτ/du = e^u, with the near factor written as e^u.
    let g = |u: T| {
        let far = (gap + u.exp()).ln();
        if wide_alpha {
            -m * far - (n - 1.0) * u
        } else {
            -(m - 1.0) * u - n * far
        }
    };
    // The far factor's slope in u, e^u / (gap + e^u), is largest at u_hi.
    let (cv, gv, mv, nv) = (c.val(), gap.val(), m.val(), n.val());
    let far_slope = (cv + hi) / (gv + cv + hi);
    let slope = if wide_alpha {
        mv * far_slope + (nv - 1.0).abs()
    } else {
        (mv - 1.0).abs() + nv * far_slope
    };
    let panels = (slope * (u_hi.val() - u_lo.val()) / 2.0).ceil().max(1.0);
    if panels.is_nan() || panels > MAX_PANELS {
        return None;
    }
    let width = (u_hi - u_lo) / panels;
    let mut total = T::cst(f64::NEG_INFINITY);
    for p in 0..panels as usize {
        let mid = u_lo + width * (p as f64 + 0.5);
        let half = width / 2.0;
        let mut values = [(T::cst(0.0), 0.0); 10];
        for (i, (x, w)) in GL_NODES.iter().zip(GL_WEIGHTS).enumerate() {
            values[2 * i] = (g(mid - half * *x), w);
            values[2 * i + 1] = (g(mid + half * *x), w);
        }
        // Any constant works as the shift of this log-sum-exp; the largest value keeps
        // it in range (and, as a constant, out of the derivatives).
        let top = values
            .iter()
            .fold(f64::NEG_INFINITY, |a, v| a.max(v.0.val()));
        let sum = values
            .iter()
            .fold(T::cst(0.0), |acc, (v, w)| acc + (*v - top).exp() * *w);
        total = log_add_exp(total, (sum * half).ln() + top);
    }
    total.val().is_finite().then_some(total)
}

/// Pareto/NBD with known or fitted parameters.
///
/// On the CDNOW sample the published fit is r = 0.553, α = 10.578, s = 0.606,
/// β = 11.669 (LL = −9595.0); `tests/retention_models.rs` reproduces it.
///
/// # Example
/// ```
/// use callwise::retention::{Customer, ParetoNbd, PurchaseModel};
/// let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap();
/// let c = Customer::new(2.0, 30.43, 38.86).unwrap();
/// let e = m.expected_purchases(39.0, &c).unwrap();
/// assert!(e > 0.5 && e < 2.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParetoNbd {
    r: f64,
    alpha: f64,
    s: f64,
    beta: f64,
}

/// ln of the purchase term and of `s · I` for one customer: the likelihood is
/// `Γ(r+x) α^r β^s / Γ(r) · (e^first + e^second)`. Generic so that the fit can run it
/// on [`Dual`] numbers for its gradient.
fn log_terms<T: Real>(p: [T; 4], x: f64, recency: f64, t: f64) -> Option<(T, T)> {
    let [r, alpha, s, beta] = p;
    let first = -(r + x) * (alpha + t).ln() - s * (beta + t).ln();
    if recency >= t {
        return Some((first, T::cst(f64::NEG_INFINITY)));
    }
    let k = r + s + x;
    let wide_alpha = alpha.val() >= beta.val();
    let (big, b2, gap) = if wide_alpha {
        (alpha, s + 1.0, alpha - beta)
    } else {
        (beta, r + x, beta - alpha)
    };
    let ln_i = if (gap / (big + recency)).val() > MAX_Z {
        ln_integral(alpha, beta, r + x, s + 1.0, recency, t)?
    } else {
        let f1 =
            ln_hyp2f1_positive(k, b2, k + 1.0, gap / (big + recency))? - k * (big + recency).ln();
        let f2 = ln_hyp2f1_positive(k, b2, k + 1.0, gap / (big + t))? - k * (big + t).ln();
        log_sub_exp(f1, f2) - k.ln()
    };
    Some((first, s.ln() + ln_i))
}

/// ln Γ(r + x) − ln Γ(r), with its derivative ψ(r + x) − ψ(r) in r.
fn ln_gamma_ratio<T: Real>(r: T, x: f64) -> T {
    let rv = r.val();
    let slope = if x < 64.0 {
        (0..x as u32).map(|k| 1.0 / (rv + f64::from(k))).sum()
    } else {
        digamma(rv + x) - digamma(rv)
    };
    r.apply(ln_gamma(rv + x) - ln_gamma(rv), slope)
}

fn log_likelihood_row<T: Real>(p: [T; 4], x: f64, recency: f64, t: f64) -> T {
    let [r, alpha, s, beta] = p;
    match log_terms(p, x, recency, t) {
        Some((first, second)) => {
            ln_gamma_ratio(r, x) + r * alpha.ln() + s * beta.ln() + log_add_exp(first, second)
        }
        None => T::cst(f64::NEG_INFINITY),
    }
}

fn series_error() -> Error {
    Error::invalid_argument(
        "alpha",
        "the Pareto/NBD integral's series did not converge (alpha far above beta + T)",
    )
}

/// (1 − e^{−(s−1)L}) / (s − 1), with its limit L at s = 1.
fn damped_horizon(s: f64, l: f64) -> f64 {
    let d = s - 1.0;
    if d.abs() < 1e-10 {
        l
    } else {
        -(-d * l).exp_m1() / d
    }
}

struct ParetoObjective<'a> {
    data: &'a Compact,
}

impl ParetoObjective<'_> {
    /// −LL / W at θ = ln(params), on plain or dual numbers.
    fn mean_cost<T: Real>(&self, p: [T; 4]) -> Option<T> {
        if !p.iter().all(|v| v.val().is_finite() && v.val() > 0.0) {
            return None;
        }
        let data = self.data;
        let mut ll = T::cst(0.0);
        for row in &data.rows {
            let v = log_likelihood_row(
                p,
                row.x as f64,
                data.recency_values[row.recency as usize],
                data.t_values[row.t as usize],
            );
            if !v.val().is_finite() {
                return None;
            }
            ll = ll + v * row.weight;
        }
        Some(-ll / data.total_weight)
    }
}

impl Objective for ParetoObjective<'_> {
    fn names(&self) -> &'static [&'static str] {
        &NAMES
    }
    fn cost(&self, theta: &[f64]) -> f64 {
        let p = [
            theta[0].exp(),
            theta[1].exp(),
            theta[2].exp(),
            theta[3].exp(),
        ];
        self.mean_cost(p).unwrap_or(f64::INFINITY)
    }
    /// The exact gradient, by running the likelihood on dual numbers.
    fn cost_gradient(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        let p: [Dual<4>; 4] = std::array::from_fn(|i| Dual::variable(theta[i], i).exp());
        match self.mean_cost(p) {
            Some(c) if c.d.iter().all(|g| g.is_finite()) => {
                grad.copy_from_slice(&c.d);
                c.v
            }
            _ => {
                grad.fill(0.0);
                f64::INFINITY
            }
        }
    }
    fn total_weight(&self) -> f64 {
        self.data.total_weight
    }
}

impl ParetoNbd {
    /// The model with known parameters.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a parameter is outside [1e-9, 1e9] (not finite, or
    /// too small or large for the formulas to keep their digits).
    ///
    /// # Example
    /// ```
    /// assert!(callwise::retention::ParetoNbd::new(0.553, 10.578, 0.606, 11.669).is_ok());
    /// assert!(callwise::retention::ParetoNbd::new(0.553, 10.578, 0.0, 11.669).is_err());
    /// ```
    pub fn new(r: f64, alpha: f64, s: f64, beta: f64) -> Result<ParetoNbd> {
        check_model_params(&NAMES, &[r, alpha, s, beta])?;
        Ok(ParetoNbd { r, alpha, s, beta })
    }

    /// The maximum-likelihood fit to customer summaries (optionally weighted).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when there is no customer with a positive weight or
    /// the options are invalid; [`Error::NotConverged`] (with the best point) when no
    /// method converges.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{CustomerData, FitOptions, ParetoNbd};
    /// let data = CustomerData::new(
    ///    &[0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 3.0, 4.0, 6.0, 9.0, 0.0, 2.0],
    ///    &[0.0, 0.0, 0.0, 10.0, 30.0, 20.0, 35.0, 12.0, 37.0, 38.0, 0.0, 5.0],
    ///    &[39.0, 38.0, 36.0, 39.0, 39.0, 37.0, 39.0, 38.0, 39.0, 39.0, 35.0, 33.0],
    ///    None,
    ///).unwrap();
    /// let (m, report) = ParetoNbd::fit(&data, &FitOptions::default()).unwrap();
    /// assert!(m.s() > 0.0 && report.log_likelihood < 0.0);
    /// ```
    pub fn fit(data: &CustomerData, options: &FitOptions) -> Result<(ParetoNbd, FitReport)> {
        if data.total_weight() <= 0.0 {
            return Err(Error::invalid_argument(
                "frequency",
                "Pareto/NBD needs at least one customer with a positive weight",
            ));
        }
        let compact = data.compact(options.group_rows);
        let scale = (data.max_t() / 10.0).max(1e-3);
        let start = [1.0, scale, 1.0, scale];
        let (p, report) = maximize(
            &ParetoObjective { data: &compact },
            "Pareto/NBD",
            &start,
            options,
            data.len(),
            compact.rows.len(),
        )?;
        Ok((
            ParetoNbd {
                r: p[0],
                alpha: p[1],
                s: p[2],
                beta: p[3],
            },
            report,
        ))
    }

    /// The shape of the gamma mixing the purchase rates.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::ParetoNbd::new(0.5, 10.0, 0.6, 11.0).unwrap().r(), 0.5);
    /// ```
    pub fn r(&self) -> f64 {
        self.r
    }

    /// The scale of the gamma mixing the purchase rates.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::ParetoNbd::new(0.5, 10.0, 0.6, 11.0).unwrap().alpha(), 10.0);
    /// ```
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The shape of the gamma mixing the drop-out rates.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::ParetoNbd::new(0.5, 10.0, 0.6, 11.0).unwrap().s(), 0.6);
    /// ```
    pub fn s(&self) -> f64 {
        self.s
    }

    /// The scale of the gamma mixing the drop-out rates.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::ParetoNbd::new(0.5, 10.0, 0.6, 11.0).unwrap().beta(), 11.0);
    /// ```
    pub fn beta(&self) -> f64 {
        self.beta
    }

    fn as_array(&self) -> [f64; 4] {
        [self.r, self.alpha, self.s, self.beta]
    }

    /// The parameters as `(name, value)` in the paper's order.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::ParetoNbd::new(0.5, 10.0, 0.6, 11.0).unwrap();
    /// assert_eq!(m.params()[2], ("s", 0.6));
    /// ```
    pub fn params(&self) -> [(&'static str, f64); 4] {
        [
            ("r", self.r),
            ("alpha", self.alpha),
            ("s", self.s),
            ("beta", self.beta),
        ]
    }

    /// The log-likelihood of (weighted) customer summaries, on the paper's scale
    /// (−∞ if a series does not converge).
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{CustomerData, ParetoNbd};
    /// let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap();
    /// let data = CustomerData::new(&[2.0], &[30.43], &[38.86], None).unwrap();
    /// assert!(m.log_likelihood(&data) < 0.0);
    /// ```
    pub fn log_likelihood(&self, data: &CustomerData) -> f64 {
        (0..data.len())
            .filter_map(|i| {
                data.get(i).map(|c| {
                    data.weight(i)
                        * log_likelihood_row(self.as_array(), c.frequency(), c.recency(), c.t())
                })
            })
            .sum()
    }

    /// Expected purchases in `(0, t]` by a customer just acquired:
    /// `r β / (α (s − 1)) · (1 − (β / (β + t))^(s−1))`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `t` is negative or not finite.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap();
    /// assert!(m.expected_purchases_new(39.0).unwrap() > 0.0);
    /// // Short horizons against a long drop-out scale stay accurate (about r t / α).
    /// let slow = callwise::retention::ParetoNbd::new(1.0, 1.0, 1.0, 1e9).unwrap();
    /// assert!((slow.expected_purchases_new(1.0).unwrap() - 1.0).abs() < 1e-9);
    /// ```
    pub fn expected_purchases_new(&self, t: f64) -> Result<f64> {
        check_horizon(t)?;
        Ok(self.r / self.alpha * self.beta * damped_horizon(self.s, (t / self.beta).ln_1p()))
    }
}

impl PurchaseModel for ParetoNbd {
    fn probability_alive(&self, c: &Customer) -> Result<f64> {
        let (first, second) = log_terms(self.as_array(), c.frequency(), c.recency(), c.t())
            .ok_or_else(series_error)?;
        Ok(1.0 / (1.0 + (second - first).exp()))
    }

    fn expected_purchases(&self, t: f64, c: &Customer) -> Result<f64> {
        check_horizon(t)?;
        let alive = self.probability_alive(c)?;
        let bt = self.beta + c.t();
        Ok(alive * (self.r + c.frequency()) / (self.alpha + c.t())
            * bt
            * damped_horizon(self.s, (t / bt).ln_1p()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quadrature and the series agree wherever both apply.
    #[test]
    fn quadrature_matches_series() {
        for (alpha, beta, m, n, lo, hi) in [
            (
                10.578_f64, 11.669_f64, 2.553_f64, 1.606_f64, 30.43_f64, 38.86_f64,
            ),
            (40.0, 2.0, 3.5, 1.2, 0.0, 39.0),
            (3.0, 60.0, 0.8, 1.9, 1.0, 20.0),
            (200.0, 1.0, 25.0, 1.3, 5.0, 50.0),
        ] {
            let (big, b2) = if alpha >= beta { (alpha, n) } else { (beta, m) };
            let k = m + n - 1.0;
            let gap = (alpha - beta).abs();
            let f1 =
                ln_hyp2f1_positive(k, b2, k + 1.0, gap / (big + lo)).unwrap() - k * (big + lo).ln();
            let f2 =
                ln_hyp2f1_positive(k, b2, k + 1.0, gap / (big + hi)).unwrap() - k * (big + hi).ln();
            let series = log_sub_exp(f1, f2) - k.ln();
            let quad = ln_integral(alpha, beta, m, n, lo, hi).unwrap();
            assert!(
                (series - quad).abs() <= 1e-12 * series.abs().max(1.0),
                "{alpha} {beta}: {series} vs {quad}"
            );
        }
    }

    /// The dual-number gradient agrees with central differences, in both the series
    /// and the quadrature regimes.
    #[test]
    fn dual_gradient_matches_differences() {
        use crate::retention::optimize::numeric_gradient;
        let data = CustomerData::new(
            &[0.0, 1.0, 2.0, 5.0, 0.0, 3.0],
            &[0.0, 10.0, 30.4, 35.0, 0.0, 20.0],
            &[39.0, 38.0, 38.9, 36.0, 30.0, 33.0],
            Some(&[3.0, 1.0, 2.0, 1.0, 1.0, 1.0]),
        )
        .unwrap();
        let compact = data.compact(true);
        let objective = ParetoObjective { data: &compact };
        for p in [
            [0.55, 10.6, 0.6, 11.7],
            [2.0, 400.0, 0.3, 1.5],
            [0.8, 0.9, 1.4, 300.0],
        ] {
            let theta: Vec<f64> = p.iter().map(|v: &f64| v.ln()).collect();
            let (mut exact, mut numeric) = ([0.0; 4], [0.0; 4]);
            let c = objective.cost_gradient(&theta, &mut exact);
            numeric_gradient(|t| objective.cost(t), &theta, &mut numeric);
            assert_eq!(c, objective.cost(&theta));
            for i in 0..4 {
                assert!(
                    (exact[i] - numeric[i]).abs() < 1e-7 * (1.0 + exact[i].abs()),
                    "{p:?} {i}: {} vs {}",
                    exact[i],
                    numeric[i]
                );
            }
        }
    }
}
