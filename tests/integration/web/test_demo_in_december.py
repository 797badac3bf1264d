"""The demo as the testers saw it on 2026-12-05: what is late, what each figure counts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from jobs.tasks import sweep_last_week
from lifecycle.reminders.model import ReminderItem
from lifecycle.reminders.outbox import OutboxFilter
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import sweep
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import OutboxStatus
from tests.conftest import BACKENDS
from tests.demo_copies import demo_database
from tests.integration.web.demo_site import demo_site

DAY = date(2026, 12, 5)
NOW = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)  # the sweep's hour, 07:30 in Shanghai


@pytest.fixture(scope="module", params=BACKENDS)
def december(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The demo loaded and served on ``DAY`` (it sweeps nothing: the tests sweep)."""
    folder = tmp_path_factory.mktemp("december")
    for copy in demo_database(request.param, request, folder, as_of=DAY):
        with demo_site(copy) as site:
            yield site


def test_the_dashboard_figures_add_up_and_a_report_owed_since_november_is_overdue(december):
    browser = december.login("yangpu")
    page = browser.get("/dashboard").text
    overdue, this_month, _mine = (
        int(n) for n in re.findall(r'<a class="stat[^"]*" href="[^"]+">(\d+)</a>', page)
    )
    kinds = [int(n) for n in re.findall(r'<td class="num"><a href="[^"]+">(\d+)</a></td>', page)]
    bars = [int(n) for n in re.findall(r"<title>\d+年\d+月：(\d+)</title>", page)]
    assert len(bars) == 12
    undated = re.search(r'<a href="/todo\?undated=1">(\d+) 项</a>', page)
    no_deadline = int(undated.group(1)) if undated else 0
    # Every outstanding item is late, due by the month's end, in a later month's bar, or a step
    # with no deadline (due in no month).
    assert overdue + this_month + no_deadline + sum(bars[1:]) == sum(kinds)
    # The 附件3 reports owed since the leader left on 21 November are late, on the list of late
    # items, the API and the dashboard alike; the 附件3 step waiting since 20 November has no
    # deadline [C 三（六）]: it waits, never late (reading P34c).
    late = browser.get("/api/v1/todo", params={"status": "overdue", "limit": 500}).json()
    assert late["total"] == overdue
    kinds_of = ("change_request_step", "change_request_due")
    owed = {(i["kind"], i["due_on"], i["status"]) for i in late["items"] if i["kind"] in kinds_of}
    assert ("change_request_due", "2026-11-21", "overdue") in owed
    assert not any(kind == "change_request_step" for kind, _, _ in owed)
    waiting = browser.get("/api/v1/todo", params={"undated": "true", "limit": 500}).json()
    assert waiting["total"] == no_deadline
    assert ("change_request_step", "2026-11-20", "due", True) in {
        (i["kind"], i["due_on"], i["status"], i["undated"]) for i in waiting["items"]
    }
    listed = browser.get("/todo", params={"status": "overdue"}).text
    assert f"共 {overdue} 项" in listed
    assert "待区局（产业）工会审核" not in listed
    assert "待区局（产业）工会审核" in browser.get("/todo", params={"undated": "1"}).text
    everything = browser.get("/api/v1/todo", params={"limit": 1}).json()
    assert everything["total"] >= sum(kinds)


