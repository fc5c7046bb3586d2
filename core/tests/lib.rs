//! Integration tests of callwise, in one binary to keep link time down. The modules
//! mirror the crate's: `book`, `calling`, `routine`, `cadence`, `crm`, `retention`, `store`.

mod book;
mod cadence;
mod call_list;
mod calling;
mod crm;
mod fixtures;
mod fuzz_regressions;
mod retention;
mod routine;
mod store;
mod team;
