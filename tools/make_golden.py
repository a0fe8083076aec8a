"""Turns an annotated article (NAME.src, with [[garbled|Canonical]] markers) into the golden
files the tests read: NAME.txt (the input), NAME.gold.txt (the corrected text) and
NAME.edits.tsv (byte start, byte end, original, replacement, one edit a line).

Usage: python3 tools/make_golden.py tests/articles/*.src
"""
import re
import sys

MARK = re.compile(r"\[\[([^|\]]+)\|([^\]]+)\]\]")

for path in sys.argv[1:]:
    src = open(path, encoding="utf-8").read()
    text, gold, edits = [], [], []
    pos = 0
    nbytes = 0
    for m in MARK.finditer(src):
        before = src[pos:m.start()]
        text.append(before)
        gold.append(before)
        nbytes += len(before.encode("utf-8"))
        orig, repl = m.group(1), m.group(2)
        start = nbytes
        text.append(orig)
        gold.append(repl)
        nbytes += len(orig.encode("utf-8"))
        edits.append(f"{start}\t{nbytes}\t{orig}\t{repl}")
        pos = m.end()
    text.append(src[pos:])
    gold.append(src[pos:])
    base = path[: -len(".src")]
    open(base + ".txt", "w", encoding="utf-8").write("".join(text))
    open(base + ".gold.txt", "w", encoding="utf-8").write("".join(gold))
    open(base + ".edits.tsv", "w", encoding="utf-8").write("\n".join(edits) + ("\n" if edits else ""))
    print(f"{base}: {len(edits)} edits")
