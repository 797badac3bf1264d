"""The sweep writes to the roles that can act: finance the money items, officers the rest."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lifecycle.funding.grant_changes import RecordPayment, record_payment
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.reminders.outbox import OutboxFilter
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import sweep
from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole
from notifications.messages import render_payload
from tests import factories as f

NOW = datetime(2026, 3, 7, 23, 30, tzinfo=UTC)


def test_the_matching_reminder_goes_to_finance_and_lifecycle_ones_to_the_officer(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        paid = date(2026, 1, 10)
        cmd = RecordGrant(d.id, GrantKind.ONE_OFF, "沪工〔2026〕1号", date(2026, 1, 5), paid)
        city = f.finance_of(tree.city.id)  # the city pays the one-off [S10]
        record_grant(u, cmd, actor=city, as_of=paid, scope=EVERYTHING)
        add_contact(
            u,
            NewContact(tree.district.id, "区财务", "Finance@Example.cn", ContactRole.FINANCE),
            scope=EVERYTHING,
        )
        officer = u.reminders.recipients()[tree.district.id][0].email
        due = date(2026, 4, 10)  # paid + 90 days [S10]
        result = sweep(u, date(2026, 3, 11), policy=ReminderPolicy(), now=NOW)  # 30 days before
        by_email = {x.recipient_email: x for x in result.digests}
        finance = by_email["finance@example.cn"]
        assert [i["kind"] for i in finance.items] == ["matching_funds"]
        assert finance.items[0]["due_on"] == due.isoformat()
        assert all(
            i["kind"] != "matching_funds"
            for x in result.digests
            if x.recipient_email != "finance@example.cn"
            for i in x.items
        )
        assert officer.strip().lower() != "finance@example.cn"


def test_a_city_payment_entered_late_tells_finance_of_the_matching_as_new(uow):
    """The city grant arrived on 10 January but its 到账 was entered on 21 March: the district's
    matching (due 10 April [S10]) arose for the service that day, so the next sweep tells the
    district's finance 「新到待办，还有19天到期」 (before: nothing until the 7-day step), once."""
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        cmd = RecordGrant(d.id, GrantKind.ONE_OFF, "沪工〔2026〕1号", date(2026, 1, 5), None)
        city = f.finance_of(tree.city.id)
        grant = record_grant(u, cmd, actor=city, as_of=date(2026, 1, 5), scope=EVERYTHING)
        add_contact(
            u,
            NewContact(tree.district.id, "区财务", "Finance@Example.cn", ContactRole.FINANCE),
            scope=EVERYTHING,
        )
        policy = ReminderPolicy()
        sweep(u, date(2026, 3, 21), policy=policy, now=NOW)  # that morning: not yet entered
        entered = RecordPayment(grant.id, date(2026, 1, 10))
        record_payment(u, entered, actor=city, as_of=date(2026, 3, 21), scope=EVERYTHING)
        result = sweep(u, date(2026, 3, 22), policy=policy, now=NOW)
        [finance] = [x for x in result.digests if x.recipient_email == "finance@example.cn"]
        [item] = finance.items
        assert (item["kind"], item["due_on"], item["step_label"]) == (
            "matching_funds",
            "2026-04-10",
            "新到待办，还有19天到期",
        )
        # Told once: the next sweep adds no item (its digest lists the unsent one, as of its day).
        later = sweep(u, date(2026, 3, 23), policy=policy, now=NOW)
        assert later.items_created == 0
        [finance] = [x for x in later.digests if x.recipient_email == "finance@example.cn"]
        assert [i["step_label"] for i in finance.items] == ["新到待办，还有18天到期"]


@pytest.mark.parametrize(
    ("scheme", "article"),
    [
        ("shanghai-model-worker", "《上海市“劳模创新工作室”管理办法（修订）》第十条"),
        (
            "shanghai-craftsman",
            "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（一）",
        ),
    ],
)
def test_the_matching_mail_cites_the_titles_own_scheme(uow, scheme, article):
    """A 上海市工匠创新工作室's matching mail cites the craftsman notice that brings the 1:1
    matching, not the 劳模 measures (the finance officer's digest as received)."""
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, scheme=scheme, naming_date=date(2025, 6, 1))
        paid = date(2026, 1, 10)
        cmd = RecordGrant(d.id, GrantKind.ONE_OFF, "沪工〔2026〕1号", date(2026, 1, 5), paid)
        record_grant(u, cmd, actor=f.finance_of(tree.city.id), as_of=paid, scope=EVERYTHING)
        finance = NewContact(tree.district.id, "区财务", "fin@example.cn", ContactRole.FINANCE)
        add_contact(u, finance, scope=EVERYTHING)
        sweep(u, date(2026, 3, 11), policy=ReminderPolicy(), now=NOW)
        [mail] = u.outbox.page(EVERYTHING, OutboxFilter(recipient_email="fin@example.cn"))[0]
        text = render_payload(mail.kind, mail.payload, "http://x").text
        assert f"请落实配套资金并登记到位情况（{article}）" in text
