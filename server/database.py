"""Engine tuning and transaction modes: SQLite runs in WAL; only writes take the write lock.

SQLite has one write lock per database file. A transaction that begins ``BEGIN IMMEDIATE``
takes it at once and holds it until it ends; one that begins plain ``BEGIN`` (DEFERRED) only
reads a WAL snapshot and neither takes nor waits for it. Rules (SPEC §2):

- **Safe requests read.** A transaction begun while a GET, HEAD or OPTIONS request is being
  handled begins DEFERRED: it sees a consistent snapshot, and writers go on meanwhile.
- **Unsafe requests and explicit write sections write.** A transaction begun while a POST,
  PUT, PATCH or DELETE request is handled, or inside :func:`write_transaction`, begins
  ``BEGIN IMMEDIATE``, so concurrent writers queue on ``busy_timeout`` (30 s) instead of
  failing. Why not DEFERRED everywhere: a deferred transaction that has read and then writes
  must upgrade its snapshot to the write lock, and when another writer committed in between
  SQLite answers SQLITE_BUSY ("database is locked") at once, without waiting on
  ``busy_timeout``. So anything that may write begins IMMEDIATE.
- **Outside a request** (CLI commands, the ZIP job's thread, scripts) transactions begin
  IMMEDIATE unless marked as reads: :func:`read_transaction`, or the connection execution
  option :data:`READ_ONLY`. Batch workers (server.services.reviews.batch) open their own engine and
  read in deferred transactions.
- **A read that must record something** (a GET that writes an AuditEvent: a PDF download, an
  export, HR reading a review) reads and renders in its deferred transaction, ends it, then
  writes in a short :func:`write_transaction`. Nothing slow (WeasyPrint, files, network)
  runs while a write transaction is open, and nothing renders while any transaction is
  open: the review data is built, the transaction ended, then the PDF rendered.
- **A write inside a deferred transaction is a bug.** Under TESTING it raises
  :class:`WriteInReadTransaction`; in production it is logged and left to SQLite (it
  succeeds unless another writer committed meanwhile).

PostgreSQL is unaffected (every transaction READ COMMITTED; readers never block writers);
:func:`write_transaction` there only makes the write its own short transaction.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, scoped_session

log = logging.getLogger(__name__)
_installed = False

#: Execution option for a transaction that only reads: on SQLite it begins DEFERRED, so it
#: neither takes nor waits for the write lock (WAL readers see a consistent snapshot).
READ_ONLY = "sqlite_read_only"
#: HTTP methods whose transactions begin DEFERRED (RFC 9110 safe methods).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: conn.info key: the transaction on this connection began DEFERRED (a read).
_DEFERRED = "sqlite_deferred"
_WRITE_SQL = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)

#: Forced mode for transactions begun in this context: "read", "write" or None (by request).
_mode: ContextVar[str | None] = ContextVar("sqlite_transaction_mode", default=None)


class WriteInReadTransaction(RuntimeError):
    """A statement tried to write inside a deferred (read) SQLite transaction."""


def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own BEGIN is deferred).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _request_is_safe() -> bool:
    from flask import has_request_context, request

    return has_request_context() and request.method in SAFE_METHODS


def begins_deferred(conn: Connection) -> bool:
    """Tell whether a transaction begun now on `conn` is a read (DEFERRED) one."""
    mode = _mode.get()
    if mode is not None:
        return mode == "read"
    if conn.get_execution_options().get(READ_ONLY):
        return True
    return _request_is_safe()


def _strict() -> bool:
    from flask import current_app, has_app_context

    return has_app_context() and bool(current_app.config.get("TESTING"))


def _on_begin(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    deferred = begins_deferred(conn)
    conn.info[_DEFERRED] = deferred
    # IMMEDIATE takes the write lock up front, so concurrent writers queue on
    # busy_timeout instead of failing later with "database is locked".
    conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def _on_end(conn: Connection) -> None:
    conn.info.pop(_DEFERRED, None)


def _before_execute(
    conn: Connection,
    cursor: Any,
    statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    if not conn.info.get(_DEFERRED) or not _WRITE_SQL.match(statement):
        return
    message = (
        "write inside a deferred (read) SQLite transaction; "
        "wrap it in server.database.write_transaction(): " + statement[:120]
    )
    if _strict():
        raise WriteInReadTransaction(message)
    log.error(message)


@contextmanager
def _forced(mode: str) -> Iterator[None]:
    token = _mode.set(mode)
    try:
        yield
    finally:
        _mode.reset(token)


def _plain(session: Session | scoped_session[Session]) -> Session:
    return session() if isinstance(session, scoped_session) else session


@contextmanager
def write_transaction(session: Session | scoped_session[Session]) -> Iterator[Session]:
    """Run the block in its own short write transaction, committed at the end.

    The session's current transaction (a read) is ended first (committed: it holds nothing
    to write); then, on SQLite, ``BEGIN IMMEDIATE`` takes the write lock at once. On an
    exception the write is rolled back and the exception propagates. Keep the block short:
    no rendering, no file or network I/O.
    """
    session = _plain(session)
    if session.in_transaction():
        session.commit()
    with _forced("write"):
        try:
            session.connection()  # begin now: the lock is taken here, not mid-block
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_transaction(session: Session | scoped_session[Session]) -> Iterator[Session]:
    """Read in a deferred transaction (outside a GET request too), ended at the block's end.

    For CLI commands and background code that only read. The transaction is rolled back at
    the end (it holds nothing to keep), so ORM objects loaded in it are expired after it.
    """
    session = _plain(session)
    if session.in_transaction():
        session.commit()
    with _forced("read"):
        try:
            session.connection()
            yield session
        finally:
            session.rollback()


def end_read(session: Session | scoped_session[Session]) -> None:
    """End the session's (read) transaction before slow work such as rendering a PDF.

    Committing a transaction that wrote nothing releases the snapshot; loaded objects are
    expired and reload on next use, in a new transaction.
    """
    session = _plain(session)
    if session.in_transaction():
        session.commit()


def _end_read_after_request(_exc: BaseException | None) -> None:
    """Roll back a deferred transaction the request left open.

    Flask-SQLAlchemy removes the session when the app context ends; when that context
    outlives the request (tests, CLI-driven calls) the snapshot would otherwise stay open.
    """
    from server.extensions import db

    session = db.session()
    if session.in_transaction() and session.connection().info.get(_DEFERRED):
        session.rollback()


def install_request_hooks(app: Flask) -> None:
    """End a request's read transaction when the request ends."""
    app.teardown_request(_end_read_after_request)


def install_sqlite_pragmas() -> None:
    """Install the engine event listeners once per process."""
    global _installed
    if _installed:
        return
    event.listen(Engine, "connect", _on_connect)
    event.listen(Engine, "begin", _on_begin)
    event.listen(Engine, "commit", _on_end)
    event.listen(Engine, "rollback", _on_end)
    event.listen(Engine, "before_cursor_execute", _before_execute)
    _installed = True
