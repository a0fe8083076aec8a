#!/usr/bin/env python3
"""Generate data/attested.bin: the word forms that English text attests beyond data/words.tsv.

Source: the PyPI package wordfreq, pinned to version 3.1.1 (code Apache-2.0, word-frequency
data CC BY-SA 4.0; see data/README.md), its `large` English list (about 320,000 forms seen in
web text, subtitles, news, books and Wikipedia, down to a Zipf frequency of about 1). Usage,
from the repository root:

    python3 -m venv /tmp/wfv && /tmp/wfv/bin/pip install wordfreq==3.1.1
    /tmp/wfv/bin/python tools/gen_attested.py          # writes data/attested.bin

Rules: take wordfreq.top_n_list('en', 10**7, wordlist='large'), keep the entries that
tools/gen_words.py would keep (lowercase Latin letters, inner apostrophes) and that are not
among its 50,000 (those are in data/words.tsv with their frequency); add each kept form with
its diacritics removed (NFKD, combining marks dropped), as the scanner folds words, unless that
is a common word ("thé" is not "the"). Each form
is hashed (64-bit FNV-1a of its UTF-8 bytes, folded to 32 bits as `h ^ (h >> 32)`); the
distinct hashes are sorted and written as:

    magic  b"NFXATT1\\0"
    u32    count (little-endian)
    count  LEB128 varints: the first hash, then each difference from the previous one

The scanner asks whether a word that data/words.tsv does not list is such a form ("Caxton",
"Amazonas", "Terran") or a misspelling no text writes ("Bethllehem"). With 32-bit hashes a
word that is no such form is taken for one with probability about 6 in 100,000.
"""

import os
import struct
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_words import TOP_N, is_word, output_path, pinned_wordfreq  # noqa: E402

MAGIC = b"NFXATT1\0"


def fnv32(s: str) -> int:
    h = 0xCBF29CE484222325
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return (h ^ (h >> 32)) & 0xFFFFFFFF


def strip_marks(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def main() -> int:
    wordfreq = pinned_wordfreq()
    if wordfreq is None:
        return 1
    out = output_path("attested.bin")
    common = {w for w in wordfreq.top_n_list("en", TOP_N) if is_word(w)}
    forms = set()
    for w in wordfreq.top_n_list("en", 10**7, wordlist="large"):
        if is_word(w) and w not in common:
            forms.add(w)
            if strip_marks(w) not in common:
                forms.add(strip_marks(w))
    write_hash_list(out, MAGIC, forms)
    return 0


def write_hash_list(out: str, magic: bytes, forms: set) -> None:
    """Writes the sorted, distinct hashes of `forms` as `magic`, a u32 count and LEB128
    differences (the layout of data/attested.bin and data/proper.bin)."""
    hashes = sorted({fnv32(w) for w in forms})
    body = bytearray(magic)
    body += struct.pack("<I", len(hashes))
    prev = 0
    for h in hashes:
        body += varint(h - prev)
        prev = h
    with open(out, "wb") as f:
        f.write(body)
    print(f"wrote {len(hashes)} hashes of {len(forms)} forms ({len(body)} bytes) to {out}")


if __name__ == "__main__":
    sys.exit(main())
