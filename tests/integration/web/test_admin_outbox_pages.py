"""Admin pages: the outbox — failed mail with its reason and retry, finding mail by recipient and
day, each district's admin reading its own mail, the daily jobs' runs, a removed contact's digest
(issue 7 §2)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from jobs.tasks import run_daily_audit, run_sweep
from lifecycle.config import Settings
from lifecycle.reminders.model import OutboxMessage, ReminderItem
from lifecycle.reminders.outbox import Outcome, claim_batch, record_outcomes
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import UnionContact
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole, OutboxStatus, Role
from tests.factories import user
from tests.integration.web.conftest import Site, csrf_of


def _failed_mail(site: Site) -> int:
    """A failed mail carrying no reminder item (as a 「发送提醒」 mail), to a district's contact:
    read by the administrators whose subtree holds that district."""
    with site.uow() as u:
        add_contact(
            u,
            NewContact(site.tree.district.id, "王干事", "wang@yp.example.cn", ContactRole.OFFICER),
            scope=EVERYTHING,
        )
        message = u.outbox.add(
            OutboxMessage(
                kind="digest",
                dedup_key="test-failed-1",
                recipient_email="wang@yp.example.cn",
                recipient_name="王干事",
                payload={"items": [{"title": "检查"}]},
                status=OutboxStatus.FAILED,
                attempts=5,
                next_attempt_at=datetime(2026, 11, 20, tzinfo=UTC),
                failure_reason="收件地址被拒绝：550 mailbox unavailable",
            )
        )
        u.commit()
        return message.id


def test_outbox_shows_failed_mail_with_reason_and_retry_requeues_it(site: Site) -> None:
    message_id = _failed_mail(site)
    browser = site.login("admin")
    page = browser.get("/admin/outbox?status=failed")
    assert page.status_code == 200
    assert "550 mailbox unavailable" in page.text
    assert "发送失败（1）" in page.text
    action = f"/admin/outbox/{message_id}/retry"
    done = browser.post(action, data={"csrf_token": csrf_of(page.text, action)})
    assert done.status_code == 303
    with site.uow() as u:
        message = u.outbox.in_scope(message_id, EVERYTHING)
        assert message is not None
        assert message.status is OutboxStatus.PENDING
    # The page says what was done: which mail, to whom, and that it now waits to be sent.
    said = browser.get(done.headers["location"])
    notice = re.search(r'<div class="notice-ok" role="status" id="retried">(.*?)</div>', said.text)
    assert notice is not None
    assert f"已重新发送第 {message_id} 封邮件（王干事 &lt;wang@yp.example.cn&gt;）" in notice[1]
    assert "状态改为「待发送」" in notice[1]
    # Another administrator's mail, or a number typed, says nothing.
    assert 'id="retried"' not in browser.get("/admin/outbox?retried=999999").text
    again = browser.post(action, data={"csrf_token": csrf_of(page.text, action)})
    assert again.status_code == 422
    assert "只有发送失败的邮件可以重试" in again.text
    assert "待发送（1）" in browser.get("/admin/outbox").text


def _mail(site: Site, email: str, *, union_id: int, status: OutboxStatus, at: datetime) -> int:
    """A mail listing one reminder of ``union_id``'s, written at ``at``."""
    with site.uow() as u:
        n = u.session.scalar(select(func.count()).select_from(OutboxMessage)) or 0
        message = u.outbox.add(
            OutboxMessage(
                kind="reminder_digest",
                dedup_key=f"test-mail-{n}",
                recipient_email=email,
                recipient_name="收件人",
                payload={"items": [{"title": "检查"}]},
                status=status,
                attempts=5 if status is OutboxStatus.FAILED else 0,
                next_attempt_at=at,
                created_at=at,
                failure_reason="550 mailbox unavailable" if status is OutboxStatus.FAILED else None,
            )
        )
        u.session.add(
            ReminderItem(
                kind="inspection",
                occasion_key=f"k{n}",
                due_on=date(2026, 12, 1),
                recipient_email=email,
                lead_step="before-7",
                recipient_name="收件人",
                designation_id=site.designation.id,
                union_id=union_id,
                title="三年期检查",
                subject="某工作室",
                link=f"/designations/{site.designation.id}",
                occasion_status="due",
                sweep_date=at.date(),
                outbox_id=message.id,
            )
        )
        u.commit()
        return message.id


