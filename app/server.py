"""The server that ``docreview app`` starts: Streamlit's ASGI app (``st.App``) running ``main.py``, plus the routes
of the session cookie (``session_cookie.routes``: a sign-in survives a reload and an app restart, its sessions kept
in the workspace's store) and the guard that serves files (downloads, page images: ``/media/…``) only to the
signed-in user they were made for (``downloads.MediaGuard``).  ``streamlit run server.py`` recognises the ``st.App``
below and serves it with the usual ``--server.*`` options."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import streamlit as st  # noqa: E402
from streamlit import config as _config  # noqa: E402

import downloads  # noqa: E402
import session_cookie  # noqa: E402  (the same module object the pages import through shell)
from docreview.settings import Settings  # noqa: E402
from docreview.store import Workspace  # noqa: E402

# the sessions live in the store (every app process over this workspace shares them), signed with its key
session_cookie.SESSIONS = session_cookie.Sessions.in_store(lambda: Workspace(Settings()),
                                                           Path(Settings().workspace).resolve())
_base = _config.get_option("server.baseUrlPath") or ""
app = st.App(str(HERE / "main.py"), routes=session_cookie.routes(_base), middleware=downloads.middleware(_base))
