"""The bundled region files: built from public crosswalks, loadable, real ZIPs, no drift.

``tools/build_region_files.py`` derives each Service Planning Area's and
Community Statistical Area's ZIP list from its official tract list joined to the
Census ZCTA-tract relationship file (inputs in ``tools/region_inputs/``, sources
in ``tools/region_inputs/SOURCE.md``).  These tests read the committed files and
inputs only; nothing here uses the network.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import zipcodes
from hypothesis import given, settings
from hypothesis import strategies as st

from pfmatch.normalize.regions import bundled_regions, load_regions

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "tools" / "region_inputs"
FILES = ROOT / "src" / "pfmatch" / "data" / "regions"
COUNTIES = {  # file -> (state, county in the offline ZIP data, state+county FIPS)
    "baltimore-city-md": ("MD", "Baltimore city", "24510"),
    "los-angeles-county-ca": ("CA", "Los Angeles County", "06037"),
}


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_region_files",
                                                  ROOT / "tools" / "build_region_files.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_region_files"] = mod
    spec.loader.exec_module(mod)
    return mod


B = _builder()


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", sorted(COUNTIES))
def test_the_committed_file_is_what_the_builder_makes(name: str) -> None:
    built = B.build_file(INPUTS / name / "spec.toml")
    assert (FILES / f"{name}.toml").read_text(encoding="utf-8") == built, (
        f"{name}.toml differs from its spec: run .venv/bin/python tools/build_region_files.py")


def test_the_check_mode_passes_on_the_committed_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert B.main(["--check"]) == 0
    assert "differs" not in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(COUNTIES))
def test_each_file_loads_on_its_own(name: str) -> None:
    regs = load_regions(FILES / f"{name}.toml", bundled=False)
    state = COUNTIES[name][0]
    assert len(regs) > 0 and all(r.state == state and r.zips for r in regs.regions)
    assert all(r.source for r in regs.regions)


@pytest.mark.parametrize("name", sorted(COUNTIES))
def test_every_zip_is_a_real_zip_of_the_county(name: str) -> None:
    """In the county per the offline ZIP data, or partly in its tracts per the Census file."""
    state, county, fips = COUNTIES[name]
    part = {r["ZCTA5"] for r in _csv(INPUTS / name / "zcta_tract_2010.csv")
            if r["GEOID"].startswith(fips)}
    for region in load_regions(FILES / f"{name}.toml", bundled=False).regions:
        for z in region.zips:
            rec = zipcodes.matching(z)
            assert rec and rec[0]["state"] == state, (region.name, z)
            assert rec[0]["county"].lower() == county.lower() or z in part, (region.name, z)


def test_eight_spas_and_55_csas_each_with_zips() -> None:
    regs = bundled_regions().regions
    spas = [r for r in regs if r.state == "CA" and r.name.startswith("SPA ")]
    assert sorted(r.name.split()[1] for r in spas) == [str(i) for i in range(1, 9)]
    csa_names = {r["CSA2010"] for r in
                 _csv(INPUTS / "baltimore-city-md" / "bnia_csa_to_tract_2010.csv")}
    csa_names.discard("Unassigned--Jail")
    csas = [r for r in regs if r.state == "MD" and r.name in csa_names]
    assert len(csa_names) == 55 and len(csas) == 55
    assert all(r.zips for r in spas + csas)


@pytest.mark.parametrize(("zip_code", "spa"), [
    ("90001", "6"), ("90059", "6"),      # Florence-Firestone, Willowbrook: South
    ("93534", "1"), ("93550", "1"),      # Lancaster, Palmdale: Antelope Valley
    ("91201", "2"), ("91405", "2"),      # Glendale (assigned by city), Van Nuys
    ("91101", "3"), ("91766", "3"),      # Pasadena (assigned by city), Pomona
    ("90012", "4"), ("90401", "5"),      # Downtown LA: Metro; Santa Monica: West
    ("90201", "7"), ("90802", "8"),      # Bell: East; Long Beach (assigned by city)
])
def test_spa_zips_hold_the_places_dph_puts_there(zip_code: str, spa: str) -> None:
    region = bundled_regions().lookup(f"SPA {spa}", "CA")
    assert region is not None and zip_code in region.zips


def test_csa_lists_agree_with_bnias_own_zip_crosswalk() -> None:
    """BNIA-JFI's Zip-to-CSA-2010 (built independently, from addresses) mostly agrees."""
    regs = bundled_regions()
    pairs = [(r["zip"], r["csa"]) for r in
             _csv(INPUTS / "baltimore-city-md" / "bnia_zip_to_csa_2010.csv")]
    standard = [(z, c) for z, c in pairs
                if (rec := zipcodes.matching(z)) and rec[0]["zip_code_type"] == "STANDARD"]
    found = 0
    for z, csa in standard:
        region = regs.lookup(csa, "MD")
        assert region is not None, csa
        found += z in region.zips
    assert found / len(standard) >= 0.85, f"{found} of {len(standard)} BNIA pairs"


