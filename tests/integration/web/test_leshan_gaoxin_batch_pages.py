"""「县（市、区）总工会、高新区工会至少申报2个，其他基层工会按实际情况进行申报」 [L 一] on the call
page: the 乐山高新区工会's batch of one is held to the minimum in the notice's words, naming the
高新区工会 beside the 县（市、区）总工会, and cannot be sent; a 市级系统工会 recommending one is not
held to it; the import page tells a 乐山 administrator that the 地区代码 is what marks the unions
held to it (both backends).

Before: 「县（市、区）总工会至少申报2个」 to the 高新区工会 too, and nothing on the import page said
which unions carry a 地区代码."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from lifecycle.citations import TITLES
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
from lifecycle.unions.model import Union
from lifecycle.unions.service import NewUnion, create_union
from lifecycle.vocab import Honour, Role, UnionLevel, UnitNature
from lifecycle.workshops.service import NewMember, NewWorkshop, add_member, create_workshop
from tests import factories as f
from tests.intake_factories import AS_OF, CITY, OFFICER, at, attach_required, leshan_form
from tests.integration.web.conftest import Site, csrf_of, log_in

MINIMUM = "县（市、区）总工会、高新区工会至少申报2个"


def _one_recommended(  # type: ignore[no-untyped-def]
    u, city: Union, call_id: int, storage: FileStorage, name: str, region: str | None
):
    """A district-level union under 乐山市总工会 (``region``: its 地区代码, or None), one unit
    under it whose one application waits for its recommendation; its officer's login."""
    union = create_union(u, NewUnion(name, UnionLevel.DISTRICT, city.id, region_code=region))
    unit = create_union(u, NewUnion(f"{name}某公司工会", UnionLevel.UNIT, union.id))
    leader = f.person(
        u, name=f"{name}带头人", honours=(HonourInput(Honour.CITY_MODEL_WORKER, 2018),),
        union_id=unit.id,
    )  # fmt: skip
    shop = create_workshop(
        u,
        NewWorkshop(
            name=f"{name}某公司{leader.name}劳模和工匠人才创新工作室",
            host_unit_name=f"{name}某公司",
            host_unit_nature=UnitNature.STATE_OWNED,
            unit_union_id=unit.id,
            founded_on=date(2018, 1, 1),
            leader_person_id=leader.id,
        ),
        as_of=AS_OF,
        scope=EVERYTHING,
    )
    for i in range(4):
        member = f.person(u, name=f"{name}队员{i}", honours=())
        add_member(
            u, shop.id, NewMember(member.id, joined_on=date(2018, 1, 1)), as_of=AS_OF,
            scope=EVERYTHING,
        )  # fmt: skip
    scope = Scope.subtree(unit.path)
    app = start_application(
        u, NewApplication(call_id, shop.id, {**leshan_form(), "studio_name": shop.name}),
        actor=OFFICER, now=f.at_ten(AS_OF), scope=scope, own_path=unit.path,
    )  # fmt: skip
    attach_required(u, storage, app.id)
    submit(u, app.id, actor=OFFICER, now=at(AS_OF), scope=scope)
    step = StepDecision(app.id, "unit", Action.APPROVE, AS_OF, "单位工会主席", "同意")
    decide_step(u, step, acting_union_id=unit.id, actor=OFFICER, as_of=AS_OF, scope=scope)
    officer, password = f.user(u, Role.DISTRICT_OFFICER, union.id)
    return app.id, union.id, (officer.username, password)


def _batch_text(html: str) -> str:
    found = re.search(r'<section class="card" id="batches">(.*?)</section>', html, re.S)
    assert found is not None, html
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_gaoxin_union_is_held_to_two_and_a_city_system_union_is_not(
    site: Site, tmp_path: Path
) -> None:
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
        gaoxin_app, gaoxin_id, gaoxin = _one_recommended(
            u, tree.city, call.id, storage, "乐山高新区工会", "leshan-gaoxin"
        )
        system_app, system_id, system = _one_recommended(
            u, tree.city, call.id, storage, "乐山市教育工会", None
        )
        u.commit()
        call_id = call.id
    url = f"/intake/calls/{call_id}"
    for app_id, union_id, login, held in (
        (gaoxin_app, gaoxin_id, gaoxin, True),
        (system_app, system_id, system, False),
    ):
        browser = log_in(site.client(), *login)
        page = browser.get(url)
        action = f"/intake/applications/{app_id}/batch"
        listed = browser.post(action, data={"csrf_token": csrf_of(page.text, action), "rank": "1"})
        assert listed.status_code == 303, listed.text
        page = browser.get(url)
        batch = _batch_text(page.text)
        if held:
            assert f"{MINIMUM}，本批次1个" in batch, batch
            assert "不符合" in batch, batch
            assert TITLES["L"] in batch
        else:
            assert "至少申报" not in batch, batch  # 其他基层工会按实际情况进行申报
        with site.uow() as u:
            batches = IntakeRepository(u.session).batches(call_id, Scope.everything())
            (own,) = [b for b in batches if b.union_id == union_id]
            batch_id, version = own.id, own.version
        action = f"/intake/batches/{batch_id}/submit"
        sent = browser.post(
            action,
            data={
                "csrf_token": csrf_of(page.text, action),
                "expected_version": str(version),
                "signer": "经办人",
            },
        )
        if held:
            assert sent.status_code == 422, sent.text
            assert MINIMUM in sent.text
        else:
            assert sent.status_code == 303, sent.text


def test_the_leshan_import_page_says_which_unions_carry_a_region_code(site: Site) -> None:
    with site.uow() as u:
        tree = f.leshan_tree(u)
        principal, password = f.user(u, Role.CITY_OFFICER, tree.city.id)
        u.commit()
    page = log_in(site.client(), principal.username, password).get("/adoption")
    assert page.status_code == 200, page.text
    assert (
        "各县（市、区）总工会和乐山高新区工会填写地区代码"
        "（每个工会一个、互不相同，如 leshan-gaoxin），"
        f"其推荐须至少申报2个（{TITLES['L']}一）"
    ) in page.text
    assert "市级系统工会、市属企业工会、景区管委会工会等其他推荐单位不填地区代码" in page.text
