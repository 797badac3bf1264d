"""Review routes as data: each scheme's stages, who acts at each, and what each may decide."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lifecycle.vocab import UnionLevel


class StageKind(StrEnum):
    """How a stage is completed."""

    STEP = "step"  # one union records an opinion: approve / return / reject
    BATCH = "batch"  # the recommending union submits its batch (ranked, checked) [L][C]
    DECISION = "decision"  # the naming decision: one 文号 names many [Y7][C 二（四）]


class Action(StrEnum):
    """What a step records."""

    SUBMIT = "submit"  # the applicant submits (or resubmits) the form
    APPROVE = "approve"  # 同意 / 通过
    SKIP = "skip"  # an optional stage not held for this application (实地走访 for some)
    RETURN = "return"  # 退回补充材料
    REJECT = "reject"  # 不同意，附理由
    RECOMMEND = "recommend"  # included in a submitted batch, with its rank
    NAME = "name"  # named by the decision
    WITHDRAW = "withdraw"  # 撤回: the applying unit withdraws its application (reading I5)


ACTION_LABELS = {
    Action.SUBMIT: "提交申报",
    Action.APPROVE: "同意",
    Action.SKIP: "本申报不安排",
    Action.RETURN: "退回补充材料",
    Action.REJECT: "不同意",
    Action.RECOMMEND: "列入推荐",
    Action.NAME: "审定命名",
    Action.WITHDRAW: "撤回申报",
}


@dataclass(frozen=True)
class Stage:
    """One stage of a route: the acting union's level, its kind and the article it rests on."""

    code: str
    label: str
    level: UnionLevel
    article: str
    kind: StageKind = StageKind.STEP
    optional: bool = False  # may be skipped (e.g. 实地走访「对部分工作室」)
    consent_label: str | None = None  # a consent the step must record (本单位党政同意 [Y7])
    # A 社团 the unit applies through does this stage in place of the union at ``level``
    # 「区局（产业）工会、社团审查后…推荐」 [C 二（二）].
    associations: bool = False


@dataclass(frozen=True)
class Route:
    """The ordered stages from submission to naming; the last is the naming decision."""

    stages: tuple[Stage, ...]

    def __post_init__(self) -> None:
        assert self.stages
        assert self.stages[-1].kind is StageKind.DECISION

    def stage(self, code: str) -> Stage:
        """The stage called ``code``; KeyError when the route has none."""
        for s in self.stages:
            if s.code == code:
                return s
        raise KeyError(code)

    @property
    def through_associations(self) -> bool:
        """Whether a unit may apply through a 社团, which does one of the stages [C 二（二）]."""
        return any(s.associations for s in self.stages)

    @property
    def first(self) -> Stage:
        return self.stages[0]

    def after(self, code: str) -> Stage:
        """The stage that follows ``code`` (the decision follows the last review)."""
        codes = [s.code for s in self.stages]
        return self.stages[codes.index(code) + 1]

    def actions(self, code: str) -> tuple[Action, ...]:
        """What the acting union may record at stage ``code``: at the decision, 不予命名 with its
        reasons (naming itself is the call's decision, one 文号 for many) [Y7][C 二（四）]; at the
        recommending union's batch, 不予推荐 with its reasons (recommending is the batch's
        submission) [C 二（二）「审查后…推荐」][L 四（二）「择优推荐」] (reading I5)."""
        stage = self.stage(code)
        if stage.kind in (StageKind.DECISION, StageKind.BATCH):
            return (Action.REJECT,)
        if stage.kind is not StageKind.STEP:
            return ()
        found = [Action.APPROVE]
        if stage.optional:
            found.append(Action.SKIP)
        return (*found, Action.RETURN, Action.REJECT)


# At the naming decision a refusal is the deciding body's 不予命名 (审定 [Y7][C 二（四）]); at a
# recommending union's batch it is 不予推荐 ([C 二（二）][L 四（二）]).
DECISION_REJECT_LABEL = "不予命名"
BATCH_REJECT_LABEL = "不予推荐"


def action_label(stage: Stage | None, action: Action) -> str:
    """What ``action`` is called at ``stage`` (不同意 at a review, 不予推荐 at the batch,
    不予命名 at the decision)."""
    if action is Action.REJECT and stage is not None:
        if stage.kind is StageKind.DECISION:
            return DECISION_REJECT_LABEL
        if stage.kind is StageKind.BATCH:
            return BATCH_REJECT_LABEL
    return ACTION_LABELS[action]


def reason_required(stage: Stage | None, action: Action) -> str:
    """What a return or a refusal recorded without its reasons is refused with, naming what the
    stage decides: 「不予命名须写明理由」 at the decision, 「不予推荐须写明理由」 at the batch,
    「退回或不同意须写明理由」 at a review (``stage`` None: not known, as at a review)."""
    if action is Action.REJECT and stage is not None and stage.kind is not StageKind.STEP:
        return f"{action_label(stage, action)}须写明理由"
    return "退回或不同意须写明理由"


def action_refusal(stage: Stage, allowed: tuple[Action, ...]) -> str:
    """Why an action is not recorded at ``stage``, saying what is: at the decision the naming
    is the call's decision (one 文号 for many) and at the batch the recommending is the batch's
    submission, so the step there is only the refusal [Y7][C 二（二）][C 二（四）][L 四（二）]."""
    offered = "、".join(f"“{action_label(stage, a)}”" for a in allowed)
    if stage.kind is StageKind.DECISION:
        return (
            f"「{stage.label}」在申报通知页的命名决定中办理（一个文号命名多个），"
            f"此处只能作{offered}"
        )
    if stage.kind is StageKind.BATCH:
        return f"「{stage.label}」以列入推荐批次（排序）并报送办理，此处只能作{offered}"
    return f"「{stage.label}」环节只能作{offered}"
