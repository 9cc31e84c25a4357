"""The full build from HSDS 3.0 JSON at 10k / 100k (/ 1M) offerings.

Run from the repository root::

    .venv/bin/python benchmarks/bench_build.py [--sizes 10000 100000 1000000] [--repeat 1] [--reuse-index]

For each size: a synthetic HSDS 3.0 NDJSON directory (``synth_hsds.py``,
written once into ``benchmarks/.cache/hsds-<n>/``, reused afterwards) →
the same steps as :meth:`pfmatch.Directory.load`, timed one by one (read
``pfmatch.io.read_directory``, normalize ``pfmatch.normalize.normalize_services``,
index ``pfmatch._index.build_index``) → ``directory.save`` → load of the
saved index in a fresh process (time, and resident memory per offering from
the VmRSS delta of that load) → ``pfmatch.match(family, d, k=10)`` p50/p95
for 200 families at ZIP codes of the generated sites, on the index built
from JSON.  Times are medians over ``--repeat`` runs (the persisted load
over at least 3); on a shared machine they are noisy.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from _machine import machine_info, percentile_ms
from synth import make_families
from synth_hsds import write_hsds

import pfmatch
from pfmatch import Directory
from pfmatch._index import build_index
from pfmatch.io import read_directory
from pfmatch.normalize import normalize_services

CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 0

# Load a saved index in a fresh interpreter; print seconds and the VmRSS growth (bytes),
# then the same after a first match (which derives the index's dense views once).
_PERSISTED = """
import gc, json, sys, time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
import pfmatch, numpy, scipy.sparse
from pfmatch._needmap import NeedMap
from pfmatch._query import build_query
import pfmatch._explain
family = {"location": {"zip": sys.argv[2]}, "needs": ["food", "parenting"]}
build_query(family, tuple(NeedMap.default().factors))  # process-wide tables (ZIPs, needs), not the index
gc.collect()
before = rss()
t = time.perf_counter()
d = pfmatch.Directory.load(sys.argv[1], progress=False)
dt = time.perf_counter() - t
gc.collect()
loaded = rss() - before
t = time.perf_counter()
pfmatch.match(family, d, k=10)
first = time.perf_counter() - t
gc.collect()
print(json.dumps({"seconds": dt, "rss_delta": loaded, "n": len(d.index), "first_match_s": first,
                  "rss_delta_matched": rss() - before}))
