"""Conversions from older formats (HSDS 1.1/2.0, Ohana) to HSDS 3.0 objects.

Free text stays free text: it is put in the nearest HSDS 3.0 field, unparsed,
for the normalizers.  Only closed vocabularies are mapped here (weekday
numbers and names, accessibility enums, comma-separated lists of codes).
"""

from __future__ import annotations

from typing import Any

from pfmatch.io._tables import Ctx, Row, Table

__all__ = [
    "holiday_schedule",
    "regular_schedule",
    "split_list",
    "weekday_code",
]

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = {
    name: code
    for code, names in zip(_DAYS, (
        ("monday", "mon", "mo", "m"), ("tuesday", "tue", "tues", "tu"),
        ("wednesday", "wed", "we", "w"), ("thursday", "thu", "thur", "thurs", "th"),
        ("friday", "fri", "fr", "f"), ("saturday", "sat", "sa"), ("sunday", "sun", "su"),
    ), strict=True)
    for name in names
}


def weekday_code(value: str) -> str | None:
    """RFC 5545 day code for a weekday number or name.

    HSDS 1.1 ``regular_schedule.weekday`` is an integer, "1 = Monday; 7 = Sunday"
    (1.1 datapackage); Ohana exports and some converters write names ("Monday").

    Examples
    --------
    >>> weekday_code("1"), weekday_code("Sunday"), weekday_code("Tues.")
    ('MO', 'SU', 'TU')
    """
    text = value.strip().lower().rstrip(".")
    if text.isdigit():
        n = int(text)
        return _DAYS[n - 1] if 1 <= n <= 7 else None
    return _DAY_NAMES.get(text)


def split_list(value: str | None) -> list[str]:
    """Split a comma-separated cell into its stripped, non-empty, unique items."""
    if not value:
        return []
    out: list[str] = []
    for item in value.split(","):
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return out


def regular_schedule(rec: Row, *, table: Table, row: int, rid: str | None,
                     ctx: Ctx) -> dict[str, Any]:
    """An HSDS 1.1 / Ohana ``regular_schedule`` row as an HSDS 3.0 schedule.

    ``weekday`` becomes ``freq="WEEKLY"`` and ``byday``; the times are kept as
    written (the normalizers parse "9am", "4:00 PM").
    """
    sched: dict[str, Any] = {"id": rid, "freq": "WEEKLY", "byday": None,
                             "opens_at": rec.get("opens_at"), "closes_at": rec.get("closes_at")}
    day = rec.get("weekday")
    if day is not None:
        code = weekday_code(day)
        if code is None:
            shown = day if len(day) <= 30 else day[:27] + "..."
            ctx.report.repair(table.name, rid, f"weekday {shown!r} is not a day (1 = Monday ... "
                              "7 = Sunday, or a day name); kept in description",
                              file=table.file, row=row)
            sched["description"] = f"weekday: {day}"
            sched["freq"] = None
        else:
            sched["byday"] = code
    return sched


def holiday_schedule(rec: Row, *, rid: str | None) -> dict[str, Any]:
    """An HSDS 1.1 / Ohana ``holiday_schedule`` row as an HSDS 3.0 schedule.

    The dates go to ``valid_from``/``valid_to``; ``notes`` is ``"holiday: closed"``
    or ``"holiday: open"`` so that normalizers can tell it from regular hours.
    """
    closed = (rec.get("closed") or "").strip().lower() in ("true", "t", "1", "yes", "y")
    return {
        "id": rid,
        "valid_from": rec.get("start_date"),
        "valid_to": rec.get("end_date"),
        "opens_at": None if closed else rec.get("opens_at"),
        "closes_at": None if closed else rec.get("closes_at"),
        "description": "Closed (holiday)" if closed else "Holiday hours",
        "notes": "holiday: closed" if closed else "holiday: open",
    }
