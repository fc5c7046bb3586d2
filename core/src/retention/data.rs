//! Validated customer summaries (frequency, recency, age) for the non-contractual models.

use crate::{Error, Result};
use hashbrown::HashTable;

/// One customer's purchase summary, as the BG/NBD family reads it: `frequency` repeat
/// purchases (a whole number), the last of them at `recency` after the first, and the
/// customer's age `t` (from the first purchase to the end of the calibration period),
/// all times in one unit (days or weeks).
///
/// # Example
/// ```
/// let c = callwise::retention::Customer::new(2.0, 30.43, 38.86).unwrap();
/// assert_eq!(c.frequency(), 2.0);
/// assert!(callwise::retention::Customer::new(1.5, 3.0, 4.0).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Customer {
    frequency: f64,
    recency: f64,
    t: f64,
}

impl Customer {
    /// A checked customer summary.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a value is not finite, `frequency` is negative or
    /// not a whole number, `recency` is negative or greater than `t`, or `frequency` is
    /// zero while `recency` is not.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::Customer;
    /// assert!(Customer::new(0.0, 0.0, 10.0).is_ok());
    /// assert!(Customer::new(0.0, 1.0, 10.0).is_err()); // no repeat purchase, yet a recency
    /// assert!(Customer::new(3.0, 11.0, 10.0).is_err()); // recency after the end
    /// ```
    pub fn new(frequency: f64, recency: f64, t: f64) -> Result<Customer> {
        check_row(frequency, recency, t, None)?;
        Ok(Customer {
            frequency,
            recency,
            t,
        })
    }

    /// Repeat purchases.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::Customer::new(4.0, 2.0, 3.0).unwrap().frequency(), 4.0);
    /// ```
    pub fn frequency(&self) -> f64 {
        self.frequency
    }

    /// Time from the first purchase to the last.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::Customer::new(4.0, 2.0, 3.0).unwrap().recency(), 2.0);
    /// ```
    pub fn recency(&self) -> f64 {
        self.recency
    }

    /// Time from the first purchase to the end of the calibration period ("T").
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::Customer::new(4.0, 2.0, 3.0).unwrap().t(), 3.0);
    /// ```
    pub fn t(&self) -> f64 {
        self.t
    }
}

fn row_error(name: &'static str, row: Option<usize>, reason: String) -> Error {
    let reason = match row {
        Some(i) => format!("row {i}: {reason}"),
        None => reason,
    };
    Error::invalid_argument(name, reason)
}

/// The error for a row whose log-likelihood cannot be computed under a model's
/// parameters: the likelihoods are finite or this, never −∞ or NaN.
pub(crate) fn likelihood_error(model: &str, row: Option<usize>) -> Error {
    row_error(
        "frequency",
        row,
        format!("the {model} log-likelihood cannot be computed at these parameters"),
    )
}

/// The largest count (purchases, renewals, periods) the models accept. Fits and scores
/// allocate tables and run loops as long as the largest count, so a corrupt value in the
/// billions would otherwise exhaust memory or hang the host; a million repeat purchases
/// or renewals is far beyond any real customer or member.
///
/// # Example
/// ```
/// use callwise::retention::{Customer, MAX_COUNT};
/// assert!(Customer::new(MAX_COUNT, 10.0, 20.0).is_ok());
/// assert!(Customer::new(MAX_COUNT + 1.0, 10.0, 20.0).is_err());
/// ```
pub const MAX_COUNT: f64 = 1_000_000.0;

/// Checks a whole number `>= 0` and at most [`MAX_COUNT`], naming the row.
pub(crate) fn check_count(name: &'static str, value: f64, row: Option<usize>) -> Result<()> {
    if !value.is_finite() || value < 0.0 || value.fract() != 0.0 {
        return Err(row_error(
            name,
            row,
            format!("must be a whole number >= 0, got {value}"),
        ));
    }
    if value > MAX_COUNT {
        return Err(row_error(
            name,
            row,
            format!("must be at most {MAX_COUNT}, got {value}"),
        ));
    }
    Ok(())
}

/// Checks a finite value `>= 0`, naming the row.
pub(crate) fn check_non_negative(name: &'static str, value: f64, row: Option<usize>) -> Result<()> {
    if !value.is_finite() || value < 0.0 {
        return Err(row_error(
            name,
            row,
            format!("must be finite and >= 0, got {value}"),
        ));
    }
    Ok(())
}

