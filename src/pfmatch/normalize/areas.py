"""Service areas → normalized area tokens.

Tokens: ``zip:90011``, ``city:los angeles|ca``, ``county:los angeles|ca``,
``state:ca``, ``nation:us``.  Read from HSDS 3 ``service_areas`` (``name``,
``description``, ``extent`` with ``extent_type`` geojson) and from free-text
area lists ("San Mateo County", "Belmont, Burlingame", "Counties: Cook,
DuPage", "Baltimore City", "statewide", "nationwide", ZIP lists).  Place
names are checked against the ZIP database for the offering's state (or, for
counties, any state that has a county of that name when it is unique).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from pfmatch._geo import (
    county_key,
    county_states,
    place_key,
    state_cities,
    state_counties,
    zip_centroids,
    zip_info,
)
from pfmatch.normalize._text import as_list, as_str

__all__ = ["STATES", "AreaParse", "eligibility_area_tokens", "jurisdiction_tokens", "parse_area_text",
           "polygon_zips", "service_area_tokens"]

STATES: dict[str, str] = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "washington dc": "DC", "washington d c": "DC", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA",
    "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD",
    "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS",
    "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV", "new hampshire": "NH",
    "new jersey": "NJ", "new mexico": "NM", "new york": "NY", "new york state": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
    "washington state": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
    "puerto rico": "PR", "guam": "GU", "us virgin islands": "VI", "american samoa": "AS",
    "northern mariana islands": "MP",
}
_ABBR = frozenset(STATES.values()) | {"WA"}

_SPLIT = re.compile(r"[;,\n|]+|\s+and\s+|\s*&\s*|\s+/\s+", re.IGNORECASE)
_PREFIX = re.compile(r"^\s*(?:(?:count(?:y|ies)|cities|city|zip(?: ?codes?)?|zips?|states?)\s*:|"
                     r"serves?|serving|service area|areas? served|residents? of|"
                     r"available (?:to|in)|open to residents of)\s*[:\-]?\s*", re.IGNORECASE)
_KIND_PREFIX = re.compile(r"^\s*(count(?:y|ies)|cities|city|zip(?: ?codes?)?|zips?)\s*:\s*",
                          re.IGNORECASE)
_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b")
_NATION = re.compile(r"^(?:nation ?wide|national(?:ly)?|united states|usa|u s a|us|u s|"
                     r"all (?:50 )?states|entire (?:united states|country)|anywhere in the us)$")
_STATEWIDE = re.compile(r"\bstate ?wide\b|\bentire state\b|\bthroughout the state\b|"
                        r"\ball counties\b|\bany county\b", re.IGNORECASE)
_COUNTYWIDE = re.compile(r"^county ?wide$|^entire county$|^all of the county$")
_CITYWIDE = re.compile(r"^city ?wide$|^entire city$")
_COUNTY_WORD = re.compile(r"\s+(?:county|counties|co|parish|borough)$")
_LEADING_THE = re.compile(r"^(?:the|all of|all|entire|greater)\s+")
_CITY_STATE = re.compile(r",\s*([A-Z]{2})\b(?=\s*(?:[,;]|$|\d))")
_STATE_SUFFIX = re.compile(r"^(.*?)(?:\s+|,\s*)([a-z]{2})$")


@dataclass
class AreaParse:
    """What an area text says: tokens, and the parts not understood."""

    tokens: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    needs_state: bool = False


def _state_of(name: str) -> str | None:
    key = place_key(name).replace(".", "")
    key = key.removeprefix("state of ")
    if key in STATES:
        return STATES[key]
    up = key.upper()
    return up if len(up) == 2 and up in _ABBR else None


def _county_token(name: str, state: str | None) -> str | None:
    ck = county_key(name)
    if state and ck in state_counties(state):
        return f"county:{ck}|{state.lower()}"
    if not state:
        states = county_states(ck)
        if len(states) == 1:
            return f"county:{ck}|{next(iter(states)).lower()}"
    return None


def _city_token(name: str, state: str | None) -> str | None:
    ck = place_key(name)
    if state and ck in state_cities(state):
        return f"city:{ck}|{state.lower()}"
    return None


def _item(raw: str, state: str | None, kind: str | None, out: AreaParse) -> None:
    item = raw.strip().strip(".").strip()
    if not item:
        return
    key = _LEADING_THE.sub("", place_key(item))
    if not key:
        return
    zips = _ZIP.findall(item)
    if zips and not re.sub(r"[\d\s\-,]", "", item):
        for z in zips:
            if zip_info(z) is not None:
                out.tokens.append(f"zip:{z}")
            else:
                out.not_understood.append(z)
        return
    if _NATION.match(key):
        out.tokens.append("nation:us")
        return
    if _STATEWIDE.search(item):
        st = None
        for word in re.split(r"\s+", item):
            st = st or (_state_of(word) if len(word) > 2 else None)
        st = st or _state_of(re.sub(r"\s*state ?wide\s*", " ", key).strip()) or state
        if st:
            out.tokens.append(f"state:{st.lower()}")
        else:
            out.needs_state = True
        return
    st = _state_of(key)
    if st and kind is None:
        out.tokens.append(f"state:{st.lower()}")
        return
    if _COUNTYWIDE.match(key) or _CITYWIDE.match(key):
        out.not_understood.append(item)   # resolved by the caller when it knows the place
        return
    local_state = state
    m = _STATE_SUFFIX.match(key)
    if m and m.group(2).upper() in _ABBR:
        key, local_state = m.group(1).strip(" ,"), m.group(2).upper()
    is_county = bool(_COUNTY_WORD.search(key)) or (kind == "county")
    if is_county:
        tok = _county_token(_COUNTY_WORD.sub("", key), local_state)
        if tok:
            out.tokens.append(tok)
            return
        out.not_understood.append(item)
        return
    if key.endswith(" city") and local_state and key in state_counties(local_state):
        out.tokens.append(f"county:{key}|{local_state.lower()}")   # Baltimore City, St. Louis City
        return
    tok = _city_token(key, local_state)
    if tok:
        out.tokens.append(tok)
        return
    if kind in (None, "county"):
        tok = _county_token(key, local_state) if local_state else None
        if tok:
            out.tokens.append(tok)
            return
    out.not_understood.append(item)


@lru_cache(maxsize=4096)
def _parse_cached(text: str, state: str | None) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    out = AreaParse()
    for segment in re.split(r"[\n;]+", text):
        kind: str | None = None
        km = _KIND_PREFIX.match(segment)
        if km:
            k = km.group(1).lower()
            kind = "county" if k.startswith("count") else "zip" if k.startswith("zip") else "city"
        seg = _PREFIX.sub("", segment)
        # "Los Angeles, CA" is one place, not two.
        if not re.match(r"\s*states?\s*:", segment, re.IGNORECASE):
            seg = _CITY_STATE.sub(
                lambda m: f" {m.group(1)}" if m.group(1) in _ABBR else m.group(0), seg)
        for piece in _SPLIT.split(seg):
            _item(piece, state, kind, out)
    return tuple(dict.fromkeys(out.tokens)), tuple(out.not_understood), out.needs_state


def parse_area_text(text: str, state: str | None = None) -> AreaParse:
    """Parse one area text.

    Parameters
    ----------
    text : str
        "San Mateo County", "Belmont, Burlingame", "Counties: Cook, DuPage",
        "statewide", "nationwide", "21201, 21202"...  Never raises.
    state : str, optional
        Two-letter state of the offering (context for city and county names and
        for "statewide").

    Returns
    -------
    AreaParse
    """
    if not isinstance(text, str) or not text.strip():
        return AreaParse()
    toks, bad, needs = _parse_cached(text, state.upper() if state else None)
    return AreaParse(list(toks), list(bad), needs)


def _rings(geom: Any) -> list[list[npt.NDArray[np.float64]]]:
    """Polygons (each a list of rings as (n, 2) lon/lat arrays) in a GeoJSON object."""
    if not isinstance(geom, dict):
        return []
    t = geom.get("type")
    if t == "FeatureCollection":
        return [p for f in geom.get("features") or [] for p in _rings(f)]
    if t == "Feature":
        return _rings(geom.get("geometry"))
    if t == "GeometryCollection":
        return [p for g in geom.get("geometries") or [] for p in _rings(g)]
    # Untyped GeoJSON: missing or malformed coordinates raise TypeError/IndexError, which
    # the caller (polygon_zips) catches.
    coords: Any = geom.get("coordinates")
    if t == "Polygon":
        return [[np.asarray(r, dtype=np.float64)[:, :2] for r in coords]]
    if t == "MultiPolygon":
        return [[np.asarray(r, dtype=np.float64)[:, :2] for r in poly] for poly in coords]
    return []


def _inside(ring: npt.NDArray[np.float64], x: npt.NDArray[np.float64],
            y: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Even-odd ray casting for many points against one ring (vectorized over points)."""
    inside = np.zeros(x.shape, dtype=bool)
    xs, ys = ring[:, 0], ring[:, 1]
    xj, yj = np.roll(xs, 1), np.roll(ys, 1)
    for x1, y1, x2, y2 in zip(xs, ys, xj, yj, strict=False):
        if y1 == y2:
            continue
        crosses = (y1 > y) != (y2 > y)
        xint = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (x < xint)
    return inside


