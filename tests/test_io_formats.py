"""pfmatch.io on packages and files built in tmp_path: HSDS 2.0.1, modified 3.0, NDJSON, gzip."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from pathlib import Path
from typing import Any

from pfmatch.io import read_directory, read_records

SERVICE: dict[str, Any] = {
    "id": "s1", "name": "Food pantry", "status": "active", "minimum_age": "0",
    "organization": {"id": "o1", "name": "Org"},
    "service_at_locations": [{"id": "sal1", "location": {
        "id": "l1", "location_type": "physical", "latitude": 39.3, "longitude": -76.6}}],
}


def write_csv(path: Path, header: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        for r in rows:
            w.writerow(r)


def test_hsds_201_package(tmp_path: Path, shared_data: Path) -> None:
    dp = json.loads((shared_data / "hsds-spec-examples/v2.0.1/datapackage.json").read_text())
    fields = {r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in dp["resources"]}
    data = {
        "organizations.csv": [{"id": "o1", "name": "Org", "description": "d"}],
        "services.csv": [{"id": "s1", "organization_id": "o1", "name": "Pantry", "status": "active",
                          "fees": "Free"},
                         {"id": "s2", "organization_id": "missing", "name": "Clinic",
                          "status": "active"},
                         {"id": "s1", "organization_id": "o1", "name": "Dup", "status": "active"}],
        "locations.csv": [{"id": "l1", "name": "Main", "latitude": "39.3", "longitude": "-76.6"},
                          {"id": "l2", "name": "Bad", "latitude": "140", "longitude": "10"}],
        "services_at_location.csv": [{"id": "a1", "service_id": "s1", "location_id": "l1"},
                                     {"id": "a2", "service_id": "s9", "location_id": "l1"}],
        "phones.csv": [{"id": "p1", "location_id": "l1", "number": "555", "language": "es"},
                       {"id": "p2", "location_id": "l9", "number": "556"}],
        "schedules.csv": [{"id": "h1", "service_id": "s1", "freq": "WEEKLY", "byday": "MO",
                           "opens_at": "09:00", "closes_at": "17:00", "interval": "x"}],
        "eligibility.csv": [{"id": "e1", "service_id": "s1"}],
        "taxonomy_terms.csv": [{"id": "t1", "term": "Food", "description": "food",
                                "taxonomy": "OE"},
                               {"id": "t2", "term": "Children", "description": "kids"}],
        "service_attributes.csv": [{"id": "sa1", "service_id": "s1", "taxonomy_term_id": "t1"}],
        "other_attributes.csv": [{"id": "oa1", "link_id": "e1", "link_type": "eligibility",
                                  "taxonomy_term_id": "t2"}],
        "service_areas.csv": [{"id": "ar1", "service_id": "s1", "service_area": "Baltimore City"}],
        "languages.csv": [{"id": "lg1", "service_id": "s1", "language": "es"}],
        "accessibility_for_disabilities.csv": [{"id": "ac1", "location_id": "l1",
                                                "accessibility": "ramp"}],
    }
    for name, rows in data.items():
        write_csv(tmp_path / name, fields[name], rows)
    (tmp_path / "datapackage.json").write_text(json.dumps(dp))
    result = read_directory(tmp_path)
    rep = result.report
    assert rep.format == "hsds-2.0-csv"
    for name, rows in data.items():
        table = {"services_at_location": "service_at_location"}.get(
            name.removesuffix(".csv"), name.removesuffix(".csv"))
        assert rep.source_counts[table] == len(rows)
    assert rep.counts["services"] == 2 and rep.skipped_count("services") == 1
    assert rep.skipped_count("service_at_location") == 1
    assert rep.skipped_count("phones") == 1
    s1 = next(s for s in result.services if s["id"] == "s1")
    assert s1["fees_description"] == "Free"
    assert s1["schedules"][0]["byday"] == "MO" and s1["schedules"][0]["interval"] is None
    assert s1["service_areas"][0]["name"] == "Baltimore City"
    assert s1["languages"][0]["name"] == "es"
    links = {(a["link_type"], a["taxonomy_term"]["name"]) for a in s1["attributes"]}
    assert links == {(None, "Food"), ("eligibility", "Children")}
    loc = s1["service_at_locations"][0]["location"]
    assert loc["accessibility"][0]["description"] == "ramp"
    assert loc["phones"][0]["languages"] == [{"name": "es", "id": None, "code": None,
                                              "note": None}]
    s2 = next(s for s in result.services if s["id"] == "s2")
    assert s2["organization"]["id"] is None
    reasons = [p.reason for p in rep.problems]
    assert "latitude 140 out of range; coordinates dropped" in reasons
    assert any("interval 'x' is not a number" in r for r in reasons)
    assert any("organization missing not found" in r for r in reasons)


def test_hsds_30_package_modified(tmp_path: Path, shared_data: Path) -> None:
    src = shared_data / "hsds-spec-examples/v3.0/examples/csv"
    dst = tmp_path / "pkg"
    shutil.copytree(src, dst)
    with (dst / "services.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    header = list(rows[0])
    extra = dict(rows[0], id="s-2", name="", minimum_age="twelve")
    third = dict(rows[0], id="s-3", name="Second", minimum_age="3.5",
                 organization_id="nope")
    write_csv(dst / "services.csv", header, [rows[0], extra, third, rows[0]])
    result = read_directory(dst)
    rep = result.report
    assert rep.format == "hsds-3.0-csv"
    assert rep.source_counts["services"] == 4
    assert rep.counts["services"] == 2
    assert rep.skipped_count("services") == 2  # no name, duplicate id
    s3 = next(s for s in result.services if s["id"] == "s-3")
    assert s3["minimum_age"] == 3.5
    assert s3["organization"]["name"] is None
    assert s3["_source"] == {"file": "services.csv", "row": 3}


def test_cp1252_fallback(tmp_path: Path) -> None:
    write_csv(tmp_path / "organizations.csv", ["id", "name"], [{"id": "o1", "name": "Org"}])
    (tmp_path / "services.csv").write_bytes(
        "id,organization_id,name\ns1,o1,Caf\u00e9 services\n".encode("cp1252"))
    result = read_directory(tmp_path)
    assert result.services[0]["name"] == "Caf\u00e9 services"
    assert any("cp1252" in p.reason for p in result.report.repaired)


def test_ndjson_and_gzip(tmp_path: Path) -> None:
    lines = [dict(SERVICE, id=f"s{i}") for i in range(3)]
    text = "\n".join(json.dumps(x) for x in lines) + "\n"
    (tmp_path / "a.ndjson").write_text(text)
    result = read_directory(tmp_path / "a.ndjson")
    assert [s["id"] for s in result.services] == ["s0", "s1", "s2"]
    assert result.services[2]["_source"] == {"file": "a.ndjson", "row": 3}
    assert result.services[0]["minimum_age"] == 0
    (tmp_path / "b.json.gz").write_bytes(gzip.compress(json.dumps(lines).encode()))
    gz = read_directory(tmp_path / "b.json.gz")
    assert gz.report.counts == {"organizations": 1, "services": 3, "locations": 1,
                                "offerings": 0}
    # a folder of JSON files: both read, duplicates reported
    both = read_directory(tmp_path)
    assert both.report.counts["services"] == 3
    assert both.report.skipped_count("services") == 3


def test_page_and_organizations(tmp_path: Path) -> None:
    page = {"total_items": 2, "contents": [SERVICE, dict(SERVICE, id="s2")]}
    (tmp_path / "page.json").write_text(json.dumps(page))
    assert read_directory(tmp_path / "page.json").report.counts["services"] == 2
    org = {"id": "o9", "name": "Org nine", "services": [dict(SERVICE, organization=None)]}
    (tmp_path / "orgs.json").write_text(json.dumps([org]))
    result = read_directory(tmp_path / "orgs.json")
    assert result.services[0]["organization"]["id"] == "o9"
    assert "services" not in result.services[0]["organization"]


def test_folder_with_one_subfolder(tmp_path: Path) -> None:
    sub = tmp_path / "export"
    sub.mkdir()
    (sub / "services.json").write_text(json.dumps([SERVICE]))
    (tmp_path / "README.txt").write_text("hello")
    result = read_directory(tmp_path)
    assert result.services[0]["_source"]["file"] == "export/services.json"


def test_read_records() -> None:
    result = read_records([SERVICE, {"id": "x"}, "junk", dict(SERVICE)])
    rep = result.report
    assert rep.counts["services"] == 1
    assert rep.skipped_count("services") == 3
    assert rep.source_counts["services"] == 4
    assert result.services[0]["_source"] == {"file": "<records>", "row": 1}
