"""The query: the numbers and sets a match needs from one family.

:func:`build_query` runs the assessment (screenings → needs, gaps, flags),
resolves the family's location offline (ZIP centroid) or through a geocoder
the caller passes in, and computes the household's percent of the poverty
level.  Everything downstream reads only the :class:`Query`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from pfmatch._errors import FamilyDataError
from pfmatch._fpl import percent_of_fpl
from pfmatch._geo import area_tokens, zip_info
from pfmatch.assess import Assessment, Family, assess
from pfmatch.normalize.populations import family_belongs, family_outside

if TYPE_CHECKING:
    from pfmatch._index import OfferingIndex

__all__ = ["DEFAULT_MAX_DISTANCE_KM", "URGENCY_WEIGHT", "Query", "TextNeed", "build_query",
           "with_text_needs"]

#: Distance limit when the family states none.
DEFAULT_MAX_DISTANCE_KM = 40.0
#: How much each urgency level counts in the urgency component.
URGENCY_WEIGHT = {"urgent": 1.0, "soon": 0.6, "routine": 0.3}


@dataclass(frozen=True, eq=False)
class TextNeed:
    """A stated need that no need code resolved, found in the directory's own text.

    Attributes
    ----------
    code : str
        ``"said:N"``: the N-th (from 1) entry of the assessment's ``unresolved``.
    text : str
        What was said.
    rel : ndarray of float32
        Relevance of every offering of the index it was searched in
        (:meth:`pfmatch._textsearch.TextSearch.relevance`).
    answering : ndarray of int64
        Sorted rows whose relevance answers it (>= ``ANSWERS``).
    """

    code: str
    text: str
    rel: np.ndarray
    answering: np.ndarray


@dataclass(frozen=True)
class Query:
    """What the rules, scores and selection read about a family."""

    assessment: Assessment
    need_codes: tuple[str, ...]        # in the assessment's order: most urgent first
    need_urgency: np.ndarray           # float weight per need (URGENCY_WEIGHT)
    gaps: np.ndarray                   # (5,) factor gaps in the index's factor order
    languages: tuple[str, ...]         # canonical codes, preferred first
    languages_assumed: bool            # True when the family gave none (English assumed)
    barriers: frozenset[str]
    lat: float | None
    lon: float | None
    state: str | None
    area_tokens: frozenset[str]
    ages_years: tuple[float, ...]      # children and caregivers with a known age
    income_pct_fpl: float | None
    max_km: float
    max_km_stated: bool
    connected: frozenset[str]
    flag_codes: frozenset[str]
    #: Bits of the population limits the family is known to meet
    #: (:func:`pfmatch.normalize.populations.family_belongs`); offerings limited to
    #: other populations rank after those open to the family.
    population_ok: int = 0
    #: Bits of the population limits the family is known not to meet
    #: (:func:`pfmatch.normalize.populations.family_outside`): offerings limited to
    #: them fail the ``population`` rule.
    population_out: int = 0
    #: Bits of women / men when every caregiver's sex is known and none is that sex;
    #: applied to services for adults, or to all when the family has no children.
    sex_out: int = 0
    has_children: bool = False
    #: Stated needs that no need code resolved but the directory's text answers
    #: (:func:`with_text_needs`); their codes end ``need_codes``.
    text_needs: tuple[TextNeed, ...] = ()
    #: Whether the family stated needs (resolved or not): then the need
    #: component applies even when nothing resolved (no score without evidence).
    stated_needs: bool = False


def _location(family: Family, geocoder: Any) -> tuple[float | None, float | None, str | None,
                                                       frozenset[str]]:
    loc = family.location
    if loc is None:
        return None, None, None, frozenset()
    if loc.zip is not None:
        info = zip_info(loc.zip)
        if info is None:
            raise FamilyDataError("$.location.zip", "is not a known US ZIP code",
                                  fix="Check the ZIP code, or give lat and lon instead")
        return info.lat, info.lon, info.state, area_tokens(zip5=loc.zip)
    if loc.lat is not None and loc.lon is not None:
        toks = area_tokens(lat=loc.lat, lon=loc.lon)
        state = next((t[6:].upper() for t in toks if t.startswith("state:")), None)
        return loc.lat, loc.lon, state, toks
    if loc.address is not None:
        if geocoder is None:
            raise FamilyDataError(
                "$.location.address", "needs a geocoder to be resolved",
                fix="Pass geocoder=... (any geopy geocoder) to match(), or give a ZIP code or lat/lon")
        try:
            hit = geocoder.geocode(loc.address)
        except Exception as e:  # noqa: BLE001  (a caller's geocoder: report, never leak the address)
            raise FamilyDataError("$.location.address", "could not be geocoded",
                                  received=f"an error from the geocoder ({type(e).__name__})",
                                  fix="Check the geocoder, or give a ZIP code") from None
        if hit is None:
            raise FamilyDataError("$.location.address", "was not found by the geocoder",
                                  fix="Give a ZIP code or lat/lon instead")
        lat, lon = float(hit.latitude), float(hit.longitude)
        toks = area_tokens(lat=lat, lon=lon)
        state = next((t[6:].upper() for t in toks if t.startswith("state:")), None)
        return lat, lon, state, toks
    return None, None, None, frozenset()


#: Needs that are a child's: an offering answers them only when a child fits its ages
#: (a programme for "Ages 5-65" is no child care for children of 1 and 3, though their
#: parent is 27).
CHILD_NEEDS = frozenset({"child_care", "early_intervention", "school_evaluation",
                         "child_development", "child_mental_health"})


def _ages(family: Family, codes: tuple[str, ...] = ()) -> tuple[float, ...]:
    """Ages (years) the age rule tries: the children's alone when every need is a child's."""
    ages: list[float] = []
    people = [*family.children, *family.caregivers]
    if family.children and codes and CHILD_NEEDS.issuperset(codes):
        people = list(family.children)
    for person in people:
        months = getattr(person, "age_months", None)
        years = getattr(person, "age_years", None)
        if months is not None:
            ages.append(float(months) / 12.0)
        elif years is not None:
            ages.append(float(years))
    return tuple(ages)


def build_query(family: Family | Any, factor_names: tuple[str, ...], *, geocoder: Any = None) -> Query:
    """Assess a family and turn it into a :class:`Query`."""
    fam = Family.coerce(family)
    a = assess(fam)
    lat, lon, state, toks = _location(fam, geocoder)
    income = None
    hh = fam.household
    if hh is not None and hh.annual_income is not None:
        size = hh.size if hh.size is not None else max(1, len(fam.children) + len(fam.caregivers))
        income = percent_of_fpl(float(hh.annual_income), int(size), state)
    langs = tuple(a.languages)
    assumed = not langs
    if assumed:
        langs = ("en",)
    max_km = fam.max_distance_km
    codes = tuple(n.code for n in a.needs)
    ok = family_belongs(codes, woman_caregiver=any(c.woman for c in fam.caregivers),
                        man_caregiver=any(c.gender == "male" for c in fam.caregivers),
                        stated=(*fam.populations,
                                *(("immigrants",) if "immigration_concerns" in a.barriers
                                  else ())),
                        flags=(f.code for f in a.flags),
                        oldest_caregiver=max((c.age_years for c in fam.caregivers
                                              if c.age_years is not None), default=None),
                        youngest_child=min((c.age_months / 12.0 for c in fam.children), default=None),
                        expecting=any(c.pregnant or c.postpartum for c in fam.caregivers))
    out_groups, out_sex = family_outside(
        ok, checked=fam.populations_checked,
        genders_known=bool(fam.caregivers) and all(c.woman is not None for c in fam.caregivers))
    return Query(
        assessment=a,
        need_codes=codes,
        need_urgency=np.array([URGENCY_WEIGHT.get(n.urgency, 0.3) for n in a.needs], dtype=np.float64),
        gaps=np.array([float(a.factor_gaps.get(f, 0.0)) for f in factor_names], dtype=np.float64),
        languages=langs,
        languages_assumed=assumed,
        barriers=frozenset(a.barriers),
        lat=lat, lon=lon, state=state, area_tokens=toks,
        ages_years=_ages(fam, codes),
        income_pct_fpl=income,
        max_km=float(max_km) if max_km is not None else DEFAULT_MAX_DISTANCE_KM,
        max_km_stated=max_km is not None and math.isfinite(float(max_km)),
        connected=frozenset(fam.connected_services),
        flag_codes=frozenset(f.code for f in a.flags),
        population_ok=ok,
        population_out=out_groups,
        sex_out=out_sex,
        has_children=bool(fam.children),
        stated_needs=bool(codes) or bool(a.unresolved),
    )


def with_text_needs(q: Query, index: OfferingIndex) -> Query:
    """``q`` with its unresolved stated needs searched in ``index``'s text.

    Each unresolved text that some offering answers (relevance >= ``ANSWERS``
    in :mod:`pfmatch._textsearch`) becomes one more need, ``"said:N"``, of
    routine urgency; a text nothing answers stays only in ``unresolved``.
    """
    if not q.assessment.unresolved:
        return q
    from pfmatch._index import ANSWERS

    found = []
    for i, text in enumerate(q.assessment.unresolved, start=1):
        rel, _ = index.text_search.relevance(text)
        answering = np.flatnonzero(rel >= ANSWERS)
        if len(answering):
            found.append(TextNeed(f"said:{i}", text, rel, answering))
    if not found:
        return q
    return dataclasses.replace(
        q, need_codes=q.need_codes + tuple(t.code for t in found),
        need_urgency=np.concatenate([q.need_urgency, np.full(len(found), URGENCY_WEIGHT["routine"])]),
        text_needs=tuple(found))
