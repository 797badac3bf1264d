"""The 附件3 form carries every field of the original, as HTML and as PDF [C 附件3]."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from lifecycle.changes.document import ChangeFormDocument, StepBox
from lifecycle.changes.html import render_change_form_html
from lifecycle.changes.model import ChangeMeasure, ChangeReason
from lifecycle.changes.pdf import render_change_form_pdf

DOC = ChangeFormDocument(
    form_title="上海市工匠创新工作室管理变更申请表",
    district_union="杨浦区总工会",
    workshop_title="王工匠精密装配创新工作室",
    host_unit="上海某机械有限公司",
    head_count=6,
    address="上海市杨浦区军工路100号",
    reason=ChangeReason.RETIRED,
    reason_details="领衔工匠已于2026年5月退休",
    measure=ChangeMeasure.LEADER_CHANGE,
    new_leader_name="李工匠",
    new_leader_honours="上海工匠（2022年）",
    unit=StepBox("同意变更领衔人", "赵主席", date(2026, 6, 10)),
    district=StepBox("审核同意", "王部长", date(2026, 6, 12)),
    city_label="市工匠创新工作室创建命名办公室审定",
    city=StepBox("同意", "刘主任", date(2026, 6, 20)),
    decision_ref="沪工创〔2026〕8号",
)

FIELDS = (
    "附件3",
    "上海市工匠创新工作室管理变更申请表",
    "所属区局（产业）工会",
    "杨浦区总工会",
    "工作室名称",
    "王工匠精密装配创新工作室",
    "工作室所属单位",
    "上海某机械有限公司",
    "人数",
    "工作室地址",
    "上海市杨浦区军工路100号",
    "申请原因",
    "退休",
    "领衔工匠已于2026年5月退休",
    "本单位工会",
    "领衔人变更",
    "新领衔人姓名：李工匠",
    "荣誉：上海工匠（2022年）",
    "退出管理序列",
    "保留工作室称号",
    "摘牌",
    "盖章",
    "区局（产业）工会",
    "审核",
    "市工匠创新工作室创建命名办公室审定",
    "2026年6月10日",
    "2026年6月12日",
    "2026年6月20日",
    "沪工创〔2026〕8号",
    "备注：申请原因可选填领衔工匠已故、离职、退休或其他不能继续发挥示范引领作用的具体情况。",
)


def test_html_form_has_every_field_and_ticks_the_chosen_boxes():
    page = render_change_form_html(DOC)
    for text in FIELDS:
        assert text in page, text
    assert "■退休" in page
    assert "□离职" in page
    assert "■领衔人变更" in page
    assert "□退出管理序列" in page


def test_html_escapes_user_text():
    from dataclasses import replace

    page = render_change_form_html(replace(DOC, reason_details="<script>x</script>"))
    assert "<script>x" not in page


def test_pdf_form_has_every_field_and_is_reproducible():
    data = render_change_form_pdf(DOC)
    assert data == render_change_form_pdf(DOC)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    compact = "".join(text.split())
    for field in FIELDS:
        assert "".join(field.split()) in compact, field


def test_blank_steps_print_empty_dates():
    blank = StepBox(None, None, None)
    from dataclasses import replace

    doc = replace(DOC, district=blank, city=blank, decision_ref=None,
                  measure=ChangeMeasure.EXIT_KEEPING_TITLE, new_leader_name=None,
                  new_leader_honours=None)  # fmt: skip
    page = render_change_form_html(doc)
    assert "■退出管理序列（■保留工作室称号" in page
    assert "年    月    日" in page
