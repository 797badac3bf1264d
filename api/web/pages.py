"""The officer's dashboard, the designation list and the designation page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web.auth import UserDep, own_tree, require
from api.web.charts import bar_chart
from api.web.core import HtmlRoute, reading, render, today
from api.web.filters import Filters
from api.web.ids import IdPath
from api.web.ledger_pages import (
    back_to,
    pages_query,
    section_page,
    stored_list,
    stored_pager,
)
from lifecycle.accounts.permissions import ROLE_PERMISSIONS, Permission
from lifecycle.assessments.model import ASSESSMENT_OUTCOME_LABELS
from lifecycle.filings.model import FILING_KIND_LABELS
from lifecycle.inspections.model import INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS
from lifecycle.intake.occasions import waiting_occasions
from lifecycle.leaders.history import story_of
from lifecycle.ledgers.model import ACHIEVEMENT_KIND_LABELS, DEVELOPMENT_KIND_LABELS
from lifecycle.notices.model import NOTICE_STATUS_LABELS
from lifecycle.schemes.words import designation_status_labels
from lifecycle.views.admin import unheard_unions
from lifecycle.views.adoption import union_cutovers_page
from lifecycle.views.dashboard import dashboard
from lifecycle.views.dashboard_links import board_links
from lifecycle.views.designation import DesignationPage, designation_page
from lifecycle.views.paging import Paged
from lifecycle.views.todo import TodoQuery, my_todo, todo_page
from lifecycle.vocab import DESIGNATION_STATUS_LABELS

router = APIRouter(route_class=HtmlRoute)

LABELS = {
    "status": DESIGNATION_STATUS_LABELS,
    "inspection_kind": INSPECTION_KIND_LABELS,
    "inspection_result": INSPECTION_RESULT_LABELS,
    "notice_status": NOTICE_STATUS_LABELS,
    "filing_kind": FILING_KIND_LABELS,
    "assessment_outcome": ASSESSMENT_OUTCOME_LABELS,
    "achievement_kind": ACHIEVEMENT_KIND_LABELS,
    "development_kind": DEVELOPMENT_KIND_LABELS,
}


# The designation page's lists read a page at a time in SQL: each one's page parameter.
DESIGNATION_LISTS = {"assessments": "assessments_page", "changes": "changes_page"}
# Every list of the designation page, by its page parameter: each pager keeps the others' pages.
PAGE_PARAMS = ("occasions_page", "events_page", *DESIGNATION_LISTS.values())
SHOWN = 10  # each of the dashboard's lists shows its first ten; the rest are a link away


@router.get("/dashboard", response_class=HTMLResponse, name="dashboard")
def dashboard_page(request: Request, user: UserDep) -> HTMLResponse:
    """Overdue, due this month, waiting for my union, counts by kind, 12 months ahead."""
    require(user, Permission.READ)
    as_of = today(request)
    with reading(request) as uow:
        # The board, the to-do list and the unheard unions are all of the user's own union: the
        # steps its subtree's applications wait at are read once for the three (its read scope is
        # that subtree), and its city tree is the one the menu shows.
        waiting = waiting_occasions(uow, user.read_scope, as_of)
        board = dashboard(
            uow,
            user.union_id,
            as_of,
            scope=user.read_scope,
            items=SHOWN,
            tree=own_tree(request),
            waiting=waiting,
        )
        mine = my_todo(TodoQuery(user.union_id), ROLE_PERMISSIONS[user.role], user.union_id)
        todo = todo_page(uow, mine, as_of, scope=user.read_scope, limit=10, waiting=waiting)
        # The unions' cut-overs grow with the subtree's unions: a page of them, paged in SQL.
        cutovers, cutovers_pager = stored_list(
            request.query_params,
            lambda w: union_cutovers_page(uow, user.union_id, w, scope=user.read_scope),
            "cutovers_page",
            "cutovers",
        )
        unheard = unheard_unions(uow, user.union_id, as_of, scope=user.read_scope, waiting=waiting)
        # The open findings in scope, as many as /finance lists (one reopened by a voided refund
        # among them, reading 33v), not the board's tally of finding occasions: a matching
        # shortfall's finding waits behind its unmet matching duty there (reading finance56b).
        findings = (
            uow.funding.open_finding_count(user.read_scope)
            if user.can(Permission.FINDING_RESOLVE)
            else None
        )
    links = board_links(board)
    chart = bar_chart(
        [(m.label, m.count) for m in board.months],
        title="未来12个月到期事项（项）",
        links=links.months,
        axis=[
            (f"{m.month}月", f"{m.year}年" if i == 0 or m.month == 1 else None)
            for i, m in enumerate(board.months)
        ],
    )
    return render(
        request,
        "dashboard.html",
        {
            "board": board,
            "chart": chart,
            "todo": todo,
            "links": links,
            "cutovers": cutovers,
            "cutovers_pager": cutovers_pager,
            "unheard": unheard,
            "open_findings": findings,
        },
    )


@router.get("/designations/{designation_id}", response_class=HTMLResponse)
def designation_detail(request: Request, user: UserDep, designation_id: IdPath) -> HTMLResponse:
    """Status and history, cycles and occasions, inspections, notices, filings, 考核, ledgers."""
    require(user, Permission.READ)
    query = request.query_params
    with reading(request) as uow:
        f = Filters(query)
        asked = {name: f.page(param) for name, param in DESIGNATION_LISTS.items()}
        view = designation_page(
            uow,
            designation_id,
            today(request),
            scope=user.read_scope,
            actor=user.actor,
            pages=asked,
        )
        # Read inside user.read_scope above, with the status changes the page read.
        story = story_of(uow, view.designation, history=view.history)
        labels = {**LABELS, "status": designation_status_labels(view.designation.scheme_code)}
        # The occasions from the naming on, a page at a time (they grow with the title's years).
        occasions, pager = section_page(
            view.occasions, query, "occasions_page", "occasions", PAGE_PARAMS
        )
        # The leader's events as the JSON reads them, paged in SQL; the timeline holds them all.
        events, events_pager = stored_list(
            query,
            lambda w: uow.leaders.events_page(story.designation.workshop_id, w),
            "events_page",
            "leader-events",
            PAGE_PARAMS,
        )
        context = {
            "page": view,
            "labels": labels,
            "leaders": story,
            "leader_events": events,
            "leader_events_pager": events_pager,
            "occasions": occasions,
            "occasions_pager": pager,
            "pagers": _read_model_pagers(query, view),
            # The leader forms' links keep the pages of the lists, to come back to them.
            "pages_query": designation_pages_query(query),
        }
        return render(request, "designation.html", context)


def designation_pages_query(query: Mapping[str, str]) -> str:
    """The designation page's lists at the pages ``query`` asks (those past the first), for the
    addresses of the forms reached from it: done, the browser comes back to those pages."""
    f = Filters(query)
    return pages_query({param: f.page(param) for param in PAGE_PARAMS})


def title_page_back(designation_id: int, query: Mapping[str, str], anchor: str) -> str:
    """Where a form reached from the designation page, once done, sends the browser: back to
    that page at the pages of its lists the form's address kept (``designation_pages_query``)
    and at the form's section, ``anchor`` — not to the first page of each list."""
    return back_to(f"/designations/{designation_id}", query, PAGE_PARAMS, anchor)


def _read_model_pagers(
    query: Mapping[str, str], view: DesignationPage
) -> dict[str, dict[str, str | None]]:
    """The pagers of the 考核 and the change requests, which the read model pages in SQL."""
    lists: dict[str, Paged[Any]] = {"assessments": view.assessments}
    if view.changes is not None:
        lists["changes"] = view.changes.requests
    return {
        name: stored_pager(
            query,
            PAGE_PARAMS,
            DESIGNATION_LISTS[name],
            number=view.shown_pages[name],
            paged=rows,
            anchor=name,
            note=view.page_notes.get(name),
        )
        for name, rows in lists.items()
    }
