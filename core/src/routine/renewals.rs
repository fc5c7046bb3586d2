//! Renewal calls: memberships whose term ends soon, batched by the month they are due.

use super::{MAX_LEAD_DAYS, MAX_RANGE_DAYS, check_range, invalid_argument};
use crate::{AccountId, Book, MembershipId, Result};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A renewal call: a membership whose current term ends soon, called `lead_days`
/// before the term's last day.
///
/// # Example
/// ```
/// use callwise::routine::renewal_batches;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let batches = renewal_batches(&book, "2026-11-24".parse().unwrap(),
///                               "2027-05-23".parse().unwrap(), 30).unwrap();
/// let call = &batches[0].calls[0];
/// assert_eq!((call.term_end - call.call_on).num_days(), 30);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewalCall {
    /// The membership.
    pub membership_id: MembershipId,
    /// Its account.
    pub account_id: AccountId,
    /// The last day of the current term.
    #[serde(deserialize_with = "crate::time::strict")]
    pub term_end: NaiveDate,
    /// The day to call: `term_end` minus the lead.
    #[serde(deserialize_with = "crate::time::strict")]
    pub call_on: NaiveDate,
}

/// The renewal calls of one calendar month, worked as one monthly batch.
///
/// # Example
/// ```
/// use callwise::routine::renewal_batches;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let batches = renewal_batches(&book, "2026-11-24".parse().unwrap(),
///                               "2027-05-23".parse().unwrap(), 30).unwrap();
/// assert!(batches.windows(2).all(|w| w[0].month < w[1].month));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewalBatch {
    /// The first day of the month.
    #[serde(deserialize_with = "crate::time::strict")]
    pub month: NaiveDate,
    /// Its calls, by call day, then membership id.
    pub calls: Vec<RenewalCall>,
}

/// The renewal calls whose call day falls from `from` to `to` (both included), in
/// monthly batches: for each membership whose current term is still to decide (not
/// lapsed, as [`renewals_due`](crate::retention::renewals_due) reads it), the call day
/// is `lead_days` before the term's last day. Batches come in month order; months with
/// no call are left out.
///
/// # Errors
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument) named `from` or `to` when
/// it is outside the years 0000 to 9999, named `to` when `to` is before `from` or more
/// than [`MAX_RANGE_DAYS`](super::MAX_RANGE_DAYS) after it, named `lead_days` when it is
/// above [`MAX_LEAD_DAYS`](super::MAX_LEAD_DAYS), or named `book` when a membership's
/// term to call about ends past the year 9999.
///
/// # Example
/// ```
/// use callwise::routine::renewal_batches;
/// use chrono::Datelike;
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let batches = renewal_batches(&book, "2026-11-24".parse().unwrap(),
///                               "2027-11-23".parse().unwrap(), 60).unwrap();
/// assert!(!batches.is_empty());
/// for batch in &batches {
///     assert_eq!(batch.month.day(), 1);
///     for call in &batch.calls {
///         assert_eq!(call.call_on.with_day(1).unwrap(), batch.month);
///         assert_eq!((call.term_end - call.call_on).num_days(), 60);
///     }
/// }
/// ```
pub fn renewal_batches(
    book: &Book,
    from: NaiveDate,
    to: NaiveDate,
    lead_days: u32,
) -> Result<Vec<RenewalBatch>> {
    check_range(from, to)?;
    if lead_days > MAX_LEAD_DAYS {
        return Err(invalid_argument(
            "lead_days",
            format!("{lead_days} days; at most {MAX_LEAD_DAYS}"),
        ));
    }
    let lead = Days::new(u64::from(lead_days));
    let Some(first_end) = from.checked_add_days(lead) else {
        return Ok(Vec::new());
    };
    // Terms ending from `from + lead` to `to + lead`: call days from `from` to `to`.
    let within = u32::try_from((to - from).num_days()).unwrap_or(MAX_RANGE_DAYS);
    let due = crate::retention::renewals_due(book, first_end, within)?;
    let mut months: BTreeMap<NaiveDate, Vec<RenewalCall>> = BTreeMap::new();
    for case in due.cases {
        if case.term_end.year() > 9999 {
            return Err(invalid_argument(
                "book",
                format!(
                    "membership {} ends its term on {}, past the year 9999",
                    case.membership_id, case.term_end
                ),
            ));
        }
        let Some(call_on) = case.term_end.checked_sub_days(lead) else {
            continue;
        };
        let Some(month) = call_on.with_day(1) else {
            continue;
        };
        months.entry(month).or_default().push(RenewalCall {
            membership_id: case.membership_id,
            account_id: case.account_id,
            term_end: case.term_end,
            call_on,
        });
    }
    Ok(months
        .into_iter()
        .map(|(month, mut calls)| {
            calls.sort_by(|a, b| (a.call_on, &a.membership_id).cmp(&(b.call_on, &b.membership_id)));
            RenewalBatch { month, calls }
        })
        .collect())
}
