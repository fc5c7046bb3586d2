//! A seeded, deterministic sample book: an association with sales, membership and
//! operations staff, members, prospects and customers across the US time zones, and
//! nearly three years of activity, with effects planted that the retention models can
//! find again.
//!
//! # What is planted
//!
//! - **Members lapse for reasons.** Each member has an engagement level (how often the
//!   association is in touch), a taste for events and a habit of paying on time or
//!   late. At every term end inside the history, the member renews with the probability
//!   [`SAMPLE_RENEWAL`] gives from the features the renewal model reads (see
//!   [`crate::retention::RENEWAL_FEATURES`]), computed the same way and on the same day
//!   (two months before the term ends): members who paid late before, skipped events,
//!   had fewer calls that reached them, or have not been contacted in months lapse more
//!   often. A lapse ends the membership.
//! - **Customers buy by a BG/NBD process.** Each customer's closed-won deals are
//!   purchases: the first on the day the customer was won, then repeat purchases at a
//!   rate drawn from Gamma(r, α) per week, the customer dropping out after each repeat
//!   purchase with a probability drawn from Beta(a, b), with the parameters of
//!   [`SAMPLE_PURCHASES`]. Customers whose last purchase is over a year old are
//!   `dormant`.
//! - **Old no's come due at contract anniversaries.** Deals lost to a competitor closed
//!   at the ages [`SAMPLE_LOST_DEAL_AGES`] states (competitors sign one- and two-year
//!   contracts).
//!
//! # How it is made
//!
//! Every account draws from its own SplitMix64 stream, seeded from the book's seed and
//! the account's number, so the book does not depend on how many threads make it:
//! accounts are made in chunks on rayon's threads and added to the book's columns in
//! account order while the next chunks are made. Contacts are numbered across the book
//! (`con-0000001`, ...); an account's other records carry its number (`act-0000001-001`
//! is the first activity of `acc-0000001`). The generator uses its own streams rather
//! than a `rand` generator, so the same seed gives the same book on every platform and
//! with every dependency version: the shared conformance fixture depends on it.

use super::store::activities::{Row, how};
use super::store::codes::micros;
use super::store::strings::NONE;
use super::store::{Store, columns};
use crate::error::{Error, Result};
use crate::*;
use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;

/// What sample book to make.
///
/// # Example
/// ```
/// let config = callwise::SampleConfig::new(42, 100);
/// assert_eq!(config.as_of, "2026-11-01".parse().unwrap());
/// let book = callwise::sample_book(&config).unwrap();
/// assert_eq!(book.summary().accounts_by_kind[&callwise::AccountKind::Member], 100);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleConfig {
    /// The seed: the same seed and sizes give the same book, byte for byte.
    pub seed: u64,
    /// How many member accounts (prospects, customers and partners are added in
    /// proportion: one prospect per two members, one customer per five, one partner per
    /// fifty).
    pub members: u32,
    /// About how many activities in all; `None` for the sample's natural rate (about six
    /// an account). Each account's share follows its kind and engagement; lapsed
    /// members lose theirs after the lapse and dormant customers go quiet, so the count
    /// made runs up to about fifteen percent short of the one asked for. An account
    /// holds at most [`MAX_SAMPLE_ACTIVITIES_PER_ACCOUNT`].
    pub activities: Option<u64>,
    /// The day the book is "as of": history lies before it, renewals and open tasks
    /// around it.
    pub as_of: NaiveDate,
}

/// The most members [`sample_book`] makes in one book: one million (1.72 million
/// accounts), the size the library is measured at.
///
/// # Example
/// ```
/// use callwise::{sample_book, SampleConfig, MAX_SAMPLE_MEMBERS};
/// let too_many = SampleConfig::new(7, MAX_SAMPLE_MEMBERS + 1);
/// assert!(matches!(sample_book(&too_many), Err(callwise::Error::InvalidArgument { name: "members", .. })));
/// ```
pub const MAX_SAMPLE_MEMBERS: u32 = 1_000_000;

/// The most activities [`sample_book`] makes in one book: fifty million, a book of
/// about 2.5 GB in memory.
///
/// # Example
/// ```
/// use callwise::{sample_book, SampleConfig, MAX_SAMPLE_ACTIVITIES};
/// let config = SampleConfig { activities: Some(MAX_SAMPLE_ACTIVITIES + 1), ..SampleConfig::new(7, 10) };
/// assert!(matches!(sample_book(&config), Err(callwise::Error::InvalidArgument { name: "activities", .. })));
/// ```
pub const MAX_SAMPLE_ACTIVITIES: u64 = 50_000_000;

/// The most activities one sample account holds, whatever the total asked for.
///
/// # Example
/// ```
/// use callwise::{sample_book, SampleConfig, MAX_SAMPLE_ACTIVITIES_PER_ACCOUNT};
/// // Two accounts cannot hold a million activities: each stops at the limit.
/// let config = SampleConfig { activities: Some(1_000_000), ..SampleConfig::new(7, 1) };
/// let book = sample_book(&config).unwrap();
/// assert!(book.accounts().all(|a| book.activities_of(a.id()).count() <= MAX_SAMPLE_ACTIVITIES_PER_ACCOUNT as usize));
/// ```
pub const MAX_SAMPLE_ACTIVITIES_PER_ACCOUNT: u32 = 999;

/// The planted renewal model: a member renews a term with probability
/// `1 / (1 + exp(-(intercept + Σ weight × feature)))`, the features being
/// [`crate::retention::RENEWAL_FEATURES`] taken two months before the term ends, in
/// that order (events attended, calls connected, days since last contact, dues paid
/// late, tenure in years). Tenure plays no part.
///
/// # Example
/// ```
/// use callwise::SAMPLE_RENEWAL;
/// // Paying late and going quiet count against renewing; events and calls for it.
/// assert!(SAMPLE_RENEWAL.weights[3] < 0.0 && SAMPLE_RENEWAL.weights[2] < 0.0);
/// assert!(SAMPLE_RENEWAL.weights[0] > 0.0 && SAMPLE_RENEWAL.weights[1] > 0.0);
/// ```
pub const SAMPLE_RENEWAL: PlantedRenewal = PlantedRenewal {
    intercept: 3.0,
    weights: [0.45, 0.2, -0.008, -1.1, 0.0],
};

/// The planted renewal model's coefficients (see [`SAMPLE_RENEWAL`]).
///
/// # Example
/// See [`SAMPLE_RENEWAL`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlantedRenewal {
    /// The log-odds of renewing when every feature is zero.
    pub intercept: f64,
    /// The change in log-odds per unit of each feature, in
    /// [`crate::retention::RENEWAL_FEATURES`] order.
    pub weights: [f64; 5],
}

