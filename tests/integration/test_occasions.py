"""The occasions calendar end to end: facts loaded in bulk from the database, on both backends.

History rows (inspections, notices, filings, assessments, ledger entries) are inserted directly
through the ORM session: their services are being written concurrently by other engineers, and
these tests are about what the calendar makes of the rows, not about how they are recorded.
"""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.assessments.model import AnnualAssessment, AssessmentOutcome
from lifecycle.designations.flows import OWNER, Flow
from lifecycle.designations.service import Transition, transition
from lifecycle.errors import NotFound
from lifecycle.filings.model import FilingKind, YearlyFiling
from lifecycle.inspections.model import Inspection, InspectionKind, InspectionResult
from lifecycle.ledgers.model import Achievement, AchievementKind, Project
from lifecycle.notices.model import NoticeStatus, RectificationNotice
from lifecycle.occasions.model import OccasionKind as K
from lifecycle.occasions.model import OccasionStatus as St
from lifecycle.occasions.service import (
    iter_occasions_for_union,
    occasions_for_designation,
    occasions_for_union,
)
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import DesignationStatus
from tests import factories as f

NAMED_ON = date(2023, 3, 15)


def _add(u, row):
    u.session.add(row)
    u.session.flush()
    return row


def _inspection(u, d, *, result, on, cycle_no=1):
    staff = {"inspectors": "王干事、李干事", "scheduled_by": "王干事", "recorded_by": "王干事"}
    kind = InspectionKind.CYCLE_END
    return _add(
        u,
        Inspection(designation_id=d.id, kind=kind, cycle_no=cycle_no, scheduled_on=on, **staff,
                   place="工作室", result=result, recorded_on=on),
    )  # fmt: skip


def _ledger(u, d, *, projects=(), achieved_on=None, **achievement):
    for year in projects:
        _add(u, Project(workshop_id=d.workshop_id, entered_by="张师傅", year=year, title="攻关"))
    if achieved_on is not None:
        kind, shop = AchievementKind.UTILITY_PATENT, d.workshop_id
        _add(u, Achievement(workshop_id=shop, entered_by="张师傅", kind=kind, title="一种夹具",
                            achieved_on=achieved_on, **achievement))  # fmt: skip


def _world(u):
    """A Yangpu and a Shanghai title in one unit, a Shanghai title in the other district
    (杨浦区总工会 alone names Yangpu titles [Y7])."""
    tree = f.union_tree(u)
    yangpu = f.named_designation(u, tree, naming_date=NAMED_ON)
    shanghai = f.named_designation(
        u, tree, scheme="shanghai-model-worker", naming_date=date(2024, 4, 28)
    )
    other = f.seen_from_the_other_district(tree)
    elsewhere = f.named_designation(u, other, scheme="shanghai-model-worker", naming_date=NAMED_ON)
    for d in (yangpu, elsewhere):
        _ledger(
            u,
            d,
            projects=(2023, 2024, 2025),
            achieved_on=date(2024, 5, 1),
            economic_benefit_fen=5_000_000,
            applied_in_production=True,
        )
    # Later, but without benefit and not applied: does not count [Y3].
    _ledger(u, yangpu, achieved_on=date(2025, 6, 1))
    return tree, yangpu, shanghai, elsewhere


def _for(u, union, as_of, *, start=None, end=None, kinds=None, designation=None, **kw):
    kw.setdefault("scope", EVERYTHING)
    found = occasions_for_union(u, union.id, start or as_of, end or as_of, as_of, kinds=kinds, **kw)
    return [o for o in found if designation is None or o.designation_id == designation.id]


def test_cycle_inspections_of_a_yangpu_title(uow):
    with uow() as u:
        tree, d, _, _ = _world(u)
        kinds = {K.CYCLE_INSPECTION}
        found = _for(
            u, tree.district, date(2026, 1, 1), end=date(2029, 12, 31), kinds=kinds, designation=d
        )
        assert [(o.due_on, o.title, o.status, o.union_id) for o in found] == [
            (date(2026, 3, 15), "第1个管理周期末实地检查", St.UPCOMING, tree.district.id),
            (date(2029, 3, 15), "第2个管理周期末实地检查", St.UPCOMING, tree.district.id),
        ]
        (late,) = _for(u, tree.district, date(2026, 3, 16), kinds=kinds, designation=d)
        assert (late.key, late.status) == (f"cycle_inspection:{d.id}:1", St.OVERDUE)
        assert late.link == f"/designations/{d.id}#inspections"

        _inspection(u, d, result=InspectionResult.PASS, on=date(2026, 3, 20))
        assert _for(u, tree.district, date(2026, 3, 21), kinds=kinds, designation=d) == []
        (done,) = _for(
            u, tree.district, date(2026, 3, 21), start=date(2026, 3, 1), kinds=kinds, designation=d
        )
        assert done.status is St.DONE


