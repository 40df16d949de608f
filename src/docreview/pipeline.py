"""Compose the stages into one review: ingest → extract → index → match → score → explain."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from docreview import extract, ingest
from docreview.models import (
    FLAG_ZH,
    SEVERITY_ORDER,
    SEVERITY_ZH,
    Claim,
    Document,
    Flag,
    Indicator,
    PolicyExtraction,
    ReportExtraction,
    Review,
    ScoringInput,
)
from docreview.normalize import format_quantity, normalize_name
from docreview.settings import Settings

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total); stages: ingest, extract, index, match, score, explain."""

STAGES = ("ingest", "extract", "index", "match", "score", "explain")


def _noop(stage: str, done: int, total: int) -> None:
    return None


def run_review(
    policy_paths: Sequence[str | Path],
    report_paths: Sequence[str | Path],
    *,
    settings: Settings,
    profile: str | None = None,
    progress: Progress | None = None,
    explain: bool = True,
    retrieval_mode: str | None = None,
) -> Review:
    """Review ``report_paths`` against the indicators of ``policy_paths`` (or the reports' own targets).

    Raises ``DocumentError`` (naming the file) when an input cannot be read.
    """
    from docreview import match, retrieve, score

    report = progress or _noop
    timings: dict[str, float] = {}
    if not report_paths:
        from docreview.errors import ConfigError

        raise ConfigError("至少需要一个报告文件 / at least one report file is required")

    prof = score.load_profile(profile or settings.scoring.profile, settings)  # fail fast on a bad name
    t0 = time.perf_counter()
    paths = [Path(p) for p in [*policy_paths, *report_paths]]
    docs: list[Document] = []
    for i, path in enumerate(paths):
        docs.append(ingest.read(path, settings=settings.ingest))
        report("ingest", i + 1, len(paths))
    policy_docs, report_docs = docs[: len(policy_paths)], docs[len(policy_paths):]
    timings["ingest"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    policy_x: list[PolicyExtraction] = [extract.extract_policy(d) for d in policy_docs]
    report_x: list[ReportExtraction] = []
    for i, d in enumerate(report_docs):
        report_x.append(extract.extract_report(d))
        report("extract", i + 1, len(report_docs))
    has_policy = any(px.indicators for px in policy_x)
    if has_policy:
        indicators = _dedupe_indicators([i for px in policy_x for i in px.indicators])
    else:
        indicators = _dedupe_indicators([i for rx in report_x for i in extract.indicators_from_report(rx)])
    claims: list[Claim] = [c for rx in report_x for c in rx.claims]
    timings["extract"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    mode = retrieval_mode or settings.retrieval.mode
    if mode != settings.retrieval.mode:
        settings = settings.model_copy(
            update={"retrieval": settings.retrieval.model_copy(update={"mode": mode})})
    embedder = retrieve.get_embedder(settings.retrieval.embedder, settings.retrieval)
    namespace = retrieve.namespace_for(report_docs)
    index = retrieve.PassageIndex(settings, embedder, namespace=namespace,
                                  terms=[i.name for i in indicators], lazy=True)
    try:
        passages = [p for d, rx in zip(report_docs, report_x, strict=True)
                    for p in retrieve.passages_from_report(d, rx, chunk_chars=settings.retrieval.chunk_chars)]
        index.add(passages, defer_vectors=True)
        report("index", 1, 1)
        timings["index"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        matches = match.match_indicators(indicators, claims, index, settings)
        report("match", 1, 1)
        timings["match"] = time.perf_counter() - t0
    finally:
        index.close()

    t0 = time.perf_counter()
    result = score.score_review(
        ScoringInput(
            indicators=indicators,
            claims=claims,
            matches=matches,
            budget=[b for rx in report_x for b in rx.budget],
            totals=[t for rx in report_x for t in rx.totals],
            column_totals=[t for rx in report_x for t in rx.column_totals],
            has_policy=has_policy,
        ),
        prof,
    )
    report("score", 1, 1)
    timings["score"] = time.perf_counter() - t0

    review = Review(
        id=uuid.uuid4().hex[:12],
        created=dt.datetime.now(dt.UTC),
        profile=prof.name,
        policy_files=[d.name for d in policy_docs],
        report_files=[d.name for d in report_docs],
        indicators=indicators,
        claims=claims,
        budget=[b for rx in report_x for b in rx.budget],
        totals=[t for rx in report_x for t in rx.totals],
        matches=matches,
        results=result.results,
        flags=result.flags,
        score=result.score,
        unmatched_claims=match.unmatched_claims(claims, matches),
        unparsed=[u for px in policy_x for u in px.unparsed] + [u for rx in report_x for u in rx.unparsed],
        warnings=[f"{d.name}: {w}" for d in docs for w in d.warnings],
        timings=timings,
    )
    if explain:
        t0 = time.perf_counter()
        from docreview import explain as explain_mod

        review.explanations = explain_mod.explain_flags(review, settings, progress=report)
        timings["explain"] = time.perf_counter() - t0
    return review


def _dedupe_indicators(indicators: list[Indicator]) -> list[Indicator]:
    """One indicator per name: a policy may repeat its table, and its prose often restates a table row
    (`完成新改建农村公路120公里以上` beside the row `新改建农村公路里程 ≥120公里`).  Table rows win over prose;
    a prose indicator is dropped when its name equals, contains or is contained in a kept name."""
    table = [i for i in indicators if i.span.row is not None]
    prose = [i for i in indicators if i.span.row is None]
    kept: list[Indicator] = []
    keys: list[str] = []
    for ind in table + prose:
        key = normalize_name(ind.name)
        from_prose = ind.span.row is None
        if any(key == k or (from_prose and (key in k or k in key)) for k in keys):
            continue
        keys.append(key)
        kept.append(ind)
    order = {i.id: n for n, i in enumerate(indicators)}
    return sorted(kept, key=lambda i: order[i.id])


# --------------------------------------------------------------------------- output


def _target_text(ind: Indicator) -> str:
    if ind.target is not None and ind.target.kind != "qualitative":
        return format_quantity(ind.target)
    return ind.target_text


def actual_value(claim: Claim) -> str:
    """The report's figure in Arabic numerals with the unit the report used (``345人次``)."""
    if claim.actual is not None and claim.actual.kind != "qualitative":
        return format_quantity(claim.actual)
    return (claim.actual_text or "").strip()


def _evidence_json(flag: Flag) -> list[dict[str, Any]]:
    return [e.model_dump(mode="json") for e in flag.evidence]


def review_to_json(review: Review) -> dict[str, Any]:
    """The review as the JSON external tools and the eval read (keys fixed by the review-engine issue)."""
    claims = {c.id: c for c in review.claims}
    names = {i.id: i.name for i in review.indicators}
    actuals = []
    for m in review.matches:
        c = claims.get(m.claim_id or "")
        if c is None:
            continue
        value = actual_value(c)
        if value:
            actuals.append({"indicator": names.get(m.indicator_id, ""), "value": value, "claim": c.id})
    explanations = {e.flag_id: e for e in review.explanations}
    return {
        "id": review.id,
        "created": review.created.isoformat(),
        "profile": review.profile,
        "policy_files": review.policy_files,
        "report_files": review.report_files,
        "indicators": [
            {
                "id": i.id,
                "name": i.name,
                "level1": i.level1,
                "level2": i.level2,
                "target": _target_text(i),
                "unit": i.unit,
                "direction": i.direction,
                "weight": i.weight,
                "source": i.source,
            }
            for i in review.indicators
        ],
        "actuals": actuals,
        "flags": [
            {
                "id": f.id,
                "type": f.type,
                "indicator": f.indicator,
                "severity": f.severity,
                "message": f.message,
                "inputs": f.inputs,
                "evidence": _evidence_json(f),
                "searched": [h.model_dump(mode="json") for h in f.searched],
                "explanation": explanations[f.id].model_dump(mode="json") if f.id in explanations else None,
            }
            for f in review.flags
        ],
        "score": review.score.model_dump(mode="json"),
        "results": [r.model_dump(mode="json") for r in review.results],
        "matches": [m.model_dump(mode="json", exclude={"searched"}) for m in review.matches],
        "unmatched_claims": review.unmatched_claims,
        "unparsed": [u.model_dump(mode="json") for u in review.unparsed],
        "warnings": review.warnings,
        "timings": review.timings,
    }




def render_markdown(review: Review) -> str:
    """The review report (审核意见) as Markdown."""
    s = review.score
    lines = [
        "# 绩效自评审核意见",
        "",
        f"- 审核编号：{review.id}",
        f"- 生成时间：{review.created:%Y-%m-%d %H:%M} (UTC)",
        f"- 评分方案：{review.profile}",
        f"- 政策文件：{'、'.join(review.policy_files) or '（无，以报告自身目标值为准）'}",
        f"- 报告文件：{'、'.join(review.report_files)}",
        "",
        "## 一、评分结果",
        "",
        "| 项目 | 数值 |",
        "|---|---|",
        f"| 规则计算总分 | {s.computed_total:.2f} |",
        f"| 单位自评总分 | {'' if s.self_total is None else f'{s.self_total:.2f}'} |",
        f"| 评级 | {s.rating} |",
        f"| 预算执行率 | {'' if s.execution_rate is None else f'{s.execution_rate * 100:.2f}%'} |",
        f"| 预算执行得分 | {'' if s.budget_score is None else f'{s.budget_score:.2f}'} / {s.budget_weight:g} |",
        "",
        f"## 二、发现的问题（共 {len(review.flags)} 项）",
        "",
    ]
    if not review.flags:
        lines.append("未发现需要关注的问题。")
    explanations = {e.flag_id: e for e in review.explanations}
    for n, f in enumerate(sorted(review.flags, key=lambda f: SEVERITY_ORDER[f.severity]), start=1):
        lines.append(f"### {n}. 【{SEVERITY_ZH[f.severity]}】{FLAG_ZH[f.type]}（{f.type}）{f.indicator or ''}")
        lines.append("")
        lines.append(f.message)
        lines.append("")
        for e in f.evidence:
            side = "政策依据" if e.side == "policy" else "报告原文"
            lines.append(f"- {side}（{e.where()}）：「{e.quote}」")
        if f.searched:
            lines.append("- 已检索的最接近段落：")
            for h in f.searched[:3]:
                lines.append(f"  - ({h.score:.3f}) {h.text[:80]}")
        ex = explanations.get(f.id)
        if ex is not None:
            src = "规则说明" if ex.source == "rule" else f"模型说明（{ex.model}）"
            body = ex.text.strip().replace("\n", "\n  ")
            lines.append(f"- {src}：\n  {body}")
        lines.append("")
    lines += ["## 三、指标明细", "", "| 指标 | 目标 | 实际 | 分值 | 规则得分 | 自评得分 | 状态 |",
              "|---|---|---|---|---|---|---|"]
    claims = {c.id: c for c in review.claims}
    inds = {i.id: i for i in review.indicators}
    for r in review.results:
        ind = inds.get(r.indicator_id)
        claim = claims.get(r.claim_id or "")
        lines.append(
            f"| {r.name} | {_target_text(ind) if ind else ''} | {actual_value(claim) if claim else ''} | "
            f"{r.weight:g} | {'' if r.rule_score is None else f'{r.rule_score:.2f}'} | "
            f"{'' if r.self_score is None else f'{r.self_score:g}'} | {r.status} |")
    if review.unparsed:
        lines += ["", f"## 四、未能识别的内容（{len(review.unparsed)} 处）", ""]
        for u in review.unparsed[:50]:
            lines.append(f"- {u.span.where()}：{u.text[:80]}（{u.reason}）")
    lines.append("")
    lines.append("> 本意见由规则自动生成，问题是否成立由审核人员判断。")
    return "\n".join(lines) + "\n"
