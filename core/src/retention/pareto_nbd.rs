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
use super::data::{
    Compact, Customer, CustomerData, PurchaseModel, check_periods, likelihood_error, period_sum,
};
use super::dual::{Dual2, Real, digamma, trigamma};
use super::optimize::{
    FitOptions, FitReport, Objective, SAMPLE_ROWS, dual_cost, dual_gradient, maximize,
};
use super::parallel::{map_rows, sum_rows};
use super::special::{Partials, ln_gamma, ln_hyp2f1_ap1, log_add_exp, log_sub_exp};
use crate::{Error, Result};

const NAMES: [&str; 4] = ["r", "alpha", "s", "beta"];

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

/// Most quadrature panels per integral. With the truncation of [`ln_integral_quadrature`]
/// the log-integrand varies by at most about 130 over the range integrated, so no
/// integral with parameters in [1e-9, 1e9] needs more than a few thousand.
const MAX_PANELS: f64 = 10_000.0;

/// The largest series argument z at which [`ln_integral`] may sum the hypergeometric
/// series rather than integrate.
const MAX_Z: f64 = 0.9;

/// What a quadrature node costs against a series term (an exponential and two logarithms
/// against a few products), for [`ln_integral`]'s choice.
const NODE_COST: f64 = 3.0;

/// ln I with its partials in (α, β, m, n): value, gradient, Hessian (row-major).
type IntegralPartials = Partials<4, 16>;

/// ln I, I = ∫ (α + τ)^−m (β + τ)^−n dτ over [lo, hi], with its derivatives in
/// (α, β, m, n) up to `T::ORDER`, lifted onto the arguments' ([`integral_partials`]).
fn ln_integral<T: Real>(alpha: T, beta: T, m: T, n: T, lo: f64, hi: f64) -> Option<T> {
    let (v, g, h) = integral_partials(
        [alpha.val(), beta.val(), m.val(), n.val()],
        lo,
        hi,
        T::ORDER,
    )?;
    Some(T::lift(&[alpha, beta, m, n], v, &g, &h))
}

/// ln I and its partials in v = (α, β, m, n) up to `order`.
///
/// As a difference of two Gauss hypergeometric functions ([`series_partials`]) it is
/// exact and cheap while z = |α − β| / (max(α, β) + lo) is moderate; as z → 1 (α and β
/// far apart, where a fit drifts on data without heterogeneity) the series needs up to
/// millions of terms, and when the two functions are nearly equal (a short interval
/// against their decay) the difference cancels. There the integral is computed directly
/// ([`quadrature_partials`]). The choice follows the estimated cost of each.
fn integral_partials(v: [f64; 4], lo: f64, hi: f64, order: u8) -> Option<IntegralPartials> {
    let [alpha, beta, m, n] = v;
    let (c, big) = (alpha.min(beta), alpha.max(beta));
    let z = (big - c) / (big + lo);
    // Terms grow while (b + j) z / (j + 1) > 1, then fall like z^j.
    let b = if alpha >= beta { n } else { m };
    let peak = ((b * z - 1.0) / (1.0 - z)).max(0.0);
    let series_terms = peak + 40.0 / -z.max(1e-300).ln();
    // F(hi) / F(lo) is about ((big + lo) / (big + hi))^k: keep a digit or more of the
    // difference.
    let cancels = (m + n - 1.0) * ((big + hi) / (big + lo)).ln() < 0.1;
    let nodes = 10.0 * quadrature_panels(v, lo, hi).1;
    if z <= MAX_Z
        && !cancels
        && 2.0 * series_terms < NODE_COST * nodes
        && let Some(found) = series_partials(v, lo, hi, order)
    {
        return Some(found);
    }
    quadrature_partials(v, lo, hi, order)
}

