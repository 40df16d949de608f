"""Issue 16 in the reviewer app (``streamlit.testing.v1.AppTest``, a real SQLite workspace): what a user of one
team sees of another team's review, read-only and closed reviews, the sign-in lockout, the idle timeout, the
password change, and user text in charts."""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from docreview import auth
from docreview.settings import Settings
from docreview.store import Workspace
from store_samples import make_review

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app" / "main.py")
sys.path.insert(0, str(ROOT / "app"))
import shell as ui  # noqa: E402  (the app's shell module, from app/)

PAGE = {name: str(path) for name, (path, _, _) in ui.PAGES.items()}
HOSTILE_UNITS = ['<a href="http://evil">x</a>', "<b>b</b>", "<img src=x onerror=alert(1)>"]
LIVE_MARKUP = re.compile(r"(?<!\\)<(a|b|img)\b|(?<!\\)\]\(http")
"""A tag or a Markdown link that Streamlit would render (``markdown_text`` leaves them backslash-escaped)."""


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setenv("DOCREVIEW_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("DOCREVIEW_DATABASE_URL", raising=False)
    monkeypatch.setenv("DOCREVIEW_AUTH_DELAY_S", "0")
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    ui._open_workspace.clear()
    w = Workspace(Settings())
    w.add_team("财政一科")
    w.add_team("财政二科")
    w.add_user("ra", password="reviewer-a-pw", team="财政一科")
    w.add_user("la", role="lead", password="lead-a-password", team="财政一科")
    w.add_user("va", role="viewer", password="viewer-a-pw", team="财政一科")
    w.add_user("rb", password="reviewer-b-pw", team="财政二科")
    yield w
    w.close()
    ui._open_workspace.clear()


def _review(ws: Workspace, who: str, unit: str, **kwargs: object) -> int:
    doc = ws.store_document(f"report of {unit} {kwargs}".encode(), "自评表.xlsx", user=who)
    batch = ws.create_batch(f"{unit}批次", unit_name=unit, user=who)
    return ws.save_review(batch.id, make_review(**kwargs), [(doc, "report")], user=who).id  # type: ignore[arg-type]


def sign_in(name: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_a_reviewer_of_another_team_gets_the_access_message(ws: Workspace) -> None:
    own = _review(ws, "ra", "甲县交通局")
    other = _review(ws, "rb", "乙县卫健委")
    at = sign_in("ra", "reviewer-a-pw")
    # a link to team B's review (or a page that was told to open it): the access message, none of its content
    at.switch_page(PAGE["review"])
    at.query_params["review"] = str(other)
    at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [ui.markdown_text("无权访问该审核记录")]  # the Chinese half (issue 15)
    assert at.selectbox(key="review_pick").options == [ws.get_review(own, user=None).summary.label()]
    shown = [m.value for m in [*at.markdown, *at.caption, *at.info]]
    assert "乙县卫健委" not in json.dumps(shown, ensure_ascii=False)
    at.session_state[ui.REVIEW_KEY] = other
    at.session_state["_review_jump"] = True
    at.run()
    assert len(at.error) == 1 and "无权访问" in at.error[0].value
    # the dashboard and the lists know only team A
    at.switch_page(PAGE["dashboard"]).run()
    assert at.selectbox(key="dash_batch").options == ["全部批次", "甲县交通局批次（甲县交通局，" +
                                                      at.selectbox(key="dash_batch").options[1].split("，", 1)[1]]
    heat = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert heat["data"][0]["y"] == ["甲县交通局"]


def test_viewer_cannot_decide_and_a_lead_closes_and_reopens(ws: Workspace) -> None:
    rid = _review(ws, "ra", "甲县交通局")
    at = sign_in("va", "viewer-a-pw")
    at.switch_page(PAGE["review"]).run()
    assert not at.exception, at.exception
    assert at.metric[0].label == "规则计算总分"  # a viewer reads
    assert all(at.button(key=f"verdict_{c}").disabled for c in ("confirmed", "dismissed", "needs_info"))
    assert "close_review" not in [b.key for b in at.button]
    assert "您对此审核只有查看权限。" in [c.value for c in at.caption]
    assert [b.label for b in at.sidebar.button if b.label == "退出登录"]

    at = sign_in("la", "lead-a-password")
    at.switch_page(PAGE["review"]).run()
    assert not at.button(key="verdict_confirmed").disabled
    at.button(key="close_review").click().run()
    assert ws.get_review(rid, user=None).summary.status == "closed"
    assert at.button(key="verdict_confirmed").disabled and "reopen_review" in [b.key for b in at.button]
    assert "此审核已关闭，只读；组长或管理员可以重新打开。" in [c.value for c in at.caption]
    at.button(key="reopen_review").click().run()
    assert ws.get_review(rid, user=None).summary.status == "open" and not at.button(key="verdict_confirmed").disabled


def test_the_sign_in_page_locks_after_five_wrong_passwords(ws: Workspace) -> None:
    at = AppTest.from_file(APP, default_timeout=90).run()
    for _ in range(5):
        at.text_input(key="signin_name").input("ra")
        at.text_input(key="signin_password").input("not-the-password")
        at.button[0].click().run()
        assert [e.value for e in at.error] == ["用户名或密码错误"]
    at.text_input(key="signin_name").input("ra")
    at.text_input(key="signin_password").input("reviewer-a-pw")
    at.button[0].click().run()
    assert not at.exception and ui.USER_KEY not in at.session_state
    assert len(at.error) == 1 and "登录失败次数过多，已暂时锁定" in at.error[0].value
    assert [e.action for e in ws.audit_for("sign_in", "ra", user=None)] == ["sign_in_failed"] * 5 + ["sign_in_refused"]


def test_a_session_ends_after_the_idle_time(ws: Workspace) -> None:
    at = sign_in("ra", "reviewer-a-pw")
    assert at.session_state[ui.USER_KEY]["name"] == "ra"
    at.session_state[ui.SEEN_KEY] = time.time() - 29 * 60
    at.run()
    assert ui.USER_KEY in at.session_state  # 29 minutes: still signed in
    at.session_state[ui.SEEN_KEY] = time.time() - 31 * 60
    at.run()
    assert ui.USER_KEY not in at.session_state
    assert [t.label for t in at.text_input] == ["用户名", "密码"]
    assert any("30 分钟没有操作，已自动退出" in i.value for i in at.info)


def test_the_user_changes_their_password_in_the_sidebar(ws: Workspace) -> None:
    at = sign_in("ra", "reviewer-a-pw")

    def change(current: str, new: str, repeat: str) -> None:
        at.text_input(key="pw_current").input(current)
        at.text_input(key="pw_new").input(new)
        at.text_input(key="pw_repeat").input(repeat)
        next(b for b in at.button if b.label == "确认修改").click().run()
        assert not at.exception, at.exception

    change("reviewer-a-pw", "qwerty123", "qwerty123")
    assert any("常见" in e.value for e in at.error)
    change("reviewer-a-pw", "a-better-pass", "a-better-pasz")
    assert any("不一致" in e.value for e in at.error)
    change("reviewer-a-pw", "a-better-pass", "a-better-pass")
    assert [s.value for s in at.success] == ["密码已修改"]
    assert ws.authenticate("ra", "a-better-pass") is not None and ws.authenticate("ra", "reviewer-a-pw") is None


def test_user_text_never_becomes_html_in_charts(ws: Workspace) -> None:
    """Unit names with a link, bold and an onerror image reach the dashboard (heatmap, trend) and the ranking
    chart escaped: Plotly gets ``&lt;a href=…`` and draws it as text, so no element is created."""
    batch = ws.create_batch("历年复核", user="ra")
    for n, unit in enumerate(HOSTILE_UNITS):
        for year, total in ((2023, 80.0 + n), (2024, 85.0 + n)):
            review = make_review().model_copy(update={"year": year})
            review.score = review.score.model_copy(update={"computed_total": total, "self_total": 90.0})
            doc = ws.store_document(f"report {n} {year}".encode(), "自评表.xlsx", user="ra")
            ws.save_review(batch.id, review, [(doc, "report")], user="ra", unit_name=unit)
    at = sign_in("ra", "reviewer-a-pw")
    at.switch_page(PAGE["dashboard"]).run()
    assert not at.exception, at.exception
    at.selectbox(key="trend_unit").set_value(HOSTILE_UNITS[0]).run()
    at.switch_page(PAGE["ranking"]).run()
    assert not at.exception, at.exception
    ranking = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    at.switch_page(PAGE["dashboard"]).run()
    dashboard = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    text = json.dumps(dashboard + ranking, ensure_ascii=False)
    for raw in ("<a ", "<b>", "<img", "onerror=alert(1)>"):
        assert raw not in text, raw
    heat = next(c for c in dashboard if c["data"][0]["type"] == "heatmap")
    assert sorted(heat["data"][0]["y"]) == sorted(ui.plot_text(u) for u in HOSTILE_UNITS)
    assert '&lt;a href="http://evil"&gt;x&lt;/a&gt;' in heat["data"][0]["y"]
    trend = next(c for c in dashboard if c["layout"].get("title"))
    assert trend["layout"]["title"]["text"] == '&lt;a href="http://evil"&gt;x&lt;/a&gt; 各年度得分'
    bars = ranking[0]["data"][0]["x"]
    assert sorted(bars) == sorted(ui.plot_text(u) for u in HOSTILE_UNITS)
    # and nothing on the pages is Markdown or HTML made of them, nor of an indicator named like a link
    shown = [e.value for e in [*at.markdown, *at.caption, *at.info, *at.error]]
    assert not [v for v in shown if LIVE_MARKUP.search(v)]
    review = make_review(hostile=True)
    review = review.model_copy(update={"flags": [f.model_copy(update={"indicator": "[领奖](http://evil)<b>b</b>"})
                                                 for f in review.flags]})
    doc = ws.store_document(b"hostile indicator", "<img src=x onerror=alert(1)>.xlsx", user="ra")
    rid = ws.save_review(batch.id, review, [(doc, "report")], user="ra", unit_name=HOSTILE_UNITS[0]).id
    at.session_state[ui.REVIEW_KEY] = rid
    at.session_state["_review_jump"] = True
    at.switch_page(PAGE["review"]).run()
    assert not at.exception, at.exception
    shown = [e.value for e in [*at.markdown, *at.caption, *at.info, *at.subheader, *at.error]]
    assert any(ui.markdown_text("[领奖](http://evil)<b>b</b>") in v for v in shown)
    assert not [v for v in shown if LIVE_MARKUP.search(v)]


def test_exports_are_made_only_when_the_signed_in_user_clicks(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """The export page draws its download buttons without making a single export: the bytes are made by the
    button's function when this session clicks, reading the review as this user."""
    import docreview.store.export as export

    _review(ws, "ra", "甲县交通局")
    made: list[str] = []
    real = export.review_to_xlsx
    monkeypatch.setattr(export, "review_to_xlsx", lambda record: made.append("xlsx") or real(record))
    monkeypatch.setattr(export, "review_to_docx", lambda record: made.append("docx") or b"")
    at = sign_in("ra", "reviewer-a-pw")
    at.switch_page(PAGE["export"]).run()
    assert not at.exception, at.exception
    buttons = at.get("download_button")
    assert [b.label for b in buttons][:2] == ["下载审核意见表（XLSX）", "下载审核意见书（DOCX）"]
    assert made == []
    assert all(b.proto.deferred_file_id and not b.proto.url for b in buttons)


def test_only_the_reviews_assigned_to_me(ws: Workspace) -> None:
    own = _review(ws, "ra", "甲县交通局")
    other = _review(ws, "ra", "丙县水利局")
    ws.assign_review(other, "ra", user="la")
    at = sign_in("ra", "reviewer-a-pw")
    at.switch_page(PAGE["review"]).run()
    assert len(at.selectbox(key="review_pick").options) == 2 and own != other
    at.checkbox(key="review_pick_mine").check().run()
    assert not at.exception, at.exception
    picked = at.selectbox(key="review_pick")
    assert picked.value == other and len(picked.options) == 1
