//! Accounts, contacts, opportunities, memberships, campaign responses and event
//! attendees as columns.

use super::Store;
use super::codes::{Code, NO_DAY, day, day_opt, micros};
use super::strings::{Bits, IdTable, NONE, Sparse, Strings};
use crate::book::json::{Text, borrowed};
use crate::error::{RecordKind, Result};
use crate::{
    Account, Attendee, Birthday, CampaignResponse, Channel, Consent, Contact, Membership, Money,
    Opportunity, Ownership,
};

/// Time zone names, each once, with their parsed zone (`None` for a name the tz
/// database does not know: validation reports it).
#[derive(Clone, Debug, Default)]
pub(crate) struct Zones {
    pub(crate) names: IdTable,
    pub(crate) zones: Vec<Option<chrono_tz::Tz>>,
}

impl Zones {
    /// The number of the zone named `name`, added when new.
    pub(crate) fn intern(&mut self, name: &str) -> Result<u32> {
        let before = self.names.len();
        let z = self.names.intern(name)?;
        if self.names.len() > before {
            self.zones.push(name.parse().ok());
        }
        Ok(z)
    }

    /// The zone numbered `z` (UTC for an unknown name, which no valid book has).
    pub(crate) fn tz(&self, z: u32) -> chrono_tz::Tz {
        self.zones[z as usize].unwrap_or(chrono_tz::UTC)
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.names.heap_bytes() + self.zones.capacity() * 2
    }
}

/// One owner of an account: rep and division numbers, the role's byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Owner {
    pub(crate) rep: u32,
    pub(crate) division: u32,
    pub(crate) role: u8,
}

/// Accounts: ids in the store's id table, the rest here.
#[derive(Clone, Debug, Default)]
pub(crate) struct Accounts {
    pub(crate) name: Strings,
    pub(crate) kind: Vec<u8>,
    pub(crate) status: Vec<u8>,
    /// A word, or [`NONE`].
    pub(crate) territory: Vec<u32>,
    pub(crate) zone: Vec<u32>,
    pub(crate) primary: Vec<Owner>,
    /// Where each account's co-owners start in `co_owners` (one more than accounts).
    pub(crate) co_start: Vec<u32>,
    pub(crate) co_owners: Vec<Owner>,
}

impl Accounts {
    pub(crate) fn len(&self) -> usize {
        self.kind.len()
    }

    /// The co-owners of the account at `a`.
    pub(crate) fn co_owners(&self, a: u32) -> &[Owner] {
        let a = a as usize;
        &self.co_owners[self.co_start[a] as usize..self.co_start[a + 1] as usize]
    }

    /// Gives the account at `a` the primary owner `primary` and the co-owners `co`.
    pub(crate) fn set_owners(&mut self, a: u32, primary: Owner, co: &[Owner]) {
        let a = a as usize;
        self.primary[a] = primary;
        let (lo, hi) = (self.co_start[a] as usize, self.co_start[a + 1] as usize);
        self.co_owners.splice(lo..hi, co.iter().copied());
        // At most u32::MAX co-owners: `co` is the old list with one owner more at most.
        let grown = co.len() as i64 - (hi - lo) as i64;
        for start in &mut self.co_start[a + 1..] {
            *start = (i64::from(*start) + grown) as u32;
        }
    }

    pub(crate) fn renumber_owners(&mut self, f: impl Fn(&mut Owner)) {
        self.primary.iter_mut().for_each(&f);
        self.co_owners.iter_mut().for_each(&f);
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.name.heap_bytes()
            + self.kind.capacity() * 2
            + (self.territory.capacity() + self.zone.capacity() + self.co_start.capacity()) * 4
            + (self.primary.capacity() + self.co_owners.capacity()) * size_of::<Owner>()
    }

    pub(crate) fn shrink(&mut self) {
        self.name.shrink();
        self.kind.shrink_to_fit();
        self.status.shrink_to_fit();
        self.territory.shrink_to_fit();
        self.zone.shrink_to_fit();
        self.primary.shrink_to_fit();
        self.co_start.shrink_to_fit();
        self.co_owners.shrink_to_fit();
    }
}

