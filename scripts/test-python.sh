#!/usr/bin/env bash
# Builds the Python binding (release, abi3) into the repository's .venv and checks it:
# ruff lint and format, mypy (strict), mypy.stubtest of the hand-written stubs, pytest.
#
# Works from a fresh clone (creates .venv and installs the pinned tools from
# bindings-python/requirements-dev.txt) and is quick when run again (the tools are
# reinstalled only when that file changes; cargo rebuilds only what changed).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
pkg=bindings-python
venv=$root/.venv

section() { printf '\n==> %s\n' "$*"; }

section "Python environment ($venv)"
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
# As `activate` does: maturin's build backend runs the `maturin` found on PATH.
export VIRTUAL_ENV=$venv
export PATH=$venv/bin:$PATH
py=$venv/bin/python
"$py" --version
stamp=$venv/.callwise-dev-requirements
if ! cmp -s "$pkg/requirements-dev.txt" "$stamp"; then
    "$py" -m pip install -q -r "$pkg/requirements-dev.txt"
    cp "$pkg/requirements-dev.txt" "$stamp"
else
    echo "pinned tools already installed"
fi

section "Build and install callwise (maturin, release)"
# The build backend (maturin) is already in the venv at its pinned version, so build
# isolation would only download it again.
"$py" -m pip install -q --no-build-isolation --no-deps "./$pkg"
"$py" -c 'import callwise; print("callwise", callwise.__version__, "from", callwise.__file__)'

section "ruff check"
"$venv/bin/ruff" check "$pkg"

section "ruff format --check"
"$venv/bin/ruff" format --check "$pkg"

section "mypy --strict (package sources, stubs and tests)"
"$py" -m mypy --config-file "$pkg/pyproject.toml" "$pkg/python" "$pkg/tests"

section "mypy.stubtest callwise (the hand-written stubs against the built module)"
# Checks the installed package (the repository root holds no `callwise` folder).
"$py" -m mypy.stubtest callwise \
    --mypy-config-file "$pkg/pyproject.toml" --allowlist "$pkg/stubtest-allowlist.txt"

section "pytest"
"$py" -m pytest "$pkg/tests"
