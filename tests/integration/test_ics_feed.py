"""A user's ICS feed: parses with icalendar, holds only their union's subtree, secret token; the
served instance's access log names the feed path without its token."""

from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from io import StringIO

import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from icalendar import Calendar
from uvicorn.logging import AccessFormatter

from api.app import create_app
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.feeds.subscriptions import issue_feed
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import ScheduleInspection, schedule_inspection
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f

ISSUED = datetime(2026, 2, 1, 0, 0, tzinfo=UTC)


def test_feed_lists_this_unions_inspections_only(fresh_database_url, pudong_pack):
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            ours = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
            # 浦东's own district title with its cycle inspections (a pack of its own, tests only).
            theirs = f.named_designation(
                u,
                f.seen_from_the_other_district(tree),
                scheme=pudong_pack,
                naming_date=date(2023, 3, 20),
            )
            schedule_inspection(
                u,
                ScheduleInspection(
                    ours.id, InspectionKind.CYCLE_END, date(2026, 3, 10), "工作室现场", "王干事"
                ),
                actor=f.acting(tree.district),
                as_of=date(2026, 2, 1),
                scope=EVERYTHING,
            )
            ours_officer, _ = f.user(u, Role.DISTRICT_OFFICER, tree.district.id)
            their_officer, _ = f.user(u, Role.DISTRICT_OFFICER, tree.other_district.id)
            token = issue_feed(u, ours_officer, ISSUED).token
            other_token = issue_feed(u, their_officer, ISSUED).token
            u.commit()
            ours_id, theirs_id, ours_subject = ours.id, theirs.id, f"{ours.title}（{ours.number}）"
    finally:
        engine.dispose()
    app = create_app(
        Settings(database_url=fresh_database_url, base_url="https://gh.example.cn"),
        clock=lambda: datetime(2026, 2, 1, 1, 0, tzinfo=UTC),
    )
    with TestClient(app) as client:
        response = client.get(f"/calendar/{token}.ics")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/calendar")
        cal = Calendar.from_ical(response.content)
        events = list(cal.walk("VEVENT"))
        uids = {str(e["uid"]) for e in events}
        assert f"cycle_inspection:{ours_id}:1@workshops" in uids
        # The planned inspection names its title as every other entry does: 称号（编号）.
        planned = next(e for e in events if str(e["uid"]).startswith("inspection:"))
        assert str(planned["summary"]) == f"周期末实地检查：{ours_subject}"
        assert not any(f":{theirs_id}:" in uid for uid in uids)
        cycle = next(
            e for e in events if str(e["uid"]) == f"cycle_inspection:{ours_id}:1@workshops"
        )
        assert cycle.decoded("dtstart") == date(2026, 3, 15)
        assert "管理周期" in str(cycle["summary"])
        assert str(cycle["url"]).startswith(f"https://gh.example.cn/designations/{ours_id}")
        their_cal = Calendar.from_ical(client.get(f"/calendar/{other_token}.ics").content)
        their_uids = {str(e["uid"]) for e in their_cal.walk("VEVENT")}
        assert f"cycle_inspection:{theirs_id}:1@workshops" in their_uids
        assert not any(f":{ours_id}:" in uid for uid in their_uids)
        assert client.get("/calendar/not-a-token.ics").status_code == 404
        assert client.get(f"/calendar/{token[:-1]}x.ics").status_code == 404


@contextmanager
def access_log() -> Iterator[StringIO]:
    """uvicorn's access lines, formatted as its default configuration writes them."""
    out = StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s'))
    logger = logging.getLogger("uvicorn.access")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield out
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The app under uvicorn on a free port in this process (its access log on); its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, access_log=True)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            assert thread.is_alive(), "the server did not start"
            threading.Event().wait(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        return refused.code


def test_the_access_log_names_the_feed_path_without_its_token(fresh_database_url):
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            f.named_designation(u, tree, naming_date=date(2023, 3, 15))
            officer, _ = f.user(u, Role.DISTRICT_OFFICER, tree.district.id)
            token = issue_feed(u, officer, ISSUED).token
            u.commit()
    finally:
        engine.dispose()
    app = create_app(
        Settings(database_url=fresh_database_url, base_url="https://gh.example.cn"),
        clock=lambda: datetime(2026, 2, 1, 1, 0, tzinfo=UTC),
    )
    guessed = "guessed-" + token[:12]
    with access_log() as log, served(app) as base:
        assert _status(f"{base}/calendar/{token}.ics") == 200
        assert _status(f"{base}/calendar/{token}.ics?refresh=1") == 200
        assert _status(f"{base}/calendar/{guessed}.ics") == 404
        assert _status(f"{base}/healthz") == 200
    lines = log.getvalue().splitlines()
    assert token not in log.getvalue()
    assert token[:12] not in log.getvalue()  # nor a guess made of part of it
    assert '"GET /calendar/***.ics HTTP/1.1" 200' in lines[0]
    assert '"GET /calendar/***.ics?refresh=1 HTTP/1.1" 200' in lines[1]
    assert '"GET /calendar/***.ics HTTP/1.1" 404' in lines[2]
    assert '"GET /healthz HTTP/1.1" 200' in lines[3]  # other paths are logged as they are
