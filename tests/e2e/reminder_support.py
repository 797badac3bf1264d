"""A real SMTP server (aiosmtpd on 127.0.0.1) and a committed world for the reminder e2e tests."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from jobs.tasks import JobContext
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.schemes import get_scheme
from lifecycle.uow import UnitOfWork
from notifications.delivery import Drainer, drainer_from_settings
from tests import factories as f


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """aiosmtpd handler keeping every message received, across server restarts."""

    def __init__(self) -> None:
        self.raw: list[bytes] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.raw.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        with self.lock:
            raw = list(self.raw)
        return [email.message_from_bytes(r, policy=email.policy.default) for r in raw]  # type: ignore[misc]

    def ids(self) -> Counter[str]:
        """How often each outbox row (by its stable Message-ID) arrived."""
        return Counter(str(m["Message-ID"]) for m in self.messages())


@dataclass
class SmtpServer:
    """A real SMTP server that can be stopped and started again on the same port."""

    inbox: Inbox = field(default_factory=Inbox)
    port: int = field(default_factory=free_port)
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@dataclass
class World:
    """A committed database, settings pointing at the SMTP server, and the job context."""

    url: str
    server: SmtpServer
    settings: Settings
    engine: Engine
    uow_factory: Callable[[], UnitOfWork]

    def drainer(self, **overrides: Any) -> Drainer:
        return drainer_from_settings(self.settings.model_copy(update=overrides), self.uow_factory)

    def context(self, clock: Callable[[], datetime] | None = None) -> JobContext:
        ctx = JobContext(self.settings, self.uow_factory, self.drainer())
        if clock is not None:
            ctx.clock = clock
        return ctx

    def close(self) -> None:
        self.engine.dispose()


def make_world(url: str, server: SmtpServer, **settings: Any) -> World:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    values: dict[str, Any] = {
        "database_url": url,
        "base_url": "http://127.0.0.1:8000",
        "smtp_host": "127.0.0.1",
        "smtp_port": server.port,
        "smtp_timeout_seconds": 5.0,
        "mail_from": "noreply@gzs.example.cn",
    }
    values.update(settings)
    return World(url, server, Settings(**values), engine, lambda: UnitOfWork(factory))


def yangpu_titles(world: World, count: int = 1, naming_date: date = date(2023, 3, 15)):
    """A union tree and ``count`` Yangpu titles named on ``naming_date``, committed; the unit's
    union has a contact of its own and each workshop an achievement of 2025 [Y3], so the
    district officer hears of the district's own items (the cycle inspections) only."""
    from lifecycle.ledgers.model import AchievementKind
    from lifecycle.ledgers.service import NewAchievement, record_achievement
    from lifecycle.scope import EVERYTHING
    from lifecycle.unions.service import NewContact, add_contact
    from lifecycle.vocab import ContactRole

    with world.uow_factory() as u:
        tree = f.union_tree(u)
        titles = [f.named_designation(u, tree, naming_date=naming_date) for _ in range(count)]
        email_address = u.reminders.recipients()[tree.district.id][0].email
        unit = NewContact(tree.unit.id, "赵主席", "chair@unit.example.cn", ContactRole.CHAIR)
        add_contact(u, unit, scope=EVERYTHING)
        for title in titles:
            achievement = NewAchievement(
                title.workshop_id, AchievementKind.INVENTION_PATENT, "专利", date(2025, 6, 1),
                economic_benefit_yuan="10000", applied_in_production=True,
            )  # fmt: skip
            actor = f.unit_contact(u, title)
            record_achievement(u, achievement, actor=actor, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
    return tree, titles, email_address


def add_contacts(world: World, tree: Any, count: int) -> None:
    """``count`` more officers of the district union: one digest each."""
    from lifecycle.scope import EVERYTHING
    from lifecycle.unions.service import NewContact, add_contact
    from lifecycle.vocab import ContactRole

    with world.uow_factory() as u:
        for n in range(count):
            contact = NewContact(
                tree.district.id, f"干事{n}", f"officer{n}@yp.example.cn", ContactRole.OFFICER
            )
            add_contact(u, contact, scope=EVERYTHING)
        u.commit()


def body_text(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def body_html(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())


def notice_deadline(client: TestClient, headers: dict[str, str], title: Any) -> date:
    """Record a failed cycle-end inspection through the API: a 整改通知 is issued today."""
    body = {"kind": "cycle_end", "scheduled_on": "2026-02-02", "place": "车间", "inspectors": "王"}
    made = client.post(f"/api/v1/designations/{title.id}/inspections", json=body, headers=headers)
    assert made.status_code == 201, made.text
    codes = [c for c, _ in get_scheme(title.scheme_code).settings.inspection_criteria]
    outcomes = [{"criterion_code": c, "passed": c != codes[0], "notes": "缺"} for c in codes]
    done = client.post(
        f"/api/v1/inspections/{made.json()['id']}/outcome",
        json={"recorded_on": "2026-02-02", "outcomes": outcomes},
        headers=headers,
    )
    assert done.status_code == 200, done.text
    notices = client.get(f"/api/v1/notices?designation_id={title.id}", headers=headers).json()
    return date.fromisoformat(notices["items"][0]["deadline"])
