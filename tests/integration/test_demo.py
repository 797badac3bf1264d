"""The demo data loads through the services, shows the interesting cases, and loads only once."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import pairwise

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from lifecycle.calendar.retirement import legal_retirement
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo import DemoSummary, demo_size, load_demo
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.persons.id_card import id_card_problem
from lifecycle.persons.model import Person, PersonHonour
from lifecycle.schemes.base import add_years
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union, UnionContact
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus as S
from lifecycle.vocab import EmploymentStatus, Honour, UnionLevel
from lifecycle.workshops.model import Workshop, WorkshopMember
from tests.demo_copies import DemoCopy

AS_OF = date(2026, 11, 21)
SCHEMES = {"yangpu-district", "shanghai-model-worker", "shanghai-craftsman", "leshan-city"}
NUMBER_FORMAT = {
    "yangpu-district": r"杨浦 \d{4}-\d{3}",
    "shanghai-model-worker": r"沪劳创 \d{4}-\d{3}",
    "shanghai-craftsman": r"沪工匠创 \d{4}-\d{3}",
    "leshan-city": r"乐山 2020-\d{3}",
}
TABLES = (
    Union,
    UnionContact,
    Person,
    PersonHonour,
    Workshop,
    WorkshopMember,
    Designation,
    StatusChange,
)


@pytest.fixture
def sessions(fresh_database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(fresh_database_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def loaded(demo_copy: DemoCopy) -> Iterator[sessionmaker[Session]]:
    """The demo loaded on AS_OF (a copy of this worker's load: ``tests/demo_copies.py``)."""
    engine = make_engine(demo_copy.url)
    yield make_session_factory(engine)
    engine.dispose()


def _load(sessions, as_of=AS_OF, progress=None) -> DemoSummary:
    return load_demo(lambda: UnitOfWork(sessions), as_of=as_of, progress=progress)


def _row_counts(sessions) -> dict[str, int]:
    with UnitOfWork(sessions) as u:
        return {
            t.__tablename__: u.session.scalar(select(func.count()).select_from(t)) for t in TABLES
        }


def _union(u: UnitOfWork, name: str) -> Union:
    return u.session.scalars(select(Union).where(Union.name == name)).one()


def _unions(u: UnitOfWork) -> list[Union]:
    return list(u.session.scalars(select(Union).order_by(Union.path)))


def _designations(u: UnitOfWork) -> list[Designation]:
    return list(u.session.scalars(select(Designation).order_by(Designation.id)).unique())


def test_demo_builds_the_tree_and_forty_workshops_across_all_schemes(sessions):
    steps: list[str] = []
    summary = _load(sessions, progress=steps.append)

    assert demo_size() >= 40
    assert len(steps) == demo_size()
    assert summary.created.workshops == demo_size()
    assert summary.existing.total == 0
    assert summary.line().startswith("演示数据：新建 工会 ")
    assert summary.line().endswith("；已存在 0")
    with UnitOfWork(sessions) as u:
        shanghai, leshan = _union(u, "上海市总工会"), _union(u, "乐山市总工会")
        assert (shanghai.parent_id, shanghai.level) == (None, UnionLevel.CITY)
        assert (leshan.parent_id, leshan.level) == (None, UnionLevel.CITY)
        yangpu = _union(u, "杨浦区总工会")
        assert (yangpu.parent_id, yangpu.level) == (shanghai.id, UnionLevel.DISTRICT)
        assert (yangpu.doc_prefix, yangpu.region_code) == ("杨工创", "yangpu")
        sectors = {x.name for x in _unions(u) if x.parent_id == yangpu.id}
        assert {
            "五角场街道总工会",
            "控江路街道总工会",
            "杨浦区教育工会",
            "杨浦区科技园区工会",
        } == sectors
        pudong = _union(u, "浦东新区总工会")
        assert (pudong.parent_id, pudong.level) == (shanghai.id, UnionLevel.DISTRICT)
        for county in ("市中区总工会", "五通桥区总工会"):
            assert (_union(u, county).parent_id, _union(u, county).level) == (
                leshan.id,
                UnionLevel.DISTRICT,
            )
        units = [x for x in _unions(u) if x.level == UnionLevel.UNIT]
        assert sum(x.path.startswith(yangpu.path) for x in units) >= 8
        assert sum(x.path.startswith(pudong.path) for x in units) == 2
        assert sum(x.path.startswith(leshan.path) for x in units) >= 2
        for top in _unions(u):
            if top.level in (UnionLevel.CITY, UnionLevel.DISTRICT):
                assert 1 <= len(top.contacts) <= 2, top.name
        emails = u.session.scalars(select(UnionContact.email)).all()
        assert emails
        assert all(e.endswith(("@example.cn", "@example.com")) for e in emails)

        workshops = list(u.session.scalars(select(Workshop)).unique())
        assert len(workshops) >= 40
        designations = _designations(u)
        assert {d.scheme_code for d in designations} == SCHEMES
        by_scheme = Counter(d.scheme_code for d in designations)
        assert by_scheme["shanghai-model-worker"] >= 8
        assert by_scheme["shanghai-craftsman"] >= 6
        assert by_scheme["leshan-city"] >= 6
        for d in designations:
            if d.number is not None:
                assert re.fullmatch(NUMBER_FORMAT[d.scheme_code], d.number), d.number
        for shop in workshops:
            assert 3 <= len(shop.members_on(AS_OF)) <= 6, shop.name
            assert all(m.joined_on >= shop.founded_on for m in shop.members)
        people = u.session.scalars(select(Person)).all()
        assert all(id_card_problem(p.id_card_number, p.birth_date) is None for p in people)


def test_demo_shows_the_special_cases(loaded):
    with UnitOfWork(loaded) as u:
        designations = _designations(u)
        statuses = Counter(d.status for d in designations)
        for status in (S.RECTIFYING, S.REVOKED, S.APPLIED, S.UNDER_REVIEW, S.REJECTED, S.EXITED):
            assert statuses[status] >= 1, status

        yangpu = [d for d in designations if d.scheme_code == "yangpu-district"]
        named = [d for d in yangpu if d.status == S.NAMED]
        assert any(0 <= (add_years(d.naming_date, 3) - AS_OF).days <= 60 for d in named), (
            "no Yangpu cycle ends within 60 days"
        )

        (rectifying,) = [d for d in designations if d.status == S.RECTIFYING]
        last = u.designations.history(rectifying.id)[-1]
        assert "管理周期末实地检查不合格" in last.reason
        assert re.fullmatch(r"杨工创〔\d{4}〕\d+号", last.document_ref or "")
        notice = u.notices.open_for_designation(rectifying.id)
        assert notice is not None
        assert notice.number == last.document_ref
        assert notice.deadline > AS_OF  # still within its deadline

        (revoked,) = [d for d in designations if d.status == S.REVOKED]
        assert [(h.from_status, h.to_status) for h in u.designations.history(revoked.id)] == [
            (None, S.NAMED),
            (S.NAMED, S.RECTIFYING),
            (S.RECTIFYING, S.REVOKED),
        ]
        (revoked_notice,) = u.notices.for_designation(revoked.id)
        assert revoked_notice.status == "revoked"
        assert revoked_notice.decision_ref
        (exited,) = [d for d in designations if d.status == S.EXITED]
        assert exited.scheme_code == "shanghai-craftsman"
        assert "保留工作室称号" in u.designations.history(exited.id)[-1].reason

        leaders = [d.workshop.leader for d in named]
        retiring = [
            p
            for p in leaders
            if 1 <= (legal_retirement(p.birth_date, p.retirement_group).date - AS_OF).days <= 92
        ]
        assert retiring, "no leader retires next quarter"
        assert any(
            p.employment_status == EmploymentStatus.RETIRED
            and legal_retirement(p.birth_date, p.retirement_group).date < AS_OF
            for p in leaders
        ), "no Yangpu leader past retirement age [Y13]"
        assert any(len(d.workshop.members_on(AS_OF)) == 3 for d in named)

        city = [d for d in designations if d.scheme_code == "shanghai-model-worker"]
        recommended = [d for d in city if d.recommended_from_id is not None]
        assert len(recommended) >= 3
        for d in recommended:
            source = u.designations.get(d.recommended_from_id, scope=EVERYTHING)
            assert source.scheme_code == "yangpu-district"
            assert source.workshop_id == d.workshop_id
            assert add_years(source.naming_date, 1) <= d.naming_date
        assert any(30 <= (AS_OF - d.naming_date).days <= 90 for d in city)
        assert any(d.workshop.leader.employment_status == EmploymentStatus.LEFT for d in city)

        craftsman = [d for d in designations if d.scheme_code == "shanghai-craftsman"]
        for d in craftsman:
            assert Honour.SHANGHAI_CRAFTSMAN in {h.honour for h in d.workshop.leader.honours}

        leshan_city = _union(u, "乐山市总工会")
        for d in (d for d in designations if d.scheme_code == "leshan-city"):
            assert d.naming_union_id == leshan_city.id
            assert d.naming_date.year == 2020
            assert d.title == (
                f"{d.workshop.host_unit_name}{d.workshop.leader.name}劳模和工匠人才创新工作室"
            )


def test_every_history_starts_from_nothing_and_ends_at_the_current_status(loaded):
    with UnitOfWork(loaded) as u:
        for d in _designations(u):
            history = u.designations.history(d.id)
            assert history[0].from_status is None, d.title
            assert history[-1].to_status == d.status, d.title
            assert all(a.to_status == b.from_status for a, b in pairwise(history))
            days = [h.effective_on for h in history]
            assert days == sorted(days)
            assert days[-1] <= AS_OF


def test_loading_twice_creates_nothing_the_second_time(sessions):
    first = _load(sessions)
    rows = _row_counts(sessions)

    second = _load(sessions)

    assert second.created.total == 0
    assert second.existing == first.created
    assert second.line() == (
        f"演示数据：新建 工会 0、联系人 0、人员 0、工作室 0、命名 0；已存在 {first.created.label()}"
    )
    assert _row_counts(sessions) == rows
    # On another day (even another year) the relative dates move, but nothing is duplicated.
    later = _load(sessions, as_of=AS_OF + timedelta(days=400))
    assert later.created.total == 0
    assert _row_counts(sessions) == rows


def test_an_interrupted_load_resumes_where_it_stopped(sessions):
    done: list[str] = []

    def crash_after_five(name: str) -> None:
        done.append(name)
        if len(done) == 5:
            raise RuntimeError("simulated crash")

    with pytest.raises(RuntimeError):
        _load(sessions, progress=crash_after_five)

    resumed = _load(sessions)

    assert resumed.existing.workshops == 5
    assert resumed.created.workshops == demo_size() - 5
    with UnitOfWork(sessions) as u:
        assert u.session.scalar(select(func.count()).select_from(Workshop)) == demo_size()
