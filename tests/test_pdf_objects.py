"""ingest/pdf_objects.py gives exactly the page objects pdfplumber's own Page gives, on every PDF we have."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from docreview.ingest.pdf_objects import light

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted([*(ROOT / "tests" / "fixtures").rglob("*.pdf"), *(ROOT / "corpus").rglob("*.pdf")])


def _objects(data: bytes, *, cheap: bool) -> list[dict[str, list[dict[str, Any]]]]:
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            out.append(_comparable((light(page) if cheap else page).objects))
            page.close()
    return out


def _comparable(objects: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """An image's ``stream`` is a pdfminer object without equality: compared by its attributes and bytes."""
    def one(obj: dict[str, Any]) -> dict[str, Any]:
        if "stream" in obj:
            stream = obj["stream"]
            obj = {**obj, "stream": (repr(stream.attrs), stream.get_rawdata())}
        return obj

    return {kind: [one(o) for o in objs] for kind, objs in objects.items()}


def _readable(path: Path) -> bytes | None:
    data = path.read_bytes()
    try:
        _objects(data, cheap=False)
    except Exception:  # noqa: BLE001 — encrypted, damaged on purpose: pdfplumber's own refusal, not ours to compare
        return None
    return data


def test_there_are_pdfs_of_every_kind_to_compare() -> None:
    names = {p.name for p in PDFS}
    assert len(PDFS) >= 20
    assert {"report.pdf", "scanned.pdf", "gbk_font.pdf"} <= names  # text and tables, an image, a CJK CMap font


@pytest.mark.parametrize("path", PDFS, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_objects_as_pdfplumber(path: Path) -> None:
    data = _readable(path)
    if data is None:
        with pytest.raises(Exception):  # noqa: B017,PT011 — the cheap page must refuse it the same way
            _objects(path.read_bytes(), cheap=True)
        return
    ours, theirs = _objects(data, cheap=True), _objects(data, cheap=False)
    assert ours == theirs
    assert any(page.get("char") for page in theirs) or any(page.get("image") for page in theirs)


def test_the_table_page_objects_hold_chars_and_rules() -> None:
    """The compared objects are the ones table finding uses: characters with their boxes and the ruled lines."""
    data = (ROOT / "tests" / "fixtures" / "files" / "report.pdf").read_bytes()
    pages = _objects(data, cheap=True)
    chars = [c for p in pages for c in p.get("char", [])]
    rules = [r for p in pages for kind in ("line", "rect") for r in p.get(kind, [])]
    assert chars and rules
    assert {"x0", "x1", "top", "bottom", "doctop", "text", "fontname", "size", "matrix", "upright"} <= set(chars[0])
    assert isinstance(chars[0]["matrix"], tuple)
