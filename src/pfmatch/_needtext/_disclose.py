"""Disclosures of danger in a stated need ("my husband hits me", "quiero morirme").

Patterns are data (``data/disclosures.toml``).  Nothing here logs or returns the
text: a caller learns only which flags fired.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from pfmatch._datafiles import load_toml
from pfmatch._needmap import normalize_phrase

__all__ = ["DisclosureRule", "disclosure_rules", "disclosures"]

_MACRO = re.compile(r"\{(\w+)\}")
#: how far around a match an "unless" word cancels it (characters)
WINDOW = 30


@dataclass(frozen=True)
class DisclosureRule:
    """One flag's compiled patterns, the need it raises and its urgency."""

    flag: str
    needs: tuple[str, ...]
    urgency: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    unless_before: tuple[re.Pattern[str], ...]


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise ValueError(f"disclosures.toml: {where} uses an unknown macro {{{name}}}")
        return f"(?:{macros[name]})"
    return _MACRO.sub(sub, pattern)


def _compile(doc: dict[str, Any]) -> tuple[DisclosureRule, ...]:
    macros = {k: str(v) for k, v in doc.get("macros", {}).items()}
    rules = []
    for i, f in enumerate(doc["flag"]):
        where = f"flag[{i}] ({f['code']})"
        pats = tuple(re.compile(rf"\b(?:{_expand(p, macros, where)})\b")
                     for p in f["patterns"])
        unless = tuple(re.compile(rf"\b(?:{_expand(p, macros, where)})\b")
                       for p in f.get("unless", []))
        before = tuple(re.compile(rf"\b(?:{_expand(p, macros, where)})\s*$")
                       for p in f.get("unless_before", []))
        rules.append(DisclosureRule(f["code"], tuple(f.get("needs", [])),
                                    str(f.get("urgency", "urgent")), pats, unless, before))
    return tuple(rules)


@functools.cache
def disclosure_rules() -> tuple[DisclosureRule, ...]:
    """The compiled rules of the bundled ``data/disclosures.toml`` (built once)."""
    return _compile(load_toml("disclosures.toml"))


def _fires(rule: DisclosureRule, s: str) -> bool:
    for pat in rule.patterns:
        for m in pat.finditer(s):
            window = s[max(0, m.start() - WINDOW):m.end() + WINDOW]
            if any(u.search(window) for u in rule.unless):
                continue
            before = s[:m.start()]
            if any(b.search(before) for b in rule.unless_before):
                continue
            return True
    return False


@functools.lru_cache(maxsize=8192)
def disclosures(text: str) -> tuple[str, ...]:
    """The flags a stated need text discloses, in rule order (possibly none).

    Parameters
    ----------
    text : str
        A stated need, as typed.

    Returns
    -------
    tuple of str
        Flag codes (``"interpersonal_violence"``, ``"self_harm_risk"``).
    """
    s = normalize_phrase(text)
    if not s:
        return ()
    return tuple(r.flag for r in disclosure_rules() if _fires(r, s))
