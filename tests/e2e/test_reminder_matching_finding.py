"""A district matching shortfall is mailed to the district's finance staff once, as the overdue
matching duty naming its audit finding, asking for the matching under the matching article
([S10]), not for 专款专用 under the earmarking one; the finding about the same shortfall is not
mailed as a second item (reading finance56b). Over a real SMTP server (aiosmtpd), on both
backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from jobs.tasks import run_sweep
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.payer import paying_union_of
from lifecycle.funding.vocab import GrantKind
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole
from tests import factories as f
from tests.e2e.reminder_support import World, body_text

pytestmark = pytest.mark.e2e

PAID = date(2026, 1, 10)  # the city's one-off grant; the district's matching due 90 days on
FINANCE = "caiwu@district.example.cn"
S10 = "《上海市“劳模创新工作室”管理办法（修订）》第十条"


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def _items(world: World, day: date) -> list[list[str]]:
    """The audit-finding items (their lines) of the digest mailed to the finance by ``day``."""
    before = len(world.server.inbox.messages())
    with world.uow_factory() as u:
        run_sweep(u, day, policy=ReminderPolicy(), now=_at(day))
        u.commit()
    world.drainer().drain(lambda: _at(day))
    mails = [m for m in world.server.inbox.messages()[before:] if FINANCE in m["To"]]
    found = []
    for m in mails:
        lines = body_text(m).splitlines()
        for n, line in enumerate(lines):
            if "事项：" in line and ("审计发现" in line or "配套资金" in line):
                found.append(lines[n : n + 6])
    return found


def test_a_matching_shortfall_is_mailed_once_asking_for_the_matching_under_its_article(world):
    with world.uow_factory() as u:
        tree = f.union_tree(u)
        title = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        contact = NewContact(tree.district.id, "钱会计", FINANCE, ContactRole.FINANCE)
        add_contact(u, contact, scope=EVERYTHING)
        u.commit()
        due = PAID + timedelta(days=90)
        recorded = due + timedelta(days=1)
        grant = RecordGrant(title.id, GrantKind.ONE_OFF, "沪工〔2026〕1号", PAID, PAID)
        payer = f.finance_of(paying_union_of(title, GrantKind.ONE_OFF))
        record_grant(u, grant, actor=payer, as_of=recorded, scope=EVERYTHING)
        u.commit()
    [item] = _items(world, recorded + timedelta(days=1))  # one item, not duty and finding
    text = "\n".join(item)
    assert (
        "区级配套资金到位（应配套 20,000.00 元，已到位 0.00 元；审计发现：配套资金逾期未到位）"
        in text
    )
    assert "审计发现待处理" not in text, text
    action = next(x for x in item if "办理要求：" in x)
    assert "区局（产业）工会应给予不少于1:1的资金支持" in action, action
    assert f"（{S10}）" in action, action
    assert "专款专用" not in action, action
