#!/usr/bin/env bash
# Sets everything up and runs every test: Rust, Python and Kotlin.
# Needs Rust (cargo), Python 3.9+ and a JDK 17 with Maven on the PATH; everything else
# (the Python virtual environment, maturin, pytest, the Kotlin compiler, JNA, JUnit) is
# installed by the scripts below into .venv/ and Maven's local repository.
set -euo pipefail
cd "$(dirname "$0")/.."
section() { printf '\n==> %s\n' "$*"; }
for tool in cargo python3 mvn java; do
  command -v "$tool" >/dev/null || { echo "$tool not found on PATH" >&2; exit 1; }
done

section "Rust: unit, integration, property and doc tests (core, Kotlin binding, examples)"
cargo test --locked

section "Rust: benchmarks build and run once on a small book (smoke, not timed)"
CALLWISE_BENCH_MEMBERS=200 CALLWISE_BENCH_CUSTOMERS=10000 CALLWISE_BENCH_TRANSACTIONS=20000 CALLWISE_BENCH_ENROLLMENTS=2000 CALLWISE_BENCH_JOURNAL=2000 cargo test --locked --release -p callwise-benches --benches

section "Python binding"
bash scripts/test-python.sh

section "Kotlin binding"
bash scripts/test-kotlin.sh

section "Fuzz: every target of fuzz/ for 20 s from its seeds (nightly, cargo-fuzz)"
bash scripts/fuzz.sh 20

section "all tests passed"
