"""塘湖镇人民政府 2020 部门整体支出绩效自评表 (湖北式 预算执行20分 + 年度目标80分), rebuilt from realdocs/03.

Source: http://www.zgtc.gov.cn/xxgk/dfbmptlj/xzxxgkpt/thz/fdzdgknr_22529/czzj_22533/202108/t20210825_2381407.shtml
Verbatim cells from ``corpus/realdocs.py`` key ``03_tanghu`` (the truncated note "4.基于经济性" is left
out there); one HTML report, no policy file.

Labels:
- 解决群众问题时间: target ``2天以内`` answered with ``2天以内`` and scored 10/10 → the actual carries a
  direction, it is not a measurement → ``unsupported_score``.
- 改善人居环境 ``有效改善`` and 提升出行效率 ``有效提升`` (社会效益, words only) → ``vague_target`` (brief:
  "有效改善 targets → vague_target").  Their actuals repeat the words; qualitative 达成 with full marks lies
  inside the band [0.8w, w], so no ``self_score_inflated``.
- 168起, 32座 met; ``≧90%`` → 95% met (95/90 < 1.5, no ``overachieved``).
- Not labelled (arguable, see corpus/README.md): the budget line has 预算数 864.2 but no 执行数 while it
  states 执行率 100% and 得分 20 — nothing to recompute, so no rule fires.  Scores 10+20+10+10+10+20 + 20
  = 100 = 总分.
"""

from __future__ import annotations

from realdocs import specs

CASE_ID = "r03_tanghu_township"
SOURCE = "03_tanghu"


def files():
    return {"report.html": specs()[SOURCE]}