/// ln I as [`integral_partials`], as the difference of two hypergeometric functions
/// (Fader and Hardie's A₀): I = (F(lo) − F(hi)) / k with
/// F(τ) = ₂F₁(k, b; k + 1; z(τ)) (max(α, β) + τ)^−k, k = m + n − 1,
/// z(τ) = |α − β| / (max(α, β) + τ), b = n when α >= β and m otherwise. The partials are
/// ₂F₁'s in (k, b, z) ([`ln_hyp2f1_ap1`]) carried to (α, β, m, n) by the chain rule,
/// written out.
fn series_partials(v: [f64; 4], lo: f64, hi: f64, order: u8) -> Option<IntegralPartials> {
    let [alpha, beta, m, n] = v;
    // Indices into v of the wider scale, the narrower one, and the series' b.
    let (wide, narrow, ib) = if alpha >= beta { (0, 1, 3) } else { (1, 0, 2) };
    let (big, small) = (v[wide], v[narrow]);
    let k = m + n - 1.0;
    let unit = |i: usize| {
        let mut e = [0.0; 4];
        e[i] = 1.0;
        e
    };
    let dk = [0.0, 0.0, 1.0, 1.0];
    let f = |tau: f64| -> Option<IntegralPartials> {
        let bt = big + tau;
        let z = (big - small) / bt;
        let (ls, gs, hs) = ln_hyp2f1_ap1(k, v[ib], z, order)?;
        let ln_bt = bt.ln();
        let value = ls - k * ln_bt;
        let mut g = [0.0; 4];
        let mut h = [0.0; 16];
        if order >= 1 {
            // ∂z: (small + τ) / bt² in the wider scale, −1 / bt in the narrower.
            let mut dz = [0.0; 4];
            dz[wide] = (small + tau) / (bt * bt);
            dz[narrow] = -1.0 / bt;
            let du = [dk, unit(ib), dz];
            for i in 0..4 {
                g[i] = gs[0] * du[0][i] + gs[1] * du[1][i] + gs[2] * du[2][i] - ln_bt * dk[i];
            }
            g[wide] -= k / bt;
            if order >= 2 {
                for i in 0..4 {
                    for j in 0..4 {
                        let mut x = 0.0;
                        for (a, da) in du.iter().enumerate() {
                            for (b, db) in du.iter().enumerate() {
                                x += hs[a * 3 + b] * da[i] * db[j];
                            }
                        }
                        h[i * 4 + j] = x;
                    }
                }
                // z's own second partials, and those of −k ln(bt).
                let inv2 = 1.0 / (bt * bt);
                h[wide * 5] += gs[2] * -2.0 * (small + tau) * inv2 / bt + k * inv2;
                h[wide * 4 + narrow] += gs[2] * inv2;
                h[narrow * 4 + wide] += gs[2] * inv2;
                for i in 2..4 {
                    h[i * 4 + wide] -= 1.0 / bt;
                    h[wide * 4 + i] -= 1.0 / bt;
                }
            }
        }
        Some((value, g, h))
    };
    let (lo_v, lo_g, lo_h) = f(lo)?;
    let (hi_v, hi_g, hi_h) = f(hi)?;
    // ln(F_lo − F_hi) − ln k, with weights ρ_lo − ρ_hi = 1 on the two gradients.
    let d = hi_v - lo_v;
    let value = log_sub_exp(lo_v, hi_v) - k.ln();
    let mut g = [0.0; 4];
    let mut h = [0.0; 16];
    if order >= 1 {
        let rho_hi = 1.0 / (-d).exp_m1(); // e^d / (1 − e^d) = 1 / (e^−d − 1)
        let rho_lo = 1.0 + rho_hi;
        let mut gl = [0.0; 4];
        for i in 0..4 {
            gl[i] = rho_lo * lo_g[i] - rho_hi * hi_g[i];
            g[i] = gl[i] - dk[i] / k;
        }
        if order >= 2 {
            for i in 0..4 {
                for j in 0..4 {
                    h[i * 4 + j] = rho_lo * (lo_h[i * 4 + j] + lo_g[i] * lo_g[j])
                        - rho_hi * (hi_h[i * 4 + j] + hi_g[i] * hi_g[j])
                        - gl[i] * gl[j]
                        + dk[i] * dk[j] / (k * k);
                }
            }
        }
    }
    value.is_finite().then_some((value, g, h))
}

