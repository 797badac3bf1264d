"""The 整改通知 as an A4 PDF laid out after GB/T 9704-2012 (党政机关公文格式)."""

from __future__ import annotations

import functools
import html
from io import BytesIO
from typing import Any

from reportlab.lib import colors, textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.flowables import Flowable, HRFlowable, TopPadder

from lifecycle.citations import cite
from lifecycle.clock import chinese_date
from lifecycle.notices.document import (
    NO_LINE_START,
    NoticeDocument,
    body_paragraphs,
    title_lines,
)
from lifecycle.pdf_fonts import chinese_font

RED = colors.Color(0.9, 0, 0)
PAGE_WIDTH, PAGE_HEIGHT = A4
TOP, BOTTOM, LEFT, RIGHT = 37 * mm, 35 * mm, 28 * mm, 26 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT  # 156 mm 版心
BODY_SIZE = 16.0  # 三号
BODY_LEADING = 28.9  # 22 lines in the 225 mm 版心
TITLE_SIZE = 22.0  # 二号
IMPRINT_SIZE = 14.0  # 四号
THICK_RULE, THIN_RULE = 0.35 * mm, 0.25 * mm


@functools.cache
def _font() -> str:
    """The embedded Chinese font (``lifecycle.pdf_fonts``), CJK line breaking taught once."""
    font = chinese_font()
    # reportlab's CJK wrap knows 、。 but not ，；：！？” etc.: teach it (process-wide, additive).
    for module in (rl_paragraph, textsplit):
        known = module.ALL_CANNOT_START
        module.ALL_CANNOT_START = known + "".join(c for c in NO_LINE_START if c not in known)
    return font


def _style(name: str, size: float, leading: float, **kw: Any) -> Any:
    """A CJK-wrapping paragraph style in the Chinese font."""
    return ParagraphStyle(
        name, fontName=_font(), fontSize=size, leading=leading, wordWrap="CJK", **kw
    )


def _para(text: str, style: Any) -> Any:
    """A paragraph of plain text, escaped for reportlab's mini-markup."""
    return Paragraph(html.escape(cite(text), quote=False), style)


def _title(title: str) -> list[str]:
    """The title broken into lines as measured in the title font."""
    width = functools.partial(pdfmetrics.stringWidth, fontName=_font(), fontSize=TITLE_SIZE)
    return title_lines(title, width, TEXT_WIDTH)


def _header(doc: NoticeDocument) -> list[Any]:
    """发文机关标志, 发文字号 and the red separator line."""
    mark = f"{doc.issuer_name}文件"
    size = min(48.0, TEXT_WIDTH / len(mark) * 0.96)
    mark_style = _style("mark", size, size * 1.25, alignment=TA_CENTER, textColor=RED)
    number_style = _style("number", BODY_SIZE, BODY_LEADING, alignment=TA_CENTER)
    return [
        Spacer(1, 35 * mm),  # 标志上边缘至版心上边缘 35 mm
        _para(mark, mark_style),
        Spacer(1, BODY_LEADING),
        _para(doc.number, number_style),
        HRFlowable(
            width="100%", thickness=1.2, color=RED, spaceBefore=4 * mm, spaceAfter=BODY_LEADING
        ),
    ]


def _signature(doc: NoticeDocument) -> list[Any]:
    """发文机关署名 centred over the 成文日期, which sits four characters from the right."""
    date_text = chinese_date(doc.issued_on)
    date_w = pdfmetrics.stringWidth(date_text, _font(), BODY_SIZE)
    name_w = pdfmetrics.stringWidth(doc.issuer_name, _font(), BODY_SIZE)
    date_right = 4 * BODY_SIZE
    name_right = max(0.0, date_right + (date_w - name_w) / 2)
    name_style = _style(
        "issuer", BODY_SIZE, BODY_LEADING, alignment=TA_RIGHT, rightIndent=name_right
    )
    date_style = _style("date", BODY_SIZE, BODY_LEADING, alignment=TA_RIGHT, rightIndent=date_right)
    centre = TEXT_WIDTH - date_right - date_w / 2
    return [
        Spacer(1, BODY_LEADING),
        SealMark(centre),
        _para(doc.issuer_name, name_style),
        _para(date_text, date_style),
    ]


