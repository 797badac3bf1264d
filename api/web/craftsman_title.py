"""上海工匠 selection pages [G]: the year's applications, the 申报审批表, the stage decisions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from api.web.auth import TITLE_CITY_ONLY, FormDep, UserDep
from api.web.core import (
    Forbidden,
    HtmlRoute,
    also_refused,
    form_errors,
    reading,
    redirect,
    render,
    today,
)
from api.web.forms import parse_date, parse_int, parse_number_of, text, values
from api.web.ids import IdPath
from api.web.paged import page_asked
from api.web.submit import Refused, submit
from lifecycle.accounts.permissions import Permission
from lifecycle.accounts.principal import Principal
from lifecycle.craftsman_title import decisions, survey
from lifecycle.craftsman_title import service as svc
from lifecycle.craftsman_title.rules import (
    CHANNEL_LABELS,
    COUNT_MAX,
    EVIDENCE_MAX,
    FIVE_POWERS,
    GROUP_LABELS,
    Channel,
    Group,
    call_closed_note,
    join_union_message,
    notice_of,
    self_window_note,
)
from lifecycle.craftsman_title.stages import (
    STAGES,
    STATUS_LABELS,
    Status,
    closing_stage,
    lapse_opinion,
    lapsed,
)
from lifecycle.craftsman_title.statistics import filing_body, readable_body
from lifecycle.craftsman_title.withdrawal import may_withdraw
from lifecycle.scope import EVERYTHING, Scope
from lifecycle.uow import UnitOfWork
from lifecycle.vocab import HONOUR_LABELS, UnionLevel

router = APIRouter(route_class=HtmlRoute, dependencies=TITLE_CITY_ONLY)
LABELS = {"channel": CHANNEL_LABELS, "group": GROUP_LABELS, "status": STATUS_LABELS}
DECLARATIONS = (
    ("chinese_nationality", "具有中国国籍"),
    ("front_line", "在一线从事生产、技术、研发等工作"),
    ("deputy_bureau_or_above", "副局级或相当于副局级以上领导干部"),
    ("org_managed_unit_head", "由中央、市委组织部、市级相关委办管理的企事业单位负责人"),
)
POWER_ITEMS = [(label, items) for label, items in FIVE_POWERS.values()]
# 附件1's questionnaire: (form field, numbered label, choices or None for an amount in yuan).
SURVEY_FIELDS = [
    (
        q.form_field,
        f"{q.number}. {q.label}",
        [("", "（不填）"), *((c, c) for c in q.choices)] if q.choices else None,
    )
    for q in survey.QUESTIONS
]


def union_names(uow: UnitOfWork, ids: Iterable[int | None]) -> dict[int, str]:
    """The names of the bodies shown beside records already in scope (associations, districts)."""
    found = (uow.unions.get(i, EVERYTHING) for i in {i for i in ids if i is not None})
    return {u.id: u.name for u in found if u is not None}


def _rows(uow: UnitOfWork, apps: Any) -> list[dict[str, Any]]:
    """Applications as lists show them: names and masked personal data only."""
    rows = []
    names = union_names(uow, (a.association_id for a in apps))
    for a in apps:
        person = uow.persons.get(a.person_id, EVERYTHING)  # the application is in scope
        rows.append(
            {
                "app": a,
                "name": person.name if person else "",
                "id_card": person.masked_id_card if person else None,
                "association": names.get(a.association_id or 0),
            }
        )
    return rows


def _city_scope(user: Principal) -> Scope:
    """The caller's whole city (the root of its path): where district unions are chosen from."""
    root = user.union_path.strip("/").split("/")[0]
    return Scope.subtree(f"/{root}/")


@router.get("/craftsman-selections/{selection_id}", response_class=HTMLResponse)
def selection_page(
    request: Request, user: UserDep, selection_id: IdPath, group: str = ""
) -> HTMLResponse:
    """The year's applications in the caller's scope, by 组别 if chosen, personal data masked."""
    return selection_view(request, user, selection_id, group=group)