/// The planted purchase process of the sample's customers: BG/NBD with these
/// parameters, time in weeks (those Fader, Hardie and Lee fitted to CDNOW).
///
/// # Example
/// ```
/// let p = callwise::SAMPLE_PURCHASES;
/// // A customer buys about r / alpha times a week while active.
/// assert!((p.r / p.alpha - 0.055).abs() < 0.001);
/// ```
pub const SAMPLE_PURCHASES: PlantedPurchases = PlantedPurchases {
    r: 0.243,
    alpha: 4.414,
    a: 0.793,
    b: 2.426,
};

/// BG/NBD parameters (see [`SAMPLE_PURCHASES`]).
///
/// # Example
/// See [`SAMPLE_PURCHASES`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlantedPurchases {
    /// Shape of the Gamma distribution of purchase rates.
    pub r: f64,
    /// Scale (in weeks) of the Gamma distribution of purchase rates.
    pub alpha: f64,
    /// First shape of the Beta distribution of drop-out probabilities.
    pub a: f64,
    /// Second shape of the Beta distribution of drop-out probabilities.
    pub b: f64,
}

/// The ages, in days before the book's `as_of` day, at which deals lost to a competitor
/// closed: each within `spread` days of one of the `days` (a competitor's one- or
/// two-year contract coming up for renewal).
///
/// # Example
/// ```
/// use callwise::{sample_book, SampleConfig, SAMPLE_LOST_DEAL_AGES};
/// let config = SampleConfig::new(7, 200);
/// let book = sample_book(&config).unwrap();
/// for deal in book.opportunities().filter(|o| o.lost_to().is_some()) {
///     let age = (config.as_of - deal.closed_on().unwrap()).num_days();
///     assert!(SAMPLE_LOST_DEAL_AGES.days.iter().any(|d| (age - i64::from(*d)).abs() <= i64::from(SAMPLE_LOST_DEAL_AGES.spread)));
/// }
/// ```
pub const SAMPLE_LOST_DEAL_AGES: LostDealAges = LostDealAges {
    days: [365, 730],
    spread: 21,
};

/// Where lost deals cluster (see [`SAMPLE_LOST_DEAL_AGES`]).
///
/// # Example
/// See [`SAMPLE_LOST_DEAL_AGES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LostDealAges {
    /// The ages the losses cluster at, in days.
    pub days: [u32; 2],
    /// How far from one of them a loss may be, in days.
    pub spread: u32,
}

impl Default for SampleConfig {
    /// Seed 7, 1,000 members, as of 1 November 2026: the sample the bindings make when
    /// a caller names no seed, size or day.
    ///
    /// # Example
    /// ```
    /// use callwise::{sample_book, SampleConfig};
    /// let small = SampleConfig { members: 10, ..SampleConfig::default() };
    /// let book = sample_book(&small).unwrap();
    /// assert_eq!(book.summary().accounts_by_kind[&callwise::AccountKind::Member], 10);
    /// ```
    fn default() -> Self {
        Self::new(7, 1000)
    }
}

impl SampleConfig {
    /// A config as of 1 November 2026, with the natural number of activities.
    ///
    /// # Example
    /// See [`SampleConfig`].
    pub fn new(seed: u64, members: u32) -> Self {
        Self {
            seed,
            members,
            activities: None,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 1).expect("a real date"),
        }
    }
}

/// SplitMix64's output function: scrambles a 64-bit value.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64: tiny, fast, and fixed forever.
struct Rng(u64);

impl Rng {
    /// The stream `tag` of record `n` of a book made with `seed`.
    fn stream(seed: u64, n: u64, tag: u64) -> Self {
        Rng(mix(seed ^ 0x00C0_FFEE_CA11_5EED) ^ mix(n.wrapping_mul(8).wrapping_add(tag)))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    /// Uniform in `0..n` (0 when n is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
    fn range(&mut self, lo: u64, hi_inclusive: u64) -> u64 {
        lo + self.below(hi_inclusive - lo + 1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut roll = self.below(weights.iter().sum());
        for (i, &w) in weights.iter().enumerate() {
            if roll < w {
                return i;
            }
            roll -= w;
        }
        weights.len() - 1
    }
    /// Uniform in (0, 1].
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) + 1) as f64 / (1u64 << 53) as f64
    }
    /// True with probability `p`.
    fn bernoulli(&mut self, p: f64) -> bool {
        self.unit() <= p
    }
    /// Exponential with mean 1.
    fn exponential(&mut self) -> f64 {
        -self.unit().ln()
    }
    /// Standard normal (Box-Muller).
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit(), self.unit());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
    /// Gamma with this shape and scale 1 (Marsaglia and Tsang; shapes below one by
    /// their boost).
    fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            return self.gamma(shape + 1.0) * self.unit().powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        // Accepts with probability above 95% a try; bounded so no stream can loop.
        for _ in 0..1000 {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v > 0.0 && self.unit().ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
        shape
    }
    /// Beta(a, b).
    fn beta(&mut self, a: f64, b: f64) -> f64 {
        let x = self.gamma(a);
        let y = self.gamma(b);
        if x + y > 0.0 { x / (x + y) } else { 0.5 }
    }
}

/// US zones with a region name, a weight and area codes for fictional numbers.
const ZONES: [(&str, &str, u64, &[u16]); 7] = [
    ("America/New_York", "east", 34, &[212, 617, 404, 305]),
    ("America/Chicago", "central", 24, &[312, 214, 612]),
    ("America/Denver", "mountain", 7, &[303, 801]),
    ("America/Phoenix", "arizona", 5, &[602, 520]),
    ("America/Los_Angeles", "west", 20, &[213, 415, 206]),
    ("America/Anchorage", "alaska", 3, &[907]),
    ("Pacific/Honolulu", "hawaii", 7, &[808]),
];
const FIRST: [&str; 16] = [
    "Avery", "Blake", "Casey", "Dana", "Elliot", "Frankie", "Gray", "Harper", "Indy", "Jordan",
    "Kai", "Logan", "Morgan", "Noel", "Parker", "Quinn",
];
const LAST: [&str; 16] = [
    "Abbott", "Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen",
    "Kowalski", "Lopez", "Murphy", "Nguyen", "Okafor", "Patel",
];
const ORG_A: [&str; 8] = [
    "Summit", "Harbor", "Prairie", "Canyon", "Lakeside", "Redwood", "Granite", "Coastal",
];
const ORG_B: [&str; 8] = [
    "Dental",
    "Family Practice",
    "Orthodontics",
    "Pediatrics",
    "Clinic",
    "Health",
    "Vision",
    "Therapy",
];
const ORG_C: [&str; 4] = ["Group", "Associates", "Partners", "LLC"];
const TIERS: [(&str, i64, u64); 4] = [
    ("Basic", 25_000, 40),
    ("Professional", 45_000, 35),
    ("Gold", 120_000, 18),
    ("Corporate", 500_000, 7),
];
const COMPETITORS: [&str; 3] = ["Rival Co", "Northwind Associates", "Contoso Events"];
const DIVISIONS: [(&str, &str, OwnerRole); 3] = [
    ("div-sales", "Sales", OwnerRole::Sales),
    ("div-membership", "Membership", OwnerRole::Service),
    ("div-operations", "Operations", OwnerRole::Operations),
];
/// Days of history before `as_of`.
const HISTORY_DAYS: u64 = 1000;
/// Accounts one thread makes in one piece of work.
const CHUNK: u64 = 2048;
/// Pieces of work made at once: bounds the records waiting to be added to the book.
const WAVE: usize = 8;
/// The length of an activity's id (`act-0000004-001`).
const ACTIVITY_ID_LEN: usize = 15;
/// The average activities of a member, prospect, customer and partner at the natural
/// rate.
const NATURAL_ACTIVITIES: [f64; 4] = [6.0, 4.0, 10.0, 5.0];
/// The account kinds in book order, with how many of each per member count `m`.
const KIND_ORDER: [AccountKind; 4] = [
    AccountKind::Member,
    AccountKind::Prospect,
    AccountKind::Customer,
    AccountKind::Partner,
];
/// Days a payment may come after the term ended and still count as a renewal: the
/// generator leaves terms that ended more recently undecided.
const GRACE_DAYS: u64 = 20;
/// How long before a term ends its renewal is decided (the renewal model's lead).
const DECIDED_DAYS_BEFORE: u64 = 60;

