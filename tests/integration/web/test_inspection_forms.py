"""Inspection recording by form: schedule, record the 五个有, a fail issues a numbered notice."""

from __future__ import annotations

import re

from lifecycle.schemes import get_scheme
from lifecycle.scope import EVERYTHING
from tests.integration.web.conftest import csrf_of

# An upload of a type not taken, as the field's refusal words it.
WRONG_TYPE = "不接受此类文件（只接受 PDF、PNG、JPG、JPEG、DOCX、XLSX）"

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _criteria(site) -> list[str]:
    settings = get_scheme(site.designation.scheme_code).settings
    return [c for c, _ in settings.inspection_criteria]


def _schedule(site, browser) -> int:
    d = site.designation
    form = browser.get(f"/designations/{d.id}/inspections/new")
    assert form.status_code == 200
    response = browser.post(
        f"/designations/{d.id}/inspections",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "cycle_end",
            "scheduled_on": "2026-11-20",
            "place": "上海某机械有限公司二号车间",
            "inspectors": "王干事、李干事",
        },
    )
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_a_failed_inspection_issues_a_numbered_notice_with_print_and_pdf(site):
    browser = site.login("district")
    inspection_id = _schedule(site, browser)
    page = browser.get(f"/inspections/{inspection_id}")
    # The date asked for is the inspection's own (reading 48c): the notice states it.
    assert '<label for="f-recorded_on">检查日期</label>' in page.text
    assert "整改通知据此写明检查日期" in page.text
    codes = _criteria(site)
    data = {
        "csrf_token": csrf_of(page.text),
        "recorded_on": "2026-11-21",
        "expected_version": re.search(r'name="expected_version" value="(\d+)"', page.text).group(1),
    }
    for code in codes:
        data[f"result__{code}"] = "pass"
    data[f"result__{codes[2]}"] = "fail"
    data[f"notes__{codes[2]}"] = "本年度未开展攻关项目，无年度工作计划"
    files = {f"evidence__{codes[2]}": ("现场照片.png", PNG, "image/png")}
    response = browser.post(f"/inspections/{inspection_id}/outcome", data=data, files=files)
    assert response.status_code == 303, response.text
    notice_url = response.headers["location"]
    assert re.fullmatch(r"/notices/\d+", notice_url)
    notice = browser.get(notice_url)
    assert notice.status_code == 200
    assert "杨工创〔2026〕1号" in notice.text
    assert "本年度未开展攻关项目" in notice.text
    pdf = browser.get(notice_url + ".pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    printable = browser.get(notice_url + "/print")
    assert "杨工创〔2026〕1号" in printable.text
    assert "于2026年11月21日对" in printable.text
    # The designation page now shows the failed inspection, its evidence and the open notice.
    detail = browser.get(f"/designations/{site.designation.id}")
    assert "不合格" in detail.text
    assert "杨工创〔2026〕1号" in detail.text
    assert "整改中" in detail.text
    assert "检查于 2026" in detail.text
    evidence = re.search(r'href="(/inspections/\d+/evidence/\d+)">现场照片.png', detail.text)
    assert evidence is not None
    assert browser.get(evidence.group(1)).content == PNG
    # Another district sees neither the notice nor its PDF nor the evidence.
    other = site.login("other")
    assert other.get(notice_url).status_code == 404
    assert other.get(notice_url + ".pdf").status_code == 404
    assert other.get(evidence.group(1)).status_code == 404


def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(site):
    browser = site.login("district")
    d = site.designation
    response = browser.post(
        f"/designations/{d.id}/inspections",
        data={
            "kind": "cycle_end",
            "scheduled_on": "2026-11-20",
            "place": "车间",
            "inspectors": "王干事",
        },
    )
    assert response.status_code == 403
    assert "校验码" in response.text
    forged = browser.post(
        f"/designations/{d.id}/inspections",
        data={
            "csrf_token": "forged",
            "kind": "cycle_end",
            "scheduled_on": "2026-11-20",
            "place": "车间",
            "inspectors": "王干事",
        },
    )
    assert forged.status_code == 403
    # A token of characters no token has (non-ASCII) is refused the same way, not a 500.
    odd = browser.post(
        f"/designations/{d.id}/inspections",
        data={"csrf_token": "令牌", "kind": "cycle_end", "scheduled_on": "2026-11-20"},
    )
    assert odd.status_code == 403
    assert "校验码" in odd.text
    with site.uow() as uow:
        assert list(uow.inspections.for_designation(d.id)) == []


def test_bad_scheduling_input_is_shown_beside_each_field_kept_and_nothing_written(site):
    browser = site.login("district")
    d = site.designation
    form = browser.get(f"/designations/{d.id}/inspections/new")
    response = browser.post(
        f"/designations/{d.id}/inspections",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "cycle_end",
            "scheduled_on": "2026-13-40",
            "place": "我输入的地点",
            "inspectors": "",
        },
    )
    assert response.status_code == 422
    assert 'id="scheduled_on-error"' in response.text
    assert "检查日期有误：没有2026-13-40这一天" in response.text
    assert 'value="2026-13-40"' in response.text
    assert 'value="我输入的地点"' in response.text
    # A well-formed date the rules refuse, and a missing field, each beside their field.
    response = browser.post(
        f"/designations/{d.id}/inspections",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "cycle_end",
            "scheduled_on": "2020-01-01",
            "place": "我输入的地点",
            "inspectors": "",
        },
    )
    assert response.status_code == 422
    assert re.search(r'id="scheduled_on-error">[^<]*不能早于命名日期', response.text)
    assert re.search(r'id="inspectors-error">[^<]*检查人员', response.text)
    assert 'value="我输入的地点"' in response.text
    with site.uow() as uow:
        assert list(uow.inspections.for_designation(d.id)) == []


