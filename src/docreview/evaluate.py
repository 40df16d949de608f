"""Evaluate the review pipeline on labelled cases (layout and matching rules: domain.md §6)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from docreview.errors import DocReviewError
from docreview.models import FLAG_TYPES, Review
from docreview.settings import Settings

INPUT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".html", ".htm", ".txt", ".md")


# --------------------------------------------------------------------------- labels


# The labels.json schema of domain.md §6 — the one definition: the eval reads cases with it and
# tests/test_corpus.py validates every committed case against it.


class _LabelModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class LabelIndicator(_LabelModel):
    name: str
    target: str = ""  # "" for a scoring row without a target


class LabelActual(_LabelModel):
    indicator: str
    value: str


class LabelFlag(_LabelModel):
    type: str  # a flag code of the catalogue (docreview.models.FLAGS), or one of domain.md §7 not built yet
    indicator: str | None = None
    optional: bool = False


class Labels(_LabelModel):
    kind: str | None = None  # document kind when not the default (domain.md §7: target, monitor, evaluation …)
    profile: str | None = None  # scoring profile when not the default
    notes: str | None = None  # the labeller's decisions a reviewer could argue
    period: str | None = None  # a monitoring report's period as written (domain.md §7.3: "1-6月", "截至9月底")
    schedule: float | None = None  # its 序时进度 as a fraction of the budget year (0.5 for 1-6月)
    indicators: list[LabelIndicator] = Field(default_factory=list)
    actuals: list[LabelActual] = Field(default_factory=list)
    flags: list[LabelFlag] = Field(default_factory=list)


def read_labels(case_dir: Path) -> Labels:
    """``case_dir/labels.json``, validated against the schema."""
    return Labels.model_validate(json.loads((case_dir / "labels.json").read_text(encoding="utf-8")))


class Case(BaseModel):
    id: str
    path: Path
    policies: list[Path]
    reports: list[Path]
    labels: Labels
    targets: list[Path] = Field(default_factory=list)  # target tables reviewed on their own (§7.2)
    histories: list[Path] = Field(default_factory=list)  # earlier-year documents of the unit (§7.4)


def load_case(case_dir: Path) -> Case:
    """Read one case folder: policy*/report*/target*/history* files and labels.json."""
    files = sorted(p for p in case_dir.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)

    def role(prefix: str) -> list[Path]:
        return [p for p in files if p.name.lower().startswith(prefix)]

    return Case(id=case_dir.name, path=case_dir, policies=role("policy"), reports=role("report"),
                labels=read_labels(case_dir), targets=role("target"), histories=role("history"))


def find_cases(corpus_dir: Path) -> list[Path]:
    """Case folders of ``corpus_dir``: its sub-folders holding a labels.json, and those one level further
    down in a folder of cases (``corpus/real/<case>/``: a *part* of the corpus, reported on its own)."""
    if not corpus_dir.is_dir():
        raise DocReviewError(f"{corpus_dir}: 不是文件夹 / not a folder")
    found: list[Path] = []
    for p in sorted(corpus_dir.iterdir()):
        if not p.is_dir():
            continue
        if (p / "labels.json").is_file():
            found.append(p)
        else:
            found += sorted(q for q in p.iterdir() if q.is_dir() and (q / "labels.json").is_file())
    return found


WRITTEN_PART = "written"
"""The part of a corpus whose cases sit directly in it (cases we wrote); nested parts take their folder name."""


def case_part(corpus_dir: Path, case_dir: Path) -> str:
    rel = case_dir.relative_to(corpus_dir)
    return rel.parts[0] if len(rel.parts) > 1 else WRITTEN_PART


# --------------------------------------------------------------------------- matching rules

def norm_name(name: str | None) -> str:
    """Width, spaces, punctuation and a leading ``指标1:`` removed (domain.md §6)."""
    from docreview.normalize import normalize_name

    return normalize_name(name) if name else ""


def names_match(a: str | None, b: str | None) -> bool:
    """Equal after normalisation, or one contains the other; two nulls match."""
    na, nb = norm_name(a), norm_name(b)
    if not na or not nb:
        return not na and not nb
    return na == nb or na in nb or nb in na


def values_match(label: str, produced: str) -> bool:
    """Same quantity: numbers equal (after unit conversion) with compatible units, or equal text."""
    from docreview.normalize import convert, normalize_name, parse_quantity

    a, b = parse_quantity(label), parse_quantity(produced)
    if a is not None and b is not None and a.value is not None and b.value is not None:
        if a.unit == b.unit:
            return abs(a.value - b.value) <= 1e-6 * max(1.0, abs(a.value))
        converted = convert(b.value, b.unit, a.unit)
        return converted is not None and abs(converted - a.value) <= 1e-6 * max(1.0, abs(a.value))
    if a is not None and b is not None and a.date is not None:
        return a.date == b.date
    return normalize_name(label) == normalize_name(produced)


class FlagOutcome(BaseModel):
    type: str
    indicator: str | None
    message: str = ""
    severity: str = ""
    evidence: list[dict[str, Any]] = Field(default_factory=list)


def match_flags(produced: Sequence[FlagOutcome], labelled: Sequence[LabelFlag]) -> tuple[
        list[FlagOutcome], list[FlagOutcome], list[LabelFlag]]:
    """Split produced flags into true and false positives and return the missed labels.

    Each label is matched at most once; a produced flag matching only an optional label is neither a true nor a
    false positive, and an unmatched optional label is not a miss.
    """
    used: set[int] = set()
    tp: list[FlagOutcome] = []
    fp: list[FlagOutcome] = []
    # required labels first, so an optional label never takes a flag a required one needs
    order = sorted(range(len(labelled)), key=lambda i: labelled[i].optional)
    for flag in produced:
        hit = next((i for i in order if i not in used and labelled[i].type == flag.type
                    and names_match(labelled[i].indicator, flag.indicator)), None)
        if hit is None:
            fp.append(flag)
            continue
        used.add(hit)
        if not labelled[hit].optional:
            tp.append(flag)
    missed = [lab for i, lab in enumerate(labelled) if i not in used and not lab.optional]
    return tp, fp, missed


# --------------------------------------------------------------------------- metrics


class PRF(BaseModel):
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    support: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0


def prf(tp: int, fp: int, fn: int) -> PRF:
    """Precision, recall and F1; with nothing produced and nothing expected, all are 1."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision=precision, recall=recall, f1=f1, support=tp + fn, tp=tp, fp=fp, fn=fn)


