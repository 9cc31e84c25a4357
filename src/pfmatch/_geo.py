"""Geography helpers: great-circle distance, US ZIP centroids and area tokens.

ZIP data comes from the offline ``zipcodes`` package and is indexed once, lazily,
then kept for the process.  Reading the package's own data takes over a second,
so the few columns pfmatch needs are also cached on disk (a small gzip JSON
file keyed by the zipcodes version, in ``$PFMATCH_CACHE_DIR``, else
``$XDG_CACHE_HOME/pfmatch`` or ``~/.cache/pfmatch``); later processes read that
in a few tens of milliseconds.  The cache is an optimization only: when it
cannot be read or written, the package data is used.

Area tokens are the common language between a family's place and an offering's
service area: ``"zip:90011"``, ``"city:los angeles|ca"``,
``"county:los angeles|ca"``, ``"state:ca"``, ``"nation:us"``.  County names
drop a trailing " County" / " Parish" / " Borough"; county-equivalent
independent cities keep "city" (``"county:baltimore city|md"``).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import zipcodes

__all__ = [
    "EARTH_RADIUS_KM",
    "ZipInfo",
    "area_tokens",
    "city_centroid",
    "county_key",
    "haversine_km",
    "haversine_pairs_km",
    "haversine_rad_km",
    "nearest_zip",
    "place_key",
    "zip_centroids",
    "zip_info",
]

#: Mean earth radius used by ``geopy.distance.great_circle``.
EARTH_RADIUS_KM = 6371.009

_COUNTY_SUFFIX = re.compile(
    r"\s+(?:county|parish|borough|census area|city and borough|municipality|municipio)$"
)
_COUNTY_DISPLAY = re.compile(
    r"\s+(?:County|Parish|Borough|Census Area|City and Borough|Municipality)$"
)
_SPACES = re.compile(r"\s+")
_ST = re.compile(r"^(?:st\.?|saint)\s+")


@dataclass(frozen=True, slots=True)
class ZipInfo:
    """One US ZIP code's centroid and place names.

    Attributes
    ----------
    zip5 : str
    lat, lon : float
        Centroid (WGS84 degrees).
    city : str
        USPS preferred city name.
    county : str
        County name without " County" (e.g. "Los Angeles", "Baltimore city").
    state : str
        Two-letter state code.
    """

    zip5: str
    lat: float
    lon: float
    city: str
    county: str
    state: str


#: Short forms of place names that 211 writers use ("Balto. Co." is Baltimore County).
#: "LA County" / "L.A. Co." is Los Angeles County; "la" alone stays (La Verne, La Puente).
_SHORT_PLACES = re.compile(r"\bbalto\b|\bphila\b|\bwash\b(?= (?:dc|d c)\b)|"
                           r"\b(?:la|l a)\b(?= (?:county|co)\b)")
_LONG_PLACES = {"balto": "baltimore", "phila": "philadelphia", "wash": "washington",
                "la": "los angeles", "l a": "los angeles"}


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """Lower-case, single-spaced place name; "St." / "Saint" → "st"; "Balto." → "baltimore";
    "L.A. County" → "los angeles county"."""
    key = _SPACES.sub(" ", name.strip().lower().replace(".", ". ")).strip()
    key = key.replace(". ", " ").replace(".", "").strip()
    key = _SHORT_PLACES.sub(lambda m: _LONG_PLACES[m.group()], key)
    return _ST.sub("st ", key)


@lru_cache(maxsize=16384)
def county_key(name: str) -> str:
    """Normalized county name: lower case, without " County" / " Parish"."""
    return _COUNTY_SUFFIX.sub("", place_key(name))


def haversine_km(lat: float, lon: float, lats: npt.ArrayLike, lons: npt.ArrayLike
                 ) -> npt.NDArray[np.float64]:
    """Great-circle distances in km from one point to many (vectorized).

    Parameters
    ----------
    lat, lon : float
        The origin, degrees.
    lats, lons : array_like
        Destinations, degrees (same shape).

    Returns
    -------
    numpy.ndarray
        Distances in km, same shape as ``lats``; NaN where a destination is NaN.
        Uses the earth radius of ``geopy.distance.great_circle`` (6371.009 km).
    """
    phi2 = np.radians(np.asarray(lats, dtype=np.float64))
    return haversine_rad_km(lat, lon, phi2, np.radians(np.asarray(lons, dtype=np.float64)), np.cos(phi2))


def haversine_rad_km(lat: float, lon: float, phi2: np.ndarray, lam2: np.ndarray, cos_p2: np.ndarray
                     ) -> npt.NDArray[np.float64]:
    """:func:`haversine_km` to destinations given in radians with their latitudes' cosines.

    The index stores both per offering, so the match path skips three of the
    elementwise passes; the result is bit-identical to :func:`haversine_km`.
    """
    phi1 = np.radians(float(lat))
    return haversine_pairs_km(np.radians(float(lon)), np.sin(phi1), np.cos(phi1), np.sin(phi2), lam2, cos_p2)


def haversine_pairs_km(lam1: np.ndarray | np.floating[Any], sin_p1: np.ndarray | np.floating[Any],
                       cos_p1: np.ndarray | np.floating[Any],
                       sin_p2: np.ndarray, lam2: np.ndarray, cos_p2: np.ndarray
                       ) -> npt.NDArray[np.float64]:
    """Great-circle km between origins and destinations given pairwise (or one origin).

    The origin side (longitude in radians, sine and cosine of the latitude) is
    a scalar or an array as long as the destinations: a batch of families
    passes each destination row its own family's origin.  Destinations come
    as longitude in radians and the sine and cosine of the latitude.  Every
    operation is elementwise, so a distance is the same to the last bit
    whether it is computed alone or in a batch.
    """
    dlam = lam2 - lam1
    # The atan2 form (as in geopy) is accurate for tiny and antipodal distances.
    cos_dl = np.cos(dlam)
    y = np.hypot(cos_p2 * np.sin(dlam), cos_p1 * sin_p2 - sin_p1 * cos_p2 * cos_dl)
    x = sin_p1 * sin_p2 + cos_p1 * cos_p2 * cos_dl
    return EARTH_RADIUS_KM * np.arctan2(y, x)


class _ZipRecords:
    """ZIP → :class:`ZipInfo`, each record built the first time it is asked for.

    Building all 42,000 records up front cost more than most loads read
    (a directory asks for a few hundred ZIPs).
    """

    __slots__ = ("_made", "_rows")

    def __init__(self, rows: dict[str, list[Any]]) -> None:
        self._rows = rows
        self._made: dict[str, ZipInfo] = {}

    def get(self, zip5: str) -> ZipInfo | None:
        got = self._made.get(zip5)
        if got is None:
            r = self._rows.get(zip5)
            if r is None:
                return None
            got = self._made[zip5] = ZipInfo(r[0], float(r[1]), float(r[2]), r[3], r[4], r[5])
        return got

    def rows(self) -> Any:
        """The raw rows: [zip, lat, lon, city, county, state]."""
        return self._rows.values()


@dataclass(frozen=True, slots=True)
class _ZipIndex:
    info: _ZipRecords
    zips: npt.NDArray[np.str_]
    lats: npt.NDArray[np.float64]
    lons: npt.NDArray[np.float64]
    counties: dict[str, frozenset[str]]   # state → county keys
    cities: dict[str, frozenset[str]]     # state → city keys (incl. acceptable names)
    county_states: dict[str, frozenset[str]]  # county key → states having it


@lru_cache(maxsize=4096)
def _strip_county(name: str) -> str:
    return _COUNTY_DISPLAY.sub("", name.strip())


def _cache_file() -> Path:
    base = os.environ.get("PFMATCH_CACHE_DIR")
    if base:
        root = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = (Path(xdg) if xdg else Path.home() / ".cache") / "pfmatch"
    try:
        version = metadata.version("zipcodes")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return root / f"zipindex-{version}.json.gz"


_CACHE_FORMAT = 2


def _build_parts() -> dict[str, Any]:
    """Derive the index parts from the zipcodes package (slow: over a second)."""
    rows = getattr(zipcodes, "_zips", None) or zipcodes.list_all()
    table: list[list[Any]] = []
    counties: dict[str, set[str]] = {}
    cities: dict[str, set[str]] = {}
    county_states: dict[str, set[str]] = {}
    for row in rows:
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (KeyError, TypeError, ValueError):
            continue
        state = str(row.get("state") or "").upper()
        county = _strip_county(str(row.get("county") or ""))
        city = str(row.get("city") or "").strip()
        table.append([str(row["zip_code"]), lat, lon, city, county, state])
        if county:
            ck = county_key(county)
            counties.setdefault(state, set()).add(ck)
            county_states.setdefault(ck, set()).add(state)
        for name in (city, *(row.get("acceptable_cities") or ())):
            if name:
                cities.setdefault(state, set()).add(place_key(name))
    return {
        "format": _CACHE_FORMAT,
        "table": table,
        "counties": {k: sorted(v) for k, v in counties.items()},
        "cities": {k: sorted(v) for k, v in cities.items()},
        "county_states": {k: sorted(v) for k, v in county_states.items()},
    }


def _load_parts() -> dict[str, Any]:
    """The index parts, from the disk cache when it is there and current."""
    path = _cache_file()
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            parts = json.load(f)
        if isinstance(parts, dict) and parts.get("format") == _CACHE_FORMAT:
            return parts
    except (OSError, ValueError, TypeError, EOFError):
        pass
    parts = _build_parts()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as f:
            json.dump(parts, f, separators=(",", ":"))
        Path(tmp).replace(path)
    except OSError:
        pass
    return parts


@lru_cache(maxsize=1)
def _index() -> _ZipIndex:
    parts = _load_parts()
    info = _ZipRecords({r[0]: r for r in parts["table"]})
    zips = np.array([r[0] for r in parts["table"]], dtype="U5")
    lats = np.array([r[1] for r in parts["table"]], dtype=np.float64)
    lons = np.array([r[2] for r in parts["table"]], dtype=np.float64)
    return _ZipIndex(
        info, zips, lats, lons,
        {k: frozenset(v) for k, v in parts["counties"].items()},
        {k: frozenset(v) for k, v in parts["cities"].items()},
        {k: frozenset(v) for k, v in parts["county_states"].items()},
    )


def zip_info(zip5: str | None) -> ZipInfo | None:
    """Centroid and names of a 5-digit ZIP (ZIP+4 accepted), or None when unknown."""
    if not zip5:
        return None
    z = str(zip5).strip()[:5]
    if len(z) != 5 or not z.isdigit():
        return None
    return _index().info.get(z)


def zip_centroids() -> tuple[npt.NDArray[np.str_], npt.NDArray[np.float64],
                             npt.NDArray[np.float64]]:
    """All ZIP codes with their centroid latitudes and longitudes (read-only arrays)."""
    idx = _index()
    return idx.zips, idx.lats, idx.lons


@lru_cache(maxsize=1)
def _by_latitude() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """ZIP centroid positions sorted by latitude (stable), and those latitudes."""
    lats = _index().lats
    order = np.argsort(lats, kind="stable")
    return order, lats[order]


def _nearest_in_band(lat: float, lon: float, radius_km: float) -> tuple[int, float] | None:
    """Position and distance of the nearest centroid, if one lies within ``radius_km``."""
    idx = _index()
    order, sorted_lats = _by_latitude()
    dlat = radius_km / (EARTH_RADIUS_KM * np.pi / 180.0) * (1.0 + 1e-9) + 1e-9
    lo = int(np.searchsorted(sorted_lats, lat - dlat, side="left"))
    hi = int(np.searchsorted(sorted_lats, lat + dlat, side="right"))
    if hi <= lo:
        return None
    cand = np.sort(order[lo:hi])  # original positions: argmin keeps the first of equal distances
    d = haversine_km(lat, lon, idx.lats[cand], idx.lons[cand])
    j = int(np.argmin(d))
    if not d[j] <= radius_km:
        return None
    return int(cand[j]), float(d[j])


def nearest_zip(lat: float | None, lon: float | None) -> str | None:
    """The ZIP whose centroid is nearest to a point (None for a missing point).

    Centroids are searched in a latitude band (sorted latitudes, one
    ``searchsorted``) that grows until it holds a centroid within its radius;
    every centroid outside the band is farther than the radius, so the answer
    is the same as measuring every centroid.
    """
    if lat is None or lon is None or not (np.isfinite(lat) and np.isfinite(lon)):
        return None
    idx = _index()
    radius = 25.0
    while radius < 2500.0:
        hit = _nearest_in_band(float(lat), float(lon), radius)
        if hit is not None:
            return str(idx.zips[hit[0]])
        radius *= 4.0
    d = haversine_km(lat, lon, idx.lats, idx.lons)
    return str(idx.zips[int(np.argmin(d))])


def city_centroid(city: str, state: str) -> tuple[float, float] | None:
    """A city's centre (the mean of its ZIP centroids), or None when the ZIP data lacks it.

    Parameters
    ----------
    city : str
        USPS city name, any case ("Baltimore", "st. louis").
    state : str
        Two-letter state code.
    """
    if not city or not state:
        return None
    return _city_centroid(place_key(city), state.upper())


@lru_cache(maxsize=4096)
def _city_centroid(key: str, state: str) -> tuple[float, float] | None:
    pts = [(float(r[1]), float(r[2])) for r in _index().info.rows()
           if r[5] == state and r[3] and place_key(r[3]) == key]
    if not pts:
        return None
    return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))


def state_counties(state: str) -> frozenset[str]:
    """County keys (see :func:`county_key`) in a state."""
    return _index().counties.get(state.upper(), frozenset())


def state_cities(state: str) -> frozenset[str]:
    """City keys (see :func:`place_key`) in a state, including USPS alternates."""
    return _index().cities.get(state.upper(), frozenset())


def county_states(county: str) -> frozenset[str]:
    """States that have a county with this name."""
    return _index().county_states.get(county_key(county), frozenset())


def area_tokens(zip5: str | None = None, lat: float | None = None,
                lon: float | None = None) -> frozenset[str]:
    """The family-side area tokens for a ZIP or a point.

    Parameters
    ----------
    zip5 : str, optional
        The family's ZIP; used first.
    lat, lon : float, optional
        A point; its nearest ZIP centroid is used when no ZIP is given.

    Returns
    -------
    frozenset of str
        ``zip:``, ``city:``, ``county:``, ``state:`` and ``nation:us`` tokens;
        empty when nothing is known.
    """
    info = zip_info(zip5) if zip5 else None
    if info is None and lat is not None and lon is not None:
        info = zip_info(nearest_zip(lat, lon))
    if info is None:
        return frozenset()
    st = info.state.lower()
    tokens = {f"zip:{info.zip5}", f"state:{st}", "nation:us"}
    if info.city:
        tokens.add(f"city:{place_key(info.city)}|{st}")
    if info.county:
        tokens.add(f"county:{county_key(info.county)}|{st}")
    return frozenset(tokens)