/// Where [`quadrature_partials`] stops integrating, and how many panels it uses.
///
/// The integrand e^h, h = −m ln(α + τ) − n ln(β + τ), falls monotonically. Past the τ at
/// which h has fallen by D = 40 + ln((max(α, β) + hi) / (min(α, β) + lo)) below h(lo)
/// the rest of the integral is below 1e-17 of it (bounding h by its values at the wider
/// and the narrower scale), so the range stops there: for frequent buyers (large m) the
/// integrand is a narrow spike at lo, and the panels go where it is.
///
/// In u = ln(min(α, β) + τ) the log-integrand's slope is at most m ρ_α + n ρ_β + 1,
/// ρ = (min + τ) / (scale + τ), largest at the end of the range; panels over which it
/// changes by at most 2, and at most 1 wide in u (its nearest singularity is π off the
/// real axis), make each 10-point rule exact to rounding.
fn quadrature_panels(v: [f64; 4], lo: f64, hi: f64) -> (f64, f64) {
    let [alpha, beta, m, n] = v;
    let (c, big) = (alpha.min(beta), alpha.max(beta));
    let depth = 40.0 + ((big + hi) / (c + lo)).ln().max(0.0);
    let cut = (big + lo) * (depth / (m + n)).exp() - big;
    let end = if cut.is_finite() && cut < hi {
        cut.max(lo)
    } else {
        hi
    };
    let rho = |scale: f64| (c + end) / (scale + end);
    let slope = m * rho(alpha) + n * rho(beta) + 1.0;
    let width = ((c + end) / (c + lo)).ln();
    let panels = (slope * width / 2.0).max(width).ceil().max(1.0);
    (end, panels)
}

