"""An upload as a set of units (issue 15, part B): a unit's 自评表 and 自评报告 reviewed together as one review, the
units paired by hand, by a folder per unit in a ZIP or by a manifest, unit names normalised, a corrected re-upload
as the next version with its verdicts carried over and the 变化 between the versions."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from docreview import auth
from docreview.errors import ArchiveBomb, DocReviewError
from docreview.queue import submit_set
from docreview.queue.runner import close_workspaces
from docreview.queue.units import (
    MAX_ZIP_ENTRIES,
    SetFile,
    apply_manifest,
    files_from_zip,
    manifest_template,
    plan_units,
    read_manifest,
)
from docreview.settings import IngestSettings, QueueSettings, Settings, StoreSettings
from docreview.store import Workspace, jobs
from docreview.store.changes import changes_since_previous, flag_changes
from docreview.store.history import clean_unit_name, unit_key
from docreview.store.records import FlagRecord
from queue_procs import queue_env, wait_for, worker

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
POLICY = (SAMPLES / "policy_目标表.docx").read_bytes()
TABLE = (SAMPLES / "report_自评表.pdf").read_bytes()  # the 自评表: 新改建农村公路里程 108公里
PROSE = (SAMPLES / "report_自评报告.txt").read_bytes()  # the 自评报告: 一百一十二公里
CORRECTED = PROSE.decode("utf-8").replace("一百一十二公里", "一百一十五公里").encode("utf-8")


@pytest.fixture(autouse=True)
def fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    base = Settings(workspace=tmp_path / "ws", store=StoreSettings(database_url=f"sqlite:///{tmp_path / 'ws.db'}"),
                    queue=QueueSettings(lease_s=30))
    yield base.model_copy(update={"retrieval": base.retrieval.model_copy(update={"mode": "bm25"})})
    close_workspaces()


@pytest.fixture
def ws(settings: Settings) -> Iterator[Workspace]:
    w = Workspace(settings)
    w.add_user("alice", role="admin", password="alice-password")
    yield w
    w.close()


class _GbkName(zipfile.ZipInfo):
    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # noqa: N802 — zipfile's own name
        return self.filename.encode("cp437"), self.flag_bits


def _zip(members: dict[str, bytes], *, utf8: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            if utf8:
                zf.writestr(name, data)
            else:  # as Windows' ZIP tool writes Chinese names: GBK, without the UTF-8 flag
                zf.writestr(_GbkName(name.encode("gbk").decode("cp437")), data)
    return buf.getvalue()


def _two_units_by_hand() -> list[SetFile]:
    return [SetFile(filename="policy_目标表.docx", data=POLICY, kind="policy"),
            SetFile(filename="report_自评表.pdf", data=TABLE, unit=" 某县 交通局"),
            SetFile(filename="report_自评报告.txt", data=PROSE, unit="某县交通局"),
            SetFile(filename="乙县自评表.pdf", data=TABLE, unit="乙县交通局", kind="self_eval_table"),
            SetFile(filename="乙县自评报告.txt", data=PROSE, unit="乙县交通局", kind="self_eval_report")]


# ---------------------------------------------------------------------- names and pairing (pure)


def test_unit_names_are_cleaned_and_compared_by_one_rule() -> None:
    assert clean_unit_name(" 某县　 交通局 ") == "某县 交通局"
    assert clean_unit_name("ＡＢ县交通局") == "AB县交通局"
    assert unit_key(" 某县 交通局") == unit_key("某县交通局") == unit_key(clean_unit_name("某县　交通局"))
    plan = plan_units([SetFile(filename="a自评表.xlsx", data=b"1", unit=" 某县 交通局"),
                       SetFile(filename="a自评报告.docx", data=b"2", unit="某县交通局")], default_unit="")
    assert [u.unit_name for u in plan.units] == ["某县 交通局"]
    assert [f.kind for f in plan.units[0].reports] == ["self_eval_table", "self_eval_report"]


def test_a_plan_shares_batch_policies_and_keeps_a_units_own() -> None:
    plan = plan_units([
        SetFile(filename="管理办法.pdf", data=b"p"),  # a policy without unit: the whole batch's
        SetFile(filename="甲目标表.xlsx", data=b"t", unit="甲"),  # 甲's targets: its policy side
        SetFile(filename="甲自评表.xlsx", data=b"a", unit="甲"),
        SetFile(filename="乙专项政策.docx", data=b"q", unit="乙"),
        SetFile(filename="乙自评报告.docx", data=b"b", unit="乙"),
        SetFile(filename="丙目标表.xlsx", data=b"c", unit="丙"),  # only targets: reviewed as a target table
        SetFile(filename="丁政策.pdf", data=b"d", unit="丁"),  # only a policy: nothing to review
    ], default_unit="")
    units = {u.unit_name: u for u in plan.units}
    assert [f.filename for f in units["甲"].policies] == ["甲目标表.xlsx", "管理办法.pdf"]
    assert [f.filename for f in units["乙"].policies] == ["乙专项政策.docx", "管理办法.pdf"]
    assert [f.filename for f in units["丙"].reports] == ["丙目标表.xlsx"] and units["丙"].doc_kind == "target"
    assert units["甲"].doc_kind is None and "丁" not in units
    # a file detected as a target table that the reviewer calls a 自评表: reviewed as a self-evaluation
    (chosen,) = plan_units([SetFile(filename="x.xlsx", data=b"x", kind="self_eval_table", detected="target")],
                           default_unit="戊").units
    assert chosen.doc_kind == "self_eval"
    assert [e.message for e in plan.errors] == ["单位「丁」没有待审核的报告文件 / unit 丁 has no report file"]


def test_a_zip_pairs_files_by_folder_and_is_bounded(tmp_path: Path) -> None:
    data = _zip({"管理办法.pdf": b"%PDF policy", "甲县交通局/自评表.pdf": b"a", "甲县交通局/自评报告.txt": b"b",
                 " 乙县　交通局 /sub/自评报告.txt": b"c", "__MACOSX/._x.pdf": b"junk", "../../etc/passwd.txt": b"x",
                 "甲县交通局/../../x.txt": b"y", "C:\\evil\\a<b>.txt": b"z", "readme.exe": b"MZ"}, utf8=False)
    files, errors = files_from_zip(data, settings=IngestSettings())
    got = sorted((f.unit, f.filename, f.kind) for f in files)
    # names made safe: a path that climbs out of the archive is dropped, a drive letter is a folder name
    assert got == [("", "管理办法.pdf", "policy"), ("C_", "a_b_.txt", None),
                   ("乙县 交通局", "自评报告.txt", "self_eval_report"),
                   ("甲县交通局", "自评报告.txt", "self_eval_report"), ("甲县交通局", "自评表.pdf", "self_eval_table")]
    assert [e.filename for e in errors] == ["readme.exe"]
    # bounded: entries, inflated size (the ingest zip-bomb guard), a corrupt archive
    many = _zip({f"u/{n}.txt": b"x" for n in range(MAX_ZIP_ENTRIES + 1)})
    with pytest.raises(DocReviewError, match="ZIP 中的文件过多"):
        files_from_zip(many, settings=IngestSettings())
    bomb = _zip({"u/big.txt": b"0" * (3 * 1024 * 1024)})
    with pytest.raises(ArchiveBomb):
        files_from_zip(bomb, settings=IngestSettings(max_unpacked_mb=1))
    with pytest.raises(DocReviewError, match="ZIP 文件已损坏"):
        files_from_zip(b"PK\x03\x04 broken", settings=IngestSettings())


def test_a_manifest_pairs_files_by_its_unit_column() -> None:
    template = read_manifest(manifest_template(), "清单.xlsx")
    assert [(r.unit, r.kind) for r in template] == [("某县交通运输局", "self_eval_table"),
                                                    ("某县交通运输局", "self_eval_report"),
                                                    ("某县交通运输局", "target"), ("", "policy")]
    text = io.StringIO()
    csv.writer(text).writerows([["单位", "文件名", "类型"], [" 甲县 交通局", "a.pdf", "自评表"],
                                ["甲县交通局", "b.txt", "自评报告"], ["", "p.docx", "政策文件"], ["乙", "missing.pdf", "自评表"]])
    rows = read_manifest(text.getvalue().encode("gb18030"), "清单.csv")
    files, errors = apply_manifest(rows, [SetFile(filename=n, data=n.encode()) for n in ("a.pdf", "b.txt", "p.docx")])
    assert [(f.unit, f.kind) for f in files] == [("甲县 交通局", "self_eval_table"), ("甲县交通局", "self_eval_report"),
                                                 ("", "policy")]
    assert [e.filename for e in errors] == ["missing.pdf"]
    (unit,) = plan_units(files, default_unit="").units
    assert [f.filename for f in unit.reports] == ["a.pdf", "b.txt"] and [f.filename for f in unit.policies] == ["p.docx"]
    with pytest.raises(DocReviewError, match="文件名"):
        read_manifest(b"a,b\n1,2\n", "x.csv")


def test_a_manifest_inside_a_zip_overrides_the_folders() -> None:
    manifest = "单位,文件名,类型\n丙县,r.pdf,自评报告\n".encode("utf-8-sig")
    files, errors = files_from_zip(_zip({"清单.csv": manifest, "甲/r.pdf": b"r", "甲/t.xlsx": b"t"}),
                                   settings=IngestSettings())
    assert sorted((f.unit, f.filename, f.kind) for f in files) == [("丙县", "r.pdf", "self_eval_report"),
                                                                  ("甲", "t.xlsx", None)]
    assert errors == []


# ---------------------------------------------------------------------- 变化 (pure)


def _flag(fid: int, key: str, type_: str, indicator: str | None, **inputs: object) -> FlagRecord:
    return FlagRecord.model_validate({"id": fid, "review_id": 1, "flag_key": key, "position": fid, "flag": {
        "id": f"f{fid}", "type": type_, "indicator": indicator, "severity": "medium", "message": f"{type_} {inputs}",
        "inputs": inputs}})


def test_flag_changes_lists_added_removed_and_changed_flags() -> None:
    old = [_flag(1, "k1", "target_missed", "里程", actual=108.0), _flag(2, "k2", "inconsistent_values", "里程",
                                                                     value_1="108公里", value_2="112公里"),
           _flag(3, "k3", "unit_mismatch", "列养率")]
    new = [_flag(4, "k1", "target_missed", "里程", actual=108.0),
           _flag(5, "k5", "inconsistent_values", " 里程", value_1="108公里", value_2="115公里"),
           _flag(6, "k6", "overachieved", "通客车")]
    changes = flag_changes(old, new)
    assert [(c.change, c.type, c.old_flag_id, c.new_flag_id) for c in changes] == [
        ("changed", "inconsistent_values", 2, 5), ("added", "overachieved", None, 6), ("removed", "unit_mismatch", 3, None)]
    assert [(v.name, v.old, v.new) for v in changes[0].values] == [("value_2", "112公里", "115公里")]
    assert changes[0].change_zh == "数值变化" and changes[1].type_zh != "overachieved"
    assert flag_changes(old, old) == []


# ---------------------------------------------------------------------- through a real worker process


def _run_worker(ws: Workspace, tmp_path: Path, batch_id: int, name: str = "worker") -> None:
    w = worker(tmp_path, queue_env(ws.settings.workspace, DOCREVIEW_DATABASE_URL=ws.settings.database_url), name)
    try:
        wait_for(lambda: jobs.batch_progress(ws, batch_id).finished, timeout=120, what="the batch", logs=[w])
    finally:
        w.stop()


@pytest.mark.slow
def test_two_units_are_reviewed_each_with_both_files_and_a_correction_is_version_2(ws: Workspace,
                                                                                    tmp_path: Path) -> None:
    out = submit_set(ws, _two_units_by_hand(), batch_name="两单位批次", user="alice")
    assert out.errors == [] and out.batch is not None and out.queue_error is None
    assert [(j.unit_name, [f.filename for f in j.unit.reports]) for j in out.jobs] == [
        ("某县 交通局", ["report_自评表.pdf", "report_自评报告.txt"]), ("乙县交通局", ["乙县自评表.pdf", "乙县自评报告.txt"])]
    _run_worker(ws, tmp_path, out.batch.id)
    reviews = {r.unit_name: r for r in ws.list_reviews(user="alice")}
    assert sorted(reviews) == ["乙县交通局", "某县 交通局"]
    for r in reviews.values():  # one review per unit, with both report files: the table against the prose
        assert len(r.report_files) == 2 and r.policy_files == ["policy_目标表.docx"] and r.version == 1
        types = {f.flag.type for f in ws.get_review(r.id, user="alice").flags}
        assert "inconsistent_values" in types and "not_reported" not in types

    # the reviewer decides two flags of 某县; then the unit sends a corrected 自评报告 (other bytes, same kinds)
    first = ws.get_review(reviews["某县 交通局"].id, user="alice")
    kept = next(f for f in first.flags if f.flag.type == "target_missed")
    moved = next(f for f in first.flags if f.flag.type == "inconsistent_values")
    ws.set_verdict(kept.id, "确认", "里程未达标属实", user="alice", expected_version=0)
    ws.set_verdict(moved.id, "确认", "表文不一致", user="alice", expected_version=0)
    again = submit_set(ws, [SetFile(filename="report_自评表.pdf", data=TABLE, unit="某县交通局"),
                            SetFile(filename="自评报告（更正）.txt", data=CORRECTED, unit="某县交通局 ",
                                    kind="self_eval_report"),
                            SetFile(filename="policy_目标表.docx", data=POLICY, kind="policy")],
                       batch_id=out.batch.id, user="alice")
    assert [j.unit_name for j in again.jobs] == ["某县交通局"]
    _run_worker(ws, tmp_path, out.batch.id, "worker2")
    latest = [r for r in ws.list_reviews(user="alice", status="open") if unit_key(r.unit_name) == unit_key("某县交通局")]
    assert [(r.version, r.docset_key) for r in latest] == [(2, first.summary.docset_key)]
    second = ws.get_review(latest[0].id, user="alice")
    same = next(f for f in second.flags if f.flag_key == kept.flag_key)
    assert same.verdict is not None and same.verdict.comment == "里程未达标属实" and same.verdict.carried_from_id
    found = changes_since_previous(ws, second.summary.id, user="alice")
    assert found.previous is not None and found.previous.id == first.summary.id
    changed = [c for c in found.changes if c.type == "inconsistent_values"]
    assert len(changed) == 1 and changed[0].change == "changed" and changed[0].old_flag_id == moved.id
    assert any("一百一十二公里" in str(v.old) or "112" in str(v.old) for v in changed[0].values)
    assert ws.get_review(first.summary.id, user="alice").summary.status == "closed"


@pytest.mark.slow
def test_a_zip_of_unit_folders_is_one_review_per_folder(ws: Workspace, tmp_path: Path) -> None:
    data = _zip({"policy_目标表.docx": POLICY, "甲县交通局/自评表.pdf": TABLE, "甲县交通局/自评报告.txt": PROSE,
                 "乙县交通局/自评表.pdf": TABLE, "乙县交通局/自评报告.txt": PROSE}, utf8=False)
    files, errors = files_from_zip(data, settings=ws.settings.ingest)
    assert errors == []
    out = submit_set(ws, files, batch_name="ZIP批次", user="alice")
    assert out.batch is not None and [j.unit_name for j in out.jobs] == ["甲县交通局", "乙县交通局"]
    _run_worker(ws, tmp_path, out.batch.id)
    for r in ws.list_reviews(user="alice"):
        assert r.report_files == ["自评表.pdf", "自评报告.txt"] and r.policy_files == ["policy_目标表.docx"]
        assert "inconsistent_values" in {f.flag.type for f in ws.get_review(r.id, user="alice").flags}


# ---------------------------------------------------------------------- the upload page (AppTest)


APP = str(ROOT / "app" / "main.py")


@pytest.fixture
def app_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    import sys

    sys.path.insert(0, str(ROOT / "app"))
    import shell as ui

    monkeypatch.setenv("DOCREVIEW_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("DOCREVIEW_DATABASE_URL", raising=False)
    monkeypatch.delenv("DOCREVIEW_QUEUE_URL", raising=False)
    monkeypatch.setenv("DOCREVIEW_RETRIEVAL_MODE", "bm25")
    w = Workspace(Settings())
    w.add_user("alice", role="admin", password="alice-password")
    yield w
    w.close()
    ui._open_workspace.clear()


def _signed_in():  # noqa: ANN202 — AppTest
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=90).run()
    at.text_input(key="signin_name").input("alice")
    at.text_input(key="signin_password").input("alice-password")
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _submit(at) -> None:  # noqa: ANN001 — AppTest
    next(b for b in at.button if b.label == "开始审核").click().run()
    assert not at.exception, at.exception


def _unit_reviews(ws: Workspace) -> dict[str, tuple[list[str], list[str], set[str]]]:
    return {r.unit_name: (r.report_files, r.policy_files, {f.flag.type for f in ws.get_review(r.id, user=None).flags})
            for r in ws.list_reviews(user=None)}


@pytest.mark.slow
def test_the_page_pairs_two_units_by_hand_and_a_real_worker_reviews_each_as_one(app_ws: Workspace,
                                                                                 tmp_path: Path) -> None:
    import hashlib

    at = _signed_in()
    at.file_uploader(key="policy_files").set_value([("policy_目标表.docx", POLICY, "application/octet-stream")])
    prose_b = PROSE + b"\n"  # the second unit's files: other bytes, same content
    at.file_uploader(key="report_files").set_value([
        ("甲自评表.pdf", TABLE, "application/pdf"), ("甲自评报告.txt", PROSE, "text/plain"),
        ("乙自评表.pdf", TABLE + b"\n", "application/pdf"), ("乙自评报告.txt", prose_b, "text/plain")]).run()
    assert not at.exception, at.exception
    kinds = {k.key: k.value for k in at.selectbox if k.key and k.key.startswith("kind_")}
    assert sorted(kinds.values()) == ["self_eval_report", "self_eval_report", "self_eval_table", "self_eval_table"]
    for data in (TABLE + b"\n", prose_b):
        at.text_input(key=f"unit_{hashlib.sha256(data).hexdigest()[:16]}").input("乙县交通局")
    at.run()  # the page shows which files will be reviewed together before the submission
    import shell as ui

    assert ui.markdown_text("乙县交通局：乙自评表.pdf、乙自评报告.txt（对照：policy_目标表.docx）") in [
        c.value for c in at.caption]
    at.text_input(key="unit_name").input(" 甲县 交通局")  # the default unit: 甲's files
    at.text_input(key="batch_name").input("两单位")
    _submit(at)
    assert any("已提交 2 个审核任务" in s.value for s in at.success)
    assert [u.key for u in at.file_uploader] == ["policy_files~1", "report_files~1"]  # the form starts empty
    (batch,) = app_ws.list_batches(user=None)
    w = worker(tmp_path, queue_env(app_ws.settings.workspace))
    try:
        wait_for(lambda: jobs.batch_progress(app_ws, batch.id).finished, timeout=120, what="the batch", logs=[w])
    finally:
        w.stop()
    got = _unit_reviews(app_ws)
    assert sorted(got) == ["乙县交通局", "甲县 交通局"]
    assert got["甲县 交通局"][:2] == (["甲自评表.pdf", "甲自评报告.txt"], ["policy_目标表.docx"])
    assert got["乙县交通局"][:2] == (["乙自评表.pdf", "乙自评报告.txt"], ["policy_目标表.docx"])
    assert all("inconsistent_values" in types and "not_reported" not in types for _, _, types in got.values())


@pytest.mark.slow
def test_the_page_takes_a_zip_of_unit_folders_and_a_manifest(app_ws: Workspace) -> None:
    from queue_procs import run_queued

    at = _signed_in()
    at.radio(key="pair_mode").set_value("zip").run()
    data = _zip({"policy_目标表.docx": POLICY, "甲县/自评表.pdf": TABLE, "甲县/自评报告.txt": PROSE,
                 "乙县/自评表.pdf": TABLE, "乙县/自评报告.txt": PROSE}, utf8=False)
    at.file_uploader(key="zip_file").set_value([("单位.zip", data, "application/zip")]).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value if at.dataframe else next(iter(at.get("arrow_data_frame"))).value
    assert sorted(zip(table["单位"], table["类型"], strict=True)) == [
        ("", "政策文件"), ("乙县", "自评报告"), ("乙县", "自评表"), ("甲县", "自评报告"), ("甲县", "自评表")]
    at.text_input(key="batch_name").input("ZIP")
    _submit(at)
    assert any("已提交 2 个审核任务" in s.value for s in at.success)
    assert run_queued(app_ws.settings) == ["done", "done"]
    got = _unit_reviews(app_ws)
    assert sorted(got) == ["乙县", "甲县"]
    assert all(r == ["自评表.pdf", "自评报告.txt"] and p == ["policy_目标表.docx"] and "inconsistent_values" in t
               for r, p, t in got.values())

    # a manifest: the template downloads, the unit column pairs the files
    at.radio(key="pair_mode").set_value("manifest").run()
    assert any(b.label == "下载清单模板" for b in at.get("download_button"))
    manifest = "单位,文件名,类型\n丙县,丙表.pdf,自评表\n丙县,丙报告.txt,自评报告\n,policy_目标表.docx,政策文件\n"
    at.file_uploader(key="manifest_file~1").set_value([("清单.csv", manifest.encode("gb18030"), "text/csv")])
    at.file_uploader(key="set_files~1").set_value([("丙表.pdf", TABLE, "application/pdf"),
                                                    ("丙报告.txt", PROSE, "text/plain"),
                                                    ("policy_目标表.docx", POLICY, "application/octet-stream")]).run()
    assert not at.exception, at.exception
    at.text_input(key="batch_name").input("清单")
    _submit(at)
    assert any("已提交 1 个审核任务" in s.value for s in at.success)
    assert run_queued(app_ws.settings) == ["done"]
    assert _unit_reviews(app_ws)["丙县"][:2] == (["丙表.pdf", "丙报告.txt"], ["policy_目标表.docx"])


# ---------------------------------------------------------------------- the CLI


def test_batch_submit_takes_a_zip_and_a_manifest(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCREVIEW_", "OPENAI_"))}
    env["DOCREVIEW_WORKSPACE"] = str(tmp_path / "ws")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "docreview.cli", "batch", "submit", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=300)

    (tmp_path / "units.zip").write_bytes(_zip({"policy_目标表.docx": POLICY, "甲县/自评表.pdf": TABLE,
                                               "甲县/自评报告.txt": PROSE, "乙县/自评报告.txt": PROSE}))
    proc = cli("ZIP批次", "--zip", str(tmp_path / "units.zip"))
    assert proc.returncode == 0, proc.stderr
    assert "2 个审核任务" in proc.stdout
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "丙表.pdf").write_bytes(TABLE)
    (folder / "丙报告.txt").write_bytes(PROSE)
    (folder / "清单.csv").write_text("单位,文件名,类型\n丙县,丙表.pdf,自评表\n丙县,丙报告.txt,自评报告\n", encoding="utf-8")
    proc = cli("清单批次", "--manifest", str(folder / "清单.csv"))
    assert proc.returncode == 0, proc.stderr
    assert "1 个审核任务" in proc.stdout
    with Workspace(Settings(workspace=tmp_path / "ws")) as ws:
        batches = {b.name: b.id for b in ws.list_batches(user=None)}
        units = {name: [(j.unit_name, [f.filename for f in j.unit.reports]) for j in jobs.batch_progress(ws, bid).jobs]
                 for name, bid in batches.items()}
    assert units == {"ZIP批次": [("甲县", ["自评表.pdf", "自评报告.txt"]), ("乙县", ["自评报告.txt"])],
                     "清单批次": [("丙县", ["丙表.pdf", "丙报告.txt"])]}


def test_the_changes_view_lists_what_a_correction_changed(app_ws: Workspace) -> None:
    from streamlit.testing.v1 import AppTest

    from docreview.store.history import unit_version_key
    from store_samples import make_review

    batch = app_ws.create_batch("更正", unit_name="某县交通局", user="alice")
    key = unit_version_key("某县交通局", ["self_eval_table"])
    ids = []
    for n, review in enumerate((make_review(), make_review(road_actual=110.0, training_reported=True))):
        sha = app_ws.store_document(f"report {n}".encode(), "自评表.xlsx", user="alice")
        ids.append(app_ws.save_review(batch.id, review, [(sha, "report")], user="alice", docset=key).id)
    assert [v.version for v in app_ws.versions(ids[1], user="alice")] == [1, 2]
    script = f"""
