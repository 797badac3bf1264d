"""The person's page shows the 授予依据 of a 上海工匠 the selection granted in the service: its
own 社会公示 and grant date [G] 三（五）、四 (before: the title was shown with none)."""

from __future__ import annotations

from lifecycle.actors import Actor
from lifecycle.craftsman_title import decisions
from lifecycle.persons.service import HonourInput, add_honour
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Honour
from tests import factories as f
from tests.integration.craftsman.helpers import decide, file, form, selection
from tests.integration.craftsman.test_craftsman_selection import CITY_STAGES, _qualify
from tests.integration.web.conftest import Site

OFFICER = Actor(name="审核人")


def test_the_person_page_shows_the_reference_of_a_granted_title(site: Site) -> None:
    tree = site.tree
    with site.uow() as u:
        sel = selection(u, tree)
        shop = f.workshop(u, tree)
        leader_id = shop.leader_person_id
        local = HonourInput(Honour.DISTRICT_CRAFTSMAN, 2020)  # a local 工匠 first [G] 二
        add_honour(u, leader_id, local, as_of=f.AS_OF, scope=EVERYTHING)
        app = file(u, form(sel.id, leader_id), scope=EVERYTHING)
        decide(u, _qualify(app.id), deciding_union_id=tree.district.id, actor=OFFICER,
               scope=EVERYTHING)  # fmt: skip
        for stage, on, extra in CITY_STAGES:
            cmd = decisions.Decide(app.id, stage, True, "同意", "市总审核人", on, **extra)  # type: ignore[arg-type]
            decide(u, cmd, deciding_union_id=tree.city.id, actor=OFFICER, scope=EVERYTHING)
        u.session.expire_all()
        person = u.persons.get(leader_id, EVERYTHING)
        assert person is not None
        (title,) = [h for h in person.honours if h.honour is Honour.SHANGHAI_CRAFTSMAN]
        app_id = app.id
        u.commit()
    said = (
        "2024年度“上海工匠”选树社会公示（2024年9月28日至2024年10月12日）期满，"
        f"2024年10月15日授予（本系统选树申报第{app_id}号）"
    )
    assert title.reference == said
    page = site.login("city").get(f"/persons/{leader_id}")
    assert page.status_code == 200
    assert f'2024年 上海工匠<span class="muted">（授予依据：{said}）</span>' in page.text
