"""Checks on the bundled synthetic LA County sample directory and example families."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import pfmatch

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "providers" / "la-county" / "services.json"
NEEDS = REPO / "src" / "pfmatch" / "data" / "needs.toml"
EXAMPLES = REPO / "examples"
GENERATOR = REPO / "tools" / "make_sample_directory.py"

#: Real, public national lines allowed in the sample; everything else is 555-01xx.
REAL_NUMBERS = {"988", "1-800-799-7233", "88788"}
FICTIONAL = re.compile(r"^\(\d{3}\) 555-01\d\d$")
#: Top-level family keys from API section 2.
FAMILY_KEYS = {"id", "location", "languages", "needs", "factor_gaps", "pfs2", "screenings",
               "children", "caregivers", "barriers", "insurance", "household",
               "max_distance_km", "connected_services", "safety_concern"}
#: Statuses as exports spell them (the reader normalizes each).
STATUSES = {"active", "inactive", "Inactive", "closed", "defunct", "Defunct", "permanently closed",
            "temporarily closed", "temporarily_closed", "Temporarily Closed"}
SCREENING_KEYS = {"phq9", "phq2", "epds", "asq3", "asq_se2", "ahc_hrsn", "hunger_vital_sign"}
FACTORS = {"parental_resilience", "social_connections", "knowledge_of_parenting",
           "concrete_support", "social_emotional_competence"}


@pytest.fixture(scope="module")
def services() -> list[dict[str, Any]]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def needs() -> list[dict[str, Any]]:
    with NEEDS.open("rb") as fh:
        return tomllib.load(fh)["need"]


def _codes(s: dict[str, Any]) -> list[str]:
    return [a["taxonomy_term"]["code"] for a in s.get("attributes", []) if "taxonomy_term" in a]


def _text(s: dict[str, Any]) -> str:
    parts = [s.get("name", ""), s.get("description", ""), s.get("eligibility_description", "")]
    parts += [a["taxonomy_term"]["name"] for a in s.get("attributes", []) if "taxonomy_term" in a]
    return " ".join(parts).lower()


def _under(code: str, prefix: str) -> bool:
    return code == prefix or code.startswith((prefix + ".", prefix + "-")) or (
        len(prefix) == 2 and code.startswith(prefix))


def _answers(s: dict[str, Any], need: dict[str, Any]) -> bool:
    codes = _codes(s)
    if any(c in need["oe"] for c in codes):
        return True
    if any(_under(c, p) for c in codes for p in need["hsis"]):
        return True
    text = _text(s)
    return any(re.search(r"\b" + re.escape(k) + r"\b", text) for k in need["keywords"])


def _phones(obj: Any):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "phones":
                yield from v
            yield from _phones(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _phones(v)


def test_file_is_a_json_array_one_service_per_line(services: list[dict[str, Any]]) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert len(lines) == len(services) + 2
    assert SAMPLE.stat().st_size < 12 * 1024 * 1024
    ids = [s["id"] for s in services]
    assert len(ids) == len(set(ids))
    for s in services:
        assert s["name"] and s["status"] in STATUSES, s["status"]
        assert s["organization"]["id"] == s["organization_id"]


def test_counts(services: list[dict[str, Any]]) -> None:
    assert len(services) >= 2000
    offerings = 0
    for s in services:
        physical = [sal for sal in s.get("service_at_locations", [])
                    if sal["location"].get("location_type") != "virtual"]
        offerings += len(physical) if physical else 1
    assert offerings >= 3000
    orgs = {s["organization_id"] for s in services}
    assert 500 <= len(orgs) <= 750


def test_every_need_code_is_covered(services: list[dict[str, Any]],
                                    needs: list[dict[str, Any]]) -> None:
    all_codes = {c for s in services for c in _codes(s)}
    all_text = " ".join(_text(s) for s in services)
    counts: Counter[str] = Counter()
    factors: Counter[str] = Counter()
    for s in services:
        for n in needs:
            if _answers(s, n):
                counts[n["code"]] += 1
                for f in n["factors"]:
                    factors[f] += 1
    for n in needs:
        for oe in n["oe"]:
            assert oe in all_codes, (n["code"], oe)
        for p in n["hsis"]:
            assert any(_under(c, p) for c in all_codes), (n["code"], p)
        for kw in n["keywords"]:
            assert kw in all_text, (n["code"], kw)
        assert counts[n["code"]] >= 20, (n["code"], counts[n["code"]])
    for big in ("food", "parenting_education", "mental_health", "shelter"):
        assert counts[big] >= 100
    assert set(factors) == FACTORS
    assert min(factors.values()) >= 100


def test_taxonomy_mix_and_statuses(services: list[dict[str, Any]]) -> None:
    def what(s: dict[str, Any]) -> list[dict[str, Any]]:
        # what the service is; Open Eligibility "situation" labels (200xx: who is served) aside
        return [a["taxonomy_term"] for a in s.get("attributes", [])
                if not a["taxonomy_term"]["code"].startswith("200")]

    first = Counter(what(s)[0]["taxonomy"] if what(s) else "text" for s in services)
    n = len(services)
    assert 0.33 <= first["Open Eligibility"] / n <= 0.47
    assert 0.23 <= first["211HSIS"] / n <= 0.37
    assert 0.23 <= first["text"] / n <= 0.37
    status = Counter(s["status"] for s in services)
    assert 0.02 <= 1 - status["active"] / n <= 0.06
    d = pfmatch.Directory.sample()
    closed = Counter(o.status for o in d.offerings)
    assert closed["temporarily closed"] > closed_in_file(services)  # also closed in the prose


def test_phone_numbers_are_fictional(services: list[dict[str, Any]]) -> None:
    for s in services:
        for p in _phones(s):
            assert p["number"] in REAL_NUMBERS or FICTIONAL.match(p["number"]), p["number"]


def test_safety_resources(services: list[dict[str, Any]]) -> None:
    by_name = {s["name"]: s for s in services}
    lifeline = by_name["988 Suicide & Crisis Lifeline"]
    assert not lifeline.get("service_at_locations")
    assert {p["number"] for p in lifeline["phones"]} == {"988"}
    assert {p["type"] for p in lifeline["phones"]} == {"voice", "text"}
    assert lifeline["service_areas"][0]["name"] == "United States"
    assert "1-800-799-7233" in {p["number"] for s in services for p in s.get("phones", [])}
    text_only = by_name["Crisis Text Line for Parents and Teens"]
    assert {p["type"] for p in text_only["phones"]} == {"text"}
    confidential = [sal["location"] for s in services for sal in s.get("service_at_locations", [])
                    if sal["location"].get("name") == "Confidential location"]
    assert len(confidential) >= 5
    for loc in confidential:
        assert loc["addresses"] == [] and loc["latitude"] and loc["longitude"]


def test_access_features_are_exercised(services: list[dict[str, Any]]) -> None:
    blob = SAMPLE.read_text(encoding="utf-8")
    for needle in ('"attending_type": "home visit"', '"location_type": "virtual"',
                   '"extent_type": "geojson"', '"code": "ase"', '"type": "text"',
                   "Walk in", "Call to schedule an intake appointment", "Apply online at",
                   "Language Line", "federal poverty level", "Sliding scale", "TTY",
                   "ASL interpreters", "Metro Bus", "wait", "Children ages 0-5 and their parents",
                   "Pregnant and parenting teens 13-19", "Adults 18 and older",
                   '"byday": "SA', "child care"):
        assert needle in blob, needle
    zips = {a.get("postal_code") for s in services for sal in s.get("service_at_locations", [])
            for a in sal["location"].get("addresses", [])}
    assert any(z.startswith("935") for z in zips)          # Antelope Valley (sparse)
    assert "90011" in zips


def closed_in_file(services: list[dict[str, Any]]) -> int:
    return sum(1 for s in services if s["status"].lower().replace("_", " ") == "temporarily closed")


#: Each kind of real 211 phrasing the sample must keep (issue 12 point 9), as a
#: regular expression over the file.  Taken as kinds from the Baltimore iCarol,
#: San Mateo Ohana and ILAO exports in ../shared/data; the sentences are ours.
REAL_PHRASINGS = {
    "region name as the area": r'"name": "(?:South Los Angeles|San Fernando Valley|San Gabriel '
                               r'Valley|Antelope Valley|Westside|Gateway Cities|South Bay)"',
    "city area": r'"name": "(?:City of [A-Z][a-z]+|[A-Z][a-z]+ area|Greater [A-Z][a-z]+)',
    "county as staff abbreviate it": r'"name": "(?:Los Angeles Co\.|LA County|L\.A\. County)"',
    "area only in eligibility prose": r'"eligibility_description": "[^"]*(?:Residents of|Serves|'
                                      r'Must live in) (?:the )?[A-Z]',
    "women only": r"Women 18 and older",
    "veterans": r"Veterans and their families",
    "people living with HIV": r"People living with HIV/AIDS",
    "homebound": r"Homebound seniors",
    "group that limits no one": r"especially welcome|including immigrant families",
    "home visits: no": r"Home visits: No",
    "home visits: yes": r"Home visits: Yes",
    "home visits: limited": r"Home visits: (?:Limited|For established clients|In an emergency)",
    "no walk-ins": r"No walk-ins",
    "not wheelchair accessible": r"[Nn]ot wheelchair accessible",
    "Spanish for tax help only": r"Spanish translators for tax assistance only",
    "Spanish on Fridays": r"Spanish speaker available Fridays",
    "interpretation loosely": r'"interpretation_services": "(?:Accommodations possible\.|Language Line\.)"',
    "who-is-served label": r'"name": "(?:Women|Hispanic/Latino|Teens \(13-19 years old\))"',
    "call for information": r'"application_process": "Call for information\.',
    "walk in or call": r'"application_process": "(?:Walk in or call|Call or walk in)',
    "see notes": r'"application_process": "See notes\.',
    "closed status as exports spell it": r'"status": "(?:temporarily_closed|Inactive|closed)"',
    "closed only in the prose": r"waiting list (?:is|is currently) closed",
    "repeated child-row id": r'"id": ""',
}


@pytest.mark.parametrize("kind", sorted(REAL_PHRASINGS))
def test_sample_keeps_each_real_phrasing(kind: str) -> None:
    blob = SAMPLE.read_text(encoding="utf-8")
    assert len(re.findall(REAL_PHRASINGS[kind], blob)) >= 3, kind


def test_sample_has_real_record_messiness(services: list[dict[str, Any]]) -> None:
    locs = [sal["location"] for s in services for sal in s.get("service_at_locations", [])
            if sal["location"].get("location_type") == "physical" and sal["location"].get("addresses")]
    no_coords = [loc for loc in locs if "latitude" not in loc]
    assert 0.04 <= len(no_coords) / len(locs) <= 0.2          # address only: placed by ZIP or city
    assert any(not loc["addresses"][0].get("postal_code") for loc in no_coords)
    repeated = [s for s in services if len(s.get("languages", [])) > 1
                and len({lg["id"] for lg in s["languages"]}) == 1]
    assert len(repeated) >= 20                                 # child rows sharing one id
    d = pfmatch.Directory.sample()
    c = d.report.counts
    assert c["placed_by_zip"] > 100 and c["placed_by_city"] > 10
    # every language row is kept though ids repeat or are blank
    by_id = {s["id"]: s for s in services}
    for o in d.offerings:
        raw = by_id[o.service_id]
        if raw.get("languages") and len({lg["id"] for lg in raw["languages"]}) <= 1:
            assert {lg["code"] for lg in raw["languages"]} <= set(o.languages) | {"zh"}


def test_sample_areas_are_read() -> None:
    # areas written as regions, cities, abbreviations and prose are read; the few left
    # unknown say so (they are "Residents of the service area.")
    d = pfmatch.Directory.sample()
    c = d.report.counts
    assert c["with_area"] / c["offerings"] >= 0.8
    unknown = {o.area_unknown for o in d.offerings if o.area_unknown}
    assert unknown <= {"of the service area"}, unknown


def test_sample_negations_and_scopes_are_read() -> None:
    d = pfmatch.Directory.sample()
    offs = d.offerings
    assert sum(o.attributes.get("home_visit") == 0 for o in offs) > 1000     # "Home visits: No"
    assert sum(o.attributes.get("wheelchair") == 0 for o in offs) > 100
    scopes = Counter(o.language_scope for o in offs)
    assert scopes["on Fridays"] and scopes["for tax assistance"]
    loose = [o for o in offs if (o.application_process or "").startswith("Call for information")]
    assert loose and all(o.attributes.get("phone_only_intake") != 1 for o in loose)


@pytest.mark.slow
def test_generator_is_deterministic(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp_path), "--quiet"],
                   check=True, cwd=REPO)
    assert (tmp_path / "services.json").read_bytes() == SAMPLE.read_bytes(), (
        "the committed sample is stale: run tools/make_sample_directory.py "
        "(it reads src/pfmatch/data/needs.toml)")


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_example_families(path: Path) -> None:
    family = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(family, dict)
    assert set(family) <= FAMILY_KEYS, set(family) - FAMILY_KEYS
    assert set(family.get("screenings", {})) <= SCREENING_KEYS
    assert set(family.get("factor_gaps", {})) <= FACTORS
    assert path.name in (EXAMPLES / "README.md").read_text(encoding="utf-8")


def test_there_are_example_families() -> None:
    assert len(list(EXAMPLES.glob("*.json"))) >= 6
