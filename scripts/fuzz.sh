#!/usr/bin/env bash
# Builds callwise's fuzz targets (fuzz/, cargo fuzz with libFuzzer on the nightly
# toolchain) and runs each for SECONDS (default 20) from its seed corpus under
# fuzz/corpus/<target>/. Any crash, broken promise, input slower than the time limit or
# memory blow-up fails the run and leaves the input under fuzz/artifacts/<target>/.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Needs rustup with a nightly toolchain; installs cargo-fuzz (pinned below) with
# `cargo install` when it is missing. What the fuzzer finds on the way is kept in
# fuzz/target/corpus/<target>/, started afresh each run; the committed seeds are not
# touched. To reproduce a crash: cargo +nightly fuzz run -s none <target> <artifact>
# (from fuzz/).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

CARGO_FUZZ_VERSION=0.13.2
SECONDS_EACH=${1:-20}
shift || true
# An input that takes longer than this (seconds) is a hang: every loop that input
# controls is bounded, and every target's inputs are small.
# A fixed seed: each run mutates the seeds the same way, so CI explores the inputs a
# developer explored before landing (as far as the time allows) instead of new ones;
# finding new inputs is for longer runs (`scripts/fuzz.sh 600 TARGET`).
PER_INPUT_TIMEOUT=10

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz: installing the nightly toolchain (cargo fuzz needs it)" >&2
  rustup toolchain install nightly --profile minimal
fi
if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION" >&2
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi

# The fuzz crate's own Cargo.lock is committed: refuse to build if it is out of date.
cargo +nightly metadata --locked --format-version 1 >/dev/null

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

# No sanitizer: callwise is safe Rust (#![forbid(unsafe_code)]), so AddressSanitizer
# would add build and run time and find nothing; debug assertions and overflow checks
# stay on (-a).
build=(-s none -a)
cargo +nightly fuzz build "${build[@]}"

failed=()
for target in "${targets[@]}"; do
  work=target/corpus/$target
  rm -rf "$work"
  mkdir -p "$work" "artifacts/$target" "corpus/$target"
  log=target/fuzz-$target.log
  printf 'fuzz: %-18s %ss ... ' "$target" "$SECONDS_EACH"
  if cargo +nightly fuzz run "${build[@]}" "$target" "$work" "corpus/$target" -- \
      -seed=1 -max_total_time="$SECONDS_EACH" -timeout="$PER_INPUT_TIMEOUT" -rss_limit_mb=2048 \
      -artifact_prefix="artifacts/$target/" -print_final_stats=1 >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "ok, ${runs:-?} inputs"
  else
    echo "FAILED"
    grep -E -A 20 "panicked|ERROR: libFuzzer|deadly signal|Test unit written" "$log" | head -60 >&2 || tail -40 "$log" >&2
    echo "fuzz: the whole log is fuzz/$log; the input is under fuzz/artifacts/$target/" >&2
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} of ${#targets[@]} targets failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${SECONDS_EACH}s each, no crash"
