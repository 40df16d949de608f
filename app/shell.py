"""The Streamlit reviewer workspace (中文界面).

``run()`` is the whole app: sign-in first (nothing else is visible without it), then a multipage
navigation over the scripts in ``views/``.  The entry script is ``ui/main.py`` (``docreview app`` runs
``streamlit run`` on ``docreview.cli.app_entry()``); ``app/main.py`` in the repository calls the same
``run()``.  Pages call the library's public API only.

Security: user content (file names, quotes, messages, comments) is shown through Streamlit elements
that render text, or through ``markdown_text``/``html_text`` which escape it first.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import streamlit as st

from docreview.errors import DocReviewError
from docreview.settings import Settings
from docreview.store.records import ReviewSummary, UserRecord
from docreview.store.service import Workspace

VIEWS = Path(__file__).resolve().parent / "views"
PAGES: dict[str, tuple[Path, str, str]] = {
    "upload": (VIEWS / "upload.py", "上传", ":material/upload_file:"),
    "review": (VIEWS / "review.py", "审核", ":material/fact_check:"),
    "history": (VIEWS / "history.py", "历史对比", ":material/history:"),
    "export": (VIEWS / "export.py", "导出", ":material/download:"),
    "dashboard": (VIEWS / "dashboard.py", "看板", ":material/monitoring:"),
    "ranking": (VIEWS / "ranking.py", "排名通报", ":material/leaderboard:"),
    "evaluate": (VIEWS / "evaluate.py", "评测", ":material/science:"),
}
ADMIN_ONLY = {"evaluate"}
STAGE_ZH = {"ingest": "读取文件", "extract": "抽取指标", "index": "建立索引", "match": "匹配指标", "score": "规则计分",
            "explain": "生成说明"}
USER_KEY = "docreview_user"
REVIEW_KEY = "current_review_id"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def markdown_text(text: object) -> str:
    """User text made inert for ``st.markdown``: every Markdown/LaTeX/HTML special is escaped."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", "  \n")


def html_text(text: object) -> str:
    """User text for an ``unsafe_allow_html`` block: HTML-escaped and with Markdown specials as entities."""
    escaped = html.escape("" if text is None else str(text), quote=True)
    return "".join(f"&#{ord(ch)};" if ch in "\\`*_{}[]()#+-.!|~$:" else ch for ch in escaped).replace("\n", "<br>")


def plot_text(text: object) -> str:
    """User text for a Plotly label, title or hover text: Plotly renders a subset of HTML (``<b>``, ``<a href>``,
    ``<br>``) in them, so every ``<``, ``>`` and ``&`` is escaped and shows as typed."""
    return html.escape("" if text is None else str(text), quote=False)


def settings() -> Settings:
    """Settings from the environment (``DOCREVIEW_*``)."""
    return Settings()


@st.cache_resource(show_spinner=False)
def _open_workspace(workspace: str, database_url: str) -> Workspace:
    return Workspace(Settings())


def workspace() -> Workspace:
    """The workspace of this server process (opened once per workspace/database, shared by sessions)."""
    s = settings()
    return _open_workspace(str(Path(s.workspace).resolve()), s.database_url)


def current_user() -> UserRecord | None:
    data = st.session_state.get(USER_KEY)
    return UserRecord.model_validate(data) if data else None


def page_context() -> tuple[Workspace, UserRecord]:
    """(workspace, signed-in user) for a page; stops the page when nobody is signed in."""
    user = current_user()
    if user is None:
        st.warning("请先登录。")
        st.stop()
    return workspace(), user  # type: ignore[return-value]


def switch_to(page: str) -> None:
    st.switch_page(PAGES[page][0])


def show_error(e: BaseException) -> None:
    """A library error as the one line a reviewer reads."""
    msg = e.message if isinstance(e, DocReviewError) else f"内部错误 / internal error: {type(e).__name__}: {e}"
    st.error(markdown_text(msg))


def pick_review(ws: Workspace, *, label: str = "审核记录", key: str = "review_pick") -> ReviewSummary | None:
    """A select box over all stored reviews, remembering the choice across pages."""
    reviews = ws.list_reviews()
    if not reviews:
        st.info("还没有审核记录，请先在「上传」页上传文件。")
        return None
    ids = [r.id for r in reviews]
    by_id = {r.id: r for r in reviews}
    wanted = st.session_state.get(REVIEW_KEY)
    if st.session_state.get(key) not in ids:
        st.session_state[key] = wanted if wanted in ids else ids[0]
    elif wanted in ids and wanted != st.session_state.get(key) and st.session_state.get("_review_jump"):
        st.session_state[key] = wanted
    st.session_state.pop("_review_jump", None)
    rid = st.selectbox(label, ids, format_func=lambda i: by_id[i].label(), key=key)
    st.session_state[REVIEW_KEY] = rid
    return by_id[rid]


def open_review(review_id: int) -> None:
    """Make ``review_id`` the current review and go to the review page."""
    st.session_state[REVIEW_KEY] = review_id
    st.session_state["_review_jump"] = True
    switch_to("review")


def _sign_in(ws: Workspace) -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title("绩效自评审核工作台")
        if not ws.list_users():
            st.info("工作区还没有账户。请管理员先在命令行创建：`docreview user add 姓名 --role admin`")
        with st.form("signin"):
            name = st.text_input("用户名", key="signin_name")
            password = st.text_input("密码", type="password", key="signin_password")
            submitted = st.form_submit_button("登录", type="primary")
        if submitted:
            user = ws.authenticate(name, password)
            if user is None:
                st.error("用户名或密码错误 / wrong user name or password")
                return
            st.session_state[USER_KEY] = user.model_dump(mode="json")
            st.rerun()


def _sign_out() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def run() -> None:
    """The app: sign-in, then the pages."""
    st.set_page_config(page_title="绩效自评审核", page_icon=":material/fact_check:", layout="wide")
    try:
        _run(workspace())
    except DocReviewError as e:  # e.g. the database down (the store retried first): its message, no traceback
        show_error(e)


def _run(ws: Workspace) -> None:
    user = current_user()
    if user is not None:
        # the account may have been removed or its role changed since sign-in
        fresh = ws.get_user(user.name)
        if fresh is None or fresh.id != user.id:
            _sign_out()
            user = None
        elif fresh != user:
            st.session_state[USER_KEY] = fresh.model_dump(mode="json")
            user = fresh
    if user is None:
        _sign_in(ws)
        return
    with st.sidebar:
        st.caption(f"当前用户：{user.name}（{'管理员' if user.role == 'admin' else '审核员'}）")
        st.button("退出登录", on_click=_sign_out, key="signout")
    pages: list[Any] = [
        st.Page(path, title=title, icon=icon, url_path=name, default=(name == "upload"))
        for name, (path, title, icon) in PAGES.items()
        if name not in ADMIN_ONLY or user.role == "admin"
    ]
    st.navigation(pages).run()
