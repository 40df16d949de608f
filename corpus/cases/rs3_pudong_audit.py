"""上海市浦东新区审计局 2018年度审计业务经费(购买) 财政支出项目绩效评价报告 (第三方), from realdocs/S3.

Source: http://www.baogao8.com/d-126646.html (a document-sharing site, see realdocs/S3) — verbatim text
from ``corpus/realdocs.py`` key ``S3_pudong`` (PDF: cover, contents, 摘要 with the score table; the capture
stops in the middle of "总体来看,本项目取得", which is left out).  No policy.

A CLEAN case, and a negative test for the arithmetic rules: every figure checks out.
- 298.70 / 300.00 = 99.57% as stated (≥ 90%).
- 10 × 90% = 9; 24 × 95.83% = 22.9992 ≈ 23; 66 × 90.61% = 59.8026 ≈ 59.80; 9 + 23 + 59.80 = 91.80;
  10 + 24 + 66 = 100; 91.80 ≥ 90 → 优.
- The summary gives scores per 一级 category only; there is no 三级指标 with a target, so ``indicators`` is
  empty and 项目决策/管理/绩效指标 are not indicators (a flag on them would be a false positive).
"""

from __future__ import annotations

from realdocs import specs

CASE_ID = "rs3_pudong_audit"
SOURCE = "S3_pudong"


def files():
    return {"report.pdf": specs()[SOURCE]}
