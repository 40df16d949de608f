"""Explain flags: flags → explanations.

Every flag gets a rule explanation built from the numbers the rule used (``rule_explanation``).  With an
LLM endpoint, ``explain_flags`` also asks the model (prompt ``explain_flag.v1``) and keeps its answer only
when every number and quoted span in it appears in the material the model was given
(``check_grounding``); otherwise the rule explanation stands and the rejection is recorded.  A second
prompt (``advise.v1``) gives advisory opinions per indicator (is the deviation reason substantive or
boilerplate? does the indicator sit under a fitting 一级/二级 category?), stored in
``Explanation.advisory`` and labelled as model opinions: they never raise or change a flag.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from docreview.llm import (
    AskResult,
    ChatBackend,
    LLMCache,
    TokenBudget,
    ask_json,
    get_backend,
    load_prompt_file,
)
from docreview.models import (
    FLAG_RULE_ZH,
    FLAG_ZH,
    SEVERITY_ZH,
    Claim,
    Evidence,
    Explanation,
    Flag,
    Indicator,
    Review,
    RuleValue,
)
from docreview.normalize import format_number, format_percent, normalize_name, parse_number
from docreview.settings import Settings

EXPLAIN_PROMPT = "explain_flag.v1"
ADVISE_PROMPT = "advise.v1"

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total), called with stage ``"explain"`` from the calling thread."""

ADVISORY_LABEL = "模型意见，仅供参考，不是规则结论 / model opinion, not a rule finding"


_DIRECTION_ZH = {">=": "≥（不低于）", "<=": "≤（不高于）", "=": "=（等于）", ">": ">（高于）", "<": "<（低于）"}
_DIRECTION_WORD = {">=": "不低于", "<=": "不高于", "=": "等于", ">": "高于", "<": "低于"}
_FIELD_ZH = {"initial": "年初预算数", "adjusted": "全年预算数", "executed": "全年执行数"}

# Chinese labels of the rule inputs written by ``docreview.score`` (unknown keys are shown as they are).
_INPUT_LABELS: dict[str, str] = {
    "target": "目标值", "actual": "实际完成值", "direction": "指标方向", "weight": "分值",
    "self_score": "自评得分", "rule_score": "按规则应得分", "target_value": "目标数值",
    "actual_value": "实际数值", "actual_converted": "实际值折合目标单位", "unit": "单位",
    "completion": "完成比例（实际÷目标）", "deviation": "偏差比例", "high_deviation": "严重偏差阈值",
    "target_date": "目标日期", "actual_date": "实际完成日期", "days_late": "延迟天数",
    "band": "定性评价档次", "band_low": "档次得分下限", "band_high": "档次得分上限",
    "ratio": "实际为目标的倍数", "factor": "超额提示倍数", "target_unit": "目标单位",
    "actual_unit": "实际值单位", "matched": "是否找到对应的报告行", "match_method": "匹配方式",
    "reason": "偏差原因", "tolerance": "允许误差（分）", "weight_source": "分值来源",
    "rate": "预算执行率", "executed": "全年执行数", "adjusted": "全年预算数", "threshold": "执行率下限",
    "level1": "一级指标", "level2": "二级指标", "policy_target": "目标表中的目标",
    "report_target": "报告中的目标", "policy_direction": "目标表中的方向", "report_direction": "报告中的方向",
    "value_1": "第一处数值", "value_2": "第二处数值", "field": "预算栏目", "total": "合计行数值",
    "sum_of_details": "明细行之和", "rate_stated": "表中执行率（%）", "rate_computed": "按执行数÷预算数计算的执行率（%）",
    "tolerance_pp": "允许误差（百分点）", "stated": "表中所列数值", "sum": "各项之和",
    "budget_weight": "预算执行分值", "indicators": "三级指标个数", "indicator_scores": "各指标自评得分之和",
    "budget_self_score": "预算执行自评得分", "expected": "应为",
}
_FRACTION_KEYS = {"completion", "deviation", "high_deviation", "rate", "threshold"}
_HIDDEN_KEYS = {"claim_1", "claim_2"}  # internal ids; the evidence shows where the values are


# --------------------------------------------------------------------------- answer schemas

_ENUM_PREFIX = re.compile(r"^\s*(?:[（(]?\d{1,2}[)）.、．:：]|[①-⑳]|[一二三四五六七八九十][、.．]|[-*•·])\s*")


