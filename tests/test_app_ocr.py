"""The review page on a scanned report (app/views/ocr.py): the "OCR" badge and the page image of an unsure value.

The scan is corpus h01's 自评表 rendered at 150 DPI (tests/fixtures/make_scans.py) and reviewed with the real
OCR engine; its figures are made unsure by a confidence threshold no reading reaches, so that every flag on
them is "OCR 待核实" and carries the cell's box.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import make_scans
import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from docreview import auth
from docreview.ingest import ocr_page_crop
from docreview.models import Review
from docreview.pipeline import run_review
from docreview.settings import IngestSettings, Settings
from docreview.store import Workspace

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app" / "main.py")
sys.path.insert(0, str(ROOT / "app"))
import shell as ui  # noqa: E402  (the app's shell module, from app/)

SCAN_NAME = "自评表扫描件.pdf"


@pytest.fixture(scope="module")
def scanned_review(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Review]:
    folder = tmp_path_factory.mktemp("scan")
    pdf = make_scans.form_pdf(folder / "自评表.pdf")
    scan = folder / SCAN_NAME
    scan.write_bytes(make_scans.image_pdf([make_scans.render(pdf, 150)], 150))
    settings = Settings(workspace=folder / "ws", ingest=IngestSettings(isolate=False, ocr_dpi=150,
                                                                       ocr_min_confidence=1.0))
    return scan.read_bytes(), run_review([], [scan], settings=settings, explain=False)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setenv("DOCREVIEW_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.setenv("DOCREVIEW_INGEST_OCR_DPI", "150")  # as the review was read: the crop is rendered alike
    monkeypatch.delenv("DOCREVIEW_DATABASE_URL", raising=False)
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    w = Workspace(Settings())
    w.add_user("alice", role="reviewer", password="alice-password")
    yield w
    w.close()
    ui._open_workspace.clear()


def test_review_page_badges_the_scan_and_shows_the_unsure_cell(ws: Workspace,
                                                                scanned_review: tuple[bytes, Review]) -> None:
    data, review = scanned_review
    # one flag's evidence as if read surely (every figure of this review is unsure): it must show no crop
    other = next(f for f in review.flags if f.type != "target_missed")
    review = review.model_copy(update={"flags": [
        f.model_copy(update={"evidence": [e.model_copy(update={"uncertain": False}) for e in f.evidence]})
        if f is other else f for f in review.flags]})
    sha = ws.store_document(data, SCAN_NAME, user=None)
    batch = ws.create_batch("扫描件复核", unit_name="岷阳县交通运输局", user="alice")
    rid = ws.save_review(batch.id, review, [(sha, "report")], user="alice").id
    flags = ws.get_review(rid, user=None).flags
    unsure = next(f for f in flags if f.flag.type == "target_missed" and f.flag.indicator == "新改建农村公路里程")
    assert unsure.flag.severity == "medium" and unsure.flag.message.startswith("OCR 待核实")
    sure = next(f for f in flags if not any(e.uncertain for e in f.flag.evidence))

    at = AppTest.from_file(APP, default_timeout=90).run()
    at.text_input(key="signin_name").input("alice")
    at.text_input(key="signin_password").input("alice-password")
    at.button[0].click().run()
    at.switch_page(str(ui.PAGES["review"][0])).run()
    at.selectbox(key="flag_pick").set_value(unsure.id).run()
    assert not at.exception, at.exception

    badges = [m.value for m in at.markdown if "OCR]" in m.value]
    assert len(badges) == 1 and ui.markdown_text(SCAN_NAME) in badges[0] and "第1页" in badges[0]
    # the source viewer (issue 15) shows the page of every piece of evidence; an unsure reading says so
    images = [i for i in at.get("image") if "OCR 读作" in i.captions[0]]  # type: ignore[attr-defined]
    report_ev = [e for e in unsure.flag.evidence if e.uncertain]
    assert len(images) == len(report_ev) >= 1
    caption = images[0].captions[0]  # type: ignore[attr-defined]
    assert "OCR 读作" in caption and "第1页" in caption
    # the crop is the page around the cell, the cell outlined in red, with the cell's ink inside the outline
    e = report_ev[0]
    assert e.box is not None and e.page == 1
    png = ocr_page_crop(data, e.page, e.box, settings=IngestSettings(ocr_dpi=150), where=SCAN_NAME)
    crop = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert 40 < crop.shape[0] < 400 and 100 < crop.shape[1] < 1200
    red = (crop[..., 0] > 180) & (crop[..., 1] < 80) & (crop[..., 2] < 80)
    ys, xs = np.nonzero(red)
    assert red.sum() > 50
    inside = crop[ys.min() + 4:ys.max() - 3, xs.min() + 4:xs.max() - 3]
    assert (inside.max(axis=2) < 100).sum() > 20  # black print (the figure) within the red frame

    # a flag without unsure evidence: the badge stays (the document is a scan), its source page without the warning
    at.selectbox(key="flag_pick").set_value(sure.id).run()
    assert not at.exception, at.exception
    assert [m.value for m in at.markdown if "OCR]" in m.value] == badges
    assert not [i for i in at.get("image") if "OCR 读作" in i.captions[0]]  # type: ignore[attr-defined]

