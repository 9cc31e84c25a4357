"""What the read-only endpoints return: service records, vocabularies, the directory."""

from __future__ import annotations

from typing import Any

from pfmatch._offering import ATTRIBUTES, NO, YES, Offering
from pfmatch.serve._state import Loaded

__all__ = ["service_record", "vocabularies"]

_TRI = {YES: "yes", NO: "no"}


def _location(o: Offering) -> dict[str, Any]:
    hidden = o.confidential
    return {
        "location_id": o.location_id,
        "remote": o.remote,
        "confidential": o.confidential,
        "address": None if hidden else o.address,
        "city": o.city, "state": o.state,
        "postal_code": None if hidden else o.postal_code,
        "latitude": None if hidden else o.latitude,
        "longitude": None if hidden else o.longitude,
        "hours": o.hours, "transportation": o.transportation,
        "phones": [dict(p) for p in o.phones],
        "languages": list(o.languages),
        "access": {a: _TRI.get(o.attr(a), "unknown") for a in ATTRIBUTES},
    }


def service_record(loaded: Loaded, service_id: str) -> dict[str, Any] | None:
    """A service's display record with every location, or None when it is not loaded.

    Confidential locations (e.g. shelters) never show an address or coordinates.
    """
    rows = loaded.rows_by_service.get(service_id)
    if not rows:
        return None
    index = loaded.directory.index
    offs = [index.offering(i) for i in rows]
    offs.sort(key=lambda o: (o.location_id is None, o.location_id or ""))
    o = offs[0]
    return {
        "service_id": o.service_id,
        "service": o.service_name,
        "organization_id": o.organization_id,
        "organization": o.organization_name,
        "description": o.description,
        "status": o.status,
        "url": o.url, "email": o.email,
        "application_process": o.application_process,
        "eligibility": o.eligibility,
        "fees": o.fees,
        "required_documents": list(o.required_documents),
        "wait_time": o.wait_time,
        "alert": o.alert,
        "age_years": {"min": o.min_age_years, "max": o.max_age_years},
        "income_limit_fpl": o.income_limit_fpl,
        "service_area": list(o.service_area),
        "taxonomy": [{"code": c, "name": o.taxonomy_names[i] if i < len(o.taxonomy_names)
                      else None} for i, c in enumerate(o.taxonomy_codes)],
        "locations": [_location(x) for x in offs],
    }


def vocabularies() -> dict[str, list[dict[str, Any]]]:
    """Pick lists for a UI: needs, barriers, populations, languages, factors, insurance."""
    from pfmatch._languages import known_codes, language_name
    from pfmatch._needmap import FACTORS, NeedMap
    from pfmatch.assess._data import _barriers_doc, factors_doc
    from pfmatch.assess._family import INSURANCE
    from pfmatch.normalize.populations import POPULATION_LABELS, POPULATIONS

    nm = NeedMap.default()
    return {
        "needs": [{"code": c, "label": nm.labels.get(c, c), "label_es": nm.labels_es.get(c),
                   "stated_urgency": nm.stated_urgency.get(c, "routine")} for c in nm.codes],
        "barriers": [{"code": b["code"], "label": b["label"],
                      "phrases": list(b.get("phrases", []))} for b in _barriers_doc()["barrier"]],
        "populations": [{"code": p, "label": POPULATION_LABELS.get(p, p)} for p in POPULATIONS],
        "languages": [{"code": c, "label": language_name(c),
                       "label_es": language_name(c, lang="es")} for c in known_codes()],
        "factors": [{"code": f, "label": f.replace("_", " ").capitalize()} for f in FACTORS],
        "factor_levels": [{"code": k, "gap": v} for k, v in factors_doc()["levels"].items()],
        "insurance": [{"code": c, "label": c.replace("_", " ")} for c in INSURANCE],
    }