/// The columns of an [`Account`] (its id defined), through its borrowed form.
pub(crate) fn push_account(store: &mut Store, a: Account) -> Result<()> {
    fn owner(o: &Ownership) -> borrowed::Ownership<'_> {
        borrowed::Ownership {
            rep_id: Text::of(o.rep_id.as_str()),
            role: o.role,
            division_id: Text::of(o.division_id.as_str()),
        }
    }
    let view = borrowed::Account {
        id: Text::of(a.id.as_str()),
        name: Text::of(&a.name),
        kind: a.kind,
        status: a.status,
        territory_zone: a.territory_zone.as_deref().map(Text::of),
        time_zone: Text::of(&a.time_zone),
        primary_owner: owner(&a.primary_owner),
        co_owners: a.co_owners.iter().map(owner).collect(),
    };
    account_columns(store, &view)
}

fn owner_columns(store: &mut Store, o: &borrowed::Ownership<'_>) -> Result<Owner> {
    Ok(Owner {
        rep: store.sym(RecordKind::Rep, o.rep_id.as_str())?,
        division: store.sym(RecordKind::Division, o.division_id.as_str())?,
        role: o.role.code(),
    })
}

/// Adds an account as read from JSON, as [`Store::push_account`] adds an [`Account`]
/// (its id and every text numbered in the same order), its strings copied straight
/// into the columns.
pub(crate) fn push_account_read(store: &mut Store, a: &borrowed::Account<'_>) -> Result<()> {
    store.define(RecordKind::Account, a.id.as_str())?;
    account_columns(store, a)
}

/// The columns of an account (its id defined).
fn account_columns(store: &mut Store, a: &borrowed::Account<'_>) -> Result<()> {
    let primary = owner_columns(store, &a.primary_owner)?;
    let mut co = Vec::with_capacity(a.co_owners.len());
    for o in &a.co_owners {
        co.push(owner_columns(store, o)?);
    }
    let territory = match Text::opt(&a.territory_zone) {
        Some(t) => store.words.intern(t)?,
        None => NONE,
    };
    let zone = store.zones.intern(a.time_zone.as_str())?;
    let x = &mut store.accounts;
    x.name.push(a.name.as_str())?;
    x.kind.push(a.kind.code());
    x.status.push(a.status.code());
    x.territory.push(territory);
    x.zone.push(zone);
    x.primary.push(primary);
    if x.co_start.is_empty() {
        x.co_start.push(0);
    }
    x.co_owners.extend(co);
    x.co_start.push(x.co_owners.len() as u32);
    Ok(())
}

/// A birthday packed in 32 bits: 0 for none, else a marker bit, the month (4 bits),
/// the day (5 bits) and the year (14 bits, 0 for none).
fn pack_birthday(b: Option<Birthday>) -> Option<u32> {
    let Some(b) = b else { return Some(0) };
    let year = match b.year {
        None => 0,
        Some(y) if (1..1 << 14).contains(&y) => y as u32,
        Some(_) => return None,
    };
    (b.month < 16 && b.day < 32).then_some(1 << 31 | b.month << 19 | b.day << 14 | year)
}

fn unpack_birthday(packed: u32) -> Option<Birthday> {
    (packed != 0).then(|| Birthday {
        month: packed >> 19 & 0xF,
        day: packed >> 14 & 0x1F,
        year: Some((packed & 0x3FFF) as i32).filter(|&y| y != 0),
    })
}

/// The bit of do-not-call in a contact's flags; the consent per channel takes two bits
/// each below it (0: none recorded, else the consent's byte plus one).
const DO_NOT_CALL: u16 = 1 << 15;

