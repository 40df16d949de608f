"""金寨县茶谷和美丽乡村建设服务中心 2023年度 部门整体支出绩效自评表 — 金寨县 (六安市, 安徽).

Source: https://www.ahjinzhai.gov.cn/public/6624963/37545031.html — the county portal's 信息公开 page, the
Anhui 部门整体支出绩效自评表 (预算资金 block 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分;
年度总体目标 预期目标 / 实际完成情况; 一级 / 二级 / 三级 / 年度指标值 / 实际完成值 / 分值 / 得分 /
偏差原因分析及改进措施).  An HTML page → ``report.html``.

Kept verbatim: every cell of the budget block (329.77 / 329.77 / 338.31 / 10 / 102.59% / empty 得分; the
当年财政拨款 row with ``—``; 上年结转资金 and 其他资金 with ``—``), both 年度总体目标 texts, the header cells broken
over two lines (``年度↵指标值``, ``实际↵完成值``), the ``指标1:`` prefixes, the signs (``≤4``, ``≥200``, ``≥2000``,
``≥10``, ``≥95%``), the deadlines (``9月前`` / ``7月``, ``11月前`` / ``10月``), empty 偏差原因 cells.
Left out: everything from 成本指标 on — the capture stops at "成本指标 | 指标1:", so the table ends with the
last complete row (时效指标 指标2); 成本/效益/满意度 rows and the 总分 row are not in the file.

Labels (domain.md §3–5; ``kind: dept_eval``, no 评分标准 column, so rows are scored as §4):
- Budget: 全年执行数 338.31 above 全年预算数 329.77 (rate 338.31 / 329.77 = 102.59%, as stated) with no word of
  explanation anywhere → ``arithmetic_error`` (indicator null; §5: "执行数 above 预算数 with no explanation").
  得分 is empty, so there is no budget score to check.
- 完成农村户用卫生厕所改造数量: 3061 against ≥2000 → 1.53 × target ≥ 1.5 → ``overachieved``; no analysis given.
- Everything else met: 4 vs ≤4; 202 ≥ 200 (1.01×); 10 ≥ 10; 100% ≥ 95% twice; 7月 before 9月前; 10月 before 11月前.
  Claimed scores equal the weights and are right.
- ``≤4`` on a count of 精品示范村 (a good output) would be a §7.2 ``direction_error`` in a target review; §7.2
  does not run on a self-evaluation, so it is only noted here.
- Weights cannot be checked: the 成本/效益/满意度 rows and the 总分 are cut off (产出 already reaches 60).
"""

from __future__ import annotations

from _kit import P, T

from docreview.docgen import DocSpec

CASE_ID = "ce04_jinzhai_2023_chagu"

GOAL = ("1.建设徽风皖韵美丽乡村;2.整治美丽宜居自然村庄;3.推进农村改厕提质增效;4.深入开展村庄清洁行动;"
        "5.促进茶谷果岭融合发展。")
DONE = ("1.启动燕子河镇龙马村、花石乡大湾村等4个精品示范村建设;2.整治美丽宜居自然村庄202个;3.完成农村户用卫生"
        "厕所改造3061户;4.全面完成2022年度10个省级中心村各项建设任务,并顺利通过省级验收;加快2023年度10个省级"
        "中心村任务,确保2024年通过各级验收。")

REPORT = DocSpec(title="部门整体支出绩效自评表", blocks=[
    P("部门整体支出绩效自评表"),
    P("(2023年度)"),
    T(f"""
    部门 | 金寨县茶谷和美丽乡村建设服务中心 | << | << | << | << | << | <<
    预算资金 (万元) | << | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    年度资金总额 | << | 329.77 | 329.77 | 338.31 | 10 | 102.59% |
    其中:当年财政拨款 | << | 329.77 | 329.77 | 338.31 | — | 102.59% | —
    上年结转资金 | << | | | | — | | —
    其他资金 | << | | | | — | | —
    年度总体目标 | 预期目标 | << | << | 实际完成情况 | << | << | <<
    ^^ | {GOAL} | << | << | {DONE} | << | << | <<
    """, widths=[1.2, 1.0, 1.0, 1.0, 1.0, 0.7, 0.9, 0.7], header_rows=0),
    T("""
    绩↵效↵指↵标 | 一级指标 | 二级指标 | 三级指标 | 年度↵指标值 | 实际↵完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    ^^ | 产出指标 | 数量指标 | 指标1:开展精品示范村建设数量 | ≤4 | 4 | 10 | 10 |
    ^^ | ^^ | ^^ | 指标2:建设美丽宜居自然村庄数量 | ≥200 | 202 | 10 | 10 |
    ^^ | ^^ | ^^ | 指标3:完成农村户用卫生厕所改造数量 | ≥2000 | 3061 | 10 | 10 |
    ^^ | ^^ | ^^ | 指标4:新建省级中心村数量 | ≥10 | 10 | 10 | 10 |
    ^^ | ^^ | 质量指标 | 指标1:美丽宜居自然村庄验收通过率 | ≥95% | 100% | 5 | 5 |
    ^^ | ^^ | ^^ | 指标2:户用卫生厕所改造验收通过率 | ≥95% | 100% | 5 | 5 |
    ^^ | ^^ | 时效指标 | 指标1:完成美丽宜居自然村庄验收时间 | 9月前 | 7月 | 5 | 5 |
    ^^ | ^^ | ^^ | 指标2:完成户用卫生厕所改造验收时间 | 11月前 | 10月 | 5 | 5 |
    """, widths=[0.4, 1.0, 1.0, 3.0, 1.0, 1.0, 0.6, 0.6, 1.8], header_rows=1),
])


def files():
    return {"report.html": REPORT}
