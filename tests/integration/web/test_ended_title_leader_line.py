"""An ended title's leader line ends with the title: on a 摘牌 title's page the 历任领衔人 table
read 「… 至今」 for the team's current leader, as though the ended title were still led; now the
last tenure ends on the title's end date, 「至2026-08-20（称号终止）」 (the table's date form),
on the page and over the API."""

from __future__ import annotations

from datetime import date

from lifecycle.designations.delisting import CityDecision, delist
from lifecycle.scope import EVERYTHING
from tests.factories import AS_OF, acting, named_designation
from tests.integration.web.conftest import Site


def test_a_delisted_titles_leader_line_ends_on_the_titles_end_date(site: Site) -> None:
    with site.uow() as uow:
        d = named_designation(
            uow, site.tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        decision = CityDecision(
            d.id, date(2026, 8, 20), "考核不合格，予以摘牌", "沪工创〔2026〕7号"
        )
        delist(uow, decision, actor=acting(site.tree.city), as_of=AS_OF, scope=EVERYTHING)
        uow.commit()
        d_id = d.id
    page = site.login("city").get(f"/designations/{d_id}")
    assert page.status_code == 200
    leaders = page.text.split('id="leader"', 1)[1].split("</table>", 1)[0]
    assert "<td>至2026年8月20日（称号终止）</td>" in leaders
    assert "至今" not in leaders
    api = site.client()
    token = api.post(
        "/api/v1/auth/tokens",
        json={"username": site.usernames["city"], "password": site.passwords["city"]},
    ).json()["token"]
    story = api.get(
        f"/api/v1/designations/{d_id}/leaders", headers={"Authorization": f"Bearer {token}"}
    ).json()
    last = story["tenures"][-1]
    assert (last["ends_on"], last["ends_with_title"]) == ("2026-08-20", True)
    # A title still held reads 至今 as before.
    held = site.login("city").get(f"/designations/{site.designation.id}").text
    assert "<td>至今</td>" in held.split('id="leader"', 1)[1].split("</table>", 1)[0]
