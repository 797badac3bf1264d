"""A 乐山 title's projects and 创新成果 are asked in its notice's words [L 二（三）]: the
推荐审批表's tables and the ledger's ticks read 「得到本地区、本行业、本单位或有关方面认可」,
「具有较高应用价值」 (the ledger: 「已转化应用」, [L 建设标准（五）]),
「产生较好经济效益和社会效益」 and a project 「与本单位生产经营管理实际需求相适应」, with no
Shanghai 「获市级以上奖项」 tick [C 一（四）] (乐山's 附件1 counts awards by level on the form); a
Shanghai title's ledger keeps its ticks (both backends).

Before: every 乐山 achievement row carried 「获市级以上奖项」 (application) or 「获市级及以上奖项」
(ledger), and a project 「与本单位主营业务相关」."""

from __future__ import annotations

from datetime import date

from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.service import NewApplication, start_application
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.intake_factories import AS_OF, CITY, OFFICER, leshan_form
from tests.integration.web.conftest import Site, csrf_of

LESHAN_MARKS = (
    "得到本地区、本行业、本单位或有关方面认可",
    "具有较高应用价值",
    "产生较好经济效益和社会效益",
    "与本单位生产经营管理实际需求相适应",
)


def _leshan(site: Site) -> tuple[int, int, int]:
    """A 乐山 title, a draft application of another team of its unit: (title, application,
    workshop of the title); 乐山's unit contact and county officer log in."""
    with site.uow() as u:
        tree = f.leshan_tree(u)
        honours = (f.HonourInput(Honour.CITY_MODEL_WORKER, 2016),)
        leader = f.person(u, name="乐山带头人", honours=honours, union_id=tree.unit.id)
        shop = lf.led_workshop(u, tree, leader)
        title = f.named_designation(u, tree, scheme="leshan-city", shop=shop)
        call = open_call(
            u,
            NewCall("leshan-city", 2026, "2026年乐山市劳模和工匠人才创新工作室", date(2026, 10, 1),
                    date(2026, 12, 20), target_count=33),
            naming_union_id=tree.city.id, actor=CITY, scope=Scope.subtree(tree.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        other = f.person(u, name="另一带头人", honours=honours, union_id=tree.unit.id)
        team = lf.led_workshop(u, tree, other)
        unit = Scope.subtree(tree.unit.path)
        app = start_application(
            u, NewApplication(call.id, team.id, {**leshan_form(), "studio_name": team.name}),
            actor=OFFICER, now=f.at_ten(AS_OF), scope=unit, own_path=tree.unit.path,
        )  # fmt: skip
        for who, role, union in (
            ("ls_unit", Role.UNIT_CONTACT, tree.unit.id),
            ("ls_county", Role.DISTRICT_OFFICER, tree.district.id),
        ):
            principal, password = f.user(u, role, union)
            site.usernames[who], site.passwords[who] = principal.username, password
        u.commit()
        return title.id, app.id, shop.id


def test_a_leshan_application_asks_its_achievements_in_its_notices_words(site: Site) -> None:
    _, app_id, _ = _leshan(site)
    page = site.login("ls_unit").get(f"/intake/applications/{app_id}")
    assert page.status_code == 200, page.text
    for mark in LESHAN_MARKS:
        assert mark in page.text, mark
    assert "获市级以上奖项" not in page.text
    assert "city_award" not in page.text
    assert "与本单位主营业务相关" not in page.text
    # The projects table is named as the notice and 附件2 name them (before: 攻关项目（创新课题）).
    assert "创新课题或攻关项目（至少1行）" in page.text
    assert "攻关项目（创新课题）" not in page.text
    # 附件1's own award counts stay on the form.
    assert "获奖：地市级（项）" in page.text


def test_a_leshan_ledger_offers_no_shanghai_award_tick_and_records_none(site: Site) -> None:
    title_id, _, shop_id = _leshan(site)
    browser = site.login("ls_county")
    form = browser.get(f"/designations/{title_id}/ledger/achievement/new")
    assert form.status_code == 200, form.text
    assert "获市级及以上奖项" not in form.text
    assert 'name="city_level_award"' not in form.text
    assert "得到本地区、本行业、本单位或有关方面认可" in form.text
    assert "已转化应用" in form.text
    project = browser.get(f"/designations/{title_id}/ledger/project/new")
    assert "与本单位生产经营管理实际需求相适应" in project.text
    assert "与本单位主业相关" not in project.text
    # A crafted post ticking the award anyway records the achievement without it.
    posted = browser.post(
        f"/designations/{title_id}/ledger/achievement",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "award",
            "title": "四川省职工技术创新成果奖",
            "achieved_on": "2026-05-01",
            "recognised": "on",
            "applied_in_production": "on",
            "city_level_award": "on",
        },
    )
    assert posted.status_code == 303, posted.text
    with site.uow() as u:
        (recorded,) = u.ledgers.achievements_of(shop_id, EVERYTHING)
        assert (recorded.recognised, recorded.applied_in_production) == (True, True)
        assert recorded.city_level_award is False
    # The title page tags it as its ledger ticked it (before: 「已应用」, in no text's words).
    shown = browser.get(f"/designations/{title_id}").text
    assert '<span class="tag">已转化应用</span>' in shown
    assert '<span class="tag">已应用</span>' not in shown


def test_a_shanghai_titles_ledger_keeps_its_ticks(site: Site) -> None:
    browser = site.login("district")
    form = browser.get(f"/designations/{site.designation.id}/ledger/achievement/new")
    assert form.status_code == 200, form.text
    for tick in ("已应用于生产", "已获认定"):
        assert tick in form.text, tick
    # 获市级及以上奖项 is the craftsman notice's alone [C 一（四）]: not on a Yangpu ledger.
    assert "获市级及以上奖项" not in form.text
    assert 'name="city_level_award"' not in form.text
    with site.uow() as u:
        craftsman = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        u.commit()
        craftsman_id = craftsman.id
    theirs = browser.get(f"/designations/{craftsman_id}/ledger/achievement/new")
    assert theirs.status_code == 200, theirs.text
    assert "获市级及以上奖项" in theirs.text
    # Recorded as applied, the title page tags it in the same words (before: 「已应用」).
    posted = browser.post(
        f"/designations/{site.designation.id}/ledger/achievement",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "method",
            "title": "数控刀具快换法",
            "achieved_on": "2026-05-01",
            "applied_in_production": "on",
        },
    )
    assert posted.status_code == 303, posted.text
    shown = browser.get(f"/designations/{site.designation.id}").text
    assert '<span class="tag">已应用于生产</span>' in shown
