"""Explanations: contributions, reasons and warnings for the offerings shown.

Only the k offerings returned (and the pins) are explained, so this module may
loop over its rows.  Reasons are short phrases a coordinator can read out to a
parent; they never repeat family data beyond what the family told the
coordinator (no scores, no screening results).
"""

from __future__ import annotations

import contextlib
import functools
import math
import operator
import re
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, cast

import numpy as np

from pfmatch._datafiles import load_toml
from pfmatch._index import ANSWERS, OfferingIndex
from pfmatch._languages import language_name
from pfmatch._needmap import NeedMap
from pfmatch._offering import ATTRIBUTES, UNKNOWN, YES, Offering
from pfmatch._persist import StoredOfferings
from pfmatch._query import Query, TextNeed
from pfmatch._results import Exclusion, Match, new_match
from pfmatch._rules import RULES, RuleResult, need_values_at
from pfmatch._textsearch import snippet
from pfmatch._weights import COMPONENTS
from pfmatch.normalize.populations import (
    POPULATION_LABELS,
    eligibility_to_check,
    offering_populations,
    opening_sentence,
    population_bits,
    population_limits,
    population_text,
)

__all__ = ["LazyExclusions", "exclusions", "explain_rows", "fallback_pin", "other_sites"]

_T = TypeVar("_T")

#: Eligibility text that restricts nothing (no "check eligibility" warning).
_OPEN_TO_ALL = re.compile(
    r"\b(?:open to (?:all|any|every)\w*|all ages|anyone|everyone|no (?:eligibility )?restrictions?"
    r"|families and individuals|none)\b", re.IGNORECASE)

FACTOR_PHRASE = {
    "parental_resilience": "parental resilience",
    "social_connections": "social connections",
    "knowledge_of_parenting": "knowledge of parenting and child development",
    "concrete_support": "concrete support in times of need",
    "social_emotional_competence": "children's social and emotional competence",
}


def _short(text: str | None, n: int = 70) -> str | None:
    if not text:
        return None
    t = " ".join(str(text).split())
    return t if len(t) <= n else t[: n - 1].rstrip(" ,;.") + "…"


