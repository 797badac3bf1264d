"""The city's naming of recommended teams on the call page [S6][C 二（四）]: which union put each
forward at which rank, and a district's naming post refused with the reason on the page."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from starlette.testclient import TestClient

from lifecycle.files.storage import FileStorage
from lifecycle.intake.batches import BatchEntry, put_in_batch, submit_batch
from lifecycle.intake.model import ApplicationStatus
from lifecycle.intake.repository import IntakeRepository
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.vocab import UnitNature
from tests.craftsman_batch import craftsman_call, recommendable, reviewed_by_the_city
from tests.intake_factories import AS_OF, OFFICER
from tests.integration.web.conftest import NOW, Moving, Site, csrf_of


def _awaiting_naming(
    site: Site, tmp_path: Path, reviewed: tuple[date, date] = (AS_OF, AS_OF)
) -> tuple[int, list[int]]:
    """A craftsman call with two teams the district ranked and the city reviewed (each on its
    day of ``reviewed``)."""
    tree, storage = site.tree, FileStorage(tmp_path / "files")
    call_id = craftsman_call(site.uow, tree)
    apps = [recommendable(site.uow, tree, call_id, UnitNature.NON_PUBLIC, storage) for _ in (1, 2)]
    district = Scope.subtree(tree.district.path)
    with site.uow() as u:
        for rank, app_id in enumerate(apps, start=1):
            batch = put_in_batch(
                u, BatchEntry(app_id, rank), as_of=AS_OF, acting_union_id=tree.district.id,
                scope=district,
            )  # fmt: skip
        submit_batch(
            u, batch.id, acting_union_id=tree.district.id, signer="区总工会", actor=OFFICER,
            now=NOW, scope=district,
        )  # fmt: skip
        u.commit()
    for app_id, on in zip(apps, reviewed, strict=True):
        reviewed_by_the_city(site.uow, tree, app_id, on)
    return call_id, apps


def test_the_city_names_from_a_list_saying_who_recommended_each_at_which_rank(
    site: Site, tmp_path: Path
) -> None:
    """Before: the naming list gave only each team's name, so among a year's recommendations
    from every district the city could not tell whose, nor the district's ranking [S7]."""
    call_id, apps = _awaiting_naming(site, tmp_path)
    page = site.login("city").get(f"/intake/calls/{call_id}")
    assert page.status_code == 200
    naming = page.text.split(f'action="/intake/calls/{call_id}/naming"', 1)[1].split("</form>")[0]
    district_name = site.tree.district.name
    for rank, app_id in enumerate(apps, start=1):
        assert f'name="application_ids" value="{app_id}"' in naming
        assert f"（{district_name}推荐，排序{rank}）" in naming


def test_a_district_posting_the_citys_naming_reads_why_and_nothing_is_named(
    site: Site, tmp_path: Path
) -> None:
    """Before: the district's page has no naming form, so its post (a stale page, a second tab)
    came back 422 with the call page and no word of why; now the refusal stands on top of it."""
    call_id, apps = _awaiting_naming(site, tmp_path)
    district = site.login("district")
    url = f"/intake/calls/{call_id}"
    page = district.get(url)
    assert f'action="{url}/naming"' not in page.text
    typed = {
        "csrf_token": csrf_of(page.text),
        "application_ids": [str(a) for a in apps],
        "document_ref": "沪工总〔2026〕88号",
        "decided_on": "2026-11-21",
        "signer": "区总工会主席",
    }
    refused = district.post(f"{url}/naming", data=typed)
    assert refused.status_code == 403  # the city's step, as the API answers it
    alert = refused.text.split('role="alert">提交未成功：', 1)[1].split("</div>")[0]
    assert f"应由{site.tree.city.name}办理" in alert
    assert "（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》二（四））" in alert
    with site.uow() as u:
        repo = IntakeRepository(u.session)
        for app_id in apps:
            kept = repo.application(app_id, EVERYTHING)
            assert kept is not None
            assert (kept.status, kept.designation_id) == (ApplicationStatus.IN_REVIEW, None)


def _naming(city: TestClient, url: str, ticked: list[str]) -> dict[str, object]:
    """The naming form of the call page at ``url`` as the city fills it, ``ticked`` ticked."""
    return {
        "csrf_token": csrf_of(city.get(url).text, f"{url}/naming"),
        "application_ids": ticked,
        "document_ref": "沪工总〔2026〕88号",
        "decided_on": "2026-11-21",
        "signer": "市总工会主席",
    }


