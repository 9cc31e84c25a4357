"""The fast top-k display order equals the prefix of the full one.

``match()`` without ``explain`` orders only the first k results
(``_select.top_order``); with ``explain=True`` it sorts every candidate
(``_select.final_order``), because the exclusions name every other site of a
listed service.  The two must list exactly the same results.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st
from strategies import directories, families

import pfmatch
from pfmatch._directory import Directory
from pfmatch._offering import Offering


def _ranked(result: pfmatch.MatchResult) -> list[tuple[str, str | None, float]]:
    return [(m.service_id, m.location_id, m.score) for m in result]


@st.composite
def multi_site_directories(draw, max_size: int = 60) -> list[Offering]:
    """Directories where services have several sites and many offerings tie exactly."""
    base = draw(directories(min_size=1, max_size=max_size))
    n_services = draw(st.integers(1, max(1, len(base))))
    out = []
    for i, o in enumerate(base):
        o = dataclasses.replace(o, service_id=f"svc-{i % n_services:03d}")
        out.append(o)
        if draw(st.booleans()):  # an exact copy at another site: the same score
            out.append(dataclasses.replace(o, service_id=f"twin-{i:03d}",
                                           location_id=f"twin-loc-{i:03d}"))
    return out


@given(multi_site_directories(), families(), st.integers(1, 8), st.booleans())
def test_top_order_equals_the_full_order(offs, fam, k, coverage):
    d = Directory.from_offerings(offs)
    fast = pfmatch.match(fam, d, k=k, coverage=coverage)
    full = pfmatch.match(fam, d, k=k, coverage=coverage, explain=True)
    assert _ranked(fast) == _ranked(full)
    assert [m.reasons for m in fast] == [m.reasons for m in full]