def test_a_leader_who_can_no_longer_lead_leaves_a_to_do_for_the_union_that_must_act(december):
    browser = december.login("yangpu")
    query = {"kind": "change_request_due", "limit": 50}
    owed = browser.get("/api/v1/todo", params=query).json()["items"]
    lines = {(i["subject"].split("（")[-1].rstrip("）"), i["title"].split("：")[-1]) for i in owed}
    # 杨浦 2024-010: the leader left on 21 November. The district would change the leader
    # [Y3][Y13], but the team also holds 沪劳创 2026-003, whose leader changes only by the city's
    # 附件3 decision: the item names that title and its route (reading 43a), there 摘牌 [S9]
    # 第九条, after which the district changes this title's leader.
    held = "本工作室同时持有上海市劳模创新工作室「王建国劳模创新工作室」（沪劳创 2026-003，已命名）"
    route = (
        "，其领衔人不能继续领衔的，该称号须经管理变更申请（附件3）由市总工会审定摘牌"
        "（《上海市“劳模创新工作室”管理办法（修订）》第九条）；"
        "该称号摘牌后，请区总工会变更本称号带头人"
    )
    assert ("杨浦 2024-010", held + route) in lines
    assert not any(t == "请区总工会变更带头人" for _, t in lines)
    # 沪劳创 2024-007: the person record says 离职 and no event dates it; [S9] 第九条 asks the
    # unit's and the district's unions for the 摘牌 application (附件3).
    asked = {t for number, t in lines if number == "沪劳创 2024-007"}
    assert asked == {
        "请所在单位工会报送管理变更申请（附件3）（任一方报送即办结）",
        "请区局（产业）工会报送管理变更申请（附件3）（任一方报送即办结）",
    }
    # The officer's own 待办 holds the Yangpu item; the title's page lists the 附件3 duty.
    assert route[1:] in browser.get("/todo", params={"mine": "1"}).text
    found = browser.get("/api/v1/designations", params={"q": "沪劳创 2024-007"}).json()["items"]
    page = browser.get(f"/designations/{found[0]['id']}").text
    assert "未登记领衔人情况" in page  # the city title's word [S]
    assert "报送管理变更申请（附件3）" in page


def test_no_reminder_is_lost_for_a_union_without_contacts(december):
    # [S9] 年度考核 due 2026-12-31 start with the unit's union, most of which have no contact in
    # the demo: on the day, each is mailed to its union or the nearest union above with one.
    city = december.login("city")
    owed = city.get("/api/v1/todo", params={"kind": "annual_assessment", "to": "2026-12-31"})
    assessments = {i["key"] for i in owed.json()["items"]}
    assert len(assessments) >= 5
    with UnitOfWork(december.sessions) as u:  # as `workshops sweep --dry-run`: rolled back
        result = sweep(u, date(2026, 12, 31), policy=ReminderPolicy(), now=NOW)
    mailed = [i for d in result.digests for i in d.items if i["kind"] == "annual_assessment"]
    assert len(mailed) == len(assessments)
    passed_on = [i["on_behalf_of"] for i in mailed if i["on_behalf_of"]]
    assert len(passed_on) >= 5
    assert all(name.endswith("工会") for name in passed_on)
    # The officers see which unions have no contact, and who hears for them.
    unheard = december.login("yangpu").get("/contacts").text
    assert "有待办事项但无人接收提醒的工会" in unheard
    assert "上海云谷数据服务有限公司工会" in unheard


def test_after_the_demo_sweeps_its_week_each_person_has_one_digest_true_today(december):
    # `workshops up` sweeps the last seven days (catch-up): one digest a person, dated today.
    sweep_last_week(lambda: UnitOfWork(december.sessions), DAY, policy=ReminderPolicy(), now=NOW)
    with UnitOfWork(december.sessions, read_only=True) as u:
        pending = [
            (m.id, m.recipient_email, m.payload)
            for m in u.outbox.page(EVERYTHING, OutboxFilter(OutboxStatus.PENDING), limit=500)[0]
        ]
        assert u.outbox.counts(EVERYTHING)[OutboxStatus.SUPERSEDED] > 0  # earlier days folded in
        items = [
            (i.kind, i.occasion_key, i.due_on.isoformat(), i.outbox_id)
            for i in u.session.scalars(select(ReminderItem))
        ]
    emails = [email for _, email, _ in pending]
    assert len(emails) == len(set(emails))
    assert {payload["as_of"] for _, _, payload in pending} == {DAY.isoformat()}
    for _, _, payload in pending:
        for i in payload["items"]:
            days = (date.fromisoformat(i["due_on"]) - DAY).days
            if i["step_label"].startswith("还有"):
                assert i["step_label"] == f"还有{days}天到期", i
            elif i["step_label"].startswith("已逾期"):
                assert i["step_label"] == f"已逾期{-days}天", i
    # None lost: every announcement of the week still owed today is in today's digest.
    owed = december.login("city").get("/api/v1/todo", params={"limit": 500}).json()["items"]
    still = {(o["kind"], o["key"], o["due_on"]) for o in owed}
    today = {outbox_id for outbox_id, _, _ in pending}
    for kind, key, due_on, outbox_id in items:
        if (kind, key, due_on) in still:
            assert outbox_id in today, key
