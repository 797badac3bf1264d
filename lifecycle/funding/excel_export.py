"""Excel exports of the fund ledger and the union summary: Chinese headers, #,##0.00 amounts;
each sheet prints (title row naming the workshop or union and the date, frozen and repeated
header, autofilter, landscape fit to width: ``lifecycle.workbooks.print_layout``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from lifecycle.money import format_fen
from lifecycle.schemes import get_scheme
from lifecycle.schemes.words import designation_status_label
from lifecycle.views.finance_overview import FundRow
from lifecycle.views.funding import DesignationLedger, FindingView
from lifecycle.views.funding_summary import UnionFundingSummary
from lifecycle.workbooks import append_row, excel_text, print_layout, set_value

AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
_BOLD = Font(bold=True)

# A ledger line's 收支: a refund is received money returned to the payer (已退回).
_DIRECTIONS = {"received": "收入", "spent": "支出", "refunded": "退回"}


def yuan(fen: int) -> Decimal:
    """Fen as an exact Decimal of yuan for a cell (never a float computed in Python)."""
    return Decimal(fen).scaleb(-2)


HEADER_ROW = 2  # row 1 is the printed title
__all__ = ["excel_text", "fund_list_workbook", "ledger_workbook", "summary_workbook", "yuan"]


def _append(ws: Worksheet, values: Sequence[object]) -> None:
    append_row(ws, values)


def _sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    widths: Sequence[int],
    *,
    first: bool = False,
) -> Worksheet:
    ws = wb.active if first and wb.active is not None else wb.create_sheet()
    assert isinstance(ws, Worksheet)
    ws.title = title
    set_value(ws.cell(row=1, column=1), title)  # replaced by the caption in ``_print``
    _append(ws, list(headers))
    for col, width in enumerate(widths, start=1):
        ws.cell(row=HEADER_ROW, column=col).font = _BOLD
        ws.cell(row=HEADER_ROW, column=col).alignment = Alignment(horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    return ws


def _print(wb: Workbook, caption: str, as_of: date | None) -> None:
    """Every sheet: its name after ``caption`` as the title row, and the print setup."""
    for ws in wb.worksheets:
        columns = sum(1 for c in ws[HEADER_ROW] if c.value is not None)
        # A caption that already ends in the sheet's name (经费台账) does not say it twice.
        title = caption if caption.endswith(ws.title) else f"{caption} · {ws.title}"
        print_layout(ws, title, header_row=HEADER_ROW, columns=columns, as_of=as_of)


def _total(ws: Worksheet, values: Sequence[object]) -> None:
    """A sheet's 合计 row, in bold under its rows."""
    _append(ws, values)
    for cell in ws[ws.max_row]:
        cell.font = _BOLD


def _formats(ws: Worksheet, amount_cols: Sequence[int], date_cols: Sequence[int]) -> None:
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        for cell in row:
            if cell.column in amount_cols:
                cell.number_format = AMOUNT_FORMAT
            elif cell.column in date_cols:
                cell.number_format = DATE_FORMAT


def _outcome(f: FindingView) -> str:
    """处理结果 as the ledger page says it: a refund's amount, or that it was voided (33r, 33v)."""
    label = f.outcome_label or ""
    if f.refund is not None:
        money = "退回已作废" if f.refund.voided else f"退回 {format_fen(f.refund.amount_fen)} 元"
        return f"{label}（{money}）"
    return label


def _findings_sheet(wb: Workbook, title: str, findings: Sequence[FindingView]) -> None:
    ws = _sheet(
        wb,
        title,
        [
            "发生日期",
            "类别",
            "金额（元）",
            "说明",
            "发现日期",
            "状态",
            "处理结果",
            "处理说明",
            "处理人",
            "处理日期",
        ],
        [12, 24, 14, 60, 12, 10, 14, 40, 16, 12],
    )
    for f in findings:
        _append(
            ws,
            [
                f.occurred_on,
                f.kind_label,
                yuan(f.amount_fen) if f.amount_fen is not None else None,
                f.message,
                f.found_on,
                "未处理" if f.open else "已处理",
                _outcome(f),
                f.resolution_note or "",
                f.resolved_by or "",
                f.resolved_on,
            ],
        )
    _formats(ws, amount_cols=[3], date_cols=[1, 5, 10])