def test_outbox_page_finds_mail_by_recipient_and_day_a_page_at_a_time(site: Site) -> None:
    district = site.tree.district.id
    day_one = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    for _ in range(52):
        _mail(site, "many@yp.example.cn", union_id=district, status=OutboxStatus.SENT, at=day_one)
    late = datetime(2026, 11, 21, 16, 30, tzinfo=UTC)  # 00:30 on 22 November in Shanghai
    wang = _mail(site, "wang@yp.example.cn", union_id=district, status=OutboxStatus.FAILED, at=late)
    browser = site.login("admin")

    first = browser.get("/admin/outbox")
    assert first.status_code == 200
    assert "共 53 封，第 1–50 封" in first.text
    assert f'id="message-{wang}"' in first.text  # newest first
    assert 'rel="next"' in first.text
    assert 'rel="prev"' not in first.text
    second = browser.get("/admin/outbox?page=2")
    assert "共 53 封，第 51–53 封" in second.text
    assert 'rel="prev"' in second.text
    assert 'rel="next"' not in second.text

    found = browser.get("/admin/outbox?recipient=WANG@yp.example.cn")
    assert "共 1 封" in found.text
    # The counts per status are of the mails the other filters match.
    assert "已发送（0）" in found.text
    assert "发送失败（1）" in found.text
    assert "已发送（52）" in first.text
    assert f'id="message-{wang}"' in found.text
    # The status tabs keep the recipient asked for.
    assert "recipient=WANG%40yp.example.cn&amp;status=failed" in found.text
    # Days are Shanghai calendar days: 00:30 on 22 November is not the 21st.
    assert "共 0 封" in browser.get("/admin/outbox?from=2026-11-21&to=2026-11-21").text
    assert "共 1 封" in browser.get("/admin/outbox?from=2026-11-22&to=2026-11-22").text
    assert "共 52 封" in browser.get("/admin/outbox?to=2026-11-20").text
    assert "共 1 封" in browser.get("/admin/outbox?status=failed&from=2026-11-01").text

    bad = browser.get("/admin/outbox?from=2026-13-01&status=lost")
    assert bad.status_code == 200
    # A well-written day the calendar lacks is named as such (before: 「不是有效日期」).
    assert "起始日期有误：没有2026-13-01这一天，已忽略" in bad.text
    unreadable = browser.get("/admin/outbox?from=2026-1-1")
    assert "起始日期「2026-1-1」不是有效日期" in unreadable.text
    assert "状态「lost」无效，已忽略" in bad.text
    assert "共 53 封" in bad.text


def test_an_admin_of_a_district_reads_and_retries_only_its_own_districts_mail(site: Site) -> None:
    at = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    failed = OutboxStatus.FAILED
    ours = _mail(site, "a@yp.example.cn", union_id=site.tree.unit.id, status=failed, at=at)
    theirs = _mail(
        site, "b@hk.example.cn", union_id=site.tree.other_district.id, status=failed, at=at
    )
    with site.uow() as u:
        for union, email in (
            (site.tree.unit, "a@yp.example.cn"),
            (site.tree.other_unit, "b@hk.example.cn"),
        ):
            contact = NewContact(union.id, "联系人", email, ContactRole.UNIT_CONTACT)
            add_contact(u, contact, scope=EVERYTHING)
        principal, password = user(u, Role.ADMIN, site.tree.district.id)
        u.commit()
    site.usernames["district-admin"] = principal.username
    site.passwords["district-admin"] = password
    browser = site.login("district-admin")

    # An administrator reads inside their own union's subtree, as over the API
    # (``Principal.read_scope``): nobody sees another district's data (DOMAIN §1) …
    page = browser.get("/admin/outbox")
    assert f'id="message-{ours}"' in page.text
    assert f'id="message-{theirs}"' not in page.text
    assert "发送失败（1）" in page.text
    assert f'id="message-{theirs}"' in site.login("admin").get("/admin/outbox").text
    # … and act only there.
    token = csrf_of(page.text, f"/admin/outbox/{ours}/retry")
    refused = browser.post(f"/admin/outbox/{theirs}/retry", data={"csrf_token": token})
    assert refused.status_code == 404
    with site.uow() as u:
        mail = u.outbox.in_scope(theirs, EVERYTHING)
        assert mail is not None
        assert mail.status is OutboxStatus.FAILED
    done = browser.post(f"/admin/outbox/{ours}/retry", data={"csrf_token": token})
    assert done.status_code == 303
    assert "发送失败（0）" in browser.get("/admin/outbox").text
    assert "发送失败（1）" in site.login("admin").get("/admin/outbox").text


