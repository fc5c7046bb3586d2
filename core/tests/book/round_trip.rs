//! Property: any valid book survives JSON and back without losing a bit, and writing is
//! a fixed point.

use callwise::*;
use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use proptest::sample::Index;

/// Arbitrary text, any Unicode scalar (quotes, backslashes, controls and emoji included).
fn text() -> impl Strategy<Value = String> {
    any::<String>()
}

/// An id unique by construction (`prefix` + position) with arbitrary trailing text.
fn id(prefix: &str, i: usize, tail: &str) -> String {
    format!("{prefix}{i}{tail}")
}

fn date() -> impl Strategy<Value = NaiveDate> {
    // 1900-01-01 to 2199-12-31.
    (-25_567i64..83_218)
        .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(719_163 + d as i32).unwrap())
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (-2_208_988_800i64..7_258_118_400, 0u32..1_000_000_000)
        .prop_map(|(s, ns)| DateTime::from_timestamp(s, ns).unwrap())
}

fn days() -> impl Strategy<Value = u64> {
    0u64..4000
}

fn zone() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "America/New_York",
        "America/Phoenix",
        "Pacific/Honolulu",
        "Australia/Lord_Howe",
        "UTC",
        "Europe/London",
    ])
    .prop_map(str::to_owned)
}

fn money() -> impl Strategy<Value = Money> {
    (
        0i64..=i64::MAX,
        prop::sample::select(vec!["USD", "EUR", "JPY"]),
    )
        .prop_map(|(m, c)| Money::new(m, c))
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(chrono::Days::new(n)).unwrap_or(d)
}

