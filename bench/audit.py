"""Benchmark: the full 专款专用 audit over 1,500,000 expenditures across 150,000 designations.

Run: ``nice .venv/bin/python -m bench.audit [N] [indexed] [sqlite|postgresql ...]`` (N
designations, default 150,000; 10 expenditures each). ``indexed``: on a registry whose occasion
index is built (``bench/indexed.py``), as a deployment's is, so the audit's time includes
rewriting the entries of the titles whose findings it stores or closes (each open finding is an
occasion); without it no index is built and that step does nothing.

For each backend, on a copy of the cached synthetic registry (``bench/synthetic.py``) with grants
(one-off for every title, district matching for 85 % of the city titles, some of it short) and
expenditures (3 % forbidden categories, 1 % without receipt, 0.5 % reused receipts, 3 % of the
titles overspending) bulk-loaded on top, with money entered in error and set right (2 % of the
matching grants voided, 0.5 % of the expenditures corrected and 0.3 % voided, a grant approved
on the end day of 5 % of the ended titles), each step runs in a process of its own so its peak
memory (max RSS) is its own:

- ``baseline``: one hand-written SQL statement computing the same findings (keys) — the yardstick;
- ``audit``: ``lifecycle.funding.audit.run_audit`` over everything, storing the findings;
- ``rerun``: the same audit again (finds the same, stores nothing);
- ``baseline`` once more: the faster of its two runs is the yardstick of the ratios (each run is
  printed once, in the order it ran, with the load average of the machine).

The audit's stored keys are compared with the baseline's. Target (issue 17): ≤ 3× the baseline
(the audit reads every fact into Python and lets ``rules.audit`` decide).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import create_engine, text

from bench import synthetic
from bench.bulk import load_table
from lifecycle.scope import EVERYTHING

AS_OF = synthetic.AS_OF
PER_DESIGNATION = 10
ALLOWED = ("equipment", "learning_supplies", "books", "materials", "training_exchange")
FORBIDDEN = ("personal_reward", "allowance", "subsidy", "travel")
ONE_OFF_FEN = {"yangpu-district": 1_000_000}
CITY_FEN = 2_000_000
TARGET_RATIO = 3.0
# Money entered in error and set right, so the baseline's reading of the money as it stands is
# compared too: matching grants voided, expenditures corrected or voided, and a grant approved
# on the day an ended title ended (refused by the grant rule: an ``ineligible_grant``).
VOIDED_GRANTS = 0.02
CORRECTED = 0.005
VOIDED = 0.003
LATE_GRANTS = 0.05

# The same answer as lifecycle.funding.rules.audit, in SQL, over the money as it stands (voided
# grants left out, each expenditure with its latest correction, voided ones left out); {plus90}
# is dialect date arithmetic.
BASELINE = """
WITH g AS (
  SELECT * FROM funding_grants WHERE approved_on <= :as_of AND voided_on IS NULL
),
latest AS (
  SELECT c.* FROM funding_expenditure_changes c
  WHERE c.version = (SELECT MAX(version) FROM funding_expenditure_changes
                     WHERE expenditure_id = c.expenditure_id)
),
e AS (
  SELECT x.id, x.designation_id,
         COALESCE(c.spent_on, x.spent_on) AS spent_on,
         COALESCE(c.amount_fen, x.amount_fen) AS amount_fen,
         COALESCE(c.category, x.category) AS category,
         CASE WHEN c.id IS NULL THEN x.receipt_ref ELSE c.receipt_ref END AS receipt_ref
  FROM funding_expenditures x LEFT JOIN latest c ON c.expenditure_id = x.id
  WHERE (c.kind IS NULL OR c.kind <> 'void') AND COALESCE(c.spent_on, x.spent_on) <= :as_of
),
d AS (
  SELECT id, scheme_code, status, naming_date, ended_on FROM designations
),
events AS (
  SELECT designation_id, paid_on AS on_day, 0 AS side, id, amount_fen AS delta FROM g
  WHERE paid_on IS NOT NULL
  UNION ALL
  SELECT designation_id, spent_on, 1, id, -amount_fen FROM e
),
running AS (
  SELECT designation_id, side, id, delta,
         SUM(delta) OVER (PARTITION BY designation_id ORDER BY on_day, side, id
                          ROWS UNBOUNDED PRECEDING) AS balance
  FROM events
),
refs AS (
  SELECT designation_id, id,
         ROW_NUMBER() OVER (PARTITION BY designation_id, TRIM(receipt_ref)
                            ORDER BY spent_on, id) AS nth
  FROM e WHERE TRIM(COALESCE(receipt_ref, '')) <> ''
),
paid_city AS (
  SELECT g.designation_id, g.id, g.amount_fen, {plus90} AS due
  FROM g JOIN d ON d.id = g.designation_id
  WHERE g.kind = 'one_off' AND g.paid_on IS NOT NULL
    AND d.scheme_code IN ('shanghai-model-worker', 'shanghai-craftsman')
),
matched AS (
  SELECT c.designation_id, SUM(m.amount_fen) AS fen,
         SUM(CASE WHEN m.paid_on <= c.due THEN m.amount_fen ELSE 0 END) AS by_due,
         SUM(CASE WHEN m.paid_on > c.due THEN 1 ELSE 0 END) AS late
  FROM paid_city c JOIN g m ON m.designation_id = c.designation_id
  WHERE m.kind = 'matching' AND m.paid_on IS NOT NULL AND m.paid_on <= :as_of
  GROUP BY c.designation_id
),
city AS (
  SELECT c.designation_id, c.id, c.amount_fen, c.due, COALESCE(m.fen, 0) AS matched,
         COALESCE(m.by_due, 0) AS by_due, COALESCE(m.late, 0) AS late
  FROM paid_city c LEFT JOIN matched m ON m.designation_id = c.designation_id
)
SELECT designation_id || ':forbidden_category:' || id AS key FROM e
WHERE category IN ('personal_reward', 'allowance', 'subsidy', 'travel')
UNION ALL
SELECT e.designation_id || ':after_end:' || e.id FROM e JOIN d ON d.id = e.designation_id
WHERE d.ended_on IS NOT NULL AND e.spent_on > d.ended_on
UNION ALL
SELECT designation_id || ':missing_receipt:' || id FROM e
WHERE TRIM(COALESCE(receipt_ref, '')) = ''
UNION ALL
SELECT designation_id || ':duplicate_receipt:' || id FROM refs WHERE nth > 1
UNION ALL
SELECT designation_id || ':overspent:' || id || ':'
       || CASE WHEN -delta < -balance THEN -delta ELSE -balance END
