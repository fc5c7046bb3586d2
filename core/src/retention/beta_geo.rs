//! BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy way") and its
//! modification MBG/NBD (Batislam, Denizel and Filiztekin 2007), in which a customer may
//! also drop out right after the first purchase.
//!
//! The two differ only in a shift of one in the beta-geometric part, so one kernel
//! serves both. The likelihood is evaluated in the log domain with its analytic gradient
//! and Hessian: `ln Γ(r + x) − ln Γ(r)` and its kin are running sums over the whole
//! numbers `x`, and `ln(α + T)` is computed once per distinct T, so a fit costs a few
//! exponentials per distinct customer row and converges by Newton in a few iterations.

use super::data::{
    Compact, Customer, CustomerData, PurchaseModel, Scores, check_periods, likelihood_error,
    period_sum,
};
use super::optimize::{FitOptions, FitReport, Objective, SAMPLE_ROWS, maximize};
use super::parallel::{map_rows, sum_chunks};
use super::special::{MAX_TERMS, ln_series_positive, series, softplus};
use crate::{Error, Result};
use rustc_hash::FxHashMap;

/// Checks that every parameter is positive and finite.
pub(crate) fn check_params(names: &[&'static str], values: &[f64]) -> Result<()> {
    for (name, v) in names.iter().zip(values) {
        if !(v.is_finite() && *v > 0.0) {
            return Err(Error::invalid_argument(
                name,
                format!("must be positive and finite, got {v}"),
            ));
        }
    }
    Ok(())
}

/// Checks parameters given to a model's `new`: inside the range a fit may end in
/// ([`super::optimize::MIN_PARAM`] to [`super::optimize::MAX_PARAM`]). Outside it the
/// formulas lose every digit (a scale of 1e300 against a horizon of 1), and no fit
/// returns such a point.
pub(crate) fn check_model_params(names: &[&'static str], values: &[f64]) -> Result<()> {
    use super::optimize::{MAX_PARAM, MIN_PARAM};
    for (name, v) in names.iter().zip(values) {
        if !(MIN_PARAM..=MAX_PARAM).contains(v) {
            return Err(Error::invalid_argument(
                name,
                format!("must be between {MIN_PARAM:e} and {MAX_PARAM:e}, got {v}"),
            ));
        }
    }
    Ok(())
}

/// Checks a prediction horizon.
pub(crate) fn check_horizon(t: f64) -> Result<()> {
    if !(t.is_finite() && t >= 0.0) {
        return Err(Error::invalid_argument(
            "t",
            format!("the horizon must be finite and >= 0, got {t}"),
        ));
    }
    Ok(())
}

const NAMES: [&str; 4] = ["r", "alpha", "a", "b"];

/// The shared kernel: `shift` is 0 for BG/NBD and 1 for MBG/NBD.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Kernel {
    r: f64,
    alpha: f64,
    a: f64,
    b: f64,
    shift: u32,
}

impl Kernel {
    fn has_dropout_term(&self, x: f64) -> bool {
        self.shift == 1 || x > 0.0
    }

    /// ln of the odds that the customer is gone: ln(e^{A4} / e^{A3}).
    fn log_odds_gone(&self, c: &Customer) -> f64 {
        let x = c.frequency();
        let s = self.shift as f64;
        self.a.ln() - (self.b + x - 1.0 + s).ln()
            + (self.r + x) * ((self.alpha + c.t()).ln() - (self.alpha + c.recency()).ln())
    }

    fn probability_alive(&self, c: &Customer) -> f64 {
        if !self.has_dropout_term(c.frequency()) {
            return 1.0;
        }
        1.0 / (1.0 + self.log_odds_gone(c).exp())
    }

    /// E[X(t) | x, t_x, T]. With A = r + x, c = a + b + x − 1 + shift and
    /// w = −t / (α + T), the numerator c (1 − ₂F₁(A, a − 1; c; w)) / (a − 1) (the paper's
    /// expression after Pfaff's transformation) is summed as a series whose terms carry
    /// neither the pole at c = 0 (a + b + x − 1 <= 0) nor the one at a = 1. For |w| >= ½
    /// the same quantity is summed in z = t / (α + T + t) instead.
    fn expected_purchases(&self, t: f64, c: &Customer) -> Result<f64> {
        check_horizon(t)?;
        let numerator = self.expected_numerator(t, c.frequency(), c.t())?;
        Ok(self.conditional(numerator, c))
    }

    /// E[X(t)] from its numerator: divided by 1 + the odds the customer is gone.
    fn conditional(&self, numerator: f64, c: &Customer) -> f64 {
        (numerator / self.denominator(c)).max(0.0)
    }

    /// 1 + the odds the customer is gone (1 without a drop-out term).
    fn denominator(&self, c: &Customer) -> f64 {
        if self.has_dropout_term(c.frequency()) {
            1.0 + self.log_odds_gone(c).exp()
        } else {
            1.0
        }
    }

    /// The distinct (x, T) pairs of `data`, and which one each row has: what E[X(t)]'s
    /// numerator depends on.
    fn pairs(data: &CustomerData) -> (Vec<(f64, f64)>, Vec<u32>) {
        let (frequency, _, age) = data.columns();
        let mut index: FxHashMap<(u64, u64), u32> = FxHashMap::default();
        let mut pairs: Vec<(f64, f64)> = Vec::new();
        let which = frequency
            .iter()
            .zip(age)
            .map(|(&x, &big_t)| {
                *index
                    .entry((x.to_bits(), big_t.to_bits()))
                    .or_insert_with(|| {
                        pairs.push((x, big_t));
                        (pairs.len() - 1) as u32
                    })
            })
            .collect();
        (pairs, which)
    }

    /// [`PurchaseModel::weighted_purchases`]: the period sums of E[X(t)]'s numerator
    /// depend only on (x, T), so they are summed once per distinct pair and divided by
    /// each customer's denominator.
    fn weighted_purchases(
        &self,
        data: &CustomerData,
        ends: &[f64],
        weights: &[f64],
    ) -> Result<Vec<f64>> {
        check_periods(ends, weights)?;
        let (pairs, which) = Self::pairs(data);
        let sums = map_rows(pairs.len(), |k| {
            let (x, big_t) = pairs[k];
            self.weighted_numerator(x, big_t, ends, weights)
        })?;
        map_rows(data.len(), |i| {
            let c = data
                .get(i)
                .ok_or_else(|| likelihood_error("BG/NBD", Some(i)))?;
            Ok(sums[which[i] as usize] / self.denominator(&c))
        })
    }

    /// The numerator of E[X(t)], which depends on the customer only through x and T.
    fn expected_numerator(&self, t: f64, x: f64, big_t: f64) -> Result<f64> {
        if t == 0.0 {
            return Ok(0.0);
        }
        let s = self.shift as f64;
        let big_a = self.r + x;
        let cc = self.a + self.b + x - 1.0 + s;
        let a = self.a;
        let w = -t / (self.alpha + big_t);
        let numerator = if w > -0.5 {
            series(big_a * w, |n| {
                (big_a + n) * (a + n - 1.0) / ((cc + n) * (n + 1.0)) * w
            })
            .map(|v| -v)
        } else {
            let z = t / (self.alpha + big_t + t);
            let big_b = self.b + x + s;
            ln_series_positive(big_a * big_b * z, |n| {
                (big_a + n) * (big_b + n) / ((cc + n) * (n + 1.0)) * z
            })
            .map(|ln_tail| self.numerator_of_tail(x, z, ln_tail))
        };
        numerator
            .filter(|v| v.is_finite())
            .ok_or_else(|| not_converged(t))
    }

    /// E[X(t)]'s numerator from the z-series' tail, ln Σ_{n>=1} u_n with
    /// u_1 = A B z and u_{n+1} / u_n = (A + n)(B + n) z / ((c + n)(n + 1)):
    /// (c (1 − (1 − z)^A) − (1 − z)^A Σ u_n) / (a − 1), the pole at a = 1 stepped
    /// around.
    fn numerator_of_tail(&self, x: f64, z: f64, ln_tail: f64) -> f64 {
        let s = self.shift as f64;
        let big_a = self.r + x;
        let cc = self.a + self.b + x - 1.0 + s;
        let a_minus_1 = if (self.a - 1.0).abs() < 1e-10 {
            1e-10f64.copysign(self.a - 1.0)
        } else {
            self.a - 1.0
        };
        let ln_1mz = (-z).ln_1p();
        (cc * -(big_a * ln_1mz).exp_m1() - (big_a * ln_1mz + ln_tail).exp()) / a_minus_1
    }

    /// The z-series tails of [`Kernel::numerator_of_tail`] for many z at once (increasing), as
    /// logarithms. The coefficients u_n / zⁿ are the same for every z, so each term costs
    /// one division for all of them and two products per z, where
    /// [`Kernel::expected_numerator`] would pay the division for each. `None` when a
    /// coefficient is not positive (c <= 0) or the largest z's series has not converged
    /// in a million terms.
    fn z_tails(&self, x: f64, zs: &[f64]) -> Option<Vec<f64>> {
        let s = self.shift as f64;
        let (big_a, big_b) = (self.r + x, self.b + x + s);
        let cc = self.a + self.b + x - 1.0 + s;
        let mut powers = zs.to_vec();
        let mut coefficient = big_a * big_b;
        let mut sums: Vec<f64> = zs.iter().map(|z| coefficient * z).collect();
        let mut ln_scale = 0.0;
        // The z below `done` have converged (a smaller z converges first), their tails
        // in `tails`.
        let mut done = 0;
        let mut tails = Vec::with_capacity(zs.len());
        for n in 1..MAX_TERMS {
            let nf = n as f64;
            let ratio = (big_a + nf) * (big_b + nf) / ((cc + nf) * (nf + 1.0));
            if !(ratio > 0.0 && ratio.is_finite() && coefficient > 0.0) {
                return None;
            }
            while done < zs.len() {
                let next = ratio * zs[done];
                let term = coefficient * powers[done];
                if next < 1.0 && term * next <= sums[done] * f64::EPSILON * 0.25 * (1.0 - next) {
                    tails.push(sums[done].ln() + ln_scale);
                    done += 1;
                } else {
                    break;
                }
            }
            if done == zs.len() {
                return Some(tails);
            }
            coefficient *= ratio;
            for ((power, sum), z) in powers[done..]
                .iter_mut()
                .zip(&mut sums[done..])
                .zip(&zs[done..])
            {
                *power *= z;
                *sum += coefficient * *power;
            }
            if coefficient > 1e250 {
                // Terms that grow before they fall: keep everything in range (each sum
                // is at most a few thousand terms of at most the coefficient).
                coefficient *= 1e-250;
                sums[done..].iter_mut().for_each(|v| *v *= 1e-250);
                ln_scale += 250.0 * std::f64::consts::LN_10;
            }
        }
        None
    }

    /// Σ_k weights[k] (N(ends[k]) − N(ends[k−1])) for E[X(t)]'s numerator N at (x, T): the
    /// ends where the w-series applies one by one, the rest at once by
    /// [`Kernel::z_tails`].
    fn weighted_numerator(&self, x: f64, big_t: f64, ends: &[f64], weights: &[f64]) -> Result<f64> {
        let scale = self.alpha + big_t;
        let split = ends.partition_point(|t| -t / scale > -0.5);
        let zs: Vec<f64> = ends[split..].iter().map(|t| t / (scale + t)).collect();
        let tails = self.z_tails(x, &zs);
        let mut index = 0_usize;
        period_sum(ends, weights, |end| {
            let k = index;
            index += 1;
            match (&tails, k.checked_sub(split)) {
                (Some(tails), Some(j)) => {
                    let v = self.numerator_of_tail(x, zs[j], tails[j]);
                    if v.is_finite() {
                        Ok(v)
                    } else {
                        Err(not_converged(end))
                    }
                }
                _ => self.expected_numerator(end, x, big_t),
            }
        })
    }

    /// Both scores for every row. E[X(t)]'s numerator (the costly series) depends only on
    /// (x, T), which repeat across a book (whole frequencies, acquisition cohorts), so it
    /// is computed once per distinct pair; the results are the per-customer ones, bit
    /// for bit. The pairs and then the rows are spread over rayon's threads.
    fn score(&self, t: f64, data: &CustomerData) -> Result<Scores> {
        check_horizon(t)?;
        let (pairs, which) = Self::pairs(data);
        let numerators = map_rows(pairs.len(), |k| {
            self.expected_numerator(t, pairs[k].0, pairs[k].1)
        })?;
        let rows = map_rows(data.len(), |i| {
            let c = data
                .get(i)
                .ok_or_else(|| likelihood_error("BG/NBD", Some(i)))?;
            let numerator = numerators[which[i] as usize];
            Ok((self.probability_alive(&c), self.conditional(numerator, &c)))
        })?;
        let (p_alive, expected_purchases) = rows.into_iter().unzip();
        Ok(Scores {
            p_alive,
            expected_purchases,
        })
    }

    /// The log-likelihood of (weighted) customer rows; an error naming the first row
    /// whose likelihood is not finite.
    fn log_likelihood(&self, data: &CustomerData, model: &str) -> Result<f64> {
        let rows = map_rows(data.len(), |i| {
            let c = data
                .get(i)
                .ok_or_else(|| likelihood_error(model, Some(i)))?;
            let v = data.weight(i) * self.log_likelihood_row(&c);
            if v.is_finite() {
                Ok(v)
            } else {
                Err(likelihood_error(model, Some(i)))
            }
        })?;
        Ok(rows.iter().sum())
    }

    /// Log-likelihood of one customer row.
    fn log_likelihood_row(&self, c: &Customer) -> f64 {
        let x = c.frequency();
        let s = self.shift as f64;
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let d1 = lgamma_ratio(r, x) + r * alpha.ln() + lgamma_ratio(b, x + s)
            - lgamma_ratio(a + b, x + s);
        let a3 = -(r + x) * (alpha + c.t()).ln();
        if self.has_dropout_term(x) {
            let a4 = a.ln() - (b + x - 1.0 + s).ln() - (r + x) * (alpha + c.recency()).ln();
            d1 + a3 + softplus(a4 - a3)
        } else {
            d1 + a3
        }
    }
}

/// The error when E[X(t)]'s series does not converge.
fn not_converged(t: f64) -> Error {
    Error::invalid_argument(
        "t",
        format!("the series for E[X(t)] did not converge at t = {t}"),
    )
}

/// ln Γ(v + n) − ln Γ(v) for a whole number n.
fn lgamma_ratio(v: f64, n: f64) -> f64 {
    if n < 64.0 {
        (0..n as u32).map(|k| (v + k as f64).ln()).sum()
    } else {
        super::special::ln_gamma(v + n) - super::special::ln_gamma(v)
    }
}

/// Sums over k < x, tabulated for every x up to the largest in the data.
struct Tables {
    ln_r: Vec<f64>,
    inv_r: Vec<f64>,
    inv2_r: Vec<f64>,
    lab: Vec<f64>,
    da: Vec<f64>,
    db: Vec<f64>,
    d2aa: Vec<f64>,
    d2bb: Vec<f64>,
    /// 1 / (b + k − 1) and its log, for the drop-out term of a row with x + shift = k.
    inv_b1: Vec<f64>,
    ln_b1: Vec<f64>,
}

impl Tables {
    fn new(r: f64, a: f64, b: f64, len: usize) -> Tables {
        let mut t = Tables {
            ln_r: vec![0.0; len + 1],
            inv_r: vec![0.0; len + 1],
            inv2_r: vec![0.0; len + 1],
            lab: vec![0.0; len + 1],
            da: vec![0.0; len + 1],
            db: vec![0.0; len + 1],
            d2aa: vec![0.0; len + 1],
            d2bb: vec![0.0; len + 1],
            inv_b1: vec![0.0; len + 1],
            ln_b1: vec![0.0; len + 1],
        };
        for k in 1..=len {
            let v = b + k as f64 - 1.0;
            t.inv_b1[k] = 1.0 / v;
            t.ln_b1[k] = v.ln();
        }
        for k in 0..len {
            let kf = k as f64;
            let (rk, bk, abk) = (r + kf, b + kf, a + b + kf);
            t.ln_r[k + 1] = t.ln_r[k] + rk.ln();
            t.inv_r[k + 1] = t.inv_r[k] + 1.0 / rk;
            t.inv2_r[k + 1] = t.inv2_r[k] + 1.0 / (rk * rk);
            t.lab[k + 1] = t.lab[k] + bk.ln() - abk.ln();
            t.da[k + 1] = t.da[k] - 1.0 / abk;
            t.db[k + 1] = t.db[k] + 1.0 / bk - 1.0 / abk;
            t.d2aa[k + 1] = t.d2aa[k] + 1.0 / (abk * abk);
            t.d2bb[k + 1] = t.d2bb[k] - 1.0 / (bk * bk) + 1.0 / (abk * abk);
        }
        t
    }
}

/// A chunk's share of the log-likelihood, its gradient and its Hessian (upper triangle),
/// in the natural parameters.
#[derive(Clone, Copy, Default)]
struct Sums {
    ll: f64,
    g: [f64; 4],
    h: [f64; 16],
}

impl std::ops::Add for Sums {
    type Output = Sums;
    fn add(mut self, o: Sums) -> Sums {
        self.ll += o.ll;
        for k in 0..4 {
            self.g[k] += o.g[k];
        }
        for k in 0..16 {
            self.h[k] += o.h[k];
        }
        self
    }
}

struct BgObjective<'a> {
    data: &'a Compact,
    shift: u32,
}

