"""Password hashing for workspace accounts (bcrypt).

bcrypt reads at most 72 bytes, and bcrypt ≥ 5 refuses longer input; a passphrase in Chinese reaches
that at 24 characters.  So the password is first reduced to a fixed-length base64 SHA-256 digest
(44 ASCII bytes) and that digest is bcrypt-hashed: every character of the password counts.
"""

from __future__ import annotations

import base64
import hashlib
import unicodedata

import bcrypt

from docreview.errors import DocReviewError

ROLES: tuple[str, ...] = ("reviewer", "admin")
MIN_PASSWORD_LENGTH = 8
BCRYPT_ROUNDS = 12

# A real hash to compare against when the user does not exist, so that a wrong name and a wrong
# password take the same time.
_DUMMY_HASH: bytes | None = None


class AuthError(DocReviewError):
    """A name, role or password is not acceptable."""


def _prepare(password: str) -> bytes:
    # NFC so that the same password typed on different systems gives the same bytes.
    digest = hashlib.sha256(unicodedata.normalize("NFC", password).encode("utf-8")).digest()
    return base64.b64encode(digest)


def hash_password(password: str, *, rounds: int | None = None) -> str:
    """bcrypt hash of ``password`` (a ``$2b$…`` string, salt included); ``rounds`` defaults to
    ``BCRYPT_ROUNDS``."""
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


def check_password_policy(password: str) -> None:
    """Raise ``AuthError`` when the password is too short."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"密码至少 {MIN_PASSWORD_LENGTH} 位 / the password needs at least "
                        f"{MIN_PASSWORD_LENGTH} characters")


def check_role(role: str) -> str:
    """Return ``role`` when it is ``reviewer`` or ``admin``; raise ``AuthError`` otherwise."""
    if role not in ROLES:
        raise AuthError(f"角色必须是 reviewer 或 admin / role must be reviewer or admin, not {role!r}")
    return role


def check_user_name(name: str) -> str:
    """Return the stripped user name; raise ``AuthError`` when it is empty, too long or has control chars."""
    clean = unicodedata.normalize("NFC", name).strip()
    if not clean or len(clean) > 100 or any(unicodedata.category(ch).startswith("C") for ch in clean):
        raise AuthError(f"用户名无效 / invalid user name: {name!r}")
    return clean
