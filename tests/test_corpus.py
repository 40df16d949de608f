"""Checks on the labelled corpus itself (corpus/, layout and rules of domain.md §6).

The corpus is the yardstick of the eval, so its own consistency is tested: the folder layout, labels.json
against the §6 schema, labels that obey the flag rules (§5), the coverage the eval issue asks for, and a
build that reproduces the committed files byte for byte (and that ``docreview.ingest`` can read them).
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import ValidationError

from docreview.evaluate import LabelFlag, Labels, names_match, norm_name, read_labels
from docreview.models import FLAG_TYPES, FLAGS

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FORMATS = ("pdf", "docx", "xlsx", "html", "txt", "md")
MAX_BYTES = 200 * 1024
# flags about the budget block or the whole report never name an indicator (domain.md §5)
REPORT_LEVEL = {code for code, spec in FLAGS.items() if spec.report_level}


def _load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_build", CORPUS / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _load_build()
MODULES = {m.CASE_ID: m for m in BUILD.case_modules()}
CASE_DIRS = sorted(p for p in CORPUS.iterdir() if p.is_dir() and (p / "labels.json").is_file())
CASE_IDS = [p.name for p in CASE_DIRS]


# --------------------------------------------------------------------------- the §6 schema (docreview.evaluate's)


def _labels(case_dir: Path) -> Labels:
    labels = read_labels(case_dir)
    for flag in labels.flags:
        assert flag.type in FLAG_TYPES, f"{case_dir.name}: unknown flag code {flag.type!r}"
    return labels


def _norm(name: str | None) -> str:
    return norm_name(name)


_same = names_match


def _inputs(case_dir: Path, role: str) -> list[Path]:
    return sorted(p for p in case_dir.iterdir() if p.is_file() and p.name.startswith(role)
                  and p.suffix.lower().lstrip(".") in FORMATS)


def _required(labels: Labels) -> list[LabelFlag]:
    return [f for f in labels.flags if not f.optional]


# --------------------------------------------------------------------------- layout


def test_enough_cases() -> None:
    assert len(CASE_DIRS) >= 26


def test_every_source_has_a_folder_and_back() -> None:
    assert set(MODULES) == set(CASE_IDS)


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_case_folder_layout(case_id: str) -> None:
    case_dir = CORPUS / case_id
    assert _inputs(case_dir, "report") or _inputs(case_dir, "target"), "a case needs a report or a target file"
    names = {p.name for p in case_dir.iterdir()}
    assert names == {"labels.json", *MODULES[case_id].files()}, "only labels.json and the generated files"
    for p in case_dir.iterdir():
        assert p.stat().st_size < MAX_BYTES, f"{p.name} is too large"


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_labels_match_the_schema(case_id: str) -> None:
    try:
        _labels(CORPUS / case_id)
    except ValidationError as e:  # pragma: no cover - the message is the point
        pytest.fail(f"{case_id}/labels.json: {e}")


def test_labels_load_in_the_evaluator() -> None:
    evaluate = pytest.importorskip("docreview.evaluate")
    for case_dir in CASE_DIRS:
        case = evaluate.load_case(case_dir)
        assert case.reports or case.targets


# --------------------------------------------------------------------------- the flag rules


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_labels_follow_the_flag_rules(case_id: str) -> None:
    case_dir = CORPUS / case_id
    labels = _labels(case_dir)
    names = [i.name for i in labels.indicators]
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not _same(a, b), f"indicator names {a!r} and {b!r} would match each other"
    for a in labels.actuals:
        assert any(_same(a.indicator, n) for n in names), f"actual for unknown indicator {a.indicator!r}"
        assert a.value.strip(), f"empty actual for {a.indicator!r}"
    assert len({_norm(a.indicator) for a in labels.actuals}) == len(labels.actuals), "one actual per indicator"
    seen: Counter[tuple[str, str]] = Counter()
    for f in labels.flags:
        seen[(f.type, _norm(f.indicator))] += 1
        if f.type in REPORT_LEVEL:
            assert f.indicator is None, f"{f.type} is a report-level flag (indicator null)"
        if f.indicator is not None:
            assert any(_same(f.indicator, n) for n in names), f"flag on unknown indicator {f.indicator!r}"
    assert all(n == 1 for n in seen.values()), f"duplicate flag labels: {seen}"

    def on(kind: str, indicator: str | None, *, required_only: bool = False) -> bool:
        pool = _required(labels) if required_only else labels.flags
        return any(f.type == kind and f.indicator is not None and _same(f.indicator, indicator) for f in pool)

    has_actual = {_norm(a.indicator) for a in labels.actuals}
    for f in labels.flags:
        if f.type == "not_reported":
            assert not on("unsupported_score", f.indicator), "not_reported and unsupported_score are disjoint"
            assert _norm(f.indicator) not in has_actual, "a not_reported indicator has no actual"
        if f.type == "missing_deviation_reason" and f.indicator is not None:
            # domain.md §5: a missed target, or (where the profile asks) an overachievement past its reason factor;
            # a budget reason (low execution, a mid-year adjustment) has no indicator
            assert (on("target_missed", f.indicator, required_only=not f.optional)
                    or labels.profile is not None), \
                "missing_deviation_reason only with target_missed, or under a profile that asks for more reasons"
        if f.type == "unit_mismatch":
            assert not on("target_missed", f.indicator), "a word for a number is unit_mismatch, not target_missed"
        if f.type == "target_changed":
            assert _inputs(case_dir, "policy"), "target_changed needs a policy file"


# --------------------------------------------------------------------------- coverage (the eval issue)


def _all_labels() -> dict[str, Labels]:
    return {case_dir.name: _labels(case_dir) for case_dir in CASE_DIRS}


def test_every_flag_type_is_labelled_in_three_cases() -> None:
    cases_per_type = Counter(t for lab in _all_labels().values() for t in {f.type for f in _required(lab)})
    thin = {t: cases_per_type[t] for t in FLAG_TYPES if cases_per_type[t] < 3}
    assert not thin, f"flag types labelled in fewer than 3 cases: {thin}"


def test_every_format_is_used_by_three_reports() -> None:
    reports = Counter(p.suffix.lower().lstrip(".") for d in CASE_DIRS for p in _inputs(d, "report"))
    assert all(reports[f] >= 3 for f in FORMATS), reports
    policies = Counter(p.suffix.lower().lstrip(".") for d in CASE_DIRS for p in _inputs(d, "policy"))
    assert len(policies) >= 4, f"policies should come in varied formats: {policies}"


def test_case_mix() -> None:
    labels = _all_labels()
    no_policy = [d.name for d in CASE_DIRS if not _inputs(d, "policy")]
    clean = [c for c, lab in labels.items() if not lab.flags]
    multi = [d.name for d in CASE_DIRS if len(_inputs(d, "report")) > 1]
    real = [c for c in CASE_IDS if getattr(MODULES[c], "SOURCE", None)]
    assert len(no_policy) >= 4, no_policy
    assert len(clean) >= 3, clean
    assert multi, "at least one case with a table and a prose report"
    assert len(real) >= 8, real
    for c in clean:
        assert labels[c].indicators or getattr(MODULES[c], "SOURCE", None), f"{c}: a clean case needs indicators"


def test_case_ids_are_unique_and_tidy() -> None:
    assert len(CASE_IDS) == len(set(CASE_IDS))
    assert all(re.fullmatch(r"[a-z0-9_]+", c) for c in CASE_IDS)


# --------------------------------------------------------------------------- reproducible build


@pytest.mark.slow
def test_build_reproduces_the_committed_files(tmp_path: Path) -> None:
    written = BUILD.build(tmp_path)
    assert written
    differ = [str(p.relative_to(tmp_path)) for p in written
              if (CORPUS / p.relative_to(tmp_path)).read_bytes() != p.read_bytes()]
    assert not differ, f"run `python corpus/build.py`; out of date: {differ}"
    try:
        from docreview.ingest import read
    except ImportError:  # pragma: no cover - only before the ingest stage exists
        pytest.skip("docreview.ingest is not available")
    for p in written:
        doc = read(p)
        assert doc.blocks, f"{p.relative_to(tmp_path)} read as empty"