def selection_view(
    request: Request,
    user: Principal,
    selection_id: int,
    *,
    group: str = "",
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
) -> HTMLResponse:
    chosen, asked = Group(group) if group in set(Group) else None, page_asked(request)
    with reading(request) as uow:
        sel, repo = svc.get_selection(uow, selection_id), svc.repo(uow)
        listed = repo.application_page(selection_id, user.read_scope, asked.window, group=chosen)
        groups = [("", "全部组别")] + [(g.value, t) for g, t in GROUP_LABELS.items()]
        locals_ = repo.local_selections(selection_id, user.read_scope)
        associations = uow.unions.find(user.scope, level=UnionLevel.ASSOCIATION)
        own = uow.unions.get(user.union_id, user.read_scope)
        filer = filing_body(uow, own) if own is not None else None
        context = {
            "sel": sel,
            # Opened late, or past its self window: recommendations only (reading G12).
            "self_window_note": self_window_note(
                sel.self_opens, sel.self_closes, sel.union_deadline, today(request)
            ),
            # Past its last window: no new application, said before any form is filled [G].
            "call_closed_note": call_closed_note(
                sel.year, sel.self_opens, sel.self_closes, sel.union_deadline, today(request)
            ),
            "notice": notice_of(sel.year),  # pages cite the call's own notice by name
            "rows": _rows(uow, listed.items),  # a page at a time (before: the year's at once)
            **asked.shown(listed.total, {"group": chosen.value} if chosen else {}, "applications"),
            "labels": LABELS,
            "groups": groups,
            "group": chosen.value if chosen else "",
            "locals": locals_,
            "local_names": union_names(uow, (loc.union_id for loc in locals_)),
            "associations": [("", "本区局（产业）工会")]
            + [(str(a.id), a.name) for a in associations],
            "statistics_body": readable_body(uow, own, user.read_scope) if own else None,
            "statistics_filer": filer.name if filer is not None else "",
            "errors": errors or {},
            "count_max": COUNT_MAX,
            "values": {"found_on": today(request).isoformat()} | (form_values or {}),
        }
        code = 422 if errors else 200
        return render(request, "craftsman_title/selection.html", context, status_code=code)


