"""Cycle-end inspections, numbered 整改通知, re-inspection and confirmed 撤牌 [Y12]."""

from __future__ import annotations

import hashlib
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.designations.authority import NotAuthorised
from lifecycle.errors import NotFound, ValidationFailed
from lifecycle.files.model import StoredFile
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.inspections.model import CriterionOutcome, Evidence, InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    attach_evidence,
    record_outcome,
    schedule_inspection,
)
from lifecycle.listings.repository import Window
from lifecycle.notices.model import NoticeStatus, RectificationNotice
from lifecycle.notices.service import ConfirmRevocation, confirm_revocation, revocations_pending
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus as S
from tests import factories as f

CRITERIA = ("leader", "team", "projects", "achievements", "venue")
PDF = b"%PDF-1.4\n% evidence\n"


def _outcomes(*failing: str) -> tuple[CriterionInput, ...]:
    return tuple(
        CriterionInput(code, code not in failing, f"{code} 不符合要求" if code in failing else "")
        for code in CRITERIA
    )


def _inspect(u, d, on, *failing, kind=InspectionKind.CYCLE_END, as_of=None):
    """Schedule and record an inspection held on ``on``, entered that day unless ``as_of``."""
    as_of = as_of or on
    inspection = schedule_inspection(
        u,
        ScheduleInspection(d.id, kind, on, "工作室现场", "王干事、李干事"),
        actor=f.district_officer(u, d),
        as_of=as_of,
        scope=EVERYTHING,
    )
    return record_outcome(
        u,
        RecordOutcome(inspection.id, on, _outcomes(*failing)),
        actor=f.district_officer(u, d),
        as_of=as_of,
        scope=EVERYTHING,
    )


def _notice(u, d) -> RectificationNotice:
    notices = u.notices.for_designation(d.id)
    assert notices
    return notices[-1]


def test_failed_inspections_get_numbers_one_and_two_of_the_year(uow):
    with uow() as u:
        tree = f.union_tree(u)
        first = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        second = f.named_designation(u, tree, naming_date=date(2023, 4, 20))
        _inspect(u, first, date(2026, 4, 1), "team", "venue")
        _inspect(u, second, date(2026, 4, 2), "projects")
        n1, n2 = _notice(u, first), _notice(u, second)
        assert (n1.year, n1.seq, n1.number) == (2026, 1, "杨工创〔2026〕1号")
        assert n2.number == "杨工创〔2026〕2号"
        assert n1.addressee_union_id == tree.sector.id
        assert n1.issuing_union_id == tree.district.id
        assert first.status == S.RECTIFYING
        assert u.designations.history(first.id)[-1].document_ref == "杨工创〔2026〕1号"
        # 30 working days on the official calendar from 2026-04-01 (清明 4-4..4-6, 劳动节 5-1..5-5
        # with make-up day 5-9): 2026-05-18.
        assert n1.deadline == date(2026, 5, 18)
        assert not n1.deadline_provisional


