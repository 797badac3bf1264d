"""The API reference reads an OpenAPI document into rows: references resolved, nullable and
bounded types said in words, operations grouped by their first tag in the document's order."""

from __future__ import annotations

from api.reference import reference, type_of

DOCUMENT = {
    "paths": {
        "/things/{thing_id}": {
            "get": {
                "tags": ["things"],
                "summary": "Read Thing",
                "parameters": [
                    {"name": "thing_id", "in": "path", "required": True,
                     "schema": {"type": "integer", "minimum": 1.0}},
                ],
                "responses": {"200": {"description": "OK"}, "404": {"description": "资源不存在"}},
            },
            "patch": {
                "tags": ["things", "extra"],
                "summary": "Change Thing",
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/ThingIn"}}}},
                "responses": {"200": {"description": "OK"}},
            },
        },
        "/other": {"post": {"summary": "Other", "responses": {}}},
    },
    "components": {"schemas": {
        "ThingIn": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "maxLength": 200, "description": "名称"},
                "when": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
                "kind": {"$ref": "#/components/schemas/Kind"},
                "ids": {"type": "array", "items": {"type": "integer"}, "maxItems": 10},
            },
        },
        "Kind": {"enum": ["a", "b"], "type": "string"},
    }},
}  # fmt: skip


def test_types_read_as_words() -> None:
    assert type_of({"type": "integer", "minimum": 1.0}, DOCUMENT) == "integer ≥ 1"
    when = DOCUMENT["components"]["schemas"]["ThingIn"]["properties"]["when"]  # type: ignore[index]
    assert type_of(when, DOCUMENT) == "string (date) | null"
    assert type_of({"$ref": "#/components/schemas/Kind"}, DOCUMENT) == "one of a, b"
    ids = {"type": "array", "items": {"type": "integer"}, "maxItems": 10}
    assert type_of(ids, DOCUMENT) == "array of integer 至多10项"


def test_operations_by_their_first_tag_with_parameters_body_fields_and_answers() -> None:
    sections = reference(DOCUMENT)
    assert [s.tag for s in sections] == ["things", "other"]
    read, change = sections[0].operations
    assert (read.method, read.path, read.summary) == ("GET", "/things/{thing_id}", "Read Thing")
    assert [(f.name, f.where, f.type, f.required) for f in read.fields] == [
        ("thing_id", "path", "integer ≥ 1", True)
    ]
    assert read.answers == (("200", "OK"), ("404", "资源不存在"))
    assert read.anchor == "get-things--thing-id-"
    assert [(f.name, f.where, f.required, f.description) for f in change.fields] == [
        ("name", "body", True, "名称"),
        ("when", "body", False, ""),
        ("kind", "body", False, ""),
        ("ids", "body", False, ""),
    ]
    assert change.fields[0].type == "string 至多200个字符"
