//! Maximum-likelihood fitting shared by every retention model.
//!
//! Parameters are searched on the log scale (every model parameter is positive), which
//! keeps the search unconstrained. The order of methods:
//!
//! 1. **Newton** with the model's analytic Hessian (BG/NBD and MBG/NBD have one): a
//!    handful of iterations from the default start, with a Levenberg shift when the
//!    Hessian is not positive definite and an Armijo backtracking line search.
//! 2. **L-BFGS** from `argmin` (More–Thuente line search) with the model's analytic
//!    gradient or, where the model has none, central differences.
//! 3. **Nelder–Mead** from `argmin`, started at the best point so far, when L-BFGS stops
//!    short.
//!
//! A fit that converges by none of them is an [`Error::NotConverged`] carrying the best
//! point found, never NaN parameters. Standard errors come from the inverse of the
//! observed information (the Hessian of the log-likelihood in the natural parameters).

use super::dual::{Dual, Dual2, Real};
use crate::{Error, Result};
use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::neldermead::NelderMead;
use argmin::solver::quasinewton::LBFGS;
use std::cell::RefCell;

/// How a maximum-likelihood fit searches, and how much work it may do.
///
/// Every fit is bounded: each method takes at most `max_iterations` iterations, the whole
/// fit at most `max_evaluations` evaluations of the likelihood (line searches and
/// fallbacks included), and each evaluation a bounded amount of work per row (series
/// terms and quadrature panels are capped). A fit that reaches a bound is
/// [`crate::Error::NotConverged`] with the best point found.
///
/// # Example
/// ```
/// use callwise::retention::{BetaGeo, CustomerData, FitOptions};
/// let options = FitOptions::default();
/// assert!(options.group_rows);
/// // Too little work allowed to converge: the best point found, as an error.
/// let data = CustomerData::new(&[0.0, 2.0, 5.0, 1.0], &[0.0, 20.0, 35.0, 4.0], &[39.0; 4], None)?;
/// let tight = FitOptions { max_evaluations: 2, ..FitOptions::default() };
/// assert!(matches!(BetaGeo::fit(&data, &tight), Err(callwise::Error::NotConverged { .. })));
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FitOptions {
    /// Most iterations each method may take (default 1,000).
    pub max_iterations: u64,
    /// Most evaluations of the likelihood (with or without its derivatives) the whole
    /// fit may make, across every method (default 5,000; a converging fit makes tens).
    pub max_evaluations: u64,
    /// Convergence: the largest gradient component of the mean negative
    /// log-likelihood per customer, with parameters on the log scale.
    pub tolerance: f64,
    /// Starting parameters in the model's order (papers' names); `None` for the
    /// model's default start.
    pub initial: Option<Vec<f64>>,
    /// Merge identical rows (adding their weights) before fitting. It changes nothing
    /// but the speed.
    pub group_rows: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            max_iterations: 1000,
            max_evaluations: 5000,
            tolerance: 1e-9,
            initial: None,
            group_rows: true,
        }
    }
}

/// What a maximum-likelihood fit found, besides the parameters themselves.
///
/// # Example
/// ```
/// use callwise::retention::{BetaGeoBetaBinom, DiscreteData, FitOptions};
/// let data = DiscreteData::new(&[1.0, 0.0, 5.0, 3.0], &[2.0, 0.0, 6.0, 5.0], &[6.0; 4], Some(&[9.0, 30.0, 8.0, 5.0])).unwrap();
/// let (_model, report) = BetaGeoBetaBinom::fit(&data, &FitOptions::default()).unwrap();
/// assert!(report.log_likelihood < 0.0);
/// assert_eq!(report.std_errors.len(), 4);
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FitReport {
    /// The log-likelihood at the fitted parameters, on the papers' scale (the weighted
    /// sum over customers, not a mean).
    pub log_likelihood: f64,
    /// Standard errors of the parameters, in the model's order, from the inverse of the
    /// observed information. `f64::INFINITY` where the information matrix is singular
    /// (a parameter the data cannot identify).
    pub std_errors: Vec<f64>,
    /// Iterations spent across every method tried.
    pub iterations: u64,
    /// Evaluations of the likelihood (with or without derivatives) spent, at most
    /// [`FitOptions::max_evaluations`].
    pub evaluations: u64,
    /// The method that converged: `"newton"`, `"l-bfgs"` or `"nelder-mead"`.
    pub method: &'static str,
    /// Rows given to the fit.
    pub rows: usize,
    /// Rows after merging identical ones.
    pub distinct_rows: usize,
}

