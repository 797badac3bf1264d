"""A rule kept by a unique key, raced: the same request sent ten times at once through the API
(a double click, two tabs, a retrying client) writes one row, and every other answer is the
rule's own refusal — its code, message and field, as the check before the insert gives it to a
request that comes a moment later. Fresh databases, real threads, both backends.

Before, on PostgreSQL a request that passed the check while the winner's row was not yet
committed failed at the unique key and answered the bare 409 ``integrity_error``
「数据与已有记录冲突（可能刚被他人同时提交），请刷新后重试」 (SQLite's writers queue, so there
the check already saw the winner). Each repository now inserts in a savepoint and, losing, asks
the use case's check again (``lifecycle.db.lost_race.refused_as_checked``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.app import create_app
from lifecycle.accounts.model import User
from lifecycle.accounts.service import issue_token
from lifecycle.changes.model import ChangeMeasure, ChangeReason, ChangeRequest, ChangeStep
from lifecycle.changes.service import FileChangeRequest, approve_step, file_change_request
from lifecycle.config import Settings
from lifecycle.craftsman_title import service as craftsman
from lifecycle.craftsman_title.model import CraftsmanSelection, LocalSelection
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.intake.model import IntakeCall
from lifecycle.leaders.model import ContinuationConsent, LeaderEvent
from lifecycle.persons.model import Person
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union, UnionContact
from lifecycle.unions.service import DUPLICATE_EMAIL
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import EmploymentStatus, Role
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.test_concurrent_writes import NOW, at_once

AT_ONCE = 10  # requests released together


@dataclass
class World:
    settings: Settings
    url: str
    city: int
    district: int
    district_name: str
    unit: int
    consenting_title: int  # a Yangpu title whose leader is past the legal age [Y13]
    workshop: int  # its team
    leader: int  # its leader, 冯老师
    selection: int  # the 2026 上海工匠 call [G]
    tokens: dict[str, str]  # who → API token
    tree: f.Tree  # its unions, as loaded (for titles a test adds)


@pytest.fixture
def world(fresh_database_url: str, tmp_path: Path) -> World:
    """Shanghai's tree, a Yangpu title led past the legal age, the 2026 工匠 call, and a user
    of each role that writes these rules: the administrator (contacts), the district officer,
    the city officer (district unions, the year's call)."""
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            leader = f.person(u, name="冯老师", birth_date=date(1965, 3, 2), union_id=tree.unit.id)
            title = f.named_designation(u, tree, shop=lf.led_workshop(u, tree, leader))
            selection = craftsman.open_selection(
                u,
                craftsman.OpenSelection(
                    2026, date(2026, 6, 1), date(2026, 7, 15), date(2026, 7, 31)
                ),
                scope=EVERYTHING,
                as_of=date(2026, 6, 1),
            )
            tokens = {}
            for who, role, union in (
                ("admin", Role.ADMIN, tree.city),
                ("district", Role.DISTRICT_OFFICER, tree.district),
                ("city", Role.CITY_OFFICER, tree.city),
            ):
                principal, _ = f.user(u, role, union.id)
                tokens[who] = issue_token(u, principal, "并发", NOW.astimezone(UTC)).plaintext
            u.commit()
            ids = (tree.city.id, tree.district.id, tree.district.name, tree.unit.id, title.id,
                   title.workshop_id, leader.id, selection.id)  # fmt: skip
    finally:
        engine.dispose()
    settings = Settings(
        database_url=fresh_database_url, files_dir=tmp_path / "files", base_url="http://testserver"
    )
    return World(settings, fresh_database_url, *ids, tokens, tree)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(world.settings, clock=lambda: NOW)) as c:
        yield c


def raced(client: TestClient, world: World, who: str, path: str, **sent: Any) -> list[Any]:
    """The same POST sent ``AT_ONCE`` times at once as ``who``: each answer's status and JSON."""
    headers = {"Authorization": f"Bearer {world.tokens[who]}"}

    def post() -> tuple[int, dict[str, Any]]:
        answer = client.post(path, headers=headers, **sent)
        return answer.status_code, answer.json()

    return at_once([post] * AT_ONCE)


