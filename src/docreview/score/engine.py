"""What every scoring rule shares: the inputs, the value readers, ``flag()`` and the per-indicator rows.

An :class:`Engine` holds one review's inputs and profile and the flags raised so far.  The rule families
(``weights``, ``indicators``, ``budget``, ``totals``) are plain functions over it; they read values only
through its readers, so that "empty", "same value" or "the direction of a target" mean one thing everywhere.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from docreview import normalize
from docreview.models import (
    BudgetLine,
    Claim,
    Direction,
    Evidence,
    Flag,
    FlagType,
    Indicator,
    IndicatorResult,
    Match,
    Quantity,
    RuleValue,
    ScoringInput,
    Severity,
    Span,
)
from docreview.score.profile import Profile

# --------------------------------------------------------------------------- small helpers

ARABIC = re.compile(r"[0-9０-９]")


num = normalize.format_number


def pct(ratio: float) -> str:
    return normalize.format_percent(ratio, decimals=1, trim=False)


def has_number(text: str) -> bool:
    """Whether ``text`` states a figure (``95%``, ``三百人``) — not merely a numeral word (``进一步``)."""
    return bool(ARABIC.search(text)) or bool(normalize.find_quantities(text))


def decimals(x: float) -> int:
    s = f"{abs(x):.6f}".rstrip("0")
    return len(s.split(".")[1]) if "." in s else 0


def _flag_id(ftype: str, indicator: str | None, key: str) -> str:
    return hashlib.sha1(f"{ftype}|{indicator or ''}|{key}".encode()).hexdigest()[:16]


def text_of(q: Quantity | None, text: str | None) -> str:
    if text and text.strip():
        return text.strip()
    return q.text.strip() if q is not None else ""


def has_any(words: Iterable[str], text: str) -> bool:
    return any(w and w in text for w in words)


def clean(text: str) -> str:
    return re.sub(r"[\s。．.，,；;：:！!、]", "", text or "")


def span_evidence(side: Literal["policy", "report"], span: Span | None) -> list[Evidence]:
    return [] if span is None else [Evidence.from_span(side, span)]


def _dedupe_evidence(items: Sequence[Evidence]) -> list[Evidence]:
    out: list[Evidence] = []
    seen: set[tuple[Any, ...]] = set()
    for e in items:
        key = (e.file, e.page, e.sheet, e.row, e.start, e.end, e.quote)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def in_table(line: BudgetLine) -> bool:
    return line.span.table is not None or line.span.row is not None


def denominator(line: BudgetLine) -> float | None:
    """The budget an execution rate divides by: the adjusted budget, else the initial one."""
    return line.adjusted if line.adjusted is not None else line.initial


# --------------------------------------------------------------------------- per-indicator working state


@dataclass
class Row:
    ind: Indicator
    match: Match | None
    matched: Claim | None
    group: list[Claim]  # matched claim first, then other claims of the same name
    actual_claim: Claim | None
    score_claim: Claim | None
    related: list[Claim] = field(default_factory=list)  # prose whose name contains / is contained in ours
    level1_group: str | None = None
    weight: float = 0.0
    weight_source: str = "profile"
    not_applicable: str | None = None  # the cell that says so (不适用, 不涉及)
    # weight ÷ the form's weight once not-applicable rows are dropped and the others rescaled; self scores are
    # on the form's scale, so they are compared with rule scores ÷ scale
    scale: float = 1.0
    result: IndicatorResult | None = None

    @property
    def self_score(self) -> float | None:
        return self.score_claim.self_score if self.score_claim is not None else None

    @property
    def form_weight(self) -> float | None:
        if self.matched is not None and self.matched.weight is not None:
            return self.matched.weight
        return self.ind.weight


class Engine:
    """One review's inputs and profile, the flags raised so far, and the readers the rules share."""

    def __init__(self, inp: ScoringInput, profile: Profile) -> None:
        self.inp = inp
        self.profile = profile
        self.words = profile.words
        self.direction_words = profile.words.direction_words()
        self.claims = {c.id: c for c in inp.claims}
        self.matches = {m.indicator_id: m for m in inp.matches}
        self.flags: list[Flag] = []
        self._flag_ids: set[str] = set()
        self.levels: dict[str, tuple[str | None, str | None]] = {}  # claim id → 一级/二级 of its indicator
        self.incomplete: list[str] = []  # signs that a table was not read whole (weights short, groups missing)

    # ------------------------------------------------------------------ flags

    def flag(self, ftype: FlagType, indicator: str | None, severity: Severity, message: str, *, key: str = "",
             inputs: dict[str, RuleValue] | None = None, evidence: Sequence[Evidence] = (),
             searched: Sequence[Any] = ()) -> None:
        """Raise a flag once: ``key`` names the sub-check (``budget.rate_stated|…``); a second flag of the
        same type, indicator and key is dropped.  The flag's id is derived from the three."""
        fid = _flag_id(ftype, indicator, key)
        if fid in self._flag_ids:
            return
        self._flag_ids.add(fid)
        unsure = [e for e in evidence if e.uncertain]
        if unsure:
            # a value OCR read unsurely is never a confident accusation: at most medium, and said so first
            e = unsure[0]
            conf = f"，置信度{e.confidence:.2f}" if e.confidence is not None else ""
            message = f"OCR 待核实（{e.where()}读作「{e.quote}」{conf}，请对照原件）：{message}"
            severity = "medium" if severity == "high" else severity
            inputs = {**(inputs or {}), "ocr_uncertain": True}
        self.flags.append(Flag(id=fid, type=ftype, indicator=indicator, severity=severity, message=message,
                               inputs={k: v for k, v in (inputs or {}).items()},
                               evidence=_dedupe_evidence(evidence), searched=list(searched)))

    def policy_ev(self, ind: Indicator) -> list[Evidence]:
        return span_evidence("policy" if ind.source == "policy" else "report", ind.span)

    def report_ev(self, claim: Claim | None, part: str = "") -> list[Evidence]:
        if claim is None:
            return []
        spans = {"actual": claim.actual_span, "target": claim.target_span, "score": claim.score_span,
                 "reason": claim.reason_span}
        span = spans.get(part)
        if span is None:
            # the whole row: unsure when any of its figures was read unsurely (OCR)
            unsure = next((s for s in spans.values() if s is not None and s.uncertain), None)
            span = claim.span if unsure is None else claim.span.model_copy(
                update={"uncertain": True, "confidence": unsure.confidence, "quote": claim.span.quote})
        return span_evidence("report", span)

    # ------------------------------------------------------------------ words and values

    def is_empty_text(self, text: str | None) -> bool:
        t = (text or "").strip()
        return not t or t in self.words.empty or normalize.is_empty_value(t)

    def is_placeholder(self, text: str) -> bool:
        """``*``, ``XX%``, ``≥_个``: a target slot left as the template's placeholder."""
        t = clean(text)
        for marker in self.words.direction_markers:
            t = t.replace(marker, "")
        if not t or ARABIC.search(t):
            return False
        return t[0] in "".join(self.words.placeholders) or "XX" in t.upper() or normalize.is_placeholder(text)

    def is_not_applicable(self, text: str | None) -> bool:
        """``不适用``, ``不涉及``, ``本年度不涉及`` (the profile's ``not_applicable`` words; a profile adds ``/`` for
        forms whose note says a ``/`` means not applicable) -- a cell, not a sentence that mentions them."""
        t = clean(text or "")
        words = [clean(w) for w in self.words.not_applicable if clean(w)]
        if not t or ARABIC.search(t):
            return False
        return t in words or (len(t) <= 10 and any(w in t for w in words if len(w) >= 2))

    def not_applicable_text(self, ind: Indicator, claims: Sequence[Claim]) -> str | None:
        """The target or actual cell that marks an indicator not applicable, if any."""
        texts = [ind.target_text, *(t for c in claims for t in (c.actual_text, c.target_text))]
        return next((t.strip() for t in texts if t and self.is_not_applicable(t)), None)

    def is_vague(self, text: str) -> bool:
        if has_number(text):
            return False
        return has_any(self.words.vague, text) or normalize.is_vague(text)

    def actual_of(self, claim: Claim | None) -> tuple[Quantity | None, str]:
        """The claim's actual as a Quantity (or None when empty) and its text."""
        if claim is None:
            return None, ""
        text = text_of(claim.actual, claim.actual_text)
        q = claim.actual
        if q is None and text and not self.is_empty_text(text):
            q = normalize.parse_quantity(text)
            if q is None:
                q = Quantity(kind="qualitative", text=text)
        if q is not None and q.kind == "qualitative" and self.is_empty_text(q.text or text):
            return None, text
        if q is None and self.is_empty_text(text):
            return None, text
        return q, text

    def has_actual(self, claim: Claim) -> bool:
        return self.actual_of(claim)[0] is not None

    def carries_direction(self, q: Quantity, text: str) -> bool:
        if q.kind == "qualitative":
            return False
        if q.explicit_direction and q.direction is not None:
            return True
        return has_any(self.words.direction_markers, text or q.text)

    def target_of(self, ind: Indicator, claim: Claim | None) -> tuple[Quantity | None, str, str]:
        """Target quantity, its text and where it came from (``policy``/``report``)."""
        text = ind.target_text or (ind.target.text if ind.target is not None else "")
        q = ind.target
        if q is None and text.strip() and not self.is_empty_text(text):
            q = normalize.parse_quantity(text)
        if q is not None or text.strip():
            return q, text, ind.source
        if claim is not None:
            ctext = text_of(claim.target, claim.target_text)
            cq = claim.target
            if cq is None and ctext and not self.is_empty_text(ctext):
                cq = normalize.parse_quantity(ctext)
            if cq is not None or ctext:
                return cq, ctext, "report"
        return None, "", ind.source

    def direction_of(self, q: Quantity, name: str, ind: Indicator | None = None) -> Direction | None:
        """Effective direction (domain.md §3): the sign written, a stated 指标性质, else what
        ``normalize.resolve_direction`` decides with the profile's word lists -- never overridden here."""
        if q.kind == "qualitative":
            return None
        if q.explicit_direction and q.direction is not None:
            return q.direction
        # extraction copies its resolved default into Indicator.direction; only a different value is a
        # stated one (指标性质 column), so that the profile's word lists still decide the defaults
        if ind is not None and ind.direction is not None and ind.direction != q.direction:
            return ind.direction
        bare = q.model_copy(update={"direction": None}) if q.kind != "date" else q
        return normalize.resolve_direction(bare, name, words=self.direction_words) or ">="

    def convert(self, value: float, from_unit: str, to_unit: str) -> float | None:
        """``value`` in ``to_unit``; an empty unit on either side is taken as the other's (a unit column
        the extractor did not attach).  ``万公斤``-style units written by hand are unfolded."""
        if from_unit == to_unit or not from_unit or not to_unit:
            return value
        out = normalize.convert(value, from_unit, to_unit)
        if out is not None:
            return out
        scale = {"万": 1e4, "亿": 1e8, "千": 1e3}
        f_mul = scale.get(from_unit[0], 1.0) if len(from_unit) > 1 else 1.0
        t_mul = scale.get(to_unit[0], 1.0) if len(to_unit) > 1 else 1.0
        if f_mul == t_mul == 1.0:
            return None
        f_unit = from_unit[1:] if f_mul != 1.0 else from_unit
        t_unit = to_unit[1:] if t_mul != 1.0 else to_unit
        base = normalize.convert(value * f_mul, f_unit, t_unit)
        return None if base is None else base / t_mul

    def same_value(self, a: Quantity, b: Quantity) -> bool | None:
        """Whether two figures agree (within the precision of the less precise); None if not comparable."""
        if a.kind == "date" or b.kind == "date":
            if a.kind == b.kind == "date" and a.date and b.date:
                return a.date == b.date
            return None
        if a.value is None or b.value is None or a.kind == "qualitative" or b.kind == "qualitative":
            return None
        bv = self.convert(b.value, b.unit, a.unit)
        if bv is None:
            return None
        tol_a = 0.5 * 10 ** -decimals(a.value)
        tol_b = self.convert(0.5 * 10 ** -decimals(b.value), b.unit, a.unit) or 0.0
        return abs(a.value - bv) <= max(tol_a, abs(tol_b)) + 1e-9

    def show(self, q: Quantity, direction: Direction | None = None) -> str:
        """A quantity for a message: a target with its effective direction (``≥120公里``); an actual as the
        report wrote it when that is a short Arabic figure (``2400万公斤``), else in Arabic numerals."""
        if q.kind == "qualitative":
            return q.text
        if direction is None:
            text = q.text.strip()
            if text and ARABIC.search(text) and len(text) <= 16:
                return text
            return normalize.format_quantity(q)
        return normalize.format_quantity(q.model_copy(update={"direction": direction, "explicit_direction": True}))

    # ------------------------------------------------------------------ groups and budget lines

    def missing_dimensions(self, levels: Iterable[tuple[str | None, str | None]]) -> list[str]:
        """The profile's required 一级 groups (``required_level1``) that no row with these 一级/二级 texts covers:
        a 一级 or a 二级 naming a group covers it (满意度 as a 二级 under 效益 in older forms); rows without any
        level cover nothing, and a list of such rows misses nothing we could tell."""
        present: set[str] = set()
        seen = False
        for pair in levels:
            for text in pair:
                if not text:
                    continue
                seen = True
                present |= {g for g, words in self.profile.level1_keywords.items() if has_any(words, text)}
        return [g for g in self.profile.required_level1 if seen and g not in present]

    def group_of(self, *texts: str | None) -> str | None:
        """The profile's 一级 group named by the first of ``texts`` that names one."""
        for text in texts:
            if not text:
                continue
            for grp, words in self.profile.level1_keywords.items():
                if has_any(words, text):
                    return grp
        return None

    def budget_order(self) -> list[BudgetLine]:
        """Table lines before prose lines (the form is the authority), totals first within each."""
        return sorted(self.inp.budget, key=lambda b: (not in_table(b), not b.is_total))


