//! The main job: load a book (the bundled sample, a generated one, or a JSON file) and
//! print its summary.
//!
//! ```text
//! book-summary                          # the bundled fixture, tests/fixtures/sample_book.json
//! book-summary --generate 10000 --seed 7
//! book-summary path/to/book.json
//! ```

use std::process::ExitCode;

const USAGE: &str = "usage: book-summary [BOOK.json | --generate MEMBERS [--seed N]]";

fn run(args: &[String]) -> Result<String, String> {
    let book = match args {
        [] => load(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/sample_book.json"
        ))?,
        [flag, members, rest @ ..] if flag == "--generate" => {
            let members = members.parse().map_err(|_| USAGE.to_owned())?;
            let seed = match rest {
                [] => 7,
                [s, seed] if s == "--seed" => seed.parse().map_err(|_| USAGE.to_owned())?,
                _ => return Err(USAGE.to_owned()),
            };
            let started = std::time::Instant::now();
            let book = callwise::sample_book(&callwise::SampleConfig::new(seed, members))
                .map_err(|e| e.to_string())?;
            eprintln!("generated in {:.2?}", started.elapsed());
            book
        }
        [path] if !path.starts_with('-') => load(path)?,
        _ => return Err(USAGE.to_owned()),
    };
    Ok(book.summary().to_text())
}

fn load(path: &str) -> Result<callwise::Book, String> {
    let json = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    callwise::Book::from_json(&json).map_err(|e| match e {
        callwise::Error::Validation { problems } => {
            let lines: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
            format!(
                "{path}: {} problem(s):\n{}",
                problems.len(),
                lines.join("\n")
            )
        }
        other => format!("{path}: {other}"),
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
