"""The Python API: constructors, options, offsets, batches, pickling, and bad input."""

import io
import json
import pickle
import threading

import pytest

import namefix
from conftest import ROOT

FEBRL = ROOT / "tests" / "eval" / "febrl-names" / "lexicon.tsv"
SMALL = [
    ("tv:hs", "Heartstopper", [], "tv", 100),
    ("p:ao", "Alice Oseman", [], "person", 50),
    ("tv:hv", "Happy Valley", [], "tv", 80),
    ("c:lv", "Liverpool", [], "place", 90),
]


def test_quick_start(bundled):
    hit = bundled.lookup("heart stopper")
    assert hit["name"] == "Heartstopper" and hit["kind"] == "tv"
    assert 0.0 < hit["score"] <= 1.0
    assert bundled.fix("Charlie watches heart stopper.") == "Charlie watches Heartstopper."
    assert bundled.lookup("qwxz zzkq vvv") is None
    assert len(bundled) > 100_000 and bundled.is_bundled
    assert namefix.__version__ == namefix.version()


def test_str_offsets_with_wide_characters():
    m = namefix.Matcher.from_entities(SMALL)
    text = "😀 é 漢字 — heart stopper is by Alice Osseman, who likes Happy Valleyand more."
    found = m.check(text)
    assert [(c["original"], c["replacement"]) for c in found] == [
        ("heart stopper", "Heartstopper"),
        ("Alice Osseman", "Alice Oseman"),
        ("Happy Valleyand", "Happy Valley and"),
    ]
    raw = text.encode("utf-8")
    for c in found:
        assert text[c["char_start"] : c["char_end"]] == c["original"]
        assert raw[c["start"] : c["end"]].decode("utf-8") == c["original"]
        assert c["start"] > c["char_start"]  # the emoji, é and 漢字 take more bytes than chars
    # Applying the corrections by str offsets gives fix().
    out = text
    for c in reversed(found):
        out = out[: c["char_start"]] + c["replacement"] + out[c["char_end"] :]
    assert out == m.fix(text)


def test_text_passes_through_untouched(bundled):
    for text in ["", " ", "\n\n", "plain words only.", "\u0000\u200b\ufeff odd \r\n chars", "x" * 100_000]:
        assert bundled.fix(text) == text or bundled.check(text)
        assert bundled.check_many([text]) == [bundled.check(text)]


def test_many_equal_one_at_a_time(bundled):
    texts = ["Olivia Coleman starred.", "", "heart stopper and Joe Lock", "nothing here"] * 10
    assert bundled.check_many(texts) == [bundled.check(t) for t in texts]
    assert bundled.fix_many(texts) == [bundled.fix(t) for t in texts]
    assert bundled.fix_many(tuple(texts)) == bundled.fix_many(iter(texts))
    mentions = ["heart stopper", "Olivia Coleman", "qqqq", "Kit Conor", ""]
    assert bundled.lookup_many(mentions) == [bundled.lookup(s) for s in mentions]
    assert bundled.lookup_many([]) == [] and bundled.check_many([]) == [] and bundled.fix_many([]) == []


def test_top_candidates(bundled):
    cands = bundled.lookup("Olivia Coleman", top=3)
    assert 1 <= len(cands) <= 3
    assert cands[0]["name"] == "Olivia Colman"
    assert [c["score"] for c in cands] == sorted((c["score"] for c in cands), reverse=True)
    assert bundled.lookup("Olivia Coleman", top=0) == []


def test_options():
    text = "heart stopper is filmed near Liverpol and by Alice Osseman."
    base = namefix.Matcher.from_entities(SMALL)
    ids = [c["id"] for c in base.check(text)]
    assert "tv:hs" in ids and "p:ao" in ids
    no_tv = namefix.Matcher.from_entities(SMALL, ignore_kinds=["tv"])
    assert all(c["kind"] != "tv" for c in no_tv.check(text))
    no_ao = namefix.Matcher.from_entities(SMALL, ignore_ids=["p:ao"])
    assert "p:ao" not in [c["id"] for c in no_ao.check(text)]
    strict = namefix.Matcher.from_entities(SMALL, threshold=0.99, scan_threshold=1.0)
    assert strict.threshold == pytest.approx(0.99)
    assert len(strict.check(text)) <= len(base.check(text))
    assert strict.options["ignore_kinds"] == [] and strict.options["threshold"] == pytest.approx(0.99)
    with pytest.raises(namefix.NamefixError, match="planet"):
        namefix.Matcher.bundled(ignore_kinds=["planet"])
    with pytest.raises(TypeError, match="not a single str"):
        namefix.Matcher.bundled(ignore_ids="p:ao")
    with pytest.raises(TypeError):
        namefix.Matcher.bundled(threshold="high")