def test_bad_outcome_input_is_shown_beside_the_criterion_and_nothing_written(site):
    browser = site.login("district")
    inspection_id = _schedule(site, browser)
    page = browser.get(f"/inspections/{inspection_id}")
    codes = _criteria(site)
    data = {"csrf_token": csrf_of(page.text), "recorded_on": "2026-11-21"}
    for code in codes[:-1]:
        data[f"result__{code}"] = "pass"
    data[f"result__{codes[0]}"] = "fail"  # failed without notes
    data[f"notes__{codes[1]}"] = "我写的意见"
    files = {f"evidence__{codes[1]}": ("说明.exe", b"MZ\x90\x00", "application/octet-stream")}
    response = browser.post(f"/inspections/{inspection_id}/outcome", data=data, files=files)
    assert response.status_code == 422
    assert re.search(rf'id="result__{codes[-1]}-error">请选择合格或不合格', response.text)
    assert re.search(rf'id="evidence__{codes[1]}-error">[^<]*{WRONG_TYPE}', response.text)
    assert "我写的意见" in response.text
    # Radios and the failed criterion without notes: the rules' refusal lands beside the notes.
    data[f"result__{codes[-1]}"] = "pass"
    response = browser.post(f"/inspections/{inspection_id}/outcome", data=data)
    assert response.status_code == 422
    assert re.search(rf'id="notes__{codes[0]}-error">不合格项目必须填写检查意见', response.text)
    assert re.search(rf'name="result__{codes[0]}" value="fail" checked', response.text)
    with site.uow() as uow:
        inspection = uow.inspections.get(inspection_id, scope=EVERYTHING)
        assert inspection.result is None
        assert list(inspection.outcomes) == []
        assert list(uow.notices.for_designation(site.designation.id)) == []


def test_a_refused_outcome_names_each_chosen_evidence_file_to_choose_again(site):
    """A browser never refills a file field: the page says which chosen file was not uploaded."""
    browser = site.login("district")
    inspection_id = _schedule(site, browser)
    page = browser.get(f"/inspections/{inspection_id}")
    codes = _criteria(site)
    data = {"csrf_token": csrf_of(page.text), "recorded_on": "2026-11-21"}
    for code in codes:
        data[f"result__{code}"] = "pass"
    data[f"result__{codes[0]}"] = "fail"  # failed without notes: refused
    files = {
        f"evidence__{codes[2]}": ("现场照片.png", PNG, "image/png"),
        f"evidence__{codes[1]}": ("说明.exe", b"MZ\x90\x00", "application/octet-stream"),
    }
    response = browser.post(f"/inspections/{inspection_id}/outcome", data=data, files=files)
    assert response.status_code == 422
    assert re.search(rf'id="notes__{codes[0]}-error">不合格项目必须填写检查意见', response.text)
    assert re.search(
        rf'id="evidence__{codes[2]}-unsaved">所选文件「现场照片.png」未上传（表单未提交成功），请重新选择',
        response.text,
    )
    # The refused file is said once, by its own error, not asked for again.
    assert re.search(rf'id="evidence__{codes[1]}-error">[^<]*{WRONG_TYPE}', response.text)
    assert f'id="evidence__{codes[1]}-unsaved"' not in response.text
    with site.uow() as uow:
        inspection = uow.inspections.get(inspection_id, scope=EVERYTHING)
        assert inspection.result is None
        assert list(inspection.evidence) == []


def test_a_schedule_refused_for_its_kind_and_date_names_the_missing_fields_too(site):
    browser = site.login("district")
    d = site.designation
    form = browser.get(f"/designations/{d.id}/inspections/new")
    response = browser.post(
        f"/designations/{d.id}/inspections",
        data={
            "csrf_token": csrf_of(form.text),
            "kind": "",
            "scheduled_on": "2026-13-40",
            "place": "  ",
            "inspectors": "王干事、李干事",
        },
    )
    assert response.status_code == 422
    assert 'id="kind-error">请选择检查类别' in response.text
    assert 'id="scheduled_on-error">检查日期有误：没有2026-13-40这一天' in response.text
    assert 'id="place-error">检查地点不能为空' in response.text
    assert 'id="inspectors-error"' not in response.text
    assert 'value="2026-13-40"' in response.text
    assert 'value="王干事、李干事"' in response.text
    with site.uow() as uow:
        assert list(uow.inspections.for_designation(d.id)) == []


