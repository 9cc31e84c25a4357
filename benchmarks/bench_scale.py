"""pfmatch at 10k / 100k / 1M offerings against two baselines (naive loop, SQLite).

Run from the repository root::

    .venv/bin/python benchmarks/bench_scale.py [--sizes 10000 100000 1000000] [--families 300]

For each size: synthetic offerings (``synth.py``) → pfmatch index build, save
and load of the persisted index (``benchmarks/.cache/``), resident memory per
offering of the loaded index, ``match()`` p50/p95 (k=10; reasons for the k
shown, ``explain=False``; and with ``explain=True`` on fewer families),
``match_many`` throughput on 2 worker processes, and the same families through
the naive loop and SQLite.  Ratios are pfmatch / baseline.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from _machine import machine_info, percentile_ms
from baselines import Naive, SQLite
from synth import make_families, make_offerings

import pfmatch
from pfmatch import Directory
from pfmatch._index import OfferingIndex

CACHE = Path(__file__).resolve().parent / ".cache"


def resident_bytes(ix: OfferingIndex) -> int:
    """Bytes the loaded index keeps in memory (memory-mapped display records excluded).

    Counts the dataclass columns and the dense views derived on first use
    (``need_dense``, ``lang_bits``, ...), so call it after a match.
    """
    total = 0
    values = [getattr(ix, name) for name in ix.__dataclass_fields__] + list(vars(ix).values())
    seen: set[int] = set()
    for v in values:
        for a in (v if isinstance(v, tuple) else (v,)):
            if id(a) in seen:
                continue
            seen.add(id(a))
            if isinstance(a, sp.spmatrix):
                total += a.data.nbytes + a.indices.nbytes + a.indptr.nbytes
            elif isinstance(a, np.ndarray):
                if isinstance(a, np.memmap) or (a.base is not None and isinstance(a.base, np.memmap)):
                    continue
                total += a.nbytes
                if a.dtype == object:
                    total += sum(sys.getsizeof(x) for x in set(a.tolist()) if x is not None)
    return total


def timed(fn: Any, items: list[Any]) -> list[float]:
    out = []
    for x in items:
        t = time.perf_counter()
        fn(x)
        out.append(time.perf_counter() - t)
    return out


def run(n: int, n_fam: int) -> dict[str, float]:
    r: dict[str, float] = {"n": n}
    t = time.perf_counter()
    offs = make_offerings(n)
    r["generate_s"] = time.perf_counter() - t
    fams = make_families(max(n_fam, 2000))
    lat_fams = fams[:n_fam]

    t = time.perf_counter()
    built = Directory.from_offerings(offs)
    r["build_s"] = time.perf_counter() - t
    path = CACHE / f"index-{n}"
    shutil.rmtree(path, ignore_errors=True)
    t = time.perf_counter()
    built.save(path)
    r["save_s"] = time.perf_counter() - t
    del built
    gc.collect()
    t = time.perf_counter()
    d = Directory.load(path, progress=False)
    r["load_s"] = time.perf_counter() - t
    r["blob_bytes_per_offering"] = (path / "offerings.bin").stat().st_size / n

    t = time.perf_counter()
    pfmatch.match(lat_fams[0], d, k=10)
    r["first_match_s"] = time.perf_counter() - t  # derives the dense views once
    for f in lat_fams[:20]:
        pfmatch.match(f, d, k=10)
    r["bytes_per_offering"] = resident_bytes(d.index) / n
    ts = timed(lambda f: pfmatch.match(f, d, k=10), lat_fams)
    r["p50_ms"], r["p95_ms"] = percentile_ms(ts, 50), percentile_ms(ts, 95)
    # the same families again: the shown offerings' explanation pieces are now cached
    ts = timed(lambda f: pfmatch.match(f, d, k=10), lat_fams)
    r["warm_p50_ms"], r["warm_p95_ms"] = percentile_ms(ts, 50), percentile_ms(ts, 95)
    n_ex = max(3, min(n_fam, 2_000_000 // n))
    ts = timed(lambda f: pfmatch.match(f, d, k=10, explain=True), lat_fams[:n_ex])
    r["explain_p50_ms"] = percentile_ms(ts, 50)

    batch = fams[: 2000 if n <= 100_000 else 500]
    pfmatch.match_many(batch[:100], d, k=10, n_jobs=2, progress=False)  # start workers
    t = time.perf_counter()
    pfmatch.match_many(batch, d, k=10, n_jobs=2, progress=False)
    r["many_per_s"] = len(batch) / (time.perf_counter() - t)
    t = time.perf_counter()
    pfmatch.match_many(batch, d, k=10, n_jobs=1, progress=False)
    r["serial_per_s"] = len(batch) / (time.perf_counter() - t)

    t = time.perf_counter()
    naive = Naive(offs)
    r["naive_build_s"] = time.perf_counter() - t
    n_naive = max(3, min(30, 300_000 // n))
    ts = timed(naive.match, lat_fams[:n_naive])
    r["naive_p50_ms"], r["naive_p95_ms"] = percentile_ms(ts, 50), percentile_ms(ts, 95)
    del naive

    t = time.perf_counter()
    sql = SQLite(offs)
    r["sqlite_build_s"] = time.perf_counter() - t
    n_sql = max(10, min(n_fam, 3_000_000 // n))
    ts = timed(sql.match, lat_fams[:n_sql])
    r["sqlite_p50_ms"], r["sqlite_p95_ms"] = percentile_ms(ts, 50), percentile_ms(ts, 95)
    del sql, offs
    gc.collect()
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--families", type=int, default=300)
    args = ap.parse_args()
    CACHE.mkdir(exist_ok=True)
    print(machine_info())
    rows = []
    for n in args.sizes:
        r = run(n, args.families)
        rows.append(r)
        print(f"\n== {n:,} offerings ==  (generate {r['generate_s']:.1f} s)", flush=True)
        print(f"pfmatch  build {r['build_s']:.1f} s, save {r['save_s']:.1f} s, "
              f"load persisted {r['load_s']:.3f} s, {r['bytes_per_offering']:.0f} B/offering resident "
              f"(+{r['blob_bytes_per_offering']:.0f} B/offering memory-mapped records); "
              f"first match {r['first_match_s']:.3f} s")
        print(f"{'':8s} {'p50 ms':>9s} {'p95 ms':>9s} {'families/s':>11s} {'build s':>8s}")
        print(f"{'pfmatch':8s} {r['p50_ms']:9.2f} {r['p95_ms']:9.2f} {r['many_per_s']:11.0f} "
              f"{r['build_s']:8.1f}   (explain=True p50 {r['explain_p50_ms']:.1f} ms; "
              f"1 process {r['serial_per_s']:.0f} families/s)")
        print(f"{'':8s} second pass over the same families: p50 {r['warm_p50_ms']:.2f} ms, "
              f"p95 {r['warm_p95_ms']:.2f} ms (explanation pieces cached)")
        print(f"{'naive':8s} {r['naive_p50_ms']:9.2f} {r['naive_p95_ms']:9.2f} "
              f"{1000 / r['naive_p50_ms']:11.1f} {r['naive_build_s']:8.1f}")
        print(f"{'sqlite':8s} {r['sqlite_p50_ms']:9.2f} {r['sqlite_p95_ms']:9.2f} "
              f"{1000 / r['sqlite_p50_ms']:11.1f} {r['sqlite_build_s']:8.1f}")
        print(f"ratio p50 pfmatch/naive {r['p50_ms'] / r['naive_p50_ms']:.4f}, "
              f"pfmatch/sqlite {r['p50_ms'] / r['sqlite_p50_ms']:.3f}", flush=True)


if __name__ == "__main__":
    main()
