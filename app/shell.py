"""The Streamlit reviewer workspace (中文界面).

``run()`` is the whole app: sign-in first (nothing else is visible without it), then a multipage
navigation over the scripts in ``views/``.  The entry script is ``main.py``; ``docreview app`` runs ``streamlit run``
on ``server.py`` (``docreview.cli.app_server()``), an ``st.App`` over ``main.py`` with the session-cookie routes.
Pages call the library's public API only.

Security: user content (file names, quotes, messages, comments) is shown through Streamlit elements
that render text, or through ``markdown_text``/``html_text``/``plot_text`` which escape it first.  Pages get the
workspace bound to the signed-in user (``UserWorkspace``): the store checks every read and write against that
user's teams and role (``docreview.store.access``), and a page cannot read as the system by leaving ``user=`` out.
Sign-in is throttled and audited by the store; a session ends after ``settings.auth.session_idle_minutes`` without
an action.  A sign-in survives a reload through a signed, expiring HttpOnly cookie (``session_cookie``: the design
is in its docstring), and the review page keeps its place in the URL (``?review=12&flag=5``), so a link opens the
same review and flag after sign-in.

Chinese throughout: Streamlit's own chrome (menu, toolbar, running/stop status, "Press Enter to submit form") is
hidden and the file uploader's English texts are replaced (``chrome_css``), as are the English screen-reader texts
(``aria_script``); a path that names no page the user may open gets a Chinese page, not Streamlit's "Page not found"
dialog (``_pages``); errors show their Chinese half only (``zh``: the English half after " / " stays in the log and
the CLI).
"""

from __future__ import annotations

import functools
import html
import inspect
import json
import logging
import re
import time
import urllib.parse
from pathlib import Path
from typing import Any

import streamlit as st

import downloads  # files served only to the signed-in user they were made for (issue 16)
import session_cookie
from docreview.auth import ROLE_ZH, AuthError
from docreview.errors import DocReviewError
from docreview.settings import Settings
from docreview.store.history import clean_unit_name
from docreview.store.records import ReviewSummary, UserRecord
from docreview.store.service import Workspace

VIEWS = Path(__file__).resolve().parent / "views"
PAGES: dict[str, tuple[Path, str, str]] = {
    "upload": (VIEWS / "upload.py", "上传", ":material/upload_file:"),
    "batches": (VIEWS / "batches.py", "批次进度", ":material/pending_actions:"),
    "review": (VIEWS / "review.py", "审核", ":material/fact_check:"),
    "history": (VIEWS / "history.py", "历史对比", ":material/history:"),
    "export": (VIEWS / "export.py", "导出", ":material/download:"),
    "dashboard": (VIEWS / "dashboard.py", "看板", ":material/monitoring:"),
    "ranking": (VIEWS / "ranking.py", "排名通报", ":material/leaderboard:"),
    "evaluate": (VIEWS / "evaluate.py", "评测", ":material/science:"),
    "units": (VIEWS / "units_admin.py", "单位管理", ":material/domain:"),
}
ADMIN_ONLY = {"evaluate", "units"}
STAGE_ZH = {"ingest": "读取文件", "extract": "抽取指标", "index": "建立索引", "match": "匹配指标", "score": "规则计分",
            "explain": "生成说明", "ocr": "文字识别"}
USER_KEY = "docreview_user"
REVIEW_KEY = "current_review_id"
SEEN_KEY = "docreview_last_action"  # time.time() of the session's last script run: for the idle timeout
NOTICE_KEY = "docreview_signin_notice"  # why the session ended, shown on the sign-in page
BATCH_KEY = "current_batch_id"  # the batch whose progress 批次进度 shows
SID_KEY = "docreview_session_id"  # this session's entry in session_cookie.SESSIONS
TICKET_KEY = "docreview_cookie_ticket"  # a ticket the page still has to exchange for the session cookie
CLEAR_COOKIE_KEY = "docreview_clear_cookie"  # signed out: the sign-in page asks the server to delete the cookie
LINK_KEY = "docreview_link"  # the ?review=&flag= this session last wrote or followed (a new value is a link)
FLAG_JUMP_KEY = "docreview_flag_jump"  # a flag another page (the dashboard) asks the review page to show

logger = logging.getLogger("docreview.app")

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


