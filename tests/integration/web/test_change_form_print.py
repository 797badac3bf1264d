"""The printed 附件3 form offers only the measures the title's scheme allows: a 上海市劳模创新工作室
only 摘牌 [S9], a 上海市工匠创新工作室 all three [C 三（六）]."""

from __future__ import annotations

import io

from pypdf import PdfReader

from lifecycle.changes.model import ChangeMeasure
from tests import leader_factories as lf
from tests.integration.web.conftest import Site

S9 = "《上海市“劳模创新工作室”管理办法（修订）》第九条"


def _request(site: Site, scheme: str, measure: ChangeMeasure) -> int:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme=scheme)
        new_leader = None
        if measure is ChangeMeasure.LEADER_CHANGE:
            new_leader = lf.candidate(u, craftsman=True, union_id=site.tree.unit.id)
        request = lf.file_request(u, site.tree, d, measure=measure, new_leader=new_leader)
        u.commit()
        return request.id


def _printed(site: Site, request_id: int) -> tuple[str, str]:
    """The PDF's text (whitespace dropped, as pypdf breaks lines) and the HTML form."""
    browser = site.login("district")
    pdf = browser.get(f"/changes/{request_id}/form.pdf")
    assert pdf.status_code == 200, pdf.text
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    html = browser.get(f"/changes/{request_id}/form")
    assert html.status_code == 200, html.text
    return "".join(text.split()), html.text


def test_a_model_worker_form_prints_only_delisting_citing_article_nine(site: Site) -> None:
    request_id = _request(site, "shanghai-model-worker", ChangeMeasure.REVOKE)
    pdf, html = _printed(site, request_id)
    for printed in (pdf, html):
        assert "■退出管理序列（■摘牌）" in printed
        assert "□领衔人变更" not in printed
        assert "新领衔人姓名" not in printed
        assert "保留工作室称号" not in printed
        assert "[S9]" not in printed
        assert "上海市总工会审定" in printed  # the body [S9] names, not the craftsman office
        assert "创建命名办公室" not in printed
    assert "".join(S9.split()) in pdf
    assert S9 in html


def test_a_craftsman_form_prints_the_three_measures(site: Site) -> None:
    request_id = _request(site, "shanghai-craftsman", ChangeMeasure.LEADER_CHANGE)
    pdf, html = _printed(site, request_id)
    for printed in (pdf, html):
        assert "■领衔人变更" in printed
        assert "新领衔人姓名：李工匠" in printed
        assert "□退出管理序列（□保留工作室称号□摘牌）" in printed.replace("  ", "")
        assert "第九条" not in printed


def test_each_forms_note_names_the_leader_as_its_scheme_does(site: Site) -> None:
    """The 备注 of a 劳模 title's form spoke of a 领衔工匠 (the craftsman notice's form); it
    now names the 领衔劳模 [S9] 第九条; a craftsman title's keeps the notice's words [C]."""
    note = "申请原因可选填{}已故、离职、退休或其他不能继续发挥示范引领作用的具体情况"
    worker = _printed(site, _request(site, "shanghai-model-worker", ChangeMeasure.REVOKE))
    craftsman = _printed(site, _request(site, "shanghai-craftsman", ChangeMeasure.REVOKE))
    for printed in worker:
        assert note.format("领衔劳模") in printed
        assert note.format("领衔工匠") not in printed
    for printed in craftsman:
        assert note.format("领衔工匠") in printed