def polygon_zips(extent: Any) -> tuple[str, ...] | None:
    """ZIP codes whose centroids fall inside a GeoJSON extent.

    Parameters
    ----------
    extent : str or dict
        GeoJSON text or object (Polygon, MultiPolygon, Feature, FeatureCollection);
        holes are honoured.

    Returns
    -------
    tuple of str or None
        Sorted ZIPs (possibly empty); None when the extent is not valid GeoJSON.
    """
    try:
        geom = json.loads(extent) if isinstance(extent, str) else extent
        polys = _rings(geom)
    except (ValueError, TypeError, IndexError):
        return None
    if not polys:
        return None
    zips, lats, lons = zip_centroids()
    hit = np.zeros(zips.shape, dtype=bool)
    for rings in polys:
        outer = rings[0]
        if outer.ndim != 2 or len(outer) < 3:
            continue
        box = ((lons >= outer[:, 0].min()) & (lons <= outer[:, 0].max())
               & (lats >= outer[:, 1].min()) & (lats <= outer[:, 1].max()))
        idx = np.flatnonzero(box)
        if idx.size == 0:
            continue
        x, y = lons[idx], lats[idx]
        inside = _inside(outer, x, y)
        for hole in rings[1:]:
            inside &= ~_inside(hole, x, y)
        hit[idx[inside]] = True
    return tuple(sorted(str(z) for z in zips[hit]))


