"""The digest mail: Chinese templates, autoescaped HTML, RFC 2047 subject, UTF-8 bodies."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, date, datetime
from typing import Any

import aiosmtplib
import pytest

from lifecycle.config import Settings
from lifecycle.reminders.outbox import Outcome, backoff
from notifications.delivery import classify
from notifications.mail import OutgoingMail, Sender, build_mail
from notifications.messages import DEFAULT_ACTION, Rendered, render_payload


def payload(**item: Any) -> dict[str, Any]:
    base = {
        "kind": "cycle_inspection",
        "kind_label": "管理周期末实地检查",
        "title": "第1个管理周期末实地检查",
        "subject": "张师傅<数控>攻关劳模创新工作室（杨浦 2023-001）",
        "due_on": "2026-03-15",
        "step": "before-7",
        "step_label": "还有7天到期",
        "status": "due",
        "link": "/designations/7#inspections",
    }
    base.update(item)
    return {"as_of": "2026-03-08", "name": "王干事", "items": [base]}


def test_digest_renders_chinese_with_due_date_action_and_link() -> None:
    rendered = render_payload("reminder_digest", payload(), "https://gzs.example.cn/")
    assert rendered.subject == "创新工作室管理提醒：1项事项需要办理（2026年3月8日）"
    assert "王干事，您好" in rendered.text
    assert "2026年3月15日（星期日）" in rendered.text
    assert "实地检查" in rendered.text
    assert "第十二条" in rendered.text
    assert "https://gzs.example.cn/designations/7#inspections" in rendered.text
    # HTML is autoescaped; plain text is not.
    assert "张师傅&lt;数控&gt;" in rendered.html
    assert "张师傅<数控>" in rendered.text
    assert 'href="https://gzs.example.cn/designations/7#inspections"' in rendered.html


def test_an_item_for_a_union_without_contacts_says_whose_it_is_in_both_bodies() -> None:
    rendered = render_payload(
        "reminder_digest", payload(on_behalf_of="上海某机械有限公司工会"), "http://x"
    )
    said = "以下1项应由上海某机械有限公司工会办理"
    assert f"【代为转达】{said}，该工会尚未登记联系人，请转告该工会并督促办理" in rendered.text
    assert f"代为转达：{said}</strong>，该工会尚未登记联系人" in rendered.html
    own = render_payload("reminder_digest", payload(), "http://x")
    assert "代为转达" not in own.text
    assert "【本工会办理】" not in own.text  # one union's items need no heading


def test_items_to_pass_on_are_listed_by_union_after_the_recipients_own() -> None:
    """Each union without contacts gets a section of its own, to forward whole; the unions in the
    order of their most urgent item, the items in theirs, numbered through the mail."""
    first = payload(on_behalf_of="甲公司工会", title="甲一")["items"][0]
    items = [
        first,
        first | {"title": "本会一", "on_behalf_of": None},
        first | {"title": "乙一", "on_behalf_of": "乙公司工会"},
        first | {"title": "甲二"},
        first | {"title": "本会二", "on_behalf_of": None},
    ]
    body = {"as_of": "2026-03-08", "name": "王干事", "items": items}
    rendered = render_payload("reminder_digest", body, "http://x")
    lines = [line for line in rendered.text.splitlines() if line.startswith(("【", "   事项"))]
    assert [line.split("（")[0].split("，")[0] for line in lines] == [
        "【本工会办理】以下2项：",
        "   事项：本会一",
        "   事项：本会二",
        "【代为转达】以下2项应由甲公司工会办理",
        "   事项：甲一",
        "   事项：甲二",
        "【代为转达】以下1项应由乙公司工会办理",
        "   事项：乙一",
    ]
    numbers = [line.split(".")[0] for line in rendered.text.splitlines() if line[:1].isdigit()]
    assert numbers == ["1", "2", "3", "4", "5"]
    assert rendered.subject.startswith("创新工作室管理提醒：5项事项")
    assert rendered.html.index("本工会办理") < rendered.html.index("应由甲公司工会办理")
    assert rendered.html.index("应由甲公司工会办理") < rendered.html.index("应由乙公司工会办理")


def test_an_unknown_kind_gets_the_default_action() -> None:
    rendered = render_payload("reminder_digest", payload(kind="brand_new_kind"), "http://x")
    assert DEFAULT_ACTION in rendered.text


def _mail_to(address: str, message_key: str) -> tuple[Rendered, OutgoingMail]:
    """A digest to 王干事 at ``address``, as rendered and as built for sending."""
    rendered = render_payload("reminder_digest", payload(), "http://127.0.0.1:8000")
    mail = build_mail(
        rendered,
        sender=Sender("noreply@yp.example.cn", "创新工作室管理服务"),
        to_name="王干事",
        to_email=address,
        message_key=message_key,
        now=datetime(2026, 3, 8, 0, 0, tzinfo=UTC),
    )
    return rendered, mail


def test_mime_message_encodes_the_subject_and_round_trips() -> None:
    rendered, mail = _mail_to("wang@yp.example.cn", "outbox.1")
    raw = mail.data
    assert raw.isascii()
    assert b"Subject: =?utf-8?" in raw
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == rendered.subject
    assert parsed["To"].addresses[0].display_name == "王干事"
    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    assert "2026年3月15日" in text
    assert "查看并办理" in html
    assert "List-Unsubscribe" not in parsed


def test_a_mail_to_a_non_ascii_address_goes_as_utf8_and_round_trips() -> None:
    rendered, mail = _mail_to("王干事@杨浦工会.中国", "outbox.2")
    assert mail.utf8
    assert mail.rcpt_to == "王干事@杨浦工会.中国"
    parsed = email.message_from_string(mail.data.decode("utf-8"), policy=email.policy.SMTPUTF8)
    assert parsed["Subject"] == rendered.subject
    to = parsed["To"].addresses[0]
    assert (to.display_name, to.addr_spec) == ("王干事", "王干事@杨浦工会.中国")
    assert parsed["Message-ID"] == "<outbox.2@yp.example.cn>"
    assert "2026年3月15日" in parsed.get_body(("plain",)).get_content()
    assert not build_mail(
        rendered,
        sender=Sender("noreply@yp.example.cn", "x"),
        to_name="王干事",
        to_email="wang@yp.example.cn",
        message_key="outbox.3",
        now=datetime(2026, 3, 8, 0, 0, tzinfo=UTC),
    ).utf8


def test_smtp_errors_are_classified_permanent_or_transient() -> None:
    refused = aiosmtplib.SMTPRecipientRefused(550, "no such user", "x@y.cn")
    assert classify(refused) == (Outcome.PERMANENT, "收件人被拒绝：x@y.cn: 550 no such user")
    assert classify(aiosmtplib.SMTPResponseException(554, "rejected"))[0] is Outcome.PERMANENT
    assert classify(aiosmtplib.SMTPResponseException(451, "try later"))[0] is Outcome.TRANSIENT
    assert classify(aiosmtplib.SMTPConnectError("refused"))[0] is Outcome.TRANSIENT
    assert classify(ConnectionRefusedError())[0] is Outcome.TRANSIENT


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (20, 3600)])
def test_backoff_doubles_up_to_the_cap(attempts: int, seconds: int) -> None:
    settings = Settings(outbox_backoff_seconds=60, outbox_backoff_max_seconds=3600)
    assert backoff(attempts, settings).total_seconds() == seconds


def test_weekday_names() -> None:
    from notifications.messages import chinese_date

    assert chinese_date(date(2026, 1, 14)) == "2026年1月14日（星期三）"


def test_rule_ids_in_an_item_read_as_citations_in_both_bodies() -> None:
    item = payload(title="整改期限已过（[Y12]），请确认撤牌", kind="rectification_deadline")
    rendered = render_payload("reminder_digest", item, "http://x")
    cited = "《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条"
    for body in (rendered.text, rendered.html):
        assert cited in body
        assert "[Y12]" not in body


def test_a_step_without_deadline_names_the_day_it_began_waiting_not_a_due_date() -> None:
    waiting = payload(
        kind="application_step",
        title="待初审（无规定办理期限）",
        due_on="2026-03-02",
        step="arrived",
        step_label="新到待办",
    )
    rendered = render_payload("reminder_digest", waiting, "http://x")
    assert "到期日：无规定办理期限（自2026年3月2日（星期一）起等待办理）" in rendered.text
    assert "到期日：2026年3月2日" not in rendered.text
    assert "无规定办理期限<br><small>自2026年3月2日（星期一）起等待办理</small>" in rendered.html
    assert (
        "到期日：2026年3月15日（星期日）"
        in render_payload("reminder_digest", payload(), "http://x").text
    )


def test_a_warning_names_the_day_it_starts_not_a_due_date() -> None:
    warning = payload(
        kind="leader_retirement",
        title="带头人王师傅将于2027年3月1日达到法定退休年龄，提前90天提醒",
        due_on="2026-12-01",
    )
    rendered = render_payload("reminder_digest", warning, "http://x")
    assert "提醒日：2026年12月1日（星期二）（提醒事项，无办理期限）" in rendered.text
    assert "到期日：" not in rendered.text
    assert "提醒事项<br><small>自2026年12月1日（星期二）起提醒</small>" in rendered.html


def test_a_change_request_step_of_a_model_worker_title_asks_only_for_its_delisting() -> None:
    """附件3 of a 上海市劳模创新工作室 decides its 摘牌 [S9]: the step's 办理要求 says so and cites
    第九条, not the craftsman notice's three measures [C 三（六）] (which a 工匠 title keeps); an
    old payload without the title's scheme keeps the words of both."""

    def action(**extra: Any) -> str:
        item = payload(kind="change_request_step", kind_label="管理变更申请待办理", **extra)
        text = render_payload("reminder_digest", item, "https://gzs.example.cn/").text
        (line,) = [x.strip() for x in text.splitlines() if "办理要求：" in x]
        return line

    model_worker = action(scheme="shanghai-model-worker")
    assert model_worker == (
        "办理要求：请在管理变更申请（附件3）上签署本级意见并注明日期；领衔劳模已故、离职、退休等"
        "不能继续发挥示范引领作用的，由上海市总工会审定摘牌，取消其上海市“劳模创新工作室”称号"
        "（《上海市“劳模创新工作室”管理办法（修订）》第九条）。"
    )
    craftsman = action(scheme="shanghai-craftsman")
    assert "领衔人变更、退出管理序列（保留工作室称号）或摘牌" in craftsman
    assert craftsman.endswith("三（六））。")
    assert action() == craftsman  # an old payload: the general words


