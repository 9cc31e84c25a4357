"""The FastAPI application: versioned ``/v1`` endpoints over one loaded directory.

Bodies are read as raw JSON and validated by the library itself (no second
model of the family to drift); answers are the library's own JSON
(``MatchResult.to_json``).  Matching runs in a small thread pool, so the event
loop keeps answering health checks and refusing work beyond capacity.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import threading
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from pfmatch._errors import FamilyDataError, PfmatchError
from pfmatch._optional import require
from pfmatch._results import why_not_text

require("fastapi", extra="serve", feature="pfmatch serve")
require("uvicorn", extra="serve", feature="pfmatch serve")

import anyio
import numpy as np
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

import pfmatch
from pfmatch._version import __version__
from pfmatch.serve import _openapi as oa
from pfmatch.serve._auth import KeySet, check_keys
from pfmatch.serve._batcher import Batcher
from pfmatch.serve._encode import dumps, result_doc
from pfmatch.serve._gate import Gate
from pfmatch.serve._problems import MEDIA_TYPE, Problem, problem_body
from pfmatch.serve._requests import (
    BatchRequest,
    ExplainRequest,
    MatchRequest,
    family_problem,
    parse_json,
)
from pfmatch.serve._schemas import SCHEMA_NAMES, build_schemas, for_openapi, standalone
from pfmatch.serve._settings import Settings
from pfmatch.serve._state import DirectoryHolder, Loaded
from pfmatch.serve._views import service_record, vocabularies

__all__ = ["build_app", "create_app", "openapi_document"]

log = logging.getLogger("pfmatch.serve")
T = TypeVar("T")

_DESCRIPTION = """\
Rank community services for a family a 211 care coordinator has talked with.

Every result's contribution points add up to its score; crisis lines are
pinned first when a screening says so; ineligible services are never
recommended. Family data is never echoed back and never logged.

