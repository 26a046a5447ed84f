#!/usr/bin/env python3
"""Recompute P@k, R@k and NDCG@k from rankings written by recsys-eval, independently of Java.

Inputs:
  --rankings  CSV written by CsvOutput.writeRankings: header user,rank,item,score,scene
  --train     training file (user TAB item TAB rating TAB time, MovieLens format)
  --test      test file (same format)
  --k         cut-off (default 10)
  --threshold only test ratings >= threshold are relevant (default: every test item)
  --keep-train  do not drop relevant items the user already has in training
  --recompute-popularity  also rank items by training popularity here (ties: item first seen earlier in
              the train file, then the test file - the Java dense index order), excluding each user's
              training items, report metrics of that ranking and how many top-k lists differ from the
              written ones
  --expect    a JSON file written by JsonOutput; its metrics precision@k, recall@k, ndcg@k must
              agree with the recomputed values to 4 decimals (exit status 1 otherwise)

Definitions (as documented in dev.recsys.eval.metrics.RankingMetrics):
  relevant(u) = distinct test items of u (rating >= threshold if given), minus u's training items
                unless --keep-train; users with no relevant item are not evaluated;
  P@k = hits in top k / k (also for lists shorter than k); R@k = hits / |relevant|;
  NDCG@k = sum over ranks i<=k of rel_i / log2(i+1), divided by the ideal DCG over min(k, |relevant|).
The means run over evaluated users. Python 3 standard library only.
"""
import argparse
import csv
import json
import math
import sys
from collections import defaultdict


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.rstrip("\n").split("\t")]
            if len(parts) < 3:
                sys.exit(f"{path}:{no}: expected user TAB item TAB rating, got {line!r}")
            rows.append((parts[0], parts[1], float(parts[2])))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rankings", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--keep-train", action="store_true")
    ap.add_argument("--expect", default=None)
    ap.add_argument("--recompute-popularity", action="store_true")
    a = ap.parse_args()
    k = a.k

    seen = defaultdict(set)
    train_rows = read_tsv(a.train)
    test_rows = read_tsv(a.test)
    for u, i, _ in train_rows:
        seen[u].add(i)
    relevant = defaultdict(set)
    for u, i, r in test_rows:
        if a.threshold is not None and r < a.threshold:
            continue
        if not a.keep_train and i in seen[u]:
            continue
        relevant[u].add(i)

    lists = defaultdict(list)
    with open(a.rankings, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        for row in reader:
            if row["scene"] != "home":
                sys.exit(f"{a.rankings}: scene {row['scene']!r}; this check handles untagged (home) data only")
            lists[row["user"]].append((int(row["rank"]), row["item"]))

    users = sorted(u for u in relevant if relevant[u])
    if a.recompute_popularity:
        order = {}
        for _, i, _ in train_rows + test_rows:
            order.setdefault(i, len(order))
        count = defaultdict(int)
        for u, i, _ in train_rows:
            count[i] += 1
        catalogue = sorted(order, key=lambda i: (-count[i], order[i]))
        differ = 0
        own = {}
        for u in users:
            excl = set() if a.keep_train else seen[u]
            top = []
            for i in catalogue:
                if i not in excl:
                    top.append(i)
                    if len(top) == k:
                        break
            own[u] = top
            written = [item for _, item in sorted(lists.get(u, []))][:k]
            differ += top != written
        print(f"popularity ranking recomputed in python: {differ} of {len(users)} top-{k} lists differ from the written ones")
    p_sum = r_sum = n_sum = 0.0
    missing = 0
    for u in users:
        ranked = own[u] if a.recompute_popularity else [item for _, item in sorted(lists.get(u, []))]
        if u not in lists:
            missing += 1
        rel = relevant[u]
        top = ranked[:k]
        hits = [1 if item in rel else 0 for item in top]
        h = sum(hits)
        p_sum += h / k
        r_sum += h / len(rel)
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(hits))
        idcg = sum(1 / math.log2(i + 2) for i in range(min(k, len(rel))))
        n_sum += dcg / idcg
    n = len(users)
    extra = set(lists) - set(users)
    res = {f"precision@{k}": p_sum / n, f"recall@{k}": r_sum / n, f"ndcg@{k}": n_sum / n}
    print(f"users evaluated: {n} (ranked lists: {len(lists)}, users without a list: {missing}, lists of users without relevant items: {len(extra)})")
    for name, v in res.items():
        print(f"{name}: {v:.6f}")

    if a.expect:
        with open(a.expect, encoding="utf-8") as f:
            java = json.load(f)
        bad = False
        for name, v in res.items():
            j = java["metrics"].get(name)
            if j is None:
                print(f"{name}: not in {a.expect}")
                bad = True
                continue
            ok = round(v, 4) == round(j, 4) or abs(v - j) < 5e-5
            print(f"{name}: python {v:.6f} java {j:.6f} -> {'agree' if ok else 'DIFFER'} to 4 decimals")
            bad |= not ok
        if java.get("users_evaluated") != n:
            print(f"users evaluated differ: python {n}, java {java.get('users_evaluated')}")
            bad = True
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
