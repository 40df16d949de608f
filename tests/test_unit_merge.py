"""单位管理 (issue 15): merging unit names into one canonical name, on real SQLite files and a real PostgreSQL server,
and the admin page in the app (``streamlit.testing.v1.AppTest``).

After a merge the dashboard, 排名通报, 历史对比, the batch export and the earlier-year baseline see one unit; a review
the queue keyed by unit and kinds keeps its versions under the merged name (a re-upload is its next version); only
an admin may merge; the old names stay in the audit log."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from docreview import auth
from docreview.errors import AccessError, StoreError
from docreview.models import Review
from docreview.settings import Settings, StoreSettings
from docreview.store import Workspace, jobs
from docreview.store.batch_export import batch_to_xlsx
from docreview.store.history import unit_key, unit_version_key
from docreview.store.intake import unit_reviews
from docreview.store.jobs import ReviewUnit, UnitFile
from store_samples import make_review

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app" / "main.py")
sys.path.insert(0, str(ROOT / "app"))
import shell as ui  # noqa: E402  (the app's shell module, from app/)

CITY, CITY_OWN, TYPO, ROADS = "某市财政局", "某市财政局(本级)", "某市材政局", "某县交通局"


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ws(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A workspace on a SQLite file, and on a fresh database of the test PostgreSQL server (conftest ``pg_url``)."""
    url = f"sqlite:///{tmp_path / 'docreview.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    w = Workspace(Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=url)))
    w.add_team("财政一科")
    w.add_team("财政二科")
    w.add_user("admin", role="admin", password="admin-password")
    w.add_user("lead", role="lead", password="lead-password", team="财政一科")
    w.add_user("reviewer", password="reviewer-password", team="财政一科")
    yield w
    w.close()


def _year(year: int, *, road_actual: float = 108.0) -> Review:
    return make_review(road_actual=road_actual).model_copy(update={"year": year})


def _queued(ws: Workspace, batch: int, unit: str, review: Review, *, tag: str) -> int:
    """``review`` saved as the queue saves a unit's review: a job for the unit's 自评表 (kind given, so the review
    is keyed by unit and kinds), claimed and finished by a worker; returns the review id."""
    sha = ws.store_document(f"自评表 of {unit} {tag}".encode(), "自评表.xlsx", user="admin")
    job = jobs.create_jobs(ws, batch, [ReviewUnit(files=[UnitFile(sha256=sha, role="report", filename="自评表.xlsx",
                                                                  kind="self_eval_table")], unit_name=unit)],
                           profile="default", user="admin")[0]
    running = jobs.claim(ws, job.id, job.key, worker="w1", lease_s=60)
    assert running is not None
    return jobs.finish(ws, running, worker="w1", review=review, documents=[(sha, "report", "自评表.xlsx")]).id


def _saved(ws: Workspace, batch: int, unit: str, review: Review, *, tag: str) -> int:
    """``review`` saved directly (keyed by its files' bytes, as the CLI intake saves it)."""
    sha = ws.store_document(f"report of {unit} {tag}".encode(), "自评表.xlsx", user="admin")
    return ws.save_review(batch, review, [(sha, "report")], user="admin", unit_name=unit).id


