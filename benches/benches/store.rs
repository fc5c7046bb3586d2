//! The durable store: appends with durability on (WAL, `synchronous=FULL`) in batches
//! of 100 (target 50,000 events per second), one event per transaction, and 1,000 per
//! transaction (what an event costs once the sync is shared out), the merge of
//! two journals of 100,000 events each (target 1 s), opening a store, and the disk's
//! own bound on a durable commit (`disk/write_4k_fdatasync`: 4 KiB written and synced).
//!
//! `cargo bench -p callwise-benches --bench store`. `CALLWISE_BENCH_MEMBERS` sets the
//! book opened (default 10,000 members) and `CALLWISE_BENCH_ACTIVITIES` how many
//! activities it holds (default: the sample's own; more are added, spread over its
//! accounts and the two years before its date), so that the book of 1,000,000
//! members and 30,000,000 activities is
//! `CALLWISE_BENCH_MEMBERS=1000000 CALLWISE_BENCH_ACTIVITIES=30000000
//! cargo bench -p callwise-benches --bench store -- store_open`.
//! `CALLWISE_BENCH_JOURNAL` sets the events of each journal merged (default 100,000).
//! Each benchmark makes its files only when it is selected, so a filter skips the
//! others' setup. The files live under the system's temporary directory, so the
//! figures are those of its disk.

use callwise::store::{Store, StoreOptions};
use callwise::{Activity, Book, Channel, Direction, SampleConfig, sample_book};
use callwise_benches::activity_changes as activities;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::path::PathBuf;

