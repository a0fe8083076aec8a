"""Helpers for batch engines (Dask, Spark, multiprocessing): one call per partition.

Each function takes a partition (a list of records or a pandas DataFrame) and a
:class:`namefix.Matcher`, and hands the whole partition to ``check_many`` / ``fix_many``, which
use every core of the worker without holding the GIL. They only move data: every answer comes
from the matcher. A pickled matcher is re-created once per worker process (see
``Matcher.__reduce__``).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, Iterator, List

from ._namefix import Matcher

__all__ = ["fix_records", "check_records", "fix_frame", "map_in_pandas"]


def fix_records(
    records: Iterable[Dict[str, Any]],
    matcher: Matcher,
    text_key: str = "text",
    fixed_key: str = "fixed",
) -> List[Dict[str, Any]]:
    """Copies of the records with ``fixed_key`` set to ``Matcher.fix`` of ``text_key``."""
    records = [dict(r) for r in records]
    for r, fixed in zip(records, matcher.fix_many([r[text_key] for r in records])):
        r[fixed_key] = fixed
    return records


def check_records(
    records: Iterable[Dict[str, Any]],
    matcher: Matcher,
    text_key: str = "text",
    corrections_key: str = "corrections",
) -> List[Dict[str, Any]]:
    """Copies of the records with ``corrections_key`` set to ``Matcher.check`` of ``text_key``
    (a list of dicts with byte and str offsets)."""
    records = [dict(r) for r in records]
    for r, found in zip(records, matcher.check_many([r[text_key] for r in records])):
        r[corrections_key] = found
    return records


def fix_frame(frame: Any, matcher: Matcher, column: str = "text", fixed_column: str = "fixed") -> Any:
    """A copy of the pandas DataFrame ``frame`` with ``fixed_column`` holding ``fix_many`` of
    ``column`` (for ``dask.dataframe.map_partitions`` or Spark's ``mapInPandas``)."""
    out = frame.copy()
    out[fixed_column] = matcher.fix_many(list(frame[column]))
    return out


class _FixBatches:
    """What ``map_in_pandas`` returns: a picklable callable over an iterator of DataFrames."""

    def __init__(self, matcher: Matcher, column: str, fixed_column: str) -> None:
        self.matcher = matcher
        self.column = column
        self.fixed_column = fixed_column

    def __call__(self, frames: Iterable[Any]) -> Iterator[Any]:
        for frame in frames:
            yield fix_frame(frame, self.matcher, column=self.column, fixed_column=self.fixed_column)


def map_in_pandas(
    matcher: Matcher, column: str = "text", fixed_column: str = "fixed"
) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """The function for Spark's ``DataFrame.mapInPandas``: it takes an iterator of pandas
    DataFrames and yields each with ``fixed_column`` holding ``fix_many`` of ``column``.

    ``df.mapInPandas(map_in_pandas(matcher), schema="doc long, text string, fixed string")``
    (the schema: the input's columns plus ``fixed_column`` as a string)
    """
    return _FixBatches(matcher, column, fixed_column)
