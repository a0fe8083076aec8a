"""check_many over the paragraphs of a text file (split at blank lines) with the bundled
lexicon: throughput on every core and on one (RAYON_NUM_THREADS=1 in a child process), by
wall-clock time and by the CPU time of the process (all threads; `time.process_time`), which other
processes on a busy machine do not inflate. Per core = MB per CPU-second.

usage: python check_many.py FILE [ROUNDS]   (prints one JSON line per configuration)
"""

import json
import os
import statistics
import subprocess
import sys
import time


def run(path, rounds):
    import namefix

    with open(path, encoding="utf-8") as f:
        text = f.read()
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    nbytes = sum(len(p.encode("utf-8")) for p in paragraphs)
    m = namefix.Matcher.bundled()
    found = m.check_many(paragraphs)  # warm-up (also builds the bundled matcher)
    corrections = sum(map(len, found))
    secs, cpu = [], []
    for _ in range(rounds):
        c = time.process_time()
        t = time.perf_counter()
        out = m.check_many(paragraphs)
        secs.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        assert sum(map(len, out)) == corrections
    median = statistics.median(secs)
    median_cpu = statistics.median(cpu)
    return {
        "threads": os.environ.get("RAYON_NUM_THREADS", str(os.cpu_count())),
        "paragraphs": len(paragraphs),
        "bytes": nbytes,
        "corrections": corrections,
        "rounds": rounds,
        "median_s": round(median, 4),
        "mb_per_s": round(nbytes / 1e6 / median, 3),
        "median_cpu_s": round(median_cpu, 4),
        "mb_per_cpu_s": round(nbytes / 1e6 / median_cpu, 3),
        "all_s": [round(s, 4) for s in secs],
        "loadavg_1m": os.getloadavg()[0],
    }


if __name__ == "__main__":
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    if os.environ.get("_CHECK_MANY_CHILD"):
        print(json.dumps(run(path, rounds)))
        sys.exit(0)
    for threads in (None, "1"):
        env = dict(os.environ, _CHECK_MANY_CHILD="1")
        if threads:
            env["RAYON_NUM_THREADS"] = threads
        else:
            env.pop("RAYON_NUM_THREADS", None)
        subprocess.run([sys.executable, __file__, path, str(rounds)], env=env, check=True)
