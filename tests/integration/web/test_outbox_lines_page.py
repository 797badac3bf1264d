"""The outbox page counts, of a digest carrying several districts' items, only the lines of the
administrator's own subtree, and says how many others it carries (DOMAIN §1, §6); it offers no
重新发送 for a mail withdrawn when its contact was removed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from lifecycle.reminders.model import OutboxMessage, ReminderItem
from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole, OutboxStatus, Role
from tests.factories import user
from tests.integration.web.conftest import Site, csrf_of

AT = datetime(2026, 11, 20, tzinfo=UTC)


def _line(union_id: int, title: str) -> dict[str, object]:
    return {
        "kind": "cycle_inspection",
        "kind_label": "管理周期末实地检查",
        "title": title,
        "subject": "管理周期末实地检查",
        "due_on": "2026-12-01",
        "step": "before-7",
        "step_label": "提前7天提醒",
        "link": f"/designations/{union_id}",
        "on_behalf_of": None,
        "union_id": union_id,
    }


def _digest(site: Site, email: str, name: str, lines: list[dict[str, object]]) -> int:
    """A queued digest to ``email`` listing ``lines``, with the reminder item of each."""
    with site.uow() as u:
        mail = u.outbox.add(
            OutboxMessage(
                kind="reminder_digest",
                dedup_key=f"test-digest-{email}",
                recipient_email=email,
                recipient_name=name,
                payload={"as_of": "2026-11-20", "name": name, "items": lines},
                status=OutboxStatus.PENDING,
                next_attempt_at=AT,
                created_at=AT,
            )
        )
        for n, line in enumerate(lines):
            u.session.add(
                ReminderItem(
                    kind="cycle_inspection",
                    occasion_key=f"{email}-{n}",
                    due_on=date(2026, 12, 1),
                    recipient_email=email,
                    lead_step="before-7",
                    recipient_name=name,
                    designation_id=None,
                    union_id=line["union_id"],
                    title=str(line["title"]),
                    subject="管理周期末实地检查",
                    link=str(line["link"]),
                    occasion_status="due",
                    sweep_date=date(2026, 11, 20),
                    outbox_id=mail.id,
                )
            )
        u.commit()
        return mail.id


def test_a_district_admin_counts_only_its_own_lines_of_the_citys_digest(site: Site) -> None:
    tree = site.tree
    lines = [
        _line(tree.unit.id, "杨浦的工作室"),
        _line(tree.other_unit.id, "浦东的工作室甲"),
        _line(tree.other_unit.id, "浦东的工作室乙"),
    ]
    lines[2]["link"] = "/designations/999"
    mail = _digest(site, "city@sh.example.cn", "沈干事", lines)
    with site.uow() as u:
        admin, password = user(u, Role.ADMIN, tree.district.id)
        u.commit()
    site.usernames["yp-admin"], site.passwords["yp-admin"] = admin.username, password
    city_row = _row(site.login("admin").get("/admin/outbox").text, mail)
    assert '<td class="num">3</td>' in city_row
    assert "不予显示" not in city_row
    district_row = _row(site.login("yp-admin").get("/admin/outbox").text, mail)
    assert (
        '<td class="num">1<div class="muted">另有2项属管辖范围以外的工会，不予显示</div></td>'
        in (district_row)
    )


def _row(page: str, mail_id: int) -> str:
    start = page.index(f'<tr id="message-{mail_id}">')
    return page[start : page.index("</tr>", start)]


def test_a_mail_withdrawn_from_a_removed_contact_is_not_offered_again(site: Site) -> None:
    """The admin removes a contact on its page: the digest queued to them is withdrawn, and the
    outbox offers no 重新发送 for it (before it did, and the removed person got the mail)."""
    with site.uow() as u:
        contact = add_contact(
            u,
            NewContact(site.tree.unit.id, "赵主席", "zhao@unit.example.cn", ContactRole.CHAIR),
            scope=EVERYTHING,
        )
        u.commit()
    mail = _digest(site, "zhao@unit.example.cn", "赵主席", [_line(site.tree.unit.id, "某工作室")])
    browser = site.login("admin")
    edit = f"/admin/contacts/{contact.id}/edit"
    action = f"/admin/unions/{site.tree.unit.id}/contacts/{contact.id}/remove"
    removed = browser.post(
        action,
        data={"csrf_token": csrf_of(browser.get(edit).text, action), "expected_version": "1"},
    )
    assert removed.status_code == 303, removed.text
    page = browser.get("/admin/outbox?status=failed")
    row = _row(page.text, mail)
    assert "收件人已从工会联系人中移除，邮件未发送" in row
    assert "重新发送" not in row
    assert "收件人已不是工会联系人，不再发送" in row
    # Posted anyway: refused beside the mail, still failed.
    retry = browser.post(f"/admin/outbox/{mail}/retry", data={"csrf_token": csrf_of(page.text)})
    assert retry.status_code == 422
    assert "收件人已不是任何工会的联系人" in _row(retry.text, mail)
    with site.uow() as u:
        kept = u.outbox.in_scope(mail, EVERYTHING)
        assert kept is not None
        assert kept.status is OutboxStatus.FAILED
