"""Small helpers for writing corpus cases as reviewable text.

A case module builds its documents from :mod:`docreview.docgen` blocks.  Tables are written as text, one
row per line and cells separated by ``|``, so a reviewer can read them like the printed form:

``^^`` in a cell means "merged with the cell above", ``<<`` "merged with the cell to the left"; the
anchor cell (top-left) holds the text.  A rectangle is an anchor followed by ``<<`` cells on its row and
rows of ``^^`` below it.  A row ending in ``|`` has an empty last cell.  ``↵`` inside a cell is a line break
within the cell, as published forms have them (``年初指↵标值``, ``300公↵里``).  Blank lines and lines starting with ``#`` are skipped.
"""

from __future__ import annotations

from docreview.docgen import DocSpec, Heading, PageBreak, Para, Sheet, Table

__all__ = ["DocSpec", "H", "P", "PB", "SHEET", "T", "Heading", "Para", "Table", "PageBreak", "Sheet"]

UP = "^^"
LEFT = "<<"
NEWLINE = "↵"


def H(text: str, level: int = 1) -> Heading:  # noqa: N802 - short names keep the case text readable
    return Heading(text, level)


def P(text: str) -> Para:  # noqa: N802
    return Para(text)


def PB() -> PageBreak:  # noqa: N802
    return PageBreak()


def SHEET(name: str) -> Sheet:  # noqa: N802
    return Sheet(name)


def T(text: str, *, widths: list[float] | None = None, header_rows: int = 1) -> Table:  # noqa: N802
    """A table from ``|``-separated rows with ``^^``/``<<`` merge markers (see the module docstring)."""
    rows = [[c.strip() for c in line.split("|")]
            for line in text.strip("\n").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    ncols = max(len(r) for r in rows)
    for i, r in enumerate(rows):
        if len(r) != ncols:
            raise ValueError(f"table row {i} has {len(r)} cells, expected {ncols}: {r}")
    merges: list[tuple[int, int, int, int]] = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell in (UP, LEFT):
                continue
            w = 1
            while c + w < ncols and rows[r][c + w] == LEFT:
                w += 1
            h = 1
            while r + h < len(rows) and all(rows[r + h][c + k] == UP for k in range(w)):
                h += 1
            if w > 1 or h > 1:
                merges.append((r, c, r + h - 1, c + w - 1))
                covered |= {(i, j) for i in range(r, r + h) for j in range(c, c + w)} - {(r, c)}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell in (UP, LEFT) and (r, c) not in covered:
                raise ValueError(f"merge marker {cell!r} at row {r}, column {c} has no anchor")
    clean = [["" if cell in (UP, LEFT) else cell.replace(NEWLINE, "\n") for cell in row] for row in rows]
    return Table(rows=clean, merges=merges, col_widths=widths, header_rows=header_rows)
