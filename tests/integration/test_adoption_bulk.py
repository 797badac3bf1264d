"""Bulk actions on selected titles: all or nothing, with the refused title named."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from lifecycle.actors import Actor, on_behalf_of
from lifecycle.adoption.bulk import BulkRejected, schedule_inspections, send_reminders
from lifecycle.adoption.sample import sample_registry
from lifecycle.adoption.service import import_registry
from lifecycle.designations.model import Designation
from lifecycle.inspections.model import Inspection
from lifecycle.reminders.model import OutboxMessage
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import UnionContact
from lifecycle.vocab import UnionLevel
from tests.adoption_helpers import AS_OF, workbook

OFFICER = Actor("区工会干部")
DAY = date(2026, 12, 15)


def _titles(uow, n: int) -> list[int]:
    rows = sample_registry(titles=n, districts=1, naming_date=date(2023, 12, 20), full=False)
    with uow() as u:
        import_registry(
            u, workbook(rows), actor=OFFICER, as_of=AS_OF, scope=EVERYTHING, dry_run=False
        )
        u.commit()
    with uow() as u:
        return list(u.session.scalars(select(Designation.id).order_by(Designation.id)))


def _inspections(uow) -> int:
    with uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(Inspection)) or 0)


def _schedule(u, ids):
    district = u.designations.get(ids[0], EVERYTHING).district_union_id  # the inspecting union
    return schedule_inspections(
        u, ids, scheduled_on=DAY, place="工作室现场", inspectors="王干事、李干事",
        actor=on_behalf_of(OFFICER, district, UnionLevel.DISTRICT), as_of=AS_OF, scope=EVERYTHING,
    )  # fmt: skip


def test_twenty_five_inspections_in_one_action_or_none_with_the_refused_row(uow) -> None:
    ids = _titles(uow, 26)
    with uow() as u:  # one title already has an inspection waiting for its result
        _schedule(u, ids[7:8])
        u.commit()
    chosen = ids[:25]
    with uow() as u, pytest.raises(BulkRejected) as refused:
        _schedule(u, chosen)
    rows = refused.value.rows
    assert len(rows) == 25
    assert [r.designation_id for r in rows if not r.ok] == [ids[7]]
    assert "已有一次同类检查尚未登记结果" in rows[7].message
    assert _inspections(uow) == 1
    fine = [i for i in ids if i != ids[7]][:25]
    with uow() as u:
        report = _schedule(u, fine)
        u.commit()
    assert all(r.ok for r in report)
    assert len(report) == 25
    assert "管理周期末实地检查" in report[0].message
    assert _inspections(uow) == 26


def test_a_reminder_to_titles_without_a_contact_goes_through_the_union_above(uow) -> None:
    """DOMAIN §6, none lost: the unit unions of the sample have no contact; the nearest union
    above with one is told, on their behalf, as the daily reminders are."""
    ids = _titles(uow, 3)
    now = datetime(2026, 12, 3, 2, tzinfo=UTC)
    with uow() as u:
        rows = send_reminders(u, ids, message="请于月底前完成年度自查", due_on=date(2026, 12, 31),
                              actor=OFFICER, now=now, scope=EVERYTHING)  # fmt: skip
        u.commit()
    assert all(r.ok and "代为转达" in r.message for r in rows)
    with uow() as u:
        (mail,) = u.session.scalars(select(OutboxMessage))
        items = mail.payload["items"]
        assert [i["link"] for i in items] == [f"/designations/{i}" for i in ids]
        units = {d.workshop.unit_union_id for d in u.designations.find(EVERYTHING, limit=10)}
        names = set(u.unions.names(units).values())
        assert {i["on_behalf_of"] for i in items} <= names
        assert all(i["on_behalf_of"] for i in items)
        told = select(UnionContact.union_id).where(UnionContact.email == mail.recipient_email)
        assert set(u.session.scalars(told)).isdisjoint(units)


def test_a_reminder_nobody_up_the_tree_can_receive_is_refused_whole(uow) -> None:
    ids = _titles(uow, 3)
    with uow() as u:
        for contact in u.session.scalars(select(UnionContact)):
            u.session.delete(contact)
        u.commit()
    now = datetime(2026, 12, 3, 2, tzinfo=UTC)
    with uow() as u, pytest.raises(BulkRejected) as refused:
        send_reminders(u, ids, message="请于月底前完成年度自查", due_on=date(2026, 12, 31),
                       actor=OFFICER, now=now, scope=EVERYTHING)  # fmt: skip
    assert all(not r.ok and "均没有登记联系人" in r.message for r in refused.value.rows)
    with uow() as u:
        assert u.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
