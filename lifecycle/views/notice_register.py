"""整改通知 list: every written 整改通知 issued in the reader's scope, one page at a time, and its
export — the district union's register of the notices it sent [Y12]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from openpyxl import Workbook

from lifecycle.listings.repository import Window
from lifecycle.notices.model import NOTICE_STATUS_LABELS, NoticeStatus
from lifecycle.notices.rules import deadline_note
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.paging import Paged
from lifecycle.workbooks import append_row, print_layout

EXPORT_LIMIT = 20_000  # as the registry's export
HEADER = (
    "文号",
    "工作室",
    "命名编号",
    "主送单位",
    "发文日期",
    "整改期限",
    "期限说明",
    "状态",
    "办结日期",
)
DATE_COLUMNS = ("发文日期", "整改期限", "办结日期")


@dataclass(frozen=True)
class NoticeRow:
    """One notice as the list shows it."""

    id: int
    number: str
    designation_id: int
    designation_number: str | None
    title: str
    addressee: str
    issued_on: date
    deadline: date
    deadline_provisional: bool
    status: NoticeStatus
    closed_on: date | None

    @property
    def status_label(self) -> str:
        return NOTICE_STATUS_LABELS[self.status]

    @property
    def deadline_note(self) -> str:
        """「节假日安排未公布，暂定」 beside an open notice's unconfirmed deadline [Y12]."""
        return deadline_note(self.status == NoticeStatus.OPEN, self.deadline_provisional)


def notice_register_page(
    uow: UnitOfWork,
    *,
    scope: Scope,
    status: NoticeStatus | None,
    under: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Paged[NoticeRow]:
    """One page of the notices in ``scope`` (of ``status`` and of the titles under the union
    ``under``, if given), latest issued first."""
    found = uow.notices.register(scope, Window(limit, offset), status=status, under=under)
    return Paged([NoticeRow(*row) for row in found.items], found.total, limit, offset)


def export_filename(union_name: str, as_of: date) -> str:
    """The export's file name in Chinese."""
    return f"整改通知-{union_name}-{as_of.isoformat()}.xlsx"


def notice_register_workbook(
    uow: UnitOfWork,
    *,
    scope: Scope,
    status: NoticeStatus | None,
    title: str,
    as_of: date,
    under: int | None = None,
) -> bytes:
    """The notices as a printable workbook (title row, dates as date cells), as the page lists
    them; a status chosen is said in the title, a union ``under`` is the title's union."""
    found = notice_register_page(uow, scope=scope, status=status, under=under, limit=EXPORT_LIMIT)
    if status is not None:
        title = f"{title} · {NOTICE_STATUS_LABELS[status]}"
    wb = Workbook()
    ws = wb.active
    ws.title = "整改通知"
    append_row(ws, [title])
    append_row(ws, list(HEADER))
    for r in found.items:
        append_row(
            ws,
            [
                r.number,
                r.title,
                r.designation_number or "",
                r.addressee,
                r.issued_on,
                r.deadline,
                r.deadline_note,
                r.status_label,
                r.closed_on,
            ],
        )
    if found.total > len(found.items):
        append_row(ws, [f"共 {found.total} 条，仅导出前 {len(found.items)} 条"])
    dated = [HEADER.index(name) + 1 for name in DATE_COLUMNS]
    for row in ws.iter_rows(min_row=3, max_row=2 + len(found.items)):
        for column in dated:
            row[column - 1].number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGHI", (20, 40, 16, 24, 12, 12, 20, 10, 12), strict=True):
        ws.column_dimensions[letter].width = width
    print_layout(ws, title, header_row=2, columns=len(HEADER), as_of=as_of)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
