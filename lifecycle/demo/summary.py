"""What a demo load created and what it found already there."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

_LABELS = {
    "unions": "工会",
    "contacts": "联系人",
    "persons": "人员",
    "workshops": "工作室",
    "designations": "命名",
}


@dataclass
class KindCounts:
    """How many records of each kind."""

    unions: int = 0
    contacts: int = 0
    persons: int = 0
    workshops: int = 0
    members: int = 0  # memberships (a person's period in a team)
    designations: int = 0

    @property
    def total(self) -> int:
        """All records together."""
        return sum(getattr(self, f.name) for f in fields(self))

    def add(self, other: KindCounts) -> None:
        """Add ``other``'s counts to these."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def label(self) -> str:
        """E.g. 工会 26、联系人 13、人员 214、工作室 40、命名 46."""
        return "、".join(f"{label} {getattr(self, name)}" for name, label in _LABELS.items())


@dataclass
class DemoSummary:
    """What a load created and what it found already there."""

    created: KindCounts = field(default_factory=KindCounts)
    existing: KindCounts = field(default_factory=KindCounts)

    def add(self, other: DemoSummary) -> None:
        """Add ``other``'s counts to these."""
        self.created.add(other.created)
        self.existing.add(other.existing)

    def line(self) -> str:
        """One line in Chinese, e.g. 演示数据：新建 工会 26、…、命名 46；已存在 0."""
        existing = self.existing.label() if self.existing.total else "0"
        return f"演示数据：新建 {self.created.label()}；已存在 {existing}"
