"""Chinese summaries (and, where the behaviour needs one, descriptions) of the registry-side
operations: accounts, adoption, registry, designations, inspections, ledgers, calendar, reminders,
schemes, lists. Keyed ``"METHOD path"``; a value is the summary, or (summary, description).
Descriptions may cite rules by id ([Y12]); they are cited once where the schema is built."""

from __future__ import annotations

Text = str | tuple[str, str]

RECORDS: dict[str, Text] = {
    # accounts
    "POST /api/v1/auth/tokens": (
        "用户名密码换取API令牌",
        "校验用户名和密码后签发令牌，令牌只显示一次。用户名或密码不正确返回401（login_failed）；"
        "同一用户名或客户端地址失败过多返回429（login_throttled），Retry-After 说明需等待的秒数。",
    ),
    "GET /api/v1/me": "查看本人账户",
    "GET /api/v1/me/tokens": (
        "列出本人的API令牌",
        "按签发先后，分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/me/tokens": ("签发本人的API令牌", "返回令牌编号，凭编号吊销。令牌只显示一次。"),
    "DELETE /api/v1/me/tokens/{token_id}": "吊销本人的一个API令牌",
    "POST /api/v1/me/password": (
        "修改本人密码",
        "须提供当前密码；修改后本人的全部API令牌和其他登录会话失效，发出请求的浏览器会话保持登录。",
    ),
    "GET /api/v1/users": (
        "列出管辖范围内的用户",
        "q 按用户名、姓名、邮箱或所属工会名称查找（与用户管理页面的搜索相同）；"
        "分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/users": (
        "新建用户",
        "用户的角色须与所属工会的层级相符（如基层单位联系人只能属于基层工会），否则返回422。",
    ),
    "GET /api/v1/users/{user_id}": "查看用户",
    "PATCH /api/v1/users/{user_id}": (
        "修改用户姓名、邮箱、角色或所属工会",
        "只能修改本人管辖范围内的用户；改变所属工会或角色时，该用户的日历订阅地址随即失效。",
    ),
    "POST /api/v1/users/{user_id}/deactivate": (
        "停用用户",
        "该用户的全部登录会话和API令牌立即失效。",
    ),
    "POST /api/v1/users/{user_id}/reactivate": (
        "重新启用用户",
        "用户须重新登录，原有会话和令牌仍然失效。",
    ),
    "POST /api/v1/users/{user_id}/password": (
        "重设他人密码",
        "该用户的全部登录会话和API令牌随即失效；修改本人密码请用 POST /api/v1/me/password。",
    ),
    "GET /api/v1/users/{user_id}/audit": "用户的修改记录",
    "GET /api/v1/users/{user_id}/reminders": (
        "用户收到的提醒",
        "发往该用户当前邮箱的提醒，最新的在前，含投递状态。",
    ),
    # adoption
    "GET /api/v1/adoption/cutovers": (
        "查询系统启用日期",
        "某工会及其上级、下级工会适用的系统启用日期（默认为调用者所在工会），按工会层级"
        "分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "GET /api/v1/adoption/template": (
        "下载登记册导入模板",
        "空白的Excel工作簿：每类记录一张工作表，含下拉选项和填写说明，用词随调用者所在城市的层级名称。",
    ),
    "GET /api/v1/adoption/export": (
        "导出登记册",
        "按导入模板导出调用者管辖范围（或 under 指定工会）的登记册；身份证号打码，"
        "以人员编号在导回时识别人员。",
    ),
    "POST /api/v1/adoption/import": (
        "导入登记册",
        "任何单元格有误即返回422，逐项列出工作表、行和列，一条也不写入。",
    ),
    "POST /api/v1/bulk/inspections": (
        "批量安排期满考核检查",
        "为所选的每项命名安排期满检查，或一项也不安排（422列出被拒绝的各项）[Y12]。",
    ),
    "POST /api/v1/bulk/reminders": (
        "批量发送提醒",
        "向所选每项命名的基层工会联系人发送提醒，或一封也不发。",
    ),
    "POST /api/v1/bulk/export": "按登记册模板导出所选命名（含工作室、人员和资助）",
    # registry
    "GET /api/v1/unions": "列出工会",
    "POST /api/v1/unions": "登记工会",
    "GET /api/v1/unions/{union_id}": "查看工会",
    "GET /api/v1/unions/{union_id}/contacts": (
        "列出工会联系人",
        "按登记先后分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/unions/{union_id}/contacts": "登记工会联系人",
    "PATCH /api/v1/unions/{union_id}/contacts/{contact_id}": (
        "更正工会联系人",
        "更正管辖范围内工会联系人的邮箱、姓名、职责或电话。",
    ),
    "DELETE /api/v1/unions/{union_id}/contacts/{contact_id}": (
        "删除工会联系人",
        "返回被删除的联系人。expected_version 为读取时的 version；其间已被修改时返回409。",
    ),
    "GET /api/v1/unions/{union_id}/contacts/{contact_id}/audit": (
        "工会联系人的修改记录",
        "已删除的联系人，其修改记录仍可查阅。",
    ),
    "GET /api/v1/unions/{union_id}/audit": "工会的修改记录",
    "GET /api/v1/persons": (
        "列出人员",
        "按编号排序；带 after（上一页返回的 next_after）接着列。",
    ),
    "POST /api/v1/persons": "登记人员",
    "GET /api/v1/persons/{person_id}": "查看人员",
    "PATCH /api/v1/persons/{person_id}": (
        "更正人员信息",
        "按登记时的规则更正管辖范围内人员的记录。",
    ),
    "POST /api/v1/persons/{person_id}/honours": "登记人员荣誉",
    "GET /api/v1/persons/{person_id}/audit": "人员的修改记录",
    "POST /api/v1/associations/{union_id}/members": (
        "社团登记本社团会员",
        "只能登记在本社团名下；其他工会按不存在处理（404）[G 二（二）]。",
    ),
    "PUT /api/v1/associations/{union_id}/members/{person_id}": (
        "社团更正本社团会员信息",
        "整条更正（未填的身份证号保持不变）；荣誉另行登记。",
    ),
    "GET /api/v1/workshops": (
        "列出工作室",
        "按编号排序；带 after（上一页返回的 next_after）接着列。",
    ),
    "POST /api/v1/workshops": ("登记工作室", "基层工会登记本单位的团队[Y7]。"),
    "GET /api/v1/workshops/{workshop_id}": "查看工作室",
    "PATCH /api/v1/workshops/{workshop_id}": (
        "更正工作室登记信息",
        "按登记时的规则更正管辖范围内团队的登记信息。",
    ),
    "GET /api/v1/workshops/{workshop_id}/members": (
        "列出工作室成员",
        "含已离开的成员，按登记先后，分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/workshops/{workshop_id}/members": "登记工作室成员",
    "POST /api/v1/workshops/{workshop_id}/members/{member_id}/leaving": (
        "登记成员离开团队",
        "成员于 left_on 离开团队，或（correct）更正已登记的离开日期（成员发展台帐[Y10][S8]）。",
    ),
    "GET /api/v1/workshops/{workshop_id}/audit": "工作室的修改记录",
    # designations
    "GET /api/v1/designations": (
        "列出命名记录",
        "按编号分页；总数只数到本页之后不远处（total_exact）。带 after（上一页返回的 next_after）"
        "接着列，深页与首页一样快。",
    ),
    "GET /api/v1/designations/{designation_id}": (
        "查看命名记录",
        "管辖范围外的记录返回404；记录所缺的内容列在 warnings。",
    ),
    "GET /api/v1/designations/{designation_id}/history": (
        "命名记录的状态变化",
        "按发生先后分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "GET /api/v1/designations/{designation_id}/occasions": (
        "命名记录的待办事项",
        "自命名至今天后 horizon_years 年的全部事项，按到期日期"
        "分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "GET /api/v1/designations/{designation_id}/filings": (
        "列出年度报备",
        "按年度、类别分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/designations/{designation_id}/filings": (
        "提交年度报备",
        "工作室年度自查及基层单位工会评价，于12月31日前报备[Y11]。",
    ),
    "GET /api/v1/designations/{designation_id}/filings/{filing_id}/file": (
        "下载年度报备文件",
        "以原文件名下载年度报备所附文件[Y11]。",
    ),
    "GET /api/v1/designations/{designation_id}/assessments": (
        "列出年度考核环节",
        "按年度，分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/designations/{designation_id}/assessments": (
        "登记年度考核环节",
        "年终由基层单位工会、再由区局（产业）工会逐级考核[S9]；基层单位联系人只能登记本单位工作室的基层环节。",
    ),
    "GET /api/v1/designations/{designation_id}/audit": "命名记录的修改记录",
    "POST /api/v1/designations/existing": (
        "登记系统启用前已命名的工作室",
        "由当初命名的工会登记；记录所缺的内容（如领衔人未登记为上海工匠）列在 warnings。",
    ),
    "POST /api/v1/designations/{designation_id}/review": ("受理命名申请", "申请转入命名工会评审。"),
    "POST /api/v1/designations/{designation_id}/rejection": ("不予命名", "须写明理由。"),
    "POST /api/v1/designations/{designation_id}/naming": (
        "审定命名",
        "评审中的申请由该类工作室管理办法规定的命名工会审定命名。",
    ),
    # inspections
    "GET /api/v1/inspections": "列出考核检查",
    "POST /api/v1/designations/{designation_id}/inspections": (
        "安排考核检查",
        "管理周期期满的现场考核检查[Y12]。",
    ),
    "GET /api/v1/inspections/{inspection_id}": "查看考核检查",
    "PATCH /api/v1/inspections/{inspection_id}": (
        "考核检查改期",
        "尚无结果的检查可改日期、地点和检查人员，留有修改记录[Y12]。",
    ),
    "POST /api/v1/inspections/{inspection_id}/outcome": (
        "登记考核检查结果",
        "逐项登记“五个有”是否合格及总体结果；不合格的发出整改通知书[Y12]。",
    ),
    "POST /api/v1/inspections/{inspection_id}/withdrawal": (
        "撤销考核检查",
        "只能撤销尚无结果的检查，保留在修改记录中[Y12]。",
    ),
    "POST /api/v1/inspections/{inspection_id}/evidence": "上传考核检查材料",
    "GET /api/v1/inspections/{inspection_id}/evidence/{file_id}": "下载考核检查材料",
    "GET /api/v1/inspections/{inspection_id}/audit": "考核检查的修改记录",
    "GET /api/v1/notices": "列出整改通知书",
    "GET /api/v1/notices/revocations-pending": (
        "待确认撤牌的整改通知书",
        "管辖范围内整改期限已过仍未整改的通知书，期限早的在前，"
        "分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "GET /api/v1/notices/{notice_id}": "查看整改通知书",
    "GET /api/v1/notices/{notice_id}/pdf": "整改通知书（PDF）",
    "GET /api/v1/notices/{notice_id}/html": "整改通知书（可打印网页）",
    "POST /api/v1/notices/{notice_id}/revocation": (
        "确认撤牌",
        "整改期限已过仍未复查合格的，确认撤牌，称号不予保留[Y12]。",
    ),
    "GET /api/v1/notices/{notice_id}/audit": "整改通知书的修改记录",
    "POST /api/v1/notices/{notice_id}/reports": (
        "报送书面整改报告",
        "由通知书送达的行业、街镇、直属工会在整改期限内报送[Y12]。",
    ),
    "GET /api/v1/notices/{notice_id}/reports": (
        "列出书面整改报告",
        "按报送日期，分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "GET /api/v1/notices/{notice_id}/reports/{report_id}": "下载书面整改报告",
    # ledgers
    "GET /api/v1/workshops/{workshop_id}/ledger": (
        "查看工作室台帐",
        "项目、活动、成果和成员发展台帐[Y10][S8]。",
    ),
    "POST /api/v1/workshops/{workshop_id}/ledger/projects": "登记创新项目",
    "POST /api/v1/workshops/{workshop_id}/ledger/activities": "登记活动",
    "POST /api/v1/workshops/{workshop_id}/ledger/achievements": "登记创新成果",
    "POST /api/v1/workshops/{workshop_id}/ledger/member-developments": "登记成员发展",
    # calendar
    "GET /api/v1/occasions": "列出待办事项（日历）",
    "GET /api/v1/dashboard": (
        "工作台概览",
        "union_id 所辖范围（默认为调用者所在工会）的各项统计及每个列表的前 items 条，"
        "其余见 /occasions。",
    ),
    "GET /api/v1/calendar/overrides": (
        "查看节假日调整",
        "逐年累积的调休、放假日（可按 year 筛选），按日期"
        "分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "PUT /api/v1/calendar/overrides": "整体替换节假日调整",
    "GET /api/v1/me/calendar-feed": "查看本人的日历订阅地址",
    "POST /api/v1/me/calendar-feed": (
        "生成或更换本人的日历订阅地址",
        "旧地址立即失效，不影响他人的地址。",
    ),
    "DELETE /api/v1/me/calendar-feed": "停用本人的日历订阅地址",
    "GET /calendar/{token}.ics": (
        "日历订阅（ICS）",
        "订阅地址即凭据，无需令牌；按订阅者当前可读的范围提供，地址停用后返回404。",
    ),
    # reminders
    "GET /api/v1/me/reminders": "本人收到的提醒",
    "GET /api/v1/outbox": (
        "邮件发件箱",
        "待发、已发和发送失败的邮件，最新的在前，附按其他筛选条件统计的各状态数量。",
    ),
    "GET /api/v1/outbox/{message_id}": "查看一封邮件",
    "POST /api/v1/outbox/{message_id}/retry": (
        "重发失败的邮件",
        "只能重发发送失败的邮件，其他状态返回422。",
    ),
    "GET /api/v1/job-runs": "每日任务运行记录",
    # schemes
    "GET /api/v1/schemes": (
        "列出工作室类别及其规定",
        "一次返回全部（数组，不分页）：类别由本系统登记的规定确定（每个规定一个），不随使用增长。",
    ),
    "GET /api/v1/schemes/{code}": "查看一个工作室类别",
    # lists
    "GET /api/v1/todo": (
        "待办清单",
        "按紧急程度排列；mine 为「我的待办」。调用者所在城市不会产生的待办类别在 kind 处返回422。",
    ),
    "GET /api/v1/finance/designations": (
        "各命名记录的经费概况",
        "每项命名的到账、支出、结余和未处理的问题[S10][Y16]。",
    ),
    "GET /api/v1/exports/designations.xlsx": (
        "导出命名记录（Excel）",
        "筛选条件同 GET /api/v1/designations。",
    ),
    "GET /api/v1/exports/notices.xlsx": (
        "导出整改通知（Excel）",
        "可见范围内的书面整改通知，最新发文的在前；under、status 同 GET /api/v1/notices。",
    ),
    "GET /healthz": ("服务健康检查", "无需登录。数据库无应答时返回503并说明哪一部分不可用。"),
}
