//! Retention signals from the book: the engagement features the renewal model reads,
//! the purchase histories the dormant-customer models read, and the per-account
//! scores the call-list sources (renewals due, dormant customers) rank by.
//!
//! This is the interface between retention and the call list: a call-list source asks
//! for [`renewal_signals`] or [`dormant_signals`] and gets one row per account, already
//! ordered most-at-risk first, each with the numbers that explain it.
//!
//! Dates are calendar dates; an activity or event counts on its UTC date.

use super::data::{CustomerData, PurchaseModel, check_lengths};
use super::renewal::{Explanation, FeatureTable, RenewalModel};
use super::rfm::{RfmOptions, TimeUnit, rfm_summary};
use crate::{AccountId, MembershipId};
use crate::{
    AttendeeStatus, Book, Channel, Error, MembershipRef, OpportunityStage, Outcome, Result,
};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The renewal model's features, as [`renewal_history`] and [`renewals_due`] compute
/// them for a member on a scoring date `d`:
///
/// - `events_attended`: event attendances (status `attended`) by the account's
///   contacts at events that started in the year up to `d` (365 days, `d` included);
/// - `calls_connected`: calls in that year whose outcome shows someone was reached
///   (`connected`, `meeting_set`, `opportunity_uncovered`, `not_interested`);
/// - `days_since_last_contact`: days from the account's last activity on or before
///   `d` (any channel or direction), or from joining if there is none;
/// - `dues_paid_late`: renewals paid late, among those made on or before `d`;
/// - `tenure_years`: years (of 365.25 days) from joining to `d`.
pub const RENEWAL_FEATURES: [&str; 5] = [
    "events_attended",
    "calls_connected",
    "days_since_last_contact",
    "dues_paid_late",
    "tenure_years",
];

/// One member-term to fit or score: which membership, the term end the renewal decision
/// is about, the date its features were taken on, and (for past terms) the outcome.
///
/// # Example
/// See [`renewal_history`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RenewalCase {
    /// The membership.
    pub membership_id: MembershipId,
    /// Its account.
    pub account_id: AccountId,
    /// Last day of the term whose renewal is in question.
    pub term_end: NaiveDate,
    /// The date the features describe.
    pub scored_on: NaiveDate,
    /// Whether the member renewed, for a past term; `None` for a term still open.
    pub renewed: Option<bool>,
}

/// Member-terms with their features, row for row.
///
/// # Example
/// See [`renewal_history`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RenewalCases {
    /// The member-terms.
    pub cases: Vec<RenewalCase>,
    /// Their features, named as [`RENEWAL_FEATURES`].
    pub features: FeatureTable,
}

impl RenewalCases {
    /// The outcomes, when every case has one (as from [`renewal_history`]).
    ///
    /// # Example
    /// ```
    /// use callwise::retention::renewal_history;
    /// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
    /// let history = renewal_history(&book, "2026-11-24".parse().unwrap(), 60).unwrap();
    /// assert_eq!(history.renewed().unwrap().len(), history.cases.len());
    /// ```
    pub fn renewed(&self) -> Option<Vec<bool>> {
        self.cases.iter().map(|c| c.renewed).collect()
    }
}

/// The outcomes that show a call reached someone.
fn reached(outcome: Option<Outcome>) -> bool {
    matches!(
        outcome,
        Some(
            Outcome::Connected
                | Outcome::MeetingSet
                | Outcome::OpportunityUncovered
                | Outcome::NotInterested
        )
    )
}

fn days_between(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days() as f64
}

/// Feature rows for the book's members, with the event attendances indexed once.
struct FeatureSource<'a> {
    book: &'a Book,
    attendances: HashMap<&'a str, Vec<NaiveDate>>,
}

