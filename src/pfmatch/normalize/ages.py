"""Age eligibility: structured minimum/maximum age, 1.1 eligibility enums, free text.

Convention: ages are in years (floats; months are divided by 12) and both
bounds are inclusive in *completed* years, as HSDS ``minimum_age`` /
``maximum_age``: "ages 0-5" → (0, 5) (a 5-year-old qualifies); "under 5" →
max 4 (a 5-year-old does not); "under 18 months" → max 17/12.  "over N" and
"N and older" → min N.  ``None`` is "no bound".  Several mentions are joined
(the widest range wins): "55 or over for most programs, 60 or over for lunch"
→ min 55.  "and their families" does not widen the range: the range says who
the service is about (the child); the family qualifies through that child.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["AgeRange", "age_range", "parse_age_text", "parse_age_words"]

AgeRange = tuple[float | None, float | None]

_NUM = r"(\d{1,3}(?:\.\d+)?)(?!\.?\d)"
_UNIT = r"(?:\s*(months?|mos?\.?|mths?|years?|yrs?\.?|y/?o|weeks?|wks?))?"
_DASH = r"\s*(?:-|–|—|to|through|thru|until)\s*"
_SEP = "\x00"

_RANGE_CONTEXT = re.compile(
    r"(?:\bages?d?|\bchildren|\bchild|\bkids|\byouths?|\bteens?|\bteenagers|\badolescents|"
    r"\bboys|\bgirls|\bparents|\bstudents|\badults|\bpersons|\bpeople|\bindividuals|"
    r"\bseniors|\bwomen|\bmen|\bmothers|\bfathers|\binfants|\bbetween)"
    r"[\s:,]*(?:of\s+|from\s+|between\s+)?(?:[a-z]+\s+){0,2}?" + _NUM + _UNIT + _DASH + _NUM + _UNIT
    + r"(?!\s*(?:%|percent|pm|am|p\.m|a\.m|:|\d))",
    re.IGNORECASE,
)
_RANGE_UNIT = re.compile(
    r"(?<![\d$.:/])" + _NUM + _UNIT + _DASH + _NUM
    + r"\s*(months?|mos?\.?|years?|yrs?\.?|y/?o|weeks?)(?:\s+old|\s+of\s+age)?",
    re.IGNORECASE,
)
#: Two ages joined ("Children ages 3 and 4", "ages 3 & 4"): both years, a range.
_PAIR = re.compile(r"\bages?\s+(\d{1,2})\s*(?:and|&)\s*(\d{1,2})\b"
                   r"(?!\s*(?:\+|and (?:older|over|up|under)|or (?:older|over|under)|months|mos))",
                   re.IGNORECASE)
_BIRTH = re.compile(r"\b(?:birth|newborns?|prenatal)" + _DASH + r"(?:age\s+)?" + _NUM + _UNIT,
                    re.IGNORECASE)
_UNDER = re.compile(
    r"\b(?:under|younger than|below|less than)\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?" + _NUM + _UNIT
    + r"(?!\s*(?:%|percent|\$|dollars|lbs|pounds|miles))",
    re.IGNORECASE,
)
_UP_TO = re.compile(
    r"\b(?:up to|to|through|until|thru)\s+(?:the\s+)?age\s+(?:of\s+)?" + _NUM + _UNIT
    + r"|\bup to\s+" + _NUM + r"\s*(months?|years?)\b"
    + r"|\bages?\s+" + _NUM + _UNIT + r"\s+(?:and|or)\s+(?:under|younger|below|less)\b",
    re.IGNORECASE,
)
_AND_OVER = re.compile(
    r"(?<![\d$.:/])" + _NUM + _UNIT + r"(?:\s+years?\s+of\s+age|\s+years?\s+old)?"
    r"\s*(?:\+|and\s+(?:older|over|up|above)|or\s+(?:older|over|above)|&\s+(?:older|over|up))",
    re.IGNORECASE,
)
_AGE_OVER = re.compile(
    r"\b(?:over|older than|at least|minimum age(?: of)?|aged?|ages)\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?"
    + _NUM + _UNIT + r"\s*(?:\+|and\s+(?:older|over|up|above)|or\s+(?:older|over|above))",
    re.IGNORECASE,
)
_OVER = re.compile(
    r"\b(?:over|older than|at least)\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?" + _NUM
    + r"(?:\s*(years?|yrs?))?(?!\s*(?:%|percent|\$|dollars|lbs|pounds|miles|people|persons|"
    r"languages|locations|sites|hours|minutes|days|weeks|months))",
    re.IGNORECASE,
)
_ANY_AGE = re.compile(r"\b(?:all ages|any age|ages? all|no age (?:limit|restriction|requirement)s?|"
                      r"persons? of any age|serves all ages)\b", re.IGNORECASE)
_AGE_CONTEXT = re.compile(r"\b(?:age|ages|aged|years?|yrs|old|older|younger|adults?|seniors?|parents?|"
                          r"children|youth|teens?|kids|infants?|months?)\b", re.IGNORECASE)

#: Population words → (min, max).  Used only when no numbers are stated.
_WORDS: tuple[tuple[re.Pattern[str], AgeRange], ...] = tuple(
    (re.compile(p, re.IGNORECASE), r) for p, r in (
        (r"\binfants?\s+(?:and|&)\s+toddlers?\b", (0.0, 3.0)),
        (r"\b(?:infants?|newborns?|babies|baby)\b", (0.0, 1.0)),
        (r"\btoddlers?\b", (1.0, 3.0)),
        (r"\bpre-?school(?:ers)?\b", (3.0, 5.0)),
        (r"\b(?:children|child|kids|minors?|juveniles?)\b", (0.0, 17.0)),
        (r"\b(?:teens?|teenagers?|adolescents?)\b", (13.0, 19.0)),
        (r"\b(?:transition(?:al)?[- ]age youth|tay)\b", (16.0, 24.0)),
        (r"\b(?:seniors?|senior citizens?|older adults?|elderly|elders?|aged)\b", (60.0, None)),
        (r"\b(?:adults?|grown-?ups?)\b", (18.0, None)),
    )
)

#: HSDS 1.1 ``eligibility`` enum values → (min, max); the rest carry no age.
ELIGIBILITY_ENUM: dict[str, AgeRange] = {
    "infant": (0.0, 1.0), "infants": (0.0, 1.0), "toddler": (1.0, 3.0),
    "child": (0.0, 17.0), "children": (0.0, 17.0), "youth": (0.0, 24.0),
    "teen": (13.0, 19.0), "teens": (13.0, 19.0), "adolescent": (13.0, 19.0),
    "adult": (18.0, None), "adults": (18.0, None), "senior": (60.0, None),
    "seniors": (60.0, None), "older adult": (60.0, None), "older_adult": (60.0, None),
}


def _years(value: str, unit: str | None) -> float:
    v = float(value)
    u = (unit or "").lower()
    if u.startswith("m"):
        return round(v / 12.0, 4)
    if u.startswith("w"):
        return round(v / 52.0, 4)
    return v


def _below(value: str, unit: str | None) -> float:
    """Upper bound for "under N": the completed age just below N."""
    u = (unit or "").lower()
    if u.startswith("m"):
        return round(max(float(value) - 1.0, 0.0) / 12.0, 4)
    if u.startswith("w"):
        return round(max(float(value) - 1.0, 0.0) / 52.0, 4)
    return max(float(value) - 1.0, 0.0)


def _union(ranges: Iterable[AgeRange]) -> AgeRange | None:
    lo: float | None = None
    hi: float | None = None
    any_lo_open = any_hi_open = False
    seen = False
    for a, b in ranges:
        seen = True
        if a is None:
            any_lo_open = True
        elif lo is None or a < lo:
            lo = a
        if b is None:
            any_hi_open = True
        elif hi is None or b > hi:
            hi = b
    if not seen:
        return None
    return (None if any_lo_open else lo, None if any_hi_open else hi)


@lru_cache(maxsize=8192)
def parse_age_text(text: str) -> AgeRange | None:
    """Ages stated in free text.

    Parameters
    ----------
    text : str
        Eligibility or audience text.  Any text is accepted; this never raises.

    Returns
    -------
    tuple of (float or None, float or None), or None
        ``(min, max)`` in years; ``None`` when the text states no numeric age.
        ``(None, None)`` for "all ages" / "any age".

    Examples
    --------
    >>> parse_age_text("Ages 6 months to 5 years")
    (0.5, 5.0)
    >>> parse_age_text("children under 5")
    (None, 4.0)
    """
    if not isinstance(text, str) or not text.strip():
        return None
    t = text.replace("\u2013", "-").replace("\u2014", "-")
    # A short cell ("under 18", "18+") is about age even without the word.
    short = len(t) <= 40 and not re.search(r"[$%]", t)
    found: list[AgeRange] = []
    spans: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= s or m.start() >= e for s, e in spans)

    for m in _BIRTH.finditer(t):
        found.append((0.0, _years(m.group(1), m.group(2))))
        spans.append(m.span())
    for m in _PAIR.finditer(t):
        lo_p, hi_p = float(m.group(1)), float(m.group(2))
        if lo_p < hi_p <= lo_p + 3:
            found.append((lo_p, hi_p))
            spans.append(m.span())
    for rx in (_RANGE_CONTEXT, _RANGE_UNIT):
        for m in rx.finditer(t):
            if not free(m):
                continue
            a_val, a_unit, b_val = m.group(1), m.group(2), m.group(3)
            b_unit = m.group(4)
            a_unit = a_unit or (b_unit if b_unit and not (a_unit or "").lower().startswith("m")
                                else None)
            lo, hi = _years(a_val, a_unit), _years(b_val, b_unit)
            if lo > hi or hi > 125:
                continue
            found.append((lo, hi))
            spans.append(m.span())
    for m in _UP_TO.finditer(t):
        if not free(m):
            continue
        groups = list(m.groups())
        if groups[0] is not None:
            val, unit = groups[0], groups[1]
        elif groups[2] is not None:
            val, unit = groups[2], groups[3]
        else:
            val, unit = groups[4], groups[5]
        hi = _years(val, unit)
        if hi <= 125:
            found.append((None, hi))
            spans.append(m.span())
    # "under N" gives an upper bound; the three "over N" patterns a lower one
    for rx, upper in ((_UNDER, True), (_AGE_OVER, False), (_AND_OVER, False), (_OVER, False)):
        for m in rx.finditer(t):
            if not free(m):
                continue
            val, unit = m.group(1), m.group(2)
            window = t[max(0, m.start() - 40): m.end() + 15]
            if float(val) > 125 or (not unit and not short and not _AGE_CONTEXT.search(window)):
                continue
            found.append((None, _below(val, unit)) if upper else (_years(val, unit), None))
            spans.append(m.span())
    if _ANY_AGE.search(t):
        found.append((None, None))
    return _union(found)


@lru_cache(maxsize=4096)
def parse_age_words(text: str) -> AgeRange | None:
    """Ages implied by population words ("infants and toddlers", "seniors").

    Used only for eligibility/audience text with no numeric age.  The first
    (most specific) word group found decides.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    found = []
    rest = text
    for rx, rng in _WORDS:
        if rx.search(rest):
            found.append(rng)
            rest = rx.sub(" ", rest)
    return _union(found)


