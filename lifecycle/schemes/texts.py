"""What a scheme's own text says where the core would otherwise speak another scheme's words:
the note on a step its text does not set (乐山's notice [L])."""

from __future__ import annotations

from lifecycle.schemes.base import OversightKind, SchemeSettings


def unset_note(settings: SchemeSettings) -> str:
    """What a refusal of a step the scheme lacks adds where its text sets no oversight at all:
    「（[L]未作规定）」, 乐山's notice naming no inspection, filing or 考核 [L]; nothing where the
    text sets another step instead (the city's 考核 [S9], 动态管理 [C]), as the refusal then
    names the scheme alone."""
    if settings.oversight is OversightKind.NONE and settings.naming_article:
        return f"（{settings.naming_article}未作规定）"
    return ""
