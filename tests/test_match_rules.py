"""Example-based tests: each eligibility rule, each score component, pins, coverage, widening."""

from __future__ import annotations

from typing import Any

import pytest

import pfmatch
from pfmatch._directory import Directory
from pfmatch._offering import NO, UNKNOWN, YES, Offering

HOME = (34.0079, -118.2582)  # ZIP 90011 centroid


def off(sid: str, **kw: Any) -> Offering:
    """An active food pantry next to ZIP 90011 unless told otherwise."""
    base: dict[str, Any] = {
        "service_id": sid, "location_id": f"{sid}-loc", "organization_id": "org",
        "service_name": f"Pantry {sid}", "organization_name": "Org", "latitude": HOME[0] + 0.005,
        "longitude": HOME[1], "taxonomy_codes": ("1130",), "taxonomy_names": ("Food Pantry",),
        "text": "food pantry", "languages": ("en", "es"), "languages_known": True,
    }
    base.update(kw)
    return Offering(**base)


def run(offs: list[Offering], fam: dict[str, Any] | None = None, **kw: Any) -> pfmatch.MatchResult:
    family = {"location": {"zip": "90011"}, "needs": ["food"], **(fam or {})}
    return pfmatch.match(family, Directory.from_offerings(offs), explain=True, **kw)


def rule_of(r: pfmatch.MatchResult, sid: str) -> str | None:
    hits = [e.rule for e in r.excluded if e.service_id == sid]
    return hits[0] if hits else None


def ids(r: pfmatch.MatchResult) -> list[str]:
    return [m.service_id for m in r]


# -- rules ------------------------------------------------------------------------------
def test_inactive_is_excluded():
    r = run([off("a"), off("b", status="defunct"), off("c", status="temporarily closed")])
    assert ids(r) == ["a"]
    assert rule_of(r, "b") == "inactive" and rule_of(r, "c") == "inactive"


def test_service_area():
    r = run([off("in", service_area=("county:los angeles|ca",)),
             off("out", service_area=("county:orange|ca",)),
             off("none")])
    assert set(ids(r)) == {"in", "none"}
    assert rule_of(r, "out") == "outside_service_area"
    assert "outside" in next(e.reason for e in r.excluded if e.service_id == "out")


def test_age_rule_fits_any_member_and_unknown_passes():
    offs = [off("toddlers", min_age_years=0, max_age_years=3),
            off("school", min_age_years=5, max_age_years=18),
            off("unknown")]
    r = run(offs, {"children": [{"age_months": 18}], "caregivers": [{"age_years": 24}]})
    assert set(ids(r)) == {"toddlers", "unknown"}
    assert rule_of(r, "school") == "age"
    # "ages 0-3" includes a child of 3 years 11 months
    r = run(offs, {"children": [{"age_months": 47}]})
    assert "toddlers" in ids(r)


def test_income_limit_uses_the_poverty_table():
    offs = [off("low", income_limit_fpl=138.0), off("high", income_limit_fpl=400.0), off("any")]
    # 2025 guideline for 4 people: 15,650 + 3 x 5,500 = 32,150; 28,000 is 87 %
    r = run(offs, {"household": {"size": 4, "annual_income": 28000}})
    assert set(ids(r)) == {"low", "high", "any"}
    r = run(offs, {"household": {"size": 4, "annual_income": 80000}})  # 249 %
    assert set(ids(r)) == {"high", "any"}
    assert rule_of(r, "low") == "income"
    assert "80000" not in r.to_json() and "249" not in r.to_json()  # household data not echoed


def test_language_rule():
    offs = [off("ko", languages=("ko",)), off("ko-interp", languages=("ko",), attributes={"interpretation": YES}),
            off("es", languages=("es",)), off("unknown", languages=(), languages_known=False)]
    r = run(offs, {"languages": ["es"]})
    assert set(ids(r)) == {"ko-interp", "es", "unknown"}
    assert rule_of(r, "ko") == "language"


def test_phone_only_intake_and_no_phone():
    offs = [off("phone-only", attributes={"phone_only_intake": YES}), off("walk-in", attributes={"walk_in": YES})]
    assert set(ids(run(offs))) == {"phone-only", "walk-in"}
    r = run(offs, {"barriers": ["no_phone"]})
    assert ids(r) == ["walk-in"]
    assert rule_of(r, "phone-only") == "phone_only_intake"


def test_online_only_and_no_internet():
    offs = [off("web", remote=True, latitude=None, longitude=None, location_id=None,
                attributes={"online_only": YES}), off("site")]
    r = run(offs, {"barriers": ["no_internet"]})
    assert ids(r) == ["site"]
    assert rule_of(r, "web") == "online_only"


def test_distance_limit_but_remote_has_no_distance():
    offs = [off("near"), off("far", latitude=HOME[0] + 0.5),
            off("remote", remote=True, latitude=None, longitude=None, location_id=None)]
    r = run(offs, {"max_distance_km": 20}, k=2)
    assert set(ids(r)) == {"near", "remote"}
    assert rule_of(r, "far") == "too_far"
    assert next(m for m in r if m.service_id == "remote").distance_km is None


