//! The book's compact JSON at scale: generate a sample book of the size asked for, then
//! time writing its compact text and reading it back, in MB/s (10^6 bytes) of text.
//!
//! ```text
//! cargo run --release -p callwise-benches --bin json_scale -- 10000
//! cargo run --release -p callwise-benches --bin json_scale -- 1000000 30000000 /tmp
//! ```
//!
//! Without a directory, the text is kept in memory: `to_json_with` (a string),
//! `write_json` to `io::sink` and `from_json` (the string), each repeated for about
//! three seconds. With a directory: `write_json` to `io::sink`, `save_json` to a file
//! there and `load_json` of that file, once each; the file is removed at the end.
//!
//! Each figure is given three times: by the wall clock; by the CPU time of the thread
//! that called (`/proc/thread-self/schedstat`), which is what the wall clock would say
//! on an idle machine for work done on that thread alone when other processes are
//! competing for the cores; and by the CPU time of all the process's threads (writing
//! hands pieces of the big collections to rayon's threads, so on an idle machine with
//! `n` cores its wall clock approaches up to `n` times that figure). A measurement, not
//! a test: it asserts nothing.

use callwise::{Book, JsonStyle, SampleConfig, sample_book};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: json_scale MEMBERS [ACTIVITIES] [DIRECTORY]";
    let members: u32 = args.first().map_or(10_000, |a| a.parse().expect(usage));
    let activities: Option<u64> = args.get(1).map(|a| a.parse().expect(usage));
    let dir = args.get(2).map(std::path::PathBuf::from);
    let config = SampleConfig {
        activities,
        ..SampleConfig::new(7, members)
    };
    let started = Instant::now();
    let book = sample_book(&config).expect("a sample book");
    println!(
        "book: {} accounts, {} contacts, {} activities, made in {:.1} s",
        book.accounts().len(),
        book.contacts().len(),
        book.activities().len(),
        started.elapsed().as_secs_f64()
    );
    match dir {
        None => in_memory(&book),
        Some(dir) => through_a_file(&book, &dir),
    }
    println!(
        "process: peak {:.2} GB",
        callwise_benches::status_gb("VmHWM:")
    );
}

/// `to_json_with`, `write_json` to a sink and `from_json`, repeated.
fn in_memory(book: &Book) {
    let text = book.to_json_with(JsonStyle::Compact);
    let n = text.len();
    let (runs, spent) = repeated(|| drop(book.to_json_with(JsonStyle::Compact)));
    report("to_json_with compact (a string)", n, spent, runs);
    let (runs, spent) = repeated(|| {
        book.write_json(std::io::sink(), JsonStyle::Compact)
            .expect("a sink takes every byte")
    });
    report("write_json compact to io::sink", n, spent, runs);
    let (runs, spent) = repeated(|| drop(Book::from_json(&text).expect("the book reads back")));
    report("from_json compact (the string)", n, spent, runs);
}

/// `save_json` to a file in `dir` and `load_json` of it, once each.
fn through_a_file(book: &Book, dir: &std::path::Path) {
    let (bytes, spent) = timed(|| {
        let mut counted = Counted(0);
        book.write_json(&mut counted, JsonStyle::Compact)
            .expect("a sink takes every byte");
        counted.0
    });
    report("write_json compact to a sink", bytes, spent, 1);
    let path = dir.join(format!("callwise-json-scale-{}.json", std::process::id()));
    let ((), spent) = timed(|| {
        book.save_json(&path, JsonStyle::Compact)
            .expect("the file is written")
    });
    let n = std::fs::metadata(&path).expect("the file").len() as usize;
    report("save_json compact to a file", n, spent, 1);
    let (again, spent) = timed(|| Book::load_json(&path).expect("the book reads back"));
    report("load_json compact from the file", n, spent, 1);
    std::fs::remove_file(&path).expect("the file is removed");
    println!(
        "read back: {} activities, the same book: {}",
        again.activities().len(),
        again == *book
    );
}

/// A writer that counts the bytes and keeps none.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Wall, thread and process CPU time spent since `since` (of [`clocks`]).
type Spent = (Duration, Duration, Duration);

/// The wall clock, this thread's CPU time and the process's.
fn clocks() -> (Instant, Duration, Duration) {
    (Instant::now(), thread_cpu(), process_cpu())
}

fn spent_since((wall, thread, process): (Instant, Duration, Duration)) -> Spent {
    (
        wall.elapsed(),
        thread_cpu().saturating_sub(thread),
        process_cpu().saturating_sub(process),
    )
}

/// Wall and CPU time of `f`, and its result.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Spent) {
    let start = clocks();
    let out = f();
    (out, spent_since(start))
}

/// `f` run until three seconds of CPU time are spent (at least twice): the runs and
/// the time.
fn repeated(mut f: impl FnMut()) -> (u32, Spent) {
    let start = clocks();
    let mut runs = 0;
    while runs < 2 || process_cpu().saturating_sub(start.2) < Duration::from_secs(3) {
        f();
        runs += 1;
    }
    (runs, spent_since(start))
}

fn report(what: &str, bytes: usize, (wall, thread, process): Spent, runs: u32) {
    let rate = |d: Duration| bytes as f64 * f64::from(runs) / d.as_secs_f64() / 1e6;
    println!(
        "{what:34} {:8.1} MB: {:6.0} MB/s by the wall clock, {:6.0} MB/s of this thread's CPU \
         time, {:6.0} MB/s of all threads' ({runs} runs)",
        bytes as f64 / 1e6,
        rate(wall),
        rate(thread),
        rate(process),
    );
}

/// The CPU time this thread has had (zero where the kernel does not say).
fn thread_cpu() -> Duration {
    schedstat("/proc/thread-self/schedstat")
}

/// The CPU time the process's live threads have had (rayon's stay alive).
fn process_cpu() -> Duration {
    std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten()
        .map(|task| schedstat(task.path().join("schedstat")))
        .sum()
}

/// The first figure of a `schedstat` file: nanoseconds on a CPU.
fn schedstat(path: impl AsRef<std::path::Path>) -> Duration {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}
