"""The reviewer workspace store: reviews, verdicts, comments and the audit log (SQLite or PostgreSQL).

``Workspace(settings)`` is the service object; ``export`` writes the 审核意见表 (XLSX) and the
审核意见书 (DOCX); ``intake.review_uploads`` is what the app's upload page runs.
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
    ReviewDocumentRecord,
    ReviewRecord,
    ReviewSummary,
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
    "ReviewDocumentRecord",
    "ReviewRecord",
    "ReviewSummary",
    "UserRecord",
    "VerdictRecord",
    "Workspace",
    "decision_from",
    "docset_key",
    "flag_key",
]
