"""The SMTP sender (aiosmtplib): one connection per batch, each result classified for the outbox."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence

import aiosmtplib

from lifecycle.config import Settings
from lifecycle.reminders.outbox import Outcome
from notifications.mail import OutgoingMail

# Told each message's outcome, once, in order.
OnResult = Callable[[int, Outcome, str], None]
# Awaited before each DATA (only DATA delivers), after the mail's envelope (MAIL FROM, RCPT TO):
# the caller bounds there how many delivered mails may be without a mark, while the marks' round
# trips overlap the envelope's.
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
        self, messages: Sequence[OutgoingMail], on_result: OnResult, before_data: BeforeData
    ) -> None:
        """Send in order; on a lost connection the rest are reported transient, unsent.

        Each mail's envelope goes out while earlier outcomes are being marked; its DATA only once
        ``before_data`` returns.
        """
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
                    await _envelope(client, message)
                    await before_data()
                    response = await client.data(message.data)
                except (aiosmtplib.SMTPException, OSError, ValueError) as err:
                    outcome, detail = classify(err)
                    on_result(index, outcome, detail)
                    if isinstance(err, CONNECTION_LOST):
                        for rest in range(index + 1, len(messages)):
                            on_result(rest, Outcome.TRANSIENT, detail)
                        return
                    if isinstance(err, aiosmtplib.SMTPResponseException):
                        # Clear the refused envelope for the next mail, as ``SMTP.sendmail`` does.
                        with contextlib.suppress(aiosmtplib.SMTPException, ConnectionError):
                            await client.rset()
                    continue
                on_result(index, Outcome.SENT, response.message)
        finally:
            if client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()


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
