"""Two officers recording the same 考核 step of a title at the same instant [S9]: one is
recorded, the other is refused 409 `step_already_done` naming the union, the signer and the
date of the one recorded, whether it lost before the version check (it read the first one's
step) or at the same instant (both passed the check; the database stopped the second one's
write, and the service read again). Real threads on fresh databases, both backends.

Before, the simultaneous loser got the bare 「记录已被他人修改，请刷新后重试」 (a lost version)
or 「数据与已有记录冲突…」 (both inserting the year's row), and one caught earlier
「…当前环节为：…，不能登记单位工会环节」, naming neither who recorded it nor when."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from lifecycle.accounts.service import issue_token
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests.integration.api.conftest import CRITERIA
from tests.integration.test_concurrent_writes import NOW, at_once

TITLES = 4  # races run side by side: more chances that both pass the check at once


@dataclass
class Titles:
    settings: Settings
    ids: list[int]
    unit_name: str
    district_name: str
    tokens: dict[str, str]  # who → API token
    yangpu: list[int]  # Yangpu titles at their first cycle's end [Y12]


@pytest.fixture
def titles(fresh_database_url: str, tmp_path: Path) -> Titles:
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            ids = [
                f.named_designation(
                    u, tree, scheme="shanghai-model-worker", naming_date=date(2024, 7, 5)
                ).id
                for _ in range(TITLES)
            ]
            yangpu = [f.named_designation(u, tree, naming_date=date(2020, 10, 16)).id for _ in "ab"]
            tokens = {}
            for who, role, union in (
                ("unit_a", Role.UNIT_CONTACT, tree.unit),
                ("unit_b", Role.UNIT_CONTACT, tree.unit),
                ("district_a", Role.DISTRICT_OFFICER, tree.district),
                ("district_b", Role.DISTRICT_OFFICER, tree.district),
            ):
                principal, _ = f.user(u, role, union.id)
                tokens[who] = issue_token(u, principal, "并发", NOW.astimezone(UTC)).plaintext
            u.commit()
            unit_name, district_name = tree.unit.name, tree.district.name
    finally:
        engine.dispose()
    settings = Settings(
        database_url=fresh_database_url, files_dir=tmp_path / "files", base_url="http://testserver"
    )
    return Titles(settings, ids, unit_name, district_name, tokens, yangpu)


@pytest.fixture
def client(titles: Titles) -> Iterator[TestClient]:
    with TestClient(create_app(titles.settings, clock=lambda: NOW)) as c:
        yield c


def _post(client: TestClient, titles: Titles, who: str, title: int, body: dict[str, object]):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {titles.tokens[who]}"}
    return lambda: client.post(
        f"/api/v1/designations/{title}/assessments", json=body, headers=headers
    )


def _one_recorded_one_told_who(results: list[object], signers: list[str], said: str) -> None:
    """Of a pair, one 200 and one 409 naming the winner's signer and ``said`` (its union,
    date, verdict and where the 考核 stands)."""
    codes = [getattr(r, "status_code", r) for r in results]
    assert sorted(codes) == [200, 409], codes  # type: ignore[type-var]
    won = codes.index(200)
    lost = results[1 - won]
    error = lost.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] == "step_already_done", error
    assert error["message"] == said.format(signer=signers[won]), error


def test_two_unit_officers_recording_one_years_step_at_once(
    titles: Titles, client: TestClient
) -> None:
    step = {"year": 2026, "step": "unit", "passed": True, "decided_on": "2026-11-02",
            "opinion": "合格"}  # fmt: skip
    signers = ["赵主席", "钱副主席"]
    calls = []
    for title in titles.ids:  # the year's row is inserted by both: a unique key decides
        for who, signer in zip(("unit_a", "unit_b"), signers, strict=True):
            calls.append(_post(client, titles, who, title, {**step, "signer": signer}))
    results = at_once(calls)
    said = (
        f"2026年度考核的单位工会考核已由{titles.unit_name}（签署人：{{signer}}）于2026年11月2日"
        "登记（合格），当前环节为：待区局（产业）工会考核；您的意见未保存，请刷新后查看"
    )
    for k in range(len(titles.ids)):
        _one_recorded_one_told_who(results[2 * k : 2 * k + 2], signers, said)


def test_two_district_officers_on_the_version_they_both_read(
    titles: Titles, client: TestClient
) -> None:
    unit = {"year": 2026, "step": "unit", "passed": True, "decided_on": "2026-11-02",
            "opinion": "合格", "signer": "赵主席"}  # fmt: skip
    versions = {}
    for title in titles.ids:
        done = _post(client, titles, "unit_a", title, unit)()
        assert done.status_code == 200, done.text
        versions[title] = done.json()["version"]
    signers = ["孙部长", "李部长"]
    calls = []
    for title in titles.ids:  # both send the version they read: the row's version decides
        body = {"year": 2026, "step": "district", "passed": True, "decided_on": "2026-11-03",
                "opinion": "合格", "expected_version": versions[title]}  # fmt: skip
        for who, signer in zip(("district_a", "district_b"), signers, strict=True):
            calls.append(_post(client, titles, who, title, {**body, "signer": signer}))
    results = at_once(calls)
    said = (
        f"2026年度考核的区局（产业）工会考核已由{titles.district_name}（签署人：{{signer}}）"
        "于2026年11月3日登记（合格），当前环节为：考核合格；您的意见未保存，请刷新后查看"
    )
    for k in range(len(titles.ids)):
        _one_recorded_one_told_who(results[2 * k : 2 * k + 2], signers, said)


def test_two_district_officers_recording_one_inspections_result_at_once(
    titles: Titles, client: TestClient
) -> None:
    """The same for a cycle-end inspection's result [Y12]: one recorded (its fail issues one
    整改通知), the other 409 ``already_recorded`` naming who recorded it, when and how."""
    headers = [
        {"Authorization": f"Bearer {titles.tokens[who]}"} for who in ("district_a", "district_b")
    ]
    shops = titles.yangpu
    inspections = {}
    for title in shops:
        scheduled = client.post(
            f"/api/v1/designations/{title}/inspections",
            json={"kind": "cycle_end", "scheduled_on": "2026-11-20", "place": "现场",
                  "inspectors": "王干事"},
            headers=headers[0],
        )  # fmt: skip
        assert scheduled.status_code == 201, scheduled.text
        inspections[title] = (scheduled.json()["id"], scheduled.json()["version"])
    calls = []
    for inspection_id, version in inspections.values():
        for h, failing in zip(headers, ("team", "venue"), strict=True):
            outcomes = [{"criterion_code": c, "passed": c != failing, "notes": "现场"}
                        for c in CRITERIA]  # fmt: skip
            body = {"recorded_on": "2026-11-20", "outcomes": outcomes, "expected_version": version}
            calls.append(
                lambda i=inspection_id, b=body, h=h: client.post(
                    f"/api/v1/inspections/{i}/outcome", json=b, headers=h
                )
            )
    results = at_once(calls)
    for k in range(len(shops)):
        pair = results[2 * k : 2 * k + 2]
        codes = [getattr(r, "status_code", r) for r in pair]
        assert sorted(codes) == [200, 409], codes  # type: ignore[type-var]
        won = pair[codes.index(200)].json()  # type: ignore[union-attr]
        error = pair[codes.index(409)].json()["error"]  # type: ignore[union-attr]
        assert error["code"] == "already_recorded", error
        assert error["message"] == (
            f"该次检查结果已由{won['recorded_by']}于2026年11月20日登记（不合格），不能重复登记；"
            "您填写的结果未保存，请刷新后查看"
        )
