"""The daily sweep on both backends: items per recipient, one digest a day, nothing twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from jobs.tasks import dates_to_sweep, run_sweep
from lifecycle.config import Settings
from lifecycle.errors import ValidationFailed
from lifecycle.reminders.outbox import (
    OutboxFilter,
    Outcome,
    claim_batch,
    record_outcomes,
    retry_message,
)
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import routes_of, sweep
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import Union
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.views.reminders import my_reminders, outbox_listing
from lifecycle.vocab import ContactRole, OutboxStatus
from tests import factories as f

POLICY = ReminderPolicy()
NOW = datetime(2026, 3, 7, 23, 30, tzinfo=UTC)  # 07:30 on 8 March in Shanghai
WEEK_BEFORE = date(2026, 3, 8)  # 7 days before the first cycle end of a title named 2023-03-15


def _tree(u) -> f.Tree:
    """The factory tree whose units have a contact of their own, so the district officer hears of
    the district's items only."""
    tree = f.union_tree(u)
    for n, unit in enumerate((tree.unit, tree.other_unit)):
        email = f"unit{n}.{unit.id}@example.cn"
        contact = NewContact(unit.id, "单位联系人", email, ContactRole.CHAIR)
        add_contact(u, contact, scope=EVERYTHING)
    return tree


def _deliver(u) -> None:
    """Mark every pending mail sent, as the drain does after the server accepted it."""
    settings = Settings(outbox_batch_size=1000)
    claim = claim_batch(u, NOW, settings)
    done = [(m, Outcome.SENT, "250 OK") for m in claim.messages]
    record_outcomes(u, claim.token, done, now=NOW, settings=settings)


def _outbox(u, status: OutboxStatus):
    return outbox_listing(u, EVERYTHING, OutboxFilter(status), limit=100, offset=0)[0]


def _district_email(u, tree: f.Tree) -> str:
    return u.reminders.recipients()[tree.district.id][0].email


def test_five_occasions_due_the_same_day_make_one_digest_listing_all_five(uow):
    with uow() as u:
        tree = _tree(u)
        titles = [f.named_designation(u, tree) for _ in range(5)]
        result = sweep(u, WEEK_BEFORE, policy=POLICY, now=NOW)
        email = _district_email(u, tree)
        mine = [d for d in result.digests if d.recipient_email == email]
        assert len(mine) == 1
        items = mine[0].items
        assert len(items) == 5
        assert {i["link"] for i in items} == {f"/designations/{t.id}#inspections" for t in titles}
        assert {i["due_on"] for i in items} == {"2026-03-15"}
        assert {i["step"] for i in items} == {"before-7"}
        pending, _ = u.outbox.page(EVERYTHING, OutboxFilter(OutboxStatus.PENDING))
        assert len(pending) == len(result.digests)


def test_rerunning_a_sweep_creates_nothing_and_the_job_claim_skips_it(uow):
    with uow() as u:
        tree = _tree(u)
        f.named_designation(u, tree)
        first = run_sweep(u, WEEK_BEFORE, policy=POLICY, now=NOW)
        # The district's inspection, the unit's own drift warning (a year since it began).
        assert first.items_created == len(first.digests) == 2
        assert run_sweep(u, WEEK_BEFORE, policy=POLICY, now=NOW).already_ran
        # Even without the claim row, the dedup key refuses every item a second time.
        again = sweep(u, WEEK_BEFORE, policy=POLICY, now=NOW)
        assert again.items_created == 0
        assert again.digests == ()
        assert u.outbox.counts(EVERYTHING)[OutboxStatus.PENDING] == 2


def test_nothing_is_announced_between_lead_dates(uow):
    with uow() as u:
        tree = _tree(u)
        f.named_designation(u, tree)
        # The cycle-end inspection due 15 March, told at its 30-day step: nothing more until its
        # 7-day step.
        assert sweep(u, date(2026, 2, 13), policy=POLICY, now=NOW).items_created > 0
        assert sweep(u, date(2026, 3, 7), policy=POLICY, now=NOW).items_created == 0
        assert sweep(u, date(2026, 3, 10), policy=POLICY, now=NOW).items_created == 0