fn check_row(frequency: f64, recency: f64, t: f64, row: Option<usize>) -> Result<()> {
    if plainly_valid(frequency, recency, t) {
        return Ok(());
    }
    check_row_rules(frequency, recency, t, row)
}

/// Whether a row keeps every rule of [`check_row_rules`], in one test without a call to
/// `trunc` (a whole number <= MAX_COUNT is its u32 exactly): the common case, cheaply.
fn plainly_valid(frequency: f64, recency: f64, t: f64) -> bool {
    (0.0..=MAX_COUNT).contains(&frequency)
        && frequency == f64::from(frequency as u32)
        && recency >= 0.0
        && recency <= t
        && t < f64::INFINITY
        && (frequency != 0.0 || recency == 0.0)
}

/// The rules of a customer row, one by one, the error naming the one broken.
fn check_row_rules(frequency: f64, recency: f64, t: f64, row: Option<usize>) -> Result<()> {
    check_count("frequency", frequency, row)?;
    check_non_negative("recency", recency, row)?;
    check_non_negative("T", t, row)?;
    if recency > t {
        return Err(row_error(
            "recency",
            row,
            format!("recency {recency} is greater than T {t}"),
        ));
    }
    if frequency == 0.0 && recency != 0.0 {
        return Err(row_error(
            "recency",
            row,
            format!("frequency is 0 but recency is {recency}"),
        ));
    }
    Ok(())
}

/// Checks weights (finite, `>= 0`, a finite total) against a row count.
pub(crate) fn check_weights(weights: Option<&[f64]>, rows: usize) -> Result<Vec<f64>> {
    match weights {
        None => Ok(vec![1.0; rows]),
        Some(w) => {
            if w.len() != rows {
                return Err(Error::invalid_argument(
                    "weights",
                    format!("{} weights for {rows} rows", w.len()),
                ));
            }
            for (i, v) in w.iter().enumerate() {
                check_non_negative("weights", *v, Some(i))?;
            }
            if !w.iter().sum::<f64>().is_finite() {
                return Err(Error::invalid_argument("weights", "their sum overflows"));
            }
            Ok(w.to_vec())
        }
    }
}

