//! Live changes: logging activities, adding tasks, recording responses and attendees one
//! at a time gives the same book as loading them all at once, and a refused change
//! leaves the book exactly as it was.

use callwise::call_list::{CallListConfig, CallListInputs, Reason, Source, reasons_for};
use callwise::*;
use proptest::prelude::*;
use proptest::sample::Index;

/// What can be seen of a book: its JSON, each account's records through the indexes
/// (activities in time order), each rep's accounts, every reason to call on a day (the
/// sources read tasks, responses, attendees and activities through their indexes), and
/// whether each contact may be called under caps (the caps count the account's
/// attempts). The store's tests compare it too, after replay changed a book in place.
pub(crate) fn observed(book: &Book) -> (String, Vec<String>, Vec<Reason>, Vec<Verdict>) {
    let mut lookups = Vec::new();
    for r in book.rep_ids() {
        let owned: Vec<&str> = book.accounts_owned_by(r.as_str()).map(|a| a.id()).collect();
        lookups.push(format!("{r}: {}", owned.join(",")));
    }
    for a in book.account_ids() {
        let ids = |it: &mut dyn Iterator<Item = String>| it.collect::<Vec<_>>().join(",");
        lookups.push(format!(
            "{a}: {} | {} | {} | {} | {}",
            ids(&mut book
                .activities_of(a)
                .map(|x| format!("{}@{}", x.id(), x.at()))),
            ids(&mut book.contacts_of(a).map(|x| x.id().to_owned())),
            ids(&mut book.opportunities_of(a).map(|x| x.id().to_owned())),
            ids(&mut book.memberships_of(a).map(|x| x.id().to_owned())),
            ids(&mut book.handoffs_of(a).map(|x| x.id.to_string())),
        ));
        let back: Vec<_> = book
            .activities_of(a)
            .rev()
            .map(|x| x.id().to_owned())
            .collect();
        let mut forth: Vec<_> = book.activities_of(a).map(|x| x.id().to_owned()).collect();
        forth.reverse();
        assert_eq!(back, forth, "{a}: the history read backwards");
    }
    let config = CallListConfig {
        next_day_sources: Source::ALL.to_vec(),
        ..CallListConfig::default()
    };
    let day = "2026-11-02".parse().unwrap();
    let reasons = reasons_for(book, day, &config, &CallListInputs::default(), None).unwrap();
    let rules = CallingRules::default().with_caps(Some(2), Some(3)).unwrap();
    let at = "2026-10-30T18:00:00Z".parse().unwrap();
    let verdicts = book
        .contacts()
        .map(|c| book.can_call(c.id(), at, &rules).unwrap())
        .collect();
    (book.to_json(), lookups, reasons, verdicts)
}

