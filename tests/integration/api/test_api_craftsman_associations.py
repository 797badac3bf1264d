"""A 社团 account over JSON: 社团推荐 of its own member, seen by its district, nothing else [G]."""

from __future__ import annotations

from datetime import date

from lifecycle.accounts.service import issue_token
from lifecycle.craftsman_title import local_selection
from lifecycle.demo.spec import id_card_number
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Gender, Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api
from tests.integration.craftsman.api_forms import craftsman_form
from tests.integration.craftsman.helpers import PHONE, association, local_craftsman, member

BASE = "/api/v1/craftsman-selections"


def test_an_association_account_recommends_its_member_and_the_district_checks_it(
    api: Api,
) -> None:
    sel = api.own.craftsman_selection
    with api.uow() as u:
        body = association(u, api.tree, "上海市数控协会")
        local_selection.record_local_selection(
            u,
            local_selection.RecordLocal(sel, body.id, participants=30, local_craftsmen=2),
            recording_union_id=api.tree.city.id,
            scope=EVERYTHING,
        )
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, body.id)
        token = issue_token(u, principal, "社团", NOW).plaintext
        mine = member(u, body, "协会师傅").id
        stranger = local_craftsman(u, api.tree, "单位师傅").id
        u.commit()
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{BASE}/{sel}/applications"
    recommend = craftsman_form(mine, channel="association")
    missing = api.client.post(url, headers=headers, json=recommend)
    assert missing.status_code == 422
    assert {p["field"] for p in missing.json()["error"]["problems"]} == {"district_union_id"}
    filed = api.client.post(
        url, headers=headers, json=recommend | {"district_union_id": api.tree.district.id}
    )
    assert filed.status_code == 201, filed.text
    app = filed.json()
    assert (app["channel_label"], app["association_name"]) == ("社团推荐", "上海市数控协会")
    assert app["district_union_id"] == api.tree.district.id
    assert PHONE not in filed.text
    # Another channel, or a worker who is not its member, is not the association's to file.
    own_channel = api.client.post(
        url, headers=headers, json=craftsman_form(mine, channel="unit", group="catering")
    )
    assert own_channel.status_code == 422
    assert api.client.post(url, headers=headers, json=craftsman_form(stranger)).status_code == 422
    # The association lists its own; the member's district sees it too; the other does not.
    assert [a["id"] for a in api.client.get(url, headers=headers).json()["items"]] == [app["id"]]
    district = api.callers[Role.DISTRICT_OFFICER].headers
    assert app["id"] in {a["id"] for a in api.client.get(url, headers=district).json()["items"]}
    other = api.client.get(f"{BASE}/applications/{app['id']}", headers=_other(api))
    assert other.status_code == 404
    # It reviews nothing and reads no income survey; the district's opinion is the check.
    stage = f"{BASE}/applications/{app['id']}/stages"
    opinion = {
        "stage": "qualification",
        "passed": True,
        "opinion": "经征求意见，书面确认符合申报资格",
        "signer": "杨浦区总工会",
        "decided_on": "2026-11-12",
    }
    assert api.client.post(stage, headers=headers, json=opinion).status_code == 403
    survey = f"{BASE}/applications/{app['id']}/income-survey"
    assert api.client.get(survey, headers=headers).status_code == 403
    checked = api.client.post(stage, headers=district, json=opinion)
    assert checked.status_code == 200, checked.text
    assert checked.json()["status"] == "expert_review"
    # The association's own 统计表 (附件3) counts its recommendation.
    sheet = api.client.get(
        f"{BASE}/{sel}/unions/{app['union_id']}/statistics.xlsx", headers=headers
    )
    assert sheet.status_code == 200


def _other(api: Api) -> dict[str, str]:
    """A district officer of the other district."""
    with api.uow() as u:
        principal, _ = f.user(u, Role.DISTRICT_OFFICER, api.tree.other_district.id)
        token = issue_token(u, principal, "浦东", NOW).plaintext
        u.commit()
    return {"Authorization": f"Bearer {token}"}


