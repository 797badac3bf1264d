"""社团: recommending bodies in the union tree with accounts of their own [G] 二（二）."""

from __future__ import annotations

import pytest

from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.service import NewUser, create_user
from lifecycle.craftsman_title import local_selection
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.rules import Channel
from lifecycle.craftsman_title.stages import Stage, Status
from lifecycle.errors import DomainError, ValidationFailed
from lifecycle.persons.service import registry_of
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.service import NewUnion, create_union
from lifecycle.vocab import Role, UnionLevel
from tests import factories as f
from tests.integration.craftsman.helpers import association, decide, file, form, member, selection
from tests.integration.craftsman.test_craftsman_selection import OFFICER, _qualify


def _codes(err: ValidationFailed) -> dict[str, str]:
    return {p.code: p.message for p in err.problems}


def test_an_association_is_a_node_under_the_city_or_a_district_and_has_no_unions_below(uow):
    with uow() as u:
        tree = f.union_tree(u)
        city_level = association(u, tree)
        district_level = association(u, tree, "杨浦区科技协会", parent_id=tree.district.id)
        assert city_level.path.startswith(tree.city.path)
        assert district_level.path.startswith(tree.district.path)
        for parent, level, code in (
            (tree.unit.id, UnionLevel.ASSOCIATION, "association_parent"),
            (city_level.id, UnionLevel.UNIT, "under_association"),
        ):
            with pytest.raises(ValidationFailed) as refused:
                create_union(u, NewUnion("不应成立", level, parent))
            assert code in _codes(refused.value)
        # Its members are a registry of its own: a district may hold the same citizen.
        assert registry_of(u, district_level) == district_level.id


def test_an_association_account_is_a_contact_of_that_association_and_only_applies(uow):
    with uow() as u:
        tree = f.union_tree(u)
        body = association(u, tree)
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, body.id)
        assert principal.scope == Scope.subtree(body.path)
        assert principal.can(Permission.CRAFTSMAN_APPLY)
        for never in (
            Permission.CRAFTSMAN_REVIEW,
            Permission.REGISTRY_WRITE,
            Permission.CRAFTSMAN_SURVEY_READ,
        ):
            assert not principal.can(never)
        for role, union_id in (
            (Role.ASSOCIATION_CONTACT, tree.unit.id),
            (Role.UNIT_CONTACT, body.id),
        ):
            with pytest.raises(ValidationFailed) as refused:
                create_user(
                    u,
                    NewUser(
                        f"wrong{union_id}{role.value}", "错配", "long-password-1", role, union_id
                    ),
                    OFFICER,
                    scope=EVERYTHING,
                )
            assert "association_role" in _codes(refused.value)


def test_an_association_recommends_its_own_member_and_the_members_district_checks_it(uow):
    with uow() as u:
        tree = f.union_tree(u)
        body = association(u, tree)
        sel = selection(u, tree)
        local_selection.record_local_selection(
            u,
            local_selection.RecordLocal(sel.id, body.id, participants=40, local_craftsmen=3),
            recording_union_id=tree.city.id,
            scope=EVERYTHING,
        )
        mine = member(u, body)
        own = Scope.subtree(body.path)
        # Under the city, the association names the district union where the member works.
        with pytest.raises(ValidationFailed) as refused:
            file(u, form(sel.id, mine.id, channel=Channel.ASSOCIATION), scope=own)
        assert "district_union_id" in {p.field for p in refused.value.problems}
        cmd = form(sel.id, mine.id, channel=Channel.ASSOCIATION, district_union_id=tree.district.id)
        done = file(u, cmd, scope=own)
        assert (done.association_id, done.union_id) == (body.id, body.id)
        assert done.district_union_id == tree.district.id
        # The association, the district and the city see it; the other district does not.
        for scope in (own, Scope.subtree(tree.district.path), EVERYTHING):
            assert [a.id for a in svc.repo(u).applications(sel.id, scope)] == [done.id]
        assert svc.repo(u).applications(sel.id, Scope.subtree(tree.other_district.path)) == []
        # The district gives its written opinion as the qualification check [G] 三（一）.
        with pytest.raises(DomainError) as wrong:
            decide(
                u, _qualify(done.id), deciding_union_id=tree.other_district.id, actor=OFFICER,
                scope=EVERYTHING,
            )  # fmt: skip
        assert wrong.value.code == "wrong_level"
        decide(
            u,
            _qualify(done.id),
            deciding_union_id=tree.district.id,
            actor=OFFICER,
            scope=Scope.subtree(tree.district.path),
        )
        assert done.status == Status.EXPERT_REVIEW
        assert svc.repo(u).stage_records(done.id, own)[0].stage == Stage.QUALIFICATION


def test_an_association_cannot_recommend_others_nor_use_another_channel(uow):
    with uow() as u:
        tree = f.union_tree(u)
        body = association(u, tree, parent_id=tree.district.id)
        sel = selection(u, tree)
        worker = f.person(u, name="单位职工", honours=(), union_id=tree.unit.id)
        own = Scope.subtree(body.path)
        with pytest.raises(DomainError) as unseen:  # not its member: not even visible
            file(u, form(sel.id, worker.id, channel=Channel.ASSOCIATION), scope=own)
        assert unseen.value.code == "not_found"
        with pytest.raises(ValidationFailed) as refused:  # a unit's worker is not a member
            file(u, form(sel.id, worker.id, channel=Channel.ASSOCIATION), scope=EVERYTHING)
        assert "二（二）" in _codes(refused.value)["not_association_member"]
        mine = member(u, body)
        for channel in (Channel.UNIT, Channel.SELF):
            with pytest.raises(ValidationFailed) as refused:
                file(u, form(sel.id, mine.id, channel=channel), scope=own)
            assert "association_member" in _codes(refused.value)


def test_an_association_that_ran_no_local_selection_cannot_recommend(uow):
    with uow() as u:
        tree = f.union_tree(u)
        body = association(u, tree, parent_id=tree.district.id)
        sel = selection(u, tree)  # the district ran one; the association did not
        mine = member(u, body)
        own = Scope.subtree(body.path)
        cmd = form(sel.id, mine.id, channel=Channel.ASSOCIATION)
        with pytest.raises(ValidationFailed) as refused:
            file(u, cmd, scope=own)
        assert "五（二）" in _codes(refused.value)["no_local_selection"]
        record = local_selection.RecordLocal(sel.id, body.id, participants=12)
        with pytest.raises(DomainError) as not_city:  # the city registers an association's
            local_selection.record_local_selection(
                u, record, recording_union_id=tree.district.id, scope=EVERYTHING
            )
        assert not_city.value.code == "wrong_level"
        local_selection.record_local_selection(
            u, record, recording_union_id=tree.city.id, scope=EVERYTHING
        )
        done = file(u, cmd, scope=own)
        assert done.district_union_id == tree.district.id  # the association's own district
        assert done.status == Status.QUALIFICATION