def test_naming_an_application_that_does_not_exist_says_so_beside_the_list(
    site: Site, tmp_path: Path
) -> None:
    """Before: an id not found (a stale page, a typo over the API) read 「申报 999999 不在
    「…」环节」, as though it existed at another step; now it is named as not found."""
    call_id, apps = _awaiting_naming(site, tmp_path)
    city, url = site.login("city"), f"/intake/calls/{call_id}"
    refused = city.post(f"{url}/naming", data=_naming(city, url, [str(apps[0]), "999999"]))
    assert refused.status_code == 422
    assert "申报 999999 不存在或不在管辖范围内" in refused.text
    assert "申报 999999 不在" not in refused.text
    # Said beside the list of applications, not above the form (helper polish67).
    beside = refused.text.split('id="application_ids-error">', 1)[1].split("</div>")[0]
    assert beside == "申报 999999 不存在或不在管辖范围内"
    alert = refused.text.split('role="alert">', 1)[1].split("</div>")[0]
    assert "999999" not in alert
    assert 'value="沪工总〔2026〕88号"' in refused.text
    assert f'name="application_ids" value="{apps[0]}" checked' in refused.text
    assert f'name="application_ids" value="{apps[1]}" checked' not in refused.text
    with site.uow() as u:
        kept = IntakeRepository(u.session).application(apps[0], EVERYTHING)
        assert kept is not None
        assert kept.designation_id is None


def test_a_tampered_tick_is_refused_beside_the_list_naming_it_and_nothing_is_named(
    site: Site, tmp_path: Path
) -> None:
    """Before: a ticked value that is no id (a form posted by hand) was dropped and the other
    application named without a word; now it is refused beside the list, naming the value, the
    typed fields kept, nothing named."""
    call_id, apps = _awaiting_naming(site, tmp_path)
    city, url = site.login("city"), f"/intake/calls/{call_id}"
    refused = city.post(f"{url}/naming", data=_naming(city, url, [str(apps[0]), "abc"]))
    assert refused.status_code == 422
    beside = refused.text.split('id="application_ids-error">', 1)[1].split("</div>")[0]
    assert beside == "所选申报「abc」不是有效的申报编号，请刷新页面后重新勾选"
    assert 'value="沪工总〔2026〕88号"' in refused.text
    assert 'value="市总工会主席"' in refused.text
    assert f'name="application_ids" value="{apps[0]}" checked' in refused.text
    with site.uow() as u:
        repo = IntakeRepository(u.session)
        for app_id in apps:
            kept = repo.application(app_id, EVERYTHING)
            assert kept is not None
            assert (kept.status, kept.designation_id) == (ApplicationStatus.IN_REVIEW, None)


def _hint(page: str) -> str:
    return (
        page.split('id="f-decided_on"', 1)[1]
        .split('<div class="muted">', 1)[1]
        .split("</div>", maxsplit=1)[0]
    )


def test_the_naming_date_hint_names_the_earliest_day_the_ticked_applications_allow(
    site: Site, tmp_path: Path, moving: tuple[TestClient, Moving]
) -> None:
    """Before: 审定日期 had no hint, and its earliest day depends on the applications ticked. Now
    the hint says it, by the rule the refusal applies: the first reviewed on 21 November, the
    second on 25; with both ticked the 25th, with the first alone the 21st."""
    browser, clock = moving
    clock.at = NOW + timedelta(days=7)
    later = AS_OF + timedelta(days=4)
    call_id, apps = _awaiting_naming(site, tmp_path, reviewed=(AS_OF, later))
    with site.uow() as u:
        repo = IntakeRepository(u.session)
        names = []
        for app_id in apps:
            app = repo.application(app_id, EVERYTHING)
            assert app is not None
            shop = u.workshops.get(app.workshop_id, scope=EVERYTHING)
            assert shop is not None
            names.append(app.form.get("studio_name") or shop.name)
    city = site.login("city", browser)
    url = f"/intake/calls/{call_id}"
    page = city.get(url)
    assert _hint(page.text) == (
        "最早可填2026年11月25日：审定日期不能早于所勾选申报上一环节的办理，其中最晚的是"
        f"{names[1]}的「创建命名办公室终审」的办理日期（2026年11月25日）；也不能晚于今天。"
        "改变勾选后以所勾选的为准"
    )
    typed = {
        "csrf_token": csrf_of(page.text, f"{url}/naming"),
        "application_ids": [str(apps[0])],
        "document_ref": "",
        "decided_on": "2026-11-21",
        "signer": "市总工会主席",
    }
    first_only = city.post(f"{url}/naming", data=typed)
    assert first_only.status_code == 422
    assert _hint(first_only.text).startswith(
        f"最早可填2026年11月21日：审定日期不能早于所勾选申报上一环节的办理，其中最晚的是{names[0]}"
    )
    both = city.post(
        f"{url}/naming",
        data=typed
        | {"application_ids": [str(a) for a in apps], "document_ref": "沪工总〔2026〕9号"},
    )
    assert both.status_code == 422
    assert (
        'id="decided_on-error">审定日期不能早于「创建命名办公室终审」的办理日期（2026年11月25日）'
    ) in both.text
    assert 'value="2026-11-21"' in both.text
    with site.uow() as u:
        for app_id in apps:
            kept = IntakeRepository(u.session).application(app_id, EVERYTHING)
            assert kept is not None
            assert kept.designation_id is None
