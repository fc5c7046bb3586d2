//! Forward-mode automatic differentiation: numbers that carry their gradient.
//!
//! Pareto/NBD's likelihood runs through hypergeometric series and a quadrature whose
//! derivatives have no convenient closed form. Evaluating the same code on [`Dual`]
//! numbers gives the exact gradient in one pass, instead of the eight extra evaluations
//! of central differences (and their 1e-9 noise). The special functions are written
//! once, generic over [`Real`], and run on plain `f64` with the same operations in the
//! same order as before.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// What the generic special functions need of a number.
pub(crate) trait Real:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + Add<f64, Output = Self>
    + Sub<f64, Output = Self>
    + Mul<f64, Output = Self>
    + Div<f64, Output = Self>
{
    /// A constant.
    fn cst(v: f64) -> Self;
    /// The value, without derivatives.
    fn val(self) -> f64;
    /// f(self), given f's value `v` and derivative `dv` at `self.val()`.
    fn apply(self, v: f64, dv: f64) -> Self;

    /// ln x.
    fn ln(self) -> Self {
        let x = self.val();
        self.apply(x.ln(), 1.0 / x)
    }
    /// e^x.
    fn exp(self) -> Self {
        let e = self.val().exp();
        self.apply(e, e)
    }
    /// ln(1 + x).
    fn ln_1p(self) -> Self {
        let x = self.val();
        self.apply(x.ln_1p(), 1.0 / (1.0 + x))
    }
    /// e^x − 1.
    fn exp_m1(self) -> Self {
        let x = self.val();
        self.apply(x.exp_m1(), x.exp())
    }
}

impl Real for f64 {
    fn cst(v: f64) -> f64 {
        v
    }
    fn val(self) -> f64 {
        self
    }
    fn apply(self, v: f64, _dv: f64) -> f64 {
        v
    }
    // The plain functions, not `apply`, so the f64 path is exactly the scalar code.
    fn ln(self) -> f64 {
        f64::ln(self)
    }
    fn exp(self) -> f64 {
        f64::exp(self)
    }
    fn ln_1p(self) -> f64 {
        f64::ln_1p(self)
    }
    fn exp_m1(self) -> f64 {
        f64::exp_m1(self)
    }
}

/// A value with its gradient with respect to `N` variables.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Dual<const N: usize> {
    /// The value.
    pub(crate) v: f64,
    /// ∂value/∂variable_i.
    pub(crate) d: [f64; N],
}

impl<const N: usize> Dual<N> {
    /// Variable `i` at value `v`.
    pub(crate) fn variable(v: f64, i: usize) -> Self {
        let mut d = [0.0; N];
        d[i] = 1.0;
        Dual { v, d }
    }

    fn map(self, v: f64, f: impl Fn(f64) -> f64) -> Self {
        Dual {
            v,
            d: self.d.map(f),
        }
    }

    fn zip(self, other: Self, v: f64, f: impl Fn(f64, f64) -> f64) -> Self {
        let mut d = [0.0; N];
        for (i, di) in d.iter_mut().enumerate() {
            *di = f(self.d[i], other.d[i]);
        }
        Dual { v, d }
    }
}

impl<const N: usize> Real for Dual<N> {
    fn cst(v: f64) -> Self {
        Dual { v, d: [0.0; N] }
    }
    fn val(self) -> f64 {
        self.v
    }
    fn apply(self, v: f64, dv: f64) -> Self {
        self.map(v, |d| d * dv)
    }
}

impl<const N: usize> Add for Dual<N> {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        self.zip(o, self.v + o.v, |a, b| a + b)
    }
}

impl<const N: usize> Sub for Dual<N> {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        self.zip(o, self.v - o.v, |a, b| a - b)
    }
}

impl<const N: usize> Mul for Dual<N> {
    type Output = Self;
    // The product rule: the derivative of a product is a sum.
    #[allow(clippy::suspicious_arithmetic_impl)]
    fn mul(self, o: Self) -> Self {
        let (x, y) = (self.v, o.v);
        self.zip(o, x * y, |a, b| a * y + x * b)
    }
}

impl<const N: usize> Div for Dual<N> {
    type Output = Self;
    // The quotient rule.
    #[allow(clippy::suspicious_arithmetic_impl)]
    fn div(self, o: Self) -> Self {
        let q = self.v / o.v;
        let inv = 1.0 / o.v;
        self.zip(o, q, |a, b| (a - q * b) * inv)
    }
}

impl<const N: usize> Neg for Dual<N> {
    type Output = Self;
    fn neg(self) -> Self {
        self.map(-self.v, |d| -d)
    }
}

impl<const N: usize> Add<f64> for Dual<N> {
    type Output = Self;
    fn add(self, o: f64) -> Self {
        Dual {
            v: self.v + o,
            d: self.d,
        }
    }
}

impl<const N: usize> Sub<f64> for Dual<N> {
    type Output = Self;
    fn sub(self, o: f64) -> Self {
        Dual {
            v: self.v - o,
            d: self.d,
        }
    }
}

impl<const N: usize> Mul<f64> for Dual<N> {
    type Output = Self;
    fn mul(self, o: f64) -> Self {
        self.map(self.v * o, |d| d * o)
    }
}

impl<const N: usize> Div<f64> for Dual<N> {
    type Output = Self;
    fn div(self, o: f64) -> Self {
        self.map(self.v / o, |d| d / o)
    }
}

/// ψ(x), the digamma function, for x > 0: the recurrence up to x >= 12, then the
/// asymptotic series (accurate to about 1e-15 there).
pub(crate) fn digamma(mut x: f64) -> f64 {
    let mut shift = 0.0;
    while x < 12.0 {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let inv2 = 1.0 / (x * x);
    let tail = inv2
        * (1.0 / 12.0
            - inv2 * (1.0 / 120.0 - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 / 132.0))));
    shift + x.ln() - 0.5 / x - tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_differences() {
        // f(x, y) = ln(x) · e^(y / x) + (1 + x)^-y, at (2.5, 0.7).
        fn f<T: Real>(x: T, y: T) -> T {
            x.ln() * (y / x).exp() + (-(y * (x + 1.0).ln())).exp()
        }
        let (x, y) = (2.5, 0.7);
        let g = f(Dual::<2>::variable(x, 0), Dual::<2>::variable(y, 1));
        assert_eq!(g.v, f(x, y));
        let h = 1e-6;
        let dx = (f(x + h, y) - f(x - h, y)) / (2.0 * h);
        let dy = (f(x, y + h) - f(x, y - h)) / (2.0 * h);
        assert!((g.d[0] - dx).abs() < 1e-9, "{} vs {dx}", g.d[0]);
        assert!((g.d[1] - dy).abs() < 1e-9, "{} vs {dy}", g.d[1]);
    }

    #[test]
    fn digamma_matches_known_values() {
        // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(10) = H_9 − γ.
        let gamma = 0.577_215_664_901_532_9;
        assert!((digamma(1.0) + gamma).abs() < 1e-14);
        assert!((digamma(0.5) + gamma + 2.0 * 2f64.ln()).abs() < 1e-14);
        let h9: f64 = (1..10).map(|k| 1.0 / k as f64).sum();
        assert!((digamma(10.0) - (h9 - gamma)).abs() < 1e-14);
    }
}