/// Contacts.
#[derive(Clone, Debug, Default)]
pub(crate) struct Contacts {
    pub(crate) account: Vec<u32>,
    pub(crate) name: Strings,
    /// A word, or [`NONE`].
    pub(crate) title: Vec<u32>,
    pub(crate) phone_start: Vec<u32>,
    pub(crate) phone_number: Strings,
    pub(crate) phone_kind: Vec<u8>,
    pub(crate) email_start: Vec<u32>,
    pub(crate) email_address: Strings,
    pub(crate) email_primary: Bits,
    /// Packed birthdays; those that do not pack (out of range: validation refuses
    /// them) are in `odd_birthdays`.
    pub(crate) birthday: Vec<u32>,
    pub(crate) odd_birthdays: Sparse<Birthday>,
    /// A zone, or [`NONE`] for the account's.
    pub(crate) zone: Vec<u32>,
    pub(crate) flags: Vec<u16>,
}

impl Contacts {
    pub(crate) fn len(&self) -> usize {
        self.account.len()
    }

    pub(crate) fn birthday(&self, c: u32) -> Option<Birthday> {
        match self.odd_birthdays.get(c) {
            Some(b) => Some(b),
            None => unpack_birthday(self.birthday[c as usize]),
        }
    }

    pub(crate) fn do_not_call(&self, c: u32) -> bool {
        self.flags[c as usize] & DO_NOT_CALL != 0
    }

    /// The consent recorded for `channel`, `None` when nothing is.
    pub(crate) fn consent(&self, c: u32, channel: Channel) -> Option<Consent> {
        let bits = self.flags[c as usize] >> (2 * channel.code()) & 3;
        (bits != 0).then(|| Consent::from_code(bits as u8 - 1))
    }

    pub(crate) fn set_do_not_call(&mut self, c: u32, on: bool) {
        let f = &mut self.flags[c as usize];
        *f = if on {
            *f | DO_NOT_CALL
        } else {
            *f & !DO_NOT_CALL
        };
    }

    pub(crate) fn set_consent(&mut self, c: u32, channel: Channel, consent: Option<Consent>) {
        let shift = 2 * channel.code();
        let bits = consent.map_or(0, |x| u16::from(x.code()) + 1);
        let f = &mut self.flags[c as usize];
        *f = (*f & !(3 << shift)) | bits << shift;
    }

    /// The range of the phones (or e-mails) of contact `c` in `starts`.
    pub(crate) fn range(starts: &[u32], c: u32) -> std::ops::Range<u32> {
        starts[c as usize]..starts[c as usize + 1]
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        (self.account.capacity()
            + self.title.capacity()
            + self.phone_start.capacity()
            + self.email_start.capacity()
            + self.birthday.capacity()
            + self.zone.capacity())
            * 4
            + self.name.heap_bytes()
            + self.phone_number.heap_bytes()
            + self.phone_kind.capacity()
            + self.email_address.heap_bytes()
            + self.email_primary.heap_bytes()
            + self.odd_birthdays.heap_bytes()
            + self.flags.capacity() * 2
    }

    pub(crate) fn shrink(&mut self) {
        self.account.shrink_to_fit();
        self.name.shrink();
        self.title.shrink_to_fit();
        self.phone_start.shrink_to_fit();
        self.phone_number.shrink();
        self.phone_kind.shrink_to_fit();
        self.email_start.shrink_to_fit();
        self.email_address.shrink();
        self.birthday.shrink_to_fit();
        self.zone.shrink_to_fit();
        self.flags.shrink_to_fit();
    }
}

/// The columns of a [`Contact`] (its id defined), through its borrowed form.
pub(crate) fn push_contact(store: &mut Store, c: Contact) -> Result<()> {
    let view = borrowed::Contact {
        id: Text::of(c.id.as_str()),
        account_id: Text::of(c.account_id.as_str()),
        name: Text::of(&c.name),
        title: c.title.as_deref().map(Text::of),
        phones: (c.phones.iter())
            .map(|p| borrowed::Phone {
                number: Text::of(&p.number),
                kind: p.kind,
            })
            .collect(),
        emails: (c.emails.iter())
            .map(|e| borrowed::Email {
                address: Text::of(&e.address),
                primary: e.primary,
            })
            .collect(),
        birthday: c.birthday,
        time_zone: c.time_zone.as_deref().map(Text::of),
        do_not_call: c.do_not_call,
        consent: c.consent,
    };
    contact_columns(store, &view)
}

