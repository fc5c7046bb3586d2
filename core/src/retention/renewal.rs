//! The covariate renewal model: regularised logistic regression of "renewed or not" on
//! engagement features, with every score explained feature by feature.
//!
//! The sBG model ([`super::ShiftedBetaGeo`]) knows only tenure; associations also know
//! who came to the conference, who picks up the phone and who pays late. This model
//! puts those features in. It is a plain logistic regression because the field needs
//! the *why* of a score as much as the score: the log-odds are a sum, so each member's
//! explanation is exact (baseline + contributions = log-odds), not an approximation.
//!
//! Fitting maximises the Bernoulli log-likelihood minus a ridge penalty
//! `λ/2 · Σ (β_j s_j)²` on the coefficients of the standardised features (s_j is the
//! feature's weighted standard deviation; the intercept is not penalised), by Newton's
//! method: the objective is strictly convex for λ > 0, so the fit always converges to
//! the one maximum. λ = 0 gives the unpenalised maximum-likelihood fit, which does not
//! exist when a feature separates renewers from lapsers; that is [`Error::NotConverged`].

use super::data::{check_lengths, check_weights};
use super::optimize::damped_newton_step;
use crate::{Error, Result};
use serde::Serialize;

/// Named numeric features, one column per feature, one row per member.
///
/// # Example
/// ```
/// use callwise::retention::FeatureTable;
/// let t = FeatureTable::new(
///     vec!["events_attended".into(), "tenure_years".into()],
///     vec![vec![0.0, 3.0], vec![1.5, 7.0]],
/// ).unwrap();
/// assert_eq!(t.len(), 2);
/// assert_eq!(t.row(1), Some(vec![3.0, 7.0]));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeatureTable {
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
    rows: usize,
}

impl FeatureTable {
    /// A table from feature names and their columns (same order, same length).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when there is no feature, the names and columns do not
    /// pair up, a name is empty or repeated, the columns differ in length, or a value is
    /// not finite.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::FeatureTable;
    /// assert!(FeatureTable::new(vec!["a".into()], vec![vec![1.0, f64::NAN]]).is_err());
    /// assert!(FeatureTable::new(vec!["a".into(), "a".into()], vec![vec![1.0], vec![2.0]]).is_err());
    /// ```
    pub fn new(names: Vec<String>, columns: Vec<Vec<f64>>) -> Result<FeatureTable> {
        let invalid = |reason: String| Error::invalid_argument("features", reason);
        if names.is_empty() {
            return Err(invalid("at least one feature is needed".into()));
        }
        if names.len() != columns.len() {
            return Err(invalid(format!(
                "{} names for {} columns",
                names.len(),
                columns.len()
            )));
        }
        for (i, name) in names.iter().enumerate() {
            if name.is_empty() {
                return Err(invalid(format!("feature {i} has an empty name")));
            }
            if names[..i].contains(name) {
                return Err(invalid(format!("feature {name:?} appears twice")));
            }
        }
        let rows = columns[0].len();
        for (name, column) in names.iter().zip(&columns) {
            if column.len() != rows {
                return Err(invalid(format!(
                    "feature {name:?} has {} rows but {:?} has {rows}",
                    column.len(),
                    names[0]
                )));
            }
            if let Some(row) = column.iter().position(|v| !v.is_finite()) {
                return Err(invalid(format!(
                    "feature {name:?} is not finite at row {row}: {}",
                    column[row]
                )));
            }
        }
        Ok(FeatureTable {
            names,
            columns,
            rows,
        })
    }

    /// The feature names, in column order.
    ///
    /// # Example
    /// ```
    /// let t = callwise::retention::FeatureTable::new(vec!["x".into()], vec![vec![1.0]]).unwrap();
    /// assert_eq!(t.names(), ["x"]);
    /// ```
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// How many rows (members) the table has.
    ///
    /// # Example
    /// ```
    /// let t = callwise::retention::FeatureTable::new(vec!["x".into()], vec![vec![1.0, 2.0]]).unwrap();
    /// assert_eq!(t.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether the table has no row.
    ///
    /// # Example
    /// ```
    /// let t = callwise::retention::FeatureTable::new(vec!["x".into()], vec![vec![]]).unwrap();
    /// assert!(t.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// A feature's column, by name.
    ///
    /// # Example
    /// ```
    /// let t = callwise::retention::FeatureTable::new(vec!["x".into()], vec![vec![1.0, 2.0]]).unwrap();
    /// assert_eq!(t.column("x"), Some(&[1.0, 2.0][..]));
    /// assert_eq!(t.column("y"), None);
    /// ```
    pub fn column(&self, name: &str) -> Option<&[f64]> {
        let i = self.names.iter().position(|n| n == name)?;
        Some(&self.columns[i])
    }

