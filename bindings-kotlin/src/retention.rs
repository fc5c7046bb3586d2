//! Core's retention models (`callwise::retention`) as UniFFI objects and records.
//!
//! Each model is an object (`AutoCloseable` in Kotlin, immutable, safe to share between
//! threads) built either from known parameters (its constructor) or by a
//! maximum-likelihood fit (a static `fit`, which also keeps core's fit report as
//! [`FitSummary`]). Customer data crosses as columns (`List<Double>`), checked by core:
//! every bad value comes back as `CallwiseException.InvalidArgument` naming core's
//! argument and the row, and a fit that does not converge as
//! `CallwiseException.NotConverged` carrying the best point found.
//!
//! Nothing here computes anything: each function converts its arguments, calls core and
//! converts the answer. [`Scores`] is core's own struct, declared to UniFFI with
//! `#[uniffi::remote(Record)]`; [`FitSummary`] cannot be (core's report holds a
//! `&'static str` and `usize`s, which UniFFI does not carry).
//!
//! Errors name arguments as core spells them, which is not always the Kotlin name: the
//! prediction horizon (`horizon` here) is core's `"t"`, and the customer's age (`t` here)
//! is core's `"T"`.

use crate::CallwiseError;
use crate::signals::PurchaseHistory;
use callwise::retention::{self as cw, DormantSignal, PurchaseModel as _, Scores};
use std::sync::Arc;

/// One model parameter, by the paper's name (`"r"`, `"alpha"`, ...); core gives
/// `(&'static str, f64)` pairs, which UniFFI does not carry.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Parameter {
    /// The paper's name of the parameter (`"alpha"`, not `α`).
    pub name: String,
    /// Its value.
    pub value: f64,
}

/// Core's `(name, value)` pairs as [`Parameter`] records, order kept.
pub(crate) fn parameters(pairs: impl IntoIterator<Item = (&'static str, f64)>) -> Vec<Parameter> {
    pairs
        .into_iter()
        .map(|(name, value)| Parameter {
            name: name.to_owned(),
            value,
        })
        .collect()
}

/// How a maximum-likelihood fit searches (core's `FitOptions`).
///
/// Every field is optional: `null` (the default) means core's default for it, so
/// `FitSettings()` is core's `FitOptions::default()` and `FitSettings(tolerance = 1e-12)`
/// changes only the tolerance. [`default_fit_settings`] lists core's defaults.
#[derive(Debug, Clone, PartialEq, Default, uniffi::Record)]
pub struct FitSettings {
    /// Most iterations each method (Newton, L-BFGS, Nelder-Mead) may take.
    #[uniffi(default = None)]
    pub max_iterations: Option<u64>,
    /// Most evaluations of the likelihood the whole fit may make; a fit that needs more
    /// is `NotConverged` with the best point found.
    #[uniffi(default = None)]
    pub max_evaluations: Option<u64>,
    /// Convergence: the largest gradient component of the mean negative log-likelihood
    /// per customer, with parameters on the log scale. Must be positive and finite.
    #[uniffi(default = None)]
    pub tolerance: Option<f64>,
    /// Starting parameters in the model's order (the order of `params()`); `null` for
    /// the model's own start.
    #[uniffi(default = None)]
    pub initial: Option<Vec<f64>>,
    /// Merge identical rows (adding their weights) before fitting: faster, same answer.
    #[uniffi(default = None)]
    pub group_rows: Option<bool>,
}

impl From<FitSettings> for cw::FitOptions {
    fn from(settings: FitSettings) -> Self {
        let defaults = cw::FitOptions::default();
        cw::FitOptions {
            max_iterations: settings.max_iterations.unwrap_or(defaults.max_iterations),
            max_evaluations: settings.max_evaluations.unwrap_or(defaults.max_evaluations),
            tolerance: settings.tolerance.unwrap_or(defaults.tolerance),
            initial: settings.initial.or(defaults.initial),
            group_rows: settings.group_rows.unwrap_or(defaults.group_rows),
        }
    }
}

/// Core's default fit settings, every field filled in (`initial` stays `null`: each
/// model has its own start).
#[uniffi::export]
pub fn default_fit_settings() -> FitSettings {
    let cw::FitOptions {
        max_iterations,
        max_evaluations,
        tolerance,
        initial,
        group_rows,
    } = cw::FitOptions::default();
    FitSettings {
        max_iterations: Some(max_iterations),
        max_evaluations: Some(max_evaluations),
        tolerance: Some(tolerance),
        initial,
        group_rows: Some(group_rows),
    }
}

/// What a maximum-likelihood fit found besides the parameters (core's `FitReport`, which
/// holds a `&'static str` and `usize`s, which UniFFI does not carry).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct FitSummary {
    /// The log-likelihood at the fitted parameters, on the papers' scale (the weighted
    /// sum over customers, not a mean).
    pub log_likelihood: f64,
    /// Standard errors of the parameters, in the order of `params()`;
    /// `Double.POSITIVE_INFINITY` for a parameter the data cannot identify.
    pub std_errors: Vec<f64>,
    /// Iterations spent across every method tried.
    pub iterations: u64,
    /// Evaluations of the likelihood spent, at most the settings' `maxEvaluations`.
    pub evaluations: u64,
    /// The method that converged: `"newton"`, `"l-bfgs"` or `"nelder-mead"`.
    pub method: String,
    /// Rows given to the fit.
    pub rows: u64,
    /// Rows after merging identical ones.
    pub distinct_rows: u64,
}

