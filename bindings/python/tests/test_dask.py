"""Batch correction on Dask: a JSON Lines corpus through dask.bag on a LocalCluster with two
worker processes gives exactly the output of a single-process run."""

import json
import os

import pytest

import namefix
from namefix.batch import check_records, fix_records
from conftest import EVAL, corpus_records

dask = pytest.importorskip("dask")
db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    records = corpus_records()
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path, records


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    ) as cluster, Client(cluster) as c:
        yield c


def test_two_worker_processes(client):
    pids = client.run(os.getpid)
    assert len(pids) == 2 and len(set(pids.values())) == 2 and os.getpid() not in pids.values()


@pytest.mark.parametrize("lexicon", ["bundled", "earnings21-asr"])
def test_bag_matches_single_process(client, corpus, lexicon):
    path, records = corpus
    if lexicon == "bundled":
        matcher = namefix.Matcher.bundled()
    else:
        matcher = namefix.Matcher.from_tsv(EVAL / lexicon / "lexicon.tsv", ignore_kinds=["place"])

    bag = db.read_text(str(path), blocksize=16_000).map(json.loads)
    assert bag.npartitions >= 4
    fixed = bag.map_partitions(fix_records, matcher).compute()
    checked = bag.map_partitions(check_records, matcher).compute()

    assert fixed == fix_records(records, matcher)
    assert checked == check_records(records, matcher)
    assert [r["fixed"] for r in fixed] == [matcher.fix(r["text"]) for r in records]
    assert sum(r["fixed"] != r["text"] for r in fixed) >= 5, "the corpus has corrections"
    # Both workers took part.
    who = bag.map_partitions(lambda part: [os.getpid()]).compute()
    assert len(set(who)) == 2


def test_bag_writes_json_lines(client, corpus, tmp_path):
    """The full recipe: read JSON Lines, fix, write JSON Lines, read back."""
    path, records = corpus
    matcher = namefix.Matcher.bundled()
    out = tmp_path / "out"
    (
        db.read_text(str(path), blocksize=16_000)
        .map(json.loads)
        .map_partitions(fix_records, matcher)
        .map(json.dumps)
        .to_textfiles(str(out / "*.jsonl"))
    )
    back = []
    for p in sorted(out.glob("*.jsonl"), key=lambda p: int(p.stem)):
        back += [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
    assert back == fix_records(records, matcher)