def _lower_first(s: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("WIC", "ESL")."""
    return s if s[:2].isupper() else s[:1].lower() + s[1:]


#: One object for each value that many offerings have in common (phrases, tuples of
#: phrases): cached display pieces then cost a pointer each, and a pickle of many results
#: writes each once.  Only immutable values go in; emptied if it ever grows large.  Reads
#: and writes are single dict operations, atomic under the GIL.
_SHARED: dict[Any, Any] = {}
_SHARED_MAX = 16384
#: "languages: English, Spanish" by the offering's language codes (same bound).
_LANGUAGE_LISTS: dict[tuple[str, ...], str] = {}


def _shared(value: _T) -> _T:
    """``value``, or the equal value seen before (immutable values only)."""
    got = _SHARED.get(value)
    if got is None:
        if len(_SHARED) >= _SHARED_MAX:
            _SHARED.clear()
        got = _SHARED.setdefault(value, value)
    return cast(_T, got)


def _needs_text(labels: Sequence[str]) -> str:
    """The needs an offering answers, as one phrase: "Help paying rent and food"."""
    text = labels[0] + "".join(f", {_lower_first(x)}" for x in labels[1:-1])
    if len(labels) > 1:
        text += f" and {_lower_first(labels[-1])}"
    return text


#: Taxonomy names that say who is served, not what the service is ("Teens (13-19
#: years old)", "Families with Children", "Physical Disability"): never the head
#: of the needs phrase, which names what the service is.
_WHO_LABEL = re.compile(
    r"(?:teens?|children|child|adolescents?|older adults|adults|seniors?|elderly|infants?|toddlers|"
    r"infants/toddlers|youth|young adults|families with (?:children|infants/toddlers|infants)|"
    r"pregnant women|pregnancy|women|men|males?|females?|fathers|mothers|parents|grandparents|"
    r"veterans?|(?:physical |developmental |intellectual |learning )?disabilit(?:y|ies)|"
    r"mental illness(?:/emotional disabilities)?|emotional disabilities|african americans?|"
    r"hispanics?(?:/latinos?)?|latin[oax]s?|asians?(?: americans?)?|native americans?|immigrants?|"
    r"refugees?|low income|homeless(?: people| persons)?|lgbtq?\+?|gay/lesbian|students?|"
    r"hiv/aids|people with hiv/aids|substance users?)(?:\s*\(.*\))?", re.IGNORECASE)


def _kinds(o: Offering) -> tuple[str, ...]:
    """Short taxonomy names that say what the service is ("Food Pantry").

    Names of who is served ("Teens (13-19 years old)") are left out
    (:data:`_WHO_LABEL`).
    """
    return tuple(dict.fromkeys(k.strip() for k in o.taxonomy_names
                               if k and len(k) <= 40 and not _WHO_LABEL.fullmatch(k.strip())))


@functools.lru_cache(maxsize=8192)
def _kind_for(kinds: tuple[str, ...], code: str) -> str | None:
    """The taxonomy name that heads the needs phrase for an offering answering need ``code``.

    The one of ``kinds`` most related to the need (the need vocabulary's text
    relevance), so a food pantry's phrase is "Food Pantry: food", never
    "Clothing: food"; None when none of them relates to the need.
    """
    nm = NeedMap.default()
    if not kinds or code not in nm.codes:
        return None
    rel = nm.text_relevance(list(kinds))[:, nm.codes.index(code)].toarray().ravel()
    best = int(np.argmax(rel))
    return kinds[best] if rel[best] > 0 else None


def _lang_other(o: Offering, interp: bool) -> str:
    """The language phrase when none of the family's languages is spoken."""
    if interp:
        return "interpreters available"
    if not o.languages_known:
        return "languages not listed (unknown)"
    langs = tuple(o.languages)
    phrase = _LANGUAGE_LISTS.get(langs)  # a few language lists cover most offerings
    if phrase is None:
        if len(_LANGUAGE_LISTS) >= _SHARED_MAX:
            _LANGUAGE_LISTS.clear()
        phrase = "languages: " + ", ".join([language_name(c) for c in sorted(set(langs))[:3]])
        phrase = _LANGUAGE_LISTS[langs] = _shared(phrase)
    return phrase


def _remote_ways(o: Offering, a: Callable[[str], int], *, no_phone: bool) -> str:
    """How a remote offering is reached ("by phone or online, no travel needed")."""
    ways = []
    if a("phone_intake") != 0 and o.phones and not no_phone:
        ways.append("by phone")
    if a("text_intake") == YES:
        ways.append("by text")
    if a("virtual") == YES or a("online_intake") == YES or o.url:
        ways.append("online")
    if not ways:
        ways = ["online"] if no_phone else ["by phone or online"]
    return _shared(" or ".join(ways) + ", no travel needed")


def _access(o: Offering, a: Callable[[str], int]) -> tuple[tuple[str, str], ...]:
    """(barrier, phrase) for each barrier the offering has something to say about, in reading order.

    Offerings have few distinct answers, so equal tuples are shared (see :func:`_shared`).
    """
    out: list[tuple[str, str]] = []
    if a("walk_in") == YES:
        out.append(("no_phone", "walk in, no phone needed"))
    elif a("text_intake") == YES:
        out.append(("no_phone", "can be reached by text"))
    elif a("online_intake") == YES:
        out.append(("no_phone", "apply online, no phone needed"))
    elif a("walk_in") == UNKNOWN:
        out.append(("no_phone", "unknown whether walk-ins are taken"))
    times = [t for t, k in (("evenings", "evening"), ("weekends", "weekend")) if a(k) == YES]
    if a("open_24_7") == YES:
        out.append(("work_hours", "open 24/7"))
    elif times:
        out.append(("work_hours", "open " + " and ".join(times)))
    elif a("evening") == UNKNOWN and a("weekend") == UNKNOWN:
        out.append(("work_hours", "evening/weekend hours unknown"))
    if a("childcare_onsite") == YES:
        out.append(("needs_childcare", "child care on site"))
    elif a("home_visit") == YES or o.remote:
        out.append(("needs_childcare", "no child care needed to take part"))
    if a("free") == YES:
        out.append(("cost", "free"))
    elif a("sliding_scale") == YES:
        out.append(("cost", "sliding-scale fees"))
    elif a("fee") == YES:
        out.append(("cost", "charges a fee"))
    else:
        out.append(("cost", "cost unknown"))
    if a("wheelchair") == YES:
        out.append(("disability_access", "wheelchair accessible"))
    if a("asl") == YES:
        out.append(("hearing_impairment", "ASL available"))
    elif a("tty") == YES:
        out.append(("hearing_impairment", "TTY line"))
    return _shared(tuple(out))


def _offering_warnings(o: Offering, a: Callable[[str], int]) -> tuple[str, ...]:
    """The warnings that depend on the offering alone (the widened-search one is added per family)."""
    w: list[str] = []
    if a("phone_only_intake") == YES:
        w.append("intake by phone only (they may call back)")
    if a("waitlist") == YES:
        w.append("has a waiting list" + (f": {_short(o.wait_time, 50)}" if o.wait_time else ""))
    if a("documents_required") == YES:
        docs = ", ".join(o.required_documents[:3])
        w.append("bring documents" + (f": {_short(docs, 60)}" if docs else ""))
    if a("appointment_required") == YES:
        w.append("appointment required")
    who_text = population_text(o.eligibility, o.description, o.service_name)
    limits = offering_populations(o.service_name, o.eligibility, o.description)
    if limits and not population_limits(who_text):
        # the limit is in the description's opening sentence or the service's name
        opening = opening_sentence(o.description)
        who_text = opening if offering_populations("", o.eligibility, opening) else o.service_name
    if limits:
        who = " or ".join(POPULATION_LABELS[c] for c in limits[:3])
        w.append(f"only for {who} — check: {_short(who_text, 80)}")
    elif ((elig := eligibility_to_check(o.eligibility, o.description))
            and o.min_age_years is None and o.max_age_years is None
            and o.income_limit_fpl is None and not _OPEN_TO_ALL.search(elig)):
        w.append(f"check eligibility: {_short(elig, 80)}")
    if o.area_unknown is not None:
        w.append(f"check the service area: {_short(o.area_unknown, 80)}")
    if o.alert:
        w.append(_short(o.alert, 100) or "")
    return _shared(tuple([x for x in w if x]))


_ALL_UNKNOWN = dict.fromkeys(ATTRIBUTES, UNKNOWN)


class _Shown:
    """What explaining one offering reads from its record, worked out once per record.

    Everything here depends on the offering (and its row of ``factor_cov``)
    alone; :func:`explain_rows` puts the family-dependent parts together per
    match.  Instances are cached and shared between matches and families, so
    they hold only immutable values (and phone dicts that are only ever
    copied): a match never shares a mutable object with another.
    """

    __slots__ = ("access", "address", "confidential", "email", "factors", "factors_fixed", "free",
                 "home_visit", "hours", "how_to_apply", "interp_suffix", "kinds", "lang_other",
                 "lang_scope", "languages", "location_id", "organization", "phone_only", "phones",
                 "placed", "pop_bits", "remote_ways", "service", "service_id", "speaks", "transit",
                 "url", "warnings")

    def __init__(self, o: Offering, cov: list[float], factor_names: Sequence[str]) -> None:
        # o.attr(name) for every attribute, read through one dict (about 20 reads follow)
        a = {**_ALL_UNKNOWN, **o.attributes}.__getitem__
        self.service_id = o.service_id
        self.location_id = o.location_id
        self.service = o.service_name
        self.organization = o.organization_name
        self.confidential = o.confidential
        self.languages = _shared(tuple(o.languages))
        self.kinds = _kinds(o)
        interp = a("interpretation") == YES
        # a family language counts as spoken when offered, and ASL ("ase") also when the ASL flag is
        # set (a tuple: families state one to three languages, offerings offer a few)
        self.speaks = (*self.languages, "ase") if a("asl") == YES else self.languages
        self.interp_suffix = "; interpreters for other languages" if interp else ""
        self.lang_other = _lang_other(o, interp)
        self.home_visit = a("home_visit") == YES
        self.remote_ways = ((_remote_ways(o, a, no_phone=False), _remote_ways(o, a, no_phone=True))
                            if o.remote else None)
        transit = _short(o.transportation, 60)
        self.transit = f", transit: {transit}" if transit else ""
        self.access = _access(o, a)
        self.free = a("free") == YES
        self.warnings = _offering_warnings(o, a)
        self.phone_only = a("phone_only_intake") == YES
        self.lang_scope = o.language_scope
        # the "only for ... — check" warning is dropped for a family known to belong
        self.pop_bits = population_bits(offering_populations(o.service_name, o.eligibility,
                                                             o.description))
        self.phones = tuple(o.phones)  # the record's own dicts: only ever copied
        self.url = o.url
        self.email = o.email
        self.address = None if o.confidential else o.address
        # a site the record gave no coordinates for, placed offline from its address
        self.placed = (f" (placed by {'ZIP' if o.placed_by == 'zip' else 'city'}: no map location "
                       "listed)") if o.placed_by else ""
        self.how_to_apply = o.application_process
        self.hours = o.hours
        #: (position, coverage, name) of the factors it builds (coverage >= 0.5), by position
        self.factors = tuple([(f, c, factor_names[f]) for f, c in enumerate(cov) if c >= 0.5])
        #: the names in display order when that order cannot depend on the family's gaps
        self.factors_fixed = (_shared(tuple([name for _, _, name in self.factors]))
                              if len(self.factors) < 2 else None)


#: Display pieces kept per index: the offerings shown repeat between families, and
#: decoding a saved record and working out its pieces is most of the cost of explaining
#: it.  An entry holds only what is shown (about 1.4 KB with its strings, against 3.7 KB
#: for a decoded record), so a full cache takes about 12 MB.
SHOWN_CACHE_SIZE = 8192
_SHOWN: weakref.WeakKeyDictionary[OfferingIndex, OrderedDict[int, _Shown]] = weakref.WeakKeyDictionary()


def _shown_cache(index: OfferingIndex) -> OrderedDict[int, _Shown]:
    """The cache of ``index``'s display pieces (dropped with the index; never pickled)."""
    cache = _SHOWN.get(index)
    if cache is None:
        cache = _SHOWN.setdefault(index, OrderedDict())
    return cache


def _shown_rows(index: OfferingIndex, rows: list[int]) -> list[_Shown]:
    """The display pieces of ``rows``, from the cache or worked out (least recently used dropped).

    Like ``StoredOfferings``, each OrderedDict call is atomic under the GIL: two
    threads at worst work out an offering twice.  A saved index's records are read
    without entering its own record cache, which this cache stands in front of.
    """
    cache = _shown_cache(index)
    out: list[_Shown] = []
    read: Callable[[int], Offering] | None = None
    for i in rows:
        s = cache.pop(i, None)  # pop and put back: the entry becomes the most recent
        if s is None:
            if read is None:
                read = _bulk_reader(index)
            s = _Shown(read(i), index.factor_cov[i].tolist(), index.factor_names)
        cache[i] = s
        out.append(s)
    while len(cache) > SHOWN_CACHE_SIZE:
        with contextlib.suppress(KeyError):  # emptied by another thread meanwhile
            cache.popitem(last=False)
    return out


def _answered(index: OfferingIndex, q: Query, rows: np.ndarray) -> list[tuple[str, ...]]:
    """Per row, the family's needs it answers (relevance >= ANSWERS), most relevant first.

    The order of a stable argsort of ``-relevance``: a stable sort of the kept
    needs by ``-relevance`` in Python floats (float32 values convert exactly),
    ties in need order.  Rows hold 1-3 needs, so this avoids a numpy call per row.
    Most rows answer one need, which needs no sort: those tuples are made once.
    """
    codes = q.need_codes
    if not codes:
        return [() for _ in range(len(rows))]
    rel = need_values_at(index, q, rows)
    single = [(c,) for c in codes]
    out: list[tuple[str, ...]] = []
    for pos, ok in enumerate((rel >= ANSWERS).tolist()):
        n = ok.count(True)
        if n == 1:
            out.append(single[ok.index(True)])
        elif not n:
            out.append(())
        else:
            vals = rel[pos].tolist()
            kept = [j for j, y in enumerate(ok) if y]
            kept.sort(key=lambda j: -vals[j])
            out.append(tuple([codes[j] for j in kept]))
    return out


_ACCESS_BARRIERS = frozenset({"no_phone", "work_hours", "needs_childcare", "cost", "disability_access",
                              "hearing_impairment"})
_CONFIDENTIAL = "confidential location; they explain how to get there when you call"
_NO_DISTANCE = "distance unknown (no map location listed)"
_HOME_VISIT = "comes to your home (home visits)"
_WALK = ", about a 20-minute walk or less"
_FOURTH = operator.itemgetter(3)
#: For a family without a phone, a phone-only service is kept only when it answers an
#: urgent need (pfmatch._rules); this says how to get in.
_CALL_TOGETHER = ("the family has no reliable phone and intake is by phone only: call them "
                  "together with the family, from your phone, before the family leaves")


def spoken_phrase(spoken: Sequence[str], scope: str | None) -> str:
    """"English and Spanish spoken", with the record's limit on help in other languages.

    ``scope`` (:attr:`pfmatch._offering.Offering.language_scope`) limits the help
    in languages other than English: "English spoken; Spanish on Fridays only",
    "Spanish spoken for tax assistance only", "Spanish spoken (limited)".
    """
    names = [language_name(c) for c in spoken[:2]]
    others = [language_name(c) for c in spoken[:2] if c != "en"]
    if not scope or not others:
        return " and ".join(names) + " spoken"
    limit = (" (limited)" if scope == "limited" else
             f" {scope} only" if scope.startswith(("on ", "for ")) else f" {scope}")
    if len(others) < len(names):  # English unlimited, the other language limited
        return f"English spoken; {' and '.join(others)}{limit}"
    return " and ".join(others) + " spoken" + limit


def _open_to_family(warnings: tuple[str, ...]) -> tuple[str, ...]:
    """``warnings`` without "only for ... — check": the family's data shows it belongs."""
    return tuple(w for w in warnings if not w.startswith("only for "))


def _with(warnings: tuple[str, ...], *extra: str) -> tuple[str, ...]:
    """``warnings`` and the non-empty ``extra`` ones (the same tuple when there are none)."""
    more = tuple(x for x in extra if x)
    return (*warnings, *more) if more else warnings


def explain_rows(index: OfferingIndex, q: Query, rows: np.ndarray, comps: np.ndarray,
                 weights: np.ndarray, rules: RuleResult, *, first_rank: int = 1,
                 pinned: bool = False, pin_reason: str | None = None) -> list[Match]:
    """Build :class:`Match` objects for ``rows`` (already in display order).

    The parts of each explanation that depend on the offering alone come from
    a per-index cache (:class:`_Shown`); the family's needs, languages,
    barriers, factor gaps and distances are put in per match.  Every match
    gets its own ``contact`` dict (and phone dicts) and ``contributions``.
    """
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return []
    labels = {n.code: n.label for n in q.assessment.needs}
    contribs = (np.asarray(comps, dtype=np.float64) * weights).tolist()
    answered_all = _answered(index, q, rows)
    dists = np.asarray(rules.distance.at(rows) if hasattr(rules.distance, "at")
                       else rules.distance[rows], dtype=np.float64).tolist()
    widened = rules.widened_at(rows).tolist()
    gaps = q.gaps.tolist()
    gap_names = {f for f, g in zip(index.factor_names, gaps, strict=False) if g > 0}
    # the family's side of each phrase, worked out once per call
    barriers = q.barriers
    no_phone = "no_phone" in barriers
    no_transport = "no_transportation" in barriers
    no_lat = q.lat is None
    free_extra = "cost" not in barriers  # "free" is said even when cost is not a barrier
    access_asked = barriers & _ACCESS_BARRIERS
    q_langs = q.languages
    widened_note = f"farther than the {q.max_km:.0f} km limit (few closer options)" if any(widened) else ""
    # phrases that repeat between this family's matches are made once, and the matches share
    # the (immutable) strings: cheaper to build, and a pickle writes each once
    needs_texts: dict[tuple[str, ...], tuple[str, str]] = {}
    lang_phrases: dict[tuple[tuple[str, ...], str, str | None], str] = {}
    builds_phrases: dict[tuple[str, ...], str | None] = {}
    out: list[Match] = []
    rank = first_rank
    said = {tn.code: tn for tn in q.text_needs}
    pop_ok = q.population_ok
    for s, row, answered, d, wide, row_ix in zip(_shown_rows(index, rows.tolist()), contribs,
                                                 answered_all, dists, widened, rows.tolist(),
                                                 strict=True):
        contributions = dict(zip(COMPONENTS, row, strict=False))
        # components are in [0, 1] and weights sum to 1, so only rounding can
        # push the sum past the ends; clamp so the bound holds exactly
        score = min(1.0, max(0.0, math.fsum(contributions.values())))
        # factors built, by gap-weighted coverage, then coverage (both descending), then position
        factors = s.factors_fixed
        if factors is None:
            keyed = []
            for f, c, name in s.factors:  # plain loops: a comprehension is a function call in 3.11
                keyed.append((-(gaps[f] * c), -c, f, name))
            keyed.sort()
            factors = tuple(map(_FOURTH, keyed))
        dist = None if (math.isnan(d) or s.confidential) else round(d, 2)

        reasons: list[str] = [pin_reason] if pin_reason else []
        coded = tuple(c for c in answered if c not in said) if said else answered
        if coded:
            texts = needs_texts.get(coded)
            if texts is None:
                text = _needs_text([labels.get(c, c) for c in coded[:3]])
                texts = needs_texts[coded] = (text, _lower_first(text))
            kind = _kind_for(s.kinds, coded[0])
            reasons.append(texts[0] if kind is None else f"{kind}: {texts[1]}")
        if said and len(coded) < len(answered):
            reasons.extend(_said_reasons(index, said, answered, int(row_ix)))
        if s.home_visit:
            reasons.append(_HOME_VISIT if dist is None or no_lat
                           else f"comes to your home (home visits; based {dist:.1f} km away)")
        elif s.remote_ways is not None:
            reasons.append(s.remote_ways[no_phone])
        elif no_lat:
            pass
        elif s.confidential:
            reasons.append(_CONFIDENTIAL)
        elif dist is None:
            reasons.append(_NO_DISTANCE)
        else:
            reasons.append(f"{dist:.1f} km away" + s.placed
                           + (_WALK if no_transport and dist <= 1.6 else "") + s.transit)
        spoken = tuple(filter(s.speaks.__contains__, q_langs))
        if spoken:
            key = (spoken, s.interp_suffix, s.lang_scope)
            phrase = lang_phrases.get(key)
            if phrase is None:
                phrase = lang_phrases[key] = spoken_phrase(spoken, s.lang_scope) + s.interp_suffix
            reasons.append(phrase)
        else:
            reasons.append(s.lang_other)
        if access_asked:
            for b, phrase in s.access:
                if b in access_asked:
                    reasons.append(phrase)
        if free_extra and s.free:
            reasons.append("free")
        if factors:
            builds = builds_phrases.get(factors, "")
            if builds == "":
                gap_factors = [f for f in factors if f in gap_names]
                builds = builds_phrases[factors] = ("builds " + " and ".join(
                    [FACTOR_PHRASE[f] for f in gap_factors[:2]]) if gap_factors else None)
            if builds is not None:
                reasons.append(builds)
        out.append(new_match(
            rank, score, s.service_id, s.location_id, s.service, s.organization, answered, factors,
            dist, s.languages,
            {"phones": list(map(dict, s.phones)), "url": s.url, "email": s.email,
             "address": s.address, "how_to_apply": s.how_to_apply, "hours": s.hours},
            contributions, tuple(reasons),
            _with(s.warnings if not s.pop_bits or s.pop_bits & ~pop_ok else _open_to_family(s.warnings),
                  widened_note if wide else "", _CALL_TOGETHER if no_phone and s.phone_only
                  else ""), pinned,
        ))
        rank += 1
    return out


def _said_reasons(index: OfferingIndex, said: dict[str, TextNeed], answered: tuple[str, ...],
                  row: int) -> list[str]:
    """Reasons for stated needs found in the record's text: "'ged classes' — matches '…'"."""
    o = index.offering(row)
    out = []
    for code in answered:
        tn = said.get(code)
        if tn is None:
            continue
        text = tn.text if len(tn.text) <= 60 else tn.text[:57].rstrip() + "…"
        piece = snippet(index.text_search, tn.text, o)
        out.append(f"'{text}' — matches '{piece}'" if piece else f"'{text}' — matches its description")
    return out


def _exclusion_reason(rule: str, o: Offering, d: float, q: Query) -> str:
    if rule == "inactive":
        return f"status is {o.status}"
    if rule == "already_connected":
        return "the family is already connected to this service (a strength, not a new referral)"
    if rule == "outside_service_area":
        areas = ", ".join(t.split(":", 1)[1].split("|")[0] for t in o.service_area[:3])
        more = "…" if len(o.service_area) > 3 else ""
        return f"serves {areas}{more}; the family lives outside that area"
    if rule == "age":
        lo = "0" if o.min_age_years is None else f"{o.min_age_years:g}"
        hi = "up" if o.max_age_years is None else f"{o.max_age_years:g}"
        return f"serves ages {lo}-{hi}; no child or caregiver in the family fits"
    if rule == "population":
        out = [POPULATION_LABELS[c] for c in offering_populations(o.service_name, o.eligibility,
                                                                  o.description)
               if population_bits((c,)) & (q.population_out | q.sex_out)]
        return (f"only for {' and '.join(out) or 'a group'}; the family's data says it is not "
                "in that group")
    if rule == "income":
        return (f"income limit {o.income_limit_fpl:g}% of the federal poverty level; "
                "the household's income is above it")
    if rule == "language":
        names = ", ".join(language_name(c) for c in o.languages[:4]) or "other languages"
        return f"offers {names} only, none of the family's languages, and no interpretation"
    if rule == "phone_only_intake":
        return "intake is by phone only and the family has no reliable phone"
    if rule == "online_only":
        return "offered only online and the family has no internet access"
    if rule == "too_far":
        return f"{d:.1f} km away, beyond the {q.max_km:.0f} km limit"
    if rule == "no_matching_need":
        return "does not answer any of the family's needs"
    return rule


def _bulk_reader(index: OfferingIndex) -> Callable[[int], Offering]:
    """How to read many records: a saved index's cache of shown offerings is read, not refilled."""
    offs = index.offerings
    return offs.peek if isinstance(offs, StoredOfferings) else index.offering


def exclusions(index: OfferingIndex, q: Query, rules: RuleResult) -> list[Exclusion]:
    """One :class:`Exclusion` per offering a rule left out (only with ``explain=True``)."""
    rows = np.flatnonzero(rules.failed)
    return _exclusions_at(index, q, rules, rows[np.argsort(index.order_key[rows], kind="stable")])


def _exclusions_at(index: OfferingIndex, q: Query, rules: RuleResult,
                   rows: np.ndarray) -> list[Exclusion]:
    offering = _bulk_reader(index)
    out = []
    for i in rows:
        o = offering(int(i))
        rule = RULES[int(rules.failed[i]) - 1]
        out.append(Exclusion(o.service_id, o.location_id, o.service_name, rule,
                             _exclusion_reason(rule, o, float(rules.distance[i]), q)))
    return out


def other_sites(index: OfferingIndex, rows: np.ndarray) -> list[Exclusion]:
    """One ``other_location`` :class:`Exclusion` per left-out site of a listed service."""
    offering = _bulk_reader(index)
    out = []
    for i in rows[np.argsort(index.order_key[rows], kind="stable")]:
        o = offering(int(i))
        out.append(Exclusion(o.service_id, o.location_id, o.service_name, "other_location",
                             "another site of the same service ranks higher and is listed instead"))
    return out


class LazyExclusions(Sequence[Exclusion]):
    """``MatchResult.excluded`` built on first read.

    Behaves like the list ``exclusions(index, q, rules) + other_sites(index,
    rows)``: length, iteration, indexing, slicing, ``==`` with a list, ``+``.
    The records of the excluded offerings are decoded only when an entry is
    read; ``len()`` needs only the rule columns.  Pickling sends the plain list.
    """

    def __init__(self, index: OfferingIndex, q: Query, rules: RuleResult, other_rows: np.ndarray) -> None:
        self._index = index
        self._q = q
        self._rules = rules
        self._other = np.asarray(other_rows, dtype=np.int64)
        self._items: list[Exclusion] | None = None

    def _list(self) -> list[Exclusion]:
        if self._items is None:
            self._items = exclusions(self._index, self._q, self._rules) + other_sites(self._index, self._other)
        return self._items

    def __len__(self) -> int:
        if self._items is not None:
            return len(self._items)
        return int(np.count_nonzero(self._rules.failed)) + len(self._other)

    def head(self, n: int) -> list[Exclusion]:
        """The first ``n`` entries, decoding only their records (the HTTP service's page)."""
        if self._items is not None:
            return self._items[:n]
        failed = np.flatnonzero(self._rules.failed)
        failed = failed[np.argsort(self._index.order_key[failed], kind="stable")][:n]
        out = _exclusions_at(self._index, self._q, self._rules, failed)
        if len(out) < n and len(self._other):
            out += other_sites(self._index, self._other)[:n - len(out)]
        return out

    def for_rows(self, rows: np.ndarray) -> list[Exclusion]:
        """The entries of these index rows only, in list order (one service's locations)."""
        rows = np.asarray(rows, dtype=np.int64)
        if self._items is not None:
            ids = {(o.service_id, o.location_id) for o in map(self._index.offering, rows.tolist())}
            return [e for e in self._items if (e.service_id, e.location_id) in ids]
        failed = rows[np.asarray(self._rules.failed)[rows] > 0]
        failed = failed[np.argsort(self._index.order_key[failed], kind="stable")]
        other = np.intersect1d(self._other, rows)
        return (_exclusions_at(self._index, self._q, self._rules, failed)
                + (other_sites(self._index, other) if len(other) else []))

    def __getitem__(self, i: Any) -> Any:
        return self._list()[i]

    def __iter__(self) -> Iterator[Exclusion]:
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyExclusions):
            other = other._list()
        if isinstance(other, (list, tuple)):
            return self._list() == list(other)
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Any) -> list[Exclusion]:
        return self._list() + list(other)

    def __radd__(self, other: Any) -> list[Exclusion]:
        return list(other) + self._list()

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (self._list(),))

    def __repr__(self) -> str:
        return repr(self._list()) if self._items is not None else f"<{len(self)} exclusions, not yet built>"


@functools.cache
def _fallbacks() -> dict[str, dict[str, Any]]:
    return {f["flag"]: f for f in load_toml("safety.toml")["fallback"]}


def fallback_pin(flag: str, rank: int) -> Match:
    """The built-in national line for a safety flag (used when the directory has none)."""
    f = _fallbacks()[flag]
    contributions = dict.fromkeys(COMPONENTS, 0.0)
    return Match(
        rank=rank, score=0.0, service_id=f["service_id"], location_id=None, service=f["service"],
        organization=f["organization"], needs=(), factors=("parental_resilience",), distance_km=None,
        languages=tuple(f["languages"]),
        contact={"phones": [dict(p) for p in f["phones"]], "url": f["url"], "email": None,
                 "address": None, "how_to_apply": f["reason"], "hours": "24/7"},
        contributions=contributions,
        reasons=("pinned for safety: " + f["reason"],),
        warnings=("national line built into pfmatch; this directory lists no eligible local one",),
        pinned=True,
    )