impl From<cw::FitReport> for FitSummary {
    fn from(report: cw::FitReport) -> Self {
        // Destructured, so that a field added to core's report is a compile error here.
        let cw::FitReport {
            log_likelihood,
            std_errors,
            iterations,
            evaluations,
            method,
            rows,
            distinct_rows,
        } = report;
        Self {
            log_likelihood,
            std_errors,
            iterations,
            evaluations,
            method: method.to_owned(),
            rows: rows as u64,
            distinct_rows: distinct_rows as u64,
        }
    }
}

/// How customer lifetime value is summed, month by month and discounted (core's
/// `ClvOptions`).
///
/// As with [`FitSettings`], `null` (the default) means core's default for the field;
/// [`default_clv_settings`] lists them.
#[derive(Debug, Clone, PartialEq, Default, uniffi::Record)]
pub struct ClvSettings {
    /// Months ahead to sum over.
    #[uniffi(default = None)]
    pub months: Option<u32>,
    /// The discount rate per month (finite and greater than -1).
    #[uniffi(default = None)]
    pub monthly_discount_rate: Option<f64>,
    /// The purchase model's time units in a month: 4.345 for weeks, 30 for days.
    #[uniffi(default = None)]
    pub periods_per_month: Option<f64>,
}

impl From<ClvSettings> for cw::ClvOptions {
    fn from(settings: ClvSettings) -> Self {
        let defaults = cw::ClvOptions::default();
        cw::ClvOptions {
            months: settings.months.unwrap_or(defaults.months),
            monthly_discount_rate: settings
                .monthly_discount_rate
                .unwrap_or(defaults.monthly_discount_rate),
            periods_per_month: settings
                .periods_per_month
                .unwrap_or(defaults.periods_per_month),
        }
    }
}

/// Core's default customer-lifetime-value settings, every field filled in.
#[uniffi::export]
pub fn default_clv_settings() -> ClvSettings {
    let cw::ClvOptions {
        months,
        monthly_discount_rate,
        periods_per_month,
    } = cw::ClvOptions::default();
    ClvSettings {
        months: Some(months),
        monthly_discount_rate: Some(monthly_discount_rate),
        periods_per_month: Some(periods_per_month),
    }
}

/// Per-customer scores of a purchase model, one entry per input row (core's `Scores`).
#[uniffi::remote(Record)]
pub struct Scores {
    /// P(alive) at the end of each customer's observation.
    pub p_alive: Vec<f64>,
    /// Expected purchases in the next `horizon`.
    pub expected_purchases: Vec<f64>,
}

/// Every customer's expected spend and lifetime value: core's `SpendScores`, a record in
/// Kotlin (declared below for UniFFI).
pub type SpendScores = cw::SpendScores;

/// Every customer's expected spend per purchase and lifetime value, row for row (core's
/// `SpendScores`).
#[uniffi::remote(Record)]
pub struct SpendScores {
    /// Expected spend per purchase.
    pub expected_spend: Vec<f64>,
    /// Customer lifetime value over the settings' months.
    pub clv: Vec<f64>,
}

