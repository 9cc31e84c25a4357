"""A folium map of a result: the family's area and the offerings shown.

Privacy rules, enforced here and tested:

* the family appears only as the centroid of its ZIP code (a shaded circle),
  never as an address or exact coordinates;
* confidential locations (domestic-violence shelters and the like) are never
  placed, even when the directory holds coordinates for them;
* every provider string in a popup or tooltip is HTML-escaped.

folium is an optional extra (``pip install 'pfmatch[notebooks]'``).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pfmatch._optional import require

if TYPE_CHECKING:
    from pfmatch._directory import Directory
    from pfmatch._offering import Offering
    from pfmatch._results import Match, MatchResult

__all__ = ["family_area", "offering_lookup", "result_map"]

#: Marker colours (folium.Icon names): ranked offerings and pinned safety resources.
RANKED_COLOR = "blue"
PINNED_COLOR = "red"
#: Radius of the shaded family area around the ZIP centroid.
AREA_RADIUS_M = 1500


def offering_lookup(directory: Directory | None) -> dict[tuple[str, str | None], Offering]:
    """Offerings of ``directory`` by ``(service_id, location_id)``; empty for None."""
    if directory is None:
        return {}
    return {(o.service_id, o.location_id): o for o in directory.offerings}


def family_area(family: Any = None, *, zip5: str | None = None) -> tuple[str, float, float] | None:
    """The family's area as ``(zip5, lat, lon)`` of a ZIP centroid, or None.

    Parameters
    ----------
    family : Family or mapping, optional
        A ZIP location gives that ZIP's centroid; coordinates give the
        centroid of the nearest ZIP (the coordinates themselves are never
        returned); a street address gives None (pfmatch does not geocode).
    zip5 : str, optional
        A ZIP code to use instead of the family.
    """
    from pfmatch._geo import nearest_zip, zip_info

    if zip5 is None and family is not None:
        from pfmatch.assess import Family

        loc = Family.coerce(family).location
        if loc is not None:
            if loc.zip:
                zip5 = loc.zip[:5]
            elif loc.lat is not None and loc.lon is not None:
                zip5 = nearest_zip(loc.lat, loc.lon)
    info = zip_info(zip5) if zip5 else None
    if info is None:
        return None
    return info.zip5, info.lat, info.lon


def _esc(s: object) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _popup(m: Match, o: Offering) -> str:
    phones = m.contact.get("phones") or []
    bits = [f"<b>{'Pinned' if m.pinned else '#' + str(m.rank)}: {_esc(m.service)}</b>",
            _esc(m.organization)]
    if o.address:
        bits.append(_esc(o.address))
    if m.distance_km is not None:
        bits.append(f"{m.distance_km:.1f} km from the family's area")
    if phones:
        bits.append("☎ " + _esc(phones[0].get("number", "")))
    if o.hours:
        bits.append(_esc(o.hours))
    if o.transportation:
        bits.append("Transit: " + _esc(o.transportation))
    return "<br>".join(bits)


def result_map(result: MatchResult, directory: Directory | None = None, *,
               family: Any = None, zip5: str | None = None, zoom_start: int = 12) -> Any:
    """Build a :class:`folium.Map` of a result (see :meth:`MatchResult.map`)."""
    folium = require("folium", extra="notebooks", feature="MatchResult.map()")
    lookup = offering_lookup(directory)
    area = family_area(family, zip5=zip5)
    placed: list[tuple[Match, Offering]] = []
    unplaced: dict[str, int] = {"confidential": 0, "remote": 0, "unknown": 0}
    for m in [*result.pinned, *result.matches]:
        o = lookup.get((m.service_id, m.location_id))
        if o is None:
            unplaced["remote" if m.location_id is None else "unknown"] += 1
        elif o.confidential:
            unplaced["confidential"] += 1
        elif o.remote or o.latitude is None or o.longitude is None:
            unplaced["remote"] += 1
        else:
            placed.append((m, o))

    if area is not None:
        center = [area[1], area[2]]
    elif placed:
        center = [sum(o.latitude or 0.0 for _, o in placed) / len(placed),
                  sum(o.longitude or 0.0 for _, o in placed) / len(placed)]
    else:
        center = [39.8, -98.6]  # the contiguous US
        zoom_start = 4
    fmap = folium.Map(location=center, zoom_start=zoom_start, control_scale=True)
    if area is not None:
        folium.Circle(
            location=[area[1], area[2]], radius=AREA_RADIUS_M, color="#6b7280", fill=True,
            fill_opacity=0.15, weight=1,
            tooltip=f"Family's area: centre of ZIP {_esc(area[0])} (not an address)",
        ).add_to(fmap)
    for m, o in placed:
        color = PINNED_COLOR if m.pinned else RANKED_COLOR
        folium.Marker(
            location=[float(o.latitude or 0.0), float(o.longitude or 0.0)],
            popup=folium.Popup(_popup(m, o), max_width=300),
            tooltip=_esc(f"{'Pinned' if m.pinned else '#' + str(m.rank)} {m.service}"),
            icon=folium.Icon(color=color, icon="info-sign"),
        ).add_to(fmap)
    if placed:
        lats = [float(o.latitude or 0.0) for _, o in placed] + ([area[1]] if area else [])
        lons = [float(o.longitude or 0.0) for _, o in placed] + ([area[2]] if area else [])
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(20, 20))
    fmap.get_root().html.add_child(folium.Element(_legend(len(placed), unplaced)))
    return fmap


def _legend(n_placed: int, unplaced: Mapping[str, int]) -> str:
    not_on = []
    if unplaced.get("remote"):
        not_on.append(f"{unplaced['remote']} by phone/online or without a map location")
    if unplaced.get("unknown"):
        not_on.append(f"{unplaced['unknown']} not found in the directory given")
    if unplaced.get("confidential"):
        not_on.append(f"{unplaced['confidential']} at confidential locations (never shown)")
    rows = [f"<b>{n_placed} on the map</b>",
            (f"<span style='color:{RANKED_COLOR}'>●</span> ranked "
             f"<span style='color:{PINNED_COLOR}'>●</span> pinned for safety"),
            "<span style='color:#6b7280'>◯</span> family's area (ZIP centre)"]
    if not_on:
        rows.append("Not on the map: " + "; ".join(not_on))
    return ("<div class='pfmatch-map-legend' style='position:fixed;bottom:12px;left:12px;"
            "z-index:9999;background:white;padding:6px 8px;border:1px solid #9ca3af;"
            "font:12px sans-serif;max-width:260px'>" + "<br>".join(rows) + "</div>")