class FlagMetrics(PRF):
    by_type: dict[str, PRF] = Field(default_factory=dict)


class Recall(BaseModel):
    recall: float = 0.0
    found: int = 0
    expected: int = 0


class Accuracy(BaseModel):
    accuracy: float = 0.0
    correct: int = 0
    expected: int = 0


class CaseResult(BaseModel):
    id: str
    seconds: float
    part: str = WRITTEN_PART
    error: str | None = None
    true_positives: list[FlagOutcome] = Field(default_factory=list)
    false_positives: list[FlagOutcome] = Field(default_factory=list)
    misses: list[LabelFlag] = Field(default_factory=list)
    indicators_found: int = 0
    indicators_expected: int = 0
    missing_indicators: list[str] = Field(default_factory=list)
    actuals_correct: int = 0
    actuals_expected: int = 0
    wrong_actuals: list[dict[str, str | None]] = Field(default_factory=list)
    explanations: dict[str, int] = Field(default_factory=dict)
    kind_expected: str = "self_eval"  # the labelled document kind (labels.json "kind", else self_eval)
    kind_found: str | None = None  # the kind docreview detected


class KindMetrics(BaseModel):
    """The figures of the cases of one labelled document kind (domain.md §7.1), and how often it was detected."""

    cases: int
    detected: int  # cases whose detected kind equals the label
    flags: PRF


class PartMetrics(BaseModel):
    """The figures of one part of the corpus (``written``, ``real``)."""

    flags: FlagMetrics
    indicators: Recall
    actuals: Accuracy
    cases: int
    seconds: float


