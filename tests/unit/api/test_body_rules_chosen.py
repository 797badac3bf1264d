"""A text another field of the body makes required is read by the rule that field chooses, as
the use case chooses it: left out or blank, it is named; not required, nothing is said."""

from __future__ import annotations

from typing import Annotated

from api.body_rules import model_problems, required_as
from api.v1.common import Inbound
from lifecycle.designations.naming import end_ref_text
from lifecycle.leaders.texts import details_text


class _Event(Inbound):
    kind: str
    details: Annotated[str | None, required_as(lambda body: details_text(body.get("kind")))] = None


def test_a_text_required_by_another_field_is_named_left_out_or_blank() -> None:
    for body in ({"kind": "other"}, {"kind": "other", "details": "  "}):
        found = model_problems(_Event, body, {"occurred_on"})
        assert [(p["field"], p["message"]) for p in found] == [("details", "具体情况不能为空")]


def test_a_text_no_field_requires_is_not_read_and_a_refused_one_not_again() -> None:
    assert model_problems(_Event, {"kind": "retirement"}, {"occurred_on"}) == []
    assert model_problems(_Event, {"kind": "other", "details": 5}, {"details"}) == []


def test_a_choosing_field_of_any_shape_chooses_no_rule() -> None:
    """The choosing field as sent (a list, an object) is pydantic's to refuse; no rule is chosen."""
    assert end_ref_text(["revoked"]) is None
    assert end_ref_text({"a": 1}) is None
    assert end_ref_text("revoked") is not None
    assert model_problems(_Event, {"kind": ["other"]}, {"kind"}) == []
