"""A synthetic referral-outcome simulator, for testing tuning methods.

Real outcome data (which referral actually helped which family) is scarce and
sensitive.  This module makes *synthetic* families and outcomes with a known,
hidden ("true") weighting, so a tuning method can be checked: does it recover
the planted weights, and does it beat the defaults on families it did not see?

The model, step by step (every step is seeded; the same arguments give the
same data):

1. **Families** (:func:`sample_families`): a ZIP code drawn from where the
   directory's offerings are, one to three needs drawn by how often families
   ask for them, languages (English, Spanish, and some Korean, Chinese,
   Vietnamese, Armenian, Tagalog speakers), access barriers, protective-factor
   gaps, children, a caregiver, household income and sometimes a distance limit.
2. **Referrals**: each family is referred to ``n_referrals`` offerings among
   those that pass pfmatch's rules.  A share ``explore`` is drawn uniformly at
   random; the rest are the top of the *default* pfmatch ranking, as a
   navigator using pfmatch today would pick.  Exploration keeps the
   judgments informative about offerings the defaults rank low.  Each logged
   referral records its *propensity* (1 for the top of the default ranking,
   ``n_rand / len(rest)`` for a random pick), which :mod:`pfmatch.tune` uses
   to correct for how the referrals were chosen.
3. **Latent outcome**: the hidden utility of a referral is
   ``u = components @ active_weights(true_weights)`` (the same components
   ``match()`` uses).  Standardized over all referrals, then
   ``z = signal * u + noise * e``, ``e ~ N(0, 1)``.
4. **Funnel**: a referral is *contacted* when ``z`` is above the threshold
   that gives the ``rates["contacted"]`` share, *connected* above the one for
   ``rates["connected"]``, and would be *helped* above a higher threshold.
   The default rates follow the Missouri 211 follow-up (Boyum, Kreuter et
   al. 2016; ``shared/reference/peers.md`` §4): 91 % tried to contact a
   referral, 82 % reached one, **36 % received assistance**.
5. **Capacity**: help also needs a free slot.  Each offering can serve a
   binomial share (its need's ``capacity`` rate) of the referrals it gets,
   first come first served in a random order; a referral that would have been
   helped when no slot is left stays at *connected* ("no funds available").
   Capacity rates differ by need, as Kreuter et al. (*Health Affairs* 2020)
   found: food above 90 %, rent and transportation under 50 %.  The numbers
   in :data:`CAPACITY` are illustrative, shaped by those ranges.

The result is a :class:`Simulation`: the families, the outcome judgments (a
:class:`pfmatch.metrics.Judgments` of outcome rows, gains 3/2/1/0 for
helped/connected/contacted/referred), the planted weights and a provenance
dict.

Examples
--------
>>> from pfmatch import simulate
>>> sim = simulate.simulate(20, seed=1)
>>> len(sim.families), sim.true_weights == simulate.TRUE_WEIGHTS
(20, True)
>>> 0.2 < sim.outcome_rates()["helped"] < 0.5
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

import numpy as np

from pfmatch._errors import ConfigError
from pfmatch._features import FamilyFeatures, family_features
from pfmatch._geo import zip_info
from pfmatch._judgments import DEFAULT_GAINS, JudgmentRow, Judgments
from pfmatch._version import __version__
from pfmatch._weights import Weights

__all__ = [
    "CAPACITY",
    "NEEDS",
    "RATES",
    "TRUE_WEIGHTS",
    "Simulation",
    "sample_families",
    "simulate",
    "split",
]

#: The planted weighting used when none is given: deliberately far from the
#: defaults (fit with the family's barriers, protective factors and language
#: count most), with a strict order
#: ``access > factor > language > distance > need > urgency``.
TRUE_WEIGHTS = Weights(need=0.05, factor=0.25, distance=0.08, language=0.20, access=0.40,
                       urgency=0.02)

#: Funnel rates among referrals (Missouri 211 follow-up, peers.md §4).
RATES: dict[str, float] = {"contacted": 0.91, "connected": 0.82, "helped": 0.36}

#: need code -> (phrase a family would use, relative frequency, capacity rate).
#: Capacity: the share of requests an offering can meet (illustrative values in
#: the ranges of Kreuter et al. 2020: food > 0.9; rent, transportation < 0.5).
NEEDS: dict[str, tuple[str, float, float]] = {
    "food": ("food", 0.20, 0.92),
    "rent_assistance": ("help paying rent", 0.12, 0.40),
    "utilities": ("electric bill", 0.09, 0.55),
    "baby_supplies": ("diapers", 0.08, 0.80),
    "child_care": ("child care", 0.08, 0.60),
    "transportation": ("bus pass", 0.05, 0.45),
    "mental_health": ("counseling", 0.06, 0.65),
    "health_care": ("doctor", 0.05, 0.85),
    "food_benefits": ("food stamps", 0.05, 0.95),
    "parenting_education": ("parenting classes", 0.04, 0.85),
    "housing_search": ("find housing", 0.04, 0.45),
    "shelter": ("shelter", 0.03, 0.40),
    "clothing_household": ("clothes", 0.03, 0.85),
    "legal_aid": ("lawyer", 0.03, 0.55),
    "employment": ("job", 0.03, 0.75),
    "support_groups": ("support group", 0.02, 0.90),
}
#: need code -> capacity rate.
CAPACITY: dict[str, float] = {code: cap for code, (_p, _f, cap) in NEEDS.items()}

_LANGUAGES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("en",), 0.50), (("es", "en"), 0.20), (("es",), 0.18), (("ko", "en"), 0.03),
    (("zh",), 0.02), (("vi", "en"), 0.02), (("hy",), 0.02), (("tl", "en"), 0.03),
)
_BARRIERS: dict[str, float] = {
    "no_transportation": 0.30, "work_hours": 0.30, "cost": 0.25, "needs_childcare": 0.20,
    "no_internet": 0.12, "no_phone": 0.06, "disability_access": 0.05, "limited_literacy": 0.05,
}
_FACTORS = ("parental_resilience", "social_connections", "knowledge_of_parenting",
            "concrete_support", "social_emotional_competence")
_OUTCOMES = ("contacted", "connected", "helped")


# --------------------------------------------------------------------------- families


def _check_int(value: object, name: str, func: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or int(value) < low:
        msg = f"The {name!r} parameter of {func}() must be an int >= {low}. Got {value!r} instead."
        raise ConfigError(msg)
    return int(value)


def _check_real(value: object, name: str, func: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not (
            math.isfinite(float(value)) and low <= float(value) <= high):
        msg = (f"The {name!r} parameter of {func}() must be a number in [{low}, {high}]. "
               f"Got {value!r} instead.")
        raise ConfigError(msg)
    return float(value)


def _zips(directory: Any) -> tuple[list[str], np.ndarray]:
    counts: dict[str, int] = {}
    for o in directory.offerings:
        z = o.postal_code
        if z and not o.remote:
            counts[z] = counts.get(z, 0) + 1
    zips = sorted(z for z in counts if zip_info(z) is not None)
    if not zips:
        return ["90011"], np.ones(1)
    p = np.array([counts[z] for z in zips], dtype=np.float64)
    return zips, p / p.sum()


def sample_families(n: int, directory: Any = None, *, seed: int = 0,
                    prefix: str = "sim") -> list[dict[str, Any]]:
    """Draw ``n`` synthetic families, as family JSON dicts with ids.

    Parameters
    ----------
    n : int
        How many families.
    directory : Directory, path or None, default=None
        Families live where the directory's offerings are (ZIP codes weighted
        by how many offerings list them).  None uses the bundled sample.
    seed : int, default=0
    prefix : str, default="sim"
        Ids are ``f"{prefix}-{seed}-{i:04d}"``.

    Returns
    -------
    list of dict
        Valid input for :func:`pfmatch.match`.

    Examples
    --------
    >>> fams = sample_families(3, seed=7)
    >>> [f["id"] for f in fams]
    ['sim-7-0000', 'sim-7-0001', 'sim-7-0002']
    >>> sample_families(3, seed=7) == fams
    True
    """
    from pfmatch._features import _directory

    n = _check_int(n, "n", "sample_families", 1)
    seed = _check_int(seed, "seed", "sample_families", 0)
    d = _directory(directory)
    rng = np.random.default_rng(seed)
    zips, zp = _zips(d)
    codes = list(NEEDS)
    need_p = np.array([NEEDS[c][1] for c in codes])
    need_p = need_p / need_p.sum()
    lang_p = np.array([p for _l, p in _LANGUAGES])
    lang_p = lang_p / lang_p.sum()
    out: list[dict[str, Any]] = []
    for i in range(n):
        fam: dict[str, Any] = {"id": f"{prefix}-{seed}-{i:04d}"}
        if rng.random() < 0.95:
            fam["location"] = {"zip": zips[int(rng.choice(len(zips), p=zp))]}
        n_needs = int(rng.choice([1, 2, 3], p=[0.45, 0.35, 0.20]))
        picked = rng.choice(len(codes), size=n_needs, replace=False, p=need_p)
        fam["needs"] = [NEEDS[codes[int(j)]][0] for j in picked]
        fam["languages"] = list(_LANGUAGES[int(rng.choice(len(_LANGUAGES), p=lang_p))][0])
        barriers = [b for b, p in _BARRIERS.items() if rng.random() < p]
        if fam["languages"][0] != "en" and rng.random() < 0.15:
            barriers.append("immigration_concerns")
        if barriers:
            fam["barriers"] = barriers
        if rng.random() < 0.4:
            n_gaps = int(rng.integers(1, 3))
            fs = rng.choice(len(_FACTORS), size=n_gaps, replace=False)
            fam["factor_gaps"] = {_FACTORS[int(j)]: round(float(rng.uniform(0.3, 1.0)), 2)
                                  for j in fs}
        n_kids = int(rng.choice([1, 2, 3], p=[0.45, 0.35, 0.20]))
        kids: list[dict[str, Any]] = []
        for _ in range(n_kids):
            years = float(rng.uniform(0, 12))
            kids.append({"age_months": int(years * 12)} if years < 2 else
                        {"age_years": int(years)})
        fam["children"] = kids
        fam["caregivers"] = [{"age_years": int(rng.integers(18, 46))}]
        if rng.random() < 0.7:
            size = n_kids + 1 + int(rng.random() < 0.4)
            income = float(np.exp(rng.normal(math.log(35000), 0.5)))
            fam["household"] = {"size": size, "annual_income": round(income, -2)}
        if rng.random() < 0.2:
            fam["max_distance_km"] = int(rng.integers(5, 16))
        out.append(fam)
    return out


# --------------------------------------------------------------------------- outcomes


@dataclass(frozen=True, eq=False)
class Simulation:
    """Synthetic families with referral outcomes, from :func:`simulate`.

    Attributes
    ----------
    families : list of dict
        Family JSON dicts, each with an ``id``.
    judgments : Judgments
        Outcome rows (``referred``, ``contacted``, ``connected``, ``helped``)
        for every referral; gains 3/2/1/0 (:data:`pfmatch.metrics.DEFAULT_GAINS`).
        ``judgments.to_jsonl(path)`` writes a file :func:`pfmatch.metrics.load_judgments`
        reads.
    true_weights : Weights
        The planted weighting.
    provenance : dict
        Everything needed to reproduce the data: pfmatch version, seed, the
        arguments, directory checksum, true weights.
    full_judgments : Judgments or None
        With ``simulate(..., full_judgments=True)``: outcome rows for *every*
        offering that passes the rules, as if each family had been referred to
        all of them (same latent draws, capacity shared by all those
        referrals).  Real data never has this; the simulator can, which gives
        an evaluation free of the bias of the logged referrals (offerings the
        logging ranking never showed are unjudged, so a logged-only evaluation
        favours the ranking that made the referrals).
    """

    families: list[dict[str, Any]]
    judgments: Judgments
    true_weights: Weights
    provenance: dict[str, Any] = field(repr=False)
    full_judgments: Judgments | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        rates = self.outcome_rates()
        return (f"<Simulation: {len(self.families)} families, {len(self.judgments.rows)} "
                f"referrals; helped {rates['helped']:.0%}, connected {rates['connected']:.0%}; "
                f"seed {self.provenance.get('seed')}>")

    def outcome_rates(self) -> dict[str, float]:
        """Share of referrals that reached each step of the funnel."""
        rows = self.judgments.rows
        n = max(len(rows), 1)
        return {s: sum(bool(getattr(r, s)) for r in rows) / n for s in _OUTCOMES}

    def judgments_for(self, families: Sequence[Mapping[str, Any]]) -> list[dict[str, float]]:
        """Per-family ``{item_id: gain}`` aligned with ``families`` (the tuner's ``y``)."""
        return [dict(self.judgments.get(str(f["id"]), {})) for f in families]


def _referrals(ff: FamilyFeatures, n_ref: int, explore: float,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Positions into ``ff.rows`` the family is referred to, and each one's propensity.

    The propensity is the probability that the logging policy refers the
    family to that offering: 1 for the top of the default ranking (always
    referred), ``n_rand / len(rest)`` for the others (a uniform draw of
    ``n_rand`` among the rest).
    """
    m = len(ff.rows)
    if m <= n_ref:
        return np.arange(m), np.ones(m)
    n_rand = round(explore * n_ref)
    order = ff.order(Weights(), coverage=True)
    top = list(order[: n_ref - n_rand])
    rest = np.setdiff1d(np.arange(m), top)
    rand = rng.choice(rest, size=n_rand, replace=False) if n_rand else np.zeros(0, dtype=int)
    pos = np.concatenate([np.array(top, dtype=np.int64), np.sort(rand).astype(np.int64)])
    prop = np.concatenate([np.ones(len(top)), np.full(len(rand), n_rand / len(rest))])
    return pos, prop


def simulate(n_families: int = 200, directory: Any = None, *,
             true_weights: Weights | Mapping[str, Any] | None = None,
             n_referrals: int | None = 8,
             explore: float = 0.5, signal: float = 2.0, noise: float = 1.0,
             rates: Mapping[str, float] | None = None,
             capacity: Mapping[str, float] | None = None, k: int = 10,
             full_judgments: bool = False, seed: int = 0) -> Simulation:
    """Simulate families, referrals and their outcomes under a hidden weighting.

    See the module docstring for the model.

    Parameters
    ----------
    n_families : int, default=200
    directory : Directory, path or None, default=None
        None uses the bundled sample.
    true_weights : Weights or mapping, optional
        The planted weighting; default :data:`TRUE_WEIGHTS`.
    n_referrals : int or None, default=8
        Referrals per family (fewer when fewer offerings pass the rules);
        None refers every family to every offering that passes the rules.
    explore : float in [0, 1], default=0.5
        Share of referrals drawn at random rather than from the default ranking.
    signal, noise : float, default=2.0 and 1.0
        ``z = signal * standardized utility + noise * N(0, 1)``.
    rates : mapping, optional
        Funnel shares among referrals for ``contacted``, ``connected`` and
        ``helped``; default :data:`RATES` (91 %, 82 %, 36 %).
    capacity : mapping, optional
        need code -> share of requests an offering can meet; default
        :data:`CAPACITY` (need codes missing from it get 0.75).
    k : int, default=10
        The ``k`` whose rural widening the rules mirror.
    full_judgments : bool, default=False
        Also produce :attr:`Simulation.full_judgments` (outcomes for every
        candidate), for unbiased evaluation.
    seed : int, default=0
        Seeds the families and every random step.

    Returns
    -------
    Simulation

    Raises
    ------
    ConfigError
        For out-of-range arguments.

    Examples
    --------
    >>> sim = simulate(10, seed=3)
    >>> sim.provenance["seed"], sim.provenance["n_families"]
    (3, 10)
    """
    from pfmatch._features import _directory

    func = "simulate"
    n_families = _check_int(n_families, "n_families", func, 1)
    n_ref = None if n_referrals is None else _check_int(n_referrals, "n_referrals", func, 1)
    seed = _check_int(seed, "seed", func, 0)
    explore = _check_real(explore, "explore", func, 0.0, 1.0)
    signal = _check_real(signal, "signal", func, 0.0, 1e6)
    noise = _check_real(noise, "noise", func, 0.0, 1e6)
    if signal == 0 and noise == 0:
        msg = "simulate(): signal and noise cannot both be 0."
        raise ConfigError(msg)
    r = dict(RATES)
    if rates is not None:
        unknown = sorted(set(rates) - set(RATES))
        if unknown:
            msg = f"Unknown rate(s) {unknown}; valid names are {list(RATES)}."
            raise ConfigError(msg)
        r.update({key: _check_real(v, f"rates[{key!r}]", func, 0.0, 1.0)
                  for key, v in rates.items()})
    if not r["contacted"] >= r["connected"] >= r["helped"]:
        msg = (f"simulate(): rates must satisfy contacted >= connected >= helped; got {r}.")
        raise ConfigError(msg)
    cap = dict(CAPACITY)
    if capacity is not None:
        cap.update({key: _check_real(v, f"capacity[{key!r}]", func, 0.0, 1.0)
                    for key, v in capacity.items()})
    tw = Weights.coerce(true_weights) if true_weights is not None else TRUE_WEIGHTS
    d = _directory(directory)
    index = d.index

    fams = sample_families(n_families, d, seed=seed)
    rng = np.random.default_rng([seed, 1])

    # every candidate's hidden utility; the referred ones are marked
    fam_of: list[int] = []
    row_of: list[int] = []
    item_of: list[str] = []
    u_parts: list[np.ndarray] = []
    cap_of: list[float] = []
    referred: list[bool] = []
    prop_of: list[float] = []
    for i, fam in enumerate(fams):
        ff = family_features(fam, d, k=k, family_id=fam["id"])
        m = len(ff.rows)
        if not m:
            continue
        if n_ref:
            at, p_at = _referrals(ff, n_ref, explore, rng)
            prop = dict(zip(at.tolist(), p_at.tolist(), strict=True))
        else:
            prop = dict.fromkeys(range(m), 1.0)
        pos = set(prop)
        u_parts.append(ff.components @ ff.active(tw))
        codes = ff.query.need_codes
        if codes:
            cols = [index.need_codes.index(c) for c in codes]
            rel = index.need_rel[ff.rows][:, cols].toarray()
            best = [codes[int(j)] for j in rel.argmax(axis=1)]
        else:
            best = [""] * m
        fam_of.extend([i] * m)
        row_of.extend(int(r) for r in ff.rows)
        item_of.extend(ff.item_ids)
        cap_of.extend(float(cap.get(need, 0.75)) for need in best)
        referred.extend(p in pos for p in range(m))
        prop_of.extend(prop.get(p, 0.0) for p in range(m))
    n = len(fam_of)
    u_arr = np.concatenate(u_parts) if u_parts else np.zeros(0)
    ref = np.array(referred, dtype=bool)
    cap_arr = np.array(cap_of)
    # standardize over the referrals, then add noise
    u_ref = u_arr[ref] if ref.any() else u_arr
    sd = float(u_ref.std()) if len(u_ref) else 1.0
    z = signal * (u_arr - (float(u_ref.mean()) if len(u_ref) else 0.0)) / (sd or 1.0)
    z = z + noise * rng.standard_normal(n)

    def threshold(share: float) -> float:
        if share <= 0 or not ref.any():
            return math.inf
        if share >= 1:
            return -math.inf
        return float(np.quantile(z[ref], 1.0 - share))

    t_contacted = threshold(r["contacted"])
    t_connected = threshold(r["connected"])
    # aim the pre-capacity share so that about rates["helped"] remain after capacity
    mean_cap = float(cap_arr[ref].mean()) if ref.any() else 1.0
    pre_help = min(r["connected"], r["helped"] / max(mean_cap, 1e-9))

    def outcomes(sel: np.ndarray, rng_o: np.random.Generator, t_help: float,
                 logged: bool = True) -> Judgments:
        """Judgments for the candidates ``sel``, as if all of them had been referred.

        ``logged`` rows carry the logging policy's propensity.
        """
        js = np.flatnonzero(sel)
        would_help = z[js] >= t_help
        # capacity: each offering serves Binomial(referrals it gets, capacity), first come
        # first served in a random order
        by_row: dict[int, list[int]] = {}
        for a, j in enumerate(js):
            by_row.setdefault(row_of[j], []).append(a)
        slots = {row: int(rng_o.binomial(len(lst), cap_arr[js[lst[0]]]))
                 for row, lst in sorted(by_row.items())}
        helped = np.zeros(len(js), dtype=bool)
        for a in rng_o.permutation(len(js)):
            row = row_of[js[a]]
            if would_help[a] and slots[row] > 0:
                slots[row] -= 1
                helped[a] = True
        rows: list[JudgmentRow] = []
        for a, j in enumerate(js):
            sid, _, lid = item_of[j].partition("@")
            steps = {"contacted": bool(z[j] >= t_contacted),
                     "connected": bool(z[j] >= t_connected), "helped": bool(helped[a])}
            gain = 0.0
            for step in _OUTCOMES:
                if steps[step]:
                    gain = float(DEFAULT_GAINS[step])
            rows.append(JudgmentRow(str(fams[fam_of[j]]["id"]), sid, lid or None, None, True,
                                    steps["contacted"], steps["connected"], steps["helped"],
                                    gain, 0, prop_of[j] if logged else None))
        return Judgments(rows, source=f"pfmatch.simulate(seed={seed})")

    judgments = outcomes(ref, np.random.default_rng([seed, 2]), threshold(pre_help))
    # one correction step: capacity binds less than pre_help * capacity suggests
    n_rows = max(len(judgments.rows), 1)
    achieved = sum(bool(row.helped) for row in judgments.rows) / n_rows
    if achieved > 0 and abs(achieved - r["helped"]) > 0.005:
        pre_help = min(r["connected"], pre_help * r["helped"] / achieved)
        judgments = outcomes(ref, np.random.default_rng([seed, 2]), threshold(pre_help))
    t_help = threshold(pre_help)
    full = (outcomes(np.ones(n, dtype=bool), np.random.default_rng([seed, 3]), t_help,
                     logged=False) if full_judgments else None)

    provenance: dict[str, Any] = {
        "generator": "pfmatch.simulate.simulate",
        "pfmatch_version": __version__,
        "seed": seed,
        "n_families": n_families,
        "n_referrals": n_ref,
        "explore": explore,
        "signal": signal,
        "noise": noise,
        "rates": r,
        "capacity": cap,
        "k": k,
        "true_weights": tw.to_dict(),
        "directory_checksum": d.checksum,
    }
    return Simulation(families=fams, judgments=judgments, true_weights=tw, provenance=provenance,
                      full_judgments=full)


def split(families: Sequence[Mapping[str, Any]], *, test_size: float = 0.3,
          seed: int = 0) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """Split families into (train, test) at random, whole families only.

    Examples
    --------
    >>> train, test = split([{"id": str(i)} for i in range(10)], test_size=0.3)
    >>> len(train), len(test)
    (7, 3)
    """
    test_size = _check_real(test_size, "test_size", "split", 0.0, 1.0)
    fams = list(families)
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(fams))
    n_test = round(test_size * len(fams))
    test_idx = set(perm[:n_test].tolist())
    train = [f for i, f in enumerate(fams) if i not in test_idx]
    test = [f for i, f in enumerate(fams) if i in test_idx]
    return train, test


