//! The main job: load a book (the bundled sample, a generated one, or a JSON file),
//! print its summary, then tomorrow's Next Day Call List of its busiest rep (the first
//! working day after the book's last activity: top 20 calls with their reasons and
//! slots in the rep's and the callee's time, and what was held back), that rep's team's
//! Power Hour pool, then the churn scores: the members due for renewal least likely to
//! renew (the covariate renewal model, fitted on the book's own past terms, with the
//! reasons) and the customers most likely to have gone quiet (BG/NBD on the book's
//! closed-won deals). The fitted models feed the lists' renewal and dormant sources.
//!
//! ```text
//! book-summary                          # the bundled sample: seed 7, 1,000 members
//! book-summary --generate 10000 --seed 7
//! book-summary --generate 1000000 --activities 30000000
//! book-summary path/to/book.json
//! ```

use std::process::ExitCode;

const USAGE: &str =
    "usage: book-summary [BOOK.json | --generate MEMBERS [--activities N] [--seed N]]";

/// The sample `--generate` asks for: `MEMBERS [--activities N] [--seed N]`.
fn sample_config(members: &str, rest: &[String]) -> Result<callwise::SampleConfig, String> {
    let usage = |_| USAGE.to_owned();
    let mut config = callwise::SampleConfig::new(7, members.parse().map_err(usage)?);
    for pair in rest.chunks(2) {
        match pair {
            [flag, n] if flag == "--seed" => config.seed = n.parse().map_err(usage)?,
            [flag, n] if flag == "--activities" => {
                config.activities = Some(n.parse().map_err(usage)?);
            }
            _ => return Err(USAGE.to_owned()),
        }
    }
    Ok(config)
}

fn generate(config: &callwise::SampleConfig) -> Result<callwise::Book, String> {
    let started = std::time::Instant::now();
    let book = callwise::sample_book(config).map_err(|e| e.to_string())?;
    eprintln!("generated in {:.2?}", started.elapsed());
    Ok(book)
}

fn run(args: &[String]) -> Result<String, String> {
    let book = match args {
        [] => generate(&callwise::SampleConfig::default())?,
        [flag, members, rest @ ..] if flag == "--generate" => {
            generate(&sample_config(members, rest)?)?
        }
        [path] if !path.starts_with('-') => load(path)?,
        _ => return Err(USAGE.to_owned()),
    };
    let mut text = book.summary().to_text();
    let Some(as_of) = book.activities().map(|a| a.at().date_naive()).max() else {
        text.push_str(
            "\nno call lists or churn scores: the book has no activity to date them by\n",
        );
        return Ok(text);
    };
    let models = Models::fit(&book, as_of);
    text.push_str(&call_list_report(&book, as_of, &models).map_err(|e| e.to_string())?);
    text.push_str(&churn_report(&book, as_of, &models).map_err(|e| e.to_string())?);
    Ok(text)
}

/// The models fitted on the book's own history, or why they could not be.
struct Models {
    renewal: Result<
        (
            callwise::retention::RenewalModel,
            callwise::retention::RenewalFit,
        ),
        String,
    >,
    purchase: Result<(callwise::retention::BetaGeo, callwise::retention::FitReport), String>,
    history: Option<callwise::retention::PurchaseHistory>,
    lapsed: usize,
}

impl Models {
    fn fit(book: &callwise::Book, as_of: chrono::NaiveDate) -> Self {
        use callwise::retention::{
            BetaGeo, FitOptions, PurchaseSource, RenewalModel, RenewalOptions, TimeUnit,
            purchase_history, renewal_history,
        };
        let (renewal, lapsed) = match renewal_history(book, as_of, 60) {
            Ok(history) => {
                let renewed = history.renewed().unwrap_or_default();
                let lapsed = renewed.iter().filter(|r| !**r).count();
                let fit = RenewalModel::fit(
                    &history.features,
                    &renewed,
                    None,
                    &RenewalOptions::default(),
                );
                (fit.map_err(|e| e.to_string()), lapsed)
            }
            Err(e) => (Err(e.to_string()), 0),
        };
        let history = purchase_history(book, as_of, TimeUnit::Weeks, PurchaseSource::WonDeals).ok();
        let purchase = match &history {
            Some(h) => BetaGeo::fit(&h.data, &FitOptions::default()).map_err(|e| {
                format!(
                    "{} customers with purchases are too few for BG/NBD ({e})",
                    h.data.len()
                )
            }),
            None => Err("the book has no closed-won deal".to_owned()),
        };
        Self {
            renewal,
            purchase,
            history,
            lapsed,
        }
    }
}