def age_range(minimum: object, maximum: object, enums: Iterable[str],
              texts: Iterable[str]) -> AgeRange:
    """The offering's age range: structured fields first, then enums, then text.

    Parameters
    ----------
    minimum, maximum : number or str or None
        HSDS 3 ``minimum_age`` / ``maximum_age`` (years; decimals allowed).
    enums : iterable of str
        1.1 eligibility enum values ("child", "adult"...).
    texts : iterable of str
        Eligibility text, most specific first.

    Returns
    -------
    tuple
        ``(min, max)`` in years, ``None`` for an open bound.
    """
    lo = _number(minimum)
    hi = _number(maximum)
    if lo is not None or hi is not None:
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        if hi is not None and hi >= 120:   # "999" / "200" mean no upper limit
            hi = None
        return (lo if lo else (0.0 if lo == 0 else None), hi)
    from_enums = _union(ELIGIBILITY_ENUM[e] for e in
                        (x.strip().lower() for x in enums) if e in ELIGIBILITY_ENUM)
    if from_enums is not None:
        return from_enums
    texts = [t for t in texts if t]
    parsed = _union(r for r in (parse_age_text(t) for t in texts) if r is not None)
    if parsed is not None:
        return parsed
    words = _union(r for r in (parse_age_words(t) for t in texts) if r is not None)
    return words if words is not None else (None, None)


def _number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        v = float(str(value).strip())
    except ValueError:
        return None
    if math.isnan(v) or v < 0:
        return None
    return v
