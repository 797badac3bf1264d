"""What a 乐山 user reads about a 乐山 title on the pages, in 乐山's notice's words [L]: a team once
named is barred from a new call citing [L 一] without Yangpu's 撤牌 or Shanghai's 退出管理序列
(乐山's notice names no way a title ends); the leader forms speak of 带头人 and of who changes
one, not of Yangpu's continuation rule [Y13] (both backends)."""

from __future__ import annotations

import re
from datetime import date

from lifecycle.citations import TITLES
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.scope import Scope
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.intake_factories import CITY
from tests.integration.web.conftest import Site


def _leshan_title(site: Site) -> tuple[int, int, str]:
    """A 乐山 call and a team of the 乐山 unit already holding a 乐山 title: (call, title, team
    name); 乐山's unit contact and county officer log in as ``unit`` and ``county``."""
    with site.uow() as u:
        tree = f.leshan_tree(u)
        call = open_call(
            u,
            NewCall("leshan-city", 2026, "2026年乐山市劳模和工匠人才创新工作室", date(2026, 10, 1),
                    date(2026, 12, 20), target_count=33),
            naming_union_id=tree.city.id, actor=CITY, scope=Scope.subtree(tree.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        leader = f.person(
            u,
            name="乐山带头人",
            honours=(f.HonourInput(Honour.CITY_MODEL_WORKER, 2016),),
            union_id=tree.unit.id,
        )
        shop = lf.led_workshop(u, tree, leader)
        title = f.named_designation(u, tree, scheme="leshan-city", shop=shop)
        for who, role, union in (
            ("ls_unit", Role.UNIT_CONTACT, tree.unit.id),
            ("ls_county", Role.DISTRICT_OFFICER, tree.district.id),
            ("ls_city", Role.CITY_OFFICER, tree.city.id),
        ):
            principal, password = f.user(u, role, union)
            site.usernames[who], site.passwords[who] = principal.username, password
        u.commit()
        return call.id, title.id, shop.name


def test_a_leshan_team_once_named_is_barred_in_leshans_words(site: Site) -> None:
    call_id, _, team = _leshan_title(site)
    page = site.login("ls_unit").get(f"/intake/calls/{call_id}")
    assert page.status_code == 200, page.text
    barred = page.text[page.text.index('id="barred"') :]
    assert (
        f"{team}：该工作室已获乐山市劳模和工匠人才创新工作室命名，"
        f"不再重复申报和命名（{TITLES['L']}一）"
    ) in barred
    # Before: 「（含已撤牌、已退出管理序列）」, Yangpu's and Shanghai's ways a title ends; 乐山's
    # notice names none, and a 乐山 title cannot be recorded as ended.
    assert "撤牌" not in barred
    assert "退出管理序列" not in barred


def test_the_leshan_leader_forms_speak_of_its_leader_and_not_of_yangpus_rule(site: Site) -> None:
    _, title_id, _ = _leshan_title(site)
    event = site.login("ls_county").get(f"/designations/{title_id}/leader/event")
    assert event.status_code == 200, event.text
    assert (
        "乐山市劳模和工匠人才创新工作室的带头人变更由乐山市总工会在命名记录页的「变更带头人」中办理"
    ) in event.text
    # Before: Yangpu's continuation rule [Y13], told a 乐山 officer.
    assert "杨浦区工作室" not in event.text
    assert "管理办法》第十三条" not in event.text
    change = site.login("ls_city").get(f"/designations/{title_id}/leader/change")
    assert change.status_code == 200, change.text
    # Before: 「新须符合…条件」 and a picker labelled 「新」, the leader's word left out.
    assert "新带头人须符合乐山市劳模和工匠人才创新工作室带头人条件" in change.text
    assert ">新带头人<" in change.text
    assert "领衔人" not in change.text
    # The Yangpu consent [Y13], reached by its address: what 乐山's notice sets, not Shanghai's
    # 附件3 (before: 「不适用退休后继续领衔（领衔人离任须按管理变更处理）」).
    consent = site.login("ls_county").get(f"/designations/{title_id}/leader/consent")
    assert (
        f"乐山市劳模和工匠人才创新工作室不适用带头人退休后继续担任的同意登记（{TITLES['L']}未作规定）；"
        "带头人变更由乐山市总工会在命名记录页的「变更带头人」中办理"
    ) in consent.text
    assert "领衔人" not in consent.text
    assert "管理变更" not in consent.text


def test_the_leshan_history_pages_name_its_county_union_and_its_leader(site: Site) -> None:
    _, title_id, _ = _leshan_title(site)
    browser = site.login("ls_city")
    with site.uow() as u:
        title = u.designations.get(title_id, f.SYSTEM_SCOPE)
        assert title is not None
        workshop_id = title.workshop_id
    designation = browser.get(f"/history/designation/{title_id}")
    assert designation.status_code == 200, designation.text
    assert "所在县（市、区）总工会" in designation.text
    assert "所在区（局）工会" not in designation.text  # before: Shanghai's level
    workshop = browser.get(f"/history/workshop/{workshop_id}")
    assert workshop.status_code == 200, workshop.text
    assert ">带头人<" in workshop.text
    assert "领衔人" not in workshop.text  # before: Shanghai's word
    # Shanghai's pages keep Shanghai's words.
    shanghai = site.login("city").get(f"/history/designation/{site.designation.id}")
    assert "所在区（局）工会" in shanghai.text


def test_a_leshan_person_form_does_not_explain_the_shanghai_craftsman_title(site: Site) -> None:
    _leshan_title(site)
    note = "“上海工匠”称号由市总工会经年度选树授予，授予时自动登记。"
    leshan = site.login("ls_unit").get("/persons/new")
    assert leshan.status_code == 200, leshan.text
    assert note not in leshan.text  # before: told 乐山's units of Shanghai's selection [G]
    assert note in site.login("unit").get("/persons/new").text


def test_the_leshan_import_guide_names_no_way_a_leshan_title_ends(site: Site) -> None:
    _leshan_title(site)
    guide = site.login("ls_city").get("/adoption")
    assert guide.status_code == 200, guide.text
    assert f"已命名的不重复申报和命名（{TITLES['L']}一）" in guide.text
    assert f"{TITLES['L']}未规定取消命名或退出管理序列，状态填写“已命名”" in guide.text
    # Before: 「（含已撤牌、已退出管理序列的）」, 「已退出或已撤牌的须填写…」.
    assert "已撤牌" not in guide.text
    assert "已退出" not in guide.text


def test_a_retiring_leshan_leader_is_told_what_leshans_notice_sets_not_a_measures_rule(
    site: Site,
) -> None:
    with site.uow() as u:
        tree = f.leshan_tree(u)
        # AS_OF is 2026-11-21: the legal age (60 and 5 months) falls on 2026-12-01.
        leader = f.person(
            u,
            name="乐山老带头人",
            birth_date=date(1966, 7, 1),
            honours=(f.HonourInput(Honour.CITY_MODEL_WORKER, 2016),),
            union_id=tree.unit.id,
        )
        f.named_designation(u, tree, scheme="leshan-city", shop=lf.led_workshop(u, tree, leader))
        officer, password = f.user(u, Role.CITY_OFFICER, tree.city.id)
        site.usernames["ls_city"], site.passwords["ls_city"] = officer.username, password
        u.commit()
    page = site.login("ls_city").get("/leaders/retiring", params={"months": 12})
    assert page.status_code == 200, page.text
    assert "乐山老带头人" in page.text
    assert f"{TITLES['L']}未规定带头人退休后须办理的事项" in page.text
    assert "按本办法" not in page.text  # before: 乐山's notice is no 办法


def test_the_bulk_page_filters_a_leshan_county_by_leshans_statuses(site: Site) -> None:
    _leshan_title(site)
    page = site.login("ls_county").get("/adoption/bulk")
    assert page.status_code == 200, page.text
    statuses = re.search(r'<select name="status">.*?</select>', page.text, re.S)
    assert statuses is not None
    offered = re.findall(r">([^<]+)</option>", statuses.group(0))
    # Before: 整改中, 已撤牌/摘牌 and 已退出管理序列（保留称号）, Yangpu's and Shanghai's.
    assert offered == ["全部", "已申报", "评审中", "已命名", "未通过"]
    assert "<td>已命名</td>" in page.text  # the 乐山 title's row
    shanghai = site.login("district").get("/adoption/bulk")
    assert "已撤牌/摘牌" in shanghai.text  # Shanghai's tree keeps its own


def test_a_leshan_list_asked_for_a_yangpu_scheme_offers_only_leshans_statuses(site: Site) -> None:
    """Before: ``/designations?scheme=yangpu-district`` ignored the scheme for the list (not
    乐山's) but offered Yangpu's statuses in the filter, 整改中 and 已撤牌 [Y12] among them."""
    _leshan_title(site)
    county = site.login("ls_county")
    for path in ("/designations", "/finance/designations"):
        page = county.get(f"{path}?scheme=yangpu-district")
        assert page.status_code == 200, page.text
        assert "类别「yangpu-district」无效，已忽略" in page.text
        select = page.text.split('name="status"', 1)[1].split("</select>", 1)[0]
        offered = re.findall(r"<option[^>]*>([^<]*)</option>", select)
        assert offered[1:] == ["已申报", "评审中", "已命名", "未通过"], offered
