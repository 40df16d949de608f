"""莆田市秀屿区水利局 2025 — 省级第七批水利专项资金绩效目标表 (福建, target table reviewed alone).

Source: https://www.chacewang.com/newsdetail/news886214.html — a republished copy of the 秀屿区财政局/秀屿区水利局
notice of 2025-09-19 (下达2025年省级第七批水利专项资金35万元) with its two attachments.  The copy flattens the
tables into running text (cells without separators; 。 shown as ,).  Kept: the attachment 2 target table up to the
last complete row (时效指标); the capture is cut inside the next row (效益指标 / 社会效益指标 / ``是…``), so the
效益 and 满意度 rows are missing here.  The notice text and attachment 1 (安排表: 笏石街道办 20万元, 埭头镇 15万元)
are summarised in one paragraph, not copied.

Layout worth noting (Fujian 专项转移支付 form): a separate 指标方向 column (``≤``, ``≥``, ``是/否``) and one target
column per receiving area (笏石街道办, 埭头镇); 成本指标 is a 一级 row placed before 产出指标 (财预〔2021〕101号 style).
Cell boundaries were re-drawn from the flattened text: ``≤100%100%`` = ``≤`` | ``100%`` | ``100%``; ``≥11`` = ``≥`` |
``1`` | ``1``; ``是/否否否`` = ``是/否`` | ``否`` | ``否``.

Labels (§7.2):
- Indicators (4 complete rows), targets = direction + area value (both areas equal): ``≤100%``, ``≥1``, ``否``,
  ``≥100%``.
- ``implausible_target`` (optional) on the 时效 row: ``截至2026年12月底`` lies outside the 2025 budget year, but a
  repair project funded in September may legitimately run into the next year (project period unknown).
- No ``missing_dimension``: the rows for 效益/满意度 exist but are cut from the capture; judging them would be
  guessing.  No duplicate rule hit (2 of 4 targets are 100%, not more than half).
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "ea03_xiuyu_2025_shuili_mubiao"

TARGET = DocSpec(title="秀屿区2025年省级第七批水利专项资金绩效目标表", blocks=[
    P("（通知摘要）秀屿区财政局、秀屿区水利局于2025年9月19日下达2025年省级第七批水利专项资金35万元，用于笏石街道"
      "梁厝沟四新段护岸水毁修复工程（20万元）和埭头镇西坡排洪闸水毁修复工程（15万元），要求加快预算执行并做好绩效跟踪管理。"),
    P("附件2"),
    H("秀屿区2025年省级第七批水利专项资金绩效目标表"),
    T("""
    项目名称 | 省级第七批水利专项资金 | << | << | << | << | << | <<
    主管部门(单位)名称 | 秀屿区水利局 | << | << | << | << | << | <<
    资金情况(万元) | 资金总额 | << | 35 | << | << | << | <<
    ^^ | 其中:财政拨款 | << | 35 | << | << | << | <<
    ^^ | 其他资金 | << | 0 | << | << | << | <<
    总体目标 | 开展2个防洪水利设施水毁修复, | << | << | << | << | << | <<
    绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标解释 | 指标方向 | 笏石街道办 | 埭头镇
    ^^ | 成本指标 | 经济成本指标 | 省级财政专项资金投入成本控制率(%) | 反映省级财政专项资金投入成本控制情况 | ≤ | 100% | 100%
    ^^ | 产出指标 | 数量指标 | 开展修复工程(个) | 反映防洪水利设施水毁修复项目开展情况 | ≥ | 1 | 1
    ^^ | ^^ | 质量指标 | 已建工程是否存在质量问题 | 当年已完工项目是否在检查中发现质量问题 | 是/否 | 否 | 否
    ^^ | ^^ | 时效指标 | 截至2026年12月底,项目开展率(%) | 反映修复开展情况 | ≥ | 100% | 100%
    """, header_rows=0),
    P("（以下效益指标、满意度指标行在来源页面中被截断，未收录。）"),
])


def files():
    return {"target.html": TARGET}
