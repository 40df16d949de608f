"""Model builders shared by the tests: quantities, indicators, claims, budget lines and totals, built directly
as the stages exchange them, so rule and matching tests do not depend on extraction."""

from __future__ import annotations

import datetime as dt

from docreview.models import (
    Block,
    BudgetLine,
    Claim,
    Document,
    Indicator,
    Quantity,
    Span,
    StatedTotal,
    TableRow,
)

SIGNS = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
POLICY_FILE = "绩效目标表.docx"
REPORT_FILE = "绩效自评表.xlsx"

def num(value: float, unit: str = "", d: str | None = None, *, text: str | None = None,
        kind: str | None = None) -> Quantity:
    """A number as the normaliser would give it; ``d`` set means the text carried the sign."""
    k = kind or ("percent" if unit == "%" else "number")
    shown = text if text is not None else f"{SIGNS.get(d or '', '')}{value:g}{unit}"
    return Quantity(value=value, unit=unit, direction=d, explicit_direction=d is not None,  # type: ignore[arg-type]
                    kind=k, text=shown)  # type: ignore[arg-type]


def dur(value: float, unit: str = "天", d: str | None = None) -> Quantity:
    return num(value, unit, d, kind="duration")


def day(y: int, m: int, d: int, *, explicit: bool = True) -> Quantity:
    return Quantity(kind="date", date=dt.date(y, m, d), direction="<=" if explicit else None,
                    explicit_direction=explicit, text=f"{y}年{m}月{d}日前" if explicit else f"{y}年{m}月{d}日")


def word(text: str) -> Quantity:
    return Quantity(kind="qualitative", text=text)


_row = iter(range(1, 10_000))


def ind(name: str, target: Quantity | None, *, level1: str | None = "产出指标", level2: str | None = "数量指标",
        weight: float | None = None, source: str = "policy", target_text: str | None = None,
        direction: str | None = None) -> Indicator:
    text = target_text if target_text is not None else (target.text if target is not None else "")
    file = POLICY_FILE if source == "policy" else REPORT_FILE
    return Indicator(id=f"ind-{name}", name=name, level1=level1, level2=level2, target=target, target_text=text,
                     qualitative=target is not None and target.kind == "qualitative",
                     unit=target.unit if target is not None else "", direction=direction,  # type: ignore[arg-type]
                     weight=weight, source=source,  # type: ignore[arg-type]
                     span=Span(file=file, table=0, row=next(_row), quote=f"{name} | {text}"))


def claim(name: str, actual: Quantity | str | None, *, weight: float | None = None,
          self_score: float | None = None, reason: str | None = None, target: Quantity | None = None,
          kind: str = "row", cid: str | None = None, text: str = "", level1: str | None = None,
          level2: str | None = None) -> Claim:
    """A report claim.  A str actual is a cell the normaliser could not read as a quantity (``/``, ``完成``)."""
    actual_q = actual if isinstance(actual, Quantity) else None
    actual_text = actual if isinstance(actual, str) else (actual.text if actual is not None else None)
    row = next(_row)
    span = Span(file=REPORT_FILE, table=1, row=row, quote=text or f"{name} | {actual_text or ''}")
    return Claim(id=cid or f"c-{name}-{row}", kind=kind, name=name, level1=level1, level2=level2,  # type: ignore[arg-type]
                 target=target, target_text=target.text if target is not None else None,
                 actual=actual_q, actual_text=actual_text, weight=weight, self_score=self_score,
                 self_score_text=None if self_score is None else f"{self_score:g}", reason=reason,
                 text=text or f"{name} | {actual_text or ''}", span=span,
                 actual_span=Span(file=REPORT_FILE, table=1, row=row, col=5, start=10, end=14,
                                  quote=actual_text or ""),
                 score_span=Span(file=REPORT_FILE, table=1, row=row, col=7, quote=f"{self_score}"),
                 reason_span=Span(file=REPORT_FILE, table=1, row=row, col=8, quote=reason or ""))


def budget(label: str, *, total: bool = True, initial: float | None = None, adjusted: float | None = None,
           executed: float | None = None, rate: float | None = None, weight: float | None = None,
           self_score: float | None = None, unit: str = "万元", prose: str | None = None) -> BudgetLine:
    """A budget line of the report's table, or (``prose=`` the sentence) one read from a sentence."""
    span = (Span(file="自评报告.docx", block=next(_row), quote=prose) if prose is not None
            else Span(file=REPORT_FILE, table=0, row=next(_row), quote=label))
    return BudgetLine(label=label, is_total=total, initial=initial, adjusted=adjusted, executed=executed,
                      rate_stated=rate, weight=weight, self_score=self_score, unit=unit, span=span)


def total(kind: str, value: float, label: str = "合计", level1: str | None = None) -> StatedTotal:
    return StatedTotal(kind=kind, label=label, value=value, level1=level1,  # type: ignore[arg-type]
                       span=Span(file=REPORT_FILE, table=1, row=next(_row), quote=f"{label} {value:g}"))


# --------------------------------------------------------------------------- documents, as ingest makes them


def table(index: int, rows: list[list[str]], *, table: int = 0) -> Block:
    """A table block as ingest makes it: rows joined by '\\n', cells by ' | ', offsets per cell."""
    lines, models, pos = [], [], 0
    for i, cells in enumerate(rows):
        offsets = []
        for j, cell in enumerate(cells):
            offsets.append(pos)
            pos += len(cell) + (3 if j < len(cells) - 1 else 0)
        pos += 1
        lines.append(" | ".join(cells))
        models.append(TableRow(index=i, cells=cells, offsets=offsets))
    return Block(index=index, kind="table", text="\n".join(lines), table=table, rows=models)


def para(index: int, text: str) -> Block:
    return Block(index=index, kind="paragraph", text=text)


def doc(*blocks: Block, name: str = "report.docx") -> Document:
    return Document(path=f"/tmp/{name}", name=name, format="docx", sha256="0" * 64, blocks=list(blocks))


def claim_named(claims: list[Claim], name: str) -> Claim:
    """The first claim of ``name`` (the test fails, listing the names there are, when there is none)."""
    found = [c for c in claims if c.name == name]
    assert found, f"no claim {name!r} among {[c.name for c in claims]}"
    return found[0]


def quote_of(document: Document, span: Span | None) -> str:
    """The quoted text of ``span``, checked against the block it points into."""
    assert span is not None
    block = document.blocks[span.block or 0]
    assert block.text[span.start:span.end] == span.quote
    return span.quote
