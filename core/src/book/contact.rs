//! Contacts: the people at an account a rep actually calls.

use crate::Channel;
use crate::{AccountId, ContactId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of line a phone number is.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::PhoneKind::Mobile).unwrap(), "\"mobile\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// A mobile line (texts possible).
    Mobile,
    /// A work line.
    Work,
    /// A home line.
    Home,
}

/// A phone number.
///
/// # Example
/// ```
/// let p = callwise::Phone { number: "+16025550100".into(), kind: callwise::PhoneKind::Work };
/// assert!(p.number.starts_with('+'));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phone {
    /// The number, ideally in E.164 form.
    pub number: String,
    /// Mobile, work or home.
    pub kind: PhoneKind,
}

/// An e-mail address.
///
/// # Example
/// ```
/// let e = callwise::Email { address: "pat@example.org".into(), primary: true };
/// assert!(e.primary);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Email {
    /// The address.
    pub address: String,
    /// Whether this is the address to use first.
    pub primary: bool,
}

/// A birthday: month and day, the year when known.
///
/// Validation accepts 29 February with no year or with a leap year. Which day such a
/// birthday falls on in a common year is a calling-rule choice, made where birthdays are
/// scheduled, not here.
///
/// # Example
/// ```
/// let b = callwise::Birthday { month: 2, day: 29, year: None };
/// assert_eq!((b.month, b.day), (2, 29));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Birthday {
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31, within the month.
    pub day: u32,
    /// The year of birth, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

impl Birthday {
    /// Whether the month and day exist (in the given year, or in a leap year if none).
    pub(crate) fn is_valid(&self) -> bool {
        let year = self.year.unwrap_or(2000);
        chrono::NaiveDate::from_ymd_opt(year, self.month, self.day).is_some()
    }
}

/// A contact's consent for one channel.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::Consent::Denied).unwrap(), "\"denied\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    /// The contact agreed to be reached this way.
    Granted,
    /// The contact refused or withdrew consent.
    Denied,
    /// Nothing recorded.
    Unknown,
}

/// A person at an account.
///
/// # Example
/// ```
/// use callwise::Contact;
/// let c = Contact {
///     id: "con-1".into(),
///     account_id: "acc-1".into(),
///     name: "Pat Lee".into(),
///     title: None,
///     phones: vec![],
///     emails: vec![],
///     birthday: None,
///     time_zone: None,
///     do_not_call: true,
///     consent: Default::default(),
/// };
/// assert!(c.do_not_call);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The caller's id.
    pub id: ContactId,
    /// The account the contact belongs to.
    pub account_id: AccountId,
    /// Display name.
    pub name: String,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Phone numbers, best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    /// E-mail addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<Email>,
    /// Birthday, for birthday calls in the contact's local date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<Birthday>,
    /// IANA time zone overriding the account's (a contact in another office).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// On a do-not-call list: never called, whatever else says so.
    #[serde(default)]
    pub do_not_call: bool,
    /// Consent per channel; a channel not listed is [`Consent::Unknown`].
    #[serde(
        default,
        deserialize_with = "crate::book::unique_keys",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub consent: BTreeMap<Channel, Consent>,
}

impl Contact {
    /// The consent recorded for `channel`, [`Consent::Unknown`] when none is.
    ///
    /// # Example
    /// ```
    /// # let mut c: callwise::Contact = serde_json::from_str(r#"{"id":"c","account_id":"a","name":"n"}"#).unwrap();
    /// use callwise::{Channel, Consent};
    /// c.consent.insert(Channel::Text, Consent::Denied);
    /// assert_eq!(c.consent_for(Channel::Text), Consent::Denied);
    /// assert_eq!(c.consent_for(Channel::Call), Consent::Unknown);
    /// ```
    pub fn consent_for(&self, channel: Channel) -> Consent {
        self.consent
            .get(&channel)
            .copied()
            .unwrap_or(Consent::Unknown)
    }
}