    /// Every column, in the order of [`FeatureTable::names`].
    ///
    /// # Example
    /// ```
    /// let t = callwise::retention::FeatureTable::new(vec!["x".into()], vec![vec![1.0, 2.0]]).unwrap();
    /// assert_eq!(t.columns(), [vec![1.0, 2.0]]);
    /// ```
    pub fn columns(&self) -> &[Vec<f64>] {
        &self.columns
    }

    /// Row `i` in column order, or `None` past the end.
    ///
    /// # Example
    /// ```
    /// let t = callwise::retention::FeatureTable::new(vec!["x".into()], vec![vec![1.0, 2.0]]).unwrap();
    /// assert_eq!(t.row(0), Some(vec![1.0]));
    /// assert_eq!(t.row(2), None);
    /// ```
    pub fn row(&self, i: usize) -> Option<Vec<f64>> {
        (i < self.rows).then(|| self.columns.iter().map(|c| c[i]).collect())
    }
}

/// Options for [`RenewalModel::fit`].
///
/// # Example
/// ```
/// let o = callwise::retention::RenewalOptions::default();
/// assert_eq!(o.l2, 1.0);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RenewalOptions {
    /// The ridge penalty λ on the standardised coefficients (0 for none). Larger values
    /// pull every feature's effect towards zero; the default, 1, is about one extra
    /// member's worth of evidence per feature.
    pub l2: f64,
    /// Most Newton iterations.
    pub max_iterations: u64,
    /// Convergence: the largest Newton step on the standardised coefficients, relative
    /// to 1 + the largest of them.
    pub tolerance: f64,
}

impl Default for RenewalOptions {
    fn default() -> Self {
        RenewalOptions {
            l2: 1.0,
            max_iterations: 100,
            tolerance: 1e-10,
        }
    }
}

/// How a renewal fit went.
///
/// # Example
/// See [`RenewalModel::fit`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RenewalFit {
    /// The Bernoulli log-likelihood at the fit (weighted, without the penalty).
    pub log_likelihood: f64,
    /// Newton iterations taken.
    pub iterations: u64,
    /// Rows fitted (including zero-weight rows).
    pub rows: usize,
    /// Features that were constant in the training data: their coefficient is 0.
    pub constant_features: Vec<String>,
}

/// One feature's part in a member's score.
///
/// # Example
/// See [`RenewalModel::explain`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contribution {
    /// The feature.
    pub feature: String,
    /// The member's value of it.
    pub value: f64,
    /// Its effect on the log-odds of renewing: coefficient × (value − training mean).
    pub contribution: f64,
}

/// Why a member got their score: the log-odds of renewing for a member at the training
/// means, plus each feature's contribution.
///
/// # Example
/// See [`RenewalModel::explain`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// Log-odds of renewing at the training means of every feature.
    pub baseline: f64,
    /// Each feature's contribution, in the model's feature order.
    pub contributions: Vec<Contribution>,
    /// The member's log-odds: baseline + Σ contributions.
    pub log_odds: f64,
    /// The member's renewal probability, 1 / (1 + e^−log_odds).
    pub probability: f64,
}

/// A fitted (or given) covariate renewal model.
///
/// # Example
/// ```
/// use callwise::retention::RenewalModel;
/// let m = RenewalModel::new(vec!["events_attended".into()], 0.5, vec![0.8], vec![1.0]).unwrap();
/// let p = m.probability(&[3.0]).unwrap();
/// assert!((p - 1.0 / (1.0 + (-(0.5 + 0.8 * 3.0_f64)).exp())).abs() < 1e-15);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RenewalModel {
    names: Vec<String>,
    intercept: f64,
    coefficients: Vec<f64>,
    means: Vec<f64>,
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// ln σ(z) without overflow.
fn ln_sigmoid(z: f64) -> f64 {
    -super::special::softplus(-z)
}

