"""亚洲开发银行贷款四川资阳绿色转型和发展项目 — 绩效评价结果公开 (四川省财政厅 / 四川省财政投资评审中心), 2024.

Source: https://0477ly.com/newsdetail/news587336.html — a mirror (shown in traditional characters) of the 四川省财政厅
notice that publishes the result of a financial (财政) evaluation of an Asian Development Bank loan project.  The
notice is a short HTML page: one sentence of context, then the score table.  Rebuilt as ``report.html`` in simplified
characters, as the 财政厅 site publishes.

Kept verbatim: every cell of the table — header 评价准则 / 权重(%) / 评价分值(百分制) / 加权平均得分 / 绩效等级; rows
相关性 20% 100.00 20.00 高度相关; 效率 50% 77.39 38.70 效率一般; 效果 20% 73.90 14.78 比较满意; 可持续性 10% 92.00 9.20
高度可持续; 项目绩效 100% ``/`` 82.68 实施比较顺利 (the ``/`` in the 评价分值 column of the total row as published; the
mirror runs the last cell into a full stop, read as the end of the page, not part of the cell).
Rewritten: the introductory sentence (basis 财国合〔2019〕18号, the 财政厅 arranged the 评审中心 to evaluate the project
from March to May 2024, results published) in our own words.
Left out: nothing else is on the page.

Layout note: this is the international-loan evaluation method (相关性/效率/效果/可持续性, each scored out of 100 and
weighted), not the domestic 决策/过程/产出/效益 table; the 加权平均得分 column is weight × 百分制 score.

Labels (``kind: evaluation``; the table is a scoring rubric at 一级 level, so, as for realdocs S3 (rs3), no
indicators/actuals are labelled):
- Weights 20 + 50 + 20 + 10 = 100 = the 项目绩效 row's 100%.
- Weighted scores: 20% × 100.00 = 20.00; 50% × 77.39 = 38.695 → 38.70; 20% × 73.90 = 14.78; 10% × 92.00 = 9.20 —
  each as stated.  Total 20.00 + 38.70 + 14.78 + 9.20 = 82.68 = stated 82.68.
- No arithmetic error, nothing else checkable → ``flags: []``.  (The grade words are the loan method's own scale,
  not 优/良/中/差, so no rating check.)
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "xb01_ziyang_2024_adb_pingjia"

REPORT = DocSpec(title="亚洲开发银行贷款四川资阳绿色转型和发展项目绩效评价结果", blocks=[
    H("亚洲开发银行贷款四川资阳绿色转型和发展项目绩效评价结果"),
    P("依照财政部《国际金融组织和外国政府贷款赠款项目绩效评价管理办法》（财国合〔2019〕18号）的规定，财政厅于"
      "2024年3月至5月委托四川省财政投资评审中心，对亚洲开发银行贷款四川资阳绿色转型和发展项目实施了绩效评价，"
      "评价结果公开如下："),
    T("""
    评价准则 | 权重(%) | 评价分值(百分制) | 加权平均得分 | 绩效等级
    相关性 | 20% | 100.00 | 20.00 | 高度相关
    效率 | 50% | 77.39 | 38.70 | 效率一般
    效果 | 20% | 73.90 | 14.78 | 比较满意
    可持续性 | 10% | 92.00 | 9.20 | 高度可持续
    项目绩效 | 100% | / | 82.68 | 实施比较顺利
    """, widths=[1.4, 1.0, 1.4, 1.4, 1.6], header_rows=1),
])


def files():
    return {"report.html": REPORT}
