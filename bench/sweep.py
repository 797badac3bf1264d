"""Benchmark: the daily reminder sweep over N designations (DOMAIN.md §6).

Run: ``.venv/bin/python -m bench.sweep [N] [sqlite|postgresql ...]`` (N defaults to 1,000,000).

For each backend, on a writable copy of the cached synthetic registry (``bench/synthetic.py``),
each step runs in a process of its own so its peak memory (max RSS) is its own:

- ``select``: the announcement selection alone (``lifecycle.reminders.service.announcements``):
  every occasion of every active designation the policy announces on the date — the yardstick
  of what the sweep cannot avoid;
- ``sweep``: the whole sweep (selection, items insert-or-ignore, one digest per recipient in the
  outbox) in one transaction, committed;
- ``rerun``: the same date again without the job claim (every item refused by its dedup key).

Targets: sweep ≤ 10 s and peak memory ≤ 300 MB on both backends.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from bench import synthetic

AS_OF = synthetic.AS_OF + timedelta(days=10)  # 1 December: the year-end filings are 30 days out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(name: str, url: str) -> dict[str, object]:
    """Run one step in this process and return its figures."""
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.reminders.policy import ReminderPolicy
    from lifecycle.reminders.service import announcements, sweep
    from lifecycle.uow import UnitOfWork

    engine = make_engine(url)
    factory = make_session_factory(engine)
    policy = ReminderPolicy()
    now = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    started = time.perf_counter()
    with UnitOfWork(factory) as uow:
        if name == "select":
            found = sum(1 for _ in announcements(uow, AS_OF, policy))
            figures: dict[str, object] = {"announced": found}
        else:
            result = sweep(uow, AS_OF, policy=policy, now=now)
            uow.commit()
            figures = {"items": result.items_created, "digests": len(result.digests)}
    figures["seconds"] = round(time.perf_counter() - started, 2)
    figures["peak_mb"] = round(_peak_mb(), 1)
    engine.dispose()
    return figures


def _in_subprocess(name: str, url: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.sweep", "--step", name, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--step"]:
        print(json.dumps(step(argv[1], argv[2])))
        return
    n = int(argv[0]) if argv else 1_000_000
    backends = argv[1:] or ["sqlite", "postgresql"]
    print(f"reminder sweep for {AS_OF} over {n:,} designations")
    for backend in backends:
        url = synthetic.prepare(backend, n, "sweep")
        try:
            select = _in_subprocess("select", url)
            full = _in_subprocess("sweep", url)
            rerun = _in_subprocess("rerun", url)
        finally:
            synthetic.drop(url)
        ratio = float(full["seconds"]) / max(float(select["seconds"]), 0.01)  # type: ignore[arg-type]
        ok = float(full["seconds"]) <= 10 and float(full["peak_mb"]) <= 300  # type: ignore[arg-type]
        print(f"[{backend}]")
        print(f"  select  {select}")
        print(f"  sweep   {full}  ({ratio:.2f}x the selection)")
        print(f"  rerun   {rerun}")
        print(f"  target ≤10 s and ≤300 MB: {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main(sys.argv[1:])
