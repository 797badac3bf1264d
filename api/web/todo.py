"""The 待办 page: 「我的待办」 and every dashboard figure as a filtered, paged list."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web.auth import UserDep, own_tree, require
from api.web.core import HtmlRoute, page_links, reading, render, today
from api.web.filters import Filters
from lifecycle.accounts.permissions import ROLE_PERMISSIONS, Permission
from lifecycle.occasions.model import (
    OCCASION_KIND_LABELS,
    OCCASION_STATUS_LABELS,
    OccasionKind,
    OccasionStatus,
    occasion_kind_labels,
)
from lifecycle.views.choices import union_choices
from lifecycle.views.home_tree import HomeTree
from lifecycle.views.todo import NOW, PENDING, TodoPage, TodoQuery, my_todo, todo_page

router = APIRouter(route_class=HtmlRoute)
PER_PAGE = 50
# The status filter: the three statuses of an outstanding occasion, and "now" (overdue or due).
STATUS_CHOICES = {
    "now": "已逾期及到期",
    "pending": "未逾期",
    **{s.value: OCCASION_STATUS_LABELS[s] for s in OccasionStatus if s is not OccasionStatus.DONE},
}
FILTER_NAMES = ("mine", "acting", "kind", "union", "scheme", "status", "from", "to", "undated")
# Steps with no deadline (无规定办理期限): only them, or none of them.
UNDATED_CHOICES = {"1": "无规定办理期限的", "0": "有办理期限的"}


def _kinds(home: HomeTree) -> dict[OccasionKind, str]:
    """The kinds to filter by: only those the schemes of the user's own tree can produce (the
    上海工匠 selection's steps only where the tree runs it [G])."""
    own = home.occasion_kinds
    labels = occasion_kind_labels(home.listed_leader_word)  # 乐山's 带头人 [L 二（一）], else both
    return {k: labels[k] for k in OccasionKind if k in own}


@router.get("/todo", response_class=HTMLResponse, name="todo")
def todo(request: Request, user: UserDep) -> HTMLResponse:
    """「我的待办」 (mine=1) or every outstanding occasion of the scope, filtered and paged."""
    require(user, Permission.READ)
    f = Filters(request.query_params)
    mine = f.text("mine") == "1"
    kinds = _kinds(own_tree(request))
    kind = f.choice("kind", OccasionKind, "类别")
    if kind is not None and kind not in kinds:  # another city's kind typed into the address
        f.problems.append(f"类别「{OCCASION_KIND_LABELS[kind]}」不是本市工作室的待办类别，已忽略")
        kind = None
    status_text = f.text("status")
    statuses: frozenset[OccasionStatus] | None = None
    if status_text == "now":
        statuses = NOW
    elif status_text == "pending":
        statuses = PENDING
    elif status_text is not None:
        one = f.choice("status", OccasionStatus, "状态")
        if one is OccasionStatus.DONE:  # the list holds outstanding occasions only
            f.problems.append("待办事项只列未办结的事项，状态「已完成」已忽略")
            one = None
        statuses = frozenset({one}) if one is not None else None
    schemes = own_tree(request).schemes
    scheme = f.text("scheme")
    if scheme is not None and scheme not in schemes:
        # 类别 on this page is the kind of 待办; the scheme is the 工作室类型 filter
        f.problems.append(f"工作室类型「{scheme}」无效，已忽略")
        scheme = None
    q = TodoQuery(
        union_id=f.number("union", "工会") or user.union_id,
        kinds=frozenset({kind}) if kind else None,
        scheme=scheme,
        statuses=statuses,
        due_from=f.day("from", "起始日期"),
        due_to=f.day("to", "截止日期"),
        acting_union_id=user.union_id if f.text("acting") == "1" else None,
        undated={"1": True, "0": False}.get(f.text("undated") or ""),
    )
    if mine:
        q = my_todo(q, ROLE_PERMISSIONS[user.role], user.union_id)
    page = f.page()
    with reading(request) as uow:

        def read(number: int) -> TodoPage:
            as_of, offset = today(request), (number - 1) * PER_PAGE
            return todo_page(uow, q, as_of, scope=user.read_scope, limit=PER_PAGE, offset=offset)

        result = read(page)
        if not result.items and result.total and page > 1:  # past the end: the last page
            last = -(-result.total // PER_PAGE)
            f.problems.append(f"第 {page} 页超出范围（共 {last} 页），已显示最后一页")
            page = last
            result = read(page)
        unions = union_choices(uow, user.read_scope)
    kept = {n: request.query_params[n] for n in FILTER_NAMES if request.query_params.get(n)}
    return render(
        request,
        "todo.html",
        {
            "result": result,
            "page": page,
            "mine": mine,
            # 「我的待办」 is overdue and due unless another status is asked for: say which.
            "mine_status": STATUS_CHOICES.get(status_text or "") if mine and statuses else None,
            # Every item the user's union must act on, whatever role's (the dashboard's tile).
            "whole_union": not mine and q.acting_union_id is not None,
            "filters": f.shown(*FILTER_NAMES),
            "problems": f.problems,
            "kinds": kinds,
            "statuses": STATUS_CHOICES,
            "deadlines": UNDATED_CHOICES,
            "schemes": schemes,
            "unions": unions,
            **page_links(kept, page, result.has_next),
        },
    )
