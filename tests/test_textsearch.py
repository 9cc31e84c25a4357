"""Stated needs that no need code resolves are looked for in the directory's own text.

Unit tests on a small directory, a hypothesis property for the bounds, and
tests on the real Baltimore export (skipped when ``../shared/data`` is absent),
where each expectation was checked by reading the records returned.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pfmatch
from pfmatch._offering import Offering
from pfmatch._textsearch import MAX_RELEVANCE, MIN_RELEVANCE, TextSearch, offering_text, query_stems

BALTIMORE = Path(__file__).resolve().parents[1].parent / "shared/data/bchd-charmcare-baltimore/icarol-csv"
HOME = (39.30, -76.62)


def off(sid: str, name: str, description: str = "", **kw: object) -> Offering:
    base: dict[str, object] = {"service_id": sid, "location_id": f"{sid}-l", "organization_id": "o",
                                   "service_name": name, "organization_name": f"{name} org",
                                   "description": description, "latitude": HOME[0], "longitude": HOME[1],
                                   "languages": ("en",), "languages_known": True}
    base.update(kw)
    return Offering(**base)  # type: ignore[arg-type]


OFFS = [
    off("ged", "Adult Learning Center", "GED preparation classes and adult literacy tutoring."),
    off("parenting", "Parenting Circle", "Weekly parenting classes for new parents."),
    off("speech", "Children's Therapy Clinic", "Speech therapy and occupational therapy for children."),
    off("pantry", "Corner Pantry", "Free groceries every Tuesday. Does not offer piano lessons."),
    off("music", "Community Music School", "Free piano lessons for children."),
]


def test_query_words_that_say_who_or_that_help_is_needed_are_ignored() -> None:
    assert query_stems("I need speech therapy for my son") == ("speech", "therapi")
    assert query_stems("necesito ayuda para mi hijo") == ()


def test_relevance_is_bounded_and_zero_below_the_floor() -> None:
    ts = TextSearch.build([offering_text(o) for o in OFFS])
    rel, _ = ts.relevance("ged classes")
    assert rel.dtype == np.float32 and rel.shape == (len(OFFS),)
    assert rel[0] >= MIN_RELEVANCE and rel.max() <= MAX_RELEVANCE + 1e-6
    # "classes" alone is less than half of what "ged classes" says: no match
    assert rel[1] == 0.0
    assert not ts.relevance("xyzzy")[0].any()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_a_relevance_in_bounds(text: str) -> None:
    ts = TextSearch.build([offering_text(o) for o in OFFS])
    rel, _ = ts.relevance(text)
    assert np.all((rel == 0) | ((rel >= MIN_RELEVANCE) & (rel <= MAX_RELEVANCE + 1e-6)))


def test_an_unresolved_need_becomes_a_need_with_the_words_matched() -> None:
    d = pfmatch.Directory.from_offerings(OFFS)
    r = pfmatch.match({"location": {"lat": HOME[0], "lon": HOME[1]}, "needs": ["piano lessons"]}, d, k=3)
    assert r.unresolved == ["piano lessons"]
    # the pantry says it does not offer them: a denial never matches
    assert [m.service_id for m in r] == ["music"]
    assert r[0].needs == ("said:1",)
    assert any("'piano lessons' — matches 'Free piano lessons for children'" in x for x in r[0].reasons)


def test_stated_needs_that_nothing_answers_keep_the_need_component() -> None:
    d = pfmatch.Directory.from_offerings(OFFS)
    r = pfmatch.match({"location": {"lat": HOME[0], "lon": HOME[1]}, "needs": ["xyzzy"]}, d, k=4)
    assert len(r) and all(m.score < 1.0 and m.contributions["need"] == 0.0 for m in r)
    assert any("none scores for need" in n for n in r.notes)


# -- the real Baltimore export ---------------------------------------------------------------
@pytest.fixture(scope="module")
def baltimore() -> pfmatch.Directory:
    if not BALTIMORE.is_dir():
        pytest.skip(f"real Baltimore export not present at {BALTIMORE}")
    return pfmatch.Directory.load(BALTIMORE)


@pytest.mark.shared_data
@pytest.mark.parametrize(("said", "pattern"), [
    # phrases the need vocabulary does not resolve (checked: they stay in result.unresolved)
    ("eyeglasses for my daughter", r"eyeglass"),
    ("help with funeral costs", r"funeral"),
    ("burial assistance", r"burial"),
    ("vision exam", r"\beye exam|\bvision\b"),
])
def test_baltimore_phrases_find_records_that_say_them(baltimore: pfmatch.Directory, said: str,
                                                      pattern: str) -> None:
    r = pfmatch.match({"location": {"zip": "21217"}, "needs": [said]}, baltimore, k=5)
    assert r.unresolved == [said] and len(r) >= 1
    for m in r:
        o = baltimore.index.offering(int(np.flatnonzero(baltimore.index.service_id == m.service_id)[0]))
        assert re.search(pattern, offering_text(o), re.IGNORECASE), (said, m.service_id)
        assert any(x.startswith(f"'{said}' — matches") for x in m.reasons)


@pytest.mark.shared_data
def test_baltimore_no_result_answering_nothing_outranks_one_answering_a_need(
        baltimore: pfmatch.Directory) -> None:
    fam = {"location": {"zip": "21217"}, "needs": ["food", "burial assistance", "xyzzy"],
           "factor_gaps": {"social_connections": "high"}}
    r = pfmatch.match(fam, baltimore, k=10)
    answered = [bool(m.needs) for m in r]
    assert all(answered), [(m.service_id, m.needs) for m in r]
    assert {"food", "said:1"} <= {c for m in r for c in m.needs}
    assert all(m.score < 1.0 for m in r)
