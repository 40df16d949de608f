"""Issue 15, part A, on the review page and the dashboard under ``streamlit.testing.v1.AppTest`` (real script runs,
a real SQLite workspace, a review made by the real pipeline from the bundled samples): the source viewer, the
keyboard flow (J/K, the next open flag after a verdict), bulk verdicts and undo, a closed review read-only, links
that keep the review and flag, the dashboard's counts and click-through, and Chinese only on the pages."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from docreview import auth
from docreview.errors import AccessError
from docreview.models import Review
from docreview.pipeline import run_review
from docreview.settings import IngestSettings, Settings
from docreview.store import Workspace
from store_samples import make_review

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app" / "main.py")
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT / "app"))
import shell as ui  # noqa: E402  (the app's shell module, from app/)

PAGE = {name: str(path) for name, (path, _, _) in ui.PAGES.items()}
FILES = {"policy": ["policy_目标表.docx"], "report": ["report_自评表.pdf", "report_自评报告.txt"]}
STREAMLIT_ENGLISH = ["Drag and drop", "Browse files", "Limit", "Press Enter to submit form", "Stop", "Deploy",
                     "Running", "Rerun", "Settings", "Print", "Record a screencast", "Clear cache"]
"""Streamlit's own English texts that must never show in the Chinese app (issue 15)."""


