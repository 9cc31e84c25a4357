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
from typing import Any

import pytest

import pfmatch
from pfmatch._languages import parse_language_text
from pfmatch._offering import NO, UNKNOWN, YES
from pfmatch.normalize._text import need_text
from pfmatch.normalize.access import wheelchair_text
from pfmatch.normalize.areas import eligibility_area_tokens, jurisdiction_tokens
from pfmatch.normalize.fees import parse_fee_text
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


# -- the phrase corpus: attribute phrases as Baltimore, ILAO and San Mateo records write them -----
#
# Each entry is (dataset, phrase, expected, polarity).  The phrases are copied from the real
# exports in ../shared/data (bchd-charmcare-baltimore services.csv ``languages`` /
# ``application_process`` / description lines; ilao hsds-1.1-output and raw-input;
# ohana-smc-sample services.csv / locations.csv), so the cases run without the data.
# Polarity: "pos" states the attribute, "neg" denies it, "scoped" limits it (to some days,
# sites, programs, materials, or with notice).  A negated phrase must never read as YES.

B, S, I = "baltimore", "san-mateo", "ilao"
Y, N, U = YES, NO, UNKNOWN

LANGUAGE_CASES: list[tuple[str, str, dict[str, Any], str]] = [
    (B, "Spanish.", {"codes": {"es"}, "scope": None}, "pos"),
    (B, "Accommodations possible.", {"codes": set(), "interpretation": Y}, "pos"),
    (B, "ASL.", {"codes": {"ase"}}, "pos"),
    (B, "Language Line.", {"codes": set(), "interpretation": Y}, "pos"),
    (B, "Accommodations made with advance notice.", {"interpretation": Y, "scope": "with advance notice"}, "scoped"),
    (B, "Special arrangements possible.", {"interpretation": Y}, "pos"),
    (B, "Interpreters available.", {"interpretation": Y}, "pos"),
    (B, "American Sign Language.", {"codes": {"ase"}}, "pos"),
    (B, "Limited Spanish.", {"codes": {"es"}, "scope": "limited"}, "scoped"),
    (B, "Sign Language.", {"codes": {"ase"}}, "pos"),
    (B, "Spanish. Accommodations possible for other languages.", {"codes": {"es"}, "interpretation": Y, "scope": None}, "pos"),
    (B, "Russian.", {"codes": {"ru"}}, "pos"),
    (B, "Spanish, French.", {"codes": {"es", "fr"}}, "pos"),
    (B, "Spanish and Korean.", {"codes": {"es", "ko"}}, "pos"),
    (B, "ASL and Spanish.", {"codes": {"ase", "es"}}, "pos"),
    (B, "None.", {"codes": set()}, "neg"),
    (B, "English.", {"codes": {"en"}}, "pos"),
    (B, "Translation services available upon request.", {"interpretation": Y}, "pos"),
    (B, "Spanish translators available for Tax Assistance. Callers should request to speak to Ms. Lopez.", {"codes": {"es"}, "scope": "for tax assistance"}, "scoped"),
    (B, "Spanish and Mandarin, with access to others.", {"codes": {"es", "zh"}}, "pos"),
    (B, "A.S.L.", {"codes": {"ase"}}, "pos"),
    (B, "Materials in Spanish. Accommodations possible.", {"codes": set(), "interpretation": Y}, "scoped"),
    (B, "ASL and a Language line.", {"codes": {"ase"}, "interpretation": Y}, "pos"),
    (B, "French and limited Spanish.", {"codes": {"fr", "es"}, "scope": "limited"}, "scoped"),
    (B, "Offers brochures in Spanish.", {"codes": set()}, "scoped"),
    (B, "Spanish and ASL depending on the clinic and day of the week. Call the specific clinic for information.", {"codes": {"es", "ase"}, "scope": "at some locations"}, "scoped"),
    (B, "Greek & Persian.", {"codes": {"el", "fa"}}, "pos"),
    (B, "Spanish, Japanese, French.", {"codes": {"es", "ja", "fr"}}, "pos"),
    (B, "Spanish speaking housing counselors available", {"codes": {"es"}}, "pos"),
    (B, "Vietnamese, Chinese and Korean. (ethnic sites)", {"codes": {"vi", "zh", "ko"}, "scope": "at some locations"}, "scoped"),
    (B, "ASL with one week's advance notice.", {"codes": {"ase"}, "scope": "with advance notice"}, "scoped"),
    (B, "Free Literature available in Spanish, Russian and Chinese.", {"codes": set()}, "scoped"),
    (B, "Spanish.  By advance arrangement.", {"codes": {"es"}, "scope": "with advance notice"}, "scoped"),
    (B, "Spanish available with advanced notice.", {"codes": {"es"}, "scope": "with advance notice"}, "scoped"),
    (B, "Spanish (call ahead to schedule this service).", {"codes": {"es"}, "scope": "with advance notice"}, "scoped"),
    (B, "ASL. Spanish interpreter available on Wed.", {"codes": {"ase", "es"}, "scope": "on Wednesdays"}, "scoped"),
    (B, "Access to Language Line.  Russian.", {"codes": {"ru"}, "interpretation": Y}, "pos"),
    (B, "Can interpret 14 different languages. Call for details.", {"interpretation": Y}, "pos"),
    (B, "Spanish-speaking officers are usually available 24/7.", {"codes": {"es"}}, "pos"),
    (B, "Spanish translator available by appointment. Accommodations are possible for other languages.", {"codes": {"es"}, "interpretation": Y, "scope": "by appointment"}, "scoped"),
    (B, "All languages.", {"interpretation": Y}, "pos"),
    (B, "Spanish, Language line, ASL with prior arrangements.", {"codes": {"es", "ase"}, "interpretation": Y, "scope": "with advance notice"}, "scoped"),
    (B, "Spanish available at Eastern Health District site.", {"codes": {"es"}, "scope": "at some locations"}, "scoped"),
    (B, "Spanish and Haitian Creole.", {"codes": {"es", "ht"}}, "pos"),
    (B, "Spanish, French and Quechua", {"codes": {"es", "fr", "qu"}}, "pos"),
    (B, "Chinese :1 location only, call for information.", {"codes": {"zh"}, "scope": "at some locations"}, "scoped"),
    (B, "French, some Finnish and minimal Spanish.", {"codes": {"fr", "fi", "es"}, "scope": "limited"}, "scoped"),
    (B, "Spanish on-site for Domestic Violence unit.", {"codes": {"es"}, "scope": "for domestic violence"}, "scoped"),
    (B, "Spanish and Korean brochures.", {"codes": set()}, "scoped"),
    (B, "Multi-Lingual staff.", {"interpretation": Y}, "pos"),
    (B, "Telephone interpreter service providing interpreters for approximately 150 languages available at FCFH.", {"interpretation": Y}, "pos"),
    (B, "Basic Spanish.", {"codes": {"es"}, "scope": "limited"}, "scoped"),
    (B, "Spanish (limited).", {"codes": {"es"}, "scope": "limited"}, "scoped"),
    (B, "Polish.", {"codes": {"pl"}}, "pos"),
    (B, "English with possibility of Spanish Interpretation.", {"codes": {"en", "es"}, "interpretation": Y}, "pos"),
    (B, "Yoruba.", {"codes": {"yo"}}, "pos"),
    (B, "Gujurati, Hindi, Greek.", {"codes": {"gu", "hi", "el"}}, "pos"),
    (B, "Some Spanish.", {"codes": {"es"}, "scope": "limited"}, "scoped"),
    (B, "Spanish -Tuesday & Thursday evenings.", {"codes": {"es"}, "scope": "on Tuesday & Thursday evenings"}, "scoped"),
    (B, "Publications available in Spanish.", {"codes": set()}, "scoped"),
    (B, "Russian, Yiddish and Hebrew.", {"codes": {"ru", "yi", "he"}}, "pos"),
    (B, "Spanish (Mon only).", {"codes": {"es"}, "scope": "on Mondays"}, "scoped"),
    (B, "Spanish & Korean Interpreters; Language Line.", {"codes": {"es", "ko"}, "interpretation": Y}, "pos"),
    (B, "Russian and Yiddish.  All other languages, contact 410-601-9000 for Language Line.", {"codes": {"ru", "yi"}, "interpretation": Y}, "pos"),
    (B, "Spanish speaker available Friday's only.", {"codes": {"es"}, "scope": "on Fridays", "only": False}, "scoped"),
    (B, "ASL (with 48 hours notice).", {"codes": {"ase"}, "scope": "with advance notice"}, "scoped"),
    (B, "Spanish (application form only).", {"codes": set()}, "scoped"),
    (B, "Spanish (teaching materials).", {"codes": set()}, "scoped"),
    (B, "Translators available with 24 hour notice thru language link.", {"interpretation": Y, "scope": "with advance notice"}, "scoped"),
    (B, "Spanish, Creole.", {"codes": {"es"}, "unresolved": {"Creole"}}, "pos"),
    (S, "Spanish, Tagalog", {"codes": {"es", "tl"}}, "pos"),
    (S, "Chinese (Mandarin), Tagalog, Italian, Spanish", {"codes": {"zh", "tl", "it", "es"}}, "pos"),
    (S, "Chinese (Cantonese), Chinese (Mandarin), Tagalog, Spanish", {"codes": {"yue", "zh", "tl", "es"}}, "pos"),
    (S, "Cantonese, Russian, Spanish, Tagalog, Taiwanese", {"codes": {"yue", "ru", "es", "tl", "nan"}}, "pos"),
    (S, "Hindi, Spanish", {"codes": {"hi", "es"}}, "pos"),
]
INTAKE_CASES: list[tuple[str, str, dict[str, Any], str]] = [
    (B, "Call for information.", {"phone_intake": Y, "phone_only_intake": None}, "pos"),
    (B, "Call for appointment.", {"phone_only_intake": Y, "appointment_required": Y}, "pos"),
    (B, "Call or walk in.", {"walk_in": Y, "phone_only_intake": N}, "pos"),
    (B, "Walk-in.", {"walk_in": Y, "appointment_required": N}, "pos"),
    (B, "Call to schedule appointment.", {"phone_only_intake": Y, "appointment_required": Y}, "pos"),
    (B, "Call or walk in for information.", {"walk_in": Y, "phone_only_intake": N}, "pos"),
    (B, "Call for information or walk in.", {"walk_in": Y, "phone_only_intake": N}, "pos"),
    (B, "By appointment only.", {"appointment_required": Y}, "pos"),
    (B, "Call office for information or to make an appointment; online referral available.", {"online_intake": Y, "phone_only_intake": N}, "pos"),
    (B, "Walk-in, call or email for more information.", {"walk_in": Y, "phone_only_intake": N}, "pos"),
    (B, "No walk-ins", {"walk_in": N, "appointment_required": Y}, "neg"),
    (B, "No walk-ins accepted.", {"walk_in": N}, "neg"),
    (B, "No walk ins.", {"walk_in": N}, "neg"),
    (B, "NO WALK-INS.", {"walk_in": N}, "neg"),
    (B, "(No walk ins)", {"walk_in": N}, "neg"),
    (B, "No walk-ins or self-referrals.", {"walk_in": N}, "neg"),
    (B, "Walk-in, no appointment needed.", {"walk_in": Y, "appointment_required": N}, "neg"),
    (B, "WALK IN, NO APPOINTMENT NEEDED.", {"walk_in": Y, "appointment_required": N}, "neg"),
    (B, "No appointment is needed.", {"appointment_required": N}, "neg"),
    (B, "Appointments are not necessary.", {"appointment_required": N}, "neg"),
    (B, "Walk-ins accepted, no appointments needed.", {"walk_in": Y, "appointment_required": N}, "neg"),
    (B, "Call or stop in for application.", {"phone_only_intake": N}, "pos"),
    (B, "Call and leave message.", {"phone_intake": Y}, "pos"),
    (S, "Walk in or apply by phone.", {"walk_in": Y, "phone_intake": Y, "phone_only_intake": N}, "pos"),
    (S, "Apply by phone for an appointment.", {"phone_intake": Y, "appointment_required": Y}, "pos"),
    (S, "Apply by phone.", {"phone_intake": Y}, "pos"),
    (S, "Walk in or apply by phone, email or webpage registration.", {"walk_in": Y, "phone_only_intake": N}, "pos"),
    (S, "Walk in or apply by phone or mail", {"walk_in": Y, "phone_only_intake": N}, "pos"),
    (S, "Call for screening appointment. Medical visits are by appointment only.", {"appointment_required": Y}, "pos"),
    (S, "By phone during business hours.", {"phone_intake": Y}, "pos"),
]
WHEELCHAIR_CASES: list[tuple[str, str, int, str]] = [
    (B, "WHEELCHAIR ACCESSIBILITY: Yes", Y, "pos"),
    (B, "WHEELCHAIR ACCESSIBILITY: No", N, "neg"),
    (B, "WHEELCHAIR ACCESSIBILITY: Main building only", U, "scoped"),
    (B, "WHEELCHAIR ACCESSIBILITY: 1st And 2nd Floor Only", U, "scoped"),
    (B, "WHEELCHAIR ACCESSIBILITY: Pool Area Only", U, "scoped"),
    (B, "WHEELCHAIR ACCESSIBILITY: Service sites vary. Special handicapped meetings are held.", U, "scoped"),
    (B, "WHEELCHAIR ACCESSIBILITY: Accessible meeting locations listed in directory.", U, "scoped"),
    (B, "WHEELCHAIR ACCESSIBILITY: Yes, exceptions in some residences", U, "scoped"),
    (B, "WHEELCHAIR ACCESSIBILITY: Office site is accessible. Not all foster homes are accessible.", U, "scoped"),
    (B, "WHEELCHAIR ACCESS: Available for most services", U, "scoped"),
    (B, "One of the houses is wheelchair accessible.", U, "scoped"),
    (B, "Limited wheelchair access to the pool.", U, "scoped"),
    (B, "NOTE: For wheelchair access, call ahead for ramp arrangements.", U, "scoped"),
    (B, "All meeting sites are wheelchair accessible.", Y, "pos"),
    (B, "Provides repair of wheelchairs, braces and other equipment.", U, "pos"),
    (B, "Lends wheelchairs, walkers, commodes, bath stools and crutches.", U, "pos"),
    (B, "The building is not wheelchair accessible.", N, "neg"),
    (B, "Not handicapped accessible.", N, "neg"),
    (B, "No wheelchair access.", N, "neg"),
]
HOME_CASES: list[tuple[str, str, int, str]] = [
    (B, "HOME VISITS: No  ", N, "neg"),
    (B, "HOME VISITS: Yes ", Y, "pos"),
    (B, "Free in-home assessment is provided at initial visit.", Y, "pos"),
]
INTAKE_CASES += [
    (I, "Telephone\n\n    Online through IllinoisLegalAid.org", {"phone_intake": Y, "online_intake": Y, "phone_only_intake": N}, "pos"),
    (I, "TelephonePlease call for an appointment.", {"phone_intake": Y, "appointment_required": Y}, "pos"),
    (I, "TelephoneYou must speak to someone by phone or in-person to receive service.", {"phone_intake": Y, "phone_only_intake": N}, "pos"),
    (I, "TelephoneYou must speak to someone by phone to receive service.", {"phone_only_intake": Y}, "pos"),
    (I, "Walk-inFirst come, first served. It is best to come at 9 a.m. to receive assistance.", {"walk_in": Y, "appointment_required": N}, "pos"),
    (I, "Walk-in", {"walk_in": Y}, "pos"),
    (I, "Online through IllinoisLegalAid.org", {"online_intake": Y, "phone_only_intake": N}, "pos"),
    (I, "TelephonePlease call to set an appointment. You must speak to someone by phone to get service.", {"phone_only_intake": Y, "appointment_required": Y}, "pos"),
    (I, "Telephone\n\n    Walk-inAll clinics are walk-in only, we do not make appointments.", {"walk_in": Y, "appointment_required": N, "phone_only_intake": N}, "neg"),
    (I, "Intake is usually done by phone but we can schedule an in-person appointment if needed.", {"phone_intake": Y, "phone_only_intake": N}, "pos"),
    (I, "We prefer to conduct intake over the phone.  If a consumer, without an appointment,  walks in, we will try to serve them.", {"walk_in": Y, "phone_only_intake": N}, "pos"),
    (I, "Clients are served on a first-come-first-served basis. Wait times vary from 1 to 3 hours.", {"walk_in": Y}, "pos"),
]
FEE_CASES: list[tuple[str, str, tuple[int, int, int], str]] = [
    (I, "Free to everyone", (Y, U, N), "pos"),
    (I, "Free to eligible persons/entities", (Y, U, N), "scoped"),
    (I, "Sliding scale based on income", (U, Y, Y), "pos"),
    (I, "Flat fee regardless of income", (N, U, Y), "pos"),
]


