//! `retention::evaluate` (AUC, Brier score, calibration and gains tables, holdout
//! comparison) and the Kaplan–Meier curves of `retention::survival`.

use callwise::Error;
use callwise::retention::evaluate::{
    auc, brier_score, calibration_table, compare_holdout, gains_table,
};
use callwise::retention::{KaplanMeier, kaplan_meier_by_cohort};
use proptest::prelude::*;

fn assert_invalid<T: std::fmt::Debug>(result: callwise::Result<T>, expected: &str) {
    match result {
        Err(Error::InvalidArgument { name, .. }) => assert_eq!(name, expected),
        other => panic!("expected InvalidArgument {{ name: {expected} }}, got {other:?}"),
    }
}

/// AUC by counting every positive–negative pair.
fn auc_by_pairs(scores: &[f64], outcomes: &[bool]) -> f64 {
    let (mut wins, mut pairs) = (0.0, 0.0);
    for (i, &pi) in outcomes.iter().enumerate() {
        for (j, &pj) in outcomes.iter().enumerate() {
            if pi && !pj {
                pairs += 1.0;
                wins += match scores[i].partial_cmp(&scores[j]).unwrap() {
                    std::cmp::Ordering::Greater => 1.0,
                    std::cmp::Ordering::Equal => 0.5,
                    std::cmp::Ordering::Less => 0.0,
                };
            }
        }
    }
    wins / pairs
}

// ---------------------------------------------------------------------------------------
// AUC

#[test]
fn auc_of_known_rankings() {
    assert_eq!(
        auc(&[0.9, 0.8, 0.3, 0.1], &[true, false, true, false]).unwrap(),
        0.75
    );
    assert_eq!(auc(&[3.0, 2.0, 1.0], &[true, true, false]).unwrap(), 1.0);
    assert_eq!(auc(&[1.0, 2.0, 3.0], &[true, true, false]).unwrap(), 0.0);
    assert_eq!(
        auc(&[1.0; 6], &[true, false, true, false, true, false]).unwrap(),
        0.5
    );
    // Ties between a positive and negatives count half: of the 6 pairs, 0.9 wins 3,
    // 0.5 beats 0.2 and ties twice: (3 + 1 + 2 × 0.5) / 6.
    let scores = [0.2, 0.5, 0.5, 0.5, 0.9];
    let outcomes = [false, true, false, false, true];
    assert_eq!(auc(&scores, &outcomes).unwrap(), 5.0 / 6.0);
    // 0 and −0 are one score.
    assert_eq!(auc(&[0.0, -0.0], &[true, false]).unwrap(), 0.5);
}

#[test]
fn auc_refuses_what_it_cannot_score() {
    assert_invalid(auc(&[0.1, 0.2], &[true]), "outcomes");
    assert_invalid(auc(&[0.1, 0.2], &[true, true]), "outcomes");
    assert_invalid(auc(&[0.1, 0.2], &[false, false]), "outcomes");
    assert_invalid(auc(&[], &[]), "outcomes");
    let err = auc(&[0.1, f64::NAN], &[true, false]).unwrap_err();
    assert!(err.to_string().contains("row 1"), "{err}");
    assert_invalid(auc(&[f64::INFINITY, 0.0], &[true, false]), "scores");
}

// ---------------------------------------------------------------------------------------
// Brier score

#[test]
fn brier_scores() {
    assert_eq!(brier_score(&[1.0, 0.0], &[true, false]).unwrap(), 0.0);
    assert_eq!(brier_score(&[0.0, 1.0], &[true, false]).unwrap(), 1.0);
    assert_eq!(
        brier_score(&[0.5; 4], &[true, false, true, true]).unwrap(),
        0.25
    );
    let b = brier_score(&[0.9, 0.8, 0.3, 0.1], &[true, false, true, false]).unwrap();
    assert!((b - 0.2875).abs() < 1e-15);
    assert_invalid(brier_score(&[], &[]), "probabilities");
    assert_invalid(brier_score(&[0.5], &[true, false]), "outcomes");
    assert_invalid(brier_score(&[0.5, -0.01], &[true, false]), "probabilities");
    assert_invalid(brier_score(&[f64::NAN], &[true]), "probabilities");
}

