"""The nine real published documents, rebuilt as the files units submit, read and extracted end to end.

Expected values come from ``corpus/realdocs.py`` ``EXPECTED``, written by hand from the source text.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from docreview import ingest, normalize
from docreview.extract import extract_policy, extract_report, indicators_from_report
from docreview.models import BudgetLine, Claim, Indicator, ReportExtraction

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "realdocs"


def _load_realdocs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_realdocs", ROOT / "corpus" / "realdocs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXPECTED: dict[str, dict[str, Any]] = _load_realdocs().EXPECTED


def _key(name: str) -> str:
    return normalize.normalize_name(name)


def _text(value: str | None) -> str:
    return "".join(normalize.to_halfwidth(value or "").split())


def _by_name(items: list[Any], name: str) -> Any:
    found = [i for i in items if _key(i.name) == _key(name)]
    assert found, f"{name!r} not among {[i.name for i in items]}"
    return found[0]


def _check_indicators(indicators: list[Indicator], expected: list[tuple[str, str]]) -> None:
    assert sorted(_key(i.name) for i in indicators) == sorted(_key(n) for n, _ in expected)
    for name, target_text in expected:
        assert _text(_by_name(indicators, name).target_text) == _text(target_text), name


def _check_actuals(claims: list[Claim], expected: list[tuple[str, str | None]]) -> None:
    for name, actual_text in expected:
        claim = _by_name(claims, name)
        if actual_text is None:
            assert claim.actual is None, f"{name}: {claim.actual_text!r}"
        else:
            assert _text(claim.actual_text) == _text(actual_text), name
            assert claim.actual is not None, name


def _check_budget(budget: list[BudgetLine], expected: dict[str, dict[str, Any]]) -> None:
    for label, figures in expected.items():
        lines = [b for b in budget if _key(b.label) == _key(label)]
        assert lines, f"budget line {label!r} not among {[b.label for b in budget]}"
        line = lines[0]
        for field, value in figures.items():
            got = getattr(line, field)
            if value is None or isinstance(value, bool):
                assert got == value, (label, field)
            else:
                assert got == pytest.approx(value), (label, field, got)


def _check_report(rx: ReportExtraction, exp: dict[str, Any]) -> None:
    _check_indicators(indicators_from_report(rx), exp["indicators"])
    rows = [c for c in rx.claims if c.kind == "row"]
    _check_actuals(rows, exp["actuals"])
    for name, weight in exp.get("weights", {}).items():
        assert _by_name(rows, name).weight == pytest.approx(weight), name
    for name, score in exp.get("scores", {}).items():
        assert _by_name(rows, name).self_score == pytest.approx(score), name
    for name, reason in exp.get("reasons", {}).items():
        assert _by_name(rows, name).reason == reason
    for name, (level1, level2) in exp.get("levels", {}).items():
        claim = _by_name(rows, name)
        assert (claim.level1, _key(claim.level2 or "")) == (level1, _key(level2)), name
    for claim in rows:  # provenance: each span quotes the cell it came from
        assert claim.span.quote == claim.text
        if claim.actual_span is not None:
            assert claim.actual_span.quote.strip() == (claim.actual_text or "").strip()
        if claim.score_span is not None:
            assert claim.score_span.quote.strip() == (claim.self_score_text or "").strip()
    _check_budget(rx.budget, exp["budget"])
    for kind, value in exp.get("totals", {}).items():
        if kind.startswith("level1_weight:"):
            level1 = kind.split(":", 1)[1]
            values = [t.value for t in rx.totals if t.kind == "level1_weight" and t.level1 == level1]
        else:
            values = [t.value for t in rx.totals if t.kind == kind]
        assert value in values, (kind, [(t.kind, t.level1, t.value) for t in rx.totals])


def _read(key: str) -> Any:
    path = FIXTURES / EXPECTED[key]["file"]
    assert path.exists(), f"{path} missing: run python corpus/realdocs.py tests/fixtures/realdocs"
    return ingest.read(path)


def _check(key: str) -> None:
    exp = EXPECTED[key]
    doc = _read(key)
    if exp["role"] == "policy":
        px = extract_policy(doc)
        _check_indicators(px.indicators, exp["indicators"])
        assert all(i.span.file == doc.name for i in px.indicators)
    else:
        _check_report(extract_report(doc), exp)


def test_01_qingshen_sichuan_xlsx() -> None:
    _check("01_qingshen")


def test_03_tanghu_hubei_html() -> None:
    _check("03_tanghu")


def test_05_tangxi_anhui_docx() -> None:
    _check("05_tangxi")


def test_08_shouxian_scoring_table_html() -> None:
    _check("08_shouxian")


def test_09_ningde_target_table_xlsx() -> None:
    _check("09_ningde")


def test_s1_batang_target_table_pdf() -> None:
    _check("S1_batang")


def test_s2_hengshan_hunan_docx() -> None:
    _check("S2_hengshan")


def test_s3_pudong_evaluation_report_pdf() -> None:
    _check("S3_pudong")


def test_s4_ezhou_target_table_docx() -> None:
    _check("S4_ezhou")


def test_every_real_document_is_covered() -> None:
    assert len(EXPECTED) == 9
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(e["file"] for e in EXPECTED.values())
