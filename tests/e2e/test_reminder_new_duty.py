"""A duty that arises after its kind's first lead day (a 整改通知 issued 20 days before its
deadline, the lead days 60/30/7) is mailed by the next sweep as 「新到待办，还有19天到期」, not
left to the 7-day step 13 days later; told once, then on its lead days; 我的提醒 shows the row
(DOMAIN.md §6). The sweep finds it by the day it arose (``Occasion.arose_on``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from jobs.tasks import run_sweep
from lifecycle.accounts.service import NewUser, create_user
from lifecycle.notices import service as notice_service
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.e2e.reminder_support import World, body_text, notice_deadline, yangpu_titles
from tests.factories import OFFICER, USER_PASSWORD

pytestmark = pytest.mark.e2e

FAILED_ON = date(2026, 2, 2)  # the cycle-end inspection, six weeks before the cycle ends
MORNING = datetime(2026, 2, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, after that day's sweep


@pytest.fixture
def twenty_days(monkeypatch: pytest.MonkeyPatch) -> None:
    """The title's scheme gives a 整改通知 20 days (``rectification_deadline_days``, a scheme
    setting; the regulations' own 30 working days are 42 days, also past the 60-day step)."""
    real = notice_service.get_scheme

    def shorter(code: str) -> SimpleNamespace:
        settings = real(code).settings
        short = {"rectification_deadline_days": 20, "rectification_counts_working_days": False}
        return SimpleNamespace(settings=replace(settings, **short))

    monkeypatch.setattr(notice_service, "get_scheme", shorter)


def _sweep(world: World, day: date) -> None:
    with world.uow_factory() as u:
        run_sweep(u, day, policy=ReminderPolicy(), now=_at(day))
        u.commit()


def _at(day: date) -> datetime:
    return MORNING + timedelta(days=(day - FAILED_ON).days)


def _lines(world: World, day: date, address: str, marker: str = "整改期限（") -> list[str]:
    """The item lines holding ``marker`` of the digest mailed to ``address`` by ``day``'s sweep
    (drained)."""
    before = len(world.server.inbox.messages())
    _sweep(world, day)
    world.drainer().drain(lambda: _at(day))
    mails = [m for m in world.server.inbox.messages()[before:] if address in m["To"]]
    return [x for m in mails for x in body_text(m).splitlines() if "事项：" in x and marker in x]


def _district_officer(world: World, district_id: int, address: str) -> None:
    """The district's officer ``ypofficer``, mailed at ``address`` (the union's contact)."""
    with world.uow_factory() as u:
        officer = NewUser("ypofficer", "王干事", USER_PASSWORD, Role.DISTRICT_OFFICER,
                          district_id, email=address)  # fmt: skip
        create_user(u, officer, OFFICER, scope=EVERYTHING)
        u.commit()


