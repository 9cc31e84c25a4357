"""Results: :class:`Match`, :class:`Exclusion` and :class:`MatchResult`.

Results carry no family data beyond what the ranking derived (need codes,
flags); ``to_dicts()`` and ``to_json()`` leave even those out unless asked.
"""

from __future__ import annotations

import copy
import html
import json
import operator
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from itertools import chain
from typing import Any, SupportsIndex, overload

from pfmatch._optional import require
from pfmatch._safe import safe_url, spreadsheet_cell
from pfmatch._version import __version__
from pfmatch._weights import COMPONENTS, Weights

__all__ = ["RESULT_SCHEMA", "RULE_HELP", "Exclusion", "Match", "MatchResult", "new_match",
           "why_not_text"]

#: The ``schema`` field of :meth:`MatchResult.to_json`: the shape's name and
#: major version.  It changes only when a field is removed or changes meaning;
#: added optional fields keep it (``docs/api.md``, ``CHANGELOG.md``).
RESULT_SCHEMA = "pfmatch.result/1"


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

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # Pickled as one tuple of field values rebuilt by new_match: no field names in
        # the pickle and no per-field setattr when loading, which counts when batches
        # of results come back from worker processes by the thousand.
        if type(self) is not Match:  # a subclass: the default way, which keeps its class
            return super().__reduce_ex__(protocol)  # type: ignore[return-value]
        return (new_match, _match_values(self))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        # What dataclasses.asdict gives (containers copied, types kept), without its
        # per-value deepcopy: asdict made to_json cost as much as the match itself.
        d = self._json_view()
        d["contact"] = _copied(d["contact"])
        d["contributions"] = dict(d["contributions"])
        return d

    def _json_view(self) -> dict[str, Any]:
        """The to_dict() shape sharing this match's containers (for serializing at once)."""
        d = dict(zip(_MATCH_FIELDS, _match_values(self), strict=True))
        for k in _TUPLE_FIELDS:
            d[k] = list(d[k])
        contact = d["contact"]
        if contact.get("url") is not None:  # dropped at load; again here for older indexes
            contact["url"] = safe_url(contact["url"])
        return d

    def explain(self, *, width: int = 80) -> str:
        """A waterfall of the score: points per component and what drove each."""
        from pfmatch._display import waterfall

        return waterfall(self, width=width)

    def _repr_html_(self) -> str:
        from pfmatch._display import html_table

        return html_table(MatchResult(matches=[], pinned=[self]) if self.pinned
                          else MatchResult([self]))


_object_new = object.__new__
_object_setattr = object.__setattr__
#: The field values of a Match, as a tuple in field order.
_match_values = operator.attrgetter(*[f.name for f in fields(Match)])
_MATCH_FIELDS = tuple(f.name for f in fields(Match))
_TUPLE_FIELDS = ("needs", "factors", "languages", "reasons", "warnings")


