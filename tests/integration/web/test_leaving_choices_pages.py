"""The workshop page's 登记成员离开或更正离开日期 offers exactly the members whose leaving the use
case records or corrects (``record_leaving``): the current ones (登记离开) and those who left (更正
离开日期, gone or not), each named with their role and days; not a member whose joining lies
ahead (no day is both not before joining and not after today: the use case refuses every one,
on the page and over the API) [Y10][S8][Y3]. Before: every member ever, by name and one day."""

from __future__ import annotations

import re
from datetime import date, timedelta

from lifecycle.clock import chinese_date
from lifecycle.demo.spec import id_card_number
from lifecycle.persons.service import NewPerson, register_person
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Gender
from lifecycle.workshops.model import WorkshopMember
from tests.factories import AS_OF
from tests.integration.web.conftest import Site, csrf_of

OPTION = re.compile(r'<option value="(c?\d+)"[^>]*>([^<]*)</option>')


def _offered(html: str) -> dict[str, str]:
    form = html.split('name="member_id"', 1)[1].split("</select>", 1)[0]
    return dict(OPTION.findall(form))


def test_the_leaving_form_offers_the_members_the_use_case_accepts_labelled(site: Site) -> None:
    shop = site.designation.workshop_id
    ahead = AS_OF + timedelta(days=20)
    with site.uow() as u:
        workshop = u.workshops.get(shop, EVERYTHING)
        assert workshop is not None
        born = date(1985, 3, 9)
        newcomer = register_person(
            u,
            NewPerson("严未来", Gender.MALE, born, id_card_number=id_card_number(
                "310110", born, 31, Gender.MALE), union_id=site.tree.unit.id),
            as_of=AS_OF,
            scope=EVERYTHING,
        )  # fmt: skip
        # As an import records a team as planned: a member joining after today.
        later = WorkshopMember(workshop_id=shop, person_id=newcomer.id, joined_on=ahead,
                               role="见习")  # fmt: skip
        u.session.add(later)
        members = sorted(workshop.members, key=lambda m: m.id)
        gone = members[0]
        gone.left_on, gone.role = date(2025, 6, 30), "技术骨干"
        u.flush()
        current = [m for m in workshop.members if m.left_on is None and m.joined_on <= AS_OF]
        expected_current = {str(m.id) for m in current}
        later_id, gone_id, gone_name, gone_joined = (
            later.id,
            gone.id,
            gone.person.name,
            gone.joined_on,
        )
        u.commit()
    assert current
    unit = site.login("unit")
    page = unit.get(f"/workshops/{shop}").text
    offered = _offered(page)
    assert set(offered) == {*expected_current, f"c{gone_id}"}
    assert str(later_id) not in offered
    assert f"c{later_id}" not in offered
    assert str(gone_id) not in offered  # left: only its date corrected
    since = chinese_date(gone_joined)
    assert offered[f"c{gone_id}"] == (
        f"{gone_name} · 技术骨干 · {since}加入，已登记于2025年6月30日离开：更正离开日期"
    )
    for member_id in expected_current:
        assert offered[member_id].endswith("日加入")
        assert " · " in offered[member_id]
    # The current ones first, then those who left.
    assert list(offered)[-1] == f"c{gone_id}"
    # The member not offered is one the use case refuses whatever the day, on the page...
    action = f"/workshops/{shop}/leaving"
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(page, action), "member_id": str(later_id),
              "leaving_on": AS_OF.isoformat()},
    )  # fmt: skip
    assert refused.status_code == 422
    said = refused.text.split('id="leaving_on-error">', 1)[1].split("</div>", 1)[0]
    assert said.startswith("离开日期不能早于加入日期（")
    # ... and over the API.
    token = unit.post(
        "/api/v1/auth/tokens",
        json={"username": site.usernames["unit"], "password": site.passwords["unit"]},
    ).json()["token"]
    api = unit.post(
        f"/api/v1/workshops/{shop}/members/{later_id}/leaving",
        json={"left_on": AS_OF.isoformat()},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 422, api.text
    problems = api.json()["error"]["problems"]
    assert [p["field"] for p in problems] == ["left_on"]
    assert problems[0]["message"].startswith("离开日期不能早于加入日期（")
