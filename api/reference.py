"""The API reference as the /docs page shows it: the app's OpenAPI schema read into plain rows,
grouped by tag, with each operation's parameters, body fields and answers. Rendered on the
server from the schema the API itself serves (``/openapi.json``), so it never disagrees with it
and loads nothing from elsewhere (no CDN, no script)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from api.openapi_texts import in_words_of, translate
from lifecycle.field_labels import field_label
from lifecycle.vocab import UnionWording

Schema = Mapping[str, Any]
METHODS = ("get", "post", "put", "patch", "delete")
# The schema's keywords bounding a value, as the reference says them.
_BOUNDS = (
    ("minLength", "至少{}个字符"),
    ("maxLength", "至多{}个字符"),
    ("minimum", "≥ {}"),
    ("maximum", "≤ {}"),
    ("minItems", "至少{}项"),
    ("maxItems", "至多{}项"),
    ("pattern", "格式 {}"),
)


@dataclass(frozen=True)
class Field:
    """A parameter or a body field."""

    name: str
    where: str  # path, query, header, body
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str  # GET, POST, …
    path: str
    summary: str
    description: str
    fields: tuple[Field, ...]
    answers: tuple[tuple[str, str], ...]  # (status, description)

    @property
    def anchor(self) -> str:
        """The operation's fragment on the page (its OpenAPI operation in readable form)."""
        cleaned = "".join(c if c.isalnum() else "-" for c in self.path.strip("/"))
        return f"{self.method.lower()}-{cleaned}"


@dataclass(frozen=True)
class Section:
    tag: str  # the schema's tag, the section's anchor
    label: str  # the tag's name as the reference shows it (its Chinese description)
    operations: tuple[Operation, ...]


def _resolved(schema: Schema, document: Schema) -> Schema:
    ref = schema.get("$ref")
    if not isinstance(ref, str):
        return schema
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return _resolved(node, document)


def _number(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def type_of(schema: Schema, document: Schema) -> str:
    """A value's type in a few words: 「string (date)」, 「integer ≥ 1」, 「one of a, b」,
    「array of string」, 「… or null」."""
    schema = _resolved(schema, document)
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        kinds = [type_of(o, document) for o in options if o.get("type") != "null"]
        nullable = any(o.get("type") == "null" for o in options)
        return " | ".join(kinds) + (" | null" if nullable else "")
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = str(schema.get("type", "object"))
    if kind == "array":
        kind = f"array of {type_of(schema.get('items', {}), document)}"
    elif schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    elif kind == "object" and schema.get("title"):
        kind = str(schema["title"])
    bounds = [text.format(_number(schema[key])) for key, text in _BOUNDS if key in schema]
    return " ".join([kind, *bounds])


def _description(schema: Schema, document: Schema) -> str:
    if schema.get("description"):
        return str(schema["description"])
    resolved = _resolved(schema, document)
    for option in resolved.get("anyOf") or ():
        if option.get("description"):
            return str(option["description"])
    return str(resolved.get("description", ""))


def _body_fields(operation: Schema, document: Schema) -> list[Field]:
    content = (operation.get("requestBody") or {}).get("content") or {}
    if "application/json" in content:
        body = _resolved(content["application/json"].get("schema", {}), document)
        where = "body"
    elif content:
        media = next(iter(content))
        body = _resolved(content[media].get("schema", {}), document)
        where = "form" if "form" in media else media
    else:
        return []
    required = set(body.get("required", ()))
    return [
        Field(
            name, where, type_of(field, document), name in required, _description(field, document)
        )
        for name, field in (body.get("properties") or {}).items()
    ]


def operation_of(
    method: str,
    path: str,
    operation: Schema,
    document: Schema,
    wording: UnionWording | None = None,
) -> Operation:
    fields = [
        Field(
            str(p["name"]),
            str(p["in"]),
            type_of(p.get("schema", {}), document),
            bool(p.get("required")),
            str(p.get("description") or _description(p.get("schema", {}), document)),
        )
        for p in (_resolved(p, document) for p in operation.get("parameters", ()))
    ]
    answers = tuple(
        (str(status), str(answer.get("description", "")))
        for status, answer in (operation.get("responses") or {}).items()
    )
    description = str(operation.get("description", ""))
    if wording is not None:
        description = in_words_of(f"{method.upper()} {path}", description, wording)
    return Operation(
        method.upper(),
        path,
        str(operation.get("summary", "")),
        description,
        (*fields, *_body_fields(operation, document)),
        answers,
    )


def reference(document: Schema, wording: UnionWording | None = None) -> list[Section]:
    """The operations of ``document`` by their first tag, in the schema's order; who may call
    each named in the words of one city where ``wording`` is given (the reader's)."""
    sections: dict[str, list[Operation]] = {}
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            sections.setdefault(tag, []).append(
                operation_of(method, path, operation, document, wording)
            )
    labels = {
        str(t.get("name")): str(t.get("description") or t.get("name"))
        for t in document.get("tags") or ()
    }
    return [Section(tag, labels.get(tag, tag), tuple(ops)) for tag, ops in sections.items()]


def install_reference_texts(app: FastAPI) -> None:
    """Every operation's summary and description and every tag in Chinese
    (``api.openapi_texts``), and every path and query parameter described at least by its
    Chinese label (``named_from`` → 命名起始日期), as its refusals name it: the reference and an
    integrator's generated client otherwise show a bare code for the parameters a route does
    not describe."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        for item in schema.get("paths", {}).values():
            for method in METHODS:
                for parameter in (item.get(method) or {}).get("parameters", ()):
                    if parameter.get("in") not in ("path", "query"):
                        continue
                    own = parameter.get("description") or parameter.get("schema", {}).get(
                        "description"
                    )
                    label = field_label(str(parameter.get("name", "")))
                    if not own and label:
                        parameter["description"] = label
        return translate(schema)

    app.openapi = openapi  # type: ignore[method-assign]
