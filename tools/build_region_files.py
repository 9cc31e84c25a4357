"""Build pfmatch region files (``pfmatch-regions/1`` TOML) from public crosswalks.

A planning area or neighbourhood statistical area is defined as a set of census
tracts; ZIP codes are not.  This builder joins two tables:

* **tract -> region**: the official tract list of each area (for the bundled
  files: BNIA-JFI's CSA-to-Tract-2010 for Baltimore's 55 Community Statistical
  Areas; LAHSA's 2017 Homeless Count tract file for Los Angeles County's eight
  Service Planning Areas);
* **ZCTA <-> tract**: the Census Bureau's ZCTA-to-tract relationship file
  (one row per ZCTA/tract pair that share area; optionally a weight column such
  as the part's population or residential addresses).

A ZIP belongs to a region when its ZCTA shares area with at least one of the
region's tracts and its *share* is at least ``min_share`` (default 0: any
overlap).  The share is the fraction of the ZIP's weight (or, when the
relationship table has no weight column, of the ZIP's tracts) that lies in the
region's tracts; it is written beside each region so a deployer can filter.
Every ZIP must also be a ZIP of the file's county: a ZIP of the state in the
offline ``zipcodes`` data whose county there is the file's county, or whose
ZCTA the relationship file places partly in the county's tracts (a ZIP that
straddles the county line, such as 21207 Gwynn Oak for Baltimore City).  Those
that are not (a ZIP with no USPS record, a ZIP wholly outside the county) are
left out and listed in the file's header, never dropped silently; straddling
ZIPs are listed there too, with the county the ZIP data gives them.  Regions with no official boundary (the informal names 211 staff use)
keep the ZIP list their spec gives, with its own source.

Usage::

    .venv/bin/python tools/build_region_files.py            # rebuild the bundled files
    .venv/bin/python tools/build_region_files.py --check    # exit 1 if they differ
    .venv/bin/python tools/build_region_files.py SPEC.toml -o my-regions.toml [--min-share 0.2]

The spec format is described in ``docs/regions.md`` ("Building a region file");
the bundled specs are ``tools/region_inputs/*/spec.toml``.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "tools" / "region_inputs"
OUTPUTS = ROOT / "src" / "pfmatch" / "data" / "regions"
SPEC_FORMAT = "pfmatch-region-spec/1"


class SpecError(Exception):
    """A spec or one of its tables is malformed: says which file, which field, what to fix."""


@dataclass(frozen=True)
class Built:
    """One built region: its spec entry, ZIPs with their shares, ZIPs left out."""

    spec: dict[str, Any]
    zips: tuple[str, ...]
    shares: dict[str, float]
    left_out: dict[str, str]
    straddling: dict[str, str]


def _need(table: dict[str, Any], key: str, where: str) -> Any:
    if key not in table or table[key] in ("", None):
        raise SpecError(f"{where}: '{key}' is missing")
    return table[key]


def _rows(path: Path, columns: Iterable[str], where: str) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise SpecError(f"{where}: table {path} does not exist") from None
    missing = [c for c in columns if rows and c not in rows[0]]
    if not rows or missing:
        raise SpecError(f"{where}: table {path} has no rows or lacks columns {missing}")
    return rows


def tract_regions(spec: dict[str, Any], base: Path) -> dict[str, set[str]]:
    """Tract GEOID (11 digits) -> region keys, from the spec's ``[tracts]`` table."""
    t = _need(spec, "tracts", "spec")
    col_tract, col_region = _need(t, "tract", "[tracts]"), _need(t, "region", "[tracts]")
    prefix = str(t.get("tract_prefix", ""))
    fill_by, fill = t.get("fill_by"), dict(t.get("fill", {}))
    rows = _rows(base / _need(t, "file", "[tracts]"), [col_tract, col_region], "[tracts]")
    out: dict[str, set[str]] = defaultdict(set)
    unfilled: dict[str, set[str]] = defaultdict(set)
    for i, r in enumerate(rows, 2):
        geoid = prefix + r[col_tract].strip()
        if len(geoid) != 11 or not geoid.isdigit():
            raise SpecError(f"[tracts] {t['file']} line {i}: {geoid!r} is not an 11-digit tract "
                            "GEOID (set tract_prefix to the state+county FIPS if the column "
                            "holds 6-digit tract codes)")
        region = r[col_region].strip()
        if region:
            out[geoid].add(region)
        elif fill_by:
            unfilled[geoid].add(r.get(fill_by, "").strip())
    for geoid, values in unfilled.items():
        if geoid in out:      # another row of the same tract names its region
            continue
        hits = {fill[v] for v in values if v in fill}
        if not hits:
            raise SpecError(f"[tracts] tract {geoid} has no region and its {fill_by} "
                            f"{sorted(values)} is not in [tracts.fill]")
        out[geoid] |= hits
    return dict(out)


