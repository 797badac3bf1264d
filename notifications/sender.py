"""The SMTP sender (aiosmtplib): one connection per batch, each result classified for the outbox."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import aiosmtplib

from lifecycle.reminders.delivery import Outcome
from notifications.mail import OutgoingMail

OnResult = Callable[[int, Outcome, str], None]


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
    """5xx and refused recipients are permanent; connection trouble, timeouts and 4xx transient."""
    if isinstance(err, aiosmtplib.SMTPRecipientsRefused):
        reasons = "；".join(f"{r.recipient}: {r.code} {r.message}" for r in err.recipients)
        return Outcome.PERMANENT, f"收件人被拒绝：{reasons}"
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
        try:
            await client.connect()
        except (aiosmtplib.SMTPException, OSError) as err:
            _, detail = classify(err)
            for index in range(len(messages)):
                on_result(index, Outcome.TRANSIENT, detail)
            return
        try:
            for index, message in enumerate(messages):
                try:
                    _errors, reply = await client.sendmail(
                        message.mail_from,
                        [message.rcpt_to],
                        message.data,
                        mail_options=["SMTPUTF8"] if message.utf8 else None,
                    )
                except (aiosmtplib.SMTPException, OSError) as err:
                    outcome, detail = classify(err)
                    on_result(index, outcome, detail)
                    if _connection_lost(err):
                        for rest in range(index + 1, len(messages)):
                            on_result(rest, Outcome.TRANSIENT, detail)
                        return
                    continue
                on_result(index, Outcome.SENT, reply)
        finally:
            if client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()
