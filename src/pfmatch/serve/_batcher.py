"""Concurrent match requests answered together by the library's batch engine.

``match_many`` runs the rules and scores of many families in one pass (the
same answers as ``match`` one by one), which costs less per family than
separate calls.  The batcher never waits to fill a batch: one consumer takes
the request at the head of the queue plus whatever compatible requests are
already waiting (same directory snapshot, ``k`` and weights; no explain or
handout), runs them in the compute thread, and answers each.  With one client
it is exactly ``match``; under load, batches form by themselves.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import anyio

import pfmatch
from pfmatch.serve._encode import result_json
from pfmatch.serve._requests import MatchRequest
from pfmatch.serve._state import Loaded

__all__ = ["Batcher"]

#: Turns of the event loop the consumer yields before taking a batch.
_JOIN_TURNS = 3


@dataclass
class _Job:
    loaded: Loaded
    req: MatchRequest
    future: asyncio.Future[bytes] = field(repr=False)
    solo: bool = False  # answered alone (after its batch failed)

    def key(self) -> tuple[int, int, Any] | None:
        r = self.req
        if self.solo or r.explain or r.handout is not None:
            return None
        return (id(self.loaded), r.k, r.weights)


class Batcher:
    """One per worker; :meth:`submit` answers a match request with its JSON text.

    Parameters
    ----------
    single : callable
        ``single(loaded, req) -> bytes``: one request the plain way (explain, handout).
    limiter : anyio.CapacityLimiter
        The compute threads shared with the other endpoints.
    max_batch : int
        Most families answered in one pass.
    """

    def __init__(self, single: Callable[[Loaded, MatchRequest], bytes],
                 limiter: anyio.CapacityLimiter, max_batch: int = 64) -> None:
        self.single = single
        self.limiter = limiter
        self.max_batch = max_batch
        self._queue: list[_Job] = []
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        #: batch size -> how many batches (for benchmarks and tests)
        self.sizes: dict[int, int] = {}

    async def submit(self, loaded: Loaded, req: MatchRequest) -> bytes:
        loop = asyncio.get_running_loop()
        job = _Job(loaded, req, loop.create_future())
        self._queue.append(job)
        if self._task is None or self._task.done():
            self._wake = asyncio.Event()
            self._task = loop.create_task(self._consume())
        assert self._wake is not None
        self._wake.set()
        return await job.future

    def _take(self) -> list[_Job]:
        head = self._queue.pop(0)
        key = head.key()
        if key is None:
            return [head]
        batch, rest = [head], []
        for j in self._queue:
            if len(batch) < self.max_batch and j.key() == key:
                batch.append(j)
            else:
                rest.append(j)
        self._queue = rest
        return batch

    async def _consume(self) -> None:
        assert self._wake is not None
        while True:
            if not self._queue:
                self._wake.clear()
                await self._wake.wait()
                continue
            # Let the requests that are ready to join (their bodies read, parsed) reach the
            # queue first: a few turns of the loop, never a timed wait.
            for _ in range(_JOIN_TURNS):
                await asyncio.sleep(0)
            batch = self._take()
            self.sizes[len(batch)] = self.sizes.get(len(batch), 0) + 1
            try:
                texts = await anyio.to_thread.run_sync(self._run, batch, limiter=self.limiter)
            except Exception as e:  # noqa: BLE001 - each request gets the error on its own
                if len(batch) == 1:
                    if not batch[0].future.done():
                        batch[0].future.set_exception(e)
                    continue
                # one family's error must not fail the others: answer them one by one
                for j in batch:
                    self._queue.insert(0, _Job(j.loaded, j.req, j.future, solo=True))
                continue
            for j, text in zip(batch, texts, strict=True):
                if not j.future.done():
                    j.future.set_result(text)

    def _run(self, batch: list[_Job]) -> list[bytes]:
        if len(batch) == 1:
            return [self.single(batch[0].loaded, batch[0].req)]
        first = batch[0]
        results = pfmatch.match_many([j.req.family for j in batch], first.loaded.directory,
                                     k=first.req.k, weights=first.req.weights, progress=False)
        return [result_json(r, include_assessment=j.req.include_assessment)
                for j, r in zip(batch, results, strict=True)]
