"""The demo carries last year's 上海工匠 call: an association with its account, applications at
several stages, and a granted title whose holder's studio then applies for a craftsman title."""

from __future__ import annotations

from datetime import UTC, date, datetime

from lifecycle.accounts.service import authenticate
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.stages import Status
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo import load_demo
from lifecycle.demo.craftsman import STUDIO
from lifecycle.demo.users import DEMO_PASSWORD
from lifecycle.designations.eligibility import check_application
from lifecycle.files.storage import FileStorage
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import Honour, Role, UnionLevel
from tests.demo_copies import DemoCopy
from tests.integration.test_eligibility_from_registry import FULL

AS_OF = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


def test_demo_craftsman_call(demo_copy: DemoCopy):
    engine = make_engine(demo_copy.url)  # the demo loaded once on AS_OF
    sessions = make_session_factory(engine)
    try:
        storage = FileStorage(demo_copy.files)
        load_demo(lambda: UnitOfWork(sessions), as_of=AS_OF, storage=storage)  # creates nothing
        with UnitOfWork(sessions) as u:
            (sel,) = svc.repo(u).selections()
            assert sel.year == AS_OF.year - 1
            apps = svc.repo(u).applications(sel.id, EVERYTHING)
            assert sorted(a.status for a in apps) == sorted(
                [
                    Status.GRANTED,
                    Status.EXPERT_REVIEW,
                    Status.QUALIFICATION,
                    Status.AWAITING_MEMBERSHIP,
                ]
            )
            (granted,) = [a for a in apps if a.status == Status.GRANTED]
            holder = u.persons.get(granted.person_id, EVERYTHING)
            assert (Honour.SHANGHAI_CRAFTSMAN, sel.year) in {
                (h.honour, h.year) for h in holder.honours
            }
            (studio,) = [
                d
                for d in u.designations.find(scheme_code="shanghai-craftsman", limit=1000,
                                             scope=EVERYTHING)
                if d.title == STUDIO
            ]  # fmt: skip
            assert studio.workshop.leader_person_id == holder.id
            result = check_application(
                u, studio.workshop_id, "shanghai-craftsman", FULL, as_of=AS_OF
            )
            assert "leader_shanghai_craftsman" not in {r.rule for r in result.failures}
            # The association logs in and sees its own two recommendations only.
            who = authenticate(u, "assoc", DEMO_PASSWORD, NOW)
            assert who.role == Role.ASSOCIATION_CONTACT
            body = u.unions.get(who.union_id, EVERYTHING)
            assert body.level == UnionLevel.ASSOCIATION
            mine = svc.repo(u).applications(sel.id, Scope.subtree(body.path))
            assert {a.association_id for a in mine} == {body.id}
            assert len(mine) == 2
    finally:
        engine.dispose()
