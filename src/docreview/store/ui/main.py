"""Entry script of the reviewer app: ``streamlit run`` this file (see ``docreview.store.app_entry``)."""

from __future__ import annotations

from docreview.store.ui import run

run()
