"""A 附件3 request's files on the pages, on both backends: once the city has decided, its officer
uploads the decision document (the menu offers only what may come then; the unit's form is
gone), every file is in the request's 修改记录 (who, when, which file), and the printed form
lists them as 附件 [C 三（六）]; the page warns of a new leader past the legal retirement age."""

from __future__ import annotations

import io
import re
from datetime import date

from pypdf import PdfReader

from lifecycle.changes.model import ChangeMeasure, ChangeStep
from lifecycle.changes.service import approve_step
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Gender
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

PDF = b"%PDF-1.4\n% proof\n"


def _decided(site: Site) -> int:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        request = lf.file_request(u, site.tree, d, measure=ChangeMeasure.EXIT_KEEPING_TITLE)
        u.commit()
        return request.id


def _decide(site: Site, request_id: int) -> None:
    with site.uow() as u:
        request = u.change_requests.get(request_id, EVERYTHING)
        assert request is not None
        for step, union in (
            (ChangeStep.UNIT, site.tree.unit),
            (ChangeStep.DISTRICT, site.tree.district),
            (ChangeStep.CITY, site.tree.city),
        ):
            approve_step(
                u, lf.decision(request, step, union.id), actor=f.acting(union), as_of=f.AS_OF,
                scope=EVERYTHING,
            )  # fmt: skip
        u.commit()


def _post(browser, request_id: int, name: str, kind: str, note: str = ""):  # type: ignore[no-untyped-def]
    action = f"/changes/{request_id}/attachments"
    token = csrf_of(browser.get(f"/changes/{request_id}").text, "/logout")
    form = {"csrf_token": token, "kind": kind, "description": note}
    return browser.post(action, data=form, files={"file": (name, PDF + name.encode(), "x")})


def test_the_city_uploads_its_decision_after_deciding_and_each_file_is_in_the_history(
    site: Site,
) -> None:
    request_id = _decided(site)
    unit = site.login("unit")
    done = _post(unit, request_id, "死亡证明.pdf", "death_certificate", "医院出具")
    assert done.status_code == 303, done.text
    _decide(site, request_id)

    action = f'action="/changes/{request_id}/attachments"'
    assert action not in unit.get(f"/changes/{request_id}").text  # decided: not the unit's
    refused = _post(unit, request_id, "补充.pdf", "other")
    assert refused.status_code == 422
    assert "此后只能由作出审定的" in refused.text

    city = site.login("city")
    page = city.get(f"/changes/{request_id}")
    assert action in page.text
    menu = re.search(r'<select[^>]*name="kind".*?</select>', page.text, re.S)
    assert menu is not None
    assert '<option value="decision_document"' in menu.group(0)
    assert '<option value="death_certificate"' not in menu.group(0)  # no proofs after it
    uploaded = _post(city, request_id, "市总工会批复.pdf", "decision_document", "沪工批2026-8")
    assert uploaded.status_code == 303, uploaded.text
    assert "市总工会批复.pdf" in city.get(f"/changes/{request_id}").text

    history = site.login("district").get(f"/history/change/{request_id}")
    assert history.status_code == 200, history.text
    entries = re.findall(r"<h2>([^<]*)</h2>", history.text)
    uploads = [e for e in entries if e.endswith("上传附件")]
    assert len(uploads) == 2, entries
    for shown in ("死亡证明.pdf", "市总工会批复.pdf", "审定决定文件", "医院出具", "环节"):
        assert shown in history.text, shown
    assert site.tree.city.name in history.text  # 办理工会 of the decision document
    # The city step's columns are named by the body that signs the craftsman 附件3 [C 三（六）].
    assert "市创建命名办公室审定日期" in history.text
    assert "市总工会审定日期" not in history.text
    assert "市总工会审批日期" not in history.text

    pdf = city.get(f"/changes/{request_id}/form.pdf")
    text = "".join(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    html = city.get(f"/changes/{request_id}/form").text
    for printed in (text, html):
        assert "1．死亡证明（医院出具）：死亡证明.pdf" in printed
        assert "2．审定决定文件（沪工批2026-8）：市总工会批复.pdf" in printed


def test_the_request_page_warns_that_the_new_leader_is_past_the_legal_age(site: Site) -> None:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        successor = f.person(
            u, name="方工匠", gender=Gender.FEMALE, birth_date=date(1970, 7, 7),
            honours=lf.CRAFTSMAN, union_id=site.tree.unit.id,
        )  # fmt: skip
        request = lf.file_request(u, site.tree, d, new_leader=successor)
        u.commit()
        request_id = request.id
    for who in ("district", "city"):
        page = site.login(who).get(f"/changes/{request_id}")
        assert page.status_code == 200
        warning = re.search(r'<p class="warning" role="note">([^<]*)</p>', page.text)
        assert warning is not None
        assert "新领衔人方工匠接任时" in warning.group(1)
        assert "已达到法定退休年龄（2020年7月7日）" in warning.group(1)
        assert "其退休时须再报送管理变更申请（附件3）" in warning.group(1)