/// Checks that columns have one length.
pub(crate) fn check_lengths(columns: &[(&'static str, usize)]) -> Result<usize> {
    let (first, n) = columns[0];
    for (name, len) in &columns[1..] {
        if *len != n {
            return Err(Error::invalid_argument(
                name,
                format!("has {len} rows but `{first}` has {n}"),
            ));
        }
    }
    Ok(n)
}

/// Many customers' summaries as columns, checked once, with an optional weight per row
/// (a row standing for `weight` identical customers).
///
/// # Example
/// ```
/// use callwise::retention::CustomerData;
/// let data = CustomerData::new(&[2.0, 0.0], &[30.43, 0.0], &[38.86, 38.86], None).unwrap();
/// assert_eq!(data.len(), 2);
/// let err = CustomerData::new(&[2.0], &[40.0], &[38.86], None).unwrap_err();
/// assert!(err.to_string().contains("row 0"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerData {
    frequency: Vec<f64>,
    recency: Vec<f64>,
    t: Vec<f64>,
    weights: Vec<f64>,
}

impl CustomerData {
    /// Checks and keeps the columns.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the column and row when the columns differ in
    /// length, a row breaks [`Customer::new`]'s rules, or a weight is negative or not
    /// finite.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::CustomerData;
    /// let data = CustomerData::new(&[1.0], &[2.0], &[3.0], Some(&[10.0])).unwrap();
    /// assert_eq!(data.total_weight(), 10.0);
    /// ```
    pub fn new(
        frequency: &[f64],
        recency: &[f64],
        t: &[f64],
        weights: Option<&[f64]>,
    ) -> Result<CustomerData> {
        let n = check_lengths(&[
            ("frequency", frequency.len()),
            ("recency", recency.len()),
            ("T", t.len()),
        ])?;
        for i in 0..n {
            check_row(frequency[i], recency[i], t[i], Some(i))?;
        }
        let weights = check_weights(weights, n)?;
        Ok(CustomerData {
            frequency: frequency.to_vec(),
            recency: recency.to_vec(),
            t: t.to_vec(),
            weights,
        })
    }

    /// The number of rows.
    ///
    /// # Example
    /// ```
    /// assert_eq!(callwise::retention::CustomerData::new(&[], &[], &[], None).unwrap().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.frequency.len()
    }

    /// Whether there are no rows.
    ///
    /// # Example
    /// ```
    /// assert!(callwise::retention::CustomerData::new(&[], &[], &[], None).unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.frequency.is_empty()
    }

    /// Row `i` as a [`Customer`], if there is one.
    ///
    /// # Example
    /// ```
    /// let data = callwise::retention::CustomerData::new(&[1.0], &[2.0], &[3.0], None).unwrap();
    /// assert_eq!(data.get(0).unwrap().t(), 3.0);
    /// assert!(data.get(1).is_none());
    /// ```
    pub fn get(&self, i: usize) -> Option<Customer> {
        (i < self.len()).then(|| Customer {
            frequency: self.frequency[i],
            recency: self.recency[i],
            t: self.t[i],
        })
    }

    /// The frequency, recency and T columns.
    ///
    /// # Example
    /// ```
    /// let data = callwise::retention::CustomerData::new(&[1.0, 0.0], &[2.0, 0.0], &[3.0, 4.0], None).unwrap();
    /// let (frequency, recency, t) = data.columns();
    /// assert_eq!((frequency, recency, t), (&[1.0, 0.0][..], &[2.0, 0.0][..], &[3.0, 4.0][..]));
    /// ```
    pub fn columns(&self) -> (&[f64], &[f64], &[f64]) {
        (&self.frequency, &self.recency, &self.t)
    }

    /// The weight of row `i` (1 when no weights were given; 0 past the end).
    ///
    /// # Example
    /// ```
    /// let data = callwise::retention::CustomerData::new(&[1.0], &[2.0], &[3.0], Some(&[4.0])).unwrap();
    /// assert_eq!(data.weight(0), 4.0);
    /// ```
    pub fn weight(&self, i: usize) -> f64 {
        self.weights.get(i).copied().unwrap_or(0.0)
    }

    /// The sum of the weights.
    ///
    /// # Example
    /// ```
    /// let data = callwise::retention::CustomerData::new(&[1.0, 0.0], &[2.0, 0.0], &[3.0, 3.0], None).unwrap();
    /// assert_eq!(data.total_weight(), 2.0);
    /// ```
    pub fn total_weight(&self) -> f64 {
        self.weights.iter().sum()
    }

    /// The rows as distinct (x, recency, T) rows with summed weights, recency and T given
    /// as indexes into tables of their distinct values, so a likelihood evaluates each
    /// `ln(α + T)` once per distinct T rather than once per customer. Rows, recencies and
    /// ages keep the order of their first appearance.
    pub(crate) fn compact(&self, merge: bool) -> Compact {
        // The distinct rows first (one lookup a customer), then the distinct recencies
        // and ages of those rows only. A value first appears in the first customer of
        // its row, so the tables' order is the customers' order either way. The
        // entries of `distinct` are the keys: x (as u32, exact for a whole number <=
        // MAX_COUNT, and -0 is 0), the bits of recency and T, then the summed weight.
        type Row = (u32, u64, u64, f64);
        let hash = |(x, recency, t, _): &Row| mix(*recency, *t ^ u64::from(*x));
        let kept = (0..self.len())
            .filter(|&i| self.weights[i] != 0.0)
            .map(|i| {
                (
                    self.frequency[i] as u32,
                    self.recency[i].to_bits(),
                    self.t[i].to_bits(),
                    self.weights[i],
                )
            });
        let mut distinct: Vec<Row> = Vec::new();
        if merge {
            // Each entry is the row's hash (so growing the table reads no row) and its
            // index in `distinct`, which is read only when the hash's tag matches.
            let mut rows: HashTable<(u64, u32)> = HashTable::with_capacity(self.len() / 2);
            for row in kept {
                let h = hash(&row);
                let key = (row.0, row.1, row.2);
                let found = rows.find(h, |&(_, k)| {
                    let d = &distinct[k as usize];
                    (d.0, d.1, d.2) == key
                });
                match found {
                    Some(&(_, k)) => distinct[k as usize].3 += row.3,
                    None => {
                        rows.insert_unique(h, (h, distinct.len() as u32), |&(h, _)| h);
                        distinct.push(row);
                    }
                }
            }
        } else {
            distinct.extend(kept);
        }
        let mut recency_values = ValueIndex::with_capacity(distinct.len() / 4);
        let mut t_values = ValueIndex::with_capacity(distinct.len() / 4);
        let rows: Vec<CompactRow> = distinct
            .into_iter()
            .map(|(x, recency, t, weight)| CompactRow {
                x,
                recency: recency_values.index(f64::from_bits(recency)),
                t: t_values.index(f64::from_bits(t)),
                weight,
            })
            .collect();
        let max_x = rows.iter().map(|r| r.x).max().unwrap_or(0);
        Compact {
            rows,
            recency_values: recency_values.values,
            t_values: t_values.values,
            max_x,
            total_weight: self.total_weight(),
        }
    }

    /// The largest T, or 0 when empty.
    pub(crate) fn max_t(&self) -> f64 {
        self.t.iter().fold(0.0, |m, t| m.max(*t))
    }
}

