"""Type stubs of the extension module namefix._namefix (re-exported by the namefix package)."""

import os
from typing import IO, Any, Dict, Iterable, List, Literal, Mapping, Optional, Tuple, TypedDict, Union, overload

__version__: str

EntityKind = Literal[
    "person", "film", "tv", "book", "work", "org", "place", "character", "product", "event", "other"
]
MatchKind = Literal["exact", "normalized", "alias", "fuzzy", "phonetic", "partial"]

class Match(TypedDict):
    """The entity a mention means (`Matcher.lookup`)."""

    id: str
    name: str
    kind: EntityKind
    score: float
    """Calibrated confidence in [0, 1]."""
    match_kind: MatchKind
    matched_name: str
    """The name or alias that matched."""

class Correction(TypedDict):
    """One correction in a checked text (`Matcher.check`)."""

    start: int
    """UTF-8 byte offset of the span's start (as in the Rust API and the CLI)."""
    end: int
    """UTF-8 byte offset of the span's end (exclusive)."""
    char_start: int
    """Offset into the Python str: text[char_start:char_end] == original."""
    char_end: int
    original: str
    replacement: str
    """What replaces the span: the canonical name, plus any word split off its boundary."""
    id: str
    name: str
    kind: EntityKind
    score: float
    match_kind: MatchKind

class Entity(TypedDict):
    """An entity of the lexicon (`Matcher.entities`)."""

    id: str
    name: str
    aliases: List[str]
    kind: EntityKind
    weight: float

class EntityRow(TypedDict, total=False):
    """An entity given to `Matcher.from_entities` (id and name are required)."""

    id: str
    name: str
    aliases: Optional[List[str]]
    kind: Optional[str]
    weight: Optional[float]

class Options(TypedDict):
    """The keyword arguments a matcher was built with (`Matcher.options`)."""

    threshold: Optional[float]
    scan_threshold: Optional[float]
    ignore_kinds: List[str]
    ignore_ids: List[str]

EntityTuple = Union[
    Tuple[str, str],
    Tuple[str, str, Optional[Iterable[str]]],
    Tuple[str, str, Optional[Iterable[str]], Optional[str]],
    Tuple[str, str, Optional[Iterable[str]], Optional[str], Optional[float]],
]
Source = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]

class NamefixError(ValueError):
    """Base class of namefix's errors."""

class LexiconError(NamefixError):
    """A lexicon could not be read."""

    path: Optional[str]
    """The file (None for `Matcher.from_entities`)."""
    line: Optional[int]
    """1-based line of the file (or position of the entity), if the error is about one."""
    kind: Literal["parse", "duplicate_id", "empty", "too_large", "other"]
    message: str
    """The message without the file and line."""

class Matcher:
    """Finds and fixes garbled mentions of named entities. Immutable, thread-safe, picklable.

    Keyword options of every constructor:
    - threshold: lowest score `lookup` accepts (default 0.7);
    - scan_threshold: lowest score of a fuzzy fix in `check`/`fix` (default 0.85); it also
      moves the decision model's line for fuzzy fixes: lower finds more, and more wrongly;
    - ignore_kinds: kinds `check`/`fix` never propose (e.g. ["place"]);
    - ignore_ids: entity ids `check`/`fix` never propose.
    """

    def __init__(
        self,
        *,
        threshold: Optional[float] = None,
        scan_threshold: Optional[float] = None,
        ignore_kinds: Optional[Iterable[str]] = None,
        ignore_ids: Optional[Iterable[str]] = None,
    ) -> None:
        """The bundled lexicon (same as `Matcher.bundled()`)."""
    @staticmethod
    def bundled(
        *,
        threshold: Optional[float] = None,
        scan_threshold: Optional[float] = None,
        ignore_kinds: Optional[Iterable[str]] = None,
        ignore_ids: Optional[Iterable[str]] = None,
    ) -> "Matcher":
        """A matcher over the bundled lexicon (built once per process)."""
    @staticmethod
    def from_tsv(
        source: Source,
        *,
        threshold: Optional[float] = None,
        scan_threshold: Optional[float] = None,
        ignore_kinds: Optional[Iterable[str]] = None,
        ignore_ids: Optional[Iterable[str]] = None,
    ) -> "Matcher":
        """A matcher over a TSV lexicon (id, name, aliases, kind, weight), a path or an open file."""
    @staticmethod
    def from_jsonl(
        source: Source,
        *,
        threshold: Optional[float] = None,
        scan_threshold: Optional[float] = None,
        ignore_kinds: Optional[Iterable[str]] = None,
        ignore_ids: Optional[Iterable[str]] = None,
    ) -> "Matcher":
        """A matcher over a JSON Lines lexicon, a path or an open file."""
    @staticmethod
    def from_entities(
        entities: Iterable[Union[EntityRow, Mapping[str, Any], EntityTuple]],
        *,
        threshold: Optional[float] = None,
        scan_threshold: Optional[float] = None,
        ignore_kinds: Optional[Iterable[str]] = None,
        ignore_ids: Optional[Iterable[str]] = None,
    ) -> "Matcher":
        """A matcher over entities given as dicts or (id, name[, aliases[, kind[, weight]]]) tuples."""
    @overload
    def lookup(self, mention: str, top: None = None) -> Optional[Match]: ...
    @overload
    def lookup(self, mention: str, top: int) -> List[Match]: ...
    def check(self, text: str) -> List[Correction]:
        """The corrections for text, sorted by position and never overlapping."""
    def fix(self, text: str) -> str:
        """The text with every correction of `check` applied."""
    def lookup_many(self, mentions: Iterable[str]) -> List[Optional[Match]]:
        """`lookup` of each mention, on every core, without holding the GIL."""
    def check_many(self, texts: Iterable[str]) -> List[List[Correction]]:
        """`check` of each text, on every core, without holding the GIL."""
    def fix_many(self, texts: Iterable[str]) -> List[str]:
        """`fix` of each text, on every core, without holding the GIL."""
    def entities(self) -> List[Entity]:
        """The entities, in lexicon order."""
    @property
    def threshold(self) -> float:
        """The lowest score `lookup` accepts."""
    @property
    def options(self) -> Options:
        """The keyword arguments the matcher was built with."""
    @property
    def is_bundled(self) -> bool:
        """Whether the matcher is over the bundled lexicon."""
    def __len__(self) -> int:
        """Number of entities."""
    def __reduce__(self) -> Tuple[Any, Tuple[Optional[bytes], Dict[str, Any]]]: ...

def version() -> str:
    """The version of the namefix package."""

def _restore(payload: Optional[bytes], options: Mapping[str, Any]) -> Matcher: ...
