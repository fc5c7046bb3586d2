//! The Kaplan–Meier estimate of a retention curve: the observed share of members still
//! with you after each tenure, from tenures of members who lapsed and of members who are
//! still active (censored: their lapse, if any, is yet to come).

use crate::{Error, Result};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::hash::Hash;

/// One step of a [`KaplanMeier`] curve.
///
/// # Example
/// See [`KaplanMeier::fit`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KaplanMeierPoint {
    /// The tenure (duration) of the step.
    pub time: f64,
    /// Members still observed just before `time` (those lapsing or censored at `time`
    /// included).
    pub at_risk: u64,
    /// Members lapsing at `time`.
    pub events: u64,
    /// Members censored (still active when last seen) at `time`.
    pub censored: u64,
    /// The estimated share surviving beyond `time`.
    pub survival: f64,
    /// Standard error of `survival` by Greenwood's formula; 0 once `survival` is 0.
    pub std_error: f64,
}

/// A Kaplan–Meier retention curve: the product-limit estimate of the survival function,
/// with Greenwood standard errors.
///
/// # Example
/// ```
/// use callwise::retention::KaplanMeier;
/// // Four members: two lapsed (after 1 and 3 years), two still members (2 and 4 years in).
/// let km = KaplanMeier::fit(&[1.0, 2.0, 3.0, 4.0], &[true, false, true, false]).unwrap();
/// assert_eq!(km.survival_at(1.0).unwrap(), 0.75);
/// assert_eq!(km.survival_at(3.0).unwrap(), 0.375); // 3/4 × 1/2: two at risk at 3, one lapses
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KaplanMeier {
    points: Vec<KaplanMeierPoint>,
}

fn invalid(name: &'static str, reason: String) -> Error {
    Error::invalid_argument(name, reason)
}

fn check_durations(durations: &[f64]) -> Result<()> {
    match durations.iter().position(|d| !d.is_finite() || *d < 0.0) {
        Some(i) => Err(invalid(
            "durations",
            format!("row {i}: must be finite and >= 0, got {}", durations[i]),
        )),
        None => Ok(()),
    }
}

impl KaplanMeier {
    /// Fits the curve to one duration per member and whether the member lapsed at it
    /// (`true`: the event happened; `false`: censored, still active when last seen).
    ///
    /// There is one point per distinct duration with an event or a censoring, in
    /// increasing time. A member censored at `t` counts as at risk at `t` (the standard
    /// convention: censoring is taken to happen just after the events at the same time).
    /// Empty input gives a curve with no points.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the slices differ in length or a duration is not
    /// finite or is negative.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::KaplanMeier;
    /// // Tenures in months; `false` = still a member.
    /// let km = KaplanMeier::fit(&[3.0, 5.0, 5.0, 8.0, 12.0], &[true, true, false, true, false]).unwrap();
    /// let p = km.points();
    /// assert_eq!(p.len(), 4); // 3, 5, 8, 12
    /// assert_eq!((p[1].time, p[1].at_risk, p[1].events, p[1].censored), (5.0, 4, 1, 1));
    /// assert!((p[1].survival - 0.6).abs() < 1e-12); // 4/5 × 3/4
    /// assert!((p[2].survival - 0.3).abs() < 1e-12); // × 1/2
    /// assert_eq!(km.survival_at(2.9).unwrap(), 1.0);
    /// assert!((km.survival_at(6.0).unwrap() - 0.6).abs() < 1e-12);
    /// assert!(KaplanMeier::fit(&[-1.0], &[true]).is_err());
    /// ```
    pub fn fit(durations: &[f64], lapsed: &[bool]) -> Result<KaplanMeier> {
        if lapsed.len() != durations.len() {
            return Err(invalid(
                "lapsed",
                format!(
                    "has {} rows but `durations` has {}",
                    lapsed.len(),
                    durations.len()
                ),
            ));
        }
        check_durations(durations)?;
        let mut order: Vec<usize> = (0..durations.len()).collect();
        order.sort_unstable_by(|&a, &b| durations[a].total_cmp(&durations[b]));
        Ok(Self::from_sorted(
            order.iter().map(|&i| (durations[i], lapsed[i])),
            durations.len() as u64,
        ))
    }

