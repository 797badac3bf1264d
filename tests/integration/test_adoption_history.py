"""Past inspections, 整改通知 and yearly filings from the registry workbook [Y11][Y12]."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from lifecycle.actors import Actor
from lifecycle.adoption.errors import RegistryRejected
from lifecycle.adoption.sample import sample_registry
from lifecycle.adoption.service import import_registry
from lifecycle.adoption.sheets_history import FILINGS, INSPECTIONS, NOTICES
from lifecycle.designations.model import Designation
from lifecycle.filings.model import YearlyFiling
from lifecycle.inspections.model import Inspection, InspectionResult
from lifecycle.notices.model import NoticeCounter, NoticeStatus, RectificationNotice
from lifecycle.notices.service import ConfirmRevocation, confirm_revocation
from lifecycle.occasions.model import OccasionKind, OccasionStatus
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.views.dashboard import dashboard
from lifecycle.views.designation import designation_page
from lifecycle.vocab import DesignationStatus, Role
from tests.adoption_helpers import (
    AS_OF,
    CYCLE_END,
    INSPECTORS,
    PLACE,
    YANGPU,
    add_past_oversight,
    data_row,
    workbook,
)

IMPORTER = Actor("导入测试")
CUTOVER = date(2026, 12, 1)


def _rows(districts: int = 1) -> dict[str, list[list[object]]]:
    rows = sample_registry(titles=4 * districts, districts=districts, cutover=CUTOVER)
    add_past_oversight(rows)
    return rows


def _import(uow, rows, *, scope: Scope = EVERYTHING, dry_run: bool = False, actor=IMPORTER):
    return import_registry(
        uow, workbook(rows), actor=actor, as_of=AS_OF, scope=scope, dry_run=dry_run
    )


def _count(uow, model) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def _title(uow, number: str) -> Designation:
    return uow.session.scalars(select(Designation).where(Designation.number == number)).one()


def test_past_oversight_is_imported_through_its_use_cases_and_reimported_unchanged(uow) -> None:
    rows = _rows()
    numbers = [str(r[1]) for r in rows["命名"]]
    with uow() as u:
        report = _import(u, rows)
        u.commit()
    assert [report.counts[s.name].created for s in (INSPECTIONS, NOTICES, FILINGS)] == [6, 3, 4]
    with uow() as u:
        rectified, open_, revoked = (_title(u, n) for n in numbers[:3])
        assert (rectified.status, open_.status, revoked.status) == (
            DesignationStatus.NAMED,
            DesignationStatus.RECTIFYING,
            DesignationStatus.REVOKED,
        )
        # The open 整改 went through the rectification flow: its history row says where from.
        last = u.designations.history(open_.id)[-1]
        assert (last.to_status, last.reason, last.document_ref, last.effective_on) == (
            DesignationStatus.RECTIFYING,
            "系统启用前导入",
            "区1工创〔2025〕2号",
            date(2025, 5, 25),
        )
        notices = {n.number: n for n in u.session.scalars(select(RectificationNotice))}
        closed = notices["区1工创〔2025〕1号"]
        assert (closed.status, closed.closed_on) == (NoticeStatus.RECTIFIED, date(2025, 7, 1))
        closing = u.session.get(Inspection, closed.closing_inspection_id)
        assert closing is not None
        assert (closing.result, closing.recorded_on) == (InspectionResult.PASS, date(2025, 7, 1))
        assert notices["区1工创〔2025〕3号"].decision_ref == "区1工创〔2025〕9号"
        # Paper numbers in the district's own form keep their sequence.
        assert sorted(n.seq for n in notices.values()) == [1, 2, 3]
        counter = u.session.get(NoticeCounter, (rectified.district_union_id, 2025))
        assert counter is not None
        assert counter.last_seq == 3  # a notice issued later in the service takes 4
        page = designation_page(u, rectified.id, AS_OF, scope=EVERYTHING)
        assert {i.recorded_by for i in page.inspections} == {"系统启用前导入"}
        failed = next(i for i in page.inspections if i.result is InspectionResult.FAIL)
        assert [o.criterion_code for o in failed.outcomes if not o.passed] == ["team"]
        assert {(f.year, f.filed_by, f.file_id) for f in page.filings} == {
            (2024, "系统启用前导入", None),
            (2025, "系统启用前导入", None),
        }
    with uow() as u:
        again = _import(u, rows, dry_run=True)
    assert again.total_changes == 0
    assert [again.counts[s.name].unchanged for s in (INSPECTIONS, NOTICES, FILINGS)] == [6, 3, 4]


def test_an_imported_open_rectification_stays_live_across_the_cutover(uow) -> None:
    rows = _rows()
    numbers = [str(r[1]) for r in rows["命名"]]
    with uow() as u:
        _import(u, rows)
        u.commit()
    with uow() as u:
        open_, rectified = _title(u, numbers[1]), _title(u, numbers[0])
        district = u.session.scalars(select(Union).where(Union.level == "district")).one()
        district_id = district.id
        page = designation_page(u, open_.id, AS_OF, scope=EVERYTHING)
        board = dashboard(u, district.id, AS_OF, scope=EVERYTHING)
        quiet = designation_page(u, rectified.id, AS_OF, scope=EVERYTHING)
        # The imported failure shows on the title's page with its notice, still open.
        assert [(i.result, i.cycle_no) for i in page.inspections] == [(InspectionResult.FAIL, 2)]
        assert [(n.number, n.status) for n in page.notices] == [
            ("区1工创〔2025〕2号", NoticeStatus.OPEN)
        ]
        by_kind = {o.kind: o for o in page.occasions}
        # Due long before the cut-over, yet live: the import recorded it as not settled.
        deadline = by_kind[OccasionKind.RECTIFICATION_DEADLINE]
        assert (deadline.due_on, deadline.status) == (date(2025, 7, 10), OccasionStatus.OVERDUE)
        # 待撤牌 is due on its day and overdue the next (reading R2: the regulations set no period).
        assert by_kind[OccasionKind.REVOCATION_PENDING].status is OccasionStatus.OVERDUE
        cycles = {
            o.due_on: o.status for o in page.occasions if o.kind is OccasionKind.CYCLE_INSPECTION
        }
        assert cycles[date(2025, 6, 1)] is OccasionStatus.DONE  # the failed inspection was held
        # Only the open 整改 and its 待撤牌 (overdue the day after its date): the rest is settled.
        assert board.overdue_total == 2
        assert not [o for o in quiet.occasions if o.status is OccasionStatus.OVERDUE]
    # The live flow takes over: the district confirms the 撤牌 of the imported notice.
    with uow() as u:
        notice = u.notices.by_number("区1工创〔2025〕2号")
        assert notice is not None
        officer = Actor("区干部", union_id=district_id, role=Role.DISTRICT_OFFICER)
        cmd = ConfirmRevocation(notice.id, date(2026, 12, 2), "区1工创〔2026〕5号")
        confirm_revocation(u, cmd, actor=officer, as_of=AS_OF, scope=EVERYTHING)
        u.commit()
    with uow() as u:
        assert _title(u, numbers[1]).status is DesignationStatus.REVOKED


def test_bad_cells_in_the_oversight_sheets_are_named_and_nothing_is_written(uow) -> None:
    rows = _rows()
    number = rows["命名"][3][1]
    rows["检查"].append(  # before the title was named
        [YANGPU, number, CYCLE_END, date(2018, 5, 1), None, PLACE, INSPECTORS, "合格"]
    )
    rows["检查"][4][8] = "有创新团队、有食堂"  # not one of the 五个有
    rows["整改通知"][0][6] = date(2025, 7, 20)  # 已整改 after its deadline
    rows["整改通知"][2][4] = date(2025, 8, 1)  # 已撤牌 on its deadline's own day
    rows["年度备案"].append([YANGPU, number, 2018, "工作室年度自查", date(2018, 12, 1)])
    revoked = rows["命名"][2][1]  # 已撤牌 on 2025-08-01: nothing filed for a later year
    rows["年度备案"].append([YANGPU, revoked, 2026, "工作室年度自查", date(2026, 3, 1)])
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, rows)
    cells = {(c.sheet, c.row, c.column, c.header): c.message for c in refused.value.cells}
    early = cells[("检查", data_row(6), "D", "检查日期")]
    assert "检查日期不能早于命名日期（2019年6月1日）" in early
    assert "不在该方案的检查标准中：有食堂" in cells[("检查", data_row(4), "I", "不合格项目")]
    assert "届满后不能再复查合格" in cells[("整改通知", data_row(0), "G", "办结日期")]
    early = cells[("整改通知", data_row(2), "G", "办结日期")]
    assert "整改期限（2025年8月1日）尚未届满，不能撤牌" in early
    assert "2025年8月2日起方可确认撤牌" in early
    assert "备案年度应在2019年至2026年之间" in cells[("年度备案", data_row(4), "C", "备案年度")]
    assert "备案年度应在2019年至2025年之间" in cells[("年度备案", data_row(5), "C", "备案年度")]
    assert "「检查」第9行「检查日期」（D列）" in refused.value.message
    with uow() as u:
        counts = [_count(u, m) for m in (Designation, Inspection, RectificationNotice)]
        assert [*counts, _count(u, YearlyFiling)] == [0, 0, 0, 0]


def test_a_notice_or_inspection_that_contradicts_the_other_sheet_is_refused(uow) -> None:
    rows = _rows()
    rows["检查"][3][7:9] = ["不合格", "有创新团队"]  # the closing re-inspection failed after all
    rows["检查"][3][9] = "仍不合格"
    rows["检查"][5][10] = None  # a failed cycle-end inspection without its notice
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, rows)
    found = {(c.sheet, c.row, c.column): c.message for c in refused.value.cells}
    assert "表中有合格的整改复查" in found[("整改通知", data_row(0), "F")]
    assert "须填写其整改通知编号" in found[("检查", data_row(5), "K")]
    assert "「检查」表中没有对应的不合格周期末检查" in found[("整改通知", data_row(2), "C")]


def test_a_notice_or_re_inspection_naming_a_refused_row_says_where(uow) -> None:
    """The failed cycle-end inspection of 区1工创〔2025〕1号 has an unreadable date: its notice
    points to that row, and the re-inspections of the notice to the notice's row."""
    rows = _rows()
    rows["检查"][1][3] = "2025-13-20"
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, rows)
    found = {(c.sheet, c.row, c.column): c.message for c in refused.value.cells}
    assert found == {
        ("检查", data_row(1), "D"): "日期不存在：2025-13-20（格式如 2026-03-01）",
        ("整改通知", data_row(0), "C"): f"对应的周期末检查在「检查」表第{data_row(1)}行未通过校验",
        ("检查", data_row(2), "K"): (
            f"整改通知“区1工创〔2025〕1号”在「整改通知」表第{data_row(0)}行未通过校验"
        ),
        ("检查", data_row(3), "K"): (
            f"整改通知“区1工创〔2025〕1号”在「整改通知」表第{data_row(0)}行未通过校验"
        ),
    }