def one_written_the_rest_refused(
    results: list[Any], *, written: int, field: str, message: str, code: str = "duplicate"
) -> None:
    """One answer ``written`` (201, 200); every other the rule's 422 ``code`` on ``field``
    saying ``message``, as its check says it — never ``integrity_error``."""
    statuses = sorted(status for status, _ in results)
    assert statuses == sorted([written] + [422] * (AT_ONCE - 1)), results
    for status, answer in results:
        if status != written:
            error = answer["error"]
            assert (error["code"], error["field"], error["message"]) == (
                code,
                field,
                message,
            ), error


def rows(world: World, table: type[Any], *where: Any) -> int:
    """How many rows of ``table`` match ``where``, committed."""
    engine = make_engine(world.url)
    try:
        with UnitOfWork(make_session_factory(engine), read_only=True) as u:
            return u.session.scalar(select(func.count()).select_from(table).where(*where)) or 0
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("level", "name", "message"),
    [
        ("sector", "殷行街道总工会", "同一上级下已有同名工会"),
        # A 社团 is registered once in its city [G] 二（二）: the check says so, first.
        ("association", "上海市机械工程学会", "本市已登记同名社团，同一社团只登记一次"),
    ],
)
def test_one_union_added_at_once_under_one_parent_is_one_union(
    world: World, client: TestClient, level: str, name: str, message: str
) -> None:
    body = {"name": name, "level": level, "parent_id": world.district}
    results = raced(client, world, "district", "/api/v1/unions", json=body)
    one_written_the_rest_refused(results, written=201, field="name", message=message)
    assert rows(world, Union, Union.parent_id == world.district, Union.name == name) == 1


def test_one_contact_added_at_once_to_a_union_is_one_contact(
    world: World, client: TestClient
) -> None:
    body = {"name": "李干事", "email": "li@unit.example.cn", "role": "unit_contact"}
    path = f"/api/v1/unions/{world.unit}/contacts"
    results = raced(client, world, "admin", path, json=body)
    one_written_the_rest_refused(results, written=201, field="email", message=DUPLICATE_EMAIL)
    assert rows(world, UnionContact, UnionContact.email == "li@unit.example.cn") == 1


def test_contacts_corrected_at_once_to_one_e_mail_leave_one_holding_it(
    world: World, client: TestClient
) -> None:
    """Ten contacts of one union each corrected to the same new mailbox at once: one holds it,
    every other correction is refused as the check refuses a mailbox the union has."""
    headers = {"Authorization": f"Bearer {world.tokens['admin']}"}
    path = f"/api/v1/unions/{world.unit}/contacts"
    ids = []
    for n in range(AT_ONCE):
        body = {"name": f"联系人{n}", "email": f"c{n}@unit.example.cn", "role": "unit_contact"}
        added = client.post(path, json=body, headers=headers)
        assert added.status_code == 201, added.text
        ids.append(added.json()["id"])

    def correct(contact: int) -> Any:
        def call() -> tuple[int, dict[str, Any]]:
            sent = {"email": "office@unit.example.cn"}
            answer = client.patch(f"{path}/{contact}", json=sent, headers=headers)
            return answer.status_code, answer.json()

        return call

    results = at_once([correct(contact) for contact in ids])
    one_written_the_rest_refused(results, written=200, field="email", message=DUPLICATE_EMAIL)
    assert rows(world, UnionContact, UnionContact.email == "office@unit.example.cn") == 1


def test_one_user_added_at_once_under_one_username_is_one_user(
    world: World, client: TestClient
) -> None:
    """The administrator adding the same account ten times at once: one user. (A user's e-mail
    is no unique rule: two accounts may share a mailbox.)"""
    body = {
        "username": "zhao-gs",
        "display_name": "赵干事",
        "password": "correct-horse-2026",
        "role": "unit_contact",
        "union_id": world.unit,
        "email": "zhao@unit.example.cn",
    }
    results = raced(client, world, "admin", "/api/v1/users", json=body)
    one_written_the_rest_refused(results, written=201, field="username", message="用户名已被使用")
    assert rows(world, User, User.username == "zhao-gs") == 1


