"""Synthetic HSDS 3.0 directories (NDJSON) at any size, for the build benchmarks.

``write_hsds(n, path)`` writes newline-delimited HSDS 3.0 *service* objects
with their children embedded (organization, ``service_at_locations[].location``
with addresses, phones, languages, schedules, service areas,
``attributes[].taxonomy_term``, cost options, required documents), the same
shape as the bundled ``data/providers/la-county/services.json``.  Loaded with
:meth:`pfmatch.Directory.load` the file gives about ``n`` offerings: services
have one to three sites (one offering each) and some are remote (one offering,
no location).

Realism, borrowed from ``tools/make_sample_directory.py`` (names, sentences
per need, organization name patterns, taxonomy codes):

* six states (CA, TX, NY, FL, IL, MD), sites at real ZIP centroids (offline
  ``zipcodes`` data) jittered by a few hundred metres; a service's extra sites
  sit at neighbouring ZIPs of the same state;
* needs drawn with the sample's per-need weights; 45% Open Eligibility ids,
  20% 211HSIS-style codes, 15% both, 20% text only (no taxonomy at all);
* languages weighted by state (Spanish, Chinese, Vietnamese, Korean, Tagalog,
  Russian, Haitian Creole, Polish, Arabic...), some only in the interpretation
  text, some services with no language information;
* ages in ``minimum_age``/``maximum_age``, in eligibility text, or not at all;
  income limits in text ("up to 200% FPL");
* service areas as ZIP lists, cities, counties, statewide, nationwide or none;
* intake text, schedules (structured and as text), fees (cost options and
  text), statuses (active, inactive, defunct, temporarily closed).

Fast: per-record choices are drawn up front with numpy and records are filled
from plain lists and string templates (ids are uuid-shaped counters, not
uuid5).  Deterministic for a seed: the same ``(n, seed)`` writes the same bytes.
"""

from __future__ import annotations

import json
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import zipcodes

_TOOLS = Path(__file__).resolve().parents[1] / "tools"
if str(_TOOLS) not in sys.path:
    sys.path.insert(0, str(_TOOLS))

from make_sample_directory import (  # tools/ is a script folder, not a package
    ADJ,
    IGLESIA,
    NEED_TARGETS,
    NEED_TEXT,
    OE_NAMES,
    SAINTS,
    SUITES,
    hsis_for_need,
    load_needs,
)

__all__ = ["STATES", "write_hsds"]

Json = dict[str, Any]

#: (code, name, share of offerings, P(Spanish), {other language: probability})
STATES: tuple[tuple[str, str, float, float, dict[str, float]], ...] = (
    ("CA", "California", 30, 0.62, {"zh": 0.08, "vi": 0.06, "ko": 0.05, "tl": 0.06, "hy": 0.03,
                                    "fa": 0.02, "ar": 0.02}),
    ("TX", "Texas", 20, 0.60, {"vi": 0.06, "zh": 0.03, "ar": 0.03, "ko": 0.02}),
    ("NY", "New York", 16, 0.40, {"zh": 0.10, "ru": 0.06, "ht": 0.04, "ko": 0.03, "ar": 0.03,
                                  "fr": 0.03, "pl": 0.02}),
    ("FL", "Florida", 14, 0.50, {"ht": 0.10, "fr": 0.03, "pt": 0.03, "vi": 0.02}),
    ("IL", "Illinois", 11, 0.40, {"pl": 0.07, "zh": 0.03, "ar": 0.03, "ko": 0.02, "tl": 0.02}),
    ("MD", "Maryland", 9, 0.30, {"ko": 0.04, "zh": 0.03, "vi": 0.02, "fr": 0.03, "ru": 0.02}),
)
LANG_NAMES: dict[str, str] = {
    "en": "English", "es": "Spanish", "zh": "Chinese", "vi": "Vietnamese", "ko": "Korean",
    "tl": "Tagalog", "hy": "Armenian", "fa": "Farsi", "ar": "Arabic", "ru": "Russian",
    "ht": "Haitian Creole", "fr": "French", "pl": "Polish", "pt": "Portuguese",
    "ase": "American Sign Language",
}
STREETS = ("Main St", "Broadway", "Central Ave", "Park Ave", "Oak St", "Maple Ave", "Washington St",
           "Lincoln Ave", "Church St", "Market St", "Elm St", "Jefferson Blvd", "Martin Luther King Jr Blvd",
           "1st St", "2nd St", "3rd St", "5th Ave", "Lake St", "Hill St", "Madison Ave", "Franklin St",
           "Cedar St", "Pine St", "Walnut St", "Highland Ave", "Center St", "Union St", "Mill Rd",
           "Grand Ave", "Chestnut St", "College Ave", "River Rd", "Spring St", "Harrison St")
