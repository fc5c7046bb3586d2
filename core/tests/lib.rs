//! Integration tests of callwise, in one binary to keep link time down.

mod conformance;
mod indexes;
mod retention_models;
mod round_trip;
mod validation;