/// A negative log-likelihood in log-parameters θ, averaged per unit of weight.
pub(crate) trait Objective {
    /// The model's parameter names, in order.
    fn names(&self) -> &'static [&'static str];

    /// The mean negative log-likelihood at θ; +∞ where it is undefined.
    fn cost(&self, theta: &[f64]) -> f64;

    /// The cost and its gradient with respect to θ (central differences unless the
    /// model overrides it).
    fn cost_gradient(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        numeric_gradient(|t| self.cost(t), theta, grad)
    }

    /// The cost, gradient and Hessian (row-major) with respect to θ, for models that
    /// have an exact Hessian ([`Objective::has_hessian`]).
    fn cost_hessian(&self, _theta: &[f64], _grad: &mut [f64], _hess: &mut [f64]) -> Option<f64> {
        None
    }

    /// Whether [`Objective::cost_hessian`] gives the Hessian (then the fit starts with
    /// Newton's method).
    fn has_hessian(&self) -> bool {
        false
    }

    /// The total weight the mean is taken over.
    fn total_weight(&self) -> f64;
}

/// The cost at θ of a likelihood written over any [`Real`]: `f` at p = e^θ, +∞ where it is
/// undefined.
pub(crate) fn dual_cost<const N: usize>(theta: &[f64], f: impl Fn([f64; N]) -> Option<f64>) -> f64 {
    f(std::array::from_fn(|i| theta[i].exp())).unwrap_or(f64::INFINITY)
}

/// The cost and its exact gradient in θ, by running `f` on [`Dual`] numbers.
pub(crate) fn dual_gradient<const N: usize>(
    theta: &[f64],
    grad: &mut [f64],
    f: impl Fn([Dual<N>; N]) -> Option<Dual<N>>,
) -> f64 {
    match f(std::array::from_fn(|i| Dual::variable(theta[i], i).exp())) {
        Some(c) if c.v.is_finite() && c.d.iter().all(|g| g.is_finite()) => {
            grad.copy_from_slice(&c.d);
            c.v
        }
        _ => {
            grad.fill(0.0);
            f64::INFINITY
        }
    }
}

/// The cost, gradient and exact Hessian in θ, by running `f` on [`Dual2`] numbers.
pub(crate) fn dual_hessian<const N: usize>(
    theta: &[f64],
    grad: &mut [f64],
    hess: &mut [f64],
    f: impl Fn([Dual2<N>; N]) -> Option<Dual2<N>>,
) -> Option<f64> {
    match f(std::array::from_fn(|i| Dual2::variable(theta[i], i).exp())) {
        Some(c)
            if c.v.is_finite()
                && c.d
                    .iter()
                    .chain(c.h.iter().flatten())
                    .all(|g| g.is_finite()) =>
        {
            grad.copy_from_slice(&c.d);
            for (i, row) in c.h.iter().enumerate() {
                hess[i * N..(i + 1) * N].copy_from_slice(row);
            }
            Some(c.v)
        }
        _ => Some(f64::INFINITY),
    }
}

/// Central differences of `f` at `x` with a step of 1e-5 (relative), which balances
/// truncation (about 1e-10) against rounding (about 1e-9 for a cost accurate to 1e-14);
/// returns f(x).
pub(crate) fn numeric_gradient(f: impl Fn(&[f64]) -> f64, x: &[f64], grad: &mut [f64]) -> f64 {
    let mut p = x.to_vec();
    for i in 0..x.len() {
        let h = 1e-5 * x[i].abs().max(1.0);
        p[i] = x[i] + h;
        let up = f(&p);
        p[i] = x[i] - h;
        let down = f(&p);
        p[i] = x[i];
        grad[i] = (up - down) / (2.0 * h);
    }
    f(x)
}

