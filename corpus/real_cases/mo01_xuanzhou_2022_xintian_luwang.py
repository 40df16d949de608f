"""宣州区新田镇人民政府 2022 — 吴冲路和枫树路项目绩效运行监控报告 (1-12月份), 安徽 宣城市宣州区.

Source: http://hqbet6881.com/OpennessContent/show/2645434.html — a copy, on an unrelated domain, of a page of
the 宣州区 government portal (the ``OpennessContent/show/<id>`` path of the Anhui 政务公开 sites; the批复 is
宣区乡振〔2022〕2号, i.e. 宣州区).  The search store holds the page in traditional characters (a converter's
output); the rebuilt report is in simplified characters.  The capture stops at the heading "三、1-" of the
section that would give the 1-12月 progress; the rebuilt report stops there and says so.  HTML page →
``report.html`` (kind ``monitor``).

Kept: every figure and target as published — 宣区乡振〔2022〕2号 of 2022-01-25, 总投资157万元 = 县级财政衔接资金
39.3万元 + 其他资金117.7万元, 吴冲路 87万元 / 枫树路 70万元, 建设里程 1.091公里 and 0.875公里, 路面宽度不低于3.5米,
厚度不低于20厘米, 验收合格率100%, 完成及时率100%, 每公里补助20万元, 村通硬化路率100%, 满意度达100%, and the
execution sentence (157万元 已全部拨付完成).  Rewritten: the sentences, in our own words, same order and pattern.
Left out: site chrome; everything after "三、1-" (not in the capture).

Labels (domain.md §7.3; a monitoring report is never scored as a year-end self-evaluation):
- period "1-12月" as written → 序时进度 1.0.
- Budget: 157 of 157万元 paid = 100% → not behind schedule.
- Indicators: the nine targets of section 一(二); no progress value is in the captured part, so no actuals and no
  indicator-level ``behind_schedule``; no 完成目标可能性 / 全年预计 column → no ``forecast_contradiction``.
- Cross-check: 39.3 + 117.7 = 157, 87 + 70 = 157; (1.091 + 0.875) 公里 × 20万元 = 39.32万元 ≈ 县级衔接资金 39.3万元.
  ``flags: []``.
"""

from __future__ import annotations

from _kit import H, P, DocSpec

CASE_ID = "mo01_xuanzhou_2022_xintian_luwang"

REPORT = DocSpec(title="新田镇吴冲路和枫树路项目绩效运行监控报告", blocks=[
    H("新田镇吴冲路和枫树路项目绩效运行监控报告"),
    P("为规范财政衔接推进乡村振兴补助资金的管理、提高资金使用效益,新田镇人民政府对本镇2022年度实施的衔接资金项目"
      "开展了绩效目标运行监控,现将1-12月份的绩效运行监控情况报告如下:"),
    H("一、绩效目标分解下达情况", 2),
    H("(一)财政衔接推进乡村振兴补助资金下达预算及项目情况", 3),
    P("2022年1月25日,区农业农村局与区乡村振兴局联合印发《关于下达2022年第三批乡村振兴项目的批复》"
      "(宣区乡振〔2022〕2号),批复了吴冲路项目和新田镇枫树路项目。两个项目总投资157万元,其中县级财政衔接资金"
      "39.3万元,其他资金117.7万元;吴冲路项目总投资87万元,新田镇枫树路项目总投资70万元。"),
    H("(二)财政衔接推进乡村振兴补助资金项目绩效目标设定情况", 3),
    P("1.数量指标:吴冲路实施路面硬化,建设里程1.091公里,水泥混凝土路面宽度不低于3.5米、厚度不低于20厘米;"
      "新田镇枫树路实施路面硬化,建设里程0.875公里,水泥混凝土路面宽度不低于3.5米、厚度不低于20厘米。"),
    P("2.质量指标:项目验收合格率100%。"),
    P("3.时效指标:项目完成及时率100%。"),
    P("4.成本指标:每公里补助20万元。"),
    P("5.效益指标:村通硬化路率100%。"),
    P("6.满意度指标:受益群体满意度达100%。"),
    H("二、绩效运行开展情况", 2),
    P("两个项目资金合计157万元,已经全部拨付完毕。"),
    H("三、1-", 2),
    P("(原网页在此处截断,以下内容未能取得。)"),
])


def files():
    return {"report.html": REPORT}
