"""The 附件3 管理变更申请表 as a printable, self-contained HTML page [C]."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from lifecycle.changes.document import (
    ChangeFormDocument,
    attachment_lines,
    date_text,
    measure_lines,
    reason_line,
)
from lifecycle.citations import finalize

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def _environment() -> Environment:
    """The Jinja2 environment for the form, HTML-escaping everything."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,  # rule ids as Chinese citations
    )
    env.filters["date_text"] = date_text
    return env


def render_change_form_html(doc: ChangeFormDocument) -> str:
    """The form as one HTML document with inline print CSS and no external assets."""
    return (
        _environment()
        .get_template("change_form.html")
        .render(
            doc=doc,
            reason=reason_line(doc),
            measure_lines=measure_lines(doc),
            attachments=attachment_lines(doc),
        )
    )