Send an API key in `X-API-Key` or `Authorization: Bearer`. Errors are RFC 9457
`application/problem+json` naming the JSON path of the bad field.
"""


def _json(doc: Any) -> Response:
    body = doc if isinstance(doc, (bytes, str)) else dumps(doc)
    return Response(content=body, media_type="application/json")


def _result_json(result: Any, *, include_assessment: bool, max_excluded: int,
                 handout_html: str | None = None) -> bytes:
    total = len(result.excluded)
    if total > max_excluded:
        # Only the page returned is built: decoding every excluded record of a large
        # directory costs seconds.
        ex = result.excluded
        result = copy.copy(result)
        result.excluded = ex.head(max_excluded) if hasattr(ex, "head") else list(
            ex[:max_excluded])
    doc = result_doc(result, include_assessment=include_assessment)
    if total > max_excluded:
        doc["excluded_total"] = total
    if handout_html is not None:
        doc["handout_html"] = handout_html
    return dumps(doc)


def build_app(settings: Settings, holder: DirectoryHolder | None = None) -> Any:
    """The FastAPI app (without the gate); ``holder`` defaults to one over ``settings``."""
    holder = holder or DirectoryHolder(settings.directory, settings.control_file)
    limiter = anyio.CapacityLimiter(settings.compute_threads)
    reload_limiter = anyio.CapacityLimiter(1)

    app = FastAPI(title="pfmatch", version=__version__, description=_DESCRIPTION,
                  openapi_url="/v1/openapi.json", docs_url=None, redoc_url=None,
                  servers=[{"url": "/", "description": "this service"}])
    app.state.holder = holder
    app.state.settings = settings

    def rid(request: Request) -> str:
        return str(request.scope.get("state", {}).get("request_id", ""))

    def problem_response(request: Request, p: Problem) -> Response:
        return Response(problem_body(p, instance=request.url.path, request_id=rid(request)),
                        status_code=p.status, media_type=MEDIA_TYPE, headers=p.headers)

    @app.exception_handler(Problem)
    async def _on_problem(request: Request, exc: Problem) -> Response:
        return problem_response(request, exc)

    @app.exception_handler(HTTPException)
    async def _on_http(request: Request, exc: HTTPException) -> Response:
        kind = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "invalid-request")
        p = Problem(kind)
        p.status = exc.status_code
        return problem_response(request, p)

    @app.exception_handler(RequestValidationError)
    async def _on_invalid(request: Request, exc: RequestValidationError) -> Response:
        return problem_response(request, Problem("invalid-request", "The request is invalid."))

    @app.exception_handler(Exception)
    async def _on_error(request: Request, exc: Exception) -> Response:
        return problem_response(request, Problem("internal", "An unexpected error; quote the "
                                                 "request id when reporting it."))

    def current() -> Loaded:
        loaded = holder.current
        if loaded is None:
            raise Problem("not-ready", "The directory is still loading.",
                          headers={"Retry-After": "2"})
        return loaded

    async def run(fn: Callable[..., T], *args: Any, under: str = "$.family") -> T:
        try:
            return await anyio.to_thread.run_sync(partial(fn, *args), limiter=limiter)
        except FamilyDataError as e:  # found while matching rather than validating
            raise family_problem(e, under) from None
        except PfmatchError as e:
            raise Problem("invalid-request", str(e)) from None

    async def body(request: Request) -> Any:
        ctype = request.headers.get("content-type", "application/json")
        if "json" not in ctype.split(";", 1)[0]:
            raise Problem("unsupported-media-type", "Send Content-Type: application/json.")
        return parse_json(await request.body())

    # -- health ----------------------------------------------------------------------
    @app.get("/healthz", tags=["health"], summary="The process is up",
             responses=oa.returns("Health"))
    async def healthz() -> Response:
        return _json({"status": "ok"})

    @app.get("/readyz", tags=["health"], summary="A directory is loaded and serving",
             responses={**oa.returns("DirectorySummary"), **oa.problems(503)})
    async def readyz() -> Response:
        return _json({"status": "ready", **current().summary()})

    # -- contract --------------------------------------------------------------------
    @app.get("/v1/schemas/{name}.json", tags=["contract"],
             summary="A published JSON Schema (2020-12): Family, Weights or MatchResult",
             responses={200: {"description": "The schema",
                              "content": {"application/schema+json": {"schema": {}}}},
                        **oa.problems(404)})
    async def schema(name: str) -> Response:
        if name not in SCHEMA_NAMES:
            raise Problem("not-found", "Published schemas: " + ", ".join(SCHEMA_NAMES))
        return Response(json.dumps(standalone(name), ensure_ascii=False),
                        media_type="application/schema+json")

    # -- matching --------------------------------------------------------------------
    def do_match(loaded: Loaded, req: MatchRequest) -> bytes:
        result = pfmatch.match(req.family, loaded.directory, k=req.k, weights=req.weights,
                               explain=req.explain)
        html = None
        if req.handout is not None:
            html = result.to_handout(req.handout.language, first_name=req.handout.first_name,
                                     format="html", directory=loaded.directory)
        return _result_json(result, include_assessment=req.include_assessment,
                            max_excluded=settings.max_excluded, handout_html=html)

    @app.post("/v1/match", tags=["match"], summary="Rank services for one family",
              openapi_extra=oa.body("MatchRequest"),
              responses={**oa.returns("MatchResult"),
                         **oa.problems(400, 401, 403, 413, 415, 422, 503)})
    async def match_one(request: Request) -> Response:
        # Reached only when the app runs without the gate (the gate answers this path
        # itself, see match_direct); the same steps.
        return _json(await answer_match(await body(request)))

    async def answer_match(raw: bytes) -> bytes:
        req = MatchRequest.parse(parse_json(raw), settings.max_k)
        try:
            return await batcher.submit(current(), req)
        except FamilyDataError as e:  # found while matching rather than validating
            raise family_problem(e, "$.family") from None
        except PfmatchError as e:
            raise Problem("invalid-request", str(e)) from None

    async def match_direct(scope: Any, receive: Any, send: Any) -> None:
        """``POST /v1/match`` as plain ASGI, called by the gate without FastAPI.

        The routing, middleware and request objects FastAPI and Starlette build for
        every request cost about a millisecond of the event loop's time, as much as
        parsing and validating the family; this path needs none of them.  A problem
        raised here is answered by the gate, as for every other path.
        """
        ctype = next((v for k, v in scope["headers"] if k == b"content-type"),
                     b"application/json")
        if b"json" not in ctype.split(b";", 1)[0]:
            raise Problem("unsupported-media-type", "Send Content-Type: application/json.")
        chunks = []
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        text = await answer_match(b"".join(chunks))
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(text)).encode("latin-1"))]})
        await send({"type": "http.response.body", "body": text})

    batcher = Batcher(do_match, limiter)
    app.state.batcher = batcher
    app.state.direct = {("POST", "/v1/match"): match_direct}

    def do_batch(loaded: Loaded, req: BatchRequest) -> bytes:
        results = pfmatch.match_many(req.families, loaded.directory, k=req.k,
                                     weights=req.weights, progress=False)
        return dumps({"results": [result_doc(r, include_assessment=req.include_assessment)
                                  for r in results]})

    @app.post("/v1/match/batch", tags=["match"], summary="Rank services for many families",
              openapi_extra=oa.body("BatchRequest"),
              responses={**oa.returns("BatchResponse"),
                         **oa.problems(400, 401, 403, 413, 415, 422, 503)})
    async def match_batch(request: Request) -> Response:
        req = BatchRequest.parse(await body(request), settings.max_k, settings.max_batch)
        return _json(await run(do_batch, current(), req, under="$.families[*]"))

    def do_explain(loaded: Loaded, req: ExplainRequest) -> dict[str, Any]:
        if req.service_id not in loaded.rows_by_service:
            raise Problem("not-found", "No service with this id in the directory.",
                          path="$.service_id")
        result = pfmatch.match(req.family, loaded.directory, k=req.k, weights=req.weights,
                               explain=True)
        m = result.get(req.service_id, req.location_id)
        rows = loaded.rows_by_service[req.service_id]
        ex = result.excluded
        # Only this service's rows: never every exclusion of the directory.
        found = (ex.for_rows(np.asarray(rows)) if hasattr(ex, "for_rows")
                 else [e for e in ex if e.service_id == req.service_id])
        why = [e for e in found if req.location_id is None or e.location_id == req.location_id]
        if m is not None:
            status = "pinned" if m.pinned else "shown"
        else:
            status = "excluded" if why else "ranked_below"
        w = result.weights.to_dict()
        waterfall = ([{"component": c, "points": p, "weight": w.get(c, 0.0)}
                      for c, p in m.contributions.items()] if m is not None else [])
        # Never the library's fuzzy name lookup here: the caller named an exact id.
        if m is not None:
            text = result.explain(m.service_id, m.location_id)
        elif why:
            text = why_not_text(why[0].service, why)
        else:
            first = loaded.rows_by_service[req.service_id][0]
            name = loaded.directory.index.offering(first).service_name
            text = (f"{name!r} passed the rules but ranked below the {req.k} shown; ask with "
                    "a larger k.")
        return {"service_id": req.service_id, "location_id": req.location_id, "status": status,
                "match": m.to_dict() if m is not None else None, "waterfall": waterfall,
                "why_not": [e.to_dict() for e in why[:settings.max_excluded]],
                "text": text}

    @app.post("/v1/explain", tags=["match"],
              summary="Explain one service for a family: its score waterfall, or why not",
              openapi_extra=oa.body("ExplainRequest"),
              responses={**oa.returns("ExplainResponse"),
                         **oa.problems(400, 401, 403, 404, 413, 415, 422, 503)})
    async def explain(request: Request) -> Response:
        req = ExplainRequest.parse(await body(request), settings.max_k)
        return _json(await run(do_explain, current(), req))

    # -- the directory ---------------------------------------------------------------
    @app.get("/v1/services/{service_id}", tags=["directory"],
             summary="A service's display record, with every location",
             responses={**oa.returns("ServiceRecord"), **oa.problems(401, 403, 404)})
    async def service(service_id: str) -> Response:
        rec = service_record(current(), service_id)
        if rec is None:
            raise Problem("not-found", "No service with this id in the directory.")
        return _json(rec)

    @app.get("/v1/directory", tags=["directory"], summary="What is loaded: counts and checksum",
             responses={**oa.returns("DirectorySummary"), **oa.problems(401, 403, 503)})
    async def directory() -> Response:
        return _json(current().summary())

    @app.get("/v1/directory/report", tags=["directory"],
             summary="The load report: counts and every record skipped or repaired (paged)",
             responses={**oa.returns("LoadReport"), **oa.problems(401, 403, 422, 503)})
    async def report(offset: int = 0, limit: int = 1000) -> Response:
        if offset < 0 or not 1 <= limit <= 10_000:
            raise Problem("invalid-request", "offset must be >= 0 and limit from 1 to 10000.")
        doc = current().directory.report.to_dict()
        problems = doc.get("problems", [])
        doc["problems_total"] = len(problems)
        doc["problems"] = problems[offset:offset + limit]
        doc["offset"], doc["limit"] = offset, limit
        return _json(doc)

    vocab = vocabularies()

    @app.get("/v1/vocabularies", tags=["vocabularies"],
             summary="Every pick list: needs, barriers, populations, languages, factors",
             responses={**oa.returns("Vocabularies"), **oa.problems(401, 403)})
    async def all_vocabularies() -> Response:
        return _json(vocab)

    @app.get("/v1/vocabularies/{name}", tags=["vocabularies"],
             summary="One pick list (needs, barriers, populations, languages, factors, "
                     "factor_levels, insurance)",
             responses={**oa.returns("Vocabulary"), **oa.problems(401, 403, 404)})
    async def one_vocabulary(name: str) -> Response:
        if name not in vocab:
            raise Problem("not-found", "Vocabularies: " + ", ".join(vocab))
        return _json(vocab[name])

    # -- administration ----------------------------------------------------------------
    @app.post("/v1/admin/reload", tags=["admin"],
              summary="Load a new directory and swap it in without downtime (admin key)",
              openapi_extra={"requestBody": {"required": False, "content": {
                  "application/json": {"schema": {"$ref":
                                                  "#/components/schemas/ReloadRequest"}}}},
                  "security": [{"AdminKey": []}]},
              responses={**oa.returns("DirectorySummary"),
                         **oa.problems(400, 401, 403, 422)})
    async def reload(request: Request) -> Response:
        raw = await request.body()
        doc = parse_json(raw) if raw.strip() else {}
        if not isinstance(doc, dict) or set(doc) - {"path"}:
            raise Problem("invalid-request", "The body is {\"path\": ...} or empty.",
                          path="$")
        path = doc.get("path")
        if path is not None and (not isinstance(path, str) or not path):
            raise Problem("invalid-request", "$.path must be a non-empty string",
                          path="$.path")
        try:
            new = await anyio.to_thread.run_sync(partial(holder.reload, path),
                                                 limiter=reload_limiter)
        except PfmatchError as e:
            old = holder.current
            raise Problem("reload-failed", str(e), serving=old.summary() if old else None) \
                from None
        except OSError as e:
            raise Problem("reload-failed", f"cannot read the directory: {e.strerror}") from None
        return _json(new.summary())

    def custom_openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        from fastapi.openapi.utils import get_openapi

        doc = get_openapi(title=app.title, version=app.version, description=app.description,
                          routes=app.routes, servers=app.servers)
        doc["openapi"] = "3.1.0"
        comps = doc.setdefault("components", {})
        schemas = comps.setdefault("schemas", {})
        schemas.update(for_openapi(build_schemas()))
        schemas.update(oa.SERVICE_SCHEMAS)
        comps["securitySchemes"] = {
            "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "Bearer": {"type": "http", "scheme": "bearer"},
            "AdminKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                         "description": "A key from the admin key set"}}
        doc["security"] = [{"ApiKey": []}, {"Bearer": []}]
        for p, ops in doc["paths"].items():
            for op in ops.values():
                if p in ("/healthz", "/readyz") or p.startswith("/v1/schemas/"):
                    op["security"] = []
                # FastAPI's own validation-error shape never answers here: problems do
                r422 = op.get("responses", {}).get("422")
                if r422 and "application/json" in r422.get("content", {}):
                    op["responses"]["422"] = oa.problems(422)[422]
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        app.openapi_schema = doc
        return doc

    app.openapi = custom_openapi  # type: ignore[method-assign]
    return app


def create_app(settings: Settings | None = None) -> Any:
    """The service as an ASGI app: loads the directory, then wraps the app in the gate.

    Raises
    ------
    ConfigError
        No API key and not started open on loopback, or an unreadable key file.
    """
    settings = settings or Settings.from_env()
    api_keys, admin_keys = check_keys(settings)
    holder = DirectoryHolder(settings.directory, settings.control_file)
    loaded = holder.load_initial()
    log.info("worker %d serving %d offerings (checksum %s)", os.getpid(),
             len(loaded.directory.index), loaded.directory.checksum[:12])
    app = build_app(settings, holder)
    if settings.control_file:
        _follow_reloads(holder)
    gate = Gate(app, api_keys=KeySet(api_keys), admin_keys=KeySet(admin_keys),
                open=settings.open, max_body_bytes=settings.max_body_bytes,
                max_pending=settings.max_pending, direct=app.state.direct)
    if not settings.cors_origins:  # closed: no CORS headers, browsers refuse cross-origin
        return gate
    # Outermost, so preflights need no key and problems from the gate carry CORS headers.
    return CORSMiddleware(gate, allow_origins=list(settings.cors_origins),
                          allow_methods=["GET", "POST"],
                          allow_headers=["Authorization", "X-API-Key", "Content-Type",
                                         "X-Request-ID"], expose_headers=["X-Request-ID"])


def _follow_reloads(holder: DirectoryHolder, every_s: float = 1.0) -> None:
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            try:
                holder.follow()
            except Exception as e:  # noqa: BLE001 - keep following; the old one serves
                log.error("following a reload failed: %s", type(e).__name__)

    threading.Thread(target=loop, name="pfmatch-reload-follower", daemon=True).start()


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the service (no directory is loaded)."""
    holder = DirectoryHolder(None)
    doc: dict[str, Any] = build_app(Settings(open=True), holder).openapi()
    return doc
