"""The per-union ICS feed: parses with icalendar, holds only that union's subtree, secret token."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from icalendar import Calendar

from api.app import create_app
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.feeds.ics import feed_token
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import ScheduleInspection, schedule_inspection
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from tests import factories as f


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
            token = feed_token(u, tree.district.id, scope=EVERYTHING)
            other_token = feed_token(u, tree.other_district.id, scope=EVERYTHING)
            u.commit()
            ours_id, theirs_id = ours.id, theirs.id
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
        assert any(uid.startswith("inspection:") for uid in uids)
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
