"""Records read as real 211 staff write them: labelled lines, loose intake
wording, and areas stated only in names or eligibility prose.

The phrases are taken from the Baltimore iCarol export in ``../shared/data``
(the unit cases run without it; the last tests read it and skip when absent).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

import pfmatch
from pfmatch._offering import NO, YES
from pfmatch.normalize._text import need_text
from pfmatch.normalize.areas import eligibility_area_tokens, jurisdiction_tokens
from pfmatch.normalize.modes import home_visit_text, parse_intake_text

# -- home visits: the labelled line decides, with its polarity ------------------

HOME_VISIT_CASES = [
    ("OVERVIEW: Food pantry.\nHOME VISITS: No\nVOLUNTEERS: Not needed.", NO),
    ("HOME VISITS: No                    ", NO),
    ("Home visits: No. Clients must come to the office.", NO),
    ("HOME VISITS: None", NO),
    ("HOME VISITS: Yes", YES),
    ("Home visits: Yes                    ", YES),
    ("HOME VISITS: Limited", None),
    ("HOME VISITS: Other, see notes", None),
    ("HOME VISITS: For established clients only", None),
    ("HOME VISITS: In an emergency", None),
    ("HOME VISITS: Other, see notes\nProvides in-home services to new mothers.", YES),
    ("Does not make home visits.", NO),
    ("No home visits.", NO),
    ("Home visits are not available.", NO),
    ("Nurses provide home visits to pregnant women.", YES),
    ("Home visiting program for first-time parents.", YES),
    ("Food pantry open Tuesdays.", None),
]


@pytest.mark.parametrize(("text", "expected"), HOME_VISIT_CASES)
def test_home_visit_polarity(text: str, expected: int | None) -> None:
    assert home_visit_text(text) == expected


# -- phone-only intake: only when the phone is the only way in ----------------

PHONE_ONLY_CASES = [
    ("Call for information.", None),
    ("Call for more information.", None),
    ("Call for further information.", None),
    ("Call appropriate number for information.", None),
    ("Call (410) 396-1001 for information.", None),
    ("Call appropriate number.", None),
    ("Call or walk in.", NO),
    ("Walk in or call for information.", NO),
    ("Call or visit web site for further information.", NO),
    ("By phone only.", YES),
    ("Must call first.", YES),
    ("Call to enroll.", YES),
    ("Call to make an appointment.", YES),
    ("Call for an appointment.", YES),
]


@pytest.mark.parametrize(("text", "expected"), PHONE_ONLY_CASES)
def test_phone_only_intake(text: str, expected: int | None) -> None:
    assert parse_intake_text(text).get("phone_only_intake") == expected


def test_call_for_information_still_counts_as_a_phone_way_in() -> None:
    assert parse_intake_text("Call for information.").get("phone_intake") == YES


# -- housekeeping lines are not what a service does -------------------------

def test_need_text_drops_labelled_housekeeping_lines() -> None:
    desc = ("OVERVIEW: Emergency food.\nHOME VISITS: No\nDONATIONS: Accepts clothing.\n"
            "VOLUNTEERS: Adult volunteers needed.")
    text = need_text(desc)
    assert "Emergency food" in text
    for gone in ("HOME VISITS", "clothing", "volunteers"):
        assert gone not in text


# -- areas stated in names and eligibility prose ----------------------------

@pytest.mark.parametrize(("names", "expected"), [
    (["Baltimore County DSS, District Office-Towson"], ("county:baltimore|md",)),
    (["Harford County Health Department"], ("county:harford|md",)),
    (["Anne Arundel Co. WIC"], ("county:anne arundel|md",)),
    (["Maryland Children's Health Program (MCHP), Howard County"], ("county:howard|md",)),
    (["Baltimore City Health Dept., WIC"], ("county:baltimore city|md",)),
    (["Meals On Wheels, Baltimore City and Baltimore County"],
     ("county:baltimore city|md", "county:baltimore|md")),
    (["Casey Family Services Family Resource Center"], ()),
    (["Greater Baltimore Medical Center (GBMC)"], ()),
])
def test_jurisdiction_from_names(names: list[str], expected: tuple[str, ...]) -> None:
    assert jurisdiction_tokens(names, "MD") == expected


def test_jurisdiction_needs_a_state() -> None:
    assert jurisdiction_tokens(["Harford County Health Department"], None) == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("Baltimore County residents only.", ("county:baltimore|md",)),
    ("Residents of Baltimore City.", ("county:baltimore city|md",)),
    ("Harford County residents.", ("county:harford|md",)),
    ("Must live in Harford County.", ("county:harford|md",)),
    ("Residents of Anne Arundel Co.", ("county:anne arundel|md",)),
    ("Residents of Baltimore City and Baltimore County who are 60+",
     ("county:baltimore city|md", "county:baltimore|md")),
    ("Serves ZIP codes 21201, 21202 and 21205", ("zip:21201", "zip:21202", "zip:21205")),
    ("Low income residents.", ()),
    ("Open to anyone needing an attorney.", ()),
    # a name from the Baltimore City region file (pfmatch/data/regions/baltimore-city-md.toml)
    ("East Baltimore residents. Ex-offenders are welcome.",
     ("zip:21202", "zip:21205", "zip:21213", "zip:21224", "zip:21231")),
])
def test_areas_from_eligibility_prose(text: str, expected: tuple[str, ...]) -> None:
    assert eligibility_area_tokens(text, "MD") == expected


def test_stated_service_area_wins_over_names() -> None:
    svc = {"id": "s1", "name": "Harford County Food Bank", "description": "food pantry",
           "service_areas": [{"name": "Cecil County"}],
           "service_at_locations": [{"location": {"id": "l1", "latitude": 39.6,
                                                   "longitude": -76.1, "addresses": [
                                                       {"address_1": "1 Main St", "city": "Bel Air",
                                                        "state_province": "MD",
                                                        "postal_code": "21014"}]}}]}
    d = pfmatch.Directory.from_records([svc])
    assert d.index.offering(0).service_area == ("county:cecil|md",)


# -- on the real Baltimore export -------------------------------------------

@pytest.fixture(scope="module")
def baltimore(shared_data: Path) -> pfmatch.Directory:
    return pfmatch.Directory.load(shared_data / "bchd-charmcare-baltimore" / "icarol-csv")


@pytest.mark.shared_data
def test_home_visits_no_is_never_a_home_visit(shared_data: Path,
                                               baltimore: pfmatch.Directory) -> None:
    path = shared_data / "bchd-charmcare-baltimore" / "icarol-csv" / "services.csv"
    with path.open(newline="", encoding="utf-8") as f:
        said_no = {r["id"] for r in csv.DictReader(f)
                   if re.search(r"(?im)^\s*home visits:\s*no\b", r["description"])}
    assert len(said_no) > 1000
    ix = baltimore.index
    wrong = [ix.offering(i).service_id for i in range(len(baltimore))
             if ix.offering(i).service_id in said_no and ix.offering(i).attr("home_visit") == YES]
    assert wrong == []


@pytest.mark.shared_data
def test_part_c_is_not_phone_only(baltimore: pfmatch.Directory) -> None:
    ix = baltimore.index
    part_c = [ix.offering(i) for i in range(len(baltimore))
              if ix.offering(i).service_id == "141403"]
    assert part_c and all(o.attr("phone_only_intake") != YES for o in part_c)


OTHER_COUNTIES = ("county:baltimore|md", "county:anne arundel|md", "county:harford|md",
                  "county:howard|md")


@pytest.mark.shared_data
@pytest.mark.parametrize("case_id", ["B01", "B05", "B13", "S3"])
def test_no_other_county_service_for_a_city_family(shared_data: Path,
                                                   baltimore: pfmatch.Directory,
                                                   case_id: str) -> None:
    cases = json.loads((shared_data.parent / "quality" / "baltimore-dev.json").read_text())
    case = next(c for c in cases["cases"] if c["id"] == case_id)
    family = {k: v for k, v in case["family"].items() if k != "id"}
    result = pfmatch.match(family, baltimore, k=5)
    ix = baltimore.index
    by_id = {ix.offering(i).service_id: ix.offering(i) for i in range(len(baltimore))}
    for m in result:
        area = by_id[m.service_id].service_area
        assert not (area and set(area) <= set(OTHER_COUNTIES)), (m.service_id, m.service)
