"""History (domain.md §7.4): this year's indicators against what an earlier year's document of the same unit
reported.

- :func:`baseline_from_review` — the indicators of an earlier review as a baseline (target, actual, self
  score, missed or not);
- :func:`check_baseline` — ``target_below_baseline`` (this year's target below last year's actual, direction
  aware: a ``≤`` cost target above last year's actual is below the baseline too) and ``repeated_miss`` (missed
  this year and last year).

Indicators are linked by name key (``normalize.normalize_name``; equal, else one containing the other when
the shorter has at least four characters) and project when both name one.
"""

from __future__ import annotations

from docreview import normalize
from docreview.models import BaselineIndicator, Quantity, Review
from docreview.score.engine import Engine, Row, span_evidence


def baseline_from_review(review: Review) -> list[BaselineIndicator]:
    """The indicators of ``review`` (an earlier year's) with their target, actual and whether they were missed."""
    claims = {c.id: c for c in review.claims}
    indicators = {i.id: i for i in review.indicators}
    out: list[BaselineIndicator] = []
    for res in review.results:
        ind = indicators.get(res.indicator_id)
        if ind is None:
            continue
        claim = claims.get(res.claim_id or "")
        missed = {"missed": True, "met": False}.get(res.status)
        if res.status == "qualitative" and res.rule_score is not None and res.weight:
            missed = res.rule_score < res.weight * 0.8 - 1e-9
        actual_text = (claim.actual_text or (claim.actual.text if claim.actual else "")) if claim else ""
        out.append(BaselineIndicator(
            name=ind.name, file=(claim.span.file if claim else ind.span.file), year=review.year,
            target=ind.target, target_text=ind.target_text, actual=res.actual, actual_text=(actual_text or "").strip(),
            self_score=res.self_score, missed=missed, project=ind.project,
            span=(claim.actual_span or claim.span) if claim else None))
    return out


def _key(name: str) -> str:
    return normalize.normalize_name(name)


def _linked(eng: Engine, r: Row) -> BaselineIndicator | None:
    key = _key(r.ind.name)
    same_project = [b for b in eng.inp.baseline
                    if not (b.project and r.ind.project) or b.project == r.ind.project]
    exact = [b for b in same_project if _key(b.name) == key]
    if exact:
        return exact[0]
    close = [b for b in same_project if min(len(key), len(_key(b.name))) >= 4
             and (key in _key(b.name) or _key(b.name) in key)]
    return close[0] if len(close) == 1 else None


def _year_text(b: BaselineIndicator) -> str:
    return str(b.year) if b.year else ""


def check_baseline(eng: Engine, rows: list[Row]) -> None:
    """``target_below_baseline`` and ``repeated_miss`` for every indicator linked to the baseline."""
    if not eng.inp.baseline:
        return
    for r in rows:
        b = _linked(eng, r)
        if b is None:
            continue
        target, target_text, _ = eng.target_of(r.ind, r.matched)
        _below(eng, r, b, target, target_text)
        if r.result is not None and r.result.status == "missed" and b.missed:
            eng.flag("repeated_miss", r.ind.name, "low",
                     f"{r.ind.name}：本年未完成目标，{_year_text(b) or '上'}年（{b.file}）同样未完成"
                     f"（目标{b.target_text or '—'}，实际{b.actual_text or '—'}）",
                     key="history.repeated_miss",
                     inputs={"target": target_text.strip(), "actual": eng.actual_of(r.actual_claim)[1],
                             "baseline_target": b.target_text, "baseline_actual": b.actual_text,
                             "baseline_year": b.year, "baseline_file": b.file},
                     evidence=[*eng.report_ev(r.actual_claim, "actual"), *span_evidence("report", b.span)])


def _below(eng: Engine, r: Row, b: BaselineIndicator, target: Quantity | None, target_text: str) -> None:
    actual = b.actual
    if target is None or actual is None or target.value is None or actual.value is None:
        return
    if target.kind not in ("number", "percent") or actual.kind != target.kind:
        return
    direction = eng.direction_of(target, r.ind.name, r.ind)
    last = eng.convert(actual.value, actual.unit, target.unit)
    if last is None or direction not in (">=", ">", "<=", "<") or eng.same_value(target, actual):
        return
    below = target.value < last if direction in (">=", ">") else target.value > last
    if not below:
        return
    shown = target_text.strip() or target.text
    eng.flag("target_below_baseline", r.ind.name, "medium",
             f"{r.ind.name}：本年目标{shown}{'低于' if direction in ('>=', '>') else '高于'}"
             f"{_year_text(b) or '上'}年实际完成值{b.actual_text}",
             key="history.below_baseline",
             inputs={"target": shown, "baseline_actual": b.actual_text, "baseline_year": b.year,
                     "baseline_file": b.file, "direction": direction},
             evidence=[*eng.policy_ev(r.ind), *eng.report_ev(r.matched, "target"), *span_evidence("report", b.span)])
