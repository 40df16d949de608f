"""青神县发展和改革局 2023 工资性支出 — 部门预算项目支出绩效自评表 (四川模板), rebuilt from realdocs/01.

Source: https://www.scqs.gov.cn/info/13206/211004.htm — the real table as published, verbatim cells
(``corpus/realdocs.py`` key ``01_qingshen``), one XLSX report, no policy file.

Labels (domain.md §3–5):
- Indicators come from the report's own table: 发放(缴纳)覆盖率 and 足额保障率(参保率), 指标性质 ``=``,
  指标值 100, 度量单位 % → target ``=100%``.
- 完成值 and 得分 are empty for both, and no prose anywhere gives a value (评价结论 still holds the template
  prompt) → ``not_reported`` for both (no score is claimed, so not ``unsupported_score``).
- Budget: 251.89 / 251.89 = 100.00% as stated; 得分 empty (no claim, nothing to check); total 238.93/251.89/
  251.89 equals 财政资金 + 0 + 0 → no budget flag.  Weights 10 + 60 + 30 = 100 = 合计 → no arithmetic flag.
"""

from __future__ import annotations

from realdocs import specs

CASE_ID = "r01_qingshen_salary"
SOURCE = "01_qingshen"


def files():
    return {"report.xlsx": specs()[SOURCE]}
