//! Core's retention signals from the book (`callwise::retention::{renewal_history,
//! renewals_due, renewal_signals, purchase_history, dormant_signals}`): the renewal
//! model's training and scoring sets, the renewals-due and dormant-customer rows the
//! call list ranks.
//!
//! Dates cross as ISO `YYYY-MM-DD` strings (parsed strictly, as `sampleBook`'s `asOf`),
//! ids as plain strings. Dormant signals are a method of each purchase model
//! (`BetaGeoModel.dormantSignals(history, horizon)`, ...; see `retention.rs`), taking the
//! [`PurchaseHistory`] made here.
//!
//! Nothing here computes anything: each function converts its arguments, calls core and
//! converts the answer.

use crate::renewal::{Explanation, FeatureTable, RenewalModel};
use crate::rfm::TimeUnit;
use crate::{Book, CallwiseError};
use callwise::retention as cw;
use std::sync::Arc;

/// The renewal model's features as the book functions compute them, in their column
/// order (core's `RENEWAL_FEATURES`): `events_attended`, `calls_connected`,
/// `days_since_last_contact`, `dues_paid_late`, `tenure_years`.
#[uniffi::export]
pub fn renewal_features() -> Vec<String> {
    cw::RENEWAL_FEATURES
        .iter()
        .map(|name| (*name).to_owned())
        .collect()
}

/// One member-term to fit or score (core's `RenewalCase`). Dates are ISO `YYYY-MM-DD`
/// strings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RenewalCase {
    /// The membership's id.
    pub membership_id: String,
    /// Its account's id.
    pub account_id: String,
    /// Last day of the term whose renewal is in question.
    pub term_end: String,
    /// The date the features describe.
    pub scored_on: String,
    /// Whether the member renewed, for a past term; `null` for a term still open.
    pub renewed: Option<bool>,
}

/// Member-terms with their features, row for row (core's `RenewalCases`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RenewalCases {
    /// The member-terms.
    pub cases: Vec<RenewalCase>,
    /// Their features, named as `renewalFeatures()`, one row per case.
    pub features: FeatureTable,
    /// Every case's outcome, when each has one (as from `renewalHistory`); `null`
    /// otherwise (core's `RenewalCases::renewed`).
    pub renewed: Option<Vec<bool>>,
}

impl From<cw::RenewalCases> for RenewalCases {
    fn from(cases: cw::RenewalCases) -> Self {
        let renewed = cases.renewed();
        let features = FeatureTable::from(&cases.features);
        Self {
            cases: cases
                .cases
                .into_iter()
                .map(|c| {
                    let cw::RenewalCase {
                        membership_id,
                        account_id,
                        term_end,
                        scored_on,
                        renewed,
                    } = c;
                    RenewalCase {
                        membership_id: membership_id.0,
                        account_id: account_id.0,
                        term_end: term_end.to_string(),
                        scored_on: scored_on.to_string(),
                        renewed,
                    }
                })
                .collect(),
            features,
            renewed,
        }
    }
}

/// The training set: every past term whose outcome was known by `as_of` (`YYYY-MM-DD`),
/// with the features as they stood `lead_days` before the term ended (`null`: core's
/// `DEFAULT_LEAD_DAYS`, 60). Cases are in book order of memberships, then by term end
/// (core's `renewal_history`).
///
/// # Errors
/// `InvalidArgument` (`as_of`) when `as_of` is not a `YYYY-MM-DD` date.
#[uniffi::export(default(lead_days = None))]
pub fn renewal_history(
    book: Arc<Book>,
    as_of: String,
    lead_days: Option<u32>,
) -> Result<RenewalCases, CallwiseError> {
    let as_of = callwise::time::parse_date(&as_of, "as_of")?;
    let lead_days = lead_days.unwrap_or(cw::DEFAULT_LEAD_DAYS);
    Ok(cw::renewal_history(&book.0, as_of, lead_days)?.into())
}