def service_area_tokens(service_areas: Any, *, state: str | None, county: str | None,
                        city: str | None) -> tuple[tuple[str, ...], list[str]]:
    """Area tokens for one offering, and the area texts not understood.

    Parameters
    ----------
    service_areas : list of dict
        HSDS 3 ``service_areas``.
    state, county, city : str or None
        The offering's place (for "statewide", "countywide", bare city names).

    Returns
    -------
    (tokens, problems)
        Sorted unique tokens; human-readable problems for the load report.
    """
    tokens: list[str] = []
    problems: list[str] = []
    for area in as_list(service_areas):
        etype = as_str(area.get("extent_type")).lower()
        extent = area.get("extent")
        if extent and etype in ("geojson", "") and (isinstance(extent, dict) or
                                                    as_str(extent).startswith("{")):
            zips = polygon_zips(extent)
            if zips is not None:
                tokens.extend(f"zip:{z}" for z in zips)
                continue
            if etype == "geojson":
                problems.append("service area extent is not valid GeoJSON; ignored")
        text = as_str(area.get("name")) or as_str(area.get("service_area")) or \
            as_str(area.get("description"))
        if not text:
            continue
        parsed = parse_area_text(text, state)
        tokens.extend(parsed.tokens)
        if parsed.needs_state:
            problems.append(f"service area '{text[:80]}' is statewide but the state is unknown; "
                            "treated as no stated area")
        for bad in parsed.not_understood:
            key = place_key(bad)
            if _COUNTYWIDE.match(key) and county and state:
                tokens.append(f"county:{county_key(county)}|{state.lower()}")
            elif _CITYWIDE.match(key) and city and state:
                tokens.append(f"city:{place_key(city)}|{state.lower()}")
            else:
                problems.append(f"service area '{bad[:80]}' not understood; treated as no stated "
                                "area")
    return tuple(sorted(set(tokens))), problems


