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
use std::cell::{Cell, RefCell};

/// A scope's check, and whether it has said stop.
type Installed = (Box<dyn Fn() -> bool>, Cell<bool>);

thread_local! {
    /// The checks of the scopes open on this thread, innermost last.
    static CHECKS: RefCell<Vec<Installed>> = const { RefCell::new(Vec::new()) };
}

/// Runs `work` with `should_stop` installed as the calling thread's check: long work
/// inside asks it between steps and, once it returns `true`, stops with
/// [`Error::Interrupted`]. Scopes nest; the innermost check is asked. Once it has said
/// stop, every later check in the scope says stop without asking it again: a signal
/// that the check consumes (Python's Ctrl-C) is not lost if some step of the work
/// stops on it without passing the error on.
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
    CHECKS.with(|c| {
        c.borrow_mut()
            .push((Box::new(should_stop), Cell::new(false)))
    });
    let _pop = Pop;
    work()
}

/// Asks the calling thread's check, if a [`scope`] installed one.
///
/// # Errors
/// [`Error::Interrupted`] when the check says stop.
pub(crate) fn check() -> Result<()> {
    let stop = CHECKS.with(|c| {
        c.borrow().last().is_some_and(|(should_stop, stopped)| {
            if !stopped.get() && should_stop() {
                stopped.set(true);
            }
            stopped.get()
        })
    });
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn a_stop_is_sticky_for_the_rest_of_the_scope() {
        // A check that says stop once (as Python's signal check does, consuming the
        // signal) and is never asked again.
        let asked = Rc::new(Cell::new(0));
        let count = Rc::clone(&asked);
        let once = move || {
            count.set(count.get() + 1);
            count.get() == 2
        };
        let answers = scope(once, || {
            (0..4).map(|_| check().is_err()).collect::<Vec<_>>()
        });
        assert_eq!(answers, [false, true, true, true]);
        assert_eq!(asked.get(), 2);
        // Outside the scope, nothing stops; a new scope starts afresh.
        assert!(check().is_ok());
        assert_eq!(scope(|| false, check), Ok(()));
    }
}
