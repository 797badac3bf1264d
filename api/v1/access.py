"""The access registry: every /api/v1 route → the permission it needs and how scope applies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from fastapi import Request

from api.deps import Forbidden
from lifecycle.accounts.permissions import Permission as P
from lifecycle.schemes.authority import Act


class Reach(StrEnum):
    """Which scope the route's repository queries get."""

    READ = "read"  # principal.read_scope: the caller's union subtree (a city officer: the city)
    ACT = "act"  # principal.scope: the caller's own union subtree
    OWN = "own"  # only the caller's own records (their tokens)
    SHARED = "shared"  # reference data of the whole city (the holiday calendar), no district
    PUBLIC = "public"  # no caller at all: the credentials are the request (API login, throttled)


@dataclass(frozen=True)
class Rule:
    permission: P
    reach: Reach
    # Also enough: the district union files, amends and withdraws a 附件3 as the unit's union
    # may [C 三（六）] (as on the pages and in the use case, ``changes/service.py::filer_problem``);
    # the naming union's officer reaches the use case that says who files or inspects a title.
    alternative: P | None = None
    # The act whose article a role refusal cites (撤牌's 《杨浦区…管理办法》第十二条), as the use
    # case's refusal of a union that may not act does.
    cites: Act | None = None

    def admits(self, can: Callable[[P], bool]) -> bool:
        """Whether a caller holding the permissions ``can`` answers for may call the route."""
        return can(self.permission) or (self.alternative is not None and can(self.alternative))


API_V1 = "/api/v1"
R, A, OWN, SHARED = Reach.READ, Reach.ACT, Reach.OWN, Reach.SHARED

