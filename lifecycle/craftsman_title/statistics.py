"""附件3 《“上海工匠”培养选树工作情况统计表》 per recommending union or association [G] 五（四）."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook

from lifecycle.craftsman_title.model import CraftsmanApplication, LocalSelection
from lifecycle.craftsman_title.repository import CraftsmanRepository
from lifecycle.craftsman_title.rules import Channel
from lifecycle.craftsman_title.stages import Status
from lifecycle.errors import NotFound
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel
from lifecycle.workbooks import append_row, print_layout

HEADERS = (
    "区局（产业）工会/社团",
    "是否开展本地区、本系统工匠培养选树",
    "活动参与人数",
    "本地区、本系统工匠选树人数",
    "申报“上海工匠”人数（单位、社团推荐）",
    "其中个人自荐人数",
    "获得“上海工匠”人数",
)


@dataclass(frozen=True)
class Row:
    body: str
    ran_local: bool
    participants: int
    local_craftsmen: int
    recommended: int
    self_applied: int
    granted: int


def _key(app: CraftsmanApplication) -> tuple[str, int | str]:
    if app.channel == Channel.ASSOCIATION and app.association_name:
        return ("association", app.association_name)
    return ("union", app.district_union_id)


def tally(
    apps: Iterable[CraftsmanApplication],
    locals_: Iterable[LocalSelection],
    names: dict[int, str],
) -> list[Row]:
    """Counts per recommending body: unions by district, associations by name (pure)."""
    bodies: dict[tuple[str, int | str], list[int]] = {}
    for loc in locals_:
        key: tuple[str, int | str] = (
            ("association", loc.association_name)
            if loc.association_name
            else ("union", loc.union_id or 0)
        )
        bodies[key] = [1, loc.participants, loc.local_craftsmen, 0, 0, 0]
    for app in apps:
        figures = bodies.setdefault(_key(app), [0, 0, 0, 0, 0, 0])
        figures[4 if app.channel == Channel.SELF else 3] += 1
        figures[5] += app.status == Status.GRANTED
    rows = []
    for (kind, ident), f in bodies.items():
        body = str(ident) if kind == "association" else names.get(int(ident), str(ident))
        rows.append(Row(body, bool(f[0]), f[1], f[2], f[3], f[4], f[5]))
    return sorted(rows, key=lambda r: r.body)


def statistics_rows(
    uow: UnitOfWork, selection_id: int, *, scope: Scope, union_id: int | None = None
) -> list[Row]:
    """The 统计表 figures of the bodies the caller's scope covers (one district if given)."""
    repo = CraftsmanRepository(uow.session)
    if repo.selection(selection_id) is None:
        raise NotFound("该年度选树不存在", field="selection_id")
    apps = list(repo.applications(selection_id, scope))
    district_id: int | None = None
    if union_id is not None:
        union = uow.unions.get(union_id, scope)
        if union is None:
            raise NotFound("工会不存在或不在管辖范围内", field="union_id")
        district_id = (uow.unions.ancestor_at_level(union, UnionLevel.DISTRICT) or union).id
        apps = [
            a
            for a in apps
            if a.district_union_id == district_id and a.channel != Channel.ASSOCIATION
        ]
    locals_ = [
        loc
        for loc in repo.local_selections(selection_id)
        if scope.path_prefix is None or loc.union_id is not None
    ]
    names: dict[int, str] = {}
    for body_id in {a.district_union_id for a in apps} | {
        loc.union_id for loc in locals_ if loc.union_id
    }:
        body = uow.unions.get(body_id, scope)
        if body is not None:
            names[body.id] = body.name
    # A district officer sees only its own district's row; the city sees every body.
    kept = [
        loc
        for loc in locals_
        if (loc.union_id is None or loc.union_id in names)
        and (district_id is None or loc.union_id == district_id)
    ]
    return tally(apps, kept, names)


def statistics_workbook(
    uow: UnitOfWork, selection_id: int, *, scope: Scope, union_id: int | None = None
) -> bytes:
    """附件3 as a printable workbook, every cell through ``lifecycle.workbooks``."""
    year = CraftsmanRepository(uow.session).selection(selection_id)
    rows = statistics_rows(uow, selection_id, scope=scope, union_id=union_id)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "统计表"
    append_row(ws, ["“上海工匠”培养选树工作情况统计表"])
    append_row(ws, HEADERS)
    for r in rows:
        flag = "是" if r.ran_local else "否"
        append_row(
            ws,
            [
                r.body,
                flag,
                r.participants,
                r.local_craftsmen,
                r.recommended,
                r.self_applied,
                r.granted,
            ],
        )
    title = f"{year.year if year else ''}年度“上海工匠”培养选树工作情况统计表"
    print_layout(ws, title, header_row=2, columns=len(HEADERS))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
