"""Yearly filings [Y11] and the Shanghai annual 考核 steps [S9]."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from lifecycle.assessments.model import AnnualAssessment, AssessmentOutcome
from lifecycle.assessments.service import AssessmentStep, Step, record_step
from lifecycle.errors import ValidationFailed
from lifecycle.files.storage import FileStorage, Upload
from lifecycle.filings.model import FilingKind, YearlyFiling
from lifecycle.filings.service import FileYearly, file_yearly
from lifecycle.scope import EVERYTHING
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
                actor=f.OFFICER,
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
                actor=f.OFFICER,
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
                actor=f.OFFICER,
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert {p.field for p in err.value.problems} == {"year", "filed_on", "upload"}
        assert _count(u, YearlyFiling) == 0


def _step(u, d, step, passed, on=date(2026, 12, 20), **kw):
    return record_step(
        u,
        AssessmentStep(d.id, 2026, step, passed, on, "李主席", "考核意见", **kw),
        actor=f.OFFICER,
        as_of=date(2027, 1, 15),
        scope=EVERYTHING,
    )


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
            _step(u, d, Step.UNIT, True)
        assert err.value.field == "designation_id"
        assert _count(u, AnnualAssessment) == 0
