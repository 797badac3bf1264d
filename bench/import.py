"""Benchmark: importing a national-scale registry workbook beside a bulk insert of the same rows.

Run: ``.venv/bin/python -m bench.import [N] [sqlite|postgresql ...]`` (N designations, default
150,000, each with its leader and workshop, across 3 districts; ``--full`` adds a member, an
honour and a one-off grant per title).

The workbook is written once (``lifecycle.adoption.sample``). For each backend, on an empty
migrated database each, every step runs in a process of its own so its peak memory (VmHWM) is
its own:

- ``import``: ``lifecycle.adoption.service.import_registry`` — every cell parsed and checked,
  every row through the use case that guards it (``register_person``, ``create_workshop``,
  ``register_existing_title``), the facts those read fetched in batches by natural key
  (``lifecycle.adoption.prefetch``), new rows, their history and audit entries sent in
  batches, one transaction;
- ``dry-run``: the same file again as a dry run on the imported registry (all unchanged);
- ``bulk``: the same rows parsed from the same file, then inserted with no rule checked
  (executemany on SQLite, COPY on PostgreSQL) — the yardstick.

Ratios are against the bulk insert of the same run. The machine may be shared: the figures are
those of this run only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bench.audit import _peak_mb
from bench.bulk import load_table
from bench.synthetic import POSTGRES_ADMIN, ROOT, _postgres, unique_name
from lifecycle.db.migrate import upgrade

AS_OF = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 2, tzinfo=UTC)


def _database(backend: str, label: str, work: Path) -> str:
    """An empty, migrated database of ``backend``."""
    if backend == "sqlite":
        path = work / f"{label}.db"
        for extra in ("", "-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        name = unique_name(f"import_{label}")
        _postgres(POSTGRES_ADMIN, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres(POSTGRES_ADMIN, f'CREATE DATABASE "{name}"')
        url = make_url(POSTGRES_ADMIN).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    return url


def _drop(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for extra in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{extra}").unlink(missing_ok=True)
    else:
        _postgres(POSTGRES_ADMIN, f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')


def _import_step(url: str, file: Path, *, dry_run: bool) -> dict[str, Any]:
    from lifecycle.actors import Actor
    from lifecycle.adoption.service import import_registry
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.designations.model import Designation
    from lifecycle.scope import EVERYTHING
    from lifecycle.uow import UnitOfWork

    engine = make_engine(url)
    factory = make_session_factory(engine)
    content = file.read_bytes()
    started = time.perf_counter()
    with UnitOfWork(factory, actor=Actor("基准导入")) as uow:
        report = import_registry(
            uow, content, actor=Actor("基准导入"), as_of=AS_OF, scope=EVERYTHING, dry_run=dry_run
        )
        if not dry_run:
            uow.commit()
    took = time.perf_counter() - started
    with UnitOfWork(factory) as uow:
        titles = int(uow.session.scalar(select(func.count()).select_from(Designation)) or 0)
    engine.dispose()
    return {"seconds": took, "peak_mb": _peak_mb(), "titles": titles, "lines": report.lines()}


def _bulk_rows(file: Path) -> dict[str, list[dict[str, Any]]]:
    """The same file parsed the same way, as table rows (ids given here, no rule checked)."""
    from lifecycle.adoption.errors import CellProblem
    from lifecycle.adoption.parse import parse_sheets
    from lifecycle.adoption.reader import read_sheets
    from lifecycle.adoption.sheets import DESIGNATIONS, IMPORTED_REASON, PERSONS, SHEETS, UNIONS
    from lifecycle.adoption.sheets import WORKSHOPS as SHOPS

    cells: list[CellProblem] = []
    records = parse_sheets(read_sheets(file.read_bytes(), tuple(s.name for s in SHEETS)), cells)
    assert not cells, cells[:3]
    unions: dict[tuple[str, ...], dict[str, Any]] = {}
    for r in sorted(records[UNIONS.name], key=lambda r: len(r["path"])):
        parent = unions.get(r["path"][:-1])
        union_id = len(unions) + 1
        unions[r["path"]] = {
            "id": union_id, "name": r["path"][-1], "level": r["level"],
            "parent_id": parent["id"] if parent else None,
            "path": f"{parent['path'] if parent else '/'}{union_id}/",
            "doc_prefix": r["doc_prefix"], "region_code": r["region_code"], "created_at": NOW,
        }  # fmt: skip
    persons: dict[str, dict[str, Any]] = {}
    for r in records[PERSONS.name]:
        persons[r["id_card"]] = {
            "id": len(persons) + 1, "name": r["name"], "gender": r["gender"],
            "birth_date": r["birth_date"], "retirement_group": r["retirement_group"] or "male",
            "id_card_number": r["id_card"], "is_union_member": True,
            "union_id": unions[r["union"]]["id"] if r["union"] else None,
            "employer": r["employer"], "employment_status": r["employment_status"] or "employed",
            "skill_level": r["skill_level"] or "none", "professional_title": None,
            "education": None, "created_at": NOW,
        }  # fmt: skip
    shops: dict[tuple[tuple[str, ...], str], dict[str, Any]] = {}
    for r in records[SHOPS.name]:
        shops[(r["union"], r["name"])] = {
            "id": len(shops) + 1, "name": r["name"], "host_unit_name": r["host_unit_name"],
            "host_unit_nature": r["host_unit_nature"], "unit_union_id": unions[r["union"]]["id"],
            "address": r["address"], "venue_area_sqm": float(r["venue_area_sqm"] or 0),
            "specialty": r["specialty"], "innovation_direction": r["innovation_direction"],
            "founded_on": r["founded_on"], "leader_person_id": persons[r["leader_id_card"]]["id"],
            "description": None, "created_at": NOW,
        }  # fmt: skip
    titles, history = [], []
    for n, r in enumerate(records[DESIGNATIONS.name], start=1):
        naming = unions[r["naming_union"]]
        titles.append({
            "id": n, "workshop_id": shops[(r["union"], r["workshop"])]["id"],
            "scheme_code": r["scheme"], "number": r["number"], "title": r["title"],
            "status": r["status"], "applied_on": None, "naming_date": r["naming_date"],
            "ended_on": None, "naming_union_id": naming["id"], "district_union_id": naming["id"],
            "recommended_from_id": None, "version": 1, "created_at": NOW, "updated_at": NOW,
        })  # fmt: skip
        history.append({
            "id": n, "designation_id": n, "from_status": None, "to_status": r["status"],
            "effective_on": r["naming_date"], "recorded_at": NOW, "actor_name": "基准导入",
            "actor_user_id": None, "reason": IMPORTED_REASON, "document_ref": r["naming_ref"],
        })  # fmt: skip
    return {
        "unions": list(unions.values()),
        "persons": list(persons.values()),
        "workshops": list(shops.values()),
        "designations": titles,
        "designation_status_changes": history,
    }


def _bulk_step(url: str, file: Path) -> dict[str, Any]:
    from lifecycle.db.engine import make_engine
    from lifecycle.db.models import Base

    engine = make_engine(url)
    started = time.perf_counter()
    rows = _bulk_rows(file)
    with engine.begin() as conn:
        for table, batch in rows.items():
            load_table(conn, Base.metadata.tables[table], batch)
    took = time.perf_counter() - started
    engine.dispose()
    return {"seconds": took, "peak_mb": _peak_mb(), "titles": len(rows["designations"])}


def _run(step: str, url: str, file: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.import", "--step", step, url, str(file)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["load"] = os.getloadavg()[0]  # the machine may be shared: its load as the step ended
    return result


def _line(what: str, r: dict[str, Any], bulk: dict[str, Any]) -> str:
    ratio = r["seconds"] / bulk["seconds"] if bulk["seconds"] else float("nan")
    per = 1000 * r["seconds"] / max(r["titles"], 1)
    return (
        f"{what:38} {r['seconds']:9.1f} s  {ratio:7.1f}× bulk  {per:7.2f} ms/title  "
        f"peak {r['peak_mb']:6.0f} MB  load {r['load']:4.1f}"
    )


def bench(backend: str, file: Path, work: Path) -> Iterator[str]:
    """Each line as soon as its step is done (a long run shows what it has so far)."""
    imported = _database(backend, f"{backend}_import", work)
    baseline = _database(backend, f"{backend}_bulk", work)
    try:
        bulk = _run("bulk", baseline, file)
        _drop(baseline)
        yield f"== {backend}: {bulk['titles']:,} designations =="
        yield _line("bulk insert (same rows, no rules)", bulk, bulk)
        done = _run("import", imported, file)
        yield _line("import_registry (every rule, one tx)", done, bulk)
        again = _run("dry-run", imported, file)
        yield _line("dry run of the same file again", again, bulk)
        yield (f"same number of titles: {done['titles'] == bulk['titles']}; dry run: "
               + "；".join(again["lines"]))  # fmt: skip
    finally:
        _drop(imported)
        _drop(baseline)


def _workbook(n: int, full: bool, file: Path) -> str:
    """Write the workbook to ``file`` (or keep the one there, written by an earlier run)."""
    from lifecycle.adoption.sample import sample_registry
    from lifecycle.adoption.template import registry_workbook

    if file.exists():
        size = file.stat().st_size / 1e6
        return f"workbook of {n:,} titles reused from an earlier run ({size:.1f} MB)"
    started = time.perf_counter()
    partial = file.with_suffix(".partial")
    partial.write_bytes(registry_workbook(sample_registry(titles=n, districts=3, full=full)))
    partial.rename(file)  # whole, or not there: a second run may wait for it
    return (
        f"workbook of {n:,} titles written in {time.perf_counter() - started:.1f} s "
        f"({file.stat().st_size / 1e6:.1f} MB); writer peak {_peak_mb():.0f} MB"
    )


def main() -> None:
    """``python -m bench.import [N] [sqlite] [postgresql] [--full] [--workbook=PATH]``.

    ``--workbook=PATH`` keeps the written workbook at PATH (and reuses it when it is there), so
    the backends may run in two processes side by side on the same file.
    """
    if len(sys.argv) > 1 and sys.argv[1] == "--step":
        _, _, step, url, file = sys.argv
        path = Path(file)
        if step == "bulk":
            result = _bulk_step(url, path)
        else:
            result = _import_step(url, path, dry_run=step == "dry-run")
        print(json.dumps(result, default=str))
        return
    args = sys.argv[1:]
    n = int(next((a for a in args if a.isdigit()), 150_000))
    backends = [a for a in args if a in ("sqlite", "postgresql")] or ["sqlite", "postgresql"]
    full = "--full" in args
    kept = next((a.split("=", 1)[1] for a in args if a.startswith("--workbook=")), None)
    with tempfile.TemporaryDirectory(prefix="bench_import_") as tmp:
        work = Path(tmp)
        file = Path(kept) if kept else work / "registry.xlsx"
        print(f"bench/import on {date.today()}: {_workbook(n, full, file)}", flush=True)
        for backend in backends:
            for line in bench(backend, file, work):
                print(line, flush=True)


if __name__ == "__main__":
    main()
