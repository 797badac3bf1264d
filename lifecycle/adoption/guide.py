"""What the import page and the workbook's 填写说明 tell a user of the workbook: the sheets' notes
as the rules of the user's own city tree have them (乐山's 2020 notice [L] where it is that tree's
programme, else Shanghai's and Yangpu's, the sheets' own notes), the 层级 in the tree's words."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from lifecycle.adoption.columns import Sheet
from lifecycle.adoption.sheets import (
    ASSESSMENTS,
    DESIGNATIONS,
    GRANTS,
    HONOURS,
    SHEETS,
    UNIONS,
    in_words,
    offering_grant_words,
    offering_only,
    offering_schemes,
)
from lifecycle.adoption.sheets_history import FILINGS, INSPECTIONS, NOTICES
from lifecycle.funding.vocab import GrantKind
from lifecycle.schemes import get_scheme, leshan_city
from lifecycle.views.home_tree import HomeTree


@dataclass(frozen=True)
class ImportGuide:
    """The sheets with their notes, and what the 系统启用日期 settles."""

    sheets: tuple[Sheet, ...]
    cutover: str


SHANGHAI_GUIDE = ImportGuide(
    SHEETS,
    "「工会」表的“系统启用日期”是该工会的切换日：此前到期的年度备案、考核和周期检查视为已在系统外办结"
    "（导入记录注明「系统启用前导入」），此后按规则提醒。",
)

_NOT_IN_L = "乐山市劳模和工匠人才创新工作室的命名不填本表。"
# Where 乐山's notice differs from the Shanghai and Yangpu rules the sheets' own notes cite.
_LESHAN_NOTES = {
    UNIONS.name: "每行一个工会；工会路径从市总工会写起，用“/”分隔，上级须已存在或在本表中更靠前。"
    "层级填写“县（市、区）总工会”（[L 一]）；按此前模板填写的“区局（产业）工会”同样导入。"
    "各县（市、区）总工会和乐山高新区工会填写地区代码（每个工会一个、互不相同，如 leshan-gaoxin），"
    "其推荐须至少申报2个（[L 一]）；市级系统工会、市属企业工会、景区管委会工会等"
    "其他推荐单位不填地区代码，按实际情况申报。",
    DESIGNATIONS.name: "以命名方案和命名编号识别命名；"
    "同一工作室只能有一个乐山市劳模和工匠人才创新工作室命名，"
    "已命名的不重复申报和命名（[L 一]）。"
    "[L]未规定取消命名或退出管理序列，状态填写“已命名”。",
    GRANTS.name: "对命名的工作室授牌并给予一次性奖励，每个命名只拨一次，"
    "拨款类别填“一次性奖励”（[L 三]），按此前模板填写的“一次性补贴”同样导入；"
    "该通知未规定奖励金额，须填写金额。"
    "[L]未规定区级配套资金和优秀成果项目扶持。",
    ASSESSMENTS.name: "[L]未规定年度考核，" + _NOT_IN_L,
    INSPECTIONS.name: "[L]未规定管理周期和周期末实地检查，" + _NOT_IN_L,
    NOTICES.name: "[L]未规定整改通知和撤牌，" + _NOT_IN_L,
    FILINGS.name: "[L]未规定年度自查备案，" + _NOT_IN_L,
}
LESHAN_GUIDE = ImportGuide(
    tuple(replace(s, note=_LESHAN_NOTES.get(s.name, s.note)) for s in SHEETS),
    "「工会」表的“系统启用日期”是该工会的切换日（此前的记录导入时注明「系统启用前导入」）；"
    "[L]未规定年度备案、考核和周期检查，乐山的命名没有这类到期提醒。",
)


def import_guide(schemes: Collection[str]) -> ImportGuide:
    """The guide of a city tree running ``schemes`` (codes, ``HomeTree.schemes``): 乐山's where
    乐山's city pack is among them [L], else the sheets' own notes."""
    return LESHAN_GUIDE if leshan_city.CODE in schemes else SHANGHAI_GUIDE


def workbook_sheets(tree: HomeTree) -> tuple[Sheet, ...]:
    """The workbook's sheets for a user of ``tree``: its 填写说明 notes those the import page tells
    (``import_guide``), its 层级 and 考核环节 drop-downs in the tree's words (乐山's
    县（市、区）总工会 [L 一]), its 拨款类别 naming the one-off money as the tree's programmes do
    (乐山's 一次性奖励 [L 三]), its 命名方案 drop-downs offering the tree's own programmes only;
    the other words are read back when the file is imported (Shanghai's too)."""
    own = tree.schemes
    return tuple(
        _own_choices(
            offering_grant_words(offering_schemes(in_words(s, tree.wording), own), own), tree
        )
        for s in import_guide(own).sheets
    )


def _own_choices(sheet: Sheet, tree: HomeTree) -> Sheet:
    """``sheet`` whose drop-downs offer only what the tree's people and titles can hold: the
    honours its people are registered with (乐山's: no 上海市劳动模范, 上海工匠 or 区级工匠
    [L 二（一）], ``HomeTree.honours``), the statuses its titles are imported in (a 乐山 title
    only 已命名: its notice names no way a title ends [L], ``held_statuses``), the money its
    programmes give (no 区级配套资金 where none has it [L 三]); the others are still read."""
    if not tree.schemes:
        return sheet
    if sheet.name == HONOURS.name:
        return offering_only(sheet, "honour", {h.value for h in tree.honours})
    if sheet.name == DESIGNATIONS.name:
        held = {s.value for code in tree.schemes for s in get_scheme(code).held_statuses()}
        return offering_only(sheet, "status", held)
    if sheet.name == GRANTS.name and not tree.district_matching:
        return offering_only(
            sheet, "kind", {k.value for k in GrantKind if k is not GrantKind.MATCHING}
        )
    return sheet
