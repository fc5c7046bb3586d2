//! A seeded, deterministic sample book: an association with sales, membership and
//! operations staff, members and prospects across the US time zones, and two to three
//! years of activity.
//!
//! The generator uses its own SplitMix64 stream rather than a `rand` generator, so the
//! same seed gives the same book on every platform and with every dependency version:
//! the shared conformance fixture depends on it.

use crate::error::{Error, Result};
use crate::*;
use chrono::{DateTime, Days, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

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
    /// The day the book is "as of": history lies before it, renewals and open tasks
    /// around it.
    pub as_of: NaiveDate,
}

/// The most members [`sample_book`] makes in one book: one million, a book the
/// library can hold on a machine of 24 GB with room to spare.
///
/// Making and indexing a sample book peaks at about 7.7 KB per member (measured at
/// 500,000 members: 3.84 GB over the process's start, 860,000 accounts, 1.72 million
/// contacts, 5.05 million activities), so the largest takes about 8 GB, and its JSON
/// (`to_json`) about 7.3 KB per member more. The limit was 5 million, which needed
/// about 38 GB and aborted the process on allocation instead of raising an error.
///
/// # Example
/// ```
/// use callwise::{sample_book, SampleConfig, MAX_SAMPLE_MEMBERS};
/// let too_many = SampleConfig::new(7, MAX_SAMPLE_MEMBERS + 1);
/// assert!(matches!(sample_book(&too_many), Err(callwise::Error::InvalidArgument { name: "members", .. })));
/// ```
pub const MAX_SAMPLE_MEMBERS: u32 = 1_000_000;

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
    /// A config as of 1 November 2026.
    ///
    /// # Example
    /// See [`SampleConfig`].
    pub fn new(seed: u64, members: u32) -> Self {
        Self {
            seed,
            members,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 1).expect("a real date"),
        }
    }
}

/// SplitMix64: tiny, fast, and fixed forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
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

struct Staff {
    /// Rep ids by division position in [`DIVISIONS`].
    by_division: [Vec<RepId>; 3],
}

impl Staff {
    fn owner(&self, rng: &mut Rng, division: usize) -> Ownership {
        let (div, _, role) = DIVISIONS[division];
        Ownership::new(rng.pick(&self.by_division[division]).clone(), role, div)
    }
}

/// Makes a sample book.
///
/// # Errors
/// [`Error::InvalidArgument`] when `config.members` exceeds [`MAX_SAMPLE_MEMBERS`], or
/// `config.as_of` is outside the years 1900 to 9999.
///
/// # Example
/// ```
/// use callwise::{sample_book, SampleConfig};
/// let a = sample_book(&SampleConfig::new(3, 50)).unwrap();
/// let b = sample_book(&SampleConfig::new(3, 50)).unwrap();
/// assert_eq!(a.to_json(), b.to_json());
/// assert!(a.summary().leap_day_birthdays >= 1);
/// assert!(a.summary().do_not_call_contacts >= 1);
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
    if !(1900..=9999).contains(&chrono::Datelike::year(&config.as_of)) {
        return Err(Error::invalid_argument(
            "as_of",
            format!("{} is outside the years 1900 to 9999", config.as_of),
        ));
    }
    Book::new(Generator::new(config).run())
}

struct Generator {
    rng: Rng,
    as_of: NaiveDate,
    start: NaiveDate,
    members: u64,
    data: BookData,
}

impl Generator {
    fn new(config: &SampleConfig) -> Self {
        Self {
            rng: Rng(config.seed ^ 0x00C0_FFEE_CA11_5EED),
            as_of: config.as_of,
            start: sub_days(config.as_of, HISTORY_DAYS),
            members: u64::from(config.members),
            data: BookData::default(),
        }
    }

    fn run(mut self) -> BookData {
        let staff = self.staff();
        self.campaigns_and_events();
        let m = self.members;
        let kinds = [
            (AccountKind::Member, m),
            (AccountKind::Prospect, m / 2),
            (AccountKind::Customer, m / 5),
            (AccountKind::Partner, (m / 50).max(1)),
        ];
        for (kind, n) in kinds {
            for k in 0..n {
                self.account(&staff, kind, k);
            }
        }
        self.engagement();
        self.data
    }

    fn zone(&mut self) -> usize {
        let weights: Vec<u64> = ZONES.iter().map(|z| z.2).collect();
        self.rng.weighted(&weights)
    }

