"""The unit of work: one transaction, the repositories over it, and the only place that commits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Self

from sqlalchemy import Connection, event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from lifecycle.accounts.repository import AccountRepository
from lifecycle.actors import SYSTEM, Actor
from lifecycle.adoption.repository import CutoverRepository, RegistryRepository
from lifecycle.assessments.repository import AssessmentRepository
from lifecycle.audit.recorder import ACTOR_KEY, REASON_KEY, record_changes
from lifecycle.audit.repository import AuditRepository
from lifecycle.calendar.repository import CalendarRepository
from lifecycle.changes.repository import ChangeRequestRepository
from lifecycle.designations.repository import DesignationRepository
from lifecycle.errors import IntegrityConflict
from lifecycle.files.repository import FileRepository
from lifecycle.filings.repository import FilingRepository
from lifecycle.funding.repository import FundingRepository
from lifecycle.inspections.repository import InspectionRepository
from lifecycle.leaders.repository import LeaderRepository
from lifecycle.ledgers.repository import LedgerRepository
from lifecycle.listings.repository import ListingRepository
from lifecycle.notices.repository import NoticeRepository
from lifecycle.occasions.index_repository import OccasionIndexRepository
from lifecycle.occasions.repository import OccasionRepository
from lifecycle.persons.repository import PersonRepository
from lifecycle.reminders.outbox import OutboxRepository
from lifecycle.reminders.repository import ReminderRepository
from lifecycle.unions.repository import UnionRepository
from lifecycle.workshops.repository import WorkshopRepository

if TYPE_CHECKING:
    from lifecycle.files.storage import FileStorage


class UnitOfWork:
    """`with UnitOfWork(factory) as uow: ...; uow.commit()` — leaving without commit rolls back."""

    session: Session
    unions: UnionRepository
    persons: PersonRepository
    workshops: WorkshopRepository
    designations: DesignationRepository
    calendar: CalendarRepository
    files: FileRepository
    ledgers: LedgerRepository
    occasions: OccasionRepository
    occasion_index: OccasionIndexRepository
    inspections: InspectionRepository
    notices: NoticeRepository
    filings: FilingRepository
    assessments: AssessmentRepository
    reminders: ReminderRepository
    outbox: OutboxRepository
    leaders: LeaderRepository
    change_requests: ChangeRequestRepository
    funding: FundingRepository
    accounts: AccountRepository
    audit: AuditRepository
    listings: ListingRepository

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        actor: Actor = SYSTEM,
        *,
        read_only: bool = False,
    ) -> None:
        self._session_factory = session_factory
        # Every row this unit inserts, updates or deletes is logged as done by `actor`.
        self.actor = actor
        # A read-only unit only reads: on SQLite it begins DEFERRED instead of taking the write
        # lock (``lifecycle.db.engine``), so readers run side by side; any flush of a change fails.
        self.read_only = read_only
        self._flush_later = False
        # Uploaded bytes wait for the commit (``write_at_commit``): a refusal writes no file.
        self._files_to_write: list[tuple[FileStorage, str, bytes]] = []

    def __enter__(self) -> Self:
        from lifecycle.db.engine import READ_ONLY  # the engine imports the occasions: not at top

        if self.read_only:
            # Only a transaction of its own is marked (a session joined to an outer connection,
            # as in tests, must not mark that connection: the mark would outlive the unit).
            joined = isinstance(self._session_factory.kw.get("bind"), Connection)
            options = {} if joined else {READ_ONLY: True}
            self.session = self._session_factory(execution_options=options)
            self.session.info[READ_ONLY] = True
            event.listen(self.session, "before_flush", _refuse_changes)
        else:
            self.session = self._session_factory()
        self.session.info[ACTOR_KEY] = self.actor
        event.listen(self.session, "after_flush", record_changes)
        self.unions = UnionRepository(self.session)
        self.persons = PersonRepository(self.session)
        self.workshops = WorkshopRepository(self.session)
        self.designations = DesignationRepository(self.session)
        self.calendar = CalendarRepository(self.session)
        self.files = FileRepository(self.session)
        self.ledgers = LedgerRepository(self.session)
        self.occasions = OccasionRepository(self.session)
        self.occasion_index = OccasionIndexRepository(self.session)
        self.inspections = InspectionRepository(self.session)
        self.notices = NoticeRepository(self.session)
        self.filings = FilingRepository(self.session)
        self.assessments = AssessmentRepository(self.session)
        self.reminders = ReminderRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.leaders = LeaderRepository(self.session)
        self.change_requests = ChangeRequestRepository(self.session)
        self.funding = FundingRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.listings = ListingRepository(self.session)
        self.cutovers = CutoverRepository(self.session)
        self.registry = RegistryRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._files_to_write.clear()
        try:
            self.session.rollback()
        finally:
            self.session.close()

    def write_at_commit(self, storage: FileStorage, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key`` when this unit commits, just before the rows naming it:
        a committed record always finds its bytes, a refused request leaves none behind."""
        self._files_to_write.append((storage, key, data))

    def _write_files(self) -> list[tuple[FileStorage, str, bytes]]:
        """Write the waiting uploads; the ones this unit created (not already there by hash)."""
        waiting = self._files_to_write
        return [(storage, key, data) for storage, key, data in waiting if storage.write(key, data)]

    def _keep_written(self) -> None:
        """After the commit: every upload the committed rows name is on disk. Bytes found there
        by hash (not written by this unit) may have been taken back meanwhile by another unit
        whose commit failed (``_take_back``); they are written again from this unit's copy."""
        waiting, self._files_to_write = self._files_to_write, []
        for storage, key, data in waiting:
            storage.write(key, data)

    def _take_back(self, created: list[tuple[FileStorage, str, bytes]]) -> None:
        """After a failed commit: remove the files this unit created that no committed record
        names. Another unit may keep the same bytes meanwhile: if its row is committed between
        the check and the removal, the bytes are put back (a unit committing after the removal
        writes them again itself, ``_keep_written``), so a committed row never loses its file."""
        self.session.rollback()
        for storage, key, data in created:
            if self._names_key(key):
                continue
            storage.remove(key)
            if self._names_key(key):
                storage.write(key, data)

    def _names_key(self, key: str) -> bool:
        """Whether a committed record names ``key``, in a transaction of its own ended at once:
        each look sees what was committed before it (SQLite keeps a reader's first snapshot)
        and no lock is held while files are removed."""
        try:
            return self.files.names_key(key)
        finally:
            self.session.rollback()

    def flush(self) -> None:
        """Send pending changes (a lost race raises ConflictError, see GuardedSession)."""
        if not self._flush_later:
            self.session.flush()

    @contextmanager
    def because(self, reason: str) -> Iterator[None]:
        """Changes written within the block are logged with ``reason`` (why they were made);
        what is pending is flushed first, and the block's own changes at its end."""
        self.session.flush()
        self.session.info[REASON_KEY] = reason
        try:
            yield
            self.session.flush()
        finally:
            self.session.info.pop(REASON_KEY, None)

    @contextmanager
    def flushing_at_end(self) -> Iterator[None]:
        """Within the block ``flush()`` waits: what use cases wrote goes in one flush at its end.

        Only for a caller whose every read inside the block is answered from rows it already
        holds, the pending ones included (a registry import, ``lifecycle.adoption.prefetch``):
        a query would not see what waits. A lost race then fails the whole block at its end.
        """
        self._flush_later = True
        try:
            yield
        finally:
            self._flush_later = False
        self.session.flush()

    def commit(self) -> None:
        """Commit the transaction; a constraint the checks missed becomes a DomainError.

        First the occasion index is brought up to date for every designation touched here, in the
        same transaction (``lifecycle.occasions.index``), then the uploads waiting for it are
        written (a failed commit takes back the ones it created). A read-only unit only ends
        its transaction (a pending change raises, see ``_refuse_changes``).
        """
        from lifecycle.occasions import index

        if self.read_only:
            self.session.commit()
            return
        created: list[tuple[FileStorage, str, bytes]] = []
        try:
            index.catch_up(self)
            created = self._write_files()
            self.session.commit()
        except BaseException as failed:
            self._files_to_write = []
            if created:
                self._take_back(created)
            if not isinstance(failed, IntegrityError):
                raise
            self.session.rollback()
            raise IntegrityConflict() from failed
        self._keep_written()


def _refuse_changes(session: Session, _context: object, _instances: object) -> None:
    """before_flush of a read-only unit: a change there is a programming error, never saved."""
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("a read-only unit of work cannot change rows")
