//! The book's indexes: by owner, by account, activities in time order.

use callwise::{Book, OwnerRole, Ownership, SampleConfig, sample_book};

fn sample() -> callwise::BookData {
    sample_book(&SampleConfig::new(11, 30)).unwrap().into_data()
}

#[test]
fn a_rep_in_two_roles_on_one_account_owns_it_once() {
    let mut data = sample();
    let rep = data.accounts[0].primary_owner.rep_id.clone();
    let div = data.accounts[0].primary_owner.division_id.clone();
    data.accounts[0].co_owners = vec![Ownership::new(rep.clone(), OwnerRole::Operations, div)];
    let book = Book::new(data).unwrap();
    let first = book.to_data().accounts[0].id.clone();
    assert_eq!(
        book.accounts_owned_by(rep.as_str())
            .filter(|a| a.id() == first.as_str())
            .count(),
        1
    );
}

#[test]
fn every_account_is_owned_by_each_of_its_owners_and_no_one_else() {
    let book = Book::new(sample()).unwrap();
    for rep in book.rep_ids() {
        let owned: Vec<_> = book
            .accounts_owned_by(rep.as_str())
            .map(|a| a.id())
            .collect();
        let expected: Vec<_> = book
            .accounts()
            .filter(|a| a.owners().any(|o| o.rep_id == rep.as_str()))
            .map(|a| a.id())
            .collect();
        assert_eq!(owned, expected, "rep {rep}");
    }
    assert_eq!(book.accounts_owned_by("nobody").count(), 0);
}

#[test]
fn activities_are_in_time_order_with_ties_in_book_order() {
    let mut data = sample();
    // The first account with two activities or more.
    let (account, mut mine) = data
        .accounts
        .iter()
        .map(|a| {
            let mine: Vec<usize> = (0..data.activities.len())
                .filter(|&i| data.activities[i].account_id == a.id)
                .collect();
            (a.id.clone(), mine)
        })
        .find(|(_, mine)| mine.len() >= 2)
        .unwrap();
    // Make the last two activities of the account simultaneous, and reverse the book's order.
    let (a, b) = (mine[mine.len() - 2], mine[mine.len() - 1]);
    data.activities[b].at = data.activities[a].at;
    data.activities.swap(a, b);
    let book = Book::new(data).unwrap();
    let times: Vec<_> = book
        .activities_of(account.as_str())
        .map(|x| x.at())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    let data = book.to_data();
    mine.sort_by_key(|&i| (data.activities[i].at, i));
    let ids: Vec<_> = book
        .activities_of(account.as_str())
        .map(|x| x.id())
        .collect();
    let expected: Vec<_> = mine
        .iter()
        .map(|&i| data.activities[i].id.as_str())
        .collect();
    assert_eq!(ids, expected);
}

#[test]
fn a_contact_is_called_in_their_own_zone_when_they_have_one() {
    let mut data = sample();
    data.contacts[0].time_zone = Some("Australia/Lord_Howe".into());
    data.contacts[1].time_zone = None;
    let book = Book::new(data).unwrap();
    let data = book.to_data();
    let (c0, c1) = (&data.contacts[0], &data.contacts[1]);
    assert_eq!(
        book.contact_time_zone(c0.id.as_str()).unwrap(),
        "Australia/Lord_Howe"
    );
    let account_zone = book.account(c1.account_id.as_str()).unwrap().time_zone();
    assert_eq!(
        book.contact_time_zone(c1.id.as_str()).unwrap(),
        account_zone
    );
    assert!(matches!(
        book.contact_time_zone("nobody"),
        Err(callwise::Error::NotFound {
            kind: callwise::RecordKind::Contact,
            ..
        })
    ));
}

#[test]
fn every_record_of_an_account_is_found_through_it() {
    let book = Book::new(sample_book(&SampleConfig::new(5, 80)).unwrap().into_data()).unwrap();
    let d = book.to_data();
    let total =
        |f: &dyn Fn(&str) -> usize| d.accounts.iter().map(|a| f(a.id.as_str())).sum::<usize>();
    assert_eq!(total(&|a| book.contacts_of(a).count()), d.contacts.len());
    assert_eq!(
        total(&|a| book.activities_of(a).count()),
        d.activities.len()
    );
    assert_eq!(
        total(&|a| book.opportunities_of(a).count()),
        d.opportunities.len()
    );
    assert_eq!(
        total(&|a| book.memberships_of(a).count()),
        d.memberships.len()
    );
    assert_eq!(total(&|a| book.handoffs_of(a).count()), d.handoffs.len());
}
