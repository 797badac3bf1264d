"""Two refusals shown on the page users use: a 附件3 proposing a new leader under 16 at its
filing, and the 优秀成果 support decision shown to finance staff who may not take it [Y15]."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from lifecycle.audit.model import AuditEntry
from lifecycle.funding.applications import FileApplication, file_application
from lifecycle.ledgers.model import AchievementKind
from lifecycle.ledgers.service import NewAchievement, record_achievement
from lifecycle.persons.service import HonourInput
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Honour, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of, log_in

YANGPU_RULES = "《杨浦区劳模（先进）、技师创新工作室管理办法》"


def _writes(site: Site) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_a_change_request_proposing_a_leader_under_sixteen_is_refused_beside_the_leader(
    site: Site,
) -> None:
    with site.uow() as u:
        d = lf.titled(u, site.tree, scheme="shanghai-craftsman")
        # Sixteen today (2026-11-21), fifteen on the day the request is dated.
        young = f.person(
            u,
            name="少年工匠",
            birth_date=date(2010, 8, 1),
            honours=(HonourInput(Honour.SHANGHAI_CRAFTSMAN, 2025),),
            union_id=site.tree.unit.id,
        )
        u.commit()
        d_id, young_id = d.id, young.id
    unit = site.login("unit")
    form = unit.get(f"/designations/{d_id}/changes/new")
    action = f"/designations/{d_id}/changes"
    typed = {
        "reason": "retired",
        "reason_details": "领衔工匠已于2026年5月退休",
        "measure": "leader_change",
        "new_leader_person_id": str(young_id),
        "filed_on": "2026-06-01",
        "filed_by": "单位工会赵主席",
    }
    before = _writes(site)
    refused = unit.post(action, data=typed | {"csrf_token": csrf_of(form.text, action)})
    assert refused.status_code == 422, refused.text
    beside = refused.text.split('id="new_leader_person_id-error"', 1)[1].split("</div>", 1)[0]
    assert "申报时15岁，未满16周岁" in beside
    assert "《中华人民共和国劳动法》第十五条" in beside
    assert "领衔工匠已于2026年5月退休" in refused.text  # what was typed is kept
    assert _writes(site) == before
    # Dated after the sixteenth birthday, the same proposal is filed.
    later = typed | {"filed_on": "2026-08-01", "csrf_token": csrf_of(refused.text, action)}
    assert unit.post(action, data=later).status_code == 303


def test_finance_not_deciding_the_support_sees_who_decides_and_is_refused_if_it_posts(
    site: Site,
) -> None:
    d = site.designation  # a Yangpu title, named by 杨浦区总工会 [Y15]
    with site.uow() as u:
        achievement = record_achievement(
            u,
            NewAchievement(d.workshop_id, AchievementKind.METHOD, "数控工艺改进", date(2026, 6, 1)),
            actor=f.OFFICER,
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        filed = FileApplication(d.id, achievement.id, 2026, date(2026, 10, 9), "效益突出")
        app_id = file_application(u, filed, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING).id
        city_finance, password = f.user(u, Role.FINANCE, site.tree.city.id)
        u.commit()
    url = f"/finance/designations/{d.id}"
    action = f"/finance/applications/{app_id}/decide"
    # The district's finance decides: the form.
    district_page = site.login("finance").get(url).text
    assert f'action="{action}"' in district_page
    assert f'id="decider-{app_id}"' not in district_page
    # The city's finance reads the ledger: the line naming who decides, no form.
    city = log_in(site.client(), city_finance.username, password)
    page = city.get(url).text
    assert f'action="{action}"' not in page
    line = page.split(f'id="decider-{app_id}">', 1)[1].split("</p>", 1)[0]
    district = site.tree.district.name
    said = f"经{district}主席办公会议审定，由该会财务人员登记审定结果（{YANGPU_RULES}第十五条）。"
    assert line == said  # the rule as the regulation is titled, not its id [Y15]
    # The unit that applied reads the same line under its pending application.
    unit_page = site.login("unit").get(url).text
    assert unit_page.split(f'id="decider-{app_id}">', 1)[1].split("</p>", 1)[0] == said
    # Posted anyway: refused above that line, nothing written.
    before = _writes(site)
    token = csrf_of(page)
    refused = city.post(
        action,
        data={"csrf_token": token, "decision": "reject", "decided_on": "2026-11-15",
              "reason": "效益不突出", "expected_version": "1"},
    )  # fmt: skip
    assert refused.status_code == 403, refused.text
    shown = re.sub(r"\s+", "", refused.text)
    assert "第十五条" in shown
    assert site.tree.district.name in shown
    assert f'id="decider-{app_id}"' in refused.text
    assert _writes(site) == before
