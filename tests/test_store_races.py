"""The store under concurrent writers, with text PostgreSQL refuses, and with its database down (issue 18
"PostgreSQL-safe writes", issue 16 "PostgreSQL down" and "concurrent uploads of the same policy file").

The races run in real processes (``store_race``), each with its own ``Workspace``, against a real server."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, inspect, text
from streamlit.testing.v1 import AppTest

import netguard
import store_race
from conftest import PgServer
from docreview import auth
from docreview.errors import ConflictError, StoreError
from docreview.settings import RetrievalSettings, Settings, StoreSettings
from docreview.store import Workspace
from docreview.store.intake import Upload, review_uploads
from docreview.store.models import AuditLog, utcnow
from store_samples import make_review

ROOT = Path(__file__).resolve().parents[1]
POLICY = "目标表：新改建农村公路里程 ≥120公里".encode()
UNAVAILABLE = "数据库暂时不可用 / the database is unavailable"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    netguard.block_network(monkeypatch)  # loopback only: the test PostgreSQL servers


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'docreview.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    return Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=url),
                    retrieval=RetrievalSettings(embedder="hash"))


@pytest.fixture
def pg_settings(pg_url: str, tmp_path: Path) -> Settings:
    return Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=pg_url))


@pytest.fixture
def ws(settings: Settings) -> Iterator[Workspace]:
    with Workspace(settings) as w:
        yield w


def _race(target: object, jobs: list[tuple[object, ...]], settings: Settings) -> list[object]:
    return store_race.run_processes(target, jobs, workspace=Path(settings.workspace),  # type: ignore[arg-type]
                                    database_url=str(settings.database_url))


# ---------------------------------------------------------------------- concurrent uploads


@pytest.mark.postgres
@pytest.mark.parametrize("one_batch", [False, True], ids=["own-batches", "one-batch"])
def test_eight_processes_upload_the_same_policy_at_once(pg_settings: Settings, one_batch: bool) -> None:
    """8 reviewers upload the same policy with their own report at the same instant: 8 reviews, each with
    the policy, one stored copy of it and one audit entry for it."""
    with Workspace(pg_settings) as ws:
        ws.add_user("alice", password="alice-password")
        batch_id = ws.create_batch("同时上传", user="alice").id if one_batch else None
        results = _race(store_race.upload, [(POLICY, f"第{n}单位自评报告".encode(), f"report_{n}.txt", batch_id)
                                            for n in range(8)], pg_settings)
        outcomes = [r[0] for r in results]  # type: ignore[index]
        assert [o["errors"] for o in outcomes] == [[]] * 8, results
        reviews = [rev for o in outcomes for rev in o["reviews"]]
        assert len(reviews) == 8
        assert all(policy_files == ["policy_目标表.docx"] for _, _, policy_files, _ in reviews)
        assert sorted(report for *_, (report,) in reviews) == sorted(f"report_{n}.txt" for n in range(8))
        with ws.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 9
            assert conn.execute(text("SELECT count(*) FROM review_documents WHERE role = 'policy'")).scalar() == 8
        policy_sha = ws.get_review(reviews[0][0], user=None).documents[0].sha256
        assert len(ws.audit_for("document", policy_sha, user=None)) == 1


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_eight_processes_migrate_an_empty_database_at_once(database: str, tmp_path: Path,
                                                           request: pytest.FixtureRequest) -> None:
    """8 processes (queue workers, app servers) open the same empty database at the same instant: each
    migrates or finds it migrated, none fails, and the schema is there once."""
    url = request.getfixturevalue("pg_url") if database == "postgresql" else f"sqlite:///{tmp_path / 'race.db'}"
    settings = Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=url))
    results = store_race.run_processes(store_race.migrate, [()] * 8, workspace=settings.workspace,
                                       database_url=url)
    heads = {r for r in results if isinstance(r, str)}
    assert len(heads) == 1 and len([r for r in results if isinstance(r, str)]) == 8, results
    with Workspace(settings, migrate=False) as ws, ws.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == heads.pop()


@pytest.mark.postgres
def test_forty_uploads_of_the_same_files_into_one_batch(pg_settings: Settings) -> None:
    """The same policy and report uploaded 40 times into one batch from 8 processes: 40 versions, 1 … 40, each
    saved once, and only the newest left open."""
    with Workspace(pg_settings) as ws:
        ws.add_user("alice", password="alice-password")
        batch_id = ws.create_batch("同一批次", user="alice").id
        results = _race(store_race.upload, [(POLICY, "同一份自评报告".encode(), "report.txt", batch_id, 5)] * 8,
                        pg_settings)
        outcomes = [o for r in results for o in r]  # type: ignore[attr-defined]
        assert [o["errors"] for o in outcomes] == [[]] * 40, results
        assert sorted(v for o in outcomes for _, v, _, _ in o["reviews"]) == list(range(1, 41))
        reviews = ws.list_reviews(batch_id=batch_id, user=None)
        assert len(reviews) == 40
        assert [r.version for r in reviews if r.status == "open"] == [40]
        assert all(r.policy_files == ["policy_目标表.docx"] for r in reviews)
        assert len(ws.audit_for("review", action="create", user=None)) == 40
        assert len(ws.audit_for("review", action="close", user=None)) == 39


def test_review_versions_are_unique_in_the_database(ws: Workspace) -> None:
    """The constraint the version allocation relies on exists in the migrated schema, on both databases."""
    with ws.engine.connect() as conn:
        uniques = {u["name"]: u["column_names"] for u in inspect(conn).get_unique_constraints("reviews")}
    assert uniques["uq_reviews_docset_version"] == ["batch_id", "docset_key", "version"]


# ---------------------------------------------------------------------- the first-verdict race


def test_first_verdict_race_names_the_winner(ws: Workspace, settings: Settings) -> None:
    """8 reviewers set the first verdict on one flag at the same instant: one wins, every other gets the
    optimistic-locking message naming the winner (the same text on SQLite and PostgreSQL)."""
    names = [f"审核员{n}" for n in range(8)]
    for name in names:
        ws.add_user(name, password="password-123")
    batch = ws.create_batch("裁决竞争", user=names[0])
    docs = [(ws.store_document(POLICY, "policy.docx", user=None), "policy"), (ws.store_document(b"report", "r.txt", user=None), "report")]
    flag = ws.save_review(batch.id, make_review(), docs, user=names[0]).flags[0]
    results = _race(store_race.first_verdict, [(flag.id, name) for name in names], settings)
    assert results.count("ok") == 1, results
    winner = names[results.index("ok")]
    losers = [r for r in results if r != "ok"]
    for kind, cls, message in losers:  # type: ignore[misc]
        assert (kind, cls) == ("error", "ConflictError")
        assert message.startswith(f"该问题的审核结论已被 {winner} 修改为「确认」（版本 1）") and "reload" in message
        assert "duplicate" not in message and "UNIQUE" not in message
    verdict = ws.flags_for_review(flag.review_id, user=None)[0].verdict
    assert verdict is not None and (verdict.user, verdict.version) == (winner, 1)
    assert len(ws.audit_for("verdict", flag.id, user=None)) == 1
    with pytest.raises(ConflictError, match=winner):  # and a late comer, sequentially, reads the same
        ws.set_verdict(flag.id, "驳回", "", user=names[0] if winner != names[0] else names[1], expected_version=0)


# ---------------------------------------------------------------------- NUL and other refused text


def test_a_report_with_nul_is_reviewed_and_saved(ws: Workspace, settings: Settings, tmp_path: Path) -> None:
    """A UTF-16 Markdown report with NUL in a table cell and a paragraph, uploaded under a unit name, batch
    name, comment and verdict that carry NUL and a lone surrogate: saved on both databases, read back clean."""
    ws.add_user("alice", password="alice-password")
    report = ("# 2024年度绩效自评报告\n\n| 三级指标 | 年度指标值 | 实际完成值 |\n|---|---|---|\n"
              "| 新改建农村公路\x00里程 | ≥120公里 | 108\x00公里 |\n\n预算执行率为85\x00%。\n").encode("utf-16")
    outcome = review_uploads(ws, policies=[], reports=[Upload(filename="自评\x00报告.md", data=report)],
                             batch_name="批次\x00一", unit_name="某县\x00交通\ud800局", user="alice")
    assert outcome.errors == [] and len(outcome.reviews) == 1
    rec = ws.get_review(outcome.reviews[0].id, user=None)
    assert rec.summary.unit_name == "某县交通\ufffd局" and rec.batch.name == "批次一"
    assert rec.summary.report_files == ["自评报告.md"]
    assert "\x00" not in rec.review.model_dump_json()
    assert any("108公里" in (e.quote or "") for f in rec.flags for e in f.flag.evidence)

    # a Review built elsewhere (not through ingest) with NUL in its messages, quotes and inputs
    review = make_review()
    review.flags[0].message += "\x00"
    review.flags[0].indicator = "新改建\x00农村公路里程"
    review.flags[0].inputs["unit"] = "公\x00里"
    review.flags[0].evidence[0].quote = "≥120\x00公里"
    review.explanations[0].text = "说明\x00文字"
    saved = ws.save_review(rec.batch.id, review, [(rec.documents[0].sha256, "report")], user="alice",
                           unit_name="乙\x00单位")
    flag = saved.flags[0]
    comment = ws.add_comment(saved.id, "请补充\x00材料", user="alice", flag_id=flag.id)
    verdict = ws.set_verdict(flag.id, "确认", "核实\x00无误", user="alice", expected_version=0)
    assert (comment.text, verdict.comment) == ("请补充材料", "核实无误")
    again = ws.get_review(saved.id, user=None)
    assert again.review == saved.review and again.flags == ws.get_review(saved.id, user=None).flags
    assert again.summary.unit_name == "乙单位"
    f = again.flags[0]
    assert (f.flag.indicator, f.flag.inputs["unit"], f.flag.evidence[0].quote) == (
        "新改建农村公路里程", "公里", "≥120公里")
    assert "\x00" not in f.flag.message and f.explanation is not None and f.explanation.text == "说明文字"
    assert (f.verdict.comment, [c.text for c in f.comments]) == ("核实无误", ["请补充材料"])  # type: ignore[union-attr]
    assert not any("\\u0000" in str(e.after) or "\x00" in str(e.after) for e in ws.audit_for(user=None))

    # whatever else writes through the store's engine (a method added later, a script): cleaned all the same
    with ws.engine.begin() as conn:
        conn.execute(insert(AuditLog.__table__).values(
            at=utcnow(), action="note\x00", entity="test", entity_id="1", after={"text\x00": ["a\x00b", "c\udc80"]}))
    note = ws.audit_for("test", user=None)[0]
    assert (note.action, note.after) == ("note", {"text": ["ab", "c\ufffd"]})


# ---------------------------------------------------------------------- the database down


def test_database_down_is_a_clear_error_and_work_resumes(own_pg: PgServer, tmp_path: Path) -> None:
    settings = Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=own_pg.url))
    with Workspace(settings) as ws:
        ws.add_user("alice", password="alice-password")
        batch = ws.create_batch("停机前", user="alice")
        own_pg.halt()
        started = time.monotonic()
        with pytest.raises(StoreError, match=UNAVAILABLE) as err:
            ws.list_batches(user=None)
        waited = time.monotonic() - started
        assert 0.5 < waited < 8, waited  # retried with a short backoff, then gave up
        assert err.value.__cause__ is not None and "Traceback" not in err.value.message
        with pytest.raises(StoreError, match=UNAVAILABLE):
            ws.store_document(POLICY, "policy.docx", user="alice")
        with pytest.raises(StoreError, match=UNAVAILABLE):
            Workspace(settings)  # opening (migrating) a workspace says the same
        own_pg.resume()
        assert [b.id for b in ws.list_batches(user=None)] == [batch.id]  # the same workspace goes on
        sha = ws.store_document(POLICY, "policy.docx", user="alice")
        rec = ws.save_review(batch.id, make_review(), [(sha, "policy")], user="alice")
        assert rec.summary.version == 1


@pytest.mark.postgres
def test_connection_cut_midway_is_unavailable_and_rolled_back(pg_settings: Settings, pg_server: str) -> None:
    """The server ends the session in the middle of a write: the same message, nothing half-written."""
    with Workspace(pg_settings) as ws:
        ws.add_user("alice", password="alice-password")
        with pytest.raises(StoreError, match=UNAVAILABLE), ws._write() as s:
            s.execute(text("INSERT INTO batches (name, unit_name, profile, created, team_id) "
                           "VALUES ('半截', '', 'd', now(), (SELECT min(id) FROM teams))"))
            admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
            with admin.connect() as c:
                c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = :db AND pid <> pg_backend_pid()"),
                          {"db": pg_settings.database_url.rsplit("/", 1)[1]})  # type: ignore[union-attr]
            admin.dispose()
            s.execute(text("SELECT 1"))
        assert ws.list_batches(user=None) == []  # and the next call reconnects


def test_database_comes_back_while_retrying(own_pg: PgServer, tmp_path: Path) -> None:
    """A restart shorter than the retries is not an error at all."""
    settings = Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=own_pg.url))
    with Workspace(settings) as ws:
        ws.add_user("alice", password="alice-password")
        own_pg.halt()
        threading.Timer(0.3, own_pg.resume).start()
        assert [u.name for u in ws.list_users()] == ["alice"]


def test_app_shows_database_unavailable(own_pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(ROOT / "app"))
    import shell as ui

    monkeypatch.setenv("DOCREVIEW_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.setenv("DOCREVIEW_DATABASE_URL", own_pg.url)
    with Workspace(Settings()) as ws:
        ws.add_user("alice", password="alice-password")
        ws.create_batch("批次", user="alice")
    try:
        at = AppTest.from_file(str(ROOT / "app" / "main.py"), default_timeout=60).run()
        at.text_input(key="signin_name").input("alice")
        at.text_input(key="signin_password").input("alice-password")
        at.button[0].click().run()
        assert not at.exception and not at.error
        own_pg.halt()
        at.run()  # the signed-in page, the database gone
        assert not at.exception, at.exception
        assert any("数据库暂时不可用" in e.value for e in at.error), [e.value for e in at.error]
        ui._open_workspace.clear()
        at = AppTest.from_file(str(ROOT / "app" / "main.py"), default_timeout=60).run()  # a new server process
        assert not at.exception and any("数据库暂时不可用" in e.value for e in at.error)
        own_pg.resume()
        at.run()
        assert not at.exception and not at.error
        assert [t.label for t in at.text_input] == ["用户名", "密码"]
    finally:
        ui._open_workspace.clear()
