"""A title's page shows the lists that grow over its years, its yearly 考核 and its 附件3 change
requests, a page at a time, each read a page at a time in SQL with its own page parameter (the
other lists' pages kept by its pager); a page past the last shows the last and says so. The
open request is still known on every page (no second one is offered). Before: every row at
once."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy.orm import make_transient

from lifecycle.assessments.model import AnnualAssessment, AssessmentOutcome
from lifecycle.changes.model import (
    ChangeMeasure,
    ChangeReason,
    ChangeRequest,
    ChangeRequestStatus,
)
from lifecycle.changes.service import FileChangeRequest, file_change_request
from lifecycle.scope import EVERYTHING
from tests import factories as f
from tests.integration.web.conftest import Site


def _title(site: Site) -> tuple[int, list[int]]:
    """A 劳模创新工作室 with 考核 for 2024–2026 and three change requests, the first still
    open: the title's id and the requests' ids as filed."""
    tree = site.tree
    with site.uow() as u:
        d = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2023, 7, 5)
        )
        for year in (2024, 2025, 2026):
            u.session.add(
                AnnualAssessment(
                    designation_id=d.id, year=year, outcome=AssessmentOutcome.PASSED, version=1
                )
            )
        cmd = FileChangeRequest(
            d.id, tree.district.id, ChangeReason.LEFT, "领衔劳模离职", ChangeMeasure.REVOKE,
            date(2026, 11, 1), "区干事",
        )  # fmt: skip
        filed = file_change_request(
            u, cmd, actor=f.acting(tree.district), as_of=f.AS_OF, scope=EVERYTHING
        )
        ids = [filed.id]
        u.session.flush()
        for _ in range(2):
            row = u.session.get(ChangeRequest, filed.id)
            assert row is not None
            u.session.expunge(row)
            make_transient(row)
            row.id = None  # type: ignore[assignment]
            row.status = ChangeRequestStatus.WITHDRAWN
            u.session.add(row)
            u.session.flush()
            ids.append(row.id)
        u.commit()
        return d.id, ids


def _section(html: str, anchor: str) -> str:
    return html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]


def _years(html: str) -> list[int]:
    return [int(y) for y in re.findall(r"<p>(\d{4})年：", _section(html, "assessments"))]


def _requests(html: str) -> list[int]:
    found = re.findall(r'<p><a href="/changes/(\d+)">', _section(html, "changes"))
    return [int(i) for i in found]


def test_a_titles_assessments_and_change_requests_are_paged_on_its_page(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    d_id, requests = _title(site)
    monkeypatch.setattr("lifecycle.views.paging.PER_PAGE", 2)
    browser = site.login("district")
    url = f"/designations/{d_id}"
    first = browser.get(url)
    assert first.status_code == 200, first.text
    assert _years(first.text) == [2024, 2025]
    assert "共 3 条，第 1–2 条" in _section(first.text, "assessments")
    assert 'href="?assessments_page=2#assessments"' in first.text
    assert _requests(first.text) == requests[:2]
    assert 'href="?changes_page=2#changes"' in first.text
    # Each list pages on its own, its pager keeping the other's page.
    second = browser.get(f"{url}?changes_page=2")
    assert _requests(second.text) == requests[2:]
    assert "共 3 条，第 3–3 条" in _section(second.text, "changes")
    assert _years(second.text) == [2024, 2025]
    assert 'href="?changes_page=2&amp;assessments_page=2#assessments"' in second.text
    # The open request is on the first page, yet no second one is offered on the second.
    assert "提出管理变更申请</a>" not in second.text
    both = browser.get(f"{url}?changes_page=2&assessments_page=2")
    assert _years(both.text) == [2026]
    assert _requests(both.text) == requests[2:]
    assert 'href="?changes_page=2&amp;assessments_page=1#assessments"' in both.text
    # A stale link past the last page: the last, and the list says so.
    past = browser.get(f"{url}?assessments_page=9")
    assert past.status_code == 200
    assert _years(past.text) == [2026]
    assert "第 9 页超出范围（共 2 页），已显示最后一页" in _section(past.text, "assessments")
    assert "超出范围" not in _section(past.text, "changes")


def test_a_title_with_few_assessments_shows_them_without_a_pager(site: Site) -> None:
    d_id, requests = _title(site)
    page = site.login("district").get(f"/designations/{d_id}").text
    assert _years(page) == [2024, 2025, 2026]
    assert _requests(page) == requests
    assert "共 3 条" not in page
    assert "assessments_page=" not in page