/// The scoring set: memberships whose current term ends from `as_of` to `as_of +
/// within_days` (inclusive; `null`: core's `DEFAULT_WITHIN_DAYS`, 90), not lapsed, with
/// their features as of `as_of`; in book order (core's `renewals_due`). Every case's
/// `renewed` is `null`.
///
/// # Errors
/// `InvalidArgument` (`as_of`) when `as_of` is not a `YYYY-MM-DD` date.
#[uniffi::export(default(within_days = None))]
pub fn renewals_due(
    book: Arc<Book>,
    as_of: String,
    within_days: Option<u32>,
) -> Result<RenewalCases, CallwiseError> {
    let as_of = callwise::time::parse_date(&as_of, "as_of")?;
    let within_days = within_days.unwrap_or(cw::DEFAULT_WITHIN_DAYS);
    Ok(cw::renewals_due(&book.0, as_of, within_days)?.into())
}

/// A member coming up for renewal, scored and explained (core's `RenewalSignal`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RenewalSignal {
    /// The membership's id.
    pub membership_id: String,
    /// Its account's id.
    pub account_id: String,
    /// Last day of the current term (`YYYY-MM-DD`).
    pub term_end: String,
    /// The probability the member renews (`pRenew`, as in every language).
    pub p_renew: f64,
    /// Why: the baseline and every feature's contribution.
    pub explanation: Explanation,
}

impl From<cw::RenewalSignal> for RenewalSignal {
    fn from(signal: cw::RenewalSignal) -> Self {
        let cw::RenewalSignal {
            membership_id,
            account_id,
            term_end,
            p_renew,
            explanation,
        } = signal;
        Self {
            membership_id: membership_id.0,
            account_id: account_id.0,
            term_end: term_end.to_string(),
            p_renew,
            explanation,
        }
    }
}

/// Every membership due for renewal within `within_days` of `as_of` (`YYYY-MM-DD`;
/// `null`: core's `DEFAULT_WITHIN_DAYS`, 90), scored by `model`, least likely to renew
/// first (ties: earlier term end, then membership id); core's `renewal_signals`.
///
/// # Errors
/// `InvalidArgument` when `as_of` is not a `YYYY-MM-DD` date, or (`model`) when the
/// model's features are not `renewalFeatures()` (in any order).
#[uniffi::export(default(within_days = None))]
pub fn renewal_signals(
    book: Arc<Book>,
    model: Arc<RenewalModel>,
    as_of: String,
    within_days: Option<u32>,
) -> Result<Vec<RenewalSignal>, CallwiseError> {
    let as_of = callwise::time::parse_date(&as_of, "as_of")?;
    let within_days = within_days.unwrap_or(cw::DEFAULT_WITHIN_DAYS);
    Ok(
        cw::renewal_signals(&book.0, model.core(), as_of, within_days)?
            .into_iter()
            .map(RenewalSignal::from)
            .collect(),
    )
}

/// The accounts' purchase histories from the book (core's `PurchaseHistory`): every
/// closed-won opportunity closed on or before the date is a purchase on its close date,
/// worth its amount in minor units. Rows are the accounts with at least one purchase, in
/// order of first purchase in the book.
///
/// Immutable; score it with a purchase model's `dormantSignals`, or fit one to its
/// columns.
#[derive(Debug, uniffi::Object)]
pub struct PurchaseHistory(cw::PurchaseHistory);

impl PurchaseHistory {
    /// Core's history.
    pub(crate) fn core(&self) -> &cw::PurchaseHistory {
        &self.0
    }
}

#[uniffi::export]
impl PurchaseHistory {
    /// The histories up to `as_of` (`YYYY-MM-DD`), times in `unit` (`null`: core's
    /// default, `TimeUnit.WEEKS`); `PurchaseHistory(book, asOf, unit)` in Kotlin, core's
    /// `purchase_history`.
    ///
    /// # Errors
    /// `InvalidArgument` (`as_of`) when `as_of` is not a `YYYY-MM-DD` date or the book
    /// has no closed-won opportunity on or before it.
    #[uniffi::constructor(default(unit = None))]
    pub fn new(
        book: Arc<Book>,
        as_of: String,
        unit: Option<TimeUnit>,
    ) -> Result<Arc<Self>, CallwiseError> {
        let as_of = callwise::time::parse_date(&as_of, "as_of")?;
        let unit = unit.unwrap_or_default();
        Ok(Arc::new(Self(cw::purchase_history(&book.0, as_of, unit)?)))
    }

