//! The team at work: blitz pools (the fair split, claims, lapses, calling rules inside
//! the pool, many threads at once), the leaderboard, the Daily Wrap Up and what filing
//! it does to tomorrow's list, goals with fiscal periods and pace (against a
//! brute-force count), the hand-off baton (every move, valid or not, in any order), bad
//! input, and the shared scenario every language runs
//! (`tests/fixtures/team_scenario.json`, `tests/conformance/team.txt`).

use crate::fixtures::{expect_file, read};
use callwise::call_list::{
    CallList, CallListConfig, CallListInputs, Entry, HoldRule, ListKind, Span, crankathon_list,
    next_day_call_list,
};
use callwise::routine::Routine;
use callwise::team::*;
use callwise::{
    Activity, Book, Channel, Direction, Error, HandoffDirection, OpportunityStage, Outcome,
    OwnerRole, TaskKind, TaskSource,
};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn fixture() -> Book {
    Book::from_json(&read("fixtures/team_book.json")).unwrap()
}

fn scenario() -> Value {
    serde_json::from_str(&read("fixtures/team_scenario.json")).unwrap()
}

fn scenario_config() -> TeamConfig {
    TeamConfig::from_json(&scenario()["config"].to_string()).unwrap()
}

const START: &str = "2026-11-24T18:00:00Z";

/// The fixture's Crankathon pool: 18:00 to 20:00 UTC on Tuesday 24 November 2026.
fn pool<'b>(book: &'b Book, config: &TeamConfig) -> BlitzPool<&'b Book> {
    blitz_pool(
        book,
        "team-blitz",
        ListKind::Crankathon,
        at(START),
        120,
        &CallListConfig::default(),
        &CallListInputs::default(),
        config,
    )
    .unwrap()
}

fn call(id: &str, account: &str, rep: &str, when: &str, outcome: Outcome) -> Activity {
    Activity {
        id: id.into(),
        account_id: account.into(),
        contact_id: None,
        rep_id: rep.into(),
        at: at(when),
        channel: Channel::Call,
        direction: Direction::Outbound,
        outcome: Some(outcome),
        duration_seconds: None,
        opportunity_id: None,
        campaign_id: None,
    }
}

fn claimed(pool: &BlitzPool<&Book>, rep: &str, when: &str) -> Option<String> {
    pool.claim(rep, at(when))
        .unwrap()
        .map(|c| c.account_id.as_str().to_owned())
}

fn invalid(result: Result<impl std::fmt::Debug, Error>, name: &str, words: &str) {
    match result {
        Err(Error::InvalidArgument { name: n, reason }) => {
            assert_eq!(n, name, "{reason}");
            assert!(reason.contains(words), "{reason:?} lacks {words:?}");
        }
        other => panic!("expected InvalidArgument {name}: {other:?}"),
    }
}

// ---------------------------------------------------------------------------------
// Blitz pools

#[test]
fn the_split_gives_owners_their_accounts_up_to_a_fair_share() {
    let book = fixture();
    let pool = pool(&book, &TeamConfig::default());
    let view = pool.snapshot(at(START));
    let split: Vec<(String, String)> = view
        .accounts
        .iter()
        .map(|a| (a.account_id.to_string(), a.split_rep_id.to_string()))
        .collect();
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, r)| (a.to_string(), r.to_string()))
            .collect()
    };
    // Twelve accounts, three reps: at most four each. acc-ny2 is rep-ny's and rep-chi's:
    // both have two, both two in New York, so the first id; acc-ops is rep-ny's (a
    // co-owner) but rep-ny is full by then: it goes to rep-la, who has the fewest.
    assert_eq!(
        split,
        pairs(&[
            ("acc-ny1", "rep-ny"),
            ("acc-bos", "rep-chi"),
            ("acc-pend", "rep-ny"),
            ("acc-jnb", "rep-chi"),
            ("acc-ny2", "rep-chi"),
            ("acc-phx", "rep-la"),
            ("acc-ppg", "rep-ny"),
            ("acc-den", "rep-la"),
            ("acc-chi", "rep-chi"),
            ("acc-hi", "rep-ny"),
            ("acc-la", "rep-la"),
            ("acc-ops", "rep-la"),
        ])
    );
    // The do-not-call account never enters the pool; rep-den's is not the team's.
    assert_eq!(view.held_back[0].account_id.as_str(), "acc-dnc");
    assert_eq!(view.held_back[0].rule, HoldRule::DoNotCall);
    assert!(pool.entry("acc-west").is_none());
}

#[test]
fn ties_in_the_split_go_to_the_rep_with_fewest_in_that_zone() {
    // Four Honolulu accounts and four New York ones, none owned in the team: the
    // fewest-in-zone rule deals each zone out evenly instead of by rep id.
    let book = callwise::sample_book(&callwise::SampleConfig::new(7, 400)).unwrap();
    let team = "team-sales-1";
    let reps: Vec<&callwise::Rep> = book
        .reps()
        .iter()
        .filter(|r| r.team_id.as_ref().is_some_and(|t| t.as_str() == team))
        .collect();
    let data = book.to_data();
    let outside: Vec<&callwise::Account> = data
        .accounts
        .iter()
        .filter(|a| !a.owners().any(|o| reps.iter().any(|r| r.id == o.rep_id)))
        .collect();
    let pick = |zone: &str| -> Vec<&callwise::Account> {
        outside
            .iter()
            .copied()
            .filter(|a| a.time_zone == zone && book.contacts_of(a.id.as_str()).next().is_some())
            .take(reps.len())
            .collect()
    };
    let (hawaii, new_york) = (pick("Pacific/Honolulu"), pick("America/New_York"));
    assert_eq!((hawaii.len(), new_york.len()), (reps.len(), reps.len()));
    let block = Span {
        start: at("2026-11-03T20:00:00Z"),
        end: at("2026-11-03T21:00:00Z"),
    };
    let entries = hawaii
        .iter()
        .chain(&new_york)
        .zip(1u32..)
        .map(|(a, rank)| entry(&book, a, rank, block.start))
        .collect();
    let list = team_list_of(team, block, entries);
    let pool = BlitzPool::new(
        &book,
        list,
        &CallListConfig::default(),
        &TeamConfig::default(),
    )
    .unwrap();
    let view = pool.snapshot(block.start);
    let mut per_rep: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in &view.accounts {
        per_rep
            .entry(a.split_rep_id.to_string())
            .or_default()
            .push(a.time_zone.clone());
    }
    for zones in per_rep.values() {
        assert_eq!(
            zones,
            &["Pacific/Honolulu", "America/New_York"],
            "{per_rep:?}"
        );
    }
}

/// A list entry for `account`, to build pools by hand: its first contact.
fn entry(book: &Book, account: &callwise::Account, rank: u32, slot: DateTime<Utc>) -> Entry {
    let contact = book.contacts_of(account.id.as_str()).next().unwrap();
    Entry {
        rank,
        account_id: account.id.clone(),
        contact_id: contact.id().into(),
        score: 1000,
        reasons: Vec::new(),
        last_touch: None,
        slot_start: slot,
        minutes: 6,
        time_zone: book.contact_time_zone(contact.id()).unwrap().to_owned(),
    }
}

fn team_list_of(team: &str, block: Span, entries: Vec<Entry>) -> CallList {
    CallList {
        kind: ListKind::Crankathon,
        rep_id: None,
        team_id: Some(team.into()),
        day: block.start.date_naive(),
        time_zone: "America/New_York".into(),
        working: vec![block],
        capacity_minutes: 6 * entries.len() as u32,
        planned_minutes: 6 * entries.len() as u32,
        entries,
        held_back: Vec::new(),
        cut: Vec::new(),
        logged: Vec::new(),
    }
}

#[test]
fn claims_take_the_reps_share_first_then_the_best_free_account() {
    let book = fixture();
    let config = TeamConfig {
        claim_minutes: 90,
        ..TeamConfig::default()
    };
    let pool = pool(&book, &config);
    assert_eq!(claimed(&pool, "rep-ny", START).as_deref(), Some("acc-ny1"));
    assert_eq!(claimed(&pool, "rep-ny", START).as_deref(), Some("acc-pend"));
    // acc-ppg (Pago Pago) opens at 19:00 UTC, 08:00 there: it waits.
    assert_eq!(claimed(&pool, "rep-ny", START).as_deref(), Some("acc-hi"));
    // rep-ny's share is spent for now: the best free account of anyone's.
    assert_eq!(claimed(&pool, "rep-ny", START).as_deref(), Some("acc-bos"));
    let r = pool.remaining(at(START)).unwrap();
    assert_eq!((r.free, r.claimed, r.called, r.left), (8, 4, 0, 0));
    // Once the window opens, the waiting account is rep-ny's again.
    assert_eq!(
        claimed(&pool, "rep-ny", "2026-11-24T19:00:00Z").as_deref(),
        Some("acc-ppg")
    );
}

