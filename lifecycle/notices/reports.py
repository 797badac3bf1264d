"""整改情况书面报告: the union a 整改通知 is addressed to reports its 整改 in writing to the
issuing district union before the deadline, as the notice asks; the files go through the one
upload store, and the issuing union's contacts are told by mail that it arrived [Y12]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date, to_shanghai
from lifecycle.designations.authority import NotAuthorised
from lifecycle.errors import DomainError, NotFound, Problems
from lifecycle.files.storage import FileStorage, Upload, attached_file_problems, store_upload
from lifecycle.notices.mail import mail_about
from lifecycle.notices.model import (
    NOTICE_STATUS_LABELS,
    NoticeStatus,
    RectificationNotice,
    RectificationReport,
)
from lifecycle.notices.rules import report_date_refusal
from lifecycle.occasions import index
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after


@dataclass(frozen=True)
class ReportRectification:
    """One written report: the day it was sent (None: not typed) and an optional note."""

    notice_id: int
    reported_on: date | None
    description: str = ""


class NoticeClosed(DomainError):
    code = "notice_closed"
    http_status = 409


def notice_in_scope(uow: UnitOfWork, notice_id: int, scope: Scope) -> RectificationNotice:
    """The notice, only inside ``scope`` (else not found, as if absent)."""
    notice = uow.notices.get(notice_id, scope)
    if notice is None:
        raise NotFound("整改通知不存在或不在可见范围内", field="notice_id")
    return notice


def reporter_refusal(
    uow: UnitOfWork, notice: RectificationNotice, actor: Actor
) -> DomainError | None:
    """Why ``actor`` may not send a report on the notice now (None: they may): the notice is
    still open, and the report is the addressed union's 「书面整改通知…限期整改」 [Y12]."""
    if notice.status != NoticeStatus.OPEN:
        return NoticeClosed(
            f"该整改通知已办结（{NOTICE_STATUS_LABELS[notice.status]}），不再报送整改情况报告",
            field="notice_id",
        )
    if actor.union_id == notice.addressee_union_id:
        return None
    addressee = uow.unions.get(notice.addressee_union_id, EVERYTHING)
    name = addressee.name if addressee is not None else "主送单位"
    return NotAuthorised(
        f"整改情况报告由整改通知的主送单位{name}报送（[Y12]），当前工会无权报送",
        field="actor",
    )


def report_problems(
    notice: RectificationNotice,
    cmd: ReportRectification,
    upload: Upload | None,
    storage: FileStorage,
    as_of: date,
) -> Problems:
    """Every bad field of a report at once: the day (typed, not after ``as_of``, within the
    notice's period), the note and the file (type, size, content)."""
    problems = attached_file_problems(cmd.description, upload, storage)
    if cmd.reported_on is None:
        problems.add("reported_on", "required", "请填写报送日期")
    else:
        not_after(problems, "reported_on", cmd.reported_on, as_of, "报送日期")
        refused = report_date_refusal(notice.issued_on, notice.deadline, cmd.reported_on)
        if refused is not None:
            problems.add("reported_on", *refused)
    return problems


def report_rectification(
    uow: UnitOfWork,
    storage: FileStorage,
    cmd: ReportRectification,
    upload: Upload | None,
    *,
    actor: Actor,
    scope: Scope,
    now: datetime,
) -> RectificationReport:
    """Keep the addressed union's written report of an open notice and tell the issuing union's
    contacts [Y12]; refused whole (no row, no file kept, no mail) for another union, a closed
    notice, a bad day, note or file."""
    as_of = to_shanghai(now).date()
    notice = notice_in_scope(uow, cmd.notice_id, scope)
    refused = reporter_refusal(uow, notice, actor)
    if refused is not None:
        raise refused
    report_problems(notice, cmd, upload, storage, as_of).raise_if_any()
    assert upload is not None
    assert cmd.reported_on is not None
    stored = store_upload(uow, storage, upload, actor=actor, field="file")
    report = uow.notices.add_report(
        RectificationReport(
            notice_id=notice.id,
            reported_on=cmd.reported_on,
            union_id=notice.addressee_union_id,
            file_id=stored.id,
            description=cmd.description.strip() or None,
            uploaded_by=actor.name,
            actor_user_id=actor.user_id,
        )
    )
    # The 整改期限 is the addressee's no more: the issuing union's 整改复查 is what remains [Y12].
    index.touched(uow.session).designations.add(notice.designation_id)
    _tell_issuer(uow, notice, report, now)
    return report


def _tell_issuer(
    uow: UnitOfWork, notice: RectificationNotice, report: RectificationReport, now: datetime
) -> None:
    """The issuing union's contacts are told the report has arrived: its 办理要求 is the
    re-inspection the report asks for [Y12]."""
    addressee = uow.unions.get(notice.addressee_union_id, EVERYTHING)
    name = addressee.name if addressee is not None else "主送单位"
    line = {
        "kind_label": "整改情况报告",
        "title": f"{name}已报送整改情况报告（{notice.number}）",
        "due_on": notice.deadline.isoformat(),
        "step_label": f"{chinese_date(report.reported_on)}报送",
        "link": f"/notices/{notice.id}#reports",
    }
    mail_about(
        uow, notice, notice.issuing_union_id, line, key=f"notice-report:{report.id}", now=now
    )
