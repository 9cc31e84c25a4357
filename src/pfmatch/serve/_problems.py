"""RFC 9457 problem details: the one shape of every error the service returns.

A problem names the JSON path of the bad field and what is wrong with it, never
the value that was sent (family data is sensitive) and never a traceback.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["PROBLEM_TYPES", "Problem", "problem_body"]

MEDIA_TYPE = "application/problem+json"
_BASE = "https://pfmatch.org/problems/"

#: type slug -> (status, title)
PROBLEM_TYPES: dict[str, tuple[int, str]] = {
    "invalid-json": (400, "The body is not valid JSON"),
    "unauthorized": (401, "An API key is required"),
    "forbidden": (403, "The API key is not accepted here"),
    "not-found": (404, "Not found"),
    "method-not-allowed": (405, "Method not allowed"),
    "unsupported-media-type": (415, "The body must be application/json"),
    "too-large": (413, "The body is larger than this service accepts"),
    "invalid-family": (422, "The family data is invalid"),
    "invalid-request": (422, "The request is invalid"),
    "reload-failed": (422, "The new directory did not load; the old one is still serving"),
    "overloaded": (503, "The service is at capacity; retry shortly"),
    "not-ready": (503, "No directory is loaded yet"),
    "internal": (500, "Internal error"),
}


class Problem(Exception):
    """An error answered as ``application/problem+json``.

    Parameters
    ----------
    kind : str
        A key of :data:`PROBLEM_TYPES`.
    detail : str, optional
        What is wrong, in words; never a field's value.
    path : str, optional
        JSON path of the bad field (``$.family.children[0].age_months``).
    headers : dict, optional
        Extra response headers (``Retry-After``, ``WWW-Authenticate``).
    extra : dict, optional
        More members (``errors``, ``fix``).
    """

    def __init__(self, kind: str, detail: str | None = None, *, path: str | None = None,
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(kind)
        self.kind = kind
        self.status, self.title = PROBLEM_TYPES[kind]
        self.detail = detail
        self.path = path
        self.headers = headers or {}
        self.extra = extra


def problem_body(p: Problem, *, instance: str, request_id: str) -> bytes:
    doc: dict[str, Any] = {"type": _BASE + p.kind, "title": p.title, "status": p.status}
    if p.detail:
        doc["detail"] = p.detail
    doc["instance"] = instance
    if p.path:
        doc["errors"] = [{"path": p.path, "detail": p.detail or p.title,
                          **({"fix": p.extra["fix"]} if p.extra.get("fix") else {})}]
    doc.update({k: v for k, v in p.extra.items() if k != "fix"})
    doc["request_id"] = request_id
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