fn usd(minor: i64) -> Money {
    Money::new(minor, "USD")
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

fn sub_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(d)
}

/// The UTC instant of a local wall-clock time; a time in a spring-forward gap moves an
/// hour later.
fn instant(zone: Tz, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default();
    let local = day.and_time(time);
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| local.and_utc())
}

/// Makes a sample book, with the effects of [`SAMPLE_RENEWAL`], [`SAMPLE_PURCHASES`] and
/// [`SAMPLE_LOST_DEAL_AGES`] planted in it.
///
/// # Errors
/// [`Error::InvalidArgument`] when `config.members` exceeds [`MAX_SAMPLE_MEMBERS`],
/// `config.activities` exceeds [`MAX_SAMPLE_ACTIVITIES`], or `config.as_of` is outside
/// the years 1900 to 9999.
///
/// # Example
/// ```
/// use callwise::{sample_book, SampleConfig};
/// let a = sample_book(&SampleConfig::new(3, 50)).unwrap();
/// let b = sample_book(&SampleConfig::new(3, 50)).unwrap();
/// assert_eq!(a.to_json(), b.to_json());
/// assert!(a.summary().leap_day_birthdays >= 1);
/// assert!(a.summary().do_not_call_contacts >= 1);
/// // About as many activities as asked for.
/// let busy = sample_book(&SampleConfig { activities: Some(5_000), ..SampleConfig::new(3, 50) }).unwrap();
/// assert!((4_500..5_500).contains(&busy.activities().len()));
/// assert!(sample_book(&SampleConfig::new(3, 2_000_000)).is_err());
/// let far = SampleConfig { as_of: chrono::NaiveDate::MAX, ..SampleConfig::new(3, 5) };
/// assert!(matches!(sample_book(&far), Err(callwise::Error::InvalidArgument { name: "as_of", .. })));
/// ```
pub fn sample_book(config: &SampleConfig) -> Result<Book> {
    if config.members > MAX_SAMPLE_MEMBERS {
        return Err(Error::invalid_argument(
            "members",
            format!(
                "{} is more than the {MAX_SAMPLE_MEMBERS} a sample book holds",
                config.members
            ),
        ));
    }
    if let Some(n) = config.activities
        && n > MAX_SAMPLE_ACTIVITIES
    {
        return Err(Error::invalid_argument(
            "activities",
            format!("{n} is more than the {MAX_SAMPLE_ACTIVITIES} a sample book holds"),
        ));
    }
    if !(1900..=9999).contains(&config.as_of.year()) {
        return Err(Error::invalid_argument(
            "as_of",
            format!("{} is outside the years 1900 to 9999", config.as_of),
        ));
    }
    let plan = Plan::new(config);
    let mut store = Store::new();
    // Room for about the activities to come (a little more or less is made): columns
    // that grow by doubling would hold up to twice the room at the peak.
    store.reserve_activities(plan.expected_activities(), ACTIVITY_ID_LEN);
    plan.push_fixed(&mut store)?;
    let pieces: Vec<std::ops::Range<u64>> = (0..plan.accounts.div_ceil(CHUNK))
        .map(|c| c * CHUNK..((c + 1) * CHUNK).min(plan.accounts))
        .collect();
    // Each wave is made on rayon's threads while the one before is added to the store.
    let mut made: Vec<Part> = Vec::new();
    for wave in pieces.chunks(WAVE) {
        let ready = std::mem::take(&mut made);
        let (added, next) = rayon::join(
            || {
                ready
                    .into_iter()
                    .try_for_each(|part| part.add_to(&mut store))
            },
            || wave.par_iter().map(|r| plan.part(r.clone())).collect(),
        );
        added?;
        made = next;
    }
    made.into_iter()
        .try_for_each(|part| part.add_to(&mut store))?;
    Book::from_store(store)
}

/// The records one piece of work made, to be added in this order.
#[derive(Default)]
struct Part {
    accounts: Vec<Account>,
    contacts: Vec<Contact>,
    opportunities: Vec<Opportunity>,
    memberships: Vec<Membership>,
    /// Activities as the store's rows (references as numbers, the opportunity's counted
    /// from the part's first), with their number in their account.
    activities: Vec<(u16, Row)>,
    tasks: Vec<Task>,
    handoffs: Vec<Handoff>,
    /// Campaign responses: the campaign's position, the response.
    responses: Vec<(u32, CampaignResponse)>,
    /// Event attendees: the event's position, the attendee.
    attendees: Vec<(u32, Attendee)>,
}

impl Part {
    fn add_to(self, store: &mut Store) -> Result<()> {
        for x in self.accounts {
            store.push_account(x)?;
        }
        for x in self.contacts {
            store.push_contact(x)?;
        }
        let first_opportunity = store.count(RecordKind::Opportunity) as u32;
        for x in self.opportunities {
            store.push_opportunity(x)?;
        }
        for x in self.memberships {
            store.push_membership(x)?;
        }
        let mut id = String::new();
        for (k, mut row) in self.activities {
            if row.opportunity != NONE {
                row.opportunity += first_opportunity;
            }
            id.clear();
            id.push_str("act-");
            push_padded(&mut id, u64::from(row.account) + 1, 7);
            id.push('-');
            push_padded(&mut id, u64::from(k), 3);
            store.push_activity_row(&id, row)?;
        }
        for x in self.tasks {
            store.push_task(x)?;
        }
        for x in self.handoffs {
            store.push_handoff(x)?;
        }
        for (campaign, x) in &self.responses {
            columns::push_response(store, *campaign, x)?;
        }
        for (event, x) in &self.attendees {
            columns::push_attendee(store, *event, x)?;
        }
        Ok(())
    }
}

