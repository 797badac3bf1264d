"""The PDFs carry their Chinese font and mark the seal (issue 15 §9)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from lifecycle import pdf_fonts
from lifecycle.changes.pdf import render_change_form_pdf
from lifecycle.notices.pdf import render_notice_pdf
from tests.unit.changes.test_change_form import DOC as CHANGE_FORM
from tests.unit.notices.test_notice_document import flat, make_doc, pdf_pages

# reportlab names Helvetica, one of the 14 fonts every PDF reader carries, as the canvas's
# initial font in every page's resources; no text is set in it.
STANDARD_14 = {"/Helvetica"}


def _fonts(data: bytes) -> list[pypdf.generic.DictionaryObject]:
    """The fonts the pages use, beside the standard ones readers have built in."""
    fonts = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            if font.get_object().get("/BaseFont") not in STANDARD_14:
                fonts.append(font.get_object())
    assert fonts
    return fonts


def _embedded(font: pypdf.generic.DictionaryObject) -> bool:
    """A simple or composite font whose descriptor carries the font file."""
    descendants = font.get("/DescendantFonts")
    target = descendants[0].get_object() if descendants else font
    descriptor = target.get("/FontDescriptor")
    if descriptor is None:
        return False
    d = descriptor.get_object()
    return any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))


needs_font = pytest.mark.skipif(
    not pdf_fonts.embedded(),
    reason="no TrueType Chinese font here (.ci/run installs fonts-wqy-zenhei; "
    "or set WORKSHOPS_PDF_FONT)",
)


@needs_font
def test_the_notice_embeds_every_font_it_uses_and_marks_the_seal():
    data = render_notice_pdf(make_doc())
    assert all(_embedded(f) for f in _fonts(data))
    text = flat("".join(pdf_pages(data)))
    assert "（盖章处）" in text  # the seal's place over the signature and date
    assert "限期整改的通知" in text  # the embedded subset maps back to text (ToUnicode)


@needs_font
def test_the_change_form_embeds_its_font():
    data = render_change_form_pdf(CHANGE_FORM)
    assert all(_embedded(f) for f in _fonts(data))


def test_a_font_without_chinese_glyphs_or_with_cff_outlines_is_passed_over(tmp_path: Path):
    assert pdf_fonts._load(str(tmp_path / "missing.ttf")) is None
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"OTTO" + bytes(64))  # a CFF (OpenType) header: reportlab cannot embed it
    assert pdf_fonts._load(str(broken)) is None
    latin = next(
        (p for p in Path("/usr/share/fonts").rglob("DejaVuSans.ttf")), None
    )  # any Latin-only TrueType font the machine has
    if latin is not None:
        assert pdf_fonts._load(str(latin)) is None


def test_the_configured_font_is_tried_first(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(pdf_fonts.ENV, "/fonts/chosen.ttc#2")
    assert pdf_fonts.candidates()[0] == "/fonts/chosen.ttc#2"
    assert pdf_fonts._split("/fonts/chosen.ttc#2") == (Path("/fonts/chosen.ttc"), 2)
    assert pdf_fonts._split("/fonts/plain.ttf") == (Path("/fonts/plain.ttf"), 0)
