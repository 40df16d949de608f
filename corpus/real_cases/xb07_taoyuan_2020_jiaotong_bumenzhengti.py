"""桃源县交通运输局 2020年度部门整体绩效自评报告 (湖南, 常德市桃源县), 2020 — prose, budget figures only.

Source: https://taoyuan.gov.cn/zwdt/szzl/dqzt/bjyjs/bmczxx/bmysjxglgk/content_121140 — 桃源县人民政府 site, 来源
桃源县交通运输局, 发布时间 2021-07-20.  An HTML page → ``report.html``.

Kept: every figure and claim of the captured part — basis 桃财发〔2021〕5号 (published with a broken bracket,
"〔20215号"; kept so); 在职231人 (公务员25人, 事业人员206人), 离休3人, 退休116人; 独立核算机构4个 (机关, 县地方海事处, 县运管处,
县质安所); duties; 全年支出60901.78万元 = 基本支出4047.25万元 (6.65%; 人员经费3217.28万元 79.49%, 日常公用经费829.97万元
20.51%) + 项目支出56854.52万元 (93.35%); 年初预算6600.78万元 vs 上年6284.41万元, +316.37万元, +5.03%, 原因 项目支出预算增加;
决算收入72506.66万元, 支出60901.78万元, 上年结转129.26万元, 结转下年11734.14万元; 预决算差异 two reasons (津补贴增长及补发;
口径不同, 预算不含上级专项资金); 一般公共预算财政拨款70176.99万元, 96.79%.
Rewritten: all sentences in our own words, same pattern ("其中…，占…%").
Left out: from "政府基金预算财政拨款20…" on — the capture stops inside that figure; the performance part of the report
(targets, indicators, score) is not in the file.

Labels (``kind: dept_eval``; no indicators in the captured part):
- Shares and sums, all consistent within rounding: 4047.25 + 56854.52 = 60901.77 vs stated 60901.78 (0.01, rounding, not
  an error); 4047.25 / 60901.78 = 6.65%; 56854.52 / 60901.78 = 93.35%; 3217.28 + 829.97 = 4047.25; 79.49% / 20.51% right;
  6600.78 − 6284.41 = 316.37, 316.37 / 6284.41 = 5.03%; 70176.99 / 72506.66 = 96.79%; 72506.66 + 129.26 − 60901.78 =
  11734.14 (the carry-forward balances); 25 + 206 = 231.
- 决算支出 60901.78 is nine times the 年初预算 6600.78, but the report explains it (预算 excludes 上级专项资金; 津补贴) → no
  ``arithmetic_error`` (§5 needs an unexplained excess).  No adjusted budget is stated, so no execution rate to test.
- ``flags: []`` — a clean negative case for the arithmetic checks (rounding at 0.01 must not fire).
"""

from __future__ import annotations

from _kit import H, P

from docreview.docgen import DocSpec

CASE_ID = "xb07_taoyuan_2020_jiaotong_bumenzhengti"

REPORT = DocSpec(title="桃源县交通运输局2020年度部门整体绩效自评报告", blocks=[
    H("桃源县交通运输局2020年度部门整体绩效自评报告"),
    P("来源：桃源县交通运输局　发布时间：2021-07-20 09:30"),
    H("桃源县交通运输局2020年度整体支出绩效自评报告", 2),
    P("为加强财政支出资金管理、提高财政资金使用效益，按照《桃源县财政局关于明确2021年度本级财政资金预算绩效管理目标"
      "任务的通知》（桃财发〔20215号）的要求，我局认真组织开展了2020年度整体支出绩效评价，现将情况报告如下。"),
    H("一、部门概况", 2),
    P("1.机构人员情况。截至2020年末，全局在职人员231人，其中公务员25人、事业人员206人；离休人员3人，退休人员116人。"
      "年末独立核算机构4个，分别为交通运输局机关、县地方海事处、县运管处和县质安所。"),
    P("2.单位主要职责。主要承担全县水上和道路行业执法，路政、运政及港口码头管理，公路建设与养护，以及交通工程建设"
      "质量安全监督管理。"),
    H("二、部门财务情况", 2),
    P("（一）部门整体财务支出情况。2020年全年支出60901.78万元。其中基本支出4047.25万元，占总支出的6.65%（人员经费"
      "3217.28万元，占基本支出的79.49%；日常公用经费829.97万元，占基本支出的20.51%）；项目支出56854.52万元，占总支出的"
      "93.35%。"),
    P("（二）部门预算收支决算情况。"),
    P("1.收入支出预算安排及执行情况。2020年部门收支年初预算安排6600.78万元，比上年的6284.41万元增加316.37万元，增长"
      "5.03%，增加的原因是项目支出预算增加。年末决算收入72506.66万元、支出60901.78万元，上年结转129.26万元，结转下年"
      "11734.14万元。预算与决算存在差异，原因一是津补贴增长及补发，二是预算与决算口径不同，预算未包含上级专项资金。"),
    P("2.收入支出结构分析。2020年全年收入72506.66万元，其中一般公共预算财政拨款70176.99万元，占总收入的96.79%。"),
])


def files():
    return {"report.html": REPORT}
