"""The output shape of every reader: HSDS 3.0 service objects, cleaned.

:func:`clean_service` takes one service object as found in a file (or built by a
CSV reader) and returns it in the exact shape the normalizers rely on:

* every known scalar field is present, a ``str`` or a number, or ``None``
  (empty strings become ``None``);
* every known child list is present and is a list of cleaned objects;
* numbers are numbers (numeric strings are converted);
* a location's coordinates are both present and in range, or both ``None``.

Anything that has to be dropped or fixed on the way is returned as a
:class:`Note` so that the caller can add it to the load report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "LOCATION",
    "ORGANIZATION",
    "SERVICE",
    "Note",
    "check_coordinates",
    "clean_service",
    "fill_service",
    "to_number",
    "to_text",
]

S = "str"
N = "num"
Spec = dict[str, str | tuple[str, "Spec"]]


def _list(spec: Spec) -> tuple[str, Spec]:
    return ("list", spec)


def _obj(spec: Spec) -> tuple[str, Spec]:
    return ("obj", spec)


LANGUAGE: Spec = {"id": S, "name": S, "code": S, "note": S}
PHONE: Spec = {"id": S, "number": S, "extension": N, "type": S, "description": S,
               "languages": _list(LANGUAGE)}
SCHEDULE: Spec = {
    "id": S, "freq": S, "wkst": S, "byday": S, "byweekno": S, "bymonthday": S, "byyearday": S,
    "opens_at": S, "closes_at": S, "valid_from": S, "valid_to": S, "dtstart": S, "until": S,
    "timezone": N, "count": N, "interval": N, "description": S, "schedule_link": S,
    "attending_type": S, "notes": S,
}
SERVICE_AREA: Spec = {"id": S, "name": S, "description": S, "extent": S, "extent_type": S,
                      "uri": S}
TAXONOMY_TERM: Spec = {"id": S, "code": S, "name": S, "description": S, "parent_id": S,
                       "taxonomy": S, "language": S, "taxonomy_id": S, "term_uri": S}
ATTRIBUTE: Spec = {"id": S, "link_type": S, "link_entity": S, "value": S,
                   "taxonomy_term": _obj(TAXONOMY_TERM)}
COST_OPTION: Spec = {"id": S, "option": S, "currency": S, "amount": N, "amount_description": S,
                     "valid_from": S, "valid_to": S}
REQUIRED_DOCUMENT: Spec = {"id": S, "document": S, "uri": S}
FUNDING: Spec = {"id": S, "source": S}
CONTACT: Spec = {"id": S, "name": S, "title": S, "department": S, "email": S,
                 "phones": _list(PHONE)}
ADDRESS: Spec = {"id": S, "attention": S, "address_1": S, "address_2": S, "city": S,
                 "region": S, "state_province": S, "postal_code": S, "country": S,
                 "address_type": S}
ACCESSIBILITY: Spec = {"id": S, "description": S, "details": S, "url": S}
LOCATION: Spec = {
    "id": S, "location_type": S, "url": S, "name": S, "alternate_name": S, "description": S,
    "transportation": S, "latitude": N, "longitude": N, "external_identifier": S,
    "external_identifier_type": S, "addresses": _list(ADDRESS),
    "accessibility": _list(ACCESSIBILITY), "languages": _list(LANGUAGE),
    "phones": _list(PHONE), "schedules": _list(SCHEDULE), "contacts": _list(CONTACT),
    "attributes": _list(ATTRIBUTE),
}
SERVICE_AT_LOCATION: Spec = {
    "id": S, "description": S, "location": _obj(LOCATION), "phones": _list(PHONE),
    "schedules": _list(SCHEDULE), "contacts": _list(CONTACT), "attributes": _list(ATTRIBUTE),
    "service_areas": _list(SERVICE_AREA),
}
ORGANIZATION: Spec = {
    "id": S, "name": S, "alternate_name": S, "description": S, "email": S, "website": S,
    "tax_status": S, "tax_id": S, "year_incorporated": N, "legal_status": S, "logo": S,
    "uri": S, "parent_organization_id": S, "phones": _list(PHONE),
    "contacts": _list(CONTACT), "funding": _list(FUNDING), "attributes": _list(ATTRIBUTE),
}
PROGRAM: Spec = {"id": S, "name": S, "alternate_name": S, "description": S}
SERVICE: Spec = {
    "id": S, "name": S, "alternate_name": S, "description": S, "url": S, "email": S,
    "status": S, "interpretation_services": S, "application_process": S,
    "fees_description": S, "wait_time": S, "fees": S, "accreditations": S,
    "eligibility_description": S, "minimum_age": N, "maximum_age": N, "assured_date": S,
    "assurer_email": S, "licenses": S, "alert": S, "last_modified": S,
    "organization": _obj(ORGANIZATION), "program": _obj(PROGRAM),
    "service_at_locations": _list(SERVICE_AT_LOCATION), "phones": _list(PHONE),
    "languages": _list(LANGUAGE), "schedules": _list(SCHEDULE),
    "service_areas": _list(SERVICE_AREA), "attributes": _list(ATTRIBUTE),
    "cost_options": _list(COST_OPTION), "required_documents": _list(REQUIRED_DOCUMENT),
    "contacts": _list(CONTACT), "funding": _list(FUNDING),
}

_MAX_DEPTH = 12


@dataclass(frozen=True)
class Note:
    """A repair to report: ``table`` and ``record`` name what was fixed."""

    table: str
    record: str | None
    reason: str


def _kind(value: Any) -> str:
    """How to name a value's type in a message ("a list", "a bool")."""
    name = type(value).__name__
    article = "an" if name[:1] in "aeiou" else "a"
    return f"{article} {name}"


