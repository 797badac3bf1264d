"""The labels of the columns a 修改记录 shows, and which name another record (a union, a person,
a file, a title, an inspection, a notice, a leader event, an achievement)."""

from __future__ import annotations

# Every column a history shows, in Chinese; the rest (ids, versions, timestamps of the row
# itself, the union path) is bookkeeping the entry's own time and actor already say.
FIELD_LABELS = {
    # designations
    "workshop_id": "工作室",
    "scheme_code": "命名类别",
    "number": "编号",
    "title": "名称",
    "status": "状态",
    "applied_on": "申报日期",
    "naming_date": "命名日期",
    "ended_on": "终止日期",
    "naming_union_id": "命名工会",
    "district_union_id": "所在区（局）工会",
    "recommended_from_id": "推荐来源",
    # persons
    "name": "名称",
    "gender": "性别",
    "birth_date": "出生日期",
    "retirement_group": "退休年龄类别",
    "id_card_number": "身份证号（隐去中段）",
    "registry_union_id": "登记工会",
    "is_union_member": "工会会员",
    "union_id": "所属工会",
    "employer": "工作单位",
    "employment_status": "在职状态",
    "skill_level": "技能等级",
    "professional_title": "职称",
    "education": "学历",
    # workshops
    "host_unit_name": "所在单位",
    "host_unit_nature": "单位性质",
    "unit_union_id": "基层工会",
    "address": "地址",
    "venue_area_sqm": "场地面积（平方米）",
    "specialty": "专业领域",
    "innovation_direction": "创新方向",
    "founded_on": "成立日期",
    "leader_person_id": "领衔人",
    "description": "简介",
    # inspections
    "designation_id": "命名记录",
    "kind": "类别",
    "cycle_no": "管理周期",
    "notice_id": "整改通知",
    # As the inspection's page words them: 安排于, 检查于 (the day held, reading 48c), 登记人.
    "scheduled_on": "安排检查日期",
    "place": "地点",
    "inspectors": "检查人员",
    "scheduled_by": "安排人",
    "result": "结果",
    "recorded_on": "检查日期",
    "recorded_by": "登记人",
    "summary": "总体意见",
    # rectification notices
    "inspection_id": "检查记录",
    "issuing_union_id": "发文工会",
    "addressee_union_id": "主送工会",
    "year": "年份",
    "seq": "序号",
    "issued_on": "发文日期",
    "deadline": "整改期限",
    "deadline_provisional": "期限暂定（节假日未公布）",
    "closed_on": "办结日期",
    "reported_on": "报送日期",
    "closing_inspection_id": "复查记录",
    "decision_ref": "决定文号",
    "issued_by": "发文人",
    # change requests (附件3)
    "reason": "变更原因",
    "reason_details": "原因说明",
    "measure": "变更措施",
    "old_leader_person_id": "原领衔人",
    "new_leader_person_id": "新领衔人",
    "new_leader_honours": "新领衔人荣誉",
    "leader_event_id": "引用的领衔人情况",  # as the 附件3 form words it
    "round": "提交轮次",
    "waiting_since": "等待起始",
    "filed_on": "提出日期",
    "filed_by": "提出人",
    "unit_on": "基层工会意见日期",
    "unit_signer": "基层工会签署人",
    "unit_opinion": "基层工会意见",
    "district_on": "区（局）工会意见日期",
    "district_signer": "区（局）工会签署人",
    "district_opinion": "区（局）工会意见",
    # a 附件3 request names them by its title's deciding body (``history._change_deciders``)
    "city_on": "市总工会审定日期",
    "city_signer": "市总工会签署人",
    "city_opinion": "市总工会意见",
    "returned_step": "退回环节",
    "returned_reason": "退回原因",
    # files attached to a change request (shown in the request's 修改记录)
    "step": "环节",
    "file_id": "文件",
    "acting_union_id": "办理工会",
    "uploaded_by": "上传人",
    # grants
    "paying_union_id": "拨付工会",
    "approval_ref": "批准文号",
    "approved_on": "批准日期",
    "paid_on": "到账日期",
    "amount_fen": "金额（元）",
    "achievement_id": "成果",
    "note": "备注",
    "entered_by": "录入人",
    "correction_reason": "更正原因",
    "corrected_by": "更正人",
    "voided_on": "作废日期",
    "void_reason": "作废原因",
    "voided_by": "作废人",
    # user accounts and union contacts (who logs in; who gets the reminder mails)
    "username": "用户名",
    "display_name": "姓名",
    "role": "角色",
    "email": "邮箱",
    "phone": "电话",
    "active": "状态",
    "password_hash": "密码",  # only ever shown as hidden (``REDACTED_COLUMNS``)
    "locked_until": "登录锁定至",  # a column dropped by migration 0054: in older entries only
}
# Columns naming a union or a person: shown by name where the reader may see it.
UNION_COLUMNS = frozenset(
    {
        "naming_union_id",
        "district_union_id",
        "registry_union_id",
        "union_id",
        "unit_union_id",
        "issuing_union_id",
        "addressee_union_id",
        "paying_union_id",
        "acting_union_id",
    }
)
PERSON_COLUMNS = frozenset({"leader_person_id", "old_leader_person_id", "new_leader_person_id"})
FILE_COLUMNS = frozenset({"file_id"})
# Columns naming a team or a title: shown by its name (a title with its number), never by the
# internal id alone (before: 「工作室 #29」, 「命名记录 #35」).
WORKSHOP_COLUMNS = frozenset({"workshop_id"})
DESIGNATION_COLUMNS = frozenset({"designation_id", "recommended_from_id"})
# Columns naming an inspection, a 整改通知, a leader event or an achievement: shown by what their
# pages call them (before: 「整改通知 #3」, 「领衔人事件 #2」, 「推荐来源 #29」).
INSPECTION_COLUMNS = frozenset({"inspection_id", "closing_inspection_id"})
NOTICE_COLUMNS = frozenset({"notice_id"})
LEADER_EVENT_COLUMNS = frozenset({"leader_event_id"})
ACHIEVEMENT_COLUMNS = frozenset({"achievement_id"})
# Each group of named columns, each shown by its name alone (never 「name（#id）」).
NAMED_COLUMNS = {
    "union": UNION_COLUMNS,
    "person": PERSON_COLUMNS,
    "file": FILE_COLUMNS,
    "workshop": WORKSHOP_COLUMNS,
    "designation": DESIGNATION_COLUMNS,
    "inspection": INSPECTION_COLUMNS,
    "notice": NOTICE_COLUMNS,
    "leader_event": LEADER_EVENT_COLUMNS,
    "achievement": ACHIEVEMENT_COLUMNS,
}
