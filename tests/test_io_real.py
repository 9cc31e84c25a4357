"""pfmatch.io on the real public directories in ../shared/data (skipped when absent)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pfmatch.io import read_directory

pytestmark = pytest.mark.shared_data


def rows(path: Path) -> int:
    """Data rows of a CSV file, counted independently of pfmatch."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def embedded(services: list[dict[str, Any]]) -> dict[str, int]:
    """Distinct embedded objects per parent key (shared objects counted once)."""
    seen: set[int] = set()
    counts: Counter[str] = Counter()

    def walk(obj: Any, key: str) -> None:
        if isinstance(obj, dict):
            if id(obj) in seen:
                return
            seen.add(id(obj))
            counts[key] += 1
            for k, v in obj.items():
                walk(v, k)
        elif isinstance(obj, list):
            for item in obj:
                walk(item, key)

    for s in services:
        walk(s, "services")
    return dict(counts)


def check_balance(result: Any, folder: Path, tables: dict[str, str]) -> None:
    """For each table: source rows == report.source_counts == loaded + skipped."""
    rep = result.report
    for table, filename in tables.items():
        n = rows(folder / filename)
        assert rep.source_counts[table] == n, table
        skipped = rep.skipped_count(table)
        assert 0 <= skipped <= n
    for key in ("services", "organizations", "locations"):
        if key in tables:
            n = rows(folder / tables[key])
            assert rep.counts[key] + rep.skipped_count(key) == n, key


def check_shape(services: list[dict[str, Any]]) -> None:
    for s in services:
        assert isinstance(s["id"], str) and s["id"]
        assert isinstance(s["name"], str) and s["name"]
        assert isinstance(s["organization"], dict)
        assert set(s["_source"]) == {"file", "row"} and s["_source"]["row"] >= 1
        for key in ("phones", "languages", "schedules", "service_areas", "attributes",
                    "cost_options", "required_documents", "service_at_locations"):
            assert isinstance(s[key], list), key
        for sal in s["service_at_locations"]:
            loc = sal["location"]
            for c in ("latitude", "longitude"):
                assert loc[c] is None or isinstance(loc[c], (int, float))
            assert (loc["latitude"] is None) == (loc["longitude"] is None)
        for key in ("minimum_age", "maximum_age"):
            assert s[key] is None or isinstance(s[key], (int, float))
        for value in s.values():
            assert value != ""


OHANA_TABLES = {"organizations": "organizations.csv", "locations": "locations.csv",
                "services": "services.csv", "addresses": "addresses.csv",
                "mail_addresses": "mail_addresses.csv", "phones": "phones.csv",
                "contacts": "contacts.csv"}


def test_bchd_baltimore(shared_data: Path) -> None:
    root = shared_data / "bchd-charmcare-baltimore"
    result = read_directory(root)  # resolves to the icarol-csv/ subfolder
    rep = result.report
    assert rep.format == "ohana-csv"
    assert rep.counts == {"organizations": 748, "services": 1876, "locations": 1482,
                          "offerings": 0}
    folder = root / "icarol-csv"
    check_balance(result, folder, OHANA_TABLES)
    check_shape(result.services)
    got = embedded(result.services)
    # phones and contacts of organizations without services are loaded but not reachable
    for table in ("phones",):
        loaded = rep.source_counts[table] - rep.skipped_count(table)
        assert 0.9 * loaded < got.get(table, 0) <= loaded
    addresses = rep.source_counts["addresses"] + rep.source_counts["mail_addresses"]
    addresses -= rep.skipped_count("addresses") + rep.skipped_count("mail_addresses")
    assert got["addresses"] == addresses
    assert result.services[0]["_source"] == {"file": "icarol-csv/services.csv", "row": 1}
    # taxonomy: AIRS codes named from taxonomy_mapping.csv, OE ids from service_categories
    terms = [a["taxonomy_term"] for s in result.services for a in s["attributes"]
             if a["taxonomy_term"]]
    airs = {t["code"]: t["name"] for t in terms if t["taxonomy"] == "211HSIS"}
    assert airs["BD-1800.2000"] == "Food Pantries"
    assert any(t["taxonomy"] == "Open Eligibility" and t["code"] for t in terms)
    with_airs = sum(1 for s in result.services
                    if any((a["taxonomy_term"] or {}).get("taxonomy") == "211HSIS"
                           for a in s["attributes"]))
    assert with_airs == 1849
    coords = sum(1 for loc in {id(sal["location"]): sal["location"] for s in result.services
                               for sal in s["service_at_locations"]}.values()
                 if loc["latitude"] is not None)
    assert coords > 1300
    languages = [s["languages"][0]["name"] for s in result.services if s["languages"]]
    assert "Spanish." in languages
    assert all(len(s["languages"]) <= 1 for s in result.services)