def test_outbox_page_lists_the_daily_jobs_with_what_each_wrote(site: Site) -> None:
    browser = site.login("admin")
    assert "尚未运行过每日提醒" in browser.get("/admin/outbox").text
    now = datetime(2026, 3, 7, 23, 30, tzinfo=UTC)  # 07:30 on 8 March in Shanghai
    with site.uow() as u:
        # Seven days before the first cycle end (2026-03-15) of the title named 2023-03-15.
        result = run_sweep(u, date(2026, 3, 8), policy=ReminderPolicy(), now=now)
        claim = claim_batch(u, now, Settings())  # the 8th's mails go out that morning
        record_outcomes(
            u, claim.token, [(m, Outcome.SENT, "250") for m in claim.messages], now=now,
            settings=Settings(),
        )  # fmt: skip
        # Nothing is announced on the 10th (the unit's weekly overdue filings fell on the 9th).
        quiet = run_sweep(u, date(2026, 3, 10), policy=ReminderPolicy(), now=now)
        u.commit()
    assert result.items_created >= 1
    assert len(result.digests) >= 1
    assert quiet.items_created == 0
    page = browser.get("/admin/outbox").text
    row = re.search(r'<tr id="sweep-2026-03-08">(.*?)</tr>', page)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    assert cells == [
        "2026年3月8日",
        "2026年3月8日 07:30",
        str(result.items_created),
        str(len(result.digests)),
    ]
    assert re.search(
        r'<tr id="sweep-2026-03-10"><td>2026年3月10日</td><td>[^<]+</td>'
        r'<td class="num">0</td><td class="num">0</td></tr>',
        page,
    )
    # Latest first.
    assert page.index('id="sweep-2026-03-10"') < page.index('id="sweep-2026-03-08"')
    assert "尚未运行过每日核查" in page
    with site.uow() as u:
        report = run_daily_audit(u, date(2026, 3, 8), now=now)
        u.commit()
    assert report is not None
    audits = browser.get("/admin/outbox").text.split('id="audits"')[1]
    assert re.search(
        rf'<tr id="audit-2026-03-08"><td>2026年3月8日</td><td>2026年3月8日 07:30</td>'
        rf'<td class="num">{report.stored}</td></tr>',
        audits,
    )


def test_a_contact_removed_after_the_sweep_is_not_sent_the_days_digest(site: Site) -> None:
    """DOMAIN §6: a removed contact gets nothing, the digest the sweep wrote for them before the
    removal included; the outbox page says why it was not sent."""
    district = site.tree.district.id
    with site.uow() as u:
        (contact,) = [c for c in u.session.scalars(select(UnionContact)) if c.union_id == district]
        address, contact_id = contact.email.strip().lower(), contact.id
        # The inspection is due 2026-03-15 [Y12]: announced seven days ahead.
        run_sweep(
            u, date(2026, 3, 8), policy=ReminderPolicy(), now=datetime(2026, 3, 8, tzinfo=UTC)
        )
        u.commit()
    browser = site.login("admin")
    action = f"/admin/unions/{district}/contacts/{contact_id}/remove"
    page = browser.get(f"/admin/contacts/{contact_id}/edit").text
    done = browser.post(action, data={"csrf_token": csrf_of(page, action)})
    assert done.status_code == 303
    assert "尚未发出的也不再发送" in browser.get(done.headers["location"]).text
    with site.uow() as u:
        claim = claim_batch(u, datetime(2026, 3, 8, 0, 1, tzinfo=UTC), Settings())
        assert [m.recipient_email for m in claim.messages if m.recipient_email == address] == []
    failed = browser.get(f"/admin/outbox?status=failed&recipient={address}").text
    assert "收件人已从工会联系人中移除，邮件未发送" in failed
    assert "发送失败（1）" in failed