def test_one_call_opened_at_once_is_one_call(world: World, client: TestClient) -> None:
    """The district publishing its 2027 call ten times at once [Y7]: one call."""
    body = {
        "scheme": "yangpu-district",
        "year": 2027,
        "title": "2027年度杨浦区创新工作室申报",
        "opens_on": "2026-11-01",
        "deadline": "2026-12-20",
    }
    results = raced(client, world, "district", "/api/v1/intake/calls", json=body)
    said = f"{world.district_name}已发布2027年度该类申报通知"
    one_written_the_rest_refused(results, written=201, field="year", message=said)
    assert rows(world, IntakeCall, IntakeCall.year == 2027) == 1


def test_one_local_selection_recorded_at_once_is_one_selection(
    world: World, client: TestClient
) -> None:
    """The district union recording its own 2026 工匠 selection ten times at once [G] 五（二）."""
    body = {"union_id": world.district, "participants": 120, "local_craftsmen": 8}
    path = f"/api/v1/craftsman-selections/{world.selection}/local-selections"
    results = raced(client, world, "district", path, json=body)
    said = f"{world.district_name}已登记2026年度工匠选树情况"
    one_written_the_rest_refused(results, written=201, field="union_id", message=said)
    assert rows(world, LocalSelection, LocalSelection.union_id == world.district) == 1


def test_one_continuation_consent_recorded_at_once_is_one_consent(
    world: World, client: TestClient
) -> None:
    """The leader's and unit's consent to go on past the legal age [Y13], posted ten times at
    once with its signed form: one consent."""
    typed = {"leader_consented_on": "2025-02-01", "leader_signer": "冯老师",
             "unit_consented_on": "2025-02-03", "unit_signer": "单位工会主席"}  # fmt: skip
    upload = {"file": ("同意书.pdf", b"%PDF-1.4\n% signed consent\n", "application/pdf")}
    path = f"/api/v1/designations/{world.consenting_title}/continuation-consents"
    results = raced(client, world, "district", path, data=typed, files=upload)
    said = "已登记带头人冯老师继续领衔的同意"
    one_written_the_rest_refused(results, written=201, field="designation_id", message=said)
    title = ContinuationConsent.designation_id == world.consenting_title
    assert rows(world, ContinuationConsent, title) == 1


def test_one_union_of_a_region_added_at_once_is_one_union(world: World, client: TestClient) -> None:
    """Ten district unions of one new region, each its own name, added at once: one carries the
    region, every other is refused as the check refuses a region a district union has [Y7]."""
    headers = {"Authorization": f"Bearer {world.tokens['city']}"}

    def add(n: int) -> Any:
        def call() -> tuple[int, dict[str, Any]]:
            body = {"name": f"新区{n}总工会", "level": "district", "parent_id": world.city,
                    "region_code": "xinqu"}  # fmt: skip
            answer = client.post("/api/v1/unions", json=body, headers=headers)
            return answer.status_code, answer.json()

        return call

    results = at_once([add(n) for n in range(AT_ONCE)])
    [holder] = [answer["name"] for status, answer in results if status == 201]
    said = f"该地区代码已由{holder}使用，同一层级只能有一个工会使用"
    one_written_the_rest_refused(
        results, written=201, field="region_code", message=said, code="region_taken"
    )
    assert rows(world, Union, Union.region_code == "xinqu") == 1


def test_one_years_call_opened_at_once_is_one_call(world: World, client: TestClient) -> None:
    """The city opening the 2027 上海工匠 call ten times at once [G] 二（三）: one call."""
    body = {"year": 2027, "self_opens": "2027-06-01", "self_closes": "2027-07-15",
            "union_deadline": "2027-07-31"}  # fmt: skip
    results = raced(client, world, "city", "/api/v1/craftsman-selections", json=body)
    one_written_the_rest_refused(results, written=201, field="year", message="2027年度选树已开启")
    assert rows(world, CraftsmanSelection, CraftsmanSelection.year == 2027) == 1


def test_one_leader_event_recorded_at_once_is_one_event(world: World, client: TestClient) -> None:
    """The district recording the leader's departure ten times at once: one event, the leader
    left; every other answer is the check's refusal, not the bare conflict nor the person's
    「记录已在您打开后被修改」 (the event is written before the leader's status)."""
    body = {"kind": "departure", "occurred_on": "2026-11-20", "source": "单位人事部门通知"}
    path = f"/api/v1/workshops/{world.workshop}/leader-events"
    results = raced(client, world, "district", path, json=body)
    said = "已登记过带头人冯老师的该类情况"
    one_written_the_rest_refused(results, written=201, field="kind", message=said)
    assert rows(world, LeaderEvent, LeaderEvent.workshop_id == world.workshop) == 1
    left = (Person.id == world.leader, Person.employment_status == EmploymentStatus.LEFT)
    assert rows(world, Person, *left) == 1


