"""The drain on a real SMTP server: each mail's mark is committed before the next mail
is delivered, across batches, and a refused recipient fails alone (DOMAIN.md §6)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from jobs.tasks import run_sweep
from lifecycle.db.engine import make_session_factory
from lifecycle.reminders.outbox import OutboxFilter
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import OutboxStatus
from tests.e2e.reminder_support import (
    Inbox,
    SmtpServer,
    World,
    add_contacts,
    make_world,
    yangpu_titles,
)

pytestmark = pytest.mark.e2e

SWEEP_ON = date(2026, 3, 8)
T0 = datetime(2026, 3, 7, 23, 31, tzinfo=UTC)
REFUSED = "officer1@yp.example.cn"


class WatchingInbox(Inbox):
    """Notes, as each mail is delivered, how many outbox rows are already marked sent; refuses
    one recipient with a 550."""

    def __init__(self) -> None:
        super().__init__()
        self.count_sent: Callable[[], int] | None = None
        self.marked_at_delivery: list[int] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address == REFUSED:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.count_sent is not None:
            marked = self.count_sent()  # before the 250: this mail cannot be marked yet
            with self.lock:
                self.marked_at_delivery.append(marked)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def world(fresh_database_url: str) -> Iterator[World]:
    inbox = WatchingInbox()
    server = SmtpServer(inbox=inbox)
    server.start()
    w = make_world(fresh_database_url, server)
    reader = make_session_factory(w.engine)

    def count_sent() -> int:
        with UnitOfWork(reader, read_only=True) as u:
            return u.outbox.counts(EVERYTHING)[OutboxStatus.SENT]

    inbox.count_sent = count_sent
    yield w
    server.stop()
    w.close()


def _digests(world: World, officers: int) -> int:
    tree, _titles, _ = yangpu_titles(world, count=2)
    add_contacts(world, tree, officers)
    with world.uow_factory() as u:
        result = run_sweep(u, SWEEP_ON, policy=ReminderPolicy(), now=T0)
        u.commit()
    return len(result.digests)


def _inbox(world: World) -> WatchingInbox:
    inbox = world.server.inbox
    assert isinstance(inbox, WatchingInbox)
    return inbox


def test_every_mail_is_marked_before_the_next_one_is_delivered_across_batches(world):
    expected = _digests(world, officers=6)  # a district contact and six officers
    assert expected == 7
    drainer = world.drainer(outbox_batch_size=2, outbox_unmarked_max=1)
    report = drainer.drain(lambda: T0)  # four batches
    assert (report.sent, report.batches, report.failed) == (expected - 1, 4, 1)
    # When the k-th mail reached the server, exactly the k delivered before it were marked:
    # never two mails out without their marks.
    delivered = _inbox(world).marked_at_delivery
    assert delivered == list(range(expected - 1))
    ids = world.server.inbox.ids()
    assert len(ids) == expected - 1
    assert set(ids.values()) == {1}


def test_with_an_allowance_of_three_at_most_three_delivered_mails_are_ever_unmarked(world):
    expected = _digests(world, officers=6)
    report = world.drainer(outbox_batch_size=2, outbox_unmarked_max=3).drain(lambda: T0)
    assert (report.sent, report.batches, report.failed) == (expected - 1, 4, 1)
    # When the k-th mail reached the server, at most two of the k before it lacked a mark.
    delivered = _inbox(world).marked_at_delivery
    assert len(delivered) == expected - 1
    assert all(k - 2 <= marked <= k for k, marked in enumerate(delivered))
    assert _status_counts_sent(world) == expected - 1
    assert set(world.server.inbox.ids().values()) == {1}


def _status_counts_sent(world: World) -> int:
    with world.uow_factory() as u:
        return u.outbox.counts(EVERYTHING)[OutboxStatus.SENT]


def test_a_refused_recipient_fails_alone_with_the_servers_reason(world):
    expected = _digests(world, officers=3)
    report = world.drainer().drain(lambda: T0)  # one batch, one connection
    assert (report.sent, report.failed, report.retried) == (expected - 1, 1, 0)
    with world.uow_factory() as u:
        [failed] = u.outbox.page(EVERYTHING, OutboxFilter(OutboxStatus.FAILED))[0]
        assert failed.recipient_email == REFUSED
        assert failed.failure_reason == f"收件人被拒绝：{REFUSED}: 550 5.1.1 No such user here"
        sent = u.outbox.page(EVERYTHING, OutboxFilter(OutboxStatus.SENT))[0]
        assert len(sent) == expected - 1
        assert REFUSED not in {m.recipient_email for m in sent}
    assert len(world.server.inbox.ids()) == expected - 1  # the envelope was reset: the rest went
