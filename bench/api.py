"""Benchmark: the JSON API under 32 concurrent connections, beside a bare endpoint (issue 17).

Run: ``nice .venv/bin/python -m bench.api [N] [sqlite|postgresql ...]`` (N defaults to 150,000).

On a copy (a database of this run's own) of the cached synthetic registry (``bench/synthetic.py``)
with the occasion index built, the service runs under uvicorn in a subprocess (one worker); ``wrk``
(or, where it is missing, a Python load generator in a process of its own) loads it over loopback
with a district officer's API token (the city dashboard: a city officer's), in turn:

- ``bare`` / ``bare-async``: a FastAPI endpoint with no database and no auth, as a plain function
  and as a coroutine: the yardsticks;
- ``list-first-page``, ``list-search`` (a title fragment), ``list-filters`` (status and scheme),
  ``list-page-20`` (by offset) and ``list-page-20-by-key`` (``after``, the same page):
  ``GET /api/v1/designations`` as a district officer pages through it;
- ``designation``: one designation's JSON;
- ``dashboard``: the district dashboard; ``city-dashboard``: the city-wide one;
- ``burst-dashboard``: the district dashboard at 120 connections, three times the service's
  database connections: every request must be answered (no 503, no timeout).

Nothing is cached between requests: every request reads the database. Printed: p50/p95 latency,
throughput, and each route's throughput as a share of each bare one. Targets: the district list
and dashboard p95 ≤ 50 ms and ≥ 50 % of the faster bare endpoint's throughput; the city-wide
dashboard p95 ≤ 300 ms.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench import synthetic
from lifecycle.scope import EVERYTHING

DURATION_S = int(os.environ.get("BENCH_API_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_API_CONNECTIONS", "32"))
# A burst: three times the service's 40 database connections at once (each must be answered).
BURST_CONNECTIONS = 120
TARGET_P95_MS = 50.0
TARGET_CITY_P95_MS = 300.0
TARGET_SHARE = 0.5
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d\\n", latency:percentile(50),
    latency:percentile(95), summary.requests, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def serve_app() -> Any:
    """The service as deployed plus one bare endpoint (uvicorn factory; reads the environment)."""
    from api.app import create_app
    from lifecycle.clock import SHANGHAI
    from lifecycle.config import Settings

    now = datetime.combine(synthetic.AS_OF, clock_time(10, 0), tzinfo=SHANGHAI)
    app = create_app(Settings(), clock=lambda: now)

    @app.get("/bench/bare")
    def bare() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/bench/bare-async")
    async def bare_async() -> dict[str, bool]:
        return {"ok": True}

    return app


def _prepare(url: str) -> dict[str, Any]:
    """Build the occasion index, a district officer with an API token; pick the targets."""
    from sqlalchemy import func, select

    from lifecycle.accounts.service import NewUser, create_user, issue_token, principal_of
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.designations.model import Designation
    from lifecycle.listings.repository import Window
    from lifecycle.occasions import index
    from lifecycle.unions.model import Union
    from lifecycle.uow import UnitOfWork
    from lifecycle.vocab import Role, UnionLevel

    engine = make_engine(url)
    factory = make_session_factory(engine)
    now = datetime.now(UTC)
    with UnitOfWork(factory) as uow:
        started = time.perf_counter()
        report = index.ensure(uow, synthetic.AS_OF, now)
        uow.commit()
        if report is not None:
            print(f"  occasion index built in {time.perf_counter() - started:.1f} s", flush=True)
    with UnitOfWork(factory) as uow:
        district = uow.session.scalars(
            select(Union).where(Union.level == UnionLevel.DISTRICT).order_by(Union.id).limit(1)
        ).one()
        city = uow.session.scalars(
            select(Union).where(Union.level == UnionLevel.CITY).order_by(Union.id).limit(1)
        ).one()
        # As ``synthetic_rows`` now builds it (a cache built before had no regions): Shanghai's
        # tree, Yangpu's pack, so the list's scheme filter is one the caller's tree offers.
        city.region_code, district.region_code = "shanghai", "yangpu"
        designation_id = uow.designations.find(uow_scope(district.path), limit=1)[0].id
        # The key page 20 starts after (keyset paging): the 950th designation of the district.
        page_20 = uow.listings.designations(uow_scope(district.path), Window(1, 949)).items[0].id
        count = uow.session.scalar(select(func.count(Designation.id)))
        user = create_user(
            uow,
            NewUser(
                "bench-officer",
                "压测区干部",
                "bench-password-2026",
                Role.DISTRICT_OFFICER,
                district.id,
            ),
            principal_actor(),
            scope=EVERYTHING,
        )
        found = uow.accounts.user_with_union(user.id)
        assert found is not None
        token = issue_token(uow, principal_of(*found), "bench", now).plaintext
        city_user = create_user(
            uow,
            NewUser("bench-city", "压测市干部", "bench-password-2026", Role.CITY_OFFICER, city.id),
            principal_actor(),
            scope=EVERYTHING,
        )
        city_found = uow.accounts.user_with_union(city_user.id)
        assert city_found is not None
        city_token = issue_token(uow, principal_of(*city_found), "bench", now).plaintext
        title = uow.session.scalars(
            select(Designation.title).where(Designation.id == designation_id)
        ).one()
        uow.commit()
    engine.dispose()
    return {
        "district": district.id,
        "district_name": district.name,
        "designation": designation_id,
        "token": token,
        "city": city.id,
        "city_token": city_token,
        "search": title[-4:],
        "page_20_after": page_20,
        "designations": count,
    }


def uow_scope(path: str) -> Any:
    from lifecycle.scope import Scope

    return Scope.subtree(path)


def principal_actor() -> Any:
    from lifecycle.actors import SYSTEM

    return SYSTEM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "WORKSHOPS_DATABASE_URL": url, "DATABASE_URL": url}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.api:serve_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
        env=env,
        cwd=synthetic.ROOT,
    )  # fmt: skip
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def _wrk(url: str, token: str, seconds: int, connections: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s",
             "-s", script.name,
             "-H", f"Authorization: Bearer {token}", url],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    p50, p95, requests, duration_us, errors = (int(v) for v in line.split()[1:])
    return {
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "rps": requests / (duration_us / 1e6),
        "requests": requests,
        "errors": errors,
    }


def _python_load(url: str, token: str, seconds: int, connections: int) -> dict[str, float]:
    """A load generator in a process of its own, for machines without wrk."""
    code = f"""
