//! The book: its JSON, validation, indexes and the shared conformance fixture.

pub(crate) mod appends;
mod conformance;
mod indexes;
mod json_stream;
mod readers;
mod round_trip;
mod sample;
mod validation;
