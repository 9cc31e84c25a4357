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
from pfmatch.normalize.regions import Regions, bundled_regions

__all__ = ["STATES", "AreaParse", "StatedAreas", "eligibility_area_tokens", "jurisdiction_tokens",
           "parse_area_text", "polygon_zips", "service_area_tokens", "stated_areas"]

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

_SPLIT = re.compile(r"[;,\n|]+|\s+and\s+|\s+or\s+|\s*&\s*|\s+/\s+", re.IGNORECASE)
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
_CITY_OF = re.compile(r"^(?:the\s+)?(?:city|town|village) of\s+")
_AREA_SUFFIX = re.compile(
    r"\s+(?:and (?:the )?(?:surrounding|nearby|neighboring) (?:areas?|communities|counties|cities)|"
    r"and vicinity|metro(?:politan)? area|areas?|region|vicinity|communit(?:y|ies)|"
    r"neighbou?rhoods?)$")


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


@lru_cache(maxsize=64)
def _unspaced_counties(state: str) -> dict[str, str]:
    """A state's county keys by their spelling without spaces ("lasalle" -> "lasalle")."""
    return {k.replace(" ", ""): k for k in state_counties(state)}


def _county_token(name: str, state: str | None) -> str | None:
    ck = county_key(name)
    if state and ck not in state_counties(state):
        # "La Salle" / "LaSalle", "Dewitt" / "De Witt": writers space these names either way
        ck = _unspaced_counties(state).get(ck.replace(" ", ""), ck)
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


def _item(raw: str, state: str | None, kind: str | None, out: AreaParse,
          regions: Regions | None = None, prefer_county: bool = False) -> None:
    item = raw.strip().strip(".").strip()
    if not item:
        return
    raw_key = place_key(item)
    key = _LEADING_THE.sub("", raw_key)
    if not key:
        return
    # "Pasadena area", "greater Lauraville", "Compton and surrounding areas"
    key = _LEADING_THE.sub("", _AREA_SUFFIX.sub("", key)) or key
    city_of = bool(_CITY_OF.match(key))
    key = _CITY_OF.sub("", key) or key
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
    if regions is not None and kind in (None, "city") and not city_of:
        region = regions.lookup(raw_key, state) or regions.lookup(key, state)
        if region is not None:
            out.tokens.extend(region.tokens())
            return
    local_state = state
    m = _STATE_SUFFIX.match(key)
    if m and m.group(2) == "co" and "," not in key:
        m = None   # "Anne Arundel Co.": County, not Colorado
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
    if city_of and local_state and f"{key} city" in state_counties(local_state):
        out.tokens.append(f"county:{key} city|{local_state.lower()}")   # City of Baltimore
        return
    if prefer_county and local_state:   # "Anne Arundel, Baltimore County, Carroll": Carroll County
        tok = _county_token(key, local_state)
        if tok:
            out.tokens.append(tok)
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


_FULL_STATE_AFTER = re.compile(
    r"(?<=\w),\s*(" + "|".join(sorted((re.escape(s) for s in STATES if " " not in s or
                                        s.startswith(("new ", "north ", "south ", "west ",
                                                      "rhode ", "district "))),
                                       key=len, reverse=True)) + r")\b(?=\s*(?:[;,.]|$))",
    re.IGNORECASE)
_SURROUNDING = re.compile(r"\s+and (?:the )?(?:surrounding|nearby|neighbou?ring) (?:areas?|"
                          r"communities|counties|cities|towns)\b", re.IGNORECASE)
_BARE_COUNTY = re.compile(r"^\s*(?:the\s+)?count(?:y|ies)\s*$", re.IGNORECASE)
_CITY_END = re.compile(r"^(.*\S)\s+city\s*$", re.IGNORECASE)


