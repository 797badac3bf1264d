"""Export → re-import into an empty database gives the same registry, table by table."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from lifecycle.actors import Actor
from lifecycle.adoption.export import export_registry
from lifecycle.adoption.sample import sample_id_card, sample_registry
from lifecycle.adoption.service import import_registry
from lifecycle.adoption.sheets import ASSESSMENTS, DESIGNATIONS, GRANTS, PERSONS
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.designations.model import Designation
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.notices.service import ConfirmRevocation, confirm_revocation
from lifecycle.persons.service import HonourInput, add_honour
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import ContactRole, DesignationStatus, Honour, Role
from tests.adoption_helpers import (
    AS_OF,
    add_past_oversight,
    masked_difference,
    snapshot,
    workbook,
)

ACTOR = Actor("导入测试")


def _registry() -> bytes:
    # Titles 0-4 are the first district's Yangpu titles, 5-9 the second district's city titles.
    rows = sample_registry(titles=10, districts=2, cutover=date(2026, 12, 1))
    rows[DESIGNATIONS.name][5][8:] = ["已撤牌/摘牌", date(2025, 3, 1), "沪工〔2025〕2号"]
    # Titles 2 and 5 are imported 已撤牌 with the one-off grant approved while named [Y14][S10].
    add_past_oversight(rows)  # inspections, an open and two closed 整改通知, filings
    rows[PERSONS.name][0][10:] = ["高级工程师", "本科"]
    # One city title with two years of 考核, the second waiting for the city's decision [S9].
    city_scheme = get_scheme("shanghai-model-worker").settings.name
    rows[DESIGNATIONS.name][7][1] = "沪劳模 2019-008"
    rows[GRANTS.name][7][1] = "沪劳模 2019-008"
    rows[ASSESSMENTS.name] = [
        [city_scheme, "沪劳模 2019-008", year, step, verdict, date(year, 12, day), "签署人", "意见"]
        for year, step, verdict, day in (
            (2024, "单位工会", "通过（合格/保留）", 10),
            (2024, "区局（产业）工会", "通过（合格/保留）", 20),
            (2025, "单位工会", "通过（合格/保留）", 10),
            (2025, "区局（产业）工会", "不通过（不合格/摘牌）", 20),
        )
    ]
    return workbook(rows)


def _live_failed_inspection(u: UnitOfWork, *, sample_number: int, on: date) -> Designation:
    """A cycle-end inspection held in the service that failed: a live 整改通知 [Y12]."""
    number = f"样本-{sample_number:06d}"
    designation = u.session.scalars(select(Designation).where(Designation.number == number)).one()
    officer = _officer(designation)
    plan = ScheduleInspection(
        designation.id, InspectionKind.CYCLE_END, on, "现场", "区总工会 王检查"
    )
    inspection = schedule_inspection(u, plan, actor=officer, as_of=AS_OF, scope=EVERYTHING)
    criteria = get_scheme(designation.scheme_code).settings.inspection_criteria
    outcomes = tuple(CriterionInput(code, code != "venue", "场地被占用") for code, _ in criteria)
    entered = on + timedelta(days=5)  # the result entered the day of its 检查日期
    record = RecordOutcome(inspection.id, entered, outcomes)
    record_outcome(u, record, actor=officer, as_of=entered, scope=EVERYTHING)
    return designation


def _officer(designation: Designation) -> Actor:
    return Actor("区干部", union_id=designation.district_union_id, role=Role.DISTRICT_OFFICER)


def _live_revocation(u: UnitOfWork, *, sample_number: int) -> None:
    """A title named 2019 with its one-off grant, revoked in the service after a missed 整改
    deadline [Y12]: its grant, approved while it was named, is exported and imported again."""
    designation = _live_failed_inspection(u, sample_number=sample_number, on=date(2026, 5, 20))
    notice = u.notices.open_for_designation(designation.id)
    assert notice is not None
    confirm = ConfirmRevocation(
        notice.id, notice.deadline + timedelta(days=1), "区1工创〔2026〕7号"
    )
    confirm_revocation(u, confirm, actor=_officer(designation), as_of=AS_OF, scope=EVERYTHING)
    assert designation.status is DesignationStatus.REVOKED
    assert u.funding.one_off_grant(designation.id) is not None


def test_an_exported_registry_reimported_into_an_empty_database_is_the_same(
    uow, fresh_database_url
) -> None:
    with uow() as u:
        import_registry(u, _registry(), actor=ACTOR, as_of=AS_OF, scope=EVERYTHING, dry_run=False)
        u.commit()
    with uow() as u:  # records made live, after the import, travel too
        unit = u.session.scalars(select(Union).where(Union.level == "unit")).first()
        assert unit is not None
        contact = NewContact(unit.id, "李联系人", "li@unit.example.cn", ContactRole.UNIT_CONTACT)
        add_contact(u, contact, scope=EVERYTHING)
        person = u.registry.persons([sample_id_card(2, date(1990, 2, 2))])[
            sample_id_card(2, date(1990, 2, 2))
        ]
        add_honour(
            u,
            person.id,
            HonourInput(Honour.DISTRICT_CRAFTSMAN, 2024),
            as_of=AS_OF,
            scope=EVERYTHING,
        )
        _live_failed_inspection(u, sample_number=3, on=date(2026, 11, 20))
        _live_revocation(u, sample_number=4)
        u.commit()
    with uow() as u:
        before = snapshot(u)
        # Into another database: the operator's export with ID numbers in full (the masked
        # numbers and 人员编号 of the officers' export name persons of this database only).
        exported = export_registry(u, scope=EVERYTHING, as_of=AS_OF, full_id_cards=True)
    engine = make_engine(fresh_database_url)
    try:
        target = make_session_factory(engine)
        with UnitOfWork(target) as u:
            report = import_registry(
                u, exported, actor=ACTOR, as_of=AS_OF, scope=EVERYTHING, dry_run=False
            )
            u.commit()
        assert report.counts[DESIGNATIONS.name].created == 10
        with UnitOfWork(target) as u:
            after = snapshot(u)
    finally:
        engine.dispose()
    assert sorted(before) == sorted(after)
    assert len(before["人员"]) == 20  # ID numbers compared too
    assert len(before["拨款"]) == 10  # revoked titles (imported and live) with their grants
    assert len(before["考核"]) == 4
    assert (len(before["检查"]), len(before["整改通知"]), len(before["年度备案"])) == (8, 5, 4)
    # Both open 整改 (imported and live) are open again in the copy, through the same flow.
    assert sorted(row[5] for row in after["整改通知"]) == [
        "已撤牌",
        "已撤牌",
        "已整改",
        "整改中",
        "整改中",
    ]
    same = before == after
    assert same, masked_difference(before, after)
