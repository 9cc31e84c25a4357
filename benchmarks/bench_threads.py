"""match() throughput from 1, 2, 4 and 8 threads, on the sample and on a synthetic 100k directory.

Run: python benchmarks/bench_threads.py [--calls N] [--sizes sample,100000] [--threads 1,2,4,8]
                                        [--without-lock]

The same calls (one ``match()`` per family, k=10) are shared among the threads
of a pool; each line prints the best calls per second of ``--repeat`` runs, its
ratio to one thread, and the least CPU time per call (all threads' CPU seconds
over the calls: on a shared, noisy machine the steadier figure, as runs are
interleaved and the best kept; more CPU per
call with more threads is the cost of contention) and the voluntary context
switches per call (each one a thread that had to wait, mostly for the GIL).  ``--without-lock`` runs
without the lock that lets one batch run at a time (``pfmatch._match._BATCH_LOCK``),
as before it was added, to show what it saves.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from _machine import machine_info
from bench_match import random_families

import pfmatch
import pfmatch._match as match_module
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


def _switches() -> int:
    """Voluntary context switches of this process so far (a thread waiting for the GIL)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_nvcsw


def run_once(d: Directory, fams: list[Any], threads: int) -> tuple[float, float, float]:
    """Calls per second, CPU milliseconds and voluntary context switches per call, one run."""
    t, c, v = time.perf_counter(), time.process_time(), _switches()
    if threads == 1:
        for f in fams:
            pfmatch.match(f, d, k=10)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda f: pfmatch.match(f, d, k=10), fams))
    n = len(fams)
    return (n / (time.perf_counter() - t), 1000 * (time.process_time() - c) / n,
            (_switches() - v) / n)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--sizes", default="sample,100000")
    ap.add_argument("--threads", default="1,2,4,8")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--without-lock", action="store_true")
    args = ap.parse_args()
    if args.without_lock:
        match_module._BATCH_LOCK = contextlib.nullcontext()  # type: ignore[assignment]
    print(machine_info())
    print(f"cores available to this process: {len(os.sched_getaffinity(0))}; "
          f"{'without' if args.without_lock else 'with'} the batch lock")
    print(f"{'directory':>10s} {'threads':>7s} {'calls/s':>9s} {'vs 1 thread':>11s} "
          f"{'CPU ms/call':>11s} {'switches/call':>13s}")
    for size in args.sizes.split(","):
        d = directory(size)
        fams = families(size, args.calls)
        for f in fams[:10]:  # warm-up: caches, lazy tables
            pfmatch.match(f, d, k=10)
        counts = [int(x) for x in args.threads.split(",")]
        runs: dict[int, list[tuple[float, float, float]]] = {n: [] for n in counts}
        for _ in range(args.repeat):  # interleaved, so that the machine's drift hits all alike
            for n in counts:
                runs[n].append(run_once(d, fams, n))
        base = max(r[0] for r in runs[counts[0]])
        for n in counts:
            rate = max(r[0] for r in runs[n])
            cpu_ms = min(r[1] for r in runs[n])
            switches = min(r[2] for r in runs[n])
            print(f"{size:>10s} {n:>7d} {rate:9.1f} {rate / base:10.2f}x {cpu_ms:11.2f} "
                  f"{switches:13.1f}")


if __name__ == "__main__":
    main()
