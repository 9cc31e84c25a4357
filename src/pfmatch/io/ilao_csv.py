"""Reader for the Illinois Legal Aid Online (ILAO) resource-database export.

ILAO's export is three CSV tables whose columns are the questions of its data
entry form ("Is this service open?", "Geolocation is 42.1, -87.9", "An
individual must be one of these to qualify").  It is the raw input from which
the HSDS Transformer built an HSDS 1.1 output; that output keeps neither the
coordinates, nor the service areas, nor the open/closed status, nor the
population limits, so this reader reads the raw export itself.

Join path: ``services."Location ID"`` -> ``locations.Location_id``;
``services."Organization ID"`` -> ``organizations."Organization ID"``.  Each
service names at most one location (a location's ``Services`` column lists the
same links from the other side and adds none).  The service ids are the ids
of the HSDS 1.1 output.

Where the ILAO columns go:

====================================================  ==========================================
ILAO                                                  HSDS 3.0 service object
====================================================  ==========================================
Services-ID, Title, Website address                   ``id``, ``name``, ``url``
Is this service open? (Yes / No)                      ``status`` active / inactive
Service type, Level of service, hotline / advice      ``description`` (one line each)
desk flags, Featured content, Amenities offered
Geolocation ("Geolocation is lat, lon")               the service's location ``latitude`` /
                                                      ``longitude``
Service is delivered (In Person / Phone / Online)     a service delivered but not in person has a
                                                      ``virtual`` location; the list is also a
                                                      ``description`` line
An individual must be one of these to qualify         ``eligibility_description``, one "Only
(ILAO's closed list)                                  for ..." sentence per group (the words the
                                                      population reader knows)
Max percentage of income standard + the location's    ``eligibility_description`` "Income up to
Income standard for eligibility                       N% of the federal poverty level" (FPL, and
                                                      only when the service is free to eligible
                                                      people or income-scaled); other standards
                                                      are kept as text without a limit
Income eligibility and fees, flat / sliding fees      ``fees_description``
Application process (Telephone / Walk-in / Online /   ``application_process``: "Apply by ..."
Email) and the process texts                          then each process text, labelled
Hours of operation (service, or the location's when   weekly ``schedules`` (one per day and time
"Same hours as location")                             range); "Dates and hours" a schedule
                                                      ``description``
Phone number; location phone, toll-free, TTY          ``phones`` (TTY as ``textphone``)
locations: Location serves all of Illinois, Service   ``service_areas`` names: "Illinois",
area limited to specific, Counties, Cities, Zip       "<County> County, IL", "<City>, IL", ZIPs
codes
organizations: Title, Alternate name, Body, Email,    ``organization``
Website address, Phone number
====================================================  ==========================================

Not read (no HSDS field a match uses): holiday lists, average volume, printing
and scanning costs, callback slots, volunteer questions, attachments.  List
cells are written one item per line ("Telephone\\n\\n    Walk-in").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pfmatch._errors import ProviderDataError
from pfmatch.io._tables import Ctx, Row, Table, coordinates, csv_files, csv_header, read_table

__all__ = ["FORMAT", "is_ilao_folder", "read_ilao"]

FORMAT = "ilao-csv"
EXPECTED = "ILAO export"
STATE = "IL"   # every ILAO area list names Illinois places ("Cook", "Saint Clair")

_SID = "services-id"
_LID = "location_id"
_OID = "organization id"

_GEO = re.compile(r"^\s*(?:geolocation is\s*)?(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$",
                  re.IGNORECASE)
_DAY_HOURS = re.compile(r"\b(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\s*:\s*"
                        r"(Closed|[0-9:\-\s,]+?)(?=\s*(?:Sunday|Monday|Tuesday|Wednesday|Thursday|"
                        r"Friday|Saturday)\s*:|\s*$)", re.IGNORECASE)
_RANGE = re.compile(r"(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})")
_DAY_CODE = {"sunday": "SU", "monday": "MO", "tuesday": "TU", "wednesday": "WE",
             "thursday": "TH", "friday": "FR", "saturday": "SA"}

#: ILAO's closed list of "An individual must be one of these to qualify" -> the sentence
#: written in ``eligibility_description`` (worded so that the population and age readers
#: of ``pfmatch.normalize`` read the limit).
QUALIFY: dict[str, str] = {
    "a senior (60 years or older)": "Seniors only (60 years or older).",
    "living with hiv/aids": "Only for people living with HIV/AIDS.",
    "a survivor of abuse or crime (domestic violence, trafficking, sexual assault, gun "
    "violence)": "Only for survivors of abuse or crime (domestic violence, trafficking, sexual "
                 "assault, gun violence).",
    "living with a disability": "Only for people living with a disability.",
    "a non-profit organization or small business": "Only for non-profit organizations or "
                                                   "small businesses.",
    "a veteran, active duty military or have had military service": "Only for veterans, "
        "active duty military or people who have had military service.",
    "an immigrant to the u.s. or undocumented": "Only for immigrants to the U.S. or "
                                                "undocumented people.",
    "homeless or at risk of homelessness": "Only for people who are homeless or at risk of "
                                           "homelessness.",
    "in jail or prison": "Only for people who are incarcerated (in jail or prison).",
    "a youth (17 years or younger)": "Only for youth (ages 17 and under).",
}

_APPLY = {"telephone": "telephone", "walk-in": "walk-in", "online": "online",
          "online through illinoislegalaid.org": "online through IllinoisLegalAid.org",
          "email": "email"}
_DELIVERED = {"in person": "in person", "phone": "by phone",
              "online/remote (including real-time and asynchronous communications)":
                  "online/remote"}


def is_ilao_folder(folder: Path) -> bool:
    """True when ``folder`` holds an ILAO export (services.csv with a Services-ID column)."""
    files = csv_files(folder)
    if "services.csv" not in files or "locations.csv" not in files:
        return False
    return _SID in csv_header(files["services.csv"]) and _LID in csv_header(files["locations.csv"])


def items(cell: str | None) -> list[str]:
    """The items of an ILAO list cell (one per line), stripped, blanks dropped."""
    return [x.strip() for x in (cell or "").splitlines() if x.strip()]


def _yes(cell: str | None) -> bool | None:
    v = (cell or "").strip().lower()
    return True if v == "yes" else False if v == "no" else None


def _index(table: Table, column: str, ctx: Ctx, *, required: tuple[str, ...] = ()
           ) -> dict[str, tuple[int, Row]]:
    """Index an ILAO table by its id column; skip (reported) rows without id or duplicates."""
    out: dict[str, tuple[int, Row]] = {}
    for row, rec in table.rows:
        rid = rec.get(column)
        if rid is None:
            filled = sorted(k for k, v in rec.items() if v is not None)
            ctx.report.skip(table.name, None, f"no {column} (filled: {', '.join(filled) or 'none'})",
                            file=table.file, row=row)
            continue
        if rid in out:
            ctx.report.skip(table.name, rid, f"duplicate id (first seen on row {out[rid][0]})",
                            file=table.file, row=row)
            continue
        lacking = [c for c in required if rec.get(c) is None]
        if lacking:
            ctx.report.skip(table.name, rid, f"no {' or '.join(lacking)}", file=table.file,
                            row=row)
            continue
        out[rid] = (row, rec)
    return out


def _phone(number: str | None, kind: str, desc: str | None = None) -> dict[str, Any] | None:
    if not number:
        return None
    return {"id": None, "number": number, "extension": None, "type": kind, "description": desc,
            "languages": []}


def _organization(rid: str, rec: Row) -> dict[str, Any]:
    phones = [p for p in (_phone(rec.get("phone number"), "voice"),) if p]
    return {"id": rid, "name": rec.get("title"), "alternate_name": rec.get("alternate name"),
            "description": rec.get("body"), "email": rec.get("email"),
            "website": rec.get("website address"), "url": rec.get("website address"),
            "phones": phones, "contacts": [], "funding": []}


def schedules(text: str | None) -> list[dict[str, Any]]:
    """Weekly schedules from ILAO hours ("Sunday: Closed Monday: 9:00-17:00 , 18:00-20:00 ...").

    Examples
    --------
    >>> [(s["byday"], s["opens_at"], s["closes_at"])
    ...  for s in schedules("Sunday: Closed Monday: 9:00-12:00 , 13:00-17:00  Tuesday: Closed")]
    [('MO', '9:00', '12:00'), ('MO', '13:00', '17:00')]
    """
    out: list[dict[str, Any]] = []
    for m in _DAY_HOURS.finditer(text or ""):
        if m.group(2).strip().lower() == "closed":
            continue
        for r in _RANGE.finditer(m.group(2)):
            out.append({"id": None, "freq": "WEEKLY", "byday": _DAY_CODE[m.group(1).lower()],
                        "opens_at": r.group(1), "closes_at": r.group(2)})
    return out


def _areas(rec: Row, table: Table, row: int, rid: str, ctx: Ctx) -> list[dict[str, Any]]:
    """``service_areas`` items from a location row's area columns."""
    counties, cities, zips = (items(rec.get(c)) for c in ("counties", "cities", "zip codes"))
    named: list[dict[str, Any]] = (
        [{"name": f"{c} County, {STATE}"} for c in counties]
        + [{"name": f"{c}, {STATE}"} for c in cities]
        + [{"name": z} for z in zips])
    statewide = _yes(rec.get("location serves all of illinois"))
    if statewide and named:
        ctx.report.repair(table.name, rid, "says it serves all of Illinois and also lists "
                          "places; read as the places listed", file=table.file, row=row)
    if named:
        return named
    if statewide:
        return [{"name": "Illinois"}]
    if rec.get("service area limited to specific"):
        ctx.report.repair(table.name, rid, f"service area limited to specific "
                          f"{rec['service area limited to specific'].lower()}, but none is "
                          "listed; no area stated", file=table.file, row=row)
    return []


