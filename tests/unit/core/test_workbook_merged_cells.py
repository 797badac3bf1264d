"""A merged range reads as its value in every cell it spans, as the sheet shows it."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

from lifecycle.workbook_reader import sheet_values


def _content(merges: tuple[str, ...], padding_rows: int = 0) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["杨浦区创新工作室名册", None, None])
    ws.append(["单位", "姓名", "备注"])
    ws.append(["甲单位", "张三", None])
    ws.append([None, "李四", None])
    ws.append(["乙单位", "王五", None])
    for n in range(padding_rows):  # a sheet part longer than one read of the stream
        ws.append([f"丙单位{n}", f"成员{n}", "x" * 40])
    for ref in merges:
        ws.merge_cells(ref)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_vertical_merge_fills_the_rows_below_and_a_title_row_its_columns() -> None:
    rows = sheet_values(_content(("A1:C1", "A3:A4")), None)[""]
    assert rows[:5] == [
        ("杨浦区创新工作室名册", "杨浦区创新工作室名册", "杨浦区创新工作室名册"),
        ("单位", "姓名", "备注"),
        ("甲单位", "张三", None),
        ("甲单位", "李四", None),
        ("乙单位", "王五", None),
    ]


def test_a_sheet_without_merges_reads_a_blank_as_blank() -> None:
    assert sheet_values(_content(()), None)[""][3] == (None, "李四", None)


def test_merges_after_a_long_sheet_are_found() -> None:
    rows = sheet_values(_content(("A3:A4",), padding_rows=8_000), None)[""]
    assert rows[3] == ("甲单位", "李四", None)