/// A 64-bit hash of two words: their folded 128-bit product (with constants, so zeros
/// mix too). Every output bit depends on every input bit, as hashbrown's tables want of
/// both the low bits (the bucket) and the top seven (the tag).
fn mix(a: u64, b: u64) -> u64 {
    let m = u128::from(a ^ 0x243f_6a88_85a3_08d3) * u128::from(b ^ 0x1319_8a2e_0370_7344);
    (m as u64) ^ ((m >> 64) as u64)
}

/// The distinct values of a column in order of first appearance, each with its index.
#[derive(Default)]
struct ValueIndex {
    values: Vec<f64>,
    /// Each value's bits and index.
    at: HashTable<(u64, u32)>,
}

impl ValueIndex {
    /// Room for `capacity` values before the table grows.
    fn with_capacity(capacity: usize) -> ValueIndex {
        ValueIndex {
            values: Vec::with_capacity(capacity),
            at: HashTable::with_capacity(capacity),
        }
    }

    /// The index of `v` (by its bits), added at the end when new.
    fn index(&mut self, v: f64) -> u32 {
        let bits = v.to_bits();
        let h = mix(bits, 0);
        if let Some(&(_, k)) = self.at.find(h, |&(b, _)| b == bits) {
            return k;
        }
        let k = self.values.len() as u32;
        self.at.insert_unique(h, (bits, k), |&(b, _)| mix(b, 0));
        self.values.push(v);
        k
    }
}

/// One distinct row of a [`Compact`] summary.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CompactRow {
    pub(crate) x: u32,
    pub(crate) recency: u32,
    pub(crate) t: u32,
    pub(crate) weight: f64,
}

/// Customer rows reduced to distinct values; see [`CustomerData::compact`].
#[derive(Clone, Debug)]
pub(crate) struct Compact {
    pub(crate) rows: Vec<CompactRow>,
    pub(crate) recency_values: Vec<f64>,
    pub(crate) t_values: Vec<f64>,
    pub(crate) max_x: u32,
    pub(crate) total_weight: f64,
}

impl Compact {
    /// A systematic sample of about `size` of the rows (every k-th, so the sample spans
    /// the rows' order), each with its weight, when there are more than four times as
    /// many; `None` otherwise. Its likelihood per unit of weight estimates the whole
    /// data's, which is what a fit's starting point needs (see
    /// [`super::optimize::SAMPLE_ROWS`]). Its recency and T tables hold only its own
    /// values, so an evaluation over the sample does not pay for every distinct value of
    /// the whole data (a million, when times are exact).
    pub(crate) fn sample(&self, size: usize) -> Option<Compact> {
        if size == 0 || self.rows.len() <= 4 * size {
            return None;
        }
        let step = self.rows.len() / size;
        let picked = self.rows.iter().step_by(step).copied();
        let (mut recency_values, mut t_values) = (ValueIndex::default(), ValueIndex::default());
        let rows: Vec<CompactRow> = picked
            .map(|row| CompactRow {
                recency: recency_values.index(self.recency_values[row.recency as usize]),
                t: t_values.index(self.t_values[row.t as usize]),
                ..row
            })
            .collect();
        Some(Compact {
            max_x: rows.iter().map(|r| r.x).max().unwrap_or(0),
            total_weight: rows.iter().map(|r| r.weight).sum(),
            rows,
            recency_values: recency_values.values,
            t_values: t_values.values,
        })
    }
}

