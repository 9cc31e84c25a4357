"""Stated needs in a coordinator's own words: corpora, examples, disclosures, properties.

The corpora live in ``tests/data`` (``need_texts_*.tsv``, ``disclosures*.tsv``);
``benchmarks/bench_need_text.py`` prints the same figures beside the baseline.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from need_corpus import disclosure_corpus, need_corpus

import pfmatch
from pfmatch._needmap import NeedMap
from pfmatch._needtext import read_need
from pfmatch._needtext._disclose import disclosures
from pfmatch.assess import STATED_TEXT, assess

CORPUS = need_corpus()
DISCLOSURES = disclosure_corpus()
TARGET = 0.95
BALTIMORE = (Path(__file__).resolve().parents[2] / "shared" / "data" / "bchd-charmcare-baltimore"
             / "icarol-csv")
BALTIMORE_DEV = Path(__file__).resolve().parents[2] / "shared" / "quality" / "baltimore-dev.json"


def _needs(text: str) -> frozenset[str]:
    return frozenset(assess({"needs": [text]}).need_codes)


# ------------------------------------------------------------------ corpora
def test_need_corpus_is_big_enough_and_well_formed() -> None:
    codes = set(NeedMap.default().codes)
    assert len(CORPUS) >= 400
    assert sum(lang == "es" for _, _, lang in CORPUS) >= 150
    assert sum(len(t.split()) >= 6 for t, _, _ in CORPUS) >= 100
    assert len({(t, lang) for t, _, lang in CORPUS}) == len(CORPUS), "duplicate texts"
    for text, exp, lang in CORPUS:
        assert lang in ("en", "es"), text
        assert exp <= codes, (text, exp - codes)


def test_need_corpus_accuracy() -> None:
    wrong = [(t, sorted(e), sorted(_needs(t))) for t, e, _ in CORPUS if _needs(t) != e]
    accuracy = 1 - len(wrong) / len(CORPUS)
    assert accuracy >= TARGET, f"{accuracy:.1%} exact need sets; misses: {wrong}"


def test_disclosure_corpus_is_big_enough() -> None:
    fire = [t for t, f, _ in DISCLOSURES if f != "-"]
    near = [t for t, f, _ in DISCLOSURES if f == "-"]
    assert len(fire) >= 60 and len(near) >= 60
    for lang in ("en", "es"):
        assert any(lang == la for _, f, la in DISCLOSURES if f != "-")
        assert any(lang == la for _, f, la in DISCLOSURES if f == "-")
    assert {f for _, f, _ in DISCLOSURES} == {"interpersonal_violence", "self_harm_risk", "-"}


@pytest.mark.parametrize(("text", "flag"), [(t, f) for t, f, _ in DISCLOSURES if f != "-"])
def test_disclosure_fires(text: str, flag: str) -> None:
    assert flag in disclosures(text)


@pytest.mark.parametrize("text", [t for t, f, _ in DISCLOSURES if f == "-"])
def test_near_miss_does_not_fire(text: str) -> None:
    assert disclosures(text) == ()


# ------------------------------------------------------------------ the issue's examples
@pytest.mark.parametrize(("text", "codes"), [
    ("BGE", {"utilities"}), ("PG&E", {"utilities"}), ("light bill", {"utilities"}),
    ("CalFresh", {"food_benefits"}), ("SNAP", {"food_benefits"}), ("EBT", {"food_benefits"}),
    ("food stamps", {"food_benefits"}), ("WIC", {"wic"}), ("Section 8", {"rent_assistance"}),
    ("Medi-Cal", {"health_insurance"}), ("sleeping in our car", {"shelter"}),
    ("my husband uses heroin", {"substance_use"}), ("no tengo donde vivir", {"shelter"}),
    ("clases para padres", {"parenting_education"}),
    ("legal help for custody of grandchildren", {"legal_aid"}),
    ("dental care for kids", {"dental_care"}), ("ged classes", {"adult_education"}),
    ("transportation to appointments", {"transportation"}),
    ("homeless shelter for family", {"shelter"}), ("need a family shelter tonight", {"shelter"}),
    ("speech therapy for my son", {"early_intervention"}),
    ("not food, rent", {"rent_assistance"}),
    ("food, diapers and the light bill", {"food", "baby_supplies", "utilities"}),
])
def test_issue_examples(text: str, codes: set[str]) -> None:
    assert _needs(text) == codes


def test_negation_is_reported_not_guessed() -> None:
    r = read_need("not food, rent")
    assert r.codes == ("rent_assistance",) and r.negated == ("food",)
    r = read_need("no necesito comida, solo ayuda con la renta")
    assert r.codes == ("rent_assistance",) and r.negated == ("food",)
    # a negation word inside a need phrase is part of the phrase
    assert read_need("my son is not talking").codes == ("early_intervention",)
    assert read_need("we do not have food").codes == ("food",)


def test_ambiguous_and_unknown_text_stays_unresolved() -> None:
    a = assess({"needs": ["food and zzqx plonk", "car insurance", "help"]})
    assert a.need_codes == ("food",)
    assert a.unresolved == ("zzqx plonk", "car insurance", "help")


def test_unresolved_keeps_the_clause_as_typed() -> None:
    a = assess({"needs": ["Diapers, and a Plumber for the sink"]})
    assert a.need_codes == ("baby_supplies",)
    assert a.unresolved == ("a Plumber for the sink",)


# ------------------------------------------------------------------ disclosures -> flags and pins
@pytest.mark.parametrize(("text", "flag", "need"), [
    ("my husband hits me", "interpersonal_violence", "domestic_violence"),
    ("mi pareja me pega", "interpersonal_violence", "domestic_violence"),
    ("he threatens to take the kids", "interpersonal_violence", "domestic_violence"),
    ("I don't want to live anymore", "self_harm_risk", "crisis_line"),
    ("quiero morirme", "self_harm_risk", "crisis_line"),
])
def test_disclosure_raises_flag_and_urgent_need(text: str, flag: str, need: str) -> None:
    a = assess({"needs": ["food", text]})
    f = a.flag(flag)
    assert f is not None and f.sources == (STATED_TEXT,) and f.deadline_days == 0
    assert text.casefold() not in f.reason.casefold()
    assert a.needs[0].code == need and a.needs[0].urgency.value == "urgent"
    assert text not in a.unresolved


def test_disclosure_pins_safety_line_and_names_the_source_not_the_words(
        caplog: pytest.LogCaptureFixture) -> None:
    text = "tengo miedo de mi esposo"
    with caplog.at_level(logging.DEBUG):
        r = pfmatch.match({"needs": [text, "comida"], "languages": ["es"]}, k=3, explain=True)
    assert r.pinned, "a disclosure pins a domestic-violence line"
    reason = r.pinned[0].reasons[0]
    assert "stated in the need text" in reason
    doc = json.dumps(r.to_dict(), ensure_ascii=False) if hasattr(r, "to_dict") else ""
    shown = " ".join([*(x for m in [*r.pinned, *r.matches] for x in m.reasons), *r.notes,
                      *(f.reason for f in r.flags), doc.replace(json.dumps(text), "")])
    assert "miedo" not in shown and "esposo" not in shown.replace("needs", "")
    assert not any(text in rec.getMessage() for rec in caplog.records)


def test_screening_pin_reason_is_unchanged() -> None:
    fam = {"screenings": {"phq9": {"items": [1, 1, 1, 1, 1, 1, 1, 1, 2]}}}
    r = pfmatch.match(fam, k=3)
    assert "a screening answer" in r.pinned[0].reasons[0]


# ------------------------------------------------------------------ properties
@given(st.text(max_size=200))
def test_reading_any_text_is_total_and_consistent(text: str) -> None:
    r = read_need(text)
    codes = set(NeedMap.default().codes)
    assert set(r.codes) <= codes and set(r.negated) <= codes
    assert not set(r.codes) & set(r.negated)
    assert len(set(r.codes)) == len(r.codes)
    assert set(r.flags) <= {"interpersonal_violence", "self_harm_risk"}
    assert all(u and u in text for u in r.unresolved)   # clauses as typed, never rewritten
    assert read_need(text) == r


@given(st.lists(st.sampled_from([t for t, e, _ in CORPUS if e]), min_size=1, max_size=4))
def test_several_texts_union_their_needs(texts: list[str]) -> None:
    got = set(assess({"needs": texts}).need_codes)
    assert got == set().union(*(_needs(t) for t in texts))


# ------------------------------------------------------------------ real data
@pytest.mark.shared_data
def test_baltimore_dev_stated_needs_all_resolve() -> None:
    if not BALTIMORE_DEV.is_file():
        pytest.skip(f"real-data test: {BALTIMORE_DEV} is absent (../shared sits beside the "
                    "checkout in development and CI)")
    cases: list[dict[str, Any]] = json.loads(BALTIMORE_DEV.read_text(encoding="utf-8"))["cases"]
    texts = [t for c in cases for t in c["family"].get("needs", [])]
    assert texts
    left = [t for t in texts if assess({"needs": [t]}).unresolved]
    assert not left, left


@pytest.mark.shared_data
def test_stated_disclosure_pins_a_real_baltimore_dv_line() -> None:
    if not BALTIMORE.is_dir():
        pytest.skip(f"real-data test: {BALTIMORE} is absent (the shared data folder sits "
                    "beside the checkout in development and CI)")
    d = pfmatch.Directory.load(BALTIMORE)
    r = pfmatch.match({"location": {"zip": "21218"}, "languages": ["en"],
                       "needs": ["my boyfriend beats me", "shelter"]}, d, k=5)
    assert [f.code for f in r.flags] == ["interpersonal_violence"]
    assert r.pinned
    first = r.pinned[0]
    o = next((o for o in d.index.offerings if o.service_id == first.service_id), None)
    text = (first.service + " " + (o.description if o else "")).casefold()
    assert "domestic" in text or "abuse" in text or "violence" in text or \
        first.service_id == "pfmatch:ndvh", first.service