/// What every model object shares: core's model, core's report of the fit that made it
/// (none for a model from known parameters), and the exported `params` and
/// `fit_summary`. A model object converts from core's model alone or from the
/// `(model, report)` pair core's fits return, so each constructor and fit ends in
/// `.into()`.
macro_rules! model_object {
    ($(#[$doc:meta])* $name:ident($core:ty)) => {
        $(#[$doc])*
        #[derive(Debug, uniffi::Object)]
        pub struct $name {
            model: $core,
            fit: Option<FitSummary>,
        }

        impl From<$core> for $name {
            fn from(model: $core) -> Self {
                Self { model, fit: None }
            }
        }

        impl From<($core, cw::FitReport)> for $name {
            fn from((model, report): ($core, cw::FitReport)) -> Self {
                Self {
                    model,
                    fit: Some(report.into()),
                }
            }
        }

        #[uniffi::export]
        impl $name {
            /// The parameters by the paper's names, in the paper's order (that of the
            /// model's getters).
            pub fn params(&self) -> Vec<Parameter> {
                parameters(self.model.params())
            }

            /// Core's report of the fit that made this model; `null` for a model built from
            /// known parameters.
            pub fn fit_summary(&self) -> Option<FitSummary> {
                self.fit.clone()
            }
        }
    };
}

/// The exported methods every purchase model (BG/NBD, MBG/NBD, Pareto/NBD) shares: core
/// gives them one shape (`fit`, `log_likelihood`, `expected_purchases_new` and the
/// `PurchaseModel` trait). The constructor and the typed getters, which differ by model,
/// are written out for each.
macro_rules! purchase_model {
    ($(#[$doc:meta])* $name:ident($core:ty)) => {
        model_object!($(#[$doc])* $name($core));

        #[uniffi::export]
        impl $name {
            /// The maximum-likelihood fit to customer summaries, one row per customer:
            /// `frequency` (repeat purchases, whole numbers), `recency` (first to last
            /// purchase) and `t` (first purchase to the end of the calibration period),
            /// in one time unit; `weights`, when given, makes row `i` stand for
            /// `weights[i]` identical customers.
            ///
            /// # Errors
            /// - `InvalidArgument` naming the column and row when the columns differ in
            ///   length, a value is negative, NaN or infinite, a frequency is not whole,
            ///   a recency exceeds its `t` (core's `"T"`), or a weight is bad; also when
            ///   no customer has a positive weight or `settings` is invalid;
            /// - `NotConverged` (with the best point) when no method converges.
            #[uniffi::constructor(default(weights = None, settings))]
            pub fn fit(
                frequency: Vec<f64>,
                recency: Vec<f64>,
                t: Vec<f64>,
                weights: Option<Vec<f64>>,
                settings: FitSettings,
            ) -> Result<Arc<Self>, CallwiseError> {
                let data = cw::CustomerData::new(&frequency, &recency, &t, weights.as_deref())?;
                Ok(Arc::new(<$core>::fit(&data, &settings.into())?.into()))
            }

            /// The log-likelihood of (optionally weighted) customer summaries, on the
            /// paper's scale (a plain sum over customers).
            ///
            /// # Errors
            /// `InvalidArgument` for bad columns, as [`Self::fit`].
            pub fn log_likelihood(
                &self,
                frequency: Vec<f64>,
                recency: Vec<f64>,
                t: Vec<f64>,
                weights: Option<Vec<f64>>,
            ) -> Result<f64, CallwiseError> {
                let data = cw::CustomerData::new(&frequency, &recency, &t, weights.as_deref())?;
                Ok(self.model.log_likelihood(&data)?)
            }

            /// Expected purchases in `(0, horizon]` by a customer just acquired.
            ///
            /// # Errors
            /// `InvalidArgument` (core's `"t"`) when `horizon` is negative or not finite.
            pub fn expected_purchases_new(&self, horizon: f64) -> Result<f64, CallwiseError> {
                Ok(self.model.expected_purchases_new(horizon)?)
            }

            /// The probability that a customer with this history is still alive at the
            /// end of their observation.
            ///
            /// # Errors
            /// `InvalidArgument` for a bad summary (as [`Self::fit`], without a row), or
            /// when a series the model needs does not converge.
            pub fn probability_alive(
                &self,
                frequency: f64,
                recency: f64,
                t: f64,
            ) -> Result<f64, CallwiseError> {
                let customer = cw::Customer::new(frequency, recency, t)?;
                Ok(self.model.probability_alive(&customer)?)
            }

            /// The expected purchases in the next `horizon` by a customer with this
            /// history.
            ///
            /// # Errors
            /// `InvalidArgument` for a bad summary or `horizon` (core's `"t"`), or when a
            /// series does not converge.
            pub fn expected_purchases(
                &self,
                horizon: f64,
                frequency: f64,
                recency: f64,
                t: f64,
            ) -> Result<f64, CallwiseError> {
                let customer = cw::Customer::new(frequency, recency, t)?;
                Ok(self.model.expected_purchases(horizon, &customer)?)
            }

            /// Customer lifetime value: month by month, the purchases this model expects of
            /// the customer times the spend per purchase `spend` expects of them (from
            /// their `monetary_value`, the mean spend of their repeat purchases),
            /// discounted (core's `GammaGamma::customer_lifetime_value`).
            ///
            /// # Errors
            /// `InvalidArgument` for a bad summary, `monetary_value` or `settings`, or when
            /// a score fails.
            #[uniffi::method(default(settings))]
            pub fn customer_lifetime_value(
                &self,
                spend: Arc<GammaGammaModel>,
                frequency: f64,
                recency: f64,
                t: f64,
                monetary_value: f64,
                settings: ClvSettings,
            ) -> Result<f64, CallwiseError> {
                let customer = cw::Customer::new(frequency, recency, t)?;
                Ok(spend.model.customer_lifetime_value(
                    &self.model,
                    &customer,
                    monetary_value,
                    &settings.into(),
                )?)
            }

            /// Every customer's expected spend per purchase and lifetime value, row for row
            /// with the columns (core's `GammaGamma::lifetime_values`): the months summed
            /// in closed form or once per distinct (frequency, t), the customers spread
            /// over threads.
            ///
            /// # Errors
            /// `InvalidArgument` for bad columns (naming the column and row), a bad
            /// `monetary_value` or `settings`, or a value that is not finite.
            #[uniffi::method(default(settings))]
            pub fn lifetime_values(
                &self,
                spend: Arc<GammaGammaModel>,
                frequency: Vec<f64>,
                recency: Vec<f64>,
                t: Vec<f64>,
                monetary_value: Vec<f64>,
                settings: ClvSettings,
            ) -> Result<SpendScores, CallwiseError> {
                let data = cw::CustomerData::new(&frequency, &recency, &t, None)?;
                Ok(spend
                    .model
                    .lifetime_values(&self.model, &data, &monetary_value, &settings.into())?)
            }

            /// Both scores for every customer, row for row with the columns.
            ///
            /// # Errors
            /// `InvalidArgument` for bad columns (naming the column and row) or a bad
            /// `horizon`, or when a series does not converge.
            pub fn score(
                &self,
                horizon: f64,
                frequency: Vec<f64>,
                recency: Vec<f64>,
                t: Vec<f64>,
            ) -> Result<Scores, CallwiseError> {
                let data = cw::CustomerData::new(&frequency, &recency, &t, None)?;
                Ok(self.model.score(horizon, &data)?)
            }

            /// Every account of a book's purchase history scored by this model: the
            /// probability it is still active and its expected purchases in the next
            /// `horizon` (in the history's unit). Repeat buyers come first, least likely
            /// to be active first, then one-time buyers the same way; ties by account id
            /// (core's `dormant_signals`).
            ///
            /// # Errors
            /// `InvalidArgument` (core's `"t"`) when `horizon` is negative or not finite,
            /// or when a series the model needs does not converge.
            pub fn dormant_signals(
                &self,
                history: Arc<PurchaseHistory>,
                horizon: f64,
            ) -> Result<Vec<DormantSignal>, CallwiseError> {
                crate::signals::dormant_signals(&history, &self.model, horizon)
            }
        }
    };
}

purchase_model!(
    /// BG/NBD (Fader, Hardie and Lee 2005): while alive a customer buys at a Poisson rate
    /// λ ~ Gamma(r, α) and after each purchase drops out with probability
    /// p ~ Beta(a, b). Core's `callwise::retention::BetaGeo`.
    BetaGeoModel(cw::BetaGeo)
);

purchase_model!(
    /// MBG/NBD (Batislam, Denizel and Filiztekin 2007): BG/NBD in which a customer may
    /// also drop out right after the first purchase. Core's
    /// `callwise::retention::ModifiedBetaGeo`.
    ModifiedBetaGeoModel(cw::ModifiedBetaGeo)
);

purchase_model!(
    /// Pareto/NBD (Schmittlein, Morrison and Colombo 1987): while alive a customer buys
    /// at a Poisson rate λ ~ Gamma(r, α) and has an exponential lifetime with rate
    /// μ ~ Gamma(s, β). Core's `callwise::retention::ParetoNbd`.
    ParetoNbdModel(cw::ParetoNbd)
);

#[uniffi::export]
impl BetaGeoModel {
    /// The model with known parameters (`BetaGeoModel(r, alpha, a, b)` in Kotlin).
    ///
    /// # Errors
    /// `InvalidArgument` when a parameter is outside [1e-9, 1e9] (core's range).
    #[uniffi::constructor]
    pub fn new(r: f64, alpha: f64, a: f64, b: f64) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(cw::BetaGeo::new(r, alpha, a, b)?.into()))
    }

    /// The shape of the gamma mixing the purchase rates.
    pub fn r(&self) -> f64 {
        self.model.r()
    }

    /// The scale of the gamma mixing the purchase rates (in the data's time unit).
    pub fn alpha(&self) -> f64 {
        self.model.alpha()
    }

    /// The first shape of the beta mixing the drop-out probabilities.
    pub fn a(&self) -> f64 {
        self.model.a()
    }

    /// The second shape of the beta mixing the drop-out probabilities.
    pub fn b(&self) -> f64 {
        self.model.b()
    }
}

#[uniffi::export]
impl ModifiedBetaGeoModel {
    /// The model with known parameters (`ModifiedBetaGeoModel(r, alpha, a, b)` in
    /// Kotlin).
    ///
    /// # Errors
    /// `InvalidArgument` when a parameter is outside [1e-9, 1e9] (core's range).
    #[uniffi::constructor]
    pub fn new(r: f64, alpha: f64, a: f64, b: f64) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(cw::ModifiedBetaGeo::new(r, alpha, a, b)?.into()))
    }

    /// The shape of the gamma mixing the purchase rates.
    pub fn r(&self) -> f64 {
        self.model.r()
    }

    /// The scale of the gamma mixing the purchase rates (in the data's time unit).
    pub fn alpha(&self) -> f64 {
        self.model.alpha()
    }

    /// The first shape of the beta mixing the drop-out probabilities.
    pub fn a(&self) -> f64 {
        self.model.a()
    }

    /// The second shape of the beta mixing the drop-out probabilities.
    pub fn b(&self) -> f64 {
        self.model.b()
    }
}

#[uniffi::export]
impl ParetoNbdModel {
    /// The model with known parameters (`ParetoNbdModel(r, alpha, s, beta)` in Kotlin).
    ///
    /// # Errors
    /// `InvalidArgument` when a parameter is outside [1e-9, 1e9] (core's range).
    #[uniffi::constructor]
    pub fn new(r: f64, alpha: f64, s: f64, beta: f64) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(cw::ParetoNbd::new(r, alpha, s, beta)?.into()))
    }

    /// The shape of the gamma mixing the purchase rates.
    pub fn r(&self) -> f64 {
        self.model.r()
    }

    /// The scale of the gamma mixing the purchase rates.
    pub fn alpha(&self) -> f64 {
        self.model.alpha()
    }

    /// The shape of the gamma mixing the drop-out rates.
    pub fn s(&self) -> f64 {
        self.model.s()
    }

    /// The scale of the gamma mixing the drop-out rates.
    pub fn beta(&self) -> f64 {
        self.model.beta()
    }
}