def test_already_connected_is_a_strength_not_a_recommendation():
    r = run([off("a"), off("b")], {"connected_services": ["b"]})
    assert ids(r) == ["a"]
    assert rule_of(r, "b") == "already_connected"
    assert r.connected == ["Pantry b"]


def test_offerings_answering_no_need_are_left_out_with_a_reason():
    r = run([off("food"), off("legal", taxonomy_codes=("1375",), taxonomy_names=("Legal Aid",),
                                text="legal aid attorney")])
    assert ids(r) == ["food"]
    assert rule_of(r, "legal") == "no_matching_need"


# -- components --------------------------------------------------------------------------
def test_no_car_favours_home_visits_remote_and_walkable():
    offs = [off("walkable", latitude=HOME[0] + 0.01),          # ~1.1 km
            off("drive", latitude=HOME[0] + 0.08),             # ~8.9 km
            off("home", latitude=HOME[0] + 0.08, attributes={"home_visit": YES}),
            off("phone", remote=True, latitude=None, longitude=None, location_id=None)]
    r = run(offs, {"barriers": ["no_transportation"]}, coverage=False)
    order = ids(r)
    assert order.index("drive") == 3
    by = {m.service_id: m for m in r}
    # a home visit comes to the family from where the program is: more points than the same
    # site without visits, fewer than a visiting program next door (see _score DISTANCE)
    assert by["home"].contributions["distance"] > by["drive"].contributions["distance"]
    near = run([off("near_home", latitude=HOME[0] + 0.01, attributes={"home_visit": YES}),
                off("far_home", latitude=HOME[0] + 0.11, attributes={"home_visit": YES})],
               {"barriers": ["no_transportation"]}, coverage=False)
    pts = {m.service_id: m.contributions["distance"] for m in near}
    assert pts["near_home"] > 1.5 * pts["far_home"]       # 1.1 km and 12.2 km differ
    assert "walk" in " ".join(by["walkable"].reasons)
    # with a car the far site is less penalized
    r2 = run(offs, coverage=False)
    d_car = {m.service_id: m.contributions["distance"] for m in r2}["drive"]
    assert d_car > by["drive"].contributions["distance"] * (r2[0].score and 1)


def test_language_preference_order():
    offs = [off("pref", languages=("es",)), off("other", languages=("en",)),
            off("interp", languages=("ko",), attributes={"interpretation": YES}),
            off("unknown", languages=(), languages_known=False)]
    r = run(offs, {"languages": ["es", "en"]}, coverage=False)
    lang = {m.service_id: m.contributions["language"] for m in r}
    assert lang["pref"] > lang["other"] > lang["interp"] > lang["unknown"] > 0


def test_unknown_scores_between_yes_and_no_and_says_unknown():
    offs = [off("yes", attributes={"walk_in": YES}), off("unk"), off("no", attributes={"walk_in": NO,
            "text_intake": NO, "online_intake": NO, "home_visit": NO})]
    r = run(offs, {"barriers": ["no_phone"]}, coverage=False)
    acc = {m.service_id: m.contributions["access"] for m in r}
    assert acc["yes"] > acc["unk"] > acc["no"]
    unk = next(m for m in r if m.service_id == "unk")
    assert any("unknown" in s for s in unk.reasons)
    assert any("no phone needed" in s for s in next(m for m in r if m.service_id == "yes").reasons)


@pytest.mark.parametrize(("barrier", "attr"), [("work_hours", "evening"), ("needs_childcare", "childcare_onsite"),
                                               ("cost", "free")])
def test_access_fit_per_barrier(barrier, attr):
    r = run([off("fit", attributes={attr: YES}), off("plain", attributes={attr: NO})],
            {"barriers": [barrier]}, coverage=False)
    assert ids(r) == ["fit", "plain"]


def test_urgent_needs_rank_first():
    offs = [off("pantry"), off("counsel", taxonomy_codes=("1304",), taxonomy_names=("Counseling",),
                               text="counseling")]
    fam = {"needs": ["food"], "screenings": {"phq9": {"total": 22}}}
    r = run(offs, fam)
    assert r[0].service_id == "counsel"  # severe depression is more urgent than a stated food need


def test_contributions_add_up_and_weights_renormalize():
    r = run([off("a")], {"location": {"zip": "90011"}})
    m = r[0]
    assert abs(sum(m.contributions.values()) - m.score) < 1e-12
    assert m.contributions["access"] == 0.0  # no barriers: the access component does not apply


# -- pins ---------------------------------------------------------------------------------
CRISIS = {"taxonomy_codes": ("RP-1500.1400-800",), "taxonomy_names": ("Suicide Prevention Hotlines",),
              "text": "suicide prevention crisis line 988", "service_name": "Crisis Line", "remote": True,
              "latitude": None, "longitude": None, "location_id": None, "attributes": {"phone_intake": YES}}


