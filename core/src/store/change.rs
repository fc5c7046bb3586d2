//! The journal's events: what changed ([`Change`], one kind each), and the entry that
//! carries a change with its identity and its hybrid logical clock stamp ([`Entry`]).

use crate::cadence::{CadenceEvent, Enrollment};
use crate::team::{Goal, WrapUp};
use crate::{
    AccountId, Activity, Attendee, CampaignId, CampaignResponse, Channel, Consent, ContactId,
    Error, EventId, Handoff, HandoffId, RepId, Result, Task, TaskId,
};
use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, VariantAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// The latest wall time a stamp may carry: the last millisecond of the year 9999, the
/// last instant every binding reads.
pub const MAX_WALL_MS: u64 = 253_402_300_799_999;

/// The longest device id, in bytes.
const MAX_DEVICE_ID: usize = 64;

/// The identity of a journal event, which never changes: the device that recorded it,
/// and its sequence number on that device (from 1, without gaps).
///
/// Written `device/sequence` in messages (`tablet-7/42`).
///
/// # Example
/// ```
/// let id = callwise::store::EntryId::new("tablet-7", 42);
/// assert_eq!(id.to_string(), "tablet-7/42");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryId {
    /// The device that recorded the event.
    pub device: String,
    /// Its sequence number on that device, from 1.
    pub sequence: u64,
}

impl EntryId {
    /// The identity `device/sequence`.
    ///
    /// # Example
    /// See [`EntryId`].
    pub fn new(device: impl Into<String>, sequence: u64) -> Self {
        Self {
            device: device.into(),
            sequence,
        }
    }
}

impl fmt::Display for EntryId {
    /// `device/sequence`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.device, self.sequence)
    }
}

/// Checks a device id: 1 to 64 ASCII letters, digits, `.`, `_` or `-`, so that it can
/// be written in messages and file names as it is.
///
/// # Errors
/// [`Error::InvalidArgument`] named `device_id` otherwise.
pub(crate) fn check_device_id(device: &str) -> Result<()> {
    let fine = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if device.is_empty() || device.len() > MAX_DEVICE_ID || !device.chars().all(fine) {
        return Err(Error::invalid_argument(
            "device_id",
            format!(
                "{device:?} is not 1 to {MAX_DEVICE_ID} ASCII letters, digits, '.', '_' or '-'"
            ),
        ));
    }
    Ok(())
}

/// A hybrid logical clock stamp: the wall time in milliseconds since the Unix epoch,
/// and a counter that orders stamps within one millisecond.
///
/// A device stamps each event it records later than every stamp it has recorded or
/// received, even when its wall clock stands still or goes back ([`Hlc::tick`]), and
/// close to the wall time otherwise; so an event a device records after merging
/// another's is stamped after it, and the journal's one order (stamp, then device, then
/// sequence) never puts an effect before its cause.
///
/// # Example
/// ```
/// use callwise::store::Hlc;
/// let first = Hlc::default().tick(1_000);
/// assert_eq!(first, Hlc { wall_ms: 1_000, counter: 0 });
/// let same_ms = first.tick(1_000);
/// let clock_went_back = same_ms.tick(900);
/// assert!(first < same_ms && same_ms < clock_went_back);
/// assert_eq!(clock_went_back, Hlc { wall_ms: 1_000, counter: 2 });
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(deny_unknown_fields)]
pub struct Hlc {
    /// Milliseconds since 1970-01-01T00:00:00Z (at most [`MAX_WALL_MS`]).
    pub wall_ms: u64,
    /// Orders the stamps of one millisecond.
    pub counter: u32,
}

impl Hlc {
    /// The next stamp after `self` on a device whose wall clock reads `wall_ms`: the
    /// wall time when it is later, else `self`'s millisecond with the counter one up
    /// (the next millisecond when the counter is full).
    ///
    /// # Example
    /// See [`Hlc`].
    pub fn tick(self, wall_ms: u64) -> Self {
        if wall_ms > self.wall_ms {
            Self {
                wall_ms: wall_ms.min(MAX_WALL_MS),
                counter: 0,
            }
        } else if self.counter == u32::MAX {
            Self {
                wall_ms: self.wall_ms + 1,
                counter: 0,
            }
        } else {
            Self {
                wall_ms: self.wall_ms,
                counter: self.counter + 1,
            }
        }
    }

