"""岳阳县农业农村局 2022年度 乡村振兴衔接资金绩效目标申报表(高标准农田建设) — 岳阳县 (岳阳市, 湖南).

Source: http://www.yyx.gov.cn/37584/38137/content_2016103.html — the county portal page "乡村振兴衔接资金绩效目标申报表
(高标准农田建设)", 来源 岳阳县农业农村局, 2022-05-16; the form 绩效目标申报表(基础设施建设类) as an HTML table, reviewed
on its own → ``target.html`` (kind ``target``).

Kept verbatim: every cell — 项目名称 岳阳县2022年高标准农田建设项目, 项目负责人及电话 (a name only, no number), 主管部门 /
实施单位; the funds cells as published, including the doubled ``854万854万(...)`` in the 财政拨款 row and the empty
其他资金; 年度目标 ``完成项目主体工程70%``; all 12 indicator rows with their signs (``≥100公里``, ``≥100%``, unsigned
``100%``, ``1600元/亩``, ``3500公斤``) and the split 二级 names (``经济效益↵指标``); the closing 注 about ★ core
indicators (the form's note, kept as the form's text).  Nothing rewritten, nothing left out.

Labels (domain.md §7.2 + vague_target/arithmetic_error):
- Dimensions: 产出 has 数量, 质量, 时效, 成本; 效益 and 满意度 present → no ``missing_dimension``.
- Directions: the one cost row (财政资金补助 1600元/亩) is unsigned (max by default), no ``≥`` on a cost; no good rate
  has ``≤`` → no ``direction_error``.
- ``项目(工程)完成及时率 ≥100%`` is not above 100% → no ``implausible_target``; no deadline given.
- No indicator twice; only 2 of 12 targets are 100% → no ``duplicate_target``.
- Funds: 400 + 295 + 159 = 854 = 年度资金总额 → no ``arithmetic_error``.  Every quantitative row has a figure →
  no ``vague_target``.  A clean target table: ``flags: []``.
"""

from __future__ import annotations

from _kit import P, T

from docreview.docgen import DocSpec

CASE_ID = "xa03_yueyang_2022_gaobiaozhun_mubiao"

FUNDS = "854万(高标准农田建设400万元,示范建设295万元,畅通工程159万元)"
NOTE = ("注:各地请根据实际情况,从上述绩效指标中选择适合的填报(其中三颗星为必填的核心绩效指标,可结合已下达的中央对地方专项"
        "转移支付绩效指标),也可自行增加或适当调整。")

TARGET = DocSpec(title="乡村振兴衔接资金绩效目标申报表(高标准农田建设)", blocks=[
    P("乡村振兴衔接资金绩效目标申报表(高标准农田建设)"),
    P("来源:岳阳县农业农村局   2022-05-16"),
    P("绩效目标申报表(基础设施建设类)"),
    P("(2022年度)"),
    T(f"""
    项目名称 | 岳阳县2022年高标准农田建设项目 | << | 项目负责人及电话 | 彭兵
    主管部门 | 岳阳县农业农村局 | << | 实施单位 | 农田建设服务中心
    资金情况 (万元) | 年度资金总额: | {FUNDS} | << | <<
    ^^ | 其中:财政拨款 | 854万{FUNDS} | << | <<
    ^^ | 其他资金 | | << | <<
    总体目标 | 年度目标 | << | << | <<
    ^^ | 完成项目主体工程70% | << | << | <<
    绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值
    ^^ | 产出指标 | 数量指标 | 脱贫村村内道路硬化里程 | ≥100公里
    ^^ | ^^ | ^^ | 脱贫户供水设施数量 | ≥20座
    ^^ | ^^ | 质量指标 | 项目(工程)验收合格率 | 100%
    ^^ | ^^ | 时效指标 | 项目(工程)完成及时率 | ≥100%
    ^^ | ^^ | 成本指标 | 财政资金补助 | 1600元/亩
    ^^ | 效益指标 | 经济效益↵指标 | 年增粮食 | 3500公斤
    ^^ | ^^ | 社会效益↵指标 | 受益脱贫(监测)人口数 | ≥500人
    ^^ | ^^ | ^^ | 解决脱贫(监测)饮水安全问题人数 | ≥1000人
    ^^ | ^^ | 生态效益↵指标 | 新增和改善灌溉达标面积 | ≥500亩
    ^^ | ^^ | ^^ | 新增和改善排水达标面积 | ≥200亩
    ^^ | ^^ | 可持续影响↵指标 | 工程设计使用年限 | ≥20年
    ^^ | 满意度指标 | 服务对象满意度指标 | 受益脱贫(监测)户满意度 | ≥95%
    """, widths=[1.0, 1.2, 1.4, 2.8, 2.0], header_rows=0),
    P(NOTE),
])


def files():
    return {"target.html": TARGET}
