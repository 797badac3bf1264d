"""`workshops audit-funding`: the full 专款专用 audit by hand or from cron [Y16][S10]."""

from __future__ import annotations

import typer

from cli.context import as_of_past_or_today, console, units_of_work


def audit_funding(
    as_of: str | None = typer.Option(None, "--as-of", help="审计日期（YYYY-MM-DD），默认今天"),
) -> None:
    """Audit every designation's money: store new findings, close those that no longer hold."""
    from lifecycle.funding.audit import SYSTEM_AUDITOR, run_audit
    from lifecycle.funding.vocab import FINDING_KIND_LABELS, FindingKind
    from lifecycle.scope import EVERYTHING

    day = as_of_past_or_today(as_of, "审计发现会被记录，更晚的日期会记下尚未发生的问题")
    with units_of_work() as uow_factory, uow_factory() as uow:
        # The whole registry: the system's scope, named here rather than defaulted.
        report = run_audit(uow, as_of=day, actor=SYSTEM_AUDITOR, scope=EVERYTHING)
        uow.commit()
    console.print(
        f"{day}：审计 {report.designations} 个有经费记录的命名，现有发现 {report.present} 项，"
        f"新增 {report.stored} 项，关闭不再成立的 {len(report.closed)} 项"
    )
    for kind, count in sorted(report.by_kind.items()):
        console.print(f"  {FINDING_KIND_LABELS[FindingKind(kind)]}：{count}")