/// ln I as [`integral_partials`], by composite Gauss-Legendre quadrature in
/// u = ln(min(α, β) + τ) (see [`quadrature_panels`] for the range and the panels). The
/// substitution removes the nearby branch point at τ = −min(α, β).
///
/// The derivatives are integrals too: differentiating under the integral sign, ∂/∂α of
/// the integrand is the integrand times −m/(α + τ), ∂/∂m times −ln(α + τ), and so on,
/// so one pass over the nodes gives the value and every partial.
fn quadrature_partials(v: [f64; 4], lo: f64, hi: f64, order: u8) -> Option<IntegralPartials> {
    let [av, bv, mv, nv] = v;
    let (end, panels) = quadrature_panels(v, lo, hi);
    if panels.is_nan() || panels > MAX_PANELS || end <= lo {
        return None;
    }
    let c = av.min(bv);
    let (u_lo, u_hi) = ((c + lo).ln(), (c + end).ln());
    // The log-integrand (with the Jacobian e^u) is at most h(lo) + u_hi.
    let shift = -mv * (av + lo).ln() - nv * (bv + lo).ln() + u_hi;
    let width = (u_hi - u_lo) / panels;
    let half = width / 2.0;
    let mut i0 = 0.0_f64;
    let mut i1 = [0.0_f64; 4];
    let mut i2 = [0.0_f64; 16];
    for p in 0..panels as usize {
        let mid = u_lo + width * (p as f64 + 0.5);
        for (x, w) in GL_NODES.iter().zip(GL_WEIGHTS) {
            for u in [mid - half * x, mid + half * x] {
                let e = u.exp();
                // α + τ and β + τ, one of them e^u exactly.
                let (a_tau, b_tau) = ((av - c) + e, (bv - c) + e);
                let (la, lb) = (a_tau.ln(), b_tau.ln());
                let f = w * half * (-mv * la - nv * lb + u - shift).exp();
                i0 += f;
                if order >= 1 {
                    let phi = [-mv / a_tau, -nv / b_tau, -la, -lb];
                    for k in 0..4 {
                        i1[k] += f * phi[k];
                    }
                    if order >= 2 {
                        for k in 0..4 {
                            for l in k..4 {
                                i2[k * 4 + l] += f * phi[k] * phi[l];
                            }
                        }
                        // The second partials of the log-integrand itself: αα, αm, ββ, βn.
                        i2[0] += f * mv / (a_tau * a_tau);
                        i2[2] -= f / a_tau;
                        i2[5] += f * nv / (b_tau * b_tau);
                        i2[7] -= f / b_tau;
                    }
                }
            }
        }
    }
    if !(i0 > 0.0 && i0.is_finite()) {
        return None;
    }
    let mut g = [0.0; 4];
    let mut h = [0.0; 16];
    if order >= 1 {
        for k in 0..4 {
            g[k] = i1[k] / i0;
        }
    }
    if order >= 2 {
        for k in 0..4 {
            for l in k..4 {
                let v = i2[k * 4 + l] / i0 - g[k] * g[l];
                h[k * 4 + l] = v;
                h[l * 4 + k] = v;
            }
        }
    }
    Some((i0.ln() + shift, g, h))
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
/// on [`Dual`] numbers for its gradient and on [`Dual2`] numbers for its Hessian.
fn log_terms<T: Real>(p: [T; 4], x: f64, recency: f64, t: f64) -> Option<(T, T)> {
    let [r, alpha, s, beta] = p;
    let first = -(r + x) * (alpha + t).ln() - s * (beta + t).ln();
    if recency >= t {
        return Some((first, T::cst(f64::NEG_INFINITY)));
    }
    let ln_i = ln_integral(alpha, beta, r + x, s + 1.0, recency, t)?;
    Some((first, s.ln() + ln_i))
}

/// ln Γ(r + x) − ln Γ(r), with its derivatives ψ(r + x) − ψ(r) and ψ′(r + x) − ψ′(r)
/// in r (as sums over the whole numbers below x while they are short).
fn ln_gamma_ratio<T: Real>(r: T, x: f64) -> T {
    let rv = r.val();
    let (slope, curvature) = if T::ORDER == 0 {
        (0.0, 0.0)
    } else if x < 64.0 {
        (0..x as u32)
            .map(|k| 1.0 / (rv + f64::from(k)))
            .fold((0.0, 0.0), |(s, c), v| (s + v, c - v * v))
    } else {
        (
            digamma(rv + x) - digamma(rv),
            trigamma(rv + x) - trigamma(rv),
        )
    };
    r.apply(ln_gamma(rv + x) - ln_gamma(rv), slope, curvature)
}

/// One customer's log-likelihood; `None` when the integral cannot be computed (see
/// [`integral_error`]).
fn log_likelihood_row<T: Real>(p: [T; 4], x: f64, recency: f64, t: f64) -> Option<T> {
    let [r, alpha, s, beta] = p;
    let (first, second) = log_terms(p, x, recency, t)?;
    let ll = ln_gamma_ratio(r, x) + r * alpha.ln() + s * beta.ln() + log_add_exp(first, second);
    ll.val().is_finite().then_some(ll)
}

/// One customer's log-likelihood with its gradient and Hessian in the natural parameters
/// (r, α, s, β), written out: the likelihood is G(r) + r ln α + s ln β + ln(e^A + e^B)
/// with G = ln Γ(r + x) − ln Γ(r), A = −(r + x) ln(α + T) − s ln(β + T) and
/// B = ln s + ln I(α, β, r + x, s + 1), whose partials [`ln_integral`] gives. Far fewer
/// operations than running [`log_likelihood_row`] on [`Dual2`] numbers over all four
/// parameters; a test checks the two agree.
fn row_hessian(p: [f64; 4], x: f64, recency: f64, t: f64) -> Option<Dual2<4>> {
    let [r, alpha, s, beta] = p;
    let (a_t, b_t) = (alpha + t, beta + t);
    let (la, lb) = (a_t.ln(), b_t.ln());
    let m = r + x;
    // A: value, gradient, and its Hessian's nonzero entries.
    let a = -m * la - s * lb;
    let ga = [-la, -m / a_t, -lb, -s / b_t];
    let mut out = Dual2::cst(0.0);
    let (value, weight_a) = if recency < t {
        // Variables of ln I: α, β, m = r + x, n = s + 1; of the row: r, α, s, β.
        let (li, lg, lh) = integral_partials([alpha, beta, m, s + 1.0], recency, t, 2)?;
        const FROM: [usize; 4] = [2, 0, 3, 1];
        let b = s.ln() + li;
        let mut gb: [f64; 4] = std::array::from_fn(|k| lg[FROM[k]]);
        gb[2] += 1.0 / s;
        let l = log_add_exp(a, b);
        let (wa, wb) = ((a - l).exp(), (b - l).exp());
        for i in 0..4 {
            out.d[i] = wa * ga[i] + wb * gb[i];
            for j in 0..4 {
                out.h[i][j] =
                    wb * lh[FROM[i] * 4 + FROM[j]] + wa * wb * (ga[i] - gb[i]) * (ga[j] - gb[j]);
            }
        }
        out.h[2][2] -= wb / (s * s);
        (l, wa)
    } else {
        out.d = ga;
        (a, 1.0)
    };
    // A's own second partials, weighted: (r, α), (α, α), (s, β), (β, β).
    out.h[0][1] -= weight_a / a_t;
    out.h[1][0] -= weight_a / a_t;
    out.h[1][1] += weight_a * m / (a_t * a_t);
    out.h[2][3] -= weight_a / b_t;
    out.h[3][2] -= weight_a / b_t;
    out.h[3][3] += weight_a * s / (b_t * b_t);
    // G(r) + r ln α + s ln β.
    let gr = ln_gamma_ratio(Dual2::<1>::variable(r, 0), x);
    let (ln_alpha, ln_beta) = (alpha.ln(), beta.ln());
    out.v = gr.v + r * ln_alpha + s * ln_beta + value;
    out.d[0] += gr.d[0] + ln_alpha;
    out.d[1] += r / alpha;
    out.d[2] += ln_beta;
    out.d[3] += s / beta;
    out.h[0][0] += gr.h[0][0];
    out.h[0][1] += 1.0 / alpha;
    out.h[1][0] += 1.0 / alpha;
    out.h[1][1] -= r / (alpha * alpha);
    out.h[2][3] += 1.0 / beta;
    out.h[3][2] += 1.0 / beta;
    out.h[3][3] -= s / (beta * beta);
    out.v.is_finite().then_some(out)
}

/// The error when the likelihood's integral cannot be computed: a series that did not
/// converge and a quadrature that would need more than [`MAX_PANELS`] panels, which no
/// parameters in the models' range reach.
fn integral_error() -> Error {
    Error::invalid_argument(
        "alpha",
        "the Pareto/NBD likelihood's integral could not be computed for these parameters",
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
    /// −LL / W at θ = ln(params), on plain or dual numbers, the rows summed in fixed
    /// chunks over rayon's threads ([`sum_rows`]).
    fn mean_cost<T: Real + Send + Sync>(&self, p: [T; 4]) -> Option<T> {
        if !p.iter().all(|v| v.val().is_finite() && v.val() > 0.0) {
            return None;
        }
        let data = self.data;
        let ll = sum_rows(data.rows.len(), T::cst(0.0), |i| {
            let row = &data.rows[i];
            let v = log_likelihood_row(
                p,
                f64::from(row.x),
                data.recency_values[row.recency as usize],
                data.t_values[row.t as usize],
            )?;
            Some(v * row.weight)
        })?;
        Some(-ll / data.total_weight)
    }
}

impl Objective for ParetoObjective<'_> {
    fn names(&self) -> &'static [&'static str] {
        &NAMES
    }
    fn cost(&self, theta: &[f64]) -> f64 {
        dual_cost(theta, |p: [f64; 4]| self.mean_cost(p))
    }
    /// The exact gradient, by running the likelihood on dual numbers.
    fn cost_gradient(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        dual_gradient(theta, grad, |p| self.mean_cost(p))
    }
    /// The exact Hessian: each row's in the natural parameters ([`row_hessian`]), summed,
    /// then carried to θ = ln p once.
    fn cost_hessian(&self, theta: &[f64], grad: &mut [f64], hess: &mut [f64]) -> Option<f64> {
        let p: [f64; 4] = std::array::from_fn(|i| theta[i].exp());
        let data = self.data;
        let ll = sum_rows(data.rows.len(), Dual2::cst(0.0), |i| {
            let row = &data.rows[i];
            let v = row_hessian(
                p,
                f64::from(row.x),
                data.recency_values[row.recency as usize],
                data.t_values[row.t as usize],
            )?;
            Some(v * row.weight)
        });
        let Some(ll) = ll.filter(|c| {
            c.d.iter()
                .chain(c.h.iter().flatten())
                .all(|g| g.is_finite())
        }) else {
            return Some(f64::INFINITY);
        };
        // θ = ln p: ∂/∂θ_i = p_i ∂/∂p_i, ∂²/∂θ_i∂θ_j = p_i p_j ∂²/∂p_i∂p_j + δ_ij p_i ∂/∂p_i.
        let w = data.total_weight;
        for i in 0..4 {
            grad[i] = -p[i] * ll.d[i] / w;
            for j in 0..4 {
                let diagonal = if i == j { p[i] * ll.d[i] } else { 0.0 };
                hess[i * 4 + j] = -(p[i] * p[j] * ll.h[i][j] + diagonal) / w;
            }
        }
        Some(-ll.v / w)
    }
    fn has_hessian(&self) -> bool {
        true
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
        let sample = compact.sample(SAMPLE_ROWS);
        let sample = sample.as_ref().map(|data| ParetoObjective { data });
        let (p, report) = maximize(
            &ParetoObjective { data: &compact },
            sample.as_ref().map(|o| o as &dyn Objective),
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

    /// The log-likelihood of (weighted) customer summaries, on the paper's scale: finite,
    /// or an error.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first row whose likelihood cannot be
    /// computed (no parameters in the models' range give one; the check keeps the
    /// promise that no NaN or infinity comes back).
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{CustomerData, ParetoNbd};
    /// let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap();
    /// let data = CustomerData::new(&[2.0], &[30.43], &[38.86], None).unwrap();
    /// assert!((m.log_likelihood(&data).unwrap() - -9.554_283_245_150_406).abs() < 1e-12);
    /// // A rate of purchase far above the drop-out rate: a spike the integral resolves.
    /// let steep = ParetoNbd::new(1e5, 50.0, 0.5, 2.0).unwrap();
    /// let once = CustomerData::new(&[0.0], &[0.0], &[38.86], None).unwrap();
    /// assert!((steep.log_likelihood(&once).unwrap() - -8.987_561_664_191_564).abs() < 1e-9);
    /// ```
    pub fn log_likelihood(&self, data: &CustomerData) -> Result<f64> {
        let p = self.as_array();
        let rows = map_rows(data.len(), |i| {
            let c = data.get(i).ok_or_else(integral_error)?;
            log_likelihood_row(p, c.frequency(), c.recency(), c.t())
                .map(|v| data.weight(i) * v)
                .ok_or_else(|| likelihood_error("Pareto/NBD", Some(i)))
        })?;
        Ok(rows.iter().sum())
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
            .ok_or_else(integral_error)?;
        Ok(1.0 / (1.0 + (second - first).exp()))
    }

    /// In closed form: E[X(t)] = P(alive) (r + x) / (α + T) (β + T) D(t) with
    /// D(t) = (1 − ((β+T)/(β+T+t))^(s−1)) / (s − 1), so the weighted period sums need one
    /// P(alive) per customer and a power per period.
    fn weighted_purchases(
        &self,
        data: &CustomerData,
        ends: &[f64],
        weights: &[f64],
    ) -> Result<Vec<f64>> {
        check_periods(ends, weights)?;
        map_rows(data.len(), |i| {
            let c = data.get(i).ok_or_else(integral_error)?;
            let alive = self.probability_alive(&c)?;
            let bt = self.beta + c.t();
            let lead = alive * (self.r + c.frequency()) / (self.alpha + c.t()) * bt;
            let total = period_sum(ends, weights, |end| {
                Ok(damped_horizon(self.s, (end / bt).ln_1p()))
            })?;
            Ok(lead * total)
        })
    }

    fn expected_purchases(&self, t: f64, c: &Customer) -> Result<f64> {
        check_horizon(t)?;
        if t == 0.0 {
            return Ok(0.0);
        }
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

    /// The series and the quadrature agree, in value, gradient and Hessian in
    /// (α, β, m, n), wherever both apply.
    #[test]
    fn quadrature_matches_series() {
        for (v, lo, hi) in [
            ([10.578, 11.669, 2.553, 1.606], 30.43, 38.86),
            ([40.0, 2.0, 3.5, 1.2], 0.0, 39.0),
            ([3.0, 60.0, 0.8, 1.9], 1.0, 20.0),
            ([200.0, 1.0, 25.0, 1.3], 5.0, 50.0),
            ([11.0, 11.0, 0.6, 1.5], 0.0, 38.0),
        ] {
            let series = series_partials(v, lo, hi, 2).unwrap();
            let quad = quadrature_partials(v, lo, hi, 2).unwrap();
            let close = |a: f64, b: f64, tol: f64| (a - b).abs() <= tol * a.abs().max(1.0);
            assert!(
                close(series.0, quad.0, 1e-12),
                "{v:?}: {} vs {}",
                series.0,
                quad.0
            );
            for i in 0..4 {
                assert!(
                    close(series.1[i], quad.1[i], 1e-10),
                    "{v:?} d{i}: {} vs {}",
                    series.1[i],
                    quad.1[i]
                );
            }
            for i in 0..16 {
                assert!(
                    close(series.2[i], quad.2[i], 1e-8),
                    "{v:?} h{i}: {} vs {}",
                    series.2[i],
                    quad.2[i]
                );
            }
            for order in [0, 1] {
                assert_eq!(series_partials(v, lo, hi, order).unwrap().0, series.0);
                assert_eq!(quadrature_partials(v, lo, hi, order).unwrap().0, quad.0);
            }
        }
    }

    /// One customer's log-likelihood against values computed with mpmath at 40 digits
    /// (`tests/data/retention/pareto_nbd_references.py`), in the regimes the series,
    /// the quadrature and its truncation cover: the CDNOW fit, α and β far apart, a rate
    /// of purchase far above the drop-out rate (issue 19: it was −∞), the point the
    /// two-customer fit of issue 19 drifted to, a million purchases, the parameters'
    /// limits.
    #[test]
    fn log_likelihood_matches_high_precision_references() {
        let cases: [([f64; 4], [f64; 3], f64); 9] = [
            (
                [0.553, 10.578, 0.606, 11.669],
                [2.0, 30.43, 38.86],
                -9.554_283_245_150_407,
            ),
            (
                [0.553, 10.578, 0.606, 11.669],
                [0.0, 0.0, 38.86],
                -0.521_046_294_080_890_4,
            ),
            (
                [2.0, 400.0, 0.3, 1.5],
                [5.0, 35.0, 36.0],
                -24.938_803_934_597_793,
            ),
            (
                [0.8, 0.9, 1.4, 300.0],
                [3.0, 20.0, 33.0],
                -12.080_454_782_622_187,
            ),
            (
                [1e5, 50.0, 0.5, 2.0],
                [0.0, 0.0, 38.86],
                -8.987_561_664_191_563,
            ),
            (
                [286_343.0, 1_450_806.5, 504_268.9, 6_426_736.3],
                [5.0, 17.929_864_165_844_36, 43.668_444_470_114_07],
                -14.314_143_108_291_752,
            ),
            (
                [0.5, 10.0, 0.5, 10.0],
                [1e6, 30.0, 39.0],
                9_126_615.555_470_787,
            ),
            (
                [1e-9, 1e9, 1e-9, 1e9],
                [1.0, 1.0, 40.0],
                -41.446_531_713_892_824,
            ),
            (
                [1e9, 1e-9, 1e9, 1e-9],
                [3.0, 10.0, 40.0],
                -46_051_701_805.512_02,
            ),
        ];
        for (p, [x, tx, t], want) in cases {
            let got = log_likelihood_row(p, x, tx, t).unwrap();
            // The likelihood is a sum of terms as large as r ln α: rounding of those, no
            // more.
            let [r, alpha, s, beta] = p;
            let terms = (r * alpha.ln()).abs()
                + (s * beta.ln()).abs()
                + ((r + x) * (alpha + t).ln()).abs()
                + want.abs().max(1.0);
            assert!(
                (got - want).abs() <= 1e-14 * terms,
                "{p:?} {x} {tx} {t}: {got} vs {want}"
            );
            let model = ParetoNbd::new(p[0], p[1], p[2], p[3]).unwrap();
            let data = CustomerData::new(&[x], &[tx], &[t], Some(&[2.0])).unwrap();
            assert_eq!(model.log_likelihood(&data).unwrap(), 2.0 * got);
            let alive = model.probability_alive(&data.get(0).unwrap()).unwrap();
            assert!((0.0..=1.0).contains(&alive), "{alive}");
        }
    }

    /// The written-out row Hessian is the generic likelihood's on second-order duals.
    #[test]
    fn row_hessian_is_the_dual_numbers_hessian() {
        for (p, [x, tx, t]) in [
            ([0.55, 10.6, 0.6, 11.7], [2.0, 30.4, 38.9]),
            ([0.55, 10.6, 0.6, 11.7], [0.0, 0.0, 38.9]),
            ([2.0, 400.0, 0.3, 1.5], [5.0, 35.0, 36.0]),
            ([0.8, 0.9, 1.4, 300.0], [3.0, 20.0, 33.0]),
            ([3.0, 5.0, 2.0, 5.0], [7.0, 38.0, 38.0]),
            ([1e5, 50.0, 0.5, 2.0], [0.0, 0.0, 38.86]),
            ([0.5, 10.0, 0.5, 10.0], [80.0, 30.0, 39.0]),
        ] {
            let written = row_hessian(p, x, tx, t).unwrap();
            let v: [Dual2<4>; 4] = std::array::from_fn(|i| Dual2::variable(p[i], i));
            let dual = log_likelihood_row(v, x, tx, t).unwrap();
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()));
            assert!(
                close(written.v, dual.v),
                "{p:?}: {} vs {}",
                written.v,
                dual.v
            );
            for i in 0..4 {
                assert!(
                    close(written.d[i], dual.d[i]),
                    "{p:?} d{i}: {} vs {}",
                    written.d[i],
                    dual.d[i]
                );
                for j in 0..4 {
                    assert!(
                        close(written.h[i][j], dual.h[i][j]),
                        "{p:?} h{i}{j}: {} vs {}",
                        written.h[i][j],
                        dual.h[i][j]
                    );
                }
            }
        }
    }

    /// The dual-number gradient and Hessian agree with central differences, in the series
    /// and the quadrature regimes.
    #[test]
    fn dual_derivatives_match_differences() {
        use crate::retention::optimize::numeric_gradient;
        let data = CustomerData::new(
            &[0.0, 1.0, 2.0, 5.0, 0.0, 3.0, 40.0],
            &[0.0, 10.0, 30.4, 35.0, 0.0, 20.0, 38.0],
            &[39.0, 38.0, 38.9, 36.0, 30.0, 33.0, 38.5],
            Some(&[3.0, 1.0, 2.0, 1.0, 1.0, 1.0, 1.0]),
        )
        .unwrap();
        let compact = data.compact(true);
        let objective = ParetoObjective { data: &compact };
        for p in [
            [0.55, 10.6, 0.6, 11.7],
            [2.0, 400.0, 0.3, 1.5],
            [0.8, 0.9, 1.4, 300.0],
            [3.0, 5.0, 2.0, 5.0],
        ] {
            let theta: Vec<f64> = p.iter().map(|v: &f64| v.ln()).collect();
            let (mut exact, mut numeric) = ([0.0; 4], [0.0; 4]);
            let c = objective.cost_gradient(&theta, &mut exact);
            numeric_gradient(|t| objective.cost(t), &theta, &mut numeric);
            assert_eq!(c, objective.cost(&theta));
            let (mut g2, mut hess) = ([0.0; 4], [0.0; 16]);
            let c2 = objective.cost_hessian(&theta, &mut g2, &mut hess).unwrap();
            assert!((c2 - c).abs() <= 1e-15 * c.abs());
            for i in 0..4 {
                assert!(
                    (exact[i] - numeric[i]).abs() < 1e-7 * (1.0 + exact[i].abs()),
                    "{p:?} {i}: {} vs {}",
                    exact[i],
                    numeric[i]
                );
                assert!((g2[i] - exact[i]).abs() < 1e-13 * (1.0 + exact[i].abs()));
                let h = 1e-5;
                let (mut up, mut down) = (theta.clone(), theta.clone());
                up[i] += h;
                down[i] -= h;
                let (mut gu, mut gd) = ([0.0; 4], [0.0; 4]);
                objective.cost_gradient(&up, &mut gu);
                objective.cost_gradient(&down, &mut gd);
                for j in 0..4 {
                    let num = (gu[j] - gd[j]) / (2.0 * h);
                    assert!(
                        (hess[j * 4 + i] - num).abs() < 1e-6 * (1.0 + num.abs()),
                        "{p:?} h{j}{i}: {} vs {num}",
                        hess[j * 4 + i]
                    );
                }
            }
        }
    }
}
