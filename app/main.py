"""The reviewer workspace: ``streamlit run app/main.py`` (or ``docreview app``).

The pages live in the package (``docreview.store.ui``) so that an installed wheel has them too.
"""

from __future__ import annotations

from docreview.store.ui import run

run()
