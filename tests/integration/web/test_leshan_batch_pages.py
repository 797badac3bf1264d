"""A 乐山 county union's batch on the call page and its 推荐汇总表 [L 一][L 四（二）][L 附件2]: the
page shows no Shanghai column (非公企业 is [C 二（二）]'s, 优先项 [S7]/[C]'s); the summary, from the
page and the JSON API alike, is named as the form is, carries 推荐单位（盖章） and 填报人, and its
figures are numbers (both backends)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

from openpyxl import load_workbook

from lifecycle.files.storage import FileStorage
from lifecycle.intake.calls import NewCall, open_call
from lifecycle.intake.repository import IntakeRepository
from lifecycle.intake.routes import Action
from lifecycle.intake.service import (
    NewApplication,
    StepDecision,
    decide_step,
    start_application,
    submit,
)
from lifecycle.persons.service import HonourInput
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import Honour, Role, UnitNature
from lifecycle.workshops.service import NewMember, NewWorkshop, add_member, create_workshop
from tests import factories as f
from tests.intake_factories import AS_OF, CITY, OFFICER, at, attach_required, leshan_form
from tests.integration.web.conftest import Site, csrf_of, log_in

SUMMARY = "推荐汇总表"
FIGURES = {"area": "120.5", "funds": "5.5", "benefit": "150.25"}


@dataclass(frozen=True)
class County:
    """A 乐山 call with two applications waiting for 市中区总工会's batch, and its officer."""

    call_id: int
    application_ids: tuple[int, int]
    officer: tuple[str, str]  # username, password


def _county(site: Site, tmp_path: Path) -> County:
    storage = FileStorage(tmp_path / "files")
    with site.uow() as u:
        tree = f.leshan_tree(u)
        call = open_call(
            u,
            NewCall("leshan-city", 2026, "2026年乐山市劳模和工匠人才创新工作室", date(2026, 10, 1),
                    date(2026, 12, 20), target_count=33),
            naming_union_id=tree.city.id, actor=CITY, scope=Scope.subtree(tree.city.path),
            as_of=date(2026, 10, 1),
        )  # fmt: skip
        apps = []
        for n in range(2):
            # A non-public unit: the page must not call it out, [L] counts no such share.
            shop = _team(u, tree, n)
            form = {**leshan_form(), **FIGURES, "studio_name": shop.name}
            unit = Scope.subtree(tree.unit.path)
            app = start_application(
                u, NewApplication(call.id, shop.id, form), actor=OFFICER, now=f.at_ten(AS_OF),
                scope=unit, own_path=tree.unit.path,
            )  # fmt: skip
            attach_required(u, storage, app.id)
            submit(u, app.id, actor=OFFICER, now=at(AS_OF), scope=unit)
            step = StepDecision(app.id, "unit", Action.APPROVE, AS_OF, "单位工会主席", "同意")
            decide_step(
                u, step, acting_union_id=tree.unit.id, actor=OFFICER, as_of=AS_OF, scope=unit
            )
            apps.append(app.id)
        officer, password = f.user(u, Role.DISTRICT_OFFICER, tree.district.id)
        u.commit()
    return County(call.id, (apps[0], apps[1]), (officer.username, password))


def _team(u, tree: f.Tree, n: int):  # type: ignore[no-untyped-def]
    """A team of a 市级劳动模范 and four members, running since 2018 [L 二（一）]."""
    leader = f.person(
        u, name=f"王刚{n}", honours=(HonourInput(Honour.CITY_MODEL_WORKER, 2018),),
        union_id=tree.unit.id,
    )  # fmt: skip
    shop = create_workshop(
        u,
        NewWorkshop(
            name=f"乐山某机械有限公司王刚{n}劳模和工匠人才创新工作室",
            host_unit_name="乐山某机械有限公司",
            host_unit_nature=UnitNature.NON_PUBLIC,
            unit_union_id=tree.unit.id,
            founded_on=date(2018, 1, 1),
            leader_person_id=leader.id,
        ),
        as_of=AS_OF,
        scope=EVERYTHING,
    )
    for i in range(4):
        member = f.person(u, name=f"队员{n}{i}", honours=())
        add_member(
            u, shop.id, NewMember(member.id, joined_on=date(2018, 1, 1)), as_of=AS_OF,
            scope=EVERYTHING,
        )  # fmt: skip
    return shop


def _batches(html: str) -> str:
    found = re.search(r'<section class="card" id="batches">(.*?)</section>', html, re.S)
    assert found is not None, html
    return found.group(1)


def test_a_county_ranks_without_shanghais_columns_and_its_summary_names_the_signer(
    site: Site, tmp_path: Path
) -> None:
    county = _county(site, tmp_path)
    browser = log_in(site.client(), *county.officer)
    url = f"/intake/calls/{county.call_id}"
    page = browser.get(url)
    assert "待本单位推荐" in page.text
    batches = _batches(page.text)
    assert "非公企业" not in batches
    assert "优先项" not in batches
    for rank, app_id in enumerate(county.application_ids, start=1):
        action = f"/intake/applications/{app_id}/batch"
        listed = browser.post(
            action, data={"csrf_token": csrf_of(page.text, action), "rank": str(rank)}
        )
        assert listed.status_code == 303, listed.text
        page = browser.get(url)
    batches = _batches(page.text)
    assert "非公企业" not in batches  # nor beside each listed member
    assert "已排序（1至2）" in batches
    with site.uow() as u:
        (batch,) = IntakeRepository(u.session).batches(county.call_id, Scope.everything())
        batch_id, version = batch.id, batch.version
    action = f"/intake/batches/{batch_id}/submit"
    data = {
        "csrf_token": csrf_of(page.text, action),
        "expected_version": str(version),
        "signer": "何静",
    }
    submitted = browser.post(action, data=data)
    assert submitted.status_code == 303, submitted.text

    for address in (
        f"/intake/batches/{batch_id}/statistics.xlsx",
        f"/api/v1/intake/batches/{batch_id}/xlsx",
    ):
        got = browser.get(address)
        assert got.status_code == 200, address
        disposition = got.headers["content-disposition"]
        assert quote(f"{SUMMARY}-市中区总工会.xlsx") in disposition, address
        assert quote("统计表-") not in disposition, address
        ws = load_workbook(BytesIO(got.content))[SUMMARY]
        assert ws.cell(2, 1).value == "推荐单位（盖章）：市中区总工会"
        assert ws.cell(2, 5).value == "填报人：何静"
        header = [c.value for c in ws[3]]
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)][:2]
        assert [r[0] for r in rows] == [1, 2]
        for key, column in (
            ("area", "工作场地面积（㎡）"),
            ("funds", "年均专项经费（万元）"),
            ("benefit", "创新成果转化应用节创经济效益累计（万元）"),
        ):
            cells = [r[header.index(column)] for r in rows]
            # Numbers Excel sums, not text with a green triangle.
            assert all(isinstance(v, (int, float)) for v in cells), (column, cells)
            assert [Decimal(str(v)) for v in cells] == [Decimal(FIGURES[key])] * 2
