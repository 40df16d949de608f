"""东湖区文化和旅游局 2025年文化惠民工程项目 绩效目标执行监控表，1-6月 (hand-written; place name fictional).
Monitoring (domain.md §7.3), ``"kind": "monitor"``, period ``1-6月``, 序时进度 50%.

Report: 项目支出绩效目标执行监控表 in the 财预〔2019〕136号 layout (DOCX), with a short 监控情况说明 under the table.

Labels (tolerance 10 points, high from 20):
- Budget: 270 / 600 = 45.00% → 5 points behind → inside the tolerance, no flag.  Rows add up (550 + 50 = 600,
  250 + 20 = 270); 250 / 550 = 45.45%, 20 / 50 = 40.00% as stated.
- 送戏下乡演出场次: 42 / 100 = 42% → 8 points behind → inside the tolerance, no flag.
- 公益电影放映场次: 630 / 1800 = 35% → 15 points behind → ``behind_schedule`` (medium); 确定能 ticked, no reason,
  empty 备注 → ``forecast_contradiction``.
- 数字文化馆建设进度: a 进度 percentage, 25% of 100% → 25 points behind → ``behind_schedule`` (high); 有可能 ticked,
  硬件条件保障 ticked and a 纠偏措施 in the 备注 → no ``forecast_contradiction``.
- 基层文艺团队培育: 14 / 30 = 46.7% → 3.3 behind, no ``behind_schedule``; 全年预计 28支 < 30支 but 人员保障 is ticked and
  the 备注 gives the cause → no ``forecast_contradiction``.
- 惠及群众: 8.1 / 15 = 54% → on schedule.  演出节目审查合格率 and 群众满意度 are rates (not cumulative);
  送戏下乡任务完成时间 a deadline; 每场演出补助标准 a unit cost → no flag.
- No year-end flags on a monitoring table.
"""

from __future__ import annotations

from _kit import H, P, T

from docreview.docgen import DocSpec

CASE_ID = "k06_donghu_wenhua"

REPORT = DocSpec(title="东湖区文化和旅游局2025年1-6月项目支出绩效目标执行监控表", blocks=[
    H("项目支出绩效目标执行监控表"),
    P("（2025年1-6月）"),
    T("""
    项目名称 | 2025年文化惠民工程项目 | << | <<
    主管部门 | 东湖区文化和旅游局 | 实施单位 | 东湖区文化馆
    """, header_rows=0),
    T("""
    项目资金（万元） | 年初预算数 | 1-6月执行数 | 1-6月执行率 | 全年预计执行数
    年度资金总额 | 600 | 270 | 45.00% | 600
    其中：财政拨款 | 550 | 250 | 45.45% | 550
    其他资金 | 50 | 20 | 40.00% | 50
    """),
    T("""
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 1-6月执行情况 | 全年预计完成情况 | 偏差原因分析 | << | << | << | << | 完成目标可能性 | << | << | 备注
    ^^ | ^^ | ^^ | ^^ | ^^ | ^^ | 经费保障 | 制度保障 | 人员保障 | 硬件条件保障 | 其他 | 确定能 | 有可能 | 完全不可能 | ^^
    产出指标 | 数量指标 | 送戏下乡演出场次 | ≥100场 | 42场 | 100场 | | | | | | √ | | |
    ^^ | ^^ | 公益电影放映场次 | ≥1800场 | 630场 | 1800场 | | | | | | √ | | |
    ^^ | ^^ | 数字文化馆建设进度 | 100% | 25% | 100% | | | | √ | | | √ | | 设备采购因首次招标流标重新组织，已于6月20日完成二次招标，8月底前完成设备安装调试。
    ^^ | 质量指标 | 演出节目审查合格率 | 100% | 100% | 100% | | | | | | √ | | |
    ^^ | 时效指标 | 送戏下乡任务完成时间 | 2025年11月30日前 | 按计划推进 | 2025年11月30日前 | | | | | | √ | | |
    ^^ | 成本指标 | 每场演出补助标准 | ≤1.2万元 | 1.2万元 | ≤1.2万元 | | | | | | √ | | |
    效益指标 | 社会效益指标 | 惠及群众 | ≥15万人次 | 8.1万人次 | 15万人次 | | | | | | √ | | |
    ^^ | 可持续影响指标 | 基层文艺团队培育 | ≥30支 | 14支 | 28支 | | | √ | | | | √ | | 2个乡镇文艺团队骨干外出务工，团队暂停活动，全年预计培育28支。
    满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 92% | ≥90% | | | | | | √ | | |
    """, header_rows=2),
    H("监控情况说明", 2),
    P("1-6月，项目资金执行270万元，执行率45%。送戏下乡、惠民演出按计划推进；数字文化馆建设因设备采购二次招标进度滞后，"
      "已督促中标单位加快供货。下半年将加强调度，确保全年绩效目标实现。"),
    P("东湖区文化和旅游局　2025年7月10日"),
])


def files():
    return {"report.docx": REPORT}
