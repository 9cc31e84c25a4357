"""Synthetic directories and families for the scale benchmarks (vectorized, seeded).

Offerings sit around a dozen metro areas in nine states (Gaussian spread of
~15 km, a fifth of them spread over ~80 km), 7% are remote.  Each offering
answers one or two needs through real taxonomy codes of the bundled need map,
with a name and a ~30-word description drawn from the need's keywords and a
filler vocabulary, languages, age bounds, income limits, service areas
(county or state tokens of its metro) and random three-valued attributes.
"""

from __future__ import annotations

import numpy as np

from pfmatch._geo import nearest_zip
from pfmatch._needmap import load_data_toml
from pfmatch._offering import ATTRIBUTES, Offering

#: (name, lat, lon, county token, state token)
METROS: tuple[tuple[str, float, float, str, str], ...] = (
    ("los angeles", 34.05, -118.25, "county:los angeles|ca", "state:ca"),
    ("san diego", 32.72, -117.16, "county:san diego|ca", "state:ca"),
    ("san francisco", 37.77, -122.42, "county:san francisco|ca", "state:ca"),
    ("phoenix", 33.45, -112.07, "county:maricopa|az", "state:az"),
    ("houston", 29.76, -95.37, "county:harris|tx", "state:tx"),
    ("dallas", 32.78, -96.80, "county:dallas|tx", "state:tx"),
    ("chicago", 41.88, -87.63, "county:cook|il", "state:il"),
    ("new york", 40.71, -74.01, "county:new york|ny", "state:ny"),
    ("baltimore", 39.29, -76.61, "county:baltimore city|md", "state:md"),
    ("miami", 25.76, -80.19, "county:miami-dade|fl", "state:fl"),
    ("seattle", 47.61, -122.33, "county:king|wa", "state:wa"),
    ("atlanta", 33.75, -84.39, "county:fulton|ga", "state:ga"),
)
WEIGHTS = np.array([16, 6, 6, 7, 8, 7, 10, 14, 4, 6, 5, 6], dtype=np.float64)
LANGS = ("en", "es", "zh", "vi", "ko", "tl", "ru", "ar", "fr", "hy")
FILLER = ("family", "children", "parents", "support", "help", "program", "services", "community",
          "free", "local", "staff", "weekly", "case", "management", "referral", "youth", "home",
          "center", "provides", "caregivers", "infants", "toddlers", "school", "health", "county",
          "assistance", "clients", "eligible", "residents", "appointment", "classes", "group")


def _needs() -> list[dict]:
    return list(load_data_toml("needs.toml")["need"])