def test_an_association_registers_its_own_member_and_files_for_them(api: Api) -> None:
    sel = api.own.craftsman_selection
    with api.uow() as u:
        body = association(u, api.tree, "上海市焊接协会")
        elsewhere = association(u, api.tree, "上海市铸造协会")
        local_selection.record_local_selection(
            u,
            local_selection.RecordLocal(sel, body.id, participants=40, local_craftsmen=3),
            recording_union_id=api.tree.city.id,
            scope=EVERYTHING,
        )
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, body.id)
        token = issue_token(u, principal, "社团", NOW).plaintext
        theirs = member(u, elsewhere, "铸造会员").id
        u.commit()
    headers = {"Authorization": f"Bearer {token}"}
    born = date(1985, 4, 18)
    number = id_card_number("310110", born, 31, Gender.FEMALE)
    person = {
        "name": "焊接师傅",
        "gender": "female",
        "birth_date": born.isoformat(),
        "id_card_number": number,
        "employer": "上海某重工有限公司",
        "skill_level": "senior_technician",
        "honours": [{"honour": "district_craftsman", "year": 2022}],
    }
    members = f"/api/v1/associations/{body.id}/members"
    # Under another union, another association or the registry's own route: nothing written.
    before = api.writes()
    for url, status in (
        (f"/api/v1/associations/{api.tree.unit.id}/members", 404),
        (f"/api/v1/associations/{elsewhere.id}/members", 404),
        (f"/api/v1/associations/{api.tree.city.id}/members", 404),
    ):
        refused = api.client.post(url, headers=headers, json=person)
        assert refused.status_code == status, refused.text
        assert refused.json()["error"]["field"] == "union_id"
    as_registry = person | {"union_id": body.id}
    assert api.client.post("/api/v1/persons", headers=headers, json=as_registry).status_code == 403
    bad_number = api.client.post(
        members, headers=headers, json=person | {"id_card_number": number[:-1] + "0"}
    )
    assert bad_number.status_code == 422
    assert bad_number.json()["error"]["field"] == "id_card_number"
    assert api.writes() == before
    # Its own member: the ID number masked in what comes back, and in its list.
    created = api.client.post(members, headers=headers, json=person)
    assert created.status_code == 201, created.text
    mine = created.json()
    assert (mine["union_id"], mine["name"]) == (body.id, "焊接师傅")
    assert number not in created.text
    assert mine["id_card_masked"].startswith("3101")
    listed = api.client.get("/api/v1/persons", headers=headers).json()["items"]
    assert [p["id"] for p in listed] == [mine["id"]]
    assert number not in str(listed)
    again = api.client.post(members, headers=headers, json=person | {"name": "重复登记"})
    assert again.status_code == 422
    assert again.json()["error"]["problems"][0]["field"] == "id_card_number"
    assert again.json()["error"]["problems"][0]["code"] == "duplicate"
    assert again.json()["error"]["problems"][0]["message"] == "该身份证号码已在本社团登记"
    # It corrects its own member's record, by the same rules; another's is not found.
    fix = {k: v for k, v in person.items() if k != "honours"} | {"employer": "上海某焊接有限公司"}
    corrected = api.client.put(f"{members}/{mine['id']}", headers=headers, json=fix)
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["employer"] == "上海某焊接有限公司"
    assert corrected.json()["honours"][0]["year"] == 2022
    before = api.writes()
    foreign = api.client.put(f"{members}/{theirs}", headers=headers, json=fix)
    assert foreign.status_code == 404
    wrong_birth = api.client.put(
        f"{members}/{mine['id']}", headers=headers, json=fix | {"birth_date": "1985-04-19"}
    )
    assert wrong_birth.status_code == 422
    assert wrong_birth.json()["error"]["field"] == "id_card_number"
    assert api.writes() == before
    # And files the 申报审批表 for that member, no officer involved.
    recommend = craftsman_form(
        mine["id"], channel="association", district_union_id=api.tree.district.id
    )
    filed = api.client.post(f"{BASE}/{sel}/applications", headers=headers, json=recommend)
    assert filed.status_code == 201, filed.text
    assert filed.json()["association_name"] == "上海市焊接协会"
    assert filed.json()["status"] == "qualification"


