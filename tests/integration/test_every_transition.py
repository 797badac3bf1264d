"""Every transition a scheme allows writes exactly one history row; every other one is refused."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.designations.service import NewDesignation, Transition, open_designation, transition
from lifecycle.errors import TransitionRefused
from lifecycle.schemes import all_schemes
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import DesignationStatus as S
from tests import factories as f

# How to reach each state a transition can start from.
PATHS = {
    S.APPLIED: (),
    S.UNDER_REVIEW: (S.UNDER_REVIEW,),
    S.NAMED: (S.UNDER_REVIEW, S.NAMED),
    S.RECTIFYING: (S.UNDER_REVIEW, S.NAMED, S.RECTIFYING),
}
CASES = [
    (scheme.settings.code, source, target)
    for scheme in all_schemes()
    for source in PATHS
    for target in S
]


def _apply(u, d, target, on):
    return transition(
        u,
        Transition(d.id, target, reason=f"转为{target}", effective_on=on, number=f"编号-{d.id}"),
        actor=f.OFFICER,
        as_of=f.AS_OF,
        scope=EVERYTHING,
    )


@pytest.mark.parametrize(("scheme", "source", "target"), CASES, ids=str)
def test_transition_writes_history_or_is_refused(uow, scheme, source, target):
    allowed = next(s for s in all_schemes() if s.settings.code == scheme).allowed_transitions()
    with uow() as u:
        tree = f.union_tree(u)
        shop = f.workshop(u, tree)
        naming = tree.district if scheme == "yangpu-district" else tree.city
        d = open_designation(
            u,
            NewDesignation(shop.id, scheme, shop.name, naming.id, applied_on=date(2025, 1, 2)),
            actor=f.OFFICER,
            as_of=f.AS_OF,
            scope=EVERYTHING,
        )
        for i, step in enumerate(PATHS[source]):
            _apply(u, d, step, date(2025, 2 + i, 1))
        before = len(u.designations.history(d.id))
        if (source, target) in allowed:
            _apply(u, d, target, date(2026, 1, 5))
            history = u.designations.history(d.id)
            assert len(history) == before + 1
            assert (history[-1].from_status, history[-1].to_status) == (source, target)
            assert history[-1].actor_name == f.OFFICER.name
            assert d.status == target
        else:
            with pytest.raises(TransitionRefused):
                _apply(u, d, target, date(2026, 1, 5))
            assert len(u.designations.history(d.id)) == before
            assert d.status == source