def make_offerings(n: int, seed: int = 0) -> list[Offering]:
    """``n`` synthetic offerings (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    needs = _needs()
    metro = rng.choice(len(METROS), size=n, p=WEIGHTS / WEIGHTS.sum())
    spread = np.where(rng.random(n) < 0.2, 0.7, 0.13)
    lat = np.array([m[1] for m in METROS])[metro] + rng.normal(0, 1, n) * spread
    lon = np.array([m[2] for m in METROS])[metro] + rng.normal(0, 1, n) * spread * 1.2
    remote = rng.random(n) < 0.07
    need_a = rng.integers(0, len(needs), n)
    need_b = np.where(rng.random(n) < 0.35, rng.integers(0, len(needs), n), -1)
    tax_kind = rng.integers(0, 3, n)  # 0: Open Eligibility, 1: 211HSIS, 2: text only
    n_lang = rng.choice(4, size=n, p=[0.25, 0.4, 0.25, 0.1])
    lang_pick = rng.integers(1, len(LANGS), (n, 3))
    min_age = np.where(rng.random(n) < 0.3, rng.integers(0, 6, n).astype(float), np.nan)
    max_age = np.where(rng.random(n) < 0.35, rng.integers(5, 19, n).astype(float), np.nan)
    income = np.where(rng.random(n) < 0.15, rng.choice([100.0, 138.0, 185.0, 200.0, 250.0], n), np.nan)
    area_kind = rng.choice(4, size=n, p=[0.6, 0.2, 0.15, 0.05])
    attrs = rng.choice(np.array([1, 0, -1], dtype=np.int8), size=(n, len(ATTRIBUTES)), p=[0.3, 0.2, 0.5])
    status = np.where(rng.random(n) < 0.04, "inactive", "active")
    words = rng.integers(0, len(FILLER), (n, 24))
    kw_pick = rng.integers(0, 8, (n, 2))

    out: list[Offering] = []
    for i in range(n):
        na = needs[need_a[i]]
        codes: list[str] = []
        names: list[str] = []
        for nd in ((na,) if need_b[i] < 0 else (na, needs[need_b[i]])):
            if tax_kind[i] == 0 and nd.get("oe"):
                codes.append(nd["oe"][0])
                names.append(nd["oe_names"][0] if nd.get("oe_names") else nd["label"])
            elif tax_kind[i] == 1 and nd.get("hsis"):
                codes.append(nd["hsis"][0])
                names.append(nd["label"])
        kws = na.get("keywords") or [na["label"].lower()]
        kw = " ".join(kws[j % len(kws)] for j in kw_pick[i])
        m = METROS[metro[i]]
        name = f"{na['label']} Program {i}"
        org = f"{m[0].title()} Family Services {i % 997}"
        desc = f"{kw} " + " ".join(FILLER[w] for w in words[i])
        langs = ("en", *dict.fromkeys(LANGS[j] for j in lang_pick[i, :n_lang[i]]))
        area = ((), (m[3],), (m[4],), ("nation:us",))[area_kind[i]]
        is_remote = bool(remote[i])
        out.append(Offering(
            service_id=f"svc-{i:07d}", location_id=None if is_remote else f"loc-{i:07d}",
            organization_id=f"org-{i % 997}", service_name=name, organization_name=org,
            description=desc, status=str(status[i]),
            latitude=None if is_remote else float(lat[i]), longitude=None if is_remote else float(lon[i]),
            remote=is_remote, address=None if is_remote else f"{100 + i % 900} Main St, {m[0].title()}",
            state=m[4][-2:].upper(),
            min_age_years=None if np.isnan(min_age[i]) else float(min_age[i]),
            max_age_years=None if np.isnan(max_age[i]) else float(max_age[i]),
            income_limit_fpl=None if np.isnan(income[i]) else float(income[i]),
            service_area=area, languages=langs, languages_known=bool(n_lang[i] > 0 or i % 3),
            attributes={a: int(v) for a, v in zip(ATTRIBUTES, attrs[i], strict=True) if v != -1},
            taxonomy_codes=tuple(codes), taxonomy_names=tuple(names),
            text=f"{name} {org} {desc} {' '.join(names)}",
            phones=({"number": f"(555) 010-{i % 10000:04d}", "type": "voice", "description": None,
                     "languages": ()},),
            url=f"https://example.org/s/{i}", hours="Mon-Fri 9-5",
        ))
    return out


def make_families(n: int, seed: int = 1) -> list[dict]:
    """``n`` families near the metros, with 1-3 needs, languages, barriers and children."""
    rng = np.random.default_rng(seed)
    codes = [nd["code"] for nd in _needs()]
    barriers = ["no_transportation", "no_phone", "work_hours", "needs_childcare", "cost"]
    langs = [["en"], ["es", "en"], ["es"], ["zh", "en"], ["vi"], ["ko", "en"]]
    fams = []
    for _ in range(n):
        m = METROS[rng.choice(len(METROS), p=WEIGHTS / WEIGHTS.sum())]
        # Families give a ZIP code, as at a call center (the ZIP of a random point in the metro).
        zip5 = nearest_zip(m[1] + rng.normal(0, 0.12), m[2] + rng.normal(0, 0.14))
        fams.append({
            "location": {"zip": zip5},
            "languages": langs[rng.integers(len(langs))],
            "needs": [codes[j] for j in rng.choice(len(codes), size=rng.integers(1, 4), replace=False)],
            "barriers": [barriers[j] for j in rng.choice(len(barriers), size=rng.integers(0, 3),
                                                         replace=False)],
            "children": [{"age_months": int(rng.integers(1, 144))}],
        })
    return fams
