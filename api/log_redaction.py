"""No feed secret and no ID-card number in a log (ASVS 7.1.1).

A feed address is its own credential (``lifecycle/feeds/subscriptions.py``), so the access log
of uvicorn (``uvicorn.access``: client, method, path, status) and our own error log name the
path ``/calendar/***.ics`` instead. An ID-card number typed into a search box travels in the
query string (``/persons?q=…``): it is logged as it is shown, ``3101**********1234``.
"""

from __future__ import annotations

import logging
import re

FEED_PATH = re.compile(r"/calendar/[^/?#\s\"]+\.ics", re.IGNORECASE)
REDACTED_FEED_PATH = "/calendar/***.ics"
# An 18-character ID-card number (GB 11643: 17 digits and a check digit or X), not part of a
# longer run of digits or letters (a percent-escape before it, ``%20``, is no part of it); its
# first and last 4 are kept, as ``mask_id_card`` shows it.
ID_CARD = re.compile(
    r"(?:(?<=%[0-9A-Fa-f]{2})|(?<![0-9A-Za-z]))([0-9]{4})[0-9]{10}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])"
)
# uvicorn's access lines, and its error lines (which may quote a request line).
LOGGERS = ("uvicorn.access", "uvicorn.error")
ERROR_LOGGER = "api.errors"  # the service's unhandled and database errors, with tracebacks


def redact(text: str) -> str:
    """``text`` with every feed token replaced by ``***`` and every ID-card number masked."""
    return ID_CARD.sub(r"\1**********\2", FEED_PATH.sub(REDACTED_FEED_PATH, text))


class RedactFeedTokens(logging.Filter):
    """Rewrites a record's message, arguments and traceback before any handler formats it (a
    PostgreSQL error quotes the failing row's values in its DETAIL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if record.exc_info and not record.exc_text:
            # A handler's formatter writes ``exc_text`` when it is set, instead of formatting.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def install_log_redaction() -> None:
    """Put the filter on uvicorn's loggers and our error log once (app factories may run more
    than once)."""
    for name in (*LOGGERS, ERROR_LOGGER):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactFeedTokens) for f in logger.filters):
            logger.addFilter(RedactFeedTokens())