def to_text(value: Any) -> str | None:
    """A stripped string, or ``None`` for empty or missing values.

    Raises
    ------
    TypeError
        When ``value`` is not a string or a number.
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        raise TypeError(_kind(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError("a non-finite number")
        return str(int(value)) if value.is_integer() else repr(value)
    raise TypeError(_kind(value))


def to_number(value: Any) -> int | float | None:
    """A finite number, or ``None`` for empty or missing values.

    Numeric strings are converted ("12" -> 12, "12.5" -> 12.5).

    Raises
    ------
    ValueError
        When ``value`` is a string or number that is not a finite number.
    TypeError
        When ``value`` is neither a string nor a number.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(_kind(value))
    if isinstance(value, int):
        return _in_range(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(repr(value))
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if len(text) > 40:
            raise ValueError(f"{len(text)} characters")
        try:
            return _in_range(int(text))
        except ValueError as exc:
            if str(exc) == _TOO_LARGE:
                raise
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if not math.isfinite(number):
            raise ValueError(repr(value if len(value) <= 40 else value[:37] + "..."))
        return number
    raise TypeError(_kind(value))


#: Largest whole number a numeric field takes (beyond it, a float could not hold it exactly,
#: and 10**400 would overflow one).
MAX_INT = 10**15
_TOO_LARGE = f"a whole number beyond +/-{MAX_INT:.0e}"


def _in_range(value: int) -> int:
    if -MAX_INT <= value <= MAX_INT:
        return value
    raise ValueError(_TOO_LARGE)


def _is_jsonlike(value: Any, depth: int = 0) -> bool:
    if depth > _MAX_DEPTH:
        return False
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(_is_jsonlike(v, depth + 1) for v in value)
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and _is_jsonlike(v, depth + 1) for k, v in value.items())
    return False