def test_smc_ohana_sample(shared_data: Path) -> None:
    folder = shared_data / "ohana-smc-sample" / "sample-csv"
    result = read_directory(shared_data / "ohana-smc-sample")  # oe.json is not service data
    rep = result.report
    assert rep.format == "ohana-csv"
    assert (rep.counts["organizations"], rep.counts["locations"], rep.counts["services"]) == (
        8, 22, 23)
    check_balance(result, folder, {**OHANA_TABLES, "regular_schedules": "regular_schedules.csv",
                                   "holiday_schedules": "holiday_schedules.csv",
                                   "programs": "programs.csv", "taxonomy": "taxonomy.csv"})
    check_shape(result.services)
    by_id = {s["id"]: s for s in result.services}
    first = by_id["1"]
    loc = first["service_at_locations"][0]["location"]
    assert loc["languages"] == [{"name": "Spanish, Tagalog", "id": None, "code": None,
                                 "note": None}]
    assert [a["description"] for a in loc["accessibility"]] == [
        "disabled_parking", "ramp", "restroom", "wheelchair"]
    assert first["eligibility_description"].endswith(
        "Audience: Older adults age 55 or over, ethnic minorities and low-income persons")
    assert first["service_areas"][0]["name"] == "Colma"
    kws = [a["taxonomy_term"]["name"] for a in first["attributes"]
           if (a["taxonomy_term"] or {}).get("taxonomy") == "keywords"]
    assert "Senior Centers" in kws
    oe = [a["taxonomy_term"] for a in by_id["22"]["attributes"]
          if (a["taxonomy_term"] or {}).get("taxonomy") == "Open Eligibility"]
    assert {t["code"] for t in oe} == {"105", "108", "108-05", "108-05-01", "111", "111-05"}
    assert all(t["name"] for t in oe)
    scheds = by_id["22"]["schedules"]
    assert {"MO", "WE"} <= {s["byday"] for s in scheds}
    loc22 = by_id["22"]["service_at_locations"][0]["location"]
    assert {s["byday"] for s in loc22["schedules"] if s["byday"]} == {
        "MO", "TU", "WE", "TH", "FR", "SA", "SU"}
    assert any(s["notes"] == "holiday: closed" for s in loc22["schedules"])


def test_ilao_hsds_11_output(shared_data: Path) -> None:
    folder = shared_data / "ilao-florida-legal-aid" / "ilao" / "hsds-1.1-output"
    result = read_directory(folder)
    rep = result.report
    assert rep.format == "hsds-1.1-csv"
    tables = {"organizations": "organizations.csv", "services": "services.csv",
              "locations": "locations.csv", "phones": "phones.csv",
              "postal_addresses": "postal_addresses.csv",
              "regular_schedules": "regular_schedules.csv"}
    check_balance(result, folder, tables)
    check_shape(result.services)
    assert rep.counts["services"] == 429 and rep.skipped_count("services") == 1
    # phones of locations with no service are loaded but not reachable from a service
    # (this 1.1 output has no services_at_location.csv); blank ids are reported
    svc_phones = sum(len(s["phones"]) for s in result.services)
    assert 0 < svc_phones <= 982 - rep.skipped_count("phones")
    assert any(p.reason.startswith("id is blank") for p in rep.repaired)