/// Takes `n` records off the end of `items`, in order.
fn take_last<T>(items: &mut Vec<T>, n: usize) -> Vec<T> {
    items.split_off(items.len() - n.min(items.len()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn appending_one_at_a_time_is_loading_all_at_once(
        seed in 0u64..1000,
        shuffle in any::<u64>(),
        activities in 0usize..400,
        tasks in 0usize..8,
        responses in 0usize..6,
        attendees in 0usize..6,
        tie in any::<bool>(),
    ) {
        let mut full = sample_book(&SampleConfig::new(seed, 30)).unwrap().to_data();
        // Activities in a shuffled book order, so those logged last touch many accounts.
        let n = full.activities.len();
        let mut state = shuffle | 1;
        for i in (1..n).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            full.activities.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut head = full.clone();
        let logged = take_last(&mut head.activities, activities);
        if tie && let Some(first) = logged.first() {
            // A logged activity at the very instant of one already in its account's
            // history comes after it.
            let twin = head.activities.iter().find(|a| a.account_id == first.account_id).map(|a| a.at);
            if let Some(at) = twin {
                let k = full.activities.len() - logged.len();
                full.activities[k].at = at;
            }
        }
        let logged = full.activities[full.activities.len() - logged.len()..].to_vec();
        let added = take_last(&mut head.tasks, tasks);
        let mut recorded = Vec::new();
        for campaign in &mut head.campaigns {
            for r in take_last(&mut campaign.responses, responses) {
                recorded.push((campaign.id.clone(), r));
            }
        }
        let mut seated = Vec::new();
        for event in &mut head.events {
            for a in take_last(&mut event.attendees, attendees) {
                seated.push((event.id.clone(), a));
            }
        }
        let mut book = Book::new(head).unwrap();
        for a in logged {
            book.log_activity(a).unwrap();
        }
        for t in added {
            book.add_task(t).unwrap();
        }
        for (c, r) in recorded {
            book.record_campaign_response(c.as_str(), r).unwrap();
        }
        for (e, a) in seated {
            book.record_attendee(e.as_str(), a).unwrap();
        }
        let whole = Book::new(full).unwrap();
        prop_assert_eq!(observed(&book), observed(&whole));
    }

    #[test]
    fn a_refused_change_changes_nothing(seed in 0u64..1000, which in 0usize..13, pick in any::<Index>()) {
        let mut book = sample_book(&SampleConfig::new(seed, 20)).unwrap();
        let data = book.to_data();
        // A small sample book may have no task (the cases below need one to copy).
        prop_assume!(!data.tasks.is_empty());
        let mut a = data.activities[pick.index(data.activities.len())].clone();
        a.id = "act-new".into();
        let other = data.contacts.iter().find(|c| c.account_id != a.account_id).unwrap();
        let mut task = data.tasks[pick.index(data.tasks.len())].clone();
        task.id = "task-new".into();
        let response = CampaignResponse {
            contact_id: "ghost".into(),
            at: "2026-11-02T15:00:00Z".parse().unwrap(),
            kind: ResponseKind::Replied,
        };
        let seat = Attendee { contact_id: "ghost".into(), status: AttendeeStatus::Attended };
        let before = observed(&book);
        let result = match which {
            0 => book.log_activity(Activity { id: data.activities[0].id.clone(), ..a.clone() }),
            1 => book.log_activity(Activity { account_id: "ghost".into(), ..a.clone() }),
            2 => book.log_activity(Activity { contact_id: Some("ghost".into()), ..a.clone() }),
            3 => book.log_activity(Activity { contact_id: Some(other.id.clone()), ..a.clone() }),
            4 => book.log_activity(Activity { rep_id: "ghost".into(), ..a.clone() }),
            5 => book.log_activity(Activity { opportunity_id: Some("ghost".into()), ..a.clone() }),
            6 => book.log_activity(Activity { campaign_id: Some("ghost".into()), id: "".into(), ..a.clone() }),
            7 => book.add_task(Task { id: data.tasks[0].id.clone(), ..task.clone() }),
            8 => book.add_task(Task { contact_id: Some(other.id.clone()), rep_id: "ghost".into(), ..task.clone() }),
            9 => book.record_campaign_response("camp-001", response),
            10 => book.record_attendee(data.events[0].id.as_str(), seat),
            11 => book.record_campaign_response("no-such-campaign", CampaignResponse { contact_id: other.id.clone(), ..response }),
            _ => book.complete_task(task.id.as_str(), a.at),
        };
        prop_assert!(result.is_err(), "case {which} was accepted");
        if which < 11 {
            prop_assert!(matches!(result, Err(Error::Validation { .. })), "case {which}: {result:?}");
        }
        prop_assert!(book.contact("ghost").is_none() && book.account("ghost").is_none());
        prop_assert!(book.rep("ghost").is_none());
        prop_assert_eq!(observed(&book), before);
        // The book takes the same good change as a fresh copy does.
        let mut fresh = sample_book(&SampleConfig::new(seed, 20)).unwrap();
        book.log_activity(a.clone()).unwrap();
        fresh.log_activity(a).unwrap();
        prop_assert_eq!(observed(&book), observed(&fresh));
    }
}

#[test]
fn a_refused_activity_names_its_problems_where_it_would_stand() {
    let mut book = sample_book(&SampleConfig::new(7, 20)).unwrap();
    let n = book.activities().len();
    let mut a = book.activities().next().unwrap().to_activity();
    a.account_id = "ghost".into();
    a.rep_id = "nobody".into();
    match book.log_activity(a) {
        Err(Error::Validation { problems }) => {
            let paths: Vec<_> = problems.iter().map(|p| (p.path(), p.kind)).collect();
            assert_eq!(
                paths,
                [
                    (format!("activities[{n}].id"), ProblemKind::DuplicateId),
                    (
                        format!("activities[{n}].account_id"),
                        ProblemKind::DanglingReference
                    ),
                    (
                        format!("activities[{n}].contact_id"),
                        ProblemKind::Inconsistent
                    ),
                    (
                        format!("activities[{n}].rep_id"),
                        ProblemKind::DanglingReference
                    ),
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn consent_and_do_not_call_change_what_the_calling_rules_say() {
    let mut book = sample_book(&SampleConfig::new(7, 20)).unwrap();
    let contact = book
        .contacts()
        .find(|c| !c.do_not_call() && c.consent_for(Channel::Call) == Consent::Granted)
        .unwrap()
        .id()
        .to_owned();
    let at = "2026-11-03T18:00:00Z".parse().unwrap();
    let rules = CallingRules::default();
    assert_eq!(
        book.can_call(&contact, at, &rules).unwrap(),
        Verdict::Allowed
    );
    book.set_consent(&contact, Channel::Call, Consent::Denied)
        .unwrap();
    assert!(matches!(
        book.can_call(&contact, at, &rules).unwrap(),
        Verdict::Blocked {
            rule: BlockRule::NoConsent,
            ..
        }
    ));
    book.set_consent(&contact, Channel::Call, Consent::Granted)
        .unwrap();
    book.set_do_not_call(&contact, true).unwrap();
    assert!(matches!(
        book.can_call(&contact, at, &rules).unwrap(),
        Verdict::Blocked {
            rule: BlockRule::DoNotCall,
            ..
        }
    ));
    let json = book.to_json();
    assert_eq!(Book::from_json(&json).unwrap().to_json(), json);
    assert!(matches!(
        book.set_do_not_call("nobody", true),
        Err(Error::NotFound {
            kind: RecordKind::Contact,
            ..
        })
    ));
}

#[test]
fn books_are_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Book>();
}
