"""Example tables and properties for the single-field parsers."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pfmatch._offering import NO, UNKNOWN, YES
from pfmatch.normalize.access import childcare_onsite, documents_required, transit, waitlist
from pfmatch.normalize.ages import age_range, parse_age_text, parse_age_words
from pfmatch.normalize.areas import parse_area_text, polygon_zips
from pfmatch.normalize.fees import cost_attributes, parse_fee_text
from pfmatch.normalize.hours import hours_attributes, parse_time
from pfmatch.normalize.income import parse_income_text
from pfmatch.normalize.modes import parse_intake_text
from pfmatch.normalize.status import normalize_status


@pytest.mark.parametrize(("text", "expected"), [
    ("ages 0-3", (0.0, 3.0)), ("0-5 years", (0.0, 5.0)), ("children under 5", (None, 4.0)),
    ("under 18", (None, 17.0)), ("18 and older", (18.0, None)), ("18+", (18.0, None)),
    ("adults 18 and over", (18.0, None)), ("teen parents 13-19", (13.0, 19.0)),
    ("ages 6 months to 5 years", (0.5, 5.0)), ("birth to 3", (0.0, 3.0)),
    ("seniors 60+", (60.0, None)), ("youth 16-24", (16.0, 24.0)),
    ("Ages 5-18 and their families.", (5.0, 18.0)), ("under 18 months", (None, 1.4167)),
    ("Age 55 or over for most programs, age 60 or over for lunch program", (55.0, None)),
    ("Youth, ages 8-17, who need positive role models.", (8.0, 17.0)),
    ("Serves all ages.", (None, None)), ("Persons ages 16 and older.", (16.0, None)),
    # Head Start and a parent's minimum, as the Baltimore export writes them
    ("Children ages 3 and 4 and their parents.", (3.0, 4.0)),
    ("Children, ages 3 & 4, and their parents.", (3.0, 4.0)),
    ("Homeless families. Parent must be over 21, drug free.", (21.0, None)),
])
def test_age_text(text: str, expected: tuple[float | None, float | None]) -> None:
    assert parse_age_text(text) == expected


@pytest.mark.parametrize("text", ["$45-$57 per family", "Mon 9:00-17:00", "grades 1-12",
                                  "below 200% poverty", "Open to anyone.", ""])
def test_age_text_ignores_non_ages(text: str) -> None:
    assert parse_age_text(text) is None


def test_age_words_and_structured() -> None:
    assert parse_age_words("infants and toddlers") == (0.0, 3.0)
    assert age_range(None, None, [], ["infants and toddlers"]) == (0.0, 3.0)
    assert age_range(0.5, 5, [], ["adults"]) == (0.5, 5.0)
    assert age_range(18, 999, [], []) == (18.0, None)
    assert age_range(None, None, ["child"], ["ages 3-5"]) == (0.0, 17.0)
    assert age_range(None, None, [], []) == (None, None)


@given(st.integers(0, 110), st.integers(0, 110))
def test_ages_round_trip(a: int, b: int) -> None:
    lo, hi = min(a, b), max(a, b)
    assert parse_age_text(f"ages {lo}-{hi}") == (float(lo), float(hi))


@pytest.mark.parametrize(("text", "pct"), [
    ("200% of the federal poverty level", 200.0), ("at or below 185% FPL", 185.0),
    ("below 200% poverty", 200.0), ("income under 138% FPL", 138.0),
    ("80% of area median income", None), ("Income below 50% AMI", None), ("Low income.", None),
])
def test_income(text: str, pct: float | None) -> None:
    assert parse_income_text(text) == pct


@pytest.mark.parametrize(("text", "state", "tokens"), [
    ("Los Angeles County", "CA", ["county:los angeles|ca"]),
    ("San Mateo County", None, ["county:san mateo|ca"]),
    ("Baltimore City", "MD", ["county:baltimore city|md"]),
    ("Counties: Cook, DuPage", "IL", ["county:cook|il", "county:dupage|il"]),
    ("statewide", "CA", ["state:ca"]), ("nationwide", None, ["nation:us"]),
    ("national", None, ["nation:us"]), ("90011, 90012", None, ["zip:90011", "zip:90012"]),
    ("Belmont, Burlingame", "CA", ["city:belmont|ca", "city:burlingame|ca"]),
    ("Los Angeles, CA", None, ["city:los angeles|ca"]),
])
def test_area_text(text: str, state: str | None, tokens: list[str]) -> None:
    parsed = parse_area_text(text, state)
    assert parsed.tokens == tokens
    assert parsed.not_understood == []


def test_area_text_not_understood_and_statewide_without_state() -> None:
    assert parse_area_text("all residents of the MyCity area").not_understood
    assert parse_area_text("statewide").needs_state


def test_polygon_zips() -> None:
    poly = {"type": "Polygon", "coordinates": [[[-118.3, 33.99], [-118.2, 33.99],
                                                 [-118.2, 34.02], [-118.3, 34.02],
                                                 [-118.3, 33.99]]]}
    zips = polygon_zips(json.dumps(poly))
    assert zips is not None and "90011" in zips
    assert polygon_zips("not json") is None
    feature = {"type": "Feature", "geometry": {"type": "MultiPolygon",
                                               "coordinates": [poly["coordinates"]]}}
    assert polygon_zips(feature) == zips


@pytest.mark.parametrize(("text", "expected"), [
    ("Walk in", {"walk_in": YES}), ("walk-ins welcome", {"walk_in": YES}),
    ("drop in", {"walk_in": YES}), ("Call for appointment.", {"appointment_required": YES,
                                                              "phone_only_intake": YES}),
    ("call to enroll", {"phone_intake": YES, "phone_only_intake": YES}),
    ("by phone only", {"phone_only_intake": YES}),
    ("apply online at example.org", {"online_intake": YES, "phone_only_intake": NO}),
    ("text HOME to 741741", {"text_intake": YES}),
    ("by referral", {"phone_only_intake": NO}),
    ("Call or walk in.", {"walk_in": YES, "phone_only_intake": NO}),
    ("By appointment only.", {"walk_in": NO, "appointment_required": YES}),
    ("We offer home visits", {"home_visit": YES}), ("telehealth visits", {"virtual": YES}),
    ("virtual sessions", {"virtual": YES}),
])
def test_intake_text(text: str, expected: dict[str, int]) -> None:
    got = parse_intake_text(text)
    for k, v in expected.items():
        assert got.get(k) == v, k


@pytest.mark.parametrize(("text", "evening", "weekend", "always"), [
    ("Mon-Fri 9am-5pm", NO, NO, UNKNOWN), ("M-F 8:30am-7:00pm", YES, NO, UNKNOWN),
    ("Saturdays 10-2", UNKNOWN, YES, UNKNOWN), ("24 hours", YES, YES, YES),
    ("24/7", YES, YES, YES), ("Tuesday evenings", YES, UNKNOWN, UNKNOWN),
    ("Sunday: Closed Monday: 9:00-17:00  Tuesday: 9:00-17:00  Wednesday: 9:00-17:00",
     NO, NO, UNKNOWN),
])
def test_hours_text(text: str, evening: int, weekend: int, always: int) -> None:
    attrs, _ = hours_attributes([], [text])
    assert (attrs["evening"], attrs["weekend"], attrs["open_24_7"]) == (evening, weekend, always)


def test_hours_structured() -> None:
    attrs, display = hours_attributes(
        [[{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"},
          {"byday": "SA", "opens_at": "10:00", "closes_at": "14:00"}]], [])
    assert attrs == {"evening": NO, "weekend": YES, "open_24_7": NO}
    assert display == "Mon-Fri 09:00-17:00; Sat 10:00-14:00"
    attrs, _ = hours_attributes([[{"byday": d, "opens_at": "00:00", "closes_at": "23:59"}
                                  for d in ("MO", "TU", "WE", "TH", "FR", "SA", "SU")]], [])
    assert attrs["open_24_7"] == YES
    assert parse_time("4:00 PM") == 16.0
    assert parse_time("3pm") == 15.0
    assert parse_time("17:30:00") == 17.5
    assert parse_time("nonsense") is None


@pytest.mark.parametrize(("text", "free", "sliding", "fee"), [
    ("Free", YES, UNKNOWN, NO), ("No fee", YES, UNKNOWN, NO), ("None.", YES, UNKNOWN, NO),
    ("Sliding scale", UNKNOWN, YES, YES), ("$25 per visit", NO, UNKNOWN, YES),
    ("Free to eligible clients", YES, UNKNOWN, NO), ("Medi-Cal accepted", UNKNOWN, UNKNOWN, YES),
    ("See notes.", UNKNOWN, UNKNOWN, UNKNOWN), ("Gratis", YES, UNKNOWN, NO),
])
def test_fee_text(text: str, free: int, sliding: int, fee: int) -> None:
    assert parse_fee_text(text) == (free, sliding, fee)


def test_cost_options() -> None:
    assert cost_attributes([{"amount": 0}], []) == {"free": YES, "sliding_scale": UNKNOWN,
                                                    "fee": NO}
    assert cost_attributes([{"amount": 50, "currency": "USD"}], ["Free"])["free"] == NO
    assert cost_attributes([], ["Sliding fee scale."])["sliding_scale"] == YES


@pytest.mark.parametrize(("value", "expected", "ok"), [
    ("active", "active", True), ("temporarily_closed", "temporarily closed", True),
    ("Temporarily Closed", "temporarily closed", True), ("DEFUNCT", "defunct", True),
    ("inactive", "inactive", True), (None, "active", True), ("banana", "active", False),
])
def test_status(value: object, expected: str, ok: bool) -> None:
    assert normalize_status(value) == (expected, ok)


def test_access_helpers() -> None:
    assert transit("Metro bus 40 stops in front") == YES
    assert transit("Not necessary for service.") == UNKNOWN
    assert childcare_onsite(["Child care provided during classes"]) == YES
    assert childcare_onsite(["No child care available"]) == NO
    assert waitlist("No wait.", []) == NO
    assert waitlist("2-4 weeks", []) == YES
    assert waitlist("", ["There is a waiting list."]) == YES
    assert documents_required([{"document": "Photo ID"}], []) == (YES, ("Photo ID",))
    assert documents_required([], ["Please bring ID and proof of income."])[0] == YES


@given(st.text(max_size=300))
def test_parsers_never_raise(text: str) -> None:
    parse_age_text(text)
    parse_age_words(text)
    parse_income_text(text)
    parse_fee_text(text)
    parse_intake_text(text)
    hours_attributes([], [text])
    parse_area_text(text, "CA")
    transit(text)
    waitlist(text, [text])
