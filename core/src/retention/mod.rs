//! Retention scoring: which members and customers are slipping away, and why.
//!
//! Two families of model, as the field uses them:
//!
//! - **Non-contractual** customers buy whenever they like; nobody sees them leave.
//!   From each customer's recency, frequency and age ([`rfm_summary`]) the
//!   BG/NBD ([`BetaGeo`]), MBG/NBD ([`ModifiedBetaGeo`]) and Pareto/NBD ([`ParetoNbd`])
//!   models give the probability the customer is still "alive" and the purchases to
//!   expect; BG/BB ([`BetaGeoBetaBinom`]) does the same for discrete opportunities
//!   (yearly donations, annual conferences); Gamma-Gamma ([`GammaGamma`]) gives spend
//!   per purchase and, with one of the others, customer lifetime value.
//! - **Contractual** members renew or lapse at known times. The shifted-beta-geometric
//!   model ([`ShiftedBetaGeo`]) projects cohort survival and each member's renewal
//!   probability given their tenure; [`KaplanMeier`] gives the observed retention curve
//!   of each cohort; the covariate renewal model ([`RenewalModel`]) adds what the book
//!   knows about each member (events attended, calls connected, days since the last
//!   contact, dues paid late, tenure) and explains every score feature by feature.
//!
//! [`renewal_signals`] and [`dormant_signals`] carry these scores into the book: one row
//! per account, most at risk first, for the call list's renewals and dormant-customer
//! sources.
//!
//! Every fit is a maximum-likelihood fit on the papers' scale, with standard errors
//! from the Hessian ([`FitReport`]); [`evaluate`] scores predictions against what
//! happened (AUC, Brier score, calibration, gains and lift, holdout comparison).
//!
//! # Example
//! ```
//! use callwise::retention::{BetaGeo, Customer, PurchaseModel};
//! let model = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
//! let regular = Customer::new(2.0, 30.43, 38.86).unwrap();
//! let p = model.probability_alive(&regular).unwrap();
//! assert!(p > 0.5 && p < 1.0);
//! ```

mod beta_geo;
mod bgbb;
mod data;
mod dual;
pub mod evaluate;
mod gamma_gamma;
mod optimize;
mod parallel;
mod pareto_nbd;
mod renewal;
mod rfm;
mod sbg;
mod signals;
mod special;
mod survival;

pub use beta_geo::{BetaGeo, ModifiedBetaGeo};
pub use bgbb::{BetaGeoBetaBinom, DiscreteCustomer, DiscreteData};
pub use data::{Customer, CustomerData, MAX_COUNT, PurchaseModel, Scores};
pub use gamma_gamma::{ClvOptions, GammaGamma, SpendData, SpendScores};
pub use optimize::{FitOptions, FitReport};
pub use pareto_nbd::ParetoNbd;
pub use renewal::{
    Contribution, Explanation, FeatureTable, RenewalFit, RenewalModel, RenewalOptions,
};
pub use rfm::{RfmHoldout, RfmOptions, RfmSummary, TimeUnit, rfm_summary};
pub use sbg::ShiftedBetaGeo;
pub use signals::{
    DEFAULT_LEAD_DAYS, DEFAULT_WITHIN_DAYS, DormantSignal, MAX_DAYS, PurchaseHistory,
    PurchaseSource, RENEWAL_FEATURES, RenewalCase, RenewalCases, RenewalSignal, dormant_signals,
    purchase_history, renewal_history, renewal_signals, renewals_due,
};
pub(crate) use signals::{history_of, purchase_log};
pub use survival::{KaplanMeier, KaplanMeierPoint, kaplan_meier_by_cohort};
