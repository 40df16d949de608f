"""The ``Workspace`` service: users, documents, batches, review versions, verdicts, comments, audit log.

Every public write runs in its own transaction and appends its audit entries in that same
transaction, so a write and its audit record are committed together or not at all.  Nothing a
reviewer wrote is ever deleted: a new review version gets new flag rows, verdicts on unchanged
flags are copied forward, and the older version is closed, not removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, defer, sessionmaker

from docreview import auth
from docreview.errors import (
    ConflictError,
    DocReviewError,
    EmptyDocument,
    FileTooLarge,
    StoreError,
    UnsupportedFormat,
)
from docreview.models import FLAG_TYPES, Explanation, Flag, Review
from docreview.settings import Settings
from docreview.store import history, ranking
from docreview.store.files import format_from_name, sanitize_filename
from docreview.store.models import (
    AuditLog,
    Batch,
    Comment,
    ExplanationRow,
    FlagRow,
    ReviewDocument,
    ReviewRow,
    StoredDocument,
    User,
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

UserRef = UserRecord | str | None
"""A user given to a write: a record, a user name, or None for the system (CLI, migrations)."""

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
MAX_COMMENT_CHARS = 5000
UNAVAILABLE = "数据库暂时不可用 / the database is unavailable"
MIGRATION_LOCK = 0x646F6372  # a PostgreSQL advisory-lock key of our own ("docr"), held while migrating
CONNECT_ATTEMPTS = 4
"""Tries to reach the database before a read or write gives up with ``UNAVAILABLE``."""
CONNECT_BACKOFF_S = 0.25
"""The wait after the first failed try, doubled after each (0.25 + 0.5 + 1 s: a restart is waited out, an
outage is reported within two seconds)."""
VERSION_ATTEMPTS = 100
"""Tries to allocate a review version number; each lost try means another saver of the same document set
committed a version first, so this bounds the savers of one document set at one instant."""


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


class Workspace:
    """The reviewer workspace: a database (``settings.database_url``) plus a blob folder.

    Opening a workspace runs the migrations (``migrate()``), so a new folder or an older database is
    brought to the current schema.
    """

    def __init__(self, settings: Settings, *, migrate: bool = True) -> None:
        self.settings = settings
        self.root = Path(settings.workspace)
        self.root.mkdir(parents=True, exist_ok=True)
        self.blobs_dir = self.root / "blobs"
        self.database_url = settings.database_url
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
            with self._connect(self._write_engine) as conn, conn.begin():
                if conn.dialect.name == "postgresql":
                    # processes starting together (queue workers, app servers) would race on creating the
                    # schema; one migrates, the others wait here and then find it at head.  (SQLite
                    # serialises them already: a write transaction begins IMMEDIATE.)
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
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

    # ------------------------------------------------------------------ users

    def add_user(self, name: str, *, role: str = "reviewer", password: str, by: UserRef = None) -> UserRecord:
        """Create an account (bcrypt-hashed password).  Raises ``ConflictError`` when the name exists."""
        name = auth.check_user_name(name)
        auth.check_role(role)
        password_hash = auth.hash_password(password)
        with self._write() as s:
            actor = self._user(s, by)
            if s.scalar(select(User.id).where(User.name == name)) is not None:
                raise ConflictError(f"用户已存在 / the user already exists: {name}")
            row = User(name=name, role=role, password_hash=password_hash, created=utcnow())
            s.add(row)
            s.flush()
            self._audit(s, actor, "create", "user", row.id, None, {"name": name, "role": role})
            return _user_record(row)

    def set_password(self, name: str, password: str, *, by: UserRef = None) -> None:
        """Replace a user's password (the audit entry records that it changed, never the hash)."""
        password_hash = auth.hash_password(password)
        with self._write() as s:
            actor = self._user(s, by)
            row = self._user(s, name)
            assert row is not None
            row.password_hash = password_hash
            self._audit(s, actor, "set_password", "user", row.id, {"password": "…"}, {"password": "changed"})

    def authenticate(self, name: str, password: str) -> UserRecord | None:
        """The user when ``password`` is right, else None (same time for an unknown name)."""
        try:
            name = auth.check_user_name(name)
        except auth.AuthError:
            auth.burn_time(password)
            return None
        with self._read() as s:
            row = s.scalar(select(User).where(User.name == name))
            if row is None:
                auth.burn_time(password)
                return None
            return _user_record(row) if auth.verify_password(password, row.password_hash) else None

    def get_user(self, name: str) -> UserRecord | None:
        with self._read() as s:
            row = s.scalar(select(User).where(User.name == name))
            return _user_record(row) if row else None

    def list_users(self) -> list[UserRecord]:
        with self._read() as s:
            return [_user_record(u) for u in s.scalars(select(User).order_by(User.name))]

    # ------------------------------------------------------------------ documents

    def blob_path(self, sha256: str) -> Path:
        """Where the bytes of a document live: ``blobs/ab/cdef…``."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise StoreError(f"无效的文档哈希 / invalid document hash: {sha256!r}")
        return self.blobs_dir / sha256[:2] / sha256[2:]

    def store_document(self, source: Path | bytes, filename: str | None = None, *,
                       user: UserRef = None) -> str:
        """Store a file's bytes content-addressed and record its metadata; return its sha256.

        ``source`` is a path or the bytes themselves; ``filename`` (required for bytes) is the name
        the user gave it and is sanitised.  Storing the same bytes again is a no-op.  Raises
        ``FileTooLarge``, ``EmptyDocument`` or ``UnsupportedFormat`` (naming the file).
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

    def _write_blob(self, sha: str, data: bytes) -> None:
        path = self.blob_path(sha)
        if path.exists() and path.stat().st_size == len(data):
            return
        tmp = ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
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

    def read_document(self, sha256: str) -> bytes:
        """The stored bytes of a document, checked against their hash."""
        data = self.blob_path(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StoreError(f"文档内容与哈希不符 / stored bytes do not match their hash: {sha256}")
        return data

    def get_document(self, sha256: str) -> DocumentRecord:
        with self._read() as s:
            row = s.get(StoredDocument, sha256)
            if row is None:
                raise StoreError(f"文档不存在 / no such document: {sha256}")
            return _document_record(row)

    # ------------------------------------------------------------------ batches

    def create_batch(self, name: str, *, unit_name: str = "", profile: str = "default",
                     user: UserRef = None) -> BatchRecord:
        """A batch groups the reviews of one upload (one unit, one scoring profile)."""
        name = storable_text(name).strip()
        if not name:
            raise StoreError("批次名称不能为空 / the batch needs a name")
        with self._write() as s:
            actor = self._user(s, user)
            row = Batch(name=name[:200], unit_name=storable_text(unit_name).strip()[:200], profile=profile,
                        created_by=actor.id if actor else None, created=utcnow())
            s.add(row)
            s.flush()
            self._audit(s, actor, "create", "batch", row.id, None,
                        {"name": row.name, "unit_name": row.unit_name, "profile": profile})
            return _batch_record(row, actor.name if actor else None)

    def list_batches(self) -> list[BatchRecord]:
        with self._read() as s:
            rows = s.scalars(select(Batch).order_by(Batch.created.desc(), Batch.id.desc())).all()
            names = _user_names(s, [b.created_by for b in rows])
            return [_batch_record(b, names.get(b.created_by)) for b in rows]

    def get_batch(self, batch_id: int) -> BatchRecord:
        with self._read() as s:
            row = s.get(Batch, batch_id)
            if row is None:
                raise StoreError(f"批次不存在 / no such batch: {batch_id}")
            return _batch_record(row, _user_names(s, [row.created_by]).get(row.created_by))

    # ------------------------------------------------------------------ reviews

    def save_review(self, batch_id: int, review: Review,
                    documents: Sequence[tuple[str, str] | tuple[str, str, str]] | Mapping[str, str], *,
                    user: UserRef = None, unit_name: str | None = None) -> ReviewRecord:
        """Save ``review`` as the next version for its document set and return it.

        ``documents`` lists ``(sha256, role)`` or ``(sha256, role, filename)`` entries (role ``policy`` or
        ``report``) of files already stored with ``store_document``; ``filename`` is the (sanitised) name
        the file had in this review, by default the name it was first stored under.  The same batch with
        the same set of hashes makes a new
        version; verdicts and comments on flags whose ``flag_key`` is unchanged are carried over from
        the most recent earlier version that has them (each copy is audited), and earlier open
        versions are closed.  All of it is one transaction.
        """
        entries = list(documents.items()) if isinstance(documents, Mapping) else list(documents)
        if not entries:
            raise StoreError("审核结果必须关联文档 / a review needs its documents")
        names = {(e[0], e[1]): sanitize_filename(e[2]) for e in entries if len(e) > 2 and e[2]}
        pairs = [(e[0], e[1]) for e in entries]
        for _sha, role in pairs:
            if role not in ("policy", "report"):
                raise StoreError(f"文档角色必须是 policy 或 report / document role must be policy or report: {role!r}")
        key = docset_key(sha for sha, _ in pairs)
        review_json = storable(review.model_dump(mode="json"))
        if review_json != review.model_dump(mode="json"):  # text the databases refuse: keep what is stored
            review = Review.model_validate(review_json)
        with self._write() as s:
            actor = self._user(s, user)
            batch = s.get(Batch, batch_id)
            if batch is None:
                raise StoreError(f"批次不存在 / no such batch: {batch_id}")
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
        comments: dict[int, list[Comment]] = defaultdict(list)
        for c in s.scalars(select(Comment).where(Comment.flag_id.in_(old_ids)).order_by(Comment.id)):
            comments[c.flag_id or 0].append(c)
        verdict_done: set[str] = set()
        comments_done: set[str] = set()
        for old in old_flags:  # newest version first: the most recent verdict wins
            new = by_key[old.flag_key]
            v = verdicts.get(old.id)
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
        """Open or close a review version."""
        if status not in ("open", "closed"):
            raise StoreError(f"状态必须是 open 或 closed / status must be open or closed: {status!r}")
        with self._write() as s:
            actor = self._user(s, user)
            row = self._review_row(s, review_id)
            if row.status != status:
                before = row.status
                row.status = status
                self._audit(s, actor, "set_status", "review", row.id, {"status": before}, {"status": status})
            s.flush()
            return self._summaries(s, [row])[0]

    def list_reviews(self, *, batch_id: int | None = None, status: str | None = None,
                     latest_only: bool = False) -> list[ReviewSummary]:
        """Review versions, newest first; ``latest_only`` keeps the newest version of each document set."""
        with self._read() as s:
            q = select(ReviewRow).options(defer(ReviewRow.review_json))
            if batch_id is not None:
                q = q.where(ReviewRow.batch_id == batch_id)
            if status is not None:
                q = q.where(ReviewRow.status == status)
            rows = list(s.scalars(q.order_by(ReviewRow.created.desc(), ReviewRow.id.desc())))
            if latest_only:
                rows = _latest(rows)
            return self._summaries(s, rows)

    def get_review(self, review_id: int) -> ReviewRecord:
        """A stored review with its documents, flags, verdicts, comments and explanations."""
        with self._read() as s:
            return self._review_record(s, self._review_row(s, review_id))

    def flags_for_review(self, review_id: int, *, types: Iterable[str] | None = None,
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
            self._review_row(s, review_id)
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

    def versions(self, review_id: int) -> list[ReviewSummary]:
        """All versions of the document set of ``review_id``, oldest first."""
        with self._read() as s:
            row = self._review_row(s, review_id)
            rows = s.scalars(select(ReviewRow).options(defer(ReviewRow.review_json))
                             .where(ReviewRow.batch_id == row.batch_id, ReviewRow.docset_key == row.docset_key)
                             .order_by(ReviewRow.version)).all()
            return self._summaries(s, list(rows))

    # ------------------------------------------------------------------ verdicts and comments

    def set_verdict(self, flag_id: int, decision: str, comment: str = "", *, user: UserRef,
                    expected_version: int) -> VerdictRecord:
        """Record a reviewer's decision (确认/驳回/需补充材料 or confirmed/dismissed/needs_info) on a flag.

        ``expected_version`` is the verdict version the reviewer saw (``FlagRecord.verdict_version``;
        0 when there was none).  When someone else changed the verdict since, nothing is written and
        ``ConflictError`` says who changed it to what.
        """
        code = decision_from(decision)
        comment = storable_text(comment or "").strip()
        if len(comment) > MAX_COMMENT_CHARS:
            raise StoreError(f"审核意见过长（最多 {MAX_COMMENT_CHARS} 字）/ comment too long")
        with self._write() as s:
            actor = self._user(s, user)
            if actor is None:
                raise StoreError("审核结论需要审核人 / a verdict needs a user")
            flag = s.get(FlagRow, flag_id)
            if flag is None:
                raise StoreError(f"问题不存在 / no such flag: {flag_id}")
            current = s.scalar(select(Verdict).where(Verdict.flag_id == flag_id))
            current_version = current.version if current else 0
            if current_version != expected_version:
                raise _conflict(s, current)
            before = _verdict_snapshot(current, s) if current else None
            now = utcnow()
            if current is None:
                # the first verdict: a reviewer who set it at the same instant has inserted it first (the
                # unique flag_id makes this insert wait for them) and gets the same answer as a later one
                if not self._insert_new(s, Verdict.__table__, {
                        "flag_id": flag_id, "decision": code, "comment": comment, "user_id": actor.id,
                        "updated": now, "version": 1, "carried_from_id": None}, "flag_id"):
                    raise _conflict(s, s.scalar(select(Verdict).where(Verdict.flag_id == flag_id)))
                v = s.scalar(select(Verdict).where(Verdict.flag_id == flag_id))  # type: ignore[assignment]
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
                v = s.get(Verdict, current.id)  # type: ignore[assignment]
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
            actor = self._user(s, user)
            if actor is None:
                raise StoreError("评论需要用户 / a comment needs a user")
            self._review_row(s, review_id)
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

    def audit_for(self, entity: str | None = None, entity_id: object = None, *, user: str | None = None,
                  action: str | None = None, limit: int | None = None) -> list[AuditEntry]:
        """Audit entries, oldest first, filtered by entity (``user``, ``document``, ``batch``, ``review``,
        ``verdict`` (keyed by flag id), ``comment``), entity id, user name and action."""
        with self._read() as s:
            q = select(AuditLog)
            if entity is not None:
                q = q.where(AuditLog.entity == entity)
            if entity_id is not None:
                q = q.where(AuditLog.entity_id == str(entity_id))
            if user is not None:
                q = q.where(AuditLog.user_name == user)
            if action is not None:
                q = q.where(AuditLog.action == action)
            q = q.order_by(AuditLog.id)
            if limit is not None:
                q = q.limit(limit)
            return [AuditEntry(id=a.id, at=a.at, user=a.user_name, action=a.action, entity=a.entity,
                               entity_id=a.entity_id, before=a.before, after=a.after) for a in s.scalars(q)]

    def audit_for_flag(self, flag_id: int) -> list[AuditEntry]:
        """The verdict history and comments of one flag, oldest first."""
        with self._read() as s:
            comment_ids = [str(i) for i in s.scalars(select(Comment.id).where(Comment.flag_id == flag_id))]
            q = select(AuditLog).where(
                ((AuditLog.entity == "verdict") & (AuditLog.entity_id == str(flag_id)))
                | ((AuditLog.entity == "comment") & (AuditLog.entity_id.in_(comment_ids)))
            ).order_by(AuditLog.id)
            return [AuditEntry(id=a.id, at=a.at, user=a.user_name, action=a.action, entity=a.entity,
                               entity_id=a.entity_id, before=a.before, after=a.after) for a in s.scalars(q)]

    def dashboard(self, batch_id: int | None = None) -> Dashboard:
        """Counts for the dashboard over the latest version of each document set (of one batch, or all)."""
        with self._read() as s:
            # the review bodies are loaded only for the latest versions (for indicator results)
            q = select(ReviewRow).options(defer(ReviewRow.review_json))
            if batch_id is not None:
                q = q.where(ReviewRow.batch_id == batch_id)
            rows = _latest(list(s.scalars(q.order_by(ReviewRow.created.desc(), ReviewRow.id.desc()))))
            ids = [r.id for r in rows]
            unit_of = {r.id: (r.unit_name or "（未填写单位）") for r in rows}
            units = sorted(set(unit_of.values()))
            types = list(FLAG_TYPES)
            counts = [[0] * len(types) for _ in units]
            flag_ids: list[int] = []
            for fid, rid, ftype in s.execute(select(FlagRow.id, FlagRow.review_id, FlagRow.type)
                                             .where(FlagRow.review_id.in_(ids))):
                flag_ids.append(fid)
                if ftype in types:
                    counts[units.index(unit_of[rid])][types.index(ftype)] += 1
            verdicts = {d: 0 for d in DECISIONS}
            decided = 0
            for decision, n in s.execute(select(Verdict.decision, func.count()).where(Verdict.flag_id.in_(flag_ids))
                                         .group_by(Verdict.decision)):
                verdicts[decision] = int(n)
                decided += int(n)
            verdicts[PENDING] = len(flag_ids) - decided
            indicators = _indicator_completion(rows)
            summaries = self._summaries(s, rows)
            return Dashboard(batch_id=batch_id, units=units, flag_types=types, counts=counts,
                             indicators=indicators, verdicts=verdicts,
                             open_reviews=[r for r in summaries if r.status == "open"], reviews=len(rows))

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
        try:
            review = Review.model_validate(row.review_json)
        except ValueError as e:
            raise StoreError(f"审核记录 {row.id} 的内容无法读取（版本不兼容）/ stored review {row.id} cannot be "
                             f"read by this version: {_short(e)}") from e
        return ReviewRecord(summary=summary, batch=_batch_record(batch, names.get(batch.created_by)), review=review,
                            documents=docs, flags=self._flag_records(s, row.id),
                            comments=[_comment_record(c, names.get(c.user_id)) for c in review_comments])

    # ------------------------------------------------------------------ history and ranking (domain.md §7.4, §5)
    # thin wrappers: the linking and ranking rules are in store/history.py and store/ranking.py

    def latest_records(self, *, batch_id: int | None = None, unit_name: str | None = None) -> list[ReviewRecord]:
        """The latest version of each document set (of one batch, or of one unit by ``history.unit_key``),
        newest first, with their full reviews and flags."""
        key = history.unit_key(unit_name) if unit_name is not None else None
        return [self.get_review(r.id) for r in self.list_reviews(batch_id=batch_id, latest_only=True)
                if key is None or history.unit_key(r.unit_name) == key]

    def unit_names(self) -> list[str]:
        """The units of the stored reviews, one spelling per normalised name, sorted."""
        with self._read() as s:
            return history.unit_names(s.scalars(select(ReviewRow.unit_name).distinct()))

    def unit_history(self, unit_name: str, *, project: str | None = None) -> history.UnitHistory:
        """The reviews of ``unit_name`` across years, its score trend and each year's indicators."""
        return history.unit_history(unit_name, self.latest_records(unit_name=unit_name), project=project)

    def earlier_review(self, unit_name: str, year: int | None, *, project: str | None = None) -> ReviewRecord | None:
        """The stored year-end review of the same unit (and project) from the latest year before ``year``."""
        return history.earlier_review(self.latest_records(unit_name=unit_name), unit_name, year, project=project)

    def batch_ranking(self, batch_id: int | None) -> ranking.Ranking:
        """The units of a batch (or of all batches) ranked by computed score and by self − computed gap, with
        their open and confirmed flags."""
        name = self.get_batch(batch_id).name if batch_id is not None else ""
        return ranking.rank_units(self.latest_records(batch_id=batch_id), batch_id=batch_id, batch_name=name)

    def indicator_benchmarks(self, batch_id: int | None = None) -> list[ranking.Benchmark]:
        """The indicators shared by two or more units of a batch (or of the workspace) with the spread of their
        targets and identical targets."""
        return ranking.indicator_benchmarks(self.latest_records(batch_id=batch_id))


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


def _conflict(s: Session, current: Verdict | None) -> ConflictError:
    if current is None:
        return ConflictError("审核结论已变化，请刷新后重试 / the verdict changed; reload and retry")
    who = _user_names(s, [current.user_id]).get(current.user_id, "?")
    from docreview.store.records import DECISION_ZH

    return ConflictError(
        f"该问题的审核结论已被 {who} 修改为「{DECISION_ZH.get(current.decision, current.decision)}」"
        f"（版本 {current.version}），请刷新后再提交 / {who} changed this verdict to {current.decision} "
        f"(version {current.version}) after you opened it; reload and decide again")


def _verdict_snapshot(v: Verdict | None, s: Session) -> dict[str, Any] | None:
    if v is None:
        return None
    return {"verdict_id": v.id, "flag_id": v.flag_id, "decision": v.decision, "comment": v.comment,
            "user": _user_names(s, [v.user_id]).get(v.user_id), "version": v.version,
            "carried_from_id": v.carried_from_id}


def _user_record(u: User) -> UserRecord:
    return UserRecord(id=u.id, name=u.name, role=u.role, created=u.created)  # type: ignore[arg-type]


def _batch_record(b: Batch, created_by: str | None) -> BatchRecord:
    return BatchRecord(id=b.id, name=b.name, unit_name=b.unit_name, profile=b.profile, created_by=created_by,
                       created=b.created)


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