def zcta_tracts(spec: dict[str, Any], base: Path) -> dict[str, dict[str, float]]:
    """ZCTA -> {tract GEOID: weight}, from the spec's ``[zcta_tract]`` table (weight 1 if none)."""
    z = _need(spec, "zcta_tract", "spec")
    col_z, col_t, col_w = _need(z, "zcta", "[zcta_tract]"), _need(z, "tract", "[zcta_tract]"), \
        z.get("weight")
    rows = _rows(base / _need(z, "file", "[zcta_tract]"), [col_z, col_t, *([col_w] if col_w else [])],
                 "[zcta_tract]")
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for i, r in enumerate(rows, 2):
        try:
            w = float(r[col_w]) if col_w else 1.0
        except ValueError:
            raise SpecError(f"[zcta_tract] {z['file']} line {i}: weight {r[col_w]!r} is not a "
                            "number") from None
        out[r[col_z].strip().zfill(5)][r[col_t].strip().zfill(11)] = w
    return dict(out)


def _county_zips(state: str, county: str) -> dict[str, str]:
    """Every ZIP of ``state`` in the offline ``zipcodes`` data -> its county."""
    import zipcodes

    return {r["zip_code"]: r["county"] for r in zipcodes.filter_by(state=state)}


def build(spec: dict[str, Any], base: Path, *, min_share: float | None = None) -> list[Built]:
    """The regions of a spec, each with its ZIP list derived from the crosswalks."""
    state, county = _need(spec, "state", "spec"), _need(spec, "county", "spec")
    fips = str(_need(spec, "county_fips", "spec"))
    threshold = float(spec.get("min_share", 0.0) if min_share is None else min_share)
    in_county = _county_zips(state, county)
    by_tract = tract_regions(spec, base)
    weights = zcta_tracts(spec, base)
    share: dict[str, dict[str, float]] = defaultdict(dict)   # region key -> zcta -> share
    for zcta, tracts in weights.items():
        total = sum(tracts.values())
        acc: dict[str, float] = defaultdict(float)
        for tract, w in tracts.items():
            for key in by_tract.get(tract, ()):
                acc[key] += w
        for key, w in acc.items():
            share[key][zcta] = w / total if total else 0.0
    known = {k for ks in by_tract.values() for k in ks}
    # ZCTAs with part of their area in the county's tracts (the relationship file's word)
    in_part = {z for z, tracts in weights.items() if any(t.startswith(fips) for t in tracts)}
    built = []
    for i, reg in enumerate(_need(spec, "regions", "spec"), 1):
        name = _need(reg, "name", f"region {i}")
        left: dict[str, str] = {}
        if "zips" in reg:           # an informal region: its list is given, not derived
            zips, shares = [str(z) for z in reg["zips"]], {}
        else:
            key = str(reg.get("tracts", name))
            if key not in known:
                raise SpecError(f"region {name!r}: no tract of [tracts] is in region {key!r}")
            shares = {z: s for z, s in share[key].items() if s > 0 and s >= threshold}
            zips = sorted(shares)
        kept, straddling = [], {}
        for z in zips:
            c = in_county.get(z)
            if c is None:
                left[z] = "not a ZIP of the state in the offline ZIP data"
            elif c.lower() != county.lower() and z not in in_part:
                left[z] = f"a ZIP of {c} in the offline ZIP data, no tract in {county}"
            else:
                kept.append(z)
                if c.lower() != county.lower():
                    straddling[z] = c
        if not kept:
            raise SpecError(f"region {name!r}: no ZIP of {county} is left")
        built.append(Built(reg, tuple(dict.fromkeys(kept)), shares, left, straddling))
    return built


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrap(items: list[str], first: str, indent: str, width: int = 100,
          sep: str = ",") -> list[str]:
    lines, cur = [], first
    for j, item in enumerate(items):
        piece = item + (sep if j < len(items) - 1 else "")
        if len(cur) + len(piece) + 1 > width and cur.strip():
            lines.append(cur.rstrip())
            cur = indent
        cur += piece + " "
    lines.append(cur.rstrip())
    return lines


