"""Cut-over: what fell due before a union adopted the service is settled; after it, live."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from lifecycle.actors import Actor
from lifecycle.adoption.errors import RegistryRejected
from lifecycle.adoption.sample import sample_registry
from lifecycle.adoption.service import import_registry
from lifecycle.adoption.sheets import ASSESSMENTS, DESIGNATIONS
from lifecycle.designations.model import Designation
from lifecycle.occasions import index
from lifecycle.occasions.model import OccasionKind, OccasionStatus
from lifecycle.occasions.service import occasions_for_designation
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.views.dashboard import dashboard
from tests.adoption_helpers import AS_OF, workbook

CUTOVER = date(2026, 12, 1)
SETTLED = {
    OccasionKind.CYCLE_INSPECTION,
    OccasionKind.SELF_CHECK_FILING,
    OccasionKind.UNIT_EVALUATION_FILING,
    OccasionKind.DRIFT_NO_PROJECT,
    OccasionKind.DRIFT_NO_ACHIEVEMENT,
}


def _adopt(uow, cutover: date | None) -> tuple[int, int]:
    """Three Yangpu titles named in 2019; (a designation id, the district's id)."""
    rows = sample_registry(titles=3, districts=1, naming_date=date(2019, 6, 1), cutover=cutover)
    with uow() as u:
        import_registry(
            u, workbook(rows), actor=Actor("导入"), as_of=AS_OF, scope=EVERYTHING, dry_run=False
        )
        u.commit()
    with uow() as u:
        designation = u.session.scalars(select(Designation).order_by(Designation.id)).first()
        district = u.session.scalars(select(Union).where(Union.level == "district")).one()
        assert designation is not None
        return designation.id, district.id


def test_titles_named_in_2019_owe_nothing_before_the_cutover_and_are_live_after(uow) -> None:
    designation_id, district_id = _adopt(uow, CUTOVER)
    with uow() as u:
        found = occasions_for_designation(u, designation_id, AS_OF, scope=EVERYTHING)
        history = u.designations.get(designation_id, EVERYTHING).history  # type: ignore[union-attr]
        assert history[0].reason == "系统启用前导入"
    before = [o for o in found if o.due_on < CUTOVER and o.kind in SETTLED]
    assert {o.kind for o in before} >= {
        OccasionKind.CYCLE_INSPECTION,
        OccasionKind.SELF_CHECK_FILING,
    }
    assert all(o.status is OccasionStatus.DONE for o in before)
    assert not [o for o in found if o.status is OccasionStatus.OVERDUE]
    after = sorted((o for o in found if o.due_on >= CUTOVER), key=lambda o: o.due_on)
    first = after[0]
    assert (first.kind, first.due_on) == (OccasionKind.SELF_CHECK_FILING, date(2026, 12, 31))
    assert first.status is OccasionStatus.DUE
    cycle = next(o for o in after if o.kind is OccasionKind.CYCLE_INSPECTION)
    assert (cycle.due_on, cycle.status) == (date(2028, 6, 1), OccasionStatus.UPCOMING)
    # On 2 January 2027 the first year after the cut-over is overdue like any other.
    with uow() as u:
        later = occasions_for_designation(u, designation_id, date(2027, 1, 2), scope=EVERYTHING)
    overdue = {(o.kind, o.due_on) for o in later if o.status is OccasionStatus.OVERDUE}
    assert (OccasionKind.SELF_CHECK_FILING, date(2026, 12, 31)) in overdue
    with uow() as u:
        board = dashboard(u, district_id, AS_OF, scope=EVERYTHING)
        assert board.overdue_total == 0
        # The stored index, built from the same rule, agrees.
        index.build(u, AS_OF, datetime(2026, 12, 3, 2, tzinfo=UTC))
        u.commit()
    with uow() as u:
        assert index.usable(u, date(2027, 12, 31), AS_OF)
        assert dashboard(u, district_id, AS_OF, scope=EVERYTHING).overdue_total == 0


def test_without_a_cutover_the_same_titles_are_years_overdue(uow) -> None:
    _, district_id = _adopt(uow, None)
    with uow() as u:
        board = dashboard(u, district_id, AS_OF, scope=EVERYTHING)
    assert board.overdue_total > 3 * 5  # every year's filings since 2019, two cycles


def test_a_cutover_set_later_rewrites_the_index(uow) -> None:
    _, district_id = _adopt(uow, None)
    with uow() as u:
        index.build(u, AS_OF, datetime(2026, 12, 3, 2, tzinfo=UTC))
        u.commit()
    with uow() as u:
        assert dashboard(u, district_id, AS_OF, scope=EVERYTHING).overdue_total > 0
    _adopt(uow, CUTOVER)  # the same file again, now with the districts' cut-over
    with uow() as u:
        assert index.usable(u, date(2027, 12, 31), AS_OF)
        assert dashboard(u, district_id, AS_OF, scope=EVERYTHING).overdue_total == 0


def test_an_imported_revocation_application_stays_open_across_the_cutover(uow) -> None:
    city_scheme = get_scheme("shanghai-model-worker").settings.name
    rows = sample_registry(
        titles=1, districts=1, naming_date=date(2019, 6, 1), cutover=CUTOVER, full=False
    )
    title = rows[DESIGNATIONS.name][0]
    title[0], title[1], title[6] = city_scheme, "沪劳模 2019-001", "上海市总工会"
    steps = [
        ("单位工会", "通过（合格/保留）", date(2025, 12, 10), "单位工会主席"),
        ("区局（产业）工会", "不通过（不合格/摘牌）", date(2025, 12, 20), "区总工会主席"),
    ]
    rows[ASSESSMENTS.name] = [
        [city_scheme, "沪劳模 2019-001", 2025, step, verdict, on, signer, "按第三条逐项考核"]
        for step, verdict, on, signer in steps
    ]
    with uow() as u:
        import_registry(
            u, workbook(rows), actor=Actor("导入"), as_of=AS_OF, scope=EVERYTHING, dry_run=False
        )
        u.commit()
    with uow() as u:
        designation = u.session.scalars(select(Designation)).one()
        found = occasions_for_designation(u, designation.id, AS_OF, scope=EVERYTHING)
        again = import_registry(
            u, workbook(rows), actor=Actor("导入"), as_of=AS_OF, scope=EVERYTHING, dry_run=True
        )
    assessments = {o.due_on.year: o for o in found if o.kind is OccasionKind.ANNUAL_ASSESSMENT}
    assert assessments[2024].status is OccasionStatus.DONE  # before the cut-over: settled
    assert assessments[2025].status is OccasionStatus.OVERDUE  # the import says: 摘牌 applied
    assert "已申请摘牌" in assessments[2025].title
    assert again.counts[ASSESSMENTS.name].unchanged == 2


def test_a_district_step_without_its_unit_step_names_the_step_to_record_first(uow) -> None:
    """The 考核 sheet's district row of a year whose unit row is missing says which step comes
    first [S9] 第九条, not only the year's waiting step; nothing is written."""
    city_scheme = get_scheme("shanghai-model-worker").settings.name
    rows = sample_registry(
        titles=1, districts=1, naming_date=date(2019, 6, 1), cutover=CUTOVER, full=False
    )
    title = rows[DESIGNATIONS.name][0]
    title[0], title[1], title[6] = city_scheme, "沪劳模 2019-001", "上海市总工会"
    rows[ASSESSMENTS.name] = [
        [city_scheme, "沪劳模 2019-001", 2025, "区局（产业）工会", "通过（合格/保留）",
         date(2025, 12, 20), "区总工会主席", "按第三条逐项考核"],
    ]  # fmt: skip
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        import_registry(
            u, workbook(rows), actor=Actor("导入"), as_of=AS_OF, scope=EVERYTHING, dry_run=False
        )
    assert [(c.sheet, c.header, c.message) for c in refused.value.cells] == [
        (
            "考核",
            "考核环节",
            "2025年度考核当前环节为：待单位工会考核，应先登记单位工会环节（逐级考核）",
        )
    ]
    with uow() as u:
        assert u.session.scalars(select(Designation)).first() is None
