"""宝鸡市陈仓区财政局 / 陈仓区水利局 2020 — 省级财政水利发展资金绩效目标表 (陕西, target table reviewed alone).

Source: http://www.chencang.gov.cn/col8173/col8180/col8789/col9203/202005/t20200529_126007.html — 陈仓区政府网,
"关于下达2020年第二批省级财政水利发展资金的通知" (编辑 农业股, 来源 财政局, 2020-05-29), with its attachment
"2020年省级财政水利发展资金绩效目标表" printed under the notice.  An HTML page → ``target.html``.

Kept verbatim: the target table up to the last complete row the capture shows (质量指标 / 指标1:工程验收合格率 /
``≧ %``): every label, the four 数量 rows whose 指标值 cell holds only a unit (``公里``, ``万亩``, ``万人``,
``公里``) — the template was never filled in —, the typo 中小河流治理问道长度 (河道), the empty 资金总额 value
beside 财政拨款 500, the 总体目标 sentence (投资500 with no unit, 9200人).
Rewritten: the notice body (fund source, document numbers, 500万元 for 9200人, the 科目 2130335) in our own words.
Left out: everything after the 质量 row (the capture is cut there: 时效/成本/效益/满意度 rows unseen), site chrome.

Labels (§7.2; no actuals):
- Indicators (5): targets as written — ``公里``, ``万亩``, ``万人``, ``公里`` and ``≥%`` (``≧ %`` normalised).
- vague_target ×5 (required): each quantitative indicator has no value at all, only a unit or a sign and a unit —
  placeholders by any reading.
- Not flagged: missing_dimension (the capture is cut after 质量; the other rows exist but are unseen); the
  indicators (堤防, 灌区, 中小河流) belong to the 水利发展资金 menu, not to a drinking-water project, and the
  9200人 of the 总体目标 is never carried into 覆盖服务人口数 — a reviewer's remark, not a rule; 资金总额 is
  blank beside 财政拨款 500, so there is no sum to check (no arithmetic_error).
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "xc05_chencang_2020_shuilifazhan_mubiao"

TARGET = DocSpec(title="关于下达2020年第二批省级财政水利发展资金的通知", blocks=[
    H("关于下达2020年第二批省级财政水利发展资金的通知"),
    P("编辑:农业股　来源:财政局　发布时间:2020-05-29 09:42"),
    P("陈仓区水利局:"),
    P("依据宝鸡市财政局《关于下达2020年第二批省级水利发展资金的通知》(宝市财办农〔2020〕18号),以及你局报市水利局备案的"
      "《关于上报2020年农村饮水安全巩固提升工程省级水利发展资金项目计划(第二批)的请示》(宝陈水字〔2020〕124号),"
      "现向你局下达2020年省级财政第二批水利发展资金500万元,用于本区“十三五”农村饮水安全巩固提升收尾工作,"
      "解决9200人的饮水问题、提高农村饮水安全标准和条件;年终在“2130335农村人畜饮水”科目列支。"),
    P("请按财政部、水利部《关于印发〈中央财政水利发展资金使用管理办法〉的通知》(财农〔2016〕181号)办理项目审批,"
      "加强项目管理,做好项目实施和资金绩效评价,提高资金使用效益。"),
    P("附件:2020年省级财政水利发展资金绩效目标表"),
    H("2020年省级财政水利发展资金绩效目标表", 2),
    P("(2020)年度"),
    T("""
    专项(项目)名称 | 农村饮水安全巩固提升工程专项 | << | << | <<
    市级财政部门 | 宝鸡市财政局 | << | 市级主管部门 | 宝鸡市水利局
    区级财政部门 | 陈仓区财政局 | << | 区级主管部门 | 陈仓区水利局
    资金情况(万元) | 资金来源 | << | 资金总额 | <<
    ^^ | 其中:财政拨款 | << | 500 | <<
    ^^ | 其他资金 | << | | <<
    总体目标 | 完成省级水利发展农村饮水项目投资500,改善提升9200人饮水条件。 | << | << | <<
    绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值
    ^^ | 产出指标 | 数量指标 | 指标1:新建堤防、护岸长度 | 公里
    ^^ | ^^ | ^^ | 指标2:灌区节水改造面积 | 万亩
    ^^ | ^^ | ^^ | 指标3:农村饮水工程覆盖服务人口数 | 万人
    ^^ | ^^ | ^^ | 指标4:中小河流治理问道长度 | 公里
    ^^ | ^^ | 质量指标 | 指标1:工程验收合格率 | ≧ %
    """, header_rows=0),
    P("(来源页面在质量指标一行之后截断,其余指标行未收录。)"),
])


def files():
    return {"target.html": TARGET}
