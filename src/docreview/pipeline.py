"""Compose the stages into one review: ingest → extract → index → match → score → explain."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from docreview import extract, ingest
from docreview.models import (
    DOC_KINDS,
    BaselineIndicator,
    Claim,
    Document,
    KindDecision,
    PolicyExtraction,
    ReportExtraction,
    Review,
    ScoringInput,
)
from docreview.settings import Settings

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total); stages: ingest, extract, index, match, score, explain; within ingest, ``ocr``
(pages of a scan read so far, of the pages it needs OCR for; ``done=0`` when OCR of a file starts)."""

STAGES = ("ingest", "extract", "index", "match", "score", "explain")


def _noop(stage: str, done: int, total: int) -> None:
    return None


def detect_kind(paths: Sequence[str | Path], settings: Settings) -> KindDecision:
    """The document kind ``run_review`` would detect for ``paths`` read as reports, with its reason
    (domain.md §7.1), without reviewing them: what the upload page shows before a reviewer confirms or
    overrides it.  Raises ``DocumentError`` (naming the file) when a file cannot be read."""
    decisions: list[tuple[str, KindDecision]] = []
    for path in paths:
        doc, rx = ingest.read_then(Path(path), extract.extract_report, settings=settings.ingest)
        decisions.append((doc.name, extract.document_kind(doc, rx)))
    return extract.combine_kinds(decisions)


def _with_deadline(report: Progress, seconds: float, files: list[str]) -> Progress:
    """``report`` that first raises ``ReviewTimeout`` (naming the files) once ``seconds`` have passed."""
    from docreview.errors import ReviewTimeout

    end = time.monotonic() + seconds

    def checked(stage: str, done: int, total: int) -> None:
        if time.monotonic() > end:
            names = "、".join(Path(f).name for f in files)
            raise ReviewTimeout(files[0], f"{stage} 阶段超过 {seconds:g} 秒（{names}） / over {seconds:g} s at {stage}")
        report(stage, done, total)

    return checked


def _extract_report_timed(doc: Document) -> tuple[ReportExtraction, float]:
    """``extract_report`` and its time, run in the parsing worker (``ingest.read_then``)."""
    t0 = time.perf_counter()
    rx = extract.extract_report(doc)
    return rx, time.perf_counter() - t0


def _extract_policy_timed(doc: Document) -> tuple[PolicyExtraction, float]:
    """``extract_policy`` and its time, run in the parsing worker (``ingest.read_then``)."""
    t0 = time.perf_counter()
    px = extract.extract_policy(doc)
    return px, time.perf_counter() - t0