    /// The wall clock now, in milliseconds since the Unix epoch (0 before it).
    pub(crate) fn wall_now() -> u64 {
        u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0)
    }
}

/// Defines [`Change`] (serialised with its `kind` inside the object, as the journal
/// stores it) and, from the same list, the private [`ByKind`] that reads a change once
/// its kind is known. serde reads an internally tagged enum by buffering the whole
/// object first (its `Content`), which was most of the time a merge spent reading the
/// journal; [`Change`]'s `Deserialize` reads the `kind` and hands the rest of the
/// object straight to the kind's fields instead.
macro_rules! changes {
    (
        $(#[$meta:meta])*
        pub enum Change {
            $(
                $(#[$vmeta:meta])*
                $variant:ident {
                    $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum Change {
            $( $(#[$vmeta])* $variant { $( $(#[$fmeta])* $field: $ty ),* } ),*
        }

        /// [`Change`], read externally tagged: the kind given apart from the fields.
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case", deny_unknown_fields)]
        enum ByKind {
            $( $variant { $( $(#[$fmeta])* $field: $ty ),* } ),*
        }

        impl From<ByKind> for Change {
            fn from(change: ByKind) -> Self {
                match change {
                    $( ByKind::$variant { $($field),* } => Self::$variant { $($field),* } ),*
                }
            }
        }
    };
}

changes! {
    /// What happened: one event of the journal, by kind.
    ///
    /// Its JSON is an object with a `kind` and the kind's fields, for example
    /// `{"kind": "activity_logged", "activity": {...}}`; records inside are in the book's
    /// JSON shape. Each kind has its own rule for changing the book when the journal is
    /// replayed (see the [module](crate::store) and DESIGN.md), and the store refuses a
    /// change that breaks it when it is appended.
    ///
    /// # Example
    /// ```
    /// use callwise::store::Change;
    /// let change = Change::from_json(r#"{"kind": "do_not_call_requested",
    ///     "contact_id": "con-1", "at": "2026-11-03T15:00:00Z"}"#)?;
    /// assert_eq!(change.kind(), "do_not_call_requested");
    /// assert_eq!(Change::from_json(&change.to_json())?, change);
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub enum Change {
        /// An activity was logged: it joins the book's activities.
        ActivityLogged {
            /// The activity, in the book's JSON shape.
            activity: Activity,
        },
        /// A task was added: it joins the book's tasks.
        TaskAdded {
            /// The task, in the book's JSON shape.
            task: Task,
        },
        /// An open task was done: its status becomes `done`, completed at `at`.
        TaskCompleted {
            /// The task.
            task_id: TaskId,
            /// When it was done.
            #[serde(deserialize_with = "crate::time::strict")]
            at: DateTime<Utc>,
        },
        /// An open task was dropped: its status becomes `cancelled`.
        TaskCancelled {
            /// The task.
            task_id: TaskId,
            /// When it was dropped.
            #[serde(deserialize_with = "crate::time::strict")]
            at: DateTime<Utc>,
        },
        /// A contact responded to a campaign: the response joins the campaign's.
        CampaignResponseRecorded {
            /// The campaign.
            campaign_id: CampaignId,
            /// The response, in the book's JSON shape.
            response: CampaignResponse,
        },
        /// A contact registered for, came to or missed an event: they join its attendees,
        /// or their status there changes.
        EventAttendeeRecorded {
            /// The event (a conference, a webinar).
            event_id: EventId,
            /// The attendee and their status.
            attendee: Attendee,
        },
        /// A contact asked not to be called: they are on do-not-call from now until a
        /// [`Change::DoNotCallLifted`] that names this request.
        DoNotCallRequested {
            /// The contact.
            contact_id: ContactId,
            /// When they asked.
            #[serde(deserialize_with = "crate::time::strict")]
            at: DateTime<Utc>,
        },
        /// A contact may be called again: lifts the book's do-not-call flag and the
        /// requests named in `lifts`. A request it does not name (one made on another
        /// device meanwhile) keeps the contact on do-not-call.
        DoNotCallLifted {
            /// The contact.
            contact_id: ContactId,
            /// When.
            #[serde(deserialize_with = "crate::time::strict")]
            at: DateTime<Utc>,
            /// The requests lifted. Left out when appending, the store names every request
            /// it holds for the contact.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            lifts: Vec<EntryId>,
        },
        /// A contact's consent for a channel changed. `denied` is an opt-out, which holds
        /// until a later change names it in `lifts`; `granted` or `unknown` sets the
        /// consent and lifts the opt-outs it names (and the book's own denial).
        ConsentChanged {
            /// The contact.
            contact_id: ContactId,
            /// The channel.
            channel: Channel,
            /// The consent now.
            consent: Consent,
            /// When.
            #[serde(deserialize_with = "crate::time::strict")]
            at: DateTime<Utc>,
            /// The opt-outs (`denied` changes) lifted; only with `granted` or `unknown`.
            /// Left out when appending, the store names every opt-out it holds for the
            /// contact and channel.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            lifts: Vec<EntryId>,
        },
        /// A contact was enrolled in a cadence.
        CadenceEnrolled {
            /// The enrollment, in its JSON shape.
            enrollment: Enrollment,
        },
        /// Something happened to an enrollment (replayed through a playbook with
        /// `Playbook::replay`).
        CadenceEventRecorded {
            /// The enrollment.
            enrollment_id: String,
            /// The event, in its JSON shape.
            event: CadenceEvent,
        },
        /// A rep claimed an account of a blitz pool (a Power Hour, a Crankathon). Which
        /// of two claims on one account wins is decided by the authority's order, not the
        /// journal's (see [`ClaimOutcome`](crate::store::ClaimOutcome)).
        BlitzClaimed {
            /// The pool (the caller's id for one block of one team).
            pool_id: String,
            /// The account claimed.
            account_id: AccountId,
            /// The rep claiming it.
            rep_id: RepId,
            /// When.
            #[serde(deserialize_with = "crate::time::strict")]
            at: DateTime<Utc>,
            /// When the claim lapses by itself, if it does.
            #[serde(
                default,
                deserialize_with = "crate::time::strict_opt",
                skip_serializing_if = "Option::is_none"
            )]
            expires_at: Option<DateTime<Utc>>,
        },
        /// A rep gave back an account they claimed.
        BlitzReleased {
            /// The pool.
            pool_id: String,
            /// The account.
            account_id: AccountId,
            /// The rep releasing it.
            rep_id: RepId,
            /// When.
            #[serde(deserialize_with = "crate::time::strict")]
            at: DateTime<Utc>,
        },
        /// The account's baton holder proposed a hand-off: it joins the book's hand-offs,
        /// pending.
        HandoffProposed {
            /// The hand-off, without `accepted_at`.
            handoff: Handoff,
        },
        /// The receiver accepted a pending hand-off: they become the account's primary
        /// owner, and the previous one a co-owner.
        HandoffAccepted {
            /// The hand-off.
            handoff_id: HandoffId,
            /// The receiver.
            rep_id: RepId,
            /// When.
            #[serde(deserialize_with = "crate::time::strict")]
            at: DateTime<Utc>,
        },
        /// The receiver turned a pending hand-off down: it leaves the book (the journal
        /// keeps it), and the holder keeps the baton.
        HandoffRejected {
            /// The hand-off.
            handoff_id: HandoffId,
            /// The receiver.
            rep_id: RepId,
            /// When.
            #[serde(deserialize_with = "crate::time::strict")]
            at: DateTime<Utc>,
            /// Why.
            reason: String,
        },
        /// A rep filed their Daily Wrap Up: its follow-ups join the book's tasks, as
        /// [`WrapUp::file`] makes them (ids `{rep_id}-wrap-{day}-{n}`, each due on its
        /// day), and the wrap-up is kept ([`Store::wrap_ups`](crate::store::Store::wrap_ups)).
        /// A rep files one wrap-up a day: a second for the same rep and day is rejected.
        WrapUpFiled {
            /// The wrap-up, in its JSON shape (every follow-up with its due day).
            wrap_up: Box<WrapUp>,
            /// When it was filed.
            #[serde(deserialize_with = "crate::time::strict")]
            at: DateTime<Utc>,
        },
        /// A rep's or a team's goal for a period was set or changed: it replaces the goal
        /// of the same rep or team and period ([`Store::goals`](crate::store::Store::goals)).
        /// Of two changes made on two devices, the later in the journal's order stands.
        GoalSet {
            /// The goal, in its JSON shape.
            goal: Goal,
        },
    }
}

impl<'de> Deserialize<'de> for Change {
    /// An object with a `kind` and the kind's fields, no other. When `kind` comes
    /// first (as the journal and every exchange write it) the fields are read straight
    /// into the kind's; otherwise the object is gathered first.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_map(ChangeVisitor)
    }
}

/// Reads a [`Change`] from an object.
struct ChangeVisitor;

impl<'de> Visitor<'de> for ChangeVisitor {
    type Value = Change;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a change: an object with a kind")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Change, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Err(de::Error::missing_field("kind"));
        };
        if first == "kind" {
            let kind: String = map.next_value()?;
            return ByKind::deserialize(KindApart { kind, fields: map }).map(Change::from);
        }
        let mut fields = serde_json::Map::new();
        let mut key = Some(first);
        while let Some(name) = key {
            let value: serde_json::Value = map.next_value()?;
            if fields.contains_key(&name) {
                return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
            }
            fields.insert(name, value);
            key = map.next_key()?;
        }
        let kind = match fields.remove("kind") {
            Some(serde_json::Value::String(kind)) => kind,
            Some(_) => return Err(de::Error::custom("the kind is not a string")),
            None => return Err(de::Error::missing_field("kind")),
        };
        let tagged = serde_json::Value::Object([(kind, fields.into())].into_iter().collect());
        ByKind::deserialize(tagged)
            .map(Change::from)
            .map_err(de::Error::custom)
    }
}

/// A change's kind and the rest of its object (its fields), read as [`ByKind`], an
/// externally tagged enum, reads it: the kind names the variant, the fields fill it.
struct KindApart<A> {
    kind: String,
    fields: A,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for KindApart<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> std::result::Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map struct
        enum identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for KindApart<A> {
    type Error = A::Error;
    type Variant = Fields<A>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> std::result::Result<(V::Value, Fields<A>), A::Error> {
        let variant = seed.deserialize(de::value::StrDeserializer::<A::Error>::new(&self.kind))?;
        Ok((variant, Fields(self.fields)))
    }
}

/// The fields of a change: every kind is a struct variant.
struct Fields<A>(A);

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for Fields<A> {
    type Error = A::Error;

    fn unit_variant(self) -> std::result::Result<(), A::Error> {
        Err(de::Error::custom("every kind of change has fields"))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        _seed: T,
    ) -> std::result::Result<T::Value, A::Error> {
        Err(de::Error::custom("every kind of change has named fields"))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> std::result::Result<V::Value, A::Error> {
        Err(de::Error::custom("every kind of change has named fields"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> std::result::Result<V::Value, A::Error> {
        visitor.visit_map(self.0)
    }
}

impl Change {
    /// The kind's name, as in the JSON's `kind`.
    ///
    /// # Example
    /// See [`Change`].
    pub fn kind(&self) -> &'static str {
        match self {
            Self::ActivityLogged { .. } => "activity_logged",
            Self::TaskAdded { .. } => "task_added",
            Self::TaskCompleted { .. } => "task_completed",
            Self::TaskCancelled { .. } => "task_cancelled",
            Self::CampaignResponseRecorded { .. } => "campaign_response_recorded",
            Self::EventAttendeeRecorded { .. } => "event_attendee_recorded",
            Self::DoNotCallRequested { .. } => "do_not_call_requested",
            Self::DoNotCallLifted { .. } => "do_not_call_lifted",
            Self::ConsentChanged { .. } => "consent_changed",
            Self::CadenceEnrolled { .. } => "cadence_enrolled",
            Self::CadenceEventRecorded { .. } => "cadence_event_recorded",
            Self::BlitzClaimed { .. } => "blitz_claimed",
            Self::BlitzReleased { .. } => "blitz_released",
            Self::HandoffProposed { .. } => "handoff_proposed",
            Self::HandoffAccepted { .. } => "handoff_accepted",
            Self::HandoffRejected { .. } => "handoff_rejected",
            Self::WrapUpFiled { .. } => "wrap_up_filed",
            Self::GoalSet { .. } => "goal_set",
        }
    }

    /// A change from its JSON form.
    ///
    /// # Errors
    /// [`Error::Json`] when the text is not JSON of a change's shape (an unknown kind or
    /// field included).
    ///
    /// # Example
    /// See [`Change`].
    pub fn from_json(json: &str) -> Result<Self> {
        crate::book::from_json(json, "change")
    }

    /// The change as compact JSON, as the journal stores it.
    ///
    /// # Example
    /// See [`Change`].
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a change always serialises")
    }

    /// Whether the change is a blitz claim or release (decided by the authority's
    /// order, not replayed into the book).
    pub(crate) fn is_claim(&self) -> bool {
        matches!(self, Self::BlitzClaimed { .. } | Self::BlitzReleased { .. })
    }
}

/// One event of the journal: a change with its identity, its stamp and, once the
/// authority (the server's store) has received it, the authority's sequence number.
///
/// Replay applies entries in one total order: stamp, then device, then sequence
/// ([`Entry::order`]).
///
/// # Example
/// ```
/// use callwise::store::{Change, Entry, EntryId, Hlc};
/// let entry = Entry {
///     id: EntryId::new("tablet-7", 1),
///     clock: Hlc { wall_ms: 1_790_000_000_000, counter: 0 },
///     authority_sequence: None,
///     change: Change::from_json(r#"{"kind": "task_completed", "task_id": "t-1", "at": "2026-09-21T14:00:00Z"}"#)?,
/// };
/// let json = serde_json::to_string(&entry).unwrap();
/// assert!(json.starts_with(r#"{"id":{"device":"tablet-7","sequence":1},"clock""#));
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Its identity.
    pub id: EntryId,
    /// Its hybrid logical clock stamp.
    pub clock: Hlc,
    /// Its place in the authority's order, once the authority has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority_sequence: Option<u64>,
    /// What changed.
    pub change: Change,
}

/// An entry's place in the journal's total order.
pub(crate) type OrderKey = (Hlc, String, u64);

impl Entry {
    /// The entry's place in the journal's one total order: stamp, then device, then
    /// sequence. Every store replays in this order, so the same entries give the same
    /// book whichever store holds them.
    ///
    /// # Example
    /// ```
    /// use callwise::store::{Change, Entry, EntryId, Hlc};
    /// let change = Change::from_json(r#"{"kind": "task_cancelled", "task_id": "t", "at": "2026-09-21T14:00:00Z"}"#)?;
    /// let at = |device: &str, wall_ms| Entry { id: EntryId::new(device, 1),
    ///     clock: Hlc { wall_ms, counter: 0 }, authority_sequence: None, change: change.clone() };
    /// assert!(at("b", 5).order() < at("a", 6).order()); // the stamp first
    /// assert!(at("a", 5).order() < at("b", 5).order()); // then the device
    /// # Ok::<(), callwise::Error>(())
    /// ```
    pub fn order(&self) -> (Hlc, &str, u64) {
        (self.clock, self.id.device.as_str(), self.id.sequence)
    }

    /// [`Entry::order`], owned.
    pub(crate) fn order_key(&self) -> OrderKey {
        (self.clock, self.id.device.clone(), self.id.sequence)
    }

    /// Checks what the entry itself must hold, whatever the book: a valid device id, a
    /// sequence from 1, a stamp within the years every binding reads.
    pub(crate) fn check_identity(&self) -> std::result::Result<(), String> {
        check_device_id(&self.id.device).map_err(|e| e.to_string())?;
        if self.id.sequence == 0 || i64::try_from(self.id.sequence).is_err() {
            return Err(format!(
                "sequence {} is outside 1 to 2^63-1",
                self.id.sequence
            ));
        }
        if self.clock.wall_ms > MAX_WALL_MS {
            return Err(format!(
                "stamp {} ms is after the year 9999",
                self.clock.wall_ms
            ));
        }
        if self
            .authority_sequence
            .is_some_and(|s| s == 0 || i64::try_from(s).is_err())
        {
            return Err("authority_sequence is outside 1 to 2^63-1".to_owned());
        }
        Ok(())
    }
}
