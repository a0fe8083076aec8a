#!/usr/bin/env python3
"""namefix runs and result merging for the comparison harness.

Subcommands:
  namefix --bin target/release/namefix --sets-root tests/eval --sets a,b \
          --timing-lexicon FILE --timing-mentions FILE --out FILE
      runs `namefix lookup --lexicon LEXICON < mentions.tsv` per eval set and
      scores its JSON-lines output; times whole runs on the timing lexicon.
  merge --work DIR --out-json FILE --out-md FILE
      merges every JSON the other steps wrote into results.json / results.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import baselines as B

# ---------------------------------------------------------------- namefix


def run_namefix(binary, lexicon, stdin_path):
    """Run one `namefix lookup`; returns (wall s, user+sys CPU s, max RSS MiB, stdout lines)."""
    with open(stdin_path, "rb") as fin, tempfile.TemporaryFile() as fout, tempfile.TemporaryFile() as ferr:
        t0 = time.perf_counter()
        p = subprocess.Popen([binary, "lookup", "--lexicon", lexicon], stdin=fin, stdout=fout, stderr=ferr)
        _pid, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        fout.seek(0)
        ferr.seek(0)
        out, err = fout.read().decode("utf-8"), ferr.read().decode("utf-8", "replace")
    if p.returncode != 0:
        raise RuntimeError(f"namefix exited {p.returncode}: {err.strip()[:500]}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, [l for l in out.split("\n") if l.strip()]


def namefix_eval(binary, sets_root, sets):
    out = {}
    for s in sets:
        d = os.path.join(sets_root, s)
        mentions = B.read_mentions(os.path.join(d, "mentions.tsv"))
        n_gold = sum(1 for _m, g in mentions if g)
        wall, _cpu, rss, lines = run_namefix(binary, os.path.join(d, "lexicon.tsv"), os.path.join(d, "mentions.tsv"))
        if len(lines) != len(mentions):
            raise RuntimeError(
                f"{s}: `namefix lookup` printed {len(lines)} lines for {len(mentions)} mentions "
                "(CLI not implemented yet, or contract changed?)"
            )
        preds, correct, accepted, mismatched = [], 0, 0, 0
        for (m, g), line in zip(mentions, lines):
            o = json.loads(line)
            mismatched += o.get("mention") != m
            id_ = o.get("id")
            ok = id_ is not None and bool(g) and id_ == g
            accepted += id_ is not None
            correct += ok
            score = o.get("score")
            preds.append((float(score) if id_ is not None and isinstance(score, (int, float)) else None, ok))
        res = {
            "n": len(mentions),
            "n_gold": n_gold,
            "default": dict(B.metrics(correct, accepted, n_gold)),
            "wall_s": wall,
            "us_per_mention_incl_load": wall / len(mentions) * 1e6,
            "max_rss_mib": rss,
            "mention_echo_mismatches": mismatched,
        }
        if any(p[0] is not None for p in preds):
            # Extra: a score cutoff on top of namefix's own decision, tuned on the test set.
            res.update(B.sweep(preds, n_gold, []))
        out[s] = res
        print(f"[{s}] namefix: R={res['default']['recall']:.3f} P={res['default']['precision']:.3f}", file=sys.stderr)
    return out


def namefix_timing(binary, lexicon, mentions_path, repeats=5, copies=10):
    """Whole-process timing: load only (empty input) vs load + the sample repeated
    `copies` times (so lookups, not noise, dominate the difference). Minimum of
    `repeats` runs each, wall and user+sys CPU (CPU time is less sensitive to
    other work on the machine)."""
    sample = [l for l in open(mentions_path, encoding="utf-8") if l.strip()]
    n = len(sample) * copies
    loadavg = os.getloadavg()[0]
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as empty, \
            tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as many:
        many.write("".join(sample) * copies)
    try:
        loads = [run_namefix(binary, lexicon, empty.name) for _ in range(repeats)]
        runs = [run_namefix(binary, lexicon, many.name) for _ in range(repeats)]
    finally:
        os.unlink(empty.name)
        os.unlink(many.name)
    accepted = sum(1 for l in runs[0][3][: len(sample)] if json.loads(l).get("id") is not None)
    load_wall, load_cpu = min(r[0] for r in loads), min(r[1] for r in loads)
    run_wall, run_cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    return {
        "lexicon": lexicon,
        "sample": len(sample),
        "copies": copies,
        "lookups": n,
        "accepted_in_sample": accepted,
        "repeats": repeats,
        "load_only_wall_s_min": load_wall,
        "load_only_cpu_s_min": load_cpu,
        "load_plus_lookups_wall_s_min": run_wall,
        "load_plus_lookups_cpu_s_min": run_cpu,
        "us_per_lookup_wall_excl_load": (run_wall - load_wall) / n * 1e6,
        "us_per_lookup_cpu_excl_load": (run_cpu - load_cpu) / n * 1e6,
        "max_rss_load_only_mib": max(r[2] for r in loads),
        "max_rss_mib": max(r[2] for r in runs),
        "loadavg_1m_at_start": loadavg,
    }


# ---------------------------------------------------------------- merge


def load(path):
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    return None


def fst_to_common(fst_eval):
    """Express the fst baseline's per-distance counts like the other systems
    (also used for symspell-baseline, which prints the same format)."""
    out = {}
    for s, r in fst_eval.items():
        fixed = [dict(cutoff=int(k), **v) for k, v in sorted(r["by_max_distance"].items())]
        out[s] = {
            "fixed": fixed,
            "default": fixed[-1],
            "best_f1": max(fixed, key=lambda f: f["f1"]),
            "max_precision": max(fixed, key=lambda f: f["precision"]),
            "automaton_errors": r["automaton_errors"],
            "keys": r["keys"],
        }
        for p in (90, 80):
            ok_p = [f for f in fixed if f["precision"] >= p / 100]
            out[s][f"p{p}"] = max(ok_p, key=lambda f: f["recall"]) if ok_p else None
    return out


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f.readline().split(":", 1)[1].strip()
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu_model": model, "mem_total": mem, "kernel": platform.release(),
            "python": platform.python_version()}


def fmt_rp(m):
    return f"{m['recall']:.3f} / {m['precision']:.3f}" if m else "—"


def fmt_cut(c):
    if c is None:
        return ""
    return f"{c:g}" if isinstance(c, (int, float)) else str(c)


SYSTEM_LABEL = {
    "namefix": "namefix (default)",
    "fst": "fst Levenshtein (d≤1, else d≤2)",
    "symspell-d2": "SymSpell (symspellpy) d2",
    "symspell-d3": "SymSpell (symspellpy) d3",
    "symspell-rs-d2": "SymSpell (Rust crate) d2",
    "symspell-rs-d3": "SymSpell (Rust crate) d3",
    "rapidfuzz-WRatio": "RapidFuzz WRatio",
    "rapidfuzz-ratio": "RapidFuzz ratio",
    "rapidfuzz-token_sort_ratio": "RapidFuzz token_sort_ratio",
}
DIST_SYSTEMS = ("fst", "symspell-d2", "symspell-d3", "symspell-rs-d2", "symspell-rs-d3")
CUT_KIND = dict({"namefix": "score ≥ "}, **{x: "distance ≤ " for x in DIST_SYSTEMS})
# Timing rows: JSON key -> label in table 4.
TIMING_LABEL = {
    "symspell-d2": "symspellpy d2",
    "symspell-d3": "symspellpy d3",
    "symspell-rs-d2": "symspell crate d2",
    "symspell-rs-d3": "symspell crate d3",
    "symspell-rs-d2-ascii": "symspell crate d2, AsciiStringStrategy (timing only)",
    "namefix-lib": "**namefix** (library, in-process)",
}


def fixed_at(sysres, cutoff):
    for f in sysres.get("fixed", []):
        if f["cutoff"] == cutoff:
            return f
    return None


def markdown(res):
    sets = res["sets"]
    acc = res["accuracy"]
    L = []
    L.append("# namefix comparison results\n")
    m = res["meta"]
    L.append(f"Generated {m['generated']} by `benches/compare/run.sh` on {m['machine']['nproc']} × "
             f"{m['machine']['cpu_model']} ({m['machine']['mem_total']}), Python {m['machine']['python']}. "
             f"Versions: {', '.join(f'{k} {v}' for k, v in m['versions'].items())}.\n")
    if m.get("namefix_skipped"):
        L.append(f"**namefix skipped:** {m['namefix_skipped']}\n")
    L.append("Recall = top-1 correct / mentions with a gold id; precision = correct / accepted. "
             "Cells are `recall / precision`.\n")
    L.append("Mentions per set (with a gold id): " + ", ".join(f"{s} {acc[s]['n']}" for s in sets) + ". "
             "Mentions whose normalised text already equals the normalised name of a *different* entity "
             "(no string lookup can get these right; it caps precision at the strict end): "
             + ", ".join(f"{s} {acc[s].get('norm_equals_other_entity', '?')}" for s in sets) + "; equal to "
             "their own gold name after normalisation: "
             + ", ".join(f"{s} {acc[s].get('norm_equals_gold_name', '?')}" for s in sets) + ".\n")

    def systems_present(s):
        return acc[s]["systems"]

    order = ["namefix", "fst", "symspell-d2", "symspell-d3", "symspell-rs-d2", "symspell-rs-d3",
             "rapidfuzz-WRatio", "rapidfuzz-ratio",
             "rapidfuzz-token_sort_ratio"]

    # Table 1: untuned settings.
    L.append("## 1. Untuned settings (nothing fitted to the test set)\n")
    L.append("| system | " + " | ".join(sets) + " |")
    L.append("|---|" + "---|" * len(sets))
    rows = [("namefix", "default", None), ("fst", "default", None), ("symspell-d2", "default", None),
            ("symspell-d3", "default", None), ("symspell-rs-d2", "default", None),
            ("symspell-rs-d3", "default", None)]
    for sc in ("WRatio", "ratio", "token_sort_ratio"):
        for c in (80, 90):
            rows.append((f"rapidfuzz-{sc}", "fixed", c))
    for sysname, how, c in rows:
        cells = []
        for s in sets:
            r = systems_present(s).get(sysname)
            if r is None:
                cells.append("n/a")
                continue
            mm = r.get("default") if how == "default" else fixed_at(r, c)
            if how == "default" and mm is None and sysname.startswith("symspell"):
                mm = fixed_at(r, int(sysname[-1]))
            cells.append(fmt_rp(mm))
        label = SYSTEM_LABEL[sysname] + (f", score_cutoff={c}" if how == "fixed" else "")
        L.append(f"| {label} | " + " | ".join(cells) + " |")
    L.append("")

    # Tables 2a/2b: highest recall at precision >= 0.90 / 0.80.
    tuned_label = dict(SYSTEM_LABEL, namefix="namefix + extra score cutoff")
    for num, pp in (("2a", 90), ("2b", 80)):
        L.append(f"## {num}. Highest recall with precision ≥ 0.{pp} (cutoff tuned on the test set)\n")
        L.append("The cutoff is chosen on the very mentions it is scored on, which flatters every system that "
                 "gets one (namefix's row applies an extra score cutoff on top of its own decision). "
                 f"`—` = no cutoff reaches precision 0.{pp} (best precision reached in brackets).\n")
        L.append("| system | " + " | ".join(sets) + " |")
        L.append("|---|" + "---|" * len(sets))
        for sysname in order:
            cells, any_ = [], False
            for s in sets:
                r = systems_present(s).get(sysname)
                if r is None or f"p{pp}" not in r:
                    cells.append("n/a")
                    continue
                any_ = True
                p = r[f"p{pp}"]
                if p:
                    cells.append(f"{fmt_rp(p)} ({CUT_KIND.get(sysname, 'score ≥ ')}{fmt_cut(p['cutoff'])})")
                else:
                    mp = r.get("max_precision")
                    cells.append(f"— (P≤{mp['precision']:.3f})" if mp else "—")
            if any_:
                L.append(f"| {tuned_label[sysname]} | " + " | ".join(cells) + " |")
        L.append("")

    # Table 3: best F1.
    L.append("## 3. Best-F1 cutoff (tuned on the test set)\n")
    L.append("Cells are `F1 (recall / precision, cutoff)`.\n")
    L.append("| system | " + " | ".join(sets) + " |")
    L.append("|---|" + "---|" * len(sets))
    for sysname in order:
        cells, any_ = [], False
        for s in sets:
            r = systems_present(s).get(sysname)
            if r is None or not r.get("best_f1"):
                cells.append("n/a")
                continue
            any_ = True
            b = r["best_f1"]
            cells.append(f"{b['f1']:.3f} ({fmt_rp(b)}, {CUT_KIND.get(sysname, 'score ≥ ')}{fmt_cut(b['cutoff'])})")
        if any_:
            L.append(f"| {tuned_label[sysname]} | " + " | ".join(cells) + " |")
    L.append("")

    # Table 4: timing.
    t = res["timing"]
    L.append("## 4. Speed and memory on the timing lexicon\n")
    if t.get("lexicon"):
        L.append(f"Lexicon: `{t['lexicon']}` ({t.get('entities', '?')} entities"
                 f"{'; STAND-IN, not the xtask 150k lexicon' if t.get('standin') else ''}). "
                 f"Lookups: a fixed sample of mentions from the eval sets (`.work/timing-mentions.tsv`, "
                 f"{t.get('sample_size', '?')} mentions; first 100 only for WRatio). "
                 "Latency is per call (perf_counter_ns / Instant) in-process; RSS Δ is VmRSS after building "
                 "the index minus before (lexicon rows already read); peak is VmHWM of the whole process.\n")
    L.append("`+pre`: RapidFuzz choices passed through `default_process` once at build time and "
             "`processor=None` per call (query processed per call); identical results, less work per lookup. "
             "Without `+pre` it is the call as specified, `processor=utils.default_process`, which re-processes "
             "all choices on every call. RapidFuzz timed with `score_cutoff=0`. "
             + (f"fst index size: {t['systems']['fst']['fst_bytes'] / 2**20:.2f} MiB. " if t.get('systems', {}).get('fst') else "")
             + "\n")
    if any(k.startswith("symspell-rs-") for k in t.get("systems", {})):
        L.append("`symspellpy dN` = the Python package; `symspell crate dN` = the Rust `symspell` crate "
                 "(`symspell-baseline/`, native code, `UnicodeStringStrategy`, same normalised terms and queries "
                 "as every other row). The `AsciiStringStrategy` row is the crate's other string strategy (its "
                 "README's default): it transliterates terms and queries with `unidecode` and works on bytes, "
                 "so it is a different normalisation from every other row and is timed only (its accuracy is "
                 "not in the tables above).\n")
    L.append("The machine has 2 cores and other work may have been running: the last column is the 1-minute "
             "load average when each run started; above ~1 the wall-clock latencies are inflated. "
             "`mean CPU` = process CPU time over all lookups / lookups, less sensitive to that.\n")
    L.append("| system | build (s) | lookups | p50 (µs) | p99 (µs) | mean (µs) | mean CPU (µs) | RSS Δ build (MiB) | peak RSS (MiB) | load |")
    L.append("|---|---|---|---|---|---|---|---|---|---|")
    for name, r in t.get("systems", {}).items():
        if r.get("error"):
            L.append(f"| {TIMING_LABEL.get(name, name)} | error: {r['error']} |||||||||")
            continue
        L.append(f"| {TIMING_LABEL.get(name, name)} | {r['build_s']:.3f} | {r['lookups']} | {r['p50_us']:.0f} | {r['p99_us']:.0f} | "
                 f"{r['mean_us']:.0f} | {r.get('cpu_mean_us', float('nan')):.0f} | {r['rss_delta_build_mib']:.1f} | {r['peak_rss_mib']:.1f} | "
                 f"{r.get('loadavg_1m_at_start', float('nan')):.1f} |")
    nf = t.get("namefix")
    if nf and not nf.get("error"):
        L.append(f"| namefix CLI (whole process) | {nf['load_only_wall_s_min']:.3f} (load) | {nf['lookups']} | n/a | n/a "
                 f"| {nf['us_per_lookup_wall_excl_load']:.0f} | {nf['us_per_lookup_cpu_excl_load']:.0f} | n/a "
                 f"| {nf['max_rss_mib']:.1f} | {nf.get('loadavg_1m_at_start', float('nan')):.1f} |")
        L.append("")
        L.append(f"namefix (CLI, whole process, minimum of {nf['repeats']} runs each): load only (read TSV + build) "
                 f"{nf['load_only_wall_s_min']:.3f} s wall / {nf['load_only_cpu_s_min']:.3f} s CPU, max RSS "
                 f"{nf['max_rss_load_only_mib']:.1f} MiB; load + {nf['lookups']} lookups (the {nf['sample']}-mention "
                 f"sample × {nf['copies']}) {nf['load_plus_lookups_wall_s_min']:.3f} s wall / "
                 f"{nf['load_plus_lookups_cpu_s_min']:.3f} s CPU, max RSS {nf['max_rss_mib']:.1f} MiB → "
                 f"{nf['us_per_lookup_wall_excl_load']:.0f} µs wall / {nf['us_per_lookup_cpu_excl_load']:.0f} µs CPU "
                 "per lookup excluding load. Throughput only, not percentiles: the library's criterion benches "
                 "give per-lookup percentiles.")
    elif nf and nf.get("error"):
        L.append(f"\nnamefix timing: {nf['error']}")
    L.append("")

    # Appendix: RapidFuzz sweeps.
    L.append("## Appendix: fixed-cutoff sweeps\n")
    for s in sets:
        L.append(f"### {s}\n")
        syss = [x for x in order if x in acc[s]["systems"] and acc[s]["systems"][x].get("fixed")]
        rf = [x for x in syss if x.startswith("rapidfuzz")]
        if rf:
            L.append("| score_cutoff | " + " | ".join(SYSTEM_LABEL[x] for x in rf) + " |")
            L.append("|---|" + "---|" * len(rf))
            for c in B.RF_FIXED:
                L.append(f"| {c} | " + " | ".join(fmt_rp(fixed_at(acc[s]["systems"][x], c)) for x in rf) + " |")
            L.append("")
        dist = [x for x in syss if x in DIST_SYSTEMS]
        if dist:
            L.append("| max distance | " + " | ".join(SYSTEM_LABEL[x] for x in dist) + " |")
            L.append("|---|" + "---|" * len(dist))
            for c in range(4):
                L.append(f"| {c} | " + " | ".join(fmt_rp(fixed_at(acc[s]["systems"][x], c)) for x in dist) + " |")
            L.append("")
        extra = []
        f = acc[s]["systems"].get("fst")
        if f:
            extra.append(f"fst automaton-construction errors (counted as rejects): {f['automaton_errors']}")
        if extra:
            L.append("; ".join(extra) + ".\n")
    return "\n".join(L)


def merge(work, out_json, out_md, sets, versions):
    acc = load(os.path.join(work, "accuracy.json")) or {}
    fst = load(os.path.join(work, "fst-eval.json"))
    nf = load(os.path.join(work, "namefix-eval.json"))
    if fst:
        for s, r in fst_to_common(fst).items():
            acc.setdefault(s, {"systems": {}})["systems"]["fst"] = r
    for d in (2, 3):
        ssr = load(os.path.join(work, f"symspell-rs-d{d}-eval.json"))
        if ssr:
            for s, r in fst_to_common(ssr).items():
                r.pop("automaton_errors", None)  # always 0: SymSpell has no automaton
                acc.setdefault(s, {"systems": {}})["systems"][f"symspell-rs-d{d}"] = r
    if nf and not nf.get("error"):
        for s, r in nf.items():
            acc.setdefault(s, {"systems": {}})["systems"]["namefix"] = r
    timing = load(os.path.join(work, "timing-meta.json")) or {}
    timing["systems"] = {}
    for name in ("namefix-lib", "fst", "symspell-d2", "symspell-d3", "symspell-rs-d2", "symspell-rs-d3", "symspell-rs-d2-ascii",
                 "rapidfuzz-ratio", "rapidfuzz-ratio+pre",
                 "rapidfuzz-token_sort_ratio", "rapidfuzz-token_sort_ratio+pre", "rapidfuzz-WRatio",
                 "rapidfuzz-WRatio+pre"):
        r = load(os.path.join(work, f"timing-{name}.json"))
        if r:
            timing["systems"][name] = r
    timing["namefix"] = load(os.path.join(work, "timing-namefix.json"))
    if timing["systems"].get("fst"):
        timing.setdefault("entities", timing["systems"]["fst"]["entities"])
    skipped = load(os.path.join(work, "namefix-skipped.json"))
    res = {
        "meta": {
            "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine(),
            "versions": versions,
            "namefix_skipped": (skipped.get("reason") if skipped
                                else f"namefix was built but its run failed: {nf['error']}"
                                if nf and nf.get("error") else None),
        },
        "sets": sets,
        "accuracy": acc,
        "timing": timing,
    }
    os.makedirs(os.path.dirname(out_json), exist_ok=True)
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1, ensure_ascii=False)
    with open(out_md, "w", encoding="utf-8") as f:
        f.write(markdown(res) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    n = sub.add_parser("namefix")
    n.add_argument("--bin", required=True)
    n.add_argument("--sets-root", required=True)
    n.add_argument("--sets", required=True)
    n.add_argument("--timing-lexicon")
    n.add_argument("--timing-mentions")
    n.add_argument("--out-eval", required=True)
    n.add_argument("--out-timing", required=True)
    m = sub.add_parser("merge")
    m.add_argument("--work", required=True)
    m.add_argument("--sets", required=True)
    m.add_argument("--versions", required=True, help="JSON object of tool versions")
    m.add_argument("--out-json", required=True)
    m.add_argument("--out-md", required=True)
    args = ap.parse_args()
    if args.cmd == "namefix":
        try:
            ev = namefix_eval(args.bin, args.sets_root, args.sets.split(","))
        except Exception as e:  # noqa: BLE001 - reported, not fatal for the harness
            ev = {"error": str(e)}
            print(f"namefix eval failed: {e}", file=sys.stderr)
        with open(args.out_eval, "w", encoding="utf-8") as f:
            json.dump(ev, f, indent=1)
        if args.timing_lexicon and "error" not in ev:
            try:
                tm = namefix_timing(args.bin, args.timing_lexicon, args.timing_mentions)
            except Exception as e:  # noqa: BLE001
                tm = {"error": str(e)}
                print(f"namefix timing failed: {e}", file=sys.stderr)
            with open(args.out_timing, "w", encoding="utf-8") as f:
                json.dump(tm, f, indent=1)
    else:
        merge(args.work, args.out_json, args.out_md, args.sets.split(","), json.loads(args.versions))


if __name__ == "__main__":
    main()
