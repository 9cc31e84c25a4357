"""Taxonomy codes and names from ``attributes[].taxonomy_term``.

Codes: ``taxonomy_term.code`` when present, else its ``id`` (Open Eligibility
and Ohana-style ids are codes: "1102", "101-02-01").  Names: ``taxonomy_term.name``.
Terms from the ``keywords`` taxonomy (Ohana keywords) are keywords, not
taxonomy: they go to the offering's matching text only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pfmatch.normalize._text import as_list, as_str

__all__ = ["KEYWORD_TAXONOMIES", "taxonomy_terms"]

KEYWORD_TAXONOMIES = frozenset({"keywords", "keyword", "tags", "tag"})


def taxonomy_terms(attribute_lists: Iterable[Any]
                   ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Collect taxonomy codes, names and keywords.

    Parameters
    ----------
    attribute_lists : iterable
        ``attributes`` arrays (service, service_at_location, location...).

    Returns
    -------
    (codes, names, keywords)
        De-duplicated, in order of first appearance.
    """
    codes: dict[str, None] = {}
    names: dict[str, None] = {}
    keywords: dict[str, None] = {}
    for attrs in attribute_lists:
        for attr in as_list(attrs):
            term = attr.get("taxonomy_term")
            if not isinstance(term, dict):
                continue
            taxonomy = term.get("taxonomy")
            if isinstance(taxonomy, dict):
                taxonomy = taxonomy.get("name")
            name = as_str(term.get("name"))
            if as_str(taxonomy).lower() in KEYWORD_TAXONOMIES:
                if name:
                    keywords[name] = None
                continue
            code = as_str(term.get("code")) or as_str(term.get("id"))
            if code:
                codes[code] = None
            if name:
                names[name] = None
    return tuple(codes), tuple(names), tuple(keywords)
