"""The Yangpu continuation consent's dates on the page, on both backends [Y13]: the leader's and
the unit's consent to go on leading are given by the present leader about this workshop, so
neither is dated before that leader took the lead of it (a consent typed as 1990 was kept)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lifecycle.leaders.model import ContinuationConsent
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

PDF = b"%PDF-1.4 consent"


def test_a_consent_dated_before_the_leader_took_the_lead_is_refused_beside_its_dates(
    site: Site,
) -> None:
    with site.uow() as u:  # the workshop was founded under 冯老师 on 2019-01-01
        born = date(1966, 1, 15)
        leader = f.person(u, name="冯老师", birth_date=born, union_id=site.tree.unit.id)
        d = f.named_designation(u, site.tree, shop=lf.led_workshop(u, site.tree, leader))
        u.commit()
        d_id = d.id
    browser = site.login("unit")
    action = f"/designations/{d_id}/leader/consent"
    form = browser.get(action)
    typed = {"leader_consented_on": "1990-01-01", "leader_signer": "冯老师",
             "unit_consented_on": "2018-12-31", "unit_signer": "单位工会主席"}  # fmt: skip
    refused = browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), **typed},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
    )
    assert refused.status_code == 422
    for field, label in (("leader_consented_on", "本人"), ("unit_consented_on", "单位")):
        assert (
            f'id="{field}-error">{label}同意日期不能早于冯老师开始担任带头人的日期（2019年1月1日）'
            "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条）"
        ) in refused.text
    assert 'value="1990-01-01"' in refused.text
    # The browser shows the file field empty again: the page names the file to choose again.
    assert (
        'id="file-unsaved">所选文件「同意书.pdf」未上传（表单未提交成功），请重新选择。'
    ) in refused.text
    assert 'value="2018-12-31"' in refused.text
    count = select(func.count()).select_from(ContinuationConsent)
    with site.uow() as u:
        assert u.session.scalar(count) == 0
    done = browser.post(
        action,
        data={"csrf_token": csrf_of(form.text, action), **typed,
              "leader_consented_on": "2026-05-01", "unit_consented_on": "2026-05-06"},
        files={"file": ("同意书.pdf", PDF, "application/pdf")},
    )  # fmt: skip
    assert done.status_code == 303, done.text
    with site.uow() as u:
        assert u.session.scalar(count) == 1


def test_a_consent_refused_on_its_dates_names_the_chosen_file_to_choose_again(site: Site) -> None:
    """A date after today is refused by the page itself; the signed consent chosen with it was
    not kept, and the form says so under the file field, where before it came back empty with
    nothing said (tester unit54). No file chosen, or one refused for itself, says only that."""
    with site.uow() as u:
        leader = f.person(
            u, name="冯老师", birth_date=date(1966, 1, 15), union_id=site.tree.unit.id
        )
        d = f.named_designation(u, site.tree, shop=lf.led_workshop(u, site.tree, leader))
        u.commit()
        d_id = d.id
    browser = site.login("unit")
    action = f"/designations/{d_id}/leader/consent"
    form = browser.get(action)
    typed = {"csrf_token": csrf_of(form.text, action), "leader_signer": "冯老师",
             "leader_consented_on": "2099-01-01", "unit_consented_on": "2026-05-06",
             "unit_signer": "单位工会主席"}  # fmt: skip
    refused = browser.post(
        action, data=typed, files={"file": ("同意书.pdf", PDF, "application/pdf")}
    )
    assert refused.status_code == 422
    assert 'id="leader_consented_on-error">本人同意日期不能晚于' in refused.text
    assert "所选文件「同意书.pdf」未上传（表单未提交成功），请重新选择。" in refused.text
    bare = browser.post(action, data=typed)
    assert bare.status_code == 422
    assert 'id="file-error">请上传本人及单位签署的同意书' in bare.text
    assert "未上传（表单未提交成功）" not in bare.text
    wrong = browser.post(action, data=typed, files={"file": ("同意书.txt", b"hi", "text/plain")})
    assert wrong.status_code == 422
    assert 'id="file-error">' in wrong.text
    assert "未上传（表单未提交成功）" not in wrong.text
    with site.uow() as u:
        assert u.session.scalar(select(func.count()).select_from(ContinuationConsent)) == 0
