"""整改通知 document layer: body text, PDF after GB/T 9704-2012 and printable HTML [Y12]."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date

import pypdf
import pytest

from lifecycle.clock import chinese_date
from lifecycle.errors import ValidationFailed
from lifecycle.notices.document import (
    FailedCriterion,
    NoticeDocument,
    body_paragraphs,
    chinese_numeral,
    title_lines,
)
from lifecycle.notices.html import render_notice_html
from lifecycle.notices.pdf import render_notice_pdf

CRITERIA = (
    FailedCriterion("有创新团队", "团队成员由8人减少至2人，未能形成稳定的创新团队。"),
    FailedCriterion("有创新项目和计划", "近三年未制定年度创新计划，2025年度无在研项目"),
    FailedCriterion("有活动场所和制度", "活动场所已被挪作仓库使用，管理制度未上墙"),
)
PROVISIONAL = "上述整改期限为暂定，待国务院公布2026年节假日安排后予以确认"


def make_doc(**changes: object) -> NoticeDocument:
    doc = NoticeDocument(
        issuer_name="上海市杨浦区总工会",
        number="杨工创〔2026〕3号",
        title="关于张师傅数控攻关劳模创新工作室限期整改的通知",
        addressee="五角场街道总工会",
        workshop_title="张师傅数控攻关劳模创新工作室",
        designation_number="杨浦 2023-015",
        inspection_date=date(2026, 3, 20),
        failed_criteria=CRITERIA,
        deadline=date(2026, 5, 14),
        deadline_provisional=False,
        deadline_working_days=30,
        issued_on=date(2026, 4, 1),
        cc=("上海市总工会经济技术部", "杨浦区总工会劳动和经济工作部"),
        printer="上海市杨浦区总工会办公室",
        printed_on=date(2026, 4, 1),
    )
    return dataclasses.replace(doc, **changes)  # type: ignore[arg-type]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_chinese_date_and_numerals() -> None:
    assert chinese_date(date(2026, 4, 1)) == "2026年4月1日"
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 23, 30)] == [
        "一",
        "十",
        "十一",
        "二十",
        "二十三",
        "三十",
    ]


def test_body_paragraphs_in_order() -> None:
    paragraphs = body_paragraphs(make_doc())
    opening, *criteria, deadline, report = paragraphs
    assert "《杨浦区劳模（先进）、技师创新工作室管理办法》第十二条" in opening
    assert "2026年3月20日" in opening
    assert "杨浦 2023-015" in opening
    assert criteria == [
        "一、有创新团队：团队成员由8人减少至2人，未能形成稳定的创新团队。",
        "二、有创新项目和计划：近三年未制定年度创新计划，2025年度无在研项目。",
        "三、有活动场所和制度：活动场所已被挪作仓库使用，管理制度未上墙。",
    ]
    assert "于2026年5月14日前（30个工作日内）完成整改" in deadline
    assert "撤牌处理" in deadline
    assert "不再保留其工作室称号" in deadline
    assert PROVISIONAL not in deadline
    assert "书面报告" in report


def test_provisional_deadline_sentence() -> None:
    paragraphs = body_paragraphs(make_doc(deadline_provisional=True))
    assert PROVISIONAL in paragraphs[-2]


def test_without_working_days_no_day_count() -> None:
    deadline = body_paragraphs(make_doc(deadline_working_days=None))[-2]
    assert "于2026年5月14日前完成整改" in deadline


def test_notice_without_failed_criteria_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        make_doc(failed_criteria=())


def test_title_breaks_after_workshop_name() -> None:
    def width(text: str) -> float:
        return float(len(text))

    title = "关于张师傅数控攻关劳模创新工作室限期整改的通知"
    assert title_lines(title, width, 20) == ["关于张师傅数控攻关劳模创新工作室", "限期整改的通知"]
    assert title_lines(title, width, 30) == [title]


def test_pdf_contains_the_notice() -> None:
    data = render_notice_pdf(make_doc())
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert reader.metadata.title == "关于张师傅数控攻关劳模创新工作室限期整改的通知"
    text = flat("".join(page.extract_text() for page in reader.pages))
    for expected in (
        "上海市杨浦区总工会文件",
        "杨工创〔2026〕3号",
        "五角场街道总工会：",
        "2026年5月14日",
        "2026年4月1日印发",
        "抄送：上海市总工会经济技术部，杨浦区总工会劳动和经济工作部。",
        "—1—",
    ):
        assert expected in text
    for criterion in CRITERIA:
        assert flat(criterion.label) in text
        assert flat(criterion.notes) in text
    assert "暂定" not in text


def test_pdf_provisional_deadline() -> None:
    text = flat("".join(pdf_pages(render_notice_pdf(make_doc(deadline_provisional=True)))))
    assert PROVISIONAL in text


def test_pdf_is_deterministic() -> None:
    assert render_notice_pdf(make_doc()) == render_notice_pdf(make_doc())


def test_pdf_no_line_starts_with_closing_punctuation() -> None:
    doc = make_doc(deadline_provisional=True)
    lines = [
        line.strip() for page in pdf_pages(render_notice_pdf(doc)) for line in page.split("\n")
    ]
    assert not [line for line in lines if line.startswith(tuple("，。、；：！？）》”"))]


def test_long_pdf_spans_pages_with_numbers() -> None:
    criteria = tuple(
        FailedCriterion(f"第{i}项标准", f"检查发现问题{i}，相关台账缺失，整改材料不完整。")
        for i in range(1, 31)
    )
    pages = pdf_pages(render_notice_pdf(make_doc(failed_criteria=criteria)))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"—{number}—" in flat(page)
    text = flat("".join(pages))
    assert "三十、第30项标准：检查发现问题30" in text
    assert "印发" in pages[-1]
    assert all("印发" not in page for page in pages[:-1])


def test_pdf_escapes_markup_in_notes() -> None:
    doc = make_doc(
        failed_criteria=(FailedCriterion("有创新团队", "<b>a</b> & <script>x</script>"),)
    )
    assert "<b>a</b>&<script>x</script>" in flat("".join(pdf_pages(render_notice_pdf(doc))))


def test_html_contains_the_notice() -> None:
    page = render_notice_html(make_doc())
    text = flat(page)
    for expected in (
        "上海市杨浦区总工会文件",
        "杨工创〔2026〕3号",
        "五角场街道总工会：",
        "2026年5月14日",
        "2026年4月1日印发",
        *(flat(c.label) for c in CRITERIA),
        *(flat(c.notes) for c in CRITERIA),
    ):
        assert expected in text
    assert "<title>关于张师傅数控攻关劳模创新工作室限期整改的通知</title>" in page
    assert "size: A4" in page
    assert '"FangSong", "STFangsong", "WenQuanYi Zen Hei", serif' in page
    assert "暂定" not in page


def test_html_provisional_deadline() -> None:
    assert PROVISIONAL in render_notice_html(make_doc(deadline_provisional=True))


def test_html_escapes_notes_and_uses_no_external_assets() -> None:
    doc = make_doc(failed_criteria=(FailedCriterion("有创新团队", "<script>alert(1)</script>"),))
    page = render_notice_html(doc)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for external in ("http://", "https://", "<link", "src=", "@import", "@font-face", "url("):
        assert external not in page
