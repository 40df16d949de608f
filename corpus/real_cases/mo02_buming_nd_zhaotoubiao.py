"""A 招投标 centre (place not named) — 绩效运行监控报告, 1-6月 budget execution (year written as 20xx).

Source: http://m.zzjyg.cn/yule/66474.html — a model-essay (范文) page "绩效运行监控报告" that reproduces real unit
reports with the year masked as "20xx" and the unit's name left out; this case is its report 1 (a 招投标 centre:
招投标办案工作经费, 中心领导集体研究, 综合一科).  The store holds the page in traditional characters; the rebuilt
report is in simplified characters.  The capture stops inside 三(一) item 2 ("办公楼运行经费预算1.1万…"); the
rebuilt report stops there and says so.  HTML page → ``report.html`` (kind ``monitor``).

Kept: every figure — 项目支出预算19.3万元, 1-6月实际支出3.12万元, 执行率16.17%; 公用经费年初45.76万元, 1-6月执行
27.13万元, 完成率59.29%; 办公楼运行经费 1.1 / 0.72万元 / 65.45%; 保密档案办公设备购置费 2.9万元 / 0元 / 0%
(一台便携式笔记本电脑和2台台式电脑); 招投标办案工作经费 15.3 / 2.4万元 / 15.69%; "截止6月30日止"; "20xx".
The three-point description of how the monitoring was organised and the repeated figures of section 三 keep
their pattern.  Rewritten: the sentences, in our own words.  Left out: page chrome and the essay site's intro
line; everything after the cut.

Labels (domain.md §7.3):
- period "1-6月" → 序时进度 0.5.
- Project budget execution 3.12 / 19.3 = 16.17% (stated, correct), 33.8 points below 50% →
  ``behind_schedule`` (indicator null; high by severity rule).  Within it 招投标办案工作经费 15.69% and
  保密档案办公设备购置费 0% are also far behind, 办公楼运行经费 65.45% and 公用经费 59.29% are not — one
  budget-level label, the notes say which lines.
- No indicator table, no 完成目标可能性 and no 全年预计 value in the capture → no indicators, no
  ``forecast_contradiction``.
- Arithmetic checks out: 1.1 + 2.9 + 15.3 = 19.3; 0.72 + 0 + 2.4 = 3.12; each stated rate = 执行 ÷ 预算.
"""

from __future__ import annotations

from _kit import H, P, DocSpec

CASE_ID = "mo02_buming_nd_zhaotoubiao"

REPORT = DocSpec(title="绩效运行监控报告", blocks=[
    H("绩效运行监控报告"),
    H("一、项目支出基本情况", 2),
    P("20xx年本单位项目支出预算为19.3万元,1-6月实际支出3.12万元,预算执行率为16.17%,支出用于完成行政工作任务和"
      "履行职能职责、实现发展目标。公用经费年初安排45.76万元,1-6月执行27.13万元,完成率59.29%。项目支出主要用于"
      "招投标业务工作经费、办公设备购置和办公楼运行经费等。其中:办公楼运行经费预算1.1万元,主要是办公用水支出,"
      "截止6月30日止已执行0.72万元,完成率65.45%;保密档案办公设备购置费预算2.9万元,用于采购一台便携式笔记本电脑"
      "和2台台式电脑,执行0元,完成率0%;招投标办案工作经费预算15.3万元,已执行2.4万元,完成率15.69%。"),
    H("二、绩效运行监控工作开展情况", 2),
    P("专项支出明确了分管领导,并指定具体科室负责实施:一是批复后的预算必须严格执行,各科室作为预算执行主体,"
      "负责本科室预算的执行并对执行结果负责,按照收支平衡的原则合理安排资金,不得超预算安排支出;二是预算执行中"
      "原则上不作调整,因政策原因或客观情况变化确需追加预算的,须经财经领导小组和中心领导集体研究同意后按程序申报;"
      "三是由综合一科按照相关规定对预算执行情况开展绩效评价。"),
    H("三、绩效运行监控情况", 2),
    H("(一)项目支出预算执行情况", 3),
    P("公用经费年初45.76万元,1-6月执行27.13万元,完成率59.29%。"),
    P("20xx年项目支出19.3万元,共三个专项,1-6月执行3.12万元,预算完成率为16.17%。"),
    P("1、招投标办案工作经费预算15.3万元,执行2.4万元,1-6月完成率为15.69%。"),
    P("2、办公楼运行经费预算1.1万"),
    P("(原网页在此处截断,以下内容未能取得。)"),
])


def files():
    return {"report.html": REPORT}
