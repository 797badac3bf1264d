"""Scope is a required argument; references outside it look missing; constraints are 409s."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date

import pytest

import lifecycle
from lifecycle.designations.naming import NewApplication, submit_application
from lifecycle.errors import DomainError, IntegrityConflict
from lifecycle.persons.model import Person
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import (
    EmploymentStatus,
    Gender,
    RetirementGroup,
    SkillLevel,
)
from tests import factories as f


def _functions() -> list[tuple[str, object]]:
    found = []
    for info in pkgutil.walk_packages(lifecycle.__path__, "lifecycle."):
        module = importlib.import_module(info.name)
        for name, member in inspect.getmembers(module):
            if inspect.isclass(member) and member.__module__ == module.__name__:
                found += [(f"{info.name}.{name}.{n}", m) for n, m in vars(member).items()]
            elif inspect.isfunction(member) and member.__module__ == module.__name__:
                found.append((f"{info.name}.{name}", member))
    return [(n, m) for n, m in found if inspect.isfunction(m)]


def test_no_function_defaults_its_scope() -> None:
    """Issue 13 §4: every reader and writer is told its scope; none falls back to everything."""
    defaulted = [
        name
        for name, function in _functions()
        for parameter in inspect.signature(function).parameters.values()  # type: ignore[arg-type]
        if parameter.name == "scope" and parameter.default is not inspect.Parameter.empty
    ]
    assert defaulted == []
    assert len(_functions()) > 300  # the walk really saw the services and repositories


def _recommended_from(uow, tree, source_id: int, scope: Scope) -> DomainError:
    shop = f.workshop(uow, tree)
    with pytest.raises(DomainError) as err:
        submit_application(
            uow,
            NewApplication(
                workshop_id=shop.id,
                scheme="shanghai-model-worker",
                title=shop.name,
                applied_on=date(2026, 3, 1),
                recommended_from_id=source_id,
                reason="推荐申报",
            ),
            actor=f.acting(tree.district),
            as_of=f.AS_OF,
            scope=scope,
        )
    return err.value


def test_recommended_from_another_district_is_refused_as_a_missing_title(uow) -> None:
    with uow() as u:
        tree = f.union_tree(u)
        # Another district's title: a city title of a 浦东 unit (杨浦区总工会 alone holds Yangpu
        # titles [Y7]); seen from 杨浦 it reads as missing, not as a title of another workshop.
        elsewhere = f.named_designation(
            u, f.seen_from_the_other_district(tree), scheme="shanghai-model-worker"
        )
        district = Scope.subtree(tree.district.path)
        hidden = _recommended_from(u, tree, elsewhere.id, district)
        missing = _recommended_from(u, tree, 987_654, district)
        assert hidden.to_dict() == missing.to_dict()
        assert any(p.field == "recommended_from_id" for p in hidden.problems)


def test_a_constraint_failing_at_flush_is_a_clear_conflict(uow) -> None:
    with uow() as u:
        tree = f.union_tree(u)
        kwargs = {
            "gender": Gender.MALE,
            "birth_date": date(1949, 12, 31),
            "retirement_group": RetirementGroup.MALE,
            "id_card_number": "11010519491231002X",
            "union_id": tree.unit.id,
            "registry_union_id": tree.district.id,
            "employment_status": EmploymentStatus.EMPLOYED,
            "skill_level": SkillLevel.NONE,
        }
        u.persons.add(Person(name="甲", **kwargs))
        with pytest.raises(IntegrityConflict) as err:
            u.persons.add(Person(name="乙", **kwargs))  # the race the service check lost
        assert err.value.http_status == 409
        assert err.value.code == "integrity_error"
        assert "冲突" in err.value.message
    assert EVERYTHING.path_prefix is None
