"""The server-rendered pages (Chinese, no CDN): one router per screen, mounted by ``mount_web``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import (
    account,
    admin,
    adoption,
    api_docs,
    assessments,
    auth,
    bulk,
    calendar_page,
    change_amendments,
    change_attachments,
    changes,
    contacts,
    craftsman_associations,
    craftsman_calls,
    craftsman_title,
    craftsman_withdraw,
    duties,
    expenditure_changes,
    expenditures,
    finance,
    finance_grants,
    finance_list,
    history,
    home,
    inspections,
    intake,
    intake_applications,
    intake_attachments,
    intake_batches,
    intake_withdraw,
    leader_proofs,
    leaders,
    notice_register,
    notices,
    own_account,
    pages,
    person_registration,
    persons,
    refund_changes,
    registry,
    revocations,
    todo,
    user_profiles,
    workshop_correction,
    workshops,
)
from api.web.core import STATIC_DIR, TEMPLATES, WebConfig, render_domain_error
from api.web.pending_form import PendingLogin
from lifecycle.accounts.permissions import Permission
from lifecycle.config import Settings
from lifecycle.craftsman_title import survey

# Menu entries beyond 工作台 and 命名记录, each shown only to roles holding its permission;
# 「{leader}」 reads as the user's city tree names a team's leader (乐山's 带头人 [L 二（一）]).
NAV_EXTRA: list[tuple[str, str, Permission]] = [
    ("/workshops", "工作室", Permission.READ),
    ("/persons", "人员", Permission.READ),
    ("/todo?mine=1", "我的待办", Permission.READ),
    ("/calendar", "日历", Permission.READ),
    ("/notices", "整改通知", Permission.READ),
    ("/intake", "申报评审", Permission.READ),
    ("/finance", "经费管理", Permission.READ),
    ("/my/reminders", "我的提醒", Permission.READ),
    ("/leaders/retiring", "即将退休的{leader}", Permission.READ),
    ("/contacts", "工会联系人", Permission.READ),
    ("/adoption", "名册导入", Permission.REGISTRY_IMPORT),
    ("/adoption/bulk", "批量办理", Permission.INSPECTION_RECORD),
    ("/craftsman-selections", "上海工匠选树", Permission.READ),
    ("/association/members", "本社团会员", Permission.ASSOCIATION_MEMBERS),
    ("/admin/users", "系统管理", Permission.USERS_MANAGE),
]

TEMPLATES.env.globals["P"] = Permission
TEMPLATES.env.globals["nav_extra"] = NAV_EXTRA
# Shown only to users of the city tree whose city union opens it (上海工匠 [G] 一).
TEMPLATES.env.globals["nav_selection"] = "/craftsman-selections"
# Shown only in a tree whose titles are inspected and sent a 整改通知 (Yangpu's [Y12]).
TEMPLATES.env.globals["nav_notices"] = "/notices"
# 上海工匠's income survey: not part of the decision, and who reads it (from the access rules).
TEMPLATES.env.globals["survey_heading"] = survey.heading()


def mount_web(app: FastAPI, settings: Settings, clock: Callable[[], datetime]) -> None:
    """Add the pages, their static files and their configuration to ``app``."""
    app.state.web = WebConfig(settings=settings, clock=clock)
    app.state.html_error_renderer = render_domain_error
    # A form posted after its session ended: the login form carries what was typed.
    app.add_exception_handler(PendingLogin, auth.login_keeping_form)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="web_static")
    # Registering persons and workshops (issue: a new team applies); /persons/new is matched
    # before the person page's /persons/{person_id}.
    for module in (person_registration, workshops, workshop_correction):
        app.include_router(module.router, include_in_schema=False)
    pages_routers = (auth, pages, inspections, notices, finance, finance_grants, admin, changes)
    for module in (*pages_routers, change_amendments, change_attachments, leaders, persons):
        app.include_router(module.router, include_in_schema=False)
    for module in (leader_proofs,):  # a leader event's proofs [S9][C 三（六）][Y13]
        app.include_router(module.router, include_in_schema=False)
    for module in (contacts,):
        app.include_router(module.router, include_in_schema=False)
    for module in (duties, expenditures, expenditure_changes):  # the unit's duties (issue 15)
        app.include_router(module.router, include_in_schema=False)
    for module in (refund_changes,):  # a refund corrected or voided (33r)
        app.include_router(module.router, include_in_schema=False)
    for module in (assessments, revocations):
        app.include_router(module.router, include_in_schema=False)
    for module in (
        home,
        todo,
        registry,
        notice_register,
        finance_list,
        calendar_page,
        user_profiles,
        history,
    ):
        app.include_router(module.router, include_in_schema=False)
    for module in (adoption, bulk):  # registry import and bulk actions (issue 19)
        app.include_router(module.router, include_in_schema=False)
    # Calls and reviews (issue 18), and the applicant's withdrawal.
    for module in (
        intake,
        intake_applications,
        intake_batches,
        intake_attachments,
        intake_withdraw,
    ):
        app.include_router(module.router, include_in_schema=False)
    # 上海工匠 [G]: calls, applications and stages, associations, the filer's 撤回.
    for module in (craftsman_calls, craftsman_title, craftsman_associations, craftsman_withdraw):
        app.include_router(module.router, include_in_schema=False)
    # issue 16: passwords, reactivation; one's own account; the API reference
    for module in (account, own_account, api_docs):
        app.include_router(module.router, include_in_schema=False)