class FlagAnswer(BaseModel):
    """The model's answer to ``explain_flag.v1``."""

    what_policy_asks: str = Field(min_length=1)
    what_report_says: str = Field(min_length=1)
    why_deviation: str = Field(min_length=1)
    what_to_check: list[str] = Field(min_length=1, max_length=8)

    @field_validator("what_policy_asks", "what_report_says", "why_deviation", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return v.strip() if isinstance(v, str) else v

    @field_validator("what_to_check", mode="before")
    @classmethod
    def _items(cls, v: Any) -> Any:
        if isinstance(v, str):  # a single string with one item per line / clause
            v = [p for p in re.split(r"[\n；;]+", v) if p.strip()]
        if isinstance(v, list):
            v = [_ENUM_PREFIX.sub("", x).strip() if isinstance(x, str) else x for x in v]
            v = [x for x in v if x != ""]
        return v


_REASON_ALIASES = {"实质性": "substantive", "实质": "substantive", "空泛": "boilerplate", "套话": "boilerplate",
                   "空泛套话": "boilerplate", "未给出": "absent", "缺失": "absent", "无": "absent"}
_FIT_ALIASES = {"恰当": "fits", "合适": "fits", "不恰当": "misfit", "不合适": "misfit", "无法判断": "unknown",
                "未知": "unknown"}


class AdviceAnswer(BaseModel):
    """The model's answer to ``advise.v1``."""

    reason_quality: Literal["substantive", "boilerplate", "absent"]
    reason_comment: str
    category_fit: Literal["fits", "misfit", "unknown"]
    category_comment: str

    @field_validator("reason_quality", mode="before")
    @classmethod
    def _reason(cls, v: Any) -> Any:
        if isinstance(v, str):
            v = v.strip().lower()
            v = _REASON_ALIASES.get(v, v)
        return v

    @field_validator("category_fit", mode="before")
    @classmethod
    def _fit(cls, v: Any) -> Any:
        if isinstance(v, str):
            v = v.strip().lower()
            v = _FIT_ALIASES.get(v, v)
        return v


_REASON_ZH = {"substantive": "原因说明实质具体", "boilerplate": "原因说明空泛（套话）", "absent": "未给出原因"}
_FIT_ZH = {"fits": "归类恰当", "misfit": "归类可能不当", "unknown": "无法判断归类"}


# --------------------------------------------------------------------------- formatting helpers


_num = format_number
_pct = format_percent


def _value(key: str, v: RuleValue) -> str:
    if v is None:
        return "无"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, int | float):
        if key in _FRACTION_KEYS:
            return f"{_num(v)}（即{_pct(v)}）"
        return _num(float(v))
    if key in ("direction", "policy_direction", "report_direction"):
        return _DIRECTION_ZH.get(v, v)
    if key == "field":
        return _FIELD_ZH.get(v, v)
    if key == "weight_source":
        return {"form": "表中所列", "profile": "评分方案默认"}.get(v, v)
    if key == "match_method":
        return {"row_name": "按行名称", "retrieval": "按检索", "none": "未匹配"}.get(v, v)
    return v or "（空）"


