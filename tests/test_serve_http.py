"""``pfmatch serve`` over real HTTP: a uvicorn on a loopback port, called with httpx.

Each server is started by a fixture (``pfmatch serve --port 0`` in a child
process, see :mod:`pfmatch.serve._launch`) and stopped when its tests end.
At the end, schemathesis drives every endpoint from the committed OpenAPI
document (valid and invalid requests) and no answer may be a 5xx or a
traceback.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
httpx = pytest.importorskip("httpx")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

import pfmatch
from pfmatch.serve._launch import ServerProcess

API_KEY = "test-api-key-0123456789abcdef"
OTHER_KEY = "another-api-key-0123456789abcd"
ADMIN_KEY = "test-admin-key-0123456789abcdef"
AUTH = {"X-API-Key": API_KEY}
OPENAPI = Path(__file__).resolve().parents[1] / "schemas" / "openapi.json"
SECRET = "ZQXJ-SENSITIVE"  # appears only in family data: must never reach a log or an error
FAMILY: dict[str, Any] = {
    "id": f"F-{SECRET}",
    "location": {"zip": "90011"},
    "languages": ["es"],
    "needs": ["food", "help paying rent"],
    "children": [{"age_months": 18}],
    "screenings": {"phq9": {"total": 12, "item9": 1}},
    "barriers": ["no_transportation"],
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    """The bundled sample, API and admin keys required, a small body limit."""
    env = {"PFMATCH_API_KEYS": f"{API_KEY},{OTHER_KEY}", "PFMATCH_ADMIN_KEYS": ADMIN_KEY}
    with ServerProcess(["--max-body-bytes", "200000", "--cors-origin",
                        "https://portal.example.org"], env=env) as s:
        yield s


@pytest.fixture(scope="module")
def client(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def _problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("application/problem+json")
    doc: dict[str, Any] = r.json()
    assert doc["status"] == status and doc["type"].startswith("https://")
    assert doc["request_id"] == r.headers["x-request-id"]
    assert "Traceback" not in r.text and SECRET not in r.text
    return doc


# ------------------------------------------------------------------ health
def test_health_and_ready_need_no_key(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["counts"]["services"] > 1000


# ------------------------------------------------------------------ match
def test_match_one_is_the_library_answer(client: httpx.Client) -> None:
    r = client.post("/v1/match", json={"family": FAMILY, "k": 5}, headers=AUTH)
    assert r.status_code == 200, r.text[:300]
    doc = r.json()
    expected = json.loads(pfmatch.match(FAMILY, k=5).to_json())
    assert doc == expected
    assert doc["pinned"] and doc["pinned"][0]["pinned"], "item 9 pins a crisis line first"
    for m in doc["matches"]:
        assert abs(sum(m["contributions"].values()) - m["score"]) < 1e-9
    assert SECRET not in r.text, "family data is not echoed back"


def test_match_result_validates_against_published_schema(client: httpx.Client) -> None:
    from jsonschema import Draft202012Validator

    v = Draft202012Validator(client.get("/v1/schemas/MatchResult.json").json())
    for body in ({"family": FAMILY}, {"family": FAMILY, "explain": True,
                                      "include_assessment": True, "handout": True}):
        doc = client.post("/v1/match", json=body, headers=AUTH).json()
        assert not [e.message for e in v.iter_errors(doc)][:3]
    assert "<html" in doc["handout_html"].lower()
    assert doc["excluded"] and doc["flags"]


def test_handout_in_spanish_with_first_name(client: httpx.Client) -> None:
    doc = client.post("/v1/match", json={"family": FAMILY, "k": 3, "handout": {
        "language": "es", "first_name": "Ana"}}, headers=AUTH).json()
    assert "Qué llevar" in doc["handout_html"] and "Ana" in doc["handout_html"]


def test_batch_answers_like_match_per_family(client: httpx.Client) -> None:
    fams = [FAMILY, {"location": {"zip": "90012"}, "needs": ["diapers"]}, {"needs": ["wic"]}]
    r = client.post("/v1/match/batch", json={"families": fams, "k": 4}, headers=AUTH)
    assert r.status_code == 200
    got = r.json()["results"]
    assert got == [json.loads(pfmatch.match(f, k=4).to_json()) for f in fams]


def test_batch_error_names_the_family(client: httpx.Client) -> None:
    fams = [FAMILY, {"children": [{"age_months": 1}, {"age_months": -2}]}]
    doc = _problem(client.post("/v1/match/batch", json={"families": fams}, headers=AUTH), 422)
    assert doc["errors"][0]["path"] == "$.families[1].children[1].age_months"


# ------------------------------------------------------------------ explain
def test_explain_shown_service_has_waterfall(client: httpx.Client) -> None:
    top = client.post("/v1/match", json={"family": FAMILY, "k": 3}, headers=AUTH).json()
    m = top["matches"][0]
    doc = client.post("/v1/explain", json={"family": FAMILY, "service_id": m["service_id"],
                                           "k": 3}, headers=AUTH).json()
    assert doc["status"] == "shown" and doc["match"]["service_id"] == m["service_id"]
    assert abs(sum(w["points"] for w in doc["waterfall"]) - m["score"]) < 1e-9
    assert "points" in doc["text"]


def test_explain_excluded_service_says_why(client: httpx.Client) -> None:
    res = pfmatch.match(FAMILY, k=3, explain=True)
    ex = next(e for e in res.excluded if e.rule not in ("other_location",))
    doc = client.post("/v1/explain", json={"family": FAMILY, "service_id": ex.service_id,
                                           "k": 3}, headers=AUTH).json()
    if res.get(ex.service_id) is None:
        assert doc["status"] == "excluded"
        assert any(w["rule"] == ex.rule for w in doc["why_not"])
        assert doc["match"] is None and doc["waterfall"] == []


def test_explain_unknown_service_is_404(client: httpx.Client) -> None:
    doc = _problem(client.post("/v1/explain", json={"family": FAMILY, "service_id": "nope"},
                               headers=AUTH), 404)
    assert doc["errors"][0]["path"] == "$.service_id"


# ------------------------------------------------------------------ directory
def test_service_record_and_confidential_locations(client: httpx.Client) -> None:
    d = pfmatch.Directory.sample()
    conf = next((o for o in d.offerings if o.confidential), None)
    some = d.offerings[0]
    doc = client.get(f"/v1/services/{some.service_id}", headers=AUTH).json()
    assert doc["service_id"] == some.service_id and doc["locations"]
    assert doc["service"] == some.service_name
    if conf is not None:
        rec = client.get(f"/v1/services/{conf.service_id}", headers=AUTH).json()
        hidden = [loc for loc in rec["locations"] if loc["confidential"]]
        assert hidden and all(loc["address"] is None and loc["latitude"] is None
                              for loc in hidden)
    _problem(client.get("/v1/services/not-a-service", headers=AUTH), 404)


def test_directory_summary_and_paged_report(client: httpx.Client) -> None:
    d = pfmatch.Directory.sample()
    s = client.get("/v1/directory", headers=AUTH).json()
    assert s["counts"] == d.report.counts and s["checksum"] == d.checksum
    rep = client.get("/v1/directory/report", params={"limit": 5}, headers=AUTH).json()
    assert rep["problems_total"] == len(d.report.problems)
    assert len(rep["problems"]) == min(5, len(d.report.problems))
    _problem(client.get("/v1/directory/report", params={"limit": 0}, headers=AUTH), 422)


def test_vocabularies_for_pick_lists(client: httpx.Client) -> None:
    v = client.get("/v1/vocabularies", headers=AUTH).json()
    assert {"needs", "barriers", "populations", "languages", "factors"} <= set(v)
    codes = {b["code"] for b in client.get("/v1/vocabularies/barriers", headers=AUTH).json()}
    assert {"no_transportation", "no_phone", "work_hours", "cost"} <= codes
    assert any(n["code"] == "food" for n in v["needs"])
    assert any(p["code"] == "veterans" for p in v["populations"])
    _problem(client.get("/v1/vocabularies/colours", headers=AUTH), 404)


def test_schemas_and_openapi_are_served_as_committed(client: httpx.Client) -> None:
    repo = Path(__file__).resolve().parents[1]
    for name in ("Family", "Weights", "MatchResult"):
        served = client.get(f"/v1/schemas/{name}.json").json()
        assert served == json.loads((repo / "schemas" / f"{name}.json").read_text("utf-8"))
    assert client.get("/v1/openapi.json").json() == json.loads(
        (repo / "schemas" / "openapi.json").read_text("utf-8"))


# ------------------------------------------------------------------ errors
def test_invalid_family_names_the_path_never_the_value(client: httpx.Client) -> None:
    bad = {**FAMILY, "needs": [SECRET * 60]}
    doc = _problem(client.post("/v1/match", json={"family": bad}, headers=AUTH), 422)
    assert doc["errors"][0]["path"] == "$.family.needs[0]"
    bad = {**FAMILY, "barriers": [f"{SECRET} teleportation"]}
    doc = _problem(client.post("/v1/match", json={"family": bad}, headers=AUTH), 422)
    assert doc["errors"][0]["path"] == "$.family.barriers[0]"
    assert "no_transportation" in doc["errors"][0]["fix"]


@pytest.mark.parametrize(("body", "path"), [
    ({"family": FAMILY, "k": 0}, "$.k"),
    ({"family": FAMILY, "k": "3"}, "$.k"),
    ({"family": FAMILY, "weights": "/etc/passwd"}, "$.weights"),
    ({"family": FAMILY, "weights": {"distance": -1}}, "$.weights"),
    ({"family": FAMILY, "colour": "red"}, "$.colour"),
    ({}, "$.family"),
    ({"family": [1]}, "$.family"),
    ({"family": {**FAMILY, "location": {"address": "1 Main St"}}}, "$.family.location.address"),
])
def test_invalid_requests_are_422_with_a_path(client: httpx.Client, body: Any,
                                              path: str) -> None:
    doc = _problem(client.post("/v1/match", json=body, headers=AUTH), 422)
    assert doc["errors"][0]["path"] == path


def test_bad_json_media_type_and_size(client: httpx.Client) -> None:
    h = {**AUTH, "content-type": "application/json"}
    doc = _problem(client.post("/v1/match", content=b'{"family": ', headers=h), 400)
    assert "line 1" in doc["detail"]
    _problem(client.post("/v1/match", content=b"family=1",
                         headers={**AUTH, "content-type": "text/plain"}), 415)
    big = {"family": {**FAMILY, "needs": ["food"] * 40_000}}
    _problem(client.post("/v1/match", json=big, headers=AUTH), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"family": {"needs": ['
        for _ in range(30_000):
            yield b'"food", '
        yield b'"food"]}}'

    _problem(client.post("/v1/match", content=chunks(), headers=h), 413)


def test_unknown_path_and_method_are_problems(client: httpx.Client) -> None:
    _problem(client.get("/v1/nothing-here", headers=AUTH), 404)
    _problem(client.get("/v1/match", headers=AUTH), 405)


# ------------------------------------------------------------------ who may call
def test_keys_are_required_and_checked(client: httpx.Client) -> None:
    r = client.post("/v1/match", json={"family": FAMILY})
    _problem(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"
    _problem(client.post("/v1/match", json={"family": FAMILY},
                         headers={"X-API-Key": "wrong-key-0123456789abcdef"}), 403)
    for h in ({"Authorization": f"Bearer {OTHER_KEY}"}, {"X-API-Key": OTHER_KEY}):
        assert client.post("/v1/match", json={"family": FAMILY, "k": 1},
                           headers=h).status_code == 200
    _problem(client.get("/v1/vocabularies"), 401)


def test_admin_needs_the_admin_key(client: httpx.Client) -> None:
    _problem(client.post("/v1/admin/reload"), 401)
    _problem(client.post("/v1/admin/reload", headers=AUTH), 403)


def test_cors_closed_except_for_the_configured_origin(client: httpx.Client) -> None:
    pre = {"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"}
    r = client.options("/v1/match", headers=pre)
    assert "access-control-allow-origin" not in r.headers
    r = client.options("/v1/match", headers={**pre, "Origin": "https://portal.example.org"})
    assert r.headers.get("access-control-allow-origin") == "https://portal.example.org"


def test_access_log_has_no_family_data(server: ServerProcess, client: httpx.Client) -> None:
    rid = "trace-me-123"
    client.post("/v1/match?zip=90011", json={"family": FAMILY, "k": 2},
                headers={**AUTH, "X-Request-ID": rid})
    client.post("/v1/match", json={"family": {**FAMILY, "needs": [SECRET * 60]}}, headers=AUTH)
    log = server.log()
    assert SECRET not in log and API_KEY not in log and "90011" not in log
    lines = [ln for ln in log.splitlines() if "pfmatch.serve.access" in ln]
    assert any(ln.endswith(f"POST /v1/match 200 {ln.split()[-2]} {rid}") for ln in lines)
    pattern = re.compile(r"pfmatch\.serve\.access (GET|POST|OPTIONS|PUT|DELETE|HEAD|PATCH) "
                         r"/\S* \d{3} \d+\.\dms [A-Za-z0-9._:-]+$")
    assert lines and all(pattern.search(ln) for ln in lines), lines[:3]
    assert "Traceback" not in log


# ------------------------------------------------------------------ refusing to start
def test_open_is_refused_off_loopback_and_keys_are_required(tmp_path: Path) -> None:
    import subprocess
    import sys

    def serve(*args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in __import__("os").environ.items()
               if k not in ("PFMATCH_API_KEYS", "PFMATCH_ADMIN_KEYS")}
        return subprocess.run([sys.executable, "-m", "pfmatch.cli", "serve", *args],
                              capture_output=True, text=True, timeout=120, env=env, check=False)

    r = serve("--open", "--host", "0.0.0.0", "--port", "0")
    assert r.returncode == 1 and "loopback" in r.stderr and "Traceback" not in r.stderr
    r = serve("--port", "0", str(tmp_path / "missing"))
    assert r.returncode == 1 and "API key" in r.stderr
    keys = tmp_path / "keys"
    keys.write_text("short\n")
    r = serve("--port", "0", "--api-keys-file", str(keys))
    assert r.returncode == 1 and "shorter than" in r.stderr and "short\n" not in r.stderr


# ------------------------------------------------------------------ overload
def test_over_capacity_sheds_with_503_not_an_unbounded_queue() -> None:
    fams = [{"location": {"zip": "90011"}, "needs": ["food", "rent", "diapers"]}] * 100
    with ServerProcess(["--open", "--max-pending", "2"]) as s, \
            httpx.Client(base_url=s.url, timeout=120,
                         limits=httpx.Limits(max_connections=32)) as c:
        def call(_: int) -> httpx.Response:
            return c.post("/v1/match/batch", json={"families": fams, "k": 3})

        with ThreadPoolExecutor(16) as pool:
            rs = list(pool.map(call, range(32)))
        counts = Counter(r.status_code for r in rs)
        assert set(counts) <= {200, 503} and counts[503] > 0 and counts[200] >= 2, counts
        shed = next(r for r in rs if r.status_code == 503)
        assert shed.headers["retry-after"] == "1"
        assert shed.json()["type"].endswith("/overloaded")
        assert c.get("/healthz").status_code == 200  # the loop still answers


# ------------------------------------------------------------------ reload
@pytest.mark.shared_data
def test_reload_under_traffic_without_downtime(shared_data: Path) -> None:
    real = shared_data / "ohana-smc-sample"
    env = {"PFMATCH_ADMIN_KEYS": ADMIN_KEY}
    admin = {"X-API-Key": ADMIN_KEY}
    with ServerProcess(["--open"], env=env) as s, httpx.Client(base_url=s.url, timeout=120) as c:
        before = c.get("/v1/directory").json()
        stop = threading.Event()
        statuses: Counter[int] = Counter()
        checksums: set[str] = set()

        errors: list[str] = []

        def traffic() -> None:
            try:
                with httpx.Client(base_url=s.url, timeout=120) as t:
                    while not stop.is_set():
                        r = t.post("/v1/match", json={"family": {"needs": ["food"]}, "k": 2})
                        statuses[r.status_code] += 1
                        checksums.add(t.get("/v1/directory").json()["checksum"])
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(repr(e))

        def served() -> int:
            return sum(statuses.values())

        threads = [threading.Thread(target=traffic) for _ in range(3)]
        for t in threads:
            t.start()
        import time

        while served() < 5 and not errors:
            time.sleep(0.05)
        try:
            r = c.post("/v1/admin/reload", json={"path": str(real)}, headers=admin)
            assert r.status_code == 200, r.text
            new = r.json()
            assert new["generation"] == before["generation"] + 1
            assert new["checksum"] != before["checksum"] and new["counts"]["services"] == 23
            bad = _problem(c.post("/v1/admin/reload", json={"path": str(real / "nothing")},
                                  headers=admin), 422)
            assert bad["type"].endswith("/reload-failed")
            assert bad["serving"]["checksum"] == new["checksum"]
            after = served()
            while served() < after + 5 and not errors:
                time.sleep(0.05)
        finally:
            stop.set()
            for t in threads:
                t.join()
        assert not errors, errors
        assert set(statuses) == {200} and statuses[200] > 3, statuses
        assert checksums <= {before["checksum"], new["checksum"]}
        now = c.get("/v1/directory").json()
        assert now["checksum"] == new["checksum"], "a failed reload leaves the last good one"
        again = c.post("/v1/admin/reload", headers=admin).json()  # no body: the same path
        assert again["checksum"] == new["checksum"] and again["generation"] == 2


@pytest.mark.shared_data
def test_reload_reaches_every_worker(shared_data: Path) -> None:
    real = shared_data / "ohana-smc-sample"
    with ServerProcess(["--open", "--workers", "2"], env={"PFMATCH_ADMIN_KEYS": ADMIN_KEY}) as s:
        r = httpx.post(s.url + "/v1/admin/reload", json={"path": str(real)},
                       headers={"X-API-Key": ADMIN_KEY}, timeout=120)
        assert r.status_code == 200, r.text
        want = r.json()["checksum"]
        import time

        deadline = time.monotonic() + 60
        seen: list[str] = []
        while time.monotonic() < deadline:
            # a new connection each time, so both workers answer in turn
            seen = [httpx.get(s.url + "/v1/directory", timeout=30).json()["checksum"]
                    for _ in range(8)]
            if set(seen) == {want}:
                break
            time.sleep(0.5)
        assert set(seen) == {want}


# ------------------------------------------------------------------ fuzzing from the contract
def _schema() -> Any:
    doc = json.loads(OPENAPI.read_text(encoding="utf-8"))
    # The reload endpoint reads server paths: fuzzing it would only ask for files that are
    # not there (tested in test_serve_http.py); everything else is fuzzed.
    doc["paths"].pop("/v1/admin/reload")
    return schemathesis.openapi.from_dict(doc)


SCHEMA = _schema()


def _no_traceback(ctx: Any, response: Any, case: Any) -> bool | None:
    assert "Traceback" not in response.text
    if response.status_code >= 400:
        ctype = response.headers.get("content-type") or [""]
        ctype = ctype[0] if isinstance(ctype, list) else ctype
        assert ctype.startswith("application/problem+json"), (response.status_code, ctype)
    return None


def _check(server: ServerProcess, case: Any) -> None:
    response = case.call(base_url=server.url, headers={"X-API-Key": API_KEY})
    case.validate_response(response, checks=[not_a_server_error, _no_traceback])


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_valid_requests_never_get_a_server_error(server: ServerProcess,
                                                 data: st.DataObject) -> None:
    _check(server, data.draw(SCHEMA.as_strategy(GenerationMode.POSITIVE)))


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_invalid_requests_never_get_a_server_error(server: ServerProcess,
                                                   data: st.DataObject) -> None:
    _check(server, data.draw(SCHEMA.as_strategy(GenerationMode.NEGATIVE)))
