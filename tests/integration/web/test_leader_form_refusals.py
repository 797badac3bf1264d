"""The leader pages' forms refused [Y13][S9][C 三（六）]: a choice, date or file refused
with every other bad field, a change from a page read before another's a conflict,
an event or change dated before the leader took the lead or before the naming."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from lifecycle.leaders.model import ContinuationConsent, LeaderEvent
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import EmploymentStatus
from tests import factories as f
from tests.integration.web.conftest import Site, csrf_of
from tests.integration.web.test_leader_pages import _yangpu

# An upload of a type not taken, as the field's refusal words it.
WRONG_TYPE = "不接受此类文件（只接受 PDF、PNG、JPG、JPEG、DOCX、XLSX）"


def _leader_records(site: Site, designation_id: int) -> tuple[int, int, int | None]:
    with site.uow() as u:
        events = u.session.scalar(select(func.count()).select_from(LeaderEvent))
        consents = u.session.scalar(select(func.count()).select_from(ContinuationConsent))
        d = u.designations.get(designation_id, scope=EVERYTHING)
        assert d is not None
        return int(events or 0), int(consents or 0), d.workshop.leader_person_id


def test_leader_forms_refused_for_a_choice_date_or_file_name_every_other_bad_field_too(
    site: Site,
) -> None:
    d_id = _yangpu(site)
    before = _leader_records(site, d_id)
    browser = site.login("district")
    cases = {  # form → (typed, the form's own refusal, the use case's refusals, a value kept)
        "event": (
            {"kind": "other", "occurred_on": "2026-02-30", "source": "", "details": " "},
            ("occurred_on", "发生日期有误：没有2026-02-30这一天"),
            (("source", "信息来源不能为空"), ("details", "具体情况不能为空")),
            "2026-02-30",
        ),
        "consent": (
            {"leader_consented_on": "2026-05-01", "leader_signer": "",
             "unit_consented_on": "2026-05-06", "unit_signer": "单位工会主席"},
            ("file", "请上传本人及单位签署的同意书"),
            (("leader_signer", "本人签名不能为空"),),
            "单位工会主席",
        ),
        "change": (
            {"new_leader_person_id_q": "钱", "effective_on": "2026-12-01", "reason": ""},
            ("new_leader_person_id", "请先搜索并选择新带头人"),
            (("effective_on", "生效日期不能晚于2026年11月21日"), ("reason", "变更事由不能为空")),
            "钱",
        ),
    }  # fmt: skip
    for what, (typed, (own, own_message), theirs, kept) in cases.items():
        action = f"/designations/{d_id}/leader/{what}"
        token = csrf_of(browser.get(action).text, action)
        refused = browser.post(action, data={"csrf_token": token, **typed})
        assert refused.status_code == 422, what
        assert f'id="{own}-error">{own_message}' in refused.text, what
        for field, message in theirs:
            assert f'id="{field}-error">{message}' in refused.text, (what, field)
        assert f'value="{kept}"' in refused.text, what
    action = f"/designations/{d_id}/leader/consent"
    token = csrf_of(browser.get(action).text, action)
    typed = {"leader_consented_on": "2026-05-01", "leader_signer": "冯老师",
             "unit_consented_on": "2026-05-06", "unit_signer": ""}  # fmt: skip
    wrong_file = browser.post(
        action,
        data={"csrf_token": token, **typed},
        files={"file": ("同意书.exe", b"MZ\x90\x00", "application/octet-stream")},
    )
    assert wrong_file.status_code == 422
    assert re.search(rf'id="file-error">[^<]*{WRONG_TYPE}', wrong_file.text)
    assert 'id="unit_signer-error">单位签署人不能为空' in wrong_file.text
    assert _leader_records(site, d_id) == before


def test_a_leader_change_from_a_page_read_before_anothers_is_a_conflict_not_a_second_change(
    site: Site,
) -> None:
    """Two officers opened 变更带头人 while 冯老师 led; A puts in 钱技师, then B's choice of 孙技师
    arrives from the page that still showed 冯老师: refused as a conflict with what B typed kept,
    not a second change replacing 钱技师 the same day for 冯老师's reason [Y13]."""
    d_id = _yangpu(site)
    with site.uow() as u:
        first = f.person(u, name="钱技师", birth_date=date(1980, 1, 1), union_id=site.tree.unit.id)
        second = f.person(u, name="孙技师", birth_date=date(1981, 1, 1), union_id=site.tree.unit.id)
        u.commit()
        first_id, second_id = first.id, second.id
    action = f"/designations/{d_id}/leader/change"
    a, b = site.login("district"), site.login("district")
    page_a, page_b = a.get(action).text, b.get(action).text
    version = re.search(r'name="expected_version" value="(\d+)"', page_b)
    assert version is not None
    typed = {"effective_on": "2026-11-20", "expected_version": version[1]}
    done = a.post(
        action,
        data={"csrf_token": csrf_of(page_a, action), **typed, "reason": "冯老师离职",
              "new_leader_person_id": str(first_id)},
    )  # fmt: skip
    assert done.status_code == 303, done.text
    stale = b.post(
        action,
        data={"csrf_token": csrf_of(page_b, action), **typed, "reason": "冯老师离职，改由孙技师",
              "new_leader_person_id": str(second_id)},
    )  # fmt: skip
    assert stale.status_code == 409, stale.text
    assert "该命名记录已在您打开后被修改，请刷新后重试" in stale.text
    assert "冯老师离职，改由孙技师" in stale.text  # what B typed is kept
    with site.uow() as u:
        d = u.designations.get(d_id, EVERYTHING)
        assert d is not None
        assert d.workshop.leader_person_id == first_id  # A's change stands, alone
        assert [c.new_person_id for c in u.leaders.history(d.workshop_id)] == [first_id]


