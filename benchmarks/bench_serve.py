"""``pfmatch serve`` under a bounded load on the 100k directory, beside ``match_many``.

Run from the repository root::

    .venv/bin/python benchmarks/bench_serve.py [--size 100000] [--requests 600]
        [--duration 45] [--workers 2]

It builds (or reuses) the synthetic 100k index in ``benchmarks/.cache/``
(the one ``bench_scale.py`` writes), measures ``match_many`` on the same
families and the same number of processes as the service's workers (the
baseline), then starts ``pfmatch serve`` on a loopback port and runs 1, 8 and
32 concurrent keep-alive clients, each level for a fixed number of requests
or a fixed duration, whichever ends first; then an over-capacity level (256
clients against a service holding at most 16 requests per worker) to show it
sheds with 503 instead of queuing.  It stops by itself and prints throughput,
p50, p99 and errors per level.

The clients are a few lines of asyncio HTTP/1.1 in a separate process
(``_loadgen.py``: standard library only, every request pre-encoded), so the
load generator takes as little as it can of the cores; but it runs on the same
cores as the server, so every figure includes the clients' own CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
from _machine import machine_info
from synth import make_families, make_offerings

import pfmatch
from pfmatch import Directory
from pfmatch.serve._launch import ServerProcess

CACHE = Path(__file__).resolve().parent / ".cache"
LOADGEN = Path(__file__).resolve().parent / "_loadgen.py"
TARGET_P99_MS = 50.0
TARGET_RATIO = 0.70


def index_path(n: int) -> Path:
    path = CACHE / f"index-{n}"
    if not (path / "pfmatch-index.json").is_file():
        print(f"building the synthetic {n:,}-offering index in {path} (once) ...", flush=True)
        CACHE.mkdir(exist_ok=True)
        Directory.from_offerings(make_offerings(n)).save(path)
    return path


def _level(url: str, bodies_file: Path, clients: int, requests: int,
           duration_s: float) -> dict[str, float]:
    """One level, run by the load generator in its own process (see ``_loadgen.py``)."""
    host, port = url.removeprefix("http://").split(":")
    out = subprocess.run([sys.executable, str(LOADGEN), host, port, str(bodies_file),
                          str(clients), str(requests), str(duration_s)],
                         capture_output=True, check=True, text=True,
                         timeout=duration_s + 120).stdout
    doc = json.loads(out)
    status = Counter({int(k): v for k, v in doc["status"].items()})
    wall = doc["wall_s"]
    a = np.asarray(doc["lat"]) * 1000.0 if doc["lat"] else np.asarray([np.nan])
    return {"clients": clients, "requests": sum(status.values()), "ok": status[200],
            "shed": status[503], "errors": sum(v for k, v in status.items() if k not in (200, 503)),
            "wall_s": wall, "rps": status[200] / wall, "p50": float(np.percentile(a, 50)),
            "p99": float(np.percentile(a, 99))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--families", type=int, default=1000)
    ap.add_argument("--requests", type=int, default=600, help="requests per level (at most)")
    ap.add_argument("--duration", type=float, default=45.0, help="seconds per level (at most)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    print(machine_info())
    path = index_path(args.size)
    d = Directory.load(path, progress=False)
    fams = make_families(args.families)
    bodies = [json.dumps({"family": f, "k": 10}) for f in fams]
    tmp = tempfile.TemporaryDirectory(prefix="pfmatch-bench-serve-")
    all_bodies, warm_bodies = Path(tmp.name) / "bodies.jsonl", Path(tmp.name) / "warm.jsonl"
    all_bodies.write_text("\n".join(bodies) + "\n", encoding="utf-8")
    warm_bodies.write_text("\n".join(bodies[:50]) + "\n", encoding="utf-8")
    print(f"directory: {len(d.index):,} offerings (saved index {path.name}); "
          f"{len(fams)} synthetic families; k=10")

    # -- the baseline: match_many on the same cores, results as JSON as the service sends --
    def baseline() -> float:
        t = time.perf_counter()
        for r in pfmatch.match_many(fams, d, k=10, n_jobs=args.workers, progress=False):
            r.to_json()
        return len(fams) / (time.perf_counter() - t)

    print(f"load average (1 min) before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(other work on the machine counts against every figure below)")
    pfmatch.match_many(fams[:100], d, k=10, n_jobs=args.workers, progress=False)  # warm up
    base_before = baseline()
    t = time.perf_counter()
    for f in fams[:300]:
        pfmatch.match(f, d, k=10).to_json()
    one = 300 / (time.perf_counter() - t)
    print(f"baseline match_many n_jobs={args.workers}: {base_before:,.0f} families/s; "
          f"match() in a loop, 1 process: {one:,.0f} families/s")

    print("the load generator is a separate process on the same cores as the server: "
          "its CPU counts against every figure")
    levels = [1, 8, 32]
    rows = []
    # with its access log on, as in production (to a file here)
    with ServerProcess([str(path), "--open", "--workers", str(args.workers)]) as s:
        _level(s.url, warm_bodies, 4, 100, 30)  # warm up every worker
        for c in levels:
            rows.append(_level(s.url, all_bodies, c, args.requests, args.duration))
    with ServerProcess([str(path), "--open", "--workers", str(args.workers), "--max-pending",
                        "16"]) as s:
        _level(s.url, warm_bodies, 4, 100, 30)
        over = _level(s.url, all_bodies, 256, args.requests * 2, args.duration)

    base_after = baseline()
    base = (base_before + base_after) / 2
    print(f"baseline again after the service: {base_after:,.0f} families/s; ratios below use "
          f"the mean, {base:,.0f}/s; load average now {os.getloadavg()[0]:.1f}")
    print(f"\n{'clients':>7} {'requests':>8} {'ok':>6} {'503':>5} {'errors':>6} "
          f"{'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'vs match_many':>13}")
    for r in [*rows, over]:
        print(f"{r['clients']:>7} {r['requests']:>8} {r['ok']:>6} {r['shed']:>5} "
              f"{r['errors']:>6} {r['rps']:>7.0f} {r['p50']:>7.1f} {r['p99']:>7.1f} "
              f"{r['rps'] / base:>12.0%}")
    at32 = rows[-1]
    print(f"\ntargets: p99 <= {TARGET_P99_MS:.0f} ms at 32 clients: "
          f"{'met' if at32['p99'] <= TARGET_P99_MS else 'NOT met'} ({at32['p99']:.1f} ms); "
          f"throughput >= {TARGET_RATIO:.0%} of match_many: "
          f"{'met' if at32['rps'] >= TARGET_RATIO * base else 'NOT met'} "
          f"({at32['rps'] / base:.0%})")
    # Little's law: 32 closed-loop clients wait 32 / throughput seconds on average, so
    # the engine's own rate on these cores bounds the latency the service can reach.
    print(f"bound: 32 clients at the match_many rate ({base:,.0f}/s) wait "
          f"{32_000 / base:.0f} ms on average; a p99 of {TARGET_P99_MS:.0f} ms needs at least "
          f"{32_000 / TARGET_P99_MS:,.0f} answers/s")
    print(f"over capacity (256 clients, --max-pending 16): {over['shed']} shed with 503, "
          f"{over['errors']} other errors, p99 of all answers {over['p99']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
