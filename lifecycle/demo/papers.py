"""Stand-ins for the scanned papers the demo files (a yearly report, a signed consent): real
one-page PDFs with their Chinese text, deterministic bytes, that open in any reader."""

from __future__ import annotations

from io import BytesIO

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"  # one of reportlab's CID fonts: nothing embedded, nothing to install


def one_page_pdf(*lines: str) -> bytes:
    """A page with ``lines`` from the top, the first as its heading."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = BytesIO()
    canvas = Canvas(buffer, invariant=True)
    for n, line in enumerate(lines):
        canvas.setFont(FONT, 16 if n == 0 else 12)
        canvas.drawString(72, 760 - 30 * n, line)
    canvas.save()
    return buffer.getvalue()