@pytest.fixture(scope="module")
def sample_review(tmp_path_factory: pytest.TempPathFactory) -> Review:
    """The samples reviewed by the real pipeline: a DOCX target table, a text PDF 自评表 and a TXT 自评报告."""
    folder = tmp_path_factory.mktemp("samples")
    return run_review([SAMPLES / n for n in FILES["policy"]], [SAMPLES / n for n in FILES["report"]],
                      settings=Settings(workspace=folder / "ws", ingest=IngestSettings(isolate=False)), explain=False)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setenv("DOCREVIEW_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("DOCREVIEW_DATABASE_URL", raising=False)
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    ui._open_workspace.clear()
    w = Workspace(Settings())
    w.add_team("财政一科")
    w.add_user("alice", password="alice-password", team="财政一科")
    w.add_user("bob", password="bob-password", team="财政一科")
    w.add_user("lead", role="lead", password="lead-password", team="财政一科")
    w.add_user("other", password="other-password")
    w.add_user("root", role="admin", password="root-password")
    yield w
    w.close()
    ui._open_workspace.clear()


def _save(ws: Workspace, review: Review, *, unit: str = "某县交通运输局") -> int:
    docs = [(ws.store_document((SAMPLES / name).read_bytes(), name, user="alice"), role)
            for role, names in FILES.items() for name in names]
    batch = ws.create_batch("2024年度复核", unit_name=unit, user="alice")
    return ws.save_review(batch.id, review, docs, user="alice").id  # type: ignore[arg-type]


def sign_in(name: str = "alice", password: str = "alice-password", at: AppTest | None = None) -> AppTest:
    at = (at if at is not None else AppTest.from_file(APP, default_timeout=120)).run()
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _flag(ws: Workspace, rid: int, type_: str, indicator: str | None = None) -> int:
    return next(f.id for f in ws.get_review(rid, user=None).flags
                if f.flag.type == type_ and (indicator is None or f.flag.indicator == indicator))


def _open_flag(at: AppTest, flag_id: int) -> None:
    at.selectbox(key="flag_pick").set_value(flag_id).run()
    assert not at.exception, at.exception


# ---------------------------------------------------------------------- the source viewer


def test_source_viewer_shows_the_pdf_page_the_table_row_and_the_prose(ws: Workspace, sample_review: Review) -> None:
    rid = _save(ws, sample_review)
    at = sign_in()
    at.switch_page(PAGE["review"]).run()
    _open_flag(at, _flag(ws, rid, "target_missed", "新改建农村公路里程"))

    # the report side: the PDF page, rendered with the evidence boxed
    images = at.get("image")
    assert len(images) == 1
    assert images[0].captions[0] == ui.markdown_text("原件：report_自评表.pdf 第1页 第2行（红框处为引用的原文）")  # type: ignore[attr-defined]
    # the policy side: the DOCX table with the evidence row and its cells highlighted, every cell escaped text
    tables = [h.proto.body for h in at.get("html") if "docreview-source" in h.proto.body]
    assert len(tables) == 1 and "<table" in tables[0]
    row = re.search(r"<tr data-evidence-row=\"1\">(.*?)</tr>", tables[0])
    assert row is not None and "新改建农村公路里程" in row.group(1) and "≥120公里" in row.group(1)
    assert row.group(1).count('data-evidence-cell="1"') == 5  # 产出指标 | 数量指标 | 新改建农村公路里程 | ≥120公里 | 15
    assert tables[0].count("data-evidence-row") == 1
    # 打开原件: one button per document, its bytes made only at the click
    downloads = [b for b in at.get("download_button") if b.label.startswith("打开原件")]
    assert sorted(b.label for b in downloads) == sorted(ui.markdown_text(f"打开原件：{n}") for n in (
        "policy_目标表.docx", "report_自评表.pdf"))
    assert all(b.proto.deferred_file_id and not b.proto.url for b in downloads)

    # table against prose: the TXT 自评报告's sentence with the quote marked
    _open_flag(at, _flag(ws, rid, "inconsistent_values"))
    prose = [h.proto.body for h in at.get("html") if "docreview-source" in h.proto.body]
    assert len(prose) == 1 and "<mark>一百一十二公里</mark>" in prose[0]
    assert len(at.get("image")) == 1  # and the PDF 自评表 beside it


@pytest.mark.parametrize("case", ["h01_rural_roads", "h03_culture_opera", "h05_afforestation", "h17_work_safety"])
def test_source_viewer_finds_xlsx_and_html_evidence_in_the_document(case: str, tmp_path: Path) -> None:
    """XLSX (by sheet and row) and HTML tables, on the report and the policy side: the viewer finds the quoted row in
    the document read again and highlights that row and the cells holding the quote."""
    from docreview import ingest
    from views import source

    folder = ROOT / "corpus" / case
    policies, reports = sorted(folder.glob("policy.*")), sorted(folder.glob("report.*"))
    settings = Settings(workspace=tmp_path / "ws", ingest=IngestSettings(isolate=False))
    review = run_review(policies, reports, settings=settings, explain=False)
    evidence = [e for f in review.flags for e in f.evidence if Path(e.file).suffix in (".xlsx", ".html")]
    assert evidence, case
    docs = {p.name: ingest.read(p, settings=settings.ingest) for p in policies + reports}
    for e in evidence:
        found = source.find_evidence(docs[e.file], e)
        assert found is not None, (case, e)
        block, row = found
        quote = e.quote.strip()
        if e.row is None:  # prose (an HTML report's paragraph): the sentence with the quote marked
            assert block.kind != "table" and quote in block.text, (case, e)
            assert f"<mark>{ui.html_text(quote)}</mark>" in source.prose_html(block, e)
            continue
        assert block.kind == "table" and row is not None and (e.sheet is None or block.sheet == e.sheet), (case, e)
        row_text = " | ".join(block.rows[row].cells)
        assert quote in row_text or all(part.strip() in row_text for part in quote.split("|")), (case, e, row_text)
        html = source.table_html(block, row, e)
        assert html.count("data-evidence-row") == 1
        if quote:
            marked = re.findall(r'data-evidence-cell="1">(.*?)</td>', html)
            assert marked and all(m for m in marked), (case, e)


def test_source_renders_are_cached_but_access_is_checked_first(ws: Workspace, sample_review: Review) -> None:
    from views import source

    rid = _save(ws, sample_review)
    rec = ws.get_review(rid, user=None)
    pdf = next(d for d in rec.documents if d.filename == "report_自评表.pdf")
    alice, other = ws.get_user("alice"), ws.get_user("other")
    box = (0.5265, 0.2073, 0.6403, 0.2281)
    png = source.page_png(ws, alice, pdf.sha256, 1, [box], pdf.filename)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # the same render is in the shared cache now: another team's reviewer still gets no bytes
    with pytest.raises(AccessError):
        source.page_png(ws, other, pdf.sha256, 1, [box], pdf.filename)
    with pytest.raises(AccessError):
        source.parsed(ws, other, next(d.sha256 for d in rec.documents if d.role == "policy"), "policy_目标表.docx")


# ---------------------------------------------------------------------- the keyboard flow and verdicts


def test_j_k_and_the_next_open_flag_after_a_verdict(ws: Workspace, sample_review: Review) -> None:
    rid = _save(ws, sample_review)
    flags = ws.get_review(rid, user=None).flags
    ws.set_verdict(flags[1].id, "驳回", "", user="bob", expected_version=0)  # #2 decided already
    at = sign_in()
    at.switch_page(PAGE["review"]).run()
    assert at.selectbox(key="flag_pick").value == flags[0].id
    # J / ↓: next, K / ↑: previous (buttons with those shortcuts; Streamlit ignores them inside a text field)
    shortcuts = {b.key: b.proto.shortcut for b in at.button if b.key in ("flag_next", "flag_prev", "flag_down",
                                                                          "flag_up")}
    assert shortcuts == {"flag_next": "j", "flag_prev": "k", "flag_down": "down", "flag_up": "up"}
    at.button(key="flag_next").click().run()
    assert at.selectbox(key="flag_pick").value == flags[1].id
    at.button(key="flag_down").click().run()
    assert at.selectbox(key="flag_pick").value == flags[2].id
    at.button(key="flag_prev").click().run()
    at.button(key="flag_up").click().run()
    assert at.selectbox(key="flag_pick").value == flags[0].id
    at.button(key="flag_prev").click().run()  # at the first: stays
    assert at.selectbox(key="flag_pick").value == flags[0].id
    assert [b.proto.shortcut for b in at.button if b.key and b.key.startswith("verdict_")][:3] == [
        "alt+1", "alt+2", "alt+3"]

    # a verdict on #1 moves to the next flag still 待审核: #3 (#2 is decided), and the label says it at once
    at.text_area(key=f"verdict_comment_{flags[0].id}").input("核对一致")
    at.button(key="verdict_confirmed").click().run()
    assert at.selectbox(key="flag_pick").value == flags[2].id
    label = at.selectbox(key="flag_pick").format_func(flags[0].id)  # type: ignore[attr-defined]
    assert label.startswith("#1 ") and label.endswith("· 确认")
    # the last open flag decided: back to the first open one before it, never simply to #1
    for f in flags[3:]:
        ws.set_verdict(f.id, "确认", "", user="bob", expected_version=0)
    _open_flag(at, flags[-1].id)
    ws.clear_verdict(flags[-1].id, user="bob", expected_version=1)
    _open_flag(at, flags[-1].id)
    at.button(key="verdict_dismissed").click().run()
    assert at.selectbox(key="flag_pick").value == flags[2].id
    assert ws.get_review(rid, user=None).flags[0].verdict.comment == "核对一致"  # type: ignore[union-attr]


def test_bulk_verdicts_with_one_comment_and_undo(ws: Workspace, sample_review: Review) -> None:
    rid = _save(ws, sample_review)
    flags = ws.get_review(rid, user=None).flags
    at = sign_in()
    at.switch_page(PAGE["review"]).run()
    at.multiselect(key="bulk_pick").set_value([flags[2].id, flags[4].id])
    at.text_area(key="bulk_comment").input("与通报口径不符，批量驳回")
    at.button(key="bulk_dismissed").click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["已批量记录：驳回 2 项"]
    after = {f.id: f for f in ws.get_review(rid, user=None).flags}
    assert [(after[i].decision, after[i].verdict.comment) for i in (flags[2].id, flags[4].id)] == [  # type: ignore[union-attr]
        ("dismissed", "与通报口径不符，批量驳回")] * 2
    assert sum(f.decision != "pending" for f in after.values()) == 2
    assert at.multiselect(key="bulk_pick").value == []

    # undo one: back to 待审核, audited, shown in the audit table
    _open_flag(at, flags[2].id)
    assert not at.button(key="verdict_undo").disabled
    at.button(key="verdict_undo").click().run()
    assert [s.value for s in at.success] == ["已撤销结论，该问题回到待审核"]
    assert ws.get_review(rid, user=None).flags[2].decision == "pending"
    assert at.button(key="verdict_undo").disabled  # nothing left to undo
    audit = next(d.value for d in at.dataframe if "操作" in d.value.columns)
    assert list(audit["操作"]) == ["审核结论", "撤销结论"] and list(audit["之后"])[-1].startswith("待审核")
    assert any("alice" in c.value and "撤销了结论" in c.value for c in at.caption)


def test_a_closed_review_is_read_only_on_the_page(ws: Workspace, sample_review: Review) -> None:
    rid = _save(ws, sample_review)
    first = ws.get_review(rid, user=None).flags[0]
    ws.set_verdict(first.id, "确认", "", user="alice", expected_version=0)
    ws.set_review_status(rid, "closed", user="lead")
    at = sign_in()
    at.switch_page(PAGE["review"]).run()
    _open_flag(at, first.id)
    assert any("此审核已关闭" in i.value for i in at.info)
    write_buttons = ["verdict_confirmed", "verdict_dismissed", "verdict_needs_info", "verdict_undo", "bulk_confirmed",
                     "bulk_dismissed"]
    assert all(at.button(key=k).disabled for k in write_buttons)
    assert all(b.disabled for b in at.button if b.label in ("提交评论", "提交总体意见"))
    assert all(t.disabled for t in at.text_area)
    assert at.multiselect(key="bulk_pick").disabled
    # reading still works: the source and the navigation
    assert at.get("image") and not at.button(key="flag_next").disabled


# ---------------------------------------------------------------------- links


def test_a_link_opens_the_review_and_flag_after_sign_in_and_the_url_follows(ws: Workspace,
                                                                             sample_review: Review) -> None:
    rid = _save(ws, sample_review)
    target = _flag(ws, rid, "overachieved")
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(PAGE["review"])
    at.query_params["review"] = str(rid)
    at.query_params["flag"] = str(target)
    at = sign_in(at=at)
    assert at.metric[0].label == "规则计算总分"
    assert at.selectbox(key="flag_pick").value == target
    assert (at.query_params["review"], at.query_params["flag"]) == (str(rid), str(target))
    # moving on writes the new place into the URL, for a reload or a copied link
    at.button(key="flag_next").click().run()
    moved = at.selectbox(key="flag_pick").value
    assert moved != target and at.query_params["flag"] == str(moved)
    at.run()  # the URL written by the page itself is not a new link: the place stays
    assert at.selectbox(key="flag_pick").value == moved


# ---------------------------------------------------------------------- the dashboard


def test_dashboard_counts_units_once_and_opens_the_flags(ws: Workspace) -> None:
    batch = ws.create_batch("2024年度", user="alice").id
    ids = []
    for n, unit in enumerate(("ＡＢ县 交通局", "  AB县交通局 ")):
        doc = ws.store_document(f"report {n}".encode(), "自评表.xlsx", user="alice")
        ids.append(ws.save_review(batch, make_review(), [(doc, "report")], user="alice", unit_name=unit).id)
    first = {f.flag.type: f for f in ws.get_review(ids[0], user=None).flags}
    second = {f.flag.type: f for f in ws.get_review(ids[1], user=None).flags}
    ws.set_verdict(first["target_missed"].id, "确认", "", user="alice", expected_version=0)
    for f in (first["not_reported"], second["not_reported"]):
        ws.set_verdict(f.id, "驳回", "", user="alice", expected_version=0)
    at = sign_in()
    at.switch_page(PAGE["dashboard"]).run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["待处理问题"] == str(2 * 4 - 3) and metrics["确认"] == "1" and metrics["已驳回（不计入问题）"] == "2"
    heat = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert heat["y"] == ["AB县交通局"]  # one unit, once
    column = heat["x"].index("未报告完成值") if "未报告完成值" in heat["x"] else None
    assert column is None  # both dismissed: not in the problem counts
    cells = next(d.value for d in at.dataframe if "已驳回" in d.value.columns)
    row = cells[cells["问题类型"] == "未完成目标"].iloc[0]
    assert (row["单位"], row["待处理"], row["已确认"], row["已驳回"]) == ("AB县交通局", 1, 1, 0)
    assert row["打开"] == f"review?review={ids[1]}&flag={second['target_missed'].id}"  # the open one first
    dismissed = cells[cells["问题类型"] == "未报告完成值"].iloc[0]
    assert (dismissed["待处理"], dismissed["已驳回"]) == (0, 2) and not isinstance(dismissed["打开"], str)

    # the link opens the review page on that flag (as a new tab would, after its sign-in)
    at.switch_page(PAGE["review"])
    at.query_params["review"] = str(ids[1])
    at.query_params["flag"] = str(second["target_missed"].id)
    at.run()
    assert at.selectbox(key="flag_pick").value == second["target_missed"].id
    # picking a table row opens it in this tab
    at.switch_page(PAGE["dashboard"]).run()
    at.session_state["_dash_open"] = (ids[0], first["target_missed"].id)
    at.run()
    assert at.session_state[ui.REVIEW_KEY] == ids[0]


def test_an_empty_dashboard_says_so(ws: Workspace) -> None:
    batch = ws.create_batch("全部驳回", user="alice").id
    doc = ws.store_document(b"report", "自评表.xlsx", user="alice")
    rid = ws.save_review(batch, make_review(), [(doc, "report")], user="alice", unit_name="甲县").id
    ws.set_verdicts({f.id: 0 for f in ws.get_review(rid, user=None).flags}, "驳回", "", user="alice")
    at = sign_in()
    at.switch_page(PAGE["dashboard"]).run()
    assert any(i.value == "没有待处理或已确认的问题（已驳回 4 项）。" for i in at.info)
    assert not at.get("plotly_chart") or json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["type"] != "heatmap"
    ws.create_batch("空批次", user="alice")
    at.run()
    empty = ws.list_batches(user="alice")[0]
    at.selectbox(key="dash_batch").set_value(empty.id).run()
    assert [i.value for i in at.info] == ["该范围内还没有审核记录（结果为空）。"]


# ---------------------------------------------------------------------- Chinese throughout


def test_zh_keeps_the_chinese_half() -> None:
    assert ui.zh("用户名或密码错误 / wrong user name or password") == "用户名或密码错误"
    assert ui.zh("a.pdf: 文件已损坏或不完整 / the file is corrupt or truncated: bad table") == "a.pdf: 文件已损坏或不完整"
    assert ui.zh("a.xlsx: 文件内容超出处理上限 / the content exceeds a processing limit: 表格过大：超过 500000 个单元格 / "
                 "table too large: more than 500000 cells") == "a.xlsx: 文件内容超出处理上限：表格过大：超过 500000 个单元格"
    assert ui.zh("没有英文") == "没有英文"


def _texts(at: AppTest) -> list[str]:
    """Every text a page shows: element values, labels, captions, placeholders, help, options."""
    out: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader",
                 "metric", "button", "text_input", "text_area", "selectbox", "multiselect", "radio", "checkbox",
                 "number_input", "toggle", "expander", "tabs"):
        for el in at.get(kind):
            proto = getattr(el, "proto", None)
            for field in ("label", "body", "value", "placeholder", "help", "options"):
                value = getattr(proto, field, None)
                if value is not None:
                    out.append(str(list(value)) if not isinstance(value, str | int | float) else str(value))
    return out


