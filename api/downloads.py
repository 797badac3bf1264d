"""File downloads shared by pages and API: one media type for workbooks, one disposition header.

Every download names its file the RFC 6266 way, ``filename*=UTF-8''<percent-encoded>`` (RFC 5987),
so Chinese names survive every browser. Callers pass the plain file name; the encoding happens
only here, once.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi.responses import Response

from lifecycle.files.storage import STORED_MEDIA_TYPES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The OpenAPI ``responses`` of a route that answers with a workbook.
XLSX_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {XLSX: {}}}}
# The OpenAPI ``responses`` of a route that serves an uploaded file under its own type.
STORED_FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {media: {} for media in STORED_MEDIA_TYPES}}
}


def disposition(filename: str, *, inline: bool = False) -> str:
    """The ``Content-Disposition`` value for ``filename`` (unencoded): shown inline or saved."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename*=UTF-8''{quote(filename)}"


def download(content: bytes, filename: str, media_type: str, *, inline: bool = False) -> Response:
    """``content`` as a file called ``filename`` (saved, or shown in the browser if ``inline``)."""
    headers = {"Content-Disposition": disposition(filename, inline=inline)}
    return Response(content, media_type=media_type, headers=headers)


def xlsx(content: bytes, filename: str) -> Response:
    """An Excel workbook to save as ``filename``."""
    return download(content, filename, XLSX)
