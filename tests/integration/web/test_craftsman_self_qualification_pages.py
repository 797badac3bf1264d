"""The 上海工匠 application page on both databases: a self-applicant's 资格审查 is offered to the
city's officer with the district union's opinion it solicited, refused beside the field when
missing with what was typed kept; the district is told who does it; a unit recommendation's
check stays the district's [G] 三（一） (reading G13)."""

from __future__ import annotations

from lifecycle.craftsman_title import service as svc
from lifecycle.scope import EVERYTHING
from tests.integration.craftsman.helpers import TODAY, brief_form, file, local_craftsman, open_call
from tests.integration.web.conftest import Site, csrf_of

ARTICLE = "《关于开展2026年度“上海工匠”培养选树工作的通知》三（一）"


def _filed(site: Site, name: str, channel: svc.Channel) -> str:
    with site.uow() as u:
        sel = open_call(u, site.tree)
        person = local_craftsman(u, site.tree, name)
        app = file(u, brief_form(sel.id, person.id, channel=channel), scope=EVERYTHING, on=TODAY)
        u.commit()
        return f"/craftsman-selections/applications/{app.id}"


def test_the_city_records_a_self_applicants_qualification_with_the_districts_opinion(
    site: Site,
) -> None:
    url = _filed(site, "自荐页面师傅", svc.Channel.SELF)
    decide = f"{url}/decide"
    district = site.login("district")
    page = district.get(url)
    assert f'action="{decide}"' not in page.text
    shown = page.text.split('id="decided-elsewhere">', 1)[1].split("<", 1)[0]
    assert "由上海工匠培养选树申报办公室（市总工会）办理" in shown
    assert ARTICLE in shown
    city = site.login("city")
    page = city.get(url)
    assert f'action="{decide}"' in page.text
    assert 'name="district_opinion"' in page.text
    assert 'name="district_opinion_on"' in page.text
    typed = {"passed": "yes", "opinion": "海选面试通过，符合申报资格", "signer": "申报办公室甲",
             "decided_on": "2026-11-20", "interview_passed": "yes"}  # fmt: skip
    missing = city.post(decide, data=typed | {"csrf_token": csrf_of(page.text, decide)})
    assert missing.status_code == 422
    beside = missing.text.split('id="district_opinion-error">', 1)[1].split("<", 1)[0]
    assert "个人自荐须征求其所在区局（产业）工会意见后方可进入下阶段评选程序" in beside
    assert ARTICLE in beside
    assert 'id="district_opinion_on-error"' in missing.text
    assert "海选面试通过，符合申报资格" in missing.text  # what was typed is kept
    assert 'value="申报办公室甲"' in missing.text
    opinion = {"district_opinion": "经研究，同意其参评", "district_opinion_on": "2026-11-18"}
    # Posted by the district anyway (an old page, a script): refused naming who decides.
    refused = district.post(
        decide, data=typed | opinion | {"csrf_token": csrf_of(district.get(url).text)}
    )
    assert refused.status_code == 403
    assert "个人自荐的资格审查（资格审核、海选面试）由上海工匠培养选树申报办公室" in refused.text
    done = city.post(decide, data=typed | opinion | {"csrf_token": csrf_of(missing.text, decide)})
    assert done.status_code == 303, done.text
    shown = city.get(url).text
    assert "待专家复审" in shown
    assert "区局（产业）工会意见（2026年11月18日）：经研究，同意其参评" in shown


def test_a_unit_recommendations_qualification_stays_the_districts_on_the_page(site: Site) -> None:
    url = _filed(site, "推荐页面师傅", svc.Channel.UNIT)
    decide = f"{url}/decide"
    city = site.login("city")
    page = city.get(url)
    assert f'action="{decide}"' not in page.text
    shown = page.text.split('id="decided-elsewhere">', 1)[1].split("<", 1)[0]
    assert f"资格审查由申请人所在区局（产业）工会办理（{ARTICLE}）" in shown
    district = site.login("district")
    page = district.get(url)
    assert f'action="{decide}"' in page.text
    assert 'name="district_opinion"' not in page.text
    body = {
        "passed": "yes",
        "opinion": "符合申报资格",
        "signer": "区总",
        "decided_on": "2026-11-20",
    }
    done = district.post(decide, data=body | {"csrf_token": csrf_of(page.text, decide)})
    assert done.status_code == 303, done.text