// ---------------------------------------------------------------------------------------
// Calibration table

#[test]
fn calibration_bins_have_exact_edges() {
    let probabilities = [0.0, 0.05, 0.1, 0.3, 0.7, 0.99, 1.0];
    let outcomes = [false, false, true, false, true, true, true];
    let table = calibration_table(&probabilities, &outcomes, 10).unwrap();
    assert_eq!(table.len(), 10);
    let counts: Vec<u64> = table.iter().map(|b| b.count).collect();
    // 0.1 is the lower edge of bin 1, 0.3 of bin 3, 0.7 of bin 7; 1.0 goes into the last.
    assert_eq!(counts, vec![2, 1, 0, 1, 0, 0, 0, 1, 0, 2]);
    for (i, bin) in table.iter().enumerate() {
        assert_eq!(bin.lower, i as f64 / 10.0);
        assert_eq!(bin.upper, (i + 1) as f64 / 10.0);
    }
    assert_eq!(table[0].mean_predicted, 0.025);
    assert_eq!(table[0].observed_rate, 0.0);
    assert_eq!(
        (table[2].mean_predicted, table[2].observed_rate),
        (0.0, 0.0)
    ); // empty
    assert!((table[9].mean_predicted - 0.995).abs() < 1e-15);
    assert_eq!(table[9].observed_rate, 1.0);
}

#[test]
fn calibration_table_edge_cases() {
    let one = calibration_table(&[0.0, 0.5, 1.0], &[false, true, true], 1).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!((one[0].lower, one[0].upper, one[0].count), (0.0, 1.0, 3));
    let empty = calibration_table(&[], &[], 4).unwrap();
    assert_eq!(empty.len(), 4);
    assert!(empty.iter().all(|b| b.count == 0));
    assert_invalid(calibration_table(&[0.5], &[true], 0), "bins");
    assert_invalid(calibration_table(&[0.5], &[true], usize::MAX), "bins");
    assert_invalid(calibration_table(&[1.5], &[true], 10), "probabilities");
    assert_invalid(calibration_table(&[0.5], &[], 10), "outcomes");
}

// ---------------------------------------------------------------------------------------
// Gains table

#[test]
fn gains_table_by_hand() {
    // Sorted: 0.9 T, 0.8 F, 0.7 T, 0.6 F, 0.5 F, 0.4 T, 0.3 F; base rate 3/7.
    let scores = [0.5, 0.9, 0.3, 0.8, 0.7, 0.6, 0.4];
    let outcomes = [false, true, false, false, true, false, true];
    let table = gains_table(&scores, &outcomes, 3).unwrap();
    let counts: Vec<u64> = table.iter().map(|r| r.count).collect();
    assert_eq!(counts, vec![3, 2, 2]);
    let positives: Vec<u64> = table.iter().map(|r| r.positives).collect();
    assert_eq!(positives, vec![2, 0, 1]);
    let groups: Vec<u32> = table.iter().map(|r| r.group).collect();
    assert_eq!(groups, vec![1, 2, 3]);
    assert_eq!(table[0].fraction_targeted, 3.0 / 7.0);
    assert_eq!(table[0].gain, 2.0 / 3.0);
    assert!((table[0].lift - (2.0 / 3.0) / (3.0 / 7.0)).abs() < 1e-15);
    assert_eq!(table[1].cumulative_positives, 2);
    assert!((table[1].lift - (2.0 / 5.0) / (3.0 / 7.0)).abs() < 1e-15);
    assert_eq!(
        (table[2].fraction_targeted, table[2].gain, table[2].lift),
        (1.0, 1.0, 1.0)
    );
}

#[test]
fn gains_ties_keep_input_order() {
    // All scores equal: input order decides, so the first group is rows 0 and 1.
    let table = gains_table(&[0.5, 0.5, 0.5, 0.5], &[true, true, false, false], 2).unwrap();
    assert_eq!((table[0].positives, table[1].positives), (2, 0));
    let table = gains_table(&[0.5, 0.5, 0.5, 0.5], &[false, false, true, true], 2).unwrap();
    assert_eq!((table[0].positives, table[1].positives), (0, 2));
    // 0 and −0 are a tie too.
    let table = gains_table(&[0.0, -0.0], &[false, true], 2).unwrap();
    assert_eq!(table[0].positives, 0);
    let table = gains_table(&[-0.0, 0.0], &[false, true], 2).unwrap();
    assert_eq!(table[0].positives, 0);
}

