"""天津东疆 2020 — 东疆东部沿海岸线基础设施环境提升生态修复及配套设施建设项目 直达资金绩效自评 (prose; 天津).

Source: https://www.dongjiang.gov.cn/contents/24/15313.html — a page of the 天津东疆 (东疆港区/综合保税区) portal holding a
self-evaluation of the 2300万元 of 2020 直达资金 spent on the 东部沿海岸线 seaside-park project, in prose: "一、绩效目标
完成情况分析" with (一) 资金投入, (二) 总体绩效目标, (三) 绩效指标完成情况, one line per indicator in the pattern
``<指标>:指标值为“…”,全年实际完成值…``.  The publishing unit is not named in the capture.  An HTML page → ``report.html``.

Why this document: the brief named a 2022 哈尔滨市道里区 计划生育服务项目绩效自评报告 (m.1wenmi.com/doc/902823.html).  Its
search copy holds only the site's page list and the first paragraph of 项目概况 (扶助对象 7556人, 4378人 = 2104 + 2274,
7人) — no target, no indicator, no actual.  No other 黑龙江 report with figures turned up; this one states eight
indicators with targets and actuals.

Kept: every figure and the phrasing pattern — 2300万元 = 一类费 2156.7899万元 + 二类费 143.2101万元, paid in 2020;
总投资 3.8亿元, 约20万平方米 park, 配套设施 2012平方米, 预计竣工 2021年5月30日; each indicator line with its 指标值 in
quotes (``“约12000平方米”``, ``“约120平方米”``, ``“100%”``, ``“2021年4月15日”``) and its actual (``约20000平方米``,
``约1737平方米``, ``为0``, ``为100%``) and the reason given beside the zeros (project still inside its construction
period).  Rewritten: the sentences, in our own words, same order and pattern.  Left out: the ninth line, 超概算项目比例
(指标值 “0%”), which the capture cuts mid-sentence before its actual; everything after it.

Labels (domain.md §3–5; no policy file, no scores, no budget table; "约" dropped on both sides as in ce02):
- overachieved (required, low): 建设占地面积 20000 / 12000 = 1.67 ≥ 1.5; 建设三座服务中心等配套设施面积 1737 / 120 =
  14.5 ≥ 1.5 (unsigned targets are minimums).  The report gives no analysis of either; the rule fires on the ratio.
- target_missed (required, high): 项目竣工验收合格率 100% → 0; 项目计划完工率 100% → 0 (deviation 100%).  Both give a
  cause ("尚在建设工期内,未到竣工验收环节"), so no missing_deviation_reason.
- 完工日期 ``2021年4月15日`` answered ``0`` at the end of 2020: the deadline lies after the report year, so nothing has been
  missed yet; but the report itself expects 竣工 on 2021年5月30日, after the deadline.  target_missed optional.
- 设施质量合格率, 安装工程验收合格率, 项目按计划开工率: 100% → 100%, met.
- Budget: 2156.7899 + 143.2101 = 2300.0000万元, all paid → 100%; no flag.  The 20万平方米 / 2012平方米 of the whole park
  (总投资 3.8亿元) are not the same quantity as the 直达资金 indicators (12000 / 120平方米 targets): no
  inconsistent_values.
- Actuals ``0`` are labelled as written (a bare number, as r05's ``50``).
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "td02_dongjiang_2020_haianxian"

REPORT = DocSpec(title="东疆东部沿海岸线基础设施环境提升生态修复及配套设施建设项目绩效自评", blocks=[
    H("一、绩效目标完成情况分析", 2),
    P("(一)资金投入情况分析。"),
    P("2020年本项目共获下达直达资金2300万元,全部投入本项目建设,其中一类费2156.7899万元、二类费143.2101万元,"
      "两项均已于2020年内支付到位。"),
    P("(二)总体绩效目标完成情况分析。"),
    P("本项目的总体绩效目标有两项。一是建成东疆东部沿海岸线基础设施环境提升生态修复及配套设施,项目总投资3.8亿元,"
      "完工后将形成一座占地约20万平方米、向市民开放游览的海滨公园,配套设施面积2012平方米,基本满足东部岸线区域"
      "人员疏散和游览的需要,达到改善环境、分散人流、科学有序游览的效果。二是工程施工质量符合验收要求,并按时投入"
      "使用。本项目预计于2021年5月30日竣工,因此2020年没有实现总体绩效目标。下一步将按工期合理安排进度,加快推进"
      "建设。"),
    P("(三)绩效指标完成情况分析。"),
    P("建设占地面积:指标值为“约12000平方米”,全年实际完成值约20000平方米;"),
    P("建设三座服务中心等配套设施面积:指标值为“约120平方米”,全年实际完成值约1737平方米;"),
    P("项目竣工验收合格率:指标值为“100%”,全年实际完成值为0,原因是项目仍处在建设工期内,还没有进入竣工验收环节;"),
    P("设施质量合格率:指标值为“100%”,用直达资金采购的各类设施和物料均为合格产品,完成值为100%;"),
    P("安装工程验收合格率:指标值为“100%”,用直达资金实施的安装工程均已验收合格,完成值为100%;"),
    P("完工日期:指标值为“2021年4月15日”,全年实际完成值为0,原因是项目仍处在建设工期内,还没有到完工日期;"),
    P("项目按计划开工率:指标值为“100%”,项目已按计划的开工时间如期开工,完成值为100%;"),
    P("项目计划完工率:指标值为“100%”,全年实际完成值为0,原因是项目仍处在建设工期内,还没有进入竣工验收环节;"),
    P("(来源页面在下一项“超概算项目比例”处截断,其后内容未能取得。)"),
])


def files():
    return {"report.html": REPORT}