    fn staff(&mut self) -> Staff {
        let m = self.members;
        let counts = [(m / 400).max(2), (m / 300).max(2), (m / 1000).max(1)];
        let mut by_division: [Vec<RepId>; 3] = Default::default();
        for (d, &(div, div_name, role)) in DIVISIONS.iter().enumerate() {
            self.data.divisions.push(Division {
                id: div.into(),
                name: div_name.into(),
            });
            for r in 0..counts[d] {
                let team_no = r / 8 + 1;
                let team_id = TeamId::new(format!("team-{}-{team_no}", &div[4..]));
                if r % 8 == 0 {
                    self.data.teams.push(Team {
                        id: team_id.clone(),
                        name: format!("{div_name} {team_no}"),
                        division_id: div.into(),
                    });
                }
                let id = RepId::new(format!("rep-{}-{:04}", &div[4..], r + 1));
                let zone = ZONES[self.zone()].0;
                let name = format!("{} {}", self.rng.pick(&FIRST), self.rng.pick(&LAST));
                self.data.reps.push(Rep {
                    id: id.clone(),
                    name,
                    role,
                    division_id: div.into(),
                    team_id: Some(team_id),
                    time_zone: zone.into(),
                });
                by_division[d].push(id);
            }
        }
        Staff { by_division }
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
            self.data.campaigns.push(Campaign {
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
        let first_year = chrono::Datelike::year(&self.start);
        let last_year = chrono::Datelike::year(&self.as_of) + 1;
        for year in first_year..=last_year {
            let day = NaiveDate::from_ymd_opt(year, 10, 5).unwrap_or(self.as_of);
            self.data.events.push(Event {
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
            self.data.events.push(Event {
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

    fn account(&mut self, staff: &Staff, kind: AccountKind, k: u64) {
        let index = self.data.accounts.len();
        let id = AccountId::new(format!("acc-{:07}", index + 1));
        let z = self.zone();
        let (zone_name, region, _, areas) = ZONES[z];
        let r = &mut self.rng;
        let (status, primary, co_owner) = match kind {
            AccountKind::Member => {
                let status = if r.chance(15) {
                    AccountStatus::Lapsed
                } else {
                    AccountStatus::Active
                };
                let co = r.chance(25).then(|| staff.owner(r, 0));
                (status, staff.owner(r, 1), co)
            }
            AccountKind::Prospect => (
                AccountStatus::Active,
                staff.owner(r, 0),
                r.chance(10).then(|| staff.owner(r, 1)),
            ),
            AccountKind::Customer => {
                let status = [
                    AccountStatus::Active,
                    AccountStatus::Dormant,
                    AccountStatus::Lost,
                ][r.weighted(&[70, 25, 5])];
                (status, staff.owner(r, 0), None)
            }
            AccountKind::Partner => (AccountStatus::Active, staff.owner(r, 0), None),
        };
        let name = if kind == AccountKind::Member && r.chance(30) {
            format!("{} {}", r.pick(&FIRST), r.pick(&LAST))
        } else {
            format!("{} {} {}", r.pick(&ORG_A), r.pick(&ORG_B), r.pick(&ORG_C))
        };
        let territory_zone = Some(format!("{region}-{}", 1 + r.below(2)));
        let mut account = Account {
            id: id.clone(),
            name,
            kind,
            status,
            territory_zone,
            time_zone: zone_name.into(),
            primary_owner: primary,
            co_owners: co_owner.into_iter().collect(),
        };
        let first_contact = self.data.contacts.len();
        let n_contacts = 1 + self.rng.below(3);
        for _ in 0..n_contacts {
            self.contact(&id, areas);
        }
        let contacts: Vec<ContactId> = self.data.contacts[first_contact..]
            .iter()
            .map(|c| c.id.clone())
            .collect();
        match kind {
            AccountKind::Member => self.membership(&account),
            AccountKind::Prospect => {
                if self.rng.chance(40) {
                    self.open_opportunity(&account, &contacts);
                }
            }
            AccountKind::Customer => self.customer_deals(staff, &mut account, &contacts, k),
            AccountKind::Partner => {}
        }
        if self.rng.chance(6) {
            self.task(&account, &contacts, true);
        }
        if self.rng.chance(10) {
            self.task(&account, &contacts, false);
        }
        self.activities(&account, &contacts);
        self.data.accounts.push(account);
    }

    fn contact(&mut self, account_id: &AccountId, areas: &[u16]) {
        let n = self.data.contacts.len() as u64;
        let r = &mut self.rng;
        let (first, last) = (*r.pick(&FIRST), *r.pick(&LAST));
        let area = *r.pick(areas);
        let phones = vec![Phone {
            number: format!("+1{area}5550{:03}", 100 + r.below(100)),
            kind: [PhoneKind::Work, PhoneKind::Mobile][r.below(2) as usize],
        }];
        let emails = vec![Email {
            address: format!(
                "{}.{}{}@example.org",
                first.to_lowercase(),
                last.to_lowercase(),
                n + 1
            ),
            primary: true,
        }];
        let leap_day = n % 211 == 5;
        let birthday = if leap_day {
            Some(Birthday {
                month: 2,
                day: 29,
                year: [None, Some(1984), Some(1992)][(n % 3) as usize],
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
        let do_not_call = n % 97 == 13 || r.chance(1);
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
            consent.insert(
                Channel::Text,
                if r.chance(50) {
                    Consent::Granted
                } else {
                    Consent::Denied
                },
            );
        }
        self.data.contacts.push(Contact {
            id: ContactId::new(format!("con-{:07}", n + 1)),
            account_id: account_id.clone(),
            name: format!("{first} {last}"),
            title: r.chance(50).then(|| {
                (*r.pick(&[
                    "Owner",
                    "Office Manager",
                    "Director",
                    "Practice Administrator",
                ]))
                .to_owned()
            }),
            phones,
            emails,
            birthday,
            time_zone,
            do_not_call,
            consent,
        });
    }

    fn membership(&mut self, account: &Account) {
        let r = &mut self.rng;
        let weights: Vec<u64> = TIERS.iter().map(|t| t.2).collect();
        let (tier, dues, _) = TIERS[r.weighted(&weights)];
        let lapsed = account.status == AccountStatus::Lapsed;
        // Terms run a year from the joining anniversary.
        let joined_on = sub_days(self.as_of, r.range(if lapsed { 400 } else { 20 }, 3650));
        let term = |k: u32| {
            let start = joined_on
                .checked_add_months(Months::new(12 * k))
                .unwrap_or(joined_on);
            let end = joined_on
                .checked_add_months(Months::new(12 * (k + 1)))
                .unwrap_or(joined_on);
            (start, end.pred_opt().unwrap_or(end))
        };
        let mut current = 0;
        while term(current + 1).0 <= self.as_of {
            current += 1;
        }
        if lapsed && current > 0 && term(current).0 > sub_days(self.as_of, 30) {
            current -= 1;
        }
        if lapsed && term(current).1 >= self.as_of {
            // Joined under a year ago and lapsed: make the one term end before today.
            current = 0;
        }
        let mut renewals = Vec::new();
        for k in current.saturating_sub(10)..current {
            let (term_start, term_end) = term(k);
            let paid_late = r.chance(10);
            let renewed_on = if paid_late {
                add_days(term_end, r.range(1, 20))
            } else {
                sub_days(term_end, r.below(30))
            };
            renewals.push(Renewal {
                term_start,
                term_end,
                renewed_on,
                dues: usd(dues),
                paid_late,
            });
        }
        let (term_start, term_end) = term(current);
        let mut lapses = Vec::new();
        if lapsed && term_end < self.as_of {
            lapses.push(Lapse {
                lapsed_on: add_days(term_end, 1),
                reinstated_on: None,
            });
        } else if current > 2 && r.chance(5) {
            let (_, old_end) = term(current - 2);
            lapses.push(Lapse {
                lapsed_on: add_days(old_end, 1),
                reinstated_on: Some(add_days(old_end, r.range(10, 60))),
            });
        }
        let n = self.data.memberships.len();
        self.data.memberships.push(Membership {
            id: MembershipId::new(format!("mem-{:07}", n + 1)),
            account_id: account.id.clone(),
            tier: tier.into(),
            dues: usd(dues),
            joined_on,
            term_start,
            term_end,
            renewals,
            lapses,
        });
    }

    fn opportunity(
        &mut self,
        account: &Account,
        contacts: &[ContactId],
        stage: OpportunityStage,
        created_on: NaiveDate,
    ) -> Opportunity {
        let n = self.data.opportunities.len();
        let r = &mut self.rng;
        let expected_close = add_days(created_on, r.range(30, 120));
        let closed_on = stage
            .is_closed()
            .then(|| add_days(created_on, r.range(20, 150)));
        let probability = match stage {
            OpportunityStage::Prospecting => 0.1,
            OpportunityStage::Qualification => 0.25,
            OpportunityStage::Proposal => 0.5,
            OpportunityStage::Negotiation => 0.7,
            OpportunityStage::ClosedWon => 1.0,
            OpportunityStage::ClosedLost => 0.0,
        };
        Opportunity {
            id: OpportunityId::new(format!("opp-{:07}", n + 1)),
            account_id: account.id.clone(),
            contact_id: Some(r.pick(contacts).clone()),
            owner_rep_id: account.primary_owner.rep_id.clone(),
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
            expected_close,
            next_step_due: (!stage.is_closed() && r.chance(60)).then(|| {
                add_days(self.as_of, r.range(0, 20))
                    .pred_opt()
                    .unwrap_or(self.as_of)
            }),
            closed_on,
            lost_to: None,
        }
    }

    fn open_opportunity(&mut self, account: &Account, contacts: &[ContactId]) {
        use OpportunityStage as S;
        let stage = [
            S::Prospecting,
            S::Qualification,
            S::Proposal,
            S::Negotiation,
        ][self.rng.below(4) as usize];
        let created = sub_days(self.as_of, self.rng.range(5, 180));
        let opp = self.opportunity(account, contacts, stage, created);
        self.data.opportunities.push(opp);
    }

    fn customer_deals(
        &mut self,
        staff: &Staff,
        account: &mut Account,
        contacts: &[ContactId],
        k: u64,
    ) {
        let deals = 1 + self.rng.below(3);
        let mut won_on = None;
        for d in 0..deals {
            let won = d == 0 && !k.is_multiple_of(7) || (d > 0 && self.rng.chance(55));
            let stage = if won {
                OpportunityStage::ClosedWon
            } else {
                OpportunityStage::ClosedLost
            };
            let latest = if account.status == AccountStatus::Dormant {
                500
            } else {
                200
            };
            let created = sub_days(self.as_of, self.rng.range(latest, HISTORY_DAYS - 50));
            let mut opp = self.opportunity(account, contacts, stage, created);
            if !won && (k.is_multiple_of(7) || self.rng.chance(60)) {
                opp.lost_to = Some((*self.rng.pick(&COMPETITORS)).to_owned());
            }
            if won {
                won_on = won_on.or(opp.closed_on);
            }
            self.data.opportunities.push(opp);
        }
        if account.status == AccountStatus::Active && self.rng.chance(20) {
            self.open_opportunity(account, contacts);
        }
        // A won deal passes from sales to operations; some come back for an expansion.
        let Some(won_on) = won_on else { return };
        let seller = account.primary_owner.clone();
        let ops = staff.owner(&mut self.rng, 2);
        let at = instant(Tz::UTC, add_days(won_on, self.rng.range(1, 14)), 15, 0);
        let pending = self.data.handoffs.len() % 10 == 3;
        self.handoff(
            account,
            &seller.rep_id,
            &ops.rep_id,
            at,
            pending,
            HandoffDirection::SalesToOperations,
        );
        let back = !pending && self.rng.chance(10);
        if back {
            let later = at + chrono::Duration::days(self.rng.range(60, 300) as i64);
            self.handoff(
                account,
                &ops.rep_id,
                &seller.rep_id,
                later,
                false,
                HandoffDirection::OperationsToSales,
            );
            account.co_owners.push(ops);
        } else {
            account.primary_owner = ops;
            account.co_owners.push(seller);
        }
    }

    fn handoff(
        &mut self,
        account: &Account,
        from: &RepId,
        to: &RepId,
        at: DateTime<Utc>,
        pending: bool,
        direction: HandoffDirection,
    ) {
        let n = self.data.handoffs.len();
        let accepted_at =
            (!pending).then(|| at + chrono::Duration::hours(self.rng.range(1, 72) as i64));
        self.data.handoffs.push(Handoff {
            id: HandoffId::new(format!("hand-{:06}", n + 1)),
            account_id: account.id.clone(),
            from_rep_id: from.clone(),
            to_rep_id: to.clone(),
            at,
            accepted_at,
            direction,
        });
    }

    fn task(&mut self, account: &Account, contacts: &[ContactId], open: bool) {
        let n = self.data.tasks.len();
        let r = &mut self.rng;
        let created = sub_days(
            self.as_of,
            if open {
                r.range(1, 10)
            } else {
                r.range(30, HISTORY_DAYS - 10)
            },
        );
        let created_at = instant(Tz::UTC, created, 22, 0);
        let due_on = if open {
            add_days(self.as_of, r.below(6))
        } else {
            add_days(created, r.range(1, 7))
        };
        self.data.tasks.push(Task {
            id: TaskId::new(format!("task-{:07}", n + 1)),
            account_id: account.id.clone(),
            contact_id: Some(r.pick(contacts).clone()),
            rep_id: account.primary_owner.rep_id.clone(),
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

    fn activities(&mut self, account: &Account, contacts: &[ContactId]) {
        let count = match account.kind {
            AccountKind::Member => self.rng.range(2, 10),
            AccountKind::Prospect => self.rng.range(1, 7),
            AccountKind::Customer => self.rng.range(4, 16),
            AccountKind::Partner => self.rng.range(2, 8),
        };
        // Dormant customers went quiet long ago.
        let last_day = match account.status {
            AccountStatus::Dormant => sub_days(self.as_of, self.rng.range(200, 700)),
            _ => sub_days(self.as_of, 1),
        };
        let span = (last_day - self.start).num_days().max(1) as u64;
        let owners: Vec<RepId> = account.owners().map(|o| o.rep_id.clone()).collect();
        let opportunities: Vec<OpportunityId> = self
            .data
            .opportunities
            .iter()
            .rev()
            .take_while(|o| o.account_id == account.id)
            .map(|o| o.id.clone())
            .collect();
        let zone: Tz = account.time_zone.parse().unwrap_or(Tz::UTC);
        use Outcome as O;
        for _ in 0..count {
            let n = self.data.activities.len();
            let r = &mut self.rng;
            let mut day = add_days(self.start, r.below(span));
            while chrono::Datelike::weekday(&day).number_from_monday() > 5 {
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
            let duration_seconds = matches!(
                outcome,
                Some(O::Connected | O::MeetingSet | O::OpportunityUncovered)
            )
            .then(|| r.range(60, 1800) as u32);
            self.data.activities.push(Activity {
                id: ActivityId::new(format!("act-{:08}", n + 1)),
                account_id: account.id.clone(),
                contact_id: Some(r.pick(contacts).clone()),
                rep_id: r.pick(&owners).clone(),
                at: instant(zone, day, r.range(8, 17) as u32, r.below(60) as u32),
                channel,
                direction: if r.chance(10) {
                    Direction::Inbound
                } else {
                    Direction::Outbound
                },
                outcome,
                duration_seconds,
                opportunity_id: (!opportunities.is_empty() && r.chance(20))
                    .then(|| r.pick(&opportunities).clone()),
                campaign_id: (channel == Channel::Email && r.chance(30))
                    .then(|| r.pick(&self.data.campaigns).id.clone()),
            });
        }
    }

    /// Campaign responses and event attendees, drawn from every contact.
    fn engagement(&mut self) {
        let kinds = [
            ResponseKind::Opened,
            ResponseKind::Clicked,
            ResponseKind::Replied,
            ResponseKind::Registered,
            ResponseKind::Unsubscribed,
        ];
        for contact in &self.data.contacts {
            for campaign in &mut self.data.campaigns {
                if self.rng.chance(5) {
                    let at = instant(
                        Tz::UTC,
                        add_days(campaign.starts_on, self.rng.below(30)),
                        15,
                        self.rng.below(60) as u32,
                    );
                    let kind = kinds[self.rng.weighted(&[50, 25, 10, 10, 5])];
                    campaign.responses.push(CampaignResponse {
                        contact_id: contact.id.clone(),
                        at,
                        kind,
                    });
                }
            }
            for event in &mut self.data.events {
                let conference = event.id.as_str().starts_with("ev-conf");
                if self.rng.chance(if conference { 8 } else { 3 }) {
                    let status = if event.starts_at.date_naive() > self.as_of {
                        AttendeeStatus::Registered
                    } else if self.rng.chance(80) {
                        AttendeeStatus::Attended
                    } else {
                        AttendeeStatus::NoShow
                    };
                    event.attendees.push(Attendee {
                        contact_id: contact.id.clone(),
                        status,
                    });
                }
            }
        }
    }
}