def test_constructors_agree(tmp_path):
    tsv = "".join(f"{i}\t{n}\t{'|'.join(a)}\t{k}\t{w}\n" for i, n, a, k, w in SMALL)
    (tmp_path / "lex.tsv").write_text(tsv, encoding="utf-8")
    jsonl = "".join(
        json.dumps({"id": i, "name": n, "aliases": a, "kind": k, "weight": w}) + "\n" for i, n, a, k, w in SMALL
    )
    (tmp_path / "lex.jsonl").write_text(jsonl, encoding="utf-8")
    ms = [
        namefix.Matcher.from_entities(SMALL),
        namefix.Matcher.from_entities([{"id": i, "name": n, "aliases": a, "kind": k, "weight": w} for i, n, a, k, w in SMALL]),
        namefix.Matcher.from_tsv(tmp_path / "lex.tsv"),
        namefix.Matcher.from_tsv(str(tmp_path / "lex.tsv")),
        namefix.Matcher.from_tsv(io.StringIO(tsv)),
        namefix.Matcher.from_tsv(io.BytesIO(tsv.encode())),
        namefix.Matcher.from_jsonl(tmp_path / "lex.jsonl"),
    ]
    text = "heart stopper, Alice Osseman, Happy Valleyand Liverpol"
    for m in ms:
        assert m.entities() == ms[0].entities()
        assert m.check(text) == ms[0].check(text)


def test_pickle_round_trip(bundled):
    text = "heart stopper is by Alice Osseman near Liverpol."
    for m in [
        bundled,
        namefix.Matcher.bundled(threshold=0.8, scan_threshold=0.9, ignore_kinds=["place"], ignore_ids=["x"]),
        namefix.Matcher.from_entities(SMALL, ignore_kinds=["tv"]),
        namefix.Matcher.from_tsv(FEBRL, threshold=0.75),
    ]:
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
            back = pickle.loads(pickle.dumps(m, protocol=protocol))
            assert back.options == m.options
            assert back.threshold == m.threshold
            assert len(back) == len(m)
            assert back.check(text) == m.check(text)
            assert back.lookup("Alice Osman") == m.lookup("Alice Osman")
    small = namefix.Matcher.from_entities(SMALL)
    assert pickle.loads(pickle.dumps(small)).entities() == small.entities()


def test_lexicon_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tAlpha\t\tperson\t1\nb\tBeta\t\tplanet\t1\n", encoding="utf-8")
    with pytest.raises(namefix.LexiconError) as e:
        namefix.Matcher.from_tsv(bad)
    assert isinstance(e.value, ValueError) and isinstance(e.value, namefix.NamefixError)
    assert e.value.line == 2 and e.value.path == str(bad) and e.value.kind == "parse"
    assert str(e.value).startswith(f"{bad}:2: ") and "planet" in str(e.value)

    dup = tmp_path / "dup.jsonl"
    dup.write_text('{"id": "a", "name": "A"}\n{"id": "a", "name": "B"}\n', encoding="utf-8")
    with pytest.raises(namefix.LexiconError) as e:
        namefix.Matcher.from_jsonl(dup)
    assert (e.value.line, e.value.kind) == (2, "duplicate_id")

    bad_utf8 = tmp_path / "latin1.tsv"
    bad_utf8.write_bytes("a\tCaf\xe9\n".encode("latin-1"))
    with pytest.raises(namefix.LexiconError, match="invalid UTF-8 at byte offset 5"):
        namefix.Matcher.from_tsv(bad_utf8)

    with pytest.raises(namefix.LexiconError) as e:
        namefix.Matcher.from_entities([("a", "Alpha"), ("b", "  ")])
    assert e.value.line == 2 and e.value.kind == "empty"


