"""The scheduler's daily 专款专用 audit through the real scheduler path, under a frozen clock: a
finding only time brings (the district's 配套 not paid within its period [S10]) appears the
morning after the period ends with nobody writing anything, once a day however often the
service starts."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from sqlalchemy import select

from jobs.tasks import add_jobs
from lifecycle.funding.audit import AUDIT_JOB, SYSTEM_AUDITOR
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.model import AuditFinding
from lifecycle.funding.vocab import FindingKind, GrantKind
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.e2e.reminder_support import World
from tests.e2e.test_reminder_delivery_scheduler import SHANGHAI, Clockwork, _scheduler

pytestmark = pytest.mark.e2e

PAID = date(2025, 12, 1)  # the city's 2万 paid; the district's 配套 due 90 days later (2026-03-01)


def _missing(world: World, designation_id: int) -> list[tuple[date, str]]:
    """When and by whom the title's 配套逾期未到位 findings were found."""
    with world.uow_factory() as u:
        stmt = select(AuditFinding.found_on, AuditFinding.found_by).where(
            AuditFinding.designation_id == designation_id,
            AuditFinding.kind == FindingKind.MATCHING_MISSING,
        )
        return [(on, by) for on, by in u.session.execute(stmt)]


@pytest.mark.freeze_time("2026-02-28 06:00:00+08:00", real_asyncio=True)
def test_the_daily_audit_finds_the_unpaid_matching_the_morning_after_its_period(freezer, world):
    with world.uow_factory() as u:
        tree = f.union_tree(u)
        title = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        grant = RecordGrant(title.id, GrantKind.ONE_OFF, "沪工〔2025〕21号", PAID, paid_on=PAID)
        city = f.finance_of(tree.city.id)  # the city pays its 2万 [S10]
        record_grant(u, grant, actor=city, as_of=PAID, scope=EVERYTHING)
        u.commit()
    scheduler = _scheduler()
    add_jobs(scheduler, world.context())
    clock = Clockwork(freezer, scheduler)
    scheduler.start()  # at 06:00: today's 06:30 audit is still ahead
    try:
        # Yesterday's, missed by more than the grace, is not run late: today's covers it.
        assert clock.wait_for(AUDIT_JOB).code == EVENT_JOB_MISSED
        assert scheduler.get_job(AUDIT_JOB).next_run_time == datetime(
            2026, 2, 28, 6, 30, tzinfo=SHANGHAI
        )
        for day in (28, 1, 2):
            month = 2 if day == 28 else 3
            clock.move_to(datetime.combine(date(2026, month, day), time(6, 30, 1), SHANGHAI))
            assert clock.wait_for(AUDIT_JOB).code == EVENT_JOB_EXECUTED
            found = _missing(world, title.id)
            # Due on 1 March: nothing on 28 February nor on the day itself, found on 2 March.
            assert len(found) == (1 if day == 2 else 0), day
    finally:
        scheduler.shutdown(wait=True)
    assert found == [(date(2026, 3, 2), SYSTEM_AUDITOR.name)]
    with world.uow_factory() as u:
        assert u.reminders.run_dates(AUDIT_JOB, date(2026, 2, 28)) == {
            date(2026, 2, 28),
            date(2026, 3, 1),
            date(2026, 3, 2),
        }

    # Started again later the same day, the service finds the day's claim and audits no more.
    freezer.move_to(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI))
    again = _scheduler()
    add_jobs(again, world.context())
    second = Clockwork(freezer, again)
    again.start()
    try:
        assert second.wait_for("outbox_drain").code == EVENT_JOB_EXECUTED
        tomorrow = datetime(2026, 3, 3, 6, 30, tzinfo=SHANGHAI)
        assert again.get_job(AUDIT_JOB).next_run_time == tomorrow
        assert all(e.job_id != AUDIT_JOB for e in list(second.events.queue))
    finally:
        again.shutdown(wait=True)