impl RenewalModel {
    /// A model with known coefficients (on the raw feature scale) and the feature means
    /// explanations are measured from.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the lengths differ, there is no feature, a name is
    /// empty or repeated, or a number is not finite.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::RenewalModel;
    /// assert!(RenewalModel::new(vec!["x".into()], 0.0, vec![1.0, 2.0], vec![0.0]).is_err());
    /// ```
    pub fn new(
        names: Vec<String>,
        intercept: f64,
        coefficients: Vec<f64>,
        means: Vec<f64>,
    ) -> Result<RenewalModel> {
        check_lengths(&[
            ("names", names.len()),
            ("coefficients", coefficients.len()),
            ("means", means.len()),
        ])?;
        // The same checks as a one-row table of the means.
        FeatureTable::new(names.clone(), means.iter().map(|m| vec![*m]).collect())?;
        if let Some(bad) = std::iter::once(&intercept)
            .chain(&coefficients)
            .find(|v| !v.is_finite())
        {
            return Err(Error::invalid_argument(
                "coefficients",
                format!("must be finite, got {bad}"),
            ));
        }
        Ok(RenewalModel {
            names,
            intercept,
            coefficients,
            means,
        })
    }

    /// Fits the model to members whose outcome is known: `renewed[i]` is whether row
    /// `i` of `features` renewed. Rows can be weighted.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `renewed` or `weights` do not match the table's
    /// rows, a weight is negative or not finite, no row has a positive weight, the
    /// weighted rows are all renewals or all lapses, or the
    /// options are invalid (λ negative, tolerance not positive); [`Error::NotConverged`]
    /// (with the best point) when Newton's method has not converged, which with λ = 0
    /// means a feature separates renewers from lapsers; [`Error::Interrupted`] when the
    /// caller's interrupt check ([`crate::interrupt`]) says stop between iterations.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{FeatureTable, RenewalModel, RenewalOptions};
    /// let features = FeatureTable::new(
    ///     vec!["events_attended".into(), "dues_paid_late".into()],
    ///     vec![vec![0.0, 0.0, 1.0, 2.0, 3.0, 1.0, 0.0, 4.0], vec![2.0, 1.0, 0.0, 1.0, 0.0, 0.0, 3.0, 0.0]],
    /// ).unwrap();
    /// let renewed = [false, false, true, true, true, false, false, true];
    /// let (model, fit) = RenewalModel::fit(&features, &renewed, None, &RenewalOptions::default()).unwrap();
    /// assert!(model.coefficients()[0] > 0.0); // coming to events goes with renewing
    /// assert!(model.coefficients()[1] < 0.0); // paying late goes with lapsing
    /// assert!(fit.log_likelihood < 0.0);
    /// ```
    pub fn fit(
        features: &FeatureTable,
        renewed: &[bool],
        weights: Option<&[f64]>,
        options: &RenewalOptions,
    ) -> Result<(RenewalModel, RenewalFit)> {
        let n = check_lengths(&[("features", features.len()), ("renewed", renewed.len())])?;
        let weights = check_weights(weights, n)?;
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return Err(Error::invalid_argument(
                "weights",
                "at least one row needs a positive weight",
            ));
        }
        let seen = |outcome: bool| {
            renewed
                .iter()
                .zip(&weights)
                .any(|(r, w)| *r == outcome && *w > 0.0)
        };
        if !(seen(true) && seen(false)) {
            return Err(Error::invalid_argument(
                "renewed",
                "needs members who renewed and members who lapsed (with positive weight)",
            ));
        }
        if !(options.l2 >= 0.0 && options.l2.is_finite()) {
            return Err(Error::invalid_argument(
                "l2",
                format!("must be finite and >= 0, got {}", options.l2),
            ));
        }
        if !(options.tolerance > 0.0 && options.tolerance.is_finite()) {
            return Err(Error::invalid_argument(
                "tolerance",
                format!("must be positive and finite, got {}", options.tolerance),
            ));
        }
        let standard = Standardised::new(features, &weights, total)?;
        let y: Vec<f64> = renewed.iter().map(|r| f64::from(u8::from(*r))).collect();
        let solved = newton(&standard, &y, &weights, options)?;
        let model = standard.to_model(features, &solved.beta);
        let fit = RenewalFit {
            log_likelihood: -solved.nll,
            iterations: solved.iterations,
            rows: n,
            constant_features: standard
                .kept
                .iter()
                .zip(features.names())
                .filter(|(kept, _)| !**kept)
                .map(|(_, name)| name.clone())
                .collect(),
        };
        if !solved.converged {
            return Err(Error::NotConverged {
                model: "renewal logistic regression",
                best: std::iter::once(("intercept".to_owned(), model.intercept))
                    .chain(model.names.iter().cloned().zip(model.coefficients.clone()))
                    .collect(),
                log_likelihood: fit.log_likelihood,
                iterations: fit.iterations,
            });
        }
        Ok((model, fit))
    }

    /// The feature names, in order.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::RenewalModel::new(vec!["x".into()], 0.0, vec![1.0], vec![0.0]).unwrap();
    /// assert_eq!(m.feature_names(), ["x"]);
    /// ```
    pub fn feature_names(&self) -> &[String] {
        &self.names
    }

    /// The intercept: the log-odds of renewing when every feature is 0.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::RenewalModel::new(vec!["x".into()], 0.3, vec![1.0], vec![0.0]).unwrap();
    /// assert_eq!(m.intercept(), 0.3);
    /// ```
    pub fn intercept(&self) -> f64 {
        self.intercept
    }

    /// The coefficients on the raw feature scale: the change in log-odds per unit of
    /// each feature.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::RenewalModel::new(vec!["x".into()], 0.3, vec![1.5], vec![0.0]).unwrap();
    /// assert_eq!(m.coefficients(), [1.5]);
    /// ```
    pub fn coefficients(&self) -> &[f64] {
        &self.coefficients
    }

    /// The training means explanations are measured from.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::RenewalModel::new(vec!["x".into()], 0.3, vec![1.5], vec![2.0]).unwrap();
    /// assert_eq!(m.means(), [2.0]);
    /// ```
    pub fn means(&self) -> &[f64] {
        &self.means
    }

    fn check_row(&self, row: &[f64]) -> Result<()> {
        if row.len() != self.names.len() {
            return Err(Error::invalid_argument(
                "features",
                format!(
                    "the model has {} features, got {} values",
                    self.names.len(),
                    row.len()
                ),
            ));
        }
        if let Some(i) = row.iter().position(|v| !v.is_finite()) {
            return Err(Error::invalid_argument(
                "features",
                format!("feature {:?} is not finite: {}", self.names[i], row[i]),
            ));
        }
        Ok(())
    }

    fn log_odds(&self, row: &[f64]) -> f64 {
        self.intercept
            + self
                .coefficients
                .iter()
                .zip(row)
                .map(|(b, x)| b * x)
                .sum::<f64>()
    }

    /// The probability that a member with these feature values (in the model's order)
    /// renews.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the row has the wrong length or a value that is
    /// not finite.
    ///
    /// # Example
    /// ```
    /// let m = callwise::retention::RenewalModel::new(vec!["x".into()], 0.0, vec![1.0], vec![0.0]).unwrap();
    /// assert_eq!(m.probability(&[0.0]).unwrap(), 0.5);
    /// assert!(m.probability(&[f64::INFINITY]).is_err());
    /// ```
    pub fn probability(&self, row: &[f64]) -> Result<f64> {
        self.check_row(row)?;
        Ok(sigmoid(self.log_odds(row)))
    }

    /// The renewal probability of every row of a table, whose columns are matched to the
    /// model's features by name (extra columns are ignored).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a feature of the model is missing from the table.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{FeatureTable, RenewalModel};
    /// let m = RenewalModel::new(vec!["x".into()], 0.0, vec![1.0], vec![0.0]).unwrap();
    /// let t = FeatureTable::new(vec!["other".into(), "x".into()], vec![vec![9.0, 9.0], vec![0.0, 0.0]]).unwrap();
    /// assert_eq!(m.probabilities(&t).unwrap(), vec![0.5, 0.5]);
    /// ```
    pub fn probabilities(&self, table: &FeatureTable) -> Result<Vec<f64>> {
        let columns = self
            .names
            .iter()
            .map(|name| {
                table.column(name).ok_or_else(|| {
                    Error::invalid_argument("features", format!("the table has no column {name:?}"))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((0..table.len())
            .map(|i| {
                let z = self.intercept
                    + self
                        .coefficients
                        .iter()
                        .zip(&columns)
                        .map(|(b, c)| b * c[i])
                        .sum::<f64>();
                sigmoid(z)
            })
            .collect())
    }

    /// Why a member with these feature values gets their score: every feature's
    /// contribution to the log-odds, measured from a member at the training means.
    ///
    /// # Errors
    /// As [`RenewalModel::probability`].
    ///
    /// # Example
    /// ```
    /// use callwise::retention::RenewalModel;
    /// let m = RenewalModel::new(vec!["events".into(), "late".into()], 0.2, vec![0.5, -1.0], vec![1.0, 0.5]).unwrap();
    /// let e = m.explain(&[3.0, 2.0]).unwrap();
    /// assert_eq!(e.contributions[0].contribution, 1.0); // 0.5 × (3 − 1)
    /// assert_eq!(e.contributions[1].contribution, -1.5); // −1 × (2 − 0.5)
    /// let sum: f64 = e.contributions.iter().map(|c| c.contribution).sum();
    /// assert!((e.baseline + sum - e.log_odds).abs() < 1e-12);
    /// assert_eq!(e.probability, m.probability(&[3.0, 2.0]).unwrap());
    /// ```
    pub fn explain(&self, row: &[f64]) -> Result<Explanation> {
        self.check_row(row)?;
        let log_odds = self.log_odds(row);
        let baseline = self.log_odds(&self.means);
        Ok(Explanation {
            baseline,
            contributions: self
                .names
                .iter()
                .zip(&self.coefficients)
                .zip(row.iter().zip(&self.means))
                .map(|((name, b), (x, m))| Contribution {
                    feature: name.clone(),
                    value: *x,
                    contribution: b * (x - m),
                })
                .collect(),
            log_odds,
            probability: sigmoid(log_odds),
        })
    }
}

/// The training features centred and scaled, constant ones dropped.
struct Standardised {
    means: Vec<f64>,
    scales: Vec<f64>,
    kept: Vec<bool>,
    /// Row-major, kept features only.
    z: Vec<f64>,
    k: usize,
}

impl Standardised {
    /// # Errors
    /// [`Error::InvalidArgument`] when a feature's weighted mean or variance overflows.
    fn new(features: &FeatureTable, weights: &[f64], total: f64) -> Result<Standardised> {
        let mut means = Vec::new();
        let mut scales = Vec::new();
        let mut kept = Vec::new();
        for (name, column) in features.names.iter().zip(&features.columns) {
            let mean = column.iter().zip(weights).map(|(x, w)| w * x).sum::<f64>() / total;
            let var = column
                .iter()
                .zip(weights)
                .map(|(x, w)| w * (x - mean) * (x - mean))
                .sum::<f64>()
                / total;
            if !(mean.is_finite() && var.is_finite()) {
                return Err(Error::invalid_argument(
                    "features",
                    format!(
                        "feature {name:?} is too large to standardise (its weighted variance overflows)"
                    ),
                ));
            }
            means.push(mean);
            scales.push(var.sqrt());
            kept.push(var > 0.0);
        }
        let k = kept.iter().filter(|k| **k).count();
        let mut z = Vec::with_capacity(features.rows * k);
        for i in 0..features.rows {
            for (j, column) in features.columns.iter().enumerate() {
                if kept[j] {
                    z.push((column[i] - means[j]) / scales[j]);
                }
            }
        }
        Ok(Standardised {
            means,
            scales,
            kept,
            z,
            k,
        })
    }

    /// Back to the raw scale: β_j = b_j / s_j, intercept b_0 − Σ β_j m_j.
    fn to_model(&self, features: &FeatureTable, beta: &[f64]) -> RenewalModel {
        let mut coefficients = vec![0.0; self.kept.len()];
        let mut next = 1;
        for (j, kept) in self.kept.iter().enumerate() {
            if *kept {
                coefficients[j] = beta[next] / self.scales[j];
                next += 1;
            }
        }
        let intercept = beta[0]
            - coefficients
                .iter()
                .zip(&self.means)
                .map(|(b, m)| b * m)
                .sum::<f64>();
        RenewalModel {
            names: features.names.clone(),
            intercept,
            coefficients,
            means: self.means.clone(),
        }
    }
}

struct Solved {
    beta: Vec<f64>,
    nll: f64,
    iterations: u64,
    converged: bool,
}

/// The penalised negative log-likelihood and, if asked, its gradient and Hessian.
fn objective(
    s: &Standardised,
    y: &[f64],
    w: &[f64],
    l2: f64,
    beta: &[f64],
    derivatives: Option<(&mut [f64], &mut [f64])>,
) -> (f64, f64) {
    let d = s.k + 1;
    let mut nll = 0.0;
    let mut derivatives = derivatives;
    if let Some((g, h)) = derivatives.as_mut() {
        g.fill(0.0);
        h.fill(0.0);
    }
    for (i, (yi, wi)) in y.iter().zip(w).enumerate() {
        if *wi == 0.0 {
            continue;
        }
        let zi = &s.z[i * s.k..(i + 1) * s.k];
        let eta = beta[0] + zi.iter().zip(&beta[1..]).map(|(x, b)| x * b).sum::<f64>();
        nll -= wi * (yi * ln_sigmoid(eta) + (1.0 - yi) * ln_sigmoid(-eta));
        if let Some((g, h)) = derivatives.as_mut() {
            let p = sigmoid(eta);
            let r = wi * (p - yi);
            let v = wi * p * (1.0 - p);
            let x = |j: usize| if j == 0 { 1.0 } else { zi[j - 1] };
            for a in 0..d {
                g[a] += r * x(a);
                for b in 0..=a {
                    h[a * d + b] += v * x(a) * x(b);
                }
            }
        }
    }
    let penalty = 0.5 * l2 * beta[1..].iter().map(|b| b * b).sum::<f64>();
    if let Some((g, h)) = derivatives {
        for a in 1..d {
            g[a] += l2 * beta[a];
            h[a * d + a] += l2;
        }
        for a in 0..d {
            for b in 0..a {
                h[b * d + a] = h[a * d + b];
            }
        }
    }
    (nll + penalty, nll)
}

fn newton(s: &Standardised, y: &[f64], w: &[f64], options: &RenewalOptions) -> Result<Solved> {
    let d = s.k + 1;
    let mut beta = vec![0.0; d];
    let mut g = vec![0.0; d];
    let mut h = vec![0.0; d * d];
    let (mut cost, mut nll) = objective(s, y, w, options.l2, &beta, Some((&mut g, &mut h)));
    let mut iterations = 0;
    let mut converged = false;
    while iterations < options.max_iterations {
        crate::interrupt::check()?;
        let Some(step) = damped_newton_step(&h, &g) else {
            break;
        };
        iterations += 1;
        // Converged when the Newton step is negligible. (A small gradient is not enough:
        // on separated data the gradient vanishes while the coefficients run off.)
        let size = step.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let scale = 1.0 + beta.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let mut t = 1.0;
        let mut accepted = None;
        while t > 1e-12 {
            let trial: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + t * s).collect();
            let (c, l) = objective(s, y, w, options.l2, &trial, None);
            // Close to the optimum the cost change is below its rounding: trust Newton.
            if c.is_finite() && (c <= cost || size <= 1e-6 * scale) {
                accepted = Some((trial, c, l));
                break;
            }
            t *= 0.5;
        }
        let moved = accepted.is_some();
        if let Some((trial, c, l)) = accepted {
            beta = trial;
            (cost, nll) = (c, l);
            objective(s, y, w, options.l2, &beta, Some((&mut g, &mut h)));
        }
        if size <= options.tolerance * scale {
            converged = true;
            break;
        }
        if !moved {
            break;
        }
    }
    Ok(Solved {
        beta,
        nll,
        iterations,
        converged,
    })
}
