//! Business calendars: `BusinessCalendar::from_json`, `add_business_days`,
//! `next_business_instant`, `add_business_hours`, `holidays_between`.
//!
//! Input: header `DATE N INSTANT ZONE HH:MM-HH:MM HOURS` (the date and count of
//! `add_business_days`; the instant, zone, window and hours of the business-hour
//! functions); section 0 is the calendar's JSON.
//!
//! Promises: a typed error, or a calendar that reads back from its own JSON unchanged;
//! `add_business_days` gives a business day in the years 0000 to 9999, `n` business days
//! away (counted here day by day), or a typed error; `next_business_instant` gives the
//! earliest instant inside the window on a business day (the instant calling rules made
//! of the same calendar and window allow first), never past 9999, or a typed error;
//! `add_business_hours` gives an instant no earlier, within 9999, or a typed error.
#![no_main]

use callwise::{BusinessCalendar, CallingRules, Error, LocalWindow};
use callwise_fuzz::{Input, hold_verdict, in_range, typed};
use chrono::{Datelike, Days, NaiveDate};
use libfuzzer_sys::{Corpus, fuzz_target};

/// The longest span over which `add_business_days` is recounted day by day.
const RECOUNT_DAYS: i64 = 5000;

fn check_days(cal: &BusinessCalendar, date: NaiveDate, n: i64) {
    let d = match cal.add_business_days(date, n) {
        Ok(d) => d,
        Err(err) => {
            typed(&err, "add_business_days", |e| {
                matches!(e, Error::InvalidArgument { .. })
            });
            return;
        }
    };
    assert!((0..=9999).contains(&d.year()), "add_business_days: {d}");
    assert!(
        cal.is_business_day(d),
        "add_business_days({date}, {n}) = {d}, not a business day"
    );
    let span = (d - date).num_days();
    assert!(
        span.signum() == n.signum() || (n == 0 && span >= 0),
        "add_business_days({date}, {n}) = {d}"
    );
    if span.abs() > RECOUNT_DAYS {
        return;
    }
    // The business days after `date` up to `d` (before it, down to `d`), or from `date`
    // to just before `d` for n = 0, which must hold none.
    let days = |from: NaiveDate, count: i64| {
        (0..count).filter_map(move |k| from.checked_add_days(Days::new(k as u64)))
    };
    let counted = match n.signum() {
        1 => days(date + Days::new(1), span)
            .filter(|x| cal.is_business_day(*x))
            .count(),
        -1 => days(d, -span).filter(|x| cal.is_business_day(*x)).count(),
        _ => days(date, span).filter(|x| cal.is_business_day(*x)).count(),
    };
    assert_eq!(
        counted as u64,
        n.unsigned_abs(),
        "add_business_days({date}, {n}) = {d}"
    );
}

fuzz_target!(|data: &[u8]| -> Corpus {
    let Some(input) = Input::read(data) else {
        return Corpus::Reject;
    };
    let cal = match BusinessCalendar::from_json(input.section(0)) {
        Ok(cal) => cal,
        Err(err) => {
            typed(&err, "BusinessCalendar::from_json", |e| {
                matches!(e, Error::Json { .. })
            });
            return Corpus::Keep;
        }
    };
    assert_eq!(
        BusinessCalendar::from_json(&cal.to_json()).expect("to_json reads back"),
        cal,
        "the calendar changes through its JSON"
    );
    let date = input.date(0, "2026-11-25");
    check_days(&cal, date, input.int(1, 1));

    let to = date.checked_add_days(Days::new(60)).unwrap_or(date);
    let holidays = cal.holidays_between(date, to);
    assert!(
        holidays.windows(2).all(|w| w[0].0 < w[1].0),
        "holidays_between: not in order"
    );
    for (day, name) in &holidays {
        assert!((date..=to).contains(day), "holidays_between: {day} outside");
        assert_eq!(cal.holiday(*day), Some(*name), "holidays_between: {day}");
    }

    let Ok(tz) = callwise::time::parse_time_zone(input.token(3).unwrap_or("America/Chicago"))
    else {
        return Corpus::Keep;
    };
    let window = input
        .token(4)
        .and_then(|w| w.split_once('-'))
        .and_then(|(start, end)| LocalWindow::parse(start, end).ok())
        .unwrap_or_else(|| LocalWindow::parse("09:00", "17:00").expect("a window"));
    let at = input.instant(2, "2026-11-26T00:00:00Z");
    // The same question as calling rules: allowed inside the window, on no weekend day
    // and no holiday of the calendar.
    let rules = CallingRules::default()
        .with_window(window)
        .expect("no region to clash with")
        .with_quiet_days(&cal.weekend_days())
        .with_quiet_holidays(cal.clone());
    let verdict = rules.check_zone(tz, at);
    hold_verdict("calling rules of a calendar", at, verdict, |t| {
        rules.check_zone(tz, t)
    });
    let next = cal.next_business_instant(at, tz, &window);
    match (&next, verdict) {
        // Past the year 9999 the calendar refuses by its contract (no business hour
        // "before the end of the year 9999"), while a verdict on the instant itself
        // still answers: both are what their docs say.
        (Err(err), callwise::Verdict::Allowed) if !in_range(at) => {
            typed(err, "next_business_instant", |e| {
                matches!(e, Error::InvalidArgument { name: "at", .. })
            });
        }
        (Ok(t), callwise::Verdict::Allowed) => assert_eq!(*t, at, "next_business_instant"),
        (Ok(t), callwise::Verdict::Blocked { next_allowed, .. }) => assert_eq!(
            Some(*t),
            next_allowed,
            "next_business_instant({at}) against the calling rules' next_allowed"
        ),
        (Err(err), verdict) => {
            typed(err, "next_business_instant", |e| {
                matches!(e, Error::InvalidArgument { name: "at", .. })
            });
            assert!(
                matches!(
                    verdict,
                    callwise::Verdict::Blocked {
                        next_allowed: None,
                        ..
                    }
                ),
                "next_business_instant({at}) refused, the calling rules say {verdict:?}"
            );
        }
    }

    let hours = input.int(5, 3).unsigned_abs().min(u64::from(u32::MAX)) as u32;
    match cal.add_business_hours(at, tz, &window, hours) {
        Ok(due) => {
            assert!(due >= at && in_range(due), "add_business_hours: {due}");
            if hours == 0 {
                assert_eq!(Some(due), next.ok(), "add_business_hours(0)");
            }
        }
        Err(err) => typed(&err, "add_business_hours", |e| {
            matches!(e, Error::InvalidArgument { .. })
        }),
    }
    Corpus::Keep
});
