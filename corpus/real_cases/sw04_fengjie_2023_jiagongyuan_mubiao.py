"""奉节县云雾土家族乡人民政府 — 2023年云雾土家族乡加工园配套设施建设项目支出绩效目标审批表, 重庆 奉节县.

Source: http://cqfj.gov.cn/index/xz_168/ywtjzx/zwxx_61303/gsgg_107031/202402/t20240201_12892054.html
(HTML page of the 奉节县 government site; form dated 2022-12-30).

A Chongqing target form with its own layout: basic information (项目分类, 建设周期, 业务主管部门, 项目审批), a
项目资金/预算执行 10分 block (项目总预算 65, 财政资金 65, 其它资金 0, 年度预算执行率 100%, 分值 10分), then
"年度绩效目标(90分)" with 一级 | 二级 | 三级 | 指标值 | 分值 | 指标解释, the 一级 cells carrying their score band
("成本指标(0-20)分", "产出指标↵(40-50)分") and 成本指标 placed first (财预〔2021〕101号 order).

Kept verbatim: every captured cell (names, phone number and all) and the line breaks inside cells.  Rewritten:
nothing.  Left out: the capture ends at "产出指标 (40-50)分 数量指…", so every row after the three 成本指标 rows
(产出, 效益, 满意度 indicators) is missing; the file stops at the last complete row (生态环境成本指标, empty).

Labels (target review, §7.2):
- One complete indicator: 项目建设成本 ``≤65万元`` (分值 10): measurable, direction right for a cost → no flag.
- The 社会成本指标 and 生态环境成本指标 rows have no 三级指标 at all: empty template rows, not indicators.
- As rebuilt, the form has no 产出/效益/满意度 indicator: ``missing_dimension`` is optional (an artefact of the
  cut capture; the published form goes on).
- Funds: 当年年度预算 65 = 财政资金 65 + 其它资金 0 = 项目总预算 65 → no ``arithmetic_error``.  The weights
  visible (10 + 10) cannot be checked against 100 in a cut form.
"""

from __future__ import annotations

from _kit import P, T, DocSpec

CASE_ID = "sw04_fengjie_2023_jiagongyuan_mubiao"

GAIKUANG = ("新建中药材晾晒房一座,占地300平方米,包含场坪整治及硬化,硬化室外晒坝420平方米,室内场坪1800平方米,C25混凝土,"
            "厚15cm;新建厕所1个,长4.5米,宽3米,占地13.5平方米,配套三格式化粪池4.5立方米。经济效益:项目建成后能够带动当地"
            "20名群众务工增收5000元/年;社会效益:促进当地中药材产业发展,带动受益总人口200人,其他脱贫人口和监测对象41人;"
            "群众满意度:群众满意度达到95%以上。")
MUBIAO = ("新建中药材晾晒房一座,占地300平方米,包含场坪整治及硬化,硬化室外晒坝420平方米,室内场坪1800平方米,C25混凝土,"
          "厚15cm;新建厕所1个,长4.5米,宽3米,占地13.5平方米,配套三格式化粪池4.5立方米。")

TARGET = DocSpec(title="2023年云雾土家族乡加工园配套设施建设项目支出绩效目标审批表", blocks=[
    P("2023年云雾土家族乡加工园配套设施建设项目支出绩效目标审批表"),
    P("日期:2022-12-30"),
    P("2023年云雾土家族乡加工园配套设施建设项目支出绩效目标审批表"),
    P("(   2023年度)"),
    P("预算单位: 奉节县云雾土家族乡人民政府"),
    P("金额单位:万元"),
    T(f"""
项目名称 | 2023年云雾土家族乡加工园配套设施建设项目 | << | << | 项目分类 | 资产资源类--房屋类 | <<
建设周期 | 2023年4月-2024年2月 | << | << | 业务主管部门 | 县民宗委 | <<
实施单位 | 云雾土家族乡 | 项目负责人 | 徐德迁 | 联系电话 | 13452649655 | <<
项目审批 | 奉节县民族宗教事务委员会《关于下达2023年度少数民族发展资金项目计划的通知》(奉节民宗委发〔2022〕3号) | << | << | << | << | <<
项目总体概况 | {GAIKUANG} | << | << | << | << | <<
年度主要目标↵和成果 | {MUBIAO} | << | << | << | << | <<
项目资金↵预算执行↵10分 | 项目总预算 | 65 | << | 财政资金预算分类 | 一般公共预算 | <<
^^ | 当年年度预算 | 65 | << | | | <<
^^ | 其中:财政资金 | 65 | << | 财政资金科目代码 | 21305 | <<
^^ | 其中:其它资金 | 0 | << | | | <<
^^ | 年度预算执行率 | 100% | << | 分值 | 10分 | <<
年度绩效目标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标值 | 分值 | 指标解释
^^ | 成本指标(0-20)分 | 经济成本指标 | 项目建设成本 | ≤65万元 | 10 |
^^ | ^^ | 社会成本指标 | | | |
^^ | ^^ | 生态环境成本指标 | | | |
""", header_rows=0),
])


def files():
    return {"target.html": TARGET}
