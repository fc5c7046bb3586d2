//! Birthday calls, on each contact's own local date (29 February by a [`LeapDay`] rule).

use super::check_range;
use crate::{AccountId, Book, Channel, Consent, ContactId, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Which day a 29 February birthday falls on in a common year.
///
/// # Example
/// ```
/// use callwise::routine::LeapDay;
/// assert_eq!(LeapDay::default(), LeapDay::Feb28);
/// assert_eq!(serde_json::to_string(&LeapDay::Mar1).unwrap(), "\"mar1\"");
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum LeapDay {
    /// 28 February, the last day of the birthday's month (the default).
    #[default]
    Feb28,
    /// 1 March, the day after 28 February.
    Mar1,
}

impl LeapDay {
    /// The day a birthday of `month`/`day` falls on in `year`; `None` when that date
    /// does not exist (other than 29 February).
    ///
    /// # Example
    /// ```
    /// use callwise::routine::LeapDay;
    /// assert_eq!(LeapDay::Mar1.birthday_in(2027, 2, 29).unwrap().to_string(), "2027-03-01");
    /// assert_eq!(LeapDay::Mar1.birthday_in(2028, 2, 29).unwrap().to_string(), "2028-02-29");
    /// assert_eq!(LeapDay::Feb28.birthday_in(2027, 2, 29).unwrap().to_string(), "2027-02-28");
    /// ```
    pub fn birthday_in(self, year: i32, month: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, month, day).or_else(|| {
            if (month, day) != (2, 29) {
                return None;
            }
            match self {
                Self::Feb28 => NaiveDate::from_ymd_opt(year, 2, 28),
                Self::Mar1 => NaiveDate::from_ymd_opt(year, 3, 1),
            }
        })
    }
}

/// A birthday call: a contact, on their birthday in their own local date.
///
/// # Example
/// ```
/// use callwise::routine::{LeapDay, birthday_calls};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let call = &birthday_calls(&book, "2027-01-01".parse().unwrap(),
///                            "2027-12-31".parse().unwrap(), LeapDay::Feb28).unwrap()[0];
/// assert_eq!(call.time_zone, book.contact_time_zone(call.contact_id.as_str()).unwrap());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BirthdayCall {
    /// The contact to call.
    pub contact_id: ContactId,
    /// The contact's account.
    pub account_id: AccountId,
    /// The birthday, a date in the contact's own zone.
    #[serde(deserialize_with = "crate::time::strict")]
    pub date: NaiveDate,
    /// The contact's IANA zone (their own, else their account's).
    pub time_zone: String,
}

/// The birthday calls from `from` to `to` (both included): every contact with a
/// birthday, not marked do-not-call and not having denied consent to calls, on each of
/// their birthdays in the range. A 29 February birthday falls on 29 February in leap
/// years and on the day `leap` says in common years. Dates are the contact's local
/// dates: call them on that day in [`BirthdayCall::time_zone`]. Ordered by date, then
/// contact id.
///
/// # Errors
/// [`Error::InvalidArgument`](crate::Error::InvalidArgument) named `from` or `to` when
/// it is outside the years 0000 to 9999, named `to` when `to` is before `from` or more
/// than [`MAX_RANGE_DAYS`](super::MAX_RANGE_DAYS) after it.
///
/// # Example
/// ```
/// use callwise::routine::{LeapDay, birthday_calls};
/// let book = callwise::sample_book(&callwise::SampleConfig::new(7, 40)).unwrap();
/// let calls = birthday_calls(&book, "2027-01-01".parse().unwrap(),
///                            "2027-12-31".parse().unwrap(), LeapDay::Feb28).unwrap();
/// assert!(!calls.is_empty());
/// assert!(calls.windows(2).all(|w| (w[0].date, &w[0].contact_id) <= (w[1].date, &w[1].contact_id)));
/// assert!(calls.iter().all(|c| c.date.to_string() != "2027-03-01" || {
///     let b = book.contact(c.contact_id.as_str()).unwrap().birthday().unwrap();
///     (b.month, b.day) == (3, 1)
/// }));
/// ```
pub fn birthday_calls(
    book: &Book,
    from: NaiveDate,
    to: NaiveDate,
    leap: LeapDay,
) -> Result<Vec<BirthdayCall>> {
    check_range(from, to)?;
    let mut calls = Vec::new();
    for contact in book.contacts() {
        let Some(birthday) = contact.birthday() else {
            continue;
        };
        if contact.do_not_call() || contact.consent_for(Channel::Call) == Consent::Denied {
            continue;
        }
        let time_zone = book.contact_time_zone(contact.id())?;
        for year in from.year()..=to.year() {
            if let Some(date) = leap.birthday_in(year, birthday.month, birthday.day)
                && (from..=to).contains(&date)
            {
                calls.push(BirthdayCall {
                    contact_id: contact.id().into(),
                    account_id: contact.account_id().into(),
                    date,
                    time_zone: time_zone.to_owned(),
                });
            }
        }
    }
    calls.sort_by(|a, b| (a.date, &a.contact_id).cmp(&(b.date, &b.contact_id)));
    Ok(calls)
}