impl<'a> FeatureSource<'a> {
    fn new(book: &'a Book) -> FeatureSource<'a> {
        let mut attendances: HashMap<&str, Vec<NaiveDate>> = HashMap::new();
        for event in book.events() {
            for attendee in event.attendees() {
                if attendee.status != AttendeeStatus::Attended {
                    continue;
                }
                if let Some(contact) = book.contact(attendee.contact_id.as_str()) {
                    attendances
                        .entry(contact.account_id())
                        .or_default()
                        .push(event.starts_at().date_naive());
                }
            }
        }
        FeatureSource { book, attendances }
    }

    fn row(&self, membership: MembershipRef<'_>, on: NaiveDate) -> [f64; 5] {
        let account = membership.account_id();
        let year_before = on
            .checked_sub_days(Days::new(365))
            .unwrap_or(NaiveDate::MIN);
        let in_year = |d: NaiveDate| d > year_before && d <= on;
        let events = self
            .attendances
            .get(account)
            .map_or(0, |dates| dates.iter().filter(|d| in_year(**d)).count());
        let mut calls = 0;
        let mut last = None;
        for activity in self.book.activities_of(account) {
            let day = activity.at().date_naive();
            if day > on {
                break; // activities are in time order
            }
            last = Some(day);
            if activity.channel() == Channel::Call && reached(activity.outcome()) && in_year(day) {
                calls += 1;
            }
        }
        let since = last.unwrap_or(membership.joined_on());
        let late = membership
            .renewals()
            .filter(|r| r.paid_late && r.renewed_on <= on)
            .count();
        [
            events as f64,
            calls as f64,
            days_between(since, on).max(0.0),
            late as f64,
            (days_between(membership.joined_on(), on) / 365.25).max(0.0),
        ]
    }
}

fn cases_table(book: &Book, cases: Vec<(RenewalCase, MembershipRef<'_>)>) -> Result<RenewalCases> {
    let source = FeatureSource::new(book);
    let mut columns = vec![Vec::with_capacity(cases.len()); RENEWAL_FEATURES.len()];
    for (case, membership) in &cases {
        for (column, value) in columns
            .iter_mut()
            .zip(source.row(*membership, case.scored_on))
        {
            column.push(value);
        }
    }
    Ok(RenewalCases {
        features: FeatureTable::new(
            RENEWAL_FEATURES.iter().map(|s| (*s).to_owned()).collect(),
            columns,
        )?,
        cases: cases.into_iter().map(|(c, _)| c).collect(),
    })
}

/// The longest lead or window, in days, the signals accept: a century. Longer ones run
/// off the calendar and would give dates no caller can use.
///
/// # Example
/// ```
/// use callwise::retention::{MAX_DAYS, renewal_history};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 20)).unwrap();
/// let today = "2026-11-24".parse().unwrap();
/// assert!(renewal_history(&book, today, MAX_DAYS).is_ok());
/// assert!(renewal_history(&book, today, MAX_DAYS + 1).is_err());
/// ```
pub const MAX_DAYS: u32 = 36_525;

/// How many days before a term ends its renewal call is made, unless the caller says
/// otherwise: the lead [`renewal_history`] takes its training features at (two months, so
/// the features are those a caller would have had when deciding whom to call). Every
/// binding's default for `lead_days`.
///
/// # Example
/// ```
/// use callwise::retention::{DEFAULT_LEAD_DAYS, renewal_history};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let history = renewal_history(&book, "2026-11-24".parse().unwrap(), DEFAULT_LEAD_DAYS).unwrap();
/// // Features describe the day the call would have been made, at the latest today.
/// assert!(history.cases.iter().all(|c| (c.term_end - c.scored_on).num_days() >= i64::from(DEFAULT_LEAD_DAYS)
///     || c.scored_on == "2026-11-24".parse().unwrap()));
/// ```
pub const DEFAULT_LEAD_DAYS: u32 = 60;

/// How far ahead [`renewals_due`] and [`renewal_signals`] look for terms ending, unless
/// the caller says otherwise: a quarter (90 days), the window a renewals desk works.
/// Every binding's default for `within_days`.
///
/// # Example
/// ```
/// use callwise::retention::{DEFAULT_WITHIN_DAYS, renewals_due};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let today: chrono::NaiveDate = "2026-11-24".parse().unwrap();
/// let due = renewals_due(&book, today, DEFAULT_WITHIN_DAYS).unwrap();
/// assert!(due.cases.iter().all(|c| (c.term_end - today).num_days() <= i64::from(DEFAULT_WITHIN_DAYS)));
/// ```
pub const DEFAULT_WITHIN_DAYS: u32 = 90;

fn check_days(name: &'static str, days: u32) -> Result<()> {
    if days > MAX_DAYS {
        return Err(Error::invalid_argument(
            name,
            format!("must be at most {MAX_DAYS} days, got {days}"),
        ));
    }
    Ok(())
}

fn before(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_sub_days(Days::new(days.into()))
        .unwrap_or(NaiveDate::MIN)
}

/// The training set: every past term whose outcome was known by `as_of`, with the
/// features as they stood `lead_days` before the term ended (when the renewal call
/// would have been made). A renewal recorded on or before `as_of` is a case with
/// `renewed = true`; a lapse on or before `as_of` is a case with `renewed = false` for
/// the term that ended the day before it. Cases are in book order of memberships, then
/// by term end.
///
/// # Errors
/// [`Error::InvalidArgument`] when `lead_days` is above [`MAX_DAYS`].
///
/// # Example
/// ```
/// use callwise::retention::{RenewalModel, RenewalOptions, renewal_history};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let history = renewal_history(&book, "2026-11-24".parse().unwrap(), 60).unwrap();
/// let renewed = history.renewed().unwrap();
/// assert!(renewed.iter().any(|r| *r) && renewed.iter().any(|r| !*r));
/// let (model, _fit) = RenewalModel::fit(&history.features, &renewed, None, &RenewalOptions::default()).unwrap();
/// assert_eq!(model.feature_names().len(), 5);
/// ```
pub fn renewal_history(book: &Book, as_of: NaiveDate, lead_days: u32) -> Result<RenewalCases> {
    check_days("lead_days", lead_days)?;
    let mut cases = Vec::new();
    for membership in book.memberships() {
        let mut terms: Vec<(NaiveDate, bool)> = membership
            .renewals()
            .filter(|r| r.renewed_on <= as_of)
            .map(|r| (r.term_end, true))
            .chain(
                membership
                    .lapses()
                    .filter(|l| l.lapsed_on <= as_of)
                    .map(|l| (before(l.lapsed_on, 1), false)),
            )
            .collect();
        terms.sort();
        for (term_end, renewed) in terms {
            cases.push((
                RenewalCase {
                    membership_id: membership.id().into(),
                    account_id: membership.account_id().into(),
                    term_end,
                    scored_on: before(term_end, lead_days).min(as_of),
                    renewed: Some(renewed),
                },
                membership,
            ));
        }
    }
    cases_table(book, cases)
}

/// The scoring set: memberships whose current term ends within `within_days` of
/// `as_of` (from `as_of`, inclusive, to `as_of + within_days`), not lapsed, with their
/// features as of `as_of`. In book order.
///
/// # Errors
/// [`Error::InvalidArgument`] when `within_days` is above [`MAX_DAYS`].
///
/// # Example
/// ```
/// use callwise::retention::renewals_due;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let due = renewals_due(&book, "2026-11-24".parse().unwrap(), 120).unwrap();
/// assert!(due.cases.iter().all(|c| c.renewed.is_none()));
/// assert_eq!(due.features.len(), due.cases.len());
/// ```
pub fn renewals_due(book: &Book, as_of: NaiveDate, within_days: u32) -> Result<RenewalCases> {
    check_days("within_days", within_days)?;
    let last = as_of
        .checked_add_days(Days::new(within_days.into()))
        .unwrap_or(NaiveDate::MAX);
    let cases = book
        .memberships()
        .filter(|m| m.term_end() >= as_of && m.term_end() <= last)
        .filter(|m| {
            // Lapsed and not reinstated: nothing to renew.
            !m.lapses()
                .last()
                .is_some_and(|l| l.lapsed_on <= as_of && l.reinstated_on.is_none_or(|r| r > as_of))
        })
        .map(|m| {
            (
                RenewalCase {
                    membership_id: m.id().into(),
                    account_id: m.account_id().into(),
                    term_end: m.term_end(),
                    scored_on: as_of,
                    renewed: None,
                },
                m,
            )
        })
        .collect();
    cases_table(book, cases)
}

/// A member coming up for renewal, scored and explained: what the renewals source of
/// the call list ranks.
///
/// # Example
/// See [`renewal_signals`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RenewalSignal {
    /// The membership.
    pub membership_id: MembershipId,
    /// Its account.
    pub account_id: AccountId,
    /// Last day of the current term.
    pub term_end: NaiveDate,
    /// The probability the member renews (`p_renew`, as the score tables name it).
    pub p_renew: f64,
    /// Why: the baseline and every feature's contribution.
    pub explanation: Explanation,
}

/// Every membership due for renewal within `within_days` of `as_of`, scored by `model`,
/// least likely to renew first (ties: earlier term end, then membership id).
///
/// # Errors
/// [`Error::InvalidArgument`] when the model's features are not [`RENEWAL_FEATURES`]
/// (in any order), or `within_days` is above [`MAX_DAYS`].
///
/// # Example
/// ```
/// use callwise::retention::{RenewalModel, RenewalOptions, renewal_history, renewal_signals};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let today = "2026-11-24".parse().unwrap();
/// let history = renewal_history(&book, today, 60).unwrap();
/// let (model, _) = RenewalModel::fit(&history.features, &history.renewed().unwrap(), None,
///                                    &RenewalOptions::default()).unwrap();
/// let signals = renewal_signals(&book, &model, today, 120).unwrap();
/// assert!(signals.windows(2).all(|w| w[0].p_renew <= w[1].p_renew));
/// ```
pub fn renewal_signals(
    book: &Book,
    model: &RenewalModel,
    as_of: NaiveDate,
    within_days: u32,
) -> Result<Vec<RenewalSignal>> {
    let due = renewals_due(book, as_of, within_days)?;
    // Reorder each row into the model's feature order.
    let order = model
        .feature_names()
        .iter()
        .map(|name| {
            RENEWAL_FEATURES
                .iter()
                .position(|f| f == name)
                .ok_or_else(|| Error::invalid_argument("model", format!(
                        "feature {name:?} is not computed from the book (expected {RENEWAL_FEATURES:?})"
                    )))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut signals = Vec::with_capacity(due.cases.len());
    for (i, case) in due.cases.into_iter().enumerate() {
        let row = due.features.row(i).unwrap_or_default();
        let explanation = model.explain(&order.iter().map(|j| row[*j]).collect::<Vec<_>>())?;
        signals.push(RenewalSignal {
            membership_id: case.membership_id,
            account_id: case.account_id,
            term_end: case.term_end,
            p_renew: explanation.probability,
            explanation,
        });
    }
    signals.sort_by(|a, b| {
        a.p_renew
            .total_cmp(&b.p_renew)
            .then(a.term_end.cmp(&b.term_end))
            .then_with(|| a.membership_id.cmp(&b.membership_id))
    });
    Ok(signals)
}

/// What counts as a purchase in a book, for [`purchase_history`]: the caller's choice,
/// as an association's dormant members buy in other ways than a sales team's customers.
///
/// Donations are not a record of the book; a caller who has them summarises its own
/// log with [`super::rfm_summary`] and scores that.
///
/// # Example
/// ```
/// use callwise::retention::PurchaseSource;
/// assert_eq!(PurchaseSource::default(), PurchaseSource::WonDeals);
/// let source: PurchaseSource = serde_json::from_str(r#""event_registrations""#).unwrap();
/// assert_eq!(source.as_str(), "event_registrations");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurchaseSource {
    /// Every closed-won opportunity: a purchase on its close date, worth its amount.
    #[default]
    WonDeals,
    /// Every membership payment: joining (on the day joined, worth the current dues) and
    /// each renewal (on the day renewed, worth that term's dues).
    MembershipPayments,
    /// Every registration for an event (registered, attended or no-show) by a contact
    /// of the account: a purchase on the event's first day (UTC), worth nothing.
    EventRegistrations,
}

impl PurchaseSource {
    /// The source's name in JSON and in every binding.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::PurchaseSource;
    /// assert_eq!(PurchaseSource::MembershipPayments.as_str(), "membership_payments");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PurchaseSource::WonDeals => "won_deals",
            PurchaseSource::MembershipPayments => "membership_payments",
            PurchaseSource::EventRegistrations => "event_registrations",
        }
    }
}

