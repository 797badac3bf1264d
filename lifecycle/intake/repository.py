"""Every intake query; reads start from the caller's scope (a union-path prefix)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Date, Row, Select, String, bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from lifecycle.db.batches import batches
from lifecycle.db.lost_race import Taken, refused_as_checked
from lifecycle.designations.model import Designation
from lifecycle.files.model import StoredFile
from lifecycle.intake.applying import InReview
from lifecycle.intake.model import (
    Application,
    ApplicationStatus,
    ApplicationStep,
    Attachment,
    Batch,
    IntakeCall,
    NamingDecision,
)
from lifecycle.intake.packs import PACKS
from lifecycle.ledgers.model import Achievement, AchievementKind, Activity
from lifecycle.listings.repository import Listing, Window
from lifecycle.listings.windowed import windowed
from lifecycle.scope import Scope, in_bound_scope
from lifecycle.unions.model import Union
from lifecycle.vocab import UnionLevel
from lifecycle.workshops.model import Workshop

T = TypeVar("T", IntakeCall, Application, ApplicationStep, Batch, NamingDecision)


def ancestor_paths(path: str) -> list[str]:
    """The paths of a union and every union above it ("/1/4/9/" → "/1/", "/1/4/", "/1/4/9/")."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


# An application no longer open (to its call), and one in review (or returned to it).
_CLOSED = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)
_IN_REVIEW = (ApplicationStatus.IN_REVIEW, ApplicationStatus.RETURNED)


def _batch_scope(scope: Scope) -> ColumnElement[bool]:
    """A batch is read in its union's subtree, but a 社团's only by the 社团 itself and by the
    union that issued the call, to whom it recommends [C 二（二）]: it may carry units of other
    districts, which the district above the 社团 does not read (DOMAIN §1)."""
    if scope.path_prefix is None:
        return scope.clause(Batch.union_path)
    association = (
        select(Union.id)
        .where(Union.id == Batch.union_id, Union.level == UnionLevel.ASSOCIATION)
        .exists()
    )
    namer = (
        select(IntakeCall.id)
        .where(
            IntakeCall.id == Batch.call_id,
            IntakeCall.union_path.startswith(scope.path_prefix, autoescape=True),
        )
        .exists()
    )
    return scope.clause(Batch.union_path) & (
        (Batch.union_path == scope.path_prefix) | ~association | namer
    )


def _studio(keys: Mapping[str, str]) -> ColumnElement[str | None]:
    """The studio's name in an application's form, under its scheme's key (scheme → key)."""
    by_scheme = {code: Application.form[key].as_string() for code, key in keys.items()}
    return case(by_scheme, value=Application.scheme_code).label("studio")


# Where each scheme's form names the studio (the subject of its applications' steps).
STUDIO_KEYS = {code: pack.studio_field for code, pack in PACKS.items()}


def _app_scope() -> ColumnElement[bool]:
    """An application is the applying unit's subtree's, and, once submitted, the recommending
    社团's own (a draft is the unit's alone): not the union above a 社团, a district that may
    not read a unit of another district applying through a 社团 registered under it. The scope
    is bound by name (``_app_scope_values``), so a statement is written once: everything
    matches every path, and names no recommending 社团 (NULL)."""
    via = (Application.recommender_path == bindparam("scope_prefix", type_=String)) & (
        Application.status != ApplicationStatus.DRAFT
    )
    return or_(in_bound_scope(Application.union_path), via)


def _app_scope_values(scope: Scope) -> dict[str, str | None]:
    """The values of ``_app_scope``'s parameters for ``scope``."""
    return {**scope.bound, "scope_prefix": scope.path_prefix}


def _waiting_statement() -> Select[Any]:
    """``IntakeRepository.waiting``'s statement (any scheme), its scope bound by name."""
    step, a, c = ApplicationStep, Application, IntakeCall
    last = (
        select(step.application_id, func.max(step.decided_on).label("since"))
        .group_by(step.application_id)
        .subquery()
    )
    stmt: Any = (
        select(
            *(a.id, a.status, a.stage, a.returned_stage, a.scheme_code, a.round),
            *(a.union_path, a.unit_union_id, a.recommender_union_id),
            _studio(STUDIO_KEYS),
            *(c.naming_union_id, c.union_path.label("call_path"), c.deadline, c.title),
            last.c.since,
        )
        .join(c, c.id == a.call_id)
        .join(last, last.c.application_id == a.id)
        .where(_app_scope(), a.status.in_(_IN_REVIEW))
    )
    return cast("Select[Any]", stmt.order_by(a.id))


