"""湖南省湘源县石桥镇 2024年农村生活垃圾治理 (hand-written; place names fictional).

Policy: the 绩效目标 part of the town's 实施方案 (MD).  Report: a prose-only 绩效自评报告 saved as a
GBK-encoded TXT, numbers written mostly in Chinese (一万零八百吨, 百分之九十二点四).

Labels:
- 生活垃圾清运量: 一万零八百吨 = 10800吨 against ≥1.2万吨 (12000吨) → deviation 10% → ``target_missed``
  (high); the report gives a cause (分类减量、源头减量) → no ``missing_deviation_reason``.
- 群众投诉件数: 7件 against ≤5件 (a reverse indicator) → ``target_missed`` (40%, high); the report only
  says how the complaints were handled, never why there were more → ``missing_deviation_reason``.
- Met: 八十六人 ≥ 86人, 覆盖率100%, 转运站 2024年9月20日 ≤ 9月底, 三百六十二万元 ≤ 380万元,
  百分之九十二点四 ≥ 90%.
- Budget 386 / 400 = 96.5% as stated.  No self-score is given, so nothing to recompute.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "h02_town_garbage"

POLICY = DocSpec(title="石桥镇2024年农村生活垃圾治理工作实施方案（绩效目标）", blocks=[
    H("石桥镇2024年农村生活垃圾治理工作实施方案"),
    P("各村（社区）、镇直各单位："),
    P("为持续巩固农村人居环境整治成果，健全“户分类、村收集、镇转运、县处理”的垃圾收运处置体系，结合我镇实际，"
      "制定本方案。项目总投资400万元，由县级财政农村环境整治专项资金和镇级财政共同安排。"),
    H("一、年度绩效目标", 2),
    T("""
    一级指标 | 二级指标 | 三级指标 | 指标值
    产出指标 | 数量指标 | 生活垃圾清运量 | ≥1.2万吨
    产出指标 | 数量指标 | 配备村级保洁员 | 不少于86人
    产出指标 | 质量指标 | 行政村生活垃圾收运处置体系覆盖率 | 100%
    产出指标 | 时效指标 | 镇垃圾转运站提升改造完成时间 | 2024年9月底前
    产出指标 | 成本指标 | 垃圾清运处置成本 | ≤380万元
    效益指标 | 社会效益指标 | 群众投诉件数 | ≤5件
    满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90%
    """),
    H("二、保障措施", 2),
    P("镇人民政府成立农村生活垃圾治理工作领导小组，将垃圾治理工作纳入对村（社区）年度绩效考核，考核结果与"
      "以奖代补资金挂钩。"),
])

REPORT = DocSpec(title="石桥镇2024年度农村生活垃圾治理项目绩效自评报告", encoding="gbk", blocks=[
    H("石桥镇2024年度农村生活垃圾治理项目绩效自评报告"),
    H("一、项目基本情况"),
    P("本项目年初预算资金400万元，用于全镇23个行政村生活垃圾收集、转运和处置，村级保洁员工资，镇垃圾转运站"
      "提升改造等。全年实际支出386万元，预算执行率96.5%。"),
    H("二、绩效目标完成情况"),
    P("（一）垃圾收运。全年共清运生活垃圾一万零八百吨，较年初确定的1.2万吨目标少一千二百吨，主要原因是下半年"
      "全面推行垃圾分类，可回收物和厨余垃圾就地减量，进入清运环节的垃圾量明显下降。全镇二十三个行政村配备"
      "保洁员八十六人，收运处置体系覆盖全部行政村，覆盖率100%。"),
    P("（二）设施建设。镇垃圾转运站提升改造工程于2024年9月20日完成并投入使用，日转运能力提高到五十吨。"),
    P("（三）资金使用。全年垃圾清运处置支出三百六十二万元，控制在年初确定的成本目标以内。"),
    P("（四）群众反映。全年共受理群众关于垃圾清运不及时、垃圾桶破损的投诉7件，均已在三个工作日内办结回复。"),
    P("（五）满意度。年底委托第三方随机走访农户三百户，群众满意度为百分之九十二点四。"),
    H("三、存在的问题和下一步打算"),
    P("部分偏远自然村收运频次偏低，保洁员年龄偏大。下一步将优化收运线路，适当增加偏远片区收运频次，"
      "加强保洁员队伍管理。"),
])


def files():
    return {"policy.md": POLICY, "report.txt": REPORT}
