"""The printable 整改通知: pure data and its Chinese body text, no database and no clock [Y12]."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lifecycle.clock import chinese_date
from lifecycle.errors import ValidationFailed

REGULATION = "《杨浦区劳模（先进）、技师创新工作室管理办法》"
_DIGITS = "〇一二三四五六七八九"
_END_PUNCTUATION = "。！？；…"
# Full-width marks that may not start a line (they hang at the end of the previous one).
NO_LINE_START = "，。、；：！？）》〉」』】〕”’…·"
_NO_LINE_END = "（《〈「『【〔“‘"


@dataclass(frozen=True)
class FailedCriterion:
    """One of the 五个有 the inspection found unmet, with the inspector's notes."""

    label: str
    notes: str


@dataclass(frozen=True)
class NoticeDocument:
    """Everything printed on one 整改通知, laid out after GB/T 9704-2012."""

    issuer_name: str
    number: str
    title: str
    addressee: str
    workshop_title: str
    designation_number: str
    inspection_date: date
    failed_criteria: tuple[FailedCriterion, ...]
    deadline: date
    deadline_provisional: bool
    deadline_working_days: int | None
    issued_on: date
    cc: tuple[str, ...]
    printer: str
    printed_on: date

    def __post_init__(self) -> None:
        """Refuse a notice that lists nothing to rectify or a non-positive day count."""
        if not self.failed_criteria:
            raise ValidationFailed(
                "整改通知须列明至少一项不符合标准的情形", field="failed_criteria"
            )
        if self.deadline_working_days is not None and self.deadline_working_days <= 0:
            raise ValidationFailed("整改期限工作日数须为正数", field="deadline_working_days")


def chinese_numeral(n: int) -> str:
    """A positive integer below 100 in Chinese numerals: 1 → 一, 12 → 十二, 30 → 三十."""
    if not 0 < n < 100:
        raise ValueError(f"out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def _sentence(text: str) -> str:
    """Stripped text ending in full-width punctuation."""
    text = text.strip()
    return text if text.endswith(tuple(_END_PUNCTUATION)) else f"{text}。"


def criterion_line(index: int, criterion: FailedCriterion) -> str:
    """One numbered failed criterion: 一、有创新团队：……。"""
    notes = criterion.notes.strip() or "未达到标准要求"
    return f"{chinese_numeral(index)}、{criterion.label}：{_sentence(notes)}"


def title_lines(title: str, width: Callable[[str], float], max_width: float) -> list[str]:
    """Break a two-line title where the meaning allows (after 工作室), else where it balances."""
    if width(title) <= max_width or width(title) > 2 * max_width:
        return [title]
    fits = [
        i
        for i in range(1, len(title))
        if max(width(title[:i]), width(title[i:])) <= max_width
        and title[i] not in NO_LINE_START
        and title[i - 1] not in _NO_LINE_END
    ]
    if not fits:
        return [title]
    meaningful = [i for i in fits if title[:i].endswith("工作室")]
    best = min(meaningful or fits, key=lambda i: abs(width(title[:i]) - width(title[i:])))
    return [title[:best], title[best:]]


def provisional_sentence(doc: NoticeDocument) -> str:
    """Why the deadline is only 暂定: that year's official holiday calendar is not out yet."""
    year = doc.deadline.year
    return (
        f"鉴于国务院尚未公布{year}年部分节假日安排，上述整改期限为暂定，"
        f"待国务院公布{year}年节假日安排后予以确认，届时另行通知。"
    )


def body_paragraphs(doc: NoticeDocument) -> list[str]:
    """The notice body, one string per paragraph, in the order they are printed."""
    opening = (
        f"根据{REGULATION}第十二条规定，{doc.issuer_name}于{chinese_date(doc.inspection_date)}"
        f"对{doc.workshop_title}（命名编号：{doc.designation_number}）进行了实地走访检查。"
        "经检查，该工作室存在以下不符合“五个有”标准的情形："
    )
    lines = [criterion_line(i, c) for i, c in enumerate(doc.failed_criteria, start=1)]
    span = (
        f"（{doc.deadline_working_days}个工作日内）"
        if doc.deadline_working_days is not None
        else ""
    )
    deadline = (
        f"请你单位督促该工作室对照上述问题认真整改，于{chinese_date(doc.deadline)}前{span}"
        "完成整改。逾期仍不能有效整改的，将按照上述办法第十二条规定做撤牌处理，"
        "不再保留其工作室称号。"
    )
    if doc.deadline_provisional:
        deadline += provisional_sentence(doc)
    report = f"整改完成后，请将整改情况形成书面报告，于整改期限届满前报送{doc.issuer_name}。"
    return [opening, *lines, deadline, report]
