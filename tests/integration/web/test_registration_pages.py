"""Registering a new team through the pages [Y7]: a person (leader, member) and a workshop with
its leader and members, by the roles that record a team in their own union's subtree (a unit
contact its own union, the district and city officers theirs); refusals beside the fields, with
what was typed, nothing written; roles that record no team are told who does."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from lifecycle.audit.model import AuditEntry
from lifecycle.demo.spec import id_card_number
from lifecycle.persons.model import Person
from lifecycle.persons.service import NewPerson, register_person
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Gender
from lifecycle.workshops.model import Workshop, WorkshopMember
from tests import factories as f
from tests.intake_factories import yangpu_call
from tests.integration.web.conftest import Site, csrf_of

BORN = date(1978, 4, 12)
REFUSAL = "无权办理此事项，须由市总工会干部、区局（产业）工会干部或基层单位联系人办理"


def _rows(site: Site) -> tuple[int, ...]:
    """A fingerprint of what registering writes: persons, workshops, members, audit entries."""
    with site.uow() as u:
        return tuple(
            int(u.session.scalar(select(func.count()).select_from(model)) or 0)
            for model in (Person, Workshop, WorkshopMember, AuditEntry)
        )


def _beside(html: str, field: str) -> str:
    """The page from the field's input to the next field: where its error is shown."""
    return html.split(f'id="f-{field}"', 1)[1].split('class="field', 1)[0]


def _person_form(page: str, union_id: int, **typed: str) -> dict[str, str]:
    return {
        "csrf_token": csrf_of(page, "/persons"),
        "name": "赵建华",
        "gender": "male",
        "birth_date": BORN.isoformat(),
        "id_card_number": id_card_number("310110", BORN, 7, Gender.MALE),
        "retirement_group": "",
        "union_id": str(union_id),
        "is_union_member": "on",
        "employer": "上海某机械有限公司",
        "employment_status": "employed",
        "skill_level": "technician",
        "professional_title": "工程师",
        "education": "本科",
        "honour_0": "city_advanced_individual",
        "honour_0_year": "2019",
    } | typed


def _workshop_form(page: str, union_id: int, leader: int, **typed: object) -> dict[str, object]:
    return {
        "csrf_token": csrf_of(page, "/workshops"),
        "name": "赵建华数控攻关技师创新工作室",
        "unit_union_id": str(union_id),
        "host_unit_name": "上海某机械有限公司",
        "host_unit_nature": "state_owned",
        "founded_on": "2024-03-01",
        "leader_person_id": str(leader),
        "members_joined_on": "",
        "innovation_direction": "数控攻关",
        "specialty": "机械加工",
        "address": "杨浦区军工路100号",
        "venue_area_sqm": "60",
        "description": "",
    } | typed


def _register_person(site: Site, who: str, union_id: int, serial: int, name: str) -> int:
    browser = site.login(who)
    page = browser.get("/persons/new")
    assert page.status_code == 200, page.text
    number = id_card_number("310110", BORN, serial, Gender.MALE)
    sent = _person_form(page.text, union_id, name=name, id_card_number=number)
    done = browser.post("/persons", data=sent)
    assert done.status_code == 303, done.text
    return int(done.headers["location"].rsplit("/", 1)[1])