/// Per-customer scores of a purchase model, one entry per input row.
///
/// # Example
/// ```
/// use callwise::retention::{BetaGeo, CustomerData, PurchaseModel};
/// let m = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
/// let data = CustomerData::new(&[2.0, 0.0], &[30.43, 0.0], &[38.86, 38.86], None).unwrap();
/// let scores = m.score(39.0, &data).unwrap();
/// assert_eq!(scores.p_alive[1], 1.0);
/// assert!(scores.expected_purchases[0] > scores.expected_purchases[1]);
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Scores {
    /// P(alive) at the end of the calibration period (`p_alive`, as every score table
    /// and signal names it).
    pub p_alive: Vec<f64>,
    /// Expected purchases in the next `t`.
    pub expected_purchases: Vec<f64>,
}

/// What every non-contractual purchase model answers about a customer: is the customer
/// still alive, and how many purchases to expect. BG/NBD, MBG/NBD and Pareto/NBD
/// implement it; customer lifetime value and the book's dormant-customer signal take any
/// of them.
///
/// # Example
/// ```
/// use callwise::retention::{Customer, ParetoNbd, PurchaseModel};
/// let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap();
/// let c = Customer::new(2.0, 30.43, 38.86).unwrap();
/// assert!(m.probability_alive(&c).unwrap() > 0.5);
/// assert!(m.expected_purchases(39.0, &c).unwrap() > 0.0);
/// ```
pub trait PurchaseModel: Sync {
    /// The probability that the customer is still alive at the end of their observation.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a series the model needs does not converge (for
    /// Pareto/NBD, parameters with α far above β + T).
    fn probability_alive(&self, customer: &Customer) -> Result<f64>;

    /// The expected number of purchases in the next `t` (conditional on the history).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `t` is negative or not finite, or a series does
    /// not converge.
    fn expected_purchases(&self, t: f64, customer: &Customer) -> Result<f64>;

    /// Both scores for every row of `data`, the rows spread over rayon's threads (and the
    /// caller's interrupt check asked between blocks of them).
    ///
    /// # Errors
    /// As [`PurchaseModel::expected_purchases`]; [`Error::Interrupted`] when the caller's
    /// check says stop.
    fn score(&self, t: f64, data: &CustomerData) -> Result<Scores> {
        check_non_negative("t", t, None)?;
        let rows = super::parallel::map_rows(data.len(), |i| {
            let c = Customer {
                frequency: data.frequency[i],
                recency: data.recency[i],
                t: data.t[i],
            };
            Ok((self.probability_alive(&c)?, self.expected_purchases(t, &c)?))
        })?;
        let (p_alive, expected_purchases) = rows.into_iter().unzip();
        Ok(Scores {
            p_alive,
            expected_purchases,
        })
    }

    /// For every row of `data`, the purchases expected in consecutive periods, each
    /// weighted: `Σ_k weights[k] · (E[X(ends[k])] − E[X(ends[k−1])])`, `ends[−1] = 0`,
    /// the `ends` increasing. With the periods' discount factors as weights this is the
    /// discounted purchase stream that customer lifetime value prices
    /// ([`super::GammaGamma::lifetime_values`]). Models override it with cheaper forms
    /// (the period sums depend on few of a customer's numbers); this one asks
    /// [`PurchaseModel::expected_purchases`] at every end.
    ///
    /// # Errors
    /// As [`PurchaseModel::expected_purchases`]; [`Error::InvalidArgument`] when the
    /// slices differ in length or `ends` is not increasing; [`Error::Interrupted`] when
    /// the caller's check says stop.
    ///
    /// # Example
    /// ```
    /// use callwise::retention::{CustomerData, ParetoNbd, PurchaseModel};
    /// let m = ParetoNbd::new(0.553, 10.578, 0.606, 11.669).unwrap();
    /// let data = CustomerData::new(&[2.0], &[30.43], &[38.86], None).unwrap();
    /// // Unweighted, two periods add up to the purchases expected over both.
    /// let two = m.weighted_purchases(&data, &[13.0, 26.0], &[1.0, 1.0]).unwrap();
    /// let whole = m.score(26.0, &data).unwrap().expected_purchases;
    /// assert!((two[0] - whole[0]).abs() < 1e-12);
    /// ```
    fn weighted_purchases(
        &self,
        data: &CustomerData,
        ends: &[f64],
        weights: &[f64],
    ) -> Result<Vec<f64>> {
        check_periods(ends, weights)?;
        super::parallel::map_rows(data.len(), |i| {
            let c = Customer {
                frequency: data.frequency[i],
                recency: data.recency[i],
                t: data.t[i],
            };
            period_sum(ends, weights, |end| self.expected_purchases(end, &c))
        })
    }
}