def test_a_members_correction_keeps_a_left_out_id_number_and_needs_a_reason_for_identity(
    api: Api,
) -> None:
    with api.uow() as u:
        body = association(u, api.tree, "上海市电工协会")
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, body.id)
        token = issue_token(u, principal, "社团", NOW).plaintext
        u.commit()
    headers = {"Authorization": f"Bearer {token}"}
    born = date(1980, 3, 9)
    number = id_card_number("310110", born, 12, Gender.MALE)
    record = {
        "name": "电工师傅",
        "gender": "male",
        "birth_date": born.isoformat(),
        "id_card_number": number,
        "employer": "上海某电气有限公司",
        "skill_level": "technician",
    }
    members = f"/api/v1/associations/{body.id}/members"
    created = api.client.post(members, headers=headers, json=record)
    assert created.status_code == 201, created.text
    url = f"{members}/{created.json()['id']}"
    masked = created.json()["id_card_masked"]
    # A client reads the record (the number only masked) and sends it back with a new employer:
    # the number it could not send stays.
    read = api.client.get(f"/api/v1/persons/{created.json()['id']}", headers=headers).json()
    sent = {k: read[k] for k in ("name", "gender", "birth_date", "skill_level")}
    sent |= {"is_union_member": True, "employment_status": "employed", "employer": "上海某电网公司"}
    kept = api.client.put(url, headers=headers, json=sent)
    assert kept.status_code == 200, kept.text
    assert (kept.json()["id_card_masked"], kept.json()["employer"]) == (masked, "上海某电网公司")
    # A new name, gender, birth date or ID number needs a reason, as an officer's correction does.
    before = api.writes()
    for change in (
        {"name": "电工老师傅"},
        {"birth_date": "1980-03-10", "id_card_number": None},
        {"id_card_number": None},
    ):
        refused = api.client.put(url, headers=headers, json=sent | change)
        assert refused.status_code == 422, (change, refused.text)
        problems = refused.json()["error"]["problems"]
        assert [p["field"] for p in problems] == ["reason"], problems
        assert problems[0]["message"].endswith("须填写更正原因")
    assert api.writes() == before
    both = api.client.put(
        url, headers=headers, json=sent | {"name": "电工老师傅", "gender": "female"}
    )
    messages = {p["field"]: p["message"] for p in both.json()["error"]["problems"]}
    assert messages["reason"] == "更正姓名、性别须填写更正原因"
    # The kept ID number is a man's: a gender it does not carry is named beside it too.
    assert messages["id_card_number"] == "身份证号码第17位表示性别为男，与所填性别不一致"
    why = "按身份证原件更正姓名"
    renamed = api.client.put(
        url, headers=headers, json=sent | {"name": "电工老师傅", "reason": why}
    )
    assert renamed.status_code == 200, renamed.text
    assert (renamed.json()["name"], renamed.json()["id_card_masked"]) == ("电工老师傅", masked)
    city = api.callers[Role.CITY_OFFICER].headers  # the association sits under the city
    audit = api.client.get(f"/api/v1/persons/{created.json()['id']}/audit", headers=city)
    update = [e for e in audit.json()["items"] if e["action"] == "update"][-1]
    assert (update["after"]["name"], update["reason"]) == ("电工老师傅", why)
    assert "id_card_number" not in update["after"]  # the number was not touched
    assert number not in audit.text


def test_a_members_correction_sent_with_a_version_read_before_anothers_is_refused(
    api: Api,
) -> None:
    with api.uow() as u:
        body = association(u, api.tree, "上海市焊工协会")
        principal, _ = f.user(u, Role.ASSOCIATION_CONTACT, body.id)
        token = issue_token(u, principal, "社团", NOW).plaintext
        u.commit()
    headers = {"Authorization": f"Bearer {token}"}
    record = {"name": "焊工师傅", "gender": "male", "birth_date": "1981-04-02"}
    members = f"/api/v1/associations/{body.id}/members"
    created = api.client.post(members, headers=headers, json=record)
    assert created.status_code == 201, created.text
    url, read = f"{members}/{created.json()['id']}", created.json()["version"]
    first = api.client.put(
        url, headers=headers, json=record | {"employer": "某焊接公司", "expected_version": read}
    )
    assert first.status_code == 200, first.text
    before = api.writes()
    stale = api.client.put(
        url, headers=headers, json=record | {"education": "大专", "expected_version": read}
    )
    assert stale.status_code == 409, stale.text
    assert stale.json()["error"]["field"] == "expected_version"
    assert api.writes() == before
    now = api.client.get(f"/api/v1/persons/{created.json()['id']}", headers=headers).json()
    assert (now["employer"], now["education"]) == ("某焊接公司", None)


def test_a_local_selection_selects_no_more_than_took_part(api: Api) -> None:
    """附件3's 工匠选树人数 are chosen from its 活动参与人数 (reading P36e): more is refused beside
    the count, nothing recorded; as many is taken."""
    sel = api.own.craftsman_selection
    with api.uow() as u:
        body = association(u, api.tree, "上海市电工协会")
        u.commit()
    city = api.callers[Role.CITY_OFFICER].headers
    url = f"{BASE}/{sel}/local-selections"
    before = api.writes()
    refused = api.client.post(
        url, headers=city, json={"union_id": body.id, "participants": 3, "local_craftsmen": 5}
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["problems"] == [
        {
            "field": "local_craftsmen",
            "code": "more_than_participants",
            "message": "本地区、本系统工匠选树人数（5人）不能多于活动参与人数（3人）",
        }
    ]
    assert api.writes() == before
    taken = api.client.post(
        url, headers=city, json={"union_id": body.id, "participants": 5, "local_craftsmen": 5}
    )
    assert taken.status_code == 201, taken.text
