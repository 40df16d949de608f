"""天津市宝坻区 2022 畜禽粪污资源化利用整县推进项目 — 中央预算内投资计划绩效目标表 (津财基指〔2022〕23号
附件), 天津.  A target table reviewed on its own (kind ``target``).

Source: http://www.tyc-yl.com/zwgk_53713/ysgk_59783/czjzxzj/202207/t20220710_5930157.html (HTML page:
the 区财政局 notice 津财基指〔2022〕23号 with the 绩效目标表 inline).  The capture stops inside the row
"完工项目县规模养殖场畜禽粪污处理…"; the table is kept to the last complete row (综合利用率 ≥90%).

Kept verbatim: the notice's figures (2350万元, 项目编码 12000022P10000210006W, 科目 213), and every cell of
the target table: the header block (专项名称 / 下达地方或单位 / 下达中央预算内投资(万元) / 总体目标) and the
indicator rows with the form's own shifted hierarchy — the "一级指标" column says 实施效果指标, the
"二级指标" column holds 产出指标 / 效益指标, and the 三级 names sit directly under them (no 数量/质量/时效/
成本 level).  "建设项目个数(含续建)" has the bare value 1 (no unit).  Rewritten: the two notice paragraphs
(own words, same facts).  Left out: the cut row and anything after it.

Labels (§7.2 + vague_target / arithmetic_error):
- 按进度计划实施情况 "按计划实施": a schedule indicator with no date → ``vague_target``; it is also a
  yes/no state, so optional.
- ``missing_dimension``: as captured there is no 满意度 indicator and no cost indicator; the capture is cut,
  so the rest of the table may have held them, and the central template for 中央预算内投资 has no cost
  row — optional (indicator null).
- Nothing else: 100% for 竣工验收合格率 and ≥90% 综合利用率 are plausible; no duplicates; the money
  (2350) has no parts to add up.
"""

from __future__ import annotations

from _kit import H, P, T, DocSpec

CASE_ID = "no03_baodi_2022_chuqinfenwu"

TARGET = DocSpec(title="天津市农业绿色发展专项(畜禽粪污资源化利用整县推进项目)2022年中央预算内投资计划绩效目标表", blocks=[
    P("津财基指〔2022〕23号"),
    P("依据《财政部关于下达2022年农业绿色发展专项(畜禽粪污资源化利用整县推进项目)中央基建投资预算的通知》"
      "(财建〔2022〕111号)和市发展改革委、市农业农村委转发的投资计划(津发改批复(投资)〔2022〕19号),"
      "现向你区下达2022年预算2350万元,专门用于2022年天津市宝坻区畜禽粪污资源化利用整县推进项目"
      "(12000022P10000210006W),功能分类科目列“213.农林水支出”,须专款专用。"),
    P("请你单位按津发改批复(投资)〔2022〕19号文件下达的中央绩效目标做好绩效监控,保证年度绩效目标按期实现,"
      "预算年度结束后及时将项目绩效自评报告报我局备案,并接受财政部天津监管局的监督。"),
    P("附件:天津市农业绿色发展专项(畜禽粪污资源化利用整县推进项目)2022年中央预算内投资计划绩效目标表"),
    P("2022年5月27日"),
    P("附件"),
    H("天津市农业绿色发展专项(畜禽粪污资源化利用整县推进项目)2022年中央预算内投资计划绩效目标表"),
    P("(天津市宝坻区畜禽粪污资源化利用整区推进项目)"),
    T("""
    专项名称 | 农业绿色发展专项 (畜禽粪污资源化利用整县推进项目) | << | << | <<
    下达地方或单位 | 宝坻区人民政府 | << | << | <<
    下达中央预算内投资(万元) | 2350 | << | << | <<
    总 体 目 标 | 提高畜禽粪污综合利用率和规模养殖场设施装备配套率。 | << | << | <<
    绩 效 指 标 | 一级指标 | 二级指标 | 三级指标 | 指标值
    ^^ | 实施效果指标 | 产出指标 | 建设项目个数(含续建) | 1
    ^^ | ^^ | ^^ | 竣工验收合格率 | 100%
    ^^ | ^^ | ^^ | 按进度计划实施情况 | 按计划实施
    ^^ | ^^ | 效益指标 | 完工项目县畜禽粪污综合利用率 | ≥90%
    """, header_rows=0),
    P("(原网页表格在下一行“完工项目县规模养殖场畜禽粪污处理……”处截断,其后内容未能取得。)"),
])


def files():
    return {"target.html": TARGET}