def test_a_registered_notice_closes_only_through_its_flow(uow) -> None:
    rows = _rows()
    with uow() as u:
        _import(u, rows)
        u.commit()
    rows["整改通知"][1][5:7] = ["已整改", date(2025, 7, 1)]
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, rows, dry_run=True)
    messages = {(c.sheet, c.row): c.message for c in refused.value.cells}
    assert "须通过整改复查或撤牌确认办理" in messages[("整改通知", data_row(1))]


def test_a_district_officer_cannot_import_the_oversight_of_another_districts_title(uow) -> None:
    rows = sample_registry(titles=4, districts=2, cutover=CUTOVER)
    with uow() as u:
        _import(u, rows)
        u.commit()
        first = u.session.scalars(select(Union).where(Union.level == "district")).first()
        assert first is not None
        scope = Scope.subtree(first.path)
        actor = Actor("区干部", union_id=first.id, role=Role.DISTRICT_OFFICER)
    # The other district's title is a city title (杨浦区总工会 alone holds Yangpu titles [Y7]): its
    # rows are refused for the importer's scope before anything they bring is looked at.
    own, (city, other) = rows["命名"][0][1], rows["命名"][2][0:2]
    history = {
        "检查": [
            [YANGPU, own, CYCLE_END, date(2022, 5, 20), 1, PLACE, INSPECTORS, "合格"],
            [city, other, CYCLE_END, date(2022, 5, 20), 1, PLACE, INSPECTORS, "合格"],
        ],
        "年度备案": [[city, other, 2024, "工作室年度自查", date(2024, 12, 20)]],
    }
    with uow() as u, pytest.raises(RegistryRejected) as refused:
        _import(u, history, scope=scope, actor=actor)
    assert [(c.sheet, c.row, c.column, c.message) for c in refused.value.cells] == [
        ("检查", data_row(1), "B", "该命名不在本人管辖范围内"),
        ("年度备案", data_row(0), "B", "该命名不在本人管辖范围内"),
    ]
    with uow() as u:
        assert (_count(u, Inspection), _count(u, YearlyFiling)) == (0, 0)
    with uow() as u:  # its own title's inspection alone is imported
        report = _import(u, {"检查": history["检查"][:1]}, scope=scope, actor=actor)
    assert report.counts[INSPECTIONS.name].created == 1