    /// The accounts' ids, one per row.
    pub fn account_ids(&self) -> Vec<String> {
        self.0
            .account_ids
            .iter()
            .map(|id| id.as_str().to_owned())
            .collect()
    }

    /// Repeat purchases (days with a purchase, less the first), one per row.
    pub fn frequency(&self) -> Vec<f64> {
        self.0.data.columns().0.to_vec()
    }

    /// Time from the first purchase to the last, in the unit, one per row.
    pub fn recency(&self) -> Vec<f64> {
        self.0.data.columns().1.to_vec()
    }

    /// Time from the first purchase to `as_of` ("T"), in the unit, one per row.
    pub fn t(&self) -> Vec<f64> {
        self.0.data.columns().2.to_vec()
    }

    /// Average value of the repeat purchases (minor units), 0 without one, one per row:
    /// Gamma-Gamma's input.
    pub fn monetary_value(&self) -> Vec<f64> {
        self.0.monetary_value.clone()
    }
}

/// A customer's chance of still being active, and what to expect from them (core's
/// `DormantSignal`).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DormantSignal {
    /// The account's id.
    pub account_id: String,
    /// Repeat purchases so far.
    pub frequency: f64,
    /// Age at the last purchase, in the history's unit.
    pub recency: f64,
    /// Age at `as_of`, in the history's unit.
    pub t: f64,
    /// The probability the customer is still active (`pAlive`, as in every language).
    pub p_alive: f64,
    /// Purchases to expect in the horizon.
    pub expected_purchases: f64,
}

impl From<cw::DormantSignal> for DormantSignal {
    fn from(signal: cw::DormantSignal) -> Self {
        let cw::DormantSignal {
            account_id,
            frequency,
            recency,
            t,
            p_alive,
            expected_purchases,
        } = signal;
        Self {
            account_id: account_id.0,
            frequency,
            recency,
            t,
            p_alive,
            expected_purchases,
        }
    }
}

/// Core's `dormant_signals` for any purchase model, converted: what each purchase
/// model's exported `dormant_signals` method calls.
pub(crate) fn dormant_signals(
    history: &PurchaseHistory,
    model: &dyn cw::PurchaseModel,
    horizon: f64,
) -> Result<Vec<DormantSignal>, CallwiseError> {
    Ok(cw::dormant_signals(history.core(), model, horizon)?
        .into_iter()
        .map(DormantSignal::from)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::invalid_reason;
    use crate::sample_book;

    #[test]
    fn bad_dates_and_foreign_models_are_invalid_arguments() {
        let book = sample_book(7, 40, None).unwrap();
        invalid_reason(
            renewal_history(book.clone(), "2026-11-2".to_owned(), None),
            "as_of",
        );
        let other = RenewalModel::new(vec!["shoe_size".into()], 0.0, vec![1.0], vec![0.0]).unwrap();
        let signals = renewal_signals(book.clone(), other, "2026-11-24".to_owned(), None);
        invalid_reason(signals, "model");
        let history = PurchaseHistory::new(book, "1990-01-01".to_owned(), Some(TimeUnit::Weeks));
        invalid_reason(history, "as_of");
    }

    #[test]
    fn history_cases_keep_core_rows() {
        let book = sample_book(7, 40, None).unwrap();
        let core = cw::renewal_history(&book.0, "2026-11-24".parse().unwrap(), 60).unwrap();
        let ours = renewal_history(book, "2026-11-24".to_owned(), None).unwrap();
        assert!(!core.cases.is_empty());
        assert_eq!(ours.cases.len(), core.cases.len());
        assert_eq!(ours.renewed, core.renewed());
        assert_eq!(ours.features.names, renewal_features());
        for i in 0..core.cases.len() {
            let row: Vec<f64> = ours.features.columns.iter().map(|c| c[i]).collect();
            assert_eq!(Some(row), core.features.row(i));
            assert_eq!(ours.cases[i].term_end, core.cases[i].term_end.to_string());
        }
    }
}