model_object!(
    /// The shifted-beta-geometric model of contractual retention (Fader and Hardie 2007): at
    /// each renewal a member lapses with a probability fixed for the member and
    /// Beta(α, β) across members, so a cohort's retention rate rises with tenure. Core's
    /// `callwise::retention::ShiftedBetaGeo`.
    ///
    /// Tenures are counted in renewals: `t` and `renewals` are whole numbers (as `Double`s,
    /// checked by core).
    ShiftedBetaGeoModel(cw::ShiftedBetaGeo)
);

#[uniffi::export]
impl ShiftedBetaGeoModel {
    /// The model with known parameters (`ShiftedBetaGeoModel(alpha, beta)` in Kotlin).
    ///
    /// # Errors
    /// `InvalidArgument` when a parameter is outside [1e-9, 1e9] (core's range).
    #[uniffi::constructor]
    pub fn new(alpha: f64, beta: f64) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(cw::ShiftedBetaGeo::new(alpha, beta)?.into()))
    }

    /// The fit to one cohort's survivor counts: `survivors[0]` members at the start,
    /// `survivors[t]` still members after renewal `t`.
    ///
    /// # Errors
    /// - `InvalidArgument` when there are fewer than two counts, a count is not a whole
    ///   number `>= 0`, a count exceeds the one before, the cohort is empty, or
    ///   `settings` is invalid;
    /// - `NotConverged` (with the best point) when no method converges.
    #[uniffi::constructor(default(settings))]
    pub fn fit_cohort(
        survivors: Vec<f64>,
        settings: FitSettings,
    ) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(
            cw::ShiftedBetaGeo::fit_cohort(&survivors, &settings.into())?.into(),
        ))
    }

    /// The fit to member records: each member's renewals so far and whether they have
    /// lapsed (a lapsed member with `k` renewals lapsed at renewal `k + 1`; an active one
    /// has survived `k` renewals so far); `weights`, when given, makes row `i` stand for
    /// `weights[i]` identical members.
    ///
    /// # Errors
    /// - `InvalidArgument` naming the column and row when the lengths differ, a renewal
    ///   count is not a whole number `>= 0` or a weight is bad; also when no member has a
    ///   positive weight or `settings` is invalid;
    /// - `NotConverged` (with the best point) when no method converges.
    #[uniffi::constructor(default(weights = None, settings))]
    pub fn fit_members(
        renewals: Vec<f64>,
        lapsed: Vec<bool>,
        weights: Option<Vec<f64>>,
        settings: FitSettings,
    ) -> Result<Arc<Self>, CallwiseError> {
        let fit = cw::ShiftedBetaGeo::fit_members(
            &renewals,
            &lapsed,
            weights.as_deref(),
            &settings.into(),
        )?;
        Ok(Arc::new(fit.into()))
    }

    /// α, the first shape of the lapse probability's beta.
    pub fn alpha(&self) -> f64 {
        self.model.alpha()
    }

    /// β, the second shape of the lapse probability's beta.
    pub fn beta(&self) -> f64 {
        self.model.beta()
    }

    /// S(t): the share of a new cohort still members after `t` renewals (S(0) = 1).
    ///
    /// # Errors
    /// `InvalidArgument` when `t` is not a whole number `>= 0`.
    pub fn survival(&self, t: f64) -> Result<f64, CallwiseError> {
        Ok(self.model.survival(t)?)
    }

    /// The retention rate S(t) / S(t − 1): the share of members with `t − 1` renewals
    /// who renew a `t`-th time.
    ///
    /// # Errors
    /// `InvalidArgument` when `t` is not a whole number `>= 1`.
    pub fn retention_rate(&self, t: f64) -> Result<f64, CallwiseError> {
        Ok(self.model.retention_rate(t)?)
    }

    /// P(T = t): the share of a new cohort that lapses at renewal `t`.
    ///
    /// # Errors
    /// `InvalidArgument` when `t` is not a whole number `>= 1`.
    pub fn churn_probability(&self, t: f64) -> Result<f64, CallwiseError> {
        Ok(self.model.churn_probability(t)?)
    }

    /// The probability that a member who has renewed `renewals` times renews once more.
    ///
    /// # Errors
    /// `InvalidArgument` when `renewals` is not a whole number `>= 0`.
    pub fn renewal_probability(&self, renewals: f64) -> Result<f64, CallwiseError> {
        Ok(self.model.renewal_probability(renewals)?)
    }

    /// The discounted expected residual lifetime of a member who has renewed `renewals`
    /// times (Fader and Hardie 2010): the payments still to come, the next one
    /// undiscounted, at `discount_rate` per period. Multiply by the dues for a value.
    ///
    /// # Errors
    /// `InvalidArgument` when `renewals` is not a whole number `>= 0` or
    /// `discount_rate` is not positive and finite.
    pub fn discounted_expected_residual_lifetime(
        &self,
        renewals: f64,
        discount_rate: f64,
    ) -> Result<f64, CallwiseError> {
        Ok(self
            .model
            .discounted_expected_residual_lifetime(renewals, discount_rate)?)
    }
}

