"""Yearly filings [Y11] and the Shanghai annual 考核 steps [S9]."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from lifecycle.assessments.model import AnnualAssessment, AssessmentOutcome
from lifecycle.assessments.service import AssessmentStep, Step, record_step
from lifecycle.designations.authority import NotAuthorised
from lifecycle.errors import ValidationFailed
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.filings.model import FilingKind, YearlyFiling
from lifecycle.filings.service import FileYearly, file_yearly
from lifecycle.occasions.model import OccasionKind
from lifecycle.occasions.service import occasions_for_designation
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import DesignationStatus as S
from tests import factories as f

PDF = Upload("2026年度自查报告.pdf", b"%PDF-1.4 self check")


def _count(u, model) -> int:
    return u.session.scalar(select(func.count()).select_from(model))


def test_each_filing_once_a_year(uow, tmp_path):
    storage = FileStorage(tmp_path)
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        for kind in FilingKind:
            filing = file_yearly(
                u,
                storage,
                FileYearly(d.id, 2026, kind, date(2026, 11, 20), PDF),
                actor=f.acting(tree.unit),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
            assert filing.file is not None
            assert filing.file.filename == PDF.filename
        with pytest.raises(ValidationFailed) as err:
            file_yearly(
                u,
                storage,
                FileYearly(d.id, 2026, FilingKind.SELF_CHECK, date(2026, 11, 21), PDF),
                actor=f.acting(tree.unit),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert err.value.field == "kind"
        assert _count(u, YearlyFiling) == 2


def test_bad_filings_are_refused_naming_each_field(uow, tmp_path):
    storage = FileStorage(tmp_path)
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree, naming_date=date(2023, 3, 15))
        with pytest.raises(ValidationFailed) as err:
            file_yearly(
                u,
                storage,
                FileYearly(
                    d.id, 2027, FilingKind.SELF_CHECK, date(2027, 1, 5), Upload("a.exe", b"MZ")
                ),
                actor=f.acting(tree.unit),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert {p.field for p in err.value.problems} == {"year", "filed_on", "file"}
        assert _count(u, YearlyFiling) == 0


# Each step by the union [S9] names: the unit's own union, the district union, the city.
_ACTOR = {Step.UNIT: f.unit_contact, Step.DISTRICT: f.district_officer, Step.CITY: f.naming_officer}


def _step(u, d, step, passed, on=date(2026, 12, 20), actor=None, scope=f.SYSTEM_SCOPE, **kw):
    return record_step(
        u,
        AssessmentStep(d.id, 2026, step, passed, on, "李主席", "考核意见", **kw),
        actor=actor or _ACTOR[step](u, d),
        as_of=date(2027, 1, 15),
        scope=scope,
    )


def _assessment_occasion(u, d, as_of):
    rows = occasions_for_designation(u, d.id, as_of, scope=f.SYSTEM_SCOPE, horizon_years=0)
    return next(o for o in rows if o.kind == OccasionKind.ANNUAL_ASSESSMENT and "2026" in o.title)


def test_the_unit_step_is_due_first_and_recorded_by_the_units_own_contact(uow):
    """Nothing recorded: the occasion names the unit step and the unit's union; the unit contact
    records it; then the district step is due, for the district union [S9]."""
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2024, 5, 1)
        )
        due = _assessment_occasion(u, d, date(2027, 1, 15))
        assert (due.union_id, due.title) == (tree.unit.id, "2026年度考核（待单位工会考核）")
        for outsider in (f.acting(tree.district), f.acting(tree.city), f.acting(tree.sector)):
            with pytest.raises(NotAuthorised) as err:
                _step(u, d, Step.UNIT, True, actor=outsider)
            assert "上海某机械有限公司工会" in err.value.message
            assert "第九条" in err.value.message
        assert _count(u, AnnualAssessment) == 0
        unit_scope = Scope.subtree(tree.unit.path)
        _step(u, d, Step.UNIT, True, actor=f.acting(tree.unit), scope=unit_scope)
        due = _assessment_occasion(u, d, date(2027, 1, 15))
        title = "2026年度考核（待区局（产业）工会考核）"
        assert (due.union_id, due.title) == (tree.district.id, title)
        with pytest.raises(NotAuthorised):
            _step(u, d, Step.DISTRICT, True, actor=f.acting(tree.unit), scope=unit_scope)


def test_a_district_officer_cannot_record_the_city_step_nor_delist(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2024, 5, 1)
        )
        _step(u, d, Step.UNIT, False)
        _step(u, d, Step.DISTRICT, False)
        with pytest.raises(NotAuthorised) as err:
            _step(
                u,
                d,
                Step.CITY,
                False,
                on=date(2027, 1, 10),
                decision_ref="杨工〔2027〕5号",
                actor=f.acting(tree.district),
            )
        assert "上海市总工会" in err.value.message
        assert d.status == S.NAMED


def test_assessment_steps_in_order_then_pass(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2024, 5, 1)
        )
        with pytest.raises(ValidationFailed) as err:
            _step(u, d, Step.DISTRICT, True)
        assert err.value.field == "step"
        a = _step(u, d, Step.UNIT, True)
        assert a.outcome == AssessmentOutcome.PENDING_DISTRICT
        a = _step(u, d, Step.DISTRICT, True)
        assert a.outcome == AssessmentOutcome.PASSED
        assert d.status == S.NAMED


def test_failed_assessment_goes_to_the_city_which_revokes(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2024, 5, 1)
        )
        _step(u, d, Step.UNIT, False)
        a = _step(u, d, Step.DISTRICT, False)
        assert a.outcome == AssessmentOutcome.REVOCATION_APPLIED
        with pytest.raises(ValidationFailed) as err:
            _step(u, d, Step.CITY, False, on=date(2027, 1, 10))
        assert err.value.field == "decision_ref"
        a = _step(u, d, Step.CITY, False, on=date(2027, 1, 10), decision_ref="沪工〔2027〕5号")
        assert a.outcome == AssessmentOutcome.REVOKED
        assert d.status == S.REVOKED
        last = u.designations.history(d.id)[-1]
        assert (last.to_status, last.document_ref) == (S.REVOKED, "沪工〔2027〕5号")


def test_yangpu_titles_have_no_annual_assessment(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        with pytest.raises(ValidationFailed) as err:
            _step(u, d, Step.UNIT, True, actor=f.acting(tree.unit))
        assert err.value.field == "designation_id"
        assert _count(u, AnnualAssessment) == 0
