"""The outermost ASGI layer: request ids, access log, keys, body limit, load shedding.

It runs before FastAPI sees a request, so a request without a valid key, with
a body over the limit or beyond capacity costs almost nothing, and every
answer, even an internal error, is problem+json with a request id.

The access log has one line per request: method, path (never the query
string), status, duration and request id.  Nothing from a body is logged.
"""

from __future__ import annotations

import logging
import re
import time
import traceback
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from pfmatch.serve._auth import KeySet
from pfmatch.serve._problems import MEDIA_TYPE, Problem, problem_body

__all__ = ["Gate"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("pfmatch.serve.access")
error_log = logging.getLogger("pfmatch.serve")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
#: Paths anyone may read: health, and the published contract.
_PUBLIC = ("/healthz", "/readyz", "/v1/openapi.json", "/v1/schemas/")
#: Paths that run matches (counted against max_pending).
_COMPUTE = ("/v1/match", "/v1/match/batch", "/v1/explain")


class _Limits:
    def __init__(self, max_pending: int) -> None:
        self.max_pending = max_pending
        self.pending = 0


def _presented_key(headers: list[tuple[bytes, bytes]]) -> str | None:
    for k, v in headers:
        if k == b"x-api-key":
            return v.decode("latin-1").strip()
        if k == b"authorization":
            text = v.decode("latin-1").strip()
            if text[:7].lower() == "bearer ":
                return text[7:].strip()
    return None


class Gate:
    """Wraps the FastAPI app; see the module docstring."""

    def __init__(self, app: ASGIApp, *, api_keys: KeySet, admin_keys: KeySet, open: bool,
                 max_body_bytes: int, max_pending: int,
                 direct: dict[tuple[str, str], ASGIApp] | None = None) -> None:
        self.app = app
        #: (method, path) -> a handler the gate calls itself, without the FastAPI app
        self.direct = direct or {}
        self.api_keys = api_keys
        self.admin_keys = admin_keys
        self.open = open
        self.max_body_bytes = max_body_bytes
        self.limits = _Limits(max_pending)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        headers: list[tuple[bytes, bytes]] = scope.get("headers") or []
        rid = None
        length = None
        for k, v in headers:
            if k == b"x-request-id":
                text = v.decode("latin-1")
                rid = text if _REQUEST_ID.match(text) else None
            elif k == b"content-length":
                try:
                    length = int(v)
                except ValueError:
                    length = None
        rid = rid or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        path: str = scope.get("path", "")
        status = [500]
        started = [False]

        async def send_logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                started[0] = True
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", rid.encode("latin-1"))]
            await send(message)

        counted = False
        try:
            problem = self._refuse(path, headers, length)
            if problem is None and path in _COMPUTE:
                if self.limits.pending >= self.limits.max_pending:
                    problem = Problem("overloaded", "Too many requests in progress on this "
                                      "worker.", headers={"Retry-After": "1"})
                else:
                    self.limits.pending += 1
                    counted = True
            if problem is not None:
                await self._answer(problem, path, rid, send_logged)
                return
            handler = self.direct.get((scope.get("method", ""), path), self.app)
            await handler(scope, self._limited(receive), send_logged)
        except Problem as p:  # raised while reading the body (too large), or by a direct path
            if not started[0]:
                await self._answer(p, path, rid, send_logged)
        except Exception as e:  # noqa: BLE001 - never a traceback to the caller
            frame = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
            where = f"{frame.filename}:{frame.lineno}" if frame else "?"
            error_log.error("internal error %s at %s (request %s)", type(e).__name__, where, rid)
            if not started[0]:
                await self._answer(Problem("internal", "An unexpected error; quote the "
                                           "request id when reporting it."), path, rid,
                                   send_logged)
        finally:
            if counted:
                self.limits.pending -= 1
            access_log.info("%s %s %d %.1fms %s", scope.get("method", "?"), path, status[0],
                            (time.perf_counter() - t0) * 1000.0, rid)

    def _refuse(self, path: str, headers: list[tuple[bytes, bytes]],
                length: int | None) -> Problem | None:
        if path.startswith("/v1/admin/"):
            if not len(self.admin_keys):
                return Problem("forbidden", "Administration is disabled: no admin key is "
                               "configured (--admin-keys-file or $PFMATCH_ADMIN_KEYS).")
            key = _presented_key(headers)
            if key is None:
                return Problem("unauthorized", "Send an admin key in X-API-Key or "
                               "Authorization: Bearer.", headers={"WWW-Authenticate": "Bearer"})
            if not self.admin_keys.accepts(key):
                return Problem("forbidden", "This key is not an admin key.")
        elif not (self.open or path.startswith(_PUBLIC) or path in _PUBLIC):
            key = _presented_key(headers)
            if key is None:
                return Problem("unauthorized", "Send an API key in X-API-Key or "
                               "Authorization: Bearer.", headers={"WWW-Authenticate": "Bearer"})
            if not self.api_keys.accepts(key):
                return Problem("forbidden", "The API key is not accepted.")
        if length is not None and length > self.max_body_bytes:
            return Problem("too-large", f"The body has {length} bytes; this service accepts at "
                           f"most {self.max_body_bytes}.")
        return None

    def _limited(self, receive: Receive) -> Receive:
        seen = [0]
        limit = self.max_body_bytes

        async def wrapped() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                seen[0] += len(message.get("body", b""))
                if seen[0] > limit:
                    raise Problem("too-large", f"The body is larger than {limit} bytes.")
            return message

        return wrapped

    async def _answer(self, p: Problem, path: str, rid: str, send: Send) -> None:
        body = problem_body(p, instance=path, request_id=rid)
        hdrs = [(b"content-type", MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode())]
        hdrs += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in p.headers.items()]
        await send({"type": "http.response.start", "status": p.status, "headers": hdrs})
        await send({"type": "http.response.body", "body": body})
