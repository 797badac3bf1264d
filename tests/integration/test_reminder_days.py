"""What the daily job mails on which day, read from the mails themselves (DOMAIN.md §3, §6)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from jobs.tasks import run_sweep
from lifecycle.calendar.retirement import legal_retirement
from lifecycle.config import Settings
from lifecycle.funding.grants import RecordGrant, record_grant
from lifecycle.funding.vocab import GrantKind
from lifecycle.ledgers.model import AchievementKind
from lifecycle.ledgers.service import NewAchievement, record_achievement
from lifecycle.reminders.outbox import OutboxFilter, Outcome, claim_batch, record_outcomes
from lifecycle.reminders.policy import ReminderPolicy
from lifecycle.scope import EVERYTHING
from lifecycle.unions.service import NewContact, add_contact
from lifecycle.views.reminders import my_reminders
from lifecycle.vocab import ContactRole, OutboxStatus, RetirementGroup
from notifications.messages import DEFAULT_ACTION, render_payload
from tests import factories as f
from tests import leader_factories as lf

POLICY = ReminderPolicy()
SETTINGS = Settings(outbox_batch_size=1000)
NOW = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
UNIT_EMAIL = "zhao@unit.example.cn"


def mails(u, day: date, *, sent: bool = True) -> dict[str, str]:
    """The plain text of each digest the job writes for ``day``, by recipient; then sent (as the
    outbox drain does within the minute) unless not ``sent``."""
    run_sweep(u, day, policy=POLICY, now=NOW)
    pending, _ = u.outbox.page(EVERYTHING, OutboxFilter(OutboxStatus.PENDING), limit=1000)
    found = {
        m.recipient_email: render_payload(m.kind, m.payload, "http://x").text
        for m in pending
        if m.payload["as_of"] == day.isoformat()
    }
    if sent:
        deliver(u)
    return found


def deliver(u) -> None:
    """Mark every pending mail sent, as the drain does after the server accepted it."""
    claim = claim_batch(u, NOW, SETTINGS)
    done = [(m, Outcome.SENT, "250 OK") for m in claim.messages]
    record_outcomes(u, claim.token, done, now=NOW, settings=SETTINGS)


def line_of(text: str, words: str) -> str:
    """The one line of a mail's text holding ``words``."""
    (found,) = [line for line in text.splitlines() if words in line]
    return found


def test_the_first_overdue_mail_goes_out_the_day_after_the_due_date(uow):
    with uow() as u:
        tree = f.union_tree(u)
        f.named_designation(u, tree)  # named 2023-03-15: cycle 1 ends 2026-03-15 [Y12]
        contact = NewContact(tree.unit.id, "赵主席", UNIT_EMAIL, ContactRole.UNIT_CONTACT)
        add_contact(u, contact, scope=EVERYTHING)
        officer = u.reminders.recipients()[tree.district.id][0].email
        # The inspection is due on 15 March: mailed that day, then on 16 March as overdue.
        assert "今日到期" in mails(u, date(2026, 3, 15))[officer]
        late = mails(u, date(2026, 3, 16))[officer]
        assert "第1个管理周期末实地检查（管理周期末实地检查，已逾期1天）" in late
        assert mails(u, date(2026, 3, 17)) == {}
        assert "已逾期8天" in mails(u, date(2026, 3, 23))[officer]
        # The yearly filings are overdue on 1 January [Y11]: the unit's union hears it that day.
        new_year = mails(u, date(2027, 1, 1))[UNIT_EMAIL]
        assert "2026年度工作室自查备案（工作室年度自查备案，已逾期1天）" in new_year
        assert "2026年度单位工会评估备案（单位工会年度评估备案，已逾期1天）" in new_year
        assert "已逾期8天" in mails(u, date(2027, 1, 8))[UNIT_EMAIL]


def test_a_warning_ahead_of_the_legal_retirement_date_is_never_called_overdue(uow):
    with uow() as u:
        tree = f.union_tree(u)
        leader = f.person(u, name="黄国庆", birth_date=date(1966, 6, 1))
        assert legal_retirement(leader.birth_date, RetirementGroup.MALE).date == date(2026, 11, 1)
        lf.titled(u, tree, scheme="yangpu-district", leader=leader, naming_date=date(2025, 1, 10))
        officer = u.reminders.recipients()[tree.district.id][0].email
        # The 90-day warning starts on 3 August; a week on it is still a warning, not late.
        start = line_of(mails(u, date(2026, 8, 3))[officer], "提前90天提醒")
        assert start.endswith("（带头人即将退休，预警）")  # a Yangpu title's word [Y3]
        week = line_of(mails(u, date(2026, 8, 10))[officer], "提前90天提醒")
        assert week.endswith("（带头人即将退休，预警已持续7天）")
        assert officer not in mails(u, date(2026, 8, 11))