/// Why a [`Guarded`] objective stopped answering.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stop {
    /// The caller's interrupt check said stop.
    Interrupted,
    /// The fit used up its `max_evaluations`.
    Exhausted,
}

/// An objective that counts its evaluations against the fit's budget and asks the
/// caller's interrupt check (see [`crate::interrupt`]) before each. Once either says
/// stop it answers +∞ at once, so whichever search is running ends in a few cheap steps,
/// and [`maximize`] reports [`Error::Interrupted`] or [`Error::NotConverged`].
struct Guarded<'a> {
    inner: &'a dyn Objective,
    evaluations: std::cell::Cell<u64>,
    budget: u64,
    stopped: std::cell::Cell<Option<Stop>>,
}

impl Guarded<'_> {
    fn stop(&self) -> bool {
        if self.stopped.get().is_none() {
            if crate::interrupt::check().is_err() {
                self.stopped.set(Some(Stop::Interrupted));
            } else if self.evaluations.get() >= self.budget {
                self.stopped.set(Some(Stop::Exhausted));
            } else {
                self.evaluations.set(self.evaluations.get() + 1);
            }
        }
        self.stopped.get().is_some()
    }
}

impl Objective for Guarded<'_> {
    fn names(&self) -> &'static [&'static str] {
        self.inner.names()
    }

    fn cost(&self, theta: &[f64]) -> f64 {
        if self.stop() {
            return f64::INFINITY;
        }
        self.inner.cost(theta)
    }

    fn cost_gradient(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        if self.stop() {
            return f64::INFINITY;
        }
        self.inner.cost_gradient(theta, grad)
    }

    fn cost_hessian(&self, theta: &[f64], grad: &mut [f64], hess: &mut [f64]) -> Option<f64> {
        if self.stop() {
            return Some(f64::INFINITY);
        }
        self.inner.cost_hessian(theta, grad, hess)
    }

    fn has_hessian(&self) -> bool {
        self.inner.has_hessian()
    }

    fn total_weight(&self) -> f64 {
        self.inner.total_weight()
    }
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

struct Search {
    theta: Vec<f64>,
    cost: f64,
    iterations: u64,
    converged: bool,
    /// The gradient and Hessian at `theta`, when the search computed them there.
    derivatives: Option<(Vec<f64>, Vec<f64>)>,
}

/// The range a fitted parameter must end in. Outside it the data do not identify the
/// parameter: the likelihood is still rising towards a limit (a → ∞ in BG/NBD when no
/// customer repeats, r and α → ∞ together in the Poisson limit), its gradient has
/// vanished only because the surface is flat there, and the "estimate" is wherever the
/// search stopped. Such fits are [`Error::NotConverged`], with the point reached.
pub(crate) const MIN_PARAM: f64 = 1e-9;
/// See [`MIN_PARAM`].
pub(crate) const MAX_PARAM: f64 = 1e9;

/// Distinct rows above which a fit first fits a systematic sample of about this many of
/// them ([`crate::retention::data`]'s `Compact::sample`) and starts the full fit from
/// that maximum: Newton then needs two or three iterations over all the rows instead of
/// ten or more from the default start.
pub(crate) const SAMPLE_ROWS: usize = 512;

/// The gradient at which the fit to the sample (see [`SAMPLE_ROWS`]) stops.
const SAMPLE_TOLERANCE: f64 = 1e-4;

/// One search's outcome: the best point, and how it was reached.
struct Found {
    theta: Vec<f64>,
    cost: f64,
    derivatives: Option<(Vec<f64>, Vec<f64>)>,
    converged: bool,
    iterations: u64,
    evaluations: u64,
    method: &'static str,
    stopped: Option<Stop>,
}

