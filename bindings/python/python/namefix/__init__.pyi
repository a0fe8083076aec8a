from ._namefix import (
    Correction as Correction,
    Entity as Entity,
    EntityKind as EntityKind,
    EntityRow as EntityRow,
    LexiconError as LexiconError,
    Match as Match,
    MatchKind as MatchKind,
    Matcher as Matcher,
    NamefixError as NamefixError,
    Options as Options,
    __version__ as __version__,
    version as version,
)

__all__ = ["Matcher", "NamefixError", "LexiconError", "version", "__version__"]
