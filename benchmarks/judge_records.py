"""Print each family's top 10 beside the source records, for judging by reading them.

For every case of a judged set (``benchmarks/quality/*.json`` or
``../shared/quality/*.json``) this matches the family with k = 10 and prints,
per result and per pin, the engine's reasons and the *source record* row as the
directory's writers wrote it (service name, organization, description,
eligibility, service area, languages, address), plus the judgment already
recorded for that service id, if any. It reads the raw CSV files of the three
real directories in ``../shared/data`` (Baltimore iCarol/Ohana export, the raw
ILAO export with its HSDS 1.1 output, San Mateo Ohana sample).

Run: ``.venv/bin/python benchmarks/judge_records.py SET.json [CASE_ID ...] [--k 10]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import textwrap
from pathlib import Path

import pfmatch

REPO = Path(__file__).resolve().parents[1]
csv.field_size_limit(10_000_000)


def _rows(path: Path, key: str = "id") -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r.get(key) or "": r for r in csv.DictReader(fh)}


def _short(text: str | None, n: int) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1] + "…"


class Records:
    """Source rows of one real directory, keyed by service id."""

    def __init__(self, directory: Path) -> None:
        raw = directory.parent / "raw-input"
        if directory.resolve() == raw.resolve() and (directory.parent / "hsds-1.1-output").is_dir():
            # the raw ILAO export is loaded: show its HSDS 1.1 output beside it
            directory = directory.parent / "hsds-1.1-output"
        self.dir = directory
        self.services = _rows(directory / "services.csv")
        self.orgs = _rows(directory / "organizations.csv")
        self.locs = _rows(directory / "locations.csv")
        addrs = _rows(directory / "addresses.csv")
        self.addr_by_loc = {a.get("location_id", ""): a for a in addrs.values()}
        self.raw_services = _rows(raw / "services.csv", "Services-ID")
        self.raw_locs = _rows(raw / "locations.csv", "Location_id")
        sal = _rows(directory / "service_at_location.csv", "service_id")
        self.sal = {k: v.get("location_id", "") for k, v in sal.items()}

    def describe(self, sid: str, width: int) -> list[str]:
        s = self.services.get(sid)
        if s is None:
            return ["(no source row: built-in or unknown id)"]
        out = [f"name: {s.get('name')}  | alt: {s.get('alternate_name') or ''}"]
        loc_id = s.get("location_id") or self.sal.get(sid, "")
        loc = self.locs.get(loc_id, {})
        org = self.orgs.get(s.get("organization_id") or loc.get("organization_id", ""), {})
        out.append(f"org: {org.get('name', '?')}  | location: {loc.get('name', '')}")
        a = self.addr_by_loc.get(loc_id)
        if a:
            out.append(f"address: {a.get('address_1')}, {a.get('city')} {a.get('postal_code')}")
        for field, n in (("description", 700), ("audience", 200), ("eligibility", 300),
                         ("service_areas", 200), ("languages", 120),
                         ("interpretation_services", 120), ("fees", 100),
                         ("application_process", 160), ("keywords", 160)):
            if s.get(field):
                out.append(f"{field}: {_short(s[field], n)}")
        if loc.get("languages"):
            out.append(f"location languages: {_short(loc['languages'], 120)}")
        r = self.raw_services.get(sid)
        if r:
            for field in ("Is this service open?", "Service type", "Level of service",
                          "Featured content", "Application process", "Service is delivered",
                          "Income eligibility and fees", "Max percentage of income standard",
                          "Is this service limited to specific populations?",
                          "An individual must be one of these to qualify", "Geolocation"):
                if r.get(field):
                    out.append(f"raw {field}: {_short(r[field], 160)}")
            rl = self.raw_locs.get(r.get("Location ID", ""), {})
            if rl:
                out.append("raw area: all of Illinois=" + rl.get("Location serves all of Illinois", "")
                           + f" | limited to {rl.get('Service area limited to specific', '')}: "
                           + _short(" ".join(filter(None, (rl.get("Counties"), rl.get("Cities"),
                                                           rl.get("Zip codes")))), 200))
        return [textwrap.shorten(x, width * 3, placeholder="…") for x in out]


def show(path: Path, ids: list[str], k: int, only_unjudged: bool = False) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    directory = (REPO / data["directory"]).resolve()
    d = pfmatch.Directory.load(directory)
    rec = Records(directory)
    for case in data["cases"]:
        if ids and case["id"] not in ids:
            continue
        fam = {kk: v for kk, v in case["family"].items() if kk != "id"}
        r = pfmatch.match(fam, d, k=k)
        judged = case.get("judged", {})
        pins = case.get("judged_pins") or {}
        print("=" * 100)
        print(f"CASE {case['id']}: {json.dumps(fam)}")
        print(f"  needs: {[(n.code, n.source) for n in r.needs]}  unresolved: {list(r.unresolved)}")
        print(f"  flags: {[f.code for f in r.flags]}  notes: {list(r.notes)}")
        for m in list(r.pinned) + list(r):
            tag = "PIN" if m in r.pinned else f"#{m.rank}"
            j = (pins if m in r.pinned else judged).get(m.service_id, "UNJUDGED")
            print(f"--- {tag} {m.service_id} [{j}] score={m.score:.3f} "
                  f"dist={m.distance_km} needs={m.needs} langs={m.languages}")
            print(f"    reasons: {' | '.join(m.reasons)}")
            if m.warnings:
                print(f"    warnings: {' | '.join(m.warnings)}")
            if j != "UNJUDGED" and only_unjudged:
                continue
            for line in rec.describe(m.service_id, 100):
                print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("set", type=Path)
    ap.add_argument("ids", nargs="*")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--only-unjudged", action="store_true",
                    help="print source records only for results not yet judged")
    a = ap.parse_args(argv)
    show(a.set, a.ids, a.k, a.only_unjudged)
    return 0


if __name__ == "__main__":
    sys.exit(main())
