"""某省泉溪县文化广电旅游体育局 2024年公共图书馆免费开放项目 (hand-written; place name fictional).  Issue 11:
a not-applicable row that raises nothing.

No policy file.  Report: 项目支出绩效自评表 as a Markdown page (MD), whose note says not-applicable rows are
not scored and the total is converted to 100 over the applicable weights.  Profile: default
(``not_applicable: exclude_and_rescale``).

Labels (a clean case, ``flags: []``):
- 带动周边文化消费 (经济效益指标, 分值 10): target and actual both ``不适用``, 得分 ``/``.  domain.md §4: the
  indicator is dropped and the remaining weights are rescaled; §5 and issue 11 fix 7: never
  ``unit_mismatch``; it is not an empty cell either, so no ``not_reported``, no ``unsupported_score`` (no
  score is claimed) and no ``vague_target``.  It is a labelled indicator (target ``不适用``) with no actual
  entry: ``不适用`` is not a measured value.
- Weights as printed: 10 + 15 + 10 + 10 + 5 + 10 + 10 + 10 + 10 + 10 = 100 (the not-applicable row's 10
  included) = the 合计 row's 分值 100 → no ``arithmetic_error``.  Claimed scores 9.9 + 15 + 10 + 10 + 5 + 10
  + 10 + 10 + 10 = 89.9 = the 合计 row's 得分.  Rescaled: 89.9 / 90 × 100 = 99.89, as the prose states.
- Every applicable indicator met: 16.2 ≥ 15万人次; 8300 ≥ 8000册; 64 ≥ 60场; 60 ≥ 56小时; 42 ≤ 45元;
  持证读者增长率 6.5% ≥ 5% (growth of readers → minimum); 23 ≥ 20万次; 96% ≥ 90%.  None reaches 1.5×.
- Budget 118.8 / 120 = 99% → 9.9 as claimed.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i06_not_applicable"

REPORT = DocSpec(title="泉溪县2024年度公共图书馆免费开放项目支出绩效自评表", blocks=[
    H("泉溪县2024年度公共图书馆免费开放项目支出绩效自评表"),
    P("主管部门：泉溪县文化广电旅游体育局　实施单位：泉溪县图书馆　填报日期：2025年3月6日"),
    T("""
    项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    年度资金总额 | 120 | 120 | 118.8 | 10 | 99% | 9.9
    """),
    T("""
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    产出指标 | 数量指标 | 年接待读者人次 | ≥15万人次 | 16.2万人次 | 15 | 15 |
    产出指标 | 数量指标 | 新增馆藏图书 | ≥8000册 | 8300册 | 10 | 10 |
    产出指标 | 数量指标 | 开展阅读推广活动 | ≥60场 | 64场 | 10 | 10 |
    产出指标 | 时效指标 | 每周免费开放时长 | ≥56小时 | 60小时 | 5 | 5 |
    产出指标 | 成本指标 | 图书采购平均单价 | ≤45元 | 42元 | 10 | 10 |
    效益指标 | 经济效益指标 | 带动周边文化消费 | 不适用 | 不适用 | 10 | / |
    效益指标 | 社会效益指标 | 持证读者增长率 | ≥5% | 6.5% | 10 | 10 |
    效益指标 | 可持续影响指标 | 数字资源访问量 | ≥20万次 | 23万次 | 10 | 10 |
    满意度指标 | 服务对象满意度指标 | 读者满意度 | ≥90% | 96% | 10 | 10 |
    合计 | | | | | 100 | 89.9 |
    """),
    P("注：不适用的指标在“年度指标值”“实际完成值”栏填写“不适用”，不计分；总分按适用指标分值折算为百分制。"),
    P("自评结论：适用指标分值合计90分（含预算执行10分），实际得分89.9分，折算为百分制得分99.89分，自评等级为优。"),
])


def files():
    return {"report.md": REPORT}
