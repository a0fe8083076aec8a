"""Python answers are the CLI's answers: the seed article, the clean-text set and every
evaluation set in tests/eval/, compared with `namefix check/fix/lookup` run on the same input."""

import json

import pytest

import namefix
from conftest import ROOT

SEED = ROOT / "tests" / "golden" / "heartstopper-bloopers.txt"
EVAL = ROOT / "tests" / "eval"
MENTION_SETS = sorted(p.parent.name for p in EVAL.glob("*/mentions.tsv"))
CLEAN_TEXTS = sorted(EVAL.glob("clean-text/*.txt"))


def rounded(score):
    """The CLI prints scores rounded to 4 decimals."""
    return round(score, 4)


def jsonl(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def check_as_cli(text, corrections):
    """Python corrections in the CLI's JSON shape (without line/column), after checking the str
    offsets against the text."""
    rows = []
    for c in corrections:
        assert text[c["char_start"] : c["char_end"]] == c["original"]
        assert text.encode("utf-8")[c["start"] : c["end"]].decode("utf-8") == c["original"]
        rows.append(
            {
                "start": c["start"],
                "end": c["end"],
                "original": c["original"],
                "replacement": c["replacement"],
                "id": c["id"],
                "kind": c["kind"],
                "score": rounded(c["score"]),
            }
        )
    return rows


def cli_check_rows(out):
    rows = jsonl(out)
    for r in rows:
        del r["line"], r["column"], r["path"]
    return rows


def test_mention_sets_exist():
    assert MENTION_SETS, "no tests/eval/*/mentions.tsv found"
    assert CLEAN_TEXTS, "no tests/eval/clean-text/*.txt found"


@pytest.mark.parametrize("path", [SEED, *CLEAN_TEXTS], ids=lambda p: p.name)
def test_check_and_fix_bundled(cli, bundled, path):
    text = read(path)
    expected = cli_check_rows(cli("check", path))
    got = check_as_cli(text, bundled.check(text))
    assert got == expected
    assert bundled.fix(text) == cli("fix", path)
    if path == SEED:
        assert got, "the seed article has corrections"


def test_seed_check_with_threshold(cli, root):
    m = namefix.Matcher.bundled(scan_threshold=0.95)
    text = read(SEED)
    assert check_as_cli(text, m.check(text)) == cli_check_rows(cli("check", "--threshold", "0.95", SEED))
    assert m.fix(text) == cli("fix", "--threshold", "0.95", SEED)


def mentions_of(name):
    lines = read(EVAL / name / "mentions.tsv").splitlines()
    return [line.split("\t")[0] for line in lines]


def lookup_as_cli(mention, hit):
    if hit is None:
        return {"mention": mention, "id": None, "name": None, "kind": None, "score": None}
    return {
        "mention": mention,
        "id": hit["id"],
        "name": hit["name"],
        "kind": hit["kind"],
        "score": rounded(hit["score"]),
    }


@pytest.mark.parametrize("name", MENTION_SETS)
def test_lookup_eval_set(cli, name):
    lexicon = EVAL / name / "lexicon.tsv"
    mentions = mentions_of(name)
    expected = jsonl(cli("lookup", "--lexicon", lexicon, stdin="\n".join(mentions) + "\n"))
    assert len(expected) == len(mentions)
    m = namefix.Matcher.from_tsv(lexicon)
    many = m.lookup_many(mentions)
    assert [lookup_as_cli(s, h) for s, h in zip(mentions, many)] == expected
    # One at a time gives the same answers as the batch.
    step = max(1, len(mentions) // 300)
    assert [m.lookup(s) for s in mentions[::step]] == many[::step]
    assert sum(h is not None for h in many) > 0


@pytest.mark.parametrize("name", MENTION_SETS)
def test_lookup_top_and_threshold(cli, name):
    lexicon = EVAL / name / "lexicon.tsv"
    mentions = mentions_of(name)[:150]
    stdin = "\n".join(mentions) + "\n"
    expected = jsonl(cli("lookup", "--lexicon", lexicon, "--top", "3", "--threshold", "0.9", stdin=stdin))
    m = namefix.Matcher.from_tsv(lexicon, threshold=0.9)
    for s, row in zip(mentions, expected):
        cands = row.pop("candidates")
        assert lookup_as_cli(s, m.lookup(s)) == row
        got = [
            {"id": c["id"], "name": c["name"], "kind": c["kind"], "score": rounded(c["score"])}
            for c in m.lookup(s, top=3)
        ]
        assert got == cands


@pytest.mark.parametrize("name", MENTION_SETS)
def test_check_eval_set_as_text(cli, tmp_path, name):
    """The mentions, one a line, checked as a text with the set's own lexicon."""
    lexicon = EVAL / name / "lexicon.tsv"
    text = "\n".join(f"They said {s} again." for s in mentions_of(name)[:400]) + "\n"
    path = tmp_path / "mentions.txt"
    path.write_text(text, encoding="utf-8")
    m = namefix.Matcher.from_tsv(lexicon)
    expected = cli_check_rows(cli("check", "--lexicon", lexicon, path))
    assert check_as_cli(text, m.check(text)) == expected
    assert m.fix(text) == cli("fix", "--lexicon", lexicon, path)
    assert m.check_many([text]) == [m.check(text)]
