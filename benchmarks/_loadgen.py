"""The load generator of ``bench_serve.py``, run as its own light process.

It imports only the standard library, reads every request pre-encoded (head
and body, once) from a file, runs ``clients`` closed-loop keep-alive HTTP/1.1
connections to ``POST /v1/match`` on loopback for at most ``requests``
requests or ``duration`` seconds, and prints one JSON line: the latency of
every answer and a count per status.  It runs on the same cores as the
server, so it is kept to the least work a client can do.

    python benchmarks/_loadgen.py HOST PORT BODIES_FILE CLIENTS REQUESTS DURATION
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter


async def _client(host: str, port: int, reqs: list[bytes], stop_at: float, budget: list[int],
                  lat: list[float], status: Counter[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = 0
    try:
        while budget[0] > 0 and time.perf_counter() < stop_at:
            budget[0] -= 1
            req = reqs[i % len(reqs)]
            i += 1
            t0 = time.perf_counter()
            writer.write(req)
            raw = await reader.readuntil(b"\r\n\r\n")
            code = int(raw[9:12])
            head = raw.lower()
            at = head.index(b"content-length:") + 15
            length = int(head[at:head.index(b"\r\n", at)])
            await reader.readexactly(length)
            lat.append(time.perf_counter() - t0)
            status[code] += 1
            if b"connection: close" in head:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    except (ConnectionError, asyncio.IncompleteReadError):
        status[-1] += 1  # a dropped connection counts as an error
    finally:
        writer.close()


async def _level(host: str, port: int, reqs: list[bytes], clients: int, requests: int,
                 duration_s: float) -> dict[str, object]:
    lat: list[float] = []
    status: Counter[int] = Counter()
    budget = [requests]
    t0 = time.perf_counter()
    await asyncio.gather(*[_client(host, port, reqs[c::clients] or reqs, t0 + duration_s,
                                   budget, lat, status) for c in range(clients)])
    wall = time.perf_counter() - t0
    return {"wall_s": wall, "lat": lat, "status": {str(k): v for k, v in status.items()}}


def main() -> int:
    host, port, path, clients, requests, duration = sys.argv[1:7]
    with open(path, encoding="utf-8") as fh:
        bodies = [line.encode() for line in fh.read().splitlines() if line]
    reqs = [(f"POST /v1/match HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json"
             f"\r\nContent-Length: {len(b)}\r\n\r\n").encode() + b for b in bodies]
    out = asyncio.run(_level(host, int(port), reqs, int(clients), int(requests),
                             float(duration)))
    sys.stdout.write(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
