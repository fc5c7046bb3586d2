//! The main job: load a book (the bundled sample, a generated one, or a JSON file),
//! print its summary, then its churn scores: the members due for renewal least likely
//! to renew (the covariate renewal model, fitted on the book's own past terms, with the
//! reasons) and the customers most likely to have gone quiet (BG/NBD on the book's
//! closed-won deals), as of the day of the book's last activity.
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
    let mut text = book.summary().to_text();
    text.push_str(&churn_report(&book).map_err(|e| e.to_string())?);
    Ok(text)
}

/// How many members and customers each churn list shows.
const SHOWN: usize = 5;

fn churn_report(book: &callwise::Book) -> callwise::Result<String> {
    use callwise::retention::{
        BetaGeo, FitOptions, RenewalModel, RenewalOptions, TimeUnit, dormant_signals,
        purchase_history, renewal_history, renewal_signals,
    };
    use std::fmt::Write;
    let Some(as_of) = book
        .data()
        .activities
        .iter()
        .map(|a| a.at.date_naive())
        .max()
    else {
        return Ok("\nchurn scores: the book has no activity to date them by\n".into());
    };
    let mut out = String::new();
    let history = renewal_history(book, as_of, 60)?;
    let renewed = history.renewed().unwrap_or_default();
    let _ = writeln!(
        out,
        "\nrenewal risk as of {as_of} (terms ending in the next 120 days)"
    );
    match RenewalModel::fit(
        &history.features,
        &renewed,
        None,
        &RenewalOptions::default(),
    ) {
        Ok((model, fit)) => {
            let lapsed = renewed.iter().filter(|r| !**r).count();
            let _ = writeln!(
                out,
                "  model: logistic, fitted on {} past terms ({lapsed} lapsed), log-likelihood {:.2}",
                fit.rows, fit.log_likelihood
            );
            for s in renewal_signals(book, &model, as_of, 120)?
                .iter()
                .take(SHOWN)
            {
                let mut reasons = s.explanation.contributions.clone();
                reasons.sort_by(|a, b| a.contribution.total_cmp(&b.contribution));
                let why: Vec<String> = reasons
                    .iter()
                    .filter(|c| c.contribution < 0.0)
                    .take(2)
                    .map(|c| format!("{} {:.1} ({:+.2})", c.feature, c.value, c.contribution))
                    .collect();
                let _ = writeln!(
                    out,
                    "  {:<12} {:<12} term ends {}  renews {:>5.1}%  most against: {}",
                    s.membership_id.as_str(),
                    s.account_id.as_str(),
                    s.term_end,
                    100.0 * s.p_renew,
                    why.join(", ")
                );
            }
        }
        Err(e) => {
            let _ = writeln!(out, "  not scored: {e}");
        }
    }
    let _ = writeln!(
        out,
        "\ndormant customers as of {as_of} (closed-won deals as purchases, weeks)"
    );
    let history = match purchase_history(book, as_of, TimeUnit::Weeks) {
        Ok(h) => h,
        Err(e) => {
            let _ = writeln!(out, "  not scored: {e}");
            return Ok(out);
        }
    };
    match BetaGeo::fit(&history.data, &FitOptions::default()) {
        Ok((model, report)) => {
            let p = model.params();
            let _ = writeln!(
                out,
                "  model: BG/NBD on {} customers, r {:.3} alpha {:.3} a {:.3} b {:.3}",
                report.rows, p[0].1, p[1].1, p[2].1, p[3].1
            );
            for s in dormant_signals(&history, &model, 13.0)?.iter().take(SHOWN) {
                let _ = writeln!(
                    out,
                    "  {:<12} repeat purchases {:>3}  last at week {:>6.1} of {:>6.1}  P(alive) {:>5.1}%  next 13 weeks {:.2}",
                    s.account_id.as_str(),
                    s.frequency,
                    s.recency,
                    s.t,
                    100.0 * s.p_alive,
                    s.expected_purchases
                );
            }
        }
        Err(e) => {
            let _ = writeln!(
                out,
                "  not scored: {} customers with purchases are too few for BG/NBD ({e})",
                history.data.len()
            );
        }
    }
    Ok(out)
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