impl std::str::FromStr for PurchaseSource {
    type Err = Error;

    /// `"won_deals"`, `"membership_payments"` or `"event_registrations"`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (`source`) for any other text.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::PurchaseSource;
    /// assert_eq!("won_deals".parse::<PurchaseSource>().unwrap(), PurchaseSource::WonDeals);
    /// assert!("donations".parse::<PurchaseSource>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<PurchaseSource> {
        [
            PurchaseSource::WonDeals,
            PurchaseSource::MembershipPayments,
            PurchaseSource::EventRegistrations,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| {
            Error::invalid_argument(
                "source",
                format!(
                    "must be \"won_deals\", \"membership_payments\" or \"event_registrations\", got {text:?}"
                ),
            )
        })
    }
}

/// The purchases of `source` on or before `as_of`, in book order: accounts, days, values.
type PurchaseLog = (Vec<AccountId>, Vec<NaiveDate>, Vec<f64>);

/// The book's purchases of `source` on or before `as_of` (see [`PurchaseSource`]).
pub(crate) fn purchase_log(book: &Book, as_of: NaiveDate, source: PurchaseSource) -> PurchaseLog {
    let mut log: PurchaseLog = Default::default();
    let mut push = |account: &str, day: NaiveDate, value: f64| {
        if day <= as_of {
            log.0.push(AccountId::new(account));
            log.1.push(day);
            log.2.push(value);
        }
    };
    match source {
        PurchaseSource::WonDeals => {
            for o in book.opportunities() {
                if let (OpportunityStage::ClosedWon, Some(closed)) = (o.stage(), o.closed_on()) {
                    push(o.account_id(), closed, o.amount_minor() as f64);
                }
            }
        }
        PurchaseSource::MembershipPayments => {
            for m in book.memberships() {
                push(m.account_id(), m.joined_on(), m.dues_minor() as f64);
                for r in m.renewals() {
                    push(m.account_id(), r.renewed_on, r.dues.amount_minor as f64);
                }
            }
        }
        PurchaseSource::EventRegistrations => {
            for e in book.events() {
                let day = e.starts_at().date_naive();
                for a in e.attendees() {
                    if let Some(contact) = book.contact(a.contact_id.as_str()) {
                        push(contact.account_id(), day, 0.0);
                    }
                }
            }
        }
    }
    log
}