model_object!(
    /// Gamma-Gamma spend per purchase (Fader, Hardie and Lee 2005): each transaction's value
    /// is Gamma(p, ν) with ν ~ Gamma(q, γ) across customers. Core's
    /// `callwise::retention::GammaGamma`.
    GammaGammaModel(cw::GammaGamma)
);

#[uniffi::export]
impl GammaGammaModel {
    /// The model with known parameters (`GammaGammaModel(p, q, gamma)` in Kotlin).
    ///
    /// # Errors
    /// `InvalidArgument` when a parameter is outside [1e-9, 1e9] (core's range).
    #[uniffi::constructor]
    pub fn new(p: f64, q: f64, gamma: f64) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(cw::GammaGamma::new(p, q, gamma)?.into()))
    }

    /// The maximum-likelihood fit to repeat buyers' spend: `frequency` (repeat
    /// purchases, a whole number `>= 1`) and `monetary_value` (mean spend per purchase,
    /// positive) per customer; `weights`, when given, makes row `i` stand for
    /// `weights[i]` identical customers.
    ///
    /// # Errors
    /// - `InvalidArgument` naming the column and row when the lengths differ or a value
    ///   or weight is bad; also when no row has a positive weight or `settings` is
    ///   invalid;
    /// - `NotConverged` (with the best point) when no method converges.
    #[uniffi::constructor(default(weights = None, settings))]
    pub fn fit(
        frequency: Vec<f64>,
        monetary_value: Vec<f64>,
        weights: Option<Vec<f64>>,
        settings: FitSettings,
    ) -> Result<Arc<Self>, CallwiseError> {
        let data = cw::SpendData::new(&frequency, &monetary_value, weights.as_deref())?;
        Ok(Arc::new(
            cw::GammaGamma::fit(&data, &settings.into())?.into(),
        ))
    }

    /// p, the shape of each transaction's value.
    pub fn p(&self) -> f64 {
        self.model.p()
    }

    /// q, the shape of the gamma mixing the scale across customers.
    pub fn q(&self) -> f64 {
        self.model.q()
    }

    /// γ, the scale of the gamma mixing the scale across customers.
    pub fn gamma(&self) -> f64 {
        self.model.gamma()
    }

    /// The log-likelihood of (optionally weighted) spend rows, on the paper's scale.
    ///
    /// # Errors
    /// `InvalidArgument` for bad columns, as [`Self::fit`].
    pub fn log_likelihood(
        &self,
        frequency: Vec<f64>,
        monetary_value: Vec<f64>,
        weights: Option<Vec<f64>>,
    ) -> Result<f64, CallwiseError> {
        let data = cw::SpendData::new(&frequency, &monetary_value, weights.as_deref())?;
        Ok(self.model.log_likelihood(&data)?)
    }

    /// The expected spend per purchase of a customer with `frequency` repeat purchases
    /// of mean value `monetary_value`; with `frequency` 0, the population mean.
    ///
    /// # Errors
    /// `InvalidArgument` when `frequency` is not a whole number `>= 0`,
    /// `monetary_value` is not finite and `>= 0`, or the mean does not exist
    /// (`p·frequency + q <= 1`, named `"q"`).
    pub fn expected_spend(
        &self,
        frequency: f64,
        monetary_value: f64,
    ) -> Result<f64, CallwiseError> {
        Ok(self.model.expected_spend(frequency, monetary_value)?)
    }
}

