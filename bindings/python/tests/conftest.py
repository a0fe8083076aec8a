"""Shared fixtures: the repository root, the namefix CLI to compare with, the bundled matcher, and
the corpus of the batch-engine tests (Dask, Spark)."""

import os
import pathlib
import shutil
import subprocess

import pytest

import namefix

ROOT = pathlib.Path(__file__).resolve().parents[3]
EVAL = ROOT / "tests" / "eval"


def corpus_records():
    """Records of real text: the seed article's lines, SQuAD paragraphs, and eval mentions in
    sentences (garbled names, some not in the bundled lexicon)."""
    texts = []
    seed = (ROOT / "tests" / "golden" / "heartstopper-bloopers.txt").read_text(encoding="utf-8")
    texts += [line for line in seed.splitlines() if line.strip()]
    paragraphs = (EVAL / "clean-text" / "squad-paragraphs.txt").read_text(encoding="utf-8")
    texts += [p for p in paragraphs.splitlines() if p.strip()][:120]
    for name in ("human-misspellings", "noiseqa-natural", "earnings21-asr"):
        lines = (EVAL / name / "mentions.tsv").read_text(encoding="utf-8").splitlines()
        texts += [f"Yesterday {line.split(chr(9))[0]} was mentioned twice." for line in lines[:100]]
    return [{"doc": i, "text": t} for i, t in enumerate(texts)]


def _cli_path():
    """The CLI binary: $NAMEFIX_CLI, else target/{release,debug}/namefix, else built now."""
    env = os.environ.get("NAMEFIX_CLI")
    if env:
        return env
    for profile in ("release", "debug"):
        p = ROOT / "target" / profile / "namefix"
        if p.exists():
            return str(p)
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.fail("no namefix CLI: set NAMEFIX_CLI or build it (cargo build -p namefix-cli)")
    subprocess.run([cargo, "build", "-p", "namefix-cli"], cwd=ROOT, check=True)
    return str(ROOT / "target" / "debug" / "namefix")


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def cli():
    path = _cli_path()

    def run(*args, stdin=None):
        args = [str(a) for a in args]
        if args and args[0] == "check":
            # JSON Lines, and exit 0 when corrections are found (the CLI's default is a
            # linter's: human-readable lines and exit 1).
            args[1:1] = ["--format", "json", "--exit-zero"]
        r = subprocess.run(
            [path, *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        assert r.returncode == 0, f"namefix {' '.join(map(str, args))}: {r.stderr}"
        return r.stdout

    return run


@pytest.fixture(scope="session")
def bundled():
    return namefix.Matcher.bundled()