class _Cleaner:
    """Cleans one service object, collecting notes about what it fixed."""

    def __init__(self, service_id: str | None) -> None:
        self.service_id = service_id
        self.notes: list[Note] = []

    def note(self, reason: str, *, table: str = "services", record: str | None = None) -> None:
        self.notes.append(Note(table, record if table != "services" else self.service_id,
                               reason))

    def clean(self, obj: Mapping[str, Any], spec: Spec, path: str, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, kind in spec.items():
            value = obj.get(key)
            where = f"{path}.{key}" if path else key
            if kind == S:
                try:
                    out[key] = to_text(value)
                except TypeError as exc:
                    out[key] = None
                    self.note(f"{where} is {exc}, not text; dropped")
            elif kind == N:
                try:
                    out[key] = to_number(value)
                except (TypeError, ValueError) as exc:
                    out[key] = None
                    self.note(f"{where} is not a number ({exc}); dropped")
            else:
                assert isinstance(kind, tuple)  # the only string kinds are S and N
                container, child = kind
                if container == "obj":
                    out[key] = self._child(value, child, where, depth)
                else:
                    out[key] = self._children(value, child, where, depth)
        for key, value in obj.items():
            if key in spec or not isinstance(key, str) or key.startswith("_"):
                continue
            if _is_jsonlike(value, depth):
                out[key] = value
            else:
                where = f"{path}.{key}" if path else key
                self.note(f"{where} is {_kind(value)}, not JSON data; dropped")
        return out

    def _child(self, value: Any, spec: Spec, where: str, depth: int) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self.note(f"{where} is {_kind(value)}, not an object; dropped")
            return None
        if depth >= _MAX_DEPTH:
            self.note(f"{where} is nested too deeply; dropped")
            return None
        return self.clean(value, spec, where, depth + 1)

    def _children(self, value: Any, spec: Spec, where: str, depth: int) -> list[dict[str, Any]]:
        if value is None:
            return []
        if isinstance(value, Mapping):
            value = [value]
        elif not isinstance(value, (list, tuple)):
            self.note(f"{where} is {_kind(value)}, not a list; dropped")
            return []
        out = []
        for i, item in enumerate(value):
            cleaned = self._child(item, spec, f"{where}[{i}]", depth)
            if cleaned is not None:
                out.append(cleaned)
        return out


def check_coordinates(location: dict[str, Any]) -> str | None:
    """Drop out-of-range or half-present coordinates; return the reason, if any."""
    lat, lon = location.get("latitude"), location.get("longitude")
    if lat is None and lon is None:
        return None
    reason = None
    if lat is None or lon is None:
        present = "latitude" if lon is None else "longitude"
        reason = f"{present} given without its pair; coordinates dropped"
    elif not -90 <= lat <= 90:
        reason = f"latitude {lat:g} out of range; coordinates dropped"
    elif not -180 <= lon <= 180:
        reason = f"longitude {lon:g} out of range; coordinates dropped"
    if reason:
        location["latitude"] = None
        location["longitude"] = None
    return reason


def clean_service(raw: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str | None,
                                                    list[Note]]:
    """Clean one service object.

    Parameters
    ----------
    raw : Mapping
        An HSDS 3.0 service object, possibly malformed.

    Returns
    -------
    service : dict or None
        The cleaned service, or ``None`` when it must be skipped.
    skip_reason : str or None
        Why it was skipped.
    notes : list of Note
        Repairs made to a kept service.
    """
    if not isinstance(raw, Mapping):
        return None, f"record is {_kind(raw)}, not an object", []
    try:
        sid = to_text(raw.get("id"))
    except TypeError as exc:
        return None, f"id is {exc}, not text", []
    if sid is None:
        return None, "no id", []
    try:
        name = to_text(raw.get("name"))
    except TypeError as exc:
        return None, f"name is {exc}, not text", []
    if name is None:
        return None, "no name", []
    cleaner = _Cleaner(sid)
    service = cleaner.clean(raw, SERVICE, "", 0)
    if service["organization"] is None:
        service["organization"] = cleaner.clean({}, ORGANIZATION, "organization", 1)
    for sal in service["service_at_locations"]:
        loc = sal.get("location")
        if loc is not None:
            reason = check_coordinates(loc)
            if reason:
                cleaner.note(reason, table="locations", record=loc.get("id"))
    return service, None, cleaner.notes


_Compiled = tuple[frozenset[str], tuple[tuple[str, Spec], ...], tuple[tuple[str, Spec], ...]]
_COMPILED: dict[int, _Compiled] = {}


def _compile(spec: Spec) -> _Compiled:
    compiled = _COMPILED.get(id(spec))
    if compiled is None:
        scalars = frozenset(k for k, kind in spec.items() if kind in (S, N))
        lists = tuple((k, kind[1]) for k, kind in spec.items()
                      if isinstance(kind, tuple) and kind[0] == "list")
        objs = tuple((k, kind[1]) for k, kind in spec.items()
                     if isinstance(kind, tuple) and kind[0] == "obj")
        compiled = _COMPILED[id(spec)] = (scalars, lists, objs)
    return compiled


def _fill(obj: dict[str, Any], spec: Spec, seen: set[int]) -> None:
    if id(obj) in seen:
        return
    seen.add(id(obj))
    scalars, lists, objs = _compile(spec)
    if len(obj) < len(scalars) or not scalars <= obj.keys():
        for key in scalars - obj.keys():
            obj[key] = None
    for key, child in lists:
        items = obj.get(key)
        if items is None:
            obj[key] = []
        elif items:
            # leaf lists (phones' languages, schedules...) hold plain dicts: fill them here
            # rather than one call each
            c_scalars, c_lists, c_objs = _compile(child)
            if c_lists or c_objs:
                for item in items:
                    _fill(item, child, seen)
            else:
                for item in items:
                    i = id(item)
                    if i in seen:
                        continue
                    seen.add(i)
                    if len(item) < len(c_scalars) or not c_scalars <= item.keys():
                        for k in c_scalars - item.keys():
                            item[k] = None
    for key, child in objs:
        value = obj.get(key)
        if value is None:
            obj[key] = None
        else:
            _fill(value, child, seen)


def fill_service(service: dict[str, Any], seen: set[int]) -> dict[str, Any]:
    """Give a service built by a CSV reader the full output shape, in place.

    CSV readers build well-typed values (text or ``None``, numbers already
    converted and checked), so only missing keys are added.  Objects shared
    between services (a location, an organization) are filled once; ``seen``
    holds the ids of the objects already filled.
    """
    if not service.get("organization"):
        service["organization"] = {}
    _fill(service, SERVICE, seen)
    return service