def test_bad_input_raises_clear_exceptions(tmp_path, bundled):
    with pytest.raises(FileNotFoundError, match="missing.tsv"):
        namefix.Matcher.from_tsv(tmp_path / "missing.tsv")
    with pytest.raises(IsADirectoryError):
        namefix.Matcher.from_tsv(tmp_path)
    f = open(FEBRL, encoding="utf-8")
    f.close()
    with pytest.raises(ValueError, match="closed file"):
        namefix.Matcher.from_tsv(f)
    with pytest.raises(TypeError, match="path"):
        namefix.Matcher.from_tsv(42)
    with pytest.raises(TypeError, match="text must be str, not int"):
        bundled.check(42)
    with pytest.raises(TypeError, match="text must be str, not bytes"):
        bundled.fix(b"heart stopper")
    with pytest.raises(TypeError, match="mention must be str, not NoneType"):
        bundled.lookup(None)
    with pytest.raises(TypeError, match=r"texts\[1\] must be str, not int"):
        bundled.check_many(["ok", 3])
    with pytest.raises(TypeError, match="not a single str"):
        bundled.fix_many("heart stopper")
    with pytest.raises(TypeError):
        bundled.lookup_many(5)
    with pytest.raises(UnicodeEncodeError):
        bundled.check("lone surrogate \ud800 here")
    with pytest.raises(TypeError, match="entity 2"):
        namefix.Matcher.from_entities([("a", "Alpha"), ("b",)])
    with pytest.raises(TypeError, match="unknown field"):
        namefix.Matcher.from_entities([{"id": "a", "name": "A", "colour": "red"}])
    with pytest.raises(TypeError, match="not a str"):
        namefix.Matcher.from_entities("a\tAlpha\n")
    with pytest.raises(ValueError, match="top must be 0 or more, not -1"):
        bundled.lookup("x", top=-1)
    with pytest.raises(TypeError):
        bundled.lookup("x", top="3")


def test_threads_share_a_matcher(bundled):
    texts = ["heart stopper by Alice Osseman"] * 50
    expected = bundled.fix_many(texts)
    results = []

    def work():
        results.append(bundled.fix_many(texts))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_stubs_name_every_public_item():
    import ast

    stub = ast.parse((ROOT / "bindings" / "python" / "python" / "namefix" / "_namefix.pyi").read_text())
    classes = {n.name: n for n in stub.body if isinstance(n, ast.ClassDef)}
    stubbed = {n.name for n in classes["Matcher"].body if isinstance(n, ast.FunctionDef)}
    public = {a for a in dir(namefix.Matcher) if not a.startswith("_")} | {"__init__", "__len__", "__reduce__"}
    assert public == stubbed
    top = {n.name for n in stub.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert set(namefix.__all__) - {"__version__"} <= top


def test_huge_top_and_long_inputs(bundled):
    assert bundled.lookup("Olivia Coleman", top=10**12)[0]["name"] == "Olivia Colman"
    long_mention = "Olivia " * 5000
    bundled.lookup(long_mention)  # answers (None or a match) without failing
    text = "heart stopper. " * 20_000
    fixed = bundled.fix(text)
    assert fixed == "Heartstopper. " * 20_000


@pytest.mark.parametrize("method", ["check_many", "fix_many"])
def test_many_release_the_gil(bundled, method):
    """Another Python thread runs while a batch is being scanned."""
    import time

    texts = ["Yesterday heart stopper by Alice Osseman was on again, said Olivia Coleman. " * 20] * 600
    span = []

    def work():
        t0 = time.perf_counter()
        getattr(bundled, method)(texts)
        span.extend([t0, time.perf_counter()])

    worker = threading.Thread(target=work)
    stamps = []
    worker.start()
    while worker.is_alive():
        stamps.append(time.perf_counter())
    worker.join()
    t0, t1 = span
    middle = [s for s in stamps if t0 + 0.25 * (t1 - t0) < s < t1 - 0.25 * (t1 - t0)]
    assert t1 - t0 > 0.05 and middle, f"no Python ran during {t1 - t0:.2f}s of {method}"
