"""萧县杨楼镇人民政府 2023 — 杨楼社区特色种养殖补贴到户项目 绩效目标自评表 (衔接资金, 萧县, 宿州市, 安徽).

Source: https://www.ahxx.gov.cn/grassroots/275/159708041.html — the 萧县 portal's 基层政务公开 page of 杨楼镇
(信息分类 行业扶贫相关财政资金…, 发文日期 2023-09-28), titled "2023年杨楼社区特色种养殖补贴到户项目资金使用情况";
the Anhui 衔接资金 绩效目标自评表 as an HTML table → ``report.html``.  (A different town and project from the reserved
张庄寨镇 河西村 form of the same county; same template.)

Layout worth noting: the ★ core indicators carry the 分值 and 得分 but leave 年度指标值 / 全年实际值 **empty**; the
figures sit in indented child rows below (红薯种植面积 5.5亩 / 5.5亩 …) that have no 分值 or 得分.  The 一级 cell of
the 产出 block reads only ``(50分)`` in the capture (the vertical 产出指标 characters are not in the page text).

Kept verbatim: 项目名称 / 项目负责人及电话 (name and number run together) / 主管部门 县农业农村局 / 实施单位; the funds block
8.408 / 8.408 / 10 / 100.00% / 10 on both the total and the 本年财政拨款 row, 其他资金 0 / 0; both 年度总体目标 texts;
the header ``一级↵指标``; the ★ marks; every child row as published.
Left out: everything from 质量指标 on — the capture stops inside ``★种植作物成活率 10 9…``, so the 质量, 效益 and
满意度 rows and the total are not in the file.  Nothing rewritten (the page is only the form).

Labels (domain.md §3–5):
- 12 indicators: the three ★ rows (target ``""``: none written in their own row) and the nine child rows.
- Child rows: every 全年实际值 equals its 年度指标值 (5.5亩; 6, 1, 4.5, 4.7 亩; 80头, 3头, 500只, 283只) → met, no flag.
- The ★ rows claim 10 of 10 with empty target and actual cells.  By the letter that is ``unsupported_score`` (and an
  empty quantitative target, ``vague_target``); a reviewer who reads the child rows as the ★ row's breakdown sees
  nothing wrong → both **optional** on each ★ row.
- Budget 8.408 / 8.408 = 100% → 10 of 10, right.  Weights cannot be checked (产出 says 50, the visible ★ rows give 30,
  the 质量 rows are cut).
"""

from __future__ import annotations

from _kit import P, T

from docreview.docgen import DocSpec

CASE_ID = "xa08_yanglou_2023_tesezhongyang"

GOAL = ("以产业补助的形式对64户脱贫户进行补助,鼓励发展特色产业,激发脱贫人口内生动力,增加脱贫户收入10.9304万元。")
DONE = "落实64户特色种养业奖补政策,增加脱贫户家庭收入10.9304万元"

REPORT = DocSpec(title="2023年杨楼社区特色种养殖补贴到户项目资金使用情况", blocks=[
    P("2023年杨楼社区特色种养殖补贴到户项目资金使用情况"),
    P("发表时间:2023-09-28 10:42 信息来源:杨楼镇人民政府"),
    T(f"""
    项目名称 | 2023年杨楼社区特色种养殖补贴到户项目 | << | << | << | 项目负责人及电话 | << | 黄蓓蓓0557-5271001 | <<
    主管部门 | 县农业农村局 | << | << | << | 实施单位 | << | 杨楼镇人民政府 | <<
    资金情况↵(万元) | | << | << | 全年预算数(A) | 全年执行数(B) | 分值 | 执行率(B/A) | 得分
    ^^ | 年度资金总额: | << | << | 8.408 | 8.408 | 10 | 100.00% | 10
    ^^ | 其中:本年财政拨款 | << | << | 8.408 | 8.408 | 10 | 100.00% | 10
    ^^ | 其他资金 | << | << | 0 | 0 | | |
    年度总体目标 | 年初设定目标 | << | << | << | 年度总体目标完成情况综述 | << | << | <<
    ^^ | {GOAL} | << | << | << | {DONE} | << | << | <<
    绩效指标 | 一级↵指标 | 二级指标 | 三级指标 | 分值 | 年度指标值 | 全年实际值 | 得分 | 未完成原因及拟采取的改进措施
    ^^ | (50分) | 数量指标 | ★补助各类粮食作物种植面积 | 10 | | | 10 |
    ^^ | ^^ | ^^ | 红薯种植面积 | | 5.5亩 | 5.5亩 | |
    ^^ | ^^ | ^^ | ★补助各类瓜果蔬菜种植面积 | 10 | | | 10 |
    ^^ | ^^ | ^^ | 梨树种植面积 | | 6亩 | 6亩 | |
    ^^ | ^^ | ^^ | 桃种植面积 | | 1亩 | 1亩 | |
    ^^ | ^^ | ^^ | 葡萄种植面积 | | 4.5亩 | 4.5亩 | |
    ^^ | ^^ | ^^ | 苹果种植面积 | | 4.7亩 | 4.7亩 | |
    ^^ | ^^ | ^^ | ★补助家畜家禽养殖数量 | 10 | | | 10 |
    ^^ | ^^ | ^^ | 猪养殖数量 | | 80头 | 80头 | |
    ^^ | ^^ | ^^ | 牛养殖数量 | | 3头 | 3头 | |
    ^^ | ^^ | ^^ | 鸡养殖数量 | | 500只 | 500只 | |
    ^^ | ^^ | ^^ | 羊养殖数量 | | 283只 | 283只 | |
    """, widths=[0.6, 0.7, 0.9, 2.4, 0.6, 1.0, 1.0, 0.6, 1.6], header_rows=0),
    P("(来源页面在质量指标“★种植作物成活率”一行处截断,其后各行未收录。)"),
])


def files():
    return {"report.html": REPORT}