import sys
sys.path.insert(0, {str(ROOT / "app")!r})
import streamlit as st
import shell as ui
from views.changes import show_changes
ws, user = ui.page_context()
show_changes(ws, ws.get_review(st.session_state["rid"]))
"""
    at = AppTest.from_string(script, default_timeout=60)
    at.session_state["docreview_user"] = app_ws.get_user("alice").model_dump(mode="json")  # type: ignore[union-attr]
    at.session_state["rid"] = ids[1]
    at.run()
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == ["变化"]
    table = at.dataframe[0].value
    rows = {(r["变化"], r["问题类型"]): r["内容"] for _, r in table.iterrows()}
    changed = next(v for (c, _), v in rows.items() if c == "数值变化")
    assert "108 → 110" in changed
    assert any(c == "消除" for c, _ in rows)
    at.session_state["rid"] = ids[0]
    at.run()
    assert any("这是第 1 版" in c.value for c in at.caption)


# ---------------------------------------------------------------------- the batch export


def test_the_batch_export_has_a_sheet_per_unit_and_memos_with_a_signature(app_ws: Workspace) -> None:
    import datetime as dt

    import docx
    import openpyxl

    from docreview.store.batch_export import batch_memos_zip, batch_to_xlsx
    from store_samples import make_review

    batch = app_ws.create_batch("2024年度", user="alice")
    for n, unit in enumerate(("甲县交通局", "乙县[教育]局", "甲县交通局*")):
        sha = app_ws.store_document(f"report {n}".encode(), "自评表.xlsx", user="alice")
        app_ws.save_review(batch.id, make_review(road_actual=100.0 + n), [(sha, "report")], user="alice",
                           unit_name=unit)
    records = app_ws.latest_records(user="alice", batch_id=batch.id)
    flag = records[0].flags[0]
    app_ws.set_verdict(flag.id, "确认", "属实", user="alice", expected_version=0)
    records = app_ws.latest_records(user="alice", batch_id=batch.id)
    data = batch_to_xlsx(records, app_ws.batch_ranking(batch.id, user="alice"), batch_name=batch.name)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:2] == ["汇总", "通报排名"] and len(wb.sheetnames) == 5
    assert set(wb.sheetnames[2:]) == {"甲县交通局", "甲县交通局_", "乙县_教育_局"}
    summary = list(wb["汇总"].iter_rows(min_row=3, values_only=True))
    assert sorted(r[0] for r in summary) == ["乙县[教育]局", "甲县交通局", "甲县交通局*"]
    assert sum(r[9] for r in summary) == 1  # 已确认
    ranked = list(wb["通报排名"].iter_rows(min_row=3, values_only=True))
    assert len(ranked) >= 2 and wb["通报排名"].cell(2, 1).value == "排名"
    unit_sheet = wb["乙县_教育_局"]
    assert unit_sheet.cell(1, 1).value == "序号" and unit_sheet.max_row == 1 + len(records[0].flags)

    memos = zipfile.ZipFile(io.BytesIO(batch_memos_zip(records, signer="某市财政局绩效科", date=dt.date(2026, 12, 1))))
    assert sorted(memos.namelist()) == sorted(["乙县[教育]局_审核意见书.docx", "甲县交通局_审核意见书.docx",
                                               "甲县交通局__审核意见书.docx"])
    text = [p.text for p in docx.Document(io.BytesIO(memos.read("甲县交通局_审核意见书.docx"))).paragraphs]
    assert text[-2:] == ["落款：某市财政局绩效科", "日期：2026年12月1日"]


def test_the_batch_page_offers_the_batch_exports(app_ws: Workspace) -> None:
    from store_samples import make_review

    batch = app_ws.create_batch("导出批次", user="alice")
    sha = app_ws.store_document(b"report", "自评表.xlsx", user="alice")
    from docreview.store.jobs import ReviewUnit, UnitFile

    job = jobs.create_jobs(app_ws, batch.id, [ReviewUnit(files=[UnitFile(sha256=sha, role="report",
                                                                         filename="自评表.xlsx")], unit_name="甲县")],
                           profile="default", user="alice")[0]
    claimed = jobs.claim(app_ws, job.id, job.key, worker="w", lease_s=30)
    assert claimed is not None
    jobs.finish(app_ws, claimed, worker="w", review=make_review(), documents=[(sha, "report", "自评表.xlsx")])
    at = _signed_in()
    at.session_state["current_batch_id"] = batch.id
    import shell as ui

    at.switch_page(str(ui.PAGES["batches"][0])).run()
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["下载批次汇总表（XLSX）", "下载各单位审核意见书（ZIP）"]
    assert at.text_input(key="memo_signer").label == "落款（审核意见书末尾）"


# ---------------------------------------------------------------------- soft delete (admin, audited)


def test_an_admin_soft_deletes_a_batch_or_a_review_and_it_is_hidden_everywhere(app_ws: Workspace) -> None:
    from docreview.errors import AccessError, StoreError
    from store_samples import make_review

    app_ws.add_user("rita", role="reviewer", password="rita-password")
    junk = app_ws.create_batch("误传批次", user="alice")
    keep = app_ws.create_batch("正式批次", user="alice")
    ids = {}
    for batch, unit in ((junk, "甲县"), (keep, "乙县"), (keep, "丙县")):
        sha = app_ws.store_document(f"{unit} report".encode(), "自评表.xlsx", user="alice")
        ids[unit] = app_ws.save_review(batch.id, make_review(), [(sha, "report")], user="alice", unit_name=unit).id
    job = jobs.create_jobs(app_ws, junk.id, [jobs.ReviewUnit(files=[jobs.UnitFile(
        sha256=app_ws.store_document(b"queued", "q.xlsx", user="alice"), role="report", filename="q.xlsx")],
        unit_name="甲县")], profile="default", user="alice")[0]
    with pytest.raises(AccessError):  # admins only
        app_ws.delete_batch(junk.id, by="rita")
    app_ws.delete_batch(junk.id, by="alice")
    assert [b.name for b in app_ws.list_batches(user="alice")] == ["正式批次"]
    assert sorted(r.unit_name for r in app_ws.list_reviews(user="alice")) == ["丙县", "乙县"]
    with pytest.raises(StoreError):
        app_ws.get_review(ids["甲县"], user="alice")
    with pytest.raises(AccessError):
        app_ws.get_batch(junk.id, user="alice")
    assert jobs.get_job(app_ws, job.id).state == "cancelled"
    assert "甲县" not in app_ws.dashboard(user="alice").units
    app_ws.delete_review(ids["丙县"], by="alice")
    assert [r.unit_name for r in app_ws.list_reviews(user="alice")] == ["乙县"]
    with pytest.raises(StoreError):
        app_ws.delete_review(ids["丙县"], by="alice")
    audit = [(e.action, e.entity, e.user) for e in app_ws.audit_for(user="alice") if e.action == "delete"]
    assert audit == [("delete", "batch", "alice"), ("delete", "review", "alice")]


def test_the_batch_page_lets_an_admin_delete_a_batch(app_ws: Workspace) -> None:
    from store_samples import make_review

    batch = app_ws.create_batch("误传批次", user="alice")
    sha = app_ws.store_document(b"report", "自评表.xlsx", user="alice")
    job = jobs.create_jobs(app_ws, batch.id, [jobs.ReviewUnit(files=[jobs.UnitFile(
        sha256=sha, role="report", filename="自评表.xlsx")], unit_name="甲县")], profile="default", user="alice")[0]
    claimed = jobs.claim(app_ws, job.id, job.key, worker="w", lease_s=30)
    assert claimed is not None
    jobs.finish(app_ws, claimed, worker="w", review=make_review(), documents=[(sha, "report", "自评表.xlsx")])
    at = _signed_in()
    import shell as ui

    at.switch_page(str(ui.PAGES["batches"][0])).run()
    assert not at.exception, at.exception
    assert at.button(key="delete_batch").disabled
    at.checkbox(key=f"delete_sure_{batch.id}").check().run()
    at.button(key="delete_batch").click().run()
    assert not at.exception, at.exception
    assert app_ws.list_batches(user="alice") == [] and app_ws.list_reviews(user="alice") == []
    assert any("还没有提交过审核任务" in i.value for i in at.info)


def test_batch_export_from_the_command_line(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    import openpyxl

    from store_samples import make_review

    with Workspace(Settings(workspace=tmp_path / "ws")) as w:
        batch = w.create_batch("导出", user=None)
        for unit in ("甲县", "乙县"):
            sha = w.store_document(f"{unit}".encode(), "自评表.xlsx", user=None)
            w.save_review(batch.id, make_review(), [(sha, "report")], user=None, unit_name=unit)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCREVIEW_", "OPENAI_"))}
    env["DOCREVIEW_WORKSPACE"] = str(tmp_path / "ws")
    proc = subprocess.run([sys.executable, "-m", "docreview.cli", "batch", "export", str(batch.id), "--xlsx",
                           str(tmp_path / "b.xlsx"), "--memos", str(tmp_path / "m.zip"), "--signer", "绩效科",
                           "--date", "2026-12-01"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert openpyxl.load_workbook(tmp_path / "b.xlsx").sheetnames == ["汇总", "通报排名", "乙县", "甲县"]
    assert sorted(zipfile.ZipFile(tmp_path / "m.zip").namelist()) == ["乙县_审核意见书.docx", "甲县_审核意见书.docx"]