prop_compose! {
    pub(super) fn book()(
        div_tails in prop::collection::vec(text(), 1..3),
        reps in prop::collection::vec((text(), text(), zone(), any::<Index>(), any::<bool>()), 1..4),
        accounts in prop::collection::vec((text(), text(), zone(), any::<Index>(), any::<Index>(), prop::option::of(text()), 0usize..3, 0usize..4), 0..5),
        contacts in prop::collection::vec((text(), text(), any::<Index>(), prop::option::of(zone()), any::<bool>(), prop::option::of((1u32..=12, 1u32..=28, prop::option::of(1900i32..2100))), prop::collection::vec(text(), 0..2)), 0..6),
        opportunities in prop::collection::vec((text(), any::<Index>(), money(), prop::option::of(0.0f64..=1.0), date(), days(), days(), 0usize..6, prop::option::of(text())), 0..4),
        memberships in prop::collection::vec((text(), any::<Index>(), money(), date(), days(), days(), any::<bool>()), 0..3),
        activities in prop::collection::vec((any::<Index>(), any::<Index>(), instant(), 0usize..7, any::<bool>(), prop::option::of(0usize..8), prop::option::of(any::<u32>())), 0..8),
        events in prop::collection::vec((text(), instant(), 0i64..1_000_000, zone(), prop::collection::vec(any::<Index>(), 0..3)), 0..3),
        tasks in prop::collection::vec((any::<Index>(), any::<Index>(), instant(), date(), prop::option::of(0i64..100_000)), 0..3),
        handoffs in prop::collection::vec((any::<Index>(), any::<Index>(), any::<Index>(), instant(), prop::option::of(0i64..100_000), any::<bool>()), 0..3),
        campaign in (text(), date(), prop::option::of(days()), prop::collection::vec((any::<Index>(), instant()), 0..3)),
    ) -> BookData {
        let mut d = BookData {
            divisions: div_tails.iter().enumerate().map(|(i, t)| Division { id: id("d", i, t).into(), name: t.clone() }).collect(),
            ..BookData::default()
        };
        let div = |ix: &Index| d.divisions[ix.index(d.divisions.len())].id.clone();
        let roles = [OwnerRole::Sales, OwnerRole::Operations, OwnerRole::Service];
        d.teams = vec![Team { id: "team".into(), name: "T".into(), division_id: d.divisions[0].id.clone() }];
        d.reps = reps.iter().enumerate().map(|(i, (t, name, z, dv, in_team))| Rep {
            id: id("r", i, t).into(), name: name.clone(), role: roles[i % 3], division_id: div(dv),
            team_id: in_team.then(|| "team".into()), time_zone: z.clone(),
        }).collect();
        let rep = |ix: &Index| d.reps[ix.index(d.reps.len())].id.clone();
        let kinds = [AccountKind::Prospect, AccountKind::Customer, AccountKind::Member, AccountKind::Partner];
        let statuses = [AccountStatus::Active, AccountStatus::Dormant, AccountStatus::Lost, AccountStatus::Lapsed];
        d.accounts = accounts.iter().enumerate().map(|(i, (t, name, z, r, dv, tz, co, k))| Account {
            id: id("a", i, t).into(), name: name.clone(), kind: kinds[*k], status: statuses[(i + k) % 4],
            territory_zone: tz.clone(), time_zone: z.clone(),
            primary_owner: Ownership::new(rep(r), roles[0], div(dv)),
            co_owners: (0..*co).map(|j| Ownership::new(rep(r), roles[1 + j % 2], div(dv))).collect(),
        }).collect();
        if d.accounts.is_empty() {
            return d;
        }
        let account = |ix: &Index| ix.index(d.accounts.len());
        d.contacts = contacts.iter().enumerate().map(|(i, (t, name, a, z, dnc, bday, mails))| Contact {
            id: id("c", i, t).into(), account_id: d.accounts[account(a)].id.clone(), name: name.clone(),
            title: mails.first().cloned(), phones: vec![Phone { number: name.clone(), kind: PhoneKind::Home }],
            emails: mails.iter().map(|m| Email { address: m.clone(), primary: *dnc }).collect(),
            birthday: bday.map(|(month, day, year)| Birthday { month, day, year }),
            time_zone: z.clone(), do_not_call: *dnc,
            consent: [(Channel::Call, if *dnc { Consent::Denied } else { Consent::Granted })].into_iter().collect(),
        }).collect();
        let contact_in = |account_ix: usize| d.contacts.iter().find(|c| c.account_id == d.accounts[account_ix].id).map(|c| c.id.clone());
        let stages = [OpportunityStage::Prospecting, OpportunityStage::Qualification, OpportunityStage::Proposal, OpportunityStage::Negotiation, OpportunityStage::ClosedWon, OpportunityStage::ClosedLost];
        d.opportunities = opportunities.iter().enumerate().map(|(i, (t, a, amount, p, created, close, closed, s, lost))| {
            let stage = stages[*s];
            let is_closed = matches!(stage, OpportunityStage::ClosedWon | OpportunityStage::ClosedLost);
            let a = account(a);
            Opportunity {
                id: id("o", i, t).into(), account_id: d.accounts[a].id.clone(), contact_id: contact_in(a),
                owner_rep_id: d.accounts[a].primary_owner.rep_id.clone(), name: t.clone(), stage, amount: amount.clone(),
                probability: *p, created_on: *created, expected_close: plus(*created, *close),
                next_step_due: (!is_closed).then(|| plus(*created, *closed)),
                closed_on: is_closed.then(|| plus(*created, *closed)),
                lost_to: if stage == OpportunityStage::ClosedLost { lost.clone() } else { None },
            }
        }).collect();
        d.memberships = memberships.iter().enumerate().map(|(i, (t, a, dues, joined, gap, len, late))| {
            let term_start = plus(*joined, *gap);
            Membership {
                id: id("m", i, t).into(), account_id: d.accounts[account(a)].id.clone(), tier: t.clone(), dues: dues.clone(),
                joined_on: *joined, term_start, term_end: plus(term_start, *len),
                renewals: vec![Renewal { term_start: *joined, term_end: plus(*joined, *len), renewed_on: term_start, dues: dues.clone(), paid_late: *late }],
                lapses: vec![Lapse { lapsed_on: *joined, reinstated_on: late.then(|| plus(*joined, *gap)) }],
            }
        }).collect();
        let channels = [Channel::Call, Channel::Email, Channel::Voicemail, Channel::Text, Channel::Meeting, Channel::Webinar, Channel::Event];
        let outcomes = [Outcome::Connected, Outcome::NoAnswer, Outcome::LeftVoicemail, Outcome::MeetingSet, Outcome::OpportunityUncovered, Outcome::NotInterested, Outcome::WrongNumber, Outcome::OptedOut];
        d.campaigns = vec![Campaign {
            id: "camp".into(), name: campaign.0.clone(), channel: Channel::Email, starts_on: campaign.1,
            ends_on: campaign.2.map(|n| plus(campaign.1, n)),
            responses: campaign.3.iter().filter(|_| !d.contacts.is_empty()).map(|(c, at)| CampaignResponse {
                contact_id: d.contacts[c.index(d.contacts.len())].id.clone(), at: *at, kind: ResponseKind::Clicked,
            }).collect(),
        }];
        d.activities = activities.iter().enumerate().map(|(i, (a, r, at, ch, inbound, out, secs))| {
            let a = account(a);
            let opp = d.opportunities.iter().find(|o| o.account_id == d.accounts[a].id).map(|o| o.id.clone());
            Activity {
                id: id("x", i, "").into(), account_id: d.accounts[a].id.clone(), contact_id: contact_in(a), rep_id: rep(r),
                at: *at, channel: channels[*ch], direction: if *inbound { Direction::Inbound } else { Direction::Outbound },
                outcome: out.map(|o| outcomes[o]), duration_seconds: *secs, opportunity_id: opp,
                campaign_id: inbound.then(|| "camp".into()),
            }
        }).collect();
        d.events = events.iter().enumerate().map(|(i, (t, start, len, z, who))| Event {
            id: id("e", i, t).into(), name: t.clone(), starts_at: *start, ends_at: *start + chrono::Duration::seconds(*len),
            time_zone: z.clone(),
            attendees: who.iter().filter(|_| !d.contacts.is_empty()).map(|c| Attendee { contact_id: d.contacts[c.index(d.contacts.len())].id.clone(), status: AttendeeStatus::NoShow }).collect(),
        }).collect();
        d.tasks = tasks.iter().enumerate().map(|(i, (a, r, created, due, done))| {
            let a = account(a);
            Task {
                id: id("t", i, "").into(), account_id: d.accounts[a].id.clone(), contact_id: contact_in(a), rep_id: rep(r),
                kind: TaskKind::FollowUp, source: TaskSource::WrapUp,
                status: if done.is_some() { TaskStatus::Done } else { TaskStatus::Open },
                created_at: *created, due_on: *due, completed_at: done.map(|s| *created + chrono::Duration::seconds(s)),
            }
        }).collect();
        d.handoffs = handoffs.iter().enumerate().map(|(i, (a, from, to, at, accepted, back))| Handoff {
            id: id("h", i, "").into(), account_id: d.accounts[account(a)].id.clone(), from_rep_id: rep(from), to_rep_id: rep(to),
            at: *at, accepted_at: accepted.map(|s| *at + chrono::Duration::seconds(s)),
            direction: if *back { HandoffDirection::OperationsToSales } else { HandoffDirection::SalesToOperations },
        }).collect();
        d
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_valid_book_round_trips_losslessly(data in book()) {
        let book = Book::new(data.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let json = book.to_json();
        let again = Book::from_json(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&again.to_data(), &data);
        prop_assert_eq!(again.to_json(), json);
    }

    #[test]
    fn generated_sample_books_are_valid_and_deterministic(seed in any::<u64>(), members in 0u32..60) {
        let config = SampleConfig::new(seed, members);
        let a = sample_book(&config).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = sample_book(&config).unwrap();
        prop_assert_eq!(a.to_json(), b.to_json());
        prop_assert_eq!(a.summary().accounts_by_kind[&AccountKind::Member], u64::from(members));
    }
}
