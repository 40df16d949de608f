"""Issue 16, access and hardening, through the library: teams and roles enforced by the ``Workspace`` service
(SQLite and PostgreSQL), the sign-in throttle and its audit, the password policy, an older workspace migrated
into the access model, file modes, the escaped Markdown export, the CLI's account commands and the app's
command line."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

import netguard
from docreview import auth
from docreview.errors import ACCESS_DENIED, AccessError, FileTooLarge, ReviewClosed, StoreError
from docreview.render import render_markdown
from docreview.settings import AuthSettings, Settings, StoreSettings
from docreview.store import Workspace
from store_samples import make_review


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    netguard.block_network(monkeypatch)  # loopback only: the test PostgreSQL server


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


def _url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'docreview.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=_url(request, tmp_path)),
                    auth=AuthSettings(delay_s=0))


@pytest.fixture
def ws(settings: Settings) -> Iterator[Workspace]:
    with Workspace(settings) as w:
        yield w


@pytest.fixture
def sqlite_ws(tmp_path: Path) -> Iterator[Workspace]:
    """SQLite only: for rules that do not depend on the database (the SQL they use runs on both in the tests with
    ``ws``)."""
    settings = Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=f"sqlite:///{tmp_path / 'db'}"),
                        auth=AuthSettings(delay_s=0))
    with Workspace(settings) as w:
        yield w


def _two_teams(ws: Workspace) -> dict[str, int]:
    """Teams 财政一科 (A) and 财政二科 (B): a reviewer, a lead and a viewer in A, a reviewer in B, an admin; one
    review in each team.  Returns the review ids and the flag ids of the first flag of each."""
    ws.add_team("财政一科")
    ws.add_team("财政二科", kind="client")
    ws.add_user("ra", password="reviewer-a-pw", team="财政一科")
    ws.add_user("la", role="lead", password="lead-a-password", team="财政一科")
    ws.add_user("va", role="viewer", password="viewer-a-pw", team="财政一科")
    ws.add_user("rb", password="reviewer-b-pw", team="财政二科")
    ws.add_user("root", role="admin", password="root-password")
    ids: dict[str, int] = {}
    for who, unit in (("ra", "甲县交通局"), ("rb", "乙县卫健委")):
        doc = ws.store_document(f"report of {unit}".encode(), f"{unit}自评表.xlsx", user=who)
        batch = ws.create_batch(f"{unit}批次", unit_name=unit, user=who)  # the creator's first team
        rec = ws.save_review(batch.id, make_review(), [(doc, "report")], user=who)
        ids[who] = rec.id
        ids[f"{who}_flag"] = rec.flags[0].id
        ids[f"{who}_batch"] = batch.id
        ids[f"{who}_doc"] = doc  # type: ignore[assignment]
    return ids


# ---------------------------------------------------------------------- teams and roles in the service


def test_a_reviewer_of_one_team_cannot_reach_another_teams_review(ws: Workspace) -> None:
    ids = _two_teams(ws)
    a, b = ids["ra"], ids["rb"]
    assert ws.get_batch(ids["ra_batch"], user="ra").team == "财政一科"
    assert ws.get_batch(ids["rb_batch"], user="rb").team == "财政二科"
    # listings show the caller's team only
    assert [r.id for r in ws.list_reviews(user="ra")] == [a]
    assert [r.id for r in ws.list_reviews(user="rb")] == [b]
    assert {r.id for r in ws.list_reviews(user="root")} == {a, b}
    assert [x.id for x in ws.list_batches(user="ra")] == [ids["ra_batch"]]
    assert ws.unit_names(user="ra") == ["甲县交通局"]
    assert ws.dashboard(user="ra").units == ["甲县交通局"] and ws.dashboard(user="root").reviews == 2
    assert [u.unit_name for u in ws.batch_ranking(None, user="ra").units] == ["甲县交通局"]
    assert ws.unit_history("乙县卫健委", user="ra").reviews == []
    assert ws.earlier_review("乙县卫健委", 2030, user="ra") is None
    # every read and write naming team B's review, its flags, batch or documents is refused, with the one message
    refused = {
        "get_review": lambda: ws.get_review(b, user="ra"),
        "flags": lambda: ws.flags_for_review(b, user="ra"),
        "versions": lambda: ws.versions(b, user="ra"),
        "access": lambda: ws.review_access(b, user="ra"),
        "verdict": lambda: ws.set_verdict(ids["rb_flag"], "确认", "", user="ra", expected_version=0),
        "comment": lambda: ws.add_comment(b, "看看", user="ra"),
        "flag_comment": lambda: ws.add_comment(b, "看看", user="ra", flag_id=ids["rb_flag"]),
        "flag_audit": lambda: ws.audit_for_flag(ids["rb_flag"], user="ra"),
        "status": lambda: ws.set_review_status(b, "closed", user="la"),
        "assign": lambda: ws.assign_review(b, "ra", user="la"),
        "document": lambda: ws.get_document(ids["rb_doc"], user="ra"),  # type: ignore[arg-type]
        "bytes": lambda: ws.read_document(ids["rb_doc"], user="ra"),  # type: ignore[arg-type]
        "missing": lambda: ws.get_review(10_000, user="ra"),  # an id that does not exist: the same answer
    }
    for name, call in refused.items():
        with pytest.raises(AccessError) as err:
            call()
        assert err.value.message == ACCESS_DENIED or name in ("document", "bytes", "assign", "status"), name
    assert ACCESS_DENIED == "无权访问该审核记录 / you have no access to this review"
    for call in (lambda: ws.get_batch(ids["rb_batch"], user="ra"), lambda: ws.dashboard(ids["rb_batch"], user="ra"),
                 lambda: ws.batch_ranking(ids["rb_batch"], user="ra"),
                 lambda: ws.indicator_benchmarks(ids["rb_batch"], user="ra"),
                 lambda: ws.latest_records(batch_id=ids["rb_batch"], user="ra"),
                 lambda: ws.create_batch("闯入", team="财政二科", user="ra"),
                 lambda: ws.save_review(ids["rb_batch"], make_review(), [(ids["ra_doc"], "report")], user="ra"),
                 lambda: ws.audit_for(user="ra")):  # the whole audit log is for admins
        with pytest.raises(AccessError):
            call()
    with pytest.raises(StoreError, match="审核记录不存在"):  # an admin is told it does not exist
        ws.get_review(10_000, user="root")
    # nothing was written by the refused calls
    assert ws.get_review(b, user="rb").flags[0].verdict is None and ws.get_review(b, user="rb").comments == []
    assert ws.get_review(b, user="root").summary.status == "open"


def test_viewer_reads_reviewer_decides_lead_closes_and_reopens(ws: Workspace) -> None:
    ids = _two_teams(ws)
    a, flag = ids["ra"], ids["ra_flag"]
    assert ws.get_review(a, user="va").id == a  # a viewer reads
    with pytest.raises(AccessError, match="只读"):
        ws.set_verdict(flag, "确认", "", user="va", expected_version=0)
    with pytest.raises(AccessError, match="只读"):
        ws.add_comment(a, "我只是看看", user="va")
    with pytest.raises(AccessError, match="只读"):
        ws.store_document(b"viewer upload", "v.txt", user="va")
    with pytest.raises(AccessError, match="组长或管理员"):  # a reviewer may not close
        ws.set_review_status(a, "closed", user="ra")
    assert ws.review_access(a, user="va").model_dump(include={"role", "decide", "manage"}) == {
        "role": "viewer", "decide": False, "manage": False}
    assert ws.review_access(a, user="la").manage

    ws.set_verdict(flag, "确认", "成立", user="ra", expected_version=0)
    ws.set_review_status(a, "closed", user="la")
    assert ws.review_access(a, user="ra").closed and not ws.review_access(a, user="ra").decide
    with pytest.raises(ReviewClosed, match="已关闭"):  # a closed review refuses verdicts and comments
        ws.set_verdict(flag, "驳回", "", user="ra", expected_version=1)
    with pytest.raises(ReviewClosed):
        ws.set_verdict(flag, "驳回", "", user="la", expected_version=1)  # the lead too: reopen first
    with pytest.raises(ReviewClosed):
        ws.add_comment(a, "补充", user="ra")
    with pytest.raises(AccessError):
        ws.set_review_status(a, "open", user="ra")
    ws.set_review_status(a, "open", user="la")
    assert ws.set_verdict(flag, "驳回", "复核", user="ra", expected_version=1).version == 2
    entries = ws.audit_for("review", a, action="set_status", user="root")
    assert [(e.user, e.after) for e in entries] == [("la", {"status": "closed"}), ("la", {"status": "open"})]


def test_a_lead_shares_a_review_with_someone_outside_the_team(ws: Workspace) -> None:
    ids = _two_teams(ws)
    a = ids["ra"]
    with pytest.raises(AccessError):
        ws.assign_review(a, "rb", user="ra")  # a reviewer does not assign
    assert ws.assign_review(a, "rb", user="la") == ["rb"]
    assert {r.id for r in ws.list_reviews(user="rb")} == {a, ids["rb"]}
    assert {x.id for x in ws.list_batches(user="rb")} == {ids["ra_batch"], ids["rb_batch"]}
    assert ws.review_access(a, user="rb").role == "reviewer"
    ws.set_verdict(ids["ra_flag"], "需补充材料", "请补台账", user="rb", expected_version=0)
    assert ws.read_document(ids["ra_doc"], user="rb") == "report of 甲县交通局".encode()  # type: ignore[arg-type]
    # a new version of the same document set stays shared
    v2 = ws.save_review(ids["ra_batch"], make_review(road_actual=111.0), [(ids["ra_doc"], "report")], user="ra")
    assert ws.get_review(v2.id, user="rb").summary.version == 2
    with pytest.raises(AccessError):  # but the batch is not rb's to add to
        ws.save_review(ids["ra_batch"], make_review(), [(ids["ra_doc"], "report")], user="rb")
    assert ws.unassign_review(a, "rb", user="la") == []
    with pytest.raises(AccessError):
        ws.get_review(v2.id, user="rb")
    assert [e.action for e in ws.audit_for("review", a, user=None) if e.action.endswith("assign")] == [
        "assign", "unassign"]


def test_a_disabled_account_can_neither_sign_in_nor_act(sqlite_ws: Workspace) -> None:
    ws = sqlite_ws
    ids = _two_teams(ws)
    assert ws.authenticate("ra", "reviewer-a-pw") is not None
    with pytest.raises(AccessError):
        ws.set_active("ra", False, by="la")  # only an admin manages accounts
    assert not ws.set_active("ra", False, by="root").active
    assert ws.authenticate("ra", "reviewer-a-pw") is None  # the right password
    with pytest.raises(AccessError, match="停用"):
        ws.get_review(ids["ra"], user="ra")
    ws.set_active("ra", True)
    assert ws.get_review(ids["ra"], user="ra").id == ids["ra"]
    assert [e.action for e in ws.audit_for("user", by="root", user=None)] == ["disable"]


def test_an_older_workspace_keeps_its_batches_in_the_default_team(settings: Settings) -> None:
    """A workspace made before the access model (schema 0002) is migrated: its batches go to the default team,
    its reviewers into that team, and everyone sees what they saw."""
    from alembic import command
    from alembic.config import Config

    from docreview.store.service import MIGRATIONS_DIR, make_engine

    engine = make_engine(settings.database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002_unrated_reviews")
    hashed = auth.hash_password("old-reviewer-pw")
    with engine.connect() as conn, conn.begin():
        conn.execute(text("INSERT INTO users (name, role, password_hash, created) VALUES "
                          "('old', 'reviewer', :h, CURRENT_TIMESTAMP), ('boss', 'admin', :h, CURRENT_TIMESTAMP)"),
                     {"h": hashed})
        conn.execute(text("INSERT INTO batches (name, unit_name, profile, created, created_by) "
                          "VALUES ('旧批次', '旧单位', 'default', CURRENT_TIMESTAMP, 1)"))
        conn.execute(text("INSERT INTO reviews (batch_id, docset_key, version, review_uid, created, created_by, "
                          "profile, unit_name, review_json, flag_count, status) VALUES (1, 'k', 1, 'u', "
                          "CURRENT_TIMESTAMP, 1, 'default', '旧单位', :j, 0, 'open')"),
                     {"j": make_review().model_dump_json()})
    engine.dispose()
    with Workspace(settings) as ws:  # runs 0003_access (and what follows)
        assert [b.team for b in ws.list_batches(user="old")] == ["默认科室"]
        assert [r.unit_name for r in ws.list_reviews(user="old")] == ["旧单位"]
        assert ws.get_user("old").teams == {"默认科室": "reviewer"}  # type: ignore[union-attr]
        assert ws.get_user("boss").teams == {} and ws.get_user("boss").active  # type: ignore[union-attr]
        assert ws.authenticate("old", "old-reviewer-pw") is not None
        # new accounts without a team join the same default team
        ws.add_user("new", password="new-reviewer-pw")
        assert [r.unit_name for r in ws.list_reviews(user="new")] == ["旧单位"]
        # an admin sorts the old batch into its team: the default team no longer sees it
        ws.add_team("财政一科")
        ws.add_user("keeper", password="keeper-password", team="财政一科")
        assert ws.move_batch(1, "财政一科").team == "财政一科"
        assert ws.list_reviews(user="old") == [] and [r.unit_name for r in ws.list_reviews(user="keeper")] == ["旧单位"]
        with ws.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM teams")).scalar() == 2
            if ws.engine.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


# ---------------------------------------------------------------------- sign-in


def test_the_sixth_wrong_password_in_a_minute_locks_the_account(ws: Workspace) -> None:
    ws.add_user("alice", password="alice-password")
    ws.add_user("bob", password="bob-password")
    for _ in range(5):
        assert ws.authenticate("alice", "guess-guess", address="10.0.0.9") is None
    with pytest.raises(auth.SignInThrottled, match="锁定") as err:
        ws.authenticate("alice", "alice-password", address="10.0.0.9")  # right password, refused
    assert 14 * 60 < err.value.retry_after_s <= 15 * 60
    with pytest.raises(auth.SignInThrottled):
        ws.authenticate("alice", "alice-password", address="10.0.0.10")  # from elsewhere too: the account is locked
    assert ws.authenticate("bob", "bob-password", address="10.0.0.9") is not None  # other accounts are not
    # every attempt is in the audit log with its time and address
    entries = ws.audit_for("sign_in", "alice", user=None)
    assert [e.action for e in entries] == ["sign_in_failed"] * 5 + ["sign_in_refused"] * 2
    assert [e.after["address"] for e in entries] == ["10.0.0.9"] * 6 + ["10.0.0.10"]
    assert all(e.at.tzinfo is not None and e.user is None for e in entries)
    assert entries[0].after["reason"] == "wrong password"
    ok = ws.audit_for("sign_in", "bob", user=None)
    assert [(e.action, e.user, e.after["address"]) for e in ok] == [("sign_in", "bob", "10.0.0.9")]


def test_unknown_names_and_addresses_are_throttled_too(sqlite_ws: Workspace) -> None:
    cfg = sqlite_ws.settings.model_copy(update={"auth": AuthSettings(delay_s=0, max_failures_per_address=3)})
    with Workspace(cfg) as ws:
        ws.add_user("carol", password="carol-password")
        for name in ("nobody", "admin", "root"):  # one guess each at three names from one address
            assert ws.authenticate(name, "123456", address="203.0.113.7") is None
        with pytest.raises(auth.SignInThrottled):
            ws.authenticate("carol", "carol-password", address="203.0.113.7")
        assert ws.authenticate("carol", "carol-password", address="198.51.100.1") is not None
        assert [e.after["reason"] for e in ws.audit_for("sign_in", "nobody", user=None)] == ["unknown user"]


def test_growing_delays_then_lockout_then_it_ends() -> None:
    """The throttle rule itself, on explicit times: two free failures, then waits of 1 s and 2 s, then the
    lockout, and nothing once the lockout is over."""
    t0 = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)

    def until(failures: list[float], now: float) -> float | None:
        end = auth.refused_until([t0 + dt.timedelta(seconds=s) for s in failures], now=t0 + dt.timedelta(seconds=now),
                                 limit=5, window_s=60, lockout_s=900, delay_s=1.0)
        return None if end is None else (end - t0).total_seconds()

    assert until([0, 1], 1.1) is None
    assert until([0, 1, 2], 2.5) == 3.0  # the 3rd failure: wait 1 s
    assert until([0, 1, 2], 3.0) is None
    assert until([0, 1, 2, 4], 4.5) == 6.0  # the 4th: 2 s
    assert until([0, 1, 2, 4, 7], 8) == 907  # the 5th within a minute: locked for 15 minutes
    assert until([0, 1, 2, 4, 7], 907.5) is None
    assert until([0, 20, 40, 60, 80], 80.5) == 81  # never five within 60 s: no lockout; three in the window: 1 s
    assert until([0, 1, 2, 3], 70) is None  # older than the window: forgotten


def test_a_success_starts_the_count_again(sqlite_ws: Workspace) -> None:
    ws = sqlite_ws
    ws.add_user("dora", password="dora-password")
    for _ in range(4):
        assert ws.authenticate("dora", "nope-nope") is None
    assert ws.authenticate("dora", "dora-password") is not None
    for _ in range(4):
        assert ws.authenticate("dora", "nope-nope") is None
    assert ws.authenticate("dora", "dora-password") is not None


# ---------------------------------------------------------------------- passwords


@pytest.mark.parametrize("password", ["123456789", "password", "12345678", "qwerty123", "88888888", "woaini1314",
                                      "Password123", "1qaz2wsx", "a123456789", "zzzzzzzzzz"])
def test_common_passwords_are_refused(password: str) -> None:
    with pytest.raises(auth.AuthError, match="常见"):
        auth.check_password_policy(password)


def test_password_length_and_name_rules_everywhere(sqlite_ws: Workspace) -> None:
    ws = sqlite_ws
    with pytest.raises(auth.AuthError, match="至少 8 位"):
        ws.add_user("erin", password="a123456")
    with pytest.raises(auth.AuthError, match="常见"):
        ws.add_user("erin", password="woaini1314")
    with pytest.raises(auth.AuthError, match="用户名"):
        ws.add_user("erin-long-name", password="erin-long-name")
    ws.add_user("erin", password="erin-password")
    with pytest.raises(auth.AuthError, match="常见"):
        ws.set_password("erin", "password123")
    longer = ws.settings.model_copy(update={"auth": AuthSettings(password_min_length=12)})
    with Workspace(longer) as strict, pytest.raises(auth.AuthError, match="至少 12 位"):
        strict.add_user("fred", password="fred-pass-1")
    # the user's own change: the current password is checked (and counted) like a sign-in
    with pytest.raises(auth.AuthError, match="当前密码错误"):
        ws.change_password("erin", "wrong-current", "erin-new-password")
    with pytest.raises(auth.AuthError, match="常见"):
        ws.change_password("erin", "erin-password", "12345678")
    ws.change_password("erin", "erin-password", "erin-new-password", address="10.1.1.1")
    assert ws.authenticate("erin", "erin-password") is None
    assert ws.authenticate("erin", "erin-new-password") is not None
    actions = [e.action for e in ws.audit_for(user=None) if e.entity in ("user", "sign_in")]
    assert "change_password" in actions and actions.count("sign_in_failed") == 2


# ---------------------------------------------------------------------- files


def test_workspace_folders_and_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # what a server usually runs with: 0755 folders, 0644 files unless the code says otherwise
    try:
        legacy = tmp_path / "legacy"
        legacy.mkdir(mode=0o755)
        settings = Settings(workspace=tmp_path / "ws", store=StoreSettings())
        if settings.store.database_url:
            pytest.skip("DOCREVIEW_DATABASE_URL is set")
        with Workspace(settings) as ws:
            ws.add_user("gina", password="gina-password")
            sha = ws.store_document(b"%PDF-1.4 private", "report.pdf", user="gina")
            ws.create_batch("批次", user="gina")  # a write: the WAL files exist now
            folder = tmp_path / "ws"
            blob = ws.blob_path(sha)
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in
                     (folder, folder / "blobs", blob.parent, blob, folder / "docreview.db")}
            assert modes == {"ws": 0o700, "blobs": 0o700, sha[:2]: 0o700, sha[2:]: 0o600, "docreview.db": 0o600}
            for extra in ("docreview.db-wal", "docreview.db-shm"):
                if (folder / extra).exists():
                    assert stat.S_IMODE((folder / extra).stat().st_mode) == 0o600, extra
        # a workspace folder made by an older version (0755) is tightened when it is opened
        (legacy / "docreview.db").touch(mode=0o644)
        with Workspace(Settings(workspace=legacy, store=StoreSettings())):
            assert stat.S_IMODE(legacy.stat().st_mode) == 0o700
            assert stat.S_IMODE((legacy / "docreview.db").stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_a_refused_upload_leaves_nothing_behind(tmp_path: Path) -> None:
    settings = Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=f"sqlite:///{tmp_path / 'db'}",
                                                                       upload_max_mb=0.01))
    with Workspace(settings) as ws:
        ws.add_user("hana", password="hana-password")
        ws.add_user("ivan", role="viewer", password="ivan-password")
        with pytest.raises(FileTooLarge, match="big.pdf"):
            ws.store_document(b"x" * 20_000, "big.pdf", user="hana")
        with pytest.raises(AccessError):
            ws.store_document(b"small", "small.pdf", user="ivan")
        assert not [p for p in (tmp_path / "ws").rglob("*") if p.is_file() and "blobs" in p.parts]
        with ws.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 0
        assert ws.audit_for("document", user=None) == []


# ---------------------------------------------------------------------- the Markdown export


def test_the_markdown_export_escapes_html_and_links() -> None:
    review = make_review(hostile=True)
    review = review.model_copy(update={
        "report_files": ["<script>alert('file')</script>.pdf"],
        "policy_files": ['<img src=x onerror=alert(1)>.docx'],
        "flags": [f.model_copy(update={"indicator": "[点此领奖](http://evil) <b>粗体</b>"}) for f in review.flags],
        "results": [r.model_copy(update={"name": "公路|里程<br>"}) for r in review.results],
    })
    md = render_markdown(review)
    for raw in ("<script>", "<img", "<b>", "<br>", "](http://evil)\n", "[点此领奖]"):
        assert raw not in md, raw
    assert "&lt;script&gt;alert('file')&lt;/script&gt;.pdf" in md
    assert "&lt;img src=x onerror=alert(1)&gt;.docx" in md
    assert "\\[点此领奖\\](http://evil) &lt;b&gt;粗体&lt;/b&gt;" in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md  # the message of the hostile flag
    assert "| 公路\\|里程&lt;br&gt; |" in md  # a table cell stays one cell


# ---------------------------------------------------------------------- the command line


def test_docreview_app_listens_on_localhost_unless_told(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import subprocess

    from docreview import cli

    cmd = cli.streamlit_command(port=8501, upload_max_mb=50)
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--server.maxUploadSize") + 1] == "50"
    assert cmd[cmd.index("--server.enableXsrfProtection") + 1] == "true"
    assert cli.streamlit_command(port=1, upload_max_mb=0.5)[-8:] != cmd[-8:]  # ceil: 1 MB, never 0
    seen: list[list[str]] = []
    monkeypatch.setattr(subprocess, "call", lambda argv, **kw: seen.append(list(argv)) or 0)
    monkeypatch.setenv("DOCREVIEW_STORE_UPLOAD_MAX_MB", "7.5")
    runner = CliRunner()
    for extra, host in (([], "127.0.0.1"), (["--host", "0.0.0.0"], "0.0.0.0")):
        result = runner.invoke(cli.app, ["app", "--workers", "0", "--workspace", str(tmp_path / "ws"), *extra])
        assert result.exit_code == 0, result.output
        argv = seen[-1]
        assert argv[argv.index("--server.address") + 1] == host
        assert argv[argv.index("--server.maxUploadSize") + 1] == "8"


def test_user_and_team_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docreview import cli

    monkeypatch.setenv("DOCREVIEW_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("DOCREVIEW_DATABASE_URL", raising=False)
    runner = CliRunner()

    def run(*args: str, stdin: str | None = None) -> str:
        result = runner.invoke(cli.app, list(args), input=stdin)
        assert result.exit_code == 0, (args, result.output, result.exception)
        return result.output

    def refused(*args: str, stdin: str | None = None) -> str:
        result = runner.invoke(cli.app, list(args), input=stdin)
        assert result.exit_code != 0, (args, result.output)
        return str(result.exception)

    run("team", "add", "财政一科")
    run("team", "add", "某会计师事务所客户甲", "--org", "某会计师事务所", "--kind", "client")
    assert "默认科室" in run("team", "list") and "某会计师事务所" in run("team", "list")
    run("user", "add", "jia", "--password-stdin", stdin="jia-password\n")  # no team: the default team
    run("user", "add", "yi", "--role", "lead", "--team", "财政一科", "--password-stdin", stdin="yi-password\n")
    run("user", "add", "boss", "--role", "admin", "--password-stdin", stdin="boss-password\n")
    assert "常见" in refused("user", "add", "bing", "--password-stdin", stdin="12345678\n")
    assert "至少 8 位" in refused("user", "add", "bing", "--password-stdin", stdin="short\n")
    assert "role" in refused("user", "add", "bing", "--role", "boss", "--password-stdin", stdin="bing-password\n")
    listing = run("user", "list")
    assert "jia  reviewer（审核员）  科室 teams: 默认科室（审核员）" in listing
    assert "yi  lead（组长）  科室 teams: 财政一科（组长）" in listing
    run("team", "grant", "jia", "某会计师事务所客户甲", "--role", "viewer")
    run("team", "revoke", "jia", "默认科室")
    run("user", "set-role", "yi", "viewer")
    run("user", "set-role", "jia", "lead", "--team", "某会计师事务所客户甲")
    run("user", "disable", "jia")
    run("user", "reset-password", "yi", "--password-stdin", stdin="yi-new-password\n")
    assert "no such user" in refused("user", "reset-password", "nobody", "--password-stdin", stdin="x-password-1\n")
    with Workspace(Settings()) as ws:
        jia, yi = ws.get_user("jia"), ws.get_user("yi")
        assert jia is not None and yi is not None
        assert (jia.active, jia.teams) == (False, {"某会计师事务所客户甲": "lead"})
        assert (yi.role, yi.teams) == ("viewer", {"财政一科": "viewer"})
        assert ws.authenticate("yi", "yi-new-password") is not None
    run("user", "enable", "jia")
    assert "已停用" not in run("user", "list")
    with Workspace(Settings()) as ws:
        batch = ws.create_batch("旧批次", user=None)  # the system's batch: the default team
    assert run("team", "move-batch", str(batch.id), "财政一科").strip().endswith("→ 财政一科")


def test_the_reviews_assigned_to_me(ws: Workspace) -> None:
    """分配给我: the reviews assigned to (or shared with) a user, every version of the document set, within what
    the caller may see."""
    ids = _two_teams(ws)
    a = ids["ra"]
    assert ws.list_reviews(user="ra", assigned_to="ra") == []
    ws.assign_review(a, "ra", user="la")
    ws.assign_review(a, "rb", user="la")
    v2 = ws.save_review(ids["ra_batch"], make_review(road_actual=111.0), [(ids["ra_doc"], "report")], user="ra")
    assert [r.id for r in ws.list_reviews(user="ra", assigned_to="ra")] == [v2.id, a]
    assert {r.id for r in ws.list_reviews(user="rb", assigned_to="rb")} == {v2.id, a}
    assert ws.list_reviews(user="la", assigned_to="la") == []
    # the filter never widens what the caller sees: rb's own review is not la's to list
    ws.assign_review(ids["rb"], "la", user="root")
    assert [r.id for r in ws.list_reviews(user="la", assigned_to="la")] == [ids["rb"]]
    assert [r.id for r in ws.list_reviews(user="ra", assigned_to="la")] == []