def _save(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def ledger_workbook(ledger: DesignationLedger, as_of: date | None = None) -> bytes:
    """One designation's fund ledger and findings as an .xlsx file [Y10][Y16]."""
    wb = Workbook()
    ws = _sheet(
        wb,
        "经费台账",
        [
            "日期",
            "收支",
            "项目",
            "对方/文号",
            "说明",
            "票据号",
            "收入（元）",
            "支出（元）",
            "结余（元）",
            "录入人",
            "审计发现",
        ],
        [12, 8, 16, 24, 40, 16, 14, 14, 14, 12, 30],
        first=True,
    )
    for line in ledger.lines:
        _append(
            ws,
            [
                line.on,
                _DIRECTIONS[line.direction],
                line.item,
                line.counterparty,
                line.description,
                line.receipt_ref or "",
                yuan(line.received_fen) if line.received_fen else None,
                yuan(line.spent_fen) if line.spent_fen else None,
                yuan(line.balance_fen),
                line.entered_by,
                "、".join(line.findings),
            ],
        )
    _total(
        ws,
        [
            None,
            "合计",
            f"{ledger.title}（{ledger.number or '无编号'}）",
            ledger.scheme_name,
            ledger.standing,  # an ended title says so and since when, as the page does
            None,
            yuan(ledger.received_fen),
            yuan(ledger.spent_fen),
            yuan(ledger.balance_fen),
        ],
    )
    _formats(ws, amount_cols=[7, 8, 9], date_cols=[1])
    _findings_sheet(wb, "审计发现", ledger.findings)
    _grants_sheet(wb, ledger)
    _print(wb, f"{ledger.title}（{ledger.number or '无编号'}）经费台账", as_of)
    return _save(wb)


def _grants_sheet(wb: Workbook, ledger: DesignationLedger) -> None:
    """Every grant as recorded, voided ones too (kept, shown as voided, not counted above), in
    the words of the page's 补贴记录 (乐山's 奖励记录 [L 三]): 到账日期 (未到账), 已作废 / 已更正 /
    有效, 更正原因."""
    ws = _sheet(
        wb,
        f"{ledger.grant_word}记录",
        [
            "类别",
            "文号",
            "批准日期",
            "到账日期",
            "金额（元）",
            "状态",
            "作废日期",
            "作废原因",
            "更正原因",
        ],
        [14, 24, 12, 12, 14, 10, 12, 30, 30],
    )
    for g in ledger.grants:
        status = "已作废" if g.voided else ("已更正" if g.correction_reason else "有效")
        _append(
            ws,
            [
                g.kind_label,
                g.approval_ref,
                g.approved_on,
                g.paid_on or "未到账",
                yuan(g.amount_fen),
                status,
                g.voided_on,
                g.void_reason,
                g.correction_reason,
            ],
        )
    _formats(ws, amount_cols=[5], date_cols=[3, 4, 7])


def summary_workbook(summary: UnionFundingSummary, as_of: date | None = None) -> bytes:
    """A union subtree's totals by scheme (命名类别) and use (用途) and its open findings as
    .xlsx [S10], in the finance page's words."""
    wb = Workbook()
    ws = _sheet(
        wb,
        "按命名类别汇总",
        ["命名类别", "到账（元）", "支出（元）", "结余（元）"],
        [30, 16, 16, 16],
        first=True,
    )
    for s in summary.by_scheme:
        _append(ws, [s.scheme_name, yuan(s.received_fen), yuan(s.spent_fen), yuan(s.balance_fen)])
    received, spent = yuan(summary.received_fen), yuan(summary.spent_fen)
    _total(ws, ["合计", received, spent, yuan(summary.balance_fen)])
    _formats(ws, amount_cols=[2, 3, 4], date_cols=[])
    # In the finance page's words: 按命名类别汇总, 按用途的支出 (命名类别, 用途).
    ws = _sheet(wb, "按用途汇总", ["命名类别", "用途", "审计口径", "支出（元）"], [30, 16, 14, 16])
    for c in summary.by_category:
        _append(ws, [c.scheme_name, c.category_label, c.mark, yuan(c.spent_fen)])
    _total(ws, ["合计", None, None, spent])  # the same spending, by use: equal to 按命名类别汇总's
    _formats(ws, amount_cols=[4], date_cols=[])
    ws = _sheet(
        wb,
        "未处理审计发现",
        ["工作室", "编号", "发生日期", "类别", "金额（元）", "说明"],
        [40, 16, 12, 24, 14, 60],
    )
    for f in summary.open_findings:
        title, number = summary.subjects.get(f.designation_id, ("", ""))
        amount = yuan(f.amount_fen) if f.amount_fen is not None else None
        _append(ws, [title, number, f.occurred_on, f.kind_label, amount, f.message])
    _formats(ws, amount_cols=[5], date_cols=[3])
    _print(wb, f"{summary.union_name}经费汇总", as_of)
    return _save(wb)


def fund_list_workbook(
    rows: Sequence[FundRow], *, caption: str, as_of: date | None = None, matched: int = 0
) -> bytes:
    """The 经费台账一览 as filtered: each title's funds received, spent, balance and open
    findings, its status in its scheme's word, and the totals [Y16][S10]; when the filter
    ``matched`` more titles than the rows exported, a last line says so (as the registry's)."""
    wb = Workbook()
    ws = _sheet(
        wb,
        "经费台账一览",
        [
            "编号",
            "称号",
            "类别",
            "状态",
            "到位资金（元）",
            "支出（元）",
            "结余（元）",
            "未处理发现",
        ],
        [16, 40, 30, 14, 16, 16, 16, 12],
        first=True,
    )
    for r in rows:
        _append(
            ws,
            [
                r.number or "",
                r.title,
                get_scheme(r.scheme_code).settings.name,
                designation_status_label(r.status, r.scheme_code),
                yuan(r.received_fen),
                yuan(r.spent_fen),
                yuan(r.balance_fen),
                r.open_findings,
            ],
        )
    received, spent = sum(r.received_fen for r in rows), sum(r.spent_fen for r in rows)
    findings = sum(r.open_findings for r in rows)
    _total(
        ws,
        ["合计", f"{len(rows)}个工作室", None, None, yuan(received), yuan(spent),
         yuan(received - spent), findings],
    )  # fmt: skip
    if matched > len(rows):
        left = f"共 {matched} 个工作室，仅导出前 {len(rows)} 个（合计为导出各行之和）"
        _append(ws, [f"{left}，请缩小筛选范围"])
    _formats(ws, amount_cols=[5, 6, 7], date_cols=[])
    _print(wb, caption, as_of)
    return _save(wb)