/// Adds a contact as read from JSON, as [`Store::push_contact`] adds a [`Contact`].
pub(crate) fn push_contact_read(store: &mut Store, c: &borrowed::Contact<'_>) -> Result<()> {
    store.define(RecordKind::Contact, c.id.as_str())?;
    contact_columns(store, c)
}

/// The columns of a contact (its id defined).
fn contact_columns(store: &mut Store, c: &borrowed::Contact<'_>) -> Result<()> {
    let account = store.sym(RecordKind::Account, c.account_id.as_str())?;
    let title = match Text::opt(&c.title) {
        Some(t) => store.words.intern(t)?,
        None => NONE,
    };
    let zone = match Text::opt(&c.time_zone) {
        Some(z) => store.zones.intern(z)?,
        None => NONE,
    };
    let x = &mut store.contacts;
    let row = x.account.len() as u32;
    x.account.push(account);
    x.name.push(c.name.as_str())?;
    x.title.push(title);
    if x.phone_start.is_empty() {
        x.phone_start.push(0);
        x.email_start.push(0);
    }
    for p in &c.phones {
        x.phone_number.push(p.number.as_str())?;
        x.phone_kind.push(p.kind.code());
    }
    x.phone_start.push(x.phone_kind.len() as u32);
    for e in &c.emails {
        x.email_address.push(e.address.as_str())?;
        x.email_primary.push(e.primary);
    }
    x.email_start.push(x.email_address.len() as u32);
    match pack_birthday(c.birthday) {
        Some(packed) => x.birthday.push(packed),
        None => {
            x.birthday.push(0);
            if let Some(b) = c.birthday {
                x.odd_birthdays.push(row, b);
            }
        }
    }
    x.zone.push(zone);
    x.flags.push(if c.do_not_call { DO_NOT_CALL } else { 0 });
    for (&channel, &consent) in &c.consent {
        x.set_consent(row, channel, Some(consent));
    }
    Ok(())
}

/// Opportunities.
#[derive(Clone, Debug, Default)]
pub(crate) struct Opportunities {
    pub(crate) account: Vec<u32>,
    /// A contact, or [`NONE`].
    pub(crate) contact: Vec<u32>,
    pub(crate) owner: Vec<u32>,
    pub(crate) name: Strings,
    pub(crate) stage: Vec<u8>,
    pub(crate) amount: Vec<i64>,
    pub(crate) currency: Vec<u32>,
    pub(crate) probability: Sparse<f64>,
    pub(crate) created_on: Vec<i32>,
    pub(crate) expected_close: Vec<i32>,
    /// Days, or [`NO_DAY`].
    pub(crate) next_step_due: Vec<i32>,
    /// Days, or [`NO_DAY`].
    pub(crate) closed_on: Vec<i32>,
    /// A word, or [`NONE`].
    pub(crate) lost_to: Vec<u32>,
}

impl Opportunities {
    pub(crate) fn len(&self) -> usize {
        self.account.len()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        (self.account.capacity()
            + self.contact.capacity()
            + self.owner.capacity()
            + self.currency.capacity()
            + self.created_on.capacity()
            + self.expected_close.capacity()
            + self.next_step_due.capacity()
            + self.closed_on.capacity()
            + self.lost_to.capacity())
            * 4
            + self.name.heap_bytes()
            + self.stage.capacity()
            + self.amount.capacity() * 8
            + self.probability.heap_bytes()
    }

    pub(crate) fn shrink(&mut self) {
        self.account.shrink_to_fit();
        self.contact.shrink_to_fit();
        self.owner.shrink_to_fit();
        self.name.shrink();
        self.stage.shrink_to_fit();
        self.amount.shrink_to_fit();
        self.currency.shrink_to_fit();
        self.created_on.shrink_to_fit();
        self.expected_close.shrink_to_fit();
        self.next_step_due.shrink_to_fit();
        self.closed_on.shrink_to_fit();
        self.lost_to.shrink_to_fit();
    }
}

