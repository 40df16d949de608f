"""Weights: the budget execution weight and each indicator's share of its 一级 group.

A form weight wins; indicators without one share what their group has left (a stated 一级 weight is final);
a group with no indicator hands its weight to its fallback, else to indicators with no known 一级, else
proportionally to the open groups.  Not applicable indicators (不适用, 不涉及) are then dropped and the
others rescaled, or kept at weight and scored 0, as the profile's ``not_applicable`` says.
"""

from __future__ import annotations

from docreview.score.engine import Engine, Row, has_any


def budget_weight(eng: Engine, rows: list[Row] | None = None) -> tuple[float, bool]:
    """Budget execution weight and whether the form stated it (分值 on a budget line, or a heading such
    as ``预算执行情况(20分)``).  A form whose indicator 分值 alone already add up to 100 leaves the budget no
    weight (its total is out of 100 without it; xa02, 四川 普惠金融 自评表)."""
    if eng.profile.form_weights_win:
        for line in eng.budget_order():
            if line.weight is not None:
                return line.weight, True
        for t in eng.inp.totals:
            if t.kind == "level1_weight" and has_any(eng.words.budget_weight_labels, f"{t.level1 or ''}{t.label}"):
                return t.value, True
        forms = [r.form_weight for r in rows or []]
        if forms and all(w is not None for w in forms) \
                and abs(sum(w or 0.0 for w in forms) - 100) <= eng.profile.arithmetic_tolerance:
            return 0.0, False
    return eng.profile.budget_weight, False


def assign_weights(eng: Engine, rows: list[Row], budget_weight: float) -> None:
    """Set ``weight`` and ``weight_source`` of every row: the form's 分值, else a share of its group."""
    stated: dict[str, float] = {}
    for t in eng.inp.totals:
        if t.kind == "level1_weight":
            grp = eng.group_of(t.level1, t.label)
            if grp is not None and grp not in stated:
                stated[grp] = t.value
    configured = dict(eng.profile.level1_weights)
    target_total = 100.0 - budget_weight
    total_cfg = sum(configured.values())
    if total_cfg > 0 and abs(total_cfg - target_total) > 1e-9:
        configured = {g: v * target_total / total_cfg for g, v in configured.items()}
    configured.update(stated)

    present = {r.level1_group for r in rows if r.level1_group is not None}
    group_weight = {g: configured.get(g, 0.0) for g in present}
    pending = 0.0
    for g, v in configured.items():
        if g in present:
            continue
        dst = eng.profile.weight_fallback.get(g)
        if dst is not None and dst in present and dst not in stated:  # a stated 一级 weight is final
            group_weight[dst] += v
        else:
            pending += v
    unknown = [r for r in rows if r.level1_group is None]
    if pending > 0:
        if unknown:
            pass
        else:  # spread over the groups present, but a 一级 weight the form states is final
            open_groups = [g for g in group_weight if g not in stated]
            base = sum(group_weight[g] for g in open_groups)
            for g in open_groups:
                group_weight[g] += pending * (group_weight[g] / base if base else 1 / len(open_groups))
            pending = 0.0

    for r in rows:
        fw = r.form_weight if eng.profile.form_weights_win else None
        if fw is not None:
            r.weight, r.weight_source = fw, "form"
    buckets: dict[str | None, list[Row]] = {}
    for r in rows:
        buckets.setdefault(r.level1_group, []).append(r)
    for bucket, members in buckets.items():
        free = [r for r in members if r.weight_source != "form"]
        if not free:
            continue
        budget = group_weight.get(bucket, 0.0) if bucket is not None else pending
        used = sum(r.weight for r in members if r.weight_source == "form")
        share = max(0.0, budget - used) / len(free)
        for r in free:
            r.weight = share
    drop_not_applicable(eng, rows)


def drop_not_applicable(eng: Engine, rows: list[Row]) -> None:
    """Not applicable indicators (不适用, 不涉及) under ``not_applicable: exclude_and_rescale``: their weight
    goes to 0 and the others are rescaled to the same total (a form of 90 indicator points stays out of 90, so
    the review stays out of 100); under ``zero`` they keep their weight and score 0."""
    if eng.profile.not_applicable != "exclude_and_rescale":
        return
    total = sum(r.weight for r in rows)
    live = sum(r.weight for r in rows if r.not_applicable is None)
    if live <= 0 or live >= total:
        return
    for r in rows:
        if r.not_applicable is not None:
            r.weight = 0.0
        else:
            r.scale = total / live
            r.weight *= r.scale