def test_an_outcome_refused_for_its_date_and_a_result_names_the_missing_notes_too(site):
    browser = site.login("district")
    inspection_id = _schedule(site, browser)
    page = browser.get(f"/inspections/{inspection_id}")
    codes = _criteria(site)
    data = {"csrf_token": csrf_of(page.text), "recorded_on": "2026-11-31", "summary": "总体尚可"}
    for code in codes[1:-1]:
        data[f"result__{code}"] = "pass"
    data[f"result__{codes[0]}"] = "fail"  # failed without notes; the last has no result
    response = browser.post(f"/inspections/{inspection_id}/outcome", data=data)
    assert response.status_code == 422
    assert 'id="recorded_on-error">检查日期有误：没有2026-11-31这一天' in response.text
    assert f'id="result__{codes[-1]}-error">请选择合格或不合格' in response.text
    assert f'id="notes__{codes[0]}-error">不合格项目必须填写检查意见' in response.text
    assert 'value="2026-11-31"' in response.text
    assert "总体尚可" in response.text
    assert re.search(rf'name="result__{codes[0]}" value="fail" checked', response.text)
    with site.uow() as uow:
        inspection = uow.inspections.get(inspection_id, scope=EVERYTHING)
        assert inspection.result is None
        assert list(inspection.outcomes) == []
        assert list(uow.notices.for_designation(site.designation.id)) == []


def test_an_outcome_posted_from_a_page_read_before_anothers_shows_the_refusal_and_what_was_typed(
    site,
):
    """Two officers opened the recording form; A records 合格, then B's 不合格 arrives on the
    version A's page showed too: B sees the conflict and the results and notes B typed (not the
    bare recorded result as if B's had been saved), and A's result stands."""
    first, second = site.login("district"), site.login("district")
    inspection_id = _schedule(site, first)
    url = f"/inspections/{inspection_id}"
    page_a, page_b = first.get(url).text, second.get(url).text
    version = re.search(r'name="expected_version" value="(\d+)"', page_b)
    assert version is not None
    codes = _criteria(site)
    typed = {"recorded_on": "2026-11-21", "expected_version": version[1]}
    passed = typed | {f"result__{c}": "pass" for c in codes}
    done = first.post(f"{url}/outcome", data={"csrf_token": csrf_of(page_a), **passed})
    assert done.status_code == 303, done.text
    failed = passed | {
        f"result__{codes[1]}": "fail",
        f"notes__{codes[1]}": "团队成员仅两人，不足三人",
        "summary": "创新团队不合格，须限期整改",
    }
    refused = second.post(f"{url}/outcome", data={"csrf_token": csrf_of(page_b), **failed})
    assert refused.status_code == 409, refused.text
    assert "提交未成功" in refused.text
    with site.uow() as u:
        recorded = u.inspections.get(inspection_id, EVERYTHING)
        assert recorded is not None
        who = recorded.recorded_by
    assert f"该次检查结果已由{who}于2026年11月21日登记（合格），不能重复登记" in refused.text
    assert "团队成员仅两人，不足三人" in refused.text  # B's notes, not lost
    assert "创新团队不合格，须限期整改" in refused.text
    with site.uow() as u:
        inspection = u.inspections.get(inspection_id, EVERYTHING)
        assert inspection is not None
        assert inspection.result == "pass"  # A's result stands
        assert u.notices.open_for_designation(site.designation.id) is None


def test_a_withdrawal_posted_after_anothers_recording_shows_the_refusal_and_the_reason(site):
    """A withdrawal from a page read before another officer recorded the result is refused with
    its message and the reason typed shown above the recorded result, not dropped silently."""
    first, second = site.login("district"), site.login("district")
    inspection_id = _schedule(site, first)
    url = f"/inspections/{inspection_id}"
    page_a, page_b = first.get(url).text, second.get(url).text
    version = re.search(r'name="expected_version" value="(\d+)"', page_b)
    assert version is not None
    passed = {f"result__{c}": "pass" for c in _criteria(site)}
    data = {"csrf_token": csrf_of(page_a), "recorded_on": "2026-11-21", **passed}
    assert first.post(f"{url}/outcome", data=data).status_code == 303
    typed = {"withdraw_reason": "管理周期选错，撤销重排", "expected_version": version[1]}
    refused = second.post(f"{url}/withdrawal", data={"csrf_token": csrf_of(page_b), **typed})
    assert refused.status_code == 409, refused.text  # a state conflict, as 改期 answers
    assert "提交未成功" in refused.text
    assert "管理周期选错，撤销重排" in refused.text
    with site.uow() as u:
        inspection = u.inspections.get(inspection_id, EVERYTHING)
        assert inspection is not None
        assert inspection.result == "pass"
