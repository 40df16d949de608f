"""柳溪县文化和旅游局 2025年农家书屋提质增效项目 绩效目标表 (hand-written; place name fictional).  Target review
(domain.md §7.2), ``"kind": "target"``.

Target: 项目支出绩效目标表 (PDF), header block and 一级指标 | 二级指标 | 三级指标 | 指标值, the way a lazily filled form
looks: most targets are 100%.

Labels:
- 项目资金: 年度资金总额 80 = 财政拨款 80 + 其他资金 0 → no arithmetic flag.
- 一级 产出 / 效益 / 满意度 present; 产出 has 数量, 质量, 时效 and no 成本指标 → ``missing_dimension`` (null, one flag).
- 9 indicators, 6 of them with the identical target 100% (覆盖行政村比例, 出版物配送到位率, 图书配送及时率,
  群众阅读活动参与率, 书屋设施持续使用率, 群众满意度) → more than half → ``duplicate_target`` (null).  6 / 9, or 6 / 8 if
  the blank row is left out: more than half either way.
- 书屋管理员培训人数 ≥0人: a count target of 0 with ≥ → ``implausible_target``.
- 图书验收合格率 ≤95%: a rate of good outcomes with a maximum → ``direction_error``.
- 书屋开放时间达标率 (质量指标): blank 指标值 → ``vague_target``.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "k03_liuxi_shuwu"

TARGET = DocSpec(title="柳溪县2025年农家书屋提质增效项目绩效目标表", blocks=[
    H("项目支出绩效目标表（2025年度）"),
    T("""
    项目名称 | 2025年农家书屋提质增效项目 | << | <<
    主管部门 | 柳溪县文化和旅游局 | 实施单位 | 柳溪县图书馆
    项目资金（万元） | 年度资金总额 | 80 | <<
    ^^ | 其中：财政拨款 | 80 | <<
    ^^ | 其他资金 | 0 | <<
    年度总体目标 | 为全县126个行政村农家书屋补充更新出版物，开展书屋管理员培训和全民阅读活动，提高农家书屋开放率和使用效益。 | << | <<
    """, widths=[1.4, 2.6, 1.2, 2.0], header_rows=0),
    T("""
    一级指标 | 二级指标 | 三级指标 | 指标值
    产出指标 | 数量指标 | 覆盖行政村比例 | 100%
    ^^ | ^^ | 书屋管理员培训人数 | ≥0人
    ^^ | 质量指标 | 出版物配送到位率 | 100%
    ^^ | ^^ | 图书验收合格率 | ≤95%
    ^^ | ^^ | 书屋开放时间达标率 |
    ^^ | 时效指标 | 图书配送及时率 | 100%
    效益指标 | 社会效益指标 | 群众阅读活动参与率 | 100%
    ^^ | 可持续影响指标 | 书屋设施持续使用率 | 100%
    满意度指标 | 服务对象满意度指标 | 群众满意度 | 100%
    """, widths=[1.4, 1.8, 2.6, 1.4]),
    P("柳溪县文化和旅游局　2024年11月"),
])


def files():
    return {"target.pdf": TARGET}
