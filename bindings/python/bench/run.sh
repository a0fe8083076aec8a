#!/usr/bin/env bash
# Every measurement of bindings/python/BENCHMARKS.md, from the repository root's parent layout
# (../shared/data/eval/clean-text/brown.txt beside the repository):
#
#   bash bindings/python/bench/run.sh [ROUNDS]
#
# Creates target/python-bench-venv (maturin, dask[distributed], and benches/compare's pinned
# rapidfuzz and symspellpy: for the benchmark only, not for CI), builds and installs the wheel,
# builds the Rust baseline (bench/rust-check) and the 150k-entity lexicon (xtask gen-scaling),
# then prints one JSON result per measurement. Not part of CI.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
rounds="${1:-3}"
brown="${BROWN:-$root/../shared/data/eval/clean-text/brown.txt}"
venv="$root/target/python-bench-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check maturin "dask[distributed]" \
  -r benches/compare/requirements.txt
export CARGO_TARGET_DIR="$root/target"
(cd bindings/python && "$venv/bin/maturin" build --release --locked --quiet --out "$root/target/python-bench-wheels")
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$root"/target/python-bench-wheels/namefix-*.whl
cargo build --quiet --release --manifest-path bindings/python/bench/rust-check/Cargo.toml
[ -f target/namefix-bench/lexicon-150k.tsv ] || cargo run --quiet -p xtask --release -- gen-scaling
"$venv/bin/python" benches/compare/baselines.py sample --sets-root tests/eval \
  --sets earnings21-asr,noiseqa-natural,human-misspellings,febrl-names --per-set 75 --out target/python-bench-sample.tsv

echo "== Rust Matcher::check, one core"
target/release/namefix-python-bench-rust-check "$brown" "$rounds"
echo "== Python check_many (all cores, then RAYON_NUM_THREADS=1)"
"$venv/bin/python" bindings/python/bench/check_many.py "$brown" "$rounds"
echo "== Dask: 1 vs 2 worker processes"
"$venv/bin/python" bindings/python/bench/dask_scaling.py "$brown" "$rounds" 16
echo "== Lookup latency on the 150k lexicon"
"$venv/bin/python" bindings/python/bench/latency.py target/namefix-bench/lexicon-150k.tsv target/python-bench-sample.tsv 100
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg)"
