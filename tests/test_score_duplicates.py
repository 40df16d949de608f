"""score: the duplicate scan over claims no indicator took (``indicators.unmatched_duplicates``) and the rows'
name groups (``engine.build_rows``) find what comparing every pair finds, without comparing every pair."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import REPORT_FILE, ind, num
from docreview import normalize
from docreview.models import Claim, Match, Quantity, ScoringInput, Span
from docreview.score import load_profile, score_review
from docreview.score.engine import Engine
from docreview.score.indicators import _same_passage

NAMES = ["资金到位率达到", "养护资金拨付", "新改建农村公路"]
VALUES = [1.0, 2.0, 2.5, 100.0, 10000.0]
UNITS = ["%", "万元", "元", "", "公里"]


def prose(n: int, name: str, actual: Quantity, *, block: int, kind: str = "prose") -> Claim:
    if kind == "row":
        span = Span(file=REPORT_FILE, table=0, row=n, quote=name)
    else:
        span = Span(file=REPORT_FILE, block=block, start=10 * n, end=10 * n + 8, quote=name)
    return Claim(id=f"c{n}", kind=kind, name=name, actual=actual, actual_text=actual.text,  # type: ignore[arg-type]
                 text=f"{name}{actual.text}", span=span)


def pairwise(inp: ScoringInput) -> list[tuple[str, str]]:
    """The scan as it was written first: every pair of a name's values, in order, first different pair."""
    eng = Engine(inp, load_profile("default"))
    by_name: dict[str, list[Claim]] = {}
    for c in inp.claims:
        key = normalize.normalize_name(c.name)
        if len(key) >= 4:
            by_name.setdefault(f"{c.project or ''}\x00{key}", []).append(c)
    found = []
    for claims in by_name.values():
        vals = []
        for c in claims:
            q, text = eng.actual_of(c)
            if q is not None and q.kind != "qualitative" and not eng.carries_direction(q, text):
                vals.append((c, q))
        for i, (c1, q1) in enumerate(vals):
            hit = next((c2 for c2, q2 in vals[i + 1:]
                        if eng.same_value(q1, q2) is False and not _same_passage(c1, c2)), None)
            if hit is not None:
                found.append((c1.id, hit.id))
                break
    return found


def flagged(inp: ScoringInput) -> list[tuple[str, str]]:
    res = score_review(inp, load_profile("default"))
    return [(str(f.inputs["claim_1"]), str(f.inputs["claim_2"])) for f in res.flags if f.type == "inconsistent_values"]


claim_specs = st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(VALUES), st.sampled_from(UNITS),
                                 st.integers(0, 3), st.sampled_from(["prose", "prose", "row"])),
                       min_size=0, max_size=25)


@settings(max_examples=150, deadline=None)
@given(claim_specs)
def test_unmatched_duplicates_finds_the_pair_the_pairwise_scan_finds(specs: list[tuple]) -> None:
    claims = [prose(n, name, num(value, unit), block=block, kind=kind)
              for n, (name, value, unit, block, kind) in enumerate(specs)]
    inp = ScoringInput(indicators=[], claims=claims, matches=[])
    assert sorted(flagged(inp)) == sorted(pairwise(inp))


def test_many_equal_figures_under_one_name_are_compared_a_linear_number_of_times(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # 3,000 towns each stating 100% under one name: nothing to flag, and the pairwise scan made 4.5 million
    # comparisons to find that out
    calls = 0
    real = Engine.same_value

    def counted(self: Engine, a: Quantity, b: Quantity) -> bool | None:
        nonlocal calls
        calls += 1
        return real(self, a, b)

    monkeypatch.setattr(Engine, "same_value", counted)
    claims = [prose(n, "工程交工验收合格率", num(100, "%"), block=n) for n in range(3000)]
    assert flagged(ScoringInput(indicators=[], claims=claims, matches=[])) == []
    assert calls <= 3000
    # one town states 98% in a paragraph of its own: the first claim is paired with it
    claims.append(prose(3000, "工程交工验收合格率", num(98, "%"), block=3000))
    assert flagged(ScoringInput(indicators=[], claims=claims, matches=[])) == [("c0", "c3000")]


def test_rows_group_claims_of_the_indicator_name_once_each() -> None:
    road = ind("新改建农村公路里程", num(110, "公里", ">="))
    claims = [prose(n, "新改建农村公路里程", num(9.5 + n, "公里"), block=n) for n in range(3)]
    claims += [prose(3, "全县新改建农村公路里程合计", num(112.6, "公里"), block=9)]
    match = Match(indicator_id=road.id, claim_id="c0", method="retrieval", score=0.9, alternates=["c3", "c3", "c1"])
    inp = ScoringInput(indicators=[road], claims=claims, matches=[match])
    eng = Engine(inp, load_profile("default"))
    from docreview.score.engine import build_rows

    (row,) = build_rows(eng)
    assert [c.id for c in row.group] == ["c0", "c1", "c2"]
    assert [c.id for c in row.related] == ["c3"]