/// Appends `n` in decimal, zero-padded to at least `width` digits: what
/// `write!(out, "{n:0width$}")` writes, without the formatting machinery (thirty
/// million activity ids are written while the store is filled, on one thread).
fn push_padded(out: &mut String, n: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut rest = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for _ in digits.len() - i..width {
        out.push('0');
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

/// Rep ids by division position in [`DIVISIONS`].
struct Staff {
    divisions: Vec<Division>,
    teams: Vec<Team>,
    reps: Vec<Rep>,
    by_division: [Vec<RepId>; 3],
    /// Each rep's position in `reps` (its number in the book).
    numbers: std::collections::HashMap<RepId, u32>,
}

impl Staff {
    fn new(r: &mut Rng, members: u64) -> Self {
        let counts = [
            (members / 400).max(2),
            (members / 300).max(2),
            (members / 1000).max(1),
        ];
        let mut staff = Staff {
            divisions: Vec::new(),
            teams: Vec::new(),
            reps: Vec::new(),
            by_division: Default::default(),
            numbers: Default::default(),
        };
        for (d, &(div, div_name, role)) in DIVISIONS.iter().enumerate() {
            staff.divisions.push(Division {
                id: div.into(),
                name: div_name.into(),
            });
            for n in 0..counts[d] {
                let team_no = n / 8 + 1;
                let team_id = TeamId::new(format!("team-{}-{team_no}", &div[4..]));
                if n % 8 == 0 {
                    staff.teams.push(Team {
                        id: team_id.clone(),
                        name: format!("{div_name} {team_no}"),
                        division_id: div.into(),
                    });
                }
                let id = RepId::new(format!("rep-{}-{:04}", &div[4..], n + 1));
                let zone = ZONES[zone(r)].0;
                let name = format!("{} {}", r.pick(&FIRST), r.pick(&LAST));
                staff.reps.push(Rep {
                    id: id.clone(),
                    name,
                    role,
                    division_id: div.into(),
                    team_id: Some(team_id),
                    time_zone: zone.into(),
                });
                staff
                    .numbers
                    .insert(id.clone(), staff.reps.len() as u32 - 1);
                staff.by_division[d].push(id);
            }
        }
        staff
    }

    fn owner(&self, r: &mut Rng, division: usize) -> Ownership {
        let (div, _, role) = DIVISIONS[division];
        Ownership::new(r.pick(&self.by_division[division]).clone(), role, div)
    }
}

fn zone(r: &mut Rng) -> usize {
    let weights: Vec<u64> = ZONES.iter().map(|z| z.2).collect();
    r.weighted(&weights)
}

/// What every piece of work shares: the sizes, the staff, the campaigns and events.
struct Plan {
    seed: u64,
    as_of: NaiveDate,
    start: NaiveDate,
    accounts: u64,
    /// The first account number of each kind in [`KIND_ORDER`], and one past the last.
    kind_starts: [u64; 5],
    staff: Staff,
    /// Each account's first contact number, and the number of contacts at the end.
    first_contact: Vec<u64>,
    /// Activities per account of each kind in [`KIND_ORDER`], on average.
    activity_mean: [f64; 4],
    campaigns: Vec<Campaign>,
    events: Vec<Event>,
}

impl Plan {
    fn new(config: &SampleConfig) -> Self {
        let m = u64::from(config.members);
        let counts = [m, m / 2, m / 5, (m / 50).max(1)];
        let mut kind_starts = [0; 5];
        for (i, c) in counts.iter().enumerate() {
            kind_starts[i + 1] = kind_starts[i] + c;
        }
        let accounts = kind_starts[4];
        let natural: f64 = counts
            .iter()
            .zip(NATURAL_ACTIVITIES)
            .map(|(&c, a)| c as f64 * a)
            .sum();
        let scale = config.activities.map_or(1.0, |n| n as f64 / natural);
        let mut first_contact = Vec::with_capacity(accounts as usize + 1);
        let mut next = 0;
        for n in 0..accounts {
            first_contact.push(next);
            next += 1 + Rng::stream(config.seed, n, 1).below(3);
        }
        first_contact.push(next);
        let start = sub_days(config.as_of, HISTORY_DAYS);
        let mut plan = Plan {
            seed: config.seed,
            as_of: config.as_of,
            start,
            accounts,
            kind_starts,
            staff: Staff::new(&mut Rng::stream(config.seed, u64::MAX, 2), m),
            first_contact,
            activity_mean: NATURAL_ACTIVITIES.map(|a| a * scale),
            campaigns: Vec::new(),
            events: Vec::new(),
        };
        plan.campaigns_and_events();
        plan
    }

    /// About how many activities the plan makes in all.
    fn expected_activities(&self) -> usize {
        let means = self.activity_mean.iter();
        let counts = self.kind_starts.windows(2).map(|w| (w[1] - w[0]) as f64);
        counts.zip(means).map(|(c, m)| c * m).sum::<f64>() as usize
    }

    fn push_fixed(&self, store: &mut Store) -> Result<()> {
        for x in &self.staff.divisions {
            store.push_division(x.clone())?;
        }
        for x in &self.staff.teams {
            store.push_team(x.clone())?;
        }
        for x in &self.staff.reps {
            store.push_rep(x.clone())?;
        }
        for x in &self.campaigns {
            store.push_campaign(x.clone())?;
        }
        for x in &self.events {
            store.push_event(x.clone())?;
        }
        Ok(())
    }

    fn campaigns_and_events(&mut self) {
        let names = [
            "Renewal reminder",
            "Conference early bird",
            "New member welcome",
            "Sponsorship prospectus",
        ];
        for k in 0..8u64 {
            let starts_on = add_days(self.start, 60 + k * 120);
            self.campaigns.push(Campaign {
                id: CampaignId::new(format!("camp-{:03}", k + 1)),
                name: format!("{} {}", names[(k % 4) as usize], k / 4 + 1),
                channel: if k % 3 == 2 {
                    Channel::Text
                } else {
                    Channel::Email
                },
                starts_on,
                ends_on: Some(add_days(starts_on, 30)),
                responses: Vec::new(),
            });
        }
        let denver: Tz = chrono_tz::America::Denver;
        let ny: Tz = chrono_tz::America::New_York;
        for year in self.start.year()..=self.as_of.year() + 1 {
            let day = NaiveDate::from_ymd_opt(year, 10, 5).unwrap_or(self.as_of);
            self.events.push(Event {
                id: EventId::new(format!("ev-conf-{year}")),
                name: format!("Annual Conference {year}"),
                starts_at: instant(denver, day, 8, 0),
                ends_at: instant(denver, add_days(day, 2), 17, 0),
                time_zone: denver.name().into(),
                attendees: Vec::new(),
            });
        }
        let mut day = add_days(self.start, 45);
        let mut n = 1;
        while day < add_days(self.as_of, 60) {
            self.events.push(Event {
                id: EventId::new(format!("ev-web-{n:03}")),
                name: format!("Member webinar {n}"),
                starts_at: instant(ny, day, 13, 0),
                ends_at: instant(ny, day, 14, 0),
                time_zone: ny.name().into(),
                attendees: Vec::new(),
            });
            day = add_days(day, 91);
            n += 1;
        }
    }

    /// The records of accounts `numbers`.
    fn part(&self, numbers: std::ops::Range<u64>) -> Part {
        let mut part = Part::default();
        // Room for the part's accounts, contacts and about its activities (a fifth more
        // than the average), so that its columns do not grow by copying.
        let accounts = numbers.end - numbers.start;
        let contacts =
            self.first_contact[numbers.end as usize] - self.first_contact[numbers.start as usize];
        let activities = self.expected_activities() as f64 / self.accounts.max(1) as f64;
        part.accounts.reserve(accounts as usize);
        part.contacts.reserve(contacts as usize);
        part.activities
            .reserve((activities * accounts as f64 * 1.2) as usize);
        for n in numbers {
            Maker::new(self, n, &mut part).account();
        }
        part
    }
}

/// One account's records in the making.
struct Maker<'a> {
    plan: &'a Plan,
    part: &'a mut Part,
    r: Rng,
    /// The account's number and kind's position in [`KIND_ORDER`].
    n: u64,
    kind: usize,
    /// The account's number among its kind.
    k: u64,
    account: Account,
    contacts: Vec<ContactId>,
    /// The first contact's number in the book.
    first_contact: u64,
    /// The account's activities so far: day, and whether it was a call that reached
    /// someone (what the renewal features count).
    timeline: Vec<(NaiveDate, bool)>,
    /// Where the account's activities and event attendees begin in the part.
    first_activity: usize,
    first_attendee: usize,
    /// Records made so far, for their ids.
    opportunities: u32,
    tasks: u32,
    handoffs: u32,
}

impl<'a> Maker<'a> {
    fn new(plan: &'a Plan, n: u64, part: &'a mut Part) -> Self {
        let kind = plan.kind_starts[1..]
            .iter()
            .position(|&s| n < s)
            .unwrap_or(3);
        let mut r = Rng::stream(plan.seed, n, 0);
        let account = Self::bare_account(plan, &mut r, n, KIND_ORDER[kind]);
        let (first_activity, first_attendee) = (part.activities.len(), part.attendees.len());
        Maker {
            plan,
            part,
            r,
            n,
            kind,
            k: n - plan.kind_starts[kind],
            account,
            contacts: Vec::new(),
            first_contact: plan.first_contact[n as usize],
            timeline: Vec::new(),
            first_activity,
            first_attendee,
            opportunities: 0,
            tasks: 0,
            handoffs: 0,
        }
    }

    fn bare_account(plan: &Plan, r: &mut Rng, n: u64, kind: AccountKind) -> Account {
        let staff = &plan.staff;
        let (zone_name, region, _, _) = ZONES[zone(r)];
        let (primary, co_owner) = match kind {
            AccountKind::Member => {
                let co = r.chance(25).then(|| staff.owner(r, 0));
                (staff.owner(r, 1), co)
            }
            AccountKind::Prospect => (staff.owner(r, 0), r.chance(10).then(|| staff.owner(r, 1))),
            AccountKind::Customer | AccountKind::Partner => (staff.owner(r, 0), None),
        };
        let name = if kind == AccountKind::Member && r.chance(30) {
            format!("{} {}", r.pick(&FIRST), r.pick(&LAST))
        } else {
            format!("{} {} {}", r.pick(&ORG_A), r.pick(&ORG_B), r.pick(&ORG_C))
        };
        Account {
            id: AccountId::new(format!("acc-{:07}", n + 1)),
            name,
            kind,
            status: AccountStatus::Active,
            territory_zone: Some(format!("{region}-{}", 1 + r.below(2))),
            time_zone: zone_name.into(),
            primary_owner: primary,
            co_owners: co_owner.into_iter().collect(),
        }
    }

    /// Puts the account's activities in time order and numbers them in that order, so
    /// that the book's order is the store's (which then keeps no permutation).
    fn order_activities(&mut self) {
        let rows = &mut self.part.activities[self.first_activity..];
        rows.sort_by_key(|(_, row)| (row.at, row.finer));
        for (k, (number, _)) in (1..).zip(rows.iter_mut()) {
            *number = k;
        }
    }

    fn account(mut self) {
        let end = self.plan.first_contact[self.n as usize + 1];
        for number in self.first_contact..end {
            self.contact(number);
        }
        // Engagement: how often anyone is in touch, around the kind's average.
        let engagement = self.r.gamma(2.0) / 2.0;
        let mean = self.plan.activity_mean[self.kind] * engagement;
        let (from, to) = (self.plan.start, sub_days(self.plan.as_of, 1));
        match self.account.kind {
            AccountKind::Member => self.member(mean),
            AccountKind::Prospect => {
                if self.r.chance(40) {
                    self.open_opportunity();
                }
                if self.r.chance(15) {
                    self.lost_deal(true);
                }
                self.activities(from, to, mean);
            }
            AccountKind::Customer => self.customer(mean),
            AccountKind::Partner => self.activities(from, to, mean),
        }
        if self.r.chance(6) {
            self.task(true);
        }
        if self.r.chance(10) {
            self.task(false);
        }
        self.engagement();
        self.order_activities();
        self.part.accounts.push(self.account);
    }

    fn contact(&mut self, number: u64) {
        let r = &mut self.r;
        let (first, last) = (*r.pick(&FIRST), *r.pick(&LAST));
        let areas = ZONES
            .iter()
            .find(|z| z.0 == self.account.time_zone)
            .map_or(&[212u16][..], |z| z.3);
        let area = *r.pick(areas);
        let mut phone = String::with_capacity(15);
        phone.push_str("+1");
        push_padded(&mut phone, u64::from(area), 0);
        phone.push_str("5550");
        push_padded(&mut phone, 100 + r.below(100), 3);
        let phones = vec![Phone {
            number: phone,
            kind: [PhoneKind::Work, PhoneKind::Mobile][r.below(2) as usize],
        }];
        let mut address = String::with_capacity(first.len() + last.len() + 24);
        address.extend(first.chars().flat_map(char::to_lowercase));
        address.push('.');
        address.extend(last.chars().flat_map(char::to_lowercase));
        push_padded(&mut address, number + 1, 0);
        address.push_str("@example.org");
        let emails = vec![Email {
            address,
            primary: true,
        }];
        let birthday = if number % 211 == 5 {
            Some(Birthday {
                month: 2,
                day: 29,
                year: [None, Some(1984), Some(1992)][(number % 3) as usize],
            })
        } else if r.chance(60) {
            let month = r.range(1, 12) as u32;
            let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1];
            let year = r.chance(70).then(|| r.range(1950, 2001) as i32);
            Some(Birthday {
                month,
                day: r.range(1, days) as u32,
                year,
            })
        } else {
            None
        };
        let time_zone = r
            .chance(5)
            .then(|| ZONES[r.below(ZONES.len() as u64) as usize].0.to_owned());
        let do_not_call = number % 97 == 13 || r.chance(1);
        let mut consent = std::collections::BTreeMap::new();
        consent.insert(
            Channel::Call,
            if do_not_call {
                Consent::Denied
            } else {
                Consent::Granted
            },
        );
        if r.chance(30) {
            let text = if r.chance(50) {
                Consent::Granted
            } else {
                Consent::Denied
            };
            consent.insert(Channel::Text, text);
        }
        let title = r.chance(50).then(|| {
            (*r.pick(&[
                "Owner",
                "Office Manager",
                "Director",
                "Practice Administrator",
            ]))
            .to_owned()
        });
        let mut id = String::with_capacity(11);
        id.push_str("con-");
        push_padded(&mut id, number + 1, 7);
        let id = ContactId::new(id);
        self.contacts.push(id.clone());
        let mut name = String::with_capacity(first.len() + last.len() + 1);
        name.push_str(first);
        name.push(' ');
        name.push_str(last);
        self.part.contacts.push(Contact {
            id,
            account_id: self.account.id.clone(),
            name,
            title,
            phones,
            emails,
            birthday,
            time_zone,
            do_not_call,
            consent,
        });
    }

    /// A member: terms decided by [`SAMPLE_RENEWAL`] from the member's own history.
    fn member(&mut self, mean: f64) {
        let plan = self.plan;
        let r = &mut self.r;
        let weights: Vec<u64> = TIERS.iter().map(|t| t.2).collect();
        let (tier, dues, _) = TIERS[r.weighted(&weights)];
        let joined_on = sub_days(plan.as_of, r.range(20, 3650));
        let pays_late = if r.chance(15) { 0.6 } else { 0.04 };
        let likes_events = r.unit() * 0.5;
        let term = |k: u32| {
            let at = |k: u32| {
                joined_on
                    .checked_add_months(Months::new(12 * k))
                    .unwrap_or(joined_on)
            };
            let end = at(k + 1);
            (at(k), end.pred_opt().unwrap_or(end))
        };
        let from = joined_on.max(plan.start);
        self.activities(from, sub_days(plan.as_of, 1), mean);
        let attended = self.member_events(joined_on, likes_events);
        // The member's history so far in time order.
        let mut timeline = std::mem::take(&mut self.timeline);
        timeline.sort();
        let r = &mut self.r;
        let mut renewals: Vec<Renewal> = Vec::new();
        let mut lapses = Vec::new();
        let mut lapsed_on = None;
        let mut current = 0;
        while term(current).1 < sub_days(plan.as_of, GRACE_DAYS) {
            let (term_start, term_end) = term(current);
            let on = sub_days(term_end, DECIDED_DAYS_BEFORE);
            if on >= add_days(plan.start, 365) {
                let year_before = sub_days(on, 365);
                let in_year = |d: NaiveDate| d > year_before && d <= on;
                let events = attended.iter().filter(|d| in_year(**d)).count();
                let calls = timeline.iter().filter(|(d, c)| *c && in_year(*d)).count();
                let last = timeline
                    .iter()
                    .take_while(|(d, _)| *d <= on)
                    .last()
                    .map_or(joined_on, |(d, _)| *d);
                let late = renewals
                    .iter()
                    .filter(|x| x.paid_late && x.renewed_on <= on)
                    .count();
                let features = [
                    events as f64,
                    calls as f64,
                    (on - last).num_days().clamp(0, 365) as f64,
                    late as f64,
                    0.0,
                ];
                let logit = SAMPLE_RENEWAL.intercept
                    + SAMPLE_RENEWAL
                        .weights
                        .iter()
                        .zip(features)
                        .map(|(w, f)| w * f)
                        .sum::<f64>();
                if !r.bernoulli(1.0 / (1.0 + (-logit).exp())) {
                    // Half the lapses of the last year are reinstated within two
                    // months (the next term is the current one); the rest end the
                    // membership. So a membership lapses at most once.
                    let day = add_days(term_end, 1);
                    let back = add_days(day, r.range(10, 60));
                    let last = term(current + 1).1 >= sub_days(plan.as_of, GRACE_DAYS);
                    if r.chance(50) && last && back < sub_days(plan.as_of, GRACE_DAYS) {
                        lapses.push(Lapse {
                            lapsed_on: day,
                            reinstated_on: Some(back),
                        });
                        current += 1;
                        continue;
                    }
                    lapsed_on = Some(day);
                    break;
                }
                let paid_late = r.bernoulli(pays_late);
                renewals.push(Renewal {
                    term_start,
                    term_end,
                    renewed_on: if paid_late {
                        add_days(term_end, r.range(1, GRACE_DAYS))
                    } else {
                        sub_days(term_end, r.below(30))
                    },
                    dues: usd(dues),
                    paid_late,
                });
            }
            current += 1;
        }
        let (term_start, term_end) = term(current);
        if let Some(day) = lapsed_on {
            self.account.status = AccountStatus::Lapsed;
            lapses.push(Lapse {
                lapsed_on: day,
                reinstated_on: None,
            });
            self.truncate_after(day);
        }
        self.part.memberships.push(Membership {
            id: MembershipId::new(format!("mem-{:07}", self.k + 1)),
            account_id: self.account.id.clone(),
            tier: tier.into(),
            dues: usd(dues),
            joined_on,
            term_start,
            term_end,
            renewals,
            lapses,
        });
    }

    /// A member's event attendances: each event since joining with the member's taste
    /// for events (conferences half as likely again); the days of those attended.
    fn member_events(&mut self, joined_on: NaiveDate, likes: f64) -> Vec<NaiveDate> {
        let mut attended = Vec::new();
        for (position, event) in self.plan.events.iter().enumerate() {
            let day = event.starts_at.date_naive();
            let conference = event.id.as_str().starts_with("ev-conf");
            let p = if conference { likes * 1.5 } else { likes };
            if day < joined_on || !self.r.bernoulli(p) {
                continue;
            }
            let status = if day > self.plan.as_of {
                AttendeeStatus::Registered
            } else if self.r.chance(85) {
                attended.push(day);
                AttendeeStatus::Attended
            } else {
                AttendeeStatus::NoShow
            };
            let contact_id = self.r.pick(&self.contacts).clone();
            self.part
                .attendees
                .push((position as u32, Attendee { contact_id, status }));
        }
        attended
    }

    /// Drops the account's activities and attendances after `day` (a lapsed member).
    fn truncate_after(&mut self, day: NaiveDate) {
        let end = micros(day.and_time(NaiveTime::MIN).and_utc()).0;
        let kept: Vec<(u16, Row)> = self
            .part
            .activities
            .drain(self.first_activity..)
            .filter(|(_, a)| a.at < end)
            .collect();
        self.part.activities.extend(kept);
        let events = &self.plan.events;
        let kept: Vec<(u32, Attendee)> = self
            .part
            .attendees
            .drain(self.first_attendee..)
            .filter(|(e, _)| events[*e as usize].starts_at.date_naive() < day)
            .collect();
        self.part.attendees.extend(kept);
    }

    /// A customer: purchases (closed-won deals) by [`SAMPLE_PURCHASES`], old no's, a
    /// hand-off to operations after the first win.
    fn customer(&mut self, mean: f64) {
        let plan = self.plan;
        let p = SAMPLE_PURCHASES;
        let won_on = add_days(plan.start, self.r.below(HISTORY_DAYS - 60));
        let rate = self.r.gamma(p.r) / p.alpha; // purchases a week
        let drop = self.r.beta(p.a, p.b);
        let mut purchases = vec![won_on];
        let mut weeks = 0.0;
        while purchases.len() < 200 {
            weeks += self.r.exponential() / rate;
            let days = weeks * 7.0;
            if days.is_nan() || days >= HISTORY_DAYS as f64 {
                break;
            }
            let day = add_days(won_on, days as u64);
            if day >= plan.as_of {
                break;
            }
            purchases.push(day);
            if self.r.bernoulli(drop) {
                break;
            }
        }
        let last = *purchases.last().unwrap_or(&won_on);
        for &day in &purchases {
            let created = sub_days(day, self.r.range(20, 150));
            let mut opp = self.opportunity(OpportunityStage::ClosedWon, created);
            opp.closed_on = Some(day);
            self.part.opportunities.push(opp);
        }
        if self.r.chance(40) {
            let to_competitor = self.r.chance(70);
            self.lost_deal(to_competitor);
        }
        self.account.status = if last < sub_days(plan.as_of, 365) {
            AccountStatus::Dormant
        } else {
            AccountStatus::Active
        };
        if self.account.status == AccountStatus::Active && self.r.chance(20) {
            self.open_opportunity();
        }
        let quiet_from = if self.account.status == AccountStatus::Dormant {
            add_days(last, 60)
        } else {
            sub_days(plan.as_of, 1)
        };
        self.activities(plan.start, quiet_from.min(sub_days(plan.as_of, 1)), mean);
        self.handoffs_after(won_on);
    }

    /// A won deal passes from sales to operations; some come back for an expansion.
    fn handoffs_after(&mut self, won_on: NaiveDate) {
        let seller = self.account.primary_owner.clone();
        let ops = self.plan.staff.owner(&mut self.r, 2);
        let at = instant(Tz::UTC, add_days(won_on, self.r.range(1, 14)), 15, 0);
        let pending = self.r.chance(10);
        self.handoff(
            &seller.rep_id,
            &ops.rep_id,
            at,
            pending,
            HandoffDirection::SalesToOperations,
        );
        if !pending && self.r.chance(10) {
            let later = at + chrono::Duration::days(self.r.range(60, 300) as i64);
            self.handoff(
                &ops.rep_id,
                &seller.rep_id,
                later,
                false,
                HandoffDirection::OperationsToSales,
            );
            self.account.co_owners.push(ops);
        } else {
            self.account.primary_owner = ops;
            self.account.co_owners.push(seller);
        }
    }

    fn handoff(
        &mut self,
        from: &RepId,
        to: &RepId,
        at: DateTime<Utc>,
        pending: bool,
        direction: HandoffDirection,
    ) {
        self.handoffs += 1;
        let accepted_at =
            (!pending).then(|| at + chrono::Duration::hours(self.r.range(1, 72) as i64));
        self.part.handoffs.push(Handoff {
            id: HandoffId::new(format!("hand-{:07}-{}", self.n + 1, self.handoffs)),
            account_id: self.account.id.clone(),
            from_rep_id: from.clone(),
            to_rep_id: to.clone(),
            at,
            accepted_at,
            direction,
        });
    }

    /// A closed-lost deal: lost to a competitor at one of [`SAMPLE_LOST_DEAL_AGES`], or
    /// lost for no named reason at any time in the history.
    fn lost_deal(&mut self, to_competitor: bool) {
        let ages = SAMPLE_LOST_DEAL_AGES;
        let age = if to_competitor {
            let centre = u64::from(*self.r.pick(&ages.days));
            let spread = u64::from(ages.spread);
            centre - spread + self.r.below(2 * spread + 1)
        } else {
            self.r.range(30, HISTORY_DAYS - 50)
        };
        let closed = sub_days(self.plan.as_of, age);
        let created = sub_days(closed, self.r.range(20, 150));
        let mut opp = self.opportunity(OpportunityStage::ClosedLost, created);
        opp.closed_on = Some(closed);
        opp.lost_to = to_competitor.then(|| (*self.r.pick(&COMPETITORS)).to_owned());
        self.part.opportunities.push(opp);
    }

    fn opportunity(&mut self, stage: OpportunityStage, created_on: NaiveDate) -> Opportunity {
        self.opportunities += 1;
        let as_of = self.plan.as_of;
        let r = &mut self.r;
        let probability = match stage {
            OpportunityStage::Prospecting => 0.1,
            OpportunityStage::Qualification => 0.25,
            OpportunityStage::Proposal => 0.5,
            OpportunityStage::Negotiation => 0.7,
            OpportunityStage::ClosedWon => 1.0,
            OpportunityStage::ClosedLost => 0.0,
        };
        Opportunity {
            id: OpportunityId::new(format!("opp-{:07}-{}", self.n + 1, self.opportunities)),
            account_id: self.account.id.clone(),
            contact_id: Some(r.pick(&self.contacts).clone()),
            owner_rep_id: self.account.primary_owner.rep_id.clone(),
            name: (*r.pick(&[
                "Sponsorship",
                "Exhibit booth",
                "Group membership",
                "Training package",
                "Expansion",
            ]))
            .to_owned(),
            stage,
            amount: usd(r.range(20, 500) as i64 * 10_000),
            probability: Some(probability),
            created_on,
            expected_close: add_days(created_on, r.range(30, 120)),
            next_step_due: (!stage.is_closed() && r.chance(60))
                .then(|| add_days(as_of, r.range(0, 20)).pred_opt().unwrap_or(as_of)),
            closed_on: None,
            lost_to: None,
        }
    }

    fn open_opportunity(&mut self) {
        use OpportunityStage as S;
        let stage = [
            S::Prospecting,
            S::Qualification,
            S::Proposal,
            S::Negotiation,
        ][self.r.below(4) as usize];
        let created = sub_days(self.plan.as_of, self.r.range(5, 180));
        let opp = self.opportunity(stage, created);
        self.part.opportunities.push(opp);
    }

    fn task(&mut self, open: bool) {
        self.tasks += 1;
        let as_of = self.plan.as_of;
        let r = &mut self.r;
        let created = sub_days(
            as_of,
            if open {
                r.range(1, 10)
            } else {
                r.range(30, HISTORY_DAYS - 10)
            },
        );
        let created_at = instant(Tz::UTC, created, 22, 0);
        let due_on = if open {
            add_days(as_of, r.below(6))
        } else {
            add_days(created, r.range(1, 7))
        };
        self.part.tasks.push(Task {
            id: TaskId::new(format!("task-{:07}-{}", self.n + 1, self.tasks)),
            account_id: self.account.id.clone(),
            contact_id: Some(r.pick(&self.contacts).clone()),
            rep_id: self.account.primary_owner.rep_id.clone(),
            kind: [
                TaskKind::Call,
                TaskKind::FollowUp,
                TaskKind::Email,
                TaskKind::Meeting,
            ][r.weighted(&[50, 30, 15, 5])],
            source: [
                TaskSource::WrapUp,
                TaskSource::Cadence,
                TaskSource::Manual,
                TaskSource::Campaign,
            ][r.weighted(&[40, 30, 20, 10])],
            status: if open {
                TaskStatus::Open
            } else if r.chance(90) {
                TaskStatus::Done
            } else {
                TaskStatus::Cancelled
            },
            created_at,
            due_on,
            completed_at: (!open)
                .then(|| created_at + chrono::Duration::days(r.range(1, 7) as i64)),
        });
    }

    /// Activities between `from` and `to` (weekdays, working hours in the account's
    /// zone), `mean` of them on average (over at least a quarter): a Poisson process.
    fn activities(&mut self, from: NaiveDate, to: NaiveDate, mean: f64) {
        let span = (to - from).num_days();
        let per_day = mean / span.max(90) as f64;
        if per_day <= 0.0 || span < 0 {
            return;
        }
        let staff = &self.plan.staff;
        let owners: Vec<u32> = self
            .account
            .owners()
            .map(|o| staff.numbers.get(&o.rep_id).copied().unwrap_or(NONE))
            .collect();
        // The account's opportunities, by their number in the part.
        let opportunities: Vec<u32> = (0..self.part.opportunities.len() as u32)
            .rev()
            .take_while(|&i| self.part.opportunities[i as usize].account_id == self.account.id)
            .collect();
        let contacts = self.contacts.len() as u64;
        let zone: Tz = self.account.time_zone.parse().unwrap_or(Tz::UTC);
        let mut t = 0.0;
        let mut count = 0u16;
        use Outcome as O;
        while u32::from(count) < MAX_SAMPLE_ACTIVITIES_PER_ACCOUNT {
            t += self.r.exponential() / per_day;
            if t.is_nan() || t > span as f64 {
                break;
            }
            count += 1;
            let r = &mut self.r;
            let mut day = add_days(from, t as u64);
            while day.weekday().number_from_monday() > 5 {
                day = sub_days(day, 1);
            }
            let channels = [
                Channel::Call,
                Channel::Email,
                Channel::Voicemail,
                Channel::Text,
                Channel::Meeting,
                Channel::Webinar,
                Channel::Event,
            ];
            let channel = channels[r.weighted(&[45, 30, 8, 5, 7, 3, 2])];
            let outcome = match channel {
                Channel::Call => Some(
                    [
                        O::Connected,
                        O::NoAnswer,
                        O::LeftVoicemail,
                        O::MeetingSet,
                        O::OpportunityUncovered,
                        O::NotInterested,
                        O::WrongNumber,
                    ][r.weighted(&[30, 30, 20, 8, 4, 5, 3])],
                ),
                Channel::Voicemail => Some(O::LeftVoicemail),
                Channel::Meeting => Some(if r.chance(20) {
                    O::OpportunityUncovered
                } else {
                    O::Connected
                }),
                _ => None,
            };
            let duration = matches!(
                outcome,
                Some(O::Connected | O::MeetingSet | O::OpportunityUncovered)
            )
            .then(|| r.range(60, 1800) as u32);
            let contact = self.first_contact + r.below(contacts);
            let rep = *r.pick(&owners);
            let when = instant(zone, day, r.range(8, 17) as u32, r.below(60) as u32);
            let (at, finer) = micros(when);
            let direction = if r.chance(10) {
                Direction::Inbound
            } else {
                Direction::Outbound
            };
            let opportunity = if !opportunities.is_empty() && r.chance(20) {
                *r.pick(&opportunities)
            } else {
                NONE
            };
            let campaign = if channel == Channel::Email && r.chance(30) {
                r.below(self.plan.campaigns.len() as u64) as u32
            } else {
                NONE
            };
            let reached = channel == Channel::Call
                && matches!(
                    outcome,
                    Some(O::Connected | O::MeetingSet | O::OpportunityUncovered | O::NotInterested)
                );
            self.timeline.push((when.date_naive(), reached));
            self.part.activities.push((
                count,
                Row {
                    account: self.n as u32,
                    contact: contact as u32,
                    rep,
                    at,
                    finer,
                    how: how(channel, direction, outcome),
                    duration,
                    opportunity,
                    campaign,
                },
            ));
        }
    }

    /// Campaign responses from every contact, and event attendees from the contacts of
    /// accounts other than members (members' come from their taste for events).
    fn engagement(&mut self) {
        let kinds = [
            ResponseKind::Opened,
            ResponseKind::Clicked,
            ResponseKind::Replied,
            ResponseKind::Registered,
            ResponseKind::Unsubscribed,
        ];
        let member = self.account.kind == AccountKind::Member;
        for contact in &self.contacts {
            for (position, campaign) in self.plan.campaigns.iter().enumerate() {
                if self.r.chance(5) {
                    let at = instant(
                        Tz::UTC,
                        add_days(campaign.starts_on, self.r.below(30)),
                        15,
                        self.r.below(60) as u32,
                    );
                    let kind = kinds[self.r.weighted(&[50, 25, 10, 10, 5])];
                    self.part.responses.push((
                        position as u32,
                        CampaignResponse {
                            contact_id: contact.clone(),
                            at,
                            kind,
                        },
                    ));
                }
            }
            if member {
                continue;
            }
            for (position, event) in self.plan.events.iter().enumerate() {
                let conference = event.id.as_str().starts_with("ev-conf");
                if self.r.chance(if conference { 8 } else { 3 }) {
                    let status = if event.starts_at.date_naive() > self.plan.as_of {
                        AttendeeStatus::Registered
                    } else if self.r.chance(80) {
                        AttendeeStatus::Attended
                    } else {
                        AttendeeStatus::NoShow
                    };
                    self.part.attendees.push((
                        position as u32,
                        Attendee {
                            contact_id: contact.clone(),
                            status,
                        },
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::push_padded;

    proptest::proptest! {
        #[test]
        fn padded_numbers_are_what_format_writes(n: u64, width in 0usize..25) {
            let mut out = String::from("x");
            push_padded(&mut out, n, width);
            proptest::prop_assert_eq!(out, format!("x{n:0width$}"));
        }
    }
}
