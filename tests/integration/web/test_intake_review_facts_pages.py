"""A city call's reviewer reads, on the application page, the leader with the honours the
leader rule reads and the district title the team is recommended from [S3][S7][C 一（一）]; the
district's apply list does not offer a team the [S7] rule refuses, and says why."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import select

from lifecycle.designations.naming import ExistingTitle, register_existing_title
from lifecycle.files.storage import FileStorage
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.model import Application
from lifecycle.intake.service import NewApplication, start_application, submit
from lifecycle.scope import Scope
from lifecycle.vocab import DesignationStatus, UnitNature
from tests import factories as f
from tests.craftsman_batch import craftsman_call, recommendable
from tests.intake_factories import AS_OF, CITY, OFFICER, attach_required, model_worker_form
from tests.integration.web.conftest import NOW, Site, csrf_of

S7 = "《上海市“劳模创新工作室”管理办法（修订）》第七条"


def _model_worker_call(site: Site) -> int:
    with site.uow() as u:
        call = open_call(
            u,
            NewCall("shanghai-model-worker", 2026, "2026年度上海市劳模创新工作室推荐",
                    date(2026, 10, 1), date(2026, 12, 20)),
            naming_union_id=site.tree.city.id, actor=CITY,
            scope=Scope.subtree(site.tree.city.path), as_of=date(2026, 10, 1),
        )  # fmt: skip
        u.commit()
        return call.id


def _picker(html: str) -> str:
    found = re.search(r'<select[^>]*name="workshop_id".*?</select>', html, re.S)
    assert found is not None, html
    return found.group(0)


def test_the_district_is_not_offered_a_team_without_a_running_district_title(site: Site) -> None:
    """Revoked (已撤牌), never named, or named too late to run a year by the deadline: listed
    apart with the [S7] rule's own words; a team whose title runs a year is offered."""
    call_id = _model_worker_call(site)
    with site.uow() as u:
        tree = site.tree
        good = f.named_designation(u, tree, naming_date=date(2024, 3, 1))
        young = f.named_designation(u, tree, naming_date=date(2026, 3, 1))
        bare = f.workshop(u, tree)
        lost_shop = f.workshop(u, tree)
        lost = register_existing_title(
            u,
            ExistingTitle(lost_shop.id, "yangpu-district", lost_shop.name, "杨浦 2021-901",
                          date(2021, 5, 1), "杨工〔2021〕3号", DesignationStatus.REVOKED,
                          date(2025, 6, 1), "杨工〔2025〕8号"),
            actor=f.acting(tree.district), as_of=AS_OF, scope=f.SYSTEM_SCOPE,
        )  # fmt: skip
        u.commit()
        ids = {
            "good": good.workshop_id,
            "young": young.workshop_id,
            "bare": bare.id,
            "lost": lost.workshop_id,
        }
        names = {"young": young.workshop.name, "bare": bare.name, "lost": lost_shop.name}
        young_number = young.number
    district = site.login("district")
    page = district.get(f"/intake/calls/{call_id}")
    assert page.status_code == 200, page.text
    picker = _picker(page.text)
    assert f'value="{ids["good"]}"' in picker
    for key in ("young", "bare", "lost"):
        assert f'value="{ids[key]}"' not in picker, key
    barred = page.text[page.text.index('id="barred"') :]
    rule = "须从区局（产业）工会已命名并运行一年以上的工作室中推荐"
    assert f"{names['bare']}：{rule}，现无区局级命名（{S7}）" in barred
    assert f"{names['lost']}：{rule}，现无符合的区局级命名：" in barred
    assert "杨浦 2021-901现为“已撤牌”" in barred
    # Judged on the deadline, the last day it may be submitted: still under a year by then.
    assert f"{young_number}于2026年3月1日命名，至2026年12月20日未满一年（{S7}）" in barred


