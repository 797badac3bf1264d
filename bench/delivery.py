"""Benchmark: delivering N reminder digests from the outbox to a local SMTP server (§6, issue 6).

Run: ``.venv/bin/python -m bench.delivery [N] [sqlite|postgresql ...]`` (N defaults to 10,000).

For each backend, on a freshly migrated database:

- N digests are written to the outbox as the sweep writes its digests, with payloads made by the
  sweep's own ``payload_of`` (1–5 items each, every occasion kind, Chinese titles);
- a real aiosmtpd server runs on 127.0.0.1 in a process of its own, accepting and counting;
- ``baseline`` (own process): the same N mails rendered by our templates (``Drainer.render``,
  not timed), then timed: a raw aiosmtplib loop ``sendmail``-ing their bytes over ONE
  connection — the yardstick (what the SMTP exchange alone costs);
- ``drain`` (own process): ``workshops drain``'s path (``drainer_from_settings(...).drain``):
  claim, render, send, mark, until the outbox is empty; wall time and peak memory (max RSS),
  all of the rendering included. Marks are committed in groups, at most ``outbox_unmarked_max``
  (32) mails out unmarked.

``swept`` (``python -m bench.delivery swept [N] [sqlite|postgresql ...]``, N designations,
default 150,000): the digests are the ones the daily sweep writes on the registry's ordinary day,
on a copy of the cached synthetic registry with its occasion index built (``bench/synthetic.py``),
each with its reminder items. Both steps then run on the sweep's clock, so the drain's re-check
before sending (``service.still_owed``: every claimed digest's items read and compared with what the
occasion rules still owe) does its full work, as in service; with the plain outbox above it has no
items and is skipped.

Both steps wait on round trips between processes, so a busy machine stretches them both: the
load average is printed beside the figures (the ratio is the steadier number on a shared box).

Afterwards the server must have received 2·N mails, the drain's with N distinct Message-IDs, and
every outbox row must be marked sent. Target (issue 17): ≤ 1.5× the baseline; every mark is an
ordinary durable commit in a unit of work.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bench import synthetic

TARGET_RATIO = 1.5

AS_OF = date(2026, 12, 1)
NOW = datetime(2026, 11, 30, 23, 31, tzinfo=UTC)
SWEPT_DAY = synthetic.AS_OF  # the registry's ordinary day (bench/sweep.py)
# A minute after the sweep's own clock (07:30 in Shanghai): every digest it wrote is due.
SWEPT_NOW = datetime.combine(SWEPT_DAY - timedelta(days=1), clock_time(23, 31), tzinfo=UTC)
BASE_URL = "http://127.0.0.1:8000"


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss does not
    (a step would report its parent's peak, e.g. an index build done before it)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the SMTP server (own process) -------------------------------------------------------------


def serve() -> None:
    """aiosmtpd on a free port: prints the port, then answers ``count`` / ``ids`` on stdin."""
    from aiosmtpd.controller import Controller

    class Counting:
        def __init__(self) -> None:
            self.count = 0
            self.ids: set[bytes] = set()
            self.lock = threading.Lock()

        async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
            content = envelope.original_content or envelope.content
            head = content.split(b"\r\n\r\n", 1)[0]
            ident = next(
                (line for line in head.split(b"\r\n") if line.lower().startswith(b"message-id:")),
                b"",
            )
            with self.lock:
                self.count += 1
                self.ids.add(ident)
            return "250 Message accepted for delivery"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    for line in sys.stdin:
        with handler.lock:
            answer = {"count": handler.count, "ids": len(handler.ids)}
            if line.strip() == "reset":
                handler.count, handler.ids = 0, set()
        print(json.dumps(answer), flush=True)
    controller.stop()


class Server:
    """The server process and its little control channel."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.delivery", "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def ask(self, what: str) -> dict[str, int]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(what + "\n")
        self.process.stdin.flush()
        return dict(json.loads(self.process.stdout.readline()))

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


# --- the outbox ----------------------------------------------------------------------------------


