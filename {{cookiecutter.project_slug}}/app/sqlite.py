"""SQLite as the database of an app that several processes serve at once.

SQLite ignores ``SELECT ... FOR UPDATE``, and a transaction that has read and then
tries to write while another connection holds the write lock fails at once with
"database is locked" instead of waiting its turn. So a request that may write
(POST, PUT, PATCH, DELETE, and every command run outside a request) takes the
write lock at its first statement, ``BEGIN IMMEDIATE``: its reads, checks and
writes happen as one step, and concurrent writers queue for up to the driver's
busy timeout (5 seconds). GET, HEAD and OPTIONS requests begin a plain transaction
and read side by side, so they must not write.
"""

from __future__ import annotations

import sqlite3

from flask import has_request_context, request
from sqlalchemy import Connection, Engine, event

from app.middleware import READ_ONLY_METHODS


def configure(engine: Engine) -> None:
    """Install the connection and transaction settings above on a SQLite ``engine``."""
    event.listen(engine, "connect", set_up_connection)
    event.listen(engine, "begin", begin_transaction)


def set_up_connection(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # The driver would BEGIN on its own, deferred; begin_transaction does it instead.
    dbapi_connection.isolation_level = None
    # SQLite ignores foreign keys unless each connection asks for them.
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def begin_transaction(connection: Connection) -> None:
    reads_only = has_request_context() and request.method in READ_ONLY_METHODS
    connection.exec_driver_sql("BEGIN" if reads_only else "BEGIN IMMEDIATE")
