"""The registry list (命名记录): search and filters in SQL, one page at a time, and its export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from openpyxl import Workbook

from lifecycle.clock import chinese_date
from lifecycle.listings.repository import RegistryFilter, Window
from lifecycle.schemes import all_schemes
from lifecycle.schemes.words import designation_status_label, leader_words, revoked_words
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.paging import Paged
from lifecycle.vocab import DesignationStatus, status_labels_in
from lifecycle.workbooks import append_row, print_layout

# An export holds at most this many rows (a district's whole registry; the page says so beyond).
EXPORT_LIMIT = 20_000
# 终止日期: the day a lost or exited title ended (摘牌 [S9], 撤牌 [Y12], 退出), empty while it runs
HEADER = ("编号", "称号", "类别", "状态", "命名日期", "所在单位工会", "带头人", "终止日期")
LEADER_COLUMN = HEADER.index("带头人")


@dataclass(frozen=True)
class RegistryRow:
    """One designation as the registry list shows it."""

    id: int
    number: str | None
    title: str
    scheme_code: str
    status: DesignationStatus
    naming_date: date | None
    unit_name: str
    leader_name: str | None
    ended_on: date | None


RegistryPage = Paged[RegistryRow]  # one page of the list and how many rows it holds


def named_in(year: int | None) -> tuple[date | None, date | None]:
    """The naming-date bounds of a naming year (None: no bounds)."""
    if year is None:
        return None, None
    return date(year, 1, 1), date(year, 12, 31)


def registry_page(
    uow: UnitOfWork, flt: RegistryFilter, *, scope: Scope, limit: int = 50, offset: int = 0
) -> RegistryPage:
    """One page of the designations in ``scope`` matching ``flt``, in registration order."""
    found = uow.listings.registry_rows(scope, flt, Window(limit, offset))
    return RegistryPage([RegistryRow(*row) for row in found.items], found.total, limit, offset)


def export_filename(union_name: str, as_of: date) -> str:
    """The export's file name in Chinese, as the page and the API both give it."""
    return f"命名记录-{union_name}-{as_of.isoformat()}.xlsx"


def filter_words(flt: RegistryFilter, codes: list[str]) -> list[str]:
    """The filters an export was made with, as its title says them (the union is the title's);
    a lost title in the words of the schemes listed (``codes``), as the leader's column."""
    schemes = {s.settings.code: s.settings.name for s in all_schemes()}
    words = [schemes.get(flt.scheme, flt.scheme)] if flt.scheme else []
    if flt.status is not None:  # 已撤牌 [Y12] / 已摘牌 [S9] in the scheme's word, both if none
        listed = [flt.scheme] if flt.scheme in schemes else codes
        labels = status_labels_in(revoked_words(listed or None))
        words.append(labels[flt.status])
    first, last = flt.named_from, flt.named_to
    if first and last and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        words.append(
            f"{first.year}年命名" if first.year == last.year else f"{first.year}—{last.year}年命名"
        )
    elif first or last:
        since = f"{chinese_date(first)}起" if first else ""
        until = f"至{chinese_date(last)}" if last else ""
        words.append(f"命名日期{since}{until}")
    if flt.text:
        words.append(f"含「{flt.text}」")
    return words


def registry_workbook(
    uow: UnitOfWork, flt: RegistryFilter, *, scope: Scope, title: str, as_of: date
) -> tuple[bytes, int]:
    """The filtered registry as a printable workbook; returns its bytes and the rows' total."""
    found = registry_page(uow, flt, scope=scope, limit=EXPORT_LIMIT)
    schemes = {s.settings.code: s.settings.name for s in all_schemes()}
    wb = Workbook()
    ws = wb.active
    ws.title = "命名记录"
    append_row(ws, [title])
    # the leader's column in the words of the titles listed (带头人 [Y3][L], 领衔人 [S3][C])
    codes = sorted({r.scheme_code for r in found.items}, key=list(schemes).index)
    # A filtered export says so in its title: a sheet of 上海市劳模创新工作室 alone, or only the
    # 已摘牌 ones, is not read as the whole registry once printed.
    title = " · ".join([title, *filter_words(flt, codes)])
    append_row(ws, [*HEADER[:LEADER_COLUMN], leader_words(codes), *HEADER[LEADER_COLUMN + 1 :]])
    for r in found.items:
        append_row(
            ws,
            [
                r.number or "",
                r.title,
                schemes.get(r.scheme_code, r.scheme_code),
                designation_status_label(r.status, r.scheme_code),  # 撤牌 [Y12], 摘牌 [S9]
                r.naming_date,  # a date cell, sorted and filtered as a date
                r.unit_name,
                r.leader_name or "",
                r.ended_on,  # a printed 已摘牌 list says when each title ended
            ],
        )
    if found.total > len(found.items):
        append_row(ws, [f"共 {found.total} 条，仅导出前 {len(found.items)} 条，请缩小筛选范围"])
    for row in ws.iter_rows(min_row=3, min_col=5, max_col=len(HEADER)):
        for cell in (row[0], row[-1]):  # 命名日期, 终止日期
            cell.number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGH", (16, 40, 20, 10, 12, 30, 10, 12), strict=True):
        ws.column_dimensions[letter].width = width
    print_layout(ws, title, header_row=2, columns=len(HEADER), as_of=as_of)
    out = BytesIO()
    wb.save(out)
    return out.getvalue(), found.total
