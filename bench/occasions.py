"""Benchmark: "what is due for union X's subtree" and a full-registry scan over N designations.

Run: ``.venv/bin/python -m bench.occasions [N] [sqlite|postgresql ...] [--no-build]`` (N defaults
to 1,000,000; ``--no-build`` skips the full build step).

For each backend, on a copy of the cached synthetic registry whose occasion index is already built
(``synthetic.prepare(..., indexed=True)``, see ``bench/indexed.py``), each step runs in a process
of its own so its peak memory (max RSS) is its own:

- ``baseline``: one hand-written SQL statement per backend computing the same answer (the kinds
  plain SQL can express: cycle-end inspections [Y12], yearly filings [Y11], 考核 [S9]) — the
  yardstick;
- ``service``: the service's answer from the index (``outstanding_only=True``), first for the
  same kinds as the baseline (answers compared key by key), then for every kind;
- ``generators``: the same subtree question answered by running the generators without the index,
  for reference;
- ``build``: a full index build (every kind, every active designation, through the generators) —
  what the daily job does when the horizon moves on, about every three months. It is reported on
  its own line: it is not the query.

The window is the daily question: due from ``as_of`` to ``as_of`` + 30 days, plus everything
overdue. Targets: full scan ≤ 10 s, ≤ 3× the baseline, peak memory ≤ 300 MB.
"""

from __future__ import annotations

import hashlib
import json
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench import synthetic
from lifecycle.scope import EVERYTHING

AS_OF = synthetic.AS_OF
END = AS_OF + timedelta(days=30)
SQL_KINDS = ("cycle_inspection", "self_check_filing", "unit_evaluation_filing", "annual_assessment")

SQLITE_BASELINE = """
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 40),
years(y) AS (SELECT 2000 UNION ALL SELECT y + 1 FROM years WHERE y < :end_year),
d AS (
  SELECT d.id, d.scheme_code, d.naming_date, d.ended_on,
         CAST(strftime('%Y', d.naming_date) AS INTEGER)
           + (CASE WHEN strftime('%m-%d', d.naming_date) <= '10-01' THEN 0 ELSE 1 END) AS first_year
  FROM designations d
  JOIN workshops w ON w.id = d.workshop_id
  JOIN unions u ON u.id = w.unit_union_id
  WHERE u.path LIKE :prefix
    AND d.status IN ('named', 'rectifying') AND d.naming_date IS NOT NULL
),
cycles AS (
  SELECT 'cycle_inspection' AS kind, d.id AS did, n.k AS part, d.ended_on,
         date(CASE WHEN strftime('%m-%d', d.naming_date) = '02-29'
                   THEN date(d.naming_date, '-1 day') ELSE d.naming_date END,
              '+' || (3 * n.k) || ' years') AS due
  FROM d JOIN n ON n.k <= 14
  WHERE d.scheme_code = 'yangpu-district'
    AND NOT EXISTS (SELECT 1 FROM inspections i
                    WHERE i.designation_id = d.id AND i.cycle_no = n.k AND i.result IS NOT NULL
                      AND (i.result = 'pass' OR i.kind = 'cycle_end'))
),
filings AS (
  SELECT f.kind || '_filing' AS kind, d.id AS did, years.y AS part, d.ended_on,
         printf('%04d-12-31', years.y) AS due
  FROM d
  JOIN years ON years.y BETWEEN d.first_year AND :end_year
  CROSS JOIN (SELECT 'self_check' AS kind UNION ALL SELECT 'unit_evaluation') f
  WHERE d.scheme_code = 'yangpu-district'
    AND NOT EXISTS (SELECT 1 FROM yearly_filings y
                    WHERE y.designation_id = d.id AND y.year = years.y AND y.kind = f.kind)
),
assessments AS (
  SELECT 'annual_assessment' AS kind, d.id AS did, years.y AS part, d.ended_on,
         printf('%04d-12-31', years.y) AS due
  FROM d JOIN years ON years.y BETWEEN d.first_year AND :end_year
  WHERE d.scheme_code = 'shanghai-model-worker'
    AND NOT EXISTS (SELECT 1 FROM annual_assessments a
                    WHERE a.designation_id = d.id AND a.year = years.y
                      AND a.outcome IN ('passed', 'kept', 'revoked'))
)
SELECT kind || ':' || did || ':' || part AS key, due FROM (
  SELECT * FROM cycles UNION ALL SELECT * FROM filings UNION ALL SELECT * FROM assessments
) o
WHERE due <= :end AND (ended_on IS NULL OR due <= ended_on)
"""