def _location(rid: str, rec: Row, table: Table, row: int, ctx: Ctx) -> dict[str, Any]:
    phones = [p for p in (_phone(rec.get("phone number"), "voice"),
                          _phone(rec.get("toll-free phone number"), "voice", "toll-free"),
                          _phone(rec.get("tty phone number"), "textphone", "TTY")) if p]
    return {"id": rid, "location_type": "physical", "name": rec.get("field 2"),
            "description": None, "latitude": None, "longitude": None,
            "addresses": [], "accessibility": [], "languages": [], "phones": phones,
            "schedules": schedules(rec.get("hours of operation")), "contacts": [],
            "_areas": _areas(rec, table, row, rid, ctx),
            "_income_standard": rec.get("income standard for eligibility")}


def _description(rec: Row) -> str | None:
    lines: list[str] = []
    if rec.get("service type"):
        lines.append(f"{rec['service type']}.")
    if items(rec.get("level of service")):
        lines.append(f"Level of service: {', '.join(items(rec.get('level of service')))}.")
    if _yes(rec.get("is this service a hotline?")):
        lines.append("This service is a hotline.")
    if _yes(rec.get("is this service an advice desk or walk-in clinic?")):
        lines.append("Advice desk or walk-in clinic.")
    delivered = [_DELIVERED.get(x.lower(), x) for x in items(rec.get("service is delivered"))]
    if delivered:
        lines.append(f"Service is delivered {', '.join(delivered)}.")
    if items(rec.get("featured content")):
        lines.append(f"Topics: {'; '.join(items(rec.get('featured content')))}.")
    if items(rec.get("amenities offered")):
        lines.append(f"Amenities: {', '.join(items(rec.get('amenities offered')))}.")
    if rec.get("navigator availability"):
        lines.append(f"{rec['navigator availability']}.")
    return "\n".join(lines) or None


