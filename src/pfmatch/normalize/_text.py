"""Small text helpers shared by the normalizers."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["as_dict", "as_list", "as_str", "join_text", "squash"]

_WS = re.compile(r"\s+")


def as_str(value: Any) -> str:
    """A stripped string for any scalar; ``""`` for None, lists and dicts."""
    if type(value) is str:   # the common case, first (called ~100 times per service)
        return value.strip()
    if value is None or isinstance(value, (dict, list, tuple, set)):
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value).strip()


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space."""
    return _WS.sub(" ", text).strip()


def as_list(value: Any) -> list[dict[str, Any]]:
    """The dict items of a list-valued field (anything else → empty list)."""
    if not isinstance(value, (list, tuple)):
        return []
    return [v for v in value if isinstance(v, dict)]


def as_dict(value: Any) -> dict[str, Any]:
    """A dict-valued field (anything else → empty dict)."""
    return value if isinstance(value, dict) else {}


def join_text(parts: Iterable[str], sep: str = "\n") -> str:
    """Join the non-empty, de-duplicated parts."""
    seen: list[str] = []
    for p in parts:
        s = squash(p) if p else ""
        if s and s not in seen:
            seen.append(s)
    return sep.join(seen)


#: Labelled lines of an iCarol-style description that describe the agency's
#: own housekeeping or an attribute, not what the service does: "HOME VISITS:
#: No" is not a home-visiting program, "DONATIONS: clothing" is not a clothing
#: bank, "VOLUNTEERS: ..." answers no family's need.
_HOUSEKEEPING_LINE = re.compile(
    r"^[ \t]*(?:home[- ]visits?|volunteers?|donations?|volunteer opportunities|"
    r"wheelchair accessibility|handicap(?:ped)? access(?:ible|ibility)?)[ \t]*:[^\n]*$",
    re.IGNORECASE | re.MULTILINE)


def need_text(description: str) -> str:
    """A description as need matching should read it: without labelled
    attribute and housekeeping lines (see ``_HOUSEKEEPING_LINE``)."""
    if ":" not in description:
        return description
    return _HOUSEKEEPING_LINE.sub(" ", description)
