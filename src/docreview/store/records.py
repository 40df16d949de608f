"""What the ``Workspace`` service returns: plain pydantic records, detached from the database session."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from docreview.models import FLAG_ZH as FLAG_ZH  # re-exported for the UI and exports
from docreview.models import SEVERITY_ORDER as SEVERITY_ORDER
from docreview.models import SEVERITY_ZH as SEVERITY_ZH
from docreview.models import Explanation, Flag, Review

Decision = Literal["confirmed", "dismissed", "needs_info"]
DECISIONS: tuple[str, ...] = ("confirmed", "dismissed", "needs_info")
DECISION_ZH: dict[str, str] = {"confirmed": "确认", "dismissed": "驳回", "needs_info": "需补充材料"}
PENDING = "pending"
PENDING_ZH = "待审核"
Role = Literal["admin", "lead", "reviewer", "viewer"]
TeamRole = Literal["lead", "reviewer", "viewer"]
DocumentRole = Literal["policy", "report"]
ReviewStatus = Literal["open", "closed"]


def decision_from(value: str) -> Decision:
    """``confirmed``/``dismissed``/``needs_info`` from either the English code or the Chinese label."""
    value = value.strip()
    for code, zh in DECISION_ZH.items():
        if value in (code, zh):
            return code  # type: ignore[return-value]
    from docreview.errors import StoreError

    raise StoreError(f"未知的审核结论 / unknown decision: {value!r} (确认 / 驳回 / 需补充材料)")


class _Record(BaseModel):
    pass


class UserRecord(_Record):
    id: int
    name: str
    role: Role
    created: dt.datetime
    active: bool = True
    teams: dict[str, TeamRole] = Field(default_factory=dict)  # team name → the account's role in it


class TeamRecord(_Record):
    id: int
    name: str
    organisation: str
    kind: Literal["department", "client"] = "department"  # a 业务科室, or a client of a third-party firm
    created: dt.datetime
    members: dict[str, TeamRole] = Field(default_factory=dict)  # user name → role


class ReviewAccess(_Record):
    """What the caller may do with one review (the buttons a page shows; the service checks again)."""

    review_id: int
    role: Role
    decide: bool  # verdicts and comments: a reviewer, lead or admin, on an open review
    manage: bool  # assign, close, reopen: a lead or admin
    closed: bool
    assignees: list[str] = Field(default_factory=list)


class BatchRecord(_Record):
    id: int
    name: str
    unit_name: str
    profile: str
    created_by: str | None = None
    created: dt.datetime
    team_id: int | None = None
    team: str = ""


class DocumentRecord(_Record):
    sha256: str
    filename: str
    size: int
    format: str
    created: dt.datetime


class ReviewDocumentRecord(_Record):
    sha256: str
    filename: str
    role: DocumentRole
    format: str
    size: int


class VerdictRecord(_Record):
    id: int
    flag_id: int
    decision: Decision
    comment: str = ""
    user: str | None = None
    updated: dt.datetime
    version: int
    carried_from_id: int | None = None


class CommentRecord(_Record):
    id: int
    review_id: int
    flag_id: int | None = None
    user: str | None = None
    text: str
    created: dt.datetime
    carried_from_id: int | None = None


class FlagRecord(_Record):
    """A stored flag with the reviewer's verdict, comments and explanation."""

    id: int
    review_id: int
    flag_key: str
    position: int
    flag: Flag
    verdict: VerdictRecord | None = None
    comments: list[CommentRecord] = Field(default_factory=list)
    explanation: Explanation | None = None
    undone_version: int = 0  # the version of a verdict that was undone (``clear_verdict``); 0: none

    @property
    def decision(self) -> str:
        """``confirmed``/``dismissed``/``needs_info``, or ``pending`` without a verdict (or after an undo)."""
        return self.verdict.decision if self.verdict else PENDING

    @property
    def verdict_version(self) -> int:
        """The version to pass as ``expected_version`` to ``set_verdict`` or ``clear_verdict`` (0: there never was
        a verdict; after an undo, the version of the undo, so that versions only grow)."""
        return self.verdict.version if self.verdict else self.undone_version


class ReviewSummary(_Record):
    """One stored review version, without the full review body."""

    id: int
    batch_id: int
    batch_name: str
    unit_name: str
    docset_key: str
    version: int
    created: dt.datetime
    created_by: str | None = None
    profile: str
    computed_total: float | None = None  # None: the review was not scored (reading incomplete, targets only)
    self_total: float | None = None
    rating: str | None = None
    execution_rate: float | None = None
    budget_score: float | None = None
    flag_count: int
    decided_count: int = 0
    status: ReviewStatus
    policy_files: list[str] = Field(default_factory=list)
    report_files: list[str] = Field(default_factory=list)

    def label(self) -> str:
        """One line for a select box: batch · unit · version · report files."""
        files = "、".join(self.report_files) or "-"
        return (f"#{self.id} {self.batch_name} · {self.unit_name or '-'} · v{self.version} · {files}"
                f"（{'进行中' if self.status == 'open' else '已关闭'}）")


class ReviewRecord(_Record):
    """A stored review: the summary, the full ``Review``, its documents, flags and review-level comments."""

    summary: ReviewSummary
    batch: BatchRecord
    review: Review
    documents: list[ReviewDocumentRecord]
    flags: list[FlagRecord]
    comments: list[CommentRecord] = Field(default_factory=list)

    @property
    def id(self) -> int:
        return self.summary.id


class AuditEntry(_Record):
    id: int
    at: dt.datetime
    user: str | None = None
    action: str
    entity: str
    entity_id: str
    before: Any = None
    after: Any = None


class IndicatorCompletion(_Record):
    """How often an indicator was met across the reviews of a dashboard."""

    name: str
    reviews: int
    met: int
    rate: float  # met / reviews with a result that can be met or missed
    mean_completion: float | None = None  # mean of IndicatorResult.completion where known


class DashboardCell(_Record):
    """One unit × flag type of the dashboard: its flags by state, and where they are (for click-through)."""

    unit: str
    flag_type: str
    open: int = 0  # no verdict yet, or 需补充材料: still to be settled
    confirmed: int = 0
    dismissed: int = 0  # shown apart: a dismissed flag is not a problem of the unit
    flags: list[tuple[int, int]] = Field(default_factory=list)  # (review id, flag id) of the open, then confirmed


class Dashboard(_Record):
    """Data for the dashboard of one batch (or of all batches when ``batch_id`` is None).

    Counts use the latest version of each document set.  Units are grouped by ``store.history.unit_key`` (trimmed,
    full width folded: one unit under two spellings is one row) and shown as ``history.clean_unit_name`` of the
    newest review's spelling.
    """

    batch_id: int | None
    units: list[str]
    flag_types: list[str]
    counts: list[list[int]]  # units × flag_types: open + confirmed flags (dismissed ones are in ``cells``)
    indicators: list[IndicatorCompletion]
    verdicts: dict[str, int]  # confirmed / dismissed / needs_info / pending
    open_reviews: list[ReviewSummary]
    reviews: int
    cells: list[DashboardCell] = Field(default_factory=list)  # every unit × type with a flag, units in order

    @property
    def open_flags(self) -> int:
        """Flags still to be settled: without a verdict or 需补充材料."""
        return self.verdicts.get(PENDING, 0) + self.verdicts.get("needs_info", 0)


# Chinese names shown to reviewers: one table, in docreview.models (re-exported here for the UI and exports)
CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "北京时间")


def local_time(moment: dt.datetime | None) -> str:
    """``2025-03-01 16:30`` in Beijing time (China has no daylight saving time)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
