#!/usr/bin/env python3
"""Independent re-scoring of the rankings `recsys evaluate` writes (standard library only).

`recsys evaluate ... --rankings RANKINGS.csv --held-out HELD_OUT.csv` writes one of two layouts:

  context protocols (--protocol basket|session):
    RANKINGS.csv   case,user,rank,item,score       (rank 1-based, one row per listed item)
    HELD_OUT.csv   case,user,item,context_size     (the one held-out item of every case)
  other protocols (per-user, time, given train/test ...):
    RANKINGS.csv   user,rank,item,score,scene
    HELD_OUT.csv   user,scene,item                 (one row per relevant test item of a unit)

A unit is a case, or a (user, scene) pair. Over every unit of HELD_OUT.csv (a unit without rows
in RANKINGS.csv scores 0), with R the unit's relevant items and the top k of its list:

  HitRate@k   = mean of [some item of R in the top k]
  MRR@k       = mean of 1 / rank of the first item of R in the top k (0 if none)
  NDCG@k      = mean of DCG / IDCG, DCG = sum over hits of 1 / log2(rank + 1),
                IDCG = the same for min(k, |R|) hits at ranks 1, 2, ...
  Recall@k    = mean of hits / |R|;  Precision@k = mean of hits / k

A unit's list is ordered by its rank column, so the file's row order is not trusted.

usage: python3 scripts/rescore.py RANKINGS.csv HELD_OUT.csv [-k 10] [--json OUT.json]
       [--expect EVALUATE.json]   compare with the figures of `evaluate --json`: every metric both
                                  have (exit 1 if any differs by 5e-5 or more, i.e. at 4 decimals)
"""
import argparse
import csv
import json
import math
import sys


def unit_key(row, context):
    return row["case"] if context else (row["user"], row["scene"])


def read_held_out(path, context):
    held = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        need = ["case", "item"] if context else ["user", "scene", "item"]
        if reader.fieldnames is None or any(c not in reader.fieldnames for c in need):
            sys.exit(f"{path}:1: expected columns {','.join(need)}")
        for n, row in enumerate(reader, start=2):
            key = unit_key(row, context)
            if context and key in held:
                sys.exit(f"{path}:{n}: case {key!r} appears twice")
            held.setdefault(key, set()).add(row["item"])
    return held


def read_rankings(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        names = reader.fieldnames or []
        if "rank" not in names or "item" not in names:
            sys.exit(f"{path}:1: expected a rankings header with rank and item columns")
        context = "case" in names
        if not context and ("user" not in names or "scene" not in names):
            sys.exit(f"{path}:1: expected case,... or user,...,scene columns")
        lists = {}
        for n, row in enumerate(reader, start=2):
            try:
                rank = int(row["rank"])
            except (TypeError, ValueError):
                sys.exit(f"{path}:{n}: rank is not an integer: {row['rank']!r}")
            lists.setdefault(unit_key(row, context), []).append((rank, row["item"]))
    for key in lists:
        lists[key].sort()
    return context, lists


def score(held, lists, k):
    sums = {"hitrate": 0.0, "mrr": 0.0, "ndcg": 0.0, "recall": 0.0, "precision": 0.0}
    for key, relevant in held.items():
        top = [item for _, item in lists.get(key, [])][:k]
        ranks = [i + 1 for i, item in enumerate(top) if item in relevant]
        if ranks:
            sums["hitrate"] += 1.0
            sums["mrr"] += 1.0 / ranks[0]
        dcg = sum(1.0 / math.log2(r + 1) for r in ranks)
        idcg = sum(1.0 / math.log2(r + 1) for r in range(1, min(k, len(relevant)) + 1))
        sums["ndcg"] += dcg / idcg
        sums["recall"] += min(1.0, len(ranks) / len(relevant))
        sums["precision"] += len(ranks) / k
    n = len(held)
    if n == 0:
        sys.exit("no held-out unit")
    return {f"{name}@{k}": v / n for name, v in sums.items()}


def expected_metrics(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if "results" in doc and isinstance(doc["results"], list):
        return doc["results"][0]["metrics"]
    if isinstance(doc, list):
        return doc[0]["metrics"]
    return doc["metrics"]


def main():
    ap = argparse.ArgumentParser(description="Recompute ranking metrics from rankings + held-out items.")
    ap.add_argument("rankings")
    ap.add_argument("held_out")
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--json")
    ap.add_argument("--expect", help="evaluate --json output to compare with (its first result)")
    a = ap.parse_args()
    if a.k < 1:
        sys.exit("-k must be >= 1")
    context, lists = read_rankings(a.rankings)
    held = read_held_out(a.held_out, context)
    unknown = set(lists) - set(held)
    if unknown:
        sys.exit(f"{a.rankings}: {len(unknown)} units are not in {a.held_out}, e.g. {sorted(unknown)[0]!r}")
    m = score(held, lists, a.k)
    print(f"units {len(held)}  " + "  ".join(f"{name} {v:.4f}" for name, v in m.items()))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"units": len(held), "metrics": m}, f, indent=2)
    if a.expect:
        theirs = expected_metrics(a.expect)
        common = [name for name in m if name in theirs]
        if not common:
            sys.exit(f"{a.expect}: none of {', '.join(m)}")
        worst = 0.0
        for name in common:
            d = abs(m[name] - theirs[name])
            worst = max(worst, d)
            print(f"  {name}: rescored {m[name]:.6f}  evaluate {theirs[name]:.6f}  |diff| {d:.2e}")
        if worst >= 5e-5:
            print("DISAGREE at 4 decimals")
            sys.exit(1)
        print(f"agree to 4 decimals ({len(common)} metrics, largest |diff| {worst:.1e})")


if __name__ == "__main__":
    main()
