"""A field-local rule inside a list of objects (a team's members, a batch's entries) is named by
its path as pydantic names the item's other refusals: ``members.2.phone``."""

from __future__ import annotations

from typing import Annotated

from api.body_rules import CONTACT_PHONE_RULE, model_problems, required
from api.v1.common import Inbound
from lifecycle.unions.service import CONTACT_NAME


class _Member(Inbound):
    name: Annotated[str, required(CONTACT_NAME)]
    phone: Annotated[str | None, CONTACT_PHONE_RULE] = None


class _Team(Inbound):
    title: str
    members: list[_Member] | None = None


def test_a_rule_in_a_list_item_is_named_by_its_items_path() -> None:
    body = {
        "title": 3,
        "members": [
            {"name": "王", "phone": "13812345678"},
            {"name": "李", "phone": "021-6543 1234"},
            {"name": " ", "phone": "12345"},
        ],
    }
    found = model_problems(_Team, body, {"title"})
    assert [(p["field"], p["code"]) for p in found] == [
        ("members.2.name", "required"),
        ("members.2.phone", "not_a_phone"),
    ]
    assert found[0]["message"] == "联系人姓名不能为空"


def test_an_item_pydantic_refused_is_not_read_again() -> None:
    body = {"title": "队", "members": [{"name": 5, "phone": "12345"}, "not an object"]}
    # pydantic refused the first item's name and the second item whole.
    found = model_problems(_Team, body, {"members.0.name", "members.1"})
    assert [p["field"] for p in found] == ["members.0.phone"]