model_object!(
    /// BG/BB (Fader, Hardie and Shang 2010): at each of a customer's discrete opportunities
    /// (a yearly appeal, an annual conference) an alive customer transacts with probability
    /// p ~ Beta(α, β), and may drop out before each with probability θ ~ Beta(γ, δ). Core's
    /// `callwise::retention::BetaGeoBetaBinom`.
    ///
    /// Customers cross as whole numbers (as `Double`s, checked by core): `frequency`
    /// opportunities with a transaction, the last at opportunity `recency`, out of
    /// `periods`.
    BetaGeoBetaBinomModel(cw::BetaGeoBetaBinom)
);

#[uniffi::export]
impl BetaGeoBetaBinomModel {
    /// The model with known parameters (`BetaGeoBetaBinomModel(alpha, beta, gamma,
    /// delta)` in Kotlin).
    ///
    /// # Errors
    /// `InvalidArgument` when a parameter is outside [1e-9, 1e9] (core's range).
    #[uniffi::constructor]
    pub fn new(alpha: f64, beta: f64, gamma: f64, delta: f64) -> Result<Arc<Self>, CallwiseError> {
        Ok(Arc::new(
            cw::BetaGeoBetaBinom::new(alpha, beta, gamma, delta)?.into(),
        ))
    }

