"""Drain the outbox: claim a batch, render, send over one connection, mark in small runs."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from lifecycle.config import Settings
from lifecycle.reminders.delivery import DeliveryPolicy, Outcome, claim_batch, record_outcomes
from lifecycle.reminders.model import OutboxMessage
from lifecycle.uow import UnitOfWork
from notifications.mail import OutgoingMail, Sender, build_mail
from notifications.messages import render_payload
from notifications.sender import OnResult, SmtpSender, SmtpSettings

# Each outcome is committed before the next mail goes out: a sender killed between a send and its
# mark repeats at most that one mail after the lease (DOMAIN.md §6, issue 6). ``mark_every`` > 1
# commits outcomes together (fewer transactions) at the price of repeating up to that many mails.
MARK_EVERY = 1
MARK_WITHIN_SECONDS = 1.0


def message_key(message: OutboxMessage) -> str:
    """The stable left part of the Message-ID: a resend is recognisably the same mail."""
    digest = hashlib.sha256(message.dedup_key.encode()).hexdigest()[:16]
    return f"workshops.outbox.{message.id}.{digest}"


class MailSender(Protocol):
    """Anything that sends a batch and reports each message once."""

    async def send_many(self, messages: Sequence[OutgoingMail], on_result: OnResult) -> None: ...


@dataclass
class DrainReport:
    """What one drain did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    lease_lost: int = 0  # marks refused because the lease had passed to another sender
    batches: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Drainer:
    """The outbox drain with its settings; build once per process, call ``drain`` per tick."""

    uow_factory: Callable[[], UnitOfWork]
    sender: MailSender
    mail_from: Sender
    base_url: str
    policy: DeliveryPolicy
    batch_size: int = 100
    mark_every: int = MARK_EVERY

    def render(self, message: OutboxMessage, now: datetime) -> OutgoingMail:
        """The MIME mail of one outbox row, ready for the wire."""
        rendered = render_payload(message.kind, message.payload, self.base_url)
        return build_mail(
            rendered,
            sender=self.mail_from,
            to_name=message.recipient_name,
            to_email=message.recipient_email,
            message_key=message_key(message),
            now=now,
        )

    def drain(
        self, clock: Callable[[], datetime], *, max_batches: int | None = None
    ) -> DrainReport:
        """Send every due message, one claimed batch (one SMTP connection) at a time."""
        report = DrainReport()
        while max_batches is None or report.batches < max_batches:
            with self.uow_factory() as uow:
                claim = claim_batch(uow, clock(), self.policy, self.batch_size)
                uow.commit()
            if not claim.messages:
                break
            report.batches += 1
            self._send(claim.messages, claim.token, clock, report)
        return report

    def _send(
        self,
        messages: Sequence[OutboxMessage],
        token: str,
        clock: Callable[[], datetime],
        report: DrainReport,
    ) -> None:
        marks = _Marks(self, token, clock, report)
        ready: list[OutboxMessage] = []
        mails: list[OutgoingMail] = []
        try:
            for message in messages:
                try:
                    mails.append(self.render(message, clock()))
                    ready.append(message)
                except (KeyError, ValueError, TypeError) as err:  # a payload no template shows
                    detail = f"邮件内容无法生成：{type(err).__name__}: {err}"
                    marks.add(message, Outcome.PERMANENT, detail)

            def on_result(index: int, outcome: Outcome, detail: str) -> None:
                marks.add(ready[index], outcome, detail)

            if mails:
                asyncio.run(self.sender.send_many(mails, on_result))
        finally:
            # Whatever is known is recorded, even when the batch ends in an error.
            marks.flush()


class _Marks:
    """Outcomes waiting to be committed: flushed every ``mark_every`` outcomes (by default each
    one, before the next mail is sent), after ``MARK_WITHIN_SECONDS``, and at the end of the batch.

    A sender that dies between a send and its flush leaves those messages claimed; they are sent
    again once the lease has passed (same Message-ID), so a crash repeats at most the outcomes not
    yet flushed — with the default, the one mail whose mark was not yet committed.
    """

    def __init__(
        self, drainer: Drainer, token: str, clock: Callable[[], datetime], report: DrainReport
    ) -> None:
        self.drainer = drainer
        self.token = token
        self.clock = clock
        self.report = report
        self.pending: list[tuple[OutboxMessage, Outcome, str]] = []
        self.since = 0.0

    def add(self, message: OutboxMessage, outcome: Outcome, detail: str) -> None:
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append((message, outcome, detail))
        due = time.monotonic() - self.since >= MARK_WITHIN_SECONDS
        if len(self.pending) >= self.drainer.mark_every or due:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        results = self.pending
        policy = self.drainer.policy
        with self.drainer.uow_factory() as uow:
            marked, others = record_outcomes(
                uow, self.token, results, now=self.clock(), policy=policy
            )
            uow.commit()
        self.pending = []
        report = self.report
        report.sent += marked
        report.lease_lost += sum(1 for _, o, _ in results if o is Outcome.SENT) - marked
        failures = [(m, o, d) for m, o, d in results if o is not Outcome.SENT]
        for (message, outcome, detail), kept in zip(failures, others, strict=True):
            if not kept:
                report.lease_lost += 1
                continue
            report.errors.append(detail)
            if outcome is Outcome.PERMANENT or message.attempts >= policy.max_attempts:
                report.failed += 1
            else:
                report.retried += 1


def smtp_settings(settings: Settings) -> SmtpSettings:
    """The SMTP part of the settings."""
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    return SmtpSettings(
        host=settings.smtp_host,
        port=settings.smtp_port,
        use_tls=settings.smtp_use_tls,
        starttls=settings.smtp_starttls,
        username=settings.smtp_username,
        password=password,
        timeout_seconds=settings.smtp_timeout_seconds,
    )


def delivery_policy(settings: Settings) -> DeliveryPolicy:
    """The outbox part of the settings."""
    return DeliveryPolicy(
        lease_seconds=settings.outbox_lease_seconds,
        max_attempts=settings.outbox_max_attempts,
        backoff_seconds=settings.outbox_backoff_seconds,
        backoff_max_seconds=settings.outbox_backoff_max_seconds,
    )


def drainer_from_settings(
    settings: Settings, uow_factory: Callable[[], UnitOfWork], sender: MailSender | None = None
) -> Drainer:
    """A drainer on the configured SMTP server (nothing connects until ``drain``)."""
    return Drainer(
        uow_factory=uow_factory,
        sender=sender or SmtpSender(smtp_settings(settings)),
        mail_from=Sender(settings.mail_from, settings.mail_from_name),
        base_url=settings.base_url,
        policy=delivery_policy(settings),
        batch_size=settings.outbox_batch_size,
    )
