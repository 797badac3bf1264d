"""Audit trail: every change in a unit of work is logged with its actor, before and after."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lifecycle.audit.model import AuditEntry
from lifecycle.designations.flows import Flow
from lifecycle.designations.service import Transition, transition
from lifecycle.errors import AppendOnlyViolation
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus, Role
from tests import factories


def test_changes_are_logged_with_the_acting_user_and_before_after(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        tree = factories.union_tree(u)
        officer, _ = factories.user(u, Role.DISTRICT_OFFICER, tree.district.id)
        designation = factories.named_designation(u, tree)
        u.commit()
    acting = uow()
    acting.actor = officer.actor
    with acting as u:
        transition(
            u,
            Transition(designation.id, DesignationStatus.RECTIFYING, "复查不合格", factories.AS_OF),
            flow=Flow.RECTIFICATION,
            actor=officer.actor,
            as_of=factories.AS_OF,
            scope=officer.scope,
        )
        u.commit()
    with uow() as u:
        entries = u.audit.for_record("designations", designation.id)
        assert [e.action for e in entries] == ["insert", "update"]
        created, changed = entries
        assert created.user_id is None
        assert created.after is not None
        assert created.after["status"] == "named"
        assert changed.user_id == officer.user_id
        assert changed.actor_name == officer.display_name
        assert changed.before is not None
        assert changed.after is not None
        assert changed.before["status"] == "named"
        assert changed.after["status"] == "rectifying"


def test_secrets_never_enter_the_log(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        tree = factories.union_tree(u)
        principal, password = factories.user(u, Role.FINANCE, tree.district.id)
        (entry,) = u.audit.for_record("users", principal.user_id)
        assert entry.after is not None
        assert entry.after["password_hash"] == "***"
        assert password not in str(entry.after)
        person = factories.person(u)
        (person_entry,) = u.audit.for_record("persons", person.id)
        assert person_entry.after is not None
        assert person_entry.after["id_card_number"] == person.masked_id_card


def test_the_log_is_append_only_in_the_orm_and_the_database(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        tree = factories.union_tree(u)
        u.flush()
        entry = u.audit.for_record("unions", tree.city.id)[0]
        entry.actor_name = "篡改"
        with pytest.raises(AppendOnlyViolation):
            u.flush()
    with uow() as u:
        tree = factories.union_tree(u)
        u.flush()
        with pytest.raises(DBAPIError), u.session.begin_nested():
            u.session.execute(text("DELETE FROM audit_log"))
        assert u.session.get(AuditEntry, u.audit.for_record("unions", tree.city.id)[0].id)