def test_a_merge_makes_one_unit_everywhere(ws: Workspace) -> None:
    b2023 = ws.create_batch("2023年度审核", user="admin", team="财政二科").id
    b2024 = ws.create_batch("2024年度审核", user="admin", team="财政一科").id
    old = _saved(ws, b2023, CITY_OWN, _year(2023), tag="2023")
    new = _queued(ws, b2024, CITY, _year(2024, road_actual=100.0), tag="2024")
    typo = _saved(ws, b2024, TYPO + " ", _year(2024), tag="typo")
    roads = _saved(ws, b2024, ROADS, _year(2024), tag="roads")

    before = {u.name: u for u in ws.unit_overview(user="admin")}
    assert sorted(before) == sorted([CITY, CITY_OWN, TYPO, ROADS])
    assert before[CITY_OWN].teams == ["财政二科"] and before[CITY].teams == ["财政一科"]
    assert len(ws.dashboard(user="admin").units) == 4
    assert ws.earlier_review(CITY, 2024, user="admin") is None  # 2023 is filed under another name

    merged = ws.merge_units([CITY_OWN, TYPO], CITY, user="admin")
    assert merged.unit_name == CITY and merged.merged == sorted([CITY_OWN, TYPO])
    assert sorted(merged.reviews) == sorted([old, typo])

    after = {u.name: u for u in ws.unit_overview(user="admin")}
    assert sorted(after) == sorted([CITY, ROADS])
    assert (after[CITY].reviews, after[CITY].batches, after[CITY].teams) == (3, 2, ["财政一科", "财政二科"])
    # the dashboard, the ranking, the history and the baseline: one unit
    assert sorted(ws.dashboard(user="admin").units) == sorted([CITY, ROADS])
    assert sorted(u.unit_name for u in ws.batch_ranking(b2024, user="admin").units) == sorted([CITY, ROADS])
    hist = ws.unit_history(CITY, user="admin")
    assert sorted(r.review_id for r in hist.reviews) == sorted([old, new, typo]) and hist.years == [2023, 2024]
    earlier = ws.earlier_review(CITY, 2024, user="admin")
    assert earlier is not None and earlier.id == old
    # the queue's baseline lookup by the stored, indexed unit key: the key followed the name in the merge
    assert sorted(r.summary.id for r in unit_reviews(ws, CITY, user="admin")) == sorted([old, new, typo])
    assert unit_reviews(ws, CITY_OWN, user="admin") == []
    # the batch export: the 2024 batch's units under the merged name
    book = openpyxl.load_workbook(io.BytesIO(batch_to_xlsx(ws.latest_records(batch_id=b2024, user="admin"),
                                                           ws.batch_ranking(b2024, user="admin"), batch_name="2024")))
    units = [row[0] for row in book["汇总"].iter_rows(min_row=3, values_only=True) if row[0]]
    assert sorted(units) == sorted([CITY, CITY, ROADS])
    # the old names stay in the audit log
    entry = ws.audit_for("unit", CITY, user="admin")[-1]
    assert (entry.user, entry.action, entry.before["names"]) == ("admin", "merge", sorted([CITY_OWN, TYPO]))
    assert sorted(entry.after["reviews"]) == sorted([old, typo])
    renamed = ws.audit_for("review", old, user="admin", action="update")
    assert [(e.before, e.after) for e in renamed] == [({"unit_name": CITY_OWN}, {"unit_name": CITY})]
    assert ws.get_review(roads, user="admin").summary.unit_name == ROADS  # untouched


def test_a_merged_review_keeps_its_versions_under_the_new_name(ws: Workspace) -> None:
    batch = ws.create_batch("2024年度审核", user="admin", team="财政一科").id
    first = _queued(ws, batch, CITY_OWN, _year(2024), tag="v1")
    flag = ws.get_review(first, user="admin").flags[0]
    ws.set_verdict(flag.id, "确认", "合并前的结论", user="reviewer", expected_version=0)
    ws.assign_review(first, "reviewer", user="lead")

    merged = ws.merge_units([CITY_OWN], CITY, user="admin")
    assert (merged.rekeyed, merged.kept_apart, merged.jobs) == (1, 0, 1)
    row = ws.get_review(first, user="admin").summary
    assert row.docset_key == unit_version_key(CITY, ["self_eval_table"])
    assert [r.id for r in ws.list_reviews(user="reviewer", assigned_to="reviewer")] == [first]
    assert jobs.batch_progress(ws, batch, user="admin").jobs[0].unit_name == CITY

    # a corrected 自评表 uploaded under the merged name is version 2 of that review, the verdict carried over
    second = _queued(ws, batch, CITY, _year(2024), tag="v2")
    v2 = ws.get_review(second, user="admin")
    assert (v2.summary.version, v2.summary.unit_name) == (2, CITY)
    carried = next(f for f in v2.flags if f.flag_key == flag.flag_key)
    assert (carried.decision, carried.verdict.comment if carried.verdict else None) == ("confirmed", "合并前的结论")


def test_two_merged_reviews_of_the_same_kinds_in_one_batch_stay_apart(ws: Workspace) -> None:
    batch = ws.create_batch("2024年度审核", user="admin", team="财政一科").id
    a = _queued(ws, batch, CITY, _year(2024), tag="a")
    b = _queued(ws, batch, CITY_OWN, _year(2024), tag="b")
    key_a = ws.get_review(a, user="admin").summary.docset_key
    merged = ws.merge_units([CITY_OWN], CITY, user="admin")
    assert (merged.rekeyed, merged.kept_apart, merged.reviews) == (0, 1, [b])
    summaries = {r.id: r for r in ws.list_reviews(user="admin", batch_id=batch)}
    assert {r.unit_name for r in summaries.values()} == {CITY}
    assert summaries[a].docset_key == key_a and summaries[b].docset_key != key_a  # two reviews, each version 1
    assert ws.dashboard(batch, user="admin").units == [CITY]