def test_ilao_hsds_11_tmp_blank_ids(shared_data: Path) -> None:
    folder = shared_data / "ilao-florida-legal-aid" / "ilao" / "hsds-1.1-output-tmp"
    result = read_directory(folder)
    rep = result.report
    assert rep.format == "hsds-1.1-csv"
    tables = {"organizations": "organizations.csv", "services": "services.csv",
              "locations": "locations.csv", "phones": "phones.csv",
              "service_at_location": "service_at_location.csv", "schedules": "schedules.csv",
              "eligibilities": "eligibilities.csv", "addresses": "addresses.csv"}
    check_balance(result, folder, tables)
    check_shape(result.services)
    blank = [p for p in rep.problems if "blank" in p.reason]
    assert {p.table for p in blank} >= {"service_at_location", "schedules", "phones"}
    linked = sum(len(s["service_at_locations"]) for s in result.services)
    assert linked == 520 - rep.skipped_count("service_at_location")
    assert linked > 0
    days = {sch["byday"] for s in result.services for sal in s["service_at_locations"]
            for sch in sal["location"]["schedules"]}
    assert days == {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


def test_hsds_30_csv_examples(shared_data: Path) -> None:
    folder = shared_data / "hsds-spec-examples" / "v3.0" / "examples" / "csv"
    result = read_directory(folder)
    rep = result.report
    assert rep.format == "hsds-3.0-csv"
    tables = {name.removesuffix(".csv"): name for name in (
        "organizations.csv", "services.csv", "locations.csv", "phones.csv", "contacts.csv",
        "addresses.csv", "schedules.csv", "service_areas.csv", "required_documents.csv",
        "languages.csv", "accessibility.csv", "cost_options.csv", "attributes.csv",
        "taxonomy_terms.csv", "service_at_location.csv", "funding.csv", "programs.csv")}
    check_balance(result, folder, tables)
    check_shape(result.services)
    (svc,) = result.services
    assert svc["minimum_age"] == 12 and svc["maximum_age"] == 100
    assert svc["cost_options"][0]["amount"] == 35
    loc = svc["service_at_locations"][0]["location"]
    assert loc["latitude"] is None and loc["longitude"] is None
    assert any(p.kind == "repaired" and p.table == "locations" and "latitude 100" in p.reason
               for p in rep.problems)
    # the example attribute links to an id that exists nowhere: reported, not dropped silently
    assert rep.skipped_count("attributes") == 1


@pytest.mark.parametrize("name", ["service_full.json", "service_list.json",
                                  "organization_full.json"])
def test_hsds_30_json_examples(shared_data: Path, name: str) -> None:
    path = shared_data / "hsds-spec-examples" / "v3.0" / "examples" / "json" / name
    result = read_directory(path)
    rep = result.report
    assert rep.format == "hsds-3.0-json"
    assert rep.counts["services"] == 1
    assert rep.counts["services"] + rep.skipped_count("services") == rep.source_counts["services"]
    check_shape(result.services)
    (svc,) = result.services
    assert svc["id"] == "ac148810-d857-441c-9679-408f346de14b"
    assert svc["organization"]["name"] == "Example Organization Inc."
    assert svc["_source"] == {"file": name, "row": 1}
    if svc["service_at_locations"]:
        assert any(p.kind == "repaired" and "out of range" in p.reason for p in rep.problems)


def test_json_examples_folder(shared_data: Path) -> None:
    folder = shared_data / "hsds-spec-examples" / "v3.0" / "examples" / "json"
    result = read_directory(folder)
    rep = result.report
    assert rep.counts["services"] == 1
    assert rep.counts["services"] + rep.skipped_count("services") == rep.source_counts["services"]
    assert rep.skipped_count("files") > 0  # taxonomy/location/tabular files are reported
    assert all("duplicate id" in p.reason for p in rep.skipped if p.table == "services")


def test_ambiguous_parent_folder_is_an_error(shared_data: Path) -> None:
    from pfmatch import ProviderDataError

    with pytest.raises(ProviderDataError, match="several directories"):
        read_directory(shared_data / "ilao-florida-legal-aid" / "ilao")
