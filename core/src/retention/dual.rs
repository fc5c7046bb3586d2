//! Forward-mode automatic differentiation: numbers that carry their derivatives.
//!
//! Pareto/NBD's likelihood runs through hypergeometric series and a quadrature whose
//! derivatives have no convenient closed form. The likelihood is written once, generic
//! over [`Real`], and runs on plain `f64` (the value), on [`Dual`] numbers (the value and
//! the exact gradient, in one pass instead of the eight extra evaluations of central
//! differences and their 1e-9 noise) and on [`Dual2`] numbers (the value, gradient and
//! exact Hessian, for Newton's method and the standard errors).
//!
//! The special functions themselves are not differentiated term by term: each computes,
//! in plain `f64`, its value and its partial derivatives in its own few arguments (as
//! many orders as the number type carries, [`Real::ORDER`]), and [`Real::lift`] chains
//! them onto the arguments' derivatives. A series of fifty terms then costs fifty plain
//! steps plus one chain rule, not fifty steps on 15-component numbers.

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
    /// The order of the derivatives carried: 0 for `f64`, 1 for [`Dual`], 2 for
    /// [`Dual2`]. Special functions compute their partials up to this order only.
    const ORDER: u8;

    /// A constant.
    fn cst(v: f64) -> Self;
    /// The value, without derivatives.
    fn val(self) -> f64;
    /// f(self), given f's value `v` and its first and second derivatives `dv`, `d2v` at
    /// `self.val()` (`d2v` is read only when [`Real::ORDER`] is 2).
    fn apply(self, v: f64, dv: f64, d2v: f64) -> Self;
    /// f(inputs), given f's value `v`, its gradient `g` and its Hessian `h` (row-major)
    /// in its `K` arguments at their values: the chain rule onto the inputs'
    /// derivatives. `g` is read when [`Real::ORDER`] >= 1, `h` when it is 2.
    fn lift<const K: usize>(inputs: &[Self; K], v: f64, g: &[f64; K], h: &[f64]) -> Self;

    /// ln x.
    fn ln(self) -> Self {
        let x = self.val();
        self.apply(x.ln(), 1.0 / x, -1.0 / (x * x))
    }
    /// e^x.
    fn exp(self) -> Self {
        let e = self.val().exp();
        self.apply(e, e, e)
    }
    /// ln(1 + x).
    fn ln_1p(self) -> Self {
        let x = self.val();
        let d = 1.0 / (1.0 + x);
        self.apply(x.ln_1p(), d, -d * d)
    }
    /// e^x − 1.
    fn exp_m1(self) -> Self {
        let x = self.val();
        let e = x.exp();
        self.apply(x.exp_m1(), e, e)
    }
}