def run_review(
    policy_paths: Sequence[str | Path],
    report_paths: Sequence[str | Path],
    *,
    settings: Settings,
    profile: str | None = None,
    progress: Progress | None = None,
    explain: bool = True,
    retrieval_mode: str | None = None,
    kind: str | None = None,
    history_paths: Sequence[str | Path] = (),
    baseline: Sequence[BaselineIndicator] = (),
) -> Review:
    """Review ``report_paths`` against the indicators of ``policy_paths`` (or the reports' own targets).

    ``kind`` overrides the detected document kind (domain.md §7.1: which rules run); ``history_paths`` are
    earlier-year documents of the same unit, reviewed first and used as the baseline (§7.4); ``baseline`` adds
    indicators of stored earlier reviews (``score.baseline_from_review``) to it.

    Raises ``DocumentError`` (naming the file) when an input cannot be read, ``ConfigError`` for an unknown
    kind.
    """
    from docreview import match, retrieve, score

    report = progress or _noop
    timings: dict[str, float] = {}
    if not report_paths:
        from docreview.errors import ConfigError

        raise ConfigError("至少需要一个报告文件 / at least one report file is required")

    prof = score.load_profile(profile or settings.scoring.profile, settings)  # fail fast on a bad name
    if kind is not None and kind not in DOC_KINDS:
        from docreview.errors import ConfigError

        raise ConfigError(f"未知的文件类型 {kind!r}（可选：{'、'.join(DOC_KINDS)}） / unknown document kind {kind!r}")
    t0 = time.perf_counter()
    docs: list[Document] = []

    def ocr_progress(done: int, total: int, _seconds: float) -> None:
        report("ocr", done, total)

    # Each file is read and extracted in the bounded parsing worker (deadline, memory ceiling): extraction
    # is per document and follows the document's structure, so it is bounded the way a parser is.
    extract_s = 0.0
    policy_x: list[PolicyExtraction] = []
    for i, path in enumerate(policy_paths):
        doc, (px, seconds) = ingest.read_then(Path(path), _extract_policy_timed, settings=settings.ingest,
                                              progress=ocr_progress)
        docs.append(doc)
        policy_x.append(px)
        extract_s += seconds
        report("ingest", i + 1, len(policy_paths) + len(report_paths))
    report_x: list[ReportExtraction] = []
    for i, path in enumerate(report_paths):
        doc, (rx, seconds) = ingest.read_then(Path(path), _extract_report_timed, settings=settings.ingest,
                                              progress=ocr_progress)
        docs.append(doc)
        report_x.append(rx)
        extract_s += seconds
        report("ingest", len(policy_paths) + i + 1, len(policy_paths) + len(report_paths))
        report("extract", i + 1, len(report_paths))
    policy_docs, report_docs = docs[: len(policy_paths)], docs[len(policy_paths):]
    timings["ingest"] = time.perf_counter() - t0 - extract_s
    # From here on the work is on the extracted indicators and claims, in this process: it is bounded by a
    # deadline checked at every progress report (per indicator matched, per flag explained) and between stages.
    report = _with_deadline(report, settings.review_deadline_s, [str(p) for p in report_paths])

    t0 = time.perf_counter() - extract_s  # the extraction done in the workers counts as this stage
    has_policy = any(px.indicators for px in policy_x)
    if has_policy:
        indicators = extract.merge_indicators([i for px in policy_x for i in px.indicators])
    else:
        indicators = extract.merge_indicators([i for rx in report_x for i in extract.indicators_from_report(rx)])
    claims: list[Claim] = [c for rx in report_x for c in rx.claims]
    decision = extract.combine_kinds([(d.name, extract.document_kind(d, rx))
                                      for d, rx in zip(report_docs, report_x, strict=True)])
    if kind is not None and kind != decision.kind:
        decision = KindDecision(kind=kind, reason=f"审核人指定（检测结果：{decision.kind_zh}，{decision.reason}）",  # type: ignore[arg-type]
                                overridden=True)
    period = next((rx.period for rx in report_x if rx.period is not None), None)
    if period is not None:
        share, basis = prof.schedule(period.months)
        period = period.model_copy(update={"schedule": round(share, 4), "basis": basis})
    year = next((rx.year for rx in report_x if rx.year is not None), None)
    timings["extract"] = time.perf_counter() - t0

    known: list[BaselineIndicator] = list(baseline)
    for h in history_paths:  # an earlier year of the same unit: reviewed on its own, read as a baseline
        earlier = run_review([], [h], settings=settings, profile=prof.name, explain=False,
                             retrieval_mode=retrieval_mode)
        known += score.baseline_from_review(earlier)

    report("index", 0, 1)
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
        matches = match.match_indicators(indicators, claims, index, settings,
                                         progress=lambda done, total: report("match", done, total))
        timings["match"] = time.perf_counter() - t0
    finally:
        index.close()

    claims_by_id = {c.id: c for c in claims}
    reading = extract.summarize_reading(
        report_x, indicators, [claims_by_id[m.claim_id] for m in matches if m.claim_id in claims_by_id],
        kind=decision.kind)

    report("score", 0, 1)
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
            reading=reading,
            kind=decision.kind,
            period=period,
            year=year,
            baseline=known,
        ),
        prof,
    )
    reading.problems += [n for n in result.reading_notes if n not in reading.problems]
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
        reading=reading,
        kind=decision,
        period=period,
        year=year,
        history_files=[Path(h).name for h in history_paths],
        baseline=known,
        ocr_pages={d.name: d.ocr_pages for d in docs if d.ocr_pages},
    )
    if explain:
        t0 = time.perf_counter()
        from docreview import explain as explain_mod

        review.explanations = explain_mod.explain_flags(review, settings, progress=report)
        timings["explain"] = time.perf_counter() - t0
    return review
