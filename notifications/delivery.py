"""Drain the outbox: claim a batch, render, send over one connection (aiosmtplib), each result
classified, and mark the mails as they go."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

import aiosmtplib

from lifecycle.config import Settings
from lifecycle.reminders.model import OutboxMessage
from lifecycle.reminders.outbox import Claim, Outcome, claim_batch, gives_up, record_outcomes
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import still_owed
from lifecycle.uow import UnitOfWork
from notifications.mail import OutgoingMail, Sender, build_mail
from notifications.messages import render_payload


@dataclass
class DrainReport:
    """What one drain did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    withdrawn: int = 0  # claimed but not sent: everything listed was done since the sweep
    lease_lost: int = 0  # marks refused because the lease had passed to another sender
    batches: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Drainer:
    """The outbox drain on the ``outbox_*``, ``mail_*`` and ``base_url`` settings; build once per
    process, call ``drain`` per tick."""

    settings: Settings
    uow_factory: Callable[[], UnitOfWork]
    sender: SmtpSender

    def render(self, message: OutboxMessage, now: datetime) -> OutgoingMail:
        """The MIME mail of one outbox row, ready for the wire."""
        s = self.settings
        # The stable left part of the Message-ID: a resend is recognisably the same mail.
        digest = hashlib.sha256(message.dedup_key.encode()).hexdigest()[:16]
        return build_mail(
            render_payload(message.kind, message.payload, s.base_url),
            sender=Sender(s.mail_from, s.mail_from_name),
            to_name=message.recipient_name,
            to_email=message.recipient_email,
            message_key=f"workshops.outbox.{message.id}.{digest}",
            now=now,
        )

    def drain(self, clock: Callable[[], datetime]) -> DrainReport:
        """Send every due message, one claimed batch (one SMTP connection) at a time."""
        marks = _Marks(self, clock, DrainReport())
        asyncio.run(self._drain(marks))
        return marks.report

    async def _drain(self, marks: _Marks) -> None:
        # Each batch is claimed in the commit that marks the last mails of the one before.
        while (claim := marks.commit(claim=True)) and (claim.messages or claim.withdrawn):
            if claim.messages:
                marks.report.batches += 1
                await self._send(claim, marks)

    async def _send(self, claim: Claim, marks: _Marks) -> None:
        """Send the batch's mails, rendered while the server answers the ones before; every
        outcome waits in ``marks`` by the end."""
        ready: list[OutboxMessage] = []
        rendered: asyncio.Queue[OutgoingMail | None] = asyncio.Queue()

        async def render() -> None:
            for message in claim.messages:
                try:
                    rendered.put_nowait(self.render(message, marks.clock()))
                    ready.append(message)
                except (KeyError, ValueError, TypeError) as err:  # a payload no template shows
                    detail = f"邮件内容无法生成：{type(err).__name__}: {err}"
                    marks.add(message, Outcome.PERMANENT, detail)
                await asyncio.sleep(0)  # the sender goes on as soon as the server answers
            rendered.put_nowait(None)

        async def mails() -> AsyncIterator[OutgoingMail]:
            while (mail := await rendered.get()) is not None:
                yield mail

        def on_result(index: int, outcome: Outcome, detail: str) -> None:
            marks.add(ready[index], outcome, detail)

        async def before_data() -> None:
            if len(marks.waiting) >= self.settings.outbox_unmarked_max:
                marks.commit()

        rendering = asyncio.create_task(render())
        try:
            await self.sender.send_many(mails(), on_result, before_data)
        finally:
            rendering.cancel()


@dataclass
class _Marks:
    """The outcomes of the claimed batch, committed together in a unit of work (an ordinary,
    durable commit) whenever more are waiting than the sender allows, and with the next claim.

    Before each DATA at most ``outbox_unmarked_max - 1`` outcomes wait, so at most
    ``outbox_unmarked_max`` mails the server accepted are ever without a committed mark. A
    sender that dies leaves those claimed; each is sent once more after its lease (same
    Message-ID). None is lost: a message is marked only after the server accepted it.
    """

    drainer: Drainer
    clock: Callable[[], datetime]
    report: DrainReport
    token: str = ""
    waiting: list[tuple[OutboxMessage, Outcome, str]] = field(default_factory=list)

    def add(self, message: OutboxMessage, outcome: Outcome, detail: str) -> None:
        self.waiting.append((message, outcome, detail))

    def commit(self, *, claim: bool = False) -> Claim | None:
        """Mark the waiting outcomes and, if asked, claim the next batch: one commit."""
        group, self.waiting = self.waiting, []
        settings, now = self.drainer.settings, self.clock()
        with self.drainer.uow_factory() as uow:
            kept = record_outcomes(uow, self.token, group, now=now, settings=settings)
            claimed = claim_batch(uow, now, settings) if claim else None
            if claimed is not None:  # what was done since the sweep is not mailed
                claimed = still_owed(uow, claimed, ReminderPolicy.from_settings(settings), now)
            uow.commit()
        self.token = claimed.token if claimed else self.token
        self.report.withdrawn += claimed.withdrawn if claimed else 0
        report = self.report
        for message, outcome, detail in group:
            if message.id not in kept:
                report.lease_lost += 1
            elif outcome is Outcome.SENT:
                report.sent += 1
            else:
                report.errors.append(detail)
                if gives_up(message, outcome, settings):
                    report.failed += 1
                else:
                    report.retried += 1
        return claimed