/// Maximizes the likelihood by the methods in the module's order, from `start` (natural
/// parameters, or `options.initial`). With `sample` (the same likelihood over a sample of
/// the rows, see [`SAMPLE_ROWS`]) and no `options.initial`, the sample is fitted first and
/// its maximum is the start; the two fits share `options.max_evaluations`.
///
/// # Errors
/// [`Error::InvalidArgument`] for bad options; [`Error::Interrupted`] when the caller's
/// check says stop; [`Error::NotConverged`] with the best point otherwise.
pub(crate) fn maximize(
    objective: &dyn Objective,
    sample: Option<&dyn Objective>,
    model: &'static str,
    start: &[f64],
    options: &FitOptions,
    rows: usize,
    distinct_rows: usize,
) -> Result<(Vec<f64>, FitReport)> {
    let names = objective.names();
    let mut start = match &options.initial {
        Some(initial) => {
            if initial.len() != names.len() {
                return Err(Error::invalid_argument(
                    "initial",
                    format!(
                        "{model} has {} parameters, got {}",
                        names.len(),
                        initial.len()
                    ),
                ));
            }
            initial.clone()
        }
        None => start.to_vec(),
    };
    if let Some(bad) = start.iter().find(|p| !(p.is_finite() && **p > 0.0)) {
        return Err(Error::invalid_argument(
            "initial",
            format!("starting parameters must be positive and finite, got {bad}"),
        ));
    }
    if !(options.tolerance.is_finite() && options.tolerance > 0.0) {
        return Err(Error::invalid_argument(
            "tolerance",
            format!("must be positive and finite, got {}", options.tolerance),
        ));
    }
    let (mut iterations, mut evaluations) = (0, 0);
    if let (Some(sample), None) = (sample, &options.initial) {
        // The sample's maximum is only a start: it lies off the whole data's by the
        // sample's noise (a gradient of about 1e-3 on the whole data), so resolving it
        // past SAMPLE_TOLERANCE would spend evaluations on digits the full fit replaces.
        let loose = FitOptions {
            tolerance: options.tolerance.max(SAMPLE_TOLERANCE),
            ..options.clone()
        };
        let found = search(sample, &start, &loose, options.max_evaluations);
        // A check asked inside an evaluation may have stopped the search without the
        // guard seeing it; the stop is sticky, so asking again tells.
        if found.stopped == Some(Stop::Interrupted) || crate::interrupt::check().is_err() {
            return Err(Error::Interrupted);
        }
        (iterations, evaluations) = (found.iterations, found.evaluations);
        if acceptable(&found) {
            start = found.theta.iter().map(|t| t.exp()).collect();
        }
    }
    let found = search(
        objective,
        &start,
        options,
        options.max_evaluations.saturating_sub(evaluations),
    );
    iterations += found.iterations;
    evaluations += found.evaluations;
    if found.stopped == Some(Stop::Interrupted) || crate::interrupt::check().is_err() {
        return Err(Error::Interrupted);
    }
    let params: Vec<f64> = found.theta.iter().map(|t| t.exp()).collect();
    let log_likelihood = -found.cost * objective.total_weight();
    if !acceptable(&found) || !log_likelihood.is_finite() {
        return Err(Error::NotConverged {
            model,
            best: names
                .iter()
                .map(|n| (*n).to_owned())
                .zip(params.iter().copied())
                .collect(),
            log_likelihood,
            iterations,
        });
    }
    let std_errors = standard_errors(objective, &found.theta, found.derivatives);
    Ok((
        params,
        FitReport {
            log_likelihood,
            std_errors,
            iterations,
            evaluations,
            method: found.method,
            rows,
            distinct_rows,
        },
    ))
}

