"""江苏省吴陵区民政局 2024年居家和社区养老服务项目 (hand-written; place name fictional).

No policy file: the report states its own year targets in prose, and those define the indicators.
Report: a prose-only 绩效自评报告 (TXT, UTF-8), numbers in words and in digits.

Labels:
- 居家养老上门服务: 一万二千六百人次 against 不少于1.5万人次 → deviation 16% → ``target_missed`` (high);
  cause given.
- 养老护理员培训 (不少于300人次): never mentioned again in the report → ``not_reported``.
- 特殊困难老年人家庭适老化改造 (200户): answered "已全面完成" with no figure → ``unit_mismatch``.
- Met: 八个, 二十个, 100%, 百分之九十五点三 ≥ 90%.  Budget 812.4 / 860 = 94.47% (stated 94.5%).
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "h12_elderly_care"

REPORT = DocSpec(title="吴陵区民政局2024年度居家和社区养老服务项目绩效自评报告", blocks=[
    H("吴陵区民政局2024年度居家和社区养老服务项目绩效自评报告"),
    H("一、项目基本情况"),
    P("居家和社区养老服务项目是区政府为民办实事项目。年初确定的绩效目标为：新建社区居家养老服务中心8个；为特殊"
      "困难老年人提供居家养老上门服务不少于1.5万人次；新建老年助餐点20个；特殊困难老年人月探访率100%；开展养老"
      "护理员培训不少于300人次；完成特殊困难老年人家庭适老化改造200户；服务对象满意度不低于90%。"),
    H("二、预算执行情况"),
    P("项目全年预算资金860万元，实际支出812.4万元，预算执行率94.5%。"),
    H("三、绩效目标完成情况"),
    P("（一）设施建设。新建社区居家养老服务中心八个，全部投入运营；建成老年助餐点二十个，日均助餐约一千三百人次。"),
    P("（二）上门服务。全年为特殊困难老年人提供居家养老上门服务一万二千六百人次，未完成年度目标，主要原因是部分"
      "服务对象入住养老机构或去世，服务需求减少，同时上门服务人员招聘不足。"),
    P("（三）关爱探访。建立特殊困难老年人探访关爱台账，特殊困难老年人月探访率达到100%。"),
    P("（四）适老化改造。特殊困难老年人家庭适老化改造工作已全面完成，改造内容包括安装扶手、地面防滑处理和紧急"
      "呼叫设备等。"),
    P("（五）满意度。年底委托第三方机构开展服务对象满意度调查，满意度为百分之九十五点三。"),
    H("四、存在的问题和改进措施"),
    P("上门服务人员数量不足、流动性大。下一步将通过政府购买服务扩大服务队伍，提高服务人员薪酬待遇。"),
])


def files():
    return {"report.txt": REPORT}
