//! Special functions the retention models need, computed in the log domain where a
//! plain formula would overflow.
//!
//! `ln Γ` comes from `libm` (musl's implementation, accurate to a few ulp); the Gauss
//! hypergeometric series is our own, because the models only ever need it on `0 <= z < 1`
//! with positive parameters or in the two pole-free forms documented at each use.

/// ln Γ(x) for x > 0.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// ln B(a, b) for a, b > 0.
pub(crate) fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

/// ln Γ(x) for x > 0 on any [`Real`]: its derivatives are ψ(x) and ψ′(x), computed only
/// when the number carries them.
pub(crate) fn ln_gamma_real<T: Real>(x: T) -> T {
    let v = x.val();
    let slope = if T::ORDER >= 1 { digamma(v) } else { 0.0 };
    let curvature = if T::ORDER >= 2 { trigamma(v) } else { 0.0 };
    x.apply(ln_gamma(v), slope, curvature)
}

/// ln B(a, b) on any [`Real`].
pub(crate) fn ln_beta_real<T: Real>(a: T, b: T) -> T {
    ln_gamma_real(a) + ln_gamma_real(b) - ln_gamma_real(a + b)
}

/// ln Σ_{i<count} Π_{j<i} (p + j)(q + j) / ((r + j)(u + j)) for 0 < p < r, 0 < q < u, with
/// its partials in (p, q, r, u) up to `order`: the sum over the opportunities a BG/BB
/// customer may have died at. Each term is the last times a ratio below 1, so `count`
/// terms cost `count` steps of plain arithmetic (no ln Γ), and the sum stops early once
/// the rest cannot change it.
///
/// ln t_i = Σ_{j<i} [ln(p+j) + ln(q+j) − ln(r+j) − ln(u+j)] is separable, so its gradient
/// is four running sums of 1/(·+j) and its Hessian is diagonal.
pub(crate) fn ln_ratio_sum(v: [f64; 4], count: u32, order: u8) -> Option<Partials<4, 16>> {
    let [p, q, r, u] = v;
    if !(p > 0.0 && q > 0.0 && r > p && u > q) || count == 0 {
        return None;
    }
    let (mut term, mut sum) = (1.0_f64, 1.0_f64);
    // Kahan's compensation: a million small terms added to a sum near 1 would otherwise
    // lose up to 1e-10 of it.
    let mut lost = 0.0_f64;
    // ∂ln t and the diagonal of ∂²ln t, as running sums.
    let mut lg = [0.0_f64; 4];
    let mut lh = [0.0_f64; 4];
    let mut sg = [0.0_f64; 4];
    let mut sh = [0.0_f64; 16];
    for i in 1..count {
        let j = f64::from(i - 1);
        let inv = [1.0 / (p + j), 1.0 / (q + j), 1.0 / (r + j), 1.0 / (u + j)];
        term *= (p + j) * (q + j) * inv[2] * inv[3];
        let y = term - lost;
        let next = sum + y;
        lost = (next - sum) - y;
        sum = next;
        if order >= 1 {
            for k in 0..4 {
                let sign = if k < 2 { 1.0 } else { -1.0 };
                lg[k] += sign * inv[k];
                lh[k] -= sign * inv[k] * inv[k];
                sg[k] += term * lg[k];
            }
            if order >= 2 {
                for k in 0..4 {
                    for l in 0..4 {
                        sh[k * 4 + l] += term * lg[k] * lg[l];
                    }
                    sh[k * 5] += term * lh[k];
                }
            }
        }
        // The terms fall: the rest is at most this one times the terms left (and their
        // derivatives' weights grow no faster than the square of the log of the count).
        let left = f64::from(count - i);
        let weight = if order == 0 {
            1.0
        } else {
            (1.0 + f64::from(i).ln()).powi(2)
        };
        if term * left * weight <= sum * f64::EPSILON * 0.25 {
            break;
        }
    }
    let mut g = [0.0; 4];
    let mut h = [0.0; 16];
    if order >= 1 {
        for k in 0..4 {
            g[k] = sg[k] / sum;
        }
    }
    if order >= 2 {
        for k in 0..4 {
            for l in 0..4 {
                h[k * 4 + l] = sh[k * 4 + l] / sum - g[k] * g[l];
            }
        }
    }
    sum.is_finite().then_some((sum.ln(), g, h))
}

