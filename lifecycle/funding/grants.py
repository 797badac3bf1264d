"""Recording grants: one-off [Y14][S10][L], district matching [S10], excellence support [Y15]."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifecycle.actors import Actor
from lifecycle.clock import chinese_date
from lifecycle.db.lost_race import Taken
from lifecycle.designations.model import Designation
from lifecycle.errors import FieldProblem, Problems, ValidationFailed
from lifecycle.funding.audit import audit_designation
from lifecycle.funding.grant_refusal import grant_refusal
from lifecycle.funding.model import ApplicationStatus, ExcellenceApplication, Grant
from lifecycle.funding.payer import paying_union_of, require_payer
from lifecycle.funding.plausible import implausible_amount
from lifecycle.funding.vocab import GrantKind, grant_kind_label, one_off_recorded
from lifecycle.money import format_fen, parse_yuan
from lifecycle.schemes import get_scheme
from lifecycle.schemes.base import SchemeSettings
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.validation import not_after, require_text

REF_MAX = 200
NOTE_MAX = 2000


@dataclass(frozen=True)
class RecordGrant:
    """A grant to a designation; the one-off amount comes from the scheme unless it has none."""

    designation_id: int
    kind: GrantKind
    approval_ref: str  # 文号
    approved_on: date
    paid_on: date | None = None
    amount_yuan: str | None = None  # required for matching, excellence and packs without amount
    paying_union_id: int | None = None  # default: naming union (one-off), district union (else)
    achievement_id: int | None = None  # excellence support only [Y15]
    note: str | None = None


def record_grant(
    uow: UnitOfWork, cmd: RecordGrant, *, actor: Actor, as_of: date, scope: Scope
) -> Grant:
    """Record one grant after checking every rule; changes no lifecycle state [Y14][Y15][S10].

    Whether the title may receive it is decided on the approval date (``rules.grant_refusal``):
    the paperwork of a grant approved while the title was held is entered even after the title
    ended, live or by the registry import alike. Excellence support is refused here: it is
    recorded only by approving its application (``record_approved_support``) [Y15]. Only the
    finance staff of the union paying it record it (``payer.require_payer``).
    """
    return _record(uow, cmd, actor=actor, as_of=as_of, scope=scope, application=None)


def record_decided_grant(
    uow: UnitOfWork, cmd: RecordGrant, *, actor: Actor, as_of: date, scope: Scope
) -> Grant:
    """A grant entered by the use case carrying its decision, not by finance staff: the naming
    (the naming union names the title and approves its one-off grant [Y14][S10]) or the registry
    import of past grants (``registry.import`` in scope); every other check of ``record_grant``."""
    return _record(
        uow, cmd, actor=actor, as_of=as_of, scope=scope, application=None, by_payer=False
    )


def record_approved_support(
    uow: UnitOfWork, cmd: RecordGrant, application: ExcellenceApplication, *, actor: Actor,
    as_of: date,
) -> Grant:  # fmt: skip
    """The excellence grant of a pending application the 主席办公会议 approves now, with every
    check of recording a grant [Y15] (the application's use case checked its scope and that the
    actor is the district's finance staff, ``payer.require_support_decider``)."""
    assert application.status is ApplicationStatus.PENDING
    assert (application.designation_id, application.achievement_id) == (
        cmd.designation_id,
        cmd.achievement_id,
    )
    return _record(
        uow, cmd, actor=actor, as_of=as_of, scope=EVERYTHING, application=application,
        by_payer=False,
    )  # fmt: skip


def _record(
    uow: UnitOfWork,
    cmd: RecordGrant,
    *,
    actor: Actor,
    as_of: date,
    scope: Scope,
    application: ExcellenceApplication | None,
    by_payer: bool = True,
) -> Grant:
    designation = uow.designations.require(cmd.designation_id, scope)
    settings = get_scheme(designation.scheme_code).settings
    problems = Problems()
    try:
        kind = GrantKind(cmd.kind)
    except ValueError:
        raise ValidationFailed(
            f"{settings.grant_word}类别不在可选范围内", field="kind", code="invalid_kind"
        ) from None
    unoffered = kind_refusal(kind, settings)
    if unoffered is not None:  # with the other fields; no union pays money the scheme lacks
        problems.add("kind", *unoffered)
    elif by_payer:
        require_payer(uow, designation, kind, paying_union_of(designation, kind), actor)
    amount, paying_union_id = check_fields(problems, uow, cmd, kind, designation, as_of=as_of)
    if unoffered is None:  # a kind the scheme lacks asks for none of its fields (乐山 [L 三])
        {
            GrantKind.ONE_OFF: _check_one_off,
            GrantKind.MATCHING: _check_matching,
            GrantKind.EXCELLENCE: _check_excellence,
        }[kind](problems, uow, cmd, designation, settings)
    if kind is GrantKind.EXCELLENCE and application is None and settings.excellence_support:
        _without_approval(problems, uow, cmd)
    problems.raise_if_any()
    assert amount is not None
    assert paying_union_id is not None

    def taken() -> FieldProblem | None:
        """The title's one-off, or the achievement's support, on record (the unique keys)."""
        if kind is GrantKind.ONE_OFF:
            return _one_off_taken(uow, designation, settings)
        if kind is GrantKind.EXCELLENCE and cmd.achievement_id is not None:
            return _excellence_taken(uow, cmd.achievement_id)
        return None

    # Recorded meanwhile by another request: refused as the check above.
    grant = _add(uow, cmd, kind, designation, amount, paying_union_id, actor, as_of, taken)
    why = f"{settings.grant_word}记录（{grant.approval_ref}）登记"
    audit_designation(uow, designation.id, as_of=as_of, actor=actor, why=why)
    return grant


def _add(  # noqa: PLR0917
    uow: UnitOfWork,
    cmd: RecordGrant,
    kind: GrantKind,
    designation: Designation,
    amount: int,
    paying_union_id: int,
    actor: Actor,
    as_of: date,
    taken: Taken,
) -> Grant:
    return uow.funding.add_grant(
        Grant(
            designation_id=designation.id,
            kind=kind,
            paying_union_id=paying_union_id,
            approval_ref=cmd.approval_ref.strip(),
            approved_on=cmd.approved_on,
            paid_on=cmd.paid_on,
            # The day the service heard of the payment: the matching it opens arose then.
            paid_recorded_on=as_of if cmd.paid_on is not None else None,
            amount_fen=amount,
            achievement_id=cmd.achievement_id if kind is GrantKind.EXCELLENCE else None,
            note=(cmd.note or "").strip() or None,
            entered_by=actor.name,
            entered_by_user_id=actor.user_id,
        ),
        taken=taken,
    )


def check_fields(
    problems: Problems,
    uow: UnitOfWork,
    cmd: RecordGrant,
    kind: GrantKind,
    designation: Designation,
    *,
    as_of: date,
) -> tuple[int | None, int | None]:
    """文号, note, dates, the title held on the approval date, amount and paying union of a grant
    (recorded or corrected)."""
    settings = get_scheme(designation.scheme_code).settings
    problems.items += grant_field_problems(cmd.approval_ref, cmd.amount_yuan, cmd.note)
    _dates(problems, cmd, designation, as_of)
    amount = _amount(problems, cmd, kind, settings)
    paying_union_id = _paying_union(problems, uow, cmd, kind, designation)
    return amount, paying_union_id


def grant_field_problems(
    approval_ref: str, amount_yuan: str | None, note: str | None
) -> list[FieldProblem]:
    """What recording would refuse in these typed fields whatever the kind and title (文号, a
    malformed or non-positive amount, note): for a form refused before the use case runs (no
    kind chosen, an unreadable date), so every bad field shows at once."""
    problems = Problems()
    require_text(problems, "approval_ref", approval_ref, "批准文号", REF_MAX)
    if note is not None and len(note) > NOTE_MAX:
        problems.add("note", "too_long", f"备注不能超过{NOTE_MAX}个字符")
    problems.items += amount_problems(amount_yuan)
    return problems.items


def amount_problems(amount_yuan: str | None, field: str = "amount_yuan") -> list[FieldProblem]:
    """A typed amount in yuan, when given: readable, more than zero and not beyond any plausible
    amount of a title's funds (``plausible``)."""
    problems = Problems()
    if amount_yuan is not None and str(amount_yuan).strip():
        try:
            fen = parse_yuan(amount_yuan, field=field)
        except ValidationFailed as err:
            problems.add(field, err.code, err.message)
            return problems.items
        if fen <= 0:
            problems.add(field, "zero_amount", "金额必须大于零")
        elif (implausible := implausible_amount(fen, field)) is not None:
            problems.items.append(implausible)
    return problems.items


def _dates(problems: Problems, cmd: RecordGrant, designation: Designation, as_of: date) -> None:
    not_after(problems, "approved_on", cmd.approved_on, as_of, "批准日期")
    refusal = grant_refusal(
        status=designation.status,
        naming_date=designation.naming_date,
        ended_on=designation.ended_on,
        approved_on=cmd.approved_on,
        revoked_word=get_scheme(designation.scheme_code).settings.revoked_word,
    )
    if refusal is not None:  # [Y14][S10]: only while the title was held
        problems.add(refusal.field, refusal.code, refusal.reason)
    if cmd.paid_on is not None:
        not_after(problems, "paid_on", cmd.paid_on, as_of, "到账日期")
        if cmd.paid_on < cmd.approved_on:
            problems.add(
                "paid_on",
                "before_approval",
                f"到账日期不能早于批准日期（{chinese_date(cmd.approved_on)}）",
            )


def _amount(
    problems: Problems, cmd: RecordGrant, kind: GrantKind, settings: SchemeSettings
) -> int | None:
    """The amount in fen: the scheme's one-off amount [Y14][S10], else the approved amount."""
    fixed = settings.one_off_grant_fen if kind is GrantKind.ONE_OFF else None
    if cmd.amount_yuan is None or not str(cmd.amount_yuan).strip():
        if fixed is not None:
            return fixed
        problems.add("amount_yuan", "required", "请填写金额（元）")
        return None
    try:
        amount = parse_yuan(cmd.amount_yuan, field="amount_yuan")
    except ValidationFailed:
        return None  # refused by ``grant_field_problems``
    refused = amount <= 0 or implausible_amount(amount, "amount_yuan") is not None  # said above
    if not refused and fixed is not None and amount != fixed:
        # The article fixing the amount ([Y14] 1万, [S10] 贰万元), as every money refusal cites.
        basis = f"（{settings.one_off_article}）" if settings.one_off_article else ""
        problems.add(
            "amount_yuan",
            "amount_not_scheme",
            f"{settings.name}的{grant_kind_label(kind, settings)}为 {format_fen(fixed)} 元{basis}",
        )
    return amount


def _paying_union(
    problems: Problems, uow: UnitOfWork, cmd: RecordGrant, kind: GrantKind, designation: Designation
) -> int | None:
    """One-off grants come from the naming union; matching and excellence from the district."""
    expected = paying_union_of(designation, kind)
    if cmd.paying_union_id is None or cmd.paying_union_id == expected:
        return expected
    union = uow.unions.get(expected, scope=EVERYTHING)
    name = union.name if union is not None else "命名工会"
    problems.add("paying_union_id", "wrong_paying_union", f"该项经费应由{name}拨付")
    return None


def kind_refusal(kind: GrantKind, settings: SchemeSettings) -> tuple[str, str] | None:
    """(code, reason) when the scheme gives no money of ``kind``, else None: district matching
    only where it asks for it [S10] (not [Y14] nor 乐山's reward [L 三]), excellence support only
    in Yangpu [Y15]. Refused before who pays is asked, so a 乐山 title's matching is not said to
    be a district union's to pay under [S10]."""
    if kind is GrantKind.MATCHING and not settings.has_district_matching:
        return "no_matching", f"{settings.name}不实行区级配套资金"
    if kind is GrantKind.EXCELLENCE and not settings.excellence_support:
        return "no_excellence", f"{settings.name}不实行优秀成果项目扶持"
    return None


def _check_one_off(
    problems: Problems,
    uow: UnitOfWork,
    cmd: RecordGrant,
    designation: Designation,
    settings: SchemeSettings,
) -> None:
    """Once per designation [Y14][S10][L 三] (the database enforces it too)."""
    word = grant_kind_label(GrantKind.ONE_OFF, settings)  # 乐山's 一次性奖励 [L 三]
    if cmd.achievement_id is not None:
        problems.add("achievement_id", "not_applicable", f"{word}不对应具体成果")
    if (recorded := _one_off_taken(uow, designation, settings)) is not None:
        problems.items.append(recorded)


def _one_off_taken(
    uow: UnitOfWork, designation: Designation, settings: SchemeSettings
) -> FieldProblem | None:
    """The refusal of a second one-off (None: none recorded)."""
    existing = uow.funding.one_off_grant(designation.id)
    if existing is None:
        return None
    # Naming records the approved one-off with the title [Y14]: finance then records its
    # arrival on that grant, not a second grant.
    return FieldProblem(
        "kind",
        "duplicate_one_off",
        f"{one_off_recorded(settings)}（已登记的为{existing.approval_ref}，"
        f"{chinese_date(existing.approved_on)}批准）；款项到账请在该笔{settings.grant_word}上"
        "「登记到账」",
    )


def _check_matching(
    problems: Problems,
    uow: UnitOfWork,  # noqa: ARG001
    cmd: RecordGrant,
    designation: Designation,  # noqa: ARG001
    settings: SchemeSettings,  # noqa: ARG001 - whether it has matching: ``kind_refusal``
) -> None:
    """District matching is for the whole title, not one achievement [S10]."""
    if cmd.achievement_id is not None:
        problems.add("achievement_id", "not_applicable", "配套资金不对应具体成果")


def _check_excellence(
    problems: Problems,
    uow: UnitOfWork,
    cmd: RecordGrant,
    designation: Designation,
    settings: SchemeSettings,  # noqa: ARG001 - Yangpu only: ``kind_refusal``
) -> None:
    """Excellence support: for one achievement of the team, once per achievement [Y15]."""
    if cmd.achievement_id is None:
        problems.add("achievement_id", "required", "请选择申请扶持的创新成果")
        return
    achievement = uow.ledgers.get_achievement(cmd.achievement_id, scope=EVERYTHING)
    if achievement is None or achievement.workshop_id != designation.workshop_id:
        problems.add("achievement_id", "not_found", "该成果不属于本工作室")
    elif (supported := _excellence_taken(uow, cmd.achievement_id)) is not None:
        problems.items.append(supported)


def _excellence_taken(uow: UnitOfWork, achievement_id: int) -> FieldProblem | None:
    """The refusal of a second support of one achievement (None: none recorded) [Y15]."""
    if uow.funding.grant_for_achievement(achievement_id) is None:
        return None
    return FieldProblem(
        "achievement_id", "duplicate_excellence", "同一成果只能提出一次扶持申请（[Y15]）"
    )


def _without_approval(problems: Problems, uow: UnitOfWork, cmd: RecordGrant) -> None:
    """Excellence support outside an approval: 「提出优秀创新成果项目扶持资金申请……经区总工会
    主席办公会议讨论审定后下拨」 [Y15], so only approving the application records its grant."""
    if cmd.achievement_id is None or any(p.field == "achievement_id" for p in problems.items):
        problems.add("kind", "excellence_needs_application", _VIA_APPLICATION)
        return
    application = uow.funding.application_for_achievement(cmd.achievement_id)
    if application is None:
        why = "该成果尚未提出扶持申请"
    elif application.status is ApplicationStatus.REJECTED:
        decided = chinese_date(application.decided_on) if application.decided_on else ""
        why = f"该成果的扶持申请已于{decided}决定不予扶持，不能拨付扶持资金"
    elif application.status is ApplicationStatus.PENDING:
        why = "该成果的扶持申请尚待审定，审定同意即登记拨款"
    else:
        return  # approved: its grant exists, refused as a second one (duplicate_excellence)
    problems.add("kind", "excellence_needs_application", f"{why}；{_VIA_APPLICATION}")


_VIA_APPLICATION = (
    "优秀成果项目扶持资金须经扶持申请、区总工会主席办公会议审定后下拨，请在扶持申请中审定（[Y15]）"
)
