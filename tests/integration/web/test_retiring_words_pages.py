"""「即将退休的领衔人」 on the page, both backends: each row in its own title's scheme's word
(带头人 [Y3][Y13], 领衔人 [S3][C 一（一）]) and the column in the listed schemes' words."""

from __future__ import annotations

from datetime import date

from lifecycle.vocab import Honour
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site

CRAFTSMAN = (f.HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2022),)


def _yangpu(site: Site, name: str, born: date) -> int:
    with site.uow() as u:
        leader = f.person(u, name=name, birth_date=born, union_id=site.tree.unit.id)
        d = f.named_designation(u, site.tree, shop=lf.led_workshop(u, site.tree, leader))
        u.commit()
        return d.id


def test_the_retiring_list_names_each_leader_in_its_own_titles_scheme(site: Site) -> None:
    """A list holding a Yangpu title and a city title: the column reads 带头人（领衔人）, each row
    its own scheme's word (带头人 [Y3], 领衔人 [C 一（一）])."""
    _yangpu(site, "卫师傅", date(1967, 1, 10))  # 2027-08-10
    with site.uow() as u:
        leader = f.person(u, name="周工匠", birth_date=date(1967, 1, 10), honours=CRAFTSMAN,
                          union_id=site.tree.unit.id)  # fmt: skip
        lf.titled(u, site.tree, scheme="shanghai-craftsman", leader=leader)
        u.commit()
    page = site.login("district").get(
        f"/leaders/retiring?union_id={site.tree.district.id}&months=12"
    )
    assert page.status_code == 200
    assert "<th>带头人（领衔人）</th>" in page.text
    assert "的在职带头人（领衔人），含市级命名" in page.text
    assert '卫师傅</a><div class="muted">带头人</div>' in page.text
    assert '周工匠</a><div class="muted">领衔人</div>' in page.text


def test_the_retirement_rules_are_cited_by_their_title(site: Site) -> None:
    """The State Council's 2024 rules are 《国务院关于渐进式延迟法定退休年龄的办法》: the
    retiring list and the person page cited them as 「…渐进式提高法定退休年龄的办法」."""
    d_id = _yangpu(site, "卫师傅", date(1967, 1, 10))
    browser = site.login("district")
    listing = browser.get(f"/leaders/retiring?union_id={site.tree.district.id}&months=12")
    with site.uow() as u:
        designation = u.designations.get(d_id, f.EVERYTHING)
        assert designation is not None
        leader_id = designation.workshop.leader_person_id
    person = browser.get(f"/persons/{leader_id}")
    for page in (listing, person):
        assert page.status_code == 200
        assert "《国务院关于渐进式延迟法定退休年龄的办法》" in page.text
        assert "提高法定退休年龄" not in page.text
