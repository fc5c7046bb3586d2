//! A book's columns as raw little-endian blobs, one after another: what a store's
//! binary snapshot holds, written from a built book and read straight back into the
//! columns, without parsing, validating or re-packing the id index.
//!
//! The layout is this file's write order: a magic, each id table (its text, and its
//! packed index where it has one), the small records as one JSON value, every column
//! (each a count and the values), and an end marker. What is not written is rebuilt on
//! reading: the hash part of the id tables (ids added since packing), the parsed time
//! zones and the book's indexes ([`Index::build`], which finds the activities grouped).
//!
//! Reading does not trust the bytes: every length is bounded by what the snapshot
//! holds, and [`check`] makes sure, in one pass over each column, that every reference
//! is in range and every column's length agrees, so a damaged snapshot is an error and
//! never a panic. It does not check the book's rules again (duplicate ids, dates in
//! order...): the store checksums every chunk it wrote, and wrote it from a validated
//! book (DESIGN.md, the store).

use super::activities::LONG_DURATION;
use super::codes::{Code, NO_DAY};
use super::columns::{Owner, PAID_LATE, RenewalRow};
use super::strings::{
    Bits, IdTable, NONE, PackedShard, SHARDS, STRINGS_PER_BLOCK, Sparse, Strings,
};
use super::tasks::NOT_COMPLETED;
use super::{KINDS, Store, slot};
use crate::book::index::Index;
use crate::error::RecordKind;
use crate::{
    AccountKind, AccountStatus, AttendeeStatus, Birthday, Book, Campaign, Channel, Division, Event,
    Handoff, OpportunityStage, Outcome, OwnerRole, PhoneKind, Rep, ResponseKind, TaskKind,
    TaskSource, TaskStatus, Team,
};
use std::io::{Read, Write};

/// The first bytes of a snapshot of columns (the last is the layout's version).
const MAGIC: &[u8; 8] = b"CWCOLS\x00\x01";

/// The last bytes: a snapshot cut short at a chunk's end lacks them.
const END: &[u8; 8] = b"CWCOLEND";

/// Why a snapshot does not read: a damaged or truncated one.
pub(crate) type Damaged = String;

/// A value written as its little-endian bytes.
trait Le: Copy {
    const SIZE: usize;
    fn put(self, out: &mut Vec<u8>);
    fn get(bytes: &[u8]) -> Self;
}

macro_rules! le {
    ($($t:ty),+) => {$(
        impl Le for $t {
            const SIZE: usize = size_of::<$t>();
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn get(bytes: &[u8]) -> Self {
                <$t>::from_le_bytes(bytes.try_into().expect("a value's bytes"))
            }
        }
    )+};
}

le!(u8, u16, u32, u64, i32, i64, f64);

/// Values converted per write: a buffer of at most 64 KiB.
const BLOCK: usize = 8192;

/// Writes columns to `out`.
struct Writer<W> {
    out: W,
    buf: Vec<u8>,
}

impl<W: Write> Writer<W> {
    fn count(&mut self, n: usize) -> std::io::Result<()> {
        self.out.write_all(&(n as u64).to_le_bytes())
    }

    fn col<T: Le>(&mut self, xs: &[T]) -> std::io::Result<()> {
        self.count(xs.len())?;
        for block in xs.chunks(BLOCK) {
            self.buf.clear();
            block.iter().for_each(|&x| x.put(&mut self.buf));
            self.out.write_all(&self.buf)?;
        }
        Ok(())
    }

    /// A column of values made by `f` from each of `xs`.
    fn map<X, T: Le>(&mut self, xs: &[X], f: impl Fn(&X) -> T) -> std::io::Result<()> {
        self.count(xs.len())?;
        for block in xs.chunks(BLOCK) {
            self.buf.clear();
            block.iter().for_each(|x| f(x).put(&mut self.buf));
            self.out.write_all(&self.buf)?;
        }
        Ok(())
    }

    fn bytes(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.count(bytes.len())?;
        self.out.write_all(bytes)
    }

    fn strings(&mut self, s: &Strings) -> std::io::Result<()> {
        self.bytes(s.text.as_bytes())?;
        self.col(&s.lens)?;
        self.sparse(&s.long)?;
        self.col(&s.block_starts)
    }

    fn sparse<T: Le>(&mut self, s: &Sparse<T>) -> std::io::Result<()> {
        self.col(&s.rows)?;
        self.col(&s.values)
    }

    fn bits(&mut self, b: &Bits) -> std::io::Result<()> {
        self.count(b.len)?;
        self.col(&b.words)
    }

    fn ids(&mut self, t: &IdTable) -> std::io::Result<()> {
        self.strings(&t.strings)?;
        self.count(t.packed_len)?;
        self.count(t.packed.len())?;
        for shard in &t.packed {
            self.col(&shard.starts)?;
            self.col(&shard.numbers)?;
            self.col(&shard.tags)?;
        }
        Ok(())
    }

    fn owners(&mut self, owners: &[Owner]) -> std::io::Result<()> {
        self.map(owners, |o| o.rep)?;
        self.map(owners, |o| o.division)?;
        self.map(owners, |o| o.role)
    }
}

