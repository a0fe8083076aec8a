#!/usr/bin/env bash
# Builds the namefix wheel (maturin, abi3) and runs the Python tests (pytest: the API, the CLI
# equivalence on the seed article and tests/eval, the README's quick start, and a Dask
# LocalCluster with two worker processes). Called by .ci/run; runs on its own from any directory:
#
#   bash bindings/python/ci.sh
#
# Knobs: PYTHON (default python3, >= 3.9), NAMEFIX_PY_VENV (default target/python-ci-venv),
# NAMEFIX_CLI (the CLI to compare with; default: built here with `cargo build -p namefix-cli`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
start=$(date +%s)
say() { echo "--- python: $* ($(( $(date +%s) - start ))s)"; }

venv="${NAMEFIX_PY_VENV:-$root/target/python-ci-venv}"
python="${PYTHON:-python3}"
say "venv $venv ($("$python" --version 2>&1))"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-ci.txt"

if [ -z "${NAMEFIX_CLI:-}" ]; then
  say "the CLI to compare with (cargo build -p namefix-cli)"
  cargo build --quiet -p namefix-cli
  export NAMEFIX_CLI="$root/target/debug/namefix"
fi

say "maturin build --release"
# The root target folder: the release builds of the shared dependencies (from `cargo bench` in
# .ci/run) are reused.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
wheels="$root/target/python-wheels"
rm -rf "$wheels"
(cd "$here" && "$venv/bin/maturin" build --release --locked --quiet --out "$wheels")
wheel=$(ls "$wheels"/namefix-*.whl)
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"

say "pytest"
# From bindings/python (no `namefix` folder there), so `import namefix` is the installed wheel. pytest's exit code is the
# step's: 1 (failures), 2-4 (errors) and 5 (no test ran) all fail CI.
cd "$here"
"$venv/bin/python" -m pytest -p no:cacheprovider -q tests
say "done"
