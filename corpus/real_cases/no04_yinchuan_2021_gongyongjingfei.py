"""银川市第六中学 2021 初中公用经费 — 银川市本级部门项目支出绩效自评表 (宁夏; 主管部门 银川市教育局).

Source: https://m.yzwku.com/doc/476505.html (优知文库 copy of "银川市本级部门项目支出绩效自评表.docx",
5 pages; the site shows an OCR'd text of the DOCX).  Rebuilt as ``report.docx``.  The capture stops in the
满意度 row ("服务对象满意度指标(10分) 学生和老…"); the table is kept to the last complete row
(可持续影响指标).

Kept verbatim, OCR noise included, because that is the only text published: "实施第位", "财政审1度评分",
"项Fl资金(万兀)", "年初预匏数", "调整预算将,A、", "年度总体r二", "公,4", the header "考值参分" and
"指标值(八)", "项Fl实施", "有资金测第标准", the garbled cost target "M.8万元" (its actual reads 14.8万元),
"指标L", the unfinished name "使学生和老师行个更好的学习和工作环境,做到", the trailing full stops of
"社会认可的办学环境.", the empty template rows "指标2:".  The cell boundaries of the OCR text are read as:
三级 | 分值 | 指标值(A) | 全年实际值(B) | 得分 (a lone "一"/"-" is the 指标值 cell of a rubric row).
Layout: the Yinchuan/Ningxia form with 项目决策(10) / 项目管理(25) / 项目产出(30) / 项目效益(35) as 一级,
per-row 分值, and 自评得分 in the header block.

Labels (no policy file):
- Scores: 4+2+2+2 (决策) + 9+7+2+6 (管理) + 10+5+4+4+3+3 (产出) + 13+8 (效益, before the cut) = 84; the
  满意度 row can add at most 10 → at most 94, but the header states 自评得分 98 → ``arithmetic_error``
  (report level).
- 公用经费标准 (质量) "符合相关文件要求": no figure → ``vague_target`` (as r05's 符合相关规定).
- 绿化、水电费等成本 "M.8万元": garbled target, not a number → ``vague_target`` optional (OCR noise).
- 效果显著 (社会效益) "改善学校的办学条件": words only, no degree word → optional ``vague_target``.
- Budget 64.8 / 64.8 = 100%, 预算执行率 row 分值 10 得分 9 (under-claimed, no flag).  时效 met, scored 4/5
  (no flag).  Qualitative 13/15 = 0.87 and 8/10 = 0.80 lie in the 达成 band.  Weights 10+25+30 and
  15+10 (+10 满意度) = 100.
- Indicator labels: every 三级 row except "管理制度有效性", which the eval's name rule cannot tell apart
  from "财务管理制度有效性" (one contains the other); the template rows "指标2:"/"指标1:" are not indicators.
"""

from __future__ import annotations

from _kit import H, P, T, DocSpec

CASE_ID = "no04_yinchuan_2021_gongyongjingfei"

REPORT = DocSpec(title="银川市本级部门项目支出绩效自评表(2021年)", blocks=[
    H("银川市本级部门项目支出绩效自评表(2021年)"),
    T("""
    项目名称 | 初中公用经费 | << | << | << | << | << | <<
    主管部门 | 银川市教育局 | << | << | 实施第位 | 银川市第六中学 | << | <<
    自评得分 | 98 | << | << | 财政审1度评分 | | << | <<
    项Fl资金(万兀) | | << | 年初预匏数 | 调整预算将,A、 | 全年执行数(B) | 执行率(B/A) | <<
    ^^ | 年度资金总额 | << | 64.8 | 64.8 | 64.8 | 100% | <<
    年度总体r二 | 年初设定目标 | << | << | 年度总体目标完成情况 | << | << | <<
    ^^ | 保障学校正常工作运行 | << | << | 公,4 | << | << | <<
    一级指标 | 二级指标 | 三级指标 | 考值参分 | 指标值(八) | 全年实际值(B) | 得分 | 未完成原因分析及改进措施
    项目决策(10分) | 项目目标 | 完整性 | 4 | 一 | 目标明确、内容细化、目标量化 | 4 |
    ^^ | 项目立项 | 相关性 | 2 | 一 | 按照学校管理标准对学校进行管理 | 2 |
    ^^ | ^^ | 可行性 | 2 | | 实际工作需求 | 2 |
    ^^ | ^^ | 适当性 | 2 | | 有资金测第标准 | 2 |
    项目管理(25分) | 投入管理 | 预算执行率 | 10 | 一 | 100% | 9 |
    ^^ | 财务管理 | 财务管理制度有效性 | 7 | 一 | 财务制度健全,严格执行制度,会计核算规范 | 7 |
    ^^ | 项Fl实施 | 绩效监控有效性 | 2 | 一 | 持续有效 | 2 |
    ^^ | ^^ | 管理制度有效性 | 6 | - | 严格执行相关管理制度 | 6 |
    顼目产出(30分) | 数量指标(10分) | 保障人数 | 10 | 2370人 | 2370人 | IO |
    ^^ | ^^ | 指标2: | | | | |
    ^^ | 质量指标(5分) | 公用经费标准 | 5 | 符合相关文件要求 | 符合相关文件要求 | 5 |
    ^^ | ^^ | 指标2: | | | | |
    ^^ | 时效指标(5分) | 公用经费完成时间 | 5 | 2021年12月完成 | 2021年12月完成 | 4 |
    ^^ | ^^ | 指标2: | | | | |
    ^^ | 成本指标(10分) | 办公所需成本 | 4 | 15万元 | 15万元 | 4 |
    ^^ | ^^ | 维修(维护)所需成本 | 3 | 35万元 | 35万元 | 3 |
    ^^ | ^^ | 绿化、水电费等成本 | 3 | M.8万元 | 14.8万元 | 3 |
    项目效益(35分) | 经济效益指标 | 指标1: | | | | |
    ^^ | ^^ | 指标2: | | | | |
    ^^ | 社会效益指标 | 效果显著 | 15 | 改善学校的办学条件 | 改善学校的办学条件 | 13 |
    ^^ | 生态效益指标 | 指标L | | | | |
    ^^ | ^^ | 指标2: | | | | |
    ^^ | 可持续影响指标 | 使学生和老师行个更好的学习和工作环境,做到 | 10 | 社会认可的办学环境. | 社会认可的办学环境. | 8 |
    ^^ | ^^ | 指标2: | | | | |
    """, header_rows=0),
    P("(原文档在“服务对象满意度指标(10分) 学生和老……”一行处截断,其后内容未能取得。)"),
])


def files():
    return {"report.docx": REPORT}
