#!/usr/bin/env bash
# The main job: build callwise and, for the bundled sample book (the library's sample
# generator: seed 7, 1,000 members), print its summary, tomorrow's call list of its
# busiest rep, that rep's team's Power Hour pool and the churn scores. Extra arguments
# go to book-summary, for example
#   scripts/run-sample.sh --generate 100000 --seed 7
#   scripts/run-sample.sh --generate 1000000 --activities 30000000
#   scripts/run-sample.sh path/to/book.json
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo >/dev/null || { echo "cargo not found: install Rust (https://rustup.rs) first" >&2; exit 1; }
cargo run --release --locked --quiet -p callwise-examples --bin book-summary -- "$@"
