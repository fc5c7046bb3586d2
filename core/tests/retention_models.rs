//! The retention models against the published fits, to the digits printed.

use callwise::retention::{BetaGeo, CustomerData, FitOptions, ModifiedBetaGeo, PurchaseModel};

/// Reads a CSV of numbers from `tests/data/retention/` (header skipped).
pub fn read_csv(name: &str) -> Vec<Vec<f64>> {
    let path = format!("{}/../tests/data/retention/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(|v| v.trim().parse::<f64>().unwrap()).collect())
        .collect()
}

/// The CDNOW 2,357-customer sample as (frequency, recency, T) in weeks.
pub fn cdnow() -> CustomerData {
    let rows = read_csv("cdnow_customers_summary.csv");
    let col = |i: usize| rows.iter().map(|r| r[i]).collect::<Vec<_>>();
    CustomerData::new(&col(1), &col(2), &col(3), None).unwrap()
}

/// Rounds to `digits` decimal places, as a paper prints.
pub fn printed(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

#[test]
fn bg_nbd_reproduces_fader_hardie_lee_2005_on_cdnow() {
    let data = cdnow();
    let (m, report) = BetaGeo::fit(&data, &FitOptions::default()).unwrap();
    assert_eq!(printed(m.r(), 3), 0.243);
    assert_eq!(printed(m.alpha(), 3), 4.414);
    assert_eq!(printed(m.a(), 3), 0.793);
    assert_eq!(printed(m.b(), 3), 2.426);
    assert_eq!(printed(report.log_likelihood, 1), -9582.4);
    assert_eq!(report.method, "newton");
    // lifetimes 0.11.3 on the same data (its own test suite's figures).
    for (got, want) in [(m.r(), 0.242592928279822), (m.alpha(), 4.413532265271825), (m.a(), 0.7928859664406758), (m.b(), 2.4257523826258134)] {
        assert!((got - want).abs() < 1e-5 * want, "{got} vs {want}");
    }
    // Standard errors are finite and small relative to the estimates.
    assert!(report.std_errors.iter().zip(m.params()).all(|(se, (_, p))| se.is_finite() && *se < p));
    // The paper's example customer: x = 2, t_x = 30.43, T = 38.86: E[X(39)] = 1.226.
    let c = data.get(0).unwrap();
    assert_eq!(printed(m.expected_purchases(39.0, &c).unwrap(), 3), 1.226);
}

#[test]
fn mbg_nbd_matches_lifetimes_on_cdnow() {
    let (m, report) = ModifiedBetaGeo::fit(&cdnow(), &FitOptions::default()).unwrap();
    for (got, want) in [(m.r(), 0.5248377255676637), (m.alpha(), 6.1829884791339715), (m.a(), 0.8913562809311422), (m.b(), 1.6140000256721438)] {
        assert!((got - want).abs() < 1e-4 * want, "{got} vs {want}");
    }
    assert!(report.log_likelihood < -9000.0);
}
