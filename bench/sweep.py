"""Benchmark: the daily reminder sweep over N designations (DOMAIN.md §6, issue 17).

Run: ``.venv/bin/python -m bench.sweep [N] [sqlite|postgresql ...] [ordinary|peak]`` (N
defaults to 150,000, the national scale; both backends and both days unless named).

For each backend, on a writable copy (a database of this run's own) of the cached synthetic
registry with its occasion index built (``bench/synthetic.py``, ``bench/indexed.py``), each step
runs in a process of its own so its peak memory (max RSS) is its own:

- ``select`` (the baseline): the announcement selection alone
  (``lifecycle.reminders.service.announcements``): every outstanding occasion the rules and the
  policy announce on the date, read from the occasion index;
- ``sweep``: the job's sweep (``jobs.tasks.run_sweep``: the run claim, the day's items grouped by
  recipient in Python, deduplicated, written as digests and items) in one transaction,
  committed; ``phases`` gives the seconds of each repository call;
- ``rerun``: the same date again without the job claim (every item found stored already).

Two days are measured, each on its own fresh copy: the registry's ordinary day (21 November) and
the year's peak (1 December: every yearly filing of every Yangpu title is 30 days out).

Targets: ≤ 10 s on the ordinary day, ≤ 60 s on the peak day, ≤ 300 MB, both backends.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time

from bench import synthetic

TARGET_S = {"ordinary day": 10.0, "peak day": 60.0}
TARGET_MB = 300.0
DAYS = {
    "ordinary day": synthetic.AS_OF,
    "peak day": synthetic.AS_OF + timedelta(days=10),  # 1 December: year-end filings 30 days out
}


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss does not
    (a step would report its parent's peak, e.g. an index build done before it)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(phases: dict[str, float]) -> None:
    """Record the seconds of each staging and writing call of the sweep's repository."""
    from lifecycle.reminders.repository import ReminderRepository

    def wrap(name: str) -> None:
        inner = getattr(ReminderRepository, name)

        def timed(self: object, *args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return inner(self, *args, **kwargs)
            finally:
                phases[name] = round(phases.get(name, 0) + time.perf_counter() - started, 2)

        setattr(ReminderRepository, name, timed)

    names = ("lock_sweeps", "recipients", "swept", "last_swept", "told", "stored_keys")
    for name in (*names, "add_digests", "add_items"):
        wrap(name)


def step(name: str, url: str, day: date) -> dict[str, object]:
    """Run one step in this process and return its figures."""
    from jobs.tasks import run_sweep
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.reminders.policy import ReminderPolicy
    from lifecycle.reminders.service import announcements, sweep
    from lifecycle.uow import UnitOfWork

    engine = make_engine(url)
    factory = make_session_factory(engine)
    policy = ReminderPolicy()
    now = datetime.combine(day - timedelta(days=1), clock_time(23, 30), tzinfo=UTC)  # 07:30 CST
    phases: dict[str, float] = {}
    _timed(phases)
    started = time.perf_counter()
    figures: dict[str, object]
    with UnitOfWork(factory) as uow:
        if name == "select":
            found = sum(1 for _ in announcements(uow, day, policy))
            figures = {"announced": found}
        else:
            if name == "sweep":  # the job's path: the run claim, then the sweep
                result = run_sweep(uow, day, policy=policy, now=now, detail=False)
            else:  # the same date again without the claim: every item refused by its dedup key
                result = sweep(uow, day, policy=policy, now=now, detail=False)
            uow.commit()
            figures = {"items": result.items_created, "digests": len(result.digests)}
    figures["seconds"] = round(time.perf_counter() - started, 2)
    figures["peak_mb"] = round(_peak_mb(), 1)
    if phases:
        figures["phases"] = phases
    engine.dispose()
    return figures


def _in_subprocess(name: str, url: str, day: date) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.sweep", "--step", name, url, day.isoformat()],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--step"]:
        print(json.dumps(step(argv[1], argv[2], date.fromisoformat(argv[3]))))
        return
    n = int(argv[0]) if argv and argv[0].isdigit() else 150_000
    words = [a for a in argv if not a.isdigit()]
    backends = [a for a in words if a in ("sqlite", "postgresql")] or ["sqlite", "postgresql"]
    days = {k: v for k, v in DAYS.items() if k.split()[0] in words} or DAYS
    print(f"reminder sweep over {n:,} designations")
    for backend in backends:
        for label, day in days.items():
            _bench_day(backend, n, label, day)


def _bench_day(backend: str, n: int, label: str, day: date) -> None:
    # The occasion index built once and cached (a build at 1M takes minutes; bench/occasions).
    url = synthetic.prepare(backend, n, "sweep", indexed=True)
    try:
        select = _in_subprocess("select", url, day)
        full = _in_subprocess("sweep", url, day)
        rerun = _in_subprocess("rerun", url, day)
    finally:
        synthetic.drop(url)
    seconds = float(full["seconds"])  # type: ignore[arg-type]
    limit = TARGET_S[label]
    ok = seconds <= limit and float(full["peak_mb"]) <= TARGET_MB  # type: ignore[arg-type]
    print(f"[{backend}] {label} {day}", flush=True)
    ratio = seconds / max(float(select["seconds"]), 0.01)  # type: ignore[arg-type]
    print(f"  baseline: select  {select}")
    print(f"  sweep             {full}  ({ratio:.2f}x the selection)")
    print(f"  rerun             {rerun}")
    print(
        f"  target ≤{limit:.0f} s and ≤{TARGET_MB:.0f} MB: {'met' if ok else 'MISSED'}", flush=True
    )


if __name__ == "__main__":
    main(sys.argv[1:])
