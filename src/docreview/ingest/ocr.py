"""OCR: scanned and photographed pages read into the same blocks and ruled tables as a text PDF.

Engine: RapidOCR (``rapidocr-onnxruntime``), whose wheel carries the PP-OCRv4 Chinese detection and
recognition models and the PP-OCR direction classifier as ONNX files; nothing is downloaded at run time.
OpenCV cleans the page (:mod:`.images`) and finds the ruled tables (:mod:`.grid`).

A page is read in this order:

1. cleanup — photo flattening, red-seal removal, contrast, 90° turn, deskew (:func:`.images.clean_page`);
2. the ruling lines → table grids → cells (merged cells resolved);
3. text detection on the page with its ruling lines whitened; the direction classifier votes on the
   widest lines, and an upside-down page is turned and read again;
4. every detected line is cut at the cell borders it crosses, each piece is recognised, and the pieces
   of a cell are joined in reading order (wrapped lines without a space between CJK characters) — except
   two figures read as separate pieces side by side (or stacked in rows a lost rule merged): a cell whose
   column rule the grid missed, split at the boundary other rows rule or kept apart and uncertain, never
   one number (:func:`separate_figures`); a lone sign the engine misreads is told by its ink's shape
   (:func:`sign_by_shape`);
5. lines outside tables become paragraphs and headings, tables become ``table`` blocks; each OCR'd table
   row keeps per cell its recognition confidence, its box (fractions of the upright page) and which
   cells are *uncertain*: a number read below ``ocr_min_confidence``, or a lone ``一``/``二``/``—``/``-``
   in a numeric column — the engine reads a dash as a Chinese numeral, and a misread digit must never
   pass as a fact — two figures of one cell, a sign read from its shape.

Entry points: :func:`read_image` (PNG/JPEG/TIFF files, a reader of ``READERS``) and :func:`ocr_pdf_pages`
(the pages of a PDF without a usable text layer, called from :mod:`.pdf`).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import cv2
import numpy as np
import onnxruntime as ort
import pypdfium2 as pdfium
from PIL import Image
from rapidocr_onnxruntime import RapidOCR

from docreview.errors import DocumentUnreadable, EmptyDocument, FileTooLarge
from docreview.ingest.common import Blocks, Context, join_lines, one_line
from docreview.ingest.grid import Box, Cell, Grid, find_tables
from docreview.ingest.images import Cleanup, clean_page, ink, is_blank, open_image_pages
from docreview.settings import IngestSettings

OcrProgress = Callable[[int, int, float], None]
"""Called with (0, pages to OCR, 0.0) before the first page, then after each OCR'd page with (pages done,
pages to OCR, seconds that page took); the bounded worker extends its deadline on the first call."""

_DET_MAX_SIDE = 1600  # detection input; larger pages are detected on a reduced copy (measured: eval/bench_ocr.py)
_REC_HEIGHT = 48  # the recogniser's input height (PP-OCR rec_img_shape 3 × 48 × 320)
# narrower pieces are padded to this width (the engine pads to 320): read on less, a leading sign was lost
# (``≤5%`` read as ``5%`` with a score of 1.0; at 128 px ``0起`` as ``起``) — on the 3,600 pieces of the
# eval's scans (eval/ocr_eval.py) 160 px reads every number and sign as 320 px does (eval/reports/ocr.md)
_REC_MIN_WIDTH = 160
_REC_THREADS = max(1, min(4, os.cpu_count() or 1))  # pieces recognised side by side, one per core
_REC_SURE = 0.99  # a lone character read at its own width this surely is not read again (see _recognise)
_MIN_PIECE_SCORE = 0.3  # recognitions below this are noise (a seal's remains, a rule's stub), not text


# --------------------------------------------------------------------------- engine

_ENGINE: RapidOCR | None = None
_ENGINE_LOCK = threading.Lock()


def engine() -> RapidOCR:
    """The process-wide RapidOCR engine (its ONNX sessions take about a second to load).

    The models are the ones inside the ``rapidocr_onnxruntime`` package (``models/*.onnx``); its sessions
    are rebuilt without thread spinning, which on shared cores burns CPU waiting instead of working.  The
    recogniser's session runs on one thread: it reads one small piece at a time, too little to share, and
    :func:`_recognise` runs pieces side by side on the cores instead.
    """
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            eng = RapidOCR()
            for holder in (eng.text_det.infer, eng.text_cls.infer):
                holder.session = _quiet_session(holder.session)
            eng.text_rec.session.session = _quiet_session(eng.text_rec.session.session, threads=1)
            _ENGINE = eng
        return _ENGINE


def _quiet_session(session: ort.InferenceSession, *, threads: int = 0) -> ort.InferenceSession:
    model = getattr(session, "_model_path", None)
    if not model:
        return session
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads  # 0: one per core
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = False
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])


# --------------------------------------------------------------------------- page model


@dataclass
class TextLine:
    text: str
    confidence: float
    box: Box


@dataclass
class OcrCell:
    cell: Cell
    lines: list[TextLine] = field(default_factory=list)
    unread_ink: bool = False  # ink in the cell that no recognition could read (a symbol, a smudge)
    # two figures read side by side in one cell: a column rule the grid did not find (a seal over it); they
    # are kept apart by a space, never joined into one number, and the cell is uncertain
    joined: bool = False
    # a lone comparison sign (≥ ≤ =) told by the shape of the cell's ink, where the engine read another
    # character or nothing (it reads ≥ as > or M, = as 二); used in a column of signs (see emit_page)
    shape: str | None = None

    @property
    def text(self) -> str:
        return _reading_order(self.lines, apart=self.joined)

    @property
    def confidence(self) -> float | None:
        return min((ln.confidence for ln in self.lines), default=None)


@dataclass
class OcrTable:
    grid: Grid
    cells: list[OcrCell]


@dataclass
class OcrPage:
    """One page as read: text lines outside tables, tables, and what cleanup did."""

    number: int
    width: int
    height: int
    lines: list[TextLine]
    tables: list[OcrTable]
    cleanup: Cleanup
    seconds: float = 0.0
    blank: bool = False

    @property
    def has_text(self) -> bool:
        return bool(self.lines) or any(c.lines for t in self.tables for c in t.cells)

    def looks_like_text(self) -> bool:
        """Whether what OCR read is mostly words and numbers (CJK, letters, digits) rather than symbol soup:
        the test for a garbled text layer whose glyphs are not real characters either."""
        text = "".join(ln.text for ln in self.lines) + "".join(c.text for t in self.tables for c in t.cells)
        text = re.sub(r"\s+", "", text)
        words = sum(1 for ch in text if ch.isalnum())
        return bool(text) and words >= 0.6 * len(text)

    def emit(self, out: Blocks, settings: IngestSettings) -> None:
        """Append this page's blocks to ``out`` (see :func:`emit_page`)."""
        emit_page(out, self, settings)


def read_page(image: np.ndarray, number: int) -> OcrPage:
    """OCR one page image (BGR)."""
    start = time.perf_counter()
    gray, cleanup = clean_page(image)
    if is_blank(gray):
        page = OcrPage(number, gray.shape[1], gray.shape[0], [], [], cleanup, blank=True)
    else:
        page = _read_upright(gray, number, cleanup, allow_flip=True)
    page.seconds = time.perf_counter() - start
    return page


def _detect_page(eng: RapidOCR, gray: np.ndarray) -> tuple[list[Grid], np.ndarray, list[Box]]:
    """The page's table grids, its text image (the rules whitened, BGR) and the text lines detected on it."""
    grids, rules = find_tables(ink(gray))
    text_image = gray.copy()
    text_image[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 255
    bgr = cv2.cvtColor(text_image, cv2.COLOR_GRAY2BGR)
    return grids, bgr, _detect(eng, bgr)


def _read_upright(gray: np.ndarray, number: int, cleanup: Cleanup, *, allow_flip: bool) -> OcrPage:
    eng = engine()
    grids, bgr, boxes = _detect_page(eng, gray)
    if allow_flip and boxes and _upside_down(eng, bgr, boxes):
        cleanup.quarter_turns = (cleanup.quarter_turns + 2) % 4
        return _read_upright(cv2.rotate(gray, cv2.ROTATE_180), number, cleanup, allow_flip=False)
    pieces: list[tuple[Box, OcrCell | None]] = []
    tables = [OcrTable(g, [OcrCell(c) for c in g.cells]) for g in grids]
    for box in boxes:
        pieces.extend(_split(box, tables))
    # a lone symbol (≥, =, /) or a short number is often too small for the detector: the ink of a cell
    # that got no piece is recognised as one piece
    detected = len(pieces)
    with_pieces = {id(owner) for _box, owner in pieces if owner is not None}
    text_ink = ink(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY))
    inked: list[OcrCell] = []
    for table in tables:
        for ocr_cell in table.cells:
            ink_box = _ink_box(text_ink, ocr_cell.cell.box)
            if ink_box is None:
                continue
            inked.append(ocr_cell)
            if id(ocr_cell) not in with_pieces:
                pieces.append((ink_box, ocr_cell))
    # detected lines are already padded by the detector; an ink box gets a margin
    crops = [_crop(bgr, piece, margin=i >= detected) for i, (piece, _owner) in enumerate(pieces)]
    results = _recognise(eng, crops)
    lines: list[TextLine] = []
    for (piece, owner), (text, score) in zip(pieces, results, strict=True):
        text = text.strip()
        if not text or float(score) < _MIN_PIECE_SCORE:
            continue
        line = TextLine(text, round(float(score), 4), piece)
        if owner is None:
            lines.append(line)
        else:
            owner.lines.append(line)
    for ocr_cell in inked:
        ocr_cell.unread_ink = not ocr_cell.lines
        if _may_be_sign(ocr_cell.text):
            ink_box = _ink_box(text_ink, ocr_cell.cell.box)
            if ink_box is not None:
                x0, y0, x1, y1 = ink_box
                ocr_cell.shape = sign_by_shape(text_ink[max(0, y0):y1, max(0, x0):x1])
    for table in tables:
        separate_figures(table)
    return OcrPage(number, gray.shape[1], gray.shape[0], lines, tables, cleanup)


def _detect(eng: RapidOCR, bgr: np.ndarray) -> list[Box]:
    h, w = bgr.shape[:2]
    scale = min(1.0, _DET_MAX_SIDE / max(h, w))
    small = bgr if scale == 1.0 else cv2.resize(bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    quads, _ = eng.text_det(small)
    if quads is None or len(quads) == 0:
        return []
    out: list[Box] = []
    for quad in quads:
        xs, ys = quad[:, 0] / scale, quad[:, 1] / scale
        out.append((int(xs.min()), int(ys.min()), int(np.ceil(xs.max())), int(np.ceil(ys.max()))))
    return out


def _recognise(eng: RapidOCR, crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Each crop recognised on its own at its own width: (text, score) per crop.

    RapidOCR's recogniser pads every crop of a batch to the widest of the batch and to at least 320 px (a
    48 × 320 input), whatever its width: a table cell's piece is about 90 px wide at that height, so two
    thirds of the recognition was padding (its attention layers grow faster than the width, too).  Read at
    its own width (padded to ``_REC_MIN_WIDTH``), one piece per call and the pieces side by side on the
    cores, a page's recognition takes less than half the CPU and the cells read the same
    (eval/reports/ocr_bench.md).  Except a lone symbol: read in a few time steps the engine takes ``/`` for ``!`` or ``1`` and ``≥`` for ``W``; a piece read as one symbol, letter or digit
    (or as nothing) with a score below ``_REC_SURE`` is read again the engine's way (padded to 320 px, as the
    model was trained), which reads it as before.  On the fixture scans no lone character read at 0.99 or
    above (the weights ``5``, ``6``, a ``%``) read otherwise when padded.
    """
    with ThreadPoolExecutor(max_workers=_REC_THREADS) as pool:  # onnxruntime lets go of the GIL while it runs
        out = list(pool.map(lambda crop: _read_own_width(eng, crop), crops))
        lone = [i for i, (text, score) in enumerate(out) if _lone_symbol(text) and score < _REC_SURE]
        # one per call, each padded to 320 px (or its own width, when wider) as in the engine's batches
        again = pool.map(lambda i: eng.text_rec([crops[i]])[0][0], lone)
        for i, (text, score) in zip(lone, again, strict=True):
            out[i] = (str(text), float(score))
    return out


def _read_own_width(eng: RapidOCR, crop: np.ndarray) -> tuple[str, float]:
    """One crop recognised at its own width (scaled to the recogniser's height), padded as the engine pads
    to at least ``_REC_MIN_WIDTH``: (text, score)."""
    rec = eng.text_rec
    h, w = crop.shape[:2]
    width = max(1, int(np.ceil(_REC_HEIGHT * w / max(1, h))))
    resized = cv2.resize(crop, (width, _REC_HEIGHT)).astype(np.float32)
    # the PP-OCR normalisation: pixels to [-1, 1], channels first; the padding is 0 (mid grey), as the engine's
    batch = np.zeros((1, 3, _REC_HEIGHT, max(width, _REC_MIN_WIDTH)), np.float32)
    batch[0, :, :, :width] = resized.transpose(2, 0, 1) / 127.5 - 1.0
    text, score = rec.postprocess_op(rec.session(batch)[0])[0][:2]
    return str(text), float(score)


def _lone_symbol(text: str) -> bool:
    """Nothing, or one character that is not a Chinese character (``/`` ``≥`` ``W`` ``!``, a digit: a ``/``
    read at its own width was once a ``1``)."""
    text = text.strip()
    return len(text) <= 1 and not "\u4e00" <= text <= "\u9fff"


def _upside_down(eng: RapidOCR, bgr: np.ndarray, boxes: list[Box]) -> bool:
    """The direction classifier's vote on the page's widest lines."""
    wide = sorted((b for b in boxes if b[2] - b[0] > 2 * (b[3] - b[1])), key=lambda b: b[0] - b[2])[:20]
    if len(wide) < 3:
        return False
    _, votes, _ = eng.text_cls([_crop(bgr, b) for b in wide])
    flipped = sum(1 for label, score in votes if label == "180" and score > 0.8)
    return flipped > len(wide) * 0.6


def _split(box: Box, tables: list[OcrTable]) -> list[tuple[Box, OcrCell | None]]:
    """A detected line, cut at the borders of the table cells it overlaps (a detector may run a line
    across a rule when two cells' texts nearly touch); outside tables it stays whole."""
    x0, y0, x1, y1 = box
    height = max(1, y1 - y0)
    out: list[tuple[Box, OcrCell | None]] = []
    area = max(1, (x1 - x0) * (y1 - y0))
    covered = 0
    for table in tables:
        for cell in table.cells:
            cx0, cy0, cx1, cy1 = cell.cell.box
            ix0, iy0, ix1, iy1 = max(x0, cx0), max(y0, cy0), min(x1, cx1), min(y1, cy1)
            if ix1 <= ix0 or iy1 <= iy0:
                continue
            covered += (ix1 - ix0) * (iy1 - iy0)
            # a sliver (the box's padding reaching over a rule) is not a piece of text
            if ix1 - ix0 < 0.45 * height or iy1 - iy0 < 0.5 * height:
                continue
            out.append(((ix0, iy0, ix1, iy1), cell))
    if covered < 0.5 * area:
        return [(box, None)]
    return out


def _crop(bgr: np.ndarray, box: Box, *, margin: bool = False) -> np.ndarray:
    """The piece, with a white margin when asked: the recogniser reads a lone symbol better with room
    around it (and a detected line worse: it is padded already)."""
    x0, y0, x1, y1 = box
    h, w = bgr.shape[:2]
    crop = bgr[max(0, y0):min(h, y1), max(0, x0):min(w, x1)]
    if crop.size == 0:
        return np.full((8, 8, 3), 255, np.uint8)
    if not margin:
        return np.ascontiguousarray(crop)
    pad = max(4, (y1 - y0) // 2)
    return cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=(255, 255, 255))


def _ink_box(bw: np.ndarray, box: Box) -> Box | None:
    """The bounding box of the ink inside a cell (its border excluded), or None when it holds (almost) none."""
    x0, y0, x1, y1 = box
    inset = max(3, min(x1 - x0, y1 - y0) // 12)
    inner = bw[y0 + inset:y1 - inset, x0 + inset:x1 - inset]
    if inner.size == 0:
        return None
    inner = cv2.morphologyEx(inner, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # specks and JPEG noise
    ys, xs = np.nonzero(inner)
    if len(xs) < 12:
        return None
    m = 2
    return (int(x0 + inset + xs.min() - m), int(y0 + inset + ys.min() - m),
            int(x0 + inset + xs.max() + m + 1), int(y0 + inset + ys.max() + m + 1))


def _visual_lines(lines: list[TextLine]) -> list[list[TextLine]]:
    """Pieces of one cell grouped into visual lines (top to bottom), each left to right."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        centre = (line.box[1] + line.box[3]) / 2
        if rows:
            last = rows[-1][0].box
            if last[1] <= centre <= last[3]:
                rows[-1].append(line)
                continue
        rows.append([line])
    return [sorted(r, key=lambda ln: ln.box[0]) for r in rows]


def _reading_order(lines: list[TextLine], *, apart: bool = False) -> str:
    """Lines of one cell joined: pieces on one visual line left to right, visual lines top to bottom;
    ``apart``: every piece separated by a space (two figures are not one number)."""
    rows = _visual_lines(lines)
    if apart:
        return " ".join(ln.text for r in rows for ln in r)
    return join_lines([join_lines([ln.text for ln in r]) for r in rows])


# --------------------------------------------------------------------------- figures side by side

_FIGURE = re.compile(r"^[<>≥≤=＜＞≧≦]?[-+−]?[\d０-９][\d０-９,，.．]*\s*(?:[%％‰]|[\u4e00-\u9fff]{1,3})?$")
"""A figure as one piece of a cell: ``97.49``, ``100%``, ``≥800``, ``860人次``."""


def _is_figure(line: TextLine) -> bool:
    return bool(_FIGURE.match(line.text.strip()))


def separate_figures(table: OcrTable) -> None:
    """Never join two figures of one cell into one number (``100`` + ``97.49`` → ``10097.49``).

    In a ruled table a cell's figure is one piece: two figures read as separate pieces side by side on one
    visual line, or stacked in a cell that spans grid rows with each in another row, are two cells whose
    rule the grid missed (a seal over it).  When the cell spans grid columns (rows) and every pair of
    figures sits on either side of a boundary that other rows (columns) of the table rule, the cell is split
    there; otherwise it is marked ``joined``: its pieces are kept apart and the cell is uncertain.  A number
    wrapped inside one grid row is left as it is.
    """
    grid = table.grid
    out: list[OcrCell] = []
    for ocr_cell in table.cells:
        parts = _split_side_by_side(ocr_cell, grid)
        if parts is None:
            parts = _split_stacked(ocr_cell, grid)
        out.extend(parts or [ocr_cell])
    out.sort(key=lambda c: (c.cell.row, c.cell.col))
    table.cells = out


def _split_side_by_side(ocr_cell: OcrCell, grid: Grid) -> list[OcrCell] | None:
    """The cell cut at the column boundaries between figures side by side; [the cell] marked ``joined`` when
    they cannot be cut; None when no visual line holds two figures."""
    row = next((r for r in _visual_lines(ocr_cell.lines) if sum(map(_is_figure, r)) >= 2), None)
    if row is None:
        return None
    cell = ocr_cell.cell
    figures = [ln for ln in row if _is_figure(ln)]
    slack = max(2, (row[0].box[3] - row[0].box[1]) // 4)
    ruled = {c.col for c in grid.cells if c.row_end < cell.row or c.row > cell.row_end}
    cuts = _cuts([(ln.box[0], ln.box[2]) for ln in figures], [(ln.box[0], ln.box[2]) for ln in ocr_cell.lines],
                 grid.xs, range(cell.col + 1, cell.col_end + 1), ruled, slack)
    if cuts is None or cell.row_end != cell.row:
        ocr_cell.joined = True
        return [ocr_cell]
    bounds = [cell.col, *cuts, cell.col_end + 1]
    parts = []
    for c0, c1 in zip(bounds, bounds[1:], strict=False):
        box = (grid.xs[c0], cell.box[1], grid.xs[c1], cell.box[3])
        part = OcrCell(Cell(cell.row, c0, cell.row_end, c1 - 1, box))
        part.lines = [ln for ln in ocr_cell.lines if box[0] <= (ln.box[0] + ln.box[2]) / 2 < box[2]]
        parts.append(part)
    return parts


def _split_stacked(ocr_cell: OcrCell, grid: Grid) -> list[OcrCell] | None:
    """The cell cut at the row boundaries between figures stacked in grid rows a missed rule merged;
    [the cell] marked ``joined`` when they cannot be cut; None when there is nothing to cut."""
    cell = ocr_cell.cell
    if cell.row_end == cell.row:
        return None
    lines = _visual_lines(ocr_cell.lines)
    figures = [r[0] for r in lines if len(r) == 1 and _is_figure(r[0])]

    def grid_row(ln: TextLine) -> int:
        centre = (ln.box[1] + ln.box[3]) / 2
        return next((k for k in range(cell.row, cell.row_end + 1) if centre < grid.ys[k + 1]), cell.row_end)

    if len({grid_row(ln) for ln in figures}) < 2:
        return None  # one figure, or a number wrapped inside one row
    height = min(ln.box[3] - ln.box[1] for ln in figures)
    if all(b.box[1] - a.box[3] < height // 2 for a, b in zip(figures, figures[1:], strict=False)):
        return None  # lines as close as a wrap: one number wrapped in a tall merged cell
    slack = max(2, height // 4)
    ruled = {c.row for c in grid.cells if c.col_end < cell.col or c.col > cell.col_end}
    cuts = _cuts([(ln.box[1], ln.box[3]) for ln in figures], [(ln.box[1], ln.box[3]) for ln in ocr_cell.lines],
                 grid.ys, range(cell.row + 1, cell.row_end + 1), ruled, slack)
    if cuts is None:
        ocr_cell.joined = True
        return [ocr_cell]
    bounds = [cell.row, *cuts, cell.row_end + 1]
    parts = []
    for r0, r1 in zip(bounds, bounds[1:], strict=False):
        box = (cell.box[0], grid.ys[r0], cell.box[2], grid.ys[r1])
        part = OcrCell(Cell(r0, cell.col, r1 - 1, cell.col_end, box))
        part.lines = [ln for ln in ocr_cell.lines if box[1] <= (ln.box[1] + ln.box[3]) / 2 < box[3]]
        parts.append(part)
    return parts


def _cuts(figures: list[tuple[int, int]], pieces: list[tuple[int, int]], edges: list[int], inside: range,
          ruled: set[int], slack: int) -> list[int] | None:
    """Grid boundaries (indices into ``edges``) that put each pair of consecutive figures (extents along one
    axis) on different sides, chosen among the boundaries ``inside`` the cell that other rows or columns rule
    (``ruled``) and that no piece runs across; None when a pair has none."""
    cuts: list[int] = []
    ordered = sorted(figures)
    for first, second in zip(ordered, ordered[1:], strict=False):
        between = [k for k in inside if k in ruled and first[1] <= edges[k] + slack and second[0] >= edges[k] - slack
                   and all(p[1] <= edges[k] + slack or p[0] >= edges[k] - slack for p in pieces)]
        if not between:
            return None
        cuts.append(between[0])
    return sorted(set(cuts))


# --------------------------------------------------------------------------- confidence

_NUMERIC = re.compile(r"^[<>≥≤=＜＞≧≦]?[-+−]?[\d０-９][\d０-９,，.．]*\s*[%％‰]?$")
_DASH_LIKE = {"一", "二", "—", "-", "–", "－", "一一", "——", "--", "_", "＿", "~", "一-", "-一"}
_HAS_DIGIT = re.compile(r"[\d０-９]")


def numeric_columns(rows: list[list[str]]) -> set[int]:
    """Columns most of whose filled cells (header rows aside) are numbers."""
    out = set()
    width = max((len(r) for r in rows), default=0)
    for col in range(width):
        values = [r[col] for r in rows[1:] if col < len(r) and r[col]]
        numbers = sum(1 for v in values if _NUMERIC.match(v))
        if numbers >= 2 and numbers >= 0.5 * len(values):
            out.add(col)
    return out


_SIGNS = {"≥", "≤", "=", "＝", "≧", "≦"}  # what a 指标性质 column holds when read right
_SIGN_LIKE = _SIGNS | {">", "<", "＞", "＜", "二", "一", "-", "—", "~"}
_SIGN_HEADER = re.compile(r"指标性质|符号|方向|比较")


def sign_columns(rows: list[list[str]]) -> set[int]:
    """Columns of comparison signs (指标性质 / 符号: ``≥`` ``≤`` ``=``): a header saying so, or most filled cells
    below the first row a lone sign or one of its misreads (``二`` for ``=``, ``>`` for ``≥``)."""
    out = set()
    width = max((len(r) for r in rows), default=0)
    for col in range(width):
        values = [r[col].strip() for r in rows[1:] if col < len(r) and r[col].strip()]
        signs = sum(1 for v in values if v in _SIGN_LIKE)
        header = any(col < len(r) and _SIGN_HEADER.search(r[col]) for r in rows[:4])
        if signs >= 2 and (signs >= 0.6 * len(values) or header and signs >= 0.3 * len(values)):
            out.add(col)
    return out


_SIGN_MISREADS = _SIGN_LIKE | {"三"}  # what the engine reads for = (二 三), besides any lone letter or symbol


def _may_be_sign(text: str) -> bool:
    """Whether a cell's reading may be a lone sign, read right or misread: nothing, one of the characters
    the engine reads for a sign, or any lone letter or symbol (it reads ≥ as ``>`` ``M`` ``N`` ``W``, ≤ as
    ``K``); a digit, a Chinese character or a word never is.  Only the ink's shape makes it a sign."""
    text = text.strip()
    if not text or text in _SIGN_MISREADS:
        return True
    return len(text) == 1 and not text.isdigit() and not "\u4e00" <= text <= "\u9fff"


def sign_by_shape(bw: np.ndarray) -> str | None:
    """``≥``, ``≤`` or ``=`` when the ink (255 on 0) of a lone symbol has that shape, else None.

    ``=``: two bars one above the other.  ``≥``/``≤``: a chevron above a bar; the chevron points right (≥)
    when the middle of its rows lies right of their top and bottom.  Measured on the fixture degradations
    and the corpus scans: no sign was told wrong; a blurred one is None (left to the engine).
    """
    bw = cv2.morphologyEx(bw, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    ys, xs = np.nonzero(bw)
    if len(xs) < 8:
        return None
    glyph = bw[ys.min():ys.max() + 1, xs.min():xs.max() + 1] > 0
    h, w = glyph.shape
    if w < 5 or h < 5 or h > 2.5 * w or w > 2.5 * h:
        return None
    counts = glyph.sum(axis=1)
    bar = counts >= 0.65 * w  # a row of =, whose bars' ends are thinner
    solid = counts >= 0.8 * w  # a row of the bar of ≥: wider than any row of a (thick, blurred) chevron
    groups: list[tuple[int, int]] = []  # runs of inked rows
    y = 0
    while y < h:
        if counts[y]:
            start = y
            while y < h and counts[y]:
                y += 1
            groups.append((start, y))
        else:
            y += 1
    if len(groups) == 2 and all(bar[a:b].mean() >= 0.5 and b - a <= 0.5 * h for a, b in groups):
        return "="
    barred = np.nonzero(solid)[0]
    if not len(barred):
        return None  # a chevron without its bar: > or <, which the engine reads as well
    last = int(barred[-1])
    start = last
    while start > 0 and solid[start - 1]:
        start -= 1
    if last < h - 3 or start < 0.55 * h or (barred < start).any():
        return None  # the bar is not at the bottom: not ≥/≤
    # the chevron's rows: above the bar and the gap; where blur joins them, the row touching the bar is its
    # edge, not the chevron's
    top_end = start - 1 if start and counts[start - 1] else start
    while top_end > 0 and counts[top_end - 1] == 0:
        top_end -= 1
    centres = np.array([np.nonzero(glyph[y])[0].mean() for y in range(top_end) if counts[y]])
    n = len(centres)
    if n < 4:
        return None
    span = max(1.0, float(centres.max() - centres.min()))
    edge = max(1, n // 5)
    top, bottom = centres[:edge].mean(), centres[-edge:].mean()
    if abs(top - bottom) > 0.35 * span:
        return None  # not symmetric about a vertex
    right, left = int(np.argmax(centres)), int(np.argmin(centres))
    # the arms start at one side and meet at the other, half way down
    if (0.2 * n <= right <= 0.8 * n and centres[right] - max(top, bottom) > 0.25 * w
            and max(top, bottom) < 0.45 * w < 0.55 * w < centres[right]):
        return "≥"
    if (0.2 * n <= left <= 0.8 * n and min(top, bottom) - centres[left] > 0.25 * w
            and centres[left] < 0.45 * w < 0.55 * w < min(top, bottom)):
        return "≤"
    return None


def is_uncertain(text: str, confidence: float | None, *, numeric_column: bool, threshold: float,
                 unread_ink: bool = False, sign_column: bool = False) -> bool:
    """Whether a reviewer must check an OCR'd cell against the page before a flag may rest on it: a number
    or a one- or two-character token read below ``threshold``, a lone dash-like character in a numeric
    column (whatever its confidence), ink nothing could read, and in a column of comparison signs any lone
    character but ``≥``/``≤``/``=`` (the engine reads ``=`` as ``二`` and ``≥`` as ``>``, the direction of a
    target turned by a misread stroke)."""
    if unread_ink and not text:
        return True
    if not text or confidence is None:
        return False
    if sign_column and len(text.strip()) == 1 and text.strip() not in _SIGNS:
        return True
    if numeric_column and text.strip() in _DASH_LIKE:
        return True
    if confidence >= threshold:
        return False
    # a number, or a short token (a ≥ read as "M", a / read as "7") in a value cell
    return bool(_HAS_DIGIT.search(text)) or len(text.strip()) <= 2


# --------------------------------------------------------------------------- blocks


def emit_page(out: Blocks, page: OcrPage, settings: IngestSettings) -> None:
    """Append the page's paragraphs, headings and tables to ``out`` in top-to-bottom order."""
    events: list[tuple[float, int, TextLine | OcrTable]] = [(ln.box[1], 1, ln) for ln in page.lines]
    events += [(t.grid.box[1], 0, t) for t in page.tables]
    events.sort(key=lambda e: (e[0], e[1]))
    # the body size from every line, table cells too: a form page has few lines outside its table
    heights = [ln.box[3] - ln.box[1] for ln in page.lines]
    heights += [ln.box[3] - ln.box[1] for t in page.tables for c in t.cells for ln in c.lines
                if ln.box[2] - ln.box[0] > ln.box[3] - ln.box[1]]
    body = median(heights) if heights else 0
    group: list[TextLine] = []

    def flush() -> None:
        if not group:
            return
        text = join_lines([ln.text for ln in group])
        heading = len(group) == 1 and body and (group[0].box[3] - group[0].box[1]) > 1.3 * body and len(text) <= 40
        out.text(text, kind="heading" if heading else "paragraph", level=1 if heading else None, page=page.number)
        if out.blocks and out.blocks[-1].text == text:
            block = out.blocks[-1]
            block.confidence = min(ln.confidence for ln in group)
            block.bbox = _fraction(_union([ln.box for ln in group]), page)
        group.clear()

    right = max((ln.box[2] for ln in page.lines), default=0)
    for _top, _order, item in _merge_same_line(events):
        if isinstance(item, OcrTable):
            flush()
            _emit_table(out, item, page, settings)
            continue
        if group and _new_paragraph(group[-1], item, right=right, body=body):
            flush()
        group.append(item)
    flush()


def _merge_same_line(events: list[tuple[float, int, TextLine | OcrTable]]) -> list[tuple[float, int, TextLine | OcrTable]]:
    """Detected pieces of one printed line (``填报单位：…`` and ``填报日期：…``) as one line."""
    out: list[tuple[float, int, TextLine | OcrTable]] = []
    for top, order, item in events:
        if isinstance(item, TextLine) and out and isinstance(out[-1][2], TextLine):
            prev = out[-1][2]
            centre = (item.box[1] + item.box[3]) / 2
            if prev.box[1] <= centre <= prev.box[3]:
                left, right_ = (prev, item) if prev.box[0] <= item.box[0] else (item, prev)
                merged = TextLine(left.text + " " + right_.text, min(left.confidence, right_.confidence),
                                  _union([left.box, right_.box]))
                out[-1] = (out[-1][0], order, merged)
                continue
        out.append((top, order, item))
    return out


def _new_paragraph(prev: TextLine, line: TextLine, *, right: int, body: float) -> bool:
    height = max(1, line.box[3] - line.box[1])
    if abs(height - (prev.box[3] - prev.box[1])) > 0.3 * max(body, 1):
        return True
    if line.box[1] - prev.box[3] > 0.8 * height:
        return True
    return prev.box[2] < right - 2 * height  # the previous line ended early: it closed its paragraph


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _fraction(box: Box, page: OcrPage) -> tuple[float, float, float, float]:
    w, h = max(1, page.width), max(1, page.height)
    return (round(box[0] / w, 4), round(box[1] / h, 4), round(box[2] / w, 4), round(box[3] / h, 4))


def _emit_table(out: Blocks, table: OcrTable, page: OcrPage, settings: IngestSettings) -> None:
    grid = table.grid
    rows = [[""] * grid.n_cols for _ in range(grid.n_rows)]
    confidence: list[list[float | None]] = [[None] * grid.n_cols for _ in range(grid.n_rows)]
    unread: set[tuple[int, int]] = set()
    joined: set[tuple[int, int]] = set()  # two figures side by side: a column rule not found
    shapes: list[tuple[int, int, str]] = []  # lone signs told by their shape
    reshaped: set[tuple[int, int]] = set()  # cells whose text is that shape, not what the engine read
    boxes: list[list[tuple[float, float, float, float] | None]] = [[None] * grid.n_cols for _ in range(grid.n_rows)]
    for ocr_cell in table.cells:
        cell = ocr_cell.cell
        rows[cell.row][cell.col] = ocr_cell.text
        confidence[cell.row][cell.col] = ocr_cell.confidence
        boxes[cell.row][cell.col] = _fraction(cell.box, page)
        if ocr_cell.unread_ink and not ocr_cell.lines:
            unread.add((cell.row, cell.col))
        if ocr_cell.joined:
            joined.add((cell.row, cell.col))
        if ocr_cell.shape:
            shapes.append((cell.row, cell.col, ocr_cell.shape))
    if not any(c for r in rows for c in r):
        return  # a drawn frame with nothing in it
    # a sign told by its shape stands in a column of signs (where 二 is a misread =, not a word); the column
    # is told with those signs in place, as the engine leaves many of them unread
    shaped = [list(r) for r in rows]
    for r, c, sign in shapes:
        shaped[r][c] = sign
    signs = sign_columns(shaped)
    for r, c, sign in shapes:
        if c in signs and rows[r][c] != sign:
            rows[r][c] = sign
            reshaped.add((r, c))
    numeric = numeric_columns(rows)
    before = len(out.blocks)
    out.table(rows, page=page.number)
    if len(out.blocks) == before:
        return
    block = out.blocks[-1]
    for i, row in enumerate(block.rows):
        row.confidence = confidence[i]
        row.boxes = boxes[i]
        row.uncertain = [j for j, text in enumerate(row.cells)
                         if (i, j) in joined or (i, j) in reshaped
                         or is_uncertain(text, confidence[i][j], numeric_column=j in numeric,
                                         threshold=settings.ocr_min_confidence,
                                         unread_ink=(i, j) in unread, sign_column=j in signs)]
    block.confidence = min((c for r in confidence for c in r if c is not None), default=None)
    block.bbox = _fraction(grid.box, page)


# --------------------------------------------------------------------------- readers


def _page_warnings(ctx: Context, page: OcrPage) -> None:
    if page.blank:
        ctx.warn(f"第{page.number}页是空白页（未发现墨迹）/ page {page.number} is blank (no ink found)")
    elif not page.has_text:
        ctx.warn(f"第{page.number}页未识别出文字 / page {page.number}: OCR found no text")
    if page.cleanup.quarter_turns:
        ctx.warn(f"第{page.number}页已旋转 {page.cleanup.quarter_turns * 90}° 后识别 / page {page.number} was "
                 f"turned by {page.cleanup.quarter_turns * 90}° before OCR")


def _nothing_read(ctx: Context, pages: list[OcrPage]) -> EmptyDocument:
    if all(p.blank for p in pages):
        what = "空白页" if len(pages) == 1 else f"{len(pages)} 页均为空白页"
        return EmptyDocument(ctx.where, f"扫描件是{what} / the scan is blank")
    numbers = ", ".join(str(p.number) for p in pages[:10])
    return EmptyDocument(ctx.where, f"OCR 未识别出文字（第{numbers}页）/ OCR found no text (page {numbers})")


def read_image(ctx: Context) -> None:
    """Read a PNG, JPEG or TIFF file (every frame of a TIFF a page) into ``ctx.out``."""
    settings = ctx.settings
    pages: list[OcrPage] = []
    frames = open_image_pages(ctx.data, ctx.where, max_pixels=settings.ocr_max_pixels,
                              max_pages=settings.ocr_max_pages)
    frame_count = _frame_count(ctx)
    total = min(frame_count, settings.ocr_max_pages)
    if frame_count > total:
        # a long TIFF (a whole file scanned into one) is read as far as the limit, not refused: the form is
        # usually at the front, and the reviewer is told which pages were left out
        ctx.warn(f"图片共 {frame_count} 页，只识别了前 {total} 页（OCR 页数上限）/ the image has {frame_count} pages; "
                 f"only the first {total} were read (DOCREVIEW_INGEST_OCR_MAX_PAGES)")
    if ctx.progress:
        ctx.progress(0, total, 0.0)
    for frame in frames:
        try:
            page = read_page(frame.image, frame.number)
        except MemoryError:
            raise  # the bounded worker reports it as MemoryLimitExceeded
        except Exception as exc:
            raise DocumentUnreadable(ctx.where, one_line(f"第{frame.number}页 OCR 失败 / page {frame.number}: OCR "
                                                         f"failed ({type(exc).__name__}: {exc})")) from None
        pages.append(page)
        _page_warnings(ctx, page)
        emit_page(ctx.out, page, settings)
        if ctx.progress:
            ctx.progress(len(pages), total, page.seconds)
    ctx.pages = len(pages)
    ctx.ocr_pages = [p.number for p in pages]
    if not ctx.out.blocks:
        raise _nothing_read(ctx, pages)


def _frame_count(ctx: Context) -> int:
    try:
        return int(getattr(Image.open(io.BytesIO(ctx.data)), "n_frames", 1))
    except Exception:
        return 1


def ocr_pdf_pages(ctx: Context, numbers: list[int], *, whole: bool = False) -> dict[int, OcrPage]:
    """OCR the given 1-based pages of the PDF in ``ctx`` (rendered at ``ocr_dpi``); page → result.

    Raises ``FileTooLarge`` when more pages need OCR than ``ocr_max_pages`` allows, and (``whole``: these
    are all the pages of the file) ``EmptyDocument`` when OCR finds no text on any of them.
    """
    settings = ctx.settings
    if len(numbers) > settings.ocr_max_pages:
        raise FileTooLarge(ctx.where, f"{len(numbers)} 页需要 OCR > 上限 {settings.ocr_max_pages} 页 / {len(numbers)} "
                                      f"pages need OCR > the limit of {settings.ocr_max_pages} "
                                      f"(DOCREVIEW_INGEST_OCR_MAX_PAGES)")
    out: dict[int, OcrPage] = {}
    pdf = pdfium.PdfDocument(ctx.data)  # (0, pages) was announced by the caller (pdf.py) before OCR loaded
    try:
        for done, number in enumerate(numbers, 1):
            image = _render(ctx, pdf, number)
            page = read_page(image, number)
            _page_warnings(ctx, page)
            out[number] = page
            if ctx.progress:
                ctx.progress(done, len(numbers), page.seconds)
    finally:
        pdf.close()
    ctx.ocr_pages = sorted(out)
    if whole and not any(p.has_text for p in out.values()):
        raise _nothing_read(ctx, list(out.values()))
    return out


def _render(ctx: Context, pdf: pdfium.PdfDocument, number: int) -> np.ndarray:
    settings = ctx.settings
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        scale = settings.ocr_dpi / 72
        pixels = width * height * scale * scale
        if pixels > settings.ocr_max_pixels:
            # an oversized page (a poster, a drawing) is rendered smaller rather than refused
            scale *= (settings.ocr_max_pixels / pixels) ** 0.5
        if min(width, height) * scale < 32:
            raise EmptyDocument(ctx.where, f"第{number}页太小，容不下文字 / page {number} is too small to hold text")
        bitmap = page.render(scale=scale)
        rgb = np.asarray(bitmap.to_pil().convert("RGB"))
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    finally:
        page.close()


# --------------------------------------------------------------------------- the page as OCR saw it


def page_crop(data: bytes, page: int, box: tuple[float, float, float, float], *, settings: IngestSettings,
              where: str = "", context: float = 0.12) -> bytes:
    """PNG of the part of page ``page`` of a scan (image-only PDF, PNG, JPEG, TIFF) around ``box``, the box
    outlined in red: what a reviewer compares an unsure reading with.

    ``box`` is in fractions of the cleaned upright page (``TableRow.boxes``, ``Span.box``); the page is
    rendered, cleaned and turned upright again exactly as :func:`read_page` did (same DPI, same deterministic
    cleanup, the same direction classifier's vote for a page fed upside down), so the fractions fall on the
    same cell.  ``context`` is the margin kept around it, as a fraction of the page width (left and right) and
    of a third of that (above and below).
    """
    if data[:5] == b"%PDF-":
        pdf = pdfium.PdfDocument(data)
        try:
            ctx = Context(path=Path(where or "scan.pdf"), data=data, settings=settings)
            image = _render(ctx, pdf, page)
        finally:
            pdf.close()
    else:
        frame = next((f for f in open_image_pages(data, where, max_pixels=settings.ocr_max_pixels,
                                                  max_pages=page) if f.number == page), None)
        if frame is None:
            raise EmptyDocument(where, f"没有第{page}页 / there is no page {page}")
        image = frame.image
    gray = _upright_page(data, page, image)
    h, w = gray.shape
    x0, y0, x1, y1 = (int(box[0] * w), int(box[1] * h), int(np.ceil(box[2] * w)), int(np.ceil(box[3] * h)))
    mx, my = int(context * w), int(context * w / 3)
    cx0, cy0, cx1, cy1 = max(0, x0 - mx), max(0, y0 - my), min(w, x1 + mx), min(h, y1 + my)
    crop = cv2.cvtColor(gray[cy0:cy1, cx0:cx1], cv2.COLOR_GRAY2BGR)
    cv2.rectangle(crop, (x0 - cx0, y0 - cy0), (x1 - cx0 - 1, y1 - cy0 - 1), (0, 0, 230), max(2, w // 600))
    ok, png = cv2.imencode(".png", crop)
    if not ok:
        raise DocumentUnreadable(where, f"第{page}页截图失败 / page {page}: the crop could not be encoded")
    return png.tobytes()


_UPRIGHT: OrderedDict[tuple[bytes, int, int], np.ndarray] = OrderedDict()
_UPRIGHT_LOCK = threading.Lock()


def _upright_page(data: bytes, page: int, image: np.ndarray) -> np.ndarray:
    """The page as :func:`read_page` read it: cleaned, and turned by 180° when the direction classifier
    finds it upside down (the box fractions of an OCR'd cell are of that page).  The last few pages are
    kept: a reviewer opens the crops of several unsure cells of one page."""
    key = (hashlib.sha256(data).digest(), page, image.shape[1])
    with _UPRIGHT_LOCK:
        if key in _UPRIGHT:
            _UPRIGHT.move_to_end(key)
            return _UPRIGHT[key]
    gray, _ = clean_page(image)
    if not is_blank(gray):
        eng = engine()
        _grids, bgr, boxes = _detect_page(eng, gray)
        if boxes and _upside_down(eng, bgr, boxes):
            gray = cv2.rotate(gray, cv2.ROTATE_180)
    with _UPRIGHT_LOCK:
        _UPRIGHT[key] = gray
        while len(_UPRIGHT) > 4:
            _UPRIGHT.popitem(last=False)
    return gray
