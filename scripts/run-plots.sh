#!/usr/bin/env bash
# Draws the retention plots of the bundled sample book as PNG files: the sBG survival
# curve against the members' observed (Kaplan-Meier) survival, and the renewal model's
# cumulative gains and lift. Sets up .venv and builds callwise first, as
# scripts/test-python.sh does (needs python3 3.9+ and cargo on the PATH).
#
#   scripts/run-plots.sh                      # into the repository's target/plots
#   scripts/run-plots.sh --out DIR [--members N] [--seed S]
set -euo pipefail
caller=$(pwd)  # a relative --out is relative to where the script was run from
source "$(dirname "$0")/python-env.sh"

python_env
install_callwise

section "Retention plots (examples/python/retention_plots.py)"
cd "$caller"
"$py" "$root/examples/python/retention_plots.py" --out "$root/target/plots" "$@"
