#!/usr/bin/env bash
# callwise against lifetimes 0.11.3, side by side (benches/retention_vs_lifetimes.py).
# Makes its own virtual environment (benches/.venv-lifetimes): lifetimes with
# pandas < 3.1 (TOOLCHAIN.md), and callwise built in release from this checkout.
# First runs the Rust-native scoring bench (criterion) that the Python table-scoring
# figures are compared with. Pass --quick for a smaller run (seconds instead of minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=benches/.venv-lifetimes
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
export VIRTUAL_ENV=$PWD/$venv PATH=$PWD/$venv/bin:$PATH
if ! "$venv/bin/python" -c 'import lifetimes, polars' 2>/dev/null; then
    "$venv/bin/python" -m pip install -q 'lifetimes==0.11.3' 'pandas<3.1' 'maturin>=1.9.4,<2' \
        'polars==2.1.0'
fi
# glibc hands large freed blocks back to the kernel, and which process pays the page
# faults of fetching them again depends on its heap's history (criterion's loop paid
# about 18 ms per 1,000,000-row iteration that Python did not). Keeping freed memory in
# both processes compares the work, not the allocator's state.
export MALLOC_MMAP_THRESHOLD_=4000000000 MALLOC_TRIM_THRESHOLD_=4000000000 MALLOC_TOP_PAD_=200000000
customers=1000000
if [[ " $* " == *" --quick "* ]]; then customers=100000; fi
CALLWISE_BENCH_CUSTOMERS=$customers cargo bench -q -p callwise-benches --bench retention -- \
    'retention/score/bg_nbd_score_table' >/dev/null
"$venv/bin/python" -m pip install -q --no-build-isolation ./bindings-python
exec "$venv/bin/python" -W ignore benches/retention_vs_lifetimes.py "$@"
