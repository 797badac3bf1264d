"""A Yangpu leader who took the title over already past the legal retirement age owes their and
the unit's consent to go on leading from the takeover [Y13]; a change entered five days after
it took effect is late when the service hears of it, so the next morning's digest tells it
「新到待办，已逾期6天」 (before: it counted from the takeover alone, nothing until the weekly
repeat), once; 我的提醒 lists it (RULES.md reading P52d, as P50a and P51a)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from jobs.tasks import run_sweep
from lifecycle.accounts.service import NewUser, create_user
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests import factories as f
from tests.e2e.reminder_support import World, body_text, yangpu_titles
from tests.factories import OFFICER, USER_PASSWORD

pytestmark = pytest.mark.e2e

RECORDED = date(2026, 2, 2)
MORNING = datetime(2026, 2, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, after that day's sweep


def _at(day: date) -> datetime:
    return MORNING + timedelta(days=(day - RECORDED).days)


def _lines(world: World, day: date, address: str) -> list[str]:
    """The consent's item lines of the digest mailed to ``address`` by ``day``'s sweep."""
    before = len(world.server.inbox.messages())
    with world.uow_factory() as u:
        run_sweep(u, day, policy=ReminderPolicy(), now=_at(day))
        u.commit()
    world.drainer().drain(lambda: _at(day))
    mails = [m for m in world.server.inbox.messages()[before:] if address in m["To"]]
    return [
        x for m in mails for x in body_text(m).splitlines() if "事项：" in x and "继续领衔" in x
    ]


def test_a_takeover_past_the_legal_age_recorded_late_is_mailed_as_new_and_overdue(world):
    tree, [title], address = yangpu_titles(world)
    took_over = RECORDED - timedelta(days=5)
    with world.uow_factory() as u:
        officer = NewUser("ypofficer", "王干事", USER_PASSWORD, Role.DISTRICT_OFFICER,
                          tree.district.id, email=address)  # fmt: skip
        create_user(u, officer, OFFICER, scope=EVERYTHING)
        # Born 1958: past the legal age (60) long before taking over.
        successor = f.person(u, name="老劳模", birth_date=date(1958, 3, 1), union_id=tree.unit.id)
        u.commit()
        successor_id = successor.id
    assert _lines(world, RECORDED, address) == []  # that morning's sweep: not yet recorded
    client = TestClient(create_app(world.settings, clock=lambda: MORNING))
    with client:
        token = client.post(
            "/api/v1/auth/tokens", json={"username": "ypofficer", "password": USER_PASSWORD}
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        change = client.post(
            f"/api/v1/designations/{title.id}/leader-change",
            json={
                "new_leader_person_id": successor_id,
                "effective_on": took_over.isoformat(),
                "reason": "原带头人调离，由老劳模接任",
            },
            headers=headers,
        )
        assert change.status_code == 200, change.text
        [line] = _lines(world, RECORDED + timedelta(days=1), address)
        assert "接任时已超过法定退休年龄" in line, line
        assert line.endswith("（退休后继续领衔待同意，新到待办，已逾期6天）"), line
        mine = client.get("/api/v1/me/reminders", headers=headers).json()["items"]
        [row] = [r for r in mine if r["kind"] == "leader_consent_missing"]
        assert (row["sweep_date"], row["lead_step"], row["step_label"], row["mail_status"]) == (
            "2026-02-03",
            "new",
            "新到待办，已逾期6天",
            "sent",
        )
    # Told once: the next days' sweeps are silent; the weekly repeat (8 days late) tells it.
    assert _lines(world, RECORDED + timedelta(days=2), address) == []
    [line] = _lines(world, took_over + timedelta(days=8), address)
    assert line.endswith("（退休后继续领衔待同意，已逾期8天）"), line
