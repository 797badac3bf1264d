"""Digests delivered to a real SMTP server (aiosmtpd): exactly once through reruns, races,
an SMTP outage and a sender killed between claiming and marking (DOMAIN.md §6)."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from jobs.tasks import run_sweep
from lifecycle.reminders.outbox import OutboxFilter, Outcome
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import sweep
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import OutboxStatus
from notifications.delivery import BeforeData, OnResult, SmtpSender
from notifications.mail import OutgoingMail
from tests.e2e.reminder_support import (
    World,
    add_contacts,
    body_html,
    body_text,
    yangpu_titles,
)

pytestmark = pytest.mark.e2e

POLICY = ReminderPolicy()
SWEEP_ON = date(2026, 3, 8)  # 7 days before the first cycle end of titles named 2023-03-15
T0 = datetime(2026, 3, 7, 23, 31, tzinfo=UTC)  # 07:31 in Shanghai


def _sweep(world: World, day: date = SWEEP_ON) -> int:
    with world.uow_factory() as u:
        result = run_sweep(u, day, policy=POLICY, now=T0)
        u.commit()
    return len(result.digests)


def _status_counts(world: World) -> dict[OutboxStatus, int]:
    with world.uow_factory() as u:
        return u.outbox.counts(EVERYTHING)


def test_one_mail_lists_all_five_and_parses_with_chinese_due_dates_and_working_links(world):
    _tree, titles, address = yangpu_titles(world, count=5)
    assert _sweep(world) == 1
    report = world.drainer().drain(lambda: T0)
    assert report.sent == 1
    [message] = world.server.inbox.messages()
    assert message["Subject"] == "创新工作室管理提醒：5项事项需要办理（2026年3月8日）"
    assert message["To"].addresses[0].addr_spec == address
    raw = world.server.inbox.raw[0]
    assert re.search(rb"^Subject: =\?utf-8\?", raw, re.MULTILINE)  # RFC 2047 on the wire
    text, html = body_text(message), body_html(message)
    assert "王干事，您好" in text
    assert "第1个管理周期末实地检查" in text
    assert text.count("2026年3月15日（星期日）") == 5
    assert text.count("请在管理周期届满前安排实地检查") == 5
    links = re.findall(r"http://127\.0\.0\.1:8000(/designations/\d+)#inspections", text)
    assert sorted(links) == sorted(f"/designations/{t.id}" for t in titles)
    assert html.count('href="http://127.0.0.1:8000/designations/') == 5
    # The links lead to real pages of the service.
    with TestClient(create_app(world.settings)) as client:
        for path in links:
            response = client.get(path, follow_redirects=False)
            assert response.status_code != 404, path


def test_rerunning_the_sweep_sends_nothing_new(world):
    yangpu_titles(world, count=2)
    assert _sweep(world) == 1
    assert world.drainer().drain(lambda: T0).sent == 1
    assert _sweep(world) == 0
    with world.uow_factory() as u:
        assert sweep(u, SWEEP_ON, policy=POLICY, now=T0).items_created == 0
        u.commit()
    assert world.drainer().drain(lambda: T0 + timedelta(hours=1)).sent == 0
    assert len(world.server.inbox.raw) == 1


def _together(*jobs) -> list[object]:
    """Run the callables at the same moment in threads; re-raise the first failure."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = jobs[index]()
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    if errors:
        raise errors[0]
    return results


