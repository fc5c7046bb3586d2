//! Core's retention signals from the book (`callwise::retention::{renewal_history,
//! renewals_due, renewal_signals, purchase_history, dormant_signals}`): the renewal
//! model's training and scoring sets, the renewals-due and dormant-customer rows the
//! call list ranks.
//!
//! Core's rows cross as themselves (ids as `String`s, dates as `java.time.LocalDate`s). Dormant
//! signals are a method of each purchase model (`BetaGeoModel.dormantSignals(history,
//! horizon)`, ...; see `retention.rs`), taking the [`PurchaseHistory`] made here.
//!
//! Nothing here computes anything: each function calls core and returns its answer.

use crate::renewal::{FeatureTable, RenewalModel};

use crate::types::NaiveDate;
use crate::{Book, CallwiseError};
use callwise::retention::{
    self as cw, DormantSignal, Explanation, PurchaseSource, RenewalCase, RenewalSignal, TimeUnit,
};
use callwise::{AccountId, MembershipId};
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

/// One member-term to fit or score (core's `RenewalCase`).
#[uniffi::remote(Record)]
pub struct RenewalCase {
    /// The membership's id.
    pub membership_id: MembershipId,
    /// Its account's id.
    pub account_id: AccountId,
    /// Last day of the term whose renewal is in question.
    pub term_end: NaiveDate,
    /// The date the features describe.
    pub scored_on: NaiveDate,
    /// Whether the member renewed, for a past term; `null` for a term still open.
    pub renewed: Option<bool>,
}

/// Member-terms with their features, row for row (core's `RenewalCases`, with the
/// outcomes core's `renewed()` gathers; its feature table has private fields).
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
        Self {
            renewed: cases.renewed(),
            features: FeatureTable::from(&cases.features),
            cases: cases.cases,
        }
    }
}

/// The training set: every past term whose outcome was known by `as_of`, with the
/// features as they stood `lead_days` before the term ended (`null`: core's
/// `DEFAULT_LEAD_DAYS`, 60). Cases are in book order of memberships, then by term end
/// (core's `renewal_history`).
///
/// # Errors
/// `InvalidArgument` for a date outside the years 0000 to 9999, or (from core) a lead
/// above a century.
#[uniffi::export(default(lead_days = None))]
pub fn renewal_history(
    book: Arc<Book>,
    as_of: NaiveDate,
    lead_days: Option<u32>,
) -> Result<RenewalCases, CallwiseError> {
    let lead_days = lead_days.unwrap_or(cw::DEFAULT_LEAD_DAYS);
    Ok(cw::renewal_history(&book.core(), as_of, lead_days)?.into())
}

/// The scoring set: memberships whose current term ends from `as_of` to `as_of +
/// within_days` (inclusive; `null`: core's `DEFAULT_WITHIN_DAYS`, 90), not lapsed, with
/// their features as of `as_of`; in book order (core's `renewals_due`). Every case's
/// `renewed` is `null`.
///
/// # Errors
/// `InvalidArgument` for a date outside the years 0000 to 9999, or (from core) a window
/// above a century.
#[uniffi::export(default(within_days = None))]
pub fn renewals_due(
    book: Arc<Book>,
    as_of: NaiveDate,
    within_days: Option<u32>,
) -> Result<RenewalCases, CallwiseError> {
    let within_days = within_days.unwrap_or(cw::DEFAULT_WITHIN_DAYS);
    Ok(cw::renewals_due(&book.core(), as_of, within_days)?.into())
}

/// A member coming up for renewal, scored and explained (core's `RenewalSignal`).
#[uniffi::remote(Record)]
pub struct RenewalSignal {
    /// The membership's id.
    pub membership_id: MembershipId,
    /// Its account's id.
    pub account_id: AccountId,
    /// Last day of the current term.
    pub term_end: NaiveDate,
    /// The probability the member renews (`pRenew`, as in every language).
    pub p_renew: f64,
    /// Why: the baseline and every feature's contribution.
    pub explanation: Explanation,
}

/// Every membership due for renewal within `within_days` of `as_of` (`null`: core's
/// `DEFAULT_WITHIN_DAYS`, 90), scored by `model`, least likely to renew first (ties:
/// earlier term end, then membership id); core's `renewal_signals`.
///
/// # Errors
/// `InvalidArgument` for a date outside the years 0000 to 9999, or (`model`) when the
/// model's features are not `renewalFeatures()` (in any order).
#[uniffi::export(default(within_days = None))]
pub fn renewal_signals(
    book: Arc<Book>,
    model: Arc<RenewalModel>,
    as_of: NaiveDate,
    within_days: Option<u32>,
) -> Result<Vec<RenewalSignal>, CallwiseError> {
    let within_days = within_days.unwrap_or(cw::DEFAULT_WITHIN_DAYS);
    Ok(cw::renewal_signals(
        &book.core(),
        model.core(),
        as_of,
        within_days,
    )?)
}

/// What counts as a purchase in a book (core's `PurchaseSource`).
#[uniffi::remote(Enum)]
pub enum PurchaseSource {
    /// Every closed-won opportunity: a purchase on its close date, worth its amount.
    WonDeals,
    /// Joining and each renewal, worth the dues.
    MembershipPayments,
    /// Every event registration by a contact of the account, on the event's first day.
    EventRegistrations,
}

/// The accounts' purchase histories from the book (core's `PurchaseHistory`): every
/// purchase of the chosen source on or before the date. Rows are the accounts with at least one purchase, in
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
    /// The histories up to `as_of`, times in `unit` (`null`: core's default,
    /// `TimeUnit.WEEKS`), purchases being the records `source` names (`null`: core's
    /// default, `PurchaseSource.WON_DEALS`); `PurchaseHistory(book, asOf, unit, source)`
    /// in Kotlin, core's `purchase_history`.
    ///
    /// # Errors
    /// `InvalidArgument` (`as_of`) when the book has no closed-won opportunity on or
    /// before `as_of`, or for a date outside the years 0000 to 9999.
    #[uniffi::constructor(default(unit = None, source = None))]
    pub fn new(
        book: Arc<Book>,
        as_of: NaiveDate,
        unit: Option<TimeUnit>,
        source: Option<PurchaseSource>,
    ) -> Result<Arc<Self>, CallwiseError> {
        let (unit, source) = (unit.unwrap_or_default(), source.unwrap_or_default());
        Ok(Arc::new(Self(cw::purchase_history(
            &book.core(),
            as_of,
            unit,
            source,
        )?)))
    }

    /// The accounts' ids, one per row.
    pub fn account_ids(&self) -> Vec<AccountId> {
        self.0.account_ids.clone()
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
#[uniffi::remote(Record)]
pub struct DormantSignal {
    /// The account's id.
    pub account_id: AccountId,
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

/// Core's `dormant_signals` for any purchase model: what each purchase model's exported
/// `dormant_signals` method calls.
pub(crate) fn dormant_signals(
    history: &PurchaseHistory,
    model: &dyn cw::PurchaseModel,
    horizon: f64,
) -> Result<Vec<DormantSignal>, CallwiseError> {
    Ok(cw::dormant_signals(history.core(), model, horizon)?)
}
