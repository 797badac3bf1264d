"""The sweep in SQL (from the occasion index) writes item for item what the pure-Python decision
(generators, ``lead_step``, every contact) writes, for every occasion kind, in digest order."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from lifecycle.demo import load_demo
from lifecycle.occasions import index
from lifecycle.occasions.index_model import OccasionEntry
from lifecycle.occasions.model import OccasionKind
from lifecycle.occasions.service import iter_occasions_for_union
from lifecycle.reminders import service
from lifecycle.reminders.model import ReminderItem
from lifecycle.reminders.policy import ReminderPolicy, lead_step
from lifecycle.reminders.service import payload_of, sweep
from lifecycle.scope import EVERYTHING
from lifecycle.unions.model import Union, UnionContact
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.vocab import ContactRole

AS_OF = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)
# Short leads for one kind: a kind's own lead days go through the SQL path too.
POLICY = ReminderPolicy(by_kind={OccasionKind.ANNUAL_ASSESSMENT.value: (45, 14, 0)})


def _expected(u, as_of: date) -> dict[str, list[dict[str, object]]]:
    """Each recipient's items, decided one occasion at a time, in digest order."""
    contacts = defaultdict(list)
    for c in u.session.query(UnionContact).order_by(UnionContact.id):
        address = c.email.strip().lower()
        if address not in {e for e, _ in contacts[c.union_id]}:
            contacts[c.union_id].append((address, c.name))
    end = as_of + timedelta(days=POLICY.horizon_days)
    rows = []
    for root in u.reminders.root_union_ids():
        for o in iter_occasions_for_union(
            u, root, as_of, end, as_of, outstanding_only=True, scope=EVERYTHING
        ):
            step = lead_step(o, as_of, POLICY)
            if step is None:
                continue
            for email, _name in contacts[o.union_id]:
                row = {
                    "kind": o.kind.value,
                    "title": o.title,
                    "subject": o.subject,
                    "due_on": o.due_on,
                    "lead_step": step,
                    "occasion_status": o.status.value,
                    "link": o.link,
                }
                rows.append((email, o.due_on, o.kind.value, o.subject, o.key, payload_of(row)))
    found: dict[str, list[dict[str, object]]] = defaultdict(list)
    for email, *_order, payload in sorted(rows, key=lambda r: r[:5]):
        found[email].append(payload)
    return dict(found)


def _swept(u, as_of: date) -> tuple[dict[str, list[dict[str, object]]], int]:
    result = sweep(u, as_of, policy=POLICY, now=NOW)
    stored = u.session.query(ReminderItem).filter(ReminderItem.sweep_date == as_of).count()
    assert stored == result.items_created
    return {d.recipient_email: list(d.items) for d in result.digests}, result.items_created


def _days_covering_every_kind(u) -> list[date]:
    """Days inside the index's horizon on which, together, every indexed kind is announced."""
    state = u.occasion_index.state()
    last = state.through - timedelta(days=POLICY.horizon_days)
    e = OccasionEntry
    entries = u.session.query(e.kind, e.due_on, e.standing).distinct().all()
    days: list[date] = []
    covered: set[str] = set()
    for kind, due_on, standing in sorted(entries, key=lambda e: (e.due_on, e.kind)):
        if kind in covered:
            continue
        # A standing warning shows from its due date on: only its weekly repeats announce it.
        leads = [] if standing else [due_on - timedelta(days=d) for d in POLICY.lead_days_for(kind)]
        repeats = [due_on + timedelta(days=7 * k) for k in range(1, 400)]
        usable = [d for d in (*leads, *repeats) if state.built_for <= d <= last]
        if usable:
            days.append(usable[0])
            covered.add(kind)
    return sorted(set(days))


def test_the_sql_sweep_writes_what_the_python_decision_does_for_every_kind(uow, monkeypatch):
    with uow() as u:
        load_demo(uow, as_of=AS_OF)
    with uow() as u:
        # Every union gets a contact (the demo leaves unit unions without): every kind reaches
        # someone; one address shared by two unions gets one digest.
        for n, union in enumerate(u.session.query(Union).order_by(Union.id)):
            email = "Shared@Example.cn" if n in (1, 2) else f"officer{n}@example.cn"
            add_contact(u, NewContact(union.id, f"干事{n}", email, ContactRole.OFFICER))
        index.build(u, AS_OF, NOW)
        u.commit()
    with uow() as u:
        kinds = {k for (k,) in u.session.query(OccasionEntry.kind).distinct()}
        assert kinds == {k.value for k in OccasionKind}, "the demo registry owes every kind"
        days = _days_covering_every_kind(u)
    seen_kinds: set[str] = set()
    total = 0
    for day in days:
        with uow() as u:
            expected = _expected(u, day)
        # The fallback: the generators' items staged from Python.
        with uow() as u, monkeypatch.context() as m:
            m.setattr(service.occasion_index, "usable", lambda *_a: False)
            fallback, fallback_count = _swept(u, day)
        with uow() as u:  # the SQL path, from the occasion index; rolled back like the other
            assert index.usable(u, day + timedelta(days=POLICY.horizon_days), day)
            swept, count = _swept(u, day)
            assert sweep(u, day, policy=POLICY, now=NOW).items_created == 0
        assert swept == expected == fallback, day
        assert count == fallback_count == sum(len(items) for items in expected.values())
        seen_kinds |= {i["kind"] for items in swept.values() for i in items}
        total += count
    assert seen_kinds == {k.value for k in OccasionKind}
    assert total > 0
