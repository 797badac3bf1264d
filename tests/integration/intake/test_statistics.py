"""Statistics workbooks from the data: [C] 附件2 and the [L] 推荐汇总表, figures recomputed here."""

from __future__ import annotations

from collections import Counter
from datetime import date
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from lifecycle.intake.batches import BatchEntry, put_in_batch
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.statistics import LESHAN_REQUIREMENTS, statistics_workbook
from lifecycle.ledgers.model import AchievementKind
from lifecycle.ledgers.service import (
    NewAchievement,
    NewActivity,
    record_achievement,
    record_activity,
)
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import UnionContact
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole, UnitNature
from tests import factories as f
from tests.intake_factories import AS_OF, CITY, OFFICER, craftsman_form, leshan_form
from tests.integration.intake.test_city_routes import _apply, _shop, _step

K = AchievementKind


def _call(u, tree, scheme):  # type: ignore[no-untyped-def]
    return open_call(
        u,
        NewCall(scheme, 2026, "统计", date(2026, 10, 1), date(2026, 12, 20)),
        naming_union_id=tree.city.id, actor=CITY, scope=Scope.subtree(tree.city.path),
        as_of=date(2026, 10, 1),
    )  # fmt: skip


def _sheet(content: bytes, name: str):  # type: ignore[no-untyped-def]
    return load_workbook(BytesIO(content))[name]


def test_annex2_figures_equal_counts_of_the_districts_records(uow):
    with uow() as u:
        tree = f.union_tree(u)
        first = u.session.scalars(
            select(UnionContact).where(UnionContact.union_id == tree.district.id)
        ).first()
        first.phone = "021-65000001"
        add_contact(
            u,
            NewContact(tree.district.id, "李干事", "li@yp.example.cn", ContactRole.CHAIR),
            scope=EVERYTHING,
        )
        titles = [f.named_designation(u, tree, naming_union=tree.district) for _ in range(2)]
        recorded = [K.INVENTION_PATENT, K.INVENTION_PATENT, K.UTILITY_PATENT, K.AWARD]
        for i, kind in enumerate(recorded):
            record_achievement(
                u, NewAchievement(titles[i % 2].workshop_id, kind, f"成果{i}", date(2026, 5, 1)),
                actor=OFFICER, as_of=AS_OF,
            scope=EVERYTHING)  # fmt: skip
        for i in range(3):
            record_activity(
                u, NewActivity(titles[0].workshop_id, date(2026, 6, i + 1), f"联盟交流{i}"),
                actor=OFFICER, as_of=AS_OF,
            scope=EVERYTHING)  # fmt: skip
        # Another district's records are not this district's.
        elsewhere = f.workshop(u, tree)
        elsewhere.unit_union_id = tree.other_unit.id
        record_achievement(
            u, NewAchievement(elsewhere.id, K.DESIGN_PATENT, "外区", date(2026, 5, 1)),
            actor=OFFICER, as_of=AS_OF,
        scope=EVERYTHING)  # fmt: skip
        call = _call(u, tree, "shanghai-craftsman")
        district = Scope.subtree(tree.district.path)
        apps = []
        for rank, nature in ((2, UnitNature.NON_PUBLIC), (1, UnitNature.STATE_OWNED)):
            app = _apply(u, tree, call, _shop(u, tree, nature=nature), craftsman_form())
            _step(u, app, "unit", tree.unit)
            batch = put_in_batch(
                u,
                BatchEntry(app.id, rank),
                as_of=AS_OF,
                acting_union_id=tree.district.id,
                scope=district,
            )
            apps.append(app)
        content = statistics_workbook(u, batch, call, AS_OF)
        ws = _sheet(content, "创建情况")
        values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(3, ws.max_row + 1)}
        kinds = Counter(recorded)
        assert values["区局（产业）工会名称"] == "杨浦区总工会"
        assert (values["联系人"], values["联系方式"]) == (first.name, "021-65000001")
        assert values["是否开展本地区、本系统工作室创建活动（附方案、小结等）"] == "是"
        assert values["本地区、本系统工匠创新工作室创建数"] == len(titles)
        assert values["本地区、本系统创新工作室创新成果数量"] == len(recorded)
        assert values["本地区、本系统创新工作室联盟（交流）活动次数"] == 3
        assert values["创新成果专利情况：发明专利（项）"] == kinds[K.INVENTION_PATENT]
        assert values["创新成果专利情况：实用新型（项）"] == kinds[K.UTILITY_PATENT]
        assert values["创新成果专利情况：外观设计（项）"] == 0
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        listing = _sheet(content, "申报汇总")
        rows = [[c.value for c in row] for row in listing.iter_rows(min_row=3, max_row=4)]
        leaders = [
            u.workshops.get(a.workshop_id, EVERYTHING).leader.name for a in (apps[1], apps[0])
        ]
        assert [r[0] for r in rows] == [1, 2]
        assert [r[3] for r in rows] == leaders  # ranking order: rank 1 first
        assert listing.auto_filter.ref == "A2:D4"  # the list, not the opinion below it
        # 附件2 ends in the district union's opinion, its seal and the date [C 附件2].
        footer = [c.value for row in listing.iter_rows(min_row=5) for c in row if c.value]
        assert footer == ["区局（产业）工会意见", "盖章：", "年    月    日"]


def test_leshan_summary_lists_the_batch_in_ranking_order_with_the_forms_figures(uow):
    with uow() as u:
        tree = f.leshan_tree(u)
        call = _call(u, tree, "leshan-city")
        county = Scope.subtree(tree.district.path)
        forms = []
        for rank in (2, 1, 3):
            form = {**leshan_form(), "patents_utility": rank,
                    "patents_invention": 10, "studio_name": f"工作室{rank}"}  # fmt: skip
            # 共（人） and 创建时间 restate the register: 4 + rank members and the leader.
            app = _apply(u, tree, call, _shop(u, tree, members=4 + rank), form)
            _step(u, app, "unit", tree.unit)
            batch = put_in_batch(
                u,
                BatchEntry(app.id, rank),
                as_of=AS_OF,
                acting_union_id=tree.district.id,
                scope=county,
            )
            forms.append((rank, form))
        ws = _sheet(statistics_workbook(u, batch, call, AS_OF), "推荐汇总表")
        assert ws.cell(3, 1).value == "序号"
        assert ws.cell(3, 5).value == "负责人（带头人）姓名"  # before: 负责人姓名
        listed = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
        rows = [r for r in listed if isinstance(r[0], int)]
        # The form's 填表要求 closes it under the list [L 附件2] (before: nothing).
        assert listed[len(rows) + 1][0] == LESHAN_REQUIREMENTS
        assert listed[len(rows) + 1][0].startswith("填表要求：1.以上项目须逐项如实填写，不得漏项。")
        expected = sorted(forms)
        assert [r[0] for r in rows] == [1, 2, 3]
        assert [r[2] for r in rows] == [form["studio_name"] for _, form in expected]
        assert [r[3] for r in rows] == ["2018-01-01"] * 3  # the register's founding day
        assert [r[8] for r in rows] == [5 + rank for rank, _ in expected]
        assert [r[14] for r in rows] == [
            form["patents_utility"] + form["patents_invention"] for _, form in expected
        ]
        assert IntakeRepository(u.session).batch(batch.id, county) is not None