def _unsent_statement() -> Select[Any]:
    """``IntakeRepository.unsent_drafts``' statement (any scheme), its scope and ``open_on``
    bound by name."""
    a, c = Application, IntakeCall
    stmt: Any = (
        select(
            *(a.id, a.scheme_code, a.unit_union_id, a.created_at, _studio(STUDIO_KEYS)),
            *(c.deadline, c.title, Workshop.name.label("team")),
        )
        .join(c, c.id == a.call_id)
        .join(Workshop, Workshop.id == a.workshop_id)
        .where(
            _app_scope(),
            a.status == ApplicationStatus.DRAFT,
            c.deadline >= bindparam("open_on", type_=Date),
        )
    )
    return cast("Select[Any]", stmt.order_by(a.id))


# Written once (every dashboard and 待办 read asks them): they hold no value of any request.
_WAITING = _waiting_statement()
_UNSENT = _unsent_statement()


class IntakeRepository:
    """Calls, applications, steps, batches and decisions."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: T) -> T:
        self.session.add(row)
        self.session.flush()
        return row

    def add_call(self, call: IntakeCall, *, taken: Taken) -> IntakeCall:
        """Insert; the union's call of the scheme and year opened meanwhile by another request
        (the unique scheme, year and naming union) is refused as ``taken``, the check, says."""
        with refused_as_checked(self.session, taken):
            self.session.add(call)
        return call

    # ---- calls: visible to the naming union's subtree and to every union above a call -------

    def _call_visible(self, scope: Scope, own_path: str | None) -> ColumnElement[bool]:
        clauses = [scope.clause(IntakeCall.union_path)]
        if own_path is not None:
            # A union answers the calls of the unions above it.
            clauses.append(IntakeCall.union_path.in_(ancestor_paths(own_path)))
        return or_(*clauses)

    def calls(
        self, scope: Scope, own_path: str | None, window: Window | None = None
    ) -> Sequence[IntakeCall]:
        """The calls visible, the latest year first (then the latest opened); ``window``: one
        page of them (the order holds across pages: the id breaks every tie)."""
        stmt = (
            select(IntakeCall)
            .where(self._call_visible(scope, own_path))
            .order_by(IntakeCall.year.desc(), IntakeCall.id.desc())
        )
        if window is not None:
            stmt = stmt.limit(window.limit).offset(window.offset)
        return self.session.scalars(stmt).all()

    def call_count(self, scope: Scope, own_path: str | None) -> int:
        """How many calls are visible (the total of ``calls``' pages)."""
        stmt = (
            select(func.count()).select_from(IntakeCall).where(self._call_visible(scope, own_path))
        )
        return int(self.session.scalar(stmt) or 0)

    def call(self, call_id: int, scope: Scope, own_path: str | None) -> IntakeCall | None:
        stmt = select(IntakeCall).where(
            IntakeCall.id == call_id, self._call_visible(scope, own_path)
        )
        return self.session.scalars(stmt).first()

    def find_call(self, scheme_code: str, year: int, naming_union_id: int) -> IntakeCall | None:
        return self.session.scalars(
            select(IntakeCall).where(
                IntakeCall.scheme_code == scheme_code,
                IntakeCall.year == year,
                IntakeCall.naming_union_id == naming_union_id,
            )
        ).first()

    # ---- applications: the unit union's path is the scope key, and the path of the 社团 it
    # applies through (which reviews and recommends it [C 二（二）]) ----------------------------

    def application(self, application_id: int, scope: Scope) -> Application | None:
        stmt = select(Application).where(Application.id == application_id, _app_scope())
        return self.session.scalars(stmt, _app_scope_values(scope)).first()

    def applications(
        self,
        scope: Scope,
        *,
        call_id: int | None = None,
        status: ApplicationStatus | None = None,
        stage: str | None = None,
    ) -> Sequence[Application]:
        stmt = select(Application).where(_app_scope())
        if call_id is not None:
            stmt = stmt.where(Application.call_id == call_id)
        if status is not None:
            stmt = stmt.where(Application.status == status)
        if stage is not None:
            stmt = stmt.where(Application.stage == stage)
        return self.session.scalars(stmt.order_by(Application.id), _app_scope_values(scope)).all()

    def unnamed_applications(self, scope: Scope, window: Window) -> Listing[Application]:
        """One page of the applications in ``scope`` not yet named, the latest first (the id
        breaks no tie: it is unique), with their number."""
        stmt = select(Application).where(
            _app_scope(), Application.status != ApplicationStatus.NAMED
        )
        values = _app_scope_values(scope)
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery()), values)
        page = stmt.order_by(Application.id.desc()).limit(window.limit).offset(window.offset)
        return Listing(self.session.scalars(page, values).all(), int(total or 0))

    def call_applications(
        self, scope: Scope, call_id: int, window: Window, *, after: int | None = None
    ) -> Listing[Application]:
        """One page of a call's applications in ``scope`` in id order, with their number
        (``after``: from the application after that id)."""
        stmt = select(Application).where(_app_scope(), Application.call_id == call_id)
        if after is not None:
            stmt = stmt.where(Application.id > after)
        values = _app_scope_values(scope)
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery()), values)
        page = stmt.order_by(Application.id).limit(window.limit).offset(window.offset)
        return Listing(self.session.scalars(page, values).all(), int(total or 0))

    def open_to_call(self, call_id: int, workshop_ids: Collection[int]) -> set[int]:
        """Of some teams, those with an application to this call that is not closed."""
        found: set[int] = set()
        for ids in batches(workshop_ids):
            stmt = select(Application.workshop_id).where(
                Application.call_id == call_id,
                Application.workshop_id.in_(ids),
                Application.status.not_in(_CLOSED),
            )
            found.update(self.session.scalars(stmt))
        return found

    def in_review_calls(
        self, scheme_code: str, workshop_ids: Collection[int], except_id: int | None = None
    ) -> dict[int, InReview]:
        """Of some teams, each one's first application under the scheme in review (or returned to
        it), any call, other than ``except_id``: its call's title, its id and stage, by team."""
        found: dict[int, InReview] = {}
        for ids in batches(workshop_ids):
            stmt = (
                select(
                    Application.workshop_id,
                    IntakeCall.title,
                    Application.id,
                    Application.scheme_code,
                    Application.stage,
                    Application.status,
                )
                .join(IntakeCall, IntakeCall.id == Application.call_id)
                .where(
                    Application.scheme_code == scheme_code,
                    Application.workshop_id.in_(ids),
                    Application.status.in_(_IN_REVIEW),
                )
                .order_by(Application.id)
            )
            if except_id is not None:
                stmt = stmt.where(Application.id != except_id)
            for workshop_id, title, app_id, scheme, stage, status in self.session.execute(stmt):
                returned = status is ApplicationStatus.RETURNED
                found.setdefault(workshop_id, InReview(title, app_id, scheme, stage, returned))
        return found

    def waiting(self, scope: Scope, scheme: str | None) -> Sequence[Row[Any]]:
        """Applications in review or returned in ``scope`` (of ``scheme``): the columns their
        waiting step is read from (``studio``: the form's studio name under its scheme's key,
        ``STUDIO_KEYS``, not the whole form), their call's, and the latest date a step of
        theirs was dated (``since``: since when they wait)."""
        stmt = _WAITING if scheme is None else _WAITING.where(Application.scheme_code == scheme)
        return self.session.execute(stmt, _app_scope_values(scope)).all()

    def unsent_drafts(
        self, scope: Scope, scheme: str | None, *, open_on: date
    ) -> Sequence[Row[Any]]:
        """Drafts in ``scope`` (of ``scheme``) whose call still takes a first submission on
        ``open_on`` (its deadline not passed): the columns their step is read from
        (``studio``, as ``waiting``), their call's, and their team's name (``team``)."""
        stmt = _UNSENT if scheme is None else _UNSENT.where(Application.scheme_code == scheme)
        return self.session.execute(stmt, {**_app_scope_values(scope), "open_on": open_on}).all()

    def steps(self, application_id: int) -> Sequence[ApplicationStep]:
        return self.session.scalars(_steps(application_id)).all()

    def steps_page(self, application_id: int, window: Window) -> Listing[ApplicationStep]:
        """A page of the application's steps, oldest first, and how many it has."""
        return windowed(self.session, _steps(application_id), window)

    def numbers_starting(self, scheme_code: str, prefix: str) -> set[str]:
        """The scheme's title numbers that start with ``prefix`` (read inside the naming)."""
        stmt = select(Designation.number).where(
            Designation.scheme_code == scheme_code, Designation.number.startswith(prefix)
        )
        return set(self.session.scalars(stmt))

    def keep(self, attachment: Attachment) -> None:
        """Add an attachment (the caller's unit of work flushes it)."""
        self.session.add(attachment)

    def attachments(self, application_id: int) -> list[tuple[Attachment, StoredFile]]:
        """The application's attachments with their stored files, oldest first."""
        stmt = (
            select(Attachment, StoredFile)
            .join(StoredFile, StoredFile.id == Attachment.file_id)
            .where(Attachment.application_id == application_id)
            .order_by(Attachment.id)
        )
        return [(a, f) for a, f in self.session.execute(stmt)]

    # ---- statistics forms -------------------------------------------------------------------

    def subtree_facts(self, union: Union, as_of: date) -> tuple[int, list[AchievementKind], int]:
        """District titles named by the union, ledger achievement kinds and activities up to
        as_of, of the teams of its subtree (a 社团's: of the teams that applied through it
        [C 二（二）])."""
        shops: Select[Any] = (
            select(Workshop.id)
            .join(Union, Union.id == Workshop.unit_union_id)
            .where(Union.path.startswith(union.path, autoescape=True))
        )
        if union.level is UnionLevel.ASSOCIATION:
            # A draft is the unit's alone (it has not applied through the 社团 yet) [C 二（二）].
            shops = select(Application.workshop_id).where(
                Application.recommender_union_id == union.id,
                Application.status != ApplicationStatus.DRAFT,
            )
        titles = self.session.scalar(
            select(func.count())
            .select_from(Designation)
            .where(
                Designation.naming_union_id == union.id,
                Designation.naming_date.is_not(None),
                Designation.naming_date <= as_of,
            )
        )
        kinds = list(
            self.session.scalars(
                select(Achievement.kind).where(
                    Achievement.workshop_id.in_(shops), Achievement.achieved_on <= as_of
                )
            )
        )
        activities = self.session.scalar(
            select(func.count())
            .select_from(Activity)
            .where(Activity.workshop_id.in_(shops), Activity.held_on <= as_of)
        )
        return int(titles or 0), kinds, int(activities or 0)

    # ---- batches ----------------------------------------------------------------------------

    def batch(self, batch_id: int, scope: Scope) -> Batch | None:
        stmt = select(Batch).where(Batch.id == batch_id, _batch_scope(scope))
        return self.session.scalars(stmt).first()

    def batch_of(self, call_id: int, union_id: int) -> Batch | None:
        """The union's latest batch for the call (its draft, if it has one)."""
        found = self.union_batches(call_id, union_id)
        return found[-1] if found else None

    def union_batches(self, call_id: int, union_id: int) -> Sequence[Batch]:
        """Every batch of one recommending union for the call, first to last (reading I7)."""
        stmt = (
            select(Batch)
            .where(Batch.call_id == call_id, Batch.union_id == union_id)
            .order_by(Batch.seq)
        )
        return self.session.scalars(stmt).all()

    def batches(self, call_id: int, scope: Scope) -> Sequence[Batch]:
        return self.session.scalars(_batches(call_id, scope)).all()

    def batches_page(self, call_id: int, scope: Scope, window: Window) -> Listing[Batch]:
        """A page of a call's recommendation batches in ``scope``, in the order made."""
        return windowed(self.session, _batches(call_id, scope), window)

    def decision(self, decision_id: int) -> NamingDecision | None:
        return self.session.get(NamingDecision, decision_id)


def _steps(application_id: int) -> Select[ApplicationStep]:
    """The application's steps, oldest first."""
    return (
        select(ApplicationStep)
        .where(ApplicationStep.application_id == application_id)
        .order_by(ApplicationStep.id)
    )


def _batches(call_id: int, scope: Scope) -> Select[Batch]:
    """A call's recommendation batches in ``scope``, in the order made."""
    return select(Batch).where(Batch.call_id == call_id, _batch_scope(scope)).order_by(Batch.id)