ORG_PATTERNS = ("{city} Family Resource Center", "{adj} Family Center", "{adj} Community Services",
                "{city} Community Action Partnership", "{city} Food Bank", "{adj} Community Health Center",
                "{county} Health and Human Services - {city} Office", "{adj} Counseling Center",
                "{city} Unified School District", "{saint} Church Outreach", "Iglesia {iglesia}",
                "{adj} Legal Aid", "{adj} Domestic Violence Center", "{city} Regional Center",
                "{adj} Housing Partners", "{city} WorkSource Center", "{adj} Child Care Alliance",
                "{adj} Maternal and Child Health", "{city} Interfaith Council", "{adj} Family Services")
ORG_KINDS = ("nonprofit community organization", "faith-based outreach ministry",
             "community health center", "public agency", "family resource center",
             "United Way partner agency")
INTAKE = ("Walk-ins welcome during open hours. No appointment necessary.",
          "Call to schedule an appointment; same-week appointments are usually available.",
          "Apply online or call the intake line. A staff member returns calls within two business days.",
          "Referral required from a school, doctor or case manager.",
          "Text or call the main line to be screened over the phone.",
          "Complete a short intake form at the front desk; bring photo ID if you have one.",
          "Enrollment is by appointment only. Call the intake line Monday through Friday.",
          "Drop in during distribution hours; first come, first served.")
DOCS = ("Photo ID", "Proof of address", "Proof of income", "Birth certificates for children",
        "Social Security cards (if available)", "Medical card", "Immunization records")
WAITS = ("No wait", "1-2 weeks", "Waiting list; call for current wait time", "Same day", "2-4 weeks")
ACCESS = ("Wheelchair accessible", "Accessible parking and step-free entrance", "Elevator to 2nd floor",
          "Ramp at side entrance")
INTERP = ("Interpretation by phone for other languages", "Bilingual staff available on request",
          "Interpreters available in most languages with advance notice",
          "ASL interpreter available with 48 hours notice")
# Age wording: (eligibility sentence, minimum_age, maximum_age); the numbers go in the
# HSDS fields only for the "structured" share, the sentence always.
AGES: tuple[tuple[str, int | None, int | None], ...] = (
    ("Children ages 0 to 5 and their parents.", 0, 5),
    ("Children ages 3-5.", 3, 5),
    ("Families with children under 18.", 0, 17),
    ("Youth ages 12 to 18.", 12, 18),
    ("Children from birth to age 3.", 0, 3),
    ("Children and teens ages 6-17.", 6, 17),
    ("Pregnant women and parents of infants under 12 months.", None, 1),
    ("Young adults ages 16 to 24.", 16, 24),
    ("Adults 18 and older.", 18, None),
)
GENERIC_ELIG = ("Anyone, any age.", "Families and individuals.", "See notes.",
                "No proof of immigration status required.", "Open to all residents.")
INCOME = ("Low-income households (up to {p}% FPL).", "Must meet income guidelines ({p}% of the federal poverty level or less).", "Families with income at or below {p}% FPL.")
FEES = ("Free", "Free of charge", "Sliding scale based on income", "$10 per visit; no one turned away",
        "Free for families on Medicaid; sliding scale for others", "$25 per session", "Donations welcome")
