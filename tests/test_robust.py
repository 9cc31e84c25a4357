"""No traceback from any input (issue 13): a result or a PfmatchError, never another exception.

Arbitrary JSON values as families and weights, arbitrary bytes as provider files
and family files (API and CLI), plus targeted cases: huge numbers, deep nesting,
lone surrogates, NUL bytes, mixed encodings.  The family and weights entry
points run 10,000 examples under the ``thorough`` hypothesis profile
(``make fuzz``); the other profiles run the usual few dozen.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pfmatch
from pfmatch import Directory, PfmatchError, match
from pfmatch._weights import COMPONENTS
from pfmatch.cli import main
from tests.strategies_family import families as valid_families

#: Examples for the family and weights entry points: 10,000 under the thorough profile.
FUZZ_EXAMPLES = 10_000 if settings.default.max_examples >= 1000 else settings.default.max_examples
fuzz = settings(max_examples=FUZZ_EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

# ------------------------------------------------------------------ strategies
#: Every character, lone surrogates and controls included.
any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
nasty_text = st.one_of(
    st.text(any_char, max_size=30),
    st.sampled_from(["\ud800", "a\udfffb", "\x00", "nul\x00byte", "\x1b[31m", "=HYPERLINK(1)",
                     "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "javascript:alert(1)", "ﬀ", "İ",
                     "x" * 600, "food\u202e", "\ufeff", "e\u0301"]),
)
huge_int = st.sampled_from([10**400, -(10**400), 2**63, 2**64 + 1, -(2**63) - 1, 10**20])
any_number = st.one_of(st.integers(), huge_int, st.floats(allow_nan=True, allow_infinity=True))
scalars = st.one_of(st.none(), st.booleans(), any_number, nasty_text)


def _known_keys() -> list[str]:
    from pfmatch.assess import _family

    keys = set(_family._TOP)
    for cls in (_family.Location, _family.PFS2, _family.PHQ9, _family.EPDS, _family.AHCHRSN,
                _family.Caregiver, _family.Household, _family.Screenings):
        keys.update(f for f in cls.__dataclass_fields__)
    keys.update(("age_months", "age_years", "items", "total", "child", "area", "result",
                 "food_worry", "food_ran_out"))
    return sorted(keys)


KNOWN_KEYS = _known_keys()
keys = st.one_of(st.sampled_from(KNOWN_KEYS), nasty_text)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(keys, inner, max_size=6)),
    max_leaves=25,
)


def _paths(x: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(x, dict):
        for k, v in x.items():
            out.extend(_paths(v, (*path, k)))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            out.extend(_paths(v, (*path, i)))
    return out


@st.composite
def mutated_families(draw: st.DrawFn) -> Any:
    """A valid family with one value somewhere replaced by an arbitrary JSON value."""
    fam = draw(valid_families())
    path = draw(st.sampled_from(_paths(fam)))
    value = draw(json_values)
    if not path:
        return value
    node: Any = fam
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return fam


def deep(n: int) -> Any:
    x: Any = []
    for _ in range(n):
        x = [x]
    return x


@pytest.fixture(scope="module")
def sample() -> Directory:
    return Directory.sample()


def _result_or_pfmatch_error(call: Any) -> Any:
    try:
        return call()
    except PfmatchError as e:
        str(e)  # the message itself must build
        return e


def _utf8_outputs(result: pfmatch.MatchResult) -> None:
    """Every output of a result can be written as UTF-8."""
    result.to_json().encode("utf-8")
    json.dumps(result.to_dicts(), ensure_ascii=False).encode("utf-8")
    result.to_table().encode("utf-8")
    result._repr_html_().encode("utf-8")


# ------------------------------------------------------------------ families (API)
@fuzz
@given(family=json_values)
def test_any_json_value_as_a_family(sample: Directory, family: Any) -> None:
    r = _result_or_pfmatch_error(lambda: match(family, sample, k=3))
    if not isinstance(r, PfmatchError):
        _utf8_outputs(r)


@fuzz
@given(family=mutated_families())
def test_any_value_anywhere_in_a_valid_family(sample: Directory, family: Any) -> None:
    r = _result_or_pfmatch_error(lambda: match(family, sample, k=3))
    if not isinstance(r, PfmatchError):
        _utf8_outputs(r)


@fuzz
@given(weights=json_values)
def test_any_json_value_as_weights(sample: Directory, weights: Any) -> None:
    r = _result_or_pfmatch_error(lambda: match({"needs": ["food"]}, sample, k=3, weights=weights))
    if not isinstance(r, PfmatchError):
        assert all(math.isfinite(m.score) for m in r)


@fuzz
@given(weights=st.dictionaries(st.sampled_from(COMPONENTS), any_number, min_size=1))
def test_any_numbers_as_weights(sample: Directory, weights: dict[str, Any]) -> None:
    r = _result_or_pfmatch_error(lambda: match({"needs": ["food"], "location": {"zip": "90011"}},
                                               sample, k=3, weights=weights))
    if not isinstance(r, PfmatchError):
        for m in r:
            assert math.isfinite(m.score)
            assert abs(m.score - sum(m.contributions.values())) < 1e-9