def _apply_form(
    request: Request,
    user: Principal,
    selection_id: int,
    *,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    if not user.can(Permission.CRAFTSMAN_APPLY):
        raise Forbidden("您的角色无权申报上海工匠")
    with reading(request) as uow:
        sel = svc.get_selection(uow, selection_id)
        defaults = {"applied_on": today(request).isoformat(), "years_worked": "0"}
        own = uow.unions.get(user.union_id, user.scope)
        association = own is not None and own.level == UnionLevel.ASSOCIATION
        channels = [(c.value, t) for c, t in CHANNEL_LABELS.items()]
        members: list[tuple[str, str]] = []
        if association:  # an association recommends its own members only [G] 二（二）
            channels = [(Channel.ASSOCIATION.value, CHANNEL_LABELS[Channel.ASSOCIATION])]
            members = [
                (str(p.id), p.name) for p in svc.repo(uow).members(user.union_id, user.scope)
            ]
            defaults["channel"] = Channel.ASSOCIATION.value
        districts = uow.unions.find(_city_scope(user), level=UnionLevel.DISTRICT)
        seat = uow.unions.ancestor_at_level(own, UnionLevel.DISTRICT) if own else None  # 社团's
        context: dict[str, Any] = {
            "sel": sel,
            # Opened late, or past its self window: recommendations only (reading G12).
            "self_window_note": self_window_note(
                sel.self_opens, sel.self_closes, sel.union_deadline, today(request)
            ),
            # Past its last window: no new application, said before any form is filled [G].
            "call_closed_note": call_closed_note(
                sel.year, sel.self_opens, sel.self_closes, sel.union_deadline, today(request)
            ),
            "notice": notice_of(sel.year),  # pages cite the call's own notice by name
            "channels": channels,
            "members": [("", "请选择本社团会员"), *members],
            "association": association,
            "districts": [("", f"社团所在区局（产业）工会（{seat.name}）" if seat else "请选择")]
            + [(str(d.id), d.name) for d in districts],
            "groups": [("", "请选择")] + [(g.value, t) for g, t in GROUP_LABELS.items()],
            "declarations": DECLARATIONS,
            "powers": POWER_ITEMS,
            "evidence_max": EVIDENCE_MAX,
            "survey": SURVEY_FIELDS,
            "errors": errors or {},
            "values": {**defaults, **(form_values or {})},
        }
        code = status_code or (422 if errors else 200)
        return render(request, "craftsman_title/apply.html", context, status_code=code)


@router.get("/craftsman-selections/{selection_id}/apply", response_class=HTMLResponse)
def apply_form(request: Request, user: UserDep, selection_id: IdPath) -> HTMLResponse:
    """The 申报审批表 (附件1)."""
    return _apply_form(request, user, selection_id)


def _survey(form: FormData, errors: dict[str, str]) -> dict[str, Any] | None:
    """附件1's questionnaire from the form: errors beside their questions, blank is no survey."""
    answers, refused = survey.from_form(values(form))
    errors.update(refused)
    return dict(answers) or None


def _on_form(field: str) -> str:
    """The form field of a refused path: a survey answer is shown beside its question."""
    question = survey.BY_KEY.get(field.removeprefix("income_survey."))
    return question.form_field if field.startswith("income_survey.") and question else field


@router.post("/craftsman-selections/{selection_id}/apply")
def apply_post(request: Request, user: UserDep, form: FormDep, selection_id: IdPath) -> Response:
    """File the 申报审批表; refused forms come back with every clause beside its field [G]."""
    if not user.can(Permission.CRAFTSMAN_APPLY):
        raise Forbidden("您的角色无权申报上海工匠")
    errors: dict[str, str] = {}
    person_id = parse_number_of(
        form, "person_id", "申报人（人员编号）", errors, missing=svc.NO_APPLICANT, required=True
    )
    on = parse_date(form, "applied_on", "申报日期", errors)
    years = parse_int(form, "years_worked", "工作年限", errors, required=True, rule_bounded=True)
    district = parse_int(form, "district_union_id", "申报人所在区局（产业）工会", errors)
    channel, group = text(form, "channel"), text(form, "group")
    if channel not in set(Channel):
        errors["channel"] = "请选择申请渠道"
    if group not in set(Group):
        errors["group"] = "请选择组别"
    # Counts of any length are named by their rule (reading IN3), not an integer column's bound.
    invention = parse_int(form, "patents_invention", "发明专利数", errors, rule_bounded=True) or 0
    utility = parse_int(form, "patents_utility", "实用新型专利数", errors, rule_bounded=True) or 0
    design = parse_int(form, "patents_design", "外观设计专利数", errors, rule_bounded=True) or 0
    declared = {name: form.get(name) == "on" for name, _ in DECLARATIONS}
    survey = _survey(form, errors)
    powers = {
        item: text(form, f"power_{item}")
        for _, items in POWER_ITEMS
        for item in items
        if text(form, f"power_{item}")
    }
    typed = (text(form, "applicant_phone"), text(form, "home_address"), text(form, "trade"))
    own_words = (text(form, "understanding"), text(form, "statement"))
    if errors or person_id is None or on is None or years is None:
        with reading(request) as uow:
            year = svc.get_selection(uow, selection_id).year
        problems = svc.application_field_problems(
            powers,
            *typed,
            *own_words,
            declared=declared,
            year=year,
            years_worked=years,
            patents={
                "patents_invention": invention,
                "patents_utility": utility,
                "patents_design": design,
            },
            honours_text=text(form, "honours_text"),
        )
        also_refused(errors, problems)
        return _apply_form(request, user, selection_id, errors=errors, form_values=values(form))
    phone, address, trade = typed
    understanding, statement = own_words
    cmd = svc.Apply(
        selection_id=selection_id,
        person_id=person_id,
        channel=Channel(channel),
        group=Group(group),
        applied_on=on,
        chinese_nationality=declared["chinese_nationality"],
        front_line=declared["front_line"],
        deputy_bureau_or_above=declared["deputy_bureau_or_above"],
        org_managed_unit_head=declared["org_managed_unit_head"],
        applicant_phone=phone,
        home_address=address,
        trade=trade,
        years_worked=years,
        understanding=understanding,
        statement=statement,
        five_powers=powers,
        honours_text=text(form, "honours_text"),
        district_union_id=district,
        local_title_exception=text(form, "local_title_exception") or None,
        income_survey=survey,
        patents_invention=invention,
        patents_utility=utility,
        patents_design=design,
    )
    filed_on = today(request)
    outcome = submit(
        request,
        user.actor,
        lambda uow: svc.apply(uow, cmd, as_of=filed_on, scope=user.scope).id,
        # A 人员编号 typed wrong (unknown, or outside the caller's tree) is shown beside its field,
        # what was typed kept; only a year that does not exist is a missing page.
        propagate=lambda err: err.http_status == 404 and err.field == "selection_id",
    )
    if isinstance(outcome, Refused):
        return _apply_form(
            request,
            user,
            selection_id,
            errors={_on_form(k): v for k, v in form_errors(outcome.error).items()},
            form_values=values(form),
            status_code=409 if outcome.conflict else 422,
        )
    return redirect(f"/craftsman-selections/applications/{outcome}")


def render_application(
    request: Request,
    user: Principal,
    application_id: int,
    *,
    errors: dict[str, str] | None = None,
    form_values: dict[str, str] | None = None,
    withdraw_values: dict[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    on = today(request)
    with reading(request) as uow:
        app = svc.get_application(uow, application_id, user.read_scope)
        person = uow.persons.get(app.person_id, EVERYTHING)
        selection = svc.get_selection(uow, app.selection_id)
        year, deadline = selection.year, selection.union_deadline
        stage = closing_stage(app.status, deadline, on)
        late = lapsed(app.status, deadline, on, self_channel=app.channel == Channel.SELF)
        names = union_names(uow, (app.association_id, app.district_union_id))
        context: dict[str, Any] = {
            "app": app,
            "person": person,
            "stage": stage,
            "association": names.get(app.association_id or 0),
            "honour_labels": HONOUR_LABELS,
            "district": names.get(app.district_union_id),
            "stages": STAGES,
            "records": svc.repo(uow).stage_records(app.id, user.read_scope),
            "labels": LABELS,
            "awaiting": app.status == Status.AWAITING_MEMBERSHIP,
            "join_message": join_union_message(year),
            "may_review": user.can(Permission.CRAFTSMAN_REVIEW),
            # A reviewer of another level or district is told who decides, not given the form.
            "decided_elsewhere": (
                decisions.decision_refusal(
                    uow, app, stage, user.union_id, year=year, scope=user.scope
                )
                if stage is not None and user.can(Permission.CRAFTSMAN_REVIEW)
                else None
            ),
            "may_apply": user.can(Permission.CRAFTSMAN_APPLY),
            "survey": (
                survey.shown(app.income_survey)
                if user.can(Permission.CRAFTSMAN_SURVEY_READ)
                else None
            ),
            "errors": errors or {},
            "values": {"decided_on": on.isoformat(), "signer": user.display_name}
            | ({"passed": "no", "opinion": lapse_opinion(deadline)} if late else {})
            | (form_values or {}),
            # Past the day unions submit to the city [G] 五（四）: the district closes it.
            "late": late,
            "deadline": deadline,
            "may_withdraw": user.can(Permission.CRAFTSMAN_APPLY)
            and may_withdraw(app, user.union_id),
            # A 撤回 sent from a page shown before the application was closed: what was typed.
            "withdraw_typed": withdraw_values if errors and withdraw_values else None,
            "withdraw_values": {
                "withdraw_on": on.isoformat(),
                "withdraw_signer": user.display_name,
                **(withdraw_values or {}),
            },
        }
        code = status_code or (422 if errors else 200)
        return render(request, "craftsman_title/application.html", context, status_code=code)


@router.get("/craftsman-selections/applications/{application_id}", response_class=HTMLResponse)
def application_page(request: Request, user: UserDep, application_id: IdPath) -> HTMLResponse:
    """One application: masked personal block, stage records, the current stage's form."""
    return render_application(request, user, application_id)


@router.post("/craftsman-selections/applications/{application_id}/decide")
def decide_post(request: Request, user: UserDep, form: FormDep, application_id: IdPath) -> Response:
    """Record the current stage by the union level owning it [G] 三."""
    if not user.can(Permission.CRAFTSMAN_REVIEW):
        raise Forbidden("您的角色无权审核上海工匠申报")
    errors: dict[str, str] = {}
    on = parse_date(form, "decided_on", "审核日期", errors)
    optional = {"notice_from": "公示开始日期", "notice_to": "公示结束日期",
                "district_opinion_on": "区局（产业）工会意见日期"}  # fmt: skip
    dates = {k: parse_date(form, k, v, errors) if text(form, k) else None
             for k, v in optional.items()}  # fmt: skip
    opinion, signer = text(form, "opinion"), text(form, "signer")
    passed, objections = text(form, "passed"), text(form, "objections") or None
    if passed not in {"yes", "no"}:  # a stage closed as 未通过 must have been chosen so
        errors["passed"] = "请选择结果"
    if errors or on is None:
        also_refused(errors, decisions.decision_field_problems(opinion, signer, objections))
        return render_application(
            request, user, application_id, errors=errors, form_values=values(form)
        )
    with reading(request) as uow:
        app = svc.get_application(uow, application_id, user.scope)
        deadline = svc.get_selection(uow, app.selection_id).union_deadline
        current = closing_stage(app.status, deadline, today(request))
    if current is None:
        return render_application(
            request, user, application_id, errors={"_form": "该申报已办结"}, status_code=409
        )
    credit, interview = text(form, "credit_check_passed"), text(form, "interview_passed")
    cmd = decisions.Decide(
        application_id,
        current.stage,
        passed == "yes",
        opinion,
        signer,
        on,
        credit_check_passed=(credit == "yes") if credit else None,
        interview_passed=(interview == "yes") if interview else None,
        notice_from=dates["notice_from"],
        notice_to=dates["notice_to"],
        objections=objections,
        district_opinion=text(form, "district_opinion") or None,
        district_opinion_on=dates["district_opinion_on"],
    )

    as_of = today(request)

    def act(uow: UnitOfWork) -> int:
        decisions.decide_stage(
            uow,
            cmd,
            deciding_union_id=user.union_id,
            actor=user.actor,
            as_of=as_of,
            scope=user.scope,
        )
        return application_id

    outcome = submit(request, user.actor, act)
    if isinstance(outcome, Refused):
        code = 409 if outcome.conflict else 422  # an authority refusal renders 403 (FormErrors)
        return render_application(
            request,
            user,
            application_id,
            errors=form_errors(outcome.error),
            form_values=values(form),
            status_code=code,
        )
    return redirect(f"/craftsman-selections/applications/{application_id}")


@router.post("/craftsman-selections/applications/{application_id}/membership")
def membership_post(
    request: Request, user: UserDep, _form: FormDep, application_id: IdPath
) -> Response:
    """The applicant has joined the union (入会): the application is accepted [G] 二."""
    if not user.can(Permission.CRAFTSMAN_APPLY):
        raise Forbidden("您的角色无权办理")
    outcome = submit(
        request,
        user.actor,
        lambda uow: (
            svc.confirm_membership(uow, application_id, as_of=today(request), scope=user.scope).id
        ),
    )
    if isinstance(outcome, Refused):
        return render_application(
            request, user, application_id, errors=form_errors(outcome.error), status_code=409
        )
    return redirect(f"/craftsman-selections/applications/{application_id}")