def fill_outbox(url: str, n: int, *, seed: int = 7) -> int:
    """Write ``n`` digests (1–5 items each) to the outbox; how many items they list."""
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.occasions.model import OccasionKind, OccasionStatus
    from lifecycle.reminders.service import DIGEST_KIND, payload_of
    from lifecycle.uow import UnitOfWork
    from lifecycle.vocab import OutboxStatus

    rng = random.Random(seed)
    kinds = list(OccasionKind)
    steps = ["before-60", "before-30", "before-7", "on-day", "overdue-7", "overdue-14"]
    statuses = [OccasionStatus.UPCOMING, OccasionStatus.DUE, OccasionStatus.OVERDUE]
    engine = make_engine(url)
    rows: list[dict[str, Any]] = []
    total_items = 0
    due = datetime.now(UTC) - timedelta(minutes=1)  # the drain runs on the real clock
    for number in range(n):
        email = f"officer{number:05d}@union{number % 97:02d}.example.cn"
        name = f"工会干事{number:05d}"
        items = []
        for _ in range(rng.randint(1, 5)):
            designation = rng.randint(1, 1_000_000)
            kind = rng.choice(kinds)
            row = {
                "kind": kind.value,
                "due_on": AS_OF + timedelta(days=rng.choice([60, 30, 7, 0, -7, -14])),
                "lead_step": rng.choice(steps),
                "title": f"上海市第{designation % 900 + 1}号劳模创新工作室"
                f"（{rng.choice('甲乙丙')}）",
                "subject": f"第{rng.randint(1, 3)}个管理周期 · {AS_OF.year}年度",
                "link": f"/designations/{designation}#inspections",
                "occasion_status": rng.choice(statuses).value,
                "sweep_date": AS_OF,
                "union_id": number % 97 + 1,
            }
            items.append(payload_of(row))
        total_items += len(items)
        rows.append(
            {
                "kind": DIGEST_KIND,
                "dedup_key": f"{DIGEST_KIND}:{AS_OF.isoformat()}:{email}:{number}",
                "recipient_email": email,
                "recipient_name": name,
                "payload": {"as_of": AS_OF.isoformat(), "name": name, "items": items},
                "status": OutboxStatus.PENDING,
                "attempts": 0,
                "next_attempt_at": due,
                "created_at": due,
            }
        )
    with UnitOfWork(make_session_factory(engine)) as uow:
        uow.reminders.add_digests(rows)
        uow.commit()
    if engine.dialect.name == "postgresql":  # as autovacuum soon would (bench/synthetic.py)
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE outbox_messages")
    engine.dispose()
    return total_items


def _settings(url: str, port: int) -> Any:
    from lifecycle.config import Settings

    return Settings(
        database_url=url,
        base_url=BASE_URL,
        smtp_host="127.0.0.1",
        smtp_port=port,
        mail_from="noreply@gzs.example.cn",
    )


# --- the steps (each in its own process) ----------------------------------------------------------


def _clock(start: datetime | None) -> Any:
    """The drain's clock: the real one, or one started at ``start`` that runs as the real one."""
    if start is None:
        return lambda: datetime.now(UTC)
    began = datetime.now(UTC)
    return lambda: start + (datetime.now(UTC) - began)


def step(name: str, url: str, port: int, start: datetime | None = None) -> dict[str, object]:
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.reminders.outbox import OutboxFilter
    from lifecycle.scope import EVERYTHING
    from lifecycle.uow import UnitOfWork
    from lifecycle.vocab import OutboxStatus
    from notifications.delivery import drainer_from_settings

    engine = make_engine(url)
    factory = make_session_factory(engine)
    drainer = drainer_from_settings(_settings(url, port), lambda: UnitOfWork(factory))
    figures: dict[str, object] = {}
    if name == "baseline":
        started = time.perf_counter()
        with UnitOfWork(factory) as uow:
            wanted = OutboxFilter(OutboxStatus.PENDING)
            pending, _ = uow.outbox.page(EVERYTHING, wanted, limit=10**9)
            mails = [drainer.render(m, start or NOW) for m in pending]
        figures["render_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        cpu = time.process_time()
        asyncio.run(_raw_loop(mails, port))
        figures["sent"] = len(mails)
    else:
        started = time.perf_counter()
        cpu = time.process_time()
        report = drainer.drain(_clock(start))
        figures |= {"sent": report.sent, "retried": report.retried, "failed": report.failed}
        figures |= {"withdrawn": report.withdrawn}
        figures |= {"lease_lost": report.lease_lost, "batches": report.batches}
    seconds = time.perf_counter() - started
    figures["seconds"] = round(seconds, 2)
    figures["cpu_s"] = round(time.process_time() - cpu, 2)  # this process's, all threads
    figures["per_s"] = round(int(figures["sent"]) / max(seconds, 1e-9))  # type: ignore[call-overload]
    figures["peak_mb"] = round(_peak_mb(), 1)
    engine.dispose()
    return figures


async def _raw_loop(mails: list[Any], port: int) -> None:
    """The yardstick: aiosmtplib, one connection, one send_message per mail, nothing else."""
    import aiosmtplib

    client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=30)
    await client.connect()
    for mail in mails:
        await client.sendmail(mail.mail_from, [mail.rcpt_to], mail.data)
    await client.quit()


