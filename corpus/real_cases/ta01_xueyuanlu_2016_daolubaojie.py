"""北京市海淀区学院路街道 2016 — 项目支出绩效自评表, 【体制】自管道路清扫保洁外包工作经费 (北京).

Source: https://www.wenku365.com/s-60761775.html — a 天天文库 copy of "项目支出绩效自评表.doc" (2 pages, 43.50 KB,
uploaded 2020-12-15).  The site shows the document's text flattened, in three numbered pieces ("1、", "2、", "3、"
are the site's own cut marks, nothing is missing between them).  主管部门 北京市海淀区人民政府学院路街道办事处,
实施单位 北京市海淀区学院路街道城市运行服务中心.  Published as a Word file → ``report.docx``.

Kept verbatim: the title and "(2016年度)", every label and value of the capture: "【体制】" in the project name,
"主管部门及代码" (no code is given), "实施单位:" with its colon, the budget header "年初预算数(A) | 全年执行数(B) |
分值(10分) | 执行率(B/A) | 得分 | 得分计算方法" (this Beijing form has no 全年预算数/调整后预算数 column), the amounts
310.2 / 154.74 / 10 / 50% / 5, the budget scoring note "执行率*该指标分值,最高不得超过分值上限。", the two
年度总体目标 texts, the indicator header with its 得分计算方法 column between 全年实际值(B) and 得分, and the first
indicator row with its scoring note "完成值达到指标值,记满分;未达到指标值,按B/A或A/B*该指标分值记分。".

Cell boundaries were read from the flattened text (as no04 and xc04 did):
- "310.2154.74" is 310.2 | 154.74 (154.74 / 310.2 = 49.88%, which the form states as 50%; the other split,
  310.21 | 54.74, gives 17.6%).  "1050%5" is 10 | 50% | 5.
- "是否完成绩效目标申报表中申报的数量12.512.512.5完成值…记分。12.5" is 分值 12.5 | 年度指标值(A) 12.5 | 全年实际值(B)
  12.5 | the scoring note | 得分 12.5, and an empty 未完成原因分析.  The unit wrote the row's weight into A and B:
  kept as published.
- "产出指标(50分)" follows the first row in the capture (its label sat lower in the merged 一级 cell); it is put in
  the 一级 cell of that row, the only 产出 row in the file.
Left out: the capture stops inside the second indicator row ("质量指标 | 是否达到国…"); that row, the rest of the
table (时效/成本/效益/满意度 rows, 总分) and page 2 are not in the file (a note in the file says so).
Rewritten: nothing (a form only).

Labels (domain.md §3–§5; no policy file, default profile):
- Budget: rate = 全年执行数 ÷ 预算数 = 154.74 ÷ 310.2 = 49.88%.  The only budget column is 年初预算数(A), so it is
  the budget.  49.88% < 90% → ``low_budget_execution`` (required).  Stated 50% vs 49.88%: 0.12 points, inside the
  0.5-point tolerance → no ``arithmetic_error``.  Stated score 5 vs rule 10 × 0.4988 = 4.99: 0.01 → no
  ``self_score_inflated``.  The default profile does not ask for a reason for low execution → no
  ``missing_deviation_reason`` on the budget.
- 是否完成绩效目标申报表中申报的数量: A 12.5, B 12.5 → met (B ≥ A), rule score 12.5, claimed 12.5 → no flag.  The
  target is a figure (not a placeholder, not a degree word), so no ``vague_target``; a reviewer would still note
  that the figures are the row's weight, not a measured quantity — not a rule flag.
- Weights: only one row of the 产出指标(50分) block is in the file → nothing to add up.  No total is visible → no
  rating (partial).
- Added after the first docreview run, and said so in labels.json's notes: ``arithmetic_error`` (null) optional.
  Read literally, §5 checks weights "from the rows themselves": the file's 产出指标(50分) group holds one row of 12.5
  (12.5 ≠ 50) because the capture is cut; a reviewer who reads the truncation note would not call it an error.  The
  first labelling missed this reading; it is labelled optional, not required.  (The budget header "分值(10分)" is
  not a weight group: an ``arithmetic_error`` built on it stays a false positive.)
"""

from __future__ import annotations

from _kit import H, P, T, DocSpec

CASE_ID = "ta01_xueyuanlu_2016_daolubaojie"

REPORT = DocSpec(title="项目支出绩效自评表(2016年度)", blocks=[
    H("项目支出绩效自评表"),
    P("(2016年度)"),
    T("""
    项目名称 | 【体制】自管道路清扫保洁外包工作经费 | << | << | << | << | << | << | << | <<
    主管部门及代码 | 北京市海淀区人民政府学院路街道办事处 | << | << | 实施单位: | 北京市海淀区学院路街道城市运行服务中心 | << | << | << | <<
    项目资金(万元) | | 年初预算数(A) | 全年执行数(B) | 分值(10分) | 执行率(B/A) | 得分 | 得分计算方法 | << | <<
    ^^ | 年度资金总额: | 310.2 | 154.74 | 10 | 50% | 5 | 执行率*该指标分值,最高不得超过分值上限。 | << | <<
    ^^ | 其中:本年一般公共预算拨款 | 310.2 | 154.74 | | | | | << | <<
    ^^ | 其他资金 | | | | | | | << | <<
    年度总体目标 | 通过规范地区自管道路清扫保洁外包工作经费工作专项资金的使用,明确专项资金使用目的,实现科学管理,充分发挥项目资金在地区自管小区、小广告、三级以下道路、无主垃圾渣土清运及重大活动环境卫生保障工作中的作用,将自管道路保洁进行外包,更好的服务于本地区政治、经济、文化等各项事业的发展 | << | << | << | 按照年初设定目标,将辖区20条城市道路清扫保洁、4处居民生活区小广场清扫保洁业务通过公开招投标方式进行了外包,通过地区自管道路清扫保洁外包项目的实施,使地区环境卫生及社区环境更加优美,为建设全国文明城区及建设美丽学院路做出了贡献 | << | << | << | <<
    绩效指标 | 一级指标 | 二级指标 | 三级指标 | 分值 | 年度指标值(A) | 全年实际值(B) | 得分计算方法 | 得分 | 未完成原因分析
    ^^ | 产出指标(50分) | 数量指标 | 是否完成绩效目标申报表中申报的数量 | 12.5 | 12.5 | 12.5 | 完成值达到指标值,记满分;未达到指标值,按B/A或A/B*该指标分值记分。 | 12.5 |
    """, widths=[0.8, 0.9, 0.8, 1.6, 0.5, 0.8, 0.8, 1.6, 0.5, 1.0], header_rows=0),
    P("(来源页面在第二个绩效指标行“质量指标 是否达到国……”处截断,其后内容未能取得。)"),
])


def files():
    return {"report.docx": REPORT}
