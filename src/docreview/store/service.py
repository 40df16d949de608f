"""The ``Workspace`` service: users, documents, batches, review versions, verdicts, comments, audit log.

Every public write runs in its own transaction and appends its audit entries in that same
transaction, so a write and its audit record are committed together or not at all.  Nothing a
reviewer wrote is ever deleted: a new review version gets new flag rows, verdicts on unchanged
flags are copied forward, and the older version is closed, not removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Integer,
    and_,
    cast,
    create_engine,
    delete,
    event,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, defer, sessionmaker

from docreview import auth
from docreview.errors import (
    AccessError,
    ConflictError,
    DocReviewError,
    EmptyDocument,
    FileTooLarge,
    StoreError,
    UnsupportedFormat,
)
from docreview.models import FLAG_TYPES, Explanation, Flag, Review
from docreview.settings import Settings
from docreview.store import access, history, ranking, unit_merge
from docreview.store.access import Caller
from docreview.store.files import format_from_name, private_dir, private_file, sanitize_filename
from docreview.store.models import (
    Assignment,
    AuditLog,
    Batch,
    Blob,
    Comment,
    ExplanationRow,
    FlagRow,
    Job,
    Membership,
    Organisation,
    ReviewDocument,
    ReviewRow,
    SignInAttempt,
    StoredDocument,
    Team,
    User,
    UserSession,
    Verdict,
    utcnow,
)
from docreview.store.records import (
    DECISIONS,
    PENDING,
    AuditEntry,
    BatchRecord,
    CommentRecord,
    Dashboard,
    DashboardCell,
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

UserRef = UserRecord | str | None
"""The caller of a read or write: a record, a user name, or None for the system (CLI, migrations, workers).

