"""Pure rule of starting an application: whether a team may still apply to a call [Y7][L 一]
(reading I1), shared by the use case that refuses and the call page that offers the teams."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from lifecycle.citations import citation
from lifecycle.designations.eligibility import existing_designation
from lifecycle.designations.model import Designation
from lifecycle.designations.service import IN_REVIEW, repeat_refusal, review_refusal
from lifecycle.intake.packs import intake_pack
from lifecycle.schemes import get_scheme


class InReview(NamedTuple):
    """A team's application under a scheme in review (or returned to it) in another call."""

    call_title: str
    application_id: int
    scheme_code: str
    stage: str | None
    returned: bool

    def described(self) -> str:
        """Which application it is and where it stands: 「2026年度…申报通知的申报 12，在「区总工会
        评审小组评审」环节」 (or 已退回补充材料)."""
        if self.returned:
            where = "已退回补充材料"
        elif self.stage is not None:
            where = f"在「{intake_pack(self.scheme_code).route.stage(self.stage).label}」环节"
        else:
            where = "审核中"
        return f"{self.call_title}的申报 {self.application_id}，{where}"


@dataclass(frozen=True)
class ApplyRefusal:
    """Why a team may not start an application: a machine code and the Chinese message."""

    code: str
    message: str


def in_review_refusal(
    held: Iterable[Designation], scheme_code: str, other_call: InReview | None
) -> ApplyRefusal | None:
    """One application of a team per scheme in review at a time: its application on record (a
    designation in review) or another one in review (``other_call``: which, where) would be
    named again once the first is ([Y7] 不再重复申报, [L 一]; reading I1)."""
    on_record = review_refusal(held, scheme_code)
    if on_record is not None:
        return ApplyRefusal("already_in_review", on_record)
    if other_call is None:
        return None
    settings = get_scheme(scheme_code).settings
    message = (
        f"该工作室已有{settings.name}申报正在审核中（{other_call.described()}），"
        "审核结束前不再重复申报"
    )
    if settings.no_repeat is not None:
        message += f"（{settings.no_repeat.citation}）"
    return ApplyRefusal("already_in_review", message)


def apply_refusal(
    held: Iterable[Designation],
    scheme_code: str,
    *,
    applied_here: bool,
    other_call: InReview | None,
    source_on: date | None = None,
) -> ApplyRefusal | None:
    """Why a team (its designations ``held``) may not start an application to a call of
    ``scheme_code``, or None, the first reason that applies: once named under the scheme [Y7]
    [L 一], the scheme's title held and valid (one open title per scheme), a title of another scheme
    that excludes it from this one ([C 一（二）], ``title_bars``), an application of it to this
    call not closed (``applied_here``), or one under the scheme in review; with ``source_on``,
    also no lower-level title to be recommended from on that day ([S7], ``source_rule``: the
    rule the submission reads), so the call page does not offer a team its submission refuses."""
    held = tuple(held)
    repeat = repeat_refusal(held, scheme_code)
    if repeat is not None:
        return ApplyRefusal("named_before", repeat)
    # The title itself held (「已有…的有效命名」) comes before where it would be recommended
    # from: a team holding a valid city title and no district one is told it holds the title.
    valid = review_refusal([d for d in held if d.status not in IN_REVIEW], scheme_code)
    if valid is not None:
        return ApplyRefusal("already_in_review", valid)
    scheme = get_scheme(scheme_code)
    existing = tuple(existing_designation(d) for d in held)
    for bar in scheme.title_bars(existing):  # [C 一（二）]
        return ApplyRefusal(bar.rule, f"{bar.message}（{citation(bar.article)}）")
    source = None if source_on is None else scheme.source_rule(existing, source_on)
    if source is not None and not source.passed:  # [S7]
        return ApplyRefusal(source.rule, f"{source.message}（{citation(source.article)}）")
    if applied_here:
        return ApplyRefusal("duplicate", "该工作室已对本通知提出申报")
    return in_review_refusal(held, scheme_code, other_call)
