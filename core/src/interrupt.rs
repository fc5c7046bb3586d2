//! Stopping long work: a check the caller supplies, asked between the steps of long work
//! (the iterations of a fit, the occurrences a routine's rule is expanded through).
//!
//! Nothing in callwise runs unbounded: every loop that input controls has a limit. But a
//! limit generous enough for real data can still be seconds of work, and an analyst at a
//! notebook expects Ctrl-C to stop it. [`scope`] runs work with a check installed for
//! the calling thread; long work calls the check now and then and, when it says stop,
//! returns [`Error::Interrupted`] instead of its answer. The
//! Python binding installs a check that runs Python's signal handlers, so Ctrl-C raises
//! `KeyboardInterrupt`.
//!
//! The check belongs to the thread that called [`scope`]: work that callwise spreads
//! over other threads is checked between its parallel steps, on the calling thread.
//!
//! # Example
//! ```
//! use callwise::retention::{BetaGeo, CustomerData, FitOptions};
//! let data = CustomerData::new(&[0.0, 2.0, 5.0], &[0.0, 20.0, 35.0], &[39.0; 3], None)?;
//! let stopped = callwise::interrupt::scope(|| true, || BetaGeo::fit(&data, &FitOptions::default()));
//! assert!(matches!(stopped, Err(callwise::Error::Interrupted)));
//! # Ok::<(), callwise::Error>(())
//! ```

use crate::{Error, Result};
use std::cell::RefCell;

thread_local! {
    /// The checks of the scopes open on this thread, innermost last.
    static CHECKS: RefCell<Vec<Box<dyn Fn() -> bool>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `work` with `should_stop` installed as the calling thread's check: long work
/// inside asks it between steps and, once it returns `true`, stops with
/// [`Error::Interrupted`]. Scopes nest; the innermost check is asked.
///
/// # Example
/// See the [module documentation](self).
pub fn scope<R>(should_stop: impl Fn() -> bool + 'static, work: impl FnOnce() -> R) -> R {
    struct Pop;
    impl Drop for Pop {
        fn drop(&mut self) {
            CHECKS.with(|c| c.borrow_mut().pop());
        }
    }
    CHECKS.with(|c| c.borrow_mut().push(Box::new(should_stop)));
    let _pop = Pop;
    work()
}

/// Asks the calling thread's check, if a [`scope`] installed one.
///
/// # Errors
/// [`Error::Interrupted`] when the check says stop.
pub(crate) fn check() -> Result<()> {
    let stop = CHECKS.with(|c| c.borrow().last().is_some_and(|f| f()));
    if stop {
        Err(Error::Interrupted)
    } else {
        Ok(())
    }
}

/// Asks the check every 4096th `step` of a loop (`step` counts from 0), so a tight loop
/// pays for a check rarely.
///
/// # Errors
/// [`Error::Interrupted`] when the check says stop.
pub(crate) fn check_every(step: u32) -> Result<()> {
    if step % 4096 == 4095 { check() } else { Ok(()) }
}