/// The records kept as records (not columns): written as one JSON value, so that
/// turning one of them into columns changes only this.
#[derive(serde::Serialize)]
struct RecordsOut<'a> {
    divisions: &'a [Division],
    teams: &'a [Team],
    reps: &'a [Rep],
    campaigns: &'a [Campaign],
    events: &'a [Event],
    handoffs: &'a [Handoff],
}

/// [`RecordsOut`] read back.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordsIn {
    divisions: Vec<Division>,
    teams: Vec<Team>,
    reps: Vec<Rep>,
    campaigns: Vec<Campaign>,
    events: Vec<Event>,
    handoffs: Vec<Handoff>,
}

/// Writes `book`'s columns to `out`, as they are (no copy of a column is made).
pub(crate) fn write(book: &Book, out: impl Write) -> std::io::Result<()> {
    let s = &book.store;
    debug_assert!(s.building.is_none(), "a book's store is settled");
    let mut w = Writer {
        out,
        buf: Vec::with_capacity(BLOCK * 8),
    };
    w.out.write_all(MAGIC)?;
    for table in &s.ids {
        w.ids(table)?;
    }
    w.ids(&s.words)?;
    w.ids(&s.zones.names)?;
    let records = RecordsOut {
        divisions: &s.divisions,
        teams: &s.teams,
        reps: &s.reps,
        campaigns: &s.campaigns,
        events: &s.events,
        handoffs: &s.handoffs,
    };
    w.bytes(&serde_json::to_vec(&records).map_err(std::io::Error::other)?)?;

    let a = &s.accounts;
    w.strings(&a.name)?;
    w.col(&a.kind)?;
    w.col(&a.status)?;
    w.col(&a.territory)?;
    w.col(&a.zone)?;
    w.owners(&a.primary)?;
    w.col(&a.co_start)?;
    w.owners(&a.co_owners)?;

    let c = &s.contacts;
    w.col(&c.account)?;
    w.strings(&c.name)?;
    w.col(&c.title)?;
    w.col(&c.phone_start)?;
    w.strings(&c.phone_number)?;
    w.col(&c.phone_kind)?;
    w.col(&c.email_start)?;
    w.strings(&c.email_address)?;
    w.bits(&c.email_primary)?;
    w.col(&c.birthday)?;
    w.col(&c.odd_birthdays.rows)?;
    w.map(&c.odd_birthdays.values, |b| b.month)?;
    w.map(&c.odd_birthdays.values, |b| b.day)?;
    w.map(&c.odd_birthdays.values, |b| {
        b.year.map_or(0, |y| i64::from(y) | 1 << 32)
    })?;
    w.col(&c.zone)?;
    w.col(&c.flags)?;

    let o = &s.opportunities;
    w.col(&o.account)?;
    w.col(&o.contact)?;
    w.col(&o.owner)?;
    w.strings(&o.name)?;
    w.col(&o.stage)?;
    w.col(&o.amount)?;
    w.col(&o.currency)?;
    w.sparse(&o.probability)?;
    w.col(&o.created_on)?;
    w.col(&o.expected_close)?;
    w.col(&o.next_step_due)?;
    w.col(&o.closed_on)?;
    w.col(&o.lost_to)?;

    let m = &s.memberships;
    w.col(&m.account)?;
    w.col(&m.tier)?;
    w.col(&m.dues)?;
    w.col(&m.currency)?;
    w.col(&m.joined_on)?;
    w.col(&m.term_start)?;
    w.col(&m.term_end)?;
    w.col(&m.renewal_start)?;
    w.map(&m.renewals, |r| r.amount)?;
    w.map(&m.renewals, |r| r.term_start)?;
    w.map(&m.renewals, |r| r.term_end)?;
    w.map(&m.renewals, |r| r.renewed_on)?;
    w.map(&m.renewals, |r| r.currency_late)?;
    w.col(&m.lapse_start)?;
    w.map(&m.lapses, |l| l.0)?;
    w.map(&m.lapses, |l| l.1)?;

    let x = &s.activities;
    w.col(&x.duration)?;
    w.sparse(&x.long_duration)?;
    w.bits(&x.has_duration)?;
    w.sparse(&x.opportunity)?;
    w.sparse(&x.campaign)?;
    w.sparse(&x.finer)?;
    w.col(&x.at)?;
    w.col(&x.contact)?;
    w.col(&x.rep)?;
    w.col(&x.how)?;
    w.col(&x.book)?;
    w.col(&x.start)?;
    w.col(&x.tail_account)?;

    let r = &s.responses;
    w.col(&r.campaign)?;
    w.col(&r.contact)?;
    w.col(&r.at)?;
    w.sparse(&r.finer)?;
    w.col(&r.kind)?;

    let t = &s.attendees;
    w.col(&t.event)?;
    w.col(&t.contact)?;
    w.col(&t.status)?;

    let t = &s.tasks;
    w.col(&t.account)?;
    w.col(&t.contact)?;
    w.col(&t.rep)?;
    w.col(&t.kind)?;
    w.col(&t.source)?;
    w.col(&t.status)?;
    w.col(&t.created)?;
    w.sparse(&t.created_finer)?;
    w.col(&t.due)?;
    w.col(&t.completed)?;
    w.sparse(&t.completed_finer)?;
    w.out.write_all(END)?;
    w.out.flush()
}