class UserWorkspace:
    """The workspace as the signed-in user sees it: every method that takes the caller (``user=``) gets this
    session's user unless the page passes it, so a page that forgets it is still checked as that user, never
    as the system.  Anything else (``settings``) is the workspace's own."""

    def __init__(self, ws: Workspace, user: UserRecord) -> None:
        # mangled names: the workspace's own attributes (``_user``, ``_write`` …) must pass through untouched
        self.__ws = ws
        self.__user = user

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.__ws, name)
        if callable(attr) and _takes_user(name):
            return functools.partial(attr, user=self.__user)
        return attr


@functools.cache
def _takes_user(name: str) -> bool:
    """Whether ``Workspace.<name>`` is a public method with the keyword-only caller argument ``user``."""
    if name.startswith("_"):
        return False
    try:
        param = inspect.signature(getattr(Workspace, name)).parameters.get("user")
    except (AttributeError, TypeError, ValueError):
        return False
    return param is not None and param.kind is inspect.Parameter.KEYWORD_ONLY


def page_context() -> tuple[Any, UserRecord]:
    """(the workspace bound to the signed-in user, that user) for a page; stops the page when nobody is signed
    in."""
    user = current_user()
    if user is None:
        st.warning("请先登录。")
        st.stop()
    assert user is not None
    return UserWorkspace(workspace(), user), user


def client_address() -> str | None:
    """The browser's network address, for the sign-in throttle and the audit log: Streamlit's peer address, or
    behind a reverse proxy that sets them (``settings.auth.trust_proxy_headers``) X-Real-IP, else the address the
    proxy appended last to X-Forwarded-For (the ones before it are whatever the client sent).  None when unknown
    (AppTest)."""
    try:
        if settings().auth.trust_proxy_headers:
            headers = st.context.headers
            real = (headers.get("X-Real-Ip") or "").strip()
            forwarded = [a.strip() for a in (headers.get("X-Forwarded-For") or "").split(",") if a.strip()]
            if isinstance(real, str) and (real or forwarded):
                return (real or forwarded[-1])[:100]
        address = st.context.ip_address
        return address[:100] if isinstance(address, str) and address else None
    except Exception:  # noqa: BLE001 — no request context (tests, a bare script run)
        return None


def switch_to(page: str) -> None:
    st.switch_page(PAGES[page][0])


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def zh(message: object) -> str:
    """The Chinese half of a bilingual message, for the page: ``"文件为空 / the file is empty"`` → ``"文件为空"``.

    Messages are written ``中文 / English[: detail]``, and a detail may itself be bilingual (``文件内容超出处理上限 /
    the content exceeds a processing limit: 表格过大：超过 500000 个单元格 / table too large: …``): after each
    " / ", the English runs up to the first Chinese clause, which is kept (joined with "："); a part without any
    Chinese is dropped.  Several messages joined with "；" (the queue's errors of a unit's files) keep each one's
    Chinese: ``"a.pdf: 文件为空 / the file is empty；b.pdf: 内部错误 / internal error: …"`` →
    ``"a.pdf: 文件为空；b.pdf: 内部错误"``.  A message without " / " is returned as it is."""
    text = "" if message is None else str(message)
    parts = text.split(" / ")
    kept = [parts[0].rstrip()]
    for part in parts[1:]:
        found = _CJK.search(part)
        if found is None:
            continue
        if part[found.start()] == "；":  # the English half ended the message; the next message starts here
            kept[-1] += part[found.start():]
            continue
        clause = part[:found.start()].rfind(": ")
        kept.append(part[clause + 2:] if clause >= 0 else part[found.start():])
    return "：".join(k for k in kept if k)


NEW_UNIT = "\x00new-unit"
"""The option of ``unit_choice`` that asks for a new unit name (a value no unit name can be)."""


