"""The ILAO raw-export reader: a small folder written like the export, and the real export."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from pfmatch import Directory
from pfmatch.io import read_directory
from pfmatch.io._sniff import folder_kind
from pfmatch.io.ilao_csv import QUALIFY, schedules
from pfmatch.normalize.areas import parse_area_text
from pfmatch.normalize.populations import population_limits, population_text

SVC_HEADER = ["Services-ID", "Title", "Is this service open?", "Service type", "Phone number",
              "Hours of operation", "Same hours as location", "Geolocation",
              "Income eligibility and fees", "Max percentage of income standard",
              "Is this service limited to specific populations?",
              "An individual must be one of these to qualify", "Application process",
              "Process for applying by phone", "Service is delivered", "Website address",
              "Organization ID", "Location ID"]
LOC_HEADER = ["Location_id", "Field 2", "Phone number", "TTY phone number",
              "Hours of operation", "Income standard for eligibility",
              "Location serves all of Illinois", "Service area limited to specific", "Cities",
              "Counties", "Zip codes", "Organization ID", "Services"]
ORG_HEADER = ["Organization ID", "Title", "Alternate name", "Body", "Phone number",
              "Website address", "Email"]


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        for r in rows:
            w.writerow(r)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    _write(tmp_path / "organizations.csv", ORG_HEADER, [
        {"Organization ID": "1", "Title": "Prairie Legal", "Body": "Legal aid downstate.",
         "Phone number": "217-555-0100"}])
    _write(tmp_path / "locations.csv", LOC_HEADER, [
        {"Location_id": "10", "Field 2": "Main office", "Phone number": "217-555-0101",
         "TTY phone number": "217-555-0102",
         "Hours of operation": "Sunday: Closed Monday: 9:00-17:00  Tuesday: Closed",
         "Income standard for eligibility": "Federal Poverty Level",
         "Location serves all of Illinois": "No", "Service area limited to specific": "Counties",
         "Counties": "Sangamon\n\n    La Salle\n\n    Saint Clair", "Organization ID": "1",
         "Services": "100"},
        {"Location_id": "11", "Field 2": "Hotline", "Location serves all of Illinois": "Yes",
         "Organization ID": "1", "Services": "101"},
        {"Location_id": "12", "Field 2": "Both", "Location serves all of Illinois": "Yes",
         "Service area limited to specific": "Cities", "Cities": "Chicago",
         "Organization ID": "1"}])
    _write(tmp_path / "services.csv", SVC_HEADER, [
        {"Services-ID": "100", "Title": "Eviction help", "Is this service open?": "Yes",
         "Service type": "Direct representation", "Geolocation": "Geolocation is 39.8, -89.65",
         "Same hours as location": "Yes",
         "Income eligibility and fees": "Free to eligible persons/entities",
         "Max percentage of income standard": "200%",
         "Is this service limited to specific populations?": "Yes",
         "An individual must be one of these to qualify": "a veteran, active duty military or "
                                                          "have had military service",
         "Application process": "Telephone\n\n    Walk-in", "Service is delivered": "In Person",
         "Organization ID": "1", "Location ID": "10"},
        {"Services-ID": "101", "Title": "Senior hotline", "Is this service open?": "No",
         "Geolocation": "Geolocation is 39.8, -89.65",
         "An individual must be one of these to qualify": "a senior (60 years or older)",
         "Application process": "Telephone", "Service is delivered": "Phone",
         "Organization ID": "9", "Location ID": "11"},
        {"Services-ID": "", "Organization ID": "1", "Location ID": "10"},
        {"Services-ID": "102", "Title": "Clinic", "Geolocation": "somewhere",
         "Hours of operation": "Sunday: Closed Monday: 9:00-12:00 , 13:00-17:00",
         "Organization ID": "1", "Location ID": "12"},
        {"Services-ID": "100", "Title": "Again", "Organization ID": "1", "Location ID": "10"},
    ])
    return tmp_path


def test_detected_and_balanced(folder: Path) -> None:
    assert folder_kind(folder) == "ilao"
    rep = read_directory(folder).report
    assert rep.format == "ilao-csv"
    assert rep.source_counts == {"organizations": 1, "locations": 3, "services": 5}
    assert rep.counts["services"] == 3 and rep.skipped_count("services") == 2
    reasons = {p.reason for p in rep.skipped}
    assert any(r.startswith("no services-id") for r in reasons)
    assert any(r.startswith("duplicate id") for r in reasons)
    repaired = " | ".join(p.reason for p in rep.repaired)
    assert "organization 9 not found" in repaired
    assert "Geolocation 'somewhere'" in repaired
    assert "serves all of Illinois and also lists places" in repaired


def test_fields_mapped(folder: Path) -> None:
    by_id = {s["id"]: s for s in read_directory(folder).services}
    eviction, hotline, clinic = by_id["100"], by_id["101"], by_id["102"]
    assert eviction["status"] == "active" and hotline["status"] == "inactive"
    assert [a["name"] for a in eviction["service_areas"]] == [
        "Sangamon County, IL", "La Salle County, IL", "Saint Clair County, IL"]
    assert [a["name"] for a in hotline["service_areas"]] == ["Illinois"]
    assert [a["name"] for a in clinic["service_areas"]] == ["Chicago, IL"]
    loc = eviction["service_at_locations"][0]["location"]
    assert (loc["latitude"], loc["longitude"]) == (39.8, -89.65)
    assert loc["location_type"] == "physical"
    assert {p["type"] for p in loc["phones"]} == {"voice", "textphone"}
    assert [(s["byday"], s["opens_at"]) for s in loc["schedules"]] == [("MO", "9:00")]
    assert hotline["service_at_locations"][0]["location"]["location_type"] == "virtual"
    assert "federal poverty level" in eviction["eligibility_description"]
    assert eviction["application_process"].startswith("Apply by: telephone, walk-in.")
    assert len(clinic["schedules"]) == 2
    assert clinic["service_at_locations"][0]["location"]["latitude"] is None


def test_normalized(folder: Path) -> None:
    d = Directory.load(folder, progress=False)
    by_id = {o.service_id: o for o in d.offerings}
    o = by_id["100"]
    assert set(o.service_area) == {"county:sangamon|il", "county:lasalle|il",
                                   "county:st clair|il"}
    assert o.income_limit_fpl == 200.0
    assert population_limits(population_text(o.eligibility, o.description)) == ("veterans",)
    senior = by_id["101"]
    assert senior.remote and senior.status == "inactive" and senior.min_age_years == 60
    assert population_limits(population_text(senior.eligibility, senior.description)) == (
        "older_adults",)


@pytest.mark.parametrize("group", sorted(QUALIFY))
def test_every_qualify_group_is_written_as_a_sentence(group: str) -> None:
    assert QUALIFY[group].endswith(".")


@pytest.mark.parametrize(("text", "token"), [
    ("La Salle County, IL", "county:lasalle|il"), ("LaSalle County, IL", "county:lasalle|il"),
    ("Dewitt County, IL", "county:de witt|il"), ("Du Page County, IL", "county:dupage|il")])
def test_county_names_spaced_either_way(text: str, token: str) -> None:
    assert parse_area_text(text).tokens == [token]


def test_schedules_skip_closed_days() -> None:
    assert schedules("Sunday: Closed Monday: Closed") == []
    assert [s["byday"] for s in schedules("Saturday: 9:00-12:00")] == ["SA"]


# -- the real export ---------------------------------------------------------------------------


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.shared_data
def test_real_export(shared_data: Path) -> None:
    raw = shared_data / "ilao-florida-legal-aid" / "ilao" / "raw-input"
    result = read_directory(raw)
    rep = result.report
    assert rep.format == "ilao-csv"
    for table in ("organizations", "locations", "services"):
        n = len(_rows(raw / f"{table}.csv"))
        assert rep.source_counts[table] == n, table
        assert rep.counts[table] + rep.skipped_count(table) == n, table
    # the one services row without an id holds only an organization and a location id
    assert rep.skipped_count("services") == 1
    # the HSDS 1.1 output was built from this export: the same service ids
    hsds = {r["id"] for r in _rows(raw.parent / "hsds-1.1-output" / "services.csv")} - {""}
    assert {s["id"] for s in result.services} == hsds

    svc = _rows(raw / "services.csv")
    d = Directory.load(raw, progress=False)
    offs = d.offerings
    assert len(offs) == 429
    sites = [o for o in offs if not o.remote]
    assert sum(o.latitude is not None for o in sites) / len(sites) >= 0.95
    assert sum(bool(o.service_area) for o in offs) / len(offs) >= 0.95
    assert not [o.area_unknown for o in offs if o.area_unknown]
    closed = {r["Services-ID"] for r in svc if r["Is this service open?"] == "No"}
    assert {o.service_id for o in offs if o.status != "active"} == closed
    limits = Counter(population_limits(population_text(o.eligibility, o.description))
                     for o in offs)
    assert limits[("older_adults",)] == 30 and limits[("hiv",)] == 13
    by_id = {o.service_id: o for o in offs}
    pop = {sid: population_limits(population_text(by_id[sid].eligibility, by_id[sid].description))
           for sid in ("101806", "108216")}
    assert pop == {"101806": ("disability",), "108216": ("veterans",)}
    assert by_id["89016"].status == "inactive"
    assert "city:highland park|il" in by_id["89016"].service_area
    assert by_id["29541"].service_area == ("county:dupage|il",)
    assert by_id["88501"].remote and by_id["88501"].service_area == ("state:il",)
