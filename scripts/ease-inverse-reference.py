#!/usr/bin/env python3
"""Reference timing for EASE's dense step: numpy's inverse of an n x n SPD float32 matrix.

Times, on a matrix built like benchmarks' EaseInverseBenchmark (symmetric, off-diagonal
(R + R^T) / 2 with R uniform in [-1, 1), n on the diagonal: positive definite by Gershgorin):
  inv       numpy.linalg.inv (LU, getrf + getri: about 2 n^3 flops)
  cholesky  the SPD route (about n^3 flops): L = cholesky(A), then A^-1 = L^-T L^-1 with the
            triangular inverse taken by scipy.linalg.lapack.strtri when scipy is present, else
            by numpy.linalg.solve(L, I) (a general solve, so slower than LAPACK's potri).
Each is run `--repeat` times after one untimed warm-up on a small matrix; the best time is
printed with its GFLOP/s at n^3 flops, and the maximum |A X - I| of the last result as a check
(in float64, for n <= 8000 only: above, the check would cost more than the inverse).

The thread count is fixed before numpy loads (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS,
MKL_NUM_THREADS), default 2, so that the figure compares with the Java inverse on the same cores.

Usage:
  python3 scripts/ease-inverse-reference.py --n 8000 17632 --threads 2 [--repeat 1] [--only inv]
"""
import argparse
import os
import sys
import time


def parse():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, nargs="+", default=[4000], help="matrix orders (default 4000)")
    p.add_argument("--threads", type=int, default=2, help="BLAS threads (default 2)")
    p.add_argument("--repeat", type=int, default=1, help="timed runs per method (default 1)")
    p.add_argument("--only", choices=["inv", "cholesky"], help="run one method only")
    p.add_argument("--seed", type=int, default=1, help="seed of the matrix (default 1)")
    a = p.parse_args()
    if a.threads < 1 or a.repeat < 1 or any(n < 1 for n in a.n):
        p.error("--n, --threads and --repeat must be positive")
    return a


def main():
    args = parse()
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    import numpy as np  # after the thread variables: the BLAS reads them when it loads
    try:
        from scipy.linalg import lapack
    except ImportError:
        lapack = None

    def spd(n):
        rng = np.random.default_rng(args.seed)
        r = rng.uniform(-1.0, 1.0, size=(n, n)).astype(np.float32)
        a = (r + r.T) * np.float32(0.5)
        a[np.diag_indices(n)] = np.float32(n)
        return a

    def inv(a):
        return np.linalg.inv(a)

    def cholesky(a):
        l = np.linalg.cholesky(a)
        if lapack is not None:
            li, info = lapack.strtri(l, lower=1)
            if info != 0:
                raise ValueError("strtri failed: info %d" % info)
        else:
            li = np.linalg.solve(l, np.eye(a.shape[0], dtype=a.dtype))
        return li.T @ li

    methods = {"inv": inv, "cholesky": cholesky}
    if args.only:
        methods = {args.only: methods[args.only]}
    print("numpy %s, threads %d, triangular inverse by %s" % (
        np.__version__, args.threads, "scipy strtri" if lapack is not None else "numpy.linalg.solve"))
    warm = spd(256)
    for f in methods.values():
        f(warm)
    print("%-9s %7s %10s %9s %12s" % ("method", "n", "seconds", "GFLOP/s", "max|AX-I|"))
    for n in args.n:
        a = spd(n)
        for name, f in methods.items():
            best = float("inf")
            x = None
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                x = f(a)
                best = min(best, time.perf_counter() - t0)
            resid = float(np.abs(a.astype(np.float64) @ x.astype(np.float64) - np.eye(n)).max()) if n <= 8000 else float("nan")
            print("%-9s %7d %10.2f %9.1f %12.2e" % (name, n, best, n ** 3 / 1e9 / best, resid))
            sys.stdout.flush()
            del x


if __name__ == "__main__":
    main()
