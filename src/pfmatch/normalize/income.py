"""Income limits stated as a percent of the federal poverty level (FPL).

Only limits tied to the federal poverty level/guidelines are read: "200% of the
federal poverty level", "at or below 185% FPL", "below 200% poverty", "income
under 138% FPL", "FPL of 150%".  Area-median-income limits ("80% AMI",
"50% of area median income") are a different scale and are left as None.  When
several FPL limits are stated (different programs), the most permissive (the
largest) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["income_limit_fpl", "parse_income_text"]

_PCT = r"(\d{2,3}(?:\.\d+)?)\s*(?:%|percent|per cent|pct\.?)"
_POVERTY = (r"(?:(?:of|the|to|at|or|below|under|federal|u\.?s\.?|poverty|income)\s+){0,4}"
            r"(?:federal\s+)?(?:poverty(?:\s+(?:level|line|guidelines?|index|standard))?|"
            r"fpl|fpg|fpig|f\.p\.l\.)")
_PCT_THEN_POVERTY = re.compile(_PCT + r"\s*" + _POVERTY, re.IGNORECASE)
_POVERTY_THEN_PCT = re.compile(
    r"(?:federal poverty (?:level|guidelines?)|fpl|fpg|poverty (?:level|guidelines?))"
    r"\s*(?:\(fpl\)\s*)?(?:of|at|below|under|:|up to|is)?\s*(?:or below\s*)?" + _PCT,
    re.IGNORECASE,
)
_AMI = re.compile(r"\b(?:ami|area median|median (?:family )?income|hud income)\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def parse_income_text(text: str) -> float | None:
    """The FPL percent stated in a text, or None.

    Examples
    --------
    >>> parse_income_text("at or below 185% FPL")
    185.0
    >>> parse_income_text("80% of area median income") is None
    True
    """
    if not isinstance(text, str) or ("%" not in text and "percent" not in text.lower()):
        return None
    best: float | None = None
    for rx in (_PCT_THEN_POVERTY, _POVERTY_THEN_PCT):
        for m in rx.finditer(text):
            if _AMI.search(m.group(0)):
                continue
            v = float(m.group(1))
            if 50 <= v <= 1000 and (best is None or v > best):
                best = v
    return best


def income_limit_fpl(structured: Iterable[object], texts: Iterable[str]) -> float | None:
    """Structured FPL values first (e.g. an ``income_limit`` attribute), then text.

    Parameters
    ----------
    structured : iterable
        Numeric or "200%"-style values from structured fields.
    texts : iterable of str
        Eligibility and fees text.
    """
    values: list[float] = []
    for v in structured:
        try:
            f = float(str(v).strip().rstrip("%").strip())
        except ValueError:
            continue
        if 50 <= f <= 1000:
            values.append(f)
    if values:
        return max(values)
    parsed = [p for p in (parse_income_text(t) for t in texts if t) if p is not None]
    return max(parsed) if parsed else None
