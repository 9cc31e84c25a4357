"""How many offerings of each real directory pfmatch reads a population or age limit for.

Run: python benchmarks/bench_populations.py [--dump FILE]

Per real dataset in ../shared/data (skipped when absent): the share of
offerings with any population limit (``normalize.populations``), the count
per population code, and the share with a stated minimum or maximum age.
These are the over-exclusion guard of the reading fixes: a population-limited
offering is ranked after offerings open to the family, so a jump in these
shares means offerings that are for everyone may be losing their place.
``--dump`` writes one line per service (id, codes, ages) so two engines can
be diffed and every newly limited record read.
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

import numpy as np
from _datasets import REAL_211 as DATASETS

from pfmatch import Directory
from pfmatch.normalize.populations import POPULATIONS


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dump", type=Path, help="write per-service codes and ages here")
    args = ap.parse_args()
    lines: list[str] = []
    for name, path in DATASETS.items():
        if not path.exists():
            print(f"{name}: skipped ({path} absent)")
            continue
        idx = Directory.load(path).index
        seen: dict[str, int] = {}
        for i, sid in enumerate(idx.service_id.tolist()):
            seen.setdefault(sid, i)
        rows = np.array(list(seen.values()), dtype=np.int64)
        pop = idx.population.take(rows)
        counts = collections.Counter(code for b, code in enumerate(POPULATIONS)
                                     for v in pop.tolist() if v >> b & 1)
        n = len(rows)
        aged = (~np.isnan(idx.min_age.take(rows)) | ~np.isnan(idx.max_age.take(rows))).sum()
        print(f"{name}: {n} services; population-limited {int((pop != 0).sum())} "
              f"({100 * (pop != 0).mean():.1f} %); age-limited {int(aged)} ({100 * aged / n:.1f} %)")
        print("   " + ", ".join(f"{c} {k}" for c, k in counts.most_common()))
        for sid, i in seen.items():
            codes = [c for b, c in enumerate(POPULATIONS) if int(idx.population[i]) >> b & 1]
            lines.append(f"{name[:9]}\t{sid}\t{','.join(codes)}\t{idx.min_age[i]}\t{idx.max_age[i]}\t"
                         f"{idx.offering(i).service_name}")
    if args.dump:
        args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
