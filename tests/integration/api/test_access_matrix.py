"""Every API route × every role × (own subtree, other district): nothing crosses a district.

Routes are enumerated from the app, so a new route without an entry in the access registry fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from io import BytesIO
from itertools import count
from typing import Any

from fastapi.routing import iter_route_contexts
from openpyxl import load_workbook

from api.downloads import XLSX
from api.v1.access import RULES, Reach
from lifecycle.accounts.permissions import role_can
from lifecycle.adoption.template import registry_workbook
from lifecycle.funding.excel_import import expenditure_template
from lifecycle.scope import EVERYTHING
from lifecycle.vocab import Role
from tests.integration.api.conftest import PDF, Api, Caller, World
from tests.integration.craftsman.api_forms import craftsman_form

CITY_WIDE = {Role.ADMIN, Role.CITY_OFFICER}
_n = count(1)

Body = Callable[[World], dict[str, Any]]

BODIES: dict[str, Body] = {
    "POST /api/v1/me/tokens": lambda w: {"json": {"name": "矩阵"}},
    "POST /api/v1/users": lambda w: {
        "json": {
            "username": f"matrix{next(_n)}",
            "display_name": "矩阵用户",
            "password": "matrix-password-1",
            "role": "unit_contact",  # a role that fits a unit union
            "union_id": w.unit,
        }
    },
    "POST /api/v1/users/{user_id}/password": lambda w: {"json": {"password": "other-password-1"}},
    "POST /api/v1/unions": lambda w: {
        "json": {"name": f"矩阵工会{next(_n)}", "level": "unit", "parent_id": w.district}
    },
    "POST /api/v1/unions/{union_id}/contacts": lambda w: {
        "json": {"name": "李干事", "email": f"li{next(_n)}@example.cn", "role": "officer"}
    },
    "PATCH /api/v1/unions/{union_id}/contacts/{contact_id}": lambda w: {
        "json": {"email": f"zhao.new{next(_n)}@unit.example.cn", "role": "officer"}
    },
    "POST /api/v1/persons": lambda w: {
        "json": {"name": "李师傅", "gender": "male", "birth_date": "1980-01-01", "union_id": w.unit}
    },
    "PATCH /api/v1/persons/{person_id}": lambda w: {
        "json": {"employer": "矩阵更正单位", "reason": "矩阵核对"}
    },
    "POST /api/v1/persons/{person_id}/honours": lambda w: {
        "json": {"honour": "national_may_day_medal", "year": 2020}
    },
    "POST /api/v1/workshops": lambda w: {
        "json": {
            "name": f"矩阵创新工作室{next(_n)}",
            "host_unit_name": "某公司",
            "host_unit_nature": "state_owned",
            "unit_union_id": w.unit,
            "founded_on": "2021-01-01",
            "leader_person_id": w.person,
        }
    },
    "PATCH /api/v1/workshops/{workshop_id}": lambda w: {
        "json": {"address": "矩阵更正地址", "reason": "矩阵核对"}
    },
    "POST /api/v1/workshops/{workshop_id}/members": lambda w: {
        "json": {"person_id": w.person, "joined_on": "2024-01-01"}
    },
    "POST /api/v1/workshops/{workshop_id}/members/{member_id}/leaving": lambda w: {
        "json": {"left_on": "2025-01-01"}
    },
    "POST /api/v1/designations/existing": lambda w: {
        "json": {
            "workshop_id": w.workshop,
            "scheme": w.scheme,
            "title": "矩阵登记",
            "number": f"矩阵-{next(_n)}",
            "naming_date": "2024-01-01",
            "decision_ref": "杨工〔2024〕1号",
        }
    },
    "POST /api/v1/designations/{designation_id}/review": lambda w: {
        "json": {"decided_on": "2026-11-01", "reason": "矩阵"}
    },
    "POST /api/v1/designations/{designation_id}/rejection": lambda w: {
        "json": {"decided_on": "2026-11-01", "reason": "矩阵"}
    },
    "POST /api/v1/designations/{designation_id}/naming": lambda w: {
        "json": {
            "title": "矩阵命名",
            "number": f"矩阵-{next(_n)}",
            "naming_date": "2026-11-01",
            "decision_ref": "杨工〔2026〕1号",
        }
    },
    "POST /api/v1/designations/{designation_id}/filings": lambda w: {
        "data": {"year": "2026", "kind": "self_check", "filed_on": "2026-11-01"},
        "files": {"file": ("自查.pdf", PDF + str(next(_n)).encode(), "application/pdf")},
    },
    "POST /api/v1/designations/{designation_id}/assessments": lambda w: {
        "json": {
            "year": 2026,
            "step": "unit",
            "passed": True,
            "decided_on": "2026-11-01",
            "signer": "王",
            "opinion": "合格",
        }
    },
    "POST /api/v1/designations/{designation_id}/inspections": lambda w: {
        "json": {
            "kind": "re_inspection",
            "scheduled_on": "2026-11-25",
            "place": "现场",
            "inspectors": "王",
        }
    },
    "POST /api/v1/inspections/{inspection_id}/outcome": lambda w: {
        "json": {
            "recorded_on": "2026-11-01",
            "outcomes": [{"criterion_code": "leader", "passed": True}],
        }
    },
    "POST /api/v1/inspections/{inspection_id}/evidence": lambda w: {
        "data": {"criterion_code": "venue"},
        "files": {"file": ("证据.pdf", PDF + str(next(_n)).encode(), "application/pdf")},
    },
    "POST /api/v1/change-requests/{request_id}/attachments": lambda w: {
        "data": {"kind": "signed_form", "description": "三方盖章"},
        "files": {"file": ("附件3.pdf", PDF + str(next(_n)).encode(), "application/pdf")},
    },
    "POST /api/v1/inspections/{inspection_id}/withdrawal": lambda w: {
        "json": {"reason": "安排有误"}
    },
    "PATCH /api/v1/inspections/{inspection_id}": lambda w: {
        "json": {"place": "改期后的地点", "reason": "现场调整"}
    },
    "POST /api/v1/notices/{notice_id}/revocation": lambda w: {
        "json": {"decided_on": "2026-11-20", "decision_ref": "杨工〔2026〕9号"}
    },
    "POST /api/v1/workshops/{workshop_id}/ledger/projects": lambda w: {
        "json": {"year": 2026, "title": "矩阵课题"}
    },
    "POST /api/v1/workshops/{workshop_id}/ledger/activities": lambda w: {
        "json": {"held_on": "2026-11-01", "title": "矩阵活动"}
    },
    "POST /api/v1/workshops/{workshop_id}/ledger/achievements": lambda w: {
        "json": {"kind": "utility_patent", "title": "矩阵成果", "achieved_on": "2026-11-01"}
    },
    "POST /api/v1/workshops/{workshop_id}/ledger/member-developments": lambda w: {
        "json": {
            "kind": "promotion",
            "occurred_on": "2026-11-01",
            "description": "晋升",
            "person_name": "李",
        }
    },
    "PUT /api/v1/calendar/overrides": lambda w: {
        "content": "date,kind,note\n",
        "headers": {"content-type": "text/csv"},
    },
}
_DECISION = {
    "json": {
        "decision": "approve",
        "decided_on": "2026-11-10",
        "signer": "王",
        "opinion": "同意",
        "decision_ref": "沪工〔2026〕1号",
    }
}
BODIES |= {
    "POST /api/v1/designations/{designation_id}/change-requests": lambda w: {
        "json": {
            "reason": "retired",
            "reason_details": "领衔人退休",
            "measure": "exit_keeping_title",
            "filed_on": "2026-11-05",
        }
    },
    "POST /api/v1/change-requests/{request_id}/unit": lambda w: _DECISION,
    "POST /api/v1/change-requests/{request_id}/district": lambda w: _DECISION,
    "POST /api/v1/change-requests/{request_id}/city": lambda w: _DECISION,
    "POST /api/v1/designations/{designation_id}/expenditures": lambda w: {
        "json": {
            "spent_on": "2026-10-10",
            "amount_yuan": "300.00",
            "payee": "某书店",
            "category": "books",
            "description": "专业书籍",
        }
    },
    "POST /api/v1/designations/{designation_id}/grants": lambda w: {
        "json": {"kind": "one_off", "approval_ref": "矩阵〔2026〕1号", "approved_on": "2026-11-01"}
    },
    "POST /api/v1/grants/{grant_id}/correction": lambda w: {
        "json": {"reason": "文号录入有误", "approval_ref": f"杨工〔2026〕{next(_n)}号"}
    },
    "POST /api/v1/grants/{grant_id}/void": lambda w: {"json": {"reason": "矩阵作废"}},
    "POST /api/v1/expenditures/{expenditure_id}/correction": lambda w: {
        "json": {"reason": "金额录入有误", "amount_yuan": f"{next(_n)}.00"}
    },
    "POST /api/v1/expenditures/{expenditure_id}/void": lambda w: {"json": {"reason": "矩阵作废"}},
    "POST /api/v1/grants/{grant_id}/payment": lambda w: {"json": {"paid_on": "2026-11-01"}},
    "POST /api/v1/designations/{designation_id}/excellence-applications": lambda w: {
        "json": {
            "achievement_id": w.achievement,
            "year": 2026,
            "filed_on": "2026-11-10",
            "summary": "矩阵申请",
        }
    },
    "POST /api/v1/excellence-applications/{application_id}/decision": lambda w: {
        "json": {"decision": "reject", "decided_on": "2026-11-15", "reason": "矩阵不予扶持"}
    },
    "POST /api/v1/findings/{finding_id}/resolution": lambda w: {
        "json": {"outcome": "explained", "note": "已说明", "resolved_on": "2026-11-15"}
    },
}


def _xlsx_one_row(designation_id: int | None = None) -> bytes:
    """The downloadable template with one good expenditure row (naming its designation)."""
    wb = load_workbook(BytesIO(expenditure_template()))
    ws = wb.worksheets[0]
    lead = [] if designation_id is None else [str(designation_id)]
    if lead:
        ws.insert_cols(1)
        ws.cell(row=1, column=1, value="命名记录")
    for column, value in enumerate(
        [*lead, "2026-10-11", "88.00", "某书店", "书籍", "矩阵导入", f"R{next(_n)}"], start=1
    ):
        ws.cell(row=2, column=column, value=value)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


BODIES |= {
    "POST /api/v1/designations/{designation_id}/expenditures/import": lambda w: {
        "files": {"file": ("支出.xlsx", _xlsx_one_row(), XLSX)}
    },
    "POST /api/v1/unions/{union_id}/expenditures/import": lambda w: {
        "files": {"file": ("支出.xlsx", _xlsx_one_row(w.designation), XLSX)}
    },
    "POST /api/v1/change-requests/{request_id}/resubmit": lambda w: {
        "json": {
            "resubmitted_on": "2026-11-12",
            "signer": "李",
            "reason": "retired",
            "reason_details": "领衔人退休",
            "measure": "exit_keeping_title",
        }
    },
    "POST /api/v1/change-requests/{request_id}/withdraw": lambda w: {
        "json": {"withdrawn_on": "2026-11-12", "signer": "李", "reason": "矩阵撤回"}
    },
}
BODIES |= {
    "POST /api/v1/notices/{notice_id}/reports": lambda w: {
        "data": {"reported_on": "2026-03-25", "description": "补充"},
        "files": {"file": ("整改报告.pdf", PDF + str(next(_n)).encode(), "application/pdf")},
    },
    "POST /api/v1/leader-events/{event_id}/proofs": lambda w: {
        "data": {"description": "人事处出具"},
        "files": {"file": ("证明.pdf", PDF + str(next(_n)).encode(), "application/pdf")},
    },
    "POST /api/v1/workshops/{workshop_id}/leader-events": lambda w: {
        "json": {"kind": "other", "occurred_on": "2026-11-01", "source": "矩阵", "details": "调岗"}
    },
    "POST /api/v1/designations/{designation_id}/continuation-consents": lambda w: {
        "data": {
            "leader_consented_on": "2026-11-01",
            "leader_signer": "张",
            "unit_consented_on": "2026-11-02",
            "unit_signer": "单位",
        },
        "files": {"file": ("同意书.pdf", PDF + str(next(_n)).encode(), "application/pdf")},
    },
    "POST /api/v1/designations/{designation_id}/leader-change": lambda w: {
        "json": {
            "new_leader_person_id": w.person,
            "effective_on": "2026-11-01",
            "reason": "矩阵",
        }
    },
}
_STEP = {"stage": "unit", "action": "approve", "decided_on": "2026-11-20", "signer": "王"}


def _call_in(year: int, naming_union_id: int, scheme: str) -> dict[str, object]:
    """A call of its own year (unique per request), its window in that year (reading I4)."""
    return {
        "scheme": scheme,
        "year": year,
        "title": "矩阵申报通知",
        "opens_on": f"{year}-11-01",
        "deadline": f"{year}-12-31",
        "naming_union_id": naming_union_id,
    }


BODIES |= {  # intake (issue 18)
    "POST /api/v1/intake/calls": lambda w: {
        "json": _call_in(2030 + next(_n) % 60, w.district, w.scheme)
    },
    "POST /api/v1/intake/calls/{call_id}/applications": lambda w: {
        "json": {"workshop_id": w.workshop, "form": {}}
    },
    "PUT /api/v1/intake/applications/{intake_id}/form": lambda w: {"json": {"form": {}}},
    "POST /api/v1/intake/applications/{intake_id}/submit": lambda w: {"json": {}},
    "POST /api/v1/intake/applications/{intake_id}/steps": lambda w: {"json": _STEP},
    "POST /api/v1/intake/applications/{intake_id}/withdraw": lambda w: {
        "json": {"decided_on": "2026-11-20", "signer": "王", "reason": "矩阵撤回"}
    },
    "POST /api/v1/intake/applications/{intake_id}/batch": lambda w: {"json": {"rank": 1}},
    "POST /api/v1/intake/batches/{batch_id}/submit": lambda w: {"json": {"signer": "王"}},
    "POST /api/v1/intake/applications/{intake_id}/attachments": lambda w: {
        "data": {"kind": "certificate"},
        "files": {"file": ("证书.pdf", PDF + str(next(_n)).encode(), "application/pdf")},
    },
    "POST /api/v1/intake/calls/{call_id}/naming": lambda w: {
        "json": {
            "application_ids": [w.intake],
            "document_ref": "矩阵〔2026〕1号",
            "decided_on": "2026-11-20",
            "signer": "王",
        }
    },
    "POST /api/v1/adoption/import": lambda w: {
        "files": {"file": ("名册.xlsx", registry_workbook(), XLSX)}
    },
    "POST /api/v1/bulk/inspections": lambda w: {
        "json": {
            "designation_ids": [w.designation],
            "scheduled_on": "2026-12-10",
            "place": "现场",
            "inspectors": "王",
        }
    },
    "POST /api/v1/bulk/reminders": lambda w: {
        "json": {"designation_ids": [w.designation], "message": "请办理", "due_on": "2026-12-31"}
    },
    "POST /api/v1/bulk/export": lambda w: {"json": {"designation_ids": [w.designation]}},
}
# 上海工匠 [G]: an expert-review decision is refused (409) at the qualification stage.
_CRAFTSMAN = "/api/v1/craftsman-selections"
BODIES |= {
    f"POST {_CRAFTSMAN}": lambda w: {
        "json": {
            "year": 2030 + next(_n),
            "self_opens": "2024-06-12",
            "self_closes": "2024-07-15",
            "union_deadline": "2024-07-15",
        }
    },
    f"POST {_CRAFTSMAN}/{{selection_id}}/local-selections": lambda w: {
        "json": {"union_id": w.district, "participants": 10, "local_craftsmen": 1}
    },
    f"POST {_CRAFTSMAN}/{{selection_id}}/applications": lambda w: {
        "json": craftsman_form(w.person)
    },
    f"POST {_CRAFTSMAN}/applications/{{craftsman_application_id}}/stages": lambda w: {
        "json": {
            "stage": "expert_review",
            "passed": True,
            "opinion": "同意",
            "signer": "王",
            "decided_on": "2024-08-01",
        }
    },
    # The filer's union (the unit) withdraws; every other union is refused (403 not_authorised).
    f"POST {_CRAFTSMAN}/applications/{{craftsman_application_id}}/withdraw": lambda w: {
        "json": {"decided_on": "2026-11-21", "signer": "王", "reason": "矩阵撤回"}
    },
    f"POST {_CRAFTSMAN}/false-declarations": lambda w: {
        "json": {"found_on": "2024-07-01", "reason": "虚报", "person_id": w.person}
    },
}
# Bodies that depend on who calls: the API login sends the caller's own credentials.
CALLER_BODIES: dict[str, Callable[[Api, Caller], dict[str, Any]]] = {
    "POST /api/v1/auth/tokens": lambda api, c: {
        "json": {"username": c.principal.username, "password": api.passwords[c.role]}
    },
}
QUERIES = {
    "GET /api/v1/person-search": lambda w: {"q": "张"},
    "GET /api/v1/adoption/cutovers": lambda w: {"under": w.unit},
    "GET /api/v1/adoption/export": lambda w: {"under": w.unit},
    "POST /api/v1/adoption/import": lambda w: {"under": w.unit, "dry_run": True},
    "GET /api/v1/occasions": lambda w: {"union_id": w.unit},
    "GET /api/v1/dashboard": lambda w: {"union_id": w.unit},
    "GET /api/v1/todo": lambda w: {"under": w.unit},
    "GET /api/v1/exports/designations.xlsx": lambda w: {"under": w.unit},
}
# What a list route returns, to check no row of the other district leaks into it.
LISTED = {
    "GET /api/v1/intake/calls": ("call",),
    "GET /api/v1/unions": ("district", "unit"),
    "GET /api/v1/persons": ("person",),
    "GET /api/v1/person-search": ("person",),
    "GET /api/v1/workshops": ("workshop",),
    "GET /api/v1/designations": ("designation",),
    "GET /api/v1/finance/designations": ("designation",),
    "GET /api/v1/inspections": ("inspection",),
    "GET /api/v1/notices": ("notice",),
    "GET /api/v1/users": ("user",),
    "GET /api/v1/notices/revocations-pending": ("notice",),
    "GET /api/v1/craftsman-selections/{selection_id}/applications": ("craftsman_application",),
}
PARAM = re.compile(r"\{(\w+)\}")


def api_routes(api: Api) -> list[str]:
    """Every method + path under /api/ the app serves."""
    keys = []
    for context in iter_route_contexts(api.client.app.routes):  # type: ignore[attr-defined]
        if context.path.startswith("/api/"):
            keys += [f"{m} {context.path}" for m in sorted(context.methods or ())]
    return keys


def _ids(world: World, caller: Caller, api: Api, other: bool) -> dict[str, int]:
    if other:
        victim = next(c for r, c in api.callers.items() if r != caller.role)
        token_id = victim.spare_token_id
    else:
        token_id = caller.spare_token_id
    return {
        "union_id": world.unit,
        "person_id": world.person,
        "workshop_id": world.workshop,
        "designation_id": world.designation,
        "inspection_id": world.inspection,
        "notice_id": world.notice,
        "file_id": world.file,
        "filing_id": world.filing,
        "user_id": world.user,
        "token_id": token_id,
        "request_id": world.change_request,
        "attachment_id": world.change_attachment,
        "finding_id": world.finding,
        "message_id": world.message,
        "contact_id": world.contact,
        "grant_id": world.grant,
        "expenditure_id": _expenditure_of(api, world),
        "member_id": _member_of(api, world),
        "application_id": world.application,
        "code": "yangpu-district",
        "event_id": world.leader_event,
        "proof_id": world.event_proof,
        "report_id": world.report,
        "call_id": world.call,
        "intake_id": world.intake,
        "batch_id": world.batch,
        "selection_id": world.craftsman_selection,
        "craftsman_application_id": world.craftsman_application,
    }


def _expenditure_of(api: Api, world: World) -> int:
    """The world's first expenditure (the travel behind its finding)."""
    with api.uow() as u:
        return min(e.id for e in u.funding.expenditures_of(world.designation))


