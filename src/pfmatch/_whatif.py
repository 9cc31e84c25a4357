"""What-if: how the list moves when a barrier is removed or a weight changes.

:func:`what_if` runs :func:`pfmatch.match` twice, on the family as it is and
on the family with ``changes`` applied, and lines the two lists up: which
offerings moved up or down, which are new, which dropped off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pfmatch._errors import ConfigError
from pfmatch._optional import require
from pfmatch._results import Match, MatchResult

__all__ = ["WhatIf", "WhatIfRow", "apply_changes", "what_if"]

#: Keys of ``changes`` that edit a list field of the family instead of replacing it.
LIST_EDITS: dict[str, tuple[str, str]] = {
    "remove_barriers": ("barriers", "remove"),
    "add_barriers": ("barriers", "add"),
    "remove_needs": ("needs", "remove"),
    "add_needs": ("needs", "add"),
    "add_languages": ("languages", "add"),
    "add_connected_services": ("connected_services", "add"),
}
_OTHER_KEYS = ("weights", "k", "coverage", "label")


def _as_list(v: Any, key: str) -> list[Any]:
    if isinstance(v, str):
        return [v]
    if isinstance(v, Sequence):
        return list(v)
    raise ConfigError(f"what_if changes[{key!r}] must be a string or a list of strings.")


def apply_changes(family: Any, changes: Mapping[str, Any]) -> Any:
    """The family with ``changes`` applied (validated; see :func:`what_if`)."""
    from pfmatch.assess import Family
    from pfmatch.assess._family import normalize_barrier

    data = Family.coerce(family).to_dict()
    for key, value in changes.items():
        if key in _OTHER_KEYS:
            continue
        if key in LIST_EDITS:
            target, op = LIST_EDITS[key]
            items = _as_list(value, key)
            current = list(data.get(target, []))
            if target == "barriers":
                items = [normalize_barrier(b, f"$.changes.{key}[{i}]")
                         for i, b in enumerate(items)]
            if op == "remove":
                drop = {str(x).casefold() for x in items}
                current = [x for x in current if str(x).casefold() not in drop]
            else:
                current += [x for x in items if x not in current]
            data[target] = current
        elif value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return Family.from_dict(data)


@dataclass(frozen=True)
class WhatIfRow:
    """One offering's place before and after (ranks are None when not listed)."""

    service_id: str
    location_id: str | None
    service: str
    organization: str
    before: int | None
    after: int | None
    pinned: bool = False
    score_before: float | None = None
    score_after: float | None = None

    @property
    def move(self) -> str:
        """"new", "dropped", "pinned", "=" or an arrow with the places moved ("▲2", "▼1")."""
        if self.pinned:
            return "pinned"
        if self.before is None:
            return "new"
        if self.after is None:
            return "dropped"
        d = self.before - self.after
        return "=" if d == 0 else (f"▲{d}" if d > 0 else f"▼{-d}")