def _told(lead_step: str, due_on: date, sweep_date: date, **row: Any) -> str:
    """The line of a digest of ``sweep_date`` for an item announced at ``lead_step``."""
    from lifecycle.reminders.service import payload_of

    columns = {
        "kind": "change_request_step",
        "title": "管理变更申请待区局（产业）工会审核",
        "subject": "潘志明模具精修工匠创新工作室（沪工匠创 2025-002）",
        "occasion_status": "due",
        "link": "/designations/35#changes",
        "union_id": 2,
        **row,
    }
    row = {**columns, "lead_step": lead_step, "due_on": due_on, "sweep_date": sweep_date}
    mail = {"as_of": sweep_date.isoformat(), "name": "王敏", "items": [payload_of(row)]}
    text = render_payload("reminder_digest", mail, "http://x").text
    [line] = [x for x in text.splitlines() if "事项：" in x]
    return line


def test_a_step_waiting_long_reads_as_waited_not_newly_arrived() -> None:
    """A step with no deadline first mailed after waiting over a week (the first sweep after
    start-up) says how long it has waited; a fresh one is 新到待办; a dated item reads as of the
    digest's day."""
    assert _told("arrived", date(2025, 7, 12), date(2026, 12, 7)).endswith("已等待513天）")
    assert _told("arrived", date(2026, 12, 4), date(2026, 12, 7)).endswith("新到待办）")
    dated = {"kind": "rectification_deadline", "title": "整改期限（杨工创〔2026〕1号）"}
    # A dated item folded into a later digest reads as of that digest's day.
    assert _told("before-30", date(2026, 12, 29), date(2026, 12, 7), **dated).endswith(
        "（整改期限，还有22天到期）"
    )


def _finding_action(scheme: str, finding: str | None) -> str:
    item = payload(
        kind="funding_finding", kind_label="专款专用审计发现待处理", scheme=scheme, finding=finding
    )
    text = render_payload("reminder_digest", item, "http://x").text
    return next(x for x in text.splitlines() if "办理要求：" in x)


def test_a_matching_shortfall_finding_asks_for_the_matching_under_its_article() -> None:
    """A district matching shortfall cites the matching article ([S10]; 上海工匠: [C 三（一）]),
    any other finding the scheme's earmarking article (专款专用, 上海工匠: [C 一（五）])."""
    craftsman = _finding_action("shanghai-craftsman", "matching_short")
    assert "不少于1:1的配套资金支持" in craftsman
    assert "三（一）" in craftsman
    assert "专款专用" not in craftsman
    assert "一（五）" not in craftsman
    missing = _finding_action("shanghai-model-worker", "matching_missing")
    assert "不少于1:1的配套资金支持" in missing
    assert "第十条" in missing
    spent = _finding_action("shanghai-craftsman", "forbidden_category")
    assert "专款专用" in spent
    assert "一（五）" in spent
    assert "配套资金" not in spent
    assert "专款专用" in _finding_action("shanghai-craftsman", None)  # an item of before
