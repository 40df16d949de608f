"""武川县民族事务委员会 2021 — 大青山乡沙湾子少数民族聚居村养殖场基础设施建设项目 绩效目标申报表 (内蒙古, 呼和浩特市武川县).

Source: http://www.wuchuan.gov.cn/zfxxgknew_27916/fdzdgknr/zfwjnew/202112/t20211220_1104864.html — the county portal's
政府信息公开 page (索引号 0001115012MW/2021-00346, 主题分类 民族事务, 发布机构 民族事务委员会, 成文日期 2021-07-28): the
2021 绩效目标申报表 of a 中央衔接推进乡村振兴补助资金(少数民族发展任务) project of 50万, published as an HTML table.  A
target table reviewed on its own → ``target.html`` (kind ``target``).

Why this document: the brief named a 新疆 乌恰县水利局 2021 绩效项目申报表 (xjwqx.gov.cn).  Its search copy holds only the
page's metadata box and hundreds of empty ``|`` cells, ending in the 主管部门 row — not one indicator.  The only other
新疆 target table found (第一师阿拉尔市 六团 气调保鲜库, nys.gov.cn) stops after three 数量 rows.  This page is the same
national 衔接资金 申报表 template, with eleven indicator rows in the capture.

Kept verbatim: the metadata box (as the first table), the form title and ``(2021年度)``, every cell of the form as far
as the capture goes: ``达布 15947711885``, ``年度资金总额:50万``, the funds cells ``中央衔接推进乡村振兴补助资金(少数
民族发展任务)50``, the 年度目标 paragraph (76户174人, 26户56人, 12户27人, 6500平米, 360平米, 84平米, 120平米, 300米), the
indicator rows with their signs and units as written (``≥1个``, ``≥95%``, ``100%``, ``2021年7月``, ``50000元``,
``490元/平米``, ``300元/米``, ``550元/平米``, ``≥1050元``), the names with their odd parts (``养殖动物成活率(目标)``,
``饲料库120平米``).  The capture shows no 一级 text at all and no 二级 text for the first four indicator rows (only
``时效指标`` and ``成本指标`` appear); those cells are left blank, the 一级 column as one blank merged cell.
Left out: the page's second, list-style copy of the metadata box (same fields), and everything after the
``防疫室84平米`` row — the capture ends there, so the 效益 and 满意度 rows of the template are not in the file.
Nothing rewritten.

Labels (domain.md §7.2 + vague_target/arithmetic_error; no actuals, no scores):
- 11 indicators, targets as written.
- direction_error (required): 防疫室84平米 sits under 成本指标 and its target is ``≥1050元`` — a cost with a minimum.
  The other four cost rows are unsigned (a maximum by default): no error.
- missing_dimension (optional, indicator null): the file has no 效益 and no 满意度 indicator and no 数量/质量 label,
  but that is the cut capture and the blank cells, not the published form (precedent: no03, sw04).
- No implausible_target: 开工时限 2021年7月 and 竣工时限 2021年9月 lie inside the 2021 budget year; 成活率 ≥95% and
  验收合格率 100% do not exceed 100%; no count of 0.  No duplicate_target: ``≥1个`` twice out of 11.  No vague_target:
  every row has a figure.
- Funds: 年度资金总额 50万 = 财政拨款 50 + 其他资金 (blank): no arithmetic_error.  The cost rows are not stated as
  parts of the 50万: 50000 + 120×490 + 300×300 + 360×550 + 84×1050 = 50000 + 58800 + 90000 + 198000 + 88200 =
  485000元 = 48.5万 ≤ 50万 (reading 1050 per 平米; nothing to flag either way).
"""

from __future__ import annotations

from _kit import P, T

from docreview.docgen import DocSpec

CASE_ID = "td01_wuchuan_2021_yangzhichang"

FUND = "中央衔接推进乡村振兴补助资金(少数民族发展任务)50"
GOAL = ("大青山乡沙湾子少数民族聚居村养殖场基础设施建设项目(约50万) 沙湾子村是少数民族聚居村,户籍人口76户174人,"
        "常住户26户56人,其中户籍少数民族12户27人。项目新建养殖场占地约6500平米,建棚圈一栋约360平米,人工配种室、"
        "防疫室84平米,饲料库120平米,打井,配电,建围墙约300米。项目实施后受益人口76户174人,其中户籍少数民族12户27人。")

TARGET = DocSpec(title="绩效目标申报表(2021年度)", blocks=[
    T("""
    索 引 号 | 0001115012MW/2021-00346 | 主题分类 | 民族事务
    发布机构 | 民族事务委员会 | 文 号 |
    成文日期 | 2021-07-28 | 公文时效 |
    """, widths=[1.0, 2.4, 1.0, 1.6], header_rows=0),
    P("绩效目标申报表"),
    P("(2021年度)"),
    T(f"""
    项目名称 | 大青山乡沙湾子少数民族聚居村养殖场基础设施建设项目 | << | 项目负责人及电话 | 达布 15947711885
    主管部门 | 武川县民族事务委员会 | << | 实施单位 | 武川县民族事务委员会
    资金情况 (万元) | 年度资金总额:50万 | {FUND} | << | <<
    ^^ | 其中:财政拨款 | {FUND} | << | <<
    ^^ | 其他资金 | | << | <<
    总 体 目 标 | 年度目标 | << | << | <<
    ^^ | {GOAL} | << | << | <<
    绩 效 指 标 | 一级指标 | 二级指标 | 三级指标 | 指标值
    ^^ | | | 贫困地区新增特色产业数量 | ≥1个
    ^^ | ^^ | | 贫困地区建设少数民族聚居村养殖场 | ≥1个
    ^^ | ^^ | | 养殖动物成活率(目标) | ≥95%
    ^^ | ^^ | | 项目(工程)验收合格率 | 100%
    ^^ | ^^ | 时效指标 | 开工时限 | 2021年7月
    ^^ | ^^ | ^^ | 竣工时限 | 2021年9月
    ^^ | ^^ | 成本指标 | 打井、配电 | 50000元
    ^^ | ^^ | ^^ | 饲料库120平米 | 490元/平米
    ^^ | ^^ | ^^ | 围墙300米 | 300元/米
    ^^ | ^^ | ^^ | 标准化棚圈360平米 | 550元/平米
    ^^ | ^^ | ^^ | 防疫室84平米 | ≥1050元
    """, widths=[1.0, 1.2, 1.4, 2.8, 2.0], header_rows=0),
    P("(来源页面在“防疫室84平米”一行后截断,效益指标、满意度指标等其后内容未能取得。)"),
])


def files():
    return {"target.html": TARGET}
