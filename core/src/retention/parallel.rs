//! Work over customer rows spread over threads, with the same bits whatever the number of
//! threads.
//!
//! Rows are cut into chunks of [`CHUNK_ROWS`] consecutive rows. A sum adds each chunk's
//! rows in order, then the chunks' sums in order; a map writes each row's result in its
//! place. The chunks run on rayon's threads, but the chunk boundaries and both orders are
//! fixed, so one thread or sixteen give the same floating-point result.
//!
//! Long maps ask the caller's interrupt check ([`crate::interrupt`]) between blocks of
//! rows, on the calling thread.

use crate::{Error, Result};
use rayon::prelude::*;
use std::ops::{Add, Range};
use std::time::Instant;

/// Rows per chunk: large enough that a chunk's work dwarfs handing it to a thread, small
/// enough that two threads share a few thousand rows evenly.
pub(crate) const CHUNK_ROWS: usize = 256;

/// Σ_{i<n} f(i), chunk by chunk as the module says. `None` when any f(i) is `None`.
pub(crate) fn sum_rows<T, F>(n: usize, zero: T, f: F) -> Option<T>
where
    T: Copy + Send + Sync + Add<Output = T>,
    F: Fn(usize) -> Option<T> + Sync,
{
    sum_chunks(
        n,
        Some(zero),
        |rows| {
            let mut acc = zero;
            for i in rows {
                acc = acc + f(i)?;
            }
            Some(acc)
        },
        |a, b| Some(a? + b?),
    )
}

/// `chunk(rows)` for each chunk (a range of consecutive rows, as the module says), the
/// results combined in chunk order by `add` from `zero`: for sums whose rows share work
/// that a per-row closure would repeat.
pub(crate) fn sum_chunks<T, F>(n: usize, zero: T, chunk: F, add: impl Fn(T, T) -> T) -> T
where
    T: Send,
    F: Fn(Range<usize>) -> T + Sync,
{
    let chunks = n.div_ceil(CHUNK_ROWS);
    let range = |c: usize| c * CHUNK_ROWS..((c + 1) * CHUNK_ROWS).min(n);
    let partial: Vec<T> = if chunks > 1 {
        (0..chunks)
            .into_par_iter()
            .map(|c| chunk(range(c)))
            .collect()
    } else {
        (0..chunks).map(|c| chunk(range(c))).collect()
    };
    partial.into_iter().fold(zero, add)
}

/// [f(0), ..., f(n − 1)], computed chunk by chunk on rayon's threads; the first error
/// (in row order) when any fails, or [`crate::Error::Interrupted`] when the caller's
/// check says stop between blocks.
///
/// Blocks grow or shrink so that each takes about [`BLOCK_TIME`]: cheap rows go in
/// blocks of up to millions, and a row costing milliseconds (a century of monthly
/// values) still lets a Ctrl-C through within a fraction of a second. The blocks only
/// decide when the check is asked; each row's result is the same whatever they are.
pub(crate) fn map_rows<R, F>(n: usize, f: F) -> Result<Vec<R>>
where
    R: Send + Copy + Default,
    F: Fn(usize) -> Result<R> + Sync,
{
    let mut out = vec![R::default(); n];
    let mut block = CHUNK_ROWS;
    let mut start = 0;
    while start < n {
        crate::interrupt::check()?;
        let end = start.saturating_add(block).min(n);
        let began = Instant::now();
        // Each chunk writes its rows in place and keeps its first error; the first
        // chunk's error with one wins, so the error is the first in row order.
        let failed: Vec<Option<Error>> = out[start..end]
            .par_chunks_mut(CHUNK_ROWS)
            .enumerate()
            .map(|(c, rows)| {
                let first = start + c * CHUNK_ROWS;
                for (k, slot) in rows.iter_mut().enumerate() {
                    match f(first + k) {
                        Ok(value) => *slot = value,
                        Err(e) => return Some(e),
                    }
                }
                None
            })
            .collect();
        if let Some(e) = failed.into_iter().flatten().next() {
            return Err(e);
        }
        let took = began.elapsed().as_secs_f64().max(1e-6);
        let scale = (BLOCK_TIME / took).clamp(0.25, 4.0);
        block = ((block as f64 * scale) as usize).clamp(CHUNK_ROWS, MAX_BLOCK_ROWS);
        start = end;
    }
    Ok(out)
}

/// About how long a block of [`map_rows`] should take, in seconds: the longest a Ctrl-C
/// waits.
const BLOCK_TIME: f64 = 0.05;

/// The most rows in a block of [`map_rows`].
const MAX_BLOCK_ROWS: usize = 1 << 22;

#[cfg(test)]
mod tests {
    use super::*;

    /// Sums that would differ by association differ in no bit between thread counts.
    #[test]
    fn sums_do_not_depend_on_the_number_of_threads() {
        let values: Vec<f64> = (0..100_000)
            .map(|i| 1.0 / (1.0 + f64::from(i)).powf(1.3))
            .collect();
        let sum = || sum_rows(values.len(), 0.0, |i| Some(values[i])).unwrap();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(sum);
        for threads in [2, 3, 8] {
            let many = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(sum);
            assert_eq!(one.to_bits(), many.to_bits(), "{threads} threads");
        }
        assert_eq!(sum_rows(3, 0.0, |i| (i != 1).then_some(1.0)), None);
        assert_eq!(sum_rows(0, 7.0, |_| Some(1.0)), Some(7.0));
    }

    #[test]
    fn maps_keep_the_row_order_and_the_first_error() {
        let squares = map_rows(70_000, |i| Ok(i * i)).unwrap();
        assert!(squares.iter().enumerate().all(|(i, v)| *v == i * i));
        let failed = map_rows(70_000, |i| {
            if i % 30_000 == 29_999 {
                Err(crate::Error::invalid_argument("row", format!("{i}")))
            } else {
                Ok(i)
            }
        });
        assert!(
            matches!(failed, Err(crate::Error::InvalidArgument { reason, .. }) if reason == "29999")
        );
        let stopped = crate::interrupt::scope(|| true, || map_rows(10, Ok));
        assert!(matches!(stopped, Err(crate::Error::Interrupted)));
    }
}
