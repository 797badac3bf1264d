"""The 专款专用 audit rules as pure functions [Y14][Y16][S10] (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from lifecycle.funding.categories import FINDING_READING
from lifecycle.funding.categories import ExpenditureCategory as C
from lifecycle.funding.grant_refusal import GrantRefusal, grant_refusal
from lifecycle.funding.rules import (
    ExpenditureFact,
    FundingFacts,
    GrantFact,
    audit,
    finding_subject,
    matching_due_on,
    matching_required_fen,
    running_ledger,
)
from lifecycle.funding.vocab import FindingKind as K
from lifecycle.funding.vocab import GrantKind
from lifecycle.schemes import get_scheme
from lifecycle.vocab import DesignationStatus

YANGPU = get_scheme("yangpu-district").settings
SHANGHAI = get_scheme("shanghai-model-worker").settings
AS_OF = date(2026, 11, 21)

BASE = FundingFacts(
    designation_id=7,
    scheme_code="yangpu-district",
    status=DesignationStatus.NAMED,
    naming_date=date(2026, 1, 5),
    ended_on=None,
)
ONE_OFF = GrantFact(1, GrantKind.ONE_OFF, 1_000_000, date(2026, 1, 10), date(2026, 1, 10))


def spend(id_: int, fen: int, on: date, category: C = C.BOOKS, ref: str | None = None):
    return ExpenditureFact(id_, on, fen, category, ref if ref is not None else f"R{id_}")


def kinds(found) -> list[tuple[K, int | None]]:
    return [(f.kind, f.expenditure_id or f.grant_id) for f in found]


def test_an_allowed_spend_within_funds_with_a_receipt_finds_nothing():
    facts = replace(BASE, grants=(ONE_OFF,), expenditures=(spend(1, 10_000, date(2026, 2, 1)),))
    assert audit(facts, YANGPU, AS_OF) == []


def test_each_forbidden_category_is_a_finding_citing_y16():
    for category in (C.PERSONAL_REWARD, C.ALLOWANCE, C.SUBSIDY, C.TRAVEL):
        facts = replace(
            BASE, grants=(ONE_OFF,), expenditures=(spend(1, 100, date(2026, 2, 1), category),)
        )
        (finding,) = audit(facts, YANGPU, AS_OF)
        assert finding.kind is K.FORBIDDEN_CATEGORY
        assert finding.message.endswith("差旅等方面（[Y16]）")
        assert finding.key == "forbidden_category:1"


def test_a_forbidden_category_cites_each_schemes_own_earmarking_article():
    cases = {
        "shanghai-model-worker": "[S10]",
        "shanghai-craftsman": "[C 一（五）]",
        "leshan-city": "[L 建设标准（四）]",
    }
    for code, article in cases.items():
        settings = get_scheme(code).settings
        facts = replace(
            BASE,
            scheme_code=code,
            grants=(ONE_OFF,),
            expenditures=(spend(1, 100, date(2026, 2, 1), C.SUBSIDY),),
        )
        (finding,) = [f for f in audit(facts, settings, AS_OF) if f.expenditure_id == 1]
        assert finding.kind is K.FORBIDDEN_CATEGORY
        assert article in finding.message
        assert "[Y16]" not in finding.message
        # The article lists no uses: the four are findings by our reading, said after it (35a).
        assert finding.message.endswith(f"（{article}）；{FINDING_READING}")
        assert finding.evidence["article"] == article


def test_an_ineligible_one_off_grant_cites_its_own_schemes_article():
    early = ONE_OFF._replace(approved_on=date(2026, 1, 4))
    (yangpu,) = audit(replace(BASE, grants=(early,)), YANGPU, AS_OF)
    city_facts = replace(CITY, naming_date=date(2026, 1, 5), grants=(early,))
    (city,) = [f for f in audit(city_facts, SHANGHAI, AS_OF) if f.kind is K.INELIGIBLE_GRANT]
    assert yangpu.message.endswith("（[Y14]）")
    assert city.message.endswith("（[S10]）")
    assert yangpu.message.startswith("一次性补贴 10,000.00 元：")
    # 乐山's one-off money is its notice's 一次性奖励 [L 三], in the finding as on its pages.
    (leshan,) = audit(replace(BASE, grants=(early,)), get_scheme("leshan-city").settings, AS_OF)
    assert leshan.message.startswith("一次性奖励 10,000.00 元：")
    assert leshan.message.endswith("（[L 三]）")


def test_running_balance_puts_money_in_before_money_out_on_a_day():
    steps = running_ledger([ONE_OFF], [spend(1, 1_000_000, date(2026, 1, 10))])
    assert [s.balance_fen for s in steps] == [1_000_000, 0]


def test_spending_beyond_funds_received_flags_each_expenditure_below_zero():
    facts = replace(
        BASE,
        grants=(ONE_OFF,),
        expenditures=(
            spend(1, 100, date(2026, 1, 9)),  # before the grant arrived
            spend(2, 999_900, date(2026, 2, 1)),  # back to exactly zero
            spend(3, 1, date(2026, 3, 1)),
        ),
    )
    found = [f for f in audit(facts, YANGPU, AS_OF) if f.kind is K.OVERSPENT]
    assert [(f.expenditure_id, f.evidence["balance_fen"]) for f in found] == [(1, -100), (3, -1)]
    # The key carries the shortfall: a changed amount is a new finding, the old one superseded.
    assert [f.key for f in found] == ["overspent:1:100", "overspent:3:1"]
    assert {finding_subject(f.key) for f in found} == {"overspent:1", "overspent:3"}
    assert finding_subject("forbidden_category:1") == "forbidden_category:1"
    assert found[1].message == "2026年3月1日 支出 0.01 元全额超出已到账经费（支出前已无结余）"


def test_each_overspending_finding_carries_only_its_own_expenditures_overspent_part():
    # 杨浦 2023-015: 3,679.50 left; 4,000.00, 0.10, 0.20 spent. Before: findings of 320.50,
    # 320.60 and 320.80 (the same deficit counted again and again, 961.90 for 320.80).
    facts = replace(
        BASE,
        grants=(ONE_OFF,),
        expenditures=(
            spend(1, 632_050, date(2026, 2, 1)),
            spend(2, 400_000, date(2026, 11, 20)),
            spend(3, 10, date(2026, 11, 20)),
            spend(4, 20, date(2026, 11, 20)),
        ),
    )
    found = [f for f in audit(facts, YANGPU, AS_OF) if f.kind is K.OVERSPENT]
    assert [(f.expenditure_id, f.amount_fen) for f in found] == [(2, 32_050), (3, 10), (4, 20)]
    assert sum(f.amount_fen or 0 for f in found) == 32_080  # the deficit, each fen once
    assert [f.key for f in found] == ["overspent:2:32050", "overspent:3:10", "overspent:4:20"]
    assert found[0].message == (
        "2026年11月20日 支出 4,000.00 元，其中 320.50 元超出已到账经费（支出前结余 3,679.50 元）"
    )
    assert found[1].message == "2026年11月20日 支出 0.10 元全额超出已到账经费（支出前已无结余）"
    assert [f.evidence["balance_fen"] for f in found] == [-32_050, -32_060, -32_080]


def test_missing_and_reused_receipts():
    facts = replace(
        BASE,
        grants=(ONE_OFF,),
        expenditures=(
            spend(1, 100, date(2026, 2, 1), ref="A-1"),
            spend(2, 100, date(2026, 2, 2), ref=" A-1 "),
            spend(3, 100, date(2026, 2, 3), ref=""),
        ),
    )
    assert kinds(audit(facts, YANGPU, AS_OF)) == [(K.DUPLICATE_RECEIPT, 2), (K.MISSING_RECEIPT, 3)]


def test_spending_after_the_title_ended():
    facts = replace(
        BASE,
        status=DesignationStatus.REVOKED,
        ended_on=date(2026, 6, 30),
        grants=(ONE_OFF,),
        expenditures=(spend(1, 100, date(2026, 6, 30)), spend(2, 100, date(2026, 7, 1))),
    )
    assert kinds(audit(facts, YANGPU, AS_OF)) == [(K.AFTER_END, 2)]


def test_spending_after_the_end_names_what_ended_the_title():
    # A unit reads what happened to its title: 撤牌 [Y12] or 摘牌 [S9] by the scheme, an
    # application refused was never named, a title out of the sequence keeps its name [C 三（六）].
    said = {
        (status, settings is SHANGHAI): audit(
            replace(
                BASE,
                status=status,
                ended_on=date(2026, 6, 30),
                grants=(ONE_OFF,),
                expenditures=(spend(1, 100, date(2026, 7, 1), ref="A-1"),),
            ),
            settings,
            AS_OF,
        )[0].message
        for status, settings in (
            (DesignationStatus.REVOKED, YANGPU),
            (DesignationStatus.REVOKED, SHANGHAI),
            (DesignationStatus.REJECTED, YANGPU),
            (DesignationStatus.EXITED, SHANGHAI),
        )
    }
    tail = "（2026年6月30日）之后"
    assert said == {
        (DesignationStatus.REVOKED, False): f"2026年7月1日 支出 1.00 元发生在撤牌{tail}",
        (DesignationStatus.REVOKED, True): f"2026年7月1日 支出 1.00 元发生在摘牌{tail}",
        (DesignationStatus.REJECTED, False): f"2026年7月1日 支出 1.00 元发生在不予命名{tail}",
        (DesignationStatus.EXITED, True): f"2026年7月1日 支出 1.00 元发生在退出管理序列{tail}",
    }


def test_records_after_as_of_are_not_judged_yet():
    facts = replace(BASE, expenditures=(spend(1, 100, date(2026, 12, 1), C.TRAVEL),))
    assert audit(facts, YANGPU, AS_OF) == []


def test_matching_requirement_and_due_date_from_settings():
    assert matching_required_fen(SHANGHAI, 2_000_000) == 2_000_000
    assert matching_required_fen(YANGPU, 1_000_000) is None
    assert SHANGHAI.matching_due_days == 90
    assert matching_due_on(SHANGHAI, date(2026, 1, 10)) == date(2026, 4, 10)


CITY = replace(BASE, scheme_code="shanghai-model-worker", naming_date=date(2025, 6, 1))
CITY_GRANT = GrantFact(1, GrantKind.ONE_OFF, 2_000_000, date(2026, 1, 5), date(2026, 1, 10))


def matching(fen: int, on: date = date(2026, 2, 1), id_: int = 2) -> GrantFact:
    return GrantFact(id_, GrantKind.MATCHING, fen, on, on)


def test_matching_below_one_to_one_is_short_by_the_difference_from_the_due_date():
    # Judged at the due date, as no matching at all is: a first instalment is not yet short
    # (before, a partial payment was a finding at once while none at all waited 90 days).
    facts = replace(CITY, grants=(CITY_GRANT, matching(1_500_000)))
    assert audit(facts, SHANGHAI, date(2026, 2, 1)) == []
    assert audit(facts, SHANGHAI, date(2026, 4, 10)) == []
    (finding,) = audit(facts, SHANGHAI, date(2026, 4, 11))
    assert finding.kind is K.MATCHING_SHORT
    assert finding.amount_fen == 500_000
    assert finding.occurred_on == date(2026, 4, 10)
    assert "5,000.00" in finding.message
    assert "2026年4月10日" in finding.message
    assert finding.key == "matching_short:1:500000"
    assert finding.message == (
        "市级补贴 20,000.00 元已于2026年1月10日到账，"
        "区级配套资金至2026年4月10日应到位 20,000.00 元，"
        "截至该日到位 15,000.00 元，仍差 5,000.00 元（[S10]）"
    )


def test_a_shortfall_states_what_arrived_by_the_due_date_and_what_arrived_after_it():
    # 沪工匠创 2025-002: nothing by the due date, 19,999.99 later. Before: 「至 2026-04-10 区级配套
    # 资金到位 19,999.99 元…」, as if it had arrived in time.
    late = replace(CITY, grants=(CITY_GRANT, matching(1_999_999, date(2026, 5, 4))))
    (finding,) = audit(late, SHANGHAI, date(2026, 5, 5))
    assert finding.kind is K.MATCHING_SHORT
    assert finding.message == (
        "市级补贴 20,000.00 元已于2026年1月10日到账，"
        "区级配套资金至2026年4月10日应到位 20,000.00 元，"
        "截至该日到位 0.00 元，此后2026年5月4日到位 19,999.99 元，仍差 0.01 元（[S10]）"
    )
    assert (finding.amount_fen, finding.occurred_on) == (1, date(2026, 4, 10))
    assert finding.evidence["matched_by_due_fen"] == 0
    assert finding.evidence["paid_after_due"] == [
        {"grant_id": 2, "paid_on": "2026-05-04", "amount_fen": 1_999_999}
    ]
    # The key carries what had arrived by the due date once some came late: the same shortfall
    # split otherwise is another finding, the one stating the old split superseded.
    assert finding.key == "matching_short:1:1:0"
    assert finding_subject(finding.key) == "matching_short:1"
    split = replace(
        CITY,
        grants=(
            CITY_GRANT,
            matching(1_000_000, date(2026, 4, 10)),
            matching(500_000, date(2026, 5, 4), 3),
            matching(499_999, date(2026, 5, 5), 4),
        ),
    )
    (finding,) = audit(split, SHANGHAI, date(2026, 5, 5))
    assert (
        "截至该日到位 10,000.00 元，此后2026年5月4日到位 5,000.00 元、"
        "2026年5月5日到位 4,999.99 元，仍差 0.01 元"
    ) in finding.message
    assert finding.key == "matching_short:1:1:1000000"


def test_no_matching_is_a_finding_only_after_the_period():
    facts = replace(CITY, grants=(CITY_GRANT,))
    assert audit(facts, SHANGHAI, date(2026, 4, 10)) == []
    (finding,) = audit(facts, SHANGHAI, date(2026, 4, 11))
    assert finding.kind is K.MATCHING_MISSING
    assert finding.evidence["due_on"] == "2026-04-10"


def test_matching_in_instalments_reaching_one_to_one_is_fine():
    facts = replace(
        CITY, grants=(CITY_GRANT, matching(1_000_000), matching(1_000_000, date(2026, 3, 1), 3))
    )
    assert audit(facts, SHANGHAI, date(2026, 5, 1)) == []


def test_a_one_off_grant_to_a_title_never_named_or_before_naming_is_a_finding():
    never = replace(BASE, status=DesignationStatus.UNDER_REVIEW, naming_date=None)
    early = ONE_OFF._replace(approved_on=date(2026, 1, 4))
    for facts, grant in ((never, ONE_OFF), (BASE, early)):
        (finding,) = audit(replace(facts, grants=(grant,)), YANGPU, AS_OF)
        assert finding.kind is K.INELIGIBLE_GRANT
        assert finding.grant_id == 1


# --- who may receive a grant: the title held on the approval date [Y14][S10] -------------------

NAMED_2019 = {"naming_date": date(2019, 6, 1), "ended_on": None}
S = DesignationStatus


def _refused(status: DesignationStatus, approved_on: date, **title: date | None):
    refusal = grant_refusal(
        status=status, approved_on=approved_on, revoked_word="撤牌", **(NAMED_2019 | title)
    )
    return None if refusal is None else (refusal.field, refusal.code)


def test_a_title_never_named_receives_nothing():
    for status in (S.APPLIED, S.UNDER_REVIEW, S.REJECTED):
        assert _refused(status, date(2026, 1, 1), naming_date=None) == (
            "designation_id",
            "not_named",
        )
    rejected = {"naming_date": None, "ended_on": date(2025, 1, 1)}  # a rejection ends too
    assert _refused(S.REJECTED, date(2024, 1, 1), **rejected) == ("designation_id", "not_named")


def test_a_held_title_receives_from_its_naming_date_on_rectifying_included():
    assert _refused(S.NAMED, date(2019, 5, 31)) == ("approved_on", "before_naming")
    assert _refused(S.NAMED, date(2019, 6, 1)) is None
    assert _refused(S.RECTIFYING, date(2026, 11, 1)) is None  # 整改中 still holds the title


def test_an_ended_title_received_up_to_the_day_before_its_end_took_effect_and_never_after():
    for status in (S.REVOKED, S.EXITED):
        ended = {"ended_on": date(2023, 9, 1)}
        assert _refused(status, date(2019, 6, 1), **ended) is None  # named 2019, revoked 2023
        assert _refused(status, date(2023, 8, 31), **ended) is None  # the last day it was held
        # The end's own day: the decision takes the title away that day [Y12][S9].
        assert _refused(status, date(2023, 9, 1), **ended) == ("approved_on", "after_end")
        assert _refused(status, date(2023, 9, 2), **ended) == ("approved_on", "after_end")
    on_the_day = grant_refusal(
        status=S.REVOKED, naming_date=date(2019, 6, 1), ended_on=date(2023, 9, 1),
        approved_on=date(2023, 9, 1), revoked_word="撤牌",
    )  # fmt: skip
    assert on_the_day is not None
    assert on_the_day.reason.startswith("批准日期即命名终止当日：该命名已于2023年9月1日终止")
    refusal = grant_refusal(
        status=S.REVOKED, naming_date=date(2019, 6, 1), ended_on=date(2023, 9, 1),
        approved_on=date(2024, 1, 5), revoked_word="摘牌",
    )  # fmt: skip
    assert isinstance(refusal, GrantRefusal)
    assert "2023年9月1日" in refusal.reason
    assert "终止（已摘牌）" in refusal.reason  # the title's scheme's word [S9], not 撤牌/摘牌


def test_an_ended_title_without_its_end_date_receives_nothing():
    assert _refused(S.EXITED, date(2020, 1, 1)) == ("designation_id", "end_unknown")


def test_a_one_off_grant_approved_while_named_is_no_finding_once_the_title_is_revoked():
    named_2019 = replace(
        BASE,
        naming_date=date(2019, 6, 1),
        grants=(ONE_OFF._replace(approved_on=date(2019, 6, 1), paid_on=date(2019, 7, 1)),),
    )
    assert audit(named_2019, YANGPU, AS_OF) == []
    for status in (S.REVOKED, S.EXITED):
        ended = replace(named_2019, status=status, ended_on=date(2023, 9, 1))
        assert audit(ended, YANGPU, AS_OF) == []
        late = replace(
            ended, grants=(ONE_OFF._replace(approved_on=date(2023, 9, 2), paid_on=None),)
        )
        (finding,) = audit(late, YANGPU, AS_OF)
        assert finding.kind is K.INELIGIBLE_GRANT
        assert "2023年9月1日" in finding.message


def test_a_matching_or_excellence_grant_after_the_end_is_a_finding_like_a_one_off():
    city = replace(CITY, status=S.REVOKED, ended_on=date(2026, 1, 31))
    late = matching(1_000_000, date(2026, 2, 1))
    (finding,) = [x for x in audit(replace(city, grants=(late,)), SHANGHAI, AS_OF)
                  if x.kind is K.INELIGIBLE_GRANT]  # fmt: skip
    assert (finding.grant_id, finding.amount_fen) == (2, 1_000_000)
    assert finding.message.startswith("区级配套资金 10,000.00 元：批准日期晚于命名终止日期")
    assert finding.message.endswith("（[S10]）")
    support = GrantFact(3, GrantKind.EXCELLENCE, 500_000, date(2026, 2, 1), date(2026, 2, 1))
    ended = replace(BASE, status=S.EXITED, naming_date=date(2019, 6, 1), ended_on=date(2026, 1, 31))
    (finding,) = audit(replace(ended, grants=(support,)), YANGPU, AS_OF)
    assert finding.kind is K.INELIGIBLE_GRANT
    assert finding.message.endswith("（[Y15]）")
    day_before = support._replace(approved_on=date(2026, 1, 30), paid_on=date(2026, 1, 31))
    assert audit(replace(ended, grants=(day_before,)), YANGPU, AS_OF) == []
    on_the_day = support._replace(approved_on=date(2026, 1, 31), paid_on=date(2026, 1, 31))
    (finding,) = audit(replace(ended, grants=(on_the_day,)), YANGPU, AS_OF)
    assert finding.message.startswith("优秀成果项目扶持 5,000.00 元：批准日期即命名终止当日")