def test_a_passed_cycle_inspection_issues_nothing(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        inspection = _inspect(u, d, date(2026, 3, 10))
        assert inspection.cycle_no == 1
        assert d.status == S.NAMED
        assert u.notices.for_designation(d.id) == []


def test_re_inspection_before_deadline_restores_the_title(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        _inspect(u, d, date(2026, 4, 1), "team")
        notice = _notice(u, d)
        _inspect(u, d, date(2026, 5, 10), kind=InspectionKind.RE_INSPECTION)
        assert notice.status == NoticeStatus.RECTIFIED
        assert d.status == S.NAMED
        history = u.designations.history(d.id)
        assert [h.to_status for h in history[-2:]] == [S.RECTIFYING, S.NAMED]


def test_missed_deadline_is_pending_then_confirmed_revocation(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        _inspect(u, d, date(2026, 4, 1), "team")
        notice = _notice(u, d)
        assert revocations_pending(u, notice.deadline, EVERYTHING, Window()).items == []
        day_after = date(2026, 5, 19)
        pending = revocations_pending(u, day_after, EVERYTHING, Window())
        assert ([n.id for n in pending.items], pending.total) == ([notice.id], 1)
        assert d.status == S.RECTIFYING  # never revoked silently
        with pytest.raises(ValidationFailed) as err:
            confirm_revocation(
                u,
                ConfirmRevocation(notice.id, notice.deadline, "杨工〔2026〕20号"),
                actor=f.acting(tree.district),
                as_of=f.AS_OF,
                scope=f.SYSTEM_SCOPE,
            )
        assert err.value.field == "decided_on"
        confirm_revocation(
            u,
            ConfirmRevocation(notice.id, day_after, "杨工〔2026〕20号"),
            actor=f.acting(tree.district),
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        assert d.status == S.REVOKED
        assert notice.status == NoticeStatus.REVOKED
        last = u.designations.history(d.id)[-1]
        assert (last.from_status, last.to_status, last.document_ref) == (
            S.RECTIFYING,
            S.REVOKED,
            "杨工〔2026〕20号",
        )
        assert revocations_pending(u, day_after, EVERYTHING, Window()).total == 0


def test_re_inspection_after_the_deadline_is_refused(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        _inspect(u, d, date(2026, 4, 1), "team")
        with pytest.raises(ValidationFailed) as err:
            _inspect(u, d, date(2026, 6, 1), kind=InspectionKind.RE_INSPECTION)
        assert err.value.field == "scheduled_on"


def test_rectifying_title_is_neither_revoked_early_nor_restored_without_a_passed_re_inspection(
    uow,
):
    """整改中: only a passed re-inspection restores it, only the district's 撤牌 after the deadline
    revokes it [Y12]; a failed re-inspection, an early 撤牌 or another union changes nothing."""
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        _inspect(u, d, date(2026, 4, 1), "team")
        notice = _notice(u, d)
        _inspect(u, d, date(2026, 5, 6), "team", kind=InspectionKind.RE_INSPECTION)
        assert (d.status, notice.status) == (S.RECTIFYING, NoticeStatus.OPEN)
        history = len(u.designations.history(d.id))
        early = ConfirmRevocation(notice.id, notice.deadline, "杨工〔2026〕21号")
        with pytest.raises(ValidationFailed) as err:
            confirm_revocation(
                u, early, actor=f.acting(tree.district), as_of=f.AS_OF, scope=f.SYSTEM_SCOPE
            )
        assert err.value.code == "deadline_not_passed"
        late = ConfirmRevocation(notice.id, date(2026, 6, 1), "杨工〔2026〕21号")
        for union in (tree.sector, tree.unit, tree.city):
            with pytest.raises(NotAuthorised) as refused:
                confirm_revocation(
                    u, late, actor=f.acting(union), as_of=f.AS_OF, scope=f.SYSTEM_SCOPE
                )
            assert "第十二条" in refused.value.message
        with pytest.raises(NotFound):
            confirm_revocation(
                u,
                late,
                actor=f.acting(tree.other_district),
                as_of=f.AS_OF,
                scope=Scope.subtree(tree.other_district.path),
            )
        assert (d.status, notice.status) == (S.RECTIFYING, NoticeStatus.OPEN)
        assert len(u.designations.history(d.id)) == history
        confirm_revocation(
            u, late, actor=f.acting(tree.district), as_of=f.AS_OF, scope=f.SYSTEM_SCOPE
        )
        assert d.status == S.REVOKED


def _count(u, model) -> int:
    return u.session.scalar(select(func.count()).select_from(model))


def test_outcome_for_an_inspection_not_yet_scheduled_or_held(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        with pytest.raises(NotFound):
            record_outcome(
                u,
                RecordOutcome(987_654, date(2026, 3, 1), _outcomes()),
                actor=f.acting(tree.district),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        inspection = schedule_inspection(
            u,
            ScheduleInspection(d.id, InspectionKind.CYCLE_END, date(2026, 12, 1), "现场", "王干事"),
            actor=f.acting(tree.district),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        with pytest.raises(ValidationFailed) as err:
            record_outcome(
                u,
                RecordOutcome(inspection.id, date(2026, 11, 20), _outcomes()),
                actor=f.acting(tree.district),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert err.value.field == "recorded_on"
        assert _count(u, CriterionOutcome) == 0
        assert inspection.result is None


def test_criterion_not_in_scheme_and_missing_criteria_are_refused(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        inspection = schedule_inspection(
            u,
            ScheduleInspection(d.id, InspectionKind.CYCLE_END, date(2026, 3, 1), "现场", "王干事"),
            actor=f.acting(tree.district),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        bad = (*_outcomes()[:4], CriterionInput("canteen", True))
        with pytest.raises(ValidationFailed) as err:
            record_outcome(
                u,
                RecordOutcome(inspection.id, date(2026, 3, 1), bad),
                actor=f.acting(tree.district),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        fields = {p.field for p in err.value.problems}
        assert fields == {"outcomes.4.criterion_code", "outcomes"}
        assert _count(u, CriterionOutcome) == 0
        assert _count(u, RectificationNotice) == 0
        assert d.status == S.NAMED


def test_evidence_limits_refuse_and_write_nothing(uow, tmp_path):
    storage = FileStorage(tmp_path / "files", max_bytes=1024)
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        inspection = schedule_inspection(
            u,
            ScheduleInspection(d.id, InspectionKind.CYCLE_END, date(2026, 3, 1), "现场", "王干事"),
            actor=f.acting(tree.district),
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        cases = [
            ("team", Upload("big.pdf", b"%PDF-" + b"x" * 2000), "file_too_large"),
            ("team", Upload("run.exe", b"MZ\x90\x00"), "file_type_refused"),
            ("team", Upload("fake.pdf", b"MZ\x90\x00"), "file_content_mismatch"),
            ("canteen", Upload("ok.pdf", PDF), "unknown_criterion"),
        ]
        for criterion, upload, code in cases:
            with pytest.raises(ValidationFailed) as err:
                attach_evidence(
                    u,
                    storage,
                    inspection.id,
                    criterion,
                    upload,
                    actor=f.acting(tree.district),
                    scope=EVERYTHING,
                )
            assert err.value.code == code
        assert _count(u, Evidence) == 0
        assert _count(u, StoredFile) == 0
        assert not (tmp_path / "files").exists()
        ok = attach_evidence(
            u,
            storage,
            inspection.id,
            "team",
            Upload("现场照片.pdf", PDF),
            actor=f.acting(tree.district),
            scope=EVERYTHING,
        )
        assert ok.file.sha256 == hashlib.sha256(PDF).hexdigest()
        assert not (tmp_path / "files").exists()  # the bytes wait for the commit
        u.commit()
        assert storage.read(ok.file) == PDF


def test_concurrent_notices_never_share_a_number(fresh_database_url):
    engine = make_engine(fresh_database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory) as u:
            tree = f.union_tree(u)
            ids = []
            for month in (3, 4, 5, 6):
                d = f.named_designation(u, tree, naming_date=date(2023, month, 15))
                inspection = schedule_inspection(
                    u,
                    ScheduleInspection(
                        d.id, InspectionKind.CYCLE_END, date(2026, 4, 1), "现场", "王"
                    ),
                    actor=f.acting(tree.district),
                    as_of=f.AS_OF,
                    scope=EVERYTHING,
                )
                ids.append(inspection.id)
            u.commit()
        barrier = threading.Barrier(len(ids))
        outcomes: list[str] = []

        def officer(inspection_id: int) -> None:
            barrier.wait(timeout=30)
            with UnitOfWork(factory) as u:
                record_outcome(
                    u,
                    RecordOutcome(inspection_id, date(2026, 4, 1), _outcomes("team")),
                    actor=f.acting(tree.district),
                    as_of=f.AS_OF,
                    scope=EVERYTHING,
                )
                u.commit()
                outcomes.append("ok")

        threads = [threading.Thread(target=officer, args=(i,)) for i in ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert outcomes == ["ok"] * len(ids)
        with UnitOfWork(factory) as u:
            numbers = sorted(n.seq for n in u.session.scalars(select(RectificationNotice)))
        assert numbers == [1, 2, 3, 4]
    finally:
        engine.dispose()


def test_the_notice_pdf_carries_number_addressee_failures_and_deadline(uow):
    import io

    from pypdf import PdfReader

    from lifecycle.notices.assemble import notice_document
    from lifecycle.notices.html import render_notice_html
    from lifecycle.notices.pdf import render_notice_pdf

    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        _inspect(u, d, date(2026, 4, 1), "team", "venue")
        doc = notice_document(u, _notice(u, d).id, scope=EVERYTHING)
    pdf = render_notice_pdf(doc)
    text = "".join(
        "".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    for expected in (
        "杨工创〔2026〕1号",
        "五角场街道总工会",
        "有创新团队",
        "team不符合要求",
        "有场所和制度",
        "venue不符合要求",
        "2026年5月18日",
    ):
        assert expected in text, expected
    assert "有攻关项目及工作计划" not in text
    html = render_notice_html(doc)
    assert "杨工创〔2026〕1号" in html
    assert "2026年5月18日" in html
