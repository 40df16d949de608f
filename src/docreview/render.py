"""Render a finished review for people and tools: the JSON that external tools and the eval read, and the
审核意见 Markdown report.  Rendering only: no stage runs here."""

from __future__ import annotations

import html
import re
from typing import Any

from docreview.explain import advisory_lines
from docreview.models import (
    FLAG_ZH,
    SEVERITY_ORDER,
    SEVERITY_ZH,
    Claim,
    Flag,
    Indicator,
    Review,
)
from docreview.normalize import find_quantities, format_quantity


def _target_text(ind: Indicator) -> str:
    if ind.target is not None and ind.target.kind != "qualitative":
        return format_quantity(ind.target)
    return ind.target_text


def actual_value(claim: Claim) -> str:
    """The report's figure in Arabic numerals with the unit the report used (``345人次``); a cell that holds
    several figures (``签约率提高1%体检率下降1%``, of which the scorer compares one) as written."""
    text = (claim.actual_text or "").strip()
    if claim.kind == "prose" and re.fullmatch(r"0+(?:\.0+)?", text):  # `全年实际完成值为0` (100% target): as written
        return text
    if claim.actual is not None and claim.actual.kind != "qualitative" and len(find_quantities(text)) <= 1:
        return format_quantity(claim.actual)
    return text or (format_quantity(claim.actual) if claim.actual is not None else "")


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
        "reading_incomplete": reading_warnings(review),  # first: a review that was not scored says so
        "id": review.id,
        "created": review.created.isoformat(),
        "profile": review.profile,
        "policy_files": review.policy_files,
        "report_files": review.report_files,
        "kind": None if review.kind is None else {**review.kind.model_dump(), "kind_zh": review.kind.kind_zh},
        "period": None if review.period is None else review.period.model_dump(exclude={"span"}),
        "year": review.year,
        "history_files": review.history_files,
        "baseline": [b.model_dump(mode="json", exclude={"span"}) for b in review.baseline],
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
                "table_kind": i.table_kind,
                "project": i.project,
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
        "reading": review.reading.model_dump(mode="json") if review.reading is not None else None,
        "timings": review.timings,
    }




def md_text(text: object) -> str:
    """Document- or user-supplied text (file and unit names, quotes, messages, model text) for the Markdown report:
    ``&``, ``<`` and ``>`` become entities and link brackets are escaped, so a ``<script>``, an ``<img onerror>`` or
    a ``[link](http://…)`` in a document shows as typed in any Markdown viewer and never becomes HTML or a link."""
    escaped = html.escape("" if text is None else str(text), quote=False)
    return escaped.replace("[", "\\[").replace("]", "\\]")


def _md_cell(text: object) -> str:
    """``md_text`` for a table cell: a ``|`` would end the cell, a line break the row."""
    return " ".join(md_text(text).replace("|", "\\|").split("\n"))


