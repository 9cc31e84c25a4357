"""One HSDS 3.0 service dict → Offering records."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pfmatch._geo import city_centroid, zip_info
from pfmatch._languages import (
    language_scope,
    normalize_language,
    parse_language_text,
    regional_language,
)
from pfmatch._offering import ATTRIBUTES, UNKNOWN, YES, Offering, Tri
from pfmatch._report import LoadReport
from pfmatch.normalize._text import as_dict, as_list, as_str, join_text, need_text, squash
from pfmatch.normalize.access import (
    accessibility_attributes,
    childcare_onsite,
    documents_required,
    is_confidential,
    transit,
    waitlist,
)
from pfmatch.normalize.ages import age_range
from pfmatch.normalize.areas import (
    STATES,
    jurisdiction_tokens,
    service_area_tokens,
    stated_areas,
)
from pfmatch.normalize.fees import cost_attributes
from pfmatch.normalize.hours import hours_attributes
from pfmatch.normalize.income import income_limit_fpl
from pfmatch.normalize.modes import mode_attributes
from pfmatch.normalize.regions import Regions
from pfmatch.normalize.status import normalize_status
from pfmatch.normalize.taxonomy import taxonomy_terms

__all__ = ["normalize_service", "normalize_services"]

_HOURS_LINE = re.compile(r"\bhours(?: of operation)?\s*[:\-]\s*([^\n]{3,200})", re.IGNORECASE)
_NOT_UNDERSTOOD = re.compile(r"^service area '(.*)' not understood")
_US = frozenset({"", "us", "usa", "united states", "united states of america", "u.s.", "u.s.a."})
_ELIG_LINK = frozenset({"eligibility", "audience", "eligible_population", "age_group"})
_INCOME_LINK = frozenset({"income_limit", "income_limit_fpl", "max_income_fpl", "fpl"})


#: A description that opens by saying nobody new is taken.
_INTAKE_CLOSED = re.compile(r"\bwait(?:ing)? ?list (?:is )?(?:currently |now )?closed\b|"
                            r"\bnot (?:currently )?accepting (?:any )?(?:new )?(?:applications|"
                            r"clients|referrals|patients)\b|\bintake is (?:currently )?closed\b",
                            re.IGNORECASE)


@lru_cache(maxsize=8192)
def _hours_lines(description: str) -> list[str]:
    return [m.group(1) for m in _HOURS_LINE.finditer(description)] if description else []


def _address(loc: dict[str, Any]) -> dict[str, Any] | None:
    addrs = as_list(loc.get("addresses"))
    for kind in ("physical", "", "postal"):
        for a in addrs:
            if as_str(a.get("address_type")).lower() == kind or (kind == "" and addrs):
                return a
    return None


def _state_code(value: str) -> str | None:
    v = value.strip()
    if len(v) == 2 and v.isalpha():
        return v.upper()
    return STATES.get(v.lower().replace(".", ""))


def _one_line(a: dict[str, Any]) -> str | None:
    street = ", ".join(x for x in (as_str(a.get("address_1")), as_str(a.get("address_2"))) if x)
    region = " ".join(x for x in (as_str(a.get("state_province")),
                                  as_str(a.get("postal_code"))) if x)
    parts = [x for x in (street, as_str(a.get("city")), region) if x]
    return ", ".join(parts) or None


def _language_scope(items: Iterable[dict[str, Any]], *texts: str) -> str | None:
    """The first scope of language help in language rows (name, note) or ``texts``."""
    for lang in items:
        for key in ("name", "language", "note"):
            scope = language_scope(as_str(lang.get(key)))
            if scope:
                return scope
    for text in texts:
        scope = language_scope(text) if text else None
        if scope:
            return scope
    return None


def _languages(items: Iterable[dict[str, Any]]) -> tuple[list[str], list[str], list[Tri], bool]:
    """(codes, unresolved, interpretation values, only) for HSDS language rows."""
    codes: list[str] = []
    unresolved: list[str] = []
    interp: list[Tri] = []
    only = False
    for lang in items:
        code = as_str(lang.get("code"))
        name = as_str(lang.get("name")) or as_str(lang.get("language"))
        got = normalize_language(code) if code else None
        if got is not None:
            codes.append(got)
        if name:
            parsed = parse_language_text(name)
            codes.extend(parsed.codes)
            if got is None:
                unresolved.extend(parsed.unresolved)
            interp.append(parsed.interpretation)
            only = only or parsed.only
        elif code and got is None:
            unresolved.append(code)
        note = as_str(lang.get("note"))
        if note:
            p = parse_language_text(note)
            interp.append(p.interpretation)
            only = only or p.only
    return codes, unresolved, interp, only


def normalize_services(services: Iterable[dict[str, Any]], report: LoadReport, *,
                       regions: Regions | None = None) -> list[Offering]:
    """Normalize many services (see :func:`normalize_service`); order is kept.

    Also counts, in ``report.counts``: ``with_area`` (offerings with a known
    service area), ``area_unknown`` (offerings whose stated area is not
    understood), ``with_languages`` (offerings whose languages are known),
    ``placed_by_zip`` / ``placed_by_city`` (locations without coordinates
    placed from their address) and ``unplaced`` (physical locations that could
    not be placed).  ``benchmarks/bench_areas.py`` prints them as shares.
    """
    out: list[Offering] = []
    for s in services:
        out.extend(normalize_service(s, report, regions=regions))
    report.counts["offerings"] = report.counts.get("offerings", 0) + len(out)
    counts = report.counts
    for key in ("with_area", "with_languages"):
        counts.setdefault(key, 0)
    for o in out:
        counts["with_area"] += bool(o.service_area)
        counts["with_languages"] += o.languages_known
        if o.area_unknown is not None:
            counts["area_unknown"] = counts.get("area_unknown", 0) + 1
        if o.placed_by is not None:
            key = f"placed_by_{o.placed_by}"
            counts[key] = counts.get(key, 0) + 1
        elif not o.remote and o.latitude is None:
            counts["unplaced"] = counts.get("unplaced", 0) + 1
    return out


def normalize_service(service: dict[str, Any], report: LoadReport, *,
                      regions: Regions | None = None) -> list[Offering]:
    """Turn one HSDS 3.0 service dict into offerings.

    One offering per service_at_location whose location is physical (any
    ``location_type`` other than ``virtual`` and ``postal``; ``redacted`` is a
    physical place whose address is hidden).  A service with no physical
    location gives one remote offering (``remote=True``, ``location_id`` = the
    virtual location's id or None).

    Parameters
    ----------
    service : dict
        HSDS 3.0 service with children embedded and ``_source``.
    report : LoadReport
        Repairs are recorded here (unknown status, service areas not
        understood, unrecognized languages, confidential addresses removed,
        locations placed from their address).
    regions : Regions, optional
        Region files for local area names (default: the bundled ones).

    Returns
    -------
    list of Offering
    """
    src = as_dict(service.get("_source"))
    file = as_str(src.get("file")) or None
    row_raw = src.get("row")
    row = row_raw if isinstance(row_raw, int) else None
    sid = as_str(service.get("id"))
    org = as_dict(service.get("organization"))

    def repair(reason: str) -> None:
        report.repair("services", sid or None, reason, file=file, row=row)

    status, ok = normalize_status(service.get("status"))
    if not ok:
        repair(f"status '{as_str(service.get('status'))[:40]}' not understood; kept as active")

    name = as_str(service.get("name"))
    description = as_str(service.get("description"))
    if status == "active" and _INTAKE_CLOSED.search(description[:400]):
        # "***WAITING LIST IS CLOSED UNTIL FURTHER NOTICE***": nobody new gets in
        status = "temporarily closed"
        repair("description says intake is closed (waiting list closed / not accepting new "
               "clients); read as temporarily closed")
    eligibility = as_str(service.get("eligibility_description")) or as_str(
        service.get("eligibility"))
    application = as_str(service.get("application_process"))
    fees_text = as_str(service.get("fees_description")) or as_str(service.get("fees"))

    attr_lists = [service.get("attributes")]
    sals = as_list(service.get("service_at_locations"))
    for sal in sals:
        attr_lists.append(sal.get("attributes"))
    tax_codes, tax_names, keywords = taxonomy_terms(attr_lists)
    elig_values: list[str] = []
    income_values: list[object] = []
    for attr in as_list(service.get("attributes")):
        link = as_str(attr.get("link_type")).lower()
        if link in _ELIG_LINK and as_str(attr.get("value")):
            elig_values.append(as_str(attr.get("value")))
        if link in _INCOME_LINK and as_str(attr.get("value")):
            income_values.append(as_str(attr.get("value")))

    text = join_text([name, as_str(service.get("alternate_name")), need_text(description),
                      eligibility,
                      *tax_names, *keywords])
    min_age, max_age = age_range(service.get("minimum_age"), service.get("maximum_age"),
                                 elig_values, [eligibility, *elig_values])
    income = income_limit_fpl(income_values, [eligibility, fees_text])
    costs = cost_attributes(service.get("cost_options"), [fees_text])
    docs_tri, docs = documents_required(service.get("required_documents"),
                                        [application, eligibility])
    wait_text = as_str(service.get("wait_time"))
    wait = waitlist(wait_text, [description, application])

    # Languages at service and service-phone level.
    svc_phones = as_list(service.get("phones"))
    s_codes, s_unres, s_interp, s_only = _languages(as_list(service.get("languages")))
    for ph in svc_phones:
        c, u, i, o = _languages(as_list(ph.get("languages")))
        s_codes += c
        s_unres += u
        s_interp += i
        s_only = s_only or o
    interp_text = as_str(service.get("interpretation_services"))
    if interp_text:
        p = parse_language_text(interp_text)
        s_codes += p.codes
        s_interp.append(p.interpretation if p.interpretation != UNKNOWN else YES)

    # Physical and virtual locations.
    physical: list[tuple[dict[str, Any], dict[str, Any]]] = []
    virtual_ids: list[str] = []
    loc_types: list[str] = []
    for sal in sals:
        loc = as_dict(sal.get("location"))
        lt = as_str(loc.get("location_type")).lower()
        loc_types.append(lt)
        if lt == "virtual":
            if as_str(loc.get("id")):
                virtual_ids.append(as_str(loc.get("id")))
        elif lt != "postal" and loc:
            physical.append((sal, loc))
    remote = not physical
    targets: list[tuple[dict[str, Any], dict[str, Any]]] = physical or [({}, {})]

    hours_line = _hours_lines(description)
    offerings: list[Offering] = []
    for sal, loc in targets:
        loc_id = (as_str(loc.get("id")) or None) if loc else (
            virtual_ids[0] if virtual_ids else None)
        addr = _address(loc) if loc else None
        if addr is None and remote:
            for s2 in sals:
                l2 = as_dict(s2.get("location"))
                addr = _address(l2) if l2 else None
                if addr:
                    break
        postal = as_str(addr.get("postal_code"))[:5] if addr else ""
        postal = postal if len(postal) == 5 and postal.isdigit() else ""
        city = as_str(addr.get("city")) if addr else ""
        state = _state_code(as_str(addr.get("state_province"))) if addr else None
        country = as_str(addr.get("country")).lower() if addr else ""
        zi = zip_info(postal) if postal and (not state or not city) else None
        if zi is not None:
            state = state or zi.state
            city = city or zi.city
        lat = loc.get("latitude") if loc else None
        lon = loc.get("longitude") if loc else None
        lat = float(lat) if isinstance(lat, (int, float)) and not isinstance(lat, bool) else None
        lon = float(lon) if isinstance(lon, (int, float)) and not isinstance(lon, bool) else None

        loc_phones = as_list(loc.get("phones")) + as_list(sal.get("phones"))
        phones = svc_phones + [p for p in loc_phones if p not in svc_phones]
        codes = list(s_codes)
        unres = list(s_unres)
        interp = list(s_interp)
        only = s_only
        for items in (as_list(loc.get("languages")),
                      *(as_list(p.get("languages")) for p in loc_phones)):
            c, u, i, o = _languages(items)
            codes += c
            unres += u
            interp += i
            only = only or o
        codes = list(dict.fromkeys(codes))
        us = country in _US
        if codes and not only and "en" not in codes and us:
            codes.insert(0, "en")   # a US record listing other languages also offers English
        for unknown in dict.fromkeys(unres):
            regional = regional_language(unknown, state)
            if regional is not None:   # "Creole" in a Florida directory: Haitian Creole
                if regional not in codes:
                    codes.append(regional)
                continue
            repair(f"language '{unknown[:40]}' not recognized; ignored")

        schedules = [service.get("schedules"), sal.get("schedules"), loc.get("schedules")]
        hours_attrs, hours = hours_attributes(schedules, hours_line)
        attending = [as_str(s.get("attending_type")) for lst in schedules for s in as_list(lst)]
        transportation = as_str(loc.get("transportation")) or None
        modes = mode_attributes(
            physical=not remote, remote=remote, location_types=loc_types,
            attending_types=[a for a in attending if a], phones=phones,
            application_process=application,
            descriptions=[description, as_str(loc.get("description")), transportation or ""],
        )
        tty_phone = any(as_str(p.get("type")).lower() in ("textphone", "tty", "tdd")
                        for p in phones)
        access = accessibility_attributes(
            loc.get("accessibility"), [as_str(loc.get("description"))],
            asl_language="ase" in codes, tty_phone=tty_phone)
        attrs: dict[str, Tri] = dict.fromkeys(ATTRIBUTES, UNKNOWN)
        attrs.update(modes)
        attrs.update(hours_attrs)
        attrs.update(costs)
        attrs.update(access)
        attrs["transit"] = transit(transportation or "")
        attrs["childcare_onsite"] = childcare_onsite([description, eligibility, application,
                                                      *keywords])
        attrs["waitlist"] = wait
        attrs["documents_required"] = docs_tri
        attrs["interpretation"] = YES if YES in interp else (0 if 0 in interp else UNKNOWN)
        attrs = {k: attrs.get(k, UNKNOWN) for k in ATTRIBUTES}

        # The area, from each place the record states it, in turn: service_areas
        # (HSDS 3 names / extents / descriptions; the service-area columns of HSDS
        # 1.1/2.0 and Ohana exports), then eligibility and description prose
        # ("Baltimore County residents only", "Counties served: ..."), then the
        # jurisdiction a government service is named for ("Harford County Health
        # Department").  A stated area that none of them understands is unknown.
        zc = zip_info(postal) if postal else None
        own_county = zc.county if zc else None
        areas: tuple[str, ...] = ()
        problems: list[str] = []
        if as_list(service.get("service_areas")):
            areas, problems = service_area_tokens(service.get("service_areas"), state=state,
                                                  county=own_county, city=city or None,
                                                  regions=regions)
        unknown_area: str | None = None
        if not areas:
            prose = stated_areas([eligibility, description], state, county=own_county,
                                 city=city or None, regions=regions)
            areas = prose.tokens
            if not areas and not problems and not prose.unparsed:
                areas = jurisdiction_tokens((name, as_str(org.get("name"))), state)
            if not areas:
                bad = [m.group(1) for p in problems if (m := _NOT_UNDERSTOOD.match(p))]
                unknown_area = (bad or prose.unparsed or [None])[0]
                if unknown_area is not None and not problems:
                    repair(f"area '{unknown_area[:80]}' not understood; kept eligible "
                           "everywhere, ranked after offerings known to serve the family's place")
        for prob in problems:
            repair(prob)

        address = _one_line(addr) if addr and not remote else None
        confidential = is_confidential(
            as_str(loc.get("location_type")),
            [as_str(loc.get("name")), as_str(loc.get("description")), description,
             as_str(service.get("alert")), address or ""],
            service_texts=[name], taxonomy_names=tax_names)
        if confidential:
            if address is not None or (lat is not None and not postal):
                repair("confidential location: address removed"
                       + ("; coordinates replaced by the ZIP centroid" if postal else
                          "; coordinates removed"))
            address = None
            zi2 = zip_info(postal) if postal else None
            lat, lon = (zi2.lat, zi2.lon) if zi2 else (None, None)
        placed_by: str | None = None
        if lat is None and not remote and not confidential:
            # no coordinates: place the site offline from its address
            if zc is not None:
                lat, lon, placed_by = zc.lat, zc.lon, "zip"
            elif city and state:
                got = city_centroid(city, state)
                if got is not None:
                    (lat, lon), placed_by = got, "city"
        if remote:
            lat = lon = None
            placed_by = None

        offerings.append(Offering(
            service_id=sid,
            location_id=loc_id,
            organization_id=as_str(org.get("id")) or as_str(service.get("organization_id")) or None,
            service_name=name,
            organization_name=as_str(org.get("name")),
            description=description,
            status=status,
            latitude=lat,
            longitude=lon,
            remote=remote,
            confidential=confidential,
            address=address,
            postal_code=postal or None,
            city=city or None,
            state=state,
            min_age_years=min_age,
            max_age_years=max_age,
            income_limit_fpl=income,
            service_area=areas,
            languages=tuple(codes),
            languages_known=bool(codes),
            attributes=attrs,
            taxonomy_codes=tax_codes,
            taxonomy_names=tax_names,
            text=text,
            phones=tuple(
                {"number": as_str(p.get("number")), "type": as_str(p.get("type")) or None,
                 "description": as_str(p.get("description")) or None,
                 "languages": tuple(dict.fromkeys(_languages(as_list(p.get("languages")))[0]))}
                for p in phones if as_str(p.get("number"))),
            url=as_str(service.get("url")) or as_str(org.get("url")) or
            (as_str(loc.get("url")) or None),
            email=as_str(service.get("email")) or as_str(org.get("email")) or None,
            application_process=application or None,
            hours=hours,
            transportation=transportation,
            fees=squash(fees_text) or None,
            eligibility=eligibility or None,
            required_documents=docs,
            wait_time=wait_text or None,
            alert=as_str(service.get("alert")) or None,
            source_file=file,
            source_row=row,
            area_unknown=unknown_area,
            placed_by=placed_by,
            language_scope=_language_scope(
                [*as_list(service.get("languages")), *as_list(loc.get("languages")),
                 *(lg for ph in phones for lg in as_list(ph.get("languages")))],
                as_str(service.get("interpretation_services"))),
        ))
    return offerings
