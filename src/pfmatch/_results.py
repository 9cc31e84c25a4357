"""Results: :class:`Match`, :class:`Exclusion` and :class:`MatchResult`.

Results carry no family data beyond what the ranking derived (need codes,
flags); ``to_dicts()`` and ``to_json()`` leave even those out unless asked.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, overload

from pfmatch._weights import COMPONENTS, Weights

__all__ = ["Exclusion", "Match", "MatchResult"]


@dataclass(frozen=True)
class Match:
    """One recommended offering.

    Attributes
    ----------
    rank : int
        1-based position in the ranked list (pinned resources have their own ranks).
    score : float
        In [0, 1]; equals the sum of ``contributions``.
    service_id, location_id : str, str or None
        Identity of the offering; ``location_id`` is None for remote services.
    service, organization : str
        Display names.
    needs : tuple of str
        The family's need codes this offering answers.
    factors : tuple of str
        Protective factors it builds (where the family has a gap, first).
    distance_km : float or None
        Great-circle distance; None when unknown or remote.
    languages : tuple of str
        Languages offered (canonical codes).
    contact : dict
        ``phones``, ``url``, ``email``, ``address`` (None when confidential),
        ``how_to_apply``, ``hours``.
    contributions : dict
        Points per score component; they add up to ``score``.
    reasons : tuple of str
        Sentences a coordinator can read out.
    warnings : tuple of str
        Waitlists, documents required, phone-only intake, unknown eligibility...
    pinned : bool
        True for a safety resource placed first by a safety rule.
    """

    rank: int
    score: float
    service_id: str
    location_id: str | None
    service: str
    organization: str
    needs: tuple[str, ...]
    factors: tuple[str, ...]
    distance_km: float | None
    languages: tuple[str, ...]
    contact: dict[str, Any]
    contributions: dict[str, float]
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    pinned: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        d = asdict(self)
        for k in ("needs", "factors", "languages", "reasons", "warnings"):
            d[k] = list(d[k])
        return d

    def explain(self) -> str:
        """A waterfall of the score: points per component and what drove each."""
        lines = [f"{self.service} — {self.organization}: score {self.score:.3f}"]
        for c in COMPONENTS:
            pts = self.contributions.get(c, 0.0)
            bar = "█" * round(pts * 40)
            lines.append(f"  {c:9s} {pts:+.3f} {bar}")
        lines.extend(f"  · {r}" for r in self.reasons)
        lines.extend(f"  ! {w}" for w in self.warnings)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return MatchResult([self])._repr_html_()


@dataclass(frozen=True)
class Exclusion:
    """An offering left out, and why.

    ``rule`` is one of: ``inactive``, ``outside_service_area``, ``age``,
    ``income``, ``language``, ``phone_only_intake``, ``online_only``,
    ``too_far``, ``already_connected``, ``no_matching_need``.
    """

    service_id: str
    location_id: str | None
    service: str
    rule: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MatchResult(Sequence[Match]):
    """The ranked, explained answer of :func:`pfmatch.match`.

    A sequence of :class:`Match` (the ranked list), plus the pinned safety
    resources, the needs, factor gaps and flags the ranking used, the
    exclusions (with ``explain=True``) and notes about the search.
    """

    matches: list[Match]
    pinned: list[Match] = field(default_factory=list)
    needs: list[Any] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    factor_gaps: dict[str, float] = field(default_factory=dict)
    flags: list[Any] = field(default_factory=list)
    excluded: list[Exclusion] = field(default_factory=list)
    connected: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    weights: Weights = field(default_factory=Weights)
    k: int = 10

    # -- sequence -------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.matches)

    @overload
    def __getitem__(self, i: int) -> Match: ...
    @overload
    def __getitem__(self, i: slice) -> list[Match]: ...
    def __getitem__(self, i: int | slice) -> Match | list[Match]:
        return self.matches[i]

    def __iter__(self) -> Iterator[Match]:
        return iter(self.matches)

    # -- lookups ----------------------------------------------------------------------
    def get(self, service_id: str, location_id: str | None = None) -> Match | None:
        """The pinned or ranked match for a service (and location), if any."""
        for m in [*self.pinned, *self.matches]:
            if m.service_id == service_id and (location_id is None or m.location_id == location_id):
                return m
        return None

    def explain(self, service_id: str, location_id: str | None = None) -> str:
        """A readable waterfall for one result, or why it was left out.

        With ``explain=True`` on the match, an excluded offering can be asked
        about by id or (fuzzily) by name: the answer names the rule.
        """
        m = self.get(service_id, location_id)
        if m is not None:
            return m.explain()
        ex = self.why_not(service_id)
        if ex:
            return "\n".join(f"{e.service} was left out ({e.rule}): {e.reason}" for e in ex)
        if not self.excluded:
            return (f"{service_id!r} is not in the results. Call match(..., explain=True) to see "
                    "why offerings were left out.")
        return f"{service_id!r} is neither in the results nor among the excluded offerings."

    def why_not(self, query: str) -> list[Exclusion]:
        """Exclusions for a service id, or for a service name matched fuzzily."""
        hits = [e for e in self.excluded if e.service_id == query]
        if hits or not self.excluded:
            return hits
        from rapidfuzz import fuzz, process, utils

        names = [e.service for e in self.excluded]
        best = process.extractOne(query, names, scorer=fuzz.WRatio, processor=utils.default_process,
                                  score_cutoff=80)
        if best is None:
            return []
        name = best[0]
        return [e for e in self.excluded if e.service == name]

    # -- export -----------------------------------------------------------------------
    def to_dicts(self) -> list[dict[str, Any]]:
        """The ranked matches as JSON-ready dicts (pinned ones first)."""
        return [m.to_dict() for m in [*self.pinned, *self.matches]]

    def to_json(self, *, include_assessment: bool = False, indent: int | None = None) -> str:
        """JSON for software.

        Family data is not echoed back: the needs, flags and factor gaps derived
        from the family are included only with ``include_assessment=True``.
        """
        doc: dict[str, Any] = {
            "pinned": [m.to_dict() for m in self.pinned],
            "matches": [m.to_dict() for m in self.matches],
            "excluded": [e.to_dict() for e in self.excluded],
            "connected": list(self.connected),
            "notes": list(self.notes),
            "weights": self.weights.to_dict(),
        }
        if include_assessment:
            doc["needs"] = [_plain(n) for n in self.needs]
            doc["unresolved"] = list(self.unresolved)
            doc["factor_gaps"] = dict(self.factor_gaps)
            doc["flags"] = [_plain(f) for f in self.flags]
        return json.dumps(doc, indent=indent, ensure_ascii=False)

    def to_frame(self) -> Any:
        """The matches as a pandas DataFrame (needs the ``pandas`` extra)."""
        try:
            import pandas as pd
        except ModuleNotFoundError:
            raise ImportError(
                "pandas is needed for MatchResult.to_frame(); install it with "
                "pip install 'pfmatch[pandas]'"
            ) from None
        rows = []
        for m in [*self.pinned, *self.matches]:
            row = {
                "rank": m.rank, "pinned": m.pinned, "score": m.score, "service": m.service,
                "organization": m.organization, "service_id": m.service_id,
                "location_id": m.location_id, "distance_km": m.distance_km,
                "needs": ", ".join(m.needs), "languages": ", ".join(m.languages),
                "reasons": "; ".join(m.reasons), "warnings": "; ".join(m.warnings),
            }
            row.update({f"points_{c}": m.contributions.get(c, 0.0) for c in COMPONENTS})
            rows.append(row)
        return pd.DataFrame(rows)

    # -- display ----------------------------------------------------------------------
    def __repr__(self) -> str:
        return (f"<MatchResult {len(self.matches)} matches, {len(self.pinned)} pinned, "
                f"{len(self.excluded)} excluded>")

    def to_table(self, width: int = 80) -> str:
        """A plain-text table that fits ``width`` columns (the CLI's table format)."""
        from pfmatch._display import text_table

        return text_table(self, width=width)

    def _repr_html_(self) -> str:
        from pfmatch._display import html_table

        return html_table(self)


def _plain(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        d = asdict(obj)
        return {k: (list(v) if isinstance(v, (tuple, frozenset, set)) else v) for k, v in d.items()}
    return obj


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)
