"""The server that ``docreview app`` starts: Streamlit's ASGI app (``st.App``) running ``main.py``, plus the routes
of the session cookie (``session_cookie.routes``: a sign-in survives a reload).  ``streamlit run server.py``
recognises the ``st.App`` below and serves it with the usual ``--server.*`` options."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import streamlit as st  # noqa: E402
from streamlit import config as _config  # noqa: E402

import session_cookie  # noqa: E402  (the same module object the pages import through shell)

app = st.App(str(HERE / "main.py"), routes=session_cookie.routes(_config.get_option("server.baseUrlPath") or ""))