/// Reads columns from `input`, which holds `left` bytes.
struct Reader<R> {
    input: R,
    left: u64,
    buf: Vec<u8>,
}

impl<R: Read> Reader<R> {
    fn exact(&mut self, n: usize) -> Result<&[u8], Damaged> {
        if n as u64 > self.left {
            return Err("it is cut short".to_owned());
        }
        self.buf.resize(n, 0);
        self.input
            .read_exact(&mut self.buf)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::UnexpectedEof => "it is cut short".to_owned(),
                _ => e.to_string(),
            })?;
        self.left -= n as u64;
        Ok(&self.buf)
    }

    /// A count of values of `size` bytes, bounded by the bytes left.
    fn count(&mut self, size: usize) -> Result<usize, Damaged> {
        let n = u64::get(self.exact(8)?);
        match n.checked_mul(size.max(1) as u64) {
            Some(bytes) if bytes <= self.left => Ok(n as usize),
            _ => Err(format!(
                "it is cut short (a column claims {n} values, more than the {} bytes left)",
                self.left
            )),
        }
    }

    fn col<T: Le>(&mut self) -> Result<Vec<T>, Damaged> {
        let n = self.count(T::SIZE)?;
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let k = (n - out.len()).min(BLOCK);
            let bytes = self.exact(k * T::SIZE)?;
            out.extend(bytes.chunks_exact(T::SIZE).map(T::get));
        }
        Ok(out)
    }

    /// A column that must hold `n` values (`what` names it).
    fn col_of<T: Le>(&mut self, n: usize, what: &str) -> Result<Vec<T>, Damaged> {
        let col = self.col()?;
        agree(col.len(), n, what)?;
        Ok(col)
    }

    fn bytes(&mut self) -> Result<Vec<u8>, Damaged> {
        self.col()
    }

    fn strings(&mut self, what: &str) -> Result<Strings, Damaged> {
        let text = String::from_utf8(self.bytes()?)
            .map_err(|_| format!("the texts of {what} are not UTF-8"))?;
        let s = Strings {
            text,
            lens: self.col()?,
            long: self.sparse()?,
            block_starts: self.col()?,
        };
        check_strings(&s, what)?;
        Ok(s)
    }

    fn sparse<T: Le>(&mut self) -> Result<Sparse<T>, Damaged> {
        let rows: Vec<u32> = self.col()?;
        let values = self.col_of(rows.len(), "a sparse column's values")?;
        if rows.windows(2).any(|w| w[0] >= w[1]) {
            return Err("a sparse column's rows are out of order".to_owned());
        }
        Ok(Sparse::new(rows, values))
    }

    fn bits(&mut self, n: usize, what: &str) -> Result<Bits, Damaged> {
        let len = self.count(0)?;
        agree(len, n, what)?;
        let words = self.col_of(len.div_ceil(64), what)?;
        Ok(Bits { words, len })
    }

    fn ids(&mut self, what: &str) -> Result<IdTable, Damaged> {
        let strings = self.strings(what)?;
        let packed_len = self.count(0)?;
        let shards = self.count(0)?;
        if packed_len > strings.len() || !(shards == 0 || shards == SHARDS) {
            return Err(format!("the index of {what} does not fit its ids"));
        }
        let mut packed = Vec::with_capacity(shards);
        for _ in 0..shards {
            let shard = PackedShard {
                starts: self.col()?,
                numbers: self.col()?,
                tags: self.col()?,
            };
            let fits = shard.starts.len() >= 2
                && shard.starts[0] == 0
                && shard.starts.windows(2).all(|w| w[0] <= w[1])
                && shard.starts.last().copied() == Some(shard.numbers.len() as u32)
                && shard.tags.len() == shard.numbers.len()
                && shard.numbers.iter().all(|&i| (i as usize) < packed_len);
            if !fits {
                return Err(format!("the index of {what} does not fit its ids"));
            }
            packed.push(shard);
        }
        Ok(IdTable {
            strings,
            packed,
            packed_len,
            ..IdTable::default()
        })
    }

    fn owners(&mut self, n: Option<usize>, what: &str) -> Result<Vec<Owner>, Damaged> {
        let rep: Vec<u32> = self.col()?;
        let n = n.unwrap_or(rep.len());
        agree(rep.len(), n, what)?;
        let division: Vec<u32> = self.col_of(n, what)?;
        let role: Vec<u8> = self.col_of(n, what)?;
        Ok((0..n)
            .map(|i| Owner {
                rep: rep[i],
                division: division[i],
                role: role[i],
            })
            .collect())
    }
}

/// An error unless a column's length `found` is the `expected` one.
fn agree(found: usize, expected: usize, what: &str) -> Result<(), Damaged> {
    if found == expected {
        Ok(())
    } else {
        Err(format!(
            "{what} holds {found} values where {expected} are expected"
        ))
    }
}

