"""Service areas read from every place a record states them; region files; unknown areas.

Also the other "nothing real is lost, everything is placed" repairs: child rows
with repeated ids, sites placed from their address, region-dependent language
names.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pfmatch
from pfmatch import ConfigError
from pfmatch._languages import regional_language
from pfmatch.io import read_directory
from pfmatch.normalize.areas import (
    jurisdiction_tokens,
    parse_area_text,
    service_area_tokens,
    stated_areas,
)
from pfmatch.normalize.regions import bundled_regions, load_regions, region_key

# -- the gazetteer: places in their usual forms --------------------------------------------------


@pytest.mark.parametrize(("text", "state", "expected"), [
    ("Harford County", "MD", {"county:harford|md"}),
    ("Anne Arundel Co.", "MD", {"county:anne arundel|md"}),
    ("Baltimore City", "MD", {"county:baltimore city|md"}),
    ("Baltimore County", "MD", {"county:baltimore|md"}),
    ("City of Baltimore", "MD", {"county:baltimore city|md"}),
    ("Baltimore City and County", "MD", {"county:baltimore city|md", "county:baltimore|md"}),
    ("Prince George's County, Maryland", "MD", {"county:prince george's|md"}),
    ("City of Glendale", "CA", {"city:glendale|ca"}),
    ("Pasadena area", "CA", {"city:pasadena|ca"}),
    ("greater Pasadena", "CA", {"city:pasadena|ca"}),
    ("Compton and surrounding areas", "CA", {"city:compton|ca"}),
    ("Belmont, Burlingame or San Mateo", "CA",
     {"city:belmont|ca", "city:burlingame|ca", "city:san mateo|ca"}),
    ("Anne Arundel, Baltimore County, Carroll and Howard", "MD",
     {"county:anne arundel|md", "county:baltimore|md", "county:carroll|md", "county:howard|md"}),
    ("Maryland", None, {"state:md"}),
    ("statewide", "MD", {"state:md"}),
])
def test_places_in_their_usual_forms(text: str, state: str | None, expected: set[str]) -> None:
    got = parse_area_text(text, state)
    assert set(got.tokens) == expected and not got.not_understood


def _zips(region: str, state: str) -> set[str]:
    r = bundled_regions().lookup(region, state)
    assert r is not None, region
    return {f"zip:{z}" for z in r.zips}


@pytest.mark.parametrize(("text", "state", "region"), [
    ("Antelope Valley", "CA", "SPA 1"),
    ("SPA 6", "CA", "SPA 6 South"),
    ("South LA", "CA", "SPA 6 South"),
    ("Southeast Los Angeles", "CA", "Southeast LA"),
    ("San Fernando Valley", "CA", "SFV"),
    ("San Gabriel Valley", "CA", "SPA 3"),
    ("the Westside", "CA", "SPA 5"),
    ("Harbor area", "CA", "Harbor"),
    ("East LA", "CA", "East Los Angeles"),
    ("Metro", "CA", None),
    ("Hampden", "MD", "Medfield/Hampden/Woodberry/Remington"),
    ("Sandtown-Winchester", "MD", "Sandtown-Winchester/Harlem Park"),
    ("greater Lauraville", "MD", "Lauraville"),
    ("East Baltimore", "MD", "East Baltimore"),
])
def test_region_names_resolve_to_their_zips(text: str, state: str, region: str | None) -> None:
    got = parse_area_text(text, state)
    if region is None:   # a bare "Metro" is too vague to be SPA 4
        assert not got.tokens
    else:
        assert set(got.tokens) == _zips(region, state)


def test_region_names_match_only_in_their_state() -> None:
    assert not parse_area_text("Hampden", "CA").tokens
    assert not parse_area_text("Antelope Valley", "MD").tokens


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([(r, n) for r in bundled_regions().regions for n in (r.name, *r.aliases)]))
def test_every_bundled_name_reads_as_its_region(item: tuple[Any, str]) -> None:
    region, name = item
    assert bundled_regions().lookup(name, region.state) is region
    assert set(parse_area_text(name, region.state).tokens) == set(region.tokens())


def test_bundled_region_files_name_their_source() -> None:
    regs = bundled_regions()
    assert {Path(f).name for f in regs.files} == {"baltimore-city-md.toml",
                                                  "los-angeles-county-ca.toml"}
    assert all(r.source for r in regs.regions)
    spas = [r for r in regs.regions if r.name.startswith("SPA ")]
    assert len(spas) == 8
    csas = [r for r in regs.regions if r.state == "MD" and not r.source.startswith("usage")]
    assert len(csas) == 55


def test_region_key_forms() -> None:
    assert region_key("Sandtown-Winchester") == region_key("SANDTOWN / winchester")
    assert region_key("Mt. Washington") == "mount washington"


# -- deployer region files ------------------------------------------------------------------------

_MY_REGIONS = """format = "pfmatch-regions/1"
name = "Test county"
state = "CA"
source = "made up for a test"

