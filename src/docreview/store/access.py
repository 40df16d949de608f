"""Who may see and change what (issue 16): the one place the roles' rights are decided.

Organisations own teams (a bureau's 业务科室, a firm's clients); every batch belongs to a team.  A caller's
role on a review is:

- ``admin`` for an admin account (everything, everywhere) and for the system (``user=None``: the CLI,
  migrations, workers acting for the system);
- else the caller's role in the team of the review's batch (``lead``, ``reviewer`` or ``viewer``);
- a review assigned to, or shared with, the caller by a lead counts at least as ``reviewer`` (``viewer`` for a
  read-only account);
- else no role: the review is invisible, and naming it raises ``AccessError``.

``Workspace`` loads the caller and the rows, and asks the functions below; listings filter with the same rule
in SQL (``Workspace._visible_reviews``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from docreview.errors import AccessError, ReviewClosed
from docreview.store.models import User

DEFAULT_ORGANISATION = "默认机构"
DEFAULT_TEAM = "默认科室"
"""Where batches and accounts go when no team is named (and where migration 0003 put every older batch)."""

RANK: dict[str, int] = {"viewer": 0, "reviewer": 1, "lead": 2, "admin": 3}

READ_ONLY = "只读账户不能修改审核记录 / a read-only account cannot change reviews"
NOT_LEAD = "只有组长或管理员可以分配、关闭或重新打开审核 / only a lead or an admin may assign, close or reopen a review"
NOT_ADMIN = "只有管理员可以执行此操作 / only an admin may do this"
DISABLED = "账户已停用 / the account is disabled"


@dataclass(frozen=True)
class Caller:
    """Who is calling: an account row and its team roles, or the system (``user is None``)."""

    user: User | None
    teams: Mapping[int, str] = field(default_factory=dict)  # team id → lead | reviewer | viewer

    @property
    def admin(self) -> bool:
        return self.user is None or self.user.role == "admin"

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user is not None else None

    def team_role(self, team_id: int) -> str | None:
        """The caller's role in a team (``admin`` for admins and the system), None outside it."""
        return "admin" if self.admin else self.teams.get(team_id)

    def writable_teams(self) -> list[int]:
        """Teams in which the caller may upload and create batches (lead or reviewer), lowest id first."""
        return sorted(t for t, role in self.teams.items() if RANK[role] >= RANK["reviewer"])


def review_role(caller: Caller, team_id: int, *, assigned: bool) -> str | None:
    """The caller's role on a review of a batch in ``team_id`` (``assigned``: its document set is assigned to or
    shared with the caller); None: no access."""
    role = caller.team_role(team_id)
    if assigned and caller.user is not None:
        shared = "viewer" if caller.user.role == "viewer" else "reviewer"
        if role is None or RANK[shared] > RANK[role]:
            role = shared
    return role


def may_read(role: str | None) -> bool:
    return role is not None


def may_decide(role: str | None) -> bool:
    """Verdicts and comments (on an open review)."""
    return role is not None and RANK[role] >= RANK["reviewer"]


def may_manage(role: str | None) -> bool:
    """Assign, close and reopen."""
    return role is not None and RANK[role] >= RANK["lead"]


def require_read(role: str | None) -> str:
    if not may_read(role):
        raise AccessError()
    assert role is not None
    return role


def require_decide(role: str | None, *, status: str) -> None:
    """A verdict or comment: the role must allow it and the review must be open."""
    require_read(role)
    if not may_decide(role):
        raise AccessError(READ_ONLY)
    if status != "open":
        raise ReviewClosed()


def require_manage(role: str | None) -> None:
    require_read(role)
    if not may_manage(role):
        raise AccessError(NOT_LEAD)


def require_admin(caller: Caller) -> None:
    if not caller.admin:
        raise AccessError(NOT_ADMIN)
