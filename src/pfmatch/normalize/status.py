"""Service status: active / inactive / defunct / temporarily closed."""

from __future__ import annotations

import re

__all__ = ["STATUSES", "normalize_status"]

STATUSES: tuple[str, ...] = ("active", "inactive", "defunct", "temporarily closed")

_ALIASES = {
    "active": "active", "open": "active", "yes": "active", "true": "active",
    "operating": "active", "available": "active",
    "inactive": "inactive", "not active": "inactive", "closed": "inactive",
    "no": "inactive", "false": "inactive", "suspended": "inactive",
    "defunct": "defunct", "permanently closed": "defunct", "closed permanently": "defunct",
    "discontinued": "defunct", "deleted": "defunct",
    "temporarily closed": "temporarily closed", "temporary closed": "temporarily closed",
    "temporarily unavailable": "temporarily closed", "temp closed": "temporarily closed",
    "paused": "temporarily closed", "on hold": "temporarily closed",
}
_SEP = re.compile(r"[\s_\-]+")


def normalize_status(value: object) -> tuple[str, bool]:
    """Canonical status and whether the input was understood.

    Parameters
    ----------
    value : object
        The HSDS ``status`` value ("active", "temporarily_closed", "Inactive"...).

    Returns
    -------
    (str, bool)
        The status (``"active"`` when missing or not understood) and ``True``
        when the value was missing or understood, ``False`` when it was not (the
        caller adds a repair note).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return "active", True
    key = _SEP.sub(" ", str(value).strip().lower()).strip(" .")
    if key in _ALIASES:
        return _ALIASES[key], True
    return "active", False