#[test]
fn gains_table_refuses_bad_input() {
    assert_invalid(gains_table(&[0.5, 0.4], &[false, false], 2), "outcomes");
    assert_invalid(gains_table(&[0.5, 0.4], &[true, false], 0), "groups");
    assert_invalid(gains_table(&[0.5, 0.4], &[true, false], 3), "groups");
    assert_invalid(gains_table(&[0.5, f64::NAN], &[true, false], 2), "scores");
    assert_invalid(gains_table(&[0.5], &[true, false], 1), "outcomes");
}

// ---------------------------------------------------------------------------------------
// Holdout comparison

#[test]
fn holdout_comparison_by_hand() {
    let frequency = [0.0, 2.0, 0.0, 1.0, 7.0, 3.0];
    let predicted = [0.5, 2.0, 0.1, 1.0, 4.0, 3.0];
    let actual = [0.0, 3.0, 1.0, 1.0, 6.0, 1.0];
    let c = compare_holdout(&frequency, &predicted, &actual, 3).unwrap();
    assert_eq!(c.customers, 6);
    assert!((c.predicted_total - 10.6).abs() < 1e-12);
    assert_eq!(c.actual_total, 12.0);
    // |errors| = 0.5, 1, 0.9, 0, 2, 2
    assert!((c.mean_absolute_error - 6.4 / 6.0).abs() < 1e-12);
    let squared: f64 = 0.25 + 1.0 + 0.81 + 0.0 + 4.0 + 4.0;
    assert!((c.root_mean_squared_error - (squared / 6.0).sqrt()).abs() < 1e-12);
    let buckets: Vec<(u32, u64)> = c
        .by_frequency
        .iter()
        .map(|b| (b.frequency, b.customers))
        .collect();
    assert_eq!(buckets, vec![(0, 2), (1, 1), (2, 1), (3, 2)]);
    assert!((c.by_frequency[0].mean_predicted - 0.3).abs() < 1e-15);
    assert_eq!(c.by_frequency[0].mean_actual, 0.5);
    assert_eq!(
        (
            c.by_frequency[3].mean_predicted,
            c.by_frequency[3].mean_actual
        ),
        (3.5, 3.5)
    );
    // max_frequency 0: everyone in one bucket.
    let all = compare_holdout(&frequency, &predicted, &actual, 0).unwrap();
    assert_eq!(all.by_frequency.len(), 1);
    assert_eq!(all.by_frequency[0].customers, 6);
    // A huge max_frequency allocates nothing for empty buckets.
    let wide = compare_holdout(&[1e9], &[1.0], &[1.0], u32::MAX).unwrap();
    assert_eq!(wide.by_frequency[0].frequency, 1_000_000_000);
}

#[test]
fn holdout_comparison_refuses_bad_input() {
    assert_invalid(compare_holdout(&[], &[], &[], 7), "calibration_frequency");
    assert_invalid(compare_holdout(&[1.0], &[1.0, 2.0], &[1.0], 7), "predicted");
    assert_invalid(compare_holdout(&[1.0], &[1.0], &[], 7), "actual");
    let err = compare_holdout(&[1.0, 1.5], &[1.0, 1.0], &[1.0, 1.0], 7).unwrap_err();
    assert!(err.to_string().contains("row 1"), "{err}");
    assert_invalid(
        compare_holdout(&[-1.0], &[1.0], &[1.0], 7),
        "calibration_frequency",
    );
    assert_invalid(
        compare_holdout(&[f64::NAN], &[1.0], &[1.0], 7),
        "calibration_frequency",
    );
    assert_invalid(
        compare_holdout(&[1.0], &[f64::INFINITY], &[1.0], 7),
        "predicted",
    );
    assert_invalid(compare_holdout(&[1.0], &[1.0], &[f64::NAN], 7), "actual");
}

