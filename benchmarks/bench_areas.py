"""How much of each real directory pfmatch places and reads: areas, sites, languages.

Run: python benchmarks/bench_areas.py

Per real dataset in ../shared/data (skipped when absent), for the offerings
loaded:

* **stated** -- offerings whose record names a service area anywhere
  (service_areas, eligibility or description prose); **parsed** -- the share
  of those whose area was understood (the rest are "unknown": eligible, ranked
  after offerings known to serve the family's place).  Target: >= 90 % on
  Baltimore.  **unnamed** -- offerings that refer to an area without naming
  it ("within our catchment area", "target neighborhoods"): unknown too, but
  there is no place to parse, so they are counted apart.  **named** --
  offerings whose area comes only from the jurisdiction they are named for
  ("Harford County Health Department").
* **placed** -- physical sites with coordinates: the record's own, or placed
  offline from the address (by ZIP centroid, else by city).
* **languages** -- offerings whose languages are known.

The unknown area texts are listed (most frequent first) so they can be read
and the gazetteer or a region file extended.
"""

from __future__ import annotations

import collections
import sys

from _datasets import DATASETS
from _machine import machine_info

from pfmatch import Directory
from pfmatch.normalize.areas import _UNNAMED_AREA, stated_areas


def _pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:5.1f} %" if b else "    -  "


def main(show: int = 15) -> None:
    print(machine_info())
    print(f"{'dataset':30s} {'offers':>6s} {'stated':>6s} {'parsed':>8s} {'unknown':>7s} "
          f"{'named':>5s} {'unnamed':>7s} {'sites':>5s} {'placed':>8s} {'by ZIP':>6s} {'by city':>7s} "
          f"{'languages':>9s}")
    for name, path in DATASETS.items():
        if not path.exists():
            print(f"{name:30s} skipped: {path} absent")
            continue
        d = Directory.load(path, progress=False)
        offs = d.offerings
        stated = parsed = named = unnamed = 0
        unknown: collections.Counter[str] = collections.Counter()
        for o in offs:
            if o.area_unknown is not None:
                if _UNNAMED_AREA.search(o.area_unknown):
                    unnamed += 1     # "within our catchment area": no place named to parse
                else:
                    stated += 1
                unknown[o.area_unknown] += 1
            elif o.service_area and (stated_areas([o.eligibility or "", o.description],
                                                  o.state).stated or _from_service_areas(o)):
                stated += 1
                parsed += 1
            elif o.service_area:
                named += 1
        sites = [o for o in offs if not o.remote]
        placed = sum(o.latitude is not None for o in sites)
        by_zip = sum(o.placed_by == "zip" for o in sites)
        by_city = sum(o.placed_by == "city" for o in sites)
        langs = sum(o.languages_known for o in offs)
        print(f"{name:30s} {len(offs):6d} {stated:6d} {_pct(parsed, stated):>8s} "
              f"{stated - parsed:7d} {named:5d} {unnamed:7d} {len(sites):5d} {_pct(placed, len(sites)):>8s} "
              f"{by_zip:6d} {by_city:7d} {_pct(langs, len(offs)):>9s}")
        for text, n in unknown.most_common(show):
            print(f"      unknown x{n}: {text[:100]!r}")


def _from_service_areas(o: object) -> bool:
    """Whether an offering's tokens are not those its names alone give (so a record field gave them)."""
    from pfmatch.normalize.areas import jurisdiction_tokens

    names = (getattr(o, "service_name", ""), getattr(o, "organization_name", ""))
    return tuple(getattr(o, "service_area", ())) != jurisdiction_tokens(names, getattr(o, "state", None))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
