"""Review kinds (domain.md §7): what a document is decides which rules run.

Real files through the real parsers and the whole pipeline: target tables get the target review (§7.2) and
no score; monitoring tables are measured against 序时进度 (§7.3); an earlier year of the same unit is the
baseline of this year's targets and misses (§7.4).  Each rule is shown firing and not firing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from docreview.docgen import DocSpec, Heading, Para, Table, write
from docreview.errors import ConfigError
from docreview.models import Review
from docreview.pipeline import run_review
from docreview.render import render_markdown, review_to_json
from docreview.settings import Settings

FUNDS = [["项目资金（万元）", "年度资金总额", "120", ""],
         ["", "其中：财政拨款", "100", ""],
         ["", "其他资金", "20", ""]]
HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]
CLEAN_ROWS = [
    ["产出指标", "数量指标", "新建村内道路里程", "≥12公里"],
    ["", "质量指标", "工程验收合格率", "≥98%"],
    ["", "时效指标", "项目完工时间", "2024年11月底前"],
    ["", "成本指标", "每公里建设成本", "≤45万元"],
    ["效益指标", "社会效益指标", "受益农户", "≥860户"],
    ["满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%"],
]


def _write(tmp_path: Path, name: str, title: str, *blocks: object) -> Path:
    return write(DocSpec(title=title, blocks=[Heading(title), *blocks]), tmp_path / name)  # type: ignore[arg-type]


def _review(tmp_path: Path, paths: list[Path], **kw: object) -> Review:
    return run_review([], paths, settings=Settings(workspace=tmp_path / "ws"), explain=False, **kw)  # type: ignore[arg-type]


def _flags(review: Review, code: str) -> list[tuple[str | None, str]]:
    return [(f.indicator, f.message) for f in review.flags if f.type == code]


# --------------------------------------------------------------------------- kinds


def test_a_target_table_is_detected_and_gets_no_score(tmp_path: Path) -> None:
    path = _write(tmp_path, "target.xlsx", "2024年村内道路建设项目绩效目标申报表", Table(rows=FUNDS),
                  Table(rows=[HEADER, *CLEAN_ROWS]))
    review = _review(tmp_path, [path])
    assert review.kind is not None and review.kind.kind == "target" and "目标申报" in review.kind.reason
    assert review.year == 2024
    assert review.flags == []  # a well-set target table: nothing to say
    assert review.score.computed_total is None and review.score.rating is None
    assert {r.status for r in review.results} == {"unscored"}
    md = render_markdown(review)
    assert md.startswith("# 绩效目标审核意见") and "文件类型：绩效目标表" in md


def test_a_year_end_title_wins_over_a_date_inside_the_year(tmp_path: Path) -> None:
    path = _write(tmp_path, "report.docx", "2023年农贸市场建设项目绩效自评报告",
                  Para("截至2023年11月30日，项目已支付资金7200万元，全年预算8010万元。"))
    review = _review(tmp_path, [path])
    assert review.kind is not None and review.kind.kind == "self_eval"
    assert review.period is None  # 截至11月30日 is a date in a year-end report, not a 监控期间


def test_a_quarter_named_in_a_sentence_is_not_the_period_of_the_document(tmp_path: Path) -> None:
    """``部分路段工期延期至2025年一季度`` in a self-evaluation's prose is another date, not a 监控期间: the review
    gets no period (the batch page showed "监控期间：一季度，序时进度25.0%" for such a 自评); a quarter in the
    title of a monitoring report still is its period."""
    prose = _write(tmp_path, "report.docx", "2024年农村公路提质改造项目绩效自评报告",
                   Para("本年度完成提质改造里程58公里，部分路段受汛期影响，工期延期至2025年一季度。"),
                   Para("上半年完成招标，下半年全面开工。"))
    review = _review(tmp_path, [prose])
    assert review.kind is not None and review.kind.kind == "self_eval"
    assert review.period is None
    monitor = _write(tmp_path, "monitor.docx", "2024年第三季度农村公路提质改造项目绩效运行监控报告",
                     Para("截至目前完成提质改造里程41公里。"))
    watched = _review(tmp_path, [monitor])
    assert watched.period is not None and watched.period.months == 9 and "三季度" in watched.period.text


def test_the_kind_can_be_overridden_and_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "report.xlsx", "村内道路建设项目", Table(rows=[HEADER, *CLEAN_ROWS]))
    review = _review(tmp_path, [path], kind="monitor")
    assert review.kind is not None and review.kind.overridden and review.kind.kind == "monitor"
    assert "审核人指定" in review.kind.reason
    with pytest.raises(ConfigError, match="unknown document kind"):
        _review(tmp_path, [path], kind="budget")


# --------------------------------------------------------------------------- target review (§7.2)


def test_target_review_flags_each_badly_set_target(tmp_path: Path) -> None:
    path = _write(tmp_path, "target.xlsx", "2024年高标准农田建设项目绩效目标表", Table(rows=[
        ["项目资金（万元）", "年度资金总额", "1860", ""],
        ["", "其中：财政拨款", "1500", ""],
        ["", "其他资金", "300", ""],
    ]), Table(rows=[
        HEADER,
        ["产出指标", "数量指标", "新建高标准农田面积", "≥1.2万亩"],
        ["", "", "新建高标准农田面积", "≥1.5万亩"],
        ["", "", "培训农民人数", "≥0人"],
        ["", "质量指标", "工程验收合格率", "≤95%"],
        ["", "时效指标", "项目完工时间", "2025年6月底前"],
        ["", "成本指标", "亩均建设成本", "≥1500元"],
        ["效益指标", "社会效益指标", "受益群众满意度", "≥105%"],
        ["", "经济效益指标", "亩均粮食产能提高", "有效提升"],
    ]))
    review = _review(tmp_path, [path])
    assert review.doc_kind == "target"
    assert _flags(review, "direction_error") and {i for i, _ in _flags(review, "direction_error")} == {
        "工程验收合格率", "亩均建设成本"}
    implausible = {i: m for i, m in _flags(review, "implausible_target")}
    assert set(implausible) == {"培训农民人数", "项目完工时间", "受益群众满意度"}
    assert "2024年度" in implausible["项目完工时间"]
    assert [i for i, _ in _flags(review, "duplicate_target")] == ["新建高标准农田面积"]
    assert [i for i, _ in _flags(review, "vague_target")] == ["亩均粮食产能提高"]
    # 满意度 sits under 效益 as an indicator name only: no 满意度 dimension at 一级 or 二级
    assert [m for _, m in _flags(review, "missing_dimension")] == ["绩效目标缺少「满意度」一级指标"]
    arithmetic = _flags(review, "arithmetic_error")
    assert len(arithmetic) == 1 and "1860" in arithmetic[0][1] and "1800" in arithmetic[0][1]
    assert not _flags(review, "not_reported") and not _flags(review, "target_missed")


def test_missing_output_dimensions_and_identical_targets(tmp_path: Path) -> None:
    path = _write(tmp_path, "target.docx", "普惠金融发展项目绩效目标表", Table(rows=[
        HEADER,
        ["产出指标", "数量指标", "资金拨付率", "100%"],
        ["", "数量指标", "地方配套资金到位率", "100%"],
        ["", "质量指标", "贷款回收率", "100%"],
        ["效益指标", "社会效益指标", "网点覆盖率", "100%"],
        ["满意度指标", "服务对象满意度指标", "金融机构满意度", "≥80%"],
    ]))
    review = _review(tmp_path, [path])
    assert sorted(m for _, m in _flags(review, "missing_dimension")) == [
        "产出指标下缺少「成本指标」", "产出指标下缺少「时效指标」"]
    identical = _flags(review, "duplicate_target")
    assert identical == [(None, "5项指标中有4项的目标值都是100%")]


def test_a_target_table_that_stops_after_its_outputs_is_a_reading_problem_not_missing_dimensions(
        tmp_path: Path) -> None:
    path = _write(tmp_path, "target.html", "水利发展资金项目绩效目标表", Table(rows=[
        HEADER,
        ["产出指标", "数量指标", "新建堤防长度", "≥3公里"],
        ["", "质量指标", "工程验收合格率", "≥95%"],
    ]))
    review = _review(tmp_path, [path])
    assert not _flags(review, "missing_dimension")
    warnings = review_to_json(review)["reading_incomplete"]
    assert any("可能未读全" in w for w in warnings)


# --------------------------------------------------------------------------- monitoring (§7.3)

MONITOR_FUNDS = [["项目资金（万元）", "年初预算数", "1-6月执行数", "1-6月执行率", "全年预计执行数"],
                 ["年度资金总额", "200", "40", "20%", "200"]]
MONITOR_HEAD = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "1-6月执行情况", "全年预计完成情况", "偏差原因分析", "",
     "完成目标可能性", "", "", "备注"],
    ["", "", "", "", "", "", "经费保障", "其他", "确定能", "有可能", "完全不可能", ""],
]


def _monitor(tmp_path: Path, rows: list[list[str]], name: str = "report.xlsx") -> Review:
    path = _write(tmp_path, name, "2024年农村公路提质改造项目绩效目标执行监控表（1-6月）",
                  Table(rows=MONITOR_FUNDS), Table(rows=[*MONITOR_HEAD, *rows]))
    return _review(tmp_path, [path])


def test_monitoring_measures_progress_against_the_schedule(tmp_path: Path) -> None:
    review = _monitor(tmp_path, [
        ["产出指标", "数量指标", "提质改造里程", "60公里", "18公里", "60公里", "", "", "√", "", "", ""],  # 30%: behind
        ["", "", "危桥改造", "10座", "3座", "10座", "√", "", "√", "", "", "8月起增加施工队，9月底前完成"],
        ["", "", "安全防护设施", "50公里", "19公里", "50公里", "", "", "", "√", "", ""],  # 38%: 12 points behind
        ["", "", "路面病害修补", "50公里", "21公里", "50公里", "", "", "", "√", "", ""],  # 42%: inside 10 points
        ["", "质量指标", "交工验收合格率", "≥98%", "90%", "≥98%", "", "", "", "√", "", ""],  # a level, not progress
        ["效益指标", "社会效益指标", "受益群众", "8万人", "5万人", "7万人", "", "", "", "√", "", ""],
    ])
    assert review.doc_kind == "monitor"
    assert review.period is not None and review.period.text.startswith("1-6月") and review.period.schedule == 0.5
    behind = {i: m for i, m in _flags(review, "behind_schedule")}
    assert set(behind) == {None, "提质改造里程", "危桥改造", "安全防护设施"}
    severity = {f.indicator: f.severity for f in review.flags if f.type == "behind_schedule"}
    # 30 points behind (budget 20%), 20 points (30%): high; 12 points: medium
    assert severity == {None: "high", "提质改造里程": "high", "危桥改造": "high", "安全防护设施": "medium"}
    contradictions = {i for i, _ in _flags(review, "forecast_contradiction")}
    # 确定能 while behind and no measure; 受益群众 forecast 7万人 below 8万人 with no reason.  危桥改造 gives a measure.
    assert contradictions == {"提质改造里程", "受益群众"}
    assert not _flags(review, "target_missed") and not _flags(review, "not_reported")
    assert review.score.computed_total is None and "序时进度" in (review.score.not_rated or "")


# --------------------------------------------------------------------------- history (§7.4)

SELF_HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "全年实际完成值", "分值", "得分", "偏差原因分析"]
SELF_BUDGET = Table(rows=[["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                          ["年度资金总额", "100", "100", "98", "10", "98%", "9.8"]])


def _self_eval(tmp_path: Path, name: str, year: int, rows: list[list[str]]) -> Path:
    return _write(tmp_path, name, f"{year}年度职业技能培训项目支出绩效自评表", SELF_BUDGET,
                  Table(rows=[SELF_HEAD, *rows]))


def test_history_gives_the_baseline_of_targets_and_misses(tmp_path: Path) -> None:
    history = _self_eval(tmp_path, "history.xlsx", 2023, [
        ["产出指标", "数量指标", "培训人数", "≥1000人", "1250人", "30", "30", ""],
        ["", "质量指标", "培训合格率", "≥95%", "91%", "20", "18", "部分学员未参加考核"],
        ["", "成本指标", "人均培训成本", "≤600元", "520元", "10", "10", ""],
        ["效益指标", "社会效益指标", "就业率", "≥70%", "75%", "30", "30", ""],
    ])
    report = _self_eval(tmp_path, "report.xlsx", 2024, [
        ["产出指标", "数量指标", "培训人数", "≥1000人", "1100人", "30", "30", ""],
        ["", "质量指标", "培训合格率", "≥95%", "92%", "20", "18", "考核组织延后"],
        ["", "成本指标", "人均培训成本", "≤600元", "540元", "10", "10", ""],
        ["效益指标", "社会效益指标", "就业率", "≥80%", "78%", "30", "28", "企业用工需求下降"],
    ])
    review = _review(tmp_path, [report], history_paths=[history])
    assert review.history_files == ["history.xlsx"] and len(review.baseline) == 4
    below = {i: m for i, m in _flags(review, "target_below_baseline")}
    # ≥1000人 below last year's 1250人; a ≤600元 cost ceiling above last year's 520元; ≥80% above 75%: no flag
    assert set(below) == {"培训人数", "人均培训成本"} and "1250人" in below["培训人数"]
    # missed both years: 合格率; 就业率 missed only this year
    assert [i for i, _ in _flags(review, "repeated_miss")] == ["培训合格率"]
    assert review.year == 2024 and review.baseline[0].year == 2023


def test_without_history_no_baseline_flags(tmp_path: Path) -> None:
    report = _self_eval(tmp_path, "report.xlsx", 2024, [
        ["产出指标", "数量指标", "培训人数", "≥1000人", "1100人", "60", "60", ""],
        ["效益指标", "社会效益指标", "就业率", "≥80%", "78%", "30", "28", "企业用工需求下降"],
    ])
    review = _review(tmp_path, [report])
    assert not _flags(review, "target_below_baseline") and not _flags(review, "repeated_miss")


# --------------------------------------------------------------------------- CLI


def test_cli_target_review_prints_the_kind_and_no_score(tmp_path: Path) -> None:
    path = _write(tmp_path, "目标表.xlsx", "村内道路建设项目绩效目标表", Table(rows=[HEADER, *CLEAN_ROWS[:2]]))
    out = subprocess.run([sys.executable, "-m", "docreview.cli", "review", "--target", str(path),
                          "--json", str(tmp_path / "r.json")],
                         capture_output=True, text=True, encoding="utf-8",
                         env={"DOCREVIEW_WORKSPACE": str(tmp_path / "ws"), "PATH": "/usr/bin:/bin",
                              "COLUMNS": "200"}, check=True)
    assert "文件类型：绩效目标表" in out.stdout and "未计分" in out.stdout
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["kind"]["kind"] == "target" and data["score"]["computed_total"] is None
    assert {f["type"] for f in data["flags"]} <= {"missing_dimension", "vague_target"}


def test_schedule_checkpoints_of_a_profile(tmp_path: Path) -> None:
    """序时进度 by the profile's checkpoints (25/50/75/90%) instead of the elapsed share of the year."""
    profile = tmp_path / "checkpoints.yaml"
    profile.write_text("extends: default\nname: checkpoints\n"
                       "schedule_checkpoints: {3: 0.25, 6: 0.5, 9: 0.75, 11: 0.9}\n", encoding="utf-8")
    path = _write(tmp_path, "report.xlsx", "2024年农村公路提质改造项目绩效目标执行监控表（1-7月）",
                  Table(rows=[["项目资金（万元）", "年初预算数", "1-7月执行数", "1-7月执行率"],
                              ["年度资金总额", "200", "70", "35%"]]),
                  Table(rows=[["一级指标", "二级指标", "三级指标", "年度指标值", "1-7月执行情况"],
                              ["产出指标", "数量指标", "提质改造里程", "60公里", "24公里"]]))
    by_checkpoint = run_review([], [path], settings=Settings(workspace=tmp_path / "ws"), explain=False,
                               profile=str(profile))
    assert by_checkpoint.period is not None and by_checkpoint.period.basis == "checkpoint"
    assert by_checkpoint.period.schedule == 0.5  # July: the June checkpoint still holds
    # 35% is 15 points behind 50%; 24/60 = 40% is 10 points behind: inside the tolerance
    assert [f.indicator for f in by_checkpoint.flags if f.type == "behind_schedule"] == [None]
    elapsed = _review(tmp_path, [path])
    assert elapsed.period is not None and elapsed.period.basis == "elapsed" and elapsed.period.schedule == 0.5833
    # 7/12 = 58.3%: the budget (35%) and the indicator (40%) are both more than 10 points behind
    assert {f.indicator for f in elapsed.flags if f.type == "behind_schedule"} == {None, "提质改造里程"}