def test_a_union_without_contacts_is_reminded_through_the_nearest_union_above_it(uow):
    with uow() as u:
        tree = f.union_tree(u)  # neither the unit's union nor its 街道 union has a contact
        f.named_designation(u, tree)
        officer = u.reminders.recipients()[tree.district.id][0].email
        text = mails(u, date(2027, 1, 1))[officer]
        assert "2026年度工作室自查备案（工作室年度自查备案，已逾期1天）" in text
        said = [line.strip() for line in text.splitlines() if "代为转达" in line]
        # Both filings under one heading saying whose they are, to be passed on whole.
        assert len(said) == 1
        assert said[0].startswith("【代为转达】以下")
        assert said[0].endswith(
            "项应由上海某机械有限公司工会办理，该工会尚未登记联系人，请转告该工会并督促办理："
        )
        assert int(said[0].removeprefix("【代为转达】以下").split("项")[0]) >= 2
        # The opening line does not call another union's items the officer's union's own.
        intro = next(line for line in text.splitlines() if line.startswith("截至"))
        assert "您所在工会负责的" not in intro
        assert "转告尚未登记联系人的工会办理：" in intro
        # Once the unit's union has a contact of its own, it hears of its own items.
        contact = NewContact(tree.unit.id, "赵主席", UNIT_EMAIL, ContactRole.UNIT_CONTACT)
        add_contact(u, contact, scope=EVERYTHING)
        later = mails(u, date(2027, 1, 8))
        assert "2026年度工作室自查备案" in later[UNIT_EMAIL]
        assert "，您所在工会负责的以下" in later[UNIT_EMAIL]
        assert officer not in later


def _statuses(u, email: str) -> list[tuple[str, OutboxStatus]]:
    """(day, status) of each digest to ``email``, oldest first."""
    mails_to, _ = u.outbox.page(EVERYTHING, OutboxFilter(recipient_email=email), limit=100)
    return sorted((m.payload["as_of"], m.status) for m in mails_to)


def test_a_digest_still_queued_folds_into_the_next_days_worded_as_of_that_day(uow):
    with uow() as u:
        tree = f.union_tree(u)
        d = f.named_designation(u, tree)
        contact = NewContact(tree.unit.id, "赵主席", UNIT_EMAIL, ContactRole.UNIT_CONTACT)
        add_contact(u, contact, scope=EVERYTHING)
        officer = u.reminders.recipients()[tree.district.id][0].email
        # The mail server is down from the 8th: that day's digests are still queued on the 15th.
        eighth = mails(u, date(2026, 3, 8), sent=False)
        assert "还有7天到期" in eighth[officer]
        assert "长期无创新成果" in eighth[UNIT_EMAIL]
        # Meanwhile the workshop records an achievement: the unit's drift warning is settled.
        achievement = NewAchievement(
            d.workshop_id, AchievementKind.INVENTION_PATENT, "专利", date(2026, 3, 10),
            economic_benefit_yuan="10000", applied_in_production=True,
        )  # fmt: skip
        record_achievement(
            u, achievement, actor=f.unit_contact(u, d), as_of=date(2026, 3, 10), scope=EVERYTHING
        )
        fifteenth = mails(u, date(2026, 3, 15), sent=False)
        # One digest for the officer, true on the 15th: the inspection once, due today.
        line = line_of(fifteenth[officer], "第1个管理周期末实地检查（")
        assert line.endswith("（管理周期末实地检查，今日到期）")
        assert "还有7天到期" not in fifteenth[officer]
        assert _statuses(u, officer) == [
            ("2026-03-08", OutboxStatus.SUPERSEDED),
            ("2026-03-15", OutboxStatus.PENDING),
        ]
        # Both announcements are kept, now in the mail that goes out, each row read as that
        # mail reads (dated the 15th, 今日到期), not as the superseded digest of the 8th would.
        rows, _ = my_reminders(u, officer, EVERYTHING)
        assert sorted(
            (r.sweep_date, r.mail_date, r.step_label, r.mail_status_label) for r in rows
        ) == [
            (date(2026, 3, 8), date(2026, 3, 15), "今日到期", "待发送"),
            (date(2026, 3, 15), date(2026, 3, 15), "今日到期", "待发送"),
        ]
        # Nothing left true to tell the unit: its queued digest is not sent at all.
        assert UNIT_EMAIL not in fifteenth
        assert _statuses(u, UNIT_EMAIL) == [("2026-03-08", OutboxStatus.SUPERSEDED)]
        # 我的提醒 says why it never came, not 「已并入次日汇总」 (no later mail lists it).
        unit_rows, _ = my_reminders(u, UNIT_EMAIL, EVERYTHING)
        assert {(r.mail_status_label, r.failure_reason) for r in unit_rows} == {
            ("已撤回", "发送前该事项已办结或已变更，未列入邮件")
        }


