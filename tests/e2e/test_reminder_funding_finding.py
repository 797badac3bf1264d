"""An open 专款专用 audit finding reaches the daily digest of the finance staff who answer it
(reading 33w): the morning after it was found, 「新到待办」, once, citing the article; nothing
once it is resolved; told again when the refund answering it is voided (the finding reopened,
a duty of its own). Over a real SMTP server (aiosmtpd), on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from jobs.tasks import run_sweep
from lifecycle.funding.audit import ResolveFinding, resolve_finding
from lifecycle.funding.categories import ExpenditureCategory
from lifecycle.funding.expenditures import RecordExpenditure, record_expenditure
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.refund_changes import VoidRefund, void_refund
from lifecycle.funding.refunds import Refund
from lifecycle.funding.vocab import GrantKind, ResolutionOutcome
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole
from tests import factories as f
from tests.e2e.reminder_support import World, body_text, yangpu_titles

pytestmark = pytest.mark.e2e

FOUND = date(2026, 3, 2)
FINANCE = "kuaiji@yp.example.cn"
Y16 = "《杨浦区劳模（先进）、技师创新工作室管理办法》第十六条"


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def _lines(world: World, day: date, address: str) -> list[str]:
    """The audit-finding lines of the digest mailed to ``address`` by ``day``'s sweep, each
    mail saying what to do under the article."""
    before = len(world.server.inbox.messages())
    with world.uow_factory() as u:
        run_sweep(u, day, policy=ReminderPolicy(), now=_at(day))
        u.commit()
    world.drainer().drain(lambda: _at(day))
    mails = [m for m in world.server.inbox.messages()[before:] if address in m["To"]]
    for m in mails:
        if "审计发现" in body_text(m):
            assert "登记处理结果（已说明、已退回或已移交处理）" in body_text(m)
            assert f"（{Y16}）" in body_text(m)
    return [
        x for m in mails for x in body_text(m).splitlines() if "事项：" in x and "审计发现" in x
    ]


def test_the_answering_finance_is_mailed_an_open_finding_until_it_is_answered(world):
    tree, [title], officer = yangpu_titles(world)
    payer = f.finance_of(tree.district.id)  # the naming district pays the one-off [Y14]
    with world.uow_factory() as u:
        contact = NewContact(tree.district.id, "钱会计", FINANCE, ContactRole.FINANCE)
        add_contact(u, contact, scope=EVERYTHING)
        grant = RecordGrant(
            title.id, GrantKind.ONE_OFF, "杨工〔2026〕7号", date(2026, 2, 1), date(2026, 2, 5)
        )
        record_grant(u, grant, actor=payer, as_of=FOUND, scope=EVERYTHING)
        spent = RecordExpenditure(
            title.id, FOUND, "1200.00", "某旅行社", ExpenditureCategory.TRAVEL, "差旅", "FP-001"
        )
        record_expenditure(u, spent, actor=f.OFFICER, as_of=FOUND, scope=EVERYTHING)
        u.commit()
        [(finding, _)] = u.funding.findings_of(title.id)
        first = finding.id
    next_day = FOUND + timedelta(days=1)
    [line] = _lines(world, next_day, FINANCE)
    assert "支出类别属禁止用途 1,200.00 元" in line, line
    assert Y16 in line, line
    assert line.endswith("（专款专用审计发现待处理，新到待办）"), line
    # Finance's, not the officer's; told once.
    assert _lines(world, next_day + timedelta(days=1), officer) == []
    assert _lines(world, next_day + timedelta(days=2), FINANCE) == []

    answered = next_day + timedelta(days=3)
    with world.uow_factory() as u:
        refund = Refund("1200.00", answered, "转账凭证-0088")
        cmd = ResolveFinding(first, ResolutionOutcome.REFUNDED, "差旅费退回", answered, refund)
        resolve_finding(u, cmd, actor=payer, as_of=answered, scope=EVERYTHING)
        u.commit()
        [refund_id] = [r.id for r in u.funding.refunds_of(title.id)]
    assert _lines(world, answered + timedelta(days=1), FINANCE) == []

    voided_on = answered + timedelta(days=2)
    with world.uow_factory() as u:
        changed = void_refund(
            u, VoidRefund(refund_id, "误登，款项未退回", 1), actor=payer, as_of=voided_on,
            scope=EVERYTHING,
        )  # fmt: skip
        u.commit()
    assert changed.reopened_finding_id not in (None, first)
    [line] = _lines(world, voided_on, FINANCE)
    assert "支出类别属禁止用途 1,200.00 元" in line, line
    assert line.endswith("（专款专用审计发现待处理，新到待办）"), line