def unit_choice(where: Any, label: str, names: list[str], *, key: str, text_key: str, empty: str | None) -> str:
    """A unit chosen from ``names`` (the units the user may see and those already named on the page) or typed as a
    new one, cleaned by ``history.clean_unit_name``; "" for the ``empty`` choice (None: no empty choice).

    A select box (``key``) lists ``empty``, the names and "＋ 新单位（输入名称）", which shows a text field
    (``text_key``) for the new name; without names only the text field is shown.  (Streamlit's own
    ``accept_new_options`` shows an English "Add: …" entry, so it is not used.)  A name typed before the list had
    names stays chosen as typed."""
    typed = str(st.session_state.get(text_key) or "")
    choice = NEW_UNIT
    if names:
        options = [*([""] if empty is not None else []), *names, NEW_UNIT]
        if st.session_state.get(key) not in options:  # first shown, or its name is gone from the list
            st.session_state[key] = NEW_UNIT if typed.strip() else options[0]
        choice = where.selectbox(label, options, key=key, label_visibility="collapsed",
                                 format_func=lambda o: (empty or "") if o == "" else "＋ 新单位（输入名称）"
                                 if o == NEW_UNIT else o)
    if choice != NEW_UNIT:
        return clean_unit_name(choice)
    return clean_unit_name(where.text_input(f"{label}（新单位名称）", key=text_key, max_chars=200,
                                            placeholder=empty or "输入单位名称", label_visibility="collapsed"))


def show_error(e: BaseException) -> None:
    """A library error as the one line a reviewer reads: its Chinese half (the whole message goes to the log)."""
    msg = e.message if isinstance(e, DocReviewError) else f"内部错误 / internal error: {type(e).__name__}: {e}"
    logger.info("shown to the user: %s", msg)
    st.error(markdown_text(zh(msg)))


@functools.cache
def profile_zh(name: str) -> str:
    """A scoring profile by its Chinese name: the part of its description before "：" (``default`` → 财预〔2020〕10号
    自评); the code name when the profile is not (or no longer) installed."""
    try:
        from docreview.score import list_profiles, load_profile

        s = settings()
        if name not in list_profiles(s):  # a stored name, never read as a path
            return name
        description = load_profile(name, s).description.strip()
    except Exception:  # noqa: BLE001 — a broken profile file must not break the page that names it
        return name
    return description.split("：", 1)[0].strip() or name


def pick_review(ws: Any, *, label: str = "审核记录", key: str = "review_pick") -> ReviewSummary | None:
    """A select box over the reviews the signed-in user may see, remembering the choice across pages.  A review
    asked for by link (``?review=ID``) or by another page that the user may not see gets the store's access
    message, once, and the box stays on what they may see."""
    user = current_user()
    reviews = ws.list_reviews(user=user)
    ids = [r.id for r in reviews]
    by_id = {r.id: r for r in reviews}
    mine = st.checkbox("只看分配给我的", key=f"{key}_mine") if user is not None else False
    wanted = st.session_state.get(REVIEW_KEY)
    linked = st.query_params.get("review")
    if linked is not None and linked != st.session_state.get(LINK_KEY, {}).get("review"):
        # a link (or a page's own URL after a reload): follow it once; the review page writes its place back
        st.session_state[LINK_KEY] = {"review": linked, "flag": None}
        wanted = int(linked) if linked.isdigit() else -1
        st.session_state["_review_jump"] = True
        flag = st.query_params.get("flag")
        if flag is not None and flag.isdigit():
            st.session_state[FLAG_JUMP_KEY] = int(flag)
    if wanted is not None and wanted not in ids:
        try:
            ws.review_access(wanted, user=user)  # raises the reason: no access, or (to an admin) no such review
        except DocReviewError as e:
            show_error(e)
        st.session_state.pop(REVIEW_KEY, None)
        wanted = None
    if not reviews:
        st.info("还没有您可以查看的审核记录，请先在「上传」页上传文件。")
        return None
    if mine and user is not None:  # 分配给我: the reviews assigned to or shared with the signed-in user (and one opened by link)
        assigned = {r.id for r in ws.list_reviews(user=user, assigned_to=user.name)}
        ids = [i for i in ids if i in assigned or i == wanted]
        if not ids:
            st.info("没有分配给您的审核记录。")
            return None
    if st.session_state.get(key) not in ids:
        st.session_state[key] = wanted if wanted in ids else ids[0]
    elif wanted in ids and wanted != st.session_state.get(key) and st.session_state.get("_review_jump"):
        st.session_state[key] = wanted
    st.session_state.pop("_review_jump", None)
    rid = st.selectbox(label, ids, format_func=lambda i: by_id[i].label(), key=key)
    st.session_state[REVIEW_KEY] = rid
    return by_id[rid]


def open_review(review_id: int, flag_id: int | None = None) -> None:
    """Make ``review_id`` (and its flag ``flag_id``) the current review and go to the review page."""
    st.session_state[REVIEW_KEY] = review_id
    st.session_state["_review_jump"] = True
    if flag_id is not None:
        st.session_state[FLAG_JUMP_KEY] = flag_id
    switch_to("review")