/// ln(1 + e^x) without overflow.
pub(crate) fn softplus<T: Real>(x: T) -> T {
    if x.val() > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// ln(e^a + e^b) without overflow.
pub(crate) fn log_add_exp<T: Real>(a: T, b: T) -> T {
    let (hi, lo) = if a.val() >= b.val() { (a, b) } else { (b, a) };
    if lo.val() == f64::NEG_INFINITY {
        return hi;
    }
    hi + softplus(lo - hi)
}

/// ln(e^a − e^b) for a >= b (−∞ when they are equal).
pub(crate) fn log_sub_exp<T: Real>(a: T, b: T) -> T {
    if b.val() == f64::NEG_INFINITY {
        return a;
    }
    let d = b - a; // <= 0
    if d.val() > -std::f64::consts::LN_2 {
        a + (-(d.exp_m1())).ln()
    } else {
        a + (-(d.exp())).ln_1p()
    }
}

use super::dual::{Real, digamma, trigamma};

/// Most terms a series may take before we call it non-convergent.
pub(crate) const MAX_TERMS: usize = 1_000_000;

/// ln Σ_{n>=1} u_n for a series of positive terms with u_1 = `first` and
/// u_{n+1} = u_n · ratio(n), summed with running rescaling so that terms which grow
/// before they fall (large parameters) never overflow. `None` when the series has not
/// converged after a million terms or a term is not positive and finite.
pub(crate) fn ln_series_positive<T: Real, F: Fn(f64) -> T>(first: T, ratio: F) -> Option<T> {
    if !(first.val() > 0.0 && first.val().is_finite()) {
        return None;
    }
    let mut term = T::cst(1.0);
    let mut sum = T::cst(1.0);
    let mut ln_scale = first.ln();
    let mut q = ratio(1.0);
    for n in 1..MAX_TERMS {
        if !(q.val() >= 0.0 && q.val().is_finite()) {
            return None;
        }
        term = term * q;
        sum = sum + term;
        if sum.val() > 1e250 {
            sum = sum * 1e-250;
            term = term * 1e-250;
            ln_scale = ln_scale + 250.0 * std::f64::consts::LN_10;
        }
        // Once the terms shrink geometrically, stop when the tail cannot change the sum
        // (judged on the values; the derivatives' tails shrink at the same rate).
        let next = ratio(n as f64 + 1.0);
        let (t, s, r) = (term.val(), sum.val(), next.val());
        if r < 1.0 && t * r <= s * f64::EPSILON * 0.25 * (1.0 - r) {
            return Some(sum.ln() + ln_scale);
        }
        q = next;
    }
    None
}

/// Most terms [`ln_hyp2f1_ap1`] sums before it gives up (its callers then integrate
/// numerically instead): with z at most 0.9 and the parameters the callers pass, a
/// converging series needs a few hundred.
const AP1_MAX_TERMS: usize = 4_000;

/// A function's value with its gradient and Hessian (row-major) in its `K` arguments.
pub(crate) type Partials<const K: usize, const KK: usize> = (f64, [f64; K], [f64; KK]);

/// ln ₂F₁(a, b; a + 1; z) for a, b > 0 and 0 <= z < 1, with its partial derivatives in
/// (a, b, z) up to `order` (0: the value only; the rest zero). `None` outside that
/// domain, or when the series has not converged in [`AP1_MAX_TERMS`] terms.
///
/// The n-th term is t_n = a/(a+n) · (b)_n zⁿ / n!, so ln t_n has the closed-form
/// partials n/(a(a+n)) in a, Σ_{j<n} 1/(b+j) in b and n/z in z, and second partials
/// −n(2a+n)/(a²(a+n)²), −Σ_{j<n} 1/(b+j)² and −n/z² (none across). The sums of t_n
/// times those give the partials of the sum in one pass of plain arithmetic.
pub(crate) fn ln_hyp2f1_ap1(a: f64, b: f64, z: f64, order: u8) -> Option<Partials<3, 9>> {
    if !(a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite() && (0.0..1.0).contains(&z)) {
        return None;
    }
    let mut g = [0.0; 3];
    let mut h = [0.0; 9];
    if z < 1e-100 {
        // The series is 1 + ab/(a+1) z + a b(b+1)/(2(a+2)) z² + ..., at z = 0 to rounding.
        let a1 = a + 1.0;
        g[2] = a * b / a1;
        h[2] = b / (a1 * a1);
        h[5] = a / a1;
        h[6] = h[2];
        h[7] = h[5];
        h[8] = a * b * (b + 1.0) / (a + 2.0) - g[2] * g[2];
        return Some((0.0, g, h));
    }
    let (mut term, mut sum, mut ln_scale) = (1.0_f64, 1.0_f64, 0.0_f64);
    // Σ_{j<n} 1/(b+j) and Σ_{j<n} 1/(b+j)².
    let (mut q1, mut q2) = (0.0_f64, 0.0_f64);
    // Σ t ∂ln t, and Σ t (∂ln t ∂ln tᵀ + ∂² ln t) as aa, ab, az, bb, bz, zz.
    let mut sg = [0.0_f64; 3];
    let mut sh = [0.0_f64; 6];
    let mut ratio = a * b * z / (a + 1.0);
    let mut converged = false;
    for n in 0..AP1_MAX_TERMS {
        let nf = n as f64;
        let k = nf + 1.0;
        term *= ratio;
        sum += term;
        let inv_ak = 1.0 / (a + k);
        if order >= 1 {
            let inv_b = 1.0 / (b + nf);
            q1 += inv_b;
            let (pa, pb, pz) = (k * inv_ak / a, q1, k / z);
            sg[0] += term * pa;
            sg[1] += term * pb;
            sg[2] += term * pz;
            if order >= 2 {
                q2 += inv_b * inv_b;
                let haa = -k * (2.0 * a + k) * inv_ak * inv_ak / (a * a);
                sh[0] += term * (pa * pa + haa);
                sh[1] += term * pa * pb;
                sh[2] += term * pa * pz;
                sh[3] += term * (pb * pb - q2);
                sh[4] += term * pb * pz;
                sh[5] += (term * pz) * ((k - 1.0) / z);
            }
        }
        if sum > 1e250 {
            // Terms that grow before they fall: keep everything in range.
            sum *= 1e-250;
            term *= 1e-250;
            sg.iter_mut().for_each(|v| *v *= 1e-250);
            sh.iter_mut().for_each(|v| *v *= 1e-250);
            ln_scale += 250.0 * std::f64::consts::LN_10;
        }
        // The next ratio, (a + k)(b + k) z / ((a + 1 + k)(k + 1)). Once the terms shrink
        // geometrically, stop when the tail cannot change the sum (nor, weighted by up to
        // (k + 1)², the derivatives' sums).
        ratio = (a + k) * (b + k) * z / ((a + k + 1.0) * (k + 1.0));
        let weight = if order == 0 {
            1.0
        } else {
            (k + 1.0) * (k + 1.0)
        };
        let room = 1.0 - ratio;
        if ratio < 1.0 && term * ratio * weight <= sum * f64::EPSILON * 0.25 * room * room {
            converged = true;
            break;
        }
    }
    if !converged || !sum.is_finite() {
        return None;
    }
    if order >= 1 {
        for i in 0..3 {
            g[i] = sg[i] / sum;
        }
    }
    if order >= 2 {
        let idx = [[0, 1, 2], [1, 3, 4], [2, 4, 5]];
        for i in 0..3 {
            for j in 0..3 {
                h[i * 3 + j] = sh[idx[i][j]] / sum - g[i] * g[j];
            }
        }
    }
    Some((sum.ln() + ln_scale, g, h))
}

/// Σ_{n>=1} u_n where u_1 = `first` and u_{n+1} = u_n · ratio(n), for an alternating or
/// shrinking series whose terms stay small; `None` if it has not converged.
pub(crate) fn series<F: Fn(f64) -> f64>(first: f64, ratio: F) -> Option<f64> {
    let mut term = first;
    let mut sum = first;
    for n in 1..MAX_TERMS {
        term *= ratio(n as f64);
        sum += term;
        if term.abs() <= sum.abs() * f64::EPSILON * 0.25 || term == 0.0 {
            return sum.is_finite().then_some(sum);
        }
        if !sum.is_finite() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z
        for z in [0.0_f64, 1e-120, 0.1, 0.5, 0.9, 0.99] {
            let want = if z < 1e-100 { 1.0 } else { -(1.0 - z).ln() / z };
            let got = ln_hyp2f1_ap1(1.0, 1.0, z, 0).unwrap().0.exp();
            assert!((got - want).abs() <= 1e-13 * want, "{z}: {got} vs {want}");
        }
        // 2F1(a, a + 1; a + 1; z) = (1 - z)^-a, with terms that grow to 1e130 first.
        let got = ln_hyp2f1_ap1(300.0, 301.0, 0.7, 2).unwrap();
        let want = -300.0 * (0.3_f64).ln();
        assert!(
            (got.0 - want).abs() <= 1e-11 * want.abs(),
            "{} vs {want}",
            got.0
        );
        // ... and its partials: ∂/∂z of −a ln(1 − z) = a / (1 − z).
        assert!(
            (got.1[2] - 300.0 / 0.3).abs() <= 1e-9 * 1000.0,
            "{}",
            got.1[2]
        );
        assert!(ln_hyp2f1_ap1(1.0, 1.0, 1.0, 0).is_none());
        // Too many terms: the caller integrates instead.
        assert!(ln_hyp2f1_ap1(1.0, 1e6, 0.9, 0).is_none());
    }

    /// The partials in (a, b, z) against central differences of the value (and of the
    /// gradient, for the Hessian), at z = 0 too; the value does not depend on the order.
    #[test]
    fn hyp2f1_partials_match_differences() {
        for x in [
            [2.5, 1.6, 0.3],
            [40.0, 3.2, 0.85],
            [0.7, 12.0, 0.5],
            [1.5, 2.0, 0.0],
        ] {
            let at = |x: [f64; 3], order| ln_hyp2f1_ap1(x[0], x[1], x[2], order).unwrap();
            let exact = at(x, 2);
            assert_eq!(exact.0, at(x, 0).0);
            assert_eq!(exact.1, at(x, 1).1);
            for i in 0..3 {
                let h = 1e-5 * x[i].abs().max(1e-2);
                let (mut up, mut down) = (x, x);
                up[i] += h;
                down[i] = (x[i] - h).max(0.0);
                let width = up[i] - down[i];
                let numeric = (at(up, 0).0 - at(down, 0).0) / width;
                assert!(
                    (exact.1[i] - numeric).abs() < 1e-6 * (1.0 + numeric.abs()),
                    "{x:?} d{i}"
                );
                let (gu, gd) = (at(up, 1).1, at(down, 1).1);
                for j in 0..3 {
                    let numeric = (gu[j] - gd[j]) / width;
                    let got = exact.2[j * 3 + i];
                    assert!(
                        (got - numeric).abs() < 1e-5 * (1.0 + numeric.abs()),
                        "{x:?} h{j}{i}: {got} vs {numeric}"
                    );
                }
            }
        }
    }

    #[test]
    fn log_arithmetic_is_stable() {
        assert!((log_add_exp(1000.0, 1000.0) - (1000.0 + 2f64.ln())).abs() < 1e-12);
        assert!((log_sub_exp(0.0, -1e-20) - (1e-20f64).ln()).abs() < 1e-9);
        assert_eq!(log_sub_exp(3.0, 3.0), f64::NEG_INFINITY);
        assert!((softplus(-800.0)).abs() < 1e-300);
        assert_eq!(softplus(800.0), 800.0);
    }
}
