"""pfmatch over HTTP: ``pfmatch serve`` (the ``serve`` extra: FastAPI on uvicorn).

211 software that is not Python (Java, .NET, PHP, JavaScript) calls the same
``match()`` through versioned ``/v1`` endpoints, with JSON Schemas (2020-12)
for the family, weights and result, and an OpenAPI 3.1 document committed in
``schemas/openapi.json``.  See ``docs/http.md``.

The names below import FastAPI only when used, so the command line and the
schemas work without the ``serve`` extra.

>>> from pfmatch.serve import Settings
>>> Settings(open=True).max_body_bytes
1048576
"""

from __future__ import annotations

from typing import Any

from pfmatch.serve._schemas import build_schemas, standalone
from pfmatch.serve._settings import Settings

__all__ = ["Settings", "build_schemas", "create_app", "openapi_document", "standalone"]


def __getattr__(name: str) -> Any:
    if name in ("create_app", "openapi_document"):
        from pfmatch.serve import _app

        return getattr(_app, name)
    raise AttributeError(f"module 'pfmatch.serve' has no attribute {name!r}")
