"""Rule explanations: one function per flag code, in ``RULE_TEXT``.

Each function writes, from the flag's own inputs and evidence, what the policy asks, what the report
says, why this is a deviation and what a reviewer should check next.  Adding a flag code to the catalogue
(``docreview.models.FLAGS``) needs its function here; the check below and tests/test_catalogue.py fail
until it has one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from docreview.explain.material import (
    _HIDDEN_KEYS,
    _INPUT_LABELS,
    _clip,
    _f,
    _first_quote,
    _ind,
    _num,
    _pct,
    _quotes,
    _t,
    _value,
    derived_facts,
)
from docreview.models import FLAG_TYPES, Explanation, Flag

_DIRECTION_WORD = {">=": "不低于", "<=": "不高于", "=": "等于", ">": "高于", "<": "低于"}


@dataclass
class _Parts:
    policy: str
    report: str
    why: str
    checks: list[str]


def compose_text(policy: str, report: str, why: str, checks: Sequence[str]) -> str:
    """The explanation layout shared by rule and model explanations."""
    lines = [f"【政策要求】{policy}", f"【报告情况】{report}", f"【问题所在】{why}", "【建议核查】"]
    lines += [f"{n}. {c}" for n, c in enumerate(checks, start=1)]
    return "\n".join(lines)


def _target_phrase(flag: Flag) -> str:
    i = flag.inputs
    target = _t(i, "target") or _t(i, "policy_target")
    if target:
        return f"绩效目标要求{_ind(flag)}达到「{target}」"
    pq = _first_quote(flag, "policy")
    return f"绩效目标表中{_ind(flag)}的要求见{pq}" if pq else f"材料未给出{_ind(flag)}的目标值"


def _report_where(flag: Flag) -> str:
    """``（自评表.xlsx 第6行：「…」）`` after a figure of the report, or ``""`` without a report quote."""
    rq = _first_quote(flag, "report")
    return f"（{rq}）" if rq else ""


# --------------------------------------------------------------------------- one function per flag code


def _target_missed(flag: Flag) -> _Parts:
    i = flag.inputs
    target, actual = _t(i, "target"), _t(i, "actual")
    derived = dict(derived_facts(flag))
    rq = _first_quote(flag, "report")
    report_where = _report_where(flag)
    direction = i.get("direction")
    dir_word = _DIRECTION_WORD.get(direction, "") if isinstance(direction, str) else ""
    spelled = target[:1] in ("≥", "≤", "=", ">", "<")
    policy = _target_phrase(flag) + (f"，即{dir_word}目标值" if dir_word and not spelled else "") + "。"
    report = (f"报告填报的实际完成值为「{actual}」{report_where}。" if actual
              else f"报告填报的完成情况见{rq}。" if rq else "报告的完成情况见规则结论。")
    if i.get("band"):
        why = (f"这是定性指标，报告的完成情况属于「{i['band']}」档，"
               f"该档得分区间为{_t(i, 'band_low')}–{_t(i, 'band_high')}分。")
    elif i.get("days_late") is not None:
        why = f"实际完成时间晚于目标时间{_t(i, 'days_late')}天，时效指标未按期完成，得分最多为该指标分值的一部分。"
    else:
        bits = []
        if "距目标还差" in derived:
            bits.append(f"距目标还差{derived['距目标还差']}")
        if "实际超出目标" in derived:
            bits.append(f"超出上限{derived['实际超出目标']}")
        comp, dev = _f(i, "completion"), _f(i, "deviation")
        if comp is not None and direction not in ("<=", "<"):
            bits.append(f"完成比例{_pct(comp)}")
        if dev is not None:
            bits.append(f"偏差{_pct(abs(dev))}")
        why = ("实际值没有达到目标" + (f"（{'，'.join(bits)}）" if bits else "") + "。"
               "未完成的指标只能按完成比例得分，并应在报告中说明偏差原因和改进措施。")
    if _t(i, "rule_score"):
        why += f"按规则该指标应得{_t(i, 'rule_score')}分（分值{_t(i, 'weight') or '未列明'}分）"
        why += f"，报告自评{_t(i, 'self_score')}分。" if _t(i, "self_score") else "。"
    checks = ["核对实际完成值的统计口径、时间范围和计量单位是否与目标一致（例如是否只统计了部分地区或部分月份）",
              "查看报告是否说明了未完成的具体原因和改进措施",
              "核对该指标的自评得分是否已按完成比例扣减"]
    return _Parts(policy, report, why, checks)


def _not_reported(flag: Flag) -> _Parts:
    policy = _target_phrase(flag) + "，自评时应逐项报告其实际完成值。"
    hits = flag.searched[:3]
    if hits:
        shown = "；".join(f"「{_clip(h.text, 60)}」" for h in hits)
        report = (f"报告中没有找到该指标的实际完成值，也没有自评得分。按指标名称检索到的最接近的段落是{shown}，"
                  f"其中{'都' if len(hits) > 1 else ''}没有给出该指标的完成值。")
    else:
        report = "报告中没有找到该指标的实际完成值（表格为空、“/”或“无”，正文也没有相应表述），也没有自评得分。"
    why = "缺少实际完成值，就无法判断该目标是否完成，也无法计算得分；未报告的指标不能视为已完成。"
    checks = ["在报告全文（含附表、附件）中搜索该指标名称及其同义说法，确认确实未填报",
              "对照上面列出的最接近段落，判断报告是否以其他名称报告了该指标",
              "如确未报告，要求填报单位补报实际完成值及数据来源，或说明未开展的原因"]
    return _Parts(policy, report, why, checks)


def _unsupported_score(flag: Flag) -> _Parts:
    i = flag.inputs
    actual = _t(i, "actual")
    report_where = _report_where(flag)
    policy = "自评得分应以实际完成情况为依据：只有填报了可核实的实际完成值，才能据此计算得分。"
    s = _t(i, "self_score")
    if i.get("reason") == "direction":
        report = f"报告的实际完成值一栏填写为「{actual}」{report_where}，却自评{s or '大于零的'}分。"
        why = "「" + actual + "」带有“≥”“以上”之类的方向符号，是目标式的表述，不是实际测得的数值，得分缺少依据。"
    else:
        shown = f"「{actual}」" if actual else "空白"
        report = f"报告的实际完成值一栏为{shown}{report_where}，却自评{s or '大于零的'}分。"
        why = "实际完成值为空，无法核实该指标是否完成，给出的得分缺少依据。"
    checks = ["向填报单位索取该指标的实际完成数据及其来源（台账、统计报表、验收资料）",
              "取得实际数据后按规则重新计算得分；无法提供的，得分应调减",
              "检查其他指标是否也存在照抄目标值作为完成值的情况"]
    return _Parts(policy, report, why, checks)


def _self_score_inflated(flag: Flag) -> _Parts:
    i = flag.inputs
    target, actual = _t(i, "target"), _t(i, "actual")
    derived = dict(derived_facts(flag))
    s, r, w = _t(i, "self_score"), _t(i, "rule_score"), _t(i, "weight")
    tol = _t(i, "tolerance")
    budget = flag.indicator is None
    subject = "预算执行" if budget else _ind(flag)
    if budget and _f(i, "rate") is not None:
        policy = f"预算执行得分按执行率计算：得分 = 执行率（不超过100%）× 分值{w}分。"
    elif i.get("band"):
        policy = (f"定性指标按完成档次给分：「{i['band']}」档的得分区间为"
                  f"{_t(i, 'band_low')}–{_t(i, 'band_high')}分（分值{w}分）。")
    else:
        policy = f"{subject}的得分应按评分规则计算，且不能超过该项分值{w}分。" if w else f"{subject}的得分应按评分规则计算。"
    sq = _first_quote(flag, "report")
    report = f"报告中{subject}的自评得分为{s}分" + (f"（{sq}）" if sq else "") + "。"
    if target and actual:
        report += f"该指标目标为「{target}」，实际完成「{actual}」。"
    elif _f(i, "rate") is not None:
        report += f"预算执行率为{_pct(_f(i, 'rate') or 0.0)}。"
    over = derived.get("自评得分高出规则得分")
    if r:
        why = f"按规则应得{r}分" + (f"，自评得分高出{over}" if over else "") + (
            f"，超出允许误差{tol}分" if tol else "") + "。"
    elif w and "自评得分超出分值" in derived:
        why = f"自评得分超过了该项分值{w}分（超出{derived['自评得分超出分值']}），得分不可能高于满分。"
    else:
        why = "自评得分高于按规则可得的分数。"
    checks = ["核对自评得分的计算过程（目标值、实际值、分值、完成比例）",
              "确认是否把未完成或部分完成的指标按满分计",
              "确认是否存在把小数分值向上取整的情况"]
    return _Parts(policy, report, why, checks)


def _arithmetic_error(flag: Flag) -> _Parts:
    i = flag.inputs
    derived = dict(derived_facts(flag))
    report_where = _report_where(flag)
    policy = "报告中的合计、比率和分值应与其组成部分一致：合计等于各分项之和，执行率等于执行数除以预算数，各项分值之和等于总分。"
    unit = _t(i, "unit")
    if _f(i, "rate_stated") is not None:
        report = (f"报告表中执行率为{_t(i, 'rate_stated')}%，而执行数{_t(i, 'executed')}÷预算数"
                  f"{_t(i, 'adjusted')}计算为{_t(i, 'rate_computed')}%{report_where}。")
        why = f"两者相差{derived.get('表中执行率与计算值相差', '')}，超出允许误差，说明执行率、执行数或预算数中至少有一个填错。"
    elif _f(i, "total") is not None:
        fld = _value("field", i.get("field"))
        report = f"报告{fld}的合计行为{_t(i, 'total')}{unit}，各明细行之和为{_t(i, 'sum_of_details')}{unit}。"
        why = f"合计与明细之和相差{derived.get('合计与明细之和相差', '')}，超出允许误差，合计行或某个明细行有误。"
    elif _f(i, "stated") is not None:
        report = f"报告表中所列数值为{_t(i, 'stated')}，按各项相加为{_t(i, 'sum')}{report_where}。"
        why = f"两者相差{derived.get('表中数值与各项之和相差', '')}，超出允许误差，合计或某一项数值有误。"
    elif _f(i, "sum") is not None:
        report = f"各指标分值相加为{_t(i, 'sum')}分" + (f"，另有预算执行{_t(i, 'budget_weight')}分" if _t(i, "budget_weight") else "") + "。"
        why = f"分值合计应为{_t(i, 'expected') or '满分'}分，实际合计{derived.get('分值合计', _t(i, 'sum'))}分，评分表的分值设置有误。"
    else:
        report = f"报告中的数值见规则结论：{flag.message}"
        why = "数值与其组成部分算出的结果不一致。"
    checks = ["逐项复核分项数据与合计（或执行数、预算数与执行率）",
              "确认是哪一个数字有误，并对照原始台账或财务数据更正",
              "检查依据该数字计算的得分和报告其他位置的引用是否需要一并更正"]
    return _Parts(policy, report, why, checks)


def _inconsistent_values(flag: Flag) -> _Parts:
    i = flag.inputs
    unit = _t(i, "unit")
    policy = "同一事项在同一期间只应有一个数值，报告各处（表格、正文、合计与明细）应前后一致。"
    reports = _quotes(flag, "report")
    if _f(i, "total") is not None:
        report = f"报告合计行的数值为{_t(i, 'total')}{unit}，而明细行合计为{_t(i, 'sum_of_details')}{unit}。"
    elif i.get("value_1") is not None:
        v1, v2 = _t(i, "value_1"), _t(i, "value_2")
        w1 = f"（{reports[0].where()}）" if reports else ""
        w2 = f"（{reports[1].where()}）" if len(reports) > 1 else ""
        report = f"报告中一处为「{v1}{unit if _f(i, 'value_1') is not None else ''}」{w1}，另一处为「{v2}{unit if _f(i, 'value_2') is not None else ''}」{w2}。"
    else:
        report = f"报告中的数值见规则结论：{flag.message}"
    why = "两处数值不一致，至少有一处有误；以哪一个数值为准会直接影响完成情况判断和得分。"
    checks = ["核对两处数值各自的来源、统计口径和截止时间",
              "确定正确的数值，要求填报单位统一更正",
              "检查依据错误数值计算的完成率和得分"]
    return _Parts(policy, report, why, checks)


def _unit_mismatch(flag: Flag) -> _Parts:
    i = flag.inputs
    actual = _t(i, "actual")
    rq = _first_quote(flag, "report")
    policy = _target_phrase(flag) + "，实际完成值应使用可与目标换算的计量单位。"
    report = (f"报告填报的实际完成值为「{actual}」{_report_where(flag)}。" if actual
              else f"报告填报情况见{rq or '规则结论'}。")
    tu, au = _t(i, "target_unit"), _t(i, "actual_unit")
    if au:
        why = f"目标的单位是「{tu}」，实际值的单位是「{au}」，两者无法相互换算，无法判断是否完成目标。"
    else:
        why = "目标是数值，实际值却只用文字作答，无法判断完成了多少，也无法计算得分。"
    checks = ["向填报单位确认实际完成值对应的计量单位和统计口径",
              "要求以与目标相同的单位填报实际完成值",
              "如果是目标的单位设置不当，记录下来，在下一年度设置目标时修正"]
    return _Parts(policy, report, why, checks)


def _target_changed(flag: Flag) -> _Parts:
    i = flag.inputs
    pt, rt = _t(i, "policy_target"), _t(i, "report_target")
    pq = _first_quote(flag, "policy")
    policy = f"绩效目标表中{_ind(flag)}的目标为「{pt}」" + (f"（{pq}）" if pq else "") + "。"
    report = f"自评报告中列示的目标为「{rt}」{_report_where(flag)}。"
    why = "自评应对照批复（或按程序调整后）的绩效目标进行；报告自行改动目标，会使完成情况的判断和得分失去依据。"
    checks = ["确认该目标是否经过正式调整程序（有无调整批复文件）",
              "如无正式调整，按目标表中的原目标重新判断完成情况和得分",
              "检查其他指标的目标是否也被改动"]
    return _Parts(policy, report, why, checks)


def _missing_deviation_reason(flag: Flag) -> _Parts:
    i = flag.inputs
    target, actual = _t(i, "target"), _t(i, "actual")
    policy = "绩效目标未完成时，自评报告应对每个未完成的指标分析偏差原因，并提出改进措施。"
    reason = _t(i, "reason")
    got = f"偏差原因一栏只填写了「{reason}」" if reason else "偏差原因一栏为空"
    ta = f"（实际「{actual}」，目标「{target}」）" if actual and target else ""
    report = f"{_ind(flag)}未完成目标{ta}，但{got}。"
    why = "没有原因分析，就无法判断未完成是客观原因还是管理问题，也无法跟踪改进措施的落实。"
    checks = ["要求填报单位补充具体的偏差原因（说明具体事件、环节和影响程度）",
              "要求提出有针对性的改进措施和完成时限",
              "结合预算执行情况，判断是否存在资金使用或项目管理问题"]
    return _Parts(policy, report, why, checks)


def _low_budget_execution(flag: Flag) -> _Parts:
    i = flag.inputs
    derived = dict(derived_facts(flag))
    report_where = _report_where(flag)
    thr = _f(i, "threshold")
    policy = (f"预算资金应按计划执行，评分方案要求预算执行率不低于{_pct(thr)}。" if thr is not None
              else "预算资金应按计划执行。")
    unit = _t(i, "unit") or "万元"
    ex, adj = _t(i, "executed"), _t(i, "adjusted")
    rate = _pct(_f(i, "rate") or 0.0) if _f(i, "rate") is not None else "（未列明）"
    report = (f"报告中全年预算数为{adj}{unit}，全年执行数为{ex}{unit}，执行率为{rate}{report_where}。" if ex and adj
              else f"报告中的预算执行率为{rate}{report_where}。")
    gap = derived.get("执行率低于下限")
    why = (f"执行率低于下限{gap}" if gap else "执行率低于下限") + (
        f"，有{derived['未执行金额']}预算资金未执行" if "未执行金额" in derived else "") + \
        "，说明资金使用明显滞后于计划；预算执行得分也会按执行率相应降低。"
    checks = ["了解资金未执行的原因（项目进度滞后、资金下达较晚、采购未完成等）",
              "核对结余资金的去向（结转下年或收回）",
              "核对预算执行得分是否按执行率计算"]
    return _Parts(policy, report, why, checks)


def _overachieved(flag: Flag) -> _Parts:
    actual = _t(flag.inputs, "actual")
    rq = _first_quote(flag, "report")
    policy = _target_phrase(flag) + "。"
    report = (f"报告填报的实际完成值为「{actual}」{_report_where(flag)}。" if actual
              else f"报告填报情况见{rq or '规则结论'}。")
    ratio = dict(derived_facts(flag)).get("实际为目标的倍数")
    why = (f"实际值为目标值的{ratio}，" if ratio else "实际值远超目标，") + \
        "远超年初目标。这可能说明目标设定偏低，或实际值的统计口径与目标不同；按规定，超额完成较多的指标应作出分析。"
    checks = ["核对实际值的统计口径是否与目标一致（是否重复统计或扩大了范围）",
              "查看报告是否分析了超额完成的原因",
              "评估下一年度的目标值是否需要调高"]
    return _Parts(policy, report, why, checks)


def _vague_target(flag: Flag) -> _Parts:
    i = flag.inputs
    name, target = _ind(flag), _t(i, "target")
    lv = _t(i, "level2") or _t(i, "level1")
    policy = (f"{name}属于{lv}，这类指标应设置可衡量的量化目标（数值和计量单位）。" if lv
              else f"{name}应设置可衡量的量化目标（数值和计量单位）。")
    where = _first_quote(flag, "policy") or _first_quote(flag, "report")
    report = (f"目标值填写为「{target}」" if target else "目标值为空") + (f"（{where}）" if where else "") + "。"
    why = "目标没有可衡量的数值（空白、占位符，或只有“有效提升”“明显改善”之类的描述），无法据此判断是否完成，也无法计算得分。"
    checks = ["要求明确该指标的量化目标值和计量单位",
              "评估该指标已给出的得分是否有依据",
              "在下一年度设置目标时改为可量化的表述"]
    return _Parts(policy, report, why, checks)


def _missing_dimension(flag: Flag) -> _Parts:
    i = flag.inputs
    dim, level = _t(i, "dimension"), _t(i, "dimension_level") or "一级"
    required, present = _t(i, "required"), _t(i, "present")
    policy = (f"评分方案要求绩效目标包含以下{level}维度：{required}。" if required
              else f"绩效目标应包含{level}维度「{dim}」。")
    report = (f"目标表中已有的{level}维度为：{present}，没有「{dim}」维度的指标。" if present
              else f"目标表中没有「{dim}」维度的指标。")
    why = f"缺少「{dim}」维度，绩效目标不完整，年终无法从这一方面评价项目的实施效果。"
    checks = [f"要求补充「{dim}」维度的指标及量化目标",
              "核对该维度的指标是否写在了其他维度下",
              "核对目标表是否完整（是否有续页未提交）"]
    return _Parts(policy, report, why, checks)


def _direction_error(flag: Flag) -> _Parts:
    i = flag.inputs
    found, expected = _t(i, "direction"), _t(i, "expected_direction")
    target = _t(i, "target")
    policy = (f"{_ind(flag)}的目标应为{_DIRECTION_WORD.get(expected, expected)}某一数值"
              "（成本、费用、事故类指标设上限，合格率、满意度等设下限）。")
    report = f"目标值填写为「{target}」{_report_where(flag)}，方向为{_DIRECTION_WORD.get(found, found)}。"
    why = "目标方向与指标性质相反：按此目标，成本越高或合格率越低反而越“达标”，年终无法据此评价。"
    checks = ["核对该指标的性质（正向或反向）", "要求更正目标方向和数值", "核对同类指标的方向是否一致"]
    return _Parts(policy, report, why, checks)


def _implausible_target(flag: Flag) -> _Parts:
    i = flag.inputs
    target, problem = _t(i, "target"), _t(i, "problem")
    policy = f"{_ind(flag)}的目标值应当可以实现、可以衡量。"
    report = f"目标值填写为「{target}」{_report_where(flag)}。"
    why = {
        "rate_over_100": "比率类指标不可能超过百分之百，目标值无法实现或口径有误。",
        "deadline_outside": f"完成时限不在预算年度（{_t(i, 'budget_year')}年）或项目实施期内，年终无法据此评价时效。",
        "zero_minimum": "数量或金额目标为零却以“≥”表示，任何结果都算完成，目标没有约束力。",
    }.get(problem, "目标值不合理。")
    checks = ["核对目标值是否录入错误", "要求更正为合理、可实现的目标值"]
    return _Parts(policy, report, why, checks)


def _duplicate_target(flag: Flag) -> _Parts:
    i = flag.inputs
    if flag.indicator:
        policy = f"同一指标{_ind(flag)}只应设置一个目标。"
        report = f"目标表中该指标出现两次，目标分别为「{_t(i, 'target')}」和「{_t(i, 'other_target')}」。"
        why = "同一指标两个目标，年终无法确定按哪一个评价。"
        checks = ["核对两处是否为不同的指标却用了同一名称", "要求保留一个目标或更正指标名称"]
    else:
        share = _f(i, "share")
        policy = "每项指标应根据其内容设置各自的目标值。"
        report = (f"目标表{_t(i, 'count')}项指标中，{_pct(share) if share is not None else '过半数'}"
                  f"的目标值都是「{_t(i, 'value')}」。")
        why = "过半数指标使用同一个目标值，说明目标多为照抄套用，没有结合项目实际测算。"
        checks = ["核对各指标目标值的测算依据", "要求按项目实际设置有区分度的目标"]
    return _Parts(policy, report, why, checks)


def _target_below_baseline(flag: Flag) -> _Parts:
    i = flag.inputs
    year = _t(i, "baseline_year")
    policy = "绩效目标应不低于上年实际水平（反向指标不高于上年实际），体现绩效改进。"
    report = (f"本年目标为「{_t(i, 'target')}」{_report_where(flag)}，而{year + '年' if year else '上年'}"
              f"实际完成值为「{_t(i, 'baseline_actual')}」（{_t(i, 'baseline_file')}）。")
    why = "目标低于上年已经达到的水平，容易完成，起不到约束和激励作用。"
    checks = ["了解目标下调的原因（资金减少、任务调整等）", "要求按上年实际水平重新测算目标"]
    return _Parts(policy, report, why, checks)


def _behind_schedule(flag: Flag) -> _Parts:
    i = flag.inputs
    period, schedule, progress = _t(i, "period"), _f(i, "schedule"), _f(i, "progress")
    sched = _pct(schedule) if schedule is not None else "（未知）"
    prog = _pct(progress) if progress is not None else "（未列明）"
    what = "预算执行率" if flag.indicator is None else f"{_ind(flag)}的完成进度"
    policy = f"监控期{period}的序时进度为{sched}，资金支出和指标完成进度应与序时进度基本一致。"
    done = (f"（完成{_t(i, 'actual')}，年度目标{_t(i, 'target')}）" if _t(i, "actual") and _t(i, "target") else "")
    report = f"{what}为{prog}{done}{_report_where(flag)}。"
    gap = _f(i, "gap_pp")
    why = (f"落后序时进度{_num(round(gap, 1))}个百分点，" if gap is not None else "明显落后于序时进度，") + \
        "全年目标可能无法完成，需要及时纠偏。"
    checks = ["了解进度滞后的原因", "核对是否提出了纠偏措施和时间安排", "评估是否需要调整预算或目标"]
    return _Parts(policy, report, why, checks)


def _forecast_contradiction(flag: Flag) -> _Parts:
    i = flag.inputs
    likelihood, forecast, target = _t(i, "likelihood"), _t(i, "forecast"), _t(i, "target")
    policy = "监控表应如实预计全年完成情况；预计不能完成的，应说明原因并提出纠偏措施。"
    if forecast:
        report = f"全年预计完成值为「{forecast}」，低于目标「{target}」{_report_where(flag)}，未说明原因。"
        why = "预计完不成目标却没有说明原因，无法判断偏差是否合理、是否需要纠偏。"
    else:
        done = (f"（已完成{_t(i, 'actual')}，年度目标{target}）" if _t(i, "actual") and target else "")
        report = (f"完成目标可能性填写为「{likelihood}」，而完成进度明显落后序时进度{done}{_report_where(flag)}，"
                  "且没有纠偏措施。")
        why = "进度明显滞后却判断确定能完成，且没有纠偏措施，判断缺乏依据。"
    checks = ["要求说明预计完成情况的依据", "要求提出纠偏措施或调整目标的申请"]
    return _Parts(policy, report, why, checks)


def _repeated_miss(flag: Flag) -> _Parts:
    i = flag.inputs
    year = _t(i, "baseline_year")
    policy = _target_phrase(flag) + "。"
    file = _t(i, "baseline_file")
    report = (f"本年实际完成值为「{_t(i, 'actual')}」{_report_where(flag)}；{year + '年' if year else '上年'}"
              f"{f'（{file}）' if file else ''}目标为「{_t(i, 'baseline_target')}」，"
              f"实际完成值为「{_t(i, 'baseline_actual')}」，同样未完成。")
    why = "同一指标连续两年未完成，说明目标设定或项目实施存在持续性问题。"
    checks = ["了解连续未完成的原因", "评估目标是否需要调整，或实施方式是否需要改进", "核对上年整改措施是否落实"]
    return _Parts(policy, report, why, checks)


def _uncatalogued(flag: Flag) -> _Parts:
    """A flag type without rule text (not reachable through a validated ``Flag``): still give the facts."""
    i = flag.inputs
    facts = "；".join(f"{_INPUT_LABELS.get(k, k)}：{_value(k, v)}" for k, v in i.items() if k not in _HIDDEN_KEYS)
    return _Parts("见绩效目标表。", f"{flag.message}" + (f"（{facts}）" if facts else ""),
                  "规则判定此处与要求不符。", ["对照证据原文核实规则结论"])


RULE_TEXT: dict[str, Callable[[Flag], _Parts]] = {
    "target_missed": _target_missed,
    "not_reported": _not_reported,
    "unsupported_score": _unsupported_score,
    "self_score_inflated": _self_score_inflated,
    "arithmetic_error": _arithmetic_error,
    "inconsistent_values": _inconsistent_values,
    "unit_mismatch": _unit_mismatch,
    "target_changed": _target_changed,
    "missing_deviation_reason": _missing_deviation_reason,
    "low_budget_execution": _low_budget_execution,
    "overachieved": _overachieved,
    "vague_target": _vague_target,
    "missing_dimension": _missing_dimension,
    "direction_error": _direction_error,
    "implausible_target": _implausible_target,
    "duplicate_target": _duplicate_target,
    "target_below_baseline": _target_below_baseline,
    "behind_schedule": _behind_schedule,
    "forecast_contradiction": _forecast_contradiction,
    "repeated_miss": _repeated_miss,
}
"""The rule text of each flag code of the catalogue (``docreview.models.FLAGS``)."""
assert set(RULE_TEXT) == set(FLAG_TYPES), "every catalogued flag code has rule text, and only those"


def rule_explanation(flag: Flag) -> Explanation:
    """A Chinese explanation of ``flag`` built from its rule inputs and evidence (``source="rule"``).

    Says what the policy asks, what the report says, why this is a deviation and what to check next,
    so that a reviewer learns something without a model.
    """
    parts = RULE_TEXT.get(flag.type, _uncatalogued)(flag)
    return Explanation(flag_id=flag.id, text=compose_text(parts.policy, parts.report, parts.why, parts.checks),
                       source="rule")