def test_each_union_writes_to_its_own_contacts_and_a_shared_email_gets_one_digest(uow, pudong_pack):
    with uow() as u:
        tree = _tree(u)
        f.named_designation(u, tree)
        # 浦东's own district title (a pack of its own, tests only): its reminders go to 浦东.
        pudong = f.seen_from_the_other_district(tree)
        f.named_designation(u, pudong, scheme=pudong_pack)
        add_contact(
            u,
            NewContact(tree.other_district.id, "李干事", "li@pd.example.cn", ContactRole.OFFICER),
            scope=EVERYTHING,
        )
        # The Yangpu officer also sits on the Pudong list: still one mail for the day.
        add_contact(
            u,
            NewContact(
                tree.other_district.id, "王干事", _district_email(u, tree), ContactRole.OFFICER
            ),
            scope=EVERYTHING,
        )
        result = sweep(u, WEEK_BEFORE, policy=POLICY, now=NOW)
        by_email = {d.recipient_email: d for d in result.digests}
        assert len(by_email[_district_email(u, tree)].items) == 2
        assert len(by_email["li@pd.example.cn"].items) == 1


def test_missed_sweep_dates_are_caught_up(uow):
    with uow() as u:
        tree = _tree(u)
        f.named_designation(u, tree)
        run_sweep(u, date(2026, 3, 5), policy=POLICY, now=NOW)
        assert dates_to_sweep(u, date(2026, 3, 8), 3) == [
            date(2026, 3, 6),
            date(2026, 3, 7),
            date(2026, 3, 8),
        ]
        assert dates_to_sweep(u, date(2026, 3, 20), 3) == [
            date(2026, 3, 17),
            date(2026, 3, 18),
            date(2026, 3, 19),
            date(2026, 3, 20),
        ]


def test_history_for_a_recipient_in_scope_and_delivery_status(uow):
    with uow() as u:
        tree = _tree(u)
        f.named_designation(u, tree)
        run_sweep(u, WEEK_BEFORE, policy=POLICY, now=NOW)
        email = _district_email(u, tree)
        rows, _ = my_reminders(u, email.upper(), Scope.subtree(tree.district.path))
        assert [(r.step_label, r.mail_status_label) for r in rows] == [("还有7天到期", "待发送")]
        assert rows[0].kind_label == "管理周期末实地检查"
        assert my_reminders(u, email, Scope.subtree(tree.other_district.path)) == ([], 0)


def test_claims_lease_and_permanent_failure_then_retry(uow):
    settings = Settings(outbox_lease_seconds=300, outbox_max_attempts=3)
    with uow() as u:
        tree = f.union_tree(u)  # its unit has no contact: the district hears of its items
        f.named_designation(u, tree)
        run_sweep(u, WEEK_BEFORE, policy=POLICY, now=NOW)
        claim = claim_batch(u, NOW, settings)
        assert len(claim.messages) == 1
        message = claim.messages[0]
        assert message.attempts == 1
        # Held by a live lease: nobody else gets it; after the lease anybody may.
        assert claim_batch(u, NOW + timedelta(seconds=299), settings).messages == ()
        later = claim_batch(u, NOW + timedelta(seconds=301), settings)
        assert [m.id for m in later.messages] == [message.id]
        # The first sender's token is stale now: its mark is refused.
        sent = [(message, Outcome.SENT, "250 OK")]
        assert record_outcomes(u, claim.token, sent, now=NOW, settings=settings) == set()
        refused = [(later.messages[0], Outcome.PERMANENT, "收件人被拒绝：550")]
        assert record_outcomes(u, later.token, refused, now=NOW, settings=settings) == {message.id}
        failed = _outbox(u, OutboxStatus.FAILED)
        # The inspection, and the unit's drift warning on the unit's behalf.
        assert [(r.id, r.failure_reason, r.item_count) for r in failed] == [
            (message.id, "收件人被拒绝：550", 2)
        ]
        retried = retry_message(u, message.id, now=NOW, scope=EVERYTHING)
        assert (retried.status, retried.attempts, retried.failure_reason) == (
            OutboxStatus.PENDING,
            0,
            None,
        )
        with pytest.raises(ValidationFailed):
            retry_message(
                u, message.id, now=NOW, scope=EVERYTHING
            )  # only a failed mail can be retried
        assert [m.id for m in claim_batch(u, NOW, settings).messages] == [message.id]


