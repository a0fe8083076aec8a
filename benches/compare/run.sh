#!/usr/bin/env bash
# Comparison harness: namefix vs RapidFuzz, SymSpell (symspellpy and the Rust symspell crate) and an
# fst Levenshtein baseline.
# Not part of CI. Usage (from anywhere):  bash benches/compare/run.sh
# Environment knobs:
#   TIMING_LEXICON   lexicon for the speed/memory runs
#                    (default target/namefix-bench/lexicon-150k.tsv, else a generated stand-in)
#   SAMPLE_PER_SET   mentions per eval set in the timing sample (default 75 -> 300 lookups)
#   WRATIO_LIMIT     lookups timed for RapidFuzz WRatio (default 100; ~0.2 s each at 150k)
#   SKIP_NAMEFIX=1   do not build/run namefix
#   SKIP_TIMING=1    accuracy only
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
SETS="earnings21-asr,noiseqa-natural,human-misspellings,febrl-names"
SETS_ROOT="$ROOT/tests/eval"
WORK="$HERE/.work"
RESULTS="$HERE/results"
VENV="$HERE/.venv"
SAMPLE_PER_SET="${SAMPLE_PER_SET:-75}"
WRATIO_LIMIT="${WRATIO_LIMIT:-100}"
mkdir -p "$WORK" "$RESULTS"
rm -f "$WORK"/*.json

log() { printf '\n== %s\n' "$*" >&2; }

log "python venv ($VENV)"
if [ ! -x "$VENV/bin/python" ]; then
  PY="$(command -v python3.11 || command -v python3)"
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
PYTHON="$VENV/bin/python"

log "fst baseline (cargo build --release)"
cargo build --release --locked --manifest-path "$HERE/fst-baseline/Cargo.toml"
FST="$HERE/fst-baseline/target/release/fst-baseline"

log "symspell (Rust crate) baseline (cargo build --release)"
cargo build --release --locked --manifest-path "$HERE/symspell-baseline/Cargo.toml"
SYMSPELL_RS="$HERE/symspell-baseline/target/release/symspell-baseline"

NAMEFIX="$ROOT/target/release/namefix"
if [ "${SKIP_NAMEFIX:-0}" = 1 ]; then
  echo '{"reason": "SKIP_NAMEFIX=1"}' > "$WORK/namefix-skipped.json"
  NAMEFIX=""
else
  log "namefix CLI (cargo build --release -p namefix-cli)"
  if ! cargo build --release -p namefix-cli 2> "$WORK/namefix-build.log"; then
    tail -n 20 "$WORK/namefix-build.log" >&2
    reason="cargo build --release -p namefix-cli failed: $(grep -m1 -E '^error' "$WORK/namefix-build.log" || tail -n1 "$WORK/namefix-build.log")"
    echo "SKIPPING namefix: $reason" >&2
    "$PYTHON" -c 'import json,sys; json.dump({"reason": sys.argv[1]}, open(sys.argv[2], "w"))' "$reason" "$WORK/namefix-skipped.json"
    NAMEFIX=""
  fi
fi

# Timing lexicon: the real 150k one if present, else a stand-in of the same size.
STANDIN=false
if [ -n "${TIMING_LEXICON:-}" ]; then
  :
elif [ -f "$ROOT/target/namefix-bench/lexicon-150k.tsv" ]; then
  TIMING_LEXICON="$ROOT/target/namefix-bench/lexicon-150k.tsv"
else
  log "no target/namefix-bench/lexicon-150k.tsv: generating a 150k stand-in"
  TIMING_LEXICON="$WORK/standin-150k.tsv"
  "$PYTHON" "$HERE/make_standin.py" "$SETS_ROOT" "$TIMING_LEXICON" 150000
  STANDIN=true
fi
SAMPLE="$WORK/timing-mentions.tsv"
"$PYTHON" "$HERE/baselines.py" sample --sets-root "$SETS_ROOT" --sets "$SETS" --per-set "$SAMPLE_PER_SET" --out "$SAMPLE"
"$PYTHON" - "$TIMING_LEXICON" "$STANDIN" "$SAMPLE" > "$WORK/timing-meta.json" <<'PY'
import json, sys
n = sum(1 for l in open(sys.argv[1], encoding="utf-8") if l.strip() and not l.startswith("#"))
s = sum(1 for l in open(sys.argv[3], encoding="utf-8") if l.strip())
print(json.dumps({"lexicon": sys.argv[1], "entities": n, "standin": sys.argv[2] == "true", "sample_size": s}))
PY

log "accuracy: RapidFuzz + SymSpell (symspellpy)"
(cd "$HERE" && "$PYTHON" baselines.py accuracy --sets-root "$SETS_ROOT" --sets "$SETS" --out "$WORK/accuracy.json")

log "accuracy: fst"
"$FST" eval $(for s in ${SETS//,/ }; do echo "$s=$SETS_ROOT/$s"; done) > "$WORK/fst-eval.json"

log "accuracy: symspell (Rust crate), max_edit_distance 2 and 3"
for d in 2 3; do
  "$SYMSPELL_RS" eval --max-distance "$d" $(for s in ${SETS//,/ }; do echo "$s=$SETS_ROOT/$s"; done) \
    > "$WORK/symspell-rs-d$d-eval.json"
done

if [ -n "$NAMEFIX" ]; then
  log "namefix: accuracy + whole-run timing"
  timing_args=()
  [ "${SKIP_TIMING:-0}" = 1 ] || timing_args=(--timing-lexicon "$TIMING_LEXICON" --timing-mentions "$SAMPLE")
  (cd "$HERE" && "$PYTHON" report.py namefix --bin "$NAMEFIX" --sets-root "$SETS_ROOT" --sets "$SETS" \
     "${timing_args[@]}" --out-eval "$WORK/namefix-eval.json" --out-timing "$WORK/timing-namefix.json")
fi

if [ "${SKIP_TIMING:-0}" != 1 ]; then
  log "timing on $TIMING_LEXICON (each system in its own process)"
  if [ -n "$NAMEFIX" ]; then
    echo "-- namefix (library)" >&2
    (cd "$ROOT" && cargo run --release -q --example latency -- timing "$TIMING_LEXICON" "$SAMPLE") \
      > "$WORK/timing-namefix-lib.json"
  fi
  "$FST" timing "$TIMING_LEXICON" "$SAMPLE" > "$WORK/timing-fst.json"
  for d in 2 3; do
    echo "-- symspell-rs-d$d" >&2
    "$SYMSPELL_RS" timing --max-distance "$d" "$TIMING_LEXICON" "$SAMPLE" > "$WORK/timing-symspell-rs-d$d.json"
  done
  # The crate's other string strategy (unidecode transliteration, byte-wise edits): timing only.
  echo "-- symspell-rs-d2-ascii" >&2
  "$SYMSPELL_RS" timing --max-distance 2 --strategy ascii "$TIMING_LEXICON" "$SAMPLE" \
    > "$WORK/timing-symspell-rs-d2-ascii.json"
  for sys in symspell-d2 symspell-d3 rapidfuzz-ratio rapidfuzz-ratio+pre rapidfuzz-token_sort_ratio \
             rapidfuzz-token_sort_ratio+pre rapidfuzz-WRatio rapidfuzz-WRatio+pre; do
    limit=0
    case "$sys" in rapidfuzz-WRatio*) limit="$WRATIO_LIMIT" ;; esac
    echo "-- $sys" >&2
    (cd "$HERE" && "$PYTHON" baselines.py timing --system "$sys" --lexicon "$TIMING_LEXICON" \
       --mentions "$SAMPLE" --limit "$limit" --out "$WORK/timing-$sys.json")
  done
fi

log "merge -> $RESULTS/results.json, results.md"
VERSIONS="$("$PYTHON" - "$HERE/fst-baseline/Cargo.lock" "$HERE/symspell-baseline/Cargo.lock" <<'PY'
import json, re, subprocess, sys
from importlib.metadata import version
v = {"rapidfuzz": version("rapidfuzz"), "symspellpy": version("symspellpy")}
for crate, path in (("fst", sys.argv[1]), ("symspell", sys.argv[2])):
    m = re.search(r'name = "%s"\nversion = "([^"]+)"' % crate, open(path).read())
    v[f"{crate} (crate)"] = m.group(1) if m else "?"
v["rustc"] = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.split(" (")[0].replace("rustc ", "")
rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
v["namefix (git)"] = rev or "no commit"
print(json.dumps(v))
PY
)"
(cd "$HERE" && "$PYTHON" report.py merge --work "$WORK" --sets "$SETS" --versions "$VERSIONS" \
   --out-json "$RESULTS/results.json" --out-md "$RESULTS/results.md")
echo "wrote $RESULTS/results.json and $RESULTS/results.md" >&2
