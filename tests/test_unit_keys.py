"""The earlier-year lookup by the stored unit key (issue 18): ``reviews.unit_key`` (migration 0006), filled in for
existing rows and kept for new ones, and ``intake.unit_reviews`` that finds a unit's reviews with one indexed
query, on real SQLite files and a real PostgreSQL server (conftest ``pg_url``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import event, select

from docreview import auth
from docreview.models import KindDecision, Review
from docreview.settings import Settings, StoreSettings
from docreview.store import Workspace, history
from docreview.store.intake import unit_reviews
from docreview.store.models import ReviewRow
from docreview.store.service import MIGRATIONS_DIR
from store_samples import make_review

UNIT = "白石县人社局"
USERS: list[str | None] = [None, "admin", "alice", "bob"]


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ws(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    url = f"sqlite:///{tmp_path / 'docreview.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    w = Workspace(Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=url)))
    w.add_user("admin", role="admin", password="admin-password")
    w.add_team("甲科")
    w.add_team("乙科")
    w.add_user("alice", password="alice-password", team="甲科")
    w.add_user("bob", password="bob-password", team="乙科")
    yield w
    w.close()


def _review(year: int | None, kind: str | None = None) -> Review:
    review = make_review()
    return review.model_copy(update={
        "id": uuid.uuid4().hex[:12], "year": year,
        "kind": KindDecision(kind=kind, reason="测试") if kind else None})  # type: ignore[arg-type]


def _save(ws: Workspace, review: Review, unit: str, *, team: str, batch: int | None = None, tag: str = "") -> int:
    report = ws.store_document(f"report {tag or review.id}".encode(), "report_自评表.xlsx", user="admin")
    if batch is None:
        batch = ws.create_batch(f"{review.year}年度", team=team, user="admin").id
    return ws.save_review(batch, review, [(report, "report")], user="admin", unit_name=unit).id


def _history(ws: Workspace) -> dict[str, int]:
    """A unit's reviews across years and teams, spelled several ways, with a superseded, a renamed and a deleted
    version among them."""
    ids = {
        "2022": _save(ws, _review(2022), UNIT, team="甲科"),
        "2023": _save(ws, _review(2023), " 白石县 人社局", team="甲科"),  # the same unit (key folds the spaces)
        "2023-target": _save(ws, _review(2023, "target"), UNIT, team="甲科"),
        "2023-bob": _save(ws, _review(2023), "白石县人社局", team="乙科"),
        "other-unit": _save(ws, _review(2023), "白石县财政局", team="甲科"),
    }
    batch = ws.create_batch("2024年度", team="甲科", user="admin").id
    v1 = _save(ws, _review(2024), UNIT, team="甲科", batch=batch, tag="2024")
    ids["2024"] = _save(ws, _review(2024), "白石县人社局", team="甲科", batch=batch, tag="2024")  # version 2
    assert ids["2024"] != v1
    # a document set whose newest version names another unit: its older version is no longer this unit's
    renamed = ws.create_batch("改名", team="甲科", user="admin").id
    _save(ws, _review(2021), UNIT, team="甲科", batch=renamed, tag="renamed")
    _save(ws, _review(2021), "别的单位", team="甲科", batch=renamed, tag="renamed")
    # a deleted newest version: the one before it stands again
    kept = ws.create_batch("删除", team="甲科", user="admin").id
    ids["2020"] = _save(ws, _review(2020), UNIT, team="甲科", batch=kept, tag="deleted")
    ws.delete_review(_save(ws, _review(2020), UNIT, team="甲科", batch=kept, tag="deleted"), by="admin")
    return ids


def test_the_lookup_finds_what_the_scan_of_the_workspace_found(ws: Workspace) -> None:
    ids = _history(ws)
    for user in USERS:
        for unit in (UNIT, "白石县 人社局", "ＢＳ", "白石县财政局", "别的单位"):
            new = unit_reviews(ws, unit, user=user)
            assert [r.summary.id for r in new] == [r.id for r in ws.latest_records(user=user, unit_name=unit)]
            for year in (2020, 2021, 2023, 2024, 2025, None):
                before = ws.earlier_review(unit, year, user=user)
                after = history.earlier_review(new, unit, year)
                assert (after.summary.id if after else None) == (before.id if before else None), (user, unit, year)
    # and not vacuously: the baselines a reviewer expects
    assert history.earlier_review(unit_reviews(ws, UNIT, user="admin"), UNIT, 2025).summary.id == ids["2024"]  # type: ignore[union-attr]
    assert history.earlier_review(unit_reviews(ws, UNIT, user="alice"), UNIT, 2024).summary.id == ids["2023"]  # type: ignore[union-attr]
    assert history.earlier_review(unit_reviews(ws, UNIT, user="bob"), UNIT, 2024).summary.id == ids["2023-bob"]  # type: ignore[union-attr]
    assert history.earlier_review(unit_reviews(ws, UNIT, user="alice"), UNIT, 2021).summary.id == ids["2020"]  # type: ignore[union-attr]
    assert history.earlier_review(unit_reviews(ws, UNIT, user="bob"), UNIT, 2023) is None


def test_the_migration_fills_in_the_keys_of_existing_reviews(ws: Workspace) -> None:
    _history(ws)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with ws.engine.connect() as conn:
        if conn.dialect.name == "sqlite":  # SQLite rebuilds the table to drop the column (see Workspace.migrate)
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0005_units")  # the reviews as they were before the column existed
    ws.migrate()
    with ws.engine.connect() as conn:
        rows = conn.execute(select(ReviewRow.unit_name, ReviewRow.unit_key)).all()
    assert len(rows) == 11
    assert {name: key for name, key in rows} == {
        UNIT: UNIT, " 白石县 人社局".strip(): UNIT, "白石县财政局": "白石县财政局", "别的单位": "别的单位"}
    assert all(key == history.stored_unit_key(name) for name, key in rows)
    ws2 = ws  # the lookup works on the filled-in keys as on new ones
    assert [r.summary.id for r in unit_reviews(ws2, UNIT, user=None)] == [
        r.id for r in ws2.latest_records(user=None, unit_name=UNIT)]


def _bulk_reviews(ws: Workspace, n: int) -> None:
    """``n`` more reviews of 500 other units, written straight into the table (saving them one by one would
    only slow the test down; the lookup reads the same columns)."""
    batch = ws.create_batch("大批次", team="甲科", user="admin").id
    body = _review(2023).model_copy(update={"claims": [], "matches": [], "flags": []}).model_dump(mode="json")
    now = dt.datetime.now(dt.UTC)
    rows = [ReviewRow(batch_id=batch, docset_key=uuid.uuid4().hex, version=1, review_uid=uuid.uuid4().hex[:12],
                      created=now, profile="default", unit_name=f"单位{i % 500:03d}", review_json=body)
            for i in range(n)]
    with ws._write() as s:
        s.add_all(rows)


def _statements(ws: Workspace, unit: str, user: str | None) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        seen.append((statement, parameters))

    event.listen(ws.engine, "before_cursor_execute", record)
    try:
        found = unit_reviews(ws, unit, user=user)
    finally:
        event.remove(ws.engine, "before_cursor_execute", record)
    assert found
    return seen


def test_a_workspace_of_thousands_answers_the_lookup_with_one_indexed_query(ws: Workspace) -> None:
    _history(ws)
    small = _statements(ws, UNIT, "alice")
    _bulk_reviews(ws, 3000)
    assert len(unit_reviews(ws, "单位007", user="alice")) == 6  # the bulk rows are there and found by key
    large = _statements(ws, UNIT, "alice")
    assert len(large) == len(small)  # as many statements with 3,000 more reviews as without them
    on_reviews = [(sql, params) for sql, params in large if "FROM reviews" in sql]
    assert len(on_reviews) == 1
    sql, params = on_reviews[0]
    with ws.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))
            assert "USING INDEX ix_reviews_unit_key" in plan, plan
        else:
            conn.exec_driver_sql("ANALYZE reviews")
            plan = " ".join(str(row[0]) for row in conn.exec_driver_sql("EXPLAIN " + sql, params))
            assert "ix_reviews_unit_key" in plan, plan
