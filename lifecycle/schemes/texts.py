"""What a scheme's own text says where the core would otherwise speak another scheme's words:
the note on a step its text does not set (乐山's notice [L]), and the ticks a ledger entry
carries in its words."""

from __future__ import annotations

from collections.abc import Iterable

from lifecycle.citations import cite
from lifecycle.schemes.base import OversightKind, SchemeSettings
from lifecycle.schemes.leshan_city import CODE as LESHAN
from lifecycle.schemes.leshan_city import INNOVATION as LESHAN_INNOVATION
from lifecycle.schemes.leshan_city import SETTINGS as LESHAN_SETTINGS

# The ticks of a ledger entry: (field of the entry, its label) — the project's and the
# achievement's. The core's: a project 已获认定（立项）, 与本单位主业相关 ([Y3], [C 一（三）]); an
# achievement 已应用于生产, 已获认定 and 获市级及以上奖项 ([C 一（四）]).
PROJECT_MARKS = (("recognised", "已获认定（立项）"), ("tied_to_main_business", "与本单位主业相关"))
ACHIEVEMENT_MARKS = (
    ("applied_in_production", "已应用于生产"),
    ("recognised", "已获认定"),
    ("city_level_award", "获市级及以上奖项"),
)
# 乐山's notice: projects 「与本单位生产经营管理实际需求相适应」 [L 二（三）]; an
# achievement 「得到本地区、本行业、本单位或有关方面认可」 [L 二（三）] and 「成功实现转化应用」
# [L 建设标准（五）]; no award tick (its 附件1 counts awards by level, 国际级…地市级, on the
# application).
_OWN_MARKS = {
    LESHAN: (
        (("tied_to_main_business", "与本单位生产经营管理实际需求相适应"),),
        (
            ("recognised", "得到本地区、本行业、本单位或有关方面认可"),
            ("applied_in_production", "已转化应用"),
        ),
    ),
}


# A scheme with ticks of its own: its titles' name and the article listing them, cited when a
# core tick it lacks is sent.
_OWN_MARKS_BASIS = {LESHAN: (LESHAN_SETTINGS.name, LESHAN_INNOVATION)}
_AWARD = "city_level_award"


def _reads_award(scheme_code: str) -> bool:
    """Whether the scheme reads an achievement's 获市级及以上奖项 (``city_award_article``, only
    [C 一（四）]); a team holding no title is offered the core's ticks."""
    if not scheme_code:
        return True
    from lifecycle.schemes.registry import get_scheme  # the registry imports this module's users

    return get_scheme(scheme_code).settings.city_award_article is not None


def _basis(scheme_code: str) -> tuple[str, str] | None:
    """(the titles' name, the article) cited when a tick the scheme lacks is sent."""
    if scheme_code in _OWN_MARKS_BASIS:
        return _OWN_MARKS_BASIS[scheme_code]
    if _reads_award(scheme_code):
        return None
    from lifecycle.schemes.registry import all_schemes, get_scheme

    readers = [s.settings.city_award_article for s in all_schemes()]
    where = "、".join(cite(a) for a in readers if a is not None)
    return get_scheme(scheme_code).settings.name, f"该项为{where}所列" if where else ""


def unoffered_marks(
    scheme_codes: Iterable[str], which: str, ticked: Iterable[str]
) -> list[tuple[str, str]]:
    """Each tick of ``ticked`` that no title the team holds offers on a ``which`` entry, with
    why, as (field, message): 乐山's ledger has no award tick [L 二（三）]. A team holding no
    title offers the core's ticks; one holding titles of two schemes, either's."""
    codes, ticked = list(dict.fromkeys(scheme_codes)), list(ticked)
    offered = {name for code in codes or [""] for name, _ in ledger_marks(code, which)}
    labels = dict(PROJECT_MARKS if which == "project" else ACHIEVEMENT_MARKS)
    lacking = [said for code in codes if (said := _basis(code)) is not None]
    if not lacking or not any(name not in offered for name in ticked):
        return []
    title, basis = lacking[0]
    return [
        (name, f"{title}的台账不设「{labels.get(name, name)}」一项（{basis}），不能勾选")
        for name in ticked
        if name not in offered
    ]


def ledger_marks(scheme_code: str, which: str) -> tuple[tuple[str, str], ...]:
    """The ticks a ``which`` ("project" or "achievement") entry offers on a title of the scheme,
    in its text's words; none for another kind of entry."""
    own = _OWN_MARKS.get(scheme_code)
    if which == "project":
        return own[0] if own else PROJECT_MARKS
    if which == "achievement":
        if own:
            return own[1]
        if _reads_award(scheme_code):
            return ACHIEVEMENT_MARKS
        return tuple(m for m in ACHIEVEMENT_MARKS if m[0] != _AWARD)
    return ()


def unset_note(settings: SchemeSettings) -> str:
    """What a refusal of a step the scheme lacks adds where its text sets no oversight at all:
    「（[L]未作规定）」, 乐山's notice naming no inspection, filing or 考核 [L]; nothing where the
    text sets another step instead (the city's 考核 [S9], 动态管理 [C]), as the refusal then
    names the scheme alone."""
    if settings.oversight is OversightKind.NONE and settings.naming_article:
        return f"（{settings.naming_article}未作规定）"
    return ""
