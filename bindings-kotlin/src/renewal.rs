//! Core's covariate renewal model (`callwise::retention::RenewalModel`) as a UniFFI
//! object, with its feature tables, settings, fit summary and explanations as records.
//!
//! As for the purchase models (`retention.rs`), the model is an immutable object built
//! either from known coefficients (its constructor) or by a fit (a static `fit`, which
//! keeps core's `RenewalFit` as [`RenewalFitSummary`]). Features cross as a
//! [`FeatureTable`] record (names and columns), checked by core: every bad value comes
//! back as `CallwiseException.InvalidArgument`, and a fit that does not converge (with
//! no penalty, data a feature separates) as `CallwiseException.NotConverged` whose best
//! point is the intercept followed by each feature's coefficient.
//!
//! Nothing here computes anything: each function converts its arguments, calls core and
//! converts the answer. [`Explanation`] and [`Contribution`] are core's own structs,
//! declared to UniFFI with `#[uniffi::remote(Record)]`.

use crate::CallwiseError;
use callwise::retention::{self as cw, Contribution, Explanation};
use std::sync::Arc;

/// Named numeric features: one column per feature, one row per member (core's
/// `FeatureTable`, whose fields are private: it crosses as this record). Core checks it
/// wherever it is passed in: at least one feature, names non-empty and distinct, one
/// column per name, columns of equal length, every value finite.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FeatureTable {
    /// The feature names, in column order.
    pub names: Vec<String>,
    /// The columns, in the order of `names`, each with one value per row.
    pub columns: Vec<Vec<f64>>,
}

impl FeatureTable {
    /// Core's checked table.
    pub(crate) fn to_core(&self) -> Result<cw::FeatureTable, CallwiseError> {
        Ok(cw::FeatureTable::new(
            self.names.clone(),
            self.columns.clone(),
        )?)
    }
}

impl From<&cw::FeatureTable> for FeatureTable {
    fn from(table: &cw::FeatureTable) -> Self {
        Self {
            names: table.names().to_vec(),
            columns: table.columns().to_vec(),
        }
    }
}

/// How the renewal model is fitted (core's `RenewalOptions`, with every field optional
/// so that core, not Kotlin, holds the defaults).
///
/// Every field is optional: `null` (the default) means core's default for it, so
/// `RenewalSettings()` is core's `RenewalOptions::default()` and
/// `RenewalSettings(l2 = 0.0)` changes only the penalty. [`default_renewal_settings`]
/// lists core's defaults.
#[derive(Debug, Clone, PartialEq, Default, uniffi::Record)]
pub struct RenewalSettings {
    /// The ridge penalty λ on the standardised coefficients, finite and `>= 0` (0 for
    /// none: the plain maximum-likelihood fit).
    #[uniffi(default = None)]
    pub l2: Option<f64>,
    /// Most Newton iterations.
    #[uniffi(default = None)]
    pub max_iterations: Option<u64>,
    /// Convergence: the largest Newton step on the standardised coefficients, relative
    /// to 1 + the largest of them. Must be positive and finite.
    #[uniffi(default = None)]
    pub tolerance: Option<f64>,
}

impl From<RenewalSettings> for cw::RenewalOptions {
    fn from(settings: RenewalSettings) -> Self {
        let defaults = cw::RenewalOptions::default();
        cw::RenewalOptions {
            l2: settings.l2.unwrap_or(defaults.l2),
            max_iterations: settings.max_iterations.unwrap_or(defaults.max_iterations),
            tolerance: settings.tolerance.unwrap_or(defaults.tolerance),
        }
    }
}

/// Core's default renewal settings, every field filled in.
#[uniffi::export]
pub fn default_renewal_settings() -> RenewalSettings {
    let cw::RenewalOptions {
        l2,
        max_iterations,
        tolerance,
    } = cw::RenewalOptions::default();
    RenewalSettings {
        l2: Some(l2),
        max_iterations: Some(max_iterations),
        tolerance: Some(tolerance),
    }
}

/// How a renewal fit went (core's `RenewalFit`, whose row count is a `usize`, which
/// UniFFI does not carry).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RenewalFitSummary {
    /// The Bernoulli log-likelihood at the fit (weighted, without the penalty).
    pub log_likelihood: f64,
    /// Newton iterations taken.
    pub iterations: u64,
    /// Rows fitted (zero-weight rows included).
    pub rows: u64,
    /// Features that were constant in the training data: their coefficient is 0.
    pub constant_features: Vec<String>,
}

impl From<cw::RenewalFit> for RenewalFitSummary {
    fn from(fit: cw::RenewalFit) -> Self {
        // Destructured, so that a field added to core's fit is a compile error here.
        let cw::RenewalFit {
            log_likelihood,
            iterations,
            rows,
            constant_features,
        } = fit;
        Self {
            log_likelihood,
            iterations,
            rows: rows as u64,
            constant_features,
        }
    }
}

/// One feature's part in a member's score (core's `Contribution`).
#[uniffi::remote(Record)]
pub struct Contribution {
    /// The feature.
    pub feature: String,
    /// The member's value of it.
    pub value: f64,
    /// Its effect on the log-odds of renewing: coefficient × (value − training mean).
    pub contribution: f64,
}