def test_a_digest_a_sender_holds_is_left_to_it_and_not_repeated(uow):
    with uow() as u:
        tree = f.union_tree(u)
        f.named_designation(u, tree)
        officer = u.reminders.recipients()[tree.district.id][0].email
        mails(u, date(2026, 3, 8), sent=False)
        held = claim_batch(u, NOW, SETTINGS)  # a sender is sending it (its lease runs)
        assert held.messages
        fifteenth = mails(u, date(2026, 3, 15), sent=False)[officer]
        assert "还有7天到期" not in fifteenth  # not listed twice: the sender delivers it
        assert _statuses(u, officer) == [
            ("2026-03-08", OutboxStatus.PENDING),
            ("2026-03-15", OutboxStatus.PENDING),
        ]


def test_each_reminder_says_what_to_do_citing_the_regulation_by_its_own_title(uow):
    """DOMAIN §6: the digest's 办理要求 cites the rule as the regulation is titled: the city's
    rules are 《上海市“劳模创新工作室”管理办法（修订）》 [S9]; a Yangpu leader past the legal age
    needs the leader's and the unit's consent [Y13], not the default 「按规定办理」."""
    with uow() as u:
        tree = f.union_tree(u)
        lf.titled(u, tree, scheme="shanghai-model-worker", naming_date=date(2025, 1, 10))
        leader = f.person(u, name="黄国庆", birth_date=date(1966, 6, 1))  # retires 2026-11-01
        lf.titled(u, tree, scheme="yangpu-district", leader=leader, naming_date=date(2025, 1, 10))
        officer = u.reminders.recipients()[tree.district.id][0].email
        retired = [mails(u, date(2026, 11, d)).get(officer, "") for d in (1, 2)]
        consent = [t for t in retired if "登记本人愿意继续领衔及所在单位同意" in t]
        assert consent, retired
        assert (
            "办理要求：带头人超过法定退休年龄后继续领衔，须登记本人愿意继续领衔及所在单位同意；"
            "否则请办理带头人变更（《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条）。"
        ) in consent[0]
        year_end = mails(u, date(2027, 1, 1))[officer]
        assert (
            "办理要求：请在年度期末按所在单位工会、区局（产业）工会的顺序完成考核并录入结论；"
            "区局（产业）工会考核不合格的向上海市总工会申请摘牌，由市总工会决定"
            "（《上海市“劳模创新工作室”管理办法（修订）》第九条）。"
        ) in year_end
        assert "《上海市劳模创新工作室管理办法》" not in year_end
        assert "[S9]" not in year_end
        assert "[Y" not in year_end


