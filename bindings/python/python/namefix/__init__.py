"""namefix: correct garbled mentions of named entities (ASR, OCR, typos) against a lexicon.

>>> import namefix
>>> m = namefix.Matcher.bundled()
>>> m.lookup("heart stopper")["name"]
'Heartstopper'
>>> m.fix("Charlie watches heart stopper.")
'Charlie watches Heartstopper.'

See the README of bindings/python for the API, batches (``check_many``) and Dask.
"""

from ._namefix import LexiconError, Matcher, NamefixError, __version__, version

__all__ = ["Matcher", "NamefixError", "LexiconError", "version", "__version__"]
