"""衡山县商务和粮食局 县级储备粮 — 2020年度县级专项资金绩效目标自评表 (湖南), rebuilt from realdocs/S2.

Source: https://taowenge.com/p-72820237.html (a document-sharing site, see realdocs/S2) — verbatim cells
from ``corpus/realdocs.py`` key ``S2_hengshan`` (DOCX; the truncated 注 at the end is left out).  No
policy; the form has no 分值/得分 columns.

Labels:
- 政策性挂账利息补贴保障率: target 100%, 全年完成值 ``无`` with the remark "没有轮换、动用库存" (explains
  why there is no value, gives none) → ``not_reported``.
- 粮食储备设备维护及安全性: 可持续影响 with the target ``高`` (a degree word, no measure) → ``vague_target``.
- 市民满意度调查: the target cell reads ``290%`` (almost certainly a garbled ``≥90%``, like S4's 292%);
  read literally, 100% misses 290% → ``target_missed`` and, with no reason, ``missing_deviation_reason`` —
  both optional, since a reviewer reads the cell as ≥90% and sees the indicator met.
- 县级储备粮库存粮食明显变质比例 0 → 0 and 粮食安全事件发生数 0起 → 0起 are zero targets met; every 100%
  is met; budget 194.9 / 194.9 = 100%.
"""

from __future__ import annotations

from realdocs import specs

CASE_ID = "rs2_hengshan_grain"
SOURCE = "S2_hengshan"


def files():
    return {"report.docx": specs()[SOURCE]}