/// The columns of an [`Opportunity`] (its id defined), through its borrowed form.
pub(crate) fn push_opportunity(store: &mut Store, o: Opportunity) -> Result<()> {
    let view = borrowed::Opportunity {
        id: Text::of(o.id.as_str()),
        account_id: Text::of(o.account_id.as_str()),
        contact_id: o.contact_id.as_ref().map(|c| Text::of(c.as_str())),
        owner_rep_id: Text::of(o.owner_rep_id.as_str()),
        name: Text::of(&o.name),
        stage: o.stage,
        amount: money(&o.amount),
        probability: o.probability,
        created_on: o.created_on,
        expected_close: o.expected_close,
        next_step_due: o.next_step_due,
        closed_on: o.closed_on,
        lost_to: o.lost_to.as_deref().map(Text::of),
    };
    opportunity_columns(store, &view)
}

fn money_columns(store: &mut Store, m: &borrowed::Money<'_>) -> Result<(i64, u32)> {
    Ok((m.amount_minor, store.words.intern(m.currency.as_str())?))
}

/// Adds an opportunity as read from JSON, as [`Store::push_opportunity`] adds an
/// [`Opportunity`].
pub(crate) fn push_opportunity_read(
    store: &mut Store,
    o: &borrowed::Opportunity<'_>,
) -> Result<()> {
    store.define(RecordKind::Opportunity, o.id.as_str())?;
    opportunity_columns(store, o)
}

/// The columns of an opportunity (its id defined).
fn opportunity_columns(store: &mut Store, o: &borrowed::Opportunity<'_>) -> Result<()> {
    let account = store.sym(RecordKind::Account, o.account_id.as_str())?;
    let contact = store.sym_opt(RecordKind::Contact, Text::opt(&o.contact_id))?;
    let owner = store.sym(RecordKind::Rep, o.owner_rep_id.as_str())?;
    let (amount, currency) = money_columns(store, &o.amount)?;
    let lost_to = match Text::opt(&o.lost_to) {
        Some(t) => store.words.intern(t)?,
        None => NONE,
    };
    let x = &mut store.opportunities;
    let row = x.account.len() as u32;
    x.account.push(account);
    x.contact.push(contact);
    x.owner.push(owner);
    x.name.push(o.name.as_str())?;
    x.stage.push(o.stage.code());
    x.amount.push(amount);
    x.currency.push(currency);
    if let Some(p) = o.probability {
        x.probability.push(row, p);
    }
    x.created_on.push(day(o.created_on));
    x.expected_close.push(day(o.expected_close));
    x.next_step_due.push(day_opt(o.next_step_due));
    x.closed_on.push(day_opt(o.closed_on));
    x.lost_to.push(lost_to);
    Ok(())
}

/// The borrowed form of an owned [`Money`].
fn money(m: &Money) -> borrowed::Money<'_> {
    borrowed::Money {
        amount_minor: m.amount_minor,
        currency: Text::of(&m.currency),
    }
}

/// One renewed term of a membership.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RenewalRow {
    pub(crate) amount: i64,
    pub(crate) term_start: i32,
    pub(crate) term_end: i32,
    pub(crate) renewed_on: i32,
    /// The currency's word, with the top bit set when paid late.
    pub(crate) currency_late: u32,
}

/// The bit of `RenewalRow::currency_late` that says the dues came late.
pub(crate) const PAID_LATE: u32 = 1 << 31;