def _copied(v: Any) -> Any:
    """A copy of JSON-like data: dicts, lists and tuples copied (types kept), leaves shared."""
    if isinstance(v, dict):
        return {k: _copied(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return type(v)(_copied(x) for x in v)
    return v


def new_match(rank: int, score: float, service_id: str, location_id: str | None, service: str,
              organization: str, needs: tuple[str, ...], factors: tuple[str, ...],
              distance_km: float | None, languages: tuple[str, ...], contact: dict[str, Any],
              contributions: dict[str, float], reasons: tuple[str, ...], warnings: tuple[str, ...],
              pinned: bool = False) -> Match:
    """A :class:`Match` from its fields in order, without the dataclass ``__init__``.

    The same object ``Match(...)`` gives (equal, same ``repr``, still frozen),
    built about three times faster: the generated ``__init__`` of a frozen
    dataclass sets each field through ``object.__setattr__``, while this fills
    the instance dict in one go.  The values are taken as given (not copied).
    Used for the matches of every result and to unpickle them.

    Returns
    -------
    Match
    """
    m = _object_new(Match)
    _object_setattr(m, "__dict__", {
        "rank": rank, "score": score, "service_id": service_id, "location_id": location_id,
        "service": service, "organization": organization, "needs": needs, "factors": factors,
        "distance_km": distance_km, "languages": languages, "contact": contact,
        "contributions": contributions, "reasons": reasons, "warnings": warnings, "pinned": pinned,
    })
    return m


_N_FIELDS = len(fields(Match))


def _unpack_result(n_matches: int, values: tuple[Any, ...], *rest: Any) -> MatchResult:
    """Rebuild a pickled :class:`MatchResult` (see ``MatchResult.__reduce_ex__``).

    ``values`` holds the fields of the ranked matches, then of the pinned ones,
    :data:`_N_FIELDS` per match; ``rest`` the other fields but the directory.
    """
    n = _N_FIELDS
    ms = [new_match(*values[i:i + n]) for i in range(0, len(values), n)]
    return MatchResult(ms[:n_matches], ms[n_matches:], *rest)


@dataclass(frozen=True)
class Exclusion:
    """An offering left out, and why.

    ``rule`` is one of: ``inactive``, ``outside_service_area``, ``age``,
    ``income``, ``language``, ``phone_only_intake``, ``online_only``,
    ``too_far``, ``already_connected``, ``no_matching_need``; and, from
    selection rather than eligibility, ``other_location`` (another site of the
    same service is listed).
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
    #: The Directory the result came from (for maps and handouts); not compared,
    #: not shown, and dropped when results cross a process boundary.
    directory: Any = field(default=None, repr=False, compare=False)

    # -- copies and pickling ----------------------------------------------------------
    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # The directory stays behind: a result that crosses a process boundary is
        # re-attached to the receiver's own directory (see ``_batch``), and shipping
        # an index back would cost more than the result.  Lazily built exclusions
        # travel as their list.  The matches travel as one flat tuple of field values
        # (see _unpack_result): no per-match reduce call, memo entry or field names.
        if type(self) is not MatchResult:  # a subclass: the default way, all its fields kept
            return super().__reduce_ex__(protocol)  # type: ignore[return-value]
        rest = (self.needs, self.unresolved, self.factor_gaps, self.flags, self.excluded, self.connected,
                self.notes, self.weights, self.k)
        ms, ps = self.matches, self.pinned
        both = [*ms, *ps]
        # plain lists of plain, distinct matches (else as they are: identity and subclasses kept)
        if (type(ms) is list and type(ps) is list and set(map(type, both)) <= {Match}
                and len(set(map(id, both))) == len(both)):
            return (_unpack_result, (len(ms), tuple(chain.from_iterable(map(_match_values, both))), *rest))
        return (MatchResult, (ms, ps, *rest))

    def __copy__(self) -> MatchResult:
        # copies keep the directory, as they did before pickling left it out
        return type(self)(*[getattr(self, f.name) for f in fields(self)])

    def __deepcopy__(self, memo: dict[int, Any]) -> MatchResult:
        return type(self)(*[copy.deepcopy(getattr(self, f.name), memo) for f in fields(self)])

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

    def explain(self, service_id: str, location_id: str | None = None, *,
                width: int = 80) -> str:
        """A readable waterfall for one result, or why it was left out.

        Parameters
        ----------
        service_id : str
            A service id, or a service name (matched fuzzily, so "food box"
            finds "Senior and Family Food Box").
        location_id : str, optional
            Narrow a service with several locations to one.
        width : int, default=80
            Wrap the text to this many columns.

        Returns
        -------
        str
            For a shown or pinned offering: its points per score component
            and what drove each.  For an offering a rule left out (needs
            ``match(..., explain=True)``): the rule and the reason, per location.

        Examples
        --------
        >>> import pfmatch
        >>> r = pfmatch.match({"location": {"zip": "90011"}, "needs": ["food"]}, k=3, explain=True)
        >>> "= the points below, added up" in r.explain(r[0].service_id)
        True
        """
        m = self.get(service_id, location_id)
        if m is None:
            hit = self._fuzzy(service_id)
            if hit is not None and hit[0] == "shown":
                m = hit[1]
        if m is not None:
            return self._waterfall(m, width=width)
        ex = self.why_not(service_id)
        if location_id is not None:
            ex = [e for e in ex if e.location_id == location_id] or ex
        if ex:
            return why_not_text(service_id, ex, width=width)
        if not self.excluded:
            return (f"{service_id!r} is not in the results. Call match(..., explain=True) to see "
                    "why offerings were left out.")
        return (f"{service_id!r} is neither in the results nor left out by a rule: it passed "
                f"the rules but ranked below the {self.k} shown (ask for a larger k), or it is "
                "not in this directory.")

    def _waterfall(self, m: Match, *, width: int = 80) -> str:
        from pfmatch._display import waterfall

        labels = {str(getattr(n, "code", n)): str(getattr(n, "label", n)) for n in self.needs}
        urgency = {str(getattr(n, "code", n)): str(getattr(getattr(n, "urgency", ""), "value",
                                                           getattr(n, "urgency", "")))
                   for n in self.needs}
        return waterfall(m, weights=self.weights.to_dict(), labels=labels, urgency=urgency,
                         gaps=self.factor_gaps, width=width)

    def _fuzzy(self, query: str) -> tuple[str, Any] | None:
        """Best name match among shown ("shown", Match) and excluded ("excluded", name)."""
        shown = [*self.pinned, *self.matches]
        i = best_name(query, [m.service for m in shown] + [e.service for e in self.excluded])
        if i is None:
            return None
        return ("shown", shown[i]) if i < len(shown) else ("excluded", self.excluded[i - len(shown)])

    def why_not(self, query: str) -> list[Exclusion]:
        """Exclusions for a service id, or for a service name matched fuzzily.

        Empty when the offering was not left out by a rule (or when the match
        was run without ``explain=True``).
        """
        hits = [e for e in self.excluded if e.service_id == query]
        if hits or not self.excluded:
            return hits
        names = sorted({e.service for e in self.excluded})
        i = best_name(query, names)
        if i is None:
            return []
        return [e for e in self.excluded if e.service == names[i]]

    # -- export -----------------------------------------------------------------------
    def to_dicts(self) -> list[dict[str, Any]]:
        """The ranked matches as JSON-ready dicts (pinned ones first)."""
        return [m.to_dict() for m in [*self.pinned, *self.matches]]

    def _json_document(self, *, include_assessment: bool) -> dict[str, Any]:
        """The document :meth:`to_json` encodes (the service encodes it with orjson).

        The matches' containers are shared with the result, so the document is
        for encoding at once, never for keeping or changing.
        """
        doc: dict[str, Any] = {
            "schema": RESULT_SCHEMA,
            "pfmatch_version": __version__,
            "pinned": [m._json_view() for m in self.pinned],
            "matches": [m._json_view() for m in self.matches],
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
        return doc

    def to_json(self, *, include_assessment: bool = False, indent: int | None = None) -> str:
        """JSON for software.

        Family data is not echoed back: the needs, flags and factor gaps derived
        from the family are included only with ``include_assessment=True``.
        The document starts with ``schema`` (:data:`RESULT_SCHEMA`) and
        ``pfmatch_version``, so a consumer can tell which shape it reads.
        """
        doc = self._json_document(include_assessment=include_assessment)
        return json.dumps(doc, indent=indent, ensure_ascii=False)

    def to_frame(self, *, raw: bool = False) -> Any:
        """The pinned and ranked matches as a pandas DataFrame (``pandas`` extra).

        One row per match: rank, pinned, score, service, organization, ids,
        distance, needs, languages, factors, phone, address (empty when
        confidential), how to apply, reasons, warnings and ``points_<component>``.

        Parameters
        ----------
        raw : bool, default=False
            Text cells a spreadsheet would run as a formula (starting with
            ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading
            ``'`` (the OWASP rule against CSV injection), so ``to_csv()`` of
            the frame is safe to open in Excel.  ``raw=True`` keeps the text
            as it is, for software that reads the frame itself.
        """
        pd = require("pandas", extra="pandas", feature="MatchResult.to_frame()")
        cell = (lambda v: v) if raw else spreadsheet_cell
        rows = []
        for m in [*self.pinned, *self.matches]:
            row = {
                "rank": m.rank, "pinned": m.pinned, "score": m.score, "service": m.service,
                "organization": m.organization, "service_id": m.service_id,
                "location_id": m.location_id, "distance_km": m.distance_km,
                "needs": ", ".join(m.needs), "languages": ", ".join(m.languages),
                "factors": ", ".join(m.factors),
                "phone": _first_number(m), "address": m.contact.get("address") or "",
                "how_to_apply": m.contact.get("how_to_apply") or "",
                "reasons": "; ".join(m.reasons), "warnings": "; ".join(m.warnings),
            }
            row = {k: cell(v) for k, v in row.items()}
            row.update({f"points_{c}": m.contributions.get(c, 0.0) for c in COMPONENTS})
            rows.append(row)
        return pd.DataFrame(rows)

    # -- for coordinators and families ---------------------------------------------------
    def _source_directory(self, directory: Any = None) -> Any:
        """The directory to look offerings up in: given, remembered, else the sample."""
        if directory is not None:
            return directory
        if self.directory is not None:
            return self.directory
        from pfmatch._directory import Directory

        return Directory.sample()

    def map(self, directory: Any = None, *, family: Any = None, zip: str | None = None,
            zoom_start: int = 12) -> Any:
        """A folium map: the family's area and the offerings shown (``folium`` extra).

        Parameters
        ----------
        directory : Directory, optional
            The directory the result came from (for coordinates); default: the
            one :func:`pfmatch.what_if` remembered, else the bundled sample.
        family : Family or mapping, optional
            Used only for its ZIP code: the map shades the ZIP's centroid area,
            never an address or exact coordinates (coordinates are snapped to
            the nearest ZIP centroid).
        zip : str, optional
            A ZIP code for the family's area instead of ``family``.
        zoom_start : int, default=12

        Returns
        -------
        folium.Map
            Ranked offerings as blue markers with popups, pinned safety
            resources in red; confidential locations are never placed, and
            remote services are listed in the legend as "not on the map".
        """
        from pfmatch._map import result_map

        return result_map(self, self._source_directory(directory), family=family, zip5=zip,
                          zoom_start=zoom_start)

    def to_handout(self, language: str = "en", *, first_name: str | None = None,
                   format: str = "html", directory: Any = None) -> str:
        """A plain, printable referral sheet for the family.

        Parameters
        ----------
        language : {"en", "es"}, default="en"
            English or Spanish (human translations kept as data).
        first_name : str, optional
            The only family detail the sheet can carry.
        format : {"html", "markdown"}, default="html"
            A standalone HTML page (inline print styles, no scripts) or Markdown.
        directory : Directory, optional
            Where to look up hours, documents, cost and bus notes; as for :meth:`map`.

        Returns
        -------
        str
            No scores, reasons, needs or screening results: for each service what
            it is, how to get there or reach it without a phone, hours, what to
            bring and cost; crisis lines first when a safety rule pinned them.

        Examples
        --------
        >>> import pfmatch
        >>> r = pfmatch.match({"location": {"zip": "90011"}, "needs": ["food"]}, k=2)
        >>> "Qué llevar" in r.to_handout("es")
        True
        """
        from pfmatch._handout import handout

        return handout(self, self._source_directory(directory), language=language,
                       first_name=first_name, format=format)

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


def best_name(query: str, names: Sequence[str]) -> int | None:
    """Index of the name ``query`` means: exact, then contained, then a close spelling.

    Case and punctuation are ignored; "food box" finds "Senior and Family Food
    Box" and "Far Pantyr" finds "Far Pantry", but "Far Pantry" does not find
    "Corner Pantry".
    """
    from rapidfuzz import fuzz, process, utils

    q = utils.default_process(query)
    if not q or not names:
        return None
    norm = [utils.default_process(n) for n in names]
    for i, n in enumerate(norm):
        if n == q:
            return i
    contained = [i for i, n in enumerate(norm) if q in n.split() or f" {q} " in f" {n} "]
    if contained:
        return min(contained, key=lambda i: len(norm[i]))
    best = process.extractOne(q, norm, scorer=fuzz.token_sort_ratio, processor=None,
                              score_cutoff=80)
    return None if best is None else int(best[2])


def _first_number(m: Match) -> str:
    phones = m.contact.get("phones") or []
    return str(phones[0].get("number", "")) if phones else ""


def _plain(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        d = asdict(obj)
        return {k: (list(v) if isinstance(v, (tuple, frozenset, set)) else v) for k, v in d.items()}
    return obj


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


#: What each exclusion rule means, and what might change the answer.
RULE_HELP: dict[str, str] = {
    "inactive": "the directory lists it as not operating",
    "outside_service_area": "it serves only certain places and the family lives elsewhere",
    "age": "its age range fits no one in the family",
    "population": "it is only for a group the family's data says it is not in (for example "
                  "a program for men, and a family of women)",
    "income": "the household's income is above its limit",
    "language": "it offers none of the family's languages and no interpretation; an "
                "interpreter arranged by the coordinator may open it up",
    "phone_only_intake": "intake is by phone only and the family has no reliable phone; a "
                         "warm handoff from the coordinator's phone may work",
    "online_only": "it is only online and the family has no internet access",
    "too_far": "it is beyond the family's distance limit; try what_if with a larger "
               "max_distance_km or with transport arranged",
    "already_connected": "the family already uses it (a strength, not a new referral)",
    "no_matching_need": "it answers none of the needs found for this family",
    "other_location": "another site of the same service ranks higher and is listed; ask "
                      "the provider if this site suits the family better",
}


def why_not_text(query: str, exclusions: Sequence[Exclusion], *, width: int = 80) -> str:
    """"Why not X?": the rule and reason for each excluded location of one service."""
    from pfmatch._display import wrap

    name = exclusions[0].service
    lines = wrap(f"Why not {name!r}? It was left out by a rule, before scoring, so no "
                 "weight could bring it back.", width)
    by_rule: dict[str, list[Exclusion]] = {}
    for e in exclusions:
        by_rule.setdefault(e.rule, []).append(e)
    for rule, exs in by_rule.items():
        where = "1 location" if len(exs) == 1 else f"{len(exs)} locations"
        lines.extend(wrap(f"rule {rule} ({where}): {RULE_HELP.get(rule, rule)}.", width,
                          indent="  ", subsequent="    "))
        reasons = list(dict.fromkeys(e.reason for e in exs))
        for reason in reasons[:4]:
            lines.extend(wrap(reason, width, indent="    - ", subsequent="      "))
        if len(reasons) > 4:
            lines.append(f"    - … and {len(reasons) - 4} more like these")
    return "\n".join(lines)

