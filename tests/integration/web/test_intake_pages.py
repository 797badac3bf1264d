"""Intake pages on the Yangpu route [Y7]: each step by the union whose step it is, in order."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from api.web.intake_forms import flat_values
from lifecycle.designations.naming import ExistingTitle, register_existing_title
from lifecycle.intake.model import Application, ApplicationStatus, ApplicationStep, IntakeCall
from lifecycle.intake.packs import intake_pack
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action
from lifecycle.intake.service import (
    StepDecision,
    decide_step,
)
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import DesignationStatus, Role
from tests import factories as f
from tests.intake_factories import AS_OF, OFFICER, SAMPLES, yangpu_call, yangpu_form
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.intake_site import unit_application

FORM = intake_pack("yangpu-district").form


def _sector(site: Site) -> None:
    with site.uow() as u:
        principal, password = f.user(u, Role.DISTRICT_OFFICER, site.tree.sector.id)
        u.commit()
    site.usernames["sector"], site.passwords["sector"] = principal.username, password


def _post(browser, page_url: str, action: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    page = browser.get(page_url)
    assert page.status_code == 200, page.text
    # The session's token: a union whose step it is not sees no step form, yet may try to post.
    token = csrf_of(page.text, action if f'action="{action}"' in page.text else None)
    return browser.post(action, data={"csrf_token": token, **data})


def _app(site: Site, app_id: int) -> Application:
    with site.uow() as u:
        found = IntakeRepository(u.session).application(app_id, Scope.everything())
        assert found is not None
        u.session.expunge(found)
        return found


def _step(site: Site, who: str, app_id: int, stage: str, action: str = "approve", **more: str):  # type: ignore[no-untyped-def]
    url = f"/intake/applications/{app_id}"
    data = {"stage": stage, "action": action, "decided_on": "2026-11-21", "signer": who, **more}
    data.setdefault("opinion", "同意")
    data["expected_version"] = str(_app(site, app_id).version)
    return _post(site.login(who), url, f"{url}/steps", data)


def test_yangpu_application_from_call_to_title_each_step_by_its_union(site: Site) -> None:
    _sector(site)
    with site.uow() as u:
        shop = f.workshop(u, site.tree)
        u.commit()
        shop_id, leader = shop.id, shop.leader.name
    district = site.login("district")
    created = _post(
        district,
        "/intake",
        "/intake/calls",
        {
            "scheme": "yangpu-district",
            "year": "2026",
            "title": "2026年度杨浦区创新工作室申报",
            "opens_on": "2026-11-01",
            "deadline": "2026-12-20",
            "target_count": "10",
        },
    )
    assert created.status_code == 303, created.text
    call_url = created.headers["location"]
    call_id = int(call_url.rsplit("/", 1)[1])
    unit = site.login("unit")
    # The call's window in words, as Chinese text writes its dates.
    window = "自2026年11月1日起受理，2026年12月20日截止（含当日，北京时间）"
    assert window in unit.get(call_url).text
    started = _post(unit, call_url, f"{call_url}/applications", {"workshop_id": str(shop_id)})
    assert started.status_code == 303, started.text
    app_url = started.headers["location"]
    app_id = int(app_url.rsplit("/", 1)[1])
    # The form cites the article its fields come from; 「不得缺项、漏项」 is the craftsman
    # notice's words [C 三（五）], not Yangpu's 第三条 (the 五个有 standard).
    opened = unit.get(app_url).text
    assert "申报表栏目依据《杨浦区劳模（先进）、技师创新工作室管理办法》第三条" in opened
    assert "漏项" not in opened
    assert "填写完整后方可提交" in opened  # the draft's form instruction
    # An incomplete form is refused naming every missing field and failed rule; typed text kept.
    partial = {**flat_values(FORM, yangpu_form()), "direction": "", "has_venue": ""}
    refused = _post(unit, app_url, f"{app_url}/form", {**partial, "do": "submit"})
    assert refused.status_code == 422
    assert "攻关方向不得缺项" in refused.text
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第三条" in refused.text
    assert "张师傅数控攻关劳模创新工作室" in refused.text
    assert _app(site, app_id).status is ApplicationStatus.DRAFT
    sent = _post(
        unit, app_url, f"{app_url}/form", {**flat_values(FORM, yangpu_form()), "do": "submit"}
    )
    assert sent.status_code == 303, sent.text
    page = unit.get(app_url)
    assert "单位工会推荐（经本单位党政同意）" in page.text
    # Submitted, the form is read-only: no instruction to fill in what cannot be changed.
    # Before: 「填写完整后方可提交」 under 「申报表（只读）」.
    assert "申报表（只读）" in page.text
    assert "本页只供查看，不能修改" in page.text
    assert "填写完整后方可提交" not in page.text
    # Nothing to send: the fields are shown outside any form (before: an empty <form> posting
    # to the form's address, with a CSRF token and no button).
    assert f'action="{app_url}/form"' not in page.text
    assert 'id="form-read-only"' in page.text
    assert 'value="张师傅数控攻关劳模创新工作室"' in page.text  # the fields still shown
    assert "工作室简介及主要创新成果：<strong>900</strong>字（约800字，最多3000字）" in page.text
    # The unit union's step needs the 党政 consent; then the sector, panel and decision.
    missing = _step(site, "unit", app_id, "unit")
    assert missing.status_code == 422
    assert "本单位党政同意" in missing.text
    assert _step(site, "unit", app_id, "unit", consent="党委会同意").status_code == 303
    not_ours = _step(site, "district", app_id, "sector")
    assert not_ours.status_code == 403  # not the district's step: refused as the API refuses it
    assert "「行业、街镇、直属工会初审」应由" in not_ours.text
    back = _step(site, "sector", app_id, "sector", "return", opinion="请补充团队构成")
    assert back.status_code == 303
    resent = _post(
        unit,
        app_url,
        f"{app_url}/form",
        {**flat_values(FORM, yangpu_form()), "team_summary": "成员五人", "do": "submit"},
    )
    assert resent.status_code == 303, resent.text
    assert _step(site, "sector", app_id, "sector").status_code == 303
    assert _step(site, "district", app_id, "panel").status_code == 303
    named = _post(
        district,
        call_url,
        f"/intake/calls/{call_id}/naming",
        {
            "application_ids": str(app_id),
            "document_ref": "杨工〔2026〕21号",
            "decided_on": "2026-11-21",
            "signer": "区总工会主席办公会议",
        },
    )
    assert named.status_code == 303, named.text
    done = _app(site, app_id)
    assert done.status is ApplicationStatus.NAMED
    with site.uow() as u:
        d = u.designations.get(done.designation_id, scope=EVERYTHING)
        assert d is not None
        assert d.status is DesignationStatus.NAMED
        assert d.title == f"{leader}数控攻关劳模创新工作室"
    history = unit.get(app_url).text
    assert "第1轮" in history
    assert "第2轮" in history
    assert "退回补充材料" in history
    assert "审定命名" in history


def test_attachment_upload_on_the_page_refuses_a_wrong_type_beside_the_field(site: Site) -> None:
    with site.uow() as u:
        app_id = unit_application(u, site).id
        u.commit()
    unit = site.login("unit")
    url = f"/intake/applications/{app_id}"
    action = f"{url}/attachments"
    page = unit.get(url)
    token = csrf_of(page.text, action)
    refused = unit.post(
        action,
        data={"csrf_token": token, "kind": "certificate"},
        files={"file": ("证书.txt", b"plain text", "text/plain")},
    )
    assert refused.status_code == 422
    assert "带头人荣誉或技能等级证书仅限：pdf、jpg、jpeg、png" in refused.text
    sent = unit.post(
        action,
        data={"csrf_token": token, "kind": "certificate"},
        files={"file": ("全国劳模证书.pdf", SAMPLES[".pdf"], "application/pdf")},
    )
    assert sent.status_code == 303, sent.text
    page = unit.get(url).text
    assert "全国劳模证书.pdf" in page
    link = re.search(rf'href="({url}/attachments/\d+)"', page)
    assert link is not None
    download = unit.get(link.group(1))
    assert download.content == SAMPLES[".pdf"]
    assert site.login("other").get(link.group(1)).status_code == 404


def test_a_call_form_refused_for_its_scheme_and_date_names_every_other_bad_field_too(
    site: Site,
) -> None:
    district = site.login("district")
    with site.uow() as u:
        before = len(u.session.scalars(select(IntakeCall)).all())
    typed = {
        "scheme": "",
        "year": "1999",
        "title": "",
        "opens_on": "2026-11-01",
        "deadline": "2026-12-40",
        "target_count": "0",
        "document_ref": "杨工" * 101,
    }
    refused = _post(district, "/intake", "/intake/calls", typed)
    assert refused.status_code == 422
    for field, message in (
        ("scheme", "请选择命名方案"),
        ("deadline", "截止日期有误：没有2026-12-40这一天"),
        ("year", "年度应在2000年至2100年之间"),
        ("title", "通知标题不能为空"),
        ("target_count", "拟命名数量应为正整数"),
        ("document_ref", "文号不能超过200个字符"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="2026-12-40"' in refused.text
    assert 'value="1999"' in refused.text
    with site.uow() as u:
        assert len(u.session.scalars(select(IntakeCall)).all()) == before


def test_a_call_year_outside_its_window_is_refused_beside_the_year(site: Site) -> None:
    """年度 2019 with a 2026 window would number its titles 2026 (reading I4)."""
    district = site.login("district")
    typed = {
        "scheme": "yangpu-district",
        "year": "2019",
        "title": "2026年度杨浦区创新工作室申报",
        "opens_on": "2026-11-01",
        "deadline": "2026-12-20",
    }
    refused = _post(district, "/intake", "/intake/calls", typed)
    assert refused.status_code == 422
    message = "年度与受理期限不符：受理期限为2026年11月1日至2026年12月20日，年度应为2026、2027年"
    assert f'id="year-error">{message}' in refused.text
    with site.uow() as u:
        assert u.session.scalars(select(IntakeCall).filter_by(year=2019)).all() == []
    opened = _post(district, "/intake", "/intake/calls", typed | {"year": "2027"})
    assert opened.status_code == 303, opened.text


def _waiting(site: Site, *stages: tuple[str, int]) -> int:
    """A submitted Yangpu application past ``stages`` (code, acting union), by the services."""
    with site.uow() as u:
        app = unit_application(u, site, submitted=True)
        for stage, union_id in stages:
            step = StepDecision(
                app.id, stage, Action.APPROVE, AS_OF, "审核人", "同意", "党委会同意"
            )
            decide_step(
                u, step, acting_union_id=union_id, actor=OFFICER, as_of=AS_OF, scope=EVERYTHING
            )
        u.commit()
        return app.id


def _steps(site: Site, app_id: int) -> int:
    with site.uow() as u:
        return len(
            u.session.scalars(select(ApplicationStep).filter_by(application_id=app_id)).all()
        )


def test_a_step_refused_for_its_date_names_the_missing_signer_and_consent_too(site: Site) -> None:
    app_id = _waiting(site)
    before = _steps(site, app_id)
    url = f"/intake/applications/{app_id}"
    typed = {"stage": "unit", "action": "approve", "decided_on": "2026-11-40", "signer": " "}
    refused = _post(site.login("unit"), url, f"{url}/steps", typed | {"opinion": "材料齐全"})
    assert refused.status_code == 422
    for field, message in (
        ("decided_on", "办理日期有误：没有2026-11-40这一天"),
        ("signer", "签署人不能为空（100字以内）"),
        ("consent", "须记录本单位党政同意"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="2026-11-40"' in refused.text
    assert "材料齐全" in refused.text
    assert _app(site, app_id).stage == "unit"
    assert _steps(site, app_id) == before


def test_a_consent_past_2000_characters_is_refused_beside_it_and_kept(site: Site) -> None:
    """The 党政同意 the unit union records: the API declared 2000, the page took any length."""
    app_id = _waiting(site)
    before = _steps(site, app_id)
    url = f"/intake/applications/{app_id}"
    consent = "同" * 2001
    typed = {"stage": "unit", "action": "approve", "signer": "王", "consent": consent}
    for on in ("2026-11-21", "2026-11-40"):  # alone (the use case), beside a bad date (the form)
        refused = _post(site.login("unit"), url, f"{url}/steps", typed | {"decided_on": on})
        assert refused.status_code == 422
        said = "本单位党政同意（日期、签署人）不能超过2000个字符"  # the stage's own label
        assert f'id="consent-error">{said}' in refused.text
        assert consent in refused.text
    assert _steps(site, app_id) == before


def test_a_naming_refused_for_its_date_names_the_missing_choice_and_document_ref_too(
    site: Site,
) -> None:
    _sector(site)
    tree = site.tree
    app_id = _waiting(
        site, ("unit", tree.unit.id), ("sector", tree.sector.id), ("panel", tree.district.id)
    )
    call_id = _app(site, app_id).call_id
    before = _steps(site, app_id)
    call_url = f"/intake/calls/{call_id}"
    typed = {"document_ref": "", "decided_on": "2026-11-40", "signer": "区总工会主席办公会议"}
    refused = _post(site.login("district"), call_url, f"{call_url}/naming", typed)
    assert refused.status_code == 422
    for field, message in (
        ("decided_on", "审定日期有误：没有2026-11-40这一天"),
        ("document_ref", "命名文号不能为空"),
        ("application_ids", "请选择审定命名的申报"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="区总工会主席办公会议"' in refused.text
    ticked = f'name="application_ids" value="{app_id}" checked'
    assert ticked not in refused.text  # left unticked, it stays so: no naming by a resubmit
    chose = _post(
        site.login("district"),
        call_url,
        f"{call_url}/naming",
        typed | {"application_ids": [str(app_id)]},
    )
    assert chose.status_code == 422
    assert ticked in chose.text
    assert 'id="application_ids-error"' not in chose.text
    assert _app(site, app_id).status is ApplicationStatus.IN_REVIEW
    assert _steps(site, app_id) == before


def test_the_council_decides_not_to_name_on_the_application_page(site: Site) -> None:
    """主席办公会议审定 [Y7]: the deciding body records 不予命名 with its reason; the call page
    links each waiting application to it."""
    tree = site.tree
    app_id = _waiting(
        site, ("unit", tree.unit.id), ("sector", tree.sector.id), ("panel", tree.district.id)
    )
    call_id = _app(site, app_id).call_id
    district = site.login("district")
    call_page = district.get(f"/intake/calls/{call_id}").text
    assert f'href="/intake/applications/{app_id}#step">不予命名</a>' in call_page
    url = f"/intake/applications/{app_id}"
    page = district.get(url).text
    assert '<section class="card" id="step">' in page
    assert '<option value="reject">不予命名</option>' in page
    assert "approve" not in re.findall(r'<option value="(\w*)"', page)
    # The unit sees the stage but has no decision to make.
    assert 'id="step"' not in site.login("unit").get(url).text
    bare = _step(site, "district", app_id, "council", "reject", opinion="")
    assert bare.status_code == 422
    # What the stage decides is named (not 「退回或不同意」, which it offers neither of).
    assert "不予命名须写明理由" in bare.text
    assert "退回或不同意须写明理由" not in bare.text
    done = _step(site, "district", app_id, "council", "reject", opinion="评审得分未达命名标准")
    assert done.status_code == 303, done.text
    assert _app(site, app_id).status is ApplicationStatus.REJECTED
    history = district.get(url).text
    assert "区总工会主席办公会议审定 · <strong>不予命名</strong>" in history
    assert "评审得分未达命名标准" in history
    assert 'id="step"' not in history


def test_a_second_application_of_a_team_in_review_is_refused_on_the_call_page(site: Site) -> None:
    app_id = _waiting(site)
    with site.uow() as u:
        shop_id = _app(site, app_id).workshop_id
        call = yangpu_call(u, site.tree, year=2027)
        u.commit()
        call_url = f"/intake/calls/{call.id}"
    refused = _post(
        site.login("unit"), call_url, f"{call_url}/applications", {"workshop_id": str(shop_id)}
    )
    assert refused.status_code == 422
    assert "正在审核中" in refused.text
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第七条" in refused.text


def test_a_naming_numbers_after_the_highest_number_of_the_year_in_the_register(
    site: Site,
) -> None:
    """杨浦 2026-024 and 026 are on the register: the next title is 杨浦 2026-027 [Y7]."""
    tree = site.tree
    with site.uow() as u:
        for number in ("杨浦 2026-024", "杨浦 2026-026"):
            register_existing_title(
                u,
                ExistingTitle(
                    f.workshop(u, tree).id, "yangpu-district", "既有工作室", number,
                    date(2026, 3, 1), "杨工〔2026〕3号",
                ),
                actor=f.acting(tree.district),
                as_of=AS_OF,
                scope=f.SYSTEM_SCOPE,
            )  # fmt: skip
        u.commit()
    app_id = _waiting(
        site, ("unit", tree.unit.id), ("sector", tree.sector.id), ("panel", tree.district.id)
    )
    call_url = f"/intake/calls/{_app(site, app_id).call_id}"
    typed = {
        "document_ref": "杨工〔2026〕30号",
        "decided_on": "2026-11-21",
        "signer": "主席办公会议",
    }
    named = _post(
        site.login("district"),
        call_url,
        f"{call_url}/naming",
        typed | {"application_ids": [str(app_id)]},
    )
    assert named.status_code == 303, named.text
    with site.uow() as u:
        d = u.designations.get(_app(site, app_id).designation_id or 0, scope=EVERYTHING)
        assert d is not None
        assert d.number == "杨浦 2026-027"
    assert "编号杨浦 2026-027" in site.login("unit").get(f"/intake/applications/{app_id}").text
