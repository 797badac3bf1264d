"""Pages: resubmit or withdraw a 附件3 request (errors beside fields, input kept); contacts."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from lifecycle.changes.model import ChangeMeasure, ChangeRequestStatus, ChangeStep
from lifecycle.changes.service import SendBack, approve_step, send_back
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import UnionContact
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of


def _returned(site: Site) -> int:
    """A request filed by the unit, agreed by it, sent back by the district on 12 June."""
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        request = lf.file_request(u, site.tree, d, measure=ChangeMeasure.EXIT_KEEPING_TITLE)
        cmd = lf.decision(request, ChangeStep.UNIT, site.tree.unit.id)
        approve_step(u, cmd, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
        back = SendBack(
            request.id, ChangeStep.DISTRICT, site.tree.district.id, date(2026, 6, 12), "王部长",
            "请补充退休证明",
        )  # fmt: skip
        send_back(u, back, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING)
        u.commit()
        return request.id


def _state(site: Site, request_id: int) -> tuple[ChangeRequestStatus, int, str]:
    with site.uow() as u:
        r = u.change_requests.get(request_id, scope=EVERYTHING)
        assert r is not None
        return r.status, r.round, r.reason_details


def test_a_returned_request_is_amended_and_resubmitted_through_its_page(site: Site) -> None:
    request_id = _returned(site)
    browser = site.login("unit")
    detail = browser.get(f"/changes/{request_id}")
    assert f'href="/changes/{request_id}/resubmit"' in detail.text
    page = browser.get(f"/changes/{request_id}/resubmit")
    assert page.status_code == 200
    assert "请补充退休证明" in page.text  # the send-back reason is shown above the form
    assert "领衔工匠已于2026年5月退休" in page.text  # the current details are the default
    action = f"/changes/{request_id}/resubmit"
    token = csrf_of(page.text, action)
    version = re.search(r'name="expected_version" value="(\d+)"', page.text)
    assert version is not None
    typed = {
        "csrf_token": token,
        "expected_version": version.group(1),
        "reason": "retired",
        "reason_details": "已补充退休证明复印件",
        "measure": "",
        "resubmitted_on": "2026-13-01",
        "signer": "赵主席（修改）",
    }
    bad = browser.post(action, data=typed)
    assert bad.status_code == 422
    assert "重新提交日期有误：没有2026-13-01这一天" in bad.text
    assert "请选择拟采取的措施" in bad.text
    assert 'value="赵主席（修改）"' in bad.text  # what the user typed is kept
    assert "已补充退休证明复印件" in bad.text
    assert 'aria-invalid="true" aria-describedby="resubmitted_on-error"' in bad.text
    early = browser.post(
        action, data={**typed, "measure": "exit_keeping_title", "resubmitted_on": "2026-06-11"}
    )
    assert early.status_code == 422
    assert 'id="resubmitted_on-error">重新提交日期不能早于退回日期（2026年6月12日）' in early.text
    assert _state(site, request_id) == (
        ChangeRequestStatus.RETURNED,
        1,
        "领衔工匠已于2026年5月退休",
    )
    done = browser.post(
        action, data={**typed, "measure": "exit_keeping_title", "resubmitted_on": "2026-11-20"}
    )
    assert done.status_code == 303, done.text
    assert _state(site, request_id) == (ChangeRequestStatus.PENDING_UNIT, 2, "已补充退休证明复印件")
    closed = browser.get(action)
    assert "只有已退回的申请可以修改后重新提交" in closed.text


def test_an_open_request_is_withdrawn_with_a_reason_beside_the_field(site: Site) -> None:
    request_id = _returned(site)
    assert site.login("finance").get(f"/changes/{request_id}/withdraw").status_code == 403
    assert site.login("other").get(f"/changes/{request_id}/withdraw").status_code == 404
    browser = site.login("district")
    page = browser.get(f"/changes/{request_id}/withdraw")
    assert page.status_code == 200
    action = f"/changes/{request_id}/withdraw"
    token = csrf_of(page.text, action)
    empty = browser.post(
        action,
        data={"csrf_token": token, "reason": "", "withdrawn_on": "2026-11-20", "signer": "王"},
    )
    assert empty.status_code == 422
    assert 'id="reason-error">撤回理由不能为空' in empty.text
    assert 'value="王"' in empty.text
    assert _state(site, request_id)[0] is ChangeRequestStatus.RETURNED
    forged = browser.post(
        action, data={"reason": "x", "withdrawn_on": "2026-11-20", "signer": "王"}
    )
    assert forged.status_code == 403
    done = browser.post(
        action,
        data={
            "csrf_token": token,
            "reason": "工作室撤销",
            "withdrawn_on": "2026-11-20",
            "signer": "王",
        },
    )
    assert done.status_code == 303, done.text
    assert _state(site, request_id)[0] is ChangeRequestStatus.WITHDRAWN
    assert "该申请已办结，不能撤回" in browser.get(action).text


def test_amending_forms_refused_for_a_choice_or_date_name_every_other_bad_field_too(
    site: Site,
) -> None:
    request_id = _returned(site)
    browser = site.login("unit")
    action = f"/changes/{request_id}/resubmit"
    page = browser.get(action)
    typed = {
        "csrf_token": csrf_of(page.text, action),
        "reason": "retired",
        "reason_details": "",
        "measure": "",
        "resubmitted_on": "2026-11-20",
        "signer": " ",
    }
    refused = browser.post(action, data=typed)
    assert refused.status_code == 422
    for field, message in (
        ("measure", "请选择拟采取的措施"),
        ("reason_details", "申请原因具体情况不能为空"),
        ("signer", "填报人不能为空"),
    ):
        assert f'id="{field}-error">{message}' in refused.text
    assert 'value="2026-11-20"' in refused.text
    withdrawing = site.login("district")
    action = f"/changes/{request_id}/withdraw"
    page = withdrawing.get(action)
    sent = {"reason": "", "withdrawn_on": "2026-11-31", "signer": "王部长"}
    refused = withdrawing.post(action, data={"csrf_token": csrf_of(page.text, action), **sent})
    assert refused.status_code == 422
    assert 'id="withdrawn_on-error">撤回日期有误：没有2026-11-31这一天' in refused.text
    assert 'id="reason-error">撤回理由不能为空' in refused.text
    assert 'value="2026-11-31"' in refused.text
    assert 'value="王部长"' in refused.text
    assert _state(site, request_id) == (
        ChangeRequestStatus.RETURNED,
        1,
        "领衔工匠已于2026年5月退休",
    )


def _contact(site: Site) -> int:
    with site.uow() as u:
        found = u.session.scalars(
            select(UnionContact.id).where(UnionContact.union_id == site.tree.district.id)
        ).first()
        assert found is not None
        return found


def test_admin_removes_a_contact_with_the_csrf_token_and_the_audit_names_them(site: Site) -> None:
    contact_id = _contact(site)
    action = f"/admin/unions/{site.tree.district.id}/contacts/{contact_id}/remove"
    officer = site.login("district")
    token = csrf_of(officer.get("/dashboard").text, "/logout")
    assert officer.post(action, data={"csrf_token": token}).status_code == 403
    browser = site.login("admin")
    listed = browser.get("/admin/contacts").text
    assert f'action="{action}"' not in listed  # no one-click removal in the list
    page = browser.get(f"/admin/contacts/{contact_id}/edit")  # 修改或删除: the removal is here
    assert f'action="{action}"' in page.text
    assert "删除后不再向" in page.text
    assert browser.post(action, data={}).status_code == 403  # no CSRF token
    with site.uow() as u:
        assert u.session.get(UnionContact, contact_id) is not None
    done = browser.post(action, data={"csrf_token": csrf_of(page.text, action)})
    assert done.status_code == 303
    assert done.headers["location"] == "/admin/contacts?removed=1"
    assert "联系人已删除" in browser.get(done.headers["location"]).text
    with site.uow() as u:
        assert u.session.get(UnionContact, contact_id) is None
        entry = u.audit.for_record("union_contacts", contact_id)[-1]
        admin = u.accounts.user_by_username(site.usernames["admin"])
        assert admin is not None
        assert (entry.action, entry.user_id) == ("delete", admin.id)
    assert f'id="contact-{contact_id}"' not in browser.get("/admin/contacts").text
    gone = browser.post(action, data={"csrf_token": csrf_of(page.text, action)})
    assert gone.status_code == 404


def test_a_removal_from_a_page_shown_before_a_correction_is_refused(site: Site) -> None:
    contact_id = _contact(site)
    action = f"/admin/unions/{site.tree.district.id}/contacts/{contact_id}/remove"
    browser = site.login("admin")
    page = browser.get(f"/admin/contacts/{contact_id}/edit").text
    shown = re.search(
        r'action="' + re.escape(action) + r'">.*?name="expected_version" value="(\d+)"', page, re.S
    )
    assert shown is not None  # the removal form sends the version it showed
    # Meanwhile another administrator corrects the contact (its version moves on).
    other = site.login("admin")
    edit = f"/admin/contacts/{contact_id}/edit"
    form = other.get(edit).text
    version = re.search(r'name="expected_version" value="(\d+)"', form)
    assert version is not None
    saved = other.post(
        edit,
        data={"csrf_token": csrf_of(form, edit), "expected_version": version.group(1),
              "name": "王联系人", "email": "wang.new@unit.example.cn", "role": "chair"},
    )  # fmt: skip
    assert saved.status_code == 303, saved.text
    stale = browser.post(
        action, data={"csrf_token": csrf_of(page, action), "expected_version": shown.group(1)}
    )
    assert stale.status_code == 409
    assert "该联系人已在您打开后被修改，请刷新后重试" in stale.text
    with site.uow() as u:
        assert u.session.get(UnionContact, contact_id) is not None
    fresh = browser.get(f"/admin/contacts/{contact_id}/edit").text
    current = re.search(
        r'action="' + re.escape(action) + r'">.*?name="expected_version" value="(\d+)"', fresh, re.S
    )
    assert current is not None
    assert current.group(1) != shown.group(1)
    done = browser.post(
        action, data={"csrf_token": csrf_of(fresh, action), "expected_version": current.group(1)}
    )
    assert done.status_code == 303
    with site.uow() as u:
        assert u.session.get(UnionContact, contact_id) is None


def test_a_resubmission_dated_before_the_return_is_said_with_the_other_faults(
    site: Site,
) -> None:
    """Every bad field at once: a date before the return (2026-06-12) beside the date, with
    the measure not chosen and the signer left out; nothing written [C 三（六）]."""
    request_id = _returned(site)
    browser = site.login("unit")
    action = f"/changes/{request_id}/resubmit"
    page = browser.get(action)
    version = re.search(r'name="expected_version" value="(\d+)"', page.text)
    assert version is not None
    refused = browser.post(
        action,
        data={"csrf_token": csrf_of(page.text, action), "expected_version": version.group(1),
              "reason": "retired", "reason_details": "已补充退休证明复印件", "measure": "",
              "resubmitted_on": "2026-06-11", "signer": ""},
    )  # fmt: skip
    assert refused.status_code == 422
    said = "重新提交日期不能早于退回日期（2026年6月12日）"
    assert f'id="resubmitted_on-error">{said}' in refused.text
    assert 'id="measure-error">请选择拟采取的措施' in refused.text
    assert 'id="signer-error">填报人不能为空' in refused.text
    assert "已补充退休证明复印件" in refused.text
    assert _state(site, request_id) == (
        ChangeRequestStatus.RETURNED,
        1,
        "领衔工匠已于2026年5月退休",
    )


def test_a_withdrawal_dated_before_the_requests_last_step_is_refused_beside_the_date(
    site: Site,
) -> None:
    """A withdrawal dated before the return (2026-06-12) would print in the record before the
    steps it ends: refused beside the date with the blank reason, nothing written [C 三（六）]."""
    request_id = _returned(site)
    browser = site.login("unit")
    action = f"/changes/{request_id}/withdraw"
    page = browser.get(action)
    typed = {"csrf_token": csrf_of(page.text, action), "reason": "",
             "withdrawn_on": "2026-06-11", "signer": "赵主席"}  # fmt: skip
    refused = browser.post(action, data=typed)
    assert refused.status_code == 422
    said = "撤回日期不能早于上一环节的日期（2026年6月12日）"
    assert f'id="withdrawn_on-error">{said}' in refused.text
    assert 'id="reason-error">撤回理由不能为空' in refused.text
    assert 'value="赵主席"' in refused.text
    late = browser.post(action, data=typed | {"reason": "工作室撤销"})  # the service's check
    assert late.status_code == 422
    assert f'id="withdrawn_on-error">{said}' in late.text
    assert _state(site, request_id)[0] is ChangeRequestStatus.RETURNED
    done = browser.post(action, data=typed | {"reason": "工作室撤销", "withdrawn_on": "2026-06-12"})
    assert done.status_code == 303, done.text
    assert _state(site, request_id)[0] is ChangeRequestStatus.WITHDRAWN
