"""What the unit contact reads writes its dates as Chinese sentences do, on both backends: the
dashboard's opening line (「截至2026年11月21日，…的待办事项」), the call it applies to
(「受理自2026年11月1日起，截止2026年12月20日」); a 考核 step sent without its verdict names it
beside the verdict (`passed-error`), the date typed kept [S9]. Before, 2026-11-21 inside the
sentences, and the verdict's refusal had no id to point at."""

from __future__ import annotations

from datetime import date

from tests import factories as f
from tests import intake_factories as inf
from tests.integration.web.conftest import Site, csrf_of


def test_the_dashboard_and_the_call_write_their_dates_in_chinese(site: Site) -> None:
    with site.uow() as u:
        call = inf.yangpu_call(u, site.tree)
        u.commit()
        call_id = call.id
    unit = site.login("unit")
    board = unit.get("/dashboard").text
    assert f"截至2026年11月21日，{site.tree.unit.name}" in board
    assert f"截至 {f.AS_OF.isoformat()}" not in board
    page = unit.get(f"/intake/calls/{call_id}").text
    assert "自2026年11月1日起受理，2026年12月20日截止（含当日，北京时间）" in page


def test_a_unit_step_without_its_verdict_is_refused_beside_it(site: Site) -> None:
    with site.uow() as u:
        d = f.named_designation(
            u, site.tree, scheme="shanghai-model-worker", naming_date=date(2024, 7, 5)
        )
        u.commit()
        d_id = d.id
    unit = site.login("unit")
    url = f"/designations/{d_id}/assessments/new?year=2026"
    form = unit.get(url).text
    assert "可填2026年10月1日至2026年11月21日之间的日期" in form
    action = f"/designations/{d_id}/assessments"
    refused = unit.post(
        action,
        data={"csrf_token": csrf_of(form, action), "year": "2026", "step": "unit",
              "expected_version": "", "decided_on": "2026-11-20", "signer": "单位工会王主席",
              "opinion": "按第三条逐项考核"},
    )  # fmt: skip
    assert refused.status_code == 422
    assert '<div class="error" id="passed-error">请选择考核结论</div>' in refused.text
    assert 'value="2026-11-20"' in refused.text
    assert 'value="单位工会王主席"' in refused.text
    with site.uow() as u:
        assert u.assessments.for_designation(d_id) == []
