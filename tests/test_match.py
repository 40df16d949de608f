"""match: row-name assignment, retrieval of prose claims, thresholds and refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import num
from docreview.match import match_indicators, name_coverage, name_similarity, unmatched_claims
from docreview.models import Block, Claim, Document, Indicator, Quantity, ReportExtraction, Span
from docreview.retrieve import HashEmbedder, PassageIndex, passages_from_report
from docreview.settings import RetrievalSettings, Settings

POLICY = Span(file="绩效目标表.xlsx", sheet="Sheet1", row=3)
REPORT = Span(file="自评表.docx", block=0, row=1)


def qty(value: float | None, unit: str = "", direction: str | None = None) -> Quantity | None:
    return None if value is None else num(value, unit, direction)


def indicator(iid: str, name: str, *, target: float | None = None, unit: str = "", level2: str | None = None,
              target_text: str = "") -> Indicator:
    return Indicator(id=iid, name=name, level2=level2, unit=unit,
                     target=qty(target, unit, ">=") if target is not None else None,
                     target_text=target_text or (f"≥{target:g}{unit}" if target is not None else ""), span=POLICY)


def row(cid: str, name: str, *, target: float | None = None, actual: float | None = None, unit: str = "",
        level2: str | None = None, row_no: int = 1) -> Claim:
    return Claim(id=cid, kind="row", name=name, level2=level2,
                 target=qty(target, unit, ">=") if target is not None else None,
                 actual=qty(actual, unit) if actual is not None else None,
                 text=f"{name} | {target} | {actual}", span=REPORT.model_copy(update={"row": row_no}))


def settings(tmp_path: Path | None = None, **retrieval: object) -> Settings:
    workspace = (tmp_path or Path("/nonexistent")) / "ws"
    return Settings(workspace=workspace, retrieval=RetrievalSettings(**retrieval))  # type: ignore[arg-type]


def by_indicator(matches: list, iid: str):  # type: ignore[no-untyped-def]
    return next(m for m in matches if m.indicator_id == iid)


# --------------------------------------------------------------------------- name similarity


@pytest.mark.parametrize(("a", "b"), [
    ("新改建农村公路", "新改建农村公路里程"),
    ("“最多跑一次”事项占比", "最多跑一次事项比例"),
    ("指标1：群众满意度", "群众满意度"),
    ("　农村生活垃圾无害化处理率（％）", "农村生活垃圾无害化处理率"),
])
def test_names_written_differently_are_similar(a: str, b: str) -> None:
    assert name_similarity(a, b).score >= RetrievalSettings().row_name_threshold


@pytest.mark.parametrize(("a", "b"), [
    ("群众满意度", "办结信访案件"),
    ("贫困户满意度", "群众满意度"),
    ("农村公路里程", "城市道路里程"),
    ("一般公共预算收入增长率", "一般公共预算支出增长率"),  # one word apart, opposite meaning
])
def test_different_indicators_are_not_similar(a: str, b: str) -> None:
    assert name_similarity(a, b).score < RetrievalSettings().row_name_threshold


def test_name_coverage_counts_name_bigrams_in_a_sentence() -> None:
    assert name_coverage("农村生活垃圾无害化处理率", "农村生活垃圾无害化处理率达到96.2%") == 1.0
    assert name_coverage("送戏下乡演出场次", "全年开展送戏下乡演出三百二十场次") == pytest.approx(6 / 7)
    assert name_coverage("群众满意度", "全年办结信访案件412件") == 0.0


# --------------------------------------------------------------------------- row matching


def test_row_claims_match_by_name() -> None:
    indicators = [
        indicator("i1", "新改建农村公路", target=120, unit="公里"),
        indicator("i2", "“最多跑一次”事项占比", target=90, unit="%"),
        indicator("i3", "群众满意度", target=90, unit="%"),
    ]
    claims = [
        row("c1", "最多跑一次事项比例", target=90, actual=95, unit="%", row_no=1),
        row("c2", "办结信访案件", target=400, actual=412, unit="件", row_no=2),
        row("c3", "新改建农村公路里程", target=120, actual=108, unit="公里", row_no=3),
    ]
    matches = match_indicators(indicators, claims, None, settings())
    assert [m.indicator_id for m in matches] == ["i1", "i2", "i3"]
    assert [(m.claim_id, m.method) for m in matches] == [("c3", "row_name"), ("c1", "row_name"), (None, "none")]
    road = matches[0]
    assert road.score >= 0.72
    assert road.signals["contain"] > 0 and road.signals["unit"] == 1 and road.signals["target_equal"] == 1
    assert matches[2].score == 0.0 and matches[2].searched == []  # no index: nothing searched
    assert matches[2].signals["best_row_name"] < 0.72
    assert unmatched_claims(claims, matches) == ["c2"]


def test_satisfaction_restatement_needs_corroboration() -> None:
    """群众对政府工作满意度 vs 群众满意度: name alone (0.67) is not enough; the same 二级指标 and a
    compatible unit lift it over the threshold."""
    bare = match_indicators([indicator("i", "群众满意度")], [row("c", "群众对政府工作满意度")], None, settings())
    assert bare[0].claim_id is None
    level = "服务对象满意度指标"
    corroborated = match_indicators(
        [indicator("i", "群众满意度", target=90, unit="%", level2=level)],
        [row("c", "群众对政府工作满意度", target=95, actual=93.5, unit="%", level2=level)], None, settings())
    assert corroborated[0].claim_id == "c"
    assert corroborated[0].signals["level"] == 1 and corroborated[0].signals["unit"] == 1
    assert corroborated[0].signals["name"] < 0.72 <= corroborated[0].score


def test_bonuses_never_rescue_unrelated_names() -> None:
    level = "服务对象满意度指标"
    matches = match_indicators(
        [indicator("i", "群众满意度", target=95, unit="%", level2=level)],
        [row("c", "办结信访率", target=95, actual=98, unit="%", level2=level)], None, settings())
    assert matches[0].claim_id is None


def test_incompatible_units_push_a_close_name_below_threshold() -> None:
    ind = indicator("i", "义务教育巩固率", target=95, unit="%")
    same_unit = match_indicators([ind], [row("c", "义务教育巩固人数", actual=96, unit="%")], None, settings())
    other_unit = match_indicators([ind], [row("c", "义务教育巩固人数", actual=9600, unit="人")], None, settings())
    assert same_unit[0].claim_id == "c"
    assert other_unit[0].claim_id is None
    # an exact name still matches across units: the unit_mismatch flag needs that match
    exact = match_indicators([ind], [row("c", "义务教育巩固率", actual=9600, unit="人")], None, settings())
    assert exact[0].claim_id == "c" and exact[0].signals["unit"] == -1


def test_equal_target_corroborates_a_borderline_name() -> None:
    ind = indicator("i", "群众满意度", target=90, unit="%")
    differ = match_indicators([ind], [row("c", "群众对政府工作满意度", target=95, unit="%")], None, settings())
    equal = match_indicators([ind], [row("c", "群众对政府工作满意度", target=90, unit="%")], None, settings())
    assert differ[0].claim_id is None
    assert equal[0].claim_id == "c" and equal[0].signals["target_equal"] == 1


def test_global_assignment_gives_each_claim_to_its_best_indicator() -> None:
    indicators = [indicator("i-short", "农村公路里程", unit="公里"),
                  indicator("i-exact", "新改建农村公路里程", unit="公里")]
    claims = [row("c1", "新改建农村公路里程", actual=108, unit="公里")]
    matches = match_indicators(indicators, claims, None, settings())
    # both indicators pass the threshold for c1; the exact name wins and c1 is used once
    assert by_indicator(matches, "i-exact").claim_id == "c1"
    loser = by_indicator(matches, "i-short")
    assert loser.claim_id is None and loser.signals["best_row_name"] >= 0.72


def test_global_assignment_is_one_to_one_both_ways() -> None:
    indicators = [indicator("i1", "学生满意度", unit="%"), indicator("i2", "家长满意度", unit="%"),
                  indicator("i3", "学生满意度", unit="%")]  # a duplicate indicator gets no second claim
    claims = [row("c-parent", "家长满意度", actual=95, unit="%", row_no=1),
              row("c-student", "学生满意度", actual=96, unit="%", row_no=2)]
    matches = match_indicators(indicators, claims, None, settings())
    assert [m.claim_id for m in matches] == ["c-student", "c-parent", None]
    assert unmatched_claims(claims, matches) == []


def test_row_name_threshold_comes_from_settings() -> None:
    ind = [indicator("i", "新改建农村公路")]
    claim = [row("c", "新改建农村公路里程")]
    assert match_indicators(ind, claim, None, settings())[0].claim_id == "c"
    assert match_indicators(ind, claim, None, settings(row_name_threshold=0.95))[0].claim_id is None


def test_row_claims_without_a_name_are_not_matched_by_name() -> None:
    matches = match_indicators([indicator("i", "群众满意度")], [row("c", "")], None, settings())
    assert matches[0].claim_id is None and matches[0].method == "none"


# --------------------------------------------------------------------------- retrieval (prose claims)

PROSE = ("全年开展送戏下乡演出三百二十场次，覆盖全县18个乡镇。农村生活垃圾无害化处理量达到3.5万吨。"
         "全年办结信访案件412件。群众对政府工作满意度达到93.5%。一般公共预算收入增长率5%。")


def prose_claim(cid: str, sentence: str, actual: float | None, unit: str, *, name: str = "") -> Claim:
    start = PROSE.index(sentence)
    span = Span(file="自评报告.txt", block=0, start=start, end=start + len(sentence), quote=sentence)
    return Claim(id=cid, kind="prose", name=name, text=sentence,
                 actual=qty(actual, unit) if actual is not None else None,
                 actual_text=f"{actual:g}{unit}" if actual is not None else None, span=span, actual_span=span)


@pytest.fixture
def prose_setup(tmp_path: Path) -> Iterator[tuple[Settings, PassageIndex, list[Claim]]]:
    claims = [
        prose_claim("p-drama", "全年开展送戏下乡演出三百二十场次，覆盖全县18个乡镇。", 320, "场次"),
        prose_claim("p-waste", "农村生活垃圾无害化处理量达到3.5万吨。", 3.5, "万吨"),
        prose_claim("p-petition", "全年办结信访案件412件。", 412, "件"),
        prose_claim("p-satisfaction", "群众对政府工作满意度达到93.5%。", 93.5, "%"),
        prose_claim("p-income", "一般公共预算收入增长率5%。", 5, "%"),
    ]
    doc = Document(path="/tmp/自评报告.txt", name="自评报告.txt", format="txt", sha256="cd" * 32,
                   blocks=[Block(index=0, kind="paragraph", text=PROSE)])
    s = settings(tmp_path)
    index = PassageIndex(s, HashEmbedder(), namespace="match-test", temporary=True)
    passages = passages_from_report(doc, ReportExtraction(document=doc.name, claims=claims))
    assert [p.claim_id for p in passages] == ["p-drama", "p-waste", "p-petition", "p-satisfaction",
                                                "p-income"]
    index.add(passages)
    yield s, index, claims
    index.close()


def test_prose_claim_found_through_retrieval(prose_setup: tuple[Settings, PassageIndex, list[Claim]]) -> None:
    s, index, claims = prose_setup
    ind = indicator("i-drama", "送戏下乡演出场次", target=300, unit="场次")
    [m] = match_indicators([ind], claims, index, s)
    assert (m.claim_id, m.method) == ("p-drama", "retrieval")
    assert m.score >= s.retrieval.match_threshold
    assert {"name", "bm25", "vector", "rrf", "fused", "unit", "retrieval"} <= set(m.signals)
    assert m.signals["unit"] == 1
    assert m.searched and m.searched[0].text.startswith("全年开展送戏下乡演出")


def test_incompatible_unit_prevents_a_prose_match(prose_setup: tuple[Settings, PassageIndex, list[Claim]]) -> None:
    s, index, claims = prose_setup
    # the sentence names the same thing, but states tonnes, not a rate
    ind = indicator("i-waste", "农村生活垃圾无害化处理率", target=95, unit="%")
    [m] = match_indicators([ind], claims, index, s)
    assert m.claim_id is None and m.method == "none"
    assert m.searched[0].text == "农村生活垃圾无害化处理量达到3.5万吨。"  # what was searched is kept
    assert "p-waste" in unmatched_claims(claims, [m])


@pytest.mark.parametrize(("name", "unit"), [("贫困户满意度", "%"), ("一般公共预算支出增长率", "%")])
def test_prose_about_another_indicator_is_refused(
        prose_setup: tuple[Settings, PassageIndex, list[Claim]], name: str, unit: str) -> None:
    s, index, claims = prose_setup
    [m] = match_indicators([indicator("i", name, target=90, unit=unit)], claims, index, s)
    assert m.claim_id is None, m.signals


def test_prose_without_the_indicator_name_is_refused(
        prose_setup: tuple[Settings, PassageIndex, list[Claim]]) -> None:
    s, index, claims = prose_setup
    ind = indicator("i-roads", "新改建农村公路里程", target=120, unit="公里")
    [m] = match_indicators([ind], claims, index, s)
    assert m.claim_id is None
    # the closest passages are kept for the not_reported flag, even a high-ranked sentence that shares
    # only 农村 with the name
    assert len(m.searched) == s.retrieval.top_k == len(index)
    assert m.searched[0].score > s.retrieval.match_threshold
    assert all(h.signals for h in m.searched)


def test_match_threshold_comes_from_settings(prose_setup: tuple[Settings, PassageIndex, list[Claim]]) -> None:
    s, index, claims = prose_setup
    strict = s.model_copy(update={"retrieval": s.retrieval.model_copy(update={"match_threshold": 0.99})})
    ind = indicator("i-drama", "送戏下乡演出场次", target=300, unit="场次")
    [m] = match_indicators([ind], claims, index, strict)
    assert m.claim_id is None and m.signals["best_retrieval"] < 0.99


def test_rows_first_then_prose_each_claim_once(prose_setup: tuple[Settings, PassageIndex, list[Claim]]) -> None:
    s, index, claims = prose_setup
    indicators = [
        indicator("i-sat-row", "群众满意度", target=90, unit="%"),
        indicator("i-sat-prose", "群众对政府工作满意度", target=90, unit="%"),
        indicator("i-drama", "送戏下乡演出场次", target=300, unit="场次"),
        indicator("i-drama-2", "送戏下乡演出场次", target=300, unit="场次"),
    ]
    all_claims = [row("r-sat", "群众满意度", target=90, actual=93.5, unit="%"), *claims]
    matches = match_indicators(indicators, all_claims, index, s)
    got = {m.indicator_id: (m.claim_id, m.method) for m in matches}
    assert got["i-sat-row"] == ("r-sat", "row_name")
    assert got["i-sat-prose"] == ("p-satisfaction", "retrieval")
    assert got["i-drama"] == ("p-drama", "retrieval")
    assert got["i-drama-2"] == (None, "none")  # the sentence is already taken
    assert by_indicator(matches, "i-drama-2").signals["best_retrieval"] >= s.retrieval.match_threshold
    assert by_indicator(matches, "i-sat-row").searched == []  # row matches search nothing
    assert set(unmatched_claims(all_claims, matches)) == {"p-waste", "p-petition", "p-income"}


@pytest.mark.parametrize("with_names", [True, False])
def test_one_sentence_with_several_claims(tmp_path: Path, with_names: bool) -> None:
    """Claims sharing a sentence (as extract writes them: same sentence span, own actual span) each go to
    the indicator named in their own clause, also when their units are the same."""
    text = "开展送戏下乡演出320场次，举办技能培训班860人次。森林覆盖率达到62.3%，农村自来水普及率达到95%。"
    sentences = [(0, text.index("。") + 1), (text.index("。") + 1, len(text))]
    specs = [("c-drama", "送戏下乡演出", "320场次", 320, "场次"), ("c-train", "举办技能培训班", "860人次", 860, "人次"),
             ("c-forest", "森林覆盖率", "62.3%", 62.3, "%"), ("c-water", "农村自来水普及率", "95%", 95, "%")]
    claims = []
    for cid, name, actual, value, unit in specs:
        start = text.index(actual)
        s0, s1 = next(se for se in sentences if se[0] <= start < se[1])
        claims.append(Claim(
            id=cid, kind="prose", name=name if with_names else "", text=text[s0:s1], actual=qty(value, unit),
            actual_text=actual, span=Span(file="r.txt", block=0, start=s0, end=s1, quote=text[s0:s1]),
            actual_span=Span(file="r.txt", block=0, start=start, end=start + len(actual), quote=actual)))
    doc = Document(path="/tmp/r.txt", name="r.txt", format="txt", sha256="12" * 32,
                   blocks=[Block(index=0, kind="paragraph", text=text)])
    indicators = [indicator("i-water", "农村自来水普及率", target=90, unit="%"),
                  indicator("i-train", "技能培训人次", target=800, unit="人次"),
                  indicator("i-forest", "森林覆盖率", target=60, unit="%"),
                  indicator("i-drama", "送戏下乡演出场次", target=300, unit="场次")]
    s = settings(tmp_path)
    with PassageIndex(s, HashEmbedder(), namespace=f"multi-{with_names}", temporary=True) as index:
        index.add(passages_from_report(doc, ReportExtraction(document=doc.name, claims=claims)))
        matches = match_indicators(indicators, claims, index, s)
    assert {m.indicator_id: m.claim_id for m in matches} == {
        "i-water": "c-water", "i-train": "c-train", "i-forest": "c-forest", "i-drama": "c-drama"}
    assert all(m.method == "retrieval" for m in matches)


def test_prose_claim_without_an_actual_is_refused(tmp_path: Path) -> None:
    text = "全年开展送戏下乡演出活动，群众反响良好。"
    claim = Claim(id="p", kind="prose", text=text, span=Span(file="r.txt", block=0, start=0, end=len(text)))
    doc = Document(path="/tmp/r.txt", name="r.txt", format="txt", sha256="ef" * 32,
                   blocks=[Block(index=0, kind="paragraph", text=text)])
    s = settings(tmp_path)
    with PassageIndex(s, HashEmbedder(), namespace="no-actual", temporary=True) as index:
        index.add(passages_from_report(doc, ReportExtraction(document=doc.name, claims=[claim])))
        [m] = match_indicators([indicator("i", "送戏下乡演出活动", target=300, unit="场次")], [claim], index, s)
    assert m.claim_id is None and m.searched[0].passage_id.endswith(":0:0")


def test_one_match_per_indicator_with_nothing_to_match(tmp_path: Path) -> None:
    assert match_indicators([], [row("c", "群众满意度")], None, settings()) == []
    matches = match_indicators([indicator("a", "群众满意度"), indicator("b", "森林覆盖率")], [], None, settings())
    assert [(m.indicator_id, m.claim_id, m.method) for m in matches] == [("a", None, "none"), ("b", None, "none")]


# --------------------------------------------------------------------------- prose written differently


def _extracted_setup(tmp_path: Path, text: str, namespace: str) -> tuple[Settings, PassageIndex, list[Claim]]:
    from docreview.extract import extract_report

    doc = Document(path="/tmp/自评报告.txt", name="自评报告.txt", format="txt", sha256="ab" * 32,
                   blocks=[Block(index=i, kind="paragraph", text=p) for i, p in enumerate(text.split("\n"))])
    rx = extract_report(doc)
    s = settings(tmp_path)
    index = PassageIndex(s, HashEmbedder(), namespace=namespace, temporary=True)
    index.add(passages_from_report(doc, rx))
    return s, index, rx.claims


def test_core_name_drops_the_measure_word() -> None:
    from docreview.match import core_name

    assert core_name("群众投诉件数") == "群众投诉"
    assert core_name("年度轮换数量") == "轮换"
    assert core_name("粮食应急供应保障天数") == "粮食应急供应保障"
    assert core_name("群众满意度") == "群众满意度"
    assert core_name("件数") == "件数"  # nothing would be left
    assert core_name("年度人数") == "年度人数"


def test_unit_stands_for_the_measure_word(tmp_path: Path) -> None:
    """`投诉7件` answers 群众投诉件数: 件 says 件数, and 群众…投诉 is in the clause."""
    text = ("全年共受理群众关于垃圾清运不及时、垃圾桶破损的投诉7件，均已在三个工作日内办结回复。\n"
            "全年轮换储备粮一万一千八百吨，较年度计划少二百吨。\n"
            "轮换空库期最长三个月。")
    s, index, claims = _extracted_setup(tmp_path, text, "measure-word")
    indicators = [Indicator(id="i-complaints", name="群众投诉件数", unit="件", target=qty(5, "件", "<="),
                            target_text="≤5件", span=POLICY),
                  Indicator(id="i-rotation", name="年度轮换数量", unit="万吨", target=qty(1.2, "万吨", ">="),
                            target_text="≥1.2万吨", span=POLICY)]
    with index:
        matches = match_indicators(indicators, claims, index, s)
    got = {m.indicator_id: next(c for c in claims if c.id == m.claim_id) for m in matches if m.claim_id}
    assert got["i-complaints"].actual is not None and got["i-complaints"].actual.value == 7
    assert got["i-rotation"].actual is not None and got["i-rotation"].actual.value == 11800


def test_measure_word_needs_the_unit_to_agree(tmp_path: Path) -> None:
    # 轮换 is in the clause, but 三个月 cannot say 数量 of tonnes
    text = "轮换空库期最长三个月。"
    s, index, claims = _extracted_setup(tmp_path, text, "measure-word-unit")
    ind = Indicator(id="i", name="年度轮换数量", unit="万吨", target=qty(1.2, "万吨", ">="), target_text="≥1.2万吨",
                    span=POLICY)
    with index:
        [m] = match_indicators([ind], claims, index, s)
    assert m.claim_id is None


def test_sole_claim_in_the_target_unit_ranked_first(tmp_path: Path) -> None:
    """`可满足全市居民20天的口粮应急供应需求` answers 粮食应急供应保障天数 although only 应急供应 is shared:
    the passage ranks first and it is the only figure in 天 among the hits."""
    text = ("市级储备粮可满足全市居民20天的口粮应急供应需求。\n"
            "年末市级储备粮实际库存35120吨。\n"
            "全年抽检储备粮样品四十六份，质量达标率100%。")
    s, index, claims = _extracted_setup(tmp_path, text, "sole-measure")
    ind = Indicator(id="i", name="粮食应急供应保障天数", unit="天", target=qty(15, "天", ">="),
                    target_text="≥15天", span=POLICY)
    with index:
        [m] = match_indicators([ind], claims, index, s)
    claim = next(c for c in claims if c.id == m.claim_id)
    assert claim.actual is not None and (claim.actual.value, claim.actual.unit) == (20, "天")
    assert m.signals["sole_measure"] == 1.0


def test_sole_claim_rule_refuses_two_candidates_in_the_unit(tmp_path: Path) -> None:
    text = ("市级储备粮可满足全市居民20天的口粮应急供应需求，成品粮可满足10天。")
    s, index, claims = _extracted_setup(tmp_path, text, "sole-measure-two")
    ind = Indicator(id="i", name="粮食应急供应保障天数", unit="天", target=qty(15, "天", ">="),
                    target_text="≥15天", span=POLICY)
    with index:
        [m] = match_indicators([ind], claims, index, s)
    assert m.claim_id is None


def test_word_answer_needs_a_clear_name(tmp_path: Path) -> None:
    text = ("特殊困难老年人家庭适老化改造工作已全面完成。\n"
            "老旧小区改造项目已全面完成。")
    s, index, claims = _extracted_setup(tmp_path, text, "worded")
    indicators = [Indicator(id="i-age", name="特殊困难老年人家庭适老化改造", unit="户",
                            target=qty(200, "户", ">="), target_text="200户", span=POLICY),
                  Indicator(id="i-homes", name="困难家庭住房改造", unit="户",
                            target=qty(50, "户", ">="), target_text="50户", span=POLICY)]
    with index:
        matches = match_indicators(indicators, claims, index, s)
    got = {m.indicator_id: m.claim_id for m in matches}
    age = next(c for c in claims if c.id == got["i-age"])
    assert age.actual is not None and age.actual.text == "已全面完成"
    assert got["i-homes"] is None  # 改造 alone is no evidence for a word answer
