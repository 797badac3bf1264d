"""Drain the outbox: claim a batch, render, send over one connection, mark each right after."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import Protocol

from lifecycle.config import Settings
from lifecycle.reminders.delivery import DeliveryPolicy, Outcome, claim_batch, record_outcome
from lifecycle.reminders.model import OutboxMessage
from lifecycle.uow import UnitOfWork
from notifications.mail import Sender, build_message
from notifications.messages import render_payload
from notifications.sender import OnResult, SmtpSender, SmtpSettings


def message_key(message: OutboxMessage) -> str:
    """The stable left part of the Message-ID: a resend is recognisably the same mail."""
    digest = hashlib.sha256(message.dedup_key.encode()).hexdigest()[:16]
    return f"workshops.outbox.{message.id}.{digest}"


class MailSender(Protocol):
    """Anything that sends a batch and reports each message once."""

    async def send_many(self, messages: Sequence[EmailMessage], on_result: OnResult) -> None: ...


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

    def render(self, message: OutboxMessage, now: datetime) -> EmailMessage:
        """The MIME mail of one outbox row."""
        rendered = render_payload(message.kind, message.payload, self.base_url)
        return build_message(
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
        """Send every due message; each outcome is committed before the next send."""
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

    def _record(
        self,
        *,
        message: OutboxMessage,
        token: str,
        outcome: Outcome,
        detail: str,
        clock: Callable[[], datetime],
        report: DrainReport,
    ) -> None:
        with self.uow_factory() as uow:
            kept = record_outcome(
                uow, message, token, outcome, detail, now=clock(), policy=self.policy
            )
            uow.commit()
        if not kept:
            report.lease_lost += 1
        elif outcome is Outcome.SENT:
            report.sent += 1
        elif outcome is Outcome.PERMANENT or message.attempts >= self.policy.max_attempts:
            report.failed += 1
            report.errors.append(detail)
        else:
            report.retried += 1
            report.errors.append(detail)

    def _send(
        self,
        messages: Sequence[OutboxMessage],
        token: str,
        clock: Callable[[], datetime],
        report: DrainReport,
    ) -> None:
        ready: list[OutboxMessage] = []
        mails: list[EmailMessage] = []
        for message in messages:
            try:
                mails.append(self.render(message, clock()))
                ready.append(message)
            except (KeyError, ValueError, TypeError) as err:  # a payload no template can show
                detail = f"邮件内容无法生成：{type(err).__name__}: {err}"
                self._record(
                    message=message,
                    token=token,
                    outcome=Outcome.PERMANENT,
                    detail=detail,
                    clock=clock,
                    report=report,
                )

        def on_result(index: int, outcome: Outcome, detail: str) -> None:
            self._record(
                message=ready[index],
                token=token,
                outcome=outcome,
                detail=detail,
                clock=clock,
                report=report,
            )

        if mails:
            asyncio.run(self.sender.send_many(mails, on_result))


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