def test_kinds_from_tables_and_period_headers_when_the_title_says_nothing(tmp_path: Path) -> None:
    monitor = write(DocSpec(title="", blocks=[Table(rows=[
        ["一级指标", "二级指标", "三级指标", "年度指标值", "1-6月执行情况"],
        ["产出指标", "数量指标", "提质改造里程", "60公里", "36公里"]])]), tmp_path / "a.xlsx")
    decided = _review(tmp_path, [monitor])
    assert decided.kind is not None and decided.kind.kind == "monitor" and "1-6月" in decided.kind.reason
    rubric = _write(tmp_path, "b.docx", "服务贸易项目绩效自评表", Table(rows=[
        ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"],
        ["项目决策", "20", "项目目标", "4", "目标内容", "4", "4"],
        ["项目管理", "25", "资金到位", "5", "到位率", "3", "3"]]))
    decided = _review(tmp_path, [rubric])
    assert decided.kind is not None and decided.kind.kind == "evaluation" and "评分表" in decided.kind.reason
    # a self-evaluation table handed in with its target table is one self-evaluation
    target = _write(tmp_path, "target.xlsx", "村内道路建设项目绩效目标表", Table(rows=[HEADER, *CLEAN_ROWS]))
    table = _self_eval(tmp_path, "report.xlsx", 2024, [
        ["产出指标", "数量指标", "新建村内道路里程", "≥12公里", "12.5公里", "50", "50", ""]])
    both = _review(tmp_path, [target, table])
    assert both.kind is not None and both.kind.kind == "self_eval" and "绩效目标表" in both.kind.reason