/// Every string's length and start agree with the text, on character boundaries.
fn check_strings(s: &Strings, what: &str) -> Result<(), Damaged> {
    let bad = || Err(format!("the texts of {what} do not fit their lengths"));
    let n = s.lens.len();
    if s.block_starts.len() != n.div_ceil(STRINGS_PER_BLOCK)
        || s.long.rows.len()
            != s.lens
                .iter()
                .filter(|&&l| l == super::strings::LONG)
                .count()
    {
        return bad();
    }
    let (mut at, mut long) = (0usize, 0usize);
    for (i, &l) in s.lens.iter().enumerate() {
        if i % STRINGS_PER_BLOCK == 0 && s.block_starts[i / STRINGS_PER_BLOCK] != at as u64 {
            return bad();
        }
        let len = if l == super::strings::LONG {
            if s.long.rows[long] as usize != i {
                return bad();
            }
            long += 1;
            usize::try_from(s.long.values[long - 1]).unwrap_or(usize::MAX)
        } else {
            l as usize
        };
        at = match at.checked_add(len) {
            Some(end) if end <= s.text.len() && s.text.is_char_boundary(end) => end,
            _ => return bad(),
        };
    }
    if at != s.text.len() {
        return bad();
    }
    Ok(())
}

/// An error unless every value of `xs` is below `bound` (or is `NONE` when `none`).
fn refs(xs: &[u32], bound: usize, none: bool, what: &str) -> Result<(), Damaged> {
    match xs
        .iter()
        .find(|&&x| (x as usize) >= bound && !(none && x == NONE))
    {
        Some(x) => Err(format!("{what} refers to number {x} of {bound}")),
        None => Ok(()),
    }
}

/// An error unless every code of `xs` names one of `T`'s values.
fn codes<T: Code>(xs: &[u8], what: &str) -> Result<(), Damaged> {
    match xs.iter().find(|&&x| x as usize >= T::ALL.len()) {
        Some(x) => Err(format!("{what} holds code {x}, which names nothing")),
        None => Ok(()),
    }
}

/// An error unless every day number of `days` is a date (or [`NO_DAY`] when `none`).
fn days(days: &[i32], none: bool, what: &str) -> Result<(), Damaged> {
    let valid = |d: i32| chrono::NaiveDate::from_num_days_from_ce_opt(d).is_some();
    match days.iter().find(|&&d| !(valid(d) || none && d == NO_DAY)) {
        Some(d) => Err(format!("{what} holds day {d}, which is no date")),
        None => Ok(()),
    }
}

/// An error unless every instant of `at` (with its finer part, `finer` of row
/// `row(k)`) is one chrono holds.
fn instants(
    at: &[i64],
    finer: &Sparse<u16>,
    row: impl Fn(u32) -> Option<u32>,
    what: &str,
) -> Result<(), Damaged> {
    let bad = || Err(format!("{what} holds an instant out of range"));
    let valid = |micros: i64, finer: u16| {
        let secs = micros.div_euclid(1_000_000);
        let nanos = micros.rem_euclid(1_000_000) as u32 * 1000 + u32::from(finer % 1000);
        let nanos = nanos + if finer >= 1000 { 1_000_000_000 } else { 0 };
        finer < 2000 && chrono::DateTime::from_timestamp(secs, nanos).is_some()
    };
    // The instants that chrono holds are a range: its ends are enough.
    let (lo, hi) = (at.iter().min(), at.iter().max());
    if lo.is_some_and(|&m| !valid(m, 0)) || hi.is_some_and(|&m| !valid(m, 999)) {
        return bad();
    }
    for (b, f) in finer.iter() {
        match row(b) {
            Some(r) if valid(at[r as usize], f) => {}
            _ => return bad(),
        }
    }
    Ok(())
}

/// Reads the columns [`write`] wrote, `left` bytes in all, into a book, checked as
/// the module says.
pub(crate) fn read(input: impl Read, left: u64) -> Result<Book, Damaged> {
    let mut r = Reader {
        input,
        left,
        buf: Vec::with_capacity(BLOCK * 8),
    };
    if r.exact(MAGIC.len())? != MAGIC {
        return Err("it is not a snapshot of columns this build reads".to_owned());
    }
    let mut s = Store::default();
    let mut tables = Vec::with_capacity(KINDS.len() + 2);
    for kind in KINDS {
        tables.push(r.ids(&format!("the {kind} ids"))?);
    }
    tables.push(r.ids("the words")?);
    tables.push(r.ids("the time zones")?);
    let lens: Vec<usize> = tables.iter().map(IdTable::len).collect();
    // The hash part of the id tables is rebuilt while the columns are read.
    let (indexed, read) = std::thread::scope(|scope| {
        let indexing = scope.spawn(move || {
            use rayon::prelude::*;
            tables.par_iter_mut().for_each(IdTable::index_unpacked);
            tables
        });
        let read = read_columns(&mut r, &mut s, &lens);
        let indexed = indexing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (indexed, read)
    });
    read?;
    let mut indexed = indexed.into_iter();
    for table in &mut s.ids {
        *table = indexed.next().expect("a table per kind");
    }
    s.words = indexed.next().expect("the words");
    s.zones.names = indexed.next().expect("the zones");
    s.zones.zones = (0..s.zones.names.len() as u32)
        .map(|z| s.zones.names.str(z).parse().ok())
        .collect();
    check_counts(&s)?;
    let index = Index::build(&mut s);
    Ok(Book { store: s, index })
}

