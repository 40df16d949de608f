"""Workspace accounts: password hashing (bcrypt), the password policy, roles, and the sign-in throttle rule.

bcrypt reads at most 72 bytes, and bcrypt ≥ 5 refuses longer input; a passphrase in Chinese reaches
that at 24 characters.  So the password is first reduced to a fixed-length base64 SHA-256 digest
(44 ASCII bytes) and that digest is bcrypt-hashed: every character of the password counts.

Roles (issue 16): ``admin`` may do everything everywhere; in a team (业务科室, or a client of a third-party
firm) a ``lead`` assigns, closes and reopens reviews, a ``reviewer`` reviews, a ``viewer`` reads.  The account
role is the default role of the account's team grants; what a role may do is ``store.access``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import bcrypt

from docreview.errors import DocReviewError

ROLES: tuple[str, ...] = ("admin", "lead", "reviewer", "viewer")
TEAM_ROLES: tuple[str, ...] = ("lead", "reviewer", "viewer")
ROLE_ZH: dict[str, str] = {"admin": "管理员", "lead": "组长", "reviewer": "审核员", "viewer": "只读"}
MIN_PASSWORD_LENGTH = 8
BCRYPT_ROUNDS = 12

# A real hash to compare against when the user does not exist, so that a wrong name and a wrong
# password take the same time.
_DUMMY_HASH: bytes | None = None


class AuthError(DocReviewError):
    """A name, role or password is not acceptable."""


class SignInThrottled(AuthError):
    """Too many wrong passwords for the account or from the address: refused without checking the password."""

    def __init__(self, retry_after_s: float) -> None:
        self.retry_after_s = retry_after_s
        if retry_after_s > 90:
            minutes = math.ceil(retry_after_s / 60)
            text = f"登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试 / too many failed sign-ins: locked, try again " \
                   f"in {minutes} min"
        else:
            seconds = max(1, math.ceil(retry_after_s))
            text = f"登录尝试过于频繁，请 {seconds} 秒后再试 / too many sign-in attempts: try again in {seconds} s"
        super().__init__(text)

    def __reduce__(self) -> tuple[type[SignInThrottled], tuple[float]]:
        return self.__class__, (self.retry_after_s,)


def _prepare(password: str) -> bytes:
    # NFC so that the same password typed on different systems gives the same bytes.
    digest = hashlib.sha256(unicodedata.normalize("NFC", password).encode("utf-8")).digest()
    return base64.b64encode(digest)


def hash_password(password: str, *, rounds: int | None = None) -> str:
    """bcrypt hash of ``password`` (a ``$2b$…`` string, salt included); ``rounds`` defaults to
    ``BCRYPT_ROUNDS``.  Refuses a password that fails the default policy (``check_password_policy``)."""
    check_password_policy(password)
    salt = bcrypt.gensalt(rounds or BCRYPT_ROUNDS)
    return bcrypt.hashpw(_prepare(password), salt).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    """True when ``password`` matches ``password_hash``; False (never an exception) otherwise."""
    try:
        return bcrypt.checkpw(_prepare(password), password_hash.encode("ascii"))
    except (ValueError, TypeError):
        return False


def burn_time(password: str) -> None:
    """Spend the time of one password check; used when the account does not exist."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = bcrypt.hashpw(b"docreview-dummy", bcrypt.gensalt(BCRYPT_ROUNDS))
    bcrypt.checkpw(_prepare(password), _DUMMY_HASH)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of the most common passwords (``docreview/data/common_passwords.txt``), lower case."""
    text = resources.files("docreview").joinpath("data/common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def check_password_policy(password: str, *, min_length: int = MIN_PASSWORD_LENGTH, user_name: str | None = None) -> None:
    """Raise ``AuthError`` when the password is shorter than ``min_length``, is one of the most common passwords
    (the shipped list, case-insensitive), or is the user name."""
    if len(password) < min_length:
        raise AuthError(f"密码至少 {min_length} 位 / the password needs at least {min_length} characters")
    folded = unicodedata.normalize("NFC", password).strip().lower()
    if folded in common_passwords() or len(set(folded)) == 1:
        raise AuthError("密码过于常见，容易被猜中，请换一个 / this password is among the most common ones; choose another")
    if user_name and folded == unicodedata.normalize("NFC", user_name).strip().lower():
        raise AuthError("密码不能与用户名相同 / the password must not be the user name")


def check_role(role: str) -> str:
    """Return ``role`` when it is an account role (``ROLES``); raise ``AuthError`` otherwise."""
    if role not in ROLES:
        raise AuthError(f"角色必须是 {' / '.join(ROLES)} / role must be one of {', '.join(ROLES)}, not {role!r}")
    return role


def check_team_role(role: str) -> str:
    """Return ``role`` when it is a role within a team (``TEAM_ROLES``); raise ``AuthError`` otherwise."""
    if role not in TEAM_ROLES:
        raise AuthError(f"科室内角色必须是 {' / '.join(TEAM_ROLES)} / a team role must be one of "
                        f"{', '.join(TEAM_ROLES)}, not {role!r}")
    return role


def check_user_name(name: str) -> str:
    """Return the stripped user name; raise ``AuthError`` when it is empty, too long or has control chars."""
    clean = unicodedata.normalize("NFC", name).strip()
    if not clean or len(clean) > 100 or any(unicodedata.category(ch).startswith("C") for ch in clean):
        raise AuthError(f"用户名无效 / invalid user name: {name!r}")
    return clean


def refused_until(failures: Iterable[dt.datetime], *, now: dt.datetime, limit: int, window_s: float,
                  lockout_s: float, delay_s: float) -> dt.datetime | None:
    """Until when sign-in attempts are refused, given the times of the wrong passwords counted against one
    account or one address; None: an attempt may be made now.

    - ``limit`` failures within ``window_s`` lock for ``lockout_s`` after the last of them, whatever the
      password of the next attempt;
    - before that, growing delays: the attempt after the ``limit − 2``-th failure within the window waits
      ``delay_s`` after it, the one after the next failure twice that, and so on.
    """
    times = sorted(failures)
    locked: dt.datetime | None = None
    for last in range(limit - 1, len(times)):
        if (times[last] - times[last - limit + 1]).total_seconds() <= window_s:
            end = times[last] + dt.timedelta(seconds=lockout_s)
            if end > now and (locked is None or end > locked):
                locked = end
    if locked is not None:
        return locked
    recent = [t for t in times if (now - t).total_seconds() <= window_s]
    first_delayed = max(1, limit - 2)
    if delay_s > 0 and len(recent) >= first_delayed:
        end = recent[-1] + dt.timedelta(seconds=delay_s * 2 ** (len(recent) - first_delayed))
        if end > now:
            return end
    return None
