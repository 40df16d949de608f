"""Every format carries the same report (ruled indicator table + prose) into the same claims and indicators,
with provenance pointing back to the right page / sheet / row (fixtures: tests/fixtures/make_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from make_fixtures import INDICATOR_ROWS

from docreview import extract, ingest
from docreview.evaluate import values_match
from docreview.render import actual_value

FORMATS = ["pdf", "docx", "xlsx", "html", "txt", "md"]
# (name, target as written, actual as the report states it, weight, self score) straight from the table spec
EXPECTED = [(r[2], r[3], r[4], float(r[5]), float(r[6])) for r in INDICATOR_ROWS[1:-1]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_claims_roundtrip(fixture_files: Path, fmt: str) -> None:
    doc = ingest.read(fixture_files / f"report.{fmt}")
    rx = extract.extract_report(doc)
    rows = [c for c in rx.claims if c.kind == "row"]
    got = [(c.name, c.target_text, c.weight, c.self_score) for c in rows]
    assert got == [(n, t, w, s) for n, t, _, w, s in EXPECTED]
    for claim, (name, _, actual, _, _) in zip(rows, EXPECTED, strict=True):
        assert values_match(actual, actual_value(claim)), (name, actual_value(claim))  # 5.6万人次 == 56000人次
    # provenance: each claim's actual span quotes exactly the actual cell, in the right place
    for claim, (_, _, actual, _, _) in zip(rows, EXPECTED, strict=True):
        span = claim.actual_span
        assert span is not None and span.file == f"report.{fmt}"
        block = doc.blocks[span.block]
        assert block.text[span.start:span.end] == span.quote == actual  # the cell as written
        assert block.rows[span.row].cells[span.col] == actual
        if fmt == "pdf":
            assert span.page == 2  # the spec puts a page break before the indicator table
        if fmt == "xlsx":
            assert span.sheet is not None
    # the prose sentence is read too: 三百二十场次 → 320场次
    prose = [c for c in rx.claims if c.kind == "prose"]
    assert any(actual_value(c) == "320场次" and "送戏下乡演出" in c.name for c in prose)
    # budget block and the 合计 row
    assert rx.budget and any(b.executed is not None for b in rx.budget)
    assert {(t.kind, t.value) for t in rx.totals} >= {("weight_total", 90.0), ("score_total", 88.0)}


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_table_as_policy_gives_indicators(fixture_files: Path, fmt: str) -> None:
    px = extract.extract_policy(ingest.read(fixture_files / f"report.{fmt}"))
    got = [(i.name, i.target_text, i.weight) for i in px.indicators]
    assert got == [(n, t, w) for n, t, _, w, _ in EXPECTED]
    directions = {i.name: i.direction for i in px.indicators}
    assert directions["送戏下乡演出场次"] == ">=" and directions["项目完成时间"] == "<="
