# Sourced by the Python scripts (test-python.sh, run-plots.sh): the repository's .venv
# with the pinned tools of bindings-python/requirements-dev.txt, and callwise built into
# it. Works from a fresh clone (creates .venv; needs python3 3.9+ and cargo on the PATH)
# and is quick when run again (the tools are reinstalled only when that file changes;
# cargo rebuilds only what changed).
#
#   source scripts/python-env.sh   # sets root, pkg, venv, py and section; cds to root
#   python_env                     # create .venv, install the pinned tools
#   install_callwise               # build callwise (maturin, release) into .venv

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
pkg=bindings-python
venv=$root/.venv
py=$venv/bin/python

section() { printf '\n==> %s\n' "$*"; }

python_env() {
    section "Python environment ($venv)"
    local tool
    for tool in python3 cargo; do
        command -v "$tool" >/dev/null || { echo "$tool not found on PATH" >&2; return 1; }
    done
    if [[ ! -x $py ]]; then
        python3 -m venv "$venv"
    fi
    # As `activate` does: maturin's build backend runs the `maturin` found on PATH.
    export VIRTUAL_ENV=$venv
    export PATH=$venv/bin:$PATH
    "$py" --version
    local stamp=$venv/.callwise-dev-requirements
    if ! cmp -s "$pkg/requirements-dev.txt" "$stamp"; then
        "$py" -m pip install -q -r "$pkg/requirements-dev.txt"
        cp "$pkg/requirements-dev.txt" "$stamp"
    else
        echo "pinned tools already installed"
    fi
}

install_callwise() {
    section "Build and install callwise (maturin, release)"
    # The build backend (maturin) is already in the venv at its pinned version, so build
    # isolation would only download it again.
    "$py" -m pip install -q --no-build-isolation --no-deps "./$pkg"
    "$py" -c 'import callwise; print("callwise", callwise.__version__, "from", callwise.__file__)'
}