def _clip(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _f(inputs: dict[str, RuleValue], key: str) -> float | None:
    v = inputs.get(key)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def _t(inputs: dict[str, RuleValue], key: str) -> str:
    v = inputs.get(key)
    if v is None or isinstance(v, bool):
        return ""
    return _num(float(v)) if isinstance(v, int | float) else str(v).strip()


def _quotes(flag: Flag, side: str) -> list[Evidence]:
    return [e for e in flag.evidence if e.side == side and e.quote.strip()]


def _first_quote(flag: Flag, side: str) -> str:
    """``自评表.xlsx 第6行：「…」`` for the first evidence quote of ``side``, or ``""``."""
    q = _quotes(flag, side)
    return f"{q[0].where()}：「{_clip(q[0].quote, 120)}」" if q else ""


def _ind(flag: Flag) -> str:
    return f"「{flag.indicator}」" if flag.indicator else "报告"


# --------------------------------------------------------------------------- derived facts


def derived_facts(flag: Flag) -> list[tuple[str, str]]:
    """Differences a reviewer (and the model) would want, computed from the flag's own inputs.

    They are part of the material given to the model, so the model may cite them without inventing
    arithmetic.
    """
    i = flag.inputs
    out: list[tuple[str, str]] = []
    unit = _t(i, "unit")
    a, b = _f(i, "target_value"), _f(i, "actual_converted")
    if b is None:
        b = _f(i, "actual_value")
    direction = i.get("direction")
    if a is not None and b is not None:
        if direction in ("<=", "<"):
            if b > a:
                out.append(("实际超出目标", f"{_num(b - a)}{unit}"))
        elif b < a:
            out.append(("距目标还差", f"{_num(a - b)}{unit}"))
        elif flag.type == "overachieved" and b > a:
            out.append(("实际超出目标", f"{_num(b - a)}{unit}"))
    s, r = _f(i, "self_score"), _f(i, "rule_score")
    if s is not None and r is not None and s > r:
        out.append(("自评得分高出规则得分", f"{_num(round(s - r, 4))}分"))
    w = _f(i, "weight")
    if s is not None and w is not None and s > w and flag.type == "self_score_inflated":
        out.append(("自评得分超出分值", f"{_num(round(s - w, 4))}分"))
    rate, thr = _f(i, "rate"), _f(i, "threshold")
    if rate is not None:
        if thr is not None and rate < thr:
            out.append(("执行率低于下限", f"{_num(round((thr - rate) * 100, 2))}个百分点"))
            ex, adj = _f(i, "executed"), _f(i, "adjusted")
            if ex is not None and adj is not None and adj > ex:
                out.append(("未执行金额", f"{_num(round(adj - ex, 4))}{_t(i, 'unit') or '万元'}"))
    rs, rc = _f(i, "rate_stated"), _f(i, "rate_computed")
    if rs is not None and rc is not None:
        out.append(("表中执行率与计算值相差", f"{_num(round(abs(rs - rc), 2))}个百分点"))
    tot, sod = _f(i, "total"), _f(i, "sum_of_details")
    if tot is not None and sod is not None:
        out.append(("合计与明细之和相差", f"{_num(round(abs(tot - sod), 4))}{unit}"))
    st, sm = _f(i, "stated"), _f(i, "sum")
    if st is not None and sm is not None:
        out.append(("表中数值与各项之和相差", _num(round(abs(st - sm), 4))))
    elif sm is not None and _f(i, "expected") is not None:
        total = sm + (_f(i, "budget_weight") or 0.0)
        out.append(("分值合计", _num(round(total, 4))))
    v1, v2 = _f(i, "value_1"), _f(i, "value_2")
    if v1 is not None and v2 is not None:
        out.append(("两处数值相差", f"{_num(round(abs(v1 - v2), 4))}{unit}"))
    ratio = _f(i, "ratio")
    if ratio is not None:
        out.append(("实际为目标的倍数", f"{ratio:.2f}倍"))
    return out


# --------------------------------------------------------------------------- rule explanations


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


def _rule_parts(flag: Flag) -> _Parts:
    i, t, name = flag.inputs, flag.type, _ind(flag)
    target, actual = _t(i, "target"), _t(i, "actual")
    derived = dict(derived_facts(flag))
    rq = _first_quote(flag, "report")
    report_where = f"（{rq}）" if rq else ""
    direction = i.get("direction")
    dir_word = _DIRECTION_WORD.get(direction, "") if isinstance(direction, str) else ""

    if t == "target_missed":
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

    if t == "not_reported":
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

    if t == "unsupported_score":
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

    if t == "self_score_inflated":
        s, r, w = _t(i, "self_score"), _t(i, "rule_score"), _t(i, "weight")
        tol = _t(i, "tolerance")
        budget = flag.indicator is None
        subject = "预算执行" if budget else name
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

    if t == "arithmetic_error":
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

    if t == "inconsistent_values":
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

    if t == "unit_mismatch":
        policy = _target_phrase(flag) + "，实际完成值应使用可与目标换算的计量单位。"
        report = f"报告填报的实际完成值为「{actual}」{report_where}。" if actual else f"报告填报情况见{rq or '规则结论'}。"
        tu, au = _t(i, "target_unit"), _t(i, "actual_unit")
        if au:
            why = f"目标的单位是「{tu}」，实际值的单位是「{au}」，两者无法相互换算，无法判断是否完成目标。"
        else:
            why = "目标是数值，实际值却只用文字作答，无法判断完成了多少，也无法计算得分。"
        checks = ["向填报单位确认实际完成值对应的计量单位和统计口径",
                  "要求以与目标相同的单位填报实际完成值",
                  "如果是目标的单位设置不当，记录下来，在下一年度设置目标时修正"]
        return _Parts(policy, report, why, checks)

    if t == "target_changed":
        pt, rt = _t(i, "policy_target"), _t(i, "report_target")
        pq = _first_quote(flag, "policy")
        policy = f"绩效目标表中{name}的目标为「{pt}」" + (f"（{pq}）" if pq else "") + "。"
        report = f"自评报告中列示的目标为「{rt}」{report_where}。"
        why = "自评应对照批复（或按程序调整后）的绩效目标进行；报告自行改动目标，会使完成情况的判断和得分失去依据。"
        checks = ["确认该目标是否经过正式调整程序（有无调整批复文件）",
                  "如无正式调整，按目标表中的原目标重新判断完成情况和得分",
                  "检查其他指标的目标是否也被改动"]
        return _Parts(policy, report, why, checks)

    if t == "missing_deviation_reason":
        policy = "绩效目标未完成时，自评报告应对每个未完成的指标分析偏差原因，并提出改进措施。"
        reason = _t(i, "reason")
        got = f"偏差原因一栏只填写了「{reason}」" if reason else "偏差原因一栏为空"
        ta = f"（实际「{actual}」，目标「{target}」）" if actual and target else ""
        report = f"{name}未完成目标{ta}，但{got}。"
        why = "没有原因分析，就无法判断未完成是客观原因还是管理问题，也无法跟踪改进措施的落实。"
        checks = ["要求填报单位补充具体的偏差原因（说明具体事件、环节和影响程度）",
                  "要求提出有针对性的改进措施和完成时限",
                  "结合预算执行情况，判断是否存在资金使用或项目管理问题"]
        return _Parts(policy, report, why, checks)

    if t == "low_budget_execution":
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

    if t == "overachieved":
        policy = _target_phrase(flag) + "。"
        report = f"报告填报的实际完成值为「{actual}」{report_where}。" if actual else f"报告填报情况见{rq or '规则结论'}。"
        ratio = derived.get("实际为目标的倍数")
        why = (f"实际值为目标值的{ratio}，" if ratio else "实际值远超目标，") + \
            "远超年初目标。这可能说明目标设定偏低，或实际值的统计口径与目标不同；按规定，超额完成较多的指标应作出分析。"
        checks = ["核对实际值的统计口径是否与目标一致（是否重复统计或扩大了范围）",
                  "查看报告是否分析了超额完成的原因",
                  "评估下一年度的目标值是否需要调高"]
        return _Parts(policy, report, why, checks)

    if t == "vague_target":
        lv = _t(i, "level2") or _t(i, "level1")
        policy = (f"{name}属于{lv}，这类指标应设置可衡量的量化目标（数值和计量单位）。" if lv
                  else f"{name}应设置可衡量的量化目标（数值和计量单位）。")
        where = _first_quote(flag, "policy") or rq
        report = (f"目标值填写为「{target}」" if target else "目标值为空") + (f"（{where}）" if where else "") + "。"
        why = "目标没有可衡量的数值（空白、占位符，或只有“有效提升”“明显改善”之类的描述），无法据此判断是否完成，也无法计算得分。"
        checks = ["要求明确该指标的量化目标值和计量单位",
                  "评估该指标已给出的得分是否有依据",
                  "在下一年度设置目标时改为可量化的表述"]
        return _Parts(policy, report, why, checks)

    # an unknown flag type: still give the reviewer the facts
    facts = "；".join(f"{_INPUT_LABELS.get(k, k)}：{_value(k, v)}" for k, v in i.items() if k not in _HIDDEN_KEYS)
    return _Parts("见绩效目标表。", f"{flag.message}" + (f"（{facts}）" if facts else ""),
                  "规则判定此处与要求不符。", ["对照证据原文核实规则结论"])


def rule_explanation(flag: Flag) -> Explanation:
    """A Chinese explanation of ``flag`` built from its rule inputs and evidence (``source="rule"``).

    Says what the policy asks, what the report says, why this is a deviation and what to check next,
    so that a reviewer learns something without a model.
    """
    parts = _rule_parts(flag)
    return Explanation(flag_id=flag.id, text=compose_text(parts.policy, parts.report, parts.why, parts.checks),
                       source="rule")


# --------------------------------------------------------------------------- prompt material


def flag_prompt_variables(flag: Flag) -> dict[str, str]:
    """The variables of ``explain_flag.v1`` for ``flag``: everything the model may use, as text."""
    inputs = "\n".join(f"- {_INPUT_LABELS.get(k, k)}（{k}）：{_value(k, v)}"
                       for k, v in flag.inputs.items() if k not in _HIDDEN_KEYS) or "（无）"
    derived = "\n".join(f"- {label}：{value}" for label, value in derived_facts(flag)) or "（无）"
    evidence = "\n".join(
        f"- [{'政策' if e.side == 'policy' else '报告'}] {e.where()}：「{_clip(e.quote)}」"
        for e in flag.evidence if e.quote.strip()) or "（无）"
    searched = ""
    if flag.searched:
        lines = []
        for h in flag.searched[:3]:
            where = f"{h.span.where()}：" if h.span is not None else ""
            lines.append(f"- {where}「{_clip(h.text)}」")
        searched = "\n## 按指标名称检索到的最接近段落（其中没有该指标的完成值）\n" + "\n".join(lines) + "\n"
    return {
        "flag_type": flag.type,
        "flag_type_zh": FLAG_ZH.get(flag.type, flag.type),
        "severity_zh": SEVERITY_ZH.get(flag.severity, flag.severity),
        "indicator": flag.indicator or "（报告整体，不针对单个指标）",
        "message": flag.message,
        "flag_rule": FLAG_RULE_ZH.get(flag.type, "（无）"),
        "rule_inputs": inputs,
        "derived": derived,
        "evidence": evidence,
        "searched": searched,
    }


@dataclass
class _AdviceJob:
    indicator: str
    flag_ids: list[str]
    variables: dict[str, str]


def advice_jobs(review: Review) -> list[_AdviceJob]:
    """One advisory question per flagged indicator that has something to judge (a reason or a category)."""
    by_key: dict[str, list[Flag]] = {}
    for f in review.flags:
        if f.indicator:
            by_key.setdefault(normalize_name(f.indicator), []).append(f)
    indicators = {normalize_name(x.name): x for x in review.indicators}
    claims = {c.id: c for c in review.claims}
    result_claim = {r.indicator_id: r.claim_id for r in review.results if r.claim_id}
    match_claim = {m.indicator_id: m.claim_id for m in review.matches if m.claim_id}
    claims_by_name: dict[str, Claim] = {}
    for c in review.claims:
        if c.name:
            claims_by_name.setdefault(normalize_name(c.name), c)
    jobs: list[_AdviceJob] = []
    for key, flags in by_key.items():
        ind: Indicator | None = indicators.get(key)
        claim: Claim | None = None
        if ind is not None:
            cid = result_claim.get(ind.id) or match_claim.get(ind.id)
            claim = claims.get(cid) if cid else None
        if claim is None:
            claim = claims_by_name.get(key)
        inputs: dict[str, RuleValue] = {}
        for f in flags:
            inputs.update({k: v for k, v in f.inputs.items() if v not in (None, "")})
        level1 = (ind.level1 if ind else None) or (claim.level1 if claim else None) or _t(inputs, "level1")
        level2 = (ind.level2 if ind else None) or (claim.level2 if claim else None) or _t(inputs, "level2")
        reason = (claim.reason if claim and claim.reason else "") or next(
            (_t(f.inputs, "reason") for f in flags if f.type == "missing_deviation_reason"), "")
        if not (level1 or level2 or reason.strip()):
            continue
        target = ((ind.target_text if ind else "") or (claim.target_text if claim and claim.target_text else "")
                  or _t(inputs, "target"))
        actual = (claim.actual_text if claim and claim.actual_text else "") or _t(inputs, "actual")
        name = flags[0].indicator or ""
        jobs.append(_AdviceJob(
            indicator=name,
            flag_ids=[f.id for f in flags],
            variables={
                "indicator": name,
                "level1": level1 or "（材料未提供）",
                "level2": level2 or "（材料未提供）",
                "target": target or "（材料未提供）",
                "actual": actual or "（材料未提供）",
                "flags": "、".join(dict.fromkeys(f"{FLAG_ZH.get(f.type, f.type)}（{f.type}）" for f in flags)),
                "reason": reason.strip() or "（报告未给出）",
            },
        ))
    return jobs


# --------------------------------------------------------------------------- grounding

# Chinese numerals are read by normalize.parse_number (the one grammar); these are the characters a run
# of them may hold.
_CN_DIGIT_CHARS = "零〇一壹幺二贰貳两兩三叁參四肆五伍六陆陸七柒八捌九玖"
_CN_CHARS = _CN_DIGIT_CHARS + "十拾百佰千仟万萬亿億点"
_CN_BIG_CHARS = "万萬亿億"
_CN_RUN = re.compile(f"[{_CN_CHARS}]+")
_CN_PERCENT = re.compile(f"百分之([{_CN_CHARS}]+)")
_ARABIC = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(千万|百万|万|亿|千)?\s*(%|‰|个百分点)?")
_QUOTE_PAIRS = [("「", "」"), ("『", "』"), ("“", "”"), ("《", "》"), ("‘", "’"), ('"', '"')]
_QUOTE_RE = re.compile("|".join(f"{re.escape(a)}([^{re.escape(b)}\n]+?){re.escape(b)}" for a, b in _QUOTE_PAIRS))
_MULT = {"千": 1e3, "万": 1e4, "百万": 1e6, "千万": 1e7, "亿": 1e8}
_VAGUE_BEFORE = set("几数")
_IDIOMS = {"一一", "万一", "千万", "一二", "三四", "四五", "五六", "七八", "八九", "十之八九"}


def _cn_value(run: str) -> float | None:
    """The value of a run of Chinese numeral characters, or None when it is not a well-formed numeral."""
    run = run.strip("点")
    return parse_number(run) if run else None


@dataclass(frozen=True)
class _Num:
    text: str
    written: float  # the numeral as written (1.2 in 1.2亿, 87.5 in 87.5%)
    decimals: int
    values: frozenset[float]  # every reading: as written, scaled by 万/亿, percent as a fraction
    percent: bool


def _readings(written: float, mult: float, pct: str | None) -> frozenset[float]:
    vals = {written, written * mult}
    if pct == "%" or pct == "百分之":
        vals.add(written / 100)
    elif pct == "‰":
        vals.add(written / 1000)
    return frozenset(round(v, 9) for v in vals)


def _numbers(text: str, *, strict: bool) -> list[_Num]:
    """Numbers in ``text``.  ``strict`` (model output) skips lone Chinese digits (一级, 两个) and idioms."""
    text = unicodedata.normalize("NFKC", text)
    found: list[_Num] = []
    masked = list(text)

    def mask(a: int, b: int) -> None:
        for k in range(a, b):
            masked[k] = " "

    for m in _CN_PERCENT.finditer(text):
        v = _cn_value(m.group(1))
        if v is not None:
            frac = m.group(1).partition("点")[2]
            found.append(_Num(m.group(0), v, len(frac), _readings(v, 1, "百分之"), True))
        mask(m.start(), m.end())
    for m in _ARABIC.finditer("".join(masked)):
        whole, frac, mult, pct = m.group(1), m.group(2) or "", m.group(3), m.group(4)
        written = float(whole.replace(",", "") + frac)
        found.append(_Num(m.group(0).strip(), written, max(0, len(frac) - 1),
                          _readings(written, _MULT.get(mult or "", 1), pct), pct in ("%", "‰")))
        mask(m.start(), m.end())
    scrubbed = "".join(masked)
    for m in _CN_RUN.finditer(scrubbed):
        run = m.group(0)
        if strict:
            if len(run.strip("点")) < 2 or run in _IDIOMS:
                continue
            if m.start() > 0 and scrubbed[m.start() - 1] in _VAGUE_BEFORE:
                continue
            if all(ch in _CN_DIGIT_CHARS for ch in run) and not any(ch in "零〇" for ch in run) and len(run) < 4:
                continue  # 一二、三四: "one or two", not a numeral
        v = _cn_value(run)
        if v is None:
            continue
        head = _cn_value(run[:-1]) if len(run) > 1 and run[-1] in _CN_BIG_CHARS else None
        if head is not None:  # 十二万: both 12 (万) and 120000 are readings
            found.append(_Num(run, head, 0, frozenset({round(head, 9), round(v, 9)}), False))
        else:
            frac = run.partition("点")[2]
            found.append(_Num(run, v, len(frac), _readings(v, 1, None), False))
    return found


def _quoted(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _QUOTE_RE.finditer(text)]


def _norm_text(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


class GroundingResult(BaseModel):
    """Whether every number and quoted span of an explanation appears in its evidence."""

    ok: bool
    numbers_checked: int = 0
    quotes_checked: int = 0
    ungrounded_numbers: list[str] = []
    ungrounded_quotes: list[str] = []

    @property
    def reason(self) -> str:
        parts = []
        if self.ungrounded_numbers:
            parts.append("数字" + "、".join(f"「{x}」" for x in self.ungrounded_numbers) + "未出现在证据中")
        if self.ungrounded_quotes:
            parts.append("引文" + "、".join(f"「{_clip(x, 40)}」" for x in self.ungrounded_quotes) + "未出现在证据中")
        return "；".join(parts) + " / not found in the evidence" if parts else ""


def _number_grounded(n: _Num, evidence: list[_Num]) -> bool:
    for e in evidence:
        if n.values & e.values:
            return True
        # the model may round: 89.67 in the evidence supports 89.7 and 90
        for ev in e.values:
            candidates = [ev, ev * 100] if n.percent else [ev]
            if any(abs(round(c, n.decimals) - n.written) < 1e-9 for c in candidates):
                return True
    return False


def check_grounding(texts: Sequence[str], evidence_texts: Sequence[str]) -> GroundingResult:
    """Check that every number and every quoted span in ``texts`` appears in ``evidence_texts``.

    Numbers: Arabic (``87.5%``, ``1,200``, ``1.2亿``) and Chinese (``百分之八十七点五``, ``三万四千五百``)
    are compared by value, so ``87.5%`` = ``百分之八十七点五`` = ``0.875`` and ``1.2亿元`` = ``12000万元``;
    a number that is the evidence's number rounded to the precision written (``89.7`` for ``89.67``)
    counts as grounded.  Lone Chinese digits (一级, 两个) and vague counts (几十, 数万) are not numbers.

    Quotes: text inside 「」 『』 “” ‘’ "" and 《》 must occur in the evidence after width/space
    normalisation; a quote abridged with …/... must have each part in the evidence.
    """
    evidence_blob = "\n".join(evidence_texts)
    ev_nums = _numbers(evidence_blob, strict=False)
    ev_text = _norm_text(evidence_blob)
    bad_numbers: list[str] = []
    bad_quotes: list[str] = []
    n_numbers = n_quotes = 0
    for text in texts:
        text = _ENUM_PREFIX.sub("", text)
        for n in _numbers(text, strict=True):
            n_numbers += 1
            if not _number_grounded(n, ev_nums) and n.text not in bad_numbers:
                bad_numbers.append(n.text)
        for q in _quoted(text):
            parts = [p for p in re.split(r"…+|\.{3,}|⋯+", q) if _norm_text(p)]
            if not parts:
                continue
            n_quotes += 1
            if not all(_norm_text(p) in ev_text for p in parts) and q not in bad_quotes:
                bad_quotes.append(q)
    return GroundingResult(ok=not bad_numbers and not bad_quotes, numbers_checked=n_numbers,
                           quotes_checked=n_quotes, ungrounded_numbers=bad_numbers, ungrounded_quotes=bad_quotes)


# --------------------------------------------------------------------------- explain_flags


class _Breaker:
    """Stops calling an endpoint that keeps failing (two LLM errors in a row)."""

    def __init__(self, threshold: int = 2) -> None:
        self.threshold = threshold
        self.failures = 0
        self.last_error = ""
        self._lock = threading.Lock()

    @property
    def open(self) -> bool:
        with self._lock:
            return self.failures >= self.threshold

    def record(self, ok: bool, error: str = "") -> None:
        with self._lock:
            if ok:
                self.failures = 0
            else:
                self.failures += 1
                self.last_error = error


def _usage(res: AskResult[Any]) -> dict[str, int]:
    usage = {k: v for k, v in res.usage.items() if isinstance(v, int)}
    usage["calls"] = res.calls
    if res.cached:
        usage["cached"] = 1
    return usage


def _fallback(base: Explanation, reason: str, res: AskResult[Any] | None, backend: ChatBackend) -> Explanation:
    update: dict[str, Any] = {"rejected_reason": reason}
    if res is not None and (res.calls or res.cached):
        update.update(prompt=EXPLAIN_PROMPT, model=res.model or backend.model, usage=_usage(res))
    return base.model_copy(update=update)


def _explain_one(flag: Flag, backend: ChatBackend, settings: Settings, cache: LLMCache | None,
                 budget: TokenBudget, breaker: _Breaker) -> Explanation:
    base = rule_explanation(flag)
    if breaker.open:
        return _fallback(base, f"llm_unavailable: 端点连续失败，已停止调用 / endpoint kept failing: "
                               f"{breaker.last_error}", None, backend)
    variables = flag_prompt_variables(flag)
    res = ask_json(backend, EXPLAIN_PROMPT, variables, FlagAnswer, settings=settings.llm, cache=cache,
                   budget=budget)
    if res.status == "budget":
        return _fallback(base, f"budget: {res.error}", res, backend)
    if res.status == "llm_error":
        breaker.record(False, res.error or "")
        kind = "重试后仍失败 / retries exhausted" if res.retryable else "不可重试 / not retryable"
        return _fallback(base, f"llm_error: {kind}: {res.error}", res, backend)
    breaker.record(True)
    if res.status == "parse_error" or res.value is None:
        return _fallback(base, f"parse: 重问 {settings.llm.max_reasks} 次后仍无法解析 / unparsable after "
                               f"re-asking: {res.error}", res, backend)
    answer: FlagAnswer = res.value
    fields = [answer.what_policy_asks, answer.what_report_says, answer.why_deviation, *answer.what_to_check]
    grounding = check_grounding(fields, list(variables.values()))
    if not grounding.ok:
        out = _fallback(base, f"grounding: {grounding.reason}", res, backend)
        return out.model_copy(update={"grounded": False})
    text = compose_text(answer.what_policy_asks, answer.what_report_says, answer.why_deviation,
                        answer.what_to_check)
    return Explanation(flag_id=flag.id, text=text, source="model", prompt=EXPLAIN_PROMPT,
                       model=res.model or backend.model, usage=_usage(res), grounded=True)


def _advise_one(job: _AdviceJob, backend: ChatBackend, settings: Settings, cache: LLMCache | None,
                budget: TokenBudget, breaker: _Breaker) -> dict[str, str] | None:
    if breaker.open:
        return None
    res = ask_json(backend, ADVISE_PROMPT, job.variables, AdviceAnswer, settings=settings.llm, cache=cache,
                   budget=budget)
    if res.status == "llm_error":
        breaker.record(False, res.error or "")
    elif res.status != "budget":
        breaker.record(True)
    if res.status != "ok" or res.value is None:
        return None
    a: AdviceAnswer = res.value
    advisory = {
        "kind": "model_opinion",
        "label": ADVISORY_LABEL,
        "prompt": ADVISE_PROMPT,
        "model": res.model or backend.model,
    }
    evidence = [*job.variables.values(), load_prompt_file(ADVISE_PROMPT).system]
    grounding = check_grounding([a.reason_comment, a.category_comment], evidence)
    if not grounding.ok:
        advisory.update(status="rejected", rejected_reason=f"grounding: {grounding.reason}")
        return advisory
    advisory.update(
        status="ok",
        reason_quality=a.reason_quality, reason_quality_zh=_REASON_ZH[a.reason_quality],
        reason_comment=a.reason_comment,
        category_fit=a.category_fit, category_fit_zh=_FIT_ZH[a.category_fit],
        category_comment=a.category_comment,
    )
    return advisory


def _guarded(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - an explanation must never sink the review; recorded below
        return exc


def explain_flags(review: Review, settings: Settings, *, progress: Progress | None = None,
                  backend: ChatBackend | None = None) -> list[Explanation]:
    """One explanation per flag of ``review``, in flag order.

    Without an endpoint (``settings.llm.base_url`` unset and no ``backend`` given) every flag gets its
    rule explanation.  With one, each flag is explained by the model (prompt ``explain_flag.v1``),
    ``settings.llm.concurrency`` at a time, within ``settings.llm.token_budget`` tokens for the review;
    answers are cached under ``settings.cache_dir / "llm"``.  A model answer is kept only if it is
    grounded (``check_grounding``); otherwise, and on LLM errors, unparsable answers or a spent
    budget, the rule explanation stands with ``rejected_reason`` saying why (``grounding:``,
    ``llm_error:``, ``parse:``, ``budget:``, ``llm_unavailable:``).  Advisory opinions (``advise.v1``)
    are attached to the explanations of each flagged indicator as ``Explanation.advisory``.
    """
    report = progress or (lambda stage, done, total: None)
    flags = list(review.flags)
    if backend is None:
        backend = get_backend(None, settings.llm)
    if backend is None or not flags:
        report("explain", 0, len(flags))
        out = [rule_explanation(f) for f in flags]
        report("explain", len(flags), len(flags))
        return out

    cache = LLMCache(settings.cache_dir / "llm") if settings.llm.cache else None
    budget = TokenBudget(settings.llm.token_budget)
    breaker = _Breaker()
    jobs = advice_jobs(review)
    total = len(flags) + len(jobs)
    done = 0
    report("explain", done, total)
    explanations: dict[str, Explanation] = {}
    advisories: dict[str, dict[str, str]] = {}
    with ThreadPoolExecutor(max_workers=max(1, settings.llm.concurrency), thread_name_prefix="explain") as pool:
        futures = {pool.submit(_guarded, _explain_one, f, backend, settings, cache, budget, breaker): f
                   for f in flags}
        for fut in as_completed(futures):
            flag = futures[fut]
            result = fut.result()
            if isinstance(result, Exception):
                result = rule_explanation(flag).model_copy(
                    update={"rejected_reason": f"error: {type(result).__name__}: {result}"})
            explanations[flag.id] = result
            done += 1
            report("explain", done, total)
        # advisory opinions come second: when the budget is short, the explanations get it
        afutures = {pool.submit(_guarded, _advise_one, job, backend, settings, cache, budget, breaker): job
                    for job in jobs}
        for afut in as_completed(afutures):
            job = afutures[afut]
            adv = afut.result()
            if isinstance(adv, dict):
                for fid in job.flag_ids:
                    advisories[fid] = adv
            done += 1
            report("explain", done, total)
    out = []
    for f in flags:
        e = explanations[f.id]
        if f.id in advisories:
            e = e.model_copy(update={"advisory": dict(advisories[f.id])})
        out.append(e)
    return out


def explanation_stats(explanations: Sequence[Explanation]) -> dict[str, Any]:
    """Counts for the eval: by source, fallback reasons, grounded share, tokens and cache hits.

    ``grounded_share`` = model explanations kept ÷ model answers obtained (kept + rejected by the
    grounding check); ``None`` when no model answer was obtained.
    """
    by_source = Counter(e.source for e in explanations)
    rejected = Counter((e.rejected_reason or "").split(":", 1)[0] for e in explanations if e.rejected_reason)
    kept = by_source.get("model", 0)
    answered = kept + rejected.get("grounding", 0)
    advisory = Counter(e.advisory.get("status", "ok") for e in explanations if e.advisory)
    fresh = [e for e in explanations if not e.usage.get("cached")]
    return {
        "total": len(explanations),
        "by_source": {"rule": by_source.get("rule", 0), "model": kept},
        "rejected": dict(sorted(rejected.items())),
        "model_answers": answered,
        "grounded_share": (kept / answered) if answered else None,
        "advisory": dict(sorted(advisory.items())),
        "calls": sum(e.usage.get("calls", 0) for e in explanations),
        "cached": sum(1 for e in explanations if e.usage.get("cached")),
        "tokens": sum(e.usage.get("total_tokens", 0) for e in fresh),
    }