/// Tomorrow's list of the rep with the most calls, and their team's Power Hour pool.
fn call_list_report(
    book: &callwise::Book,
    as_of: chrono::NaiveDate,
    models: &Models,
) -> callwise::Result<String> {
    use callwise::call_list::{CallListConfig, Prepared, call_lists, power_hour_list};
    use chrono::Datelike;
    let config = CallListConfig::default();
    let mut day = as_of.succ_opt().unwrap_or(as_of);
    while !config.working_days.contains(&day.weekday()) {
        day = day.succ_opt().unwrap_or(day);
    }
    // Zone rotation over the book's territory zones, in name order, from this week.
    let mut zones: Vec<String> = book
        .accounts()
        .filter_map(|a| a.territory_zone().map(str::to_owned))
        .collect();
    zones.sort();
    zones.dedup();
    let monday = day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()));
    let rotation = callwise::routine::ZoneRotation::new(zones, monday, 28).ok();
    let renewal = models.renewal.as_ref().ok().map(|(m, _)| m);
    let purchase = models
        .purchase
        .as_ref()
        .ok()
        .map(|(m, _)| m as &dyn callwise::retention::PurchaseModel);
    let prepared = Prepared::new(book, day, &config, None, renewal, purchase)?;
    let inputs = prepared.inputs(rotation.as_ref(), &[]);
    let started = std::time::Instant::now();
    let lists = call_lists(book, day, &config, &inputs)?;
    let elapsed = started.elapsed();
    let mut out = format!(
        "\ncall lists for {day}: {} calls for {} reps, built in {elapsed:.1?}\n\n",
        lists.iter().map(|l| l.entries.len()).sum::<usize>(),
        lists.len()
    );
    let Some(busiest) = lists.iter().max_by_key(|l| l.entries.len()) else {
        return Ok(out);
    };
    out.push_str(&busiest.to_text(20));
    let team = busiest
        .rep_id
        .as_ref()
        .and_then(|r| book.rep(r.as_str()))
        .and_then(|r| r.team_id.clone());
    if let Some(team) = team {
        out.push('\n');
        out.push_str(&power_hour_list(book, team.as_str(), day, &config, &inputs)?.to_text(10));
    }
    Ok(out)
}

/// How many members and customers each churn list shows.
const SHOWN: usize = 5;

fn churn_report(
    book: &callwise::Book,
    as_of: chrono::NaiveDate,
    models: &Models,
) -> callwise::Result<String> {
    use callwise::retention::{dormant_signals, renewal_signals};
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nrenewal risk as of {as_of} (terms ending in the next 120 days)"
    );
    match &models.renewal {
        Ok((model, fit)) => {
            let _ = writeln!(
                out,
                "  model: logistic, fitted on {} past terms ({} lapsed), log-likelihood {:.2}",
                fit.rows, models.lapsed, fit.log_likelihood
            );
            for s in renewal_signals(book, model, as_of, 120)?.iter().take(SHOWN) {
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
    match (&models.purchase, &models.history) {
        (Ok((model, report)), Some(history)) => {
            let p = model.params();
            let _ = writeln!(
                out,
                "  model: BG/NBD on {} customers, r {:.3} alpha {:.3} a {:.3} b {:.3}",
                report.rows, p[0].1, p[1].1, p[2].1, p[3].1
            );
            for s in dormant_signals(history, model, 13.0)?.iter().take(SHOWN) {
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
        (Err(e), _) => {
            let _ = writeln!(out, "  not scored: {e}");
        }
        (Ok(_), None) => {}
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
