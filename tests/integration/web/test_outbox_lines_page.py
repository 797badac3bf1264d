"""The outbox page counts, of a digest carrying several districts' items, only the lines of the
administrator's own subtree, and says how many others it carries (DOMAIN §1, §6)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from lifecycle.reminders.model import OutboxMessage, ReminderItem
from lifecycle.vocab import OutboxStatus, Role
from tests.factories import user
from tests.integration.web.conftest import Site

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


def test_a_district_admin_counts_only_its_own_lines_of_the_citys_digest(site: Site) -> None:
    tree = site.tree
    with site.uow() as u:
        lines = [
            _line(tree.unit.id, "杨浦的工作室"),
            _line(tree.other_unit.id, "浦东的工作室甲"),
            _line(tree.other_unit.id, "浦东的工作室乙"),
        ]
        lines[2]["link"] = "/designations/999"
        mail = u.outbox.add(
            OutboxMessage(
                kind="reminder_digest",
                dedup_key="test-city-digest",
                recipient_email="city@sh.example.cn",
                recipient_name="沈干事",
                payload={"as_of": "2026-11-20", "name": "沈干事", "items": lines},
                status=OutboxStatus.PENDING,
                next_attempt_at=AT,
                created_at=AT,
            )
        )
        for n, line in enumerate(lines):
            u.session.add(
                ReminderItem(
                    kind="cycle_inspection",
                    occasion_key=f"city-digest-{n}",
                    due_on=date(2026, 12, 1),
                    recipient_email="city@sh.example.cn",
                    lead_step="before-7",
                    recipient_name="沈干事",
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
        admin, password = user(u, Role.ADMIN, tree.district.id)
        u.commit()
    site.usernames["yp-admin"], site.passwords["yp-admin"] = admin.username, password
    city_row = _row(site.login("admin").get("/admin/outbox").text, mail.id)
    assert '<td class="num">3</td>' in city_row
    assert "不予显示" not in city_row
    district_row = _row(site.login("yp-admin").get("/admin/outbox").text, mail.id)
    assert (
        '<td class="num">1<div class="muted">另有2项属管辖范围以外的工会，不予显示</div></td>'
        in (district_row)
    )


def _row(page: str, mail_id: int) -> str:
    start = page.index(f'<tr id="message-{mail_id}">')
    return page[start : page.index("</tr>", start)]
