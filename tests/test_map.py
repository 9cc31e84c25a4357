"""result.map(): family area as a ZIP centroid, markers, pins, confidential never placed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import pfmatch
from pfmatch._geo import zip_info
from pfmatch._map import PINNED_COLOR, RANKED_COLOR, family_area
from pfmatch._offering import YES, Offering

pytest.importorskip("folium")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SECRET = (34.01234, -118.24321)  # the confidential shelter's coordinates


@pytest.fixture(scope="module")
def tiny() -> pfmatch.Directory:
    common: dict[str, object] = {"organization_id": "o", "text": "food pantry groceries",
                                 "languages": ("en",), "languages_known": True,
                                 "attributes": {"free": YES}}
    return pfmatch.Directory.from_offerings([
        Offering(service_id="s1", location_id="l1", service_name="<script>alert(1)</script>Pantry",
                 organization_name="Org A", latitude=34.0, longitude=-118.25,
                 address="1 Main St", **common),  # type: ignore[arg-type]
        Offering(service_id="s2", location_id="l2", service_name="Corner Pantry",
                 organization_name="Org B", latitude=34.02, longitude=-118.27,
                 address="2 Main St", **common),  # type: ignore[arg-type]
        Offering(service_id="s3", location_id="l3", service_name="Hidden Pantry",
                 organization_name="Haven", latitude=SECRET[0], longitude=SECRET[1],
                 confidential=True, address=None, **common),  # type: ignore[arg-type]
        Offering(service_id="s4", location_id=None, service_name="Food Line", remote=True,
                 organization_name="Phone Food", **common),  # type: ignore[arg-type]
    ])


FAMILY = {"location": {"zip": "90011"}, "needs": ["food"]}


def _html(m: object) -> str:
    return m.get_root().render()  # type: ignore[attr-defined]


def test_markers_and_area(tiny: pfmatch.Directory) -> None:
    r = pfmatch.match(FAMILY, tiny, k=10)
    assert len(r) == 4
    out = _html(r.map(tiny, family=FAMILY))
    assert out.count("L.marker(") == 2          # the confidential and the remote are not placed
    assert out.count("L.circle(") == 1          # the family's area
    z = zip_info("90011")
    assert z is not None
    assert f"{z.lat}" in out and f"{z.lon}" in out
    assert f"{SECRET[0]}" not in out and f"{SECRET[1]}" not in out
    assert "Hidden Pantry" not in out
    assert "confidential locations (never shown)" in out
    assert "<script>alert(1)</script>" not in out
    assert "&lt;script&gt;" in out
    assert f'"markerColor": "{RANKED_COLOR}"' in out


def test_pins_in_a_distinct_colour() -> None:
    d = pfmatch.Directory.sample()
    fam = {"location": {"zip": "90011"}, "needs": ["food"], "safety_concern": True}
    r = pfmatch.match(fam, d, k=5)
    assert r.pinned
    out = _html(r.map(d, family=fam))
    n_pins_placed = sum(1 for m in r.pinned
                        if (o := {(x.service_id, x.location_id): x for x in d.offerings}
                            .get((m.service_id, m.location_id))) is not None
                        and not o.confidential and not o.remote and o.latitude is not None)
    assert out.count(f'"markerColor": "{PINNED_COLOR}"') == n_pins_placed
    assert PINNED_COLOR != RANKED_COLOR
    for o in d.offerings:
        if o.confidential and o.latitude is not None:
            assert f"[{o.latitude}, {o.longitude}]" not in out


def test_family_area_is_a_zip_centroid() -> None:
    z = zip_info("90011")
    assert z is not None
    assert family_area(FAMILY) == ("90011", z.lat, z.lon)
    near = family_area({"location": {"lat": 34.0051, "lon": -118.2601}})
    assert near is not None and (near[1], near[2]) != (34.0051, -118.2601)
    assert family_area({"location": {"address": "1 Secret Rd, Los Angeles"}}) is None
    assert family_area(None) is None


def test_map_without_family_area(tiny: pfmatch.Directory) -> None:
    r = pfmatch.match(FAMILY, tiny, k=10)
    out = _html(r.map(tiny))
    assert out.count("L.circle(") == 0
    assert out.count("L.marker(") == 2


def test_map_of_sample_example() -> None:
    fam = json.loads((EXAMPLES / "family-pfs2-gaps.json").read_text(encoding="utf-8"))
    r = pfmatch.match(fam, k=5)
    out = _html(r.map(family=fam))
    assert len(re.findall(r"L\.marker\(", out)) >= 1