def test_an_event_dated_before_the_leader_took_the_lead_is_refused_beside_its_date(
    site: Site,
) -> None:
    """A leader event befalls the leader while leading (the workshop, founded 2019-01-01 under
    them): one dated before it is refused beside its date, nothing written, the status kept."""
    d_id = _yangpu(site)
    browser = site.login("unit")
    action = f"/designations/{d_id}/leader/event"
    form = browser.get(action)
    typed = {"csrf_token": csrf_of(form.text, action), "kind": "departure",
             "source": "单位工会书面报告"}  # fmt: skip
    refused = browser.post(action, data=typed | {"occurred_on": "2018-12-31"})
    assert refused.status_code == 422
    assert 'id="occurred_on-error">发生日期不能早于冯老师开始担任带头人的日期（2019年1月1日）' in (
        refused.text
    )
    assert 'value="2018-12-31"' in refused.text
    with site.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(LeaderEvent)) == 0
        d = u.designations.get(d_id, scope=EVERYTHING)
        assert d is not None
        assert d.workshop.leader.employment_status is EmploymentStatus.EMPLOYED
    assert browser.post(action, data=typed | {"occurred_on": "2019-01-01"}).status_code == 303


def test_a_leader_change_dated_before_the_naming_or_the_present_leaders_start_is_refused(
    site: Site,
) -> None:
    """A leader change of a named title (2023-03-15) takes effect while it is held and after the
    present leader took over; before either it is refused beside the date, nothing written."""
    d_id = _yangpu(site)
    with site.uow() as u:
        first = f.person(u, name="李技师", birth_date=date(1980, 1, 1), union_id=site.tree.unit.id)
        second = f.person(u, name="周技师", birth_date=date(1981, 1, 1), union_id=site.tree.unit.id)
        u.commit()
        first_id, second_id = first.id, second.id
    browser = site.login("district")
    action = f"/designations/{d_id}/leader/change"
    form = browser.get(action)
    typed = {"csrf_token": csrf_of(form.text, action), "reason": "原带头人调离"}
    refused = browser.post(
        action, data=typed | {"effective_on": "2023-03-14", "new_leader_person_id": str(first_id)}
    )
    assert refused.status_code == 422
    assert 'id="effective_on-error">生效日期不能早于该工作室的命名日期（2023年3月15日）' in (
        refused.text
    )
    assert 'value="2023-03-14"' in refused.text
    done = browser.post(
        action, data=typed | {"effective_on": "2025-06-01", "new_leader_person_id": str(first_id)}
    )
    assert done.status_code == 303, done.text
    form = browser.get(action)
    typed["csrf_token"] = csrf_of(form.text, action)
    again = browser.post(
        action, data=typed | {"effective_on": "2025-05-31", "new_leader_person_id": str(second_id)}
    )
    assert again.status_code == 422
    said = "生效日期不能早于现任带头人开始担任带头人的日期（2025年6月1日）"
    assert f'id="effective_on-error">{said}' in again.text
    with site.uow() as u:
        d = u.designations.get(d_id, scope=EVERYTHING)
        assert d is not None
        assert d.workshop.leader_person_id == first_id