def test_the_unit_contact_registers_its_teams_leader_members_and_workshop(site: Site) -> None:
    unit = site.login("unit")
    listing = unit.get("/persons")
    assert listing.status_code == 200
    assert 'href="/persons/new">登记人员</a>' in listing.text
    form = unit.get("/persons/new")
    # The unit contact's one union is chosen already; no other union is offered.
    assert f'<option value="{site.tree.unit.id}" selected>' in form.text
    assert site.tree.district.name not in form.text
    number = id_card_number("310110", BORN, 7, Gender.MALE)
    done = unit.post("/persons", data=_person_form(form.text, site.tree.unit.id))
    assert done.status_code == 303, done.text
    leader = int(done.headers["location"].rsplit("/", 1)[1])
    assert done.headers["location"] == f"/persons/{leader}"
    shown = unit.get(done.headers["location"])
    assert "<h1>赵建华</h1>" in shown.text
    assert number not in shown.text
    assert "市级先进个人" in shown.text
    with site.uow() as u:
        stored = u.persons.get(leader, EVERYTHING)
        assert stored is not None
        assert (stored.union_id, stored.id_card_number) == (site.tree.unit.id, number)
    members = [
        _register_person(site, "unit", site.tree.unit.id, 20 + i, f"成员{i}") for i in range(3)
    ]
    shops = unit.get("/workshops")
    assert 'href="/workshops/new">登记工作室</a>' in shops.text
    page = unit.get("/workshops/new")
    assert f'<option value="{site.tree.unit.id}" selected>' in page.text
    # The 搜索 button finds the leader by name and writes nothing.
    before = _rows(site)
    found = unit.post(
        "/workshops",
        data={**_workshop_form(page.text, site.tree.unit.id, 0), "leader_person_id_q": "赵建华",
              "picker": "leader_person_id", "leader_person_id": ""},
    )  # fmt: skip
    assert found.status_code == 200
    assert f'value="{leader}"' in found.text
    assert _rows(site) == before
    sent = _workshop_form(
        found.text, site.tree.unit.id, leader, member_ids=[str(m) for m in members]
    )
    done = unit.post("/workshops", data=sent)
    assert done.status_code == 303, done.text
    shop_id = int(done.headers["location"].split("/")[2].split("?")[0])
    shown = unit.get(done.headers["location"])
    assert "工作室已登记" in shown.text
    assert "现有 3 人" in shown.text
    for i in range(3):
        assert f"成员{i}" in shown.text
    with site.uow() as u:
        shop = u.workshops.get(shop_id, EVERYTHING)
        assert shop is not None
        assert shop.leader_person_id == leader
        assert shop.unit_union_id == site.tree.unit.id
        assert sorted(m.person_id for m in shop.members) == sorted(members)
        assert {m.joined_on for m in shop.members} == {date(2024, 3, 1)}


def test_the_unit_contact_adds_a_member_on_the_workshop_page(site: Site) -> None:
    shop_id = site.designation.workshop_id
    newcomer = _register_person(site, "unit", site.tree.unit.id, 31, "钱新人")
    unit = site.login("unit")
    page = unit.get(f"/workshops/{shop_id}")
    assert "添加成员" in page.text
    action = f"/workshops/{shop_id}/members"
    with site.uow() as u:
        shop = u.workshops.get(shop_id, EVERYTHING)
        assert shop is not None
        leader = shop.leader_person_id
    before = _rows(site)
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(page.text, action), "person_id": str(leader),
              "joined_on": "2025-01-01", "role": "骨干"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "带头人不计入团队成员" in refused.text
    assert 'value="骨干"' in refused.text
    assert _rows(site) == before
    done = unit.post(
        action,
        data={"csrf_token": csrf_of(page.text, action), "person_id": str(newcomer),
              "joined_on": "2025-01-01", "role": "骨干", "trade": "钳工"},
    )  # fmt: skip
    assert done.status_code == 303, done.text
    assert "钱新人" in unit.get(f"/workshops/{shop_id}").text


def test_years_of_work_beyond_the_persons_working_life_are_refused_beside_them(
    site: Site,
) -> None:
    """工作年限 fit in the working life the person has had by today, from the 16th birthday
    (《劳动法》第十五条): 40 years for a person born in 1978 is refused beside the field, what was
    typed kept, nothing written; the most the person can have had is accepted."""
    shop_id = site.designation.workshop_id
    newcomer = _register_person(site, "unit", site.tree.unit.id, 32, "钱年限")
    unit = site.login("unit")
    page = unit.get(f"/workshops/{shop_id}")
    action = f"/workshops/{shop_id}/members"
    sent = {"csrf_token": csrf_of(page.text, action), "person_id": str(newcomer),
            "joined_on": "2025-01-01", "role": "骨干", "years_of_work": "40"}  # fmt: skip
    age = f.AS_OF.year - BORN.year - ((f.AS_OF.month, f.AS_OF.day) < (BORN.month, BORN.day))
    before = _rows(site)
    refused = unit.post(action, data=sent)
    assert refused.status_code == 422
    why = (
        f"工作年限不合理：该人员生于1978年4月12日，现年{age}岁，自16周岁起至今最多工作"
        f"{age - 16}年（《中华人民共和国劳动法》第十五条）"
    )
    assert why in _beside(refused.text, "years_of_work")
    assert 'value="40"' in refused.text
    assert 'value="骨干"' in refused.text
    assert _rows(site) == before
    done = unit.post(action, data=sent | {"years_of_work": str(age - 16)})
    assert done.status_code == 303, done.text


