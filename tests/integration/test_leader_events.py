"""Leader events, legal-retirement warnings and Yangpu continuation consent, on both backends."""

from __future__ import annotations

from datetime import date

import pytest

from lifecycle.calendar.retirement import legal_retirement
from lifecycle.errors import DomainError, ValidationFailed
from lifecycle.files.storage import FileStorage, Upload, store_upload
from lifecycle.leaders.model import LeaderEvent, LeaderEventKind
from lifecycle.leaders.service import (
    ChangeLeader,
    RecordConsent,
    RecordLeaderEvent,
    change_leader,
    record_continuation_consent,
    record_leader_event,
)
from lifecycle.occasions.model import OccasionKind as K
from lifecycle.occasions.model import OccasionStatus as St
from lifecycle.occasions.service import occasions_for_designation, occasions_for_union
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import DesignationStatus, EmploymentStatus, Gender, Honour, RetirementGroup
from tests import factories as f
from tests import leader_factories as lf

PDF = b"%PDF-1.4 consent"


def _kind(occasions, kind):
    return [o for o in occasions if o.kind is kind]


def test_model_worker_leader_born_1966_01_is_warned_90_and_30_days_ahead(uow):
    with uow() as u:
        tree = f.union_tree(u)
        leader = f.person(
            u,
            name="陈劳模",
            birth_date=date(1966, 1, 15),
            honours=(f.HonourInput(Honour.SHANGHAI_MODEL_WORKER, 2010),),
        )
        d = lf.titled(u, tree, scheme="shanghai-model-worker", leader=leader,
                      naming_date=date(2024, 4, 28))  # fmt: skip
        retirement = legal_retirement(leader.birth_date, RetirementGroup.MALE)
        assert retirement.month == (2026, 5)
        assert retirement.date == date(2026, 5, 15)

        seen = _kind(
            occasions_for_designation(u, d.id, date(2026, 5, 1), scope=EVERYTHING),
            K.LEADER_RETIREMENT,
        )
        assert [(o.due_on, o.status) for o in seen] == [
            (date(2026, 2, 14), St.DUE),  # 90 days before
            (date(2026, 4, 15), St.DUE),  # 30 days before
        ]
        assert {o.union_id for o in seen} == {tree.district.id}
        assert all("2026年5月15日" in o.title for o in seen)
        # The district union's calendar lists them too; the city's other districts do not.
        listed = occasions_for_union(
            u,
            tree.district.id,
            date(2026, 1, 1),
            date(2026, 12, 31),
            date(2026, 5, 1),
            scope=EVERYTHING,
        )
        assert len(_kind(listed, K.LEADER_RETIREMENT)) == 2
        # Between the two warnings only the first has shown up.
        early = occasions_for_designation(u, d.id, date(2026, 3, 1), scope=EVERYTHING)
        assert [o.due_on for o in _kind(early, K.LEADER_RETIREMENT)] == [date(2026, 2, 14)]


def test_recording_the_retirement_settles_the_warnings_and_sets_the_status(uow):
    with uow() as u:
        tree = f.union_tree(u)
        leader = f.person(u, birth_date=date(1966, 1, 15))
        d = lf.titled(u, tree, scheme="shanghai-model-worker", leader=leader)
        record_leader_event(
            u,
            RecordLeaderEvent(d.workshop_id, LeaderEventKind.RETIREMENT, date(2026, 5, 15),
                              "单位工会书面报告"),
            actor=f.unit_contact(u, d), as_of=date(2026, 5, 20), scope=EVERYTHING,
        )  # fmt: skip
        assert leader.employment_status is EmploymentStatus.RETIRED
        warnings = _kind(
            occasions_for_designation(u, d.id, date(2026, 5, 20), scope=EVERYTHING),
            K.LEADER_RETIREMENT,
        )
        assert [o.status for o in warnings] == [St.DONE, St.DONE]