def _application(rec: Row) -> str | None:
    ways = [_APPLY.get(x.lower(), x) for x in items(rec.get("application process"))]
    lines: list[str] = []
    if ways:
        # the form's list of ways in; whether the phone is the only one is read from it and
        # from the process texts by pfmatch.normalize.modes (a single "Telephone" beside
        # "we can schedule an in-person appointment" is not phone-only)
        lines.append(f"Apply by: {', '.join(ways)}.")
    for label, col in (("By phone", "process for applying by phone"),
                       ("Walk-in", "process for walk-ins"),
                       ("Online", "process for applying online"),
                       ("By email", "process for applying by email")):
        if rec.get(col):
            lines.append(f"{label}: {rec[col]}")
    if rec.get("application form link"):
        lines.append(f"Application form: {rec['application form link']}")
    return "\n".join(lines) or None


def _eligibility(rec: Row, loc: dict[str, Any] | None, table: Table, row: int, rid: str,
                 ctx: Ctx) -> str | None:
    lines: list[str] = []
    groups = items(rec.get("an individual must be one of these to qualify"))
    limited = _yes(rec.get("is this service limited to specific populations?"))
    for g in groups:
        sentence = QUALIFY.get(g.lower())
        if sentence is None:
            sentence = f"Only for people who are {g}."
            ctx.report.repair(table.name, rid, f"population '{g[:60]}' is not one of ILAO's "
                              "list; kept as written", file=table.file, row=row)
        lines.append(sentence)
    if len(groups) > 1:
        lines.insert(0, "An individual must be one of these to qualify:")
    if limited and not groups:
        ctx.report.repair(table.name, rid, "says it is limited to specific populations but "
                          "names none; read as not limited", file=table.file, row=row)
    pct = rec.get("max percentage of income standard")
    if pct:
        standard = (loc or {}).get("_income_standard") or ""
        fees = (rec.get("income eligibility and fees") or "").lower()
        income_tested = fees.startswith(("free to eligible", "sliding"))
        if standard.lower() == "federal poverty level" and income_tested:
            lines.append(f"Income up to {pct} of the federal poverty level.")
        else:
            # no limit the engine applies: another standard, or the record says it is
            # free to everyone / a flat fee; kept as written
            lines.append(f"Max percentage of income standard ({standard or 'not named'}): {pct}.")
    return " ".join(lines) or None


