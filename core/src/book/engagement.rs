//! Campaigns with their responses, events with their attendees, and tasks (follow-ups).

use crate::Channel;
use crate::{AccountId, CampaignId, ContactId, EventId, RepId, TaskId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How a contact engaged with a campaign.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::ResponseKind::Clicked).unwrap(), "\"clicked\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseKind {
    /// Opened the message.
    Opened,
    /// Clicked through.
    Clicked,
    /// Replied.
    Replied,
    /// Registered (for an event or a webinar).
    Registered,
    /// Unsubscribed.
    Unsubscribed,
}

/// One contact's response to a campaign.
///
/// # Example
/// ```
/// let r: callwise::CampaignResponse = serde_json::from_str(
///     r#"{"contact_id": "c-1", "at": "2026-02-01T10:00:00Z", "kind": "replied"}"#).unwrap();
/// assert_eq!(r.kind, callwise::ResponseKind::Replied);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignResponse {
    /// Who responded.
    pub contact_id: ContactId,
    /// When.
    #[serde(deserialize_with = "crate::time::strict")]
    pub at: DateTime<Utc>,
    /// How.
    pub kind: ResponseKind,
}

/// A marketing or membership campaign.
///
/// # Example
/// ```
/// let c: callwise::Campaign = serde_json::from_str(r#"{
///     "id": "camp-1", "name": "Spring renewals", "channel": "email", "starts_on": "2026-03-01"
/// }"#).unwrap();
/// assert!(c.responses.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// The caller's id.
    pub id: CampaignId,
    /// Display name.
    pub name: String,
    /// The channel it runs on.
    pub channel: Channel,
    /// First day.
    #[serde(deserialize_with = "crate::time::strict")]
    pub starts_on: NaiveDate,
    /// Last day, if it has ended or has an end.
    #[serde(
        default,
        deserialize_with = "crate::time::strict_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub ends_on: Option<NaiveDate>,
    /// The responses, in the order recorded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<CampaignResponse>,
}

/// Whether an attendee came.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::AttendeeStatus::NoShow).unwrap(), "\"no_show\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendeeStatus {
    /// Signed up.
    Registered,
    /// Came.
    Attended,
    /// Signed up and did not come.
    NoShow,
}

/// One person's place at an event.
///
/// # Example
/// ```
/// let a: callwise::Attendee = serde_json::from_str(r#"{"contact_id": "c-1", "status": "attended"}"#).unwrap();
/// assert_eq!(a.status, callwise::AttendeeStatus::Attended);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    /// The attendee.
    pub contact_id: ContactId,
    /// Registered, attended or no-show.
    pub status: AttendeeStatus,
}

/// An event: a conference, a reception, a webinar.
///
/// # Example
/// ```
/// let e: callwise::Event = serde_json::from_str(r#"{
///     "id": "ev-1", "name": "Annual Conference", "starts_at": "2026-10-05T13:00:00Z",
///     "ends_at": "2026-10-07T22:00:00Z", "time_zone": "America/Denver"
/// }"#).unwrap();
/// assert!(e.ends_at > e.starts_at);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The caller's id.
    pub id: EventId,
    /// Display name.
    pub name: String,
    /// Start instant.
    #[serde(deserialize_with = "crate::time::strict")]
    pub starts_at: DateTime<Utc>,
    /// End instant (not before the start).
    #[serde(deserialize_with = "crate::time::strict")]
    pub ends_at: DateTime<Utc>,
    /// The IANA zone the event is held in.
    pub time_zone: String,
    /// Who registered or came.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<Attendee>,
}

/// What a task asks for.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::TaskKind::FollowUp).unwrap(), "\"follow_up\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Make a call.
    Call,
    /// Send an e-mail.
    Email,
    /// Follow up on something promised.
    FollowUp,
    /// Hold a meeting.
    Meeting,
    /// Anything else.
    Other,
}

/// Where a task came from.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::TaskSource::WrapUp).unwrap(), "\"wrap_up\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskSource {
    /// Entered by hand.
    Manual,
    /// Carried over from a Daily Wrap Up.
    WrapUp,
    /// A cadence step.
    Cadence,
    /// A campaign follow-up.
    Campaign,
    /// Created by a hand-off.
    Handoff,
}

/// Whether a task is still to do.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::TaskStatus::Open).unwrap(), "\"open\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// To do.
    Open,
    /// Done.
    Done,
    /// Dropped.
    Cancelled,
}

/// A task or follow-up for a rep.
///
/// # Example
/// ```
/// let t: callwise::Task = serde_json::from_str(r#"{
///     "id": "t-1", "account_id": "acc-1", "rep_id": "rep-1", "kind": "call",
///     "source": "wrap_up", "status": "open", "created_at": "2026-11-23T22:00:00Z",
///     "due_on": "2026-11-24"
/// }"#).unwrap();
/// assert_eq!(t.status, callwise::TaskStatus::Open);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// The caller's id.
    pub id: TaskId,
    /// The account it concerns.
    pub account_id: AccountId,
    /// The contact it concerns, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    /// The rep it is assigned to.
    pub rep_id: RepId,
    /// What to do.
    pub kind: TaskKind,
    /// Where it came from.
    pub source: TaskSource,
    /// Open, done or cancelled.
    pub status: TaskStatus,
    /// When it was created.
    #[serde(deserialize_with = "crate::time::strict")]
    pub created_at: DateTime<Utc>,
    /// The day it is due (in the rep's calendar).
    #[serde(deserialize_with = "crate::time::strict")]
    pub due_on: NaiveDate,
    /// When it was completed, for done tasks.
    #[serde(
        default,
        deserialize_with = "crate::time::strict_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub completed_at: Option<DateTime<Utc>>,
}
