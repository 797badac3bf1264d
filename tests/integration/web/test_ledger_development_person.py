"""A 成员发展 entry names either a listed person or a typed name, never both [Y10]."""

from __future__ import annotations

from datetime import date

from lifecycle.ledgers.service import ledger_of
from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import csrf_of


def _developments(site) -> int:
    with site.uow() as u:
        return len(ledger_of(u, site.designation.workshop_id, EVERYTHING).member_developments)


def test_a_listed_person_and_a_typed_name_are_refused_beside_the_name(site):
    unit = site.login("unit")
    d = site.designation
    with site.uow() as u:
        workshop = u.workshops.get(d.workshop_id, scope=EVERYTHING)
        assert workshop is not None
        leader_id = str(workshop.leader_person_id)
    before = _developments(site)
    form = unit.get(f"/designations/{d.id}/ledger/development/new").text
    typed = {
        "kind": "skill_upgrade",
        "person_id": leader_id,
        "person_name": "赵学徒",
        "occurred_on": "2026-07-01",
        "description": "晋升高级工",
    }
    refused = unit.post(
        f"/designations/{d.id}/ledger/development", data={"csrf_token": csrf_of(form), **typed}
    )
    assert refused.status_code == 422
    assert 'id="person_name-error">已从名单中选择人员' in refused.text
    assert 'value="赵学徒"' in refused.text
    assert f'value="{leader_id}" selected' in refused.text
    assert _developments(site) == before
    # The listed person alone is recorded under their own name.
    form = unit.get(f"/designations/{d.id}/ledger/development/new").text
    done = unit.post(
        f"/designations/{d.id}/ledger/development",
        data={"csrf_token": csrf_of(form), **typed, "person_name": " "},
    )
    assert done.status_code == 303, done.text
    assert _developments(site) == before + 1


def test_a_typed_name_of_a_member_shows_the_member_on_the_title_page(site):
    """The unit contact types a member's name instead of choosing it from the list: the entry
    is the member's and the title page links it to the member, not an unlinked name [Y10]."""
    unit = site.login("unit")
    d = site.designation
    with site.uow() as u:
        workshop = u.workshops.get(d.workshop_id, scope=EVERYTHING)
        assert workshop is not None
        member = next(
            m
            for m in workshop.members_on(date(2026, 7, 1))
            if m.person_id != workshop.leader_person_id
        )
        member_id, name = member.person_id, member.person.name
    form = unit.get(f"/designations/{d.id}/ledger/development/new").text
    typed = {"kind": "skill_upgrade", "person_id": "", "person_name": name,
             "occurred_on": "2026-07-01", "description": "晋升高级工"}  # fmt: skip
    done = unit.post(
        f"/designations/{d.id}/ledger/development", data={"csrf_token": csrf_of(form), **typed}
    )
    assert done.status_code == 303, done.text
    page = unit.get(f"/designations/{d.id}").text
    assert (
        f'<a href="/persons/{member_id}" class="development-person">{name}</a> 技能等级晋升' in page
    )
