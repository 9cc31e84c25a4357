"""Property tests: any valid family assesses cleanly; invalid data names its path."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies_family import families

from pfmatch import FamilyDataError
from pfmatch._needmap import FACTORS
from pfmatch.assess import SOURCES, Family, Urgency, assess


@given(families())
def test_any_valid_family_assesses(fam: dict[str, Any]) -> None:
    before = copy.deepcopy(fam)
    a = assess(fam)
    assert fam == before
    assert set(a.factor_gaps) == set(FACTORS)
    assert all(0.0 <= v <= 1.0 for v in a.factor_gaps.values())
    assert a.unknown_factors <= set(FACTORS)
    codes = [n.code for n in a.needs]
    assert len(codes) == len(set(codes))
    ranks = [n.urgency.rank for n in a.needs]
    assert ranks == sorted(ranks, reverse=True)
    for n in a.needs:
        assert n.source in SOURCES and n.source in n.sources
        assert isinstance(n.urgency, Urgency)
    assert len({f.code for f in a.flags}) == len(a.flags)
    assert assess(fam) == a
    f = Family.from_dict(fam)
    assert Family.from_dict(f.to_dict()) == f
    assert assess(f) == a


@given(st.integers(28, 10**6) | st.integers(-10**6, -1))
def test_phq9_total_out_of_range(total: int) -> None:
    with pytest.raises(FamilyDataError) as ei:
        Family.from_dict({"screenings": {"phq9": {"total": total}}})
    assert ei.value.path == "$.screenings.phq9.total"
    assert str(total) not in str(ei.value)


@given(st.integers(0, 20).filter(lambda n: n != 9))
def test_phq9_wrong_item_count(n: int) -> None:
    with pytest.raises(FamilyDataError) as ei:
        Family.from_dict({"screenings": {"phq9": {"items": [0] * n}}})
    assert ei.value.path == "$.screenings.phq9.items"


@given(st.integers(31, 10**6))
def test_epds_total_out_of_range(total: int) -> None:
    with pytest.raises(FamilyDataError) as ei:
        Family.from_dict({"screenings": {"epds": {"total": total}}})
    assert ei.value.path == "$.screenings.epds.total"
    assert str(total) not in str(ei.value)


@given(st.text(min_size=1, max_size=30).filter(
    lambda s: s.strip().lower().replace(" ", "_") not in
    ("above_cutoff", "monitoring", "below_cutoff")))
def test_unknown_asq_category(text: str) -> None:
    fam = {"children": [{"age_months": 10}],
           "screenings": {"asq_se2": [{"child": 0, "result": text}]}}
    try:
        Family.from_dict(fam)
    except FamilyDataError as e:
        assert e.path == "$.screenings.asq_se2[0].result"
    else:  # normalization accepted a spelling variant of a real category
        assert Family.from_dict(fam).screenings.asq_se2[0].result in (
            "above_cutoff", "monitoring", "below_cutoff")


@given(st.lists(st.integers(1, 5), min_size=0, max_size=8).filter(lambda xs: len(xs) != 4))
def test_ahc_safety_wrong_length(xs: list[int]) -> None:
    with pytest.raises(FamilyDataError) as ei:
        Family.from_dict({"screenings": {"ahc_hrsn": {"safety": xs}}})
    assert ei.value.path == "$.screenings.ahc_hrsn.safety"