class EvalReport(BaseModel):
    corpus: str
    mode: str
    profile: str | None
    flags: FlagMetrics
    indicators: Recall
    actuals: Accuracy
    cases: list[CaseResult]
    seconds: float
    seconds_per_case: float
    llm: dict[str, float] = Field(default_factory=dict)
    parts: dict[str, PartMetrics] = Field(default_factory=dict)
    kinds: dict[str, KindMetrics] = Field(default_factory=dict)


def score_case(case: Case, review: Review | None, *, seconds: float, error: str | None = None) -> CaseResult:
    """Compare one review with its labels."""
    from docreview.render import review_to_json

    labels = case.labels
    if review is None:
        return CaseResult(id=case.id, seconds=seconds, error=error, kind_expected=labels.kind or "self_eval",
                          misses=[f for f in labels.flags if not f.optional],
                          indicators_expected=len(labels.indicators), actuals_expected=len(labels.actuals),
                          missing_indicators=[i.name for i in labels.indicators])
    data = review_to_json(review)
    produced = [FlagOutcome(type=f["type"], indicator=f["indicator"], message=f["message"],
                            severity=f["severity"], evidence=f["evidence"]) for f in data["flags"]]
    tp, fp, missed = match_flags(produced, labels.flags)
    names = [i["name"] for i in data["indicators"]]
    missing = [li.name for li in labels.indicators if not any(names_match(li.name, n) for n in names)]
    wrong: list[dict[str, str | None]] = []
    correct = 0
    for la in labels.actuals:
        candidates = [a["value"] for a in data["actuals"] if names_match(la.indicator, a["indicator"])]
        if any(values_match(la.value, v) for v in candidates):
            correct += 1
        else:
            wrong.append({"indicator": la.indicator, "expected": la.value,
                          "produced": candidates[0] if candidates else None})
    explanation_counts: dict[str, int] = {}
    for e in review.explanations:
        key = e.source if e.grounded else f"{e.source}_rejected"
        explanation_counts[key] = explanation_counts.get(key, 0) + 1
    return CaseResult(
        id=case.id, seconds=seconds, true_positives=tp, false_positives=fp, misses=missed,
        indicators_found=len(labels.indicators) - len(missing), indicators_expected=len(labels.indicators),
        missing_indicators=missing, actuals_correct=correct, actuals_expected=len(labels.actuals),
        wrong_actuals=wrong, explanations=explanation_counts,
        kind_expected=labels.kind or "self_eval", kind_found=review.doc_kind,
    )


def aggregate(results: Sequence[CaseResult], *, corpus: str, mode: str, profile: str | None,
              seconds: float) -> EvalReport:
    """Overall and per-type metrics from per-case results, and the same figures for each part."""
    by_type: dict[str, PRF] = {}
    seen = ({f.type for r in results for f in [*r.true_positives, *r.false_positives]}
            | {m.type for r in results for m in r.misses})
    for code in [*FLAG_TYPES, *sorted(seen - set(FLAG_TYPES))]:  # labelled codes not built yet count too
        tp = sum(1 for r in results for f in r.true_positives if f.type == code)
        fp = sum(1 for r in results for f in r.false_positives if f.type == code)
        fn = sum(1 for r in results for f in r.misses if f.type == code)
        if tp or fp or fn:
            by_type[code] = prf(tp, fp, fn)
    overall = prf(sum(len(r.true_positives) for r in results), sum(len(r.false_positives) for r in results),
                  sum(len(r.misses) for r in results))
    found = sum(r.indicators_found for r in results)
    expected = sum(r.indicators_expected for r in results)
    correct = sum(r.actuals_correct for r in results)
    act_expected = sum(r.actuals_expected for r in results)
    model = sum(r.explanations.get("model", 0) for r in results)
    rejected = sum(r.explanations.get("model_rejected", 0) for r in results)
    llm = {"model_explanations": float(model), "rejected": float(rejected),
           "grounded_share": model / (model + rejected) if model + rejected else 0.0}
    return EvalReport(
        corpus=corpus, mode=mode, profile=profile,
        flags=FlagMetrics(**overall.model_dump(), by_type=by_type),
        indicators=Recall(recall=found / expected if expected else 1.0, found=found, expected=expected),
        actuals=Accuracy(accuracy=correct / act_expected if act_expected else 1.0, correct=correct,
                         expected=act_expected),
        cases=list(results), seconds=seconds, seconds_per_case=seconds / len(results) if results else 0.0,
        llm=llm, parts=_parts(results, corpus=corpus, mode=mode, profile=profile), kinds=_kinds(results),
    )


