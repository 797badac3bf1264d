"""附件3 《“上海工匠”培养选树工作情况统计表》 per recommending union or association [G] 五（四）."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook

from lifecycle.craftsman_title.model import CraftsmanApplication, LocalSelection
from lifecycle.craftsman_title.repository import CraftsmanRepository
from lifecycle.craftsman_title.rules import Channel
from lifecycle.craftsman_title.stages import Status
from lifecycle.designations.authority import NotAuthorised
from lifecycle.errors import NotFound
from lifecycle.scope import Scope
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import ContactRole, Honour, UnionLevel
from lifecycle.workbooks import append_row, print_layout

HEADERS = (
    "区局（产业）工会/社团",
    "联系人",
    "联系方式",
    "何时起开展工匠培养选树命名活动（年）",
    "历年活动参与总人数",
    "历年本地区、本系统工匠选树总人数",
    "历年申报“上海工匠”总人数",
    "历年获得“上海工匠”总人数",
    "是否有下属工会开展工匠培养选树命名活动",
    "本年度是否开展本地区、本系统工匠培养选树命名活动",
    "本年度活动参与人数",
    "本年度本地区、本系统工匠选树人数",
    "本年度申报“上海工匠”人数",
    "其中个人自荐人数",
    "本年度获得“上海工匠”人数",
    "参与活动职工月平均可支配收入（元）",
)
INCOME_COLUMN = len(HEADERS)  # 1-based: the last column, yuan with two decimals
AMOUNT_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Body:
    """A recommending body as the sheet names it: a district-level union or an association."""

    id: int
    name: str
    contact: str
    contact_way: str


@dataclass(frozen=True)
class Row:
    body: str
    contact: str
    contact_way: str
    since_year: int | None
    total_participants: int
    total_local_craftsmen: int
    total_applied: int
    total_granted: int
    subordinate_selections: bool
    ran_local: bool
    participants: int
    local_craftsmen: int
    applied: int
    self_applied: int
    granted: int
    average_income_fen: int | None


def body_of(app: CraftsmanApplication) -> int:
    """The body an application counts for: its association, else its district union."""
    if app.channel == Channel.ASSOCIATION and app.association_id is not None:
        return app.association_id
    return app.district_union_id


def tally(
    year: int,
    bodies: list[Body],
    apps: Iterable[tuple[CraftsmanApplication, int]],
    locals_: Iterable[tuple[LocalSelection, int]],
    holders: Iterable[tuple[int, int]],
) -> list[Row]:
    """The 附件3 figures of each body from the records up to ``year`` (pure).

    ``holders``: (person, body) of each holder of the title. 历年 counts persons: those who
    applied, and every holder (the title is only granted to an applicant [G] 四, whether the
    application is on record here or predates the service), so 获得 never exceeds 申报. This
    year's 申报 counts every channel, 其中个人自荐 the self-applications among them.
    """
    wanted = {b.id for b in bodies}
    # A withdrawn application was taken back before any decision: not counted as 申报 (G9).
    mine = [(a, y) for a, y in apps if body_of(a) in wanted and a.status != Status.WITHDRAWN]
    records = [(loc, y) for loc, y in locals_ if loc.union_id in wanted]
    held = [(person, body) for person, body in holders if body in wanted]
    rows = []
    for b in bodies:
        history = [(loc, y) for loc, y in records if loc.union_id == b.id]
        this = next((loc for loc, y in history if y == year), None)
        declared = [loc.since_year for loc, _ in history if loc.since_year is not None]
        ever = [a for a, _ in mine if body_of(a) == b.id]
        now = [a for a, y in mine if body_of(a) == b.id and y == year]
        granted_ever = {person for person, body in held if body == b.id}
        rows.append(
            Row(
                body=b.name,
                contact=b.contact,
                contact_way=b.contact_way,
                since_year=min(declared + [y for _, y in history], default=None),
                total_participants=sum(loc.participants for loc, _ in history),
                total_local_craftsmen=sum(loc.local_craftsmen for loc, _ in history),
                total_applied=len({a.person_id for a in ever} | granted_ever),
                total_granted=len(granted_ever),
                subordinate_selections=bool(this and this.subordinate_selections),
                ran_local=this is not None,
                participants=this.participants if this else 0,
                local_craftsmen=this.local_craftsmen if this else 0,
                applied=len(now),
                self_applied=sum(a.channel == Channel.SELF for a in now),
                granted=sum(a.status == Status.GRANTED for a in now),
                average_income_fen=this.average_income_fen if this else None,
            )
        )
    return sorted(rows, key=lambda r: r.body)


def _body(union: Union) -> Body:
    officers = [c for c in union.contacts if c.role == ContactRole.OFFICER] or union.contacts
    first = officers[0] if officers else None
    way = (first.phone or first.email) if first else ""
    return Body(union.id, union.name, first.name if first else "", way)


def filing_body(uow: UnitOfWork, union: Union) -> Union:
    """The body that files 附件3 for ``union``: its association or district union (the top of
    the tree for a union under neither)."""
    if union.level == UnionLevel.ASSOCIATION:
        return union
    return uow.unions.ancestor_at_level(union, UnionLevel.DISTRICT) or union


def readable_body(uow: UnitOfWork, union: Union, scope: Scope) -> Union | None:
    """The body filing 附件3 for ``union`` if the reader's scope covers it: the sheet is the
    body's figures (its whole district's), so a reader below the body reads none (DOMAIN §1)."""
    body = filing_body(uow, union)
    return body if scope.covers_path(body.path) else None


def _asked_body(uow: UnitOfWork, union_id: int, scope: Scope) -> Union:
    """The body the reader asks for by one of its unions, refused when it lies above them."""
    union = uow.unions.get(union_id, scope)
    if union is None:
        raise NotFound("工会不存在或不在管辖范围内", field="union_id")
    body = readable_body(uow, union, scope)
    if body is None:
        name = filing_body(uow, union).name
        raise NotAuthorised(
            f"附件3统计表是{name}的汇总数字（由{name}填报），只有{name}及上级工会可以读取",
            field="union_id",
        )
    return body


def _holders_by_body(
    uow: UnitOfWork, holders: Iterable[tuple[int, int]], scope: Scope
) -> list[tuple[int, int]]:
    """Each holder with the body their union files 附件3 under (holders outside scope left out)."""
    bodies: dict[int, int | None] = {}
    out = []
    for person, union_id in holders:
        if union_id not in bodies:
            union = uow.unions.get(union_id, scope)
            bodies[union_id] = filing_body(uow, union).id if union is not None else None
        body = bodies[union_id]
        if body is not None:
            out.append((person, body))
    return out


def statistics_rows(
    uow: UnitOfWork, selection_id: int, *, scope: Scope, union_id: int | None = None
) -> list[Row]:
    """The 统计表 figures of the bodies the caller's scope covers (one body if ``union_id``:
    the body filing for that union, which the scope must cover)."""
    repo = CraftsmanRepository(uow.session)
    selection = repo.selection(selection_id)
    if selection is None:
        raise NotFound("该年度选树不存在", field="selection_id")
    apps = repo.applications_up_to(selection.year, scope)
    locals_ = repo.local_selections_up_to(selection.year)
    titled = repo.honour_holders(Honour.SHANGHAI_CRAFTSMAN, up_to=selection.year, scope=scope)
    holders = _holders_by_body(uow, titled, scope)
    if union_id is not None:
        found = [_asked_body(uow, union_id, scope)]
    else:
        ids = (
            {body_of(a) for a, _ in apps}
            | {loc.union_id for loc, _ in locals_}
            | {body for _, body in holders}
        )
        found = [u for u in (uow.unions.get(i, scope) for i in sorted(ids)) if u is not None]
    return tally(selection.year, [_body(u) for u in found], apps, locals_, holders)


def _cells(r: Row) -> list[object]:
    def yes(flag: bool) -> str:
        return "是" if flag else "否"

    income = r.average_income_fen
    return [
        r.body,
        r.contact,
        r.contact_way,
        r.since_year if r.since_year is not None else "",
        r.total_participants,
        r.total_local_craftsmen,
        r.total_applied,
        r.total_granted,
        yes(r.subordinate_selections),
        yes(r.ran_local),
        r.participants,
        r.local_craftsmen,
        r.applied,
        r.self_applied,
        r.granted,
        Decimal(income).scaleb(-2) if income is not None else None,  # exact yuan, never a float
    ]


def statistics_download(
    uow: UnitOfWork, selection_id: int, *, scope: Scope, union_id: int | None = None
) -> tuple[bytes, str]:
    """附件3 and its file name in Chinese: the year's form, one union's named after it."""
    year = CraftsmanRepository(uow.session).selection(selection_id)
    rows = statistics_rows(uow, selection_id, scope=scope, union_id=union_id)
    form = f"{year.year if year else ''}年度“上海工匠”培养选树工作情况统计表"
    filename = f"{form}-{rows[0].body}.xlsx" if union_id is not None and rows else f"{form}.xlsx"
    return _statistics_bytes(year.year if year else None, rows), filename


def _statistics_bytes(year: int | None, rows: list[Row]) -> bytes:
    """附件3 as a printable workbook, every cell through ``lifecycle.workbooks``."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "统计表"
    append_row(ws, ["“上海工匠”培养选树工作情况统计表"])
    append_row(ws, HEADERS)
    for r in rows:
        line = append_row(ws, _cells(r))
        ws.cell(row=line, column=INCOME_COLUMN).number_format = AMOUNT_FORMAT
    title = f"{year or ''}年度“上海工匠”培养选树工作情况统计表"
    print_layout(ws, title, header_row=2, columns=len(HEADERS))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
