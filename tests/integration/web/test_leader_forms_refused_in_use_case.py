"""The three leader forms refused by their use case, on both backends [Y13]: the refused
transaction is rolled back before the form is shown again with everything typed kept and the
refusal beside its field; nothing is written (no event, consent, stored file or change); a
title not found is the 404 page, not a refusal on a form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from lifecycle.files.model import StoredFile
from lifecycle.leaders.model import ContinuationConsent, LeaderChange, LeaderEvent
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import SkillLevel
from tests import factories as f
from tests import leader_factories as lf
from tests.integration.web.conftest import Site, csrf_of

PDF = b"%PDF-1.4 consent"


def _yangpu(site: Site) -> int:
    with site.uow() as u:  # founded under 冯老师 on 2019-01-01, named 2023-03-15
        born = date(1966, 1, 15)
        leader = f.person(u, name="冯老师", birth_date=born, union_id=site.tree.unit.id)
        d = f.named_designation(u, site.tree, shop=lf.led_workshop(u, site.tree, leader))
        u.commit()
        return d.id


def _count(site: Site, table: type) -> int:
    with site.uow() as u:
        return int(u.session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_refused_event_keeps_its_source_and_details_and_writes_nothing(site: Site) -> None:
    d_id = _yangpu(site)
    browser = site.login("unit")
    action = f"/designations/{d_id}/leader/event"
    typed = {"csrf_token": csrf_of(browser.get(action).text, action), "kind": "retirement",
             "occurred_on": "2018-06-30", "source": "单位人事处书面通知",
             "details": "本人申请提前退休"}  # fmt: skip
    refused = browser.post(action, data=typed)
    assert refused.status_code == 422
    assert 'id="occurred_on-error">发生日期不能早于冯老师开始担任带头人的日期' in refused.text
    for kept in ("2018-06-30", "单位人事处书面通知"):
        assert f'value="{kept}"' in refused.text
    assert "本人申请提前退休</textarea>" in refused.text
    assert 'value="retirement" selected' in refused.text
    assert _count(site, LeaderEvent) == 0
    missing = browser.post("/designations/999999/leader/event", data=typed)
    assert missing.status_code == 404


def test_a_refused_consent_keeps_its_signers_and_notes_and_keeps_no_file(
    site: Site, tmp_path: Path
) -> None:
    d_id = _yangpu(site)
    browser = site.login("unit")
    action = f"/designations/{d_id}/leader/consent"
    files_before = _count(site, StoredFile)
    typed = {"csrf_token": csrf_of(browser.get(action).text, action),
             "leader_consented_on": "2018-01-01", "leader_signer": "冯老师（本人）",
             "unit_consented_on": "2018-01-02", "unit_signer": "单位工会钱主席",
             "notes": "同意继续领衔两年"}  # fmt: skip
    refused = browser.post(
        action, data=typed, files={"file": ("同意书.pdf", PDF, "application/pdf")}
    )
    assert refused.status_code == 422
    assert 'id="leader_consented_on-error">本人同意日期不能早于' in refused.text
    assert 'id="unit_consented_on-error">单位同意日期不能早于' in refused.text
    for kept in ("2018-01-01", "2018-01-02", "冯老师（本人）", "单位工会钱主席"):
        assert f'value="{kept}"' in refused.text
    assert "同意继续领衔两年" in refused.text
    assert (_count(site, ContinuationConsent), _count(site, StoredFile)) == (0, files_before)
    # Nor its bytes: the file is written when the consent is committed, not before the refusal.
    assert _kept_bytes(tmp_path) == []
    typed |= {"leader_consented_on": "2025-02-01", "unit_consented_on": "2025-02-03"}
    kept = browser.post(action, data=typed, files={"file": ("同意书.pdf", PDF, "application/pdf")})
    assert kept.status_code == 303, kept.text
    assert [p.read_bytes() for p in _kept_bytes(tmp_path)] == [PDF]


def _kept_bytes(tmp_path: Path) -> list[Path]:
    """The files in the site's store (``site`` keeps them under ``tmp_path / "files"``)."""
    return [p for p in (tmp_path / "files").rglob("*") if p.is_file()]


def test_a_refused_leader_change_keeps_its_reason_and_document_and_changes_nothing(
    site: Site,
) -> None:
    d_id = _yangpu(site)
    with site.uow() as u:
        elsewhere = f.person(u, name="外区人", union_id=site.tree.other_unit.id)
        nearby = f.person(u, name="李技师", birth_date=date(1980, 1, 1), union_id=site.tree.unit.id)
        u.commit()
        elsewhere_id, nearby_id = elsewhere.id, nearby.id
    browser = site.login("district")
    action = f"/designations/{d_id}/leader/change"
    typed = {"csrf_token": csrf_of(browser.get(action).text, action),
             "reason": "原带头人调离本单位", "document_ref": "杨工〔2026〕21号"}  # fmt: skip
    outside = browser.post(
        action,
        data=typed | {"new_leader_person_id": str(elsewhere_id), "effective_on": "2025-06-01"},
    )
    assert outside.status_code == 422, "a successor out of scope is refused on the form"
    assert "新带头人不存在或不在管辖范围内" in outside.text
    early = browser.post(
        action, data=typed | {"new_leader_person_id": str(nearby_id), "effective_on": "2023-03-14"}
    )
    assert early.status_code == 422
    assert 'id="effective_on-error">生效日期不能早于该工作室的命名日期' in early.text
    for shown in (outside.text, early.text):
        assert 'value="杨工〔2026〕21号"' in shown
        assert "原带头人调离本单位" in shown
    assert 'value="2023-03-14"' in early.text
    assert _count(site, LeaderChange) == 0
    with site.uow() as u:
        d = u.designations.get(d_id, scope=EVERYTHING)
        assert d is not None
        assert d.workshop.leader.name == "冯老师"
    missing = browser.post(
        "/designations/999999/leader/change",
        data=typed | {"new_leader_person_id": str(nearby_id), "effective_on": "2025-06-01"},
    )
    assert missing.status_code == 404


def test_a_successor_failing_the_rule_is_named_with_a_bad_date_on_the_change_page(
    site: Site,
) -> None:
    """Before: only the date was refused; the successor's failing the leader rule [Y3] came once
    the date was put right. Both are now beside their fields, as typed."""
    d_id = _yangpu(site)
    with site.uow() as u:
        plain = f.person(u, name="钱普通", honours=(), skill_level=SkillLevel.SENIOR_WORKER,
                         union_id=site.tree.unit.id)  # fmt: skip
        u.commit()
        plain_id = plain.id
    browser = site.login("district")
    action = f"/designations/{d_id}/leader/change"
    typed = {"csrf_token": csrf_of(browser.get(action).text, action), "reason": "原带头人调离",
             "new_leader_person_id": str(plain_id), "effective_on": "2023-03-14"}  # fmt: skip
    refused = browser.post(action, data=typed)
    assert refused.status_code == 422
    assert 'id="effective_on-error">生效日期不能早于该工作室的命名日期' in refused.text
    assert "新带头人钱普通不符合杨浦区" in refused.text
    assert 'value="2023-03-14"' in refused.text
    assert _count(site, LeaderChange) == 0