def _kinds(results: Sequence[CaseResult]) -> dict[str, KindMetrics]:
    out: dict[str, KindMetrics] = {}
    for kind in sorted({r.kind_expected for r in results}):
        mine = [r for r in results if r.kind_expected == kind]
        out[kind] = KindMetrics(
            cases=len(mine), detected=sum(1 for r in mine if r.kind_found == kind),
            flags=prf(sum(len(r.true_positives) for r in mine), sum(len(r.false_positives) for r in mine),
                      sum(len(r.misses) for r in mine)))
    return out


def _parts(results: Sequence[CaseResult], **kw: Any) -> dict[str, PartMetrics]:
    names = list(dict.fromkeys(r.part for r in results))
    if len(names) < 2:
        return {}
    parts: dict[str, PartMetrics] = {}
    for name in names:
        mine = [r for r in results if r.part == name]
        sub = aggregate(mine, seconds=sum(r.seconds for r in mine), **kw)
        parts[name] = PartMetrics(flags=sub.flags, indicators=sub.indicators, actuals=sub.actuals,
                                  cases=len(mine), seconds=sub.seconds)
    return parts


def evaluate_corpus(
    corpus_dir: str | Path,
    *,
    settings: Settings,
    mode: str = "hybrid",
    profile: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EvalReport:
    """Run the review on every case of ``corpus_dir``; a case that fails counts its labels as misses."""
    from docreview.pipeline import run_review

    corpus_dir = Path(corpus_dir)
    case_dirs = find_cases(corpus_dir)
    results: list[CaseResult] = []
    start = time.perf_counter()
    for n, case_dir in enumerate(case_dirs, start=1):
        t0 = time.perf_counter()
        part = case_part(corpus_dir, case_dir)
        try:
            case = load_case(case_dir)
        except (OSError, ValueError) as e:
            results.append(CaseResult(id=case_dir.name, part=part, seconds=0.0, error=f"labels.json: {e}"))
            continue
        try:
            # a target table reviewed on its own is read as the report of its own targets (domain.md §7.2)
            # the kind is detected as a user would get it (the label's kind is what it is measured against)
            review = run_review(case.policies, case.reports or case.targets, settings=settings,
                                profile=profile or case.labels.profile, retrieval_mode=mode,
                                history_paths=case.histories)
            result = score_case(case, review, seconds=time.perf_counter() - t0)
        except DocReviewError as e:
            result = score_case(case, None, seconds=time.perf_counter() - t0, error=e.message)
        except Exception as e:  # noqa: BLE001 — one broken case must not end the run
            result = score_case(case, None, seconds=time.perf_counter() - t0, error=f"{type(e).__name__}: {e}")
        result.part = part
        results.append(result)
        if progress is not None:
            progress(n, len(case_dirs))
    return aggregate(results, corpus=str(corpus_dir), mode=mode, profile=profile,
                     seconds=time.perf_counter() - start)


def _metric_lines(f: FlagMetrics, ind: Recall, act: Accuracy, cases: int, seconds: float) -> list[str]:
    lines = [
        "| metric | value |",
        "|---|---|",
        f"| flags precision | {f.precision:.3f} ({f.tp} TP / {f.fp} FP) |",
        f"| flags recall | {f.recall:.3f} ({f.fn} missed) |",
        f"| flags F1 | {f.f1:.3f} |",
        f"| indicator recall | {ind.recall:.3f} ({ind.found}/{ind.expected}) |",
        f"| actual-value accuracy | {act.accuracy:.3f} ({act.correct}/{act.expected}) |",
        f"| cases | {cases} |",
        f"| seconds | {seconds:.1f} ({seconds / cases if cases else 0.0:.2f} per case) |",
        "",
        "| type | precision | recall | F1 | support | TP | FP | FN |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for code, m in f.by_type.items():
        lines.append(f"| {code} | {m.precision:.2f} | {m.recall:.2f} | {m.f1:.2f} | {m.support} | {m.tp} | "
                     f"{m.fp} | {m.fn} |")
    return lines


def report_to_markdown(report: EvalReport) -> str:
    """The eval report as tables a person can read: the whole corpus, each part, then every case."""
    lines = [f"# docreview eval: `{report.corpus}` ({report.mode})", ""]
    if report.parts:
        lines += ["## Parts", "", "| part | cases | flags P | flags R | flags F1 | indicator recall | "
                  "actual accuracy |", "|---|---|---|---|---|---|---|"]
        for name, p in report.parts.items():
            lines.append(f"| {name} | {p.cases} | {p.flags.precision:.3f} | {p.flags.recall:.3f} | "
                         f"{p.flags.f1:.3f} | {p.indicators.recall:.3f} | {p.actuals.accuracy:.3f} |")
        lines.append("")
    if report.kinds:
        lines += ["## By document kind", "", "| kind | cases | kind detected | flags P | flags R | flags F1 | TP | FP | FN |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for kind, k in report.kinds.items():
            lines.append(f"| {kind} | {k.cases} | {k.detected}/{k.cases} | {k.flags.precision:.3f} | "
                         f"{k.flags.recall:.3f} | {k.flags.f1:.3f} | {k.flags.tp} | {k.flags.fp} | {k.flags.fn} |")
        lines.append("")
    lines += ["## Whole corpus", ""]
    lines += _metric_lines(report.flags, report.indicators, report.actuals, len(report.cases), report.seconds)
    for name, p in report.parts.items():
        lines += ["", f"## Part: {name}", ""]
        lines += _metric_lines(p.flags, p.indicators, p.actuals, p.cases, p.seconds)
    if report.llm.get("model_explanations") or report.llm.get("rejected"):
        lines += ["", f"LLM explanations passing the grounding check: {report.llm['grounded_share']:.1%}"]
    lines += ["", "## Cases", "", "| part | case | kind (detected) | TP | FP | missed | indicators | actuals | s |",
              "|---|---|---|---|---|---|---|---|---|"]
    for c in report.cases:
        detected = c.kind_expected if c.kind_found == c.kind_expected else f"{c.kind_expected} ({c.kind_found} ✗)"
        lines.append(f"| {c.part} | {c.id}{' ⚠ ' + c.error if c.error else ''} | {detected} | {len(c.true_positives)} | "
                     f"{len(c.false_positives)} | {len(c.misses)} | {c.indicators_found}/{c.indicators_expected} | "
                     f"{c.actuals_correct}/{c.actuals_expected} | {c.seconds:.2f} |")
    details = [c for c in report.cases if c.false_positives or c.misses or c.wrong_actuals or c.missing_indicators]
    if details:
        lines += ["", "## Errors by case", ""]
    for c in details:
        lines.append(f"### {c.id}")
        for fl in c.false_positives:
            where = "; ".join(f"{e.get('file')} {e.get('quote', '')[:40]}" for e in fl.evidence[:2])
            lines.append(f"- FP `{fl.type}` {fl.indicator or '—'}: {fl.message} ({where})")
        for lab in c.misses:
            lines.append(f"- missed `{lab.type}` {lab.indicator or '—'}")
        for name in c.missing_indicators:
            lines.append(f"- indicator not found: {name}")
        for w in c.wrong_actuals:
            lines.append(f"- actual {w['indicator']}: expected {w['expected']}, got {w['produced']}")
        lines.append("")
    return "\n".join(lines) + "\n"
