"""Shanghai model worker route [S7]: a district title running ≥1 year, ranked by the district,
reviewed and named by the city, linked to the title it came from, with its 考核 schedule."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.errors import ValidationFailed
from lifecycle.intake.batches import BatchEntry, put_in_batch, submit_batch
from lifecycle.intake.naming import NameApplications, name_applications
from lifecycle.scope import Scope
from tests import factories as f
from tests.intake_factories import AS_OF, CITY, OFFICER, at, model_worker_form
from tests.integration.intake.test_city_routes import _apply, _call, _step


def test_district_title_is_recommended_ranked_reviewed_and_named_by_the_city(uow):
    with uow() as u:
        tree = f.union_tree(u)
        call = _call(u, tree, "shanghai-model-worker")
        district_titles = [
            f.named_designation(u, tree, naming_union=tree.district, naming_date=date(2024, 3, 1))
            for _ in range(2)
        ]
        young = f.named_designation(
            u, tree, naming_union=tree.district, naming_date=date(2026, 3, 1)
        )
        with pytest.raises(ValidationFailed) as refused:
            _apply(u, tree, call, young.workshop, model_worker_form())
        # Refused at the draft, beside the team: its district title is not a year old by the
        # call's deadline, so it could never be submitted [S7].
        assert ("workshop_id", "recommended_from_district") in {
            (p.field, p.code) for p in refused.value.problems
        }
        apps = [_apply(u, tree, call, d.workshop, model_worker_form()) for d in district_titles]
        assert [a.stage for a in apps] == ["recommend", "recommend"]
        district = Scope.subtree(tree.district.path)
        for app in apps:
            batch = put_in_batch(
                u, BatchEntry(app.id), as_of=AS_OF, acting_union_id=tree.district.id, scope=district
            )
        with pytest.raises(ValidationFailed) as unranked:
            submit_batch(
                u,
                batch.id,
                acting_union_id=tree.district.id,
                signer="区总工会",
                actor=OFFICER,
                now=at(AS_OF),
                scope=district,
            )
        assert unranked.value.code == "batch_ranking"
        for rank, app in enumerate(apps, start=1):
            put_in_batch(u, BatchEntry(app.id, rank), as_of=AS_OF, acting_union_id=tree.district.id,
                         scope=district)  # fmt: skip
        submit_batch(
            u,
            batch.id,
            acting_union_id=tree.district.id,
            signer="区总工会",
            actor=OFFICER,
            now=at(AS_OF),
            scope=district,
        )
        for app in apps:
            _step(u, app, "review", tree.city)
        _, named = name_applications(
            u,
            NameApplications(
                call.id, tuple(a.id for a in apps), "沪工总〔2026〕9号", AS_OF, "市总"
            ),
            acting_union_id=tree.city.id,
            actor=CITY,
            as_of=AS_OF,
            scope=Scope.subtree(tree.city.path),
        )
        assert [n.designation.recommended_from_id for n in named] == [d.id for d in district_titles]
        assert all(n.grant_fen == 2_000_000 for n in named)  # [S10]
        # The register's series of the scheme (沪劳创), not one of intake's own.
        assert [n.designation.number for n in named] == [
            f"沪劳创 {n.designation.naming_date.year}-{i:03d}" for i, n in enumerate(named, 1)
        ]
        assert all(n.first_occasion.kind == "annual_assessment" for n in named)
        assert named[0].designation.title.endswith("劳模创新工作室")
