"""湘潭市环境卫生管理处 2023年雾炮车降尘抑尘服务 — 项目支出绩效目标申报表 (湖南, 湘潭市), reviewed alone.

Source: http://xtcg.xiangtan.gov.cn/15068/15075/26693/content_1250928.html — 湘潭市城市管理和综合执法局 site,
published 2023-10-13.  An HTML page (the form as a table) → ``target.html``.  No self-evaluation of the same
project was found, so the table is a ``target`` case on its own.

Kept verbatim: every cell (项目支出名称 雾炮车降尘抑尘服务; 年度本级预算金额 ``250万``; 该项目支出上级资金 0;
项目支出实施期 ``2023.07-2024.01``; both goal texts; header ``指标值及单位`` / ``绩效标准``; values ``10辆``,
``≥80M``, ``优良``, ``2023.07-2024.01``, ``250万``, ``≥85%``, ``≥90%``; ``计划标准`` in every 绩效标准 cell; the
empty 经济效益 / 生态效益 / 可持续影响 rows; the empty 财政部门审核意见).  Header cells broken over lines in the
source are kept with ``↵`` (``年度本级↵预算金额``, ``本年度↵绩效指标``).
Left out: the signature line under the table (填表人 name and telephone number, 填报日期, 单位负责人签字).

Labels (domain.md §7.2 plus ``vague_target`` / ``arithmetic_error``; ``kind: target``):
- Dimensions: 产出 has 数量 / 质量 / 时效 / 成本; 效益 has 社会效益; 满意度 present → no ``missing_dimension``.
- Directions: 成本 ``250万`` unsigned (a maximum by default), rates ``≥`` → no ``direction_error``.
- ``duplicate_target``: no value shared by more than half of the seven indicators.
- 服务周期 ``2023.07-2024.01`` ends in January 2024, outside budget year 2023 but inside the stated 实施期
  2023.07-2024.01 → ``implausible_target`` optional (the rule reads "outside the budget year or the project
  period"; a reviewer may accept a cross-year service period that the form itself declares).
- 服务周期内空气质量 ``优良`` (a 质量指标): an air-quality grade (AQI 优/良), a defined category rather than a degree
  word → ``vague_target`` optional.
- 成本 250万 = 年度本级预算金额 250万, 上级资金 0 → no ``arithmetic_error``.
"""

from __future__ import annotations

from _kit import P, T

from docreview.docgen import DocSpec

CASE_ID = "ce05_xiangtan_2023_wupaoche"

GOAL = "通过采购雾炮车降尘抑尘服务,服务周期2023.07-2024.01,全市空气质量达到优良"

TARGET = DocSpec(title="湘潭市环境卫生管理处2023年雾炮车降尘抑尘服务项目支出绩效目标申报表", blocks=[
    P("湘潭市环境卫生管理处2023年雾炮车降尘抑尘服务项目支出绩效目标申报表"),
    P("2023年项目支出绩效目标申报表"),
    P("填报单位:(盖章)　　　　单位:万元"),
    T(f"""
    项目支出名称 | 雾炮车降尘抑尘服务 | << | 预算部门 | 湘潭市环境卫生管理处 | <<
    年度本级↵预算金额 | 250万 | << | 该项目支出上级资金 | 0 | <<
    项目支出实施期 | 2023.07-2024.01 | << | << | << | <<
    实施期绩效目标 | {GOAL} | << | << | << | <<
    本年度绩效目标 | {GOAL} | << | << | << | <<
    本年度↵绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值及单位 | 绩效标准
    ^^ | 产出指标 | 数量指标 | 雾炮车降尘抑尘服务配备车辆数 | 10辆 | 计划标准
    ^^ | ^^ | ^^ | 雾炮车风炮射程 | ≥80M | 计划标准
    ^^ | ^^ | 质量指标 | 服务周期内空气质量 | 优良 | 计划标准
    ^^ | ^^ | 时效指标 | 服务周期 | 2023.07-2024.01 | 计划标准
    ^^ | ^^ | 成本指标 | 控制在预算成本内 | 250万 | 计划标准
    ^^ | 效益指标 | 经济效益指标 | | |
    ^^ | ^^ | 社会效益指标 | 服务周期内,市民对空气质量改善的满意程度 | ≥85% | 计划标准
    ^^ | ^^ | 生态效益指标 | | |
    ^^ | ^^ | 可持续影响指标 | | |
    ^^ | 社会公众或服务对象满意度指标 | << | 市民满意度 | ≥90% | 计划标准
    财政部门审核意见 | | << | << | << | <<
    """, widths=[1.2, 1.2, 1.3, 2.6, 1.2, 1.0], header_rows=0),
])


def files():
    return {"target.html": TARGET}