def _in_subprocess(
    name: str, url: str, port: int, start: datetime | None = None
) -> dict[str, object]:
    anchor = [start.isoformat()] if start is not None else []
    out = subprocess.run(
        [sys.executable, "-m", "bench.delivery", "--step", name, url, str(port), *anchor],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def _fresh_database(backend: str, folder: Path) -> str:
    from lifecycle.db.migrate import upgrade

    if backend == "sqlite":
        url = f"sqlite:///{folder / 'delivery.db'}"
    else:
        admin = synthetic.POSTGRES_ADMIN
        name = synthetic.unique_name("work_delivery")
        synthetic._postgres(admin, f'CREATE DATABASE "{name}"')
        url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    return url


def _sent_rows(url: str) -> int:
    from lifecycle.db.engine import make_engine, make_session_factory
    from lifecycle.scope import EVERYTHING
    from lifecycle.uow import UnitOfWork
    from lifecycle.vocab import OutboxStatus

    engine = make_engine(url)
    with UnitOfWork(make_session_factory(engine)) as uow:
        sent = uow.outbox.counts(EVERYTHING)[OutboxStatus.SENT]
    engine.dispose()
    return sent


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def run(backend: str, n: int) -> None:
    load_before = _load()
    with tempfile.TemporaryDirectory() as folder:
        url = _fresh_database(backend, Path(folder))
        try:
            items = fill_outbox(url, n)
            _deliver(backend, url, n, items, load_before)
        finally:
            if backend == "postgresql":
                synthetic.drop(url)


def run_swept(backend: str, designations: int) -> None:
    """The ordinary day's digests as the sweep wrote them, with their items (``swept``)."""
    from bench.sweep import _in_subprocess as sweep_step

    load_before = _load()
    url = synthetic.prepare(backend, designations, "delivery", indexed=True)
    try:
        swept = sweep_step("sweep", url, SWEPT_DAY)
        print(f"[{backend}] the sweep of {designations:,} designations on {SWEPT_DAY}: {swept}")
        digests, items = int(swept["digests"]), int(swept["items"])  # type: ignore[call-overload]
        _deliver(backend, url, digests, items, load_before, start=SWEPT_NOW)
    finally:
        synthetic.drop(url)


def _deliver(
    backend: str, url: str, n: int, items: int, load_before: str, *, start: datetime | None = None
) -> None:
    server = Server()
    try:
        baseline = _in_subprocess("baseline", url, server.port, start)
        got_baseline = server.ask("reset")
        drain = _in_subprocess("drain", url, server.port, start)
        got_drain = server.ask("count")
        sent_rows = _sent_rows(url)
    finally:
        server.close()
    ratio = float(drain["seconds"]) / max(float(baseline["seconds"]), 0.01)  # type: ignore[arg-type]
    sent = n - int(drain.get("withdrawn", 0))  # type: ignore[call-overload]
    complete = (
        got_baseline["count"] == n
        and got_drain["count"] == sent
        and got_drain["ids"] == sent
        and sent_rows == sent
    )
    ok = complete and ratio <= TARGET_RATIO
    print(f"[{backend}] {n:,} digests listing {items:,} items")
    cores = os.cpu_count()
    print(f"  load average (1/5/15 min): before {load_before}, after {_load()} ({cores} cores)")
    print(f"  baseline (raw aiosmtplib, one connection)  {baseline}")
    print(f"  drain (workshops drain)                    {drain}  ({ratio:.2f}x the baseline)")
    print(
        f"  server received: baseline {got_baseline['count']:,}, drain {got_drain['count']:,} "
        f"({got_drain['ids']:,} distinct Message-IDs); outbox rows sent: {sent_rows:,}"
    )
    print(f"  target ≤{TARGET_RATIO}x the baseline, each digest once: {'met' if ok else 'MISSED'}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--serve"]:
        serve()
        return
    if argv[:1] == ["--step"]:
        start = datetime.fromisoformat(argv[4]) if len(argv) > 4 else None
        print(json.dumps(step(argv[1], argv[2], int(argv[3]), start)))
        return
    swept = argv[:1] == ["swept"]
    argv = argv[1:] if swept else argv
    n = int(argv[0]) if argv and argv[0].isdigit() else (150_000 if swept else 10_000)
    backends = [a for a in argv if not a.isdigit()] or ["sqlite", "postgresql"]
    if swept:
        print(f"delivery of the digests the sweep writes over {n:,} designations (aiosmtpd)")
    else:
        print(f"delivery of {n:,} reminder digests to a local SMTP server (aiosmtpd)")
    for backend in backends:
        (run_swept if swept else run)(backend, n)


if __name__ == "__main__":
    main(sys.argv[1:])
