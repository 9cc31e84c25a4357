"""Stated needs in a coordinator's own words -> need codes, flags and leftovers.

>>> from pfmatch._needtext import read_need
>>> r = read_need("not food, rent and the BGE bill")
>>> r.codes, r.negated
(('rent_assistance', 'utilities'), ('food',))
>>> read_need("sleeping in our car").codes
('shelter',)

One call per text, cached.  The knowledge is data: ``needs.toml`` (need
phrases), ``need_text.toml`` (stop words, negation, extra phrasing) and
``disclosures.toml`` (danger said in plain words).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from pfmatch._needmap import NeedMap
from pfmatch._needtext._disclose import DisclosureRule, disclosure_rules, disclosures
from pfmatch._needtext._phrases import phrase_index
from pfmatch._needtext._read import read

__all__ = ["DisclosureRule", "NeedText", "disclosure_rules", "read_need"]


@dataclass(frozen=True)
class NeedText:
    """What one stated need text says.

    Attributes
    ----------
    codes : tuple of str
        Need codes, in the order of the text.
    negated : tuple of str
        Need codes the text rules out.
    flags : tuple of str
        Safety flags the text discloses (``interpersonal_violence``,
        ``self_harm_risk``).
    unresolved : tuple of str
        What matched nothing: the whole text when nothing at all was
        understood, else the clauses (as typed) that matched nothing.
    """

    codes: tuple[str, ...]
    negated: tuple[str, ...]
    flags: tuple[str, ...]
    unresolved: tuple[str, ...]


def read_need(text: str) -> NeedText:
    """Read one stated need text (cached per text).

    Order: an exact need phrase for the whole text; else the stemmed phrase
    reading of :mod:`pfmatch._needtext._read` (sentences, several needs,
    negation); else the single-phrase fuzzy match of
    :meth:`pfmatch.NeedMap.resolve` (misspelt short phrases).  Disclosures are
    read on every text.

    Parameters
    ----------
    text : str
        A stated need, as typed.

    Returns
    -------
    NeedText
    """
    return _read_cached(text)


@functools.lru_cache(maxsize=8192)
def _read_cached(text: str) -> NeedText:
    if not text.strip():
        return NeedText((), (), (), ())
    nm = NeedMap.default()
    flags = disclosures(text)
    exact = nm.exact(text)
    if exact is not None:
        return NeedText((exact,), (), flags, ())
    r = read(text, phrase_index())
    codes, negated, left = r.codes, r.negated, r.unresolved
    if not codes and not negated and not r.ignored:
        code, _ = nm.resolve(text)
        if code is not None:
            return NeedText((code,), (), flags, ())
    if not codes and not negated:
        left = (text.strip(),)
    if flags:   # a clause that discloses danger is understood, and sensitive
        left = tuple(c for c in left if not disclosures(c))
        if not codes and not negated and left == (text.strip(),):
            left = ()
    return NeedText(codes, negated, flags, left)
