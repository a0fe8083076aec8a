"""Spark's mapInPandas on a local SparkSession: the README's Spark recipe, run as written, gives
exactly ``matcher.fix_many`` of the same texts in one process, with the bundled lexicon and with a
TSV lexicon (which travels to Spark's Python workers pickled as its entities).

Needs pyspark (with pandas and pyarrow: ``pip install -r requirements-spark.txt``) and a Java
runtime (17 or later for Spark 4). When one is missing the module is skipped with the reason,
unless NAMEFIX_REQUIRE_SPARK=1 (ci.sh sets it when Java is present), which turns the skip into a
failure so that CI cannot pass without running Spark.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest

import namefix
from conftest import EVAL, ROOT, corpus_records

README = ROOT / "bindings" / "python" / "README.md"
REQUIRED = os.environ.get("NAMEFIX_REQUIRE_SPARK") == "1"


def unavailable(reason):
    if REQUIRED:
        pytest.fail(f"NAMEFIX_REQUIRE_SPARK=1 but the Spark test cannot run: {reason}", pytrace=False)
    pytest.skip(f"Spark not available: {reason}", allow_module_level=True)


def java_problem(pyspark_version):
    """Why the Java runtime Spark would start cannot run it (None when it can). Spark's launcher
    runs $JAVA_HOME/bin/java, else `java` on PATH."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        where = f"JAVA_HOME={home} has no bin/java" if home else "`java` is not on PATH"
        return f"no Java runtime ({where}); install one, e.g. apt-get install openjdk-17-jre-headless"
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if m is None:
        return f"cannot read the version of {java}: {out.strip()!r}"
    major = int(m.group(2)) if m.group(1) == "1" else int(m.group(1))
    needed = 17 if int(pyspark_version.split(".")[0]) >= 4 else 8
    if major < needed:
        return f"pyspark {pyspark_version} needs Java {needed} or later; {java} is Java {major}"
    return None


for _module in ("pyspark", "pandas", "pyarrow"):
    try:
        __import__(_module)
    except ImportError as _e:
        unavailable(f"{_module} is not installed ({_e}); pip install -r requirements-spark.txt")

import pyspark  # noqa: E402

_problem = java_problem(pyspark.__version__)
if _problem:
    unavailable(_problem)

# PySpark 4.3 warns on every pandas UDF that it "does not yet fully support pandas >= 3.0.0"; the
# CI pins pandas 3.1.1 (requirements-ci.txt) and these tests check every output row, so the
# general warning is silenced here rather than repeated in each run's summary.
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)

# Spark's own log4j2 messages at level ERROR only (its default prints INFO and WARN lines).
LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = stderr
appender.console.type = Console
appender.console.name = stderr
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
"""


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    from pyspark.sql import SparkSession

    tmp = tmp_path_factory.mktemp("spark")
    log4j = tmp / "log4j2.properties"
    log4j.write_text(LOG4J, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        # Spark's Python workers run this interpreter (the one with namefix installed), and
        # the driver listens on the loopback interface only.
        mp.setenv("PYSPARK_PYTHON", sys.executable)
        mp.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        session = (
            SparkSession.builder.master("local[2]")
            .appName("namefix-test")
            .config("spark.driver.memory", "512m")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={log4j.as_uri()}")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.local.dir", str(tmp / "local"))
            .config("spark.sql.warehouse.dir", str(tmp / "warehouse"))
            # Several Arrow batches per partition: the function gets a real iterator.
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        try:
            yield session
        finally:
            session.stop()


@pytest.fixture(scope="module")
def records():
    return corpus_records()


@pytest.fixture(scope="module")
def df(spark, records):
    frame = spark.createDataFrame(
        [(r["doc"], r["text"]) for r in records], schema="doc long, text string"
    )
    assert frame.rdd.getNumPartitions() >= 2
    return frame


def readme_recipe():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## The same on Spark") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


BUNDLED = "namefix.Matcher.bundled()"
LEXICON = EVAL / "earnings21-asr" / "lexicon.tsv"


def run_recipe(df, lexicon):
    """Runs the README's Spark block on `df`; for the TSV lexicon, with its matcher line's
    alternative. Returns the matcher it built and the `fixed` DataFrame."""
    code = readme_recipe()
    assert code.count(BUNDLED) == 1 and "df.mapInPandas(map_in_pandas(matcher" in code
    if lexicon != "bundled":
        code = code.replace(BUNDLED, 'namefix.Matcher.from_tsv(LEXICON, ignore_kinds=["place"])')
    scope = {"__name__": "readme", "df": df, "LEXICON": LEXICON}
    exec(compile(code, str(README), "exec"), scope)
    return scope["matcher"], scope["fixed"]


@pytest.mark.parametrize("lexicon", ["bundled", "earnings21-asr"])
def test_map_in_pandas_matches_fix_many(df, records, lexicon):
    matcher, fixed = run_recipe(df, lexicon)
    assert matcher.is_bundled == (lexicon == "bundled")
    assert fixed.columns == ["doc", "text", "fixed"]

    got = sorted((r.doc, r.text, r.fixed) for r in fixed.collect())
    texts = [r["text"] for r in records]
    expected = list(zip(range(len(texts)), texts, matcher.fix_many(texts)))
    assert got == expected
    assert sum(t != f for _, t, f in got) >= 5, "the corpus has corrections"


def test_python_workers_are_other_processes(df):
    """The function runs in Spark's Python workers, not here: the matcher was unpickled there."""
    import pandas as pd

    def pids(frames):
        for _ in frames:
            yield pd.DataFrame({"pid": [os.getpid()]})

    seen = {r.pid for r in df.mapInPandas(pids, schema="pid long").collect()}
    assert seen and os.getpid() not in seen
