//! [`Book::from_json`]'s reader of a whole text: the top level read here, each
//! collection's records parsed by serde one at a time, and a long collection in
//! segments parsed on rayon's threads while this thread pushes the records of the
//! segments before into the store.
//!
//! It reads only the plain shape every writer of a book gives: an object whose keys are
//! the book's fields, without escapes, each at most once; a version this build reads;
//! each collection an array. On anything else, or any error at all (a record that does
//! not parse, or that the store refuses), it gives up and [`super::serial`] reads the
//! text from the start. That reader gives the same book, and decides every error, its
//! message and its position: this one never does (a book that parses but does not
//! validate is the one exception, and the store it validates is the serial reader's).
//!
//! **Segments.** A long collection's text is cut at guessed record boundaries, one
//! every [`SEGMENT`] bytes or so: the first `{` after a `}` and a comma (white space
//! between) past the segment's length. A guess may fall inside a string, or past the
//! collection's end. Each segment is parsed from its guess to the first record boundary
//! at or past the next guess. Segments are taken in order, and a segment's records are
//! taken only when the segment before ended exactly at its guess, which is then a true
//! boundary: parsing from there gives the records the serial reader gives. A segment
//! whose guess was wrong is parsed again on this thread from where the one before
//! ended. So the book is the same whatever the guesses.

use super::{FIELDS, Fill, Records, dispatch};
use crate::book::{Book, SCHEMA_VERSION};
use crate::error::Result;
use rayon::prelude::*;
use serde::Deserialize;

/// The bytes of text in a segment (about): big enough that its records outweigh
/// handing it to a thread, small enough that a wave of segments' records stays small.
pub(super) const SEGMENT: usize = 1 << 20;

/// Segments a thread parses in a wave.
const WAVE_PER_THREAD: usize = 2;

/// The book in `text`, or `None` where this reader gives up (see the module's docs).
pub(super) fn read(text: &str, segment: usize) -> Option<Result<Book>> {
    let b = text.as_bytes();
    let mut fill = Fill::default();
    let mut seen = [false; FIELDS.len()];
    let mut at = skip(b, 0);
    (b.get(at) == Some(&b'{')).then_some(())?;
    at = skip(b, at + 1);
    loop {
        let (key, after) = key(text, at)?;
        let slot = FIELDS.iter().position(|&f| f == key)?;
        if std::mem::replace(&mut seen[slot], true) {
            return None;
        }
        at = skip(b, after);
        (b.get(at) == Some(&b':')).then_some(())?;
        at = skip(b, at + 1);
        at = if slot == 0 {
            let (version, end) = value::<u64>(text, at)?;
            (version == SCHEMA_VERSION).then_some(())?;
            fill.version = Some(version);
            end
        } else {
            let records = Segmented { text, at, segment };
            dispatch(slot - 1, &mut fill.store, records)?
        };
        at = skip(b, at);
        match b.get(at) {
            Some(b',') => at = skip(b, at + 1),
            Some(b'}') => break,
            _ => return None,
        }
    }
    (skip(b, at + 1) == b.len() && fill.version.is_some()).then_some(())?;
    Some(fill.finish())
}

/// Past the JSON white space from `at`.
fn skip(b: &[u8], mut at: usize) -> usize {
    while b
        .get(at)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    {
        at += 1;
    }
    at
}

/// The key whose string starts at `at`, and the place after it: `None` when there is
/// no string there, or it has an escape.
fn key(text: &str, at: usize) -> Option<(&str, usize)> {
    let b = text.as_bytes();
    (b.get(at) == Some(&b'"')).then_some(())?;
    let len = b
        .get(at + 1..)?
        .iter()
        .position(|&c| c == b'"' || c == b'\\')?;
    let end = at + 1 + len;
    (b[end] == b'"').then_some(())?;
    Some((text.get(at + 1..end)?, end + 1))
}