def test_a_stacked_monitoring_form_names_its_period_in_a_column_label_further_down() -> None:
    """tc01 (黄石 2019 监控表): 项目名称…项目类型 first, then 项目资金 with ``1-6月执行数`` in its sixth row, then
    绩效指标 with ``半年度 指标执行情况``; a period in a value cell further down (a 时效 target) is no period."""
    from builders import doc, table
    from docreview.extract.kinds import find_period

    head = [["项目名称", "申遗经费", "", ""], ["主管部门", "黄石市文化和旅游局", "项目执行单位", "黄石市文物局"],
            ["项目属性", "1、持续性项目", "", ""], ["项目类型", "1、常年性项目", "", ""]]
    funds = [["项目资金(万元)", "年初预算数", "1-6月执行数", "全年预计执行数"], ["年度资金总额:", "220", "87.57", ""]]
    found = find_period(doc(table(0, head + funds)), head_only=True)
    assert found is not None and (found.text, found.months, found.schedule) == ("1-6月", 6.0, 0.5)
    assert found.span.row == 4
    indicators = [["绩效指标", "指标名称", "指标值", "半年度 指标执行情况"], ["产出指标", "成本", "年度预算220万元", "约40%"]]
    half = find_period(doc(table(0, head + indicators)), head_only=True)
    assert half is not None and half.months == 6.0
    answered = [["绩效指标", "指标名称", "指标值", "实际完成值"], ["产出指标", "完工时间", "2023年1-6月完成", "已完成"]]
    assert find_period(doc(table(0, head + answered)), head_only=True) is None
