"""The registry workbook: one sheet per kind, Chinese headers, vocabularies as drop-downs."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from types import MappingProxyType

from lifecycle.adoption.columns import Column, Sheet, path_column, scheme_labels
from lifecycle.adoption.columns import labels as _labels
from lifecycle.adoption.sheets_history import FILINGS, INSPECTIONS, NOTICES
from lifecycle.funding.vocab import GRANT_KIND_LABELS, GrantKind, grant_kind_label
from lifecycle.schemes import all_schemes, get_scheme
from lifecycle.schemes.words import designation_status_label
from lifecycle.vocab import (
    EMPLOYMENT_STATUS_LABELS,
    GENDER_LABELS,
    HONOUR_LABELS,
    RETIREMENT_GROUP_LABELS,
    SKILL_LEVEL_LABELS,
    UNION_LEVEL_LABELS,
    UNIT_NATURE_LABELS,
    ContactRole,
    DesignationStatus,
    UnionLevel,
    UnionWording,
)

IMPORTED_REASON = "系统启用前导入"

CONTACT_ROLE_LABELS = {
    ContactRole.OFFICER: "工会干部",
    ContactRole.FINANCE: "财务人员",
    ContactRole.CHAIR: "工会主席",
    ContactRole.UNIT_CONTACT: "单位联系人",
}
# An imported title is held (named), or ended before the service started [DOMAIN §3].
IMPORTED_STATUS_LABELS = {
    DesignationStatus.NAMED: "已命名",
    DesignationStatus.EXITED: "已退出管理序列（保留称号）",
    DesignationStatus.REVOKED: "已撤牌/摘牌",
}
# Excellence support rests on a recorded achievement [Y15]: entered in the service, not here.
IMPORTED_GRANT_LABELS = {
    kind: label for kind, label in GRANT_KIND_LABELS.items() if kind is not GrantKind.EXCELLENCE
}
# Each programme's own word for its one-off money (乐山's 一次性奖励 [L 三]) is read as well; a
# user's own tree offers its programmes' words (``offering_grant_words``).
ONE_OFF_WORDS = MappingProxyType(
    {
        word: GrantKind.ONE_OFF.value
        for s in all_schemes()
        if (word := grant_kind_label(GrantKind.ONE_OFF, s.settings))
        != IMPORTED_GRANT_LABELS[GrantKind.ONE_OFF]
    }
)
# Each programme's own word for a lost title (杨浦's 已撤牌 [Y12], the city's 已摘牌 [S9]), as an
# export writes it, is read as well as the drop-down's combined 已撤牌/摘牌.
REVOKED_WORDS = MappingProxyType(
    {
        label: DesignationStatus.REVOKED.value
        for s in all_schemes()
        if (label := designation_status_label(DesignationStatus.REVOKED, s.settings.code))
        != IMPORTED_STATUS_LABELS[DesignationStatus.REVOKED]
    }
)
YES_NO = MappingProxyType({"是": "1", "否": "0"})
# An export shows ID numbers masked (3101**********0018) and names each person by the service's
# 人员编号 beside them; a masked number is read as "unchanged", the number says whose [DOMAIN §1].
PERSON_NUMBER_OF = MappingProxyType({"id_card": "person_no", "leader_id_card": "leader_no"})


def person_number(key: str, header: str) -> Column:
    return Column(key, header, "int", width=12, optional=True)


UNIONS = Sheet(
    "工会",
    (
        path_column("path", "工会路径"),
        Column("level", "层级", "choice", True, _labels(UNION_LEVEL_LABELS), 20),
        Column("doc_prefix", "文号前缀", max_len=20),
        Column("region_code", "地区代码", max_len=40),
        Column("cutover_on", "系统启用日期", "date"),
    ),
    ("path",),
    "每行一个工会；工会路径从市总工会写起，用“/”分隔，上级须已存在或在本表中更靠前。"
    "系统启用日期（切换日）之前到期的检查、备案、考核视为已办结，之后按规则提醒。",
)
CONTACTS = Sheet(
    "联系人",
    (
        path_column("union", "工会路径"),
        Column("name", "姓名", required=True, max_len=100),
        Column("email", "邮箱", required=True, width=28, max_len=254),
        Column("role", "角色", "choice", True, _labels(CONTACT_ROLE_LABELS)),
    ),
    ("union", "email"),
    "提醒邮件发给工会联系人；同一工会内以邮箱区分。",
)
PERSONS = Sheet(
    "人员",
    (
        Column("id_card", "身份证号", required=True, width=22, max_len=18),
        Column("name", "姓名", required=True, max_len=100),
        Column("gender", "性别", "choice", True, _labels(GENDER_LABELS), 8),
        Column("birth_date", "出生日期", "date", True),
        Column(
            "retirement_group", "退休年龄类别", "choice", False, _labels(RETIREMENT_GROUP_LABELS)
        ),
        path_column("union", "所属工会路径", required=False),
        Column("is_union_member", "是否工会会员", "choice", False, YES_NO, 10),
        Column("employer", "工作单位", width=28),
        Column("employment_status", "在职状态", "choice", False, _labels(EMPLOYMENT_STATUS_LABELS)),
        Column("skill_level", "技能等级", "choice", False, _labels(SKILL_LEVEL_LABELS)),
        Column("professional_title", "职称", max_len=100),
        Column("education", "学历", max_len=50),
        person_number("person_no", "人员编号"),
    ),
    ("id_card",),
    "以身份证号或人员编号识别人员（导入时核对身份证号的校验位与出生日期）。导出的文件中身份证号只显示前4位和后4位，"
    "并以“人员编号”识别已登记的人员：保留两者即为不变；新增人员或更正身份证号时填写完整号码。"
    "未登记身份证号的人员身份证号为空，以人员编号识别（各表中指向该人员的行同样保留人员编号）。",
)
HONOURS = Sheet(
    "荣誉",
    (
        Column("id_card", "身份证号", required=True, width=22, max_len=18),
        Column("honour", "荣誉", "choice", True, _labels(HONOUR_LABELS), 24),
        Column("year", "获得年份", "int", True),
        person_number("person_no", "人员编号"),
        # 上海工匠's 公示名单 or 批准文号 [G] 三（五）、四; a file of an older template lacks it.
        Column("reference", "授予依据", max_len=100, width=30, optional=True),
    ),
    ("id_card", "honour", "year"),
    "每行一项荣誉；人员须在“人员”表中或已登记（脱敏的身份证号以人员编号识别）。"
    "经年度选树授予的个人称号须填写授予依据（命名文件文号或公示名单），其他荣誉可填。",
)
WORKSHOPS = Sheet(
    "工作室",
    (
        path_column("union", "所在单位工会路径"),
        Column("name", "工作室名称", required=True, width=36),
        Column("host_unit_name", "所在单位", required=True, width=28),
        Column("host_unit_nature", "单位性质", "choice", True, _labels(UNIT_NATURE_LABELS)),
        Column("founded_on", "成立日期", "date", True),
        Column("leader_id_card", "带头人身份证号", required=True, width=22, max_len=18),
        Column("address", "地址", width=28, max_len=300),
        Column("venue_area_sqm", "场所面积（㎡）", "decimal"),
        Column("specialty", "专业领域"),
        Column("innovation_direction", "攻关方向"),
        person_number("leader_no", "带头人人员编号"),
    ),
    ("union", "name"),
    "以所在单位工会路径和工作室名称识别工作室；所在单位工会须为基层单位工会。",
)
MEMBERS = Sheet(
    "成员",
    (
        path_column("union", "所在单位工会路径"),
        Column("workshop", "工作室名称", required=True, width=36),
        Column("id_card", "身份证号", required=True, width=22, max_len=18),
        Column("joined_on", "加入日期", "date", True),
        Column("left_on", "离开日期", "date"),
        Column("role", "角色", max_len=100),
        Column("trade", "工种", max_len=100),
        Column("years_of_work", "工作年限", "int"),
        person_number("person_no", "人员编号"),
    ),
    ("union", "workshop", "id_card", "joined_on"),
    "带头人不计入成员；同一人同一时期只能在一个工作室登记一次。",
)
DESIGNATIONS = Sheet(
    "命名",
    (
        Column("scheme", "命名方案", "choice", True, scheme_labels(), 30),
        Column("number", "命名编号", required=True, max_len=40),
        path_column("union", "所在单位工会路径"),
        Column("workshop", "工作室名称", required=True, width=36),
        Column("title", "工作室称号", required=True, width=40, max_len=300),
        Column("naming_date", "命名日期", "date", True),
        path_column("naming_union", "命名单位路径"),
        Column("naming_ref", "命名文号", max_len=200),
        Column(
            "status",
            "当前状态",
            "choice",
            True,
            _labels(IMPORTED_STATUS_LABELS),
            24,
            aliases=REVOKED_WORDS,
        ),
        Column("status_on", "状态生效日期", "date"),
        Column("status_ref", "状态决定文号", max_len=200),
    ),
    ("scheme", "number"),
    "以命名方案和命名编号识别命名；同一工作室同一方案只能有一个有效命名，往年已命名的不再重复申报（[Y7]）。"
    "已退出或已撤牌的须填写状态生效日期和决定文号。",
)
GRANTS = Sheet(
    "拨款",
    (
        Column("scheme", "命名方案", "choice", True, scheme_labels(), 30),
        Column("number", "命名编号", required=True, max_len=40),
        Column(
            "kind",
            "拨款类别",
            "choice",
            True,
            _labels(IMPORTED_GRANT_LABELS),
            20,
            aliases=ONE_OFF_WORDS,
        ),
        Column("approval_ref", "批准文号", required=True, max_len=200),
        Column("approved_on", "批准日期", "date", True),
        Column("paid_on", "到账日期", "date"),
        Column("amount_yuan", "金额（元）", "decimal"),
        path_column("paying_union", "拨付工会路径", required=False),
    ),
    ("scheme", "number", "kind", "approval_ref"),
    "一次性补贴每个命名只拨一次（[Y14][S10]）；金额不填时按方案规定。",
)

# 「每年期末」 [S9]: a year's steps are dated from this day of the year (readings D1a, D1b).
_OPENS = get_scheme("shanghai-model-worker").settings.annual_assessment_opens
ASSESSMENT_STEP_LABELS = {"unit": "单位工会", "district": "区局（产业）工会", "city": "市总工会"}
# 合格 / 不合格 at the unit and district steps; at the city step 保留 (passed) or 摘牌 [S9].
VERDICT_LABELS = MappingProxyType({"通过（合格/保留）": "1", "不通过（不合格/摘牌）": "0"})
ASSESSMENTS = Sheet(
    "考核",
    (
        Column("scheme", "命名方案", "choice", True, scheme_labels(), 30),
        Column("number", "命名编号", required=True, max_len=40),
        Column("year", "考核年度", "int", True),
        Column("step", "考核环节", "choice", True, _labels(ASSESSMENT_STEP_LABELS), 18),
        Column("passed", "结论", "choice", True, VERDICT_LABELS, 20),
        Column("decided_on", "日期", "date", True),
        Column("signer", "签署人", required=True, max_len=100),
        Column("opinion", "考核意见", required=True, width=40, max_len=2000),
        Column("decision_ref", "决定文号", max_len=200),
    ),
    ("scheme", "number", "year", "step"),
    "年度考核按单位工会、区局（产业）工会、市总工会的顺序逐级填写（[S9]）；"
    "已导入的考核结论决定该年度，例如已申请摘牌的仍待市总工会决定。"
    f"考核在每年期末进行，各环节日期不早于考核年度的{_OPENS[0]}月{_OPENS[1]}日"
    "（命名当年同样考核）。已撤牌/摘牌或退出的命名，各环节日期不晚于其状态生效日期，"
    "届时尚未办结的年度随之终止办理。",
)

SHEETS: tuple[Sheet, ...] = (
    UNIONS,
    CONTACTS,
    PERSONS,
    HONOURS,
    WORKSHOPS,
    MEMBERS,
    DESIGNATIONS,
    GRANTS,
    ASSESSMENTS,
    INSPECTIONS,
    NOTICES,
    FILINGS,
)
INSTRUCTIONS = "填写说明"


def in_words(sheet: Sheet, wording: UnionWording) -> Sheet:
    """``sheet`` with its drop-downs naming union levels in a city's words (乐山's
    县（市、区）总工会 [L 一]): the 工会 sheet's 层级 and the 考核 sheet's 考核环节; Shanghai's
    names of the renamed levels are still read (files filled before)."""
    if not wording.renamed:
        return sheet
    if sheet.name == UNIONS.name:
        words = {value: wording.level(value) for value in UNION_LEVEL_LABELS}
        return _offering(sheet, "level", _labels(words))
    if sheet.name == ASSESSMENTS.name:
        steps = {
            step: wording.level(UnionLevel.DISTRICT) if step == "district" else label
            for step, label in ASSESSMENT_STEP_LABELS.items()
        }
        return _offering(sheet, "step", _labels(steps))
    return sheet


def offering_schemes(sheet: Sheet, schemes: Collection[str]) -> Sheet:
    """``sheet`` whose 命名方案 drop-down offers only ``schemes`` (codes: the user's own city
    tree's programmes), the others still read (and refused, if they are, by the use case)."""
    if not schemes or not any(c.key == "scheme" for c in sheet.columns):
        return sheet
    choices = sheet.column("scheme").choices
    assert choices is not None
    own = {label: code for label, code in choices.items() if code in schemes}
    return _offering(sheet, "scheme", MappingProxyType(own)) if own else sheet


def offering_grant_words(sheet: Sheet, schemes: Collection[str]) -> Sheet:
    """``sheet`` whose 拨款类别 drop-down names the one-off money as ``schemes`` (codes: the
    user's own city tree's programmes) do, 乐山's 一次性奖励 [L 三]; the sheet's own words are
    still read there (files filled before), another city's word is not. The whole registry's
    sheet offers the sheets' words and reads every programme's."""
    if sheet.name != GRANTS.name or not schemes:
        return sheet
    words = {
        grant_kind_label(kind, get_scheme(code).settings): kind.value
        for code in schemes
        for kind in IMPORTED_GRANT_LABELS
    }
    return _offering(sheet, "kind", MappingProxyType(words), other_aliases=False)


def offering_only(sheet: Sheet, key: str, values: Collection[str]) -> Sheet:
    """``sheet`` whose ``key`` drop-down offers only its choices whose value is among ``values``
    (what the user's own tree can hold); the others are still read, and refused where they
    are by the import's rules."""
    if not any(c.key == key for c in sheet.columns):
        return sheet
    choices = sheet.column(key).choices
    assert choices is not None
    own = {label: value for label, value in choices.items() if value in values}
    if not own or len(own) == len(choices):
        return sheet
    return _offering(sheet, key, MappingProxyType(own))


def _offering(
    sheet: Sheet, key: str, words: Mapping[str, str], *, other_aliases: bool = True
) -> Sheet:
    """``sheet`` whose ``key`` drop-down offers ``words``; its other labels read as aliases, and
    the column's own aliases too unless ``other_aliases`` is False (another city's words)."""
    column = sheet.column(key)
    assert column.choices is not None
    older = {label: value for label, value in column.choices.items() if label not in words}
    aliases = {**column.aliases, **older} if other_aliases else older
    changed = replace(column, choices=words, aliases=MappingProxyType(aliases))
    return replace(sheet, columns=tuple(changed if c is column else c for c in sheet.columns))


TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
