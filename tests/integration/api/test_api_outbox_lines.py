"""The outbox as an administrator reads it. A digest carrying several unions' items (a contact
above passing on the items of districts without a contact of their own, DOMAIN §6) is read by
each administrator only as far as their own subtree reaches (DOMAIN §1): 杨浦's administrator
reads 杨浦's lines of the city's mail and is told how many others it carries; before, they read
浦东's titles and duties in it too. A mail withdrawn from a removed contact is not sent again."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lifecycle.accounts.service import issue_token
from lifecycle.reminders.model import OutboxMessage
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.reminders.service import sweep
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.unions.model import UnionContact
from lifecycle.unions.service import NewContact, add_contact, remove_contact
from lifecycle.vocab import ContactRole, Role
from tests import factories as f
from tests.integration.api.conftest import NOW, Api

CITY_EMAIL = "city-officer@sh.example.cn"


def _city_digest(api: Api) -> tuple[int, dict[str, str], dict[str, str]]:
    """Every contact removed but one at the city: the sweep of New Year's Day mails the city
    both districts' overdue filings; its id, and the headers of both districts' admins."""
    with api.uow() as u:
        for contact in u.session.scalars(select(UnionContact)).all():
            remove_contact(u, contact.union_id, contact.id, scope=EVERYTHING, now=NOW)
        city = NewContact(api.tree.city.id, "沈干事", CITY_EMAIL, ContactRole.OFFICER)
        add_contact(u, city, scope=EVERYTHING)
        sweep(u, date(2027, 1, 1), policy=ReminderPolicy(), now=NOW)
        (mail,) = u.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.recipient_email == CITY_EMAIL, OutboxMessage.status == "pending"
            )
        )
        headers = []
        for district in (api.tree.district, api.tree.other_district):
            admin, _ = f.user(u, Role.ADMIN, district.id)
            token = issue_token(u, admin, "发件箱", NOW).plaintext
            headers.append({"Authorization": f"Bearer {token}"})
        u.commit()
        return mail.id, headers[0], headers[1]


def _title(line: dict[str, str]) -> str:
    """The page a line links to, without its section."""
    return line["link"].split("#")[0]


def _subtree_of(api: Api, union_id: int) -> Scope:
    with api.uow() as u:
        union = u.unions.get(union_id, EVERYTHING)
        assert union is not None
        return Scope.subtree(union.path)


def test_each_district_admin_reads_only_its_own_lines_of_a_digest_carrying_both(api: Api) -> None:
    mail, yangpu, pudong = _city_digest(api)
    whole = api.client.get(f"/api/v1/outbox/{mail}", headers=api.callers[Role.ADMIN].headers)
    assert whole.status_code == 200, whole.text
    lines = whole.json()["items"]
    assert whole.json()["other_item_count"] == 0
    assert whole.json()["item_count"] == len(lines)
    own_title = f"/designations/{api.own.designation}"
    other_title = f"/designations/{api.other.designation}"
    assert {own_title, other_title} <= {_title(line) for line in lines}
    yp_scope = _subtree_of(api, api.tree.district.id)
    with api.uow() as u:
        ours = {
            line["link"]
            for line in lines
            if u.unions.inside({line["union_id"]}, yp_scope)  # each line names its union
        }
    for headers, theirs, foreign in (
        (yangpu, own_title, other_title),
        (pudong, other_title, own_title),
    ):
        one = api.client.get(f"/api/v1/outbox/{mail}", headers=headers)
        assert one.status_code == 200, one.text
        body = one.json()
        links = {_title(line) for line in body["items"]}
        assert theirs in links
        assert foreign not in links  # nor its title, subject or duty
        assert body["item_count"] == len(body["items"])
        assert body["item_count"] + body["other_item_count"] == len(lines)
        assert body["other_item_count"] > 0
        listed = api.client.get("/api/v1/outbox", params={"limit": 200}, headers=headers).json()
        (row,) = [m for m in listed["items"] if m["id"] == mail]
        assert (row["item_count"], row["other_item_count"]) == (
            body["item_count"],
            body["other_item_count"],
        )
    assert {
        line["link"]
        for line in api.client.get(f"/api/v1/outbox/{mail}", headers=yangpu).json()["items"]
    } == ours


def test_a_digest_written_before_its_lines_named_their_union_is_read_by_its_items(
    api: Api,
) -> None:
    """A digest queued before this change: its lines are matched to the mail's reminder items."""
    mail, yangpu, _ = _city_digest(api)
    with api.uow() as u:
        message = u.session.get(OutboxMessage, mail)
        assert message is not None
        old = [
            {k: v for k, v in line.items() if k != "union_id"} for line in message.payload["items"]
        ]
        message.payload = {**message.payload, "items": old}
        u.commit()
    body = api.client.get(f"/api/v1/outbox/{mail}", headers=yangpu).json()
    links = {_title(line) for line in body["items"]}
    assert f"/designations/{api.own.designation}" in links
    assert f"/designations/{api.other.designation}" not in links
    assert body["other_item_count"] > 0
    assert body["item_count"] + body["other_item_count"] == len(old)


def test_a_mail_withdrawn_when_its_contact_was_removed_is_not_sent_again(api: Api) -> None:
    """Removing a contact withdraws the mails queued to them (「收件人已从工会联系人中移除」);
    before, 重新发送 put such a mail back in the queue, so the district's duties went to the
    person removed. A failed mail to an address still a contact is sent again as before."""
    admin = api.callers[Role.ADMIN].headers
    with api.uow() as u:
        mail = u.outbox.in_scope(api.own.message, EVERYTHING)
        assert mail is not None
        contact = u.unions.contact_in(api.own.contact, EVERYTHING)
        assert contact is not None
        assert contact.email == mail.recipient_email
        remove_contact(u, contact.union_id, contact.id, scope=EVERYTHING, now=NOW)
        u.commit()
    listed = api.client.get("/api/v1/outbox", params={"status": "failed"}, headers=admin).json()
    (row,) = [m for m in listed["items"] if m["id"] == api.own.message]
    assert row["can_retry"] is False
    refused = api.client.post(f"/api/v1/outbox/{api.own.message}/retry", headers=admin)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "not_a_contact"
    assert error["message"].startswith("收件人已不是任何工会的联系人")
    with api.uow() as u:
        kept = u.outbox.in_scope(api.own.message, EVERYTHING)
        assert kept is not None
        assert kept.status == "failed"
        # The address is a contact again (of any union): the mail may go.
        again = NewContact(
            api.tree.district.id, "赵联系人", kept.recipient_email, ContactRole.OFFICER
        )
        add_contact(u, again, scope=EVERYTHING)
        u.commit()
    sent = api.client.post(f"/api/v1/outbox/{api.own.message}/retry", headers=admin)
    assert sent.status_code == 200, sent.text
    assert sent.json()["status"] == "pending"
