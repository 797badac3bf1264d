"""Statistics forms from the data: [C] 附件2 per district union and the [L] 推荐汇总表 (附件2)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from openpyxl import Workbook

from lifecycle.errors import ValidationFailed
from lifecycle.intake.batches import batch_members, earlier_members
from lifecycle.intake.model import Application, Batch, IntakeCall
from lifecycle.intake.repository import IntakeRepository
from lifecycle.ledgers.model import AchievementKind
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union, UnionContact
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel
from lifecycle.workbooks import append_row, print_layout

PATENT_KINDS = (
    AchievementKind.INVENTION_PATENT,
    AchievementKind.UTILITY_PATENT,
    AchievementKind.DESIGN_PATENT,
)


@dataclass(frozen=True)
class Annex2:
    """The figures of 附件2 for one district union, computed from plain facts [C 三（四）]."""

    union_name: str
    contact: str
    phone: str
    ran_local_creation: bool | None  # None: not known to the service (a 社团 names nothing)
    studios_created: int | None
    achievements: int
    alliance_activities: int
    patents: tuple[int, int, int]  # invention, utility, design
    recommended: tuple[tuple[str, str, str], ...]  # 申报单位, 工作室名称, 领衔人 (ranking order)
    association: bool = False  # a 社团's form [C 三（四）]: its own name and opinion


def blank(value: object) -> object:
    """A figure of the form, blank where the service does not know it (filled in by hand)."""
    return "" if value is None else value


def annex2_figures(
    union: Union,
    contact: UnionContact | None,
    *,
    district_titles: int,
    achievement_kinds: Sequence[AchievementKind],
    activities: int,
    recommended: Sequence[tuple[str, str, str]],
) -> Annex2:
    """附件2: a union ran local creation when it has named district titles of its own; a 社团
    names none, so what it ran is its to fill in, and its figures are those of the teams that
    applied through it [C 二（二）][C 三（四）]."""
    kinds = Counter(achievement_kinds)
    association = union.level is UnionLevel.ASSOCIATION
    return Annex2(
        union.name,
        contact.name if contact else "",
        (contact.phone or contact.email) if contact else "",
        None if association else district_titles > 0,
        None if association else district_titles,
        len(achievement_kinds),
        activities,
        (
            kinds[AchievementKind.INVENTION_PATENT],
            kinds[AchievementKind.UTILITY_PATENT],
            kinds[AchievementKind.DESIGN_PATENT],
        ),
        tuple(recommended),
        association,
    )


def _recommended(uow: UnitOfWork, members: Sequence[Application]) -> list[tuple[str, str, str]]:
    rows = []
    for a in members:
        shop = uow.workshops.get(a.workshop_id, scope=EVERYTHING)
        assert shop is not None
        rows.append(
            (
                str(a.form.get("unit_name") or shop.host_unit_name),
                str(a.form.get("studio_name") or shop.name),
                shop.leader.name,
            )
        )
    return rows


def statistics_filename(uow: UnitOfWork, batch: Batch, call: IntakeCall) -> str:
    """The download's name as its form is called, with the recommending union: [L] 推荐汇总表,
    [C] 附件2 创建情况统计表."""
    union = uow.unions.get(batch.union_id, scope=EVERYTHING)
    form = "推荐汇总表" if call.scheme_code == "leshan-city" else "创建情况统计表"
    return f"{form}-{union.name if union else batch.union_id}.xlsx"


def statistics_workbook(uow: UnitOfWork, batch: Batch, call: IntakeCall, as_of: date) -> bytes:
    """The scheme's statistics form for one recommending union's batch, printable: the union's
    one form for the call, so a supplementary batch's lists the batches sent before it too
    (reading I7)."""
    union = uow.unions.get(batch.union_id, scope=EVERYTHING)
    assert union is not None
    members = earlier_members(uow, batch) + batch_members(uow, batch)
    if call.scheme_code == "shanghai-craftsman":
        titles, kinds, activities = IntakeRepository(uow.session).subtree_facts(union, as_of)
        figures = annex2_figures(
            union,
            uow.unions.first_contact(union.id),
            district_titles=titles,
            achievement_kinds=kinds,
            activities=activities,
            recommended=_recommended(uow, members),
        )
        return _annex2_workbook(figures, call.year, as_of)
    if call.scheme_code == "leshan-city":
        return _leshan_workbook(uow, union, batch, members, as_of)
    raise ValidationFailed(
        f"{get_scheme(call.scheme_code).settings.name}没有统计报表",
        field="batch_id",
        code="no_form",
    )


def _save(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _annex2_workbook(f: Annex2, year: int, as_of: date) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "创建情况"
    append_row(ws, [""])
    append_row(ws, ["项目", "内容"])
    who = "社团" if f.association else "区局（产业）工会"
    for label, value in (
        (f"{who}名称", f.union_name),
        ("联系人", f.contact),
        ("联系方式", f.phone),
        (
            "是否开展本地区、本系统工作室创建活动（附方案、小结等）",
            blank(None if f.ran_local_creation is None else "是" if f.ran_local_creation else "否"),
        ),
        ("本地区、本系统工匠创新工作室创建数", blank(f.studios_created)),
        ("本地区、本系统创新工作室创新成果数量", f.achievements),
        ("本地区、本系统创新工作室联盟（交流）活动次数", f.alliance_activities),
        ("创新成果专利情况：发明专利（项）", f.patents[0]),
        ("创新成果专利情况：实用新型（项）", f.patents[1]),
        ("创新成果专利情况：外观设计（项）", f.patents[2]),
    ):
        append_row(ws, [label, value])
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 40
    print_layout(
        ws, "区局（产业）工会工匠创新工作室创建情况统计表", header_row=2, columns=2, as_of=as_of
    )
    listing = wb.create_sheet("申报汇总")
    append_row(listing, [""])
    append_row(listing, ["序号", "申报单位", "工作室名称", "领衔人"])
    for i, (unit, studio, leader) in enumerate(f.recommended, start=1):
        append_row(listing, [i, unit, studio, leader])
    for col, width in zip("ABCD", (8, 36, 40, 14), strict=True):
        listing.column_dimensions[col].width = width
    print_layout(
        listing, f"{year}年度上海市工匠创新工作室申报汇总情况", header_row=2, columns=4, as_of=as_of
    )
    # The form ends in the district union's opinion, seal and date, filled in by hand [C 附件2];
    # written after the layout so the list's filter stops at its last row.
    append_row(listing, [""])
    append_row(listing, [f"{who}意见", ""])
    append_row(listing, ["", "", "盖章：", ""])
    append_row(listing, ["", "", "年    月    日", ""])
    return _save(wb)


LESHAN_HEADER = (
    "序号",
    "创新工作室所属单位名称",
    "创新工作室名称",
    "创建时间",
    "负责人（带头人）姓名",
    "工作单位及职务",
    "是否荣获各级各类劳动模范（先进工作者）、工匠称号，若是，请注明何年获何种劳动模范称号",
    "联系电话",
    "创新工作室成员人数（人）",
    "工作场地面积（㎡）",
    "仪器设备（台/套）",
    "年均专项经费（万元）",
    "创新课题或攻关项目累计（项）",
    "创新成果数累计（项）",
    "专利数累计（项）",
    "创新成果转化应用节创经济效益累计（万元）",
)


# 附件2's own closing lines, printed under the list.
LESHAN_REQUIREMENTS = (
    "填表要求：1.以上项目须逐项如实填写，不得漏项。2.申报的工作室数量超过1个的，请予排序。"
)


def _figure(value: object) -> object:
    """A figure of the form (㎡, 万元: kept as its decimal text) as a number Excel sums; a blank
    stays blank, and anything else as it was typed (never lost)."""
    if value is None or value == "":
        return ""
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return value


def leshan_row(rank: int, leader_name: str, form: dict[str, Any]) -> list[object]:
    """One line of the 汇总表 from the 推荐审批表 [L 附件2], every figure a number; patents =
    utility + invention."""
    patents = int(form.get("patents_utility") or 0) + int(form.get("patents_invention") or 0)
    return [
        rank,
        form.get("unit_name") or "",
        form.get("studio_name") or "",
        form.get("founded") or "",
        leader_name,
        form.get("leader_unit_position") or "",
        form.get("leader_honours") or "",
        form.get("leader_phone") or "",
        form.get("n_total"),
        _figure(form.get("area")),
        form.get("equipment"),
        _figure(form.get("funds")),
        form.get("projects_total"),
        form.get("achievements_total"),
        patents,
        _figure(form.get("benefit")),
    ]


def _leshan_workbook(
    uow: UnitOfWork, union: Union, batch: Batch, members: Sequence[Application], as_of: date
) -> bytes:
    """附件2: 推荐单位（盖章） and 填报人 (the batch's 报送人, blank until it is submitted)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "推荐汇总表"
    append_row(ws, [""])
    signer = f"填报人：{batch.submitted_by or ''}"
    append_row(ws, [f"推荐单位（盖章）：{union.name}", "", "", "", signer])
    append_row(ws, list(LESHAN_HEADER))
    for i, a in enumerate(members, start=1):
        shop = uow.workshops.get(a.workshop_id, scope=EVERYTHING)
        assert shop is not None
        append_row(ws, leshan_row(a.rank or i, shop.leader.name, a.form))
    print_layout(
        ws, "乐山市劳模和工匠人才创新工作室推荐汇总表", header_row=3, columns=16, as_of=as_of
    )
    for col, width in zip("ABCDEFGH", (6, 24, 30, 12, 12, 20, 30, 14), strict=True):
        ws.column_dimensions[col].width = width
    # The form ends in its 填表要求 [L 附件2]; written after the layout so the list's filter
    # stops at its last row.
    append_row(ws, [""])
    append_row(ws, [LESHAN_REQUIREMENTS])
    return _save(wb)
