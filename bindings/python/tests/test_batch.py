"""namefix.batch: the pandas helpers behind dask.dataframe.map_partitions and Spark's
mapInPandas, fed DataFrames as those engines do."""

import pickle

import pytest

import namefix
from namefix.batch import check_records, fix_frame, fix_records, map_in_pandas

pd = pytest.importorskip("pandas")

TEXTS = [
    "We binged heart stopper; Alice Osseman wrote it.",
    "Olivia Coleman won.",
    "Nothing to fix here.",
    "",
    "Kit Conor and Joe Lock 😀 in heart stopper.",
]


def test_fix_frame(bundled):
    frame = pd.DataFrame({"doc": range(len(TEXTS)), "text": TEXTS})
    out = fix_frame(frame, bundled)
    assert list(out["fixed"]) == [bundled.fix(t) for t in TEXTS]
    assert list(out["text"]) == TEXTS and "fixed" not in frame.columns  # a copy


def test_map_in_pandas_as_spark_calls_it(bundled):
    # Spark pickles the function (cloudpickle) and calls it with an iterator of Arrow batches
    # converted to pandas DataFrames.
    fn = pickle.loads(pickle.dumps(map_in_pandas(bundled, column="body", fixed_column="clean")))
    batches = [pd.DataFrame({"body": TEXTS[:2]}), pd.DataFrame({"body": TEXTS[2:]})]
    out = pd.concat(list(fn(iter(batches))), ignore_index=True)
    assert list(out["clean"]) == bundled.fix_many(TEXTS)


def test_records(bundled):
    records = [{"doc": i, "text": t} for i, t in enumerate(TEXTS)]
    fixed = fix_records(records, bundled)
    assert [r["fixed"] for r in fixed] == bundled.fix_many(TEXTS)
    assert all("fixed" not in r for r in records)  # copies
    checked = check_records(records, bundled, corrections_key="c")
    assert [r["c"] for r in checked] == bundled.check_many(TEXTS)
    assert fix_records([], bundled) == []
    with pytest.raises(KeyError):
        fix_records([{"body": "x"}], bundled)