RULES: dict[str, Rule] = {
    # accounts
    "GET /api/v1/me": Rule(P.READ, OWN),
    "GET /api/v1/me/tokens": Rule(P.OWN_TOKENS, OWN),
    "POST /api/v1/me/tokens": Rule(P.OWN_TOKENS, OWN),
    "DELETE /api/v1/me/tokens/{token_id}": Rule(P.OWN_TOKENS, OWN),
    "GET /api/v1/users": Rule(P.USERS_MANAGE, A),
    "POST /api/v1/users": Rule(P.USERS_MANAGE, A),
    "GET /api/v1/users/{user_id}": Rule(P.USERS_MANAGE, A),
    "POST /api/v1/users/{user_id}/deactivate": Rule(P.USERS_MANAGE, A),
    "POST /api/v1/users/{user_id}/password": Rule(P.USERS_MANAGE, A),
    "POST /api/v1/users/{user_id}/reactivate": Rule(P.USERS_MANAGE, A),
    "POST /api/v1/me/password": Rule(P.READ, OWN),
    "GET /api/v1/users/{user_id}/audit": Rule(P.AUDIT_READ, A),
    "PATCH /api/v1/users/{user_id}": Rule(P.USERS_MANAGE, A),
    "GET /api/v1/users/{user_id}/reminders": Rule(P.USERS_MANAGE, A),
    # registry
    "GET /api/v1/unions": Rule(P.READ, R),
    "GET /api/v1/unions/{union_id}": Rule(P.READ, R),
    "POST /api/v1/unions": Rule(P.REGISTRY_WRITE, A),
    "GET /api/v1/unions/{union_id}/contacts": Rule(P.READ, R),
    "POST /api/v1/unions/{union_id}/contacts": Rule(P.CONTACTS_MANAGE, A),
    "GET /api/v1/unions/{union_id}/audit": Rule(P.AUDIT_READ, R),
    "GET /api/v1/persons": Rule(P.READ, R),
    "GET /api/v1/persons/{person_id}": Rule(P.READ, R),
    "POST /api/v1/persons": Rule(P.TEAM_REGISTER, A),
    "PATCH /api/v1/persons/{person_id}": Rule(P.REGISTRY_WRITE, A),
    "POST /api/v1/persons/{person_id}/honours": Rule(P.REGISTRY_WRITE, A),
    "GET /api/v1/persons/{person_id}/audit": Rule(P.AUDIT_READ, R),
    "POST /api/v1/associations/{union_id}/members": Rule(P.ASSOCIATION_MEMBERS, A),
    "PUT /api/v1/associations/{union_id}/members/{person_id}": Rule(P.ASSOCIATION_MEMBERS, A),
    "GET /api/v1/workshops": Rule(P.READ, R),
    "GET /api/v1/workshops/{workshop_id}": Rule(P.READ, R),
    "POST /api/v1/workshops": Rule(P.TEAM_REGISTER, A),
    "PATCH /api/v1/workshops/{workshop_id}": Rule(P.TEAM_REGISTER, A),
    "GET /api/v1/workshops/{workshop_id}/members": Rule(P.READ, R),
    "POST /api/v1/workshops/{workshop_id}/members": Rule(P.TEAM_REGISTER, A),
    "POST /api/v1/workshops/{workshop_id}/members/{member_id}/leaving": Rule(P.TEAM_REGISTER, A),
    "GET /api/v1/workshops/{workshop_id}/audit": Rule(P.AUDIT_READ, R),
    # designations
    "GET /api/v1/designations": Rule(P.READ, R),
    "GET /api/v1/designations/{designation_id}": Rule(P.READ, R),
    "POST /api/v1/designations/existing": Rule(P.DESIGNATION_OPEN, A),
    "POST /api/v1/designations/{designation_id}/review": Rule(P.DESIGNATION_OPEN, A),
    "POST /api/v1/designations/{designation_id}/naming": Rule(P.DESIGNATION_OPEN, A),
    "POST /api/v1/designations/{designation_id}/rejection": Rule(P.DESIGNATION_OPEN, A),
    "GET /api/v1/designations/{designation_id}/history": Rule(P.READ, R),
    "GET /api/v1/designations/{designation_id}/occasions": Rule(P.READ, R),
    "GET /api/v1/designations/{designation_id}/filings": Rule(P.READ, R),
    # Which union files, or inspects, is the title's pack's (its use case checks it): a city
    # officer is not refused by role first, so a 乐山 officer hears that its notice sets no such
    # step [L], and a Shanghai officer which union of a Yangpu title acts [Y11][Y12].
    "POST /api/v1/designations/{designation_id}/filings": Rule(
        P.FILING_SUBMIT, A, P.DESIGNATION_OPEN
    ),
    "GET /api/v1/designations/{designation_id}/filings/{filing_id}/file": Rule(P.READ, R),
    "GET /api/v1/designations/{designation_id}/assessments": Rule(P.READ, R),
    "POST /api/v1/designations/{designation_id}/assessments": Rule(P.ASSESSMENT_RECORD, A),
    "GET /api/v1/designations/{designation_id}/audit": Rule(P.AUDIT_READ, R),
    # inspections and notices
    "GET /api/v1/inspections": Rule(P.READ, R),
    "POST /api/v1/designations/{designation_id}/inspections": Rule(
        P.INSPECTION_RECORD, A, P.DESIGNATION_OPEN
    ),
    "GET /api/v1/inspections/{inspection_id}": Rule(P.READ, R),
    "PATCH /api/v1/inspections/{inspection_id}": Rule(P.INSPECTION_RECORD, A),
    "POST /api/v1/inspections/{inspection_id}/outcome": Rule(P.INSPECTION_RECORD, A),
    "POST /api/v1/inspections/{inspection_id}/evidence": Rule(P.INSPECTION_RECORD, A),
    "POST /api/v1/inspections/{inspection_id}/withdrawal": Rule(P.INSPECTION_RECORD, A),
    "GET /api/v1/inspections/{inspection_id}/evidence/{file_id}": Rule(P.READ, R),
    "GET /api/v1/inspections/{inspection_id}/audit": Rule(P.AUDIT_READ, R),
    "GET /api/v1/notices": Rule(P.READ, R),
    "GET /api/v1/notices/revocations-pending": Rule(P.READ, R),
    "GET /api/v1/notices/{notice_id}": Rule(P.READ, R),
    "GET /api/v1/notices/{notice_id}/pdf": Rule(P.READ, R),
    "GET /api/v1/notices/{notice_id}/html": Rule(P.READ, R),
    "POST /api/v1/notices/{notice_id}/revocation": Rule(
        P.REVOCATION_CONFIRM, A, cites=Act.CONFIRM_REVOCATION
    ),
    "GET /api/v1/notices/{notice_id}/audit": Rule(P.AUDIT_READ, R),
    # the addressed union's written 整改 report: which union may send it, the use case checks
    "POST /api/v1/notices/{notice_id}/reports": Rule(P.NOTICE_REPORT, A),
    "GET /api/v1/notices/{notice_id}/reports": Rule(P.READ, R),
    "GET /api/v1/notices/{notice_id}/reports/{report_id}": Rule(P.READ, R),
    # ledgers
    "GET /api/v1/workshops/{workshop_id}/ledger": Rule(P.READ, R),
    "POST /api/v1/workshops/{workshop_id}/ledger/projects": Rule(P.LEDGER_WRITE, A),
    "POST /api/v1/workshops/{workshop_id}/ledger/activities": Rule(P.LEDGER_WRITE, A),
    "POST /api/v1/workshops/{workshop_id}/ledger/achievements": Rule(P.LEDGER_WRITE, A),
    "POST /api/v1/workshops/{workshop_id}/ledger/member-developments": Rule(P.LEDGER_WRITE, A),
    # calendar
    "GET /api/v1/occasions": Rule(P.READ, R),
    "GET /api/v1/dashboard": Rule(P.READ, R),
    # lists (issue 15): the 待办 list, finance's designation list, the registry export
    "GET /api/v1/todo": Rule(P.READ, R),
    "GET /api/v1/finance/designations": Rule(P.READ, R),
    "GET /api/v1/exports/designations.xlsx": Rule(P.READ, R),
    "GET /api/v1/exports/notices.xlsx": Rule(P.READ, R),
    # the caller's own ICS subscription address (issue 15)
    "GET /api/v1/me/calendar-feed": Rule(P.READ, OWN),
    "POST /api/v1/me/calendar-feed": Rule(P.READ, OWN),
    "DELETE /api/v1/me/calendar-feed": Rule(P.READ, OWN),
    "GET /api/v1/calendar/overrides": Rule(P.READ, SHARED),
    "PUT /api/v1/calendar/overrides": Rule(P.CALENDAR_MANAGE, SHARED),
    # change requests (附件3)
    "GET /api/v1/designations/{designation_id}/change-requests": Rule(P.READ, R),
    "POST /api/v1/designations/{designation_id}/change-requests": Rule(
        P.CHANGE_REQUEST_FILE, A, P.CHANGE_REQUEST_REVIEW
    ),
    "GET /api/v1/change-requests/{request_id}": Rule(P.READ, R),
    "GET /api/v1/change-requests/{request_id}/steps": Rule(P.READ, R),
    "GET /api/v1/change-requests/{request_id}/pdf": Rule(P.READ, R),
    "GET /api/v1/change-requests/{request_id}/html": Rule(P.READ, R),
    "POST /api/v1/change-requests/{request_id}/unit": Rule(P.CHANGE_REQUEST_FILE, A),
    "POST /api/v1/change-requests/{request_id}/district": Rule(P.CHANGE_REQUEST_REVIEW, A),
    "POST /api/v1/change-requests/{request_id}/city": Rule(
        P.CHANGE_REQUEST_DECIDE, A, cites=Act.DECIDE_CHANGE
    ),
    "GET /api/v1/change-requests/{request_id}/audit": Rule(P.AUDIT_READ, R),
    # the stamped 附件3 and its proofs: which union may attach, the use case checks
    "POST /api/v1/change-requests/{request_id}/attachments": Rule(P.CHANGE_REQUEST_ATTACH, A),
    "GET /api/v1/change-requests/{request_id}/attachments/{attachment_id}": Rule(P.READ, R),
    # funding
    "GET /api/v1/designations/{designation_id}/grants": Rule(P.READ, R),
    "POST /api/v1/designations/{designation_id}/grants": Rule(P.FUNDING_MANAGE, A),
    "POST /api/v1/grants/{grant_id}/correction": Rule(P.FUNDING_MANAGE, A),
    "POST /api/v1/grants/{grant_id}/void": Rule(P.FUNDING_MANAGE, A),
    "POST /api/v1/grants/{grant_id}/payment": Rule(P.FUNDING_MANAGE, A),
    "GET /api/v1/grants/{grant_id}/audit": Rule(P.AUDIT_READ, R),
    "GET /api/v1/designations/{designation_id}/excellence-applications": Rule(P.READ, R),
    "POST /api/v1/designations/{designation_id}/excellence-applications": Rule(P.FILING_SUBMIT, A),
    "POST /api/v1/excellence-applications/{application_id}/decision": Rule(P.FUNDING_MANAGE, A),
    "GET /api/v1/designations/{designation_id}/expenditures": Rule(P.READ, R),
    "POST /api/v1/designations/{designation_id}/expenditures": Rule(P.EXPENDITURE_WRITE, A),
    "GET /api/v1/expenditures/{expenditure_id}": Rule(P.READ, R),
    "GET /api/v1/expenditures/{expenditure_id}/history": Rule(P.READ, R),
    "POST /api/v1/expenditures/{expenditure_id}/correction": Rule(P.EXPENDITURE_WRITE, A),
    "POST /api/v1/expenditures/{expenditure_id}/void": Rule(P.EXPENDITURE_WRITE, A),
    "GET /api/v1/designations/{designation_id}/findings": Rule(P.READ, R),
    "POST /api/v1/findings/{finding_id}/resolution": Rule(P.FINDING_RESOLVE, A),
    "GET /api/v1/refunds/{refund_id}": Rule(P.READ, R),
    "POST /api/v1/refunds/{refund_id}/correction": Rule(P.FINDING_RESOLVE, A),
    "POST /api/v1/refunds/{refund_id}/void": Rule(P.FINDING_RESOLVE, A),
    "POST /api/v1/unions/{union_id}/funding-audit": Rule(P.FUNDING_MANAGE, A),
    # funding reports and Excel
    "GET /api/v1/designations/{designation_id}/fund-ledger": Rule(P.READ, R),
    "GET /api/v1/designations/{designation_id}/fund-ledger/xlsx": Rule(P.READ, R),
    "GET /api/v1/unions/{union_id}/funding-summary": Rule(P.READ, R),
    "GET /api/v1/unions/{union_id}/funding-summary/xlsx": Rule(P.READ, R),
    "GET /api/v1/funding/expenditure-template": Rule(P.READ, SHARED),
    "POST /api/v1/designations/{designation_id}/expenditures/import": Rule(P.EXPENDITURE_WRITE, A),
    "GET /api/v1/unions/{union_id}/expenditure-template": Rule(P.READ, R),
    "POST /api/v1/unions/{union_id}/expenditures/import": Rule(P.EXPENDITURE_WRITE, A),
    # adoption: the registry workbook, bulk actions (issue 19)
    "GET /api/v1/adoption/template": Rule(P.READ, SHARED),
    "GET /api/v1/adoption/cutovers": Rule(P.READ, R),
    "GET /api/v1/adoption/export": Rule(P.REGISTRY_IMPORT, A),
    "POST /api/v1/adoption/import": Rule(P.REGISTRY_IMPORT, A),
    "POST /api/v1/bulk/inspections": Rule(P.INSPECTION_RECORD, A),
    "POST /api/v1/bulk/reminders": Rule(P.INSPECTION_RECORD, A),
    "POST /api/v1/bulk/export": Rule(P.REGISTRY_IMPORT, A),
    # reminders and the outbox
    "GET /api/v1/me/reminders": Rule(P.READ, OWN),
    "GET /api/v1/outbox": Rule(P.OUTBOX_MANAGE, R),
    "GET /api/v1/outbox/{message_id}": Rule(P.OUTBOX_MANAGE, R),
    "POST /api/v1/outbox/{message_id}/retry": Rule(P.OUTBOX_MANAGE, A),
    "GET /api/v1/job-runs": Rule(P.OUTBOX_MANAGE, R),
    # API login, contacts, amending change requests
    "POST /api/v1/auth/tokens": Rule(P.READ, Reach.PUBLIC),
    "PATCH /api/v1/unions/{union_id}/contacts/{contact_id}": Rule(P.CONTACTS_MANAGE, A),
    "DELETE /api/v1/unions/{union_id}/contacts/{contact_id}": Rule(P.CONTACTS_MANAGE, A),
    # read where the contact's 修改记录 page reads (``RECORDS[Record.CONTACT]``, not acting)
    "GET /api/v1/unions/{union_id}/contacts/{contact_id}/audit": Rule(P.AUDIT_READ, R),
    "POST /api/v1/change-requests/{request_id}/resubmit": Rule(
        P.CHANGE_REQUEST_FILE, A, P.CHANGE_REQUEST_REVIEW
    ),
    "POST /api/v1/change-requests/{request_id}/withdraw": Rule(
        P.CHANGE_REQUEST_FILE, A, P.CHANGE_REQUEST_REVIEW
    ),
    # scheme settings and inspection criteria (reference data)
    "GET /api/v1/schemes": Rule(P.READ, SHARED),
    "GET /api/v1/schemes/{code}": Rule(P.READ, SHARED),
    # leaders: events, Yangpu consent and leader change, person search, retiring leaders
    "GET /api/v1/person-search": Rule(P.READ, A),
    "GET /api/v1/workshops/{workshop_id}/leader-events": Rule(P.READ, R),
    "POST /api/v1/workshops/{workshop_id}/leader-events": Rule(P.LEADER_EVENT_RECORD, A),
    "GET /api/v1/leader-events/{event_id}/change-request-draft": Rule(P.READ, R),
    "POST /api/v1/leader-events/{event_id}/proofs": Rule(P.LEADER_EVENT_RECORD, A),
    "GET /api/v1/leader-events/{event_id}/proofs/{proof_id}": Rule(P.READ, R),
    # Whether the title's pack has the consent [Y13], and which union records it, the use case
    # says (a 乐山 city officer hears its notice has none [L], as on the filing and inspection).
    "POST /api/v1/designations/{designation_id}/continuation-consents": Rule(
        P.LEADER_EVENT_RECORD, A, P.DESIGNATION_OPEN
    ),
    "POST /api/v1/designations/{designation_id}/leader-change": Rule(P.LEADER_CHANGE, A),
    "GET /api/v1/designations/{designation_id}/leaders": Rule(P.READ, R),
    "GET /api/v1/unions/{union_id}/retiring-leaders": Rule(P.READ, R),
    "GET /api/v1/unions/{union_id}/retiring-leaders/xlsx": Rule(P.READ, R),
    # intake: calls, applications and their stages, batches, naming (issue 18)
    "GET /api/v1/intake/forms": Rule(P.READ, SHARED),
    "GET /api/v1/intake/calls": Rule(P.READ, R),
    "POST /api/v1/intake/calls": Rule(P.INTAKE_CALL, A),
    "GET /api/v1/intake/calls/{call_id}": Rule(P.READ, R),
    "GET /api/v1/intake/calls/{call_id}/applications": Rule(P.READ, R),
    "POST /api/v1/intake/calls/{call_id}/applications": Rule(P.INTAKE_APPLY, A),
    "GET /api/v1/intake/applications/{intake_id}": Rule(P.READ, R),
    "PUT /api/v1/intake/applications/{intake_id}/form": Rule(P.INTAKE_APPLY, A),
    "POST /api/v1/intake/applications/{intake_id}/submit": Rule(P.INTAKE_APPLY, A),
    "POST /api/v1/intake/applications/{intake_id}/steps": Rule(P.INTAKE_REVIEW, A),
    "POST /api/v1/intake/applications/{intake_id}/withdraw": Rule(P.INTAKE_APPLY, A),
    "GET /api/v1/intake/applications/{intake_id}/history": Rule(P.READ, R),
    "POST /api/v1/intake/applications/{intake_id}/batch": Rule(P.INTAKE_RECOMMEND, A),
    "GET /api/v1/intake/calls/{call_id}/batches": Rule(P.READ, R),
    "POST /api/v1/intake/batches/{batch_id}/submit": Rule(P.INTAKE_RECOMMEND, A),
    "POST /api/v1/intake/calls/{call_id}/naming": Rule(P.INTAKE_NAME, A),
    "GET /api/v1/intake/batches/{batch_id}/xlsx": Rule(P.INTAKE_STATISTICS, R),
    "GET /api/v1/intake/applications/{intake_id}/attachments": Rule(P.READ, R),
    "GET /api/v1/intake/applications/{intake_id}/attachments/{attachment_id}": Rule(P.READ, R),
    "POST /api/v1/intake/applications/{intake_id}/attachments": Rule(P.INTAKE_APPLY, A),
    # 上海工匠 selection [G]
    "GET /api/v1/craftsman-selections": Rule(P.READ, SHARED),
    "POST /api/v1/craftsman-selections": Rule(P.CRAFTSMAN_MANAGE, A),
    "GET /api/v1/craftsman-selections/applications/{craftsman_application_id}": Rule(P.READ, R),
    "GET /api/v1/craftsman-selections/applications/{craftsman_application_id}/income-survey": Rule(
        P.CRAFTSMAN_SURVEY_READ, R
    ),
    "POST /api/v1/craftsman-selections/applications/{craftsman_application_id}/membership": Rule(
        P.CRAFTSMAN_APPLY, A
    ),
    "POST /api/v1/craftsman-selections/applications/{craftsman_application_id}/stages": Rule(
        P.CRAFTSMAN_REVIEW, A
    ),
    "GET /api/v1/craftsman-selections/applications/{craftsman_application_id}/stages": Rule(
        P.READ, R
    ),
    "POST /api/v1/craftsman-selections/applications/{craftsman_application_id}/withdraw": Rule(
        P.CRAFTSMAN_APPLY, A
    ),
    "POST /api/v1/craftsman-selections/false-declarations": Rule(P.CRAFTSMAN_MANAGE, A),
    "POST /api/v1/craftsman-selections/{selection_id}/local-selections": Rule(
        P.CRAFTSMAN_REVIEW, A
    ),
    "GET /api/v1/craftsman-selections/{selection_id}/applications": Rule(P.READ, R),
    "POST /api/v1/craftsman-selections/{selection_id}/applications": Rule(P.CRAFTSMAN_APPLY, A),
    "GET /api/v1/craftsman-selections/{selection_id}/statistics.xlsx": Rule(P.CRAFTSMAN_MANAGE, R),
    "GET /api/v1/craftsman-selections/{selection_id}/unions/{union_id}/statistics.xlsx": Rule(
        P.READ, R
    ),
}


def rule_for(request: Request) -> Rule:
    """The registry entry of the matched route; a route without one is refused (deny by default)."""
    route = request.scope.get("route")
    path = str(getattr(route, "path", ""))
    if not path.startswith(API_V1):
        path = API_V1 + path  # routes of included routers carry their own path only
    method = "GET" if request.method == "HEAD" else request.method
    rule = RULES.get(route_key(method, path))
    if rule is None:
        raise Forbidden("该接口未登记访问规则", code="no_access_rule")
    return rule


def route_key(method: str, path: str) -> str:
    return f"{method} {path}"
