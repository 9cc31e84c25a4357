"""Parsers and normalize_services over the real directories in ../shared/data."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from pfmatch._languages import parse_language_text
from pfmatch._report import LoadReport
from pfmatch.normalize import normalize_services
from pfmatch.normalize.ages import parse_age_text
from pfmatch.normalize.areas import parse_area_text
from pfmatch.normalize.fees import parse_fee_text
from pfmatch.normalize.modes import parse_intake_text

pytestmark = pytest.mark.shared_data


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def bchd(shared_data: Path) -> list[dict[str, str]]:
    return _rows(shared_data / "bchd-charmcare-baltimore" / "icarol-csv" / "services.csv")


def _as_service(i: int, r: dict[str, str]) -> dict[str, Any]:
    return {
        "id": r["id"], "name": r["name"], "description": r["description"],
        "eligibility_description": r["eligibility"], "fees": r["fees"],
        "application_process": r["application_process"], "status": r["status"],
        "languages": [{"name": r["languages"]}] if r["languages"].strip() else [],
        "service_at_locations": [{"location": {
            "id": r["location_id"], "location_type": "physical", "latitude": 39.29,
            "longitude": -76.61, "addresses": [{"address_1": "1 Main St", "city": "Baltimore",
                                                "state_province": "MD", "postal_code": "21201",
                                                "country": "US"}]}}],
        "_source": {"file": "services.csv", "row": i + 1},
    }


def test_bchd_languages(bchd: list[dict[str, str]]) -> None:
    cells = [r["languages"] for r in bchd if r["languages"].strip()]
    parsed = [parse_language_text(c) for c in cells]
    said = [p for p in parsed if p.codes or p.interpretation != -1]
    assert len(said) / len(cells) > 0.9
    named = [c for c in cells if re.search(r"spanish|asl|russian|french|korean|chinese", c, re.IGNORECASE)]
    resolved = [c for c in named if parse_language_text(c).codes]
    assert len(resolved) / len(named) > 0.9


def test_bchd_eligibility_ages(bchd: list[dict[str, str]]) -> None:
    mentions = [r["eligibility"] for r in bchd
                if re.search(r"\bages?\b\s*\d|\d+\s*(?:and|or)\s*(?:older|over)|\d+\s*-\s*\d+\s*"
                             r"years|\bunder\s+\d", r["eligibility"], re.IGNORECASE)]
    assert len(mentions) > 100
    ok = [m for m in mentions if parse_age_text(m) is not None]
    assert len(ok) / len(mentions) > 0.85


def test_bchd_fees_and_intake(bchd: list[dict[str, str]]) -> None:
    fees = [parse_fee_text(r["fees"]) for r in bchd if r["fees"].strip()]
    assert sum(1 for f in fees if f != (-1, -1, -1)) / len(fees) > 0.8
    apps = [parse_intake_text(r["application_process"]) for r in bchd]
    assert sum(1 for a in apps if a) / len(apps) > 0.7


def test_bchd_normalize_plausibility(bchd: list[dict[str, str]]) -> None:
    # Its time is a figure, not a test: benchmarks/bench_load.py prints it.
    services = [_as_service(i, r) for i, r in enumerate(bchd)]
    offs = normalize_services(services, LoadReport())
    assert len(offs) == len(bchd)
    assert sum(o.languages_known for o in offs) > 300
    assert sum(o.min_age_years is not None for o in offs) > 300


def test_smc_areas_and_languages(shared_data: Path) -> None:
    base = shared_data / "ohana-smc-sample" / "sample-csv"
    for r in _rows(base / "services.csv"):
        if r["service_areas"].strip():
            parsed = parse_area_text(r["service_areas"], "CA")
            assert parsed.tokens, r["service_areas"]
            assert not parsed.not_understood, r["service_areas"]
    locs = [r["languages"] for r in _rows(base / "locations.csv") if r["languages"].strip()]
    assert all(parse_language_text(c).codes for c in locs)


def test_florida_county_areas(shared_data: Path) -> None:
    rows = _rows(shared_data / "ilao-florida-legal-aid" / "florida" / "services.csv")
    areas = [r["service_areas"] for r in rows if r["service_areas"].strip()]
    parsed = [parse_area_text(a, "FL") for a in areas]
    good = [p for p in parsed if p.tokens and not p.not_understood]
    assert len(good) / len(parsed) > 0.9


def test_ilao_fees_and_intake(shared_data: Path) -> None:
    rows = _rows(shared_data / "ilao-florida-legal-aid" / "ilao" / "raw-input" / "services.csv")
    for r in rows:
        fee = parse_fee_text(r["Income eligibility and fees"])
        if r["Income eligibility and fees"].startswith("Free"):
            assert fee[0] == 1
        if r["Application process"].strip() == "Telephone":
            assert parse_intake_text(r["Application process"])["phone_only_intake"] == 1


def test_read_directory_end_to_end(shared_data: Path) -> None:
    io = pytest.importorskip("pfmatch.io")
    read_directory = getattr(io, "read_directory", None)
    if read_directory is None:
        pytest.skip("pfmatch.io.read_directory is not available yet")
    result = read_directory(shared_data / "ohana-smc-sample" / "sample-csv")
    offs = normalize_services(result.services, result.report)
    assert offs
    assert any(o.languages_known for o in offs)
    assert any(o.service_area for o in offs)
