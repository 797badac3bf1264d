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
from lifecycle.schemes import all_schemes
from lifecycle.vocab import DEFAULT_WORDING, ROLE_LABELS, Role, UnionLevel, UnionWording

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
    "leaders": "领衔人（带头人）",  # Shanghai's word and 乐山's [L 二（一）]
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


def _every_citys_word(role: Role) -> str:
    """A role as every city the service runs names it: the district officer is 区局（产业）工会
    干部 in Shanghai and 县（市、区）总工会干部 in 乐山 [L 一], so the reference read by both
    names both (「区局（产业）工会或县（市、区）总工会干部」), not Shanghai's alone."""
    if role is not Role.DISTRICT_OFFICER:
        return DEFAULT_WORDING.role(role)
    names = [DEFAULT_WORDING.level(UnionLevel.DISTRICT)]
    for scheme in all_schemes():
        names += [
            name for level, name in scheme.settings.level_names if level is UnionLevel.DISTRICT
        ]
    return "或".join(dict.fromkeys(names)) + "干部"


def access_line(rule: Rule, wording: UnionWording | None = None) -> str:
    """Who may call an operation under ``rule``, in Chinese: the roles and the reach. The roles
    in the words of one city (``wording``: the /docs page's reader's), or of every city (the
    schema, ``/openapi.json``, read by integrators of any city)."""
    roles = [
        wording.role(role) if wording is not None else _every_citys_word(role)
        for role in ROLE_LABELS
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


def in_words_of(key: str, description: str, wording: UnionWording) -> str:
    """The operation ``key``'s ``description`` (as ``texts`` gave it) with its 调用权限 line in
    the words of one city (``wording``): the /docs page a 乐山 officer reads names its
    县（市、区）总工会干部, a Shanghai officer's its 区局（产业）工会干部."""
    rule = RULES.get(key)
    if rule is None:
        return description
    return description.replace(access_line(rule), access_line(rule, wording))


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
