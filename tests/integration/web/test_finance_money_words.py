"""Finance staff on the demo: each open finding offers its form only to the finance staff who
answer it (``payer.finding_answerers``), the others read whose it is; the fund ledger of a 乐山
title speaks of its 一次性奖励 [L 三] (奖励记录, 登记奖励, 奖励类别) where a Shanghai title keeps
补贴, and its finance page does not speak of a district matching it has not; the findings and
the last audit's day are written as Chinese text writes a date."""

from __future__ import annotations

import re

from jobs.tasks import run_daily_audit
from lifecycle.uow import UnitOfWork
from tests.integration.web.conftest import csrf_of
from tests.integration.web.demo_site import AS_OF, NOW, demo_fixture  # noqa: F401 - `demo`

CHINESE_DAY = r"\d{4}年\d{1,2}月\d{1,2}日"


def _open_findings(page: str) -> dict[str, str]:
    """Each open finding's card on the summary page, by finding id."""
    section = page.split('id="findings"')[1]
    cards = re.findall(r'<div class="card finding" id="finding-(\d+)">(.*?)</div>\n', section, re.S)
    return dict(cards)


def test_a_finding_offers_its_form_only_to_the_union_answering_it(demo):
    """The demo's open findings are on Yangpu's money (a 差旅 of a Yangpu title, the matching
    the district owes a city title [S10]): 杨浦区总工会's finance resolves them; the city's finance
    reads them with whose they are, instead of a form it would be refused after filling it in."""
    with UnitOfWork(demo.sessions) as uow:  # the scheduler's daily audit, once for the day
        run_daily_audit(uow, AS_OF, now=NOW)
        uow.commit()
    district = demo.login("finance").get("/finance").text
    city = demo.login("cityfinance").get("/finance").text
    ours, theirs = _open_findings(district), _open_findings(city)
    assert ours.keys() == theirs.keys()
    assert len(ours) >= 2
    for finding_id, card in ours.items():
        assert f'action="/finance/findings/{finding_id}/resolve"' in card
    for finding_id, card in theirs.items():
        assert "/resolve" not in card
        assert (
            f'<p class="muted" id="answerer-{finding_id}">由杨浦区总工会财务人员处理。</p>' in card
        )
    assert "核查全部经费记录，逾期未到位的配套资金等随时间出现的问题由此发现。" in district
    # The day of the last daily audit inside the sentence, as Chinese text writes it.
    assert f"最近一次系统核查：{AS_OF.year}年{AS_OF.month}月{AS_OF.day}日。" in district
    # The findings' own dates too: 「2024年2月19日 支出 860.00 元属「差旅」…」.
    travel = next(card for card in ours.values() if "属「差旅」" in card)
    assert re.search(rf"{CHINESE_DAY} 支出 860\.00 元属「差旅」", travel)
    assert not re.search(r"\d{4}-\d{2}-\d{2} 支出", travel)
    matching = next(card for card in ours.values() if "配套资金逾期未到位" in card)
    assert re.search(rf"元已于{CHINESE_DAY}到账，区级配套资金至{CHINESE_DAY}仍未到位", matching)


def test_a_leshan_ledger_names_its_reward_and_a_shanghai_one_its_subsidy(demo):
    """乐山's finance (the demo's ``lsfinance``, 乐山市总工会 paying the reward [L 三])
    reads 奖励记录 and records by 登记奖励 under 奖励类别; a kind left unchosen is refused beside it
    in the same word, nothing recorded. Yangpu's finance keeps 补贴记录 on a Yangpu title."""
    clerk = demo.login("lsfinance")
    # The notice sets no district matching: the audit's note does not speak of it.
    summary = clerk.get("/finance").text
    assert "核查全部经费记录，随时间出现的问题由此发现。" in summary
    assert "配套" not in summary
    listed = clerk.get("/finance/designations").text
    leshan = int(re.findall(r'href="/finance/designations/(\d+)"', listed)[0])
    page = clerk.get(f"/finance/designations/{leshan}")
    assert page.status_code == 200
    grants = page.text.split('id="grants"')[1]
    assert "<h2>奖励记录</h2>" in grants
    assert "<summary>登记奖励</summary>" in grants
    assert '<label for="new-kind">奖励类别</label>' in grants
    assert "补贴" not in grants  # no Shanghai word on a 乐山 title

    action = f"/finance/designations/{leshan}/grants"
    refused = clerk.post(
        action,
        data={
            "csrf_token": csrf_of(page.text, action),
            "kind": "",
            "approval_ref": "乐工〔2026〕12号",
            "approved_on": "2026-10-09",
            "amount_yuan": "30000",
        },
    )
    assert refused.status_code == 422
    assert '<div class="error" id="new-kind-error">请选择奖励类别</div>' in refused.text
    assert 'value="乐工〔2026〕12号"' in refused.text  # what was typed is kept
    assert "暂无奖励记录" in refused.text  # nothing recorded

    finance = demo.login("finance")
    rows = finance.get("/finance/designations").text
    for designation in dict.fromkeys(re.findall(r'href="/finance/designations/(\d+)"', rows)):
        grants = finance.get(f"/finance/designations/{designation}").text.split('id="grants"')[1]
        if "杨工财〔演示〕1号" in grants:  # the demo's Yangpu one-off [Y14]
            break
    else:
        raise AssertionError("no Yangpu title with the demo's one-off grant")
    assert "<h2>补贴记录</h2>" in grants
    assert "奖励" not in grants


def test_the_fund_lists_status_filter_speaks_each_trees_word_for_a_lost_title(demo):
    """The 经费台账一览 filter offers a lost title as its scheme's text names it: Yangpu's finance
    filtering to Yangpu titles 已撤牌 [Y12] and to city titles 已摘牌 [S9]; the mixed 已撤牌/摘牌
    only over the schemes that do differ. 乐山's notice names no way a title ends [L] (its titles
    cannot be recorded as ended, not even at adoption): its finance is offered only the statuses
    a 乐山 title can be in — no lost title, no 整改中 [Y12], no 退出管理序列 [C 三（六）]."""
    option = re.compile(r'<option value="revoked"[^>]*>([^<]*)</option>')
    leshan = demo.login("lsfinance").get("/finance/designations").text
    assert option.findall(leshan) == []
    statuses = re.search(r'<select[^>]*name="status".*?</select>', leshan, re.S)
    assert statuses is not None
    offered = re.findall(r'<option value="([^"]*)"', statuses.group(0))
    assert offered == ["", "applied", "under_review", "named", "rejected"]
    assert "撤牌" not in leshan
    assert 'placeholder="称号、编号、带头人或单位"' in leshan  # [L 二（一）]
    clerk = demo.login("finance")
    words = {
        "yangpu-district": "已撤牌",
        "shanghai-model-worker": "已摘牌",
        "": "已撤牌/摘牌",  # all of Shanghai's tree
    }
    for scheme, word in words.items():
        listed = clerk.get("/finance/designations", params={"scheme": scheme} if scheme else None)
        assert listed.status_code == 200
        assert option.findall(listed.text) == [word]
        # the search names the leader as Shanghai's tree's titles do: 带头人 [Y3], 领衔人 [S3]
        assert 'placeholder="称号、编号、带头人（领衔人）或单位"' in listed.text
