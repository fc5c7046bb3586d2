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

use super::dual::Real;

/// Most terms a series may take before we call it non-convergent.
const MAX_TERMS: usize = 1_000_000;

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

/// ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 <= z < 1, by its power series (see
/// [`ln_series_positive`]). `None` outside that domain or when z is so close to 1 that
/// the series has not converged.
pub(crate) fn ln_hyp2f1_positive<T: Real>(a: T, b: T, c: T, z: T) -> Option<T> {
    if !(a.val() > 0.0 && b.val() > 0.0 && c.val() > 0.0 && (0.0..1.0).contains(&z.val())) {
        return None;
    }
    if z.val() == 0.0 {
        return Some(T::cst(0.0));
    }
    let tail = ln_series_positive(a * b / c * z, |n| {
        (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z
    })?;
    Some(log_add_exp(T::cst(0.0), tail))
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
        for z in [0.0_f64, 0.1, 0.5, 0.9, 0.99] {
            let want = if z == 0.0 { 1.0 } else { -(1.0 - z).ln() / z };
            let got = ln_hyp2f1_positive(1.0, 1.0, 2.0, z).unwrap().exp();
            assert!((got - want).abs() <= 1e-13 * want, "{z}: {got} vs {want}");
        }
        // 2F1(a, b; b; z) = (1 - z)^-a, with huge a: only the log is finite.
        let got = ln_hyp2f1_positive(2000.0, 3.5, 3.5, 0.7).unwrap();
        let want = -2000.0 * (0.3_f64).ln();
        assert!((got - want).abs() <= 1e-11 * want.abs(), "{got} vs {want}");
        assert!(ln_hyp2f1_positive(1.0, 1.0, 2.0, 1.0).is_none());
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
