"""What the recipient should do for each occasion kind; a kind not listed gets the default."""

from __future__ import annotations

DEFAULT_ACTION = "请登录系统查看该事项并按规定办理。"

Y = "《杨浦区劳模（先进）、技师创新工作室管理办法》"
S = "《上海市劳模创新工作室管理办法》"

ACTIONS = {
    "cycle_inspection": (
        f"请在管理周期届满前安排实地检查，逐项核查“五个有”并录入检查结果（{Y}第十二条）。"
    ),
    "self_check_filing": f"请督促工作室在12月31日前完成年度自查并备案（{Y}第十一条）。",
    "unit_evaluation_filing": f"请在12月31日前完成单位工会年度评估并备案（{Y}第十一条）。",
    "annual_assessment": f"请在年底前完成年度考核并录入考核结果（{S}第九条）。",
    "rectification_deadline": f"请在整改期限前组织复查并录入复查结论（{Y}第十二条）。",
    "revocation_pending": f"整改期限已过仍未通过复查，请按规定办理撤牌（{Y}第十二条）。",
    "drift_no_project": f"本年度尚未登记攻关项目，请督促工作室制定计划并登记项目（{Y}第三条）。",
    "drift_no_achievement": (
        f"近期无有效益并推广应用的创新成果，请督促工作室登记成果（{Y}第三条）。"
    ),
}
