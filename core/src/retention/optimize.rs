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

use crate::{Error, Result};
use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::neldermead::NelderMead;
use argmin::solver::quasinewton::LBFGS;
use std::cell::RefCell;

/// How a maximum-likelihood fit searches.
///
/// # Example
/// ```
/// let options = callwise::retention::FitOptions::default();
/// assert!(options.group_rows);
/// assert_eq!(options.max_iterations, 1000);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FitOptions {
    /// Most iterations each method may take.
    pub max_iterations: u64,
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
    /// have an analytic Hessian.
    fn cost_hessian(&self, _theta: &[f64], _grad: &mut [f64], _hess: &mut [f64]) -> Option<f64> {
        None
    }

    /// The total weight the mean is taken over.
    fn total_weight(&self) -> f64;
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

/// An objective that asks the caller's interrupt check (see [`crate::interrupt`]) before
/// each evaluation. Once told to stop it answers +∞ at once, so whichever search is
/// running ends in a few cheap steps, and [`maximize`] reports
/// [`Error::Interrupted`].
struct Interruptible<'a> {
    inner: &'a dyn Objective,
    stopped: std::cell::Cell<bool>,
}

impl Interruptible<'_> {
    fn stop(&self) -> bool {
        if !self.stopped.get() && crate::interrupt::check().is_err() {
            self.stopped.set(true);
        }
        self.stopped.get()
    }
}

impl Objective for Interruptible<'_> {
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
}

/// Fits by the methods in the module's order; `start` is in natural parameters.
/// The range a fitted parameter must end in. Outside it the data do not identify the
/// parameter: the likelihood is still rising towards a limit (a → ∞ in BG/NBD when no
/// customer repeats, r and α → ∞ together in the Poisson limit), its gradient has
/// vanished only because the surface is flat there, and the "estimate" is wherever the
/// search stopped. Such fits are [`Error::NotConverged`], with the point reached.
pub(crate) const MIN_PARAM: f64 = 1e-9;
/// See [`MIN_PARAM`].
pub(crate) const MAX_PARAM: f64 = 1e9;

pub(crate) fn maximize(
    objective: &dyn Objective,
    model: &'static str,
    start: &[f64],
    options: &FitOptions,
    rows: usize,
    distinct_rows: usize,
) -> Result<(Vec<f64>, FitReport)> {
    let names = objective.names();
    let start = match &options.initial {
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
    let checked = Interruptible {
        inner: objective,
        stopped: std::cell::Cell::new(false),
    };
    let objective: &dyn Objective = &checked;
    let theta0: Vec<f64> = start.iter().map(|p| p.ln()).collect();
    let mut best = Search {
        cost: objective.cost(&theta0),
        theta: theta0,
        iterations: 0,
        converged: false,
    };
    let mut method = "newton";
    let mut spent = 0;
    let mut hess = vec![0.0; names.len() * names.len()];
    let mut grad = vec![0.0; names.len()];
    if objective
        .cost_hessian(&best.theta, &mut grad, &mut hess)
        .is_some()
    {
        let found = newton(objective, &best.theta, options);
        spent += found.iterations;
        if found.cost <= best.cost || !best.cost.is_finite() {
            best = found;
        }
    }
    if !best.converged {
        method = "l-bfgs";
        let found = lbfgs(objective, &best.theta, options);
        spent += found.iterations;
        if found.cost <= best.cost || !best.cost.is_finite() {
            best = found;
        }
    }
    if !best.converged {
        method = "nelder-mead";
        let found = nelder_mead(objective, &best.theta, options);
        spent += found.iterations;
        if found.cost <= best.cost || !best.cost.is_finite() {
            best = found;
        }
    }
    if checked.stopped.get() {
        return Err(Error::Interrupted);
    }
    let params: Vec<f64> = best.theta.iter().map(|t| t.exp()).collect();
    let log_likelihood = -best.cost * objective.total_weight();
    if !best.converged
        || !params.iter().all(|p| (MIN_PARAM..=MAX_PARAM).contains(p))
        || !log_likelihood.is_finite()
    {
        return Err(Error::NotConverged {
            model,
            best: names
                .iter()
                .map(|n| (*n).to_owned())
                .zip(params.iter().copied())
                .collect(),
            log_likelihood,
            iterations: spent,
        });
    }
    let std_errors = standard_errors(objective, &best.theta);
    Ok((
        params,
        FitReport {
            log_likelihood,
            std_errors,
            iterations: spent,
            method,
            rows,
            distinct_rows,
        },
    ))
}

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
        };
    };
    for iteration in 0..options.max_iterations {
        if max_abs(&grad) <= options.tolerance {
            return Search {
                theta,
                cost,
                iterations: iteration,
                converged: true,
            };
        }
        let Some(mut step) = damped_newton_step(&hess, &grad) else {
            break;
        };
        let longest = max_abs(&step);
        if longest > 3.0 {
            step.iter_mut().for_each(|s| *s *= 3.0 / longest);
        }
        let slope: f64 = grad.iter().zip(&step).map(|(g, s)| g * s).sum();
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
            };
        }
        theta.copy_from_slice(&trial);
    }
    Search {
        theta,
        cost,
        iterations: options.max_iterations,
        converged: false,
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
        },
    }
}

/// Standard errors from the observed information in the natural parameters.
fn standard_errors(objective: &dyn Objective, theta: &[f64]) -> Vec<f64> {
    let d = theta.len();
    let mut grad = vec![0.0; d];
    let mut hess = vec![0.0; d * d];
    if objective
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