    /// The maximum-likelihood fit to discrete customers, one row each (or, with
    /// `weights`, row `i` standing for `weights[i]` identical customers).
    ///
    /// # Errors
    /// - `InvalidArgument` naming the column and row when the lengths differ, a value is
    ///   not a whole number `>= 0`, `recency` exceeds `periods`, `frequency` exceeds
    ///   `recency` (or is 0 while `recency` is not), or a weight is bad; also when no
    ///   row has a positive weight or `settings` is invalid;
    /// - `NotConverged` (with the best point) when no method converges.
    #[uniffi::constructor(default(weights = None, settings))]
    pub fn fit(
        frequency: Vec<f64>,
        recency: Vec<f64>,
        periods: Vec<f64>,
        weights: Option<Vec<f64>>,
        settings: FitSettings,
    ) -> Result<Arc<Self>, CallwiseError> {
        let data = cw::DiscreteData::new(&frequency, &recency, &periods, weights.as_deref())?;
        Ok(Arc::new(
            cw::BetaGeoBetaBinom::fit(&data, &settings.into())?.into(),
        ))
    }

    /// α, the first shape of the transaction probability's beta.
    pub fn alpha(&self) -> f64 {
        self.model.alpha()
    }

    /// β, the second shape of the transaction probability's beta.
    pub fn beta(&self) -> f64 {
        self.model.beta()
    }

