#!/usr/bin/env python3
"""Build a stand-in timing lexicon of N entities when the real 150k lexicon
(target/namefix-bench/lexicon-150k.tsv, from `cargo run -p xtask --release --
gen-scaling`) does not exist: every eval-set lexicon concatenated, then
synthetic "first last" person names recombined from the febrl-names tokens
until N distinct names. Same TSV format (id, name, aliases, kind, weight).

usage: make_standin.py SETS_ROOT OUT [N]
"""

import os
import random
import sys

SETS = ["earnings21-asr", "noiseqa-natural", "human-misspellings", "febrl-names"]


def main():
    root, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 150_000
    rows, seen = [], set()
    for s in SETS:
        with open(os.path.join(root, s, "lexicon.tsv"), encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 2 and cols[1].lower() not in seen:
                    seen.add(cols[1].lower())
                    rows.append(line.rstrip("\n"))
    firsts, lasts = set(), set()
    with open(os.path.join(root, "febrl-names", "lexicon.tsv"), encoding="utf-8") as f:
        for line in f:
            toks = line.split("\t")[1].split()
            if len(toks) == 2:
                firsts.add(toks[0])
                lasts.add(toks[1])
    firsts, lasts = sorted(firsts), sorted(lasts)
    rng = random.Random(150_000)
    i = 0
    while len(rows) < n:
        name = f"{rng.choice(firsts).title()} {rng.choice(lasts).title()}"
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        rows.append(f"standin:{i}\t{name}\t\tperson\t")
        i += 1
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(rows[:n]) + "\n")


if __name__ == "__main__":
    main()
