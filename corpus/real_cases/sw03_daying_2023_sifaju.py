"""大英县司法局 2023 — 部门预算项目支出绩效自评表 (四川模板: 指标性质 | 指标值 | 度量单位), 四川 遂宁 大英县.

Source: https://dyxrmt.cn/article-157795-21.html — page 21 of a paged re-publication of 大英县司法局's 2023
决算/绩效 attachments.  The stored capture of that page holds (A) the tail of one project's 自评表, from its
"绩效指标(90分)" header to the signature row, and (B) the head of the next form, "2023年全县安可替代补助资金项目",
from its title down to the "绩效指标(90分)" header; the first indicator row of (B) is cut after "= | 100 |".

Kept verbatim: every cell of both fragments, with the Sichuan 11-column layout (merged 绩效指标(90分) / 预算执行情况
(10分) / 项目基本情况 cells, the 原因 note merged over the budget rows), "经济成本指标" as a 二级 under 产出指标,
"主管部门 | 大英县司法局部门", "实施单位" without "(盖章)", names in the signature row.  Rewritten: nothing.
Left out: (A)'s project name and budget block (on the previous page, not captured) and (B)'s indicator rows
(cut).  Published as an HTML page → ``report.html``.

Labels (domain.md §5):
- 成本控制数: 指标性质 ≤, 指标值 30, 度量单位 万元 → target ``≤30万元``; 完成值 "完成" — a quantitative target
  answered with a word → ``unit_mismatch``.  90 of 90 points are claimed on that word: by the letter of §5 it is
  not ``unsupported_score`` (the cell is not empty and carries no sign), but a reviewer could call the score
  unsupported → optional.  No ``target_missed`` (never with unit_mismatch).
- (A)'s 合计 row says 100 while the only weight visible in the fragment is 90; the missing 10 is the budget
  weight on the uncaptured previous page → ``arithmetic_error`` optional.
- (B)'s budget: 3.36 / 3.36 = 100.00% as stated, 得分 10 of 10 → correct.  年初预算 0.00 → 调整后 3.36 is a
  mid-year addition with no reason in the 原因 cell (template note only); the default profile does not ask for a
  reason there, so no flag.
"""

from __future__ import annotations

from _kit import P, T, DocSpec

CASE_ID = "sw03_daying_2023_sifaju"

NOTE = ("1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);2.年中发生预算调整的"
        "(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款.")

TAIL_A = T("""
绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析
^^ | 产出指标 | 经济成本指标 | 成本控制数 | ≤ | 30 | 万元 | 完成 | 90 | 90 |
合计 | << | << | << | << | << | << | << | 100 | |
评价结论 | 根据财政局资金下达的管理办法,将资金支付给项目施工方。 | << | << | << | << | << | << | << | << | <<
存在问题 | 无 | << | << | << | << | << | << | << | << | <<
改进措施 | 无 | << | << | << | << | << | << | << | << | <<
项目负责人:查小兵 | << | << | << | << | 财务负责人:唐勇 | << | << | << | << | <<
""", header_rows=1)

HEAD_B = T(f"""
项目名称 | 51092324T000010263357-2023年全县安可替代补助资金项目 | << | << | << | << | << | << | << | << | <<
主管部门 | 大英县司法局部门 | << | << | << | 实施单位 | << | 大英县司法局 | << | << | <<
项目基本情况 | 1.项目年度目标完成情况 | << | << | << | << | << | << | << | << | <<
^^ | 项目年度目标 | << | << | << | << | 年度目标完成情况 | << | << | << | <<
^^ | 根据要求购买安可设备,并完成项目资金支付。 | << | << | << | << | 完成 | << | << | << | <<
^^ | 2.项目实施内容及过程概述 | << | << | << | << | << | << | << | << | <<
^^ | 2023年购买13台安可电脑,并于12月前完成资金支付。 | << | << | << | << | << | << | << | << | <<
预算执行情况(10分) | 年度预算数(万元) | << | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | <<
^^ | 总额 | << | 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10 | {NOTE} | <<
^^ | 其中:财政资金 | << | 0.00 | 3.36 | 3.36 | 100.00% | / | / | ^^ | ^^
^^ | 财政专户管理资金 | << | 0.00 | 0.00 | 0.00 | 0.00% | / | / | ^^ | ^^
^^ | 单位资金 | << | 0.00 | 0.00 | 0.00 | 0.00% | / | / | ^^ | ^^
^^ | 其他资金 | << | | | | | / | / | ^^ | ^^
绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析
""", header_rows=0)

REPORT = DocSpec(title="部门预算项目支出绩效自评表(2023年度)", blocks=[
    TAIL_A,
    P("部门预算项目支出绩效自评表(2023年度)"),
    HEAD_B,
])


def files():
    return {"report.html": REPORT}
