"""Engine tuning: SQLite runs in WAL with IMMEDIATE write transactions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

_installed = False


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


#: Execution option for a transaction that only reads: on SQLite it begins DEFERRED, so it
#: neither takes nor waits for the write lock (WAL readers see a consistent snapshot).
READ_ONLY = "sqlite_read_only"


def _on_begin(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
            return
        # IMMEDIATE takes the write lock up front, so concurrent writers queue on
        # busy_timeout instead of failing later with "database is locked".
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def install_sqlite_pragmas() -> None:
    """Install the engine event listeners once per process."""
    global _installed
    if _installed:
        return
    event.listen(Engine, "connect", _on_connect)
    event.listen(Engine, "begin", _on_begin)
    _installed = True