/// The value of type `T` at `at`, and the place after it, or `None` when it does not
/// parse.
fn value<'t, T: Deserialize<'t>>(text: &'t str, at: usize) -> Option<(T, usize)> {
    let mut values = serde_json::Deserializer::from_str(text.get(at..)?).into_iter::<T>();
    let v = values.next()?.ok()?;
    Some((v, at + values.byte_offset()))
}

/// A collection whose array starts at `at` in `text`, read in segments of about
/// `segment` bytes.
struct Segmented<'t> {
    text: &'t str,
    at: usize,
    segment: usize,
}

impl<'t> Records<'t> for Segmented<'t> {
    /// The place after the array, or `None` where the reader gives up.
    type Out = Option<usize>;

    fn with<T, P>(self, mut push: P) -> Option<usize>
    where
        T: Deserialize<'t> + Send,
        P: FnMut(T, &[T]) -> Result<()>,
    {
        let Self { text, at, segment } = self;
        let b = text.as_bytes();
        (b.get(at) == Some(&b'[')).then_some(())?;
        let first = skip(b, at + 1);
        if b.get(first) == Some(&b']') {
            return Some(first + 1);
        }
        // A segment's records into the store, and how the segment ended.
        let mut take = |(records, end): Parsed<T>| -> Option<End> {
            let mut records = records.into_iter();
            while let Some(x) = records.next() {
                push(x, records.as_slice()).ok()?;
            }
            end
        };
        let mut guesses = Guesses {
            b,
            next: guess(b, first + segment),
            segment,
        };
        // The first segment is parsed here: most collections end in it, and then no
        // thread parses past their end.
        let until = guesses.next;
        let mut true_at = match take(parse(text, first, until))? {
            End::Closed(after) => return Some(after),
            End::Next(next) => next,
        };
        let wave_len = WAVE_PER_THREAD * rayon::current_num_threads();
        let mut wave: Vec<Segment> = guesses.by_ref().take(wave_len).collect();
        let mut parsed = parse_wave(text, &wave);
        loop {
            // The next wave is parsed on rayon's threads while this one's records
            // are pushed here.
            let next_wave: Vec<Segment> = guesses.by_ref().take(wave_len).collect();
            let mut next_parsed = Vec::new();
            let taken = rayon::in_place_scope(|scope| {
                if !next_wave.is_empty() {
                    scope.spawn(|_| next_parsed = parse_wave(text, &next_wave));
                }
                for (s, p) in wave.iter().zip(parsed) {
                    // A wrong guess: this segment is parsed again from where the
                    // last one ended.
                    let p = if s.start == true_at {
                        p
                    } else {
                        parse(text, true_at, s.until)
                    };
                    match take(p)? {
                        End::Closed(after) => return Some(Some(after)),
                        End::Next(next) => true_at = next,
                    }
                }
                Some(None)
            })?;
            if let Some(after) = taken {
                return Some(after);
            }
            if next_wave.is_empty() {
                // Cannot happen: the last segment runs to the array's end (or fails).
                return None;
            }
            wave = next_wave;
            parsed = next_parsed;
        }
    }
}

/// The records parsed in a segment, and how it ended: `None` when a record did not
/// parse (or what followed one was not a comma or the array's end).
type Parsed<T> = (Vec<T>, Option<End>);

/// How a segment ended.
#[derive(Clone, Copy)]
enum End {
    /// At the array's `]`: the place after it.
    Closed(usize),
    /// At the start of the next record, at or past the segment's end.
    Next(usize),
}

/// A segment: its guessed start, and the next segment's (none for the last).
#[derive(Clone, Copy)]
struct Segment {
    start: usize,
    until: Option<usize>,
}

/// The segments after the first, each from a guess to the next.
struct Guesses<'t> {
    b: &'t [u8],
    next: Option<usize>,
    segment: usize,
}

impl Iterator for Guesses<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        let start = self.next?;
        self.next = guess(self.b, start + self.segment);
        Some(Segment {
            start,
            until: self.next,
        })
    }
}

