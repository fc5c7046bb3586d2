//! Money as integer minor units, so that sums are exact.

use serde::{Deserialize, Serialize};

/// An amount of money in a currency's minor units (cents for USD).
///
/// Money is never a float: dues and pipeline totals are summed exactly. The amount is
/// signed so that a negative value can be read and then reported by validation rather
/// than rejected by the parser.
///
/// # Example
/// ```
/// use callwise::Money;
/// let dues = Money::new(120_000, "USD");
/// assert_eq!(dues.amount_minor, 120_000);
/// assert_eq!(dues.to_string(), "USD 1200.00");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount in minor units (for example cents).
    pub amount_minor: i64,
    /// The ISO 4217 code: three upper-case ASCII letters.
    pub currency: String,
}

impl Money {
    /// An amount in minor units of `currency`.
    ///
    /// # Example
    /// ```
    /// let m = callwise::Money::new(-5, "EUR");
    /// assert_eq!(m.currency, "EUR");
    /// assert!(m.amount_minor < 0);
    /// ```
    pub fn new(amount_minor: i64, currency: impl Into<String>) -> Self {
        Self {
            amount_minor,
            currency: currency.into(),
        }
    }
}

/// Whether `code` has the shape of an ISO 4217 code (three upper-case ASCII letters).
pub(crate) fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

impl std::fmt::Display for Money {
    /// Formats as `CUR units.cents` with two decimals (the common case; the code does not
    /// know each currency's exponent).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        let abs = self.amount_minor.unsigned_abs();
        write!(f, "{} {sign}{}.{:02}", self.currency, abs / 100, abs % 100)
    }
}
