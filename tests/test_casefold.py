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
