"""Directory.load() time (read + normalize + index) on the real directories in ../shared/data.

Run: python benchmarks/bench_load.py
The issue target: the Baltimore iCarol export (1,876 services) loads in under 3 s.
"""

from __future__ import annotations

import statistics
import time

from _datasets import DATASETS
from _machine import machine_info

from pfmatch._directory import Directory, sample_path


def main() -> None:
    print(machine_info())
    cases = dict(DATASETS)
    cases["bundled LA County sample"] = sample_path() / "services.json"
    print("first = the first load in this process (pays one-time costs: regex and table set-up,")
    print("the ZIP index); median = of the next three loads")
    print(f"{'dataset':32s} {'services':>8s} {'offerings':>9s} {'problems':>8s} {'first s':>8s} {'median s':>9s}")
    for name, path in cases.items():
        if not path.exists():
            print(f"{name:32s} skipped: {path} absent")
            continue
        times = []
        for _ in range(4):
            t = time.perf_counter()
            d = Directory.load(path)
            times.append(time.perf_counter() - t)
        c = d.report.counts
        print(f"{name:32s} {c['services']:8d} {c['offerings']:9d} {len(d.report.problems):8d} "
              f"{times[0]:8.2f} {statistics.median(times[1:]):9.2f}")


if __name__ == "__main__":
    main()