/// The accounts' purchase histories from the book: every purchase of `source` on or
/// before `as_of` (see [`PurchaseSource`]), summarised as [`super::rfm_summary`]
/// summarises a transaction log. Rows are the accounts with at least one purchase, in
/// order of first purchase in the book.
///
/// # Example
/// See [`purchase_history`].
#[derive(Clone, Debug, PartialEq)]
pub struct PurchaseHistory {
    /// The accounts, row for row with `data`.
    pub account_ids: Vec<AccountId>,
    /// Frequency, recency and T in the chosen unit, for the purchase models.
    pub data: CustomerData,
    /// Average value of the repeat purchases (minor units), 0 without one, for
    /// Gamma-Gamma.
    pub monetary_value: Vec<f64>,
}

/// The accounts' purchase histories up to `as_of` (see [`PurchaseHistory`]), purchases
/// being the records `source` names.
///
/// # Errors
/// [`Error::InvalidArgument`] (`as_of`) when the book has no purchase of `source` on or
/// before `as_of`.
///
/// # Example
/// ```
/// use callwise::retention::{PurchaseSource, TimeUnit, purchase_history};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400)).unwrap();
/// let as_of = "2026-11-24".parse().unwrap();
/// let deals = purchase_history(&book, as_of, TimeUnit::Weeks, PurchaseSource::WonDeals).unwrap();
/// assert_eq!(deals.account_ids.len(), deals.data.len());
/// // Members who joined and renewed: their dues payments are the purchases.
/// let dues = purchase_history(&book, as_of, TimeUnit::Weeks, PurchaseSource::MembershipPayments).unwrap();
/// assert!(dues.monetary_value.iter().any(|v| *v > 0.0));
/// ```
pub fn purchase_history(
    book: &Book,
    as_of: NaiveDate,
    unit: TimeUnit,
    source: PurchaseSource,
) -> Result<PurchaseHistory> {
    history_of(purchase_log(book, as_of, source), as_of, unit, source)
}