def test_one_district_union_of_a_name_and_region_added_at_once_is_one_union(
    world: World, client: TestClient
) -> None:
    """The same district union, a new region's, added ten times at once: one union, every other
    answer both refusals a request coming a moment later is given — the name under the city and
    the region — whichever of the check's reads saw the winner (before, a request whose name
    read missed it and whose region read saw it was refused for the region alone, and one that
    lost at the unique key for the name alone)."""
    body = {"name": "新区总工会", "level": "district", "parent_id": world.city,
            "region_code": "xinqu"}  # fmt: skip
    results = raced(client, world, "city", "/api/v1/unions", json=body)
    said = [
        ("name", "duplicate", "同一上级下已有同名工会"),
        ("region_code", "region_taken", "该地区代码已由新区总工会使用，同一层级只能有一个工会使用"),
    ]
    assert sorted(status for status, _ in results) == [201] + [422] * (AT_ONCE - 1), results
    refusals = [answer["error"] for status, answer in results if status == 422]
    for error in refusals:
        assert (error["code"], error["field"]) == ("duplicate", "name"), error
        assert [(p["field"], p["code"], p["message"]) for p in error["problems"]] == said, error
    assert len({error["message"] for error in refusals}) == 1, refusals
    assert rows(world, Union, Union.region_code == "xinqu") == 1


