"""The real app for the browser tests: started as ``docreview app`` starts it (``cli.streamlit_command``: the ``st.App``
server with the session-cookie route and the download guard), in headless Chromium via Playwright.  Shared by the
browser tests (review, journey, downloads, sessions, Chinese UI)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from docreview import cli
from docreview.models import Evidence
from docreview.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ENGLISH = re.compile(r"Drag and drop|Browse files|\bLimit\b|per file|\bUpload\b|Press Enter|Press ⌘|Press Ctrl|"
                     r"\bStop\b|\bDeploy\b|Running|\bRerun\b|\bSettings\b|\bPrint\b|Record a screencast|Clear cache|"
                     r"Skip to main content|Choose an option|Choose options|No results")
"""Streamlit's own English texts (the uploader's, the form hint, the toolbar, menu and status widget, the placeholder of
a select box whose value is None)."""


def require_browser() -> None:
    """Skip the test when Chromium or Playwright is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_app(tmp_path: Path, settings: Settings, *, name: str = "streamlit", **env_extra: str) -> Iterator[str]:
    """The app of ``settings.workspace`` on a free port of 127.0.0.1 (its output in ``tmp_path/<name>.log``: give
    several apps of one test their own names); yields its URL once its health check answers, stops it after."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCREVIEW_", "OPENAI_"))}
    env.update({"DOCREVIEW_WORKSPACE": str(settings.workspace), "PYTHONUNBUFFERED": "1", **env_extra})
    port = free_port()
    cmd = [*cli.streamlit_command(port=port, upload_max_mb=settings.store.upload_max_mb),
           "--server.headless", "true", "--server.fileWatcherType", "none"]
    with serving(cmd, port, tmp_path, env, tmp_path / f"{name}.log") as url:
        yield url


@contextmanager
def serving(cmd: list[str], port: int, cwd: Path, env: dict[str, str], log_path: Path) -> Iterator[str]:
    """Run the Streamlit server ``cmd`` (listening on ``port`` of 127.0.0.1, its output in ``log_path``); yield its
    URL once its health check answers; stop it after."""
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start: {log_path.read_text(encoding='utf-8')}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


def visible_english(page: object) -> list[str]:
    """The Streamlit English texts (``ENGLISH``) visible on ``page``."""
    text = page.evaluate("() => document.body.innerText")  # type: ignore[attr-defined]
    return sorted(set(ENGLISH.findall(text)))


def shown_image(page: object, image: object) -> bytes:
    """The bytes of the image an ``<img>`` shows, as the page fetched it."""
    import base64

    src = image.get_attribute("src")  # type: ignore[attr-defined]
    assert src
    return base64.b64decode(page.evaluate(  # type: ignore[attr-defined]
        """async (src) => { const r = await fetch(src); const b = new Uint8Array(await r.arrayBuffer());
           let s = ''; for (const x of b) s += String.fromCharCode(x); return btoa(s); }""", src))


def assert_box_drawn(shown: bytes, pdf: Path, evidence: Evidence) -> None:
    """The box drawn on the page image ``shown`` lies on the evidence text: pdfplumber's characters of the quote are
    inside ``evidence.box``, the image's red outline (ingest.pages.OUTLINE) is drawn exactly around it, and the
    quote's ink is inside the outline."""
    import io

    import numpy as np
    import pdfplumber
    from PIL import Image

    from test_source_boxes import word_boxes  # pdfplumber's own character positions of a quote

    assert evidence.page is not None and evidence.box is not None
    x0, y0, x1, y1 = evidence.box
    slack = 0.004
    assert any(all(c[0] >= x0 - slack and c[1] >= y0 - slack and c[2] <= x1 + slack and c[3] <= y1 + slack
                   for c in occurrence) for occurrence in word_boxes(pdf, evidence.page, evidence.quote)), (
        evidence.quote, evidence.box)
    marked = np.asarray(Image.open(io.BytesIO(shown)).convert("RGB")).astype(int)
    w = marked.shape[1]
    with pdfplumber.open(pdf) as doc:  # the page's own height: the viewer trims the blank paper at its foot
        h = w * doc.pages[evidence.page - 1].height / doc.pages[evidence.page - 1].width
    red = (abs(marked[..., 0] - 220) < 30) & (marked[..., 1] < 80) & (marked[..., 2] < 80)
    ys, xs = np.nonzero(red)
    assert red.sum() > 100
    line = max(2, w // 500) + 2
    assert abs(xs.min() - x0 * w) <= line and abs(xs.max() - x1 * w) <= line, (xs.min(), xs.max(), x0 * w, x1 * w)
    assert abs(ys.min() - y0 * h) <= line and abs(ys.max() - y1 * h) <= line, (ys.min(), ys.max(), y0 * h, y1 * h)
    inside = marked[int(y0 * h) + line:int(y1 * h) - line, int(x0 * w) + line:int(x1 * w) - line]
    assert (inside.max(axis=2) < 120).sum() > 30


def page_height(pdf: Path, page: int, width: int) -> float:
    """The height in pixels of ``page`` of ``pdf`` rendered ``width`` pixels wide (before the blank foot is trimmed)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return width * doc.pages[page - 1].height / doc.pages[page - 1].width
