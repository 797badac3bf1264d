"""社团 pages on both databases: the admin registers an association and its account; the
association recommends its member on the 申报审批表; the city records its local selection [G]."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lifecycle.craftsman_title import local_selection
from lifecycle.craftsman_title import service as svc
from lifecycle.demo.spec import id_card_number
from lifecycle.persons.model import Person
from lifecycle.persons.service import NewPerson, register_member
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Gender, Role, UnionLevel
from tests import factories as f
from tests.factories import user
from tests.integration.craftsman.helpers import PHONE, association, member, open_call
from tests.integration.web.conftest import Site, csrf_of, log_in
from tests.integration.web.test_craftsman_pages import _typed

PASSWORD = "association-pass-1"


def _register(site: Site) -> int:
    """The admin registers 上海市模具协会 under the city and issues its account, by the pages."""
    admin = site.login("admin")
    page = admin.get("/admin/associations")
    assert page.status_code == 200
    action = "/admin/associations"
    under_unit = admin.post(
        action,
        data={
            "name": "上海市模具协会",
            "parent_id": str(site.tree.unit.id),
            "csrf_token": csrf_of(page.text, action),
        },
    )
    assert under_unit.status_code == 422  # a unit union is no parent of an association
    assert "上海市模具协会" in under_unit.text
    done = admin.post(
        action,
        data={
            "name": "上海市模具协会",
            "parent_id": str(site.tree.city.id),
            "csrf_token": csrf_of(under_unit.text, action),
        },
    )
    assert done.status_code == 303, done.text
    with site.uow() as u:
        body = u.unions.get_by_name("上海市模具协会", site.tree.city.id)
        assert body is not None
        assert body.level == UnionLevel.ASSOCIATION
        body_id = body.id
    users = admin.get("/admin/users")
    account = {
        "username": "mould-assoc",
        "display_name": "模具协会 周秘书长",
        "union_id": str(body_id),
        "password": PASSWORD,
        "confirm_password": PASSWORD,
    }
    wrong = admin.post(
        "/admin/users",
        data=account | {"role": Role.UNIT_CONTACT.value, "csrf_token": csrf_of(users.text)},
    )
    assert wrong.status_code == 422
    assert "社团联系人" in wrong.text
    made = admin.post(
        "/admin/users",
        data=account | {"role": Role.ASSOCIATION_CONTACT.value, "csrf_token": csrf_of(wrong.text)},
    )
    assert made.status_code == 303, made.text
    return body_id


def test_the_admin_registers_an_association_whose_account_recommends_its_member(
    site: Site,
) -> None:
    body_id = _register(site)
    with site.uow() as u:
        sel = open_call(u, site.tree)
        found = u.unions.get_by_name("上海市模具协会", site.tree.city.id)
        assert found is not None
        person_id = member(u, found, "模具会员").id
        u.commit()
    # The city records the association's local selection (its account cannot).
    city = site.login("city")
    page = city.get(f"/craftsman-selections/{sel.id}")
    local = f"/craftsman-selections/{sel.id}/local-selections"
    recorded = city.post(
        local,
        data={
            "union_id": str(body_id),
            "participants": "25",
            "local_craftsmen": "2",
            "since_year": "2019",
            "subordinate_selections": "on",
            "average_income": "8,600.50",
            "csrf_token": csrf_of(page.text, local),
        },
    )
    assert recorded.status_code == 303, recorded.text
    with site.uow() as u:
        (row,) = [
            r for r in svc.repo(u).local_selections(sel.id, EVERYTHING) if r.union_id == body_id
        ]
        assert (row.since_year, row.subordinate_selections, row.average_income_fen) == (
            2019,
            True,
            860_050,
        )
    browser = site.client()
    login = browser.get("/login")
    browser.post(
        "/login",
        data={
            "csrf_token": csrf_of(login.text),
            "username": "mould-assoc",
            "password": PASSWORD,
            "next": "/dashboard",
        },
    )
    action = f"/craftsman-selections/{sel.id}/apply"
    form_page = browser.get(action)
    assert form_page.status_code == 200
    assert "模具会员" in form_page.text  # its members to choose from
    assert 'value="unit"' not in form_page.text  # 社团推荐 only
    # Under the city it sits in no district: the empty choice asks for one (before: it read
    # 「社团所在区局（产业）工会」, an option refused on submission, 「请选择申报人所在区局…」).
    assert '<option value="" selected>请选择</option>' in form_page.text
    assert "社团所在区局（产业）工会" not in form_page.text
    typed = _typed(person_id, channel="association")
    no_district = browser.post(action, data=typed | {"csrf_token": csrf_of(form_page.text, action)})
    assert no_district.status_code == 422
    assert 'id="district_union_id-error"' in no_district.text
    done = browser.post(
        action,
        data=typed
        | {
            "district_union_id": str(site.tree.district.id),
            "csrf_token": csrf_of(no_district.text, action),
        },
    )
    assert done.status_code == 303, done.text
    detail = browser.get(done.headers["location"]).text
    assert "社团推荐（上海市模具协会）" in detail
    assert "杨浦区总工会" in detail
    assert PHONE not in detail
    assert f'action="{done.headers["location"]}/decide"' not in detail  # it reviews nothing
    listing = site.login("district").get(f"/craftsman-selections/{sel.id}").text
    assert "模具会员" in listing
    assert "138****5678" in listing
    assert site.login("other").get(done.headers["location"]).status_code == 404


def test_a_member_form_refused_for_its_gender_names_every_other_bad_field_too(
    site: Site,
) -> None:
    with site.uow() as u:
        body = association(u, site.tree)
        principal, password = user(u, Role.ASSOCIATION_CONTACT, body.id)
        u.commit()
    browser = site.client()
    login = browser.get("/login")
    browser.post(
        "/login",
        data={
            "csrf_token": csrf_of(login.text),
            "username": principal.username,
            "password": password,
            "next": "/dashboard",
        },
    )
    action = "/association/members"
    token = csrf_of(browser.get(action).text, action)
    typed = {
        "name": "",
        "gender": "",
        "birth_date": "1980-04-01",
        "id_card_number": "31011019800401123",
        "skill_level": "none",
    }
    refused = browser.post(action, data={"csrf_token": token, **typed})
    assert refused.status_code == 422
    for field, message in (
        ("gender", "请选择性别"),
        ("name", "姓名不能为空"),
        ("id_card_number", "身份证号码应为18位（最后一位可为X）"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="31011019800401123"' in refused.text
    with site.uow() as u:
        assert u.session.scalars(select(Person).where(Person.union_id == body.id)).all() == []


def test_an_association_refused_for_its_parent_names_a_bad_name_too(site: Site) -> None:
    admin = site.login("admin")
    action = "/admin/associations"
    page = admin.get(action)
    long_name = "上海市模具协会" * 29  # 203 characters
    refused = admin.post(
        action,
        data={"name": long_name, "parent_id": "999999", "csrf_token": csrf_of(page.text, action)},
    )
    assert refused.status_code == 422
    assert 'id="parent_id-error">上级工会不存在或不在管辖范围内' in refused.text
    assert 'id="name-error">社团名称不能超过200个字符' in refused.text
    assert f'value="{long_name}"' in refused.text
    with site.uow() as u:
        assert list(u.unions.find(EVERYTHING, level=UnionLevel.ASSOCIATION)) == []


def test_a_member_correction_on_the_page_keeps_the_id_number_and_asks_why_a_name_changes(
    site: Site,
) -> None:
    with site.uow() as u:
        body = association(u, site.tree)
        principal, password = user(u, Role.ASSOCIATION_CONTACT, body.id)
        born = date(1979, 8, 2)
        number = id_card_number("310110", born, 21, Gender.MALE)
        cmd = NewPerson("会员师傅", Gender.MALE, born, id_card_number=number)
        person_id = register_member(u, body.id, cmd, as_of=f.AS_OF, scope=EVERYTHING).id
        u.commit()
    browser = site.client()
    login = browser.get("/login")
    browser.post(
        "/login",
        data={
            "csrf_token": csrf_of(login.text),
            "username": principal.username,
            "password": password,
            "next": "/dashboard",
        },
    )
    action = f"/association/members/{person_id}"
    page = browser.get(action)
    assert page.status_code == 200
    assert number not in page.text  # never shown in full, not even in the form
    assert f"已登记：{number[:4]}" in page.text
    typed = {
        "name": "会员师傅",
        "gender": "male",
        "birth_date": born.isoformat(),
        "id_card_number": "",  # blank: keeps the recorded number
        "is_union_member": "on",
        "employer": "上海某电气有限公司",
        "skill_level": "technician",
    }
    saved = browser.post(action, data={"csrf_token": csrf_of(page.text, action), **typed})
    assert saved.status_code == 303, saved.text
    with site.uow() as u:
        kept = u.session.get(Person, person_id)
        assert kept is not None
        assert (kept.id_card_number, kept.employer) == (number, "上海某电气有限公司")
    renamed = typed | {"name": "会员老师傅"}
    refused = browser.post(action, data={"csrf_token": csrf_of(page.text, action), **renamed})
    assert refused.status_code == 422
    assert 'id="reason-error">更正姓名须填写更正原因' in refused.text
    assert 'value="会员老师傅"' in refused.text
    with site.uow() as u:
        assert u.session.get(Person, person_id).name == "会员师傅"  # type: ignore[union-attr]
    done = browser.post(
        action,
        data={"csrf_token": csrf_of(refused.text, action), **renamed, "reason": "按户口本更正"},
    )
    assert done.status_code == 303, done.text
    with site.uow() as u:
        after = u.session.get(Person, person_id)
        assert after is not None
        assert (after.name, after.id_card_number) == ("会员老师傅", number)


def test_an_association_needs_a_name_and_is_registered_once_in_the_city(site: Site) -> None:
    admin = site.login("admin")
    action = "/admin/associations"
    page = admin.get(action)
    blank = admin.post(
        action,
        data={"name": " ", "parent_id": str(site.tree.city.id), "csrf_token": csrf_of(page.text)},
    )
    assert blank.status_code == 422
    assert 'id="name-error">社团名称不能为空' in blank.text
    assert "工会名称" not in blank.text
    first = admin.post(
        action,
        data={
            "name": "上海市数控协会",
            "parent_id": str(site.tree.district.id),
            "csrf_token": csrf_of(page.text),
        },
    )
    assert first.status_code == 303, first.text
    for parent in (site.tree.city, site.tree.other_district, site.tree.district):
        again = admin.post(
            action,
            data={
                "name": "上海市数控协会",
                "parent_id": str(parent.id),
                "csrf_token": csrf_of(page.text),
            },
        )
        assert again.status_code == 422, parent.name
        assert 'id="name-error">本市已登记同名社团，同一社团只登记一次' in again.text
        assert 'value="上海市数控协会"' in again.text
    with site.uow() as u:
        found = u.unions.find(EVERYTHING, level=UnionLevel.ASSOCIATION)
        assert [a.name for a in found] == ["上海市数控协会"]


def test_an_association_under_a_district_is_offered_its_own_district_by_name(site: Site) -> None:
    """Left empty, the member's district is the association's own [G 三（一）]: named so."""
    with site.uow() as u:
        sel = open_call(u, site.tree)
        body = association(u, site.tree, "杨浦区模具协会", parent_id=site.tree.district.id)
        person_id = member(u, body, "区协会会员").id
        principal, password = user(u, Role.ASSOCIATION_CONTACT, body.id)
        local_selection.record_local_selection(
            u,
            local_selection.RecordLocal(
                sel.id, union_id=body.id, participants=30, local_craftsmen=2
            ),
            recording_union_id=site.tree.city.id,
            scope=EVERYTHING,
        )
        u.commit()
    browser = log_in(site.client(), principal.username, password)
    action = f"/craftsman-selections/{sel.id}/apply"
    page = browser.get(action)
    assert page.status_code == 200
    assert (
        '<option value="" selected>社团所在区局（产业）工会（杨浦区总工会）</option>' in page.text
    )
    typed = _typed(person_id, channel="association")
    done = browser.post(action, data=typed | {"csrf_token": csrf_of(page.text, action)})
    assert done.status_code == 303, done.text
    assert "杨浦区总工会" in browser.get(done.headers["location"]).text
