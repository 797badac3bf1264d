"""附件1's income questionnaire as data [G]: nine questions, one pure check."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from lifecycle.craftsman_title.survey import (
    BY_KEY,
    MAX_MONTHLY_FEN,
    QUESTIONS,
    Kind,
    check,
    from_form,
    shown,
)


def test_the_nine_questions_of_the_seed_in_order() -> None:
    assert [q.number for q in QUESTIONS] == list(range(1, 10))
    assert [q.kind for q in QUESTIONS].count(Kind.AMOUNT) == 2
    assert BY_KEY["income_level"].choices == ("高", "较高", "中", "较低", "低")
    assert BY_KEY["admin_rank_equivalent"].choices == ("低于普通", "普通", "中层", "高层")
    assert BY_KEY["environment_rating"].choices == ("高", "中", "低")
    for key in ("promotion_linked", "one_off_reward", "income_linked", "public_welfare_willing"):
        assert BY_KEY[key].choices == ("是", "否")
    assert "劳模工匠助企行" in BY_KEY["public_welfare_willing"].label
    assert BY_KEY["monthly_income_fen"].form_field == "survey_monthly_income_yuan"
    assert BY_KEY["income_level"].form_field == "survey_income_level"
    assert len({q.form_field for q in QUESTIONS}) == 9


def test_blank_and_partial_answers_are_allowed() -> None:
    assert check({}) == ({}, [])
    kept, problems = check(
        {"income_level": " 中 ", "monthly_income_fen": None, "income_linked": ""}
    )
    assert (kept, problems) == ({"income_level": "中"}, [])


@pytest.mark.parametrize(
    ("answers", "key", "code"),
    [
        ({"income_level": "很高"}, "income_level", "invalid_choice"),
        ({"promotion_linked": True}, "promotion_linked", "invalid_choice"),
        ({"monthly_income_fen": -1}, "monthly_income_fen", "negative_amount"),
        ({"monthly_income_fen": MAX_MONTHLY_FEN + 1}, "monthly_income_fen", "amount_too_large"),
        ({"expected_income_fen": "12000"}, "expected_income_fen", "invalid_amount"),
        ({"expected_income_fen": True}, "expected_income_fen", "invalid_amount"),
        ({"level": "较高"}, "level", "unknown_question"),
    ],
)
def test_each_bad_answer_is_named_and_not_kept(
    answers: dict[str, object], key: str, code: str
) -> None:
    kept, problems = check(answers)
    assert kept == {}
    assert [(p.key, p.code) for p in problems] == [(key, code)]


def test_the_form_is_read_in_yuan_and_errors_land_on_the_typed_field() -> None:
    kept, errors = from_form(
        {
            "survey_monthly_income_yuan": "13,800.5",
            "survey_expected_income_yuan": "",
            "survey_income_level": "较高",
            "survey_environment_rating": "",
        }
    )
    assert (kept, errors) == ({"monthly_income_fen": 1_380_050, "income_level": "较高"}, {})
    _, errors = from_form(
        {
            "survey_monthly_income_yuan": "一万",
            "survey_expected_income_yuan": "-3",
            "survey_income_level": "较好",
        }
    )
    assert set(errors) == {
        "survey_monthly_income_yuan",
        "survey_expected_income_yuan",
        "survey_income_level",
    }
    assert errors["survey_expected_income_yuan"] == "本人期望工资收入（元/月）不能为负数"
    assert errors["survey_monthly_income_yuan"] == (
        "月工资实际到手收入（元/月）格式不正确：请填写元，最多两位小数（如 10000.00）"
    )
    _, errors = from_form({"survey_monthly_income_yuan": "2000000"})
    assert "超过1,000,000.00元" in errors["survey_monthly_income_yuan"]


def test_stored_answers_are_shown_with_their_questions() -> None:
    rows = shown({"expected_income_fen": 1_500_000, "income_level": "中", "note": "旧数据"})
    assert [(r.label, r.answer) for r in rows] == [
        ("2. 在本单位所处收入水平", "中"),
        ("4. 本人期望工资收入（元/月）", "15,000.00 元/月"),
        ("note", "旧数据"),
    ]
    assert shown(None) == []


def _migration() -> ModuleType:
    path = Path(__file__).parents[2] / "migrations/versions/20261203_0025_craftsman_survey_keys.py"
    spec = importlib.util.spec_from_file_location("craftsman_survey_keys", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_migration_0025_moves_the_two_answers_stored_before_the_questionnaire() -> None:
    m = _migration()
    legacy = {"monthly_income_yuan": 12000, "level": "较高", "willing": True}
    moved = m._forward(legacy)
    assert moved == {"monthly_income_fen": 1_200_000, "income_level": "较高", "willing": True}
    assert check({k: v for k, v in moved.items() if k in BY_KEY}) == (
        {"monthly_income_fen": 1_200_000, "income_level": "较高"},
        [],
    )
    assert m._back(moved) == legacy
    # What does not fit its question stays as written.
    odd = {"monthly_income_yuan": "一万二", "level": "还行"}
    assert m._forward(odd) == odd