impl BgObjective<'_> {
    /// −LL / W, and when asked its gradient and Hessian, all in θ = ln(params).
    fn evaluate(&self, theta: &[f64], grad: Option<&mut [f64]>, hess: Option<&mut [f64]>) -> f64 {
        let p = [
            theta[0].exp(),
            theta[1].exp(),
            theta[2].exp(),
            theta[3].exp(),
        ];
        let [r, alpha, a, b] = p;
        if !p.iter().all(|v| v.is_finite() && *v > 0.0) {
            return f64::INFINITY;
        }
        let s = self.shift as usize;
        let data = self.data;
        let tab = Tables::new(r, a, b, data.max_x as usize + s);
        let want_grad = grad.is_some() || hess.is_some();
        let want_hess = hess.is_some();
        let ln_alpha = alpha.ln();
        let t_ln: Vec<f64> = data.t_values.iter().map(|t| (alpha + t).ln()).collect();
        let tx_ln: Vec<f64> = data
            .recency_values
            .iter()
            .map(|t| (alpha + t).ln())
            .collect();
        let (t_inv, tx_inv): (Vec<f64>, Vec<f64>) = if want_grad {
            (
                data.t_values.iter().map(|t| 1.0 / (alpha + t)).collect(),
                data.recency_values
                    .iter()
                    .map(|t| 1.0 / (alpha + t))
                    .collect(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let ln_a = a.ln();
        // The rows in fixed chunks over rayon's threads, each chunk's sums in row order
        // and the chunks' in chunk order: the same bits on any number of threads.
        let sums = sum_chunks(
            data.rows.len(),
            Sums::default(),
            |range| {
                let (mut ll, mut g, mut h) = (0.0, [0.0f64; 4], [0.0f64; 16]);
                for row in &data.rows[range] {
                    let xi = row.x as usize;
                    let xb = xi + s;
                    let x = row.x as f64;
                    let w = row.weight;
                    let rx = r + x;
                    let lt = t_ln[row.t as usize];
                    let d1 = tab.ln_r[xi] + r * ln_alpha + tab.lab[xb];
                    let a3 = -rx * lt;
                    let has4 = s == 1 || xi > 0;
                    let (mut value, mut w4, mut a4_grad) = (d1 + a3, 0.0, [0.0f64; 4]);
                    let mut ib = 0.0;
                    if has4 {
                        ib = tab.inv_b1[xb];
                        let ltx = tx_ln[row.recency as usize];
                        let d = ln_a - tab.ln_b1[xb] - rx * ltx - a3;
                        // softplus(d) and the logistic weight from one exponential. ln(1 + e)
                        // rather than ln_1p(e): it adds at most about 2e-16 to the row's
                        // log-likelihood (a sum of terms of order 10), at a third of the cost.
                        let e = (-d.abs()).exp();
                        value += d.max(0.0) + (1.0 + e).ln();
                        w4 = if d > 0.0 {
                            1.0 / (1.0 + e)
                        } else {
                            e / (1.0 + e)
                        };
                        if want_grad {
                            let itx = tx_inv[row.recency as usize];
                            a4_grad = [-ltx, -rx * itx, 1.0 / a, -ib];
                        }
                    }
                    ll += w * value;
                    if !want_grad {
                        continue;
                    }
                    let it = t_inv[row.t as usize];
                    let a3_grad = [-lt, -rx * it, 0.0, 0.0];
                    let w3 = 1.0 - w4;
                    let d1_grad = [tab.inv_r[xi] + ln_alpha, r / alpha, tab.da[xb], tab.db[xb]];
                    let mut row_grad = [0.0f64; 4];
                    for k in 0..4 {
                        row_grad[k] = d1_grad[k] + w3 * a3_grad[k] + w4 * a4_grad[k];
                        g[k] += w * row_grad[k];
                    }
                    if !want_hess {
                        continue;
                    }
                    // D1's Hessian.
                    h[0] += w * -tab.inv2_r[xi];
                    h[1] += w / alpha;
                    h[5] += w * -r / (alpha * alpha);
                    h[10] += w * tab.d2aa[xb];
                    h[11] += w * tab.d2aa[xb];
                    h[15] += w * tab.d2bb[xb];
                    // w3 ∇²A3 + w4 ∇²A4 + w3 w4 (∇A4 − ∇A3)(∇A4 − ∇A3)ᵀ.
                    h[1] += w * w3 * -it;
                    h[5] += w * w3 * rx * it * it;
                    if has4 {
                        let itx = tx_inv[row.recency as usize];
                        h[1] += w * w4 * -itx;
                        h[5] += w * w4 * rx * itx * itx;
                        h[10] -= w * w4 / (a * a);
                        h[15] += w * w4 * ib * ib;
                        let diff = [
                            a4_grad[0] - a3_grad[0],
                            a4_grad[1] - a3_grad[1],
                            a4_grad[2],
                            a4_grad[3],
                        ];
                        let ww = w * w3 * w4;
                        for i in 0..4 {
                            for j in i..4 {
                                h[i * 4 + j] += ww * diff[i] * diff[j];
                            }
                        }
                    }
                }
                Sums { ll, g, h }
            },
            |a, b| a + b,
        );
        let Sums { ll, g, h } = sums;
        let total = data.total_weight;
        if let Some(gr) = grad {
            for k in 0..4 {
                gr[k] = -p[k] * g[k] / total;
            }
        }
        if let Some(he) = hess {
            for i in 0..4 {
                for j in i..4 {
                    let mut v = p[i] * p[j] * h[i * 4 + j];
                    if i == j {
                        v += p[i] * g[i];
                    }
                    he[i * 4 + j] = -v / total;
                    he[j * 4 + i] = -v / total;
                }
            }
        }
        -ll / total
    }
}

impl Objective for BgObjective<'_> {
    fn names(&self) -> &'static [&'static str] {
        &NAMES
    }
    fn cost(&self, theta: &[f64]) -> f64 {
        self.evaluate(theta, None, None)
    }
    fn cost_gradient(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        self.evaluate(theta, Some(grad), None)
    }
    fn cost_hessian(&self, theta: &[f64], grad: &mut [f64], hess: &mut [f64]) -> Option<f64> {
        Some(self.evaluate(theta, Some(grad), Some(hess)))
    }
    fn has_hessian(&self) -> bool {
        true
    }
    fn total_weight(&self) -> f64 {
        self.data.total_weight
    }
}