fn env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// A directory of its own under the system's temporary directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "callwise-bench-store-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Self(dir)
    }

    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn append(c: &mut Criterion) {
    let dir = Scratch::new("append");
    let book = sample_book(&SampleConfig::new(7, 100)).unwrap();
    let mut group = c.benchmark_group("store_append");
    for size in [100u64, 1, 1_000] {
        let mut store = Store::create(
            dir.path(&format!("batch-{size}.db")),
            &book,
            &StoreOptions::device("bench"),
        )
        .unwrap();
        let mut next = 0;
        group.throughput(Throughput::Elements(size));
        group.bench_function(format!("batch_of_{size}"), |b| {
            b.iter_batched(
                || {
                    next += size;
                    activities(&book, "a", next - size..next)
                },
                |batch| store.append(&batch).unwrap(),
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

/// Two stores `a` and `b` in `dir` from `book`, each holding `events` activities of
/// its own device, written in turns of 10,000 so that their stamps interleave (a merge
/// then replays both journals from the genesis, the common case after a day offline).
fn journals(dir: &Scratch, book: &Book, events: u64) -> [Store; 2] {
    let mut stores = ["a", "b"].map(|d| {
        Store::create(dir.path(&format!("{d}.db")), book, &StoreOptions::device(d)).unwrap()
    });
    for start in (0..events).step_by(10_000) {
        for (store, device) in stores.iter_mut().zip(["a", "b"]) {
            store
                .append(&activities(
                    book,
                    device,
                    start..(start + 10_000).min(events),
                ))
                .unwrap();
        }
    }
    stores
}

fn merge(c: &mut Criterion) {
    let events = u64::from(env("CALLWISE_BENCH_JOURNAL", 100_000));
    let mut made = None;
    let mut group = c.benchmark_group("store_merge");
    group.sample_size(10);
    group.throughput(Throughput::Elements(events));
    group.bench_function(format!("two_journals_of_{events}"), |bench| {
        let (dir, exchange) = made.get_or_insert_with(|| {
            let dir = Scratch::new("merge");
            let book = sample_book(&SampleConfig::new(7, 100)).unwrap();
            let [a, b] = journals(&dir, &book, events);
            let exchange = b.export_since(&a.version_vector().unwrap()).unwrap();
            (dir, exchange)
        });
        bench.iter_batched(
            || {
                std::fs::copy(dir.path("a.db"), dir.path("copy.db")).unwrap();
                Store::open(dir.path("copy.db")).unwrap()
            },
            |mut store| {
                let report = store.merge(exchange).unwrap();
                assert_eq!(report.added, events);
                store
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// The sample book of `members`, topped up to `activities` activities (when it holds
/// fewer): calls and e-mails by each account's owner, accounts in turn, at times spread
/// over the two years before the book's date.
fn book_of(members: u32, activities: u64) -> Book {
    let config = SampleConfig::new(7, members);
    let book = sample_book(&config).unwrap();
    let have = book.activities().len() as u64;
    if activities <= have {
        return book;
    }
    let mut data = book.to_data();
    drop(book);
    let end = config.as_of.and_hms_opt(0, 0, 0).unwrap().and_utc();
    let span = 2 * 365 * 86_400;
    let accounts: Vec<_> = data
        .accounts
        .iter()
        .map(|a| (a.id.clone(), a.primary_owner.rep_id.clone()))
        .collect();
    data.activities.reserve((activities - have) as usize);
    for n in 0..activities - have {
        let (account, rep) = &accounts[(n % accounts.len() as u64) as usize];
        let back = (n.wrapping_mul(2_654_435_761) % span) as i64 + 1;
        data.activities.push(Activity {
            id: format!("act-bench-{n}").into(),
            account_id: account.clone(),
            contact_id: None,
            rep_id: rep.clone(),
            at: end - chrono::Duration::seconds(back),
            channel: if n % 3 == 0 {
                Channel::Email
            } else {
                Channel::Call
            },
            direction: Direction::Outbound,
            outcome: None,
            duration_seconds: None,
            opportunity_id: None,
            campaign_id: None,
        });
    }
    Book::new(data).unwrap()
}

fn open(c: &mut Criterion) {
    let members = env("CALLWISE_BENCH_MEMBERS", 10_000);
    let activities = std::env::var("CALLWISE_BENCH_ACTIVITIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut made: Option<(Scratch, usize)> = None;
    let mut group = c.benchmark_group("store_open");
    group.sample_size(10);
    group.bench_function(format!("book_of_{members}_members"), |b| {
        let (dir, held) = made.get_or_insert_with(|| {
            let dir = Scratch::new("open");
            let book = book_of(members, activities);
            let held = book.activities().len();
            Store::create(dir.path("book.db"), &book, &StoreOptions::device("bench"))
                .unwrap()
                .close()
                .unwrap();
            (dir, held)
        });
        b.iter(|| {
            let book = Store::open(dir.path("book.db")).unwrap().book().unwrap();
            assert_eq!(book.activities().len(), *held);
            book
        })
    });
    group.finish();
}

/// The disk's own bound on a durable commit: bytes appended to a file and synced, as
/// SQLite's commit does once with `synchronous=FULL` in WAL mode (strace shows one
/// `fsync` of the log per batch). 4 KiB and `fdatasync` is the least a commit can cost;
/// 72 KiB and `fsync` is what a batch of 100 activities writes (18 pages of the table
/// and its indexes) and how SQLite syncs it. Appends in batches of 100 cannot beat 100
/// events per this time.
fn disk_sync(c: &mut Criterion) {
    use std::io::Write;
    let dir = Scratch::new("sync");
    let mut file = std::fs::File::create(dir.path("sync.bin")).unwrap();
    let pages = vec![7u8; 72 << 10];
    let mut group = c.benchmark_group("disk");
    group.bench_function("write_4k_fdatasync", |b| {
        b.iter(|| {
            file.write_all(&pages[..4 << 10]).unwrap();
            file.sync_data().unwrap();
        })
    });
    group.bench_function("write_72k_fsync", |b| {
        b.iter(|| {
            file.write_all(&pages).unwrap();
            file.sync_all().unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, append, merge, open, disk_sync);
criterion_main!(benches);
