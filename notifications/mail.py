"""Build the MIME message: RFC 2047 Chinese headers, UTF-8 text and HTML alternatives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from notifications.messages import Rendered


@dataclass(frozen=True)
class Sender:
    """The From of every mail (settings ``mail_from`` and ``mail_from_name``)."""

    address: str
    name: str

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2] or "localhost"


def _address(name: str, email: str) -> Address:
    local, _, domain = email.partition("@")
    return Address(display_name=name, username=local, domain=domain)


def build_message(
    rendered: Rendered,
    *,
    sender: Sender,
    to_name: str,
    to_email: str,
    message_key: str,
    now: datetime,
) -> EmailMessage:
    """One plain, professional mail; the policy encodes Chinese headers per RFC 2047."""
    message = EmailMessage()
    message["Subject"] = rendered.subject
    message["From"] = _address(sender.name, sender.address)
    message["To"] = _address(to_name, to_email)
    message["Date"] = format_datetime(now)
    # A stable id per outbox row: a resend after a crash carries the same Message-ID.
    message["Message-ID"] = f"<{message_key}@{sender.domain}>"
    message.set_content(rendered.text, subtype="plain", charset="utf-8", cte="base64")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8", cte="base64")
    return message
