"""The server-rendered pages (Chinese, no CDN): one router per screen, mounted by ``mount_web``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import (
    admin,
    auth,
    change_amendments,
    changes,
    craftsman_calls,
    craftsman_title,
    duties,
    expenditures,
    finance,
    inspections,
    notices,
    pages,
)
from api.web.core import STATIC_DIR, TEMPLATES, WebConfig, render_domain_error
from lifecycle.accounts.permissions import Permission
from lifecycle.config import Settings

# Menu entries beyond 工作台 and 命名记录, each shown only to roles holding its permission.
NAV_EXTRA: list[tuple[str, str, Permission]] = [
    ("/finance", "经费管理", Permission.READ),
    ("/my/reminders", "我的提醒", Permission.READ),
    ("/craftsman-selections", "上海工匠选树", Permission.READ),
    ("/admin/users", "系统管理", Permission.USERS_MANAGE),
]

TEMPLATES.env.globals["P"] = Permission
TEMPLATES.env.globals["nav_extra"] = NAV_EXTRA


def mount_web(app: FastAPI, settings: Settings, clock: Callable[[], datetime]) -> None:
    """Add the pages, their static files and their configuration to ``app``."""
    app.state.web = WebConfig(settings=settings, clock=clock)
    app.state.html_error_renderer = render_domain_error
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="web_static")
    for module in (auth, pages, inspections, notices, finance, admin, changes, change_amendments):
        app.include_router(module.router, include_in_schema=False)
    for module in (duties, expenditures):  # the unit's duties (issue 15)
        app.include_router(module.router, include_in_schema=False)
    for module in (craftsman_calls, craftsman_title):  # 上海工匠 [G]
        app.include_router(module.router, include_in_schema=False)
