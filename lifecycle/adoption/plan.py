"""What an import would do: records matched by natural key, counted as created/changed/unchanged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from lifecycle.adoption.errors import CellProblem
from lifecycle.adoption.parse import Record
from lifecycle.adoption.refusals import Refusals
from lifecycle.adoption.separator import PATH_SEPARATOR
from lifecycle.adoption.sheets import SHEETS, UNIONS
from lifecycle.errors import DomainError, FieldProblem
from lifecycle.scope import Scope
from lifecycle.unions.model import Union

# (rows done, rows in all) after each batch; the CLI draws a bar, the page a percentage.
ProgressFn = Callable[[int, int], None]

CREATED, CHANGED, UNCHANGED = "created", "changed", "unchanged"
OUTCOME_LABELS = {CREATED: "新增", CHANGED: "修改", UNCHANGED: "不变"}


@dataclass
class SheetCounts:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """Per sheet, how many records were (or would be) created, changed and left alone."""

    dry_run: bool
    counts: dict[str, SheetCounts] = field(
        default_factory=lambda: {s.name: SheetCounts() for s in SHEETS}
    )
    cutovers: list[tuple[str, date]] = field(default_factory=list)

    def count(self, sheet: str, outcome: str) -> None:
        counts = self.counts[sheet]
        setattr(counts, outcome, getattr(counts, outcome) + 1)

    @property
    def total_changes(self) -> int:
        return sum(c.created + c.changed for c in self.counts.values())

    def lines(self) -> list[str]:
        """One Chinese line per sheet that has records, e.g. 命名：新增 3，修改 0，不变 12."""
        verb = "将" if self.dry_run else ""
        return [
            f"{name}：{verb}新增 {c.created}，{verb}修改 {c.changed}，不变 {c.unchanged}"
            for name, c in self.counts.items()
            if c.created or c.changed or c.unchanged
        ]


def path_text(parts: tuple[str, ...]) -> str:
    return PATH_SEPARATOR.join(parts)


class UnionPaths:
    """Unions by name path (existing and created during the import), checked against scope."""

    def __init__(self, unions: list[Union], scope: Scope, refusals: Refusals | None = None) -> None:
        self.scope = scope
        self.refusals = refusals
        self.by_path: dict[tuple[str, ...], Union] = {}
        by_id = {u.id: u for u in unions}
        for union in unions:
            names: list[str] = []
            node: Union | None = union
            while node is not None:
                names.append(node.name)
                node = by_id.get(node.parent_id) if node.parent_id is not None else None
            self.by_path[tuple(reversed(names))] = union

    def add(self, parts: tuple[str, ...], union: Union) -> None:
        self.by_path[parts] = union

    def resolve(
        self, record: Record, key: str, cells: list[CellProblem], *, in_scope: bool = True
    ) -> Union | None:
        """The union a path cell names; a missing one, or one outside the scope, is a bad cell."""
        parts = record[key]
        if parts is None:
            return None
        union = self.by_path.get(parts)
        if union is None:
            cells.append(record.problem(key, self.missing(parts, "不存在，请先在「工会」表登记")))
            return None
        if in_scope and not self.scope.covers_path(union.path):
            cells.append(record.problem(key, f"工会“{path_text(parts)}”不在本人管辖范围内"))
            return None
        return union

    def missing(self, parts: tuple[str, ...], why: str, label: str = "工会") -> str:
        """Why the union ``parts`` is not found: refused in its row of the file, else ``why``."""
        what = f"{label}“{path_text(parts)}”"
        if self.refusals is None:
            return what + why
        return self.refusals.missing(UNIONS, (parts,), what, what + why)


def service_problems(
    record: Record, err: DomainError, fields: dict[str, str], cells: list[CellProblem]
) -> None:
    """A service's refusal as bad cells of ``record`` (service field → column key)."""
    if not err.problems:
        cells.append(record.problem(None, err.message))
        return
    field_problems(record, err.problems, fields, cells)


def field_problems(
    record: Record, problems: list[FieldProblem], fields: dict[str, str], cells: list[CellProblem]
) -> None:
    """Each problem as a bad cell of ``record``; a cell refused already is not refused again."""
    for problem in problems:
        head = problem.field.split(".")[0].split("[")[0]
        key = fields.get(head)
        if key is None and head in record.values:
            key = head
        if key is not None and key in record.bad:
            continue
        cells.append(record.problem(key, problem.message))