def _same_project(ind: Indicator, claim: Claim) -> bool:
    """A report covering several projects keeps them apart (a side without a project goes with any)."""
    return ind.project is None or claim.project is None or ind.project == claim.project


def build_rows(eng: Engine) -> list[Row]:
    """One row per indicator: its match, the claims of the same name, related prose and its 一级 group.

    Each claim name is normalised once (not once per indicator) and membership is checked in sets, so the
    work is the claims times the indicators' name keys, with no scan that grows with a row's group."""
    by_name: dict[str, list[Claim]] = {}
    prose: normalize.NameKeyIndex[Claim] = normalize.NameKeyIndex()  # prose claims by name key
    name_keys: dict[str, str] = {}
    for c in eng.inp.claims:
        if c.name.strip():
            key = name_keys.get(c.name)
            if key is None:
                key = name_keys[c.name] = normalize.normalize_name(c.name)
            by_name.setdefault(key, []).append(c)
            if c.kind == "prose":
                prose.add(key, c)
    rows: list[Row] = []
    previous: str | None = None
    own_claims = {i.id for i in eng.inp.indicators}  # a report's own indicators keep the id of their claim
    for ind in eng.inp.indicators:
        m = eng.matches.get(ind.id)
        matched = eng.claims.get(m.claim_id) if m is not None and m.claim_id else None
        names = {normalize.normalize_name(ind.name)}
        if matched is not None and matched.name.strip():
            names.add(normalize.normalize_name(matched.name))
        group: list[Claim] = [matched] if matched is not None else []
        in_group = {c.id for c in group}
        for n in sorted(names):
            for c in by_name.get(n, []):
                if c.id not in in_group and _same_project(ind, c):
                    group.append(c)
                    in_group.add(c.id)
        # a claim of the same name counts even when retrieval did not pick it
        actual_claim = next((c for c in group if eng.has_actual(c)), None)
        score_claim = next((c for c in group if c.self_score is not None), None)
        keys = {k for k in names if len(k) >= 2}
        # prose claims whose name key lies inside one of the row's keys or contains it (two characters or more)
        related = [c for c in prose.related(keys) if c.id not in in_group and _same_project(ind, c)]
        # claims the matcher attached to this indicator besides its own (a prose restatement of the row); not the
        # claim another indicator of the report was made from (`安装工程验收合格率` is no restatement of
        # `项目竣工验收合格率`: each is an indicator of its own)
        in_related = in_group | {c.id for c in related}
        for cid in (m.alternates if m is not None else []):
            alt = eng.claims.get(cid)
            if alt is not None and alt.id not in in_related and (alt.id == ind.id or alt.id not in own_claims):
                related.append(alt)
                in_related.add(alt.id)
        row = Row(ind=ind, match=m, matched=matched, group=group, actual_claim=actual_claim,
                  score_claim=score_claim, related=related, not_applicable=eng.not_applicable_text(ind, group))
        for c in group:
            eng.levels.setdefault(c.id, (ind.level1, ind.level2))
        lvl1 = ind.level1 or (matched.level1 if matched else None)
        lvl2 = ind.level2 or (matched.level2 if matched else None)
        row.level1_group = eng.group_of(lvl1, lvl2) or previous
        previous = row.level1_group
        rows.append(row)
    return rows
