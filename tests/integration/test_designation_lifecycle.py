"""Designations move only along their scheme's lifecycle, and every move is history that stays."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.designations.authority import NotAuthorised
from lifecycle.designations.flows import OWNER, Flow
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.designations.naming import (
    ApplicationDecision,
    ExistingTitle,
    NameDesignation,
    NewApplication,
    accept_application,
    name_designation,
    register_existing_title,
    submit_application,
)
from lifecycle.designations.service import Transition, transition
from lifecycle.errors import (
    AppendOnlyViolation,
    ConflictError,
    TransitionRefused,
    UnseenReference,
    ValidationFailed,
)
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus as S
from lifecycle.vocab import Role
from tests import factories as f


def _move(u, d, target, on=date(2026, 4, 1), **kw):
    """The status writer as its owning flow calls it (the flows' own rules are tested apart)."""
    return transition(
        u,
        Transition(d.id, target, reason=f"测试：转为{target}", effective_on=on, **kw),
        flow=OWNER.get((d.status, target), Flow.NAMING),
        actor=f.OFFICER,
        as_of=f.AS_OF,
        scope=f.SYSTEM_SCOPE,
    )


def test_application_to_naming_writes_history_for_every_step(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        officer = f.acting(tree.district)
        d = submit_application(
            u,
            NewApplication(shop.id, "yangpu-district", shop.name, date(2025, 12, 1)),
            actor=f.acting(tree.unit),
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        assert d.district_union_id == tree.district.id
        accept_application(
            u,
            ApplicationDecision(d.id, date(2025, 12, 10), "街道总工会初审通过"),
            actor=officer,
            as_of=f.AS_OF,
            scope=Scope.subtree(tree.district.path),
        )
        name_designation(
            u,
            NameDesignation(
                shop.id,
                "yangpu-district",
                shop.name,
                "杨浦 2026-001",
                date(2026, 1, 15),
                "杨工〔2026〕1号",
                application_id=d.id,
            ),
            actor=officer,
            as_of=f.AS_OF,
            scope=Scope.subtree(tree.district.path),
        )
        u.commit()
        history = u.designations.history(d.id)
        assert [(h.from_status, h.to_status) for h in history] == [
            (None, S.APPLIED),
            (S.APPLIED, S.UNDER_REVIEW),
            (S.UNDER_REVIEW, S.NAMED),
        ]
        assert history[-1].actor_name == officer.name
        assert history[-1].document_ref == "杨工〔2026〕1号"
        assert d.naming_date == date(2026, 1, 15)


def test_rectification_round_trip_then_revocation_is_final(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        _move(u, d, S.RECTIFYING, on=date(2026, 4, 1))
        _move(u, d, S.NAMED, on=date(2026, 5, 1))
        _move(u, d, S.RECTIFYING, on=date(2026, 6, 1))
        _move(u, d, S.REVOKED, on=date(2026, 8, 1), document_ref="杨工〔2026〕9号")
        assert d.ended_on == date(2026, 8, 1)
        count_before = len(u.designations.history(d.id))
        with pytest.raises(TransitionRefused) as err:
            _move(u, d, S.NAMED, on=date(2026, 9, 1))
        assert "已撤牌" in err.value.message
        assert err.value.rule
        assert d.status == S.REVOKED
        assert len(u.designations.history(d.id)) == count_before


def test_effective_date_cannot_precede_last_change_nor_lie_in_future(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        with pytest.raises(ValidationFailed) as err:
            _move(u, d, S.RECTIFYING, on=date(2023, 1, 1))
        assert err.value.field == "effective_on"
        with pytest.raises(ValidationFailed) as err:
            _move(u, d, S.RECTIFYING, on=date(2027, 1, 1))
        assert err.value.field == "effective_on"
        assert d.status == S.NAMED


def test_back_dated_change_in_the_same_unit_of_work_is_refused(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        _move(u, d, S.RECTIFYING, on=date(2026, 6, 1))
        with pytest.raises(ValidationFailed) as err:
            _move(u, d, S.NAMED, on=date(2024, 1, 1))
        assert err.value.field == "effective_on"


def _existing(shop, scheme="yangpu-district", number="杨浦 2020-001"):
    return ExistingTitle(shop.id, scheme, shop.name, number, date(2020, 5, 1), "杨工〔2020〕5号")


def test_another_districts_officer_cannot_even_see_the_workshop(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        with pytest.raises(UnseenReference) as err:
            register_existing_title(
                u,
                _existing(shop),
                actor=f.acting(tree.other_district),
                as_of=f.AS_OF,
                scope=Scope.subtree(tree.other_district.path),
            )
        assert err.value.field == "workshop_id"


def test_unknown_scheme_is_refused_and_nothing_written(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        before = u.session.scalar(select(func.count()).select_from(Designation))
        with pytest.raises(ValidationFailed) as err:
            register_existing_title(
                u,
                _existing(shop, scheme="pudong-district"),
                actor=f.acting(tree.district),
                as_of=f.AS_OF,
                scope=f.SYSTEM_SCOPE,
            )
        assert err.value.field == "scheme"
        assert u.session.scalar(select(func.count()).select_from(Designation)) == before


def test_one_open_designation_per_scheme_and_team(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, scheme="shanghai-model-worker")
        with pytest.raises(ValidationFailed) as err:
            f.named_designation(u, tree, shop=d.workshop, scheme="shanghai-model-worker")
        assert err.value.field == "scheme"


def test_a_workshop_once_named_is_not_named_again_under_yangpu_citing_y7(uow):
    """往年已命名的工作室不再重复申报 [Y7]: a revoked title's workshop is refused a new one."""
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        register_existing_title(
            u,
            ExistingTitle(
                shop.id,
                "yangpu-district",
                shop.name,
                "杨浦 2020-003",
                date(2020, 5, 1),
                "杨工〔2020〕5号",
                status=S.REVOKED,
                ended_on=date(2023, 6, 1),
                end_ref="杨工创〔2023〕7号",
            ),
            actor=f.acting(tree.district),
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        before = u.session.scalar(select(func.count()).select_from(Designation))
        for attempt in (
            lambda: f.named_designation(u, tree, shop=shop),
            lambda: submit_application(
                u,
                NewApplication(shop.id, "yangpu-district", shop.name, date(2026, 11, 1)),
                actor=f.acting(tree.unit),
                as_of=f.AS_OF,
                scope=f.SYSTEM_SCOPE,
            ),
        ):
            with pytest.raises(ValidationFailed) as err:
                attempt()
            assert err.value.code == "already_named"
            assert "第七条" in err.value.message
        assert u.session.scalar(select(func.count()).select_from(Designation)) == before


def test_city_title_must_be_named_by_city_union(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        for acting in (f.acting(tree.district), f.acting(tree.city, Role.DISTRICT_OFFICER)):
            with pytest.raises(NotAuthorised) as err:
                register_existing_title(
                    u,
                    _existing(shop, scheme="shanghai-model-worker"),
                    actor=acting,
                    as_of=f.AS_OF,
                    scope=f.SYSTEM_SCOPE,
                )
            assert "上海市总工会" in err.value.message
            assert "第七条" in err.value.message
        d = register_existing_title(
            u,
            _existing(shop, scheme="shanghai-model-worker"),
            actor=f.acting(tree.city),
            as_of=f.AS_OF,
            scope=f.SYSTEM_SCOPE,
        )
        assert (d.status, d.naming_union_id) == (S.NAMED, tree.city.id)


def test_history_cannot_be_updated_or_deleted_through_the_orm(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        row = u.designations.history(d.id)[0]
        row_id = row.id
        u.commit()
        row.reason = "改写历史"
        with pytest.raises(AppendOnlyViolation):
            u.flush()
    with uow() as u:
        row = u.session.get(StatusChange, row_id)
        u.session.delete(row)
        with pytest.raises(AppendOnlyViolation):
            u.flush()


def test_history_cannot_be_rewritten_even_in_raw_sql(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        u.commit()
        for sql in (
            "UPDATE designation_status_changes SET reason = 'x' WHERE designation_id = :d",
            "DELETE FROM designation_status_changes WHERE designation_id = :d",
        ):
            nested = u.session.begin_nested()
            with pytest.raises(DBAPIError):
                u.session.execute(text(sql), {"d": d.id})
            nested.rollback()
        assert len(u.designations.history(d.id)) == 1


def test_stale_expected_version_is_a_conflict(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        version = d.version
        _move(u, d, S.RECTIFYING)
        with pytest.raises(ConflictError):
            _move(u, d, S.NAMED, expected_version=version)


def test_concurrent_transitions_one_wins_other_conflicts(fresh_database_url):
    """Two officers submit a change to the same version at once: exactly one wins."""
    engine = make_engine(fresh_database_url)
    factory = make_session_factory(engine)
    try:
        with UnitOfWork(factory) as u:
            tree = f.union_tree(u)
            d = f.named_designation(u, tree)
            u.commit()
            designation_id, seen_version = d.id, d.version
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def officer() -> None:
            barrier.wait(timeout=30)
            with UnitOfWork(factory) as u:
                try:
                    transition(
                        u,
                        Transition(
                            designation_id,
                            S.RECTIFYING,
                            reason="检查不合格",
                            effective_on=date(2026, 4, 1),
                            expected_version=seen_version,
                        ),
                        flow=OWNER[(S.NAMED, S.RECTIFYING)],
                        actor=f.OFFICER,
                        as_of=f.AS_OF,
                        scope=f.SYSTEM_SCOPE,
                    )
                    u.commit()
                    outcomes.append("ok")
                except ConflictError:
                    outcomes.append("conflict")

        threads = [threading.Thread(target=officer) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["conflict", "ok"]
        with UnitOfWork(factory) as u:
            assert len(u.designations.history(designation_id)) == 2
    finally:
        engine.dispose()