#[test]
fn an_account_whose_window_closes_mid_block_leaves_the_pool_with_its_rule() {
    let book = fixture();
    let pool = pool(&book, &TeamConfig::default());
    // Johannesburg's 21:00 is 19:00 UTC: the last six-minute call starts at 18:54.
    assert!(
        pool.claim_account("rep-la", "acc-jnb", at("2026-11-24T18:54:00Z"))
            .is_ok()
    );
    pool.release("rep-la", "acc-jnb", at("2026-11-24T18:54:00Z"))
        .unwrap();
    invalid(
        pool.claim_account("rep-la", "acc-jnb", at("2026-11-24T18:55:00Z")),
        "account_id",
        "left the pool: outside_window",
    );
    let left = pool.left();
    assert_eq!(left.len(), 1);
    assert_eq!(
        (left[0].account_id.as_str(), left[0].rule, left[0].at),
        (
            "acc-jnb",
            HoldRule::OutsideWindow,
            at("2026-11-24T18:55:00Z")
        )
    );
    assert_eq!(pool.remaining(at("2026-11-24T18:55:00Z")).unwrap().left, 1);
    // A claim never hands it out again.
    let mut all = Vec::new();
    while let Some(c) = pool.claim("rep-chi", at("2026-11-24T19:30:00Z")).unwrap() {
        all.push(c.account_id.to_string());
    }
    assert!(!all.contains(&"acc-jnb".to_owned()));
    // Before its window opens an account cannot be claimed by name either.
    let fresh = self::pool(&book, &TeamConfig::default());
    invalid(
        fresh.claim_account("rep-ny", "acc-ppg", at(START)),
        "account_id",
        "may not be called before 2026-11-24T19:00:00+00:00",
    );
}

#[test]
fn a_claim_lapses_and_only_its_holder_may_release_it() {
    let book = fixture();
    let pool = pool(&book, &TeamConfig::default()); // claims last 15 minutes
    let claim = pool.claim_account("rep-ny", "acc-bos", at(START)).unwrap();
    assert_eq!(claim.expires_at, at("2026-11-24T18:15:00Z"));
    invalid(
        pool.release("rep-chi", "acc-bos", at(START)),
        "account_id",
        "is claimed by rep rep-ny until 2026-11-24T18:15:00+00:00",
    );
    invalid(
        pool.claim_account("rep-chi", "acc-bos", at("2026-11-24T18:14:59Z")),
        "account_id",
        "is claimed by rep rep-ny",
    );
    // Renewing one's own claim pushes the lapse back.
    let renewed = pool
        .claim_account("rep-ny", "acc-bos", at("2026-11-24T18:10:00Z"))
        .unwrap();
    assert_eq!(renewed.expires_at, at("2026-11-24T18:25:00Z"));
    assert!(
        pool.claim_account("rep-chi", "acc-bos", at("2026-11-24T18:20:00Z"))
            .is_err()
    );
    // Lapsed: free again, and the old holder no longer holds it.
    let taken = pool
        .claim_account("rep-chi", "acc-bos", at("2026-11-24T18:25:00Z"))
        .unwrap();
    assert_eq!(taken.rep_id.as_str(), "rep-chi");
    invalid(
        pool.release("rep-ny", "acc-bos", at("2026-11-24T18:26:00Z")),
        "account_id",
        "claimed by rep rep-chi",
    );
    // A lapse frees the account into its own share: rep-chi's (the split gave it).
    let lapsed = self::pool(&book, &TeamConfig::default());
    lapsed
        .claim_account("rep-ny", "acc-bos", at(START))
        .unwrap();
    assert_eq!(
        claimed(&lapsed, "rep-chi", "2026-11-24T18:15:00Z").as_deref(),
        Some("acc-bos")
    );
}

#[test]
fn an_account_is_called_once_per_block() {
    let book = fixture();
    let pool = pool(&book, &TeamConfig::default());
    let first = call(
        "act-x1",
        "acc-chi",
        "rep-chi",
        "2026-11-24T18:10:00Z",
        Outcome::NoAnswer,
    );
    pool.log_call(&first).unwrap();
    invalid(
        pool.log_call(&Activity {
            id: "act-x2".into(),
            ..first.clone()
        }),
        "account_id",
        "was called in this block already, by rep rep-chi",
    );
    invalid(pool.log_call(&first), "activity", "was logged already");
    invalid(
        pool.claim_account("rep-la", "acc-chi", at("2026-11-24T18:11:00Z")),
        "account_id",
        "was called",
    );
    // Nobody else's claim can be logged over.
    pool.claim_account("rep-la", "acc-la", at(START)).unwrap();
    invalid(
        pool.log_call(&call(
            "act-x3",
            "acc-la",
            "rep-ny",
            "2026-11-24T18:12:00Z",
            Outcome::Connected,
        )),
        "account_id",
        "claimed by rep rep-la",
    );
    let remaining = pool.remaining(at("2026-11-24T18:12:00Z")).unwrap();
    assert_eq!(
        (remaining.called, remaining.claimed, remaining.to_call()),
        (1, 1, 11)
    );
}

#[test]
fn bad_input_to_a_pool_is_a_typed_error() {
    let book = fixture();
    let config = TeamConfig::default();
    let pool = pool(&book, &config);
    invalid(
        pool.claim("rep-ny", at("2026-11-24T20:00:00Z")),
        "at",
        "closed",
    );
    invalid(
        pool.claim("rep-ny", at("2026-11-24T17:59:59Z")),
        "at",
        "closed",
    );
    assert!(matches!(
        pool.claim("rep-nobody", at(START)),
        Err(Error::NotFound { .. })
    ));
    invalid(
        pool.claim("rep-den", at(START)),
        "rep_id",
        "not in team team-blitz",
    );
    invalid(
        pool.claim_account("rep-ny", "acc-west", at(START)),
        "account_id",
        "not in the pool",
    );
    invalid(
        pool.release("rep-ny", "acc-ny1", at(START)),
        "account_id",
        "is not claimed",
    );
    let mut email = call("act-e", "acc-ny1", "rep-ny", START, Outcome::Connected);
    email.channel = Channel::Email;
    invalid(
        pool.log_call(&email),
        "activity",
        "not an outbound call or voicemail",
    );
    invalid(
        pool.log_call(&call(
            "act-late",
            "acc-ny1",
            "rep-ny",
            "2026-11-24T20:00:00Z",
            Outcome::Connected,
        )),
        "activity",
        "outside the block",
    );
    let (cfg, inputs) = (CallListConfig::default(), CallListInputs::default());
    let build = |source, minutes| {
        blitz_pool(
            &book,
            "team-blitz",
            source,
            at(START),
            minutes,
            &cfg,
            &inputs,
            &config,
        )
    };
    invalid(
        build(ListKind::NextDay, 60),
        "source",
        "power_hour or crankathon",
    );
    invalid(build(ListKind::PowerHour, 0), "minutes", "1 to 180");
    invalid(build(ListKind::PowerHour, 181), "minutes", "1 to 180");
    assert!(matches!(
        blitz_pool(
            &book,
            "team-nope",
            ListKind::PowerHour,
            at(START),
            60,
            &cfg,
            &inputs,
            &config
        ),
        Err(Error::NotFound { .. })
    ));
    let mut bad = config.clone();
    bad.claim_minutes = 0;
    invalid(
        blitz_pool(
            &book,
            "team-blitz",
            ListKind::PowerHour,
            at(START),
            60,
            &cfg,
            &inputs,
            &bad,
        ),
        "claim_minutes",
        "1 to 180",
    );
    // Lists that are not a team's pool.
    let list = crankathon_list(&book, "team-blitz", date("2026-11-24"), &cfg, &inputs).unwrap();
    let mut two_spans = list.clone();
    two_spans.working.push(two_spans.working[0]);
    invalid(
        BlitzPool::new(&book, two_spans, &cfg, &config),
        "list",
        "one block",
    );
    let mut twice = list.clone();
    twice.entries.push(twice.entries[0].clone());
    invalid(
        BlitzPool::new(&book, twice, &cfg, &config),
        "list",
        "two entries",
    );
    let mut stranger = list.clone();
    stranger.entries[0].contact_id = "con-bos".into();
    invalid(
        BlitzPool::new(&book, stranger, &cfg, &config),
        "list",
        "another account's",
    );
    let mut next_day = list.clone();
    next_day.kind = ListKind::NextDay;
    invalid(
        BlitzPool::new(&book, next_day, &cfg, &config),
        "list",
        "a team's list",
    );
    // Routines: of another kind, or with no block on the day.
    let bookends = Routine::new(
        callwise::routine::RoutineKind::Bookend,
        "Morning",
        "America/New_York",
        "2026-11-24T08:00:00".parse().unwrap(),
        "FREQ=DAILY",
        15,
    )
    .unwrap();
    invalid(
        routine_pool(
            &book,
            "team-blitz",
            &bookends,
            date("2026-11-24"),
            &cfg,
            &inputs,
            &config,
        ),
        "routine",
        "not a power_hour or crankathon",
    );
    let crank = Routine::crankathon(
        "America/New_York",
        date("2026-11-24"),
        &[chrono::Weekday::Tue],
        chrono::NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        120,
    )
    .unwrap();
    invalid(
        routine_pool(
            &book,
            "team-blitz",
            &crank,
            date("2026-11-25"),
            &cfg,
            &inputs,
            &config,
        ),
        "day",
        "no block on 2026-11-25",
    );
    let from_routine = routine_pool(
        &book,
        "team-blitz",
        &crank,
        date("2026-11-24"),
        &cfg,
        &inputs,
        &config,
    )
    .unwrap();
    assert_eq!(from_routine.block(), pool.block());
    assert_eq!(from_routine.snapshot(at(START)), pool.snapshot(at(START)));
}

