"""When a 整改通知 may end in 撤牌: one pure rule for use case, pages and occasions [Y12]."""

from __future__ import annotations

from datetime import date, timedelta

from lifecycle.clock import chinese_date

PROVISIONAL_NOTE = "节假日安排未公布，暂定"  # beside a deadline still provisional, every surface


def deadline_still_provisional(is_open: bool, provisional: bool) -> bool:
    """Whether a notice's 整改期限 is said to be provisional: only while the notice is open and
    its deadline rests on a year whose holiday arrangement is not yet published (confirmed when
    it is, ``deadlines.confirm_deadlines``); a closed notice's deadline no longer runs and is
    never counted again, so it is said without 暂定 [Y12]."""
    return is_open and provisional


def deadline_note(is_open: bool, provisional: bool) -> str:
    """The words beside a notice's 整改期限 on its page, the list and its export, the title's and
    the inspection's pages: 「节假日安排未公布，暂定」 or none [Y12]."""
    return PROVISIONAL_NOTE if deadline_still_provisional(is_open, provisional) else ""


def revocable_from(deadline: date) -> date:
    """The first day 撤牌 may be decided: the day after the 整改 deadline 「逾期」 [Y12]."""
    return deadline + timedelta(days=1)


def last_revocable_deadline(on: date) -> date:
    """The latest deadline whose notice may be revoked on ``on`` (``revocable_from`` turned
    round, for the listing that selects such notices in SQL) [Y12]."""
    return on - timedelta(days=1)


def revocation_refusal(is_open: bool, deadline: date, on: date) -> tuple[str, str, str] | None:
    """Why 撤牌 of a notice may not be decided on ``on`` (field, code, message), or None: the
    notice is still open and its deadline has passed (「逾期…将做撤牌处理」) [Y12]."""
    if not is_open:
        return ("notice_id", "notice_closed", "该整改通知已办结，无需确认撤牌")
    if on < revocable_from(deadline):
        return (
            "decided_on",
            "deadline_not_passed",
            f"整改期限（{chinese_date(deadline)}）尚未届满，不能撤牌："
            f"期限内应安排整改复查，{chinese_date(revocable_from(deadline))}起方可确认撤牌"
            "（[Y12]）",
        )
    return None


def re_inspection_date_refusal(issued_on: date, deadline: date, on: date) -> tuple[str, str] | None:
    """Why a 整改复查 of a notice issued on ``issued_on`` may not be held on ``on`` (code,
    message), or None: it checks the 整改 the notice asked for, so not before the notice was
    issued, and within its deadline 「限期整改」 [Y12]."""
    if on < issued_on:
        return (
            "before_notice",
            f"复查日期不能早于整改通知的发文日期（{chinese_date(issued_on)}）",
        )
    if on > deadline:
        return ("after_deadline", f"复查日期不能晚于整改期限（{chinese_date(deadline)}）")
    return None


def report_date_refusal(issued_on: date, deadline: date, on: date) -> tuple[str, str] | None:
    """Why the addressed union's written 整改 report may not be dated ``on`` (code, message), or
    None: it reports the 整改 the notice asked for, so not before the notice was issued, and the
    notice asks for it 「于整改期限届满前报送」 [Y12]."""
    if on < issued_on:
        return (
            "before_notice",
            f"报送日期不能早于整改通知的发文日期（{chinese_date(issued_on)}）",
        )
    if on > deadline:
        return (
            "after_deadline",
            f"整改情况报告应于整改期限（{chinese_date(deadline)}）届满前报送，报送日期不能晚于该日",
        )
    return None