    /// γ, the first shape of the drop-out probability's beta.
    pub fn gamma(&self) -> f64 {
        self.model.gamma()
    }

    /// δ, the second shape of the drop-out probability's beta.
    pub fn delta(&self) -> f64 {
        self.model.delta()
    }

    /// The log-likelihood of (optionally weighted) discrete customers, on the paper's
    /// scale.
    ///
    /// # Errors
    /// `InvalidArgument` for bad columns, as [`Self::fit`].
    pub fn log_likelihood(
        &self,
        frequency: Vec<f64>,
        recency: Vec<f64>,
        periods: Vec<f64>,
        weights: Option<Vec<f64>>,
    ) -> Result<f64, CallwiseError> {
        let data = cw::DiscreteData::new(&frequency, &recency, &periods, weights.as_deref())?;
        Ok(self.model.log_likelihood(&data)?)
    }

    /// The probability that the customer is alive at the end of their `periods`.
    ///
    /// # Errors
    /// `InvalidArgument` for a bad customer (as [`Self::fit`], without a row).
    pub fn probability_alive(
        &self,
        frequency: f64,
        recency: f64,
        periods: f64,
    ) -> Result<f64, CallwiseError> {
        let customer = cw::DiscreteCustomer::new(frequency, recency, periods)?;
        Ok(self.model.probability_alive(&customer)?)
    }

    /// The transactions to expect in the customer's next `future_periods`
    /// opportunities.
    ///
    /// # Errors
    /// `InvalidArgument` for a bad customer or a negative or non-finite
    /// `future_periods`.
    pub fn expected_purchases(
        &self,
        future_periods: f64,
        frequency: f64,
        recency: f64,
        periods: f64,
    ) -> Result<f64, CallwiseError> {
        let customer = cw::DiscreteCustomer::new(frequency, recency, periods)?;
        Ok(self.model.expected_purchases(future_periods, &customer)?)
    }

    /// Both scores for every customer, row for row with the columns.
    ///
    /// # Errors
    /// `InvalidArgument` for bad columns (naming the column and row) or a bad
    /// `future_periods`.
    pub fn score(
        &self,
        future_periods: f64,
        frequency: Vec<f64>,
        recency: Vec<f64>,
        periods: Vec<f64>,
    ) -> Result<Scores, CallwiseError> {
        let data = cw::DiscreteData::new(&frequency, &recency, &periods, None)?;
        Ok(self.model.score(future_periods, &data)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_settings_are_core_defaults() {
        let fit = cw::FitOptions::default();
        assert_eq!(cw::FitOptions::from(FitSettings::default()), fit);
        assert_eq!(cw::FitOptions::from(default_fit_settings()), fit);
        let options = cw::FitOptions::from(FitSettings {
            tolerance: Some(1e-12),
            initial: Some(vec![1.0, 2.0]),
            ..FitSettings::default()
        });
        assert_eq!(options.initial, Some(vec![1.0, 2.0]));
        assert_eq!(
            (options.tolerance, options.max_iterations),
            (1e-12, fit.max_iterations)
        );
        let clv = cw::ClvOptions::default();
        assert_eq!(cw::ClvOptions::from(ClvSettings::default()), clv);
        assert_eq!(cw::ClvOptions::from(default_clv_settings()), clv);
    }
}