def test_a_shanghai_title_without_a_2026_assessment_is_overdue_on_new_year(uow):
    with uow() as u:
        tree, _, d, _ = _world(u)
        for year, outcome in (
            (2024, AssessmentOutcome.PASSED),
            (2025, AssessmentOutcome.PENDING_UNIT),
        ):
            _add(u, AnnualAssessment(designation_id=d.id, year=year, outcome=outcome))
        window = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}
        kinds = {K.ANNUAL_ASSESSMENT}
        found = _for(u, tree.district, date(2027, 1, 1), **window, kinds=kinds, designation=d)
        assert [(o.title, o.status, o.union_id) for o in found] == [
            ("2025年度考核（待单位工会考核）", St.OVERDUE, tree.unit.id),
            # Nothing recorded for 2026: the unit's own union assesses first [S9].
            ("2026年度考核（待单位工会考核）", St.OVERDUE, tree.unit.id),
        ]
        assert found[1].due_on == date(2026, 12, 31)


def test_yearly_filings_for_the_unit_union(uow):
    with uow() as u:
        tree, d, _, _ = _world(u)
        kind, on = FilingKind.SELF_CHECK, date(2026, 12, 20)
        filing = YearlyFiling(
            designation_id=d.id, year=2026, kind=kind, filed_on=on, filed_by="工会"
        )
        _add(u, filing)
        kinds = {K.SELF_CHECK_FILING, K.UNIT_EVALUATION_FILING}
        found = _for(
            u, tree.unit, date(2027, 1, 1), start=date(2026, 12, 31), kinds=kinds, designation=d
        )
        by_kind = {(o.kind, o.due_on.year): o for o in found}
        assert by_kind[K.SELF_CHECK_FILING, 2026].status is St.DONE
        assert by_kind[K.UNIT_EVALUATION_FILING, 2026].status is St.OVERDUE
        assert by_kind[K.UNIT_EVALUATION_FILING, 2026].title == "2026年度单位工会评估备案"
        # Nothing filed for 2023–2025 either: still owed.
        assert {year for _, year in by_kind} == {2023, 2024, 2025, 2026}
        assert {o.union_id for o in found} == {tree.unit.id}


def _notice_fields(tree, d, inspection):
    return {
        "designation_id": d.id,
        "inspection_id": inspection.id,
        "issuing_union_id": tree.district.id,
        "addressee_union_id": tree.sector.id,
        "year": 2026,
        "seq": 3,
        "number": f"杨工创〔2026〕3号-{d.id}",
        "issued_on": date(2026, 3, 20),
        "deadline": date(2026, 5, 20),
        "deadline_provisional": True,
        "status": NoticeStatus.OPEN,
        "issued_by": "王干事",
    }


def test_an_open_notice_past_its_deadline(uow):
    with uow() as u:
        tree, d, _, _ = _world(u)
        failed = _inspection(u, d, result=InspectionResult.FAIL, on=date(2026, 3, 20))
        notice = _add(u, RectificationNotice(**_notice_fields(tree, d, failed)))
        transition(
            u,
            Transition(d.id, DesignationStatus.RECTIFYING, "检查不合格", date(2026, 3, 20)),
            flow=Flow.RECTIFICATION,
            actor=f.OFFICER,
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        kinds = {K.CYCLE_INSPECTION, K.RECTIFICATION_DEADLINE, K.REVOCATION_PENDING}
        before = _for(
            u, tree.district, date(2026, 5, 1), end=date(2026, 5, 31), kinds=kinds, designation=d
        )
        assert [(o.kind, o.status, o.provisional) for o in before] == [
            (K.RECTIFICATION_DEADLINE, St.DUE, True)  # the failed inspection itself is done
        ]
        after = _for(u, tree.district, date(2026, 5, 21), kinds=kinds, designation=d)
        assert [(o.key, o.due_on, o.status, o.union_id) for o in after] == [
            (f"rectification_deadline:{notice.id}", date(2026, 5, 20), St.OVERDUE, tree.sector.id),
            (f"revocation_pending:{notice.id}", date(2026, 5, 21), St.DUE, tree.district.id),
        ]

        notice.status = NoticeStatus.RECTIFIED
        notice.closed_on = date(2026, 5, 10)
        u.flush()
        assert _for(u, tree.district, date(2026, 5, 21), kinds=kinds, designation=d) == []
        page = occasions_for_designation(u, d.id, date(2026, 5, 21), scope=EVERYTHING)
        closed = [o for o in page if o.kind is K.RECTIFICATION_DEADLINE]
        assert [o.status for o in closed] == [St.DONE]


def test_drift_warnings(uow):
    with uow() as u:
        tree, d, _, _ = _world(u)
        kinds = {K.DRIFT_NO_PROJECT, K.DRIFT_NO_ACHIEVEMENT}
        assert _for(u, tree.district, date(2026, 5, 1), kinds=kinds, designation=d) == []
        (achievement,) = _for(u, tree.district, date(2026, 5, 2), kinds=kinds, designation=d)
        got = (achievement.kind, achievement.due_on, achievement.status, achievement.union_id)
        assert got == (K.DRIFT_NO_ACHIEVEMENT, date(2026, 5, 2), St.DUE, tree.unit.id)
        assert achievement.title == "近两年无创新成果"

        found = _for(u, tree.district, date(2026, 10, 1), kinds=kinds, designation=d)
        assert [(o.kind, o.due_on) for o in found] == [
            (K.DRIFT_NO_ACHIEVEMENT, date(2026, 5, 2)),
            (K.DRIFT_NO_PROJECT, date(2026, 10, 1)),
        ]
        assert found[1].title == "2026年度尚未登记攻关项目"
        assert found[1].union_id == tree.unit.id

        _ledger(u, d, projects=(2026,))
        found = _for(u, tree.district, date(2026, 10, 1), kinds=kinds, designation=d)
        assert [o.kind for o in found] == [K.DRIFT_NO_ACHIEVEMENT]


def test_subtree_filtering_scope_and_order(uow):
    with uow() as u:
        tree, yangpu, shanghai, elsewhere = _world(u)
        window = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}
        as_of = date(2027, 1, 1)
        district = _for(u, tree.district, as_of, **window)
        assert {o.designation_id for o in district} == {yangpu.id, shanghai.id}
        city = _for(u, tree.city, as_of, **window)
        assert {o.designation_id for o in city} == {yangpu.id, shanghai.id, elsewhere.id}
        other = _for(u, tree.other_district, as_of, **window)
        assert {o.designation_id for o in other} == {elsewhere.id}

        assert city == sorted(city, key=lambda o: o.sort_key)
        order = [(o.due_on, list(K).index(o.kind), o.designation_id) for o in city]
        assert order == sorted(order)

        same = list(
            iter_occasions_for_union(
                u, tree.city.id, as_of=as_of, batch_size=1, scope=EVERYTHING, **window
            )
        )
        assert sorted(same, key=lambda o: o.sort_key) == city

        with pytest.raises(NotFound):
            occasions_for_union(
                u,
                tree.other_district.id,
                **window,
                as_of=as_of,
                scope=Scope.subtree(tree.district.path),
            )
        with pytest.raises(NotFound):
            occasions_for_union(u, 10**9, **window, as_of=as_of, scope=EVERYTHING)


