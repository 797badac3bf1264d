"""No feed secret in a log: the token of a calendar URL is written as ``***`` (ASVS 7.1.1).

A feed address is its own credential (``lifecycle/feeds/subscriptions.py``), so the access log
of uvicorn (``uvicorn.access``: client, method, path, status) and our own error log name the
path ``/calendar/***.ics`` instead.
"""

from __future__ import annotations

import logging
import re

FEED_PATH = re.compile(r"/calendar/[^/?#\s\"]+\.ics", re.IGNORECASE)
REDACTED_FEED_PATH = "/calendar/***.ics"
# uvicorn's access lines, and its error lines (which may quote a request line).
LOGGERS = ("uvicorn.access", "uvicorn.error")


def redact(text: str) -> str:
    """``text`` with every feed token replaced by ``***``."""
    return FEED_PATH.sub(REDACTED_FEED_PATH, text)


class RedactFeedTokens(logging.Filter):
    """Rewrites a record's message and arguments before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install_log_redaction() -> None:
    """Put the filter on uvicorn's loggers once (app factories may run more than once)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactFeedTokens) for f in logger.filters):
            logger.addFilter(RedactFeedTokens())
