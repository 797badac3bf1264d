"""An application waiting for a union's step: in its 我的待办, dashboard and digest [Y7]."""

from __future__ import annotations

from datetime import timedelta

from lifecycle.intake.routes import Action
from lifecycle.intake.service import (
    NewApplication,
    StepDecision,
    decide_step,
    start_application,
    submit,
)
from lifecycle.reminders.model import OutboxMessage
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import sweep
from lifecycle.scope import Scope
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole, OutboxStatus, Role
from notifications.messages import DEFAULT_ACTION, render_payload
from tests import factories as f
from tests.intake_factories import APPLICANT, AS_OF, yangpu_call, yangpu_form
from tests.integration.web.conftest import NOW, Site
from tests.integration.web.test_intake_pages import _step

SECTOR_STEP = "待行业、街镇、直属工会初审（无规定办理期限）"
PANEL_STEP = "待区总工会评审小组评审（无规定办理期限）"
SECTOR_MAIL = "wu.sector@yp.example.cn"


def _waiting_at_the_sector(site: Site) -> int:
    """A Yangpu application the unit union recommended: the street union's 初审 is next [Y7]."""
    tree = site.tree
    with site.uow() as u:
        principal, password = f.user(u, Role.DISTRICT_OFFICER, tree.sector.id, username="wjc")
        site.usernames["sector"], site.passwords["sector"] = principal.username, password
        add_contact(
            u,
            NewContact(tree.sector.id, "吴干事", SECTOR_MAIL, ContactRole.OFFICER),
            scope=Scope.everything(),
        )
        shop = f.workshop(u, tree)
        call = yangpu_call(u, tree)
        unit = Scope.subtree(tree.unit.path)
        app = start_application(
            u,
            NewApplication(call.id, shop.id, yangpu_form()),
            actor=APPLICANT,
            now=f.at_ten(AS_OF),
            scope=unit,
            own_path=tree.unit.path,
        )
        submit(u, app.id, actor=APPLICANT, now=NOW, scope=unit)
        decide_step(
            u,
            StepDecision(app.id, "unit", Action.APPROVE, AS_OF, "单位工会", "同意", "党委会同意"),
            acting_union_id=tree.unit.id,
            actor=APPLICANT,
            as_of=AS_OF,
            scope=unit,
        )
        u.commit()
        return app.id


def _mine(site: Site, who: str) -> str:
    page = site.login(who).get("/todo?mine=1")
    assert page.status_code == 200, page.text
    return page.text


def test_each_step_is_in_the_todo_of_the_union_whose_step_it_is(site: Site) -> None:
    app_id = _waiting_at_the_sector(site)
    link = f'href="/intake/applications/{app_id}"'
    mine = _mine(site, "sector")
    assert SECTOR_STEP in mine
    assert link in mine
    board = site.login("sector").get("/dashboard").text
    assert SECTOR_STEP in board
    # Not the district's step yet; never the unit contact's nor finance's once recommended.
    for who in ("district", "unit", "finance"):
        assert link not in _mine(site, who), who
    # wjc does the 初审 on the application's page: the item leaves his list, reaches the district.
    assert _step(site, "sector", app_id, "sector").status_code == 303
    assert link not in _mine(site, "sector")
    district = _mine(site, "district")
    assert PANEL_STEP in district
    assert link in district
    for who in ("unit", "finance"):
        assert link not in _mine(site, who), who
    assert _step(site, "district", app_id, "panel").status_code == 303
    assert "待区总工会主席办公会议审定（无规定办理期限）" in _mine(site, "district")


def test_the_digest_lists_a_waiting_step_once(site: Site) -> None:
    app_id = _waiting_at_the_sector(site)
    link = f"/intake/applications/{app_id}"

    def announced(day_offset: int) -> list[dict[str, object]]:
        day = AS_OF + timedelta(days=day_offset)
        with site.uow() as u:
            result = sweep(u, day, policy=ReminderPolicy(), now=NOW + timedelta(days=day_offset))
            for d in result.digests:  # delivered: a later day's digest does not carry them
                message = u.session.get(OutboxMessage, d.outbox_id)
                assert message is not None
                message.status, message.sent_at = OutboxStatus.SENT, NOW
            u.commit()
        return [
            item
            for d in result.digests
            if d.recipient_email == SECTOR_MAIL
            for item in d.items
            if item["link"] == link
        ]

    (item,) = announced(0)
    assert item["title"] == SECTOR_STEP
    assert item["step_label"] == "新到待办"
    # The next days' digests do not list it again (nor does a second sweep of the same day).
    assert announced(0) == []
    assert announced(1) == []
    assert announced(8) == []


def test_the_digest_says_what_each_application_step_asks_citing_its_article(site: Site) -> None:
    """DOMAIN §6: the digest's 办理要求 of an application step is the stage's own (the street
    union's 初审, then the district's panel), citing [Y7], not 「请登录系统查看…」."""
    app_id = _waiting_at_the_sector(site)
    link = f"/intake/applications/{app_id}"
    with site.uow() as u:
        result = sweep(u, AS_OF, policy=ReminderPolicy(), now=NOW)
        u.commit()
    (digest,) = [d for d in result.digests if d.recipient_email == SECTOR_MAIL]
    text = render_payload("reminder_digest", {
        "as_of": AS_OF.isoformat(), "name": digest.recipient_name, "items": list(digest.items),
    }, "http://x").text  # fmt: skip
    assert DEFAULT_ACTION not in text
    assert link in text
    assert (
        "办理要求：请办理“行业、街镇、直属工会初审”：审查申报材料后录入本级意见（同意、退回补充材料"
        "或不同意，退回或不同意须写明理由）（《杨浦区劳模（先进）、技师创新工作室管理办法》第七条）。"
    ) in text
