"""Distances, ZIP centroids and area tokens."""

from __future__ import annotations

import numpy as np
from geopy.distance import great_circle
from hypothesis import given
from hypothesis import strategies as st

from pfmatch._geo import area_tokens, haversine_km, nearest_zip, zip_centroids, zip_info

lat_s = st.floats(min_value=-90, max_value=90, allow_nan=False)
lon_s = st.floats(min_value=-180, max_value=180, allow_nan=False)


@given(lat_s, lon_s, lat_s, lon_s)
def test_haversine_matches_geopy(a: float, b: float, c: float, d: float) -> None:
    ours = float(haversine_km(a, b, [c], [d])[0])
    assert abs(ours - great_circle((a, b), (c, d)).km) < 1e-6


def test_haversine_vectorized_shape() -> None:
    out = haversine_km(34.0, -118.0, np.array([34.0, 40.7]), np.array([-118.0, -74.0]))
    assert out.shape == (2,)
    assert out[0] == 0.0
    assert 3900 < out[1] < 3950


def test_zip_info() -> None:
    z = zip_info("90011")
    assert z is not None
    assert (z.city, z.county, z.state) == ("Los Angeles", "Los Angeles", "CA")
    assert zip_info("21201").county == "Baltimore city"
    assert zip_info("90011-1234") == z
    assert zip_info("00000") is None
    assert zip_info("abc") is None
    assert zip_info(None) is None


def test_nearest_zip_and_centroids() -> None:
    z = zip_info("90011")
    assert nearest_zip(z.lat, z.lon) == "90011"
    assert nearest_zip(None, -118.0) is None
    zips, lats, lons = zip_centroids()
    assert len(zips) == len(lats) == len(lons) > 30000


def test_area_tokens() -> None:
    assert area_tokens("90011") == frozenset({
        "zip:90011", "city:los angeles|ca", "county:los angeles|ca", "state:ca", "nation:us"})
    z = zip_info("21201")
    toks = area_tokens(lat=z.lat, lon=z.lon)
    assert "county:baltimore city|md" in toks
    assert area_tokens() == frozenset()
    assert area_tokens("99999") == frozenset()
