"""Never rate what was not read (domain.md §4; the real-documents issue §3 and §6).

Real files through the real parsers and the whole pipeline: a target table reviewed on its own, a scoring
rubric, a report without a budget section and a form whose rows cannot be read all come back with a reading
summary, and none of them is given a total or a rating.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from docreview.docgen import DocSpec, Heading, Para, Table, write
from docreview.pipeline import run_review
from docreview.render import render_markdown, review_to_json
from docreview.settings import Settings

BUDGET = Table(rows=[["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                     ["年度资金总额", "100", "100", "95", "10", "95%", "9.5"]])


def _review(tmp_path: Path, name: str, *blocks: object) -> object:
    path = write(DocSpec(title=name, blocks=list(blocks)), tmp_path / name)  # type: ignore[arg-type]
    return run_review([], [path], settings=Settings(workspace=tmp_path / "ws"), explain=False)


def test_a_target_table_reviewed_alone_is_not_scored_and_has_no_not_reported(tmp_path: Path) -> None:
    review = _review(tmp_path, "target.html", Heading("2022年高标准农田建设项目绩效目标表"), Table(rows=[
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "脱贫村村内道路硬化里程", "≥100公里"],
        ["", "质量指标", "项目(工程)验收合格率", "100%"],
        ["效益指标", "社会效益指标", "受益脱贫(监测)人口数", "≥500人"],
    ]))
    assert [i.name for i in review.indicators] == ["脱贫村村内道路硬化里程", "项目(工程)验收合格率", "受益脱贫(监测)人口数"]
    assert not [f for f in review.flags if f.type in ("not_reported", "unsupported_score")]
    assert review.score.computed_total is None and review.score.rating is None
    assert review.reading is not None and review.reading.targets_only
    assert review.reading.tables[0].kind == "target"
    assert "不计分" in (review.score.not_rated or "")


def test_a_scoring_rubric_never_raises_unsupported_score(tmp_path: Path) -> None:
    review = _review(tmp_path, "report.docx", Heading("项目绩效评价评分表"), Table(rows=[
        ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"],
        ["项目决策", "20", "项目目标", "4", "目标内容", "4", "4"],
        ["", "", "决策过程", "8", "决策依据", "3", "3"],
        ["项目管理", "25", "资金到位", "5", "到位率", "3", "3"],
    ]), BUDGET)
    assert review.reading is not None and review.reading.tables[0].kind == "rubric"
    assert not [f for f in review.flags if f.type in ("not_reported", "unsupported_score")]


def test_a_report_without_a_budget_section_gets_no_rating(tmp_path: Path) -> None:
    review = _review(tmp_path, "report.xlsx", Table(rows=[
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥1000人次", "1200人次", "50", "50"],
        ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", "40", "40"],
    ]))
    assert review.score.rating is None and review.score.computed_total is None
    assert review.reading is not None and "没有找到预算执行情况" in "".join(review.reading.problems)
    data = review_to_json(review)
    assert next(iter(data)) == "reading_incomplete" and data["reading_incomplete"]
    markdown = render_markdown(review)
    assert markdown.index("⚠") < markdown.index("规则计算总分")
    assert "| 规则计算总分 | 未计分 |" in markdown and "| 评级 | 不评级 |" in markdown
    assert "差" not in markdown.split("## 二")[0]


def test_a_form_whose_rows_cannot_be_read_gets_no_rating_and_says_why(tmp_path: Path) -> None:
    review = _review(tmp_path, "report.html", Table(rows=[
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥1000人次", "1200人次", "20", "20"],
        ["", "", "", "", "见附件3第2页", "20", "18"],
        ["", "", "", "", "详见说明", "20", "19"],
        ["", "", "", "", "另报", "30", "28"],
    ]), BUDGET)
    assert review.reading is not None
    table = review.reading.tables[0]
    assert (table.rows, table.rows_read) == (4, 1)
    assert any("只读出1/4行" in p for p in review.reading.problems)
    assert review.score.rating is None


def test_a_complete_self_evaluation_is_still_rated(tmp_path: Path) -> None:
    review = _review(tmp_path, "report.docx", Table(rows=[
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥1000人次", "1200人次", "50", "50"],
        ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", "40", "40"],
    ]), BUDGET, Para("全年共开展培训1200人次。"))
    assert review.reading is not None and review.reading.complete
    assert review.score.rating == "优" and review.score.computed_total == 99.5
    assert review.reading.actuals == 2 and review.reading.indicators == 2
    assert review.reading.prose_numbers == 1 and review.reading.prose_read == 1


def test_cli_prints_the_reading_warning_before_the_score(tmp_path: Path) -> None:
    path = write(DocSpec(blocks=[Table(rows=[
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人次", "≥1000人次", "1200人次", "50", "50"]])]), tmp_path / "report.docx")
    out = subprocess.run([sys.executable, "-m", "docreview.cli", "review", "--report", str(path),
                          "--json", str(tmp_path / "r.json")],
                         capture_output=True, text=True, encoding="utf-8",
                         env={"DOCREVIEW_WORKSPACE": str(tmp_path / "ws"), "PATH": "/usr/bin:/bin",
                              "COLUMNS": "200"}, check=True)
    assert "⚠" in out.stdout and out.stdout.index("⚠") < out.stdout.index("得分 score")
    assert "未计分" in out.stdout and "不评级" in out.stdout
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["score"]["rating"] is None and data["reading_incomplete"]


def test_a_report_covering_two_projects_keeps_them_apart(tmp_path: Path) -> None:
    """One 自评报告 with a form per project (headings （一）/（二）, a 项目名称 row each): the same indicator
    name in both projects is two indicators, each answered by its own project's row."""
    def form(project: str, roads: str, satisfaction: str) -> Table:
        return Table(rows=[
            ["项目名称", project, "", "", "", "", ""],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "新改建农村公路里程", "≥20公里", roads, "40", "40"],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", satisfaction, "50", "50"],
        ])

    review = _review(tmp_path, "report.docx", Heading("某县交通运输局2023年度项目支出绩效自评报告"),
                     Para("（一）农村公路建设项目"), form("农村公路建设项目", "22公里", "95%"), BUDGET,
                     Para("（二）危桥改造项目"), form("危桥改造项目", "18公里", "86%"), BUDGET)
    projects = {(i.project, i.name) for i in review.indicators}
    assert projects == {("农村公路建设项目", "新改建农村公路里程"), ("农村公路建设项目", "群众满意度"),
                        ("危桥改造项目", "新改建农村公路里程"), ("危桥改造项目", "群众满意度")}
    assert not [f for f in review.flags if f.type == "inconsistent_values"]
    missed = sorted((f.indicator or "", f.inputs.get("actual")) for f in review.flags if f.type == "target_missed")
    assert missed == [("新改建农村公路里程", "18公里"), ("群众满意度", "86%")]
    claims = {c.id: c for c in review.claims}
    for m in review.matches:
        ind = next(i for i in review.indicators if i.id == m.indicator_id)
        assert m.claim_id is not None and claims[m.claim_id].project == ind.project


