"""The 「一线技术工人收入水平情况」课题调研 of 附件1 as data [G]: nine questions, one check.

The questionnaire is optional and kept apart from the decision: any question may be left blank,
an answered one must be valid. Amounts are asked in yuan per month and stored as integer fen
(the JSON API speaks fen, as it does for every amount); a choice is stored as the questionnaire's
own wording (「较高」, 「是」). Pure Python: the page and the use case both call :func:`check`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from lifecycle.accounts.permissions import ROLE_PERMISSIONS, Permission
from lifecycle.errors import ValidationFailed
from lifecycle.money import format_fen, parse_yuan
from lifecycle.vocab import role_label

# A monthly pay above 1,000,000 yuan is taken for a typing error, not an answer.
MAX_MONTHLY_FEN = 100_000_000
YES_NO = ("是", "否")


def readers() -> str:
    """Who may read the answers, as the access rules grant ``craftsman.survey``: by role in
    Shanghai's words (市总工会干部), the city officer who reviews the application among them."""
    return "、".join(
        role_label(role)
        for role, granted in ROLE_PERMISSIONS.items()
        if Permission.CRAFTSMAN_SURVEY_READ in granted
    )


def heading() -> str:
    """The questionnaire's heading on the form and the application page: not part of the
    decision, and who reads it."""
    return f"“一线技术工人收入水平情况”调研（不作为评审依据，仅{readers()}可见）"


class Kind(StrEnum):
    AMOUNT = "amount"  # 元/月 on the form, integer fen stored
    CHOICE = "choice"  # one of the printed boxes (□)


@dataclass(frozen=True)
class Question:
    number: int
    key: str
    label: str
    kind: Kind
    choices: tuple[str, ...] = ()

    @property
    def form_field(self) -> str:
        """The page's field: amounts are typed in yuan, so the name says so."""
        if self.kind == Kind.AMOUNT:
            return f"survey_{self.key.removesuffix('_fen')}_yuan"
        return f"survey_{self.key}"

    @property
    def path(self) -> str:
        """The field a refusal names in the JSON API."""
        return f"income_survey.{self.key}"


QUESTIONS: tuple[Question, ...] = (
    Question(1, "monthly_income_fen", "月工资实际到手收入（元/月）", Kind.AMOUNT),
    Question(
        2, "income_level", "在本单位所处收入水平", Kind.CHOICE, ("高", "较高", "中", "较低", "低")
    ),
    Question(
        3,
        "admin_rank_equivalent",
        "相当于本单位行政管理哪一个职级收入",
        Kind.CHOICE,
        ("低于普通", "普通", "中层", "高层"),
    ),
    Question(4, "expected_income_fen", "本人期望工资收入（元/月）", Kind.AMOUNT),
    Question(5, "promotion_linked", "创新成果实施是否与职级晋升挂钩", Kind.CHOICE, YES_NO),
    Question(6, "one_off_reward", "创新成果实施成效是否获得一次性奖励", Kind.CHOICE, YES_NO),
    Question(7, "income_linked", "创新成果实施成效是否与收入挂钩", Kind.CHOICE, YES_NO),
    Question(8, "environment_rating", "对当前工作环境的认可度", Kind.CHOICE, ("高", "中", "低")),
    Question(
        9,
        "public_welfare_willing",
        "如被命名“上海工匠”，是否愿意参加劳模工匠助企行等社会公益活动",
        Kind.CHOICE,
        YES_NO,
    ),
)
BY_KEY = {q.key: q for q in QUESTIONS}
Answer = int | str


@dataclass(frozen=True)
class SurveyProblem:
    """One refused answer: the question's key (None: the key itself is unknown), code, message."""

    key: str
    code: str
    message: str
    question: Question | None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def monthly_amount_problem(fen: int, label: str) -> tuple[str, str] | None:
    """Why a monthly amount in fen is refused (code, message), or None: not negative and not
    past ``MAX_MONTHLY_FEN``. The one bound of every monthly pay the 上海工匠 forms ask, the
    questionnaire's and 附件3's 月平均可支配收入 alike, on the page and over the API."""
    if fen < 0:
        return "negative_amount", f"{label}不能为负数"
    if fen > MAX_MONTHLY_FEN:
        return "amount_too_large", too_large(label)
    return None