@pytest.mark.parametrize("who", ["district", "city"])
def test_district_and_city_officers_register_persons_and_workshops(site: Site, who: str) -> None:
    leader = _register_person(site, who, site.tree.unit.id, 40, "孙带头")
    browser = site.login(who)
    page = browser.get("/workshops/new")
    assert site.tree.unit.name in page.text
    done = browser.post("/workshops", data=_workshop_form(page.text, site.tree.unit.id, leader))
    assert done.status_code == 303, done.text
    assert "孙带头" in browser.get(done.headers["location"]).text


@pytest.mark.parametrize("who", ["finance", "admin"])
def test_a_role_that_records_no_team_is_told_who_does(site: Site, who: str) -> None:
    browser = site.login(who)
    assert 'href="/persons/new"' not in browser.get("/persons").text
    assert 'href="/workshops/new"' not in browser.get("/workshops").text
    for url in ("/persons/new", "/workshops/new"):
        refused = browser.get(url)
        assert refused.status_code == 403
        assert REFUSAL in refused.text
    before = _rows(site)
    token = csrf_of(browser.get("/workshops").text)  # the logout form's token: the session's
    posted = browser.post("/persons", data=_person_form_token(token, site.tree.unit.id))
    assert posted.status_code == 403
    assert REFUSAL in posted.text
    assert _rows(site) == before


def _person_form_token(token: str, union_id: int) -> dict[str, str]:
    return {
        "csrf_token": token,
        "name": "赵建华",
        "gender": "male",
        "birth_date": BORN.isoformat(),
        "union_id": str(union_id),
        "employment_status": "employed",
        "skill_level": "none",
    }


def test_a_refused_person_is_named_beside_each_field_keeping_what_was_typed(site: Site) -> None:
    unit = site.login("unit")
    page = unit.get("/persons/new")
    valid = id_card_number("310110", BORN, 8, Gender.MALE)
    wrong = valid[:17] + ("1" if valid[17] == "0" else "0")
    before = _rows(site)
    refused = unit.post(
        "/persons",
        data=_person_form(page.text, site.tree.unit.id, name="", id_card_number=wrong),
    )
    assert refused.status_code == 422
    assert "姓名不能为空" in _beside(refused.text, "name")
    assert "身份证号码校验位不正确" in _beside(refused.text, "id_card_number")
    assert f'value="{wrong}"' in refused.text
    assert 'value="上海某机械有限公司"' in refused.text
    assert 'value="2019"' in refused.text
    assert _rows(site) == before
    # A union outside the unit's own subtree is as absent as a missing one.
    forged = unit.post(
        "/persons", data=_person_form(page.text, site.tree.district.id, id_card_number=valid)
    )
    assert forged.status_code == 422
    assert "所属工会不存在" in forged.text
    # An unreadable date is named with the rules' other refusals at once.
    early = unit.post(
        "/persons",
        data=_person_form(page.text, site.tree.unit.id, birth_date="1978-13-40", name=""),
    )
    assert early.status_code == 422
    assert "出生日期有误：没有1978-13-40这一天" in _beside(early.text, "birth_date")
    assert "姓名不能为空" in _beside(early.text, "name")
    assert _rows(site) == before