/// Whether a search ended at a maximum: converged, within its budget, inside
/// [`MIN_PARAM`]..=[`MAX_PARAM`], at a finite cost.
fn acceptable(found: &Found) -> bool {
    found.converged
        && found.stopped.is_none()
        && found.cost.is_finite()
        && found
            .theta
            .iter()
            .all(|t| (MIN_PARAM..=MAX_PARAM).contains(&t.exp()))
}

/// Newton (when the objective has a Hessian), then L-BFGS, then Nelder-Mead, each from
/// the best point so far, until one converges; at most `budget` evaluations in all.
fn search(objective: &dyn Objective, start: &[f64], options: &FitOptions, budget: u64) -> Found {
    let checked = Guarded {
        inner: objective,
        evaluations: std::cell::Cell::new(0),
        budget,
        stopped: std::cell::Cell::new(None),
    };
    let objective: &dyn Objective = &checked;
    let theta0: Vec<f64> = start.iter().map(|p| p.ln()).collect();
    // Newton evaluates its start itself, with the derivatives.
    let cost = if objective.has_hessian() {
        f64::INFINITY
    } else {
        not_nan(objective.cost(&theta0))
    };
    let mut best = Search {
        cost,
        theta: theta0,
        iterations: 0,
        converged: false,
        derivatives: None,
    };
    let mut method = "newton";
    let mut spent = 0;
    let methods: [(&'static str, Method); 3] = [
        ("newton", newton),
        ("l-bfgs", lbfgs),
        ("nelder-mead", nelder_mead),
    ];
    for (name, run) in methods {
        if best.converged || checked.stopped.get().is_some() {
            break;
        }
        if name == "newton" && !objective.has_hessian() {
            continue;
        }
        method = name;
        let mut found = run(objective, &best.theta, options);
        found.cost = not_nan(found.cost);
        spent += found.iterations;
        if found.cost <= best.cost || !best.cost.is_finite() {
            best = found;
        }
    }
    Found {
        theta: best.theta,
        cost: best.cost,
        derivatives: best.derivatives,
        converged: best.converged,
        iterations: spent,
        evaluations: checked.evaluations.get(),
        method,
        stopped: checked.stopped.get(),
    }
}

/// A cost that cannot be computed (NaN: an overflow such as ∞ − ∞ in a likelihood at
/// extreme parameters) counts as the worst, +∞, so that it never becomes the best point
/// and a fit that finds nothing better reports a log-likelihood of −∞, not NaN.
fn not_nan(cost: f64) -> f64 {
    if cost.is_nan() { f64::INFINITY } else { cost }
}

/// A search method: from a start in θ, to its best point.
type Method = fn(&dyn Objective, &[f64], &FitOptions) -> Search;

fn newton(objective: &dyn Objective, theta0: &[f64], options: &FitOptions) -> Search {
    let d = theta0.len();
    let mut theta = theta0.to_vec();
    let mut grad = vec![0.0; d];
    let mut hess = vec![0.0; d * d];
    let (mut trial_grad, mut trial_hess) = (vec![0.0; d], vec![0.0; d * d]);
    let usable = |c: Option<f64>, g: &[f64]| match c {
        Some(c) if c.is_finite() && g.iter().all(|v| v.is_finite()) => Some(c),
        _ => None,
    };
    let Some(mut cost) = usable(objective.cost_hessian(&theta, &mut grad, &mut hess), &grad) else {
        return Search {
            theta,
            cost: f64::INFINITY,
            iterations: 0,
            converged: false,
            derivatives: None,
        };
    };
    for iteration in 0..options.max_iterations {
        // Converged: the gradient is within the tolerance, or the decrease the full step
        // promises is below what the cost can resolve (the gradient is at its rounding
        // floor, which may lie above the tolerance).
        let mut next = None;
        if max_abs(&grad) > options.tolerance {
            let Some(mut step) = damped_newton_step(&hess, &grad) else {
                break;
            };
            let longest = max_abs(&step);
            if longest > 3.0 {
                step.iter_mut().for_each(|s| *s *= 3.0 / longest);
            }
            let slope: f64 = grad.iter().zip(&step).map(|(g, s)| g * s).sum();
            let floor = -slope <= 64.0 * f64::EPSILON * cost.abs().max(f64::MIN_POSITIVE)
                && max_abs(&grad) <= options.tolerance.sqrt() * 1e-2;
            if !floor {
                next = Some((step, slope));
            }
        }
        let Some((step, slope)) = next else {
            return Search {
                theta,
                cost,
                iterations: iteration,
                converged: true,
                derivatives: Some((grad, hess)),
            };
        };
        let mut t = 1.0;
        let mut accepted = false;
        let mut trial = theta.clone();
        while t > 1e-12 {
            for i in 0..d {
                trial[i] = theta[i] + t * step[i];
            }
            // The full step is usually taken: evaluate its derivatives with its cost, so
            // the next iteration need not evaluate the same point again.
            let (c, with_derivatives) = if t == 1.0 {
                let c = objective.cost_hessian(&trial, &mut trial_grad, &mut trial_hess);
                (usable(c, &trial_grad).unwrap_or(f64::INFINITY), true)
            } else {
                (objective.cost(&trial), false)
            };
            if c.is_finite() && c <= cost + 1e-4 * t * slope {
                accepted = true;
                if with_derivatives {
                    std::mem::swap(&mut grad, &mut trial_grad);
                    std::mem::swap(&mut hess, &mut trial_hess);
                    cost = c;
                } else {
                    match usable(objective.cost_hessian(&trial, &mut grad, &mut hess), &grad) {
                        Some(full) => cost = full,
                        None => {
                            return Search {
                                theta,
                                cost,
                                iterations: iteration,
                                converged: false,
                                derivatives: None,
                            };
                        }
                    }
                }
                break;
            }
            t *= 0.5;
        }
        if !accepted {
            // No descent left: converged to rounding if the gradient is small enough.
            let converged = max_abs(&grad) <= options.tolerance.sqrt() * 1e-2;
            return Search {
                theta,
                cost,
                iterations: iteration,
                converged,
                derivatives: Some((grad, hess)),
            };
        }
        theta.copy_from_slice(&trial);
    }
    Search {
        theta,
        cost,
        iterations: options.max_iterations,
        converged: false,
        derivatives: None,
    }
}

/// Solves (H + μI) s = −g by Cholesky, raising μ until H + μI is positive definite.
pub(crate) fn damped_newton_step(hess: &[f64], grad: &[f64]) -> Option<Vec<f64>> {
    let d = grad.len();
    let scale = (0..d)
        .fold(0.0_f64, |m, i| m.max(hess[i * d + i].abs()))
        .max(1e-12);
    let mut mu = 0.0;
    for _ in 0..40 {
        let mut m = hess.to_vec();
        for i in 0..d {
            m[i * d + i] += mu;
        }
        if let Some(l) = cholesky(&m, d) {
            let mut y = vec![0.0; d];
            for i in 0..d {
                let s: f64 = (0..i).map(|k| l[i * d + k] * y[k]).sum();
                y[i] = (-grad[i] - s) / l[i * d + i];
            }
            let mut x = vec![0.0; d];
            for i in (0..d).rev() {
                let s: f64 = (i + 1..d).map(|k| l[k * d + i] * x[k]).sum();
                x[i] = (y[i] - s) / l[i * d + i];
            }
            return x.iter().all(|v| v.is_finite()).then_some(x);
        }
        mu = if mu == 0.0 { 1e-8 * scale } else { mu * 10.0 };
    }
    None
}

/// Lower-triangular Cholesky factor of a row-major symmetric matrix, if positive definite.
fn cholesky(m: &[f64], d: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; d * d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i * d + k] * l[j * d + k]).sum();
            if i == j {
                let v = m[i * d + i] - s;
                if !(v > 0.0 && v.is_finite()) {
                    return None;
                }
                l[i * d + j] = v.sqrt();
            } else {
                l[i * d + j] = (m[i * d + j] - s) / l[j * d + j];
            }
        }
    }
    Some(l)
}

