"""寿县 2023 部门整体支出绩效评价自评表 (realdocs/08) paired with a hand-written 部门整体支出绩效自评报告.

Source of the table: https://www.shouxian.gov.cn/public/118322758/1259995520.html — verbatim cells from
``corpus/realdocs.py`` key ``08_shouxian`` (the 规划 part; the capture is cut off inside 执行).  The table
has 指标分值 / 评分标准 / 自评得分 but no target and no actual column, so it cannot carry a case alone; the
second report file (``report_text.docx``) is a HAND-WRITTEN counterpart for the same (unnamed) unit: the
self-evaluation report that goes with the table.  No policy file.

Labels:
- Indicators: the five scoring rows of the real table (no target → ``""``) and the four indicators whose
  targets the prose report states (年度重点工作任务 12项, “三公”经费支出 ≤18.5万元, 政务信息公开及时率 100%,
  服务对象满意度 ≥90%); all four are met.
- Budget (prose): 1126.88 / 1286.40 = 87.60% < 90% → ``low_budget_execution``.  The prose claims 5 of 5
  points for 预算执行率 (the 分值 of that row in the 评价自评表 is 5): rule score 5 × 0.876 = 4.38,
  claimed 5, excess 0.62 > 0.1 → ``self_score_inflated`` (null, a budget score).
- The scoring rows claim full points with no measured value beside them: a literal reading gives
  ``unsupported_score``; a reviewer could also accept the 评分标准 as their basis → optional, one per row.
"""

from __future__ import annotations

from _kit import H, P
from realdocs import specs

from docreview.docgen import DocSpec

CASE_ID = "r08_shouxian_dept"
SOURCE = "08_shouxian"

TEXT = DocSpec(title="2023年度部门整体支出绩效自评报告", blocks=[
    H("2023年度部门整体支出绩效自评报告"),
    H("一、部门基本情况", 2),
    P("本单位为县政府工作部门，内设综合股、业务股、财务股等5个股室，核定编制32名，2023年末实有在职人员29名。"
      "主要职能是贯彻执行国家和省、市有关方针政策，承担本行业规划、管理和服务工作。"),
    H("二、部门整体支出情况", 2),
    P("2023年度部门预算数1286.40万元，其中基本支出812.65万元、项目支出473.75万元；全年执行数1126.88万元，"
      "预算执行率87.6%。预算执行率未达到90%，主要原因是办公业务用房维修改造项目于2023年12月下旬才完成竣工"
      "验收，工程尾款159.52万元按合同约定在审计结算后于2024年支付。"),
    H("三、部门整体绩效目标完成情况", 2),
    P("（一）重点工作。年初确定完成年度重点工作任务12项，实际完成12项，完成率100%。"),
    P("（二）成本控制。年初确定“三公”经费支出控制在18.5万元以内，全年实际支出16.2万元，较上年下降8.5%。"),
    P("（三）政务公开。政务信息公开及时率目标为100%，全年主动公开政务信息216条，均在规定时限内公开，"
      "公开及时率100%。"),
    P("（四）服务对象满意度。年初确定服务对象满意度不低于90%，年末发放问卷200份，收回有效问卷188份，"
      "服务对象满意度为94.2%。"),
    H("四、自评结论", 2),
    P("按照《2023年度部门整体支出绩效评价自评表》的指标和评分标准逐项自评，本单位2023年度部门整体支出绩效"
      "自评得分96分，其中规划部分得15分，预算执行率指标得5分（该项分值5分），自评等级为“优”。"),
    H("五、存在的问题和改进措施", 2),
    P("一是项目前期工作不够充分，工程类项目资金支付滞后；二是绩效目标细化量化程度有待提高。下一步将加强项目"
      "前期论证和支出进度管理，按月调度预算执行情况。"),
])


def files():
    return {"report_table.html": specs()[SOURCE], "report_text.docx": TEXT}
