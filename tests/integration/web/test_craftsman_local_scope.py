"""The 上海工匠 year page lists the local selections (附件3 figures) of the reader's own subtree
only: a district officer never reads another district's or an association's figures, the city
reads all (DOMAIN §1)."""

from __future__ import annotations

from lifecycle.craftsman_title import service as svc
from lifecycle.scope import EVERYTHING
from tests.integration.craftsman.helpers import association, selection
from tests.integration.web.conftest import Site

YANGPU = "杨浦区总工会：参与120人，选树工匠8人"
PUDONG = "浦东新区总工会：参与77人，选树工匠3人"
SOCIETY = "上海市机械工程学会：参与50人，选树工匠4人"


def _year(site: Site) -> int:
    """The 2024 call with the Yangpu district's, Pudong's and an association's selections."""
    with site.uow() as u:
        sel = selection(u, site.tree)  # Yangpu's: 120 participants, 8 local craftsmen
        body = association(u, site.tree)
        for union_id, participants, craftsmen in (
            (site.tree.other_district.id, 77, 3),
            (body.id, 50, 4),
        ):
            svc.record_local_selection(
                u,
                svc.RecordLocal(
                    sel.id, union_id=union_id, participants=participants,
                    local_craftsmen=craftsmen,
                ),
                recording_union_id=site.tree.city.id,
                scope=EVERYTHING,
            )  # fmt: skip
        u.commit()
        return sel.id


def test_each_district_reads_its_own_local_figures_and_the_city_all(site: Site) -> None:
    sel_id = _year(site)
    seen = {}
    for who in ("district", "other", "city"):
        page = site.login(who).get(f"/craftsman-selections/{sel_id}")
        assert page.status_code == 200
        seen[who] = {line for line in (YANGPU, PUDONG, SOCIETY) if line in page.text}
    assert seen == {
        "district": {YANGPU},
        "other": {PUDONG},
        "city": {YANGPU, PUDONG, SOCIETY},
    }
