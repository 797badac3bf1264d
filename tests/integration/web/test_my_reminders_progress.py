"""我的提醒 says where each reminded item stands today: a yearly filing the unit contact has
since filed reads 「已办结，不再列入待办」, one still owed 「尚未办结」, an annual 考核 whose unit
step is done 「本环节已办结，现待…办理」 (before: every reminder looked as pending as the day it
was sent, with no way to tell what was already done). The same in the API."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlalchemy import select

from jobs.tasks import run_sweep
from lifecycle.accounts.model import User
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole
from tests.integration.web.conftest import csrf_of

EMAIL = "unit.contact@example.cn"
SWEPT = date(2026, 11, 18)
PDF = b"%PDF-1.4\n% self-check\n"


def _rows(html: str) -> dict[str, str]:
    """Each reminder's item title → its 现状 cell text."""
    found = re.findall(r"：(\d{4}年度[^<]+?)</td>.*?<td class=\"progress\">(.*?)</td>", html, re.S)
    return {title: re.sub(r"<[^>]+>", "", cell).strip() for title, cell in found}


def test_my_reminders_show_which_items_are_done_since(site) -> None:
    with site.uow() as u:
        unit_user = u.session.scalars(
            select(User).where(User.username == site.usernames["unit"])
        ).one()
        unit_user.email = EMAIL
        add_contact(
            u,
            NewContact(site.tree.unit.id, "单位联系人", EMAIL, ContactRole.CHAIR),
            scope=EVERYTHING,
        )
        # 98 weeks after the 2024 filings fell due: a day the overdue repeat is sent.
        run_sweep(u, SWEPT, policy=ReminderPolicy(), now=datetime(2026, 11, 17, 23, 30, tzinfo=UTC))
        u.commit()
    unit = site.login("unit")
    d = site.designation.id
    before = _rows(unit.get("/my/reminders").text)
    assert before["2024年度工作室自查备案"] == "尚未办结", before
    form = unit.get(f"/designations/{d}/filings/new")
    data = {
        "csrf_token": csrf_of(form.text),
        "kind": "self_check",
        "year": "2024",
        "filed_on": "2026-11-20",
        "note": "补报",
    }
    files = {"upload": ("自查.pdf", PDF, "application/pdf")}
    filed = unit.post(f"/designations/{d}/filings", data=data, files=files)
    assert filed.status_code == 303, filed.text
    after = _rows(unit.get("/my/reminders").text)
    assert after["2024年度工作室自查备案"] == "已办结，不再列入待办"
    assert after["2024年度单位工会评估备案"] == "尚未办结"
    api = unit.get("/api/v1/me/reminders").json()["items"]
    by_title = {i["title"]: i for i in api}
    assert by_title["2024年度工作室自查备案"]["outstanding"] is False
    assert by_title["2024年度单位工会评估备案"]["outstanding"] is True
    assert by_title["2024年度单位工会评估备案"]["progress_label"] == "尚未办结"
