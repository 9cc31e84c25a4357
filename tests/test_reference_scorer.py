"""The vectorized fast path against a slow, obvious reference (one Python loop per offering).

The reference is written from the documented rules (``pfmatch._rules``) and
formulas (``pfmatch._score``), reading each offering's own record; it shares
with the fast path only the need map's relevance and factor coverage (tested on
their own) and the query (the family's side).  Over small random directories it
must give the same eligible offerings, the same scores (within 1e-9) and the
same order (``coverage=False``: score, then distance, then ids).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import given, settings
from strategies import directories, families, weights

from pfmatch._directory import Directory
from pfmatch._index import ANSWERS
from pfmatch._offering import NO, UNKNOWN, YES, Offering
from pfmatch._query import URGENCY_WEIGHT, build_query
from pfmatch._rules import RULES, apply_rules
from pfmatch._score import BARRIER_FIT, active_weights, components
from pfmatch._select import order_candidates
from pfmatch._weights import COMPONENTS, Weights

R_KM = 6371.009


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (la1, lo1), (la2, lo2) = (tuple(math.radians(x) for x in p) for p in (a, b))
    dl = lo2 - lo1
    y = math.hypot(math.cos(la2) * math.sin(dl),
                   math.cos(la1) * math.sin(la2) - math.sin(la1) * math.cos(la2) * math.cos(dl))
    x = math.sin(la1) * math.sin(la2) + math.cos(la1) * math.cos(la2) * math.cos(dl)
    return R_KM * math.atan2(y, x)


def tri(v: int) -> float:
    return 1.0 if v == YES else 0.0 if v == NO else 0.5


def ref_rule(o: Offering, q: Any, d: float | None, rel: dict[str, float]) -> str | None:
    """The first rule the offering fails, or None."""
    if o.status != "active":
        return "inactive"
    if o.service_id in q.connected:
        return "already_connected"
    in_area = bool(set(o.service_area) & set(q.area_tokens))
    if q.area_tokens and o.service_area and not in_area:
        return "outside_service_area"
    if q.ages_years:
        def fits(a: float) -> bool:
            lo, hi = o.min_age_years, o.max_age_years
            if lo is not None and a < np.float32(lo):
                return False
            if hi is not None:
                h = np.float32(hi)
                top = h + np.float32(1.0) if math.floor(h) == h else np.nextafter(h, np.float32(np.inf))
                if not a < top:
                    return False
            return True
        if not any(fits(a) for a in q.ages_years):
            return "age"
    if (q.income_pct_fpl is not None and o.income_limit_fpl is not None
            and np.float32(o.income_limit_fpl) < q.income_pct_fpl):
        return "income"
    speaks = any(c in o.languages or (c == "ase" and o.attr("asl") == YES) for c in q.languages)
    if o.languages_known and not speaks and o.attr("interpretation") != YES:
        return "language"
    if "no_phone" in q.barriers and o.attr("phone_only_intake") == YES:
        # kept when it answers a need that cannot wait (urgent, or due soon with a deadline flag)
        deadline = any(f.deadline_days is not None for f in q.assessment.flags)
        if not any(rel[c] >= ANSWERS and (u >= 1.0 or (u >= 0.6 and deadline))
                   for c, u in zip(q.need_codes, q.need_urgency.tolist(), strict=True)):
            return "phone_only_intake"
    if "no_internet" in q.barriers and o.attr("online_only") == YES:
        return "online_only"
    if d is not None and d > q.max_km:
        return "too_far"
    if q.need_codes and max(rel[c] for c in q.need_codes) < ANSWERS:
        return "no_matching_need"
    return None


def ref_components(o: Offering, q: Any, d: float | None, rel: dict[str, float],
                   cov: np.ndarray) -> list[float]:
    no_car = "no_transportation" in q.barriers
    need = max((rel[c] for c in q.need_codes), default=0.0)
    urgency = max((rel[c] * URGENCY_WEIGHT.get(n.urgency, 0.3)
                   for c, n in zip(q.need_codes, q.assessment.needs, strict=True)), default=0.0)
    g = q.gaps
    factor = float(sum(float(cov[f]) * g[f] for f in range(len(g))) / g.sum()) if g.sum() > 0 else 0.0
    dist = 0.0
    if q.lat is not None:
        if o.attr("home_visit") == YES:  # they come from where they are (16 km scale)
            dist = math.exp(-d / 16.0) if d is not None else (0.9 if no_car else 0.8)
        elif o.remote:
            dist = 0.9 if no_car else 0.8
        elif d is None:
            dist = 0.3
        else:
            scale = (6.0 if o.attr("transit") == YES else 3.0) if no_car else 8.0
            dist = math.exp(-d / scale)
            if no_car and d <= 1.6:
                dist = max(dist, 0.9)
    interp = o.attr("interpretation") == YES
    if not o.languages_known:
        lang = 0.5 if interp else 0.4
    else:
        offered = set(o.languages) | ({"ase"} if o.attr("asl") == YES else set())
        lang = (1.0 if q.languages[0] in offered else 0.7 if set(q.languages[1:]) & offered
                else 0.5 if interp else 0.0)
    fits = []
    for b in sorted(q.barriers):
        if b not in BARRIER_FIT:
            continue
        if b == "cost":
            fits.append(max(tri(o.attr("free")), 0.8 if o.attr("sliding_scale") == YES else 0.0))
            continue
        best = 0.0
        for name in BARRIER_FIT[b]:
            if name == "remote":
                v = float(o.remote)
            elif name == "walkable":
                v = float(d is not None and d <= 1.6)
            elif name == "no_documents_required":
                v = 1.0 - tri(o.attr("documents_required"))
            else:
                v = tri(o.attr(name))
            best = max(best, v)
        fits.append(best)
    access = sum(fits) / len(fits) if fits else 0.0
    return [min(1.0, max(0.0, x)) for x in (need, factor, dist, lang, access, urgency)]


def reference(offs: list[Offering], fam: dict[str, Any], w: dict[str, float], k: int
              ) -> list[tuple[str, str | None, float]]:
    """Rank by the documented rules and formulas, one offering at a time."""
    d0 = Directory.from_offerings(offs)
    ix = d0.index
    q = build_query(fam, ix.factor_names)
    dense = ix.need_rel.toarray()
    rows = []
    for i in range(len(ix)):
        o = ix.offering(i)
        rel = {c: float(dense[i, ix.need_codes.index(c)]) for c in q.need_codes}
        dkm = (None if q.lat is None or o.remote or o.latitude is None
               else great_circle_km((q.lat, q.lon), (o.latitude, o.longitude)))
        rows.append((o, dkm, rel, ix.factor_cov[i], ref_rule(o, q, dkm, rel)))
    eligible = [r for r in rows if r[4] is None]
    if len(eligible) < k:  # rural widening
        for r in rows:
            o, dkm, rel = r[0], r[1], r[2]
            if r[4] != "too_far" or (q.need_codes and max(rel.values()) < ANSWERS):
                continue
            # within three times the limit only for a family that can travel
            can_travel = "no_transportation" not in q.barriers
            if ((o.service_area and set(o.service_area) & set(q.area_tokens))
                    or (dkm <= 3 * q.max_km and can_travel)):
                eligible.append(r)
    wv = active_weights(Weights.coerce(w), q)
    scored = []
    for o, dkm, rel, cov, _ in eligible:
        c = ref_components(o, q, dkm, rel, cov)
        s = sum(ci * wi for ci, wi in zip(c, wv, strict=True))
        scored.append((-s, math.inf if dkm is None else dkm, o.service_id, o.location_id or "", s,
                       o.location_id))
    scored.sort(key=lambda t: t[:4])
    return [(t[2], t[5], t[4]) for t in scored]


def fast(offs: list[Offering], fam: dict[str, Any], w: dict[str, float], k: int
         ) -> list[tuple[str, str | None, float]]:
    ix = Directory.from_offerings(offs).index
    q = build_query(fam, ix.factor_names)
    rules = apply_rules(ix, q, min_candidates=k)
    cand = rules.candidates
    comps = components(ix, q, cand, rules.distance)
    score = comps @ active_weights(Weights.coerce(w), q)
    order = order_candidates(ix, q, cand, score, rules.distance, coverage=False)
    return [(ix.service_id[cand[j]], ix.location_id[cand[j]], float(score[j])) for j in order]


@settings(max_examples=150, deadline=None)
@given(directories(max_size=30), families(), weights)
def test_vectorized_scorer_matches_the_reference(offs, fam, w):
    k = 10
    got = fast(offs, fam, w, k)
    want = reference(offs, fam, w, k)
    assert [g[:2] for g in got] == [x[:2] for x in want]
    for g, x in zip(got, want, strict=True):
        assert abs(g[2] - x[2]) <= 1e-9


def test_rule_codes_cover_every_rule():
    assert len(RULES) == len(set(RULES)) and COMPONENTS[0] == "need" and UNKNOWN == -1