/// Reads the columns after the id tables into `s`, whose tables hold `lens` ids
/// (per kind, then the words and the zones).
fn read_columns<R: Read>(r: &mut Reader<R>, s: &mut Store, lens: &[usize]) -> Result<(), Damaged> {
    let records: RecordsIn =
        serde_json::from_slice(&r.bytes()?).map_err(|e| format!("its records do not read: {e}"))?;
    s.divisions = records.divisions;
    s.teams = records.teams;
    s.reps = records.reps;
    s.campaigns = records.campaigns;
    s.events = records.events;
    s.handoffs = records.handoffs;

    let count = |kind: RecordKind| lens[slot(kind)];
    let (accounts, contacts) = (count(RecordKind::Account), count(RecordKind::Contact));
    let (reps, divisions) = (count(RecordKind::Rep), count(RecordKind::Division));
    let (words, zones) = (lens[KINDS.len()], lens[KINDS.len() + 1]);

    let a = &mut s.accounts;
    a.name = r.strings("the account names")?;
    agree(a.name.len(), accounts, "the account names")?;
    a.kind = r.col_of(accounts, "the account kinds")?;
    codes::<AccountKind>(&a.kind, "the account kinds")?;
    a.status = r.col_of(accounts, "the account statuses")?;
    codes::<AccountStatus>(&a.status, "the account statuses")?;
    a.territory = r.col_of(accounts, "the account territories")?;
    refs(&a.territory, words, true, "an account's territory")?;
    a.zone = r.col_of(accounts, "the account zones")?;
    refs(&a.zone, zones, false, "an account's zone")?;
    a.primary = r.owners(Some(accounts), "the account owners")?;
    a.co_start = r.col()?;
    a.co_owners = r.owners(None, "the account co-owners")?;
    starts(&a.co_start, accounts, a.co_owners.len(), "the co-owners")?;
    for o in a.primary.iter().chain(&a.co_owners) {
        refs(&[o.rep], reps, false, "an account's owner")?;
        refs(&[o.division], divisions, false, "an account's division")?;
        codes::<OwnerRole>(&[o.role], "an owner's role")?;
    }

    let c = &mut s.contacts;
    c.account = r.col_of(contacts, "the contacts' accounts")?;
    refs(&c.account, accounts, false, "a contact's account")?;
    c.name = r.strings("the contact names")?;
    agree(c.name.len(), contacts, "the contact names")?;
    c.title = r.col_of(contacts, "the contact titles")?;
    refs(&c.title, words, true, "a contact's title")?;
    c.phone_start = r.col()?;
    c.phone_number = r.strings("the phone numbers")?;
    c.phone_kind = r.col_of(c.phone_number.len(), "the phone kinds")?;
    codes::<PhoneKind>(&c.phone_kind, "the phone kinds")?;
    starts(&c.phone_start, contacts, c.phone_kind.len(), "the phones")?;
    c.email_start = r.col()?;
    c.email_address = r.strings("the e-mail addresses")?;
    c.email_primary = r.bits(c.email_address.len(), "the e-mails' primary bits")?;
    starts(
        &c.email_start,
        contacts,
        c.email_address.len(),
        "the e-mails",
    )?;
    c.birthday = r.col_of(contacts, "the birthdays")?;
    let rows: Vec<u32> = r.col()?;
    let month: Vec<u32> = r.col_of(rows.len(), "the odd birthdays")?;
    let day: Vec<u32> = r.col_of(rows.len(), "the odd birthdays")?;
    let year: Vec<i64> = r.col_of(rows.len(), "the odd birthdays")?;
    if rows.windows(2).any(|w| w[0] >= w[1]) {
        return Err("the odd birthdays are out of order".to_owned());
    }
    refs(&rows, contacts, false, "an odd birthday")?;
    let values = (0..rows.len())
        .map(|k| Birthday {
            month: month[k],
            day: day[k],
            year: (year[k] >> 32 != 0).then_some(year[k] as i32),
        })
        .collect();
    c.odd_birthdays = Sparse::new(rows, values);
    c.zone = r.col_of(contacts, "the contact zones")?;
    refs(&c.zone, zones, true, "a contact's zone")?;
    c.flags = r.col_of(contacts, "the contact flags")?;

    let opportunities = count(RecordKind::Opportunity);
    let o = &mut s.opportunities;
    o.account = r.col_of(opportunities, "the opportunities' accounts")?;
    refs(&o.account, accounts, false, "an opportunity's account")?;
    o.contact = r.col_of(opportunities, "the opportunities' contacts")?;
    refs(&o.contact, contacts, true, "an opportunity's contact")?;
    o.owner = r.col_of(opportunities, "the opportunities' owners")?;
    refs(&o.owner, reps, false, "an opportunity's owner")?;
    o.name = r.strings("the opportunity names")?;
    agree(o.name.len(), opportunities, "the opportunity names")?;
    o.stage = r.col_of(opportunities, "the opportunity stages")?;
    codes::<OpportunityStage>(&o.stage, "the opportunity stages")?;
    o.amount = r.col_of(opportunities, "the opportunity amounts")?;
    o.currency = r.col_of(opportunities, "the opportunity currencies")?;
    refs(&o.currency, words, false, "an opportunity's currency")?;
    o.probability = r.sparse()?;
    refs(
        &o.probability.rows,
        opportunities,
        false,
        "an opportunity's probability",
    )?;
    o.created_on = r.col_of(opportunities, "the opportunity dates")?;
    days(&o.created_on, false, "the opportunity dates")?;
    o.expected_close = r.col_of(opportunities, "the opportunity dates")?;
    days(&o.expected_close, false, "the opportunity dates")?;
    o.next_step_due = r.col_of(opportunities, "the opportunity dates")?;
    days(&o.next_step_due, true, "the opportunity dates")?;
    o.closed_on = r.col_of(opportunities, "the opportunity dates")?;
    days(&o.closed_on, true, "the opportunity dates")?;
    o.lost_to = r.col_of(opportunities, "the competitors")?;
    refs(&o.lost_to, words, true, "an opportunity's competitor")?;

    let memberships = count(RecordKind::Membership);
    let m = &mut s.memberships;
    m.account = r.col_of(memberships, "the memberships' accounts")?;
    refs(&m.account, accounts, false, "a membership's account")?;
    m.tier = r.col_of(memberships, "the membership tiers")?;
    refs(&m.tier, words, false, "a membership's tier")?;
    m.dues = r.col_of(memberships, "the membership dues")?;
    m.currency = r.col_of(memberships, "the membership currencies")?;
    refs(&m.currency, words, false, "a membership's currency")?;
    for column in [&mut m.joined_on, &mut m.term_start, &mut m.term_end] {
        *column = r.col_of(memberships, "the membership dates")?;
        days(column, false, "the membership dates")?;
    }
    m.renewal_start = r.col()?;
    let amount: Vec<i64> = r.col()?;
    let n = amount.len();
    let term_start: Vec<i32> = r.col_of(n, "the renewals")?;
    let term_end: Vec<i32> = r.col_of(n, "the renewals")?;
    let renewed_on: Vec<i32> = r.col_of(n, "the renewals")?;
    let currency_late: Vec<u32> = r.col_of(n, "the renewals")?;
    for column in [&term_start, &term_end, &renewed_on] {
        days(column, false, "the renewal dates")?;
    }
    let currencies: Vec<u32> = currency_late.iter().map(|c| c & !PAID_LATE).collect();
    refs(&currencies, words, false, "a renewal's currency")?;
    m.renewals = (0..n)
        .map(|k| RenewalRow {
            amount: amount[k],
            term_start: term_start[k],
            term_end: term_end[k],
            renewed_on: renewed_on[k],
            currency_late: currency_late[k],
        })
        .collect();
    starts(&m.renewal_start, memberships, n, "the renewals")?;
    m.lapse_start = r.col()?;
    let lapsed: Vec<i32> = r.col()?;
    let reinstated: Vec<i32> = r.col_of(lapsed.len(), "the lapses")?;
    days(&lapsed, false, "the lapse dates")?;
    days(&reinstated, true, "the lapse dates")?;
    m.lapses = lapsed.into_iter().zip(reinstated).collect();
    starts(&m.lapse_start, memberships, m.lapses.len(), "the lapses")?;

    let n = count(RecordKind::Activity);
    let campaigns = s.campaigns.len();
    let x = &mut s.activities;
    x.duration = r.col_of(n, "the activity durations")?;
    x.long_duration = r.sparse()?;
    let long_rows: Vec<u32> = (0u32..)
        .zip(&x.duration)
        .filter(|&(_, &d)| d == LONG_DURATION)
        .map(|(b, _)| b)
        .collect();
    if long_rows != x.long_duration.rows {
        return Err("the long durations do not fit the durations".to_owned());
    }
    x.has_duration = r.bits(n, "the activity durations")?;
    x.opportunity = r.sparse()?;
    refs(&x.opportunity.rows, n, false, "an activity's opportunity")?;
    refs(
        &x.opportunity.values,
        opportunities,
        false,
        "an activity's opportunity",
    )?;
    x.campaign = r.sparse()?;
    refs(&x.campaign.rows, n, false, "an activity's campaign")?;
    refs(
        &x.campaign.values,
        campaigns,
        false,
        "an activity's campaign",
    )?;
    x.finer = r.sparse()?;
    refs(&x.finer.rows, n, false, "an activity's instant")?;
    x.at = r.col_of(n, "the activity instants")?;
    x.contact = r.col_of(n, "the activities' contacts")?;
    refs(&x.contact, contacts, true, "an activity's contact")?;
    x.rep = r.col_of(n, "the activities' reps")?;
    refs(&x.rep, reps, false, "an activity's rep")?;
    x.how = r.col_of(n, "the activity channels")?;
    let how_fits = |h: &u8| {
        ((h & 7) as usize) < Channel::ALL.len() && ((h >> 4) as usize) <= Outcome::ALL.len()
    };
    if !x.how.iter().all(how_fits) {
        return Err("an activity's channel or outcome names nothing".to_owned());
    }
    x.book = r.col()?;
    if !x.book.is_empty() {
        agree(x.book.len(), n, "the activities' book order")?;
        let mut seen = Bits::default();
        (0..n).for_each(|_| seen.push(false));
        for &b in &x.book {
            if b as usize >= n || seen.get(b) {
                return Err("the activities' book order is not a permutation".to_owned());
            }
            seen.words[b as usize / 64] |= 1 << (b % 64);
        }
    }
    // The row of each book position, made only when an instant lies in a leap second
    // (the only finer parts whose row matters) and rows are not in book order.
    let leap = x.finer.values.iter().any(|&f| f >= 1000);
    let mut row_of = Vec::new();
    if leap && !x.book.is_empty() {
        row_of = vec![0u32; n];
        for (r, &b) in (0u32..).zip(&x.book) {
            row_of[b as usize] = r;
        }
    }
    let row = |b: u32| match row_of.is_empty() {
        true => Some(b),
        false => row_of.get(b as usize).copied(),
    };
    instants(&x.at, &x.finer, row, "an activity")?;
    x.start = r.col_of(accounts + 1, "the activities' grouping")?;
    x.tail_account = r.col()?;
    refs(&x.tail_account, accounts, false, "an activity's account")?;
    let grouped = n
        .checked_sub(x.tail_account.len())
        .ok_or("the activities' grouping does not fit them")?;
    starts(&x.start, accounts, grouped, "the activities' grouping")?;

    let p = &mut s.responses;
    p.campaign = r.col()?;
    let responses = p.campaign.len();
    refs(&p.campaign, campaigns, false, "a response's campaign")?;
    p.contact = r.col_of(responses, "the responses' contacts")?;
    refs(&p.contact, contacts, false, "a response's contact")?;
    p.at = r.col_of(responses, "the response instants")?;
    p.finer = r.sparse()?;
    refs(&p.finer.rows, responses, false, "a response's instant")?;
    instants(&p.at, &p.finer, Some, "a response")?;
    p.kind = r.col_of(responses, "the response kinds")?;
    codes::<ResponseKind>(&p.kind, "the response kinds")?;

    let t = &mut s.attendees;
    t.event = r.col()?;
    refs(&t.event, s.events.len(), false, "an attendee's event")?;
    t.contact = r.col_of(t.event.len(), "the attendees' contacts")?;
    refs(&t.contact, contacts, false, "an attendee's contact")?;
    t.status = r.col_of(t.event.len(), "the attendee statuses")?;
    codes::<AttendeeStatus>(&t.status, "the attendee statuses")?;

    let t = &mut s.tasks;
    t.account = r.col()?;
    let tasks = t.account.len();
    agree(tasks, lens[slot(RecordKind::Task)], "the tasks")?;
    refs(&t.account, accounts, false, "a task's account")?;
    t.contact = r.col_of(tasks, "the tasks' contacts")?;
    refs(&t.contact, contacts, true, "a task's contact")?;
    t.rep = r.col_of(tasks, "the tasks' reps")?;
    refs(&t.rep, reps, false, "a task's rep")?;
    t.kind = r.col_of(tasks, "the task kinds")?;
    codes::<TaskKind>(&t.kind, "the task kinds")?;
    t.source = r.col_of(tasks, "the task sources")?;
    codes::<TaskSource>(&t.source, "the task sources")?;
    t.status = r.col_of(tasks, "the task statuses")?;
    codes::<TaskStatus>(&t.status, "the task statuses")?;
    t.created = r.col_of(tasks, "the task instants")?;
    t.created_finer = r.sparse()?;
    refs(&t.created_finer.rows, tasks, false, "a task's instant")?;
    instants(&t.created, &t.created_finer, Some, "a task")?;
    t.due = r.col_of(tasks, "the task dates")?;
    days(&t.due, false, "the task dates")?;
    t.completed = r.col_of(tasks, "the task completions")?;
    t.completed_finer = r.sparse()?;
    refs(&t.completed_finer.rows, tasks, false, "a task's completion")?;
    // The rows completed: their instants in their own column, as `instants` reads them.
    let done: Vec<u32> = (0u32..)
        .zip(&t.completed)
        .filter(|&(_, &at)| at != NOT_COMPLETED)
        .map(|(k, _)| k)
        .collect();
    let at: Vec<i64> = done.iter().map(|&k| t.completed[k as usize]).collect();
    let row_of_done = |k: u32| done.binary_search(&k).ok().map(|i| i as u32);
    instants(&at, &t.completed_finer, row_of_done, "a task's completion")?;

    if r.exact(END.len())? != END || r.left != 0 {
        return Err("it does not end where its columns do".to_owned());
    }
    Ok(())
}