@lru_cache(maxsize=8192)
def _parse_cached(text: str, state: str | None, regions: Regions | None
                  ) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    out = AreaParse()
    for segment in re.split(r"[\n;]+", text):
        if regions is not None:   # a region name may hold "and" or "&": try it whole first
            raw_whole = place_key(_PREFIX.sub("", segment))
            whole = _LEADING_THE.sub("", _AREA_SUFFIX.sub("", raw_whole))
            region = (regions.lookup(raw_whole, state) or regions.lookup(whole, state)
                      ) if whole else None
            if region is not None:
                out.tokens.extend(region.tokens())
                continue
        kind: str | None = None
        km = _KIND_PREFIX.match(segment)
        if km:
            k = km.group(1).lower()
            kind = "county" if k.startswith("count") else "zip" if k.startswith("zip") else "city"
        seg = _SURROUNDING.sub("", _PREFIX.sub("", segment))
        # "Harford County, Maryland": the state qualifies the place before it
        seg = _FULL_STATE_AFTER.sub(lambda m: " " + STATES[place_key(m.group(1))], seg)
        # "Los Angeles, CA" is one place, not two.
        if not re.match(r"\s*states?\s*:", segment, re.IGNORECASE):
            seg = _CITY_STATE.sub(
                lambda m: f" {m.group(1)}" if m.group(1) in _ABBR else m.group(0), seg)
        previous = ""
        pieces = _SPLIT.split(seg)
        prefer_county = len(pieces) > 1 and state is not None and (
            bool(re.search(r"\bcount(?:y|ies)\b", seg, re.IGNORECASE)) or any(
                (k := place_key(p).strip(" .")) in state_counties(state) and k not in
                state_cities(state) for p in pieces))
        for piece in pieces:
            # "Baltimore City and County": the bare "County" is the city's namesake county
            city = _CITY_END.match(previous)
            if _BARE_COUNTY.match(piece) and city:
                piece = f"{city.group(1)} County"
            _item(piece, state, kind, out, regions, prefer_county)
            previous = piece
    return tuple(dict.fromkeys(out.tokens)), tuple(out.not_understood), out.needs_state


