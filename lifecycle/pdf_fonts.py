"""The Chinese font of the PDFs (整改通知, 附件3): a TrueType font embedded, so they print alike.

reportlab embeds (a subset of) TrueType-outline fonts only, not the CFF outlines of the Noto/Source
Han CJK fonts. The font is, in order: the file named by ``WORKSHOPS_PDF_FONT`` (a .ttf or .ttc;
``#n`` after it picks the face of a collection), the Chinese font ``fc-match`` names, or one of
the usual places of WenQuanYi (Debian/Ubuntu ``fonts-wqy-zenhei``, which ``.ci/run`` installs),
Windows' SimSun or macOS' Songti. Where none is found the PDFs fall back to reportlab's built-in
STSong-Light, which is not embedded (the reader's viewer substitutes a font); a warning says so.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

log = logging.getLogger(__name__)

EMBEDDED = "WorkshopsChinese"  # the registered name of the embedded font
FALLBACK = "STSong-Light"  # reportlab's CID font: always there, never embedded
ENV = "WORKSHOPS_PDF_FONT"
COVERAGE = "整改通知杨浦〔〕号：，。"  # characters every notice prints
KNOWN_PLACES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)


def _split(spec: str) -> tuple[Path, int]:
    """``path#n`` → (path, n); a plain path is face 0."""
    path, _, index = spec.partition("#")
    return Path(path), int(index) if index.isdigit() else 0


def _fc_match() -> str | None:
    """The file fontconfig would use for Chinese text, where fontconfig is installed."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        found = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [exe, "-f", "%{file}#%{index}", ":lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found or None


def candidates() -> list[str]:
    """Font files to try, most specific first."""
    chosen = os.environ.get(ENV, "").strip()
    found = _fc_match()
    return [c for c in (chosen, found, *KNOWN_PLACES) if c]


def _load(spec: str) -> TTFont | None:
    path, index = _split(spec)
    if not path.is_file():
        return None
    try:
        font = TTFont(EMBEDDED, str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError) as err:  # CFF outlines, a broken file
        log.debug("PDF font %s not usable: %s", spec, err)
        return None
    # fontconfig answers with its best match even without any Chinese font: check the glyphs.
    if not all(ord(c) in font.face.charToGlyph for c in COVERAGE):
        log.debug("PDF font %s has no Chinese glyphs", spec)
        return None
    return font


@functools.cache
def chinese_font() -> str:
    """Register the PDFs' Chinese font on first use; its name for reportlab styles."""
    for spec in candidates():
        font = _load(spec)
        if font is not None:
            pdfmetrics.registerFont(font)
            log.info("PDF font embedded from %s", spec)
            return EMBEDDED
    log.warning(
        "no TrueType Chinese font found (set %s or install fonts-wqy-zenhei): PDFs use %s, "
        "not embedded",
        ENV,
        FALLBACK,
    )
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK


def embedded() -> bool:
    """Whether the PDFs carry their font (False: the built-in, unembedded fallback)."""
    return chinese_font() == EMBEDDED