/// The last point evaluated, with its cost and gradient.
struct Evaluated {
    theta: Vec<f64>,
    cost: f64,
    grad: Vec<f64>,
}

/// argmin's view of an [`Objective`], remembering the last point so a cost and a
/// gradient at the same point cost one evaluation.
struct Problem<'a> {
    objective: &'a dyn Objective,
    last: RefCell<Option<Evaluated>>,
}

impl Problem<'_> {
    fn evaluate(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        if let Some(last) = self.last.borrow().as_ref().filter(|l| l.theta == theta) {
            return (last.cost, last.grad.clone());
        }
        let mut g = vec![0.0; theta.len()];
        let c = self.objective.cost_gradient(theta, &mut g);
        // argmin's line searches cannot handle infinities: a large finite wall instead.
        let (c, g) = if c.is_finite() && g.iter().all(|v| v.is_finite()) {
            (c, g)
        } else {
            (1e300, vec![0.0; theta.len()])
        };
        *self.last.borrow_mut() = Some(Evaluated {
            theta: theta.to_vec(),
            cost: c,
            grad: g.clone(),
        });
        (c, g)
    }
}

impl CostFunction for Problem<'_> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, theta: &Vec<f64>) -> std::result::Result<f64, argmin::core::Error> {
        Ok(self.evaluate(theta).0)
    }
}

