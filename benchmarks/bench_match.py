"""match() latency on the bundled sample directory.

Run: python benchmarks/bench_match.py [--families N]
Prints p50/p95 latency per call (k=10) with and without explain=True, for the
example families and random families, plus sample-directory load time.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from _machine import machine_info, percentile_ms

import pfmatch
from pfmatch._directory import Directory, _sample

ROOT = Path(__file__).resolve().parents[1]
NEEDS = ["food", "rent_assistance", "child_care", "parenting_education", "mental_health",
         "diapers", "help w/ rent", "comida", "early_intervention", "support_groups", "utilities"]
BARRIERS = ["no_transportation", "no_phone", "work_hours", "needs_childcare", "cost"]


def random_families(n: int, seed: int = 0) -> list[dict]:
    rnd = random.Random(seed)
    zips = ["90011", "90012", "90022", "90033", "90044", "91331", "91342", "90802", "93535", "91744"]
    fams = []
    for _ in range(n):
        fams.append({
            "location": {"zip": rnd.choice(zips)},
            "languages": rnd.choice([["es", "en"], ["en"], ["ko"], ["zh", "en"], ["hy"]]),
            "needs": rnd.sample(NEEDS, rnd.randint(1, 3)),
            "barriers": rnd.sample(BARRIERS, rnd.randint(0, 2)),
            "children": [{"age_months": rnd.randint(1, 120)}],
        })
    return fams


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--families", type=int, default=300)
    args = ap.parse_args()
    print(machine_info())
    _sample.cache_clear()
    t0 = time.perf_counter()
    d = Directory.sample()
    load_s = time.perf_counter() - t0
    print(f"sample directory: {len(d.index)} offerings, loaded and indexed in {load_s:.2f} s")

    examples = [json.loads(p.read_text()) for p in sorted((ROOT / "examples").glob("*.json"))]
    fams = examples + random_families(args.families)
    for f in fams[:20]:  # warm-up
        pfmatch.match(f, d, k=10)
    print(f"{'case':28s} {'calls':>6s} {'p50 ms':>8s} {'p95 ms':>8s}")
    for label, explain in (("match(k=10)", False), ("match(k=10, explain=True)", True)):
        times = []
        for f in fams:
            t = time.perf_counter()
            pfmatch.match(f, d, k=10, explain=explain)
            times.append(time.perf_counter() - t)
        print(f"{label:28s} {len(times):6d} {percentile_ms(times, 50):8.2f} {percentile_ms(times, 95):8.2f}")


if __name__ == "__main__":
    main()
