"""The grounding check: every number and quoted span of a model's text must appear in its evidence.

A model explanation (or advisory comment) that cites a number or a quote the material does not hold is
rejected, and the rule explanation stands.  Numbers are compared by value in Arabic and Chinese notation;
Chinese numerals are read by ``docreview.normalize.parse_number``, the one numeral grammar.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from docreview.explain.material import _ENUM_PREFIX, _clip
from docreview.normalize import parse_number

# Chinese numerals are read by normalize.parse_number (the one grammar); these are the characters a run
# of them may hold.
_CN_DIGIT_CHARS = "零〇一壹幺二贰貳两兩三叁參四肆五伍六陆陸七柒八捌九玖"
_CN_CHARS = _CN_DIGIT_CHARS + "十拾百佰千仟万萬亿億点"
_CN_BIG_CHARS = "万萬亿億"
_CN_RUN = re.compile(f"[{_CN_CHARS}]+")
_CN_PERCENT = re.compile(f"百分之([{_CN_CHARS}]+)")
_ARABIC = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(千万|百万|万|亿|千)?\s*(%|‰|个百分点)?")
_QUOTE_PAIRS = [("「", "」"), ("『", "』"), ("“", "”"), ("《", "》"), ("‘", "’"), ('"', '"')]
_QUOTE_RE = re.compile("|".join(f"{re.escape(a)}([^{re.escape(b)}\n]+?){re.escape(b)}" for a, b in _QUOTE_PAIRS))
_MULT = {"千": 1e3, "万": 1e4, "百万": 1e6, "千万": 1e7, "亿": 1e8}
_VAGUE_BEFORE = set("几数")
_IDIOMS = {"一一", "万一", "千万", "一二", "三四", "四五", "五六", "七八", "八九", "十之八九"}


def _cn_value(run: str) -> float | None:
    """The value of a run of Chinese numeral characters, or None when it is not a well-formed numeral."""
    run = run.strip("点")
    return parse_number(run) if run else None


@dataclass(frozen=True)
class _Num:
    text: str
    written: float  # the numeral as written (1.2 in 1.2亿, 87.5 in 87.5%)
    decimals: int
    values: frozenset[float]  # every reading: as written, scaled by 万/亿, percent as a fraction
    percent: bool


def _readings(written: float, mult: float, pct: str | None) -> frozenset[float]:
    vals = {written, written * mult}
    if pct == "%" or pct == "百分之":
        vals.add(written / 100)
    elif pct == "‰":
        vals.add(written / 1000)
    return frozenset(round(v, 9) for v in vals)


def _numbers(text: str, *, strict: bool) -> list[_Num]:
    """Numbers in ``text``.  ``strict`` (model output) skips lone Chinese digits (一级, 两个) and idioms."""
    text = unicodedata.normalize("NFKC", text)
    found: list[_Num] = []
    masked = list(text)

    def mask(a: int, b: int) -> None:
        for k in range(a, b):
            masked[k] = " "

    for m in _CN_PERCENT.finditer(text):
        v = _cn_value(m.group(1))
        if v is not None:
            frac = m.group(1).partition("点")[2]
            found.append(_Num(m.group(0), v, len(frac), _readings(v, 1, "百分之"), True))
        mask(m.start(), m.end())
    for m in _ARABIC.finditer("".join(masked)):
        whole, frac, mult, pct = m.group(1), m.group(2) or "", m.group(3), m.group(4)
        written = float(whole.replace(",", "") + frac)
        found.append(_Num(m.group(0).strip(), written, max(0, len(frac) - 1),
                          _readings(written, _MULT.get(mult or "", 1), pct), pct in ("%", "‰")))
        mask(m.start(), m.end())
    scrubbed = "".join(masked)
    for m in _CN_RUN.finditer(scrubbed):
        run = m.group(0)
        if strict:
            if len(run.strip("点")) < 2 or run in _IDIOMS:
                continue
            if m.start() > 0 and scrubbed[m.start() - 1] in _VAGUE_BEFORE:
                continue
            if all(ch in _CN_DIGIT_CHARS for ch in run) and not any(ch in "零〇" for ch in run) and len(run) < 4:
                continue  # 一二、三四: "one or two", not a numeral
        v = _cn_value(run)
        if v is None:
            continue
        head = _cn_value(run[:-1]) if len(run) > 1 and run[-1] in _CN_BIG_CHARS else None
        if head is not None:  # 十二万: both 12 (万) and 120000 are readings
            found.append(_Num(run, head, 0, frozenset({round(head, 9), round(v, 9)}), False))
        else:
            frac = run.partition("点")[2]
            found.append(_Num(run, v, len(frac), _readings(v, 1, None), False))
    return found


def _quoted(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _QUOTE_RE.finditer(text)]


def _norm_text(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


class GroundingResult(BaseModel):
    """Whether every number and quoted span of an explanation appears in its evidence."""

    ok: bool
    numbers_checked: int = 0
    quotes_checked: int = 0
    ungrounded_numbers: list[str] = []
    ungrounded_quotes: list[str] = []

    @property
    def reason(self) -> str:
        parts = []
        if self.ungrounded_numbers:
            parts.append("数字" + "、".join(f"「{x}」" for x in self.ungrounded_numbers) + "未出现在证据中")
        if self.ungrounded_quotes:
            parts.append("引文" + "、".join(f"「{_clip(x, 40)}」" for x in self.ungrounded_quotes) + "未出现在证据中")
        return "；".join(parts) + " / not found in the evidence" if parts else ""


def _number_grounded(n: _Num, evidence: list[_Num]) -> bool:
    for e in evidence:
        if n.values & e.values:
            return True
        # the model may round: 89.67 in the evidence supports 89.7 and 90
        for ev in e.values:
            candidates = [ev, ev * 100] if n.percent else [ev]
            if any(abs(round(c, n.decimals) - n.written) < 1e-9 for c in candidates):
                return True
    return False


def check_grounding(texts: Sequence[str], evidence_texts: Sequence[str]) -> GroundingResult:
    """Check that every number and every quoted span in ``texts`` appears in ``evidence_texts``.

    Numbers: Arabic (``87.5%``, ``1,200``, ``1.2亿``) and Chinese (``百分之八十七点五``, ``三万四千五百``)
    are compared by value, so ``87.5%`` = ``百分之八十七点五`` = ``0.875`` and ``1.2亿元`` = ``12000万元``;
    a number that is the evidence's number rounded to the precision written (``89.7`` for ``89.67``)
    counts as grounded.  Lone Chinese digits (一级, 两个) and vague counts (几十, 数万) are not numbers.

    Quotes: text inside 「」 『』 “” ‘’ "" and 《》 must occur in the evidence after width/space
    normalisation; a quote abridged with …/... must have each part in the evidence.
    """
    evidence_blob = "\n".join(evidence_texts)
    ev_nums = _numbers(evidence_blob, strict=False)
    ev_text = _norm_text(evidence_blob)
    bad_numbers: list[str] = []
    bad_quotes: list[str] = []
    n_numbers = n_quotes = 0
    for text in texts:
        text = _ENUM_PREFIX.sub("", text)
        for n in _numbers(text, strict=True):
            n_numbers += 1
            if not _number_grounded(n, ev_nums) and n.text not in bad_numbers:
                bad_numbers.append(n.text)
        for q in _quoted(text):
            parts = [p for p in re.split(r"…+|\.{3,}|⋯+", q) if _norm_text(p)]
            if not parts:
                continue
            n_quotes += 1
            if not all(_norm_text(p) in ev_text for p in parts) and q not in bad_quotes:
                bad_quotes.append(q)
    return GroundingResult(ok=not bad_numbers and not bad_quotes, numbers_checked=n_numbers,
                           quotes_checked=n_quotes, ungrounded_numbers=bad_numbers, ungrounded_quotes=bad_quotes)