"""


def ensure_json(n: int) -> tuple[Path, dict[str, Any]]:
    """The cached NDJSON file for ``n`` offerings and its generation facts (written if missing)."""
    folder = CACHE / f"hsds-{n}"
    path, meta_path = folder / "services.ndjson", folder / "meta.json"
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("seed") == SEED and meta.get("bytes") == path.stat().st_size:
            meta["cached"] = True
            return path, meta
    meta = write_hsds(n, path, seed=SEED)
    meta["seed"] = SEED
    meta_path.write_text(json.dumps(meta))
    meta["cached"] = False
    return path, meta


def build_once(path: Path) -> tuple[Directory, dict[str, float]]:
    """The steps of :meth:`Directory.load` on a JSON file, timed one by one."""
    gc.collect()
    t0 = time.perf_counter()
    result = read_directory(path)
    t1 = time.perf_counter()
    offerings = normalize_services(result.services, result.report)
    result.report.counts["offerings"] = len(offerings)
    t2 = time.perf_counter()
    index = build_index(offerings)
    t3 = time.perf_counter()
    d = Directory(index, result.report)
    return d, {"read": t1 - t0, "normalize": t2 - t1, "index": t3 - t2, "total": t3 - t0}


def persisted_load(folder: Path, zip5: str) -> dict[str, float]:
    """Load a saved index in a fresh Python process: seconds and resident-memory growth."""
    out = subprocess.run([sys.executable, "-c", _PERSISTED, str(folder), zip5], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def families_at(zips: list[str], n: int, seed: int = 1) -> list[dict[str, Any]]:
    """``n`` families (needs, languages, barriers, children from ``synth.make_families``) at the given ZIPs."""
    rng = np.random.default_rng(seed)
    fams = make_families(n, seed=seed)
    for f, j in zip(fams, rng.integers(0, len(zips), n).tolist(), strict=True):
        f["location"] = {"zip": zips[j]}
    return fams


def run(n: int, repeat: int, n_fam: int, reuse: bool = False) -> dict[str, Any]:
    """Every measurement for one size (``reuse``: load the index an earlier run saved, skip the build)."""
    r: dict[str, Any] = {"n": n}
    t = time.perf_counter()
    path, meta = ensure_json(n)
    r["write_s"] = time.perf_counter() - t
    r["cached"] = meta["cached"]
    r["bytes"] = path.stat().st_size
    r["services"] = meta["services"]
    r["states"] = meta["states"]

    saved = CACHE / f"hsds-{n}" / "index"
    r["reused"] = reuse and saved.is_dir()
    if r["reused"]:
        d = Directory.load(saved, progress=False)
        for key in ("read", "normalize", "index", "total", "save"):
            r[key + "_s"] = float("nan")
        r["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    else:
        stages: list[dict[str, float]] = []
        d = None
        for _ in range(repeat):
            d = None
            gc.collect()
            d, st = build_once(path)
            stages.append(st)
        assert d is not None
        for key in ("read", "normalize", "index", "total"):
            r[key + "_s"] = statistics.median(s[key] for s in stages)
        r["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    r["offerings"] = len(d.index)
    r["rankable"] = len(d)
    problems = d.report.problems
    r["problems"] = len(problems)
    r["skipped"] = sum(1 for p in problems if p.kind == "skipped")

    if not r["reused"]:
        shutil.rmtree(saved, ignore_errors=True)
        saves = []
        for _ in range(repeat):
            t = time.perf_counter()
            d.save(saved)
            saves.append(time.perf_counter() - t)
        r["save_s"] = statistics.median(saves)
    loads = [persisted_load(saved, meta["zips"][0]) for _ in range(max(3, repeat))]
    r["persisted_s"] = statistics.median(x["seconds"] for x in loads)
    r["rss_per_offering"] = statistics.median(x["rss_delta"] for x in loads) / r["offerings"]
    r["first_match_s"] = statistics.median(x["first_match_s"] for x in loads)
    r["rss_matched_per_offering"] = (statistics.median(x["rss_delta_matched"] for x in loads)
                                     / r["offerings"])

    fams = families_at(meta["zips"], n_fam)
    for f in fams[:10]:
        pfmatch.match(f, d, k=10)
    ts, empty = [], 0
    for f in fams:
        t = time.perf_counter()
        res = pfmatch.match(f, d, k=10)
        ts.append(time.perf_counter() - t)
        empty += len(res) == 0
    r["p50_ms"], r["p95_ms"] = percentile_ms(ts, 50), percentile_ms(ts, 95)
    r["empty_results"] = empty
    del d
    gc.collect()
    return r


def main() -> None:
    """Parse ``--sizes``/``--repeat``/``--families`` and print one block per size."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=1, help="builds per size (median reported)")
    ap.add_argument("--families", type=int, default=200)
    ap.add_argument("--reuse-index", action="store_true",
                    help="load the index an earlier run saved instead of building it again "
                         "(the 1M build takes ~9 minutes and ~16 GB)")
    args = ap.parse_args()
    CACHE.mkdir(exist_ok=True)
    print(machine_info())
    print(f"(times are medians of {args.repeat} build(s) / >=3 persisted loads; another workload may share "
          "the machine, so they are noisy)")
    for n in sorted(args.sizes):
        r = run(n, args.repeat, args.families, reuse=args.reuse_index)
        states = ", ".join(f"{k} {v}" for k, v in r["states"].items())
        written = "cached" if r["cached"] else f"written in {r['write_s']:.1f} s"
        print(f"\n== {n:,} offerings ==  HSDS NDJSON {r['bytes'] / 1e6:.1f} MB, {r['services']:,} services "
              f"({written}); {states}", flush=True)
        if r["reused"]:
            print("  load from JSON   (skipped: --reuse-index loaded the index an earlier run saved)")
        else:
            print(f"  load from JSON   {r['total_s']:8.2f} s  = read {r['read_s']:.2f} + normalize "
                  f"{r['normalize_s']:.2f} + index {r['index_s']:.2f}   ({r['total_s'] / n * 1e6:.0f} us/offering)")
        print(f"  offerings        {r['offerings']:8,d}    ({r['rankable']:,} rankable); load-report problems "
              f"{r['problems']:,} ({r['skipped']} skipped)")
        if not r["reused"]:
            print(f"  save             {r['save_s']:8.2f} s")
        print(f"  load persisted   {r['persisted_s']:8.3f} s   (fresh process); resident "
              f"{r['rss_per_offering']:.0f} B/offering (VmRSS delta)")
        print(f"  first match      {r['first_match_s']:8.3f} s   (derives dense views); resident after it "
              f"{r['rss_matched_per_offering']:.0f} B/offering")
        print(f"  match k=10       p50 {r['p50_ms']:.2f} ms, p95 {r['p95_ms']:.2f} ms over {args.families} "
              f"families at generated ZIPs ({r['empty_results']} with no results)")
        print(f"  peak RSS so far  {r['peak_rss_mb']:8.0f} MB (this process)", flush=True)


if __name__ == "__main__":
    main()
