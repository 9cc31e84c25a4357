"""Match quality on judged real-data cases: the yardstick every change is read against.

For each judged set (today ``../shared/quality/baltimore-dev.json``: 18 Baltimore
families judged by reading the source records), match every family with k = 5
and print:

* precision@5 over the judged results (relevant = 1, partly = 0.5, irrelevant
  and infeasible = 0), with how many results were judged;
* infeasible results in the top 5 (the family cannot use them);
* pins graded wrong, and pins not yet graded;
* every result not yet judged, with its service name, so that it can be judged
  by reading its record (it counts neither as right nor as wrong).

The judgments belong to the commit they were made at: a change that moves new
services into the top 5 leaves them unjudged until someone reads them.

Run: ``.venv/bin/python benchmarks/bench_quality.py [--unjudged]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import pfmatch

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GAIN = {"relevant": 1.0, "partly": 0.5, "irrelevant": 0.0, "infeasible": 0.0}
BASELINE = {"baltimore-dev.json": "precision@5 0.39, 24/90 infeasible, wrong pins in 3/3 pinned "
                                  "cases (commit bba8cf2, from the set's README)"}


def evaluate(path: Path, show_unjudged: bool) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    # the set names its directory relative to a checkout ("../shared/data/...")
    directory = (REPO / data["directory"]).resolve()
    t0 = time.perf_counter()
    d = pfmatch.Directory.load(directory)
    load_s = time.perf_counter() - t0
    judged_n = gain = 0.0
    infeasible = wrong_pins = ungraded_pins = results = 0
    unjudged: list[str] = []
    pinned_cases = 0
    for case in data["cases"]:
        family: dict[str, Any] = {k: v for k, v in case["family"].items() if k != "id"}
        r = pfmatch.match(family, d, k=5)
        judged: dict[str, str] = case.get("judged", {})
        pins: dict[str, str] = case.get("judged_pins") or {}
        if r.pinned:
            pinned_cases += 1
        for p in r.pinned:
            verdict = pins.get(p.service_id)
            if verdict is None:
                ungraded_pins += 1
                unjudged.append(f"  {case['id']} PIN {p.service_id} {p.service}")
            elif verdict.startswith("wrong"):
                wrong_pins += 1
        for m in r:
            results += 1
            j = judged.get(m.service_id)
            if j is None:
                unjudged.append(f"  {case['id']} #{m.rank} {m.service_id} {m.service} / "
                                f"{m.organization}")
                continue
            judged_n += 1
            gain += GAIN[j]
            infeasible += j == "infeasible"
    p5 = gain / judged_n if judged_n else float("nan")
    print(f"{path.name}: {len(data['cases'])} families, directory loaded in {load_s:.1f} s")
    print(f"  precision@5 (judged results only)  {p5:.2f}   ({int(judged_n)}/{results} judged)")
    print(f"  infeasible in the top 5            {infeasible}")
    print(f"  pins graded wrong                  {wrong_pins}   (not yet graded: {ungraded_pins}; "
          f"cases with pins: {pinned_cases})")
    print(f"  baseline                           {BASELINE.get(path.name, 'none recorded')}")
    if show_unjudged and unjudged:
        print("  not yet judged (read the record, then add the judgment):")
        print("\n".join(unjudged))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--unjudged", action="store_true", help="list every result not yet judged")
    args = ap.parse_args(argv)
    sets = sorted((SHARED / "quality").glob("*.json")) + sorted(
        (REPO / "benchmarks" / "quality").glob("*.json"))
    if not sets:
        print(f"no judged sets found under {SHARED / 'quality'}", file=sys.stderr)
        return 1
    for path in sets:
        evaluate(path, args.unjudged)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
