"""Ruled tables on a page image: ruling lines → grid → cells, merged cells resolved.

Works on a cleaned, level page (:func:`.images.clean_page`).  Ruling lines are the ink that survives a
morphological opening with a long thin kernel; the y of every horizontal segment and the x of every
vertical one, clustered, are the grid's row and column boundaries.  A boundary between two neighbouring
grid cells that has no ruling drawn on it is a merge; merged grid cells form one :class:`Cell` whose
text belongs to the top-left grid position (as every other reader of :mod:`docreview.ingest` does).

A rule broken by a seal over it (or a scanner's dropout) is still a rule: a vertical segment that spans a
whole row is one even when its end is hidden, and a boundary that holds fragments of a line is ruled where
the same rule is whole further along it (:func:`_broken_rule`); only a boundary with no ink on it is a merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

Box = tuple[int, int, int, int]
"""x0, y0, x1, y1 in pixels of the cleaned page."""


@dataclass
class Cell:
    row: int
    col: int
    row_end: int  # inclusive
    col_end: int  # inclusive
    box: Box


@dataclass
class Grid:
    """One ruled table: its boundaries and its cells (merged cells once, at their top-left position)."""

    box: Box
    ys: list[int]
    xs: list[int]
    cells: list[Cell] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def cell_at(self, x: float, y: float) -> Cell | None:
        for cell in self.cells:
            x0, y0, x1, y1 = cell.box
            if x0 <= x < x1 and y0 <= y < y1:
                return cell
        return None


def ruling_masks(bw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling lines of a binary ink mask."""
    h, w = bw.shape
    horizontal = cv2.morphologyEx(bw, cv2.MORPH_OPEN, np.ones((1, max(25, w // 30)), np.uint8))
    # vertical rules of one row are as short as a row is high; a CJK stroke is shorter than a row with
    # its padding, and the segments are checked against the horizontal rules in _grid.  The scale is the
    # page's long side: a landscape page or a crop of a form has its rows and characters as tall as a
    # portrait page's, not shorter
    vertical = cv2.morphologyEx(bw, cv2.MORPH_OPEN, np.ones((max(15, max(h, w) // 90), 1), np.uint8))
    # a short gap in a scanned rule (dropout, JPEG) must not cut it in two; closed after the opening so
    # that characters are never joined into a bar
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, np.ones((1, 9), np.uint8))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, np.ones((9, 1), np.uint8))
    return horizontal, vertical


def _cluster(values: list[float], tolerance: float) -> list[int]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [int(round(float(np.mean(group)))) for group in out]


def _segments(mask: np.ndarray, *, horizontal: bool) -> list[tuple[int, int, int, int]]:
    """Connected line segments as (x0, y0, x1, y1)."""
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if (horizontal and w >= 3 * h) or (not horizontal and h >= 3 * w):
            out.append((x, y, x + w, y + h))
    return out


def find_tables(bw: np.ndarray) -> tuple[list[Grid], np.ndarray]:
    """The ruled tables of a page (top to bottom) and the mask of their rules (to be whitened before text
    detection; ink outside the tables is never in it)."""
    h, w = bw.shape
    horizontal, vertical = ruling_masks(bw)
    joined = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((5, 5), np.uint8))
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    grids: list[Grid] = []
    rules = np.zeros_like(bw)
    tol = max(4, min(h, w) // 250)
    for i in range(1, n):
        x, y, bw_, bh, _ = (int(v) for v in stats[i])
        if bw_ < w * 0.15 or bh < tol * 4:
            continue
        region = (x, y, x + bw_, y + bh)
        grid = _grid(region, horizontal, vertical, tol)
        if grid is not None:
            grids.append(grid)
            gx0, gy0, gx1, gy1 = grid.box
            pad = tol + 2
            window = (slice(max(0, gy0 - pad), gy1 + pad + 1), slice(max(0, gx0 - pad), gx1 + pad + 1))
            origin = (window[1].start, window[0].start)
            rules[window] |= _on_lines(horizontal[window], [y - origin[1] for y in grid.ys], axis=0, tol=pad)
            rules[window] |= _on_lines(vertical[window], [x - origin[0] for x in grid.xs], axis=1, tol=pad)
    grids.sort(key=lambda g: g.box[1])
    return grids, rules


def _on_lines(mask: np.ndarray, positions: list[int], *, axis: int, tol: int) -> np.ndarray:
    """The parts of a ruling mask that lie on the grid's lines (``axis`` 0: rows at y ``positions``, 1:
    columns at x): the rules and their fragments, never a character's long stroke inside a cell."""
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = [i for i in range(1, n) if _near(float(centroids[i][1 - axis]), positions, tol)]
    if not keep:
        return np.zeros_like(mask)
    return np.where(np.isin(labels, keep), mask, 0).astype(mask.dtype)


def _inside(seg: tuple[int, int, int, int], box: Box) -> bool:
    x0, y0, x1, y1 = box
    return seg[0] >= x0 - 2 and seg[2] <= x1 + 2 and seg[1] >= y0 - 2 and seg[3] <= y1 + 2


def _grid(region: Box, horizontal: np.ndarray, vertical: np.ndarray, tol: int) -> Grid | None:
    x0, y0, x1, y1 = region
    hsegs = [s for s in _segments(horizontal[y0:y1, x0:x1], horizontal=True)]
    hsegs = [(a + x0, b + y0, c + x0, d + y0) for a, b, c, d in hsegs]
    ys = _cluster([(s[1] + s[3]) / 2 for s in hsegs], tol)
    if len(ys) < 2:
        return None
    vsegs = [(a + x0, b + y0, c + x0, d + y0) for a, b, c, d in _segments(vertical[y0:y1, x0:x1], horizontal=False)]
    # a vertical segment is a rule only where it runs from one horizontal rule to another (a tall stroke
    # of a character does not): both its ends on horizontal rules, or — a rule whose end is hidden (a seal
    # over the table's last rows, a dropout) — across at least one whole row
    vsegs = [s for s in vsegs if _near(s[1], ys, tol * 2) and _near(s[3], ys, tol * 2)
             or _rows_crossed(s, ys, tol * 2) >= 2]
    xs = _cluster([(s[0] + s[2]) / 2 for s in vsegs], tol)
    if len(xs) < 2:
        return None
    grid = Grid(box=(xs[0], ys[0], xs[-1], ys[-1]), ys=ys, xs=xs)
    grid.cells = _cells(grid, horizontal, vertical, tol)
    if grid.n_rows < 1 or grid.n_cols < 2:
        return None
    return grid


def _near(v: float, positions: list[int], tol: float) -> bool:
    return any(abs(v - p) <= tol for p in positions)


def _rows_crossed(seg: tuple[int, int, int, int], ys: list[int], tol: float) -> int:
    """How many horizontal rules a vertical segment reaches or crosses."""
    return sum(1 for y in ys if seg[1] - tol <= y <= seg[3] + tol)


RULED = 0.6
"""Share of a boundary's length that must be inked for a rule to be drawn there."""
FRAGMENTS = 0.2
"""Share that marks a rule broken (a seal over it, a dropout) rather than absent: a merged cell has no ink
along the boundary at all."""


def _coverage(mask: np.ndarray, *, x: tuple[int, int], y: tuple[int, int]) -> float:
    """The share of the band x × y of ``mask`` along which ink is drawn (rows of a vertical band, columns of
    a horizontal one)."""
    band = mask[max(0, y[0]):y[1], max(0, x[0]):x[1]]
    if band.size == 0:
        return 0.0
    if y[1] - y[0] > x[1] - x[0]:  # a vertical band: the share of its rows that hold ink
        return np.count_nonzero(band.max(axis=1)) / band.shape[0]
    return np.count_nonzero(band.max(axis=0)) / band.shape[1]


def _broken_rule(cover: list[float]) -> list[int]:
    """Where a boundary between two columns (two rows) has no rule, from the share of each row's (column's)
    stretch of it that is inked.

    A stretch that is inked is ruled.  A stretch holding only fragments of a line is ruled too when the rule
    is whole in a stretch before or after it, across a run of such broken stretches: a rule that continues
    on both sides of a seal continues under it (the stamp and its removal leave pieces of it), while a merged
    cell has no ink along the boundary at all.
    """
    ruled = [c >= RULED for c in cover]
    out = []
    for i, share in enumerate(cover):
        if ruled[i]:
            continue
        if share >= FRAGMENTS:
            # walk over the neighbouring stretches that hold fragments too, to one where the rule is whole
            before = i - 1
            while before >= 0 and not ruled[before] and cover[before] >= FRAGMENTS:
                before -= 1
            after = i + 1
            while after < len(cover) and not ruled[after] and cover[after] >= FRAGMENTS:
                after += 1
            if (before >= 0 and ruled[before]) or (after < len(cover) and ruled[after]):
                continue
        out.append(i)
    return out


def _cells(grid: Grid, horizontal: np.ndarray, vertical: np.ndarray, tol: int) -> list[Cell]:
    rows, cols = grid.n_rows, grid.n_cols
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    pad = tol + 2
    for c in range(cols - 1):
        x = grid.xs[c + 1]
        cover = []
        for r in range(rows):
            ya, yb = grid.ys[r], grid.ys[r + 1]
            inset = max(1, (yb - ya) // 5)
            cover.append(_coverage(vertical, x=(x - pad, x + pad + 1), y=(ya + inset, yb - inset)))
        for r in _broken_rule(cover):
            union(r * cols + c, r * cols + c + 1)
    for r in range(rows - 1):
        y = grid.ys[r + 1]
        cover = []
        for c in range(cols):
            xa, xb = grid.xs[c], grid.xs[c + 1]
            inset = max(1, (xb - xa) // 5)
            cover.append(_coverage(horizontal, x=(xa + inset, xb - inset), y=(y - pad, y + pad + 1)))
        for c in _broken_rule(cover):
            union(r * cols + c, (r + 1) * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(find(r * cols + c), []).append((r, c))
    cells = []
    for members in groups.values():
        r0, r1 = min(m[0] for m in members), max(m[0] for m in members)
        c0, c1 = min(m[1] for m in members), max(m[1] for m in members)
        cells.append(Cell(r0, c0, r1, c1, (grid.xs[c0], grid.ys[r0], grid.xs[c1 + 1], grid.ys[r1 + 1])))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return cells