// ---------------------------------------------------------------------------------------
// Kaplan–Meier, on Freireich et al.'s (1963) remission times of leukaemia patients, the
// textbook example (Kleinbaum & Klein, Survival Analysis; Klein & Moeschberger, §4.2).

const PLACEBO: [f64; 21] = [
    1.0, 1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 5.0, 5.0, 8.0, 8.0, 8.0, 8.0, 11.0, 11.0, 12.0, 12.0, 15.0,
    17.0, 22.0, 23.0,
];

/// The 6-MP arm: (weeks, relapsed); `false` = censored.
const SIX_MP: [(f64, bool); 21] = [
    (6.0, true),
    (6.0, true),
    (6.0, true),
    (6.0, false),
    (7.0, true),
    (9.0, false),
    (10.0, true),
    (10.0, false),
    (11.0, false),
    (13.0, true),
    (16.0, true),
    (17.0, false),
    (19.0, false),
    (20.0, false),
    (22.0, true),
    (23.0, true),
    (25.0, false),
    (32.0, false),
    (32.0, false),
    (34.0, false),
    (35.0, false),
];

#[test]
fn kaplan_meier_of_the_placebo_arm() {
    let km = KaplanMeier::fit(&PLACEBO, &[true; 21]).unwrap();
    let times: Vec<f64> = km.points().iter().map(|p| p.time).collect();
    assert_eq!(
        times,
        vec![
            1.0, 2.0, 3.0, 4.0, 5.0, 8.0, 11.0, 12.0, 15.0, 17.0, 22.0, 23.0
        ]
    );
    // Without censoring the curve is the share still in remission: S(8) = 8/21 = 0.381.
    for p in km.points() {
        let remaining = PLACEBO.iter().filter(|&&d| d > p.time).count() as f64;
        let s = remaining / 21.0;
        assert!((p.survival - s).abs() < 1e-12, "{p:?}");
        // And Greenwood's formula reduces to the binomial standard error.
        assert!(
            (p.std_error - (s * (1.0 - s) / 21.0).sqrt()).abs() < 1e-12,
            "{p:?}"
        );
        assert_eq!(p.censored, 0);
    }
    assert!((km.survival_at(8.0).unwrap() - 0.381).abs() < 5e-4);
    assert!((km.survival_at(10.0).unwrap() - 0.381).abs() < 5e-4);
    assert_eq!(km.points()[5].at_risk, 12);
    assert_eq!(km.points()[5].events, 4);
    assert_eq!(km.survival_at(23.0).unwrap(), 0.0);
    assert_eq!(km.points().last().unwrap().std_error, 0.0);
}

#[test]
fn kaplan_meier_of_the_six_mp_arm_matches_the_textbook_table() {
    let durations: Vec<f64> = SIX_MP.iter().map(|r| r.0).collect();
    let lapsed: Vec<bool> = SIX_MP.iter().map(|r| r.1).collect();
    let km = KaplanMeier::fit(&durations, &lapsed).unwrap();
    // time, at risk, relapses, S(t), Greenwood standard error (as R's survfit prints them).
    let table = [
        (6.0, 21, 3, 0.857, 0.0764),
        (7.0, 17, 1, 0.807, 0.0869),
        (10.0, 15, 1, 0.753, 0.0963),
        (13.0, 12, 1, 0.690, 0.1068),
        (16.0, 11, 1, 0.627, 0.1141),
        (22.0, 7, 1, 0.538, 0.1282),
        (23.0, 6, 1, 0.448, 0.1346),
    ];
    let with_events: Vec<_> = km.points().iter().filter(|p| p.events > 0).collect();
    assert_eq!(with_events.len(), table.len());
    for (p, &(time, at_risk, events, survival, std_error)) in with_events.iter().zip(&table) {
        assert_eq!((p.time, p.at_risk, p.events), (time, at_risk, events));
        assert!((p.survival - survival).abs() < 5e-4, "{p:?}");
        assert!((p.std_error - std_error).abs() < 5e-5, "{p:?}");
    }
    // Censored at 6 counts as at risk at 6; one point per distinct time.
    assert_eq!(km.points()[0].censored, 1);
    assert_eq!(km.points().len(), 16);
    let last = km.points().last().unwrap();
    assert_eq!((last.time, last.at_risk, last.censored), (35.0, 1, 1));
    assert!((last.survival - 0.448).abs() < 5e-4);
    assert_eq!(km.survival_at(5.99).unwrap(), 1.0);
    assert!((km.survival_at(12.0).unwrap() - 0.753).abs() < 5e-4);
    assert!((km.survival_at(1000.0).unwrap() - 0.448).abs() < 5e-4);
    assert!(matches!(
        km.survival_at(f64::NAN),
        Err(callwise::Error::InvalidArgument { name: "t", .. })
    ));
}

