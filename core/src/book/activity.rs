//! Activities: every call, e-mail, meeting and event touch logged against an account.

use crate::{AccountId, ActivityId, CampaignId, ContactId, OpportunityId, RepId};
use serde::{Deserialize, Serialize};

/// How a touch was made.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::Channel::Voicemail).unwrap(), "\"voicemail\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A phone call.
    Call,
    /// An e-mail.
    Email,
    /// A voicemail dropped or left.
    Voicemail,
    /// A text message.
    Text,
    /// A meeting, in person or online.
    Meeting,
    /// A webinar.
    Webinar,
    /// An event (conference, reception...).
    Event,
}

impl Channel {
    /// Every channel, in declaration order.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::Channel::ALL[0], callwise::Channel::Call);
    /// ```
    pub const ALL: [Channel; 7] = [
        Self::Call,
        Self::Email,
        Self::Voicemail,
        Self::Text,
        Self::Meeting,
        Self::Webinar,
        Self::Event,
    ];

    /// The snake-case name used in JSON and bindings.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::Channel::Voicemail.as_str(), "voicemail");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Email => "email",
            Self::Voicemail => "voicemail",
            Self::Text => "text",
            Self::Meeting => "meeting",
            Self::Webinar => "webinar",
            Self::Event => "event",
        }
    }
}

/// Who started the touch.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_string(&callwise::Direction::Inbound).unwrap(), "\"inbound\"");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The rep reached out.
    Outbound,
    /// The contact reached in.
    Inbound,
}

/// What came of a touch.
///
/// # Example
/// ```
/// let o: callwise::Outcome = serde_json::from_str("\"meeting_set\"").unwrap();
/// assert_eq!(o, callwise::Outcome::MeetingSet);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Spoke with the contact.
    Connected,
    /// Nobody answered.
    NoAnswer,
    /// A voicemail was left.
    LeftVoicemail,
    /// A meeting was booked.
    MeetingSet,
    /// A new opportunity came out of it.
    OpportunityUncovered,
    /// The contact is not interested.
    NotInterested,
    /// The number reached someone else.
    WrongNumber,
    /// The contact asked not to be contacted again.
    OptedOut,
}

/// One logged touch.
///
/// # Example
/// ```
/// let a: callwise::Activity = serde_json::from_str(r#"{
///     "id": "act-1", "account_id": "acc-1", "rep_id": "rep-1",
///     "at": "2026-03-08T14:30:00Z", "channel": "call", "direction": "outbound",
///     "outcome": "left_voicemail"
/// }"#).unwrap();
/// assert_eq!(a.outcome, Some(callwise::Outcome::LeftVoicemail));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// The caller's id.
    pub id: ActivityId,
    /// The account touched.
    pub account_id: AccountId,
    /// The contact touched, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    /// The rep who logged it (any division: it counts for every owner).
    pub rep_id: RepId,
    /// When it happened (an instant, UTC on the wire).
    #[serde(deserialize_with = "crate::time::strict")]
    pub at: chrono::DateTime<chrono::Utc>,
    /// Call, e-mail, voicemail, text, meeting, webinar or event.
    pub channel: Channel,
    /// Outbound or inbound.
    pub direction: Direction,
    /// What came of it, when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Length in seconds, for calls and meetings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u32>,
    /// The deal it advanced, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity_id: Option<OpportunityId>,
    /// The campaign it followed up, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<CampaignId>,
}

/// Whether a touch made this way counts against the calling caps: an outbound call or
/// voicemail.
pub(crate) fn counts_as_attempt(direction: Direction, channel: Channel) -> bool {
    direction == Direction::Outbound && matches!(channel, Channel::Call | Channel::Voicemail)
}

impl Activity {
    /// Whether it counts against the calling caps: an outbound call or voicemail.
    pub(crate) fn is_attempt(&self) -> bool {
        counts_as_attempt(self.direction, self.channel)
    }
}
