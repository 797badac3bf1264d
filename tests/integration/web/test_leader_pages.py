"""Leader pages: record an event, Yangpu consent through the form, leader change chosen by
search without script, the 附件3 form from an event, retiring leaders, the person page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, select

from lifecycle.leaders.model import ContinuationConsent, LeaderEvent
from lifecycle.occasions.model import OccasionKind as K
from lifecycle.occasions.model import OccasionStatus as St
from lifecycle.occasions.service import occasions_for_designation
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import DesignationStatus, EmploymentStatus, Honour
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

PDF = b"%PDF-1.4 consent"
CRAFTSMAN = (f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)


def _yangpu(site: Site, name: str = "冯老师", born: date = date(1966, 1, 15)) -> int:
    with site.uow() as u:
        leader = f.person(u, name=name, birth_date=born, union_id=site.tree.unit.id)
        d = f.named_designation(u, site.tree, shop=lf.led_workshop(u, site.tree, leader))
        u.commit()
        return d.id


def _consent_kinds(site: Site, designation_id: int, as_of: date) -> list[tuple[date, St]]:
    with site.uow() as u:
        found = occasions_for_designation(u, designation_id, as_of, scope=EVERYTHING)
        return [(o.due_on, o.status) for o in found if o.kind is K.LEADER_CONSENT_MISSING]


def test_yangpu_consent_through_the_form_keeps_the_title_with_no_open_occasion(site: Site) -> None:
    # Born 1966-01-15, a man: legal retirement 2026-05-15 (60 years 4 months).
    with_consent, without = _yangpu(site), _yangpu(site, "褚师傅")
    assert _consent_kinds(site, without, date(2026, 5, 15)) == [(date(2026, 5, 15), St.DUE)]
    assert _consent_kinds(site, without, date(2026, 5, 16)) == [(date(2026, 5, 15), St.OVERDUE)]

    browser = site.login("district")
    page = browser.get(f"/designations/{with_consent}")
    assert 'id="leader"' in page.text
    assert "现任带头人" in page.text
    assert "历任带头人" in page.text
    assert "法定退休日期 2026年5月15日（60岁4个月）" in page.text
    assert "登记退休后继续领衔同意" in page.text
    action = f"/designations/{with_consent}/leader/consent"
    form = browser.get(action)
    fields = {"leader_consented_on": "2026-05-01", "leader_signer": "冯老师",
              "unit_consented_on": "2026-05-06", "unit_signer": ""}  # fmt: skip
    refused = browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), **fields},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
    )
    assert refused.status_code == 422
    assert 'id="unit_signer-error"' in refused.text
    assert 'value="冯老师"' in refused.text  # what was typed is kept
    done = browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), **fields, "unit_signer": "单位工会主席"},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
    )
    assert done.status_code == 303, done.text
    with site.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(ContinuationConsent)) == 1
        d = u.designations.get(with_consent, scope=EVERYTHING)
        assert d is not None
        assert d.status is DesignationStatus.NAMED
    assert _consent_kinds(site, with_consent, date(2026, 11, 21)) == [(date(2026, 5, 15), St.DONE)]
    assert _consent_kinds(site, without, date(2026, 11, 21)) == [(date(2026, 5, 15), St.OVERDUE)]


def test_a_recorded_consent_is_not_offered_again(site: Site) -> None:
    # Once the present leader's consent is on record the page offers no second one and the form
    # says so, instead of taking the signatures and the file and refusing them at the end [Y13].
    d_id = _yangpu(site)
    browser = site.login("district")
    action = f"/designations/{d_id}/leader/consent"
    form = browser.get(action)
    fields = {"leader_consented_on": "2026-05-01", "leader_signer": "冯老师",
              "unit_consented_on": "2026-05-06", "unit_signer": "单位工会主席"}  # fmt: skip
    done = browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), **fields},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
    )
    assert done.status_code == 303, done.text
    page = browser.get(f"/designations/{d_id}")
    assert f'href="{action}"' not in page.text
    again = browser.get(action)
    assert "已登记带头人冯老师继续领衔的同意" in again.text
    assert 'name="leader_signer"' not in again.text
    refused = browser.post(
        action,
        data={"csrf_token": csrf_of(page.text), **fields},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
    )
    assert refused.status_code == 422
    assert "已登记带头人冯老师继续领衔的同意" in refused.text
    with site.uow() as u:
        count = select(func.count()).select_from(ContinuationConsent)
        assert u.session.scalar(count.where(ContinuationConsent.designation_id == d_id)) == 1


def test_no_consent_form_for_a_leader_years_from_retirement(site: Site) -> None:
    # Born 1980: legal retirement in the 2040s, so a consent to continue is not for now [Y13].
    young = _yangpu(site, "韩师傅", date(1980, 3, 2))
    browser = site.login("district")
    page = browser.get(f"/designations/{young}")
    assert page.status_code == 200
    assert "法定退休日期" in page.text
    assert "登记退休后继续领衔同意" not in page.text
    form = browser.get(f"/designations/{young}/leader/consent")
    assert "起可登记退休后继续领衔同意" in form.text
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条" in form.text


def test_the_unit_contact_records_a_death_and_the_change_form_starts_from_it(site: Site) -> None:
    with site.uow() as u:
        old = f.person(u, name="周工匠", honours=CRAFTSMAN, union_id=site.tree.unit.id)
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman", leader=old)
        u.commit()
        d_id, old_id = d.id, old.id
    browser = site.login("unit")
    action = f"/designations/{d_id}/leader/event"
    form = browser.get(action)
    assert form.status_code == 200
    assert "<h1>登记领衔人情况</h1>" in form.text  # the craftsman notice's word [C 三（六）]
    assert "现任领衔人：周工匠" in form.text
    assert "带头人" not in form.text
    bad = browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), "kind": "death",
              "occurred_on": "2026-06-01", "source": ""},
    )  # fmt: skip
    assert bad.status_code == 422
    assert 'id="source-error"' in bad.text
    ok = browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), "kind": "death",
              "occurred_on": "2026-06-01", "source": "单位工会书面报告"},
    )  # fmt: skip
    assert ok.status_code == 303
    with site.uow() as u:
        person = u.persons.get(old_id, scope=EVERYTHING)
        assert person is not None
        assert person.employment_status is EmploymentStatus.DECEASED
        assert u.session.scalar(select(func.count()).select_from(LeaderEvent)) == 1
    page = browser.get(f"/designations/{d_id}")
    # One duty asked of two unions: each line names the union it asks (either filing settles
    # both), and each union's 我的待办 holds only its own line [C 三（六）].
    assert "请所在单位工会报送管理变更申请（附件3）（任一方报送即办结）" in page.text
    assert "请区局（产业）工会报送管理变更申请（附件3）（任一方报送即办结）" in page.text
    assert page.text.count("报送管理变更申请（附件3）（任一方报送即办结）") == 2
    mine = browser.get("/todo", params={"mine": "1", "kind": "change_request_due"}).text
    assert "共 1 项" in mine
    assert "请所在单位工会报送" in mine
    assert "请区局（产业）工会报送" not in mine
    district = site.login("district").get("/todo", params={"mine": "1"}).text
    assert "请区局（产业）工会报送" in district
    assert "请所在单位工会报送" not in district
    link = re.search(r'href="(/designations/\d+/changes/new\?event=\d+)"', page.text)
    assert link is not None
    filing = browser.get(link.group(1))
    assert '<option value="deceased" selected>' in filing.text
    assert "于2026年6月1日已故" in filing.text
    assert "引用的领衔人情况记录" in filing.text
    assert "带头人" not in filing.text
    designation_page = page.text.split('id="leader"')[1].split("</section>")[0]
    assert "现任领衔人" in designation_page
    assert "历任领衔人" in designation_page
    assert "带头人" not in designation_page


def test_leader_change_picks_the_new_leader_by_search_without_script(site: Site) -> None:
    d_id = _yangpu(site)
    with site.uow() as u:
        good = f.person(u, name="钱技师", birth_date=date(1980, 1, 1), union_id=site.tree.unit.id)
        weak = f.person(
            u, name="钱学徒", birth_date=date(1990, 1, 1), honours=(), union_id=site.tree.unit.id,
            skill_level=f.SkillLevel.SENIOR_WORKER,
        )  # fmt: skip
        f.person(u, name="钱外区", union_id=site.tree.other_district.id)
        u.commit()
        good_id, weak_id = good.id, weak.id
    browser = site.login("district")
    action = f"/designations/{d_id}/leader/change"
    form = browser.get(action)
    assert 'data-person-picker="new_leader_person_id"' in form.text
    assert '<script src="/static/person-picker.js" defer></script>' in form.text
    typed = {"csrf_token": csrf_of(form.text, action), "effective_on": "2026-11-20",
             "reason": "原带头人超龄且未同意继续领衔", "new_leader_person_id_q": "钱"}  # fmt: skip
    found = browser.post(action, data={**typed, "picker": "new_leader_person_id"})
    assert found.status_code == 200
    assert f'value="{good_id}"' in found.text
    assert f'value="{weak_id}"' in found.text
    assert "钱外区" not in found.text  # another district's person is out of scope
    assert "原带头人超龄且未同意继续领衔" in found.text
    refused = browser.post(action, data={**typed, "new_leader_person_id": str(weak_id)})
    assert refused.status_code == 422
    assert 'id="new_leader_person_id-error"' in refused.text
    assert "不符合" in refused.text
    done = browser.post(action, data={**typed, "new_leader_person_id": str(good_id)})
    assert done.status_code == 303, done.text
    page = browser.get(f"/designations/{d_id}")
    # Yangpu's rules say 带头人 [Y3][Y8][Y13], not Shanghai's 领衔人, on the leader timeline too.
    assert "带头人变更：冯老师 → 钱技师" in page.text
    assert "领衔人变更" not in page.text
    assert "工作室创建时的带头人" in page.text
    assert '· 带头人：<a href="#leader">' in page.text
    # The title is named after the old leader [Y8]: kept as named, the renamed form is shown.
    assert "称号以原带头人冯老师命名" in page.text
    assert "「钱技师创新工作室" in page.text
    assert "至今" in page.text
    # The unit contact may not change a leader.
    assert site.login("unit").get(action).status_code == 403


def test_retiring_leaders_page_person_page_and_excel(site: Site) -> None:
    d_id = _yangpu(site, "卫师傅", date(1967, 1, 10))  # 60 years 7 months: 2027-08-10
    browser = site.login("district")
    page = browser.get(f"/leaders/retiring?union_id={site.tree.district.id}&months=12")
    assert page.status_code == 200
    assert "卫师傅" in page.text
    assert "2027年8月10日（60岁7个月）" in page.text
    assert f'href="/designations/{d_id}#leader"' in page.text
    # Only a Yangpu title listed: its word alone [Y3], beside the name too.
    assert "<th>带头人</th>" in page.text
    assert '卫师傅</a><div class="muted">带头人</div>' in page.text
    short = browser.get(f"/leaders/retiring?union_id={site.tree.district.id}&months=6")
    assert "卫师傅" not in short.text
    xlsx = browser.get(f"/leaders/retiring.xlsx?union_id={site.tree.district.id}")
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")
    person = re.search(r'href="(/persons/\d+)"', page.text)
    assert person is not None
    shown = browser.get(person.group(1))
    assert "法定退休日期 2027年8月10日" in shown.text
    assert site.login("other").get(person.group(1)).status_code == 404


def _retiring_soon(site: Site, count: int) -> list[int]:
    """``count`` Yangpu titles whose leaders, men born a day apart from 1966-12-01, retire from
    2027-06-01 (60 years 6 months; born in January 1967: 60 years 7 months) in that order."""
    with site.uow() as u:
        made = []
        for i in range(count):
            born = date(1966, 12, 1) + timedelta(days=i)
            leader = f.person(u, name=f"退休{i:02d}", birth_date=born, union_id=site.tree.unit.id)
            shop = lf.led_workshop(u, site.tree, leader, members=0)
            made.append(f.named_designation(u, site.tree, shop=shop).id)
        u.commit()
        return made


def _rows(html: str) -> list[int]:
    """The designation ids of the list's rows, in order."""
    return [int(i) for i in dict.fromkeys(re.findall(r'href="/designations/(\d+)#leader"', html))]


