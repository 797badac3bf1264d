"""The 附件3 管理变更申请表 as an A4 PDF, its Chinese font embedded [C]."""

from __future__ import annotations

import functools
import html
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lifecycle.changes.document import (
    ChangeFormDocument,
    StepBox,
    attachment_lines,
    date_text,
    measure_lines,
    reason_line,
)
from lifecycle.citations import cite
from lifecycle.pdf_fonts import chinese_font

SIZE = 12.0
LEADING = 18.0
WIDTH = A4[0] - 40 * mm
LABEL_W = 34 * mm


@functools.cache
def _font() -> str:
    """The embedded Chinese font (``lifecycle.pdf_fonts``)."""
    return chinese_font()


def _style(name: str, size: float = SIZE, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=_font(), fontSize=size, leading=size * 1.5, wordWrap="CJK", **kw
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text (newlines kept), escaped for reportlab's mini-markup."""
    escaped = html.escape(cite(text), quote=False).replace("\n", "<br/>")
    return Paragraph(escaped, style)


def _box_cell(lines: list[str], step: StepBox, *, stamp: bool = False) -> list[Paragraph]:
    body, right = _style("cell"), _style("sign", alignment=TA_RIGHT)
    cells = [_p(line, body) for line in lines if line]
    seal = "　　盖章" if stamp else ""
    cells.append(Spacer(1, LEADING))
    cells.append(_p(f"签署人：{step.signer or ''}{seal}　　{date_text(step.on)}", right))
    return cells


def _rows(doc: ChangeFormDocument) -> list[list[Any]]:
    label = _style("label", alignment=TA_CENTER)
    cell = _style("cell")
    unit_lines = [*measure_lines(doc), f"意见：{doc.unit.opinion}" if doc.unit.opinion else ""]
    city_lines = [
        doc.city.opinion or "",
        f"文号：{doc.decision_ref}" if doc.decision_ref else "",
        doc.ended or "",
    ]
    return [
        [_p("工作室名称", label), _p(doc.workshop_title, cell), "", ""],
        [
            _p("工作室所属单位", label),
            _p(doc.host_unit, cell),
            _p("人数", label),
            _p(str(doc.head_count), cell),
        ],
        [_p("工作室地址", label), _p(doc.address, cell), "", ""],
        [_p("申请原因", label), _p(reason_line(doc), cell), "", ""],
        [_p("本单位工会\n意见", label), _box_cell(unit_lines, doc.unit, stamp=True), "", ""],
        [
            _p("区局（产业）工会\n审核", label),
            _box_cell([doc.district.opinion or ""], doc.district),
            "",
            "",
        ],
        [_p(doc.city_label, label), _box_cell(city_lines, doc.city), "", ""],
    ]


def render_change_form_pdf(doc: ChangeFormDocument) -> bytes:
    """The form as PDF bytes; identical input gives identical bytes (no timestamps)."""
    buffer = BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=doc.form_title,
        author=doc.district_union,
        subject="管理变更申请表（附件3）",
        creator="workshops",
        lang="zh-CN",
        invariant=True,
    )
    small = 22 * mm
    widths = [LABEL_W, WIDTH - LABEL_W - 2 * small, small, small]
    spans = [("SPAN", (1, r), (3, r)) for r in (0, 2, 3, 4, 5, 6)]
    table = Table(
        _rows(doc),
        colWidths=widths,
        style=TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
                ("VALIGN", (1, 0), (-1, -1), "TOP"),
                *spans,
            ]
        ),
    )
    story = [
        _p("附件3", _style("attachment")),
        _p(doc.form_title, _style("title", 18.0, alignment=TA_CENTER, spaceBefore=4 * mm)),
        Spacer(1, 4 * mm),
        _p(f"所属区局（产业）工会：{doc.district_union}", _style("district")),
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 2 * mm),
        _p(doc.note, _style("note", 10.5)),
    ]
    listed = attachment_lines(doc)
    if listed:  # 附件: the files attached to the request, as under an official document
        story += [Spacer(1, 4 * mm), _p("附件：", _style("attachments"))]
        story += [_p(line, _style("attachment_line", leftIndent=2 * SIZE)) for line in listed]
    template.build(story)
    return buffer.getvalue()
