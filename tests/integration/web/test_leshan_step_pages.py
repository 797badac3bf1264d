"""The pages of a step 乐山's notice does not set answer as the API does [L]: a 乐山 city officer
opening (or posting) the inspection, yearly-filing or continuation-consent page of a 乐山 title
reads why there is no such step, citing the notice, not a role refusal sending them to a
县（市、区）总工会干部 who would hear the same; a Shanghai city officer on a Yangpu title reads
which union acts and the article [Y11][Y12]; finance staff are still refused by role (both
backends).

Before: 「市总工会干部无权办理此事项，须由县（市、区）总工会干部办理」 on each page, while the API
routes already let the use case answer; and the inspection and filing refusals cited nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from lifecycle.audit.model import AuditEntry
from lifecycle.citations import TITLES
from lifecycle.files.model import StoredFile
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

PDF = b"%PDF-1.4 signed"
UNSET = f"（{TITLES['L']}未作规定）"
NO_INSPECTION = f"乐山市劳模和工匠人才创新工作室没有“实地检查、整改通知及整改复查”环节{UNSET}"
NO_FILING = f"乐山市劳模和工匠人才创新工作室不实行年度自查备案{UNSET}"
NO_CONSENT = (
    f"乐山市劳模和工匠人才创新工作室不适用带头人退休后继续担任的同意登记{UNSET}；"
    "带头人变更由乐山市总工会在命名记录页的「变更带头人」中办理"
)


def _leshan_title(site: Site) -> int:
    """A 乐山 title; 乐山's city officer, county officer and city finance log in."""
    with site.uow() as u:
        tree = f.leshan_tree(u)
        honours = (f.HonourInput(Honour.CITY_MODEL_WORKER, 2016),)
        leader = f.person(u, name="乐山带头人", honours=honours, union_id=tree.unit.id)
        shop = lf.led_workshop(u, tree, leader)
        title = f.named_designation(u, tree, scheme="leshan-city", shop=shop)
        for who, role, union in (
            ("ls_city", Role.CITY_OFFICER, tree.city.id),
            ("ls_county", Role.DISTRICT_OFFICER, tree.district.id),
            ("ls_finance", Role.FINANCE, tree.city.id),
        ):
            principal, password = f.user(u, role, union)
            site.usernames[who], site.passwords[who] = principal.username, password
        u.commit()
        return title.id


def _written(site: Site) -> tuple[int, int]:
    with site.uow() as u:
        audit = u.session.scalar(select(func.count()).select_from(AuditEntry))
        files = u.session.scalar(select(func.count()).select_from(StoredFile))
    return int(audit or 0), int(files or 0)


def _posts(title_id: int) -> list[tuple[str, str, dict[str, str], dict[str, object] | None]]:
    """Each page's form as a filled-in post: (page, action, fields, files)."""
    base = f"/designations/{title_id}"
    inspection = {
        "kind": "cycle_end",
        "scheduled_on": "2026-11-25",
        "cycle_no": "",
        "place": "现场",
        "inspectors": "王",
    }
    filing = {"kind": "self_check", "year": "2026", "filed_on": "2026-11-01", "note": ""}
    consent = {
        "leader_consented_on": "2026-11-01",
        "leader_signer": "乐山带头人",
        "unit_consented_on": "2026-11-02",
        "unit_signer": "单位工会",
    }
    return [
        (f"{base}/inspections/new", f"{base}/inspections", inspection, None),
        (
            f"{base}/filings/new",
            f"{base}/filings",
            filing,
            {"upload": ("自查.pdf", PDF, "application/pdf")},
        ),
        (
            f"{base}/leader/consent",
            f"{base}/leader/consent",
            consent,
            {"file": ("同意书.pdf", PDF, "application/pdf")},
        ),
    ]


def test_a_leshan_city_officer_reads_on_each_step_page_that_its_notice_sets_none(
    site: Site,
) -> None:
    title_id = _leshan_title(site)
    said = [NO_INSPECTION, NO_FILING, NO_CONSENT]
    before = _written(site)
    for who in ("ls_city", "ls_county"):  # the same answer to both: no union does it
        browser = site.login(who)
        for (page, action, fields, files), message in zip(_posts(title_id), said, strict=True):
            shown = browser.get(page)
            assert shown.status_code == 200, (who, page, shown.text)
            assert message in shown.text, (who, page)
            assert "无权办理" not in shown.text, (who, page)
            assert "继续领衔" not in shown.text, (who, page)  # Yangpu's word [Y13]
            # No form to fill in where the notice has no such step.
            assert f'action="{action}"' not in shown.text, (who, page)
            csrf = csrf_of(browser.get("/dashboard").text)
            posted = browser.post(action, data={**fields, "csrf_token": csrf}, files=files)
            assert posted.status_code in (200, 403, 422), (who, action, posted.text)
            assert message in posted.text, (who, action)
            assert "无权办理" not in posted.text, (who, action)
    assert _written(site) == before


def test_a_leshan_assessment_page_says_its_notice_sets_none(site: Site) -> None:
    """The 考核 page of a 乐山 title is the explanation, titled 年度考核 and the title's name;
    a post is refused with the same words and writes nothing. Before: a 404 「页面不存在」 page
    above the explanation."""
    title_id = _leshan_title(site)
    said = f"乐山市劳模和工匠人才创新工作室不实行年度考核{UNSET}"
    browser = site.login("ls_city")
    page = browser.get(f"/designations/{title_id}/assessments/new")
    assert page.status_code == 200, page.text
    assert said in page.text
    assert "<title>年度考核" in page.text
    assert "<h1>年度考核 · " in page.text
    assert "页面不存在" not in page.text
    assert "错误代码" not in page.text
    assert f'href="/designations/{title_id}#assessments"' in page.text
    before = _written(site)
    csrf = csrf_of(browser.get("/dashboard").text)
    step = {"year": "2026", "step": "district", "passed": "yes", "decided_on": "2026-11-20",
            "signer": "王", "opinion": "合格", "csrf_token": csrf}  # fmt: skip
    for fields in (step, {**step, "decided_on": ""}):  # accepted as typed, or refused by a field
        posted = browser.post(f"/designations/{title_id}/assessments", data=fields)
        assert posted.status_code == 422, posted.text
        assert said in posted.text
        assert "页面不存在" not in posted.text
    assert _written(site) == before


def test_leshans_finance_is_still_refused_these_pages_by_its_role(site: Site) -> None:
    title_id = _leshan_title(site)
    browser = site.login("ls_finance")
    for page, _action, _fields, _files in _posts(title_id):
        refused = browser.get(page)
        assert refused.status_code == 403, page
        assert "财务人员无权办理此事项" in refused.text, page


def test_a_shanghai_city_officer_reads_which_union_inspects_and_files_a_yangpu_title(
    site: Site,
) -> None:
    browser = site.login("city")
    base = f"/designations/{site.designation.id}"
    inspection = browser.get(f"{base}/inspections/new")
    assert inspection.status_code == 200, inspection.text
    assert "实地检查、整改通知及整改复查应由杨浦区总工会办理" in inspection.text
    assert "第十二条" in inspection.text
    assert "无权办理此事项" not in inspection.text
    filing = browser.get(f"{base}/filings/new")
    assert filing.status_code == 200, filing.text
    assert "第十一条" in filing.text
    assert "无权办理此事项" not in filing.text
