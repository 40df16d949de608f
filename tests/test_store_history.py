"""A unit's history across years and the ranking across units (domain.md §7.4, §5), on real SQLite files and a
real PostgreSQL server (the ``settings``/``ws`` fixtures of ``test_store``)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from docreview import auth
from docreview.models import KindDecision, Quantity, Review
from docreview.settings import Settings, StoreSettings
from docreview.store import Workspace
from docreview.store.history import unit_key
from docreview.store.intake import Upload, review_uploads
from docreview.store.ranking import ranking_to_xlsx
from store_samples import make_review

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ws(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A workspace on a SQLite file, and on a fresh database of the test PostgreSQL server (conftest ``pg_url``)."""
    url = f"sqlite:///{tmp_path / 'docreview.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    w = Workspace(Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=url)))
    yield w
    w.close()


def _save(ws: Workspace, review: Review, unit: str, *, batch: int | None = None, tag: str = "") -> int:
    """Save ``review`` for ``unit`` with documents of its own (one document set per call)."""
    tag = tag or f"{unit}-{review.year}-{review.id}"
    report = ws.store_document(f"report of {tag}".encode(), "report_自评表.xlsx", user="admin")
    if batch is None:
        batch = ws.create_batch(f"{review.year or ''}年度审核", user="admin").id
    return ws.save_review(batch, review, [(report, "report")], user="admin", unit_name=unit).id


def _year(review: Review, year: int | None, *, kind: str | None = None, computed: float | None = None,
          self_total: float | None = None) -> Review:
    score = review.score.model_copy(update={k: v for k, v in (("computed_total", computed), ("self_total", self_total))
                                            if v is not None})
    return review.model_copy(update={
        "year": year, "score": score,
        "kind": KindDecision(kind=kind, reason="测试") if kind else None})  # type: ignore[arg-type]


def test_unit_key_folds_width_and_spaces() -> None:
    assert unit_key(" 白石县 人社局　") == unit_key("白石县人社局") == "白石县人社局"
    assert unit_key("ＡＢ县交通局") == unit_key("ab县交通局")
    assert unit_key("白石县人社局") != unit_key("白石县财政局")


def test_history_links_a_unit_across_years(ws: Workspace) -> None:
    ws.add_user("admin", role="admin", password="admin-password")
    r2023 = _save(ws, _year(make_review(road_actual=100), 2023), "某县交通运输局")
    # the same unit written with a full-width space and letters: linked; last year a target table too
    r2024 = _save(ws, _year(make_review(road_actual=110), 2024), " 某县交通运输局　")
    target_2024 = _save(ws, _year(make_review(), 2024, kind="target"), "某县交通运输局", tag="target")
    other = _save(ws, _year(make_review(), 2023), "某县财政局")
    no_year = _save(ws, make_review(), "某县交通运输局", tag="no-year")

    assert ws.unit_names(user=None) == ["某县交通运输局", "某县财政局"]
    h = ws.unit_history("某县交通运输局", user=None)
    assert h.years == [2023, 2024]
    assert {r.review_id for r in h.reviews} == {r2023, r2024, target_2024, no_year}
    assert h.reviews[-1].review_id == no_year and h.reviews[-1].year is None  # listed, placed in no year
    assert h.year_review == {2023: r2023, 2024: r2024}  # the self-evaluation stands for 2024, not the target table
    assert [(p.year, p.review_id, p.computed_total, p.self_total, p.gap) for p in h.trend] == [
        (2023, r2023, 73.5, 95.0, 21.5), (2024, r2024, 73.5, 95.0, 21.5)]
    comparison = h.comparison()
    assert comparison is not None and (comparison.year, comparison.previous_year) == (2024, 2023)
    road = next(r for r in comparison.rows if r.name == "新改建农村公路里程")
    assert road.previous is not None and road.current is not None
    assert (road.previous.target_text, road.previous.actual_text, road.previous.self_score, road.previous.missed) == (
        "≥120公里", "100公里", 20.0, True)
    assert (road.current.actual_text, road.current.review_id) == ("110公里", r2024)
    first = h.comparison(2023)
    assert first is not None and first.previous_year is None and all(r.previous is None for r in first.rows)

    # the baseline of a new review: the latest earlier year-end review of the same unit
    earlier = ws.earlier_review("某县交通运输局", 2025, user=None)
    assert earlier is not None and earlier.id == r2024
    assert ws.earlier_review("某县交通运输局", 2024, user=None).id == r2023  # type: ignore[union-attr]
    assert ws.earlier_review("某县交通运输局", 2023, user=None) is None
    assert ws.earlier_review("某县交通运输局", None, user=None) is None  # a document without a year: earlier cannot be told
    assert ws.earlier_review("某县财政局", 2024, user=None).id == other  # type: ignore[union-attr]
    assert ws.earlier_review("某县水利局", 2024, user=None) is None


