"""The workbook's sheets of past oversight: inspections, 整改通知 and yearly filings [Y11][Y12]."""

from __future__ import annotations

from lifecycle.adoption.columns import Column, Sheet, labels, title_columns
from lifecycle.filings.model import FILING_KIND_LABELS
from lifecycle.inspections.model import INSPECTION_KIND_LABELS, INSPECTION_RESULT_LABELS
from lifecycle.notices.model import NOTICE_STATUS_LABELS
from lifecycle.vocab import DesignationStatus

# Failed criteria are written by their labels (五个有), separated by 、 (or ， ; ,).
ITEM_SEPARATORS = "、，,;；"

INSPECTIONS = Sheet(
    "检查",
    (
        *title_columns(),
        Column("kind", "检查类别", "choice", True, labels(INSPECTION_KIND_LABELS), 18),
        Column("held_on", "检查日期", "date", True),
        Column("cycle_no", "管理周期", "int", width=10),
        Column("place", "检查地点", required=True, width=28, max_len=300),
        Column("inspectors", "检查人员", required=True, width=24, max_len=500),
        Column("result", "检查结果", "choice", True, labels(INSPECTION_RESULT_LABELS), 10),
        Column("failed", "不合格项目", width=30, max_len=500),
        Column("summary", "检查意见", width=40, max_len=2000),
        Column("notice", "整改通知编号", width=24, max_len=60),
    ),
    ("scheme", "number", "kind", "held_on"),
    "系统启用前已进行的周期末实地检查和整改复查（[Y12]）；检查日期不能早于命名日期，"
    "管理周期须是检查日期时已开始且尚未检查的周期，不填时按检查日期推算。不合格项目按检查标准填写（如“有创新团队、有创新成果”），"
    "有不合格项目的须填写检查意见。不合格的周期末检查须填写其整改通知编号；"
    "整改复查须填写所复查的整改通知编号。",
)
NOTICES = Sheet(
    "整改通知",
    (
        *title_columns(),
        Column("notice", "整改通知编号", required=True, width=24, max_len=60),
        Column("issued_on", "下发日期", "date", True),
        Column("deadline", "整改期限", "date"),
        Column("status", "办理状态", "choice", True, labels(NOTICE_STATUS_LABELS), 12),
        Column("closed_on", "办结日期", "date"),
        Column("decision_ref", "撤牌决定文号", width=24, max_len=200),
    ),
    ("notice",),
    "每份整改通知对应「检查」表中一次不合格的周期末检查；整改期限不填时按方案规定计算。"
    "“整改中”的通知导入后即为进行中的整改：工作室转为整改中，到期提醒，逾期待确认撤牌（系统启用日期前的"
    "也一样）。“已整改”须有合格的整改复查，其日期即办结日期；“已撤牌”须填写撤牌决定日期（办结日期）"
    "和文号，并与「命名」表中该命名的状态一致。",
)
FILINGS = Sheet(
    "年度备案",
    (
        *title_columns(),
        Column("year", "备案年度", "int", True, width=10),
        Column("kind", "备案类别", "choice", True, labels(FILING_KIND_LABELS), 20),
        Column("filed_on", "备案日期", "date", True),
        Column("note", "备注", width=30, max_len=2000),
    ),
    ("scheme", "number", "year", "kind"),
    "工作室年度自查和单位工会年度评估，每个命名每年各一次（[Y11]）；"
    "系统启用前的备案不附文件，记为“系统启用前导入”。",
)


def workbook_status(status: DesignationStatus) -> DesignationStatus:
    """A title's state as the 命名 sheet writes it: 整改中 still holds the title (已命名); its
    open notice, in the 整改通知 sheet, is what makes it 整改中 [Y12]."""
    return DesignationStatus.NAMED if status is DesignationStatus.RECTIFYING else status
