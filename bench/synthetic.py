"""A synthetic registry for the benchmarks: N designations with their unions, people and history.

Shape (for N = 1,000,000): 上海市总工会 → 100 district-level unions (districts, bureaus and industry
unions) → 10 sector/street unions each → units, 40 designations per unit union on average. Every
designation has its own workshop and leader. Schemes: 55 % yangpu-district (the district pack is
used for every district: its rules are the most demanding), 30 % shanghai-model-worker, 15 %
shanghai-craftsman. Statuses: 92 % named, 2 % rectifying, 3 % revoked, 3 % exited. Naming dates
2020-01-01 .. 2026-06-30. History: yearly filings (each kind filed for 95 % of the owed years),
考核 for past years (95 % passed), a passed cycle-end inspection for 90 % of the ended cycles,
projects in the current and last year (80 %), one achievement for 70 % of the Yangpu teams.

Built once per (N, seed) and cached: a SQLite file under the checkout's ``bench/.cache/`` and a
PostgreSQL database ``bench_synth_<N>_<seed>_m<migration head>`` (the server is shared by every
checkout, so a checkout of an older commit never copies a registry migrated past what it knows);
``prepare(...)`` hands each benchmark a writable copy (a file copy, or ``CREATE DATABASE …
TEMPLATE``) so benchmarks never disturb the cached original.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.bulk import load_table
from bench.synthetic_rows import AS_OF, CREATED, Rows, Shape
from lifecycle.db.migrate import current_head, upgrade
from lifecycle.db.models import Base

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
# The maintenance database: benchmarks never run in (nor drop) a database they did not create.
POSTGRES_ADMIN = os.environ.get(
    "BENCH_POSTGRES_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
# Unique per run: two benchmarks (or two machines' runs on one server) never share a database.
RUN_ID = f"{os.getpid()}_{int(time.time())}"


def unique_name(label: str) -> str:
    """A database name of this run's own (lower case, PostgreSQL's 63-byte limit kept)."""
    return f"bench_{label}_{RUN_ID}".lower()[:63]


def template_name(key: str) -> str:
    """The cached PostgreSQL registry's name for this checkout's migrations."""
    return f"bench_synth_{key}_m{current_head()}".lower()[:63]


def build_template(
    admin_url: str, name: str, build: Callable[[str], None], source: str = ""
) -> None:
    """Build the cached database ``name`` in a database of this run's own, renamed when complete.

    ``build`` gets the building database's URL; ``source`` is a template to start from. A build
    that fails drops its partial database (nothing named ``bench_building_…`` stays behind).
    """
    building = unique_name(f"building_{name.removeprefix('bench_')}")
    template = f' TEMPLATE "{source}"' if source else ""
    _postgres(admin_url, f'CREATE DATABASE "{building}"{template}')
    try:
        build(make_url(admin_url).set(database=building).render_as_string(hide_password=False))
    except BaseException:
        _postgres(admin_url, f'DROP DATABASE IF EXISTS "{building}"')
        raise
    _postgres(admin_url, f'ALTER DATABASE "{building}" RENAME TO "{name}"')


__all__ = ["AS_OF", "CREATED", "Rows", "Shape"]


def populate(url: str, n: int, *, seed: int = 7, echo: bool = True) -> dict[str, int]:
    """Load a synthetic registry of ``n`` designations into the migrated, empty database ``url``."""
    rows = Rows(Shape.for_size(n), seed)
    tables = Base.metadata.tables
    counts: dict[str, int] = {}
    engine = create_engine(url)
    try:
        plan: list[tuple[str, Iterable[dict[str, Any]]]] = [
            ("unions", rows.unions()),
            ("union_contacts", rows.contacts()),
            ("persons", rows.persons()),
            ("workshops", rows.workshops()),
            ("designations", rows.designations()),
            *rows.history().items(),
        ]
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for name, source in plan:
                started = time.perf_counter()
                counts[name] = load_table(conn, tables[name], source)
                if echo:
                    took = time.perf_counter() - started
                    print(f"  loaded {counts[name]:>9,} {name} in {took:.1f} s", flush=True)
        # PostgreSQL's autovacuum would analyse the new tables soon anyway; SQLite is left as the
        # service leaves it (it never runs ANALYZE, whose statistics mislead the planner on large
        # IN lists).
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()
    return counts


def _postgres_exists(admin_url: str, name: str) -> bool:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
            return found is not None
    finally:
        engine.dispose()


def _postgres(admin_url: str, sql: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def cached(backend: str, n: int, *, seed: int = 7, admin_url: str = POSTGRES_ADMIN) -> str:
    """The URL of the cached synthetic registry (built on first use); treat it as read-only.

    Benchmarks may run side by side: a lock file makes the second wait for the first's build.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / f"build_{backend}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _cached(backend, n, seed=seed, admin_url=admin_url)


def _cached(backend: str, n: int, *, seed: int, admin_url: str) -> str:
    # Keyed by size and seed only: ``prepare`` migrates each working copy to the current head.
    key = f"{n}_{seed}"
    if backend == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        path = CACHE / f"synthetic_{key}.db"
        url = f"sqlite:///{path}"
        if not path.exists():
            print(f"building synthetic SQLite registry of {n:,} designations …", flush=True)
            partial = path.with_suffix(".partial")
            partial_url = f"sqlite:///{partial}"
            upgrade(partial_url)
            populate(partial_url, n, seed=seed)
            partial.rename(path)
        return url
    name = template_name(key)
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    if not _postgres_exists(admin_url, name):
        print(f"building synthetic PostgreSQL registry of {n:,} designations …", flush=True)

        def build(building: str) -> None:
            upgrade(building)
            populate(building, n, seed=seed)

        build_template(admin_url, name, build)
    return url


def prepare(backend: str, n: int, label: str, *, seed: int = 7, indexed: bool = False) -> str:
    """A writable copy of the cached registry for one benchmark run (replaced on every call).

    ``indexed``: copy the cached registry whose occasion index is already built (``bench.indexed``).
    """
    if indexed:
        from bench.indexed import cached_indexed

        source = cached_indexed(backend, n, seed=seed)
    else:
        source = cached(backend, n, seed=seed)
    if backend == "sqlite":
        src = Path(make_url(source).database or "")
        dst = CACHE / f"{unique_name(f'work_{label}')}.db"
        for extra in ("", "-wal", "-shm"):
            Path(f"{dst}{extra}").unlink(missing_ok=True)
        shutil.copyfile(src, dst)
        url = f"sqlite:///{dst}"
        upgrade(url)
        return url
    name = make_url(source).database
    work = unique_name(f"work_{label}")
    _postgres(POSTGRES_ADMIN, f'CREATE DATABASE "{work}" TEMPLATE "{name}"')
    url = make_url(POSTGRES_ADMIN).set(database=work).render_as_string(hide_password=False)
    upgrade(url)
    return url


def drop(url: str) -> None:
    """Remove a working copy made by ``prepare`` (its engines disposed first: no FORCE)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for extra in ("", "-wal", "-shm"):
            Path(f"{parsed.database}{extra}").unlink(missing_ok=True)
        return
    assert (parsed.database or "").endswith(RUN_ID), "only this run's own databases are dropped"
    _postgres(POSTGRES_ADMIN, f'DROP DATABASE IF EXISTS "{parsed.database}"')


if __name__ == "__main__":
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for kind in sys.argv[2:] or ["sqlite", "postgresql"]:
        print(kind, cached(kind, size))
