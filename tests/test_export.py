"""XLSX 审核意见表 and DOCX 审核意见书, re-read with openpyxl and python-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from docreview import auth
from docreview.models import ADVISORY_LABEL, FLAG_TYPES, Advisory
from docreview.settings import Settings, StoreSettings
from docreview.store import ReviewRecord, Workspace
from docreview.store.export import review_to_docx, review_to_xlsx, safe_cell
from docreview.store.records import FLAG_ZH
from store_samples import make_review


@pytest.fixture
def record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewRecord:
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    settings = Settings(workspace=tmp_path, store=StoreSettings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}"))
    with Workspace(settings) as ws:
        ws.add_user("张审核", password="password-1")
        ws.add_user("=cmd", password="password-2")  # a hostile user name ends up in cells too
        p = ws.store_document(b"policy", "policy_目标表.docx", user=None)
        r = ws.store_document(b"report", "report_自评表.xlsx", user=None)
        batch = ws.create_batch("2024年度复核", unit_name="某县交通运输局", user="张审核")
        rec = ws.save_review(batch.id, make_review(hostile=True, extra_flag=True), [(p, "policy"), (r, "report")],
                             user="张审核")
        by_type = {f.flag.type: f for f in rec.flags}
        ws.set_verdict(by_type["target_missed"].id, "确认", "-1 与原表不符，=SUM(A1:A9)", user="张审核",
                       expected_version=0)
        ws.set_verdict(by_type["overachieved"].id, "驳回", "目标设定合理", user="=cmd", expected_version=0)
        ws.add_comment(rec.id, "@请补充培训台账", user="张审核", flag_id=by_type["not_reported"].id)
        ws.add_comment(rec.id, "整体材料基本齐全。", user="张审核")
        return ws.get_review(rec.id, user=None)


def test_safe_cell() -> None:
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+86") == "'+86"
    assert safe_cell("-5%") == "'-5%"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\t=x") == "'\t=x"
    assert safe_cell("正常文本 =1") == "正常文本 =1"
    assert safe_cell("a\x00b\x1fc") == "abc"
    assert safe_cell(None) == ""


def test_flag_names_cover_all_codes() -> None:
    assert set(FLAG_ZH) == set(FLAG_TYPES)
    assert len(set(FLAG_ZH.values())) == len(FLAG_ZH)  # a reviewer can tell every type apart


def test_xlsx_review_sheet(record: ReviewRecord, tmp_path: Path) -> None:
    data = review_to_xlsx(record)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    out = tmp_path / "审核意见表.xlsx"
    out.write_bytes(data)
    wb = openpyxl.load_workbook(out)  # formulas would come back as "=..." strings with data_type "f"
    assert wb.sheetnames == ["审核意见表", "审核概况"]
    ws = wb["审核意见表"]
    header = [c.value for c in ws[1]]
    assert header == ["序号", "指标", "问题类型", "严重程度", "问题描述", "政策依据", "报告原文", "审核结论", "审核意见",
                      "审核人", "时间"]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    assert ws.column_dimensions["E"].width > 40 and ws.column_dimensions["A"].width < 10
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == len(record.flags) == 5
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    # high severity first
    assert [r[3] for r in rows] == ["高", "高", "中", "中", "低"]
    tm = next(r for r in rows if r[2] == "未完成目标")
    assert tm[1] == "新改建农村公路里程"
    assert tm[4].startswith("'=HYPERLINK")  # formula injection neutralised
    assert "<script>" in tm[4]  # kept as text, not interpreted
    assert tm[5].startswith("「新改建农村公路里程 ≥120公里」（policy_目标表.docx 第2行）")
    assert tm[6].startswith("「+cmd|")  # starts with 「, so no prefix needed
    assert (tm[7], tm[8], tm[9]) == ("确认", "'-1 与原表不符，=SUM(A1:A9)", "张审核")
    assert len(tm[10]) == 16  # 2025-03-01 16:30
    nr = next(r for r in rows if r[2] == "未报告完成值")
    assert nr[7] == "待审核" and "最接近的段落" in nr[6] and "(0.412)" in nr[6]
    assert nr[8] == "张审核：@请补充培训台账"
    over = next(r for r in rows if r[2] == "超额完成过多")
    assert (over[7], over[9]) == ("驳回", "'=cmd")
    budget = next(r for r in rows if r[2] == "预算执行率偏低")
    assert budget[1] == "（整体）"
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f"
    info = {r[0].value: r[1].value for r in wb["审核概况"].iter_rows()}
    assert info["被审核单位"] == "某县交通运输局" and info["批次"] == "2024年度复核"
    assert info["评级"] == "中" and info["预算执行率"] == "85.00%" and info["已审核"] == "2 / 5"


def test_docx_memo(record: ReviewRecord, tmp_path: Path) -> None:
    data = review_to_docx(record)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    out = tmp_path / "审核意见书.docx"
    out.write_bytes(data)
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    table = {r.cells[0].text: r.cells[1].text for r in d.tables[0].rows}
    assert table["被审核单位"] == "某县交通运输局" and table["批次"] == "2024年度复核"
    assert table["规则计算总分"] == "73.50" and table["评级"] == "中" and table["单位自评总分"] == "95.00"
    assert "绩效自评审核意见书" in text
    assert "共发现问题 5 项，其中确认 1 项，驳回 1 项，需补充材料 0 项，待审核 3 项。" in text
    # grouped by severity, high first
    assert text.index("高严重程度（2 项）") < text.index("中严重程度（2 项）") < text.index("低严重程度（1 项）")
    assert "1. 【未完成目标】新改建农村公路里程" in text
    assert "审核结论：确认（张审核，" in text
    assert "审核意见：-1 与原表不符，=SUM(A1:A9)" in text
    assert "评论：张审核（" in text and "@请补充培训台账" in text
    assert "规则说明：规则 target_missed" in text and "模型说明（test-model）" in text
    assert "检索结果：报告中未找到" in text
    assert "三、总体意见" in text and "整体材料基本齐全。" in text
    assert d.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"


def test_docx_memo_shows_the_advisory_labelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    opinion = Advisory(status="ok", prompt="advise.v1", model="test-model", reason_quality="boilerplate",
                       reason_quality_zh="原因说明空泛（套话）", reason_comment="只写了「资金到位较晚」。",
                       category_fit="fits", category_fit_zh="归类恰当", category_comment="公路里程属于数量指标。")
    rejected = Advisory(status="rejected", prompt="advise.v1", model="test-model", rejected_reason="grounding: x")
    review = make_review()
    with_advice = {"F1": opinion, "F4": rejected}
    review = review.model_copy(update={"explanations": [
        e.model_copy(update={"advisory": with_advice.get(e.flag_id)}) for e in review.explanations]})
    settings = Settings(workspace=tmp_path, store=StoreSettings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}"))
    with Workspace(settings) as ws:
        ws.add_user("张审核", password="password-1")
        batch = ws.create_batch("2024年度复核", unit_name="某县交通运输局", user="张审核")
        docs = [(ws.store_document(b"policy", "policy_目标表.docx", user=None), "policy"),
                (ws.store_document(b"report", "report_自评表.xlsx", user=None), "report")]
        rec = ws.save_review(batch.id, review, docs, user="张审核")
        record = ws.get_review(rec.id, user=None)
    d = docx.Document(io.BytesIO(review_to_docx(record)))
    paragraphs = [p.text for p in d.paragraphs]
    shown = [p for p in paragraphs if p.startswith(ADVISORY_LABEL)]
    assert shown == [f"{ADVISORY_LABEL}（test-model，advise.v1）：偏差原因：原因说明空泛（套话）。只写了「资金到位较晚」。\n"
                     "指标归类：归类恰当。公路里程属于数量指标。"]  # once: the rejected opinion is not shown
    assert paragraphs.index(shown[0]) == next(n for n, p in enumerate(paragraphs) if p.startswith("规则说明：")) + 1
