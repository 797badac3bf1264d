"""A member leaves the team (成员发展台帐 [Y10][S8]; the team counted on a day [Y3] 2): recorded
once on its date by those who register the union's teams, refused beside 离开日期 otherwise."""

from __future__ import annotations

from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.integration.api.conftest import Api


def test_the_unit_records_a_member_leaving_and_the_team_counts_without_them(api: Api) -> None:
    unit = api.callers[Role.UNIT_CONTACT].headers
    shop = f"/api/v1/workshops/{api.own.workshop}"
    members = api.client.get(f"{shop}/members", headers=unit).json()["items"]
    member = members[0]
    assert member["left_on"] is None
    url = f"{shop}/members/{member['id']}/leaving"
    before = api.writes()
    for left_on, message in (
        ("2019-12-31", f"离开日期不能早于加入日期（{_chinese(member['joined_on'])}）"),
        ("2099-01-01", "离开日期不能晚于"),
    ):
        refused = api.client.post(url, headers=unit, json={"left_on": left_on})
        assert refused.status_code == 422, refused.text
        problems = refused.json()["error"]["problems"]
        assert [p["field"] for p in problems] == ["left_on"]
        assert problems[0]["message"].startswith(message), problems
    assert api.writes() == before
    done = api.client.post(url, headers=unit, json={"left_on": "2025-06-30"})
    assert done.status_code == 200, done.text
    assert done.json()["left_on"] == "2025-06-30"
    listed = {m["id"]: m for m in api.client.get(f"{shop}/members", headers=unit).json()["items"]}
    assert listed[member["id"]]["left_on"] == "2025-06-30"
    again = api.client.post(url, headers=unit, json={"left_on": "2025-07-01"})
    assert again.status_code == 422
    assert again.json()["error"]["problems"][0]["message"] == (
        "该成员已于2025年6月30日离开工作室；日期有误的，请更正离开日期"
    )
    # A mistyped date is corrected by the same rules, asked for as a correction.
    after = api.writes()
    early = api.client.post(url, headers=unit, json={"left_on": "2019-12-31", "correct": True})
    assert early.status_code == 422
    assert api.writes() == after
    fixed = api.client.post(url, headers=unit, json={"left_on": "2025-07-15", "correct": True})
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["left_on"] == "2025-07-15"
    assert api.writes() != after  # the audit trail keeps the date it replaced
    current = next(m for m in members if m["left_on"] is None and m["id"] != member["id"])
    not_left = api.client.post(
        f"{shop}/members/{current['id']}/leaving",
        headers=unit,
        json={"left_on": "2025-07-15", "correct": True},
    )
    assert not_left.status_code == 422
    assert not_left.json()["error"]["problems"][0]["code"] == "not_left"
    # Another district's team, and its members, are as absent as missing ones.
    theirs = f"/api/v1/workshops/{api.other.workshop}"
    with api.uow() as u:
        their_member = min(m.id for m in u.listings.members(api.other.workshop, EVERYTHING).items)
    far = f"{theirs}/members/{their_member}/leaving"
    refused = api.client.post(far, headers=unit, json={"left_on": "2025-06-30"})
    assert refused.status_code == 404
    assert refused.json()["error"]["field"] == "workshop_id"  # the team, not its member
    assert refused.json()["error"]["message"] == "工作室不存在或不在管辖范围内"
    # A member id of another team is no member of this one.
    stray = f"{shop}/members/2147483647/leaving"
    assert api.client.post(stray, headers=unit, json={"left_on": "2025-06-30"}).status_code == 404


def _chinese(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"
