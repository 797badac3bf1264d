"""No ID-card number reaches a log: not a number typed into a search box (the access log), not
one a failed statement carried (the error log) — CONTRIBUTING: never log them."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from io import StringIO

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from api.app import create_app
from api.log_redaction import ERROR_LOGGER, install_log_redaction
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine
from tests.integration.test_ics_feed import _status, access_log, served

NUMBER = "110101199003070134"  # valid by GB 11643 (checksum 4)
SHOWN = "1101**********0134"  # as ``Person.masked_id_card`` shows it


def test_a_searched_id_card_number_is_masked_in_the_access_log(fresh_database_url):
    """A user searching 人员 or the person picker by the full number sends it in the address:
    the access log writes it masked, as every page shows it."""
    app = create_app(
        Settings(database_url=fresh_database_url, base_url="https://gh.example.cn"),
        clock=lambda: datetime(2026, 2, 1, 1, 0, tzinfo=UTC),
    )
    with access_log() as log, served(app) as base:
        _status(f"{base}/persons?q={NUMBER}")  # to the login page, the address in ``next``
        _status(f"{base}/api/v1/person-search?q=%20{NUMBER}&limit=5")
        _status(f"{base}/designations?q=2026120605283333")  # not a number of 18: kept
    written = log.getvalue()
    assert NUMBER not in written
    assert f'"GET /persons?q={SHOWN} HTTP/1.1" 303' in written
    assert f'"GET /login?next=%2Fpersons%3Fq%3D{SHOWN} HTTP/1.1" 200' in written
    assert f'"GET /api/v1/person-search?q=%20{SHOWN}&limit=5 HTTP/1.1" 401' in written
    assert '"GET /designations?q=2026120605283333' in written


def test_a_failed_statement_names_no_id_card_number(fresh_database_url):
    """The database error the service logs names the statement, not the values it carried
    (PostgreSQL quotes the failing row in its DETAIL: masked there)."""
    engine = make_engine(fresh_database_url)
    try:
        with engine.connect() as connection, pytest.raises(DBAPIError) as failed:
            connection.execute(
                text("INSERT INTO persons (name, id_card_number) VALUES (:name, :number)"),
                {"name": "李师傅", "number": NUMBER},
            )
    finally:
        engine.dispose()
    install_log_redaction()
    out = StringIO()
    handler = logging.StreamHandler(out)
    logger = logging.getLogger(ERROR_LOGGER)
    logger.addHandler(handler)
    try:
        logger.error("database error", exc_info=failed.value)  # as ``api/errors.py`` logs it
    finally:
        logger.removeHandler(handler)
    written = out.getvalue()
    assert "INSERT INTO persons" in written
    assert "[SQL parameters hidden due to hide_parameters=True]" in written
    assert NUMBER not in written