def _language_values(text: str) -> dict[str, Any]:
    p = parse_language_text(text)
    return {"codes": set(p.codes), "interpretation": p.interpretation, "only": p.only,
            "scope": p.scope, "unresolved": set(p.unresolved)}


@pytest.mark.parametrize(("dataset", "text", "expected", "polarity"), LANGUAGE_CASES)
def test_language_phrases(dataset: str, text: str, expected: dict[str, Any], polarity: str) -> None:
    got = _language_values(text)
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize(("dataset", "text", "expected", "polarity"), INTAKE_CASES)
def test_intake_phrases(dataset: str, text: str, expected: dict[str, Any], polarity: str) -> None:
    got = parse_intake_text(text)
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize(("dataset", "text", "expected", "polarity"), WHEELCHAIR_CASES)
def test_wheelchair_phrases(dataset: str, text: str, expected: int, polarity: str) -> None:
    assert wheelchair_text(text) == expected


@pytest.mark.parametrize(("dataset", "text", "expected", "polarity"), HOME_CASES)
def test_home_visit_phrases(dataset: str, text: str, expected: int, polarity: str) -> None:
    assert home_visit_text(text) == expected


@pytest.mark.parametrize(("dataset", "text", "expected", "polarity"), FEE_CASES)
def test_fee_phrases(dataset: str, text: str, expected: tuple[int, int, int], polarity: str) -> None:
    assert parse_fee_text(text) == expected


