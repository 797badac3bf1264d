"""A digest queued by the morning sweep is re-read when it is sent: an item the union completed in
between (an inspection recorded through the API) is left out of the mail, and a digest left with
nothing is not sent but withdrawn, with its reason on the outbox and 我的提醒 (DOMAIN.md §6)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from cli.main import app
from jobs.tasks import run_sweep
from lifecycle.accounts.service import NewUser, create_user
from lifecycle.config import get_settings
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.e2e.reminder_support import World, body_text, yangpu_titles
from tests.factories import OFFICER, USER_PASSWORD

pytestmark = pytest.mark.e2e

SWEEP_ON = date(2026, 3, 8)  # 7 days before the first cycle end of titles named 2023-03-15
T0 = datetime(2026, 3, 7, 23, 31, tzinfo=UTC)  # 07:31 in Shanghai
LATER = T0 + timedelta(hours=2)  # the drain, after the officer's morning work


def _officer(world: World, tree, address: str) -> dict[str, str]:
    """The district officer who receives the digests, logged in to the API."""
    with world.uow_factory() as u:
        role, union_id = Role.DISTRICT_OFFICER, tree.district.id
        user = NewUser("ypofficer", "王干事", USER_PASSWORD, role, union_id, email=address)
        create_user(u, user, OFFICER, scope=EVERYTHING)
        admin = NewUser("ypadmin", "管理员", USER_PASSWORD, Role.ADMIN, tree.district.id)
        create_user(u, admin, OFFICER, scope=EVERYTHING)
        u.commit()
    return {"username": "ypofficer", "password": USER_PASSWORD}


def _inspect(client: TestClient, headers: dict[str, str], title) -> None:
    """Record the passed cycle-end inspection of ``title`` through the API."""
    body = {"kind": "cycle_end", "scheduled_on": "2026-03-08", "place": "车间", "inspectors": "王"}
    made = client.post(f"/api/v1/designations/{title.id}/inspections", json=body, headers=headers)
    assert made.status_code == 201, made.text
    codes = [c for c, _ in get_scheme(title.scheme_code).settings.inspection_criteria]
    outcomes = [{"criterion_code": c, "passed": True} for c in codes]
    done = client.post(
        f"/api/v1/inspections/{made.json()['id']}/outcome",
        json={"recorded_on": "2026-03-08", "outcomes": outcomes},
        headers=headers,
    )
    assert done.status_code == 200, done.text


def _setup(world: World, count: int):
    tree, titles, address = yangpu_titles(world, count=count)
    login = _officer(world, tree, address)
    with world.uow_factory() as u:
        assert len(run_sweep(u, SWEEP_ON, policy=ReminderPolicy(), now=T0).digests) == 1
        u.commit()
    return titles, TestClient(create_app(world.settings, clock=lambda: LATER)), login


def _headers(client: TestClient, login: dict[str, str], admin: bool = False) -> dict[str, str]:
    body = {**login, "username": "ypadmin"} if admin else login
    token = client.post("/api/v1/auth/tokens", json=body).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_an_item_done_after_the_sweep_is_left_out_of_the_mail(world):
    titles, client, login = _setup(world, 3)
    with client:
        headers, admin = _headers(client, login), _headers(client, login, admin=True)
        _inspect(client, headers, titles[1])
        report = world.drainer().drain(lambda: LATER)
        assert (report.sent, report.withdrawn) == (1, 0)
        [message] = world.server.inbox.messages()
        assert message["Subject"] == "创新工作室管理提醒：2项事项需要办理（2026年3月8日）"
        text = body_text(message)
        assert f"/designations/{titles[1].id}#" not in text
        assert f"/designations/{titles[0].id}#" in text
        assert f"/designations/{titles[2].id}#" in text
        # The outbox lists what was sent; 我的提醒 says the done one was left out, and why.
        [mail] = client.get("/api/v1/outbox", headers=admin).json()["items"]
        assert (mail["status"], mail["item_count"]) == ("sent", 2)
        mine = client.get("/api/v1/me/reminders", headers=headers).json()["items"]
        by_title = {r["designation_id"]: r for r in mine}
        assert by_title[titles[1].id]["mail_status"] == "withdrawn"
        assert by_title[titles[1].id]["failure_reason"] == "发送前该事项已办结或已变更，未列入邮件"
        assert by_title[titles[1].id]["sent_at"] is None
        assert by_title[titles[0].id]["mail_status"] == "sent"
        for status, shown in (("withdrawn", [titles[1]]), ("sent", [titles[0], titles[2]])):
            only = client.get(f"/api/v1/me/reminders?status={status}", headers=headers).json()
            assert sorted(r["designation_id"] for r in only["items"]) == [t.id for t in shown]


def test_a_digest_whose_every_item_was_done_is_withdrawn_not_sent(world, monkeypatch):
    titles, client, login = _setup(world, 1)
    with client:
        headers, admin = _headers(client, login), _headers(client, login, admin=True)
        _inspect(client, headers, titles[0])
        monkeypatch.setenv("DATABASE_URL", world.url)  # ``workshops drain``, as an operator would
        monkeypatch.setenv("WORKSHOPS_SMTP_PORT", str(world.server.port))
        get_settings.cache_clear()
        try:
            drained = CliRunner().invoke(app, ["drain"], env={"COLUMNS": "250"})
        finally:
            get_settings.cache_clear()
        assert "已发送 0 封" in drained.output
        assert "另有 1 封所列事项在发送前均已办结，已撤回未发送" in drained.output
        assert world.server.inbox.messages() == []
        assert world.drainer().drain(lambda: LATER + timedelta(hours=1)).sent == 0
        [mail] = client.get("/api/v1/outbox", headers=admin).json()["items"]
        assert mail["status"] == "withdrawn"
        assert mail["failure_reason"] == "发送前所列事项均已办结或已变更，未发送"
        page = client.get("/api/v1/outbox?status=withdrawn", headers=admin).json()
        assert page["counts"]["withdrawn"] == 1
        [mine] = client.get("/api/v1/me/reminders", headers=headers).json()["items"]
        assert (mine["mail_status"], mine["mail_status_label"]) == ("withdrawn", "已撤回")
        assert mine["failure_reason"] == "发送前所列事项均已办结或已变更，未发送"


def test_without_an_index_reaching_the_day_a_digest_is_sent_as_written_not_lost(world):
    """Drained long after the occasion index was last built (it no longer reaches the day), what
    is still owed is not known: the digest goes out as the sweep wrote it rather than withdrawn."""
    titles, client, login = _setup(world, 1)
    with client:
        _inspect(client, _headers(client, login), titles[0])
    report = world.drainer().drain(lambda: datetime(2027, 8, 1, 1, 0, tzinfo=UTC))
    assert (report.sent, report.withdrawn) == (1, 0)
    [message] = world.server.inbox.messages()
    assert f"/designations/{titles[0].id}#inspections" in body_text(message)
