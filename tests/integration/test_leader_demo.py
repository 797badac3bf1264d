"""The demo carries a Yangpu consent to continue and a 附件3 request in progress, loaded once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lifecycle.changes.model import ChangeRequest, ChangeRequestStatus
from lifecycle.db.engine import make_engine, make_session_factory
from lifecycle.demo import load_demo
from lifecycle.demo.leaders import CONSENT_WORKSHOP_LEADER, REQUEST_TITLE
from lifecycle.designations.model import Designation
from lifecycle.files.storage import FileStorage
from lifecycle.leaders.model import ContinuationConsent
from lifecycle.occasions.model import OccasionKind as K
from lifecycle.occasions.model import OccasionStatus as St
from lifecycle.occasions.service import occasions_for_designation
from lifecycle.scope import EVERYTHING
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import DesignationStatus
from tests.demo_copies import DemoCopy

AS_OF = date(2026, 11, 21)


def test_demo_leader_records(demo_copy: DemoCopy):
    engine = make_engine(demo_copy.url)  # the demo loaded once on AS_OF
    sessions = make_session_factory(engine)
    storage = FileStorage(demo_copy.files)
    try:
        load_demo(lambda: UnitOfWork(sessions), as_of=AS_OF, storage=storage)  # creates nothing
        with UnitOfWork(sessions) as u:
            (consent,) = u.session.scalars(select(ContinuationConsent)).all()
            yangpu = u.designations.get(consent.designation_id, scope=EVERYTHING)
            assert yangpu.workshop.leader.name == CONSENT_WORKSHOP_LEADER
            assert yangpu.status is DesignationStatus.NAMED
            stored = u.files.get(consent.file_id)
            assert storage.read(stored).startswith(b"%PDF-")
            seen = occasions_for_designation(u, yangpu.id, AS_OF, scope=EVERYTHING)
            assert [o.status for o in seen if o.kind is K.LEADER_CONSENT_MISSING] == [St.DONE]

            (request,) = u.session.scalars(select(ChangeRequest)).all()
            assert request.status is ChangeRequestStatus.PENDING_DISTRICT
            craftsman = u.designations.get(request.designation_id, scope=EVERYTHING)
            assert craftsman.title == REQUEST_TITLE
            waiting = [
                o for o in occasions_for_designation(u, craftsman.id, AS_OF, scope=EVERYTHING)
                if o.kind is K.CHANGE_REQUEST_STEP
            ]  # fmt: skip
            assert [o.union_id for o in waiting] == [craftsman.district_union_id]
            assert u.session.scalar(select(func.count()).select_from(Designation)) > 0
    finally:
        engine.dispose()