impl Gradient for Problem<'_> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, theta: &Vec<f64>) -> std::result::Result<Vec<f64>, argmin::core::Error> {
        Ok(self.evaluate(theta).1)
    }
}

fn finish(
    objective: &dyn Objective,
    theta: Option<Vec<f64>>,
    iterations: u64,
    options: &FitOptions,
    solver_converged: bool,
) -> Search {
    let Some(theta) = theta else {
        return Search {
            theta: vec![],
            cost: f64::INFINITY,
            iterations,
            converged: false,
            derivatives: None,
        };
    };
    let mut grad = vec![0.0; theta.len()];
    let cost = objective.cost_gradient(&theta, &mut grad);
    // Numeric gradients carry noise of about 1e-9: when the solver stops on its own,
    // accept a gradient up to 1e-7 (on the mean log-likelihood per customer,
    // about 1e-4 of a parameter's standard error on the CDNOW sample).
    let converged = cost.is_finite()
        && (max_abs(&grad) <= options.tolerance || (solver_converged && max_abs(&grad) <= 1e-7));
    Search {
        theta,
        cost,
        iterations,
        converged,
        derivatives: None,
    }
}

fn lbfgs(objective: &dyn Objective, theta0: &[f64], options: &FitOptions) -> Search {
    let problem = Problem {
        objective,
        last: RefCell::new(None),
    };
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 7)
        .with_tolerance_grad(options.tolerance)
        .and_then(|s| s.with_tolerance_cost(0.0));
    let Ok(solver) = solver else {
        return Search {
            theta: theta0.to_vec(),
            cost: f64::INFINITY,
            iterations: 0,
            converged: false,
            derivatives: None,
        };
    };
    match Executor::new(problem, solver)
        .configure(|state| {
            state
                .param(theta0.to_vec())
                .max_iters(options.max_iterations)
        })
        .run()
    {
        Ok(result) => {
            let state = result.state();
            // Near the maximum a line search may stop on rounding (a flat or non-finite
            // trial); the gradient check in `finish` decides whether that is convergence.
            let converged = !matches!(
                state.get_termination_reason(),
                Some(TerminationReason::MaxItersReached) | None
            );
            finish(
                objective,
                state.get_best_param().cloned(),
                state.get_iter(),
                options,
                converged,
            )
        }
        Err(_) => Search {
            theta: theta0.to_vec(),
            cost: f64::INFINITY,
            iterations: 0,
            converged: false,
            derivatives: None,
        },
    }
}