class SealMark(Flowable):  # type: ignore[misc]
    """Where the 印章 goes: a dashed 42 mm circle pressed over the 署名 and 成文日期 (GB/T 9704
    7.3.5.1 «端正、居中下压发文机关署名和成文日期»); it takes no room of its own."""

    RADIUS = 21 * mm

    def __init__(self, centre_x: float) -> None:
        super().__init__()
        self.centre_x = centre_x
        self.width = self.height = 0

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RED)
        canvas.setFillColor(RED)
        canvas.setLineWidth(0.6)
        canvas.setDash(4, 3)
        y = -1.6 * BODY_LEADING  # the centre between the 署名 and the 成文日期 below this point
        canvas.circle(self.centre_x, y, self.RADIUS, stroke=1, fill=0)
        canvas.setFont(_font(), 9)
        canvas.drawCentredString(self.centre_x, y - self.RADIUS + 4 * mm, "（盖章处）")
        canvas.restoreState()


def _imprint(doc: NoticeDocument) -> Any:
    """版记: 抄送 and 印发机关 + 印发日期 between rules, pushed to the bottom of the last page."""
    pad = IMPRINT_SIZE
    label_w = pdfmetrics.stringWidth("抄送：", _font(), IMPRINT_SIZE)
    cc_style = _style(
        "cc", IMPRINT_SIZE, IMPRINT_SIZE * 1.6, leftIndent=label_w, firstLineIndent=-label_w
    )
    left = _style("printer", IMPRINT_SIZE, IMPRINT_SIZE * 1.6, alignment=TA_LEFT)
    right = _style("printed", IMPRINT_SIZE, IMPRINT_SIZE * 1.6, alignment=TA_RIGHT)
    rows: list[list[Any]] = []
    if doc.cc:
        rows.append([_para(f"抄送：{'，'.join(doc.cc)}。", cc_style), ""])
    rows.append([_para(doc.printer, left), _para(f"{chinese_date(doc.printed_on)}印发", right)])
    commands: list[tuple[Any, ...]] = [
        ("LINEABOVE", (0, 0), (-1, 0), THICK_RULE, colors.black),
        ("LINEBELOW", (0, -1), (-1, -1), THICK_RULE, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if doc.cc:
        commands += [
            ("SPAN", (0, 0), (1, 0)),
            ("LINEBELOW", (0, 0), (-1, 0), THIN_RULE, colors.black),
        ]
    table = Table(rows, colWidths=[TEXT_WIDTH / 2] * 2, style=TableStyle(commands))
    # One unsplittable outer cell: the imprint moves to a new page whole rather than splitting.
    outer = Table([[table]], colWidths=[TEXT_WIDTH], style=_no_padding())
    return TopPadder(outer)


def _no_padding() -> Any:
    """A table style with no cell padding."""
    return TableStyle(
        [(f"{side}PADDING", (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]
    )


def _story(doc: NoticeDocument) -> list[Any]:
    """Every flowable of the notice, top to bottom."""
    title_style = _style("title", TITLE_SIZE, TITLE_SIZE * 1.45, alignment=TA_CENTER)
    addressee_style = _style("addressee", BODY_SIZE, BODY_LEADING)
    body_style = _style("body", BODY_SIZE, BODY_LEADING, firstLineIndent=2 * BODY_SIZE)
    body = [_para(text, body_style) for text in body_paragraphs(doc)]
    # Never leave the signature and date alone on a page: keep them with the last paragraph.
    closing = KeepTogether([body[-1], *_signature(doc)])
    return [
        *_header(doc),
        Paragraph(
            "<br/>".join(html.escape(t, quote=False) for t in _title(doc.title)), title_style
        ),
        Spacer(1, BODY_LEADING * 0.6),
        _para(f"{doc.addressee}：", addressee_style),
        *body[:-1],
        closing,
        Spacer(1, BODY_LEADING),
        _imprint(doc),
    ]


def _page_number(canvas: Any, template: Any) -> None:
    """页码 “— n —” centred, its dashes 7 mm below the 版心."""
    canvas.saveState()
    canvas.setFont(_font(), IMPRINT_SIZE)
    canvas.drawCentredString(
        PAGE_WIDTH / 2, BOTTOM - 7 * mm - IMPRINT_SIZE * 0.7, f"— {template.page} —"
    )
    canvas.restoreState()


def render_notice_pdf(doc: NoticeDocument) -> bytes:
    """The notice as PDF bytes; identical input gives identical bytes (no timestamps)."""
    buffer = BytesIO()
    frame = Frame(
        LEFT,
        BOTTOM,
        TEXT_WIDTH,
        PAGE_HEIGHT - TOP - BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=doc.title,
        author=doc.issuer_name,
        subject=f"整改通知 {doc.number}",
        creator="workshops",
        lang="zh-CN",
        invariant=True,
        pageTemplates=[PageTemplate(id="notice", frames=[frame], onPage=_page_number)],
    )
    template.build(_story(doc))
    return buffer.getvalue()
