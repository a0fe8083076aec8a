#!/usr/bin/env python3
"""Generate data/phrases.bin: how frequent common two-word phrases of English are.

Source: the bigram and unigram frequency dictionaries shipped in the PyPI package symspellpy,
pinned to version 6.9.0 (MIT License, Copyright (c) 2025 mmb L (Python port) and Wolf Garbe
(SymSpell); the dictionaries were made by SymSpell from the Google Books Ngram data, CC BY 3.0;
see data/README.md for the attribution). Usage, from the repository root:

    python3 -m pip download symspellpy==6.9.0 --no-deps -d /tmp/ssp
    python3 tools/gen_phrases.py /tmp/ssp/symspellpy-6.9.0-py3-none-any.whl   # writes data/phrases.bin

Rules: read `frequency_bigramdictionary_en_243_342.txt` (`word word count`, the 242,342 most
frequent word pairs, lowercase) and `frequency_dictionary_en_82_765.txt` (`word count`) from the
wheel. N = the sum of the unigram counts (the corpus size those counts imply). Keep the pairs
whose two words are lowercase ASCII letters, optionally joined by inner apostrophes, each with
zipf = log10(count / N * 1e9) (occurrences per billion words, the scale of data/words.tsv)
rounded to 2 decimals. Binary layout (little-endian; LEB128: seven bits a byte, low bits
first, the high bit set on all bytes but the last), read by the library (src/words.rs,
`phrase_zipf`; the words and frequencies in place, the pairs' second words decoded on first
use):

    b"NFXPHR2\0"                 magic
    u32 W, u32 P                   number of distinct words, number of pairs
    u32 offsets[W + 1]             word i is text[offsets[i]..offsets[i+1]]
    text                           the words, sorted bytewise, back to back
    W x LEB128                     for each word, the number of pairs it is the first word of
    P x LEB128                     the pairs, sorted by (first, second): each second word id,
                                   less the previous pair's if it has the same first word
    P bytes, P bytes               round(zipf * 100) of each pair: its low bytes, then its
                                   high bytes

(Format 1, until issue 16's package-size round, stored each pair as three u16: 1.45 MB that
gzip compressed to 0.95 MB; the same pairs now take 0.83 MB, 0.49 MB gzipped.)

Deterministic for a given symspellpy version. `--tsv OUT` writes the same pairs as text
(`first second<TAB>zipf`) for review.
"""

import math
import os
import re
import struct
import sys
import zipfile

PINNED = "symspellpy-6.9.0-py3-none-any.whl"
BIGRAMS = "symspellpy/frequency_bigramdictionary_en_243_342.txt"
UNIGRAMS = "symspellpy/frequency_dictionary_en_82_765.txt"
WORD = re.compile(r"^[a-z]+(?:'[a-z]+)*$")


def leb128(x: int) -> bytes:
    out = bytearray()
    while x >= 0x80:
        out.append(x & 0x7F | 0x80)
        x >>= 7
    out.append(x)
    return bytes(out)


def main() -> int:
    args = sys.argv[1:]
    tsv = None
    if "--tsv" in args:
        i = args.index("--tsv")
        tsv = args[i + 1]
        del args[i : i + 2]
    if not args or not args[0].endswith(PINNED):
        print(f"usage: gen_phrases.py PATH/{PINNED} [OUT] [--tsv OUT.tsv]", file=sys.stderr)
        return 1
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = args[1] if len(args) > 1 else os.path.join(root, "data", "phrases.bin")
    with zipfile.ZipFile(args[0]) as z:
        uni = z.read(UNIGRAMS).decode("utf-8").split("\n")
        bi = z.read(BIGRAMS).decode("utf-8").split("\n")
    total = sum(int(l.split()[1]) for l in uni if l.strip())
    rows = {}
    for l in bi:
        parts = l.split()
        if len(parts) != 3:
            continue
        a, b, c = parts
        if not (WORD.match(a) and WORD.match(b)):
            continue
        z = round(math.log10(int(c) / total * 1e9) * 100)
        rows[(a, b)] = max(rows.get((a, b), 0), z)
    words = sorted({w for pair in rows for w in pair}, key=lambda s: s.encode("utf-8"))
    ids = {w: i for i, w in enumerate(words)}
    pairs = sorted((ids[a], ids[b], z) for (a, b), z in rows.items())
    text = b"".join(w.encode("utf-8") for w in words)
    offsets, pos = [], 0
    for w in words:
        offsets.append(pos)
        pos += len(w.encode("utf-8"))
    offsets.append(pos)
    counts = [0] * len(words)
    seconds = bytearray()
    prev = None
    for a, b, z in pairs:
        counts[a] += 1
        seconds += leb128(b - (prev[1] if prev and prev[0] == a else 0))
        prev = (a, b)
    with open(out, "wb") as f:
        f.write(b"NFXPHR2\0")
        f.write(struct.pack("<II", len(words), len(pairs)))
        f.write(struct.pack(f"<{len(offsets)}I", *offsets))
        f.write(text)
        f.write(b"".join(leb128(c) for c in counts))
        f.write(seconds)
        f.write(bytes(z & 0xFF for _, _, z in pairs))
        f.write(bytes(z >> 8 for _, _, z in pairs))
    if tsv:
        with open(tsv, "w", encoding="utf-8", newline="\n") as f:
            for (a, b), z in sorted(rows.items(), key=lambda kv: f"{kv[0][0]} {kv[0][1]}".encode()):
                f.write(f"{a} {b}\t{z / 100:.2f}\n")
    print(f"wrote {len(pairs)} phrases of {len(words)} words to {out} (N = {total})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
