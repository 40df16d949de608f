"""A unit's history (domain.md §7.4): the stored reviews of one unit and project linked across years.

Reviews are linked by unit name (``unit_key``: trimmed, full width folded, spaces dropped), by project when
both reviews name one (``project_of``), and their indicators by the one indicator-name key
(``normalize.normalize_name``).  The year is the budget year the documents name (``Review.year``); a review
whose documents name no year is listed but placed in no year.

Everything here is a pure function of stored records; ``Workspace`` loads them (``unit_history``,
``earlier_review``) and the upload intake uses ``earlier_review`` to give a new review its baseline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from pydantic import BaseModel, Field

from docreview import normalize
from docreview.models import DOC_KIND_ZH, FLAG_ZH, Review
from docreview.score import baseline_from_review
from docreview.settings import Settings
from docreview.store.records import ReviewRecord

YEAR_END_KINDS: tuple[str, ...] = ("self_eval", "dept_eval", "evaluation")
"""Kinds whose review reports actuals for the whole year: the only ones an earlier year's baseline comes from."""
# which review stands for a year when a unit has several: a year-end review, then its targets, then monitoring
_KIND_PREFERENCE: tuple[str, ...] = (*YEAR_END_KINDS, "target", "monitor", "policy")
_HISTORY_FLAGS = ("target_below_baseline", "repeated_miss")


def unit_key(name: str | None) -> str:
    """The comparison key of a unit (or project) name: full width folded, NFKC, no spaces, lower case."""
    text = unicodedata.normalize("NFKC", normalize.to_halfwidth(name or ""))
    return re.sub(r"\s+", "", text).lower()


UNIT_KEY_CHARS = 200
"""Length of the unit key stored on each review row (``reviews.unit_key``, indexed)."""


def stored_unit_key(name: str | None) -> str:
    """``unit_key`` as stored on a review row: cut to ``UNIT_KEY_CHARS`` (NFKC may lengthen a name).  The
    stored key finds a unit's rows by index; ``link_reviews`` then compares the full keys."""
    return unit_key(name)[:UNIT_KEY_CHARS]


def clean_unit_name(name: str | None) -> str:
    """A unit name as it is stored and shown: full width folded, trimmed, internal runs of spaces collapsed to
    one (``" 某县　交通局 "`` → ``"某县 交通局"``).  Two names are the same unit when their ``unit_key`` is equal
    (spaces dropped), so ``"某县 交通局"`` and ``"某县交通局"`` are one unit whichever is written first."""
    return re.sub(r"\s+", " ", normalize.to_halfwidth(name or "")).strip()


def unit_version_key(unit_name: str | None, kinds: Iterable[str]) -> str:
    """The document-set key of a unit's review by what it is, not by its bytes: the unit (``unit_key``) and the
    sorted kinds of its report files.  A corrected re-upload of the same unit with the same kinds of files in
    the same batch is saved under this key, so it becomes the next version of that review (verdicts carried
    over by flag key); 64 hex characters like ``service.docset_key``, from a payload no hash set can give."""
    payload = "unit\n" + unit_key(unit_name) + "\n" + "\n".join(sorted(kinds))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class StoredSummary(Protocol):
    """What the linking rules read of a stored review's summary (``ReviewSummary`` has it)."""

    @property
    def id(self) -> int: ...
    @property
    def created(self) -> dt.datetime: ...
    @property
    def unit_name(self) -> str: ...


class StoredReview(Protocol):
    """What the linking rules read of a stored review: a ``ReviewRecord``, or the lighter rows the earlier-year
    lookup reads in one query (``store.intake``)."""

    @property
    def summary(self) -> StoredSummary: ...
    @property
    def review(self) -> Review: ...


R = TypeVar("R", bound=StoredReview)


def project_of(review: Review) -> str | None:
    """The project a review is about, when its indicators name exactly one (reports covering several
    projects name each block's project); else None."""
    projects = {i.project.strip() for i in review.indicators if i.project and i.project.strip()}
    return projects.pop() if len(projects) == 1 else None


def same_project(a: str | None, b: str | None) -> bool:
    """Two reviews belong to the same project unless both name one and the names differ."""
    return not (a and b) or unit_key(a) == unit_key(b)


