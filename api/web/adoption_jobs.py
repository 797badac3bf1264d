"""Registry imports started from the page: run beside the request, their progress polled."""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from lifecycle.actors import Actor
from lifecycle.adoption.errors import CellProblem, RegistryRejected
from lifecycle.adoption.plan import ImportReport
from lifecycle.adoption.service import import_registry
from lifecycle.errors import DomainError
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork

log = logging.getLogger(__name__)
KEPT_JOBS = 50


@dataclass
class ImportJob:
    """One import of one user: progress while it runs, then its report or its bad cells."""

    id: str
    user_id: int
    filename: str
    dry_run: bool
    done: int = 0
    total: int = 0
    finished: bool = False
    report: ImportReport | None = None
    cells: list[CellProblem] = field(default_factory=list)
    # All the bad cells, of which ``cells`` lists the first (RegistryRejected.CELLS_KEPT).
    total_cells: int = 0
    error: str | None = None
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def percent(self) -> int:
        return 100 if self.finished else (self.done * 100 // self.total if self.total else 0)

    def advance(self, done: int, total: int) -> None:
        self.done, self.total = done, total


class ImportJobs:
    """The imports of this process (kept on the app); a user sees only their own."""

    def __init__(self) -> None:
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()

    def get(self, job_id: str, user_id: int) -> ImportJob | None:
        job = self._jobs.get(job_id)
        return job if job is not None and job.user_id == user_id else None

    def start(
        self,
        factory: sessionmaker[Session],
        content: bytes,
        *,
        job: ImportJob,
        actor: Actor,
        as_of: date,
        scope: Scope,
    ) -> ImportJob:
        with self._lock:
            while len(self._jobs) >= KEPT_JOBS:
                self._jobs.pop(next(iter(self._jobs)))
            self._jobs[job.id] = job
        thread = threading.Thread(
            target=_run, args=(factory, content, job, actor, as_of, scope), daemon=True
        )
        job.thread = thread
        thread.start()
        return job


def new_job(user_id: int, filename: str, *, dry_run: bool) -> ImportJob:
    return ImportJob(uuid.uuid4().hex, user_id, filename, dry_run)


def _run(  # noqa: PLR0917 - a thread target takes positional arguments
    factory: sessionmaker[Session],
    content: bytes,
    job: ImportJob,
    actor: Actor,
    as_of: date,
    scope: Scope,
) -> None:
    """The import in its own unit of work; committed only when whole and not a dry run."""
    try:
        with UnitOfWork(factory, actor=actor) as uow:
            job.report = import_registry(
                uow, content, actor=actor, as_of=as_of, scope=scope, dry_run=job.dry_run,
                progress=job.advance,
            )  # fmt: skip
            if not job.dry_run:
                uow.commit()
    except RegistryRejected as err:
        job.cells, job.total_cells = err.cells, err.total
    except DomainError as err:
        job.error = err.message
    except Exception:
        log.exception("registry import %s failed", job.id)
        job.error = "导入时发生内部错误，未导入任何记录，请联系系统管理员"
    finally:
        job.finished = True
