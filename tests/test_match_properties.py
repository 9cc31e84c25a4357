"""Invariants of match() over random small directories, families and weights."""

from __future__ import annotations

import copy
import random

from hypothesis import given
from hypothesis import strategies as st
from strategies import directories, families, weights

import pfmatch
from pfmatch._directory import Directory


def _ranked(result: pfmatch.MatchResult) -> list[tuple[str, str | None, float]]:
    return [(m.service_id, m.location_id, m.score) for m in result]


@given(directories(), families(), weights)
def test_scores_bounded_and_contributions_add_up(offs, fam, w):
    r = pfmatch.match(fam, Directory.from_offerings(offs), k=30, weights=w)
    for m in [*r.pinned, *r]:
        assert 0.0 <= m.score <= 1.0
        assert abs(sum(m.contributions.values()) - m.score) <= 1e-9


@given(directories(), families(), st.randoms(use_true_random=False))
def test_provider_order_changes_no_score(offs, fam, rnd):
    a = pfmatch.match(fam, Directory.from_offerings(offs), k=30)
    shuffled = list(offs)
    rnd.shuffle(shuffled)
    b = pfmatch.match(fam, Directory.from_offerings(shuffled), k=30)
    assert _ranked(a) == _ranked(b)
    assert [m.service_id for m in a.pinned] == [m.service_id for m in b.pinned]


@given(directories(), families(), st.integers(1, 10))
def test_k_results_are_a_prefix_of_more(offs, fam, k):
    d = Directory.from_offerings(offs)
    small = pfmatch.match(fam, d, k=k)
    large = pfmatch.match(fam, d, k=k + 5)
    assert _ranked(small) == _ranked(large)[: len(small)]


@given(directories(), families(), weights)
def test_no_excluded_offering_is_ranked(offs, fam, w):
    r = pfmatch.match(fam, Directory.from_offerings(offs), k=50, weights=w, explain=True)
    excluded = {(e.service_id, e.location_id) for e in r.excluded}
    shown = {(m.service_id, m.location_id) for m in r}
    assert not excluded & shown
    # every offering is either ranked, pinned or excluded with a reason (k large enough)
    pinned = {(m.service_id, m.location_id) for m in r.pinned}
    everything = {(o.service_id, o.location_id) for o in offs}
    assert everything == excluded | shown | (pinned & everything)
    assert all(e.reason and e.rule for e in r.excluded)


@given(directories(), families(), weights, st.floats(0.01, 100))
def test_scaling_weights_keeps_the_ranking(offs, fam, w, c):
    d = Directory.from_offerings(offs)
    a = pfmatch.match(fam, d, k=30, weights=w)
    b = pfmatch.match(fam, d, k=30, weights={key: v * c for key, v in w.items()})
    assert [(m.service_id, m.location_id) for m in a] == [(m.service_id, m.location_id) for m in b]
    for x, y in zip(a, b, strict=False):
        assert abs(x.score - y.score) <= 1e-9


@given(directories(), families(), weights)
def test_safety_pins_survive_any_weights(offs, fam, w):
    fam = {**fam, "screenings": {"phq9": {"items": [0, 0, 0, 0, 0, 0, 0, 0, 2]}}}
    r = pfmatch.match(fam, Directory.from_offerings(offs), k=5, weights=w)
    assert r.pinned, "a self-harm flag must always pin a crisis resource"
    assert any(f.code == "self_harm_risk" for f in r.flags)
    # all weight on distance changes nothing about the pins
    r2 = pfmatch.match(fam, Directory.from_offerings(offs), k=5, weights={"distance": 1.0, "need": 0,
                       "factor": 0, "language": 0, "access": 0, "urgency": 0})
    assert [m.service_id for m in r.pinned] == [m.service_id for m in r2.pinned]


@given(directories(), families())
def test_inputs_not_mutated_and_output_deterministic(offs, fam):
    before = copy.deepcopy(fam)
    d = Directory.from_offerings(offs)
    a = pfmatch.match(fam, d, k=10, explain=True)
    b = pfmatch.match(fam, d, k=10, explain=True)
    assert fam == before
    assert a.to_json() == b.to_json()


@given(directories(min_size=3), families())
def test_plain_order_is_by_score(offs, fam):
    r = pfmatch.match(fam, Directory.from_offerings(offs), k=30, coverage=False)
    # Offerings let in by rural widening (beyond the distance limit) follow all
    # the others; within each group the order is by score.
    widened = [any("km limit" in w for w in m.warnings) for m in r]
    assert widened == sorted(widened)
    for group in (False, True):
        scores = [m.score for m, w in zip(r, widened, strict=True) if w is group]
        assert scores == sorted(scores, reverse=True)


def test_match_many_equals_a_loop():
    rnd = random.Random(7)
    fams = [{"location": {"zip": z}, "needs": [n]} for z, n in
            zip(rnd.choices(["90011", "90012", "91331"], k=6), rnd.choices(["food", "child_care"], k=6), strict=False)]
    d = pfmatch.Directory.sample()
    many = pfmatch.match_many(fams, d, k=5)
    assert [r.to_json() for r in many] == [pfmatch.match(f, d, k=5).to_json() for f in fams]


@given(directories(), families(), st.integers(1, 40))
def test_widening_relaxes_only_distance(offs, fam, k):
    """Whatever k, a ranked result fails no rule but the distance limit (rural widening).

    Fewer than k results is an honest answer, and the notes say so.
    """
    from pfmatch._query import build_query, with_text_needs
    from pfmatch._rules import RULES, apply_rules

    d = Directory.from_offerings(offs)
    r = pfmatch.match(fam, d, k=k)
    q = with_text_needs(build_query(fam, d.index.factor_names), d.index)
    failed = apply_rules(d.index, q).failed  # the rules without widening
    row = {(sid, lid): i for i, (sid, lid) in enumerate(zip(d.index.service_id, d.index.location_id,
                                                               strict=True))}
    for m in [*r, *r.pinned]:
        if (m.service_id, m.location_id) not in row:  # a built-in national line
            continue
        rule = int(failed[row[(m.service_id, m.location_id)]])
        assert rule == 0 or RULES[rule - 1] == "too_far", (m.service_id, RULES[rule - 1])
        if rule and not m.pinned:  # a pinned line may be far: it is reached by phone
            assert any("km limit" in w for w in m.warnings)
    if len(r) < k:
        assert any(n.startswith("Only ") and "passed the rules" in n for n in r.notes)