def test_no_streamlit_english_on_any_page_and_the_chrome_is_chinese(ws: Workspace, sample_review: Review) -> None:
    _save(ws, sample_review)
    at = sign_in("root", "root-password")
    for name, path in PAGE.items():
        at.switch_page(path).run()
        assert not at.exception, (name, at.exception)
        shown = "\n".join(_texts(at))
        for word in STREAMLIT_ENGLISH:
            assert word not in shown, (name, word)
        # the menu, toolbar and running/stop status are hidden and the uploader speaks Chinese with the real limit
        css = "".join(h.proto.body for h in at.get("html") if "<style>" in h.proto.body)
        assert '[data-testid="stToolbar"]' in css and '[data-testid="stStatusWidget"]' in css, name
        assert '[data-testid="InputInstructions"]' in css and 'content: "选择文件"' in css, name
        assert "单个文件不超过 50 MB" in css, name
    # the profile by its Chinese name
    at.switch_page(PAGE["review"]).run()
    assert any("评分方案：财预〔2020〕10号 自评" in c.value for c in at.caption)
    # an error shown on a page: its Chinese half only
    at.session_state[ui.REVIEW_KEY] = 99999
    at.session_state["_review_jump"] = True
    at.run()
    assert [e.value for e in at.error] == [ui.markdown_text("审核记录不存在")]


def test_a_corrected_version_shows_what_changed_on_the_review_page(ws: Workspace) -> None:
    """A re-upload of the same unit and kinds is version 2; its review page lists the 变化 against version 1
    (a flag whose value changed) above the flags."""
    from docreview.store.history import unit_version_key

    batch = ws.create_batch("更正", unit_name="某县交通局", user="alice")
    key = unit_version_key("某县交通局", ["self_eval_table"])
    ids = []
    for n, review in enumerate((make_review(), make_review(road_actual=110.0, training_reported=True))):
        sha = ws.store_document(f"report {n}".encode(), "自评表.xlsx", user="alice")
        ids.append(ws.save_review(batch.id, review, [(sha, "report")], user="alice", docset=key).id)
    at = sign_in()
    at.session_state[ui.REVIEW_KEY] = ids[1]
    at.switch_page(PAGE["review"]).run()
    assert not at.exception, at.exception
    assert [e.label for e in at.expander if e.label.startswith("变化")] == ["变化（与第 1 版相比）"]
    table = next(d.value for d in at.dataframe if "变化" in d.value.columns)
    assert "108 → 110" in " ".join(table["内容"])
