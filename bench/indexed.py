"""The synthetic registry with its occasion index already built, cached beside the plain one.

A full index build over 1,000,000 designations takes minutes; the benchmarks that read the index
(occasions, sweep, api) measure the reads, so they start from a copy of a registry whose index was
built once for ``synthetic.AS_OF``. The cache key carries ``lifecycle.occasions.index.FORMAT``:
bump it when what a build writes changes and the next benchmark builds afresh. The build time is
printed when it happens (``bench/occasions`` also measures it on its own).
"""

from __future__ import annotations

import fcntl
import shutil
import time
from datetime import UTC, datetime

from sqlalchemy.engine import make_url

from bench import synthetic
from lifecycle.db.migrate import upgrade


def build_index(url: str) -> float:
    """Build the occasion index of the registry at ``url`` for ``synthetic.AS_OF``; seconds."""
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.occasions import index
    from lifecycle.uow import UnitOfWork

    engine = make_engine(url)
    try:
        started = time.perf_counter()
        with UnitOfWork(make_session_factory(engine)) as uow:
            index.build(uow, synthetic.AS_OF, datetime.now(UTC))
            uow.commit()
        return time.perf_counter() - started
    finally:
        engine.dispose()


def cached_indexed(backend: str, n: int, *, seed: int = 7) -> str:
    """The URL of the cached registry with its index built (made on first use; read-only)."""
    from lifecycle.occasions.index import FORMAT

    base = synthetic.cached(backend, n, seed=seed)
    synthetic.CACHE.mkdir(parents=True, exist_ok=True)
    with (synthetic.CACHE / f"index_{backend}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        key = f"{n}_{seed}_index{FORMAT}"
        if backend == "sqlite":
            path = synthetic.CACHE / f"synthetic_{key}.db"
            if not path.exists():
                partial = path.with_suffix(".partial")
                shutil.copyfile(make_url(base).database or "", partial)
                _build(f"sqlite:///{partial}", n)
                partial.rename(path)
            return f"sqlite:///{path}"
        name = synthetic.template_name(key)
        admin = synthetic.POSTGRES_ADMIN
        if not synthetic._postgres_exists(admin, name):
            template = make_url(base).database or ""
            synthetic.build_template(admin, name, lambda url: _build(url, n), template)
        return make_url(admin).set(database=name).render_as_string(hide_password=False)


def _build(url: str, n: int) -> None:
    upgrade(url)
    print(f"building the occasion index of {n:,} designations …", flush=True)
    print(f"  occasion index built in {build_index(url):.1f} s", flush=True)
    if make_url(url).get_backend_name() == "postgresql":
        # Autovacuum would vacuum and analyse the new rows soon after a production build (the
        # planner's estimates, and the visibility map an index-only read needs); do it now, for
        # every table: the tally too (unanalysed, its dashboard read was planned for 109 rows).
        from sqlalchemy import create_engine

        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()


if __name__ == "__main__":
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for kind in sys.argv[2:] or ["sqlite", "postgresql"]:
        print(kind, cached_indexed(kind, size))