    /// The product-limit estimate from `(duration, lapsed)` pairs sorted by duration.
    fn from_sorted(sorted: impl Iterator<Item = (f64, bool)>, n: u64) -> KaplanMeier {
        let mut points: Vec<KaplanMeierPoint> = Vec::new();
        let mut at_risk = n;
        let mut survival = 1.0;
        let mut greenwood = 0.0;
        let mut sorted = sorted.peekable();
        while let Some((time, lapsed)) = sorted.next() {
            let (mut events, mut censored) = (u64::from(lapsed), u64::from(!lapsed));
            // -0.0 == 0.0, so both land in one point.
            while let Some(&(t, l)) = sorted.peek() {
                if t != time {
                    break;
                }
                events += u64::from(l);
                censored += u64::from(!l);
                sorted.next();
            }
            if events > 0 {
                let (r, d) = (at_risk as f64, events as f64);
                survival *= 1.0 - d / r;
                if events < at_risk {
                    greenwood += d / (r * (r - d));
                }
            }
            let std_error = if survival > 0.0 {
                survival * greenwood.sqrt()
            } else {
                0.0
            };
            points.push(KaplanMeierPoint {
                time: if time == 0.0 { 0.0 } else { time },
                at_risk,
                events,
                censored,
                survival,
                std_error,
            });
            at_risk -= events + censored;
        }
        KaplanMeier { points }
    }

    /// The steps of the curve, in increasing time.
    ///
    /// # Example
    /// ```
    /// let km = callwise::retention::KaplanMeier::fit(&[1.0, 2.0], &[true, false]).unwrap();
    /// assert_eq!(km.points().len(), 2);
    /// assert_eq!(km.points()[1].survival, 0.5); // a censoring does not move the curve
    /// ```
    pub fn points(&self) -> &[KaplanMeierPoint] {
        &self.points
    }

    /// The estimated share surviving beyond `t`: a right-continuous step function, 1.0
    /// before the first event. Beyond the last point it stays at the last value.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `t` is NaN.
    ///
    /// # Example
    /// ```
    /// let km = callwise::retention::KaplanMeier::fit(&[1.0, 2.0], &[true, true]).unwrap();
    /// assert_eq!(km.survival_at(0.5).unwrap(), 1.0);
    /// assert_eq!(km.survival_at(1.0).unwrap(), 0.5);
    /// assert_eq!(km.survival_at(1.5).unwrap(), 0.5);
    /// assert_eq!(km.survival_at(7.0).unwrap(), 0.0);
    /// ```
    pub fn survival_at(&self, t: f64) -> Result<f64> {
        if t.is_nan() {
            return Err(invalid("t", "must not be NaN".to_string()));
        }
        Ok(match self.points.partition_point(|p| p.time <= t) {
            0 => 1.0,
            k => self.points[k - 1].survival,
        })
    }
}

/// One Kaplan–Meier curve per cohort (a joining year, a plan, a region), each fitted as
/// [`KaplanMeier::fit`] does, the cohorts in the order they first appear in `cohorts`.
///
/// The order is the input's, not the cohorts' own sort order, so that every language
/// gives the same curves in the same order whatever type it holds the cohorts in (years as
/// numbers in Python sort differently from years as strings in Kotlin: 9 < 10, "10" <
/// "9"). Sort the cohorts first for curves in their own order.
///
/// # Errors
/// [`Error::InvalidArgument`] when the slices differ in length or a duration is not
/// finite or is negative.
///
/// # Example
/// ```
/// use callwise::retention::kaplan_meier_by_cohort;
/// let cohorts = [2024, 2023, 2024, 2023];
/// let curves = kaplan_meier_by_cohort(&cohorts, &[1.0, 2.0, 3.0, 4.0], &[true, true, false, false]).unwrap();
/// assert_eq!(curves.len(), 2);
/// assert_eq!((curves[0].0, curves[1].0), (2024, 2023)); // as they first appear
/// assert_eq!(curves[0].1.survival_at(1.0).unwrap(), 0.5); // 2024: lapsed at 1, active at 3
/// assert_eq!(curves[1].1.survival_at(2.0).unwrap(), 0.5); // 2023: lapsed at 2, active at 4
/// ```
pub fn kaplan_meier_by_cohort<K: Eq + Hash + Clone>(
    cohorts: &[K],
    durations: &[f64],
    lapsed: &[bool],
) -> Result<Vec<(K, KaplanMeier)>> {
    let n = cohorts.len();
    for (name, len) in [("durations", durations.len()), ("lapsed", lapsed.len())] {
        if len != n {
            return Err(invalid(
                name,
                format!("has {len} rows but `cohorts` has {n}"),
            ));
        }
    }
    check_durations(durations)?;
    let mut index: FxHashMap<&K, usize> = FxHashMap::default();
    let mut groups: Vec<(&K, Vec<usize>)> = Vec::new();
    for (i, cohort) in cohorts.iter().enumerate() {
        let at = *index.entry(cohort).or_insert_with(|| {
            groups.push((cohort, Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push(i);
    }
    Ok(groups
        .into_iter()
        .map(|(cohort, mut rows)| {
            rows.sort_unstable_by(|&a, &b| durations[a].total_cmp(&durations[b]));
            let n = rows.len() as u64;
            let curve =
                KaplanMeier::from_sorted(rows.iter().map(|&i| (durations[i], lapsed[i])), n);
            (cohort.clone(), curve)
        })
        .collect())
}