def test_transient_failures_back_off_then_fail_after_max_attempts(uow):
    settings = Settings(outbox_lease_seconds=60, outbox_max_attempts=2, outbox_backoff_seconds=60)
    with uow() as u:
        tree = _tree(u)
        f.named_designation(u, tree)
        run_sweep(u, WEEK_BEFORE, policy=POLICY, now=NOW)
        first = claim_batch(u, NOW, settings)
        refused = [(first.messages[0], Outcome.TRANSIENT, "连接被拒绝")]
        record_outcomes(u, first.token, refused, now=NOW, settings=settings)
        assert claim_batch(u, NOW + timedelta(seconds=59), settings).messages == ()
        second = claim_batch(u, NOW + timedelta(seconds=61), settings)
        assert second.messages[0].attempts == 2
        refused = [(second.messages[0], Outcome.TRANSIENT, "连接被拒绝")]
        record_outcomes(u, second.token, refused, now=NOW, settings=settings)
        row = _outbox(u, OutboxStatus.FAILED)[0]
        assert row.failure_reason == "重试2次仍未发出：连接被拒绝"


def _expected_from_generators(u, as_of: date) -> set[tuple[str, str, str, str, str]]:
    """(email, kind, key, step as mailed, status) the generators announce on ``as_of`` (no index
    read): on the lead days, and a duty new since the previous sweep to whom none told of it."""
    from lifecycle.occasions.service import iter_occasions_for_union
    from lifecycle.reminders.policy import NEW, arrival_since, arrival_step, lead_step, told_as_of

    end = as_of + timedelta(days=POLICY.horizon_days)
    found = set()
    recipients = u.reminders.recipients()
    routes = routes_of(u, recipients)
    since = arrival_since(POLICY, as_of, u.reminders.last_swept(as_of))
    roots = u.session.scalars(select(Union.id).where(Union.parent_id.is_(None)))
    for root in roots.all():
        for o in iter_occasions_for_union(u, root, as_of, end, as_of, scope=EVERYTHING):
            step = lead_step(o, as_of, POLICY) or arrival_step(o, as_of, POLICY, since)
            if step is None:
                continue
            told = u.reminders.told({(o.kind.value, o.key)}) if step == NEW else set()
            for r in recipients.get(routes.to(o.union_id, o.kind.value), []):
                if (r.email, o.kind.value, o.key, o.due_on) in told:
                    continue
                shown = told_as_of(step, o.due_on, as_of, warning=o.warning)  # as mailed
                found.add((r.email, o.kind.value, o.key, shown, o.status.value))
    return found


def _fail_inspection(u, d, on: date) -> None:
    """A cycle-end inspection of ``d`` failed on ``on``: a 整改通知 is issued that day [Y12]."""
    from lifecycle.inspections.model import InspectionKind
    from lifecycle.inspections.service import (
        CriterionInput,
        RecordOutcome,
        ScheduleInspection,
        record_outcome,
        schedule_inspection,
    )
    from lifecycle.schemes import get_scheme

    officer = f.district_officer(u, d)
    held = ScheduleInspection(d.id, InspectionKind.CYCLE_END, on, "车间", "王干事")
    inspection = schedule_inspection(u, held, actor=officer, as_of=on, scope=EVERYTHING)
    codes = [c for c, _ in get_scheme(d.scheme_code).settings.inspection_criteria]
    outcomes = tuple(CriterionInput(c, c != codes[0], "缺") for c in codes)
    outcome = RecordOutcome(inspection.id, on, outcomes)
    record_outcome(u, outcome, actor=officer, as_of=on, scope=EVERYTHING)


