"""What every format reader shares: the per-file :class:`Context`, the :class:`Blocks` builder (running
block index, document-wide table counter, cell offsets) and text cleanup.

The bottom of the ``ingest`` package: it imports no other ingest module, so every reader can import it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docreview.errors import DocumentTooComplex
from docreview.models import Block, BlockKind, TableRow
from docreview.settings import IngestSettings

CELL_SEP = " | "


class Blocks:
    """Accumulates blocks with a running block index and a document-wide table counter; enforces the
    document-wide caps (characters, tables, cells) as blocks arrive."""

    def __init__(self, where: str = "", settings: IngestSettings | None = None) -> None:
        self.blocks: list[Block] = []
        self.tables = 0
        self.where = where
        self.limits = settings or IngestSettings(isolate=False)
        self.chars = 0
        self.cells = 0

    def _count_chars(self, n: int) -> None:
        self.chars += n
        if self.chars > self.limits.max_chars:
            raise DocumentTooComplex(self.where, f"文字过多：超过 {self.limits.max_chars} 个字符 / too much text: more "
                                          f"than {self.limits.max_chars} characters")

    def text(self, text: str, *, kind: BlockKind = "paragraph", level: int | None = None,
             page: int | None = None, sheet: str | None = None,
             line_boxes: list[tuple[int, float, float, float, float]] | None = None) -> None:
        if "\x00" in text:  # PostgreSQL text cannot hold NUL; gone before any offset is taken
            text, line_boxes = text.replace("\x00", ""), None
        if not text:
            return
        self._count_chars(len(text))
        self.blocks.append(Block(index=len(self.blocks), kind=kind, text=text, page=page, sheet=sheet,
                                 level=level if kind == "heading" else None, line_boxes=line_boxes or []))

    def table(self, rows: list[list[str]], *, page: int | None = None, sheet: str | None = None,
              boxes: list[list[tuple[float, float, float, float] | None]] | None = None) -> None:
        """A table of ``rows`` × cells; ``boxes`` (text PDFs): per row, per cell its box on the page."""
        if boxes is not None and len(boxes) != len(rows):
            boxes = None
        if boxes is not None:
            boxes = [b for r, b in zip(rows, boxes, strict=True) if r]
        rows = [[c.replace("\x00", "") for c in r] for r in rows if r]
        if not rows or not any(c for r in rows for c in r):
            return
        width = max(len(r) for r in rows)
        check_table(self.where, self.limits, len(rows), width)
        if self.tables >= self.limits.max_tables:
            raise DocumentTooComplex(self.where, f"表格过多：超过 {self.limits.max_tables} 个 / too many tables: more than "
                                          f"{self.limits.max_tables}")
        self.cells += len(rows) * width
        if self.cells > self.limits.max_cells:
            raise DocumentTooComplex(self.where, f"表格单元格总数过多：超过 {self.limits.max_cells} 个 / too many table "
                                          f"cells in the document: more than {self.limits.max_cells}")
        parts: list[str] = []
        table_rows: list[TableRow] = []
        pos = 0
        for i, cells in enumerate(rows):
            cells = list(cells) + [""] * (width - len(cells))
            offsets = []
            for j, cell in enumerate(cells):
                if j:
                    pos += len(CELL_SEP)
                offsets.append(pos)
                pos += len(cell)
            row_boxes = None
            if boxes is not None:
                row_boxes = list(boxes[i][:width]) + [None] * (width - len(boxes[i][:width]))
            table_rows.append(TableRow(index=i, cells=cells, offsets=offsets, boxes=row_boxes))
            parts.append(CELL_SEP.join(cells))
            pos += 1  # the "\n" between rows
        self._count_chars(pos)
        self.blocks.append(Block(index=len(self.blocks), kind="table", text="\n".join(parts), page=page,
                                 sheet=sheet, table=self.tables, rows=table_rows))
        self.tables += 1


@dataclass
class Context:
    """One file being read: its bytes, the settings, the blocks and warnings collected so far."""

    path: Path
    data: bytes
    settings: IngestSettings
    out: Blocks = field(default_factory=Blocks)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    text: str | None = None  # the decoded text, when detection found TXT or Markdown
    progress: Callable[[int, int, float], None] | None = None  # OCR: (pages done, pages to OCR, seconds)
    ocr_pages: list[int] = field(default_factory=list)  # the pages read by OCR

    def __post_init__(self) -> None:
        if not self.out.blocks and not self.out.where:
            self.out = Blocks(self.where, self.settings)

    @property
    def where(self) -> str:
        return str(self.path)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def check_table(where: str, limits: IngestSettings, n_rows: int, width: int) -> None:
    """Raise before a table of ``n_rows`` × ``width`` grid cells is built when it passes a cap."""
    if width > limits.max_columns:
        raise DocumentTooComplex(where, f"表格过宽：超过 {limits.max_columns} 列（{width} 列）/ table too wide: more than "
                                 f"{limits.max_columns} columns ({width})")
    if n_rows > limits.max_sheet_rows:
        raise DocumentTooComplex(where, f"表格行数过多：超过 {limits.max_sheet_rows} 行 / too many rows: more than "
                                 f"{limits.max_sheet_rows}")
    if n_rows * width > limits.max_table_cells:
        raise DocumentTooComplex(where, f"表格过大：超过 {limits.max_table_cells} 个单元格 / table too large: more than "
                                 f"{limits.max_table_cells} cells")


def one_line(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _joiner(before: str, after: str) -> str:
    """What goes between two wrapped lines: nothing for CJK, a space between ASCII words."""
    a, b = before[-1], after[0]
    if _ascii_alnum(a) and _ascii_alnum(b):
        return "" if a.isdigit() and b.isdigit() else " "
    if a in ",;:!?)." and b.isascii() and b.isalpha():
        return " "
    return ""


def join_lines(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if not line:
            continue
        out = line if not out else out + _joiner(out, line) + line
    return out


SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CJK_SPACE = re.compile(
    r"(?<=[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]) "
    r"(?=[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef])")


def clean(text: str | None) -> str:
    """Whitespace-normalise one cell or paragraph; line breaks are wraps and are joined away."""
    if not text:
        return ""
    text = _INVISIBLE.sub("", text)
    lines = [SPACES.sub(" ", ln).strip() for ln in re.split(r"\r\n|[\r\n\u2028\u2029\x0b]", text)]
    return join_lines(lines)


def squeeze_cjk(text: str) -> str:
    """Drop single spaces between CJK characters: in PDFs they are layout gaps, not words."""
    return _CJK_SPACE.sub("", text)
