"""Domain errors: each refusal carries a machine code, a Chinese message and its field."""

from __future__ import annotations

from dataclasses import dataclass, field

from lifecycle.field_labels import combined_message


@dataclass
class FieldProblem:
    """One bad field: its dotted path, a machine code and a Chinese message."""

    field: str
    code: str
    message: str


class DomainError(Exception):
    """A request the rules refuse; nothing has been written when it is raised."""

    code: str = "domain_error"
    http_status: int = 422

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        rule: str | None = None,
        problems: list[FieldProblem] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field
        self.rule = rule
        self.problems = problems or (
            [FieldProblem(field, self.code, message)] if field is not None else []
        )

    def to_dict(self) -> dict[str, object]:
        """The structured JSON form used by the API."""
        return {
            "code": self.code,
            "message": self.message,
            "field": self.field,
            "rule": self.rule,
            "problems": [p.__dict__ for p in self.problems],
        }


class ValidationFailed(DomainError):
    """Input that does not satisfy a field's constraints."""

    code = "validation_failed"


class UnseenReference(ValidationFailed):
    """A record the request's body names (a union, a person, a workshop, a title) that does not
    exist or lies outside the caller's scope: bad input beside its field (422), missing and
    unseen alike. A record the path addresses stays ``NotFound`` (404)."""

    code = "not_found"


class NotFound(DomainError):
    """A record that does not exist or lies outside the caller's scope."""

    code = "not_found"
    http_status = 404


class NotYourStep(DomainError):
    """A step (a decision, a filing, an upload, a batch sent) that belongs to another union: an
    authority refusal (403), as the authority check's ``NotAuthorised`` answers a 考核 step,
    naming the union whose step it is."""

    code = "not_your_step"
    http_status = 403


class TransitionRefused(DomainError):
    """A lifecycle transition the scheme does not allow."""

    code = "transition_refused"
    http_status = 409


class ConflictError(DomainError):
    """A concurrent change won; reload and try again (optimistic locking)."""

    code = "conflict"
    http_status = 409


class IntegrityConflict(ConflictError):
    """A database constraint refused a write the checks passed: a concurrent change won."""

    code = "integrity_error"

    def __init__(
        self, message: str = "数据与已有记录冲突（可能刚被他人同时提交），请刷新后重试"
    ) -> None:
        super().__init__(message)


class AppendOnlyViolation(DomainError):
    """An attempt to rewrite history."""

    code = "append_only"
    http_status = 409


@dataclass
class Problems:
    """Collects field problems so a request is refused whole, naming every bad field."""

    items: list[FieldProblem] = field(default_factory=list)

    def add(self, field_name: str, code: str, message: str) -> None:
        self.items.append(FieldProblem(field_name, code, message))

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            raise ValidationFailed(
                combined_message((p.field, p.message) for p in self.items),
                code=first.code,
                field=first.field,
                problems=self.items,
            )