def test_the_retiring_list_is_paged_50_a_page_keeping_its_filters(site: Site) -> None:
    made = _retiring_soon(site, 52)  # 31 retire in June 2027, 21 in August 2027
    district = site.tree.district.id
    browser = site.login("district")
    first = browser.get(f"/leaders/retiring?union_id={district}&months=12")
    assert first.status_code == 200
    assert "共 52 条，第 1–50 条" in first.text
    assert _rows(first.text) == made[:50]
    assert "2027年6月1日（60岁6个月）" in first.text
    kept = f"union_id={district}&amp;months=12"
    assert f'href="?{kept}&amp;page=2" rel="next"' in first.text
    assert 'rel="prev"' not in first.text

    second = browser.get(f"/leaders/retiring?union_id={district}&months=12&page=2")
    assert "共 52 条，第 51–52 条" in second.text
    assert _rows(second.text) == made[50:]
    assert "2027年8月21日（60岁7个月）" in second.text
    assert f'href="?{kept}&amp;page=1" rel="prev"' in second.text
    assert 'rel="next"' not in second.text

    # Past the last page: an empty page with the total and the way back, as on the other lists.
    beyond = browser.get(f"/leaders/retiring?union_id={district}&months=12&page=9")
    assert beyond.status_code == 200
    assert "共 52 条。" in beyond.text
    assert _rows(beyond.text) == []
    assert "本页没有记录" in beyond.text
    assert f'href="?{kept}&amp;page=8" rel="prev"' in beyond.text

    # A shorter horizon (to 2027-07-21) is one page: June's 31, no pager.
    short = browser.get(f"/leaders/retiring?union_id={district}&months=8&page=1")
    assert "共 31 条，第 1–31 条" in short.text
    assert _rows(short.text) == made[:31]
    assert 'rel="next"' not in short.text
    assert 'rel="prev"' not in short.text
    # The other district sees none of them.
    other = site.login("other").get("/leaders/retiring?months=12")
    assert "共 0 条。" in other.text
    assert "期限内无达到法定退休年龄的带头人" in other.text

    # The Excel export is the whole list, in the same order.
    xlsx = browser.get(f"/leaders/retiring.xlsx?union_id={district}&months=12")
    ws = load_workbook(BytesIO(xlsx.content)).worksheets[0]
    names = [row[4] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert names == [f"退休{i:02d}" for i in range(52)]


def test_a_leader_retiring_early_is_asked_for_the_consent_at_once_on_the_page(site: Site) -> None:
    # Born 1980 (legal retirement 2043), retired on 2026-11-02 all the same: the unit records it,
    # the district is asked for the consent or a change from that day and may record the
    # consent now [Y13] (reading 42a).
    d_id = _yangpu(site, "提前退休师傅", date(1980, 3, 2))
    unit = site.login("unit")
    action = f"/designations/{d_id}/leader/event"
    form = unit.get(action)
    assert "超过法定退休年龄或提前退休后，可登记本人愿意继续领衔及所在单位同意" in form.text
    recorded = unit.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), "kind": "retirement",
              "occurred_on": "2026-11-02", "source": "单位工会书面报告（2026-11-04）"},
    )  # fmt: skip
    assert recorded.status_code == 303, recorded.text
    district = site.login("district")
    page = district.get(f"/designations/{d_id}").text
    owed = page.split('id="occasions"', 1)[1].split("</section>", 1)[0]
    assert "带头人提前退休师傅已于2026年11月2日退休（未到法定退休年龄，提前退休）" in owed
    assert "否则须变更带头人" in owed
    consent = f"/designations/{d_id}/leader/consent"
    assert f'href="{consent}"' in page
    shown = district.get(consent)
    assert "起可登记" not in shown.text
    assert "未到法定退休年龄提前退休的带头人同样办理" in shown.text
    fields = {"leader_consented_on": "2026-11-05", "leader_signer": "提前退休师傅",
              "unit_consented_on": "2026-11-06", "unit_signer": "单位工会主席"}  # fmt: skip
    done = district.post(
        consent,
        data={"csrf_token": csrf_of(shown.text, consent), **fields},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
    )
    assert done.status_code == 303, done.text
    assert _consent_kinds(site, d_id, date(2026, 11, 21)) == [(date(2026, 11, 2), St.DONE)]


