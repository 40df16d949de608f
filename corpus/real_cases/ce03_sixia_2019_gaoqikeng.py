"""关于2019年度高其坑通组道路工程绩效评价报告 — 寺下镇 (珍珠村), probably 上犹县, 江西; 2019.

Source: http://www.hyht-hotel.com/syxxxgk/czyjsqgnch/202103/64af8e5bd6ae4bdc92eef82d3e3f7a98.shtml — a spam
mirror of a county portal page (乡(镇)信息公开目录 > 寺下镇 > 财经信息 > 财政预决算, published 2021-03), shown in
traditional characters by the mirror.  The path prefix ``syxxxgk`` (上犹信息公开) and 寺下镇 point to 上犹县 (赣州,
江西); the page itself does not name the county.  An HTML page → ``report.html`` (rebuilt in simplified
characters, as the original portal publishes).

Kept: every figure and claim: 珍珠村; 统筹整合财政涉农资金; 项目总投资19万元, 据实拨付; 绩效目标 道路硬化≥0.565km,
项目(工程)验收合格率≥100%, 受益贫困人口满意度≥96%, 受益建档立卡贫困人口数≥23人; evaluation by 资金使用、产出、
效益、满意度 four kinds of indicators; 评价结论 "各指标均能高质量完成" with no figure; 村民申请, 民主评议, 珍珠村村民
委员会管理, 村民理事会监督.  Rewritten: all sentences in our own words, same order and pattern.
Left out: "附件2" — the page announces an attachment after the text, which the capture does not show.

Labels (domain.md §3–5): the report's own targets (一(二)) are the indicators.  The report gives no value for
any of them: the conclusion only says every indicator was completed "高质量", which is a blanket claim, not an
actual value → ``not_reported`` ×4 (no score is claimed, so not ``unsupported_score``).  A reviewer reading
the publication would look for the figures in 附件2, which is not part of this file.
No budget figures beyond 总投资19万元 (据实拨付), so no budget flag.  ``≥100%`` for 验收合格率 is a legal
target (100% is reachable), so no ``implausible_target`` (and §7.2 does not run on a report anyway).
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "ce03_sixia_2019_gaoqikeng"

REPORT = DocSpec(title="关于2019年度高其坑通组道路工程绩效评价报告", blocks=[
    H("关于2019年度高其坑通组道路工程绩效评价报告"),
    H("一、项目基本情况", 2),
    P("（一）项目概况：珍珠村基础设施薄弱，为改善村民的生产生活条件，2019年通过统筹整合财政涉农资金立项实施"
      "高其坑通组道路工程。项目总投资19万元，资金从统筹整合的财政涉农资金中据实拨付。"),
    P("（二）绩效目标：道路硬化≥0.565km；项目（工程）验收合格率≥100%；受益贫困人口满意度≥96%；受益建档立卡"
      "贫困人口数≥23人；改善村内基础设施，带动经济发展。"),
    H("二、绩效评价情况", 2),
    P("评价从资金使用、产出、效益、满意度四类指标入手，对资金支出过程及其效果作综合评价和判断，考察资金使用是否"
      "科学、合理、有效，查找存在的问题，并就完善资金和项目管理制度、优化财政资金配置、提高资金使用效益提出"
      "意见。"),
    H("三、评价结论和绩效分析", 2),
    P("（一）评价结论：项目基本按照年初确定的实施目标推进，各项绩效指标都高质量完成；项目建成后村民出行条件"
      "得到改善，带动了当地经济发展。"),
    P("（二）绩效分析：项目由村民提出申请、经民主评议后申报实施，是村民急需的项目；日常管理由业主单位珍珠村"
      "村民委员会负责，村民理事会负责监督，工程质量得到保障。"),
])


def files():
    return {"report.html": REPORT}
