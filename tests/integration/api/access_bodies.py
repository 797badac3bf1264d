"""What the access matrix (test_access_matrix) sends each API route: write bodies per route (an
entry for every new write route), bodies that depend on the caller, query parameters, and what
each list route returns (to find a row of the other district in it)."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from itertools import count
from typing import Any

from openpyxl import load_workbook

from api.downloads import XLSX
from lifecycle.adoption.template import registry_workbook
from lifecycle.funding.excel_import import expenditure_template
from tests.integration.api.conftest import PDF, Api, Caller, World
from tests.integration.craftsman.api_forms import craftsman_form

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
    "POST /api/v1/refunds/{refund_id}/correction": lambda w: {
        "json": {"reason": "凭证号录入有误", "refund_ref": f"转账凭证-{next(_n)}"}
    },
    "POST /api/v1/refunds/{refund_id}/void": lambda w: {"json": {"reason": "矩阵作废"}},
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
    "GET /api/v1/exports/notices.xlsx": lambda w: {"under": w.unit},
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
