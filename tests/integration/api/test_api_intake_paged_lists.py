"""Over /api/v1: a call's and a 上海工匠 year's applications are read a page at a time, and a
draft not yet submitted waits in its unit union's 待办 until the call's deadline."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from lifecycle.accounts.model import User
from lifecycle.intake.model import Application
from lifecycle.reminders.model import ReminderItem
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import sweep
from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole, Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api
from tests.integration.api.intake_calls import drafted, yangpu_2027_call
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import local_craftsman

BASE = "/api/v1/craftsman-selections"


def _pages(api: Api, url: str, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    """Every page of ``url`` by key, one item a page, each page's total checked."""
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        keyed = {"after": after} if after else {}
        page = api.client.get(url, headers=headers, params={"limit": 1, **params, **keyed})
        assert page.status_code == 200, page.text
        body = page.json()
        assert body["limit"] == 1
        assert len(body["items"]) <= 1
        seen += body["items"]
        after = body["next_after"]
        if after is None:
            return seen


def test_a_calls_applications_are_paged_with_their_total(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    call_id = yangpu_2027_call(api)
    with api.uow() as u:
        shops = [f.workshop(u, api.tree).id for _ in range(3)]
        u.commit()
    ids = [drafted(api, call_id, shop) for shop in shops]
    url = f"/api/v1/intake/calls/{call_id}/applications"
    first = api.client.get(url, headers=unit, params={"limit": 2}).json()
    assert [a["id"] for a in first["items"]] == ids[:2]
    assert (first["total"], first["offset"], first["next_after"]) == (3, 0, ids[1])
    rest = api.client.get(url, headers=unit, params={"limit": 2, "offset": 2}).json()
    assert [a["id"] for a in rest["items"]] == ids[2:]
    assert rest["next_after"] is None
    assert [a["id"] for a in _pages(api, url, unit)] == ids
    refused = api.client.get(url, headers=unit, params={"limit": 501})
    assert refused.status_code == 422


def test_a_craftsman_years_applications_are_paged_by_group(api: Api) -> None:
    contact = api.callers[Role.UNIT_CONTACT].headers
    city = api.callers[Role.CITY_OFFICER].headers
    with api.uow() as u:
        person_id = local_craftsman(u, api.tree, "分页师傅").id
        u.commit()
    url = f"{BASE}/{api.own.craftsman_selection}/applications"
    filed = api.client.post(url, headers=contact, json=craftsman_form(person_id))
    assert filed.status_code == 201, filed.text
    ids = [a["id"] for a in _pages(api, url, city)]
    assert ids == sorted(set(ids))  # each once, in id order
    assert {api.own.craftsman_application, filed.json()["id"]} <= set(ids)
    first = api.client.get(url, headers=city, params={"limit": 1}).json()
    assert (first["total"], first["next_after"]) == (len(ids), ids[0])
    one_group = api.client.get(url, headers=city, params={"group": "catering"}).json()
    assert (one_group["items"], one_group["total"], one_group["next_after"]) == ([], 0, None)


def test_a_draft_waits_in_its_units_todo_until_submitted(api: Api) -> None:
    c = api.client
    unit = api.callers[Role.UNIT_CONTACT].headers
    district = api.callers[Role.DISTRICT_OFFICER].headers
    call_id = yangpu_2027_call(api)  # deadline 2026-12-20, today 2026-11-21
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    app_id = drafted(api, call_id, shop_id)
    link = f"/intake/applications/{app_id}"

    def mine(headers: dict[str, str]) -> list[dict[str, Any]]:
        page = c.get("/api/v1/todo", headers=headers, params={"mine": "true", "limit": 500})
        assert page.status_code == 200, page.text
        return [o for o in page.json()["items"] if o["link"] == link]

    (item,) = mine(unit)
    assert item["kind"] == "application_step"
    assert item["union_id"] == api.tree.unit.id
    assert item["due_on"] == "2026-12-20"
    assert item["title"] == "申报草稿待提交（须于2026年12月20日前办理）"
    assert item["subject"].endswith("（2027年度杨浦区创新工作室申报）")
    assert mine(district) == []
    sent = c.post(f"/api/v1/intake/applications/{app_id}/submit", headers=unit, json={})
    assert sent.status_code == 200, sent.text
    (step,) = mine(unit)  # now the unit union's own recommendation step, no longer the draft
    assert step["title"].startswith("待单位工会推荐")
    assert step["key"] != item["key"]


def test_a_draft_begun_29_days_before_the_deadline_is_mailed_as_new_by_the_next_sweep(
    api: Api,
) -> None:
    """A draft saved 29 days before the call's deadline waits for its unit union, due by the
    deadline (past the 60- and 30-day steps): the next sweep tells the unit's contact
    「新到待办，还有28天到期」, once (before: nothing until the 7-day step); 我的提醒 lists it.
    The draft began on the service's day (its clock, passed from the edge), not the machine's
    (reading P51d; before: the machine's day, so a service whose day differs told it never)."""
    unit = api.callers[Role.UNIT_CONTACT]
    call_id = yangpu_2027_call(api)  # deadline 2026-12-20, today 2026-11-21
    with api.uow() as u:
        shop_id = f.workshop(u, api.tree).id
        u.commit()
    app_id = drafted(api, call_id, shop_id)
    link = f"/intake/applications/{app_id}"
    policy = ReminderPolicy()
    with api.uow() as u:
        draft = u.session.get(Application, app_id)
        assert draft is not None
        assert draft.created_at == NOW  # begun at the service's clock, as the route was asked
        user = u.session.get(User, unit.principal.user_id)
        assert user is not None
        user.email = "draft.unit@example.cn"  # 我的提醒 lists what was mailed to its address
        add_contact(
            u,
            NewContact(api.tree.unit.id, user.display_name, user.email, ContactRole.CHAIR),
            scope=EVERYTHING,
        )
        u.commit()

    def told(days: int) -> list[dict[str, Any]]:
        with api.uow() as u:
            day = NOW.date() + timedelta(days=days)
            result = sweep(u, day, policy=policy, now=NOW + timedelta(days=days))
            u.commit()
        return [
            i
            for d in result.digests
            if d.recipient_email == "draft.unit@example.cn"
            for i in d.items
            if i["link"] == link
        ]

    [item] = told(1)
    assert (item["title"], item["step_label"]) == (
        "申报草稿待提交（须于2026年12月20日前办理）",
        "新到待办，还有28天到期",
    )
    mine = api.client.get("/api/v1/me/reminders", headers=unit.headers).json()["items"]
    [row] = [r for r in mine if r["link"] == link]
    assert (row["lead_step"], row["step_label"]) == ("new", "新到待办，还有28天到期")
    # Once: the next day's sweep adds no item for it (its digest, still unsent, folds it in).
    told(2)
    with api.uow() as u:
        items = u.session.scalars(
            select(ReminderItem).where(
                ReminderItem.link == link, ReminderItem.recipient_email == "draft.unit@example.cn"
            )
        ).all()
        assert [(i.lead_step, i.sweep_date.isoformat()) for i in items] == [("new", "2026-11-22")]
