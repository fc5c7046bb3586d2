//! What the team practices are run with, as data: how long a claim on a pool account
//! lasts, the payment term, the business calendar and where the fiscal year starts.

use crate::{BusinessCalendar, Error, Result};
use serde::{Deserialize, Serialize};

/// The longest a claim on a pool account may last, in minutes (a Crankathon's length).
///
/// # Example
/// ```
/// use callwise::team::{TeamConfig, MAX_CLAIM_MINUTES};
/// let json = format!(r#"{{"claim_minutes": {}}}"#, MAX_CLAIM_MINUTES + 1);
/// assert!(TeamConfig::from_json(&json).is_err());
/// ```
pub const MAX_CLAIM_MINUTES: u32 = crate::routine::MAX_CRANKATHON_MINUTES;

/// The longest payment term, in days (ten years).
///
/// # Example
/// ```
/// assert_eq!(callwise::team::MAX_PAYMENT_TERM_DAYS, 3660);
/// ```
pub const MAX_PAYMENT_TERM_DAYS: u32 = crate::call_list::MAX_DAYS;

/// Everything the team practices are run with. Every field has a default, so `{}` is a
/// valid configuration; unknown fields are refused.
///
/// # Example
/// ```
/// use callwise::team::TeamConfig;
/// let config = TeamConfig::from_json(r#"{"payment_term_days": 45, "fiscal_year_start_month": 7}"#)?;
/// assert_eq!((config.claim_minutes, config.payment_term_days), (15, 45));
/// assert_eq!(TeamConfig::from_json(&config.to_json())?, config);
/// assert!(TeamConfig::from_json(r#"{"fiscal_year_start_month": 13}"#).is_err());
/// # Ok::<(), callwise::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TeamConfig {
    /// Minutes a claim on a pool account lasts before the account is free again
    /// (1 to [`MAX_CLAIM_MINUTES`]; 15 by default).
    pub claim_minutes: u32,
    /// Days from a deal's close to the day its money is expected to land (0 to
    /// [`MAX_PAYMENT_TERM_DAYS`]; 30 by default), rolled forward to a business day.
    pub payment_term_days: u32,
    /// The business days: a follow-up with no day of its own is due on the next one
    /// after its wrap-up, and money lands on one (Saturdays and Sundays off, no
    /// holidays, by default).
    pub calendar: BusinessCalendar,
    /// The month the fiscal year starts in, 1 to 12 (January by default). Fiscal year
    /// `N` ends in calendar year `N`: with July, FY2027 runs from 1 July 2026 to 30 June
    /// 2027.
    pub fiscal_year_start_month: u32,
}

impl Default for TeamConfig {
    fn default() -> Self {
        Self {
            claim_minutes: 15,
            payment_term_days: 30,
            calendar: BusinessCalendar::weekends_only(),
            fiscal_year_start_month: 1,
        }
    }
}

impl TeamConfig {
    /// A configuration from its JSON form; fields left out keep their defaults.
    ///
    /// # Errors
    /// [`Error::Json`] when the text is not JSON of this shape (an unknown field
    /// included); [`Error::InvalidArgument`] naming the field when a value is out of
    /// range.
    ///
    /// # Example
    /// See [`TeamConfig`].
    pub fn from_json(json: &str) -> Result<Self> {
        let config: Self = crate::book::from_json(json, "team configuration")?;
        config.check()?;
        Ok(config)
    }

    /// The configuration as pretty-printed JSON, every default written out.
    ///
    /// # Example
    /// ```
    /// let json = callwise::team::TeamConfig::default().to_json();
    /// assert!(json.contains("\"claim_minutes\": 15"));
    /// ```
    pub fn to_json(&self) -> String {
        super::pretty(self)
    }

    /// Checks every value; every function of [`crate::team`] calls it.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the field at fault.
    ///
    /// # Example
    /// ```
    /// let mut config = callwise::team::TeamConfig::default();
    /// config.claim_minutes = 0;
    /// assert!(config.check().is_err());
    /// ```
    pub fn check(&self) -> Result<()> {
        if !(1..=MAX_CLAIM_MINUTES).contains(&self.claim_minutes) {
            return Err(Error::invalid_argument(
                "claim_minutes",
                format!(
                    "must be 1 to {MAX_CLAIM_MINUTES}, got {}",
                    self.claim_minutes
                ),
            ));
        }
        if self.payment_term_days > MAX_PAYMENT_TERM_DAYS {
            return Err(Error::invalid_argument(
                "payment_term_days",
                format!(
                    "must be 0 to {MAX_PAYMENT_TERM_DAYS}, got {}",
                    self.payment_term_days
                ),
            ));
        }
        if !(1..=12).contains(&self.fiscal_year_start_month) {
            return Err(Error::invalid_argument(
                "fiscal_year_start_month",
                format!("must be 1 to 12, got {}", self.fiscal_year_start_month),
            ));
        }
        Ok(())
    }
}
