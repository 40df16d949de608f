"""武汉市青山区教育局 2020 — 绩效目标表, 农村义务教育薄弱学校改造补助资金 (湖北, target table reviewed alone).

Source: https://www.qingshan.gov.cn/qzfbm/zfgzbm/jyj/czxx/zxzj/ywjygz/202101/t20210105_1589009.shtml — 青山区
政府网, 区教育局, "绩效目标表" (发布日期 2021-01-05, 索引号 733569413/2021-00944).  An HTML page, the body is the
table → ``target.html``.

Kept verbatim: every cell: 项目名称, 项目主管部门 青山区教育局, 项目执行单位 化工区学校, 资金情况 (年度资金总额:16 /
其中 :上级资金16 — spacing as published), the 年度目标 sentence, and the nine indicators with their 指标值.
Layout: the older template (二级 column named 指标内容 for the indicator; 社会公众或服务对象满意度指标 placed as a
二级 under 效益指标, no separate 满意度 一级).
Left out: the page chrome (字号, 扫一扫, 下载/打印/关闭).  Nothing rewritten.

Labels (§7.2):
- Indicators (9), targets as written (six ``100%``, ``稳步提高``, two ``≥90%``).
- duplicate_target (indicator null): six of nine indicators share the identical target ``100%`` — more than half
  (覆盖率, two 合格率, 下达率, 完成率, 成本控制率) → required.
- vague_target: 义务教育优质均衡发展情况 ``稳步提高`` — a 效益 indicator with only a degree phrase → required.
- Not flagged: missing_dimension — 产出 has 数量/质量/时效/成本; 效益 has 可持续影响; satisfaction is present
  as the template's 二级 under 效益 (a reviewer would not call it missing).  direction_error — 建设项目成本控制率
  ``100%`` is unsigned.  implausible_target — no rate above 100%.  arithmetic_error — 16 = 上级资金 16.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "xc02_qingshan_2020_boruoxuexiao_mubiao"

TARGET = DocSpec(title="绩效目标表", blocks=[
    P("索 引 号 733569413/2021-00944　发布日期 2021-01-05　发布机构 区教育局　标题 绩效目标表"),
    H("绩效目标表"),
    P("(2020年度)"),
    T("""
    项目名称 | 农村义务教育薄弱学校改造补助资金 | << | << | <<
    项目主管部门 | 青山区教育局 | << | 项目执行单位 | 化工区学校
    资金情况↵(万元) | 年度资金总额:16 | << | << | <<
    ^^ | 其中 :上级资金16 | << | << | <<
    总体目标 | 年度目标 | << | << | <<
    ^^ | 全面改善农村义务教育薄弱学校办学条件,扩大基础教育资源,进一步提高义务教育均衡发展水平。 | << | << | <<
    绩效指标 | 一级指标 | 二级指标 | 指标内容 | 指标值
    ^^ | 产出指标 | 数量指标 | 农村义务教育学校改造覆盖率 | 100%
    ^^ | ^^ | 质量指标 | 校舍维修改造质量合格率 | 100%
    ^^ | ^^ | ^^ | 购置设施设备质量合格率 | 100%
    ^^ | ^^ | 时效指标 | 预算资金当年下达率 | 100%
    ^^ | ^^ | ^^ | 项目按计划完成率 | 100%
    ^^ | ^^ | 成本指标 | 建设项目成本控制率 | 100%
    ^^ | 效益指标 | 可持续影响指标 | 义务教育优质均衡发展情况 | 稳步提高
    ^^ | ^^ | 社会公众或服务对象满意度指标 | 学生家长满意度 | ≥90%
    ^^ | ^^ | ^^ | 学校满意度 | ≥90%
    """, header_rows=0),
])


def files():
    return {"target.html": TARGET}
