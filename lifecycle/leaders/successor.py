"""A new leader who takes over already past the legal retirement age: what each scheme's text
says of it [Y13][C 三（六）] (RULES.md reading 43b). The rule is pure; ``successor_warnings``
fetches its facts."""

from __future__ import annotations

from datetime import date

from lifecycle.calendar.retirement import legal_retirement
from lifecycle.changes.model import (
    UNDECIDED_CHANGE_STATUSES,
    ChangeMeasure,
    ChangeRequest,
    ChangeRequestStatus,
)
from lifecycle.citations import cite
from lifecycle.clock import chinese_date
from lifecycle.designations.model import Designation
from lifecycle.leaders.model import LeaderChange
from lifecycle.persons.model import Person
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import LeaderExitPolicy
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork


def successor_age_warning(
    policy: LeaderExitPolicy, *, word: str, name: str, legal_on: date, takes_over_on: date
) -> str | None:
    """What a successor past the legal retirement date (``legal_on``) on ``takes_over_on``
    still needs, by the scheme's policy; None when nothing (of age, or the text is silent).

    [Y13] asks an in-service leader only 「创建时」; after that a leader past the legal age goes
    on 「若本人愿意…经所在单位同意」: so the change stands and the consent is owed at once.
    [C 三（六）] reports a 领衔工匠 who retires on 附件3: the change stands (a leader may work
    on past the legal age under the 2025 rules), the deciders are told what is coming.
    [S9] allows no leader change, [L] says nothing of retirement: no warning."""
    if takes_over_on < legal_on:
        return None
    on, legal = chinese_date(takes_over_on), chinese_date(legal_on)
    past = f"新{word}{name}接任时（{on}）已达到法定退休年龄（{legal}）"
    if policy is LeaderExitPolicy.CONTINUE_WITH_CONSENT:
        return cite(f"{past}：须登记本人愿意继续领衔及所在单位同意，否则须另行变更{word}（[Y13]）")
    if policy is LeaderExitPolicy.CHANGE_REQUEST:
        return cite(f"{past}：其退休时须再报送管理变更申请（附件3）（[C 三（六）]）")
    return None


def successor_warnings(designation: Designation, person: Person, takes_over_on: date) -> list[str]:
    """The warning of ``successor_age_warning`` for ``person`` taking over ``designation``."""
    settings = get_scheme(designation.scheme_code).settings
    legal = legal_retirement(person.birth_date, person.retirement_group)
    warning = successor_age_warning(
        settings.leader_exit_policy,
        word=settings.leader_word,
        name=person.name,
        legal_on=legal.date,
        takes_over_on=takes_over_on,
    )
    return [warning] if warning else []


def proposed_change_warnings(
    uow: UnitOfWork, designation_id: int, person_id: int, takes_over_on: date, *, scope: Scope
) -> list[str]:
    """The warnings of a leader change the officer is about to confirm (none where the title or
    the person is not in ``scope``: the use case refuses that)."""
    designation = uow.designations.get(designation_id, scope)
    person = uow.persons.get(person_id, scope)
    if designation is None or person is None:
        return []
    return successor_warnings(designation, person, takes_over_on)


def change_warnings(uow: UnitOfWork, change: LeaderChange) -> list[str]:
    """The warnings of a leader change just made (its title and new leader, fetched)."""
    designation = uow.designations.get(change.designation_id, EVERYTHING)
    person = uow.persons.get(change.new_person_id, EVERYTHING)
    if designation is None or person is None:
        return []
    return successor_warnings(designation, person, change.effective_on)


def request_warnings(
    designation: Designation, request: ChangeRequest, new_leader: Person | None, as_of: date
) -> list[str]:
    """The warnings of a 附件3 leader change for those who review and decide it: the new leader
    takes over on the city's decision (not yet taken: today at the earliest) [C 三（六）]."""
    live = request.status not in UNDECIDED_CHANGE_STATUSES
    if request.measure is not ChangeMeasure.LEADER_CHANGE or new_leader is None or not live:
        return []
    if request.status is ChangeRequestStatus.APPLIED and request.city_on is not None:
        takes_over_on = request.city_on
    else:
        takes_over_on = max(request.filed_on, as_of)
    return successor_warnings(designation, new_leader, takes_over_on)


def request_warnings_of(uow: UnitOfWork, request: ChangeRequest, as_of: date) -> list[str]:
    """``request_warnings`` with its title and new leader fetched."""
    designation = uow.designations.get(request.designation_id, EVERYTHING)
    if designation is None or request.new_leader_person_id is None:
        return []
    person = uow.persons.get(request.new_leader_person_id, EVERYTHING)
    return request_warnings(designation, request, person, as_of)
