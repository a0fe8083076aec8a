"""The README's Dask recipe (read_text -> json.loads -> fix_records -> json.dumps -> to_textfiles)
over the paragraphs of a text file as a JSON Lines corpus, on a LocalCluster of 1 and then 2
worker processes (one thread each, RAYON_NUM_THREADS=1 so a worker
uses one core): the median wall time of ROUNDS runs after a warm-up run, the speed-up, and the
CPU seconds the workers spent per run (summed over workers: equal for 1 and 2 workers when
spreading the work costs nothing extra).

usage: python dask_scaling.py FILE [ROUNDS] [PARTITIONS]   (prints one JSON line)
"""

import json
import os
import statistics
import sys
import tempfile
import time

os.environ["RAYON_NUM_THREADS"] = "1"  # inherited by the worker processes

import dask.bag as db  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

import namefix  # noqa: E402
from namefix.batch import fix_records  # noqa: E402


def written(out_dir):
    """The "fixed" fields of the JSON Lines files the recipe wrote, in partition order."""
    names = sorted(os.listdir(out_dir), key=lambda n: int(n.split(".")[0]))
    fixed = []
    for name in names:
        with open(os.path.join(out_dir, name), encoding="utf-8") as f:
            fixed.extend(json.loads(line)["fixed"] for line in f)
    return fixed


def timed(workers, corpus, partitions, rounds, matcher, expected, tmp):
    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    ) as cluster, Client(cluster) as client:
        size = os.path.getsize(corpus)
        secs, cpu = [], []
        for i in range(rounds + 1):  # the first run warms the workers up (builds the matcher)
            out_dir = os.path.join(tmp, f"fixed-{workers}-{i}")
            c = sum(client.run(time.process_time).values())
            t = time.perf_counter()
            (
                db.read_text(corpus, blocksize=size // partitions + 1)
                .map(json.loads)
                .map_partitions(fix_records, matcher, text_key="text")
                .map(json.dumps)
                .to_textfiles(os.path.join(out_dir, "*.jsonl"))
            )
            if i:
                secs.append(time.perf_counter() - t)
                cpu.append(sum(client.run(time.process_time).values()) - c)
            assert written(out_dir) == expected
    return statistics.median(secs), secs, statistics.median(cpu)


def main():
    path = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    partitions = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    with open(path, encoding="utf-8") as f:
        paragraphs = [p for p in f.read().split("\n\n") if p.strip()]
    matcher = namefix.Matcher.bundled()
    expected = matcher.fix_many(paragraphs)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.jsonl")
        with open(corpus, "w", encoding="utf-8") as f:
            for i, p in enumerate(paragraphs):
                f.write(json.dumps({"doc": i, "text": p}) + "\n")
        load0 = os.getloadavg()[0]
        one, one_all, one_cpu = timed(1, corpus, partitions, rounds, matcher, expected, tmp)
        two, two_all, two_cpu = timed(2, corpus, partitions, rounds, matcher, expected, tmp)
    print(
        json.dumps(
            {
                "paragraphs": len(paragraphs),
                "partitions": partitions,
                "rounds": rounds,
                "one_worker_s": round(one, 3),
                "two_workers_s": round(two, 3),
                "speedup": round(one / two, 3),
                "one_worker_cpu_s": round(one_cpu, 3),
                "two_workers_cpu_s": round(two_cpu, 3),
                "one_all_s": [round(s, 3) for s in one_all],
                "two_all_s": [round(s, 3) for s in two_all],
                "loadavg_1m_start_end": [load0, os.getloadavg()[0]],
            }
        )
    )


if __name__ == "__main__":
    main()