#[test]
fn kaplan_meier_by_cohort_splits_the_arms() {
    let mut cohorts = Vec::new();
    let mut durations = Vec::new();
    let mut lapsed = Vec::new();
    for (d, l) in SIX_MP {
        cohorts.push("6-MP");
        durations.push(d);
        lapsed.push(l);
    }
    for d in PLACEBO {
        cohorts.push("placebo");
        durations.push(d);
        lapsed.push(true);
    }
    let curves = kaplan_meier_by_cohort(&cohorts, &durations, &lapsed).unwrap();
    assert_eq!(curves.len(), 2);
    assert_eq!(curves[0].0, "6-MP");
    assert_eq!(curves[1].0, "placebo");
    assert_eq!(
        curves[0].1,
        KaplanMeier::fit(&durations[..21], &lapsed[..21]).unwrap()
    );
    assert_eq!(
        curves[1].1,
        KaplanMeier::fit(&PLACEBO, &[true; 21]).unwrap()
    );
    assert_invalid(
        kaplan_meier_by_cohort(&["a"], &[1.0, 2.0], &[true]),
        "durations",
    );
    assert_invalid(kaplan_meier_by_cohort(&["a"], &[1.0], &[]), "lapsed");
    assert_invalid(
        kaplan_meier_by_cohort(&["a"], &[-1.0], &[true]),
        "durations",
    );
    assert!(
        kaplan_meier_by_cohort::<u8>(&[], &[], &[])
            .unwrap()
            .is_empty()
    );
}

/// Cohorts come in the order they first appear, whatever their type, so that years held
/// as numbers (Python) and as strings (Kotlin) give the same curves in the same order.
#[test]
fn kaplan_meier_cohorts_come_in_order_of_first_appearance() {
    // The two arms interleaved, the placebo arm first.
    let (mut cohorts, mut durations, mut lapsed) = (Vec::new(), Vec::new(), Vec::new());
    for (i, (d, l)) in SIX_MP.iter().enumerate() {
        cohorts.extend([10, 9]);
        durations.extend([PLACEBO[i], *d]);
        lapsed.extend([true, *l]);
    }
    let numbers = kaplan_meier_by_cohort(&cohorts, &durations, &lapsed).unwrap();
    let names: Vec<String> = cohorts.iter().map(|c| c.to_string()).collect();
    let strings = kaplan_meier_by_cohort(&names, &durations, &lapsed).unwrap();
    assert_eq!(numbers.iter().map(|c| c.0).collect::<Vec<_>>(), [10, 9]);
    assert_eq!(
        strings.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["10", "9"]
    );
    assert_eq!(
        numbers[0].1,
        KaplanMeier::fit(&PLACEBO, &[true; 21]).unwrap()
    );
    let (six_mp, six_mp_lapsed): (Vec<f64>, Vec<bool>) = SIX_MP.iter().copied().unzip();
    assert_eq!(
        numbers[1].1,
        KaplanMeier::fit(&six_mp, &six_mp_lapsed).unwrap()
    );
    assert_eq!(
        (&numbers[0].1, &numbers[1].1),
        (&strings[0].1, &strings[1].1)
    );
}