def _member_of(api: Api, world: World) -> int:
    """The first member of the world's workshop."""
    with api.uow() as u:
        return min(m.id for m in u.listings.members(world.workshop, EVERYTHING))


def _call(api: Api, key: str, caller: Caller, world: World, other: bool) -> Any:
    method, template = key.split(" ", 1)
    ids = _ids(world, caller, api, other)
    if key.startswith("GET /api/v1/intake/"):
        ids["attachment_id"] = world.intake_attachment
    path = PARAM.sub(lambda m: str(ids[m.group(1)]), template)
    if key in CALLER_BODIES:
        kwargs = CALLER_BODIES[key](api, caller)
    else:
        kwargs = BODIES[key](world) if key in BODIES else {}
    headers = {**caller.headers, **kwargs.pop("headers", {})}
    params = QUERIES[key](world) if key in QUERIES else None
    return api.client.request(method, path, headers=headers, params=params, **kwargs)


def _crosses(caller: Caller, key: str, other: bool) -> bool:
    """Whether the target lies outside what the caller may touch."""
    if not other or RULES[key].reach in (Reach.SHARED, Reach.PUBLIC):
        return False
    if RULES[key].reach == Reach.OWN:
        return "{token_id}" in key and caller.role != Role.ADMIN
    return caller.role not in CITY_WIDE


