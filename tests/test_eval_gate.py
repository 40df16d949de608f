"""Regression gate: the whole labelled corpus through the real pipeline (domain.md §6 matching rules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docreview.evaluate import evaluate_corpus, report_to_markdown
from docreview.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

F1_MIN = 0.90
INDICATOR_RECALL_MIN = 0.95
ACTUAL_ACCURACY_MIN = 0.95


@pytest.mark.slow
def test_corpus_gate(tmp_path: Path) -> None:
    report = evaluate_corpus(CORPUS, settings=Settings(workspace=tmp_path), mode="hybrid")
    (tmp_path / "eval.md").write_text(report_to_markdown(report), encoding="utf-8")
    assert not [c.id for c in report.cases if c.error], "a case failed to run"
    written = report.parts.get("written", report)  # the cases we wrote; corpus/real is reported on its own
    assert sum(1 for c in report.cases if c.part == "written") >= 24
    summary = (f"F1 {written.flags.f1:.3f}, indicator recall {written.indicators.recall:.3f}, "
               f"actual accuracy {written.actuals.accuracy:.3f}; details in {tmp_path / 'eval.md'}")
    assert written.flags.f1 >= F1_MIN, summary
    assert written.indicators.recall >= INDICATOR_RECALL_MIN, summary
    assert written.actuals.accuracy >= ACTUAL_ACCURACY_MIN, summary


def test_broken_case_counts_as_misses(tmp_path: Path) -> None:
    case = tmp_path / "c_broken"
    case.mkdir()
    (case / "report.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")  # truncated
    (case / "labels.json").write_text(
        '{"indicators": [{"name": "群众满意度", "target": "≥90%"}], "actuals": [], '
        '"flags": [{"type": "low_budget_execution", "indicator": null}]}', encoding="utf-8")
    report = evaluate_corpus(tmp_path, settings=Settings(workspace=tmp_path / "ws"), mode="bm25")
    (result,) = report.cases
    assert result.error and "report.pdf" in result.error
    assert [m.type for m in result.misses] == ["low_budget_execution"]
    assert report.flags.recall == 0.0 and report.indicators.recall == 0.0