def parse_area_text(text: str, state: str | None = None, regions: Regions | None = None
                    ) -> AreaParse:
    """Parse one area text.

    Parameters
    ----------
    text : str
        "San Mateo County", "Belmont, Burlingame", "Counties: Cook, DuPage",
        "statewide", "nationwide", "21201, 21202"...  Never raises.
    state : str, optional
        Two-letter state of the offering (context for city and county names and
        for "statewide").
    regions : Regions, optional
        Region files for local names ("SPA 6", "Hampden"); default: the
        bundled ones (:func:`pfmatch.normalize.regions.bundled_regions`).

    Returns
    -------
    AreaParse
    """
    if not isinstance(text, str) or not text.strip():
        return AreaParse()
    regs = bundled_regions() if regions is None else regions
    toks, bad, needs = _parse_cached(text, state.upper() if state else None, regs)
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
                        city: str | None, regions: Regions | None = None
                        ) -> tuple[tuple[str, ...], list[str]]:
    """Area tokens for one offering, and the area texts not understood.

    Each ``service_areas`` item is read from every place it states its area,
    in turn: a GeoJSON ``extent`` (the ZIPs inside it), a text ``extent``
    ("90201, 90255"), then ``name`` / ``service_area`` and ``description``.
    An item whose name is a region but whose extent lists ZIPs gets the ZIPs.

    Parameters
    ----------
    service_areas : list of dict
        HSDS 3 ``service_areas``.
    state, county, city : str or None
        The offering's place (for "statewide", "countywide", bare city names).
    regions : Regions, optional
        Region files for local names (default: the bundled ones).

    Returns
    -------
    (tokens, problems)
        Sorted unique tokens; human-readable problems for the load report
        (one per area text not understood).
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
        elif extent and isinstance(extent, str):
            parsed = parse_area_text(extent, state, regions)
            if parsed.tokens:
                tokens.extend(parsed.tokens)
                continue
        texts = [x for x in (as_str(area.get("name")) or as_str(area.get("service_area")),
                             as_str(area.get("description"))) if x]
        bad_texts: list[str] = []
        for text in texts:
            got, bad = _area_text_tokens(text, state, county, city, regions)
            if got:
                tokens.extend(got)
                break
            bad_texts.extend(bad)
        else:
            problems.extend(f"service area '{b[:80]}' not understood; kept eligible everywhere, "
                            "ranked after offerings known to serve the family's place"
                            for b in bad_texts)
    return tuple(sorted(set(tokens))), problems


def _area_text_tokens(text: str, state: str | None, county: str | None, city: str | None,
                      regions: Regions | None) -> tuple[list[str], list[str]]:
    """(tokens, parts not understood) of one area text, "countywide" resolved by the place."""
    parsed = parse_area_text(text, state, regions)
    tokens = list(parsed.tokens)
    bad: list[str] = []
    if parsed.needs_state:
        bad.append(text)
    for part in parsed.not_understood:
        key = place_key(part)
        if _COUNTYWIDE.match(key) and county and state:
            tokens.append(f"county:{county_key(county)}|{state.lower()}")
        elif _CITYWIDE.match(key) and city and state:
            tokens.append(f"city:{place_key(city)}|{state.lower()}")
        else:
            bad.append(part)
    return tokens, bad


# -- areas that a record states only in its names or eligibility prose --------

_NAME = r"[A-Z][\w.'\u2019&/\- ]{2,60}?"
_RESIDENTS = re.compile(
    r"\b(?i:residents? of|resid(?:e|es|ing) in|liv(?:e|es|ing) in|serv(?:es|ing)|available to "
    r"residents of|open to residents of|anyone in)\s+(?:the\s+)?(" + _NAME +
    r"(?:\s*(?:,|and|or)\s+" + _NAME + r")*)(?=\s*(?:residents?\b|only\b|(?<!\b[A-Z])\.|[;:()]|$|"
    r"\s+(?:who|"
    r"with|that|and (?:surrounding|nearby))\b))"
    r"|\b(" + _NAME + r"(?:\s*(?:,|and|or)\s+" + _NAME + r")*)\s+residents?\b",
    re.MULTILINE)
_ZIP_LIST = re.compile(r"\bzip(?: ?codes?)?\s*:?\s*((?:\d{5}(?:\s*(?:,|;|and|or)\s*)?)+)", re.IGNORECASE)
_CO_ABBR = re.compile(r"\bCo\.?(?=\s|$|,)")
#: Labelled area lines in descriptions: "Counties served: Charles, St. Mary's",
#: "Serving zip codes: 21227", "SERVICE AREA: Greater Lauraville area of ...".
_LABELLED = re.compile(
    r"(?im)^[\s\-\u2022*o]*(counties served|cities served|zip codes served|serving zip codes|"
    r"service areas?|areas? served|geographic(?:al)? areas?(?: served)?|serves? (?:the )?"
    r"following (?:areas|counties|zip codes))\s*:[ \t]*([^\n]{2,300})")
#: Area statements that name no place the gazetteer can know: the offering
#: states an area, and it stays unknown (not "everywhere").
_UNNAMED_AREA = re.compile(
    r"(?i)\b(?:(?:within|in|from|of) (?:the |our |its |their |one of the |a )?(?:designated |"
    r"specific |certain |selected |target(?:ed)? )?(?:service|catchment|target|coverage) areas?|"
    r"target (?:areas?|neighbou?rhoods?)|catchment areas?|within the boundaries of|"
    r"(?:specific|certain|selected|designated|participating) (?:zip codes|neighbou?rhoods|"
    r"communities|areas)|see service area notes?|geographical limitations)\b")
#: "County residents", "a resident of the county", "city resident": the offering's own place.
_OWN_COUNTY = re.compile(r"(?i)\b(?:county residents?|residents? of (?:the |this )?county|"
                         r"resid(?:e|ing) in (?:the |this )?county|live in (?:the |this )?county)\b")
_OWN_CITY = re.compile(r"(?i)\b(?:city residents?|residents? of (?:the |this )?city|"
                       r"resid(?:e|ing) in (?:the |this )?city|live in (?:the |this )?city)\b")
_NOT_A_NAME = frozenset({"Must", "All", "Any", "The", "A", "Open", "Serves", "Only", "For", "To",
                         "Resident", "Residents", "Eligible", "Low", "Income"})


def _own(rx: re.Pattern[str], text: str) -> bool:
    """Whether ``text`` says "county residents" / "city resident" of its own place.

    "Baltimore County residents" names a county: the word before "County" is a
    name, so it is not the offering's own county.
    """
    for m in rx.finditer(text):
        before = text[:m.start()].split()
        prev = before[-1] if before else ""
        if m.group(0)[:1] in "Cc" and prev[:1].isupper() and prev.strip(".,;:") not in _NOT_A_NAME:
            continue
        return True
    return False


#: Words that make a "... residents" phrase about people, not places.
_NOT_PLACE = frozenset(
    ["low", "income", "moderate", "adult", "adults", "latino", "latina", "hispanic", "jewish", "christian", "catholic", "muslim", "community", "senior", "seniors", "elderly", "public", "housing", "eligible", "any", "all", "new", "first", "time", "legally", "blind", "uninsured", "underinsured", "homeless", "disabled", "veteran", "veterans", "resident", "residents", "eligible", "qualified", "qualifying", "local", "area", "neighborhood", "other", "member", "members", "female", "male", "women", "men", "youth", "young", "older", "permanent", "legal", "undocumented", "tenant", "tenants"])
_GEO_WORD = re.compile(r"(?i)\b(?:county|counties|city|town|village|zip|district|ward|heights|"
                       r"park|hill|hills|village|valley|north|south|east|west|northeast|northwest|"
                       r"southeast|southwest|upper|lower|downtown|uptown|shore|island|parish|"
                       r"borough|township)\b")


# Substring pre-checks (much cheaper than a regex search over a long description).
_LABEL_HINT = ("served", "serving zip", "service area", "geographic", "following")
_ELIGIBILITY_HINT = ("resid", "live", "living", "serv", "anyone in")
_RESIDENT_HINT_WORDS = ("resid", "live in", "living in", "lives in")
_RESIDENT_HINT = re.compile(r"resid|live in|living in|lives in")
_OWN_HINT_COUNTY = ("county resid", "the county", "this county")
_OWN_HINT_CITY = ("city resid", "the city", "this city")
_UNNAMED_HINT = ("service area", "catchment", "target", "coverage area", "boundaries of", "specific",
                 "certain", "selected", "designated", "participating", "geographical limit")

_ABBREV_DOT = re.compile(r"\b(st|mt|ft|co|dr|ave|no|inc|jr|sr)\. ")


def _sentences_with(text: str, low: str, rx: re.Pattern[str]) -> str:
    """The sentences (or lines) of ``text`` in which ``rx`` matches its lower-cased ``low``."""
    spans: list[tuple[int, int]] = []
    # "St. Mary's County" does not end a sentence (same length, so positions still match)
    low = _ABBREV_DOT.sub(lambda m: m.group(1) + "_ ", low)
    for m in rx.finditer(low):
        if spans and m.start() < spans[-1][1]:
            continue
        a = max(low.rfind(". ", 0, m.start()) + 2, low.rfind("\n", 0, m.start()) + 1, 0)
        ends = [e for e in (low.find(". ", m.end()), low.find("\n", m.end())) if e >= 0]
        spans.append((a, min(ends) + 1 if ends else len(low)))
    return "\n".join(text[a:b] for a, b in spans)


@dataclass
class StatedAreas:
    """What a record's prose says about its area.

    Attributes
    ----------
    tokens : tuple of str
        Area tokens read from the statements (empty: none understood).
    unparsed : list of str
        Statements that name an area the gazetteer does not know ("East of
        the Jones Falls residents", "within our catchment area").
    """

    tokens: tuple[str, ...] = ()
    unparsed: list[str] = field(default_factory=list)

    @property
    def stated(self) -> bool:
        """Whether the prose states an area at all."""
        return bool(self.tokens or self.unparsed)


#: A period after two letters or digits ends a sentence ("ages 13-19. Serves ..."); one
#: after a single initial does not ("L.A. County").
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)]{2})\.\s+")
_TRAILING_JOIN = re.compile(r"(?i)(?:\s+(?:and|or|&|including|in))+\s*$")
_DIRECTION = re.compile(r"(?i)^(?:the\s+)?(?:north|south|east|west|northern|southern|eastern|"
                        r"western|northeast|northwest|southeast|southwest|central|upper|lower)"
                        r"(?:ern)?\s+")


def _phrase_tokens(phrase: str, state: str | None, regions: Regions | None
                   ) -> tuple[list[str], list[str]]:
    """(tokens, place-like parts not understood) of one "residents of ..." phrase.

    A part that is not a place ("anyone", "low-income") is ignored; a part
    that looks like a place but is not known makes the statement unknown (a
    partial reading would exclude families the service serves).  A phrase
    that does not parse whole is tried without its leading words ("However
    if you are a Washington County" → "Washington County") and without a
    direction ("South Montgomery County" → Montgomery County, the smallest
    known area that holds it).
    """
    words = phrase.split()
    # trimmed phrases start at a capitalized word ("... a Washington County" → "Washington County")
    starts = [0, *(i for i in range(max(1, len(words) - 8), len(words)) if words[i][:1].isupper())]
    for start in starts:
        cand = " ".join(words[start:])
        parsed = parse_area_text(cand, state, regions)
        bad = [b for b in parsed.not_understood if _place_like(b, state)]
        if start and any(tk.startswith(("state:", "nation:")) for tk in parsed.tokens):
            continue   # "Prince's George County MD" is not "MD": a trimmed phrase stays local
        if parsed.tokens and not bad:
            return list(parsed.tokens), []
        if not parsed.tokens and _DIRECTION.match(cand):
            inner = parse_area_text(_DIRECTION.sub("", cand), state, regions)
            if inner.tokens and not inner.not_understood:
                return list(inner.tokens), []
        if parsed.tokens and bad and start == 0:
            return list(parsed.tokens), bad
    if _place_like(phrase, state) and len(phrase.split()) <= 6:
        return [], [phrase]
    return [], []


def _place_like(phrase: str, state: str | None) -> bool:
    words = re.findall(r"[a-z']+", phrase.lower())
    if not words or any(w in _NOT_PLACE for w in words):
        return False
    if not _GEO_WORD.sub("", phrase.lower()).strip(" .,'"):
        return False   # only "Village", "County": no name
    return bool(_GEO_WORD.search(phrase)) or (state is not None and place_key(phrase) in
                                               state_cities(state))


def stated_areas(texts: Any, state: str | None, *, county: str | None = None,
                 city: str | None = None, regions: Regions | None = None) -> StatedAreas:
    """Area statements in eligibility and description prose, read or kept as unknown.

    Reads "Residents of Baltimore City", "Baltimore County residents only",
    "Serves ZIP codes 21201, 21202", "Counties served: Charles, St. Mary's",
    "SERVICE AREA: Greater Lauraville area", "Must be a city resident" (the
    offering's own city or county), region names from region files
    ("Hampden residents", "Southeast LA").  A statement that names an area
    the gazetteer does not know, or none ("must live in the target area"),
    is kept in ``unparsed``.

    Parameters
    ----------
    texts : str or iterable of str
        Eligibility text first, then descriptions.
    state : str or None
        The offering's two-letter state.
    county, city : str, optional
        The offering's own county (ZIP data form, e.g. "Baltimore city") and city.
    regions : Regions, optional
        Region files (default: the bundled ones).
    """
    if isinstance(texts, str):
        texts = [texts]
    out: list[str] = []
    unparsed: list[str] = []
    for n, raw in enumerate(texts):
        if not raw:
            continue
        text = as_str(raw)
        low = text.lower()
        if "zip" in low:
            for m in _ZIP_LIST.finditer(text):
                out.extend(f"zip:{z}" for z in _ZIP.findall(m.group(1)) if zip_info(z) is not None)
        if ":" in text and any(h in low for h in _LABEL_HINT):
            for m in _LABELLED.finditer(text):
                label, body = m.group(1).lower(), m.group(2)
                body = re.split(r"(?<=[a-z)]{2})\.\s|\s{3,}|\t", body)[0].strip(" .")
                if label.startswith("count"):
                    body = "Counties: " + body
                got, _ = _area_text_tokens(body, state, county, city, regions)
                if got:
                    out.extend(got)
                elif not _ZIP_LIST.search(body):
                    unparsed.append(body[:120])
        # eligibility (the first text) is read whole; descriptions only where they speak of
        # residents (a description's "serving ..." is mostly about people, not places)
        if any(h in low for h in (_RESIDENT_HINT_WORDS if n else _ELIGIBILITY_HINT)):
            scope = text if n == 0 else _sentences_with(text, low, _RESIDENT_HINT)
            for m in _RESIDENTS.finditer(scope):
                phrase = _CO_ABBR.sub("County", m.group(1) or m.group(2) or "").strip()
                phrase = _SENTENCE_END.split(phrase)[-1].strip()
                phrase = _TRAILING_JOIN.sub("", phrase)
                if not phrase:
                    continue
                got, bad = _phrase_tokens(phrase, state, regions)
                if got and not bad:
                    out.extend(got)
                elif bad:
                    unparsed.append(phrase[:120])
        if state and county and any(h in low for h in _OWN_HINT_COUNTY) and _own(_OWN_COUNTY, text):
            out.append(f"county:{county_key(county)}|{state.lower()}")
        if state and any(h in low for h in _OWN_HINT_CITY) and _own(_OWN_CITY, text):
            if county and county_key(county).endswith(" city"):
                out.append(f"county:{county_key(county)}|{state.lower()}")
            elif city:
                out.append(f"city:{place_key(city)}|{state.lower()}")
        if any(h in low for h in _UNNAMED_HINT):
            m2 = _UNNAMED_AREA.search(text)
            if m2:
                unparsed.append(m2.group(0))
    return StatedAreas(tuple(sorted(set(out))), unparsed if not out else [])


def eligibility_area_tokens(text: str, state: str | None) -> tuple[str, ...]:
    """Area tokens stated in eligibility prose (see :func:`stated_areas`)."""
    return stated_areas(text, state).tokens if text else ()


_GOV_OFFICE = re.compile(
    r"^(?:health department|health dept|department of|dept of|dss|department of social services|"
    r"social services|wic|public schools|board of education|housing authority|housing "
    r"commission|public library|library|police|sheriff|government|office of|office on aging|"
    r"commission|council|circuit court|district court|detention center|state'?s attorney|"
    r"public defender|fire department|recreation and parks|parks and recreation|"
    r"department|government)\b")
_CITY_OF_NAME = re.compile(r"^(?:the )?(?:city|town|village) of ")


def _counties_cities(state: str) -> tuple[frozenset[str], frozenset[str]]:
    return state_counties(state), state_cities(state)


def jurisdiction_tokens(names: Any, state: str | None) -> tuple[str, ...]:
    """Area tokens for the jurisdictions a service or organization is named for.

    "Harford County Health Department", "Baltimore County DSS, District Office",
    "Anne Arundel Co. WIC" and "Meals On Wheels, Baltimore City and Baltimore
    County" name the counties they serve; "Baltimore City" (an independent
    city) is kept apart from "Baltimore County".  A city or county government
    office named without "County" serves its jurisdiction too: "City of
    Annapolis ...", "Annapolis Police Department", "Prince George's Health
    Department" (a bare name counts only at the start of the name, before a
    government office, and only when it is a county or a city of the state,
    not both).

    Parameters
    ----------
    names : iterable of str
        Service and organization names.
    state : str or None
        The offering's two-letter state; nothing is inferred without it.
    """
    if not state:
        return ()
    st = state.upper()
    counties, cities = _counties_cities(st)
    if not counties:
        return ()
    low = st.lower()
    out: set[str] = set()
    for name in names:
        if not name:
            continue
        key = place_key(as_str(name).replace(",", " , "))
        words = key.split()
        for i, w in enumerate(words):
            if w in ("county", "co") and i:
                for n in range(min(4, i), 0, -1):
                    cand = " ".join(words[i - n:i])
                    if cand in counties and not cand.endswith(" city"):
                        out.add(f"county:{cand}|{low}")
                        break
            elif w == "city" and i:
                for n in range(min(3, i), 0, -1):
                    cand = " ".join(words[i - n:i + 1])
                    if cand in counties:      # "baltimore city": an independent city
                        out.add(f"county:{cand}|{low}")
                        break
        m = _CITY_OF_NAME.match(key)
        rest = words[len(m.group(0).split()):] if m else []
        for n in range(min(4, len(rest)), 0, -1):
            cand = " ".join(rest[:n])
            if f"{cand} city" in counties:
                out.add(f"county:{cand} city|{low}")
                break
            if cand in cities:
                out.add(f"city:{cand}|{low}")
                break
        for n in range(min(4, len(words) - 1), 0, -1):
            cand = " ".join(words[:n])
            tail = " ".join(words[n:])
            if not _GOV_OFFICE.match(tail):
                continue
            in_c, in_y = cand in counties, cand in cities
            if in_c and not in_y:
                out.add(f"county:{cand}|{low}")
            elif in_y and not in_c:
                out.add(f"city:{cand}|{low}")
            if in_c or in_y:
                break
    return tuple(sorted(out))
