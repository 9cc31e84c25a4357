"""Reader for Ohana API CSV folders (Code for America's import format).

Join path: ``services.location_id`` -> ``locations.id`` ->
``locations.organization_id`` -> ``organizations.id``.  Each service has one
location, so each service gets at most one ``service_at_locations`` entry.

Where the Ohana fields go (free text is kept unparsed):

=====================================  ==============================================
Ohana                                  HSDS 3.0 service object
=====================================  ==============================================
services.eligibility                   ``eligibility_description``
services.audience                      appended to ``eligibility_description``
                                       as ``"Audience: ..."``
services.fees                          ``fees_description``
services.website                       ``url``
services.languages                     ``languages: [{"name": <cell>}]``
services.keywords (comma list)         ``attributes: [{"taxonomy_term": {"name": kw,
                                       "taxonomy": "keywords"}}]``
services.taxonomy_ids (comma list)     ``attributes`` with ``taxonomy_term {id, code,
                                       name, taxonomy: "Open Eligibility"}``
services.service_areas                 ``service_areas: [{"name": <cell>}]``
services.required_documents            ``required_documents: [{"document": <cell>}]``
services.accepted_payments             ``attributes: [{"link_type": "payment_accepted",
                                       "value": <cell>}]``
services.funding_sources               ``funding: [{"source": <cell>}]``
locations.accessibility (enum list)    ``location.accessibility: [{"description": e}]``
locations.languages                    ``location.languages: [{"name": <cell>}]``
locations.virtual                      ``location.location_type`` "virtual"/"physical"
locations.email                        ``location.contacts: [{"email": ...}]``
addresses.csv / mail_addresses.csv     ``location.addresses`` (``address_type``
                                       "physical" / "postal")
regular/holiday_schedules.csv          ``schedules`` (see :mod:`pfmatch.io._convert`)
phones.number_type / department        ``phones[].type`` / ``phones[].description``
=====================================  ==============================================

Baltimore (BCHD) extras: ``service_icarol_categories.json`` (service id -> AIRS /
211HSIS codes, named from ``taxonomy_mapping.csv``) and
``service_categories.json`` (service id -> ``taxonomy.csv`` ids).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pfmatch._errors import ProviderDataError
from pfmatch.io._convert import holiday_schedule, regular_schedule, split_list
from pfmatch.io._jsonfile import load_json
from pfmatch.io._tables import (
    Ctx,
    Parent,
    Row,
    Table,
    attach,
    child_rows,
    coordinates,
    csv_files,
    csv_header,
    index_records,
    number,
    read_table,
)

__all__ = ["is_ohana_folder", "read_ohana"]

FORMAT = "ohana-csv"
EXPECTED = "Ohana API CSV"
OE = "Open Eligibility"
AIRS = "211HSIS"




def is_ohana_folder(folder: Path) -> bool:
    """True when ``folder`` holds an Ohana export (services.csv with a location_id column)."""
    files = csv_files(folder)
    if "services.csv" not in files or "locations.csv" not in files:
        return False
    return ("location_id" in csv_header(files["services.csv"])
            and "organization_id" in csv_header(files["locations.csv"]))


def _table(files: dict[str, Path], name: str, ctx: Ctx, required: tuple[str, ...],
           table: str | None = None) -> Table | None:
    path = files.get(f"{name}.csv")
    if path is None:
        return None
    return read_table(path, table or name, ctx, required=required, expected=EXPECTED)


def _organization(rid: str, rec: Row) -> dict[str, Any]:
    org: dict[str, Any] = {"id": rid, "name": rec.get("name"),
                           "alternate_name": rec.get("alternate_name"),
                           "description": rec.get("description"), "email": rec.get("email"),
                           "website": rec.get("website"), "tax_status": rec.get("tax_status"),
                           "tax_id": rec.get("tax_id"), "legal_status": rec.get("legal_status"),
                           "phones": [], "contacts": [], "funding": []}
    if rec.get("funding_sources"):
        org["funding"].append({"source": rec["funding_sources"]})
    return org


def _location(rid: str, rec: Row, org: dict[str, Any] | None) -> dict[str, Any]:
    virtual = (rec.get("virtual") or "").lower() in ("true", "t", "1", "yes")
    loc: dict[str, Any] = {
        "id": rid, "location_type": "virtual" if virtual else "physical",
        "url": rec.get("website"), "name": rec.get("name"),
        "alternate_name": rec.get("alternate_name"),
        "description": rec.get("description") or rec.get("short_desc"),
        "transportation": rec.get("transportation"),
        "addresses": [], "accessibility": [], "languages": [], "phones": [], "schedules": [],
        "contacts": [],
        "_org": org,
    }
    loc["accessibility"] = [{"description": a} for a in split_list(rec.get("accessibility"))]
    if rec.get("languages"):
        loc["languages"].append({"name": rec["languages"]})
    if rec.get("email"):
        loc["contacts"].append({"email": rec["email"]})
    return loc


def _service(rid: str, rec: Row) -> dict[str, Any]:
    elig = rec.get("eligibility")
    audience = rec.get("audience")
    if audience:
        elig = f"{elig}\nAudience: {audience}" if elig else f"Audience: {audience}"
    svc: dict[str, Any] = {
        "id": rid, "name": rec.get("name"), "alternate_name": rec.get("alternate_name"),
        "description": rec.get("description"), "url": rec.get("website"),
        "email": rec.get("email"), "status": rec.get("status"),
        "interpretation_services": rec.get("interpretation_services"),
        "application_process": rec.get("application_process"),
        "fees_description": rec.get("fees"), "wait_time": rec.get("wait_time"),
        "eligibility_description": elig,
        "service_at_locations": [], "phones": [], "languages": [], "schedules": [],
        "service_areas": [], "attributes": [], "required_documents": [], "contacts": [],
        "funding": [],
    }
    if rec.get("languages"):
        svc["languages"].append({"name": rec["languages"]})
    if rec.get("service_areas"):
        svc["service_areas"].append({"name": rec["service_areas"]})
    if rec.get("required_documents"):
        svc["required_documents"].append({"document": rec["required_documents"]})
    if rec.get("funding_sources"):
        svc["funding"].append({"source": rec["funding_sources"]})
    if rec.get("accepted_payments"):
        svc["attributes"].append({"link_type": "payment_accepted",
                                  "value": rec["accepted_payments"]})
    for kw in split_list(rec.get("keywords")):
        svc["attributes"].append({"taxonomy_term": {"name": kw, "taxonomy": "keywords"}})
    return svc


def _phone(rid: str | None, rec: Row, *, table: Table, row: int, ctx: Ctx) -> dict[str, Any]:
    desc = rec.get("department")
    if rec.get("vanity_number"):
        desc = f"{desc}; {rec['vanity_number']}" if desc else rec["vanity_number"]
    number_ = rec.get("number")
    if number_ and rec.get("country_prefix"):
        number_ = f"{rec['country_prefix']} {number_}"
    return {"id": rid, "number": number_,
            "extension": number(rec, "extension", table=table, row=row, rid=rid, ctx=ctx),
            "type": rec.get("number_type"), "description": desc, "languages": []}


def _address(rid: str | None, rec: Row, kind: str) -> dict[str, Any]:
    return {"id": rid, "attention": rec.get("attention"), "address_1": rec.get("address_1"),
            "address_2": rec.get("address_2"), "city": rec.get("city"),
            "state_province": rec.get("state_province"), "postal_code": rec.get("postal_code"),
            "country": rec.get("country"), "address_type": kind}


class _Taxonomy:
    """Ohana ``taxonomy.csv``: Open Eligibility terms in Ohana numbering."""

    def __init__(self, table: Table | None, ctx: Ctx) -> None:
        self.by_code: dict[str, dict[str, Any]] = {}
        self.by_id: dict[str, dict[str, Any]] = {}
        if table is None:
            return
        for row, rec in table.rows:
            code = rec.get("taxonomy_id")
            name = rec.get("name")
            if code is None or name is None:
                ctx.report.skip(table.name, rec.get("id") or code,
                                f"no {'taxonomy_id' if code is None else 'name'}",
                                file=table.file, row=row)
                continue
            term = {"id": rec.get("id") or code, "code": code, "name": name, "taxonomy": OE,
                    "parent_id": rec.get("parent_id")}
            self.by_code.setdefault(code, term)
            if rec.get("id"):
                self.by_id.setdefault(rec["id"], term)

    def term(self, code: str) -> dict[str, Any]:
        return dict(self.by_code.get(code) or {"code": code, "taxonomy": OE})


def _airs_names(table: Table | None, ctx: Ctx) -> dict[str, str]:
    names: dict[str, str] = {}
    if table is None:
        return names
    for row, rec in table.rows:
        code = rec.get("211 code")
        if code is None:
            ctx.report.skip(table.name, None, "no 211 Code (a crosswalk row without an AIRS code)",
                            file=table.file, row=row)
            continue
        if rec.get("211 name"):
            names.setdefault(code, rec["211 name"])
    return names


def _mapping_file(path: Path, table: str, ctx: Ctx) -> dict[str, Any]:
    data = load_json(path, ctx)
    file = ctx.rel(path)
    if not isinstance(data, dict):
        raise ProviderDataError(f"expected a JSON object mapping service ids to lists, got a "
                                f"{type(data).__name__}", file=file)
    ctx.report.source_counts[table] = len(data)
    return data


def _apply_mapping(data: dict[str, Any], table: str, file: str, services: dict[str, Any],
                   ctx: Ctx, make: Any) -> None:
    for n, (sid, values) in enumerate(data.items(), start=1):
        svc = services.get(sid)
        if svc is None:
            ctx.report.skip(table, sid, f"service {sid} not found in services.csv", file=file,
                            row=n)
            continue
        if not isinstance(values, list):
            ctx.report.skip(table, sid, f"value is a {type(values).__name__}, not a list",
                            file=file, row=n)
            continue
        seen = {(a.get("taxonomy_term") or {}).get("code") for a in svc["attributes"]}
        for value in values:
            term = make(value)
            if term is None:
                ctx.report.repair(table, sid, f"category {value!r} not found; dropped", file=file,
                                  row=n)
                continue
            if term.get("code") in seen:
                continue
            seen.add(term.get("code"))
            svc["attributes"].append({"taxonomy_term": term})


def read_ohana(folder: Path, ctx: Ctx) -> list[dict[str, Any]]:
    """Read an Ohana API CSV folder into raw HSDS 3.0 service objects.

    Parameters
    ----------
    folder : Path
        The folder holding ``organizations.csv``, ``locations.csv``, ``services.csv``...
    ctx : Ctx
        Report (filled here) and root path.

    Returns
    -------
    list of dict
        Service objects with ``_source``; to be passed through ``clean_service``.
    """
    report = ctx.report
    report.format = FORMAT
    files = csv_files(folder)
    if "organizations.csv" not in files:
        raise ProviderDataError("an Ohana CSV folder needs organizations.csv; it is missing",
                                file=ctx.rel(folder) or folder.name,
                                fix="add organizations.csv (id, name, ...)")
    t_org = _table(files, "organizations", ctx, ("id", "name"))
    t_loc = _table(files, "locations", ctx, ("id", "organization_id"))
    t_svc = _table(files, "services", ctx, ("id", "name", "location_id"))
    assert t_org is not None and t_loc is not None and t_svc is not None

    orgs = {rid: _organization(rid, rec)
            for rid, (_, rec) in index_records(t_org, ctx, required=("name",)).items()}
    rid: str | None  # an entity row's id is a str; a child row's may be missing
    programs: dict[str, dict[str, Any]] = {}
    t_prog = _table(files, "programs", ctx, ("id", "name"))
    if t_prog is not None:
        for rid, (_, rec) in index_records(t_prog, ctx, required=("name",)).items():
            programs[rid] = {"id": rid, "name": rec.get("name"),
                             "alternate_name": rec.get("alternate_name")}

    locs: dict[str, dict[str, Any]] = {}
    loc: dict[str, Any] | None
    for rid, (row, rec) in index_records(t_loc, ctx).items():
        org_id = rec.get("organization_id")
        org = orgs.get(org_id) if org_id else None
        if org is None:
            why = f"organization {org_id} not found" if org_id else "no organization_id"
            report.repair(t_loc.name, rid, f"{why}; its services are kept with an empty "
                          "organization", file=t_loc.file, row=row)
        loc = _location(rid, rec, org)
        coordinates(loc, rec, table=t_loc, row=row, rid=rid, ctx=ctx)
        locs[rid] = loc

    services: dict[str, dict[str, Any]] = {}
    for rid, (row, rec) in index_records(t_svc, ctx, required=("name",)).items():
        svc = _service(rid, rec)
        svc["_source"] = {"file": t_svc.file, "row": row}
        loc_id = rec.get("location_id")
        loc = locs.get(loc_id) if loc_id else None
        if loc is None:
            why = f"location {loc_id} not found" if loc_id else "no location_id"
            report.repair(t_svc.name, rid, f"{why}; kept without a location or organization",
                          file=t_svc.file, row=row)
            svc["organization"] = {}
        else:
            svc["service_at_locations"].append({"id": f"{rid}@{loc_id}", "location": loc})
            svc["organization"] = loc["_org"] or {}
        prog_id = rec.get("program_id")
        if prog_id:
            if prog_id in programs:
                svc["program"] = programs[prog_id]
            else:
                report.repair(t_svc.name, rid, f"program {prog_id} not found; dropped",
                              file=t_svc.file, row=row)
        svc["_taxonomy_ids"] = split_list(rec.get("taxonomy_ids"))
        services[rid] = svc

    for name, kind in (("addresses", "physical"), ("mail_addresses", "postal")):
        t = _table(files, name, ctx, ("location_id",))
        if t is None:
            continue
        for row, rid, rec in child_rows(t, ctx):
            attach(_address(rid, rec, kind), rec, [Parent("location_id", locs, "addresses")],
                   table=t, row=row, rid=rid, ctx=ctx)

    contacts: dict[str, dict[str, Any]] = {}
    t = _table(files, "contacts", ctx, ())
    if t is not None:
        for row, rid, rec in child_rows(t, ctx):
            contact: dict[str, Any] = {"id": rid, "name": rec.get("name"),
                                       "title": rec.get("title"), "email": rec.get("email"),
                                       "department": rec.get("department"), "phones": []}
            if attach(contact, rec, [Parent("service_id", services, "contacts"),
                                     Parent("location_id", locs, "contacts"),
                                     Parent("organization_id", orgs, "contacts")],
                      table=t, row=row, rid=rid, ctx=ctx) and rid:
                contacts[rid] = contact

    t = _table(files, "phones", ctx, ("number",))
    if t is not None:
        for row, rid, rec in child_rows(t, ctx):
            if rec.get("number") is None:
                report.skip(t.name, rid, "no number", file=t.file, row=row)
                continue
            attach(_phone(rid, rec, table=t, row=row, ctx=ctx), rec,
                   [Parent("service_id", services, "phones"),
                    Parent("contact_id", contacts, "phones"),
                    Parent("location_id", locs, "phones"),
                    Parent("organization_id", orgs, "phones")],
                   table=t, row=row, rid=rid, ctx=ctx)

    sched_parents = [Parent("service_id", services, "schedules"),
                     Parent("location_id", locs, "schedules")]
    t = _table(files, "regular_schedules", ctx, ("weekday",))
    if t is not None:
        for row, rid, rec in child_rows(t, ctx):
            attach(regular_schedule(rec, table=t, row=row, rid=rid, ctx=ctx), rec, sched_parents,
                   table=t, row=row, rid=rid, ctx=ctx)
    t = _table(files, "holiday_schedules", ctx, ())
    if t is not None:
        for row, rid, rec in child_rows(t, ctx):
            attach(holiday_schedule(rec, rid=rid), rec, sched_parents, table=t, row=row, rid=rid,
                   ctx=ctx)

    taxonomy = _Taxonomy(_table(files, "taxonomy", ctx, ("taxonomy_id", "name")), ctx)
    for svc in services.values():
        for code in svc.pop("_taxonomy_ids"):
            svc["attributes"].append({"taxonomy_term": taxonomy.term(code)})

    if "service_categories.json" in files:
        path = files["service_categories.json"]
        data = _mapping_file(path, "service_categories", ctx)

        def oe_term(value: Any) -> dict[str, Any] | None:
            term = taxonomy.by_id.get(str(value))
            return dict(term) if term else None

        _apply_mapping(data, "service_categories", ctx.rel(path), services, ctx, oe_term)

    if "service_icarol_categories.json" in files:
        names = _airs_names(_table(files, "taxonomy_mapping", ctx, ("211 code",)), ctx)
        path = files["service_icarol_categories.json"]
        data = _mapping_file(path, "service_icarol_categories", ctx)

        def airs_term(value: Any) -> dict[str, Any] | None:
            if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value):
                return None
            code = str(value).strip()
            return {"code": code, "name": names.get(code), "taxonomy": AIRS}

        _apply_mapping(data, "service_icarol_categories", ctx.rel(path), services, ctx,
                       airs_term)

    for loc in locs.values():
        loc.pop("_org", None)
    report.counts["organizations"] = len(orgs)
    report.counts["locations"] = len(locs)
    return list(services.values())
