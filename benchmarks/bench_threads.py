"""match() throughput from 1, 2, 4 and 8 threads, on the sample and on a synthetic 100k directory.

Run: python benchmarks/bench_threads.py [--calls N] [--sizes sample,100000] [--threads 1,2,4,8]

The same calls (one ``match()`` per family, k=10) are shared among the threads
of a pool; each line prints calls per second and the ratio to one thread.
``match()`` is thread-safe (nothing it shares is written after the directory is
built); a ratio below 1.0 means the threads slow each other down (the GIL
held by Python code, a lock or a shared cache), above 1.0 that numpy
released the GIL for part of the work.  On a machine with C cores no more
than C threads can run numpy code at once.
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from _machine import machine_info
from bench_match import random_families

import pfmatch
from pfmatch._directory import Directory


def directory(size: str) -> Directory:
    if size == "sample":
        return Directory.sample()
    from synth import make_offerings

    return Directory.from_offerings(make_offerings(int(size)))


def families(size: str, n: int) -> list[Any]:
    if size == "sample":
        return random_families(n)
    from synth import make_families

    return make_families(n)


def throughput(d: Directory, fams: list[Any], threads: int, repeat: int = 3) -> float:
    """Best calls per second of ``repeat`` runs."""
    best = 0.0
    for _ in range(repeat):
        t = time.perf_counter()
        if threads == 1:
            for f in fams:
                pfmatch.match(f, d, k=10)
        else:
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(lambda f: pfmatch.match(f, d, k=10), fams))
        best = max(best, len(fams) / (time.perf_counter() - t))
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--sizes", default="sample,100000")
    ap.add_argument("--threads", default="1,2,4,8")
    args = ap.parse_args()
    print(machine_info())
    print(f"cores available to this process: {len(os.sched_getaffinity(0))}")
    print(f"{'directory':>10s} {'threads':>7s} {'calls/s':>9s} {'vs 1 thread':>11s}")
    for size in args.sizes.split(","):
        d = directory(size)
        fams = families(size, args.calls)
        for f in fams[:10]:  # warm-up: caches, lazy tables
            pfmatch.match(f, d, k=10)
        base = None
        for n in (int(x) for x in args.threads.split(",")):
            rate = throughput(d, fams, n)
            base = base or rate
            print(f"{size:>10s} {n:>7d} {rate:9.1f} {rate / base:10.2f}x")


if __name__ == "__main__":
    main()
