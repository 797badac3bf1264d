"""Chinese descriptions of the schema's models (``components.schemas``) where the model's own
docstring is English, for developers. Keyed by the component's name as ``/openapi.json`` names it
(FastAPI prefixes a name two modules share with the module path). Descriptions may cite rules by
id ([Y12]); they are cited once where the schema is built."""

from __future__ import annotations

SCHEMAS: dict[str, str] = {
    # shared answers
    "ErrorBody": "每次拒绝请求时返回的JSON内容：错误代码、中文说明及出错的字段。",
    "ArticleOut": "规则编号（供程序识别）及其中文引用（用户看到的法规名称和条款）。",
    "CellOut": "上传表格中的一个错误单元格。",
    "CellsErrorBody": "被拒绝的表格：列出每个错误单元格（行、列、原因）；未导入任何内容。",
    "NamingUnionOut": "负责命名该类别工作室并发布申报通知的工会。",
    "SchemeOut": "工作室类别的规则数据：客户端申报、登记和核查时需要的内容。",
    "OccasionKind": "待办事项的种类（到期的检查、报送、考核、整改等）。",
    "OccasionStatus": "待办事项在查询日期（as_of）的状态：未到期、到期、逾期或已完成。",
    "DailyJob": "系统每天自动执行的任务（经费核查、提醒发送），每天只执行一次。",
    "OutboxStatus": "待发邮件的状态：待发送、已发送、发送失败或已被新邮件取代。",
    "AuditRunOut": "对调用者所在工会及其下级工会的经费核查截至今日的结果。",
    # accounts
    "Role": "用户的角色，决定其可做的操作；每个用户隶属一个工会，只在该工会及其下级工会内操作。",
    "IssuedTokenOut": "刚签发的令牌（登录后签发或用户名密码换取，格式相同），令牌只显示这一次。",
    "UserChangeIn": (
        "未提供的字段保持原值；email 为 null 或空字符串时删除邮箱。expected_version 为读取时的"
        "版本号，此后用户已被修改的，拒绝并返回409。"
    ),
    "FeedOut": "调用者的日历订阅地址的状态：是否有效、自何时起（地址本身不保存）。",
    "IssuedFeedOut": "新的日历订阅地址：url 只显示这一次，原地址随即失效。",
    # registry
    "UnionLevel": "工会层级，自上而下：市总工会、区局（产业）工会、系统工会、基层工会、社团。",
    "ContactRole": "工会联系人的职责；提醒发给须办理事项的工会的联系人。",
    "ContactCorrectionIn": (
        "未提供的字段保持原值；phone 为 null 或空字符串时清除电话。姓名、邮箱和电话按新增"
        "联系人时的要求（含长度）检查，所有错误字段一次列出。expected_version 为读取时的版本号，"
        "此后联系人已被修改的，拒绝并返回409。"
    ),
    "PersonCorrectionIn": (
        "未提供的字段保持原值；null 清除可选项（身份证号、工作单位、职称、学历），性别改变时按"
        "新性别设定默认退休年龄组。在职状态只能通过领衔人事件（退休、离职、去世）改变。"
        "reason（更正原因）必填，随更正记入修改记录。expected_version 为读取时的版本号，"
        "此后记录已被修改的，拒绝并返回409。"
    ),
    "WorkshopCorrectionIn": (
        "未提供的字段保持原值；null 清除可选项（地址、面积、专业领域、攻关方向、简介）。此处不能"
        "修改所属基层工会（须迁移）、领衔人（须通过领衔人变更或附件3申请）和成员。"
        "reason（更正原因）必填，随更正记入修改记录。"
    ),
    "RetirementGroup": "退休年龄组：男性60岁、女干部55岁、女工人50岁（改革前规定）。",
    "RetiringLeadersOut": "清单的一页，最早退休的在前；total 为整个清单的条数（Excel导出含全部）。",
    "LeaderEventKind": (
        "领衔人不再（或可能不再）领衔的事件：退休、离职、已故或其他不能继续发挥示范引领作用的情况。"
    ),
    # designations and inspections
    "DesignationStatus": (
        "命名记录的状态：已申报、评审中、已命名、整改中、已撤牌/摘牌、已退出管理序列（保留称号）、"
        "未通过。"
    ),
    "DesignationDetailOut": (
        "一条命名记录及其记录中缺少的内容，如“带头人未登记‘上海工匠’称号”（[C 一（一）]）。"
    ),
    "DesignationPage": "命名记录清单的一页；总数只计到本页之后少许。",
    "FundPage": "经费台账一览的一页，另附筛选出的全部记录的合计（totals）。",
    "FundTotalsOut": (
        "经费台账一览的合计：筛选出的全部记录（不限本页），与导出的 Excel 合计行一致。"
    ),
    "LeaderDepartureOut": (
        "称号的领衔人已故、离职、退休等不能继续领衔，而管理变更申请（附件3）尚未报送、尚未办结，"
        "或年度考核已申请摘牌待市总工会决定 [S9]。"
    ),
    "ChangeRequestState": (
        "管理变更申请（附件3）的办理情况：owed 尚未报送，open 已报送尚未办结，"
        "delisting_applied 年度考核已申请摘牌、不另报附件3。"
    ),
    "RecordGapOut": "规则指出的称号记录中的缺项，以及须补全该缺项的工会。",
    "Step": "年度考核的三个环节：基层工会、区局（产业）工会、市总工会（[S9]）。",
    "RescheduleIn": "改期：提供的字段随之改变，其余不变，检查种类和周期不能改（[Y12]）。",
    "CriterionOut": "一项考核检查标准：结果中引用的代码及其中文名称。",
    # change requests (附件3)
    "ChangeRequestStatus": (
        "管理变更申请的状态；前四种为办理中（每条命名记录同时只能有一件办理中的申请）。"
    ),
    "ChangeReason": "附件3的申请原因：领衔人已故、离职、退休或其他。",
    "ChangeStep": "附件3的三个环节：基层工会意见、区局（产业）工会审核、市总工会决定。",
    "ChangeMeasure": "附件3中提出并由市总工会决定的处理措施（[C 三（六）]）。",
    "MeasureOut": "附件3允许的一种措施：代码（申报时填写）及其中文名称。",
    "AttachmentKind": "附件3所附文件的种类：签字盖章的表格，或证明材料。",
    "ChangeAttachmentOut": "申请所附的文件：盖章的附件3或证明材料（[C 三（六）]）。",
    "StepAction": "环节记录中一条记录的操作。",
    "DraftOut": "领衔人事件预先填好的附件3字段（连同措施提交到 …/change-requests）。",
    # funding
    "GrantKind": "经费的种类：一次性补助、配套经费、优秀工作室扶持（[Y14][Y15][S10][L]）。",
    "FindingKind": "专款专用核查发现的问题种类（[Y16][S10]）。",
    "ExpenditureCategory": "经费的支出用途，按报送口径（[Y16]）。",
    "ExpenditureChangeKind": "对已登记支出的修改方式：更正或作废。",
    "ExpenditureOut": "一笔登记时的支出。",
    "StandingExpenditureOut": (
        "一笔支出的现状；recorded_amount_fen（登记时金额）和 changes（修改记录）保留其余信息。"
    ),
    "ExpenditureCorrectionIn": "要更正的字段（未提供的保持原值）及更正原因。",
    "ExpenditureChangeOut": "修改记录中的一条：修改后支出的内容（作废时无数值）。",
    "ExpenditureHistoryEntryOut": "修改记录中的一步：登记（版本1）、更正或作废。",
    "ExpenditureHistoryOut": "与页面“支出修改记录”相同的内容：最新的在前。",
    "ResolutionOutcome": "财务人员处理核查问题的结果：已说明、已退回、已移交。",
    "RefundChangeKind": "对已登记退回经费的修改方式：更正或作废。",
    "RefundOut": "一笔退回经费的现状（更正后的金额、日期和凭证号），changes 保留每次更正和作废。",
    "RefundCorrectionIn": "要更正的退回金额、退回日期或退回凭证号（未提供的保持原值）及更正原因。",
    "RefundChangeOut": "修改记录中的一条：修改后退回经费的内容（作废时为所作废的内容）。",
    "lifecycle__funding__model__ApplicationStatus": "优秀工作室扶持申请的状态（[Y15]）。",
    # intake
    "Action": "环节记录的操作：提交、同意、跳过、退回、不同意、推荐、命名、撤回。",
    "lifecycle__intake__model__ApplicationStatus": (
        "申报的状态；所等待的审核环节见申报的 stage 字段。"
    ),
    "StageRecordOut": "申报历程中的一步：某环节的决定，或申报单位的撤回。",
    "api__v1__intake_schemas__WithdrawIn": "撤回：申报单位的日期、签字人和原因（记入申报历程）。",
    # craftsman selections
    "Status": "申报的状态：等待某一环节，或已结束。",
    "AssociationMemberIn": "社团在本社团下登记的会员，所属工会即路径中的工会（[G 二（二）]）。",
    "MemberCorrectionIn": (
        "社团对本社团会员的更正：提交完整记录，但未提供 id_card_number 时保留原身份证号"
        "（返回时只显示遮盖后的号码），null 删除它；未提供 employment_status 时保留原在职状态，"
        "现任工作室带头人（领衔人）的在职状态只能经登记带头人情况变更（否则422 "
        "leader_event_required）。姓名、性别、出生日期或身份证号改变时须"
        "提供 reason，随更正记入修改记录。expected_version 为读取时的版本号，此后记录已被"
        "修改的，拒绝并返回409。"
    ),
    "LocalIn": "区局（产业）工会或社团的本级选树结果及其附件3数据。",
    "OpenedSelectionOut": "刚发布的选树通知，及其当日各报送时段的情况。",
    "api__v1__craftsman_title__ApplicationIn": (
        "附件1及各项声明（[G 一]）；收入情况调查为选填，单独保存。"
    ),
    "api__v1__craftsman_title__ApplicationOut": (
        "清单中显示的申报：个人信息已遮盖，不含收入情况调查。"
    ),
}
