"""The API reference in Chinese, set in one place: every operation's summary and description
and every tag's name as its readers (district IT staff, finance auditors) read them.

Route docstrings stay English, for developers; the schema (``/openapi.json``) and the /docs
page built from it carry these texts instead. Each description ends with who may call the
operation, read from the access registry (``api.v1.access.RULES``) and the roles' permissions,
so it cannot disagree with what the API admits. Rule ids ([Y12]) are cited by title and article.
"""

from __future__ import annotations

from typing import Any

from api.openapi_texts.answers import ANSWER_FIELDS
from api.openapi_texts.processes import PROCESSES
from api.openapi_texts.records import RECORDS, Text
from api.openapi_texts.schemas import SCHEMAS
from api.v1.access import RULES, Reach, Rule
from lifecycle.accounts.permissions import ROLE_PERMISSIONS
from lifecycle.citations import cite
from lifecycle.field_labels import field_label
from lifecycle.vocab import ROLE_LABELS

OPERATIONS: dict[str, Text] = {**RECORDS, **PROCESSES}

# The routers' tags (kept as the schema's names, which generated clients use as identifiers)
# by the Chinese name the reference shows (OpenAPI ``tags[].description``, ``x-displayName``).
TAGS = {
    "accounts": "账户与令牌",
    "adoption": "系统启用与批量操作",
    "registry": "登记册（工会、人员、工作室）",
    "designations": "命名记录",
    "inspections": "考核检查与整改",
    "ledgers": "工作室台帐",
    "calendar": "日历与工作台",
    "change-requests": "管理变更申请",
    "funding": "经费",
    "reminders": "提醒与邮件",
    "schemes": "工作室类别",
    "leaders": "领衔人",
    "lists": "清单与导出",
    "intake": "申报与命名",
    "craftsman-selections": "上海工匠选树",
    "service": "服务",
}

# FastAPI's own answer descriptions, as the rest of the answers say them.
_ANSWERS = {
    ("200", "Successful Response"): "成功",
    ("201", "Successful Response"): "已创建",
    ("204", "Successful Response"): "成功，无返回内容",
    ("422", "Validation Error"): "输入不符合要求",
}

_REACH = {
    Reach.READ: "范围：本人所在工会及其下级工会（市总工会干部可读全市）",
    Reach.ACT: "范围：只能作用于本人所在工会及其下级工会",
    Reach.OWN: "范围：仅限调用者本人",
    Reach.SHARED: "范围：全市共用的参考数据",
    Reach.PUBLIC: "无需令牌",
}


def access_line(rule: Rule) -> str:
    """Who may call an operation under ``rule``, in Chinese: the roles and the reach."""
    roles = [
        label
        for role, label in ROLE_LABELS.items()
        if rule.admits(ROLE_PERMISSIONS[role].__contains__)
    ]
    if rule.reach == Reach.PUBLIC:
        who = "任何人凭用户名和密码调用"
    elif len(roles) == len(ROLE_LABELS):
        who = "所有已登录用户"
    else:
        who = "、".join(roles)
    return f"调用权限：{who}。{_REACH[rule.reach]}。"


def texts(key: str) -> tuple[str, str]:
    """The (summary, description) of the operation ``"METHOD path"``; KeyError if none."""
    text = OPERATIONS[key]
    summary, description = (text, "") if isinstance(text, str) else text
    rule = RULES.get(key)
    lines = [cite(description)] if description else []
    if rule is not None:
        lines.append(access_line(rule))
    return summary, "\n\n".join(lines)


def _label_fields(component: dict[str, Any]) -> None:
    """A model's fields that say nothing of their own described by their Chinese label, rather
    than by the English docstring of the type they refer to (「The measure proposed on 附件3…」);
    an answer's field without an input label by what it holds (``ANSWER_FIELDS``)."""
    for name, field in (component.get("properties") or {}).items():
        label = ANSWER_FIELDS.get(name) or field_label(name)
        if label and not field.get("description"):
            field["description"] = label


def translate(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with every operation's summary, description and answers, its tags, and the
    models' descriptions in Chinese."""
    used: list[str] = []
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            key = f"{method.upper()} {path}"
            if key in OPERATIONS:
                operation["summary"], operation["description"] = texts(key)
            for status, answer in operation["responses"].items():
                said = _ANSWERS.get((status, answer.get("description", "")))
                answer["description"] = said or answer.get("description", "")
            tags = operation.setdefault("tags", ["service"])
            used.extend(t for t in tags if t not in used)
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        if name in SCHEMAS:
            component["description"] = cite(SCHEMAS[name])
        _label_fields(component)
    schema["tags"] = [
        {"name": tag, "description": TAGS.get(tag, tag), "x-displayName": TAGS.get(tag, tag)}
        for tag in used
    ]
    return schema
