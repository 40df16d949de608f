"""同心县下马关镇人民政府 2023 — 设施农业黄金蜜(葡萄)种植项目绩效目标设定的公示 (宁夏, 吴忠市同心县).

Source: https://www.tongxin.gov.cn/zwgk/zfxxgkml/zdxm/zdxm_54945/202309/t20230919_4273316.html — the county portal's
重点项目 page (索引号 640324032/2023-00047, 发文时间 2023-03-27, 发布机构 同心县下马关镇): a notice that states the
project's targets **in sentences**, with the target table only as an xlsx attachment (not captured).  An HTML page
reviewed on its own → ``target.html`` (kind ``target``).

Kept: every figure and claim — 50万元 from 宁财(农)指标[2022]605号 via 同财农(农)指标〔2023〕2-1号, 负责人 金秀梧,
1760株/栋 × 10栋, 总体目标 (产值 80万元, 10户, 增收 80万元); each indicator phrase as published, because it is the
data: the template placeholders left in the names (``(≥**株)``, ``(≥**%)``, ``(≤**元/株)``), the ASCII ``>=`` next to
``≥``, the unit-less ``>=85`` for 成活率, ``≤28.40/株`` (no 元), the ★/★★★ marks, ``生态修复功能提高``, ``持续发展``.
Rewritten: the notice's connecting sentences (basis, project content, closing) in our own words, same order and
pattern ("现将绩效目标设定如下" → 一、产出指标 / 二、效益指标 / 三、满意度指标).  Left out: page chrome and the QR line.

Labels (domain.md §7.2 + vague_target):
- 10 indicators.  ``>=`` normalised to ``≥`` in the labels; ``>=85`` stays unit-less (``≥85``).
- 生态修复功能 ``提高`` (生态效益) and 持续发展 (可持续影响, no target at all, only words) → ``vague_target`` on both.
- ``missing_dimension`` (optional, indicator null): the text has no 质量指标 — 种植作物成活率, a quality measure, is
  listed under 数量指标.  A reviewer may count it as the quality row (the xlsx attachment may file it under 质量).
- Directions right (补助成本 ``≤``, rates/outputs ``≥``); ``≥100%`` 完成及时率 not above 100%; two targets share ≥80万元,
  not more than half → no other flag.  17600株 × 28.40 = 499,840元 ≈ the 50万元 funding (consistent, nothing to flag).
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "xa04_tongxin_2023_huangjinmi_mubiao"

TARGET = DocSpec(title="关于下马关镇设施农业黄金蜜(葡萄)种植项目绩效目标设定的公示", blocks=[
    P("索引号:640324032/2023-00047  发文时间:2023-03-27  发布机构:同心县下马关镇  文号:无  公开方式:主动公开"),
    H("关于下马关镇设施农业黄金蜜(葡萄)种植项目绩效目标设定的公示"),
    P("按照《关于下达2023年中央财政衔接推进乡村振兴资金预算指标的通知》(同财农(农)指标〔2023〕2-1号)的要求,"
      "我镇使用《自治区财政厅关于提前下达2023年第一批中央财政衔接推进乡村振兴补助资金预算指标的通知》"
      "(宁财(农)指标[2022]605号)下达的资金50万元,实施同心县下马关镇设施农业黄金蜜(葡萄)种植项目,由金秀梧负责。"
      "项目在10栋设施温棚内种植黄金蜜(葡萄),每栋按1760株的标准栽植。项目的总体绩效目标为:特色产业产值增加80万元,"
      "受益脱贫户、监测户10户,带动脱贫户、监测户增收80万元。现将各项绩效目标设定如下:"),
    P("一、 产出指标"),
    P("数量指标:★补助各类瓜果蔬菜种植数量,黄金蜜(葡萄)种植数量(≥**株)>=17600株;种植作物成活率(≥**%)>=85;"
      "时效指标:完成及时率(≥**%)>=100%。成本指标:作物种植补助标准,黄金蜜(葡萄)补助成本(≤**元/株)≤28.40/株。"),
    P("二、 效益指标"),
    P("效益指标:经济效益指标:脱贫地区特色产业产值(≥**万元)≥80万元,促使脱贫户、监测户增加收入(≥**万元)≥80万元;"
      "社会效益目标:★★★受益脱贫户、监测户人口数(≥**户)≥10户。生态效益指标:生态修复功能提高。可持续影响指标,持续发展。"),
    P("三、 满意度指标"),
    P("服务对象满意度指标,受益脱贫户满意度(≥**%)≥95%。"),
    P("附件:下马关镇设施农业黄金蜜(葡萄)种植项目绩效目标设定表.xlsx"),
    P("同心县下马关镇人民政府"),
    P("2023年3月27日"),
])


def files():
    return {"target.html": TARGET}
