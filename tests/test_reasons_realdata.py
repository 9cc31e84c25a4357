"""Reasons true to the record, on the real Baltimore export (issue: reasons true to the record).

* the lead phrase names the need answered and what the service is, never a
  who-is-served category label ("Teens (13-19 years old): food");
* distance is stated whenever it is known;
* a language claim carries the record's limit ("Spanish spoken for tax
  assistance only").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pfmatch
from pfmatch._explain import _WHO_LABEL, spoken_phrase

BALTIMORE = Path(__file__).resolve().parents[1].parent / "shared/data/bchd-charmcare-baltimore/icarol-csv"


def test_spoken_phrase_carries_the_scope() -> None:
    assert spoken_phrase(("es",), "on Fridays") == "Spanish spoken on Fridays only"
    assert spoken_phrase(("en", "es"), "for tax assistance") == \
        "English spoken; Spanish for tax assistance only"
    assert spoken_phrase(("es",), "limited") == "Spanish spoken (limited)"
    assert spoken_phrase(("en",), "on Fridays") == "English spoken"   # the limit is on the other language
    assert spoken_phrase(("es",), None) == "Spanish spoken"


@pytest.fixture(scope="module")
def baltimore() -> pfmatch.Directory:
    if not BALTIMORE.is_dir():
        pytest.skip(f"real Baltimore export not present at {BALTIMORE}")
    return pfmatch.Directory.load(BALTIMORE)


FAMILIES = [
    {"location": {"zip": "21217"}, "needs": ["food"], "children": [{"age_months": 30}]},
    {"location": {"zip": "21224"}, "languages": ["es"], "needs": ["comida", "ayuda con la renta"]},
    {"location": {"zip": "21213"}, "needs": ["child care", "job training"], "barriers": ["no_transportation"]},
    {"location": {"zip": "21229"}, "needs": ["counseling for my teenager", "food"]},
]


@pytest.mark.shared_data
@pytest.mark.parametrize("family", FAMILIES)
def test_baltimore_reasons_lead_with_the_service_and_state_distance(baltimore: pfmatch.Directory,
                                                                   family: dict) -> None:
    r = pfmatch.match(family, baltimore, k=8)
    assert len(r)
    for m in r:
        head = m.reasons[0].split(":", 1)[0] if ":" in m.reasons[0] else ""
        assert not (head and _WHO_LABEL.fullmatch(head.strip())), (m.service_id, m.reasons[0])
        if m.distance_km is not None:
            assert any(re.search(r"\d+\.\d km away", x) for x in m.reasons), (m.service_id, m.reasons)


@pytest.mark.shared_data
def test_baltimore_language_scope_reaches_the_reasons(baltimore: pfmatch.Directory) -> None:
    scoped = [o for o in baltimore.index.offerings
              if o.language_scope == "for tax assistance" and "es" in o.languages]
    assert scoped, "the export has Spanish help for tax assistance only (checked by reading it)"
    from pfmatch._explain import explain_rows  # the reason as match() builds it, for that record
    from pfmatch._query import build_query
    from pfmatch._rules import apply_rules
    from pfmatch._score import active_weights, components

    ix = baltimore.index
    q = build_query({"location": {"zip": "21201"}, "languages": ["es"]}, ix.factor_names)
    rules = apply_rules(ix, q)
    row = next(i for i in range(len(ix)) if ix.offering(i) is scoped[0]
               or ix.offering(i).service_id == scoped[0].service_id)
    import numpy as np
    rows = np.array([row])
    m = explain_rows(ix, q, rows, components(ix, q, rows, rules.distance),
                     active_weights(pfmatch.Weights(), q), rules)[0]
    assert any(x.startswith("Spanish spoken for tax assistance only") for x in m.reasons)


@pytest.mark.shared_data
@pytest.mark.parametrize("family", FAMILIES)
def test_baltimore_warnings_never_quote_a_bare_see_notes(baltimore: pfmatch.Directory,
                                                         family: dict) -> None:
    # 425 Baltimore services have an eligibility of only "See notes.": nothing to read to a parent
    r = pfmatch.match(family, baltimore, k=10)
    for m in r:
        for w in m.warnings:
            bare = re.fullmatch(r"check eligibility: (?:also,? )?see notes\W*", w, re.IGNORECASE)
            assert not bare, (m.service_id, w)


def test_eligibility_to_check_reads_past_a_deferral() -> None:
    from pfmatch.normalize.populations import eligibility_to_check

    desc = "Food boxes monthly.\n\nELIGIBILITY: Residents of ZIP 21217 with a referral."
    assert eligibility_to_check("See notes.", desc) == "Residents of ZIP 21217 with a referral."
    assert eligibility_to_check("See notes.", "Food boxes monthly.") == ""
    assert eligibility_to_check("Ages 11 and older. See notes.", "x") == "Ages 11 and older. See notes."
    assert eligibility_to_check("", "") == ""
