"""Population limits read from eligibility prose, and how they reshape a ranking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pfmatch
from pfmatch.normalize.populations import (
    POPULATION_LABELS,
    POPULATIONS,
    family_belongs,
    population_bits,
    population_limits,
)

# Eligibility texts as the Baltimore export writes them, with the limits they state.
CASES = [
    ("HIV positive individuals and their families.", ("hiv",)),
    ("Persons of all ages, living with HIV or AIDS.", ("hiv",)),
    ("Testing for HIV/STDs is open to anyone.", ()),
    ("Homebound persons.", ("homebound",)),
    ("Homebound persons unable to cook or shop for themselves.", ("homebound",)),
    ("Jewish residents only.  See notes.", ("faith_or_ethnic",)),
    ("Persons who are of Hispanic/Latino descent only. No age or income limits.",
     ("faith_or_ethnic",)),
    ("Low-income persons. Geared towards the Latino population.", ()),
    ("Women of all ages, focused mainly on Jewish women.", ("women",)),
    ("Homeless women, 18 and older, including those with HIV/AIDS, chemical dependence",
     ("homeless", "women")),
    ("Homeless men, women and families.", ("homeless",)),
    ("Males, 18 and older, who have completed a 28-day detoxification program.",
     ("men", "substance_use")),
    ("Men ages 18-25 who are drug free.", ("men",)),
    ("Substance abusers ages 18 and older.", ("substance_use",)),
    ("Persons of all ages who have major mental illness.", ("mental_illness",)),
    ("Persons who have developmental disabilities and receive DDA funding.",
     ("developmental_disability",)),
    ("Requires a referral from a lead agency (DSS, DJS, School system, etc.)",
     ("agency_referral",)),
    ("Patients who have been referred by their attending physicians.", ("agency_referral",)),
    ("Veterans.", ("veterans",)),
    ("Students at any of the participating schools listed below.", ("students",)),
    ("Public housing residents, ages 18 and older.", ("public_housing",)),
    ("Low income persons.", ()),
    ("Open to anyone needing an attorney.", ()),
    ("Any child or adult in need.", ()),
    ("Ages 18 and older.", ()),
    ("", ()),
    # Baltimore 141195, 141389, 142247, 141461, 141121 as their records write them
    ("Adolescent and adult victims of domestic violence and/or batterers.", ("dv_survivors",)),
    (("Children from birth to age 3, who show a delay of at least 25% below chronological age in "
     "1 of 5 areas."), ("developmental_disability",)),
    ("Anyone with epilepsy, physical disabilities or developmental disabilities.",
     ("developmental_disability", "disability")),
    ("Anyone with HIV or any other interested person.", ()),
    (("Provides a credit on property taxes for homeowners of all ages who qualify on the basis "
     "of gross household income."), ("homeowners",)),
    (("Provides MEAP and EUSP grants to eligible families, renters, roomers, boarders and "
     "homeowners toward the cost of heating."), ()),
    ("Provides homeownership counseling for current and prospective homeowners.", ()),
    ("No limits on eligibility.", ()),
    # 142614, 141147, 143182, 140694, 141525, 141064, 142748: read after judging their results
    ("Persons affected by substance abuse.", ("substance_use",)),
    ("Persons of any age who want to stop drinking.", ("substance_use",)),
    ("18 and over in need of substance abuse or mental health services or both.",
     ("substance_use",)),
    ("Anyone who entered the Armed Forces before Sept 7, 1980", ("veterans",)),
    ("Ungovernable youth, ages 8-18.", ("justice_involved",)),
    ("Children, ages 5-12 with emotional disabilities.", ("disability",)),
    ("Anyone with a laryngectomy or other vocal chord injury.", ("diagnosis",)),
    ("Persons with chronic mental illness.", ("mental_illness",)),
    ("Volunteers and future homeowners work to rehabilitate houses.", ()),
    # 140781, 142354
    (("Children, adolescents, and their families who are experiencing the effect of physical, "
     "sexual, and/or emotional abuse."), ("abuse_survivors",)),
    ("Any adult suspected of being abused, exploited or neglected.", ("abuse_survivors",)),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_population_limits(text: str, expected: tuple[str, ...]) -> None:
    assert population_limits(text) == expected


# Whole records (name, eligibility, description opening) from the Baltimore export.
RECORDS = [
    # 142418: the limit is only in the name (alternate name "Ryan White Title IV ...")
    ("Johns Hopkins Womens' HIV Health Program", ("Women in need of gynecology/obstetrical "
     "services."), "1) COUNSELING: Offers education on HIV risk reduction.", ("hiv", "women")),
    ("Johns Hopkins Hospital, HIV Testing and Counseling", "Open to anyone.",
     "Offers confidential HIV testing.", ()),
    ("Baltimore City Health Dept., HIV/STD Prevention Program",
     "Testing for HIV/STDs is open to anyone.", "Offers HIV testing.", ()),
    # 143515: eligibility states only ages; the opening sentence says who (double space as written)
    ("Kennedy Krieger Family Center, S.T.A.R.", "Children & adolescents, ages 2-18.",
     ("Provides treatment to children  who have been sexually abused and their non-offending "
     "caregivers. This trauma-specific model ..."), ("abused_children",)),
    # 143770
    ("Baltimore Families First", "Children 0-21 years and in need of services.",
     ("Offers a family support and resource center for families with children who have "
     "developmental disabilities or mental/behavioral health needs.  Provides ..."),
     ("developmental_disability",)),
    # 141313: the OVERVIEW names the elderly first
    ("Baltimore City DSS, In-Home Aide Services", "Adults, ages 18 and older. Also, see notes.",
     ("OVERVIEW:\nProvides services to the elderly, disabled, ill, and those who need assistance "
     "with daily activities in the home."), ("older_adults",)),
    # 141163: "age 65" in the eligibility, the programme named for seniors
    ("Baltimore City Commission on Aging & Retire., Senior Care Program",
     "Baltimore City resident, age 65; must meet income and asset eligibility.",
     "Provides persons aged 65 and older in-home services.", ("older_adults",)),
    # 140650: eligibility "Persons ages 11 years and older. See notes." defers in part
    ("Sheppard Pratt at Ellicott City", "Persons ages 11 years and older. See notes.",
     ("OVERVIEW: Provides intensive care for persons with an array of severe psychiatric "
     "illnesses, including dual diagnosis. SERVICES: ..."), ("mental_illness",)),
    # 139849: a later sentence of the overview is not who the service is for
    ("Alcoholics Anonymous, Baltimore Intergroup", ("Persons of any age who want to stop "
     "drinking. See notes."), "Service sites vary. Special handicapped meetings are held.",
     ("substance_use",)),
    # 143108: seniors among low-income residents is not a limit
    ("AARP Tax-Aide, Edgewater", "See notes.", ("Acts as an AARP tax site, providing free income "
     "tax preparation services to seniors, disabled, and low-income residents."), ()),
    # 142300: one of its programmes is for people on probation; the service is not
    ("Mountain Manor Treatment Center, Frederick", ("Individuals 18 and older dealing with "
     "substance abuse issues."), ("Offers group therapy for substance abuse and has programs for "
     "individuals on probation including DWI."), ()),
]


@pytest.mark.parametrize(("name", "elig", "desc", "expected"), RECORDS)
def test_offering_populations_read_name_and_opening(name: str, elig: str, desc: str,
                                                    expected: tuple[str, ...]) -> None:
    from pfmatch.normalize.populations import offering_populations

    assert offering_populations(name, elig, desc) == expected


def test_violence_and_age_show_a_family_belongs() -> None:
    # a family living with violence is in every group a record names for it (ILAO: "survivors of
    # a crime or of abuse"; Baltimore: "victims of domestic violence", "suspected of being abused")
    violence = population_bits(("crime_victims", "dv_survivors", "abuse_survivors"))
    assert family_belongs((), flags=("interpersonal_violence",)) == violence
    assert family_belongs(("domestic_violence",)) == violence
    assert family_belongs((), oldest_caregiver=66) == population_bits(("older_adults",))
    assert family_belongs((), oldest_caregiver=41) == 0


def test_every_population_has_a_label() -> None:
    assert set(POPULATION_LABELS) == set(POPULATIONS)


def test_family_belongs_from_its_own_data() -> None:
    assert family_belongs(["shelter"]) == population_bits(["homeless"])
    assert family_belongs([], woman_caregiver=True) == population_bits(["women"])
    assert family_belongs(["food"]) == 0


def _svc(sid: str, eligibility: str) -> dict[str, object]:
    return {"id": sid, "name": f"Food pantry {sid}", "description": "Emergency food pantry.",
            "eligibility_description": eligibility,
            "service_at_locations": [{"location": {"id": f"l{sid}", "latitude": 34.05,
                                                   "longitude": -118.25}}]}


def test_limited_offering_follows_an_open_one_and_warns() -> None:
    d = pfmatch.Directory.from_records([_svc("a", "HIV positive individuals only."),
                                        _svc("b", "Low income persons.")])
    fam = {"location": {"lat": 34.05, "lon": -118.25}, "needs": ["food"]}
    r = pfmatch.match(fam, d, k=2)
    assert [m.service_id for m in r] == ["b", "a"]
    assert any(w.startswith("only for people living with HIV") for w in r[1].warnings)
    # the same ordering for research features and for a batch
    assert [x.service_id for x in pfmatch.match_many([fam, fam], d, k=2)[1]] == ["b", "a"]


def test_a_family_known_to_belong_is_not_pushed_down() -> None:
    d = pfmatch.Directory.from_records([_svc("a", "Homeless families only."),
                                        _svc("b", "Low income persons.")])
    fam = {"location": {"lat": 34.05, "lon": -118.25}, "needs": ["food", "shelter"]}
    r = pfmatch.match(fam, d, k=2)
    assert {m.service_id for m in r} == {"a", "b"}


def test_stated_populations_open_a_limited_offering() -> None:
    d = pfmatch.Directory.from_records([_svc("a", "Veterans only."), _svc("b", "Low income persons.")])
    fam = {"location": {"lat": 34.05, "lon": -118.25}, "needs": ["food"], "populations": ["veterans"]}
    r = pfmatch.match(fam, d, k=2)
    assert {m.service_id for m in r} == {"a", "b"}
    assert not any(w.startswith("only for") for m in r for w in m.warnings)


def test_known_not_to_belong_is_excluded_with_the_rule_named() -> None:
    d = pfmatch.Directory.from_records([_svc("men", "Men, 18 and older."), _svc("vets", "Veterans only."),
                                        _svc("boys", "Males, ages 8-13."), _svc("b", "Low income persons.")])
    loc = {"lat": 34.05, "lon": -118.25}
    # every caregiver's sex is known: a program for men is not for a family of women ...
    r = pfmatch.match({"location": loc, "needs": ["food"], "caregivers": [{"gender": "female"}]},
                      d, k=4, explain=True)
    out = {e.service_id: e for e in r.excluded}
    assert out["men"].rule == "population" and "only for men" in out["men"].reason
    assert "boys" in out and "vets" not in out  # no children: the boys' program is not for them either
    # ... but a program for boys may be for her son (children's sex is not asked)
    r = pfmatch.match({"location": loc, "needs": ["food"], "caregivers": [{"gender": "female"}],
                       "children": [{"age_months": 120}]}, d, k=4, explain=True)
    assert "boys" in [m.service_id for m in r]
    # asked about every population: groups it is not in are left out, its own are open
    r = pfmatch.match({"location": loc, "needs": ["food"], "populations": [],
                       "populations_checked": True}, d, k=4, explain=True)
    assert {e.service_id for e in r.excluded if e.rule == "population"} == {"vets"}
    # a sex unknown for one caregiver decides nothing
    r = pfmatch.match({"location": loc, "needs": ["food"],
                       "caregivers": [{"gender": "female"}, {"age_years": 40}]}, d, k=4)
    assert "men" in [m.service_id for m in r]


def test_population_fields_are_validated_and_round_trip() -> None:
    fam = pfmatch.Family.from_dict({"populations": ["veterans", "veterans"], "populations_checked": True,
                                    "caregivers": [{"gender": "Female"}]})
    assert fam.populations == ("veterans",) and fam.caregivers[0].gender == "female"
    assert pfmatch.Family.from_dict(fam.to_dict()) == fam
    with pytest.raises(pfmatch.FamilyDataError, match=r"\$\.populations\[0\]"):
        pfmatch.Family.from_dict({"populations": ["martians"]})
    with pytest.raises(pfmatch.FamilyDataError, match=r"\$\.caregivers\[0\]\.gender"):
        pfmatch.Family.from_dict({"caregivers": [{"gender": 3}]})


def test_saved_index_keeps_population_column(tmp_path: Path) -> None:
    d = pfmatch.Directory.from_records([_svc("a", "Homebound persons."), _svc("b", "")])
    d.save(tmp_path / "ix")
    loaded = pfmatch.Directory.load(tmp_path / "ix")
    assert loaded.index.population.tolist() == d.index.population.tolist()
    (tmp_path / "ix" / "population.npy").unlink()   # an index saved before the column existed
    manifest = tmp_path / "ix" / "pfmatch-index.json"
    data = json.loads(manifest.read_text())
    for key in ("files", "checksums", "digests"):
        if isinstance(data.get(key), dict):
            data[key].pop("population.npy", None)
            data[key].pop("population", None)
    manifest.write_text(json.dumps(data))
    old = pfmatch.Directory.load(tmp_path / "ix")
    assert old.index.population.tolist() == d.index.population.tolist()


@pytest.mark.shared_data
@pytest.mark.parametrize(("case_id", "limited"), [("B12", "140260"), ("B14", "140260"),
                                                  ("S1", "140401")])
def test_baltimore_population_limited_programs_leave_the_top(shared_data: Path, case_id: str,
                                                             limited: str) -> None:
    d = pfmatch.Directory.load(shared_data / "bchd-charmcare-baltimore" / "icarol-csv")
    cases = json.loads((shared_data.parent / "quality" / "baltimore-dev.json").read_text())
    case = next(c for c in cases["cases"] if c["id"] == case_id)
    family = {k: v for k, v in case["family"].items() if k != "id"}
    assert limited not in [m.service_id for m in pfmatch.match(family, d, k=5)]


def _phone_only(sid: str, name: str, description: str) -> dict[str, object]:
    return {"id": sid, "name": name, "description": description,
            "application_process": "By phone only: call to apply.",
            "service_at_locations": [{"location": {"id": f"l{sid}", "latitude": 34.05,
                                                   "longitude": -118.25}}]}


def test_phone_only_intake_answering_an_urgent_need_stays_for_a_family_without_a_phone() -> None:
    d = pfmatch.Directory.from_records([
        _phone_only("partc", "Infants and Toddlers Early Intervention Program",
                    "Early intervention evaluation and services for children under 3 with "
                    "developmental delays."),
        _phone_only("pantry", "Food pantry", "Emergency food pantry.")])
    fam = {"location": {"lat": 34.05, "lon": -118.25}, "needs": ["food"], "barriers": ["no_phone"],
           "children": [{"age_months": 20}],
           "screenings": {"asq3": [{"child": 0, "area": "communication", "result": "below_cutoff"}]}}
    r = pfmatch.match(fam, d, k=2, explain=True)
    assert d.index.offering(0).attributes.get("phone_only_intake") == 1
    assert [m.service_id for m in r] == ["partc"]
    assert any("call them together with the family" in w for w in r[0].warnings)
    assert {e.service_id: e.rule for e in r.excluded} == {"pantry": "phone_only_intake"}


def test_population_read_from_a_labelled_overview_and_closed_waitlists() -> None:
    from pfmatch.normalize.populations import population_text

    # Baltimore 140835: eligibility "Ages 7-18." and the limit in the overview
    text = population_text("Ages 7-18.", "OVERVIEW:  Provides individualized care and treatment to "
                           "youth who have violated the law.\n\nSERVICES: ...")
    assert population_limits(text) == ("justice_involved",)
    d = pfmatch.Directory.from_records([
        {**_svc("closed", ""), "description": "***WAITING LIST IS CLOSED UNTIL FURTHER NOTICE*** "
                                              "Emergency food pantry."},
        _svc("open", "")])
    r = pfmatch.match({"location": {"lat": 34.05, "lon": -118.25}, "needs": ["food"]}, d, k=2,
                      explain=True)
    assert [m.service_id for m in r] == ["open"]
    assert {e.service_id: e.rule for e in r.excluded} == {"closed": "inactive"}
    assert any("intake is closed" in p.reason for p in d.report.problems)


def test_wic_is_read_from_its_opening_and_name_and_belongs_to_young_families() -> None:
    from pfmatch.normalize.populations import offering_populations

    # Baltimore 142771, and 142627 Wald (a clinic that also runs WIC: not limited by it)
    assert offering_populations(
        "Baltimore City Health Dept., WIC", "See notes.",
        "WIC is a federally funded program that provides healthy food and nutrition counseling "
        "to pregnant women, new mothers, infants and children under age five.") == ("wic",)
    assert "wic" not in offering_populations(
        "Wald Community Nursing Center", "Uninsured or underinsured children up to age 18. See "
        "notes for WIC eligibility requirements.", "1 ) GENERAL HEALTH SERVICES: Provides "
        "immunizations.")
    assert family_belongs((), expecting=True) == population_bits(("wic",))
    assert family_belongs((), youngest_child=4.9) == population_bits(("wic",))
    assert family_belongs((), youngest_child=6.0) == 0
    assert family_belongs(("wic",), youngest_child=6.0) == population_bits(("wic",))


def test_a_childs_need_is_met_only_within_a_childs_ages() -> None:
    # Baltimore 143351 Global Healthcare Systems: "Ages 5-65." (an after-school programme among
    # others) is no child care for children of 1 and 3, though their parent is 27
    prog = {**_svc("gh", "Ages 5-65."), "name": "Global Healthcare Systems",
            "description": "AFTER SCHOOL PROGRAM and child care."}
    care = {**_svc("cc", ""), "name": "Child care center", "description": "Child care for infants "
            "and toddlers."}
    d = pfmatch.Directory.from_records([prog, care])
    fam = {"location": {"lat": 34.05, "lon": -118.25}, "needs": ["child care"],
           "children": [{"age_years": 1}, {"age_years": 3}], "caregivers": [{"age_years": 27}]}
    r = pfmatch.match(fam, d, k=2, explain=True)
    assert "gh" not in [m.service_id for m in r]
    assert {e.service_id: e.rule for e in r.excluded}.get("gh") == "age"
