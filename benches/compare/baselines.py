#!/usr/bin/env python3
"""RapidFuzz and SymSpell baselines for the namefix comparison harness.

Subcommands (each prints / writes JSON):
  accuracy --sets-root tests/eval --sets a,b,c --out FILE
      recall/precision of every baseline configuration on every eval set, with
      cutoff sweeps, the precision>=0.90 operating point and the best-F1 cutoff.
  timing --system SYSTEM --lexicon FILE --mentions FILE [--limit N] --out FILE
      build time, per-lookup p50/p99 latency and RSS growth of one system over
      one (large) lexicon. Run each system in its own process (run.sh does).
  sample --sets-root tests/eval --sets a,b,c --per-set N --out FILE
      a deterministic sample of mentions for the timing runs.

Scoring (shared with report.py): a mention is "accepted" when the system
returns an entity; it is "correct" when that entity's id equals the gold id.
recall = correct / mentions with a gold id; precision = correct / accepted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time

# ---------------------------------------------------------------- data


def read_lexicon(path):
    """Rows (id, name, [aliases], weight) in file order."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                continue
            aliases = [a for a in cols[2].split("|") if a.strip()] if len(cols) > 2 else []
            weight = None
            if len(cols) > 4 and cols[4].strip():
                try:
                    weight = float(cols[4])
                except ValueError:
                    weight = None
            rows.append((cols[0], cols[1], aliases, weight))
    return rows