def _tract_lists(min_share: float) -> dict[str, set[str]] | None:
    spec_path = INPUTS / "baltimore-city-md" / "spec.toml"
    try:
        built = B.build(B.load_spec(spec_path), spec_path.parent, min_share=min_share)
    except B.SpecError as e:   # a region left with no ZIP says so
        assert "no ZIP" in str(e)
        return None
    return {x.spec["name"]: set(x.zips) for x in built if "zips" not in x.spec}


@settings(max_examples=25, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1))
def test_a_higher_min_share_never_adds_a_zip(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    low, high = _tract_lists(lo), _tract_lists(hi)
    if low is None:
        assert high is None      # a region emptied at lo stays empty at hi
    elif high is not None:
        assert all(zips <= low[name] for name, zips in high.items())


# -- a deployer's own crosswalk -------------------------------------------------------------------

_SPEC = """format = "pfmatch-region-spec/1"
name = "Baltimore City catchments"
state = "MD"
county = "Baltimore city"
county_fips = "24510"
source = "our clinic's catchments, from our tract list and the HUD-USPS ZIP-tract file"
min_share = 0.0

[tracts]
file = "tracts.csv"
tract = "tract"
region = "catchment"

[zcta_tract]
file = "zip_tract.csv"
zcta = "zip"
tract = "tract"
weight = "res_addresses"

[[regions]]
name = "North catchment"
aliases = ["North"]
tracts = "N"

[[regions]]
name = "Our informal area"
zips = ["21201", "99999"]
source = "usage in our records"
"""


def _deployer(tmp_path: Path) -> Path:
    (tmp_path / "tracts.csv").write_text(
        "tract,catchment\n24510271200,N\n24510271300,N\n24510120100,S\n", encoding="utf-8")
    (tmp_path / "zip_tract.csv").write_text(
        "zip,tract,res_addresses\n21210,24510271200,900\n21210,24510120100,100\n"
        "21218,24510120100,1000\n21209,24510271300,50\n21209,24510999999,950\n",
        encoding="utf-8")
    spec = tmp_path / "spec.toml"
    spec.write_text(_SPEC, encoding="utf-8")
    return spec


def test_a_deployer_builds_from_a_weighted_crosswalk(tmp_path: Path) -> None:
    text = B.build_file(_deployer(tmp_path))
    out = tmp_path / "mine.toml"
    out.write_text(text, encoding="utf-8")
    north = load_regions(out, bundled=False).lookup("North", "MD")
    assert north is not None and north.zips == ("21209", "21210")
    assert "# share: 21209 0.05, 21210 0.90" in text
    assert "99999 (not a ZIP of the state in the offline ZIP data)" in text   # said, not dropped
    filtered = B.build_file(tmp_path / "spec.toml", min_share=0.5)
    assert '"21209"' not in filtered.split("North catchment")[1].split("[[regions]]")[0]


def test_the_command_line_writes_a_deployer_file(tmp_path: Path) -> None:
    spec = _deployer(tmp_path)
    assert B.main([str(spec), "-o", str(tmp_path / "out.toml"), "--min-share", "0.5"]) == 0
    assert load_regions(tmp_path / "out.toml", bundled=False).lookup("North", "MD") is not None


@pytest.mark.parametrize(("edit", "message"), [
    (("tract = \"tract\"\nregion", "tract = \"nope\"\nregion"), "lacks columns ['nope']"),
    (('tracts = "N"', 'tracts = "X"'), "no tract of [tracts] is in region 'X'"),
    (('format = "pfmatch-region-spec/1"', 'format = "v0"'), "'format' must be"),
    (('county_fips = "24510"\n', ""), "'county_fips' is missing"),
])
def test_a_bad_spec_says_what_and_where(tmp_path: Path, edit: tuple[str, str],
                                        message: str) -> None:
    spec = _deployer(tmp_path)
    spec.write_text(_SPEC.replace(*edit), encoding="utf-8")
    with pytest.raises(B.SpecError) as e:
        B.build_file(spec)
    assert message in str(e.value)
    assert B.main([str(spec)]) == 2
