"""The authority check every regulated use case runs: the pack names who acts [DOMAIN §1]."""

from __future__ import annotations

from lifecycle.actors import Actor
from lifecycle.designations.model import Designation
from lifecycle.errors import DomainError
from lifecycle.schemes import get_scheme
from lifecycle.schemes.authority import (
    ACT_LABELS,
    Act,
    Authority,
    Party,
    authorities_for,
    authority_for,
    refusal,
)
from lifecycle.schemes.texts import unset_note
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import UnionLevel


class NotAuthorised(DomainError):
    """The acting union or role is not the one the regulation names for this decision."""

    code = "not_authorised"
    http_status = 403


def scheme_authority(scheme_code: str, act: Act) -> Authority:
    """The pack's authority for ``act``, or a refusal saying the scheme has no such step."""
    settings = get_scheme(scheme_code).settings
    authority = authority_for(settings.authorities, act)
    if authority is None:
        raise NotAuthorised(
            f"{settings.name}没有“{ACT_LABELS[act]}”环节{unset_note(settings)}",
            code="no_such_step",
            field="scheme",
        )
    return authority


def party_union_id(designation: Designation, party: Party) -> int:
    """The union of ``designation`` that is ``party``."""
    if party is Party.UNIT:
        return designation.workshop.unit_union_id
    if party is Party.DISTRICT:
        return designation.district_union_id
    return designation.naming_union_id


def require_union(
    uow: UnitOfWork, scheme_code: str, act: Act, party_union: int, actor: Actor
) -> Authority:
    """Refuse unless ``actor`` acts for ``party_union`` in a role the pack names for ``act``."""
    authority = scheme_authority(scheme_code, act)
    why = refusal(
        authority, act, party_union_id=party_union, union_id=actor.union_id, role=actor.role
    )
    if why is not None:
        union = uow.unions.get(party_union, EVERYTHING)  # only its name, in the refusal
        raise NotAuthorised(
            why.format(union=union.name if union else "对应工会"),
            field="actor",
            rule=authority.rule,
        )
    return authority


def authority_refusal(
    uow: UnitOfWork, designation: Designation, act: Act, actor: Actor
) -> NotAuthorised | None:
    """The refusal of ``actor`` for ``act`` over ``designation`` (None: they may act). Where the
    pack lists several authorities for ``act`` any one suffices, and the refusal names every
    union that may act (e.g. the unit's own union or the district union [Y13])."""
    scheme_authority(designation.scheme_code, act)  # a scheme without the step is refused
    settings = get_scheme(designation.scheme_code).settings
    held = authorities_for(settings.authorities, act)
    parties: list[int] = []
    for authority in held:
        party = party_union_id(designation, authority.party)
        why = refusal(
            authority, act, party_union_id=party, union_id=actor.union_id, role=actor.role
        )
        if why is None:
            return None
        parties.append(party)
    names = []
    for union_id in dict.fromkeys(parties):
        union = uow.unions.get(union_id, EVERYTHING)  # only its name, in the refusal
        names.append(union.name if union else "对应工会")
    first = held[0]
    why = refusal(first, act, party_union_id=-1, union_id=None, role=None)
    assert why is not None
    return NotAuthorised(why.format(union="或".join(names)), field="actor", rule=first.rule)


def require_authority(
    uow: UnitOfWork, designation: Designation, act: Act, actor: Actor
) -> Authority:
    """Refuse unless ``actor`` holds the pack's authority for ``act`` over ``designation``."""
    refused = authority_refusal(uow, designation, act, actor)
    if refused is not None:
        raise refused
    return scheme_authority(designation.scheme_code, act)


def namer_union(uow: UnitOfWork, scheme_code: str) -> Union | None:
    """The union the pack names as its namer (``SchemeSettings.namer``: its region at the
    scheme's level) as the union tree has it; None where the tree has no such union."""
    settings = get_scheme(scheme_code).settings
    return uow.unions.of_region(settings.namer.region, UnionLevel(settings.level.value))


def namer_name(uow: UnitOfWork, scheme_code: str) -> str:
    """The name of the union the pack names as its namer, as the union tree has it (the pack's
    own wording where the tree has no such union)."""
    namer = namer_union(uow, scheme_code)
    return namer.name if namer is not None else get_scheme(scheme_code).settings.namer.name


def not_the_namer(uow: UnitOfWork, scheme_code: str, *, what: str) -> NotAuthorised:
    """The refusal of a union that is not the pack's naming union, or of a workshop outside its
    subtree: it names the union that is, and the article [Y7][S7][C 二（五）][L 一]."""
    settings = get_scheme(scheme_code).settings
    authority = scheme_authority(scheme_code, Act.NAME)
    return NotAuthorised(
        f"{settings.name}{what.format(union=namer_name(uow, scheme_code))}（{authority.citation}）",
        field="scheme",
        rule=authority.rule,
    )
