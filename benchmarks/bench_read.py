"""Read time of every shared dataset (median of 5 runs); prints, asserts nothing.

Run: ``.venv/bin/python benchmarks/bench_read.py [path/to/shared/data]``
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from pfmatch.io import read_directory

DATASETS = (
    "bchd-charmcare-baltimore",
    "ohana-smc-sample",
    "ilao-florida-legal-aid/ilao/raw-input",
    "ilao-florida-legal-aid/ilao/hsds-1.1-output",
    "ilao-florida-legal-aid/ilao/hsds-1.1-output-tmp",
    "hsds-spec-examples/v3.0/examples/csv",
    "hsds-spec-examples/v3.0/examples/json",
    "hsds-spec-examples/v3.0/examples/json/service_full.json",
)


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else (
        Path(__file__).resolve().parents[2] / "shared" / "data")
    if not root.is_dir():
        print(f"no shared data at {root}")
        return
    for name in DATASETS:
        path = root / name
        if not path.exists():
            print(f"{name:55s} absent")
            continue
        times = []
        for _ in range(5):
            start = time.perf_counter()
            result = read_directory(path)
            times.append(time.perf_counter() - start)
        c = result.report.counts
        print(f"{name:55s} {statistics.median(times) * 1000:7.1f} ms  "
              f"{c['services']:5d} services {c['locations']:5d} locations "
              f"{len(result.report.problems):5d} problems")


if __name__ == "__main__":
    main()
