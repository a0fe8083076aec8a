#!/usr/bin/env python3
"""Generate data/proper.bin: the words an English dictionary writes only with a capital.

Source: SCOWL (Spell Checker Oriented Word Lists, Kevin Atkinson; permissive license, see
data/README.md and data/licenses/SCOWL.txt) as packaged by Debian: `wamerican-huge`, version
2020.12.07-2, file /usr/share/dict/american-english-huge (348,454 entries: words, and proper
names written with their capitals). Usage, from the repository root:

    apt-get download wamerican-huge=2020.12.07-2
    dpkg-deb -x wamerican-huge_2020.12.07-2_all.deb /tmp/wamerican-huge
    python3 tools/gen_proper.py /tmp/wamerican-huge/usr/share/dict/american-english-huge
    # (a second argument names the output; default data/proper.bin)

Rules: skip entries with an apostrophe (possessives); fold each entry as the scanner folds a
word (NFKD, combining marks dropped, lowercase); a folded form is kept when some entry writes
it with a capital ("Angeles", "Geelong", "Tyndale", "NASA") and no entry writes it all in
lowercase ("mark" and "Mark", "telnet" and "Telnet" are both entries: not kept). Each kept form
is hashed as tools/gen_attested.py hashes (64-bit FNV-1a of the UTF-8 bytes, folded to 32 bits
as `h ^ (h >> 32)`); the distinct hashes are sorted and written as:

    magic  b"NFXPRP1\\0"
    u32    count (little-endian)
    count  LEB128 varints: the first hash, then each difference from the previous one

The scanner asks whether a word written in lowercase is one that edited English writes with a
capital (a re-casing that restores "los angeles" or "geelong" is likely right; one that makes
"mark" or "systemd" a title is not known to be). With 32-bit hashes a word outside the list is
taken for one with probability about 7 in a million.
"""

import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_attested import strip_marks, write_hash_list  # noqa: E402

MAGIC = b"NFXPRP1\0"


def fold(word: str) -> str:
    return strip_marks(word).lower()


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    source = sys.argv[1]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "data", "proper.bin")
    lower, capital = set(), set()
    with open(source, encoding="utf-8") as f:
        for line in f:
            word = line.strip()
            if not word or "'" in word:
                continue
            (lower if word == word.lower() else capital).add(fold(word))
    forms = capital - lower
    write_hash_list(out, MAGIC, forms)
    return 0


if __name__ == "__main__":
    sys.exit(main())
