"""Users writing to one title at the same moment all succeed, and the occasion index (a projection
rewritten in each writing transaction) still equals the rules afterwards. Everything here commits
for real (fresh databases) and goes through the service, as its users do.

Before, each writer deleted the title's index entries and inserted them again unserialised: on
PostgreSQL the second writer's delete could not see the rows the first had just inserted, so its
insert (a COPY) broke the index's unique key, an HTTP 500.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from api.web.persons import record_values
from lifecycle.accounts.service import issue_token
from lifecycle.clock import SHANGHAI
from lifecycle.config import Settings
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.errors import IntegrityConflict
from lifecycle.funding.audit import SYSTEM_AUDITOR, run_audit
from lifecycle.ledgers.model import Achievement, Activity
from lifecycle.occasions import index
from lifecycle.occasions.index_model import KEY_COLUMNS, OccasionEntry, OccasionTally
from lifecycle.occasions.index_repository import TALLIED_COLUMNS
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Role
from tests import factories as f
from tests.factories import AS_OF
from tests.integration.web.conftest import csrf_of, log_in

NOW = datetime.combine(AS_OF, time(10, 0), tzinfo=SHANGHAI)


@dataclass
class Registry:
    settings: Settings
    url: str
    designation: int
    workshop: int
    leader: int
    neighbour: int  # another title's workshop in the same unit (the tally's keys are shared)
    users: dict[str, tuple[str, str, str]]  # who → (username, password, API token)


@pytest.fixture
def registry(fresh_database_url: str, tmp_path: Path) -> Registry:
    """A named title with its index built, and two users who may write its ledgers."""
    engine = make_engine(fresh_database_url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            tree = f.union_tree(u)
            d = f.named_designation(u, tree)
            neighbour = f.named_designation(u, tree).workshop_id
            users = {}
            for who, role, union in (
                ("unit", Role.UNIT_CONTACT, tree.unit),
                ("yangpu", Role.DISTRICT_OFFICER, tree.district),
                ("finance", Role.FINANCE, tree.district),
            ):
                principal, password = f.user(u, role, union.id)
                token = issue_token(u, principal, "并发", NOW.astimezone(UTC)).plaintext
                users[who] = (principal.username, password, token)
            u.commit()
            designation, workshop = d.id, d.workshop_id
            leader = d.workshop.leader_person_id
        with UnitOfWork(make_session_factory(engine)) as u:
            index.build(u, AS_OF, NOW)
            u.commit()
    finally:
        engine.dispose()
    settings = Settings(
        database_url=fresh_database_url, files_dir=tmp_path / "files", base_url="http://testserver"
    )
    return Registry(settings, fresh_database_url, designation, workshop, leader, neighbour, users)


@pytest.fixture
def client(registry: Registry) -> Iterator[TestClient]:
    with TestClient(create_app(registry.settings, clock=lambda: NOW)) as c:
        yield c


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run ``calls`` on threads of their own released together; their results in order."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(k: int) -> None:
        start.wait()
        try:
            results[k] = calls[k]()
        except Exception as err:  # a failure is a result the test reports
            results[k] = err

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def index_equals_the_rules(registry: Registry) -> None:
    """The stored entries and tally are what a build from scratch writes now."""
    engine = make_engine(registry.url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            entry_columns = [c for c in OccasionEntry.__table__.c if c.name != "id"]
            tally_columns = [*(getattr(OccasionTally, n) for n in KEY_COLUMNS)]
            tally_columns += [OccasionTally.entries, OccasionTally.mine]

            def stored() -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
                entries = {tuple(r) for r in u.session.execute(select(*entry_columns))}
                tally = {tuple(r) for r in u.session.execute(select(*tally_columns))}
                return entries, tally

            kept_entries, kept_tally = stored()
            counts: index.Counts = {}
            index.count(counts, u.session.execute(select(*TALLIED_COLUMNS)).mappings())
            recounted = {(*k, *n) for k, n in counts.items() if n[0]}
            assert kept_tally == recounted
            index.build(u, AS_OF, NOW)  # rolled back: only compared
            built_entries, built_tally = stored()
            assert kept_entries == built_entries
            assert kept_tally == built_tally
            assert kept_entries  # the title owes something: the comparison is not vacuous
    finally:
        engine.dispose()


def _person_form(registry: Registry) -> dict[str, str]:
    """The leader's record as the correction form shows it."""
    engine = make_engine(registry.url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            leader = u.persons.get(registry.leader, EVERYTHING)
            assert leader is not None
            return record_values(leader)
    finally:
        engine.dispose()


def _bearer(registry: Registry, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {registry.users[who][2]}"}


def test_two_users_posting_ledger_entries_to_one_workshop_at_once_both_succeed(
    registry: Registry, client: TestClient
) -> None:
    def ledger(workshop: int) -> str:
        return f"/api/v1/workshops/{workshop}/ledger"

    def activity(who: str, n: int) -> Callable[[], int]:
        body = {"held_on": "2026-11-20", "title": f"{who}的活动{n}", "participants": 5}
        return lambda: (
            client.post(
                f"{ledger(registry.workshop)}/activities", json=body, headers=_bearer(registry, who)
            ).status_code
        )

    def achievement(who: str, n: int, workshop: int) -> Callable[[], int]:
        body = {"kind": "invention_patent", "title": f"{who}的成果{n}", "achieved_on": "2026-11-20"}
        return lambda: (
            client.post(
                f"{ledger(workshop)}/achievements", json=body, headers=_bearer(registry, who)
            ).status_code
        )

    for n in range(3):  # pairs: one activity each, as the two users did
        assert at_once([activity("unit", n), activity("yangpu", n)]) == [201, 201]
    # 20 at once to one workshop, and 6 to another title of the same unit meanwhile.
    burst = [achievement(("unit", "yangpu")[n % 2], n, registry.workshop) for n in range(20)]
    burst += [achievement("unit", n, registry.neighbour) for n in range(20, 26)]
    assert at_once(burst) == [201] * 26
    engine = make_engine(registry.url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:
            assert len(u.session.scalars(select(Activity.id)).all()) == 6
            assert len(u.session.scalars(select(Achievement.id)).all()) == 26
    finally:
        engine.dispose()
    index_equals_the_rules(registry)


def test_browsers_writing_one_title_and_correcting_its_leader_at_once_all_succeed(
    registry: Registry,
) -> None:
    app = create_app(registry.settings, clock=lambda: NOW)
    with (
        TestClient(app, follow_redirects=False) as unit,
        TestClient(app, follow_redirects=False) as yangpu,
    ):
        for browser, who in ((unit, "unit"), (yangpu, "yangpu")):
            log_in(browser, *registry.users[who][:2])
        new = f"/designations/{registry.designation}/ledger/achievement"
        forms = {b: csrf_of(b.get(f"{new}/new").text) for b in (unit, yangpu)}
        person = f"/persons/{registry.leader}"
        correction = {
            **_person_form(registry),
            "employer": "上海某机械有限公司（更正）",
            "reason": "工作单位按劳动合同更正",
            "csrf_token": csrf_of(yangpu.get(person).text, person),
        }

        def achievement(browser: TestClient, n: int) -> Callable[[], int]:
            data = {
                "csrf_token": forms[browser],
                "kind": "invention_patent",
                "title": f"成果{n}",
                "achieved_on": "2026-11-20",
            }
            return lambda: browser.post(new, data=data).status_code

        def correct() -> int:
            return yangpu.post(person, data=correction).status_code

        results = at_once([achievement((unit, yangpu)[n % 2], n) for n in range(8)] + [correct])
        assert results == [303] * 9
    index_equals_the_rules(registry)


def test_spending_recorded_twice_at_once_keeps_the_findings_true(
    registry: Registry, client: TestClient
) -> None:
    """Each recording audits the title's money again (its findings are a projection too): two at
    once both succeed, and the findings are those of all the spending."""
    path = f"/api/v1/designations/{registry.designation}/expenditures"

    def spend(n: int) -> Callable[[], int]:
        body = {
            "spent_on": "2026-11-02",
            "amount_yuan": "100",
            "payee": f"书店{n}",
            "category": "books",
            "description": "书籍",
            "receipt_ref": f"票{n}",
        }
        return lambda: client.post(path, json=body, headers=_bearer(registry, "unit")).status_code

    for round_ in range(3):
        assert at_once([spend(2 * round_), spend(2 * round_ + 1)]) == [201, 201]
    findings = f"/api/v1/designations/{registry.designation}/findings"
    shown = client.get(findings, headers=_bearer(registry, "finance")).json()["items"]
    open_overspent = sorted(
        x["amount_fen"] for x in shown if x["kind"] == "overspent" and x["resolution"] is None
    )
    # No money was granted: each spending is overspent by its own 100 yuan (reading 33).
    assert open_overspent == [10_000] * 6
    engine = make_engine(registry.url)
    try:
        with UnitOfWork(make_session_factory(engine)) as u:  # rolled back: only compared
            again = run_audit(u, as_of=AS_OF, actor=SYSTEM_AUDITOR, scope=EVERYTHING)
            assert (again.stored, again.closed) == (0, ())  # an audit now finds nothing new
    finally:
        engine.dispose()
    index_equals_the_rules(registry)


def test_a_bulk_insert_breaking_a_unique_key_is_a_conflict_not_a_fault(uow) -> None:
    """Rows written in bulk (COPY on PostgreSQL, outside SQLAlchemy) that a unique key refuses
    are the 409 of any lost race, never the driver's own error (a 500)."""
    with uow() as u:
        tree = f.union_tree(u)
        f.named_designation(u, tree)
        index.build(u, AS_OF, NOW)
        columns = [c for c in OccasionEntry.__table__.c if c.name != "id"]
        stored = u.session.execute(select(*columns).limit(1)).mappings().one()
        with pytest.raises(IntegrityConflict):
            u.occasion_index.add([dict(stored)])


def test_one_off_grants_recorded_at_once_are_one_grant_and_refusals_that_say_so(
    registry: Registry, client: TestClient
) -> None:
    """Finance posting the one-off grant six times at once (a double click, two tabs): one is
    recorded and every other answer names the grant already recorded, as the check before the
    insert does (422, naming the grant recorded). Before, a request that lost the race on
    PostgreSQL at the partial unique index answered the bare 「数据与已有记录冲突」
    (``integrity_error``): the use case's handler caught SQLAlchemy's error, which the session
    had already turned into its own conflict; then a 409 without the grant's 文号."""
    path = f"/api/v1/designations/{registry.designation}/grants"
    body = {"kind": "one_off", "approval_ref": "杨工〔2026〕9号", "approved_on": "2026-11-02"}

    def grant() -> tuple[int, dict[str, Any]]:
        answer = client.post(path, json=body, headers=_bearer(registry, "finance"))
        return answer.status_code, answer.json()

    results = at_once([grant] * 6)
    assert sorted(status for status, _ in results) == [201] + [422] * 5, results
    refusals = [answer["error"] for status, answer in results if status != 201]
    for error in refusals:
        assert (error["code"], error["field"]) == ("duplicate_one_off", "kind"), error
        assert "一次性" in error["message"], error
        assert "不能重复登记" in error["message"], error
        assert "已登记的为杨工〔2026〕9号" in error["message"], error
    # The same refusal whichever way a request lost: at the check or at the unique index.
    assert len({error["message"] for error in refusals}) == 1, refusals
    shown = client.get(path, headers=_bearer(registry, "finance")).json()["items"]
    assert [g["approval_ref"] for g in shown if g["kind"] == "one_off"] == ["杨工〔2026〕9号"]


def test_one_expenditure_corrected_at_once_from_one_version_keeps_one_and_says_it_changed(
    registry: Registry, client: TestClient
) -> None:
    """Two tabs correcting the same expenditure from the version they showed: one correction is
    kept, every other is told the record changed since it was opened, never the bare
    「数据与已有记录冲突」 a lost race at the unique (expenditure, version) gave on PostgreSQL."""
    unit = _bearer(registry, "unit")
    spent = client.post(
        f"/api/v1/designations/{registry.designation}/expenditures",
        json={
            "spent_on": "2026-11-02",
            "amount_yuan": "100",
            "payee": "书店",
            "category": "books",
            "description": "书籍",
        },
        headers=unit,
    ).json()
    path = f"/api/v1/expenditures/{spent['id']}/correction"

    def correct(n: int) -> Callable[[], tuple[int, dict[str, Any]]]:
        body = {"reason": "按发票更正", "expected_version": 1, "amount_yuan": f"{101 + n}"}

        def call() -> tuple[int, dict[str, Any]]:
            answer = client.post(path, json=body, headers=unit)
            return answer.status_code, answer.json()

        return call

    results = at_once([correct(n) for n in range(6)])
    assert sorted(status for status, _ in results) == [200, 409, 409, 409, 409, 409], results
    for status, answer in results:
        if status != 200:
            assert answer["error"]["message"] == "该支出记录已在您打开后被修改，请刷新后重试"
    now = client.get(f"/api/v1/expenditures/{spent['id']}", headers=unit).json()
    kept = next(answer for status, answer in results if status == 200)
    assert now["version"] == 2
    assert now["amount_fen"] == kept["expenditure"]["amount_fen"]


def test_one_years_filing_posted_at_once_is_one_filing_and_refusals_that_say_so(
    registry: Registry, client: TestClient
) -> None:
    """The unit posting the year's self-check six times at once: one filing, and every other
    answer is the check's 「2026年度的该项备案已提交」 beside 备案类别, never the bare
    ``integrity_error`` a request that lost the race at the unique key got on PostgreSQL."""
    path = f"/api/v1/designations/{registry.designation}/filings"
    form = {"year": "2026", "kind": "self_check", "filed_on": "2026-11-02"}

    def file(n: int) -> Callable[[], tuple[int, dict[str, Any]]]:
        def call() -> tuple[int, dict[str, Any]]:
            answer = client.post(
                path,
                data=form,
                files={"file": (f"自查{n}.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
                headers=_bearer(registry, "unit"),
            )
            return answer.status_code, answer.json()

        return call

    results = at_once([file(n) for n in range(6)])
    assert sorted(status for status, _ in results) == [201, 422, 422, 422, 422, 422], results
    for status, answer in results:
        if status != 201:
            assert answer["error"]["field"] == "kind", answer
            assert answer["error"]["message"] == "2026年度的该项备案已提交", answer
    shown = client.get(path, headers=_bearer(registry, "unit")).json()["items"]
    assert [(x["year"], x["kind"]) for x in shown] == [(2026, "self_check")]


def test_one_honour_recorded_at_once_is_one_honour_and_refusals_that_say_so(
    registry: Registry, client: TestClient
) -> None:
    """The district recording the leader's 区级工匠 2019 six times at once: one honour, every
    other answer 「该荣誉已登记」 beside 荣誉 (before, the bare ``integrity_error`` on
    PostgreSQL for a request that lost the race at the unique person, honour and year)."""
    path = f"/api/v1/persons/{registry.leader}/honours"
    body = {"honour": "district_craftsman", "year": 2019}

    def honour() -> tuple[int, dict[str, Any]]:
        answer = client.post(path, json=body, headers=_bearer(registry, "yangpu"))
        return answer.status_code, answer.json()

    results = at_once([honour] * 6)
    assert sorted(status for status, _ in results) == [201, 422, 422, 422, 422, 422], results
    for status, answer in results:
        if status != 201:
            assert (answer["error"]["field"], answer["error"]["message"]) == (
                "honour",
                "该荣誉已登记",
            )
    person = client.get(f"/api/v1/persons/{registry.leader}", headers=_bearer(registry, "yangpu"))
    held = [(h["honour"], h["year"]) for h in person.json()["honours"]]
    assert held.count(("district_craftsman", 2019)) == 1