def test_history_keeps_projects_apart(ws: Workspace) -> None:
    ws.add_user("admin", role="admin", password="admin-password")

    def with_project(review: Review, project: str) -> Review:
        return review.model_copy(update={"indicators": [i.model_copy(update={"project": project})
                                                        for i in review.indicators]})

    roads = _save(ws, with_project(_year(make_review(), 2023), "农村公路建设项目"), "某县交通运输局")
    _save(ws, with_project(_year(make_review(), 2023), "公交补贴项目"), "某县交通运输局")
    assert ws.unit_history("某县交通运输局", user=None).projects == ["公交补贴项目", "农村公路建设项目"]
    assert ws.earlier_review("某县交通运输局", 2024, project="农村公路建设项目", user=None).id == roads  # type: ignore[union-attr]
    h = ws.unit_history("某县交通运输局", project="农村公路建设项目", user=None)
    assert [r.review_id for r in h.reviews] == [roads]


def test_intake_takes_the_baseline_from_a_stored_earlier_review(ws: Workspace) -> None:
    """k08: 2023 and 2024 self-evaluations of one unit, uploaded a year apart; the 2024 review is compared with
    the stored 2023 one without its file being uploaded again."""
    ws.add_user("alice", role="reviewer", password="alice-password")
    case = CORPUS / "k08_baishi_jineng"
    first = review_uploads(ws, policies=[], reports=[Upload(filename="2023年自评表.xlsx",
                                                            data=(case / "history.xlsx").read_bytes())],
                           batch_name="2023年度", unit_name="白石县人力资源和社会保障局", user="alice")
    assert not first.errors and first.baselines == {}
    (r2023,) = first.reviews
    second = review_uploads(ws, policies=[], reports=[Upload(filename="2024年自评表.xlsx",
                                                             data=(case / "report.xlsx").read_bytes())],
                            batch_name="2024年度", unit_name="白石县人力资源和社会保障局　", user="alice")
    assert not second.errors
    (r2024,) = second.reviews
    assert second.baselines == {r2024.id: r2023.id}
    assert f"上年对照：白石县人力资源和社会保障局 2023年审核记录 #{r2023.id}" in second.notes[r2024.id]
    review = ws.get_review(r2024.id, user=None).review
    assert review.year == 2024 and review.history_files == ["2023年自评表.xlsx"] and review.baseline
    found = {(f.type, f.indicator) for f in review.flags if f.type in ("target_below_baseline", "repeated_miss")}
    assert found == {("target_below_baseline", "开展职业技能培训"), ("repeated_miss", "培训后就业率")}

    # another unit's stored review is never a baseline
    third = review_uploads(ws, policies=[], reports=[Upload(filename="2024年自评表.xlsx",
                                                            data=(case / "report.xlsx").read_bytes())],
                           batch_name="2024年度", unit_name="黑石县人社局", user="alice")
    assert third.baselines == {}
    assert not [f for f in ws.get_review(third.reviews[0].id, user=None).review.flags if f.type == "target_below_baseline"]