class UnitReview(BaseModel):
    """One stored review (latest version of its document set) in a unit's history."""

    review_id: int
    batch_id: int
    batch_name: str
    unit_name: str
    version: int
    year: int | None = None
    kind: str = "self_eval"
    kind_zh: str = DOC_KIND_ZH["self_eval"]
    project: str | None = None
    computed_total: float | None = None
    self_total: float | None = None
    rating: str | None = None
    flag_count: int = 0
    report_files: list[str] = Field(default_factory=list)

    @property
    def gap(self) -> float | None:
        """Self score minus computed score (positive: the unit scored itself higher than the rules)."""
        if self.self_total is None or self.computed_total is None:
            return None
        return round(self.self_total - self.computed_total, 2)


class IndicatorYear(BaseModel):
    """An indicator as one year's review of the unit read it."""

    year: int
    review_id: int
    name: str
    target_text: str = ""
    actual_text: str = ""
    self_score: float | None = None
    missed: bool | None = None


class ComparisonRow(BaseModel):
    """One indicator (name key) with last year's and this year's target, actual and self score."""

    key: str
    name: str
    previous: IndicatorYear | None = None
    current: IndicatorYear | None = None
    notes: list[str] = Field(default_factory=list)  # history flags of this year's review (连续未完成 …)


class Comparison(BaseModel):
    year: int
    previous_year: int | None = None
    review_id: int | None = None
    previous_review_id: int | None = None
    rows: list[ComparisonRow] = Field(default_factory=list)


class YearPoint(BaseModel):
    """The unit's scored year-end review of one year: computed vs self score and the gap."""

    year: int
    review_id: int
    computed_total: float | None = None
    self_total: float | None = None
    gap: float | None = None


class UnitHistory(BaseModel):
    unit_name: str
    key: str
    project: str | None = None
    projects: list[str] = Field(default_factory=list)  # the projects the unit's reviews name
    reviews: list[UnitReview] = Field(default_factory=list)  # newest year first; reviews without a year last
    years: list[int] = Field(default_factory=list)  # ascending
    trend: list[YearPoint] = Field(default_factory=list)  # ascending
    by_year: dict[int, list[IndicatorYear]] = Field(default_factory=dict)
    flags_by_year: dict[int, dict[str, list[str]]] = Field(default_factory=dict)  # year → name key → flag codes
    year_review: dict[int, int] = Field(default_factory=dict)  # year → the review that stands for it

    def comparison(self, year: int | None = None) -> Comparison | None:
        """This year's indicators (``year``, default the latest) beside the previous year the unit has; None
        when the unit has no review with a year."""
        if not self.years:
            return None
        year = year if year in self.years else self.years[-1]
        earlier = [y for y in self.years if y < year]
        previous = earlier[-1] if earlier else None
        rows: dict[str, ComparisonRow] = {}
        for side, y in (("previous", previous), ("current", year)):
            if y is None:
                continue
            for ind in self.by_year.get(y, []):
                key = normalize.normalize_name(ind.name) or ind.name
                row = rows.setdefault(key, ComparisonRow(key=key, name=ind.name))
                if getattr(row, side) is None:
                    setattr(row, side, ind)
                if side == "current":
                    row.name = ind.name
        for key, codes in self.flags_by_year.get(year, {}).items():
            if key in rows:
                rows[key].notes = [FLAG_ZH.get(c, c) for c in codes]
        return Comparison(year=year, previous_year=previous, review_id=self.year_review.get(year),
                          previous_review_id=self.year_review.get(previous) if previous is not None else None,
                          rows=list(rows.values()))


def unit_review(record: ReviewRecord) -> UnitReview:
    s, review = record.summary, record.review
    return UnitReview(review_id=s.id, batch_id=s.batch_id, batch_name=s.batch_name, unit_name=s.unit_name,
                      version=s.version, year=review.year, kind=review.doc_kind, kind_zh=DOC_KIND_ZH[review.doc_kind],
                      project=project_of(review), computed_total=s.computed_total, self_total=s.self_total,
                      rating=s.rating, flag_count=s.flag_count, report_files=list(s.report_files))


def link_reviews(records: Iterable[R], unit_name: str, *, project: str | None = None) -> list[R]:
    """The records of ``unit_name`` (and of ``project``, when given and a record names one)."""
    key = unit_key(unit_name)
    return [r for r in records
            if key and unit_key(r.summary.unit_name) == key and same_project(project, project_of(r.review))]


