//! Benchmarks of callwise live in `benches/`.
