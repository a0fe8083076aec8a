#!/usr/bin/env bash
# Builds the namefix wheel (maturin, abi3) and runs the Python tests (pytest: the API, the CLI
# equivalence on the seed article and tests/eval, the README's quick start, a Dask LocalCluster
# with two worker processes, and Spark's mapInPandas on a local SparkSession). Called by .ci/run;
# runs on its own from any directory:
#
#   bash bindings/python/ci.sh
#
# Knobs: PYTHON (default python3, >= 3.9; >= 3.11 for the Spark test), NAMEFIX_PY_VENV (default
# target/python-ci-venv), NAMEFIX_CLI (the CLI to compare with; default: built here with
# `cargo build -p namefix-cli`), JAVA_HOME (the Java runtime Spark starts; default `java` on PATH).
#
# Spark needs Java 17 or later: the one present is used; without one, openjdk-17-jre-headless is
# installed with apt-get; if that fails (or Python < 3.11), the Spark test is skipped and the reason
# printed. Otherwise pyspark is installed and NAMEFIX_REQUIRE_SPARK=1 makes a skipped Spark test a
# failure.
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

# The Java runtime Spark's launcher runs: $JAVA_HOME/bin/java, else `java` on PATH.
spark_java() {
  if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME/bin/java"; else command -v java || true; fi
}
# The major version: `openjdk version "17.0.15"` gives 17, `java version "1.8.0_402"` gives 8.
java_major() {
  "$1" -version 2>&1 |
    awk -F'"' '/version "/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}
java_ok() {
  local java major
  java=$(spark_java)
  [ -n "$java" ] && [ -x "$java" ] || return 1
  major=$(java_major "$java")
  [ -n "$major" ] && [ "$major" -ge 17 ]
}
spark_skip=""
pyver=$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  spark_skip="pyspark 4.3 (requirements-spark.txt) needs Python >= 3.11; the venv has Python $pyver"
elif ! java_ok; then
  found=$(spark_java)
  if [ -z "$found" ]; then have="no java on PATH"
  elif [ -x "$found" ]; then have="$found is Java $(java_major "$found")"
  else have="no $found"; fi
  say "Spark needs Java >= 17 ($have): apt-get install openjdk-17-jre-headless"
  apt_log=$(mktemp)
  if (export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless) >"$apt_log" 2>&1; then
    export JAVA_HOME="/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)"
    java_ok || spark_skip="openjdk-17-jre-headless was installed but $JAVA_HOME/bin/java does not run"
  else
    spark_skip="no Java >= 17, and apt-get install openjdk-17-jre-headless failed: $(tail -n 1 "$apt_log")"
  fi
  rm -f "$apt_log"
fi
if [ -z "$spark_skip" ]; then
  say "pyspark (requirements-spark.txt) for Spark on $(spark_java), Java $(java_major "$(spark_java)")"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-spark.txt"
  export NAMEFIX_REQUIRE_SPARK=1
else
  echo "!!! python: SKIPPING the Spark test (tests/test_spark.py): $spark_skip"
fi

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
# -rs: the reason of any skipped test is printed.
"$venv/bin/python" -m pytest -p no:cacheprovider -q -rs tests
if [ -n "$spark_skip" ]; then
  echo "!!! python: the Spark test (tests/test_spark.py) was SKIPPED: $spark_skip"
fi
say "done"