# -- areas that a record states only in its names or eligibility prose --------

_RESIDENTS = re.compile(
    r"\b(?i:residents? of|resid(?:e|ing) in|liv(?:e|es|ing) in|serv(?:es|ing)|available to "
    r"residents of|open to residents of)\s+(?:the\s+)?([A-Z][\w.' ]{2,60}?(?:\s*(?:,|and|or)\s+"
    r"[A-Z][\w.' ]{2,60}?)*)(?=\s*(?:residents?\b|only\b|[.;:()]|$|\s+(?:who|with|that|and "
    r"(?:surrounding|nearby))\b))"
    r"|\b([A-Z][\w.' ]{2,60}?(?:\s*(?:,|and|or)\s+[A-Z][\w.' ]{2,60}?)*)\s+residents?\b",
    re.MULTILINE)
_ZIP_LIST = re.compile(r"\bzip(?: ?codes?)?\s*:?\s*((?:\d{5}(?:\s*(?:,|and|or)\s*)?)+)", re.IGNORECASE)
_CO_END = re.compile(r"\s+co$")
_CO_ABBR = re.compile(r"\bCo\.?(?=\s|$|,)")


@lru_cache(maxsize=64)
def _jurisdiction_pattern(state: str) -> re.Pattern[str] | None:
    """One pattern for "<county> County" / "<county> Co." / independent cities of a state."""
    parts = []
    for ck in sorted(state_counties(state), key=len, reverse=True):
        if ck.endswith(" city"):
            parts.append(re.escape(ck))          # "baltimore city": an independent city
        else:
            parts.append(re.escape(ck) + r"\s+(?:county|co)")
    if not parts:
        return None
    return re.compile(r"\b(" + "|".join(parts) + r")\b")


def jurisdiction_tokens(names: Any, state: str | None) -> tuple[str, ...]:
    """County tokens for the jurisdictions a service or organization is named for.

    "Harford County Health Department", "Baltimore County DSS, District Office",
    "Anne Arundel Co. WIC" and "Meals On Wheels, Baltimore City and Baltimore
    County" name the jurisdictions they serve; "Baltimore City" (an
    independent city) is kept apart from "Baltimore County".

    Parameters
    ----------
    names : iterable of str
        Service and organization names.
    state : str or None
        The offering's two-letter state; nothing is inferred without it.
    """
    if not state:
        return ()
    pat = _jurisdiction_pattern(state.upper())
    if pat is None:
        return ()
    out: set[str] = set()
    for name in names:
        if not name:
            continue
        key = place_key(as_str(name))
        for m in pat.finditer(key):
            out.add(f"county:{county_key(_CO_END.sub(' county', m.group(1)))}|{state.lower()}")
    return tuple(sorted(out))


def eligibility_area_tokens(text: str, state: str | None) -> tuple[str, ...]:
    """Area tokens stated in eligibility prose ("Baltimore County residents only",
    "Residents of Baltimore City", "Serves ZIP codes 21201, 21202").

    Only places the gazetteer knows become tokens; a phrase it does not know
    ("East Baltimore residents") gives nothing here.
    """
    if not text:
        return ()
    text = as_str(text)
    out: list[str] = []
    for m in _ZIP_LIST.finditer(text):
        out.extend(f"zip:{z}" for z in _ZIP.findall(m.group(1)) if zip_info(z) is not None)
    for m in _RESIDENTS.finditer(text):
        phrase = _CO_ABBR.sub("County", m.group(1) or m.group(2) or "")
        parsed = parse_area_text(phrase, state)
        if parsed.tokens and not parsed.not_understood:
            out.extend(parsed.tokens)
    return tuple(sorted(set(out)))
