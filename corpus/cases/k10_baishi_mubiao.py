"""白石县人力资源和社会保障局 职业技能提升培训项目: the 2025 target table against the 2024 self-evaluation
(hand-written; place name fictional).  History (domain.md §7.4) with a target table (§7.2): ``"kind": "target"``.

``history.pdf`` is the unit's 2024年度 项目支出绩效自评表 — the very table of case k08's report (imported from
that module, printed to PDF); ``target.xlsx`` the 2025年度 项目支出绩效目标申报表 of the same project.

Labels (on the 2025 targets, direction-aware against 2024's actuals):
- 开展职业技能培训 ≥1000人次, 2024 actual 1080人次 → ``target_below_baseline``.
- 人均培训补贴 ≤1500元 (a cost, a maximum), 2024 actual 1380元: the 2025 ceiling allows more than last year's actual
  → ``target_below_baseline``.
- The rest are at or above 2024's actual: ≥32 > 31期; ≥96% = 96%; 2025年11月20日前 is earlier in the year than
  2024's 11月22日; ≥95% vs 92% (missed in 2024: the target was kept, not lowered); ≥87% = 87%; ≥95% = 95%.
- Otherwise a clean target table: funds 320 = 320 + 0; every required dimension; right directions; 95% is shared by
  2 of 8 targets only; no vague target.  A target table has no actuals and no score.
"""

from __future__ import annotations

from _kit import SHEET, H, P, T
from k08_baishi_jineng import AGENCY, UNIT
from k08_baishi_jineng import REPORT as REPORT_2024

from docreview.docgen import DocSpec, Sheet

CASE_ID = "k10_baishi_mubiao"

HISTORY = DocSpec(title=REPORT_2024.title, blocks=[b for b in REPORT_2024.blocks if not isinstance(b, Sheet)])

TARGET = DocSpec(title="2025年度项目支出绩效目标申报表", blocks=[
    SHEET("目标申报表"),
    H("项目支出绩效目标申报表（2025年度）"),
    T(f"""
    项目名称 | 职业技能提升培训项目 | << | <<
    主管部门 | {UNIT} | 实施单位 | {AGENCY}
    项目资金（万元） | 年度资金总额 | 320 | <<
    ^^ | 其中：财政拨款 | 320 | <<
    ^^ | 其他资金 | 0 | <<
    年度总体目标 | 2025年开展职业技能培训1000人次以上、32期以上，培训考核合格率96%以上，培训后就业率95%以上，提升劳动者就业技能。 | << | <<
    """, header_rows=0),
    T("""
    一级指标 | 二级指标 | 三级指标 | 指标值
    产出指标 | 数量指标 | 开展职业技能培训 | ≥1000人次
    ^^ | ^^ | 开展培训班期数 | ≥32期
    ^^ | 质量指标 | 培训考核合格率 | ≥96%
    ^^ | 时效指标 | 培训任务完成时间 | 2025年11月20日前
    ^^ | 成本指标 | 人均培训补贴 | ≤1500元
    效益指标 | 社会效益指标 | 培训后就业率 | ≥95%
    ^^ | 可持续影响指标 | 职业技能等级证书取得率 | ≥87%
    满意度指标 | 服务对象满意度指标 | 参训人员满意度 | ≥95%
    """),
    P("填报人：赵敏　　填报日期：2024年10月18日"),
])


def files():
    return {"history.pdf": HISTORY, "target.xlsx": TARGET}