/// An error unless `starts` cuts `items` items into `groups` groups, in order.
fn starts(starts: &[u32], groups: usize, items: usize, what: &str) -> Result<(), Damaged> {
    let fits = if starts.is_empty() {
        groups == 0 && items == 0
    } else {
        starts.len() == groups + 1
            && starts[0] == 0
            && starts.windows(2).all(|w| w[0] <= w[1])
            && starts[groups] as usize == items
    };
    if fits {
        Ok(())
    } else {
        Err(format!("{what} do not fit their records"))
    }
}

/// Each kind's ids are as many as its records, and the hand-offs name accounts the
/// book holds (the index looks them up).
fn check_counts(s: &Store) -> Result<(), Damaged> {
    for kind in KINDS {
        agree(s.ids(kind).len(), s.count(kind), &format!("the {kind} ids"))?;
    }
    let accounts = s.ids(RecordKind::Account);
    for h in &s.handoffs {
        if accounts.get(h.account_id.as_str()).is_none() {
            return Err(format!(
                "a hand-off names account {:?}, which it does not hold",
                h.account_id
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(members: u32) -> Book {
        crate::sample_book(&crate::SampleConfig::new(7, members)).unwrap()
    }

    fn encoded(book: &Book) -> Vec<u8> {
        let mut bytes = Vec::new();
        write(book, &mut bytes).unwrap();
        bytes
    }

    fn decoded(bytes: &[u8]) -> Result<Book, Damaged> {
        read(bytes, bytes.len() as u64)
    }

    #[test]
    fn a_book_comes_back_as_it_was_written() {
        let book = sample(30);
        let again = decoded(&encoded(&book)).unwrap();
        assert_eq!(again.to_json(), book.to_json());
        // The look-ups work on the book read back: ids, owners, histories.
        let account = book.account_ids().nth(3).unwrap();
        assert_eq!(
            again.activities_of(account).count(),
            book.activities_of(account).count()
        );
        let rep = book.rep_ids().next().unwrap();
        assert_eq!(
            again.accounts_owned_by(rep.as_str()).count(),
            book.accounts_owned_by(rep.as_str()).count()
        );
    }

    #[test]
    fn an_activity_in_a_leap_second_comes_back_from_rows_out_of_book_order() {
        let mut book = sample(10);
        let mut call = book.activities().next().unwrap().to_activity();
        call.id = "act-leap".into();
        call.at = chrono::DateTime::from_timestamp(1_483_228_799, 1_500_000_123).unwrap();
        book.log_activity(call).unwrap();
        // Read back once, the logged row is grouped with its account's: rows are no
        // longer in book order, and the second round trip maps the leap second's row.
        let once = decoded(&encoded(&book)).unwrap();
        assert!(!once.store.activities.book.is_empty());
        let twice = decoded(&encoded(&once)).unwrap();
        assert_eq!(twice.to_json(), book.to_json());
    }

    /// Writes `book` after `damage` changed its columns, and reads it back.
    fn damaged(damage: impl FnOnce(&mut Store)) -> Damaged {
        let mut book = sample(10);
        damage(&mut book.store);
        decoded(&encoded(&book)).map(drop).unwrap_err()
    }

    #[test]
    fn references_out_of_range_and_lengths_that_disagree_are_errors() {
        let cases: [(Damaged, &str); 7] = [
            (
                damaged(|s| s.activities.rep[0] = 9_999),
                "an activity's rep refers to number 9999 of",
            ),
            (
                damaged(|s| s.contacts.account[1] = NONE),
                "a contact's account refers to number 4294967295 of",
            ),
            (
                damaged(|s| {
                    s.contacts.flags.pop();
                }),
                "the contact flags holds",
            ),
            (
                damaged(|s| s.accounts.kind[0] = 200),
                "the account kinds holds code 200",
            ),
            (
                damaged(|s| s.opportunities.closed_on[0] = i32::MAX),
                "which is no date",
            ),
            (
                damaged(|s| s.activities.start[1] = u32::MAX),
                "the activities' grouping do not fit",
            ),
            (
                damaged(|s| s.ids[slot(RecordKind::Rep)].strings.lens[0] += 1),
                "the texts of the rep ids do not fit their lengths",
            ),
        ];
        for (err, expected) in cases {
            assert!(err.contains(expected), "{err:?} lacks {expected:?}");
        }
    }

    #[test]
    fn cut_or_damaged_bytes_are_errors_never_panics() {
        let book = sample(5);
        let bytes = encoded(&book);
        for cut in (0..bytes.len()).step_by(97) {
            assert!(decoded(&bytes[..cut]).is_err(), "a cut at {cut} read");
            // Told the full length, the reader finds the bytes missing all the same.
            assert!(read(&bytes[..cut], bytes.len() as u64).is_err());
        }
        for at in (0..bytes.len()).step_by(89) {
            let mut damaged = bytes.clone();
            for b in &mut damaged[at..(at + 8).min(bytes.len())] {
                *b ^= 0xa5;
            }
            // Damage a checksum would catch: whatever it reads as, no panic, and a
            // book read back writes out.
            if let Ok(book) = decoded(&damaged) {
                let _ = book.to_json();
            }
        }
    }
}