def test_self_harm_pins_a_crisis_line_whatever_the_weights():
    offs = [off("pantry"), off("crisis", **CRISIS)]
    fam = {"screenings": {"phq9": {"items": [0, 0, 0, 0, 0, 0, 0, 0, 1]}}}
    for w in ({"distance": 1.0, "need": 0, "factor": 0, "language": 0, "access": 0, "urgency": 0}, None):
        r = run(offs, fam, weights=w)
        assert [m.service_id for m in r.pinned] == ["crisis"]
        assert "crisis" not in ids(r)
        assert r.pinned[0].pinned and "safety" in r.pinned[0].reasons[0]


def test_pins_fall_back_to_the_national_line():
    r = run([off("pantry")], {"screenings": {"epds": {"total": 8, "item10": 2}}})
    assert r.pinned[0].service_id == "pfmatch:988-lifeline"
    assert any("national line" in n for n in r.notes)
    r = run([off("pantry")], {"safety_concern": True})
    assert r.pinned[0].service_id == "pfmatch:ndvh"


def test_confidential_address_never_shown():
    shelter = off("dv", confidential=True, address=None, taxonomy_codes=("BH-1800.1500-100",),
                  taxonomy_names=("Domestic Violence Shelters",), text="domestic violence shelter")
    r = run([shelter], {"needs": ["domestic_violence"]})
    m = r[0]
    assert m.contact["address"] is None and m.distance_km is None
    assert "confidential" in " ".join(m.reasons)


# -- coverage and widening -------------------------------------------------------------------
def test_top_k_covers_distinct_needs_before_repeating():
    offs = [off(f"p{i}", latitude=HOME[0] + 0.001 * i) for i in range(6)]
    offs += [off("rent", taxonomy_codes=("BH-3800.7000",), taxonomy_names=("Rent Payment Assistance",),
                 text="rent assistance", latitude=HOME[0] + 0.2),
             off("parenting", taxonomy_codes=("PH-6100",), taxonomy_names=("Parenting Education",),
                 text="parenting classes", latitude=HOME[0] + 0.2)]
    fam = {"needs": ["food", "help paying rent", "parenting classes"]}
    r = run(offs, fam, k=4)
    assert {"rent", "parenting"} <= set(ids(r))
    plain = run(offs, fam, k=4, coverage=False)
    assert set(ids(plain)) == {"p0", "p1", "p2", "p3"}


def test_sparse_area_widens_instead_of_returning_nothing():
    offs = [off("far1", latitude=HOME[0] + 0.3, service_area=("county:los angeles|ca",)),
            off("far2", latitude=HOME[0] + 0.2)]
    r = run(offs, {"max_distance_km": 10}, k=5)
    assert set(ids(r)) == {"far1", "far2"}
    assert any("widened" in n for n in r.notes)
    assert all(any("limit" in w for w in m.warnings) for m in r)


def test_bad_k_and_directory_are_config_errors():
    with pytest.raises(pfmatch.ConfigError, match="'k'"):
        pfmatch.match({}, Directory.from_offerings([off("a")]), k=0)
    with pytest.raises(pfmatch.ConfigError, match="directory"):
        pfmatch.match({}, 42)  # type: ignore[arg-type]
    assert UNKNOWN == -1


def test_tie_order_is_distance_then_ids():
    """Equal scores: nearer first, then remote/unknown distance, then by service and location id."""
    offs = [off("d", remote=True, latitude=None, longitude=None, location_id=None),
            off("a", latitude=HOME[0] + 0.05), off("c", remote=True, latitude=None, longitude=None,
                                                   location_id=None),
            off("b", latitude=HOME[0] + 0.01)]
    w = {"need": 1.0, "factor": 0, "distance": 0, "language": 1.0, "access": 0, "urgency": 0}
    r = run(offs, weights=w, coverage=False)
    assert len({round(m.score, 12) for m in r}) == 1
    assert ids(r) == ["b", "a", "c", "d"]


def test_widening_by_distance_alone_is_for_families_that_can_travel() -> None:
    # San Mateo J-S07: a South San Francisco family without a car got Sunnyvale Corps (46 km,
    # Santa Clara County, no stated area) by rural widening; a county programme that states the
    # family's place is still let in
    def svc(sid: str, lat: float, areas: list[dict[str, str]]) -> dict[str, object]:
        return {"id": sid, "name": f"Food pantry {sid}", "description": "Emergency food pantry.",
                "service_areas": areas,
                "service_at_locations": [{"location": {"id": f"l{sid}", "latitude": lat,
                                                       "longitude": -122.41}}]}
    d = pfmatch.Directory.from_records([svc("far", 37.24, []),
                                        svc("county", 37.24, [{"name": "San Mateo County, CA"}])])
    fam = {"location": {"zip": "94080"}, "needs": ["food"]}
    with_car = pfmatch.match(fam, d, k=5)
    no_car = pfmatch.match({**fam, "barriers": ["no_transportation"]}, d, k=5)
    assert sorted(m.service_id for m in with_car) == ["county", "far"]
    assert [m.service_id for m in no_car] == ["county"]