def test_batch_ranking_and_notice_table(ws: Workspace) -> None:
    ws.add_user("admin", role="admin", password="admin-password")
    batch = ws.create_batch("2024年度审核", user="admin").id
    scores = {"甲单位": (90.0, 92.0), "乙单位": (70.0, 95.0), "丙单位": (90.0, 90.5)}
    ids = {u: _save(ws, _year(make_review(), 2024, computed=c, self_total=s), u, batch=batch)
           for u, (c, s) in scores.items()}
    target = _year(make_review(), 2024, kind="target")
    target.score = target.score.model_copy(update={"computed_total": None, "self_total": None, "rating": None})
    _save(ws, target, "丁单位", batch=batch)
    # an earlier year of 甲单位 in another batch does not enter this batch's ranking
    _save(ws, _year(make_review(), 2023, computed=10.0, self_total=99.0), "甲单位")
    flags = ws.get_review(ids["乙单位"], user=None).flags
    ws.set_verdict(flags[0].id, "确认", "", user="admin", expected_version=0)
    ws.set_verdict(flags[1].id, "驳回", "", user="admin", expected_version=0)
    ws.set_verdict(flags[2].id, "需补充材料", "", user="admin", expected_version=0)

    ranking = ws.batch_ranking(batch, user=None)
    rows = [(u.unit_name, u.score_rank, u.computed_total, u.gap, u.gap_rank, u.flags, u.open_flags, u.confirmed_flags)
            for u in ranking.units]
    assert rows == [("丙单位", 1, 90.0, 0.5, 3, 4, 4, 0),  # a tie shares rank 1
                    ("甲单位", 1, 90.0, 2.0, 2, 4, 4, 0),
                    ("乙单位", 3, 70.0, 25.0, 1, 4, 2, 1),  # 需补充材料 stays open, 驳回 does not
                    ("丁单位", None, None, None, None, 4, 4, 0)]  # a target table is not scored: last
    assert ranking.units[3].kinds == ["绩效目标表"] and ranking.units[3].rating is None
    assert [u.unit_name for u in ranking.by_gap()][:3] == ["乙单位", "甲单位", "丙单位"]
    assert ranking.units[2].confirmed_text() == "未完成目标×1"

    # the workspace-wide ranking takes each unit's latest year only
    everywhere = {u.unit_name: u for u in ws.batch_ranking(None, user=None).units}
    assert everywhere["甲单位"].computed_total == 90.0 and everywhere["甲单位"].review_ids == [ids["甲单位"]]

    book = openpyxl.load_workbook(io.BytesIO(ranking_to_xlsx(ranking, ws.indicator_benchmarks(batch, user=None))))
    sheet = book["通报表"]
    assert "2024年度审核 绩效审核结果通报" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:8] == ["排名", "单位", "文件类型", "规则计算总分", "单位自评总分", "自评与计算差额",
                                             "差额排名", "评级"]
    assert [c.value for c in sheet[5]][:12] == [3, "乙单位", "绩效自评", 70, 95, 25, 1, "中", 4, 2, 1, "未完成目标×1"]
    assert sheet.cell(row=6, column=2).value == "丁单位" and sheet.cell(row=6, column=1).value is None
    bench = book["指标对标"]
    assert [c.value for c in bench[2]] == ["指标", "单位数", "计量单位", "最小目标", "中位目标", "最大目标", "各单位目标", "提示"]


def test_indicator_benchmarks_spread_and_identical_targets(ws: Workspace) -> None:
    ws.add_user("admin", role="admin", password="admin-password")
    batch = ws.create_batch("2024年度审核", user="admin").id

    def road_target(text: str, value: float, unit: str) -> Review:
        review = make_review()
        return review.model_copy(update={"indicators": [
            i.model_copy(update={"target_text": text, "target": Quantity(value=value, unit=unit, direction=">=")})
            if i.name == "新改建农村公路里程" else i for i in review.indicators]})

    _save(ws, road_target("≥120公里", 120, "公里"), "甲单位", batch=batch)
    _save(ws, road_target("≥150公里", 150, "公里"), "乙单位", batch=batch)
    _save(ws, road_target("≥12万米", 12, "万米"), "丙单位", batch=batch)  # the same 120公里, written otherwise
    _save(ws, make_review(), "其他批次单位")  # outside the batch

    marks = {b.name: b for b in ws.indicator_benchmarks(batch, user=None)}
    road = marks["新改建农村公路里程"]
    assert road.units == 3 and road.unit == "公里"
    assert (road.minimum, road.median, road.maximum) == (120, 120, 150)  # 12万米 = 120公里
    assert road.duplicates == [["丙单位", "甲单位"]] and "不同单位目标相同" in road.note()
    satisfaction = marks["群众满意度"]
    assert satisfaction.duplicates == [["丙单位", "乙单位", "甲单位"]] and satisfaction.severity == "low"
    assert [t.target_text for t in road.targets] == ["≥12万米", "≥150公里", "≥120公里"]  # by unit name
    assert {b.units for b in ws.indicator_benchmarks(None, user=None)} == {4}  # the whole workspace


@pytest.mark.parametrize("name", ["", "  "])
def test_no_unit_is_no_history(ws: Workspace, name: str) -> None:
    assert ws.unit_history(name, user=None).reviews == [] and ws.earlier_review(name, 2024, user=None) is None