Every method that touches batches, reviews, flags, verdicts, comments, documents or what is computed from them
takes it as the keyword-only ``user`` and checks it (``store.access``); a user sees and changes only what the
roles allow.  The argument has no default on reads, so a caller that forgets it fails instead of reading as the
system."""

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
MAX_COMMENT_CHARS = 5000
UNAVAILABLE = "数据库暂时不可用 / the database is unavailable"
MIGRATION_LOCK = 0x646F6372  # a PostgreSQL advisory-lock key of our own ("docr"), held while migrating
SIGN_IN_LOCK = 0x7369676E  # the first key of the sign-in throttle's advisory locks ("sign"); the second: _sign_in_lock
CONNECT_ATTEMPTS = 4
"""Tries to reach the database before a read or write gives up with ``UNAVAILABLE``."""
CONNECT_BACKOFF_S = 0.25
"""The wait after the first failed try, doubled after each (0.25 + 0.5 + 1 s: a restart is waited out, an
outage is reported within two seconds)."""
VERSION_ATTEMPTS = 100
"""Tries to allocate a review version number; each lost try means another saver of the same document set
committed a version first, so this bounds the savers of one document set at one instant."""


def _sign_in_lock(kind: str, value: str) -> int:
    """The second key (a signed 32-bit int) of the advisory lock that serialises the sign-ins of one account or one
    address on PostgreSQL."""
    return int.from_bytes(hashlib.sha256(f"{kind}:{value}".encode()).digest()[:4], "big", signed=True)


def _session_hash(session_id: str) -> str:
    """What the store keeps of a session id: its SHA-256 (a copy of the database signs nobody in)."""
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def flag_key(flag: Flag) -> str:
    """A stable content key of a flag: its type, indicator and the rule's inputs.

    Two versions of a review that raise the same flag on the same numbers give the same key, so
    the reviewer's verdict can be carried over; a flag whose numbers changed gets a new key.
    """
    payload = json.dumps({"type": flag.type, "indicator": (flag.indicator or "").strip(),
                          "inputs": flag.inputs}, sort_keys=True, ensure_ascii=False, default=str)
    return f"{flag.type}:{hashlib.sha256(payload.encode('utf-8')).hexdigest()[:24]}"


def docset_key(sha256s: Iterable[str]) -> str:
    """The key of a document set: the hash of its sorted, de-duplicated sha256 values."""
    joined = "\n".join(sorted(set(sha256s)))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


_REFUSED_TEXT = re.compile("[\x00\ud800-\udfff]")


def storable_text(text: str) -> str:
    """``text`` as the store keeps it: NUL removed (PostgreSQL's text and json refuse it) and each lone
    surrogate (which has no UTF-8 form, so neither database takes it) replaced by U+FFFD.

    Document text loses its NUL in ingest already, before any offset is taken (``ingest.common``); this
    covers everything else a write carries: names, comments, a review built elsewhere, audit entries.
    """
    if not _REFUSED_TEXT.search(text):
        return text
    return _REFUSED_TEXT.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


def storable(value: Any) -> Any:
    """``value`` with ``storable_text`` applied to every string in it (dict keys, lists, tuples)."""
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    if isinstance(value, tuple):
        return tuple(storable(v) for v in value)
    return value


def _storable_json(value: Any) -> str:
    return json.dumps(storable(value))


def _clean_parameters(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                      executemany: bool) -> tuple[str, Any]:
    # Every statement's parameters pass here, whichever method (or a later one) wrote them, so no text the
    # databases refuse reaches them; JSON values are cleaned by the engine's ``json_serializer``.
    return statement, storable(parameters)


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                           json_serializer=_storable_json)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Take BEGIN away from the sqlite3 module (it skips it for SELECT and DDL) and emit our own.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front: a deferred transaction that reads and then writes
        # fails with "database is locked" under WAL when another writer committed in between.
        write = conn.get_execution_options().get("docreview_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def make_engine(url: str) -> Engine:
    """SQLAlchemy engine for the store: SQLite (WAL, foreign keys) or PostgreSQL (psycopg 3); text the
    databases refuse (``storable_text``) is cleaned out of every statement's parameters."""
    if url.startswith("sqlite"):
        engine = _sqlite_engine(url)
    else:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        # connect_timeout: an unreachable host is reported as unavailable instead of hanging the page
        engine = create_engine(url, pool_pre_ping=True, json_serializer=_storable_json,
                               connect_args={"connect_timeout": 5})
    event.listen(engine, "before_cursor_execute", _clean_parameters, retval=True)
    return engine


def _private_sqlite_file(url: str) -> None:
    """A SQLite database file readable by its owner only (0600), created so before SQLite first opens it (SQLite
    gives its -wal and -shm files the same mode)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        if path.parent.is_dir():
            private_file(path)


class Workspace:
    """The reviewer workspace: a database (``settings.database_url``) plus a blob folder.

    Opening a workspace runs the migrations (``migrate()``), so a new folder or an older database is
    brought to the current schema.
    """

    def __init__(self, settings: Settings, *, migrate: bool = True) -> None:
        self.settings = settings
        self.root = private_dir(Path(settings.workspace))  # 0700: other units' documents are inside
        self.blobs_dir = self.root / "blobs"
        self.database_url = settings.database_url
        _private_sqlite_file(self.database_url)
        self.engine = make_engine(self.database_url)
        self._write_engine = self.engine.execution_options(docreview_write=True)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)
        if migrate:
            self.migrate()

    # ------------------------------------------------------------------ plumbing

    def migrate(self) -> None:
        """Bring the database to the newest schema (``alembic upgrade head``)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        try:
            with self._connect(self._write_engine) as conn:
                # SQLite rebuilds a table to alter it (batch_alter_table); dropping the old copy of a table that
                # others reference fails with foreign keys on, so they are off for the migration (outside any
                # transaction: SQLite ignores the pragma inside one) and checked before the commit
                sqlite = conn.dialect.name == "sqlite"
                if sqlite:
                    conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
                try:
                    with conn.begin():
                        if conn.dialect.name == "postgresql":
                            # processes starting together (queue workers, app servers) would race on creating
                            # the schema; one migrates, the others wait here and then find it at head.
                            # (SQLite serialises them already: a write transaction begins IMMEDIATE.)
                            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                        cfg.attributes["connection"] = conn
                        command.upgrade(cfg, "head")
                        if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                            raise StoreError("数据库迁移失败：外键不一致 / database migration failed: foreign keys "
                                             "do not match")
                finally:
                    if sqlite:
                        conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
        except DocReviewError:
            raise
        except SQLAlchemyError as e:
            if _disconnected(e):
                raise StoreError(UNAVAILABLE) from e
            raise StoreError(f"数据库迁移失败 / database migration failed: {_short(e)}") from e

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _connect(engine: Engine) -> Connection:
        """A connection of ``engine``, after up to ``CONNECT_ATTEMPTS`` tries with a growing wait; else
        ``StoreError(UNAVAILABLE)`` (the driver's text stays in the exception's cause, for the log).

        Only getting the connection is retried: a transaction cut off midway is rolled back by the database
        and reported as unavailable, and the caller (a reviewer pressing the button again) repeats it.
        """
        delay = CONNECT_BACKOFF_S
        for _ in range(CONNECT_ATTEMPTS - 1):
            try:
                return engine.connect()
            except (OperationalError, InterfaceError):
                time.sleep(delay)
                delay *= 2
        try:
            return engine.connect()
        except (OperationalError, InterfaceError) as e:
            raise StoreError(UNAVAILABLE) from e

    @contextmanager
    def _write(self) -> Iterator[Session]:
        try:
            with self._connect(self._write_engine) as conn, self._write_sessions(bind=conn) as s, s.begin():
                yield s
        except DocReviewError:
            raise
        except IntegrityError as e:
            raise ConflictError(
                f"数据已被他人同时修改，请刷新后重试 / the data was changed concurrently; reload and retry "
                f"({_short(e)})") from e
        except SQLAlchemyError as e:
            if _disconnected(e):
                raise StoreError(UNAVAILABLE) from e
            raise StoreError(f"数据库写入失败 / database write failed: {_short(e)}") from e

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with self._connect(self.engine) as conn, self._read_sessions(bind=conn) as s, s.begin():
                yield s
        except DocReviewError:
            raise
        except SQLAlchemyError as e:
            if _disconnected(e):
                raise StoreError(UNAVAILABLE) from e
            raise StoreError(f"数据库读取失败 / database read failed: {_short(e)}") from e

    @staticmethod
    def _insert_new(s: Session, table: Any, values: dict[str, Any], key: str) -> bool:
        """``INSERT … ON CONFLICT (key) DO NOTHING``; True when this call inserted the row.

        Two transactions inserting the same key at once: the second waits for the first and then does
        nothing, where a check-then-insert would fail with a duplicate key on PostgreSQL (SQLite, which
        serialises writers, never sees it).
        """
        insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
        stmt = insert(table).values(**values).on_conflict_do_nothing(index_elements=[key]).returning(table.c[key])
        return s.execute(stmt).first() is not None  # (rowcount is not reported for INSERT by every driver)

    @staticmethod
    def _audit(s: Session, user: User | None, action: str, entity: str, entity_id: object,
               before: Any = None, after: Any = None) -> None:
        s.add(AuditLog(at=utcnow(), user_id=user.id if user else None, user_name=user.name if user else None,
                       action=action, entity=entity, entity_id=str(entity_id), before=before, after=after))

    @staticmethod
    def _user(s: Session, user: UserRef) -> User | None:
        if user is None:
            return None
        name = user.name if isinstance(user, UserRecord) else user
        row = s.scalar(select(User).where(User.name == name))
        if row is None:
            raise StoreError(f"用户不存在 / no such user: {name}")
        return row

    def _caller(self, s: Session, user: UserRef) -> Caller:
        """Who calls (``store.access``): the account, which must be active, with its team roles; None is the
        system.  Roles are read from the database on every call, never taken from the record a page holds."""
        row = self._user(s, user)
        if row is None:
            return Caller(None)
        if not row.active:
            raise AccessError(access.DISABLED)
        teams = dict(s.execute(select(Membership.team_id, Membership.role)
                               .where(Membership.user_id == row.id)).tuples().all())
        return Caller(row, teams)

    def _admin(self, s: Session, by: UserRef) -> User | None:
        """The actor of an account or team change: the system (``None``) or an active admin."""
        caller = self._caller(s, by)
        access.require_admin(caller)
        return caller.user

    @staticmethod
    def _team(s: Session, team: str | int) -> Team:
        row = s.get(Team, team) if isinstance(team, int) else s.scalar(select(Team).where(Team.name == team.strip()))
        if row is None:
            raise StoreError(f"科室不存在 / no such team: {team}")
        return row

    @staticmethod
    def _organisation(s: Session, name: str) -> Organisation:
        row = s.scalar(select(Organisation).where(Organisation.name == name))
        if row is None:
            row = Organisation(name=name, created=utcnow())
            s.add(row)
            s.flush()
        return row

    def _default_team(self, s: Session) -> Team:
        """The team of batches and accounts created without one (made again if it was renamed away)."""
        row = s.scalar(select(Team).where(Team.name == access.DEFAULT_TEAM))
        if row is None:
            org = self._organisation(s, access.DEFAULT_ORGANISATION)
            row = Team(organisation_id=org.id, name=access.DEFAULT_TEAM, kind="department", created=utcnow())
            s.add(row)
            s.flush()
        return row

    def _check_password(self, password: str, name: str) -> str:
        """The bcrypt hash of a new password that passes the policy (length from settings, common passwords)."""
        auth.check_password_policy(password, min_length=self.settings.auth.password_min_length, user_name=name)
        return auth.hash_password(password)

    # ------------------------------------------------------------------ users and teams
    # account administration: ``by`` is the acting admin (None: the system, i.e. the CLI)

    def add_user(self, name: str, *, role: str = "reviewer", password: str, team: str | int | None = None,
                 by: UserRef = None) -> UserRecord:
        """Create an account (bcrypt-hashed password) and make it a member of ``team`` with its role; without a
        team a non-admin account joins the default team (``access.DEFAULT_TEAM``).  Raises ``ConflictError``
        when the name exists, ``AuthError`` for a bad name, role or password."""
        name = auth.check_user_name(name)
        auth.check_role(role)
        password_hash = self._check_password(password, name)
        with self._write() as s:
            actor = self._admin(s, by)
            if s.scalar(select(User.id).where(User.name == name)) is not None:
                raise ConflictError(f"用户已存在 / the user already exists: {name}")
            team_row = self._team(s, team) if team is not None else None if role == "admin" else self._default_team(s)
            row = User(name=name, role=role, password_hash=password_hash, created=utcnow(), active=True)
            s.add(row)
            s.flush()
            after: dict[str, Any] = {"name": name, "role": role}
            if team_row is not None:
                s.add(Membership(user_id=row.id, team_id=team_row.id, role=_team_role(role), created=utcnow()))
                after["team"] = team_row.name
            self._audit(s, actor, "create", "user", row.id, None, after)
            s.flush()
            return self._user_record(s, row)

    def set_password(self, name: str, password: str, *, by: UserRef = None) -> None:
        """Replace a user's password (an admin's reset; the audit entry records that it changed, never the hash)."""
        password_hash = self._check_password(password, name)
        with self._write() as s:
            actor = self._admin(s, by)
            row = self._user(s, name)
            assert row is not None
            row.password_hash = password_hash
            self._audit(s, actor, "set_password", "user", row.id, {"password": "…"}, {"password": "changed"})

    def change_password(self, name: str, current: str, new: str, *, address: str | None = None) -> None:
        """The user changes their own password: the current one is checked as a sign-in is (throttled, audited)."""
        if self._attempt(name, current, address=address, purpose="change_password") is None:
            raise auth.AuthError("当前密码错误 / the current password is wrong")
        if new == current:
            raise auth.AuthError("新密码不能与当前密码相同 / the new password is the current one")
        password_hash = self._check_password(new, name)
        with self._write() as s:
            row = self._user(s, name)
            assert row is not None
            row.password_hash = password_hash
            self._audit(s, row, "change_password", "user", row.id, {"password": "…"}, {"password": "changed"})

    def set_active(self, name: str, active: bool, *, by: UserRef = None) -> UserRecord:
        """Disable an account (it can no longer sign in, and a signed-in session of it is refused) or enable it."""
        with self._write() as s:
            actor = self._admin(s, by)
            row = self._user(s, name)
            assert row is not None
            if not active and actor is not None and actor.id == row.id:
                raise auth.AuthError("不能停用自己的账户 / you cannot disable your own account")
            if row.active != active:
                row.active = active
                self._audit(s, actor, "enable" if active else "disable", "user", row.id,
                            {"active": not active}, {"active": active})
            s.flush()
            return self._user_record(s, row)

    def set_role(self, name: str, role: str, *, team: str | int | None = None, by: UserRef = None) -> UserRecord:
        """Set the account role (and, for a non-admin role, its role in every team it belongs to), or with
        ``team`` its role in that team only (granting the team when it has none)."""
        if team is not None:
            return self.grant(name, team, role=role, by=by)
        auth.check_role(role)
        with self._write() as s:
            actor = self._admin(s, by)
            row = self._user(s, name)
            assert row is not None
            before = {"role": row.role}
            row.role = role
            if role != "admin":
                s.execute(update(Membership).where(Membership.user_id == row.id).values(role=_team_role(role)))
            self._audit(s, actor, "set_role", "user", row.id, before, {"role": role})
            s.flush()
            return self._user_record(s, row)

    def add_team(self, name: str, *, organisation: str | None = None, kind: str = "department",
                 by: UserRef = None) -> TeamRecord:
        """A team: a 业务科室 of a bureau (``kind="department"``) or a client of a firm (``"client"``)."""
        name = storable_text(name).strip()[:200]
        if not name:
            raise StoreError("科室名称不能为空 / the team needs a name")
        if kind not in ("department", "client"):
            raise StoreError(f"类型必须是 department 或 client / kind must be department or client, not {kind!r}")
        with self._write() as s:
            actor = self._admin(s, by)
            if s.scalar(select(Team.id).where(Team.name == name)) is not None:
                raise ConflictError(f"科室已存在 / the team already exists: {name}")
            org = self._organisation(s, storable_text(organisation or access.DEFAULT_ORGANISATION).strip()[:200])
            row = Team(organisation_id=org.id, name=name, kind=kind, created=utcnow())
            s.add(row)
            s.flush()
            self._audit(s, actor, "create", "team", row.id, None,
                        {"name": name, "organisation": org.name, "kind": kind})
            return self._team_records(s, [row])[0]

    def list_teams(self) -> list[TeamRecord]:
        """Every team with its organisation and members."""
        with self._read() as s:
            return self._team_records(s, list(s.scalars(select(Team).order_by(Team.id))))

    def grant(self, name: str, team: str | int, *, role: str | None = None, by: UserRef = None) -> UserRecord:
        """Make a user a member of ``team`` with ``role`` (lead | reviewer | viewer; default: from the account role)."""
        with self._write() as s:
            actor = self._admin(s, by)
            row = self._user(s, name)
            assert row is not None
            team_row = self._team(s, team)
            team_role = auth.check_team_role(role) if role else _team_role(row.role)
            current = s.get(Membership, (row.id, team_row.id))
            before = {"user": row.name, "role": current.role} if current else None
            if current is None:
                s.add(Membership(user_id=row.id, team_id=team_row.id, role=team_role, created=utcnow()))
            else:
                current.role = team_role
            self._audit(s, actor, "grant", "team", team_row.id, before, {"user": row.name, "role": team_role})
            s.flush()
            return self._user_record(s, row)

    def revoke(self, name: str, team: str | int, *, by: UserRef = None) -> UserRecord:
        """Take a user out of a team."""
        with self._write() as s:
            actor = self._admin(s, by)
            row = self._user(s, name)
            assert row is not None
            team_row = self._team(s, team)
            current = s.get(Membership, (row.id, team_row.id))
            if current is not None:
                self._audit(s, actor, "revoke", "team", team_row.id, {"user": row.name, "role": current.role}, None)
                s.delete(current)
            s.flush()
            return self._user_record(s, row)

    def authenticate(self, name: str, password: str, *, address: str | None = None) -> UserRecord | None:
        """The user when ``password`` is right and the account active, else None (the same time for an unknown
        name).  Every attempt is recorded (``sign_in_attempts``) and audited (entity ``sign_in``: time, name,
        address, outcome); too many wrong passwords for the account or from ``address`` make the next attempts
        wait, then lock them out (``settings.auth``, ``auth.refused_until``): those raise ``auth.SignInThrottled``
        without the password being checked, even when it is right."""
        return self._attempt(name, password, address=address, purpose="sign_in")

    def _attempt(self, name: str, password: str, *, address: str | None, purpose: str) -> UserRecord | None:
        key = storable_text(unicodedata.normalize("NFC", name or "")).strip()[:100]
        where = storable_text(address).strip()[:100] or None if address else None
        attempt_id, retry_after_s = self._admit_attempt(key, where, purpose)
        if attempt_id is None:
            raise auth.SignInThrottled(retry_after_s)
        with self._read() as s:
            row = s.scalar(select(User).where(User.name == key))
            found = (row.id, row.password_hash, row.active) if row is not None else None
        if found is None:
            auth.burn_time(password)
            ok, reason = False, "unknown user"
        else:
            ok = auth.verify_password(password, found[1])
            reason = "wrong password" if not ok else ""
            if ok and not found[2]:
                ok, reason = False, "account disabled"
        return self._settle_attempt(attempt_id, key, where, "ok" if ok else "failed", reason, purpose)

    def _admit_attempt(self, key: str, where: str | None, purpose: str) -> tuple[int | None, float]:
        """The throttle's check and the attempt's record in one serialised step: (the id of the attempt, recorded as
        ``failed`` until ``_settle_attempt`` writes its outcome, so that it counts as a wrong password for everyone
        checked meanwhile, and for good should the process die while checking; 0) when the password may be
        checked, else (None, seconds to wait) with a ``refused`` attempt recorded and audited.

        Serialised per account and per address: the write transaction holds SQLite's write lock from its start
        (``BEGIN IMMEDIATE``); on PostgreSQL transaction-level advisory locks keyed by the account and the address
        (taken in a fixed order).  So simultaneous guesses are counted one after another: no more than
        ``max_failures`` of them ever reach the password hash within the window."""
        cfg = self.settings.auth
        lockout_s = cfg.lockout_minutes * 60
        keep = dt.timedelta(seconds=max(86_400.0, cfg.window_s + lockout_s))
        with self._write() as s:
            if s.get_bind().dialect.name == "postgresql":
                for lock in sorted({_sign_in_lock("account", key), *([_sign_in_lock("address", where)] if where
                                                                     else [])}):
                    s.execute(select(func.pg_advisory_xact_lock(cast(SIGN_IN_LOCK, Integer), cast(lock, Integer))))
            now = utcnow()  # after the lock: the attempts of those who held it are committed and seen
            horizon = now - dt.timedelta(seconds=cfg.window_s + lockout_s)
            last_ok = s.scalar(select(func.max(SignInAttempt.at))
                               .where(SignInAttempt.user_name == key, SignInAttempt.outcome == "ok"))
            since = max(horizon, last_ok) if last_ok is not None else horizon
            by_account = list(s.scalars(select(SignInAttempt.at).where(
                SignInAttempt.user_name == key, SignInAttempt.outcome == "failed", SignInAttempt.at > since)))
            by_address = list(s.scalars(select(SignInAttempt.at).where(
                SignInAttempt.address == where, SignInAttempt.outcome == "failed",
                SignInAttempt.at > horizon))) if where else []
            ends = [end for end in (
                auth.refused_until(by_account, now=now, limit=cfg.max_failures, window_s=cfg.window_s,
                                   lockout_s=lockout_s, delay_s=cfg.delay_s),
                auth.refused_until(by_address, now=now, limit=cfg.max_failures_per_address, window_s=cfg.window_s,
                                   lockout_s=lockout_s, delay_s=cfg.delay_s)) if end is not None]
            # the throttle looks back a window and a lockout at most; the audit log keeps every attempt for good
            s.execute(delete(SignInAttempt).where(SignInAttempt.at < now - keep))
            attempt = SignInAttempt(at=now, user_name=key, address=where, outcome="refused" if ends else "failed")
            s.add(attempt)
            if ends:
                self._audit(s, None, "sign_in_refused", "sign_in", key, None, {"address": where, "purpose": purpose})
                return None, (max(ends) - now).total_seconds()
            s.flush()
            return attempt.id, 0.0

    def _settle_attempt(self, attempt_id: int, key: str, where: str | None, outcome: str, reason: str | None,
                        purpose: str) -> UserRecord | None:
        """Write the outcome of an admitted attempt (``ok`` or ``failed``) and audit it; the user when ``ok``."""
        with self._write() as s:
            if outcome != "failed":
                s.execute(update(SignInAttempt).where(SignInAttempt.id == attempt_id).values(outcome=outcome))
            row = s.scalar(select(User).where(User.name == key)) if outcome == "ok" else None
            action = {"ok": "sign_in", "failed": "sign_in_failed"}[outcome]
            after: dict[str, Any] = {"address": where, "purpose": purpose}
            if reason:
                after["reason"] = reason
            self._audit(s, row, action, "sign_in", key, None, after)
            s.flush()
            return self._user_record(s, row) if row is not None else None

    # ------------------------------------------------------------------ the app's signed-in sessions (issue 16)

    def open_session(self, session_id: str, user_name: str, *, now: dt.datetime, forget_before: dt.datetime) -> None:
        """Record a new signed-in session (only a hash of its id); sessions unused since ``forget_before`` go."""
        with self._write() as s:
            s.execute(delete(UserSession).where(UserSession.last_seen < forget_before))
            s.add(UserSession(id_hash=_session_hash(session_id), user_name=user_name, created=now, last_seen=now))

    def get_session(self, session_id: str) -> tuple[str, dt.datetime] | None:
        """(user name, last activity) of a live session; None when it was closed or never opened."""
        with self._read() as s:
            row = s.scalar(select(UserSession).where(UserSession.id_hash == _session_hash(session_id)))
            return (row.user_name, row.last_seen) if row is not None else None

    def touch_session(self, session_id: str, *, now: dt.datetime) -> None:
        """Renew a session's last activity (callers write it at most once a minute)."""
        with self._write() as s:
            s.execute(update(UserSession).where(UserSession.id_hash == _session_hash(session_id),
                                                UserSession.last_seen < now).values(last_seen=now))

    def close_session(self, session_id: str) -> None:
        """End a session (sign-out, idle timeout, a disabled account): every app process sees it at once."""
        with self._write() as s:
            s.execute(delete(UserSession).where(UserSession.id_hash == _session_hash(session_id)))

    def get_user(self, name: str) -> UserRecord | None:
        with self._read() as s:
            row = s.scalar(select(User).where(User.name == name))
            return self._user_record(s, row) if row else None

    def list_users(self) -> list[UserRecord]:
        with self._read() as s:
            return [self._user_record(s, u) for u in s.scalars(select(User).order_by(User.name))]

    def has_users(self) -> bool:
        """Whether any account exists (the sign-in page says how to make the first one when none does)."""
        with self._read() as s:
            return s.scalar(select(User.id).limit(1)) is not None

    @staticmethod
    def _user_record(s: Session, u: User) -> UserRecord:
        teams = dict(s.execute(select(Team.name, Membership.role).join(Membership, Membership.team_id == Team.id)
                               .where(Membership.user_id == u.id).order_by(Team.id)).tuples().all())
        return UserRecord(id=u.id, name=u.name, role=u.role, created=u.created,  # type: ignore[arg-type]
                          active=u.active, teams=teams)  # type: ignore[arg-type]

    @staticmethod
    def _team_records(s: Session, rows: list[Team]) -> list[TeamRecord]:
        orgs = dict(s.execute(select(Organisation.id, Organisation.name)).tuples().all())
        members: dict[int, dict[str, str]] = defaultdict(dict)
        for team_id, user_name, role in s.execute(
                select(Membership.team_id, User.name, Membership.role).join(User, User.id == Membership.user_id)
                .where(Membership.team_id.in_([t.id for t in rows])).order_by(User.name)):
            members[team_id][user_name] = role
        return [TeamRecord(id=t.id, name=t.name, organisation=orgs.get(t.organisation_id, ""),
                           kind=t.kind, created=t.created, members=members[t.id])  # type: ignore[arg-type]
                for t in rows]

    # ------------------------------------------------------------------ documents

    def blob_path(self, sha256: str) -> Path:
        """Where the bytes of a document live: ``blobs/ab/cdef…``."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise StoreError(f"无效的文档哈希 / invalid document hash: {sha256!r}")
        return self.blobs_dir / sha256[:2] / sha256[2:]

    def store_document(self, source: Path | bytes, filename: str | None = None, *, user: UserRef) -> str:
        """Store a file's bytes content-addressed and record its metadata; return its sha256.

        ``source`` is a path or the bytes themselves; ``filename`` (required for bytes) is the name
        the user gave it and is sanitised.  Storing the same bytes again is a no-op.  Raises
        ``FileTooLarge``, ``EmptyDocument`` or ``UnsupportedFormat`` (naming the file), ``AccessError`` for
        an account that may not upload (read-only, or in no team); a refused file leaves nothing behind.
        """
        if isinstance(source, bytes | bytearray):
            if not filename:
                raise StoreError("存储字节内容需要文件名 / a file name is required when storing bytes")
            data = bytes(source)
        else:
            data = Path(source).read_bytes()
            filename = filename or Path(source).name
        name = sanitize_filename(filename)
        limit_mb = self.settings.store.upload_max_mb
        if len(data) > limit_mb * 1024 * 1024:
            raise FileTooLarge(name, f"{len(data) / 1024 / 1024:.1f} MB > {limit_mb:g} MB")
        if not data:
            raise EmptyDocument(name)
        fmt = format_from_name(name)
        if fmt is None:
            raise UnsupportedFormat(name, "PDF / DOCX / XLSX / HTML / TXT / MD")
        with self._read() as s:
            caller = self._caller(s, user)
            if not caller.admin and not caller.writable_teams():
                raise AccessError(f"{name}: {access.READ_ONLY}")
        sha = hashlib.sha256(data).hexdigest()
        self._write_blob(sha, data)
        try:
            with self._write() as s:
                actor = self._user(s, user)
                # idempotent: the same bytes uploaded by several users at the same instant are one row, all succeed
                created = self._insert_new(s, StoredDocument.__table__, {
                    "sha256": sha, "filename": name, "size": len(data), "format": fmt, "created": utcnow()},
                    "sha256")
                if created:
                    self._audit(s, actor, "create", "document", sha, None,
                                {"filename": name, "size": len(data), "format": fmt})
        except StoreError as e:  # name the file: the upload page lists one message per file
            raise type(e)(f"{name}: {e.message}") from e
        return sha

    @property
    def blobs_in_database(self) -> bool:
        """Whether document bytes live in the database (table ``blobs``): on PostgreSQL, so that queue workers
        on other machines can read them; on SQLite they stay in the workspace's ``blobs/`` folder."""
        return self.engine.dialect.name == "postgresql"

    def _write_blob(self, sha: str, data: bytes) -> None:
        if self.blobs_in_database:
            with self._write() as s:  # idempotent: the same bytes stored twice at once are one row
                self._insert_new(s, Blob.__table__, {"sha256": sha, "size": len(data), "data": data,
                                                     "created": utcnow()}, "sha256")
            return
        path = self.blob_path(sha)
        if path.exists() and path.stat().st_size == len(data):
            return
        tmp = ""
        try:
            private_dir(self.blobs_dir)  # 0700 folders; mkstemp makes the file 0600 and os.replace keeps it
            private_dir(path.parent)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except OSError as exc:  # nothing half-written: the temporary file goes, the blob never appears
            reason = "磁盘空间不足 / no space left on device" if exc.errno in (28, 122) else (
                exc.strerror or type(exc).__name__)
            raise StoreError(f"文件无法保存 / the file cannot be stored: {reason}") from None
        finally:
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)

    def read_document(self, sha256: str, *, user: UserRef) -> bytes:
        """The stored bytes of a document (from the database or the blob folder), checked against their hash;
        ``AccessError`` unless the document is part of a review the caller may read."""
        path = self.blob_path(sha256)  # checks the hash's form
        with self._read() as s:
            self._require_document(s, self._caller(s, user), sha256)
        data: bytes | None = None
        if self.blobs_in_database:
            with self._read() as s:
                data = s.scalar(select(Blob.data).where(Blob.sha256 == sha256))
        if data is None:  # SQLite, or a document stored before its bytes moved into the database
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                raise StoreError(f"文档内容不存在 / the stored bytes of document {sha256} are missing") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StoreError(f"文档内容与哈希不符 / stored bytes do not match their hash: {sha256}")
        return data

    def get_document(self, sha256: str, *, user: UserRef) -> DocumentRecord:
        with self._read() as s:
            self._require_document(s, self._caller(s, user), sha256)
            row = s.get(StoredDocument, sha256)
            if row is None:
                raise StoreError(f"文档不存在 / no such document: {sha256}")
            return _document_record(row)

    # ------------------------------------------------------------------ batches

    def create_batch(self, name: str, *, user: UserRef, team: str | int | None = None, unit_name: str = "",
                     profile: str = "default") -> BatchRecord:
        """A batch groups the reviews of one upload (one unit, one scoring profile) and belongs to ``team``: by
        default the caller's first team in which they may upload (an admin or the system without teams: the
        default team).  ``AccessError`` when the caller may not upload into that team."""
        name = storable_text(name).strip()
        if not name:
            raise StoreError("批次名称不能为空 / the batch needs a name")
        with self._write() as s:
            caller = self._caller(s, user)
            team_row = self._batch_team(s, caller, team)
            actor = caller.user
            row = Batch(name=name[:200], unit_name=storable_text(unit_name).strip()[:200], profile=profile,
                        created_by=actor.id if actor else None, created=utcnow(), team_id=team_row.id)
            s.add(row)
            s.flush()
            self._audit(s, actor, "create", "batch", row.id, None,
                        {"name": row.name, "unit_name": row.unit_name, "profile": profile, "team": team_row.name})
            return _batch_record(row, actor.name if actor else None, team_row.name)

    def _batch_team(self, s: Session, caller: Caller, team: str | int | None) -> Team:
        if team is not None:
            row = self._team(s, team)
            if not access.may_decide(caller.team_role(row.id)):
                raise AccessError(f"无权在科室「{row.name}」上传或创建批次 / you may not upload into team {row.name}")
            return row
        ids = sorted(caller.teams) if caller.admin else caller.writable_teams()
        if ids:
            found = s.get(Team, ids[0])
            assert found is not None
            return found
        if caller.admin:
            return self._default_team(s)
        raise AccessError("账户不属于任何可以上传的科室，请联系管理员 / your account is in no team you may upload to; "
                          "ask an admin")

    def list_batches(self, *, user: UserRef) -> list[BatchRecord]:
        """The batches the caller may see (of their teams, or holding a review assigned to them), newest first."""
        with self._read() as s:
            q = select(Batch).order_by(Batch.created.desc(), Batch.id.desc())
            visible = _visible_batches(self._caller(s, user))
            if visible is not None:
                q = q.where(visible)
            rows = s.scalars(q).all()
            names = _user_names(s, [b.created_by for b in rows])
            teams = _team_names(s, [b.team_id for b in rows])
            return [_batch_record(b, names.get(b.created_by), teams.get(b.team_id, "")) for b in rows]

    def get_batch(self, batch_id: int, *, user: UserRef) -> BatchRecord:
        with self._read() as s:
            row = self._batch_row(s, self._caller(s, user), batch_id)
            return _batch_record(row, _user_names(s, [row.created_by]).get(row.created_by),
                                 _team_names(s, [row.team_id]).get(row.team_id, ""))

    def move_batch(self, batch_id: int, team: str | int, *, by: UserRef = None) -> BatchRecord:
        """Put a batch, and so its reviews, in another team (an admin's call: e.g. to sort the batches that an
        older workspace's migration put in the default team)."""
        with self._write() as s:
            actor = self._admin(s, by)
            row = s.get(Batch, batch_id)
            if row is None:
                raise StoreError(f"批次不存在 / no such batch: {batch_id}")
            team_row = self._team(s, team)
            before = _team_names(s, [row.team_id]).get(row.team_id, "")
            if row.team_id != team_row.id:
                row.team_id = team_row.id
                self._audit(s, actor, "move", "batch", row.id, {"team": before}, {"team": team_row.name})
            s.flush()
            return _batch_record(row, _user_names(s, [row.created_by]).get(row.created_by), team_row.name)

    def delete_batch(self, batch_id: int, *, by: UserRef = None) -> BatchRecord:
        """Soft-delete a batch (an admin's call, audited): it and its reviews are hidden from every list, read
        and write, its unfinished jobs are cancelled; the rows stay for the audit trail."""
        with self._write() as s:
            actor = self._admin(s, by)
            row = s.get(Batch, batch_id)
            if row is None or row.deleted is not None:
                raise StoreError(f"批次不存在 / no such batch: {batch_id}")
            row.deleted = utcnow()
            # as store.jobs.cancel_batch: queued jobs end now, running ones stop at their next stage boundary
            queued = s.execute(update(Job).where(Job.batch_id == batch_id, Job.state == "queued")
                               .values(state="cancelled", error="批次已删除 / the batch was deleted", finished=utcnow(),
                                       updated=utcnow()).execution_options(synchronize_session=False))
            running = s.execute(update(Job).where(Job.batch_id == batch_id, Job.state == "running")
                                .values(cancel_requested=True, updated=utcnow())
                                .execution_options(synchronize_session=False))
            stopped = int(queued.rowcount) + int(running.rowcount)  # type: ignore[attr-defined]
            self._audit(s, actor, "delete", "batch", row.id, {"name": row.name, "deleted": None},
                        {"deleted": row.deleted.isoformat(), "jobs_cancelled": stopped})
            s.flush()
            return _batch_record(row, _user_names(s, [row.created_by]).get(row.created_by),
                                 _team_names(s, [row.team_id]).get(row.team_id, ""))

    def delete_review(self, review_id: int, *, by: UserRef = None) -> None:
        """Soft-delete a review version (an admin's call, audited): hidden from every list, read and write."""
        with self._write() as s:
            actor = self._admin(s, by)
            row = s.get(ReviewRow, review_id)
            if row is None or row.deleted is not None:
                raise StoreError(f"审核记录不存在 / no such review: {review_id}")
            row.deleted = utcnow()
            self._audit(s, actor, "delete", "review", row.id, {"deleted": None, "unit_name": row.unit_name,
                                                               "version": row.version},
                        {"deleted": row.deleted.isoformat()})

    @staticmethod
    def _batch_row(s: Session, caller: Caller, batch_id: int) -> Batch:
        """A batch the caller may see; ``AccessError`` otherwise (also for a missing one, unless an admin asks)."""
        row = s.get(Batch, batch_id)
        if row is None and caller.admin:
            raise StoreError(f"批次不存在 / no such batch: {batch_id}")
        visible = _visible_batches(caller)
        if row is None or (visible is not None and s.scalar(select(Batch.id).where(Batch.id == batch_id, visible))
                           is None):
            raise AccessError("无权访问该批次 / you have no access to this batch")
        return row

    # ------------------------------------------------------------------ reviews

    def save_review(self, batch_id: int, review: Review,
                    documents: Sequence[tuple[str, str] | tuple[str, str, str]] | Mapping[str, str], *,
                    user: UserRef, unit_name: str | None = None,
                    in_transaction: Callable[[Session, int], None] | None = None,
                    docset: str | None = None) -> ReviewRecord:
        """Save ``review`` as the next version for its document set and return it.

        ``docset`` is the key of the document set this review is a version of (64 characters); by default
        ``docset_key`` of the documents' hashes.  The queue passes ``history.unit_version_key`` (the unit and
        the kinds of its report files), so a corrected re-upload is the next version whatever its bytes.

        ``documents`` lists ``(sha256, role)`` or ``(sha256, role, filename)`` entries (role ``policy`` or
        ``report``) of files already stored with ``store_document``; ``filename`` is the (sanitised) name
        the file had in this review, by default the name it was first stored under.  The same batch with
        the same set of hashes makes a new
        version; verdicts and comments on flags whose ``flag_key`` is unchanged are carried over from
        the most recent earlier version that has them (each copy is audited), and earlier open
        versions are closed.  All of it is one transaction.  The caller must be a lead or reviewer of the
        batch's team (or an admin, or the system).

        ``in_transaction(session, review_id)`` runs inside that transaction after the review is written (the
        queue marks its job done there); when it raises, nothing is saved.
        """
        entries = list(documents.items()) if isinstance(documents, Mapping) else list(documents)
        if not entries:
            raise StoreError("审核结果必须关联文档 / a review needs its documents")
        names = {(e[0], e[1]): sanitize_filename(e[2]) for e in entries if len(e) > 2 and e[2]}
        pairs = [(e[0], e[1]) for e in entries]
        for _sha, role in pairs:
            if role not in ("policy", "report"):
                raise StoreError(f"文档角色必须是 policy 或 report / document role must be policy or report: {role!r}")
        key = docset or docset_key(sha for sha, _ in pairs)
        review_json = storable(review.model_dump(mode="json"))
        if review_json != review.model_dump(mode="json"):  # text the databases refuse: keep what is stored
            review = Review.model_validate(review_json)
        with self._write() as s:
            caller = self._caller(s, user)
            actor = caller.user
            batch = self._batch_row(s, caller, batch_id)
            if not access.may_decide(caller.team_role(batch.team_id)):
                raise AccessError("无权向该批次添加审核记录 / you may not add reviews to this batch")
            stored: dict[str, StoredDocument] = {}
            for sha, _ in pairs:
                doc = s.get(StoredDocument, sha)
                if doc is None:
                    raise StoreError(f"文档未存储 / document not stored: {sha}")
                stored[sha] = doc
            score = review.score
            unit = storable_text(unit_name if unit_name is not None else batch.unit_name).strip()[:200]
            row = self._add_next_version(s, batch_id, key, lambda version: ReviewRow(
                batch_id=batch_id, docset_key=key, version=version, review_uid=review.id, created=utcnow(),
                created_by=actor.id if actor else None, profile=review.profile, unit_name=unit,
                review_json=review_json, computed_total=score.computed_total,
                self_total=score.self_total, rating=score.rating, execution_rate=score.execution_rate,
                budget_score=score.budget_score, flag_count=len(review.flags), status="open",
            ))
            version = row.version
            # read after the new version is in: every earlier version is committed by then (see _add_next_version)
            previous = s.scalars(
                select(ReviewRow).options(defer(ReviewRow.review_json))
                .where(ReviewRow.batch_id == batch_id, ReviewRow.docset_key == key, ReviewRow.version < version)
                .order_by(ReviewRow.version.desc())).all()
            seen: set[tuple[str, str]] = set()
            for position, (sha, role) in enumerate(pairs):
                if (sha, role) in seen:
                    continue
                seen.add((sha, role))
                s.add(ReviewDocument(review_id=row.id, sha256=sha, role=role, position=position,
                                     filename=names.get((sha, role), stored[sha].filename)))
            flag_rows = self._insert_flags(s, row, review)
            self._insert_explanations(s, row, review, flag_rows)
            self._audit(s, actor, "create", "review", row.id, None, {
                "batch_id": batch_id, "docset_key": key, "version": version, "review_uid": review.id,
                "profile": review.profile, "computed_total": score.computed_total, "rating": score.rating,
                "documents": [{"sha256": sha, "role": role, "filename": names.get((sha, role), stored[sha].filename)}
                              for sha, role in pairs],
                "flags": {str(f.id): f.flag_key for f in flag_rows},
            })
            if previous:
                self._carry_over(s, actor, row, flag_rows, [p.id for p in previous])
                for prev in previous:
                    if prev.status == "open":
                        prev.status = "closed"
                        self._audit(s, actor, "close", "review", prev.id, {"status": "open"},
                                    {"status": "closed", "superseded_by": row.id})
            s.flush()
            if in_transaction is not None:
                in_transaction(s, row.id)
            return self._review_record(s, row)

    @staticmethod
    def _add_next_version(s: Session, batch_id: int, key: str, make_row: Callable[[int], ReviewRow]) -> ReviewRow:
        """Insert ``make_row(n)`` with ``n`` the next version number of document set ``key`` in the batch.

        The unique constraint ``uq_reviews_docset_version`` decides between concurrent savers (on PostgreSQL;
        SQLite serialises writers): a second insert of the same number waits for the first transaction, fails
        when it commits, and the loser takes the number after it in a fresh savepoint.  A number is only won
        when every lower one is committed, so the earlier versions read afterwards are complete.
        """
        latest = select(func.max(ReviewRow.version)).where(ReviewRow.batch_id == batch_id,
                                                           ReviewRow.docset_key == key)
        for _ in range(VERSION_ATTEMPTS):
            row = make_row((s.scalar(latest) or 0) + 1)
            try:
                with s.begin_nested():
                    s.add(row)
            except IntegrityError as e:
                if _violates(e, "uq_reviews_docset_version", "reviews.version"):
                    continue
                raise
            return row
        raise ConflictError("该组文件正被多人同时保存，请稍后重试 / this document set is being saved by many users at "
                            "once; try again in a moment")

    @staticmethod
    def _insert_flags(s: Session, row: ReviewRow, review: Review) -> list[FlagRow]:
        rows: list[FlagRow] = []
        used: dict[str, int] = {}
        for position, flag in enumerate(review.flags):
            key = flag_key(flag)
            n = used.get(key, 0) + 1
            used[key] = n
            if n > 1:  # the same finding twice in one review: keep both, keys stay unique and stable
                key = f"{key}#{n}"
            fr = FlagRow(review_id=row.id, flag_key=key, flag_uid=flag.id, position=position, type=flag.type,
                         indicator=flag.indicator, severity=flag.severity, message=flag.message,
                         inputs=flag.model_dump(mode="json")["inputs"],
                         evidence=[e.model_dump(mode="json") for e in flag.evidence],
                         searched=[h.model_dump(mode="json") for h in flag.searched])
            s.add(fr)
            rows.append(fr)
        s.flush()
        return rows

    @staticmethod
    def _insert_explanations(s: Session, row: ReviewRow, review: Review, flag_rows: list[FlagRow]) -> None:
        by_uid = {fr.flag_uid: fr.id for fr in flag_rows}
        for ex in review.explanations:
            s.add(ExplanationRow(review_id=row.id, flag_id=by_uid.get(ex.flag_id), flag_uid=ex.flag_id,
                                 text=ex.text, source=ex.source, prompt=ex.prompt, model=ex.model,
                                 grounded=ex.grounded, rejected_reason=ex.rejected_reason,
                                 data=ex.model_dump(mode="json")))

    def _carry_over(self, s: Session, actor: User | None, row: ReviewRow, flag_rows: list[FlagRow],
                    previous_ids: list[int]) -> None:
        """Copy verdicts and comments of unchanged flags (same key) from the earlier versions."""
        by_key = {fr.flag_key: fr for fr in flag_rows}
        old_flags = s.execute(
            select(FlagRow.id, FlagRow.flag_key, FlagRow.review_id, ReviewRow.version)
            .join(ReviewRow, ReviewRow.id == FlagRow.review_id)
            .where(FlagRow.review_id.in_(previous_ids), FlagRow.flag_key.in_(list(by_key)))
            .order_by(ReviewRow.version.desc())).all()
        old_ids = [f.id for f in old_flags]
        verdicts = {v.flag_id: v for v in s.scalars(select(Verdict).where(Verdict.flag_id.in_(old_ids)))}
        undone = _undone_versions(s, [i for i in old_ids if i not in verdicts])
        comments: dict[int, list[Comment]] = defaultdict(list)
        for c in s.scalars(select(Comment).where(Comment.flag_id.in_(old_ids)).order_by(Comment.id)):
            comments[c.flag_id or 0].append(c)
        verdict_done: set[str] = set()
        comments_done: set[str] = set()
        for old in old_flags:  # newest version first: the most recent verdict wins
            new = by_key[old.flag_key]
            v = verdicts.get(old.id)
            if v is None and old.id in undone:  # undone there (clear_verdict): the latest word, so no older verdict
                verdict_done.add(old.flag_key)
            if v is not None and old.flag_key not in verdict_done:
                verdict_done.add(old.flag_key)
                nv = Verdict(flag_id=new.id, decision=v.decision, comment=v.comment, user_id=v.user_id,
                             updated=utcnow(), version=1, carried_from_id=v.id)
                s.add(nv)
                s.flush()
                self._audit(s, actor, "carry_over", "verdict", new.id,
                            {"from_flag_id": old.id, "from_review_id": old.review_id, "from_verdict_id": v.id},
                            _verdict_snapshot(nv, s))
            if comments.get(old.id) and old.flag_key not in comments_done:
                comments_done.add(old.flag_key)
                for c in comments[old.id]:
                    nc = Comment(review_id=row.id, flag_id=new.id, user_id=c.user_id, text=c.text,
                                 created=c.created, carried_from_id=c.id)
                    s.add(nc)
                    s.flush()
                    self._audit(s, actor, "carry_over", "comment", nc.id,
                                {"from_comment_id": c.id, "from_flag_id": old.id},
                                {"review_id": row.id, "flag_id": new.id, "text": c.text})
        # review-level comments of the latest earlier version
        latest_prev = previous_ids[0]
        for c in s.scalars(select(Comment).where(Comment.review_id == latest_prev, Comment.flag_id.is_(None))
                           .order_by(Comment.id)):
            nc = Comment(review_id=row.id, flag_id=None, user_id=c.user_id, text=c.text, created=c.created,
                         carried_from_id=c.id)
            s.add(nc)
            s.flush()
            self._audit(s, actor, "carry_over", "comment", nc.id, {"from_comment_id": c.id},
                        {"review_id": row.id, "flag_id": None, "text": c.text})

    def set_review_status(self, review_id: int, status: str, *, user: UserRef) -> ReviewSummary:
        """Close or reopen a review version: a lead of its team or an admin (a closed review is read-only)."""
        if status not in ("open", "closed"):
            raise StoreError(f"状态必须是 open 或 closed / status must be open or closed: {status!r}")
        with self._write() as s:
            caller = self._caller(s, user)
            row, role = self._review_access(s, caller, review_id)
            access.require_manage(role)
            if row.status != status:
                before = row.status
                row.status = status
                self._audit(s, caller.user, "set_status", "review", row.id, {"status": before}, {"status": status})
            s.flush()
            return self._summaries(s, [row])[0]

    def review_access(self, review_id: int, *, user: UserRef) -> ReviewAccess:
        """What the caller may do with a review (``AccessError`` when they may not even read it)."""
        with self._read() as s:
            row, role = self._review_access(s, self._caller(s, user), review_id)
            return ReviewAccess(review_id=row.id, role=role, decide=access.may_decide(role) and row.status == "open",  # type: ignore[arg-type]
                                manage=access.may_manage(role), closed=row.status != "open",
                                assignees=self._assignees(s, row))

    def assign_review(self, review_id: int, assignee: str, *, user: UserRef) -> list[str]:
        """Assign the document set of a review (all its versions) to a user, or share it with a user outside the
        team: a lead of the team or an admin.  Returns the assignees."""
        with self._write() as s:
            caller = self._caller(s, user)
            row, role = self._review_access(s, caller, review_id)
            access.require_manage(role)
            target = self._user(s, assignee)
            assert target is not None
            if not target.active:
                raise AccessError(f"{access.DISABLED}: {target.name}")
            if s.scalar(select(Assignment.id).where(Assignment.batch_id == row.batch_id, Assignment.docset_key
                                                    == row.docset_key, Assignment.user_id == target.id)) is None:
                s.add(Assignment(batch_id=row.batch_id, docset_key=row.docset_key, user_id=target.id,
                                 created_by=caller.user_id, created=utcnow()))
                self._audit(s, caller.user, "assign", "review", row.id, None, {"user": target.name})
            s.flush()
            return self._assignees(s, row)

    def unassign_review(self, review_id: int, assignee: str, *, user: UserRef) -> list[str]:
        """Take an assignment (or a share) back: a lead of the team or an admin.  Returns the assignees."""
        with self._write() as s:
            caller = self._caller(s, user)
            row, role = self._review_access(s, caller, review_id)
            access.require_manage(role)
            target = self._user(s, assignee)
            assert target is not None
            gone = s.execute(delete(Assignment).where(
                Assignment.batch_id == row.batch_id, Assignment.docset_key == row.docset_key,
                Assignment.user_id == target.id).returning(Assignment.id)).first()
            if gone is not None:
                self._audit(s, caller.user, "unassign", "review", row.id, {"user": target.name}, None)
            s.flush()
            return self._assignees(s, row)

    @staticmethod
    def _assignees(s: Session, row: ReviewRow) -> list[str]:
        return list(s.scalars(select(User.name).join(Assignment, Assignment.user_id == User.id)
                              .where(Assignment.batch_id == row.batch_id, Assignment.docset_key == row.docset_key)
                              .order_by(User.name)))

    def list_reviews(self, *, user: UserRef, batch_id: int | None = None, status: str | None = None,
                     latest_only: bool = False, assigned_to: str | None = None) -> list[ReviewSummary]:
        """The review versions the caller may see, newest first; ``latest_only`` keeps the newest version of each
        document set; ``assigned_to`` keeps those assigned to (or shared with) that user (分配给我)."""
        with self._read() as s:
            q = select(ReviewRow).options(defer(ReviewRow.review_json))
            visible = _visible_reviews(self._caller(s, user))
            if visible is not None:
                q = q.where(visible)
            if assigned_to is not None:
                q = q.where(select(Assignment.id).join(User, User.id == Assignment.user_id)
                            .where(Assignment.batch_id == ReviewRow.batch_id,
                                   Assignment.docset_key == ReviewRow.docset_key, User.name == assigned_to)
                            .exists())
            if batch_id is not None:
                q = q.where(ReviewRow.batch_id == batch_id)
            if status is not None:
                q = q.where(ReviewRow.status == status)
            rows = list(s.scalars(q.order_by(ReviewRow.created.desc(), ReviewRow.id.desc())))
            if latest_only:
                rows = _latest(rows)
            return self._summaries(s, rows)

    def get_review(self, review_id: int, *, user: UserRef) -> ReviewRecord:
        """A stored review with its documents, flags, verdicts, comments and explanations (``AccessError`` when
        the caller may not read it: the exports are made from this record, so they are checked here too)."""
        with self._read() as s:
            row, _role = self._review_access(s, self._caller(s, user), review_id)
            return self._review_record(s, row)

    def flags_for_review(self, review_id: int, *, user: UserRef, types: Iterable[str] | None = None,
                         severities: Iterable[str] | None = None, indicator: str | None = None,
                         indicators: Iterable[str | None] | None = None,
                         decisions: Iterable[str] | None = None) -> list[FlagRecord]:
        """Flags of a review, filtered by type codes, severities, an indicator name (``indicator``: a
        substring; ``indicators``: exact names, None for report-level flags) and decisions
        (``confirmed``/``dismissed``/``needs_info``/``pending``, or the Chinese labels)."""
        want_types = set(types) if types else None
        want_ind = set(indicators) if indicators else None
        want_sev = set(severities) if severities else None
        want_dec = {PENDING if d in (PENDING, "待审核") else decision_from(d) for d in decisions} if decisions else None
        with self._read() as s:
            self._review_access(s, self._caller(s, user), review_id)
            flags = self._flag_records(s, review_id)
        out = []
        for fr in flags:
            if want_types and fr.flag.type not in want_types:
                continue
            if want_sev and fr.flag.severity not in want_sev:
                continue
            if indicator and indicator.strip() not in (fr.flag.indicator or ""):
                continue
            if want_ind is not None and fr.flag.indicator not in want_ind:
                continue
            if want_dec and fr.decision not in want_dec:
                continue
            out.append(fr)
        return out

    def versions(self, review_id: int, *, user: UserRef) -> list[ReviewSummary]:
        """All versions of the document set of ``review_id``, oldest first."""
        with self._read() as s:
            row, _role = self._review_access(s, self._caller(s, user), review_id)
            rows = s.scalars(select(ReviewRow).options(defer(ReviewRow.review_json))
                             .where(ReviewRow.batch_id == row.batch_id, ReviewRow.docset_key == row.docset_key)
                             .order_by(ReviewRow.version)).all()
            return self._summaries(s, list(rows))

    def _review_access(self, s: Session, caller: Caller, review_id: int) -> tuple[ReviewRow, str]:
        """A review the caller may read, with their role on it; ``AccessError`` otherwise (also for a missing
        review, so that ids cannot be probed; an admin is told it does not exist)."""
        row = s.get(ReviewRow, review_id)
        if row is not None and (row.deleted is not None or s.scalar(  # deleted, or in a deleted batch (issue 15)
                select(Batch.deleted).where(Batch.id == row.batch_id)) is not None):
            row = None
        if row is None:
            if caller.admin:
                raise StoreError(f"审核记录不存在 / no such review: {review_id}")
            raise AccessError()
        return row, access.require_read(self._role_on(s, caller, row))

    @staticmethod
    def _role_on(s: Session, caller: Caller, row: ReviewRow) -> str | None:
        if caller.admin:
            return "admin"
        team_id = s.scalar(select(Batch.team_id).where(Batch.id == row.batch_id))
        assigned = caller.user is not None and s.scalar(select(Assignment.id).where(
            Assignment.user_id == caller.user.id, Assignment.batch_id == row.batch_id,
            Assignment.docset_key == row.docset_key).limit(1)) is not None
        return access.review_role(caller, team_id or 0, assigned=assigned)

    def _require_document(self, s: Session, caller: Caller, sha256: str) -> None:
        """A document may be read by whoever may read a review it belongs to (an admin and the system: any, also
        one no review holds yet, such as a queued job's)."""
        if caller.admin:
            return
        visible = _visible_reviews(caller)
        if visible is None:
            return
        found = s.scalar(select(ReviewDocument.review_id).join(ReviewRow, ReviewRow.id == ReviewDocument.review_id)
                         .where(ReviewDocument.sha256 == sha256, visible).limit(1))
        if found is None:
            raise AccessError("无权访问该文档 / you have no access to this document")

    # ------------------------------------------------------------------ verdicts and comments

    def set_verdict(self, flag_id: int, decision: str, comment: str = "", *, user: UserRef,
                    expected_version: int) -> VerdictRecord:
        """Record a reviewer's decision (确认/驳回/需补充材料 or confirmed/dismissed/needs_info) on a flag.

        ``expected_version`` is the verdict version the reviewer saw (``FlagRecord.verdict_version``;
        0 when there was none).  When someone else changed the verdict since, nothing is written and
        ``ConflictError`` says who changed it to what.  ``AccessError`` when the caller may not decide on the
        review (a viewer, another team), ``ReviewClosed`` when the review is closed.
        """
        code = decision_from(decision)
        comment = _verdict_comment(comment)
        with self._write() as s:
            caller = self._caller(s, user)
            return self._write_verdict(s, caller, flag_id, code, comment, expected_version)

    def set_verdicts(self, expected: Mapping[int, int], decision: str, comment: str = "", *,
                     user: UserRef) -> list[VerdictRecord]:
        """The same decision and comment on several flags at once (bulk confirm / dismiss): ``expected`` maps each
        flag id to the verdict version the reviewer saw.  One transaction: when any flag was changed by someone
        else meanwhile (``ConflictError``), or may not be decided, nothing is written.  Each verdict is audited."""
        code = decision_from(decision)
        comment = _verdict_comment(comment)
        if not expected:
            raise StoreError("没有选择问题 / no flags selected")
        with self._write() as s:
            caller = self._caller(s, user)
            return [self._write_verdict(s, caller, fid, code, comment, version)
                    for fid, version in sorted(expected.items())]

    def clear_verdict(self, flag_id: int, *, user: UserRef, expected_version: int) -> None:
        """Undo the verdict on a flag: it is 待审核 again, audited as ``clear_verdict`` (``before``: the verdict undone).

        Versions keep growing across an undo: the undo is version n + 1 of a verdict at version n (recorded in its
        audit entry, ``FlagRecord.verdict_version`` afterwards), and the next verdict is n + 2, so that a reviewer whose
        page still shows the undone verdict cannot overwrite a later one by accident (``ConflictError``).  The next
        version of the review does not bring an older verdict back.  The same checks as ``set_verdict``; a verdict
        that was carried into a newer version of the review is undone there."""
        with self._write() as s:
            caller = self._caller(s, user)
            flag, actor = self._decidable_flag(s, caller, flag_id)
            current = s.scalar(select(Verdict).where(Verdict.flag_id == flag.id))
            if current is None:
                if _undone_versions(s, [flag.id]).get(flag.id, 0) != expected_version:
                    raise _conflict(s, None, flag.id)
                raise StoreError("该问题还没有审核结论，无需撤销 / the flag has no verdict to undo")
            if current.version != expected_version:
                raise _conflict(s, current)
            if s.scalar(select(Verdict.id).where(Verdict.carried_from_id == current.id).limit(1)) is not None:
                raise StoreError("该结论已沿用到本组文件的新版本，请在新版本中撤销 / this verdict was carried into a "
                                 "newer version of the review; undo it there")
            before = _verdict_snapshot(current, s)
            result = s.execute(delete(Verdict).where(Verdict.id == current.id, Verdict.version == expected_version)
                               .execution_options(synchronize_session=False))
            if result.rowcount != 1:  # type: ignore[attr-defined]
                s.expire(current)
                raise _conflict(s, s.scalar(select(Verdict).where(Verdict.flag_id == flag.id)), flag.id)
            self._audit(s, actor, "clear_verdict", "verdict", flag.id, before,
                        {"flag_id": flag.id, "decision": PENDING, "comment": "", "user": actor.name,
                         "version": expected_version + 1})

    def _decidable_flag(self, s: Session, caller: Caller, flag_id: int) -> tuple[FlagRow, User]:
        """A flag the caller may decide on now (an account, not the system; the review open), and the account."""
        actor = caller.user
        if actor is None:
            raise StoreError("审核结论需要审核人 / a verdict needs a user")
        flag = s.get(FlagRow, flag_id)
        if flag is None:
            if caller.admin:
                raise StoreError(f"问题不存在 / no such flag: {flag_id}")
            raise AccessError()
        review_row, role = self._review_access(s, caller, flag.review_id)
        access.require_decide(role, status=review_row.status)
        return flag, actor

    def _write_verdict(self, s: Session, caller: Caller, flag_id: int, code: str, comment: str,
                       expected_version: int) -> VerdictRecord:
        """``set_verdict`` inside the caller's transaction (``set_verdicts`` writes several in one)."""
        _flag, actor = self._decidable_flag(s, caller, flag_id)
        current = s.scalar(select(Verdict).where(Verdict.flag_id == flag_id))
        current_version = current.version if current else _undone_versions(s, [flag_id]).get(flag_id, 0)
        if current_version != expected_version:
            raise _conflict(s, current, flag_id)
        before = _verdict_snapshot(current, s) if current else None
        now = utcnow()
        if current is None:
            # the first verdict: a reviewer who set it at the same instant has inserted it first (the
            # unique flag_id makes this insert wait for them) and gets the same answer as a later one
            if not self._insert_new(s, Verdict.__table__, {
                    "flag_id": flag_id, "decision": code, "comment": comment, "user_id": actor.id,
                    "updated": now, "version": expected_version + 1, "carried_from_id": None}, "flag_id"):
                raise _conflict(s, s.scalar(select(Verdict).where(Verdict.flag_id == flag_id)))
            v = s.scalar(select(Verdict).where(Verdict.flag_id == flag_id))
            assert v is not None
        else:
            # compare-and-set: the WHERE on version makes a concurrent writer lose cleanly
            result = s.execute(
                update(Verdict).where(Verdict.id == current.id, Verdict.version == expected_version)
                .values(decision=code, comment=comment, user_id=actor.id, updated=now,
                        version=expected_version + 1)
                .execution_options(synchronize_session=False))
            if result.rowcount != 1:  # type: ignore[attr-defined]
                s.expire(current)
                raise _conflict(s, s.get(Verdict, current.id))
            s.expire(current)
            v = s.get(Verdict, current.id)
            assert v is not None
        after = _verdict_snapshot(v, s)
        self._audit(s, actor, "set_verdict", "verdict", flag_id, before, after)
        return _verdict_record(v, actor.name)

    def add_comment(self, review_id: int, text: str, *, user: UserRef, flag_id: int | None = None) -> CommentRecord:
        """Add a comment to a review or (with ``flag_id``) to one of its flags."""
        text = storable_text(text or "").strip()
        if not text:
            raise StoreError("评论不能为空 / the comment is empty")
        if len(text) > MAX_COMMENT_CHARS:
            raise StoreError(f"评论过长（最多 {MAX_COMMENT_CHARS} 字）/ comment too long")
        with self._write() as s:
            caller = self._caller(s, user)
            actor = caller.user
            if actor is None:
                raise StoreError("评论需要用户 / a comment needs a user")
            review_row, role = self._review_access(s, caller, review_id)
            access.require_decide(role, status=review_row.status)
            if flag_id is not None:
                flag = s.get(FlagRow, flag_id)
                if flag is None or flag.review_id != review_id:
                    raise StoreError(f"问题不属于该审核 / flag {flag_id} is not part of review {review_id}")
            c = Comment(review_id=review_id, flag_id=flag_id, user_id=actor.id, text=text, created=utcnow())
            s.add(c)
            s.flush()
            self._audit(s, actor, "create", "comment", c.id, None,
                        {"review_id": review_id, "flag_id": flag_id, "text": text})
            return _comment_record(c, actor.name)

    # ------------------------------------------------------------------ audit and dashboard

    def audit_for(self, entity: str | None = None, entity_id: object = None, *, user: UserRef, by: str | None = None,
                  action: str | None = None, limit: int | None = None) -> list[AuditEntry]:
        """Audit entries, oldest first, filtered by entity (``user``, ``team``, ``sign_in``, ``document``,
        ``batch``, ``review``, ``verdict`` (keyed by flag id), ``comment``), entity id, the name of the user who
        acted (``by``) and action.  The whole log is for admins (and the system); a flag's history is
        ``audit_for_flag``."""
        with self._read() as s:
            access.require_admin(self._caller(s, user))
            q = select(AuditLog)
            if entity is not None:
                q = q.where(AuditLog.entity == entity)
            if entity_id is not None:
                q = q.where(AuditLog.entity_id == str(entity_id))
            if by is not None:
                q = q.where(AuditLog.user_name == by)
            if action is not None:
                q = q.where(AuditLog.action == action)
            q = q.order_by(AuditLog.id)
            if limit is not None:
                q = q.limit(limit)
            return [AuditEntry(id=a.id, at=a.at, user=a.user_name, action=a.action, entity=a.entity,
                               entity_id=a.entity_id, before=a.before, after=a.after) for a in s.scalars(q)]

    def audit_for_flag(self, flag_id: int, *, user: UserRef) -> list[AuditEntry]:
        """The verdict history and comments of one flag, oldest first (for whoever may read its review)."""
        with self._read() as s:
            caller = self._caller(s, user)
            flag = s.get(FlagRow, flag_id)
            if flag is None:
                if caller.admin:
                    raise StoreError(f"问题不存在 / no such flag: {flag_id}")
                raise AccessError()
            self._review_access(s, caller, flag.review_id)
            comment_ids = [str(i) for i in s.scalars(select(Comment.id).where(Comment.flag_id == flag_id))]
            q = select(AuditLog).where(
                ((AuditLog.entity == "verdict") & (AuditLog.entity_id == str(flag_id)))
                | ((AuditLog.entity == "comment") & (AuditLog.entity_id.in_(comment_ids)))
            ).order_by(AuditLog.id)
            return [AuditEntry(id=a.id, at=a.at, user=a.user_name, action=a.action, entity=a.entity,
                               entity_id=a.entity_id, before=a.before, after=a.after) for a in s.scalars(q)]

    def dashboard(self, batch_id: int | None = None, *, user: UserRef) -> Dashboard:
        """Counts for the dashboard over the latest version of each document set the caller may see (of one
        batch, or all)."""
        with self._read() as s:
            caller = self._caller(s, user)
            # the review bodies are loaded only for the latest versions (for indicator results)
            q = select(ReviewRow).options(defer(ReviewRow.review_json))
            visible = _visible_reviews(caller)
            if visible is not None:
                q = q.where(visible)
            if batch_id is not None:
                self._batch_row(s, caller, batch_id)
                q = q.where(ReviewRow.batch_id == batch_id)
            rows = _latest(list(s.scalars(q.order_by(ReviewRow.created.desc(), ReviewRow.id.desc()))))
            ids = [r.id for r in rows]
            # one unit under two spellings (全角/半角, spaces) is one row: history.unit_key is the one unit identity,
            # history.clean_unit_name the spelling shown (of the newest review)
            spelling: dict[str, str] = {}
            unit_of: dict[int, str] = {}
            for r in rows:
                unit_of[r.id] = spelling.setdefault(history.unit_key(r.unit_name),
                                                    history.clean_unit_name(r.unit_name) or "（未填写单位）")
            units = sorted(set(unit_of.values()))
            types = list(FLAG_TYPES)
            counts = [[0] * len(types) for _ in units]
            cells: dict[tuple[str, str], DashboardCell] = {}
            order = {r.id: n for n, r in enumerate(rows)}
            verdicts = dict.fromkeys(DECISIONS, 0)
            verdicts[PENDING] = 0
            found = s.execute(select(FlagRow.id, FlagRow.review_id, FlagRow.type, FlagRow.position, Verdict.decision)
                              .outerjoin(Verdict, Verdict.flag_id == FlagRow.id)
                              .where(FlagRow.review_id.in_(ids))).all()
            confirmed: list[tuple[int, int, DashboardCell]] = []
            for fid, rid, ftype, _pos, decision in sorted(found, key=lambda x: (order[x[1]], x[3], x[0])):
                decision = decision or PENDING
                verdicts[decision] = verdicts.get(decision, 0) + 1
                if ftype not in types:
                    continue
                unit = unit_of[rid]
                cell = cells.setdefault((unit, ftype), DashboardCell(unit=unit, flag_type=ftype))
                if decision == "dismissed":
                    cell.dismissed += 1
                    continue
                counts[units.index(unit)][types.index(ftype)] += 1
                if decision == "confirmed":
                    cell.confirmed += 1
                    confirmed.append((rid, fid, cell))
                else:
                    cell.open += 1
                    cell.flags.append((rid, fid))
            for rid, fid, cell in confirmed:  # the open flags of a cell first: they are the work left
                cell.flags.append((rid, fid))
            indicators = _indicator_completion(rows)
            summaries = self._summaries(s, rows)
            return Dashboard(batch_id=batch_id, units=units, flag_types=types, counts=counts,
                             indicators=indicators, verdicts=verdicts,
                             open_reviews=[r for r in summaries if r.status == "open"], reviews=len(rows),
                             cells=sorted(cells.values(), key=lambda c: (units.index(c.unit), types.index(c.flag_type))))

    # ------------------------------------------------------------------ record building

    @staticmethod
    def _review_row(s: Session, review_id: int) -> ReviewRow:
        row = s.get(ReviewRow, review_id)
        if row is None:
            raise StoreError(f"审核记录不存在 / no such review: {review_id}")
        return row

    def _summaries(self, s: Session, rows: list[ReviewRow]) -> list[ReviewSummary]:
        if not rows:
            return []
        ids = [r.id for r in rows]
        batches = {b.id: b for b in s.scalars(select(Batch).where(Batch.id.in_({r.batch_id for r in rows})))}
        names = _user_names(s, [r.created_by for r in rows])
        files: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"policy": [], "report": []})
        for rid, role, filename in s.execute(
                select(ReviewDocument.review_id, ReviewDocument.role, ReviewDocument.filename)
                .where(ReviewDocument.review_id.in_(ids)).order_by(ReviewDocument.position)):
            files[rid][role].append(filename)
        decided = dict(s.execute(select(FlagRow.review_id, func.count()).join(Verdict, Verdict.flag_id == FlagRow.id)
                                 .where(FlagRow.review_id.in_(ids)).group_by(FlagRow.review_id)).tuples().all())
        return [ReviewSummary(
            id=r.id, batch_id=r.batch_id, batch_name=batches[r.batch_id].name, unit_name=r.unit_name,
            docset_key=r.docset_key, version=r.version, created=r.created, created_by=names.get(r.created_by),
            profile=r.profile, computed_total=r.computed_total, self_total=r.self_total, rating=r.rating,
            execution_rate=r.execution_rate, budget_score=r.budget_score, flag_count=r.flag_count,
            decided_count=int(decided.get(r.id, 0)), status=r.status,  # type: ignore[arg-type]
            policy_files=files[r.id]["policy"], report_files=files[r.id]["report"],
        ) for r in rows]

    def _flag_records(self, s: Session, review_id: int) -> list[FlagRecord]:
        flags = list(s.scalars(select(FlagRow).where(FlagRow.review_id == review_id).order_by(FlagRow.position)))
        ids = [f.id for f in flags]
        verdicts = {v.flag_id: v for v in s.scalars(select(Verdict).where(Verdict.flag_id.in_(ids)))}
        undone = _undone_versions(s, [i for i in ids if i not in verdicts])
        comments: dict[int, list[Comment]] = defaultdict(list)
        for c in s.scalars(select(Comment).where(Comment.flag_id.in_(ids)).order_by(Comment.id)):
            comments[c.flag_id or 0].append(c)
        explanations = {e.flag_id: e for e in s.scalars(
            select(ExplanationRow).where(ExplanationRow.review_id == review_id).order_by(ExplanationRow.id))}
        names = _user_names(s, [v.user_id for v in verdicts.values()]
                            + [c.user_id for cs in comments.values() for c in cs])
        out = []
        for f in flags:
            v = verdicts.get(f.id)
            ex = explanations.get(f.id)
            out.append(FlagRecord(
                id=f.id, review_id=f.review_id, flag_key=f.flag_key, position=f.position,
                flag=Flag(id=f.flag_uid, type=f.type, indicator=f.indicator,  # type: ignore[arg-type]
                          severity=f.severity, message=f.message,  # type: ignore[arg-type]
                          inputs=f.inputs, evidence=f.evidence, searched=f.searched),
                verdict=_verdict_record(v, names.get(v.user_id)) if v else None,
                undone_version=undone.get(f.id, 0),
                comments=[_comment_record(c, names.get(c.user_id)) for c in comments.get(f.id, [])],
                explanation=Explanation.model_validate(ex.data) if ex else None,
            ))
        return out

    def _review_record(self, s: Session, row: ReviewRow) -> ReviewRecord:
        summary = self._summaries(s, [row])[0]
        batch = s.get(Batch, row.batch_id)
        assert batch is not None
        docs = [ReviewDocumentRecord(sha256=d.sha256, filename=d.filename, role=d.role,  # type: ignore[arg-type]
                                     format=d.document.format, size=d.document.size)
                for d in s.scalars(select(ReviewDocument).where(ReviewDocument.review_id == row.id)
                                   .order_by(ReviewDocument.position))]
        review_comments = list(s.scalars(select(Comment).where(Comment.review_id == row.id, Comment.flag_id.is_(None))
                                         .order_by(Comment.id)))
        names = _user_names(s, [c.user_id for c in review_comments] + [batch.created_by])
        team = _team_names(s, [batch.team_id]).get(batch.team_id, "")
        try:
            review = Review.model_validate(row.review_json)
        except ValueError as e:
            raise StoreError(f"审核记录 {row.id} 的内容无法读取（版本不兼容）/ stored review {row.id} cannot be "
                             f"read by this version: {_short(e)}") from e
        return ReviewRecord(summary=summary, batch=_batch_record(batch, names.get(batch.created_by), team), review=review,
                            documents=docs, flags=self._flag_records(s, row.id),
                            comments=[_comment_record(c, names.get(c.user_id)) for c in review_comments])

    # ------------------------------------------------------------------ history and ranking (domain.md §7.4, §5)
    # thin wrappers: the linking and ranking rules are in store/history.py and store/ranking.py

    def latest_records(self, *, user: UserRef, batch_id: int | None = None,
                       unit_name: str | None = None) -> list[ReviewRecord]:
        """The latest version of each document set the caller may see (of one batch, or of one unit by
        ``history.unit_key``), newest first, with their full reviews and flags."""
        key = history.unit_key(unit_name) if unit_name is not None else None
        if batch_id is not None:
            with self._read() as s:
                self._batch_row(s, self._caller(s, user), batch_id)
        return [self.get_review(r.id, user=user) for r in self.list_reviews(user=user, batch_id=batch_id,
                                                                              latest_only=True)
                if key is None or history.unit_key(r.unit_name) == key]

    def unit_names(self, *, user: UserRef) -> list[str]:
        """The units of the reviews the caller may see, one spelling per normalised name, sorted."""
        with self._read() as s:
            q = select(ReviewRow.unit_name).distinct()
            visible = _visible_reviews(self._caller(s, user))
            if visible is not None:
                q = q.where(visible)
            return history.unit_names(s.scalars(q))

    def unit_overview(self, *, user: UserRef) -> list[unit_merge.UnitOverview]:
        """单位管理: every unit of the workspace's live reviews (one per ``history.unit_key``) with its spellings,
        review and batch counts and teams.  Admins only (``AccessError`` otherwise)."""
        with self._read() as s:
            caller = self._caller(s, user)
            access.require_admin(caller)
            return unit_merge.overview(s, _visible_reviews(caller))

    def merge_units(self, names: Sequence[str], into: str, *, user: UserRef) -> unit_merge.UnitMerge:
        """Merge the units ``names`` into one named ``into`` (cleaned by ``history.clean_unit_name``): the reviews,
        jobs and batches of those units carry that name from now on (``store.unit_merge``), in one transaction with
        its audit entries (old → new names).  Admins only (``AccessError`` otherwise)."""
        with self._write() as s:
            actor = self._admin(s, user)
            result, old_names = unit_merge.merge(s, names, into)
            self._audit(s, actor, "merge", "unit", result.unit_name[:100], {"names": result.merged},
                        {"unit_name": result.unit_name, "reviews": result.reviews, "jobs": result.jobs,
                         "batches": result.batches, "rekeyed": result.rekeyed, "kept_apart": result.kept_apart})
            for review_id, old in old_names.items():
                self._audit(s, actor, "update", "review", review_id, {"unit_name": old},
                            {"unit_name": result.unit_name})
            return result

    def unit_history(self, unit_name: str, *, user: UserRef, project: str | None = None) -> history.UnitHistory:
        """The reviews of ``unit_name`` (that the caller may see) across years, its score trend and each year's
        indicators."""
        return history.unit_history(unit_name, self.latest_records(user=user, unit_name=unit_name), project=project)

    def earlier_review(self, unit_name: str, year: int | None, *, user: UserRef,
                       project: str | None = None) -> ReviewRecord | None:
        """The stored year-end review of the same unit (and project) from the latest year before ``year``, among
        the reviews the caller may see (another team's review is never a baseline of theirs)."""
        return history.earlier_review(self.latest_records(user=user, unit_name=unit_name), unit_name, year,
                                      project=project)

    def batch_ranking(self, batch_id: int | None, *, user: UserRef) -> ranking.Ranking:
        """The units of a batch (or of all batches the caller may see) ranked by computed score and by self −
        computed gap, with their open and confirmed flags."""
        name = self.get_batch(batch_id, user=user).name if batch_id is not None else ""
        return ranking.rank_units(self.latest_records(user=user, batch_id=batch_id), batch_id=batch_id,
                                  batch_name=name)

    def indicator_benchmarks(self, batch_id: int | None = None, *, user: UserRef) -> list[ranking.Benchmark]:
        """The indicators shared by two or more units of a batch (or of the batches the caller may see) with the
        spread of their targets and identical targets."""
        return ranking.indicator_benchmarks(self.latest_records(user=user, batch_id=batch_id))


