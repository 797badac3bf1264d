"""Build the mail as it goes on the wire: RFC 2047 Chinese headers, UTF-8 text and HTML parts.

A digest is always the same shape (multipart/alternative, base64 parts), so it is written
straight to bytes: the ``email`` package's header objects cost ~10 ms a mail, most of a drain.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from notifications.messages import Rendered

CRLF = "\r\n"


@dataclass(frozen=True)
class Sender:
    """The From of every mail (settings ``mail_from`` and ``mail_from_name``)."""

    address: str
    name: str

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2] or "localhost"


@dataclass(frozen=True)
class OutgoingMail:
    """One mail ready to send: the envelope and the flattened message (CRLF line ends); ``utf8``
    marks a mail whose addresses are not ASCII (it needs the server's SMTPUTF8)."""

    mail_from: str
    rcpt_to: str
    data: bytes
    utf8: bool = False


# RFC 2047: an encoded word is at most 75 characters and a line should stay within 78: 39 bytes
# of UTF-8 (whole characters only, so that every word decodes on its own) make a 64-character
# word, which fits after "Subject: " on the first line.
_WORD_BYTES = 39
_SPECIALS = frozenset('()<>@,;:\\".[]')


def _encoded_words(value: str) -> str:
    """RFC 2047 words of ``value``, one per folded line."""
    chunks: list[bytes] = []
    chunk = b""
    for char in value:
        encoded = char.encode("utf-8")
        if len(chunk) + len(encoded) > _WORD_BYTES:
            chunks.append(chunk)
            chunk = b""
        chunk += encoded
    chunks.append(chunk)
    return (CRLF + " ").join(f"=?utf-8?b?{base64.b64encode(c).decode('ascii')}?=" for c in chunks)


def _text(value: str) -> str:
    """An unstructured header value (Subject): as is when short plain ASCII, else RFC 2047 words,
    one per folded line."""
    value = " ".join(value.split())
    return value if value.isascii() and len(value) <= 70 else _encoded_words(value)


def _mailbox(name: str, address: str) -> str:
    """``name <address>`` with the display name quoted or RFC 2047-encoded as needed."""
    name = " ".join(name.split())
    if not name:
        return address
    if not name.isascii():
        phrase = _encoded_words(name)
    elif any(c in _SPECIALS for c in name):
        phrase = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    else:
        phrase = name
    return f"{phrase} <{address}>"


def _part(subtype: str, text: str, boundary: str) -> bytes:
    head = (
        f"--{boundary}{CRLF}"
        f'Content-Type: text/{subtype}; charset="utf-8"{CRLF}'
        f"Content-Transfer-Encoding: base64{CRLF}{CRLF}"
    )
    body = base64.encodebytes(text.encode("utf-8")).replace(b"\n", b"\r\n")
    return head.encode("ascii") + body


def build_mail(
    rendered: Rendered,
    *,
    sender: Sender,
    to_name: str,
    to_email: str,
    message_key: str,
    now: datetime,
) -> OutgoingMail:
    """One plain, professional mail as bytes; a stable Message-ID per outbox row. Only an
    address can put non-ASCII in the headers: such a mail goes as UTF-8 (RFC 6532, SMTPUTF8)."""
    # "=_" never occurs in base64, so the boundary cannot occur in a body.
    boundary = "=_" + hashlib.sha256(message_key.encode()).hexdigest()[:24]
    headers = (
        f"Subject: {_text(rendered.subject)}{CRLF}"
        f"From: {_mailbox(sender.name, sender.address)}{CRLF}"
        f"To: {_mailbox(to_name, to_email)}{CRLF}"
        f"Date: {format_datetime(now)}{CRLF}"
        # A stable id per outbox row: a resend after a crash carries the same Message-ID.
        f"Message-ID: <{message_key}@{sender.domain}>{CRLF}"
        f"MIME-Version: 1.0{CRLF}"
        f'Content-Type: multipart/alternative; boundary="{boundary}"{CRLF}{CRLF}'
    )
    data = b"".join(
        (
            headers.encode("utf-8"),
            _part("plain", rendered.text, boundary),
            _part("html", rendered.html, boundary),
            f"--{boundary}--{CRLF}".encode("ascii"),
        )
    )
    utf8 = not (sender.address.isascii() and to_email.isascii())
    return OutgoingMail(sender.address, to_email, data, utf8)