# Told each message's outcome, once, in order.
OnResult = Callable[[int, Outcome, str], None]
# Awaited before each DATA (only DATA delivers), after the mail's envelope (MAIL FROM, RCPT TO):
# the caller bounds there how many delivered mails may be without a mark.
BeforeData = Callable[[], Awaitable[None]]
CONNECTION_LOST = (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError, OSError)


def classify(err: BaseException) -> tuple[Outcome, str]:
    """5xx, refused and unusable addresses are permanent; connection trouble, timeouts and 4xx
    transient."""
    if isinstance(err, ValueError):  # aiosmtplib refuses to send to such an address
        return Outcome.PERMANENT, f"邮件地址无效：{err}"
    if isinstance(err, aiosmtplib.SMTPRecipientRefused):
        return Outcome.PERMANENT, f"收件人被拒绝：{err.recipient}: {err.code} {err.message}"
    if isinstance(err, aiosmtplib.SMTPServerDisconnected | aiosmtplib.SMTPTimeoutError):
        return Outcome.TRANSIENT, f"邮件服务器连接中断：{err}"
    if isinstance(err, aiosmtplib.SMTPResponseException):
        kind = Outcome.PERMANENT if 500 <= err.code < 600 else Outcome.TRANSIENT
        return kind, f"邮件服务器拒绝：{err.code} {err.message}"
    return Outcome.TRANSIENT, f"无法连接邮件服务器：{type(err).__name__}: {err}"


class SmtpSender:
    """Sends a batch over one connection; every message gets exactly one ``on_result`` call.
    Where and how to connect come from the ``smtp_*`` settings; nothing connects until sending."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            use_tls=s.smtp_use_tls,
            start_tls=s.smtp_starttls,
            username=s.smtp_username,
            password=s.smtp_password.get_secret_value() if s.smtp_password else None,
            timeout=s.smtp_timeout_seconds,
        )

    async def send_many(
        self, messages: AsyncIterable[OutgoingMail], on_result: OnResult, before_data: BeforeData
    ) -> None:
        """Send in order; on a lost connection the rest are reported transient, unsent. Each
        mail's DATA goes after ``before_data``."""
        mails, client, index = aiter(messages), self._client(), 0
        try:
            await client.connect()
        except (aiosmtplib.SMTPException, OSError) as err:
            await _unsent(mails, index, on_result, classify(err)[1])
            return
        try:
            async for message in mails:
                try:
                    await _envelope(client, message)
                    await before_data()
                    response = await client.data(message.data)
                except (aiosmtplib.SMTPException, OSError, ValueError) as err:
                    outcome, detail = classify(err)
                    on_result(index, outcome, detail)
                    if isinstance(err, CONNECTION_LOST):
                        await _unsent(mails, index + 1, on_result, detail)
                        return
                    if isinstance(err, aiosmtplib.SMTPResponseException):
                        # Clear the refused envelope for the next mail, as ``SMTP.sendmail`` does.
                        with contextlib.suppress(aiosmtplib.SMTPException, ConnectionError):
                            await client.rset()
                else:
                    on_result(index, Outcome.SENT, response.message)
                index += 1
        finally:
            if client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()


async def _unsent(mails: AsyncIterator[OutgoingMail], i: int, tell: OnResult, why: str) -> None:
    """The rest of ``mails``, the ``i``-th on, reported transient: to be tried again."""
    async for _ in mails:
        tell(i, Outcome.TRANSIENT, why)
        i += 1


async def _envelope(client: aiosmtplib.SMTP, message: OutgoingMail) -> None:
    """MAIL FROM and RCPT TO as ``SMTP.sendmail`` sends them (SIZE, SMTPUTF8); nothing is
    delivered until DATA."""
    if client.is_ehlo_or_helo_needed:  # once per connection: the extensions come with it
        try:
            await client.ehlo()
        except aiosmtplib.SMTPHeloError:
            await client.helo()
    options = ["SMTPUTF8"] if message.utf8 else []
    encoding = "utf-8" if message.utf8 else "ascii"
    if message.utf8 and not client.supports_extension("smtputf8"):
        raise aiosmtplib.SMTPNotSupported("SMTPUTF8 is not supported by this server")
    if client.supports_extension("size"):
        options.insert(0, f"size={len(message.data)}")
    await client.mail(message.mail_from, options=options, encoding=encoding)
    await client.rcpt(message.rcpt_to, encoding=encoding)


def drainer_from_settings(settings: Settings, uow_factory: Callable[[], UnitOfWork]) -> Drainer:
    """A drainer on the configured SMTP server (nothing connects until ``drain``)."""
    return Drainer(settings, uow_factory, SmtpSender(settings))
