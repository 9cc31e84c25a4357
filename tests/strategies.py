"""Hypothesis strategies: small random directories (as Offering lists) and families."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from pfmatch._offering import ATTRIBUTES, NO, UNKNOWN, YES, Offering
from pfmatch._weights import COMPONENTS

# Taxonomy codes from the bundled need vocabulary (Open Eligibility ids and 211HSIS codes).
TAXONOMY = {
    "food": ("1130", "Food Pantry"),
    "rent_assistance": ("BH-3800.7000", "Rent Payment Assistance"),
    "parenting_education": ("PH-6100", "Parenting Education"),
    "mental_health": ("1304", "Counseling"),
    "crisis_line": ("RP-1500.1400-800", "Suicide Prevention Hotlines"),
    "domestic_violence": ("RP-1500.1400-200", "Domestic Violence Hotlines"),
    "child_care": ("PH-1250", "Child Care Providers"),
}
NEEDS = sorted(TAXONOMY)
LANGS = ["en", "es", "ko", "zh", "hy", "tl"]
ZIPS = {"90011": (34.0079, -118.2582), "90012": (34.0614, -118.2385), "91331": (34.2556, -118.4208),
        "93535": (34.7124, -117.8567), "90802": (33.7508, -118.2085)}

tri = st.sampled_from([YES, NO, UNKNOWN])


@st.composite
def offerings(draw: Any, i: int) -> Offering:
    need = draw(st.sampled_from(NEEDS))
    code, name = TAXONOMY[need]
    remote = draw(st.booleans()) if need in ("crisis_line", "domestic_violence") else draw(
        st.sampled_from([False, False, False, True]))
    zip5 = draw(st.sampled_from(sorted(ZIPS)))
    lat, lon = ZIPS[zip5]
    lat += draw(st.floats(-0.2, 0.2))
    lon += draw(st.floats(-0.2, 0.2))
    langs = tuple(draw(st.lists(st.sampled_from(LANGS), max_size=3, unique=True)))
    lo = draw(st.one_of(st.none(), st.integers(0, 30).map(float)))
    hi = draw(st.one_of(st.none(), st.integers(0, 99).map(float)))
    if lo is not None and hi is not None and hi < lo:
        lo, hi = hi, lo
    area = draw(st.sampled_from([(), (), ("county:los angeles|ca",), (f"zip:{zip5}",),
                                 ("state:ca",), ("nation:us",)]))
    attrs = {a: draw(tri) for a in ATTRIBUTES}
    kind = "Hotline" if need in ("crisis_line", "domestic_violence") else "Center"
    return Offering(
        service_id=f"svc-{i:03d}",
        location_id=None if remote else f"loc-{i:03d}",
        organization_id=f"org-{i % 7}",
        service_name=f"{name} {kind} {i}",
        organization_name=f"Org {i % 7}",
        description=f"{name} services.",
        status=draw(st.sampled_from(["active"] * 8 + ["inactive", "temporarily closed"])),
        latitude=None if remote else lat,
        longitude=None if remote else lon,
        remote=remote,
        postal_code=None if remote else zip5,
        min_age_years=lo,
        max_age_years=hi,
        income_limit_fpl=draw(st.one_of(st.none(), st.sampled_from([138.0, 200.0, 400.0]))),
        service_area=area,
        languages=langs,
        languages_known=bool(langs),
        attributes=attrs,
        taxonomy_codes=(code,) if draw(st.booleans()) else (),
        taxonomy_names=(name,),
        text=f"{name} {kind}",
        phones=({"number": "(213) 555-0100", "type": "voice"},),
    )


@st.composite
def directories(draw: Any, min_size: int = 1, max_size: int = 25) -> list[Offering]:
    n = draw(st.integers(min_size, max_size))
    return [draw(offerings(i)) for i in range(n)]


@st.composite
def families(draw: Any) -> dict[str, Any]:
    fam: dict[str, Any] = {}
    if draw(st.booleans()):
        fam["location"] = {"zip": draw(st.sampled_from(sorted(ZIPS)))}
    fam["needs"] = draw(st.lists(st.sampled_from(NEEDS), max_size=3, unique=True))
    if draw(st.booleans()):
        fam["languages"] = draw(st.lists(st.sampled_from(LANGS), min_size=1, max_size=2, unique=True))
    fam["barriers"] = draw(st.lists(st.sampled_from(
        ["no_transportation", "no_phone", "no_internet", "needs_childcare", "work_hours", "cost"]),
        max_size=3, unique=True))
    if draw(st.booleans()):
        fam["children"] = [{"age_months": draw(st.integers(0, 200))}]
    if draw(st.booleans()):
        fam["screenings"] = {"phq9": {"items": [1, 1, 1, 1, 1, 1, 1, 1, draw(st.integers(0, 3))]}}
    if draw(st.booleans()):
        fam["safety_concern"] = True
    if draw(st.booleans()):
        fam["household"] = {"size": draw(st.integers(1, 8)), "annual_income": draw(st.integers(0, 150000))}
    if draw(st.booleans()):
        fam["max_distance_km"] = draw(st.sampled_from([5, 20, 60]))
    return fam


weights = st.fixed_dictionaries({c: st.floats(0, 10, allow_nan=False, allow_infinity=False)
                                 for c in COMPONENTS}).filter(lambda d: sum(d.values()) > 0)