/// A big pool for the threads: every account of a sample book with a contact, in a
/// block when every US zone may be called (14:00 in New York, 09:00 in Honolulu).
fn big_pool_list(book: &Book, team: &str) -> (CallList, Span) {
    let block = Span {
        start: at("2026-11-03T19:00:00Z"),
        end: at("2026-11-03T20:00:00Z"),
    };
    let data = book.to_data();
    let entries = data
        .accounts
        .iter()
        .filter(|a| book.contacts_of(a.id.as_str()).next().is_some())
        .zip(1u32..)
        .map(|(a, rank)| entry(book, a, rank, block.start))
        .collect();
    (team_list_of(team, block, entries), block)
}

#[test]
fn sixteen_threads_claim_a_pool_dry_each_account_once() {
    let book = callwise::sample_book(&callwise::SampleConfig::new(11, 1500)).unwrap();
    let (list, block) = big_pool_list(&book, "team-sales-1");
    let n = list.entries.len();
    let pool = BlitzPool::new(
        &book,
        list,
        &CallListConfig::default(),
        &TeamConfig::default(),
    )
    .unwrap();
    let reps: Vec<String> = pool
        .snapshot(block.start)
        .accounts
        .iter()
        .map(|a| a.split_rep_id.to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let go = std::sync::Barrier::new(16);
    let got: Vec<Vec<String>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|t| {
                let (pool, rep, go) = (&pool, reps[t % reps.len()].clone(), &go);
                s.spawn(move || {
                    go.wait();
                    let mut mine = Vec::new();
                    while let Some(c) = pool.claim(&rep, block.start).unwrap() {
                        assert_eq!(c.rep_id.as_str(), rep);
                        mine.push(c.account_id.to_string());
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let all: Vec<&String> = got.iter().flatten().collect();
    let unique: BTreeSet<&String> = all.iter().copied().collect();
    assert_eq!(all.len(), unique.len(), "an account was handed out twice");
    let left = pool.left();
    // Only do-not-call contacts (the list here was built by hand) leave the pool.
    assert!(left.iter().all(|l| l.rule == HoldRule::DoNotCall));
    assert_eq!(all.len() + left.len(), n);
    let r = pool.remaining(block.start).unwrap();
    assert_eq!(
        (r.free, r.claimed as usize, r.left as usize),
        (0, all.len(), left.len())
    );
    assert!(got.iter().filter(|g| !g.is_empty()).count() > 1);
}

/// A seeded generator for the randomised runs: `below(n)` is in `0..n`.
struct Rng(proptest::test_runner::TestRng);

impl Rng {
    fn new(seed: u64) -> Self {
        use proptest::test_runner::{RngAlgorithm, TestRng};
        Self(TestRng::from_seed(
            RngAlgorithm::ChaCha,
            &[seed.to_le_bytes(); 4].concat(),
        ))
    }
    fn below(&mut self, n: usize) -> usize {
        use proptest::prelude::Rng;
        (self.0.next_u64() % n as u64) as usize
    }
}

#[test]
fn a_thousand_random_concurrent_runs_never_hand_an_account_to_two_reps() {
    // A team of eight reps, one per thread: a rep is one person, who may renew their
    // own claim from anywhere, so the threads' bookkeeping needs one rep each.
    let book = callwise::sample_book(&callwise::SampleConfig::new(5, 3200)).unwrap();
    let (mut list, block) = big_pool_list(&book, "team-sales-1");
    list.entries.truncate(300);
    let ids: Vec<String> = list
        .entries
        .iter()
        .map(|e| e.account_id.to_string())
        .collect();
    // Claims outlast the block, so a holder is a holder until released or called.
    let config = TeamConfig {
        claim_minutes: MAX_CLAIM_MINUTES,
        ..TeamConfig::default()
    };
    let team_reps: Vec<String> = book
        .reps()
        .iter()
        .filter(|r| {
            r.team_id
                .as_ref()
                .is_some_and(|t| t.as_str() == "team-sales-1")
        })
        .map(|r| r.id.to_string())
        .collect();
    assert_eq!(team_reps.len(), 8);
    for run in 0..1000u64 {
        let pool =
            BlitzPool::new(&book, list.clone(), &CallListConfig::default(), &config).unwrap();
        // Who holds what, as the threads see it: an entry is added after a claim
        // returns and removed before a release is asked, so a real double claim is
        // always seen.
        let holders: Mutex<HashMap<String, String>> = Mutex::new(HashMap::new());
        let calls: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let threads = 2 + (run % 7) as usize; // 2 to 8
        let go = std::sync::Barrier::new(threads);
        std::thread::scope(|s| {
            for (t, rep) in team_reps.iter().take(threads).enumerate() {
                let (pool, holders, calls, ids, go) = (&pool, &holders, &calls, &ids, &go);
                let rep = rep.clone();
                s.spawn(move || {
                    go.wait();
                    let mut rng = Rng::new(run * 1000 + t as u64);
                    let mut mine: Vec<String> = Vec::new();
                    for step in 0..40 {
                        let when = block.start + Duration::minutes(rng.below(60) as i64);
                        match rng.below(5) {
                            0 | 1 => {
                                if let Some(c) = pool.claim(&rep, when).unwrap() {
                                    let id = c.account_id.to_string();
                                    let was =
                                        holders.lock().unwrap().insert(id.clone(), rep.clone());
                                    assert!(
                                        was.is_none(),
                                        "run {run}: {id} held by {was:?} and {rep}"
                                    );
                                    mine.push(id);
                                }
                            }
                            2 => {
                                let id = &ids[rng.below(ids.len())];
                                if let Ok(c) = pool.claim_account(&rep, id, when) {
                                    let was =
                                        holders.lock().unwrap().insert(id.clone(), rep.clone());
                                    assert!(
                                        was.is_none() || was.as_ref() == Some(&rep),
                                        "run {run}: {id}"
                                    );
                                    assert_eq!(c.rep_id.as_str(), rep);
                                    if was.is_none() {
                                        mine.push(id.clone());
                                    }
                                }
                            }
                            3 if !mine.is_empty() => {
                                let id = mine.swap_remove(rng.below(mine.len()));
                                holders.lock().unwrap().remove(&id);
                                pool.release(&rep, &id, when).unwrap();
                            }
                            _ if !mine.is_empty() => {
                                let id = mine.swap_remove(rng.below(mine.len()));
                                holders.lock().unwrap().remove(&id);
                                let activity = call(
                                    &format!("act-{run}-{t}-{step}"),
                                    &id,
                                    &rep,
                                    &when.to_rfc3339(),
                                    Outcome::NoAnswer,
                                );
                                pool.log_call(&activity).unwrap();
                                calls.lock().unwrap().push(id);
                            }
                            _ => {}
                        }
                    }
                });
            }
        });
        let calls = calls.into_inner().unwrap();
        let called: BTreeSet<&String> = calls.iter().collect();
        assert_eq!(
            called.len(),
            calls.len(),
            "run {run}: an account was called twice"
        );
        let holders = holders.into_inner().unwrap();
        let view = pool.snapshot(block.start);
        for a in &view.accounts {
            let id = a.account_id.as_str();
            match a.status {
                PoolStatus::Claimed => assert_eq!(
                    holders.get(id).map(String::as_str),
                    a.rep_id.as_ref().map(|r| r.as_str()),
                    "run {run}"
                ),
                PoolStatus::Called => assert!(called.contains(&id.to_owned()), "run {run}"),
                _ => assert!(!holders.contains_key(id), "run {run}"),
            }
        }
        let r = view.remaining;
        assert_eq!(
            (r.claimed as usize, r.called as usize),
            (holders.len(), calls.len()),
            "run {run}"
        );
        assert_eq!((r.free + r.claimed + r.called + r.left) as usize, ids.len());
    }
}

// ---------------------------------------------------------------------------------
// The leaderboard

#[test]
fn the_leaderboard_counts_the_block_from_the_book_and_the_pool() {
    let book = fixture();
    let pool = pool(&book, &TeamConfig::default());
    let board = pool.leaderboard();
    // From the book in the block: rep-ny's uncovered opportunity (18:30), rep-chi's
    // voicemail (18:45), rep-la's inbound call (19:15, not a dial); rep-den is not the
    // team's.
    let line = |b: &Leaderboard, rep: &str| {
        b.standings
            .iter()
            .find(|s| s.rep_id.as_str() == rep)
            .unwrap()
            .clone()
    };
    assert_eq!(
        board
            .standings
            .iter()
            .map(|s| s.rep_id.as_str())
            .collect::<Vec<_>>(),
        ["rep-ny", "rep-chi", "rep-la"]
    );
    assert_eq!(
        line(&board, "rep-ny").tally,
        Tally {
            dials: 1,
            connects: 1,
            opportunities_uncovered: 1,
            ..Tally::default()
        }
    );
    assert_eq!(
        line(&board, "rep-chi").tally,
        Tally {
            dials: 1,
            ..Tally::default()
        }
    );
    assert_eq!(line(&board, "rep-la").tally, Tally::default());
    // Calls through the pool move rep-la to the top: a meeting set beats everything.
    pool.claim_account("rep-la", "acc-la", at(START)).unwrap();
    pool.log_call(&call(
        "act-p1",
        "acc-la",
        "rep-la",
        "2026-11-24T18:20:00Z",
        Outcome::MeetingSet,
    ))
    .unwrap();
    let board = pool.leaderboard();
    assert_eq!(board.standings[0].rep_id.as_str(), "rep-la");
    assert_eq!(
        (
            board.standings[0].rank,
            board.team.dials,
            board.team.meetings_set
        ),
        (1, 3, 1)
    );
    // The same board from the book and the pool's calls.
    let again = leaderboard(
        &book,
        "team-blitz",
        at(START),
        at("2026-11-24T20:00:00Z"),
        &pool.logged(),
    )
    .unwrap();
    assert_eq!(again, board);
    // An activity given twice counts once.
    let twice: Vec<Activity> = pool.logged().into_iter().chain(pool.logged()).collect();
    assert_eq!(
        leaderboard(
            &book,
            "team-blitz",
            at(START),
            at("2026-11-24T20:00:00Z"),
            &twice
        )
        .unwrap(),
        board
    );
    assert!(board.to_text().contains("rep-la"));
    invalid(
        leaderboard(
            &book,
            "team-blitz",
            at("2026-11-24T20:00:00Z"),
            at(START),
            &[],
        ),
        "to",
        "before",
    );
}

// ---------------------------------------------------------------------------------
// The Daily Wrap Up

fn notes() -> WrapUpNotes {
    WrapUpNotes::from_json(&scenario()["wrap_up"]["notes"].to_string()).unwrap()
}

#[test]
fn the_wrap_up_tells_the_reps_day_from_the_book() {
    let book = fixture();
    let w = daily_wrap_up(
        &book,
        "rep-ny",
        date("2026-11-24"),
        &notes(),
        &scenario_config(),
    )
    .unwrap();
    // rep-ny's New York day: 13:30Z to 04:59Z next morning. Dials act-01, 02, 03, 05, 08
    // (act-04 is a webinar, act-09 is the 25th in New York, act-10 the 23rd).
    assert_eq!(
        w.touches,
        Tally {
            dials: 5,
            connects: 4,
            meetings_set: 1,
            webinars_set: 1,
            opportunities_uncovered: 1
        }
    );
    assert_eq!(w.new_opportunities.len(), 1);
    assert_eq!(w.new_opportunities[0].opportunity_id.as_str(), "opp-new");
    assert_eq!(w.closed_business.len(), 1);
    // Won on the 24th, 31 days: Christmas Day, a holiday: money lands Monday the 28th.
    assert_eq!(w.closed_business[0].money_lands_on, date("2026-12-28"));
    // Follow-ups: the next business day, or the rep's own.
    let due: Vec<NaiveDate> = w.follow_ups.iter().map(|f| f.due_on.unwrap()).collect();
    assert_eq!(due, [date("2026-11-25"), date("2026-11-27")]);
    let email = w.to_email(&[]);
    assert!(email.starts_with("Daily Wrap Up of rep-ny for Tuesday 2026-11-24\n"));
    assert!(email.contains("Calls made: 5, connects: 4\n"));
    assert!(email.contains("opp-won on acc-ny2: USD 12500.00, money expected 2026-12-28"));
    assert!(email.contains("acc-ny1, con-ny1-b: call due 2026-11-25"));
    assert!(email.contains("wants a discount"));
    assert_eq!(WrapUp::from_json(&w.to_json()).unwrap(), w);
    // A day with nothing: all zero, every section says none.
    let quiet = daily_wrap_up(
        &book,
        "rep-la",
        date("2026-11-22"),
        &WrapUpNotes::default(),
        &TeamConfig::default(),
    )
    .unwrap();
    assert_eq!(quiet.touches, Tally::default());
    assert!(quiet.to_email(&[]).contains("Successes (0):\n  none\n"));
}

#[test]
fn filing_a_wrap_up_puts_its_follow_ups_on_the_days_they_are_due() {
    let book = fixture();
    let w = daily_wrap_up(
        &book,
        "rep-ny",
        date("2026-11-24"),
        &notes(),
        &scenario_config(),
    )
    .unwrap();
    let changes = w.file(&book, at("2026-11-24T23:00:00Z")).unwrap();
    let ids: Vec<&str> = changes.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        ["rep-ny-wrap-2026-11-24-1", "rep-ny-wrap-2026-11-24-2"]
    );
    assert!(
        changes
            .tasks
            .iter()
            .all(|t| t.source == TaskSource::WrapUp && t.rep_id.as_str() == "rep-ny")
    );
    assert_eq!(changes.tasks[1].kind, TaskKind::Email);
    // Tomorrow's book: the follow-up due the 25th is on rep-ny's Next Day Call List as
    // a carry-over, for the contact the rep named.
    let mut data = book.clone().into_data();
    data.tasks.extend(changes.tasks.iter().cloned());
    let tomorrow = Book::new(data).unwrap();
    assert_eq!(changes.applied(&book).unwrap(), tomorrow);
    let list = next_day_call_list(
        &tomorrow,
        "rep-ny",
        date("2026-11-25"),
        &CallListConfig::default(),
        &CallListInputs::default(),
    )
    .unwrap();
    let entry = list
        .entries
        .iter()
        .find(|e| e.account_id.as_str() == "acc-ny1")
        .unwrap();
    let carried = entry
        .reasons
        .iter()
        .find(|r| r.record_id.as_deref() == Some("rep-ny-wrap-2026-11-24-1"))
        .unwrap();
    assert_eq!(carried.source, callwise::call_list::Source::CarryOver);
    assert_eq!(carried.contact_id.as_ref().unwrap().as_str(), "con-ny1-b");
    // The one due on the 27th is not carried over before then.
    assert!(
        list.entries
            .iter()
            .flat_map(|e| &e.reasons)
            .all(|r| r.record_id.as_deref() != Some("rep-ny-wrap-2026-11-24-2"))
    );
    // Filing twice is refused.
    invalid(
        w.file(&tomorrow, at("2026-11-24T23:05:00Z")),
        "wrap_up",
        "was filed",
    );
}

#[test]
fn bad_input_to_a_wrap_up_is_a_typed_error() {
    let book = fixture();
    let day = date("2026-11-24");
    let config = TeamConfig::default();
    assert!(matches!(
        daily_wrap_up(&book, "rep-ghost", day, &WrapUpNotes::default(), &config),
        Err(Error::NotFound { .. })
    ));
    let with = |f: &str| WrapUpNotes::from_json(&format!(r#"{{"follow_ups": [{f}]}}"#)).unwrap();
    invalid(
        daily_wrap_up(
            &book,
            "rep-ny",
            day,
            &with(r#"{"account_id": "acc-ny1", "due_on": "2026-11-24"}"#),
            &config,
        ),
        "follow_ups",
        "not after",
    );
    invalid(
        daily_wrap_up(
            &book,
            "rep-ny",
            day,
            &with(r#"{"account_id": "acc-ny1", "contact_id": "con-bos"}"#),
            &config,
        ),
        "follow_ups",
        "not a contact of account acc-ny1",
    );
    assert!(matches!(
        daily_wrap_up(
            &book,
            "rep-ny",
            day,
            &with(r#"{"account_id": "acc-ghost"}"#),
            &config
        ),
        Err(Error::NotFound { .. })
    ));
    invalid(
        daily_wrap_up(
            &book,
            "rep-ny",
            date("1800-01-01"),
            &WrapUpNotes::default(),
            &config,
        ),
        "day",
        "1900",
    );
    let many = WrapUpNotes {
        successes: vec!["x".into(); 201],
        ..WrapUpNotes::default()
    };
    invalid(
        daily_wrap_up(&book, "rep-ny", day, &many, &config),
        "successes",
        "at most 200",
    );
    assert!(matches!(
        WrapUpNotes::from_json(r#"{"wins": []}"#),
        Err(Error::Json { .. })
    ));
    // A hand-written wrap-up whose follow-up has no day cannot be filed.
    let mut w = daily_wrap_up(
        &book,
        "rep-ny",
        day,
        &with(r#"{"account_id": "acc-ny1"}"#),
        &config,
    )
    .unwrap();
    w.follow_ups[0].due_on = None;
    invalid(
        w.file(&book, at("2026-11-24T23:00:00Z")),
        "follow_ups",
        "no due day",
    );
}

/// The reference count: every activity of the rep, dated by converting its instant to
/// the rep's zone (the library dates by comparing with the day's bounds instead).
fn brute_tally(book: &Book, rep: &str, first: NaiveDate, last: NaiveDate) -> Tally {
    let zone: chrono_tz::Tz = book.rep(rep).unwrap().time_zone.parse().unwrap();
    let mut t = Tally::default();
    for a in &book.to_data().activities {
        let day = a.at.with_timezone(&zone).date_naive();
        if a.rep_id.as_str() == rep && day >= first && day <= last {
            t.count(a);
        }
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Every rep's wrap-up at once equals each rep's own, and counts what a brute-force
    /// reading of the book counts.
    #[test]
    fn wrap_ups_match_a_brute_force_count(seed in 0u64..500, offset in 0u64..400) {
        let book = callwise::sample_book(&callwise::SampleConfig::new(seed, 60)).unwrap();
        let day = date("2025-09-01") + chrono::Days::new(offset);
        let config = TeamConfig::default();
        let all = wrap_ups(&book, day, &config).unwrap();
        prop_assert_eq!(all.len(), book.reps().len());
        for w in &all {
            let rep = w.rep_id.as_str();
            prop_assert_eq!(w.touches, brute_tally(&book, rep, day, day));
            let alone = daily_wrap_up(&book, rep, day, &WrapUpNotes::default(), &config).unwrap();
            prop_assert_eq!(&alone, w);
            let created = book.to_data().opportunities.iter().filter(|o| o.owner_rep_id.as_str() == rep && o.created_on == day).count();
            prop_assert_eq!(w.new_opportunities.len(), created);
        }
    }
}

// ---------------------------------------------------------------------------------
// Goals

#[test]
fn periods_follow_the_fiscal_year() {
    let dates = |p: &str, start: u32| {
        let (a, b) = Period::parse(p).unwrap().dates(start);
        (a.to_string(), b.to_string())
    };
    let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(dates("2026-02", 7), pair("2026-02-01", "2026-02-28"));
    assert_eq!(dates("2028-02", 1), pair("2028-02-01", "2028-02-29"));
    assert_eq!(dates("FY2027", 1), pair("2027-01-01", "2027-12-31"));
    assert_eq!(dates("FY2027", 10), pair("2026-10-01", "2027-09-30"));
    assert_eq!(dates("FY2027-Q1", 10), pair("2026-10-01", "2026-12-31"));
    assert_eq!(dates("FY2027-Q4", 10), pair("2027-07-01", "2027-09-30"));
    assert_eq!(dates("FY2027-Q2", 12), pair("2027-03-01", "2027-05-31"));
    for bad in [
        "2026-13",
        "2026-00",
        "FY2027-Q0",
        "FY2027-Q5",
        "FY27",
        "2026-1",
        "Q1",
        "",
        "FY1899",
        "10000-01",
    ] {
        invalid(Period::parse(bad), "period", "not a period");
    }
    assert!(
        serde_json::from_str::<Goal>(r#"{"rep_id": "r", "period": "2026-13", "calls": 1}"#)
            .is_err()
    );
}

proptest! {
    /// The period of a kind containing a day contains it, and its neighbours do not
    /// overlap it: quarters tile the fiscal year.
    #[test]
    fn a_day_is_in_the_period_that_contains_it(offset in 0u64..20_000, start in 1u32..=12) {
        let day = date("1990-01-01") + chrono::Days::new(offset);
        for kind in [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year] {
            let p = Period::containing(kind, day, start).unwrap();
            let (first, last) = p.dates(start);
            prop_assert!(first <= day && day <= last, "{} {} {}", p, first, last);
            prop_assert_eq!(Period::parse(&p.to_string()).unwrap(), p);
            prop_assert_eq!(first.day(), 1);
            let next = Period::containing(kind, last + chrono::Days::new(1), start).unwrap();
            prop_assert_eq!(next.dates(start).0, last + chrono::Days::new(1));
            if kind == PeriodKind::Year {
                prop_assert_eq!(first.month(), start);
                prop_assert_eq!(last.year(), p.to_string()[2..].parse::<i32>().unwrap());
            }
        }
    }
}

fn goals() -> Vec<Goal> {
    serde_json::from_value(scenario()["goals"]["goals"].clone()).unwrap()
}

#[test]
fn goal_progress_keeps_pace_in_exact_integers() {
    let book = fixture();
    let progress = goal_progress(&book, &goals(), date("2026-11-24"), &scenario_config()).unwrap();
    // rep-ny, November: 24 of 30 days. Calls 20 → pace 16; rep-ny dialled act-01, 02,
    // 03, 05, 08 (the 24th in New York) and act-10: 6, behind by 10.
    let nov = &progress[0];
    assert_eq!((nov.days_elapsed, nov.days_total), (24, 30));
    let m = |p: &GoalProgress, metric: Metric| {
        p.measures
            .iter()
            .find(|x| x.metric == metric)
            .unwrap()
            .clone()
    };
    let calls = m(nov, Metric::Calls);
    assert_eq!(
        (calls.actual, calls.expected, calls.difference, calls.pace),
        (6, 16, -10, Pace::Behind)
    );
    let meetings = m(nov, Metric::Meetings);
    assert_eq!(
        (meetings.actual, meetings.expected, meetings.pace),
        (2, 3, Pace::Behind)
    ); // 3 × 24 / 30 = 2.4, up to 3
    assert_eq!(m(nov, Metric::NewOpportunities).actual, 1);
    let closed = m(nov, Metric::Closed);
    assert_eq!(
        (closed.actual, closed.expected, closed.pace),
        (1_250_000, 800_000, Pace::OnTrack)
    );
    assert_eq!(closed.currency.as_deref(), Some("USD"));
    // FY2027 Q1 with an October fiscal year: 1 October to 31 December.
    let q1 = &progress[1];
    assert_eq!(
        (q1.first_day, q1.last_day, q1.days_elapsed, q1.days_total),
        (date("2026-10-01"), date("2026-12-31"), 55, 92)
    );
    // The team's year: its three reps; the EUR deal is counted aside.
    let year = &progress[2];
    assert_eq!(year.team_id.as_ref().unwrap().as_str(), "team-blitz");
    assert_eq!(m(year, Metric::Closed).actual, 1_250_000 + 800_000);
    assert_eq!(year.deals_in_other_currencies, 1);
    // rep-ny's 6; rep-chi's voicemail on the 24th and call on the 2nd; rep-la's call on
    // 15 October (its inbound call on the 24th is no dial).
    assert_eq!(m(year, Metric::Calls).actual, 6 + 2 + 1);
    assert_eq!(m(year, Metric::Meetings).actual, 3);
    // December has not started: nothing elapsed, on track at 0.
    let dec = &progress[3];
    assert_eq!(
        (
            dec.days_elapsed,
            dec.measures[0].expected,
            dec.measures[0].pace
        ),
        (0, 0, Pace::OnTrack)
    );
    // As of a day after the period: all of it elapsed.
    let later =
        goal_progress(&book, &goals()[..1], date("2027-01-15"), &scenario_config()).unwrap();
    assert_eq!(
        (later[0].days_elapsed, later[0].measures[0].expected),
        (30, 20)
    );
    assert!(later[0].lines()[0].starts_with("2026-11 calls: "));
}

#[test]
fn bad_goals_are_typed_errors() {
    let book = fixture();
    let config = TeamConfig::default();
    let goal = |json: &str| -> Goal { serde_json::from_str(json).unwrap() };
    let check = |g: Goal| goal_progress(&book, &[g], date("2026-11-24"), &config);
    invalid(
        check(goal(r#"{"period": "2026-11", "calls": 1}"#)),
        "goal",
        "exactly one",
    );
    invalid(
        check(goal(
            r#"{"rep_id": "rep-ny", "team_id": "team-blitz", "period": "2026-11", "calls": 1}"#,
        )),
        "goal",
        "exactly one",
    );
    invalid(
        check(goal(r#"{"rep_id": "rep-ny", "period": "2026-11"}"#)),
        "goal",
        "at least one target",
    );
    invalid(
        check(goal(
            r#"{"rep_id": "rep-ny", "period": "2026-11", "closed": {"amount_minor": -1, "currency": "USD"}}"#,
        )),
        "goal",
        "0 or more",
    );
    assert!(matches!(
        check(goal(
            r#"{"rep_id": "rep-ghost", "period": "2026-11", "calls": 1}"#
        )),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        check(goal(
            r#"{"team_id": "team-ghost", "period": "2026-11", "calls": 1}"#
        )),
        Err(Error::NotFound { .. })
    ));
    invalid(
        goal_progress(&book, &goals(), date("1800-01-01"), &config),
        "as_of",
        "1900",
    );
    invalid(Period::month(2026, 13), "period", "no such month");
    invalid(Period::quarter(2026, 5), "period", "quarters 1 to 4");
    invalid(Period::year(10_000), "period", "1900 to 9999");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Progress equals a brute-force count of the same log, for random reps, teams,
    /// periods, fiscal years and days.
    #[test]
    fn goal_progress_matches_a_brute_force_count(
        seed in 0u64..500, offset in 0u64..900, start in 1u32..=12, kind in 0usize..3, rep_pick in 0usize..100,
    ) {
        let book = callwise::sample_book(&callwise::SampleConfig::new(seed, 60)).unwrap();
        let as_of = date("2024-06-01") + chrono::Days::new(offset);
        let config = TeamConfig { fiscal_year_start_month: start, ..TeamConfig::default() };
        let kind = [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year][kind];
        let period = Period::containing(kind, as_of, start).unwrap();
        let rep = &book.reps()[rep_pick % book.reps().len()];
        let team = rep.team_id.clone().unwrap();
        let target = |t: &str| format!(r#""calls": 100, "meetings": 10, "new_opportunities": 5, "closed": {{"amount_minor": 100, "currency": "USD"}}, "period": "{period}", {t}"#);
        let goals: Vec<Goal> = vec![
            serde_json::from_str(&format!("{{{}}}", target(&format!(r#""rep_id": "{}""#, rep.id.as_str())))).unwrap(),
            serde_json::from_str(&format!("{{{}}}", target(&format!(r#""team_id": "{}""#, team.as_str())))).unwrap(),
        ];
        let progress = goal_progress(&book, &goals, as_of, &config).unwrap();
        let (first, last) = period.dates(start);
        let members: Vec<&str> = book.reps().iter().filter(|r| r.team_id.as_ref() == Some(&team)).map(|r| r.id.as_str()).collect();
        for (p, reps) in progress.iter().zip([vec![rep.id.as_str()], members]) {
            let mut t = Tally::default();
            let (mut created, mut closed) = (0i64, 0i64);
            for r in &reps {
                let one = brute_tally(&book, r, first, as_of.min(last));
                t.dials += one.dials;
                t.meetings_set += one.meetings_set;
                t.webinars_set += one.webinars_set;
                for o in book.to_data().opportunities.iter().filter(|o| o.owner_rep_id.as_str() == *r) {
                    let inside = |d: NaiveDate| d >= first && d <= as_of.min(last);
                    created += i64::from(inside(o.created_on));
                    if o.stage == OpportunityStage::ClosedWon && o.closed_on.is_some_and(inside) && o.amount.currency == "USD" {
                        closed += o.amount.amount_minor;
                    }
                }
            }
            let actual: Vec<i64> = p.measures.iter().map(|m| m.actual).collect();
            prop_assert_eq!(actual, vec![i64::from(t.dials), i64::from(t.appointments()), created, closed]);
            let elapsed = ((as_of - first).num_days() + 1).min((last - first).num_days() + 1);
            prop_assert_eq!(i64::from(p.days_elapsed), elapsed);
            for m in &p.measures {
                // expected = ceil(target × elapsed / total), exactly.
                let total = i64::from(p.days_total);
                prop_assert!(m.expected * total >= m.target * elapsed && (m.expected - 1) * total < m.target * elapsed);
                prop_assert_eq!(m.pace == Pace::OnTrack, m.actual * total >= m.target * elapsed);
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// The hand-off baton

fn proposal(
    id: &str,
    account: &str,
    from: &str,
    to: &str,
    when: &str,
    direction: HandoffDirection,
) -> Proposal {
    Proposal {
        handoff_id: id.into(),
        account_id: account.into(),
        from_rep_id: from.into(),
        to_rep_id: to.into(),
        at: at(when),
        direction,
        checklist: Some(Readiness {
            contract_signed: true,
            kickoff_booked: true,
            notes: String::new(),
        }),
    }
}

#[test]
fn the_baton_passes_to_operations_and_back_with_one_contact_throughout() {
    let mut book = fixture();
    let mut trail: Vec<BatonStep> = Vec::new();
    let apply = |book: &mut Book, trail: &mut Vec<BatonStep>, m: BatonMove| {
        trail.extend(m.steps);
        *book = m.changes.applied(book).unwrap();
    };
    let holder = |book: &Book, trail: &[BatonStep]| {
        baton(book, "acc-ny1", trail)
            .unwrap()
            .holder
            .rep_id
            .to_string()
    };
    let s2o = HandoffDirection::SalesToOperations;
    let m = propose_handoff(
        &book,
        &trail,
        &proposal(
            "hand-3",
            "acc-ny1",
            "rep-ny",
            "rep-ops",
            "2026-11-25T15:00:00Z",
            s2o,
        ),
    )
    .unwrap();
    apply(&mut book, &mut trail, m);
    assert_eq!(holder(&book, &trail), "rep-ny"); // until accepted
    let pending = baton(&book, "acc-ny1", &trail).unwrap().pending;
    assert_eq!(
        pending.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        ["hand-3"]
    );
    // A second proposal waits for the first to be answered.
    invalid(
        propose_handoff(
            &book,
            &trail,
            &proposal(
                "hand-4",
                "acc-ny1",
                "rep-ny",
                "rep-ops2",
                "2026-11-25T16:00:00Z",
                s2o,
            ),
        ),
        "account_id",
        "hand-3",
    );
    let m = accept_handoff(
        &book,
        &trail,
        "hand-3",
        "rep-ops",
        at("2026-11-26T09:00:00Z"),
    )
    .unwrap();
    apply(&mut book, &mut trail, m);
    let account = book.account("acc-ny1").unwrap().to_account();
    assert_eq!(
        (
            account.primary_owner.rep_id.as_str(),
            account.primary_owner.role
        ),
        ("rep-ops", OwnerRole::Operations)
    );
    assert_eq!(account.primary_owner.division_id.as_str(), "div-ops");
    assert_eq!(
        account
            .co_owners
            .iter()
            .map(|o| o.rep_id.as_str())
            .collect::<Vec<_>>(),
        ["rep-ny"]
    );
    // It's OUR customer: the seller still owns it and sees its activity.
    assert!(
        book.accounts_owned_by("rep-ny")
            .any(|a| a.id() == "acc-ny1")
    );
    assert_eq!(book.activities_of("acc-ny1").count(), 4);
    // Back to sales for an expansion: to a sales rep, by the operations rep who holds it.
    let o2s = HandoffDirection::OperationsToSales;
    let mut back = proposal(
        "hand-4",
        "acc-ny1",
        "rep-ops",
        "rep-la",
        "2027-02-01T15:00:00Z",
        o2s,
    );
    back.checklist = None;
    let m = propose_handoff(&book, &trail, &back).unwrap();
    apply(&mut book, &mut trail, m);
    let m = accept_handoff(
        &book,
        &trail,
        "hand-4",
        "rep-la",
        at("2027-02-01T16:00:00Z"),
    )
    .unwrap();
    apply(&mut book, &mut trail, m);
    let now = baton(&book, "acc-ny1", &trail).unwrap();
    assert_eq!(
        (now.holder.rep_id.as_str(), now.holder.role, now.since),
        ("rep-la", OwnerRole::Sales, Some(at("2027-02-01T16:00:00Z")))
    );
    let owners: Vec<&str> = book
        .account("acc-ny1")
        .unwrap()
        .owners()
        .map(|o| o.rep_id)
        .collect();
    assert_eq!(owners, ["rep-la", "rep-ny", "rep-ops"]);
    let steps: Vec<(String, BatonAction, String)> = now
        .trail
        .iter()
        .map(|s| (s.handoff_id.to_string(), s.action, s.rep_id.to_string()))
        .collect();
    let step = |h: &str, a, r: &str| (h.to_owned(), a, r.to_owned());
    assert_eq!(
        steps,
        [
            step("hand-3", BatonAction::Proposed, "rep-ny"),
            step("hand-3", BatonAction::Accepted, "rep-ops"),
            step("hand-4", BatonAction::Proposed, "rep-ops"),
            step("hand-4", BatonAction::Accepted, "rep-la"),
        ]
    );
    assert_eq!(
        now.trail[0].checklist.as_ref().map(|c| c.kickoff_booked),
        Some(true)
    );
}

#[test]
fn invalid_moves_are_typed_errors_and_change_nothing() {
    let book = fixture();
    let before = book.to_json();
    let s2o = HandoffDirection::SalesToOperations;
    let o2s = HandoffDirection::OperationsToSales;
    let p = |id, account, from, to, direction| {
        proposal(id, account, from, to, "2026-11-25T15:00:00Z", direction)
    };
    invalid(
        propose_handoff(
            &book,
            &[],
            &p("hand-9", "acc-ny1", "rep-ny", "rep-chi", s2o),
        ),
        "to_rep_id",
        "not in operations",
    );
    invalid(
        propose_handoff(
            &book,
            &[],
            &p("hand-9", "acc-ny1", "rep-chi", "rep-ops", s2o),
        ),
        "from_rep_id",
        "does not hold the baton of account acc-ny1; rep rep-ny does",
    );
    invalid(
        propose_handoff(&book, &[], &p("hand-9", "acc-ny1", "rep-ny", "rep-ny", s2o)),
        "to_rep_id",
        "themselves",
    );
    invalid(
        propose_handoff(
            &book,
            &[],
            &p("hand-1", "acc-ny1", "rep-ny", "rep-ops", s2o),
        ),
        "handoff_id",
        "taken",
    );
    let mut unsigned = p("hand-9", "acc-ny1", "rep-ny", "rep-ops", s2o);
    unsigned.checklist = Some(Readiness::default());
    invalid(
        propose_handoff(&book, &[], &unsigned),
        "checklist",
        "contract is signed",
    );
    unsigned.checklist = None;
    invalid(
        propose_handoff(&book, &[], &unsigned),
        "checklist",
        "contract is signed",
    );
    // Returning what was never accepted: acc-ny1 never went to operations; acc-ops did,
    // but only rep-ops may send it back, and only to sales.
    invalid(
        propose_handoff(&book, &[], &p("hand-9", "acc-ny1", "rep-ny", "rep-la", o2s)),
        "direction",
        "nothing to return",
    );
    invalid(
        propose_handoff(
            &book,
            &[],
            &p("hand-9", "acc-ops", "rep-ops", "rep-ops2", o2s),
        ),
        "to_rep_id",
        "not in sales",
    );
    assert!(
        propose_handoff(
            &book,
            &[],
            &p("hand-9", "acc-ops", "rep-ops", "rep-la", o2s)
        )
        .is_ok()
    );
    // acc-pend has a pending hand-off: nothing else until it is answered.
    invalid(
        propose_handoff(
            &book,
            &[],
            &p("hand-9", "acc-pend", "rep-ny", "rep-ops", s2o),
        ),
        "account_id",
        "hand-2 of account acc-pend is pending",
    );
    // Accepting what nobody proposed, what was accepted, someone else's, or too early.
    assert!(matches!(
        accept_handoff(&book, &[], "hand-9", "rep-ops", at("2026-11-25T15:00:00Z")),
        Err(Error::NotFound { .. })
    ));
    invalid(
        accept_handoff(&book, &[], "hand-1", "rep-ops", at("2026-11-25T15:00:00Z")),
        "handoff_id",
        "was accepted",
    );
    invalid(
        accept_handoff(&book, &[], "hand-2", "rep-ops", at("2026-11-25T15:00:00Z")),
        "rep_id",
        "offered to rep rep-ops2",
    );
    invalid(
        accept_handoff(&book, &[], "hand-2", "rep-ops2", at("2026-11-20T14:00:00Z")),
        "at",
        "before hand-off hand-2 was proposed",
    );
    invalid(
        reject_handoff(
            &book,
            &[],
            "hand-2",
            "rep-ops2",
            at("2026-11-21T15:00:00Z"),
            "  ",
        ),
        "reason",
        "give the reason",
    );
    assert!(matches!(
        accept_handoff(
            &book,
            &[],
            "hand-2",
            "rep-ghost",
            at("2026-11-21T15:00:00Z")
        ),
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        baton(&book, "acc-ghost", &[]),
        Err(Error::NotFound { .. })
    ));
    // A rejected proposal cannot be accepted, and steps cannot go back in time.
    let rejected = reject_handoff(
        &book,
        &[],
        "hand-2",
        "rep-ops2",
        at("2026-11-21T15:00:00Z"),
        "No kickoff yet",
    )
    .unwrap();
    assert_eq!(
        rejected.steps.iter().map(|s| s.action).collect::<Vec<_>>(),
        [BatonAction::Proposed, BatonAction::Rejected]
    );
    let after = rejected.changes.applied(&book).unwrap();
    invalid(
        accept_handoff(
            &after,
            &rejected.steps,
            "hand-2",
            "rep-ops2",
            at("2026-11-22T15:00:00Z"),
        ),
        "handoff_id",
        "was rejected",
    );
    invalid(
        propose_handoff(
            &after,
            &rejected.steps,
            &proposal(
                "hand-9",
                "acc-pend",
                "rep-ny",
                "rep-ops",
                "2026-11-21T14:00:00Z",
                s2o,
            ),
        ),
        "at",
        "before the last step",
    );
    assert!(
        propose_handoff(
            &after,
            &rejected.steps,
            &proposal(
                "hand-9",
                "acc-pend",
                "rep-ny",
                "rep-ops",
                "2026-11-21T16:00:00Z",
                s2o
            )
        )
        .is_ok()
    );
    assert_eq!(book.to_json(), before);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Any sequence of moves, valid or not, in any order: the account always has one
    /// primary owner, who is no co-owner, whom the baton names; a valid acceptance makes
    /// its receiver the holder and keeps the one before as an owner; an invalid move
    /// changes nothing.
    #[test]
    fn one_contact_whatever_the_order_of_events(moves in proptest::collection::vec((0usize..4, 0usize..6, 0usize..6, 0i64..48), 1..24)) {
        let mut book = fixture();
        let mut trail: Vec<BatonStep> = Vec::new();
        let reps = ["rep-ny", "rep-chi", "rep-la", "rep-ops", "rep-ops2", "rep-den"];
        let mut when = at("2026-12-01T00:00:00Z");
        let mut next = 0;
        for (kind, a, b, hours) in moves {
            when += Duration::hours(hours);
            let account = ["acc-ny1", "acc-ops"][a % 2];
            let before = book.account(account).unwrap().to_account();
            let pending: Option<String> = baton(&book, account, &trail).unwrap().pending.first().map(|h| h.id.to_string());
            let result = match (kind, &pending) {
                (0 | 1, _) => {
                    next += 1;
                    let direction = if kind == 0 { HandoffDirection::SalesToOperations } else { HandoffDirection::OperationsToSales };
                    propose_handoff(&book, &trail, &proposal(&format!("h-{next}"), account, reps[a], reps[b], &when.to_rfc3339(), direction))
                }
                (2, Some(id)) => accept_handoff(&book, &trail, id, reps[b], when),
                (_, Some(id)) => reject_handoff(&book, &trail, id, reps[b], when, "not yet"),
                (_, None) => accept_handoff(&book, &trail, "h-none", reps[b], when),
            };
            let Ok(m) = result else {
                prop_assert_eq!(book.account(account).unwrap().to_account(), before.clone());
                continue;
            };
            let accepted = m.steps.iter().find(|s| s.action == BatonAction::Accepted).map(|s| s.rep_id.clone());
            trail.extend(m.steps.clone());
            book = m.changes.applied(&book).unwrap();
            let account_now = book.account(account).unwrap().to_account();
            let now = baton(&book, account, &trail).unwrap();
            prop_assert_eq!(&now.holder, &account_now.primary_owner);
            prop_assert!(account_now.co_owners.iter().all(|o| o.rep_id != now.holder.rep_id));
            prop_assert!(now.pending.len() <= 1);
            if let Some(receiver) = accepted {
                prop_assert_eq!(&now.holder.rep_id, &receiver);
                prop_assert!(account_now.owners().any(|o| o.rep_id == before.primary_owner.rep_id));
                prop_assert_eq!(now.since, Some(when));
            } else {
                prop_assert_eq!(&account_now.primary_owner, &before.primary_owner);
            }
            // The trail is in time order.
            prop_assert!(now.trail.windows(2).all(|w| w[0].at <= w[1].at));
        }
    }
}

// ---------------------------------------------------------------------------------
// The shared scenario

/// The scenario's text, as every language builds it.
fn scenario_text() -> String {
    let s = scenario();
    let book = fixture();
    let config = scenario_config();
    let p = &s["pool"];
    let source: ListKind = serde_json::from_value(p["source"].clone()).unwrap();
    let pool = blitz_pool(
        &book,
        p["team_id"].as_str().unwrap(),
        source,
        at(p["start"].as_str().unwrap()),
        p["minutes"].as_u64().unwrap() as u32,
        &CallListConfig::default(),
        &CallListInputs::default(),
        &config,
    )
    .unwrap();
    let mut out = String::from("== pool\n");
    out += &pool.snapshot(at(p["start"].as_str().unwrap())).to_json();
    out += "== script\n";
    let outcome = |r: Result<String, Error>| r.unwrap_or_else(|e| format!("error: {e}"));
    for op in s["script"].as_array().unwrap() {
        let str_of = |k: &str| op[k].as_str().unwrap_or_default().to_owned();
        let (rep, account, when) = (str_of("rep_id"), str_of("account_id"), str_of("at"));
        let (line, result) = match op["op"].as_str().unwrap() {
            "claim" => (
                format!("claim {rep} {when}"),
                pool.claim(&rep, at(&when))
                    .map(|c| c.map_or("none".to_owned(), |c| c.account_id.to_string())),
            ),
            "claim_account" => (
                format!("claim_account {rep} {account} {when}"),
                pool.claim_account(&rep, &account, at(&when))
                    .map(|c| c.account_id.to_string()),
            ),
            "release" => (
                format!("release {rep} {account} {when}"),
                pool.release(&rep, &account, at(&when))
                    .map(|()| "ok".to_owned()),
            ),
            "log_call" => {
                let activity: Activity = serde_json::from_value(op["activity"].clone()).unwrap();
                (
                    format!("log_call {}", activity.id.as_str()),
                    pool.log_call(&activity).map(|()| "ok".to_owned()),
                )
            }
            "drain" => {
                let mut got = Vec::new();
                let result = loop {
                    match pool.claim(&rep, at(&when)) {
                        Ok(Some(c)) => got.push(c.account_id.to_string()),
                        Ok(None) if got.is_empty() => break Ok("none".to_owned()),
                        Ok(None) => break Ok(got.join(",")),
                        Err(e) => break Err(e),
                    }
                };
                (format!("drain {rep} {when}"), result)
            }
            other => panic!("{other}"),
        };
        out += &format!("{line}: {}\n", outcome(result));
    }
    out += "== snapshot\n";
    out += &pool
        .snapshot(at(s["snapshot_at"].as_str().unwrap()))
        .to_json();
    out += "== leaderboard\n";
    out += &pool.leaderboard().to_json();
    let w = &s["wrap_up"];
    let rep = w["rep_id"].as_str().unwrap();
    let goals: Vec<Goal> = serde_json::from_value(s["goals"]["goals"].clone()).unwrap();
    let as_of = date(s["goals"]["as_of"].as_str().unwrap());
    let progress = goal_progress(&book, &goals, as_of, &config).unwrap();
    let notes = WrapUpNotes::from_json(&w["notes"].to_string()).unwrap();
    let wrap_up = daily_wrap_up(
        &book,
        rep,
        date(w["day"].as_str().unwrap()),
        &notes,
        &config,
    )
    .unwrap();
    let mine: Vec<GoalProgress> = progress
        .iter()
        .filter(|p| p.rep_id.as_ref().is_some_and(|r| r.as_str() == rep))
        .cloned()
        .collect();
    out += "== wrap-up\n";
    out += &wrap_up.to_json();
    out += &wrap_up.to_email(&mine);
    let changes = wrap_up
        .file(&book, at(w["filed_at"].as_str().unwrap()))
        .unwrap();
    out += "== filed\n";
    out += &changes.to_json();
    let tomorrow = changes.applied(&book).unwrap();
    out += "== next day\n";
    out += &next_day_call_list(
        &tomorrow,
        rep,
        date(w["next_day"].as_str().unwrap()),
        &CallListConfig::default(),
        &CallListInputs::default(),
    )
    .unwrap()
    .to_json();
    out += "== goals\n";
    for p in &progress {
        out += &p.to_json();
    }
    out += "== baton\n";
    let mut book = book;
    let mut trail: Vec<BatonStep> = Vec::new();
    for op in s["baton"].as_array().unwrap() {
        let str_of = |k: &str| op[k].as_str().unwrap_or_default().to_owned();
        let (line, result) = match op["op"].as_str().unwrap() {
            "propose" => {
                let proposal: Proposal = serde_json::from_value(op["proposal"].clone()).unwrap();
                (
                    format!("propose {}", proposal.handoff_id.as_str()),
                    propose_handoff(&book, &trail, &proposal),
                )
            }
            "accept" => (
                format!("accept {} {}", str_of("handoff_id"), str_of("rep_id")),
                accept_handoff(
                    &book,
                    &trail,
                    &str_of("handoff_id"),
                    &str_of("rep_id"),
                    at(&str_of("at")),
                ),
            ),
            "reject" => (
                format!("reject {} {}", str_of("handoff_id"), str_of("rep_id")),
                reject_handoff(
                    &book,
                    &trail,
                    &str_of("handoff_id"),
                    &str_of("rep_id"),
                    at(&str_of("at")),
                    &str_of("reason"),
                ),
            ),
            other => panic!("{other}"),
        };
        let text = match result {
            Ok(m) => {
                trail.extend(m.steps.iter().cloned());
                book = m.changes.applied(&book).unwrap();
                "ok".to_owned()
            }
            Err(e) => format!("error: {e}"),
        };
        out += &format!("{line}: {text}\n");
    }
    for account in s["baton_accounts"].as_array().unwrap() {
        out += &baton(&book, account.as_str().unwrap(), &trail)
            .unwrap()
            .to_json();
    }
    out
}

#[test]
fn the_shared_scenario_gives_the_committed_answers() {
    expect_file("conformance/team.txt", &scenario_text());
}
