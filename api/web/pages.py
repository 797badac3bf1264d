"""The officer's dashboard, the designation list and the designation page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web.auth import UserDep, require
from api.web.charts import bar_chart
from api.web.core import HtmlRoute, render, today, unit_of_work
from lifecycle.accounts.permissions import Permission
from lifecycle.adoption.views import union_cutovers
from lifecycle.assessments.model import ASSESSMENT_OUTCOME_LABELS
from lifecycle.filings.model import FILING_KIND_LABELS
from lifecycle.inspections.model import INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS
from lifecycle.ledgers.model import ACHIEVEMENT_KIND_LABELS, DEVELOPMENT_KIND_LABELS
from lifecycle.notices.model import NOTICE_STATUS_LABELS
from lifecycle.schemes import all_schemes
from lifecycle.uow import UnitOfWork
from lifecycle.views.dashboard import dashboard
from lifecycle.views.designation import designation_list, designation_page
from lifecycle.vocab import DESIGNATION_STATUS_LABELS, DesignationStatus

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


@router.get("/dashboard", response_class=HTMLResponse, name="dashboard")
def dashboard_page(request: Request, user: UserDep) -> HTMLResponse:
    """Overdue, due this month, waiting for my union, counts by kind, 12 months ahead."""
    require(user, Permission.READ)
    with UnitOfWork(request.app.state.session_factory, read_only=True) as uow:
        board = dashboard(uow, user.union_id, today(request), scope=user.read_scope, items=50)
        cutovers = union_cutovers(uow, user.union_id, scope=user.read_scope)
    chart = bar_chart(
        [(f"{m.month}月", m.count) for m in board.months], title="未来12个月到期事项（项）"
    )
    context = {"board": board, "chart": chart, "cutovers": cutovers}
    return render(request, "dashboard.html", context)


@router.get("/designations", response_class=HTMLResponse)
def designations_page(
    request: Request,
    user: UserDep,
    status: str = "",
    scheme: str = "",
    page: int = 1,
) -> HTMLResponse:
    """The designations in the user's scope, filtered by status and scheme."""
    require(user, Permission.READ)
    wanted = DesignationStatus(status) if status in set(DesignationStatus) else None
    schemes = {s.settings.code: s.settings.name for s in all_schemes()}
    with unit_of_work(request) as uow:
        rows = designation_list(
            uow,
            scope=user.read_scope,
            status=wanted,
            scheme_code=scheme if scheme in schemes else None,
            page=max(page, 1),
        )
        # Rendered inside the unit of work: leaving it expires the loaded rows.
        return render(
            request,
            "designations.html",
            {
                "items": rows,
                "labels": LABELS,
                "schemes": schemes,
                "filters": {"status": status, "scheme": scheme},
                "page": max(page, 1),
            },
        )


@router.get("/designations/{designation_id}", response_class=HTMLResponse)
def designation_detail(request: Request, user: UserDep, designation_id: int) -> HTMLResponse:
    """Status and history, cycles and occasions, inspections, notices, filings, 考核, ledgers."""
    require(user, Permission.READ)
    with unit_of_work(request) as uow:
        view = designation_page(uow, designation_id, today(request), scope=user.read_scope)
        return render(request, "designation.html", {"page": view, "labels": LABELS})