# Schedules: (byday, opens, closes, text)
HOURS: tuple[tuple[str, str, str, str], ...] = (
    ("MO,TU,WE,TH,FR", "09:00", "17:00", "Monday-Friday 9am-5pm"),
    ("MO,TU,WE,TH,FR", "08:00", "16:30", "Monday-Friday 8am-4:30pm"),
    ("MO,WE,FR", "10:00", "14:00", "Monday, Wednesday and Friday 10am-2pm"),
    ("TU,TH", "13:00", "19:00", "Tuesday and Thursday 1pm-7pm"),
    ("SA", "09:00", "12:00", "Saturdays 9am-noon"),
    ("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59", "24 hours a day, 7 days a week"),
)
STATUSES = ("active", "inactive", "defunct", "temporarily closed")
STATUS_P = (0.94, 0.025, 0.015, 0.02)

# Kinds of id (the first uuid group), so ids of different tables never collide.
_K_SVC, _K_ORG, _K_LOC, _K_SAL, _K_ADDR, _K_PHONE, _K_LANG, _K_SCHED, _K_AREA, _K_ATTR, _K_COST, \
    _K_DOC, _K_TERM, _K_ACC = range(1, 15)


@lru_cache(maxsize=1)
def _zip_table() -> tuple[list[dict[str, Any]], np.ndarray, np.ndarray]:
    """Standard ZIPs of :data:`STATES` sorted by state then ZIP, with the row range of each state."""
    rows: list[dict[str, Any]] = []
    starts, stops = [], []
    for code, *_ in STATES:
        zs = sorted((z for z in zipcodes.filter_by(state=code)
                     if z["zip_code_type"] == "STANDARD" and z["lat"] and z["long"] and z["county"]),
                    key=lambda z: z["zip_code"])
        starts.append(len(rows))
        rows.extend({"zip": z["zip_code"], "city": z["city"], "county": z["county"], "state": code,
                     "lat": float(z["lat"]), "lon": float(z["long"]),
                     "area": (z.get("area_codes") or ["555"])[0]} for z in zs)
        stops.append(len(rows))
    return rows, np.array(starts), np.array(stops)


@lru_cache(maxsize=1)
def _need_tables() -> tuple[list[str], np.ndarray, list[list[tuple[str, str]]], list[list[tuple[str, str]]],
                            list[list[str]]]:
    """Need codes, sampling weights, (OE id, name) and (211HSIS code, name) pairs, keywords."""
    needs = load_needs()
    codes = list(needs)
    w = np.array([NEED_TARGETS.get(c, 40) for c in codes], dtype=np.float64)
    oe = [[(c, OE_NAMES.get(c, needs[k]["label"])) for c in needs[k].get("oe", [])] for k in codes]
    hsis = [hsis_for_need(needs[k]) for k in codes]
    kws = [list(needs[k].get("keywords") or [needs[k]["label"].lower()]) for k in codes]
    return codes, w / w.sum(), oe, hsis, kws


def _uid(kind: int, i: int, seed: int) -> str:
    return f"{kind:08x}-{seed & 0xffff:04x}-4000-8000-{i:012x}"


def _term(code: str, name: str, taxonomy: str, tid: str, aid: str, sid: str) -> Json:
    return {"id": aid, "link_entity": "service", "link_id": sid, "link_type": "service_type",
            "taxonomy_term": {"code": code, "description": f"{name} ({taxonomy})", "id": tid, "name": name,
                              "taxonomy": taxonomy},
            "taxonomy_term_id": tid}