def test_a_successor_past_the_legal_age_is_confirmed_on_the_form_before_the_change(
    site: Site,
) -> None:
    """Reading 43b on the page: the officer reads the [Y13] warning before anything is written,
    keeps what was typed, and confirms that person on that date; a new choice is checked anew."""
    d_id = _yangpu(site)
    with site.uow() as u:
        old = f.person(
            u, name="方师傅", gender=f.Gender.FEMALE, birth_date=date(1970, 7, 7),
            union_id=site.tree.unit.id,
        )  # fmt: skip
        u.commit()
        old_id = old.id
    browser = site.login("district")
    action = f"/designations/{d_id}/leader/change"
    typed = {"csrf_token": csrf_of(browser.get(action).text, action), "effective_on": "2026-11-01",
             "reason": "原带头人调离", "new_leader_person_id": str(old_id)}  # fmt: skip
    warned = browser.post(action, data=typed)
    assert warned.status_code == 200
    assert 'id="successor-warning"' in warned.text
    assert "新带头人方师傅接任时（2026年11月1日）已达到法定退休年龄（2020年7月7日）" in warned.text
    assert "第十三条" in warned.text
    assert "原带头人调离" in warned.text  # what was typed is kept
    assert "仍确认变更" in warned.text
    choice = re.search(r'name="confirmed_choice" value="([^"]+)"', warned.text)
    assert choice is not None
    with site.uow() as u:
        d = u.designations.get(d_id, scope=EVERYTHING)
        assert d is not None
        assert d.workshop.leader.name == "冯老师"  # nothing written yet
    moved = browser.post(action, data={**typed, "effective_on": "2026-11-02",
                                       "confirmed_choice": choice.group(1)})  # fmt: skip
    assert moved.status_code == 200  # another date: asked again
    assert "（2026年11月2日）" in moved.text
    done = browser.post(action, data={**typed, "confirmed_choice": choice.group(1)})
    assert done.status_code == 303, done.text
    with site.uow() as u:
        d = u.designations.get(d_id, scope=EVERYTHING)
        assert d is not None
        assert d.workshop.leader.name == "方师傅"
