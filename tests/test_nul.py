"""A NUL character in a document's text (issue 18): the block builder every reader uses drops it before
any offset is taken (PostgreSQL text refuses NUL), so every cell offset still quotes its cell."""

from __future__ import annotations

from docreview.ingest.common import Blocks


def test_nul_is_gone_and_offsets_still_quote_the_cells() -> None:
    blocks = Blocks("report.xlsx")
    blocks.text("预算执行率为98\x00%。")
    blocks.table([["三级指标", "年度指标值", "实际完成值"], ["培训\x00人次", "≥3000人次", "2800\x00人次"]])
    paragraph, table = blocks.blocks
    assert paragraph.text == "预算执行率为98%。"
    assert not any("\x00" in cell for row in table.rows for cell in row.cells)
    for row in table.rows:
        for cell, start in zip(row.cells, row.offsets, strict=True):
            assert table.text[start:start + len(cell)] == cell
    assert table.rows[1].cells == ["培训人次", "≥3000人次", "2800人次"]