# ---------------------------------------------------------------------- helpers


def _disconnected(e: SQLAlchemyError) -> bool:
    """The database went away during a statement (server stopped or restarted, network cut)."""
    if not isinstance(e, DBAPIError):
        return False
    if e.connection_invalidated:
        return True
    sqlstate = getattr(e.orig, "sqlstate", None) or ""
    return sqlstate.startswith(("08", "57P"))  # connection exception; server shutting down or starting up


def _violates(e: IntegrityError, constraint: str, sqlite_columns: str) -> bool:
    """Whether ``e`` is a violation of the unique ``constraint`` (PostgreSQL names it; SQLite names its
    columns: ``UNIQUE constraint failed: reviews.batch_id, …``)."""
    name = getattr(getattr(e.orig, "diag", None), "constraint_name", None)
    return name == constraint if name else sqlite_columns in str(e.orig)


def _short(e: BaseException) -> str:
    text = str(getattr(e, "orig", None) or e).strip().splitlines()
    return text[0][:200] if text else type(e).__name__


def _latest(rows: list[ReviewRow]) -> list[ReviewRow]:
    best: dict[tuple[int, str], ReviewRow] = {}
    for r in rows:
        k = (r.batch_id, r.docset_key)
        if k not in best or r.version > best[k].version:
            best[k] = r
    keep = {id(r) for r in best.values()}
    return [r for r in rows if id(r) in keep]


