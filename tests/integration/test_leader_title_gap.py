"""A craftsman title whose leader is not on record as 上海工匠 [C 一（一）]: accepted as recorded,
named on the title and in the naming union's 待办 until the record is completed (reading I3)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lifecycle.accounts.permissions import ROLE_PERMISSIONS
from lifecycle.designations.naming import ExistingTitle, NameDesignation, name_designation
from lifecycle.designations.naming import register_existing_title as register
from lifecycle.errors import ValidationFailed
from lifecycle.occasions import index
from lifecycle.occasions.model import OccasionKind
from lifecycle.persons.service import HonourInput, add_honour
from lifecycle.scope import EVERYTHING
from lifecycle.views.designation import designation_gaps
from lifecycle.views.todo import TodoQuery, my_todo, todo_page
from lifecycle.vocab import Honour, Role
from tests import factories as f

C_11 = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》一（一）"
NOW = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)


def _title(shop_id: int, number: str = "沪工匠创 2024-031") -> ExistingTitle:
    return ExistingTitle(
        shop_id, "shanghai-craftsman", "张师傅工匠创新工作室", number, date(2024, 11, 1), "沪工"
    )


def _city_todo(u, tree):  # type: ignore[no-untyped-def]
    q = my_todo(TodoQuery(tree.city.id), ROLE_PERMISSIONS[Role.CITY_OFFICER], tree.city.id)
    return todo_page(u, q, f.AS_OF, scope=EVERYTHING).items


def test_a_recorded_craftsman_title_without_shanghai_craftsman_is_kept_and_flagged(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)  # the leader holds 上海市劳动模范 only
        d = register(u, _title(shop.id), actor=f.acting(tree.city), as_of=f.AS_OF, scope=EVERYTHING)
        (gap,) = designation_gaps(u, d.id, f.AS_OF, scope=EVERYTHING)
        assert gap.kind is OccasionKind.LEADER_TITLE_MISSING
        assert gap.union_id == tree.city.id  # the city names the title and enters 上海工匠 [G 四]
        assert gap.title.startswith(f"领衔人{shop.leader.name}未登记“上海工匠”称号（{C_11}）")
        assert gap.link == f"/designations/{d.id}#leader"
        # The city's 待办, read from the index, names it; the district's officers are not asked.
        index.build(u, f.AS_OF, NOW)
        u.commit()
        assert [o.key for o in _city_todo(u, tree)] == [gap.key]
        # The record completed (the honour entered), the item goes, in the same transaction.
        add_honour(
            u,
            shop.leader_person_id,
            HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2023, "沪工〔2023〕1号"),
            as_of=f.AS_OF,
            scope=EVERYTHING,
            entered_by=Role.CITY_OFFICER,
        )
        u.commit()
        assert designation_gaps(u, d.id, f.AS_OF, scope=EVERYTHING) == []
        assert _city_todo(u, tree) == []


def test_a_title_named_in_the_service_still_needs_the_leader_on_record(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        with pytest.raises(ValidationFailed) as refused:
            name_designation(
                u,
                NameDesignation(
                    shop.id, "shanghai-craftsman", "工作室", "沪工匠创 2026-001", f.AS_OF, "沪工"
                ),
                actor=f.acting(tree.city),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert "leader_shanghai_craftsman" in {p.code for p in refused.value.problems}
        # A Yangpu title asks no personal title of its leader for its whole life: no gap.
        yangpu = f.named_designation(u, tree)
        assert designation_gaps(u, yangpu.id, f.AS_OF, scope=EVERYTHING) == []