FROM running WHERE side = 1 AND balance < 0
UNION ALL
SELECT designation_id || ':matching_short:' || id || ':' || (amount_fen - matched)
       || CASE WHEN late > 0 THEN ':' || by_due ELSE '' END FROM city
WHERE matched > 0 AND matched < amount_fen AND :as_of > due
UNION ALL
SELECT designation_id || ':matching_missing:' || id FROM city
WHERE matched = 0 AND :as_of > due
UNION ALL
SELECT g.designation_id || ':ineligible_grant:' || g.id FROM g JOIN d ON d.id = g.designation_id
WHERE (
  d.status IN ('applied', 'under_review', 'rejected') OR d.naming_date IS NULL
  OR g.approved_on < d.naming_date
  OR (d.status IN ('revoked', 'exited') AND (d.ended_on IS NULL OR g.approved_on >= d.ended_on)))
"""
PLUS90 = {"sqlite": "date(paid_on, '+90 days')", "postgresql": "paid_on + 90"}


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def _digest(keys: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]


def _peak_mb() -> float:
    """This process's own peak resident memory: VmHWM, which (unlike ``ru_maxrss``) does not
    carry over the parent's peak across fork and exec; ``ru_maxrss`` where there is no /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the data -----------------------------------------------------------------------------------


def _money_rows(
    url: str, seed: int = 11
) -> tuple[list[dict[str, Any]], Iterator[dict[str, Any]], list[dict[str, Any]]]:
    """Grants (a list), expenditures (a generator) and their changes (a list, filled as the
    expenditures are generated) for every designation of the registry."""
    engine = create_engine(url)
    with engine.connect() as conn:
        designations = conn.execute(
            text(
                "SELECT id, scheme_code, naming_date, ended_on, naming_union_id, "
                "district_union_id FROM designations WHERE naming_date IS NOT NULL ORDER BY id"
            )
        ).all()
    engine.dispose()
    rng = random.Random(seed)
    grants: list[dict[str, Any]] = []
    plans: list[tuple[int, date, int]] = []
    for did, scheme, raw_named, raw_ended, naming_union, district in designations:
        named = raw_named if isinstance(raw_named, date) else date.fromisoformat(raw_named)
        paid = named + timedelta(days=30)
        fen = ONE_OFF_FEN.get(scheme, CITY_FEN)
        grants.append(_grant(len(grants) + 1, did, "one_off", naming_union, named, paid, fen))
        if scheme != "yangpu-district":
            pick = rng.random()
            matched = CITY_FEN if pick < 0.70 else 1_500_000 if pick < 0.85 else 0
            if matched:
                on = paid + timedelta(days=60)
                grants.append(_grant(len(grants) + 1, did, "matching", district, on, on, matched))
                if rng.random() < VOIDED_GRANTS:  # entered in error, voided: counts nowhere
                    grants[-1] |= {"voided_on": on, "void_reason": "误录", "voided_by": "bench"}
                else:
                    fen += matched
        if raw_ended is not None and rng.random() < LATE_GRANTS:  # approved on the end day
            ended = raw_ended if isinstance(raw_ended, date) else date.fromisoformat(raw_ended)
            grants.append(_grant(len(grants) + 1, did, "matching", district, ended, ended, 1000))
        plans.append((did, paid, fen))
    changes: list[dict[str, Any]] = []
    return grants, _expenditures(plans, rng, changes), changes


