"""The SMTP sender (aiosmtplib): one connection per batch, each result classified for the outbox."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import aiosmtplib

from lifecycle.reminders.delivery import Outcome
from notifications.mail import OutgoingMail

# Told each message's outcome, once. It may return an awaitable (the outcome's mark, still being
# committed): the sender awaits it before the next mail, so the caller bounds how many delivered
# mails may be without a mark (DOMAIN.md §6).
OnResult = Callable[[int, Outcome, str], Awaitable[None] | None]


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to connect (from ``lifecycle.config.Settings``); nothing connects here."""

    host: str
    port: int
    use_tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout_seconds: float = 30.0


def classify(err: BaseException) -> tuple[Outcome, str]:
    """5xx, refused and unusable addresses are permanent; connection trouble, timeouts and 4xx
    transient."""
    if isinstance(err, ValueError):  # aiosmtplib refuses to send to such an address
        return Outcome.PERMANENT, f"邮件地址无效：{err}"
    if isinstance(err, aiosmtplib.SMTPRecipientsRefused):
        reasons = "；".join(f"{r.recipient}: {r.code} {r.message}" for r in err.recipients)
        return Outcome.PERMANENT, f"收件人被拒绝：{reasons}"
    if isinstance(err, aiosmtplib.SMTPRecipientRefused):
        return Outcome.PERMANENT, f"收件人被拒绝：{err.recipient}: {err.code} {err.message}"
    if isinstance(err, aiosmtplib.SMTPServerDisconnected | aiosmtplib.SMTPTimeoutError):
        return Outcome.TRANSIENT, f"邮件服务器连接中断：{err}"
    if isinstance(err, aiosmtplib.SMTPResponseException):
        kind = Outcome.PERMANENT if 500 <= err.code < 600 else Outcome.TRANSIENT
        return kind, f"邮件服务器拒绝：{err.code} {err.message}"
    return Outcome.TRANSIENT, f"无法连接邮件服务器：{type(err).__name__}: {err}"


def _connection_lost(err: BaseException) -> bool:
    return isinstance(
        err, aiosmtplib.SMTPServerDisconnected | aiosmtplib.SMTPTimeoutError | OSError
    )


class SmtpSender:
    """Sends a batch over one connection; every message gets exactly one ``on_result`` call."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def _client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            use_tls=s.use_tls,
            start_tls=s.starttls,
            username=s.username,
            password=s.password,
            timeout=s.timeout_seconds,
        )

    async def send_many(self, messages: Sequence[OutgoingMail], on_result: OnResult) -> None:
        """Send in order; on a lost connection the rest are reported transient, unsent."""
        client = self._client()

        async def report(index: int, outcome: Outcome, detail: str) -> None:
            marking = on_result(index, outcome, detail)
            if marking is not None:
                await marking

        try:
            await client.connect()
        except (aiosmtplib.SMTPException, OSError) as err:
            for index in range(len(messages)):
                await report(index, Outcome.TRANSIENT, classify(err)[1])
            return
        try:
            for index, mail in enumerate(messages):
                options = ["SMTPUTF8"] if mail.utf8 else []
                try:  # SIZE, SMTPUTF8, and RSET after a refusal, as aiosmtplib does them
                    _, reply = await client.sendmail(
                        mail.mail_from, [mail.rcpt_to], mail.data, mail_options=options
                    )
                except (aiosmtplib.SMTPException, OSError, ValueError) as err:
                    await report(index, *classify(err))
                    if _connection_lost(err):
                        for rest in range(index + 1, len(messages)):
                            await report(rest, Outcome.TRANSIENT, classify(err)[1])
                        return
                    continue
                await report(index, Outcome.SENT, reply)
        finally:
            if client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()