/// Σ_k weights[k] · (f(ends[k]) − f(ends[k−1])), f(ends[−1]) = 0: a cumulative quantity's
/// weighted increments over consecutive periods. `f` never decreases (purchases expected
/// by a time, or their numerator), so an increment below zero is rounding and counts as
/// zero: a customer almost surely gone otherwise got a lifetime value of −2.7e−49.
pub(crate) fn period_sum(
    ends: &[f64],
    weights: &[f64],
    mut f: impl FnMut(f64) -> Result<f64>,
) -> Result<f64> {
    let (mut before, mut total) = (0.0, 0.0);
    for (end, weight) in ends.iter().zip(weights) {
        let now = f(*end)?;
        let step = now - before;
        // Not `max`, which would turn a NaN into zero and hide it from the caller's check.
        total += weight * if step < 0.0 { 0.0 } else { step };
        before = now;
    }
    Ok(total)
}

/// Checks the periods of [`PurchaseModel::weighted_purchases`]: one weight per end, the
/// ends finite, positive and increasing, the weights finite.
pub(crate) fn check_periods(ends: &[f64], weights: &[f64]) -> Result<()> {
    check_lengths(&[("ends", ends.len()), ("weights", weights.len())])?;
    let mut before = 0.0;
    for (i, end) in ends.iter().enumerate() {
        if !(end.is_finite() && *end > before) {
            return Err(row_error(
                "ends",
                Some(i),
                format!("must be finite and above the end before ({before}), got {end}"),
            ));
        }
        before = *end;
    }
    if let Some(i) = weights.iter().position(|w| !w.is_finite()) {
        return Err(row_error(
            "weights",
            Some(i),
            format!("must be finite, got {}", weights[i]),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`CustomerData::compact`] the slow way: each row against every distinct one before
    /// it, values looked up in order.
    fn reference(data: &CustomerData, merge: bool) -> Compact {
        let (x, recency, t) = data.columns();
        let position = |values: &mut Vec<f64>, v: f64| match values
            .iter()
            .position(|w| w.to_bits() == v.to_bits())
        {
            Some(k) => k as u32,
            None => {
                values.push(v);
                (values.len() - 1) as u32
            }
        };
        let (mut recency_values, mut t_values, mut rows) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..data.len() {
            let weight = data.weight(i);
            if weight == 0.0 {
                continue;
            }
            let row = CompactRow {
                x: x[i] as u32,
                recency: position(&mut recency_values, recency[i]),
                t: position(&mut t_values, t[i]),
                weight,
            };
            let twin = rows.iter_mut().find(|r: &&mut CompactRow| {
                merge && (r.x, r.recency, r.t) == (row.x, row.recency, row.t)
            });
            match twin {
                Some(twin) => twin.weight += weight,
                None => rows.push(row),
            }
        }
        Compact {
            max_x: rows.iter().map(|r| r.x).max().unwrap_or(0),
            rows,
            recency_values,
            t_values,
            total_weight: data.total_weight(),
        }
    }

    fn same(a: &Compact, b: &Compact) -> bool {
        let bits = |v: &[f64]| v.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        let rows = |c: &Compact| {
            c.rows
                .iter()
                .map(|r| (r.x, r.recency, r.t, r.weight.to_bits()))
                .collect::<Vec<_>>()
        };
        rows(a) == rows(b)
            && bits(&a.recency_values) == bits(&b.recency_values)
            && bits(&a.t_values) == bits(&b.t_values)
            && (a.max_x, a.total_weight.to_bits()) == (b.max_x, b.total_weight.to_bits())
    }

    #[test]
    fn compact_merges_identical_rows_in_order_of_first_appearance() {
        // -0 is 0 for the count (as u32) but a value of its own for the times (its bits).
        let data = CustomerData::new(
            &[2.0, 0.0, 2.0, -0.0, 1.0, 2.0, 0.0],
            &[3.0, 0.0, 3.0, 0.0, 3.0, 3.0, -0.0],
            &[5.0, 6.0, 5.0, 6.0, 5.0, 5.0, 6.0],
            Some(&[1.0, 2.0, 0.5, 4.0, 0.0, 3.0, 1.0]),
        )
        .unwrap();
        let c = data.compact(true);
        let rows: Vec<_> = c
            .rows
            .iter()
            .map(|r| (r.x, r.recency, r.t, r.weight))
            .collect();
        assert_eq!(rows, [(2, 0, 0, 4.5), (0, 1, 1, 6.0), (0, 2, 1, 1.0)]);
        assert_eq!(c.recency_values, [3.0, 0.0, -0.0]);
        assert_eq!(c.t_values, [5.0, 6.0]);
        assert_eq!((c.max_x, c.total_weight), (2, 11.5));
        assert!(same(&c, &reference(&data, true)));
        let unmerged = data.compact(false);
        assert_eq!(unmerged.rows.len(), 6);
        assert!(same(&unmerged, &reference(&data, false)));
    }

    #[test]
    fn a_sample_holds_its_own_values() {
        let n = 3000;
        let x: Vec<f64> = (0..n).map(|i| f64::from(i % 5 + 1)).collect();
        let recency: Vec<f64> = (0..n).map(|i| f64::from(i) / 100.0).collect();
        let t: Vec<f64> = (0..n).map(|i| f64::from(i) / 100.0 + 1.0).collect();
        let data = CustomerData::new(&x, &recency, &t, None)
            .unwrap()
            .compact(true);
        assert!(data.sample(1000).is_none());
        let sample = data.sample(500).unwrap();
        // Every sixth row, with the values it had in the whole data.
        assert_eq!(sample.rows.len(), 500);
        assert_eq!(sample.recency_values.len(), 500);
        assert_eq!(sample.t_values.len(), 500);
        for (k, row) in sample.rows.iter().enumerate() {
            let whole = data.rows[6 * k];
            assert_eq!((row.x, row.weight), (whole.x, whole.weight));
            assert_eq!(
                sample.recency_values[row.recency as usize],
                data.recency_values[whole.recency as usize]
            );
            assert_eq!(
                sample.t_values[row.t as usize],
                data.t_values[whole.t as usize]
            );
        }
        assert_eq!((sample.max_x, sample.total_weight), (5, 500.0));
    }

    proptest! {
        /// The quick test of a row says valid exactly when every rule holds.
        #[test]
        fn plainly_valid_is_the_rules(
            values in prop::collection::vec(prop::sample::select(vec![
                0.0, -0.0, 1.0, 2.5, 3.0, MAX_COUNT, MAX_COUNT + 1.0, 4e9, 1e300, -1.0,
                f64::INFINITY, f64::NEG_INFINITY, f64::NAN, f64::MIN_POSITIVE, 7.0,
            ]), 3),
        ) {
            let (f, r, t) = (values[0], values[1], values[2]);
            prop_assert_eq!(plainly_valid(f, r, t), check_row_rules(f, r, t, None).is_ok());
        }

        #[test]
        fn compact_matches_the_slow_way(
            rows in prop::collection::vec((0u8..4, 0u8..6, 0u8..4, 0u8..3), 0..200),
            merge in any::<bool>(),
        ) {
            // Few distinct values, so rows repeat; T >= recency, recency 0 when x is 0.
            let x: Vec<f64> = rows.iter().map(|r| f64::from(r.0)).collect();
            let recency: Vec<f64> =
                rows.iter().map(|r| if r.0 == 0 { 0.0 } else { f64::from(r.1) / 7.0 }).collect();
            let t: Vec<f64> = rows.iter().map(|r| f64::from(r.1 + r.2) / 7.0 + 1.0).collect();
            let w: Vec<f64> = rows.iter().map(|r| f64::from(r.3) * 0.75).collect();
            let data = CustomerData::new(&x, &recency, &t, Some(&w)).unwrap();
            prop_assert!(same(&data.compact(merge), &reference(&data, merge)));
        }
    }
}