impl Real for f64 {
    const ORDER: u8 = 0;
    fn cst(v: f64) -> f64 {
        v
    }
    fn val(self) -> f64 {
        self
    }
    fn apply(self, v: f64, _dv: f64, _d2v: f64) -> f64 {
        v
    }
    fn lift<const K: usize>(_inputs: &[f64; K], v: f64, _g: &[f64; K], _h: &[f64]) -> f64 {
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
    const ORDER: u8 = 1;
    fn cst(v: f64) -> Self {
        Dual { v, d: [0.0; N] }
    }
    fn val(self) -> f64 {
        self.v
    }
    fn apply(self, v: f64, dv: f64, _d2v: f64) -> Self {
        self.map(v, |d| d * dv)
    }
    fn lift<const K: usize>(inputs: &[Self; K], v: f64, g: &[f64; K], _h: &[f64]) -> Self {
        let mut d = [0.0; N];
        for (input, gk) in inputs.iter().zip(g) {
            for (di, ii) in d.iter_mut().zip(&input.d) {
                *di += gk * ii;
            }
        }
        Dual { v, d }
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

/// A value with its gradient and Hessian with respect to `N` variables: Newton's method
/// and the standard errors from one pass of the likelihood.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Dual2<const N: usize> {
    /// The value.
    pub(crate) v: f64,
    /// ∂value/∂variable_i.
    pub(crate) d: [f64; N],
    /// ∂²value/∂variable_i∂variable_j (symmetric).
    pub(crate) h: [[f64; N]; N],
}

impl<const N: usize> Dual2<N> {
    /// Variable `i` at value `v`.
    pub(crate) fn variable(v: f64, i: usize) -> Self {
        let mut d = [0.0; N];
        d[i] = 1.0;
        Dual2 {
            v,
            d,
            h: [[0.0; N]; N],
        }
    }

    /// The number `v` whose derivatives are those of `self` scaled: f(self) for
    /// f' = `dv`, f'' = `d2v`.
    fn chain(self, v: f64, dv: f64, d2v: f64) -> Self {
        let mut out = Dual2 {
            v,
            d: self.d.map(|d| d * dv),
            h: [[0.0; N]; N],
        };
        for i in 0..N {
            for j in 0..N {
                out.h[i][j] = dv * self.h[i][j] + d2v * self.d[i] * self.d[j];
            }
        }
        out
    }

    fn combine(self, o: Self, v: f64, f: impl Fn(f64, f64) -> f64) -> Self {
        let mut out = Dual2 {
            v,
            d: [0.0; N],
            h: [[0.0; N]; N],
        };
        for i in 0..N {
            out.d[i] = f(self.d[i], o.d[i]);
            for j in 0..N {
                out.h[i][j] = f(self.h[i][j], o.h[i][j]);
            }
        }
        out
    }
}

impl<const N: usize> Real for Dual2<N> {
    const ORDER: u8 = 2;
    fn cst(v: f64) -> Self {
        Dual2 {
            v,
            d: [0.0; N],
            h: [[0.0; N]; N],
        }
    }
    fn val(self) -> f64 {
        self.v
    }
    fn apply(self, v: f64, dv: f64, d2v: f64) -> Self {
        self.chain(v, dv, d2v)
    }
    fn lift<const K: usize>(inputs: &[Self; K], v: f64, g: &[f64; K], h: &[f64]) -> Self {
        let mut out = Self::cst(v);
        for (k, input) in inputs.iter().enumerate() {
            for i in 0..N {
                out.d[i] += g[k] * input.d[i];
                for j in 0..N {
                    out.h[i][j] += g[k] * input.h[i][j];
                }
            }
            for (l, other) in inputs.iter().enumerate() {
                let hkl = h[k * K + l];
                if hkl == 0.0 {
                    continue;
                }
                for i in 0..N {
                    for j in 0..N {
                        out.h[i][j] += hkl * input.d[i] * other.d[j];
                    }
                }
            }
        }
        out
    }
}

impl<const N: usize> Add for Dual2<N> {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        self.combine(o, self.v + o.v, |a, b| a + b)
    }
}

impl<const N: usize> Sub for Dual2<N> {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        self.combine(o, self.v - o.v, |a, b| a - b)
    }
}

impl<const N: usize> Mul for Dual2<N> {
    type Output = Self;
    // The product rule, twice.
    #[allow(clippy::suspicious_arithmetic_impl)]
    fn mul(self, o: Self) -> Self {
        let (x, y) = (self.v, o.v);
        let mut out = Dual2 {
            v: x * y,
            d: [0.0; N],
            h: [[0.0; N]; N],
        };
        for i in 0..N {
            out.d[i] = self.d[i] * y + x * o.d[i];
            for j in 0..N {
                out.h[i][j] =
                    self.h[i][j] * y + x * o.h[i][j] + self.d[i] * o.d[j] + self.d[j] * o.d[i];
            }
        }
        out
    }
}

impl<const N: usize> Div for Dual2<N> {
    type Output = Self;
    // x / y = x · (1 / y), the reciprocal by the chain rule.
    #[allow(clippy::suspicious_arithmetic_impl)]
    fn div(self, o: Self) -> Self {
        let inv = 1.0 / o.v;
        self * o.chain(inv, -inv * inv, 2.0 * inv * inv * inv)
    }
}

impl<const N: usize> Neg for Dual2<N> {
    type Output = Self;
    fn neg(self) -> Self {
        self * -1.0
    }
}

impl<const N: usize> Add<f64> for Dual2<N> {
    type Output = Self;
    fn add(self, o: f64) -> Self {
        Dual2 {
            v: self.v + o,
            ..self
        }
    }
}

impl<const N: usize> Sub<f64> for Dual2<N> {
    type Output = Self;
    fn sub(self, o: f64) -> Self {
        Dual2 {
            v: self.v - o,
            ..self
        }
    }
}

impl<const N: usize> Mul<f64> for Dual2<N> {
    type Output = Self;
    fn mul(self, o: f64) -> Self {
        Dual2 {
            v: self.v * o,
            d: self.d.map(|d| d * o),
            h: self.h.map(|row| row.map(|h| h * o)),
        }
    }
}

