"""Designations move only along their scheme's lifecycle, and every move is history that stays."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.designations.model import Designation, StatusChange
from lifecycle.designations.service import NewDesignation, Transition, open_designation, transition
from lifecycle.errors import AppendOnlyViolation, ConflictError, TransitionRefused, ValidationFailed
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus as S
from tests import factories as f


def _move(u, d, target, on=date(2026, 4, 1), **kw):
    return transition(
        u,
        Transition(d.id, target, reason=f"测试：转为{target}", effective_on=on, **kw),
        actor=f.OFFICER,
        as_of=f.AS_OF,
        scope=EVERYTHING,
    )


def test_application_to_naming_writes_history_for_every_step(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        d = open_designation(
            u,
            NewDesignation(
                workshop_id=shop.id,
                scheme="yangpu-district",
                title=shop.name,
                naming_union_id=tree.district.id,
                applied_on=date(2025, 12, 1),
            ),
            actor=f.OFFICER,
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        assert d.district_union_id == tree.district.id
        _move(u, d, S.UNDER_REVIEW, on=date(2025, 12, 10))
        _move(
            u,
            d,
            S.NAMED,
            on=date(2026, 1, 15),
            number="杨浦 2026-001",
            document_ref="杨工〔2026〕1号",
        )
        u.commit()
        history = u.designations.history(d.id)
        assert [(h.from_status, h.to_status) for h in history] == [
            (None, S.APPLIED),
            (S.APPLIED, S.UNDER_REVIEW),
            (S.UNDER_REVIEW, S.NAMED),
        ]
        assert history[-1].actor_name == f.OFFICER.name
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


def test_naming_union_must_be_above_the_workshop(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        with pytest.raises(ValidationFailed) as err:
            open_designation(
                u,
                NewDesignation(
                    workshop_id=shop.id,
                    scheme="yangpu-district",
                    title=shop.name,
                    naming_union_id=tree.other_district.id,
                ),
                actor=f.OFFICER,
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert err.value.field == "naming_union_id"
        assert "上级工会" in err.value.message


def test_unknown_scheme_is_refused_and_nothing_written(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        before = u.session.scalar(select(func.count()).select_from(Designation))
        with pytest.raises(ValidationFailed) as err:
            open_designation(
                u,
                NewDesignation(
                    workshop_id=shop.id,
                    scheme="pudong-district",
                    title="x",
                    naming_union_id=tree.district.id,
                ),
                actor=f.OFFICER,
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert err.value.field == "scheme"
        assert u.session.scalar(select(func.count()).select_from(Designation)) == before


def test_one_open_designation_per_scheme_and_team(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        with pytest.raises(ValidationFailed) as err:
            f.named_designation(u, tree, shop=d.workshop)
        assert err.value.field == "scheme"


def test_city_title_must_be_named_by_city_union(uow):
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        with pytest.raises(ValidationFailed) as err:
            open_designation(
                u,
                NewDesignation(
                    workshop_id=shop.id,
                    scheme="shanghai-model-worker",
                    title=shop.name,
                    naming_union_id=tree.district.id,
                ),
                actor=f.OFFICER,
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert err.value.field == "naming_union_id"


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
                        actor=f.OFFICER,
                        as_of=f.AS_OF,
                        scope=EVERYTHING,
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
