"""「即将退休的领衔人」: leaders reaching the legal retirement age within a horizon, per union
subtree, each with what must then be done (渐进式延迟法定退休年龄办法; [Y13][S9][C 三（六）])."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from openpyxl import Workbook

from lifecycle.calendar.retirement import (
    LegalRetirement,
    add_months,
    births_retiring_between,
    legal_retirement,
)
from lifecycle.citations import cite
from lifecycle.clock import chinese_date
from lifecycle.errors import NotFound, Problems
from lifecycle.schemes import LeaderExitPolicy, all_schemes, get_scheme
from lifecycle.schemes.base import SchemeSettings
from lifecycle.schemes.words import leader_words
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.views.paging import Paged
from lifecycle.vocab import RetirementGroup
from lifecycle.workbooks import append_row, print_layout

MAX_HORIZON_MONTHS = 60
PER_PAGE = 50  # rows a page, as on the other lists

# What follows the legal retirement date under each scheme's policy, citing the article.
NEXT_STEP = {
    LeaderExitPolicy.CONTINUE_WITH_CONSENT: cite(
        "到龄前登记本人愿意继续领衔及所在单位同意，或由区总工会变更带头人（[Y13]）"
    ),
    LeaderExitPolicy.CHANGE_REQUEST: cite(
        "退休后报送管理变更申请（附件3），由市总工会审定领衔人变更、退出管理序列或摘牌"
        "（[C 三（六）]）"
    ),
    LeaderExitPolicy.REVOKE: cite(
        "退休后报送管理变更申请（附件3），向上海市总工会申请摘牌（[S9]）"
    ),
}


def next_step(settings: SchemeSettings, consented_on: date | None) -> str:
    """What the row asks: a Yangpu leader whose and whose unit's consent to go on leading is
    already on record (the unit's, ``consented_on``) owes nothing more at the legal age [Y13];
    a scheme whose text sets nothing for a leader's retirement (乐山's notice [L]) says so by
    that text's name (not 「按本办法」: 乐山's is a 通知, no 办法)."""
    policy = settings.leader_exit_policy
    if policy is LeaderExitPolicy.NONE:
        text = cite(settings.naming_article) if settings.naming_article else settings.name
        return f"{text}未规定{settings.leader_word}退休后须办理的事项"
    if policy is LeaderExitPolicy.CONTINUE_WITH_CONSENT and consented_on is not None:
        return cite(
            f"已登记本人愿意继续领衔及所在单位同意（单位于{chinese_date(consented_on)}同意），"
            "到龄后可继续领衔（[Y13]）"
        )
    return NEXT_STEP[policy]


@dataclass(frozen=True)
class RetiringLeader:
    """One title whose leader reaches the legal retirement age inside the horizon."""

    designation_id: int
    title: str
    number: str | None
    scheme_code: str
    scheme_name: str
    leader_word: str  # the title's scheme's word: 带头人 [Y3], 领衔人 [S3][C 一（一）]
    workshop_name: str
    host_unit_name: str
    person_id: int
    name: str
    birth_date: date
    retirement_date: date
    retirement_age: str
    next_step: str

    @property
    def link(self) -> str:
        """Where to act: the leader section of the designation page."""
        return f"/designations/{self.designation_id}#leader"


def check_horizon(months: int) -> None:
    """A horizon of 1 to 60 months."""
    problems = Problems()
    if not 1 <= months <= MAX_HORIZON_MONTHS:
        problems.add("months", "out_of_range", f"期限应为1至{MAX_HORIZON_MONTHS}个月")
    problems.raise_if_any()


RetiringPage = Paged[RetiringLeader]  # one page of the list and how many rows it holds


def _due(
    uow: UnitOfWork, union_id: int, *, scope: Scope, as_of: date, months: int
) -> list[tuple[LegalRetirement, Any]]:
    """The fetched rows whose legal retirement date falls in the horizon, soonest first, each
    with that date: the whole list, before any row is shaped for showing."""
    check_horizon(months)
    if uow.unions.get(union_id, scope) is None:
        raise NotFound("工会不存在或不在管辖范围内", field="union_id")
    until = add_months(as_of, months)
    born = {group: births_retiring_between(group, as_of, until) for group in RetirementGroup}
    due = []
    for row in uow.leaders.leaders_under(union_id, scope, born):
        retirement = legal_retirement(row.birth_date, row.retirement_group)
        if as_of <= retirement.date <= until:
            due.append((retirement, row))
    return sorted(due, key=lambda d: (d[0].date, d[1].designation_id))


def _shown(retirement: LegalRetirement, row: Any) -> RetiringLeader:
    """One row as the page, the API and the workbook show it."""
    settings = get_scheme(row.scheme_code).settings
    return RetiringLeader(
        designation_id=row.designation_id,
        title=row.title,
        number=row.number,
        scheme_code=settings.code,
        scheme_name=settings.name,
        leader_word=settings.leader_word,
        workshop_name=row.workshop_name,
        host_unit_name=row.host_unit_name,
        person_id=row.person_id,
        name=row.name,
        birth_date=row.birth_date,
        retirement_date=retirement.date,
        retirement_age=retirement.age.label,
        next_step=next_step(settings, row.consented_on),
    )


def retiring_leaders(
    uow: UnitOfWork, union_id: int, *, scope: Scope, as_of: date, months: int
) -> list[RetiringLeader]:
    """Leaders in service of active titles under ``union_id`` whose legal retirement date falls
    from ``as_of`` to ``as_of`` + ``months`` (inclusive), soonest first: the whole list."""
    due = _due(uow, union_id, scope=scope, as_of=as_of, months=months)
    return [_shown(retirement, row) for retirement, row in due]


def retiring_leaders_page(
    uow: UnitOfWork,
    union_id: int,
    *,
    scope: Scope,
    as_of: date,
    months: int,
    limit: int = PER_PAGE,
    offset: int = 0,
) -> RetiringPage:
    """One page of ``retiring_leaders`` and its total; the rule decides every row (the date is
    not in the database), only the page's rows are shaped; a page past the end is empty."""
    due = _due(uow, union_id, scope=scope, as_of=as_of, months=months)
    items = [_shown(retirement, row) for retirement, row in due[offset : offset + limit]]
    return RetiringPage(items, len(due), limit, offset)


