#!/usr/bin/env bash
# Builds the Python binding (release, abi3) into the repository's .venv and checks it:
# ruff lint and format, mypy (strict), mypy.stubtest of the hand-written stubs, pytest.
# The Python examples (examples/python) are linted, type-checked and run by the tests too.
#
# Works from a fresh clone (creates .venv and installs the pinned tools from
# bindings-python/requirements-dev.txt) and is quick when run again (the tools are
# reinstalled only when that file changes; cargo rebuilds only what changed).
set -euo pipefail
source "$(dirname "$0")/python-env.sh"

python_env
install_callwise

section "ruff check"
"$venv/bin/ruff" check "$pkg" examples/python

section "ruff format --check"
"$venv/bin/ruff" format --check "$pkg" examples/python

section "mypy --strict (package sources, stubs, tests and examples)"
# In one run: the tests import the examples as top-level modules.
"$py" -m mypy --config-file "$pkg/pyproject.toml" "$pkg/python" "$pkg/tests" examples/python

section "mypy.stubtest callwise (the hand-written stubs against the built module)"
# Checks the installed package (the repository root holds no `callwise` folder).
"$py" -m mypy.stubtest callwise \
    --mypy-config-file "$pkg/pyproject.toml" --allowlist "$pkg/stubtest-allowlist.txt"

section "pytest"
"$py" -m pytest "$pkg/tests"