def _user_names(s: Session, ids: Iterable[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {uid: name for uid, name in s.execute(select(User.id, User.name).where(User.id.in_(wanted)))}


def _verdict_comment(comment: str | None) -> str:
    comment = storable_text(comment or "").strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise StoreError(f"审核意见过长（最多 {MAX_COMMENT_CHARS} 字）/ comment too long")
    return comment


def _conflict(s: Session, current: Verdict | None, flag_id: int | None = None) -> ConflictError:
    from docreview.store.records import DECISION_ZH

    if current is None:
        undo = s.scalar(select(AuditLog).where(AuditLog.entity == "verdict", AuditLog.entity_id == str(flag_id),
                                               AuditLog.action == "clear_verdict").order_by(AuditLog.id.desc()).limit(1))
        if flag_id is None or undo is None:
            return ConflictError("审核结论已变化，请刷新后重试 / the verdict changed; reload and retry")
        version = (undo.after or {}).get("version")
        return ConflictError(f"该问题的审核结论已被 {undo.user_name or '?'} 撤销为「待审核」（版本 {version}），请刷新后再提交 / "
                             f"{undo.user_name or '?'} undid this verdict (version {version}) after you opened it; "
                             "reload and decide again")
    who = _user_names(s, [current.user_id]).get(current.user_id, "?")
    return ConflictError(
        f"该问题的审核结论已被 {who} 修改为「{DECISION_ZH.get(current.decision, current.decision)}」"
        f"（版本 {current.version}），请刷新后再提交 / {who} changed this verdict to {current.decision} "
        f"(version {current.version}) after you opened it; reload and decide again")


def _undone_versions(s: Session, flag_ids: Sequence[int]) -> dict[int, int]:
    """Flag id → the version of its latest undo (``clear_verdict``), for flags that have no verdict row now: the
    version the next verdict must name.  The audit entry is the record of the undo (written in its transaction)."""
    if not flag_ids:
        return {}
    found: dict[int, int] = {}
    for entity_id, after in s.execute(
            select(AuditLog.entity_id, AuditLog.after)
            .where(AuditLog.entity == "verdict", AuditLog.action == "clear_verdict",
                   AuditLog.entity_id.in_([str(i) for i in flag_ids]))
            .order_by(AuditLog.id)):
        if isinstance(after, dict) and isinstance(after.get("version"), int):
            found[int(entity_id)] = after["version"]  # the last undo wins
    return found


def _verdict_snapshot(v: Verdict | None, s: Session) -> dict[str, Any] | None:
    if v is None:
        return None
    return {"verdict_id": v.id, "flag_id": v.flag_id, "decision": v.decision, "comment": v.comment,
            "user": _user_names(s, [v.user_id]).get(v.user_id), "version": v.version,
            "carried_from_id": v.carried_from_id}


def _team_role(account_role: str) -> str:
    """The role in a team that an account role gives (an admin made a member of a team leads it)."""
    return "lead" if account_role == "admin" else auth.check_team_role(account_role)


def _batch_record(b: Batch, created_by: str | None, team: str = "") -> BatchRecord:
    return BatchRecord(id=b.id, name=b.name, unit_name=b.unit_name, profile=b.profile, created_by=created_by,
                       created=b.created, team_id=b.team_id, team=team)


def _team_names(s: Session, ids: Iterable[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {tid: name for tid, name in s.execute(select(Team.id, Team.name).where(Team.id.in_(wanted)))}


def _visible_batches(caller: Caller) -> ColumnElement[bool] | None:
    """The batches a caller may see, as a WHERE clause: not deleted (issue 15), and for anyone but an admin, of
    their teams or holding a document set assigned to them (``store.access``)."""
    live = Batch.deleted.is_(None)
    if caller.admin:
        return live
    assigned = exists().where(Assignment.user_id == caller.user_id, Assignment.batch_id == Batch.id)
    return and_(live, or_(Batch.team_id.in_(list(caller.teams)), assigned))


def _visible_reviews(caller: Caller) -> ColumnElement[bool] | None:
    """The reviews a caller may see, as a WHERE clause: not deleted, in a batch not deleted (issue 15), and for
    anyone but an admin, in batches of their teams or of a document set assigned to them."""
    live = and_(ReviewRow.deleted.is_(None), ReviewRow.batch_id.in_(select(Batch.id).where(Batch.deleted.is_(None))))
    if caller.admin:
        return live
    in_team = ReviewRow.batch_id.in_(select(Batch.id).where(Batch.team_id.in_(list(caller.teams))))
    assigned = exists().where(Assignment.user_id == caller.user_id, Assignment.batch_id == ReviewRow.batch_id,
                              Assignment.docset_key == ReviewRow.docset_key)
    return and_(live, or_(in_team, assigned))


def _document_record(d: StoredDocument) -> DocumentRecord:
    return DocumentRecord(sha256=d.sha256, filename=d.filename, size=d.size, format=d.format, created=d.created)


def _verdict_record(v: Verdict, user: str | None) -> VerdictRecord:
    return VerdictRecord(id=v.id, flag_id=v.flag_id, decision=v.decision, comment=v.comment,  # type: ignore[arg-type]
                         user=user, updated=v.updated, version=v.version, carried_from_id=v.carried_from_id)


def _comment_record(c: Comment, user: str | None) -> CommentRecord:
    return CommentRecord(id=c.id, review_id=c.review_id, flag_id=c.flag_id, user=user, text=c.text,
                         created=c.created, carried_from_id=c.carried_from_id)


def _indicator_completion(rows: list[ReviewRow]) -> list[IndicatorCompletion]:
    stats: dict[str, dict[str, Any]] = {}
    for r in rows:
        for res in (r.review_json or {}).get("results", []):
            name = str(res.get("name") or "").strip()
            if not name:
                continue
            st = stats.setdefault(name, {"reviews": 0, "met": 0, "judged": 0, "completion": []})
            st["reviews"] += 1
            status = res.get("status")
            if status in ("met", "missed", "not_reported"):
                st["judged"] += 1
                st["met"] += status == "met"
            if isinstance(res.get("completion"), int | float):
                st["completion"].append(float(res["completion"]))
    out = [IndicatorCompletion(
        name=name, reviews=st["reviews"], met=st["met"], rate=st["met"] / st["judged"] if st["judged"] else 0.0,
        mean_completion=sum(st["completion"]) / len(st["completion"]) if st["completion"] else None)
        for name, st in stats.items()]
    return sorted(out, key=lambda i: (i.rate, i.name))

