"""Where match_many's time goes: cProfile and per-stage timing on a saved synthetic index.

Run ``bench_scale.py`` first (it saves ``benchmarks/.cache/index-N``), then::

    python benchmarks/profile_match_many.py --size 100000 --families 2000

Prints the cProfile entries with the largest cumulative time for a serial
``match_many`` (after a warm-up batch), then the same run timed stage by stage
without the profiler (``time.perf_counter`` around the calls ``match_batch``
makes), in ms per family.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import sys
import time
from pathlib import Path
from typing import Any

from _machine import machine_info
from synth import make_families

import pfmatch
import pfmatch._match as match_mod
import pfmatch._rules as rules_mod
from pfmatch import Directory

CACHE = Path(__file__).parent / ".cache"
STAGES = ((match_mod, "build_query"), (match_mod, "QueryColumns"), (rules_mod, "_universe"),
          (rules_mod, "evaluate_rows"), (match_mod, "components_rows"), (match_mod, "weighted_sum"),
          (match_mod, "top_order"), (match_mod, "explain_rows"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--families", type=int, default=2000)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    path = CACHE / f"index-{args.size}"
    if not path.exists():
        sys.exit(f"{path} not found: run benchmarks/bench_scale.py --sizes {args.size} first")
    print(machine_info())
    d = Directory.load(path, progress=False)
    fams = make_families(args.families + 300)
    run = fams[: args.families]
    pfmatch.match_many(fams[args.families:], d, k=10, n_jobs=1, progress=False)  # warm-up

    prof = cProfile.Profile()
    prof.enable()
    pfmatch.match_many(run, d, k=10, n_jobs=1, progress=False)
    prof.disable()
    pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(args.top)

    spent: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*a: Any, **k: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
        return wrapper

    originals = [(mod, name, getattr(mod, name)) for mod, name in STAGES]
    for mod, name, fn in originals:
        setattr(mod, name, timed(name, fn))
    try:
        t = time.perf_counter()
        pfmatch.match_many(run, d, k=10, n_jobs=1, progress=False)
        total = time.perf_counter() - t
    finally:
        for mod, name, fn in originals:
            setattr(mod, name, fn)
    n = len(run)
    print(f"stages, ms per family over {n} families (no profiler): total {total / n * 1e3:.3f}")
    for name, s in spent.items():
        print(f"  {name:16s} {s / n * 1e3:.3f}")


if __name__ == "__main__":
    main()
