"""Intake forms refused on the page: every bad field beside its input and listed above the form,
whatever else is wrong; the call form offers only the schemes the union may open [Y7][C][L]."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from api.web.intake_forms import flat_values
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.forms import FieldKind
from lifecycle.intake.model import Application, ApplicationStatus, IntakeCall
from lifecycle.intake.packs import intake_pack
from lifecycle.intake.service import NewApplication, start_application
from lifecycle.scope import Scope
from tests import factories as f
from tests.intake_factories import APPLICANT, AS_OF, CITY, yangpu_call, yangpu_form
from tests.integration.web.conftest import Site, csrf_of

CRAFTSMAN = intake_pack("shanghai-craftsman").form
YANGPU = intake_pack("yangpu-district").form


def _draft(site: Site, scheme: str) -> str:
    """An empty draft of the unit's workshop answering a call of ``scheme``: its page's URL."""
    with site.uow() as u:
        if scheme == "yangpu-district":
            call = yangpu_call(u, site.tree)
        else:
            call = open_call(
                u,
                NewCall(scheme, 2026, "2026年度申报", date(2026, 11, 1), date(2026, 12, 20)),
                naming_union_id=site.tree.city.id,
                actor=CITY,
                scope=Scope.subtree(site.tree.city.path),
                as_of=date(2026, 11, 1),
            )
        shop = f.workshop(u, site.tree)
        app = start_application(
            u,
            NewApplication(call.id, shop.id, {}),
            actor=APPLICANT,
            now=f.at_ten(AS_OF),
            scope=Scope.subtree(site.tree.unit.path),
            own_path=site.tree.unit.path,
        )
        u.commit()
        return f"/intake/applications/{app.id}"


def _submit(site: Site, url: str, typed: dict[str, str]):  # type: ignore[no-untyped-def]
    unit = site.login("unit")
    page = unit.get(url)
    assert page.status_code == 200, page.text
    action = f"{url}/form"
    return unit.post(action, data={"csrf_token": csrf_of(page.text, action), **typed})


def _required(spec_fields, typed: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    """The top-level required fields left blank in ``typed`` (a field restating the register is
    never missing: the register fills it in)."""
    return [
        f.name
        for f in spec_fields
        if f.required
        and f.register is None
        and f.kind not in (FieldKind.TABLE, FieldKind.BOOL)
        and not typed.get(f.name)
    ]


def _banner(html: str) -> str:
    start = html.index('id="refusal"')
    return html[start : html.index("</div>", start)]


def _stored(site: Site, url: str) -> Application:
    with site.uow() as u:
        found = u.session.get(Application, int(url.rsplit("/", 1)[1]))
        assert found is not None
        u.session.expunge(found)
        return found


def test_a_wrong_number_does_not_hide_the_missing_fields(site: Site) -> None:
    """工作室面积 -20 and 年龄 abc are refused beside their inputs, and so is every required field
    left blank, all at once (before, only the two number errors showed); nothing is written."""
    url = _draft(site, "shanghai-craftsman")
    typed = {"area": "-20", "members.0.name": "王一", "members.0.age": "abc", "do": "submit"}
    refused = _submit(site, url, typed)
    assert refused.status_code == 422
    html = refused.text
    assert 'id="area-error">工作室面积（㎡）应为不小于0的数字' in html
    assert "年龄应为整数" in html
    missing = _required(CRAFTSMAN.fields, typed)
    assert len(missing) > 20
    for name in missing:
        label = CRAFTSMAN.field(name).label
        assert f'id="{name}-error">{label}不得缺项（必填）' in html, name
    assert "攻关项目（创新课题）至少填写1行" in html
    banner = _banner(html)
    assert f"<li>{CRAFTSMAN.field('studio_name').label}不得缺项（必填）</li>" in banner
    assert "<li>工作室其他成员情况第1行：年龄应为整数</li>" in banner
    assert 'value="-20"' in html  # what was typed is kept
    assert 'value="abc"' in html
    stored = _stored(site, url)
    assert stored.status is ApplicationStatus.DRAFT
    assert stored.form.get("area") is None  # nothing written


def test_a_five_digit_year_a_future_date_and_a_long_text_are_named_beside_their_inputs(
    site: Site,
) -> None:
    url = _draft(site, "yangpu-district")
    typed = {
        **flat_values(YANGPU, yangpu_form()),
        "projects.0.year": "20266",
        "achievements.0.achieved_on": "2030-01-01",
        "team_summary": "团" * 1200,
        "do": "submit",
    }
    refused = _submit(site, url, typed)
    assert refused.status_code == 422
    html = refused.text
    banner = _banner(html)
    for message in (
        "攻关项目（创新课题）第1行：年度应在1949年至2026年之间",
        "创新成果第1行：取得日期不能晚于今天（2026年11月21日）",
        "团队构成（专业、学历、年龄结构）应在1000字以内，现为1200字",
    ):
        assert f"<li>{message}</li>" in banner, message
    assert (
        'id="team_summary-error">团队构成（专业、学历、年龄结构）应在1000字以内，现为1200字<'
        in html
    )
    assert "（）" not in html
    assert 'value="20266"' in html
    assert _stored(site, url).status is ApplicationStatus.DRAFT


def test_the_banner_lists_a_refused_top_level_field_not_an_empty_list(site: Site) -> None:
    url = _draft(site, "yangpu-district")
    typed = {**flat_values(YANGPU, yangpu_form()), "direction": "", "do": "submit"}
    refused = _submit(site, url, typed)
    assert refused.status_code == 422
    banner = _banner(refused.text)
    assert "<li>攻关方向不得缺项（必填）</li>" in banner
    assert "<ul></ul>" not in banner


def _calls(site: Site) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count(IntakeCall.id))) or 0)


def _call_form(site: Site, who: str, typed: dict[str, str]):  # type: ignore[no-untyped-def]
    browser = site.login(who)
    page = browser.get("/intake")
    return browser.post(
        "/intake/calls", data={"csrf_token": csrf_of(page.text, "/intake/calls"), **typed}
    )


CALL = {
    "year": "2026",
    "title": "2026年度申报通知",
    "opens_on": "2026-11-01",
    "deadline": "2026-12-20",
}


def test_a_deadline_before_the_opening_is_named_beside_the_deadline(site: Site) -> None:
    before = _calls(site)
    typed = {**CALL, "scheme": "yangpu-district", "deadline": "2026-10-01"}
    refused = _call_form(site, "district", typed)
    assert refused.status_code == 422
    assert 'id="deadline-error">截止日期不能早于受理开始日期' in refused.text
    assert 'value="2026-10-01"' in refused.text
    assert _calls(site) == before


def test_a_call_whose_deadline_has_passed_is_not_published(site: Site) -> None:
    """Reading P36f: a call is published for applications still to come; the site's clock is
    2026-11-21. The deadline is named beside its field with the rest kept; nothing written."""
    before = _calls(site)
    typed = {**CALL, "scheme": "yangpu-district", "deadline": "2026-11-20", "title": "补发通知"}
    refused = _call_form(site, "district", typed)
    assert refused.status_code == 422
    assert (
        'id="deadline-error">截止日期（2026年11月20日）已过，不能发布已截止的申报通知；'
        "截止日期应不早于今天（2026年11月21日）"
    ) in refused.text
    assert 'value="补发通知"' in refused.text
    assert _calls(site) == before
    on_the_day = _call_form(site, "district", {**typed, "deadline": "2026-11-21"})
    assert on_the_day.status_code == 303, on_the_day.text


def test_the_call_form_offers_only_the_schemes_the_union_names(site: Site) -> None:
    def offered(who: str) -> set[str]:
        html = site.login(who).get("/intake").text
        return {
            code
            for code in ("yangpu-district", "shanghai-model-worker", "shanghai-craftsman",
                         "leshan-city")
            if f'<option value="{code}"' in html
        }  # fmt: skip

    assert offered("district") == {"yangpu-district"}
    assert offered("city") == {"shanghai-model-worker", "shanghai-craftsman"}
    pudong = site.login("other").get("/intake").text
    assert offered("other") == set()
    assert 'id="no-schemes"' in pudong
    # A scheme not offered, posted anyway, is refused beside 命名方案, naming its union.
    before = _calls(site)
    refused = _call_form(site, "city", {**CALL, "scheme": "leshan-city"})
    assert refused.status_code == 403  # an authority refusal, as the API answers it
    assert 'value="2026年度申报通知"' in refused.text  # the form again, with what was typed
    assert (
        'id="scheme-error">乐山市劳模和工匠人才创新工作室的申报通知应由乐山市总工会发布'
        "（《关于推荐申报2020年乐山市劳模和工匠人才创新工作室的通知》一）"
    ) in refused.text
    assert _calls(site) == before


def test_a_call_opened_in_1950_for_2061_is_refused_beside_its_year_and_deadline(site: Site) -> None:
    """Reading P36i: one round a year; before, the district published it."""
    before = _calls(site)
    typed = {**CALL, "scheme": "yangpu-district", "year": "2061", "opens_on": "1950-01-01",
             "deadline": "2061-12-20", "title": "远期通知"}  # fmt: skip
    refused = _call_form(site, "district", typed)
    assert refused.status_code == 422
    html = refused.text
    assert 'id="year-error">年度不合理：今天（2026年11月21日）只能发布2027年度及以前的通知' in html
    assert 'id="deadline-error">受理期限不合理：1950年1月1日至2061年12月20日超过两年' in html
    assert 'value="1950-01-01"' in html
    assert 'value="远期通知"' in html
    assert _calls(site) == before


def test_the_character_counts_above_a_refused_form_count_what_was_typed(site: Site) -> None:
    """Before: 「团队构成…：0字（1000字以内）」 above a text box holding 1200 characters and the
    refusal 「…现为1200字」, the count being the draft's last saved."""
    url = _draft(site, "yangpu-district")
    typed = {
        **flat_values(YANGPU, yangpu_form()),
        "team_summary": "团" * 1200,
        "introduction": "简" * 35,
        "do": "submit",
    }
    refused = _submit(site, url, typed)
    assert refused.status_code == 422
    counts = refused.text[refused.text.index('id="counts"') :]
    counts = counts[: counts.index("</ul>")]
    assert "团队构成（专业、学历、年龄结构）：<strong>1200</strong>字（1000字以内）" in counts
    assert "工作室简介及主要创新成果：<strong>35</strong>字" in counts
    assert not _stored(site, url).form.get("team_summary")  # nothing saved
    shown = site.login("unit").get(url).text  # read again: the draft's own counts
    assert "团队构成（专业、学历、年龄结构）：<strong>0</strong>字" in shown
