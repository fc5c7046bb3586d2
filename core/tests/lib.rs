//! Integration tests of callwise, in one binary to keep link time down.

mod cadence;
mod calling;
mod conformance;
mod crm;
mod indexes;
mod retention_eval;
mod retention_models;
mod retention_renewal;
mod retention_rfm;
mod round_trip;
mod routine;
mod validation;
