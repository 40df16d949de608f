"""The Streamlit app under ``streamlit.testing.v1.AppTest`` (real script runs, real workspace on SQLite)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from docreview import auth
from docreview.errors import DocumentUnreadable
from docreview.models import ADVISORY_LABEL, Advisory
from docreview.queue import Submission
from docreview.settings import Settings
from docreview.store import Workspace
from docreview.store.export import review_to_xlsx
from docreview.store.intake import FileError, Upload, review_uploads
from queue_procs import run_queued
from store_samples import make_review

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app" / "main.py")
sys.path.insert(0, str(ROOT / "app"))
import shell as ui  # noqa: E402  (the app's shell module, from app/)

SAMPLES = ROOT / "samples"
PAGE = {name: str(path) for name, (path, _, _) in ui.PAGES.items()}


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setenv("DOCREVIEW_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("DOCREVIEW_DATABASE_URL", raising=False)
    monkeypatch.setenv("DOCREVIEW_EMBEDDER", "e5-small")
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    w = Workspace(Settings())
    w.add_user("alice", role="reviewer", password="alice-password")
    w.add_user("root", role="admin", password="root-password")
    yield w
    w.close()
    ui._open_workspace.clear()


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=90)


def sign_in(name: str = "alice", password: str = "alice-password") -> AppTest:
    at = _app().run()
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _button(at: AppTest, label: str):  # noqa: ANN202 — AppTest widget
    return next(b for b in at.button if b.label == label)


def _saved_review(ws: Workspace, **kwargs: object) -> int:
    p = ws.store_document(b"policy bytes", "policy_目标表.docx", user=None)
    r = ws.store_document(b"report bytes", "report_自评表.xlsx", user=None)
    batch = ws.create_batch("2024年度复核", unit_name="某县交通运输局", user="root")
    return ws.save_review(batch.id, make_review(**kwargs), [(p, "policy"), (r, "report")], user="root").id  # type: ignore[arg-type]


# ---------------------------------------------------------------------- sign-in


def test_sign_in_required(ws: Workspace) -> None:
    _saved_review(ws)
    at = _app().run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["用户名", "密码"]
    assert len(at.file_uploader) == 0 and len(at.dataframe) == 0 and len(at.metric) == 0
    assert "退出登录" not in [b.label for b in at.button]
    # a page's script path does not get past the sign-in either
    at.switch_page(PAGE["review"]).run()
    assert len(at.metric) == 0 and [t.label for t in at.text_input] == ["用户名", "密码"]

    at.text_input(key="signin_name").input("alice")
    at.text_input(key="signin_password").input("wrong-password")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["用户名或密码错误"]  # Chinese only on the page (issue 15)
    assert len(at.file_uploader) == 0

    at = sign_in()
    assert at.session_state[ui.USER_KEY]["name"] == "alice"
    assert [u.label for u in at.file_uploader] == ["政策文件 / 绩效目标表（可选，可多选）",
                                                   "待审核文件：自评表 / 自评报告 / 目标申报表 / 监控表（必选，可多选）"]
    assert at.file_uploader[1].allowed_type == [".pdf", ".docx", ".xlsx", ".html", ".htm", ".txt", ".md"]
    assert at.file_uploader[1].accept_multiple_files
    # reviewers do not get the eval page; sign-out clears the session
    with pytest.raises(ValueError):
        at.switch_page(PAGE["evaluate"])
    _button(at, "退出登录").click().run()
    assert ui.USER_KEY not in at.session_state and [t.label for t in at.text_input] == ["用户名", "密码"]


# ---------------------------------------------------------------------- upload


def test_upload_good_and_bad_file(ws: Workspace) -> None:
    at = sign_in()
    at.file_uploader(key="policy_files").set_value(
        [("policy_目标表.docx", (SAMPLES / "policy_目标表.docx").read_bytes(), "application/octet-stream")])
    at.file_uploader(key="report_files").set_value([
        ("report_自评表.pdf", (SAMPLES / "report_自评表.pdf").read_bytes(), "application/pdf"),
        ("broken.pdf", b"%PDF-1.4 this is not a pdf", "application/pdf"),
    ]).run()
    at.text_input(key="unit_name").input("某县交通运输局")
    at.text_input(key="batch_name").input("测试批次")
    # a unit's files are reviewed together: the broken file goes to a unit of its own
    at.text_input(key=f"unit_{hashlib.sha256(b'%PDF-1.4 this is not a pdf').hexdigest()[:16]}").input("某县其他单位")
    _button(at, "开始审核").click().run()
    assert not at.exception, at.exception
    # the page queued two jobs and returned: nothing was reviewed in it
    assert ws.list_reviews(user=None) == [] and not at.error
    assert any("已提交 2 个审核任务" in s.value for s in at.success)
    assert sorted(run_queued(ws.settings)) == ["done", "failed"]  # what the app's worker does
    _button(at, "查看批次进度").click().run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "broken" in errors[0] and "文件已损坏或不完整" in errors[0]
    reviews = ws.list_reviews(user=None)
    assert len(reviews) == 1
    r = reviews[0]
    assert (r.batch_name, r.unit_name, r.created_by) == ("测试批次", "某县交通运输局", "alice")
    assert r.report_files == ["report_自评表.pdf"] and r.policy_files == ["policy_目标表.docx"]
    assert r.flag_count > 0
    assert any("规则计算总分" in m.value for m in at.markdown)
    # the files are stored by hash, byte for byte
    rec = ws.get_review(r.id, user=None)
    report = next(d for d in rec.documents if d.role == "report")
    assert ws.read_document(report.sha256, user=None) == (SAMPLES / "report_自评表.pdf").read_bytes()
    # "去审核" opens the new review
    _button(at, "去审核").click().run()
    assert at.session_state[ui.REVIEW_KEY] == r.id
    assert [m.label for m in at.metric][0] == "规则计算总分"

    # the same files uploaded again into the same batch: version 2, the verdict is carried over
    first = rec.flags[0]
    ws.set_verdict(first.id, "确认", "第一版已核实", user="alice", expected_version=0)
    at.switch_page(PAGE["upload"]).run()
    # the form was cleared after the submission: new, empty file pickers (issue 15)
    assert [u.key for u in at.file_uploader] == ["policy_files~1", "report_files~1"]
    assert not [m for m in at.markdown if "文件类型和所属单位" in m.value]
    at.selectbox(key="batch_choice").set_value(r.batch_id)
    at.file_uploader(key="policy_files~1").set_value(
        [("policy_目标表.docx", (SAMPLES / "policy_目标表.docx").read_bytes(), "application/octet-stream")])
    at.file_uploader(key="report_files~1").set_value(
        [("report_自评表.pdf", (SAMPLES / "report_自评表.pdf").read_bytes(), "application/pdf")])
    _button(at, "开始审核").click().run()
    assert not at.exception and not at.error
    assert run_queued(ws.settings) == ["done"]
    latest = ws.list_reviews(status="open", user=None)
    assert [(x.version, x.batch_id, x.unit_name) for x in latest] == [(2, r.batch_id, "某县交通运输局")]
    again = next(f for f in ws.get_review(latest[0].id, user=None).flags if f.flag_key == first.flag_key)
    assert again.verdict is not None and again.verdict.comment == "第一版已核实" and again.verdict.carried_from_id


def test_upload_page_renders_results_and_escapes(ws: Workspace) -> None:
    from docreview.queue import submit_units
    from docreview.store.jobs import ReviewUnit, UnitFile

    batch = ws.create_batch("<b>批次</b>", user="root")
    sha = ws.store_document(b"report bytes", "<img src=x onerror=alert(1)>.xlsx", user="root")
    job = submit_units(ws, batch.id, [ReviewUnit(files=[UnitFile(sha256=sha, role="report", filename=(
        "<img src=x onerror=alert(1)>.xlsx"))], unit_name="某单位")], user="root").jobs[0]
    at = sign_in()
    submission = Submission(batch=batch, jobs=[job], errors=[
        FileError(filename="<img src=x onerror=alert(1)>.pdf", role="report",
                  message="<img src=x onerror=alert(1)>.pdf: 文件已损坏或不完整 / the file is corrupt or truncated"),
        FileError(filename="目标表*.docx", role="policy", message="目标表*.docx: 不支持的文件类型 / unsupported file type"),
    ])
    at.session_state["upload_submission"] = submission.model_dump(mode="json")
    at.run()
    errors = [e.value for e in at.error]
    assert errors[0].startswith("报告文件未能处理：\\<img src=x onerror=alert\\(1\\)\\>\\.pdf")
    assert errors[1].startswith("政策文件未能处理：目标表\\*\\.docx")
    assert any("已提交 1 个审核任务" in x.value and "\\<b\\>批次\\</b\\>" in x.value for x in at.success)
    assert ui.markdown_text(f"任务 #{job.id}：某单位 — <img src=x onerror=alert(1)>.xlsx") in [c.value for c in at.caption]
    _button(at, "查看批次进度").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="batch_pick").value == batch.id
    assert list(at.dataframe[0].value["文件"]) == ["<img src=x onerror=alert(1)>.xlsx"]  # a table cell: text


def test_intake_keeps_going_after_bad_files(ws: Workspace) -> None:
    policy = Upload(filename="policy_目标表.docx", data=(SAMPLES / "policy_目标表.docx").read_bytes())
    bad_policy = Upload(filename="../../坏的目标表.docx", data=b"PK\x03\x04 not a zip")
    reports = [Upload(filename="report_自评表.pdf", data=(SAMPLES / "report_自评表.pdf").read_bytes()),
               Upload(filename="empty.txt", data=b""),
               Upload(filename="tool.exe", data=b"MZ")]
    seen: list[tuple[str, str]] = []
    out = review_uploads(ws, policies=[policy, bad_policy], reports=reports, batch_name="批次A", user="alice",
                         progress=lambda name, stage, done, total: seen.append((name, stage)))
    msgs = {e.filename: (e.role, e.message) for e in out.errors}
    assert set(msgs) == {"坏的目标表.docx", "empty.txt", "tool.exe"}
    assert msgs["坏的目标表.docx"][0] == "policy" and msgs["坏的目标表.docx"][1].startswith("坏的目标表.docx: ")
    assert "文件为空" in msgs["empty.txt"][1] and "不支持的文件类型" in msgs["tool.exe"][1]
    assert len(out.reviews) == 1 and out.batch is not None and out.batch.name == "批次A"
    assert out.reviews[0].policy_files == ["policy_目标表.docx"]  # the unreadable policy was dropped
    assert out.reviews[0].unit_name == "report_自评表"
    assert ("report_自评表.pdf", "score") in seen

    # an unexpected failure in one report does not stop the next
    calls: list[str] = []

    def flaky(policies: list[Path], reports: list[Path], **kwargs: object):  # noqa: ANN202
        calls.append(reports[0].name)
        if reports[0].name == "a.txt":
            raise RuntimeError("boom")
        if reports[0].name == "b.txt":
            raise DocumentUnreadable(str(reports[0]), "bad table")
        return make_review()

    out = review_uploads(ws, policies=[], reports=[Upload(filename=n, data=n.encode()) for n in ("a.txt", "b.txt", "c.txt")],
                         batch_name="批次B", unit_name="乙单位", user="alice", review_fn=flaky)
    assert calls == ["a.txt", "b.txt", "c.txt"]
    assert [e.message for e in out.errors] == ["a.txt: 内部错误 / internal error: RuntimeError: boom",
                                               "b.txt: 文件已损坏或不完整 / the file is corrupt or truncated: bad table"]
    assert [r.unit_name for r in out.reviews] == ["乙单位"]


# ---------------------------------------------------------------------- review page


def test_review_filter_verdict_audit_and_conflict(ws: Workspace) -> None:
    rid = _saved_review(ws, hostile=True)
    at = sign_in()
    at.switch_page(PAGE["review"]).run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["规则计算总分"] == "73.50" and metrics["评级"] == "中" and metrics["预算执行率"] == "85.00%"
    assert metrics["审核进度"] == "0 / 4"
    table = at.dataframe[0].value
    assert list(table.columns) == ["序号", "严重程度", "问题类型", "指标", "问题描述", "审核结论", "审核人"]
    assert len(table) == 4

    # filters: type, severity, indicator, verdict
    at.multiselect(key="f_sev").set_value(["high"]).run()
    assert list(at.dataframe[0].value["问题类型"]) == ["未完成目标", "未报告完成值"]
    at.multiselect(key="f_sev").set_value([]).run()
    at.multiselect(key="f_types").set_value(["low_budget_execution"]).run()
    assert list(at.dataframe[0].value["指标"]) == ["（整体）"]
    at.multiselect(key="f_types").set_value([]).run()
    at.multiselect(key="f_ind").set_value(["新改建农村公路里程"]).run()
    assert list(at.dataframe[0].value["问题类型"]) == ["未完成目标", "缺少偏差原因"]

    # the selected flag: evidence escaped and highlighted, rule inputs, explanation
    flag = next(f for f in ws.get_review(rid, user=None).flags if f.flag.type == "target_missed")
    assert at.selectbox(key="flag_pick").value == flag.id
    evidence = [m.value for m in at.markdown if "<mark>" in m.value]
    assert len(evidence) == 2
    assert "&lt;b&gt;粗体&lt;&#47;b&gt;" in evidence[1] or "&lt;b&gt;粗体&lt;/b&gt;" in evidence[1]
    assert "<b>" not in evidence[1] and "<script>" not in "".join(m.value for m in at.markdown)
    assert "<mark>新改建农村公路里程 ≥120公里</mark>" in evidence[0]
    assert any("规则说明" in i.value for i in at.info)

    # a verdict with a comment, and its audit entry; the page then moves on to the next flag still 待审核 (issue 15)
    second = next(f for f in ws.get_review(rid, user=None).flags if f.flag.type == "missing_deviation_reason")
    at.text_area(key=f"verdict_comment_{flag.id}").input("与原表核对一致")
    at.button(key="verdict_confirmed").click().run()
    assert [s.value for s in at.success] == [ui.markdown_text("已记录：确认（版本 1）· #1，已转到下一个待审核问题 #2")]
    assert at.selectbox(key="flag_pick").value == second.id
    stored = ws.flags_for_review(rid, types=["target_missed"], user=None)[0].verdict
    assert stored is not None and (stored.decision, stored.comment, stored.user) == ("confirmed", "与原表核对一致", "alice")
    entry = ws.audit_for("verdict", flag.id, user=None)[-1]
    assert (entry.action, entry.user, entry.before, entry.after["decision"]) == ("set_verdict", "alice", None, "confirmed")
    assert list(at.dataframe[0].value["审核结论"]) == ["确认", "待审核"]
    at.selectbox(key="flag_pick").set_value(flag.id).run()
    audit_table = next(d.value for d in at.dataframe if "操作" in d.value.columns)
    assert list(audit_table["操作"]) == ["审核结论"] and list(audit_table["用户"]) == ["alice"]

    # verdict filter
    at.multiselect(key="f_ind").set_value([]).run()
    at.multiselect(key="f_dec").set_value(["pending"]).run()
    assert len(at.dataframe[0].value) == 3
    at.multiselect(key="f_dec").set_value([]).run()
    at.selectbox(key="flag_pick").set_value(flag.id).run()

    # another reviewer changes the verdict meanwhile: this page's click is refused, both verdicts are shown and the
    # reviewer is asked; a second click is refused again, until they answer (issue 15: no silent overwrite)
    ws.set_verdict(flag.id, "驳回", "复核不成立", user="root", expected_version=1)
    at.text_area(key=f"verdict_comment_{flag.id}").input("需要台账")
    at.button(key="verdict_needs_info").click().run()
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and "root" in warnings[0] and "驳回" in warnings[0] and "/" not in warnings[0]
    assert ui.markdown_text("覆盖 root 的结论？") in [m.value for m in at.markdown]
    assert ui.markdown_text("需补充材料：需要台账") in [m.value for m in at.markdown]  # mine
    assert ui.markdown_text("驳回：复核不成立") in [m.value for m in at.markdown]  # theirs
    at.button(key="verdict_needs_info").click().run()
    assert at.button(key="conflict_overwrite").label == "覆盖 root 的结论"
    assert ws.flags_for_review(rid, types=["target_missed"], user=None)[0].verdict.decision == "dismissed"  # type: ignore[union-attr]
    at.button(key="conflict_overwrite").click().run()
    assert [s.value for s in at.success] == [ui.markdown_text("已覆盖：需补充材料（版本 3）")]
    now = ws.flags_for_review(rid, types=["target_missed"], user=None)[0].verdict
    assert now is not None and (now.decision, now.comment, now.version) == ("needs_info", "需要台账", 3)
    assert not at.warning

    # a comment on the flag
    at.text_area(key=f"comment_text_{flag.id}").input("请补充原始台账")
    next(b for b in at.button if b.label == "提交评论").click().run()
    assert [c.text for c in ws.flags_for_review(rid, types=["target_missed"], user=None)[0].comments] == ["请补充原始台账"]
    assert ws.audit_for("comment", user=None)[-1].after["text"] == "请补充原始台账"


def test_not_reported_shows_searched_passages(ws: Workspace) -> None:
    rid = _saved_review(ws)
    at = sign_in()
    at.switch_page(PAGE["review"]).run()
    nr = next(f for f in ws.get_review(rid, user=None).flags if f.flag.type == "not_reported")
    at.selectbox(key="flag_pick").set_value(nr.id).run()
    searched = next(d.value for d in at.dataframe if "得分" in d.value.columns)
    assert list(searched["得分"]) == [0.412, 0.233]
    assert searched["段落"][0] == "全年共开展技能培训工作，群众反响良好。"
    assert any(i.value.startswith("模型说明（test\\-model") for i in at.info)
    # a review stored before document kinds existed loads, and says how it was reviewed
    assert at.info[0].value.startswith("文件类型：绩效自评（早期审核记录，按绩效自评审核）")


def test_review_page_shows_the_advisory_labelled(ws: Workspace) -> None:
    opinion = Advisory(status="ok", prompt="advise.v1", model="test-model", reason_quality="boilerplate",
                       reason_quality_zh="原因说明空泛（套话）", reason_comment="只写了「资金到位较晚」。",
                       category_fit="fits", category_fit_zh="归类恰当", category_comment="公路里程属于数量指标。")
    rejected = Advisory(status="rejected", prompt="advise.v1", model="test-model", rejected_reason="grounding: x")
    review = make_review()
    with_advice = {"F1": opinion, "F4": rejected}
    review = review.model_copy(update={"explanations": [
        e.model_copy(update={"advisory": with_advice.get(e.flag_id)}) for e in review.explanations]})
    p = ws.store_document(b"policy bytes", "policy_目标表.docx", user=None)
    r = ws.store_document(b"report bytes", "report_自评表.xlsx", user=None)
    batch = ws.create_batch("2024年度复核", unit_name="某县交通运输局", user="root")
    rid = ws.save_review(batch.id, review, [(p, "policy"), (r, "report")], user="root").id
    flags = {f.flag.type: f for f in ws.get_review(rid, user=None).flags}
    at = sign_in()
    at.switch_page(PAGE["review"]).run()
    at.selectbox(key="flag_pick").set_value(flags["target_missed"].id).run()
    assert not at.exception, at.exception
    advice = [i.value for i in at.info if "model opinion" in i.value]
    assert len(advice) == 1
    assert ui.markdown_text(ADVISORY_LABEL) in advice[0]  # labelled as a model opinion, not a rule finding
    assert "原因说明空泛（套话）" in advice[0] and ui.markdown_text("公路里程属于数量指标。") in advice[0]
    at.selectbox(key="flag_pick").set_value(flags["not_reported"].id).run()
    assert not [i for i in at.info if "model opinion" in i.value]  # an ungrounded opinion is not shown
    assert any("模型意见未通过核对" in c.value for c in at.caption)


# ---------------------------------------------------------------------- export, dashboard, eval


def test_export_page(ws: Workspace) -> None:
    rid = _saved_review(ws)
    flag = ws.get_review(rid, user=None).flags[0]
    ws.set_verdict(flag.id, "确认", "导出测试", user="alice", expected_version=0)
    at = sign_in()
    at.switch_page(PAGE["export"]).run()
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels[:3] == ["下载审核意见表（XLSX）", "下载审核意见书（DOCX）", "下载审核结果（JSON）"]
    data = review_to_xlsx(ws.get_review(rid, user=None))
    assert data[:2] == b"PK" and "导出测试".encode() not in data  # strings live in the zip's shared strings
    import io

    import openpyxl

    row = [c.value for c in openpyxl.load_workbook(io.BytesIO(data))["审核意见表"][2]]
    assert row[7:10] == ["确认", "导出测试", "alice"]


def test_dashboard_page(ws: Workspace) -> None:
    rid = _saved_review(ws, extra_flag=True)
    ws.set_verdict(ws.get_review(rid, user=None).flags[0].id, "确认", "", user="alice", expected_version=0)
    at = sign_in()
    at.switch_page(PAGE["dashboard"]).run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["审核记录"] == "1" and metrics["确认"] == "1" and metrics["待审核"] == "4"
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    heat = json.loads(charts[0].proto.spec)
    assert heat["data"][0]["type"] == "heatmap" and heat["data"][0]["y"] == ["某县交通运输局"]
    open_table = next(d.value for d in at.dataframe if "报告文件" in d.value.columns)
    assert list(open_table["记录"]) == [rid]
    _button(at, "去审核").click().run()
    assert at.session_state[ui.REVIEW_KEY] == rid and at.metric[0].label == "规则计算总分"


def test_eval_page_runs_a_labelled_folder(ws: Workspace, tmp_path: Path) -> None:
    case = tmp_path / "corpus" / "c1"
    case.mkdir(parents=True)
    shutil.copy(SAMPLES / "policy_目标表.docx", case / "policy.docx")
    shutil.copy(SAMPLES / "report_自评表.pdf", case / "report.pdf")
    (case / "labels.json").write_text(json.dumps({
        "indicators": [{"name": "新改建农村公路里程", "target": "≥120公里"}],
        "actuals": [],
        "flags": [{"type": "target_missed", "indicator": "新改建农村公路里程"},
                  {"type": "low_budget_execution", "indicator": None}],
    }, ensure_ascii=False), encoding="utf-8")
    at = sign_in("root", "root-password")
    at.switch_page(PAGE["evaluate"]).run()
    at.text_input(key="eval_dir").input(str(tmp_path / "corpus"))
    at.selectbox(key="eval_mode").set_value("bm25")
    _button(at, "运行评测").click().run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["问题召回率"] == "1.00" and metrics["指标召回率"] == "1.00"
    cases = next(d.value for d in at.dataframe if "案例" in d.value.columns)
    assert list(cases["案例"]) == ["c1"] and cases["正确"][0] == 2
    by_type = next(d.value for d in at.dataframe if "代码" in d.value.columns)
    assert {"target_missed", "low_budget_execution"} <= set(by_type["代码"])


def test_an_unread_document_shows_the_warning_first_and_no_rating(ws: Workspace) -> None:
    """A review that could not be scored shows why before anything else, 未计分 / 不评级, never 0.00 / 差 or a
    green all-clear."""
    from docreview.models import ReadingSummary

    review = make_review()
    review = review.model_copy(update={
        "flags": [], "explanations": [],
        "reading": ReadingSummary(problems=["没有读出任何绩效指标（表格表头或正文格式未能识别）"]),
        "score": review.score.model_copy(update={"computed_total": None, "rating": None,
                                                 "not_rated": "读取不完整，不计分、不评级：没有读出任何绩效指标"})})
    p = ws.store_document(b"policy bytes", "policy_目标表.docx", user=None)
    r = ws.store_document(b"report bytes", "report_自评表.xlsx", user=None)
    batch = ws.create_batch("2024年度复核", unit_name="某县交通运输局", user="root")
    ws.save_review(batch.id, review, [(p, "policy"), (r, "report")], user="root")
    at = sign_in()
    at.switch_page(PAGE["review"]).run()
    assert not at.exception, at.exception
    assert at.warning and "读取不完整" in at.warning[0].value
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["规则计算总分"] == "未计分" and metrics["评级"] == "不评级"
    assert not at.success and any("没有问题不代表文件合格" in i.value for i in at.info)


# ---------------------------------------------------------------------- the budget cycle (issue 12): kinds, history, ranking

CORPUS = ROOT / "corpus"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind_box(at: AppTest, data: bytes):  # noqa: ANN202 — AppTest widget
    import hashlib

    return at.selectbox(key=f"kind_{hashlib.sha256(data).hexdigest()[:16]}")


def test_upload_shows_each_files_kind_and_the_reviewer_can_change_it(ws: Workspace) -> None:
    target = (CORPUS / "k01_qingshui_nongtian" / "target.xlsx").read_bytes()
    monitor = (CORPUS / "k05_pingan_gonglu" / "report.xlsx").read_bytes()
    self_eval = (CORPUS / "k08_baishi_jineng" / "report.xlsx").read_bytes()
    at = sign_in()
    at.file_uploader(key="report_files").set_value([("清水目标表.xlsx", target, XLSX), ("平安监控表.xlsx", monitor, XLSX),
                                                    ("白石自评表.xlsx", self_eval, XLSX)]).run()
    assert not at.exception, at.exception
    shown = [m.value for m in at.markdown]
    for line in ("清水目标表.xlsx：绩效目标表", "平安监控表.xlsx：绩效运行监控", "白石自评表.xlsx：绩效自评"):
        assert ui.markdown_text(line) in shown
    assert ui.markdown_text("识别依据：标题含「绩效目标申报」") in [c.value for c in at.caption]
    assert [_kind_box(at, d).value for d in (target, monitor, self_eval)] == ["target", "monitor", "self_eval_table"]
    assert _kind_box(at, target).options == ["绩效目标表", "自评表", "自评报告", "运行监控表", "政策文件"]
    # the reviewer reviews the self-evaluation as a target table
    _kind_box(at, self_eval).set_value("target").run()
    assert "已更改：按「绩效目标表」审核" in [c.value for c in at.caption]
    _button(at, "开始审核").click().run()
    assert not at.exception, at.exception
    assert not at.error
    assert run_queued(ws.settings) == ["done"] * 3
    _button(at, "查看批次进度").click().run()
    assert not at.exception, at.exception
    by_file = {r.report_files[0]: ws.get_review(r.id, user=None) for r in ws.list_reviews(user=None)}
    assert set(by_file) == {"清水目标表.xlsx", "平安监控表.xlsx", "白石自评表.xlsx"}
    kinds = {name: (rec.review.doc_kind, rec.review.kind.overridden if rec.review.kind else None)
             for name, rec in by_file.items()}
    assert kinds == {"清水目标表.xlsx": ("target", False), "平安监控表.xlsx": ("monitor", False),
                     "白石自评表.xlsx": ("target", True)}
    assert by_file["白石自评表.xlsx"].review.kind.reason.startswith("审核人指定（检测结果：绩效自评")  # type: ignore[union-attr]
    for name in ("清水目标表.xlsx", "白石自评表.xlsx"):  # a target table: no score, no rating, no not_reported
        rec = by_file[name]
        assert rec.summary.computed_total is None and rec.summary.rating is None
        assert not [f for f in rec.flags if f.flag.type == "not_reported"]
    assert {f.flag.type for f in by_file["清水目标表.xlsx"].flags} >= {"direction_error", "duplicate_target"}
    assert by_file["平安监控表.xlsx"].review.period is not None
    results = [m.value for m in at.markdown if "规则计算总分" in m.value]
    assert len(results) == 3 and sum("规则计算总分 未计分，评级 不评级" in r for r in results) == 3
    assert ui.markdown_text("文件类型：绩效目标表（标题含「绩效目标申报」）") in [c.value for c in at.caption]

    # the 审核 page header: kind, period and 序时进度 of the monitoring report
    at.switch_page(PAGE["review"]).run()
    at.selectbox(key="review_pick").set_value(by_file["平安监控表.xlsx"].id).run()
    assert not at.exception, at.exception
    header = at.info[0].value
    assert ui.markdown_text("文件类型：绩效运行监控（标题含「执行监控」）") in header
    assert ui.markdown_text("监控期间：1-7月，序时进度58.3%") in header
    assert {m.label: m.value for m in at.metric}["规则计算总分"] == "未计分"


def test_history_view_compares_a_unit_with_its_previous_year(ws: Workspace) -> None:
    case = CORPUS / "k08_baishi_jineng"
    first = review_uploads(ws, policies=[], reports=[Upload(filename="2023年自评表.xlsx",
                                                            data=(case / "history.xlsx").read_bytes())],
                           batch_name="2023年度", unit_name="白石县人社局", user="alice")
    second = review_uploads(ws, policies=[], reports=[Upload(filename="2024年自评表.xlsx",
                                                             data=(case / "report.xlsx").read_bytes())],
                            batch_name="2024年度", unit_name="白石县 人社局", user="alice")
    (r2023,), (r2024,) = first.reviews, second.reviews
    at = sign_in()
    at.switch_page(PAGE["review"]).run()
    at.selectbox(key="review_pick").set_value(r2024.id).run()
    assert not at.exception, at.exception
    assert ui.markdown_text("上年文件：2023年自评表.xlsx（读出8项指标作为对照）") in at.info[0].value
    assert any(c.value.startswith(ui.markdown_text(f"同单位上年审核记录：#{r2023.id}（2023年")) for c in at.caption)
    at.button(key="to_history").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="hist_unit").value == "白石县人社局"
    reviews = next(d.value for d in at.dataframe if "批次" in d.value.columns)
    assert list(reviews["年度"]) == ["2024", "2023"] and list(reviews["审核记录"]) == [r2024.id, r2023.id]
    table = next(d.value for d in at.dataframe if "上年目标" in d.value.columns)
    assert list(table.columns) == ["指标", "上年目标", "上年实际", "上年自评得分", "上年完成情况", "本年目标", "本年实际",
                                   "本年自评得分", "提示"]
    rows = {r["指标"]: r for _, r in table.iterrows()}
    training = rows["开展职业技能培训"]
    assert (training["上年目标"], training["上年实际"], training["本年目标"], training["本年实际"]) == (
        "≥1000人次", "1250人次", "≥1000人次", "1080人次")
    assert training["上年自评得分"] == "20" and training["提示"] == "目标低于上年实际"
    employment = rows["培训后就业率"]
    assert (employment["上年完成情况"], employment["提示"]) == ("未完成", "连续未完成")
    assert rows["培训合格率"]["本年目标"] == "—"  # renamed in 2024: not linked by name
    at.switch_page(PAGE["history"]).run()  # AppTest does not keep a page switched to by the script
    at.selectbox(key="hist_year").set_value(2023).run()
    assert any("在 2023 年之前没有审核记录" in i.value for i in at.info)


def test_dashboard_trend_by_year_with_escaped_labels(ws: Workspace) -> None:
    unit = "<b>某县</b>交通局"
    batch = ws.create_batch("历年复核", user="root").id
    for year, computed, self_total in ((2023, 80.0, 90.0), (2024, 85.5, 88.0)):
        review = make_review().model_copy(update={"year": year})
        review.score = review.score.model_copy(update={"computed_total": computed, "self_total": self_total})
        doc = ws.store_document(f"report {year}".encode(), "自评表.xlsx", user=None)
        ws.save_review(batch, review, [(doc, "report")], user="root", unit_name=unit)
    at = sign_in()
    at.switch_page(PAGE["dashboard"]).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="trend_unit").value == unit
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    trend = next(c for c in charts if c["layout"].get("title"))
    assert trend["layout"]["title"]["text"] == "&lt;b&gt;某县&lt;/b&gt;交通局 各年度得分"
    computed, self_line, gap = trend["data"]
    assert computed["x"] == ["2023", "2024"] and computed["y"] == [80.0, 85.5] and self_line["y"] == [90.0, 88.0]
    assert gap["type"] == "bar" and gap["y"] == [10.0, 2.5]
    heat = next(c for c in charts if c["data"][0]["type"] == "heatmap")
    assert heat["data"][0]["y"] == ["&lt;b&gt;某县&lt;/b&gt;交通局"]
    assert "<b>" not in json.dumps(charts, ensure_ascii=False)
    table = next(d.value for d in at.dataframe if "差额（自评−规则）" in d.value.columns)
    assert list(table["差额（自评−规则）"]) == [10.0, 2.5]


def test_ranking_page_and_notice_export(ws: Workspace) -> None:
    import io

    import openpyxl

    from docreview.store.ranking import ranking_to_xlsx

    batch = ws.create_batch("2024年度复核", user="root").id
    ids = {}
    for unit, computed, self_total in (("甲单位", 90.0, 91.0), ("乙单位", 70.0, 95.0), ("=丙单位", 80.0, 80.0)):
        review = make_review()
        review.score = review.score.model_copy(update={"computed_total": computed, "self_total": self_total})
        doc = ws.store_document(f"report of {unit}".encode(), "自评表.xlsx", user=None)
        ids[unit] = ws.save_review(batch, review, [(doc, "report")], user="root", unit_name=unit).id
    confirmed = ws.get_review(ids["乙单位"], user=None).flags[0]
    ws.set_verdict(confirmed.id, "确认", "", user="alice", expected_version=0)
    at = sign_in()
    at.switch_page(PAGE["ranking"]).run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "排名" in d.value.columns)
    assert list(table["单位"]) == ["甲单位", "=丙单位", "乙单位"] and list(table["排名"]) == ["1", "2", "3"]
    assert list(table["自评与计算差额"]) == ["+1.00", "+0.00", "+25.00"]
    assert list(table["已确认问题"]) == [0, 0, 1] and list(table["未处理问题"]) == [4, 4, 3]
    at.radio(key="rank_order").set_value("gap").run()
    table = next(d.value for d in at.dataframe if "排名" in d.value.columns)
    assert list(table["单位"]) == ["乙单位", "甲单位", "=丙单位"] and list(table["差额排名"]) == ["1", "2", "3"]
    assert "下载通报表（XLSX）" in [b.label for b in at.get("download_button")]
    bench = next(d.value for d in at.dataframe if "中位目标" in d.value.columns)
    assert len(bench) == 3 and all("不同单位目标相同" in note for note in bench["提示"])

    book = openpyxl.load_workbook(io.BytesIO(ranking_to_xlsx(ws.batch_ranking(batch, user=None), ws.indicator_benchmarks(batch, user=None))))
    sheet = book["通报表"]
    assert [c.value for c in sheet[3]][:8] == [1, "甲单位", "绩效自评", 90, 91, 1, 2, "中"]
    assert sheet["B4"].value == "'=丙单位" and sheet["B4"].data_type == "s"  # never a formula
    assert [c.value for c in sheet[5]][9:12] == [3, 1, "未完成目标×1"]
    assert book["指标对标"]["A3"].value in {"新改建农村公路里程", "技能培训人次", "群众满意度"}
