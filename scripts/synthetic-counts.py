#!/usr/bin/env python3
"""Write a synthetic implicit-feedback file shaped like a listening-count or basket log.

Every item is held by at least one user (so a model's catalogue is the whole item range), the
remaining rows follow a power-law item popularity and a log-normal user activity, and each
(user, item) pair appears once with a count >= 1 (geometric). Deterministic for a seed.
Used to time models at catalogue scale (EASE, Mult-VAE, CDAE) on data of a known shape without
redistributing a licensed data set; for example the shape of hetrec Last.fm:

  python3 scripts/synthetic-counts.py --users 1892 --items 17632 --rows 92800 > /tmp/lastfm-like.csv

Output: CSV with the header `user,item,value` (read with
`--format csv --columns user=user,item=item,value=value,fixed-behavior=view`).
"""
import argparse
import sys

import numpy as np


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, required=True)
    p.add_argument("--items", type=int, required=True)
    p.add_argument("--rows", type=int, required=True, help="distinct (user, item) pairs, >= items")
    p.add_argument("--exponent", type=float, default=0.9, help="item popularity ~ rank^-exponent")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    if a.users < 1 or a.items < 1 or a.rows < a.items or a.rows > a.users * a.items:
        p.error("need users >= 1, items >= 1 and items <= rows <= users * items")
    rng = np.random.default_rng(a.seed)
    pop = (np.arange(1, a.items + 1, dtype=np.float64)) ** -a.exponent
    pop /= pop.sum()
    act = rng.lognormal(0.0, 1.0, a.users)
    act /= act.sum()
    pairs = set()
    # every item once, with a user drawn by activity
    for i, u in enumerate(rng.choice(a.users, size=a.items, p=act)):
        pairs.add((int(u), i))
    while len(pairs) < a.rows:
        n = (a.rows - len(pairs)) * 2
        us = rng.choice(a.users, size=n, p=act)
        its = rng.choice(a.items, size=n, p=pop)
        for u, i in zip(us, its):
            pairs.add((int(u), int(i)))
            if len(pairs) >= a.rows:
                break
    out = sys.stdout
    out.write("user,item,value\n")
    for u, i in sorted(pairs):
        out.write("u%d,i%d,%d\n" % (u, i, rng.geometric(0.05)))


if __name__ == "__main__":
    main()
