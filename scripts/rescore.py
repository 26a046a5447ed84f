#!/usr/bin/env python3
"""Independent re-scoring of a context protocol's rankings (standard library only).

Reads the two files `recsys evaluate --protocol basket|session` writes with
`--rankings RANKINGS.csv --held-out HELD_OUT.csv`:

  RANKINGS.csv   case,user,rank,item,score   (rank 1-based, one row per listed item)
  HELD_OUT.csv   case,user,item,context_size (the held-out item of every evaluated case)

and recomputes, over every case of HELD_OUT.csv (a case without rows in RANKINGS.csv scores 0):

  HitRate@k = mean of [held-out item ranked <= k]
  MRR@k     = mean of 1 / rank            (0 when not in the top k)
  NDCG@k    = mean of 1 / log2(rank + 1)  (0 when not in the top k; one relevant item, so IDCG = 1)

The rank is the row's position after sorting a case's rows by their rank column, so the script
does not trust the file's row order.

usage: python3 scripts/rescore.py RANKINGS.csv HELD_OUT.csv [-k 10] [--json RESULT.json]
       [--expect EVALUATE.json]   compare with the figures of `evaluate --json` (exit 1 if any
                                  differs by 5e-5 or more, i.e. disagrees at 4 decimals)
"""
import argparse
import csv
import json
import math
import sys


def read_held_out(path):
    held = {}
    with open(path, newline="", encoding="utf-8") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            case = row.get("case")
            if case is None or row.get("item") is None:
                sys.exit(f"{path}:{n}: expected columns case,user,item")
            if case in held:
                sys.exit(f"{path}:{n}: case {case!r} appears twice")
            held[case] = row["item"]
    return held


def read_rankings(path):
    lists = {}
    with open(path, newline="", encoding="utf-8") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            try:
                rank = int(row["rank"])
            except (KeyError, TypeError, ValueError):
                sys.exit(f"{path}:{n}: expected an integer rank column")
            lists.setdefault(row["case"], []).append((rank, row["item"]))
    for case in lists:
        lists[case].sort()
    return lists


def score(held, lists, k):
    hit = mrr = ndcg = 0.0
    for case, target in held.items():
        items = [item for _, item in lists.get(case, [])][:k]
        if target in items:
            r = items.index(target) + 1
            hit += 1.0
            mrr += 1.0 / r
            ndcg += 1.0 / math.log2(r + 1)
    n = len(held)
    if n == 0:
        sys.exit("no held-out case")
    return {f"hitrate@{k}": hit / n, f"mrr@{k}": mrr / n, f"ndcg@{k}": ndcg / n}


def main():
    ap = argparse.ArgumentParser(description="Recompute HitRate/MRR/NDCG from rankings + held-out items.")
    ap.add_argument("rankings")
    ap.add_argument("held_out")
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--json")
    ap.add_argument("--expect", help="evaluate --json output to compare with (first result)")
    a = ap.parse_args()
    if a.k < 1:
        sys.exit("-k must be >= 1")
    held = read_held_out(a.held_out)
    lists = read_rankings(a.rankings)
    unknown = set(lists) - set(held)
    if unknown:
        sys.exit(f"{a.rankings}: {len(unknown)} cases are not in {a.held_out}, e.g. {sorted(unknown)[0]!r}")
    m = score(held, lists, a.k)
    print(f"cases {len(held)}  " + "  ".join(f"{name} {v:.4f}" for name, v in m.items()))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"cases": len(held), "metrics": m}, f, indent=2)
    if a.expect:
        with open(a.expect, encoding="utf-8") as f:
            theirs = json.load(f)["results"][0]["metrics"]
        worst = 0.0
        for name, v in m.items():
            if name not in theirs:
                sys.exit(f"{a.expect}: no metric {name}")
            d = abs(v - theirs[name])
            worst = max(worst, d)
            print(f"  {name}: rescored {v:.6f}  evaluate {theirs[name]:.6f}  |diff| {d:.2e}")
        if worst >= 5e-5:
            print("DISAGREE at 4 decimals")
            sys.exit(1)
        print("agree to 4 decimals")


if __name__ == "__main__":
    main()