@dataclass
class WhatIf:
    """Before and after: two :class:`MatchResult` and the rows that line them up.

    Attributes
    ----------
    before, after : MatchResult
    label : str
        What changed, in words.
    rows : list of WhatIfRow
        Pinned first, then in the order of the "after" list, then the dropped ones.
    """

    before: MatchResult
    after: MatchResult
    label: str
    rows: list[WhatIfRow] = field(default_factory=list)

    @property
    def new(self) -> list[WhatIfRow]:
        """Offerings listed only after the change."""
        return [r for r in self.rows if r.move == "new"]

    @property
    def dropped(self) -> list[WhatIfRow]:
        """Offerings listed only before the change."""
        return [r for r in self.rows if r.move == "dropped"]

    def summary(self) -> str:
        """One line: how many are new, dropped, moved."""
        moved = sum(1 for r in self.rows if r.move[:1] in "▲▼")
        return (f"{self.label}: {len(self.new)} new, {len(self.dropped)} dropped, "
                f"{moved} moved, {sum(1 for r in self.rows if r.move == '=')} unchanged")

    def to_table(self, width: int = 80) -> str:
        """A plain-text before/after table that fits ``width`` columns."""
        from pfmatch._display import fit, wrap

        width = max(40, width)
        lines = wrap(self.summary(), width)
        lines.append("-" * width)
        name_w = width - 25
        lines.append(f"{'before':>6} {'after':>6} {'move':>8}  {'service':<{name_w}}"[:width].rstrip())
        lines.append("-" * width)
        for r in self.rows:
            b = "pin" if r.pinned else ("—" if r.before is None else str(r.before))
            a = "pin" if r.pinned else ("—" if r.after is None else str(r.after))
            lines.append(f"{b:>6} {a:>6} {r.move:>8}  " + fit(f"{r.service} ({r.organization})",
                                                             name_w))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_table()

    def __repr__(self) -> str:
        return f"<WhatIf {self.summary()}>"

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame (``pandas`` extra)."""
        pd = require("pandas", extra="pandas", feature="WhatIf.to_frame()")
        return pd.DataFrame([{"before": r.before, "after": r.after, "move": r.move,
                              "pinned": r.pinned, "service": r.service,
                              "organization": r.organization, "score_before": r.score_before,
                              "score_after": r.score_after, "service_id": r.service_id,
                              "location_id": r.location_id} for r in self.rows])

    def _repr_html_(self) -> str:
        from pfmatch._display import _esc

        colors = {"new": "#047857", "dropped": "#b91c1c", "pinned": "#b91c1c"}
        td = "style='text-align:left;padding:2px 6px'"
        body = []
        for r in self.rows:
            b = "pin" if r.pinned else ("—" if r.before is None else str(r.before))
            a = "pin" if r.pinned else ("—" if r.after is None else str(r.after))
            mv = r.move
            color = colors.get(mv, "#047857" if mv.startswith("▲") else
                               "#b45309" if mv.startswith("▼") else "#374151")
            body.append(f"<tr><td {td}>{b}</td><td {td}>{a}</td>"
                        f"<td {td}><b style='color:{color}'>{_esc(mv)}</b></td>"
                        f"<td {td}>{_esc(r.service)}<br><small>{_esc(r.organization)}</small></td>"
                        "</tr>")
        return ("<div class='pfmatch-whatif'><p><b>What if:</b> " + _esc(self.summary()) + "</p>"
                "<table style='border-collapse:collapse'><thead><tr>"
                + "".join(f"<th {td}>{h}</th>" for h in ("Before", "After", "Move", "Service"))
                + "</tr></thead><tbody>" + "".join(body) + "</tbody></table></div>")


def _key(m: Match) -> tuple[str, str | None]:
    return (m.service_id, m.location_id)


def _rows(before: MatchResult, after: MatchResult) -> list[WhatIfRow]:
    rows: list[WhatIfRow] = []
    seen: set[tuple[str, str | None]] = set()
    b_rank = {_key(m): m for m in before.matches}
    for m in [*after.pinned, *before.pinned]:
        if _key(m) in seen:
            continue
        seen.add(_key(m))
        rows.append(WhatIfRow(m.service_id, m.location_id, m.service, m.organization, None, None,
                              pinned=True))
    for m in after.matches:
        if _key(m) in seen:
            continue
        seen.add(_key(m))
        old = b_rank.get(_key(m))
        rows.append(WhatIfRow(m.service_id, m.location_id, m.service, m.organization,
                              old.rank if old else None, m.rank,
                              score_before=old.score if old else None, score_after=m.score))
    for m in before.matches:
        if _key(m) in seen:
            continue
        seen.add(_key(m))
        rows.append(WhatIfRow(m.service_id, m.location_id, m.service, m.organization, m.rank,
                              None, score_before=m.score))
    return rows


def _label(changes: Mapping[str, Any]) -> str:
    if "label" in changes:
        return str(changes["label"])
    bits = []
    for k, v in changes.items():
        if k in LIST_EDITS:
            verb = "without" if LIST_EDITS[k][1] == "remove" else "with"
            what = ", ".join(map(str, _as_list(v, k)))
            bits.append(f"{verb} {what}")
        elif k == "weights":
            bits.append("weights " + ", ".join(f"{c}={w:g}" for c, w in dict(v).items()))
        else:
            bits.append(f"{k}={v!r}")
    return "what if " + "; ".join(bits) if bits else "no change"


def what_if(family: Any, directory: Any = None, changes: Mapping[str, Any] | None = None, *,
            k: int = 10, weights: Any = None, coverage: bool = True,
            geocoder: Any = None) -> WhatIf:
    """Show how the ranked list moves when something about the family or the weights changes.

    Parameters
    ----------
    family : Family or mapping
        The family as it is now.
    directory : Directory, path or None, default=None
        As for :func:`pfmatch.match` (None: the bundled sample).
    changes : mapping
        What to change.  Keys:

        * ``remove_barriers`` / ``add_barriers``: barrier codes or phrases, e.g.
          ``{"remove_barriers": ["no_transportation"]}`` when transport is arranged;
        * ``remove_needs`` / ``add_needs``, ``add_languages``,
          ``add_connected_services``: edit those lists;
        * ``weights``: component weights to change, e.g. ``{"distance": 0.4}``
          (merged onto ``weights``);
        * ``k``, ``coverage``: for the "after" list only;
        * ``label``: how to describe the change in the table;
        * any other family field (``max_distance_km``, ``location``...):
          replaced by the value given (None removes it).
    k, weights, coverage, geocoder
        As for :func:`pfmatch.match`, for both lists.

    Returns
    -------
    WhatIf
        ``before`` and ``after`` results and a before/after table
        (``print(w)``, ``w.to_frame()``, or displayed in a notebook).

    Raises
    ------
    FamilyDataError
        When the changed family is not valid.
    ConfigError
        When ``changes`` or the weights are malformed.

    Examples
    --------
    >>> import pfmatch
    >>> fam = {"location": {"zip": "90011"}, "needs": ["food"], "barriers": ["no_transportation"],
    ...        "max_distance_km": 3}
    >>> w = pfmatch.what_if(fam, changes={"remove_barriers": ["no_transportation"],
    ...                                   "max_distance_km": 15}, k=5)
    >>> len(w.after)
    5
    """
    from pfmatch._match import _directory, match
    from pfmatch._weights import Weights
    from pfmatch.assess import Family

    if not changes:
        raise ConfigError("what_if needs changes, e.g. {'remove_barriers': ['no_transportation']}.")
    if not isinstance(changes, Mapping):
        raise ConfigError("The 'changes' parameter of what_if must be a mapping.")
    d = _directory(directory)
    fam = Family.coerce(family)
    new_fam = apply_changes(fam, changes)
    w_before = Weights.coerce(weights)
    w_after = w_before
    if changes.get("weights") is not None:
        w_after = Weights.from_dict({**w_before.to_dict(), **dict(changes["weights"])})
    before = match(fam, d, k=k, weights=w_before, coverage=coverage, geocoder=geocoder)
    after = match(new_fam, d, k=int(changes.get("k", k)), weights=w_after,
                  coverage=bool(changes.get("coverage", coverage)), geocoder=geocoder)
    for r in (before, after):
        r.directory = d
    return WhatIf(before=before, after=after, label=_label(changes), rows=_rows(before, after))