def set_link(review_id: int, flag_id: int | None = None) -> None:
    """Put the review page's place in the URL (``?review=12&flag=5``): a reload or a copied link opens it again."""
    wanted = {"review": str(review_id), "flag": None if flag_id is None else str(flag_id)}
    st.session_state[LINK_KEY] = wanted
    if st.query_params.get("review") != wanted["review"] or st.query_params.get("flag") != wanted["flag"]:
        st.query_params.from_dict({k: v for k, v in wanted.items() if v is not None})


def open_batch(batch_id: int) -> None:
    """Make ``batch_id`` the current batch and go to the batch progress page."""
    st.session_state[BATCH_KEY] = batch_id
    st.session_state["_batch_jump"] = True
    switch_to("batches")


def _sign_in(ws: Workspace) -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title("绩效自评审核工作台")
        if not ws.has_users():
            st.info("工作区还没有账户。请管理员先在命令行创建：`docreview user add 姓名 --role admin`")
        notice = st.session_state.pop(NOTICE_KEY, None)
        if notice:
            st.info(markdown_text(zh(notice)))
        if st.session_state.pop(CLEAR_COOKIE_KEY, False):  # signed out: the server ends the session, the cookie goes
            st.html(session_cookie.fetch_script(_route(session_cookie.SIGNOUT_PATH)), unsafe_allow_javascript=True)
        with st.form("signin"):
            name = st.text_input("用户名", key="signin_name")
            password = st.text_input("密码", type="password", key="signin_password")
            submitted = st.form_submit_button("登录", type="primary")
        if submitted:
            try:
                user = ws.authenticate(name, password, address=client_address())
            except AuthError as e:  # throttled: too many wrong passwords for the account or from this address
                st.error(markdown_text(zh(e.message)))
                return
            if user is None:
                st.error("用户名或密码错误")
                return
            st.session_state[USER_KEY] = user.model_dump(mode="json")
            st.session_state[SEEN_KEY] = time.time()
            sid = session_cookie.SESSIONS.open(user.name)
            st.session_state[SID_KEY] = sid
            st.session_state[TICKET_KEY] = session_cookie.SESSIONS.ticket(sid)
            st.rerun()


def _route(path: str) -> str:
    """A route of ``session_cookie`` under Streamlit's ``server.baseUrlPath``."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{path}" if base else path


def _cookie() -> str | None:
    """The session cookie this browser sent (with the websocket request); None without one (or in AppTest)."""
    try:
        value = st.context.cookies.get(session_cookie.COOKIE)
    except Exception:  # noqa: BLE001 — no request context
        return None
    return value if isinstance(value, str) else None


def _restore(ws: Workspace, idle_s: float) -> UserRecord | None:
    """The user of a live session cookie (a reload, a link opened in a new tab), signed in again; else None."""
    restored = session_cookie.SESSIONS.restore(_cookie(), idle_s=idle_s)
    if restored is None:
        return None
    sid, name = restored
    user = ws.get_user(name)
    if user is None or not user.active:
        session_cookie.SESSIONS.close(sid)
        return None
    st.session_state[USER_KEY] = user.model_dump(mode="json")
    st.session_state[SEEN_KEY] = time.time()
    st.session_state[SID_KEY] = sid
    return user


def _change_password(ws: Workspace, user: UserRecord) -> None:
    """The sidebar form: the user changes their own password (the current one is checked like a sign-in)."""
    with st.expander("修改密码"), st.form("change_password", clear_on_submit=True):
        current = st.text_input("当前密码", type="password", key="pw_current")
        new = st.text_input("新密码", type="password", key="pw_new")
        repeat = st.text_input("再次输入新密码", type="password", key="pw_repeat")
        if not st.form_submit_button("确认修改"):
            return
        if new != repeat:
            st.error("两次输入的新密码不一致")
            return
        try:
            ws.change_password(user.name, current, new, address=client_address())
        except DocReviewError as e:
            st.error(markdown_text(zh(e.message)))
            return
        st.success("密码已修改")


def _sign_out(notice: str | None = None) -> None:
    """End the session: on the server (its cookie no longer signs anyone in) and in this browser tab."""
    session_cookie.SESSIONS.close(st.session_state.get(SID_KEY))
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[CLEAR_COOKIE_KEY] = True
    if notice:
        st.session_state[NOTICE_KEY] = notice


def chrome_css(upload_max_mb: float) -> str:
    """CSS that makes Streamlit's own chrome Chinese: its menu, toolbar and running/stop status hidden (``docreview
    app`` also starts Streamlit without them), the "Press Enter to submit form" hints hidden, and the file
    uploader's button and hint in Chinese with the size limit in force (``store.upload_max_mb``).  Generated text
    (``::after``) replaces the English, which is taken out of the layout (``display: none``).  The toolbars that
    Streamlit has no Chinese for are hidden: a table's (Download as CSV / Search / Fullscreen; the pages have their
    own Chinese exports) and a chart's Plotly mode bar (Zoom / Pan / Download plot as a PNG)."""
    hint = html.escape(f"拖放文件到此处，或点击「选择文件」；单个文件不超过 {upload_max_mb:g} MB", quote=True)
    return f"""<style>
[data-testid="stToolbar"], [data-testid="stStatusWidget"], [data-testid="stMainMenu"],
[data-testid="stAppDeployButton"], [data-testid="stDecoration"], footer,
[data-testid="InputInstructions"], [data-testid="stElementToolbar"],
.modebar-container {{ display: none !important; }}
[data-testid="stSkipToContent"] {{ visibility: hidden; }}
[data-testid="stSkipToContent"]::after {{ content: "跳到主要内容"; visibility: visible; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{ content: "选择文件"; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div > span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: "{hint}"; font-size: 0.875rem; opacity: 0.7; }}
</style>"""