def test_a_refused_workshop_names_a_leader_out_of_scope_and_writes_nothing(site: Site) -> None:
    with site.uow() as u:
        # A person of the district union itself: above the unit, outside its subtree.
        outsider = f.person(u, name="周区里", union_id=site.tree.district.id).id
        u.commit()
    unit = site.login("unit")
    page = unit.get("/workshops/new")
    before = _rows(site)
    refused = unit.post(
        "/workshops", data=_workshop_form(page.text, site.tree.unit.id, outsider, name="")
    )
    assert refused.status_code == 422
    assert (
        "带头人不存在或不在管辖范围内"
        in refused.text.split('data-person-picker="leader_person_id"')[1].split("</fieldset>")[0]
    )
    assert "工作室名称不能为空" in _beside(refused.text, "name")
    assert 'value="数控攻关"' in refused.text
    assert 'value="2024-03-01"' in refused.text
    assert _rows(site) == before
    no_leader = unit.post(
        "/workshops",
        data=_workshop_form(page.text, site.tree.unit.id, 0, leader_person_id="", founded_on=""),
    )
    assert no_leader.status_code == 422
    assert "请先搜索并选择带头人" in no_leader.text
    assert "请填写成立日期" in _beside(no_leader.text, "founded_on")
    assert _rows(site) == before


def test_the_call_page_sends_a_team_without_a_workshop_to_register_one(site: Site) -> None:
    with site.uow() as u:
        call = yangpu_call(u, site.tree)
        u.commit()
    unit = site.login("unit")
    page = unit.get(f"/intake/calls/{call.id}")
    assert page.status_code == 200
    assert '<a href="/workshops/new">没有要申报的工作室？先登记工作室</a>' in page.text


def test_a_join_date_refused_for_every_member_is_said_once_beside_it(site: Site) -> None:
    """Three members joining before the founding: one field, one message, not three."""
    leader = _register_person(site, "unit", site.tree.unit.id, 41, "孙领衔")
    members = [
        _register_person(site, "unit", site.tree.unit.id, 42 + i, f"队员{i}") for i in range(3)
    ]
    unit = site.login("unit")
    page = unit.get("/workshops/new")
    before = _rows(site)
    sent = _workshop_form(
        page.text, site.tree.unit.id, leader, member_ids=[str(m) for m in members],
        members_joined_on="2024-01-01",
    )  # fmt: skip
    refused = unit.post("/workshops", data=sent)
    assert refused.status_code == 422
    said = "加入日期不能早于工作室成立日期（2024年3月1日）"
    assert refused.text.count(said) == 1
    assert _rows(site) == before


def test_a_future_founding_date_is_refused_beside_it_not_beside_a_blank_joining_date(
    site: Site,
) -> None:
    """Left blank, 成员加入日期 is the founding date: a founding date after today is refused
    beside 成立日期 alone, not again beside the field the contact never filled."""
    leader = _register_person(site, "unit", site.tree.unit.id, 51, "钱领衔")
    member = _register_person(site, "unit", site.tree.unit.id, 52, "钱队员")
    unit = site.login("unit")
    page = unit.get("/workshops/new")
    before = _rows(site)
    sent = _workshop_form(
        page.text, site.tree.unit.id, leader, member_ids=[str(member)], founded_on="2027-01-05"
    )
    refused = unit.post("/workshops", data=sent)
    assert refused.status_code == 422
    assert 'id="founded_on-error">' in refused.text
    assert 'id="members_joined_on-error"' not in refused.text
    assert 'value="2027-01-05"' in refused.text
    assert _rows(site) == before
    # Typed, a joining date after today is still refused beside itself.
    typed = sent | {"founded_on": "2024-03-01", "members_joined_on": "2027-01-05"}
    refused = unit.post("/workshops", data=typed)
    assert refused.status_code == 422
    assert 'id="members_joined_on-error">' in refused.text
    assert _rows(site) == before