def test_only_an_admin_may_merge_and_the_errors_are_chinese(ws: Workspace) -> None:
    batch = ws.create_batch("2024年度审核", user="admin", team="财政一科").id
    rid = _saved(ws, batch, CITY_OWN, _year(2024), tag="x")
    for who in ("lead", "reviewer"):
        with pytest.raises(AccessError, match="只有管理员"):
            ws.merge_units([CITY_OWN], CITY, user=who)
        with pytest.raises(AccessError):
            ws.unit_overview(user=who)
    assert ws.get_review(rid, user="admin").summary.unit_name == CITY_OWN
    assert ws.audit_for("unit", user="admin") == []
    with pytest.raises(StoreError, match="请填写合并后的单位名称"):
        ws.merge_units([CITY_OWN], "　 ", user="admin")
    with pytest.raises(StoreError, match="请选择要合并的单位"):
        ws.merge_units(["", " "], CITY, user="admin")
    with pytest.raises(StoreError, match="没有需要合并的单位名称"):
        ws.merge_units([ROADS], ROADS, user="admin")
    # the merged name is cleaned like every unit name (full width folded, trimmed)
    assert ws.merge_units([CITY_OWN], "　某市财政局 ", user="admin").unit_name == CITY


# ---------------------------------------------------------------------- the page


@pytest.fixture
def app_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setenv("DOCREVIEW_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("DOCREVIEW_DATABASE_URL", raising=False)
    monkeypatch.setenv("DOCREVIEW_AUTH_DELAY_S", "0")
    ui._open_workspace.clear()
    w = Workspace(Settings())
    w.add_team("财政一科")
    w.add_user("admin", role="admin", password="admin-password")
    w.add_user("lead", role="lead", password="lead-password", team="财政一科")
    yield w
    w.close()
    ui._open_workspace.clear()


def _sign_in(name: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_the_admin_page_merges_units(app_ws: Workspace) -> None:
    batch = app_ws.create_batch("2024年度审核", user="admin", team="财政一科").id
    for unit in (CITY, CITY_OWN, ROADS):
        _saved(app_ws, batch, unit, _year(2024), tag=unit)
    at = _sign_in("admin", "admin-password")
    at.switch_page(str(ui.PAGES["units"][0])).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert sorted(table["单位"]) == sorted([CITY, CITY_OWN, ROADS]) and list(table["审核记录"]) == [1, 1, 1]
    pick = at.multiselect(key="units_merge_pick")
    assert at.button(key="units_merge").disabled
    assert f"{CITY_OWN}（1 条审核记录）" in pick.options
    pick.set_value([unit_key(CITY_OWN), unit_key(CITY)]).run()
    into = at.selectbox(key="units_merge_into")
    assert into.options == [CITY_OWN, CITY, "＋ 新单位（输入名称）"]  # the chosen units, or a new name
    into.set_value(CITY).run()
    at.checkbox(key="units_merge_sure").check().run()
    at.button(key="units_merge").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [ui.markdown_text(f"已将「{CITY_OWN}」合并为「{CITY}」：1 条审核记录（含各版本）。")]
    assert sorted(at.dataframe[0].value["单位"]) == sorted([CITY, ROADS])
    assert sorted(app_ws.dashboard(user="admin").units) == sorted([CITY, ROADS])


def test_a_lead_has_no_unit_page(app_ws: Workspace) -> None:
    batch = app_ws.create_batch("2024年度审核", user="admin", team="财政一科").id
    _saved(app_ws, batch, CITY_OWN, _year(2024), tag="lead")
    at = _sign_in("lead", "lead-password")
    with pytest.raises(ValueError, match="units_admin.py"):  # not in a lead's navigation: no URL opens it
        at.switch_page(str(ui.PAGES["units"][0]))
    at.switch_page(str(ui.PAGES["dashboard"][0])).run()  # the lead's own pages still work
    assert not at.exception, at.exception
    assert app_ws.unit_overview(user="admin")[0].name == CITY_OWN
