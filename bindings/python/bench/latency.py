"""Per-lookup latency in one Python process on one lexicon: namefix `Matcher.lookup`, RapidFuzz
`process.extractOne` and symspellpy `SymSpell.lookup`, built and called as in
benches/compare/baselines.py (same classes, same sample of eval mentions).

usage: python latency.py LEXICON SAMPLE [WRATIO_LIMIT]   (prints a JSON list of rows)

Latency is wall-clock per call (p50, p99, mean); cpu_mean_us is the calling thread's CPU time per
call (`time.thread_time_ns`), which other processes on a busy machine do not inflate.

LEXICON: e.g. target/namefix-bench/lexicon-150k.tsv (`cargo run -p xtask --release --
gen-scaling`). SAMPLE: mentions, one per line, first column (`baselines.py sample`).
"""

import gc
import json
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "benches" / "compare"))

import baselines  # noqa: E402

import namefix  # noqa: E402


def pct(sorted_ns, p):
    return baselines.pct(sorted_ns, p) / 1e3


def measure(name, build, mentions):
    gc.collect()
    t0 = time.perf_counter()
    call = build()
    build_s = time.perf_counter() - t0
    call(mentions[0])  # first call outside the timing
    lat = []
    accepted = 0
    cpu0 = time.thread_time_ns()
    for m in mentions:
        t = time.perf_counter_ns()
        r = call(m)
        lat.append(time.perf_counter_ns() - t)
        accepted += r is not None and r != (None, None)
    cpu_ns = time.thread_time_ns() - cpu0
    lat.sort()
    return {
        "system": name,
        "build_s": round(build_s, 3),
        "lookups": len(lat),
        "accepted": accepted,
        "p50_us": round(pct(lat, 50), 2),
        "p99_us": round(pct(lat, 99), 2),
        "mean_us": round(sum(lat) / len(lat) / 1e3, 2),
        "cpu_mean_us": round(cpu_ns / len(lat) / 1e3, 2),
    }


def main():
    lexicon, sample = sys.argv[1], sys.argv[2]
    wratio_limit = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    rows = baselines.read_lexicon(lexicon)
    with open(sample, encoding="utf-8") as f:
        mentions = [line.rstrip("\n").split("\t")[0] for line in f if line.strip()]
    load0 = os.getloadavg()[0]
    out = [measure("namefix Matcher.lookup", lambda: namefix.Matcher.from_tsv(lexicon).lookup, mentions)]
    m = namefix.Matcher.from_tsv(lexicon)
    runs = []
    for _ in range(5):
        t = time.perf_counter_ns()
        m.lookup_many(mentions)
        runs.append((time.perf_counter_ns() - t) / len(mentions) / 1e3)
    out.append(
        {
            "system": f"namefix Matcher.lookup_many ({os.cpu_count()} cores), per mention, median of 5",
            "lookups": len(mentions),
            "mean_us": round(sorted(runs)[2], 2),
        }
    )
    for scorer, limit in (("ratio", 0), ("token_sort_ratio", 0), ("WRatio", wratio_limit)):
        for pre in (False, True):
            sysobj = []

            def build(scorer=scorer, pre=pre, sysobj=sysobj):
                sysobj.append(baselines.RapidFuzzBaseline(rows, scorer, preprocess=pre))
                return sysobj[0].lookup

            label = f"rapidfuzz extractOne {scorer}" + (" (choices preprocessed)" if pre else "")
            out.append(measure(label, build, mentions[:limit] if limit else mentions))
    for d in (2, 3):
        out.append(
            measure(f"symspellpy lookup d{d}", lambda d=d: baselines.SymSpellBaseline(rows, d).lookup, mentions)
        )
    for r in out:
        r["entities"] = len(rows)
    print(json.dumps({"lexicon": lexicon, "loadavg_1m_start": load0, "rows": out}, indent=1))


if __name__ == "__main__":
    main()
