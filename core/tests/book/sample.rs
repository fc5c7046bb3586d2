//! The sample generator: sizes, determinism whatever the thread count, and the planted
//! effects found again by the models that read them.

use callwise::retention::{
    BetaGeo, FitOptions, PurchaseSource, RENEWAL_FEATURES, RenewalModel, RenewalOptions, TimeUnit,
    purchase_history, renewal_history,
};
use callwise::{
    AccountKind, AccountStatus, SAMPLE_LOST_DEAL_AGES, SAMPLE_PURCHASES, SAMPLE_RENEWAL,
    SampleConfig, sample_book,
};

/// The same seed gives the same book on one thread as on several.
#[test]
fn the_book_does_not_depend_on_the_thread_count() {
    // Over two pieces of work (2,048 accounts each) so that the threads share them.
    let config = SampleConfig::new(11, 3_000);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| sample_book(&config).unwrap());
    let three = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap()
        .install(|| sample_book(&config).unwrap());
    assert_eq!(one.to_json(), three.to_json());
}

/// Asking for activities gives about that many, spread over the accounts.
#[test]
fn the_activity_count_follows_the_config() {
    for wanted in [2_000u64, 40_000] {
        let config = SampleConfig {
            activities: Some(wanted),
            ..SampleConfig::new(5, 500)
        };
        let made = sample_book(&config).unwrap().activities().len() as f64;
        let wanted = wanted as f64;
        assert!(
            (made - wanted).abs() < 0.1 * wanted,
            "asked for {wanted}, made {made}"
        );
    }
}

/// A large sample: the renewal model fitted on its past terms finds the planted signs,
/// BG/NBD fitted on its customers' won deals finds the planted parameters within two
/// standard errors, and the old no's sit at the planted ages.
#[test]
fn the_models_find_the_planted_effects() {
    let config = SampleConfig::new(7, 25_000);
    let book = sample_book(&config).unwrap();
    let as_of = config.as_of;

    let history = renewal_history(&book, as_of, 60).unwrap();
    let renewed = history.renewed().unwrap();
    let lapsed = renewed.iter().filter(|r| !**r).count();
    assert!(lapsed > 1_000 && renewed.len() - lapsed > 10_000);
    let (model, _) = RenewalModel::fit(
        &history.features,
        &renewed,
        None,
        &RenewalOptions::default(),
    )
    .unwrap();
    for (i, name) in RENEWAL_FEATURES.iter().enumerate() {
        let planted = SAMPLE_RENEWAL.weights[i];
        let fitted = model.coefficients()[i];
        if planted == 0.0 {
            continue;
        }
        assert_eq!(
            fitted.signum(),
            planted.signum(),
            "{name}: planted {planted}, fitted {fitted}"
        );
    }

    // Days are the unit here: the planted scale is in weeks.
    let purchases =
        purchase_history(&book, as_of, TimeUnit::Days, PurchaseSource::WonDeals).unwrap();
    let customers = book
        .accounts()
        .filter(|a| a.kind() == AccountKind::Customer)
        .count();
    assert_eq!(purchases.data.len(), customers);
    let (fit, report) = BetaGeo::fit(&purchases.data, &FitOptions::default()).unwrap();
    let planted = [
        SAMPLE_PURCHASES.r,
        SAMPLE_PURCHASES.alpha * 7.0,
        SAMPLE_PURCHASES.a,
        SAMPLE_PURCHASES.b,
    ];
    for (((name, value), planted), se) in fit
        .params()
        .into_iter()
        .zip(planted)
        .zip(&report.std_errors)
    {
        assert!(
            (value - planted).abs() <= 2.0 * se,
            "{name}: planted {planted}, fitted {value} ± {se}"
        );
    }

    // Customers with no purchase in a year are the dormant ones.
    assert!(
        book.accounts()
            .any(|a| a.status() == AccountStatus::Dormant)
    );
    let ages = SAMPLE_LOST_DEAL_AGES;
    let mut lost = 0;
    for deal in book.opportunities().filter(|o| o.lost_to().is_some()) {
        let age = (as_of - deal.closed_on().unwrap()).num_days();
        assert!(
            ages.days
                .iter()
                .any(|d| (age - i64::from(*d)).abs() <= i64::from(ages.spread))
        );
        lost += 1;
    }
    assert!(lost > 1_000);
}
