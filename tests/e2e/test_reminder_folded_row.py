"""A 整改通知's deadline told at its 30-day step in a digest still queued when the next day's
sweep runs: the digest folded into the next day's counts no items in the outbox, and 我的提醒
reads the row as the mail that carried it did (its day and 「还有29天到期」), DOMAIN.md §6."""

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
from tests.e2e.reminder_support import World, body_text, notice_deadline, yangpu_titles
from tests.factories import OFFICER, USER_PASSWORD

pytestmark = pytest.mark.e2e

FAILED_ON = date(2026, 2, 2)  # the cycle-end inspection, six weeks before the cycle ends
MORNING = datetime(2026, 2, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, after that day's sweep


def _sweep(world: World, day: date) -> None:
    with world.uow_factory() as u:
        now = MORNING + timedelta(days=(day - FAILED_ON).days)
        run_sweep(u, day, policy=ReminderPolicy(), now=now)
        u.commit()


def test_a_folded_items_row_reads_as_the_mail_that_carried_it(world):
    tree, [title], address = yangpu_titles(world)
    with world.uow_factory() as u:
        officer = NewUser("ypofficer", "王干事", USER_PASSWORD, Role.DISTRICT_OFFICER,
                          tree.district.id, email=address)  # fmt: skip
        admin = NewUser("ypadmin", "管理员", USER_PASSWORD, Role.ADMIN, tree.district.id)
        create_user(u, officer, OFFICER, scope=EVERYTHING)
        create_user(u, admin, OFFICER, scope=EVERYTHING)
        u.commit()
    client = TestClient(create_app(world.settings, clock=lambda: MORNING))
    with client:
        tokens = {
            name: client.post(
                "/api/v1/auth/tokens", json={"username": name, "password": USER_PASSWORD}
            ).json()["token"]
            for name in ("ypofficer", "ypadmin")
        }
        headers = {n: {"Authorization": f"Bearer {t}"} for n, t in tokens.items()}
        deadline = notice_deadline(client, headers["ypofficer"], title)
        told_on = deadline - timedelta(days=30)  # the deadline's 30-day step
        assert told_on > FAILED_ON
        # That day's digest is still queued (the server is down) when the next day's sweep runs:
        # it folds in, its items moved, so the outbox counts none in it.
        _sweep(world, told_on)
        _sweep(world, told_on + timedelta(days=1))
        mails = client.get("/api/v1/outbox", headers=headers["ypadmin"]).json()["items"]
        by_status = {m["status"]: m["item_count"] for m in mails if m["recipient_email"] == address}
        assert by_status["superseded"] == 0
        assert by_status["pending"] >= 1
        before = len(world.server.inbox.messages())
        world.drainer().drain(lambda: MORNING + timedelta(days=(told_on - FAILED_ON).days + 1))
        [message] = [m for m in world.server.inbox.messages()[before:] if address in m["To"]]
        [line] = [x for x in body_text(message).splitlines() if "整改期限（" in x]
        assert line.endswith("（整改期限，还有29天到期）"), line
        # 我的提醒 reads the row as that mail did, dated as the mail is.
        mine = client.get("/api/v1/me/reminders", headers=headers["ypofficer"]).json()["items"]
        [row] = [r for r in mine if r["kind"] == "rectification_deadline"]
        dates = (told_on.isoformat(), (told_on + timedelta(days=1)).isoformat())
        assert (row["sweep_date"], row["mail_date"]) == dates
        assert (row["lead_step"], row["step_label"], row["mail_status"]) == (
            "before-30",
            "还有29天到期",
            "sent",
        )
