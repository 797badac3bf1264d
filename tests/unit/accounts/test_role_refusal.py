"""A refusal for want of a permission names the user's role and the roles that may act, from
the one role table."""

from __future__ import annotations

from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.refusals import role_refusal
from lifecycle.vocab import Role, UnionLevel


def test_the_refusal_names_the_role_and_every_role_holding_the_permission() -> None:
    assert role_refusal(
        Role.FINANCE, Permission.CHANGE_REQUEST_DECIDE, level=UnionLevel.DISTRICT
    ) == ("财务人员无权办理此事项，须由市总工会干部办理")
    assert role_refusal(Role.FINANCE, Permission.ASSESSMENT_RECORD, level=UnionLevel.CITY) == (
        "财务人员无权办理此事项，须由市总工会干部、区局（产业）工会干部或基层单位联系人办理"
    )
    assert role_refusal(
        Role.DISTRICT_OFFICER, Permission.USERS_MANAGE, level=UnionLevel.DISTRICT
    ) == ("区局（产业）工会干部无权办理此事项，须由系统管理员办理")


def test_a_street_unions_officer_is_named_by_their_unions_level() -> None:
    """A district officer bound to a 行业、街镇、直属工会 is that union's officer (``role_label``);
    the roles that may act keep their plain labels."""
    assert role_refusal(
        Role.DISTRICT_OFFICER, Permission.USERS_MANAGE, level=UnionLevel.SECTOR
    ) == ("行业、街镇、直属工会干部无权办理此事项，须由系统管理员办理")
    assert role_refusal(Role.DISTRICT_OFFICER, Permission.CRAFTSMAN_MANAGE, level=None) == (
        "区局（产业）工会干部无权办理此事项，须由市总工会干部办理"
    )