def test_retirement_warnings_and_missing_matching_funds_cite_their_rules(uow):
    """DOMAIN §6: a leader's coming legal retirement says what [Y13] and [S9]/[C] ask, and the
    district's missing matching funds cite the 1:1 of [S10], not the default 「按规定办理」."""
    with uow() as u:
        tree = f.union_tree(u)
        leader = f.person(u, name="黄国庆", birth_date=date(1966, 6, 1))  # retires 2026-11-01
        lf.titled(u, tree, scheme="yangpu-district", leader=leader, naming_date=date(2025, 1, 10))
        city_title = f.named_designation(
            u, tree, scheme="shanghai-model-worker", naming_date=date(2025, 6, 1)
        )
        paid = date(2026, 1, 10)
        cmd = RecordGrant(city_title.id, GrantKind.ONE_OFF, "沪工〔2026〕1号", paid, paid)
        record_grant(u, cmd, actor=f.finance_of(tree.city.id), as_of=paid, scope=EVERYTHING)
        money_desk = "finance@district.example.cn"
        finance = NewContact(tree.district.id, "区财务", money_desk, ContactRole.FINANCE)
        add_contact(u, finance, scope=EVERYTHING)
        officer = u.reminders.recipients()[tree.district.id][0].email
        warned = mails(u, date(2026, 8, 3))[officer]
        assert DEFAULT_ACTION not in warned
        assert (
            "办理要求：带头人即将达到法定退休年龄，请提前了解本人意愿并做好安排：本人愿意继续领衔"
            "工作室且经所在单位同意的，可继续保留工作室；否则请办理带头人变更"
            "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条）。"
        ) in warned
        # The matching is owed 90 days after the city's grant [S10]: finance hears of it.
        money = mails(u, date(2026, 4, 10))[money_desk]
        assert DEFAULT_ACTION not in money
        assert (
            "办理要求：上海市总工会一次性补贴到位后，区局（产业）工会应给予不少于1:1的资金支持，"
            "请落实配套资金并登记到位情况（《上海市“劳模创新工作室”管理办法（修订）》第十条）。"
        ) in money


def test_each_leaders_item_is_worded_in_its_own_titles_scheme(uow):
    """A digest mixing a Yangpu title and city titles names each leader in its own scheme's word
    (带头人 [Y3], 领衔人 [S3][C 一（一）]) and says what that scheme asks: continue with consent
    [Y13], apply for 摘牌 [S9], report on 附件3 for the city measure [C 三（六）]; 我的提醒 too."""
    with uow() as u:
        tree = f.union_tree(u)
        born = date(1966, 6, 1)  # men born then reach the legal age on 2026-11-01
        for name, scheme in (("黄国庆", "yangpu-district"), ("许国强", "shanghai-model-worker"),
                             ("潘志明", "shanghai-craftsman")):  # fmt: skip
            leader = f.person(u, name=name, birth_date=born)
            lf.titled(u, tree, scheme=scheme, leader=leader, naming_date=date(2025, 1, 10))
        officer = u.reminders.recipients()[tree.district.id][0].email
        text = mails(u, date(2026, 8, 3), sent=False)[officer]
        blocks = {
            name: block
            for block in text.split("\n\n")
            for name in ("黄国庆", "许国强", "潘志明")
            if f"{name}将于" in block
        }
        assert "（带头人即将退休，预警）" in blocks["黄国庆"]
        assert "（领衔人即将退休，预警）" in blocks["许国强"]
        assert "（领衔人即将退休，预警）" in blocks["潘志明"]
        assert "带头人（领衔人）" not in text
        assert (
            "办理要求：带头人即将达到法定退休年龄，请提前了解本人意愿并做好安排：本人愿意继续领衔"
            "工作室且经所在单位同意的，可继续保留工作室；否则请办理带头人变更"
            "（《杨浦区劳模（先进）、技师创新工作室管理办法》第十三条）。"
        ) in blocks["黄国庆"]
        assert (
            "办理要求：领衔人即将达到法定退休年龄，请提前做好安排：领衔劳模退休不能继续发挥示范引领"
            "作用的，应及时报送管理变更申请（附件3），向上海市总工会申请摘牌"
            "（《上海市“劳模创新工作室”管理办法（修订）》第九条）。"
        ) in blocks["许国强"]
        assert (
            "办理要求：领衔人即将达到法定退休年龄，请提前做好安排：领衔工匠退休的，应及时报送管理"
            "变更申请（附件3），经市总工会审核后采取领衔人变更、退出管理序列（保留工作室称号或摘牌）"
            "等措施（《关于开展2024年度上海市工匠创新工作室创建命名工作的通知》三（六））。"
        ) in blocks["潘志明"]
        assert "杨浦区" not in blocks["许国强"] + blocks["潘志明"]
        rows, _ = my_reminders(u, officer, EVERYTHING)
        assert sorted(r.kind_label for r in rows if r.kind == "leader_retirement") == [
            "带头人即将退休", "领衔人即将退休", "领衔人即将退休",
        ]  # fmt: skip
