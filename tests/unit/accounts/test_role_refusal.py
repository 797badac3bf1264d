"""A refusal for want of a permission names the user's role and the roles that may act, from
the one role table."""

from __future__ import annotations

from lifecycle.accounts.permissions import Permission, role_level_refusal
from lifecycle.accounts.refusals import role_refusal
from lifecycle.schemes import all_schemes, get_scheme
from lifecycle.schemes.base import wording_of
from lifecycle.vocab import DEFAULT_WORDING, ROLE_LABELS, Role, UnionLevel


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


def test_a_leshan_users_refusal_names_roles_in_leshans_words() -> None:
    """乐山's district-level unions are 县（市、区）总工会 [L 一]: its pack renames the level, and
    every role of that level is named so, the user's own and the roles that may act."""
    leshan = wording_of([get_scheme("leshan-city")])
    assert role_refusal(
        Role.CITY_OFFICER, Permission.FILING_SUBMIT, level=UnionLevel.CITY, wording=leshan
    ) == ("市总工会干部无权办理此事项，须由县（市、区）总工会干部或基层单位联系人办理")
    assert role_refusal(
        Role.DISTRICT_OFFICER, Permission.USERS_MANAGE, level=UnionLevel.DISTRICT, wording=leshan
    ) == ("县（市、区）总工会干部无权办理此事项，须由系统管理员办理")


def test_a_role_that_does_not_fit_a_leshan_union_is_refused_in_leshans_words() -> None:
    """The role-and-union refusal of the user forms names 乐山's levels and roles [L 一]."""
    leshan = wording_of([get_scheme("leshan-city")])
    assert role_level_refusal(Role.CITY_OFFICER, UnionLevel.DISTRICT, leshan) == (
        "“市总工会干部”只能属于市总工会，所选工会是县（市、区）总工会，请改选所属工会或角色"
    )
    assert role_level_refusal(Role.DISTRICT_OFFICER, UnionLevel.UNIT, leshan) == (
        "“县（市、区）总工会干部”只能属于县（市、区）总工会或行业、街镇、直属工会"
        "，所选工会是基层单位工会，请改选所属工会或角色"
    )
    assert role_level_refusal(Role.CITY_OFFICER, UnionLevel.DISTRICT) == (
        "“市总工会干部”只能属于市总工会，所选工会是区局（产业）工会，请改选所属工会或角色"
    )


def test_shanghais_words_are_the_role_table() -> None:
    """Where no pack renames a level the words are the one role table's, for every role."""
    shanghai = wording_of(s for s in all_schemes() if s.settings.code != "leshan-city")
    for role, label in ROLE_LABELS.items():
        assert DEFAULT_WORDING.role(role) == label
        assert shanghai.role(role) == label
