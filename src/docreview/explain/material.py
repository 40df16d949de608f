"""The material of an explanation: a flag's facts as text, the prompt variables, and the answer schemas.

The rule explanations (``rule_text``) and the model (``explain_flag.v1``) are given the same facts: the
rule inputs with Chinese labels (``_INPUT_LABELS``, ``_value``), the differences computed from them
(``derived_facts``) and the evidence quotes, so the model may cite what the rules cite.  ``advice_jobs``
gathers one ``advise.v1`` question per flagged indicator; ``FlagAnswer`` and ``AdviceAnswer`` validate
the model's answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from docreview.models import (
    FLAG_RULE_ZH,
    FLAG_ZH,
    SEVERITY_ZH,
    Claim,
    Evidence,
    Flag,
    Indicator,
    Review,
    RuleValue,
)
from docreview.normalize import format_number, format_percent, normalize_name

_DIRECTION_ZH = {">=": "≥（不低于）", "<=": "≤（不高于）", "=": "=（等于）", ">": ">（高于）", "<": "<（低于）"}
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
    "dimension": "缺少的维度", "dimension_level": "维度层级", "present": "已有的维度", "required": "要求的维度",
    "expected_direction": "应有的方向", "problem": "不合理之处", "budget_year": "预算年度",
    "other_target": "另一处目标", "share": "相同目标所占比例", "count": "指标个数", "value": "相同的目标值",
    "baseline_actual": "上年实际完成值", "baseline_target": "上年目标值", "baseline_year": "上年年度",
    "baseline_file": "上年文件", "period": "监控期间", "schedule": "序时进度", "progress": "完成进度",
    "gap_pp": "落后序时进度（百分点）", "likelihood": "完成目标可能性", "forecast": "全年预计完成值",
    "measures": "纠偏措施", "ocr_uncertain": "OCR识别待核实",
}
_FRACTION_KEYS = {"completion", "deviation", "high_deviation", "rate", "threshold", "share", "schedule",
                  "progress"}
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
