"""广西式 某县 桂岭县农业农村局 2024年农村实用技术培训项目 (hand-written; place name fictional).  Issue 11:
the bundled ``guangxi`` profile — an overachievement of 130% or more needs a reason.

Policy: 绩效目标表 (DOCX).  Report: 绩效自评报告 as plain text (TXT, UTF-8): prose and a tab-separated
自评表 with a 偏差原因分析及改进措施 column.  labels.json ``"profile": "guangxi"``
(``overachieved_reason_factor: 1.3``).

Labels:
- 开展农民实用技术培训: ≥1000人次, actual 1400人次 → 1.40× ≥ 1.3 and < 1.5; the reason cell is empty and
  the prose only restates the figure → ``missing_deviation_reason`` (domain.md §5: "or, where the profile
  asks, an overachievement above its reason factor").  No ``overachieved`` (below 1.5×), no
  ``target_missed``.  NOTE: tests/test_corpus.py's rule "missing_deviation_reason only with target_missed"
  predates this domain.md clause; this label is right by domain.md §5 and that test needs the overachievement
  exception.
- 培育农村致富带头人: ≥50人, actual 80人 → 1.6× ≥ 1.5 → ``overachieved`` (low).  A reason is given
  (自治区追加培育名额30人) → no ``missing_deviation_reason``.
- 建设培训示范基地: ≥8个, actual 10个 → 1.25×, below 1.3 → nothing.
- Met: 96% ≥ 90%; 2024年11月15日 ≤ 2024年11月底; 280 ≤ 300元; 2300 ≥ 2000元 (1.15×); 95% ≥ 90%.
- Budget 294 / 300 = 98% → 9.8 as claimed.  Weights 10 + 15 + 10 + 10 + 5 + 5 + 5 + 30 + 10 = 100; 总分
  99.8 = 9.8 + 90 → no arithmetic flag.  Every indicator claims its full weight, its rule score → no
  ``self_score_inflated``.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "i10_guangxi_training"

POLICY = DocSpec(title="2024年农村实用技术培训项目绩效目标表", blocks=[
    H("项目支出绩效目标表（2024年度）"),
    T("""
    项目名称 | 2024年农村实用技术培训项目 | << | <<
    主管部门 | 桂岭县农业农村局 | 项目资金（万元） | 300
    一级指标 | 二级指标 | 三级指标 | 指标值
    产出指标 | 数量指标 | 开展农民实用技术培训 | ≥1000人次
    ^^ | ^^ | 培育农村致富带头人 | ≥50人
    ^^ | ^^ | 建设培训示范基地 | ≥8个
    ^^ | 质量指标 | 培训考核合格率 | ≥90%
    ^^ | 时效指标 | 培训任务完成时间 | 2024年11月底前
    ^^ | 成本指标 | 人均培训成本 | ≤300元
    效益指标 | 经济效益指标 | 参训农户年均增收 | ≥2000元
    满意度指标 | 服务对象满意度指标 | 参训农民满意度 | ≥90%
    """, header_rows=0),
])

REPORT = DocSpec(title="桂岭县农业农村局2024年农村实用技术培训项目绩效自评报告", blocks=[
    P("桂岭县农业农村局2024年农村实用技术培训项目绩效自评报告"),
    P("一、资金情况：项目全年预算300万元，实际支出294万元，预算执行率98%。"),
    P("二、目标完成情况：全年开展农民实用技术培训1400人次，培育农村致富带头人80人，建设培训示范基地10个，"
      "培训考核合格率96%，培训任务于2024年11月15日全部完成。"),
    P("三、自评表"),
    T("""
    项目资金（万元）|年初预算数|全年预算数|全年执行数|分值|执行率|得分
    年度资金总额|300|300|294|10|98%|9.8
    """),
    T("""
    一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施
    产出指标|数量指标|开展农民实用技术培训|≥1000人次|1400人次|15|15|
    产出指标|数量指标|培育农村致富带头人|≥50人|80人|10|10|自治区追加下达培育名额30人
    产出指标|数量指标|建设培训示范基地|≥8个|10个|10|10|
    产出指标|质量指标|培训考核合格率|≥90%|96%|5|5|
    产出指标|时效指标|培训任务完成时间|2024年11月底前|2024年11月15日|5|5|
    产出指标|成本指标|人均培训成本|≤300元|280元|5|5|
    效益指标|经济效益指标|参训农户年均增收|≥2000元|2300元|30|30|
    满意度指标|服务对象满意度指标|参训农民满意度|≥90%|95%|10|10|
    总分|||||100|99.8|
    """),
    P("四、自评结论：项目自评得分99.8分，等级为优。"),
])


def files():
    return {"policy.docx": POLICY, "report.txt": REPORT}