def render(spec: dict[str, Any], built: list[Built], *, min_share: float | None = None) -> str:
    """The region file text for a built spec."""
    threshold = float(spec.get("min_share", 0.0) if min_share is None else min_share)
    out = [f"# {line}".rstrip() for line in str(spec.get("header", "")).strip().splitlines()]
    folder = spec.get("folder", "...")
    out += ["#",
            (f"# Generated by tools/build_region_files.py from tools/region_inputs/{folder}/"
             "spec.toml; do not edit by hand."),
            ("# ZIP rule: a ZIP is listed for a tract-defined region when its ZCTA shares area "
             "with one of"),
            f"# the region's tracts and its share is at least {threshold:g} (0 = any overlap)."]
    means = str(spec.get("share_means", "the fraction of the ZIP's weight in the region's tracts"))
    out += _wrap(f"'share' (the comment above each ZIP list) = {means}.".split(), "# ", "# ",
                 width=92, sep="")
    left_all = sorted({(z, why) for b in built for z, why in b.left_out.items()})
    if left_all:
        out.append("# Left out (not ZIPs of this county):")
        out += _wrap([f"{z} ({why})" for z, why in left_all], "#   ", "#   ")
    straddle = sorted({(z, c) for b in built for z, c in b.straddling.items()})
    if straddle:
        out.append("# Listed although the offline ZIP data puts them in another county (their ZCTA is")
        out.append("# partly in this county's tracts):")
        out += _wrap([f"{z} ({c})" for z, c in straddle], "#   ", "#   ")
    out += ["", 'format = "pfmatch-regions/1"', f"name = {_q(spec['name'])}",
            f"state = {_q(spec['state'])}", f"source = {_q(spec['source'])}"]
    section = None
    for b in built:
        reg = b.spec
        if reg.get("section") and reg["section"] != section:
            section = reg["section"]
            out += ["", f"# -- {section} " + "-" * max(3, 94 - len(section))]
        out += ["", "[[regions]]", f"name = {_q(reg['name'])}"]
        if reg.get("aliases"):
            out += _wrap([_q(a) for a in reg["aliases"]], "aliases = [", "           ")
            out[-1] += "]"
        if reg.get("source"):
            out.append(f"source = {_q(reg['source'])}")
        if b.shares:
            out += _wrap([f"{z} {b.shares[z]:.2f}" for z in b.zips], "# share: ", "#        ")
        out += _wrap([_q(z) for z in b.zips], "zips = [", "        ")
        out[-1] += "]"
    return "\n".join(out) + "\n"


def load_spec(path: Path) -> dict[str, Any]:
    """Read and check a spec file."""
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(f"spec {path} does not exist") from None
    except tomllib.TOMLDecodeError as e:
        raise SpecError(f"spec {path} is not valid TOML ({e})") from None
    if spec.get("format") != SPEC_FORMAT:
        raise SpecError(f"spec {path}: 'format' must be \"{SPEC_FORMAT}\"")
    spec.setdefault("folder", path.parent.name)
    return spec


def build_file(spec_path: Path, *, min_share: float | None = None) -> str:
    """The region file text a spec gives."""
    spec = load_spec(spec_path)
    return render(spec, build(spec, spec_path.parent, min_share=min_share), min_share=min_share)


def bundled_specs() -> list[tuple[Path, Path]]:
    """(spec, output file) for each bundled region file."""
    return [(p, OUTPUTS / f"{p.parent.name}.toml") for p in sorted(INPUTS.glob("*/spec.toml"))]


def main(argv: list[str] | None = None) -> int:
    """Command line: rebuild (or check) the bundled files, or build a deployer's spec."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("spec", nargs="?", type=Path, help="a spec TOML (default: the bundled ones)")
    ap.add_argument("-o", "--output", type=Path, help="where to write the region file")
    ap.add_argument("--min-share", type=float, help="leave out ZIPs with a smaller share")
    ap.add_argument("--check", action="store_true", help="exit 1 if a bundled file differs")
    args = ap.parse_args(argv)
    jobs = [(args.spec, args.output)] if args.spec else bundled_specs()
    stale = 0
    try:
        for spec_path, out in jobs:
            text = build_file(spec_path, min_share=args.min_share)
            if out is None:
                sys.stdout.write(text)
            elif args.check:
                if not out.exists() or out.read_text(encoding="utf-8") != text:
                    print(f"{out} differs from what {spec_path} builds")
                    stale += 1
            else:
                out.write_text(text, encoding="utf-8")
                print(f"wrote {out}")
    except SpecError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