/// The first place at or after `from` that looks like the start of a record after
/// another: a `{` after a `}` and a comma, white space between.
fn guess(b: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let close = at + b.get(at..)?.iter().position(|&c| c == b'}')?;
        let comma = skip(b, close + 1);
        if b.get(comma) == Some(&b',') {
            let open = skip(b, comma + 1);
            if b.get(open) == Some(&b'{') {
                return Some(open);
            }
        }
        at = close + 1;
    }
}

/// The records of the segments of `wave`, parsed on rayon's threads.
fn parse_wave<'t, T: Deserialize<'t> + Send>(text: &'t str, wave: &[Segment]) -> Vec<Parsed<T>> {
    wave.par_iter()
        .map(|s| parse(text, s.start, s.until))
        .collect()
}

/// The records from `start` to the first record boundary at or past `until` (or to
/// the array's end).
fn parse<'t, T: Deserialize<'t>>(text: &'t str, start: usize, until: Option<usize>) -> Parsed<T> {
    let b = text.as_bytes();
    let mut records = Vec::new();
    let mut at = start;
    loop {
        let Some((x, end)) = value::<T>(text, at) else {
            return (records, None);
        };
        if records.is_empty() {
            // Room for the records the segment holds if they are all this long.
            let span = until.map_or(0, |u| u.saturating_sub(start));
            records.reserve(span / (end - at).max(16) + 1);
        }
        records.push(x);
        at = skip(b, end);
        match b.get(at) {
            Some(b',') => {
                at = skip(b, at + 1);
                if until.is_some_and(|u| at >= u) {
                    return (records, Some(End::Next(at)));
                }
            }
            Some(b']') => return (records, Some(End::Closed(at + 1))),
            _ => return (records, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{mangle_token, mangled};
    use super::*;
    use crate::{JsonStyle, SampleConfig, sample_book};

    #[test]
    fn tiny_segments_read_the_book_the_serial_reader_reads() {
        let book = sample_book(&SampleConfig::new(7, 20)).unwrap();
        for style in [JsonStyle::Compact, JsonStyle::Pretty] {
            let text = book.to_json_with(style);
            for segment in [1, 7, 64, 300, 4096] {
                let read = read(&text, segment).expect("the plain shape").unwrap();
                assert_eq!(read, book, "{style:?}, segments of {segment}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Whatever the text, when this reader does not give up, it gives what the
        /// serial reader gives: the same book, or the same error; and on a text that
        /// makes a book it does not give up (none of the tokens makes an escaped
        /// top-level key that names a field).
        #[test]
        fn a_mangled_book_reads_in_segments_as_the_serial_reader_reads_it(
            seed in 0u64..4,
            pretty in proptest::prelude::any::<bool>(),
            at in proptest::prelude::any::<usize>(),
            cut in 0usize..16,
            insert in mangle_token(),
            segment in 1usize..400,
        ) {
            let book = sample_book(&SampleConfig::new(seed, 4)).unwrap();
            let style = if pretty { JsonStyle::Pretty } else { JsonStyle::Compact };
            let text = mangled(&book.to_json_with(style), 0, at, cut, &insert);
            let serial = super::super::serial(&text).map(|b| b.to_json());
            match read(&text, segment) {
                Some(split) => proptest::prop_assert_eq!(split.map(|b| b.to_json()), serial),
                None => proptest::prop_assert!(serial.is_err(), "gave up on a book"),
            }
        }
    }

    #[test]
    fn a_guess_inside_a_string_is_found_out() {
        // A name holding what looks like a record boundary, where a guess falls.
        let book = sample_book(&SampleConfig::new(7, 20)).unwrap();
        let text = book.to_json_with(JsonStyle::Compact);
        let first = text.find("\"name\":\"").unwrap() + 8;
        let planted = format!("{}}},{{{}", &text[..first], &text[first..]);
        let serial = super::super::serial(&planted).map(|b| b.to_json());
        for segment in 1..200 {
            let split = read(&planted, segment).map(|r| r.map(|b| b.to_json()));
            assert_eq!(split.unwrap(), serial, "segments of {segment}");
        }
    }
}