def too_large(label: str) -> str:
    """The refusal of a monthly amount past ``MAX_MONTHLY_FEN``, however many digits it has."""
    return f"{label}超过{format_fen(MAX_MONTHLY_FEN)}元，请核对"


def _amount(q: Question, value: object) -> tuple[int | None, SurveyProblem | None]:
    # A JSON number with no fraction (1500.0) is the whole fen it writes.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None, SurveyProblem(q.key, "invalid_amount", f"{q.label}应为以分为单位的整数", q)
    if refused := monthly_amount_problem(value, q.label):
        return None, SurveyProblem(q.key, *refused, q)
    return value, None


def check(answers: Mapping[str, object]) -> tuple[dict[str, Answer], list[SurveyProblem]]:
    """The answers to store (blank ones left out) and every refused answer.

    Keys are the questions' keys; amounts are integer fen, choices the printed wording.
    """
    kept: dict[str, Answer] = {}
    problems: list[SurveyProblem] = []
    for key in sorted(set(answers) - set(BY_KEY)):
        problems.append(SurveyProblem(key, "unknown_question", "调研问卷中没有此题", None))
    for q in QUESTIONS:
        value = answers.get(q.key)
        if _blank(value):
            continue
        if q.kind == Kind.AMOUNT:
            fen, problem = _amount(q, value)
            if problem is not None:
                problems.append(problem)
            elif fen is not None:
                kept[q.key] = fen
        elif isinstance(value, str) and value.strip() in q.choices:
            kept[q.key] = value.strip()
        else:
            message = f"{q.label}应为：{'/'.join(q.choices)}"
            problems.append(SurveyProblem(q.key, "invalid_choice", message, q))
    return kept, problems


def from_form(
    fields: Mapping[str, str],
) -> tuple[dict[str, Answer], dict[str, str]]:
    """The page's fields (yuan typed as text) checked by :func:`check`; errors by form field."""
    answers: dict[str, object] = {}
    errors: dict[str, str] = {}
    for q in QUESTIONS:
        raw = (fields.get(q.form_field) or "").strip()
        if not raw:
            continue
        if q.kind == Kind.CHOICE:
            answers[q.key] = raw
            continue
        try:
            answers[q.key] = parse_yuan(raw, q.form_field)
        except ValidationFailed as err:
            # The question names the amount once, as the API's refusal does: 「…（元/月）不能为
            # 负数」, not 「…（元/月）：金额不能为负数」.
            errors[q.form_field] = amount_refusal(err, q.label)
    kept, problems = check(answers)
    for p in problems:
        assert p.question is not None  # the form only sends the questionnaire's own fields
        errors[p.question.form_field] = p.message
    return kept, errors


def amount_refusal(err: ValidationFailed, label: str) -> str:
    """A typed amount ``parse_yuan`` refused, said as the API says it: 「…不能为负数」 with the
    field's name once, and past any number of digits the one bound's words."""
    if err.code == "amount_too_large":
        return too_large(label)
    return label + err.message.removeprefix("金额")


@dataclass(frozen=True)
class Shown:
    label: str
    answer: str


def shown(stored: Mapping[str, object] | None) -> list[Shown]:
    """The stored answers with their questions, in the questionnaire's order, for reading."""
    stored = stored or {}
    rows: list[Shown] = []
    for q in QUESTIONS:
        value = stored.get(q.key)
        if value is None:
            continue
        if q.kind == Kind.AMOUNT and isinstance(value, int) and not isinstance(value, bool):
            rows.append(Shown(f"{q.number}. {q.label}", f"{format_fen(value)} 元/月"))
        else:
            rows.append(Shown(f"{q.number}. {q.label}", str(value)))
    # Anything stored before the questionnaire was fixed is shown as it was written.
    rows += [Shown(k, str(v)) for k, v in stored.items() if k not in BY_KEY and v is not None]
    return rows