def test_the_sweep_read_from_the_occasion_index_announces_what_the_generators_do(uow, pudong_pack):
    from lifecycle.occasions import index

    with uow() as u:
        tree = _tree(u)
        titles = [
            f.named_designation(u, tree, naming_date=named)
            for named in (date(2023, 3, 15), date(2023, 3, 15), date(2022, 5, 10), date(2021, 1, 8))
        ]
        # 浦东's own district title (a pack of its own, tests only): its reminders go to 浦东.
        pudong = f.seen_from_the_other_district(tree)
        f.named_designation(u, pudong, scheme=pudong_pack)
        add_contact(
            u,
            NewContact(
                tree.other_district.id, "王干事", _district_email(u, tree), ContactRole.OFFICER
            ),
            scope=EVERYTHING,
        )
        index.build(u, date(2026, 3, 1), NOW)
        # A lead date, an on-day date and dates with weekly overdue repeats and year-end filings.
        days = (WEEK_BEFORE, date(2026, 3, 15), date(2026, 3, 22), date(2026, 12, 1))
        total = 0
        for day in days:
            if day == date(2026, 3, 15):  # a 整改通知 issued the day before, due in 41 days
                _fail_inspection(u, titles[0], day - timedelta(days=1))
            assert index.usable(u, day + timedelta(days=POLICY.horizon_days), day)
            expected = _expected_from_generators(u, day)
            new = {k for _e, k, _key, s, _st in expected if s.startswith("new-")}
            assert new == ({"rectification_deadline"} if day == date(2026, 3, 15) else set())
            result = sweep(u, day, policy=POLICY, now=NOW)
            got = {
                (d.recipient_email, i["kind"], i["link"], i["step"], i["status"])
                for d in result.digests
                for i in d.items
            }
            assert len(got) == len(expected) == result.items_created
            assert {(e, k, s, st) for e, k, _l, s, st in got} == {
                (e, k, s, st) for e, k, _key, s, st in expected
            }
            assert len({d.recipient_email for d in result.digests}) == len(result.digests)
            total += result.items_created
            assert sweep(u, day, policy=POLICY, now=NOW).items_created == 0
            _deliver(u)  # sent before the next day's sweep: nothing of today's folds into it
        assert total > 0


def test_a_sweep_in_batches_of_one_recipient_writes_what_one_batch_does(uow, pudong_pack):
    from lifecycle.occasions import index

    with uow() as u:
        tree = _tree(u)
        f.named_designation(u, tree)
        # 浦东's own district title (a pack of its own, tests only): its reminders go to 浦东.
        pudong = f.seen_from_the_other_district(tree)
        f.named_designation(u, pudong, scheme=pudong_pack)
        shared = _district_email(u, tree)
        add_contact(
            u,
            NewContact(tree.other_district.id, "王干事", shared, ContactRole.OFFICER),
            scope=EVERYTHING,
        )
        add_contact(
            u,
            NewContact(tree.other_district.id, "李干事", "li@pd.example.cn", ContactRole.OFFICER),
            scope=EVERYTHING,
        )
        index.build(u, date(2026, 3, 1), NOW)
        expected = _expected_from_generators(u, WEEK_BEFORE)
        result = sweep(u, WEEK_BEFORE, policy=POLICY, now=NOW, emails_per_batch=1)
        got = {(d.recipient_email, i["kind"], i["step"]) for d in result.digests for i in d.items}
        assert got == {(e, k, s) for e, k, _key, s, _st in expected}
        assert result.items_created == len(expected) > len(result.digests) > 1
        # The officer on both districts' lists gets one digest listing both titles.
        mine = [d for d in result.digests if d.recipient_email == shared]
        assert len(mine) == 1
        assert len(mine[0].items) == 2
