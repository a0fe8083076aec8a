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
rounded to 2 decimals. Binary layout (little-endian), read in place by the library
(src/words.rs, `phrase_zipf`):

    b"NFXPHR1\0"                 magic
    u32 W, u32 P                   number of distinct words, number of pairs
    u32 offsets[W + 1]             word i is text[offsets[i]..offsets[i+1]]
    text                           the words, sorted bytewise, back to back
    P records of 3 x u16           first word id, second word id, round(zipf * 100),
                                   sorted by (first, second)

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
    with open(out, "wb") as f:
        f.write(b"NFXPHR1\0")
        f.write(struct.pack("<II", len(words), len(pairs)))
        f.write(struct.pack(f"<{len(offsets)}I", *offsets))
        f.write(text)
        for a, b, z in pairs:
            f.write(struct.pack("<HHH", a, b, z))
    if tsv:
        with open(tsv, "w", encoding="utf-8", newline="\n") as f:
            for (a, b), z in sorted(rows.items(), key=lambda kv: f"{kv[0][0]} {kv[0][1]}".encode()):
                f.write(f"{a} {b}\t{z / 100:.2f}\n")
    print(f"wrote {len(pairs)} phrases of {len(words)} words to {out} (N = {total})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