def test_the_city_reviewer_reads_the_leader_and_the_source_title(
    site: Site, tmp_path: Path
) -> None:
    """The leader's name, status, honours with their year and the leader rule's verdict; the
    team's district titles (number, naming date, status) and the [S7] verdict, as of the day."""
    call_id = _model_worker_call(site)
    storage = FileStorage(tmp_path / "files")
    with site.uow() as u:
        tree = site.tree
        source = f.named_designation(u, tree, naming_date=date(2024, 3, 1))
        scope = Scope.subtree(tree.unit.path)
        app = start_application(
            u, NewApplication(call_id, source.workshop_id, model_worker_form()), actor=OFFICER,
            now=f.at_ten(AS_OF), scope=scope, own_path=tree.unit.path,
        )  # fmt: skip
        attach_required(u, storage, app.id)
        submit(u, app.id, actor=OFFICER, now=NOW, scope=scope)
        u.commit()
        app_id, number, leader = app.id, source.number, source.workshop.leader.name
    page = site.login("city").get(f"/intake/applications/{app_id}")
    assert page.status_code == 200, page.text
    facts = page.text[page.text.index('id="review-facts"') :]
    assert "带头人及推荐来源（截至2026年11月21日）" in facts
    assert f"{leader}（在职，高级技师）" in facts
    assert "上海市劳动模范（2015年）" in facts
    assert "符合：" in facts
    assert "第三条" in facts
    table = facts[facts.index('id="source-titles"') : facts.index("</table>")]
    assert number in table
    assert "2024年3月1日" in table
    assert "已命名" in table
    assert "<td>是</td>" in table
    verdict = facts[facts.index('id="source-verdict"') :]
    assert f"符合：已获区局级命名（杨浦区劳模（先进）、技师创新工作室 {number}" in verdict


def test_a_craftsman_reviewer_reads_the_shanghai_craftsman_title_and_no_source(
    site: Site, tmp_path: Path
) -> None:
    """[C 一（一）] reads 上海工匠 (with its year), no district title: no source section."""
    call_id = craftsman_call(site.uow, site.tree)
    app_id = recommendable(
        site.uow, site.tree, call_id, UnitNature.STATE_OWNED, FileStorage(tmp_path / "f")
    )
    page = site.login("city").get(f"/intake/applications/{app_id}")
    facts = page.text[
        page.text.index('id="review-facts"') : page.text.index(
            "</section>", page.text.index('id="review-facts"')
        )
    ]
    assert "上海工匠（2022年）" in facts
    assert "符合：领衔人是“上海工匠”" in facts
    assert "推荐来源" not in facts.replace("带头人及推荐来源", "")


def test_a_team_not_offered_for_s7_and_posted_anyway_is_refused_beside_the_team(
    site: Site,
) -> None:
    """A stale or hand-made apply form for a team the [S7] rule bars by the deadline starts no
    draft: refused beside 申报的工作室 in the rule's words, nothing written."""
    call_id = _model_worker_call(site)
    with site.uow() as u:
        young = f.named_designation(u, site.tree, naming_date=date(2026, 3, 1))
        u.commit()
        shop_id, number = young.workshop_id, young.number
    district = site.login("district")
    action = f"/intake/calls/{call_id}/applications"
    page = district.get(f"/intake/calls/{call_id}").text
    refused = district.post(
        action, data={"csrf_token": csrf_of(page, action), "workshop_id": str(shop_id)}
    )
    assert refused.status_code == 422, refused.text
    beside = refused.text.split('id="workshop_id-error">', 1)[1].split("</div>", 1)[0]
    assert beside == (
        "须从区局（产业）工会已命名并运行一年以上的工作室中推荐，现无符合的区局级命名："
        f"杨浦区劳模（先进）、技师创新工作室 {number}于2026年3月1日命名，"
        f"至2026年12月20日未满一年（{S7}）"
    )
    with site.uow() as u:
        drafts = select(Application.id).where(Application.workshop_id == shop_id)
        assert u.session.scalars(drafts).all() == []
