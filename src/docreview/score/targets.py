"""Target review (绩效目标审核, domain.md §7.2): the rules for a target table before the money is spent.

- :func:`check_dimensions` — ``missing_dimension``: a required 一级 group (``profile.required_level1``) or a
  required 二级 under 产出 (``profile.required_output_level2``) has no indicator.  Checked only where the table
  states its levels; a table that has nothing but 产出 (or 成本) rows is read as stopping early (a page or a
  capture cut before 效益) and said so as a reading problem, not as missing dimensions;
- :func:`check_target` — ``direction_error`` (a cost/incident-type indicator -- by its name, or a figure read
  under a 成本 二级 -- with a minimum, a rate of good outcomes with a maximum, both from a written sign only)
  and ``implausible_target`` (a bounded rate above 100%, a deadline outside the budget year, a count or
  amount of 0 with ``≥``);
- :func:`check_duplicates` — ``duplicate_target``: one indicator twice with different targets, or more than
  ``profile.duplicate_share`` of the targets the same value.

``vague_target`` is the self-evaluation's own rule (:func:`docreview.score.indicators.check_vague`).
"""

from __future__ import annotations

from collections import Counter

from docreview import normalize
from docreview.models import Evidence, Quantity, RuleValue
from docreview.score.engine import Engine, Row, has_any, num

_GOOD_RATE_EXCLUDE = ("增长", "增幅", "下降", "降低", "减少", "放大", "倍")


def _levels(r: Row) -> tuple[str | None, str | None]:
    claim = r.matched
    return (r.ind.level1 or (claim.level1 if claim else None), r.ind.level2 or (claim.level2 if claim else None))


def check_dimensions(eng: Engine, rows: list[Row]) -> None:
    """``missing_dimension`` per required 一级 group and per required 二级 under 产出 (module docstring)."""
    levels = [_levels(r) for r in rows]
    missing = eng.missing_dimensions(levels)
    if not any(lv1 or lv2 for lv1, lv2 in levels):
        return
    later = [g for g in eng.profile.required_level1 if g not in ("产出", "成本")]
    if later and all(g in missing for g in later):
        eng.incomplete.append(f"目标表只读到{'、'.join(g for g in ('产出', '成本') if g not in missing)}指标，"
                              f"没有{'、'.join(later)}指标：表格可能未读全（请核对是否有续页）")
        return
    present = [g for g in eng.profile.required_level1 if g not in missing]
    evidence = [e for r in rows[:1] for e in eng.policy_ev(r.ind)]
    for g in missing:
        eng.flag("missing_dimension", None, "medium", f"绩效目标缺少「{g}」一级指标",
                 key=f"target.dimension|{g}",
                 inputs={"dimension": g, "dimension_level": "一级", "required": "、".join(eng.profile.required_level1),
                         "present": "、".join(present)}, evidence=evidence)
    # the 二级 of rows whose 一级 is 产出; a table whose 二级 is 产出 itself (实施效果指标 | 产出指标 | …) has no
    # level below 产出 to check
    output = [lv2 for (lv1, lv2) in levels if lv1 and lv2 and eng.group_of(lv1) == "产出"
              and eng.group_of(lv2) == "产出" and not lv2.startswith("产出")]
    if not output or "产出" in missing:
        return  # no 二级 level stated under 产出: nothing to tell
    have = [w for w in eng.profile.required_output_level2 if any(w in lv2 for lv2 in output)]
    for w in eng.profile.required_output_level2:
        if w in have or (w == "成本" and "成本" in eng.profile.level1_keywords and "成本" not in missing
                         and "成本" in eng.profile.required_level1):
            continue
        eng.flag("missing_dimension", None, "medium", f"产出指标下缺少「{w}指标」",
                 key=f"target.dimension2|{w}",
                 inputs={"dimension": f"{w}指标", "dimension_level": "二级（产出指标下）",
                         "required": "、".join(eng.profile.required_output_level2), "present": "、".join(have)},
                 evidence=evidence)


def _is_good_rate(eng: Engine, name: str) -> bool:
    n = normalize.to_halfwidth(name)
    return has_any(eng.words.bounded_rates, n) and not has_any(eng.words.reverse, n) \
        and not has_any(_GOOD_RATE_EXCLUDE, n)