def write_hsds(n_offerings: int, path: Path, *, seed: int = 0) -> dict[str, Any]:
    """Write a synthetic HSDS 3.0 directory of about ``n_offerings`` offerings as NDJSON.

    Parameters
    ----------
    n_offerings : int
        Offerings the loaded directory should hold (one per site of an
        in-person service, one per remote service).  The file gives exactly
        this many offerings before the loader drops anything.
    path : pathlib.Path
        The file to write (parent folders are created); ``.ndjson`` is a good suffix.
    seed : int, default=0
        Seed of the random choices; the same ``(n_offerings, seed)`` writes the same bytes.

    Returns
    -------
    dict
        ``path``, ``bytes``, ``services``, ``offerings`` (expected), ``sites``,
        ``remote``, ``states`` (offerings per state), ``zips`` (a sample of up
        to 2000 site ZIP codes, for placing families) and ``seconds``.
    """
    t0 = time.perf_counter()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    zrows, zstart, zstop = _zip_table()
    codes, need_p, oe_terms, hsis_terms, kws = _need_tables()
    n_need = len(codes)

    # -- services and their site counts (0 = remote): exactly n_offerings offerings --------
    cap = int(n_offerings / 1.3) + 16
    n_sites = rng.choice(4, size=cap, p=[0.08, 0.57, 0.23, 0.12])
    while int(np.maximum(n_sites, 1).sum()) < n_offerings:  # pragma: no cover (cap is generous)
        n_sites = np.concatenate([n_sites, rng.choice(4, size=cap, p=[0.08, 0.57, 0.23, 0.12])])
    per = np.maximum(n_sites, 1)
    cum = np.cumsum(per)
    m = int(np.searchsorted(cum, n_offerings)) + 1  # services needed
    n_sites = n_sites[:m].copy()
    over = int(cum[m - 1]) - n_offerings
    if over:  # trim the last service's sites to hit the target exactly
        n_sites[-1] = max(int(n_sites[-1]) - over, 1)
    n_sites_l = n_sites.tolist()

    # -- organizations (about three services each) and home ZIPs -----------------------------
    n_org = max(m // 3, 1)
    state_share = np.array([s[2] for s in STATES], dtype=np.float64)
    org_state = rng.choice(len(STATES), size=n_org, p=state_share / state_share.sum())
    span = zstop[org_state] - zstart[org_state]
    org_zip = zstart[org_state] + (rng.random(n_org) * span).astype(np.int64)
    org_pat = rng.integers(0, len(ORG_PATTERNS), n_org).tolist()
    org_adj = rng.integers(0, len(ADJ), n_org).tolist()
    org_saint = rng.integers(0, len(SAINTS), n_org).tolist()
    org_igl = rng.integers(0, len(IGLESIA), n_org).tolist()
    org_kind = rng.integers(0, len(ORG_KINDS), n_org).tolist()
    svc_org = np.sort(rng.integers(0, n_org, m))  # services grouped by organization in file order
    svc_org_l = svc_org.tolist()
    svc_state = org_state[svc_org]
    svc_state_l = svc_state.tolist()
    svc_zip = org_zip[svc_org]

    # -- sites: neighbouring ZIPs of the home ZIP, same state, jittered centroids --------------
    n_site_total = int(n_sites.sum())
    site_svc = np.repeat(np.arange(m), n_sites)
    lo, hi = zstart[svc_state[site_svc]], zstop[svc_state[site_svc]] - 1
    site_zip = np.clip(svc_zip[site_svc] + rng.integers(-6, 7, n_site_total), lo, hi)
    first = np.concatenate([[0], np.cumsum(n_sites)[:-1]])
    site_zip[first[n_sites > 0]] = svc_zip[n_sites > 0]  # the first site at the home ZIP
    zlat = np.array([z["lat"] for z in zrows])
    zlon = np.array([z["lon"] for z in zrows])
    site_lat = np.round(zlat[site_zip] + rng.normal(0, 0.005, n_site_total), 6).tolist()
    site_lon = np.round(zlon[site_zip] + rng.normal(0, 0.006, n_site_total), 6).tolist()
    site_zip_l = site_zip.tolist()
    site_num = rng.integers(100, 19999, n_site_total).tolist()
    site_street = rng.integers(0, len(STREETS), n_site_total).tolist()
    site_suite = rng.integers(-len(SUITES), len(SUITES), n_site_total).tolist()  # < 0: no suite
    site_hours = rng.integers(0, len(HOURS) - 1, n_site_total).tolist()
    site_hours_kind = rng.choice(3, size=n_site_total, p=[0.45, 0.4, 0.15]).tolist()  # sched/text/none
    site_access = rng.integers(-len(ACCESS), len(ACCESS), n_site_total).tolist()

    # -- per-service choices -----------------------------------------------------------------
    need_a = rng.choice(n_need, size=m, p=need_p)
    need_b = np.where(rng.random(m) < 0.25, rng.choice(n_need, size=m, p=need_p), -1)
    need_b = np.where(need_b == need_a, -1, need_b)
    need_a_l, need_b_l = need_a.tolist(), need_b.tolist()
    tax_kind = rng.choice(4, size=m, p=[0.45, 0.20, 0.15, 0.20]).tolist()  # OE, HSIS, both, text only
    pick = rng.integers(0, 1 << 30, (m, 6)).tolist()  # name, what, detail, keyword, term, detail2
    status = rng.choice(len(STATUSES), size=m, p=STATUS_P).tolist()
    age_kind = rng.choice(3, size=m, p=[0.22, 0.28, 0.50]).tolist()  # fields+text, text only, none
    age_row = rng.integers(0, len(AGES), m).tolist()
    income = np.where(rng.random(m) < 0.18, rng.choice([138, 185, 200, 250], m), 0).tolist()
    area_u = rng.random(m)
    # in person: none, ZIP list, city, county, statewide; remote: statewide, nationwide, county
    area_kind = np.where(n_sites > 0, np.searchsorted(np.cumsum([0.28, 0.22, 0.15, 0.22, 0.13]), area_u),
                         5 + np.searchsorted(np.cumsum([0.6, 0.25, 0.15]), area_u)).tolist()
    n_area_zips = rng.integers(1, 6, m).tolist()
    fee_kind = rng.choice(3, size=m, p=[0.5, 0.3, 0.2]).tolist()  # cost option + text, text, none
    fee_row = rng.integers(0, len(FEES), m).tolist()
    intake = rng.integers(0, len(INTAKE), m).tolist()
    docs = rng.integers(-8, len(DOCS), (m, 2)).tolist()  # < 0: none
    wait = rng.integers(-12, len(WAITS), m).tolist()
    interp = rng.integers(-10, len(INTERP), m).tolist()
    no_lang = (rng.random(m) < 0.15).tolist()
    lang_u = rng.random((m, 10))
    site_lang = (rng.random(m) < 0.2).tolist()
    spanish_text = (rng.random(m) < 0.1).tolist()
    modified_day = rng.integers(1, 28, m).tolist()
    modified_month = rng.integers(1, 13, m).tolist()

    lang_p = [[("es", s[3]), *s[4].items()] for s in STATES]
    lang_items = [[(c, LANG_NAMES[c]) for c, _ in lp] for lp in lang_p]
    lang_thr = [np.array([p for _, p in lp]) for lp in lang_p]
    lang_sel = [(lang_u[:, : len(t)] < t[None, :]) for t in lang_thr]

    state_names = {s[0]: s[1] for s in STATES}
    counter = [0] * 16

    def uid(kind: int) -> str:
        counter[kind] += 1
        return f"{kind:08x}-{seed & 0xffff:04x}-4000-8000-{counter[kind]:012x}"

    orgs: dict[int, Json] = {}
    states_count: dict[str, int] = {s[0]: 0 for s in STATES}
    site_i = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with path.open("w", encoding="utf-8") as fh:
        buf: list[str] = []
        for i in range(m):
            o = svc_org_l[i]
            home = zrows[int(org_zip[o])]
            st = STATES[svc_state_l[i]][0]
            org = orgs.get(o)
            if org is None:
                orgs.clear()  # services are grouped by organization: keep only the current one
                name = ORG_PATTERNS[org_pat[o]].format(
                    city=home["city"].title(), adj=ADJ[org_adj[o]], county=home["county"],
                    saint=SAINTS[org_saint[o]], iglesia=IGLESIA[org_igl[o]])
                slug = "".join(ch for ch in name.lower() if ch.isalnum())[:40]
                org = {"id": _uid(_K_ORG, o + 1, seed), "name": name,
                       "description": f"A {ORG_KINDS[org_kind[o]]} serving families in {home['city'].title()} "
                                      f"and nearby communities of {home['county']}.",
                       "email": f"info@{slug}.example.org", "website": f"https://www.{slug}.example.org"}
                orgs[o] = org
            sid = uid(_K_SVC)
            na = need_a_l[i]
            code = codes[na]
            text = NEED_TEXT[code]
            p = pick[i]
            kw_list = kws[na]
            svc_name = text["names"][p[0] % len(text["names"])]
            desc = (text["what"][p[1] % len(text["what"])].format(
                kw=kw_list[p[3] % len(kw_list)], kw2=kw_list[(p[3] + 1) % len(kw_list)])
                + " " + text["detail"][p[2] % len(text["detail"])])
            nb = need_b_l[i]
            if nb >= 0:
                tb = NEED_TEXT[codes[nb]]
                kb = kws[nb]
                desc += " " + tb["what"][p[5] % len(tb["what"])].format(kw=kb[p[3] % len(kb)],
                                                                        kw2=kb[(p[3] + 1) % len(kb)])
            if spanish_text[i]:
                desc += " Se habla español."

            # taxonomy
            attrs: list[Json] = []
            tk = tax_kind[i]
            for nd in (na,) if nb < 0 else (na, nb):
                if tk in (0, 2) and oe_terms[nd]:
                    c, nm = oe_terms[nd][p[4] % len(oe_terms[nd])]
                    attrs.append(_term(c, nm, "Open Eligibility", uid(_K_TERM), uid(_K_ATTR), sid))
                if tk in (1, 2) and hsis_terms[nd]:
                    c, nm = hsis_terms[nd][p[4] % len(hsis_terms[nd])]
                    attrs.append(_term(c, nm, "211HSIS", uid(_K_TERM), uid(_K_ATTR), sid))

            # eligibility: ages, income
            elig: list[str] = []
            svc: Json = {"id": sid, "organization_id": org["id"], "name": svc_name, "description": desc,
                         "status": STATUSES[status[i]], "url": f"{org['website']}/services/{counter[_K_SVC]}",
                         "email": org["email"], "application_process": INTAKE[intake[i]]}
            ak = age_kind[i]
            if ak < 2:
                sentence, amin, amax = AGES[age_row[i]]
                elig.append(sentence)
                if ak == 0:
                    if amin is not None:
                        svc["minimum_age"] = amin
                    if amax is not None:
                        svc["maximum_age"] = amax
            if income[i]:
                elig.append(INCOME[p[2] % len(INCOME)].format(p=income[i]))
            if not elig:
                elig.append(GENERIC_ELIG[p[5] % len(GENERIC_ELIG)])
            svc["eligibility_description"] = " ".join(elig)

            # fees
            fk = fee_kind[i]
            fee = FEES[fee_row[i]]
            if fk < 2:
                svc["fees_description"] = fee
            if fk == 0:
                free = fee.startswith("Free")
                svc["cost_options"] = [{"id": uid(_K_COST), "option": "All clients", "currency": "USD",
                                        "amount": 0 if free else (10 if "$10" in fee else 25),
                                        "amount_description": fee}]

            # languages
            si = svc_state_l[i]
            langs: list[tuple[str, str]] = []
            if not no_lang[i]:
                langs.append(("en", "English"))
                sel = lang_sel[si][i]
                langs.extend(lang_items[si][j] for j in range(len(sel)) if sel[j])
                svc["languages"] = [{"id": uid(_K_LANG), "code": c, "name": nm} for c, nm in langs]
            if interp[i] >= 0:
                svc["interpretation_services"] = INTERP[interp[i]]
            if wait[i] >= 0:
                svc["wait_time"] = WAITS[wait[i]]
            docs_i = [DOCS[d] for d in dict.fromkeys(docs[i]) if d >= 0]
            if docs_i:
                svc["required_documents"] = [{"id": uid(_K_DOC), "document": d} for d in docs_i]
            svc["phones"] = [{"id": uid(_K_PHONE), "number": f"({home['area']}) 555-01{p[0] % 100:02d}",
                              "type": "voice", "description": "Main line"}]
            svc["last_modified"] = f"2026-{modified_month[i]:02d}-{modified_day[i]:02d}T12:00:00Z"

            # sites
            k = n_sites_l[i]
            sals: list[Json] = []
            for _ in range(k):
                z = zrows[site_zip_l[site_i]]
                lid = uid(_K_LOC)
                addr: Json = {"id": uid(_K_ADDR), "address_1": f"{site_num[site_i]} {STREETS[site_street[site_i]]}",
                              "city": z["city"].title(), "state_province": st, "postal_code": z["zip"],
                              "country": "US", "address_type": "physical"}
                if site_suite[site_i] >= 0:
                    addr["address_2"] = SUITES[site_suite[site_i]]
                loc: Json = {"id": lid, "organization_id": org["id"], "location_type": "physical",
                             "name": f"{org['name']} - {z['city'].title()}",
                             "latitude": site_lat[site_i], "longitude": site_lon[site_i], "addresses": [addr]}
                if site_access[site_i] >= 0:
                    loc["accessibility"] = [{"id": uid(_K_ACC), "description": ACCESS[site_access[site_i]]}]
                if site_lang[i] and langs:
                    loc["languages"] = [{"id": uid(_K_LANG), "code": c, "name": nm} for c, nm in langs]
                sal: Json = {"id": uid(_K_SAL), "service_id": sid, "location_id": lid, "location": loc}
                h = HOURS[site_hours[site_i]]
                hk = site_hours_kind[site_i]
                if hk == 0:
                    sal["schedules"] = [{"id": uid(_K_SCHED), "freq": "WEEKLY", "wkst": "MO", "byday": h[0],
                                         "opens_at": h[1], "closes_at": h[2], "attending_type": "in person"}]
                elif hk == 1:
                    sal["description"] = f"Hours: {h[3]}."
                sals.append(sal)
                states_count[z["state"]] += 1
                site_i += 1
            if sals:
                svc["service_at_locations"] = sals
            else:
                states_count[st] += 1
                svc["phones"][0]["description"] = "Call or text; services by phone and video"
                svc["schedules"] = [{"id": uid(_K_SCHED), "freq": "WEEKLY", "wkst": "MO",
                                     "byday": "MO,TU,WE,TH,FR", "opens_at": "08:00", "closes_at": "20:00",
                                     "attending_type": "phone", "description": "Monday-Friday 8am-8pm by phone"}]

            # service areas
            ak = area_kind[i]
            area: Json | None = None
            if ak == 1:
                lo_i, hi_i = int(zstart[si]), int(zstop[si]) - 1
                c0 = int(svc_zip[i])
                zs = sorted({zrows[min(max(c0 + d, lo_i), hi_i)]["zip"] for d in range(n_area_zips[i])})
                area = {"name": ", ".join(zs), "extent": ", ".join(zs), "extent_type": "text",
                        "description": f"Residents of ZIP codes {', '.join(zs)}"}
            elif ak == 2:
                area = {"name": home["city"].title(), "extent_type": "text",
                        "description": f"Residents of the city of {home['city'].title()}"}
            elif ak in (3, 7):  # a remote service has no address: name the state with the county
                cname = home["county"] if ak == 3 else f"{home['county']}, {st}"
                area = {"name": cname, "extent_type": "text", "description": f"All of {home['county']}"}
            elif ak in (4, 5):
                area = {"name": state_names[st], "extent_type": "text", "description": "Statewide"}
            elif ak == 6:
                area = {"name": "United States", "extent_type": "text", "description": "Nationwide"}
            if area is not None:
                area["id"] = uid(_K_AREA)
                svc["service_areas"] = [area]
            if attrs:
                svc["attributes"] = attrs
            svc["organization"] = org
            buf.append(dumps(svc))
            if len(buf) >= 2000:
                buf.append("")
                fh.write("\n".join(buf))
                buf.clear()
        if buf:
            buf.append("")
            fh.write("\n".join(buf))

    zsample = sorted({zrows[z]["zip"] for z in site_zip_l[:: max(1, n_site_total // 2000)]})
    return {"path": str(path), "bytes": path.stat().st_size, "services": m,
            "offerings": n_site_total + int((n_sites == 0).sum()), "sites": n_site_total,
            "remote": int((n_sites == 0).sum()), "states": states_count, "zips": zsample,
            "seconds": time.perf_counter() - t0}


if __name__ == "__main__":  # quick manual check: python benchmarks/synth_hsds.py N OUT
    info = write_hsds(int(sys.argv[1]), Path(sys.argv[2]))
    info.pop("zips")
    print(info)