def _grant(  # noqa: PLR0917
    gid: int, did: int, kind: str, union: int, approved: date, paid: date, fen: int
) -> dict[str, Any]:
    return {
        "id": gid,
        "designation_id": did,
        "kind": kind,
        "paying_union_id": union,
        "approval_ref": f"BENCH-{gid}",
        "approved_on": approved,
        "paid_on": paid if paid <= AS_OF else None,
        "amount_fen": fen,
        "achievement_id": None,
        "note": None,
        "entered_by": "bench",
        "entered_by_user_id": None,
        "created_at": synthetic.CREATED,
        "voided_on": None,
        "void_reason": None,
        "voided_by": None,
    }


def _expenditures(
    plans: list[tuple[int, date, int]], rng: random.Random, changes: list[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    eid = 0
    for did, paid, fen in plans:
        span = max(1, (AS_OF - paid).days)
        # ~60 % of the money spent; 3 % of the titles spend 150 %.
        budget = fen * (1.5 if rng.random() < 0.03 else 0.6)
        last_ref = None
        for _ in range(PER_DESIGNATION):
            eid += 1
            pick = rng.random()
            category = rng.choice(FORBIDDEN) if pick < 0.03 else rng.choice(ALLOWED)
            ref: str | None = f"R{eid}"
            roll = rng.random()
            if roll < 0.01:
                ref = None
            elif roll < 0.015 and last_ref is not None:
                ref = last_ref
            last_ref = ref or last_ref
            row = {
                "id": eid,
                "designation_id": did,
                "spent_on": paid + timedelta(days=rng.randrange(span)),
                "amount_fen": max(1, int(budget / PER_DESIGNATION * rng.uniform(0.5, 1.5))),
                "payee": "某供应商",
                "category": category,
                "description": "基准测试支出",
                "receipt_ref": ref,
                "entered_by": "bench",
                "entered_by_user_id": None,
                "created_at": synthetic.CREATED,
            }
            change = rng.random()
            if change < CORRECTED + VOIDED:
                changes.append(_change(len(changes) + 1, row, void=change < VOIDED, rng=rng))
            yield row


def _change(cid: int, row: dict[str, Any], *, void: bool, rng: random.Random) -> dict[str, Any]:
    """A void of ``row``, or a correction carrying every value from then on (another amount,
    category and receipt: what the audit judged before may no longer hold, or now hold)."""
    kept = ("spent_on", "amount_fen", "payee", "category", "description", "receipt_ref")
    values: dict[str, Any] = dict.fromkeys(kept) if void else {k: row[k] for k in kept}
    if not void:
        values["amount_fen"] = max(1, int(row["amount_fen"] * rng.uniform(0.3, 2.0)))
        values["category"] = rng.choice(ALLOWED + FORBIDDEN[:1])
        values["receipt_ref"] = None if rng.random() < 0.1 else f"C{cid}"
    return {
        "id": cid,
        "expenditure_id": row["id"],
        "version": 2,
        "kind": "void" if void else "correction",
        **values,
        "reason": "录入有误",
        "changed_on": AS_OF,
        "changed_by": "bench",
        "changed_by_user_id": None,
        "created_at": synthetic.CREATED,
    }


def load_money(url: str) -> dict[str, int]:
    """Bulk-load grants and expenditures (COPY / executemany) onto the registry copy."""
    from lifecycle.db.models import Base

    grants, expenditures, changes = _money_rows(url)
    tables = Base.metadata.tables
    engine = create_engine(url)
    counts: dict[str, int] = {}
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            money = (
                ("funding_grants", grants),
                ("funding_expenditures", expenditures),
                ("funding_expenditure_changes", changes),  # filled as expenditures are loaded
            )
            for name, rows in money:
                started = time.perf_counter()
                counts[name] = load_table(conn, tables[name], rows)
                took = time.perf_counter() - started
                print(f"  loaded {counts[name]:>9,} {name} in {took:.1f} s", flush=True)
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()
    return counts


# --- the measured steps --------------------------------------------------------------------------


def _step(url: str, step: str) -> dict[str, Any]:
    """Run one measured step in this process and describe it."""
    from lifecycle.actors import Actor
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.funding.audit import run_audit
    from lifecycle.uow import UnitOfWork

    engine = make_engine(url)
    factory = make_session_factory(engine)
    dialect = engine.dialect.name
    started = time.perf_counter()
    cpu_started = time.process_time()
    keys: list[str] = []
    detail = ""
    with UnitOfWork(factory) as uow:
        if step == "baseline":
            sql = BASELINE.replace("{plus90}", PLUS90[dialect])
            as_of: Any = AS_OF.isoformat() if dialect == "sqlite" else AS_OF
            keys = [row.key for row in uow.session.execute(text(sql), {"as_of": as_of})]
            took = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
        elif step in ("audit", "rerun"):
            report = run_audit(uow, as_of=AS_OF, actor=Actor("基准测试"), scope=EVERYTHING)
            uow.commit()
            took = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            detail = (
                f"{report.designations:,} designations, {report.present:,} findings present, "
                f"{report.stored:,} stored"
            )
            rows = uow.session.execute(text("SELECT designation_id, key FROM funding_findings"))
            keys = [f"{did}:{key}" for did, key in rows]
        else:
            raise SystemExit(f"unknown step {step}")
    engine.dispose()
    return {
        "step": step,
        "seconds": took,
        "cpu": cpu,
        "count": len(keys),
        "digest": _digest(keys),
        "peak_mb": _peak_mb(),
        "detail": detail,
    }


def _run(url: str, step: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.audit", "--step", step, url],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def bench(backend: str, n: int, *, indexed: bool = False) -> list[str]:
    """Every figure for one backend, as printable lines."""
    url = synthetic.prepare(backend, n, f"audit_{backend}", indexed=indexed)
    lines: list[str] = []
    try:
        counts = load_money(url)
        first = _run(url, "baseline")
        results = {step: _run(url, step) for step in ("audit", "rerun")}
        # The baseline again after the audit (warm caches for both); ratios against the faster.
        again = _run(url, "baseline")
        base = min(first, again, key=lambda r: r["seconds"])
        lines.append(
            f"== {backend}: {n:,} designations, {counts['funding_expenditures']:,} expenditures, "
            f"{counts['funding_grants']:,} grants, as of {AS_OF}"
            f"{', occasion index built' if indexed else ''} (load {_load()}) =="
        )
        for r, what in (
            (first, "baseline: hand-written SQL, run 1"),
            (results["audit"], "run_audit, first run (stores)"),
            (results["rerun"], "run_audit, second run"),
            (again, "baseline: hand-written SQL, run 2"),
        ):
            ratio = r["seconds"] / base["seconds"] if base["seconds"] else float("nan")
            lines.append(
                f"{what:34} {r['seconds']:7.2f} s  {ratio:5.2f}× the faster baseline  "
                f"(this process's cpu {r['cpu']:5.2f} s)  "
                f"peak {r['peak_mb']:6.0f} MB  {r['count']:,} findings  {r['detail']}"
            )
        results["baseline"] = base
        same = results["audit"]["digest"] == first["digest"] == again["digest"]
        lines.append(
            f"stored findings == both baselines' findings: {same} "
            f"({results['audit']['count']:,} vs {base['count']:,}); "
            f"rerun added nothing: {results['rerun']['count'] == results['audit']['count']}"
        )
        audit = results["audit"]
        lines.append(
            f"target (issue 17, first run) ≤ 3× baseline: "
            f"{'met' if audit['seconds'] <= TARGET_RATIO * base['seconds'] else 'MISSED'}; "
            f"peak memory {max(r['peak_mb'] for r in results.values()):.0f} MB"
        )
    finally:
        synthetic.drop(url)
    return lines


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--step":
        _, _, step, url = sys.argv
        print(json.dumps(_step(url, step), default=str))
        return
    args = sys.argv[1:]
    n = int(args[0]) if args and args[0].isdigit() else 150_000
    indexed = "indexed" in args
    backends = [a for a in args if not a.isdigit() and a != "indexed"] or ["sqlite", "postgresql"]
    print(f"bench/audit on {date.today()} (registry as of {AS_OF})", flush=True)
    for backend in backends:
        for line in bench(backend, n, indexed=indexed):
            print(line, flush=True)


if __name__ == "__main__":
    main()