/// The history of a log of purchases (see [`purchase_history`]).
pub(crate) fn history_of(
    (accounts, dates, values): PurchaseLog,
    as_of: NaiveDate,
    unit: TimeUnit,
    source: PurchaseSource,
) -> Result<PurchaseHistory> {
    if accounts.is_empty() {
        return Err(Error::invalid_argument(
            "as_of",
            format!(
                "the book has no purchase ({}) on or before {as_of}",
                source.as_str()
            ),
        ));
    }
    let summary = rfm_summary(
        &accounts,
        &dates,
        &values,
        &RfmOptions {
            calibration_end: Some(as_of),
            observation_end: None,
            unit,
        },
    )?;
    Ok(PurchaseHistory {
        data: CustomerData::new(&summary.frequency, &summary.recency, &summary.t, None)?,
        account_ids: summary.customer_id,
        monetary_value: summary.monetary_value,
    })
}

/// A customer's chance of still being active, and what to expect from them: what the
/// dormant-customers source of the call list ranks.
///
/// # Example
/// See [`dormant_signals`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DormantSignal {
    /// The account.
    pub account_id: AccountId,
    /// Repeat purchases so far.
    pub frequency: f64,
    /// Age at the last purchase, in the history's unit.
    pub recency: f64,
    /// Age at `as_of`, in the history's unit.
    pub t: f64,
    /// The probability the customer is still active (`p_alive`, as the score tables
    /// name it).
    pub p_alive: f64,
    /// Purchases to expect in the horizon.
    pub expected_purchases: f64,
}

