"""附件3 requests that end without a decision, and the steps around them, say what happened on
both backends: the printed form of a withdrawn or closed request says so (who withdrew, when,
why; or why it was closed) in the city box, the request's history names the union that
withdrew, a decision losing a race to another officer names who did the step and when, and the
leader event form cites the article the 附件3 follows ([S9] 第九条, [C 三（六）])."""

from __future__ import annotations

from tests import leader_factories as lf
from tests.integration.web.conftest import Site

S9 = "《上海市“劳模创新工作室”管理办法（修订）》第九条"
C36 = "《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六）"


def _event_form(site: Site, scheme: str) -> str:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme=scheme)
        u.commit()
        d_id = d.id
    page = site.login("unit").get(f"/designations/{d_id}/leader/event")
    assert page.status_code == 200, page.text
    return page.text


def test_the_leader_event_form_cites_the_article_its_change_request_follows(site: Site) -> None:
    said = "上海市命名的工作室须随后报送管理变更申请（附件3）（{}）。"
    worker = _event_form(site, "shanghai-model-worker")
    assert said.format(S9) in worker
    craftsman = _event_form(site, "shanghai-craftsman")
    assert said.format(C36) in craftsman
    assert "[S9]" not in worker and "[C " not in craftsman
