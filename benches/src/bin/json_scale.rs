//! The book's compact JSON at scale: generate a sample book of the size asked for, then
//! time writing its compact text and reading it back, in MB/s (10^6 bytes) of text.
//!
//! ```text
//! cargo run --release -p callwise-benches --bin json_scale -- 10000
//! cargo run --release -p callwise-benches --bin json_scale -- 1000000 30000000
//! cargo run --release -p callwise-benches --bin json_scale -- 1000000 30000000 /tmp
//! ```
//!
//! Without a directory, the text is kept in memory: `to_json_with` (a string),
//! `write_json` to `io::sink`, `from_json` (the string) and `read_json` (its bytes as
//! an `io::Read`). Each is run once, reported as its "first run", then again for about
//! three seconds of CPU time, at least once, reported as "again": the first run of a
//! process maps fresh pages, which cost more in this machine's VM (see DESIGN.md,
//! "Writing a big book's text"). What a run returns (a text, a book) is dropped
//! outside its time. A big book's text is held once, each run's in place of the last:
//! the peak is the book, its text and the book read back. With a
//! directory: `write_json` to `io::sink`, `save_json` to a file there
//! and `load_json` of that file, once each; the file is removed at the end.
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
        None => in_memory(book),
        Some(dir) => through_a_file(&book, &dir),
    }
    println!(
        "process: peak {:.2} GB",
        callwise_benches::status_gb("VmHWM:")
    );
}

/// `to_json_with`, `write_json` to a sink, `from_json` and `read_json`: each once, then
/// again (see [`first_and_again`]). What a run returns is dropped outside its time.
/// The book is dropped before it is read back, so that reading runs as in a process
/// that loads a book: with the text, and no other book, in memory.
fn in_memory(book: Book) {
    // A big book's text (several GB) is held once: each run's replaces the last.
    let (mut text, first) = timed(|| book.to_json_with(JsonStyle::Compact));
    let n = text.len();
    report("to_json_with compact (a string)", n, first, 1, "first run");
    let (runs, spent) = repeated(|| {
        drop(std::mem::take(&mut text));
        let (again, spent) = timed(|| book.to_json_with(JsonStyle::Compact));
        text = again;
        spent
    });
    report("to_json_with compact (a string)", n, spent, runs, "again");
    first_and_again("write_json compact to io::sink", n, || {
        book.write_json(std::io::sink(), JsonStyle::Compact)
            .expect("a sink takes every byte")
    });
    let activities = book.activities().len();
    drop(book);
    first_and_again("from_json compact (the string)", n, || {
        let again = Book::from_json(&text).expect("the book reads back");
        assert_eq!(
            again.activities().len(),
            activities,
            "every activity read back"
        );
        again
    });
    first_and_again("read_json compact (io::Read of it)", n, || {
        Book::read_json(text.as_bytes()).expect("the book reads back")
    });
}

/// `f` run once, then [`repeated`], each reported; what it returns is dropped outside
/// its time. The first run of a process maps fresh pages, which in this machine's VM
/// cost up to twice as much the first time the guest touches them (see DESIGN.md,
/// "Writing a big book's text"); the runs after it show what a process that has done
/// the work once pays each time.
fn first_and_again<T>(what: &str, bytes: usize, mut f: impl FnMut() -> T) {
    let (out, first) = timed(&mut f);
    drop(out);
    report(what, bytes, first, 1, "first run");
    let (runs, spent) = repeated(|| {
        let (out, spent) = timed(&mut f);
        drop(out);
        spent
    });
    report(what, bytes, spent, runs, "again");
}

/// `save_json` to a file in `dir` and `load_json` of it, once each.
fn through_a_file(book: &Book, dir: &std::path::Path) {
    let (bytes, spent) = timed(|| {
        let mut counted = Counted(0);
        book.write_json(&mut counted, JsonStyle::Compact)
            .expect("a sink takes every byte");
        counted.0
    });
    report("write_json compact to a sink", bytes, spent, 1, "once");
    let path = dir.join(format!("callwise-json-scale-{}.json", std::process::id()));
    let ((), spent) = timed(|| {
        book.save_json(&path, JsonStyle::Compact)
            .expect("the file is written")
    });
    let n = std::fs::metadata(&path).expect("the file").len() as usize;
    report("save_json compact to a file", n, spent, 1, "once");
    let (again, spent) = timed(|| Book::load_json(&path).expect("the book reads back"));
    report("load_json compact from the file", n, spent, 1, "once");
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

/// Runs until three seconds of CPU time are spent (at least one): the runs and the
/// time, `once` running one and giving the time it took.
fn repeated(mut once: impl FnMut() -> Spent) -> (u32, Spent) {
    let mut runs = 0;
    let mut spent = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    while runs == 0 || spent.2 < Duration::from_secs(3) {
        let this = once();
        spent = (spent.0 + this.0, spent.1 + this.1, spent.2 + this.2);
        runs += 1;
    }
    (runs, spent)
}

fn report(what: &str, bytes: usize, (wall, thread, process): Spent, runs: u32, which: &str) {
    let rate = |d: Duration| bytes as f64 * f64::from(runs) / d.as_secs_f64() / 1e6;
    println!(
        "{what:34} {which:9} {:8.1} MB: {:6.0} MB/s by the wall clock, {:6.0} MB/s of this \
         thread's CPU time, {:6.0} MB/s of all threads' ({runs} runs)",
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

/// The CPU time the process has had, all its threads (ended ones too), user and
/// system, from `/proc/self/stat` (in ticks of 10 ms: runs of three seconds and more).
fn process_cpu() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // The fields after the command's closing parenthesis, from the third on:
            // utime and stime are the 14th and 15th.
            let rest = &s[s.rfind(')')? + 1..];
            let mut fields = rest.split_whitespace().skip(11);
            let user: u64 = fields.next()?.parse().ok()?;
            let system: u64 = fields.next()?.parse().ok()?;
            Some(user + system)
        })
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// The first figure of a `schedstat` file: nanoseconds on a CPU.
fn schedstat(path: impl AsRef<std::path::Path>) -> Duration {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}
