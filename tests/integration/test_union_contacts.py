"""Adding and correcting a union contact inside a scope: a union or contact outside it is refused
exactly as a missing one, and a refused correction writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lifecycle.errors import NotFound, ValidationFailed
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import UnionContact
from lifecycle.unions.service import ContactChange, NewContact, add_contact, amend_contact
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import ContactRole
from tests import factories as f


def _count(u: UnitOfWork) -> int:
    return int(u.session.scalar(select(func.count()).select_from(UnionContact)) or 0)


def _refusal(err: pytest.ExceptionInfo[NotFound]) -> tuple[int, str, str, str | None]:
    return err.value.http_status, err.value.code, err.value.message, err.value.field


def test_add_contact_refuses_a_union_outside_the_scope_as_a_missing_one(uow) -> None:
    with uow() as u:
        tree = f.union_tree(u)
        yangpu = Scope.subtree(tree.district.path)
        before = _count(u)
        cmd = NewContact(tree.other_unit.id, "钱干事", "qian@pd.example.cn", ContactRole.OFFICER)
        with pytest.raises(NotFound) as outside:
            add_contact(u, cmd, scope=yangpu)
        with pytest.raises(NotFound) as missing:
            add_contact(
                u, NewContact(2_000_000, "钱干事", "q@x.cn", ContactRole.OFFICER), scope=yangpu
            )
        assert _refusal(outside) == _refusal(missing)
        assert _refusal(outside) == (404, "not_found", "工会不存在或不在管辖范围内", "union_id")
        assert _count(u) == before
        inside = NewContact(tree.unit.id, "钱干事", "Qian@YP.example.cn", ContactRole.OFFICER)
        assert add_contact(u, inside, scope=yangpu).email == "qian@yp.example.cn"
        assert add_contact(u, cmd, scope=EVERYTHING).union_id == tree.other_unit.id


def test_amend_contact_outside_the_scope_is_missing_and_a_refusal_writes_nothing(uow) -> None:
    with uow() as u:
        tree = f.union_tree(u)
        theirs = add_contact(
            u,
            NewContact(tree.other_unit.id, "钱干事", "qian@pd.example.cn", ContactRole.OFFICER),
            scope=EVERYTHING,
        )
        u.flush()
        yangpu = Scope.subtree(tree.district.path)
        with pytest.raises(NotFound) as outside:
            amend_contact(u, theirs.id, ContactChange(name="改名"), scope=yangpu)
        with pytest.raises(NotFound) as missing:
            amend_contact(u, 2_000_000, ContactChange(name="改名"), scope=yangpu)
        assert _refusal(outside) == _refusal(missing)
        assert _refusal(outside)[2:] == ("联系人不存在或不在管辖范围内", "contact_id")
        audited = len(u.audit.for_record("union_contacts", theirs.id))
        with pytest.raises(ValidationFailed) as refused:
            amend_contact(
                u, theirs.id, ContactChange(name="", email="bad", phone="x" * 41), scope=EVERYTHING
            )
        assert [p.field for p in refused.value.problems] == ["name", "email", "phone"]
        u.flush()
        assert (theirs.name, theirs.email, theirs.phone) == ("钱干事", "qian@pd.example.cn", None)
        assert len(u.audit.for_record("union_contacts", theirs.id)) == audited
        kept = amend_contact(u, theirs.id, ContactChange(phone=" 021-65431111 "), scope=EVERYTHING)
        assert (kept.name, kept.email, kept.role, kept.phone) == (
            "钱干事", "qian@pd.example.cn", ContactRole.OFFICER, "021-65431111",
        )  # fmt: skip


def test_adding_checks_the_trimmed_lower_cased_address_and_keeps_an_optional_phone(uow) -> None:
    with uow() as u:
        tree = f.union_tree(u)
        spaced = NewContact(
            tree.unit.id, " 钱干事 ", " Qian@YP.Example.cn ", ContactRole.OFFICER, " 021-65431111 "
        )
        added = add_contact(u, spaced, scope=EVERYTHING)
        assert (added.name, added.email, added.phone) == (
            "钱干事",
            "qian@yp.example.cn",
            "021-65431111",
        )
        plain = NewContact(tree.unit.id, "李干事", "li@yp.example.cn", ContactRole.CHAIR)
        assert add_contact(u, plain, scope=EVERYTHING).phone is None  # the phone is optional
        before = _count(u)
        with pytest.raises(ValidationFailed) as refused:
            add_contact(
                u,
                NewContact(tree.unit.id, "", " bad ", ContactRole.OFFICER, "x" * 41),
                scope=EVERYTHING,
            )
        assert [p.field for p in refused.value.problems] == ["name", "email", "phone"]
        with pytest.raises(ValidationFailed) as taken:
            add_contact(
                u,
                NewContact(tree.unit.id, "钱干事", "  QIAN@yp.example.cn", ContactRole.CHAIR),
                scope=EVERYTHING,
            )
        assert [(p.field, p.code) for p in taken.value.problems] == [("email", "duplicate")]
        assert _count(u) == before
        # A correction checks the address as adding does: surrounding spaces are no error.
        amended = amend_contact(
            u, added.id, ContactChange(email=" Qian.New@YP.example.cn "), scope=EVERYTHING
        )
        assert amended.email == "qian.new@yp.example.cn"
