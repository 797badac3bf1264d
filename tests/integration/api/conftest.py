"""The JSON API on the test database: two districts' worlds and one API token per role."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from api.app import create_app
from lifecycle.accounts.principal import Principal
from lifecycle.accounts.service import issue_token
from lifecycle.audit.model import AuditEntry
from lifecycle.calendar.model import CalendarOverrideDay
from lifecycle.changes.attachments import AttachChangeFile, attach_change_file
from lifecycle.changes.model import ChangeMeasure
from lifecycle.clock import SHANGHAI
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.files.model import StoredFile
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.filings.model import FilingKind
from lifecycle.filings.service import FileYearly, file_yearly
from lifecycle.funding.applications import FileApplication, file_application
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    attach_evidence,
    record_outcome,
    schedule_inspection,
)
from lifecycle.intake.attachments import attach
from lifecycle.leaders.model import LeaderEventKind
from lifecycle.leaders.proofs import AttachEventProof, attach_event_proof
from lifecycle.leaders.service import RecordLeaderEvent, record_leader_event
from lifecycle.ledgers.model import AchievementKind
from lifecycle.ledgers.service import NewAchievement, record_achievement
from lifecycle.notices.model import NoticeCounter
from lifecycle.notices.reports import ReportRectification, report_rectification
from lifecycle.reminders.model import OutboxMessage, ReminderItem
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import ContactRole, OutboxStatus, Role
from tests import district_pack
from tests import factories as f
from tests.conftest import BACKENDS, as_service_role, new_database, share_openapi
from tests.intake_factories import APPLICANT, SAMPLES, intake_world
from tests.integration.craftsman.helpers import world_application
from tests.leader_factories import file_request, titled

NOW = datetime.combine(f.AS_OF, time(10, 0), tzinfo=SHANGHAI)
PDF = b"%PDF-1.4\n% evidence\n"
CRITERIA = ("leader", "team", "projects", "achievements", "venue")
_mails = count(1)


@dataclass
class World:
    """One district's records: the ids the API is asked about."""

    district: int
    unit: int
    person: int
    workshop: int
    designation: int
    inspection: int
    notice: int
    file: int
    user: int
    change_request: int
    finding: int
    message: int
    contact: int
    grant: int = 0
    application: int = 0
    achievement: int = 0
    leader_event: int = 0
    call: int = 0  # intake (issue 18)
    intake: int = 0
    batch: int = 0
    craftsman_selection: int = 0
    craftsman_application: int = 0
    filing: int = 0  # last year's unit evaluation, filed with its file [Y11]
    change_attachment: int = 0  # the stamped 附件3 the unit union attached [C 三（六）]
    intake_attachment: int = 0  # a file of the world's draft application (issue 18)
    event_proof: int = 0  # the proof of the leader event, kept by the unit union
    report: int = 0  # the addressed sector union's written 整改 report on the notice [Y12]
    scheme: str = "yangpu-district"  # the district's own titles' pack


@dataclass
class Caller:
    role: Role
    principal: Principal
    token: str
    spare_token_id: int

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Api:
    client: TestClient
    factory: sessionmaker[Session]
    own: World
    other: World
    callers: dict[Role, Caller]
    tree: f.Tree
    passwords: dict[Role, str] = field(default_factory=dict)

    def uow(self, actor: Any = None) -> UnitOfWork:
        return UnitOfWork(self.factory) if actor is None else UnitOfWork(self.factory, actor=actor)

    def finance_of(self, union: Union) -> dict[str, str]:
        """Headers of a new finance user of ``union`` (the city's pays the city grant [S10])."""
        with self.uow() as u:
            principal, _ = f.user(u, Role.FINANCE, union.id)
            token = issue_token(u, principal, "测试", NOW).plaintext
            u.commit()
        return {"Authorization": f"Bearer {token}"}

    def writes(self) -> tuple[int, ...]:
        """A fingerprint of everything written: audit entries plus rows written outside the ORM."""
        counts = [
            select(func.count()).select_from(model).scalar_subquery()
            for model in (AuditEntry, NoticeCounter, CalendarOverrideDay, StoredFile)
        ]
        with self.factory() as session:  # one statement: the access matrix asks ~3,400 times
            row = session.execute(select(*counts)).one()
        return tuple(int(n) for n in row)


