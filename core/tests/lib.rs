//! Integration tests of callwise, in one binary to keep link time down.

mod conformance;
mod round_trip;
mod validation;
