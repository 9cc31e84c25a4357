"""The lower-cased twins of IGNORECASE patterns find what the originals find (ASCII text)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pfmatch.normalize import populations
from pfmatch.normalize._casefold import lowered

_WORDS = ["HIV", "aids", "Homeless", "veterans", "Women", "MEN", "the", "elderly", "Seniors",
          "only", "with", "disabilities", "persons", "Jewish", "referral", "from", "on",
          "probation", "students", "at", "drug", "Treatment", "program", "-", ",", ".", "18"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=12), st.sampled_from(["", " ", "  "]))
def test_population_patterns_agree(words: list[str], lead: str) -> None:
    text = lead + " ".join(words)
    for code, rx in populations._PATTERNS.items():
        fast = populations._PATTERNS_LOWER[code]
        assert fast is not None, code
        assert (fast.search(text.lower()) is None) == (rx.search(text) is None), (code, text)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_any_ascii_text_agrees(text: str) -> None:
    for code, rx in populations._PATTERNS.items():
        fast = populations._PATTERNS_LOWER[code]
        assert fast is not None
        assert (fast.search(text.lower()) is None) == (rx.search(text) is None), code


def test_unsafe_patterns_are_kept() -> None:
    assert lowered(re.compile(r"(?-i:ABC)", re.IGNORECASE)) is None
    assert lowered(re.compile(r"\x41", re.IGNORECASE)) is None
    assert lowered(re.compile(r"[A-Z]+", re.IGNORECASE)) is None
    assert lowered(re.compile(r"abc")) is None            # not IGNORECASE
    assert lowered(re.compile(r"abc", re.IGNORECASE | re.MULTILINE)) is None
    assert lowered(re.compile("caf\u00e9", re.IGNORECASE)) is None   # non-ASCII
    assert lowered(re.compile(r"\bHIV\W", re.IGNORECASE)).pattern == r"\bhiv\W"  # type: ignore[union-attr]


def _access_patterns() -> dict[str, re.Pattern[str]]:
    from pfmatch.normalize import access
    return {k: v for k, v in vars(access).items() if isinstance(v, re.Pattern)}


_ACCESS_WORDS = ["Wheelchair", "accessible", "not", "NO", "ramp", "ASL", "TTY", "bus", "line",
                 "childcare", "provided", "wait", "list", "none", "ID", "required", "documents",
                 "confidential", "domestic", "violence", "shelter", ":", "yes", "Partially", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ACCESS_WORDS), max_size=10))
def test_access_patterns_agree(words: list[str]) -> None:
    text = " ".join(words)
    for name, rx in _access_patterns().items():
        fast = lowered(rx)
        assert fast is not None, name
        assert (fast.search(text.lower()) is None) == (rx.search(text) is None), (name, text)