def _preference(record: StoredReview) -> tuple[int, float, int]:
    kind = record.review.doc_kind
    rank = _KIND_PREFERENCE.index(kind) if kind in _KIND_PREFERENCE else len(_KIND_PREFERENCE)
    return (rank, -record.summary.created.timestamp(), -record.summary.id)


def year_reviews(records: Sequence[R]) -> dict[int, R]:
    """For each year, the review that stands for it: a year-end review before a target table before a
    monitoring report; the newest of equals."""
    out: dict[int, R] = {}
    for r in sorted(records, key=_preference):
        if r.review.year is not None:
            out.setdefault(r.review.year, r)
    return out


def unit_history(unit_name: str, records: Sequence[ReviewRecord], *, project: str | None = None) -> UnitHistory:
    """The history of ``unit_name``: its reviews by year, the score trend and the indicators of each year."""
    linked = link_reviews(records, unit_name, project=project)
    reviews = sorted((unit_review(r) for r in linked),
                     key=lambda u: (u.year is None, -(u.year or 0), -u.review_id))
    per_year = year_reviews(linked)
    history = UnitHistory(
        unit_name=unit_name.strip(), key=unit_key(unit_name), project=project, reviews=reviews,
        projects=sorted({p for r in linked if (p := project_of(r.review))}),
        years=sorted(per_year), year_review={y: r.id for y, r in per_year.items()})
    for year, rec in sorted(per_year.items()):
        history.by_year[year] = [
            IndicatorYear(year=year, review_id=rec.id, name=b.name, target_text=b.target_text,
                          actual_text=b.actual_text, self_score=b.self_score, missed=b.missed)
            for b in baseline_from_review(rec.review)]
        codes: dict[str, list[str]] = {}
        for f in rec.review.flags:
            if f.type in _HISTORY_FLAGS and f.indicator:
                codes.setdefault(normalize.normalize_name(f.indicator), []).append(f.type)
        history.flags_by_year[year] = codes
    # the trend: scored year-end reviews only (a target table or a monitoring report has no year-end score)
    for year, rec in sorted(year_reviews([r for r in linked if r.review.doc_kind in YEAR_END_KINDS
                                          and r.summary.computed_total is not None]).items()):
        s = rec.summary
        gap = None if s.self_total is None or s.computed_total is None else round(s.self_total - s.computed_total, 2)
        history.trend.append(YearPoint(year=year, review_id=s.id, computed_total=s.computed_total,
                                       self_total=s.self_total, gap=gap))
    return history


def earlier_review(records: Sequence[R], unit_name: str, year: int | None, *,
                   project: str | None = None) -> R | None:
    """The stored year-end review of ``unit_name`` (and ``project``) from the latest year before ``year``:
    the baseline of a new review (§7.4).  None when ``year`` is unknown (earlier cannot be told) or the unit
    has no such review."""
    if year is None:
        return None
    candidates = [r for r in link_reviews(records, unit_name, project=project)
                  if r.review.year is not None and r.review.year < year and r.review.doc_kind in YEAR_END_KINDS
                  and r.review.results]
    if not candidates:
        return None
    latest = max(r.review.year or 0 for r in candidates)
    return year_reviews([r for r in candidates if r.review.year == latest])[latest]


def document_year(path: Path, settings: Settings) -> tuple[int | None, str | None]:
    """The budget year and the project a report names, read before it is reviewed (to choose its baseline).
    Raises ``DocumentError`` when the file cannot be read."""
    from docreview import extract, ingest

    doc = ingest.read(path, settings=settings.ingest)
    rx = extract.extract_report(doc)
    projects = {i.project.strip() for i in extract.indicators_from_report(rx) if i.project and i.project.strip()}
    return rx.year, (projects.pop() if len(projects) == 1 else None)


def unit_names(names: Iterable[str]) -> list[str]:
    """The distinct units among ``names`` (one spelling per ``unit_key``, the first seen), sorted."""
    seen: dict[str, str] = {}
    for n in names:
        k = unit_key(n)
        if k and k not in seen:
            seen[k] = n.strip()
    return sorted(seen.values())