/// Memberships.
#[derive(Clone, Debug, Default)]
pub(crate) struct Memberships {
    pub(crate) account: Vec<u32>,
    pub(crate) tier: Vec<u32>,
    pub(crate) dues: Vec<i64>,
    pub(crate) currency: Vec<u32>,
    pub(crate) joined_on: Vec<i32>,
    pub(crate) term_start: Vec<i32>,
    pub(crate) term_end: Vec<i32>,
    pub(crate) renewal_start: Vec<u32>,
    pub(crate) renewals: Vec<RenewalRow>,
    pub(crate) lapse_start: Vec<u32>,
    /// (lapsed on, reinstated on or [`NO_DAY`]).
    pub(crate) lapses: Vec<(i32, i32)>,
}

impl Memberships {
    pub(crate) fn len(&self) -> usize {
        self.account.len()
    }

    pub(crate) fn renewals(&self, m: u32) -> &[RenewalRow] {
        let m = m as usize;
        &self.renewals[self.renewal_start[m] as usize..self.renewal_start[m + 1] as usize]
    }

    pub(crate) fn lapses(&self, m: u32) -> &[(i32, i32)] {
        let m = m as usize;
        &self.lapses[self.lapse_start[m] as usize..self.lapse_start[m + 1] as usize]
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        (self.account.capacity()
            + self.tier.capacity()
            + self.currency.capacity()
            + self.joined_on.capacity()
            + self.term_start.capacity()
            + self.term_end.capacity()
            + self.renewal_start.capacity()
            + self.lapse_start.capacity())
            * 4
            + self.dues.capacity() * 8
            + self.renewals.capacity() * size_of::<RenewalRow>()
            + self.lapses.capacity() * 8
    }

    pub(crate) fn shrink(&mut self) {
        self.account.shrink_to_fit();
        self.tier.shrink_to_fit();
        self.dues.shrink_to_fit();
        self.currency.shrink_to_fit();
        self.joined_on.shrink_to_fit();
        self.term_start.shrink_to_fit();
        self.term_end.shrink_to_fit();
        self.renewal_start.shrink_to_fit();
        self.renewals.shrink_to_fit();
        self.lapse_start.shrink_to_fit();
        self.lapses.shrink_to_fit();
    }
}

/// The columns of a [`Membership`] (its id defined), through its borrowed form.
pub(crate) fn push_membership(store: &mut Store, m: Membership) -> Result<()> {
    let view = borrowed::Membership {
        id: Text::of(m.id.as_str()),
        account_id: Text::of(m.account_id.as_str()),
        tier: Text::of(&m.tier),
        dues: money(&m.dues),
        joined_on: m.joined_on,
        term_start: m.term_start,
        term_end: m.term_end,
        renewals: (m.renewals.iter())
            .map(|r| borrowed::Renewal {
                term_start: r.term_start,
                term_end: r.term_end,
                renewed_on: r.renewed_on,
                dues: money(&r.dues),
                paid_late: r.paid_late,
            })
            .collect(),
        lapses: m.lapses,
    };
    membership_columns(store, &view)
}

/// Adds a membership as read from JSON, as [`Store::push_membership`] adds a
/// [`Membership`].
pub(crate) fn push_membership_read(store: &mut Store, m: &borrowed::Membership<'_>) -> Result<()> {
    store.define(RecordKind::Membership, m.id.as_str())?;
    membership_columns(store, m)
}

/// The columns of a membership (its id defined).
fn membership_columns(store: &mut Store, m: &borrowed::Membership<'_>) -> Result<()> {
    let account = store.sym(RecordKind::Account, m.account_id.as_str())?;
    let tier = store.words.intern(m.tier.as_str())?;
    let (dues, currency) = money_columns(store, &m.dues)?;
    for r in &m.renewals {
        let (amount, currency) = money_columns(store, &r.dues)?;
        store.memberships.renewals.push(RenewalRow {
            amount,
            term_start: day(r.term_start),
            term_end: day(r.term_end),
            renewed_on: day(r.renewed_on),
            currency_late: currency | if r.paid_late { PAID_LATE } else { 0 },
        });
    }
    let x = &mut store.memberships;
    x.account.push(account);
    x.tier.push(tier);
    x.dues.push(dues);
    x.currency.push(currency);
    x.joined_on.push(day(m.joined_on));
    x.term_start.push(day(m.term_start));
    x.term_end.push(day(m.term_end));
    if x.renewal_start.is_empty() {
        x.renewal_start.push(0);
        x.lapse_start.push(0);
    }
    x.renewal_start.push(x.renewals.len() as u32);
    x.lapses.extend(
        m.lapses
            .iter()
            .map(|l| (day(l.lapsed_on), day_opt(l.reinstated_on))),
    );
    x.lapse_start.push(x.lapses.len() as u32);
    debug_assert!(x.lapses.iter().all(|l| l.0 != NO_DAY));
    Ok(())
}