/// Why a member got their score: the log-odds of renewing for a member at the training
/// means, plus each feature's contribution (core's `Explanation`).
#[uniffi::remote(Record)]
pub struct Explanation {
    /// Log-odds of renewing at the training means of every feature.
    pub baseline: f64,
    /// Each feature's contribution, in the model's feature order.
    pub contributions: Vec<Contribution>,
    /// The member's log-odds: baseline + Σ contributions.
    pub log_odds: f64,
    /// The member's renewal probability, 1 / (1 + e^−logOdds).
    pub probability: f64,
}

/// The covariate renewal model (core's `callwise::retention::RenewalModel`): a ridge
/// logistic regression of "renewed or not" on engagement features, every score explained
/// feature by feature.
#[derive(Debug, uniffi::Object)]
pub struct RenewalModel {
    model: cw::RenewalModel,
    fit: Option<RenewalFitSummary>,
}

impl RenewalModel {
    /// Core's model.
    pub(crate) fn core(&self) -> &cw::RenewalModel {
        &self.model
    }
}

#[uniffi::export]
impl RenewalModel {
    /// A model with known coefficients on the raw feature scale, and the feature means
    /// explanations are measured from (`RenewalModel(featureNames, intercept,
    /// coefficients, means)` in Kotlin).
    ///
    /// # Errors
    /// `InvalidArgument` when the lengths differ, there is no feature, a name is empty or
    /// repeated, or a number is not finite.
    #[uniffi::constructor]
    pub fn new(
        feature_names: Vec<String>,
        intercept: f64,
        coefficients: Vec<f64>,
        means: Vec<f64>,
    ) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(Self {
            model: cw::RenewalModel::new(feature_names, intercept, coefficients, means)?,
            fit: None,
        }))
    }

    /// The fit to members whose outcome is known: `renewed[i]` is whether row `i` of
    /// `features` renewed; `weights`, when given, makes row `i` stand for `weights[i]`
    /// identical members.
    ///
    /// # Errors
    /// - `InvalidArgument` when the table is bad, `renewed` or `weights` do not match its
    ///   rows, a weight is negative or not finite, no row has a positive weight, or
    ///   `settings` is invalid (`l2` negative, `tolerance` not positive);
    /// - `NotConverged` (best point: `intercept`, then each feature's coefficient) when
    ///   Newton's method has not converged; with `l2 = 0` this means a feature separates
    ///   renewers from lapsers.
    #[uniffi::constructor(default(weights = None, settings))]
    pub fn fit(
        features: FeatureTable,
        renewed: Vec<bool>,
        weights: Option<Vec<f64>>,
        settings: RenewalSettings,
    ) -> Result<Arc<Self>, CallwiseError> {
        let table = features.to_core()?;
        let (model, fit) =
            cw::RenewalModel::fit(&table, &renewed, weights.as_deref(), &settings.into())?;
        Ok(Arc::new(Self {
            model,
            fit: Some(fit.into()),
        }))
    }

    /// The feature names, in the model's order.
    pub fn feature_names(&self) -> Vec<String> {
        self.model.feature_names().to_vec()
    }

    /// The intercept: the log-odds of renewing when every feature is 0.
    pub fn intercept(&self) -> f64 {
        self.model.intercept()
    }

    /// The coefficients on the raw feature scale (the change in log-odds per unit of each
    /// feature), in the order of `featureNames()`.
    pub fn coefficients(&self) -> Vec<f64> {
        self.model.coefficients().to_vec()
    }

    /// The training means explanations are measured from, in the order of
    /// `featureNames()`.
    pub fn means(&self) -> Vec<f64> {
        self.model.means().to_vec()
    }

    /// Core's report of the fit that made this model; `null` for a model built from
    /// known coefficients.
    pub fn fit_summary(&self) -> Option<RenewalFitSummary> {
        self.fit.clone()
    }

    /// The probability that a member with these feature values (in the model's order)
    /// renews.
    ///
    /// # Errors
    /// `InvalidArgument` when the row has the wrong length or a value that is not finite.
    pub fn probability(&self, row: Vec<f64>) -> Result<f64, CallwiseError> {
        Ok(self.model.probability(&row)?)
    }

    /// The renewal probability of every row of a table, whose columns are matched to the
    /// model's features by name (extra columns are ignored).
    ///
    /// # Errors
    /// `InvalidArgument` when the table is bad or lacks one of the model's features.
    pub fn probabilities(&self, features: FeatureTable) -> Result<Vec<f64>, CallwiseError> {
        Ok(self.model.probabilities(&features.to_core()?)?)
    }

    /// Why a member with these feature values (in the model's order) gets their score:
    /// every feature's contribution to the log-odds, measured from a member at the
    /// training means.
    ///
    /// # Errors
    /// As [`Self::probability`].
    pub fn explain(&self, row: Vec<f64>) -> Result<Explanation, CallwiseError> {
        Ok(self.model.explain(&row)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_settings_are_core_defaults() {
        let defaults = cw::RenewalOptions::default();
        assert_eq!(
            cw::RenewalOptions::from(RenewalSettings::default()),
            defaults
        );
        assert_eq!(
            cw::RenewalOptions::from(default_renewal_settings()),
            defaults
        );
        let options = cw::RenewalOptions::from(RenewalSettings {
            l2: Some(0.0),
            ..RenewalSettings::default()
        });
        assert_eq!((options.l2, options.tolerance), (0.0, defaults.tolerance));
    }

    #[test]
    fn feature_tables_round_trip() {
        let record = FeatureTable {
            names: vec!["b".into(), "a".into()],
            columns: vec![vec![1.0, 2.0], vec![3.0, 4.0]],
        };
        assert_eq!(FeatureTable::from(&record.to_core().unwrap()), record);
    }
}