def read_mentions(path):
    """(mention, gold id or '') pairs."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            cols = line.split("\t")
            out.append((cols[0], cols[1] if len(cols) > 1 else ""))
    return out


def norm(s):
    """Lowercase, delete every char that is neither alphanumeric nor whitespace,
    collapse whitespace. Mirrors normalize() in fst-baseline/src/main.rs."""
    out = []
    for ch in s.lower():
        if ch.isalnum():
            out.append(ch)
        elif ch.isspace():
            out.append(" ")
    return " ".join("".join(out).split())


def terms(rows):
    """(surface form, id) for every name and alias, in file order."""
    for id_, name, aliases, _w in rows:
        yield name, id_
        for a in aliases:
            yield a, id_


def metrics(correct, accepted, n_gold):
    r = correct / n_gold if n_gold else 0.0
    p = correct / accepted if accepted else 0.0
    f = 2 * r * p / (r + p) if r + p else 0.0
    return {"correct": correct, "accepted": accepted, "recall": r, "precision": p, "f1": f}


def sweep(preds, n_gold, fixed_cutoffs, higher_is_better=True, min_precisions=(0.90, 0.80)):
    """preds: (score or None, correct) per mention; None = no candidate at all.

    A mention is accepted at cutoff c when score >= c (or <= c for distances).
    Returns fixed-cutoff metrics, for each p in min_precisions the cutoff
    maximising recall subject to precision >= p (key "p90", "p80"), and the
    best-F1 cutoff (all tuned on this very test set, which flatters the system)."""
    scored = [(s, ok) for s, ok in preds if s is not None]

    def at(c):
        acc = [ok for s, ok in scored if (s >= c if higher_is_better else s <= c)]
        return metrics(sum(acc), len(acc), n_gold)

    fixed = [dict(cutoff=c, **at(c)) for c in fixed_cutoffs]
    # Every distinct score is a candidate threshold; walk from strictest to loosest.
    cands = sorted({s for s, _ in scored}, reverse=higher_is_better)
    order = sorted(scored, key=lambda x: x[0], reverse=higher_is_better)
    best_p = {p: None for p in min_precisions}
    best_f = max_p = None
    i = correct = accepted = 0
    for c in cands:
        while i < len(order) and (order[i][0] >= c if higher_is_better else order[i][0] <= c):
            accepted += 1
            correct += order[i][1]
            i += 1
        m = dict(cutoff=c, **metrics(correct, accepted, n_gold))
        for p in min_precisions:
            if m["precision"] >= p and (best_p[p] is None or m["recall"] > best_p[p]["recall"]):
                best_p[p] = m
        if best_f is None or m["f1"] > best_f["f1"]:
            best_f = m
        if max_p is None or m["precision"] > max_p["precision"]:
            max_p = m
    # pNN is None when no cutoff reaches that precision; max_precision says how close it got.
    out = {"fixed": fixed, "best_f1": best_f, "max_precision": max_p}
    for p in min_precisions:
        out[f"p{round(p * 100)}"] = best_p[p]
    return out


def data_notes(rows, mentions):
    """How many mentions are, after normalisation, identical to their gold entity's
    name, or identical to a *different* entity's name (no string lookup can get
    those right: the garbling produced another valid entry)."""
    key_ids = {}
    for t, id_ in terms(rows):
        key_ids.setdefault(norm(t), set()).add(id_)
    same_as_gold = other_entity = 0
    for m, g in mentions:
        ids = key_ids.get(norm(m), set())
        if g in ids:
            same_as_gold += 1
        elif ids:
            other_entity += 1
    return {"norm_equals_gold_name": same_as_gold, "norm_equals_other_entity": other_entity}


# ---------------------------------------------------------------- systems


class RapidFuzzBaseline:
    """process.extractOne over every name and alias, mapped back to ids."""

    def __init__(self, rows, scorer_name, preprocess=False):
        """preprocess=False is the call as specified (processor=default_process,
        which re-processes every choice on every call); preprocess=True runs
        default_process over the choices once at build time and on the query
        per call, with processor=None: same results, less time per lookup."""
        from rapidfuzz import fuzz, utils

        self.scorer = {"WRatio": fuzz.WRatio, "ratio": fuzz.ratio, "token_sort_ratio": fuzz.token_sort_ratio}[
            scorer_name
        ]
        self.preprocess = preprocess
        self.processor = None if preprocess else utils.default_process
        self.default_process = utils.default_process
        self.choices, self.ids = [], []
        for t, id_ in terms(rows):
            self.choices.append(utils.default_process(t) if preprocess else t)
            self.ids.append(id_)

    def lookup(self, mention, score_cutoff=0):
        from rapidfuzz import process

        if self.preprocess:
            mention = self.default_process(mention)
        r = process.extractOne(
            mention, self.choices, scorer=self.scorer, processor=self.processor, score_cutoff=score_cutoff
        )
        if r is None:
            return None, None
        _choice, score, idx = r
        return self.ids[idx], score


class SymSpellBaseline:
    """SymSpell over whole normalised names (terms may contain spaces)."""

    def __init__(self, rows, max_distance, prefix_length=7):
        from symspellpy import SymSpell, Verbosity

        self.verbosity = Verbosity.TOP
        self.max_distance = max_distance
        self.sym = SymSpell(max_dictionary_edit_distance=max_distance, prefix_length=prefix_length)
        self.term_id = {}
        weights = {id_: w for id_, _n, _a, w in rows}
        for t, id_ in terms(rows):
            k = norm(t)
            if not k or k in self.term_id:  # first entity (file order) keeps a key
                continue
            self.term_id[k] = id_
            w = weights.get(id_)
            count = max(1, int(w)) if w is not None and w > 0 else 1
            self.sym.create_dictionary_entry(k, count)

    def lookup(self, mention):
        q = norm(mention)
        if not q:
            return None, None
        sugg = self.sym.lookup(q, self.verbosity, max_edit_distance=self.max_distance)
        if not sugg:
            return None, None
        return self.term_id[sugg[0].term], sugg[0].distance


RF_SCORERS = ["WRatio", "ratio", "token_sort_ratio"]
RF_FIXED = [0, 50, 60, 70, 80, 85, 90, 95, 100]


def accuracy(sets_root, sets):
    out = {}
    for s in sets:
        d = os.path.join(sets_root, s)
        rows = read_lexicon(os.path.join(d, "lexicon.tsv"))
        mentions = read_mentions(os.path.join(d, "mentions.tsv"))
        n_gold = sum(1 for _m, g in mentions if g)
        res = {"n": len(mentions), "n_gold": n_gold, "entities": len(rows), "systems": {}}
        res.update(data_notes(rows, mentions))
        for sc in RF_SCORERS:
            t0 = time.perf_counter()
            rf = RapidFuzzBaseline(rows, sc)
            preds = []
            for m, g in mentions:
                id_, score = rf.lookup(m, 0)
                preds.append((score, bool(g) and id_ == g))
            res["systems"][f"rapidfuzz-{sc}"] = dict(
                sweep(preds, n_gold, RF_FIXED), seconds=time.perf_counter() - t0
            )
            print(f"[{s}] rapidfuzz {sc}: done", file=sys.stderr)
        for md in (2, 3):
            t0 = time.perf_counter()
            ss = SymSpellBaseline(rows, md)
            preds = []
            for m, g in mentions:
                id_, dist = ss.lookup(m)
                preds.append((dist, bool(g) and id_ == g))
            res["systems"][f"symspell-d{md}"] = dict(
                sweep(preds, n_gold, list(range(md + 1)), higher_is_better=False),
                seconds=time.perf_counter() - t0,
                keys=len(ss.term_id),
            )
            print(f"[{s}] symspell d{md}: done", file=sys.stderr)
        out[s] = res
    return out


# ---------------------------------------------------------------- timing


def rss_kib():
    vals = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                vals[line.split(":")[0]] = int(line.split()[1])
    return vals.get("VmRSS", 0), vals.get("VmHWM", 0)


def pct(sorted_ns, p):
    if not sorted_ns:
        return 0
    k = max(1, -(-len(sorted_ns) * p // 100))  # nearest-rank
    return sorted_ns[min(len(sorted_ns), int(k)) - 1]


def timing(system, lexicon, mentions_path, limit, score_cutoff):
    import gc

    loadavg = os.getloadavg()[0]
    rows = read_lexicon(lexicon)
    mentions = [m for m, _g in read_mentions(mentions_path)]
    if limit:
        mentions = mentions[:limit]
    gc.collect()
    rss0, _ = rss_kib()
    t0 = time.perf_counter()
    if system.startswith("rapidfuzz-"):
        name = system[len("rapidfuzz-"):]
        pre = name.endswith("+pre")
        sysobj = RapidFuzzBaseline(rows, name.removesuffix("+pre"), preprocess=pre)
        call = lambda m: sysobj.lookup(m, score_cutoff)  # noqa: E731
    elif system.startswith("symspell-d"):
        sysobj = SymSpellBaseline(rows, int(system[len("symspell-d"):]))
        call = sysobj.lookup
    else:
        raise SystemExit(f"unknown system {system}")
    build_s = time.perf_counter() - t0
    gc.collect()
    rss1, hwm1 = rss_kib()
    lat = []
    accepted = 0
    cpu0 = time.process_time_ns()
    for m in mentions:
        t = time.perf_counter_ns()
        id_, _score = call(m)
        lat.append(time.perf_counter_ns() - t)
        accepted += id_ is not None
    cpu_ns = time.process_time_ns() - cpu0
    rss2, hwm2 = rss_kib()
    total = sum(lat)
    lat.sort()
    return {
        "system": system,
        "lexicon": lexicon,
        "entities": len(rows),
        "score_cutoff": score_cutoff if system.startswith("rapidfuzz-") else None,
        "build_s": build_s,
        "lookups": len(mentions),
        "accepted": accepted,
        "p50_us": pct(lat, 50) / 1e3,
        "p99_us": pct(lat, 99) / 1e3,
        "mean_us": total / len(lat) / 1e3 if lat else 0.0,
        "cpu_mean_us": cpu_ns / len(lat) / 1e3 if lat else 0.0,
        "rss_delta_build_mib": (rss1 - rss0) / 1024,
        "rss_after_lookups_mib": rss2 / 1024,
        "peak_rss_mib": max(hwm1, hwm2) / 1024,
        "loadavg_1m_at_start": loadavg,
    }


def sample(sets_root, sets, per_set, seed=20240601):
    rng = random.Random(seed)
    per = []
    for s in sets:
        ms = read_mentions(os.path.join(sets_root, s, "mentions.tsv"))
        per.append(rng.sample(ms, min(per_set, len(ms))))
    # Interleave the sets so any prefix (--limit) mixes all of them.
    out = []
    for i in range(max(len(p) for p in per)):
        for p in per:
            if i < len(p):
                out.append(p[i])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("accuracy")
    a.add_argument("--sets-root", required=True)
    a.add_argument("--sets", required=True)
    a.add_argument("--out", required=True)
    t = sub.add_parser("timing")
    t.add_argument("--system", required=True)
    t.add_argument("--lexicon", required=True)
    t.add_argument("--mentions", required=True)
    t.add_argument("--limit", type=int, default=0)
    t.add_argument("--score-cutoff", type=float, default=0)
    t.add_argument("--out", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--sets-root", required=True)
    s.add_argument("--sets", required=True)
    s.add_argument("--per-set", type=int, default=75)
    s.add_argument("--out", required=True)
    args = ap.parse_args()

    if args.cmd == "accuracy":
        res = accuracy(args.sets_root, args.sets.split(","))
    elif args.cmd == "timing":
        res = timing(args.system, args.lexicon, args.mentions, args.limit, args.score_cutoff)
    else:
        rows = sample(args.sets_root, args.sets.split(","), args.per_set)
        with open(args.out, "w", encoding="utf-8") as f:
            for m, g in rows:
                f.write(f"{m}\t{g}\n")
        return
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1)
    print(json.dumps(res)[:400] + ("..." if len(json.dumps(res)) > 400 else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
