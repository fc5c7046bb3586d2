//! # callwise
//!
//! Whom to call next and why. callwise models a sales or membership team's book of
//! business (accounts with shared, cross-division ownership and hand-offs, contacts,
//! opportunities, memberships, activities, campaigns, events and tasks) and, in later
//! modules, runs their cadences, builds their call lists and scores which members and
//! customers are slipping away.
//!
//! The same core serves Rust services directly, Python analysts through PyO3 and Kotlin
//! apps through UniFFI; the bindings only convert types and errors.
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

mod account;
mod activity;
mod book;
pub mod cadence;
mod calendar;
mod contact;
pub mod crm;
mod date;
mod engagement;
mod error;
mod id;
mod index;
mod membership;
mod money;
mod opportunity;
mod org;
pub mod retention;
pub mod routine;
mod rules;
mod sample;
mod summary;
mod validate;
mod zone;

pub use account::{Account, AccountKind, AccountStatus, OwnerRole, Ownership};
pub use activity::{Activity, Channel, Direction, Outcome};
pub use book::{Book, BookData, SCHEMA_VERSION};
pub use calendar::{BusinessCalendar, HolidayRule, Observance};
pub use contact::{Birthday, Consent, Contact, Email, Phone, PhoneKind};
pub use date::{instant_from_unix, parse_date, parse_dates};
pub use engagement::{
    Attendee, AttendeeStatus, Campaign, CampaignResponse, Event, ResponseKind, Task, TaskKind,
    TaskSource, TaskStatus,
};
pub use error::{Error, Problem, ProblemKind, RecordKind, Result};
pub use id::{
    AccountId, ActivityId, CampaignId, ContactId, DivisionId, EventId, HandoffId, MembershipId,
    OpportunityId, RepId, TaskId, TeamId,
};
pub use membership::{Lapse, Membership, Renewal};
pub use money::Money;
pub use opportunity::{Opportunity, OpportunityStage};
pub use org::{Division, Handoff, HandoffDirection, Rep, Team};
pub use rules::{BlockRule, CallingRules, RegionRule, UnknownZonePolicy, Verdict};
pub use sample::{MAX_SAMPLE_MEMBERS, SampleConfig, sample_book};
pub use summary::BookSummary;
pub use zone::{LocalWindow, parse_clock, parse_local_date_time, parse_time_zone};

/// The README's Rust quickstart, run as a doctest so it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