def test_an_id_number_of_the_other_gender_is_refused_beside_it_keeping_what_was_typed(
    site: Site,
) -> None:
    """The 17th digit of an ID number tells the gender (GB 11643): a woman typed with a man's
    number is refused beside the number with the other bad fields, nothing written."""
    unit = site.login("unit")
    page = unit.get("/persons/new")
    mans = id_card_number("310110", BORN, 9, Gender.MALE)
    before = _rows(site)
    typed = _person_form(
        page.text, site.tree.unit.id, gender="female", name="", id_card_number=mans
    )
    refused = unit.post("/persons", data=typed)
    assert refused.status_code == 422
    beside = _beside(refused.text, "id_card_number")
    assert "身份证号码第17位表示性别为男，与所填性别不一致" in beside
    assert "姓名不能为空" in _beside(refused.text, "name")
    assert f'value="{mans}"' in refused.text
    assert 'value="上海某机械有限公司"' in refused.text
    assert _rows(site) == before
    hers = id_card_number("310110", BORN, 9, Gender.FEMALE)
    typed = _person_form(page.text, site.tree.unit.id, gender="female", id_card_number=hers)
    assert unit.post("/persons", data=typed).status_code == 303


def test_the_persons_list_finds_a_person_by_the_end_of_the_id_number_it_shows(
    site: Site,
) -> None:
    """The list shows 3101**********0018: those last 4 characters (an X in either case) find the
    person, as the name does and as the person picker does; another district's are not found."""
    number = id_card_number("310110", BORN, 12, Gender.FEMALE)
    with site.uow() as u:
        woman = NewPerson(
            "卫秀兰", Gender.FEMALE, BORN, id_card_number=number, union_id=site.tree.unit.id
        )
        register_person(u, woman, as_of=date(2026, 11, 1), scope=EVERYTHING)
        u.commit()
    district = site.login("district")
    page = district.get("/persons")
    assert "姓名或身份证号码后4位" in page.text
    for typed in (number[-4:], number[-4:].lower(), "卫秀"):
        found = district.get("/persons", params={"q": typed})
        assert found.status_code == 200
        assert "卫秀兰" in found.text, typed
        assert number not in found.text
    assert "卫秀兰" not in district.get("/persons", params={"q": number[-5:]}).text
    assert "卫秀兰" not in site.login("other").get("/persons", params={"q": number[-4:]}).text


def test_the_unit_contact_records_a_member_leaving_on_the_workshop_page(site: Site) -> None:
    """登记成员离开: a current member chosen, the date checked (not before joining, not after
    today) beside 离开日期 with what was typed kept, nothing written; recorded, the member is
    listed with the date and no longer counted or offered."""
    shop = site.designation.workshop_id
    unit = site.login("unit")
    page = unit.get(f"/workshops/{shop}")
    assert "登记成员离开" in page.text
    with site.uow() as u:
        workshop = u.workshops.get(shop, EVERYTHING)
        assert workshop is not None
        member = workshop.members[0]
        member_id, name, now = member.id, member.person.name, len(workshop.members_on(f.AS_OF))
    action = f"/workshops/{shop}/leaving"
    before = _rows(site)
    early = unit.post(
        action,
        data={"csrf_token": csrf_of(page.text, action), "member_id": str(member_id),
              "leaving_on": "2000-01-01"},
    )  # fmt: skip
    assert early.status_code == 422
    said = early.text.split('id="leaving_on-error">', 1)[1].split("</div>", 1)[0]
    assert said.startswith("离开日期不能早于加入日期（")
    assert 'value="2000-01-01"' in early.text
    assert _rows(site) == before
    done = unit.post(
        action,
        data={"csrf_token": csrf_of(early.text, action), "member_id": str(member_id),
              "leaving_on": "2025-06-30"},
    )  # fmt: skip
    assert done.status_code == 303, done.text
    shown = unit.get(f"/workshops/{shop}").text
    assert f"团队成员（现有 {now - 1} 人" in shown
    assert f'<option value="{member_id}"' not in shown
    assert name in shown
    # A mistyped leaving date is corrected: the member is offered as 更正离开日期.
    assert f'<option value="c{member_id}">' in shown
    assert "已登记于2025年6月30日离开：更正离开日期" in shown
    fixed = unit.post(
        action,
        data={"csrf_token": csrf_of(shown, action), "member_id": f"c{member_id}",
              "leaving_on": "2025-07-15"},
    )  # fmt: skip
    assert fixed.status_code == 303, fixed.text
    with site.uow() as u:
        workshop = u.workshops.get(shop, EVERYTHING)
        assert workshop is not None
        assert next(m for m in workshop.members if m.id == member_id).left_on == date(2025, 7, 15)
