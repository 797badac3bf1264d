"""Form fields restating the team's register, on the application page: 单位性质 of 附件1, which the
district batch's non-public share counts from the register [C 二（二）], and the Leshan form's
创建时间 and 共（人）, which its team rules read from the register [L 二（一）]. The page shows the
register's value, a posted value that differs is refused beside the field, the submission stores
the register's value; an application stored before keeps what was typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from api.web.intake_forms import flat_values
from lifecycle.files.storage import FileStorage
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.model import Application, ApplicationStatus
from lifecycle.intake.packs import intake_pack
from lifecycle.intake.service import NewApplication, start_application
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import Role, UnitNature
from tests import factories as f
from tests.craftsman_batch import craftsman_call, craftsman_draft, recommendable
from tests.intake_factories import AS_OF, CITY, craftsman_form, leshan_form
from tests.integration.web.conftest import Site, csrf_of

CRAFTSMAN = intake_pack("shanghai-craftsman").form
LESHAN = intake_pack("leshan-city").form
C22 = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》二（二）"
L21 = "《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》二（一）"


def _stored(site: Site, app_id: int) -> Application:
    with site.uow() as u:
        found = u.session.get(Application, app_id)
        assert found is not None
        u.session.expunge(found)
        return found


def _post_form(site: Site, who: str, app_id: int, typed: dict[str, str]):  # type: ignore[no-untyped-def]
    browser = site.login(who)
    url = f"/intake/applications/{app_id}"
    page = browser.get(url)
    assert page.status_code == 200, page.text
    action = f"{url}/form"
    version = str(_stored(site, app_id).version)
    data = {"csrf_token": csrf_of(page.text, action), "expected_version": version, **typed}
    return browser.post(action, data=data)


def _readonly(name: str, value: str) -> str:
    return f'name="{name}" type="text" value="{value}" maxlength="200" readonly>'


def test_craftsman_unit_nature_is_the_registers_and_a_differing_one_is_refused_beside_it(
    site: Site, tmp_path: Path
) -> None:
    """A team registered 非公企业: the draft shows 非公企业 from the register (never typed); a form
    posted saying 国有企业 is refused beside 单位性质, naming the register's value and where it is
    corrected, nothing written; the submission stores 非公企业, as the batch counts it."""
    call_id = craftsman_call(site.uow, site.tree)
    with site.uow() as u:
        app = craftsman_draft(
            u, site.tree, call_id, UnitNature.NON_PUBLIC, FileStorage(tmp_path / "files")
        )
        u.commit()
        app_id, shop_id = app.id, app.workshop_id
    assert _stored(site, app_id).form["unit_nature"] == "非公企业"  # prefilled at the start
    page = site.login("unit").get(f"/intake/applications/{app_id}").text
    assert _readonly("unit_nature", "非公企业") in page
    assert (
        f'取自<a href="/workshops/{shop_id}">工作室登记</a>（现登记为「非公企业」），'
        "提交时以登记为准" in page
    )
    typed = {**flat_values(CRAFTSMAN, craftsman_form()), "unit_nature": "国有企业"}
    refused = _post_form(site, "unit", app_id, {**typed, "do": "submit"})
    assert refused.status_code == 422
    assert (
        'id="unit_nature-error">单位性质应与工作室登记的单位性质一致：登记为「非公企业」，'
        "本表为「国有企业」；如登记有误，请先在工作室页面「更正登记」，再提交申报"
        f"（{C22}）<"
    ) in refused.text
    # The field shows the register's value again (it is not typed); what was typed elsewhere stays.
    assert _readonly("unit_nature", "非公企业") in refused.text
    assert "李工匠精密装配工匠创新工作室" in refused.text
    kept = _stored(site, app_id)
    assert (kept.status, kept.non_public, kept.form["unit_nature"]) == (
        ApplicationStatus.DRAFT,
        False,
        "非公企业",
    )
    # What the page shows is what it submits.
    sent = _post_form(site, "unit", app_id, {**typed, "unit_nature": "非公企业", "do": "submit"})
    assert sent.status_code == 303, sent.text
    done = _stored(site, app_id)
    assert (done.status, done.non_public, done.form["unit_nature"]) == (
        ApplicationStatus.IN_REVIEW,
        True,
        "非公企业",
    )
    # Read by the city: the form and the register say the same; no note (nothing to submit).
    shown = site.login("city").get(f"/intake/applications/{app_id}").text
    assert _readonly("unit_nature", "非公企业") in shown
    assert 'id="unit_nature-register"' not in shown


def test_an_application_stored_with_a_typed_unit_nature_shows_it_as_typed(
    site: Site, tmp_path: Path
) -> None:
    """Applications stored before 单位性质 was the register's keep their free text: one in review
    shows 「国企」 as typed; a draft shows the register's value and submits it."""
    call_id = craftsman_call(site.uow, site.tree)
    storage = FileStorage(tmp_path / "files")
    in_review = recommendable(site.uow, site.tree, call_id, UnitNature.STATE_OWNED, storage)
    with site.uow() as u:
        draft = craftsman_draft(u, site.tree, call_id, UnitNature.STATE_OWNED, storage).id
        for app_id in (in_review, draft):  # rows written before the field took the register's
            row = u.session.get(Application, app_id)
            assert row is not None
            row.form = {**row.form, "unit_nature": "国企"}
        u.commit()
    shown = site.login("city").get(f"/intake/applications/{in_review}").text
    assert _readonly("unit_nature", "国企") in shown
    page = site.login("unit").get(f"/intake/applications/{draft}").text
    assert _readonly("unit_nature", "国有企业") in page
    sent = _post_form(
        site, "unit", draft, {**flat_values(CRAFTSMAN, craftsman_form()), "do": "submit"}
    )
    assert sent.status_code == 303, sent.text
    assert _stored(site, draft).form["unit_nature"] == "国有企业"
    assert _stored(site, in_review).form["unit_nature"] == "国企"