def test_a_target_notice_in_sentences_is_targets_only(tmp_path: Path) -> None:
    """xa04 (宁夏同心): a 绩效目标设定 notice states every target in a sentence and answers none of them."""
    review = _review(tmp_path, "target.html", Heading("2023年黄金蜜种植项目绩效目标设定公示"),
                     Para("一、项目绩效目标"),
                     Para("项目年度绩效目标设定如下：黄金蜜(葡萄)种植数量不少于5000株；种植作物成活率不低于90%；"
                          "受益脱贫户满意度不低于95%。"))
    assert len(review.indicators) == 3
    assert review.reading is not None and review.reading.targets_only
    assert not [f for f in review.flags if f.type in ("not_reported", "missing_deviation_reason")]
    assert review.score.rating is None


def test_a_self_evaluation_report_without_actuals_is_not_a_target_document(tmp_path: Path) -> None:
    """ce03 (江西): a 绩效评价报告 restates its targets, then says only `各项指标均高质量完成` — not_reported, not
    a target document."""
    review = _review(tmp_path, "report.html", Heading("关于2019年度高其坑通组道路工程绩效评价报告"),
                     Para("项目绩效目标设定如下：道路硬化不少于2.5公里；项目（工程）验收合格率不低于100%。"),
                     Para("截至年底，各项指标均高质量完成。"))
    assert review.reading is not None and not review.reading.targets_only
    assert {f.indicator for f in review.flags if f.type == "not_reported"} == {"道路硬化", "项目（工程）验收合格率"}


def test_a_total_and_its_parts_in_one_sentence_are_checked(tmp_path: Path) -> None:
    """Prose sums (real reports xb04, no02): the parts before a 合计 that measure the same thing, or after 其中,
    add up to the stated total or the review says they do not; counts by level are no partition."""
    review = _review(tmp_path, "report.html", Heading("2020年交通项目绩效自评报告"),
                     Para("专项资金支出316.38万元，预算执行率61%；财政资金支出2419.45万元，预算执行率58%；"
                          "合计总支出2939.83万元，执行率63%。"),
                     Para("计划建设安装软硬件设备合计16954套(台、块、项),其中:总平台558套(台、块、项),综治分平台1488套"
                          "(台、块、项),公安分平台34套(台、块、项),前端视频监控补点14666台(套),综治精品社区242套(台、块、项)。"),
                     Para("本项目共设置绩效目标指标15个，其中一级指标3个、二级指标8个、三级指标15个。"),
                     Para("年初预算200万元，其中：中央资金120万元、省级资金50万元、县级资金30万元。"))
    sums = sorted((f.inputs["stated"], f.inputs["sum"]) for f in review.flags if f.type == "arithmetic_error")
    assert sums == [(2939.83, 2735.83), (16954.0, 16988.0)]


def test_alike_indicators_each_answered_stay_apart(tmp_path: Path) -> None:
    """td02 (天津东疆 2020): one line per indicator, several of them 100% rates with alike names and their own
    answers; none is another's restatement, so none is compared with another's actual."""
    review = _review(tmp_path, "report.docx", Para("(三)绩效指标完成情况分析。"),
                     Para("项目竣工验收合格率:指标值为“100%”,全年实际完成值为0,原因是项目仍处在建设工期内;"),
                     Para("安装工程验收合格率:指标值为“100%”,用直达资金实施的安装工程均已验收合格,完成值为100%;"),
                     Para("项目按计划开工率:指标值为“100%”,项目已按计划的开工时间如期开工,完成值为100%;"),
                     Para("项目计划完工率:指标值为“100%”,全年实际完成值为0,原因是项目仍处在建设工期内;"))
    names = {i.name for i in review.indicators}
    assert {"项目竣工验收合格率", "安装工程验收合格率", "项目按计划开工率", "计划完工率"} <= names
    assert not [f for f in review.flags if f.type == "inconsistent_values"]
    missed = sorted(f.indicator or "" for f in review.flags if f.type == "target_missed")
    assert missed == ["计划完工率", "项目竣工验收合格率"]
    shown = {a["indicator"]: a["value"] for a in review_to_json(review)["actuals"]}  # type: ignore[arg-type]
    assert shown["计划完工率"] == "0" and shown["安装工程验收合格率"] == "100%"  # as the report wrote them
