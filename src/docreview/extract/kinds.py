"""What a document says it is, from its title (the first lines): a self-evaluation (自评表/自评报告/评价报告),
a target document (绩效目标表/申报表/目标设定公示), a monitoring report (运行监控), or nothing said.

A hint, not a verdict: the reading summary uses it so that a self-evaluation report whose actuals could not
be found is never taken for a target document (domain.md §7.1 kinds; the document-kind issue builds the full
detection with headers and periods on top of it)."""

from __future__ import annotations

import re
from typing import Literal

from docreview.models import Document

__all__ = ["TitleKind", "title_kind"]

TitleKind = Literal["self_eval", "evaluation", "target", "monitor"]

_TITLE_LINES = 4
_RULES: tuple[tuple[TitleKind, re.Pattern[str]], ...] = (
    ("monitor", re.compile(r"运行监控|绩效监控|监控情况")),
    ("self_eval", re.compile(r"自评|自我评价")),
    ("evaluation", re.compile(r"绩效评价报告|评价报告|评价结果|第三方评价|重点评价")),
    ("target", re.compile(r"绩效目标(?:表|申报|设定|审核|公示)|目标申报表|目标表")),
)


def title_kind(doc: Document) -> TitleKind | None:
    """The kind the document's first lines name, or None."""
    for block in doc.blocks[:_TITLE_LINES]:
        text = block.text if block.kind != "table" else " ".join(block.rows[0].cells) if block.rows else ""
        for kind, pattern in _RULES:
            if pattern.search(text[:120]):
                return kind
    return None