def check_target(eng: Engine, r: Row, target: Quantity | None, target_text: str, year: int | None) -> None:
    """``direction_error`` and ``implausible_target`` of one indicator's target (module docstring)."""
    if target is None or target.kind == "qualitative":
        return
    ind = r.ind
    ev = [*eng.policy_ev(ind), *eng.report_ev(r.matched, "target")]
    shown = target_text.strip() or target.text
    if target.kind == "date" and target.date is not None and year is not None and target.date.year != year:
        eng.flag("implausible_target", ind.name, "medium",
                 f"{ind.name}：完成时限{shown}不在{year}年度内（跨年项目请核对项目期）",
                 key="target.deadline", inputs={"target": shown, "problem": "deadline_outside", "budget_year": year},
                 evidence=ev)
        return
    if target.value is None:
        return
    if target.kind == "percent" and max(target.value, target.upper or 0.0) > 100 and _is_good_rate(eng, ind.name):
        eng.flag("implausible_target", ind.name, "medium", f"{ind.name}：比率目标{shown}超过100%",
                 key="target.rate_over_100", inputs={"target": shown, "problem": "rate_over_100"}, evidence=ev)
        return
    written = target.direction if target.explicit_direction else None
    if written is None or target.kind not in ("number", "percent"):
        return  # a duration's default (a time limit, or time given such as 使用年限) is too unsure to accuse
    if target.value == 0 and target.kind == "number" and written in (">=", ">"):
        eng.flag("implausible_target", ind.name, "medium", f"{ind.name}：数量或金额目标为0却以“≥”表示",
                 key="target.zero_minimum", inputs={"target": shown, "problem": "zero_minimum"}, evidence=ev)
        return
    default = normalize.resolve_direction(target.model_copy(update={"direction": None, "explicit_direction": False}),
                                          ind.name, words=eng.direction_words)
    cost_level = _cost_level(eng, r, target) if written in (">=", ">") and default != "<=" else None
    if written in (">=", ">") and (default == "<=" or cost_level is not None):
        expected = "<="
    elif written in ("<=", "<") and default == ">=" and _is_good_rate(eng, ind.name):
        expected = ">="
    else:
        return
    inputs: dict[str, RuleValue] = {"target": shown, "direction": written, "expected_direction": expected}
    if cost_level is not None:
        inputs["level"] = cost_level
    eng.flag("direction_error", ind.name, "medium",
             f"{ind.name}：目标{shown}的方向与指标性质相反（"
             + (f"{cost_level}下的成本，" if cost_level is not None else "")
             + f"应为{'上限' if expected == '<=' else '下限'}）",
             key="target.direction", inputs=inputs, evidence=ev)


# what makes a figure under 成本 one where more is better: a saving, a cut, a growth of something else
_MORE_IS_BETTER = ("节约", "节省", "节支", "下降", "降低", "减少", "压减", "压缩", "增长", "增幅", "提高", "效益",
                   "收入", "带动", "撬动", "吸引", "投入")


def _cost_level(eng: Engine, r: Row, target: Quantity) -> str | None:
    """The 成本 二级 (or 一级) a row was read under, when its figure is then a cost the target should cap: a
    number (an amount, a unit cost: ``防疫室84平米 | ≥1050元`` under 成本指标), not a rate (``资金使用率`` under
    成本 is more-is-better), and a name that does not say more is better (a reverse exception such as
    ``节约率``, a saving, a growth, an income or an investment drawn in)."""
    if target.kind != "number":
        return None
    name = normalize.to_halfwidth(r.ind.name)
    if has_any(eng.words.reverse_exceptions, name) or has_any(eng.words.growth, name) \
            or has_any(_MORE_IS_BETTER, name) or _is_good_rate(eng, name):
        return None
    lv1, lv2 = _levels(r)
    return next((lv for lv in (lv2, lv1) if lv and "成本" in lv), None)


def _target_key(q: Quantity | None, text: str) -> str | None:
    if q is not None and q.kind in ("number", "percent") and q.value is not None:
        return f"{num(q.value)}{'%' if q.kind == 'percent' else q.unit}"
    t = normalize.to_halfwidth(text).strip()
    return t or None


def check_duplicates(eng: Engine, rows: list[Row], targets: dict[str, tuple[Quantity | None, str]]) -> None:
    """``duplicate_target``: the same indicator (name key, same project) twice with different targets; more
    than ``profile.duplicate_share`` of at least four targets one identical value."""
    # the rows as the table gives them: indicators of one name were merged into one before scoring
    seen: dict[tuple[str, str | None], tuple[str, Quantity | None, list[Evidence]]] = {}
    entries = [(c.name, c.project, c.target, (c.target_text or "").strip(), eng.report_ev(c, "target"))
               for c in eng.inp.claims if c.kind == "row" and c.name] or [
        (r.ind.name, r.ind.project, *targets[r.ind.id], eng.policy_ev(r.ind)) for r in rows]
    for name, project, q, text, ev in entries:
        key = (normalize.normalize_name(name), project)
        if key not in seen:
            seen[key] = (text.strip(), q, ev)
            continue
        text0, q0, ev0 = seen[key]
        same = eng.same_value(q0, q) if q0 is not None and q is not None else None
        if same is False or (same is None and text0 != text.strip()):
            eng.flag("duplicate_target", name, "low",
                     f"{name}：同一指标出现两次，目标分别为{text0}和{text.strip()}",
                     key="target.duplicate_indicator",
                     inputs={"target": text0, "other_target": text.strip()}, evidence=[*ev0, *ev])
    keys = [k for r in rows if (k := _target_key(*targets[r.ind.id])) is not None]
    if len(keys) < 4:
        return
    value, count = Counter(keys).most_common(1)[0]
    share = count / len(keys)
    if share > eng.profile.duplicate_share:
        alike = [r for r in rows if _target_key(*targets[r.ind.id]) == value]
        eng.flag("duplicate_target", None, "low",
                 f"{len(keys)}项指标中有{count}项的目标值都是{value}",
                 key="target.identical_values",
                 inputs={"value": value, "count": len(keys), "share": round(share, 4)},
                 evidence=[e for r in alike[:6] for e in eng.policy_ev(r.ind)])