def craftsman_titles(world: World, count: int) -> list[tuple[int, int, int]]:
    """``count`` 上海市工匠创新工作室 titles of the world's unit, each led by a 上海工匠 of its
    own: (title, workshop, leader) of each."""
    engine = make_engine(world.url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            made = [lf.titled(u, world.tree, scheme="shanghai-craftsman") for _ in range(count)]
            u.commit()
            return [(d.id, d.workshop_id, d.workshop.leader_person_id) for d in made]
    finally:
        engine.dispose()


def test_one_change_request_filed_at_once_for_a_title_is_one_request(
    world: World, client: TestClient
) -> None:
    """The district filing a title's 附件3 ten times at once [C 三（六）]: one request, every
    other answer the check's refusal naming it by its number (before, a request that lost at
    the unique index of a title's open request was told so without the number)."""
    [(title, _, _)] = craftsman_titles(world, 1)
    body = {"reason": "other", "reason_details": "领衔工匠长期外派，不能继续发挥示范引领作用",
            "measure": "exit_keeping_title", "filed_on": "2026-11-02"}  # fmt: skip
    path = f"/api/v1/designations/{title}/change-requests"
    results = raced(client, world, "district", path, json=body)
    [filed] = [answer["id"] for status, answer in results if status == 201]
    said = f"该工作室已有未办结的管理变更申请（第{filed}号），不能重复提出"
    one_written_the_rest_refused(
        results, written=201, field="designation_id", message=said, code="already_open"
    )
    assert rows(world, ChangeRequest, ChangeRequest.designation_id == title) == 1


def test_a_leaders_departure_and_death_recorded_at_once_are_one_end(
    world: World, client: TestClient
) -> None:
    """The leader's departure and death each posted five times at once: one event is recorded
    and the leader's status follows it; every other answer is the refusal a request coming a
    moment later gets — the same kind 「已登记过…」, the other kind 「带头人…已离职，不能再登记
    已故…」 — never the person's version conflict 「记录已在您打开后被修改」 (409) a request
    that lost to the other kind got before."""
    headers = {"Authorization": f"Bearer {world.tokens['district']}"}
    path = f"/api/v1/workshops/{world.workshop}/leader-events"
    kinds = ["departure", "death"] * (AT_ONCE // 2)
    label = {"departure": "离职", "death": "已故"}
    status_of = {"departure": EmploymentStatus.LEFT, "death": EmploymentStatus.DECEASED}

    def record(kind: str) -> Any:
        def call() -> tuple[int, dict[str, Any]]:
            body = {"kind": kind, "occurred_on": "2026-11-20", "source": "单位人事部门通知"}
            answer = client.post(path, json=body, headers=headers)
            return answer.status_code, answer.json()

        return call

    results = at_once([record(kind) for kind in kinds])
    [won] = [kind for kind, (status, _) in zip(kinds, results, strict=True) if status == 201]
    for kind, (status, answer) in zip(kinds, results, strict=True):
        if status == 201:
            continue
        assert status == 422, answer
        error = answer["error"]
        if kind == won:
            assert (error["code"], error["message"]) == (
                "duplicate",
                "已登记过带头人冯老师的该类情况",
            ), error
        else:
            said = (
                f"带头人冯老师已{label[won]}，不能再登记{label[kind]}："
                "请办理带头人变更或管理变更申请（附件3）"
            )
            assert (error["code"], error["field"], error["message"]) == (
                "leader_gone",
                "kind",
                said,
            ), error
    assert rows(world, LeaderEvent, LeaderEvent.workshop_id == world.workshop) == 1
    ended = (Person.id == world.leader, Person.employment_status == status_of[won])
    assert rows(world, Person, *ended) == 1


def test_a_departure_recorded_as_the_city_decides_the_change_request_it_reports_is_one_event(
    world: World, client: TestClient
) -> None:
    """Three titles' 附件3 report their leader left (离职), filed without the event and agreed by
    the unit and the district; the city deciding each while the district records each leader's
    departure at once [C 三（六）]. Every decision goes through — a departure recorded
    meanwhile is what the decision would record, nothing is left to settle — and every event
    is recorded or refused as recorded already; never the bare 409 (before: the decision that
    lost at the event's unique key or at the leader's version). One departure a leader."""
    titles = craftsman_titles(world, 3)
    engine = make_engine(world.url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            requests = []
            for title, _, _ in titles:
                filing = FileChangeRequest(
                    designation_id=title, acting_union_id=world.unit, reason=ChangeReason.LEFT,
                    reason_details="领衔工匠已于2026年10月离职",
                    measure=ChangeMeasure.EXIT_KEEPING_TITLE, filed_on=date(2026, 11, 2),
                    filed_by="单位工会赵主席",
                )  # fmt: skip
                request = file_change_request(
                    u, filing, actor=f.OFFICER, as_of=f.AS_OF, scope=EVERYTHING
                )
                for step, union, on in (
                    (ChangeStep.UNIT, world.tree.unit, date(2026, 11, 3)),
                    (ChangeStep.DISTRICT, world.tree.district, date(2026, 11, 4)),
                ):
                    approve_step(
                        u, lf.decision(request, step, union.id, on=on),
                        actor=f.acting(union), as_of=f.AS_OF, scope=f.SYSTEM_SCOPE,
                    )  # fmt: skip
                requests.append(request.id)
            u.commit()
    finally:
        engine.dispose()

    def post(who: str, path: str, body: dict[str, str]) -> Any:
        headers = {"Authorization": f"Bearer {world.tokens[who]}"}

        def call() -> tuple[int, dict[str, Any]]:
            answer = client.post(path, json=body, headers=headers)
            return answer.status_code, answer.json()

        return call

    decide = {"decision": "approve", "decided_on": "2026-11-20", "signer": "市工匠办刘主任",
              "opinion": "同意"}  # fmt: skip
    left = {"kind": "departure", "occurred_on": "2026-10-31", "source": "单位人事部门通知"}
    calls = []
    for request, (_, workshop, _) in zip(requests, titles, strict=True):
        calls.append(post("city", f"/api/v1/change-requests/{request}/city", decide))
        calls.append(post("district", f"/api/v1/workshops/{workshop}/leader-events", left))
    results = at_once(calls)
    decided, recorded = results[0::2], results[1::2]
    assert [status for status, _ in decided] == [200] * len(titles), decided
    for status, answer in recorded:
        assert status in {201, 422}, answer
        if status == 422:
            error = answer["error"]
            assert (error["code"], error["field"]) == ("duplicate", "kind"), error
            assert error["message"].startswith("已登记过带头人"), error
    for _, workshop, leader in titles:
        assert rows(world, LeaderEvent, LeaderEvent.workshop_id == workshop) == 1
        gone = (Person.id == leader, Person.employment_status == EmploymentStatus.LEFT)
        assert rows(world, Person, *gone) == 1