def _all_phrases() -> list[tuple[str, str]]:
    """(phrase, polarity) for every case in this file's corpus."""
    out = [(t, "neg" if v == NO else "pos") for t, v in HOME_VISIT_CASES if v is not None]
    out += [(t, "pos") for t, _ in PHONE_ONLY_CASES]
    out += [(t, p) for _, t, _, p in LANGUAGE_CASES + INTAKE_CASES]
    out += [(t, p) for _, t, _, p in WHEELCHAIR_CASES + HOME_CASES + FEE_CASES]
    return out


def test_the_corpus_is_large_and_covers_every_polarity_and_dataset() -> None:
    phrases = _all_phrases()
    assert len({t for t, _ in phrases}) >= 150
    assert {p for _, p in phrases} == {"pos", "neg", "scoped"}
    datasets = {d for d, *_ in LANGUAGE_CASES + INTAKE_CASES + WHEELCHAIR_CASES + HOME_CASES
                + FEE_CASES}
    assert datasets == {B, S, I}


def test_no_negated_phrase_reads_as_positive() -> None:
    wrong = []
    for _, text, expected, polarity in INTAKE_CASES:
        if polarity != "neg":
            continue
        got = parse_intake_text(text)
        wrong += [(text, k) for k, v in expected.items() if v == NO and got.get(k) == YES]
    for _, text, _value, polarity in WHEELCHAIR_CASES:
        if polarity == "neg" and wheelchair_text(text) == YES:
            wrong.append((text, "wheelchair"))
    for _, text, _value, polarity in HOME_CASES:
        if polarity == "neg" and home_visit_text(text) == YES:
            wrong.append((text, "home_visit"))
    for text, value in HOME_VISIT_CASES:
        if value == NO and home_visit_text(text) == YES:
            wrong.append((text, "home_visit"))
    assert wrong == []


@pytest.mark.parametrize("text", ["Intake is by phone only. Call (424) 555-0180; please do not walk in.",
                                  "Not a walk-in clinic; call first."])
def test_do_not_walk_in_is_read_as_a_negation(text: str) -> None:
    # the bundled sample's phone-only wording was read as "walk-ins welcome" (and so not phone-only)
    got = parse_intake_text(text)
    assert got["walk_in"] == NO
    assert got["phone_only_intake"] == YES
