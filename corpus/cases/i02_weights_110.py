"""某省青漳县农业农村局 2024年动物疫病防控项目 (hand-written; place name fictional).  Issue 11: 分值 that add
up to 110 under a 总分 row that says 100.

No policy file.  Report: 项目支出绩效自评表 (DOCX, 10号 layout with a 分值 column and a 总分 row).  Profile:
default.

Labels:
- Weights: 预算执行 10 + 产出 (20 + 15 + 15 + 10 = 60) + 效益 (15 + 15 = 30) + 满意度 10 = 110, while the
  总分 row states 分值 100.  domain.md §5: weights that do not add up to 100, checked from the rows
  whatever the 总分 row claims → ``arithmetic_error`` (null).  (The unit kept the 10号 产出 50 template
  and added the 10-point 时效 row without rebalancing.)  One label: both comparisons (Σ vs 100 and
  Σ vs the stated 100) are the same mismatch.
- 总分 得分 109.8 = 9.8 + 20 + 15 + 15 + 10 + 15 + 15 + 10, the sum of its rows → no second arithmetic
  flag for the scores.  A total above 100 gets no rating (§4), but that is not a flag.
- Budget 392 / 400 = 98% → 10 × 0.98 = 9.8 as claimed.
- Every indicator met: 126 ≥ 120万头(只); 82% ≥ 70% (1.17×); 100%; 2024年3月15日 ≤ 2024年3月底;
  0起 = 0起; 4.1% ≥ 3% (畜牧业产值增长: growth of output → minimum; 1.37×, below 1.5); 95% ≥ 90%.
  Each claims its full 分值, which is its rule score → no ``self_score_inflated``.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i02_weights_110"

REPORT = DocSpec(title="项目支出绩效自评表（2024年度）", blocks=[
    H("项目支出绩效自评表"),
    P("（2024年度）"),
    P("项目名称：2024年动物疫病防控项目　　主管部门：青漳县农业农村局　　实施单位：青漳县动物疫病预防控制中心"),
    T("""
    项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    年度资金总额 | 400 | 400 | 392 | 10 | 98% | 9.8
    其中：当年财政拨款 | 400 | 400 | 392 | — | — | —
    """),
    T("""
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    产出指标 | 数量指标 | 强制免疫畜禽数量 | ≥120万头(只) | 126万头(只) | 20 | 20 |
    ^^ | 质量指标 | 免疫抗体合格率 | ≥70% | 82% | 15 | 15 |
    ^^ | ^^ | 病死畜禽无害化处理率 | 100% | 100% | 15 | 15 |
    ^^ | 时效指标 | 春季集中免疫疫苗采购时间 | 2024年3月底前 | 2024年3月15日 | 10 | 10 |
    效益指标 | 社会效益指标 | 区域性重大动物疫情发生 | 0起 | 0起 | 15 | 15 |
    ^^ | 经济效益指标 | 畜牧业产值增长 | ≥3% | 4.1% | 15 | 15 |
    满意度指标 | 服务对象满意度指标 | 养殖场户满意度 | ≥90% | 95% | 10 | 10 |
    总分 | << | << | << | << | 100 | 109.8 |
    """, widths=[1.0, 1.2, 2.0, 1.2, 1.2, 0.6, 0.6, 1.6]),
    P("自评结论：本项目各项绩效指标均已完成。"),
    P("填报人：赵海燕　　联系电话：0000-0000000　　填报日期：2025年3月10日"),
])


def files():
    return {"report.docx": REPORT}