def render_markdown(review: Review) -> str:
    """The review report (审核意见) as Markdown; every piece of text that came from a document, a file name or
    a model is escaped (``md_text``)."""
    s = review.score
    title = {"target": "绩效目标审核意见", "policy": "绩效目标审核意见", "monitor": "绩效运行监控审核意见",
             "evaluation": "绩效评价报告审核意见"}.get(review.doc_kind, "绩效自评审核意见")
    lines = [
        f"# {title}",
        "",
        *[f"- {md_text(line)}" for line in kind_lines(review)],
        f"- 审核编号：{md_text(review.id)}",
        f"- 生成时间：{review.created:%Y-%m-%d %H:%M} (UTC)",
        f"- 评分方案：{md_text(review.profile)}",
        f"- 政策文件：{md_text('、'.join(review.policy_files)) or '（无，以报告自身目标值为准）'}",
        f"- 报告文件：{md_text('、'.join(review.report_files))}",
        "",
        *[f"> ⚠ {md_text(w)}" for w in reading_warnings(review)],
        "",
        "## 一、评分结果",
        "",
        "| 项目 | 数值 |",
        "|---|---|",
        f"| 规则计算总分 | {s.total_text} |",
        f"| 单位自评总分 | {'' if s.self_total is None else f'{s.self_total:.2f}'} |",
        f"| 评级 | {s.rating_text} |",
        f"| 预算执行率 | {'' if s.execution_rate is None else f'{s.execution_rate * 100:.2f}%'} |",
        f"| 预算执行得分 | {'' if s.budget_score is None else f'{s.budget_score:.2f}'} / {s.budget_weight:g} |",
        "",
        f"## 二、发现的问题（共 {len(review.flags)} 项）",
        "",
    ]
    if not review.flags:
        lines.append("未发现需要关注的问题。" if not reading_warnings(review) else
                     "未发现问题，但文件未能完整读取：没有问题不代表文件合格，请人工核对。")
    explanations = {e.flag_id: e for e in review.explanations}
    for n, f in enumerate(sorted(review.flags, key=lambda f: SEVERITY_ORDER[f.severity]), start=1):
        lines.append(f"### {n}. 【{SEVERITY_ZH[f.severity]}】{FLAG_ZH[f.type]}（{f.type}）{md_text(f.indicator or '')}")
        lines.append("")
        lines.append(md_text(f.message))
        lines.append("")
        for e in f.evidence:
            side = "政策依据" if e.side == "policy" else "报告原文"
            lines.append(f"- {side}（{md_text(e.where())}）：「{md_text(e.quote)}」")
        if f.searched:
            lines.append("- 已检索的最接近段落：")
            for h in f.searched[:3]:
                lines.append(f"  - ({h.score:.3f}) {md_text(h.text[:80])}")
        ex = explanations.get(f.id)
        if ex is not None:
            src = "规则说明" if ex.source == "rule" else f"模型说明（{md_text(ex.model)}）"
            body = md_text(ex.text.strip()).replace("\n", "\n  ")
            lines.append(f"- {src}：\n  {body}")
            advice = advisory_lines(ex)  # a model opinion, labelled as such, never a rule finding
            if advice:
                lines.append(f"- {md_text(advice[0])}：")
                lines += [f"  - {md_text(a)}" for a in advice[1:]]
        lines.append("")
    if review.reading is not None:
        lines += ["## 读取情况", "", *[md_text(line) for line in reading_lines(review)], ""]
    lines += ["## 三、指标明细", "", "| 指标 | 目标 | 实际 | 分值 | 规则得分 | 自评得分 | 状态 |",
              "|---|---|---|---|---|---|---|"]
    claims = {c.id: c for c in review.claims}
    inds = {i.id: i for i in review.indicators}
    for r in review.results:
        ind = inds.get(r.indicator_id)
        claim = claims.get(r.claim_id or "")
        lines.append(
            f"| {_md_cell(r.name)} | {_md_cell(_target_text(ind)) if ind else ''} | "
            f"{_md_cell(actual_value(claim)) if claim else ''} | "
            f"{r.weight:g} | {'' if r.rule_score is None else f'{r.rule_score:.2f}'} | "
            f"{'' if r.self_score is None else f'{r.self_score:g}'} | {r.status} |")
    if review.unparsed:
        lines += ["", f"## 四、未能识别的内容（{len(review.unparsed)} 处）", ""]
        for u in review.unparsed[:50]:
            lines.append(f"- {md_text(u.span.where())}：{md_text(u.text[:80])}（{md_text(u.reason)}）")
    lines.append("")
    lines.append("> 本意见由规则自动生成，问题是否成立由审核人员判断。")
    return "\n".join(lines) + "\n"


def reading_warnings(review: Review) -> list[str]:
    """What reviewers must read first: the review was not scored, and why (``reading_incomplete``), and what
    was not read whole."""
    reading, score = review.reading, review.score
    out: list[str] = []
    if score.not_rated:
        out.append(score.not_rated)
    problems = [p for p in (reading.problems if reading is not None else []) if p not in (score.not_rated or "")]
    if problems:
        out.append("读取不完整 / reading incomplete：" + "；".join(problems))
    return out


def kind_lines(review: Review) -> list[str]:
    """What kind of document was reviewed and why, its period and 序时进度 (monitoring), its year and the
    earlier documents it was compared with (domain.md §7)."""
    lines: list[str] = []
    if review.kind is not None:
        lines.append(f"文件类型：{review.kind.kind_zh}（{review.kind.reason}）")
    if review.period is not None:
        basis = "评分方案节点" if review.period.basis == "checkpoint" else "时间进度"
        lines.append(f"监控期间：{review.period.text}，序时进度{review.period.schedule * 100:.1f}%（按{basis}）")
    if review.year is not None:
        lines.append(f"预算年度：{review.year}年")
    if review.history_files:
        lines.append(f"上年文件：{'、'.join(review.history_files)}（读出{len(review.baseline)}项指标作为对照）")
    return lines


def reading_lines(review: Review) -> list[str]:
    """The reading summary as Markdown bullets: tables by kind, rows and columns read, prose sentences."""
    reading = review.reading
    if reading is None:
        return []
    kinds = {"indicator": "指标表", "target": "目标表", "rubric": "评分表", "budget": "预算表",
             "key_value_budget": "预算键值行", "detail": "明细表", "basic_info": "基本信息表", "unknown": "未识别表格"}
    by_kind = "、".join(f"{kinds.get(k, k)}{n}个" for k, n in reading.tables_by_kind().items()) or "无"
    lines = [f"- 表格：{by_kind}",
             f"- 读出指标 {reading.indicators} 个，其中有实际完成值 {reading.actuals} 个；预算行 {reading.budget_lines} 行",
             f"- 正文中含数字的句子 {reading.prose_numbers} 句，读出 {reading.prose_read} 句"]
    for t in reading.tables:
        cols = "，".join(f"{c.header or '（空）'}→{c.role}" for c in t.columns if c.role != "ignore")
        head = f"- {t.where()}（{kinds.get(t.kind, t.kind)}）：读出 {t.rows_read}/{t.rows} 行"
        lines.append(head + (f"；列：{cols}" if cols else ""))
    return lines
