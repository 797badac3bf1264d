"""One-time form keys are kept 30 days: the daily job removes older ones (the table does not grow
without limit), and a form posted again within 30 days is still told it was submitted."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from jobs.tasks import JobContext, daily_sweep
from lifecycle.clock import now_utc
from lifecycle.config import Settings
from lifecycle.demo.spec import id_card_number
from lifecycle.persons.model import Person
from lifecycle.submissions.model import FormSubmission
from lifecycle.submissions.repository import SubmissionRepository
from lifecycle.submissions.service import prune_submissions
from lifecycle.vocab import Gender
from notifications.delivery import drainer_from_settings
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_form_replays import NOTICE, key_of

BORN = date(1981, 6, 3)


def _persons(site: Site) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(Person)) or 0)


def _daily_job(site: Site, at: datetime) -> None:
    """The daily job as the scheduler runs it, its clock at ``at``."""
    settings = Settings(database_url="sqlite://", smtp_port=9)
    ctx = JobContext(
        settings, site.uow, drainer_from_settings(settings, site.uow), clock=lambda: at
    )
    daily_sweep(ctx)


def test_the_daily_job_removes_keys_older_than_30_days_and_a_replay_within_is_caught(
    site: Site,
) -> None:
    unit = site.login("unit")
    page = unit.get("/persons/new").text
    sent = {
        "csrf_token": csrf_of(page, "/persons"),
        "form_key": key_of(page, "/persons"),
        "name": "孙保留",
        "gender": "male",
        "birth_date": BORN.isoformat(),
        "id_card_number": id_card_number("310110", BORN, 57, Gender.MALE),
        "union_id": str(site.tree.unit.id),
        "employment_status": "employed",
        "skill_level": "technician",
    }
    assert unit.post("/persons", data=sent).status_code == 303
    posted = now_utc()
    with site.uow() as u:  # an old key beside it, as a month-old form left it
        old = FormSubmission(key="k" * 20, user_id=None, path="/persons")
        u.session.add(old)
        u.session.flush()
        old.submitted_at = posted - timedelta(days=31)
        u.commit()
    # Twenty days on, the job keeps the recent key: the form posted again is still caught.
    _daily_job(site, posted + timedelta(days=20))
    with site.uow() as u:
        repo = SubmissionRepository(u.session)
        assert repo.find("k" * 20) is None  # older than 30 days: removed
        assert repo.find(sent["form_key"]) is not None
    before = _persons(site)
    again = unit.post("/persons", data=sent)
    assert again.status_code == 200
    assert NOTICE in again.text
    assert _persons(site) == before
    # Past 30 days the key goes too.
    _daily_job(site, posted + timedelta(days=31))
    with site.uow() as u:
        assert SubmissionRepository(u.session).find(sent["form_key"]) is None


def test_pruning_keeps_a_key_of_exactly_30_days_and_removes_an_older_one(site: Site) -> None:
    now = now_utc()
    ages = {"a" * 20: timedelta(days=30), "b" * 20: timedelta(days=30, seconds=1)}
    with site.uow() as u:
        for key, age in ages.items():
            row = FormSubmission(key=key, user_id=None, path="/x")
            u.session.add(row)
            u.session.flush()
            row.submitted_at = now - age
        u.commit()
    with site.uow() as u:
        assert prune_submissions(u, now) == 1
        u.commit()
    with site.uow() as u:
        repo = SubmissionRepository(u.session)
        assert repo.find("a" * 20) is not None
        assert repo.find("b" * 20) is None