/// Campaign responses, in the order they came: campaign by campaign when loaded,
/// recorded ones after.
#[derive(Clone, Debug, Default)]
pub(crate) struct Responses {
    pub(crate) campaign: Vec<u32>,
    pub(crate) contact: Vec<u32>,
    pub(crate) at: Vec<i64>,
    pub(crate) finer: Sparse<u16>,
    pub(crate) kind: Vec<u8>,
}

impl Responses {
    pub(crate) fn len(&self) -> usize {
        self.campaign.len()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        (self.campaign.capacity() + self.contact.capacity()) * 4
            + self.at.capacity() * 8
            + self.finer.heap_bytes()
            + self.kind.capacity()
    }

    pub(crate) fn shrink(&mut self) {
        self.campaign.shrink_to_fit();
        self.contact.shrink_to_fit();
        self.at.shrink_to_fit();
        self.kind.shrink_to_fit();
    }

    /// Keeps the first `len` responses.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.campaign.truncate(len);
        self.contact.truncate(len);
        self.at.truncate(len);
        self.finer.truncate(len as u32);
        self.kind.truncate(len);
    }
}

pub(crate) fn push_response(store: &mut Store, campaign: u32, r: &CampaignResponse) -> Result<()> {
    let contact = store.sym(RecordKind::Contact, r.contact_id.as_str())?;
    let x = &mut store.responses;
    let row = x.campaign.len() as u32;
    let (at, finer) = micros(r.at);
    x.campaign.push(campaign);
    x.contact.push(contact);
    x.at.push(at);
    if finer != 0 {
        x.finer.push(row, finer);
    }
    x.kind.push(r.kind.code());
    Ok(())
}

/// Event attendees, in the order they came: event by event when loaded, recorded ones
/// after.
#[derive(Clone, Debug, Default)]
pub(crate) struct Attendees {
    pub(crate) event: Vec<u32>,
    pub(crate) contact: Vec<u32>,
    pub(crate) status: Vec<u8>,
}

impl Attendees {
    pub(crate) fn len(&self) -> usize {
        self.event.len()
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        (self.event.capacity() + self.contact.capacity()) * 4 + self.status.capacity()
    }

    pub(crate) fn shrink(&mut self) {
        self.event.shrink_to_fit();
        self.contact.shrink_to_fit();
        self.status.shrink_to_fit();
    }

    /// Keeps the first `len` attendees.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.event.truncate(len);
        self.contact.truncate(len);
        self.status.truncate(len);
    }
}

pub(crate) fn push_attendee(store: &mut Store, event: u32, a: &Attendee) -> Result<()> {
    let contact = store.sym(RecordKind::Contact, a.contact_id.as_str())?;
    let x = &mut store.attendees;
    x.event.push(event);
    x.contact.push(contact);
    x.status.push(a.status.code());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn birthdays_pack_exactly_or_not_at_all(month in 0u32..40, day in 0u32..40, year in proptest::option::of(-5i32..20000)) {
            let b = Birthday { month, day, year };
            match pack_birthday(Some(b)) {
                Some(packed) => prop_assert_eq!(unpack_birthday(packed), Some(b)),
                None => prop_assert!(month >= 16 || day >= 32 || year.is_some_and(|y| !(1..16384).contains(&y))),
            }
            prop_assert_eq!(unpack_birthday(pack_birthday(None).unwrap()), None);
        }
    }
}