def test_two_sweeps_and_two_senders_at_once_deliver_each_digest_exactly_once(world):
    tree, _titles, _ = yangpu_titles(world, count=3)
    add_contacts(world, tree, 11)  # 12 recipients, 3 items each

    def raw_sweep() -> int:  # bypasses the job claim: the dedup keys alone must hold
        with world.uow_factory() as u:
            result = sweep(u, SWEEP_ON, policy=POLICY, now=T0)
            u.commit()
        return len(result.digests)

    created = _together(raw_sweep, raw_sweep, lambda: _sweep(world), lambda: _sweep(world))
    assert sum(created) == 12  # type: ignore[arg-type]
    a, b = world.drainer(outbox_batch_size=2), world.drainer(outbox_batch_size=2)
    reports = _together(lambda: a.drain(lambda: T0), lambda: b.drain(lambda: T0))
    assert sum(r.sent for r in reports) == 12  # type: ignore[attr-defined]
    ids = world.server.inbox.ids()
    assert len(ids) == 12
    assert set(ids.values()) == {1}
    with world.uow_factory() as u:
        sent, _ = u.outbox.page(EVERYTHING, OutboxFilter(OutboxStatus.SENT))
        items = sum(len(m.payload["items"]) for m in sent)
    assert items == 36
    assert _status_counts(world)[OutboxStatus.SENT] == 12


def test_smtp_down_during_a_drain_loses_nothing_and_delivers_once_when_back(world):
    tree, _titles, _ = yangpu_titles(world, count=2)
    add_contacts(world, tree, 4)
    assert _sweep(world) == 5
    world.server.stop()
    down = world.drainer().drain(lambda: T0)
    assert (down.sent, down.retried, down.failed) == (0, 5, 0)
    assert _status_counts(world)[OutboxStatus.PENDING] == 5
    world.server.start()
    # Backing off: not yet due a minute later... then due once the backoff has passed.
    assert world.drainer().drain(lambda: T0 + timedelta(seconds=30)).sent == 0
    back = world.drainer().drain(lambda: T0 + timedelta(minutes=2))
    assert back.sent == 5
    assert world.drainer().drain(lambda: T0 + timedelta(hours=1)).sent == 0
    ids = world.server.inbox.ids()
    assert len(ids) == 5
    assert set(ids.values()) == {1}
    with world.uow_factory() as u:
        sent = u.outbox.page(EVERYTHING, OutboxFilter(OutboxStatus.SENT))[0]
        assert {m.attempts for m in sent} == {2}
        assert all((m.smtp_reply or "").startswith("Message accepted") for m in sent)


class SenderKilled(BaseException):
    """The process dies: nothing after this line of the sender runs."""


class KilledAfterFirstSend(SmtpSender):
    """Sends the first message for real, then dies before the outbox hears of it."""

    async def send_many(
        self, messages: Sequence[OutgoingMail], on_result: OnResult, before_data: BeforeData
    ) -> None:
        def crash_before_marking(index: int, outcome: Outcome, detail: str) -> None:
            raise SenderKilled(f"killed after sending message {index} ({outcome}: {detail})")

        await super().send_many(messages, crash_before_marking, before_data)


def test_a_sender_killed_after_claiming_resends_after_the_lease_at_most_once(world):
    tree, _titles, _ = yangpu_titles(world, count=1)
    add_contacts(world, tree, 3)
    expected = _sweep(world)
    assert expected == 4
    lease = world.settings.outbox_lease_seconds
    doomed = world.drainer()
    doomed = type(doomed)(
        **{**doomed.__dict__, "sender": KilledAfterFirstSend(doomed.sender.settings)}
    )
    with pytest.raises(SenderKilled):
        doomed.drain(lambda: T0)
    assert len(world.server.inbox.raw) == 1  # sent, never marked
    # While the dead sender's lease runs, nobody touches its batch.
    assert world.drainer().drain(lambda: T0 + timedelta(seconds=lease - 1)).sent == 0
    after = world.drainer().drain(lambda: T0 + timedelta(seconds=lease + 1))
    assert after.sent == expected
    ids = world.server.inbox.ids()
    duplicates = sum(n - 1 for n in ids.values())
    print(f"delivered {len(ids)} of {expected} digests, {duplicates} duplicate(s)")
    assert len(ids) == expected
    assert duplicates <= 1
    assert _status_counts(world) == {
        OutboxStatus.PENDING: 0,
        OutboxStatus.SENT: expected,
        OutboxStatus.FAILED: 0,
        OutboxStatus.SUPERSEDED: 0,
        OutboxStatus.WITHDRAWN: 0,
    }