[[regions]]
name = "Eastside Catchment"
aliases = ["the Eastside"]
zips = ["90033", "90063"]
"""


def _svc(sid: str, *, eligibility: str = "", areas: list[dict[str, Any]] | None = None,
         lat: float | None = 34.05, lon: float | None = -118.25, name: str = "",
         address: dict[str, Any] | None = None) -> dict[str, Any]:
    loc: dict[str, Any] = {"id": f"l{sid}", "latitude": lat, "longitude": lon}
    if address is not None:
        loc["addresses"] = [{"address_type": "physical", "country": "US", **address}]
    return {"id": sid, "name": name or f"Food pantry {sid}", "description": "Emergency food pantry.",
            "eligibility_description": eligibility, "service_areas": areas or [],
            "service_at_locations": [{"location": loc}]}


def test_a_deployer_region_file_is_read(tmp_path: Path) -> None:
    f = tmp_path / "mine.toml"
    f.write_text(_MY_REGIONS)
    regs = load_regions(f)
    assert regs.lookup("Eastside Catchment", "CA") is not None
    assert regs.lookup("Antelope Valley", "CA") is not None   # the bundled ones stay
    assert load_regions(f, bundled=False).lookup("Antelope Valley", "CA") is None
    d = pfmatch.Directory.from_records(
        [_svc("a", areas=[{"name": "the Eastside"}],
              address={"city": "Los Angeles", "state_province": "CA", "postal_code": "90033"})],
        regions=f)
    assert d.offerings[0].service_area == ("zip:90033", "zip:90063")
    inside = {"location": {"zip": "90063"}, "needs": ["food"]}
    outside = {"location": {"zip": "91405"}, "needs": ["food"]}
    assert [m.service_id for m in pfmatch.match(inside, d, k=3)] == ["a"]
    assert [m.service_id for m in pfmatch.match(outside, d, k=3)] == []


@pytest.mark.parametrize(("text", "message"), [
    ('format = "x"\n', "'format' must be"),
    (_MY_REGIONS.replace('source = "made up for a test"\n', ""), "'source' is missing"),
    (_MY_REGIONS.replace('"90033"', "90033"), "is not a 5-digit ZIP code"),
    (_MY_REGIONS.replace('aliases', 'alias'), "unknown keys"),
    ("[[regions\n", "not valid TOML"),
])
def test_a_bad_region_file_says_what_and_where(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(ConfigError, match=r"bad\.toml") as e:
        load_regions(f)
    assert message in str(e.value) and "docs/regions.md" in str(e.value)


def test_a_missing_region_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        pfmatch.Directory.load(tmp_path, regions=tmp_path / "nope.toml")


# -- every place a record states its area --------------------------------------------------------


def test_service_area_extent_text_gives_zips_where_the_name_is_a_region() -> None:
    toks, problems = service_area_tokens(
        [{"name": "Our Eastside program area", "extent": "90201, 90255", "extent_type": "text"}],
        state="CA", county=None, city=None)
    assert toks == ("zip:90201", "zip:90255") and not problems


def test_service_area_description_is_tried_after_the_name() -> None:
    toks, problems = service_area_tokens(
        [{"name": "Zone B", "description": "Residents of Harford County"}], state="MD",
        county=None, city=None)
    assert toks == ("county:harford|md",) and not problems


@pytest.mark.parametrize(("texts", "expected"), [
    (["Residents of ZIP codes 90201, 90255 and 90280"], {"zip:90201", "zip:90255", "zip:90280"}),
    (["", "VOLUNTEERS: none.\nCounties served: Charles, St. Mary's\t\t"],
     {"county:charles|md", "county:st mary's|md"}),
    (["", "Serving zip codes: 21206, 21220"], {"zip:21206", "zip:21220"}),
    (["However if you are a Washington County resident, call first"], {"county:washington|md"}),
    (["Open to anyone in South Montgomery County"], {"county:montgomery|md"}),
    # the CSA's ZIPs as the region file lists them (derived from its 2010 tracts: 21213)
    (["Belair-Edison residents"], _zips("Belair-Edison", "MD")),
    (["", "FEES:  Charles, Calvert and St. Mary's County residents: $94/credit."],
     {"county:charles|md", "county:calvert|md", "county:st mary's|md"}),
])
def test_areas_in_prose(texts: list[str], expected: set[str]) -> None:
    got = stated_areas(texts, "MD")
    assert set(got.tokens) == expected and not got.unparsed


@pytest.mark.parametrize("text", [
    "Must reside in one of the target areas.",
    "Open to anyone within service area.",
    "Must live within catchment area.",
    "Residents of the Eastern Shore of Maryland",
])
def test_an_area_stated_but_not_known_stays_unknown(text: str) -> None:
    got = stated_areas(text, "MD")
    assert not got.tokens and got.unparsed


@pytest.mark.parametrize("text", ["Low income residents.", "Adult Latino residents",
                                  "Open to any resident.", "Jewish residents only."])
def test_residents_phrases_about_people_state_no_area(text: str) -> None:
    assert not stated_areas(text, "MD").stated


def test_a_named_county_is_not_the_offerings_own() -> None:
    # Baltimore County DSS sits in ZIP 21212, whose ZIP-data county is Baltimore City
    got = stated_areas("Provides North Baltimore County residents access to social services.",
                       "MD", county="Baltimore city", city="Baltimore")
    assert got.tokens == ("county:baltimore|md",)


def test_city_resident_is_the_offerings_own_place() -> None:
    got = stated_areas("Must be a city resident.", "MD", county="Baltimore city", city="Baltimore")
    assert got.tokens == ("county:baltimore city|md",)
    got = stated_areas("County residents ages 3 and older", "MD", county="Harford")
    assert got.tokens == ("county:harford|md",)


@pytest.mark.parametrize(("names", "expected"), [
    (["Annapolis Police Department"], ("city:annapolis|md",)),
    (["City of Annapolis Housing Authority"], ("city:annapolis|md",)),
    (["Prince George's Health Department"], ("county:prince george's|md",)),
    (["Harford County Health Department"], ("county:harford|md",)),
    (["Baltimore City Health Dept., WIC"], ("county:baltimore city|md",)),
    (["Frederick Police Department"], ()),   # Frederick is a city and a county: not guessed
    (["Annapolis Pediatrics"], ()),          # not a government office
])
def test_jurisdiction_from_names(names: list[str], expected: tuple[str, ...]) -> None:
    assert jurisdiction_tokens(names, "MD") == expected


def test_a_stated_area_wins_over_the_name() -> None:
    d = pfmatch.Directory.from_records([
        _svc("a", name="Harford County Health Department WIC",
             eligibility="Residents of Cecil County.",
             address={"city": "Bel Air", "state_province": "MD", "postal_code": "21014"})])
    assert d.offerings[0].service_area == ("county:cecil|md",)


# -- unknown is a third state ------------------------------------------------------------------


def test_unknown_area_ranks_after_a_known_one_with_a_warning(tmp_path: Path) -> None:
    la = {"city": "Los Angeles", "state_province": "CA", "postal_code": "90012"}
    d = pfmatch.Directory.from_records([
        _svc("a", eligibility="Must live within our catchment area.", address=la),
        _svc("b", eligibility="Residents of Los Angeles County.", address=la)])
    assert d.report.counts["area_unknown"] == 1
    a = next(o for o in d.offerings if o.service_id == "a")
    assert a.area_unknown == "within our catchment area" and a.service_area == ()
    assert any("area 'within our catchment area' not understood" in p.reason
               for p in d.report.problems)
    fam = {"location": {"zip": "90012"}, "needs": ["food"]}
    r = pfmatch.match(fam, d, k=2)
    assert [m.service_id for m in r] == ["b", "a"]
    assert any(w.startswith("check the service area") for w in r[1].warnings)
    assert [m.service_id for m in pfmatch.match_many([fam, fam], d, k=2)[0]] == ["b", "a"]
    # saved and loaded, and an index saved before the column existed
    d.save(tmp_path / "ix")
    assert pfmatch.Directory.load(tmp_path / "ix").index.area_unknown.tolist() == \
        d.index.area_unknown.tolist()
    (tmp_path / "ix" / "area_unknown.npy").unlink()
    manifest = tmp_path / "ix" / "pfmatch-index.json"
    data = json.loads(manifest.read_text())
    data["files"].pop("area_unknown.npy", None)
    manifest.write_text(json.dumps(data))
    assert pfmatch.Directory.load(tmp_path / "ix").index.area_unknown.tolist() == \
        d.index.area_unknown.tolist()


# -- everything placed -------------------------------------------------------------------------------


def test_sites_without_coordinates_are_placed_by_zip_then_city() -> None:
    d = pfmatch.Directory.from_records([
        _svc("z", lat=None, lon=None,
             address={"address_1": "1 Main St", "city": "Towson", "state_province": "MD",
                      "postal_code": "21204"}),
        _svc("c", lat=None, lon=None,
             address={"address_1": "2 Main St", "city": "Towson", "state_province": "MD"})])
    by = {o.service_id: o for o in d.offerings}
    assert by["z"].placed_by == "zip" and by["z"].latitude is not None
    assert by["c"].placed_by == "city" and by["c"].latitude is not None
    assert d.report.counts["placed_by_zip"] == 1 and d.report.counts["placed_by_city"] == 1
    r = pfmatch.match({"location": {"zip": "21204"}, "needs": ["food"]}, d, k=2)
    assert any("placed by ZIP" in x for m in r if m.service_id == "z" for x in m.reasons)


def test_an_unplaced_site_follows_a_placed_one() -> None:
    d = pfmatch.Directory.from_records([
        _svc("u", lat=None, lon=None),
        _svc("p", lat=39.40, lon=-76.60)])
    assert d.report.counts["unplaced"] == 1
    r = pfmatch.match({"location": {"lat": 39.40, "lon": -76.60}, "needs": ["food"]}, d, k=2)
    assert [m.service_id for m in r] == ["p", "u"]


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_child_rows_with_repeated_ids_keep_their_content(tmp_path: Path) -> None:
    _write(tmp_path / "organizations.csv", [{"id": "o1", "name": "Org", "description": "d"}])
    _write(tmp_path / "services.csv", [{"id": "s1", "organization_id": "o1", "name": "Pantry",
                                        "status": "active", "description": "food"}])
    _write(tmp_path / "languages.csv", [{"id": "1", "service_id": "s1", "language": "Spanish"},
                                        {"id": "1", "service_id": "s1", "language": "Korean"},
                                        {"id": "", "service_id": "s1", "language": "Russian"}])
    result = read_directory(tmp_path)
    names = [x["name"] for x in result.services[0]["languages"]]
    assert names == ["Spanish", "Korean", "Russian"]
    assert not result.report.skipped_count("languages")
    assert any("id repeats row" in p.reason for p in result.report.problems)


def test_creole_by_region() -> None:
    assert regional_language("Creole", "FL") == "ht"
    assert regional_language("Creole", "CA") is None
    d = pfmatch.Directory.from_records([{
        **_svc("f", address={"city": "Miami", "state_province": "FL", "postal_code": "33125"}),
        "languages": [{"name": "Creole"}, {"name": "Spanish"}]}])
    assert set(d.offerings[0].languages) == {"en", "ht", "es"}
    assert not any("Creole" in p.reason for p in d.report.problems)


# -- real records --------------------------------------------------------------------------------


@pytest.mark.shared_data
def test_baltimore_areas_and_placement(shared_data: Path) -> None:
    d = pfmatch.Directory.load(shared_data / "bchd-charmcare-baltimore" / "icarol-csv")
    offs = d.offerings
    # every physical site is placed (most by their coordinates, the rest by ZIP or city)
    sites = [o for o in offs if not o.remote]
    assert all(o.latitude is not None for o in sites)
    assert d.report.counts.get("placed_by_zip", 0) > 100
    # "Counties served: Charles, St. Mary's" in a description (one record lists many offices)
    assert any({"county:charles|md", "county:st mary's|md"} <= set(o.service_area) for o in offs)
    # a Baltimore County program is not offered to a Baltimore City family (county named in prose)
    county_only = [o for o in offs if o.service_area == ("county:baltimore|md",)]
    assert county_only
    fam = {"location": {"zip": "21217"}, "needs": ["food"]}
    shown = {m.service_id for m in pfmatch.match(fam, d, k=10)}
    assert not shown & {o.service_id for o in county_only}


def test_short_place_names_211_writers_use() -> None:
    # Baltimore 141195 "Family & Children's Services, Domestic Violence Pgm., Balto. Co."
    from pfmatch.normalize.areas import jurisdiction_tokens, parse_area_text

    assert parse_area_text("Balto. Co.", "MD").tokens == ["county:baltimore|md"]
    assert jurisdiction_tokens(("Family & Children's Services, Domestic Violence Pgm., Balto. Co.",
                                "Family & Children's Services"), "MD") == ("county:baltimore|md",)
    assert parse_area_text("Baltimore City", "MD").tokens == ["county:baltimore city|md"]


@pytest.mark.parametrize("text", ["Serves L.A. County.", "Must live in L.A. County.",
                                  "L.A. Co. residents only.", "Serves LA County residents.",
                                  "Residents of Los Angeles County."])
def test_la_county_as_staff_write_it(text: str) -> None:
    # "LA" / "L.A." before County or Co. is Los Angeles; a period after a single initial
    # does not end the place name ("L.A. County" was read as "L.A" and dropped)
    from pfmatch.normalize.areas import parse_area_text, stated_areas

    assert stated_areas(text, "CA").tokens == ("county:los angeles|ca",)
    assert parse_area_text("La Verne", "CA").tokens == ["city:la verne|ca"]


def test_an_age_range_ends_a_sentence_before_an_area() -> None:
    from pfmatch.normalize.areas import stated_areas

    got = stated_areas("Pregnant and parenting teens 13-19. Serves Monterey Park, Los Angeles "
                       "and Montebello.", "CA")
    assert got.tokens == ("city:los angeles|ca", "city:montebello|ca", "city:monterey park|ca")
    assert not got.unparsed
