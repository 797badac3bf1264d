"""Chinese summaries (and descriptions) of the process operations: change requests, funding,
leaders, intake, 上海工匠 selections. As ``records.py``."""

from __future__ import annotations

from api.openapi_texts.records import Text

# What an application form's body takes (``intake/forms.py::clean_form``).
_FORM_BOXES = (
    "form 只接受该类别申报表（GET /api/v1/intake/forms）所列的栏目和表格列，其他栏目 422 "
    "extra_forbidden 逐项指明（如 foo、achievements.0.city_award），不予保存；表格单元格的问题"
    "按提交时的行号指明（空行也计入）。"
)
PROCESSES: dict[str, Text] = {
    # change requests (附件3)
    "GET /api/v1/designations/{designation_id}/change-requests": (
        "列出管理变更申请",
        "按提交先后，分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/designations/{designation_id}/change-requests": (
        "提交管理变更申请（附件3）",
        "由基层单位工会提交，区局（产业）工会也可代为提交[C 三（六）]。",
    ),
    "GET /api/v1/change-requests/{request_id}": "查看管理变更申请",
    "GET /api/v1/change-requests/{request_id}/pdf": (
        "管理变更申请表（PDF）",
        "附件3 管理变更申请表，与页面“打印”一致[C 三（六）]。",
    ),
    "GET /api/v1/change-requests/{request_id}/html": (
        "管理变更申请表（可打印网页）",
        "附件3 管理变更申请表的可打印网页[C 三（六）]。",
    ),
    "GET /api/v1/change-requests/{request_id}/steps": (
        "管理变更申请的审核环节",
        "一份申请的环节记录，最早的在前，一次返回全部（数组，不分页）："
        "每轮只有本单位工会意见、区局工会审核、市级审定三个环节，另有退回后的重新提交、撤回或关闭，"
        "条数由附件3的程序限定[C 三（六）]。",
    ),
    "POST /api/v1/change-requests/{request_id}/unit": (
        "基层单位工会意见",
        "管理变更申请在基层单位环节的意见[C 三（六）]。",
    ),
    "POST /api/v1/change-requests/{request_id}/district": (
        "区局（产业）工会审核意见",
        "管理变更申请在区局（产业）工会环节的审核意见[C 三（六）]。",
    ),
    "POST /api/v1/change-requests/{request_id}/city": (
        "市总工会审定",
        "市总工会决定更换领衔人、退出管理序列（保留称号）或摘牌[C 三（六）]。",
    ),
    "GET /api/v1/change-requests/{request_id}/audit": "管理变更申请的修改记录",
    "POST /api/v1/change-requests/{request_id}/resubmit": (
        "重新提交退回的管理变更申请",
        "基层单位工会修改退回的申请后，从基层单位环节重新开始。",
    ),
    "POST /api/v1/change-requests/{request_id}/withdraw": (
        "撤回管理变更申请",
        "提交方在市总工会决定前撤回未办结的申请。",
    ),
    "POST /api/v1/change-requests/{request_id}/attachments": (
        "上传管理变更申请附件",
        "由申请所处环节的工会或提交申请的工会上传（盖章的附件3及证明材料）[C 三（六）]。",
    ),
    "GET /api/v1/change-requests/{request_id}/attachments/{attachment_id}": "下载管理变更申请附件",
    # funding
    "GET /api/v1/designations/{designation_id}/grants": (
        "列出资助",
        "按拨付日期分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/designations/{designation_id}/grants": (
        "登记资助",
        "一次性补贴、配套资金或优秀成果项目扶持[Y14][Y15][S10]；乐山市的命名为一次性奖励，"
        "金额按批准数额填写[L 三]。",
    ),
    "POST /api/v1/grants/{grant_id}/correction": (
        "更正资助",
        "更正文号、日期、金额或拨付工会；修改记录保留更正前后的内容。",
    ),
    "POST /api/v1/grants/{grant_id}/void": (
        "作废误登的资助",
        "作废后仍保留并标为已作废，不再计入到账。",
    ),
    "POST /api/v1/grants/{grant_id}/payment": (
        "登记资助到账",
        "登记已批准资助的到账日期，只登记一次；日期有误的予以更正。",
    ),
    "GET /api/v1/grants/{grant_id}/audit": "资助的修改记录",
    "GET /api/v1/designations/{designation_id}/excellence-applications": (
        "列出优秀成果资助申请",
        "按申请日期分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/designations/{designation_id}/excellence-applications": (
        "申请优秀成果资助",
        "在年终报备时就一项成果申请优秀成果资助[Y15]。",
    ),
    "POST /api/v1/excellence-applications/{application_id}/decision": (
        "优秀成果资助决定",
        "主席办公会议决定：批准（填写文号和金额，即登记资助）或不予批准[Y15]。",
    ),
    "GET /api/v1/designations/{designation_id}/expenditures": (
        "列出经费支出",
        "每笔支出的现状，含已作废的（voided）及其更正；按首次登记的支出日期"
        "分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/designations/{designation_id}/expenditures": "登记经费支出",
    "GET /api/v1/designations/{designation_id}/findings": (
        "列出经费问题",
        "按发生日期，分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/findings/{finding_id}/resolution": "处理经费问题",
    "GET /api/v1/refunds/{refund_id}": (
        "查看退回经费",
        "审计发现处理为“已退回”时登记的退回经费现状，含原登记内容及每次更正、作废。",
    ),
    "POST /api/v1/refunds/{refund_id}/correction": (
        "更正退回经费",
        "更正退回金额、退回日期或退回凭证号，须填写更正原因；原登记内容保留，并重新审计"
        "[Y16][S10]。",
    ),
    "POST /api/v1/refunds/{refund_id}/void": (
        "作废误登的退回经费",
        "作废后仍保留并标为已作废，不再计入经费台帐和统计，须填写作废原因；款项未退回，"
        "该审计发现仍成立的，由系统重新列为待处理（reopened_finding_id），原发现保留[Y16][S10]。",
    ),
    "POST /api/v1/unions/{union_id}/funding-audit": (
        "立即核查经费",
        "核查该工会及下级工会全部命名记录的经费（系统每日自动核查）：新发现的问题记下，"
        "已不成立的问题注明后关闭[Y16][S10]。",
    ),
    "GET /api/v1/expenditures/{expenditure_id}": "查看经费支出",
    "GET /api/v1/expenditures/{expenditure_id}/history": (
        "经费支出的更正记录",
        "原登记内容及每次更正（前后对照）、作废，含经办人、时间和版本。",
    ),
    "POST /api/v1/expenditures/{expenditure_id}/correction": (
        "更正经费支出",
        "更正日期、金额、收款方、类别、用途或票据；原登记内容保留。",
    ),
    "POST /api/v1/expenditures/{expenditure_id}/void": (
        "作废误登的经费支出",
        "作废后仍保留并标为已作废，不计入任何统计。",
    ),
    "GET /api/v1/designations/{designation_id}/fund-ledger": (
        "经费台帐",
        "按日期列出到账和支出、滚动结余及经费问题，专款专用按该命名所属类别的规定核查"
        "[Y16][S10][L 建设标准（四）]。台帐行（lines）分页（limit 默认 50、至多 500，offset），"
        "与其他列表相同；已到账、已支出、结余合计及每行的滚动结余均按全部台帐行计算，与所列页无关。"
        "审计发现（findings）同样分页，由 findings_limit（默认 50、至多 500）和 findings_offset "
        "另行翻页。",
    ),
    "GET /api/v1/designations/{designation_id}/fund-ledger/xlsx": "导出经费台帐（Excel）",
    "GET /api/v1/unions/{union_id}/funding-summary": (
        "工会经费汇总",
        "该工会及下级工会按类别和支出类别的合计及未处理的经费问题[Y16][S10][L 建设标准（四）]。",
    ),
    "GET /api/v1/unions/{union_id}/funding-summary/xlsx": "导出工会经费汇总（Excel）",
    "GET /api/v1/funding/expenditure-template": "下载经费支出导入模板",
    "POST /api/v1/designations/{designation_id}/expenditures/import": (
        "导入经费支出",
        "先逐行检查；任何单元格有误即返回422逐项列出，一条也不保存。",
    ),
    "GET /api/v1/unions/{union_id}/expenditure-template": (
        "下载工会经费支出导入模板",
        "首列“命名记录”可在该工会的各项命名中选择。",
    ),
    "POST /api/v1/unions/{union_id}/expenditures/import": (
        "导入工会各工作室的经费支出",
        "一个文件涵盖该工会的各工作室：逐行检查其命名记录，全部导入或全部不导入。",
    ),
    # leaders
    "GET /api/v1/person-search": (
        "查找人员",
        "管辖范围内姓名、单位、工会名称或身份证后4位与 q 的每个词相符的人员，按姓名"
        "分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "GET /api/v1/workshops/{workshop_id}/leader-events": (
        "列出领衔人变动",
        "按发生日期，分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/workshops/{workshop_id}/leader-events": (
        "登记领衔人（带头人）变动",
        "领衔人（带头人）退休、离职、去世等变动，按各类别的规定处理[Y13][S9][C]；"
        "乐山市的通知未规定带头人变动后须办理的事项，由命名的市总工会直接更换带头人[L 一]。",
    ),
    "GET /api/v1/leader-events/{event_id}/change-request-draft": (
        "按领衔人变动生成管理变更申请草稿",
        "只报告现任领衔人的情况（前任的答复 former_leader）；该工作室已有未办结的管理变更申请"
        "（答复 already_open 及该申请的编号，请在该申请上继续办理）、年度考核已申请摘牌，"
        "或其命名不再适用管理变更申请时，不生成草稿，答复与提出申请时相同的理由[C 三（六）][S9]。",
    ),
    "POST /api/v1/designations/{designation_id}/continuation-consents": (
        "登记继续领衔的同意意见",
        "领衔人退休后继续领衔的同意意见[Y13]。",
    ),
    "POST /api/v1/designations/{designation_id}/leader-change": (
        "直接更换领衔人（带头人）",
        "杨浦区由区总工会更换[Y13]，乐山市由命名的市总工会更换[L 一]；须经附件3的类别不适用。",
    ),
    "GET /api/v1/designations/{designation_id}/leaders": (
        "命名记录的历任领衔人（带头人）。其情况登记（events）按发生日期分页（limit、offset，"
        "附 total），与命名记录页一致；时间线（timeline）完整列出"
    ),
    "GET /api/v1/unions/{union_id}/retiring-leaders": "即将退休的领衔人（带头人）",
    "GET /api/v1/unions/{union_id}/retiring-leaders/xlsx": (
        "导出即将退休的领衔人（带头人）（Excel）"
    ),
    "POST /api/v1/leader-events/{event_id}/proofs": (
        "上传领衔人变动证明",
        "由基层单位工会或主管的区局（产业）工会上传[S9][C]。",
    ),
    "GET /api/v1/leader-events/{event_id}/proofs/{proof_id}": "下载领衔人变动证明",
    # intake
    "GET /api/v1/intake/forms": "各类别的申报表、附件和审核流程",
    "GET /api/v1/intake/calls": "列出申报通知",
    "POST /api/v1/intake/calls": ("发布申报通知", "由命名工会发布征集（申报）通知。"),
    "GET /api/v1/intake/calls/{call_id}": "查看申报通知",
    "GET /api/v1/intake/calls/{call_id}/applications": (
        "列出申报通知下的申请",
        "管辖范围内的申报，按编号排序分页（limit/offset，"
        "或以上一页的 next_after 接着列），附总数。",
    ),
    "POST /api/v1/intake/calls/{call_id}/applications": (
        "新建申报（草稿）",
        "截至通知的截止日期仍不能提交的工作室（如上海市劳模创新工作室须有运行一年以上的"
        "区局级命名）不能新建草稿，422 在 workshop_id 说明原因，与申报通知页面不列出该工作室一致。"
        + _FORM_BOXES,
    ),
    "GET /api/v1/intake/applications/{intake_id}": "查看申报",
    "PUT /api/v1/intake/applications/{intake_id}/form": ("填写申报表", _FORM_BOXES),
    "POST /api/v1/intake/applications/{intake_id}/submit": "提交申报",
    "POST /api/v1/intake/applications/{intake_id}/steps": "登记本级工会审核意见",
    "POST /api/v1/intake/applications/{intake_id}/withdraw": (
        "撤回申报",
        "申报单位在评审中撤回本单位的申报，须说明理由。",
    ),
    "GET /api/v1/intake/applications/{intake_id}/history": (
        "申报的处理记录",
        "按处理先后分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/intake/applications/{intake_id}/batch": "列入本级工会推荐名单",
    "GET /api/v1/intake/calls/{call_id}/batches": (
        "列出推荐名单",
        "按建立先后分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/intake/batches/{batch_id}/submit": "报送推荐名单",
    "POST /api/v1/intake/calls/{call_id}/naming": (
        "审定命名（主席办公会议）",
        "由发布通知的工会审定。",
    ),
    "GET /api/v1/intake/batches/{batch_id}/xlsx": (
        "导出推荐统计表（Excel）",
        "一个推荐工会的推荐名单：[C]附件2，或[L]推荐汇总表。",
    ),
    "GET /api/v1/intake/applications/{intake_id}/attachments": (
        "列出申报附件",
        "一次返回全部（数组，不分页）：每类附件的个数以类别规定的上限为限（上传时超出即拒绝），"
        "条数由申报表的附件种类限定[C 二（五）][L 四]。",
    ),
    "POST /api/v1/intake/applications/{intake_id}/attachments": (
        "上传申报附件",
        "按类别规定的附件种类上传，检查文件类型、大小和数量。",
    ),
    "GET /api/v1/intake/applications/{intake_id}/attachments/{attachment_id}": (
        "下载申报附件",
        "可读该申报者均可下载（包括评审它的社团或区局工会[C 二（二）][C 三（五）]）。",
    ),
    # 上海工匠
    "GET /api/v1/craftsman-selections": (
        "列出历年上海工匠选树",
        "年份新的在前，分页（limit/offset），返回 items、total、limit、offset。",
    ),
    "POST /api/v1/craftsman-selections": (
        "发布年度上海工匠选树",
        "由市总工会发布[G 二（三）、五（四）]；不得晚于各工会的截止日期；"
        "个人自荐期过后发布的，warnings 说明只接受推荐。",
    ),
    "GET /api/v1/craftsman-selections/applications/{craftsman_application_id}": (
        "查看上海工匠申报",
        "个人信息打码。",
    ),
    "GET /api/v1/craftsman-selections/applications/{craftsman_application_id}/income-survey": (
        "查看收入调研",
        "附件1调研，不作为评审依据，仅市总工会干部（craftsman.survey）可读；"
        "金额为整数“分”，未作答时为 {}。",
    ),
    "POST /api/v1/craftsman-selections/applications/{craftsman_application_id}/membership": (
        "确认申报人已入会",
        "申报人入会后申报即受理[G 二]；各工会截止日期已过则返回409（lapsed）[G 五（四）]。",
    ),
    "POST /api/v1/craftsman-selections/applications/{craftsman_application_id}/stages": (
        "登记评审环节决定",
        "由该环节所属层级的工会按顺序决定，日期不得晚于今天[G 三]。",
    ),
    "GET /api/v1/craftsman-selections/applications/{craftsman_application_id}/stages": (
        "评审环节记录",
        "各环节记录及撤回，最早的在前，一次返回全部（数组，不分页）：上海工匠评审只有资格审查、"
        "专家复审、评审发布、市总审定、社会公示五个环节，每个环节决定一次，另有一次撤回[G 三]。",
    ),
    "POST /api/v1/craftsman-selections/false-declarations": (
        "登记瞒报、虚报",
        "取消资格，三年内不得申报[G 五（三）]。",
    ),
    "POST /api/v1/craftsman-selections/{selection_id}/local-selections": (
        "登记本级工匠选树",
        "区局（产业）工会或社团自行开展的工匠选树[G 五（二）]。",
    ),
    "GET /api/v1/craftsman-selections/{selection_id}/applications": (
        "列出年度上海工匠申报",
        "管辖范围内的申报（可按组别），个人信息打码；按编号排序分页（limit/offset，"
        "或以上一页的 next_after 接着列），附总数。",
    ),
    "POST /api/v1/craftsman-selections/{selection_id}/applications": (
        "提交上海工匠申报审批表",
        "以今天为申报日判断是否在申报期内；非工会会员须先入会[G 一、二]。",
    ),
    "GET /api/v1/craftsman-selections/{selection_id}/statistics.xlsx": (
        "导出全市统计表（Excel）",
        "各推荐工会和社团的附件3统计表（市总工会）。",
    ),
    "GET /api/v1/craftsman-selections/{selection_id}/unions/{union_id}/statistics.xlsx": (
        "导出推荐工会统计表（Excel）",
        "union_id 所在（或其上级）区局级推荐工会的附件3统计表。",
    ),
    "POST /api/v1/craftsman-selections/applications/{craftsman_application_id}/withdraw": (
        "撤回上海工匠申报",
        "提交申报的工会在评审中撤回，须说明理由。",
    ),
}