def test_acting_union_per_kind(uow):
    with uow() as u:
        tree, yangpu, shanghai, _ = _world(u)
        found = _for(u, tree.district, date(2027, 1, 1), start=date(2026, 1, 1))
        acting = {(o.designation_id, o.kind): o.union_id for o in found}
        assert acting == {
            (yangpu.id, K.CYCLE_INSPECTION): tree.district.id,
            (yangpu.id, K.SELF_CHECK_FILING): tree.unit.id,
            (yangpu.id, K.UNIT_EVALUATION_FILING): tree.unit.id,
            (yangpu.id, K.DRIFT_NO_ACHIEVEMENT): tree.unit.id,
            (shanghai.id, K.ANNUAL_ASSESSMENT): tree.unit.id,
        }
        # The 2026 no-project warning lapsed with its year; on 31 December it still stands.
        found = _for(u, tree.district, date(2026, 12, 31), start=date(2026, 1, 1))
        acting = {(o.designation_id, o.kind): o.union_id for o in found}
        assert acting[(yangpu.id, K.DRIFT_NO_PROJECT)] == tree.unit.id


def test_ended_titles_owe_nothing_and_the_page_shows_done_ones(uow):
    with uow() as u:
        tree, yangpu, _, _ = _world(u)
        _inspection(u, yangpu, result=InspectionResult.PASS, on=date(2026, 3, 10))
        page = occasions_for_designation(u, yangpu.id, date(2026, 11, 21), scope=EVERYTHING)
        cycles = [(o.title, o.status) for o in page if o.kind is K.CYCLE_INSPECTION]
        assert cycles == [
            ("第1个管理周期末实地检查", St.DONE),
            ("第2个管理周期末实地检查", St.UPCOMING),
        ]
        assert page == sorted(page, key=lambda o: o.sort_key)

        for status, on in (
            (DesignationStatus.RECTIFYING, date(2026, 4, 1)),
            (DesignationStatus.REVOKED, date(2026, 6, 1)),
        ):
            transition(
                u,
                Transition(yangpu.id, status, "逾期未整改，撤牌", on),
                flow=OWNER[(yangpu.status, status)],
                actor=f.OFFICER,
                as_of=f.AS_OF,
                scope=f.SYSTEM_SCOPE,
            )
        assert _for(u, tree.district, date(2027, 1, 1), designation=yangpu) == []
        assert occasions_for_designation(u, yangpu.id, date(2026, 11, 21), scope=EVERYTHING) == []
        with pytest.raises(NotFound):
            occasions_for_designation(
                u, yangpu.id, date(2026, 11, 21), scope=Scope.subtree(tree.other_district.path)
            )
