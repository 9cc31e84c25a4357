"""The service's parts without a server: keys, settings, the gate, the reload holder."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from pfmatch import ConfigError, ProviderDataError
from pfmatch.serve._auth import KeySet, check_keys, read_keys
from pfmatch.serve._encode import result_json
from pfmatch.serve._gate import Gate
from pfmatch.serve._settings import Settings, is_loopback
from pfmatch.serve._state import DirectoryHolder

KEY = "unit-test-key-0123456789abcdef"


def test_keyset_accepts_only_its_keys() -> None:
    ks = KeySet([KEY, "second-key-0123456789abcdef"])
    assert ks.accepts(KEY) and ks.accepts("second-key-0123456789abcdef")
    assert not ks.accepts(KEY[:-1]) and not ks.accepts(KEY + "x") and not ks.accepts(None)
    assert not KeySet([]).accepts(KEY)


def test_keys_from_file_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "keys"
    f.write_text(f"# operators\n{KEY}  # the portal\n\nfile-key-0123456789abcdef\n")
    monkeypatch.setenv("PFMATCH_TEST_KEYS", "env-key-0123456789abcdef, env2-key-0123456789abc")
    keys = read_keys("PFMATCH_TEST_KEYS", str(f))
    assert keys == [KEY, "file-key-0123456789abcdef", "env-key-0123456789abcdef",
                    "env2-key-0123456789abc"]
    f.write_text("tooshort\n")
    with pytest.raises(ConfigError, match="shorter than") as ei:
        read_keys("PFMATCH_NOT_SET", str(f))
    assert "tooshort" not in str(ei.value)
    with pytest.raises(ConfigError, match="cannot read"):
        read_keys("PFMATCH_NOT_SET", str(tmp_path / "missing"))


def test_no_keys_refused_unless_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PFMATCH_API_KEYS", raising=False)
    with pytest.raises(ConfigError, match="no API key"):
        check_keys(Settings())
    assert check_keys(Settings(open=True))[0] == []


@pytest.mark.parametrize(("host", "loop"), [("127.0.0.1", True), ("127.0.0.2", True),
                                            ("::1", True), ("localhost", True),
                                            ("0.0.0.0", False), ("10.0.0.5", False),
                                            ("::", False), ("example.org", False)])
def test_open_only_on_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop
    if loop:
        Settings(open=True, host=host)
    else:
        with pytest.raises(ConfigError, match="loopback"):
            Settings(open=True, host=host)


def test_settings_travel_to_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings(directory="/srv/hsds", max_batch=7, cors_origins=("https://a.example",))
    monkeypatch.setenv("PFMATCH_SERVE_SETTINGS", s.to_env())
    assert Settings.from_env() == s
    assert "key" not in s.to_env().lower().replace("keys_file", "")


# ------------------------------------------------------------------ the gate
async def _call(app: Any, path: str = "/v1/match", headers: list[tuple[bytes, bytes]] | None = None,
                body: bytes = b"{}") -> tuple[int, dict[str, str], bytes]:
    sent: list[dict[str, Any]] = []
    chunks = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(m: dict[str, Any]) -> None:
        sent.append(m)

    scope = {"type": "http", "method": "POST", "path": path, "headers": headers or []}
    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    hdrs = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], hdrs, b"".join(m.get("body", b"") for m in sent
                                           if m["type"] == "http.response.body")


def _gate(app: Any, **kw: Any) -> Gate:
    opts = {"api_keys": KeySet([KEY]), "admin_keys": KeySet([]), "open": False,
            "max_body_bytes": 100, "max_pending": 1, **kw}
    return Gate(app, **opts)


async def _boom(scope: Any, receive: Any, send: Any) -> None:
    raise RuntimeError("a family's secret words")


def test_gate_turns_a_crash_into_a_500_problem_without_the_message(
        caplog: pytest.LogCaptureFixture) -> None:
    status, hdrs, body = asyncio.run(_call(_gate(_boom), headers=[(b"x-api-key", KEY.encode())]))
    assert status == 500 and hdrs["content-type"] == "application/problem+json"
    doc = json.loads(body)
    assert doc["request_id"] == hdrs["x-request-id"]
    assert "secret" not in body.decode() and "Traceback" not in body.decode()
    assert "secret" not in caplog.text and "RuntimeError" in caplog.text


def test_gate_refuses_before_the_app_runs() -> None:
    g = _gate(_boom)
    assert asyncio.run(_call(g))[0] == 401
    assert asyncio.run(_call(g, headers=[(b"authorization", b"Bearer nope-nope-nope-nope")]))[0] \
        == 403
    big = [(b"x-api-key", KEY.encode()), (b"content-length", b"101")]
    assert asyncio.run(_call(g, headers=big))[0] == 413
    assert asyncio.run(_call(g, path="/v1/admin/reload",
                             headers=[(b"x-api-key", KEY.encode())]))[0] == 403
    status, hdrs, _ = asyncio.run(_call(_gate(_boom, max_pending=0), path="/v1/match",
                                        headers=[(b"x-api-key", KEY.encode())]))
    assert status == 503 and hdrs["retry-after"] == "1"


def test_gate_keeps_a_valid_request_id_and_replaces_others() -> None:
    async def ok(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    g = _gate(ok, open=True)
    assert asyncio.run(_call(g, headers=[(b"x-request-id", b"abc-123")]))[1]["x-request-id"] \
        == "abc-123"
    rid = asyncio.run(_call(g, headers=[(b"x-request-id", b"bad id\n<script>")]))[1]
    assert rid["x-request-id"] != "bad id\n<script>" and len(rid["x-request-id"]) == 32


# ------------------------------------------------------------------ the holder
def test_failed_reload_keeps_the_old_directory(tmp_path: Path) -> None:
    h = DirectoryHolder(None)
    first = h.load_initial()
    with pytest.raises((ProviderDataError, OSError)):
        h.reload(str(tmp_path / "missing"))
    assert h.current is first and h.last_error
    again = h.reload(None)
    assert again.generation == 1 and again.directory.checksum == first.directory.checksum


def test_workers_follow_an_announced_reload(tmp_path: Path) -> None:
    control = str(tmp_path / "reload.json")
    a, b = DirectoryHolder(None, control), DirectoryHolder(None, control)
    a.load_initial()
    b.load_initial()
    new = a.reload(None)
    assert json.loads(Path(control).read_text())["generation"] == new.generation
    b.follow()
    assert b.current is not None and b.current.generation == new.generation
    Path(control).write_text(json.dumps({"generation": 9, "path": str(tmp_path / "none")}))
    b.follow()  # fails to load: keeps serving generation 1, and does not retry
    assert b.current.generation == new.generation and b.last_error
    b.follow()


# ------------------------------------------------------------------ pages of exclusions
def test_exclusion_pages_equal_the_full_list() -> None:
    import numpy as np

    import pfmatch

    d = pfmatch.Directory.sample()
    fam = {"location": {"zip": "90011"}, "needs": ["food"], "languages": ["es"],
           "barriers": ["no_phone"], "children": [{"age_months": 30}]}
    lazy = pfmatch.match(fam, d, k=5, explain=True).excluded
    full = list(pfmatch.match(fam, d, k=5, explain=True).excluded)
    assert lazy.head(7) == full[:7] and lazy.head(len(full) + 3) == full
    sids = list(dict.fromkeys(e.service_id for e in full))[:: max(1, len(full) // 40)]
    for sid in sids:
        rows = np.flatnonzero(d.index.service_id == sid)
        want = [e for e in full if e.service_id == sid]
        assert lazy.for_rows(rows) == want
    list(lazy)  # built: the same answers from the built list
    assert lazy.head(7) == full[:7]
    assert lazy.for_rows(np.flatnonzero(d.index.service_id == sids[0])) == [
        e for e in full if e.service_id == sids[0]]


# ------------------------------------------------------------------ the batcher
def _requests(n: int) -> list[Any]:
    from pfmatch.serve._requests import MatchRequest

    zips = ["90011", "90012", "90744", "91331", "90255"]
    needs = [["food"], ["rent", "diapers"], ["wic"], ["shelter"], ["mental health"]]
    return [MatchRequest.parse({"family": {"location": {"zip": zips[i % 5]},
                                           "needs": needs[i % 5]}, "k": 4,
                                "include_assessment": i % 2 == 0}, 10) for i in range(n)]


def test_batched_answers_equal_match_one_by_one() -> None:
    import anyio

    import pfmatch
    from pfmatch.serve._batcher import Batcher

    h = DirectoryHolder(None)
    loaded = h.load_initial()
    calls: list[int] = []

    def single(ld: Any, req: Any) -> bytes:
        calls.append(1)
        return result_json(pfmatch.match(req.family, ld.directory, k=req.k),
                           include_assessment=req.include_assessment)

    reqs = _requests(12)

    async def run() -> list[bytes]:
        b = Batcher(single, anyio.CapacityLimiter(1))
        return list(await asyncio.gather(*[b.submit(loaded, r) for r in reqs]))

    got = [json.loads(t) for t in asyncio.run(run())]
    want = [json.loads(pfmatch.match(r.family, loaded.directory, k=4).to_json(
        include_assessment=r.include_assessment)) for r in reqs]
    assert got == want
    assert len(calls) < len(reqs), "concurrent requests were answered in batches"


def test_a_failing_batch_is_answered_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import anyio

    import pfmatch
    from pfmatch.serve._batcher import Batcher

    h = DirectoryHolder(None)
    loaded = h.load_initial()

    def broken(*a: Any, **kw: Any) -> Any:
        raise ConfigError("one family in the batch is bad")

    monkeypatch.setattr(pfmatch, "match_many", broken)
    reqs = _requests(6)

    async def run() -> list[str]:
        b = Batcher(lambda ld, r: b"solo", anyio.CapacityLimiter(1))
        return list(await asyncio.gather(*[b.submit(loaded, r) for r in reqs]))

    assert asyncio.run(run()) == [b"solo"] * 6


@pytest.mark.parametrize("assess", [False, True])
@pytest.mark.parametrize("explain", [False, True])
def test_orjson_answers_equal_the_librarys_json(assess: bool, explain: bool) -> None:
    """The service's encoder writes the document ``MatchResult.to_json`` writes."""
    import pfmatch

    h = DirectoryHolder(None)
    loaded = h.load_initial()
    examples = sorted((Path(__file__).resolve().parents[1] / "examples").glob("family-*.json"))
    assert examples, "the repository's example families are missing"
    fams = [r.family for r in _requests(10)] + [
        json.loads(p.read_text(encoding="utf-8")) for p in examples]
    for f in fams:
        r = pfmatch.match(f, loaded.directory, k=6, explain=explain)
        text = result_json(r, include_assessment=assess)
        assert json.loads(text) == json.loads(r.to_json(include_assessment=assess))
        assert list(json.loads(text)) == list(json.loads(r.to_json(include_assessment=assess)))