HEADERS = ("称号", "编号", "类别", "所在单位", "{leader}", "出生日期", "法定退休日期",
           "法定退休年龄", "须办理")  # fmt: skip


def retiring_filename(union_name: str, leader_word: str) -> str:
    """The list's file name in Chinese, as its title row names it."""
    return f"即将退休的{leader_word}-{union_name}.xlsx"


def leader_column(rows: list[RetiringLeader], tree_word: str) -> str:
    """The leader column's heading: the word of the schemes of the rows listed (带头人 for
    Yangpu's alone, 带头人（领衔人） for Yangpu's and the city's), the tree's with no row."""
    if not rows:
        return tree_word
    listed = {r.scheme_code for r in rows}
    # In the schemes' registration order (Yangpu's first), as every list names them.
    return leader_words([s.settings.code for s in all_schemes() if s.settings.code in listed])


def retiring_workbook(
    rows: list[RetiringLeader], union_name: str, as_of: date, months: int, *, leader_word: str
) -> bytes:
    """The list as a printable Excel workbook (title row, autofilter, landscape), named in
    ``leader_word``, the word of the union's city tree (乐山's 带头人); the leader column in the
    words of the rows' own schemes (``leader_column``)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"即将退休的{leader_word}"
    append_row(ws, [""])
    append_row(ws, [h.format(leader=leader_column(rows, leader_word)) for h in HEADERS])
    for r in rows:
        append_row(
            ws,
            [r.title, r.number or "", r.scheme_name, r.host_unit_name, r.name, r.birth_date,
             r.retirement_date, r.retirement_age, r.next_step],
        )  # fmt: skip
    for row in ws.iter_rows(min_row=3, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    print_layout(
        ws, f"{union_name}即将退休的{leader_word}（{months}个月内）", header_row=2,
        columns=len(HEADERS),
        as_of=as_of,
    )  # fmt: skip
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
