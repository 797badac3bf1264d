"""A Yangpu application the pages' unit started for a new team of its own (and submitted), by
the services: the set-up of the intake page tests."""

from __future__ import annotations

from lifecycle.intake.model import Application
from lifecycle.intake.service import NewApplication, start_application, submit
from lifecycle.scope import Scope
from lifecycle.uow import UnitOfWork
from tests import factories as f
from tests.intake_factories import APPLICANT, AS_OF, yangpu_call, yangpu_form
from tests.integration.web.conftest import NOW, Site


def unit_application(u: UnitOfWork, site: Site, *, submitted: bool = False) -> Application:
    """A draft to the Yangpu call (``submitted``: sent on, waiting for the unit's own union)."""
    call = yangpu_call(u, site.tree)
    shop = f.workshop(u, site.tree)
    scope = Scope.subtree(site.tree.unit.path)
    app = start_application(
        u, NewApplication(call.id, shop.id, yangpu_form()),
        actor=APPLICANT, now=f.at_ten(AS_OF), scope=scope, own_path=site.tree.unit.path,
    )  # fmt: skip
    if submitted:
        submit(u, app.id, actor=APPLICANT, now=NOW, scope=scope)
    return app
