"""Case-insensitive patterns run faster as case-sensitive ones on lower-cased ASCII text.

Python's ``re`` cannot use its literal fast paths for an ``IGNORECASE``
pattern, and eligibility prose is checked against many such patterns.  For an
ASCII pattern searched in ASCII text, ``pattern`` with ``re.IGNORECASE`` finds
a match exactly when the pattern with its literal letters lower-cased, without
the flag, finds one in ``text.lower()`` (``\\w``, ``\\b``, ``\\s`` and the other
escapes do not depend on case, and lower-casing ASCII keeps every position).
Patterns where that is not plain to see (inline flags, hex or named escapes,
class ranges through capitals, non-ASCII) are kept as they are.
"""

from __future__ import annotations

import re

__all__ = ["lowered"]

_UNSAFE = re.compile(r"\(\?[aiLmsux-]|\\[xuUN0-7pP]|\[[^\]]*[A-Z]-|-[A-Z][^\]]*\]")


def _lower_literals(pattern: str) -> str:
    out = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])  # an escape keeps its case: \W is not \w
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


def lowered(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-sensitive twin of an ``IGNORECASE`` pattern, for lower-cased ASCII text.

    Parameters
    ----------
    rx : re.Pattern
        A pattern compiled with ``re.IGNORECASE`` (and no other flag but the
        implicit ``re.UNICODE``).

    Returns
    -------
    re.Pattern or None
        None when the pattern is not one this rewrite is known to keep exact;
        the caller then searches with ``rx`` itself.

    Examples
    --------
    >>> lowered(re.compile(r"\\bHIV\\b", re.I)).search("hiv positive") is not None
    True
    """
    if rx.flags & ~(re.IGNORECASE | re.UNICODE) or not rx.flags & re.IGNORECASE:
        return None
    p = rx.pattern
    if not p.isascii() or _UNSAFE.search(p):
        return None
    return re.compile(_lower_literals(p))