def test_every_route_has_an_access_rule(api: Api) -> None:
    routes = set(api_routes(api))
    assert routes, "no API routes found"
    missing = routes - set(RULES)
    assert not missing, f"routes without an access rule: {sorted(missing)}"
    stale = set(RULES) - routes
    assert not stale, f"access rules for routes that do not exist: {sorted(stale)}"


def test_no_route_crosses_a_district_for_any_role(api: Api) -> None:
    failures: list[str] = []
    for key in api_routes(api):
        rule = RULES[key]
        for role, caller in api.callers.items():
            for other in (False, True):
                world = api.other if other else api.own
                before = api.writes()
                response = _call(api, key, caller, world, other)
                after = api.writes()
                where = f"{key} as {role} on {'other' if other else 'own'}: {response.status_code}"
                if response.status_code >= 500:
                    failures.append(f"{where} server error")
                    continue
                if not rule.admits(partial(role_can, role)):
                    if response.status_code != 403 or after != before:
                        failures.append(f"{where} expected 403 and nothing written")
                    continue
                if _crosses(caller, key, other):
                    if key in LISTED:
                        leaked = _leaks(response.json(), world, LISTED[key])
                        if leaked:
                            failures.append(f"{where} listed the other district's {leaked}")
                    elif response.status_code not in (403, 404) or after != before:
                        failures.append(f"{where} crossed the district (wrote: {after != before})")
                elif response.status_code in (401, 403, 404) and not _authority(response):
                    failures.append(f"{where} refused inside the caller's own scope")
    assert not failures, "\n".join(failures)


def _authority(response: Any) -> bool:
    """A refusal by the regulation's authority (another union's decision), not by scope or role."""
    return response.status_code == 403 and response.json()["error"]["code"] in (
        "not_authorised",
        "no_such_step",
    )


def _leaks(body: Any, world: World, kinds: tuple[str, ...]) -> list[int]:
    items = body["items"] if isinstance(body, dict) else body
    theirs = {getattr(world, k) for k in kinds}
    return [item["id"] for item in items if item["id"] in theirs]
