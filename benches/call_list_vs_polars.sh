#!/usr/bin/env bash
# callwise's Next Day Call Lists against a polars lazy query, side by side
# (benches/call_list_vs_polars.py): checked equal on test books, then timed.
# Makes its own virtual environment (benches/.venv-polars) with polars, maturin, numpy and
# pyarrow at the project's pins (bindings-python/requirements-dev.txt), and callwise built
# in release from this checkout; nothing else is downloaded. Arguments go to the script:
# --members N (100,000 by default; --members 300 is a smoke test of a few seconds),
# --day, --seed, --repeat.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=benches/.venv-polars
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
export VIRTUAL_ENV=$PWD/$venv PATH=$PWD/$venv/bin:$PATH
pins=$venv/.pins
grep -E '^(maturin|numpy|pyarrow|polars)==' bindings-python/requirements-dev.txt >"$pins.new"
if ! cmp -s "$pins.new" "$pins"; then
    "$venv/bin/python" -m pip install -q -r "$pins.new"
    mv "$pins.new" "$pins"
else
    rm "$pins.new"
fi
"$venv/bin/python" -m pip install -q --no-build-isolation --no-deps ./bindings-python
exec "$venv/bin/python" benches/call_list_vs_polars.py "$@"