ARIA_ZH: dict[str, str] = {
    "Sidebar": "侧边栏", "Collapse sidebar": "收起侧边栏", "Expand sidebar": "展开侧边栏", "App pages": "页面导航",
    "Show password": "显示输入的内容", "Hide password": "隐藏输入的内容", "Link to heading": "标题链接", "Open": "展开选项",
    "Close": "关闭", "Dismiss": "关闭", "Clear value": "清除", "Clear all": "全部清除", "Selectbox options": "选项",
    "Download as CSV": "下载 CSV", "Search": "搜索", "Fullscreen": "全屏", "Close fullscreen": "退出全屏",
    "Show/hide columns": "显示/隐藏列", "Copy to clipboard": "复制", "Remove": "移除", "Delete": "删除",
}
"""Streamlit's English screen-reader texts (``aria-label``, ``title``) and their Chinese (``aria_script``); none
contains a field's own label (a password field's eye button must not also answer to "密码")."""
ARIA_PREFIX_ZH: dict[str, str] = {"Help for ": "说明：", "Shortcut ": "快捷键 "}
"""English screen-reader texts that end with a label or a key: the prefix in Chinese, the rest kept."""


def aria_script() -> str:
    """A page script that puts ``ARIA_ZH``/``ARIA_PREFIX_ZH`` in place of Streamlit's English ``aria-label`` and
    ``title`` texts, now and on every element Streamlit adds or relabels later (one observer per page)."""
    exact = json.dumps(ARIA_ZH, ensure_ascii=False)
    prefix = json.dumps(list(ARIA_PREFIX_ZH.items()), ensure_ascii=False)
    return f"""<script>
(() => {{
  const doc = document;
  if (doc.__docreviewAria) return;
  doc.__docreviewAria = true;
  const exact = {exact}, prefix = {prefix};
  const fix = (el) => {{
    for (const attr of ["aria-label", "title"]) {{
      const value = el.getAttribute(attr);
      if (!value) continue;
      let zh = exact[value];
      if (zh === undefined) for (const [en, cn] of prefix) if (value.startsWith(en)) {{ zh = cn + value.slice(en.length); break; }}
      if (zh !== undefined && zh !== value) el.setAttribute(attr, zh);
    }}
  }};
  const sweep = (node) => {{
    if (node.nodeType !== 1) return;
    fix(node);
    node.querySelectorAll("[aria-label],[title]").forEach(fix);
  }};
  sweep(doc.body);
  new MutationObserver((changes) => {{
    for (const c of changes) {{
      if (c.type === "attributes") fix(c.target); else c.addedNodes.forEach(sweep);
    }}
  }}).observe(doc.body, {{subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label", "title"]}});
}})();
</script>"""