import json, threading, time, http.client, urllib.parse
u = urllib.parse.urlsplit({url!r}); lat = []; errors = [0]; stop = time.perf_counter() + {seconds}
def worker():
    conn = http.client.HTTPConnection(u.hostname, u.port)
    path = u.path + ('?' + u.query if u.query else '')
    while time.perf_counter() < stop:
        t = time.perf_counter()
        conn.request('GET', path, headers={{'Authorization': 'Bearer {token}'}})
        r = conn.getresponse(); r.read()
        if r.status != 200: errors[0] += 1
        lat.append(time.perf_counter() - t)
threads = [threading.Thread(target=worker) for _ in range({connections})]
start = time.perf_counter(); [t.start() for t in threads]; [t.join() for t in threads]
took = time.perf_counter() - start; lat.sort(); lat = lat or [0.0]
print(json.dumps({{"p50_ms": lat[len(lat)//2]*1000, "p95_ms": lat[int(len(lat)*0.95)]*1000,
                  "rps": len(lat)/took, "requests": len(lat), "errors": errors[0]}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout))


def _drain(bare_url: str) -> None:
    """Wait until requests abandoned by the load generator are done and the server is idle."""
    for _ in range(600):
        started = time.perf_counter()
        with urllib.request.urlopen(bare_url, timeout=120):
            pass
        if time.perf_counter() - started < 0.02:
            return
        time.sleep(0.5)


def _answered(name: str, url: str, token: str) -> None:
    """One request of the route answered 200, or the run stops: timing refusals measures nothing
    (a scheme filter the synthetic tree did not offer was timed as 638 errors)."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            if answer.status == 200:
                return
            raise RuntimeError(f"{name}: {answer.status}")
    except urllib.error.HTTPError as err:
        raise RuntimeError(f"{name}: {err.code} {err.read()[:300].decode()}") from err


def _peak_mib(pid: int) -> int:
    """The server process's peak resident memory (VmHWM), MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def _load(url: str, token: str, seconds: int, connections: int = CONNECTIONS) -> dict[str, float]:
    if shutil.which("wrk"):
        return _wrk(url, token, seconds, connections)
    return _python_load(url, token, seconds, connections)


def run(backend: str, n: int) -> dict[str, Any]:
    url = synthetic.prepare(backend, n, "api", indexed=True)
    try:
        return {"backend": backend, **run_on(url)}
    finally:
        synthetic.drop(url)


def run_on(url: str) -> dict[str, Any]:
    """Every route under load on the registry at ``url`` (a throw-away copy: a user is added)."""
    target = _prepare(url)
    port = _free_port()
    server = _start_server(url, port)
    base = f"http://127.0.0.1:{port}"
    listing = f"{base}/api/v1/designations"
    officer, city = target["token"], target["city_token"]
    routes = {
        "bare": (f"{base}/bench/bare", officer),
        "bare-async": (f"{base}/bench/bare-async", officer),
        "list-first-page": (f"{listing}?limit=50", officer),
        "list-search": (f"{listing}?limit=50&q={quote(target['search'])}", officer),
        "list-filters": (f"{listing}?limit=50&status=named&scheme=yangpu-district", officer),
        "list-page-20": (f"{listing}?limit=50&offset=950", officer),
        "list-page-20-by-key": (f"{listing}?limit=50&after={target['page_20_after']}", officer),
        "designation": (f"{base}/api/v1/designations/{target['designation']}", officer),
        "dashboard": (f"{base}/api/v1/dashboard?union_id={target['district']}", officer),
        "city-dashboard": (f"{base}/api/v1/dashboard?union_id={target['city']}", city),
        "burst-dashboard": (f"{base}/api/v1/dashboard?union_id={target['district']}", officer),
    }
    results: dict[str, dict[str, float]] = {}
    try:
        for name, (route, token) in routes.items():
            _answered(name, route, token)
        for name, (route, token) in routes.items():
            connections = BURST_CONNECTIONS if name.startswith("burst") else CONNECTIONS
            _load(route, token, 2)  # warm-up: connection pool, the server's page cache
            _drain(routes["bare"][0])
            results[name] = _load(route, token, DURATION_S, connections)
            print(f"  {name}: {results[name]}", flush=True)
            _drain(routes["bare"][0])
        peak = _peak_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"target": target, "results": results, "server_peak_mib": peak}


def report(outcome: dict[str, Any]) -> None:
    target, results = outcome["target"], outcome["results"]
    bare = results["bare"]["rps"]
    bare_async = results["bare-async"]["rps"]
    yardstick = max(bare, bare_async)
    print(
        f"\n{outcome['backend']}: {target['designations']:,} designations; dashboard of "
        f"{target['district_name']} (union {target['district']}), designation "
        f"{target['designation']}; {CONNECTIONS} connections, {DURATION_S} s each"
    )
    print(
        f"  {'route':<19} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>9} {'of bare':>8} "
        f"{'of async':>9} {'errors':>7}"
    )
    for name, r in results.items():
        print(
            f"  {name:<19} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['rps']:>9.0f} "
            f"{r['rps'] / bare if bare else 0.0:>7.0%} "
            f"{r['rps'] / bare_async if bare_async else 0.0:>8.0%} {int(r['errors']):>7}"
        )
    print(f"  server peak memory {outcome['server_peak_mib']} MiB")
    burst = results["burst-dashboard"]
    print(
        f"  burst-dashboard: the district dashboard at {BURST_CONNECTIONS} connections at once: "
        f"{int(burst['requests'])} answered, {int(burst['errors'])} errors or timeouts"
    )
    for name in (
        "list-first-page",
        "list-search",
        "list-filters",
        "list-page-20",
        "list-page-20-by-key",
        "dashboard",
    ):
        r = results[name]
        ok = 0 < r["p95_ms"] <= TARGET_P95_MS and r["rps"] / yardstick >= TARGET_SHARE
        print(
            f"  {name}: target p95 ≤ {TARGET_P95_MS:.0f} ms and ≥ {TARGET_SHARE:.0%} of the "
            f"faster bare: {'met' if ok else 'NOT met'}"
        )
    city_p95 = results["city-dashboard"]["p95_ms"]
    print(
        f"  city-dashboard: target p95 ≤ {TARGET_CITY_P95_MS:.0f} ms: "
        f"{'met' if 0 < city_p95 <= TARGET_CITY_P95_MS else 'NOT met'}"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 150_000
    for backend in sys.argv[2:] or ["sqlite", "postgresql"]:
        report(run(backend, n))


if __name__ == "__main__":
    main()
