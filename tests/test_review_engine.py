"""The review engine across formats and vector stores (real files, real Chroma, real e5 model)."""

from __future__ import annotations

import shutil
from pathlib import Path

import chromadb
import pytest

from docreview.docgen import DocSpec, Heading, Para, Table, write
from docreview.pipeline import run_review
from docreview.render import review_to_json
from docreview.settings import RetrievalSettings, Settings
from test_retrieve import chroma_server, free_port  # noqa: F401  (fixture and its helper)

ROOT = Path(__file__).resolve().parents[1]
PROSE_CASE = ROOT / "corpus" / "h10_grain_rotation"  # a TXT policy and a Markdown prose report


def flag_set(review) -> set[tuple[str, str | None]]:
    return {(f.type, f.indicator) for f in review.flags}


@pytest.mark.slow
def test_review_against_a_chroma_server(chroma_server: str, tmp_path: Path) -> None:  # noqa: F811
    policy, report = PROSE_CASE / "policy.txt", PROSE_CASE / "report.md"
    embedded = run_review([policy], [report], settings=Settings(workspace=tmp_path / "embedded"))
    remote_settings = Settings(workspace=tmp_path / "remote", retrieval=RetrievalSettings(chroma_url=chroma_server))
    remote = run_review([policy], [report], settings=remote_settings)
    # prose claims are found through retrieval, so the server's collection was really used
    assert any(m.method == "retrieval" for m in remote.matches)
    client = chromadb.HttpClient(host="127.0.0.1", port=int(chroma_server.rsplit(":", 1)[1]))
    names = [c.name if hasattr(c, "name") else str(c) for c in client.list_collections()]
    assert names and all("e5-small" in n for n in names)
    assert client.get_collection(names[0]).count() > 0
    assert not (tmp_path / "remote" / "chroma" / "chroma.sqlite3").exists()
    assert flag_set(remote) == flag_set(embedded)
    assert remote.score == embedded.score


def test_xlsx_report_against_txt_policy(tmp_path: Path) -> None:
    policy = write(DocSpec(blocks=[
        Heading("2024年政务服务改革项目绩效目标"),
        Table([["一级指标", "二级指标", "三级指标", "指标值", "分值"],
               ["产出指标", "数量指标", "新改建农村公路里程", "≥120公里", "20"],
               ["产出指标", "质量指标", "“最多跑一次”事项占比", "≥90%", "20"],
               ["效益指标", "社会效益指标", "群众办事平均跑动次数", "≤1.2次", "20"],
               ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "30"]]),
    ], encoding="gb18030"), tmp_path / "policy.txt")
    report = write(DocSpec(blocks=[
        Heading("2024年度项目支出绩效自评表"),
        Table([["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
               ["年度资金总额", "300", "300", "291", "10", "97.00%", "9.7"]]),
        Table([["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
               ["产出指标", "数量指标", "新改建农村公路", "≥120公里", "126公里", "20", "20", ""],
               ["产出指标", "质量指标", "最多跑一次事项比例", "≥90%", "93.5%", "20", "20", ""],
               ["效益指标", "社会效益指标", "群众办事平均跑动次数", "≤1.2次", "1.1次", "20", "20", ""],
               ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "30", "30", ""]]),
    ]), tmp_path / "report.xlsx")
    review = run_review([policy], [report], settings=Settings(workspace=tmp_path / "ws"))
    by_indicator = {m.indicator_id: m for m in review.matches}
    names = {i.id: i.name for i in review.indicators}
    matched = {names[i]: m.method for i, m in by_indicator.items()}
    assert matched == {"新改建农村公路里程": "row_name", "“最多跑一次”事项占比": "row_name",
                       "群众办事平均跑动次数": "row_name", "群众满意度": "row_name"}
    actuals = {a["indicator"]: a["value"] for a in review_to_json(review)["actuals"]}
    assert actuals["“最多跑一次”事项占比"] == "93.5%"
    assert review.flags == []  # every target met, scores and budget consistent
    assert review.score.computed_total == pytest.approx(99.7)
    assert review.score.rating == "优"


def test_report_without_policy_uses_its_own_targets(tmp_path: Path) -> None:
    src = ROOT / "corpus" / "h12_elderly_care" / "report.txt"
    report = shutil.copy(src, tmp_path / "report.txt")
    review = run_review([], [report], settings=Settings(workspace=tmp_path / "ws"))
    assert review.policy_files == [] and all(i.source == "report" for i in review.indicators)
    assert {"target_changed"} & {f.type for f in review.flags} == set()
    assert ("target_missed", "为特殊困难老年人提供居家养老上门服务") in flag_set(review)


def test_policy_only_prose_targets(tmp_path: Path) -> None:
    policy = write(DocSpec(blocks=[Para("农村生活垃圾无害化处理率不低于95%；完成造林绿化面积3.2万亩。")]),
                   tmp_path / "policy.md")
    report = write(DocSpec(blocks=[Para("全县农村生活垃圾无害化处理率达到96.2%，完成造林绿化面积2.9万亩，"
                                        "主要原因是春季持续干旱，部分地块推迟到秋季造林。")]), tmp_path / "report.md")
    review = run_review([policy], [report], settings=Settings(workspace=tmp_path / "ws"))
    assert flag_set(review) == {("target_missed", "造林绿化面积")}
    assert review.flags[0].inputs["actual"] in ("2.9万亩", 2.9)
