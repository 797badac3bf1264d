"""The 整改通知 as a printable, self-contained A4 HTML page."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from lifecycle.citations import finalize
from lifecycle.clock import chinese_date
from lifecycle.notices.document import (
    NoticeDocument,
    body_paragraphs,
    title_lines,
)

TEMPLATES = Path(__file__).parent / "templates"
TEXT_WIDTH_PT = 156 / 25.4 * 72  # GB/T 9704 版心 width
TITLE_SIZE_PT = 22.0  # 二号


def _em_width(text: str) -> float:
    """Approximate width in em: full-width characters 1, ASCII 0.5."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


@functools.cache
def _environment() -> Environment:
    """The Jinja2 environment for notice templates, HTML-escaping everything."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,  # rule ids as Chinese citations
    )
    env.filters["chinese_date"] = chinese_date
    return env


def render_notice_html(doc: NoticeDocument) -> str:
    """The notice as one HTML document with inline print CSS and no external assets."""
    mark = f"{doc.issuer_name}文件"
    return (
        _environment()
        .get_template("notice.html")
        .render(
            doc=doc,
            paragraphs=body_paragraphs(doc),
            title_lines=title_lines(doc.title, _em_width, TEXT_WIDTH_PT / TITLE_SIZE_PT),
            mark_size=round(min(48.0, TEXT_WIDTH_PT / len(mark) * 0.96), 1),
        )
    )