def test_leshan_founding_day_and_head_count_are_the_registers(site: Site) -> None:
    """创建时间 and 共（人） of the 推荐审批表 are the register's founding day and team (five
    members and the leader); 共3人 posted is refused beside 共（人）, nothing written."""
    with site.uow() as u:
        leshan = f.leshan_tree(u)
        principal, password = f.user(u, Role.UNIT_CONTACT, leshan.unit.id)
        call = open_call(
            u,
            NewCall("leshan-city", 2026, "乐山申报", date(2026, 10, 1), date(2026, 12, 20)),
            naming_union_id=leshan.city.id, actor=CITY, scope=Scope.subtree(leshan.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        shop = f.workshop(u, leshan, members=5, founded_on=date(2017, 5, 12))
        app = start_application(
            u,
            NewApplication(call.id, shop.id, leshan_form()),
            actor=CITY,
            now=f.at_ten(AS_OF),
            scope=EVERYTHING,
            own_path=leshan.unit.path,
        )
        u.commit()
        app_id = app.id
    site.usernames["leshan_unit"], site.passwords["leshan_unit"] = principal.username, password
    page = site.login("leshan_unit").get(f"/intake/applications/{app_id}").text
    assert _readonly("founded", "2017-05-12") in page
    assert _readonly("n_total", "6") in page
    assert "现登记为「6人」" in page
    typed = {**flat_values(LESHAN, leshan_form()), "founded": "2017-05-12", "n_total": "3"}
    refused = _post_form(site, "leshan_unit", app_id, {**typed, "do": "submit"})
    assert refused.status_code == 422
    assert (
        'id="n_total-error">共（人）应与工作室登记的团队人数（含带头人）一致：登记为「6人」，'
        "本表为「3人」；如登记有误，请先在工作室页面登记团队成员（或经「名册导入」），再提交申报"
        f"（{L21}）<"
    ) in refused.text
    assert 'id="founded-error"' not in refused.text
    assert _readonly("n_total", "6") in refused.text
    kept = _stored(site, app_id)
    assert (kept.status, kept.form["n_total"]) == (ApplicationStatus.DRAFT, 6)
