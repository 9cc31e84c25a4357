"""The family record: frozen value types and their validation (API section 2).

:meth:`Family.from_dict` is the only way in from JSON: it checks every field
and raises :class:`~pfmatch.FamilyDataError` naming the JSON path of the first
problem.  Messages name the kind of value received ("a str", "31 items"),
never the value: family data is sensitive.  After validation the value types
hold only valid states (ranges checked, categories from fixed sets, barrier
phrases normalized to codes, languages to canonical codes, child ages in
months), and :meth:`Family.to_dict` round-trips.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Literal

from rapidfuzz import fuzz, process

from pfmatch._errors import FamilyDataError
from pfmatch._needmap import FACTORS, normalize_phrase
from pfmatch._safe import needs_cleaning
from pfmatch.assess._data import barrier_codes, barrier_phrases, factors_doc, instruments_doc
from pfmatch.normalize.populations import POPULATIONS

__all__ = [
    "AHCHRSN",
    "EPDS",
    "PFS2",
    "PHQ2",
    "PHQ9",
    "ASQ3Result",
    "ASQSE2Result",
    "Caregiver",
    "Child",
    "Family",
    "Household",
    "HungerVitalSign",
    "Location",
    "Screenings",
    "normalize_barrier",
]

AsqCategory = Literal["above_cutoff", "monitoring", "below_cutoff"]
ASQ_CATEGORIES: tuple[str, ...] = ("above_cutoff", "monitoring", "below_cutoff")
INSURANCE: tuple[str, ...] = ("medicaid", "medicare", "chip", "private", "marketplace",
                              "tricare", "other", "uninsured")
_INSURANCE_ALIASES = {"medi cal": "medicaid", "medical": "medicaid", "none": "uninsured",
                      "employer": "private", "covered california": "marketplace"}
MAX_CHILD_MONTHS = 264  # 22 years: IDEA serves through age 21
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
_BARRIER_FUZZY_CUTOFF = 90.0


# ---------------------------------------------------------------- helpers
def _kind(x: Any) -> str:
    """Describe a value without revealing it."""
    if x is None:
        return "null"
    if isinstance(x, bool):
        return "a bool"
    if isinstance(x, (list, tuple)):
        return f"{len(x)} items"
    if isinstance(x, Mapping):
        return "an object"
    return f"a {type(x).__name__}"


def _err(path: str, problem: str, value: Any = None, *, fix: str | None = None,
         received: str | None = None) -> FamilyDataError:
    return FamilyDataError(path, problem, fix=fix,
                           received=received if received is not None else
                           (_kind(value) if value is not None else None))


def _obj(x: Any, path: str, allowed: Sequence[str]) -> Mapping[str, Any]:
    if not isinstance(x, Mapping):
        raise _err(path, "must be an object", x)
    if len(x) > len(allowed):
        raise FamilyDataError(path, f"has {len(x)} fields; it has only {len(allowed)} known ones",
                              fix="Valid fields: " + ", ".join(allowed))
    unknown = [i for i, k in enumerate(x) if k not in allowed]
    if unknown:
        # The key's text is never shown: data typed into a key would reach logs and
        # stderr.  Its position and a close valid name (when there is one) are enough.
        pos = unknown[0]
        key = list(x)[pos]
        hint = process.extractOne(key, allowed, scorer=fuzz.ratio, score_cutoff=80) \
            if isinstance(key, str) and len(key) <= 40 else None
        raise FamilyDataError(path, (f"has an unknown field (key {pos + 1} of {len(x)})"
                                     if len(unknown) == 1 else
                                     f"has {len(unknown)} unknown fields (the first is key "
                                     f"{pos + 1} of {len(x)})"),
                              fix=(f"Did you mean {hint[0]!r}? " if hint else "")
                              + "Valid fields: " + ", ".join(allowed))
    return x


#: Most items each family list may hold (``MAX_ITEMS[field]``); longer lists are a
#: FamilyDataError naming the limit.  Other lists: :data:`MAX_ITEMS_DEFAULT`.
MAX_ITEMS: Mapping[str, int] = MappingProxyType({
    "languages": 20, "needs": 50, "children": 30, "caregivers": 10, "barriers": 30,
    "insurance": 10, "connected_services": 1000, "asq3": 150, "asq_se2": 30,
    "housing_problems": 20,
})
MAX_ITEMS_DEFAULT = 100
#: Most characters of a category, barrier or language string (before normalizing).
MAX_WORD_CHARS = 200


def _list(x: Any, path: str) -> list[Any]:
    if not isinstance(x, (list, tuple)):
        raise _err(path, "must be a list", x)
    name = path.rsplit(".", 1)[-1]
    limit = MAX_ITEMS.get(name, MAX_ITEMS_DEFAULT)
    if len(x) > limit:
        raise FamilyDataError(path, f"must have at most {limit} items (the limit for {name})",
                              received=f"{len(x)} items")
    return list(x)


def _int(x: Any, path: str, lo: int, hi: int) -> int:
    if isinstance(x, bool) or not isinstance(x, int):
        raise _err(path, f"must be a whole number between {lo} and {hi}", x)
    if not lo <= x <= hi:
        raise _err(path, f"must be between {lo} and {hi}", received="a number out of range")
    return x


def _num(x: Any, path: str, lo: float, hi: float, *, lo_open: bool = False) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)) or (
            isinstance(x, float) and not math.isfinite(x)):
        raise _err(path, f"must be a number between {lo:g} and {hi:g}", x)
    # compared before float(): an int such as 10**400 compares exactly but overflows a float
    if x < lo or x > hi or (lo_open and x == lo):
        raise _err(path, f"must be {'above' if lo_open else 'at least'} {lo:g} and at most "
                   f"{hi:g}", received="a number out of range")
    return float(x)


def _str(x: Any, path: str, *, max_len: int = 500) -> str:
    if not isinstance(x, str):
        raise _err(path, "must be a string", x)
    if not x.strip():
        raise _err(path, "must not be empty", received="an empty string")
    if len(x) > max_len:
        raise _err(path, f"must be at most {max_len} characters",
                   received=f"{len(x)} characters")
    if needs_cleaning(x):  # would fail every UTF-8 output that echoes it
        raise _err(path, "must be valid text", fix="Remove lone surrogates (\\ud800...) and "
                   "control characters other than tab and newline",
                   received="invalid Unicode or a control character")
    return x


def _bool(x: Any, path: str) -> bool:
    if not isinstance(x, bool):
        raise _err(path, "must be true or false", x)
    return x


def _cat(x: Any, path: str, allowed: Sequence[str]) -> str:
    if not isinstance(x, str):
        raise _err(path, "must be one of " + ", ".join(allowed), x)
    _short_word(x, path)
    key = normalize_phrase(x).replace(" ", "_")
    if key not in allowed:
        raise FamilyDataError(path, "is not a known category",
                              fix="Use one of: " + ", ".join(allowed),
                              received="an unknown category")
    return key


def _short_word(x: str, path: str) -> None:
    if len(x) > MAX_WORD_CHARS:
        raise _err(path, f"must be at most {MAX_WORD_CHARS} characters",
                   received=f"{len(x)} characters")


def _items(x: Any, path: str, n: int, lo: int, hi: int) -> tuple[int, ...]:
    xs = _list(x, path)
    if len(xs) != n:
        raise FamilyDataError(path, f"must have exactly {n} items", received=f"{len(xs)} items")
    return tuple(_int(v, f"{path}[{i}]", lo, hi) for i, v in enumerate(xs))


def normalize_barrier(text: Any, path: str = "$.barriers[0]") -> str:
    """Normalize a barrier code or phrasing to a barrier code.

    Exact (normalized) phrases from ``data/barriers.toml`` first, then a fuzzy
    match at 90 (rapidfuzz ``token_sort_ratio``) to absorb typos.

    Raises
    ------
    FamilyDataError
        When the text matches no barrier; the message lists the codes.
    """
    if not isinstance(text, str):
        raise _err(path, "must be a string (a barrier code or phrase)", text)
    _short_word(text, path)
    key = normalize_phrase(text)
    table = barrier_phrases()
    code = table.get(key) or table.get(key.replace(" ", "_"))
    if code is None and len(key) >= 5:
        hit = process.extractOne(key, sorted(table), scorer=fuzz.token_sort_ratio,
                                 score_cutoff=_BARRIER_FUZZY_CUTOFF)
        if hit is not None:
            code = table[hit[0]]
    if code is None:
        raise FamilyDataError(path, "is not a known barrier",
                              fix="Use one of: " + ", ".join(barrier_codes()),
                              received="an unrecognized phrase")
    return code


def _normalize_language(text: Any, path: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise _err(path, "must be a language code or name", text)
    _short_word(text, path)
    code: str | None
    try:
        from pfmatch._languages import normalize_language
    except ImportError:  # the language table ships in pfmatch._languages
        code = normalize_phrase(text)
        ok = code.isascii() and code.isalpha() and len(code) in (2, 3)
        if ok:
            return code
    else:
        code = normalize_language(text)
        if code:
            return code
    raise FamilyDataError(path, "is not a known language",
                          fix="Use an ISO 639-1/639-3 code or a language name",
                          received="an unrecognized language")


# ---------------------------------------------------------------- value types
@dataclass(frozen=True)
class Location:
    """Where the family is: a ZIP, coordinates, or a free-text address."""

    zip: str | None = None
    lat: float | None = None
    lon: float | None = None
    address: str | None = None

    @classmethod
    def from_dict(cls, x: Any, path: str = "$.location") -> Location:
        d = _obj(x, path, ("zip", "lat", "lon", "address"))
        kinds = [k for k in ("zip", "address") if k in d] + (["lat/lon"] if
                                                             ("lat" in d or "lon" in d) else [])
        if len(kinds) != 1:
            raise FamilyDataError(path, "must give exactly one of zip, lat+lon, or address",
                                  received=f"{len(kinds)} forms")
        if "zip" in d:
            z = d["zip"]
            if not isinstance(z, str) or not _ZIP.match(z.strip()):
                raise _err(f"{path}.zip", "must be a 5-digit US ZIP code or ZIP+4 (as a string)",
                           z if not isinstance(z, str) else None,
                           received=None if not isinstance(z, str) else "a malformed ZIP")
            return cls(zip=z.strip())
        if "address" in d:
            return cls(address=_str(d["address"], f"{path}.address"))
        if "lat" not in d or "lon" not in d:
            raise FamilyDataError(path, "must give both lat and lon",
                                  received="only one of them")
        return cls(lat=_num(d["lat"], f"{path}.lat", -90, 90),
                   lon=_num(d["lon"], f"{path}.lon", -180, 180))

    def to_dict(self) -> dict[str, Any]:
        if self.zip is not None:
            return {"zip": self.zip}
        if self.address is not None:
            return {"address": self.address}
        return {"lat": self.lat, "lon": self.lon}


@dataclass(frozen=True)
class PFS2:
    """PFS-2 subscale means on its 1-5 scale (None = not given)."""

    family_functioning: float | None = None
    nurturing_attachment: float | None = None
    social_supports: float | None = None
    concrete_supports: float | None = None
    caregiver_practitioner: float | None = None

    @classmethod
    def from_dict(cls, x: Any, path: str = "$.pfs2") -> PFS2:
        names = ("family_functioning", "nurturing_attachment", "social_supports",
                 "concrete_supports", "caregiver_practitioner")
        d = _obj(x, path, names)
        lo, hi = factors_doc()["pfs2"]["scale_min"], factors_doc()["pfs2"]["scale_max"]
        return cls(**{k: _num(d[k], f"{path}.{k}", lo, hi) for k in names if k in d})

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def _total_or_items(d: Mapping[str, Any], path: str, n: int, item_max: int,
                    total_max: int) -> tuple[int, tuple[int, ...] | None]:
    items = _items(d["items"], f"{path}.items", n, 0, item_max) if "items" in d else None
    total = _int(d["total"], f"{path}.total", 0, total_max) if "total" in d else None
    if items is None and total is None:
        raise FamilyDataError(path, "must give items or total", received="neither")
    if items is not None and total is not None and sum(items) != total:
        raise FamilyDataError(f"{path}.total", "does not equal the sum of items",
                              fix="Give items or total, or make them agree",
                              received="a mismatched total")
    return (sum(items) if items is not None else total), items  # type: ignore[return-value]


def _item_shortcut(d: Mapping[str, Any], path: str, key: str, items: tuple[int, ...] | None,
                   index: int, item_max: int) -> int | None:
    if key not in d:
        return items[index] if items is not None else None
    v = _int(d[key], f"{path}.{key}", 0, item_max)
    if items is not None and items[index] != v:
        raise FamilyDataError(f"{path}.{key}", f"does not match items[{index}]",
                              received="a mismatched value")
    return v


@dataclass(frozen=True)
class PHQ9:
    """PHQ-9: total 0-27 (from 9 items 0-3 or given) and item 9 when known."""

    total: int
    item9: int | None = None
    items: tuple[int, ...] | None = None

    @classmethod
    def from_dict(cls, x: Any, path: str = "$.screenings.phq9") -> PHQ9:
        cfg = instruments_doc()["phq9"]
        d = _obj(x, path, ("items", "total", "item9"))
        total, items = _total_or_items(d, path, cfg["items"], cfg["item_max"], cfg["total_max"])
        item9 = _item_shortcut(d, path, "item9", items, cfg["self_harm_item"] - 1,
                               cfg["item_max"])
        if item9 is not None and item9 > total:
            raise FamilyDataError(f"{path}.item9", "exceeds the total",
                                  received="an inconsistent value")
        return cls(total=total, item9=item9, items=items)

    def to_dict(self) -> dict[str, Any]:
        if self.items is not None:
            return {"items": list(self.items)}
        out: dict[str, Any] = {"total": self.total}
        if self.item9 is not None:
            out["item9"] = self.item9
        return out


@dataclass(frozen=True)
class PHQ2:
    """PHQ-2: total 0-6 (from 2 items 0-3 or given)."""

    total: int
    items: tuple[int, ...] | None = None

    @classmethod
    def from_dict(cls, x: Any, path: str = "$.screenings.phq2") -> PHQ2:
        cfg = instruments_doc()["phq2"]
        d = _obj(x, path, ("items", "total"))
        total, items = _total_or_items(d, path, cfg["items"], cfg["item_max"], cfg["total_max"])
        return cls(total=total, items=items)

    def to_dict(self) -> dict[str, Any]:
        return {"items": list(self.items)} if self.items is not None else {"total": self.total}


@dataclass(frozen=True)
class EPDS:
    """EPDS: total 0-30 (from 10 scored items 0-3 or given) and item 10 when known.

    Item scores only (already reverse-scored where the instrument says so);
    pfmatch never holds EPDS item text.
    """

    total: int
    item10: int | None = None
    items: tuple[int, ...] | None = None

    @classmethod
    def from_dict(cls, x: Any, path: str = "$.screenings.epds") -> EPDS:
        cfg = instruments_doc()["epds"]
        d = _obj(x, path, ("items", "total", "item10"))
        total, items = _total_or_items(d, path, cfg["items"], cfg["item_max"], cfg["total_max"])
        item10 = _item_shortcut(d, path, "item10", items, cfg["self_harm_item"] - 1,
                                cfg["item_max"])
        if item10 is not None and item10 > total:
            raise FamilyDataError(f"{path}.item10", "exceeds the total",
                                  received="an inconsistent value")
        return cls(total=total, item10=item10, items=items)

    def to_dict(self) -> dict[str, Any]:
        if self.items is not None:
            return {"items": list(self.items)}
        out: dict[str, Any] = {"total": self.total}
        if self.item10 is not None:
            out["item10"] = self.item10
        return out


@dataclass(frozen=True)
class ASQ3Result:
    """One ASQ-3 area result for one child (publisher category only)."""

    child: int
    area: str
    result: AsqCategory

    def to_dict(self) -> dict[str, Any]:
        return {"child": self.child, "area": self.area, "result": self.result}


@dataclass(frozen=True)
class ASQSE2Result:
    """One ASQ:SE-2 result for one child (publisher category; concern = above_cutoff)."""

    child: int
    result: AsqCategory

    def to_dict(self) -> dict[str, Any]:
        return {"child": self.child, "result": self.result}


@dataclass(frozen=True)
class AHCHRSN:
    """AHC HRSN core questions, as answer categories (API section 2)."""

    living_situation: str | None = None
    housing_problems: tuple[str, ...] | None = None
    food_worry: str | None = None
    food_ran_out: str | None = None
    transportation: str | None = None
    utilities: str | None = None
    safety: tuple[int, ...] | None = None

    @classmethod
    def from_dict(cls, x: Any, path: str = "$.screenings.ahc_hrsn") -> AHCHRSN:
        cfg = instruments_doc()["ahc_hrsn"]
        d = _obj(x, path, ("living_situation", "housing_problems", "food_worry", "food_ran_out",
                           "transportation", "utilities", "safety"))
        kw: dict[str, Any] = {}
        if "living_situation" in d:
            kw["living_situation"] = _cat(d["living_situation"], f"{path}.living_situation",
                                          cfg["living_situation"])
        if "housing_problems" in d:
            xs = _list(d["housing_problems"], f"{path}.housing_problems")
            kw["housing_problems"] = tuple(sorted({
                _cat(v, f"{path}.housing_problems[{i}]", cfg["housing_problems"])
                for i, v in enumerate(xs)}))
        for k in ("food_worry", "food_ran_out"):
            if k in d:
                kw[k] = _cat(_food_alias(d[k]), f"{path}.{k}", cfg["food_answers"])
        if "transportation" in d:
            kw["transportation"] = _cat(d["transportation"], f"{path}.transportation",
                                        cfg["transportation"])
        if "utilities" in d:
            kw["utilities"] = _cat(d["utilities"], f"{path}.utilities", cfg["utilities"])
        if "safety" in d:
            kw["safety"] = _items(d["safety"], f"{path}.safety", cfg["safety_items"],
                                  cfg["safety_item_min"], cfg["safety_item_max"])
        return cls(**kw)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in self.__dict__.items():
            if v is not None:
                out[k] = list(v) if isinstance(v, tuple) else v
        return out


def _food_alias(v: Any) -> Any:
    """Accept "often true" / "sometimes_true" / "never true" for the food items."""
    if isinstance(v, str):
        key = normalize_phrase(v)
        if key.endswith(" true"):
            return key[: -len(" true")]
    return v


@dataclass(frozen=True)
class HungerVitalSign:
    """Hunger Vital Sign: two items, each often / sometimes / never (true), or declined."""

    food_worry: str
    food_ran_out: str

    @classmethod
    def from_dict(cls, x: Any, path: str = "$.screenings.hunger_vital_sign") -> HungerVitalSign:
        allowed = instruments_doc()["hunger_vital_sign"]["answers"]
        d = _obj(x, path, ("food_worry", "food_ran_out"))
        for k in ("food_worry", "food_ran_out"):
            if k not in d:
                raise FamilyDataError(f"{path}.{k}", "is required (both items)",
                                      received="nothing")
        return cls(food_worry=_cat(_food_alias(d["food_worry"]), f"{path}.food_worry", allowed),
                   food_ran_out=_cat(_food_alias(d["food_ran_out"]), f"{path}.food_ran_out",
                                     allowed))

    def to_dict(self) -> dict[str, Any]:
        return {"food_worry": self.food_worry, "food_ran_out": self.food_ran_out}


@dataclass(frozen=True)
class Screenings:
    """All screening results (each optional)."""

    phq9: PHQ9 | None = None
    phq2: PHQ2 | None = None
    epds: EPDS | None = None
    asq3: tuple[ASQ3Result, ...] = ()
    asq_se2: tuple[ASQSE2Result, ...] = ()
    ahc_hrsn: AHCHRSN | None = None
    hunger_vital_sign: HungerVitalSign | None = None

    @classmethod
    def from_dict(cls, x: Any, n_children: int, path: str = "$.screenings") -> Screenings:
        d = _obj(x, path, ("phq9", "phq2", "epds", "asq3", "asq_se2", "ahc_hrsn",
                           "hunger_vital_sign"))
        kw: dict[str, Any] = {}
        if d.get("phq9") is not None:
            kw["phq9"] = PHQ9.from_dict(d["phq9"], f"{path}.phq9")
        if d.get("phq2") is not None:
            kw["phq2"] = PHQ2.from_dict(d["phq2"], f"{path}.phq2")
        if d.get("epds") is not None:
            kw["epds"] = EPDS.from_dict(d["epds"], f"{path}.epds")
        if d.get("ahc_hrsn") is not None:
            kw["ahc_hrsn"] = AHCHRSN.from_dict(d["ahc_hrsn"], f"{path}.ahc_hrsn")
        if d.get("hunger_vital_sign") is not None:
            kw["hunger_vital_sign"] = HungerVitalSign.from_dict(
                d["hunger_vital_sign"], f"{path}.hunger_vital_sign")
        areas = instruments_doc()["asq"]["asq3_areas"]
        if "asq3" in d:
            out3 = []
            for i, r in enumerate(_list(d["asq3"], f"{path}.asq3")):
                p = f"{path}.asq3[{i}]"
                e = _obj(r, p, ("child", "area", "result"))
                for k in ("child", "area", "result"):
                    if k not in e:
                        raise FamilyDataError(f"{p}.{k}", "is required", received="nothing")
                out3.append(ASQ3Result(child=_child_ix(e["child"], f"{p}.child", n_children),
                                       area=_cat(e["area"], f"{p}.area", areas),
                                       result=_cat(e["result"], f"{p}.result",
                                                   ASQ_CATEGORIES)))  # type: ignore[arg-type]
            kw["asq3"] = tuple(out3)
        if "asq_se2" in d:
            out2 = []
            for i, r in enumerate(_list(d["asq_se2"], f"{path}.asq_se2")):
                p = f"{path}.asq_se2[{i}]"
                e = _obj(r, p, ("child", "result"))
                for k in ("child", "result"):
                    if k not in e:
                        raise FamilyDataError(f"{p}.{k}", "is required", received="nothing")
                out2.append(ASQSE2Result(child=_child_ix(e["child"], f"{p}.child", n_children),
                                         result=_cat(e["result"], f"{p}.result",
                                                     ASQ_CATEGORIES)))  # type: ignore[arg-type]
            kw["asq_se2"] = tuple(out2)
        return cls(**kw)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k in ("phq9", "phq2", "epds", "ahc_hrsn", "hunger_vital_sign"):
            v = getattr(self, k)
            if v is not None:
                out[k] = v.to_dict()
        if self.asq3:
            out["asq3"] = [r.to_dict() for r in self.asq3]
        if self.asq_se2:
            out["asq_se2"] = [r.to_dict() for r in self.asq_se2]
        return out


def _child_ix(x: Any, path: str, n_children: int) -> int:
    if isinstance(x, bool) or not isinstance(x, int):
        raise _err(path, "must be the index of an entry in $.children", x)
    if not 0 <= x < n_children:
        raise FamilyDataError(path, "refers to a child that does not exist",
                              fix=f"$.children has {n_children} entries (indexes from 0)",
                              received="an index out of range")
    return x


@dataclass(frozen=True)
class Child:
    """A child; age always held in months."""

    age_months: float

    @classmethod
    def from_dict(cls, x: Any, path: str) -> Child:
        d = _obj(x, path, ("age_months", "age_years"))
        if ("age_months" in d) == ("age_years" in d):
            raise FamilyDataError(path, "must give exactly one of age_months or age_years",
                                  received="both" if "age_months" in d else "neither")
        if "age_months" in d:
            return cls(age_months=_num(d["age_months"], f"{path}.age_months", 0,
                                       MAX_CHILD_MONTHS))
        return cls(age_months=12.0 * _num(d["age_years"], f"{path}.age_years", 0,
                                          MAX_CHILD_MONTHS / 12))

    def to_dict(self) -> dict[str, Any]:
        return {"age_months": self.age_months}


@dataclass(frozen=True)
class Caregiver:
    """A caregiver (parent, grandparent...)."""

    age_years: float | None = None
    pregnant: bool = False
    postpartum: bool = False
    #: ``"female"``, ``"male"`` or ``"nonbinary"``; None when not stated.  Read only
    #: against services limited to women or to men.
    gender: str | None = None

    @classmethod
    def from_dict(cls, x: Any, path: str) -> Caregiver:
        d = _obj(x, path, ("age_years", "pregnant", "postpartum", "gender"))
        return cls(
            age_years=_num(d["age_years"], f"{path}.age_years", 10, 120)
            if "age_years" in d else None,
            pregnant=_bool(d["pregnant"], f"{path}.pregnant") if "pregnant" in d else False,
            postpartum=_bool(d["postpartum"], f"{path}.postpartum") if "postpartum" in d
            else False,
            gender=_cat(d["gender"], f"{path}.gender", GENDERS)
            if d.get("gender") is not None else None,
        )

    @property
    def woman(self) -> bool | None:
        """True or False when the data says; None when unknown (pregnancy says female)."""
        if self.pregnant or self.postpartum or self.gender == "female":
            return True
        return None if self.gender is None else False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.age_years is not None:
            out["age_years"] = self.age_years
        if self.pregnant:
            out["pregnant"] = True
        if self.postpartum:
            out["postpartum"] = True
        if self.gender is not None:
            out["gender"] = self.gender
        return out


@dataclass(frozen=True)
class Household:
    """Household size (>= 1) and annual income (>= 0), each optional."""

    size: int | None = None
    annual_income: float | None = None

    @classmethod
    def from_dict(cls, x: Any, path: str = "$.household") -> Household:
        d = _obj(x, path, ("size", "annual_income"))
        return cls(
            size=_int(d["size"], f"{path}.size", 1, 50) if "size" in d else None,
            annual_income=_num(d["annual_income"], f"{path}.annual_income", 0, 1e9)
            if "annual_income" in d else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


_TOP = ("id", "location", "languages", "needs", "factor_gaps", "pfs2", "screenings",
        "children", "caregivers", "barriers", "insurance", "household", "max_distance_km",
        "connected_services", "safety_concern", "populations", "populations_checked")

#: Caregiver genders the family data can state.
GENDERS = ("female", "male", "nonbinary")


def _factor_gap(v: Any, path: str) -> float:
    levels = factors_doc()["levels"]
    if isinstance(v, str):
        key = normalize_phrase(v)
        if key not in levels:
            raise FamilyDataError(path, "must be a number in [0, 1] or one of "
                                  + ", ".join(levels), received="an unknown level")
        return float(levels[key])
    return _num(v, path, 0.0, 1.0)


@dataclass(frozen=True)
class Family:
    """A family's assessment data (API section 2), validated.

    Build with :meth:`from_dict` (or :meth:`coerce`); every field is optional.
    ``factor_gaps`` maps a factor to a gap in [0, 1] (level words already turned
    into numbers), ``barriers`` holds barrier codes and ``languages`` canonical
    language codes, preferred first.
    """

    id: str | None = None
    location: Location | None = None
    languages: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    factor_gaps: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    pfs2: PFS2 | None = None
    screenings: Screenings = field(default_factory=Screenings)
    children: tuple[Child, ...] = ()
    caregivers: tuple[Caregiver, ...] = ()
    barriers: frozenset[str] = frozenset()
    insurance: tuple[str, ...] = ()
    household: Household | None = None
    max_distance_km: float | None = None
    connected_services: tuple[str, ...] = ()
    safety_concern: bool = False
    #: Population codes (:data:`pfmatch.normalize.populations.POPULATIONS`) the family
    #: belongs to, e.g. ``["veterans"]``: services limited to them are open to it.
    populations: tuple[str, ...] = ()
    #: True when the coordinator asked about every population code: the family
    #: belongs to none but ``populations``, so services limited to others are left out.
    populations_checked: bool = False

    def __reduce__(self) -> tuple[Any, ...]:
        # factor_gaps is a read-only mappingproxy, which pickle refuses: travel as a dict
        # (match_many(n_jobs=2) sends families to worker processes).
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state["factor_gaps"] = dict(self.factor_gaps)
        return (_rebuild_family, (state,))

    @classmethod
    def coerce(cls, x: Family | Mapping[str, Any]) -> Family:
        """Return ``x`` if it is a :class:`Family`, else ``Family.from_dict(x)``."""
        if isinstance(x, Family):
            return x
        return cls.from_dict(x)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Family:
        """Validate a family JSON object.

        Raises
        ------
        FamilyDataError
            Naming the JSON path of the first problem and the kind of value found.
        """
        d = _obj(data, "$", _TOP)
        kw: dict[str, Any] = {}
        if d.get("id") is not None:
            kw["id"] = _str(d["id"], "$.id", max_len=200)
        if d.get("location") is not None:
            kw["location"] = Location.from_dict(d["location"])
        if "languages" in d:
            langs: list[str] = []
            for i, v in enumerate(_list(d["languages"], "$.languages")):
                code = _normalize_language(v, f"$.languages[{i}]")
                if code not in langs:
                    langs.append(code)
            kw["languages"] = tuple(langs)
        if "needs" in d:
            kw["needs"] = tuple(_str(v, f"$.needs[{i}]")
                                for i, v in enumerate(_list(d["needs"], "$.needs")))
        if d.get("factor_gaps") is not None:
            fg = _obj(d["factor_gaps"], "$.factor_gaps", FACTORS)
            kw["factor_gaps"] = MappingProxyType(
                {f: _factor_gap(fg[f], f"$.factor_gaps.{f}") for f in FACTORS if f in fg})
        if d.get("pfs2") is not None:
            kw["pfs2"] = PFS2.from_dict(d["pfs2"])
        children: tuple[Child, ...] = ()
        if "children" in d:
            children = tuple(Child.from_dict(c, f"$.children[{i}]")
                             for i, c in enumerate(_list(d["children"], "$.children")))
            kw["children"] = children
        if d.get("screenings") is not None:
            kw["screenings"] = Screenings.from_dict(d["screenings"], len(children))
        if "caregivers" in d:
            kw["caregivers"] = tuple(Caregiver.from_dict(c, f"$.caregivers[{i}]")
                                     for i, c in enumerate(_list(d["caregivers"],
                                                                 "$.caregivers")))
        if "barriers" in d:
            kw["barriers"] = frozenset(normalize_barrier(v, f"$.barriers[{i}]")
                                       for i, v in enumerate(_list(d["barriers"], "$.barriers")))
        if "insurance" in d:
            ins: list[str] = []
            for i, v in enumerate(_list(d["insurance"], "$.insurance")):
                key = normalize_phrase(v) if isinstance(v, str) else v
                key = _INSURANCE_ALIASES.get(key, key) if isinstance(key, str) else key
                code = _cat(key, f"$.insurance[{i}]", INSURANCE)
                if code not in ins:
                    ins.append(code)
            kw["insurance"] = tuple(ins)
        if d.get("household") is not None:
            kw["household"] = Household.from_dict(d["household"])
        if d.get("max_distance_km") is not None:
            kw["max_distance_km"] = _num(d["max_distance_km"], "$.max_distance_km", 0, 5000,
                                         lo_open=True)
        if "connected_services" in d:
            kw["connected_services"] = tuple(
                _str(v, f"$.connected_services[{i}]", max_len=200)
                for i, v in enumerate(_list(d["connected_services"], "$.connected_services")))
        if d.get("safety_concern") is not None:
            kw["safety_concern"] = _bool(d["safety_concern"], "$.safety_concern")
        if "populations" in d:
            kw["populations"] = tuple(dict.fromkeys(
                _cat(v, f"$.populations[{i}]", POPULATIONS)
                for i, v in enumerate(_list(d["populations"], "$.populations"))))
        if d.get("populations_checked") is not None:
            kw["populations_checked"] = _bool(d["populations_checked"], "$.populations_checked")
        return cls(**kw)

    def to_dict(self) -> dict[str, Any]:
        """The family as JSON-ready data; ``Family.from_dict(f.to_dict()) == f``."""
        out: dict[str, Any] = {}
        if self.id is not None:
            out["id"] = self.id
        if self.location is not None:
            out["location"] = self.location.to_dict()
        if self.languages:
            out["languages"] = list(self.languages)
        if self.needs:
            out["needs"] = list(self.needs)
        if self.factor_gaps:
            out["factor_gaps"] = dict(self.factor_gaps)
        if self.pfs2 is not None:
            out["pfs2"] = self.pfs2.to_dict()
        scr = self.screenings.to_dict()
        if scr:
            out["screenings"] = scr
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        if self.caregivers:
            out["caregivers"] = [c.to_dict() for c in self.caregivers]
        if self.barriers:
            out["barriers"] = sorted(self.barriers)
        if self.insurance:
            out["insurance"] = list(self.insurance)
        if self.household is not None:
            out["household"] = self.household.to_dict()
        if self.max_distance_km is not None:
            out["max_distance_km"] = self.max_distance_km
        if self.connected_services:
            out["connected_services"] = list(self.connected_services)
        if self.safety_concern:
            out["safety_concern"] = True
        if self.populations:
            out["populations"] = list(self.populations)
        if self.populations_checked:
            out["populations_checked"] = True
        return out

    @property
    def perinatal(self) -> bool:
        """A caregiver is pregnant or postpartum, or a child is under the perinatal age."""
        months = instruments_doc()["perinatal_child_months"]
        return (any(c.pregnant or c.postpartum for c in self.caregivers)
                or any(c.age_months < months for c in self.children))


def _rebuild_family(state: dict[str, Any]) -> Family:
    """Unpickle a :class:`Family` (see ``Family.__reduce__``)."""
    state["factor_gaps"] = MappingProxyType(dict(state["factor_gaps"]))
    return Family(**state)
