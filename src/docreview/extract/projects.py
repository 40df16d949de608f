"""Which project each block of a report belongs to, when one report covers several (a 部门/乡镇 report with
headings such as ``（一）农村公路建设项目`` or one 自评表 per project with its own ``项目名称`` row).

Claims and indicators carry their project so that the same indicator name in two projects is never
compared as one quantity.  A document that names fewer than two projects has no projects: everything in it
belongs to the one review."""

from __future__ import annotations

import re

from docreview.models import Block, Document
from docreview.normalize import to_halfwidth

__all__ = ["block_projects"]

# （一）XX项目 / 一、XX项目 / 1.XX项目 / 项目一：XX项目 — a heading that names one project
_HEADING = re.compile(
    r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]|项目[一二三四五六七八九十\d]{1,3}[:：、]?)\s*"
    r"(?P<name>[^\s，。；：:,]{2,40}?(?:项目|工程|专项|资金))(?:[^，。；]{0,12})?$")
_NAME_ROW = re.compile(r"^项目名称$")


def _heading_project(text: str) -> str | None:
    t = to_halfwidth(text).strip()
    if len(t) > 50:
        return None
    m = _HEADING.match(t)
    return m.group("name").strip() if m else None


def _table_project(block: Block) -> str | None:
    for row in block.rows[:4]:  # the 项目名称 | XX项目 row of a form's basic information
        cells = [c.strip() for c in row.cells]
        for i, cell in enumerate(cells[:-1]):
            if _NAME_ROW.match(re.sub(r"\s+", "", cell)):
                name = next((c for c in cells[i + 1:] if c and c != cell), "")
                return re.sub(r"\s+", "", name) or None
    return None


def block_projects(doc: Document) -> dict[int, str | None]:
    """Block index → project name, for documents that name at least two projects; otherwise all None."""
    current: str | None = None
    out: dict[int, str | None] = {}
    names: list[str] = []
    for block in doc.blocks:
        found = _table_project(block) if block.kind == "table" else _heading_project(block.text)
        if found:
            current = found
            if found not in names:
                names.append(found)
        out[block.index] = current
    if len(names) < 2:
        return {b.index: None for b in doc.blocks}
    return out
