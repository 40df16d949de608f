"""The reviewer workspace: ``docreview app`` (or ``streamlit run app/main.py``).

``shell.py`` holds sign-in, navigation and the shared widgets; each page is a script in ``views/``.  The app
calls the library's public API only (``docreview.pipeline``, ``docreview.store``, ``docreview.evaluate``).
The package ships this folder too (``docreview/webapp`` links here), so an installed wheel can start it.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shell import run  # noqa: E402  (needs the folder on sys.path first)

run()
