"""Safety pins on the real Baltimore iCarol export, and the rules behind them.

The export tags many lines with the general crisis-hotline code
(``RP-1500.1400``): a Medicaid enrollment line, an anger-management line, an
emergency-contraception information line.  Only lines whose record says
crisis or suicide line may be pinned for a self-harm flag; general-population
domestic-violence hotlines are pinned before population-restricted ones.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import pfmatch

BALTIMORE = (Path(__file__).resolve().parents[2] / "shared" / "data" / "bchd-charmcare-baltimore"
             / "icarol-csv")

SELF_HARM_FAMILY: dict[str, Any] = {
    "location": {"zip": "21217"}, "languages": ["en"],
    "screenings": {"phq9": {"items": [1, 1, 1, 1, 1, 1, 1, 1, 2]}}}
DV_FAMILY: dict[str, Any] = {
    "location": {"zip": "21218"}, "languages": ["en"],
    "needs": ["domestic violence", "shelter"], "safety_concern": True}

ANGER_LINE = "143293"        # "Violence Hotline Center": anger management
ENROLLMENT_LINE = "142690"   # "HealthChoice Enrollment Hotline": Medicaid MCO enrollment
HOUSE_OF_RUTH = "140841"     # "House of Ruth, Domestic Violence Hotline"
CHANA = "142901"             # a DV helpline for Jewish women
CRISIS_WORDS = re.compile(r"crisis|suicid|988", re.IGNORECASE)


@pytest.fixture(scope="module")
def baltimore() -> pfmatch.Directory:
    if not BALTIMORE.is_dir():
        pytest.skip(f"real-data test: {BALTIMORE} is absent (the shared data folder sits "
                    "beside the checkout in development and CI)")
    return pfmatch.Directory.load(BALTIMORE)


def _pins(result: pfmatch.MatchResult, flag: str) -> list[pfmatch.Match]:
    assert any(f.code == flag for f in result.flags), [f.code for f in result.flags]
    return list(result.pinned)


@pytest.mark.shared_data
def test_self_harm_pins_are_crisis_lines(baltimore: pfmatch.Directory) -> None:
    pins = _pins(pfmatch.match(SELF_HARM_FAMILY, baltimore), "self_harm_risk")
    assert pins
    ids = [m.service_id for m in pins]
    assert ANGER_LINE not in ids and ENROLLMENT_LINE not in ids, ids
    first = pins[0]
    if not first.service_id.startswith("pfmatch:"):
        o = next(o for o in baltimore.index.offerings if o.service_id == first.service_id)
        assert CRISIS_WORDS.search(o.service_name + " " + o.description), o.service_name
    else:
        assert first.service_id == "pfmatch:988-lifeline"


@pytest.mark.shared_data
def test_off_topic_lines_are_not_pinnable_for_self_harm(baltimore: pfmatch.Directory) -> None:
    idx = baltimore.index
    crisis = {str(s) for s in idx.service_id[idx.crisis_line]}
    assert not crisis & {ANGER_LINE, ENROLLMENT_LINE, HOUSE_OF_RUTH, CHANA}, crisis
    # the House of Ruth hotline is a domestic-violence line, and ranks before CHANA
    dv_rows = np.flatnonzero(idx.dv_hotline)
    by_id = {str(idx.service_id[i]): int(i) for i in dv_rows}
    assert HOUSE_OF_RUTH in by_id
    assert not idx.pin_restricted[by_id[HOUSE_OF_RUTH]]
    if CHANA in by_id:
        assert idx.pin_restricted[by_id[CHANA]]


@pytest.mark.shared_data
def test_dv_family_pins_the_general_population_hotline_first(baltimore: pfmatch.Directory) -> None:
    pins = _pins(pfmatch.match(DV_FAMILY, baltimore), "interpersonal_violence")
    assert pins
    assert pins[0].service_id in (HOUSE_OF_RUTH, "pfmatch:ndvh"), [m.service_id for m in pins]
    ids = [m.service_id for m in pins]
    if CHANA in ids and HOUSE_OF_RUTH in ids:
        assert ids.index(HOUSE_OF_RUTH) < ids.index(CHANA)


@pytest.mark.shared_data
def test_pins_survive_any_weights(baltimore: pfmatch.Directory) -> None:
    only_distance = {"distance": 1.0, "need": 0, "factor": 0, "language": 0, "access": 0, "urgency": 0}
    for fam in (SELF_HARM_FAMILY, DV_FAMILY):
        a = pfmatch.match(fam, baltimore)
        b = pfmatch.match(fam, baltimore, weights=only_distance)
        assert [m.service_id for m in a.pinned] == [m.service_id for m in b.pinned]


# -- synthetic directories -------------------------------------------------------------------

def _line(sid: str, name: str, description: str, code: str, *, eligibility: str = "") -> dict[str, Any]:
    """An HSDS 3.0 service: a phone line with one site in Baltimore."""
    svc: dict[str, Any] = {
        "id": sid, "name": name, "description": description, "status": "active",
        "organization": {"id": f"org-{sid}", "name": f"Org {sid}"},
        "attributes": [{"taxonomy_term": {"code": code}}],
        "phones": [{"number": "410-555-0100", "type": "voice"}],
        "service_at_locations": [{"id": f"sal-{sid}", "location": {
            "id": f"loc-{sid}", "location_type": "physical", "latitude": 39.31, "longitude": -76.64}}]}
    if eligibility:
        svc["eligibility_description"] = eligibility
    return svc


SELF_HARM = {"location": {"zip": "21217"}, "screenings": {"phq9": {"items": [0, 0, 0, 0, 0, 0, 0, 0, 2]}}}
VIOLENCE = {"location": {"zip": "21217"}, "safety_concern": True}


def test_enrollment_hotline_is_not_pinned_for_self_harm() -> None:
    d = pfmatch.Directory.from_records([
        _line("enroll", "Medicaid Enrollment Hotline",
              "Enrolls Medical Assistance recipients into a managed care plan.", "RP-1500.1400"),
        _line("anger", "Anger Hotline", "Help for people with angry, violent feelings.", "RP-1500.1400"),
    ])
    assert not d.index.crisis_line.any()
    r = pfmatch.match(SELF_HARM, d)
    # no local record qualifies: the national 988 line comes first
    assert [m.service_id for m in r.pinned][:1] == ["pfmatch:988-lifeline"]
    assert any("national line" in n for n in r.notes)


def test_crisis_hotline_is_pinned_for_self_harm() -> None:
    d = pfmatch.Directory.from_records([
        _line("enroll", "Medicaid Enrollment Hotline",
              "Enrolls Medical Assistance recipients into a managed care plan.", "RP-1500.1400"),
        _line("crisis", "Baltimore Crisis Hotline",
              "24-hour crisis line for anyone thinking about suicide.", "RP-1500.1400-800"),
    ])
    r = pfmatch.match(SELF_HARM, d)
    assert [m.service_id for m in r.pinned] == ["crisis"]


def test_restricted_dv_line_is_not_pinned_beside_a_general_one() -> None:
    d = pfmatch.Directory.from_records([
        _line("a-restricted", "Jewish Women's Domestic Violence Helpline",
              "Domestic violence hotline.", "RP-1500.1400-200",
              eligibility="Jewish women only."),
        _line("z-general", "Domestic Violence Hotline", "Domestic violence hotline.", "RP-1500.1400-200",
              eligibility="Anyone affected by domestic violence."),
    ])
    r = pfmatch.match(VIOLENCE, d)
    assert [m.service_id for m in r.pinned] == ["z-general"]


def test_only_restricted_local_lines_put_the_national_line_first() -> None:
    d = pfmatch.Directory.from_records([
        _line("youth", "Youth Crisis Hotline", "24-hour crisis hotline; suicide prevention.",
              "RP-1500.1400-800", eligibility="Youth and young adults under 24 only."),
    ])
    r = pfmatch.match(SELF_HARM, d)
    assert [m.service_id for m in r.pinned] == ["pfmatch:988-lifeline", "youth"]
    assert any("part of the population" in n for n in r.notes)


def test_dv_pins_fall_back_to_the_national_hotline() -> None:
    d = pfmatch.Directory.from_records([
        _line("anger", "Anger Hotline", "Help for people with angry, violent feelings.", "RP-1500.1400"),
    ])
    r = pfmatch.match(VIOLENCE, d)
    assert [m.service_id for m in r.pinned][:1] == ["pfmatch:ndvh"]


@pytest.mark.shared_data
def test_an_enrolment_line_filed_as_crisis_does_not_rank_as_one(shared_data: Path) -> None:
    # 142690 HealthChoice Enrollment Hotline ('Enrolls Medical Assistance recipients into an
    # MCO') carries a crisis-branch category; B11 (EPDS item 10 = 1) got it ranked #1
    d = pfmatch.Directory.load(shared_data / "bchd-charmcare-baltimore" / "icarol-csv")
    fam = {"location": {"zip": "21205"}, "languages": ["en"], "needs": ["postpartum depression"],
           "children": [{"age_months": 2}], "caregivers": [{"age_years": 29, "postpartum": True}],
           "screenings": {"epds": {"total": 16, "item10": 1}}}
    assert "142690" not in [m.service_id for m in pfmatch.match(fam, d, k=10)]
