"""A 整改 duty's reminder links to its notice's own page, where the 整改情况报告 is sent and the
整改复查 recorded [Y12], not to the notices section of the designation's page. Over a real SMTP
server (aiosmtpd), on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from jobs.tasks import run_sweep
from lifecycle.inspections.model import InspectionKind
from lifecycle.inspections.service import (
    CriterionInput,
    RecordOutcome,
    ScheduleInspection,
    record_outcome,
    schedule_inspection,
)
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.e2e.reminder_support import body_html, body_text, yangpu_titles

pytestmark = pytest.mark.e2e

ISSUED = date(2026, 3, 2)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def test_the_rectification_reminder_links_to_the_notice_page(world):
    tree, [title], officer = yangpu_titles(world)
    with world.uow_factory() as u:
        district = f.acting(tree.district)
        inspection = schedule_inspection(
            u,
            ScheduleInspection(title.id, InspectionKind.CYCLE_END, ISSUED, "现场", "王"),
            actor=district,
            as_of=ISSUED,
            scope=EVERYTHING,
        )
        criteria = get_scheme(title.scheme_code).settings.inspection_criteria
        outcomes = tuple(CriterionInput(c, c != "team", "成员不足") for c, _ in criteria)
        record_outcome(
            u, RecordOutcome(inspection.id, ISSUED, outcomes), actor=district, as_of=ISSUED,
            scope=EVERYTHING,
        )  # fmt: skip
        notice = u.notices.open_for_designation(title.id)
        assert notice is not None
        notice_id = notice.id
        u.commit()
    day = ISSUED + timedelta(days=1)
    before = len(world.server.inbox.messages())
    with world.uow_factory() as u:
        run_sweep(u, day, policy=ReminderPolicy(), now=_at(day))
        u.commit()
    world.drainer().drain(lambda: _at(day))
    mails = [m for m in world.server.inbox.messages()[before:] if officer in m["To"]]
    [mail] = [m for m in mails if "整改期限（" in body_text(m)]
    page = f"http://127.0.0.1:8000/notices/{notice_id}"
    text = body_text(mail)
    assert page in text, text
    assert f'href="{page}"' in body_html(mail)
    assert "#notices" not in text
