"""A value past its column (text too long, a number past the integer range) is refused by field at
the flush on both backends, before any SQL is sent: PostgreSQL refused the statement naming no
field, SQLite stored the text whole."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from lifecycle.db.limits import INT_MAX, column_limit
from lifecycle.errors import ValidationFailed
from lifecycle.ledgers.model import Activity
from lifecycle.ledgers.service import PARTICIPANTS_MAX, NewActivity, record_activity
from lifecycle.persons.service import amend_person
from lifecycle.scope import EVERYTHING
from tests import factories as f


def test_the_limits_are_read_from_the_columns() -> None:
    assert column_limit("persons.employer").max_length == 200
    assert column_limit("persons.education").max_length == 50
    participants = column_limit("ledger_activities.participants")
    assert (participants.low, participants.high) == (-INT_MAX - 1, INT_MAX)
    assert column_limit("funding_grants.amount_fen").high == 2**63 - 1
    with pytest.raises(KeyError):
        column_limit("ledger_activities.held_on")


def test_text_past_its_column_is_refused_by_field_and_nothing_written(uow) -> None:
    with uow() as u:
        tree = f.union_tree(u)
        person = f.person(u, union_id=tree.unit.id)
        u.commit()
        person_id = person.id
    changes = {"employer": "上" * 201, "professional_title": "高" * 101, "education": "本" * 50}
    with uow() as u, pytest.raises(ValidationFailed) as refused:
        amend_person(u, person_id, changes, reason="按档案更正", as_of=f.AS_OF, scope=EVERYTHING)
    problems = {(p.field, p.code, p.message) for p in refused.value.problems}
    assert problems == {
        ("employer", "too_long", "工作单位不能超过200个字符"),
        ("professional_title", "too_long", "职称不能超过100个字符"),
    }  # 50 characters of education fit; the person rules name the field (before the column check)
    with uow() as u:
        stored = u.persons.get(person_id, EVERYTHING)
        assert (stored.employer, stored.professional_title, stored.education) == (None,) * 3


def test_a_number_past_the_integer_range_is_refused_by_field(uow) -> None:
    """The floor under every rule: 参加人数 has its own bound now (reading IN3), which the use case
    names first; an activity written past it, and past the column, is still refused by field at
    the flush, before any SQL."""
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        cmd = NewActivity(d.workshop_id, date(2026, 11, 20), "技术交流", INT_MAX + 1)
        with pytest.raises(ValidationFailed) as refused:
            record_activity(u, cmd, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
        assert [(p.field, p.message) for p in refused.value.problems] == [
            ("participants", f"参加人数不能大于{PARTICIPANTS_MAX}")
        ]
        u.session.add(
            Activity(
                workshop_id=d.workshop_id,
                held_on=date(2026, 11, 20),
                title="技术交流",
                participants=INT_MAX + 1,
                entered_by="测试",
            )
        )
        with pytest.raises(ValidationFailed) as floored:
            u.flush()
        assert [(p.field, p.message) for p in floored.value.problems] == [
            ("participants", f"不能大于{INT_MAX}")
        ]
    with uow() as u:
        assert u.session.scalar(select(func.count()).select_from(Activity)) == 0