def run() -> None:
    """The app: sign-in, then the pages."""
    st.set_page_config(page_title="绩效自评审核", page_icon=":material/fact_check:", layout="wide")
    try:
        ws = workspace()
        st.html(chrome_css(ws.settings.store.upload_max_mb))
        st.html(aria_script(), unsafe_allow_javascript=True)
        _run(ws)
    except DocReviewError as e:  # e.g. the database down (the store retried first): its message, no traceback
        show_error(e)


def _pages(user: UserRecord | None) -> list[Any]:
    """The pages ``user`` may open (before sign-in: all of them, hidden, so that the URL keeps its page), and a
    hidden 页面不存在 page at the path the URL names when it is none of them (an unknown page, or an admin page
    asked for by another role): Streamlit would answer that path with its English "Page not found" dialog."""
    names = [name for name in PAGES if user is None or name not in ADMIN_ONLY or user.role == "admin"]
    pages = [st.Page(PAGES[name][0], title=PAGES[name][1], icon=PAGES[name][2], url_path=name,
                     default=(name == "upload")) for name in names]
    segment = _url_segment()
    if segment and "/" not in segment and len(segment) <= 200 and segment not in names:  # a nested path: no page
        pages.append(st.Page(_missing_page, title="页面不存在", url_path=segment, visibility="hidden"))
    return pages


def _missing_page() -> None:
    st.warning("您打开的页面不存在，或您的账户无权打开该页面。请从左侧菜单选择页面。")
    if st.button("打开「上传」页", key="missing_page_home"):
        switch_to("upload")


def _url_segment() -> str | None:
    """The page the browser's URL names: its path under ``server.baseUrlPath`` ("" for the bare address); None when
    unknown (AppTest, a bare script run)."""
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 — no request context
        url = None
    if not url:
        return None
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path).strip().strip("/")
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base):].strip("/")
    return path


def _asks_for_a_page() -> bool:
    """Whether the browser's URL names a page (not the default one, which is the bare address): only then is the
    navigation registered before sign-in (hidden, not run), so that after sign-in the URL opens that page; an
    unknown path gets the hidden 页面不存在 page of ``_pages`` instead of Streamlit's English "Page not found"
    dialog over the sign-in form.  Unknown (AppTest): yes."""
    segment = _url_segment()
    return segment is None or segment not in ("", "upload")


def _run(ws: Workspace) -> None:
    user = current_user()
    idle_s = ws.settings.auth.session_idle_minutes * 60
    if user is None and not st.session_state.get(CLEAR_COOKIE_KEY):
        user = _restore(ws, idle_s)
    if user is not None and time.time() - st.session_state.get(SEEN_KEY, 0.0) > idle_s:
        _sign_out(f"{ws.settings.auth.session_idle_minutes:g} 分钟没有操作，已自动退出，请重新登录 / signed out after "
                  f"{ws.settings.auth.session_idle_minutes:g} minutes without activity")
        user = None
    if user is not None:
        st.session_state[SEEN_KEY] = time.time()
        session_cookie.SESSIONS.touch(st.session_state.get(SID_KEY))
        downloads.bind(st.session_state.get(SID_KEY), idle_s)
        # the account may have been removed, disabled or its role and teams changed since sign-in
        fresh = ws.get_user(user.name)
        if fresh is None or fresh.id != user.id or not fresh.active:
            _sign_out("账户已停用或不存在 / the account is disabled or gone")
            user = None
        elif fresh != user:
            st.session_state[USER_KEY] = fresh.model_dump(mode="json")
            user = fresh
    if user is None:
        if _asks_for_a_page():  # kept (hidden navigation, not run): after sign-in /review?review=12&flag=5 opens there
            st.navigation(_pages(None), position="hidden")
        _sign_in(ws)
        return
    with st.sidebar:
        st.caption(markdown_text(f"当前用户：{user.name}（{ROLE_ZH.get(user.role, user.role)}）"))
        if user.teams:
            st.caption(markdown_text("科室：" + "、".join(f"{team}（{ROLE_ZH.get(role, role)}）"
                                                       for team, role in user.teams.items())))
        st.button("退出登录", on_click=_sign_out, key="signout")
        _change_password(ws, user)
        ticket = st.session_state.pop(TICKET_KEY, None)
        if ticket:  # just signed in: the server exchanges the ticket for the HttpOnly session cookie
            st.html(session_cookie.fetch_script(_route(session_cookie.SESSION_PATH), ticket),
                    unsafe_allow_javascript=True)
    st.navigation(_pages(user)).run()
