"""A batch of families gets exactly the answers of match() family by family.

``match_many`` evaluates the rules and scores of up to 64 families over their
concatenated rows (``_match.match_batch``); ``match()`` is the same code with a
batch of one.  Each row reads its own family's values, so the results must be
equal to the last bit, whatever the other families in the batch are.  The
directories below also reach the paths taken only for rare values: service-area
tokens and languages beyond the 64 that get a bit, connected services, rural
widening.
"""

from __future__ import annotations

import dataclasses
import random

from hypothesis import given
from hypothesis import strategies as st
from strategies import directories, families

import pfmatch
from pfmatch._directory import Directory
from pfmatch._geo import zip_info
from pfmatch._languages import known_codes
from pfmatch._match import match_batch
from pfmatch._offering import Offering
from pfmatch._weights import Weights


def _loop(fams: list[dict], d: Directory, k: int, coverage: bool) -> list[pfmatch.MatchResult]:
    return [pfmatch.match(f, d, k=k, coverage=coverage) for f in fams]


@given(directories(min_size=1, max_size=40), st.lists(families(), min_size=1, max_size=8),
       st.integers(1, 6), st.booleans())
def test_a_batch_gives_the_answers_of_a_loop(offs, fams, k, coverage):
    d = Directory.from_offerings(offs)
    batch = match_batch(fams, d, k=k, weights=Weights(), explain=False, coverage=coverage)
    loop = _loop(fams, d, k, coverage)
    assert batch == loop
    assert [r.to_json() for r in batch] == [r.to_json() for r in loop]


# -- rare values: more than 64 area tokens and languages, connected services ----------------

LA_ZIPS = [z for z in (f"9{n:04d}" for n in range(1, 1000)) if zip_info(z) is not None][:120]


def _wide_directory(seed: int = 5) -> list[Offering]:
    rnd = random.Random(seed)
    base = Directory.sample().index.offering(0)
    langs = list(known_codes())[:90]
    out = []
    for i in range(300):
        z = rnd.choice(LA_ZIPS)
        info = zip_info(z)
        assert info is not None
        out.append(dataclasses.replace(
            base, service_id=f"svc-{i:03d}", location_id=f"loc-{i:03d}",
            service_name=f"Food pantry {i}", latitude=info.lat + rnd.uniform(-0.02, 0.02),
            longitude=info.lon + rnd.uniform(-0.02, 0.02), postal_code=z, remote=False,
            service_area=tuple(f"zip:{x}" for x in rnd.sample(LA_ZIPS, rnd.randint(1, 4))),
            languages=tuple(rnd.sample(langs, rnd.randint(1, 3))), languages_known=True,
            status="active", text="food pantry groceries", taxonomy_codes=("BD-1800.2000",),
            taxonomy_names=("Food Pantries",), min_age_years=None, max_age_years=None,
            income_limit_fpl=None))
    return out


def test_rare_area_tokens_and_languages_give_the_same_answers() -> None:
    offs = _wide_directory()
    d = Directory.from_offerings(offs)
    # the paths under test are reached: tokens and languages without a bit
    assert (d.index.area_bits[1] < 0).any()
    assert len(d.index.lang_vocab) > len(d.index.lang_bits[1])
    rnd = random.Random(11)
    rare = [c for c in d.index.lang_vocab if c not in d.index.lang_bits[1]]
    fams = [{"location": {"zip": rnd.choice(LA_ZIPS)}, "needs": ["food"],
             "languages": [rnd.choice(rare), rnd.choice(rare)] if i % 2 else [rnd.choice(rare)],
             "connected_services": [f"svc-{rnd.randrange(300):03d}"] if i % 3 == 0 else [],
             "max_distance_km": rnd.choice([2, 10, 40])}
            for i in range(40)]
    batch = match_batch(fams, d, k=5, weights=Weights(), explain=False, coverage=True)
    assert batch == _loop(fams, d, 5, True)
    # and the area rule agrees with the plain set intersection
    by_id = {(o.service_id, o.location_id): o for o in offs}
    for f, r in zip(fams, batch, strict=True):
        for m in r:
            served = set(by_id[(m.service_id, m.location_id)].service_area)
            assert f"zip:{f['location']['zip']}" in served
