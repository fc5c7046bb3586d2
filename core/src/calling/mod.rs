//! Calling: may this person be called now, and when next? The rules every call list
//! obeys, the local windows they are made of, and the business calendars they skip.
//!
//! - [`CallingRules`]: windows in the callee's local time, quiet days and holidays,
//!   region rules, consent, frequency caps and the unknown-zone policy, as data;
//! - [`LocalWindow`]: a daily window of wall-clock time, defined on days clocks change;
//! - [`BusinessCalendar`]: weekends and holidays, business-day and business-hour
//!   arithmetic.

mod calendar;
mod rules;
mod window;

pub use calendar::{BusinessCalendar, HolidayRule, Observance};
pub use rules::{BlockRule, CallingRules, RegionRule, UnknownZonePolicy, Verdict};
pub use window::LocalWindow;