fn fit_kernel(
    data: &CustomerData,
    options: &FitOptions,
    shift: u32,
    model: &'static str,
) -> Result<(Kernel, FitReport)> {
    if data.total_weight() <= 0.0 {
        return Err(Error::invalid_argument(
            "frequency",
            format!("{model} needs at least one customer with a positive weight"),
        ));
    }
    let compact = data.compact(options.group_rows);
    let objective = BgObjective {
        data: &compact,
        shift,
    };
    let start = [1.0, (data.max_t() / 10.0).max(1e-3), 1.0, 1.0];
    let sample = compact.sample(SAMPLE_ROWS);
    let sample = sample.as_ref().map(|data| BgObjective { data, shift });
    let (p, report) = maximize(
        &objective,
        sample.as_ref().map(|o| o as &dyn Objective),
        model,
        &start,
        options,
        data.len(),
        compact.rows.len(),
    )?;
    Ok((
        Kernel {
            r: p[0],
            alpha: p[1],
            a: p[2],
            b: p[3],
            shift,
        },
        report,
    ))
}

macro_rules! beta_geo_model {
    ($(#[$doc:meta])* $name:ident, $shift:expr, $label:expr, $example_alive:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub struct $name(Kernel);

        impl $name {
            /// The model with known parameters.
            ///
            /// # Errors
            /// [`Error::InvalidArgument`] when a parameter is outside [1e-9, 1e9] (not finite, or
            /// too small or large for the formulas to keep their digits).
            ///
            /// # Example
            /// ```
            #[doc = concat!("use callwise::retention::", stringify!($name), ";")]
            #[doc = concat!("assert!(", stringify!($name), "::new(0.243, 4.414, 0.793, 2.426).is_ok());")]
            #[doc = concat!("assert!(", stringify!($name), "::new(0.243, -1.0, 0.793, 2.426).is_err());")]
            /// ```
            pub fn new(r: f64, alpha: f64, a: f64, b: f64) -> Result<$name> {
                check_model_params(&NAMES, &[r, alpha, a, b])?;
                Ok($name(Kernel { r, alpha, a, b, shift: $shift }))
            }

            /// The maximum-likelihood fit to customer summaries (optionally weighted).
            ///
            /// # Errors
            /// [`Error::InvalidArgument`] when there is no customer with a positive
            /// weight or the options are invalid; [`Error::NotConverged`] (with the best
            /// point) when no method converges.
            ///
            /// # Example
            /// ```
            /// use callwise::retention::{CustomerData, FitOptions};
            /// let data = CustomerData::new(
            ///    &[0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 3.0, 4.0, 6.0, 9.0, 0.0, 2.0],
            ///    &[0.0, 0.0, 0.0, 10.0, 30.0, 20.0, 35.0, 12.0, 37.0, 38.0, 0.0, 5.0],
            ///    &[39.0, 38.0, 36.0, 39.0, 39.0, 37.0, 39.0, 38.0, 39.0, 39.0, 35.0, 33.0],
            ///    None,
            ///).unwrap();
            #[doc = concat!("let (model, report) = callwise::retention::", stringify!($name), "::fit(&data, &FitOptions::default()).unwrap();")]
            /// assert!(model.r() > 0.0 && report.log_likelihood < 0.0);
            /// ```
            pub fn fit(data: &CustomerData, options: &FitOptions) -> Result<($name, FitReport)> {
                let (kernel, report) = fit_kernel(data, options, $shift, $label)?;
                Ok(($name(kernel), report))
            }

            /// The shape of the gamma mixing the purchase rates.
            ///
            /// # Example
            /// ```
            #[doc = concat!("assert_eq!(callwise::retention::", stringify!($name), "::new(0.25, 4.0, 0.8, 2.4).unwrap().r(), 0.25);")]
            /// ```
            pub fn r(&self) -> f64 {
                self.0.r
            }

            /// The scale of the gamma mixing the purchase rates (in the data's time unit).
            ///
            /// # Example
            /// ```
            #[doc = concat!("assert_eq!(callwise::retention::", stringify!($name), "::new(0.25, 4.0, 0.8, 2.4).unwrap().alpha(), 4.0);")]
            /// ```
            pub fn alpha(&self) -> f64 {
                self.0.alpha
            }

            /// The first shape of the beta mixing the drop-out probabilities.
            ///
            /// # Example
            /// ```
            #[doc = concat!("assert_eq!(callwise::retention::", stringify!($name), "::new(0.25, 4.0, 0.8, 2.4).unwrap().a(), 0.8);")]
            /// ```
            pub fn a(&self) -> f64 {
                self.0.a
            }

            /// The second shape of the beta mixing the drop-out probabilities.
            ///
            /// # Example
            /// ```
            #[doc = concat!("assert_eq!(callwise::retention::", stringify!($name), "::new(0.25, 4.0, 0.8, 2.4).unwrap().b(), 2.4);")]
            /// ```
            pub fn b(&self) -> f64 {
                self.0.b
            }

            /// The parameters as `(name, value)` in the paper's order.
            ///
            /// # Example
            /// ```
            #[doc = concat!("let m = callwise::retention::", stringify!($name), "::new(0.25, 4.0, 0.8, 2.4).unwrap();")]
            /// assert_eq!(m.params()[1], ("alpha", 4.0));
            /// ```
            pub fn params(&self) -> [(&'static str, f64); 4] {
                [("r", self.0.r), ("alpha", self.0.alpha), ("a", self.0.a), ("b", self.0.b)]
            }

            /// The log-likelihood of (weighted) customer summaries, on the paper's scale:
            /// finite, or an error.
            ///
            /// # Errors
            /// [`Error::InvalidArgument`] naming the first row whose likelihood is not
            /// finite (no parameters in the model's range give one; the check keeps the
            /// promise that no NaN or infinity comes back).
            ///
            /// # Example
            /// ```
            /// use callwise::retention::CustomerData;
            #[doc = concat!("let m = callwise::retention::", stringify!($name), "::new(0.25, 4.0, 0.8, 2.4).unwrap();")]
            /// let one = CustomerData::new(&[2.0], &[30.0], &[38.0], None).unwrap();
            /// let twice = CustomerData::new(&[2.0], &[30.0], &[38.0], Some(&[2.0])).unwrap();
            /// assert!((m.log_likelihood(&twice).unwrap() - 2.0 * m.log_likelihood(&one).unwrap()).abs() < 1e-12);
            /// ```
            pub fn log_likelihood(&self, data: &CustomerData) -> Result<f64> {
                self.0.log_likelihood(data, $label)
            }

            /// Expected purchases in `(0, t]` by a customer just acquired.
            ///
            /// # Errors
            /// [`Error::InvalidArgument`] when `t` is negative or not finite.
            ///
            /// # Example
            /// ```
            #[doc = concat!("let m = callwise::retention::", stringify!($name), "::new(0.25, 4.0, 0.8, 2.4).unwrap();")]
            /// assert!(m.expected_purchases_new(52.0).unwrap() > m.expected_purchases_new(26.0).unwrap());
            /// ```
            pub fn expected_purchases_new(&self, t: f64) -> Result<f64> {
                self.0.expected_purchases(t, &Customer::new(0.0, 0.0, 0.0)?)
            }
        }

        impl PurchaseModel for $name {
            fn probability_alive(&self, customer: &Customer) -> Result<f64> {
                Ok(self.0.probability_alive(customer))
            }
            fn expected_purchases(&self, t: f64, customer: &Customer) -> Result<f64> {
                self.0.expected_purchases(t, customer)
            }
            fn score(&self, t: f64, data: &CustomerData) -> Result<Scores> {
                self.0.score(t, data)
            }
            fn weighted_purchases(&self, data: &CustomerData, ends: &[f64], weights: &[f64]) -> Result<Vec<f64>> {
                self.0.weighted_purchases(data, ends, weights)
            }
        }
    };
}

beta_geo_model!(
    /// BG/NBD: while alive a customer buys at a Poisson rate λ ~ Gamma(r, α), and after
    /// each purchase drops out with probability p ~ Beta(a, b) (Fader, Hardie and Lee
    /// 2005). On the CDNOW sample the paper's fit is r = 0.243, α = 4.414, a = 0.793,
    /// b = 2.426 (LL = −9582.4); `tests/retention_models.rs` reproduces it.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{BetaGeo, Customer, PurchaseModel};
    /// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    /// let quiet = Customer::new(2.0, 5.0, 38.86).unwrap();
    /// let busy = Customer::new(2.0, 38.0, 38.86).unwrap();
    /// assert!(m.probability_alive(&quiet).unwrap() < m.probability_alive(&busy).unwrap());
    /// ```
    BetaGeo,
    0,
    "BG/NBD",
    ()
);

beta_geo_model!(
    /// MBG/NBD: BG/NBD where a customer may also drop out at time zero, right after the
    /// first purchase, so that a customer with no repeat purchase is not certainly alive
    /// (Batislam, Denizel and Filiztekin 2007).
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{ModifiedBetaGeo, Customer, PurchaseModel};
    /// let m = ModifiedBetaGeo::new(0.525, 6.183, 0.891, 1.614).unwrap();
    /// let once = Customer::new(0.0, 0.0, 38.86).unwrap();
    /// assert!(m.probability_alive(&once).unwrap() < 1.0);
    /// ```
    ModifiedBetaGeo,
    1,
    "MBG/NBD",
    ()
);

#[cfg(test)]
mod tests {
    use super::*;

    fn objective_check(shift: u32) {
        let data = CustomerData::new(
            &[0.0, 1.0, 2.0, 7.0, 0.0, 3.0],
            &[0.0, 3.0, 10.0, 30.0, 0.0, 5.5],
            &[20.0, 30.0, 31.0, 35.0, 12.0, 40.0],
            Some(&[3.0, 1.0, 2.0, 1.0, 1.0, 0.5]),
        )
        .unwrap();
        let compact = data.compact(true);
        let obj = BgObjective {
            data: &compact,
            shift,
        };
        let theta = [0.3f64.ln(), 5.0f64.ln(), 0.7f64.ln(), 2.0f64.ln()];
        let mut g = [0.0; 4];
        let mut h = [0.0; 16];
        let c = obj.evaluate(&theta, Some(&mut g), Some(&mut h));
        // The kernel's row formula and the tabulated objective agree.
        let k = Kernel {
            r: 0.3,
            alpha: 5.0,
            a: 0.7,
            b: 2.0,
            shift,
        };
        let direct: f64 = (0..data.len())
            .map(|i| data.weight(i) * k.log_likelihood_row(&data.get(i).unwrap()))
            .sum();
        assert!((c + direct / data.total_weight()).abs() < 1e-12);
        // Analytic gradient and Hessian against central differences.
        let mut ng = [0.0; 4];
        super::super::optimize::numeric_gradient(|t| obj.cost(t), &theta, &mut ng);
        for i in 0..4 {
            assert!(
                (g[i] - ng[i]).abs() < 1e-7,
                "grad {i}: {} vs {}",
                g[i],
                ng[i]
            );
            let mut up = theta;
            up[i] += 1e-5;
            let mut down = theta;
            down[i] -= 1e-5;
            let (mut gu, mut gd) = ([0.0; 4], [0.0; 4]);
            obj.evaluate(&up, Some(&mut gu), None);
            obj.evaluate(&down, Some(&mut gd), None);
            for j in 0..4 {
                let num = (gu[j] - gd[j]) / 2e-5;
                assert!(
                    (h[i * 4 + j] - num).abs() < 1e-6,
                    "hess {i}{j}: {} vs {num}",
                    h[i * 4 + j]
                );
            }
        }
    }

    #[test]
    fn bg_nbd_derivatives_are_exact() {
        objective_check(0);
    }

    #[test]
    fn mbg_nbd_derivatives_are_exact() {
        objective_check(1);
    }

    /// The z-series tails summed for many horizons at once are the one-at-a-time ones, up
    /// to fifty years (every third month), for light and heavy buyers and young and old
    /// customers.
    #[test]
    fn many_horizons_at_once_match_one_at_a_time() {
        for shift in [0, 1] {
            let k = Kernel {
                r: 0.243,
                alpha: 4.414,
                a: 0.793,
                b: 2.426,
                shift,
            };
            for x in [0.0, 3.0, 50.0, 300.0] {
                for big_t in [0.5, 20.0, 52.0] {
                    let ends: Vec<f64> = (1..=200).map(|m| f64::from(3 * m) * 4.345).collect();
                    let scale = k.alpha + big_t;
                    let zs: Vec<f64> = ends
                        .iter()
                        .filter(|t| -**t / scale <= -0.5)
                        .map(|t| t / (scale + t))
                        .collect();
                    let tails = k.z_tails(x, &zs).unwrap();
                    let offset = ends.len() - zs.len();
                    for (j, z) in zs.iter().enumerate() {
                        let at_once = k.numerator_of_tail(x, *z, tails[j]);
                        let alone = k.expected_numerator(ends[offset + j], x, big_t).unwrap();
                        assert!(
                            (at_once - alone).abs() <= 1e-12 * alone.abs(),
                            "{shift} {x} {big_t} {j}: {at_once} vs {alone}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn expected_purchases_agree_across_series_forms() {
        // The w-series and the z-series overlap near |w| = 1/2: both must agree there.
        let k = Kernel {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
            shift: 0,
        };
        let c = Customer::new(3.0, 20.0, 30.0).unwrap();
        let t_edge = 0.5 * (4.414 + 30.0);
        let below = k.expected_purchases(t_edge * (1.0 - 1e-14), &c).unwrap();
        let above = k.expected_purchases(t_edge * (1.0 + 1e-14), &c).unwrap();
        assert!((below - above).abs() < 1e-12 * below, "{below} vs {above}");
    }
}