fn nelder_mead(objective: &dyn Objective, theta0: &[f64], options: &FitOptions) -> Search {
    let problem = Problem {
        objective,
        last: RefCell::new(None),
    };
    let mut simplex = vec![theta0.to_vec()];
    for i in 0..theta0.len() {
        let mut p = theta0.to_vec();
        p[i] += 0.2;
        simplex.push(p);
    }
    let Ok(solver) = NelderMead::new(simplex).with_sd_tolerance(1e-14) else {
        return Search {
            theta: theta0.to_vec(),
            cost: f64::INFINITY,
            iterations: 0,
            converged: false,
            derivatives: None,
        };
    };
    match Executor::new(problem, solver)
        .configure(|state| state.max_iters(options.max_iterations.saturating_mul(10)))
        .run()
    {
        Ok(result) => {
            let state = result.state();
            // Near the maximum a line search may stop on rounding (a flat or non-finite
            // trial); the gradient check in `finish` decides whether that is convergence.
            let converged = !matches!(
                state.get_termination_reason(),
                Some(TerminationReason::MaxItersReached) | None
            );
            finish(
                objective,
                state.get_best_param().cloned(),
                state.get_iter(),
                options,
                converged,
            )
        }
        Err(_) => Search {
            theta: theta0.to_vec(),
            cost: f64::INFINITY,
            iterations: 0,
            converged: false,
            derivatives: None,
        },
    }
}

/// Standard errors from the observed information in the natural parameters.
/// `derivatives` are the gradient and Hessian at `theta` when the search left them
/// (Newton's last iteration), saving an evaluation.
fn standard_errors(
    objective: &dyn Objective,
    theta: &[f64],
    derivatives: Option<(Vec<f64>, Vec<f64>)>,
) -> Vec<f64> {
    let d = theta.len();
    let known = derivatives.is_some();
    let (mut grad, mut hess) = derivatives.unwrap_or_else(|| (vec![0.0; d], vec![0.0; d * d]));
    if !known
        && objective
            .cost_hessian(theta, &mut grad, &mut hess)
            .is_none()
    {
        // Differences of the gradient, symmetrised.
        let mut p = theta.to_vec();
        let (mut up, mut down) = (vec![0.0; d], vec![0.0; d]);
        for j in 0..d {
            let h = 1e-4;
            p[j] = theta[j] + h;
            objective.cost_gradient(&p, &mut up);
            p[j] = theta[j] - h;
            objective.cost_gradient(&p, &mut down);
            p[j] = theta[j];
            for i in 0..d {
                hess[i * d + j] = (up[i] - down[i]) / (2.0 * h);
            }
        }
        for i in 0..d {
            for j in 0..i {
                let m = 0.5 * (hess[i * d + j] + hess[j * d + i]);
                hess[i * d + j] = m;
                hess[j * d + i] = m;
            }
        }
        objective.cost_gradient(theta, &mut grad);
    }
    // θ = ln p: H_p = D⁻¹ (H_θ − diag(g_θ)) D⁻¹, scaled from the mean to the total.
    let w = objective.total_weight();
    let p: Vec<f64> = theta.iter().map(|t| t.exp()).collect();
    let mut info = vec![0.0; d * d];
    for i in 0..d {
        for j in 0..d {
            let mut h = hess[i * d + j];
            if i == j {
                h -= grad[i];
            }
            info[i * d + j] = w * h / (p[i] * p[j]);
        }
    }
    match cholesky(&info, d) {
        Some(l) => {
            // diag of (L Lᵀ)⁻¹ = column sums of squares of L⁻¹.
            let mut inv = vec![0.0; d * d];
            for c in 0..d {
                for i in 0..d {
                    let s: f64 = (c..i).map(|k| l[i * d + k] * inv[k * d + c]).sum();
                    inv[i * d + c] = (if i == c { 1.0 } else { 0.0 } - s) / l[i * d + i];
                }
            }
            (0..d)
                .map(|i| (0..d).map(|k| inv[k * d + i].powi(2)).sum::<f64>().sqrt())
                .collect()
        }
        None => vec![f64::INFINITY; d],
    }
}
