"""Safe text for the software that reads pfmatch's outputs: one definition of each rule.

* :func:`clean_text`: invalid Unicode out.  Lone surrogates (``"\\ud800"``, which
  no UTF-8 encoder writes) become U+FFFD; NUL and the other control characters
  but tab, newline and carriage return are removed.  Provider text is cleaned
  once, at load (:func:`repair_tree`, each repair in the load report), so every
  output can be written as UTF-8.
* :func:`safe_url`: only ``http``, ``https``, ``mailto`` and ``tel`` URLs are
  kept (``javascript:``, ``data:``, ``vbscript:``, ``file:``... are dropped at
  load, with a report entry, and again in every output as a second guard).
* :func:`spreadsheet_cell`: the OWASP rule against formula injection: a text
  cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
  leading ``'`` in CSV and DataFrame output, so a spreadsheet shows it as text
  instead of running it.  ``raw=True`` switches this off.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["SAFE_SCHEMES", "clean_text", "needs_cleaning", "repair_tree", "safe_url",
           "spreadsheet_cell"]

#: URL schemes pfmatch keeps; any other URL is dropped.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Characters that make text invalid (lone surrogates) or unsafe (controls but \t \n \r).
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: JSON escapes that decode to one of those characters (the cheap test on raw JSON text).
_BAD_ESCAPE = re.compile(r"\\u(?:00[01][0-9a-fA-F]|007[fF]|[dD][89a-fA-F][0-9a-fA-F]{2})")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
#: What browsers ignore inside a URL's scheme (so "java\tscript:" is "javascript:").
_IGNORED_IN_URL = re.compile("[\x00-\x20\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def needs_cleaning(text: str, *, json_text: bool = False) -> bool:
    """Whether ``text`` (or, with ``json_text=True``, the JSON it encodes) may hold bad characters."""
    if _BAD.search(text):
        return True
    return json_text and "\\u" in text and _BAD_ESCAPE.search(text) is not None


def clean_text(text: str) -> tuple[str, str | None]:
    """Text without lone surrogates and control characters, and what was repaired.

    Returns
    -------
    text : str
        Lone surrogates replaced by U+FFFD, control characters (but tab,
        newline, carriage return) removed.
    what : str or None
        ``"2 lone surrogates, 1 control character"``, or None when nothing changed.
    """
    if not _BAD.search(text):
        return text, None
    parts = []
    text, n = _SURROGATE.subn("\ufffd", text)
    if n:
        parts.append(f"{n} lone surrogate{'s' if n != 1 else ''} (replaced by U+FFFD)")
    text, n = _CONTROL.subn("", text)
    if n:
        parts.append(f"{n} control character{'s' if n != 1 else ''} (removed)")
    return text, ", ".join(parts)


def repair_tree(obj: Any, note: Callable[[str, str], None], path: str = "", *,
                seen: set[int] | None = None) -> Any:
    """Clean every string (and key) in a JSON-like tree in place; ``note(where, what)`` per repair.

    Returns the cleaned tree (a string given alone is returned cleaned).  Objects
    whose ``id`` is in ``seen`` are skipped (and the ones walked are added), so
    an object shared by several trees is cleaned once.
    """
    if isinstance(obj, str):
        text, what = clean_text(obj)
        if what:
            note(path or "value", what)
        return text
    if seen is None:
        seen = set()
    if isinstance(obj, (dict, list)):
        if id(obj) in seen:
            return obj
        seen.add(id(obj))
    if isinstance(obj, dict):
        for key in list(obj):
            value = obj[key]
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and _BAD.search(key):
                new_key, what = clean_text(key)
                del obj[key]
                where = f"{path}.{new_key}" if path else new_key
                note(where, f"field name had {what}")
                key = new_key
            obj[key] = repair_tree(value, note, where, seen=seen)
        return obj
    if isinstance(obj, list):
        for i, value in enumerate(obj):
            obj[i] = repair_tree(value, note, f"{path}[{i}]", seen=seen)
    return obj


def url_scheme(url: str) -> str | None:
    """The scheme of a URL as a browser reads it (lower case), or None when it has none."""
    m = _SCHEME.match(_IGNORED_IN_URL.sub("", url))
    return m.group(1).lower() if m else None


def safe_url(url: Any) -> str | None:
    """``url`` when it is safe to link to, else None.

    A URL with a scheme is kept only when the scheme is in :data:`SAFE_SCHEMES`;
    a value without one (``www.example.org``) is kept as text.
    """
    if not isinstance(url, str):
        return None
    u = url.strip()
    if not u:
        return None
    scheme = url_scheme(u)
    if scheme is not None and scheme not in SAFE_SCHEMES and not _looks_like_host(u):
        return None
    return u


def _looks_like_host(u: str) -> bool:
    """``www.example.org:8080/x`` has a "scheme" by the grammar, but is a host and port."""
    head, _, rest = u.partition(":")
    return "." in head and rest[:1].isdigit()


def spreadsheet_cell(value: Any) -> Any:
    """A text cell a spreadsheet will not run as a formula (OWASP: prefix ``'``).

    Non-text values (numbers, booleans, None) are returned unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