impl<const N: usize> Div<f64> for Dual2<N> {
    type Output = Self;
    fn div(self, o: f64) -> Self {
        Dual2 {
            v: self.v / o,
            d: self.d.map(|d| d / o),
            h: self.h.map(|row| row.map(|h| h / o)),
        }
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

/// ψ′(x), the trigamma function, for x > 0: the recurrence up to x >= 12, then the
/// asymptotic series (accurate to about 1e-15 there).
pub(crate) fn trigamma(mut x: f64) -> f64 {
    let mut shift = 0.0;
    while x < 12.0 {
        shift += 1.0 / (x * x);
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    // 1/x + 1/(2x²) + Σ B_2k / x^(2k+1): 1/6, −1/30, 1/42, −1/30, 5/66.
    let tail = inv2
        * inv
        * (1.0 / 6.0
            - inv2 * (1.0 / 30.0 - inv2 * (1.0 / 42.0 - inv2 * (1.0 / 30.0 - inv2 * 5.0 / 66.0))));
    shift + inv + 0.5 * inv2 + tail
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
    fn second_derivatives_match_differences() {
        // f(x, y) = ln(x) · e^(y / x) + (1 + x)^-y / (x + y), at (2.5, 0.7).
        fn f<T: Real>(x: T, y: T) -> T {
            x.ln() * (y / x).exp() + (-(y * (x + 1.0).ln())).exp() / (x + y)
        }
        let (x, y) = (2.5, 0.7);
        let g = f(Dual2::<2>::variable(x, 0), Dual2::<2>::variable(y, 1));
        assert_eq!(g.v, f(x, y));
        let h = 1e-4;
        let grad = |x: f64, y: f64| f(Dual::<2>::variable(x, 0), Dual::<2>::variable(y, 1)).d;
        for (i, (dx, dy)) in [(h, 0.0), (0.0, h)].into_iter().enumerate() {
            let (up, down) = (grad(x + dx, y + dy), grad(x - dx, y - dy));
            for j in 0..2 {
                let numeric = (up[j] - down[j]) / (2.0 * h);
                assert!(
                    (g.h[j][i] - numeric).abs() < 1e-8,
                    "{i}{j}: {} vs {numeric}",
                    g.h[j][i]
                );
            }
        }
        assert!((g.h[0][1] - g.h[1][0]).abs() < 1e-15);
        for (a, b) in g.d.iter().zip(grad(x, y)) {
            assert!((a - b).abs() < 1e-15, "{a} vs {b}");
        }
    }

    #[test]
    fn lift_is_the_chain_rule() {
        // ln(u · v) for u = x², v = x + y, lifted from its partials in (u, v).
        let (x, y) = (Dual2::<2>::variable(1.5, 0), Dual2::<2>::variable(0.5, 1));
        let (u, v) = (x * x, x + y);
        let (uv, vv) = (u.v, v.v);
        let lifted = Dual2::lift(
            &[u, v],
            (uv * vv).ln(),
            &[1.0 / uv, 1.0 / vv],
            &[-1.0 / (uv * uv), 0.0, 0.0, -1.0 / (vv * vv)],
        );
        let direct = (u * v).ln();
        assert!((lifted.v - direct.v).abs() < 1e-15);
        for i in 0..2 {
            assert!((lifted.d[i] - direct.d[i]).abs() < 1e-14);
            for j in 0..2 {
                assert!((lifted.h[i][j] - direct.h[i][j]).abs() < 1e-14);
            }
        }
        let first = Dual::lift(&[Dual::<2>::variable(1.5, 0)], 2.0, &[3.0], &[]);
        assert_eq!((first.v, first.d), (2.0, [3.0, 0.0]));
    }

    #[test]
    fn trigamma_matches_known_values() {
        // ψ′(1) = π²/6, ψ′(1/2) = π²/2, ψ′(10) = π²/6 − Σ_{k<10} 1/k².
        let pi2 = std::f64::consts::PI.powi(2);
        assert!((trigamma(1.0) - pi2 / 6.0).abs() < 1e-14);
        assert!((trigamma(0.5) - pi2 / 2.0).abs() < 1e-13);
        let sum: f64 = (1..10).map(|k| 1.0 / f64::from(k * k)).sum();
        assert!((trigamma(10.0) - (pi2 / 6.0 - sum)).abs() < 1e-14);
        assert!((trigamma(1e6) - (1e-6 + 0.5e-12 + 1e-18 / 6.0)).abs() < 1e-28);
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