POSTGRES_BASELINE = """
WITH d AS (
  SELECT d.id, d.scheme_code, d.naming_date, d.ended_on,
         extract(year FROM d.naming_date)::int
           + (CASE WHEN to_char(d.naming_date, 'MM-DD') <= '10-01' THEN 0 ELSE 1 END) AS first_year
  FROM designations d
  JOIN workshops w ON w.id = d.workshop_id
  JOIN unions u ON u.id = w.unit_union_id
  WHERE u.path LIKE :prefix
    AND d.status IN ('named', 'rectifying') AND d.naming_date IS NOT NULL
),
cycles AS (
  SELECT 'cycle_inspection' AS kind, d.id AS did, k AS part, d.ended_on,
         (d.naming_date + make_interval(years => 3 * k))::date AS due
  FROM d CROSS JOIN generate_series(1, 14) AS k
  WHERE d.scheme_code = 'yangpu-district'
    AND NOT EXISTS (SELECT 1 FROM inspections i
                    WHERE i.designation_id = d.id AND i.cycle_no = k AND i.result IS NOT NULL
                      AND (i.result = 'pass' OR i.kind = 'cycle_end'))
),
filings AS (
  SELECT f.kind || '_filing' AS kind, d.id AS did, y AS part, d.ended_on,
         make_date(y, 12, 31) AS due
  FROM d
  CROSS JOIN LATERAL generate_series(d.first_year, :end_year) AS y
  CROSS JOIN (VALUES ('self_check'), ('unit_evaluation')) AS f(kind)
  WHERE d.scheme_code = 'yangpu-district'
    AND NOT EXISTS (SELECT 1 FROM yearly_filings yf
                    WHERE yf.designation_id = d.id AND yf.year = y AND yf.kind = f.kind)
),
assessments AS (
  SELECT 'annual_assessment' AS kind, d.id AS did, y AS part, d.ended_on,
         make_date(y, 12, 31) AS due
  FROM d CROSS JOIN LATERAL generate_series(d.first_year, :end_year) AS y
  WHERE d.scheme_code = 'shanghai-model-worker'
    AND NOT EXISTS (SELECT 1 FROM annual_assessments a
                    WHERE a.designation_id = d.id AND a.year = y
                      AND a.outcome IN ('passed', 'kept', 'revoked'))
)
SELECT kind || ':' || did || ':' || part AS key, due FROM (
  SELECT * FROM cycles UNION ALL SELECT * FROM filings UNION ALL SELECT * FROM assessments
) o
WHERE due <= :end AND (ended_on IS NULL OR due <= ended_on)
"""


def _digest(keys: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _step(url: str, step: str, union_id: int) -> dict[str, Any]:
    """Run one measured step in this process and describe it."""
    from sqlalchemy import text

    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.occasions import index
    from lifecycle.occasions.model import OccasionKind
    from lifecycle.occasions.service import iter_occasions_for_union
    from lifecycle.uow import UnitOfWork

    engine = make_engine(url)
    factory = make_session_factory(engine)
    kinds = {OccasionKind(k) for k in SQL_KINDS}
    started = time.perf_counter()
    keys: list[str]
    with UnitOfWork(factory) as uow:
        union = uow.unions.get(union_id, scope=EVERYTHING)
        assert union is not None
        if step == "baseline":
            sql = POSTGRES_BASELINE if engine.dialect.name == "postgresql" else SQLITE_BASELINE
            params = {"prefix": f"{union.path}%", "end": END, "end_year": END.year}
            if engine.dialect.name == "sqlite":
                params["end"] = END.isoformat()
            keys = [row.key for row in uow.session.execute(text(sql), params)]
        elif step == "build":
            report = index.build(uow, AS_OF, datetime.now(UTC))
            uow.commit()
            keys = [f"{report.designations} designations", f"{report.entries} entries"]
        elif step in ("service", "service_all", "generators"):
            found = iter_occasions_for_union(
                uow,
                union_id,
                AS_OF,
                END,
                AS_OF,
                kinds=None if step == "service_all" else kinds,
                outstanding_only=step != "generators",
                scope=EVERYTHING,
            )
            keys = [o.key for o in found if o.status.value != "done"]
        else:
            raise SystemExit(f"unknown step {step}")
    took = time.perf_counter() - started
    engine.dispose()
    return {
        "step": step,
        "seconds": took,
        "count": len(keys),
        "digest": _digest(keys),
        "peak_mb": _peak_mb(),
        "keys": keys if step == "build" else None,
    }


def _run(url: str, step: str, union_id: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.occasions", "--step", step, url, str(union_id)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _district(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT id FROM unions WHERE level = 'district' ORDER BY id LIMIT 1")
        ).scalar_one()
    engine.dispose()
    return int(found)