def _world(u: UnitOfWork, tree: f.Tree, storage: FileStorage, scheme: str) -> World:
    designation = f.named_designation(u, tree, scheme=scheme, naming_union=tree.district)
    craftsman = titled(u, tree, scheme="shanghai-craftsman")
    request = file_request(u, tree, craftsman, measure=ChangeMeasure.EXIT_KEEPING_TITLE)
    stamped = attach_change_file(
        u,
        storage,
        AttachChangeFile(request.id, tree.unit.id, "signed_form"),
        Upload("附件3盖章件.pdf", PDF),
        actor=f.OFFICER,
        scope=EVERYTHING,
    )
    event = record_leader_event(
        u,
        RecordLeaderEvent(
            craftsman.workshop_id, LeaderEventKind.OTHER, date(2026, 5, 1), "单位工会报告", "调岗"
        ),
        actor=f.unit_contact(u, craftsman),
        as_of=f.AS_OF,
        scope=EVERYTHING,
    )
    proof = attach_event_proof(
        u,
        storage,
        AttachEventProof(event.id, "人事处出具"),
        Upload("调岗通知.pdf", PDF + b"event"),
        actor=f.unit_contact(u, craftsman),
        scope=EVERYTHING,
    )
    spent = RecordExpenditure(
        designation.id, date(2026, 10, 9), "1200.00", "某旅行社", ExpenditureCategory.TRAVEL, "差旅"
    )
    record_expenditure(u, spent, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
    finding, _ = u.funding.findings_of(designation.id)[0]
    granted = RecordGrant(
        designation.id, GrantKind.ONE_OFF, "杨工〔2026〕7号", date(2026, 10, 1), date(2026, 10, 8)
    )
    payer = f.finance_of(tree.district.id)  # the naming union pays the one-off [Y14]
    grant = record_grant(u, granted, actor=payer, as_of=f.AS_OF, scope=EVERYTHING)
    achievement = record_achievement(
        u,
        NewAchievement(
            designation.workshop_id, AchievementKind.METHOD, "矩阵成果", date(2026, 6, 1)
        ),
        actor=f.OFFICER,
        as_of=f.AS_OF,
        scope=EVERYTHING,
    )
    applied = FileApplication(designation.id, achievement.id, 2026, date(2026, 10, 9), "效益突出")
    application = file_application(u, applied, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
    inspection = schedule_inspection(
        u,
        ScheduleInspection(
            designation.id, InspectionKind.CYCLE_END, date(2026, 3, 10), "工作室现场", "王干事"
        ),
        actor=f.acting(tree.district),
        as_of=f.AS_OF,
        scope=EVERYTHING,
    )
    failing = tuple(
        CriterionInput(c, c != "venue", "场地不足" if c == "venue" else "") for c in CRITERIA
    )
    record_outcome(
        u,
        RecordOutcome(inspection.id, date(2026, 3, 10), failing),
        actor=f.acting(tree.district),
        as_of=date(2026, 3, 10),  # entered the day it was held: the notice is dated then
        scope=EVERYTHING,
    )
    evidence = attach_evidence(
        u,
        storage,
        inspection.id,
        "venue",
        Upload("现场.pdf", PDF),
        actor=f.OFFICER,
        scope=EVERYTHING,
    )
    notice = u.notices.for_designation(designation.id)[-1]
    report = report_rectification(
        u,
        storage,
        ReportRectification(notice.id, date(2026, 3, 20), "整改情况报告"),
        Upload("整改报告.pdf", PDF),
        actor=f.acting(tree.sector),
        now=datetime.combine(date(2026, 3, 20), time(10, 0), tzinfo=SHANGHAI),
        scope=EVERYTHING,
    )
    filing = file_yearly(
        u,
        storage,
        FileYearly(
            designation.id, 2025, FilingKind.UNIT_EVALUATION, date(2025, 12, 20),
            Upload("2025年度评估.pdf", PDF),
        ),
        actor=f.unit_filer(u, designation.id),
        as_of=f.AS_OF,
        scope=EVERYTHING,
    )  # fmt: skip
    spare, _ = f.user(u, Role.UNIT_CONTACT, tree.unit.id)
    contact = add_contact(
        u,
        NewContact(
            tree.unit.id, "赵联系人", f"zhao{next(_mails)}@unit.example.cn", ContactRole.CHAIR
        ),
        scope=EVERYTHING,
    )
    # To a contact: a failed mail is sent again only while its recipient still is one.
    mail = _failed_mail(u, designation.id, tree.district.id, contact.email)
    call, intake, batch = intake_world(
        u, tree, f.workshop(u, tree).id, scheme
    )  # a team not named yet [Y7]
    craftsman_ids = world_application(u, tree)
    certificate = attach(
        u, storage, intake, "certificate", Upload("技能等级证书.pdf", SAMPLES[".pdf"]),
        actor=APPLICANT, scope=EVERYTHING,
    )  # fmt: skip
    return World(
        scheme=scheme,
        call=call,
        intake=intake,
        batch=batch,
        district=tree.district.id,
        unit=tree.unit.id,
        person=designation_leader(u, designation.workshop_id),
        workshop=designation.workshop_id,
        designation=designation.id,
        inspection=inspection.id,
        notice=notice.id,
        file=evidence.file_id,
        user=spare.user_id,
        change_request=request.id,
        finding=finding.id,
        message=mail,
        contact=contact.id,
        grant=grant.id,
        application=application.id,
        achievement=achievement.id,
        leader_event=event.id,
        craftsman_selection=craftsman_ids[0],
        craftsman_application=craftsman_ids[1],
        filing=filing.id,
        change_attachment=stamped.id,
        intake_attachment=certificate.id,
        event_proof=proof.id,
        report=report.id,
    )


def _failed_mail(
    u: UnitOfWork, designation_id: int, union_id: int, email: str | None = None
) -> int:
    """A digest that failed for good, carrying one reminder item of the district's union."""
    n = next(_mails)
    email = email or f"mail{n}@yp.example.cn"
    message = u.outbox.add(
        OutboxMessage(
            kind="reminder_digest",
            dedup_key=f"api-test-{n}",
            recipient_email=email,
            recipient_name="王干事",
            payload={"items": [{"title": "管理周期末实地检查"}]},
            status=OutboxStatus.FAILED,
            attempts=5,
            next_attempt_at=NOW,
            failure_reason="收件地址被拒绝：550 mailbox unavailable",
        )
    )
    u.session.add(
        ReminderItem(
            kind="cycle_inspection",
            occasion_key=f"api-test-{n}",
            due_on=date(2026, 12, 1),
            recipient_email=email,
            lead_step="before-7",
            recipient_name="王干事",
            designation_id=designation_id,
            union_id=union_id,
            title="测试工作室",
            subject="管理周期末实地检查",
            link=f"/designations/{designation_id}",
            occasion_status="due",
            sweep_date=date(2026, 11, 24),
            outbox_id=message.id,
        )
    )
    u.flush()
    return message.id


def designation_leader(u: UnitOfWork, workshop_id: int) -> int:
    shop = u.workshops.get(workshop_id, scope=EVERYTHING)
    assert shop is not None
    return shop.leader_person_id


ROLE_UNION = {
    Role.ADMIN: "city",
    Role.CITY_OFFICER: "city",
    Role.DISTRICT_OFFICER: "district",
    Role.FINANCE: "district",
    Role.UNIT_CONTACT: "unit",
}


@dataclass(frozen=True)
class ApiWorld:
    """A database holding both districts' worlds and the callers' tokens, committed once."""

    engine: Engine
    files: Path
    own: World
    other: World
    callers: dict[Role, Caller]
    tree: f.Tree
    passwords: dict[Role, str]


def _build(engine: Engine, files: Path) -> ApiWorld:
    storage = FileStorage(files, Settings().max_upload_bytes)
    with pytest.MonkeyPatch.context() as patch, UnitOfWork(make_session_factory(engine)) as u:
        pudong_pack = district_pack.register_for(patch)
        tree = f.union_tree(u)
        # Another district's world: 浦东's, under a district pack of its own (tests only; one
        # union per level carries a region, so 杨浦区总工会 alone names Yangpu titles [Y7]).
        mirror = f.seen_from_the_other_district(tree)
        own = _world(u, tree, storage, "yangpu-district")
        other = _world(u, mirror, storage, pudong_pack)
        callers, passwords = {}, {}
        for role, where in ROLE_UNION.items():
            principal, password = f.user(u, role, getattr(tree, where).id)
            token = issue_token(u, principal, "测试", NOW).plaintext
            issue_token(u, principal, "备用", NOW)
            spare = u.accounts.tokens_of(principal.user_id)[-1]
            callers[role] = Caller(role, principal, token, spare.id)
            passwords[role] = password
        u.commit()
    return ApiWorld(engine, files, own, other, callers, tree, passwords)


@pytest.fixture(scope="session", params=BACKENDS)
def api_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiWorld]:
    """The worlds every API test starts from, built once per worker and backend in a database
    of their own; each test works inside a transaction on it that is rolled back afterwards, as
    it did when it built them itself (the ids are the same for every test of a worker)."""
    folder = tmp_path_factory.mktemp("api-world")
    made = new_database(request.param, request, folder)
    engine = make_engine(as_service_role(next(made)))
    try:
        yield _build(engine, folder / "files")
    finally:
        engine.dispose()
        next(made, None)  # new_database's clean-up


@pytest.fixture
def api(api_world: ApiWorld, pudong_pack: str, tmp_path: Path) -> Iterator[Api]:
    engine = api_world.engine
    connection = engine.connect()
    outer = connection.begin()
    factory = make_session_factory(connection, join_transaction_mode="create_savepoint")
    files = tmp_path / "files"  # the worlds' stored files, copied: each test writes its own
    shutil.copytree(api_world.files, files)
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        files_dir=files,
        base_url="http://testserver",
    )
    app = share_openapi(create_app(settings, clock=lambda: NOW))
    try:
        with TestClient(app, follow_redirects=False) as client:
            app.state.session_factory = factory
            yield Api(
                client,
                factory,
                api_world.own,
                api_world.other,
                api_world.callers,
                api_world.tree,
                dict(api_world.passwords),
            )
    finally:
        outer.rollback()
        connection.close()
