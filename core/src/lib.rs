//! # callwise
//!
//! Whom to call next and why. callwise models a sales or membership team's book of
//! business (accounts with shared, cross-division ownership and hand-offs, contacts,
//! opportunities, memberships, activities, campaigns, events and tasks), runs their
//! cadences and routines, answers "may I call this person now?", and scores which
//! members and customers are slipping away.
//!
//! The same core serves Rust services directly, Python analysts through PyO3 and Kotlin
//! apps through UniFFI; the bindings only convert types and errors.
//!
//! | module | what a user talks about |
//! | --- | --- |
//! | [`book`] | the book of business: records, JSON, validation, look-ups, the sample |
//! | [`call_list`] | the Next Day Call List and the Power Hour pool: whom to call, why, and when |
//! | [`calling`] | calling rules, local windows, business calendars |
//! | [`routine`] | recurring blocks (bookends, Power Hour, Crankathon), birthdays, renewals, zone rotation, iCalendar |
//! | [`team`] | the team at work: blitz pools, the leaderboard, the Daily Wrap Up, goals, the hand-off baton |
//! | [`cadence`] | multi-step outreach sequences and their enrollments |
//! | [`crm`] | loading a book from a CRM's CSV exports |
//! | [`retention`] | membership renewal and dormant-customer models |
//! | [`store`] | the durable store: a book and its event journal on SQLite, merged across devices |
//! | [`time`] | dates, instants, clock times and zones read strictly |
//! | [`design`], [`compare`] | why it is built this way, and how it stands beside the alternatives |
//! | [`interrupt`] | letting a caller stop long work (Ctrl-C in Python) |
//!
//! The crate root re-exports the book, its records and the calling rules, which nearly
//! every use needs; the rest is reached through its module.
//!
//! ```
//! use callwise::{sample_book, Book, SampleConfig};
//! let book = sample_book(&SampleConfig::new(7, 40)).unwrap();
//! let json = book.to_json();
//! let again = Book::from_json(&json).unwrap();
//! assert_eq!(again.to_json(), json);
//! println!("{}", again.summary().to_text());
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod book;
pub mod cadence;
pub mod call_list;
pub mod calling;
pub mod crm;
mod error;
pub mod interrupt;
pub mod retention;
pub mod routine;
pub mod store;
pub mod team;
pub mod time;

pub use book::JsonStyle;
pub use book::{
    Account, AccountId, AccountKind, AccountStatus, Activity, ActivityId, Attendee, AttendeeStatus,
    Birthday, Book, BookData, BookSummary, Campaign, CampaignId, CampaignResponse, Channel,
    Consent, Contact, ContactId, Direction, Division, DivisionId, Email, Event, EventId, Handoff,
    HandoffDirection, HandoffId, Lapse, MAX_SAMPLE_MEMBERS, Membership, MembershipId, Money,
    Opportunity, OpportunityId, OpportunityStage, Outcome, OwnerRole, Ownership, Phone, PhoneKind,
    Renewal, Rep, RepId, ResponseKind, SCHEMA_VERSION, SampleConfig, Task, TaskId, TaskKind,
    TaskSource, TaskStatus, Team, TeamId, sample_book,
};
pub use book::{
    AccountRef, ActivityRef, CampaignRef, ContactRef, EventRef, MembershipRef, OpportunityRef,
    OwnershipRef, TaskRef,
};
pub use book::{
    LostDealAges, MAX_SAMPLE_ACTIVITIES, MAX_SAMPLE_ACTIVITIES_PER_ACCOUNT, PlantedPurchases,
    PlantedRenewal, SAMPLE_LOST_DEAL_AGES, SAMPLE_PURCHASES, SAMPLE_RENEWAL,
};
pub use calling::{BlockRule, BusinessCalendar, CallingRules, LocalWindow, Verdict};
pub use error::{Error, Location, Problem, ProblemKind, RecordKind, Reference, Result};

/// Why callwise is the way it is: the project's `DESIGN.md`, the answers to the "why"
/// questions a newcomer asks, with a map of the code.
#[doc = include_str!("../../DESIGN.md")]
pub mod design {}

/// callwise beside the tools a team would otherwise reach for: the project's
/// `COMPARE.md`.
#[doc = include_str!("../../COMPARE.md")]
pub mod compare {}

/// The README's Rust quickstart, run as a doctest so it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