def _fees(rec: Row) -> str | None:
    parts = [rec.get("income eligibility and fees"), rec.get("flat fee description"),
             rec.get("sliding scale fees description")]
    return "\n".join(p for p in parts if p) or None


def _geolocation(loc: dict[str, Any], cell: str | None, table: Table, row: int, rid: str,
                 ctx: Ctx) -> None:
    if not cell:
        return
    m = _GEO.match(cell)
    if m is None:
        shown = cell if len(cell) <= 50 else cell[:47] + "..."
        ctx.report.repair(table.name, rid, f"Geolocation {shown!r} is not 'lat, lon'; dropped",
                          file=table.file, row=row)
        return
    coordinates(loc, {"latitude": m.group(1), "longitude": m.group(2)}, table=table, row=row,
                rid=rid, ctx=ctx)


def read_ilao(folder: Path, ctx: Ctx) -> list[dict[str, Any]]:
    """Read an ILAO export folder into HSDS 3.0 service objects.

    Parameters
    ----------
    folder : Path
        The folder holding ``services.csv``, ``locations.csv`` and ``organizations.csv``.
    ctx : Ctx
        Report (filled here: source counts per table, every row skipped or repaired) and
        root path.

    Returns
    -------
    list of dict
        Service objects with ``_source``, in ``services.csv`` order.

    Raises
    ------
    ProviderDataError
        When a table is missing, unreadable or lacks its id column.
    """
    report = ctx.report
    report.format = FORMAT
    files = csv_files(folder)
    if "organizations.csv" not in files:
        raise ProviderDataError("an ILAO export needs organizations.csv; it is missing",
                                file=ctx.rel(folder) or folder.name,
                                fix="add organizations.csv (Organization ID, Title, ...)")
    t_org = read_table(files["organizations.csv"], "organizations", ctx, required=(_OID, "title"),
                       expected=EXPECTED)
    t_loc = read_table(files["locations.csv"], "locations", ctx, required=(_LID,),
                       expected=EXPECTED)
    t_svc = read_table(files["services.csv"], "services", ctx, required=(_SID, "title"),
                       expected=EXPECTED)

    orgs = {rid: _organization(rid, rec)
            for rid, (_, rec) in _index(t_org, _OID, ctx, required=("title",)).items()}
    locs = {rid: _location(rid, rec, t_loc, row, ctx)
            for rid, (row, rec) in _index(t_loc, _LID, ctx).items()}
    geo_seen: dict[str, tuple[Any, Any]] = {}

    services: list[dict[str, Any]] = []
    for rid, (row, rec) in _index(t_svc, _SID, ctx, required=("title",)).items():
        def repair(reason: str, rid: str = rid, row: int = row) -> None:
            report.repair(t_svc.name, rid, reason, file=t_svc.file, row=row)

        org_id = rec.get(_OID)
        org = orgs.get(org_id) if org_id else None
        if org is None:
            repair(f"organization {org_id} not found in organizations.csv; kept with an empty "
                   "organization" if org_id else "no Organization ID; kept with an empty "
                   "organization")
        loc_id = rec.get("location id")
        base = locs.get(loc_id) if loc_id else None
        if loc_id and base is None:
            repair(f"location {loc_id} not found in locations.csv; kept without its "
                   "location's area and hours")
        is_open = _yes(rec.get("is this service open?"))
        status = None if is_open is None else "active" if is_open else "inactive"
        svc: dict[str, Any] = {
            "id": rid, "name": rec.get("title"), "alternate_name": None,
            "description": _description(rec), "url": rec.get("website address"),
            "email": None, "status": status,
            "application_process": _application(rec),
            "fees_description": _fees(rec),
            "eligibility_description": _eligibility(rec, base, t_svc, row, rid, ctx),
            "service_at_locations": [], "phones": [], "languages": [], "schedules": [],
            "service_areas": [dict(a) for a in (base or {}).get("_areas", [])],
            "attributes": [], "required_documents": [], "contacts": [], "funding": [],
            "organization": org or {},
            "_source": {"file": t_svc.file, "row": row},
        }
        if rec.get("is this service open?") is not None and status is None:
            repair(f"'Is this service open?' is {rec['is this service open?'][:20]!r}, not Yes "
                   "or No; kept as active")
        phone = _phone(rec.get("phone number"), "voice")
        if phone:
            svc["phones"].append(phone)
        own_hours = schedules(rec.get("hours of operation"))
        if own_hours and (_yes(rec.get("same hours as location")) is not True or base is None
                          or not base["schedules"]):
            svc["schedules"].extend(own_hours)
        if rec.get("dates and hours"):
            svc["schedules"].append({"id": None, "freq": None, "byday": None,
                                     "description": rec["dates and hours"]})

        # the service's own copy of its site: the delivery mode and the coordinates are the
        # service's answers, and one location row may serve several services
        delivered = {x.lower() for x in items(rec.get("service is delivered"))}
        geo = rec.get("geolocation")
        if base is not None or geo:
            loc = {k: v for k, v in (base or {}).items() if not k.startswith("_")}
            if base is None:
                loc.update({"id": None, "location_type": "physical", "name": None,
                            "addresses": [], "accessibility": [], "languages": [], "phones": [],
                            "schedules": [], "contacts": []})
                repair("no Location ID; its Geolocation is kept as its site")
            _geolocation(loc, geo, t_svc, row, rid, ctx)
            if loc_id and loc.get("latitude") is not None:
                here = (loc["latitude"], loc["longitude"])
                first = geo_seen.setdefault(loc_id, here)
                if first != here:
                    repair(f"Geolocation differs from another service at location {loc_id}; "
                           "this service's own is kept")
            if delivered and "in person" not in delivered:
                loc["location_type"] = "virtual"   # delivered by phone / online only
            svc["service_at_locations"].append({"id": f"{rid}@{loc_id or 'site'}",
                                                "location": loc})
        services.append(svc)

    report.counts["organizations"] = len(orgs)
    report.counts["locations"] = len(locs)
    return services