def test_leader_event_refuses_bad_input_naming_each_field(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme="shanghai-craftsman")
        with pytest.raises(ValidationFailed) as err:
            record_leader_event(
                u,
                RecordLeaderEvent(d.workshop_id, LeaderEventKind.OTHER, date(2027, 1, 1), " "),
                actor=f.unit_contact(u, d),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert {p.field for p in err.value.problems} == {"source", "occurred_on", "details"}
        assert u.leaders.events_for_workshop(d.workshop_id) == []


def _yangpu(u, tree=None):
    tree = tree or f.union_tree(u)
    leader = f.person(u, name="老周", birth_date=date(1965, 1, 10), union_id=tree.unit.id)
    d = lf.titled(u, tree, scheme="yangpu-district", leader=leader)
    return tree, leader, d


def _consent(u, d, tmp_path, on=date(2025, 1, 20)):
    stored = store_upload(u, FileStorage(tmp_path), Upload("同意书.pdf", PDF), actor=f.OFFICER)
    return record_continuation_consent(
        u,
        RecordConsent(d.id, on, "老周", on, "单位党委书记孙某", stored.id),
        actor=f.district_officer(u, d),
        as_of=on,
        scope=EVERYTHING,
    )


def test_yangpu_leader_past_retirement_with_consent_stays_named(uow, tmp_path):
    with uow() as u:
        _, leader, d = _yangpu(u)
        retires = legal_retirement(leader.birth_date, leader.retirement_group).date
        assert retires == date(2025, 2, 10)  # 60 years 1 month [办法 附件]
        _consent(u, d, tmp_path)
        record_leader_event(
            u,
            RecordLeaderEvent(d.workshop_id, LeaderEventKind.RETIREMENT, retires, "单位人事通知"),
            actor=f.unit_contact(u, d),
            as_of=date(2025, 3, 1),
            scope=EVERYTHING,
        )
        assert d.status is DesignationStatus.NAMED
        seen = _kind(
            occasions_for_designation(u, d.id, date(2025, 3, 1), scope=EVERYTHING),
            K.LEADER_CONSENT_MISSING,
        )
        assert [(o.due_on, o.status) for o in seen] == [(retires, St.DONE)]


def test_yangpu_leader_without_consent_is_overdue_the_day_after_retirement(uow):
    with uow() as u:
        tree, _, d = _yangpu(u)
        retires = date(2025, 2, 10)

        def consent_status(as_of):
            found = _kind(
                occasions_for_designation(u, d.id, as_of, scope=EVERYTHING),
                K.LEADER_CONSENT_MISSING,
            )
            assert len(found) == 1
            assert found[0].union_id == tree.district.id
            return found[0].status

        assert consent_status(retires) is St.DUE
        assert consent_status(date(2025, 2, 11)) is St.OVERDUE
        assert d.status is DesignationStatus.NAMED  # no silent sanction


def test_consent_only_under_yangpu_once_and_with_a_file(uow, tmp_path):
    with uow() as u:
        tree = f.union_tree(u)
        city = lf.titled(u, tree, scheme="shanghai-craftsman")
        with pytest.raises(ValidationFailed) as err:
            record_continuation_consent(
                u,
                RecordConsent(city.id, date(2025, 1, 2), "某", date(2025, 1, 2), "某", 999_999),
                actor=f.district_officer(u, city),
                as_of=f.AS_OF,
                scope=EVERYTHING,
            )
        assert {p.code for p in err.value.problems} == {"no_continuation", "not_found"}
        _, _, d = _yangpu(u, tree)
        _consent(u, d, tmp_path)
        with pytest.raises(ValidationFailed) as again:
            _consent(u, d, tmp_path)
        assert again.value.code == "duplicate"
        assert len(u.leaders.consents_for(d.id)) == 1


def test_yangpu_leader_change_checks_the_new_leader_and_keeps_history(uow):
    with uow() as u:
        tree, old, d = _yangpu(u)
        outsider = f.person(u, name="外区人", honours=(), union_id=tree.other_unit.id)
        cmd = ChangeLeader(d.id, outsider.id, date(2025, 3, 1), "原带头人退休")
        with pytest.raises(DomainError) as err:
            change_leader(
                u, cmd, actor=f.district_officer(u, d), as_of=date(2025, 3, 1), scope=EVERYTHING
            )
        assert err.value.code == "leader_rule_failed"
        assert "[Y3]" in err.value.message
        assert u.leaders.history(d.workshop_id) == []
        successor = f.person(u, name="小吴", union_id=tree.unit.id)
        version = d.version
        change = change_leader(
            u,
            ChangeLeader(d.id, successor.id, date(2025, 3, 1), "原带头人退休"),
            actor=f.district_officer(u, d),
            as_of=date(2025, 3, 1),
            scope=EVERYTHING,
        )
        u.flush()
        assert (change.old_person_id, change.new_person_id) == (old.id, successor.id)
        assert d.workshop.leader_person_id == successor.id
        assert d.version == version + 1
        # The consent occasion now concerns the new leader, whose retirement is years away.
        later = occasions_for_designation(u, d.id, date(2025, 3, 2), scope=EVERYTHING)
        assert _kind(later, K.LEADER_CONSENT_MISSING) == []


def test_women_workers_retire_earlier(uow):
    with uow() as u:
        tree = f.union_tree(u)
        leader = f.person(u, name="王师傅", gender=Gender.FEMALE, birth_date=date(1976, 3, 5))
        d = lf.titled(u, tree, scheme="yangpu-district", leader=leader)
        found = _kind(
            occasions_for_designation(u, d.id, f.AS_OF, scope=EVERYTHING), K.LEADER_CONSENT_MISSING
        )
        expected = legal_retirement(leader.birth_date, RetirementGroup.FEMALE_WORKER).date
        assert [o.due_on for o in found] == [expected]


def test_the_database_refuses_the_same_event_twice(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = lf.titled(u, tree, scheme="shanghai-craftsman")
        leader_id = d.workshop.leader_person_id
        first = LeaderEvent(
            workshop_id=d.workshop_id, person_id=leader_id, kind=LeaderEventKind.DEATH,
            occurred_on=date(2026, 6, 1), source="报告", actor_name="甲",
        )  # fmt: skip
        u.leaders.add_event(first)
        again = LeaderEvent(
            workshop_id=d.workshop_id, person_id=leader_id, kind=LeaderEventKind.DEATH,
            occurred_on=date(2026, 6, 2), source="报告", actor_name="乙",
        )  # fmt: skip
        with pytest.raises(DomainError) as err:
            u.leaders.add_event(again)  # as a second officer racing past the service check
        assert err.value.code == "duplicate"
