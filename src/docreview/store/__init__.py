"""The reviewer workspace store: reviews, verdicts, comments and the audit log (SQLite or PostgreSQL).

``Workspace(settings)`` is the service object; ``export`` writes the 审核意见表 (XLSX) and the
审核意见书 (DOCX); ``jobs`` holds the review queue's jobs (the upload page queues them, ``docreview.queue``'s workers run
``intake.review_unit`` for each); ``access`` says who may see and
change what (teams and roles), and every ``Workspace`` read and write checks its ``user``.
"""

from __future__ import annotations

from docreview.store.records import (
    DECISION_ZH,
    DECISIONS,
    PENDING,
    AuditEntry,
    BatchRecord,
    CommentRecord,
    Dashboard,
    DocumentRecord,
    FlagRecord,
    IndicatorCompletion,
    ReviewAccess,
    ReviewDocumentRecord,
    ReviewRecord,
    ReviewSummary,
    TeamRecord,
    UserRecord,
    VerdictRecord,
    decision_from,
)
from docreview.store.service import Workspace, docset_key, flag_key

__all__ = [
    "DECISIONS",
    "DECISION_ZH",
    "PENDING",
    "AuditEntry",
    "BatchRecord",
    "CommentRecord",
    "Dashboard",
    "DocumentRecord",
    "FlagRecord",
    "IndicatorCompletion",
    "ReviewAccess",
    "ReviewDocumentRecord",
    "ReviewRecord",
    "ReviewSummary",
    "TeamRecord",
    "UserRecord",
    "VerdictRecord",
    "Workspace",
    "decision_from",
    "docset_key",
    "flag_key",
]
