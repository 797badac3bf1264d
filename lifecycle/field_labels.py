"""The Chinese label of an input field by its code, for a refusal's combined message (the API's
``message``): a field's own message may be bare (「不能超过200个字符」, 「必填」). A code whose
meaning depends on the record (a person's ``name`` is 姓名, a workshop's 名称) is labelled by the
record kind the request body declares."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Field codes as the API bodies, queries and use cases name them (the last part of a path).
FIELD_LABELS = {
    "achieved_on": "取得日期",
    "achievement_id": "成果",
    "acting": "是否只看本工会须办理的事项",
    "action": "办理意见",
    "address": "地址",
    "after": "上一页最后一条的编号",
    "amount_yuan": "金额",
    "applicant_phone": "手机号码",
    "application_id": "申报",
    "application_ids": "申报",
    "applied_in_production": "是否应用于生产",
    "applied_on": "申报日期",
    "approval_ref": "批准文号",
    "approved_on": "批准日期",
    "attachment_id": "附件",
    "average_income_fen": "月平均可支配收入",
    "batch_id": "推荐批次",
    "birth_date": "出生日期",
    "body": "请求内容",
    "call_id": "申报通知",
    "category": "类别",
    "channel": "申请渠道",
    "chinese_nationality": "是否中国国籍",
    "city_level_award": "是否获市级及以上奖项",
    "code": "代码",
    "consent": "同意",
    "contact_id": "联系人",
    "craftsman_application_id": "工匠申报",
    "created_from": "生成起始日期",
    "created_to": "生成截止日期",
    "credit_check_passed": "信用审查结果",
    "criterion_code": "检查项目",
    "current_password": "当前密码",
    "cycle_no": "管理周期",
    "deadline": "截止日期",
    "decided_on": "决定日期",
    "decision": "决定",
    "decision_ref": "文号",
    "deputy_bureau_or_above": "是否副局级及以上",
    "description": "简介",
    # A title held (a 命名), not the team holding it (``workshop_id``): as the pages name it.
    "designation_id": "命名记录",
    "designation_ids": "命名记录",
    "details": "具体情况",
    "display_name": "姓名",
    "district_opinion": "区局（产业）工会意见",
    "district_opinion_on": "区局（产业）工会意见日期",
    "district_union_id": "区局（产业）工会",
    "doc_prefix": "文号前缀",
    "document_ref": "文号",
    "dry_run": "是否试导入",
    "due_from": "到期起始日期",
    "due_on": "到期日期",
    "due_to": "到期截止日期",
    "economic_benefit_yuan": "经济效益",
    "education": "学历",
    "effective_on": "生效日期",
    "email": "邮箱",
    "employer": "工作单位",
    "employment_status": "在职状态",
    "end_ref": "终止文号",
    "ended_on": "结束日期",
    "event_id": "领衔人情况",
    "expected_version": "版本",
    "expenditure_id": "支出记录",
    "refund_id": "退回记录",
    "expires_in_days": "有效天数",
    "file": "文件",
    "file_id": "文件",
    "filed_on": "申请日期",
    "filing_id": "备案",
    "finding_id": "审计发现",
    "findings_limit": "审计发现条数",
    "findings_offset": "审计发现跳过条数",
    "five_powers": "“五力”事迹",
    "form": "申报表",
    "found_on": "发现日期",
    "founded_on": "成立日期",
    "from": "起始日期",
    "front_line": "是否一线职工",
    "gender": "性别",
    "grant_amount_yuan": "奖励金额",
    "grant_id": "补贴记录",
    "group": "组别",
    "held_on": "活动日期",
    "home_address": "家庭住址",
    "honour": "荣誉",
    "honours": "荣誉",
    "honours_text": "荣誉情况",
    "horizon_years": "展望年数",
    "host_unit_name": "所在单位",
    "host_unit_nature": "单位性质",
    "id_card_number": "身份证号码",
    "income_survey": "收入情况调查",
    "innovation_direction": "攻关方向",
    "inspection_id": "检查记录",
    "inspectors": "检查人员",
    "intake_id": "申报",
    "interview_passed": "面试结果",
    "is_union_member": "是否工会会员",
    "issued_from": "下发起始日期",
    "issued_to": "下发截止日期",
    "items": "每个列表条数",
    "job": "任务",
    "joined_on": "加入日期",
    "kind": "类别",
    "leader_consented_on": "本人同意日期",
    "leader_event_id": "领衔人情况",
    "leader_person_id": "领衔人",
    "leader_signer": "本人签名",
    "left_on": "离开日期",
    "correct": "更正已登记的离开日期",
    "level": "级别",
    "limit": "每页条数",
    "local_craftsmen": "本地工匠人数",
    "local_title_exception": "本地工匠称号例外说明",
    "measure": "拟采取措施",
    "member_id": "成员",
    "members": "成员",
    "message": "提醒内容",
    "message_id": "邮件",
    "mine": "是否只看我的待办",
    "months": "期限（月）",
    "name": "名称",
    "named_from": "命名起始日期",
    "named_to": "命名截止日期",
    "named_year": "命名年度",
    "naming_date": "命名日期",
    "naming_union_id": "命名工会",
    "new_leader_person_id": "新领衔人",
    "new_password": "新密码",
    "note": "备注",
    "notes": "说明",
    "notice_from": "公示开始日期",
    "notice_id": "整改通知",
    "notice_to": "公示结束日期",
    "number": "编号",
    "objections": "异议及核实情况",
    "occurred_on": "发生日期",
    "offset": "跳过条数",
    "open_findings": "是否只看有未处理审计发现的",
    "opens_on": "受理开始日期",
    "opinion": "意见",
    "org_managed_unit_head": "是否组织部门管理的单位负责人",
    "outcome": "结果",
    "outcomes": "检查结果",
    "paid_on": "到账日期",
    "parent_id": "上级工会",
    "participants": "参与人数",
    "passed": "结果",
    "password": "密码",
    "patents_design": "外观设计专利数",
    "patents_invention": "发明专利数",
    "patents_utility": "实用新型专利数",
    "payee": "收款方",
    "paying_union_id": "拨付工会",
    "person_id": "人员",
    "person_name": "姓名",
    "phone": "电话",
    "place": "地点",
    "professional_title": "职称",
    "proof_id": "证明材料",
    "q": "搜索词",
    "rank": "排序",
    "reason": "原因",
    "reason_details": "具体原因",
    "receipt_ref": "票据号",
    "reference": "授予依据",
    "refund_ref": "退回凭证号",
    "refund_yuan": "退回金额",
    "refunded_on": "退回日期",
    "recipient": "收件邮箱",
    "recognised": "是否获认定",
    "recommended_from_id": "推荐来源",
    "recommender_union_id": "推荐单位",
    "recorded_on": "检查日期",
    "region_code": "地区代码",
    "report_id": "整改报告",
    "reported_on": "报送日期",
    "request_id": "变更申请",
    "requested_yuan": "申请金额",
    "resolved_on": "办结日期",
    "resubmitted_on": "重新提交日期",
    "retirement_group": "退休年龄类别",
    "role": "角色",
    "scheduled_from": "检查起始日期",
    "scheduled_on": "检查日期",
    "scheduled_to": "检查截止日期",
    "scheme": "命名方案",
    "selection_id": "工匠选树",
    "self_closes": "个人自荐截止日期",
    "self_opens": "个人自荐开始日期",
    "signer": "签署人",
    "since_year": "起始年度",
    "skill_level": "技能等级",
    "social_benefit": "社会效益",
    "source": "信息来源",
    "specialty": "专业领域",
    "spent_on": "支出日期",
    "stage": "环节",
    "started_on": "开始日期",
    "statement": "个人自述",
    "status": "状态",
    "step": "环节",
    "subordinate_selections": "是否组织下级选树",
    "summary": "申请理由",
    "sweep_from": "提醒起始日期",
    "sweep_to": "提醒截止日期",
    "target_count": "拟命名数量",
    "tied_to_main_business": "是否结合主业",
    "title": "名称",
    "to": "截止日期",
    "token": "令牌",
    "token_id": "令牌",
    "token_name": "令牌名称",
    "trade": "工种",
    "undated": "是否只看无规定办理期限的环节",
    "under": "工会",
    "understanding": "对“工匠精神”的理解",
    "union_deadline": "工会申报截止日期",
    "union_id": "所属工会",
    "unit_consented_on": "单位同意日期",
    "unit_signer": "单位签署人",
    "unit_union_id": "所在单位工会",
    "user_id": "用户",
    "username": "用户名",
    "venue_area_sqm": "场所面积",
    "withdrawn_on": "撤回日期",
    "work_plan": "年度工作计划",
    "workshop_id": "工作室",
    "year": "年度",
    "years_of_work": "工作年限",
    "years_worked": "工作年限",
}
# The labels that differ by the kind of record a request body describes (as its page words
# them); any other field, and a kind not listed (union, workshop, designation: 名称), keeps
# FIELD_LABELS'.
KIND_LABELS = {
    "achievement": {"title": "成果名称"},
    "activity": {"title": "活动名称", "description": "活动内容", "participants": "参加人数"},
    "call": {"title": "通知标题"},
    # A 附件3 request (filed or resubmitted) as its form names its fields.
    "change_request": {"reason_details": "申请原因具体情况"},
    "contact": {"name": "联系人姓名"},
    "development": {"description": "发展情况"},
    "expenditure": {"description": "用途说明", "category": "支出类别"},
    # A correction's or a void's ``reason`` as its form names it (更正原因 / 作废原因).
    "expenditure_correction": {
        "description": "用途说明",
        "reason": "更正原因",
        "category": "支出类别",
    },
    "expenditure_void": {"reason": "作废原因"},
    "finding_resolution": {
        "outcome": "处理结果",
        "note": "处理说明",
        "resolved_on": "处理日期",
        "refund_yuan": "退回金额",
        "refunded_on": "退回日期",
        "refund_ref": "退回凭证号",
    },
    "grant_correction": {"reason": "更正原因"},
    "grant_void": {"reason": "作废原因"},
    "refund_correction": {"reason": "更正原因"},
    "refund_void": {"reason": "作废原因"},
    "support_decision": {
        "decided_on": "审定日期",
        "decision_ref": "主席办公会议审定文号",
        "amount_yuan": "审定金额",
        "reason": "不予扶持的理由",
    },
    "filing": {"filed_on": "备案日期", "year": "备案年度", "kind": "备案类别"},
    "inspection": {"summary": "总体意见", "place": "检查地点"},
    # The direct leader change exists only where the leader is a 带头人 ([Y13], [L]).
    "leader_change": {"new_leader_person_id": "新带头人", "reason": "变更事由"},
    "inspection_move": {"place": "检查地点", "reason": "改期原因"},
    "inspection_withdrawal": {"reason": "撤销原因"},
    # The written 整改 report as the notice page's form words it [Y12].
    "rectification_report": {"reported_on": "报送日期", "description": "说明", "file": "书面报告"},
    # A person's record, its honours (荣誉年份 as the honour rule words it) and its correction
    # (更正原因 as the 更正人员信息 form names it).
    "person": {"name": "姓名", "year": "荣誉年份", "reason": "更正原因"},
    "project": {"title": "项目名称"},
    "token": {"name": "令牌名称"},
}
# A field's message that says what is wrong but not of which field: the label leads it.
_BARE = re.compile(r"^(不能|不是|不在|不接受|应为|应大于|应小于|必填|过长|过短|过小|过大|格式)")
_INDEX = re.compile(r"\[\d+\]")
# A message about the file itself, said after its field's label and a colon.
_OF_THE_FILE = re.compile(r"^不接受此类文件")
# A day the calendar lacks (「没有2026-02-30这一天」): the label says which date is wrong, as the
# pages word it (「检查日期有误：没有2026-02-30这一天」).
_NO_SUCH_DAY = re.compile(r"^没有.+这一天$")


def field_label(path: str | None, kind: str | None = None) -> str | None:
    """The Chinese label of a field path (``honours.0.year`` → 年度) of a record of ``kind``
    (a person's ``name`` → 姓名), or None when unknown."""
    parts = [p for p in _INDEX.sub("", path or "").split(".") if p and not p.isdigit()]
    if not parts:
        return None
    return KIND_LABELS.get(kind or "", {}).get(parts[-1]) or FIELD_LABELS.get(parts[-1])


def labelled(path: str | None, message: str, kind: str | None = None) -> str:
    """One field's message as a sentence of its own: a bare one led by the field's label."""
    if _NO_SUCH_DAY.match(message):
        return f"{field_label(path, kind) or '日期'}有误：{message}"
    if not _BARE.match(message):
        return message
    label = field_label(path, kind)
    if _OF_THE_FILE.match(message):  # 「书面报告：不接受此类文件」, not 「文件不接受此类文件」
        return message if label is None or label in message else f"{label}：{message}"
    if label:
        return f"{label}{message}"
    return "请求含有不接受的字段" if message == "不接受此字段" else f"有一项输入{message}"


def combined_message(problems: Iterable[tuple[str | None, str]], kind: str | None = None) -> str:
    """The Chinese sentence naming every bad field of a record of ``kind``, each once (no field
    codes in it)."""
    seen: dict[str, None] = {}
    for path, message in problems:
        seen.setdefault(labelled(path, message, kind), None)
    return "；".join(seen)