#[test]
fn kaplan_meier_edge_cases() {
    let empty = KaplanMeier::fit(&[], &[]).unwrap();
    assert!(empty.points().is_empty());
    assert_eq!(empty.survival_at(3.0).unwrap(), 1.0);
    let censored = KaplanMeier::fit(&[2.0, 3.0], &[false, false]).unwrap();
    assert!(
        censored
            .points()
            .iter()
            .all(|p| p.survival == 1.0 && p.std_error == 0.0)
    );
    let zero = KaplanMeier::fit(&[0.0, -0.0, 1.0], &[true, false, true]).unwrap();
    assert_eq!(zero.points().len(), 2);
    assert_eq!((zero.points()[0].time, zero.points()[0].at_risk), (0.0, 3));
    assert!(zero.points()[0].time.is_sign_positive());
    assert_invalid(KaplanMeier::fit(&[1.0], &[]), "lapsed");
    assert_invalid(KaplanMeier::fit(&[f64::INFINITY], &[true]), "durations");
    let err = KaplanMeier::fit(&[1.0, f64::NAN], &[true, true]).unwrap_err();
    assert!(err.to_string().contains("row 1"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Properties

fn scored() -> impl Strategy<Value = (Vec<f64>, Vec<bool>)> {
    (2usize..60).prop_flat_map(|n| {
        (
            prop::collection::vec((-50i32..50).prop_map(|s| f64::from(s) / 10.0), n),
            prop::collection::vec(any::<bool>(), n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn auc_is_the_pairwise_win_rate((scores, outcomes) in scored()) {
        let both = outcomes.iter().any(|&o| o) && outcomes.iter().any(|&o| !o);
        match auc(&scores, &outcomes) {
            Ok(a) => {
                prop_assert!(both);
                prop_assert!((0.0..=1.0).contains(&a));
                prop_assert!((a - auc_by_pairs(&scores, &outcomes)).abs() < 1e-12);
                let negated: Vec<f64> = scores.iter().map(|s| -s).collect();
                let b = auc(&negated, &outcomes).unwrap();
                // Reversing the ranking mirrors the AUC (ties count half either way).
                prop_assert!((a + b - 1.0).abs() < 1e-12);
            }
            Err(_) => prop_assert!(!both),
        }
    }

    #[test]
    fn auc_without_ties_mirrors_exactly(
        n in 2usize..40,
        seed in any::<u64>(),
    ) {
        // Distinct scores, a random labelling with both classes.
        let scores: Vec<f64> = (0..n).map(|i| ((i as u64).wrapping_mul(seed | 1) % 1000) as f64 + i as f64 / 1000.0).collect();
        let mut outcomes: Vec<bool> = (0..n).map(|i| (seed >> (i % 64)) & 1 == 1).collect();
        outcomes[0] = true;
        outcomes[1] = false;
        let negated: Vec<f64> = scores.iter().map(|s| -s).collect();
        let sum = auc(&scores, &outcomes).unwrap() + auc(&negated, &outcomes).unwrap();
        prop_assert!((sum - 1.0).abs() < 1e-12);
    }

    #[test]
    fn gains_tables_add_up((scores, outcomes) in scored(), groups in 1usize..12) {
        let n = scores.len();
        let result = gains_table(&scores, &outcomes, groups);
        if !outcomes.iter().any(|&o| o) || groups > n {
            prop_assert!(result.is_err());
            return Ok(());
        }
        let table = result.unwrap();
        prop_assert_eq!(table.len(), groups);
        let last = table.last().unwrap();
        prop_assert_eq!(last.gain, 1.0);
        prop_assert!((last.lift - 1.0).abs() < 1e-12);
        prop_assert_eq!(last.fraction_targeted, 1.0);
        prop_assert_eq!(table.iter().map(|r| r.count).sum::<u64>(), n as u64);
        let max = table.iter().map(|r| r.count).max().unwrap();
        let min = table.iter().map(|r| r.count).min().unwrap();
        prop_assert!(max - min <= 1);
        prop_assert!(table.windows(2).all(|w| w[0].count >= w[1].count && w[0].gain <= w[1].gain));
        prop_assert_eq!(last.cumulative_positives, outcomes.iter().filter(|&&o| o).count() as u64);
    }

    #[test]
    fn calibration_tables_partition_the_predictions(
        probabilities in prop::collection::vec(prop_oneof![0.0f64..=1.0, Just(0.0), Just(1.0), Just(0.3), Just(0.7)], 0..60),
        bins in 1usize..25,
        seed in any::<u64>(),
    ) {
        let outcomes: Vec<bool> = (0..probabilities.len()).map(|i| (seed >> (i % 64)) & 1 == 1).collect();
        let table = calibration_table(&probabilities, &outcomes, bins).unwrap();
        prop_assert_eq!(table.len(), bins);
        prop_assert_eq!(table.iter().map(|b| b.count).sum::<u64>(), probabilities.len() as u64);
        for b in &table {
            if b.count > 0 {
                prop_assert!(b.lower - 1e-12 <= b.mean_predicted && b.mean_predicted <= b.upper + 1e-12);
                prop_assert!((0.0..=1.0).contains(&b.observed_rate));
            }
        }
        for &p in &probabilities {
            let inside = table.iter().filter(|b| b.count > 0 && b.lower <= p && (p < b.upper || b.upper == 1.0)).count();
            prop_assert!(inside >= 1);
        }
        prop_assert_eq!(table[0].lower, 0.0);
        prop_assert_eq!(table[bins - 1].upper, 1.0);
    }

    #[test]
    fn kaplan_meier_curves_are_non_increasing_steps(
        rows in prop::collection::vec((0u8..30, any::<bool>()), 0..60),
    ) {
        let durations: Vec<f64> = rows.iter().map(|r| f64::from(r.0)).collect();
        let lapsed: Vec<bool> = rows.iter().map(|r| r.1).collect();
        let km = KaplanMeier::fit(&durations, &lapsed).unwrap();
        let points = km.points();
        prop_assert_eq!(points.iter().map(|p| p.events + p.censored).sum::<u64>(), rows.len() as u64);
        let mut previous = 1.0;
        let mut at_risk = rows.len() as u64;
        for (i, p) in points.iter().enumerate() {
            if i > 0 {
                prop_assert!(p.time > points[i - 1].time);
            }
            prop_assert_eq!(p.at_risk, at_risk);
            prop_assert_eq!(p.at_risk, durations.iter().filter(|&&d| d >= p.time).count() as u64);
            prop_assert!(p.survival <= previous && p.survival >= 0.0);
            prop_assert!(p.std_error >= 0.0 && p.std_error.is_finite());
            prop_assert_eq!(km.survival_at(p.time).unwrap(), p.survival);
            previous = p.survival;
            at_risk -= p.events + p.censored;
        }
        if lapsed.iter().all(|&l| l) {
            for t in 0..31 {
                let t = f64::from(t);
                let share = durations.iter().filter(|&&d| d > t).count() as f64 / rows.len().max(1) as f64;
                let expected = if rows.is_empty() { 1.0 } else { share };
                prop_assert!((km.survival_at(t).unwrap() - expected).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn holdout_buckets_add_up(
        rows in prop::collection::vec((0u32..20, 0.0f64..10.0, 0u32..10), 1..50),
        max_frequency in 0u32..25,
    ) {
        let frequency: Vec<f64> = rows.iter().map(|r| f64::from(r.0)).collect();
        let predicted: Vec<f64> = rows.iter().map(|r| r.1).collect();
        let actual: Vec<f64> = rows.iter().map(|r| f64::from(r.2)).collect();
        let c = compare_holdout(&frequency, &predicted, &actual, max_frequency).unwrap();
        prop_assert_eq!(c.by_frequency.iter().map(|b| b.customers).sum::<u64>(), rows.len() as u64);
        let predicted_sum: f64 = c.by_frequency.iter().map(|b| b.mean_predicted * b.customers as f64).sum();
        prop_assert!((predicted_sum - c.predicted_total).abs() < 1e-9);
        prop_assert!(c.by_frequency.iter().all(|b| b.customers > 0 && b.frequency <= max_frequency));
        prop_assert!(c.by_frequency.windows(2).all(|w| w[0].frequency < w[1].frequency));
        prop_assert!(c.mean_absolute_error <= c.root_mean_squared_error + 1e-12);
    }
}