def bench(backend: str, n: int, *, with_build: bool = True) -> list[str]:
    """Every figure for one backend, as printable lines."""
    url = synthetic.prepare(backend, n, f"occasions_{backend}", indexed=True)
    lines: list[str] = []
    try:
        district = _district(url)
        results: dict[tuple[str, str], dict[str, Any]] = {}
        for scope, union_id in (("subtree", district), ("full", 1)):
            results[(scope, "baseline")] = _run(url, "baseline", union_id)
            results[(scope, "service")] = _run(url, "service", union_id)
            results[(scope, "service_all")] = _run(url, "service_all", union_id)
        results[("subtree", "generators")] = _run(url, "generators", district)
        build = _run(url, "build", 1) if with_build else None
        lines.append(f"== {backend}: {n:,} designations, window {AS_OF} .. {END} + overdue ==")
        for scope in ("subtree", "full"):
            base = results[(scope, "baseline")]
            for step in ("baseline", "service", "service_all", "generators"):
                r = results.get((scope, step))
                if r is None:
                    continue
                ratio = r["seconds"] / base["seconds"] if base["seconds"] else float("nan")
                what = {
                    "baseline": "hand-written SQL (4 kinds)",
                    "service": "service from index (4 kinds)",
                    "service_all": "service from index (all kinds)",
                    "generators": "generators, no index (4 kinds)",
                }[step]
                detail = " / ".join(r["keys"]) if r.get("keys") else f"{r['count']:,} occasions"
                lines.append(
                    f"{scope:8} {what:36} {r['seconds']:7.2f} s  {ratio:5.2f}× baseline  "
                    f"peak {r['peak_mb']:6.0f} MB  {detail}"
                )
            same = results[(scope, "service")]["digest"] == base["digest"]
            lines.append(
                f"{scope:8} service answer == baseline answer: {same} "
                f"({results[(scope, 'service')]['count']:,} vs {base['count']:,})"
            )
            if scope == "subtree":
                gen = results[(scope, "generators")]["digest"] == base["digest"]
                lines.append(f"{scope:8} generators answer == baseline answer: {gen}")
            service = results[(scope, "service")]
            ratio = service["seconds"] / base["seconds"] if base["seconds"] else float("nan")
            met = service["seconds"] <= 10 and ratio <= 3 and service["peak_mb"] <= 300
            lines.append(
                f"{scope:8} target (≤ 10 s, ≤ 3× baseline, ≤ 300 MB): "
                f"{'met' if met else 'MISSED'} ({service['seconds']:.2f} s, {ratio:.2f}×, "
                f"{service['peak_mb']:.0f} MB)"
            )
        if build is not None:
            lines.append(
                f"index    full build (not the query): {build['seconds']:7.2f} s  "
                f"peak {build['peak_mb']:6.0f} MB  {' / '.join(build['keys'])}"
            )
    finally:
        synthetic.drop(url)
    return lines


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--step":
        _, _, step, url, union_id = sys.argv
        print(json.dumps(_step(url, step, int(union_id)), default=str))
        return
    args = sys.argv[1:]
    n = int(args[0]) if args and args[0].isdigit() else 1_000_000
    backends = [a for a in args if a in ("sqlite", "postgresql")] or ["sqlite", "postgresql"]
    with_build = "--no-build" not in args  # the reads only (the build takes minutes at 1M)
    print(f"bench/occasions on {date.today()} (registry as of {AS_OF})", flush=True)
    for backend in backends:
        for line in bench(backend, n, with_build=with_build):
            print(line, flush=True)


if __name__ == "__main__":
    main()
