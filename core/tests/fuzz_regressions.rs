//! Inputs the fuzz targets (`fuzz/`, `scripts/fuzz.sh`) found to break a promise, each
//! pinned here with the answer it must give now.

use callwise::Error;
use callwise::routine::{Routine, RoutineKind};

/// `BYDAY=-5ͱO` (a non-ASCII character inside a weekday) made the `rrule` crate slice a
/// string inside a character and panic; found by the `routine` target.
#[test]
fn a_rule_with_a_character_that_is_not_ascii_is_refused() {
    let start = "2026-01-05T10:00:00".parse().unwrap();
    for text in [
        "FREQ=YEARLY;BYDAY=-5\u{371}O",
        "FREQ=WEEKLY;BYDAY=M\u{d6}",
        "FREQ=D\u{c4}ILY",
    ] {
        match Routine::new(
            RoutineKind::Custom,
            "Fuzz",
            "America/New_York",
            start,
            text,
            45,
        ) {
            Err(Error::InvalidRule { what, reason }) => {
                assert_eq!(what, "RRULE", "{text:?}");
                assert!(reason.contains("not ASCII"), "{text:?}: {reason}");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    // The same through a routine's JSON.
    let json = r#"{"name": "Fuzz", "kind": "custom", "time_zone": "America/New_York",
        "first_start": "2026-01-05T10:00:00", "rrule": "FREQ=YEARLY;BYDAY=-5\u0371O",
        "duration_minutes": 45}"#;
    assert!(matches!(Routine::from_json(json), Err(Error::Json { .. })));
}

/// `add_business_days(-2026-04-03, 0)` gave the date back unchanged, a date before the
/// year 0000 that no binding can carry; found by the `calendar` target. A date outside
/// the years 0000 to 9999 is now refused, whatever `n`.
#[test]
fn a_date_outside_the_years_0000_to_9999_is_refused() {
    let cal = callwise::BusinessCalendar::from_json(r#"{"weekend": [], "holidays": []}"#).unwrap();
    for text in ["-2026-04-03", "+10000-01-01"] {
        let date: chrono::NaiveDate = text.parse().unwrap();
        for n in [-1, 0, 1] {
            match cal.add_business_days(date, n) {
                Err(Error::InvalidArgument { name: "date", .. }) => {}
                other => panic!("{text} {n}: {other:?}"),
            }
        }
        assert!(matches!(
            cal.roll_forward(date),
            Err(Error::InvalidArgument { name: "date", .. })
        ));
    }
    // The first and last days stay in.
    for text in ["0000-01-01", "9999-12-31"] {
        let date: chrono::NaiveDate = text.parse().unwrap();
        assert_eq!(cal.add_business_days(date, 0).unwrap(), date);
    }
}

/// An MBG/NBD customer almost surely gone (209 purchases, none for the last 176 of 454
/// weeks, every parameter in the hundreds) got a lifetime value of −2.7e−49: the
/// expected purchases' numerator, summed month by month as increments of a cumulative
/// quantity, went down by rounding in one month. Found by the `retention` target.
#[test]
fn a_lifetime_value_is_never_negative_by_rounding() {
    use callwise::retention::{ClvOptions, Customer, GammaGamma, ModifiedBetaGeo};
    let model = ModifiedBetaGeo::new(255.0, 255.0, 255.0, 241.0).unwrap();
    let spend = GammaGamma::new(255.0, 255.0, 255.0).unwrap();
    let t = 453.75;
    let customer = Customer::new(209.0, t * 156.0 / 255.0, t).unwrap();
    let options = ClvOptions {
        months: 46,
        monthly_discount_rate: 0.0,
        ..ClvOptions::default()
    };
    let clv = spend
        .customer_lifetime_value(&model, &customer, 65535.0 / 4.0, &options)
        .unwrap();
    assert!(clv >= 0.0, "{clv:e}");
    assert!(clv < 1e-30, "the customer is gone: {clv:e}");
}

/// An instant in the year −20763 got a next allowed instant in that year from calling
/// rules with a window (and `next_business_instant` the same), which no binding can
/// carry; found by the `calendar` target. The search now starts at the year 0000: the
/// answer is the earliest instant at or after `at` within the years 0000 to 9999, or
/// none when that is more than 400 days away.
#[test]
fn a_next_allowed_instant_is_never_before_the_year_0000() {
    use callwise::{BlockRule, CallingRules, LocalWindow, Verdict};
    let cal = callwise::BusinessCalendar::from_json(r#"{"weekend": [], "holidays": []}"#).unwrap();
    let hours = LocalWindow::parse("09:00", "17:00").unwrap();
    let rules = CallingRules::default().with_window(hours).unwrap();
    let utc = callwise::time::parse_time_zone("UTC").unwrap();
    let first = chrono::DateTime::from_timestamp(-62_167_219_200, 0).unwrap();
    assert_eq!(first.to_rfc3339(), "0000-01-01T00:00:00+00:00");
    // 20:00 on 31 December of the year −1: the window opens at 09:00 on 1 January 0000.
    let eve = first - chrono::TimeDelta::hours(4);
    let opens = first + chrono::TimeDelta::hours(9);
    assert_eq!(
        rules.check_zone(utc, eve),
        Verdict::Blocked {
            rule: BlockRule::OutsideWindow,
            next_allowed: Some(opens)
        }
    );
    assert_eq!(cal.next_business_instant(eve, utc, &hours).unwrap(), opens);
    // The fuzz target's instant: 400 days on is still long before the year 0000.
    let far = chrono::DateTime::from_timestamp(-717_373_380_744, 0).unwrap();
    assert_eq!(
        rules.check_zone(utc, far),
        Verdict::Blocked {
            rule: BlockRule::OutsideWindow,
            next_allowed: None
        }
    );
    assert!(matches!(
        cal.next_business_instant(far, utc, &hours),
        Err(Error::InvalidArgument { name: "at", .. })
    ));
}

/// One customer with T = 1.8e308 weeks (and a weight of 2.5e-312) made every BG/NBD and
/// MBG/NBD method fail at the default start, where α + T overflows and the likelihood is
/// ∞ − ∞; the fit reported `NotConverged` with a log-likelihood of NaN, which its
/// documentation rules out. A cost that cannot be computed now counts as +∞: the report
/// is −∞ at the start, the best point found. Found by the `retention` target.
#[test]
fn a_fit_that_cannot_compute_its_likelihood_reports_minus_infinity() {
    use callwise::retention::{BetaGeo, CustomerData, FitOptions, ModifiedBetaGeo};
    let data = CustomerData::new(
        &[201.0],
        &[63.0],
        &[1.797_691_680_630_793_6e308],
        Some(&[2.479_601_249_53e-312]),
    )
    .unwrap();
    let options = FitOptions {
        max_iterations: 1,
        group_rows: false,
        ..FitOptions::default()
    };
    for fit in [
        BetaGeo::fit(&data, &options).map(|_| ()),
        ModifiedBetaGeo::fit(&data, &options).map(|_| ()),
    ] {
        match fit {
            Err(Error::NotConverged {
                best,
                log_likelihood,
                ..
            }) => {
                assert_eq!(log_likelihood, f64::NEG_INFINITY);
                assert!(
                    best.iter().all(|(_, v)| v.is_finite() && *v > 0.0),
                    "{best:?}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}

/// A source weight of 3.3e73, finite, made each contribution saturate at `i64::MAX` and
/// their sum overflow: a panic in `next_day_call_list`. Found by the `call_list_config`
/// target. Weights above `MAX_WEIGHT` are now refused, and at `MAX_WEIGHT` every score is
/// still the exact sum of its reasons.
#[test]
fn a_weight_too_large_for_an_exact_score_is_refused() {
    use callwise::call_list::{
        CallListConfig, CallListInputs, MAX_WEIGHT, Source, next_day_call_list,
    };
    for weight in ["3.3e73", "1000000.5", "1e300"] {
        let json = format!(r#"{{"weights": {{"renewal": {weight}}}}}"#);
        match CallListConfig::from_json(&json) {
            Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, "weights"),
            other => panic!("{weight}: {other:?}"),
        }
    }
    let book =
        callwise::Book::from_json(&crate::fixtures::read("fixtures/call_list_book.json")).unwrap();
    let mut config = CallListConfig::default();
    for source in Source::ALL {
        config.weights.insert(source, MAX_WEIGHT);
    }
    let day = "2026-11-24".parse().unwrap();
    let list =
        next_day_call_list(&book, "rep-ny", day, &config, &CallListInputs::default()).unwrap();
    assert!(!list.entries.is_empty());
    for e in &list.entries {
        let sum: i64 = e.reasons.iter().map(|r| r.contribution).sum();
        assert_eq!(e.score, sum, "{}", e.account_id);
    }
}