def _officer_headers(client: TestClient) -> dict[str, str]:
    token = client.post(
        "/api/v1/auth/tokens", json={"username": "ypofficer", "password": USER_PASSWORD}
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_a_notice_issued_20_days_before_its_deadline_is_mailed_by_the_next_sweep(
    world, twenty_days
):
    tree, [title], address = yangpu_titles(world)
    _district_officer(world, tree.district.id, address)
    assert _lines(world, FAILED_ON, address) == []  # that morning's sweep: no notice yet
    client = TestClient(create_app(world.settings, clock=lambda: MORNING))
    with client:
        headers = _officer_headers(client)
        deadline = notice_deadline(client, headers, title)
        assert deadline == FAILED_ON + timedelta(days=20)  # past the 60- and 30-day steps
        # The next morning's digest tells it (before: nothing until the 7-day step, 13 days on).
        [line] = _lines(world, FAILED_ON + timedelta(days=1), address)
        assert line.endswith("（整改期限，新到待办，还有19天到期）"), line
        # 我的提醒 lists the row as that mail did.
        mine = client.get("/api/v1/me/reminders", headers=headers).json()["items"]
        [row] = [r for r in mine if r["kind"] == "rectification_deadline"]
        assert (row["sweep_date"], row["mail_date"]) == ("2026-02-03", "2026-02-03")
        assert (row["lead_step"], row["step_label"], row["mail_status"]) == (
            "new",
            "新到待办，还有19天到期",
            "sent",
        )
    # Told once: the following days' sweeps do not tell it again; its 7-day step does.
    for later in (2, 3):
        assert _lines(world, FAILED_ON + timedelta(days=later), address) == []
    [line] = _lines(world, deadline - timedelta(days=7), address)
    assert line.endswith("（整改期限，还有7天到期）"), line


def test_a_leaders_death_recorded_late_is_mailed_as_new_and_overdue_by_the_next_sweep(world):
    """A death recorded five days after it: the district's change of leader is owed from the
    death [Y3][Y13], so it is late when the service hears of it; the next morning's digest
    tells it 「新到待办，已逾期6天」 (before: nothing until the weekly repeat), once; 我的提醒
    lists it."""
    tree, [title], address = yangpu_titles(world)
    _district_officer(world, tree.district.id, address)
    recorded, died = FAILED_ON, FAILED_ON - timedelta(days=5)

    def lines(day: date) -> list[str]:
        return _lines(world, day, address, "不能继续领衔")

    assert lines(recorded) == []  # that morning's sweep: not yet recorded
    client = TestClient(create_app(world.settings, clock=lambda: MORNING))
    with client:
        headers = _officer_headers(client)
        event = client.post(
            f"/api/v1/workshops/{title.workshop_id}/leader-events",
            json={"kind": "death", "occurred_on": died.isoformat(), "source": "单位工会书面报告"},
            headers=headers,
        )
        assert event.status_code == 201, event.text
        [line] = lines(recorded + timedelta(days=1))
        assert line.endswith("（带头人离任待报送附件3或变更，新到待办，已逾期6天）"), line
        mine = client.get("/api/v1/me/reminders", headers=headers).json()["items"]
        [row] = [r for r in mine if r["kind"] == "change_request_due"]
        assert (row["sweep_date"], row["lead_step"], row["step_label"], row["mail_status"]) == (
            "2026-02-03",
            "new",
            "新到待办，已逾期6天",
            "sent",
        )
    # Told once: the next days' sweeps are silent; the weekly repeat (8 days late) tells it.
    assert lines(recorded + timedelta(days=2)) == []
    [line] = lines(died + timedelta(days=8))
    assert line.endswith("（带头人离任待报送附件3或变更，已逾期8天）"), line


def test_an_early_retirement_recorded_late_is_mailed_as_new_and_overdue_by_the_next_sweep(world):
    """A Yangpu leader born in 1975 retired early; the unit's report reached the district five
    days later: their and the unit's consent to go on leading is owed from the retirement [Y13],
    so it is late when the service hears of it; the next morning's digest tells it
    「新到待办，已逾期6天」 as the change after a death does (before: it counted from the naming,
    nothing until the weekly repeat), once; 我的提醒 lists it."""
    tree, [title], address = yangpu_titles(world)
    _district_officer(world, tree.district.id, address)
    recorded, retired = FAILED_ON, FAILED_ON - timedelta(days=5)

    def lines(day: date) -> list[str]:
        return _lines(world, day, address, "继续领衔")

    assert lines(recorded) == []  # that morning's sweep: not yet recorded
    client = TestClient(create_app(world.settings, clock=lambda: MORNING))
    with client:
        headers = _officer_headers(client)
        event = client.post(
            f"/api/v1/workshops/{title.workshop_id}/leader-events",
            json={
                "kind": "retirement",
                "occurred_on": retired.isoformat(),
                "source": "单位工会书面报告",
            },
            headers=headers,
        )
        assert event.status_code == 201, event.text
        [line] = lines(recorded + timedelta(days=1))
        assert "提前退休" in line, line
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
    assert lines(recorded + timedelta(days=2)) == []
    [line] = lines(retired + timedelta(days=8))
    assert line.endswith("（退休后继续领衔待同意，已逾期8天）"), line