/// Every account in `history` scored by a fitted purchase model (BG/NBD, MBG/NBD or
/// Pareto/NBD): the probability it is still active and its expected purchases in the
/// next `horizon` units. Repeat buyers come first, least likely to be active first
/// (the good customers who have gone quiet), then one-time buyers the same way; ties
/// by account id.
///
/// # Errors
/// [`Error::InvalidArgument`] when `horizon` is negative or not finite, or the
/// history's columns differ in length.
///
/// # Example
/// ```
/// use callwise::retention::{BetaGeo, PurchaseSource, TimeUnit, dormant_signals, purchase_history};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400)).unwrap();
/// let as_of = "2026-11-24".parse().unwrap();
/// let history = purchase_history(&book, as_of, TimeUnit::Weeks, PurchaseSource::WonDeals).unwrap();
/// let model = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
/// let signals = dormant_signals(&history, &model, 13.0).unwrap();
/// assert_eq!(signals.len(), history.account_ids.len());
/// assert!(signals.iter().all(|s| (0.0..=1.0).contains(&s.p_alive)));
/// ```
pub fn dormant_signals(
    history: &PurchaseHistory,
    model: &dyn PurchaseModel,
    horizon: f64,
) -> Result<Vec<DormantSignal>> {
    if !(horizon.is_finite() && horizon >= 0.0) {
        return Err(Error::invalid_argument(
            "horizon",
            format!("must be finite and >= 0, got {horizon}"),
        ));
    }
    check_lengths(&[
        ("account_ids", history.account_ids.len()),
        ("data", history.data.len()),
        ("monetary_value", history.monetary_value.len()),
    ])?;
    let scores = model.score(horizon, &history.data)?;
    let mut signals: Vec<DormantSignal> = history
        .account_ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let c = history.data.get(i)?;
            Some(DormantSignal {
                account_id: id.clone(),
                frequency: c.frequency(),
                recency: c.recency(),
                t: c.t(),
                p_alive: scores.p_alive[i],
                expected_purchases: scores.expected_purchases[i],
            })
        })
        .collect();
    signals.sort_by(|a, b| {
        (a.frequency == 0.0)
            .cmp(&(b.frequency == 0.0))
            .then(a.p_alive.total_cmp(&b.p_alive))
            .then_with(|| a.account_id.cmp(&b.account_id))
    });
    Ok(signals)
}