class KilledAfterThirdSend(SmtpSender):
    """Reports two sends as usual, then dies right after the third (or ``kill_at``-th) is on
    the wire."""

    def __init__(self, settings: object, dead: threading.Event, kill_at: int = 3) -> None:
        super().__init__(settings)  # type: ignore[arg-type]
        self.dead = dead
        self.kill_at = kill_at

    async def send_many(
        self, messages: Sequence[OutgoingMail], on_result: OnResult, before_data: BeforeData
    ) -> None:
        seen = 0

        def report_until_killed(index: int, outcome: Outcome, detail: str) -> None:
            nonlocal seen
            seen += 1
            if seen == self.kill_at:
                self.dead.set()
                raise SenderKilled(f"killed after sending message {index}")
            on_result(index, outcome, detail)

        await super().send_many(messages, report_until_killed, before_data)


def test_a_sender_killed_mid_batch_repeats_only_the_mail_it_had_not_marked(world):
    """A real kill runs no clean-up: once dead, the sender writes nothing more to the database."""
    tree, _titles, _ = yangpu_titles(world, count=2)
    add_contacts(world, tree, 4)
    expected = _sweep(world)
    assert expected == 5
    dead = threading.Event()

    def uow_while_alive():  # type: ignore[no-untyped-def]
        if dead.is_set():
            raise SenderKilled("the process is gone")
        return world.uow_factory()

    doomed = world.drainer(outbox_unmarked_max=1)
    doomed = type(doomed)(
        **{
            **doomed.__dict__,
            "uow_factory": uow_while_alive,
            "sender": KilledAfterThirdSend(doomed.sender.settings, dead),
        }
    )
    with pytest.raises(SenderKilled):
        doomed.drain(lambda: T0)
    assert len(world.server.inbox.raw) == 3  # three on the wire, two of them marked
    assert _status_counts(world)[OutboxStatus.SENT] == 2
    lease = world.settings.outbox_lease_seconds
    after = world.drainer().drain(lambda: T0 + timedelta(seconds=lease + 1))
    assert after.sent == expected - 2
    ids = world.server.inbox.ids()
    duplicates = sum(n - 1 for n in ids.values())
    print(f"delivered {len(ids)} of {expected} digests, {duplicates} duplicate(s)")
    assert len(ids) == expected
    assert duplicates == 1


def test_with_an_allowance_of_three_a_killed_sender_repeats_at_most_three_mails_once(world):
    """What a crash costs with ``outbox_unmarked_max`` 3: the mails on the wire without a
    committed mark (at most three) are each delivered once more after the lease; none is lost."""
    tree, _titles, _ = yangpu_titles(world, count=2)
    add_contacts(world, tree, 6)
    expected = _sweep(world)
    assert expected == 7
    dead = threading.Event()

    def uow_while_alive():  # type: ignore[no-untyped-def]
        if dead.is_set():
            raise SenderKilled("the process is gone")
        return world.uow_factory()

    doomed = world.drainer(outbox_unmarked_max=3)
    doomed = type(doomed)(
        **{
            **doomed.__dict__,
            "uow_factory": uow_while_alive,
            "sender": KilledAfterThirdSend(doomed.sender.settings, dead, kill_at=5),
        }
    )
    with pytest.raises(SenderKilled):
        doomed.drain(lambda: T0)
    assert len(world.server.inbox.raw) == 5
    marked = _status_counts(world)[OutboxStatus.SENT]
    assert 2 <= marked <= 4  # before the fifth DATA at most two lacked a mark
    lease = world.settings.outbox_lease_seconds
    after = world.drainer().drain(lambda: T0 + timedelta(seconds=lease + 1))
    assert after.sent == expected - marked
    ids = world.server.inbox.ids()
    assert len(ids) == expected  # none lost
    assert max(ids.values()) == 2  # none more than once more
    assert sum(n - 1 for n in ids.values()) == 5 - marked <= 3
